// The InvenTree KiCad plugin ("kicad-library-plugin") as the fake InvenTree has it installed:
// what `kibridge migrate-plugin` reads (server/inventree/plugin_config.h):
//   GET /api/plugins/kicad-library-plugin/settings/  every setting as InvenTree serialises a
//       plugin setting; template settings hold the template pk as a string ("" unset) with
//       model_name common.parametertemplate (part.partparametertemplate before API 430).
//       Any authenticated user may read it. Plugin not installed or not active: 404.
//   GET /plugin/kicad-library-plugin/api/category/[<pk>/]  the SelectedCategory rows, nested
//       one level (category and templates inline, null when unset). From API 505 (InvenTree
//       1.4) only a superuser may read it; others get DRF's 403. Not active: 404.
// Pure: answers from the plugin state and the served InvenTree data.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/demo/demo_catalog.h"
#include "storage/records.h"

namespace kibridge::fake_inventree {

// The first API version (InvenTree 1.4) on which the plugin's category API needs a superuser.
inline constexpr int kSuperuserCategoriesApi = 505;

struct FakePlugin {
  bool active = true;  // false: installed but not active (404 on both endpoints)
  // Stored values by key; template settings hold a template pk ("12") or "".
  std::map<std::string, std::string> settings;
  // The SelectedCategory rows; `id` is their pk.
  std::vector<storage::KicadCategoryRecord> categories;
};

// The plugin as the demo catalogue configures it: its KiCad categories (pks 1..n in order) and
// its settings, template names turned into the pks of the catalogue's templates.
FakePlugin plugin_from_catalog(const demo::DemoCatalog& catalog);

struct PluginAnswer {
  int status = 200;
  nlohmann::json body;
};

// The answer for GET `path` when it is one of the plugin's endpoints above; nullopt otherwise.
// `plugin` null: not installed. `superuser`: the token's user is a superuser.
std::optional<PluginAnswer> plugin_answer(const FakePlugin* plugin, const storage::MirrorSnapshot& data,
                                          const std::string& path, int api_version, bool superuser);

}  // namespace kibridge::fake_inventree
