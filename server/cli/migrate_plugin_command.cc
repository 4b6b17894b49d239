// `kibridge migrate-plugin`: reads the InvenTree KiCad plugin's configuration from an InvenTree
// server and reproduces it in kibridge (plugin_migration.h plans; this file reads and writes).
#include <algorithm>
#include <iostream>

#include "server/cli/command_start.h"
#include "server/cli/plugin_migration.h"
#include "server/cli/sync_flags.h"
#include "server/inventree/plugin_config.h"
#include "server/kicad/library_config.h"
#include "storage/store.h"

namespace kibridge::cli {

namespace {

constexpr const char* kMigratePluginUsage =
    "usage: kibridge migrate-plugin [--db FILE] --inventree-url URL [--apply] [options]\n"
    "Reads what the InvenTree KiCad plugin (kicad-library-plugin) holds on that InvenTree (its\n"
    "settings; its KiCad categories with their defaults) and shows what would change in kibridge\n"
    "to reproduce it, and what cannot be carried over. Changes nothing unless --apply is given;\n"
    "--apply writes everything in one transaction (a running kibridge serve picks it up).\n"
    "Run `kibridge sync` first: categories and templates are matched against the mirror.\n"
    "Reading the KiCad categories needs a superuser's token on InvenTree 1.4 and later.\n"
    "Exit status: 0 planned (or applied), 1 InvenTree could not be read or the plugin is not\n"
    "active, 2 usage error.\n"
    "  --db FILE            database (default $KIBRIDGE_DB or ~/.local/share/kibridge/kibridge.sqlite)\n"
    "  --apply              write the changes (default: a dry run that writes nothing)\n";

bool is_redirect(const inventree::InvenTreeError& e) { return e.http_status() >= 300 && e.http_status() < 400; }

}  // namespace

int run_migrate_plugin(const std::vector<std::string>& words) {
  // --apply is this command's own flag; everything else is the shared InvenTree start.
  std::vector<std::string> rest = words;
  const bool apply = std::erase(rest, std::string("--apply")) > 0;
  const auto command = parse_inventree_command(rest, kMigratePluginUsage);
  if (!command) return 0;
  storage::Store store(command->db_path);
  inventree::Client client(command_client_options(*command, "migrate-plugin"));

  std::vector<inventree::PluginSetting> settings;
  try {
    settings = inventree::read_plugin_settings(client);
  } catch (const inventree::InvenTreeError& e) {
    if (e.kind() != inventree::ErrorKind::kNotFound && !is_redirect(e)) throw;
    return command_failed("migrate-plugin", std::string(kPluginNotActive) + " (" + e.what() + ")");
  }
  std::optional<std::vector<inventree::PluginCategory>> categories;
  std::string categories_problem;
  try {
    categories = inventree::read_plugin_categories(client);
  } catch (const inventree::InvenTreeError& e) {
    if (e.kind() == inventree::ErrorKind::kCredentials && e.http_status() == 403) {
      categories_problem = kCategoriesNeedSuperuser;
    } else if (e.kind() == inventree::ErrorKind::kNotFound || is_redirect(e)) {
      categories_problem = std::string("KiCad categories: the plugin's category API is not reachable (") + e.what() +
                           "); is the plugin's URL integration enabled?";
    } else {
      throw;
    }
  }

  const auto stored = store.configuration().settings();
  const kicad::LibraryConfig library(kicad::parse_settings(stored), store.mirror().parameter_templates(), store.mirror().categories(),
                                     store.configuration().kicad_categories(), store.configuration().footprint_mappings());
  const PluginMigrationPlan plan = plan_plugin_migration(settings, categories, categories_problem, stored, library);
  const bool write = apply && !plan.empty();
  if (write) store.configuration().apply_configuration(plan.change);
  std::cout << "The KiCad plugin on " << client.base_url().display() << " -> " << store.path() << "\n"
            << plan_text(plan, write);
  return 0;
}

}  // namespace kibridge::cli
