// `kibridge token ...`, `kibridge httplib-config` and `kibridge demo-seed`.
#include <filesystem>
#include <iostream>

#include "server/auth/token_auth.h"
#include "server/cli/command_start.h"
#include "server/cli/config_cli.h"
#include "server/cli/httplib_config.h"
#include "server/demo/demo_catalog.h"
#include "storage/limits.h"
#include "storage/store.h"

namespace kibridge::cli {

int run_token(const std::vector<std::string>& words) {
  static const char* kUsage =
      "usage: kibridge token create NAME [--scope read|import|admin] [--db FILE]\n"
      "       kibridge token list [--db FILE]\n"
      "       kibridge token revoke NAME [--db FILE]\n"
      "Tokens authorise HTTP clients (KiCad sends one from its .kicad_httplib). A new token is\n"
      "printed once; only its SHA-256 is stored. Scope 'read' opens the KiCad routes and GETs,\n"
      "'import' also netlist uploads (the token for a KiCad BOM-plugin command line), 'admin'\n"
      "everything. A running server accepts a new token on its very next request.\n";
  CommandStart start(words, {.usage = kUsage, .db = true, .needs_words = true});
  if (auto done = start.answered()) return *done;
  Args& args = start.args();
  const std::string scope_text = args.option_or("--scope", "read");
  const auto& pos = args.positional();
  args.finish(2);
  const std::string action = pos.empty() ? "" : pos[0];
  storage::Store store = start.open_store();
  if (action == "create") {
    if (pos.size() != 2) throw UsageError("token create needs a NAME");
    auto scope = auth::parse_scope(scope_text);
    if (!scope) throw UsageError("--scope must be 'read', 'import' or 'admin'");
    std::cout << auth::create_token(store, pos[1], *scope) << "\n";
    std::cerr << "token '" << pos[1] << "' (" << scope_text << ") created; it is shown only this once\n";
    return 0;
  }
  if (action == "list") {
    if (pos.size() != 1) throw UsageError("token list takes no argument");
    for (const auto& t : store.tokens().api_tokens()) {
      std::cout << t.id << "\t" << t.name << "\t" << t.scope << "\t" << storage::format_utc(t.created_at) << "\n";
    }
    return 0;
  }
  if (action == "revoke") {
    if (pos.size() != 2) throw UsageError("token revoke needs a NAME");
    store.tokens().delete_api_token(pos[1]);
    std::cerr << "token '" << pos[1] << "' revoked\n";
    return 0;
  }
  throw UsageError("unknown token action '" + action + "' (create, list, revoke)");
}

int run_httplib_config(const std::vector<std::string>& words) {
  static const char* kUsage =
      "usage: kibridge httplib-config --url URL --token TOKEN [--name NAME] [--library LIB [--db FILE]]\n"
      "Prints a .kicad_httplib for a kibridge server at URL (e.g. http://127.0.0.1:8765).\n"
      "--library LIB: for the named library LIB (`kibridge libraries`), checked in the\n"
      "database; without it, the default library.\n"
      "Give it a 'read' token (kibridge token create kicad --scope read): the file is read\n"
      "by KiCad and often shared; keep it mode 0600. A KiCad BOM-plugin command line\n"
      "(kibridge upload) takes an 'import' token; keep 'admin' tokens out of both.\n"
      "Save it, then add it in KiCad: Preferences > Manage Symbol Libraries > add, type HTTP.\n";
  CommandStart start(words, {.usage = kUsage, .db = true});
  if (auto done = start.answered()) return *done;
  Args& args = start.args();
  auto url = args.option("--url");
  auto token = args.option("--token");
  const std::string library = args.option_or("--library", "");
  const std::string name = args.option_or("--name", library.empty() ? "InvenTree (kibridge)" : "InvenTree " + library + " (kibridge)");
  args.finish();
  if (!url) throw UsageError("--url is required");
  if (!token) throw UsageError("--token is required");
  // KiCad needs the scheme: a root_url without it fails there with no useful message.
  if (url->rfind("http://", 0) != 0 && url->rfind("https://", 0) != 0) {
    throw UsageError("--url must start with http:// or https://, e.g. http://" + *url);
  }
  if (!library.empty() && library != storage::limits::kDefaultLibraryName) {
    // Checked, so a typo fails here rather than as an empty library in KiCad. Never creates a
    // database: a missing file is the error.
    const std::string path = start.db_path();
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
      throw ConfigRefused("no database at " + path + " to check library '" + library + "' in (give --db FILE)");
    }
    storage::Store store(path);
    if (!store.configuration().library(library)) {
      throw ConfigRefused("no library named '" + library + "' in " + path + " (see `kibridge libraries`)");
    }
  }
  std::cout << make_httplib_config(*url, *token, name, library);
  return 0;
}

int run_demo_seed(const std::vector<std::string>& words) {
  // The catalogue's own limit, so help, check and README say the same number.
  const int max_parts = demo::max_demo_parts();
  CommandStart start(words, {.usage = "usage: kibridge demo-seed --db FILE [--parts N]\n"
                                      "Fills an empty database with the deterministic demo catalogue (default " +
                                      std::to_string(demo::kDefaultDemoParts) + " parts;\nany N up to " +
                                      std::to_string(max_parts) + " for benchmarks).\n",
                             .db = true});
  if (auto done = start.answered()) return *done;
  const auto parts = start.args().int_option("--parts", 1, max_parts);
  start.args().finish();
  storage::Store store = start.open_store();
  if (!store.mirror().mirror_empty()) {
    return command_failed("demo-seed", store.path() + " already holds parts; demo-seed only fills an empty database");
  }
  demo::seed_demo(store, static_cast<int>(parts.value_or(demo::kDefaultDemoParts)));
  const auto counts = store.mirror().counts();
  std::cerr << "seeded " << store.path() << ": " << counts.parts << " parts, " << counts.parameters
            << " parameters, " << counts.categories << " categories\n";
  return 0;
}

}  // namespace kibridge::cli
