#include "server/kicad/part_renderer.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <unordered_map>
#include <unordered_set>

#include "server/util/ascii_text.h"

namespace kibridge::kicad {

namespace {

using nlohmann::ordered_json;

const char* bool_string(bool b) { return b ? "True" : "False"; }

using util::trim;
std::string lower(std::string s) { return util::ascii_lower(std::move(s)); }

bool ends_with_ci(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && lower(text.substr(text.size() - suffix.size())) == lower(suffix);
}

ordered_json field(const std::string& value, bool visible) {
  return ordered_json{{"value", value}, {"visible", bool_string(visible)}};
}

// Lowercased, trimmed names from a comma-separated list.
std::unordered_set<std::string> name_list(const std::string& csv) {
  std::unordered_set<std::string> out;
  size_t start = 0;
  while (start <= csv.size()) {
    size_t comma = csv.find(',', start);
    if (comma == std::string::npos) comma = csv.size();
    std::string name = lower(trim(csv.substr(start, comma - start)));
    if (!name.empty()) out.insert(std::move(name));
    start = comma + 1;
  }
  return out;
}

// KiCad's built-in field names; a parameter of that name would clobber them.
bool is_builtin_field_name(const std::string& name) {
  static const std::unordered_set<std::string> kBuiltin = {"value", "footprint", "datasheet",
                                                           "reference", "description", "keywords"};
  return kBuiltin.count(lower(name)) != 0;
}

struct PartParameters {
  std::unordered_map<int64_t, const std::string*> by_template;
  const std::string* get(std::optional<int64_t> template_id) const {
    if (!template_id) return nullptr;
    auto it = by_template.find(*template_id);
    return it == by_template.end() ? nullptr : it->second;
  }
};

// The symbol as "lib:name". More than one colon cannot be a KiCad LIB_ID: later colons
// become "_" (as the plugin does). No colon at all is reported and served unchanged — no
// library is invented.
std::string normalise_symbol(std::string symbol, const storage::PartRecord& part, std::vector<std::string>& warnings) {
  if (symbol.empty()) return symbol;
  const size_t first = symbol.find(':');
  if (first == std::string::npos) {
    warnings.push_back("part " + std::to_string(part.id) + " (" + part.name + "): symbol '" + symbol +
                       "' has no library prefix (expected lib:name)");
    return symbol;
  }
  if (symbol.find(':', first + 1) != std::string::npos) {
    warnings.push_back("part " + std::to_string(part.id) + " (" + part.name + "): symbol '" + symbol +
                       "' has more than one ':'");
    std::replace(symbol.begin() + static_cast<std::ptrdiff_t>(first) + 1, symbol.end(), ':', '_');
  }
  return symbol;
}

struct Resolved {
  std::string symbol, footprint, reference, value, datasheet;
  bool exclude_from_bom = false, exclude_from_board = false, exclude_from_sim = false;
};

Resolved resolve(const storage::PartDetails& d, const LibraryConfig& config, const PartParameters& params,
                 const storage::KicadCategoryRecord* kcat, std::vector<std::string>& warnings) {
  const auto& t = config.kicad_templates();
  const auto& s = config.settings();
  Resolved r;

  r.symbol = kcat ? kcat->default_symbol : "";
  if (const std::string* v = params.get(t.symbol)) r.symbol = *v;
  if (r.symbol.empty()) r.symbol = s.default_for_missing_symbol;
  r.symbol = normalise_symbol(trim(r.symbol), d.part, warnings);

  r.footprint = kcat ? kcat->default_footprint : "";
  const std::optional<int64_t> footprint_template =
      kcat && kcat->footprint_parameter_template ? kcat->footprint_parameter_template : t.footprint;
  if (const std::string* v = params.get(footprint_template)) r.footprint = *v;
  if (kcat) {
    if (const std::string* mapped = config.mapped_footprint(kcat->id, r.footprint)) r.footprint = *mapped;
  }

  // "X" is the plugin's fallback; a KiCad category with a blank prefix does not blank it.
  r.reference = "X";
  if (kcat && !trim(kcat->default_reference).empty()) r.reference = trim(kcat->default_reference);
  if (const std::string* v = params.get(t.reference); v && !trim(*v).empty()) r.reference = trim(*v);

  if (s.include_ipn == IpnMode::kIncludeAsValue && !d.part.ipn.empty()) {
    r.value = d.part.ipn;
  } else {
    r.value = d.part.name;
    if (const std::string* v = params.get(t.value)) r.value = *v;
    if (r.value == d.part.name && kcat) {
      if (const std::string* v = params.get(kcat->default_value_parameter_template)) r.value = *v;
    }
  }

  auto flag = [&](std::optional<int64_t> tmpl, const char* name) {
    const std::string* v = params.get(tmpl);
    if (v == nullptr) return false;
    if (auto b = parse_bool(*v)) return *b;
    warnings.push_back("part " + std::to_string(d.part.id) + " (" + d.part.name + "): " + name + " value '" + *v +
                       "' is not a boolean; served as False");
    return false;
  };
  r.exclude_from_bom = flag(t.exclude_from_bom, "exclude_from_bom");
  r.exclude_from_board = flag(t.exclude_from_board, "exclude_from_board");
  r.exclude_from_sim = flag(t.exclude_from_sim, "exclude_from_sim");

  for (const auto& a : d.attachments) {  // ordered by id: the first datasheet wins
    if (storage::is_datasheet_comment(a.comment) && !a.link.empty()) {
      r.datasheet = a.link;
      break;
    }
  }
  return r;
}

void add_manufacturer_fields(const storage::PartDetails& d, ordered_json& fields) {
  std::unordered_set<int64_t> manufacturer_ids;
  size_t i = 0;
  for (const auto& mp : d.manufacturer_parts) {
    ++i;
    manufacturer_ids.insert(mp.id);
    fields["Manufacturer_" + std::to_string(i)] = field(mp.manufacturer, false);
    fields["MPN_" + std::to_string(i)] = field(mp.mpn, false);
    size_t j = 0;
    for (const auto& sp : d.supplier_parts) {
      if (sp.manufacturer_part_id != mp.id) continue;
      ++j;
      const std::string suffix = std::to_string(i) + "_" + std::to_string(j);
      fields["Supplier_" + suffix] = field(sp.supplier, false);
      fields["SPN_" + suffix] = field(sp.sku, false);
    }
  }
  // Supplier parts without a (known) manufacturer part: numbered by their position among
  // all the part's supplier parts, as the plugin does.
  size_t k = 0;
  for (const auto& sp : d.supplier_parts) {
    ++k;
    if (sp.manufacturer_part_id && manufacturer_ids.count(*sp.manufacturer_part_id)) continue;
    fields["Supplier_" + std::to_string(k)] = field(sp.supplier, false);
    fields["SPN_" + std::to_string(k)] = field(sp.sku, false);
  }
}

ordered_json render(const storage::PartDetails& d, const LibraryConfig& config, const std::string& served_name,
                    const std::string& description, std::vector<std::string>& warnings) {
  const auto& s = config.settings();
  const auto& t = config.kicad_templates();
  const storage::KicadCategoryRecord* kcat = config.defaults_for(d.part.category_id);

  PartParameters params;
  for (const auto& p : d.parameters) params.by_template.emplace(p.template_id, &p.data);
  const Resolved r = resolve(d, config, params, kcat, warnings);

  ordered_json fields = ordered_json::object();
  fields["value"] = ordered_json{{"value", r.value}};  // no "visible": KiCad shows the value
  fields["footprint"] = field(r.footprint, false);
  fields["datasheet"] = field(r.datasheet, false);
  fields["reference"] = field(r.reference, true);
  fields["description"] = field(d.part.description, false);
  fields["keywords"] = field(d.part.keywords, false);
  if (s.enable_manufacturer_data) add_manufacturer_fields(d, fields);
  fields["InvenTree"] = field(std::to_string(d.part.id), false);
  if (!s.inventree_url.empty()) {
    fields["Part URL"] = field(s.inventree_url + "/web/part/" + std::to_string(d.part.id) + "/", false);
  }
  if (s.include_ipn != IpnMode::kDontInclude) {
    fields["IPN"] = field(d.part.ipn, s.include_ipn == IpnMode::kIncludeVisible);
  }

  // Parameters that configure KiCad fields are not repeated as fields of their own.
  std::unordered_set<int64_t> kicad_templates;
  for (const auto& id : {t.symbol, t.footprint, t.reference, t.value, t.field_visibility, t.exclude_from_bom,
                         t.exclude_from_board, t.exclude_from_sim}) {
    if (id) kicad_templates.insert(*id);
  }
  if (kcat && kcat->footprint_parameter_template) kicad_templates.insert(*kcat->footprint_parameter_template);
  if (kcat && kcat->default_value_parameter_template) kicad_templates.insert(*kcat->default_value_parameter_template);

  const std::string* per_part_visibility = params.get(t.field_visibility);
  const auto visible_names = name_list(per_part_visibility ? *per_part_visibility : s.field_visibility_global);

  for (const auto& p : d.parameters) {
    if (kicad_templates.count(p.template_id)) continue;
    const storage::ParameterTemplateRecord* tmpl = config.template_by_id(p.template_id);
    if (tmpl == nullptr || tmpl->name.empty() || is_builtin_field_name(tmpl->name)) continue;
    std::string value = p.data;
    // "10k" with units "ohm" -> "10k ohm"; "100nF" with units "F" stays as it is.
    if (s.include_units_in_parameters && !tmpl->units.empty() && !ends_with_ci(trim(value), tmpl->units)) {
      value = trim(value) + " " + tmpl->units;
    }
    fields[tmpl->name] = field(value, visible_names.count(lower(trim(tmpl->name))) != 0);
  }

  ordered_json out = ordered_json::object();
  out["id"] = std::to_string(d.part.id);
  out["name"] = served_name;
  out["description"] = description;
  out["keywords"] = d.part.keywords;
  out["symbolIdStr"] = r.symbol;
  out["exclude_from_bom"] = bool_string(r.exclude_from_bom);
  out["exclude_from_board"] = bool_string(r.exclude_from_board);
  out["exclude_from_sim"] = bool_string(r.exclude_from_sim);
  out["fields"] = std::move(fields);
  return out;
}

}  // namespace

std::string served_symbol(const storage::PartDetails& part, const LibraryConfig& config) {
  PartParameters params;
  for (const auto& p : part.parameters) params.by_template.emplace(p.template_id, &p.data);
  std::vector<std::string> ignored;
  return resolve(part, config, params, config.defaults_for(part.part.category_id), ignored).symbol;
}

std::string decimal_to_string(double value) {
  if (!std::isfinite(value)) return "0";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6f", value);
  std::string s = buf;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  return s;
}

std::optional<std::string> format_stock_description(const std::string& format, const storage::PartRecord& part,
                                                    const std::string& stock) {
  std::string out;
  size_t auto_index = 0;
  bool used_manual = false, used_auto = false;
  for (size_t i = 0; i < format.size(); ++i) {
    const char c = format[i];
    if (c == '}') {
      if (i + 1 < format.size() && format[i + 1] == '}') {
        out += '}';
        ++i;
        continue;
      }
      return std::nullopt;  // a lone '}' is an error in Python too
    }
    if (c != '{') {
      out += c;
      continue;
    }
    if (i + 1 < format.size() && format[i + 1] == '{') {
      out += '{';
      ++i;
      continue;
    }
    const size_t close = format.find('}', i + 1);
    if (close == std::string::npos) return std::nullopt;
    const std::string name = format.substr(i + 1, close - i - 1);
    i = close;
    std::string key = name;
    if (key.empty()) {
      used_auto = true;
      key = std::to_string(auto_index++);
    } else if (key == "0" || key == "1") {
      used_manual = true;
    }
    if (used_auto && used_manual) return std::nullopt;  // Python forbids mixing
    if (key == "0" || key == "part.description") {
      out += part.description;
    } else if (key == "1" || key == "part.stock") {
      out += stock;
    } else if (key == "part.name") {
      out += part.name;
    } else if (key == "part.IPN") {
      out += part.ipn;
    } else if (key == "part.revision") {
      out += part.revision;
    } else {
      return std::nullopt;  // unknown field, format spec or conversion
    }
  }
  return trim(out);
}

nlohmann::ordered_json render_part_detail(const storage::PartDetails& part, const LibraryConfig& config,
                                          const std::string& served_name, std::vector<std::string>& warnings) {
  return render(part, config, served_name, part.part.description, warnings);
}

nlohmann::ordered_json render_listing_entry(const storage::PartDetails& part, const LibraryConfig& config,
                                            const std::string& served_name, std::vector<std::string>& warnings) {
  const std::string stock = decimal_to_string(part.part.unallocated_stock);
  std::string description = part.part.description;
  if (config.settings().enable_stock_count) {
    if (auto formatted = format_stock_description(config.settings().stock_count_format, part.part, stock)) {
      description = *formatted;
    } else {
      warnings.push_back("KICAD_ENABLE_STOCK_COUNT_FORMAT '" + config.settings().stock_count_format +
                         "' cannot be applied; listing the plain description");
    }
  }
  auto entry = render(part, config, served_name, description, warnings);
  entry["stock"] = stock;
  return entry;
}

}  // namespace kibridge::kicad
