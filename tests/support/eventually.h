// Waiting in tests for a state that comes with no notification (a background thread's work, a
// child process's answer): poll until it holds or a limit passes. One helper for every test.
#pragma once

#include <chrono>
#include <functional>
#include <thread>

namespace kibridge::testing {

// Polls `condition` every `step` until it holds or `limit` has passed; returns its last answer.
// The generous default limit only bounds how long a failing test takes, never a passing one.
inline bool eventually(const std::function<bool()>& condition,
                       std::chrono::milliseconds limit = std::chrono::seconds(20),
                       std::chrono::milliseconds step = std::chrono::milliseconds(2)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(step);
  }
  return condition();
}

}  // namespace kibridge::testing
