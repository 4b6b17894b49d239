#include "server/cli/commands.h"

#include <iostream>

#include "server/cli/command_start.h"

namespace kibridge::cli {

int run_serve(const std::vector<std::string>& words);
int run_token(const std::vector<std::string>& words);
int run_httplib_config(const std::vector<std::string>& words);
int run_demo_seed(const std::vector<std::string>& words);
int run_sync(const std::vector<std::string>& words);
int run_status(const std::vector<std::string>& words);
int run_import(const std::vector<std::string>& words);
int run_upload(const std::vector<std::string>& words);
int run_outbox(const std::vector<std::string>& words);
int run_push(const std::vector<std::string>& words);
int run_categories(const std::vector<std::string>& words);
int run_libraries(const std::vector<std::string>& words);
int run_mappings(const std::vector<std::string>& words);
int run_settings(const std::vector<std::string>& words);
int run_config(const std::vector<std::string>& words);
int run_migrate_plugin(const std::vector<std::string>& words);

const std::vector<Command>& all_commands() {
  static const std::vector<Command> commands = {
      {"serve", "serve KiCad's HTTP library and the REST API from a database", run_serve},
      {"token", "create, list or revoke API tokens", run_token},
      {"httplib-config", "print a .kicad_httplib for a kibridge server", run_httplib_config},
      {"demo-seed", "fill an empty database with the demo catalogue (any size)", run_demo_seed},
      {"sync", "pull once from InvenTree into a database, then exit", run_sync},
      {"status", "show the InvenTree pulls into a database: last, errors, next", run_status},
      {"import", "import a KiCad netlist into a database: report, apply, queue for InvenTree", run_import},
      {"upload", "send a KiCad netlist to a running server (usable as a KiCad BOM plugin)", run_upload},
      {"outbox", "list the changes queued for InvenTree; retry or drop one", run_outbox},
      {"push", "send the queued changes to InvenTree once, then exit", run_push},
      {"categories", "the InvenTree category tree; choose which categories KiCad sees", run_categories},
      {"libraries", "named KiCad libraries, each with its own KiCad categories", run_libraries},
      {"mappings", "footprint parameter values mapped to KiCad footprints, per category", run_mappings},
      {"settings", "list, get, set or reset the KiCad library settings", run_settings},
      {"config", "export the whole configuration to a file, or apply one", run_config},
      {"migrate-plugin", "carry the InvenTree KiCad plugin's settings and categories over", run_migrate_plugin},
  };
  return commands;
}

namespace {
void print_help() {
  std::cout << "kibridge " << KIBRIDGE_VERSION
            << " - KiCad HTTP library for InvenTree, served from a local SQLite mirror\n\n"
               "usage: kibridge COMMAND [options]   (kibridge COMMAND --help for details)\n\n";
  for (const auto& c : all_commands()) std::cout << "  " << c.name << std::string(16 - std::string(c.name).size(), ' ') << c.summary << "\n";
  std::cout << "\n  --version       print the version\n";
}
}  // namespace

int run_main(const std::vector<std::string>& argv) {
  if (argv.empty() || argv[0] == "--help" || argv[0] == "-h" || argv[0] == "help") {
    print_help();
    return argv.empty() ? 2 : 0;
  }
  if (argv[0] == "--version" || argv[0] == "version") {
    std::cout << "kibridge " << KIBRIDGE_VERSION << "\n";
    return 0;
  }
  for (const auto& c : all_commands()) {
    if (argv[0] != c.name) continue;
    const std::vector<std::string> words(argv.begin() + 1, argv.end());
    return run_command(c.name, [&] { return c.run(words); });
  }
  std::cerr << "kibridge: unknown command '" << argv[0] << "' (see 'kibridge --help')\n";
  return 2;
}

}  // namespace kibridge::cli
