// Bodies that are not what a write expects — malformed JSON, another JSON type, invalid
// UTF-8, too large — get a JSON error and change nothing stored.

#include <gtest/gtest.h>

#include <string>

#include "server/http/kicad_routes.h"
#include "tests/http/sample_library.h"
#include "tests/http/test_server.h"
#include "tests/support/route_paths.h"

namespace kibridge::testing {
namespace {

constexpr size_t kMaxBody = 4096;

http::HttpServerOptions small_body_limit() {
  http::HttpServerOptions options = TestServer::small_options();
  options.max_body_bytes = kMaxBody;
  return options;
}

class BadInputTest : public ::testing::Test {
 protected:
  void SetUp() override { ids_ = sample::seed(server_.store()); }

  struct Write {
    std::string method, path;
  };
  std::vector<Write> writes() const {
    const std::string kcat = kCategoryApi + std::to_string(ids_.resistors) + "/";
    const std::string mapping = "/api/footprint-mappings/" + std::to_string(ids_.resistor_mapping) + "/";
    return {{"POST", kCategoryApi},
            {"PUT", kcat},
            {"PATCH", kcat},
            {"POST", "/api/footprint-mappings/"},
            {"PUT", mapping},
            {"PATCH", mapping},
            {"PATCH", "/api/settings/"},
            {"PUT", "/api/settings/KICAD_INCLUDE_IPN/"}};
  }

  httplib::Result send(const Write& w, const std::string& body) { return send_request(admin_, w.method, w.path, body); }

  TestServer server_{small_body_limit()};
  sample::KicadIds ids_;
  httplib::Client admin_ = server_.admin();
};

TEST_F(BadInputTest, MalformedOrNonObjectJsonIs400AndChangesNothing) {
  const auto before = sample::config_state(server_.store());
  const std::vector<std::string> bodies = {
      "{nope",
      R"({"category": 4,})",
      R"({"category": 4} trailing)",
      "",
      "[1, 2]",
      R"([{"category": 4}])",
      R"("a string")",
      "42",
      "null",
      "{\"default_symbol\": \"\xff\xfe\"}",  // not UTF-8
      std::string(1000, '[') + std::string(1000, ']'),
      // nlohmann-json stops at a NUL byte: without the check this parsed as {"category": 4}.
      std::string("{\"category\": 4}\0garbage", 23),
      std::string("{\"KICAD_INCLUDE_IPN\": \"include_hidden\", \"value\": \"include_hidden\"}\0", 67),
  };
  for (const auto& w : writes()) {
    for (const auto& body : bodies) {
      SCOPED_TRACE(w.method + " " + w.path + " with " + body.substr(0, 40));
      EXPECT_TRUE(is_json_error(send(w, body), 400));
    }
  }
  EXPECT_EQ(sample::config_state(server_.store()), before);
}

TEST_F(BadInputTest, OversizedBodyIs413AndChangesNothing) {
  const auto before = sample::config_state(server_.store());
  const std::string huge = R"({"default_symbol": ")" + std::string(3 * kMaxBody, 'x') + R"("})";
  for (const auto& w : writes()) {
    SCOPED_TRACE(w.method + " " + w.path);
    EXPECT_TRUE(is_json_error(send(w, huge), 413));
  }
  EXPECT_EQ(sample::config_state(server_.store()), before);
  // The limit is about size: a write just under it goes through (padded with JSON blanks, as
  // the value itself has a limit of its own, storage/limits.h).
  const std::string format(200, 'f');
  const std::string body = R"({"KICAD_ENABLE_STOCK_COUNT_FORMAT": ")" + format + R"("})";
  auto res = admin_.Patch("/api/settings/", body + std::string(kMaxBody - 100 - body.size(), ' '), "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(server_.store().configuration().settings().at("KICAD_ENABLE_STOCK_COUNT_FORMAT"), format);
}

TEST_F(BadInputTest, KicadReadsStillWorkAfterBadWrites) {
  for (const auto& w : writes()) send(w, "{nope");
  auto res = server_.reader().Get(std::string(http::kKicadApiPrefix) + "/parts/101.json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(json_of(res->body)["symbolIdStr"], "Device:R");
}

}  // namespace
}  // namespace kibridge::testing
