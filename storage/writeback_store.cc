// Netlist imports and the write-back outbox (tables import_run, outbox, outbox_pause), and
// the overlay that keeps queued values visible in the mirror.
#include <array>

#include "storage/errors.h"
#include "storage/limits.h"
#include "storage/store_internal.h"
#include "storage/utc_time.h"
#include "storage/writeback_store.h"

namespace kibridge::storage {

namespace {

constexpr std::array<std::string_view, 4> kFieldNames = {"footprint", "symbol", "reference", "datasheet"};
constexpr std::array<std::string_view, 5> kStateNames = {"pending", "conflict", "failed", "done", "dropped"};

// Import history is kept for reading, not forever.
constexpr int kKeptImports = 1000;

std::optional<std::string> optional_text(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getString();
}

std::optional<TimePoint> optional_time(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return parse_utc(c.getString());
}

void bind_optional_text(SQLite::Statement& st, int index, const std::optional<std::string>& value) {
  if (value) {
    st.bind(index, *value);
  } else {
    st.bind(index);
  }
}

constexpr const char* kImportColumns =
    "id, created_at, actor, file_name, content_sha256, dry_run, design_source, summary_json, queued";

ImportRecord import_from_row(SQLite::Statement& st) {
  ImportRecord r;
  r.id = st.getColumn(0).getInt64();
  r.created_at = parse_utc(st.getColumn(1).getString()).value_or(TimePoint{});
  r.actor = st.getColumn(2).getString();
  r.file_name = st.getColumn(3).getString();
  r.content_sha256 = st.getColumn(4).getString();
  r.dry_run = st.getColumn(5).getInt() != 0;
  r.design_source = st.getColumn(6).getString();
  r.summary_json = st.getColumn(7).getString();
  r.queued = st.getColumn(8).getInt64();
  return r;
}

constexpr const char* kOutboxColumns =
    "id, import_id, part_id, field, template_id, template_name, old_value, new_value, state, attempts, "
    "next_attempt_at, last_error, remote_value, created_at, updated_at, settled_at";

OutboxEntry entry_from_row(SQLite::Statement& st) {
  OutboxEntry e;
  e.id = st.getColumn(0).getInt64();
  e.import_id = optional_int(st.getColumn(1));
  e.change.part_id = st.getColumn(2).getInt64();
  e.change.field = writeback_field_from_string(st.getColumn(3).getString()).value_or(WritebackField::kFootprint);
  e.change.template_id = optional_int(st.getColumn(4));
  e.change.template_name = st.getColumn(5).getString();
  e.change.old_value = optional_text(st.getColumn(6));
  e.change.new_value = st.getColumn(7).getString();
  e.state = outbox_state_from_string(st.getColumn(8).getString()).value_or(OutboxState::kPending);
  e.attempts = st.getColumn(9).getInt();
  e.next_attempt_at = optional_time(st.getColumn(10));
  e.last_error = st.getColumn(11).getString();
  e.remote_value = optional_text(st.getColumn(12));
  e.created_at = parse_utc(st.getColumn(13).getString()).value_or(TimePoint{});
  e.updated_at = parse_utc(st.getColumn(14).getString()).value_or(TimePoint{});
  e.settled_at = optional_time(st.getColumn(15));
  return e;
}

std::optional<OutboxEntry> select_entry(SQLite::Database& db, int64_t id) {
  SQLite::Statement st(db, std::string("SELECT ") + kOutboxColumns + " FROM outbox WHERE id = ?");
  st.bind(1, id);
  if (!st.executeStep()) return std::nullopt;
  return entry_from_row(st);
}

// The entries matching `where` (its parameters bound by `bind`), in queue order.
std::vector<OutboxEntry> select_entries(const Connections& connections, const std::string& where,
                                        const std::function<void(SQLite::Statement&)>& bind) {
  return connections.read([&](SQLite::Database& db) {
    SQLite::Statement st(db, std::string("SELECT ") + kOutboxColumns + " FROM outbox " + where + " ORDER BY id");
    bind(st);
    std::vector<OutboxEntry> out;
    while (st.executeStep()) out.push_back(entry_from_row(st));
    return out;
  });
}

void touch_part(SQLite::Database& db, int64_t part_id, ChangeSet& changes) {
  changes.parts.insert(part_id);
  SQLite::Statement st(db, "SELECT category_id FROM part WHERE id = ? AND category_id IS NOT NULL");
  st.bind(1, part_id);
  if (st.executeStep()) changes.categories.insert(st.getColumn(0).getInt64());
}

// Makes the mirror hold `value` (nullopt: no value) for the change's part and field. A row the
// mirror lacks is created with the id -local_id, which no InvenTree pk can take; the next pull
// replaces it by InvenTree's row. A part the mirror does not have is left alone, and so is a
// parameter whose template the mirror does not know yet. Touches the part when anything
// changed.
void set_mirror_value(SQLite::Database& db, const OutboxChange& change, const std::optional<std::string>& value,
                      int64_t local_id, ChangeSet& changes) {
  {
    SQLite::Statement part(db, "SELECT 1 FROM part WHERE id = ?");
    part.bind(1, change.part_id);
    if (!part.executeStep()) return;
  }
  int modified = 0;
  if (change.field == WritebackField::kDatasheet) {
    // The attachment the renderer takes as the datasheet: the first by id with a link.
    constexpr const char* kDatasheetRow =
        "(SELECT id FROM part_attachment WHERE part_id = ?2 AND lower(trim(comment)) = 'datasheet' AND link <> '' "
        "ORDER BY id LIMIT 1)";
    if (!value) {
      SQLite::Statement del(db, std::string("DELETE FROM part_attachment WHERE id = ") + kDatasheetRow);
      del.bind(2, change.part_id);
      modified = del.exec();
    } else {
      SQLite::Statement up(db, std::string("UPDATE part_attachment SET link = ?1 WHERE id = ") + kDatasheetRow +
                                   " AND link <> ?1");
      up.bind(1, *value);
      up.bind(2, change.part_id);
      modified = up.exec();
      SQLite::Statement exists(db, std::string("SELECT 1 FROM part_attachment WHERE id = ") + kDatasheetRow);
      exists.bind(2, change.part_id);
      if (!exists.executeStep()) {
        SQLite::Statement ins(db, "INSERT OR REPLACE INTO part_attachment (id, part_id, link, comment) VALUES (?, ?, ?, 'Datasheet')");
        ins.bind(1, -local_id);
        ins.bind(2, change.part_id);
        ins.bind(3, *value);
        modified += ins.exec();
      }
    }
  } else {
    if (!change.template_id) return;
    SQLite::Statement known(db, "SELECT 1 FROM parameter_template WHERE id = ?");
    known.bind(1, *change.template_id);
    if (!known.executeStep()) return;
    if (!value) {
      SQLite::Statement del(db, "DELETE FROM part_parameter WHERE part_id = ? AND template_id = ?");
      del.bind(1, change.part_id);
      del.bind(2, *change.template_id);
      modified = del.exec();
    } else {
      SQLite::Statement up(db,
                           "INSERT INTO part_parameter (id, part_id, template_id, data) VALUES (?1, ?2, ?3, ?4) "
                           "ON CONFLICT (part_id, template_id) DO UPDATE SET data = excluded.data "
                           "WHERE data <> excluded.data");
      up.bind(1, -local_id);
      up.bind(2, change.part_id);
      up.bind(3, *change.template_id);
      up.bind(4, *value);
      modified = up.exec();
    }
  }
  if (modified > 0) {
    touch_part(db, change.part_id, changes);
    refresh_part_search(db, {change.part_id});
  }
}

// Whether an entry later than `entry` still decides the mirror's value of the same part and
// field.
bool later_live_entry(SQLite::Database& db, const OutboxEntry& entry) {
  SQLite::Statement st(db,
                       "SELECT 1 FROM outbox WHERE part_id = ? AND field = ? AND id > ? "
                       "AND state IN ('pending', 'conflict') LIMIT 1");
  st.bind(1, entry.change.part_id);
  st.bind(2, std::string(to_string(entry.change.field)));
  st.bind(3, entry.id);
  return st.executeStep();
}

}  // namespace

std::string_view to_string(WritebackField field) { return kFieldNames[static_cast<size_t>(field)]; }

std::optional<WritebackField> writeback_field_from_string(std::string_view text) {
  for (size_t i = 0; i < kFieldNames.size(); ++i) {
    if (kFieldNames[i] == text) return static_cast<WritebackField>(i);
  }
  return std::nullopt;
}

std::string_view to_string(OutboxState state) { return kStateNames[static_cast<size_t>(state)]; }

std::optional<OutboxState> outbox_state_from_string(std::string_view text) {
  for (size_t i = 0; i < kStateNames.size(); ++i) {
    if (kStateNames[i] == text) return static_cast<OutboxState>(i);
  }
  return std::nullopt;
}

// Re-applies the value of every entry that must win over a pull (see MirrorStore::apply_mirror),
// oldest first so the latest entry of a part and field decides. Part of apply_mirror's
// transaction.
void reapply_outbox_overlay(SQLite::Database& db, TimePoint read_started_at, ChangeSet& changes) {
  SQLite::Statement st(db, std::string("SELECT ") + kOutboxColumns +
                               " FROM outbox WHERE state IN ('pending', 'conflict') "
                               "OR (state = 'done' AND settled_at >= ?) ORDER BY id");
  st.bind(1, format_utc(read_started_at));
  std::vector<OutboxEntry> entries;
  while (st.executeStep()) entries.push_back(entry_from_row(st));
  for (const auto& e : entries) set_mirror_value(db, e.change, e.change.new_value, e.id, changes);
}

WritebackStore::RecordedImport WritebackStore::record_import(const ImportRecord& record, const std::vector<OutboxChange>& changes) {
  limits::check_length("file_name", record.file_name, limits::kFileName);
  limits::check_length("actor", record.actor, limits::kTokenName);
  limits::check_length("design_source", record.design_source, limits::kPath);
  for (const auto& c : changes) {
    limits::check_length("new_value", c.new_value, limits::outbox_value_limit(c.field));
    limits::check_length("template_name", c.template_name, limits::kTemplateName);
  }
  return connections_.write([&](SQLite::Database& db) {
    ImportRecord stored = record;
    stored.queued = record.dry_run ? 0 : static_cast<int64_t>(changes.size());
    const std::string now = format_utc(record.created_at);
    SQLite::Statement ins(db,
                          "INSERT INTO import_run (created_at, actor, file_name, content_sha256, dry_run, "
                          "design_source, summary_json, queued) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    ins.bind(1, now);
    ins.bind(2, stored.actor);
    ins.bind(3, stored.file_name);
    ins.bind(4, stored.content_sha256);
    ins.bind(5, stored.dry_run ? 1 : 0);
    ins.bind(6, stored.design_source);
    ins.bind(7, stored.summary_json);
    ins.bind(8, stored.queued);
    ins.exec();
    stored.id = db.getLastInsertRowid();

    RecordedImport result;
    if (!stored.dry_run) {
      SQLite::Statement queue(db,
                              "INSERT INTO outbox (import_id, part_id, field, template_id, template_name, old_value, "
                              "new_value, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
      for (const auto& c : changes) {
        queue.bind(1, stored.id);
        queue.bind(2, c.part_id);
        queue.bind(3, std::string(to_string(c.field)));
        bind_optional(queue, 4, c.template_id);
        queue.bind(5, c.template_name);
        bind_optional_text(queue, 6, c.old_value);
        queue.bind(7, c.new_value);
        queue.bind(8, now);
        queue.bind(9, now);
        queue.exec();
        queue.reset();
        queue.clearBindings();
        const int64_t entry_id = db.getLastInsertRowid();
        result.outbox_ids.push_back(entry_id);
        set_mirror_value(db, c, c.new_value, entry_id, result.changes);
      }
    }
    SQLite::Statement trim(db, "DELETE FROM import_run WHERE id <= ? - ?");
    trim.bind(1, stored.id);
    trim.bind(2, kKeptImports);
    trim.exec();
    result.record = std::move(stored);
    return result;
  });
}

std::vector<ImportRecord> WritebackStore::imports(int limit) const {
  return connections_.read([&](SQLite::Database& db) {
    SQLite::Statement st(db, std::string("SELECT ") + kImportColumns + " FROM import_run ORDER BY id DESC LIMIT ?");
    st.bind(1, limit);
    std::vector<ImportRecord> out;
    while (st.executeStep()) out.push_back(import_from_row(st));
    return out;
  });
}

std::optional<ImportRecord> WritebackStore::import_record(int64_t id) const {
  return connections_.read([&](SQLite::Database& db) -> std::optional<ImportRecord> {
    SQLite::Statement st(db, std::string("SELECT ") + kImportColumns + " FROM import_run WHERE id = ?");
    st.bind(1, id);
    if (!st.executeStep()) return std::nullopt;
    return import_from_row(st);
  });
}

std::vector<OutboxEntry> WritebackStore::outbox_entries(std::optional<OutboxState> state) const {
  if (!state) return select_entries(connections_, "", [](SQLite::Statement&) {});
  return select_entries(connections_, "WHERE state = ?",
                        [&](SQLite::Statement& st) { st.bind(1, std::string(to_string(*state))); });
}

std::vector<OutboxEntry> WritebackStore::outbox_entries_of_import(int64_t import_id) const {
  return select_entries(connections_, "WHERE import_id = ?", [&](SQLite::Statement& st) { st.bind(1, import_id); });
}


std::optional<OutboxEntry> WritebackStore::outbox_entry(int64_t id) const {
  return connections_.read([&](SQLite::Database& db) { return select_entry(db, id); });
}

std::map<OutboxState, int64_t> WritebackStore::outbox_counts() const {
  return connections_.read([](SQLite::Database& db) {
    std::map<OutboxState, int64_t> counts;
    SQLite::Statement st(db, "SELECT state, count(*) FROM outbox GROUP BY state");
    while (st.executeStep()) {
      if (auto state = outbox_state_from_string(st.getColumn(0).getString())) {
        counts[*state] = st.getColumn(1).getInt64();
      }
    }
    return counts;
  });
}

void WritebackStore::settle_outbox_entry(int64_t id, const OutboxOutcome& outcome) {
  connections_.write([&](SQLite::Database& db) {
    const auto entry = select_entry(db, id);
    if (!entry) throw NotFoundError("no outbox entry " + std::to_string(id));
    if (entry->state != OutboxState::kPending) {
      throw StateError("outbox entry " + std::to_string(id) + " is " + std::string(to_string(entry->state)) +
                       ", no longer pending");
    }
    const std::string now = format_utc(Clock::now());
    const bool settled = outcome.state == OutboxState::kDone || outcome.state == OutboxState::kDropped;
    const bool transient = outcome.state == OutboxState::kPending;
    SQLite::Statement st(db,
                         "UPDATE outbox SET state = ?, attempts = attempts + ?, next_attempt_at = ?, last_error = ?, "
                         "remote_value = ?, template_id = coalesce(?, template_id), updated_at = ?, settled_at = ? "
                         "WHERE id = ?");
    st.bind(1, std::string(to_string(outcome.state)));
    st.bind(2, 1);  // every settle ends one send, whatever came of it
    if (transient && outcome.next_attempt_at) {
      st.bind(3, format_utc(*outcome.next_attempt_at));
    } else {
      st.bind(3);
    }
    st.bind(4, outcome.error);
    bind_optional_text(st, 5, outcome.state == OutboxState::kConflict ? outcome.remote_value : std::nullopt);
    bind_optional(st, 6, outcome.template_id);
    st.bind(7, now);
    if (settled) {
      st.bind(8, now);
    } else {
      st.bind(8);
    }
    st.bind(9, id);
    st.exec();
  });
}

std::pair<OutboxEntry, ChangeSet> WritebackStore::retry_outbox_entry(int64_t id) {
  return connections_.write([&](SQLite::Database& db) {
    auto entry = select_entry(db, id);
    if (!entry) throw NotFoundError("no outbox entry " + std::to_string(id));
    if (entry->state == OutboxState::kDone || entry->state == OutboxState::kDropped) {
      throw StateError("outbox entry " + std::to_string(id) + " is " + std::string(to_string(entry->state)) +
                       "; only pending, conflict and failed entries can be retried");
    }
    // Overwriting a conflict is a decision about the value the user was shown: it becomes the
    // value the change may replace, so a further edit in InvenTree is caught again.
    const bool rebase = entry->state == OutboxState::kConflict;
    SQLite::Statement st(db,
                         "UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = NULL, last_error = '', "
                         "old_value = CASE WHEN ?1 THEN remote_value ELSE old_value END, remote_value = NULL, "
                         "updated_at = ?2 WHERE id = ?3");
    st.bind(1, rebase ? 1 : 0);
    st.bind(2, format_utc(Clock::now()));
    st.bind(3, id);
    st.exec();
    entry = select_entry(db, id);
    ChangeSet changes;
    if (!later_live_entry(db, *entry)) set_mirror_value(db, entry->change, entry->change.new_value, id, changes);
    return std::make_pair(*entry, changes);
  });
}

std::pair<OutboxEntry, ChangeSet> WritebackStore::drop_outbox_entry(int64_t id) {
  return connections_.write([&](SQLite::Database& db) {
    auto entry = select_entry(db, id);
    if (!entry) throw NotFoundError("no outbox entry " + std::to_string(id));
    if (entry->state == OutboxState::kDone || entry->state == OutboxState::kDropped) {
      throw StateError("outbox entry " + std::to_string(id) + " is already " +
                       std::string(to_string(entry->state)));
    }
    const std::optional<std::string> last_known =
        entry->state == OutboxState::kConflict ? entry->remote_value : entry->change.old_value;
    const std::string now = format_utc(Clock::now());
    SQLite::Statement st(db,
                         "UPDATE outbox SET state = 'dropped', next_attempt_at = NULL, updated_at = ?, settled_at = ? "
                         "WHERE id = ?");
    st.bind(1, now);
    st.bind(2, now);
    st.bind(3, id);
    st.exec();
    ChangeSet changes;
    if (!later_live_entry(db, *entry)) set_mirror_value(db, entry->change, last_known, id, changes);
    entry = select_entry(db, id);
    return std::make_pair(*entry, changes);
  });
}

void WritebackStore::set_outbox_pause(const std::optional<std::string>& reason) {
  connections_.write([&](SQLite::Database& db) {
    if (!reason) {
      db.exec("DELETE FROM outbox_pause");
      return;
    }
    // Keeps the time of the first refusal: "paused since".
    SQLite::Statement st(db,
                         "INSERT INTO outbox_pause (id, reason, paused_at) VALUES (1, ?, ?) "
                         "ON CONFLICT (id) DO UPDATE SET reason = excluded.reason");
    st.bind(1, *reason);
    st.bind(2, format_utc(Clock::now()));
    st.exec();
  });
}

std::optional<OutboxPause> WritebackStore::outbox_pause() const {
  return connections_.read([](SQLite::Database& db) -> std::optional<OutboxPause> {
    SQLite::Statement st(db, "SELECT reason, paused_at FROM outbox_pause WHERE id = 1");
    if (!st.executeStep()) return std::nullopt;
    return OutboxPause{st.getColumn(0).getString(), parse_utc(st.getColumn(1).getString()).value_or(TimePoint{})};
  });
}

}  // namespace kibridge::storage
