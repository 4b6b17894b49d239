// MirrorStore::apply_mirror: makes the mirror equal to a complete snapshot, writing only what
// differs, and reports exactly which parts and categories changed.
#include <functional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "storage/mirror_rows.h"
#include "storage/mirror_store.h"
#include "storage/store_internal.h"
#include "storage/sync_state_store.h"

namespace kibridge::storage {

namespace {

// One generic diff (apply_table, below) serves every mirror table, so the "write only what
// changed" rule is implemented once; Rows<Record> (mirror_rows.h) reads and binds the rows and
// `touch` adds what a row touches (its part, its category) to the change set.
template <typename Record>
using Touch = std::function<void(const Record&, ChangeSet&)>;

// INSERT OR REPLACE: a row whose unique key moved to another pk in InvenTree (a parameter
// deleted and re-created) replaces the old row whatever order the snapshot lists them in.
// Duplicates inside one snapshot are refused before anything is written (check_snapshot).
std::string upsert_sql(const char* table, const std::string& columns) {
  std::string placeholders;
  for (char c : columns) {
    if (c == ',') placeholders += ",";
  }
  std::string values = "?";
  for (char c : placeholders) values += std::string(1, c) + "?";
  return std::string("INSERT OR REPLACE INTO ") + table + " (" + columns + ") VALUES (" + values + ")";
}

// A snapshot with two values for one (part, template) cannot come from a consistent read of
// InvenTree (it forbids that); applying it would silently drop one.
void check_snapshot(const MirrorSnapshot& snapshot) {
  std::set<std::pair<int64_t, int64_t>> seen;
  for (const auto& p : snapshot.parameters) {
    if (!seen.emplace(p.part_id, p.template_id).second) {
      throw StorageError("inconsistent snapshot: part " + std::to_string(p.part_id) + " has two values for template " +
                         std::to_string(p.template_id));
    }
  }
}

template <typename Record>
void apply_table(SQLite::Database& db, const std::vector<Record>& incoming, const Touch<Record>& touch,
                 ChangeSet& changes, bool* changed_any = nullptr) {
  using R = Rows<Record>;
  std::unordered_map<int64_t, Record> existing;
  {
    SQLite::Statement st(db, std::string("SELECT ") + R::kColumns + " FROM " + R::kTable);
    while (st.executeStep()) {
      Record r = R::from_row(st);
      existing.emplace(r.id, std::move(r));
    }
  }
  std::unordered_set<int64_t> seen;
  seen.reserve(incoming.size());
  std::vector<const Record*> to_write;
  for (const auto& r : incoming) {
    if (!seen.insert(r.id).second) continue;  // a duplicate in the snapshot: first one wins
    auto it = existing.find(r.id);
    if (it != existing.end() && it->second == r) continue;
    if (it != existing.end()) touch(it->second, changes);
    touch(r, changes);
    to_write.push_back(&r);
  }
  std::vector<int64_t> to_delete;
  for (const auto& [id, r] : existing) {
    if (!seen.count(id)) {
      touch(r, changes);
      to_delete.push_back(id);
    }
  }
  if (changed_any) *changed_any = !to_write.empty() || !to_delete.empty();
  // Deletes first: a replaced row with a new pk but the same unique key must not collide.
  if (!to_delete.empty()) {
    SQLite::Statement del(db, std::string("DELETE FROM ") + R::kTable + " WHERE id = ?");
    for (int64_t id : to_delete) {
      del.bind(1, id);
      del.exec();
      del.reset();
    }
  }
  if (!to_write.empty()) {
    SQLite::Statement up(db, upsert_sql(R::kTable, R::kColumns));
    for (const Record* r : to_write) {
      R::bind(up, *r);
      up.exec();
      up.reset();
      up.clearBindings();
    }
  }
}

// A child row (parameter, attachment, manufacturer or supplier part) touches its part.
template <typename Record>
void touch_owner(const Record& r, ChangeSet& c) {
  c.parts.insert(r.part_id);
}

// The whole of apply_mirror inside its transaction (also apply_pull's first step).
ChangeSet apply_snapshot(SQLite::Database& db, const MirrorSnapshot& snapshot) {
  ChangeSet changes;
  // Names (and IPNs, which can be served as names) of every changed part: parts sharing
  // one of them may change their served name too.
  std::set<std::string> touched_names;

  const Touch<CategoryRecord> categories = [](const CategoryRecord& r, ChangeSet& c) { c.categories.insert(r.id); };
  bool categories_changed = false;
  apply_table(db, snapshot.categories, categories, changes, &categories_changed);
  if (categories_changed) {
    // The tree shapes every listing and categories.json.
    changes.everything = true;
    db.exec("DELETE FROM kicad_category WHERE category_id NOT IN (SELECT id FROM category)");
  }

  const Touch<ParameterTemplateRecord> templates = [](const ParameterTemplateRecord&, ChangeSet&) {};
  bool templates_changed = false;
  apply_table(db, snapshot.templates, templates, changes, &templates_changed);
  if (templates_changed) {
    // Template names and units appear in every part's fields and select the KiCad
    // symbol/footprint/... parameters.
    changes.everything = true;
    db.exec(
        "UPDATE kicad_category SET default_value_parameter_template = NULL WHERE default_value_parameter_template "
        "NOT IN (SELECT id FROM parameter_template)");
    db.exec(
        "UPDATE kicad_category SET footprint_parameter_template = NULL WHERE footprint_parameter_template "
        "NOT IN (SELECT id FROM parameter_template)");
  }

  // A category's KiCad defaults can reach every part below it, in any listing.
  const Touch<CategoryParameterRecord> category_parameters = [](const CategoryParameterRecord&, ChangeSet&) {};
  bool category_parameters_changed = false;
  apply_table(db, snapshot.category_parameters, category_parameters, changes, &category_parameters_changed);
  if (category_parameters_changed) changes.everything = true;

  const Touch<PartRecord> parts = [&touched_names](const PartRecord& p, ChangeSet& c) {
    c.parts.insert(p.id);
    if (p.category_id) c.categories.insert(*p.category_id);
    touched_names.insert(p.name);
    if (!p.ipn.empty()) touched_names.insert(p.ipn);
  };
  apply_table(db, snapshot.parts, parts, changes);

  apply_table<PartParameterRecord>(db, snapshot.parameters, touch_owner<PartParameterRecord>, changes);

  apply_table<PartAttachmentRecord>(db, snapshot.attachments, touch_owner<PartAttachmentRecord>, changes);

  apply_table<ManufacturerPartRecord>(db, snapshot.manufacturer_parts, touch_owner<ManufacturerPartRecord>, changes);

  apply_table<SupplierPartRecord>(db, snapshot.supplier_parts, touch_owner<SupplierPartRecord>, changes);

  reapply_outbox_overlay(db, snapshot.read_started_at, changes);
  refresh_part_search(db, changes.parts);

  // Everything changed: per-part detail would add nothing (and costs a scan of every
  // touched name on a first pull).
  if (changes.everything) return changes;
  // Child-row changes touch their part's listing too.
  if (!changes.parts.empty()) {
    const std::string ids = json_array(changes.parts);
    SQLite::Statement st(db, "SELECT category_id FROM part WHERE id IN (SELECT value FROM json_each(?)) AND category_id IS NOT NULL");
    st.bind(1, ids);
    while (st.executeStep()) changes.categories.insert(st.getColumn(0).getInt64());
  }
  if (!touched_names.empty()) {
    const std::string names = json_array(touched_names);
    SQLite::Statement st(db,
                         "SELECT id, category_id FROM part WHERE name IN (SELECT value FROM json_each(?1)) "
                         "OR ipn IN (SELECT value FROM json_each(?1))");
    st.bind(1, names);
    while (st.executeStep()) {
      changes.parts.insert(st.getColumn(0).getInt64());
      if (!st.getColumn(1).isNull()) changes.categories.insert(st.getColumn(1).getInt64());
    }
  }
  return changes;
}

}  // namespace

MirrorStore::MirrorStore(Connections& connections) : MirrorReader(connections), connections_(connections) {}

ChangeSet MirrorStore::apply_mirror(const MirrorSnapshot& snapshot) {
  check_snapshot(snapshot);
  return connections_.write([&](SQLite::Database& db) { return apply_snapshot(db, snapshot); });
}

ChangeSet MirrorStore::apply_pull(const MirrorSnapshot& snapshot, SyncRunRecord& run,
                                  const std::function<void(SyncRunRecord&, const ChangeSet&)>& complete) {
  check_snapshot(snapshot);
  return connections_.write([&](SQLite::Database& db) {
    ChangeSet changes = apply_snapshot(db, snapshot);
    if (complete) complete(run, changes);
    run.id = insert_sync_run(db, run);
    return changes;
  });
}

}  // namespace kibridge::storage
