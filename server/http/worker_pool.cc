#include "server/http/worker_pool.h"

#include <algorithm>
#include <thread>
#include <utility>

namespace kibridge::http {

WorkerPool::WorkerPool(size_t min_threads, size_t max_threads, std::chrono::milliseconds idle_exit)
    : min_threads_(min_threads), max_threads_(std::max(min_threads, max_threads)), idle_exit_(idle_exit) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (size_t i = 0; i < min_threads_; ++i) start_thread();
}

WorkerPool::~WorkerPool() { shutdown(); }

void WorkerPool::start_thread() {
  ++threads_;
  ++free_;
  // Detached: a thread's last act is to count itself out under mutex_, which shutdown() waits for.
  std::thread([this] { work(); }).detach();
}

bool WorkerPool::enqueue(std::function<void()> fn) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (stopping_) return false;
  jobs_.push_back(std::move(fn));
  if (jobs_.size() > free_ && threads_ < max_threads_) start_thread();
  wake_.notify_one();
  return true;
}

void WorkerPool::shutdown() {
  std::unique_lock<std::mutex> lock(mutex_);
  stopping_ = true;
  wake_.notify_all();
  ended_.wait(lock, [this] { return threads_ == 0; });
}

void WorkerPool::work() {
  std::unique_lock<std::mutex> lock(mutex_);
  const auto has_work = [this] { return !jobs_.empty() || stopping_; };
  for (;;) {
    bool timed_out = false;
    if (threads_ > min_threads_) {
      timed_out = !wake_.wait_for(lock, idle_exit_, has_work);
    } else {
      wake_.wait(lock, has_work);
    }
    if (jobs_.empty()) {
      if (stopping_ || (timed_out && threads_ > min_threads_)) break;  // idle too long above the minimum
      continue;
    }
    auto job = std::move(jobs_.front());
    jobs_.pop_front();
    --free_;
    lock.unlock();
    job();
    lock.lock();
    ++free_;
  }
  --free_;
  --threads_;
  ended_.notify_all();
}

}  // namespace kibridge::http
