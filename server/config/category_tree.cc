#include "server/config/category_tree.h"
#include "server/config/config_rules.h"

#include <algorithm>
#include <unordered_map>

#include "server/util/ascii_text.h"
#include "server/util/decimal_id.h"
#include "server/util/json_optional.h"

namespace kibridge::config {

namespace {

using nlohmann::json;

std::vector<std::string> segments(const std::string& path) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    const size_t slash = path.find('/', start);
    out.push_back(path.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
    if (slash == std::string::npos) return out;
    start = slash + 1;
  }
}

// Levenshtein distance, ASCII case folded: typos and letter case in a path are near misses.
size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      const bool same = util::ascii_lower(a[i - 1]) == util::ascii_lower(b[j - 1]);
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::vector<CategoryRow> category_tree(const std::vector<storage::CategoryRecord>& categories,
                                       const std::map<int64_t, int64_t>& part_counts,
                                       const kicad::LibraryConfig& config) {
  std::unordered_map<int64_t, const storage::CategoryRecord*> by_id;
  for (const auto& c : categories) by_id[c.id] = &c;
  std::unordered_map<int64_t, int64_t> below;
  for (const auto& [id, count] : part_counts) {
    // Walks up the parents; the bound stops a (corrupt) cycle.
    std::optional<int64_t> at = id;
    for (size_t steps = 0; at && steps <= categories.size(); ++steps) {
      below[*at] += count;
      auto it = by_id.find(*at);
      at = it == by_id.end() ? std::nullopt : it->second->parent_id;
    }
  }
  std::vector<std::pair<std::vector<std::string>, CategoryRow>> rows;
  for (const auto& c : categories) {
    CategoryRow row;
    row.category = &c;
    auto path = segments(c.pathstring.empty() ? c.name : c.pathstring);
    row.depth = static_cast<int>(path.size()) - 1;
    if (auto it = part_counts.find(c.id); it != part_counts.end()) row.parts = it->second;
    if (auto it = below.find(c.id); it != below.end()) row.parts_below = it->second;
    row.kicad = config.kicad_category_of(c.id);
    if (const auto* k = config.listing_for(c.id)) row.listed_in = config.category(k->category_id);
    rows.emplace_back(std::move(path), row);
  }
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<CategoryRow> out;
  out.reserve(rows.size());
  for (auto& r : rows) out.push_back(r.second);
  return out;
}

json template_reference(const kicad::LibraryConfig& config, const std::optional<int64_t>& id) {
  if (!id) return nullptr;
  const auto* t = config.template_by_id(*id);
  if (t != nullptr && config.resolve_template(t->name) == *id && !util::all_ascii_digits(t->name)) return t->name;
  return *id;
}

json category_row_json(const CategoryRow& row, const kicad::LibraryConfig& config) {
  const auto& c = *row.category;
  json kicad = nullptr;
  if (row.kicad != nullptr) {
    kicad = json{{"pk", row.kicad->id},
                 {"default_symbol", row.kicad->default_symbol},
                 {"default_footprint", row.kicad->default_footprint},
                 {"default_reference", row.kicad->default_reference},
                 {"default_value_parameter_template", template_reference(config, row.kicad->default_value_parameter_template)},
                 {"footprint_parameter_template", template_reference(config, row.kicad->footprint_parameter_template)},
                 {"field_rules", field_rules_json(row.kicad->field_rules)},
                 {"library", row.kicad->library.empty() ? json(nullptr) : json(row.kicad->library)}};
  }
  return json{{"pk", c.id},
              {"path", c.pathstring},
              {"name", c.name},
              {"parent", util::json_or_null(c.parent_id)},
              {"structural", c.structural},
              {"parts", row.parts},
              {"parts_below", row.parts_below},
              {"listed_in", row.listed_in != nullptr ? json(row.listed_in->id) : json(nullptr)},
              {"kicad", kicad}};
}

CategoryLookup find_category(const std::vector<storage::CategoryRecord>& categories, const std::string& path_or_pk) {
  if (const auto id = util::parse_decimal_id(path_or_pk)) {
    const int64_t pk = *id;
    for (const auto& c : categories) {
      if (c.id == pk) return {pk, ""};
    }
    return {std::nullopt, "no InvenTree category with pk " + path_or_pk + " (see `kibridge categories`)"};
  }
  for (const auto& c : categories) {
    if (c.pathstring == path_or_pk) return {c.id, ""};
  }
  // A near miss: the same path in another letter case, a small typo, or the bare name of
  // exactly one category.
  const storage::CategoryRecord* best = nullptr;
  size_t best_distance = std::max<size_t>(2, path_or_pk.size() / 5) + 1;
  const storage::CategoryRecord* named = nullptr;
  int named_count = 0;
  for (const auto& c : categories) {
    const size_t d = edit_distance(path_or_pk, c.pathstring);
    if (d < best_distance) {
      best_distance = d;
      best = &c;
    }
    if (util::equals_ignore_case(c.name, path_or_pk)) {
      named = &c;
      ++named_count;
    }
  }
  if (best == nullptr && named_count == 1) best = named;
  std::string error = "no InvenTree category with the path '" + path_or_pk + "'";
  if (best != nullptr) return {std::nullopt, error + "; did you mean '" + best->pathstring + "'?"};
  return {std::nullopt, error + " (paths are matched exactly; see `kibridge categories`)"};
}

}  // namespace kibridge::config
