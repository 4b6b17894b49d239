// The whole write-back path with real programs: a `kibridge serve` process pulling from and
// pushing to the fake InvenTree; a schematic placing parts kibridge serves (one of them from
// the HTTP library itself), exported by kicad-cli; `kibridge upload` as KiCad's BOM plugin
// would run it; the push; and the next pull showing InvenTree's own rows.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <thread>

#include <nlohmann/json.hpp>

#include "server/auth/token_auth.h"
#include "storage/store.h"
#include "tests/support/kicad_cli.h"
#include "tests/support/run_kibridge.h"
#include "tests/support/serve_process.h"
#include "tests/support/temp_db.h"
#include "tests/sync/sync_support.h"
#include "tools/fake-inventree/fake_inventree.h"

namespace kibridge::writeback {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr int64_t kResistor = 11, kCapacitor = 12;
constexpr int64_t kFootprintTpl = 1, kSymbolTpl = 2, kReferenceTpl = 3;
constexpr const char* kR0603 = "Resistor_SMD:R_0603_1608Metric";
constexpr const char* kC0402 = "Capacitor_SMD:C_0402_1005Metric";

storage::MirrorSnapshot inventree_content() {
  storage::MirrorSnapshot s;
  s.categories = {{1, std::nullopt, "Passives", "Passives", "", false}};
  s.templates = {{kFootprintTpl, "KiCad Footprint", "", ""},
                 {kSymbolTpl, "KiCad Symbol", "", ""},
                 {kReferenceTpl, "KiCad Reference", "", ""}};
  storage::PartRecord r;
  r.id = kResistor;
  r.category_id = 1;
  r.name = "RC0603-10K";
  r.ipn = "RES-10K";
  storage::PartRecord c = r;
  c.id = kCapacitor;
  c.name = "C 100n 0402";
  c.ipn = "CAP-100N";
  s.parts = {r, c};
  // The resistor's symbol is known in InvenTree; KiCad is served it.
  s.parameters = {{500, kResistor, kSymbolTpl, "Device:R"}};
  return s;
}

std::optional<std::string> parameter_in(const storage::MirrorSnapshot& data, int64_t part, int64_t tpl) {
  for (const auto& p : data.parameters) {
    if (p.part_id == part && p.template_id == tpl) return p.data;
  }
  return std::nullopt;
}

// `kibridge serve` with the fake InvenTree's token in its environment.
class ServeProcess : public testing::KibridgeProcess {
 public:
  ServeProcess(const std::vector<std::string>& args, const std::string& log)
      : KibridgeProcess(args, log, {{"KIBRIDGE_INVENTREE_TOKEN", testing::kFakeToken}}) {}
};

// The database as after a pull from `fake`, with Passives (1) served to KiCad.
void mirror_with_passives(storage::Store& store, const fake_inventree::FakeInvenTree& fake) {
  store.mirror().apply_mirror(fake.data());
  storage::KicadCategoryRecord passives;
  passives.category_id = 1;
  passives.default_reference = "X";
  store.configuration().create_kicad_category(passives);
}

// `kibridge serve` over `db`, pulling from and pushing to `fake` (pulls hourly, pushes when
// asked), with an HTTP client sending `token`.
struct ServeWithInvenTree {
  ServeWithInvenTree(const std::string& db, const fake_inventree::FakeInvenTree& fake, const std::string& token,
                     const fs::path& work)
      : port(testing::free_port()),
        log((work / "serve.log").string()),
        serve({"serve", "--db", db, "--listen", "127.0.0.1:" + std::to_string(port), "--inventree-url", fake.url(),
               "--sync-interval", "1h", "--push-interval", "3600"},
              log),
        http("127.0.0.1", port) {
    http.set_default_headers({{"Authorization", "Token " + token}});
  }
  // Whether it answers within 30 s.
  bool ready() {
    return testing::wait_until([&] { auto r = http.Get("/api/health"); return r && r->status == 200; }, std::chrono::seconds(30));
  }

  const int port;
  const std::string log;
  ServeProcess serve;
  httplib::Client http;
};

TEST(WritebackEndToEnd, KiCadDesignReachesInvenTreeAndComesBackInThePull) {
  REQUIRE_KICAD_CLI();
  testing::TempDb db;
  testing::TempDir work("end-to-end");
  fake_inventree::FakeInvenTree fake;
  fake.set_data(inventree_content());
  fake.start();

  std::string token;
  {
    storage::Store store(db.path());
    mirror_with_passives(store, fake);
    store.configuration().set_settings({{"KICAD_FOOTPRINT_PARAMETER", "KiCad Footprint"},
                        {"KICAD_SYMBOL_PARAMETER", "KiCad Symbol"},
                        {"KICAD_REFERENCE_PARAMETER", "KiCad Reference"},
                        {"IMPORT_HTTP_LIBRARY_NAMES", "InvenTree"}});
    token = auth::create_token(store, "designer", auth::Scope::kAdmin);
  }

  ServeWithInvenTree server(db.path(), fake, token, work.path());
  ASSERT_TRUE(server.ready()) << testing::slurp(server.log);
  const std::string base = "http://127.0.0.1:" + std::to_string(server.port);
  const std::string& log = server.log;
  httplib::Client& http = server.http;

  // What KiCad is served for the two parts: their names, and the resistor's symbol.
  auto part = http.Get("/plugin/kicad-library-plugin/v1/parts/11.json");
  ASSERT_TRUE(part && part->status == 200) << testing::slurp(log);
  const json resistor = json::parse(part->body);
  EXPECT_EQ(resistor["symbolIdStr"], "Device:R");
  part = http.Get("/plugin/kicad-library-plugin/v1/parts/12.json");
  ASSERT_TRUE(part && part->status == 200);
  const std::string capacitor_name = json::parse(part->body)["name"];

  // The designer places the resistor by its own symbol and the capacitor from the HTTP
  // library (its lib_id names the library), and picks footprints.
  const std::vector<testing::PlacedSymbol> symbols = {
      {"Device:R", "6a1f0c52-3b7e-4d4a-9f10-000000000101", "R1", "10k", kR0603, "~",
       {{"InvenTree", std::to_string(kResistor)}}},
      {"Device:R", "6a1f0c52-3b7e-4d4a-9f10-000000000102", "R2", "10k", kR0603, "~",
       {{"InvenTree", std::to_string(kResistor)}}},
      {"InvenTree:" + capacitor_name, "6a1f0c52-3b7e-4d4a-9f10-000000000103", "C1", "100n", kC0402, "",
       {{"InvenTree", std::to_string(kCapacitor)}}},
  };
  const fs::path schematic = work.path() / "kibridge_test.kicad_sch";
  std::ofstream(schematic) << testing::test_schematic(symbols);
  std::string error;
  const auto netlist = testing::export_netlist(schematic, work, &error);
  ASSERT_TRUE(netlist) << error;

  // As KiCad's BOM dialog runs it: kibridge upload "%I" -o "%O.txt".
  const fs::path report = work.path() / "bom.txt";
  const auto upload = testing::run_kibridge("upload '" + netlist->string() + "' -o '" + report.string() + "' --url " +
                                            base + " --token " + token);
  ASSERT_EQ(upload.status, 0) << upload.err << upload.out;
  const std::string text = testing::slurp(report);
  EXPECT_NE(text.find("R1"), std::string::npos) << text;
  EXPECT_NE(text.find(kR0603), std::string::npos) << text;

  // KiCad is served the new footprint at once, before InvenTree has it.
  part = http.Get("/plugin/kicad-library-plugin/v1/parts/11.json");
  ASSERT_TRUE(part && part->status == 200);
  EXPECT_EQ(json::parse(part->body)["fields"]["footprint"]["value"], kR0603);

  // The push reaches InvenTree: footprints and references filled, the resistor's symbol
  // already right, the capacitor's HTTP-library symbol not written back.
  ASSERT_TRUE(testing::wait_until(
      [&] {
        const auto data = fake.data();
        return parameter_in(data, kResistor, kFootprintTpl) && parameter_in(data, kCapacitor, kReferenceTpl) &&
               parameter_in(data, kCapacitor, kFootprintTpl) && parameter_in(data, kResistor, kReferenceTpl);
      },
      std::chrono::seconds(30)))
      << testing::slurp(log);
  const auto data = fake.data();
  EXPECT_EQ(parameter_in(data, kResistor, kFootprintTpl), kR0603);
  EXPECT_EQ(parameter_in(data, kResistor, kReferenceTpl), "R");
  EXPECT_EQ(parameter_in(data, kResistor, kSymbolTpl), "Device:R");
  EXPECT_EQ(parameter_in(data, kCapacitor, kFootprintTpl), kC0402);
  EXPECT_EQ(parameter_in(data, kCapacitor, kReferenceTpl), "C");
  EXPECT_EQ(parameter_in(data, kCapacitor, kSymbolTpl), std::nullopt);

  ASSERT_TRUE(testing::wait_until(
      [&] {
        auto r = http.Get("/api/outbox?state=pending");
        return r && r->status == 200 && json::parse(r->body)["entries"].empty();
      },
      std::chrono::seconds(30)));
  auto outbox = http.Get("/api/outbox");
  ASSERT_TRUE(outbox && outbox->status == 200);
  const json entries = json::parse(outbox->body)["entries"];
  EXPECT_EQ(entries.size(), 4u);
  for (const auto& e : entries) EXPECT_EQ(e["state"], "done") << e.dump();

  // The next pull brings InvenTree's own rows, with the same values.
  const auto runs_before = [&] {
    auto r = http.Get("/api/status");
    return r ? json::parse(r->body) : json();
  }();
  auto sync = http.Post("/api/sync", "", "application/json");
  ASSERT_TRUE(sync && sync->status == 202) << (sync ? sync->body : "no answer");
  ASSERT_TRUE(testing::wait_until(
      [&] {
        storage::Store store(db.path());
        const auto d = store.mirror().part_details(kCapacitor);
        int from_inventree = 0;
        for (const auto& p : d->parameters) from_inventree += p.id > 0 ? 1 : 0;
        return from_inventree == 2;
      },
      std::chrono::seconds(30)))
      << runs_before.dump() << testing::slurp(log);
  part = http.Get("/plugin/kicad-library-plugin/v1/parts/12.json");
  ASSERT_TRUE(part && part->status == 200);
  EXPECT_EQ(json::parse(part->body)["fields"]["footprint"]["value"], kC0402);
  EXPECT_EQ(json::parse(part->body)["fields"]["reference"]["value"], "C");
}

// `kibridge import` run beside a server on the same file: the server notices the other
// process's commit and serves the imported footprint without a restart.
TEST(WritebackEndToEnd, ImportByAnotherProcessReachesTheRunningServer) {
  testing::TempDb db;
  testing::TempDir work("end-to-end");
  std::string token;
  {
    storage::Store store(db.path());
    store.mirror().apply_mirror(inventree_content());
    storage::KicadCategoryRecord passives;
    passives.category_id = 1;
    store.configuration().create_kicad_category(passives);
    store.configuration().set_settings({{"KICAD_FOOTPRINT_PARAMETER", "KiCad Footprint"}});
    token = auth::create_token(store, "reader", auth::Scope::kRead);
  }
  const int port = testing::free_port();
  const std::string log = (work.path() / "serve.log").string();
  ServeProcess serve({"serve", "--db", db.path(), "--listen", "127.0.0.1:" + std::to_string(port)}, log);
  httplib::Client http("127.0.0.1", port);
  http.set_default_headers({{"Authorization", "Token " + token}});
  auto footprint = [&] {
    auto r = http.Get("/plugin/kicad-library-plugin/v1/parts/11.json");
    return r && r->status == 200 ? json::parse(r->body)["fields"]["footprint"]["value"].get<std::string>()
                                 : std::string("(no answer)");
  };
  ASSERT_TRUE(testing::wait_until([&] { return footprint() == ""; }, std::chrono::seconds(30))) << testing::slurp(log);

  const fs::path netlist = work.path() / "board.xml";
  std::ofstream(netlist) << R"(<?xml version="1.0" encoding="UTF-8"?>
<export version="E"><design><source>/p/b.kicad_sch</source></design><components>
<comp ref="R1"><value>10k</value><footprint>)" << kR0603 << R"(</footprint>
<fields><field name="InvenTree">11</field></fields><libsource lib="Device" part="R" description=""/></comp>
</components></export>
)";
  const auto run = testing::run_kibridge("import '" + netlist.string() + "' --db '" + db.path() + "'");
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_TRUE(testing::wait_until([&] { return footprint() == kR0603; }, std::chrono::seconds(30))) << testing::slurp(log);
}

// The documented write-back set-up through the settings API alone, against an InvenTree that
// has no footprint template yet: naming the template is refused while kibridge may not create
// it, accepted (with a note) in the same request that allows creating it, and the first push
// creates the template and fills it.
TEST(WritebackEndToEnd, SettingsNameATemplateInvenTreeLacksAndTheFirstPushCreatesIt) {
  testing::TempDb db;
  testing::TempDir work("end-to-end");
  fake_inventree::FakeInvenTree fake;
  storage::MirrorSnapshot content = inventree_content();
  content.templates = {{kSymbolTpl, "KiCad Symbol", "", ""}};  // no footprint template
  fake.set_data(content);
  fake.start();
  std::string token;
  {
    storage::Store store(db.path());
    mirror_with_passives(store, fake);
    token = auth::create_token(store, "admin", auth::Scope::kAdmin);
  }
  ServeWithInvenTree server(db.path(), fake, token, work.path());
  ASSERT_TRUE(server.ready()) << testing::slurp(server.log);
  const std::string& log = server.log;
  httplib::Client& http = server.http;

  auto refused = http.Put("/api/settings/KICAD_FOOTPRINT_PARAMETER/", R"({"value": "Footprint"})", "application/json");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 400) << refused->body;
  EXPECT_NE(refused->body.find("IMPORT_CREATE_MISSING_TEMPLATES"), std::string::npos) << refused->body;

  auto accepted = http.Patch("/api/settings/",
                             R"({"IMPORT_CREATE_MISSING_TEMPLATES": true, "KICAD_FOOTPRINT_PARAMETER": "Footprint"})",
                             "application/json");
  ASSERT_TRUE(accepted);
  ASSERT_EQ(accepted->status, 200) << accepted->body;
  const json notes = json::parse(accepted->body)["notes"];
  ASSERT_EQ(notes.size(), 1u) << accepted->body;
  EXPECT_NE(notes[0].get<std::string>().find("first push creates it"), std::string::npos) << notes.dump();

  // Set on its own once creating is on: accepted too.
  auto again = http.Put("/api/settings/KICAD_FOOTPRINT_PARAMETER/", R"({"value": "Footprint"})", "application/json");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200) << again->body;

  const std::string netlist = R"(<?xml version="1.0" encoding="UTF-8"?>
<export version="E"><design><source>/p/b.kicad_sch</source></design><components>
<comp ref="R1"><value>10k</value><footprint>)" + std::string(kR0603) + R"(</footprint>
<fields><field name="InvenTree">11</field></fields><libsource lib="Device" part="R" description=""/></comp>
</components></export>
)";
  auto imported = http.Post("/api/imports", netlist, "application/xml");
  ASSERT_TRUE(imported);
  ASSERT_EQ(imported->status, 201) << imported->body;
  auto push = http.Post("/api/outbox/push", "", "application/json");
  ASSERT_TRUE(push && push->status == 202) << (push ? push->body : "no answer");

  auto created_template = [&]() -> std::optional<int64_t> {
    for (const auto& t : fake.data().templates) {
      if (t.name == "Footprint") return t.id;
    }
    return std::nullopt;
  };
  ASSERT_TRUE(testing::wait_until(
      [&] { auto id = created_template(); return id && parameter_in(fake.data(), kResistor, *id); },
      std::chrono::seconds(30)))
      << testing::slurp(log);
  EXPECT_EQ(parameter_in(fake.data(), kResistor, *created_template()), kR0603);
}


// `serve` says at start-up, in its log, when KiCad would see an empty library, and how to fix it.
TEST(ServeLog, StartUpWarnsOfAnEmptyLibraryWithTheFix) {
  testing::TempDb db;
  testing::TempDir work("end-to-end");
  { storage::Store store(db.path()); }
  const int port = testing::free_port();
  const std::string log = (work.path() / "serve.log").string();
  ServeProcess serve({"serve", "--db", db.path(), "--listen", "127.0.0.1:" + std::to_string(port)}, log);
  ASSERT_TRUE(testing::wait_until([&] { return testing::slurp(log).find("WARNING: KiCad sees an empty library") != std::string::npos; },
                         std::chrono::seconds(30)))
      << testing::slurp(log);
  EXPECT_NE(testing::slurp(log).find("kibridge categories add"), std::string::npos) << testing::slurp(log);
}

}  // namespace
}  // namespace kibridge::writeback
