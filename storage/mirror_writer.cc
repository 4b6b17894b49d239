// Store::apply_mirror: makes the mirror equal to a complete snapshot, writing only what
// differs, and reports exactly which parts and categories changed.
#include <functional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "storage/store_internal.h"
#include "storage/sync_state_store.h"

namespace kibridge::storage {

namespace {

// How one mirror table is read, written and what its rows touch. One generic diff (below)
// serves every table, so the "write only what changed" rule is implemented once.
template <typename Record>
struct TableOps {
  const char* table;
  const char* columns;  // "id, a, b": the order from_row reads and bind writes them
  std::function<Record(SQLite::Statement&)> from_row;
  std::function<void(SQLite::Statement&, const Record&)> bind;
  // Adds what a row touches (its part, its category) to the change set.
  std::function<void(const Record&, ChangeSet&)> touch;
};

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
void apply_table(SQLite::Database& db, const std::vector<Record>& incoming, const TableOps<Record>& ops,
                 ChangeSet& changes, bool* changed_any = nullptr) {
  std::unordered_map<int64_t, Record> existing;
  {
    SQLite::Statement st(db, std::string("SELECT ") + ops.columns + " FROM " + ops.table);
    while (st.executeStep()) {
      Record r = ops.from_row(st);
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
    if (it != existing.end()) ops.touch(it->second, changes);
    ops.touch(r, changes);
    to_write.push_back(&r);
  }
  std::vector<int64_t> to_delete;
  for (const auto& [id, r] : existing) {
    if (!seen.count(id)) {
      ops.touch(r, changes);
      to_delete.push_back(id);
    }
  }
  if (changed_any) *changed_any = !to_write.empty() || !to_delete.empty();
  // Deletes first: a replaced row with a new pk but the same unique key must not collide.
  if (!to_delete.empty()) {
    SQLite::Statement del(db, std::string("DELETE FROM ") + ops.table + " WHERE id = ?");
    for (int64_t id : to_delete) {
      del.bind(1, id);
      del.exec();
      del.reset();
    }
  }
  if (!to_write.empty()) {
    SQLite::Statement up(db, upsert_sql(ops.table, ops.columns));
    for (const Record* r : to_write) {
      ops.bind(up, *r);
      up.exec();
      up.reset();
      up.clearBindings();
    }
  }
}

void touch_part_of(int64_t part_id, ChangeSet& c) { c.parts.insert(part_id); }

// The whole of apply_mirror inside its transaction (also apply_pull's first step).
ChangeSet apply_snapshot(SQLite::Database& db, const MirrorSnapshot& snapshot) {
  ChangeSet changes;
  // Names (and IPNs, which can be served as names) of every changed part: parts sharing
  // one of them may change their served name too.
  std::set<std::string> touched_names;

  const TableOps<CategoryRecord> categories{
      "category", "id, parent_id, name, pathstring, description, structural",
      [](SQLite::Statement& st) {
        return CategoryRecord{st.getColumn(0).getInt64(), optional_int(st.getColumn(1)), st.getColumn(2).getString(),
                              st.getColumn(3).getString(), st.getColumn(4).getString(), st.getColumn(5).getInt() != 0};
      },
      [](SQLite::Statement& st, const CategoryRecord& r) {
        st.bind(1, r.id);
        bind_optional(st, 2, r.parent_id);
        st.bind(3, r.name);
        st.bind(4, r.pathstring);
        st.bind(5, r.description);
        st.bind(6, r.structural ? 1 : 0);
      },
      [](const CategoryRecord& r, ChangeSet& c) { c.categories.insert(r.id); }};
  bool categories_changed = false;
  apply_table(db, snapshot.categories, categories, changes, &categories_changed);
  if (categories_changed) {
    // The tree shapes every listing and categories.json.
    changes.everything = true;
    db.exec("DELETE FROM kicad_category WHERE category_id NOT IN (SELECT id FROM category)");
  }

  const TableOps<ParameterTemplateRecord> templates{
      "parameter_template", "id, name, units, description",
      [](SQLite::Statement& st) {
        return ParameterTemplateRecord{st.getColumn(0).getInt64(), st.getColumn(1).getString(),
                                       st.getColumn(2).getString(), st.getColumn(3).getString()};
      },
      [](SQLite::Statement& st, const ParameterTemplateRecord& r) {
        st.bind(1, r.id);
        st.bind(2, r.name);
        st.bind(3, r.units);
        st.bind(4, r.description);
      },
      [](const ParameterTemplateRecord&, ChangeSet&) {}};
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

  const TableOps<PartRecord> parts{
      "part", kPartColumns, [](SQLite::Statement& st) { return part_from_row(st); },
      [](SQLite::Statement& st, const PartRecord& p) {
        st.bind(1, p.id);
        bind_optional(st, 2, p.category_id);
        st.bind(3, p.name);
        st.bind(4, p.ipn);
        st.bind(5, p.description);
        st.bind(6, p.keywords);
        st.bind(7, p.revision);
        st.bind(8, p.units);
        st.bind(9, p.link);
        st.bind(10, p.active ? 1 : 0);
        st.bind(11, p.is_template ? 1 : 0);
        st.bind(12, p.total_in_stock);
        st.bind(13, p.unallocated_stock);
      },
      [&touched_names](const PartRecord& p, ChangeSet& c) {
        c.parts.insert(p.id);
        if (p.category_id) c.categories.insert(*p.category_id);
        touched_names.insert(p.name);
        if (!p.ipn.empty()) touched_names.insert(p.ipn);
      }};
  apply_table(db, snapshot.parts, parts, changes);

  const TableOps<PartParameterRecord> parameters{
      "part_parameter", "id, part_id, template_id, data",
      [](SQLite::Statement& st) {
        return PartParameterRecord{st.getColumn(0).getInt64(), st.getColumn(1).getInt64(),
                                   st.getColumn(2).getInt64(), st.getColumn(3).getString()};
      },
      [](SQLite::Statement& st, const PartParameterRecord& r) {
        st.bind(1, r.id);
        st.bind(2, r.part_id);
        st.bind(3, r.template_id);
        st.bind(4, r.data);
      },
      [](const PartParameterRecord& r, ChangeSet& c) { touch_part_of(r.part_id, c); }};
  apply_table(db, snapshot.parameters, parameters, changes);

  const TableOps<PartAttachmentRecord> attachments{
      "part_attachment", "id, part_id, link, comment",
      [](SQLite::Statement& st) {
        return PartAttachmentRecord{st.getColumn(0).getInt64(), st.getColumn(1).getInt64(),
                                    st.getColumn(2).getString(), st.getColumn(3).getString()};
      },
      [](SQLite::Statement& st, const PartAttachmentRecord& r) {
        st.bind(1, r.id);
        st.bind(2, r.part_id);
        st.bind(3, r.link);
        st.bind(4, r.comment);
      },
      [](const PartAttachmentRecord& r, ChangeSet& c) { touch_part_of(r.part_id, c); }};
  apply_table(db, snapshot.attachments, attachments, changes);

  const TableOps<ManufacturerPartRecord> manufacturer_parts{
      "manufacturer_part", "id, part_id, manufacturer, mpn",
      [](SQLite::Statement& st) {
        return ManufacturerPartRecord{st.getColumn(0).getInt64(), st.getColumn(1).getInt64(),
                                      st.getColumn(2).getString(), st.getColumn(3).getString()};
      },
      [](SQLite::Statement& st, const ManufacturerPartRecord& r) {
        st.bind(1, r.id);
        st.bind(2, r.part_id);
        st.bind(3, r.manufacturer);
        st.bind(4, r.mpn);
      },
      [](const ManufacturerPartRecord& r, ChangeSet& c) { touch_part_of(r.part_id, c); }};
  apply_table(db, snapshot.manufacturer_parts, manufacturer_parts, changes);

  const TableOps<SupplierPartRecord> supplier_parts{
      "supplier_part", "id, part_id, manufacturer_part_id, supplier, sku",
      [](SQLite::Statement& st) {
        return SupplierPartRecord{st.getColumn(0).getInt64(), st.getColumn(1).getInt64(),
                                  optional_int(st.getColumn(2)), st.getColumn(3).getString(),
                                  st.getColumn(4).getString()};
      },
      [](SQLite::Statement& st, const SupplierPartRecord& r) {
        st.bind(1, r.id);
        st.bind(2, r.part_id);
        bind_optional(st, 3, r.manufacturer_part_id);
        st.bind(4, r.supplier);
        st.bind(5, r.sku);
      },
      [](const SupplierPartRecord& r, ChangeSet& c) { touch_part_of(r.part_id, c); }};
  apply_table(db, snapshot.supplier_parts, supplier_parts, changes);

  reapply_outbox_overlay(db, snapshot.read_started_at, changes);

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

ChangeSet Store::apply_mirror(const MirrorSnapshot& snapshot) {
  check_snapshot(snapshot);
  return write([&](SQLite::Database& db) { return apply_snapshot(db, snapshot); });
}

ChangeSet Store::apply_pull(const MirrorSnapshot& snapshot, SyncRunRecord& run,
                            const std::function<void(SyncRunRecord&, const ChangeSet&)>& complete) {
  check_snapshot(snapshot);
  return write([&](SQLite::Database& db) {
    ChangeSet changes = apply_snapshot(db, snapshot);
    if (complete) complete(run, changes);
    run.id = insert_sync_run(db, run);
    return changes;
  });
}

}  // namespace kibridge::storage
