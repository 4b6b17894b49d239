// Importing a netlist against the SQLite mirror: planning with the stored settings, binding
// changes to the configured templates, recording and queueing in one step.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "server/kicad/library_config.h"
#include "server/kicad/part_renderer.h"
#include "server/kicad/settings.h"
#include "server/writeback/import_service.h"
#include "server/writeback/writeback_targets.h"
#include "tests/support/temp_db.h"
#include "tests/support/temp_dir.h"

// Named after the file: the unity build compiles this folder as one unit (CMakeLists.txt).
namespace kibridge::writeback::import_service_test {
namespace {

using storage::OutboxState;
using storage::WritebackField;

constexpr int64_t kFootprintTpl = 21;
constexpr int64_t kSymbolTpl = 22;
constexpr int64_t kReferenceTpl = 23;

storage::MirrorSnapshot mirror() {
  storage::MirrorSnapshot s;
  s.categories = {{1, std::nullopt, "Resistors", "Resistors", "", false}};
  s.templates = {{kFootprintTpl, "KiCad Footprint", "", ""},
                 {kSymbolTpl, "KiCad Symbol", "", ""},
                 {kReferenceTpl, "KiCad Reference", "", ""}};
  storage::PartRecord r;
  r.id = 5;
  r.category_id = 1;
  r.name = "R 10k 0603";
  r.ipn = "RES-10K";
  storage::PartRecord c = r;
  c.id = 6;
  c.name = "C 100n";
  c.ipn = "CAP-100N";
  s.parts = {r, c};
  // Part 6 already has a footprint that the design contradicts.
  s.parameters = {{900, 6, kFootprintTpl, "Capacitor_SMD:C_0402_1005Metric"}};
  return s;
}

std::string netlist(const std::string& symbol_lib = "Device") {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<export version="E">
  <design><source>/p/board.kicad_sch</source><date>2026-11-01T10:00:00</date><tool>Eeschema 9.0.7</tool></design>
  <components>
    <comp ref="R1">
      <value>10k</value>
      <footprint>Resistor_SMD:R_0603_1608Metric</footprint>
      <datasheet>https://example.com/r.pdf</datasheet>
      <fields><field name="InvenTree">5</field></fields>
      <libsource lib=")" + symbol_lib + R"(" part="R" description="Resistor"/>
      <sheetpath names="/" tstamps="/"/>
    </comp>
    <comp ref="C7">
      <value>100n</value>
      <footprint>Capacitor_SMD:C_0603_1608Metric</footprint>
      <fields><field name="IPN">CAP-100N</field></fields>
      <libsource lib="Device" part="C" description="Capacitor"/>
      <sheetpath names="/" tstamps="/"/>
    </comp>
  </components>
</export>
)";
}

class ImportServiceTest : public ::testing::Test {
 protected:
  ImportServiceTest() : store(db.path()) {
    store.mirror().apply_mirror(mirror());
    store.configuration().set_settings({{"KICAD_FOOTPRINT_PARAMETER", std::to_string(kFootprintTpl)},
                        {"KICAD_SYMBOL_PARAMETER", "KiCad Symbol"},
                        {"KICAD_REFERENCE_PARAMETER", std::to_string(kReferenceTpl)}});
  }

  ImportOutcome run(const std::string& xml, bool dry_run = false) {
    return import_netlist(store, ImportRequest{xml, "board.xml", "alice", dry_run});
  }

  std::optional<std::string> parameter(int64_t part, int64_t tpl) const {
    const auto details = store.mirror().part_details(part);
    for (const auto& p : details->parameters) {
      if (p.template_id == tpl) return p.data;
    }
    return std::nullopt;
  }

  testing::TempDb db;
  storage::Store store;
};

// The design's symbols and footprints checked against the KiCad libraries installed in the
// folders the settings name (a temporary one here), in the dry run before anything is queued.
TEST_F(ImportServiceTest, ReportsTheDesignsNamesTheInstalledLibrariesLack) {
  testing::TempDir folders("import-installed");
  std::filesystem::create_directories(folders.path() / "sym");
  std::filesystem::create_directories(folders.path() / "fp/Resistor_SMD.pretty");
  std::ofstream(folders.path() / "sym/Device.kicad_sym") << "(kicad_symbol_lib (symbol \"R\") (symbol \"C\"))";
  std::ofstream(folders.path() / "fp/Resistor_SMD.pretty/R_0603_1608Metric.kicad_mod") << "(footprint \"R\")";
  store.configuration().set_settings(
      {{"KICAD_SYMBOL_DIRS", (folders.path() / "sym").string()}, {"KICAD_FOOTPRINT_DIRS", (folders.path() / "fp").string()}});
  kicad::InstalledLibraries installed;
  ImportRequest request{netlist("MyParts"), "board.xml", "alice", /*dry_run=*/true};
  request.installed_libraries = &installed;
  const ImportOutcome out = import_netlist(store, request);

  ASSERT_TRUE(out.report.not_installed.symbols && out.report.not_installed.footprints);
  ASSERT_EQ(out.report.not_installed.symbols->size(), 1u);  // Device:C is installed
  const auto& symbol = (*out.report.not_installed.symbols)[0];
  EXPECT_EQ(symbol.name, "MyParts:R");
  EXPECT_EQ(symbol.refs, std::vector<std::string>{"R1"});
  EXPECT_TRUE(symbol.queued);  // part 5 gets it as its symbol
  ASSERT_EQ(out.report.not_installed.footprints->size(), 1u);
  const auto& footprint = (*out.report.not_installed.footprints)[0];
  EXPECT_EQ(footprint.name, "Capacitor_SMD:C_0603_1608Metric");
  EXPECT_FALSE(footprint.queued);  // part 6 keeps its own footprint
  EXPECT_TRUE(out.outbox_ids.empty());
  EXPECT_NE(outcome_text(out).find("  symbol MyParts:R: R1 (this import writes it to InvenTree)"), std::string::npos)
      << outcome_text(out);
  EXPECT_EQ(outcome_json(out)["summary"]["not_installed_footprints"], 1);
  // The history keeps the counts with the summary.
  EXPECT_NE(out.record.summary_json.find("\"not_installed_symbols\":1"), std::string::npos) << out.record.summary_json;

  // Without an index (the default), nothing is checked.
  EXPECT_FALSE(run(netlist(), /*dry_run=*/true).report.not_installed.symbols);
}

TEST_F(ImportServiceTest, QueuesMissingValuesAndShowsThemAtOnce) {
  ImportOutcome out = run(netlist());
  // Part 5: footprint, symbol, reference filled. Part 6: its footprint differs and override is
  // off, so it is kept; symbol and reference are filled.
  EXPECT_EQ(out.report.summary.changes, 5u);
  EXPECT_EQ(out.report.summary.kept_existing, 1u);
  ASSERT_EQ(out.outbox_ids.size(), 5u);
  EXPECT_EQ(out.record.queued, 5);
  EXPECT_EQ(out.record.actor, "alice");
  EXPECT_EQ(out.record.content_sha256.size(), 64u);
  EXPECT_EQ(out.record.design_source, "/p/board.kicad_sch");

  EXPECT_EQ(parameter(5, kFootprintTpl), "Resistor_SMD:R_0603_1608Metric");
  EXPECT_EQ(parameter(5, kSymbolTpl), "Device:R");
  EXPECT_EQ(parameter(5, kReferenceTpl), "R");
  EXPECT_EQ(parameter(6, kFootprintTpl), "Capacitor_SMD:C_0402_1005Metric");
  EXPECT_EQ(parameter(6, kReferenceTpl), "C");
  EXPECT_TRUE(out.changes.parts.count(5));
  EXPECT_TRUE(out.changes.parts.count(6));

  auto entries = store.writeback().outbox_entries(OutboxState::kPending);
  ASSERT_EQ(entries.size(), 5u);
  EXPECT_EQ(entries[0].change.part_id, 5);
  EXPECT_EQ(entries[0].change.template_id, kFootprintTpl);
  EXPECT_EQ(entries[0].change.old_value, std::nullopt);
  for (const auto& e : entries) EXPECT_NE(e.change.field, WritebackField::kDatasheet);  // setting off
}

// Drift against the store-backed directory: the served fields come from the renderer with the
// stored settings (here the MPN field of KICAD_MPN_FIELD), and what this import changes is
// not drift.
TEST_F(ImportServiceTest, DriftComparesTheDesignWithWhatKiCadIsServed) {
  auto m = mirror();
  m.manufacturer_parts = {{40, 5, "Yageo", "RC0603FR-0710KL"}};
  store.mirror().apply_mirror(m);
  store.configuration().set_settings({{"KICAD_MPN_FIELD", "MPN"}});
  std::string xml = netlist();
  xml.replace(xml.find("<field name=\"InvenTree\">5</field>"), 33,
              "<field name=\"InvenTree\">5</field><field name=\"MPN\">RC0603JR-0710KL</field>");
  ImportOutcome out = run(xml, /*dry_run=*/true);
  std::vector<std::string> drift;
  for (const auto& d : out.report.drift) {
    drift.push_back(d.ref + " " + d.field + ": " + d.schematic_value + " | " + d.served_value);
  }
  EXPECT_EQ(drift, (std::vector<std::string>{
                       "R1 value: 10k | R 10k 0603",
                       "R1 datasheet: https://example.com/r.pdf | ",  // datasheet write-back is off
                       "R1 MPN: RC0603JR-0710KL | RC0603FR-0710KL",
                       "C7 value: 100n | C 100n",
                       "C7 footprint: Capacitor_SMD:C_0603_1608Metric | Capacitor_SMD:C_0402_1005Metric",  // kept
                   }));
  // R1's footprint is not drift: this import fills it.
  EXPECT_EQ(out.report.summary.drift, 5u);
}

TEST_F(ImportServiceTest, ImportingTheSameDesignAgainQueuesNothing) {
  run(netlist());
  ImportOutcome again = run(netlist());
  EXPECT_EQ(again.report.summary.changes, 0u);
  EXPECT_TRUE(again.outbox_ids.empty());
  EXPECT_EQ(store.writeback().outbox_entries().size(), 5u);
  EXPECT_EQ(store.writeback().imports(10).size(), 2u);
}

TEST_F(ImportServiceTest, DryRunPlansAndRecordsButChangesNothing) {
  ImportOutcome out = run(netlist(), true);
  EXPECT_EQ(out.report.summary.changes, 5u);
  EXPECT_TRUE(out.outbox_ids.empty());
  EXPECT_TRUE(out.changes.empty());
  EXPECT_TRUE(store.writeback().outbox_entries().empty());
  EXPECT_EQ(parameter(5, kFootprintTpl), std::nullopt);
  auto history = store.writeback().imports(10);
  ASSERT_EQ(history.size(), 1u);
  EXPECT_TRUE(history[0].dry_run);
  nlohmann::json summary = nlohmann::json::parse(history[0].summary_json);
  EXPECT_EQ(summary["changes"], 5);
}

TEST_F(ImportServiceTest, BadInputIsRefusedAndNothingIsRecorded) {
  try {
    run("<export version=\"E\"><components><comp ref=\"R1\">");
    FAIL() << "truncated XML was accepted";
  } catch (const ImportError& e) {
    EXPECT_EQ(e.kind(), ImportError::Kind::kInvalidNetlist);
    EXPECT_FALSE(std::string(e.what()).empty());
  }
  try {
    import_netlist(store, ImportRequest{netlist(), "", "cli", false}, ImportLimits{100, 10});
    FAIL() << "oversized netlist was accepted";
  } catch (const ImportError& e) {
    EXPECT_EQ(e.kind(), ImportError::Kind::kTooLarge);
  }
  EXPECT_TRUE(store.writeback().imports(10).empty());
  EXPECT_TRUE(store.writeback().outbox_entries().empty());
}

TEST_F(ImportServiceTest, FieldsWithoutATemplateAreReportedNotQueued) {
  store.configuration().delete_setting("KICAD_REFERENCE_PARAMETER");
  ImportOutcome out = run(netlist());
  EXPECT_EQ(out.outbox_ids.size(), 3u);
  EXPECT_EQ(out.report.summary.changes, 3u);
  bool reported = false;
  for (const auto& part : out.report.parts) {
    for (const auto& ignored : part.ignored) {
      if (ignored.field == netlist::WritableField::kReference) {
        reported = true;
        EXPECT_NE(ignored.reason.find("KICAD_REFERENCE_PARAMETER"), std::string::npos);
      }
    }
    for (const auto& c : part.changes) EXPECT_NE(c.field, netlist::WritableField::kReference);
  }
  EXPECT_TRUE(reported);
}

TEST_F(ImportServiceTest, MissingTemplateByNameIsQueuedOnlyWhenItMayBeCreated) {
  store.configuration().set_settings({{"KICAD_SYMBOL_PARAMETER", "KiCad Symbol v2"}});
  EXPECT_EQ(run(netlist(), true).report.summary.changes, 3u);  // both symbols ignored: no template

  store.configuration().set_settings({{"IMPORT_CREATE_MISSING_TEMPLATES", "true"}});
  ImportOutcome out = run(netlist());
  int symbols = 0;
  for (const auto& e : store.writeback().outbox_entries()) {
    if (e.change.field != WritebackField::kSymbol) continue;
    ++symbols;
    EXPECT_EQ(e.change.template_id, std::nullopt);
    EXPECT_EQ(e.change.template_name, "KiCad Symbol v2");
  }
  EXPECT_EQ(symbols, 2);
}

TEST_F(ImportServiceTest, DatasheetsAreQueuedWhenTheSettingIsOn) {
  store.configuration().set_settings({{"KICAD_META_DATA_IMPORT_ADD_DATASHEET", "true"}});
  ImportOutcome out = run(netlist());
  EXPECT_EQ(out.outbox_ids.size(), 6u);
  auto e = store.writeback().outbox_entry(out.outbox_ids.back());
  ASSERT_TRUE(e);
  bool found = false;
  for (int64_t id : out.outbox_ids) {
    auto entry = store.writeback().outbox_entry(id);
    if (entry->change.field == WritebackField::kDatasheet) {
      found = true;
      EXPECT_EQ(entry->change.new_value, "https://example.com/r.pdf");
      EXPECT_EQ(entry->change.part_id, 5);
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(ImportServiceTest, SymbolsFromTheHttpLibraryAreNotWrittenBack) {
  store.configuration().set_settings({{"IMPORT_HTTP_LIBRARY_NAMES", "Parts, InvenTree-Lab"}});
  ImportOutcome out = run(netlist("InvenTree-Lab"));
  for (const auto& e : store.writeback().outbox_entries()) {
    if (e.change.part_id == 5) {
      EXPECT_NE(e.change.field, WritebackField::kSymbol);
    }
  }
  EXPECT_EQ(out.outbox_ids.size(), 4u);
}

TEST_F(ImportServiceTest, OutcomeJsonCarriesTheImportAndTheReport) {
  ImportOutcome out = run(netlist());
  nlohmann::json j = outcome_json(out);
  EXPECT_EQ(j["import"]["id"], out.record.id);
  EXPECT_EQ(j["import"]["queued"], 5);
  EXPECT_EQ(j["import"]["outbox_ids"].size(), 5u);
  EXPECT_EQ(j["import"]["dry_run"], false);
  EXPECT_EQ(j["summary"]["changes"], 5);
  EXPECT_EQ(j["parts"].size(), 2u);
  const std::string text = outcome_text(out);
  EXPECT_NE(text.find("5 change(s) queued"), std::string::npos);
  EXPECT_NE(text.find("R1"), std::string::npos);
}

// A value InvenTree cannot hold (a parameter's data has at most 500 characters) is not
// queued: it would only come back as a 400 from InvenTree. The report says why. (Issue 10.5: a
// 1,000,000-character footprint was queued as a 1 MB outbox entry.)
TEST_F(ImportServiceTest, ValuesTooLongForInvenTreeAreReportedNotQueued) {
  std::string xml = netlist();
  const std::string huge(1000000, 'F');
  const std::string long_symbol(501, 'S');
  xml.replace(xml.find("Resistor_SMD:R_0603_1608Metric"), 30, "Lib:" + huge);
  xml.replace(xml.find("part=\"R\""), 8, "part=\"" + long_symbol + "\"");
  ImportOutcome out = run(xml);
  for (const auto& e : store.writeback().outbox_entries()) {
    EXPECT_LE(e.change.new_value.size(), 500u) << "queued a value of " << e.change.new_value.size() << " bytes";
  }
  EXPECT_EQ(parameter(5, kFootprintTpl), std::nullopt);
  EXPECT_EQ(parameter(5, kSymbolTpl), std::nullopt);
  EXPECT_EQ(parameter(5, kReferenceTpl), "R");  // the part's other values still go through
  int refused = 0;
  for (const auto& part : out.report.parts) {
    for (const auto& ignored : part.ignored) {
      if (ignored.reason.find("500") != std::string::npos) ++refused;
    }
    for (const auto& c : part.changes) EXPECT_LE(c.new_value.size(), 500u);
  }
  EXPECT_EQ(refused, 2);
  EXPECT_LT(outcome_json(out).dump().size(), 20000u);  // the report does not carry the megabyte either
}

// What KiCad is served for a part right now: the footprint after the plugin's precedence
// (the KiCad category's footprint template over KICAD_FOOTPRINT_PARAMETER, then mappings).
std::string served_footprint(const storage::Store& store, int64_t part) {
  kicad::LibraryConfig config(kicad::parse_settings(store.configuration().settings()), store.mirror().parameter_templates(),
                              store.mirror().categories(), store.configuration().kicad_categories(), store.configuration().footprint_mappings());
  std::vector<std::string> warnings;
  const auto details = store.mirror().part_details(part);
  const auto detail = kicad::render_part_detail(*details, config, details->part.name, warnings);
  return detail.at("fields").at("footprint").at("value").get<std::string>();
}

// A KiCad category with a footprint_parameter_template is served that template's value (over
// KICAD_FOOTPRINT_PARAMETER), through the category's mappings. An import writes the footprint
// where KiCad reads it: into that template, as the mapped parameter value when a mapping gives
// the footprint, else as the footprint itself; the report says what KiCad will show. (Issue
// 10.10: it wrote KICAD_FOOTPRINT_PARAMETER, and KiCad kept showing the mapped footprint.)
class CategoryFootprintTemplateTest : public ImportServiceTest {
 protected:
  static constexpr int64_t kPackageTpl = 24;
  CategoryFootprintTemplateTest() {
    storage::MirrorSnapshot s = mirror();
    s.templates.push_back({kPackageTpl, "Package", "", ""});
    s.parameters.push_back({901, 5, kPackageTpl, "0603"});
    store.mirror().apply_mirror(s);
    storage::KicadCategoryRecord k;
    k.category_id = 1;
    k.footprint_parameter_template = kPackageTpl;
    const int64_t kcat = store.configuration().create_kicad_category(k).first.id;
    store.configuration().create_footprint_mapping({0, kcat, "0603", "Resistor_SMD:R_0603_1608Metric"});
    store.configuration().create_footprint_mapping({0, kcat, "0805", "Resistor_SMD:R_0805_2012Metric"});
    store.configuration().set_settings({{"IMPORT_INVENTREE_OVERRIDE_PARAS", "true"}});
  }

  std::string with_footprint(const std::string& footprint) {
    std::string xml = netlist();
    xml.replace(xml.find("Resistor_SMD:R_0603_1608Metric"), 30, footprint);
    return xml;
  }

  // Part 5's footprint change stores `stored` in the category's template (and nothing in
  // KICAD_FOOTPRINT_PARAMETER's), it is queued there, and KiCad is now served `shown`.
  void expect_written(const ImportOutcome& out, const std::string& stored, const std::string& shown) {
    const auto* change = footprint_change(out);
    ASSERT_NE(change, nullptr);
    EXPECT_EQ(change->new_value, stored);
    EXPECT_EQ(change->kicad_value, shown);
    EXPECT_EQ(parameter(5, kPackageTpl), stored);
    EXPECT_EQ(parameter(5, kFootprintTpl), std::nullopt);
    EXPECT_EQ(served_footprint(store, 5), shown);
    int queued = 0;
    for (const auto& e : store.writeback().outbox_entries()) {
      if (e.change.part_id != 5 || e.change.field != WritebackField::kFootprint) continue;
      ++queued;
      EXPECT_EQ(e.change.template_id, kPackageTpl);
      EXPECT_EQ(e.change.new_value, stored);
    }
    EXPECT_EQ(queued, 1);
  }

  const netlist::PlannedChange* footprint_change(const ImportOutcome& out) {
    for (const auto& part : out.report.parts) {
      if (part.part_id != 5) continue;
      for (const auto& c : part.changes) {
        if (c.field == netlist::WritableField::kFootprint) return &c;
      }
    }
    return nullptr;
  }
};

TEST_F(CategoryFootprintTemplateTest, TheServedFootprintNeedsNoChange) {
  ASSERT_EQ(served_footprint(store, 5), "Resistor_SMD:R_0603_1608Metric");
  ImportOutcome out = run(netlist());  // R1 has the footprint KiCad is already served
  EXPECT_EQ(footprint_change(out), nullptr);
  for (const auto& e : store.writeback().outbox_entries()) {
    EXPECT_FALSE(e.change.part_id == 5 && e.change.field == WritebackField::kFootprint);
  }
}

TEST_F(CategoryFootprintTemplateTest, AMappedFootprintIsWrittenAsItsParameterValue) {
  ImportOutcome out = run(with_footprint("Resistor_SMD:R_0805_2012Metric"));
  expect_written(out, "0805", "Resistor_SMD:R_0805_2012Metric");
  EXPECT_EQ(footprint_change(out)->old_value, "0603");
  EXPECT_NE(outcome_text(out).find("KiCad will show \"Resistor_SMD:R_0805_2012Metric\""), std::string::npos)
      << outcome_text(out);
}

TEST_F(CategoryFootprintTemplateTest, AnUnmappedFootprintIsWrittenAsItIs) {
  ImportOutcome out = run(with_footprint("Resistor_SMD:R_1206_3216Metric"));
  expect_written(out, "Resistor_SMD:R_1206_3216Metric", "Resistor_SMD:R_1206_3216Metric");
  int shown = 0;
  const nlohmann::json report = outcome_json(out);
  for (const auto& c : report["parts"][0]["changes"]) {
    if (c["field"] != "footprint") continue;
    ++shown;
    EXPECT_EQ(c["kicad_value"], "Resistor_SMD:R_1206_3216Metric");
  }
  EXPECT_EQ(shown, 1);
}

TEST(WritebackTargets, ResolveTemplatesByIdOrNameAndSayWhyNot) {
  kicad::KicadSettings settings;
  settings.footprint_parameter = "21";
  settings.symbol_parameter = "kicad symbol";
  settings.reference_parameter = "99";
  std::vector<storage::ParameterTemplateRecord> templates = {{21, "KiCad Footprint", "", ""},
                                                             {22, "KiCad Symbol", "", ""}};
  WritebackTargets t = writeback_targets(settings, templates);
  EXPECT_TRUE(t.footprint.enabled);
  EXPECT_EQ(t.footprint.template_id, 21);
  EXPECT_TRUE(t.symbol.enabled);
  EXPECT_EQ(t.symbol.template_id, 22);
  EXPECT_EQ(t.symbol.template_name, "KiCad Symbol");
  EXPECT_FALSE(t.reference.enabled);
  EXPECT_NE(t.reference.disabled_reason.find("99"), std::string::npos);
  EXPECT_FALSE(t.datasheet.enabled);
  settings.import_add_datasheet = true;
  EXPECT_TRUE(writeback_targets(settings, templates).datasheet.enabled);
}

}  // namespace
}  // namespace kibridge::writeback::import_service_test
