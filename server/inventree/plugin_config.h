// Reading the configuration the InvenTree KiCad plugin ("kicad-library-plugin") keeps on an
// InvenTree server, for `kibridge migrate-plugin`. Two endpoints (tools/fake-inventree/
// fake_plugin.cc serves both as InvenTree does, for tests/cli/migrate_plugin_test.cc):
//   GET /api/plugins/kicad-library-plugin/settings/   any authenticated user; template
//       settings hold the template pk as a string ("" when unset) with model_name
//       common.parametertemplate (part.partparametertemplate before API 430). 404 when the
//       plugin is not active or not installed.
//   GET /plugin/kicad-library-plugin/api/category/    the plugin's SelectedCategory rows,
//       nested one level (category and templates inline, or null, or a bare pk). On
//       InvenTree >= 1.4 only a superuser token may read it: others get 403.
// Footprint mappings have no REST endpoint (Django admin only), so nothing here reads them.
//
// Errors: the Client's InvenTreeError, unchanged, so the caller can tell kNotFound (plugin
// not active) and kCredentials with HTTP 403 (not a superuser) apart; a body of the wrong
// shape is kMalformed naming what is wrong.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "server/inventree/client.h"

namespace kibridge::inventree {

inline constexpr const char* kPluginSettingsPath = "/api/plugins/kicad-library-plugin/settings/";
inline constexpr const char* kPluginCategoriesPath = "/plugin/kicad-library-plugin/api/category/";

struct PluginSetting {
  std::string key;
  std::string value;       // as stored by the plugin: template settings hold a pk, "" unset
  std::string model_name;  // "common.parametertemplate" for a template setting, else ""
  bool is_template() const;
};

// A parameter template as the plugin's category API names it: pk and, when nested, its name.
struct PluginTemplateRef {
  int64_t id = 0;
  std::string name;  // "" when the API gave only the pk
};

struct PluginCategory {
  int64_t pk = 0;           // the plugin's SelectedCategory pk
  int64_t category_id = 0;  // InvenTree PartCategory pk
  std::string category_path;  // pathstring when nested, else ""
  std::string default_symbol;
  std::string default_footprint;
  std::string default_reference;
  std::optional<PluginTemplateRef> default_value_parameter_template;
  std::optional<PluginTemplateRef> footprint_parameter_template;
};

// Pure decoders of the two answers (a bare array or a DRF page with "results"). Throw
// InvenTreeError(kMalformed).
std::vector<PluginSetting> decode_plugin_settings(const nlohmann::json& body);
std::vector<PluginCategory> decode_plugin_categories(const nlohmann::json& body);

std::vector<PluginSetting> read_plugin_settings(Client& client);
std::vector<PluginCategory> read_plugin_categories(Client& client);

}  // namespace kibridge::inventree
