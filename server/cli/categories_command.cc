// `kibridge categories [add|set|remove]`: the mirrored InvenTree category tree and which of
// its categories KiCad sees, edited on the database file (what /plugin/.../api/category
// offers on a server, through the same rules).
#include <cstdio>
#include <iostream>

#include "server/cli/command_start.h"
#include "server/cli/config_cli.h"
#include "server/config/category_tree.h"
#include "server/config/config_rules.h"
#include "storage/store.h"

namespace kibridge::cli {

namespace {

using nlohmann::json;

constexpr const char* kCategoriesUsage =
    "usage: kibridge categories [--json] [--db FILE]\n"
    "       kibridge categories add PATH-or-PK... [DEFAULTS] [--db FILE]\n"
    "       kibridge categories add --all [DEFAULTS] [--db FILE]\n"
    "       kibridge categories set PATH-or-PK... DEFAULTS [--db FILE]\n"
    "       kibridge categories remove PATH-or-PK... [--db FILE]\n"
    "The InvenTree categories mirrored in the database (run `kibridge sync` first) and which of\n"
    "them KiCad sees. A category is named by its pk or by its InvenTree path, exactly\n"
    "('Electronics/Passives/Resistors').\n"
    "  (none)  the tree: pk, parts in the category, parts in it and below, whether KiCad sees\n"
    "          it, path and the defaults of a KiCad category\n"
    "  add     make categories KiCad categories; --all adds every category that holds parts\n"
    "  set     change the defaults of KiCad categories (an empty value clears one)\n"
    "  remove  stop showing categories to KiCad (their footprint mappings go too)\n"
    "DEFAULTS, for parts whose own parameters do not say:\n"
    "  --symbol LIB:NAME            default symbol\n"
    "  --footprint LIB:NAME         default footprint\n"
    "  --reference R                default reference prefix\n"
    "  --value-template T           parameter template (name or pk) holding the value\n"
    "  --footprint-template T       parameter template whose values footprint mappings map\n"
    "  --field-rules JSON           field rules of the category, e.g.\n"
    "                               '[{\"match\": \"Tolerance\", \"field\": \"Tol\", \"visible\": true}]'\n"
    "                               (README \"Field rules\"; '' clears)\n"
    "  --library NAME               the named library the category belongs to (`kibridge\n"
    "                               libraries`; 'default' for the default library)\n"
    "  --json  print the tree as JSON\n"
    "  --db FILE  database (default $KIBRIDGE_DB or ~/.local/share/kibridge/kibridge.sqlite)\n"
    "A `kibridge serve` running on the same database picks a change up within a second; KiCad\n"
    "reads categories once per session, so reopen the schematic editor afterwards.\n"
    "Exit status: 0 done, 1 unknown category or refused value (nothing is written), 2 usage error.\n";

// The defaults options as the REST API's body fields.
json defaults_body(Args& args) {
  json body = json::object();
  const std::pair<const char*, const char*> options[] = {
      {"--symbol", "default_symbol"},
      {"--footprint", "default_footprint"},
      {"--reference", "default_reference"},
      {"--value-template", "default_value_parameter_template"},
      {"--footprint-template", "footprint_parameter_template"},
      {"--field-rules", "field_rules"},
      {"--library", "library"}};
  for (const auto& [option, field] : options) {
    if (auto v = args.option(option)) body[field] = *v;
  }
  return body;
}

std::string defaults_text(const json& kicad) {
  std::string out;
  const std::pair<const char*, const char*> fields[] = {{"default_symbol", "symbol"},
                                                        {"default_footprint", "footprint"},
                                                        {"default_reference", "reference"},
                                                        {"default_value_parameter_template", "value template"},
                                                        {"footprint_parameter_template", "footprint template"},
                                                        {"field_rules", "field rules"},
                                                        {"library", "library"}};
  for (const auto& [field, label] : fields) {
    const auto& v = kicad[field];
    if (v.is_null() || (v.is_string() && v.get<std::string>().empty()) || (v.is_array() && v.empty())) continue;
    out += std::string(out.empty() ? "" : ", ") + label + " " + v.dump();
  }
  return out;
}

int list_tree(const storage::Store& store, bool as_json) {
  const auto categories = store.mirror().categories();
  const auto config = config::load_library_config(store);
  const auto rows = config::category_tree(categories, store.mirror().part_counts_by_category(), config);
  if (as_json) {
    json out = json::array();
    for (const auto& row : rows) out.push_back(config::category_row_json(row, config));
    std::cout << json{{"categories", out}}.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
    return 0;
  }
  if (rows.empty()) {
    std::cout << "no categories in " << store.path() << " (run `kibridge sync` to mirror InvenTree)\n";
    return 0;
  }
  std::printf("%8s %7s %7s  %-8s %s\n", "PK", "PARTS", "BELOW", "KICAD", "PATH");
  for (const auto& row : rows) {
    std::string kicad = "-";
    if (row.kicad != nullptr) {
      kicad = "yes";
    } else if (row.listed_in != nullptr) {
      kicad = "via " + std::to_string(row.listed_in->id);
    }
    std::string line = row.category->pathstring;
    if (row.kicad != nullptr) {
      const std::string defaults = defaults_text(config::category_row_json(row, config)["kicad"]);
      if (!defaults.empty()) line += "  (" + defaults + ")";
    }
    std::printf("%8lld %7lld %7lld  %-8s %s\n", static_cast<long long>(row.category->id),
                static_cast<long long>(row.parts), static_cast<long long>(row.parts_below), kicad.c_str(), line.c_str());
  }
  std::cout << "KICAD: yes = a KiCad category; via PK = its parts are listed in that category's KiCad "
               "category; - = KiCad does not see its parts\n";
  return 0;
}

}  // namespace

int run_categories(const std::vector<std::string>& words) {
  CommandStart start(words, {.usage = kCategoriesUsage, .db = true, .json = true});
  if (auto done = start.answered()) return *done;
  Args& args = start.args();
  const bool as_json = start.json();
  const bool all = args.flag("--all");
  const json defaults = defaults_body(args);
  std::vector<std::string> pos = args.positional();
  args.finish(pos.size());
  const std::string action = pos.empty() ? "list" : pos[0];
  if (!pos.empty()) pos.erase(pos.begin());
  if (action != "list" && action != "add" && action != "set" && action != "remove") {
    throw UsageError("unknown categories action '" + action + "' (add, set, remove)");
  }
  if (action == "list" && (!pos.empty() || all || !defaults.empty())) throw UsageError("the tree takes only --json and --db");
  if (action != "list" && as_json) throw UsageError("--json goes with the tree (`kibridge categories --json`)");
  if (all && action != "add") throw UsageError("--all goes with `categories add`");
  if (action == "add" && all == !pos.empty()) throw UsageError("categories add needs categories (PATH or PK) or --all");
  if ((action == "set" || action == "remove") && pos.empty()) throw UsageError("categories " + action + " needs PATH or PK");
  if (action == "set" && defaults.empty()) throw UsageError("categories set needs a default to change (e.g. --symbol)");
  if (action == "remove" && !defaults.empty()) throw UsageError("categories remove takes no defaults");

  storage::Store store = start.open_store();
  if (action == "list") return list_tree(store, as_json);

  const auto categories = store.mirror().categories();
  const auto config = config::load_library_config(store);
  // Every named category is looked up and every record checked before anything is written.
  std::vector<const storage::CategoryRecord*> targets;
  if (all) {
    const auto counts = store.mirror().part_counts_by_category();
    for (const auto& c : categories) {
      if (counts.count(c.id) && config.kicad_category_of(c.id) == nullptr) targets.push_back(&c);
    }
    if (counts.empty()) throw ConfigRefused("no category in " + store.path() + " holds parts (run `kibridge sync` first)");
  } else {
    for (const auto& word : pos) targets.push_back(&category_arg(categories, word));
  }
  std::vector<storage::KicadCategoryRecord> records;
  for (const auto* c : targets) {
    const auto* existing = config.kicad_category_of(c->id);
    if (action == "add" && existing != nullptr) {
      throw ConfigRefused("'" + c->pathstring + "' is already a KiCad category (change it with `kibridge categories set`)");
    }
    if (action != "add" && existing == nullptr) {
      throw ConfigRefused("'" + c->pathstring + "' is not a KiCad category (see `kibridge categories`)");
    }
    storage::KicadCategoryRecord record = existing != nullptr ? *existing : storage::KicadCategoryRecord{};
    json body = defaults;
    body["category"] = c->id;
    if (auto errors = config::read_kicad_category(body, config, /*partial=*/action == "set", record)) {
      throw ConfigRefused("'" + c->pathstring + "': " + error_text(*errors));
    }
    records.push_back(record);
  }
  for (size_t i = 0; i < records.size(); ++i) {
    const std::string& path = targets[i]->pathstring;
    if (action == "add") {
      const auto created = store.configuration().create_kicad_category(records[i]).first;
      std::cout << "added " << path << " (KiCad category " << created.id << ")\n";
    } else if (action == "set") {
      store.configuration().update_kicad_category(records[i]);
      std::cout << "changed " << path << "\n";
    } else {
      store.configuration().delete_kicad_category(records[i].id);
      std::cout << "removed " << path << "\n";
    }
  }
  if (records.empty()) {
    std::cout << "every category that holds parts is a KiCad category already\n";
  } else if (action != "set") {
    std::cerr << kReloadHint << "\n";
  }
  return 0;
}

}  // namespace kibridge::cli
