// The import routes over real HTTP: the plugin's multipart upload, /api/imports, history,
// dry runs, and every refusal (nothing recorded or queued then).
#include <gtest/gtest.h>

#include <string>

#include "server/http/kicad_routes.h"
#include "tests/http/test_server.h"
#include "tests/http/writeback_sample.h"
#include "tests/support/route_paths.h"

namespace kibridge::testing {
namespace {


httplib::UploadFormDataItems file_field(const std::string& xml, const std::string& name = "file") {
  return {{name, xml, "board.xml", "application/xml"}};
}

class ImportApiTest : public ::testing::Test {
 protected:
  explicit ImportApiTest(http::HttpServerOptions options = TestServer::small_options()) : server_(options) {
    sample::seed_writeback(server_.store());
  }

  // The footprint KiCad is served for part 301.
  std::string served_footprint() {
    auto res = server_.reader().Get(std::string(http::kKicadApiPrefix) + "/parts/301.json");
    if (!res || res->status != 200) return "<no answer>";
    return json_of(res->body)["fields"]["footprint"]["value"].get<std::string>();
  }

  // Nothing was recorded or queued and the mirror is as seeded.
  void expect_nothing_stored(const sample::ConfigState& before) {
    EXPECT_TRUE(server_.store().writeback().imports(10).empty());
    EXPECT_TRUE(server_.store().writeback().outbox_entries().empty());
    EXPECT_EQ(sample::config_state(server_.store()), before);
  }

  TestServer server_;
};

TEST_F(ImportApiTest, MultipartUploadAppliesQueuesAndKicadSeesTheFootprintAtOnce) {
  EXPECT_EQ(served_footprint(), "");  // also fills the response cache
  auto res = server_.admin().Post(kUpload, file_field(sample::hole_netlist()));
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 201) << res->body;
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/json");
  const auto body = json_of(res->body);
  EXPECT_EQ(body["summary"]["components"], 2);
  EXPECT_EQ(body["summary"]["matched"], 1);
  EXPECT_EQ(body["summary"]["unmatched"], 1);
  EXPECT_EQ(body["summary"]["changes"], 3);
  const auto& import = body["import"];
  EXPECT_EQ(import["actor"], "admin");
  EXPECT_EQ(import["file_name"], "board.xml");
  EXPECT_EQ(import["dry_run"], false);
  EXPECT_EQ(import["queued"], 3);
  ASSERT_EQ(import["outbox_ids"].size(), 3u);
  EXPECT_EQ(res->get_header_value("Location"), "/api/imports/" + std::to_string(import["id"].get<int64_t>()));

  EXPECT_EQ(served_footprint(), sample::kHoleFootprint);
  const auto entries = server_.store().writeback().outbox_entries();
  ASSERT_EQ(entries.size(), 3u);
  for (const auto& e : entries) {
    EXPECT_EQ(e.state, storage::OutboxState::kPending);
    EXPECT_EQ(e.change.part_id, sample::kScrew);
    EXPECT_EQ(e.import_id, import["id"].get<int64_t>());
  }
}

TEST_F(ImportApiTest, DryRunRecordsHistoryButQueuesAndChangesNothing) {
  const auto before = sample::config_state(server_.store());
  EXPECT_EQ(served_footprint(), "");
  for (const char* flag : {"1", "true", "yes"}) {
    SCOPED_TRACE(flag);
    auto res = server_.admin().Post(kUpload + "?dry_run=" + flag, file_field(sample::hole_netlist()));
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    const auto body = json_of(res->body);
    EXPECT_EQ(body["import"]["dry_run"], true);
    EXPECT_EQ(body["import"]["queued"], 0);
    EXPECT_TRUE(body["import"]["outbox_ids"].empty());
    EXPECT_EQ(body["summary"]["changes"], 3);  // the plan is still reported
  }
  EXPECT_TRUE(server_.store().writeback().outbox_entries().empty());
  EXPECT_EQ(served_footprint(), "");
  EXPECT_EQ(sample::config_state(server_.store()), before);
  EXPECT_EQ(server_.store().writeback().imports(10).size(), 3u);
}

TEST_F(ImportApiTest, UploadJsonAliasTakesARawXmlBody) {
  auto res = server_.admin().Post(kUpload + ".json", sample::hole_netlist(), "application/xml");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 201) << res->body;
  res = server_.admin().Post(kUpload, sample::hole_netlist(), "text/xml; charset=utf-8");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 201) << res->body;
  EXPECT_EQ(server_.store().writeback().imports(10).size(), 2u);
}

TEST_F(ImportApiTest, ApiImportsTakesTheBodyWithFileNameAndShowsTheImport) {
  auto res = server_.admin().Post("/api/imports?file_name=main%20board.xml", sample::hole_netlist(),
                                  "application/x-www-form-urlencoded");  // what curl --data-binary sends
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 201) << res->body;
  const int64_t id = json_of(res->body)["import"]["id"];

  auto one = server_.reader().Get("/api/imports/" + std::to_string(id));
  ASSERT_TRUE(one);
  ASSERT_EQ(one->status, 200) << one->body;
  const auto record = json_of(one->body);
  EXPECT_EQ(record["id"], id);
  EXPECT_EQ(record["file_name"], "main board.xml");
  EXPECT_EQ(record["actor"], "admin");
  EXPECT_EQ(record["design_source"], "/home/u/board/board.kicad_sch");
  EXPECT_EQ(record["sha256"].get<std::string>().size(), 64u);
  EXPECT_EQ(record["summary"]["changes"], 3);
  ASSERT_EQ(record["outbox"].size(), 3u);
  EXPECT_EQ(record["outbox"][0]["import_id"], id);
  EXPECT_EQ(record["outbox"][0]["state"], "pending");

  EXPECT_TRUE(is_json_error(server_.reader().Get("/api/imports/999"), 404));
}

TEST_F(ImportApiTest, FormatTextAnswersTheReadableReport) {
  auto res = server_.admin().Post(kUpload + "?format=text", file_field(sample::hole_netlist()));
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 201) << res->body;
  EXPECT_EQ(res->get_header_value("Content-Type").rfind("text/plain", 0), 0u);
  EXPECT_EQ(res->body.rfind("kibridge import ", 0), 0u) << res->body;
  EXPECT_NE(res->body.find("3 change(s) queued"), std::string::npos) << res->body;
  EXPECT_NE(res->body.find(sample::kHoleFootprint), std::string::npos) << res->body;
}

TEST_F(ImportApiTest, HistoryIsNewestFirstAndLimited) {
  for (int i = 0; i < 3; ++i) {
    auto res = server_.admin().Post("/api/imports?dry_run=1&file_name=n" + std::to_string(i), sample::hole_netlist(),
                                    "application/xml");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
  }
  auto res = server_.reader().Get("/api/imports");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  auto list = json_of(res->body);
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0]["file_name"], "n2");
  EXPECT_EQ(list[2]["file_name"], "n0");
  EXPECT_GT(list[0]["id"].get<int64_t>(), list[1]["id"].get<int64_t>());
  EXPECT_EQ(list[0]["summary"]["components"], 2);

  res = server_.reader().Get("/api/imports?limit=2");
  ASSERT_TRUE(res);
  list = json_of(res->body);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["file_name"], "n2");
  for (const char* bad : {"0", "1001", "-1", "ten"}) {
    EXPECT_TRUE(is_json_error(server_.reader().Get(std::string("/api/imports?limit=") + bad), 400)) << bad;
  }
}

TEST_F(ImportApiTest, InvalidNetlistIs422WithTheReasonAndStoresNothing) {
  const auto before = sample::config_state(server_.store());
  for (const std::string& xml : {std::string("<export version=\"E\"><components><comp ref=\"R1\">"),
                                std::string("<html><body>not a netlist</body></html>"), std::string("\xff\xfe garbage")}) {
    auto res = server_.admin().Post(kUpload, file_field(xml));
    ASSERT_TRUE(is_json_error(res, 422)) << xml;
    const auto body = json_of(res->body);
    EXPECT_FALSE(body["detail"].get<std::string>().empty());
    EXPECT_EQ(body["error"], body["detail"]);  // the plugin's key too
    EXPECT_TRUE(is_json_error(server_.admin().Post("/api/imports", xml, "application/xml"), 422));
  }
  expect_nothing_stored(before);
}

TEST_F(ImportApiTest, MissingNetlistIs400NotThePlugins204) {
  const auto before = sample::config_state(server_.store());
  auto res = server_.admin().Post(kUpload, file_field(sample::hole_netlist(), "netlist"));
  ASSERT_TRUE(is_json_error(res, 400));
  EXPECT_EQ(json_of(res->body)["error"], "No file uploaded: send the netlist XML as multipart field 'file'");
  // A raw body is the netlist on the plugin's route only when it says it is XML.
  EXPECT_TRUE(is_json_error(server_.admin().Post(kUpload, sample::hole_netlist(), "text/plain"), 400));
  EXPECT_TRUE(is_json_error(server_.admin().Post(kUpload, file_field("")), 400));
  res = server_.admin().Post("/api/imports", "", "application/xml");
  ASSERT_TRUE(is_json_error(res, 400));
  EXPECT_NE(json_of(res->body)["detail"].get<std::string>().find("No netlist"), std::string::npos);

  // `curl -X POST` sends neither Content-Length nor a body: an empty body, answered at once.
  const auto raw = parse_raw_response(server_.raw_exchange(
      "POST /api/imports HTTP/1.1\r\nHost: x\r\nAuthorization: Token " + server_.admin_token() + "\r\n\r\n"));
  EXPECT_EQ(raw.status, 400) << raw.head;
  EXPECT_NE(raw.body.find("No netlist"), std::string::npos) << raw.body;
  expect_nothing_stored(before);
}

TEST_F(ImportApiTest, BadQueryParametersAre400) {
  EXPECT_TRUE(is_json_error(server_.admin().Post(kUpload + "?dry_run=maybe", file_field(sample::hole_netlist())), 400));
  EXPECT_TRUE(is_json_error(server_.admin().Post(kUpload + "?format=xml", file_field(sample::hole_netlist())), 400));
  EXPECT_TRUE(server_.store().writeback().imports(10).empty());
}

TEST_F(ImportApiTest, WritesNeedAnAdminTokenReadsDoNot) {
  const auto before = sample::config_state(server_.store());
  auto res = server_.reader().Post(kUpload, file_field(sample::hole_netlist()));
  EXPECT_TRUE(is_json_error(res, 403));
  EXPECT_TRUE(is_json_error(server_.reader().Post("/api/imports", sample::hole_netlist(), "application/xml"), 403));
  EXPECT_TRUE(is_json_error(server_.anonymous().Post("/api/imports", sample::hole_netlist(), "application/xml"), 401));
  expect_nothing_stored(before);
  res = server_.reader().Get("/api/imports");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

// A server whose body (and so import) limit is small enough to cross in a test.
class ImportLimitTest : public ImportApiTest {
 protected:
  static constexpr size_t kLimit = 16 * 1024;
  static http::HttpServerOptions limited() {
    auto options = TestServer::small_options();
    options.max_body_bytes = kLimit;
    return options;
  }
  ImportLimitTest() : ImportApiTest(limited()) {}

  // A valid netlist of more than kLimit bytes (a long design source).
  static std::string oversized_netlist() {
    std::string xml = sample::hole_netlist();
    xml.insert(xml.find("</source>"), std::string(kLimit, 'x'));
    return xml;
  }
};

TEST_F(ImportLimitTest, OversizedUploadsAre413JsonAndStoreNothing) {
  const auto before = sample::config_state(server_.store());
  const std::string big = oversized_netlist();
  // Content-Length over the limit: refused by httplib, still answered in JSON.
  auto res = server_.admin().Post(kUpload, big, "application/xml");
  ASSERT_TRUE(is_json_error(res, 413));
  EXPECT_TRUE(json_of(res->body).contains("error"));
  EXPECT_TRUE(is_json_error(server_.admin().Post(kUpload, file_field(big)), 413));
  EXPECT_TRUE(is_json_error(server_.admin().Post("/api/imports", big, "application/xml"), 413));
  // Chunked, so no Content-Length to refuse early: the route's own bounded read refuses it.
  size_t sent = 0;
  res = server_.admin().Post(
      "/api/imports",
      [&](size_t, httplib::DataSink& sink) {
        if (sent < big.size()) {
          const size_t n = std::min<size_t>(4096, big.size() - sent);
          sink.write(big.data() + sent, n);
          sent += n;
        } else {
          sink.done();
        }
        return true;
      },
      "application/xml");
  EXPECT_TRUE(is_json_error(res, 413));
  expect_nothing_stored(before);

  // The same route takes a netlist under the limit, chunked as well.
  const std::string small = sample::hole_netlist();
  sent = 0;
  res = server_.admin().Post(
      "/api/imports",
      [&](size_t, httplib::DataSink& sink) {
        if (sent < small.size()) {
          sink.write(small.data(), small.size());
          sent = small.size();
        } else {
          sink.done();
        }
        return true;
      },
      "application/xml");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 201) << res->body;
}

}  // namespace
}  // namespace kibridge::testing
