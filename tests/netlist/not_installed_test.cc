// The import's check against the KiCad libraries installed where kibridge runs (import_plan.h,
// "Not installed"): the planner is handed the installed names (a fake index here) and reports
// the design's symbols and footprints they lack, grouped per name, in JSON and text; a kind
// with no installed names is "not checked" (null), never an empty list.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "server/netlist/import_plan.h"
#include "server/netlist/import_report_format.h"
#include "server/netlist/netlist_reader.h"
#include "tests/netlist/fake_part_directory.h"
#include "tests/netlist/netlist_of.h"
#include "tests/support/shared_files.h"

namespace kibridge::netlist {
namespace {

using testing::FakePartDirectory;
using Names = std::vector<std::string>;
using Refs = std::vector<std::string>;

Component component(std::string ref, std::string lib, std::string part, std::string footprint) {
  Component c;
  c.ref = std::move(ref);
  c.libsource = LibSource{std::move(lib), std::move(part), ""};
  c.footprint = std::move(footprint);
  return c;
}

Component with_id(Component c, const std::string& id) {
  c.fields.push_back(Field{"InvenTree", id});
  return c;
}

using kibridge::testing::netlist_of;

// The installed names, sorted as kicad::InstalledNames keeps them.
const Names kSymbols = {"Device:C", "Device:R", "power:GND"};
const Names kFootprints = {"Capacitor_SMD:C_0603_1608Metric", "Resistor_SMD:R_0603_1608Metric"};

const NotInstalledName* find(const std::vector<NotInstalledName>& names, const std::string& name) {
  for (const auto& n : names) {
    if (n.name == name) return &n;
  }
  return nullptr;
}

TEST(ImportNotInstalled, ReportsTheDesignsNamesTheInstalledLibrariesLackGroupedPerName) {
  FakePartDirectory directory;
  KnownPart u;
  u.id = 7;
  u.name = "MCU";
  directory.add(u);
  const Netlist n = netlist_of({
      component("R1", "Device", "R", "Resistor_SMD:R_0603_1608Metric"),   // both installed
      component("R2", "Device", "R_Tiny", "Resistor_SMD:R_01005"),        // neither
      with_id(component("U1", "MyLib", "STM32X", " Package_QFP:LQFP-48 "), "7"),  // matched: queued
      component("U2", "MyLib", "STM32X", "Package_QFP:LQFP-48"),
      component("#PWR01", "power", "VBUS", ""),                           // skipped: power symbol
      component("J1", "InvenTree", "USB_C", ""),                          // the HTTP library itself
      component("TP1", "", "TestPoint", ""),                              // no library
  });
  const ImportReport report = plan_import(n, ImportSettings{}, directory, {kSymbols, kFootprints});

  ASSERT_TRUE(report.not_installed.symbols);
  ASSERT_TRUE(report.not_installed.footprints);
  const auto& symbols = *report.not_installed.symbols;
  const auto& footprints = *report.not_installed.footprints;
  ASSERT_EQ(symbols.size(), 2u);
  EXPECT_EQ(symbols[0].name, "Device:R_Tiny");  // first-use order
  EXPECT_EQ(symbols[0].refs, (Refs{"R2"}));
  EXPECT_FALSE(symbols[0].queued);
  EXPECT_EQ(symbols[1].name, "MyLib:STM32X");
  EXPECT_EQ(symbols[1].refs, (Refs{"U1", "U2"}));
  EXPECT_TRUE(symbols[1].queued) << "U1 matched part 7, whose symbol this import fills";
  ASSERT_EQ(footprints.size(), 2u);
  EXPECT_EQ(footprints[0].name, "Resistor_SMD:R_01005");
  const NotInstalledName* qfp = find(footprints, "Package_QFP:LQFP-48");  // trimmed
  ASSERT_NE(qfp, nullptr);
  EXPECT_EQ(qfp->refs, (Refs{"U1", "U2"}));
  EXPECT_TRUE(qfp->queued);
  EXPECT_EQ(report.summary.not_installed_symbols, 2u);
  EXPECT_EQ(report.summary.not_installed_footprints, 2u);

  // Nothing is refused for it: the changes are planned as without the check.
  const ImportReport unchecked = plan_import(n, ImportSettings{}, directory);
  ASSERT_EQ(report.parts.size(), 1u);
  EXPECT_EQ(report.parts[0].changes.size(), unchecked.parts[0].changes.size());
  EXPECT_EQ(report.summary.changes, unchecked.summary.changes);
}

TEST(ImportNotInstalled, AKindWithoutInstalledLibrariesIsNotCheckedNotEmpty) {
  FakePartDirectory directory;
  const Netlist n = netlist_of({component("R2", "Device", "R_Tiny", "Resistor_SMD:R_01005")});

  const ImportReport none = plan_import(n, ImportSettings{}, directory);
  EXPECT_FALSE(none.not_installed.symbols);
  EXPECT_FALSE(none.not_installed.footprints);
  {
    const auto j = to_json(none);
    EXPECT_TRUE(j["not_installed"]["symbols"].is_null()) << j["not_installed"];
    EXPECT_TRUE(j["not_installed"]["footprints"].is_null());
    EXPECT_TRUE(j["summary"]["not_installed_symbols"].is_null());
  }
  EXPECT_NE(to_text(none).find("symbols not checked: no KiCad symbol library installed here"), std::string::npos)
      << to_text(none);

  // Footprints installed, symbols not: only footprints are checked.
  const ImportReport half = plan_import(n, ImportSettings{}, directory, {{}, kFootprints});
  EXPECT_FALSE(half.not_installed.symbols);
  ASSERT_TRUE(half.not_installed.footprints);
  ASSERT_EQ(half.not_installed.footprints->size(), 1u);

  // Everything installed: empty lists (checked, nothing missing), no text section.
  const Names all_symbols = {"Device:R_Tiny"}, all_footprints = {"Resistor_SMD:R_01005"};
  const ImportReport fine = plan_import(n, ImportSettings{}, directory, {all_symbols, all_footprints});
  ASSERT_TRUE(fine.not_installed.symbols);
  EXPECT_TRUE(fine.not_installed.symbols->empty());
  EXPECT_EQ(to_json(fine)["summary"]["not_installed_symbols"], 0);
  EXPECT_TRUE(to_json(fine)["not_installed"]["footprints"].is_array());
  EXPECT_EQ(to_text(fine).find("Not in the KiCad libraries"), std::string::npos);
}

TEST(ImportNotInstalled, JsonAndTextShowEachNameWithItsComponents) {
  FakePartDirectory directory;
  const Netlist n = netlist_of({component("R2", "Device", "R_Tiny", "Resistor_SMD:R_01005"),
                                component("R3", "Device", "R_Tiny", "Resistor_SMD:R_0603_1608Metric")});
  const ImportReport report = plan_import(n, ImportSettings{}, directory, {kSymbols, kFootprints});
  const auto j = to_json(report);
  ASSERT_EQ(j["not_installed"]["symbols"].size(), 1u) << j["not_installed"];
  EXPECT_EQ(j["not_installed"]["symbols"][0]["name"], "Device:R_Tiny");
  EXPECT_EQ(j["not_installed"]["symbols"][0]["refs"], nlohmann::json({"R2", "R3"}));
  EXPECT_EQ(j["not_installed"]["symbols"][0]["queued"], false);
  EXPECT_EQ(j["not_installed"]["footprints"][0]["name"], "Resistor_SMD:R_01005");
  EXPECT_EQ(j["summary"]["not_installed_footprints"], 1);
  const std::string text = to_text(report);
  EXPECT_NE(text.find("Not in the KiCad libraries installed here"), std::string::npos) << text;
  EXPECT_NE(text.find("  symbol Device:R_Tiny: R2, R3\n"), std::string::npos) << text;
  EXPECT_NE(text.find("  footprint Resistor_SMD:R_01005: R2\n"), std::string::npos) << text;
  // The section comes before the parts' blocks: it is read before deciding to apply.
  EXPECT_LT(text.find("Not in the KiCad libraries"), text.find("Unmatched components"));
}

// A real KiCad 9 export: every name the design uses is reported once, except those installed.
TEST(ImportNotInstalled, RealKicad9Netlist) {
  const auto path = kibridge::testing::kicad_netlist_samples() / "kicad9.0.7-E_KiABOM_test-project1.xml";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "no " << path;
  const ReadResult read = read_netlist(kibridge::testing::slurp(path));
  ASSERT_TRUE(read.ok()) << read.error;
  FakePartDirectory directory;
  const Names symbols = {"Device:C_Small"};
  const Names footprints = {"Capacitor_SMD:C_0603_1608Metric_Pad1.08x0.95mm_HandSolder"};
  const ImportReport report = plan_import(*read.netlist, ImportSettings{}, directory, {symbols, footprints});
  ASSERT_TRUE(report.not_installed.symbols);
  ASSERT_TRUE(report.not_installed.footprints);
  EXPECT_EQ(find(*report.not_installed.symbols, "Device:C_Small"), nullptr);
  EXPECT_EQ(find(*report.not_installed.footprints, symbols[0]), nullptr);
  const NotInstalledName* testpoint = find(*report.not_installed.symbols, "Connector:TestPoint_Small");
  ASSERT_NE(testpoint, nullptr);
  EXPECT_EQ(testpoint->refs.size(), 31u);
  size_t refs = 0;
  for (const auto& s : *report.not_installed.symbols) refs += s.refs.size();
  EXPECT_EQ(refs + 20 + report.summary.skipped, read.netlist->components.size())
      << "every component but the 20 C_Small and the skipped ones is reported once";
}

}  // namespace
}  // namespace kibridge::netlist
