// Every planning rule of import_plan.h, on hand-built netlists and on real KiCad exports.

#include "server/netlist/import_plan.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "server/netlist/netlist_reader.h"
#include "tests/netlist/fake_part_directory.h"
#include "tests/netlist/netlist_of.h"
#include "tests/support/shared_files.h"

namespace kibridge::netlist {
namespace {

using testing::FakePartDirectory;
using Refs = std::vector<std::string>;

// Builds a component the way KiCad 8+ would export it.
class Comp {
 public:
  explicit Comp(std::string ref) {
    c_.ref = std::move(ref);
    c_.libsource = LibSource{"Device", "R", "Resistor"};
  }
  Comp& field(std::string name, std::string value) {
    c_.fields.push_back(Field{std::move(name), std::move(value)});
    return *this;
  }
  Comp& id(std::string value) { return field("InvenTree", std::move(value)); }
  Comp& ipn(std::string value) { return field("IPN", std::move(value)); }
  Comp& footprint(std::string value) {
    c_.footprint = std::move(value);
    return *this;
  }
  Comp& datasheet(std::string value) {
    c_.datasheet = std::move(value);
    return *this;
  }
  Comp& value(std::string value) {
    c_.value = std::move(value);
    return *this;
  }
  Comp& symbol(std::string lib, std::string part) {
    c_.libsource = LibSource{std::move(lib), std::move(part), ""};
    return *this;
  }
  Comp& no_libsource() {
    c_.libsource.reset();
    return *this;
  }
  Comp& dnp() {
    c_.flags.dnp = true;
    return *this;
  }
  operator Component() const { return c_; }  // NOLINT: builder

 private:
  Component c_;
};

KnownPart part(std::int64_t id, std::string name, std::string ipn = "") {
  KnownPart p;
  p.id = id;
  p.name = std::move(name);
  p.ipn = std::move(ipn);
  return p;
}

using kibridge::testing::netlist_of;

const ComponentReport& entry(const ImportReport& report, const std::string& ref) {
  for (const ComponentReport& c : report.components) {
    if (c.ref == ref) return c;
  }
  throw std::runtime_error("no component entry " + ref);
}

const PartReport& part_report(const ImportReport& report, std::int64_t id) {
  for (const PartReport& p : report.parts) {
    if (p.part_id == id) return p;
  }
  throw std::runtime_error("no part " + std::to_string(id));
}

const PlannedChange* change_of(const PartReport& part, WritableField field) {
  for (const PlannedChange& c : part.changes) {
    if (c.field == field) return &c;
  }
  return nullptr;
}

const IgnoredValue* ignored_of(const PartReport& part, WritableField field) {
  for (const IgnoredValue& i : part.ignored) {
    if (i.field == field) return &i;
  }
  return nullptr;
}

bool contains(const std::string& text, const std::string& needle) { return text.find(needle) != std::string::npos; }

// ---- matching ----

TEST(ImportPlanMatching, IdentifierFieldHoldsPartId) {
  FakePartDirectory directory;
  directory.add(part(7, "RC0603-10K"));
  ImportReport report = plan_import(netlist_of({Comp("R1").id(" 7 ")}), ImportSettings{}, directory);
  const ComponentReport& r1 = entry(report, "R1");
  EXPECT_EQ(r1.status, ComponentStatus::kMatched);
  EXPECT_EQ(r1.method, MatchMethod::kId);
  EXPECT_EQ(r1.part_id, 7);
  EXPECT_TRUE(r1.reason.empty());
}

TEST(ImportPlanMatching, IdentifierFieldNameIsAPrefixIgnoringCase) {
  FakePartDirectory directory;
  directory.add(part(7, "A")).add(part(8, "B"));
  ImportReport report =
      plan_import(netlist_of({Comp("R1").field("inventree", "7"), Comp("R2").field("INVENTREE_PK", "8")}),
                  ImportSettings{}, directory);
  EXPECT_EQ(entry(report, "R1").part_id, 7);
  EXPECT_EQ(entry(report, "R2").part_id, 8);
}

TEST(ImportPlanMatching, FirstNonBlankIdentifierFieldCounts) {
  FakePartDirectory directory;
  directory.add(part(7, "A")).add(part(8, "B"));
  ImportReport report =
      plan_import(netlist_of({Comp("R1").field("InvenTree", "  ").field("InvenTree ID", "8").field("InvenTree2", "7")}),
                  ImportSettings{}, directory);
  EXPECT_EQ(entry(report, "R1").part_id, 8);
}

TEST(ImportPlanMatching, ConfiguredIdentifierPrefix) {
  FakePartDirectory directory;
  directory.add(part(7, "A"));
  ImportSettings settings;
  settings.id_field_prefix = "PartPK";
  ImportReport report =
      plan_import(netlist_of({Comp("R1").field("PartPK", "7"), Comp("R2").id("7")}), settings, directory);
  EXPECT_EQ(entry(report, "R1").status, ComponentStatus::kMatched);
  EXPECT_EQ(entry(report, "R2").status, ComponentStatus::kUnmatched);
  EXPECT_EQ(entry(report, "R2").reason, "no \"PartPK\" or IPN field");
}

TEST(ImportPlanMatching, IpnFieldWhenNoIdentifier) {
  FakePartDirectory directory;
  directory.add(part(7, "A", "RES-10K")).add(part(8, "B", "RES-1K"));
  ImportReport report = plan_import(netlist_of({Comp("R1").field("ipn", "RES-1K ")}), ImportSettings{}, directory);
  EXPECT_EQ(entry(report, "R1").method, MatchMethod::kIpn);
  EXPECT_EQ(entry(report, "R1").part_id, 8);
}

TEST(ImportPlanMatching, UnknownIdFallsBackToIpnWithNote) {
  FakePartDirectory directory;
  directory.add(part(7, "A", "RES-10K"));
  ImportReport report = plan_import(netlist_of({Comp("R1").id("999").ipn("RES-10K")}), ImportSettings{}, directory);
  const ComponentReport& r1 = entry(report, "R1");
  EXPECT_EQ(r1.method, MatchMethod::kIpn);
  EXPECT_EQ(r1.part_id, 7);
  ASSERT_EQ(r1.notes.size(), 1u);
  EXPECT_EQ(r1.notes[0], "InvenTree field \"999\" is not a known part id; matched by ipn instead");
}

TEST(ImportPlanMatching, IdWinsOverIpnAndDisagreementIsNoted) {
  FakePartDirectory directory;
  directory.add(part(7, "A", "RES-10K")).add(part(8, "B", "RES-1K"));
  ImportReport report = plan_import(netlist_of({Comp("R1").id("7").ipn("RES-1K")}), ImportSettings{}, directory);
  const ComponentReport& r1 = entry(report, "R1");
  EXPECT_EQ(r1.part_id, 7);
  EXPECT_EQ(r1.method, MatchMethod::kId);
  ASSERT_EQ(r1.notes.size(), 1u);
  EXPECT_EQ(r1.notes[0], "IPN field \"RES-1K\" differs from part 7's IPN \"RES-10K\"");
}

TEST(ImportPlanMatching, NonNumericIdentifierWithoutFallbackIsUnmatched) {
  FakePartDirectory directory;
  directory.add(part(7, "RC0603-10K"));
  ImportReport report = plan_import(netlist_of({Comp("R1").id("RC0603-10K")}), ImportSettings{}, directory);
  const ComponentReport& r1 = entry(report, "R1");
  EXPECT_EQ(r1.status, ComponentStatus::kUnmatched);
  EXPECT_FALSE(r1.part_id.has_value());
  EXPECT_EQ(r1.reason, "InvenTree field \"RC0603-10K\" is not a part id; matching by name is off");
}

TEST(ImportPlanMatching, NameFallbackUsesIdentifierText) {
  FakePartDirectory directory;
  directory.add(part(7, "RC0603-10K")).add(part(8, "42"));
  ImportSettings settings;
  settings.name_fallback = true;
  ImportReport report = plan_import(netlist_of({Comp("R1").id("RC0603-10K"), Comp("R2").id("42"), Comp("R3").id("8")}),
                                    settings, directory);
  EXPECT_EQ(entry(report, "R1").method, MatchMethod::kName);
  EXPECT_EQ(entry(report, "R1").part_id, 7);
  // A numeric text that is not an id may still be a name (the plugin's fallback case).
  EXPECT_EQ(entry(report, "R2").method, MatchMethod::kName);
  EXPECT_EQ(entry(report, "R2").part_id, 8);
  // An id is an id first.
  EXPECT_EQ(entry(report, "R3").method, MatchMethod::kId);
}

TEST(ImportPlanMatching, AmbiguousNameIsNotGuessed) {
  FakePartDirectory directory;
  directory.add(part(7, "LM358")).add(part(9, "LM358"));
  ImportSettings settings;
  settings.name_fallback = true;
  ImportReport report = plan_import(netlist_of({Comp("U1").id("LM358")}), settings, directory);
  const ComponentReport& u1 = entry(report, "U1");
  EXPECT_EQ(u1.status, ComponentStatus::kUnmatched);
  EXPECT_TRUE(contains(u1.reason, "2 parts have the name \"LM358\" (ids 7, 9)")) << u1.reason;
}

TEST(ImportPlanMatching, AmbiguousOrUnknownIpnIsNotGuessed) {
  FakePartDirectory directory;
  directory.add(part(7, "A", "DUP")).add(part(9, "B", "DUP"));
  ImportReport report =
      plan_import(netlist_of({Comp("R1").ipn("DUP"), Comp("R2").ipn("NONE")}), ImportSettings{}, directory);
  EXPECT_EQ(entry(report, "R1").status, ComponentStatus::kUnmatched);
  EXPECT_EQ(entry(report, "R1").reason, "2 parts have IPN \"DUP\" (ids 7, 9)");
  EXPECT_EQ(entry(report, "R2").reason, "no part has IPN \"NONE\"");
  EXPECT_TRUE(report.parts.empty());
}

TEST(ImportPlanMatching, ValueIsNeverUsedToMatch) {
  FakePartDirectory directory;
  directory.add(part(7, "10k"));
  ImportSettings settings;
  settings.name_fallback = true;
  ImportReport report = plan_import(netlist_of({Comp("R1").value("10k")}), settings, directory);
  EXPECT_EQ(entry(report, "R1").status, ComponentStatus::kUnmatched);
  EXPECT_EQ(entry(report, "R1").reason, "no \"InvenTree\" or IPN field");
}

TEST(ImportPlanMatching, PowerAndVirtualSymbolsAreSkipped) {
  FakePartDirectory directory;
  directory.add(part(7, "A"));
  ImportReport report =
      plan_import(netlist_of({Comp("#PWR01").id("7"), Comp("GND1").symbol("power", "GND").id("7"), Comp("R1").id("7")}),
                  ImportSettings{}, directory);
  EXPECT_EQ(entry(report, "#PWR01").status, ComponentStatus::kSkipped);
  EXPECT_TRUE(contains(entry(report, "#PWR01").reason, "starts with '#'"));
  EXPECT_EQ(entry(report, "GND1").status, ComponentStatus::kSkipped);
  EXPECT_TRUE(contains(entry(report, "GND1").reason, "library \"power\""));
  EXPECT_EQ(part_report(report, 7).refs, (Refs{"R1"}));
  EXPECT_EQ(report.summary.skipped, 2u);
  EXPECT_EQ(report.summary.matched, 1u);
}

TEST(ImportPlanMatching, EachDistinctKeyIsLookedUpOnce) {
  FakePartDirectory directory;
  directory.add(part(7, "A", "X"));
  std::vector<Component> components;
  for (int i = 1; i <= 50; ++i) components.push_back(Comp("R" + std::to_string(i)).id("7"));
  for (int i = 1; i <= 50; ++i) components.push_back(Comp("C" + std::to_string(i)).ipn("X"));
  ImportReport report = plan_import(netlist_of(std::move(components)), ImportSettings{}, directory);
  EXPECT_EQ(directory.lookups, 2);
  EXPECT_EQ(part_report(report, 7).refs.size(), 100u);
}

// ---- values ----

TEST(ImportPlanValues, FillsMissingValues) {
  FakePartDirectory directory;
  directory.add(part(7, "A"));
  ImportReport report = plan_import(netlist_of({Comp("R12")
                                                    .id("7")
                                                    .footprint("Resistor_SMD:R_0603_1608Metric")
                                                    .datasheet("https://example.com/r.pdf")
                                                    .symbol("Device", "R_Small")}),
                                    ImportSettings{}, directory);
  const PartReport& p = part_report(report, 7);
  ASSERT_EQ(p.changes.size(), 4u);
  EXPECT_EQ(p.changes[0].field, WritableField::kFootprint);
  EXPECT_FALSE(p.changes[0].old_value.has_value());
  EXPECT_EQ(p.changes[0].new_value, "Resistor_SMD:R_0603_1608Metric");
  EXPECT_EQ(p.changes[0].refs, (Refs{"R12"}));
  EXPECT_EQ(p.changes[1].field, WritableField::kSymbol);
  EXPECT_EQ(p.changes[1].new_value, "Device:R_Small");
  EXPECT_EQ(p.changes[2].field, WritableField::kReference);
  EXPECT_EQ(p.changes[2].new_value, "R");
  EXPECT_EQ(p.changes[3].field, WritableField::kDatasheet);
  EXPECT_EQ(p.changes[3].new_value, "https://example.com/r.pdf");
  EXPECT_EQ(report.summary.changes, 4u);
}

TEST(ImportPlanValues, ReferencePrefix) {
  FakePartDirectory directory;
  for (int id = 1; id <= 5; ++id) directory.add(part(id, "P" + std::to_string(id)));
  ImportReport report = plan_import(netlist_of({Comp("R12").id("1"), Comp("U1A").id("2"), Comp("R?").id("3"),
                                                Comp("CAV123").id("4"), Comp("1").id("5")}),
                                    ImportSettings{}, directory);
  EXPECT_EQ(change_of(part_report(report, 1), WritableField::kReference)->new_value, "R");
  EXPECT_EQ(change_of(part_report(report, 2), WritableField::kReference)->new_value, "U");
  EXPECT_EQ(change_of(part_report(report, 3), WritableField::kReference)->new_value, "R");
  EXPECT_EQ(change_of(part_report(report, 4), WritableField::kReference)->new_value, "CAV");
  EXPECT_EQ(change_of(part_report(report, 5), WritableField::kReference), nullptr);
  ASSERT_NE(ignored_of(part_report(report, 5), WritableField::kReference), nullptr);
}

TEST(ImportPlanValues, DatasheetMustBeARemoteUrl) {
  FakePartDirectory directory;
  for (int id = 1; id <= 8; ++id) directory.add(part(id, "P" + std::to_string(id)));
  ImportReport report = plan_import(netlist_of({
                                        Comp("R1").id("1").datasheet("~"),
                                        Comp("R2").id("2").datasheet(""),
                                        Comp("R3").id("3").datasheet("test data for datasheet"),
                                        Comp("R4").id("4").datasheet("HTTPS://Example.com/a.pdf"),
                                        Comp("R5").id("5").datasheet("ftp://ftp.example.com/a.pdf"),
                                        Comp("R6").id("6").datasheet("http:///nohost"),
                                        Comp("R7").id("7").datasheet("https://example.com/a b.pdf"),
                                        Comp("R8").id("8").datasheet("${KIPRJMOD}/docs/a.pdf"),
                                    }),
                                    ImportSettings{}, directory);
  auto datasheet_change = [&](int id) { return change_of(part_report(report, id), WritableField::kDatasheet); };
  auto datasheet_ignored = [&](int id) { return ignored_of(part_report(report, id), WritableField::kDatasheet); };
  // "~" and empty mean "no datasheet": nothing to write and nothing to explain.
  EXPECT_EQ(datasheet_change(1), nullptr);
  EXPECT_EQ(datasheet_ignored(1), nullptr);
  EXPECT_EQ(datasheet_change(2), nullptr);
  EXPECT_EQ(datasheet_ignored(2), nullptr);
  EXPECT_EQ(datasheet_change(3), nullptr);
  ASSERT_NE(datasheet_ignored(3), nullptr);
  EXPECT_EQ(datasheet_ignored(3)->reason, "\"test data for datasheet\" is not an http(s) or ftp URL");
  ASSERT_NE(datasheet_change(4), nullptr);
  EXPECT_EQ(datasheet_change(4)->new_value, "HTTPS://Example.com/a.pdf");
  ASSERT_NE(datasheet_change(5), nullptr);
  EXPECT_EQ(datasheet_change(6), nullptr);
  EXPECT_NE(datasheet_ignored(6), nullptr);
  EXPECT_EQ(datasheet_change(7), nullptr);
  EXPECT_NE(datasheet_ignored(7), nullptr);
  EXPECT_EQ(datasheet_change(8), nullptr);
  EXPECT_NE(datasheet_ignored(8), nullptr);
}

TEST(ImportPlanValues, SymbolFromHttpLibraryIsNotWrittenBack) {
  FakePartDirectory directory;
  directory.add(part(7, "RC0603-10K")).add(part(8, "C100N"));
  ImportSettings settings;
  settings.http_library_nicknames = {"InvenTree", "kibridge"};
  ImportReport report = plan_import(
      netlist_of({Comp("R1").id("7").symbol("inventree", "RC0603-10K"), Comp("R2").id("7").symbol("InvenTree", "R"),
                  Comp("C1").id("8").symbol("kibridge", "C100N")}),
      settings, directory);
  const PartReport& r = part_report(report, 7);
  EXPECT_EQ(change_of(r, WritableField::kSymbol), nullptr);
  EXPECT_TRUE(r.conflicts.empty());
  ASSERT_EQ(r.ignored.size(), 2u);  // grouped by reason: nickname spelled two ways
  EXPECT_EQ(r.ignored[0].reason, "placed from the HTTP library \"inventree\"");
  EXPECT_EQ(r.ignored[0].refs, (Refs{"R1"}));
  EXPECT_EQ(ignored_of(part_report(report, 8), WritableField::kSymbol)->reason,
            "placed from the HTTP library \"kibridge\"");
  // Everything else is still written back.
  EXPECT_NE(change_of(r, WritableField::kReference), nullptr);
}

TEST(ImportPlanValues, SymbolWithoutLibraryLinkIsNotWrittenBack) {
  FakePartDirectory directory;
  directory.add(part(7, "A")).add(part(8, "B"));
  ImportReport report =
      plan_import(netlist_of({Comp("D2").id("7").symbol("", "LED_1"), Comp("D3").id("8").no_libsource()}),
                  ImportSettings{}, directory);
  EXPECT_EQ(change_of(part_report(report, 7), WritableField::kSymbol), nullptr);
  EXPECT_EQ(ignored_of(part_report(report, 7), WritableField::kSymbol)->reason,
            "symbol \"LED_1\" is not linked to a library");
  EXPECT_EQ(ignored_of(part_report(report, 8), WritableField::kSymbol)->reason, "no library symbol recorded");
}

TEST(ImportPlanValues, SameValueFromManyComponentsIsOneChange) {
  FakePartDirectory directory;
  directory.add(part(7, "A"));
  ImportReport report =
      plan_import(netlist_of({Comp("R1").id("7").footprint("F:R0603"), Comp("R2").id("7").footprint(" F:R0603 "),
                              Comp("R3").id("7").footprint("F:R0603")}),
                  ImportSettings{}, directory);
  const PartReport& p = part_report(report, 7);
  const PlannedChange* footprint = change_of(p, WritableField::kFootprint);
  ASSERT_NE(footprint, nullptr);
  EXPECT_EQ(footprint->refs, (Refs{"R1", "R2", "R3"}));
  EXPECT_EQ(p.changes.size(), 3u);  // footprint, symbol, reference: one each
  EXPECT_EQ(p.refs, (Refs{"R1", "R2", "R3"}));
}

TEST(ImportPlanValues, DifferentValuesAreAConflictNotAWrite) {
  FakePartDirectory directory;
  KnownPart existing = part(7, "A");
  existing.footprint = "F:Old";
  directory.add(existing);
  for (bool override_existing : {false, true}) {
    SCOPED_TRACE(override_existing);
    ImportSettings settings;
    settings.override_existing = override_existing;
    ImportReport report =
        plan_import(netlist_of({Comp("R1").id("7").footprint("F:A"), Comp("RN2").id("7").footprint("F:B"),
                                Comp("R3").id("7").footprint("F:A")}),
                    settings, directory);
    const PartReport& p = part_report(report, 7);
    EXPECT_EQ(change_of(p, WritableField::kFootprint), nullptr);
    EXPECT_EQ(change_of(p, WritableField::kReference), nullptr);
    ASSERT_EQ(p.conflicts.size(), 2u);
    EXPECT_EQ(p.conflicts[0].field, WritableField::kFootprint);
    EXPECT_EQ(p.conflicts[0].current, "F:Old");
    ASSERT_EQ(p.conflicts[0].values.size(), 2u);
    EXPECT_EQ(p.conflicts[0].values[0].value, "F:A");
    EXPECT_EQ(p.conflicts[0].values[0].refs, (Refs{"R1", "R3"}));
    EXPECT_EQ(p.conflicts[0].values[1].value, "F:B");
    EXPECT_EQ(p.conflicts[0].values[1].refs, (Refs{"RN2"}));
    EXPECT_EQ(p.conflicts[1].field, WritableField::kReference);
    EXPECT_EQ(report.summary.conflicts, 2u);
  }
}

TEST(ImportPlanValues, ExistingValuesKeptUnlessOverride) {
  KnownPart existing = part(7, "A");
  existing.footprint = "F:Old";
  existing.symbol = "Device:R";
  existing.reference = "";
  existing.datasheet = std::nullopt;
  FakePartDirectory directory;
  directory.add(existing);
  Netlist netlist = netlist_of({Comp("R1").id("7").footprint("F:New").datasheet("https://x.example/d.pdf")});

  ImportReport kept = plan_import(netlist, ImportSettings{}, directory);
  const PartReport& k = part_report(kept, 7);
  ASSERT_EQ(k.kept_existing.size(), 1u);
  EXPECT_EQ(k.kept_existing[0].field, WritableField::kFootprint);
  EXPECT_EQ(k.kept_existing[0].current, "F:Old");
  EXPECT_EQ(k.kept_existing[0].proposed, "F:New");
  ASSERT_EQ(k.up_to_date.size(), 1u);
  EXPECT_EQ(k.up_to_date[0].field, WritableField::kSymbol);
  // An empty parameter counts as missing; a missing one has no old value.
  ASSERT_EQ(k.changes.size(), 2u);
  EXPECT_EQ(k.changes[0].field, WritableField::kReference);
  EXPECT_EQ(k.changes[0].old_value, "");
  EXPECT_EQ(k.changes[1].field, WritableField::kDatasheet);
  EXPECT_FALSE(k.changes[1].old_value.has_value());

  ImportSettings override_settings;
  override_settings.override_existing = true;
  ImportReport overridden = plan_import(netlist, override_settings, directory);
  const PartReport& o = part_report(overridden, 7);
  EXPECT_TRUE(o.kept_existing.empty());
  const PlannedChange* footprint = change_of(o, WritableField::kFootprint);
  ASSERT_NE(footprint, nullptr);
  EXPECT_EQ(footprint->old_value, "F:Old");
  EXPECT_EQ(footprint->new_value, "F:New");
  // Equal values are not rewritten even with override on.
  EXPECT_EQ(change_of(o, WritableField::kSymbol), nullptr);
  EXPECT_EQ(o.up_to_date.size(), 1u);
}

TEST(ImportPlanValues, DnpComponentsCountAndAreFlagged) {
  FakePartDirectory directory;
  directory.add(part(7, "A"));
  ImportReport report =
      plan_import(netlist_of({Comp("R1").id("7").footprint("F:A").dnp(), Comp("R2").id("7").footprint("F:B")}),
                  ImportSettings{}, directory);
  EXPECT_TRUE(entry(report, "R1").flags.dnp);
  EXPECT_EQ(entry(report, "R1").status, ComponentStatus::kMatched);
  EXPECT_EQ(part_report(report, 7).conflicts.size(), 1u);
}

TEST(ImportPlanValues, PartsAreOrderedByIdAndSummarised) {
  FakePartDirectory directory;
  directory.add(part(30, "C")).add(part(4, "A")).add(part(12, "B"));
  ImportReport report = plan_import(
      netlist_of({Comp("R1").id("30"), Comp("R2").id("4"), Comp("R3").id("12"), Comp("R4"), Comp("#FLG01")}),
      ImportSettings{}, directory);
  ASSERT_EQ(report.parts.size(), 3u);
  EXPECT_EQ(report.parts[0].part_id, 4);
  EXPECT_EQ(report.parts[1].part_id, 12);
  EXPECT_EQ(report.parts[2].part_id, 30);
  EXPECT_EQ(report.summary.components, 5u);
  EXPECT_EQ(report.summary.matched, 3u);
  EXPECT_EQ(report.summary.unmatched, 1u);
  EXPECT_EQ(report.summary.skipped, 1u);
  EXPECT_EQ(report.summary.parts, 3u);
  // Component entries keep netlist order.
  EXPECT_EQ(report.components[3].ref, "R4");
}

// ---- real exports ----

// Empty when the sample (or ../shared) is absent.
std::string slurp_sample(const std::string& name) { return kibridge::testing::slurp(kibridge::testing::kicad_netlist_samples() / name); }

void replace_once(std::string& text, const std::string& from, const std::string& to) {
  std::size_t pos = text.find(from);
  ASSERT_NE(pos, std::string::npos) << from;
  text.replace(pos, from.size(), to);
}

// The HybridController design gives R1 a capacitor footprint. Once R1 and R2 are tied to the
// same InvenTree part, the planner must refuse to pick one.
TEST(ImportPlanRealNetlists, KiCad8FootprintMistakeBecomesConflict) {
  std::string xml = slurp_sample("kicad8.0.4-E_hackclub-OnBoard_HybridController.xml");
  if (xml.empty()) GTEST_SKIP() << "shared samples absent";
  replace_once(xml, "<comp ref=\"R1\">", "<comp ref=\"R1\"><fields><field name=\"InvenTree\">5</field></fields>");
  replace_once(xml, "<comp ref=\"R2\">", "<comp ref=\"R2\"><fields><field name=\"InvenTree\">5</field></fields>");
  ReadResult read = read_netlist(xml);
  ASSERT_TRUE(read.ok()) << read.error;
  FakePartDirectory directory;
  directory.add(part(5, "RC0805-10K"));
  ImportReport report = plan_import(*read.netlist, ImportSettings{}, directory);
  EXPECT_EQ(report.summary.matched, 2u);
  EXPECT_EQ(report.summary.unmatched, 17u);
  const PartReport& p = part_report(report, 5);
  ASSERT_EQ(p.conflicts.size(), 1u);
  EXPECT_EQ(p.conflicts[0].field, WritableField::kFootprint);
  EXPECT_EQ(p.conflicts[0].values[0].value, "Capacitor_SMD:C_0805_2012Metric");
  EXPECT_EQ(p.conflicts[0].values[1].value, "Resistor_SMD:R_0805_2012Metric");
  EXPECT_EQ(change_of(p, WritableField::kSymbol)->new_value, "Device:R");
  EXPECT_EQ(change_of(p, WritableField::kReference)->new_value, "R");
}

// A design without InvenTree or IPN fields: everything is unmatched, nothing is planned.
TEST(ImportPlanRealNetlists, KiCad903WithoutIdentifiersPlansNothing) {
  std::string xml = slurp_sample("kicad9.0.3-E_KiABOM_test-project2.xml");
  if (xml.empty()) GTEST_SKIP() << "shared samples absent";
  ReadResult read = read_netlist(xml);
  ASSERT_TRUE(read.ok()) << read.error;
  FakePartDirectory directory;
  directory.add(part(1, "Battery_Cell"));
  ImportSettings settings;
  settings.name_fallback = true;
  ImportReport report = plan_import(*read.netlist, settings, directory);
  EXPECT_EQ(report.summary.unmatched, 9u);
  EXPECT_TRUE(report.parts.empty());
  EXPECT_EQ(directory.lookups, 0);
  EXPECT_TRUE(entry(report, "BT2").flags.dnp);
  EXPECT_EQ(entry(report, "BT2").reason, "no \"InvenTree\" or IPN field");
}

// ---- field rules: the plan is final ----

TEST(ImportPlanFieldRules, ARefusedFieldIsReportedIgnoredWithTheReasonNotAsAChange) {
  FakePartDirectory directory;
  directory.add(part(7, "A"));
  ImportSettings settings;
  settings.fields[static_cast<std::size_t>(WritableField::kSymbol)].refused = "KICAD_SYMBOL_PARAMETER is not set";
  ImportReport report = plan_import(netlist_of({Comp("R1").id("7").symbol("Device", "R_Small")}), settings, directory);
  const PartReport& p = part_report(report, 7);
  EXPECT_EQ(change_of(p, WritableField::kSymbol), nullptr);
  ASSERT_NE(change_of(p, WritableField::kReference), nullptr);  // other fields are planned
  const IgnoredValue* ignored = ignored_of(p, WritableField::kSymbol);
  ASSERT_NE(ignored, nullptr);
  EXPECT_EQ(ignored->reason, "KICAD_SYMBOL_PARAMETER is not set");
  EXPECT_EQ(ignored->refs, (Refs{"R1"}));
  EXPECT_EQ(report.summary.changes, 1u);  // the reference only
}

TEST(ImportPlanFieldRules, AValueLongerThanInvenTreeHoldsIsIgnored) {
  FakePartDirectory directory;
  directory.add(part(7, "A"));
  directory.add(part(8, "B"));
  ImportSettings settings;
  auto& datasheet = settings.fields[static_cast<std::size_t>(WritableField::kDatasheet)];
  datasheet.max_characters = 24;
  datasheet.holder = "a link";
  // 25 characters; and 24 characters in 25 bytes ("é" is two), which fits.
  ImportReport report = plan_import(netlist_of({Comp("R1").id("7").datasheet("https://example.com/r.pdf"),
                                                Comp("R2").id("8").datasheet("https://exampl\xc3\xa9.com/r.pd")}),
                                    settings, directory);
  const IgnoredValue* ignored = ignored_of(part_report(report, 7), WritableField::kDatasheet);
  ASSERT_NE(ignored, nullptr);
  EXPECT_EQ(ignored->reason, "the value has 25 characters; InvenTree holds at most 24 in a link");
  EXPECT_EQ(change_of(part_report(report, 7), WritableField::kDatasheet), nullptr);
  EXPECT_NE(change_of(part_report(report, 8), WritableField::kDatasheet), nullptr);
}

// A part whose KiCad category names its own footprint template follows that template's rule,
// not the settings' footprint rule.
TEST(ImportPlanFieldRules, ThePartsOwnFootprintRuleWins) {
  FakePartDirectory directory;
  KnownPart own_allowed = part(7, "A");
  own_allowed.footprint_refused = "";
  KnownPart own_refused = part(8, "B");
  own_refused.footprint_refused = "the part's KiCad category takes its footprint from template 9, which does not exist";
  directory.add(own_allowed);
  directory.add(own_refused);
  directory.add(part(9, "C"));
  ImportSettings settings;
  settings.fields[static_cast<std::size_t>(WritableField::kFootprint)].refused = "KICAD_FOOTPRINT_PARAMETER is not set";
  ImportReport report = plan_import(netlist_of({Comp("R1").id("7").footprint("R:0603"), Comp("R2").id("8").footprint("R:0603"),
                                                Comp("R3").id("9").footprint("R:0603")}),
                                    settings, directory);
  EXPECT_NE(change_of(part_report(report, 7), WritableField::kFootprint), nullptr);
  ASSERT_NE(ignored_of(part_report(report, 8), WritableField::kFootprint), nullptr);
  EXPECT_EQ(ignored_of(part_report(report, 8), WritableField::kFootprint)->reason, *own_refused.footprint_refused);
  ASSERT_NE(ignored_of(part_report(report, 9), WritableField::kFootprint), nullptr);
  EXPECT_EQ(ignored_of(part_report(report, 9), WritableField::kFootprint)->reason, "KICAD_FOOTPRINT_PARAMETER is not set");
}

// ---- drift: the schematic against what kibridge serves now ----

KnownPart served_part(std::int64_t id, std::vector<std::pair<std::string, std::string>> served) {
  KnownPart p = part(id, "R-10k");
  p.footprint = "Resistor_SMD:R_0603_1608Metric";
  p.served_fields = std::move(served);
  return p;
}

const DriftEntry* drift_of(const ImportReport& report, const std::string& ref, const std::string& field) {
  for (const DriftEntry& d : report.drift) {
    if (d.ref == ref && d.field == field) return &d;
  }
  return nullptr;
}

TEST(ImportPlanDrift, ServedFieldsTheComponentHasWithAnotherValue) {
  FakePartDirectory directory;
  directory.add(served_part(7, {{"value", "10k"},
                                {"footprint", "Resistor_SMD:R_0603_1608Metric"},
                                {"datasheet", ""},
                                {"reference", "R"},
                                {"InvenTree", "7"},
                                {"MPN", "RC0603FR-0710KL"},
                                {"LCSC", "C25804"}}));
  ImportReport report = plan_import(
      netlist_of({Comp("R1").id("7").value("4k7").footprint("Resistor_SMD:R_0603_1608Metric").datasheet("~")
                      .field("mpn", "RC0805"),
                  Comp("R2").id("7").value("10k").footprint("Resistor_SMD:R_0603_1608Metric")}),
      ImportSettings{}, directory);
  ASSERT_EQ(report.drift.size(), 2u);
  EXPECT_EQ(report.summary.drift, 2u);
  const DriftEntry* value = drift_of(report, "R1", "value");
  ASSERT_NE(value, nullptr);
  EXPECT_EQ(value->part_id, 7);
  EXPECT_EQ(value->schematic_value, "4k7");
  EXPECT_EQ(value->served_value, "10k");
  const DriftEntry* mpn = drift_of(report, "R1", "MPN");  // field names compare ignoring case
  ASSERT_NE(mpn, nullptr);
  EXPECT_EQ(mpn->schematic_value, "RC0805");
  EXPECT_EQ(mpn->served_value, "RC0603FR-0710KL");
  // "~" is an empty datasheet; a field the component lacks (LCSC) and the reference prefix
  // are not drift; nothing is planned for drift.
  EXPECT_EQ(drift_of(report, "R1", "datasheet"), nullptr);
  EXPECT_EQ(drift_of(report, "R1", "LCSC"), nullptr);
  EXPECT_EQ(drift_of(report, "R1", "reference"), nullptr);
  EXPECT_EQ(change_of(part_report(report, 7), WritableField::kFootprint), nullptr);
}

TEST(ImportPlanDrift, ALongSchematicValueIsCutInTheReport) {
  FakePartDirectory directory;
  directory.add(served_part(7, {{"MPN", "RC0603"}}));
  const std::string huge = "\xC2\xB5" + std::string(100000, 'x');  // starts with a 2-byte character
  ImportReport report = plan_import(netlist_of({Comp("R1").id("7").field("MPN", huge)}), ImportSettings{}, directory);
  ASSERT_EQ(report.drift.size(), 1u);
  EXPECT_EQ(report.drift[0].schematic_value, huge.substr(0, 500) + "...");
  report = plan_import(netlist_of({Comp("R1").id("7").field("MPN", "x" + huge)}), ImportSettings{}, directory);
  EXPECT_EQ(report.drift[0].schematic_value.size(), 500u + 3);
  report = plan_import(netlist_of({Comp("R1").id("7").field("MPN", std::string(499, 'x') + huge)}),
                       ImportSettings{}, directory);
  EXPECT_EQ(report.drift[0].schematic_value, std::string(499, 'x') + "...");  // not half a character
}

TEST(ImportPlanDrift, AFieldThisImportChangesIsNotDrift) {
  FakePartDirectory directory;
  KnownPart p = served_part(7, {{"footprint", "Generic:Default"}, {"value", "10k"}});
  p.footprint.reset();  // InvenTree has none: the import fills it
  directory.add(p);
  ImportReport report = plan_import(netlist_of({Comp("R1").id("7").value("10k").footprint("Resistor_SMD:R_0402")}),
                                    ImportSettings{}, directory);
  ASSERT_NE(change_of(part_report(report, 7), WritableField::kFootprint), nullptr);
  EXPECT_TRUE(report.drift.empty());
  // Kept (override off): the design stays different from what is served, so it is drift.
  p.footprint = "Generic:Default";
  FakePartDirectory kept;
  kept.add(p);
  report = plan_import(netlist_of({Comp("R1").id("7").value("10k").footprint("Resistor_SMD:R_0402")}),
                       ImportSettings{}, kept);
  ASSERT_EQ(report.drift.size(), 1u);
  EXPECT_EQ(report.drift[0].field, "footprint");
}

// A real KiCad 8 export: R2 (value "10kΩ", footprint R_0805) placed before the library served
// another value and footprint.
TEST(ImportPlanRealNetlists, KiCad8DriftAgainstTheServedPart) {
  std::string xml = slurp_sample("kicad8.0.4-E_hackclub-OnBoard_HybridController.xml");
  if (xml.empty()) GTEST_SKIP() << "shared samples absent";
  replace_once(xml, "<comp ref=\"R2\">\n      <value>10kΩ</value>",
               "<comp ref=\"R2\">\n      <value>10kΩ</value><fields><field name=\"InvenTree\">5</field>"
               "<field name=\"MPN\">RC0805JR-0710KL</field></fields>");
  ReadResult read = read_netlist(xml);
  ASSERT_TRUE(read.ok()) << read.error;
  FakePartDirectory directory;
  KnownPart p = served_part(5, {{"value", "10k"},
                                {"footprint", "Resistor_SMD:R_0805_2012Metric"},
                                {"description", "Resistor"},
                                {"MPN", "RC0805FR-0710KL"}});
  p.footprint = "Resistor_SMD:R_0805_2012Metric";
  directory.add(p);
  ImportReport report = plan_import(*read.netlist, ImportSettings{}, directory);
  ASSERT_EQ(report.summary.matched, 1u);
  ASSERT_EQ(report.drift.size(), 2u) << report.drift[0].field;
  EXPECT_EQ(report.drift[0].field, "value");
  EXPECT_EQ(report.drift[0].schematic_value, "10kΩ");
  EXPECT_EQ(report.drift[1].field, "MPN");
  EXPECT_EQ(report.drift[1].served_value, "RC0805FR-0710KL");
}

}  // namespace
}  // namespace kibridge::netlist
