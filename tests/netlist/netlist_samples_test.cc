// The reader on the real KiCad exports in ../shared/kicad-netlists (KiCad 5 to 10). Facts
// asserted here were checked by reading the files.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "server/netlist/netlist_reader.h"
#include "tests/support/shared_files.h"

namespace kibridge::netlist {
namespace {

namespace fs = std::filesystem;

using kibridge::testing::kicad_netlist_samples;
using kibridge::testing::slurp;

std::size_t count_occurrences(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  for (std::size_t pos = text.find(needle); pos != std::string::npos; pos = text.find(needle, pos + 1)) ++count;
  return count;
}

// Reads one sample; skips the calling test when the shared samples are not there.
#define READ_SAMPLE(var, file_name)                                             \
  const fs::path var##_path = kicad_netlist_samples() / (file_name);                      \
  if (!fs::exists(var##_path)) GTEST_SKIP() << "sample absent: " << var##_path; \
  ReadResult var##_result = read_netlist(slurp(var##_path));                    \
  ASSERT_TRUE(var##_result.ok()) << var##_path << ": " << var##_result.error;   \
  const Netlist& var = *var##_result.netlist

const Component& component(const Netlist& netlist, const std::string& ref) {
  auto it = std::find_if(netlist.components.begin(), netlist.components.end(),
                         [&](const Component& c) { return c.ref == ref; });
  if (it == netlist.components.end()) throw std::runtime_error("no component " + ref);
  return *it;
}

std::vector<std::string> refs_where(const Netlist& netlist, bool (*predicate)(const Component&)) {
  std::vector<std::string> refs;
  for (const Component& c : netlist.components) {
    if (predicate(c)) refs.push_back(c.ref);
  }
  return refs;
}

std::vector<std::string> field_names(const Component& c) {
  std::vector<std::string> names;
  for (const Field& f : c.fields) names.push_back(f.name);
  return names;
}

// Every file in the folder, including any added later: it reads, every <comp> becomes a
// component with a ref and a UUID, and the export version matches the file name.
TEST(NetlistSamples, EveryFileReads) {
  if (!fs::exists(kicad_netlist_samples())) GTEST_SKIP() << "no " << kicad_netlist_samples();
  int files = 0;
  for (const fs::directory_entry& entry : fs::directory_iterator(kicad_netlist_samples())) {
    if (entry.path().extension() != ".xml") continue;
    ++files;
    SCOPED_TRACE(entry.path().filename().string());
    std::string xml = slurp(entry.path());
    ReadResult result = read_netlist(xml);
    ASSERT_TRUE(result.ok()) << result.error;
    const Netlist& netlist = *result.netlist;
    EXPECT_EQ(netlist.components.size(), count_occurrences(xml, "<comp ref="));
    EXPECT_EQ(netlist.libparts.size(), count_occurrences(xml, "<libpart "));
    for (const Component& c : netlist.components) {
      EXPECT_FALSE(c.ref.empty());
      EXPECT_FALSE(c.tstamps.empty()) << c.ref;
      EXPECT_TRUE(c.libsource.has_value()) << c.ref;
    }
    std::string name = entry.path().filename().string();
    std::string expected_version = name.find("-D_") != std::string::npos ? "D" : "E";
    EXPECT_EQ(netlist.export_version, expected_version);
    EXPECT_EQ(netlist.design.tool.rfind("Eeschema ", 0), 0u) << netlist.design.tool;
  }
  EXPECT_GE(files, 9);
}

TEST(NetlistSamples, KiCad5VersionD) {
  READ_SAMPLE(netlist, "kicad5.1.6-D_KiBot_kibom-variant_3.xml");
  EXPECT_EQ(netlist.export_version, "D");
  EXPECT_EQ(netlist.design.tool, "Eeschema 5.1.6+dfsg1-1");
  EXPECT_EQ(netlist.design.date, "vie 28 ago 2020 18:18:02");
  ASSERT_EQ(netlist.components.size(), 4u);
  const Component& c1 = component(netlist, "C1");
  EXPECT_EQ(c1.value, "1nF");
  EXPECT_EQ(c1.footprint, "Capacitor_SMD:C_0805_2012Metric");
  EXPECT_EQ(c1.datasheet, "~");
  ASSERT_EQ(c1.fields.size(), 1u);
  EXPECT_EQ(c1.fields[0].name, "Config");
  EXPECT_EQ(c1.fields[0].value, "T2");
  EXPECT_EQ(c1.libsource->lib, "Device");
  EXPECT_EQ(c1.libsource->part, "C");
  EXPECT_EQ(c1.tstamps, (std::vector<std::string>{"5F43BEC2"}));
  EXPECT_TRUE(c1.properties.empty());
  EXPECT_EQ(component(netlist, "C2").value, "1000 pF");
  ASSERT_EQ(netlist.libparts.size(), 2u);
  EXPECT_EQ(netlist.libparts[1].part, "R");
  EXPECT_EQ(netlist.libparts[1].footprint_filters, (std::vector<std::string>{"R_*"}));
}

TEST(NetlistSamples, KiCad5NightlyLarge) {
  READ_SAMPLE(netlist, "kicad5dev-D_KiCost_acquire-PWM_973comps.xml");
  EXPECT_EQ(netlist.export_version, "D");
  ASSERT_EQ(netlist.components.size(), 973u);
  EXPECT_EQ(netlist.libparts.size(), 49u);
  const Component& first = netlist.components.front();
  EXPECT_EQ(first.ref, "AO101");
  EXPECT_EQ(first.value, "Pin");
  EXPECT_EQ(first.footprint, "Connectors:Pin_d1.0mm_L10.0mm");
  EXPECT_EQ(field_names(first), (std::vector<std::string>{"manf#", "digikey#"}));
  EXPECT_EQ(first.find_field("digikey#")->value, "36-5001-ND");
  // This nightly wrote no description attribute on libsource.
  EXPECT_EQ(first.libsource->lib, "Project");
  EXPECT_EQ(first.libsource->description, "");
  EXPECT_EQ(first.tstamps, (std::vector<std::string>{"59F49732"}));
}

TEST(NetlistSamples, KiCad6PropertiesAndUuids) {
  READ_SAMPLE(netlist, "kicad6.0rc1-E_KiBot_kibom-variant_3.xml");
  ASSERT_EQ(netlist.components.size(), 5u);
  const Component& r2 = component(netlist, "R2");
  EXPECT_EQ(field_names(r2), (std::vector<std::string>{"Config"}));
  EXPECT_EQ(r2.tstamps, (std::vector<std::string>{"00000000-0000-0000-0000-00005f43d4bb"}));
  ASSERT_EQ(r2.properties.size(), 3u);
  EXPECT_EQ(r2.properties[1].name, "Sheetname");
  EXPECT_EQ(r2.properties[1].value, "");  // root Sheetname is empty in 6/7, and present
  EXPECT_EQ(r2.properties[2].value, "kibom-variant_3.kicad_sch");
}

TEST(NetlistSamples, KiCad7KiDescriptionProperty) {
  READ_SAMPLE(netlist, "kicad7.0rc2-E_KiBot_kibom-variant_3.xml");
  const Component& r2 = component(netlist, "R2");
  EXPECT_EQ(field_names(r2), (std::vector<std::string>{"Config", "default:_3D_model"}));
  auto ki_description = std::find_if(r2.properties.begin(), r2.properties.end(),
                                     [](const Property& p) { return p.name == "ki_description"; });
  ASSERT_NE(ki_description, r2.properties.end());
  EXPECT_EQ(ki_description->value, "Resistor");
}

TEST(NetlistSamples, KiCad8UnicodeAndAppendedFields) {
  READ_SAMPLE(netlist, "kicad8.0.4-E_hackclub-OnBoard_HybridController.xml");
  EXPECT_EQ(netlist.design.tool, "Eeschema 8.0.4");
  ASSERT_EQ(netlist.components.size(), 19u);
  EXPECT_EQ(netlist.libparts.size(), 11u);
  const Component& c1 = component(netlist, "C1");
  EXPECT_EQ(c1.value,
            "0.1\xC2\xB5"
            "F");
  EXPECT_EQ(c1.description, "Unpolarized capacitor, small symbol");
  EXPECT_EQ(c1.datasheet, "");  // no <datasheet> element
  EXPECT_EQ(field_names(c1), (std::vector<std::string>{"Footprint", "Datasheet", "Description"}));
  EXPECT_EQ(c1.find_field("Datasheet")->value, "");
  EXPECT_EQ(c1.libsource->part, "C_Small");
  EXPECT_EQ(component(netlist, "R2").value, "10k\xCE\xA9");
  // The design really gives R1 a capacitor footprint (used by the planner tests).
  EXPECT_EQ(component(netlist, "R1").footprint, "Capacitor_SMD:C_0805_2012Metric");
  EXPECT_EQ(component(netlist, "R2").footprint, "Resistor_SMD:R_0805_2012Metric");
}

TEST(NetlistSamples, KiCad9rc3) {
  READ_SAMPLE(netlist, "kicad9.0rc3-E_KiBot_kibom-variant_3.xml");
  ASSERT_EQ(netlist.components.size(), 5u);
  EXPECT_EQ(component(netlist, "FID1").libsource->lib, "Mechanical");
  ASSERT_EQ(netlist.libparts.size(), 3u);
  EXPECT_EQ(netlist.libparts[0].docs, "~");
  EXPECT_EQ(netlist.libparts[0].fields.size(), 5u);  // 8.0+ writes empty library fields too
}

TEST(NetlistSamples, KiCad903FlagsAndUnlinkedSymbols) {
  READ_SAMPLE(netlist, "kicad9.0.3-E_KiABOM_test-project2.xml");
  EXPECT_EQ(netlist.design.tool, "Eeschema 9.0.3");
  ASSERT_EQ(netlist.components.size(), 9u);
  EXPECT_EQ(refs_where(netlist, [](const Component& c) { return c.flags.dnp; }),
            (std::vector<std::string>{"BT2", "D2", "R2"}));
  EXPECT_EQ(refs_where(netlist, [](const Component& c) { return c.flags.exclude_from_bom; }),
            (std::vector<std::string>{"H1", "H3"}));
  EXPECT_EQ(refs_where(netlist, [](const Component& c) { return c.flags.exclude_from_board; }),
            (std::vector<std::string>{"H2", "H3"}));
  EXPECT_TRUE(refs_where(netlist, [](const Component& c) { return c.flags.exclude_from_sim; }).empty());

  const Component& bt2 = component(netlist, "BT2");
  EXPECT_EQ(bt2.libsource->lib, "");
  EXPECT_EQ(bt2.libsource->part, "Battery_Cell_1");
  const Component& d1 = component(netlist, "D1");
  EXPECT_EQ(field_names(d1),
            (std::vector<std::string>{"Sim.Pins", "MPN", "Rating", "Test", "Footprint", "Datasheet", "Description"}));
  EXPECT_EQ(d1.find_field("MPN")->value, "HSMW-C170-U0000 ");  // trailing space kept
  EXPECT_EQ(d1.find_field("Rating")->value, "");
  EXPECT_EQ(d1.datasheet, "https://docs.broadcom.com/doc/HSMW-C170-U0000-DS100");
  EXPECT_EQ(component(netlist, "H1").footprint, "");
  EXPECT_EQ(component(netlist, "R1").datasheet, "test data for datasheet");
}

TEST(NetlistSamples, KiCad907Hierarchy) {
  READ_SAMPLE(netlist, "kicad9.0.7-E_KiABOM_test-project1.xml");
  ASSERT_EQ(netlist.components.size(), 96u);
  EXPECT_EQ(netlist.libparts.size(), 25u);
  EXPECT_EQ(refs_where(netlist, [](const Component& c) { return c.flags.dnp; }),
            (std::vector<std::string>{"R3", "R4", "C8", "C9", "Y2", "J3", "J4", "J5", "J6"}));
  EXPECT_EQ(refs_where(netlist, [](const Component& c) { return c.flags.exclude_from_bom; }),
            (std::vector<std::string>{"H1", "H2", "H3", "NT1"}));
  const Component& u1 = component(netlist, "U1");
  EXPECT_EQ(u1.sheet_names, "/ATMega/");
  EXPECT_EQ(u1.sheet_tstamps, "/2c362b39-39c4-4cc9-9f97-2b40fbc1b3b9/");
  EXPECT_EQ(u1.datasheet, "http://ww1.microchip.com/downloads/en/DeviceDoc/40001906C.pdf");
  EXPECT_EQ(u1.libsource->lib, "MCU_Microchip_ATmega");
  EXPECT_EQ(u1.libsource->part, "ATmega328PB-A");
  EXPECT_EQ(u1.find_field("MPN")->value, "ATMEGA328PB_AUR");
  EXPECT_EQ(u1.tstamps, (std::vector<std::string>{"8070f6d4-fe8e-4a47-9fcd-54c805330f8c"}));
  std::size_t on_atmega_sheet = std::count_if(netlist.components.begin(), netlist.components.end(),
                                              [](const Component& c) { return c.sheet_names == "/ATMega/"; });
  EXPECT_EQ(on_atmega_sheet, 18u);
}

TEST(NetlistSamples, KiCad10IgnoresUnitsElement) {
  READ_SAMPLE(netlist, "kicad10.0rc1-E_KiBot_kibom-variant_3.xml");
  EXPECT_EQ(netlist.design.date, "2026-03-03T14:41:53");
  ASSERT_EQ(netlist.components.size(), 5u);
  const Component& r2 = component(netlist, "R2");
  EXPECT_EQ(field_names(r2),
            (std::vector<std::string>{"Config", "default:_3D_model", "Footprint", "Datasheet", "Description"}));
  EXPECT_EQ(r2.tstamps, (std::vector<std::string>{"00000000-0000-0000-0000-00005f43d4bb"}));
  EXPECT_FALSE(r2.flags.dnp);
}

}  // namespace
}  // namespace kibridge::netlist
