// Libraries: every KiCad library kibridge serves at one moment — the default library (the
// KiCad categories that belong to no named library, served at the plugin's
// /plugin/kicad-library-plugin/v1/) and each named library (storage LibraryRecord, served at
// /libraries/<name>/v1/). Each is a Library of its own (library.h): its own KiCad categories,
// listings, served names (a part name is unique within its library, not across libraries:
// KiCad keys its symbol cache per library nickname) and health.
//
// Loaded from one snapshot, so the libraries always agree with each other and with the
// store at one moment; the parts are read once and shared by every library's construction.
// Immutable after load(); safe to share between threads. load() throws storage::StorageError.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/kicad/library.h"

namespace kibridge::kicad {

// The URL path KiCad's root_url names for library `name` ("" or "default": the default
// library), with a trailing '/': the plugin's path for the default library, else
// /libraries/<name>/v1/.
inline constexpr const char* kDefaultLibraryRoot = "/plugin/kicad-library-plugin/v1";
inline constexpr const char* kNamedLibrariesRoot = "/libraries/";
std::string library_path(const std::string& name);

class Libraries {
 public:
  // The id of the default library; named libraries have their store id (never 0).
  static constexpr int64_t kDefault = 0;

  struct Entry {
    int64_t id = kDefault;
    std::string name;         // "default" for the default library
    std::string description;  // "" for the default library
    std::shared_ptr<const Library> library;
  };

  static std::shared_ptr<const Libraries> load(const storage::Store& store);
  static std::shared_ptr<const Libraries> load(const storage::Snapshot& snapshot);

  const std::shared_ptr<const Library>& default_library() const { return entries_.front().library; }
  // The default library first, then the named ones by name.
  const std::vector<Entry>& all() const { return entries_; }
  // nullptr: no library with that id (one removed since, say).
  const Entry* find(int64_t id) const;
  // The id of the library named `name` ("default" is the default library); nullopt when none.
  std::optional<int64_t> id_of(std::string_view name) const;

  // Whether library `id` answers parts/<part>.json. A named library serves the parts of its own
  // KiCad categories (and their sub-categories) only. The default library serves every part no
  // named library claims, as it always has (a part outside every KiCad category is still
  // answered there by id), so a part is answered by exactly one library.
  bool serves_part(int64_t id, const storage::PartRecord& part) const;

 private:
  std::vector<Entry> entries_;
  std::map<std::string, int64_t, std::less<>> ids_by_name_;
};

// The libraries as GET /api/libraries/ and `kibridge libraries list --json` show them, the
// default library first: [{"name", "description", "default", "path", "kicad_categories"
// (how many belong to it)}]. Pure.
nlohmann::json library_list_json(const std::vector<storage::LibraryRecord>& libraries,
                                 const std::vector<storage::KicadCategoryRecord>& kicad_categories);

// How a health report gets the index of the installed KiCad libraries (installed_libraries.h):
// kWait waits for its build (a cold scan takes seconds, once per machine and KiCad update);
// kIfReady never waits and leaves the check out while the index is still being built (for
// answers polled often, GET /api/status).
enum class InstalledIndex { kWait, kIfReady };

// library_health(store, library) checked against the KiCad libraries installed here, under
// the roots the library's settings name (check_installed()); unchecked ("installed_libraries"
// null) only when `how` is kIfReady and the index is not built yet. The one way every answer
// that shows a library's health checks it. Throws storage::StorageError.
LibraryHealth installed_checked_health(const storage::Store& store, const Library& library,
                                       InstalledLibraries& installed, InstalledIndex how);

// Each library with its health, checked the way installed_checked_health() checks it: {"name",
// "description", "default", "path", "kicad_categories", "parts", "empty_symbol_parts",
// "empty_library", "categories" (each with "missing_symbols" and "missing_footprints"),
// "warnings", "installed_libraries"} for GET /api/status, /api/diagnostics/ and
// `kibridge status --json`. Throws storage::StorageError.
nlohmann::json libraries_health_json(const storage::Store& store, const Libraries& libraries,
                                     InstalledLibraries& installed, InstalledIndex how);

}  // namespace kibridge::kicad
