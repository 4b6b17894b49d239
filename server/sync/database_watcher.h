// DatabaseWatcher: notices changes other processes make to the database file a server runs on
// (`kibridge import`, `kibridge outbox retry|drop`, `kibridge sync --db` beside a running
// `kibridge serve`), so the server's KiCad responses follow them and its pusher sees newly
// queued changes. One background thread asks Store::commits_by_others() every `interval` and
// calls on_change once per round that found any.
//
// Another process's commit carries no description of what it touched, so on_change is told
// only that something changed; the server re-renders everything, which is what a restart
// would do.
//
// Thread-safety: construction starts the thread, destruction stops and joins it. on_change
// runs on the watcher's thread. A storage error in a round is reported to `log` and the
// watcher keeps going.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "storage/store.h"

namespace kibridge::sync {

class DatabaseWatcher {
 public:
  DatabaseWatcher(storage::Store& store, std::chrono::milliseconds interval, std::function<void()> on_change,
                  std::function<void(const std::string&)> log = nullptr);
  ~DatabaseWatcher();
  DatabaseWatcher(const DatabaseWatcher&) = delete;
  DatabaseWatcher& operator=(const DatabaseWatcher&) = delete;

 private:
  void run();

  storage::Store& store_;
  const std::chrono::milliseconds interval_;
  std::function<void()> on_change_;
  std::function<void(const std::string&)> log_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace kibridge::sync
