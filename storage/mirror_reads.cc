// Reads of the InvenTree mirror (MirrorReader), shaped for rendering KiCad responses and
// matching netlist components.
#include <climits>
#include <iterator>
#include <unordered_map>

#include "storage/mirror_rows.h"
#include "storage/mirror_store.h"
#include "storage/store_internal.h"

namespace kibridge::storage {

namespace {

// Every row of one mirror table, ordered by id.
template <typename Record>
std::vector<Record> all_rows(SQLite::Database& db) {
  std::vector<Record> out;
  SQLite::Statement st(db, std::string("SELECT ") + Rows<Record>::kColumns + " FROM " + Rows<Record>::kTable +
                               " ORDER BY id");
  while (st.executeStep()) out.push_back(Rows<Record>::from_row(st));
  return out;
}

// Fills the child rows of `parts` (which must be ordered by id) from the rows whose part is one
// of `part_ids` (a JSON array).
void load_children(SQLite::Database& db, const std::string& part_ids, std::vector<PartDetails>& parts) {
  std::unordered_map<int64_t, PartDetails*> by_id;
  by_id.reserve(parts.size());
  for (auto& p : parts) by_id.emplace(p.part.id, &p);
  auto each_row = [&](auto member) {
    using Record = typename std::remove_reference_t<decltype(std::declval<PartDetails>().*member)>::value_type;
    SQLite::Statement st(db, std::string("SELECT ") + Rows<Record>::kColumns + " FROM " + Rows<Record>::kTable +
                                 " WHERE part_id IN (SELECT value FROM json_each(?)) ORDER BY id");
    st.bind(1, part_ids);
    while (st.executeStep()) {
      auto it = by_id.find(st.getColumn(1).getInt64());  // part_id, see mirror_rows.h
      if (it != by_id.end()) ((*it->second).*member).push_back(Rows<Record>::from_row(st));
    }
  };
  each_row(&PartDetails::parameters);
  each_row(&PartDetails::attachments);
  each_row(&PartDetails::manufacturer_parts);
  each_row(&PartDetails::supplier_parts);
}

std::vector<int64_t> ids_of(SQLite::Statement& st) {
  std::vector<int64_t> ids;
  while (st.executeStep()) ids.push_back(st.getColumn(0).getInt64());
  return ids;
}

}  // namespace

std::vector<CategoryRecord> MirrorReader::categories() const {
  return source_.read([](SQLite::Database& db) { return all_rows<CategoryRecord>(db); });
}

std::vector<ParameterTemplateRecord> MirrorReader::parameter_templates() const {
  return source_.read([](SQLite::Database& db) { return all_rows<ParameterTemplateRecord>(db); });
}

std::vector<CategoryParameterRecord> MirrorReader::category_parameters() const {
  return source_.read([](SQLite::Database& db) { return all_rows<CategoryParameterRecord>(db); });
}

std::vector<PartRecord> MirrorReader::parts() const {
  return source_.read([](SQLite::Database& db) { return all_rows<PartRecord>(db); });
}

std::optional<PartDetails> MirrorReader::part_details(int64_t part_id) const {
  return source_.read([&](SQLite::Database& db) -> std::optional<PartDetails> {
    SQLite::Statement st(db, std::string("SELECT ") + Rows<PartRecord>::kColumns + " FROM part WHERE id = ?");
    st.bind(1, part_id);
    if (!st.executeStep()) return std::nullopt;
    std::vector<PartDetails> parts(1);
    parts[0].part = Rows<PartRecord>::from_row(st);
    load_children(db, json_array(std::vector<int64_t>{part_id}), parts);
    return std::move(parts[0]);
  });
}

std::vector<PartDetails> MirrorReader::part_details_in_categories(const std::vector<int64_t>& category_ids) const {
  std::vector<PartDetails> all;
  scan_part_details_in_categories(category_ids, SIZE_MAX, [&all](std::vector<PartDetails>& batch) {
    std::move(batch.begin(), batch.end(), std::back_inserter(all));
  });
  return all;
}

void MirrorReader::scan_part_details_in_categories(const std::vector<int64_t>& category_ids, size_t batch_size,
                                                   const std::function<void(std::vector<PartDetails>&)>& fn) const {
  source_.read_long([&](SQLite::Database& db) {
    const std::string categories = json_array(category_ids);
    const int64_t limit = batch_size > static_cast<size_t>(INT64_MAX) ? INT64_MAX : static_cast<int64_t>(batch_size);
    int64_t after_id = INT64_MIN;
    SQLite::Statement st(db, std::string("SELECT ") + Rows<PartRecord>::kColumns +
                                 " FROM part WHERE category_id IN (SELECT value FROM json_each(?)) AND id > ? "
                                 "ORDER BY id LIMIT ?");
    for (;;) {
      std::vector<PartDetails> parts;
      st.reset();
      st.bind(1, categories);
      st.bind(2, after_id);
      st.bind(3, limit);
      while (st.executeStep()) parts.push_back({Rows<PartRecord>::from_row(st), {}, {}, {}, {}});
      if (parts.empty()) break;
      std::vector<int64_t> ids;
      ids.reserve(parts.size());
      for (const auto& p : parts) ids.push_back(p.part.id);
      load_children(db, json_array(ids), parts);
      after_id = parts.back().part.id;
      const bool last = parts.size() < static_cast<size_t>(limit);
      fn(parts);
      if (last) break;
    }
  });
}

MirrorCounts MirrorReader::counts() const {
  return source_.read([](SQLite::Database& db) {
    auto count = [&](const char* table) {
      return db.execAndGet(std::string("SELECT COUNT(*) FROM ") + table).getInt64();
    };
    MirrorCounts c;
    c.categories = count(Rows<CategoryRecord>::kTable);
    c.parts = count(Rows<PartRecord>::kTable);
    c.parameter_templates = count(Rows<ParameterTemplateRecord>::kTable);
    c.parameters = count(Rows<PartParameterRecord>::kTable);
    c.attachments = count(Rows<PartAttachmentRecord>::kTable);
    c.manufacturer_parts = count(Rows<ManufacturerPartRecord>::kTable);
    c.supplier_parts = count(Rows<SupplierPartRecord>::kTable);
    return c;
  });
}

std::map<int64_t, int64_t> MirrorReader::part_counts_by_category() const {
  return source_.read([](SQLite::Database& db) {
    std::map<int64_t, int64_t> out;
    SQLite::Statement st(db, "SELECT category_id, COUNT(*) FROM part WHERE category_id IS NOT NULL GROUP BY category_id");
    while (st.executeStep()) out.emplace(st.getColumn(0).getInt64(), st.getColumn(1).getInt64());
    return out;
  });
}

bool MirrorReader::mirror_empty() const {
  return source_.read([](SQLite::Database& db) {
    return db.execAndGet("SELECT NOT EXISTS (SELECT 1 FROM part) AND NOT EXISTS (SELECT 1 FROM category)").getInt() != 0;
  });
}

std::vector<int64_t> MirrorReader::part_ids_with_ipn(const std::string& ipn) const {
  if (ipn.empty()) return {};
  return source_.read([&](SQLite::Database& db) {
    SQLite::Statement st(db, "SELECT id FROM part WHERE ipn = ? AND ipn <> '' ORDER BY id");
    st.bind(1, ipn);
    return ids_of(st);
  });
}

std::vector<int64_t> MirrorReader::part_ids_named(const std::string& name) const {
  return source_.read([&](SQLite::Database& db) {
    SQLite::Statement st(db, "SELECT id FROM part WHERE name = ? ORDER BY id");
    st.bind(1, name);
    return ids_of(st);
  });
}

}  // namespace kibridge::storage
