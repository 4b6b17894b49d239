// The plugin's rendering and precedence rules, pinned on in-memory data (no server, no SQL).
#include "server/kicad/part_renderer.h"

#include <gtest/gtest.h>

#include "server/kicad/library_config.h"
#include "server/kicad/served_names.h"

// Named after the file: the unity build compiles this folder as one unit (CMakeLists.txt).
namespace kibridge::kicad::part_renderer_test {
namespace {

using storage::PartDetails;

// Templates of the fixture.
constexpr int64_t kSymbolT = 1, kFootprintT = 2, kReferenceT = 3, kValueT = 4, kVisibilityT = 5, kBomT = 6,
                  kBoardT = 7, kSimT = 8, kPackageT = 9, kResistanceT = 10, kToleranceT = 11, kValueTemplateT = 12,
                  kDescriptionNamedT = 13, kPowerT = 14;
// Categories: 1 Electronics > 2 Passives > 3 Resistors > 4 SMD; 5 Mechanical.
constexpr int64_t kElectronics = 1, kPassives = 2, kResistors = 3, kSmd = 4, kMechanical = 5;

struct Fixture {
  KicadSettings settings;
  std::vector<storage::KicadCategoryRecord> kicad_categories;
  std::vector<storage::FootprintMappingRecord> mappings;

  Fixture() {
    settings.symbol_parameter = "KiCad Symbol";      // by name
    settings.footprint_parameter = "2";              // by id
    settings.reference_parameter = "kicad reference";  // names are case-insensitive
    settings.value_parameter = "KiCad Value";
    settings.field_visibility_parameter = "Visible Fields";
    settings.exclude_from_bom_parameter = "BOM";
    settings.exclude_from_board_parameter = "Board";
    settings.exclude_from_sim_parameter = "Sim";
    // Passives (generic) and Resistors (specific) are both KiCad categories.
    kicad_categories.push_back({10, kPassives, "Device:Generic", "", "P", std::nullopt, std::nullopt});
    kicad_categories.push_back({11, kResistors, "Device:R", "", "R", kResistanceT, kPackageT});
    mappings.push_back({1, 11, "0603", "Resistor_SMD:R_0603_1608Metric"});
  }

  LibraryConfig config() const {
    std::vector<storage::ParameterTemplateRecord> templates = {
        {kSymbolT, "KiCad Symbol", "", ""},       {kFootprintT, "KiCad Footprint", "", ""},
        {kReferenceT, "KiCad Reference", "", ""}, {kValueT, "KiCad Value", "", ""},
        {kVisibilityT, "Visible Fields", "", ""}, {kBomT, "BOM", "", ""},
        {kBoardT, "Board", "", ""},               {kSimT, "Sim", "", ""},
        {kPackageT, "Package", "", ""},           {kResistanceT, "Resistance", "ohm", ""},
        {kToleranceT, "Tolerance", "%", ""},      {kValueTemplateT, "Value Template", "", ""},
        {kDescriptionNamedT, "Description", "", ""}, {kPowerT, "Power", "W", ""}};
    std::vector<storage::CategoryRecord> categories = {
        {kElectronics, std::nullopt, "Electronics", "Electronics", "", false},
        {kPassives, kElectronics, "Passives", "Electronics/Passives", "", false},
        {kResistors, kPassives, "Resistors", "Electronics/Passives/Resistors", "", false},
        {kSmd, kResistors, "SMD", "Electronics/Passives/Resistors/SMD", "", false},
        {kMechanical, std::nullopt, "Mechanical", "Mechanical", "", true}};
    return LibraryConfig(settings, templates, categories, kicad_categories, mappings);
  }
};

PartDetails make_part(int64_t id, std::optional<int64_t> category, std::vector<std::pair<int64_t, std::string>> params = {}) {
  PartDetails d;
  d.part.id = id;
  d.part.category_id = category;
  d.part.name = "PART-" + std::to_string(id);
  d.part.description = "A part";
  d.part.keywords = "kw";
  int64_t pid = id * 100;
  for (auto& [t, v] : params) d.parameters.push_back({++pid, id, t, v});
  return d;
}

nlohmann::ordered_json detail(const PartDetails& d, const LibraryConfig& c, std::vector<std::string>* warnings = nullptr) {
  std::vector<std::string> w;
  auto j = render_part_detail(d, c, d.part.name, w);
  if (warnings) *warnings = w;
  return j;
}

std::string field_value(const nlohmann::ordered_json& j, const std::string& name) {
  return j.at("fields").at(name).at("value").get<std::string>();
}

TEST(PartRenderer, DeepestKicadCategorySuppliesDefaults) {
  Fixture f;
  auto c = f.config();
  // A part in SMD (below Resistors, below Passives) takes Resistors' defaults, not Passives'.
  auto j = detail(make_part(1, kSmd), c);
  EXPECT_EQ(j["symbolIdStr"], "Device:R");
  EXPECT_EQ(field_value(j, "reference"), "R");
  auto p = detail(make_part(2, kPassives), c);
  EXPECT_EQ(p["symbolIdStr"], "Device:Generic");
  EXPECT_EQ(field_value(p, "reference"), "P");
  // No KiCad category at all: the plugin's fallbacks.
  auto m = detail(make_part(3, kMechanical), c);
  EXPECT_EQ(m["symbolIdStr"], "");
  EXPECT_EQ(field_value(m, "reference"), "X");
}

TEST(PartRenderer, SymbolPrecedence) {
  Fixture f;
  f.settings.default_for_missing_symbol = "Device:Missing";
  auto c = f.config();
  EXPECT_EQ(detail(make_part(1, kResistors, {{kSymbolT, "Device:R_Small"}}), c)["symbolIdStr"], "Device:R_Small");
  EXPECT_EQ(detail(make_part(2, kMechanical), c)["symbolIdStr"], "Device:Missing");
  EXPECT_EQ(detail(make_part(3, kResistors), c)["symbolIdStr"], "Device:R");
}

TEST(PartRenderer, SymbolWithoutLibraryIsReportedNotInvented) {
  Fixture f;
  auto c = f.config();
  std::vector<std::string> warnings;
  auto j = detail(make_part(1, kResistors, {{kSymbolT, "R_Small"}}), c, &warnings);
  EXPECT_EQ(j["symbolIdStr"], "R_Small");  // not "Device:R_Small", not "R_Small:"
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("no library prefix"), std::string::npos);
}

TEST(PartRenderer, SymbolWithSeveralColonsKeepsTheFirst) {
  Fixture f;
  auto c = f.config();
  std::vector<std::string> warnings;
  EXPECT_EQ(detail(make_part(1, kResistors, {{kSymbolT, "A:B:C"}}), c, &warnings)["symbolIdStr"], "A:B_C");
  EXPECT_EQ(warnings.size(), 1u);
}

TEST(PartRenderer, FootprintPrecedenceAndMapping) {
  Fixture f;
  f.kicad_categories[0].default_footprint = "Generic:Default";
  auto c = f.config();
  // Passives: category default, then the global footprint parameter.
  EXPECT_EQ(field_value(detail(make_part(1, kPassives), c), "footprint"), "Generic:Default");
  EXPECT_EQ(field_value(detail(make_part(2, kPassives, {{kFootprintT, "Lib:Fp"}}), c), "footprint"), "Lib:Fp");
  // Resistors: the category's own footprint template (Package) overrides the global one,
  // and its value goes through the category's mapping (exact, case-sensitive).
  auto j = detail(make_part(3, kResistors, {{kFootprintT, "Lib:Ignored"}, {kPackageT, "0603"}}), c);
  EXPECT_EQ(field_value(j, "footprint"), "Resistor_SMD:R_0603_1608Metric");
  EXPECT_EQ(field_value(detail(make_part(4, kResistors, {{kPackageT, "0805"}}), c), "footprint"), "0805");
  EXPECT_EQ(field_value(detail(make_part(5, kResistors, {{kPackageT, "0603 "}}), c), "footprint"), "0603 ");
}

TEST(PartRenderer, MappingAppliesToTheCategoryDefaultToo) {
  Fixture f;
  f.kicad_categories[1].default_footprint = "0603";
  f.kicad_categories[1].footprint_parameter_template.reset();
  auto c = f.config();
  EXPECT_EQ(field_value(detail(make_part(1, kResistors), c), "footprint"), "Resistor_SMD:R_0603_1608Metric");
}

TEST(PartRenderer, ReferencePrecedence) {
  Fixture f;
  f.kicad_categories[0].default_reference = "  ";
  auto c = f.config();
  EXPECT_EQ(field_value(detail(make_part(1, kPassives), c), "reference"), "X");  // blank default keeps X
  EXPECT_EQ(field_value(detail(make_part(2, kResistors, {{kReferenceT, "RN"}}), c), "reference"), "RN");
  EXPECT_EQ(detail(make_part(3, kResistors), c)["fields"]["reference"]["visible"], "True");
}

TEST(PartRenderer, ValuePrecedence) {
  Fixture f;
  auto c = f.config();
  // Name, unless the value parameter is set; the category's value template only while the
  // value is still the name.
  EXPECT_EQ(field_value(detail(make_part(1, kPassives), c), "value"), "PART-1");
  EXPECT_EQ(field_value(detail(make_part(2, kResistors, {{kResistanceT, "10k"}}), c), "value"), "10k");
  EXPECT_EQ(field_value(detail(make_part(3, kResistors, {{kValueT, "V"}, {kResistanceT, "10k"}}), c), "value"), "V");
  // The value field has no "visible" key: KiCad shows it.
  EXPECT_FALSE(detail(make_part(4, kPassives), c)["fields"]["value"].contains("visible"));
}

TEST(PartRenderer, IpnOptions) {
  Fixture f;
  auto part = make_part(1, kPassives);
  part.part.ipn = "R-0001";
  EXPECT_FALSE(detail(part, f.config())["fields"].contains("IPN"));
  f.settings.include_ipn = IpnMode::kIncludeHidden;
  EXPECT_EQ(detail(part, f.config())["fields"]["IPN"]["visible"], "False");
  f.settings.include_ipn = IpnMode::kIncludeVisible;
  EXPECT_EQ(detail(part, f.config())["fields"]["IPN"]["visible"], "True");
  f.settings.include_ipn = IpnMode::kIncludeAsValue;
  EXPECT_EQ(field_value(detail(part, f.config()), "value"), "R-0001");
}

TEST(PartRenderer, ExclusionFlagsComeFromParametersAsStrings) {
  Fixture f;
  auto c = f.config();
  std::vector<std::string> warnings;
  auto j = detail(make_part(1, kPassives, {{kBomT, "yes"}, {kBoardT, "False"}, {kSimT, "maybe"}}), c, &warnings);
  EXPECT_EQ(j["exclude_from_bom"], "True");
  EXPECT_EQ(j["exclude_from_board"], "False");  // a stored "False" is false
  EXPECT_EQ(j["exclude_from_sim"], "False");
  EXPECT_EQ(warnings.size(), 1u);  // "maybe" is reported
  auto plain = detail(make_part(2, kPassives), c);
  EXPECT_EQ(plain["exclude_from_bom"], "False");
}

TEST(PartRenderer, HiddenInvenTreeAndPartUrlFields) {
  Fixture f;
  auto j = detail(make_part(42, kPassives), f.config());
  EXPECT_EQ(field_value(j, "InvenTree"), "42");
  EXPECT_EQ(j["fields"]["InvenTree"]["visible"], "False");
  EXPECT_FALSE(j["fields"].contains("Part URL"));  // no InvenTree URL configured
  f.settings.inventree_url = "https://inventree.example.com";
  auto k = detail(make_part(42, kPassives), f.config());
  EXPECT_EQ(field_value(k, "Part URL"), "https://inventree.example.com/web/part/42/");
}

TEST(PartRenderer, ParametersBecomeFieldsWithUnitsAndVisibility) {
  Fixture f;
  f.settings.field_visibility_global = " tolerance , Nothing";
  auto c = f.config();
  auto j = detail(make_part(1, kPassives,
                            {{kToleranceT, "1"}, {kPowerT, "0.1W"}, {kSymbolT, "Device:R"}, {kDescriptionNamedT, "x"},
                             {kPackageT, "0603"}}),
                  c);
  EXPECT_EQ(field_value(j, "Tolerance"), "1 %");
  EXPECT_EQ(j["fields"]["Tolerance"]["visible"], "True");
  EXPECT_EQ(field_value(j, "Power"), "0.1W");  // already carries its unit
  EXPECT_EQ(j["fields"]["Power"]["visible"], "False");
  EXPECT_FALSE(j["fields"].contains("KiCad Symbol"));  // configures a KiCad field instead
  EXPECT_EQ(field_value(j, "description"), "A part");   // not clobbered by a "Description" parameter
  EXPECT_EQ(field_value(j, "Package"), "0603");         // Passives has no footprint template

  // The per-part visibility parameter replaces the global list.
  auto k = detail(make_part(2, kPassives, {{kToleranceT, "1"}, {kPowerT, "1"}, {kVisibilityT, "Power"}}), c);
  EXPECT_EQ(k["fields"]["Tolerance"]["visible"], "False");
  EXPECT_EQ(k["fields"]["Power"]["visible"], "True");
  EXPECT_FALSE(k["fields"].contains("Visible Fields"));

  f.settings.include_units_in_parameters = false;
  EXPECT_EQ(field_value(detail(make_part(3, kPassives, {{kToleranceT, "1"}}), f.config()), "Tolerance"), "1");
}

TEST(PartRenderer, CategoryTemplatesAreNotRepeatedAsFields) {
  Fixture f;
  auto j = detail(make_part(1, kResistors, {{kResistanceT, "10k"}, {kPackageT, "0603"}}), f.config());
  EXPECT_FALSE(j["fields"].contains("Resistance"));
  EXPECT_FALSE(j["fields"].contains("Package"));
}

TEST(PartRenderer, ManufacturerAndSupplierFields) {
  Fixture f;
  auto part = make_part(1, kPassives);
  part.manufacturer_parts = {{7, 1, "Yageo", "RC0603"}, {8, 1, "Vishay", "CRCW0603"}};
  part.supplier_parts = {{20, 1, 8, "DigiKey", "541-1"}, {21, 1, std::nullopt, "LCSC", "C25804"},
                         {22, 1, 7, "Mouser", "603-RC"}};
  EXPECT_FALSE(detail(part, f.config())["fields"].contains("Manufacturer_1"));
  f.settings.enable_manufacturer_data = true;
  auto j = detail(part, f.config());
  EXPECT_EQ(field_value(j, "Manufacturer_1"), "Yageo");
  EXPECT_EQ(field_value(j, "MPN_2"), "CRCW0603");
  EXPECT_EQ(field_value(j, "Supplier_1_1"), "Mouser");
  EXPECT_EQ(field_value(j, "SPN_2_1"), "541-1");
  // Without a manufacturer part: numbered by position among all supplier parts.
  EXPECT_EQ(field_value(j, "Supplier_2"), "LCSC");
  EXPECT_EQ(field_value(j, "SPN_2"), "C25804");
  EXPECT_EQ(j["fields"]["Supplier_2"]["visible"], "False");
}

TEST(PartRenderer, DatasheetIsTheAttachmentCommentedDatasheet) {
  Fixture f;
  auto part = make_part(1, kPassives);
  part.attachments = {{1, 1, "https://x/photo.jpg", "photo"}, {2, 1, "https://x/ds.pdf", " DataSheet "},
                      {3, 1, "https://x/other.pdf", "datasheet"}};
  EXPECT_EQ(field_value(detail(part, f.config()), "datasheet"), "https://x/ds.pdf");
}

TEST(PartRenderer, EveryIdBooleanAndFieldIsAString) {
  Fixture f;
  f.settings.enable_manufacturer_data = true;
  f.settings.include_ipn = IpnMode::kIncludeVisible;
  auto part = make_part(9, kResistors, {{kToleranceT, "1"}, {kBomT, "1"}});
  part.manufacturer_parts = {{7, 9, "Yageo", "RC0603"}};
  std::vector<std::string> warnings;
  auto j = render_listing_entry(part, f.config(), "PART-9", warnings);
  EXPECT_TRUE(j["id"].is_string());
  for (const char* key : {"name", "description", "keywords", "symbolIdStr", "exclude_from_bom", "exclude_from_board",
                          "exclude_from_sim", "stock"}) {
    EXPECT_TRUE(j[key].is_string()) << key;
  }
  for (const auto& [name, field] : j["fields"].items()) {
    ASSERT_TRUE(field.is_object()) << name;
    EXPECT_TRUE(field["value"].is_string()) << name;
    if (field.contains("visible")) {
      EXPECT_TRUE(field["visible"].is_string()) << name;
    }
  }
}

TEST(PartRenderer, DetailHasTopLevelDescriptionEqualToItsField) {
  Fixture f;
  auto j = detail(make_part(1, kPassives), f.config());
  EXPECT_EQ(j["description"], field_value(j, "description"));
  EXPECT_EQ(j["keywords"], field_value(j, "keywords"));
}

TEST(PartRenderer, ListingDescriptionCarriesTheStockFormat) {
  Fixture f;
  auto part = make_part(1, kPassives);
  part.part.unallocated_stock = 42;
  std::vector<std::string> w;
  EXPECT_EQ(render_listing_entry(part, f.config(), "n", w)["description"], "A part");
  f.settings.enable_stock_count = true;
  auto j = render_listing_entry(part, f.config(), "n", w);
  EXPECT_EQ(j["description"], "[Stock: 42] A part");
  EXPECT_EQ(j["stock"], "42");
  EXPECT_EQ(field_value(j, "description"), "A part");  // the field stays plain
  f.settings.stock_count_format = "{part.name} {0:>10}";
  w.clear();
  EXPECT_EQ(render_listing_entry(part, f.config(), "n", w)["description"], "A part");  // unusable format
  EXPECT_EQ(w.size(), 1u);
}

TEST(StockFormat, PythonFormatSubset) {
  storage::PartRecord p;
  p.name = "N";
  p.ipn = "I";
  p.description = "D";
  p.revision = "B";
  EXPECT_EQ(format_stock_description("[Stock: {1}] {0}", p, "5"), "[Stock: 5] D");
  EXPECT_EQ(format_stock_description("{} / {}", p, "5"), "D / 5");
  EXPECT_EQ(format_stock_description("{part.IPN} {part.name} rev {part.revision}: {part.stock} {{x}}", p, "5"),
            "I N rev B: 5 {x}");
  EXPECT_EQ(format_stock_description("  {0}  ", p, "5"), "D");
  EXPECT_EQ(format_stock_description("{0} {}", p, "5"), std::nullopt);  // mixing numbering
  EXPECT_EQ(format_stock_description("{2}", p, "5"), std::nullopt);
  EXPECT_EQ(format_stock_description("{0", p, "5"), std::nullopt);
  EXPECT_EQ(format_stock_description("x}", p, "5"), std::nullopt);
}

TEST(StockFormat, DecimalToString) {
  EXPECT_EQ(decimal_to_string(42.0), "42");
  EXPECT_EQ(decimal_to_string(12.5), "12.5");
  EXPECT_EQ(decimal_to_string(0.0), "0");
  EXPECT_EQ(decimal_to_string(0.125), "0.125");
}

TEST(ServedNames, IllegalCharactersAndCollisions) {
  EXPECT_EQ(sanitize_part_name("A:B\\C<D>E\"F\tG"), "A_B_C_D_E_F_G");
  storage::PartRecord a, b, c, d;
  a.id = 5;
  a.name = "10k";
  b.id = 3;
  b.name = "10k";
  c.id = 9;
  c.name = "10k (5)";  // would clash with a suffixed name
  d.id = 7;
  d.name = "R:1";
  auto names = assign_served_names({&a, &b, &c, &d}, false);
  EXPECT_EQ(names[3], "10k");  // lowest pk keeps the plain name
  EXPECT_EQ(names[9], "10k (5)");
  EXPECT_NE(names[5], "10k");
  EXPECT_NE(names[5], "10k (5)");
  EXPECT_EQ(names[7], "R_1");
}

TEST(ServedNames, IpnAsName) {
  storage::PartRecord a, b;
  a.id = 1;
  a.name = "Same";
  a.ipn = "IPN-1";
  b.id = 2;
  b.name = "Same";
  auto names = assign_served_names({&a, &b}, true);
  EXPECT_EQ(names[1], "IPN-1");
  EXPECT_EQ(names[2], "Same");  // no IPN: falls back to the name
}

TEST(LibraryConfig, ListingMembershipFollowsSubcategorySetting) {
  Fixture f;
  auto c = f.config();
  ASSERT_NE(c.listing_for(kSmd), nullptr);
  EXPECT_EQ(c.listing_for(kSmd)->category_id, kResistors);
  // Passives' listing covers itself but not the Resistors sub-tree, which has its own.
  EXPECT_EQ(c.categories_listed_by(f.kicad_categories[0]), std::vector<int64_t>{kPassives});
  EXPECT_EQ(c.categories_listed_by(f.kicad_categories[1]), (std::vector<int64_t>{kResistors, kSmd}));
  f.settings.enable_subcategory = false;
  auto flat = f.config();
  EXPECT_EQ(flat.listing_for(kSmd), nullptr);
  EXPECT_EQ(flat.categories_listed_by(f.kicad_categories[1]), std::vector<int64_t>{kResistors});
  // Defaults still come from the deepest selected ancestor.
  ASSERT_NE(flat.defaults_for(kSmd), nullptr);
  EXPECT_EQ(flat.defaults_for(kSmd)->category_id, kResistors);
}

TEST(LibraryConfig, InactiveAndTemplatePartsAreHidden) {
  Fixture f;
  storage::PartRecord p;
  p.category_id = kResistors;
  EXPECT_TRUE(f.config().is_listed(p));
  p.active = false;
  EXPECT_FALSE(f.config().is_listed(p));
  f.settings.hide_inactive_parts = false;
  EXPECT_TRUE(f.config().is_listed(p));
  p.is_template = true;
  EXPECT_TRUE(f.config().is_listed(p));
  f.settings.hide_template_parts = true;
  EXPECT_FALSE(f.config().is_listed(p));
  p.category_id = kMechanical;
  p.is_template = false;
  EXPECT_FALSE(f.config().is_listed(p));  // no KiCad category
}

TEST(Settings, StoredStringsParseAsThePluginMeantThem) {
  std::vector<std::string> problems;
  auto s = parse_settings({{"KICAD_ENABLE_SUBCATEGORY", "False"},
                           {"KICAD_INCLUDE_UNITS_IN_PARAMETERS", "no"},
                           {"KICAD_INCLUDE_IPN", "True"},  // the 2.0.x key for "include visible"
                           {"KICAD_HIDE_INACTIVE_PARTS", "sometimes"},
                           {"INVENTREE_URL", "https://inv.example.com/"}},
                          &problems);
  EXPECT_FALSE(s.enable_subcategory);
  EXPECT_FALSE(s.include_units_in_parameters);
  EXPECT_EQ(s.include_ipn, IpnMode::kIncludeVisible);
  EXPECT_TRUE(s.hide_inactive_parts);  // unreadable: default kept, and reported
  EXPECT_EQ(problems.size(), 1u);
  EXPECT_EQ(s.inventree_url, "https://inv.example.com");
}

TEST(Settings, ValidationIsStrict) {
  EXPECT_EQ(validate_setting("KICAD_ENABLE_STOCK_COUNT", "YES").normalised, "true");
  EXPECT_FALSE(validate_setting("KICAD_ENABLE_STOCK_COUNT", "sometimes").normalised);
  EXPECT_FALSE(validate_setting("NO_SUCH_SETTING", "1").normalised);
  EXPECT_EQ(validate_setting("KICAD_INCLUDE_IPN", "0").normalised, "dont_include");
  EXPECT_FALSE(validate_setting("KICAD_INCLUDE_IPN", "always").normalised);
  EXPECT_FALSE(validate_setting("INVENTREE_URL", "ftp://x").normalised);
  EXPECT_FALSE(validate_setting("IMPORT_INVENTREE_ID_IDENTIFIER", " ").normalised);
}

TEST(LibraryConfig, TemplatesResolveByIdOrCaseInsensitiveName) {
  Fixture f;
  auto c = f.config();
  EXPECT_EQ(c.resolve_template("10"), kResistanceT);
  EXPECT_EQ(c.resolve_template("rEsIsTaNcE"), kResistanceT);
  EXPECT_EQ(c.resolve_template("999"), std::nullopt);
  EXPECT_EQ(c.resolve_template("Nope"), std::nullopt);
  EXPECT_EQ(c.kicad_templates().footprint, kFootprintT);
  EXPECT_EQ(c.kicad_templates().reference, kReferenceT);
}

}  // namespace
}  // namespace kibridge::kicad::part_renderer_test
