#include "server/kicad/library_config.h"

#include "server/util/ascii_text.h"
#include "server/util/decimal_id.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <unordered_set>

namespace kibridge::kicad {


LibraryConfig::LibraryConfig(KicadSettings settings, std::vector<storage::ParameterTemplateRecord> templates,
                             std::vector<storage::CategoryRecord> categories,
                             std::vector<storage::KicadCategoryRecord> kicad_categories,
                             std::vector<storage::FootprintMappingRecord> footprint_mappings,
                             const std::vector<storage::CategoryParameterRecord>& category_parameters,
                             std::vector<storage::LibraryRecord> libraries, const std::optional<std::string>& library)
    : settings_(std::move(settings)), kicad_categories_(std::move(kicad_categories)), libraries_(std::move(libraries)) {
  if (library) {
    std::vector<storage::KicadCategoryRecord> own;
    for (auto& k : kicad_categories_) {
      if (k.library == *library) {
        own.push_back(std::move(k));
      } else {
        other_libraries_.insert(k.category_id);
      }
    }
    kicad_categories_ = std::move(own);
  }
  for (auto& t : templates) {
    template_ids_by_lower_name_.emplace(util::ascii_lower(t.name), t.id);
    templates_.emplace(t.id, std::move(t));
  }
  for (auto& c : categories) {
    if (c.parent_id) children_[*c.parent_id].push_back(c.id);
    categories_.emplace(c.id, std::move(c));
  }
  for (size_t i = 0; i < kicad_categories_.size(); ++i) {
    kicad_index_by_category_.emplace(kicad_categories_[i].category_id, i);
    if (auto parsed = parse_field_rules(kicad_categories_[i].field_rules); parsed.rules && !parsed.rules->empty()) {
      field_rules_.emplace(kicad_categories_[i].id, std::move(*parsed.rules));
    }
  }
  for (auto& m : footprint_mappings) {
    mappings_[m.kicad_category_id].emplace(std::move(m.parameter_value), std::move(m.kicad_footprint));
  }
  kicad_templates_.symbol = resolve_template(settings_.symbol_parameter);
  kicad_templates_.footprint = resolve_template(settings_.footprint_parameter);
  kicad_templates_.reference = resolve_template(settings_.reference_parameter);
  kicad_templates_.value = resolve_template(settings_.value_parameter);
  kicad_templates_.field_visibility = resolve_template(settings_.field_visibility_parameter);
  kicad_templates_.exclude_from_bom = resolve_template(settings_.exclude_from_bom_parameter);
  kicad_templates_.exclude_from_board = resolve_template(settings_.exclude_from_board_parameter);
  kicad_templates_.exclude_from_sim = resolve_template(settings_.exclude_from_sim_parameter);
  fill_inventree_defaults(category_parameters);
}

void LibraryConfig::fill_inventree_defaults(const std::vector<storage::CategoryParameterRecord>& category_parameters) {
  // The values each category holds itself, by the default they stand for.
  enum Which { kSymbol, kFootprint, kReference, kCount };
  const std::string names[kCount] = {util::ascii_lower(util::trim(settings_.category_symbol_parameter)),
                                     util::ascii_lower(util::trim(settings_.category_footprint_parameter)),
                                     util::ascii_lower(util::trim(settings_.category_reference_parameter))};
  std::unordered_map<int64_t, std::array<const storage::CategoryParameterRecord*, kCount>> held;
  for (const auto& p : category_parameters) {
    if (util::trim(p.data).empty()) continue;
    const std::string name = util::ascii_lower(util::trim(p.template_name));
    for (int w = 0; w < kCount; ++w) {
      if (names[w].empty() || name != names[w]) continue;
      auto& slot = held[p.category_id][w];
      if (slot == nullptr || p.id < slot->id) slot = &p;  // the oldest of duplicates, as InvenTree lists them
    }
  }
  if (held.empty()) return;
  for (const auto& entry : categories_) {
    const int64_t category_id = entry.first;
    const auto* kicad = deepest_selected(category_id);
    if (kicad == nullptr) continue;
    storage::KicadCategoryRecord filled = *kicad;
    InventreeCategoryDefaults from;
    std::string* const fields[kCount] = {&filled.default_symbol, &filled.default_footprint, &filled.default_reference};
    std::optional<int64_t>* const sources[kCount] = {&from.symbol_from, &from.footprint_from, &from.reference_from};
    bool any = false;
    // Nearest first; the depth bound guards against a cycle in mirrored data.
    std::optional<int64_t> current = category_id;
    for (size_t depth = 0; current && depth <= categories_.size(); ++depth) {
      if (auto h = held.find(*current); h != held.end()) {
        for (int w = 0; w < kCount; ++w) {
          if (h->second[w] == nullptr || !fields[w]->empty()) continue;
          *fields[w] = util::trim(h->second[w]->data);
          *sources[w] = *current;
          any = true;
        }
      }
      const auto* c = category(*current);
      current = c == nullptr ? std::nullopt : c->parent_id;
    }
    if (any) inherited_.emplace(category_id, std::make_pair(std::move(filled), from));
  }
}

const storage::LibraryRecord* LibraryConfig::library(const std::string& name) const {
  for (const auto& l : libraries_) {
    if (l.name == name) return &l;
  }
  return nullptr;
}

const storage::CategoryRecord* LibraryConfig::category(int64_t id) const {
  auto it = categories_.find(id);
  return it == categories_.end() ? nullptr : &it->second;
}

const storage::ParameterTemplateRecord* LibraryConfig::template_by_id(int64_t id) const {
  auto it = templates_.find(id);
  return it == templates_.end() ? nullptr : &it->second;
}

std::optional<int64_t> LibraryConfig::resolve_template(const std::string& id_or_name) const {
  if (id_or_name.empty()) return std::nullopt;
  if (const auto id = util::parse_decimal_id(id_or_name); id && templates_.count(*id)) return id;
  auto it = template_ids_by_lower_name_.find(util::ascii_lower(id_or_name));
  if (it != template_ids_by_lower_name_.end()) return it->second;
  return std::nullopt;
}

const storage::KicadCategoryRecord* LibraryConfig::kicad_category_of(int64_t category_id) const {
  auto it = kicad_index_by_category_.find(category_id);
  return it == kicad_index_by_category_.end() ? nullptr : &kicad_categories_[it->second];
}

const storage::KicadCategoryRecord* LibraryConfig::defaults_for(std::optional<int64_t> category_id) const {
  if (category_id && !inherited_.empty()) {
    if (auto it = inherited_.find(*category_id); it != inherited_.end()) return &it->second.first;
  }
  return deepest_selected(category_id);
}

const InventreeCategoryDefaults* LibraryConfig::inventree_defaults_for(std::optional<int64_t> category_id) const {
  if (!category_id) return nullptr;
  auto it = inherited_.find(*category_id);
  return it == inherited_.end() ? nullptr : &it->second.second;
}

const storage::KicadCategoryRecord* LibraryConfig::deepest_selected(std::optional<int64_t> category_id) const {
  // Walk up from the part's category; the first selected one is the deepest. The depth
  // bound guards against a cycle in mirrored data.
  std::optional<int64_t> current = category_id;
  for (size_t depth = 0; current && depth <= categories_.size(); ++depth) {
    if (const auto* k = kicad_category_of(*current)) return k;
    if (other_libraries_.count(*current)) return nullptr;  // its parts belong to another library
    const auto* c = category(*current);
    if (c == nullptr) return nullptr;
    current = c->parent_id;
  }
  return nullptr;
}

const storage::KicadCategoryRecord* LibraryConfig::listing_for(std::optional<int64_t> category_id) const {
  if (!category_id) return nullptr;
  if (settings_.enable_subcategory) return deepest_selected(category_id);
  return kicad_category_of(*category_id);
}

std::vector<int64_t> LibraryConfig::categories_listed_by(const storage::KicadCategoryRecord& kicad_category) const {
  std::vector<int64_t> out{kicad_category.category_id};
  if (!settings_.enable_subcategory) return out;
  // Descend, but not into sub-trees that another KiCad category lists.
  std::unordered_set<int64_t> visited{kicad_category.category_id};
  for (size_t i = 0; i < out.size(); ++i) {
    auto it = children_.find(out[i]);
    if (it == children_.end()) continue;
    for (int64_t child : it->second) {
      if (kicad_category_of(child) != nullptr || other_libraries_.count(child) || !visited.insert(child).second) continue;
      out.push_back(child);
    }
  }
  return out;
}

bool LibraryConfig::is_listed(const storage::PartRecord& part) const {
  return listing_verdict(part) == ListingVerdict::kListed;
}

LibraryConfig::ListingVerdict LibraryConfig::listing_verdict(const storage::PartRecord& part) const {
  if (settings_.hide_inactive_parts && !part.active) return ListingVerdict::kInactive;
  if (settings_.hide_template_parts && part.is_template) return ListingVerdict::kTemplate;
  return listing_for(part.category_id) != nullptr ? ListingVerdict::kListed : ListingVerdict::kNoKicadCategory;
}

const std::vector<FieldRule>& LibraryConfig::field_rules_of(int64_t kicad_category_id) const {
  static const std::vector<FieldRule> kNone;
  auto it = field_rules_.find(kicad_category_id);
  return it == field_rules_.end() ? kNone : it->second;
}

const std::string* LibraryConfig::mapped_footprint(int64_t kicad_category_id, const std::string& value) const {
  auto it = mappings_.find(kicad_category_id);
  if (it == mappings_.end()) return nullptr;
  auto m = it->second.find(value);
  return m == it->second.end() ? nullptr : &m->second;
}

}  // namespace kibridge::kicad
