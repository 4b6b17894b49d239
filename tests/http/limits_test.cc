// Every stored string has a limit (storage/limits.h), refused with a 400 that names the field
// and changes nothing. (Issue 10.5: a 99 KB stock-count format made one PATCH take 34 s and
// one listing 353 MB.)

#include <gtest/gtest.h>

#include <string>

#include "server/http/kicad_routes.h"
#include "tests/http/sample_library.h"
#include "tests/http/test_server.h"

namespace kibridge::testing {
namespace {

using nlohmann::json;

class LimitsApiTest : public ::testing::Test {
 protected:
  void SetUp() override { ids_ = sample::seed(server_.store()); }

  // The 400 names `field`; nothing stored changed.
  void expect_refused(const httplib::Result& res, const std::string& field, const sample::ConfigState& before) {
    ASSERT_TRUE(is_json_error(res, 400));
    EXPECT_TRUE(json_of(res->body).contains(field)) << res->body.substr(0, 300);
    EXPECT_LT(res->body.size(), 2000u) << "the error repeats the oversized value";
    EXPECT_EQ(sample::config_state(server_.store()), before);
  }

  TestServer server_;
  sample::KicadIds ids_;
  httplib::Client admin_ = server_.admin();
};

TEST_F(LimitsApiTest, OversizedSettingsAre400NamingTheSetting) {
  const auto before = sample::config_state(server_.store());
  const std::string format(100 * 1024, 'x');
  expect_refused(admin_.Patch("/api/settings/", json{{"KICAD_ENABLE_STOCK_COUNT", true},
                                                      {"KICAD_ENABLE_STOCK_COUNT_FORMAT", format}}.dump(),
                              "application/json"),
                 "KICAD_ENABLE_STOCK_COUNT_FORMAT", before);
  expect_refused(admin_.Put("/api/settings/KICAD_ENABLE_STOCK_COUNT_FORMAT/", json{{"value", format}}.dump(),
                            "application/json"),
                 "KICAD_ENABLE_STOCK_COUNT_FORMAT", before);
  expect_refused(admin_.Put("/api/settings/INVENTREE_URL/",
                            json{{"value", "https://inventree.example.com/" + std::string(3000, 'p')}}.dump(),
                            "application/json"),
                 "INVENTREE_URL", before);
  expect_refused(admin_.Put("/api/settings/KICAD_ENABLE_STOCK_COUNT/", json{{"value", std::string(10000, 'y')}}.dump(),
                            "application/json"),
                 "KICAD_ENABLE_STOCK_COUNT", before);
  // At the limit is fine.
  auto ok = admin_.Put("/api/settings/KICAD_ENABLE_STOCK_COUNT_FORMAT/", json{{"value", std::string(200, 'x')}}.dump(),
                       "application/json");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200) << ok->body;
}

TEST_F(LimitsApiTest, OversizedCategoryDefaultsAndMappingsAre400NamingTheField) {
  const auto before = sample::config_state(server_.store());
  const std::string kcat = std::string(http::kPluginPrefix) + "/api/category/" + std::to_string(ids_.resistors) + "/";
  for (const auto& [field, length] : std::vector<std::pair<std::string, size_t>>{
           {"default_symbol", 201}, {"default_footprint", 201}, {"default_reference", 21}}) {
    expect_refused(admin_.Patch(kcat, json{{field, std::string(length, 'a')}}.dump(), "application/json"), field,
                   before);
  }
  const std::string mapping = "/api/footprint-mappings/" + std::to_string(ids_.resistor_mapping) + "/";
  for (const std::string field : {"parameter_value", "kicad_footprint"}) {
    expect_refused(admin_.Patch(mapping, json{{field, std::string(201, 'a')}}.dump(), "application/json"), field,
                   before);
  }
}

}  // namespace
}  // namespace kibridge::testing
