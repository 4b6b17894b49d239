#include "server/kicad/settings.h"

#include "server/util/ascii_text.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>
#include <set>

#include "server/util/utf8.h"

namespace kibridge::kicad {

namespace {

using util::trim;

// KICAD_INCLUDE_IPN: the newer plugin's choice keys, plus the 2.0.x keys ('0', 'False',
// 'True') that existing plugin databases still hold.
std::optional<IpnMode> parse_ipn_mode(const std::string& text) {
  const std::string t = util::ascii_lower(trim(text));
  if (t == "dont_include" || t == "0") return IpnMode::kDontInclude;
  if (t == "include_hidden" || t == "false") return IpnMode::kIncludeHidden;
  if (t == "include_visible" || t == "true") return IpnMode::kIncludeVisible;
  if (t == "include_as_value") return IpnMode::kIncludeAsValue;
  return std::nullopt;
}

const char* ipn_mode_key(IpnMode m) {
  switch (m) {
    case IpnMode::kDontInclude: return "dont_include";
    case IpnMode::kIncludeHidden: return "include_hidden";
    case IpnMode::kIncludeVisible: return "include_visible";
    case IpnMode::kIncludeAsValue: return "include_as_value";
  }
  return "dont_include";
}

bool looks_like_url(const std::string& s) {
  const std::string l = util::ascii_lower(s);
  return (l.rfind("http://", 0) == 0 && l.size() > 7) || (l.rfind("https://", 0) == 0 && l.size() > 8);
}

// "a, b,,c" -> {"a", "b", "c"}: the list settings, items trimmed, empty ones dropped.
std::vector<std::string> comma_list(const std::string& v) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= v.size()) {
    const size_t comma = std::min(v.find(',', start), v.size());
    std::string item = trim(v.substr(start, comma - start));
    if (!item.empty()) out.push_back(std::move(item));
    start = comma + 1;
  }
  return out;
}

}  // namespace

std::optional<bool> parse_bool(const std::string& text) {
  const std::string t = util::ascii_lower(trim(text));
  if (t == "true" || t == "yes" || t == "y" || t == "1") return true;
  if (t == "false" || t == "no" || t == "n" || t == "0") return false;
  return std::nullopt;
}

const char* setting_type_name(SettingType type) {
  switch (type) {
    case SettingType::kBool: return "bool";
    case SettingType::kString: return "string";
    case SettingType::kTemplate: return "parameter_template";
    case SettingType::kChoice: return "choice";
    case SettingType::kUrl: return "url";
    case SettingType::kJson: return "json";
  }
  return "string";
}

const std::vector<SettingInfo>& all_settings() {
  using T = SettingType;
  static const std::vector<SettingInfo> settings = {
      {"KICAD_ENABLE_SUBCATEGORY", T::kBool, "true", "Category listings include parts of sub-categories", {}},
      {"KICAD_ENABLE_STOCK_COUNT", T::kBool, "false", "Show the stock count in the listing description", {}},
      {"KICAD_ENABLE_STOCK_COUNT_FORMAT", T::kString, "[Stock: {1}] {0}",
       "Listing description format: {0} description, {1} stock, {part.name|IPN|description|stock|revision}", {}},
      {"DEFAULT_FOR_MISSING_SYMBOL", T::kString, "", "Symbol (lib:name) for parts without one", {}},
      {"KICAD_INCLUDE_IPN", T::kChoice, "dont_include", "Send the IPN as a field",
       {"dont_include", "include_hidden", "include_visible", "include_as_value"}},
      {"KICAD_SYMBOL_PARAMETER", T::kTemplate, "", "Parameter template holding the symbol (lib:name)", {}},
      {"KICAD_FOOTPRINT_PARAMETER", T::kTemplate, "", "Parameter template holding the footprint (lib:name)", {}},
      {"KICAD_REFERENCE_PARAMETER", T::kTemplate, "", "Parameter template holding the reference prefix", {}},
      {"KICAD_VALUE_PARAMETER", T::kTemplate, "", "Parameter template holding the value field", {}},
      {"KICAD_FIELD_VISIBILITY_PARAMETER", T::kTemplate, "",
       "Parameter template whose value lists the parameters shown for that part", {}},
      {"KICAD_FIELD_VISIBILITY_PARAMETER_GLOBAL", T::kString, "Kicad_Visible_Fields",
       "Comma-separated parameter names shown for every part", {}},
      {"KICAD_EXCLUDE_FROM_BOM_PARAMETER", T::kTemplate, "", "Parameter template for exclude_from_bom", {}},
      {"KICAD_EXCLUDE_FROM_BOARD_PARAMETER", T::kTemplate, "", "Parameter template for exclude_from_board", {}},
      {"KICAD_EXCLUDE_FROM_SIM_PARAMETER", T::kTemplate, "", "Parameter template for exclude_from_sim", {}},
      {"KICAD_META_DATA_IMPORT_ADD_DATASHEET", T::kBool, "false", "Import: write datasheet URLs back", {}},
      {"KICAD_USE_IPN_AS_NAME", T::kBool, "false", "Use the IPN (when set) as the part name", {}},
      {"IMPORT_INVENTREE_ID_FALLBACK", T::kBool, "false", "Import: match by part name when the id is unknown", {}},
      {"IMPORT_INVENTREE_OVERRIDE_PARAS", T::kBool, "false", "Import: overwrite existing values", {}},
      {"IMPORT_INVENTREE_ID_IDENTIFIER", T::kString, "InvenTree", "Import: field name prefix holding the part id", {}},
      {"IMPORT_HTTP_LIBRARY_NAMES", T::kString, "InvenTree",
       "Import: comma-separated names of this HTTP library in KiCad; symbols placed from it are not written back", {}},
      {"IMPORT_CREATE_MISSING_TEMPLATES", T::kBool, "false",
       "Write-back: create a KICAD_*_PARAMETER template in InvenTree when it does not exist", {}},
      {"KICAD_ENABLE_MANUFACTURER_DATA", T::kBool, "false", "Send manufacturer and supplier fields", {}},
      {"KICAD_INCLUDE_UNITS_IN_PARAMETERS", T::kBool, "true", "Append template units to numeric parameter values", {}},
      {"KICAD_HIDE_INACTIVE_PARTS", T::kBool, "true", "Leave inactive parts out of listings", {}},
      {"KICAD_HIDE_TEMPLATE_PARTS", T::kBool, "false", "Leave template parts out of listings", {}},
      {"KICAD_CATEGORY_SYMBOL_PARAMETER", T::kString, "KiCad Symbol",
       "Category parameter (InvenTree 1.4+) giving the category's default symbol; empty: not read", {}},
      {"KICAD_CATEGORY_FOOTPRINT_PARAMETER", T::kString, "KiCad Footprint",
       "Category parameter (InvenTree 1.4+) giving the category's default footprint; empty: not read", {}},
      {"KICAD_CATEGORY_REFERENCE_PARAMETER", T::kString, "KiCad Reference",
       "Category parameter (InvenTree 1.4+) giving the category's default reference; empty: not read", {}},
      {"INVENTREE_URL", T::kUrl, "", "Base URL of the InvenTree server (for the Part URL field)", {}},
      {"KICAD_SYMBOL_DIRS", T::kString, "",
       "Console: comma-separated folders of installed *.kicad_sym libraries (empty: KiCad's own)", {}},
      {"KICAD_FOOTPRINT_DIRS", T::kString, "",
       "Console: comma-separated folders of installed *.pretty libraries (empty: KiCad's own)", {}},
      // Library fields (README "Library fields").
      {"KICAD_DATASHEET_FROM_LINK", T::kBool, "false",
       "Serve the part's InvenTree link as the Datasheet when it has no datasheet attachment", {}},
      {"KICAD_SUPPLIER_FIELDS", T::kJson, "",
       "JSON object: InvenTree supplier name -> field for its SKU, e.g. {\"LCSC\": \"LCSC\"} (primary part first)", {}},
      {"KICAD_MPN_FIELD", T::kString, "",
       "Field name for the MPN of the part's first manufacturer part (e.g. MPN); empty: none", {}},
      {"KICAD_FIELD_RULES", T::kJson, "",
       "JSON array of field rules for every KiCad category: which parameters become fields, renamed, shown", {}},
  };
  return settings;
}

const SettingInfo* find_setting(const std::string& key) {
  for (const auto& s : all_settings()) {
    if (key == s.key) return &s;
  }
  return nullptr;
}

SettingCheck validate_setting(const std::string& key, const std::string& value) {
  const SettingInfo* info = find_setting(key);
  if (info == nullptr) return {std::nullopt, "unknown setting '" + key + "'"};
  switch (info->type) {
    case SettingType::kBool: {
      auto b = parse_bool(value);
      if (!b) return {std::nullopt, key + " expects a boolean (true/false, yes/no, 1/0), got '" + value + "'"};
      return {*b ? "true" : "false", ""};
    }
    case SettingType::kChoice: {
      auto m = parse_ipn_mode(value);
      if (!m) return {std::nullopt, key + " expects one of dont_include, include_hidden, include_visible, include_as_value"};
      return {ipn_mode_key(*m), ""};
    }
    case SettingType::kTemplate:
      return {trim(value), ""};
    case SettingType::kUrl: {
      std::string v = trim(value);
      while (!v.empty() && v.back() == '/') v.pop_back();
      if (!v.empty() && !looks_like_url(v)) return {std::nullopt, key + " expects an http(s) URL, got '" + value + "'"};
      return {v, ""};
    }
    case SettingType::kString:
      if (key == std::string("IMPORT_INVENTREE_ID_IDENTIFIER") && trim(value).empty()) {
        return {std::nullopt, key + " must not be empty"};
      }
      if (key == std::string("KICAD_MPN_FIELD")) {
        const std::string name = trim(value);
        if (is_builtin_field_name(name)) return {std::nullopt, key + ": '" + name + "' is one of KiCad's built-in fields"};
        return {name, ""};
      }
      return {value, ""};
    case SettingType::kJson: {
      std::string error;
      if (key == std::string("KICAD_SUPPLIER_FIELDS")) {
        auto fields = parse_supplier_fields(value, error);
        if (!fields) return {std::nullopt, key + ": " + error};
        if (fields->empty()) return {"", ""};
        nlohmann::ordered_json out = nlohmann::ordered_json::object();
        for (const auto& [supplier, field] : *fields) out[supplier] = field;
        return {out.dump(), ""};
      }
      auto rules = parse_field_rules(value);
      if (!rules.rules) return {std::nullopt, key + ": " + rules.error};
      return {field_rules_text(*rules.rules), ""};
    }
  }
  return {std::nullopt, "unsupported setting type"};
}

KicadSettings parse_settings(const std::map<std::string, std::string>& stored, std::vector<std::string>* problems) {
  KicadSettings s;
  auto get = [&](const char* key) -> const std::string* {
    auto it = stored.find(key);
    return it == stored.end() ? nullptr : &it->second;
  };
  auto boolean = [&](const char* key, bool& out) {
    if (const std::string* v = get(key)) {
      // A stored "False" is false (the plugin's 2.0.x treated any non-empty string as true).
      if (auto b = parse_bool(*v)) {
        out = *b;
      } else if (problems) {
        problems->push_back(std::string(key) + ": '" + *v + "' is not a boolean; using the default");
      }
    }
  };
  auto text = [&](const char* key, std::string& out) {
    if (const std::string* v = get(key)) out = *v;
  };
  boolean("KICAD_ENABLE_SUBCATEGORY", s.enable_subcategory);
  boolean("KICAD_ENABLE_STOCK_COUNT", s.enable_stock_count);
  text("KICAD_ENABLE_STOCK_COUNT_FORMAT", s.stock_count_format);
  text("DEFAULT_FOR_MISSING_SYMBOL", s.default_for_missing_symbol);
  if (const std::string* v = get("KICAD_INCLUDE_IPN")) {
    if (auto m = parse_ipn_mode(*v)) {
      s.include_ipn = *m;
    } else if (problems) {
      problems->push_back("KICAD_INCLUDE_IPN: '" + *v + "' is not a known choice; using the default");
    }
  }
  text("KICAD_SYMBOL_PARAMETER", s.symbol_parameter);
  text("KICAD_FOOTPRINT_PARAMETER", s.footprint_parameter);
  text("KICAD_REFERENCE_PARAMETER", s.reference_parameter);
  text("KICAD_VALUE_PARAMETER", s.value_parameter);
  text("KICAD_FIELD_VISIBILITY_PARAMETER", s.field_visibility_parameter);
  text("KICAD_EXCLUDE_FROM_BOM_PARAMETER", s.exclude_from_bom_parameter);
  text("KICAD_EXCLUDE_FROM_BOARD_PARAMETER", s.exclude_from_board_parameter);
  text("KICAD_EXCLUDE_FROM_SIM_PARAMETER", s.exclude_from_sim_parameter);
  text("KICAD_FIELD_VISIBILITY_PARAMETER_GLOBAL", s.field_visibility_global);
  boolean("KICAD_META_DATA_IMPORT_ADD_DATASHEET", s.import_add_datasheet);
  boolean("KICAD_USE_IPN_AS_NAME", s.use_ipn_as_name);
  boolean("IMPORT_INVENTREE_ID_FALLBACK", s.import_id_fallback);
  boolean("IMPORT_INVENTREE_OVERRIDE_PARAS", s.import_override_parameters);
  text("IMPORT_INVENTREE_ID_IDENTIFIER", s.import_id_identifier);
  if (trim(s.import_id_identifier).empty()) s.import_id_identifier = "InvenTree";
  if (const std::string* v = get("IMPORT_HTTP_LIBRARY_NAMES")) s.import_http_library_names = comma_list(*v);
  boolean("IMPORT_CREATE_MISSING_TEMPLATES", s.import_create_missing_templates);
  boolean("KICAD_ENABLE_MANUFACTURER_DATA", s.enable_manufacturer_data);
  boolean("KICAD_INCLUDE_UNITS_IN_PARAMETERS", s.include_units_in_parameters);
  boolean("KICAD_HIDE_INACTIVE_PARTS", s.hide_inactive_parts);
  boolean("KICAD_HIDE_TEMPLATE_PARTS", s.hide_template_parts);
  text("KICAD_CATEGORY_SYMBOL_PARAMETER", s.category_symbol_parameter);
  text("KICAD_CATEGORY_FOOTPRINT_PARAMETER", s.category_footprint_parameter);
  text("KICAD_CATEGORY_REFERENCE_PARAMETER", s.category_reference_parameter);
  text("INVENTREE_URL", s.inventree_url);
  while (!s.inventree_url.empty() && s.inventree_url.back() == '/') s.inventree_url.pop_back();
  if (const std::string* v = get("KICAD_SYMBOL_DIRS")) s.symbol_dirs = comma_list(*v);
  if (const std::string* v = get("KICAD_FOOTPRINT_DIRS")) s.footprint_dirs = comma_list(*v);
  // Library fields (README "Library fields").
  boolean("KICAD_DATASHEET_FROM_LINK", s.datasheet_from_link);
  if (const std::string* v = get("KICAD_SUPPLIER_FIELDS")) {
    std::string error;
    if (auto fields = parse_supplier_fields(*v, error)) {
      s.supplier_fields = std::move(*fields);
    } else if (problems) {
      problems->push_back("KICAD_SUPPLIER_FIELDS: " + error + "; no supplier fields are served");
    }
  }
  text("KICAD_MPN_FIELD", s.mpn_field);
  s.mpn_field = trim(s.mpn_field);
  if (is_builtin_field_name(s.mpn_field)) s.mpn_field.clear();
  if (const std::string* v = get("KICAD_FIELD_RULES")) {
    auto rules = parse_field_rules(*v);
    if (rules.rules) {
      s.field_rules = std::move(*rules.rules);
    } else if (problems) {
      problems->push_back("KICAD_FIELD_RULES: " + rules.error + "; no global field rules apply");
    }
  }
  return s;
}

std::optional<std::vector<std::pair<std::string, std::string>>> parse_supplier_fields(const std::string& text,
                                                                                       std::string& error) {
  std::vector<std::pair<std::string, std::string>> out;
  if (trim(text).empty()) return out;
  const auto doc = nlohmann::ordered_json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    error = "not valid JSON; expected an object such as {\"LCSC\": \"LCSC\", \"Mouser\": \"Mouser_PN\"}";
    return std::nullopt;
  }
  if (!doc.is_object()) {
    error = "expected a JSON object of supplier name -> field name, e.g. {\"LCSC\": \"LCSC\"}";
    return std::nullopt;
  }
  // Why 50: each entry is looked up for every part rendered; no assembly flow names more.
  if (doc.size() > 50) {
    error = "at most 50 suppliers";
    return std::nullopt;
  }
  std::set<std::string> seen_fields, seen_suppliers;
  for (const auto& [supplier_raw, value] : doc.items()) {
    const std::string supplier = trim(supplier_raw);
    if (!value.is_string()) {
      error = "the field name for supplier '" + supplier + "' must be a string";
      return std::nullopt;
    }
    const std::string field = trim(value.get<std::string>());
    if (supplier.empty() || field.empty()) {
      error = "supplier and field names must not be empty";
      return std::nullopt;
    }
    if (util::utf8_characters(supplier) > kMaxFieldRuleName || util::utf8_characters(field) > kMaxFieldRuleName) {
      error = "supplier and field names are at most " + std::to_string(kMaxFieldRuleName) + " characters";
      return std::nullopt;
    }
    if (is_builtin_field_name(field)) {
      error = "'" + field + "' is one of KiCad's built-in fields";
      return std::nullopt;
    }
    if (!seen_fields.insert(util::ascii_lower(field)).second) {
      error = "field name '" + field + "' is given to two suppliers";
      return std::nullopt;
    }
    if (!seen_suppliers.insert(util::ascii_lower(supplier)).second) {
      error = "supplier '" + supplier + "' is named twice";
      return std::nullopt;
    }
    out.emplace_back(supplier, field);
  }
  return out;
}

std::map<std::string, std::string> effective_settings(const std::map<std::string, std::string>& stored) {
  std::map<std::string, std::string> out;
  for (const auto& info : all_settings()) {
    auto it = stored.find(info.key);
    out[info.key] = it == stored.end() ? info.default_value : it->second;
  }
  return out;
}

}  // namespace kibridge::kicad
