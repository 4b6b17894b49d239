// SyncStateStore: the pull history and schedule (tables sync_run and sync_schedule of
// migration 2), kept in kibridge's database file so that `kibridge status` in another process
// sees what `kibridge serve` or `kibridge sync` did.
//
// It has its own connection to the Store's file, so recording a pull never waits for a KiCad
// read and never holds the Store's writer lock. Construct it after the Store (which creates
// and migrates the file).
//
// Thread-safety: any number of threads; calls are serialised on an internal mutex.
// Errors: StorageError (from store.h); a failed write leaves the file unchanged.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "storage/store.h"
#include "storage/utc_time.h"

namespace SQLite {
class Database;
}

namespace kibridge::storage {


struct SyncRunRecord {
  int64_t id = 0;  // assigned by record_run
  TimePoint started_at;
  TimePoint finished_at;
  bool succeeded = false;
  std::string error_kind;     // inventree::to_string(ErrorKind) of a failure, else ""
  std::string error_message;  // never contains the InvenTree token
  std::string inventree_url;
  std::string server_version;
  int api_version = 0;
  int64_t duration_ms = 0;
  int64_t requests = 0;
  int64_t retries = 0;
  int64_t bytes_received = 0;
  MirrorCounts counts;  // what the pull read (zero for a failed pull)
  int64_t changed_parts = 0;
  int64_t changed_categories = 0;
  bool changed_everything = false;
};

struct SyncScheduleRecord {
  std::string inventree_url;
  int64_t interval_seconds = 0;
  std::optional<TimePoint> next_pull_at;  // nullopt while a pull runs
  TimePoint updated_at;
};

class SyncStateStore {
 public:
  // Throws StorageError when the file cannot be opened or lacks migration 2.
  explicit SyncStateStore(const Store& store);
  ~SyncStateStore();
  SyncStateStore(const SyncStateStore&) = delete;
  SyncStateStore& operator=(const SyncStateStore&) = delete;

  // Appends a run (its id is ignored) and drops all but the latest kKeptRuns. Returns its id.
  int64_t record_run(const SyncRunRecord& run);
  std::vector<SyncRunRecord> recent_runs(int limit) const;  // newest first
  std::optional<SyncRunRecord> last_run() const;
  std::optional<SyncRunRecord> last_success() const;

  void set_schedule(const SyncScheduleRecord& schedule);
  void clear_schedule();  // `serve` stopped: there is no next pull
  std::optional<SyncScheduleRecord> schedule() const;

  static constexpr int kKeptRuns = 100;

 private:
  std::vector<SyncRunRecord> select_runs(const std::string& where, int limit) const;

  mutable std::mutex mutex_;
  std::unique_ptr<SQLite::Database> db_;
};


}  // namespace kibridge::storage
