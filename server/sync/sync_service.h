// SyncService: keeps the mirror in step with InvenTree from `kibridge serve`. One background
// thread pulls at start, then every `interval`, and whenever trigger() asks (POST /api/sync).
//
// KiCad is never made to wait: a pull reads into memory, then applies in one store write
// transaction (readers keep their own connection and see the old data until it commits), and
// the thread runs at a lower CPU priority so request handling wins the cores. After an apply
// that changed something, on_change receives the ChangeSet (the response cache invalidates
// from it) on the sync thread.
//
// After a failed pull the next one comes sooner than the interval (retry_after_failure,
// doubling per consecutive failure, capped at the interval), except for credentials problems:
// a refused token waits the full interval, since retrying cannot fix it.
//
// The thread, its schedule and its wakes are a util::BackgroundWorker (its header states what
// a trigger during a pull and a stop do).
//
// Thread-safety: every method may be called from any thread. Destruction stops the service.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

#include "server/sync/sync_job.h"
#include "server/sync/bridge_status.h"
#include "server/util/background_worker.h"

namespace kibridge::sync {

struct SyncServiceOptions {
  inventree::Connection connection;
  PullOptions pull;  // manufacturer_data is overridden by the store's setting
  std::chrono::milliseconds interval{std::chrono::minutes(5)};
  std::chrono::milliseconds retry_after_failure{std::chrono::seconds(30)};
  // Called after every apply that changed something, on the sync thread.
  std::function<void(const storage::ChangeSet&)> on_change;
  // Called after every successful pull (after on_change), on the sync thread: `serve` says
  // there what KiCad now sees when it needs fixing.
  std::function<void()> after_pull;
  std::function<void(const std::string&)> log;
  // Lower the sync thread's CPU priority (nice +10) so KiCad requests keep their latency.
  bool lower_priority = true;
};

class SyncService {
 public:
  // `store` and `history` must outlive the service. Nothing runs until start().
  SyncService(storage::Store& store, storage::SyncStateStore& history, SyncServiceOptions options);
  ~SyncService();
  SyncService(const SyncService&) = delete;
  SyncService& operator=(const SyncService&) = delete;

  // Starts the background thread; the first pull begins at once.
  void start();
  // Cancels a running pull (nothing of it is applied), joins the thread and clears the
  // recorded schedule. Idempotent.
  void stop();

  struct TriggerResult {
    bool started_now = false;  // false: a pull was running; another one follows right after it
  };
  // Asks for a pull now; returns at once.
  TriggerResult trigger();

  BridgeStatus status() const;

  // Blocks until `count` pulls have finished since the service was made (or the timeout
  // passes); returns whether they did. For tests and for `serve` start-up logging.
  bool wait_for_pulls(int count, std::chrono::milliseconds timeout) const;

 private:
  // One pull and its bookkeeping; returns the wait before the next one.
  util::BackgroundWorker::Duration pull_once();
  std::chrono::milliseconds delay_after(const SyncOutcome& outcome) const;
  void publish_schedule();

  storage::Store& store_;
  storage::SyncStateStore& history_;
  SyncServiceOptions options_;

  mutable std::mutex mutex_;  // guards the fields below
  bool running_ = false;
  int consecutive_failures_ = 0;
  int64_t pulls_ = 0, failed_pulls_ = 0;
  std::optional<PullProgress> progress_;
  std::optional<storage::TimePoint> started_at_;  // of the running pull
  std::optional<storage::SyncRunRecord> last_run_;
  std::optional<storage::SyncRunRecord> last_success_;
  std::optional<storage::SyncRunRecord> last_error_;
  std::optional<storage::TimePoint> next_pull_;
  std::shared_ptr<SyncJob> job_;  // of the running pull
  util::BackgroundWorker worker_;  // last: stopped before the fields its step uses go
};

}  // namespace kibridge::sync
