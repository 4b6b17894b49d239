// The configuration area of the Store: kibridge's own rows that decide what KiCad is served —
// KiCad categories, footprint mappings and settings (plugin setting names; validating their
// values is the caller's job). Every write returns a ChangeSet of `everything`: any response
// may differ.
//
// Ownership: the Store owns its ConfigurationStore (Store::configuration()); a Snapshot owns a
// ConfigurationReader over its own read transaction (Snapshot::configuration()).
// Thread-safety: any number of threads, as the Store (store.h) or the Snapshot (snapshot.h).
// Errors: StorageError and its subclasses, by the policy of errors.h; each write names the
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
#include "storage/records.h"

namespace kibridge::storage {

class Connections;
class ReadSource;

class ConfigurationReader {
 public:
  // For the Store and Snapshot: `source` runs the reads and must outlive the reader.
  explicit ConfigurationReader(const ReadSource& source) : source_(source) {}
  ConfigurationReader(const ConfigurationReader&) = delete;
  ConfigurationReader& operator=(const ConfigurationReader&) = delete;

  std::vector<KicadCategoryRecord> kicad_categories() const;  // ordered by id
  std::optional<KicadCategoryRecord> kicad_category(int64_t id) const;
  std::vector<FootprintMappingRecord> footprint_mappings() const;  // ordered by id
  std::optional<FootprintMappingRecord> footprint_mapping(int64_t id) const;
  std::map<std::string, std::string> settings() const;
  std::vector<LibraryRecord> libraries() const;  // named libraries, ordered by name
  std::optional<LibraryRecord> library(const std::string& name) const;

 private:
  const ReadSource& source_;
};

// Several configuration writes in one transaction (a migration, a configuration file):
// settings set, KiCad categories created (ids ignored) and updated, in that order.
struct ConfigurationChange {
  std::map<std::string, std::string> settings;
  std::vector<KicadCategoryRecord> create_kicad_categories;
  std::vector<KicadCategoryRecord> update_kicad_categories;
};

class ConfigurationStore : public ConfigurationReader {
 public:
  explicit ConfigurationStore(Connections& connections);

  // Creates a KiCad category (`record.id` is ignored); returns it with its new id.
  // Throws NotFoundError for an unknown InvenTree category, parameter template or library,
  // ConflictError when that category already has a KiCad category, and ValidationError for a
  // default over its limit (limits.h).
  std::pair<KicadCategoryRecord, ChangeSet> create_kicad_category(const KicadCategoryRecord& record);
  // Replaces every field of KiCad category `record.id`. Same errors as create.
  ChangeSet update_kicad_category(const KicadCategoryRecord& record);
  ChangeSet delete_kicad_category(int64_t id);  // and its footprint mappings

  // Throws NotFoundError for an unknown KiCad category, ConflictError for a second mapping of
  // the same parameter value in the same KiCad category, ValidationError for a value over its
  // limit.
  std::pair<FootprintMappingRecord, ChangeSet> create_footprint_mapping(const FootprintMappingRecord& record);
  ChangeSet update_footprint_mapping(const FootprintMappingRecord& record);
  ChangeSet delete_footprint_mapping(int64_t id);

  // One transaction. ValidationError (field: the key) for a value over its limit
  // (limits::setting_limit); nothing is written then.
  ChangeSet set_settings(const std::map<std::string, std::string>& values);
  ChangeSet delete_setting(const std::string& key);  // back to the default; NotFoundError if unset

  // Named libraries. create: ValidationError ("name") for a name limits::library_name_error
  // refuses ("default" among them) or ("description") one over its limit, ConflictError for a
  // taken name. delete: NotFoundError for an unknown name, ValidationError for "default", and
  // StateError (409) while KiCad categories still belong to it — the message names them;
  // moving or removing them is the caller's decision, never done implicitly.
  std::pair<LibraryRecord, ChangeSet> create_library(const LibraryRecord& record);
  ChangeSet delete_library(const std::string& name);
  // Sets the description of library `record.name` (a library is never renamed: its name is in
  // every .kicad_httplib that points at it). NotFoundError, or ValidationError over its limit.
  ChangeSet update_library(const LibraryRecord& record);

  // `change` with the errors of the single-row methods above. Any error leaves everything as
  // it was.
  ChangeSet apply_configuration(const ConfigurationChange& change);

 private:
  Connections& connections_;
};

}  // namespace kibridge::storage
