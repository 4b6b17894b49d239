// What KiCad would see that needs fixing: an empty library (no KiCad categories, or KiCad
// categories listing no parts) and parts served without a symbol, counted per KiCad category —
// from the library, in `kibridge status`, GET /api/status and GET /api/diagnostics/, each
// naming the command that fixes it.
#include <gtest/gtest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "server/kicad/library.h"
#include "server/sync/bridge_status.h"
#include "storage/store.h"
#include "tests/http/sample_library.h"
#include "tests/http/test_server.h"
#include "tests/support/run_kibridge.h"
#include "tests/support/temp_db.h"

namespace kibridge::kicad {
namespace {

using nlohmann::json;
namespace sample = testing::sample;

bool mentions(const std::vector<std::string>& lines, const std::string& text) {
  for (const auto& l : lines) {
    if (l.find(text) != std::string::npos) return true;
  }
  return false;
}

// The sample library with the capacitors' KiCad category left without a default symbol, so
// its one part (C_100n_0603) is served with an empty symbolIdStr.
storage::ChangeSet drop_capacitor_symbol(storage::Store& store, const sample::KicadIds& ids) {
  for (auto k : store.configuration().kicad_categories()) {
    if (k.id == ids.capacitors) {
      k.default_symbol = "";
      return store.configuration().update_kicad_category(k);
    }
  }
  ADD_FAILURE() << "no capacitors category";
  return {};
}

// By value: a Library's health lives as long as the Library.
LibraryHealth health_of(const storage::Store& store) { return library_health(store, *Library::load(store)); }

TEST(LibraryHealth, NoKicadCategoriesIsAnEmptyLibraryAndSaysHowToAddOne) {
  testing::TempDb db;
  storage::Store store(db.path());
  store.mirror().apply_mirror(sample::snapshot());
  const LibraryHealth h = health_of(store);
  EXPECT_TRUE(h.empty_library());
  EXPECT_TRUE(h.categories.empty());
  ASSERT_EQ(h.warnings.size(), 1u);
  EXPECT_NE(h.warnings[0].find("empty library"), std::string::npos) << h.warnings[0];
  EXPECT_NE(h.warnings[0].find("kibridge categories add"), std::string::npos) << h.warnings[0];
}

TEST(LibraryHealth, KicadCategoriesWithoutListedPartsAreAnEmptyLibrary) {
  testing::TempDb db;
  storage::Store store(db.path());
  storage::MirrorSnapshot s = sample::snapshot();
  s.parts.erase(std::remove_if(s.parts.begin(), s.parts.end(),
                               [](const auto& p) { return p.category_id == sample::kResistors && p.active; }),
                s.parts.end());
  s.parameters.clear();
  store.mirror().apply_mirror(s);  // the resistors' only part left is inactive, hence hidden
  storage::KicadCategoryRecord r;
  r.category_id = sample::kResistors;
  r.default_symbol = "Device:R";
  store.configuration().create_kicad_category(r);
  const LibraryHealth h = health_of(store);
  EXPECT_TRUE(h.empty_library());
  ASSERT_EQ(h.categories.size(), 1u);
  EXPECT_EQ(h.categories[0].parts, 0u);
  ASSERT_EQ(h.warnings.size(), 1u);
  EXPECT_NE(h.warnings[0].find("no parts"), std::string::npos) << h.warnings[0];
  EXPECT_NE(h.warnings[0].find("KICAD_HIDE_INACTIVE_PARTS"), std::string::npos) << h.warnings[0];

  store.configuration().set_settings({{"KICAD_HIDE_INACTIVE_PARTS", "false"}});
  const LibraryHealth shown = health_of(store);
  EXPECT_FALSE(shown.empty_library());
  EXPECT_EQ(shown.parts, 1u);
  EXPECT_TRUE(shown.warnings.empty()) << shown.warnings[0];
}

TEST(LibraryHealth, PartsWithoutASymbolAreCountedPerCategoryWithTheFix) {
  testing::TempDb db;
  storage::Store store(db.path());
  const auto ids = sample::seed(store);
  const LibraryHealth fine = health_of(store);
  EXPECT_EQ(fine.parts, 3u);  // two active resistors, one capacitor
  EXPECT_EQ(fine.empty_symbol, 0u);
  EXPECT_TRUE(fine.warnings.empty());

  drop_capacitor_symbol(store, ids);
  const LibraryHealth h = health_of(store);
  EXPECT_EQ(h.empty_symbol, 1u);
  for (const auto& c : h.categories) {
    EXPECT_EQ(c.empty_symbol, c.category_id == sample::kCapacitors ? 1u : 0u) << c.name;
  }
  ASSERT_EQ(h.warnings.size(), 1u);
  EXPECT_NE(h.warnings[0].find("Electronics/Capacitors"), std::string::npos) << h.warnings[0];
  EXPECT_NE(h.warnings[0].find("kibridge categories set 3 --symbol"), std::string::npos) << h.warnings[0];

  // The count follows the renderer's rule: the missing-symbol default fills the gap.
  store.configuration().set_settings({{"DEFAULT_FOR_MISSING_SYMBOL", "Device:C"}});
  EXPECT_EQ(health_of(store).empty_symbol, 0u);
}

TEST(LibraryHealth, DiagnosticsCarryTheCountsAndTheWarnings) {
  testing::TestServer server;
  const auto ids = sample::seed(server.store());
  server.cache().apply(drop_capacitor_symbol(server.store(), ids));
  auto client = server.reader();

  auto diagnostics = client.Get("/api/diagnostics/");
  ASSERT_TRUE(diagnostics && diagnostics->status == 200);
  const json d = json::parse(diagnostics->body);
  EXPECT_TRUE(mentions(d["warnings"].get<std::vector<std::string>>(), "--symbol")) << d.dump();
  bool counted = false;
  for (const auto& c : d["library"]["categories"]) {
    if (c["id"] == sample::kCapacitors) counted = c["empty_symbol"] == 1;
  }
  EXPECT_TRUE(counted) << d.dump();
  EXPECT_EQ(d["library"]["empty_symbol_parts"], 1);

  // A write that fixes it is seen at once.
  for (auto k : server.store().configuration().kicad_categories()) {
    if (k.id != ids.capacitors) continue;
    k.default_symbol = "Device:C";
    server.cache().apply(server.store().configuration().update_kicad_category(k));
  }
  diagnostics = client.Get("/api/diagnostics/");
  ASSERT_TRUE(diagnostics && diagnostics->status == 200);
  EXPECT_EQ(json::parse(diagnostics->body)["library"]["empty_symbol_parts"], 0);
  EXPECT_FALSE(mentions(json::parse(diagnostics->body)["warnings"].get<std::vector<std::string>>(), "--symbol"));
}

TEST(LibraryHealth, StatusCommandShowsTheEmptyLibraryAndTheFix) {
  testing::TempDb db;
  { storage::Store store(db.path()); }
  const auto run = testing::run_kibridge("status --db '" + db.path() + "'");
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_NE(run.out.find("WARNING:"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("kibridge categories add"), std::string::npos) << run.out;

  const auto as_json = testing::run_kibridge("status --json --db '" + db.path() + "'");
  ASSERT_EQ(as_json.status, 0) << as_json.err;
  EXPECT_EQ(json::parse(as_json.out)["library"]["empty_library"], true) << as_json.out;
}

TEST(LibraryHealth, StatusTextCountsPartsWithoutASymbolPerCategory) {
  sync::BridgeStatus s;
  s.library = summarise_health({{2, "Electronics/Resistors", 10, 0}, {3, "Electronics/Capacitors", 5, 2}});
  const std::string text = sync::status_text(s, storage::TimePoint{});
  EXPECT_NE(text.find("2 categories, 15 parts, 2 without a symbol"), std::string::npos) << text;
  EXPECT_NE(text.find("Electronics/Capacitors: 2 of 5 parts without a symbol"), std::string::npos) << text;
  EXPECT_EQ(text.find("Electronics/Resistors:"), std::string::npos) << text;
}

}  // namespace
}  // namespace kibridge::kicad
