// The README's quickstart, from an empty directory, through the command line only: `kibridge
// sync` from the fake InvenTree, `kibridge categories add --all`, a token, `kibridge serve` —
// and KiCad's categories.json lists the categories that hold parts. A category removed from
// the command line beside the running server disappears from it without a restart.
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "tests/support/kicad_cli.h"
#include "tests/support/run_kibridge.h"
#include "tests/support/serve_process.h"
#include "tests/support/shared_files.h"
#include "tests/sync/sync_support.h"

namespace kibridge::testing {
namespace {

using nlohmann::json;

TEST(ConfigCliEndToEnd, SyncAddAllServeAndKiCadSeesTheCategoriesWithParts) {
  auto fake = started_fake();
  TempDir work("config-cli");
  const std::string db = (work.path() / "kibridge.sqlite").string();
  const std::string on_db = " --db '" + db + "'";

  auto sync = run_kibridge("sync --inventree-url " + fake->url() + on_db,
                           std::string("KIBRIDGE_INVENTREE_TOKEN=") + kFakeToken);
  ASSERT_EQ(sync.status, 0) << sync.out << sync.err;
  auto add = run_kibridge("categories add --all" + on_db);
  ASSERT_EQ(add.status, 0) << add.err;
  auto token = run_kibridge("token create kicad" + on_db);
  ASSERT_EQ(token.status, 0) << token.err;
  const std::string kicad_token = token.out.substr(0, token.out.find('\n'));

  const int port = free_port();
  const std::string log = (work.path() / "serve.log").string();
  KibridgeProcess serve({"serve", "--db", db, "--listen", "127.0.0.1:" + std::to_string(port)}, log);
  httplib::Client http("127.0.0.1", port);
  http.set_default_headers({{"Authorization", "Token " + kicad_token}});
  auto categories = [&]() -> std::vector<std::string> {
    auto r = http.Get("/plugin/kicad-library-plugin/v1/categories.json");
    if (!r || r->status != 200) return {"(no answer)"};
    std::vector<std::string> names;
    for (const auto& c : json::parse(r->body)) names.push_back(c["id"].get<std::string>() + " " + c["name"].get<std::string>());
    return names;
  };
  // small_inventree: parts in Resistors (2), Capacitors (3) and Mechanical (4); none directly
  // in the structural Electronics (1).
  const std::vector<std::string> with_parts{"3 Electronics/Capacitors", "2 Electronics/Resistors", "4 Mechanical"};
  ASSERT_TRUE(wait_until([&] { return categories() == with_parts; }, std::chrono::seconds(30)))
      << ::testing::PrintToString(categories()) << slurp(log);

  ASSERT_EQ(run_kibridge("categories remove Mechanical" + on_db).status, 0);
  const std::vector<std::string> without{"3 Electronics/Capacitors", "2 Electronics/Resistors"};
  EXPECT_TRUE(wait_until([&] { return categories() == without; }, std::chrono::seconds(30)))
      << ::testing::PrintToString(categories()) << slurp(log);
}

}  // namespace
}  // namespace kibridge::testing
