// JSON and text renderings of an import report.

#include "server/netlist/import_report_format.h"

#include <gtest/gtest.h>

#include <string>

#include "server/netlist/import_plan.h"
#include "tests/netlist/fake_part_directory.h"

namespace kibridge::netlist {
namespace {

// One report with every kind of entry: change (with and without an old value), conflict,
// kept, up to date, ignored, unmatched, skipped, a note and a DNP flag.
ImportReport sample_report() {
  testing::FakePartDirectory directory;
  KnownPart resistor;
  resistor.id = 7;
  resistor.name = "RC0603-10K";
  resistor.ipn = "RES-10K";
  resistor.symbol = "Device:R";
  resistor.reference = "R";
  resistor.datasheet = "https://old.example/r.pdf";
  resistor.served_fields = {{"value", "10k"}, {"reference", "R"}};  // R1 and R2 say 0.1uF: drift
  directory.add(resistor);
  KnownPart capacitor;
  capacitor.id = 9;
  capacitor.name =
      "C-100n 16V X7R \xC2\xB1"
      "10%";
  capacitor.footprint = "";
  directory.add(capacitor);

  auto component = [](std::string ref, std::string id, std::string footprint) {
    Component c;
    c.ref = std::move(ref);
    c.value =
        "0.1\xC2\xB5"
        "F";
    c.footprint = std::move(footprint);
    c.fields.push_back(Field{"InvenTree", std::move(id)});
    c.libsource = LibSource{"Device", "R", ""};
    return c;
  };
  Netlist netlist;
  netlist.export_version = "E";
  netlist.design.source = "/p/board.kicad_sch";
  netlist.design.tool = "Eeschema 9.0.7";
  Component r1 = component("R1", "7", "Resistor_SMD:R_0603_1608Metric");
  r1.datasheet = "https://new.example/r.pdf";
  r1.fields.push_back(Field{"IPN", "RES-10K-OLD"});
  Component r2 = component("R2", "7", "Resistor_SMD:R_0603_1608Metric");
  r2.flags.dnp = true;
  r2.datasheet = "see drawer 3";
  Component c1 = component("C1", "9", "Capacitor_SMD:C_0402_1005Metric");
  c1.libsource = LibSource{"InvenTree", "C-100n", ""};
  Component c2 = component("C2", "9", "Capacitor_SMD:C_0603_1608Metric");
  c2.libsource = LibSource{"InvenTree", "C-100n", ""};
  Component x1 = component("X1", "12345", "");
  Component power = component("#PWR01", "", "");
  netlist.components = {r1, r2, c1, c2, x1, power};
  return plan_import(netlist, ImportSettings{}, directory);
}

TEST(ImportReportFormat, JsonCarriesEveryEntry) {
  nlohmann::json json = to_json(sample_report());
  EXPECT_EQ(json["export_version"], "E");
  EXPECT_EQ(json["design"]["source"], "/p/board.kicad_sch");
  EXPECT_EQ(json["settings"]["id_field_prefix"], "InvenTree");
  EXPECT_EQ(json["settings"]["override_existing"], false);
  EXPECT_EQ(json["summary"]["components"], 6);
  EXPECT_EQ(json["summary"]["matched"], 4);
  EXPECT_EQ(json["summary"]["unmatched"], 1);
  EXPECT_EQ(json["summary"]["skipped"], 1);

  const nlohmann::json& r2 = json["components"][1];
  EXPECT_EQ(r2["ref"], "R2");
  EXPECT_EQ(r2["status"], "matched");
  EXPECT_EQ(r2["matched_by"], "id");
  EXPECT_EQ(r2["part_id"], 7);
  EXPECT_TRUE(r2["reason"].is_null());
  EXPECT_EQ(r2["flags"], nlohmann::json::array({"dnp"}));
  EXPECT_EQ(json["components"][0]["notes"].size(), 1u);

  const nlohmann::json& x1 = json["components"][4];
  EXPECT_EQ(x1["status"], "unmatched");
  EXPECT_TRUE(x1["part_id"].is_null());
  EXPECT_TRUE(x1["matched_by"].is_null());
  EXPECT_EQ(x1["reason"], "InvenTree field \"12345\" is not a known part id; matching by name is off");
  EXPECT_EQ(json["components"][5]["status"], "skipped");

  ASSERT_EQ(json["parts"].size(), 2u);
  const nlohmann::json& resistor = json["parts"][0];
  EXPECT_EQ(resistor["part_id"], 7);
  EXPECT_EQ(resistor["ipn"], "RES-10K");
  EXPECT_EQ(resistor["refs"], nlohmann::json::array({"R1", "R2"}));
  ASSERT_EQ(resistor["changes"].size(), 1u);
  EXPECT_EQ(resistor["changes"][0]["field"], "footprint");
  EXPECT_TRUE(resistor["changes"][0]["old"].is_null());
  EXPECT_EQ(resistor["changes"][0]["new"], "Resistor_SMD:R_0603_1608Metric");
  EXPECT_EQ(resistor["changes"][0]["refs"], nlohmann::json::array({"R1", "R2"}));
  EXPECT_EQ(resistor["up_to_date"].size(), 2u);  // symbol, reference
  ASSERT_EQ(resistor["kept_existing"].size(), 1u);
  EXPECT_EQ(resistor["kept_existing"][0]["field"], "datasheet");
  EXPECT_EQ(resistor["kept_existing"][0]["current"], "https://old.example/r.pdf");
  EXPECT_EQ(resistor["kept_existing"][0]["proposed"], "https://new.example/r.pdf");
  ASSERT_EQ(resistor["ignored"].size(), 1u);
  EXPECT_EQ(resistor["ignored"][0]["refs"], nlohmann::json::array({"R2"}));

  const nlohmann::json& capacitor = json["parts"][1];
  ASSERT_EQ(capacitor["conflicts"].size(), 1u);
  EXPECT_EQ(capacitor["conflicts"][0]["field"], "footprint");
  EXPECT_EQ(capacitor["conflicts"][0]["current"], "");
  EXPECT_EQ(capacitor["conflicts"][0]["values"][1]["value"], "Capacitor_SMD:C_0603_1608Metric");
  EXPECT_EQ(capacitor["conflicts"][0]["values"][1]["refs"], nlohmann::json::array({"C2"}));
  EXPECT_EQ(capacitor["ignored"][0]["field"], "symbol");
  EXPECT_EQ(capacitor["changes"][0]["field"], "reference");
  EXPECT_TRUE(capacitor["changes"][0]["old"].is_null());

  EXPECT_EQ(json["summary"]["drift"], 2);
  ASSERT_EQ(json["drift"].size(), 2u);
  EXPECT_EQ(json["drift"][1], (nlohmann::json{{"component", "R2"},
                                              {"part", 7},
                                              {"field", "value"},
                                              {"schematic_value", "0.1\xC2\xB5"
                                                                  "F"},
                                              {"served_value", "10k"}}));
}

TEST(ImportReportFormat, JsonRoundTripsUtf8) {
  std::string dumped = to_json(sample_report()).dump();
  EXPECT_NE(dumped.find("\"name\":\"C-100n 16V X7R \xC2\xB1"
                        "10%\""),
            std::string::npos)
      << dumped;
  EXPECT_EQ(nlohmann::json::parse(dumped), to_json(sample_report()));
}

TEST(ImportReportFormat, TextNamesEveryEntry) {
  std::string text = to_text(sample_report());
  auto has = [&](const std::string& needle) { return text.find(needle) != std::string::npos; };
  EXPECT_TRUE(has("Design:     /p/board.kicad_sch\n")) << text;
  EXPECT_TRUE(has("Components: 6 (matched 4, unmatched 1, skipped 1)\n")) << text;
  EXPECT_TRUE(has("Part 7 \"RC0603-10K\" (IPN \"RES-10K\"): R1, R2 [dnp]\n")) << text;
  EXPECT_TRUE(has("  change    footprint: (none) -> \"Resistor_SMD:R_0603_1608Metric\" (R1, R2)\n")) << text;
  EXPECT_TRUE(
      has("  kept      datasheet: InvenTree keeps \"https://old.example/r.pdf\", the design gives "
          "\"https://new.example/r.pdf\" (R1); override is off\n"))
      << text;
  EXPECT_TRUE(has("  same      symbol: \"Device:R\"\n")) << text;
  EXPECT_TRUE(has("  ignored   datasheet: \"see drawer 3\" is not an http(s) or ftp URL (R2)\n")) << text;
  EXPECT_TRUE(
      has("  conflict  footprint: InvenTree has \"\"; the design gives \"Capacitor_SMD:C_0402_1005Metric\" "
          "(C1), \"Capacitor_SMD:C_0603_1608Metric\" (C2); nothing written\n"))
      << text;
  EXPECT_TRUE(has("  ignored   symbol: placed from the HTTP library \"InvenTree\" (C1, C2)\n")) << text;
  EXPECT_TRUE(has("Unmatched components (1)\n  X1: InvenTree field \"12345\" is not a known part id")) << text;
  EXPECT_TRUE(has("Skipped components (1)\n  #PWR01: power or virtual symbol")) << text;
  EXPECT_TRUE(has("Notes\n  R1: IPN field \"RES-10K-OLD\" differs from part 7's IPN \"RES-10K\"\n")) << text;
  EXPECT_TRUE(has("Drift: the schematic differs from what kibridge serves (2; reported only, nothing written)\n"
                  "  R1 (part 7) value: schematic \"0.1\xC2\xB5"
                  "F\", served \"10k\"\n"))
      << text;
  EXPECT_EQ(text.back(), '\n');
}

}  // namespace
}  // namespace kibridge::netlist
