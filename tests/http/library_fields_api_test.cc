// The library fields (README "Library fields") over HTTP: field rules on a KiCad category and as a setting,
// named supplier fields and the datasheet fallback as KiCad's parts/<id>.json serves them, their
// validation errors at the field, and GET /api/parts/<id>/explain.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "server/http/kicad_routes.h"
#include "tests/http/sample_library.h"
#include "tests/http/test_server.h"
#include "tests/support/route_paths.h"

namespace kibridge::testing {
namespace {

using nlohmann::json;


class LibraryFieldsApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto mirror = sample::snapshot();
    mirror.parts[0].link = "https://vendor.example/r10k";  // R_10k_0603, no datasheet attachment
    mirror.parameters.push_back({1009, sample::kR10k, sample::kTolerance, "1"});
    mirror.supplier_parts = {{1, sample::kR10k, std::nullopt, "LCSC", "C-old", false},
                             {2, sample::kR10k, std::nullopt, "LCSC", "C25804", true},
                             {3, sample::kR10k, std::nullopt, "Mouser", "603-RC", false}};
    mirror.manufacturer_parts = {{5, sample::kR10k, "Yageo", "RC0603FR-0710KL"}};
    server_.store().mirror().apply_mirror(mirror);
    ids_ = sample::seed_configuration(server_.store());
  }

  json send(const std::string& method, const std::string& path, const std::string& body, int status) {
    return send_json_request(admin_, method, path, body, status);
  }
  json kicad_part(int64_t id) {
    auto res = reader_.Get(kKicad + "/parts/" + std::to_string(id) + ".json");
    EXPECT_TRUE(res && res->status == 200);
    return res ? json_of(res->body) : json();
  }
  json explain(int64_t id, int status) {
    return send_json_request(reader_, "GET", "/api/parts/" + std::to_string(id) + "/explain", "", status);
  }
  static const json* field(const json& explanation, const std::string& name) {
    for (const auto& f : explanation["fields"]) {
      if (f["name"] == name) return &f;
    }
    return nullptr;
  }

  TestServer server_;
  sample::KicadIds ids_;
  httplib::Client admin_ = server_.admin();
  httplib::Client reader_ = server_.reader();
};

TEST_F(LibraryFieldsApiTest, CategoryFieldRulesRenameAndExplainNamesTheRule) {
  const json patched = send("PATCH", kCategoryApi + std::to_string(ids_.resistors) + "/",
                            R"({"field_rules": [{"match": "Tolerance", "field": "Tol", "visible": true},
                                                {"match": "*", "exclude": true}]})",
                            200);
  EXPECT_EQ(patched["field_rules"], json::parse(R"([{"match": "Tolerance", "field": "Tol", "visible": true},
                                                    {"match": "*", "exclude": true}])"));
  const json part = kicad_part(sample::kR10k);
  EXPECT_EQ(part["fields"]["Tol"], (json{{"value", "1 %"}, {"visible", "True"}}));
  EXPECT_FALSE(part["fields"].contains("Resistance"));  // excluded by the final rule

  const json e = explain(sample::kR10k, 200);
  EXPECT_EQ(e["id"], sample::kR10k);
  EXPECT_EQ(e["name"], "R_10k_0603");
  EXPECT_EQ(e["kicad_category"], ids_.resistors);
  const json* tol = field(e, "Tol");
  ASSERT_NE(tol, nullptr);
  EXPECT_EQ((*tol)["value"], "1 %");
  EXPECT_EQ((*tol)["visible"], true);
  EXPECT_EQ((*tol)["source"]["kind"], "field_rule");
  EXPECT_NE((*tol)["source"]["detail"].get<std::string>().find("rule 1 of KiCad category 'Electronics/Resistors'"),
            std::string::npos)
      << (*tol)["source"];
  // The footprint comes from the category's Package parameter through the 0603 mapping.
  EXPECT_EQ(e["footprint"]["value"], sample::kMapped0603);
  EXPECT_EQ(e["footprint"]["source"]["kind"], "footprint_mapping");
  EXPECT_NE(e["footprint"]["source"]["detail"].get<std::string>().find("parameter 'Package'"), std::string::npos);
  EXPECT_NE(e["footprint"]["source"]["detail"].get<std::string>().find("footprint mapping '0603'"), std::string::npos);
  EXPECT_EQ(e["symbol"], (json{{"value", "Device:R"},
                               {"source", {{"kind", "category_default"},
                                           {"detail", "default symbol of KiCad category 'Electronics/Resistors'"}}}}));
  // Every field KiCad gets is listed, in KiCad's order, each with a source.
  auto raw = reader_.Get(kKicad + "/parts/" + std::to_string(sample::kR10k) + ".json");
  ASSERT_TRUE(raw);
  const auto ordered = nlohmann::ordered_json::parse(raw->body);
  ASSERT_EQ(e["fields"].size(), ordered["fields"].size());
  size_t i = 0;
  for (const auto& [name, value] : ordered["fields"].items()) {
    EXPECT_EQ(e["fields"][i]["name"], name);
    EXPECT_EQ(e["fields"][i]["value"], value["value"]);
    EXPECT_TRUE(e["fields"][i]["source"].is_object()) << name;
    ++i;
  }
}

// "Why is my parameter missing": the explanation lists every parameter served as no field,
// with the rule (category or global) that excluded it, or why else it is not a field.
TEST_F(LibraryFieldsApiTest, ExplainListsTheParametersARuleExcludedAndTheRule) {
  json e = explain(sample::kR10k, 200);
  ASSERT_EQ(e["excluded_parameters"].size(), 1u) << e["excluded_parameters"];  // no rules yet
  EXPECT_EQ(e["excluded_parameters"][0]["name"], "Package");  // the category's footprint template
  EXPECT_EQ(e["excluded_parameters"][0]["source"]["kind"], "setting");

  send("PATCH", kCategoryApi + std::to_string(ids_.resistors) + "/", R"({"field_rules": [{"match": "Res*", "exclude": true}]})",
       200);
  send("PATCH", "/api/settings/", R"({"KICAD_FIELD_RULES": [{"match": "Tol*", "exclude": true}]})", 200);
  const json part = kicad_part(sample::kR10k);
  EXPECT_FALSE(part["fields"].contains("Resistance"));
  EXPECT_FALSE(part["fields"].contains("Tolerance"));

  e = explain(sample::kR10k, 200);
  std::map<std::string, json> excluded;
  for (const auto& x : e["excluded_parameters"]) excluded[x["name"]] = x["source"];
  ASSERT_EQ(excluded.size(), 3u) << e["excluded_parameters"];
  EXPECT_EQ(excluded["Resistance"],
            (json{{"kind", "field_rule"},
                  {"detail", "excluded by rule 1 of KiCad category 'Electronics/Resistors' matching 'Res*'"}}));
  EXPECT_EQ(excluded["Tolerance"],
            (json{{"kind", "field_rule"}, {"detail", "excluded by global rule 1 (KICAD_FIELD_RULES) matching 'Tol*'"}}));
  EXPECT_EQ(excluded["Package"]["kind"], "setting");
  EXPECT_EQ(field(e, "Resistance"), nullptr);
}

TEST_F(LibraryFieldsApiTest, ExplainErrors) {
  EXPECT_EQ(explain(999999, 404)["detail"], "no part 999999");
  const std::string mechanical = explain(sample::kScrew, 409)["detail"];
  EXPECT_NE(mechanical.find("'Mechanical' is not a KiCad category"), std::string::npos) << mechanical;
  const std::string inactive = explain(sample::kROld, 409)["detail"];
  EXPECT_NE(inactive.find("KICAD_HIDE_INACTIVE_PARTS"), std::string::npos) << inactive;
  // A token is needed.
  auto anonymous = server_.anonymous();
  EXPECT_TRUE(is_json_error(anonymous.Get("/api/parts/101/explain"), 401));
}

TEST_F(LibraryFieldsApiTest, SupplierMpnAndDatasheetSettingsServeNamedFields) {
  send("PATCH", "/api/settings/",
       R"({"KICAD_SUPPLIER_FIELDS": {"LCSC": "LCSC", "Mouser": "Mouser_PN"}, "KICAD_MPN_FIELD": "MPN",
           "KICAD_DATASHEET_FROM_LINK": true, "KICAD_FIELD_RULES": [{"match": "Resistance", "field": "R"}]})",
       200);
  EXPECT_EQ(server_.store().configuration().settings().at("KICAD_SUPPLIER_FIELDS"),
            R"({"LCSC":"LCSC","Mouser":"Mouser_PN"})");
  const json part = kicad_part(sample::kR10k);
  EXPECT_EQ(part["fields"]["LCSC"]["value"], "C25804");  // the primary one, not the lower id
  EXPECT_EQ(part["fields"]["Mouser_PN"]["value"], "603-RC");
  EXPECT_EQ(part["fields"]["MPN"]["value"], "RC0603FR-0710KL");
  EXPECT_EQ(part["fields"]["datasheet"]["value"], "https://vendor.example/r10k");
  EXPECT_EQ(part["fields"]["R"]["value"], "10k ohm");  // the global rule
  const json e = explain(sample::kR10k, 200);
  EXPECT_EQ((*field(e, "LCSC"))["source"]["kind"], "supplier");
  EXPECT_EQ((*field(e, "MPN"))["source"]["kind"], "manufacturer");
  EXPECT_EQ((*field(e, "datasheet"))["source"]["kind"], "link");
  EXPECT_NE((*field(e, "R"))["source"]["detail"].get<std::string>().find("global rule 1 (KICAD_FIELD_RULES)"),
            std::string::npos);
}

TEST_F(LibraryFieldsApiTest, BadValuesAreRefusedAtTheFieldAndNothingIsStored) {
  const auto before = sample::config_state(server_.store());
  json e = send("PATCH", "/api/settings/", R"({"KICAD_SUPPLIER_FIELDS": "{\"LCSC\": "})", 400);
  ASSERT_TRUE(e.contains("KICAD_SUPPLIER_FIELDS")) << e;
  EXPECT_NE(e["KICAD_SUPPLIER_FIELDS"][0].get<std::string>().find("not valid JSON"), std::string::npos);
  e = send("PATCH", "/api/settings/", R"({"KICAD_SUPPLIER_FIELDS": {"LCSC": 7}})", 400);
  EXPECT_NE(e["KICAD_SUPPLIER_FIELDS"][0].get<std::string>().find("must be a string"), std::string::npos);
  e = send("PATCH", "/api/settings/", R"({"KICAD_SUPPLIER_FIELDS": {"LCSC": ""}})", 400);
  EXPECT_NE(e["KICAD_SUPPLIER_FIELDS"][0].get<std::string>().find("must not be empty"), std::string::npos);
  e = send("PATCH", "/api/settings/",
           json{{"KICAD_SUPPLIER_FIELDS", {{"LCSC", std::string(101, 'x')}}}}.dump(), 400);
  EXPECT_NE(e["KICAD_SUPPLIER_FIELDS"][0].get<std::string>().find("at most 100"), std::string::npos);
  e = send("PATCH", "/api/settings/", R"({"KICAD_FIELD_RULES": [{"match": "Tol*", "field": "T"}]})", 400);
  EXPECT_NE(e["KICAD_FIELD_RULES"][0].get<std::string>().find("rule 1"), std::string::npos);
  e = send("PATCH", kCategoryApi + std::to_string(ids_.resistors) + "/", R"({"field_rules": [{"exclude": true}]})", 400);
  EXPECT_NE(e["field_rules"][0].get<std::string>().find("rule 1 has no \"match\""), std::string::npos) << e;
  e = send("PATCH", kCategoryApi + std::to_string(ids_.resistors) + "/", R"({"field_rules": 5})", 400);
  ASSERT_TRUE(e.contains("field_rules"));
  EXPECT_EQ(sample::config_state(server_.store()), before);
}

}  // namespace
}  // namespace kibridge::testing
