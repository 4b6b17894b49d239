#include "server/sync/database_watcher.h"

namespace kibridge::sync {

DatabaseWatcher::DatabaseWatcher(storage::Store& store, std::chrono::milliseconds interval,
                                 std::function<void()> on_change, std::function<void(const std::string&)> log)
    : store_(store), interval_(interval), on_change_(std::move(on_change)), log_(std::move(log)) {
  thread_ = std::thread([this] { run(); });
}

DatabaseWatcher::~DatabaseWatcher() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void DatabaseWatcher::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
    lock.unlock();
    try {
      const int64_t commits = store_.commits_by_others();
      if (commits > 0) {
        if (log_) log_("database: " + std::to_string(commits) + " change(s) by another process; refreshing");
        if (on_change_) on_change_();
      }
    } catch (const std::exception& e) {
      if (log_) log_(std::string("database watch failed: ") + e.what());
    }
    lock.lock();
  }
}

}  // namespace kibridge::sync
