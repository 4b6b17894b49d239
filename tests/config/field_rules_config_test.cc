// Field rules and the issue-12 settings through the configuration file and the `kibridge`
// command line: `categories set --field-rules`, `settings set`, `config export|apply`.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "server/config/config_file.h"
#include "server/config/config_rules.h"
#include "storage/store.h"
#include "tests/support/run_kibridge.h"
#include "tests/support/temp_db.h"
#include "tests/sync/sync_support.h"

namespace kibridge::testing {
namespace {

using nlohmann::json;

class FieldRulesConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_.mirror().apply_mirror(small_inventree());
    other_.mirror().apply_mirror(small_inventree());
  }
  KibridgeRun run(const std::string& args) { return run_kibridge(args + " --db '" + db_.path() + "'"); }
  std::string rules_of(const storage::Store& store, int64_t category) {
    for (const auto& k : store.configuration().kicad_categories()) {
      if (k.category_id == category) return k.field_rules;
    }
    return "(no KiCad category)";
  }

  TempDb db_, other_db_;
  storage::Store store_{db_.path()};
  storage::Store other_{other_db_.path()};
};

TEST_F(FieldRulesConfigTest, CliSetsCategoryRulesAndSettings) {
  ASSERT_EQ(run("categories add Electronics/Resistors --symbol Device:R").status, 0);
  auto set = run(R"(categories set 2 --field-rules '[{"match": "Resistance", "field": "R", "visible": true}]')");
  ASSERT_EQ(set.status, 0) << set.err;
  EXPECT_EQ(rules_of(store_, 2), R"([{"match":"Resistance","field":"R","visible":true}])");
  auto shown = run("categories --json");
  EXPECT_EQ(json::parse(shown.out)["categories"][2]["kicad"]["field_rules"][0]["field"], "R") << shown.out;

  auto bad = run(R"(categories set 2 --field-rules '[{"match": "Res*", "field": "R"}]')");
  EXPECT_EQ(bad.status, 1);
  EXPECT_NE(bad.err.find("field_rules"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("pattern cannot rename"), std::string::npos) << bad.err;
  EXPECT_EQ(rules_of(store_, 2), R"([{"match":"Resistance","field":"R","visible":true}])");  // kept

  ASSERT_EQ(run("categories set 2 --field-rules ''").status, 0);
  EXPECT_EQ(rules_of(store_, 2), "");

  ASSERT_EQ(run(R"(settings set KICAD_SUPPLIER_FIELDS '{"LCSC": "LCSC"}')").status, 0);
  EXPECT_EQ(store_.configuration().settings().at("KICAD_SUPPLIER_FIELDS"), R"({"LCSC":"LCSC"})");
  auto refused = run(R"(settings set KICAD_SUPPLIER_FIELDS '{"LCSC": 1}')");
  EXPECT_EQ(refused.status, 1);
  EXPECT_NE(refused.err.find("must be a string"), std::string::npos) << refused.err;
  ASSERT_EQ(run(R"(settings set KICAD_FIELD_RULES '[{"match": "Package", "exclude": true}]')").status, 0);
  EXPECT_EQ(run("settings get KICAD_FIELD_RULES").out, "[{\"match\":\"Package\",\"exclude\":true}]\n");
}

TEST_F(FieldRulesConfigTest, ConfigFileCarriesRulesAndRefusesABadOne) {
  storage::KicadCategoryRecord resistors;
  resistors.category_id = 2;
  resistors.field_rules = R"([{"match":"Resistance","field":"R"}])";
  store_.configuration().create_kicad_category(resistors);
  store_.configuration().set_settings({{"KICAD_FIELD_RULES", R"([{"match":"Package","exclude":true}])"},
                                       {"KICAD_SUPPLIER_FIELDS", R"({"LCSC":"LCSC"})"}});
  const std::string text =
      config::export_config(config::read_stored_config(store_), config::load_library_config(store_));
  const json doc = json::parse(text);
  EXPECT_EQ(doc["kicad_categories"][0]["field_rules"], json::parse(R"([{"match": "Resistance", "field": "R"}])"));

  auto plan = config::plan_config(doc, config::read_stored_config(other_), other_.mirror().categories(),
                                  config::load_library_config(other_));
  ASSERT_TRUE(plan.errors.empty()) << plan.errors.front();
  config::apply_plan(other_, plan);
  EXPECT_EQ(rules_of(other_, 2), R"([{"match":"Resistance","field":"R"}])");
  EXPECT_EQ(other_.configuration().settings().at("KICAD_FIELD_RULES"), R"([{"match":"Package","exclude":true}])");
  EXPECT_EQ(config::export_config(config::read_stored_config(other_), config::load_library_config(other_)), text);

  json bad = doc;
  bad["kicad_categories"][0]["field_rules"] = json::parse(R"([{"match": "x", "visible": 1}])");
  plan = config::plan_config(bad, config::read_stored_config(other_), other_.mirror().categories(),
                             config::load_library_config(other_));
  ASSERT_EQ(plan.errors.size(), 1u);
  EXPECT_EQ(plan.errors[0], "kicad_categories[0]: field_rules: rule 1: \"visible\" must be true or false");
  // A category without rules in the file loses its rules.
  bad["kicad_categories"][0].erase("field_rules");
  plan = config::plan_config(bad, config::read_stored_config(other_), other_.mirror().categories(),
                             config::load_library_config(other_));
  ASSERT_TRUE(plan.errors.empty());
  ASSERT_EQ(plan.changes.size(), 1u);
  EXPECT_NE(plan.changes[0].line.find("field_rules"), std::string::npos) << plan.changes[0].line;
}

}  // namespace
}  // namespace kibridge::testing
