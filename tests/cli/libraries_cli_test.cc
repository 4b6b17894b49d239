// `kibridge libraries`, `categories add|set --library` and `httplib-config --library` on a
// database file beside a running `kibridge serve`: the named library appears at
// /libraries/<name>/v1/ without a restart (the database watcher), each refused name is one
// line with exit status 1, and nothing refused is written.
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "storage/store.h"
#include "tests/support/run_kibridge.h"
#include "tests/support/serve_process.h"
#include "tests/support/shared_files.h"
#include "tests/support/temp_dir.h"
#include "tests/sync/sync_support.h"

namespace kibridge::testing {
namespace {

using nlohmann::json;

// One line on stderr, exit status 1, nothing on stdout.
::testing::AssertionResult refused(const KibridgeRun& run, const std::string& mentions) {
  if (run.status != 1) return ::testing::AssertionFailure() << "status " << run.status << ": " << run.out << run.err;
  if (run.err.find(mentions) == std::string::npos) return ::testing::AssertionFailure() << "stderr: " << run.err;
  const size_t newline = run.err.find('\n');
  if (newline != run.err.size() - 1) return ::testing::AssertionFailure() << "not one line: " << run.err;
  return ::testing::AssertionSuccess();
}

TEST(LibrariesCli, AddMoveServeAndRemove) {
  TempDir work("libraries");
  const std::string db = (work.path() / "kibridge.sqlite").string();
  const std::string on_db = " --db '" + db + "'";
  {
    storage::Store store(db);
    store.mirror().apply_mirror(small_inventree());
  }
  ASSERT_EQ(run_kibridge("categories add --all" + on_db).status, 0);
  auto add = run_kibridge("libraries add passives --description 'Passive parts'" + on_db);
  ASSERT_EQ(add.status, 0) << add.err;
  EXPECT_NE(add.out.find("/libraries/passives/v1/"), std::string::npos) << add.out;
  ASSERT_EQ(run_kibridge("categories set Electronics/Resistors --library passives" + on_db).status, 0);
  const auto list = run_kibridge("libraries list --json" + on_db);
  ASSERT_EQ(list.status, 0) << list.err;
  const json libraries = json::parse(list.out)["libraries"];
  ASSERT_EQ(libraries.size(), 2u);
  EXPECT_EQ(libraries[1]["name"], "passives");
  EXPECT_EQ(libraries[1]["kicad_categories"], 1);
  EXPECT_EQ(libraries[0]["kicad_categories"], 2);
  EXPECT_NE(run_kibridge("libraries" + on_db).out.find("Passive parts"), std::string::npos);

  // Refusals: one line each, exit 1, nothing written.
  EXPECT_TRUE(refused(run_kibridge("libraries add default" + on_db), "default"));
  EXPECT_TRUE(refused(run_kibridge("libraries add 'a b'" + on_db), "letters"));
  EXPECT_TRUE(refused(run_kibridge("libraries add passives" + on_db), "passives"));
  EXPECT_TRUE(refused(run_kibridge("libraries remove nope" + on_db), "nope"));
  EXPECT_TRUE(refused(run_kibridge("libraries remove passives" + on_db), "Electronics/Resistors"));
  EXPECT_TRUE(refused(run_kibridge("categories set Mechanical --library nope" + on_db), "nope"));
  EXPECT_TRUE(refused(run_kibridge("httplib-config --url http://127.0.0.1:1 --token t --library nope" + on_db), "nope"));
  EXPECT_EQ(run_kibridge("libraries frobnicate" + on_db).status, 2);
  {
    storage::Store store(db);
    EXPECT_EQ(store.configuration().libraries().size(), 1u);
  }

  const auto config = run_kibridge("httplib-config --url http://127.0.0.1:8765 --token t --library passives" + on_db);
  ASSERT_EQ(config.status, 0) << config.err;
  EXPECT_EQ(json::parse(config.out)["source"]["root_url"], "http://127.0.0.1:8765/libraries/passives");
  const auto plain = run_kibridge("httplib-config --url http://127.0.0.1:8765 --token t");
  EXPECT_EQ(json::parse(plain.out)["source"]["root_url"], "http://127.0.0.1:8765/plugin/kicad-library-plugin");

  auto token = run_kibridge("token create kicad" + on_db);
  ASSERT_EQ(token.status, 0) << token.err;
  const int port = free_port();
  const std::string log = (work.path() / "serve.log").string();
  KibridgeProcess serve({"serve", "--db", db, "--listen", "127.0.0.1:" + std::to_string(port)}, log);
  httplib::Client http("127.0.0.1", port);
  http.set_default_headers({{"Authorization", "Token " + token.out.substr(0, token.out.find('\n'))}});
  auto ids = [&](const std::string& library_root) -> std::string {
    auto r = http.Get(library_root + "/categories.json");
    if (!r) return "(no answer)";
    if (r->status != 200) return std::to_string(r->status);
    std::string out;
    for (const auto& c : json::parse(r->body)) out += c["id"].get<std::string>() + " ";
    return out;
  };
  const std::string passives = "/libraries/passives/v1";
  const std::string fallback = "/plugin/kicad-library-plugin/v1";
  ASSERT_TRUE(wait_until([&] { return ids(passives) == "2 "; }, std::chrono::seconds(30))) << ids(passives) << slurp(log);
  EXPECT_EQ(ids(fallback), "3 4 ");
  // GET /api/status shows each library's health; its "library" stays the default library's.
  auto status = http.Get("/api/status");
  ASSERT_TRUE(status && status->status == 200);
  const json body = json::parse(status->body);
  ASSERT_EQ(body["libraries"].size(), 2u) << body.dump();
  EXPECT_EQ(body["libraries"][1]["name"], "passives");
  EXPECT_EQ(body["libraries"][1]["kicad_categories"], 1);
  EXPECT_GT(body["libraries"][1]["parts"].get<int>(), 0);
  EXPECT_EQ(body["library"]["kicad_categories"], 2);
  const auto text_status = run_kibridge("status" + on_db);
  EXPECT_NE(text_status.out.find("Library passives: 1 KiCad categories"), std::string::npos) << text_status.out;

  // Changed beside the running server: the watcher brings each library up to date.
  ASSERT_EQ(run_kibridge("categories set Electronics/Capacitors --library passives" + on_db).status, 0);
  EXPECT_TRUE(wait_until([&] { return ids(passives) == "3 2 "; }, std::chrono::seconds(30))) << ids(passives);
  EXPECT_EQ(ids(fallback), "4 ");
  ASSERT_EQ(run_kibridge("categories set Electronics/Capacitors Electronics/Resistors --library default" + on_db).status, 0);
  ASSERT_EQ(run_kibridge("libraries remove passives" + on_db).status, 0);
  EXPECT_TRUE(wait_until([&] { return ids(passives) == "404"; }, std::chrono::seconds(30))) << ids(passives);
  EXPECT_EQ(ids(fallback), "3 2 4 ");
}

}  // namespace
}  // namespace kibridge::testing
