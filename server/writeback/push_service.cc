#include "server/writeback/push_service.h"

#include <algorithm>

#include "server/writeback/push_report.h"

namespace kibridge::writeback {

using Clock = storage::Clock;

PushService::PushService(storage::Store& store, PushServiceOptions options)
    : store_(store), options_(std::move(options)), worker_([this] { return pass_once(); }, {}) {
  if (!options_.pusher.now) options_.pusher.now = [] { return Clock::now(); };
  if (!options_.pusher.log) options_.pusher.log = options_.log;
}

PushService::~PushService() { stop(); }

void PushService::start() { worker_.start(); }

void PushService::stop() {
  const bool was_running = worker_.stop([this] {
    std::lock_guard<std::mutex> lock(mutex_);
    if (client_ != nullptr) client_->cancel();
  });
  if (!was_running) return;
  std::lock_guard<std::mutex> lock(mutex_);
  running_ = false;
  next_pass_at_.reset();
}

void PushService::wake() { worker_.wake(); }

void PushService::push_now() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    user_requested_ = true;
  }
  worker_.wake();
}

PushStatus PushService::status() const {
  PushStatus s;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    s.running = running_;
    s.passes = worker_.steps_finished();
    s.last_pass_at = last_pass_at_;
    s.last_summary = last_summary_;
    s.next_pass_at = next_pass_at_;
    s.attempts = attempts_;
    s.written = written_;
    s.failures = failures_;
  }
  try {
    if (auto pause = store_.writeback().outbox_pause()) s.paused = pause->reason;
  } catch (const storage::StorageError& e) {
    if (options_.log) options_.log(std::string("cannot read the outbox pause: ") + e.what());
  }
  s.inventree_url = options_.connection.url();
  s.interval = std::chrono::duration_cast<std::chrono::seconds>(options_.interval);
  return s;
}

bool PushService::wait_for_passes_for_testing(int count, std::chrono::milliseconds timeout) const {
  return worker_.wait_for_steps(count, timeout);
}

PushSummary PushService::run_pass(bool user_request) {
  PushSummary summary;
  try {
    inventree::Client client(options_.connection.resolve());
    {
      std::lock_guard<std::mutex> lock(mutex_);
      client_ = &client;
    }
    // After registering the client: a stop requested before it finds no client to cancel.
    if (worker_.stop_requested()) client.cancel();
    struct Unregister {
      PushService* service;
      ~Unregister() {
        std::lock_guard<std::mutex> lock(service->mutex_);
        service->client_ = nullptr;
      }
    } unregister{this};
    Pusher pusher(store_, client, options_.pusher);
    summary = pusher.push_once(user_request);
  } catch (const inventree::InvenTreeError& e) {
    // The token or the client options are unusable (kConfig): nothing was sent.
    summary.unreachable = true;
    summary.error = e.what();
  } catch (const storage::StorageError& e) {
    // Treated like an unavailable InvenTree: the next pass backs off.
    summary.unreachable = true;
    summary.error = std::string("database: ") + e.what();
  }
  return summary;
}

Clock::time_point PushService::next_pass_time(const PushSummary& summary, Clock::time_point now) {
  Clock::time_point next = now + options_.interval;
  if (!summary.paused) {
    try {
      if (auto due = next_progress_time(store_.writeback().outbox_entries(storage::OutboxState::kPending), now)) {
        next = std::min(next, *due);
      }
    } catch (const storage::StorageError& e) {
      if (options_.log) options_.log(std::string("cannot read the outbox: ") + e.what());
    }
  }
  if (summary.unreachable) {
    Clock::time_point not_before;
    if (summary.retry_not_before) {
      not_before = *summary.retry_not_before;
    } else {
      auto backoff = options_.unavailable_backoff;
      for (int i = 1; i < unavailable_passes_ && backoff < options_.interval; ++i) backoff *= 2;
      not_before = now + std::min(backoff, options_.interval);
    }
    next = std::max(next, not_before);
  }
  return next;
}

util::BackgroundWorker::Duration PushService::pass_once() {
  bool user_request = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    running_ = true;
    user_request = user_requested_;
    user_requested_ = false;
    next_pass_at_.reset();
  }
  const Clock::time_point started = options_.pusher.now();
  const PushSummary summary = run_pass(user_request);
  if (options_.log && (summary.examined > 0 || !summary.error.empty())) {
    options_.log("pass: " + push_summary_text(summary));
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    unavailable_passes_ = summary.unreachable ? unavailable_passes_ + 1 : 0;
  }
  const Clock::time_point now = options_.pusher.now();
  const Clock::time_point next = next_pass_time(summary, now);

  std::lock_guard<std::mutex> lock(mutex_);
  running_ = false;
  last_pass_at_ = started;
  last_summary_ = summary;
  next_pass_at_ = next;
  attempts_ += summary.examined;
  written_ += summary.written;
  failures_ += summary.failed + summary.deferred;
  return std::max(Clock::duration::zero(), next - now);
}

}  // namespace kibridge::writeback
