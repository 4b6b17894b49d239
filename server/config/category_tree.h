// The mirrored InvenTree category tree as `kibridge categories` shows it — how many parts each
// category holds and whether KiCad sees them — and finding a category by what a user types.
// Pure functions over records the caller read from the store.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "server/kicad/library_config.h"
#include "storage/records.h"

namespace kibridge::config {

struct CategoryRow {
  const storage::CategoryRecord* category = nullptr;
  int depth = 0;                // 0 for a top-level category
  int64_t parts = 0;            // parts directly in it
  int64_t parts_below = 0;      // parts in it and in all its sub-categories
  // Its own KiCad category (its defaults), or null when it is not selected itself.
  const storage::KicadCategoryRecord* kicad = nullptr;
  // The category whose KiCad listing shows its parts: itself, a selected ancestor (when
  // sub-categories are enabled), or null when KiCad does not see its parts.
  const storage::CategoryRecord* listed_in = nullptr;
};

// Every category of `categories` in tree order (a parent before its children, siblings by
// name). Rows point into `categories` and `config`, which must outlive them. `part_counts`
// is MirrorReader::part_counts_by_category().
std::vector<CategoryRow> category_tree(const std::vector<storage::CategoryRecord>& categories,
                                       const std::map<int64_t, int64_t>& part_counts,
                                       const kicad::LibraryConfig& config);

// A row as `kibridge categories --json` prints it: pk, path, name, parent, structural, parts,
// parts_below, listed_in (pk or null) and kicad (null, or the KiCad category's pk and
// defaults with templates by name).
nlohmann::json category_row_json(const CategoryRow& row, const kicad::LibraryConfig& config);

// A KiCad category's parameter template reference for people and config files: the
// template's name when that name finds this template again, else its id. Null when unset.
nlohmann::json template_reference(const kicad::LibraryConfig& config, const std::optional<int64_t>& id);

// What a user typed to name a category: a pk ("12") or an exact InvenTree pathstring
// ("Electronics/Passives/Resistors"). Returns the category's pk, or an error message that
// suggests the closest path ("did you mean ...?") when the text is a near miss.
struct CategoryLookup {
  std::optional<int64_t> id;
  std::string error;
};
CategoryLookup find_category(const std::vector<storage::CategoryRecord>& categories, const std::string& path_or_pk);

}  // namespace kibridge::config
