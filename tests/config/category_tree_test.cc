// The category tree `kibridge categories` shows, and naming a category on the command line.
#include "server/config/category_tree.h"

#include <gtest/gtest.h>

#include "server/config/config_rules.h"
#include "storage/store.h"
#include "tests/support/temp_db.h"
#include "tests/sync/sync_support.h"

namespace kibridge::config {
namespace {

class CategoryTreeTest : public ::testing::Test {
 protected:
  void SetUp() override { store_.mirror().apply_mirror(testing::small_inventree()); }
  std::vector<CategoryRow> tree() {
    categories_ = store_.mirror().categories();
    config_.emplace(load_library_config(store_));
    return category_tree(categories_, store_.mirror().part_counts_by_category(), *config_);
  }
  void select(int64_t category) {
    storage::KicadCategoryRecord k;
    k.category_id = category;
    k.default_symbol = "Device:R";
    k.default_value_parameter_template = 1;
    store_.configuration().create_kicad_category(k);
  }

  testing::TempDb db_;
  storage::Store store_{db_.path()};
  std::vector<storage::CategoryRecord> categories_;
  std::optional<kicad::LibraryConfig> config_;
};

TEST_F(CategoryTreeTest, CountsPartsInAndBelowEachCategoryInTreeOrder) {
  const auto rows = tree();
  ASSERT_EQ(rows.size(), 4u);
  // small_inventree: Resistors 6 parts, Capacitors 4, both under Electronics; Mechanical 2.
  EXPECT_EQ(rows[0].category->pathstring, "Electronics");
  EXPECT_EQ(rows[0].depth, 0);
  EXPECT_EQ(rows[0].parts, 0);
  EXPECT_EQ(rows[0].parts_below, 10);
  EXPECT_EQ(rows[1].category->pathstring, "Electronics/Capacitors");
  EXPECT_EQ(rows[1].depth, 1);
  EXPECT_EQ(rows[1].parts, 4);
  EXPECT_EQ(rows[1].parts_below, 4);
  EXPECT_EQ(rows[2].category->pathstring, "Electronics/Resistors");
  EXPECT_EQ(rows[2].parts, 6);
  EXPECT_EQ(rows[3].category->pathstring, "Mechanical");
  EXPECT_EQ(rows[3].parts_below, 2);
  for (const auto& row : rows) {
    EXPECT_EQ(row.kicad, nullptr);
    EXPECT_EQ(row.listed_in, nullptr);
  }
}

TEST_F(CategoryTreeTest, SaysWhichKiCadCategoryShowsTheParts) {
  select(1);
  auto rows = tree();
  ASSERT_NE(rows[0].kicad, nullptr);
  EXPECT_EQ(rows[0].listed_in->id, 1);
  // With sub-categories enabled (the default) the parent's listing shows the children.
  EXPECT_EQ(rows[1].kicad, nullptr);
  ASSERT_NE(rows[1].listed_in, nullptr);
  EXPECT_EQ(rows[1].listed_in->id, 1);
  EXPECT_EQ(rows[3].listed_in, nullptr);
  const auto j = category_row_json(rows[0], *config_);
  EXPECT_EQ(j["kicad"]["default_symbol"], "Device:R");
  EXPECT_EQ(j["kicad"]["default_value_parameter_template"], "Resistance");  // by name
  EXPECT_EQ(j["parts_below"], 10);
  EXPECT_EQ(category_row_json(rows[1], *config_)["listed_in"], 1);

  store_.configuration().set_settings({{"KICAD_ENABLE_SUBCATEGORY", "false"}});
  rows = tree();
  EXPECT_EQ(rows[1].listed_in, nullptr);
}

TEST_F(CategoryTreeTest, FindsByExactPathOrPkAndSuggestsOnANearMiss) {
  const auto categories = store_.mirror().categories();
  EXPECT_EQ(find_category(categories, "Electronics/Resistors").id, 2);
  EXPECT_EQ(find_category(categories, "3").id, 3);
  for (const char* near : {"electronics/resistors", "Electronics/Resistor", "Electronics/Resitsors", "Resistors"}) {
    const auto miss = find_category(categories, near);
    EXPECT_FALSE(miss.id) << near;
    EXPECT_NE(miss.error.find("did you mean 'Electronics/Resistors'?"), std::string::npos) << miss.error;
  }
  const auto far = find_category(categories, "Fasteners/Screws");
  EXPECT_FALSE(far.id);
  EXPECT_EQ(far.error.find("did you mean"), std::string::npos) << far.error;
  EXPECT_NE(find_category(categories, "99").error.find("no InvenTree category with pk 99"), std::string::npos);
}

}  // namespace
}  // namespace kibridge::config
