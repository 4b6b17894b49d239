#include "server/inventree/plugin_config.h"

#include <nlohmann/json.hpp>

namespace kibridge::inventree {

namespace {

using nlohmann::json;

[[noreturn]] void malformed(const std::string& what) { throw InvenTreeError(ErrorKind::kMalformed, what); }

const json& items_of(const json& body, const char* what) {
  if (body.is_array()) return body;
  if (body.is_object()) {
    auto it = body.find("results");
    if (it != body.end() && it->is_array()) return *it;
  }
  malformed(std::string(what) + ": expected a JSON array");
}

// A setting value as text: strings as they are, booleans and numbers spelled as the plugin
// stores them, null as "".
std::string value_text(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "True" : "False";
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (v.is_null()) return "";
  return v.dump();
}

std::string string_field(const json& item, const char* key) {
  auto it = item.find(key);
  return it != item.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<int64_t> pk_of(const json& v) {
  if (v.is_number_integer()) return v.get<int64_t>();
  if (v.is_object()) {
    for (const char* key : {"pk", "id"}) {
      auto it = v.find(key);
      if (it != v.end() && it->is_number_integer()) return it->get<int64_t>();
    }
  }
  return std::nullopt;
}

std::optional<PluginTemplateRef> template_ref(const json& item, const char* key) {
  auto it = item.find(key);
  if (it == item.end() || it->is_null()) return std::nullopt;
  auto pk = pk_of(*it);
  if (!pk) malformed(std::string("KiCad category: '") + key + "' is neither null, a pk nor a template");
  return PluginTemplateRef{*pk, it->is_object() ? string_field(*it, "name") : ""};
}

}  // namespace

bool PluginSetting::is_template() const { return model_name.find("parametertemplate") != std::string::npos; }

std::vector<PluginSetting> decode_plugin_settings(const json& body) {
  std::vector<PluginSetting> out;
  for (const auto& item : items_of(body, "plugin settings")) {
    if (!item.is_object() || !item.contains("key") || !item["key"].is_string()) {
      malformed("plugin settings: an item without a string 'key'");
    }
    PluginSetting s;
    s.key = item["key"].get<std::string>();
    if (auto v = item.find("value"); v != item.end()) s.value = value_text(*v);
    s.model_name = string_field(item, "model_name");
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<PluginCategory> decode_plugin_categories(const json& body) {
  std::vector<PluginCategory> out;
  for (const auto& item : items_of(body, "KiCad categories")) {
    if (!item.is_object()) malformed("KiCad categories: an item that is not an object");
    PluginCategory c;
    auto pk = item.find("pk");
    if (pk == item.end() || !pk->is_number_integer()) malformed("KiCad category: no integer 'pk'");
    c.pk = pk->get<int64_t>();
    auto category = item.find("category");
    auto category_pk = category == item.end() ? std::nullopt : pk_of(*category);
    if (!category_pk) malformed("KiCad category " + std::to_string(c.pk) + ": no InvenTree category");
    c.category_id = *category_pk;
    if (category->is_object()) c.category_path = string_field(*category, "pathstring");
    c.default_symbol = string_field(item, "default_symbol");
    c.default_footprint = string_field(item, "default_footprint");
    c.default_reference = string_field(item, "default_reference");
    c.default_value_parameter_template = template_ref(item, "default_value_parameter_template");
    c.footprint_parameter_template = template_ref(item, "footprint_parameter_template");
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<PluginSetting> read_plugin_settings(Client& client) {
  return decode_plugin_settings(client.get(kPluginSettingsPath));
}

std::vector<PluginCategory> read_plugin_categories(Client& client) {
  return decode_plugin_categories(client.get(kPluginCategoriesPath));
}

}  // namespace kibridge::inventree
