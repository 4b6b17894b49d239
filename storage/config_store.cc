// KiCad categories, footprint mappings and settings: kibridge's own configuration.
#include "storage/configuration_store.h"
#include "storage/limits.h"
#include "storage/store_internal.h"

namespace kibridge::storage {

namespace {

KicadCategoryRecord kicad_category_from_row(SQLite::Statement& st) {
  return KicadCategoryRecord{st.getColumn(0).getInt64(),  st.getColumn(1).getInt64(),
                             st.getColumn(2).getString(), st.getColumn(3).getString(),
                             st.getColumn(4).getString(), optional_int(st.getColumn(5)),
                             optional_int(st.getColumn(6)), st.getColumn(7).getString(),
                             st.getColumn(8).getString()};
}

// Libraries by name: the name is what every front end and the configuration file speak.
constexpr const char* kKicadCategorySelect =
    "SELECT k.id, k.category_id, k.default_symbol, k.default_footprint, k.default_reference, "
    "k.default_value_parameter_template, k.footprint_parameter_template, k.field_rules, coalesce(l.name, '') "
    "FROM kicad_category k LEFT JOIN kicad_library l ON l.id = k.library_id";

// The id of library `name` ("" and "default": the default library, NULL). NotFoundError for
// an unknown name.
std::optional<int64_t> library_id(SQLite::Database& db, const std::string& name) {
  if (name.empty() || name == limits::kDefaultLibraryName) return std::nullopt;
  SQLite::Statement st(db, "SELECT id FROM kicad_library WHERE name = ?");
  st.bind(1, name);
  if (!st.executeStep()) throw NotFoundError("no library named '" + name + "'");
  return st.getColumn(0).getInt64();
}

LibraryRecord library_from_row(SQLite::Statement& st) {
  return LibraryRecord{st.getColumn(0).getInt64(), st.getColumn(1).getString(), st.getColumn(2).getString()};
}

LibraryRecord insert_library(SQLite::Database& db, const LibraryRecord& record) {
  if (auto error = limits::library_name_error(record.name)) throw ValidationError("name", *error);
  limits::check_length("description", record.description, limits::kLibraryDescription);
  SQLite::Statement taken(db, "SELECT 1 FROM kicad_library WHERE name = ?");
  taken.bind(1, record.name);
  if (taken.executeStep()) throw ConflictError("a library named '" + record.name + "' already exists");
  SQLite::Statement st(db, "INSERT INTO kicad_library (name, description) VALUES (?, ?)");
  st.bind(1, record.name);
  st.bind(2, record.description);
  st.exec();
  LibraryRecord created = record;
  created.id = db.getLastInsertRowid();
  return created;
}

// Foreign keys are checked here rather than by SQLite, because the mirror side (category,
// parameter_template) is replaced by pulls and must not be blocked by kibridge's own rows.
void check_kicad_category_references(SQLite::Database& db, const KicadCategoryRecord& r) {
  auto exists = [&](const char* table, int64_t id) {
    SQLite::Statement st(db, std::string("SELECT 1 FROM ") + table + " WHERE id = ?");
    st.bind(1, id);
    return st.executeStep();
  };
  if (!exists("category", r.category_id)) {
    throw NotFoundError("no InvenTree category with id " + std::to_string(r.category_id));
  }
  for (const auto& t : {r.default_value_parameter_template, r.footprint_parameter_template}) {
    if (t && !exists("parameter_template", *t)) {
      throw NotFoundError("no parameter template with id " + std::to_string(*t));
    }
  }
}

void check_kicad_category_lengths(const KicadCategoryRecord& r) {
  limits::check_length("default_symbol", r.default_symbol, limits::kKicadText);
  limits::check_length("default_footprint", r.default_footprint, limits::kKicadText);
  limits::check_length("default_reference", r.default_reference, limits::kReference);
  limits::check_length("field_rules", r.field_rules, limits::kJsonRules);
}

void check_mapping_lengths(const FootprintMappingRecord& r) {
  limits::check_length("parameter_value", r.parameter_value, limits::kKicadText);
  limits::check_length("kicad_footprint", r.kicad_footprint, limits::kKicadText);
}

void bind_kicad_category(SQLite::Database& db, SQLite::Statement& st, const KicadCategoryRecord& r) {
  st.bind(1, r.category_id);
  st.bind(2, r.default_symbol);
  st.bind(3, r.default_footprint);
  st.bind(4, r.default_reference);
  bind_optional(st, 5, r.default_value_parameter_template);
  bind_optional(st, 6, r.footprint_parameter_template);
  st.bind(7, r.field_rules);
  bind_optional(st, 8, library_id(db, r.library));
}

bool has_row(SQLite::Database& db, const char* table, int64_t id) {
  SQLite::Statement st(db, std::string("SELECT 1 FROM ") + table + " WHERE id = ?");
  st.bind(1, id);
  return st.executeStep();
}

// Whether another row of `table` (not `id`) already has `column = value` within `scope`.
template <typename Value>
bool taken(SQLite::Database& db, const std::string& sql, const Value& value, int64_t except_id) {
  SQLite::Statement st(db, sql);
  st.bind(1, value);
  st.bind(2, except_id);
  return st.executeStep();
}

ChangeSet configuration_changed() {
  ChangeSet c;
  c.everything = true;
  return c;
}

// Deletes row `id` of `table` (NotFoundError naming `what` when there is none).
ChangeSet delete_row(SQLite::Database& db, const char* table, int64_t id, const char* what) {
  SQLite::Statement st(db, std::string("DELETE FROM ") + table + " WHERE id = ?");
  st.bind(1, id);
  if (st.exec() == 0) throw NotFoundError(std::string("no ") + what + " with id " + std::to_string(id));
  return configuration_changed();
}

FootprintMappingRecord mapping_from_row(SQLite::Statement& st) {
  return FootprintMappingRecord{st.getColumn(0).getInt64(), st.getColumn(1).getInt64(), st.getColumn(2).getString(),
                                st.getColumn(3).getString()};
}

void check_mapping(SQLite::Database& db, const FootprintMappingRecord& r) {
  if (!has_row(db, "kicad_category", r.kicad_category_id)) {
    throw NotFoundError("no KiCad category with id " + std::to_string(r.kicad_category_id));
  }
  SQLite::Statement st(db,
                       "SELECT 1 FROM footprint_mapping WHERE kicad_category_id = ? AND parameter_value = ? AND id != ?");
  st.bind(1, r.kicad_category_id);
  st.bind(2, r.parameter_value);
  st.bind(3, r.id);
  if (st.executeStep()) {
    throw ConflictError("KiCad category " + std::to_string(r.kicad_category_id) + " already maps '" +
                        r.parameter_value + "'");
  }
}

// The checked INSERT and UPDATE of a KiCad category, inside the caller's transaction.
// References exist and no other KiCad category (not `except_id`) has the same category.
void check_kicad_category(SQLite::Database& db, const KicadCategoryRecord& record, int64_t except_id) {
  check_kicad_category_references(db, record);
  if (taken(db, "SELECT 1 FROM kicad_category WHERE category_id = ? AND id != ?", record.category_id, except_id)) {
    throw ConflictError("category " + std::to_string(record.category_id) + " already has a KiCad category");
  }
}

KicadCategoryRecord insert_kicad_category(SQLite::Database& db, const KicadCategoryRecord& record) {
  check_kicad_category_lengths(record);
  check_kicad_category(db, record, -1);
  SQLite::Statement st(db,
                       "INSERT INTO kicad_category (category_id, default_symbol, default_footprint, "
                       "default_reference, default_value_parameter_template, footprint_parameter_template, "
                       "field_rules, library_id) VALUES (?,?,?,?,?,?,?,?)");
  bind_kicad_category(db, st, record);
  st.exec();
  KicadCategoryRecord created = record;
  created.id = db.getLastInsertRowid();
  return created;
}

void update_kicad_category_row(SQLite::Database& db, const KicadCategoryRecord& record) {
  check_kicad_category_lengths(record);
  if (!has_row(db, "kicad_category", record.id)) {
    throw NotFoundError("no KiCad category with id " + std::to_string(record.id));
  }
  check_kicad_category(db, record, record.id);
  SQLite::Statement st(db,
                       "UPDATE kicad_category SET category_id = ?, default_symbol = ?, default_footprint = ?, "
                       "default_reference = ?, default_value_parameter_template = ?, "
                       "footprint_parameter_template = ?, field_rules = ?, library_id = ? WHERE id = ?");
  bind_kicad_category(db, st, record);
  st.bind(9, record.id);
  st.exec();
}

void upsert_settings(SQLite::Database& db, const std::map<std::string, std::string>& values) {
  for (const auto& [key, value] : values) limits::check_length(key, value, limits::setting_limit(key));
  SQLite::Statement st(db, "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  for (const auto& [key, value] : values) {
    st.bind(1, key);
    st.bind(2, value);
    st.exec();
    st.reset();
  }
}

}  // namespace

ConfigurationStore::ConfigurationStore(Connections& connections)
    : ConfigurationReader(connections), connections_(connections) {}

std::vector<KicadCategoryRecord> ConfigurationReader::kicad_categories() const {
  return source_.read([](SQLite::Database& db) {
    std::vector<KicadCategoryRecord> out;
    SQLite::Statement st(db, std::string(kKicadCategorySelect) + " ORDER BY k.id");
    while (st.executeStep()) out.push_back(kicad_category_from_row(st));
    return out;
  });
}

std::optional<KicadCategoryRecord> ConfigurationReader::kicad_category(int64_t id) const {
  return source_.read([&](SQLite::Database& db) -> std::optional<KicadCategoryRecord> {
    SQLite::Statement st(db, std::string(kKicadCategorySelect) + " WHERE k.id = ?");
    st.bind(1, id);
    if (!st.executeStep()) return std::nullopt;
    return kicad_category_from_row(st);
  });
}

std::pair<KicadCategoryRecord, ChangeSet> ConfigurationStore::create_kicad_category(const KicadCategoryRecord& record) {
  return connections_.write([&](SQLite::Database& db) { return std::make_pair(insert_kicad_category(db, record), configuration_changed()); });
}

ChangeSet ConfigurationStore::update_kicad_category(const KicadCategoryRecord& record) {
  return connections_.write([&](SQLite::Database& db) {
    update_kicad_category_row(db, record);
    return configuration_changed();
  });
}

ChangeSet ConfigurationStore::delete_kicad_category(int64_t id) {
  return connections_.write([&](SQLite::Database& db) { return delete_row(db, "kicad_category", id, "KiCad category"); });
}

std::vector<FootprintMappingRecord> ConfigurationReader::footprint_mappings() const {
  return source_.read([](SQLite::Database& db) {
    std::vector<FootprintMappingRecord> out;
    SQLite::Statement st(
        db, "SELECT id, kicad_category_id, parameter_value, kicad_footprint FROM footprint_mapping ORDER BY id");
    while (st.executeStep()) out.push_back(mapping_from_row(st));
    return out;
  });
}

std::optional<FootprintMappingRecord> ConfigurationReader::footprint_mapping(int64_t id) const {
  return source_.read([&](SQLite::Database& db) -> std::optional<FootprintMappingRecord> {
    SQLite::Statement st(
        db, "SELECT id, kicad_category_id, parameter_value, kicad_footprint FROM footprint_mapping WHERE id = ?");
    st.bind(1, id);
    if (!st.executeStep()) return std::nullopt;
    return mapping_from_row(st);
  });
}

std::pair<FootprintMappingRecord, ChangeSet> ConfigurationStore::create_footprint_mapping(const FootprintMappingRecord& record) {
  check_mapping_lengths(record);
  return connections_.write([&](SQLite::Database& db) {
    FootprintMappingRecord created = record;
    created.id = -1;
    check_mapping(db, created);
    SQLite::Statement st(
        db, "INSERT INTO footprint_mapping (kicad_category_id, parameter_value, kicad_footprint) VALUES (?,?,?)");
    st.bind(1, record.kicad_category_id);
    st.bind(2, record.parameter_value);
    st.bind(3, record.kicad_footprint);
    st.exec();
    created.id = db.getLastInsertRowid();
    return std::make_pair(created, configuration_changed());
  });
}

ChangeSet ConfigurationStore::update_footprint_mapping(const FootprintMappingRecord& record) {
  check_mapping_lengths(record);
  return connections_.write([&](SQLite::Database& db) {
    if (!has_row(db, "footprint_mapping", record.id)) {
      throw NotFoundError("no footprint mapping with id " + std::to_string(record.id));
    }
    check_mapping(db, record);
    SQLite::Statement st(
        db, "UPDATE footprint_mapping SET kicad_category_id = ?, parameter_value = ?, kicad_footprint = ? WHERE id = ?");
    st.bind(1, record.kicad_category_id);
    st.bind(2, record.parameter_value);
    st.bind(3, record.kicad_footprint);
    st.bind(4, record.id);
    st.exec();
    return configuration_changed();
  });
}

ChangeSet ConfigurationStore::delete_footprint_mapping(int64_t id) {
  return connections_.write(
      [&](SQLite::Database& db) { return delete_row(db, "footprint_mapping", id, "footprint mapping"); });
}

std::map<std::string, std::string> ConfigurationReader::settings() const {
  return source_.read([](SQLite::Database& db) {
    std::map<std::string, std::string> out;
    SQLite::Statement st(db, "SELECT key, value FROM setting");
    while (st.executeStep()) out.emplace(st.getColumn(0).getString(), st.getColumn(1).getString());
    return out;
  });
}

ChangeSet ConfigurationStore::set_settings(const std::map<std::string, std::string>& values) {
  return connections_.write([&](SQLite::Database& db) {
    upsert_settings(db, values);
    return configuration_changed();
  });
}

std::vector<LibraryRecord> ConfigurationReader::libraries() const {
  return source_.read([](SQLite::Database& db) {
    std::vector<LibraryRecord> out;
    SQLite::Statement st(db, "SELECT id, name, description FROM kicad_library ORDER BY name");
    while (st.executeStep()) out.push_back(library_from_row(st));
    return out;
  });
}

std::optional<LibraryRecord> ConfigurationReader::library(const std::string& name) const {
  return source_.read([&](SQLite::Database& db) -> std::optional<LibraryRecord> {
    SQLite::Statement st(db, "SELECT id, name, description FROM kicad_library WHERE name = ?");
    st.bind(1, name);
    if (!st.executeStep()) return std::nullopt;
    return library_from_row(st);
  });
}

std::pair<LibraryRecord, ChangeSet> ConfigurationStore::create_library(const LibraryRecord& record) {
  return connections_.write([&](SQLite::Database& db) { return std::make_pair(insert_library(db, record), configuration_changed()); });
}

ChangeSet ConfigurationStore::delete_library(const std::string& name) {
  if (name == limits::kDefaultLibraryName) throw ValidationError("name", "The default library cannot be removed.");
  return connections_.write([&](SQLite::Database& db) {
    const std::optional<int64_t> id = library_id(db, name);
    if (!id) throw NotFoundError("no library named '" + name + "'");
    SQLite::Statement used(db,
                           "SELECT coalesce(c.pathstring, '#' || k.category_id) FROM kicad_category k "
                           "LEFT JOIN category c ON c.id = k.category_id WHERE k.library_id = ? ORDER BY 1");
    used.bind(1, *id);
    std::string names;
    size_t count = 0;
    while (used.executeStep()) {
      if (++count <= 5) names += (count > 1 ? ", " : "") + used.getColumn(0).getString();
    }
    if (count > 0) {
      throw StateError("library '" + name + "' still has " + std::to_string(count) + " KiCad categor" +
                       (count == 1 ? "y" : "ies") + " (" + names + (count > 5 ? ", ..." : "") +
                       "): move them to another library or remove them first");
    }
    SQLite::Statement st(db, "DELETE FROM kicad_library WHERE id = ?");
    st.bind(1, *id);
    st.exec();
    return configuration_changed();
  });
}

ChangeSet ConfigurationStore::update_library(const LibraryRecord& record) {
  limits::check_length("description", record.description, limits::kLibraryDescription);
  return connections_.write([&](SQLite::Database& db) {
    SQLite::Statement st(db, "UPDATE kicad_library SET description = ? WHERE name = ?");
    st.bind(1, record.description);
    st.bind(2, record.name);
    if (st.exec() == 0) throw NotFoundError("no library named '" + record.name + "'");
    return configuration_changed();
  });
}

ChangeSet ConfigurationStore::apply_configuration(const ConfigurationChange& change) {
  return connections_.write([&](SQLite::Database& db) {
    upsert_settings(db, change.settings);
    for (const auto& k : change.create_kicad_categories) insert_kicad_category(db, k);
    for (const auto& k : change.update_kicad_categories) update_kicad_category_row(db, k);
    return configuration_changed();
  });
}

ChangeSet ConfigurationStore::delete_setting(const std::string& key) {
  return connections_.write([&](SQLite::Database& db) {
    SQLite::Statement st(db, "DELETE FROM setting WHERE key = ?");
    st.bind(1, key);
    if (st.exec() == 0) throw NotFoundError("setting '" + key + "' is not set");
    return configuration_changed();
  });
}

}  // namespace kibridge::storage
