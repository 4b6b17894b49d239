// A server notices what another process commits to its database file.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "server/sync/database_watcher.h"
#include "tests/support/temp_db.h"
#include "tests/support/eventually.h"

namespace kibridge::sync {
namespace {

using testing::eventually;

TEST(DatabaseWatcher, ReportsCommitsOfOtherProcessesOnly) {
  testing::TempDb db;
  storage::Store server(db.path());
  std::atomic<int> rounds{0};
  DatabaseWatcher watcher(server, std::chrono::milliseconds(10), [&] { ++rounds; });

  server.configuration().set_settings({{"KICAD_ENABLE_STOCK_COUNT", "true"}});  // its own write
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(rounds.load(), 0);

  storage::Store cli(db.path());  // another process, e.g. `kibridge import`
  cli.configuration().set_settings({{"KICAD_ENABLE_STOCK_COUNT", "false"}});
  EXPECT_TRUE(eventually([&] { return rounds.load() == 1; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(rounds.load(), 1);  // one change, one refresh
}

}  // namespace
}  // namespace kibridge::sync
