// Ids in paths, queries and bodies are read exactly: an id that does not fit, or is not written
// in its one canonical form, names no record — a 404 in a path, a 400 in a query or body — and
// never a different record. (Issue 10.1: a 20-digit id deleted mapping 21.)

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "server/http/kicad_routes.h"
#include "tests/http/sample_library.h"
#include "tests/http/test_server.h"
#include "tests/support/route_paths.h"

namespace kibridge::testing {
namespace {

using nlohmann::json;


// Ids that are not the canonical decimal form of an int64: too large, signed (the route
// patterns let digits through only, so these are the ones that reach the handler), or with a
// leading zero.
const std::vector<std::string> kPathIdsNamingNothing = {
    "99999999999999999999",   // 20 digits: above INT64_MAX
    "9223372036854775808",    // INT64_MAX + 1
    "18446744073709551615",   // UINT64_MAX (wraps to -1 when converted unchecked)
    "1234567890123456789",    // 19 digits that fit: a valid id, but no such record
    "00000000000000000001",   // leading zeros
};

class ExactIdTest : public ::testing::Test {
 protected:
  void SetUp() override { ids_ = sample::seed(server_.store()); }

  TestServer server_;
  sample::KicadIds ids_;
  httplib::Client admin_ = server_.admin();
  httplib::Client reader_ = server_.reader();
};

TEST_F(ExactIdTest, PathIdsThatNameNoRecordAre404AndChangeNothing) {
  const auto before = sample::config_state(server_.store());
  const std::string mapping_body = json{{"kicad_category", ids_.resistors},
                                        {"parameter_value", "0805"},
                                        {"kicad_footprint", "Resistor_SMD:R_0805_2012Metric"}}
                                       .dump();
  const std::string category_body = json{{"default_symbol", "Device:C"}}.dump();
  for (const auto& id : kPathIdsNamingNothing) {
    for (const std::string method : {"GET", "PUT", "PATCH", "DELETE"}) {
      const std::string mapping = kMappings + id + "/";
      EXPECT_TRUE(is_json_error(send_request(admin_, method, mapping, mapping_body), 404)) << method << " " << mapping;
      const std::string category = kCategoryApi + id + "/";
      EXPECT_TRUE(is_json_error(send_request(admin_, method, category, category_body), 404)) << method << " " << category;
    }
    // A read token's GET must not see another record either.
    EXPECT_TRUE(is_json_error(reader_.Get(kMappings + id + "/"), 404)) << id;
    EXPECT_TRUE(is_json_error(reader_.Get(kCategoryApi + id + "/"), 404)) << id;
    EXPECT_TRUE(is_json_error(reader_.Get("/api/outbox/" + id), 404)) << id;
    EXPECT_TRUE(is_json_error(reader_.Get("/api/imports/" + id), 404)) << id;
    EXPECT_TRUE(is_json_error(admin_.Post("/api/outbox/" + id + "/drop", "", "application/json"), 404)) << id;
    auto part = reader_.Get(std::string(http::kKicadApiPrefix) + "/parts/" + id + ".json");
    ASSERT_TRUE(part);
    EXPECT_EQ(part->status, 404) << id;
    auto listing = reader_.Get(std::string(http::kKicadApiPrefix) + "/parts/category/" + id + ".json");
    ASSERT_TRUE(listing);
    EXPECT_EQ(listing->status, 404) << id;
    EXPECT_EQ(listing->body, "[]");
  }
  EXPECT_EQ(sample::config_state(server_.store()), before);
}

TEST_F(ExactIdTest, TheCanonicalIdStillWorks) {
  auto res = reader_.Get(kMappings + std::to_string(ids_.resistor_mapping) + "/");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  // A leading zero is another spelling of the same number, refused so one record has one URL.
  EXPECT_TRUE(is_json_error(reader_.Get(kMappings + "0" + std::to_string(ids_.resistor_mapping) + "/"), 404));
}

TEST_F(ExactIdTest, QueryIdsAndNumbersAreExact400s) {
  for (const std::string value : {"99999999999999999999", "+1", "-1", " 1", "1 ", "01", "1e3", "0x10", ""}) {
    std::string encoded;  // percent-encoded, so the server sees exactly `value`
    for (char c : value) encoded += c == ' ' ? std::string("%20") : c == '+' ? std::string("%2B") : std::string(1, c);
    auto res = reader_.Get(kMappings + "?kicad_category=" + encoded);
    ASSERT_TRUE(res);
    EXPECT_TRUE(is_json_error(res, 400)) << "kicad_category='" << value << "'";
    EXPECT_TRUE(json_of(res->body).contains("kicad_category")) << res->body;
    res = reader_.Get("/api/imports?limit=" + encoded);
    ASSERT_TRUE(res);
    EXPECT_TRUE(is_json_error(res, 400)) << "limit='" << value << "'";
    EXPECT_TRUE(json_of(res->body).contains("limit")) << res->body;
  }
}

TEST_F(ExactIdTest, BodyIdsAreExact400sNamingTheField) {
  const auto before = sample::config_state(server_.store());
  const std::vector<json> bad_ids = {"99999999999999999999", "+" + std::to_string(ids_.resistors),
                                     " " + std::to_string(ids_.resistors), "0" + std::to_string(ids_.resistors),
                                     json::parse("18446744073709551615"), json::parse("-1"), 1.5, true};
  for (const auto& id : bad_ids) {
    const std::string body =
        json{{"kicad_category", id}, {"parameter_value", "0805"}, {"kicad_footprint", "A:B"}}.dump();
    auto res = admin_.Post(kMappings, body, "application/json");
    ASSERT_TRUE(res);
    EXPECT_TRUE(is_json_error(res, 400)) << body;
    EXPECT_TRUE(json_of(res->body).contains("kicad_category")) << res->body;
    res = admin_.Patch(kCategoryApi + std::to_string(ids_.resistors) + "/", json{{"category", id}}.dump(),
                       "application/json");
    ASSERT_TRUE(res);
    EXPECT_TRUE(is_json_error(res, 400)) << id.dump();
    EXPECT_TRUE(json_of(res->body).contains("category")) << res->body;
  }
  EXPECT_EQ(sample::config_state(server_.store()), before);
}

}  // namespace
}  // namespace kibridge::testing
