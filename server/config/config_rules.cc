#include "server/config/config_rules.h"

#include "server/config/json_fields.h"
#include "server/util/ascii_text.h"
#include "storage/limits.h"

namespace kibridge::config {

namespace {

using nlohmann::json;

std::optional<json> errors_of(const FieldReader& in) {
  if (in.ok()) return std::nullopt;
  return in.error_body();
}

// Checks one value for `key` and returns the string to store, or records an error. A template
// named by a name the mirror lacks is accepted when `create_missing` (the effective
// IMPORT_CREATE_MISSING_TEMPLATES): the pusher creates it on the first push, which is the
// documented way to set up write-back; `notes` then says so. An id cannot be created, so an
// unknown id is always refused.
std::optional<std::string> check_setting(const std::string& key, const json& value, const kicad::LibraryConfig& config,
                                         bool create_missing, FieldReader& errors,
                                         std::vector<std::string>& notes) {
  const kicad::SettingInfo* info = kicad::find_setting(key);
  if (info == nullptr) {
    errors.add_error(key, "Unknown setting.");
    return std::nullopt;
  }
  std::string text;
  if (value.is_string()) {
    text = value.get<std::string>();
  } else if (value.is_boolean() && info->type == kicad::SettingType::kBool) {
    text = value.get<bool>() ? "true" : "false";
  } else if (value.is_number_integer() && info->type == kicad::SettingType::kTemplate) {
    text = std::to_string(value.get<int64_t>());
  } else if (value.is_null() && info->type == kicad::SettingType::kTemplate) {
    text = "";
  } else if ((value.is_structured() || value.is_null()) && info->type == kicad::SettingType::kJson) {
    text = value.is_null() ? "" : value.dump();
  } else {
    errors.add_error(key, std::string("Expected ") + kicad::setting_type_name(info->type) + ", received " +
                              value.type_name() + ".");
    return std::nullopt;
  }
  // Before validating: a value over its limit is refused without being parsed or repeated.
  if (auto too_long = storage::limits::length_error(text, storage::limits::setting_limit(key))) {
    errors.add_error(key, *too_long);
    return std::nullopt;
  }
  auto check = kicad::validate_setting(key, text);
  if (!check.normalised) {
    errors.add_error(key, check.error);
    return std::nullopt;
  }
  if (info->type == kicad::SettingType::kTemplate && !check.normalised->empty() &&
      !config.resolve_template(*check.normalised)) {
    if (!create_missing || util::all_ascii_digits(*check.normalised)) {
      errors.add_error(key, "No parameter template with id or name '" + *check.normalised +
                                "'. Create it in InvenTree, or set IMPORT_CREATE_MISSING_TEMPLATES to true to "
                                "let kibridge create it on the first push.");
      return std::nullopt;
    }
    notes.push_back(key + ": InvenTree has no parameter template '" + *check.normalised +
                    "' yet; the first push creates it (IMPORT_CREATE_MISSING_TEMPLATES is on).");
  }
  return check.normalised;
}

// IMPORT_CREATE_MISSING_TEMPLATES as it is once `body` is stored: the body's own value when it
// sets a readable one (so one PATCH can turn it on and name a new template), else the stored one.
bool create_missing_after(const json& body, const kicad::LibraryConfig& config) {
  constexpr const char* kKey = "IMPORT_CREATE_MISSING_TEMPLATES";
  if (body.contains(kKey)) {
    const json& v = body.at(kKey);
    if (v.is_boolean()) return v.get<bool>();
    if (v.is_string()) {
      if (auto b = kicad::parse_bool(v.get<std::string>())) return *b;
    }
  }
  return config.settings().import_create_missing_templates;
}

// A KiCad category's "field_rules": a JSON array of rules (or that array as text; null or ""
// clears), stored as its canonical text.
void read_field_rules(const json& body, FieldReader& in, std::string& out) {
  auto it = body.find("field_rules");
  if (it == body.end()) return;
  std::string text;
  if (it->is_null()) {
    text = "";
  } else if (it->is_string()) {
    text = it->get<std::string>();
  } else if (it->is_array()) {
    text = it->dump();
  } else {
    in.add_error("field_rules", std::string("Expected a list of field rules, received ") + it->type_name() + ".");
    return;
  }
  if (auto too_long = storage::limits::length_error(text, storage::limits::kJsonRules)) {
    in.add_error("field_rules", *too_long);
    return;
  }
  auto parsed = kicad::parse_field_rules(text);
  if (!parsed.rules) {
    in.add_error("field_rules", parsed.error);
    return;
  }
  out = kicad::field_rules_text(*parsed.rules);
}

// A KiCad category's "library": a named library's name; null, "" or "default" for the
// default library.
void read_library(const json& body, const kicad::LibraryConfig& config, FieldReader& in, std::string& out) {
  auto it = body.find("library");
  if (it == body.end()) return;
  if (it->is_null()) {
    out = "";
    return;
  }
  if (!it->is_string()) {
    in.add_error("library", std::string("Expected a library name or null, received ") + it->type_name() + ".");
    return;
  }
  const std::string name = it->get<std::string>();
  if (name.empty() || name == storage::limits::kDefaultLibraryName) {
    out = "";
    return;
  }
  if (config.library(name) == nullptr) {
    std::string known;
    for (const auto& l : config.libraries()) known += (known.empty() ? "" : ", ") + l.name;
    in.add_error("library", "No library named '" + name.substr(0, storage::limits::kLibraryName) + "' (" +
                                (known.empty() ? std::string("there are none yet") : "known: " + known) +
                                "). Create it first: `kibridge libraries add NAME` or POST /api/libraries/.");
    return;
  }
  out = name;
}

}  // namespace

std::optional<json> read_kicad_category(const json& body, const kicad::LibraryConfig& config, bool partial,
                                        storage::KicadCategoryRecord& record) {
  FieldReader in(body);
  in.id("category", !partial, record.category_id);
  in.string("default_symbol", storage::limits::kKicadText, false, true, record.default_symbol);
  in.string("default_footprint", storage::limits::kKicadText, false, true, record.default_footprint);
  in.string("default_reference", storage::limits::kReference, false, true, record.default_reference);
  in.template_ref("default_value_parameter_template", config, record.default_value_parameter_template);
  in.template_ref("footprint_parameter_template", config, record.footprint_parameter_template);
  read_field_rules(body, in, record.field_rules);
  read_library(body, config, in, record.library);
  return errors_of(in);
}

std::optional<json> read_footprint_mapping(const json& body, bool partial, storage::FootprintMappingRecord& record) {
  FieldReader in(body);
  in.id("kicad_category", !partial, record.kicad_category_id);
  in.string("parameter_value", storage::limits::kKicadText, !partial, false, record.parameter_value);
  in.string("kicad_footprint", storage::limits::kKicadText, !partial, false, record.kicad_footprint);
  return errors_of(in);
}

std::optional<json> read_settings(const json& body, const kicad::LibraryConfig& config,
                                  std::map<std::string, std::string>& values, std::vector<std::string>* notes) {
  FieldReader errors(body);
  std::vector<std::string> ignored_notes;
  const bool create_missing = create_missing_after(body, config);
  for (const auto& [key, value] : body.items()) {
    if (auto v = check_setting(key, value, config, create_missing, errors, notes ? *notes : ignored_notes)) {
      values[key] = *v;
    }
  }
  return errors_of(errors);
}

json field_rules_json(const std::string& stored_text) {
  if (stored_text.empty()) return json::array();
  json rules = json::parse(stored_text, nullptr, /*allow_exceptions=*/false);
  return rules.is_array() ? rules : json::array();
}

json setting_json(const kicad::SettingInfo& info, const std::map<std::string, std::string>& stored) {
  auto it = stored.find(info.key);
  json out{{"key", info.key},
           {"value", it == stored.end() ? info.default_value : it->second},
           {"default", info.default_value},
           {"is_set", it != stored.end()},
           {"type", kicad::setting_type_name(info.type)},
           {"description", info.description}};
  if (!info.choices.empty()) out["choices"] = info.choices;
  return out;
}

kicad::LibraryConfig load_library_config(const storage::Store& store) {
  return kicad::LibraryConfig(kicad::parse_settings(store.configuration().settings()), store.mirror().parameter_templates(), store.mirror().categories(),
                              store.configuration().kicad_categories(), store.configuration().footprint_mappings(), {},
                              store.configuration().libraries());
}

}  // namespace kibridge::config
