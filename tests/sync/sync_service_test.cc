// The background puller: start, interval, trigger, failure handling, stop, and the status it
// reports (live and from the database).
#include <gtest/gtest.h>

#include <thread>

#include "server/sync/sync_service.h"
#include "server/sync/bridge_status.h"
#include "storage/store.h"
#include "storage/sync_state_store.h"
#include "tests/support/temp_db.h"
#include "tests/sync/sync_support.h"
#include "tests/support/eventually.h"

namespace kibridge::sync {
namespace {

using fake_inventree::Fault;
using fake_inventree::FaultKind;
using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::fast_client_options;
using testing::started_fake;

constexpr auto kWait = seconds(20);

using testing::eventually;  // its default limit is kWait

class SyncServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fake_ = started_fake();
    store_ = std::make_unique<storage::Store>(db_.path());
    history_ = &(*store_).sync_state();
  }

  SyncServiceOptions options(const std::string& token = testing::kFakeToken) {
    SyncServiceOptions o;
    o.connection.client = fast_client_options(*fake_, nullptr, token);
    o.connection.client.retry.max_attempts = 1;
    o.pull.page_size = 5;
    o.interval = std::chrono::hours(1);
    o.retry_after_failure = milliseconds(20);
    o.on_change = [this](const storage::ChangeSet& c) {
      std::lock_guard<std::mutex> lock(mutex_);
      changes_.push_back(c);
    };
    o.lower_priority = false;
    return o;
  }
  std::vector<storage::ChangeSet> changes() {
    std::lock_guard<std::mutex> lock(mutex_);
    return changes_;
  }

  testing::TempDb db_;
  std::unique_ptr<fake_inventree::FakeInvenTree> fake_;
  std::unique_ptr<storage::Store> store_;
  storage::SyncStateStore* history_ = nullptr;
  std::mutex mutex_;
  std::vector<storage::ChangeSet> changes_;
};

TEST_F(SyncServiceTest, PullsAtStartThenWhenTriggered) {
  SyncService service(*store_, *history_, options());
  const auto started = std::chrono::system_clock::now();
  service.start();
  ASSERT_TRUE(service.wait_for_pulls(1, kWait));
  auto status = service.status();
  EXPECT_TRUE(status.enabled);
  EXPECT_FALSE(status.running);
  ASSERT_TRUE(status.last_success);
  EXPECT_EQ(status.last_success->api_version, 534);
  EXPECT_FALSE(status.last_error);
  EXPECT_EQ(status.counts.parts, 12);
  ASSERT_TRUE(status.next_pull);
  EXPECT_GT(*status.next_pull, started + std::chrono::minutes(59));
  ASSERT_EQ(changes().size(), 1u);
  EXPECT_EQ(changes()[0].parts.size(), 12u);
  auto schedule = history_->schedule();
  ASSERT_TRUE(schedule);
  EXPECT_EQ(schedule->interval_seconds, 3600);
  EXPECT_TRUE(schedule->next_pull_at);

  fake_->edit([](storage::MirrorSnapshot& s) { s.parts[0].description = "changed"; });
  EXPECT_TRUE(service.trigger().started_now);
  ASSERT_TRUE(service.wait_for_pulls(2, kWait));
  ASSERT_EQ(changes().size(), 2u);
  EXPECT_EQ(changes()[1].parts, (std::set<int64_t>{101}));

  service.stop();
  EXPECT_FALSE(history_->schedule());
  EXPECT_FALSE(service.status().next_pull);
}

TEST_F(SyncServiceTest, UnchangedPullDoesNotNotify) {
  SyncService service(*store_, *history_, options());
  service.start();
  ASSERT_TRUE(service.wait_for_pulls(1, kWait));
  service.trigger();
  ASSERT_TRUE(service.wait_for_pulls(2, kWait));
  EXPECT_EQ(changes().size(), 1u);
  EXPECT_TRUE(service.status().last_run->succeeded);
}

TEST_F(SyncServiceTest, FailuresAreReportedAndRetriedSoonerThanTheInterval) {
  fake_->add_fault(Fault{FaultKind::kStatus, "/api/part/", 0, 2, 500});
  SyncService service(*store_, *history_, options());
  service.start();
  ASSERT_TRUE(service.wait_for_pulls(1, kWait));
  // No trigger: the service comes back by itself after retry_after_failure.
  ASSERT_TRUE(service.wait_for_pulls(3, kWait));
  auto status = service.status();
  ASSERT_TRUE(status.last_success);
  EXPECT_FALSE(status.last_error);
  EXPECT_EQ(status.consecutive_failures, 0);
  auto runs = history_->recent_runs(10);
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_TRUE(runs[0].succeeded);
  EXPECT_FALSE(runs[1].succeeded);
  EXPECT_EQ(runs[1].error_kind, "server");
  EXPECT_NE(runs[1].error_message.find("HTTP 500"), std::string::npos) << runs[1].error_message;
}

TEST_F(SyncServiceTest, ARefusedTokenWaitsTheWholeInterval) {
  SyncService service(*store_, *history_, options("revoked-token"));
  const auto started = std::chrono::system_clock::now();
  service.start();
  ASSERT_TRUE(service.wait_for_pulls(1, kWait));
  auto status = service.status();
  ASSERT_TRUE(status.last_error);
  EXPECT_EQ(status.last_error->error_kind, "credentials");
  EXPECT_EQ(status.consecutive_failures, 1);
  ASSERT_TRUE(status.next_pull);
  EXPECT_GT(*status.next_pull, started + std::chrono::minutes(59));
  EXPECT_FALSE(service.wait_for_pulls(2, milliseconds(200)));
  EXPECT_TRUE(store_->mirror().mirror_empty());
}

TEST_F(SyncServiceTest, TriggerDuringAPullQueuesAnotherOne) {
  std::atomic<bool> hold{true};
  fake_->set_request_hook([&](const std::string& path) {
    while (path == "/api/part/" && hold.load()) std::this_thread::sleep_for(milliseconds(1));
  });
  SyncService service(*store_, *history_, options());
  service.start();
  ASSERT_TRUE(eventually([&] {
    auto s = service.status();
    return s.running && s.progress && s.progress->stage == "parts";
  }));
  // GET /api/status's sync.progress while the parts are read (bridge_status.h).
  const auto progress = status_json(service.status())["sync"]["progress"];
  EXPECT_EQ(progress["running"], true);
  EXPECT_EQ(progress["phase"], "reading");
  EXPECT_EQ(progress["collection"], "parts");
  EXPECT_TRUE(progress["started_at"].is_string());
  EXPECT_FALSE(service.trigger().started_now);
  hold = false;
  ASSERT_TRUE(service.wait_for_pulls(2, kWait));
  EXPECT_TRUE(eventually([&] { return status_json(service.status())["sync"]["progress"].is_null(); }));
  fake_->set_request_hook(nullptr);
  service.stop();
}

TEST_F(SyncServiceTest, StopCancelsARunningPullAndAppliesNothing) {
  std::atomic<bool> hold{true};
  fake_->set_request_hook([&](const std::string& path) {
    while (path == "/api/parameter/" && hold.load()) std::this_thread::sleep_for(milliseconds(1));
  });
  auto o = options();
  o.connection.client.read_timeout = seconds(30);
  SyncService service(*store_, *history_, o);
  service.start();
  ASSERT_TRUE(eventually([&] {
    auto s = service.status();
    return s.progress && s.progress->stage == "parameters";
  }));
  std::thread release([&] {
    std::this_thread::sleep_for(milliseconds(300));
    hold = false;
  });
  service.stop();
  release.join();
  fake_->set_request_hook(nullptr);
  EXPECT_TRUE(store_->mirror().mirror_empty());
  EXPECT_TRUE(changes().empty());
  auto last = history_->last_run();
  ASSERT_TRUE(last);
  EXPECT_EQ(last->error_kind, "cancelled");
}

TEST_F(SyncServiceTest, StatusFromTheDatabaseMatchesTheService) {
  {
    SyncService service(*store_, *history_, options());
    service.start();
    ASSERT_TRUE(service.wait_for_pulls(1, kWait));
    auto recorded = status_from_database(*store_, *history_);
    EXPECT_TRUE(recorded.enabled);
    ASSERT_TRUE(recorded.next_pull);
    ASSERT_TRUE(recorded.last_success);
    EXPECT_EQ(storage::format_utc(recorded.last_success->finished_at),
              storage::format_utc(service.status().last_success->finished_at));
    EXPECT_EQ(recorded.interval, seconds(3600));
  }
  fake_->add_fault(Fault{FaultKind::kStatus, "/api/part/category/", 0, -1, 502});
  auto o = options();
  SyncService again(*store_, *history_, o);
  EXPECT_TRUE(again.status().last_success);  // known before its first pull
  again.start();
  ASSERT_TRUE(again.wait_for_pulls(1, kWait));
  again.stop();
  auto recorded = status_from_database(*store_, *history_);
  EXPECT_FALSE(recorded.enabled);  // no serve pulling any more
  ASSERT_TRUE(recorded.last_error);
  EXPECT_EQ(recorded.last_error->error_kind, "server");
  ASSERT_TRUE(recorded.last_success);
  EXPECT_GE(recorded.consecutive_failures, 1);

  auto j = status_json(recorded);
  EXPECT_EQ(j["sync"]["inventree"]["api_version"], 534);
  EXPECT_EQ(j["sync"]["last_error"]["error"]["kind"], "server");
  EXPECT_EQ(j["mirror"]["parts"], 12);
  auto text = status_text(recorded, std::chrono::system_clock::now());
  EXPECT_NE(text.find("API 534"), std::string::npos) << text;
  EXPECT_NE(text.find("Last error:"), std::string::npos) << text;
  EXPECT_NE(text.find("12 parts"), std::string::npos) << text;
}

}  // namespace
}  // namespace kibridge::sync

namespace kibridge::sync {
namespace {

TEST(BridgeStatusOutbox, StatusShowsTheWriteBackQueueAndItsPause) {
  testing::TempDb db;
  storage::Store store(db.path());
  storage::SyncStateStore& history = store.sync_state();
  storage::ImportRecord import;
  import.created_at = storage::Clock::now();
  import.actor = "cli";
  import.content_sha256 = std::string(64, '0');
  import.summary_json = "{}";
  storage::OutboxChange change;
  change.part_id = 1;
  change.new_value = "Package_SO:SOIC-8";
  const auto recorded = store.writeback().record_import(import, {change, change, change});
  store.writeback().settle_outbox_entry(recorded.outbox_ids[0], {storage::OutboxState::kDone, {}, "", {}, {}});
  store.writeback().settle_outbox_entry(recorded.outbox_ids[1], {storage::OutboxState::kConflict, {}, "", "other", {}});
  store.writeback().set_outbox_pause("InvenTree refused the token (HTTP 401)");

  const BridgeStatus status = status_from_database(store, history);
  const auto json = status_json(status);
  EXPECT_EQ(json["outbox"]["pending"], 1);
  EXPECT_EQ(json["outbox"]["conflict"], 1);
  EXPECT_EQ(json["outbox"]["done"], 1);
  EXPECT_EQ(json["outbox"]["failed"], 0);
  EXPECT_EQ(json["outbox"]["paused"]["reason"], "InvenTree refused the token (HTTP 401)");
  const std::string text = status_text(status, std::chrono::system_clock::now());
  EXPECT_NE(text.find("Write-back:    1 pending, 1 conflicts, 0 failed, 1 done; PAUSED"), std::string::npos) << text;

  store.writeback().set_outbox_pause(std::nullopt);
  EXPECT_TRUE(status_json(status_from_database(store, history))["outbox"]["paused"].is_null());
}

}  // namespace
}  // namespace kibridge::sync

namespace kibridge::sync {
namespace {

TEST(PullProgressJsonTest, PhasesCollectionRowsAndStart) {
  BridgeStatus s;
  EXPECT_TRUE(progress_json(s).is_null());  // no pull running
  s.running = true;
  s.pull_started_at = storage::parse_utc("2026-12-01T10:00:00.000Z");
  auto j = progress_json(s);
  EXPECT_EQ(j["phase"], "connecting");  // before the first report
  EXPECT_TRUE(j["collection"].is_null());
  EXPECT_EQ(j["started_at"], "2026-12-01T10:00:00.000Z");
  s.progress = PullProgress{"parts", 1500, 100000};
  j = progress_json(s);
  EXPECT_EQ(j["running"], true);
  EXPECT_EQ(j["phase"], "reading");
  EXPECT_EQ(j["collection"], "parts");
  EXPECT_EQ(j["rows"], 1500);
  EXPECT_EQ(j["total"], 100000);
  s.progress = PullProgress{"applying", 0, std::nullopt};
  j = progress_json(s);
  EXPECT_EQ(j["phase"], "applying");
  EXPECT_TRUE(j["collection"].is_null());
  EXPECT_TRUE(j["total"].is_null());
}

}  // namespace
}  // namespace kibridge::sync
