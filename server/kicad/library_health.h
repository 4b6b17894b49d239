// LibraryHealth: what KiCad would see that a user has to fix, and the fix. Two things make a
// newcomer's KiCad look broken without any error: an empty library (no KiCad categories, or
// KiCad categories that list no parts: the symbol chooser shows nothing) and parts served with
// an empty symbolIdStr (KiCad places an empty box). `serve` logs these at start-up and after
// each pull; `status`, GET /api/status and GET /api/diagnostics/ carry them.
//
// A third needs the KiCad libraries installed on the machine (installed_libraries.h): a
// served symbol or footprint those libraries do not have. KiCad shows the part, then places
// an empty box or a symbol without a footprint. check_installed() adds that check to a health
// report; it takes the installed names as an input, so it reads no folder (the scan is cached
// in InstalledLibraries and never runs on KiCad's request path) and tests hand it a fake index.
//
// The counts come from Library::health() (library.h), which walks the listed parts the way
// the listings do; summarising, checking and rendering here are pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/kicad/installed_libraries.h"

namespace kibridge::kicad {

// The distinct non-empty symbols and footprints one KiCad category serves, each with the
// number of its listed parts served it. Held by pointer: a health report is copied into every
// status answer, and a library whose parts each have their own symbol has as many names as
// parts.
struct ServedLibraryNames {
  std::map<std::string, size_t> symbols;
  std::map<std::string, size_t> footprints;
};

// Served names of one kind that the installed libraries do not have.
struct MissingNames {
  size_t parts = 0;                // listed parts served one of them
  size_t names = 0;                // distinct names
  std::vector<std::string> shown;  // the first kMaxMissingNamesShown of them, in name order
};

// Why 20: enough to see the pattern (one library missing, or a typo in one default) in a
// report a person reads; the counts still cover all of them.
inline constexpr size_t kMaxMissingNamesShown = 20;

// One KiCad category as KiCad sees it.
struct KicadCategoryUse {
  int64_t category_id = 0;  // the InvenTree category pk (KiCad's category id)
  std::string name;         // its path, as categories.json names it
  size_t parts = 0;         // parts its listing shows
  size_t empty_symbol = 0;  // of those, served with an empty symbolIdStr
  // What the category serves (filled by library_health; null when not collected).
  std::shared_ptr<const ServedLibraryNames> served;
  // Filled by check_installed(); nullopt: not checked (no library of that kind installed, or
  // the check did not run).
  std::optional<MissingNames> missing_symbols;
  std::optional<MissingNames> missing_footprints;
};

// The installed-library check of a whole library, one kind (symbols or footprints).
struct InstalledCheck {
  bool checked = false;            // libraries of this kind were found under `roots`
  std::vector<std::string> roots;  // the folders looked in
  size_t installed_names = 0;      // names found there
  size_t missing_parts = 0;        // listed parts served a name not found (all categories)
  size_t missing_names = 0;        // distinct such names, summed per category
};

struct LibraryHealth {
  std::vector<KicadCategoryUse> categories;  // every KiCad category
  size_t parts = 0;                          // listed parts, all categories
  size_t empty_symbol = 0;                   // listed parts without a symbol, all categories
  // Sentences, each naming the command that fixes it; empty when nothing needs fixing.
  std::vector<std::string> warnings;
  // Set by check_installed(); nullopt: the installed libraries were not looked at.
  std::optional<InstalledCheck> installed_symbols;
  std::optional<InstalledCheck> installed_footprints;

  bool empty_library() const { return parts == 0; }
};

// Totals and warnings for the given categories.
LibraryHealth summarise_health(std::vector<KicadCategoryUse> categories);

// `health` with every category's served symbols and footprints looked up in `installed`,
// and one warning per category and kind with missing names, naming them and the fix (the
// category's default or the parts' parameter, or installing the library / naming its folder
// in KICAD_SYMBOL_DIRS / KICAD_FOOTPRINT_DIRS). A kind `installed` has no names of is not
// checked: its missing counts stay nullopt ("not checked"), never zero. Cost: one binary
// search per distinct served name.
LibraryHealth check_installed(LibraryHealth health, const InstalledNames& installed);

// {"kicad_categories", "parts", "empty_symbol_parts", "empty_library", "categories": [{"id",
// "name", "parts", "empty_symbol", "missing_symbols", "missing_footprints"}], "warnings",
// "installed_libraries"} for /api/status and /api/diagnostics/. A category's
// "missing_symbols" / "missing_footprints" is {"parts", "names" (count), "shown" (up to 20
// names), "more" (names not shown)}, or null when not checked. "installed_libraries" is null
// when the check did not run, else {"symbols": {"checked", "roots", "installed_names",
// "missing_parts" (null when not checked), "missing_names"}, "footprints": {...}}.
nlohmann::json health_json(const LibraryHealth& health);

// For `kibridge status`: one line per kind saying what the served names were checked
// against and what was found missing ("symbols: 2 parts (1 name) not in the 20143 names
// under /usr/share/kicad/symbols"), or why they were not checked. Empty when the check did
// not run. The per-category details and their fixes are in `warnings`.
std::vector<std::string> installed_check_lines(const LibraryHealth& health);

}  // namespace kibridge::kicad
