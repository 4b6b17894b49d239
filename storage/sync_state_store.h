// The pull-state area of the Store: the pull history and schedule (tables sync_run and
// sync_schedule of migration 2), kept in kibridge's database file so that `kibridge status` in
// another process sees what `kibridge serve` or `kibridge sync` did.
//
// It uses the Store's connections and their one discipline. (It once had a connection of its
// own, so that recording a pull would not hold the Store's writer lock; but SQLite admits one
// writer per file whatever the connection, so a second connection only traded that wait for a
// busy-timeout wait, and its reads could not join a Snapshot.) Its writes are not counted by
// Store::commits_by_others: the history changes nothing KiCad is served.
//
// Ownership: the Store owns its SyncStateStore (Store::sync_state()); a Snapshot owns a
// SyncStateReader over its own read transaction (Snapshot::sync_state()).
// Thread-safety: any number of threads, as the Store (store.h) or the Snapshot (snapshot.h).
// Errors: StorageError (errors.h); a failed write leaves the file unchanged.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/errors.h"
#include "storage/records.h"
#include "storage/utc_time.h"

namespace kibridge::storage {

class Connections;
class ReadSource;

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

class SyncStateReader {
 public:
  // For the Store and Snapshot: `source` runs the reads and must outlive the reader.
  explicit SyncStateReader(const ReadSource& source) : source_(source) {}
  SyncStateReader(const SyncStateReader&) = delete;
  SyncStateReader& operator=(const SyncStateReader&) = delete;

  std::vector<SyncRunRecord> recent_runs(int limit) const;  // newest first
  std::optional<SyncRunRecord> last_run() const;
  std::optional<SyncRunRecord> last_success() const;
  std::optional<SyncScheduleRecord> schedule() const;

 private:
  std::vector<SyncRunRecord> select_runs(const std::string& where, int limit) const;

  const ReadSource& source_;
};

class SyncStateStore : public SyncStateReader {
 public:
  explicit SyncStateStore(Connections& connections);

  // Appends a run (its id is ignored) and drops all but the latest kKeptRuns. Returns its id.
  int64_t record_run(const SyncRunRecord& run);

  void set_schedule(const SyncScheduleRecord& schedule);
  void clear_schedule();  // `serve` stopped: there is no next pull

  static constexpr int kKeptRuns = 100;

 private:
  Connections& connections_;
};

}  // namespace kibridge::storage
