// GET /api/parts?search=: the console's part search over the sample library.
#include <gtest/gtest.h>

#include "tests/http/sample_library.h"
#include "tests/http/test_server.h"

namespace kibridge::http {
namespace {

using nlohmann::json;
using testing::send_json_request;
namespace sample = testing::sample;

class PartSearchApiTest : public ::testing::Test {
 protected:
  void SetUp() override { sample::seed(server_.store()); }
  testing::TestServer server_;
};

TEST_F(PartSearchApiTest, AnswersTheContractShape) {
  auto reader = server_.reader();
  const json body = send_json_request(reader, "GET", "/api/parts?search=res-10", "", 200);
  EXPECT_EQ(body, (json{{"count", 1},
                        {"results",
                         {{{"id", sample::kR10k},
                           {"name", "R_10k_0603"},
                           {"IPN", "RES-10K"},
                           {"description", "Resistor 10k 1% 0603"},
                           {"category", sample::kResistors},
                           {"category_path", "Electronics/Resistors"}}}}}));
}

TEST_F(PartSearchApiTest, SearchesParameterValuesAndPages) {
  auto reader = server_.reader();
  // "0603": names, descriptions and Package parameters of three parts.
  const json all = send_json_request(reader, "GET", "/api/parts?search=0603", "", 200);
  EXPECT_EQ(all["count"], 3);
  ASSERT_EQ(all["results"].size(), 3u);
  const json page = send_json_request(reader, "GET", "/api/parts?search=0603&limit=1&offset=2", "", 200);
  EXPECT_EQ(page["count"], 3);
  ASSERT_EQ(page["results"].size(), 1u);
  EXPECT_EQ(page["results"][0], all["results"][2]);
  EXPECT_EQ(send_json_request(reader, "GET", "/api/parts?search=nothing-like-it", "", 200),
            (json{{"count", 0}, {"results", json::array()}}));
  // FTS5 syntax typed by a user is text, not an error.
  EXPECT_EQ(send_json_request(reader, "GET", "/api/parts?search=%22%20OR%20NEAR(", "", 200)["count"], 0);
}

TEST_F(PartSearchApiTest, BadInputIs400NamingTheParameter) {
  auto reader = server_.reader();
  for (const char* query : {"", "?search=", "?limit=5", "?search=" "x&limit=0", "?search=x&limit=201",
                            "?search=x&offset=-1", "?search=x&offset=abc", "?search=x&limit=007"}) {
    const json body = send_json_request(reader, "GET", std::string("/api/parts") + query, "", 400);
    EXPECT_TRUE(body.contains("search") || body.contains("limit") || body.contains("offset")) << query << body;
  }
  EXPECT_TRUE(send_json_request(reader, "GET", "/api/parts?search=" + std::string(201, 'a'), "", 400).contains("search"));
}

TEST_F(PartSearchApiTest, NeedsAToken) {
  auto anonymous = server_.anonymous();
  send_json_request(anonymous, "GET", "/api/parts?search=r", "", 401);
  auto reader = server_.reader();
  send_json_request(reader, "POST", "/api/parts", "{}", 403);
  auto admin = server_.admin();
  send_json_request(admin, "GET", "/api/parts/search", "", 404);
}

}  // namespace
}  // namespace kibridge::http
