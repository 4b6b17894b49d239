// `kibridge mappings list|add|remove`: the footprint mappings of KiCad categories (a
// footprint parameter value such as "0603" shown to KiCad as a footprint), edited on the
// database file through the rules of /api/footprint-mappings.
#include <iostream>

#include "server/cli/command_start.h"
#include "server/cli/config_cli.h"
#include "server/config/config_rules.h"
#include "storage/store.h"

namespace kibridge::cli {

namespace {

using nlohmann::json;

constexpr const char* kMappingsUsage =
    "usage: kibridge mappings list [PATH-or-PK] [--json] [--db FILE]\n"
    "       kibridge mappings add PATH-or-PK VALUE LIB:FOOTPRINT [--db FILE]\n"
    "       kibridge mappings remove PATH-or-PK VALUE [--db FILE]\n"
    "Footprint mappings of a KiCad category: a part whose footprint parameter (the category's\n"
    "--footprint-template, else the KICAD_FOOTPRINT_PARAMETER setting) holds VALUE is shown to\n"
    "KiCad with footprint LIB:FOOTPRINT. The category is named by pk or exact InvenTree path and\n"
    "must be a KiCad category (`kibridge categories add`). VALUE matches exactly, letter case too.\n"
    "  list    every mapping, or those of one category\n"
    "  add     map VALUE (an existing mapping of VALUE is an error; remove it first)\n"
    "  remove  drop the mapping of VALUE\n"
    "  --json  list as JSON (as GET /api/footprint-mappings answers, plus the category path)\n"
    "  --db FILE  database (default $KIBRIDGE_DB or ~/.local/share/kibridge/kibridge.sqlite)\n"
    "Exit status: 0 done, 1 unknown category or mapping or refused value, 2 usage error.\n";

}  // namespace

int run_mappings(const std::vector<std::string>& words) {
  CommandStart start(words, {.usage = kMappingsUsage, .db = true, .json = true, .needs_words = true});
  if (auto done = start.answered()) return *done;
  Args& args = start.args();
  const bool as_json = start.json();
  const auto& pos = args.positional();
  args.finish(4);
  if (pos.empty()) throw UsageError("mappings needs an action: list, add or remove");
  const std::string action = pos[0];
  const size_t wanted = action == "list" ? 1 : action == "add" ? 4 : action == "remove" ? 3 : 0;
  if (wanted == 0) throw UsageError("unknown mappings action '" + action + "' (list, add, remove)");
  if (action == "list" ? pos.size() > 2 : pos.size() != wanted) {
    throw UsageError(action == "add" ? "mappings add needs PATH-or-PK VALUE LIB:FOOTPRINT"
                                     : "mappings " + action + " needs PATH-or-PK VALUE");
  }
  if (as_json && action != "list") throw UsageError("--json goes with `mappings list`");

  storage::Store store = start.open_store();
  const auto categories = store.mirror().categories();
  std::optional<storage::KicadCategoryRecord> kicad;
  if (pos.size() > 1) {
    const auto& category = category_arg(categories, pos[1]);
    for (const auto& k : store.configuration().kicad_categories()) {
      if (k.category_id == category.id) kicad = k;
    }
    if (!kicad) {
      throw ConfigRefused("'" + category.pathstring + "' is not a KiCad category (add it with `kibridge categories add`)");
    }
  }
  if (action == "list") {
    std::map<int64_t, std::string> paths;  // KiCad category pk -> InvenTree path
    for (const auto& k : store.configuration().kicad_categories()) {
      for (const auto& c : categories) {
        if (c.id == k.category_id) paths[k.id] = c.pathstring;
      }
    }
    json out = json::array();
    for (const auto& m : store.configuration().footprint_mappings()) {
      if (kicad && m.kicad_category_id != kicad->id) continue;
      if (as_json) {
        out.push_back(json{{"id", m.id},
                           {"kicad_category", m.kicad_category_id},
                           {"category", paths[m.kicad_category_id]},
                           {"parameter_value", m.parameter_value},
                           {"kicad_footprint", m.kicad_footprint}});
      } else {
        std::cout << paths[m.kicad_category_id] << "\t" << m.parameter_value << "\t-> " << m.kicad_footprint << "\n";
      }
    }
    if (as_json) std::cout << out.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
    return 0;
  }
  const std::string& value = pos[2];
  if (action == "add") {
    storage::FootprintMappingRecord record;
    const json body{{"kicad_category", kicad->id}, {"parameter_value", value}, {"kicad_footprint", pos[3]}};
    if (auto errors = config::read_footprint_mapping(body, /*partial=*/false, record)) {
      throw ConfigRefused(error_text(*errors));
    }
    store.configuration().create_footprint_mapping(record);  // ConflictError (exit 1) when VALUE is mapped already
    std::cout << "mapped " << value << " -> " << record.kicad_footprint << "\n";
    return 0;
  }
  for (const auto& m : store.configuration().footprint_mappings()) {
    if (m.kicad_category_id == kicad->id && m.parameter_value == value) {
      store.configuration().delete_footprint_mapping(m.id);
      std::cout << "removed the mapping of " << value << "\n";
      return 0;
    }
  }
  throw ConfigRefused("no mapping of '" + value + "' in this category (see `kibridge mappings list`)");
}

}  // namespace kibridge::cli
