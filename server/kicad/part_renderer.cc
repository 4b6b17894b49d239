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

bool ends_with_ci(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && util::ascii_lower(text.substr(text.size() - suffix.size())) == util::ascii_lower(suffix);
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
    std::string name = util::ascii_lower(trim(csv.substr(start, comma - start)));
    if (!name.empty()) out.insert(std::move(name));
    start = comma + 1;
  }
  return out;
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

// ---- Explanation helpers: called only when explaining (`ex` non-null) -------------------------

std::string in_quotes(const std::string& s) { return "'" + s + "'"; }

std::string kicad_category_name(const LibraryConfig& config, const storage::KicadCategoryRecord& kcat) {
  const storage::CategoryRecord* c = config.category(kcat.category_id);
  return "KiCad category " + (c ? in_quotes(c->pathstring) : std::to_string(kcat.id));
}

std::string parameter_name(const LibraryConfig& config, int64_t template_id) {
  const storage::ParameterTemplateRecord* t = config.template_by_id(template_id);
  return "parameter " + (t ? in_quotes(t->name) : "template " + std::to_string(template_id));
}

// Where a KiCad-category default came from: kibridge's own KiCad category, or, where that left
// it empty, a part-category parameter kept in InvenTree (LibraryConfig::defaults_for).
std::string category_default_source(const LibraryConfig& config, const storage::KicadCategoryRecord& kcat,
                                    std::optional<int64_t> part_category, const char* what,
                                    std::optional<int64_t> InventreeCategoryDefaults::*from,
                                    const std::string& parameter_name) {
  if (const InventreeCategoryDefaults* inherited = config.inventree_defaults_for(part_category)) {
    if (const std::optional<int64_t>& category = inherited->*from) {
      const storage::CategoryRecord* c = config.category(*category);
      return "InvenTree category parameter " + in_quotes(parameter_name) + " of " +
             (c ? in_quotes(c->pathstring) : "category " + std::to_string(*category)) + " (the " + what + " of " +
             kicad_category_name(config, kcat) + " is empty)";
    }
  }
  return std::string("default ") + what + " of " + kicad_category_name(config, kcat);
}

void note(Explanation* ex, const std::string& field_name, SourceKind kind, std::string detail) {
  ex->fields[field_name] = ValueSource{kind, std::move(detail)};
}

Resolved resolve(const storage::PartDetails& d, const LibraryConfig& config, const PartParameters& params,
                 const storage::KicadCategoryRecord* kcat, std::vector<std::string>& warnings, Explanation* ex) {
  const auto& t = config.kicad_templates();
  const auto& s = config.settings();
  Resolved r;

  r.symbol = kcat ? kcat->default_symbol : "";
  if (ex && kcat) {
    ex->symbol = {SourceKind::kCategoryDefault,
                  category_default_source(config, *kcat, d.part.category_id, "symbol",
                                          &InventreeCategoryDefaults::symbol_from, s.category_symbol_parameter)};
  }
  if (const std::string* v = params.get(t.symbol)) {
    r.symbol = *v;
    if (ex) ex->symbol = {SourceKind::kParameter, parameter_name(config, *t.symbol) + " (KICAD_SYMBOL_PARAMETER)"};
  }
  if (r.symbol.empty()) {
    r.symbol = s.default_for_missing_symbol;
    if (ex) {
      ex->symbol = {SourceKind::kSetting,
                    "DEFAULT_FOR_MISSING_SYMBOL (no symbol parameter or KiCad category default gives one)"};
    }
  }
  r.symbol = normalise_symbol(trim(r.symbol), d.part, warnings);

  r.footprint = kcat ? kcat->default_footprint : "";
  if (ex) {
    ex->footprint = kcat ? ValueSource{SourceKind::kCategoryDefault,
                                       category_default_source(config, *kcat, d.part.category_id, "footprint",
                                                               &InventreeCategoryDefaults::footprint_from,
                                                               s.category_footprint_parameter)}
                         : ValueSource{SourceKind::kSetting, "none: no footprint parameter and no KiCad category"};
  }
  const std::optional<int64_t> footprint_template =
      kcat && kcat->footprint_parameter_template ? kcat->footprint_parameter_template : t.footprint;
  if (const std::string* v = params.get(footprint_template)) {
    r.footprint = *v;
    if (ex) {
      ex->footprint = {SourceKind::kParameter,
                       parameter_name(config, *footprint_template) +
                           (footprint_template == t.footprint ? " (KICAD_FOOTPRINT_PARAMETER)"
                                                               : " (footprint template of " +
                                                                     kicad_category_name(config, *kcat) + ")")};
    }
  }
  if (kcat) {
    if (const std::string* mapped = config.mapped_footprint(kcat->id, r.footprint)) {
      if (ex) {
        ex->footprint = {SourceKind::kFootprintMapping, ex->footprint.detail + " via footprint mapping " +
                                                            in_quotes(r.footprint) + " of " +
                                                            kicad_category_name(config, *kcat)};
      }
      r.footprint = *mapped;
    }
  }
  if (ex) note(ex, "footprint", ex->footprint.kind, ex->footprint.detail);

  // "X" is the plugin's fallback; a KiCad category with a blank prefix does not blank it.
  r.reference = "X";
  if (ex) note(ex, "reference", SourceKind::kSetting, "built-in default 'X' (no reference prefix configured)");
  if (kcat && !trim(kcat->default_reference).empty()) {
    r.reference = trim(kcat->default_reference);
    if (ex) {
      note(ex, "reference", SourceKind::kCategoryDefault,
           category_default_source(config, *kcat, d.part.category_id, "reference",
                                   &InventreeCategoryDefaults::reference_from, s.category_reference_parameter));
    }
  }
  if (const std::string* v = params.get(t.reference); v && !trim(*v).empty()) {
    r.reference = trim(*v);
    if (ex) note(ex, "reference", SourceKind::kParameter, parameter_name(config, *t.reference) + " (KICAD_REFERENCE_PARAMETER)");
  }

  if (s.include_ipn == IpnMode::kIncludeAsValue && !d.part.ipn.empty()) {
    r.value = d.part.ipn;
    if (ex) note(ex, "value", SourceKind::kPart, "the part's IPN (KICAD_INCLUDE_IPN is include_as_value)");
  } else {
    r.value = d.part.name;
    if (ex) note(ex, "value", SourceKind::kPart, "the part's name");
    if (const std::string* v = params.get(t.value)) {
      r.value = *v;
      if (ex) note(ex, "value", SourceKind::kParameter, parameter_name(config, *t.value) + " (KICAD_VALUE_PARAMETER)");
    }
    if (r.value == d.part.name && kcat) {
      if (const std::string* v = params.get(kcat->default_value_parameter_template)) {
        r.value = *v;
        if (ex) {
          note(ex, "value", SourceKind::kParameter,
               parameter_name(config, *kcat->default_value_parameter_template) + " (value template of " +
                   kicad_category_name(config, *kcat) + ")");
        }
      }
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
      if (ex) note(ex, "datasheet", SourceKind::kAttachment, "link attachment " + std::to_string(a.id) + " with comment 'datasheet'");
      break;
    }
  }
  if (r.datasheet.empty() && s.datasheet_from_link && !d.part.link.empty()) {
    r.datasheet = d.part.link;
    if (ex) note(ex, "datasheet", SourceKind::kLink, "the part's InvenTree link (KICAD_DATASHEET_FROM_LINK; no datasheet attachment)");
  } else if (ex && r.datasheet.empty()) {
    note(ex, "datasheet", SourceKind::kAttachment,
         s.datasheet_from_link ? "none: no datasheet attachment and no link"
                               : "none: no datasheet attachment (KICAD_DATASHEET_FROM_LINK is off)");
  }
  return r;
}

void add_manufacturer_fields(const storage::PartDetails& d, ordered_json& fields, Explanation* ex) {
  std::unordered_set<int64_t> manufacturer_ids;
  size_t i = 0;
  for (const auto& mp : d.manufacturer_parts) {
    ++i;
    manufacturer_ids.insert(mp.id);
    fields["Manufacturer_" + std::to_string(i)] = field(mp.manufacturer, false);
    fields["MPN_" + std::to_string(i)] = field(mp.mpn, false);
    if (ex) {
      const std::string what = "manufacturer part " + std::to_string(mp.id) + " (KICAD_ENABLE_MANUFACTURER_DATA)";
      note(ex, "Manufacturer_" + std::to_string(i), SourceKind::kManufacturer, what);
      note(ex, "MPN_" + std::to_string(i), SourceKind::kManufacturer, what);
    }
    size_t j = 0;
    for (const auto& sp : d.supplier_parts) {
      if (sp.manufacturer_part_id != mp.id) continue;
      ++j;
      const std::string suffix = std::to_string(i) + "_" + std::to_string(j);
      fields["Supplier_" + suffix] = field(sp.supplier, false);
      fields["SPN_" + suffix] = field(sp.sku, false);
      if (ex) {
        const std::string what = "supplier part " + std::to_string(sp.id) + " (KICAD_ENABLE_MANUFACTURER_DATA)";
        note(ex, "Supplier_" + suffix, SourceKind::kSupplier, what);
        note(ex, "SPN_" + suffix, SourceKind::kSupplier, what);
      }
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
    if (ex) {
      const std::string what = "supplier part " + std::to_string(sp.id) + " (KICAD_ENABLE_MANUFACTURER_DATA)";
      note(ex, "Supplier_" + std::to_string(k), SourceKind::kSupplier, what);
      note(ex, "SPN_" + std::to_string(k), SourceKind::kSupplier, what);
    }
  }
}

// KICAD_SUPPLIER_FIELDS and KICAD_MPN_FIELD: named fields for assembly services' tools. Per
// supplier, the supplier part InvenTree marks primary, else the lowest id; a part without one
// gets no field (an empty field would only clutter the symbol). Hidden, like the plugin's
// SPN_n fields.
void add_named_part_number_fields(const storage::PartDetails& d, const KicadSettings& s, ordered_json& fields,
                                  Explanation* ex) {
  for (const auto& [supplier, field_name] : s.supplier_fields) {
    const storage::SupplierPartRecord* best = nullptr;
    for (const auto& sp : d.supplier_parts) {
      if (!util::equals_ignore_case(sp.supplier, supplier)) continue;
      if (best == nullptr || (sp.primary && !best->primary) || (sp.primary == best->primary && sp.id < best->id)) {
        best = &sp;
      }
    }
    if (best == nullptr || best->sku.empty()) continue;
    fields[field_name] = field(best->sku, false);
    if (ex) {
      note(ex, field_name, SourceKind::kSupplier,
           "SKU of supplier part " + std::to_string(best->id) + " (" + best->supplier +
               (best->primary ? ", marked primary" : ", lowest id") + ") via KICAD_SUPPLIER_FIELDS");
    }
  }
  if (!s.mpn_field.empty() && !d.manufacturer_parts.empty()) {
    const auto first = std::min_element(d.manufacturer_parts.begin(), d.manufacturer_parts.end(),
                                        [](const auto& a, const auto& b) { return a.id < b.id; });
    if (!first->mpn.empty()) {
      fields[s.mpn_field] = field(first->mpn, false);
      if (ex) {
        note(ex, s.mpn_field, SourceKind::kManufacturer,
             "MPN of manufacturer part " + std::to_string(first->id) + " (" + first->manufacturer +
                 ", the part's first) via KICAD_MPN_FIELD");
      }
    }
  }
}

std::string rule_name(const LibraryConfig& config, const storage::KicadCategoryRecord* kcat, bool from_category,
                      size_t index, const FieldRule& rule) {
  return (from_category ? "rule " + std::to_string(index + 1) + " of " + kicad_category_name(config, *kcat)
                        : "global rule " + std::to_string(index + 1) + " (KICAD_FIELD_RULES)") +
         " matching " + in_quotes(rule.match);
}

ordered_json render(const storage::PartDetails& d, const LibraryConfig& config, const std::string& served_name,
                    const std::string& description, std::vector<std::string>& warnings, Explanation* ex) {
  const auto& s = config.settings();
  const auto& t = config.kicad_templates();
  const storage::KicadCategoryRecord* kcat = config.defaults_for(d.part.category_id);

  PartParameters params;
  for (const auto& p : d.parameters) params.by_template.emplace(p.template_id, &p.data);
  const Resolved r = resolve(d, config, params, kcat, warnings, ex);

  ordered_json fields = ordered_json::object();
  fields["value"] = ordered_json{{"value", r.value}};  // no "visible": KiCad shows the value
  fields["footprint"] = field(r.footprint, false);
  fields["datasheet"] = field(r.datasheet, false);
  fields["reference"] = field(r.reference, true);
  fields["description"] = field(d.part.description, false);
  fields["keywords"] = field(d.part.keywords, false);
  if (ex) {
    note(ex, "description", SourceKind::kPart, "the part's description");
    note(ex, "keywords", SourceKind::kPart, "the part's keywords");
  }
  if (s.enable_manufacturer_data) add_manufacturer_fields(d, fields, ex);
  fields["InvenTree"] = field(std::to_string(d.part.id), false);
  if (ex) note(ex, "InvenTree", SourceKind::kPart, "the part's id");
  if (!s.inventree_url.empty()) {
    fields["Part URL"] = field(s.inventree_url + "/web/part/" + std::to_string(d.part.id) + "/", false);
    if (ex) note(ex, "Part URL", SourceKind::kSetting, "INVENTREE_URL and the part's id");
  }
  if (s.include_ipn != IpnMode::kDontInclude) {
    fields["IPN"] = field(d.part.ipn, s.include_ipn == IpnMode::kIncludeVisible);
    if (ex) note(ex, "IPN", SourceKind::kPart, "the part's IPN (KICAD_INCLUDE_IPN)");
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

  // Field rules (field_rules.h): the KiCad category's first, then the global ones.
  static const std::vector<FieldRule> kNoRules;
  const std::vector<FieldRule>& category_rules = kcat ? config.field_rules_of(kcat->id) : kNoRules;
  const bool any_rules = !category_rules.empty() || !s.field_rules.empty();

  for (const auto& p : d.parameters) {
    const storage::ParameterTemplateRecord* tmpl = config.template_by_id(p.template_id);
    if (kicad_templates.count(p.template_id)) {
      if (ex && tmpl) {
        ex->excluded.push_back({tmpl->name, {SourceKind::kSetting, "it gives a KiCad value (symbol, footprint, "
                                                                   "reference, value, visibility or exclusion flag) "
                                                                   "and is not repeated as a field"}});
      }
      continue;
    }
    if (tmpl == nullptr || tmpl->name.empty()) continue;
    if (is_builtin_field_name(tmpl->name)) {
      if (ex) {
        ex->excluded.push_back({tmpl->name, {SourceKind::kParameter, "its name is one of KiCad's own fields"}});
      }
      continue;
    }
    const FieldRule* rule = nullptr;
    size_t rule_index = 0;
    bool from_category = false;
    if (any_rules) {
      const std::string name_lower = util::ascii_lower(tmpl->name);
      rule = first_matching_rule(category_rules, name_lower, rule_index);
      from_category = rule != nullptr;
      if (rule == nullptr) rule = first_matching_rule(s.field_rules, name_lower, rule_index);
      if (rule && rule->exclude) {
        if (ex) {
          ex->excluded.push_back(
              {tmpl->name, {SourceKind::kFieldRule, "excluded by " + rule_name(config, kcat, from_category, rule_index, *rule)}});
        }
        continue;
      }
    }
    std::string value = p.data;
    // "10k" with units "ohm" -> "10k ohm"; "100nF" with units "F" stays as it is.
    if (s.include_units_in_parameters && !tmpl->units.empty() && !ends_with_ci(trim(value), tmpl->units)) {
      value = trim(value) + " " + tmpl->units;
    }
    bool visible = visible_names.count(util::ascii_lower(trim(tmpl->name))) != 0;
    const std::string* field_name = &tmpl->name;
    if (rule) {
      if (rule->visible) visible = *rule->visible;
      if (!rule->field.empty()) {
        if (fields.contains(rule->field)) {
          warnings.push_back("part " + std::to_string(d.part.id) + " (" + d.part.name + "): field rule renames '" +
                             tmpl->name + "' to '" + rule->field + "', a field the part already has; not served");
          if (ex) {
            ex->excluded.push_back({tmpl->name, {SourceKind::kFieldRule,
                                                 "renamed to " + in_quotes(rule->field) +
                                                     ", a field the part already has, by " +
                                                     rule_name(config, kcat, from_category, rule_index, *rule)}});
          }
          continue;
        }
        field_name = &rule->field;
      }
    }
    fields[*field_name] = field(value, visible);
    if (ex) {
      if (rule) {
        note(ex, *field_name, SourceKind::kFieldRule,
             parameter_name(config, p.template_id) + (rule->field.empty() ? "" : " renamed to " + in_quotes(rule->field)) +
                 (rule->visible ? (*rule->visible ? ", shown," : ", hidden,") : "") + " by " +
                 rule_name(config, kcat, from_category, rule_index, *rule));
      } else {
        note(ex, *field_name, SourceKind::kParameter, parameter_name(config, p.template_id));
      }
    }
  }
  add_named_part_number_fields(d, s, fields, ex);

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
  return served_ids(part, config).symbol;
}

ServedIds served_ids(const storage::PartDetails& part, const LibraryConfig& config) {
  PartParameters params;
  for (const auto& p : part.parameters) params.by_template.emplace(p.template_id, &p.data);
  std::vector<std::string> ignored;
  Resolved r = resolve(part, config, params, config.defaults_for(part.part.category_id), ignored, nullptr);
  return {std::move(r.symbol), std::move(r.footprint)};
}

const char* source_kind_name(SourceKind kind) {
  switch (kind) {
    case SourceKind::kParameter: return "parameter";
    case SourceKind::kCategoryDefault: return "category_default";
    case SourceKind::kFootprintMapping: return "footprint_mapping";
    case SourceKind::kSetting: return "setting";
    case SourceKind::kFieldRule: return "field_rule";
    case SourceKind::kPart: return "part";
    case SourceKind::kSupplier: return "supplier";
    case SourceKind::kManufacturer: return "manufacturer";
    case SourceKind::kAttachment: return "attachment";
    case SourceKind::kLink: return "link";
  }
  return "part";
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
                                          const std::string& served_name, std::vector<std::string>& warnings,
                                          Explanation* explanation) {
  return render(part, config, served_name, part.part.description, warnings, explanation);
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
  auto entry = render(part, config, served_name, description, warnings, nullptr);
  entry["stock"] = stock;
  return entry;
}

}  // namespace kibridge::kicad
