// Planning `kibridge migrate-plugin`: what the InvenTree KiCad plugin's configuration becomes
// in kibridge, as a diff against what kibridge holds. Pure: reads nothing, writes nothing.
//
// Settings: every setting kibridge knows is checked like the REST API checks it
// (kicad::validate_setting, templates resolved against the mirror). A template setting holds
// the template's InvenTree pk; when the mirror knows that pk and its name leads back to it,
// the name is stored (a name survives a template being recreated in InvenTree), else the pk.
// A value equal to what kibridge already uses (stored or default) is no change.
// KiCad categories: matched to kibridge's by InvenTree category; an unchanged one is no
// change, a differing one is updated, a new one created. One whose InvenTree category or
// template the mirror lacks (no `kibridge sync` yet) is not carried over, and says so.
// Whatever cannot be carried over is listed with the reason; nothing is ever deleted.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "server/inventree/plugin_config.h"
#include "server/kicad/library_config.h"
#include "storage/store.h"

namespace kibridge::cli {

struct PluginMigrationPlan {
  storage::ConfigurationChange change;  // what --apply writes, in one transaction
  std::vector<std::string> changes;            // one line per change: "KEY: 'old' -> 'new'"
  std::vector<std::string> unchanged;          // what already matches
  std::vector<std::string> not_carried;        // what cannot be carried over, and why
  bool empty() const {
    return change.settings.empty() && change.create_kicad_categories.empty() &&
           change.update_kicad_categories.empty();
  }
};

// What the report says when InvenTree refuses the plugin's category API with 403.
extern const char* const kCategoriesNeedSuperuser;
// What migrate-plugin says when the plugin's settings answer 404.
extern const char* const kPluginNotActive;

// `categories` is nullopt when they could not be read (`categories_problem` says why, and is
// reported). `stored_settings` are kibridge's stored settings; `config` its current library
// configuration (mirror categories and templates, KiCad categories).
PluginMigrationPlan plan_plugin_migration(const std::vector<inventree::PluginSetting>& settings,
                                          const std::optional<std::vector<inventree::PluginCategory>>& categories,
                                          const std::string& categories_problem,
                                          const std::map<std::string, std::string>& stored_settings,
                                          const kicad::LibraryConfig& config);

// The plan as text for the terminal: changes, unchanged, not carried over, and the note that
// footprint mappings have no REST endpoint in the plugin.
std::string plan_text(const PluginMigrationPlan& plan, bool applied);

}  // namespace kibridge::cli
