// LibraryConfig: everything apart from a part's own rows that decides how KiCad sees it —
// settings, parameter templates, the category tree, KiCad categories and footprint
// mappings. Immutable once built; safe to share between threads.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "server/kicad/settings.h"
#include "storage/records.h"

namespace kibridge::kicad {

// Parameter templates the settings point at, resolved to ids (nullopt: not set, or no
// template has that id or name).
struct KicadTemplates {
  std::optional<int64_t> symbol, footprint, reference, value, field_visibility;
  std::optional<int64_t> exclude_from_bom, exclude_from_board, exclude_from_sim;
};

// Which InvenTree category supplied each KiCad default kibridge's own KiCad category leaves
// empty (nullopt: none did), for one InvenTree category.
struct InventreeCategoryDefaults {
  std::optional<int64_t> symbol_from, footprint_from, reference_from;
};

class LibraryConfig {
 public:
  // `category_parameters`: the parameters of part categories (InvenTree 1.4+); those named by
  // the KICAD_CATEGORY_*_PARAMETER settings are KiCad defaults kept in InvenTree (defaults_for).
  LibraryConfig(KicadSettings settings, std::vector<storage::ParameterTemplateRecord> templates,
                std::vector<storage::CategoryRecord> categories,
                std::vector<storage::KicadCategoryRecord> kicad_categories,
                std::vector<storage::FootprintMappingRecord> footprint_mappings,
                const std::vector<storage::CategoryParameterRecord>& category_parameters = {},
                std::vector<storage::LibraryRecord> libraries = {},
                const std::optional<std::string>& library = std::nullopt);
  // `library` (a named library, or "" for the default library) makes this the configuration
  // of that library alone (kicad/libraries.h): kicad_categories() are its own KiCad categories
  // only, and a KiCad category of another library still bounds its sub-trees — a part belongs
  // to the library of the deepest KiCad category above it, whichever library that is, so each
  // part is in one library at most. nullopt: every library's KiCad categories together.

  const KicadSettings& settings() const { return settings_; }
  const KicadTemplates& kicad_templates() const { return kicad_templates_; }
  const std::vector<storage::KicadCategoryRecord>& kicad_categories() const { return kicad_categories_; }
  // The named libraries (ordered by name), for resolving a KiCad category's `library` by name.
  const std::vector<storage::LibraryRecord>& libraries() const { return libraries_; }
  const storage::LibraryRecord* library(const std::string& name) const;

  const storage::CategoryRecord* category(int64_t id) const;
  const storage::ParameterTemplateRecord* template_by_id(int64_t id) const;
  // A template given as an id ("12") or a name (case-insensitive, as InvenTree compares).
  std::optional<int64_t> resolve_template(const std::string& id_or_name) const;

  // The plugin's rule: a part's defaults come from the deepest KiCad category among its
  // category and that category's ancestors. Null when there is none.
  //
  // kibridge adds one more source below it: a default the KiCad category leaves empty is taken
  // from the part's InvenTree category parameters (KICAD_CATEGORY_*_PARAMETER), the nearest
  // category up the tree holding one winning. So a lab keeps its KiCad defaults in InvenTree
  // and every replica serves the same library, while a replica's own setting still wins; and a
  // sub-category may carry its own symbol under a KiCad category that lists its parent. The
  // record returned then is that KiCad category with the empty defaults filled in (same id).
  const storage::KicadCategoryRecord* defaults_for(std::optional<int64_t> category_id) const;
  // Which InvenTree categories filled in defaults_for(category_id); null when none did.
  const InventreeCategoryDefaults* inventree_defaults_for(std::optional<int64_t> category_id) const;
  // The KiCad category whose listing shows parts of `category_id`: with sub-categories
  // enabled the deepest selected ancestor-or-self, otherwise only the category itself when
  // it is selected. Each part is listed once, so names stay unique across the library.
  const storage::KicadCategoryRecord* listing_for(std::optional<int64_t> category_id) const;
  const storage::KicadCategoryRecord* kicad_category_of(int64_t category_id) const;
  // InvenTree categories whose parts the listing of `kicad_category` shows.
  std::vector<int64_t> categories_listed_by(const storage::KicadCategoryRecord& kicad_category) const;
  // Whether a part appears in KiCad listings at all (selected category, not filtered out).
  bool is_listed(const storage::PartRecord& part) const;
  // Why (or whether) it does: is_listed() is listing_verdict() == kListed. For the part
  // explanation, which says why a part is not served.
  enum class ListingVerdict { kListed, kInactive, kTemplate, kNoKicadCategory };
  ListingVerdict listing_verdict(const storage::PartRecord& part) const;

  // The KiCad footprint a parameter value maps to in a KiCad category, if any (exact,
  // case-sensitive match, as the plugin).
  const std::string* mapped_footprint(int64_t kicad_category_id, const std::string& value) const;

  // The field rules of a KiCad category (kicad/field_rules.h), parsed once here so rendering
  // never parses JSON; empty when it has none (or its stored text no longer parses).
  const std::vector<FieldRule>& field_rules_of(int64_t kicad_category_id) const;

 private:
  // The deepest KiCad category among `category_id` and its ancestors (the plugin's rule).
  const storage::KicadCategoryRecord* deepest_selected(std::optional<int64_t> category_id) const;
  void fill_inventree_defaults(const std::vector<storage::CategoryParameterRecord>& category_parameters);

  KicadSettings settings_;
  KicadTemplates kicad_templates_;
  std::unordered_map<int64_t, storage::ParameterTemplateRecord> templates_;
  std::unordered_map<std::string, int64_t> template_ids_by_lower_name_;
  std::unordered_map<int64_t, storage::CategoryRecord> categories_;
  std::unordered_map<int64_t, std::vector<int64_t>> children_;
  std::vector<storage::KicadCategoryRecord> kicad_categories_;
  std::vector<storage::LibraryRecord> libraries_;
  // InvenTree categories that are KiCad categories of another library (see the constructor).
  std::unordered_set<int64_t> other_libraries_;
  std::unordered_map<int64_t, size_t> kicad_index_by_category_;
  std::unordered_map<int64_t, std::map<std::string, std::string>> mappings_;
  // Per InvenTree category whose defaults InvenTree's category parameters fill in: the KiCad
  // category with them filled in, and where each came from.
  std::unordered_map<int64_t, std::pair<storage::KicadCategoryRecord, InventreeCategoryDefaults>> inherited_;
  std::unordered_map<int64_t, std::vector<FieldRule>> field_rules_;  // by KiCad category id
};

}  // namespace kibridge::kicad
