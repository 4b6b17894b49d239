// The stop request `kibridge serve` waits for: asked as the user would (SIGTERM on Linux, a
// console control event on Windows), wait() returns and names what asked.
#include "server/platform/stop_request.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>

namespace kibridge::platform {
namespace {

TEST(StopRequest, WaitReturnsWhenTheUserAsksToStop) {
  StopRequest stop;  // before any thread of this test starts, as serve does
  std::thread asker([&stop] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    stop.request_for_testing();
  });
  auto waited = std::async(std::launch::async, [&stop] { return stop.wait(); });
  ASSERT_EQ(waited.wait_for(std::chrono::seconds(30)), std::future_status::ready);
  const std::string reason = waited.get();
#ifdef _WIN32
  EXPECT_EQ(reason, "a test");
#else
  EXPECT_EQ(reason, "SIGTERM");
#endif
  stop.stopped();
  asker.join();
}

}  // namespace
}  // namespace kibridge::platform
