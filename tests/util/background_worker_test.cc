// BackgroundWorker: the first step at start, the delay a step asks for, wakes during a wait
// and during a step, stop during a wait and during a step (with its cancel callback), restart.
// No timing assertion: steps are held and released through a gate, every wait is bounded by
// a generous timeout that only a broken worker reaches.
#include "server/util/background_worker.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>

namespace kibridge::util {
namespace {

using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr auto kWait = seconds(20);

// Lets a test hold the step inside its run and release it: the step calls pass(), which
// counts the entry and blocks while the gate is closed.
class Gate {
 public:
  void close() {
    std::lock_guard<std::mutex> lock(mutex_);
    open_ = false;
  }
  void open() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      open_ = true;
    }
    cv_.notify_all();
  }
  void pass() {
    std::unique_lock<std::mutex> lock(mutex_);
    ++entered_;
    cv_.notify_all();
    cv_.wait(lock, [&] { return open_; });
  }
  // Waits until `count` steps have entered pass().
  bool wait_entered(int count) {
    std::unique_lock<std::mutex> lock(mutex_);
    return cv_.wait_for(lock, kWait, [&] { return entered_ >= count; });
  }
  int entered() {
    std::lock_guard<std::mutex> lock(mutex_);
    return entered_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool open_ = true;
  int entered_ = 0;
};

TEST(BackgroundWorkerTest, NothingRunsBeforeStart) {
  std::atomic<int> runs{0};
  BackgroundWorker worker([&] { ++runs; return BackgroundWorker::Duration::max(); }, {});
  EXPECT_FALSE(worker.wait_for_steps(1, milliseconds(50)));
  EXPECT_EQ(runs.load(), 0);
  EXPECT_FALSE(worker.stop());  // never started: nothing to stop
}

TEST(BackgroundWorkerTest, FirstStepAtStartThenOneStepPerWake) {
  std::atomic<int> runs{0};
  BackgroundWorker worker([&] { ++runs; return BackgroundWorker::Duration(hours(1)); }, {});
  worker.start();
  ASSERT_TRUE(worker.wait_for_steps(1, kWait));
  EXPECT_EQ(worker.steps_finished(), 1);
  // The step asked for an hour: only a wake brings the second step.
  EXPECT_FALSE(worker.wait_for_steps(2, milliseconds(50)));
  worker.wake();
  ASSERT_TRUE(worker.wait_for_steps(2, kWait));
  worker.wake();
  ASSERT_TRUE(worker.wait_for_steps(3, kWait));
  EXPECT_TRUE(worker.stop());
  EXPECT_EQ(runs.load(), 3);
}

TEST(BackgroundWorkerTest, TheStepsDelaySchedulesTheNextStep) {
  // Zero delay: the next step follows at once, without any wake.
  BackgroundWorker worker([] { return BackgroundWorker::Duration::zero(); }, {});
  worker.start();
  EXPECT_TRUE(worker.wait_for_steps(5, kWait));
  worker.stop();

  // A short delay elapses on its own (well within kWait) and brings the next step.
  BackgroundWorker timed([] { return BackgroundWorker::Duration(milliseconds(1)); }, {});
  timed.start();
  EXPECT_TRUE(timed.wait_for_steps(3, kWait));
}

TEST(BackgroundWorkerTest, WakesDuringAStepGiveExactlyOneMoreStep) {
  Gate gate;
  BackgroundWorker worker([&] { gate.pass(); return BackgroundWorker::Duration::max(); }, {});
  gate.close();
  worker.start();
  ASSERT_TRUE(gate.wait_entered(1));
  // The step is running: the wake reports that, and three wakes collapse into one.
  EXPECT_TRUE(worker.wake());
  EXPECT_TRUE(worker.wake());
  EXPECT_TRUE(worker.wake());
  gate.open();
  ASSERT_TRUE(worker.wait_for_steps(2, kWait));
  // The second step consumed the wakes: no third step comes on its own.
  EXPECT_FALSE(worker.wait_for_steps(3, milliseconds(100)));
  EXPECT_EQ(gate.entered(), 2);
  // Waiting, not running: a wake says so and starts a step.
  EXPECT_FALSE(worker.wake());
  EXPECT_TRUE(worker.wait_for_steps(3, kWait));
}

TEST(BackgroundWorkerTest, AWakeBeforeStartIsAbsorbedByTheFirstStep) {
  BackgroundWorker worker([] { return BackgroundWorker::Duration::max(); }, {});
  EXPECT_FALSE(worker.wake());
  worker.start();
  ASSERT_TRUE(worker.wait_for_steps(1, kWait));
  EXPECT_FALSE(worker.wait_for_steps(2, milliseconds(100)));
}

TEST(BackgroundWorkerTest, StopEndsAWaitAtOnce) {
  BackgroundWorker worker([] { return BackgroundWorker::Duration(hours(24)); }, {});
  worker.start();
  ASSERT_TRUE(worker.wait_for_steps(1, kWait));
  // Would hang for a day if the wait were not interrupted (the test's timeout catches it).
  EXPECT_TRUE(worker.stop());
  EXPECT_TRUE(worker.stop_requested());
  EXPECT_EQ(worker.steps_finished(), 1);
  EXPECT_FALSE(worker.stop());  // idempotent
}

TEST(BackgroundWorkerTest, StopLetsARunningStepFinishAfterCancellingIt) {
  // The owner's pattern: the step registers its work under the owner's lock and checks
  // stop_requested(); stop()'s cancel callback cancels what is registered.
  Gate gate;
  std::mutex owner_mutex;
  bool cancelled = false;
  std::atomic<bool> saw_stop_request{false};
  BackgroundWorker* self = nullptr;
  BackgroundWorker worker(
      [&] {
        gate.pass();
        saw_stop_request = self->stop_requested();
        return BackgroundWorker::Duration::zero();  // would loop at once without the stop
      },
      {});
  self = &worker;
  gate.close();
  worker.start();
  ASSERT_TRUE(gate.wait_entered(1));
  std::thread stopper([&] {
    worker.stop([&] {
      std::lock_guard<std::mutex> lock(owner_mutex);
      cancelled = true;
      gate.open();  // what cancelling the owner's work does: the step returns
    });
  });
  stopper.join();
  EXPECT_TRUE(cancelled);
  EXPECT_TRUE(saw_stop_request.load());
  // The running step finished and counted; none started after the stop.
  EXPECT_EQ(worker.steps_finished(), 1);
  EXPECT_EQ(gate.entered(), 1);
}

TEST(BackgroundWorkerTest, CancelIsNotCalledWhenNothingRuns) {
  BackgroundWorker worker([] { return BackgroundWorker::Duration::max(); }, {});
  bool called = false;
  EXPECT_FALSE(worker.stop([&] { called = true; }));
  EXPECT_FALSE(called);
}

TEST(BackgroundWorkerTest, RestartsAfterStop) {
  std::atomic<int> runs{0};
  BackgroundWorker worker([&] { ++runs; return BackgroundWorker::Duration::max(); }, {});
  worker.start();
  ASSERT_TRUE(worker.wait_for_steps(1, kWait));
  worker.stop();
  worker.start();
  EXPECT_FALSE(worker.stop_requested());
  // The count runs on across the restart; the restart's first step runs at once.
  ASSERT_TRUE(worker.wait_for_steps(2, kWait));
  EXPECT_EQ(runs.load(), 2);
}

TEST(BackgroundWorkerTest, StartTwiceRunsOneThread) {
  Gate gate;
  BackgroundWorker worker([&] { gate.pass(); return BackgroundWorker::Duration::max(); }, {});
  gate.close();
  worker.start();
  worker.start();
  ASSERT_TRUE(gate.wait_entered(1));
  gate.open();
  ASSERT_TRUE(worker.wait_for_steps(1, kWait));
  EXPECT_FALSE(worker.wait_for_steps(2, milliseconds(100)));
  EXPECT_EQ(gate.entered(), 1);
}

TEST(BackgroundWorkerTest, DestructionStopsTheWorker) {
  std::atomic<int> runs{0};
  {
    BackgroundWorker worker([&] { ++runs; return BackgroundWorker::Duration::max(); }, {});
    worker.start();
    ASSERT_TRUE(worker.wait_for_steps(1, kWait));
  }  // joins; a thread left running would touch `runs` after this scope
  EXPECT_EQ(runs.load(), 1);
}

}  // namespace
}  // namespace kibridge::util
