// Private to storage/: the connection discipline shared by every Store method, and small
// helpers for binding optional values. Not part of kibridge's interface.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <type_traits>

#include "storage/store.h"

namespace kibridge::storage {

inline void count_commit(SQLite::Database& db) { db.exec("UPDATE store_generation SET value = value + 1"); }

// Every read runs in one read transaction on the reader connection, so a multi-statement
// read sees one consistent snapshot even while a writer commits.
template <typename Fn>
auto Store::read(Fn&& fn) const {
  std::lock_guard<std::mutex> lock(reader_mutex_);
  try {
    SQLite::Transaction tx(*reader_);
    if constexpr (std::is_void_v<decltype(fn(*reader_))>) {
      fn(*reader_);
      tx.commit();
    } else {
      auto result = fn(*reader_);
      tx.commit();
      return result;
    }
  } catch (const SQLite::Exception& e) {
    throw StorageError(std::string("database read failed: ") + e.what());
  }
}

// Every write is one IMMEDIATE transaction on the writer connection: it commits completely or
// (on any exception) rolls back completely. Each commit is counted in store_generation (see
// Store::commits_by_others).
template <typename Fn>
auto Store::write(Fn&& fn) {
  std::lock_guard<std::mutex> lock(writer_mutex_);
  try {
    SQLite::Transaction tx(*writer_, SQLite::TransactionBehavior::IMMEDIATE);
    if constexpr (std::is_void_v<decltype(fn(*writer_))>) {
      fn(*writer_);
      count_commit(*writer_);
      tx.commit();
      ++own_commits_;
    } else {
      auto result = fn(*writer_);
      count_commit(*writer_);
      tx.commit();
      ++own_commits_;
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

// Every column of the part table, in the order part_from_row reads them.
inline constexpr const char* kPartColumns =
    "id, category_id, name, ipn, description, keywords, revision, units, link, active, is_template, "
    "total_in_stock, unallocated_stock";

inline PartRecord part_from_row(SQLite::Statement& st) {
  PartRecord p;
  p.id = st.getColumn(0).getInt64();
  p.category_id = optional_int(st.getColumn(1));
  p.name = st.getColumn(2).getString();
  p.ipn = st.getColumn(3).getString();
  p.description = st.getColumn(4).getString();
  p.keywords = st.getColumn(5).getString();
  p.revision = st.getColumn(6).getString();
  p.units = st.getColumn(7).getString();
  p.link = st.getColumn(8).getString();
  p.active = st.getColumn(9).getInt() != 0;
  p.is_template = st.getColumn(10).getInt() != 0;
  p.total_in_stock = st.getColumn(11).getDouble();
  p.unallocated_stock = st.getColumn(12).getDouble();
  return p;
}

// The write-back overlay (writeback_store.cc): inside apply_mirror's transaction, shows again
// the value of every outbox entry that must win over the snapshot just applied.
void reapply_outbox_overlay(SQLite::Database& db, std::chrono::system_clock::time_point read_started_at,
                            ChangeSet& changes);

// Appends a pull to the history and keeps only the latest SyncStateStore::kKeptRuns; returns
// its id (sync_state_store.cc). Used by SyncStateStore::record_run and, inside the pull's own
// transaction, by Store::apply_pull.
int64_t insert_sync_run(SQLite::Database& db, const SyncRunRecord& run);

// A JSON array of the values, for "x IN (SELECT value FROM json_each(?))": one bound
// parameter, however many values.
template <typename Container>
std::string json_array(const Container& values) {
  return nlohmann::json(values).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace kibridge::storage
