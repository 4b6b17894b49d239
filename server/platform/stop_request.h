// The user's request to stop a long-running command (`kibridge serve`): Ctrl-C or SIGTERM
// (systemd, kill) on Linux; Ctrl-C, Ctrl-Break, closing the console window, logging off or
// shutting down on Windows.
//
// Linux: the signals are blocked in the constructing thread and in every thread started after
// it (threads inherit the mask), and wait() takes them with sigwait, so no handler ever runs on
// a thread that holds a lock. Windows: a console control handler (which Windows runs on a thread
// of its own) wakes wait(); for a console close, log-off or shut-down the process ends when the
// handler returns, so the handler waits for the caller's shutdown to finish first (up to the
// few seconds Windows allows).
//
// One StopRequest per process, created on the main thread before any other thread starts.
#pragma once

#include <string>

namespace kibridge::platform {

class StopRequest {
 public:
  StopRequest();
  ~StopRequest();
  StopRequest(const StopRequest&) = delete;
  StopRequest& operator=(const StopRequest&) = delete;

  // Blocks until the user asks to stop; returns what asked ("SIGINT", "Ctrl-C", ...).
  std::string wait();
  // The caller's shutdown is done (Windows: lets a waiting console-close handler return).
  void stopped();
  // Asks to stop as the user would (for tests).
  void request_for_testing();
};

}  // namespace kibridge::platform
