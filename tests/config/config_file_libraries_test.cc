// Named libraries in the configuration file (config_file.h): exported with their categories'
// "library", applied on another database into the same libraries (byte-for-byte the same
// bodies for each), declaratively (a library the file lacks is removed once its categories
// have moved), and a category naming a library the file does not declare is refused.
#include <gtest/gtest.h>

#include "server/config/config_file.h"
#include "server/config/config_rules.h"
#include "server/kicad/libraries.h"
#include "storage/store.h"
#include "tests/config/config_support.h"
#include "tests/support/temp_db.h"
#include "tests/sync/sync_support.h"

namespace kibridge::config {
namespace {

using nlohmann::json;
using testing::export_of;
using testing::plan_for;

// categories.json and every listing of every library, by library name.
std::string every_library(const storage::Store& store) {
  const auto libraries = kicad::Libraries::load(store);
  std::string out;
  for (const auto& e : libraries->all()) {
    out += "library " + e.name + ": " + e.library->render_categories().body + "\n";
    for (const auto& c : store.mirror().categories()) {
      std::vector<std::string> warnings;
      kicad::render_listing(store, *e.library, c.id, [&](std::string_view piece) { out += piece; }, warnings);
    }
    out += "\n";
  }
  return out;
}

class ConfigFileLibrariesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    a_.mirror().apply_mirror(testing::small_inventree());
    b_.mirror().apply_mirror(testing::small_inventree());
    a_.configuration().create_library({0, "passives", "Passive parts"});
    storage::KicadCategoryRecord resistors;
    resistors.category_id = 2;
    resistors.default_symbol = "Device:R";
    resistors.library = "passives";
    a_.configuration().create_kicad_category(resistors);
    storage::KicadCategoryRecord mechanical;
    mechanical.category_id = 4;
    a_.configuration().create_kicad_category(mechanical);
  }
  testing::TempDb db_a_, db_b_;
  storage::Store a_{db_a_.path()};
  storage::Store b_{db_b_.path()};
};

TEST_F(ConfigFileLibrariesTest, RoundTripsLibrariesAndTheirCategories) {
  const std::string text = export_of(a_);
  EXPECT_NE(text.find("\"libraries\": [\n    {\"description\":\"Passive parts\",\"name\":\"passives\"}\n  ]"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("\"library\":\"passives\""), std::string::npos) << text;
  const auto plan = plan_for(b_, text);
  ASSERT_TRUE(plan.errors.empty()) << plan.errors.front();
  ASSERT_FALSE(plan.changes.empty());
  EXPECT_EQ(plan.changes.front().line, "+ library passives description \"Passive parts\"");
  apply_plan(b_, plan);
  EXPECT_EQ(export_of(b_), text);
  EXPECT_EQ(every_library(b_), every_library(a_));
  EXPECT_TRUE(plan_for(b_, text).changes.empty());
}

TEST_F(ConfigFileLibrariesTest, AFileWithoutTheLibraryMovesItsCategoriesThenRemovesIt) {
  json document = json::parse(export_of(a_));
  document.erase("libraries");
  for (auto& item : document["kicad_categories"]) item.erase("library");
  const auto plan = plan_for(a_, document.dump());
  ASSERT_TRUE(plan.errors.empty()) << plan.errors.front();
  ASSERT_FALSE(plan.changes.empty());
  EXPECT_EQ(plan.changes.back().line, "- library passives");
  apply_plan(a_, plan);
  EXPECT_TRUE(a_.configuration().libraries().empty());
  for (const auto& k : a_.configuration().kicad_categories()) EXPECT_EQ(k.library, "");
  // A file without libraries exports as before: no "libraries" key at all.
  EXPECT_EQ(export_of(a_).find("libraries"), std::string::npos);
}

TEST_F(ConfigFileLibrariesTest, RefusesUndeclaredAndBadLibraries) {
  json document = json::parse(export_of(a_));
  document["libraries"] = json::array();
  auto plan = plan_for(b_, document.dump());
  ASSERT_EQ(plan.errors.size(), 1u);
  EXPECT_NE(plan.errors[0].find("library: 'passives' is not in \"libraries\""), std::string::npos) << plan.errors[0];
  document["libraries"] = json::array({{{"name", "default"}}, {{"name", "x y"}}});
  plan = plan_for(b_, document.dump());
  EXPECT_EQ(plan.errors.size(), 2u);
  EXPECT_TRUE(plan.changes.empty());
  document["libraries"] = json{{"name", "passives"}};
  EXPECT_FALSE(plan_for(b_, document.dump()).errors.empty());
  EXPECT_TRUE(b_.configuration().libraries().empty());  // nothing written
}

}  // namespace
}  // namespace kibridge::config
