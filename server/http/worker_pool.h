// WorkerPool: the HTTP server's task queue — one thread per connection, as cpp-httplib runs
// them, growing with demand and shrinking when idle.
//
// cpp-httplib 0.41's own ThreadPool grows only when no thread is idle at the moment a
// connection is queued; a thread that was woken but has not yet taken its job still counts as
// idle, so a burst queues several connections behind one wake-up, and while slow clients hold
// every running thread those connections are never started (measured: with 200 connections
// trickling headers, 134 threads ran and a fresh KiCad request waited 5.7 s). WorkerPool starts
// a thread whenever queued connections outnumber the threads free to take them.
//
// Thread-safety: enqueue() and shutdown() from any thread. shutdown() runs what is queued,
// then waits for every thread to end; enqueue() fails after it.
#pragma once

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>

namespace kibridge::http {

class WorkerPool final : public httplib::TaskQueue {
 public:
  // Keeps `min_threads` running, runs at most `max_threads` (>= min_threads) at once; a thread
  // above the minimum ends after `idle_exit` without work.
  WorkerPool(size_t min_threads, size_t max_threads, std::chrono::milliseconds idle_exit = std::chrono::seconds(3));
  ~WorkerPool() override;
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  bool enqueue(std::function<void()> fn) override;
  void shutdown() override;

 private:
  void start_thread();  // the caller holds mutex_
  void work();

  const size_t min_threads_;
  const size_t max_threads_;
  const std::chrono::milliseconds idle_exit_;
  std::mutex mutex_;
  std::condition_variable wake_;   // a job was queued, or shutdown
  std::condition_variable ended_;  // a thread ended
  std::deque<std::function<void()>> jobs_;
  size_t threads_ = 0;  // running
  size_t free_ = 0;     // running and not in a job (waiting, or started and about to take one)
  bool stopping_ = false;
};

}  // namespace kibridge::http
