// `kibridge libraries [list|add|remove]`: the named KiCad libraries (kicad/libraries.h), edited
// on the database file (what /api/libraries/ offers on a server, through the same store rules).
#include <cstdio>
#include <iostream>

#include "server/cli/command_start.h"
#include "server/cli/config_cli.h"
#include "server/kicad/libraries.h"
#include "storage/store.h"

namespace kibridge::cli {

namespace {

constexpr const char* kLibrariesUsage =
    "usage: kibridge libraries [list] [--json] [--db FILE]\n"
    "       kibridge libraries add NAME [--description TEXT] [--db FILE]\n"
    "       kibridge libraries remove NAME [--db FILE]\n"
    "Named KiCad libraries: each serves its own KiCad categories at /libraries/NAME/v1/ (its own\n"
    "library in KiCad: `kibridge httplib-config --library NAME`); KiCad categories of no named\n"
    "library form the default library at /plugin/kicad-library-plugin/v1/.\n"
    "  list    every library: name, KiCad categories, URL path, description\n"
    "  add     a new library; NAME: letters, digits, '_', '.', '-' (at most 64; not 'default').\n"
    "          Put categories in it: `kibridge categories add PATH --library NAME`\n"
    "  remove  a library without KiCad categories (move them with `categories set PATH --library\n"
    "          OTHER`, or remove them, first)\n"
    "Exit status: 0 done, 1 unknown or refused name (nothing is written), 2 usage error.\n";

int list(const storage::Store& store, bool as_json) {
  const auto libraries = kicad::library_list_json(store.configuration().libraries(), store.configuration().kicad_categories());
  if (as_json) {
    std::cout << nlohmann::json{{"libraries", libraries}}.dump(2) << "\n";
    return 0;
  }
  std::printf("%-24s %10s  %-36s %s\n", "NAME", "CATEGORIES", "PATH", "DESCRIPTION");
  for (const auto& l : libraries) {
    std::printf("%-24s %10lld  %-36s %s\n", l["name"].get<std::string>().c_str(), l["kicad_categories"].get<long long>(),
                l["path"].get<std::string>().c_str(), l["description"].get<std::string>().c_str());
  }
  return 0;
}

}  // namespace

int run_libraries(const std::vector<std::string>& words) {
  CommandStart start(words, {.usage = kLibrariesUsage, .db = true, .json = true});
  if (auto done = start.answered()) return *done;
  Args& args = start.args();
  const bool as_json = start.json();
  const auto description = args.option("--description");
  const auto& pos = args.positional();
  args.finish(2);
  const std::string action = pos.empty() ? "list" : pos[0];
  if (action != "list" && action != "add" && action != "remove") {
    throw UsageError("unknown libraries action '" + action + "' (list, add, remove)");
  }
  if (action == "list" ? pos.size() > 1 : pos.size() != 2) throw UsageError("libraries " + action + (action == "list" ? " takes no NAME" : " needs one NAME"));
  if (description && action != "add") throw UsageError("--description goes with `libraries add`");
  if (as_json && action != "list") throw UsageError("--json goes with `libraries list`");

  storage::Store store = start.open_store();
  if (action == "list") return list(store, as_json);
  const std::string& name = pos[1];
  if (action == "add") {
    const auto created = store.configuration().create_library({0, name, description.value_or("")}).first;
    std::cout << "added library " << created.name << " (served at " << kicad::library_path(created.name) << ")\n";
  } else {
    store.configuration().delete_library(name);
    std::cout << "removed library " << name << "\n";
  }
  std::cerr << kReloadHint << "\n";
  return 0;
}

}  // namespace kibridge::cli
