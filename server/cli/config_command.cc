// `kibridge config export|apply`: the whole configuration of a database file (KiCad
// categories, footprint mappings, settings — never tokens) as one file; see
// server/config/config_file.h for the format and what applying means.
#include <fstream>
#include <iostream>
#include <sstream>

#include "server/cli/command_start.h"
#include "server/cli/config_cli.h"
#include "server/config/config_file.h"
#include "server/config/config_rules.h"
#include "storage/store.h"

namespace kibridge::cli {

namespace {

constexpr const char* kConfigUsage =
    "usage: kibridge config export [FILE] [--db FILE]\n"
    "       kibridge config apply FILE [--dry-run] [--db FILE]\n"
    "The whole configuration — KiCad categories with their defaults, footprint mappings and\n"
    "settings, never tokens — as one readable JSON file, one item per line, for version control.\n"
    "Categories are named by InvenTree path, so one file serves every database that mirrors the\n"
    "same InvenTree: a lab keeps one file and gives every laptop the same library.\n"
    "  export   write the configuration to FILE (default: standard output)\n"
    "  apply    make the database's configuration exactly the file's: prints each difference\n"
    "           (+ added, ~ changed, - removed or back to default), then writes them; a second\n"
    "           apply changes nothing. Every item is checked first; on any error nothing is written.\n"
    "  --dry-run  print the differences, write nothing\n"
    "  --db FILE  database (default $KIBRIDGE_DB or ~/.local/share/kibridge/kibridge.sqlite)\n"
    "A `kibridge serve` running on the same database picks the changes up within a second.\n"
    "Exit status: 0 done, 1 unreadable or refused file (nothing written), 2 usage error.\n";

}  // namespace

int run_config(const std::vector<std::string>& words) {
  CommandStart start(words, {.usage = kConfigUsage, .db = true, .needs_words = true});
  if (auto done = start.answered()) return *done;
  Args& args = start.args();
  const bool dry_run = args.flag("--dry-run");
  const auto& pos = args.positional();
  args.finish(2);
  const std::string action = pos.empty() ? "" : pos[0];
  if (action != "export" && action != "apply") throw UsageError("unknown config action '" + action + "' (export, apply)");
  if (action == "apply" && pos.size() != 2) throw UsageError("config apply needs the FILE to apply");
  if (action == "export" && dry_run) throw UsageError("--dry-run goes with `config apply`");

  storage::Store store = start.open_store();
  const auto library_config = config::load_library_config(store);
  const auto stored = config::read_stored_config(store);
  if (action == "export") {
    const std::string text = config::export_config(stored, library_config);
    if (pos.size() < 2) {
      std::cout << text;
      return 0;
    }
    std::ofstream out(pos[1], std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) throw ConfigRefused("cannot write " + pos[1]);
    std::cerr << "wrote the configuration to " << pos[1] << "\n";
    return 0;
  }

  std::ifstream in(pos[1], std::ios::binary);
  if (!in) throw ConfigRefused("cannot read " + pos[1]);
  std::ostringstream text;
  text << in.rdbuf();
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::parse_error& e) {
    throw ConfigRefused(pos[1] + " is not valid JSON: " + e.what());
  }
  const auto plan = config::plan_config(document, stored, store.mirror().categories(), library_config);
  for (const auto& note : plan.notes) std::cerr << "note: " << note << "\n";
  if (!plan.errors.empty()) {
    for (const auto& e : plan.errors) std::cerr << pos[1] << ": " << e << "\n";
    throw ConfigRefused(std::to_string(plan.errors.size()) + " problem(s) in " + pos[1] + "; nothing was written");
  }
  bool categories_changed = false;
  for (const auto& c : plan.changes) {
    std::cout << c.line << "\n";
    using Kind = config::ConfigChange::Kind;
    if (c.kind == Kind::kAddCategory || c.kind == Kind::kRemoveCategory) categories_changed = true;
  }
  if (plan.changes.empty()) {
    std::cout << "no changes: the database holds this configuration already\n";
    return 0;
  }
  if (dry_run) {
    std::cout << "dry run: " << plan.changes.size() << " change(s), nothing written\n";
    return 0;
  }
  config::apply_plan(store, plan);
  std::cout << "applied " << plan.changes.size() << " change(s)\n";
  if (categories_changed) std::cerr << kReloadHint << "\n";
  return 0;
}

}  // namespace kibridge::cli
