// The footprint-mapping and settings APIs: CRUD, validation errors that name the field, an
// atomic multi-setting PATCH, and DELETE back to the default.

#include <gtest/gtest.h>

#include <string>

#include "server/kicad/settings.h"
#include "tests/http/sample_library.h"
#include "tests/http/test_server.h"
#include "tests/support/route_paths.h"

namespace kibridge::testing {
namespace {

using nlohmann::json;


class ConfigApiTest : public ::testing::Test {
 protected:
  void SetUp() override { ids_ = sample::seed(server_.store()); }

  json send(const std::string& method, const std::string& path, const std::string& body, int status) {
    return send_json_request(admin_, method, path, body, status);
  }

  // The settings list as {key: entry}.
  std::map<std::string, json> settings() {
    std::map<std::string, json> out;
    const json body = send("GET", "/api/settings/", "", 200);
    for (const auto& s : body["settings"]) out[s["key"].get<std::string>()] = s;
    return out;
  }

  std::string mapping_url(int64_t id) const { return kMappings + std::to_string(id) + "/"; }

  TestServer server_;
  sample::KicadIds ids_;
  httplib::Client admin_ = server_.admin();
};

TEST_F(ConfigApiTest, FootprintMappingCrud) {
  EXPECT_EQ(send("GET", kMappings, "", 200), (json::array({{{"id", ids_.resistor_mapping},
                                                            {"kicad_category", ids_.resistors},
                                                            {"parameter_value", "0603"},
                                                            {"kicad_footprint", sample::kMapped0603}}})));
  const json created = send("POST", kMappings,
                            json{{"kicad_category", ids_.capacitors},
                                 {"parameter_value", "0805"},
                                 {"kicad_footprint", "Capacitor_SMD:C_0805_2012Metric"}}
                                .dump(),
                            201);
  const int64_t id = created["id"].get<int64_t>();
  EXPECT_EQ(created, (json{{"id", id},
                           {"kicad_category", ids_.capacitors},
                           {"parameter_value", "0805"},
                           {"kicad_footprint", "Capacitor_SMD:C_0805_2012Metric"}}));
  EXPECT_EQ(send("GET", mapping_url(id), "", 200), created);
  EXPECT_EQ(send("GET", kMappings, "", 200).size(), 2u);
  const json filtered = send("GET", kMappings + "?kicad_category=" + std::to_string(ids_.capacitors), "", 200);
  ASSERT_EQ(filtered.size(), 1u);
  EXPECT_EQ(filtered[0]["id"], id);

  const json put = send("PUT", mapping_url(id),
                        json{{"kicad_category", ids_.capacitors}, {"parameter_value", "1206"}, {"kicad_footprint", "Capacitor_SMD:C_1206_3216Metric"}}
                            .dump(),
                        200);
  EXPECT_EQ(put["parameter_value"], "1206");
  const json patched = send("PATCH", mapping_url(id), R"({"kicad_footprint": "Capacitor_SMD:C_1206_3216Metric_Pad1.33x1.80mm"})", 200);
  EXPECT_EQ(patched["parameter_value"], "1206");
  EXPECT_EQ(patched["kicad_footprint"], "Capacitor_SMD:C_1206_3216Metric_Pad1.33x1.80mm");
  const auto stored = server_.store().configuration().footprint_mapping(id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->parameter_value, "1206");
  EXPECT_EQ(stored->kicad_footprint, "Capacitor_SMD:C_1206_3216Metric_Pad1.33x1.80mm");

  send("DELETE", mapping_url(id), "", 204);
  send("GET", mapping_url(id), "", 404);
  send("DELETE", mapping_url(id), "", 404);
  send("GET", kMappings + "abc/", "", 404);
  EXPECT_EQ(server_.store().configuration().footprint_mappings().size(), 1u);
}

TEST_F(ConfigApiTest, FootprintMappingValidationNamesTheField) {
  const auto before = sample::config_state(server_.store());
  const std::string caps = std::to_string(ids_.capacitors);
  EXPECT_TRUE(send("POST", kMappings, R"({"kicad_category": )" + caps + R"(, "parameter_value": 805, "kicad_footprint": "A:B"})", 400)
                  .contains("parameter_value"));
  EXPECT_TRUE(send("POST", kMappings, R"({"kicad_category": )" + caps + R"(, "parameter_value": "", "kicad_footprint": "A:B"})", 400)
                  .contains("parameter_value"));
  EXPECT_TRUE(send("POST", kMappings, R"({"kicad_category": )" + caps + R"(, "parameter_value": "0805"})", 400)
                  .contains("kicad_footprint"));
  EXPECT_TRUE(send("POST", kMappings, R"({"kicad_category": )" + caps + R"(, "parameter_value": "0805", "kicad_footprint": ["A:B"]})", 400)
                  .contains("kicad_footprint"));
  EXPECT_TRUE(send("POST", kMappings, R"({"kicad_category": "caps", "parameter_value": "0805", "kicad_footprint": "A:B"})", 400)
                  .contains("kicad_category"));
  EXPECT_TRUE(send("POST", kMappings, R"({"parameter_value": "0805", "kicad_footprint": "A:B"})", 400).contains("kicad_category"));
  // The same value twice in one KiCad category.
  EXPECT_TRUE(send("POST", kMappings,
                   R"({"kicad_category": )" + std::to_string(ids_.resistors) + R"(, "parameter_value": "0603", "kicad_footprint": "A:B"})", 400)
                  .contains("parameter_value"));
  // An unknown KiCad category.
  send("POST", kMappings, R"({"kicad_category": 999, "parameter_value": "0805", "kicad_footprint": "A:B"})", 404);
  EXPECT_TRUE(send("PATCH", mapping_url(ids_.resistor_mapping), R"({"parameter_value": ""})", 400).contains("parameter_value"));
  EXPECT_TRUE(send("GET", kMappings + "?kicad_category=x", "", 400).contains("kicad_category"));
  EXPECT_EQ(sample::config_state(server_.store()), before);
}

TEST_F(ConfigApiTest, SettingsListEveryKnownSettingWithDefaults) {
  const auto all = settings();
  EXPECT_EQ(all.size(), kicad::all_settings().size());
  EXPECT_EQ(all.at("KICAD_INCLUDE_IPN")["value"], "dont_include");
  EXPECT_EQ(all.at("KICAD_INCLUDE_IPN")["is_set"], false);
  EXPECT_EQ(all.at("KICAD_INCLUDE_IPN")["type"], "choice");
  EXPECT_TRUE(all.at("KICAD_INCLUDE_IPN")["choices"].is_array());
  EXPECT_EQ(all.at("INVENTREE_URL")["value"], "https://inventree.example.com");
  EXPECT_EQ(all.at("INVENTREE_URL")["is_set"], true);
  EXPECT_EQ(all.at("KICAD_HIDE_INACTIVE_PARTS")["value"], "true");
  EXPECT_EQ(send("GET", "/api/settings/KICAD_ENABLE_STOCK_COUNT/", "", 200)["value"], "false");
  send("GET", "/api/settings/NO_SUCH_SETTING/", "", 404);
}

TEST_F(ConfigApiTest, PutSettingNormalisesValues) {
  EXPECT_EQ(send("PUT", "/api/settings/KICAD_ENABLE_STOCK_COUNT/", R"({"value": true})", 200)["value"], "true");
  EXPECT_EQ(send("PUT", "/api/settings/KICAD_HIDE_TEMPLATE_PARTS/", R"({"value": "Yes"})", 200)["value"], "true");
  EXPECT_EQ(send("PUT", "/api/settings/KICAD_INCLUDE_IPN/", R"({"value": "Include_Visible"})", 200)["value"],
            "include_visible");
  EXPECT_EQ(send("PUT", "/api/settings/KICAD_FOOTPRINT_PARAMETER/", R"({"value": "Package"})", 200)["value"], "Package");
  EXPECT_EQ(send("PUT", "/api/settings/KICAD_VALUE_PARAMETER/", R"({"value": 1})", 200)["value"], "1");
  EXPECT_EQ(send("PUT", "/api/settings/INVENTREE_URL/", R"({"value": "https://parts.example.org/"})", 200)["value"],
            "https://parts.example.org");
  const auto stored = server_.store().configuration().settings();
  EXPECT_EQ(stored.at("KICAD_ENABLE_STOCK_COUNT"), "true");
  EXPECT_EQ(stored.at("KICAD_HIDE_TEMPLATE_PARTS"), "true");
  EXPECT_EQ(stored.at("KICAD_INCLUDE_IPN"), "include_visible");
  EXPECT_EQ(stored.at("KICAD_VALUE_PARAMETER"), "1");
}

TEST_F(ConfigApiTest, SettingValidationErrorsNameTheKey) {
  const auto before = sample::config_state(server_.store());
  struct Case {
    std::string key, body;
  };
  for (const Case& c : std::vector<Case>{{"KICAD_ENABLE_STOCK_COUNT", R"({"value": {}})"},
                                         {"KICAD_ENABLE_STOCK_COUNT", R"({"value": "maybe"})"},
                                         {"KICAD_ENABLE_STOCK_COUNT", R"({"value": 1})"},
                                         {"KICAD_ENABLE_STOCK_COUNT_FORMAT", R"({"value": 5})"},
                                         {"KICAD_ENABLE_STOCK_COUNT_FORMAT", R"({"value": null})"},
                                         {"KICAD_INCLUDE_IPN", R"({"value": "sometimes"})"},
                                         {"KICAD_FOOTPRINT_PARAMETER", R"({"value": "No such template"})"},
                                         {"KICAD_FOOTPRINT_PARAMETER", R"({"value": 999})"},
                                         {"INVENTREE_URL", R"({"value": "ftp://x"})"},
                                         {"IMPORT_INVENTREE_ID_IDENTIFIER", R"({"value": "  "})"}}) {
    SCOPED_TRACE(c.key + " " + c.body);
    EXPECT_TRUE(send("PUT", "/api/settings/" + c.key + "/", c.body, 400).contains(c.key));
    EXPECT_TRUE(send("PATCH", "/api/settings/", R"({")" + c.key + R"(": )" + json_of(c.body)["value"].dump() + "}", 400)
                    .contains(c.key));
  }
  EXPECT_TRUE(send("PATCH", "/api/settings/", R"({"NO_SUCH_SETTING": "x"})", 400).contains("NO_SUCH_SETTING"));
  EXPECT_TRUE(send("PUT", "/api/settings/KICAD_ENABLE_STOCK_COUNT/", R"({"val": true})", 400).contains("value"));
  send("PUT", "/api/settings/NO_SUCH_SETTING/", R"({"value": "x"})", 404);
  EXPECT_EQ(sample::config_state(server_.store()), before);
}

TEST_F(ConfigApiTest, PatchSettingsIsAtomic) {
  const auto before = server_.store().configuration().settings();
  const json error = send("PATCH", "/api/settings/",
                          R"({"KICAD_INCLUDE_IPN": "include_visible", "KICAD_ENABLE_STOCK_COUNT": {"on": 1},
                              "KICAD_USE_IPN_AS_NAME": true})",
                          400);
  EXPECT_TRUE(error.contains("KICAD_ENABLE_STOCK_COUNT"));
  EXPECT_FALSE(error.contains("KICAD_INCLUDE_IPN"));
  EXPECT_EQ(server_.store().configuration().settings(), before);
  const auto listed = settings();
  EXPECT_EQ(listed.at("KICAD_INCLUDE_IPN")["value"], "dont_include");
  EXPECT_EQ(listed.at("KICAD_USE_IPN_AS_NAME")["value"], "false");

  const json ok = send("PATCH", "/api/settings/", R"({"KICAD_INCLUDE_IPN": "include_visible", "KICAD_USE_IPN_AS_NAME": true})", 200);
  EXPECT_TRUE(ok["settings"].is_array());
  EXPECT_EQ(server_.store().configuration().settings().at("KICAD_INCLUDE_IPN"), "include_visible");
  EXPECT_EQ(server_.store().configuration().settings().at("KICAD_USE_IPN_AS_NAME"), "true");
}

TEST_F(ConfigApiTest, DeleteSettingResetsToDefault) {
  const json reset = send("DELETE", "/api/settings/INVENTREE_URL/", "", 200);
  EXPECT_EQ(reset["value"], "");
  EXPECT_EQ(reset["is_set"], false);
  EXPECT_FALSE(server_.store().configuration().settings().count("INVENTREE_URL"));
  EXPECT_EQ(settings().at("INVENTREE_URL")["value"], "");
  // Again: already at the default, still fine.
  EXPECT_EQ(send("DELETE", "/api/settings/INVENTREE_URL/", "", 200)["is_set"], false);
  send("DELETE", "/api/settings/NO_SUCH_SETTING/", "", 404);
}

}  // namespace
}  // namespace kibridge::testing
