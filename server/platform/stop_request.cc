#include "server/platform/stop_request.h"

#ifdef _WIN32
#include <windows.h>
#else
#include <pthread.h>
#include <signal.h>
#include <unistd.h>
#endif

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace kibridge::platform {

#ifdef _WIN32

namespace {

std::mutex g_mutex;
std::condition_variable g_changed;
const char* g_reason = nullptr;  // guarded by g_mutex
bool g_stopped = false;          // guarded by g_mutex

void request(const char* reason) {
  std::lock_guard<std::mutex> lock(g_mutex);
  if (!g_reason) g_reason = reason;
  g_changed.notify_all();
}

BOOL WINAPI on_console_event(DWORD event) {
  switch (event) {
    case CTRL_C_EVENT:
      request("Ctrl-C");
      return TRUE;
    case CTRL_BREAK_EVENT:
      request("Ctrl-Break");
      return TRUE;
    default: {  // console closed, log-off, shut-down: the process ends when this returns
      request("the console closing");
      std::unique_lock<std::mutex> lock(g_mutex);
      g_changed.wait_for(lock, std::chrono::seconds(4), [] { return g_stopped; });
      return TRUE;
    }
  }
}

}  // namespace

StopRequest::StopRequest() { ::SetConsoleCtrlHandler(on_console_event, TRUE); }
StopRequest::~StopRequest() { ::SetConsoleCtrlHandler(on_console_event, FALSE); }

std::string StopRequest::wait() {
  std::unique_lock<std::mutex> lock(g_mutex);
  g_changed.wait(lock, [] { return g_reason != nullptr; });
  return g_reason;
}

void StopRequest::stopped() {
  std::lock_guard<std::mutex> lock(g_mutex);
  g_stopped = true;
  g_changed.notify_all();
}

void StopRequest::request_for_testing() { request("a test"); }

#else

namespace {

sigset_t stop_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  return signals;
}

}  // namespace

StopRequest::StopRequest() {
  const sigset_t signals = stop_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

StopRequest::~StopRequest() = default;

std::string StopRequest::wait() {
  const sigset_t signals = stop_signals();
  int received = 0;
  sigwait(&signals, &received);
  return received == SIGINT ? "SIGINT" : "SIGTERM";
}

void StopRequest::stopped() {}

void StopRequest::request_for_testing() { ::kill(::getpid(), SIGTERM); }

#endif

}  // namespace kibridge::platform
