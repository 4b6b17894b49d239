// Pulls as KiCad sees them, through the real HTTP server: changes in InvenTree appear in the
// KiCad responses after the next pull, and KiCad is served the old data or the new (never
// half, never an error) while a pull runs.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "server/http/kicad_routes.h"
#include "server/sync/sync_service.h"
#include "storage/sync_state_store.h"
#include "tests/http/test_server.h"
#include "tests/sync/sync_support.h"
#include "tests/support/route_paths.h"

namespace kibridge::sync {
namespace {

using nlohmann::json;
using testing::fast_client_options;
using testing::kKicad;
using testing::started_fake;

class KicadDuringPullTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fake_ = started_fake();
    history_ = &(server_.store()).sync_state();
    ASSERT_TRUE(pull().succeeded);
    // KiCad shows the two leaf categories.
    for (int64_t category : {2, 3}) {
      storage::KicadCategoryRecord k;
      k.category_id = category;
      k.default_symbol = category == 2 ? "Device:R" : "Device:C";
      k.default_reference = category == 2 ? "R" : "C";
      server_.cache().apply(server_.store().configuration().create_kicad_category(k).second);
    }
  }

  // The fake's connection and small pages, for a SyncJob or a SyncService.
  SyncServiceOptions config() {
    SyncServiceOptions c;
    c.connection.client = fast_client_options(*fake_);
    c.pull.page_size = 4;
    return c;
  }
  // One pull, applied to the store and to the served responses like SyncService does.
  SyncOutcome pull() {
    const SyncServiceOptions c = config();
    SyncOutcome out = SyncJob(server_.store(), history_, c.connection, c.pull).run();
    if (out.succeeded) server_.cache().apply(out.changes);
    return out;
  }

  // Names of the parts KiCad lists for an InvenTree category.
  std::vector<std::string> listed_names(int64_t category) {
    auto res = reader_.Get(kKicad + "/parts/category/" + std::to_string(category) + ".json");
    EXPECT_TRUE(res && res->status == 200);
    std::vector<std::string> names;
    if (!res) return names;
    for (const auto& item : json::parse(res->body)) names.push_back(item.value("name", ""));
    std::sort(names.begin(), names.end());
    return names;
  }

  testing::TestServer server_;
  std::unique_ptr<fake_inventree::FakeInvenTree> fake_;
  storage::SyncStateStore* history_ = nullptr;
  httplib::Client reader_ = server_.reader();
};

TEST_F(KicadDuringPullTest, FirstPullIsServedToKicad) {
  // R_5 is inactive (hidden by default); R_6 is a template part (shown by default).
  EXPECT_EQ(listed_names(2), (std::vector<std::string>{"R_1", "R_2", "R_3", "R_4", "R_6"}));
  EXPECT_EQ(listed_names(3), (std::vector<std::string>{"C_10", "C_7", "C_8", "C_9"}));
  auto part = reader_.Get(kKicad + "/parts/101.json");
  ASSERT_TRUE(part && part->status == 200);
  auto fields = json::parse(part->body)["fields"];
  EXPECT_EQ(fields["datasheet"]["value"], "https://example.com/r1.pdf");
}

TEST_F(KicadDuringPullTest, EditsMovesAdditionsAndDeletionsReachKicadAfterTheNextPull) {
  fake_->edit([](storage::MirrorSnapshot& s) {
    for (auto& p : s.parts) {
      if (p.id == 102) p.name = "R_2_renamed";
      if (p.id == 103) p.category_id = 3;
    }
    s.parts.erase(std::remove_if(s.parts.begin(), s.parts.end(), [](const auto& p) { return p.id == 110; }),
                  s.parts.end());
    storage::PartRecord added;
    added.id = 200;
    added.category_id = 2;
    added.name = "R_new";
    s.parts.push_back(added);
  });
  EXPECT_EQ(listed_names(2), (std::vector<std::string>{"R_1", "R_2", "R_3", "R_4", "R_6"}));  // not pulled yet
  ASSERT_TRUE(pull().succeeded);
  EXPECT_EQ(listed_names(2), (std::vector<std::string>{"R_1", "R_2_renamed", "R_4", "R_6", "R_new"}));
  EXPECT_EQ(listed_names(3), (std::vector<std::string>{"C_7", "C_8", "C_9", "R_3"}));
  auto gone = reader_.Get(kKicad + "/parts/110.json");
  ASSERT_TRUE(gone);
  EXPECT_EQ(gone->status, 404);
}

TEST_F(KicadDuringPullTest, KicadGetsTheOldDataOrTheNewWhileAPullRuns) {
  auto body = [&](int64_t category) {
    auto res = reader_.Get(kKicad + "/parts/category/" + std::to_string(category) + ".json");
    return res && res->status == 200 ? res->body : std::string("error");
  };
  const std::string old_resistors = body(2);
  fake_->edit([](storage::MirrorSnapshot& s) {
    for (auto& p : s.parts) p.description += " (rev 2)";
  });

  // While InvenTree is being read (requests to the fake), KiCad still gets the old listing.
  std::atomic<int> checked{0};
  fake_->set_request_hook([&](const std::string& path) {
    if (path != "/api/part/") return;
    httplib::Client kicad = server_.reader();
    auto res = kicad.Get(kKicad + "/parts/category/2.json");
    if (res && res->status == 200 && res->body == old_resistors) ++checked;
  });

  // And a KiCad client polling throughout sees only complete old or new listings.
  std::atomic<bool> done{false};
  std::vector<std::string> seen;
  std::thread poller([&] {
    httplib::Client kicad = server_.reader();
    while (!done.load()) {
      auto res = kicad.Get(kKicad + "/parts/category/2.json");
      seen.push_back(res && res->status == 200 ? res->body : "error");
    }
  });
  ASSERT_TRUE(pull().succeeded);
  fake_->set_request_hook(nullptr);
  // A few more requests after the pull, so the poller sees the new state too.
  for (int i = 0; i < 3; ++i) body(2);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  done = true;
  poller.join();

  const std::string new_resistors = body(2);
  ASSERT_NE(new_resistors, old_resistors);
  EXPECT_NE(new_resistors.find("(rev 2)"), std::string::npos);
  EXPECT_GE(checked.load(), 2);  // the parts were read in several pages
  ASSERT_FALSE(seen.empty());
  for (const auto& b : seen) EXPECT_TRUE(b == old_resistors || b == new_resistors) << b.substr(0, 200);
}

TEST_F(KicadDuringPullTest, AFailedPullKeepsServingTheLastGoodData) {
  const auto before = listed_names(2);
  fake_->edit([](storage::MirrorSnapshot& s) {
    for (auto& p : s.parts) p.name += "_new";
  });
  // InvenTree goes away at the last list of the pull, after every part was read.
  fake_->add_fault(fake_inventree::Fault{fake_inventree::FaultKind::kGoDown, "/api/attachment/"});
  EXPECT_FALSE(pull().succeeded);
  EXPECT_EQ(listed_names(2), before);
}

TEST_F(KicadDuringPullTest, ServiceAppliesChangesToTheServedResponses) {
  SyncServiceOptions options = config();
  options.interval = std::chrono::hours(1);
  options.on_change = [&](const storage::ChangeSet& changes) { server_.cache().apply(changes); };
  SyncService service(server_.store(), *history_, options);
  fake_->edit([](storage::MirrorSnapshot& s) {
    for (auto& p : s.parts) {
      if (p.id == 101) p.name = "R_1_from_service";
    }
  });
  service.start();
  ASSERT_TRUE(service.wait_for_pulls(1, std::chrono::seconds(20)));
  EXPECT_EQ(listed_names(2), (std::vector<std::string>{"R_1_from_service", "R_2", "R_3", "R_4", "R_6"}));
  service.stop();
}

}  // namespace
}  // namespace kibridge::sync
