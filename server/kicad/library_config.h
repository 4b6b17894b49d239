// LibraryConfig: everything apart from a part's own rows that decides how KiCad sees it —
// settings, parameter templates, the category tree, KiCad categories and footprint
// mappings. Immutable once built; safe to share between threads.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <unordered_map>
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

class LibraryConfig {
 public:
  LibraryConfig(KicadSettings settings, std::vector<storage::ParameterTemplateRecord> templates,
                std::vector<storage::CategoryRecord> categories,
                std::vector<storage::KicadCategoryRecord> kicad_categories,
                std::vector<storage::FootprintMappingRecord> footprint_mappings);

  const KicadSettings& settings() const { return settings_; }
  const KicadTemplates& kicad_templates() const { return kicad_templates_; }
  const std::vector<storage::KicadCategoryRecord>& kicad_categories() const { return kicad_categories_; }

  const storage::CategoryRecord* category(int64_t id) const;
  const storage::ParameterTemplateRecord* template_by_id(int64_t id) const;
  // A template given as an id ("12") or a name (case-insensitive, as InvenTree compares).
  std::optional<int64_t> resolve_template(const std::string& id_or_name) const;

  // The plugin's rule: a part's defaults come from the deepest KiCad category among its
  // category and that category's ancestors. Null when there is none.
  const storage::KicadCategoryRecord* defaults_for(std::optional<int64_t> category_id) const;
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
  KicadSettings settings_;
  KicadTemplates kicad_templates_;
  std::unordered_map<int64_t, storage::ParameterTemplateRecord> templates_;
  std::unordered_map<std::string, int64_t> template_ids_by_lower_name_;
  std::unordered_map<int64_t, storage::CategoryRecord> categories_;
  std::unordered_map<int64_t, std::vector<int64_t>> children_;
  std::vector<storage::KicadCategoryRecord> kicad_categories_;
  std::unordered_map<int64_t, size_t> kicad_index_by_category_;
  std::unordered_map<int64_t, std::map<std::string, std::string>> mappings_;
  std::unordered_map<int64_t, std::vector<FieldRule>> field_rules_;  // by KiCad category id
};

}  // namespace kibridge::kicad
