// The library health's check against the KiCad libraries installed on the machine
// (library_health.h, check_installed): pure, on a fake index; the served names collected from
// the store per KiCad category; GET /api/diagnostics/ and GET /api/status over a temporary
// KICAD_SYMBOL_DIRS / KICAD_FOOTPRINT_DIRS folder; `kibridge status`.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "server/auth/token_auth.h"
#include "server/http/http_server.h"
#include "server/http/sync_api.h"
#include "server/kicad/library.h"
#include "server/kicad/library_health.h"
#include "server/sync/bridge_status.h"
#include "storage/store.h"
#include "tests/http/sample_library.h"
#include "tests/http/test_server.h"
#include "tests/http/writeback_sample.h"
#include "tests/support/run_kibridge.h"
#include "tests/support/temp_db.h"
#include "tests/support/temp_dir.h"

namespace kibridge::kicad {
namespace {

using nlohmann::json;
namespace sample = testing::sample;
using Names = std::vector<std::string>;

KicadCategoryUse use(int64_t id, std::string name, std::map<std::string, size_t> symbols,
                     std::map<std::string, size_t> footprints) {
  KicadCategoryUse u;
  u.category_id = id;
  u.name = std::move(name);
  auto served = std::make_shared<ServedLibraryNames>();
  for (const auto& [n, parts] : symbols) u.parts += parts;
  served->symbols = std::move(symbols);
  served->footprints = std::move(footprints);
  u.served = std::move(served);
  return u;
}

InstalledNames fake_index(Names symbols, Names footprints) {
  return InstalledNames({{"/sym"}, {"/fp"}}, std::move(symbols), std::move(footprints));
}

size_t count_mentioning(const std::vector<std::string>& lines, const std::string& text) {
  size_t n = 0;
  for (const auto& l : lines) n += l.find(text) != std::string::npos;
  return n;
}

TEST(InstalledCheck, CountsPerCategoryTheServedNamesTheIndexLacksAndSaysWhatToDo) {
  LibraryHealth h = summarise_health({
      use(2, "Electronics/Resistors", {{"Device:R", 10}, {"Device:R_Typo", 3}},
          {{"Resistor_SMD:R_0603_1608Metric", 12}, {"MyLib:R_Special", 1}}),
      use(3, "Electronics/Capacitors", {{"Device:C", 5}}, {{"Capacitor_SMD:C_0603_1608Metric", 5}}),
  });
  const LibraryHealth checked = check_installed(
      h, fake_index({"Device:C", "Device:R"}, {"Capacitor_SMD:C_0603_1608Metric", "Resistor_SMD:R_0603_1608Metric"}));

  const auto& r = checked.categories[0];
  ASSERT_TRUE(r.missing_symbols && r.missing_footprints);
  EXPECT_EQ(r.missing_symbols->parts, 3u);
  EXPECT_EQ(r.missing_symbols->names, 1u);
  EXPECT_EQ(r.missing_symbols->shown, Names{"Device:R_Typo"});
  EXPECT_EQ(r.missing_footprints->parts, 1u);
  EXPECT_EQ(r.missing_footprints->shown, Names{"MyLib:R_Special"});
  const auto& c = checked.categories[1];
  ASSERT_TRUE(c.missing_symbols);
  EXPECT_EQ(c.missing_symbols->names, 0u);  // checked, nothing missing: zero, not null

  ASSERT_TRUE(checked.installed_symbols && checked.installed_footprints);
  EXPECT_EQ(checked.installed_symbols->missing_parts, 3u);
  EXPECT_EQ(checked.installed_footprints->missing_parts, 1u);
  EXPECT_EQ(checked.installed_symbols->installed_names, 2u);

  // One warning per category and kind with missing names, naming them and both fixes.
  ASSERT_EQ(checked.warnings.size(), 2u) << checked.warnings[0];
  const std::string& symbols = checked.warnings[0];
  EXPECT_NE(symbols.find("'Electronics/Resistors' (2)"), std::string::npos) << symbols;
  EXPECT_NE(symbols.find("3 parts are served 1 symbol not in the KiCad libraries installed here"), std::string::npos)
      << symbols;
  EXPECT_NE(symbols.find("Device:R_Typo"), std::string::npos) << symbols;
  EXPECT_NE(symbols.find("kibridge categories set 2 --symbol LIB:NAME"), std::string::npos) << symbols;
  EXPECT_NE(symbols.find("install that library"), std::string::npos) << symbols;
  EXPECT_NE(symbols.find("KICAD_SYMBOL_DIRS"), std::string::npos) << symbols;
  EXPECT_NE(checked.warnings[1].find("--footprint LIB:NAME"), std::string::npos) << checked.warnings[1];
  EXPECT_NE(checked.warnings[1].find("KICAD_FOOTPRINT_DIRS"), std::string::npos) << checked.warnings[1];

  // The input is untouched: the cached health stays unchecked.
  EXPECT_FALSE(h.installed_symbols);
  EXPECT_FALSE(h.categories[0].missing_symbols);
}

TEST(InstalledCheck, AKindWithNoInstalledLibraryIsNotCheckedAndShowsNullNotZero) {
  const LibraryHealth h = summarise_health({use(2, "R", {{"Device:R_Typo", 3}}, {{"Nope:X", 3}})});
  const LibraryHealth checked = check_installed(h, fake_index({}, {"Resistor_SMD:R_0603_1608Metric"}));
  EXPECT_FALSE(checked.categories[0].missing_symbols);
  ASSERT_TRUE(checked.categories[0].missing_footprints);
  EXPECT_EQ(checked.categories[0].missing_footprints->parts, 3u);
  EXPECT_EQ(count_mentioning(checked.warnings, "symbol"), 0u);

  const json j = health_json(checked);
  EXPECT_TRUE(j["categories"][0]["missing_symbols"].is_null()) << j.dump();
  EXPECT_EQ(j["categories"][0]["missing_footprints"]["parts"], 3);
  EXPECT_EQ(j["installed_libraries"]["symbols"]["checked"], false);
  EXPECT_TRUE(j["installed_libraries"]["symbols"]["missing_parts"].is_null());
  EXPECT_EQ(j["installed_libraries"]["footprints"]["missing_parts"], 3);
  EXPECT_EQ(j["installed_libraries"]["footprints"]["roots"], json({"/fp"}));
  const auto lines = installed_check_lines(checked);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_NE(lines[0].find("symbols: not checked"), std::string::npos) << lines[0];
  EXPECT_NE(lines[1].find("footprints: 3 parts (1 name) not among the 1 under /fp"), std::string::npos) << lines[1];

  // Without the check, the report says nothing about it.
  EXPECT_TRUE(health_json(h)["installed_libraries"].is_null());
  EXPECT_TRUE(health_json(h)["categories"][0]["missing_footprints"].is_null());
  EXPECT_TRUE(installed_check_lines(h).empty());
}

TEST(InstalledCheck, ShowsTwentyNamesAndCountsTheRest) {
  std::map<std::string, size_t> symbols;
  for (int i = 0; i < 25; ++i) symbols["Lib:S" + std::to_string(100 + i)] = 2;
  const LibraryHealth checked =
      check_installed(summarise_health({use(9, "Big", symbols, {})}), fake_index({"Lib:Other"}, {"Fp:X"}));
  const auto& m = *checked.categories[0].missing_symbols;
  EXPECT_EQ(m.names, 25u);
  EXPECT_EQ(m.parts, 50u);
  ASSERT_EQ(m.shown.size(), kMaxMissingNamesShown);
  EXPECT_EQ(m.shown.front(), "Lib:S100");
  EXPECT_EQ(health_json(checked)["categories"][0]["missing_symbols"]["more"], 5);
  EXPECT_NE(checked.warnings[0].find("Lib:S104 and 20 more"), std::string::npos) << checked.warnings[0];
}

// The served names come from the renderer's rules, per KiCad category, from the store.
TEST(InstalledCheck, LibraryHealthCollectsWhatEachCategoryServes) {
  testing::TempDb db;
  storage::Store store(db.path());
  sample::seed(store);
  const auto library = Library::load(store);
  const LibraryHealth& h = library_health(store, *library);
  ASSERT_EQ(h.categories.size(), 2u);
  for (const auto& c : h.categories) {
    ASSERT_TRUE(c.served) << c.name;
    if (c.category_id == sample::kResistors) {
      EXPECT_EQ(c.served->symbols, (std::map<std::string, size_t>{{"Device:R", 2}}));
      EXPECT_EQ(c.served->footprints, (std::map<std::string, size_t>{{sample::kMapped0603, 2}}));  // mapped
    } else {
      EXPECT_EQ(c.served->symbols, (std::map<std::string, size_t>{{"Device:C", 1}}));
      EXPECT_EQ(c.served->footprints, (std::map<std::string, size_t>{{"0603", 1}}));  // no mapping
    }
  }
}

// A temporary KiCad library folder: Device.kicad_sym with R only, Resistor_SMD.pretty with
// the sample's mapped footprint only.
struct LibraryFolders {
  testing::TempDir dir{"installed-kicad"};
  LibraryFolders() {
    std::filesystem::create_directories(dir.path() / "symbols");
    std::filesystem::create_directories(dir.path() / "footprints/Resistor_SMD.pretty");
    std::ofstream(dir.path() / "symbols/Device.kicad_sym")
        << "(kicad_symbol_lib (version 20241209) (symbol \"R\" (symbol \"R_0_1\")))\n";
    std::ofstream(dir.path() / "footprints/Resistor_SMD.pretty/R_0603_1608Metric.kicad_mod") << "(footprint \"R\")\n";
  }
  std::string symbols() const { return (dir.path() / "symbols").string(); }
  std::string footprints() const { return (dir.path() / "footprints").string(); }
};

// A server with the status route too (`serve` registers it; TestServer does not).
struct StatusServer {
  testing::TempDb db;
  storage::Store store{db.path()};
  std::string token = auth::create_token(store, "reader", auth::Scope::kRead);
  auth::TokenAuth auth{store};
  kicad::ResponseCache cache{store};
  std::unique_ptr<http::HttpServer> server;
  int port = 0;

  void start() {
    server = std::make_unique<http::HttpServer>(http::ServerContext{store, cache, auth});
    http::register_sync_api(server->routes(), server->context(), store.sync_state(), nullptr);
    port = server->bind("127.0.0.1", 0);
    server->start();
  }
  ~StatusServer() {
    if (server) server->stop();
  }
  json get(const std::string& path) const {
    httplib::Client c("127.0.0.1", port);
    c.set_default_headers({{"Authorization", "Token " + token}});
    auto res = c.Get(path);
    EXPECT_TRUE(res && res->status == 200) << path;
    return res && res->status == 200 ? json::parse(res->body) : json();
  }
};

TEST(InstalledCheck, DiagnosticsAndStatusListWhatTheInstalledLibrariesLack) {
  LibraryFolders folders;
  StatusServer server;
  sample::seed(server.store);
  server.store.configuration().set_settings(
      {{"KICAD_SYMBOL_DIRS", folders.symbols()}, {"KICAD_FOOTPRINT_DIRS", folders.footprints()}});
  storage::ChangeSet everything;
  everything.everything = true;
  server.cache.apply(everything);
  server.start();

  const json d = server.get("/api/diagnostics/");
  const json& lib = d["library"];
  EXPECT_EQ(lib["installed_libraries"]["symbols"]["roots"], json({folders.symbols()})) << lib.dump();
  EXPECT_EQ(lib["installed_libraries"]["symbols"]["missing_parts"], 1);
  EXPECT_EQ(lib["installed_libraries"]["footprints"]["missing_parts"], 1);
  for (const auto& c : lib["categories"]) {
    if (c["id"] == sample::kCapacitors) {
      EXPECT_EQ(c["missing_symbols"]["shown"], json({"Device:C"})) << c.dump();
      EXPECT_EQ(c["missing_footprints"]["shown"], json({"0603"})) << c.dump();
    } else {
      EXPECT_EQ(c["missing_symbols"]["names"], 0) << c.dump();
      EXPECT_EQ(c["missing_footprints"]["names"], 0) << c.dump();
    }
  }
  EXPECT_EQ(count_mentioning(d["warnings"].get<std::vector<std::string>>(), "Device:C"), 1u) << d["warnings"];

  // The scan has run: status reuses it (it never waits for one) and carries the counts.
  const json s = server.get("/api/status");
  EXPECT_EQ(s["library"]["installed_libraries"]["symbols"]["missing_parts"], 1) << s["library"].dump();

  // Installing the missing symbol (a new folder named by the setting) is seen at once.
  std::filesystem::create_directories(folders.dir.path() / "more");
  std::ofstream(folders.dir.path() / "more/Device.kicad_sym") << "(kicad_symbol_lib (symbol \"C\"))\n";
  server.cache.apply(server.store.configuration().set_settings(
      {{"KICAD_SYMBOL_DIRS", folders.symbols() + "," + (folders.dir.path() / "more").string()}}));
  EXPECT_EQ(server.get("/api/diagnostics/")["library"]["installed_libraries"]["symbols"]["missing_parts"], 0);

  // No library installed under the named folder: not checked (null), not zero.
  server.cache.apply(server.store.configuration().set_settings(
      {{"KICAD_SYMBOL_DIRS", (folders.dir.path() / "empty").string()}}));
  const json none = server.get("/api/diagnostics/")["library"];
  EXPECT_EQ(none["installed_libraries"]["symbols"]["checked"], false);
  EXPECT_TRUE(none["installed_libraries"]["symbols"]["missing_parts"].is_null());
  EXPECT_TRUE(none["categories"][0]["missing_symbols"].is_null());
  EXPECT_EQ(none["installed_libraries"]["footprints"]["missing_parts"], 1);
}

// A named library's health is checked like the default library's: in the "libraries" array
// of /api/diagnostics/, /api/status and `kibridge status --json`, each library carries what
// the installed libraries lack of what it serves.
TEST(InstalledCheck, NamedLibrariesReportTheirMissingNamesToo) {
  LibraryFolders folders;
  StatusServer server;
  sample::seed(server.store);
  auto& config = server.store.configuration();
  config.set_settings({{"KICAD_SYMBOL_DIRS", folders.symbols()}, {"KICAD_FOOTPRINT_DIRS", folders.footprints()}});
  config.create_library({0, "caps", "Capacitors"});
  for (auto k : config.kicad_categories()) {
    if (k.category_id != sample::kCapacitors) continue;
    k.library = "caps";
    config.update_kicad_category(k);
  }
  storage::ChangeSet everything;
  everything.everything = true;
  server.cache.apply(everything);
  server.start();

  const auto named = [](const json& answer, const std::string& name) {
    for (const auto& l : answer["libraries"]) {
      if (l["name"] == name) return l;
    }
    ADD_FAILURE() << "no library " << name << " in " << answer["libraries"].dump();
    return json();
  };
  const auto expect_caps_lack_device_c = [&](const json& answer) {
    const json caps = named(answer, "caps");
    ASSERT_EQ(caps["categories"].size(), 1u) << caps.dump();
    ASSERT_TRUE(caps["categories"][0]["missing_symbols"].is_object()) << "not checked: " << caps.dump();
    EXPECT_EQ(caps["categories"][0]["missing_symbols"]["shown"], json({"Device:C"})) << caps.dump();
    EXPECT_EQ(caps["categories"][0]["missing_footprints"]["shown"], json({"0603"})) << caps.dump();
    EXPECT_EQ(caps["installed_libraries"]["symbols"]["missing_parts"], 1) << caps.dump();
    EXPECT_EQ(count_mentioning(caps["warnings"].get<std::vector<std::string>>(), "Device:C"), 1u) << caps.dump();
    // The default library keeps Resistors only, and has all it serves.
    const json dflt = named(answer, "default");
    EXPECT_EQ(dflt["installed_libraries"]["symbols"]["missing_parts"], 0) << dflt.dump();
    EXPECT_EQ(dflt["installed_libraries"]["footprints"]["missing_parts"], 0) << dflt.dump();
  };
  expect_caps_lack_device_c(server.get("/api/diagnostics/"));
  expect_caps_lack_device_c(server.get("/api/status"));  // the index is built: status checks too

  const auto as_json = testing::run_kibridge("status --json --db '" + server.db.path() + "'");
  ASSERT_EQ(as_json.status, 0) << as_json.err;
  expect_caps_lack_device_c(json::parse(as_json.out));
}

// An import's dry run over HTTP lists the design's names the installed libraries lack.
TEST(InstalledCheck, ImportDryRunReportsTheDesignsNamesNotInstalled) {
  LibraryFolders folders;
  testing::TestServer server;
  sample::seed_writeback(server.store());
  server.cache().apply(server.store().configuration().set_settings(
      {{"KICAD_SYMBOL_DIRS", folders.symbols()}, {"KICAD_FOOTPRINT_DIRS", folders.footprints()}}));
  auto res = server.admin().Post("/api/imports?dry_run=1", sample::hole_netlist(), "application/xml");
  ASSERT_TRUE(res && res->status == 200) << (res ? res->body : "no answer");
  const json report = json::parse(res->body);
  EXPECT_EQ(report["not_installed"]["symbols"],
            json::parse(R"([{"name": "Mechanical:MountingHole_Pad", "refs": ["H1"], "queued": true}])"))
      << report["not_installed"];
  EXPECT_EQ(report["not_installed"]["footprints"][0]["name"], sample::kHoleFootprint);
  EXPECT_EQ(report["summary"]["not_installed_footprints"], 1);
  EXPECT_TRUE(report["import"]["outbox_ids"].empty());
}

TEST(InstalledCheck, StatusCommandSaysWhatIsMissingAndWhatToDo) {
  LibraryFolders folders;
  testing::TempDb db;
  {
    storage::Store store(db.path());
    sample::seed(store);
    store.configuration().set_settings(
        {{"KICAD_SYMBOL_DIRS", folders.symbols()}, {"KICAD_FOOTPRINT_DIRS", folders.footprints()}});
  }
  const auto run = testing::run_kibridge("status --db '" + db.path() + "'");
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_NE(run.out.find("Installed:     symbols: 1 part (1 name) not among the 1 under " + folders.symbols()),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("WARNING:       KiCad category 'Electronics/Capacitors' (3): 1 part is served 1 symbol"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("Device:C. Fix the name"), std::string::npos) << run.out;

  const auto as_json = testing::run_kibridge("status --json --db '" + db.path() + "'");
  ASSERT_EQ(as_json.status, 0) << as_json.err;
  EXPECT_EQ(json::parse(as_json.out)["library"]["installed_libraries"]["footprints"]["missing_parts"], 1)
      << as_json.out;
}

}  // namespace
}  // namespace kibridge::kicad
