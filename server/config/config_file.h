// The configuration file of `kibridge config export|apply`: KiCad categories with their
// defaults, footprint mappings and settings — never tokens, never the mirror — as one
// readable, diff-friendly JSON document that a lab keeps under version control and applies on
// every laptop.
//
// Format (version 1): top-level keys in a fixed order, one category, mapping or setting per
// line, keys of an item in alphabetical order, items sorted by category path:
//   {
//     "kibridge_config": 1,
//     "kicad_categories": [
//       {"category":"Electronics/Resistors","category_pk":2,"default_footprint":"",...},
//     ],
//     "footprint_mappings": [
//       {"category":"Electronics/Resistors","category_pk":2,"kicad_footprint":"...","parameter_value":"0603"}
//     ],
//     "settings": {
//       "KICAD_FOOTPRINT_PARAMETER": "KiCad Footprint"
//     },
//     "libraries": [
//       {"description":"Passive parts","name":"passives"}
//     ]
//   }
// "libraries" (named KiCad libraries, kicad/libraries.h) is written only when there are any,
// and a category's "library" only when it is not the default library, so files of a
// configuration without named libraries read as before; a file without "libraries" wants
// none.
// Categories are named by InvenTree pathstring, so the file is portable between databases
// that mirror the same InvenTree; category_pk is only a hint, used when no category has the
// path any more (it was renamed in InvenTree). Parameter templates are named where the name
// is unambiguous, else given by id. Settings list only what differs from the default.
//
// Applying is declarative and idempotent: the database ends up holding exactly the file's
// configuration (KiCad categories and mappings absent from the file are removed, settings
// absent from it go back to their defaults), and a second apply changes nothing. Every item
// passes the same rules as the REST API (config_rules.h) before anything is written.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "server/kicad/library_config.h"
#include "storage/records.h"
#include "storage/store.h"

namespace kibridge::config {

// kibridge's own configuration as stored.
struct StoredConfig {
  std::vector<storage::KicadCategoryRecord> kicad_categories;
  std::vector<storage::FootprintMappingRecord> footprint_mappings;
  std::map<std::string, std::string> settings;
  std::vector<storage::LibraryRecord> libraries;
};
StoredConfig read_stored_config(const storage::Store& store);

// The file for `stored`, ending in a newline. `config` supplies category paths and template
// names.
std::string export_config(const StoredConfig& stored, const kicad::LibraryConfig& config);

// One difference between the file and the database, with the line `config apply` prints.
struct ConfigChange {
  enum class Kind { kAddCategory, kUpdateCategory, kRemoveCategory, kAddMapping, kUpdateMapping, kRemoveMapping,
                    kSetSetting, kResetSetting, kAddLibrary, kUpdateLibrary, kRemoveLibrary };
  Kind kind;
  std::string line;                      // "+ category Electronics/Resistors ...", "~ ...", "- ..."
  storage::KicadCategoryRecord category;  // the record to write (k*Category)
  storage::FootprintMappingRecord mapping;  // k*Mapping; for an add, kicad_category_id is 0
  int64_t mapping_category = 0;           // k*Mapping: the InvenTree category of its KiCad category
  std::string key, value;                 // k*Setting
  storage::LibraryRecord library;         // k*Library
};

// What applying `document` would change, or why it cannot be applied (`errors`, one line
// each naming the item, nothing to apply then). `notes` are warnings that do not stop it (a
// category found by its pk hint because its path changed).
struct ConfigPlan {
  std::vector<ConfigChange> changes;
  std::vector<std::string> errors;
  std::vector<std::string> notes;
};
ConfigPlan plan_config(const nlohmann::json& document, const StoredConfig& stored,
                       const std::vector<storage::CategoryRecord>& categories, const kicad::LibraryConfig& config);

// Writes the plan's changes: libraries added first, then mappings removed, categories removed,
// changed and added, then mappings, then settings, then libraries changed and removed (once
// no category belongs to them). Each change is its own transaction (a running server
// picks each up); on a storage error (another writer changed the database meanwhile) the
// error propagates and running apply again finishes the job. Throws storage::StorageError.
void apply_plan(storage::Store& store, const ConfigPlan& plan);

}  // namespace kibridge::config
