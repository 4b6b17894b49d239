#include "server/config/config_rules.h"

#include "server/http/json_fields.h"
#include "storage/limits.h"

namespace kibridge::config {

namespace {

using nlohmann::json;

std::optional<json> errors_of(const http::FieldReader& in) {
  if (in.ok()) return std::nullopt;
  return in.error_body();
}

// Checks one value for `key` and returns the string to store, or records an error.
std::optional<std::string> check_setting(const std::string& key, const json& value, const kicad::LibraryConfig& config,
                                         http::FieldReader& errors) {
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
    errors.add_error(key, "No parameter template with id or name '" + *check.normalised + "'.");
    return std::nullopt;
  }
  return check.normalised;
}

}  // namespace

std::optional<json> read_kicad_category(const json& body, const kicad::LibraryConfig& config, bool partial,
                                        storage::KicadCategoryRecord& record) {
  http::FieldReader in(body);
  in.id("category", !partial, record.category_id);
  in.string("default_symbol", storage::limits::kKicadText, false, true, record.default_symbol);
  in.string("default_footprint", storage::limits::kKicadText, false, true, record.default_footprint);
  in.string("default_reference", storage::limits::kReference, false, true, record.default_reference);
  in.template_ref("default_value_parameter_template", config, record.default_value_parameter_template);
  in.template_ref("footprint_parameter_template", config, record.footprint_parameter_template);
  return errors_of(in);
}

std::optional<json> read_footprint_mapping(const json& body, bool partial, storage::FootprintMappingRecord& record) {
  http::FieldReader in(body);
  in.id("kicad_category", !partial, record.kicad_category_id);
  in.string("parameter_value", storage::limits::kKicadText, !partial, false, record.parameter_value);
  in.string("kicad_footprint", storage::limits::kKicadText, !partial, false, record.kicad_footprint);
  return errors_of(in);
}

std::optional<json> read_settings(const json& body, const kicad::LibraryConfig& config,
                                  std::map<std::string, std::string>& values) {
  http::FieldReader errors(body);
  for (const auto& [key, value] : body.items()) {
    if (auto v = check_setting(key, value, config, errors)) values[key] = *v;
  }
  return errors_of(errors);
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
  return kicad::LibraryConfig(kicad::parse_settings(store.settings()), store.parameter_templates(), store.categories(),
                              store.kicad_categories(), store.footprint_mappings());
}

}  // namespace kibridge::config
