// BackgroundWorker: one thread that runs a step function again and again — at start, then
// after the delay the step itself asks for, or at once when woken — until stopped. The one
// start/stop/wake/timed-wait mechanism of kibridge's background work (SyncService pulls,
// PushService pushes); anything new that runs in the background uses it too.
//
// Contract:
//  - The step runs on the worker thread only, never twice at once. It returns how long to
//    wait before the next run; a wake or stop() ends that wait early.
//  - A wake while a step runs makes the next step start as soon as that one returns (no
//    wait). Wakes do not queue: any number of wakes during one step give one more step. A
//    wake before start() is absorbed by the first step, which runs at once anyway.
//  - stop() ends a wait at once, but a running step runs to its end: the step's owner
//    cancels its own work from the `cancel` callback of stop(), which runs after the stop is
//    requested (so a step that checks stop_requested() after registering its work, under
//    the owner's lock, is either cancelled by the callback or sees the request). No step
//    starts after stop() has begun. stop() joins the thread; start() may follow it.
//  - A step must not throw: an exception escaping it ends the process (std::terminate), as
//    on any thread. The owners catch what their work throws and report it as an outcome.
//
// Thread-safety: every method may be called from any thread except the worker thread itself
// (stop() from the step would wait for itself). Destruction stops the worker; an owner whose
// step uses its members calls stop() in its own destructor, before those members go.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace kibridge::util {

class BackgroundWorker {
 public:
  using Duration = std::chrono::steady_clock::duration;
  // Runs one round of work; returns the wait before the next round (zero or less: none;
  // Duration::max(): until woken or stopped).
  using Step = std::function<Duration()>;

  struct Options {
    // Lower the worker thread's CPU priority (platform::lower_this_thread_priority), so
    // request handling wins the cores while the step runs.
    bool lower_priority = false;
  };

  BackgroundWorker(Step step, Options options);
  ~BackgroundWorker();
  BackgroundWorker(const BackgroundWorker&) = delete;
  BackgroundWorker& operator=(const BackgroundWorker&) = delete;

  // Starts the thread; the first step begins at once. Does nothing when already started.
  void start();

  // Requests the stop, calls `cancel` (when given and the thread runs), waits for a running
  // step to return and joins the thread. Returns whether a thread was running (false: it
  // was never started or was already stopped; `cancel` was not called).
  bool stop(const std::function<void()>& cancel = nullptr);

  // Asks for a step now (see the contract above). Returns whether a step was running at
  // that moment, in which case the next one follows right after it.
  bool wake();

  // Whether stop() has been called since the last start(); steps check it to skip work
  // that only matters for a next round.
  bool stop_requested() const;

  // Steps finished since construction (a restart does not reset the count).
  int steps_finished() const;
  // Blocks until `count` steps have finished (or the timeout passes); returns whether they
  // did. For tests, and for start-up logging.
  bool wait_for_steps(int count, std::chrono::milliseconds timeout) const;

 private:
  void loop();

  const Step step_;
  const Options options_;

  mutable std::mutex mutex_;
  mutable std::condition_variable cv_;
  bool stopping_ = false;
  bool woken_ = false;
  bool running_step_ = false;
  int steps_finished_ = 0;
  std::thread thread_;
};

}  // namespace kibridge::util
