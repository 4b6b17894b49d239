#include "server/util/background_worker.h"

#include <utility>

#include "server/platform/process_tuning.h"

namespace kibridge::util {

BackgroundWorker::BackgroundWorker(Step step, Options options)
    : step_(std::move(step)), options_(options) {}

BackgroundWorker::~BackgroundWorker() { stop(); }

void BackgroundWorker::start() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { loop(); });
}

bool BackgroundWorker::stop(const std::function<void()>& cancel) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!thread_.joinable()) return false;
    stopping_ = true;
  }
  cv_.notify_all();
  // Outside the lock: the callback takes the owner's lock, which the step may hold while it
  // calls stop_requested().
  if (cancel) cancel();
  thread_.join();
  return true;
}

bool BackgroundWorker::wake() {
  bool was_running = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    was_running = running_step_;
    woken_ = true;
  }
  cv_.notify_all();
  return was_running;
}

bool BackgroundWorker::stop_requested() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return stopping_;
}

int BackgroundWorker::steps_finished() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return steps_finished_;
}

bool BackgroundWorker::wait_for_steps(int count, std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(mutex_);
  return cv_.wait_for(lock, timeout, [&] { return steps_finished_ >= count; });
}

void BackgroundWorker::loop() {
  if (options_.lower_priority) {
    platform::lower_this_thread_priority();
  }
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    running_step_ = true;
    woken_ = false;
    lock.unlock();
    const Duration delay = step_();
    lock.lock();
    running_step_ = false;
    ++steps_finished_;
    cv_.notify_all();
    if (delay == Duration::max()) {
      // wait_for would overflow computing now() + max().
      cv_.wait(lock, [&] { return stopping_ || woken_; });
    } else if (delay > Duration::zero()) {
      cv_.wait_for(lock, delay, [&] { return stopping_ || woken_; });
    }
  }
}

}  // namespace kibridge::util
