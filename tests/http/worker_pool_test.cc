// WorkerPool: every queued connection gets a thread while any are left (httplib 0.41's pool left
// connections queued behind busy threads), threads above the minimum end when idle, and
// shutdown runs what was queued.

#include "server/http/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace kibridge::http {
namespace {

using namespace std::chrono_literals;

// Jobs that block until released, as connections held by slow clients do.
class Gate {
 public:
  void hold() {
    std::unique_lock<std::mutex> lock(mutex_);
    ++waiting_;
    changed_.notify_all();
    changed_.wait(lock, [this] { return open_; });
    --waiting_;
  }
  // Waits up to `timeout` for `n` holders; returns how many there are.
  int wait_for_holders(int n, std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait_for(lock, timeout, [&] { return waiting_ >= n; });
    return waiting_;
  }
  void open() {
    std::lock_guard<std::mutex> lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int waiting_ = 0;
  bool open_ = false;
};

TEST(WorkerPoolTest, BurstOfBlockingJobsAllRunAtOnce) {
  WorkerPool pool(2, 256);
  Gate gate;
  for (int i = 0; i < 200; ++i) ASSERT_TRUE(pool.enqueue([&] { gate.hold(); }));
  // One more job behind 200 held ones still runs (a fresh KiCad request behind slow clients).
  std::atomic<bool> ran{false};
  ASSERT_TRUE(pool.enqueue([&] { ran = true; }));
  EXPECT_EQ(gate.wait_for_holders(200, 10s), 200);
  for (int i = 0; i < 100 && !ran; ++i) std::this_thread::sleep_for(10ms);
  EXPECT_TRUE(ran);
  gate.open();
  pool.shutdown();
}

TEST(WorkerPoolTest, NeverRunsMoreThanTheMaximum) {
  WorkerPool pool(1, 8);
  Gate gate;
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(pool.enqueue([&] { gate.hold(); }));
  EXPECT_EQ(gate.wait_for_holders(20, 500ms), 8);
  gate.open();  // the 12 queued ones run once threads free up
  pool.shutdown();
  EXPECT_EQ(gate.wait_for_holders(1, 0ms), 0);
}

TEST(WorkerPoolTest, ShutdownRunsQueuedJobsAndRefusesNewOnes) {
  std::atomic<int> done{0};
  WorkerPool pool(1, 1, 50ms);
  for (int i = 0; i < 10; ++i) pool.enqueue([&] { ++done; });
  pool.shutdown();
  EXPECT_EQ(done, 10);
  EXPECT_FALSE(pool.enqueue([] {}));
}

}  // namespace
}  // namespace kibridge::http
