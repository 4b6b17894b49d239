// The InvenTree plugin's KiCad category API (server/http/category_api.h),
// as scripts written for the plugin use it: nested reads, flat writes, templates by id or
// name, DRF-style JSON errors.

#include <gtest/gtest.h>

#include <string>

#include "server/http/kicad_routes.h"
#include "tests/http/sample_library.h"
#include "tests/http/test_server.h"

namespace kibridge::testing {
namespace {

using nlohmann::json;

const std::string kApi = std::string(http::kPluginPrefix) + "/api/category/";

class CategoryApiTest : public ::testing::Test {
 protected:
  void SetUp() override { ids_ = sample::seed(server_.store()); }

  std::string pk_url(int64_t pk) const { return kApi + std::to_string(pk) + "/"; }

  // Sends and expects `status`; returns the JSON body.
  json send(const std::string& method, const std::string& path, const std::string& body, int status) {
    return send_json_request(admin_, method, path, body, status);
  }

  TestServer server_;
  sample::KicadIds ids_;
  httplib::Client admin_ = server_.admin();
};

const json kResistorsCategory = json::parse(R"({"id": 2, "pk": 2, "name": "Resistors", "description": "Fixed resistors",
    "parent": 1, "pathstring": "Electronics/Resistors", "structural": false})");
const json kPackageTemplate = json::parse(R"({"id": 2, "pk": 2, "name": "Package", "units": "", "description": ""})");
const json kResistanceTemplate = json::parse(R"({"id": 1, "pk": 1, "name": "Resistance", "units": "ohm", "description": ""})");

TEST_F(CategoryApiTest, ListNestsCategoryAndTemplates) {
  const json list = send("GET", kApi, "", 200);
  ASSERT_TRUE(list.is_array());
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0], (json{{"pk", ids_.resistors},
                           {"category", kResistorsCategory},
                           {"default_symbol", "Device:R"},
                           {"default_footprint", ""},
                           {"default_reference", "R"},
                           {"default_value_parameter_template", nullptr},
                           {"footprint_parameter_template", kPackageTemplate},
                           {"field_rules", json::array()},
                           {"library", nullptr}}));
  EXPECT_EQ(list[1]["pk"], ids_.capacitors);
  EXPECT_EQ(list[1]["category"]["pathstring"], "Electronics/Capacitors");
  // Also without the trailing slash, as DRF's router accepts it.
  EXPECT_EQ(send("GET", kApi.substr(0, kApi.size() - 1), "", 200), list);
}

TEST_F(CategoryApiTest, DetailByPk) {
  const json one = send("GET", pk_url(ids_.capacitors), "", 200);
  EXPECT_EQ(one["pk"], ids_.capacitors);
  EXPECT_EQ(one["category"]["id"], sample::kCapacitors);
  EXPECT_EQ(one["default_symbol"], "Device:C");
  EXPECT_EQ(one["footprint_parameter_template"], kPackageTemplate);
}

TEST_F(CategoryApiTest, PostCreatesWithTemplatesByIdAndByName) {
  const json created = send("POST", kApi,
                            R"({"category": 4, "default_symbol": "Mechanical:MountingHole", "default_reference": "H",
                                "default_value_parameter_template": 1, "footprint_parameter_template": "package"})",
                            201);
  ASSERT_TRUE(created.contains("pk"));
  const int64_t pk = created["pk"].get<int64_t>();
  // Writes answer with ids (the plugin's depth 0).
  EXPECT_EQ(created, (json{{"pk", pk},
                           {"category", 4},
                           {"default_symbol", "Mechanical:MountingHole"},
                           {"default_footprint", ""},
                           {"default_reference", "H"},
                           {"default_value_parameter_template", sample::kResistance},
                           {"footprint_parameter_template", sample::kPackage},
                           {"field_rules", json::array()},
                           {"library", nullptr}}));
  const json read = send("GET", pk_url(pk), "", 200);
  EXPECT_EQ(read["category"]["pathstring"], "Mechanical");
  EXPECT_EQ(read["default_value_parameter_template"], kResistanceTemplate);
  EXPECT_EQ(read["footprint_parameter_template"], kPackageTemplate);
  const auto stored = server_.store().configuration().kicad_category(pk);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->category_id, sample::kMechanical);
  EXPECT_EQ(stored->footprint_parameter_template, sample::kPackage);
  // The category id may be given as a string of digits, as form-encoded plugin scripts do.
  send("DELETE", pk_url(pk), "", 204);
  EXPECT_EQ(send("POST", kApi, R"({"category": "4"})", 201)["category"], 4);
}

TEST_F(CategoryApiTest, PostValidationErrorsNameTheField) {
  const auto before = sample::config_state(server_.store());
  EXPECT_TRUE(send("POST", kApi, R"({"default_symbol": "Device:R"})", 400).contains("category"));
  EXPECT_TRUE(send("POST", kApi, R"({"category": "four"})", 400).contains("category"));
  EXPECT_TRUE(send("POST", kApi, R"({"category": 4, "default_symbol": 7})", 400).contains("default_symbol"));
  EXPECT_TRUE(send("POST", kApi, R"({"category": 4, "footprint_parameter_template": "No such template"})", 400)
                  .contains("footprint_parameter_template"));
  EXPECT_TRUE(send("POST", kApi, R"({"category": 4, "default_value_parameter_template": 999})", 400)
                  .contains("default_value_parameter_template"));
  EXPECT_TRUE(send("POST", kApi, R"({"category": 4, "default_reference": ")" + std::string(300, 'R') + R"("})", 400)
                  .contains("default_reference"));
  // A category that already has a KiCad category.
  EXPECT_TRUE(send("POST", kApi, R"({"category": 2})", 400).contains("category"));
  // An InvenTree category that does not exist: 404, as the plugin answers.
  send("POST", kApi, R"({"category": 999})", 404);
  EXPECT_EQ(sample::config_state(server_.store()), before);
}

TEST_F(CategoryApiTest, ReadsAndWritesFollowAPull) {
  // A pull adds a parameter template and renames a category; the API sees both at once.
  storage::MirrorSnapshot next = sample::snapshot();
  next.templates.push_back({4, "Voltage", "V", "Rated voltage"});
  next.categories[1].name = "Fixed resistors";
  next.categories[1].pathstring = "Electronics/Fixed resistors";
  server_.sync(next);
  EXPECT_EQ(send("GET", pk_url(ids_.resistors), "", 200)["category"]["pathstring"], "Electronics/Fixed resistors");
  const json created = send("POST", kApi, R"({"category": 4, "default_value_parameter_template": "voltage"})", 201);
  EXPECT_EQ(created["default_value_parameter_template"], 4);
  EXPECT_EQ(send("GET", kApi, "", 200)[2]["default_value_parameter_template"]["name"], "Voltage");
}

TEST_F(CategoryApiTest, PutReplacesEveryField) {
  const json updated = send("PUT", pk_url(ids_.resistors), R"({"category": 2, "default_symbol": "Device:R_US"})", 200);
  EXPECT_EQ(updated, (json{{"pk", ids_.resistors},
                           {"category", 2},
                           {"default_symbol", "Device:R_US"},
                           {"default_footprint", ""},
                           {"default_reference", ""},
                           {"default_value_parameter_template", nullptr},
                           {"footprint_parameter_template", nullptr},
                           {"field_rules", json::array()},
                           {"library", nullptr}}));
  const auto stored = server_.store().configuration().kicad_category(ids_.resistors);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->default_reference, "");
  EXPECT_EQ(stored->footprint_parameter_template, std::nullopt);
  // PUT needs the category; moving onto a category that has a KiCad category is a conflict.
  const auto before = sample::config_state(server_.store());
  EXPECT_TRUE(send("PUT", pk_url(ids_.resistors), R"({"default_symbol": "Device:R"})", 400).contains("category"));
  EXPECT_TRUE(send("PUT", pk_url(ids_.resistors), R"({"category": 3})", 400).contains("category"));
  EXPECT_EQ(sample::config_state(server_.store()), before);
}

TEST_F(CategoryApiTest, PatchChangesOnlyTheGivenFields) {
  const json patched = send("PATCH", pk_url(ids_.resistors),
                            R"({"default_footprint": "Resistor_SMD:R_0805_2012Metric", "default_value_parameter_template": "Resistance"})",
                            200);
  EXPECT_EQ(patched["default_footprint"], "Resistor_SMD:R_0805_2012Metric");
  EXPECT_EQ(patched["default_value_parameter_template"], sample::kResistance);
  EXPECT_EQ(patched["default_symbol"], "Device:R");
  EXPECT_EQ(patched["default_reference"], "R");
  EXPECT_EQ(patched["footprint_parameter_template"], sample::kPackage);
  // null clears a template.
  EXPECT_EQ(send("PATCH", pk_url(ids_.resistors), R"({"footprint_parameter_template": null})", 200)
                ["footprint_parameter_template"],
            nullptr);
  const auto stored = server_.store().configuration().kicad_category(ids_.resistors);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->default_symbol, "Device:R");
  EXPECT_EQ(stored->default_value_parameter_template, sample::kResistance);
  EXPECT_EQ(stored->footprint_parameter_template, std::nullopt);
}

TEST_F(CategoryApiTest, DeleteAnswers204ThenTheCategoryIsGone) {
  auto res = admin_.Delete(pk_url(ids_.resistors));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 204);
  EXPECT_TRUE(res->body.empty());
  send("GET", pk_url(ids_.resistors), "", 404);
  send("DELETE", pk_url(ids_.resistors), "", 404);
  EXPECT_EQ(send("GET", kApi, "", 200).size(), 1u);
  // Its footprint mappings went with it.
  EXPECT_TRUE(server_.store().configuration().footprint_mappings().empty());
}

TEST_F(CategoryApiTest, UnknownPkIs404Json) {
  const auto before = sample::config_state(server_.store());
  const std::string url = pk_url(999);
  send("GET", url, "", 404);
  send("PUT", url, R"({"category": 4})", 404);
  send("PATCH", url, R"({"default_symbol": "Device:R"})", 404);
  send("DELETE", url, "", 404);
  EXPECT_EQ(sample::config_state(server_.store()), before);
}

TEST_F(CategoryApiTest, NonNumericPkIs404Json) {
  const auto before = sample::config_state(server_.store());
  for (const std::string pk : {"abc", "1x", "-1", "1.0"}) {
    SCOPED_TRACE(pk);
    const std::string url = kApi + pk + "/";
    send("GET", url, "", 404);
    send("PUT", url, R"({"category": 4})", 404);
    send("PATCH", url, R"({"default_symbol": "Device:R"})", 404);
    send("DELETE", url, "", 404);
  }
  EXPECT_EQ(sample::config_state(server_.store()), before);
}

}  // namespace
}  // namespace kibridge::testing
