#include "tools/fake-inventree/fake_plugin.h"

#include <algorithm>

#include "server/kicad/settings.h"
#include "tools/fake-inventree/fake_shapes.h"

namespace kibridge::fake_inventree {

namespace {

using nlohmann::json;

constexpr const char* kSettingsPath = "/api/plugins/kicad-library-plugin/settings/";
constexpr const char* kCategoryPath = "/plugin/kicad-library-plugin/api/category/";

// The plugin's template settings (model settings); kibridge knows them as kTemplate.
bool is_template_setting(const std::string& key) {
  const auto* info = kicad::find_setting(key);
  return info != nullptr && info->type == kicad::SettingType::kTemplate;
}

json setting_json(const std::string& key, const std::string& value, int api) {
  const bool model = is_template_setting(key);
  const std::string model_name = model ? (api >= 430 ? "common.parametertemplate" : "part.partparametertemplate") : "";
  return json{{"pk", nullptr},
              {"key", key},
              {"value", value},
              {"name", key},
              {"description", ""},
              {"type", model ? "related field" : "string"},
              {"choices", json::array()},
              {"model_name", model ? json(model_name) : json(nullptr)},
              {"model_filters", nullptr},
              {"api_url", model ? json(api >= 430 ? "/api/parameter/template/" : "/api/part/parameter/template/")
                                : json(nullptr)},
              {"units", ""},
              {"required", false},
              {"typ", "plugin"},
              {"plugin", "kicad-library-plugin"}};
}

json nested_template(const storage::MirrorSnapshot& data, const std::optional<int64_t>& id) {
  if (!id) return nullptr;
  for (const auto& t : data.templates) {
    if (t.id == *id) return json{{"id", t.id}, {"name", t.name}, {"units", t.units}, {"description", t.description}};
  }
  return nullptr;  // SET_NULL: a deleted template reads as null
}

json category_row(const storage::MirrorSnapshot& data, const storage::KicadCategoryRecord& k) {
  json category = k.category_id;
  for (const auto& c : data.categories) {
    if (c.id == k.category_id) {
      category = json{{"id", c.id},
                      {"name", c.name},
                      {"description", c.description},
                      {"parent", c.parent_id ? json(*c.parent_id) : json(nullptr)},
                      {"pathstring", c.pathstring},
                      {"structural", c.structural}};
    }
  }
  return json{{"pk", k.id},
              {"category", category},
              {"default_symbol", k.default_symbol},
              {"default_footprint", k.default_footprint},
              {"default_reference", k.default_reference},
              {"default_value_parameter_template", nested_template(data, k.default_value_parameter_template)},
              {"footprint_parameter_template", nested_template(data, k.footprint_parameter_template)}};
}

}  // namespace

FakePlugin plugin_from_catalog(const demo::DemoCatalog& catalog) {
  FakePlugin plugin;
  // The plugin lists every one of its settings, set or not; kibridge's own are not among them.
  for (const auto& info : kicad::all_settings()) {
    const std::string key = info.key;
    if (key != "INVENTREE_URL" && key != "IMPORT_HTTP_LIBRARY_NAMES" && key != "IMPORT_CREATE_MISSING_TEMPLATES") {
      plugin.settings[key] = info.default_value;
    }
  }
  int64_t pk = 0;
  for (auto k : catalog.kicad_categories) {
    k.id = ++pk;
    plugin.categories.push_back(k);
  }
  for (const auto& [key, value] : catalog.settings) {
    std::string stored = value;
    if (is_template_setting(key)) {
      auto it = std::find_if(catalog.mirror.templates.begin(), catalog.mirror.templates.end(),
                             [&](const storage::ParameterTemplateRecord& t) { return t.name == value; });
      stored = it == catalog.mirror.templates.end() ? "" : std::to_string(it->id);
    }
    plugin.settings[key] = stored;
  }
  return plugin;
}

std::optional<PluginAnswer> plugin_answer(const FakePlugin* plugin, const storage::MirrorSnapshot& data,
                                          const std::string& path, int api_version, bool superuser) {
  const bool settings = path == kSettingsPath;
  const bool categories = path.rfind(kCategoryPath, 0) == 0;
  if (!settings && !categories) return std::nullopt;
  if (plugin == nullptr) return PluginAnswer{404, detail_json("Plugin 'kicad-library-plugin' is not installed")};
  if (!plugin->active) return PluginAnswer{404, detail_json("Plugin 'kicad-library-plugin' is not active")};
  if (settings) {
    json out = json::array();
    for (const auto& [key, value] : plugin->settings) out.push_back(setting_json(key, value, api_version));
    return PluginAnswer{200, out};
  }
  if (api_version >= kSuperuserCategoriesApi && !superuser) {
    return PluginAnswer{403, detail_json("You do not have permission to perform this action.")};
  }
  const std::string rest = path.substr(std::string(kCategoryPath).size());
  if (rest.empty()) {
    json out = json::array();
    for (const auto& k : plugin->categories) out.push_back(category_row(data, k));
    return PluginAnswer{200, out};
  }
  for (const auto& k : plugin->categories) {
    if (rest == std::to_string(k.id) + "/") return PluginAnswer{200, category_row(data, k)};
  }
  return PluginAnswer{404, detail_json("No SelectedCategory matches the given query.")};
}

}  // namespace kibridge::fake_inventree
