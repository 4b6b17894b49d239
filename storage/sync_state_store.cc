#include "storage/sync_state_store.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <cstdio>
#include <ctime>

#include "storage/store_internal.h"

namespace kibridge::storage {

namespace {

const char* const kRunColumns =
    "id, started_at, finished_at, succeeded, error_kind, error_message, inventree_url, server_version, "
    "api_version, duration_ms, requests, retries, bytes_received, categories, parts, parameter_templates, "
    "parameters, attachments, manufacturer_parts, supplier_parts, changed_parts, changed_categories, "
    "changed_everything";

TimePoint time_column(const SQLite::Column& c) { return parse_utc(c.getString()).value_or(TimePoint{}); }

SyncRunRecord run_from_row(SQLite::Statement& st) {
  SyncRunRecord r;
  int i = 0;
  r.id = st.getColumn(i++).getInt64();
  r.started_at = time_column(st.getColumn(i++));
  r.finished_at = time_column(st.getColumn(i++));
  r.succeeded = st.getColumn(i++).getInt() != 0;
  r.error_kind = st.getColumn(i++).getString();
  r.error_message = st.getColumn(i++).getString();
  r.inventree_url = st.getColumn(i++).getString();
  r.server_version = st.getColumn(i++).getString();
  r.api_version = st.getColumn(i++).getInt();
  r.duration_ms = st.getColumn(i++).getInt64();
  r.requests = st.getColumn(i++).getInt64();
  r.retries = st.getColumn(i++).getInt64();
  r.bytes_received = st.getColumn(i++).getInt64();
  r.counts.categories = st.getColumn(i++).getInt64();
  r.counts.parts = st.getColumn(i++).getInt64();
  r.counts.parameter_templates = st.getColumn(i++).getInt64();
  r.counts.parameters = st.getColumn(i++).getInt64();
  r.counts.attachments = st.getColumn(i++).getInt64();
  r.counts.manufacturer_parts = st.getColumn(i++).getInt64();
  r.counts.supplier_parts = st.getColumn(i++).getInt64();
  r.changed_parts = st.getColumn(i++).getInt64();
  r.changed_categories = st.getColumn(i++).getInt64();
  r.changed_everything = st.getColumn(i++).getInt() != 0;
  return r;
}

}  // namespace


SyncStateStore::SyncStateStore(Connections& connections)
    : SyncStateReader(connections), connections_(connections) {}

int64_t insert_sync_run(SQLite::Database& db, const SyncRunRecord& run) {
  SQLite::Statement st(db,
                       "INSERT INTO sync_run (started_at, finished_at, succeeded, error_kind, error_message, "
                       "inventree_url, server_version, api_version, duration_ms, requests, retries, bytes_received, "
                       "categories, parts, parameter_templates, parameters, attachments, manufacturer_parts, "
                       "supplier_parts, changed_parts, changed_categories, changed_everything) "
                       "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  int i = 1;
  st.bind(i++, format_utc(run.started_at));
  st.bind(i++, format_utc(run.finished_at));
  st.bind(i++, run.succeeded ? 1 : 0);
  st.bind(i++, run.error_kind);
  st.bind(i++, run.error_message);
  st.bind(i++, run.inventree_url);
  st.bind(i++, run.server_version);
  st.bind(i++, run.api_version);
  st.bind(i++, run.duration_ms);
  st.bind(i++, run.requests);
  st.bind(i++, run.retries);
  st.bind(i++, run.bytes_received);
  st.bind(i++, run.counts.categories);
  st.bind(i++, run.counts.parts);
  st.bind(i++, run.counts.parameter_templates);
  st.bind(i++, run.counts.parameters);
  st.bind(i++, run.counts.attachments);
  st.bind(i++, run.counts.manufacturer_parts);
  st.bind(i++, run.counts.supplier_parts);
  st.bind(i++, run.changed_parts);
  st.bind(i++, run.changed_categories);
  st.bind(i++, run.changed_everything ? 1 : 0);
  st.exec();
  const int64_t id = db.getLastInsertRowid();
  SQLite::Statement trim(db, "DELETE FROM sync_run WHERE id <= ?");
  trim.bind(1, id - SyncStateStore::kKeptRuns);
  trim.exec();
  return id;
}

int64_t SyncStateStore::record_run(const SyncRunRecord& run) {
  return connections_.write([&](SQLite::Database& db) { return insert_sync_run(db, run); }, /*counted=*/false);
}

std::vector<SyncRunRecord> SyncStateReader::select_runs(const std::string& where, int limit) const {
  return source_.read([&](SQLite::Database& db) {
    std::vector<SyncRunRecord> out;
    SQLite::Statement st(db, std::string("SELECT ") + kRunColumns + " FROM sync_run " + where +
                                 " ORDER BY id DESC LIMIT ?");
    st.bind(1, limit);
    while (st.executeStep()) out.push_back(run_from_row(st));
    return out;
  });
}

std::vector<SyncRunRecord> SyncStateReader::recent_runs(int limit) const { return select_runs("", limit); }

std::optional<SyncRunRecord> SyncStateReader::last_run() const {
  auto runs = select_runs("", 1);
  if (runs.empty()) return std::nullopt;
  return runs.front();
}

std::optional<SyncRunRecord> SyncStateReader::last_success() const {
  auto runs = select_runs("WHERE succeeded = 1", 1);
  if (runs.empty()) return std::nullopt;
  return runs.front();
}

void SyncStateStore::set_schedule(const SyncScheduleRecord& schedule) {
  connections_.write(
      [&](SQLite::Database& db) {
        SQLite::Statement st(db,
                             "INSERT OR REPLACE INTO sync_schedule (id, inventree_url, interval_seconds, next_pull_at, "
                             "updated_at) VALUES (1, ?, ?, ?, ?)");
        st.bind(1, schedule.inventree_url);
        st.bind(2, schedule.interval_seconds);
        if (schedule.next_pull_at) {
          st.bind(3, format_utc(*schedule.next_pull_at));
        } else {
          st.bind(3);
        }
        st.bind(4, format_utc(schedule.updated_at));
        st.exec();
      },
      /*counted=*/false);
}

void SyncStateStore::clear_schedule() {
  connections_.write([](SQLite::Database& db) { db.exec("DELETE FROM sync_schedule"); }, /*counted=*/false);
}

std::optional<SyncScheduleRecord> SyncStateReader::schedule() const {
  return source_.read([](SQLite::Database& db) -> std::optional<SyncScheduleRecord> {
    SQLite::Statement st(db,
                         "SELECT inventree_url, interval_seconds, next_pull_at, updated_at FROM sync_schedule WHERE id = 1");
    if (!st.executeStep()) return std::nullopt;
    SyncScheduleRecord r;
    r.inventree_url = st.getColumn(0).getString();
    r.interval_seconds = st.getColumn(1).getInt64();
    if (!st.getColumn(2).isNull()) r.next_pull_at = parse_utc(st.getColumn(2).getString());
    r.updated_at = time_column(st.getColumn(3));
    return r;
  });
}

}  // namespace kibridge::storage
