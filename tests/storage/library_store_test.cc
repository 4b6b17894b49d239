// Named KiCad libraries in the store (configuration_store.h): names are checked and unique,
// "default" is reserved, a KiCad category names its library (unknown: NotFoundError), and a
// library that still has KiCad categories is never removed.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "storage/errors.h"
#include "storage/limits.h"
#include "storage/store.h"
#include "tests/support/temp_db.h"

namespace kibridge::storage {
namespace {

using kibridge::testing::TempDb;

class LibraryStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    MirrorSnapshot s;
    s.categories = {{1, std::nullopt, "Passives", "Passives", "", false}, {2, std::nullopt, "ICs", "ICs", "", false}};
    store_.mirror().apply_mirror(s);
  }
  KicadCategoryRecord category(int64_t category_id, std::string library) {
    KicadCategoryRecord k;
    k.category_id = category_id;
    k.library = std::move(library);
    return k;
  }
  ConfigurationStore& config() { return store_.configuration(); }

  TempDb db_;
  Store store_{db_.path()};
};

TEST_F(LibraryStoreTest, CreatesListsAndFindsByName) {
  const auto created = config().create_library({0, "passives", "Passive parts"}).first;
  EXPECT_GT(created.id, 0);
  config().create_library({0, "ics", ""});
  const auto all = config().libraries();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].name, "ics");  // by name
  EXPECT_EQ(all[1], created);
  EXPECT_EQ(config().library("passives"), created);
  EXPECT_FALSE(config().library("nope"));
}

TEST_F(LibraryStoreTest, RefusesBadReservedTakenAndOverlongNames) {
  for (const std::string& bad :
       std::vector<std::string>{"", "default", "a b", "a/b", "-a", ".a", "_a", "ä", std::string(65, 'x')}) {
    try {
      config().create_library({0, bad, ""});
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const ValidationError& e) {
      EXPECT_EQ(e.field(), "name") << bad;
    }
  }
  EXPECT_NO_THROW((config().create_library({0, std::string(64, 'x'), ""})));
  EXPECT_NO_THROW((config().create_library({0, "Rel-2.0_a", ""})));
  config().create_library({0, "ics", ""});
  EXPECT_THROW((config().create_library({0, "ics", ""})), ConflictError);
  try {
    config().create_library({0, "long", std::string(limits::kLibraryDescription + 1, 'd')});
    ADD_FAILURE();
  } catch (const ValidationError& e) {
    EXPECT_EQ(e.field(), "description");
  }
  EXPECT_FALSE(config().library("long"));
}

TEST_F(LibraryStoreTest, AKicadCategoryNamesItsLibrary) {
  config().create_library({0, "ics", ""});
  EXPECT_THROW(config().create_kicad_category(category(1, "nope")), NotFoundError);
  EXPECT_TRUE(config().kicad_categories().empty());
  const auto in_ics = config().create_kicad_category(category(2, "ics")).first;
  const auto in_default = config().create_kicad_category(category(1, "default")).first;
  EXPECT_EQ(config().kicad_category(in_ics.id)->library, "ics");
  EXPECT_EQ(config().kicad_category(in_default.id)->library, "");  // "default" is stored as no library
  auto moved = *config().kicad_category(in_default.id);
  moved.library = "nope";
  EXPECT_THROW(config().update_kicad_category(moved), NotFoundError);
  EXPECT_EQ(config().kicad_category(in_default.id)->library, "");
  moved.library = "ics";
  config().update_kicad_category(moved);
  EXPECT_EQ(config().kicad_categories()[1].library, "ics");
}

TEST_F(LibraryStoreTest, RemovingALibraryWithCategoriesIsRefusedNamingThem) {
  config().create_library({0, "ics", ""});
  const auto k = config().create_kicad_category(category(2, "ics")).first;
  try {
    config().delete_library("ics");
    ADD_FAILURE() << "removed a library that has a KiCad category";
  } catch (const StateError& e) {
    EXPECT_NE(std::string(e.what()).find("ICs"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(config().library("ics"));
  EXPECT_EQ(config().kicad_category(k.id)->library, "ics");
  EXPECT_THROW(config().delete_library("nope"), NotFoundError);
  EXPECT_THROW(config().delete_library("default"), ValidationError);
  auto moved = *config().kicad_category(k.id);
  moved.library = "";
  config().update_kicad_category(moved);
  EXPECT_TRUE(config().delete_library("ics").everything);
  EXPECT_FALSE(config().library("ics"));
}

TEST_F(LibraryStoreTest, DescriptionChangesButNeverTheName) {
  config().create_library({0, "ics", "a"});
  config().update_library({0, "ics", "b"});
  EXPECT_EQ(config().library("ics")->description, "b");
  EXPECT_THROW((config().update_library({0, "nope", "b"})), NotFoundError);
}

}  // namespace
}  // namespace kibridge::storage
