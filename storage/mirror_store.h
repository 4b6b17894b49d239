// The InvenTree mirror area of the Store: reads shaped for rendering KiCad responses and
// matching netlist components, and the one write that replaces the mirror by a pull's snapshot.
//
// Ownership: the Store owns its MirrorStore (Store::mirror()); a Snapshot owns a MirrorReader
// over its own read transaction (Snapshot::mirror()). Neither outlives its owner.
// Thread-safety: any number of threads, as the Store (store.h) or the Snapshot (snapshot.h).
// Errors: StorageError and its subclasses, by the policy of errors.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "storage/change_set.h"
#include "storage/errors.h"
#include "storage/records.h"

namespace kibridge::storage {

class Connections;
class ReadSource;
struct SyncRunRecord;

// One part found by MirrorReader::search_parts.
struct PartSearchHit {
  int64_t id = 0;
  std::string name, ipn, description;
  std::optional<int64_t> category_id;
  std::string category_path;  // "" without a category
};
struct PartSearchPage {
  int64_t count = 0;  // every match, not only this page's
  std::vector<PartSearchHit> results;
};

// Reads of the mirror. Through the Store each call is one read transaction of its own; through
// a Snapshot every call reads the snapshot's one state.
class MirrorReader {
 public:
  // For the Store and Snapshot: `source` runs the reads and must outlive the reader.
  explicit MirrorReader(const ReadSource& source) : source_(source) {}
  MirrorReader(const MirrorReader&) = delete;
  MirrorReader& operator=(const MirrorReader&) = delete;

  std::vector<CategoryRecord> categories() const;  // ordered by id
  std::vector<ParameterTemplateRecord> parameter_templates() const;  // ordered by id
  std::vector<CategoryParameterRecord> category_parameters() const;  // ordered by id
  std::vector<PartRecord> parts() const;  // every part, ordered by id
  std::optional<PartDetails> part_details(int64_t part_id) const;
  // Parts whose category is one of `category_ids`, ordered by id.
  std::vector<PartDetails> part_details_in_categories(const std::vector<int64_t>& category_ids) const;
  // The same parts, handed to `fn` in batches of at most `batch_size`, all from one consistent
  // state; memory stays bounded by one batch however large the category. Through the Store it
  // runs on a pooled connection of its own, so other reads do not wait for the scan; through a
  // Snapshot it reads the snapshot. Exceptions from `fn` propagate.
  void scan_part_details_in_categories(const std::vector<int64_t>& category_ids, size_t batch_size,
                                       const std::function<void(std::vector<PartDetails>&)>& fn) const;
  MirrorCounts counts() const;
  // How many parts each category holds directly (categories without parts are absent); the
  // CLI's category tree adds up the sub-categories itself.
  std::map<int64_t, int64_t> part_counts_by_category() const;
  bool mirror_empty() const;

  // Matching netlist components to parts: ids of the parts with exactly this IPN / name,
  // ascending. An empty IPN matches nothing.
  std::vector<int64_t> part_ids_with_ipn(const std::string& ipn) const;
  std::vector<int64_t> part_ids_named(const std::string& name) const;

  // Parts matching `text` (part_search.h says how it is read: blank-separated prefix terms,
  // all required, never FTS5 syntax) over name, IPN, description and keywords, manufacturers
  // and MPNs and parameter values; best first (bm25, name and IPN weigh most), `limit` from
  // `offset`. Nothing searchable in `text`: count 0, no results.
  PartSearchPage search_parts(const std::string& text, int64_t limit, int64_t offset) const;

 private:
  const ReadSource& source_;
};

// The mirror's reads and writes; Store::mirror().
class MirrorStore : public MirrorReader {
 public:
  explicit MirrorStore(Connections& connections);

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

 private:
  Connections& connections_;
};

}  // namespace kibridge::storage
