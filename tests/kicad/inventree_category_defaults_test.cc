// KiCad defaults kept in InvenTree as part-category parameters (InvenTree 1.4+): the rules of
// LibraryConfig::defaults_for, pinned on in-memory data and checked through the renderer.
#include <gtest/gtest.h>

#include "server/kicad/library_config.h"
#include "server/kicad/part_renderer.h"

namespace kibridge::kicad {
namespace {

// 1 Electronics > 2 Passives > 3 Resistors > 4 SMD; 5 Mechanical.
constexpr int64_t kElectronics = 1, kPassives = 2, kResistors = 3, kSmd = 4, kMechanical = 5;
constexpr int64_t kSymbolT = 1;  // a part template named "KiCad Symbol"

struct Fixture {
  KicadSettings settings;
  // Passives is a KiCad category with only a reference of its own.
  std::vector<storage::KicadCategoryRecord> kicad_categories{
      {10, kPassives, "", "", "P", std::nullopt, std::nullopt}};
  std::vector<storage::CategoryParameterRecord> category_parameters;

  Fixture() { settings.symbol_parameter = "KiCad Symbol"; }

  LibraryConfig config() const {
    std::vector<storage::CategoryRecord> categories = {
        {kElectronics, std::nullopt, "Electronics", "Electronics", "", false},
        {kPassives, kElectronics, "Passives", "Electronics/Passives", "", false},
        {kResistors, kPassives, "Resistors", "Electronics/Passives/Resistors", "", false},
        {kSmd, kResistors, "SMD", "Electronics/Passives/Resistors/SMD", "", false},
        {kMechanical, std::nullopt, "Mechanical", "Mechanical", "", false}};
    return LibraryConfig(settings, {{kSymbolT, "KiCad Symbol", "", ""}}, categories, kicad_categories, {},
                         category_parameters);
  }
};

storage::PartDetails part_in(int64_t category, std::vector<storage::PartParameterRecord> parameters = {}) {
  storage::PartDetails d;
  d.part.id = 100 + category;
  d.part.category_id = category;
  d.part.name = "PART";
  d.parameters = std::move(parameters);
  return d;
}

nlohmann::ordered_json render(const storage::PartDetails& d, const LibraryConfig& c) {
  std::vector<std::string> warnings;
  return render_part_detail(d, c, d.part.name, warnings);
}

TEST(InventreeCategoryDefaults, FillWhatTheKicadCategoryLeavesEmpty) {
  Fixture f;
  f.category_parameters = {{1, kPassives, 50, "KiCad Symbol", "Device:Generic"},
                           {2, kPassives, 51, "KiCad Footprint", "Resistor_SMD:R_0603_1608Metric"},
                           {3, kPassives, 52, "KiCad Reference", "Z"}};
  auto c = f.config();
  auto j = render(part_in(kPassives), c);
  EXPECT_EQ(j["symbolIdStr"], "Device:Generic");
  EXPECT_EQ(j["fields"]["footprint"]["value"], "Resistor_SMD:R_0603_1608Metric");
  // kibridge's own KiCad-category default ranks above InvenTree's.
  EXPECT_EQ(j["fields"]["reference"]["value"], "P");
  const auto* from = c.inventree_defaults_for(kPassives);
  ASSERT_NE(from, nullptr);
  EXPECT_EQ(from->symbol_from, kPassives);
  EXPECT_EQ(from->footprint_from, kPassives);
  EXPECT_EQ(from->reference_from, std::nullopt);
}

TEST(InventreeCategoryDefaults, TheExplanationNamesTheCategoryParameter) {
  Fixture f;
  f.category_parameters = {{1, kResistors, 50, "KiCad Symbol", "Device:R"}};
  auto c = f.config();
  std::vector<std::string> warnings;
  Explanation ex;
  const auto part = part_in(kSmd);
  render_part_detail(part, c, part.part.name, warnings, &ex);
  EXPECT_EQ(ex.symbol.kind, SourceKind::kCategoryDefault);
  EXPECT_NE(ex.symbol.detail.find("InvenTree category parameter 'KiCad Symbol' of 'Electronics/Passives/Resistors'"),
            std::string::npos)
      << ex.symbol.detail;
  // The reference is kibridge's own KiCad-category default, and says so.
  EXPECT_EQ(ex.fields.at("reference").detail, "default reference of KiCad category 'Electronics/Passives'");
}

TEST(InventreeCategoryDefaults, APartsOwnParameterStillWins) {
  Fixture f;
  f.category_parameters = {{1, kPassives, 50, "KiCad Symbol", "Device:Generic"}};
  auto j = render(part_in(kPassives, {{7, 100 + kPassives, kSymbolT, "Device:R_Small"}}), f.config());
  EXPECT_EQ(j["symbolIdStr"], "Device:R_Small");
}

TEST(InventreeCategoryDefaults, TheNearestCategoryUpTheTreeWins) {
  Fixture f;
  // On the KiCad category's parent, and on a sub-category it lists.
  f.category_parameters = {{1, kElectronics, 50, "KiCad Symbol", "Device:Generic"},
                           {2, kResistors, 50, "KiCad Symbol", "Device:R"}};
  auto c = f.config();
  EXPECT_EQ(render(part_in(kPassives), c)["symbolIdStr"], "Device:Generic");
  EXPECT_EQ(render(part_in(kResistors), c)["symbolIdStr"], "Device:R");
  EXPECT_EQ(render(part_in(kSmd), c)["symbolIdStr"], "Device:R");
  EXPECT_EQ(c.inventree_defaults_for(kSmd)->symbol_from, kResistors);
  // The listing still belongs to the one KiCad category (same id, listed once).
  EXPECT_EQ(c.listing_for(kSmd), c.kicad_category_of(kPassives));
  EXPECT_EQ(c.defaults_for(kSmd)->id, 10);
}

TEST(InventreeCategoryDefaults, OnlyPartsUnderAKicadCategoryTakeThem) {
  Fixture f;
  f.category_parameters = {{1, kMechanical, 50, "KiCad Symbol", "Mechanical:Screw"}};
  auto c = f.config();
  EXPECT_EQ(c.defaults_for(kMechanical), nullptr);
  EXPECT_EQ(render(part_in(kMechanical), c)["symbolIdStr"], "");
}

TEST(InventreeCategoryDefaults, NamesFollowTheSettingsInAnyCaseAndEmptyValuesDoNotCount) {
  Fixture f;
  f.settings.category_symbol_parameter = "Schematic Symbol";
  f.category_parameters = {{1, kPassives, 50, "KiCad Symbol", "Device:Generic"},
                           {2, kResistors, 53, "schematic SYMBOL", "Device:R"},
                           {3, kSmd, 53, "Schematic Symbol", "  "}};
  auto c = f.config();
  EXPECT_EQ(render(part_in(kPassives), c)["symbolIdStr"], "");  // "KiCad Symbol" is no longer read
  EXPECT_EQ(render(part_in(kSmd), c)["symbolIdStr"], "Device:R");
  f.settings.category_symbol_parameter = "";  // off
  EXPECT_EQ(render(part_in(kSmd), f.config())["symbolIdStr"], "");
}

}  // namespace
}  // namespace kibridge::kicad
