// Store: kibridge's SQLite file — the InvenTree mirror and kibridge's own configuration.
//
// The only place that speaks SQL. Opening a Store creates the file if needed, switches it to
// WAL and applies every pending migration from schema.sql.
//
// Thread-safety: a Store may be shared by any number of threads. Reads go through a reader
// connection and writes through a separate writer connection, each behind its own mutex, so
// in WAL mode a long write (a pull from InvenTree) never blocks a read: readers see the last
// committed state until the write commits.
//
// Errors: every method throws StorageError (or a subclass, see errors.h for the policy) and
// leaves the file unchanged when it fails; a write either commits completely or not at all.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "storage/change_set.h"
#include "storage/records.h"
#include "storage/writeback_records.h"

namespace SQLite {
class Database;
}

namespace kibridge::storage {

struct SyncRunRecord;  // sync_state_store.h

class StorageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
// The row addressed by id does not exist.
class NotFoundError : public StorageError {
 public:
  using StorageError::StorageError;
};
// The write would break a rule between rows: a uniqueness rule (a second KiCad category for
// the same InvenTree category, a duplicate token name, ...) or another database constraint.
class ConflictError : public StorageError {
 public:
  using StorageError::StorageError;
};
// A part with everything rendering it needs.
struct PartDetails {
  PartRecord part;
  std::vector<PartParameterRecord> parameters;  // ordered by parameter id
  std::vector<PartAttachmentRecord> attachments;
  std::vector<ManufacturerPartRecord> manufacturer_parts;
  std::vector<SupplierPartRecord> supplier_parts;
};

struct MirrorCounts {
  int64_t categories = 0;
  int64_t parts = 0;
  int64_t parameter_templates = 0;
  int64_t parameters = 0;
  int64_t attachments = 0;
  int64_t manufacturer_parts = 0;
  int64_t supplier_parts = 0;
};

class Store {
 public:
  // Opens or creates the database file at `path`. Throws StorageError when the file cannot be
  // opened, is not an SQLite database, or has a schema newer than this binary knows.
  explicit Store(const std::string& path);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const std::string& path() const { return path_; }
  int schema_version() const;

  // How many write transactions other connections (other processes, e.g. `kibridge import`
  // beside a running `kibridge serve`) committed to the file since the previous call, or
  // since the Store was opened. Commits through this Store never count.
  int64_t commits_by_others();

  // ---- The InvenTree mirror: reads -------------------------------------------------------
  std::vector<CategoryRecord> categories() const;
  std::vector<ParameterTemplateRecord> parameter_templates() const;
  std::vector<PartRecord> parts() const;  // every part, ordered by id
  std::optional<PartDetails> part_details(int64_t part_id) const;
  // Parts whose category is one of `category_ids`, ordered by id.
  std::vector<PartDetails> part_details_in_categories(const std::vector<int64_t>& category_ids) const;
  // The same parts, handed to `fn` in batches of at most `batch_size`, all from one consistent
  // snapshot; memory stays bounded by one batch however large the category. Runs on a
  // connection of its own, so other reads do not wait for the scan. Exceptions from `fn`
  // propagate.
  void scan_part_details_in_categories(const std::vector<int64_t>& category_ids, size_t batch_size,
                                       const std::function<void(std::vector<PartDetails>&)>& fn) const;
  MirrorCounts counts() const;
  // How many parts each category holds directly (categories without parts are absent); the
  // CLI's category tree adds up the sub-categories itself.
  std::map<int64_t, int64_t> part_counts_by_category() const;
  bool mirror_empty() const;

  // ---- The InvenTree mirror: writes ------------------------------------------------------
  // Makes the mirror equal to `snapshot` in one transaction: rows that differ are written,
  // rows absent from the snapshot are deleted (with the KiCad category of a deleted
  // category), unchanged rows are not touched. The snapshot must be complete (one full
  // pass); a partial read must never be applied. Returns exactly what changed.
  // Write-back changes still on their way to InvenTree win over the snapshot: the value of
  // every pending or conflict outbox entry, and of every entry that became done after
  // `snapshot.read_started_at` (the snapshot may predate its write), is kept in the mirror.
  ChangeSet apply_mirror(const MirrorSnapshot& snapshot);
  // apply_mirror, and in the same transaction appends `run` to the pull history
  // (SyncStateStore, which reads it) once `complete(run, changes)` has filled in what the
  // apply found; sets run.id. The data and its record commit together: `status` never shows an
  // older pull than the mirror holds, whenever the process dies. Errors as apply_mirror.
  ChangeSet apply_pull(const MirrorSnapshot& snapshot, SyncRunRecord& run,
                       const std::function<void(SyncRunRecord&, const ChangeSet&)>& complete);

  // ---- KiCad categories and footprint mappings -------------------------------------------
  std::vector<KicadCategoryRecord> kicad_categories() const;  // ordered by id
  std::optional<KicadCategoryRecord> kicad_category(int64_t id) const;
  // Creates a KiCad category (`record.id` is ignored); returns it with its new id.
  // Throws NotFoundError for an unknown InvenTree category or parameter template,
  // ConflictError when that category already has a KiCad category, and ValidationError for a
  // default over its limit (limits.h).
  std::pair<KicadCategoryRecord, ChangeSet> create_kicad_category(const KicadCategoryRecord& record);
  // Replaces every field of KiCad category `record.id`. Same errors as create.
  ChangeSet update_kicad_category(const KicadCategoryRecord& record);
  ChangeSet delete_kicad_category(int64_t id);  // and its footprint mappings

  std::vector<FootprintMappingRecord> footprint_mappings() const;  // ordered by id
  std::optional<FootprintMappingRecord> footprint_mapping(int64_t id) const;
  // Throws NotFoundError for an unknown KiCad category, ConflictError for a second mapping of
  // the same parameter value in the same KiCad category, ValidationError for a value over its
  // limit.
  std::pair<FootprintMappingRecord, ChangeSet> create_footprint_mapping(const FootprintMappingRecord& record);
  ChangeSet update_footprint_mapping(const FootprintMappingRecord& record);
  ChangeSet delete_footprint_mapping(int64_t id);

  // ---- Settings (plugin setting names; validation is the caller's job) -------------------
  std::map<std::string, std::string> settings() const;
  // One transaction. ValidationError (field: the key) for a value over its limit
  // (limits::setting_limit); nothing is written then.
  ChangeSet set_settings(const std::map<std::string, std::string>& values);
  ChangeSet delete_setting(const std::string& key);  // back to the default; NotFoundError if unset

  // Several configuration writes in one transaction (a migration, a configuration file):
  // settings set, KiCad categories created (ids ignored) and updated, in that order, with the
  // errors of the single-row methods above. Any error leaves everything as it was.
  struct ConfigurationChange {
    std::map<std::string, std::string> settings;
    std::vector<KicadCategoryRecord> create_kicad_categories;
    std::vector<KicadCategoryRecord> update_kicad_categories;
  };
  ChangeSet apply_configuration(const ConfigurationChange& change);

  // ---- Netlist imports and the write-back outbox (writeback_store.cc) ----------------------
  // Records an import (its id is assigned) and, unless it is a dry run, appends `changes` to
  // the outbox in order and shows each new value in the mirror at once: all in one
  // transaction, so after a crash either the whole import is queued and visible or none of it.
  // ValidationError for a value over its limit (limits::outbox_value_limit, file name, actor,
  // design source): callers refuse such values first (writeback::queue_changes reports them).
  struct RecordedImport {
    ImportRecord record;               // as stored, with its id
    std::vector<int64_t> outbox_ids;   // the queued entries, in order
    ChangeSet changes;                 // what showing the values in the mirror touched
  };
  RecordedImport record_import(const ImportRecord& record, const std::vector<OutboxChange>& changes);
  std::vector<ImportRecord> imports(int limit) const;  // newest first
  std::optional<ImportRecord> import_record(int64_t id) const;

  // Every entry, or those in `state`, in queue order (id).
  std::vector<OutboxEntry> outbox_entries(std::optional<OutboxState> state = std::nullopt) const;
  std::optional<OutboxEntry> outbox_entry(int64_t id) const;
  // Records what a push attempt concluded for a pending entry. Throws NotFoundError for an
  // unknown id and StateError when the entry is no longer pending (a user dropped it while
  // it was being sent): the caller then leaves it alone.
  void settle_outbox_entry(int64_t id, const OutboxOutcome& outcome);
  // A user's resolution of an entry.
  // retry: a conflict, failed or pending entry becomes pending, due now, attempts reset. For a
  //   conflict the value InvenTree was seen to hold becomes the value it may replace: the user
  //   has seen it and chooses to overwrite it, but a further edit in InvenTree is again a
  //   conflict. The entry's value is shown in the mirror again.
  // drop: a pending, conflict or failed entry is given up. Unless a later live entry covers
  //   the same part and field, the mirror goes back to the value InvenTree was last seen to
  //   hold (remote_value of a conflict, else old_value) until the next pull.
  // Both throw NotFoundError for an unknown id and StateError for an entry that is done or
  // dropped.
  std::pair<OutboxEntry, ChangeSet> retry_outbox_entry(int64_t id);
  std::pair<OutboxEntry, ChangeSet> drop_outbox_entry(int64_t id);
  // How many entries are in each state (states without entries are absent).
  std::map<OutboxState, int64_t> outbox_counts() const;
  // The pusher stops sending while InvenTree refuses its credentials; nullopt resumes.
  void set_outbox_pause(const std::optional<std::string>& reason);
  std::optional<OutboxPause> outbox_pause() const;

  // Matching netlist components to parts: ids of the parts with exactly this IPN / name.
  std::vector<int64_t> part_ids_with_ipn(const std::string& ipn) const;
  std::vector<int64_t> part_ids_named(const std::string& name) const;

  // ---- API tokens -------------------------------------------------------------------------
  std::vector<ApiTokenRecord> api_tokens() const;  // ordered by id
  // The token whose hash is `token_hash` (one probe of the unique index on the hash).
  std::optional<ApiTokenRecord> api_token_with_hash(const std::string& token_hash) const;
  // Throws ConflictError when the name is taken, ValidationError for a name over
  // limits::kTokenName.
  ApiTokenRecord create_api_token(const std::string& name, const std::string& scope,
                                  const std::string& token_hash);
  void delete_api_token(const std::string& name_or_id);  // NotFoundError when neither matches

 private:
  template <typename Fn>
  auto read(Fn&& fn) const;
  template <typename Fn>
  auto write(Fn&& fn);

  std::string path_;
  mutable std::mutex reader_mutex_;
  std::unique_ptr<SQLite::Database> reader_;
  std::mutex writer_mutex_;
  std::unique_ptr<SQLite::Database> writer_;
  // Guarded by writer_mutex_: the generation last seen and this Store's commits since then.
  int64_t seen_generation_ = 0;
  int64_t own_commits_ = 0;
};

}  // namespace kibridge::storage
