// PushService: sends the write-back outbox to InvenTree from `kibridge serve`. One background
// thread runs Pusher passes: at start, when woken (an import queued changes, a user retried
// an entry), when the earliest pending entry becomes due, and every `interval` in any case
// (which is also how a paused queue notices a corrected token).
//
// Each pass uses a client of its own, made from the options with the token read afresh (so a
// corrected token file is used without a restart). When InvenTree was unavailable the next
// pass waits for the failed entry's backoff (or, when no entry failed, a backoff of the
// service's own that doubles per unavailable pass), unless woken.
//
// The thread, its schedule and its wakes are a util::BackgroundWorker (its header states what
// a wake during a pass and a stop do).
//
// Thread-safety: every method may be called from any thread. Destruction stops the service.
#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "server/inventree/client.h"
#include "server/inventree/connection.h"
#include "server/util/background_worker.h"
#include "server/writeback/pusher.h"
#include "storage/store.h"

namespace kibridge::writeback {

struct PushServiceOptions {
  inventree::Connection connection;  // its token is read before every pass
  std::chrono::milliseconds interval{std::chrono::seconds(60)};
  // The first backoff after a pass that could not reach InvenTree (doubling, at most interval).
  std::chrono::milliseconds unavailable_backoff{std::chrono::seconds(5)};
  PusherOptions pusher;  // its `now` is also the service's clock
  std::function<void(const std::string&)> log;
};

struct PushStatus {
  bool running = false;  // a pass is in progress
  int passes = 0;        // finished since start()
  std::optional<storage::Clock::time_point> last_pass_at;  // when the last finished pass began
  std::optional<PushSummary> last_summary;
  // Totals over every pass since start(), for /metrics: entries looked up in InvenTree
  // (attempts), written, and failed (refused, or failed transiently and deferred).
  int64_t attempts = 0, written = 0, failures = 0;
  std::optional<std::string> paused;  // the outbox's pause reason (from the store)
  std::optional<storage::Clock::time_point> next_pass_at;
  std::string inventree_url;
  std::chrono::seconds interval{0};
};

class PushService {
 public:
  // `store` must outlive the service. Nothing runs until start().
  PushService(storage::Store& store, PushServiceOptions options);
  ~PushService();
  PushService(const PushService&) = delete;
  PushService& operator=(const PushService&) = delete;

  // Starts the background thread; the first pass begins at once.
  void start();
  // Cancels a running pass (the entry being sent stays pending or is settled, never half
  // recorded) and joins the thread. Idempotent.
  void stop();

  // A pass soon (after the running one, if any).
  void wake();
  // The same, for a user's explicit request: that pass first lifts a pause and sends the
  // entries waiting for their backoff too (Pusher::push_once with user_request).
  void push_now();

  PushStatus status() const;

  // Blocks until `count` passes have finished since the service was made (or the timeout
  // passes); returns whether they did. Test-only.
  bool wait_for_passes_for_testing(int count, std::chrono::milliseconds timeout) const;

 private:
  // One pass and its bookkeeping; returns the wait before the next one.
  util::BackgroundWorker::Duration pass_once();
  PushSummary run_pass(bool user_request);
  storage::Clock::time_point next_pass_time(const PushSummary& summary, storage::Clock::time_point now);

  storage::Store& store_;
  PushServiceOptions options_;

  mutable std::mutex mutex_;  // guards the fields below
  bool user_requested_ = false;
  bool running_ = false;
  int unavailable_passes_ = 0;
  std::optional<storage::Clock::time_point> last_pass_at_;
  std::optional<PushSummary> last_summary_;
  int64_t attempts_ = 0, written_ = 0, failures_ = 0;
  std::optional<storage::Clock::time_point> next_pass_at_;
  inventree::Client* client_ = nullptr;  // of the running pass
  util::BackgroundWorker worker_;  // last: stopped before the fields its step uses go
};

}  // namespace kibridge::writeback
