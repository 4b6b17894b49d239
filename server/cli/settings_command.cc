// `kibridge settings [list|get|set|reset]`: the KiCad library settings of a database file,
// with their types, defaults and descriptions, through the rules of /api/settings.
#include <iostream>

#include "server/cli/command_start.h"
#include "server/cli/config_cli.h"
#include "server/config/config_rules.h"
#include "server/kicad/settings.h"
#include "storage/store.h"

namespace kibridge::cli {

namespace {

using nlohmann::json;

constexpr const char* kSettingsUsage =
    "usage: kibridge settings [list] [--json] [--db FILE]\n"
    "       kibridge settings get KEY [--json] [--db FILE]\n"
    "       kibridge settings set KEY VALUE [--db FILE]\n"
    "       kibridge settings reset KEY [--db FILE]\n"
    "The settings that decide how KiCad sees the parts and how imports write back (the InvenTree\n"
    "plugin's names).\n"
    "  list    every setting: value, type, default and what it does\n"
    "  get     one setting's value (with --json: as GET /api/settings/KEY answers)\n"
    "  set     store a value; it is checked as the REST API checks it (booleans true/false,\n"
    "          parameter templates by name or pk, URLs http(s)://...)\n"
    "  reset   back to the default\n"
    "  --db FILE  database (default $KIBRIDGE_DB or ~/.local/share/kibridge/kibridge.sqlite)\n"
    "A `kibridge serve` running on the same database picks a change up within a second.\n"
    "Exit status: 0 done, 1 unknown setting or refused value, 2 usage error.\n";

const kicad::SettingInfo& setting_arg(const std::string& key) {
  const auto* info = kicad::find_setting(key);
  if (info == nullptr) throw ConfigRefused("unknown setting '" + key + "' (see `kibridge settings list`)");
  return *info;
}

void print_setting(const kicad::SettingInfo& info, const std::map<std::string, std::string>& stored) {
  const json s = config::setting_json(info, stored);
  std::cout << info.key << " = " << s["value"].dump() << (s["is_set"].get<bool>() ? "" : " (default)") << "\n    "
            << info.description << "\n    " << kicad::setting_type_name(info.type);
  if (!info.choices.empty()) {
    std::string choices;
    for (const auto& c : info.choices) choices += (choices.empty() ? "" : "|") + c;
    std::cout << " " << choices;
  }
  std::cout << ", default " << json(info.default_value).dump() << "\n";
}

}  // namespace

int run_settings(const std::vector<std::string>& words) {
  CommandStart start(words, {.usage = kSettingsUsage, .db = true, .json = true});
  if (auto done = start.answered()) return *done;
  Args& args = start.args();
  const bool as_json = start.json();
  const auto& pos = args.positional();
  args.finish(3);
  const std::string action = pos.empty() ? "list" : pos[0];
  const size_t wanted = action == "list" ? 1 : action == "get" || action == "reset" ? 2 : action == "set" ? 3 : 0;
  if (wanted == 0) throw UsageError("unknown settings action '" + action + "' (list, get, set, reset)");
  if (pos.size() > wanted || (!pos.empty() && pos.size() < wanted)) {
    throw UsageError(action == "set" ? "settings set needs KEY VALUE" : "settings " + action + " needs KEY");
  }
  if (as_json && action != "list" && action != "get") throw UsageError("--json goes with `settings list` and `settings get`");

  storage::Store store = start.open_store();
  if (action == "list") {
    const auto stored = store.configuration().settings();
    if (as_json) {
      json list = json::array();
      for (const auto& info : kicad::all_settings()) list.push_back(config::setting_json(info, stored));
      std::cout << json{{"settings", list}}.dump(2) << "\n";
    } else {
      for (const auto& info : kicad::all_settings()) print_setting(info, stored);
    }
    return 0;
  }
  const auto& info = setting_arg(pos[1]);
  if (action == "get") {
    const json s = config::setting_json(info, store.configuration().settings());
    if (as_json) {
      std::cout << s.dump(2) << "\n";
    } else {
      std::cout << s["value"].get<std::string>() << "\n";
    }
    return 0;
  }
  if (action == "set") {
    std::map<std::string, std::string> values;
    if (auto errors = config::read_settings(json{{info.key, pos[2]}}, config::load_library_config(store), values)) {
      throw ConfigRefused(error_text(*errors));
    }
    store.configuration().set_settings(values);
  } else {
    try {
      store.configuration().delete_setting(info.key);
    } catch (const storage::NotFoundError&) {
      // Already at its default: resetting is idempotent, as DELETE /api/settings/KEY is.
    }
  }
  print_setting(info, store.configuration().settings());
  return 0;
}

}  // namespace kibridge::cli
