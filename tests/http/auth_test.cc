// Token authentication as HTTP clients see it: who gets in, what a read token may do, the
// exact header forms KiCad sends, revocation beside a running server, and error bodies that
// are always JSON.

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "server/http/http_util.h"
#include "server/http/kicad_routes.h"
#include "tests/http/sample_library.h"
#include "tests/http/test_server.h"
#include "tests/support/route_paths.h"

namespace kibridge::testing {
namespace {


std::string bearer(const std::string& header_value) {
  httplib::Request req;
  req.headers.emplace("Authorization", header_value);
  return http::bearer_token(req);
}

// Polls `request` until it answers `status` or a few seconds pass; returns the last status.
template <typename Fn>
int poll_status(Fn&& request, int status) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(4);
  int last = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    auto res = request();
    last = res ? res->status : -1;
    if (last == status) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return last;
}

TEST(HttpBearerToken, ParsesKicadAndRestClientForms) {
  EXPECT_EQ(bearer("Token abc123"), "abc123");
  EXPECT_EQ(bearer("Token   abc123  "), "abc123");
  EXPECT_EQ(bearer("Token\tabc123"), "abc123");
  EXPECT_EQ(bearer(" Token abc123"), "abc123");  // what is left of KiCad's "Authorization:Token abc123"
  EXPECT_EQ(bearer("token abc123"), "abc123");
}

TEST(HttpBearerToken, RejectsEmptyAndForeignForms) {
  EXPECT_EQ(bearer("Token "), "");  // KiCad with an empty token in its .kicad_httplib
  EXPECT_EQ(bearer("Token"), "");
  EXPECT_EQ(bearer("Tokenabc123"), "");
  EXPECT_EQ(bearer("Bearer abc123"), "");
  EXPECT_EQ(bearer("Basic YWRtaW46YWRtaW4="), "");
  EXPECT_EQ(bearer(""), "");
  httplib::Request none;
  EXPECT_EQ(http::bearer_token(none), "");
}

TEST(HttpAuth, MissingHeaderIs401JsonWithTokenChallenge) {
  TestServer server;
  sample::seed(server.store());
  auto client = server.anonymous();
  for (const std::string& path : {kKicad + "/", kKicad + "/categories.json", kKicad + "/parts/category/2.json",
                                 kKicad + "/parts/101.json", kCategoryApi, std::string("/api/settings/"),
                                 std::string("/no/such/path")}) {
    SCOPED_TRACE(path);
    auto res = client.Get(path);
    EXPECT_TRUE(is_json_error(res, 401));
    if (res) {
      EXPECT_EQ(res->get_header_value("WWW-Authenticate"), "Token");
    }
  }
}

TEST(HttpAuth, WrongTokenOrSchemeIs401Json) {
  TestServer server;
  auto wrong = server.client("kib_0000000000000000000000000000000000000000");
  auto res = wrong.Get(kKicad + "/categories.json");
  EXPECT_TRUE(is_json_error(res, 401));
  EXPECT_EQ(res->get_header_value("WWW-Authenticate"), "Token");

  // A valid token under another scheme is not accepted.
  httplib::Client bearer_client("127.0.0.1", server.port());
  bearer_client.set_default_headers({{"Authorization", "Bearer " + server.admin_token()}});
  EXPECT_TRUE(is_json_error(bearer_client.Get(kKicad + "/categories.json"), 401));
}

TEST(HttpAuth, AcceptsKicadHeaderWithoutSpaceAfterColon) {
  TestServer server;
  sample::seed(server.store());
  const auto raw = parse_raw_response(server.raw_exchange(
      "GET " + kKicad + "/categories.json HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept:application/json\r\n"
      "Authorization:Token " + server.read_token() + "\r\nConnection: close\r\n\r\n"));
  EXPECT_EQ(raw.status, 200) << raw.head;
  const auto body = json_of(raw.body);
  ASSERT_TRUE(body.is_array()) << raw.body;
  EXPECT_EQ(body.size(), 2u);
}

TEST(HttpAuth, KicadEmptyTokenIs401Json) {
  TestServer server;
  for (const std::string header : {"Authorization:Token \r\n", "Authorization:Token\r\n", "Authorization:\r\n"}) {
    SCOPED_TRACE(header);
    const auto raw = parse_raw_response(
        server.raw_exchange("GET " + kKicad + "/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept:application/json\r\n" + header +
                            "Connection: close\r\n\r\n"));
    EXPECT_EQ(raw.status, 401) << raw.head;
    EXPECT_NE(raw.head.find("Content-Type: application/json"), std::string::npos) << raw.head;
    EXPECT_NE(raw.head.find("WWW-Authenticate: Token"), std::string::npos) << raw.head;
    EXPECT_TRUE(json_of(raw.body).contains("detail")) << raw.body;
  }
}

TEST(HttpAuth, ReadTokenCannotWriteAndNothingChanges) {
  TestServer server;
  const auto ids = sample::seed(server.store());
  const auto before = sample::config_state(server.store());
  auto reader = server.reader();
  const std::string category = kCategoryApi + std::to_string(ids.resistors) + "/";
  const std::string body = R"({"category": 4, "default_symbol": "Device:X"})";

  EXPECT_TRUE(is_json_error(reader.Post(kCategoryApi, body, "application/json"), 403));
  EXPECT_TRUE(is_json_error(reader.Put(category, body, "application/json"), 403));
  EXPECT_TRUE(is_json_error(reader.Patch(category, R"({"default_symbol": "Device:X"})", "application/json"), 403));
  EXPECT_TRUE(is_json_error(reader.Delete(category), 403));
  EXPECT_TRUE(is_json_error(reader.Patch("/api/settings/", R"({"KICAD_INCLUDE_IPN": "include_visible"})",
                                         "application/json"),
                            403));
  EXPECT_TRUE(is_json_error(reader.Delete("/api/settings/INVENTREE_URL/"), 403));
  EXPECT_TRUE(is_json_error(reader.Delete("/api/footprint-mappings/" + std::to_string(ids.resistor_mapping) + "/"), 403));
  EXPECT_EQ(sample::config_state(server.store()), before);
}

TEST(HttpAuth, ReadTokenReadsEverything) {
  TestServer server;
  const auto ids = sample::seed(server.store());
  auto reader = server.reader();
  for (const std::string& path : {kKicad + "/", kKicad + "/categories.json", kKicad + "/parts/category/2.json",
                                 kKicad + "/parts/101.json", kCategoryApi, kCategoryApi + std::to_string(ids.resistors) + "/",
                                 std::string("/api/settings/"), std::string("/api/footprint-mappings/")}) {
    SCOPED_TRACE(path);
    auto res = reader.Get(path);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << res->body;
  }
}

TEST(HttpAuth, AdminTokenWrites) {
  TestServer server;
  const auto ids = sample::seed(server.store());
  auto admin = server.admin();
  auto created = admin.Post(kCategoryApi, R"({"category": 4, "default_symbol": "Mechanical:Screw"})", "application/json");
  ASSERT_TRUE(created);
  EXPECT_EQ(created->status, 201) << created->body;
  auto patched = admin.Patch("/api/settings/", R"({"KICAD_INCLUDE_IPN": "include_visible"})", "application/json");
  ASSERT_TRUE(patched);
  EXPECT_EQ(patched->status, 200) << patched->body;
  auto deleted = admin.Delete("/api/footprint-mappings/" + std::to_string(ids.resistor_mapping) + "/");
  ASSERT_TRUE(deleted);
  EXPECT_EQ(deleted->status, 204) << deleted->body;

  EXPECT_EQ(server.store().configuration().kicad_categories().size(), 3u);
  EXPECT_EQ(server.store().configuration().settings().at("KICAD_INCLUDE_IPN"), "include_visible");
  EXPECT_TRUE(server.store().configuration().footprint_mappings().empty());
}

TEST(HttpAuth, HealthNeedsNoToken) {
  TestServer server;
  auto res = server.anonymous().Get("/api/health");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(json_of(res->body).value("status", ""), "ok") << res->body;
}

TEST(HttpAuth, TokenCreatedBesideRunningServerIsAccepted) {
  TestServer server;
  // As `kibridge token create` does from another process: straight into the store.
  const std::string token = auth::create_token(server.store(), "laptop", auth::Scope::kRead);
  auto client = server.client(token);
  EXPECT_EQ(poll_status([&] { return client.Get(kKicad + "/"); }, 200), 200);
}

TEST(HttpAuth, RevokedTokenStopsWorkingWithoutRestart) {
  TestServer server;
  const std::string token = auth::create_token(server.store(), "laptop", auth::Scope::kRead);
  server.auth().reload();
  auto client = server.client(token);
  auto get = [&] { return client.Get(kKicad + "/"); };
  auto accepted = get();
  ASSERT_TRUE(accepted);
  ASSERT_EQ(accepted->status, 200);

  server.store().tokens().delete_api_token("laptop");
  EXPECT_EQ(poll_status(get, 401), 401);
  EXPECT_TRUE(is_json_error(get(), 401));
  // The other tokens are unaffected.
  auto other = server.reader().Get(kKicad + "/");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 200);
}

TEST(HttpAuth, EveryErrorBodyIsJson) {
  TestServer server;
  const auto ids = sample::seed(server.store());
  auto admin = server.admin();
  auto reader = server.reader();
  struct Case {
    std::string what;
    httplib::Result res;
    int status;
  };
  std::vector<Case> cases;
  cases.push_back({"unknown path", admin.Get("/no/such/path"), 404});
  cases.push_back({"unknown KiCad path", admin.Get(kKicad + "/nothing/here"), 404});
  cases.push_back({"unknown part", admin.Get(kKicad + "/parts/999999.json"), 404});
  cases.push_back({"non-numeric category pk", admin.Get(kCategoryApi + "abc/"), 404});
  cases.push_back({"unknown category pk", admin.Get(kCategoryApi + "999/"), 404});
  cases.push_back({"unknown setting", admin.Get("/api/settings/NO_SUCH_SETTING/"), 404});
  cases.push_back({"method without route", admin.Delete("/api/settings/"), 404});
  cases.push_back({"POST without route", admin.Post("/api/health", "{}", "application/json"), 404});
  cases.push_back({"malformed JSON", admin.Patch("/api/settings/", "{nope", "application/json"), 400});
  cases.push_back({"validation", admin.Patch("/api/settings/", R"({"NO_SUCH": 1})", "application/json"), 400});
  cases.push_back({"read token writing",
                   reader.Delete("/api/footprint-mappings/" + std::to_string(ids.resistor_mapping) + "/"), 403});
  cases.push_back({"no token", server.anonymous().Get("/api/settings/"), 401});
  cases.push_back({"URI too long", admin.Get("/" + std::string(10000, 'x')), 414});
  {
    httplib::Headers bad_range{{"Range", "bytes=z-"}};
    cases.push_back({"bad Range header", admin.Get("/api/settings/", bad_range), 416});
  }
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    EXPECT_TRUE(is_json_error(c.res, c.status));
    if (c.res) {
      EXPECT_EQ(c.res->body.find("<html"), std::string::npos);
    }
  }

  // A request httplib cannot even parse.
  const auto raw = parse_raw_response(server.raw_exchange("NONSENSE\r\n\r\n"));
  EXPECT_EQ(raw.status, 400) << raw.head;
  EXPECT_NE(raw.head.find("Content-Type: application/json"), std::string::npos) << raw.head;
  EXPECT_TRUE(json_of(raw.body).contains("detail")) << raw.body;
}

// A write refused before its body was read must not leave the body in the connection: a
// keep-alive client (Python requests.Session, a browser) would get its next request answered
// with garbage.
TEST(HttpAuth, RefusedWriteKeepsKeepAliveConnectionUsable) {
  TestServer server;
  sample::seed(server.store());
  for (const bool with_token : {true, false}) {
    SCOPED_TRACE(with_token ? "read token (403)" : "no token (401)");
    auto client = with_token ? server.reader() : server.anonymous();
    client.set_keep_alive(true);
    const std::string big = R"({"default_symbol": ")" + std::string(20000, 'x') + R"("})";
    auto refused = client.Post("/api/settings/", big, "application/json");
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, with_token ? 403 : 401);
    auto next = client.Get("/api/health");
    ASSERT_TRUE(next) << httplib::to_string(next.error());
    // The 401/403 is sent without reading the body; unless the server closes that
    // connection, the unread body is parsed as the next request (answered 414 or 400).
    EXPECT_EQ(next->status, 200) << next->body;
  }
}

}  // namespace
}  // namespace kibridge::testing
