// `kibridge config export|apply` below the command line: the file round-trips byte for byte
// and gives the same KiCad library on another database; applying is declarative and
// idempotent; a bad file is refused whole, in the REST API's words.
#include "server/config/config_file.h"

#include <gtest/gtest.h>

#include "server/config/config_rules.h"
#include "server/kicad/library.h"
#include "storage/store.h"
#include "tests/config/config_support.h"
#include "tests/support/temp_db.h"
#include "tests/sync/sync_support.h"

namespace kibridge::config {
namespace {

using nlohmann::json;
using testing::export_of;
using testing::plan_for;

// Everything KiCad can ask for, rendered: categories.json, every listing, every part.
std::string whole_library(const storage::Store& store) {
  const auto library = kicad::Library::load(store);
  std::string out = library->render_categories().body + "\n";
  for (const auto& c : store.mirror().categories()) {
    std::vector<std::string> warnings;
    out += "listing " + std::to_string(c.id) + ":";
    kicad::render_listing(store, *library, c.id, [&](std::string_view piece) { out += piece; }, warnings);
    out += "\n";
  }
  for (const auto& p : store.mirror().parts()) out += kicad::render_part(store, *library, p.id)->body + "\n";
  return out;
}

std::string lines_of(const ConfigPlan& plan) {
  std::string out;
  for (const auto& c : plan.changes) out += c.line + "\n";
  return out;
}

// A configured database: KiCad categories (pks not starting at 1), defaults with templates,
// mappings and settings, one template setting stored by id.
void configure(storage::Store& store) {
  storage::KicadCategoryRecord gone;
  gone.category_id = 4;
  store.configuration().delete_kicad_category(store.configuration().create_kicad_category(gone).first.id);
  storage::KicadCategoryRecord resistors;
  resistors.category_id = 2;
  resistors.default_symbol = "Device:R";
  resistors.default_reference = "R";
  resistors.default_value_parameter_template = 1;   // Resistance
  resistors.footprint_parameter_template = 2;       // Package
  const int64_t r = store.configuration().create_kicad_category(resistors).first.id;
  storage::KicadCategoryRecord capacitors;
  capacitors.category_id = 3;
  capacitors.default_symbol = "Device:C";
  capacitors.default_footprint = "Capacitor_SMD:C_0402_1005Metric";
  store.configuration().create_kicad_category(capacitors);
  store.configuration().create_footprint_mapping({0, r, "0603", "Resistor_SMD:R_0603_1608Metric"});
  store.configuration().create_footprint_mapping({0, r, "0402", "Resistor_SMD:R_0402_1005Metric"});
  store.configuration().set_settings({{"KICAD_FOOTPRINT_PARAMETER", "4"},
                      {"KICAD_ENABLE_STOCK_COUNT", "true"},
                      {"KICAD_INCLUDE_IPN", "include_visible"},
                      {"KICAD_FIELD_VISIBILITY_PARAMETER_GLOBAL", "Resistance,Package"}});
}

class ConfigFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    a_.mirror().apply_mirror(testing::small_inventree());
    b_.mirror().apply_mirror(testing::small_inventree());
  }
  testing::TempDb db_a_, db_b_;
  storage::Store a_{db_a_.path()};
  storage::Store b_{db_b_.path()};
};

TEST_F(ConfigFileTest, ExportThenApplyOnAFreshDatabaseGivesTheSameLibraryByteForByte) {
  configure(a_);
  const std::string text = export_of(a_);
  ASSERT_NE(whole_library(a_), whole_library(b_)) << "the configuration must change the library";

  const auto plan = plan_for(b_, text);
  ASSERT_TRUE(plan.errors.empty()) << plan.errors.front();
  apply_plan(b_, plan);

  EXPECT_EQ(whole_library(b_), whole_library(a_));
  EXPECT_EQ(export_of(b_), text);
  EXPECT_TRUE(plan_for(b_, text).changes.empty()) << lines_of(plan_for(b_, text));
  // The source database agrees with its own file, though it stores a template by id.
  EXPECT_TRUE(plan_for(a_, text).changes.empty()) << lines_of(plan_for(a_, text));
}

TEST_F(ConfigFileTest, FileIsOneItemPerLineWithPathsAndTemplateNames) {
  configure(a_);
  const std::string text = export_of(a_);
  EXPECT_EQ(text,
            "{\n"
            "  \"kibridge_config\": 1,\n"
            "  \"kicad_categories\": [\n"
            "    {\"category\":\"Electronics/Capacitors\",\"category_pk\":3,\"default_footprint\":"
            "\"Capacitor_SMD:C_0402_1005Metric\",\"default_reference\":\"\",\"default_symbol\":\"Device:C\","
            "\"default_value_parameter_template\":null,\"footprint_parameter_template\":null},\n"
            "    {\"category\":\"Electronics/Resistors\",\"category_pk\":2,\"default_footprint\":\"\","
            "\"default_reference\":\"R\",\"default_symbol\":\"Device:R\",\"default_value_parameter_template\":"
            "\"Resistance\",\"footprint_parameter_template\":\"Package\"}\n"
            "  ],\n"
            "  \"footprint_mappings\": [\n"
            "    {\"category\":\"Electronics/Resistors\",\"category_pk\":2,\"kicad_footprint\":"
            "\"Resistor_SMD:R_0402_1005Metric\",\"parameter_value\":\"0402\"},\n"
            "    {\"category\":\"Electronics/Resistors\",\"category_pk\":2,\"kicad_footprint\":"
            "\"Resistor_SMD:R_0603_1608Metric\",\"parameter_value\":\"0603\"}\n"
            "  ],\n"
            "  \"settings\": {\n"
            "    \"KICAD_ENABLE_STOCK_COUNT\": \"true\",\n"
            "    \"KICAD_FIELD_VISIBILITY_PARAMETER_GLOBAL\": \"Resistance,Package\",\n"
            "    \"KICAD_FOOTPRINT_PARAMETER\": \"KiCad Footprint\",\n"
            "    \"KICAD_INCLUDE_IPN\": \"include_visible\"\n"
            "  }\n"
            "}\n");
  EXPECT_EQ(export_of(b_),
            "{\n  \"kibridge_config\": 1,\n  \"kicad_categories\": [],\n  \"footprint_mappings\": [],\n"
            "  \"settings\": {}\n}\n");
}

TEST_F(ConfigFileTest, ApplyingMakesTheDatabaseExactlyTheFile) {
  configure(b_);
  storage::KicadCategoryRecord mechanical;
  mechanical.category_id = 4;
  a_.configuration().create_kicad_category(mechanical);
  storage::KicadCategoryRecord resistors;
  resistors.category_id = 2;
  resistors.default_symbol = "Device:R_Small";
  const int64_t r = a_.configuration().create_kicad_category(resistors).first.id;
  a_.configuration().create_footprint_mapping({0, r, "0603", "Resistor_SMD:R_0603_Other"});
  a_.configuration().set_settings({{"KICAD_ENABLE_STOCK_COUNT", "true"}});

  const auto plan = plan_for(b_, export_of(a_));
  ASSERT_TRUE(plan.errors.empty());
  EXPECT_EQ(lines_of(plan),
            "- mapping Electronics/Resistors \"0402\" -> \"Resistor_SMD:R_0402_1005Metric\"\n"
            "- category Electronics/Capacitors\n"
            "~ category Electronics/Resistors: default_symbol \"Device:R\" -> \"Device:R_Small\", default_reference "
            "\"R\" -> \"\", default_value_parameter_template \"Resistance\" -> null, footprint_parameter_template "
            "\"Package\" -> null\n"
            "+ category Mechanical\n"
            "~ mapping Electronics/Resistors \"0603\" -> \"Resistor_SMD:R_0603_Other\" (was "
            "\"Resistor_SMD:R_0603_1608Metric\")\n"
            "- setting KICAD_FIELD_VISIBILITY_PARAMETER_GLOBAL: \"Resistance,Package\" -> default "
            "\"Kicad_Visible_Fields\"\n"
            "- setting KICAD_FOOTPRINT_PARAMETER: \"4\" -> default \"\"\n"
            "- setting KICAD_INCLUDE_IPN: \"include_visible\" -> default \"dont_include\"\n");
  apply_plan(b_, plan);
  EXPECT_EQ(export_of(b_), export_of(a_));
  EXPECT_EQ(b_.configuration().settings(), a_.configuration().settings());
}

TEST_F(ConfigFileTest, ABadFileIsRefusedWholeInTheRestApisWords) {
  configure(b_);
  const std::string before = export_of(b_);
  json doc = json::parse(export_of(b_));
  doc["kicad_categories"][0]["default_reference"] = std::string(21, 'R');
  doc["kicad_categories"][1]["category"] = "Electronics/Resistor";
  doc["kicad_categories"][1].erase("category_pk");  // no hint to fall back on
  doc["kicad_categories"].push_back({{"category", "Mechanical"}, {"symbol", "Device:X"}});
  doc["settings"]["KICAD_ENABLE_STOCK_COUNT"] = "maybe";
  doc["settings"]["NO_SUCH_SETTING"] = "1";
  const auto plan = plan_config(doc, read_stored_config(b_), b_.mirror().categories(), load_library_config(b_));
  std::string errors;
  for (const auto& e : plan.errors) errors += e + "\n";
  EXPECT_EQ(errors,
            "kicad_categories[0]: default_reference: Ensure this field has no more than 20 characters.\n"
            "kicad_categories[1]: no InvenTree category with the path 'Electronics/Resistor'; did you mean "
            "'Electronics/Resistors'?\n"
            "kicad_categories[2]: unknown field 'symbol'\n"
            "settings: KICAD_ENABLE_STOCK_COUNT: KICAD_ENABLE_STOCK_COUNT expects a boolean (true/false, yes/no, "
            "1/0), got 'maybe'\n"
            "settings: NO_SUCH_SETTING: Unknown setting.\n");
  EXPECT_TRUE(plan.changes.empty());
  EXPECT_EQ(export_of(b_), before);

  for (const char* bad : {"[]", "{}", R"({"kibridge_config": 1, "kicad_categories": []})",
                          R"({"kibridge_config": 2, "kicad_categories": [], "footprint_mappings": [], "settings": {}})"}) {
    EXPECT_FALSE(plan_config(json::parse(bad), read_stored_config(b_), b_.mirror().categories(), load_library_config(b_))
                     .errors.empty())
        << bad;
  }
}

TEST_F(ConfigFileTest, MappingNeedsItsCategoryInTheFile) {
  const std::string text = R"({"kibridge_config": 1, "kicad_categories": [], "settings": {},
    "footprint_mappings": [{"category": "Electronics/Resistors", "parameter_value": "0603", "kicad_footprint": "R:R"}]})";
  const auto plan = plan_for(b_, text);
  ASSERT_EQ(plan.errors.size(), 1u);
  EXPECT_EQ(plan.errors[0], "footprint_mappings[0]: category 'Electronics/Resistors' is not in \"kicad_categories\"");
}

TEST_F(ConfigFileTest, ARenamedCategoryIsFoundByItsPkHint) {
  configure(a_);
  auto renamed = testing::small_inventree();
  renamed.categories[2].name = "Caps";
  renamed.categories[2].pathstring = "Electronics/Caps";
  b_.mirror().apply_mirror(renamed);
  const auto plan = plan_for(b_, export_of(a_));
  ASSERT_TRUE(plan.errors.empty()) << plan.errors.front();
  ASSERT_EQ(plan.notes.size(), 1u);
  EXPECT_EQ(plan.notes[0],
            "kicad_categories[0]: no category has the path 'Electronics/Capacitors' any more; using its pk 3 "
            "('Electronics/Caps')");
  apply_plan(b_, plan);
  EXPECT_NE(b_.configuration().kicad_categories().size(), 0u);
  EXPECT_EQ(load_library_config(b_).kicad_category_of(3)->default_symbol, "Device:C");
}

}  // namespace
}  // namespace kibridge::config
