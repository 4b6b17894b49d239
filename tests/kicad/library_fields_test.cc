// The library fields (README "Library fields") on in-memory data: the datasheet fallback, named supplier and MPN
// fields, field rules (their parsing and their precedence), and the renderer's explanation.
#include <gtest/gtest.h>

#include "server/kicad/field_rules.h"
#include "server/kicad/library_config.h"
#include "server/kicad/part_renderer.h"
#include "server/kicad/settings.h"

// Named after the file: the unity build compiles this folder as one unit (CMakeLists.txt).
namespace kibridge::kicad::library_fields_test {
namespace {

using storage::PartDetails;

constexpr int64_t kPackageT = 1, kToleranceT = 2, kResistanceT = 3, kPowerT = 4, kSupplierPnT = 5, kNoteT = 6;
constexpr int64_t kPassives = 1, kResistors = 2, kOther = 3;

struct Fixture {
  KicadSettings settings;
  std::vector<storage::KicadCategoryRecord> kicad_categories;

  Fixture() {
    kicad_categories.push_back({10, kPassives, "Device:Generic", "", "P", std::nullopt, std::nullopt});
    kicad_categories.push_back({11, kResistors, "Device:R", "", "R", std::nullopt, kPackageT});
  }
  LibraryConfig config() const {
    std::vector<storage::ParameterTemplateRecord> templates = {
        {kPackageT, "Package", "", ""},     {kToleranceT, "Tolerance", "%", ""},
        {kResistanceT, "Resistance", "", ""}, {kPowerT, "Power Rating", "W", ""},
        {kSupplierPnT, "Supplier Part Number", "", ""}, {kNoteT, "Note", "", ""}};
    std::vector<storage::CategoryRecord> categories = {
        {kPassives, std::nullopt, "Passives", "Passives", "", false},
        {kResistors, kPassives, "Resistors", "Passives/Resistors", "", false},
        {kOther, std::nullopt, "Other", "Other", "", false}};
    std::vector<storage::FootprintMappingRecord> mappings = {{1, 11, "0603", "Resistor_SMD:R_0603_1608Metric"}};
    return LibraryConfig(settings, templates, categories, kicad_categories, mappings);
  }
};

PartDetails resistor(int64_t id = 5) {
  PartDetails d;
  d.part.id = id;
  d.part.category_id = kResistors;
  d.part.name = "R-10k";
  d.part.link = "https://vendor.example/r10k";
  int64_t pid = 100;
  for (auto [t, v] : std::vector<std::pair<int64_t, std::string>>{{kPackageT, "0603"},
                                                                  {kToleranceT, "1"},
                                                                  {kResistanceT, "10k"},
                                                                  {kPowerT, "0.1"},
                                                                  {kSupplierPnT, "C25804"},
                                                                  {kNoteT, "x"}}) {
    d.parameters.push_back({++pid, id, t, v});
  }
  return d;
}

nlohmann::ordered_json render(const PartDetails& d, const LibraryConfig& c, Explanation* ex = nullptr,
                              std::vector<std::string>* warnings = nullptr) {
  std::vector<std::string> w;
  auto j = render_part_detail(d, c, d.part.name, w, ex);
  if (warnings) *warnings = w;
  return j;
}

std::vector<FieldRule> rules(const std::string& text) {
  auto parsed = parse_field_rules(text);
  EXPECT_TRUE(parsed.rules.has_value()) << parsed.error;
  return parsed.rules.value_or(std::vector<FieldRule>{});
}

// ---- Datasheet fallback --------------------------------------------------------------------

TEST(DatasheetFallback, LinkServedOnlyWhenOnAndNoAttachment) {
  Fixture f;
  auto part = resistor();
  EXPECT_EQ(render(part, f.config())["fields"]["datasheet"]["value"], "");
  f.settings.datasheet_from_link = true;
  EXPECT_EQ(render(part, f.config())["fields"]["datasheet"]["value"], "https://vendor.example/r10k");
  part.attachments = {{9, 5, "https://x/ds.pdf", "datasheet"}};
  EXPECT_EQ(render(part, f.config())["fields"]["datasheet"]["value"], "https://x/ds.pdf");
  part.attachments.clear();
  part.part.link.clear();
  EXPECT_EQ(render(part, f.config())["fields"]["datasheet"]["value"], "");
}

TEST(DatasheetFallback, SettingParsesAndValidates) {
  EXPECT_TRUE(parse_settings({{"KICAD_DATASHEET_FROM_LINK", "True"}}).datasheet_from_link);
  EXPECT_FALSE(parse_settings({}).datasheet_from_link);
  EXPECT_FALSE(validate_setting("KICAD_DATASHEET_FROM_LINK", "maybe").normalised);
}

// ---- Supplier and MPN fields ---------------------------------------------------------------

TEST(SupplierFields, PrimarySupplierPartElseLowestId) {
  Fixture f;
  f.settings.supplier_fields = {{"LCSC", "LCSC"}, {"Mouser", "Mouser_PN"}, {"DigiKey", "DK"}};
  auto part = resistor();
  part.supplier_parts = {{30, 5, std::nullopt, "Mouser", "M-30", false},
                         {21, 5, std::nullopt, "Mouser", "M-21", false},
                         {40, 5, std::nullopt, "lcsc", "C-40", true},
                         {12, 5, std::nullopt, "LCSC", "C-12", false}};
  auto j = render(part, f.config());
  EXPECT_EQ(j["fields"]["LCSC"]["value"], "C-40");        // primary beats the lower id; names any case
  EXPECT_EQ(j["fields"]["Mouser_PN"]["value"], "M-21");   // no primary: lowest id
  EXPECT_EQ(j["fields"]["LCSC"]["visible"], "False");
  EXPECT_FALSE(j["fields"].contains("DK"));               // no supplier part of DigiKey: no field
  EXPECT_FALSE(j["fields"].contains("Supplier_1"));       // the plugin's enumeration stays off
}

TEST(SupplierFields, MpnFromTheFirstManufacturerPart) {
  Fixture f;
  auto part = resistor();
  part.manufacturer_parts = {{8, 5, "Vishay", "CRCW0603"}, {7, 5, "Yageo", "RC0603FR"}};
  EXPECT_FALSE(render(part, f.config())["fields"].contains("MPN"));  // off by default
  f.settings.mpn_field = "MPN";
  EXPECT_EQ(render(part, f.config())["fields"]["MPN"]["value"], "RC0603FR");
}

TEST(SupplierFields, SettingValidation) {
  std::string error;
  auto ok = parse_supplier_fields(R"({"LCSC": "LCSC", "Mouser": "Mouser_PN"})", error);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->size(), 2u);
  EXPECT_EQ((*ok)[1], (std::pair<std::string, std::string>{"Mouser", "Mouser_PN"}));
  for (const char* bad : {"{\"LCSC\": ", "[\"LCSC\"]", R"({"LCSC": 5})", R"({"LCSC": ""})", R"({"": "X"})",
                          R"({"A": "Footprint"})", R"({"A": "X", "B": "x"})"}) {
    EXPECT_FALSE(parse_supplier_fields(bad, error)) << bad;
    EXPECT_FALSE(error.empty());
    auto check = validate_setting("KICAD_SUPPLIER_FIELDS", bad);
    EXPECT_FALSE(check.normalised) << bad;
    EXPECT_NE(check.error.find("KICAD_SUPPLIER_FIELDS"), std::string::npos);
  }
  EXPECT_FALSE(parse_supplier_fields("{\"A\": \"" + std::string(101, 'x') + "\"}", error));
  EXPECT_EQ(validate_setting("KICAD_SUPPLIER_FIELDS", R"( {"LCSC" : "LCSC"} )").normalised, R"({"LCSC":"LCSC"})");
  EXPECT_EQ(validate_setting("KICAD_SUPPLIER_FIELDS", "").normalised, "");
  EXPECT_FALSE(validate_setting("KICAD_MPN_FIELD", "Value").normalised);
  // A stored value that no longer parses serves no supplier fields and is reported.
  std::vector<std::string> problems;
  EXPECT_TRUE(parse_settings({{"KICAD_SUPPLIER_FIELDS", "{"}}, &problems).supplier_fields.empty());
  EXPECT_EQ(problems.size(), 1u);
}

// ---- Field rules ---------------------------------------------------------------------------

TEST(FieldRules, ParseAndRejectWithTheRuleNamed) {
  auto r = rules(R"([{"match": "Tolerance", "field": "Tol", "visible": true}, {"match": "Supplier*", "exclude": true}])");
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].field, "Tol");
  EXPECT_EQ(r[0].visible, true);
  EXPECT_TRUE(r[1].exclude);
  EXPECT_TRUE(rules("").empty());
  const std::pair<const char*, const char*> bad[] = {
      {"{", "valid JSON"},
      {R"({"match": "x"})", "array"},
      {R"([{"match": "a"}, {"field": "b"}])", "rule 2 has no \"match\""},
      {R"([{"match": "Tol*", "field": "T"}])", "pattern cannot rename"},
      {R"([{"match": "a", "exclude": true, "visible": true}])", "excluding rule"},
      {R"([{"match": "a", "field": "Value"}])", "built-in"},
      {R"([{"match": "a", "visble": true}])", "unknown key \"visble\""},
      {R"([{"match": "a", "visible": "yes"}])", "true or false"},
      {R"([{"match": ""}])", "must not be empty"}};
  for (const auto& [text, message] : bad) {
    auto parsed = parse_field_rules(text);
    EXPECT_FALSE(parsed.rules) << text;
    EXPECT_NE(parsed.error.find(message), std::string::npos) << text << " -> " << parsed.error;
  }
  EXPECT_FALSE(parse_field_rules(R"([{"match": ")" + std::string(101, 'a') + R"("}])").rules);
  std::string many = "[";
  for (size_t i = 0; i <= kMaxFieldRules; ++i) many += std::string(i ? "," : "") + R"({"match": "a"})";
  EXPECT_FALSE(parse_field_rules(many + "]").rules);
}

TEST(FieldRules, CanonicalTextRoundTrips) {
  const auto r = rules(R"([ {"visible": false, "match": " Tolerance ", "field": "Tol"}, {"exclude": true, "match": "*"} ])");
  const std::string text = field_rules_text(r);
  EXPECT_EQ(text, R"([{"match":"Tolerance","field":"Tol","visible":false},{"match":"*","exclude":true}])");
  EXPECT_EQ(rules(text), r);
  EXPECT_EQ(field_rules_text({}), "");
}

TEST(FieldRules, GlobMatching) {
  EXPECT_TRUE(field_rule_matches("tol*", "tolerance"));
  EXPECT_TRUE(field_rule_matches("*ance", "tolerance"));
  EXPECT_TRUE(field_rule_matches("*", ""));
  EXPECT_TRUE(field_rule_matches("t*r*e", "tolerance"));
  EXPECT_FALSE(field_rule_matches("tol", "tolerance"));
  EXPECT_FALSE(field_rule_matches("*x*", "tolerance"));
  EXPECT_TRUE(field_rule_matches("a*a*a*b", std::string(60, 'a') + "b"));
  EXPECT_FALSE(field_rule_matches("a*a*a*b", std::string(60, 'a')));
}

TEST(FieldRules, IncludeExcludeRenameAndVisibility) {
  Fixture f;
  f.settings.field_rules = rules(R"([{"match": "Tolerance", "field": "Tol", "visible": true},
                                     {"match": "Supplier Part Number", "field": "LCSC"},
                                     {"match": "power*", "visible": false},
                                     {"match": "*", "exclude": true}])");
  f.settings.field_visibility_global = "Power Rating";
  auto j = render(resistor(), f.config());
  const auto& fields = j["fields"];
  EXPECT_EQ(fields["Tol"]["value"], "1 %");
  EXPECT_EQ(fields["Tol"]["visible"], "True");
  EXPECT_FALSE(fields.contains("Tolerance"));
  EXPECT_EQ(fields["LCSC"]["value"], "C25804");
  EXPECT_EQ(fields["Power Rating"]["visible"], "False");  // the rule beats the visibility list
  EXPECT_FALSE(fields.contains("Resistance"));            // the final "*" excludes the rest
  EXPECT_FALSE(fields.contains("Note"));
  EXPECT_EQ(fields["footprint"]["value"], "Resistor_SMD:R_0603_1608Metric");  // not a parameter field
}

TEST(FieldRules, CategoryRulesComeFirstThenGlobalFirstMatchWins) {
  Fixture f;
  f.settings.field_rules = rules(R"([{"match": "Tolerance", "field": "Tol"}, {"match": "Note", "exclude": true}])");
  // Resistors (deepest KiCad category of the part) renames Tolerance its own way; Passives'
  // rules do not apply to a resistor.
  f.kicad_categories[1].field_rules = field_rules_text(rules(R"([{"match": "tolerance", "field": "T"},
                                                                  {"match": "Tolerance", "field": "X"}])"));
  f.kicad_categories[0].field_rules = field_rules_text(rules(R"([{"match": "Note", "field": "N"}])"));
  auto j = render(resistor(), f.config());
  EXPECT_EQ(j["fields"]["T"]["value"], "1 %");
  EXPECT_FALSE(j["fields"].contains("X"));
  EXPECT_FALSE(j["fields"].contains("Tol"));
  EXPECT_FALSE(j["fields"].contains("Note"));  // global rule 2: the category has no rule for it
  EXPECT_FALSE(j["fields"].contains("N"));
  // A part of Passives gets Passives' rule.
  auto passive = resistor(6);
  passive.part.category_id = kPassives;
  auto p = render(passive, f.config());
  EXPECT_EQ(p["fields"]["N"]["value"], "x");
  EXPECT_EQ(p["fields"]["Tol"]["value"], "1 %");
}

TEST(FieldRules, RenameOntoAnExistingFieldIsRefusedWithAWarning) {
  Fixture f;
  f.settings.field_rules = rules(R"([{"match": "Note", "field": "InvenTree"}])");
  std::vector<std::string> warnings;
  auto j = render(resistor(), f.config(), nullptr, &warnings);
  EXPECT_EQ(j["fields"]["InvenTree"]["value"], "5");
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("'Note' to 'InvenTree'"), std::string::npos);
}

TEST(FieldRules, SettingValidatesAndStoresCanonicalText) {
  auto check = validate_setting("KICAD_FIELD_RULES", R"([ {"match":"Tol*", "visible":true} ])");
  EXPECT_EQ(check.normalised, R"([{"match":"Tol*","visible":true}])");
  check = validate_setting("KICAD_FIELD_RULES", R"([{"match":"Tol*","field":"T"}])");
  EXPECT_FALSE(check.normalised);
  EXPECT_NE(check.error.find("KICAD_FIELD_RULES: rule 1"), std::string::npos);
  EXPECT_EQ(parse_settings({{"KICAD_FIELD_RULES", R"([{"match":"a","exclude":true}])"}}).field_rules.size(), 1u);
  EXPECT_STREQ(setting_type_name(find_setting("KICAD_FIELD_RULES")->type), "json");
}

// ---- Explanation ---------------------------------------------------------------------------

TEST(Explanation, NamesTheSourceOfEachValue) {
  Fixture f;
  f.settings.field_rules = rules(R"([{"match": "Tolerance", "field": "Tol"}])");
  f.settings.supplier_fields = {{"LCSC", "LCSC"}};
  f.settings.mpn_field = "MPN";
  f.settings.datasheet_from_link = true;
  auto part = resistor();
  part.supplier_parts = {{40, 5, std::nullopt, "LCSC", "C-40", true}};
  part.manufacturer_parts = {{7, 5, "Yageo", "RC0603FR"}};
  Explanation ex;
  const auto with = render(part, f.config(), &ex);
  EXPECT_EQ(with, render(part, f.config()));  // explaining changes nothing served

  EXPECT_EQ(ex.symbol.kind, SourceKind::kCategoryDefault);
  EXPECT_NE(ex.symbol.detail.find("'Passives/Resistors'"), std::string::npos);
  EXPECT_EQ(ex.footprint.kind, SourceKind::kFootprintMapping);
  EXPECT_NE(ex.footprint.detail.find("parameter 'Package'"), std::string::npos);
  EXPECT_NE(ex.footprint.detail.find("footprint mapping '0603'"), std::string::npos);
  EXPECT_EQ(ex.fields.at("Tol").kind, SourceKind::kFieldRule);
  EXPECT_NE(ex.fields.at("Tol").detail.find("global rule 1"), std::string::npos);
  EXPECT_EQ(ex.fields.at("Resistance").kind, SourceKind::kParameter);
  EXPECT_EQ(ex.fields.at("LCSC").kind, SourceKind::kSupplier);
  EXPECT_NE(ex.fields.at("LCSC").detail.find("primary"), std::string::npos);
  EXPECT_EQ(ex.fields.at("MPN").kind, SourceKind::kManufacturer);
  EXPECT_EQ(ex.fields.at("datasheet").kind, SourceKind::kLink);
  EXPECT_EQ(ex.fields.at("reference").kind, SourceKind::kCategoryDefault);
  EXPECT_EQ(ex.fields.at("value").kind, SourceKind::kPart);
  // Every served field is explained.
  for (const auto& [name, value] : with["fields"].items()) EXPECT_TRUE(ex.fields.count(name)) << name;
  EXPECT_STREQ(source_kind_name(SourceKind::kFootprintMapping), "footprint_mapping");
}

}  // namespace
}  // namespace kibridge::kicad::library_fields_test

namespace kibridge::kicad::library_fields_test {
namespace {

// Every parameter served as no field is listed with why: the rule that excluded it (category
// rules first, then global), a rename onto a field the part already has, or its use for a
// KiCad value. Explaining changes nothing served.
TEST(Explanation, ListsEachExcludedParameterWithTheRuleThatExcludedIt) {
  Fixture f;
  f.kicad_categories[1].field_rules = R"([{"match": "Power*", "exclude": true}, {"match": "Note", "field": "InvenTree"}])";
  f.settings.field_rules = rules(R"([{"match": "Supplier*", "exclude": true}, {"match": "Power Rating", "field": "P"}])");
  Explanation ex;
  const auto served = render(resistor(), f.config(), &ex);
  EXPECT_EQ(served, render(resistor(), f.config()));
  ASSERT_EQ(ex.excluded.size(), 4u);
  EXPECT_EQ(ex.excluded[0].parameter, "Package");  // the footprint template of Passives/Resistors
  EXPECT_EQ(ex.excluded[0].source.kind, SourceKind::kSetting);
  EXPECT_EQ(ex.excluded[1].parameter, "Power Rating");  // the category's rule decides first
  EXPECT_EQ(ex.excluded[1].source.kind, SourceKind::kFieldRule);
  EXPECT_EQ(ex.excluded[1].source.detail, "excluded by rule 1 of KiCad category 'Passives/Resistors' matching 'Power*'");
  EXPECT_EQ(ex.excluded[2].parameter, "Supplier Part Number");
  EXPECT_EQ(ex.excluded[2].source.detail, "excluded by global rule 1 (KICAD_FIELD_RULES) matching 'Supplier*'");
  EXPECT_EQ(ex.excluded[3].parameter, "Note");
  EXPECT_NE(ex.excluded[3].source.detail.find("renamed to 'InvenTree', a field the part already has, by rule 2"),
            std::string::npos)
      << ex.excluded[3].source.detail;
  for (const auto& e : ex.excluded) EXPECT_FALSE(served["fields"].contains(e.parameter)) << e.parameter;
  EXPECT_TRUE(served["fields"].contains("Tolerance"));  // no rule: served as before, not listed
}

}  // namespace
}  // namespace kibridge::kicad::library_fields_test
