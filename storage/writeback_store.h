// The write-back area of the Store: netlist imports (history) and the outbox of changes on
// their way to InvenTree (tables import_run, outbox and outbox_pause). Queuing a change shows
// its value in the mirror at once, in the same transaction, and a pull keeps showing it until
// the change has reached InvenTree (MirrorStore::apply_mirror).
//
// Ownership: the Store owns its WritebackStore (Store::writeback()).
// Thread-safety: any number of threads, as the Store (store.h).
// Errors: StorageError and its subclasses, by the policy of errors.h; each method names the
// ones it adds.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/change_set.h"
#include "storage/errors.h"
#include "storage/writeback_records.h"

namespace kibridge::storage {

class Connections;

class WritebackStore {
 public:
  explicit WritebackStore(Connections& connections) : connections_(connections) {}
  WritebackStore(const WritebackStore&) = delete;
  WritebackStore& operator=(const WritebackStore&) = delete;

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
  // The entries import `import_id` queued, in queue order (empty for an unknown import).
  std::vector<OutboxEntry> outbox_entries_of_import(int64_t import_id) const;
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

 private:
  Connections& connections_;
};

}  // namespace kibridge::storage
