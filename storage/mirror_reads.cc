// Reads of the InvenTree mirror, shaped for rendering KiCad responses.
#include <climits>
#include <iterator>
#include <unordered_map>

#include "storage/store_internal.h"

namespace kibridge::storage {

namespace {

// Fills the child rows of `parts` (which must be ordered by id) from queries whose rows are
// restricted by `part_filter`, a condition on part_id with one JSON-array parameter.
void load_children(SQLite::Database& db, const std::string& part_filter, const std::string& filter_arg,
                   std::vector<PartDetails>& parts) {
  std::unordered_map<int64_t, PartDetails*> by_id;
  by_id.reserve(parts.size());
  for (auto& p : parts) by_id.emplace(p.part.id, &p);
  auto each_row = [&](const std::string& sql, auto&& on_row) {
    SQLite::Statement st(db, sql + " WHERE " + part_filter + " ORDER BY id");
    st.bind(1, filter_arg);
    while (st.executeStep()) {
      auto it = by_id.find(st.getColumn(1).getInt64());
      if (it != by_id.end()) on_row(st, *it->second);
    }
  };
  each_row("SELECT id, part_id, template_id, data FROM part_parameter", [](SQLite::Statement& st, PartDetails& d) {
    d.parameters.push_back({st.getColumn(0).getInt64(), st.getColumn(1).getInt64(), st.getColumn(2).getInt64(),
                            st.getColumn(3).getString()});
  });
  each_row("SELECT id, part_id, link, comment FROM part_attachment", [](SQLite::Statement& st, PartDetails& d) {
    d.attachments.push_back(
        {st.getColumn(0).getInt64(), st.getColumn(1).getInt64(), st.getColumn(2).getString(), st.getColumn(3).getString()});
  });
  each_row("SELECT id, part_id, manufacturer, mpn FROM manufacturer_part", [](SQLite::Statement& st, PartDetails& d) {
    d.manufacturer_parts.push_back(
        {st.getColumn(0).getInt64(), st.getColumn(1).getInt64(), st.getColumn(2).getString(), st.getColumn(3).getString()});
  });
  each_row("SELECT id, part_id, manufacturer_part_id, supplier, sku FROM supplier_part",
           [](SQLite::Statement& st, PartDetails& d) {
             d.supplier_parts.push_back({st.getColumn(0).getInt64(), st.getColumn(1).getInt64(),
                                         optional_int(st.getColumn(2)), st.getColumn(3).getString(),
                                         st.getColumn(4).getString()});
           });
}

}  // namespace

std::vector<CategoryRecord> Store::categories() const {
  return read([](SQLite::Database& db) {
    std::vector<CategoryRecord> out;
    SQLite::Statement st(db, "SELECT id, parent_id, name, pathstring, description, structural FROM category ORDER BY id");
    while (st.executeStep()) {
      out.push_back({st.getColumn(0).getInt64(), optional_int(st.getColumn(1)), st.getColumn(2).getString(),
                     st.getColumn(3).getString(), st.getColumn(4).getString(), st.getColumn(5).getInt() != 0});
    }
    return out;
  });
}

std::vector<ParameterTemplateRecord> Store::parameter_templates() const {
  return read([](SQLite::Database& db) {
    std::vector<ParameterTemplateRecord> out;
    SQLite::Statement st(db, "SELECT id, name, units, description FROM parameter_template ORDER BY id");
    while (st.executeStep()) {
      out.push_back({st.getColumn(0).getInt64(), st.getColumn(1).getString(), st.getColumn(2).getString(),
                     st.getColumn(3).getString()});
    }
    return out;
  });
}

std::vector<PartRecord> Store::parts() const {
  return read([](SQLite::Database& db) {
    std::vector<PartRecord> out;
    SQLite::Statement st(db, std::string("SELECT ") + kPartColumns + " FROM part ORDER BY id");
    while (st.executeStep()) out.push_back(part_from_row(st));
    return out;
  });
}

std::optional<PartDetails> Store::part_details(int64_t part_id) const {
  return read([&](SQLite::Database& db) -> std::optional<PartDetails> {
    SQLite::Statement st(db, std::string("SELECT ") + kPartColumns + " FROM part WHERE id = ?");
    st.bind(1, part_id);
    if (!st.executeStep()) return std::nullopt;
    std::vector<PartDetails> parts(1);
    parts[0].part = part_from_row(st);
    load_children(db, "part_id IN (SELECT value FROM json_each(?))", json_array(std::vector<int64_t>{part_id}), parts);
    return std::move(parts[0]);
  });
}

std::vector<PartDetails> Store::part_details_in_categories(const std::vector<int64_t>& category_ids) const {
  std::vector<PartDetails> all;
  scan_part_details_in_categories(category_ids, SIZE_MAX, [&all](std::vector<PartDetails>& batch) {
    std::move(batch.begin(), batch.end(), std::back_inserter(all));
  });
  return all;
}

void Store::scan_part_details_in_categories(const std::vector<int64_t>& category_ids, size_t batch_size,
                                            const std::function<void(std::vector<PartDetails>&)>& fn) const {
  try {
    SQLite::Database db(path_, SQLite::OPEN_READONLY);
    db.setBusyTimeout(10000);
    SQLite::Transaction snapshot(db);
    const std::string categories = json_array(category_ids);
    const int64_t limit = batch_size > static_cast<size_t>(INT64_MAX) ? INT64_MAX : static_cast<int64_t>(batch_size);
    int64_t after_id = INT64_MIN;
    for (;;) {
      std::vector<PartDetails> parts;
      SQLite::Statement st(db, std::string("SELECT ") + kPartColumns +
                                   " FROM part WHERE category_id IN (SELECT value FROM json_each(?)) AND id > ? "
                                   "ORDER BY id LIMIT ?");
      st.bind(1, categories);
      st.bind(2, after_id);
      st.bind(3, limit);
      while (st.executeStep()) parts.push_back({part_from_row(st), {}, {}, {}, {}});
      if (parts.empty()) break;
      std::vector<int64_t> ids;
      ids.reserve(parts.size());
      for (const auto& p : parts) ids.push_back(p.part.id);
      load_children(db, "part_id IN (SELECT value FROM json_each(?))", json_array(ids), parts);
      after_id = parts.back().part.id;
      const bool last = parts.size() < static_cast<size_t>(limit);
      fn(parts);
      if (last) break;
    }
    snapshot.commit();
  } catch (const SQLite::Exception& e) {
    throw StorageError(std::string("database read failed: ") + e.what());
  }
}

MirrorCounts Store::counts() const {
  return read([](SQLite::Database& db) {
    auto count = [&](const char* table) {
      return db.execAndGet(std::string("SELECT COUNT(*) FROM ") + table).getInt64();
    };
    MirrorCounts c;
    c.categories = count("category");
    c.parts = count("part");
    c.parameter_templates = count("parameter_template");
    c.parameters = count("part_parameter");
    c.attachments = count("part_attachment");
    c.manufacturer_parts = count("manufacturer_part");
    c.supplier_parts = count("supplier_part");
    return c;
  });
}

bool Store::mirror_empty() const {
  return read([](SQLite::Database& db) {
    return db.execAndGet("SELECT NOT EXISTS (SELECT 1 FROM part) AND NOT EXISTS (SELECT 1 FROM category)").getInt() != 0;
  });
}

}  // namespace kibridge::storage
