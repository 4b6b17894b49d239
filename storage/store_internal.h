// Private to storage/: the connection discipline shared by every area of the Store (one
// reader and one writer connection, each behind its own mutex; a pool of read-only connections
// for snapshots and long scans), and small helpers for binding optional values. Not part of
// kibridge's interface.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "storage/change_set.h"
#include "storage/errors.h"
#include "storage/records.h"

namespace kibridge::storage {

struct SyncRunRecord;

inline void count_commit(SQLite::Database& db) { db.exec("UPDATE store_generation SET value = value + 1"); }

// Where an area's reads run: the Store's reader connection (one read transaction per call) or
// a Snapshot's connection (every call inside the snapshot's one read transaction). The area
// readers (MirrorReader, ConfigurationReader, SyncStateReader) are written once against this
// and serve both.
class ReadSource {
 public:
  // Runs `fn` inside a read transaction; SQLite's exceptions become StorageError.
  virtual void run(const std::function<void(SQLite::Database&)>& fn) const = 0;
  // The same for a read that may take long (a scan of a whole category): it must not hold up
  // the short reads other threads make meanwhile.
  virtual void run_long(const std::function<void(SQLite::Database&)>& fn) const = 0;

  template <typename Fn>
  auto read(Fn&& fn) const {
    return collect([&](auto&& f) { run(f); }, std::forward<Fn>(fn));
  }
  template <typename Fn>
  auto read_long(Fn&& fn) const {
    return collect([&](auto&& f) { run_long(f); }, std::forward<Fn>(fn));
  }

 protected:
  ~ReadSource() = default;

 private:
  template <typename Runner, typename Fn>
  static auto collect(Runner&& runner, Fn&& fn) {
    using Result = decltype(fn(std::declval<SQLite::Database&>()));
    if constexpr (std::is_void_v<Result>) {
      runner([&](SQLite::Database& db) { fn(db); });
    } else {
      std::optional<Result> result;
      runner([&](SQLite::Database& db) { result.emplace(fn(db)); });
      return std::move(*result);
    }
  }
};

// The connections of one Store: owned by it, shared by reference with its areas.
class Connections : public ReadSource {
 public:
  // Opens (creating the file if needed), switches to WAL and migrates. Throws StorageError.
  explicit Connections(const std::string& path);
  ~Connections();

  const std::string& path() const { return path_; }

  // Every read runs in one read transaction on the reader connection, so a multi-statement
  // read sees one consistent snapshot even while a writer commits.
  void run(const std::function<void(SQLite::Database&)>& fn) const override;
  // A long read runs on a pooled connection of its own, so other reads do not wait for it.
  void run_long(const std::function<void(SQLite::Database&)>& fn) const override;

  // Every write is one IMMEDIATE transaction on the writer connection: it commits completely
  // or (on any exception) rolls back completely. Each commit is counted in store_generation
  // (see Store::commits_by_others) unless `counted` is false: the pull history and schedule
  // change nothing KiCad is served, so another process need not reload for them.
  template <typename Fn>
  auto write(Fn&& fn, bool counted = true);

  int64_t commits_by_others();

  // A read-only connection of the pool (opened when none is idle) and its return. A leased
  // connection is used by one thread at a time.
  std::unique_ptr<SQLite::Database> lease() const;
  void give_back(std::unique_ptr<SQLite::Database> db) const noexcept;

 private:
  std::string path_;
  mutable std::mutex reader_mutex_;
  std::unique_ptr<SQLite::Database> reader_;
  std::mutex writer_mutex_;
  std::unique_ptr<SQLite::Database> writer_;
  // Guarded by writer_mutex_: the generation last seen and this Store's commits since then.
  int64_t seen_generation_ = 0;
  int64_t own_commits_ = 0;
  // Idle read-only connections: opening one costs a schema parse, which a listing render or a
  // snapshot need not pay every time. At most kMaxIdle are kept.
  static constexpr size_t kMaxIdle = 4;
  mutable std::mutex pool_mutex_;
  mutable std::vector<std::unique_ptr<SQLite::Database>> idle_;
};

template <typename Fn>
auto Connections::write(Fn&& fn, bool counted) {
  std::lock_guard<std::mutex> lock(writer_mutex_);
  try {
    SQLite::Transaction tx(*writer_, SQLite::TransactionBehavior::IMMEDIATE);
    if constexpr (std::is_void_v<decltype(fn(*writer_))>) {
      fn(*writer_);
      if (counted) count_commit(*writer_);
      tx.commit();
      if (counted) ++own_commits_;
    } else {
      auto result = fn(*writer_);
      if (counted) count_commit(*writer_);
      tx.commit();
      if (counted) ++own_commits_;
      return result;
    }
  } catch (const SQLite::Exception& e) {
    if (e.getErrorCode() == SQLITE_CONSTRAINT) throw ConflictError(e.what());
    throw StorageError(std::string("database write failed: ") + e.what());
  }
}

inline void bind_optional(SQLite::Statement& st, int index, const std::optional<int64_t>& value) {
  if (value) {
    st.bind(index, *value);
  } else {
    st.bind(index);  // NULL
  }
}

inline std::optional<int64_t> optional_int(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return column.getInt64();
}

// The write-back overlay (writeback_store.cc): inside apply_mirror's transaction, shows again
// the value of every outbox entry that must win over the snapshot just applied.
void reapply_outbox_overlay(SQLite::Database& db, std::chrono::system_clock::time_point read_started_at,
                            ChangeSet& changes);

// Brings the part search index (part_search.cc) up to date for `parts` (ids whose row or child
// rows were written, added or deleted), inside the caller's write transaction. Every code that
// writes part, part_parameter or manufacturer_part calls it with the parts it touched.
void refresh_part_search(SQLite::Database& db, const std::set<int64_t>& parts);

// Appends a pull to the history and keeps only the latest SyncStateStore::kKeptRuns; returns
// its id (sync_state_store.cc). Used by SyncStateStore::record_run and, inside the pull's own
// transaction, by MirrorStore::apply_pull.
int64_t insert_sync_run(SQLite::Database& db, const SyncRunRecord& run);

// A JSON array of the values, for "x IN (SELECT value FROM json_each(?))": one bound
// parameter, however many values.
template <typename Container>
std::string json_array(const Container& values) {
  return nlohmann::json(values).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace kibridge::storage
