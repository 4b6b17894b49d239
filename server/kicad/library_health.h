// LibraryHealth: what KiCad would see that a user has to fix, and the fix. Two things make a
// newcomer's KiCad look broken without any error: an empty library (no KiCad categories, or
// KiCad categories that list no parts: the symbol chooser shows nothing) and parts served with
// an empty symbolIdStr (KiCad places an empty box). `serve` logs these at start-up and after
// each pull; `status`, GET /api/status and GET /api/diagnostics/ carry them.
//
// The counts come from Library::health() (library.h), which walks the listed parts the way
// the listings do; summarising and rendering here are pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace kibridge::kicad {

// One KiCad category as KiCad sees it.
struct KicadCategoryUse {
  int64_t category_id = 0;  // the InvenTree category pk (KiCad's category id)
  std::string name;         // its path, as categories.json names it
  size_t parts = 0;         // parts its listing shows
  size_t empty_symbol = 0;  // of those, served with an empty symbolIdStr
};

struct LibraryHealth {
  std::vector<KicadCategoryUse> categories;  // every KiCad category
  size_t parts = 0;                          // listed parts, all categories
  size_t empty_symbol = 0;                   // listed parts without a symbol, all categories
  // Sentences, each naming the command that fixes it; empty when nothing needs fixing.
  std::vector<std::string> warnings;

  bool empty_library() const { return parts == 0; }
};

// Totals and warnings for the given categories.
LibraryHealth summarise_health(std::vector<KicadCategoryUse> categories);

// {"kicad_categories", "parts", "empty_symbol_parts", "empty_library", "categories": [{"id",
// "name", "parts", "empty_symbol"}], "warnings"} for /api/status and /api/diagnostics/.
nlohmann::json health_json(const LibraryHealth& health);

}  // namespace kibridge::kicad
