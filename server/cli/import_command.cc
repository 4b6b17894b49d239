// `kibridge import FILE`: imports a KiCad netlist into a database file directly (what
// POST /api/imports does on a server), with the actor "cli".
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "server/cli/command_start.h"
#include "server/writeback/import_service.h"
#include "storage/store.h"

namespace kibridge::cli {

namespace {

constexpr const char* kImportUsage =
    "usage: kibridge import FILE [--dry-run] [--json] [--db FILE]\n"
    "Imports a KiCad intermediate netlist (XML: Eeschema's legacy BOM export, or\n"
    "`kicad-cli sch export netlist --format kicadxml`) into the database: matches its components\n"
    "to parts, shows the new footprints, symbols, reference prefixes and datasheets in the\n"
    "mirror at once and queues them for InvenTree. Prints the report.\n"
    "  --dry-run   plan only: record the import in the history, change and queue nothing\n"
    "  --json      print the report as JSON (as POST /api/imports answers)\n"
    "  --db FILE   database (default $KIBRIDGE_DB or ~/.local/share/kibridge/kibridge.sqlite)\n"
    "A `kibridge serve` running on the same database notices the import within a second and\n"
    "re-renders everything; `kibridge upload` through the server updates only what changed.\n"
    "Exit status: 0 imported, 1 not a readable netlist or a database error, 2 usage error.\n";

// The whole file, refusing one over `max_bytes` before reading it.
std::string read_netlist_file(const std::string& path, std::size_t max_bytes) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) throw std::runtime_error("cannot read " + path + ": " + ec.message());
  if (size > max_bytes) {
    throw writeback::ImportError(
        writeback::ImportError::Kind::kTooLarge,
        "the netlist is " + std::to_string(size) + " bytes; the limit is " + std::to_string(max_bytes));
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  if (!in.good() && !in.eof()) throw std::runtime_error("cannot read " + path);
  return content.str();
}

}  // namespace

int run_import(const std::vector<std::string>& words) {
  CommandStart start(words, {.usage = kImportUsage, .db = true, .json = true});
  if (auto done = start.answered()) return *done;
  Args& args = start.args();
  const bool dry_run = args.flag("--dry-run");
  const auto& files = args.positional();
  args.finish(1);
  if (files.empty()) throw UsageError("which netlist? give the FILE to import");

  const writeback::ImportLimits limits;
  writeback::ImportRequest request;
  request.file_name = std::filesystem::path(files[0]).filename().string();
  request.actor = "cli";
  request.dry_run = dry_run;
  try {
    request.xml = read_netlist_file(files[0], limits.max_bytes);
    storage::Store store = start.open_store();
    kicad::InstalledLibraries installed;  // the design is checked against them
    request.installed_libraries = &installed;
    const writeback::ImportOutcome outcome = writeback::import_netlist(store, request, limits);
    if (start.json()) {
      std::cout << writeback::outcome_json(outcome).dump(2) << "\n";
    } else {
      std::cout << writeback::outcome_text(outcome);
    }
  } catch (const writeback::ImportError& e) {
    return command_failed("import", files[0] + ": " + e.what());
  }
  return 0;
}

}  // namespace kibridge::cli
