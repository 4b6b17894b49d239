#include "server/sync/sync_service.h"

#include <algorithm>

namespace kibridge::sync {

using Clock = std::chrono::system_clock;

SyncService::SyncService(storage::Store& store, storage::SyncStateStore& history, SyncServiceOptions options)
    : store_(store),
      history_(history),
      options_(std::move(options)),
      worker_([this] { return pull_once(); }, {.lower_priority = options_.lower_priority}) {
  // What earlier runs left in the history, so the status is meaningful before the first pull.
  try {
    BridgeStatus recorded = status_from_database(store_, history_);
    last_run_ = recorded.last_run;
    last_success_ = recorded.last_success;
    last_error_ = recorded.last_error;
    consecutive_failures_ = recorded.consecutive_failures;
  } catch (const storage::StorageError& e) {
    if (options_.log) options_.log(std::string("cannot read the pull history: ") + e.what());
  }
}

SyncService::~SyncService() { stop(); }

void SyncService::start() { worker_.start(); }

void SyncService::stop() {
  const bool was_running = worker_.stop([this] {
    std::shared_ptr<SyncJob> job;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      job = job_;
    }
    // Outside mutex_: the job's progress callback takes it while the job runs.
    if (job) job->cancel();
  });
  if (!was_running) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    next_pull_.reset();
  }
  try {
    history_.clear_schedule();
  } catch (const storage::StorageError& e) {
    if (options_.log) options_.log(std::string("cannot clear the pull schedule: ") + e.what());
  }
}

SyncService::TriggerResult SyncService::trigger() {
  TriggerResult result;
  result.started_now = !worker_.wake();
  return result;
}

BridgeStatus SyncService::status() const {
  BridgeStatus s;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    s.enabled = true;
    s.running = running_;
    s.progress = progress_;
    s.pull_started_at = started_at_;
    s.last_run = last_run_;
    s.last_success = last_success_;
    s.last_error = last_error_;
    s.consecutive_failures = consecutive_failures_;
    s.pulls = pulls_;
    s.failed_pulls = failed_pulls_;
    s.next_pull = next_pull_;
  }
  s.inventree_url = options_.connection.url();
  s.interval = std::chrono::duration_cast<std::chrono::seconds>(options_.interval);
  add_database_state(store_, s);
  return s;
}

bool SyncService::wait_for_pulls(int count, std::chrono::milliseconds timeout) const {
  return worker_.wait_for_steps(count, timeout);
}

std::chrono::milliseconds SyncService::delay_after(const SyncOutcome& outcome) const {
  using std::chrono::milliseconds;
  if (outcome.succeeded || outcome.credentials_problem) return options_.interval;
  if (outcome.error_kind == "config" || outcome.error_kind == "tls") return options_.interval;
  milliseconds delay = options_.retry_after_failure;
  for (int i = 1; i < consecutive_failures_ && delay < options_.interval; ++i) delay *= 2;
  if (outcome.retry_after) {
    delay = std::max(delay, *outcome.retry_after);
  }
  return std::min(delay, options_.interval);
}

void SyncService::publish_schedule() {
  storage::SyncScheduleRecord schedule;
  schedule.inventree_url = options_.connection.url();
  schedule.interval_seconds = std::chrono::duration_cast<std::chrono::seconds>(options_.interval).count();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    schedule.next_pull_at = next_pull_;
  }
  schedule.updated_at = Clock::now();
  try {
    history_.set_schedule(schedule);
  } catch (const storage::StorageError& e) {
    if (options_.log) options_.log(std::string("cannot record the pull schedule: ") + e.what());
  }
}

util::BackgroundWorker::Duration SyncService::pull_once() {
  std::shared_ptr<SyncJob> job;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    running_ = true;
    next_pull_.reset();
    progress_.reset();
    started_at_ = std::chrono::system_clock::now();
    job = std::make_shared<SyncJob>(store_, &history_, options_.connection, options_.pull, options_.log);
    job_ = job;
  }
  // After registering the job: a stop requested before it finds no job to cancel.
  if (worker_.stop_requested()) job->cancel();
  publish_schedule();

  SyncOutcome outcome = job->run([this](const PullProgress& p) {
    std::lock_guard<std::mutex> lock(mutex_);
    progress_ = p;
  });
  if (outcome.succeeded && !outcome.changes.empty() && options_.on_change) {
    try {
      options_.on_change(outcome.changes);
    } catch (const std::exception& e) {
      if (options_.log) options_.log(std::string("applying the pulled changes to the served responses failed: ") + e.what());
    }
  }
  if (outcome.succeeded && options_.after_pull) {
    try {
      options_.after_pull();
    } catch (const std::exception& e) {
      if (options_.log) options_.log(std::string("checking the library after the pull failed: ") + e.what());
    }
  }

  std::chrono::milliseconds delay{0};
  {
    std::lock_guard<std::mutex> lock(mutex_);
    running_ = false;
    job_.reset();
    progress_.reset();
    started_at_.reset();
    last_run_ = outcome.record;
    if (outcome.succeeded) {
      last_success_ = outcome.record;
      last_error_.reset();
      consecutive_failures_ = 0;
      ++pulls_;
    } else if (!outcome.cancelled) {
      last_error_ = outcome.record;
      ++consecutive_failures_;
      ++pulls_;
      ++failed_pulls_;
    }
    if (worker_.stop_requested()) return delay;
    delay = delay_after(outcome);
    next_pull_ = Clock::now() + delay;
  }
  // The pull counts as finished (wait_for_pulls) when this returns: everything about it is
  // visible by then, schedule included.
  publish_schedule();
  return delay;
}

}  // namespace kibridge::sync
