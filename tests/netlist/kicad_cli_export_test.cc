// Netlists written by a real KiCad: `kicad-cli sch export netlist --format kicadxml` on a KiCad
// demo project and on a schematic written here, then read and planned. Skipped when kicad-cli
// is not on PATH (install it with `make deps-kicad`).

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "server/netlist/import_plan.h"
#include "server/netlist/netlist_reader.h"
#include "tests/netlist/fake_part_directory.h"
#include "tests/support/kicad_cli.h"

namespace kibridge::netlist {
namespace {

using kibridge::testing::PlacedSymbol;
using kibridge::testing::TempDir;
namespace fs = std::filesystem;

// Exports `schematic` with kicad-cli and reads the netlist.
ReadResult export_and_read(const fs::path& schematic, const TempDir& work) {
  std::string error;
  auto path = kibridge::testing::export_netlist(schematic, work, &error);
  if (!path) {
    ReadResult failed;
    failed.error = error;
    return failed;
  }
  return read_netlist(kibridge::testing::slurp(*path));
}

const Component* find_component(const Netlist& netlist, const std::string& ref) {
  for (const Component& c : netlist.components) {
    if (c.ref == ref) return &c;
  }
  return nullptr;
}

// ecc83-pp: a single-sheet tube amplifier shipped with kicad-demos; U1 is a multi-unit symbol.
TEST(KiCadCliExport, DemoProjectReadsAndPlans) {
  REQUIRE_KICAD_CLI();
  fs::path demo = "/usr/share/kicad/demos/ecc83";
  if (!fs::exists(demo / "ecc83-pp.kicad_sch")) GTEST_SKIP() << "KiCad demos not installed (kicad-demos)";
  TempDir work("kicad-cli");
  for (const char* file : {"ecc83-pp.kicad_sch", "ecc83-pp.kicad_pro"}) {
    if (fs::exists(demo / file)) fs::copy_file(demo / file, work.path() / file);
  }
  ReadResult read = export_and_read(work.path() / "ecc83-pp.kicad_sch", work);
  ASSERT_TRUE(read.ok()) << read.error;
  const Netlist& netlist = *read.netlist;

  EXPECT_EQ(netlist.export_version, "E");
  EXPECT_EQ(netlist.design.tool.rfind("Eeschema ", 0), 0u) << netlist.design.tool;
  EXPECT_GE(netlist.components.size(), 10u);
  const Component* u1 = find_component(netlist, "U1");
  ASSERT_NE(u1, nullptr);
  EXPECT_EQ(u1->value, "ECC83");
  EXPECT_GE(u1->tstamps.size(), 2u) << "multi-unit symbol: one UUID per unit";
  const Component* r1 = find_component(netlist, "R1");
  ASSERT_NE(r1, nullptr);
  EXPECT_EQ(r1->footprint.rfind("Resistor_THT:", 0), 0u) << r1->footprint;
  ASSERT_TRUE(r1->libsource.has_value());
  EXPECT_EQ(r1->libsource->part, "R");
  for (const Component& c : netlist.components) {
    EXPECT_NE(c.ref.front(), '#') << "KiCad leaves power symbols out of netlists";
  }

  // No InvenTree or IPN fields anywhere: every component is reported unmatched, none guessed.
  testing::FakePartDirectory directory;
  KnownPart tube;
  tube.id = 1;
  tube.name = "ECC83";
  directory.add(tube);
  ImportSettings settings;
  settings.name_fallback = true;
  ImportReport report = plan_import(netlist, settings, directory);
  EXPECT_EQ(report.summary.unmatched, netlist.components.size());
  EXPECT_TRUE(report.parts.empty());
}

TEST(KiCadCliExport, WrittenSchematicPlansWriteBack) {
  REQUIRE_KICAD_CLI();
  TempDir work("kicad-cli");
  const std::string r0603 = "Resistor_SMD:R_0603_1608Metric";
  std::vector<PlacedSymbol> symbols = {
      {"Device:R",
       "6a1f0c52-3b7e-4d4a-9f10-000000000001",
       "R1",
       "10k",
       r0603,
       "https://example.com/rc0603.pdf",
       {{"InvenTree", "101"}, {"IPN", "RES-10K-0603"}}},
      {"Device:R",
       "6a1f0c52-3b7e-4d4a-9f10-000000000002",
       "R2",
       "10k",
       r0603,
       "~",
       {{"InvenTree", "101"}},
       /*dnp=*/true},
      {"InvenTree:C_100n_0402",
       "6a1f0c52-3b7e-4d4a-9f10-000000000003",
       "C1",
       "100n",
       "Capacitor_SMD:C_0402_1005Metric",
       "",
       {{"InvenTree", "202"}, {"Part URL", "http://inv/part/202/"}}},
      {"Device:R",
       "6a1f0c52-3b7e-4d4a-9f10-000000000004",
       "R3",
       "1k",
       "Resistor_SMD:R_0805_2012Metric",
       "~",
       {{"IPN", "RES-1K-0805"}}},
      {"Device:R", "6a1f0c52-3b7e-4d4a-9f10-000000000005", "R4", "47k", r0603, "~", {{"InvenTree", "999"}}},
  };
  fs::path schematic = work.path() / "kibridge_test.kicad_sch";
  std::ofstream(schematic) << kibridge::testing::test_schematic(symbols);

  ReadResult read = export_and_read(schematic, work);
  ASSERT_TRUE(read.ok()) << read.error;
  const Netlist& netlist = *read.netlist;
  ASSERT_EQ(netlist.components.size(), 5u);
  const Component* c1 = find_component(netlist, "C1");
  ASSERT_NE(c1, nullptr);
  ASSERT_TRUE(c1->libsource.has_value());
  EXPECT_EQ(c1->libsource->lib, "InvenTree");
  EXPECT_EQ(c1->libsource->part, "C_100n_0402");
  ASSERT_NE(c1->find_field("InvenTree"), nullptr);
  EXPECT_EQ(c1->find_field("InvenTree")->value, "202");
  EXPECT_TRUE(find_component(netlist, "R2")->flags.dnp);
  EXPECT_FALSE(find_component(netlist, "R1")->flags.dnp);

  testing::FakePartDirectory directory;
  KnownPart resistor;
  resistor.id = 101;
  resistor.name = "RC0603-10K";
  resistor.ipn = "RES-10K-0603";
  resistor.symbol = "Device:R_Small";
  resistor.reference = "R";
  directory.add(resistor);
  KnownPart capacitor;
  capacitor.id = 202;
  capacitor.name = "C_100n_0402";
  capacitor.symbol = "Device:C";
  capacitor.footprint = "Capacitor_SMD:C_0402_1005Metric";
  directory.add(capacitor);
  KnownPart resistor_1k;
  resistor_1k.id = 303;
  resistor_1k.name = "RC0805-1K";
  resistor_1k.ipn = "RES-1K-0805";
  directory.add(resistor_1k);

  ImportReport report = plan_import(netlist, ImportSettings{}, directory);
  EXPECT_EQ(report.summary.matched, 4u);
  EXPECT_EQ(report.summary.unmatched, 1u);
  ASSERT_EQ(report.parts.size(), 3u);

  const PartReport& r = report.parts[0];
  EXPECT_EQ(r.part_id, 101);
  EXPECT_EQ(r.refs, (std::vector<std::string>{"R1", "R2"}));
  ASSERT_EQ(r.changes.size(), 2u);
  EXPECT_EQ(r.changes[0].field, WritableField::kFootprint);
  EXPECT_EQ(r.changes[0].new_value, r0603);
  EXPECT_EQ(r.changes[0].refs, (std::vector<std::string>{"R1", "R2"}));
  EXPECT_EQ(r.changes[1].field, WritableField::kDatasheet);
  EXPECT_EQ(r.changes[1].new_value, "https://example.com/rc0603.pdf");
  ASSERT_EQ(r.kept_existing.size(), 1u);
  EXPECT_EQ(r.kept_existing[0].field, WritableField::kSymbol);
  EXPECT_EQ(r.kept_existing[0].proposed, "Device:R");
  ASSERT_EQ(r.up_to_date.size(), 1u);
  EXPECT_EQ(r.up_to_date[0].field, WritableField::kReference);

  const PartReport& c = report.parts[1];
  EXPECT_EQ(c.part_id, 202);
  ASSERT_EQ(c.ignored.size(), 1u);
  EXPECT_EQ(c.ignored[0].field, WritableField::kSymbol);
  EXPECT_EQ(c.ignored[0].reason, "placed from the HTTP library \"InvenTree\"");
  ASSERT_EQ(c.changes.size(), 1u);
  EXPECT_EQ(c.changes[0].field, WritableField::kReference);
  EXPECT_EQ(c.changes[0].new_value, "C");
  ASSERT_EQ(c.up_to_date.size(), 1u);
  EXPECT_EQ(c.up_to_date[0].field, WritableField::kFootprint);

  const PartReport& r3 = report.parts[2];
  EXPECT_EQ(r3.part_id, 303);
  EXPECT_EQ(r3.changes.size(), 3u);  // footprint, symbol, reference
  for (const ComponentReport& entry : report.components) {
    if (entry.ref == "R3") {
      EXPECT_EQ(entry.method, MatchMethod::kIpn);
    }
    if (entry.ref == "R2") {
      EXPECT_TRUE(entry.flags.dnp);
    }
    if (entry.ref == "R4") {
      EXPECT_EQ(entry.status, ComponentStatus::kUnmatched);
      EXPECT_EQ(entry.reason, "InvenTree field \"999\" is not a known part id; matching by name is off");
    }
  }
}

}  // namespace
}  // namespace kibridge::netlist
