#include "server/config/config_file.h"

#include <algorithm>
#include <set>
#include <tuple>

#include "server/config/category_tree.h"
#include "server/config/config_rules.h"
#include "server/kicad/settings.h"
#include "server/config/json_fields.h"
#include "server/util/decimal_id.h"
#include "storage/limits.h"

namespace kibridge::config {

namespace {

using nlohmann::json;
using Kind = ConfigChange::Kind;

constexpr int kFormatVersion = 1;
constexpr const char* kVersionKey = "kibridge_config";

std::string compact(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string path_of(const kicad::LibraryConfig& config, int64_t category_id) {
  const auto* c = config.category(category_id);
  return c == nullptr ? "#" + std::to_string(category_id) : c->pathstring;
}

json category_item(const storage::KicadCategoryRecord& k, const kicad::LibraryConfig& config) {
  json item{{"category", path_of(config, k.category_id)},
            {"category_pk", k.category_id},
            {"default_symbol", k.default_symbol},
            {"default_footprint", k.default_footprint},
            {"default_reference", k.default_reference},
            {"default_value_parameter_template", template_reference(config, k.default_value_parameter_template)},
            {"footprint_parameter_template", template_reference(config, k.footprint_parameter_template)}};
  // Only when set, so files of categories without rules read as before.
  if (!k.field_rules.empty()) item["field_rules"] = field_rules_json(k.field_rules);
  if (!k.library.empty()) item["library"] = k.library;
  return item;
}

// A template setting stored as an id is exported by name when the name finds it again.
std::string portable_setting(const std::string& key, const std::string& value, const kicad::LibraryConfig& config) {
  const auto* info = kicad::find_setting(key);
  const auto id = util::parse_decimal_id(value);
  if (info == nullptr || info->type != kicad::SettingType::kTemplate || !id) return value;
  const json ref = template_reference(config, *id);
  return ref.is_string() ? ref.get<std::string>() : value;
}

std::string json_list(const std::vector<json>& items) {
  if (items.empty()) return "[]";
  std::string out = "[\n";
  for (size_t i = 0; i < items.size(); ++i) out += "    " + compact(items[i]) + (i + 1 < items.size() ? ",\n" : "\n");
  return out + "  ]";
}

int64_t category_of_kicad(const StoredConfig& stored, int64_t kicad_id) {
  for (const auto& k : stored.kicad_categories) {
    if (k.id == kicad_id) return k.category_id;
  }
  return -1;
}

// Every message of an error body, each prefixed with `where` and its field.
void add_errors(std::vector<std::string>& errors, const std::string& where, const json& body) {
  for (const auto& [field, messages] : body.items()) {
    if (field == "detail") continue;
    for (const auto& m : messages) errors.push_back(where + ": " + field + ": " + m.get<std::string>());
  }
}

bool check_keys(const json& item, const std::set<std::string>& allowed, const std::string& where,
                std::vector<std::string>& errors) {
  if (!item.is_object()) {
    errors.push_back(where + ": expected a JSON object");
    return false;
  }
  bool ok = true;
  for (const auto& [key, value] : item.items()) {
    if (!allowed.count(key)) {
      errors.push_back(where + ": unknown field '" + key + "'");
      ok = false;
    }
  }
  return ok;
}

// The InvenTree category an item names by path (or, failing that, by its pk hint).
std::optional<int64_t> item_category(const json& item, const std::string& where,
                                     const std::vector<storage::CategoryRecord>& categories, ConfigPlan& plan) {
  if (!item.contains("category") || !item["category"].is_string()) {
    plan.errors.push_back(where + ": category: a category path (string) is required");
    return std::nullopt;
  }
  const std::string path = item["category"].get<std::string>();
  for (const auto& c : categories) {
    if (c.pathstring == path) return c.id;
  }
  if (item.contains("category_pk") && item["category_pk"].is_number_integer()) {
    const int64_t hint = item["category_pk"].get<int64_t>();
    for (const auto& c : categories) {
      if (c.id == hint) {
        plan.notes.push_back(where + ": no category has the path '" + path + "' any more; using its pk " +
                             std::to_string(hint) + " ('" + c.pathstring + "')");
        return hint;
      }
    }
  }
  // find_category explains the miss (with a suggestion); the text is a path, never a pk.
  plan.errors.push_back(where + ": " + find_category(categories, path.empty() ? "/" : path).error);
  return std::nullopt;
}

std::string quoted(const std::string& s) { return compact(json(s)); }

std::string template_text(const kicad::LibraryConfig& config, const std::optional<int64_t>& id) {
  return compact(template_reference(config, id));
}

// "field old -> new" for every field that differs; with `from` null, "field value" for every
// non-empty field.
std::string category_fields(const storage::KicadCategoryRecord* from, const storage::KicadCategoryRecord& to,
                            const kicad::LibraryConfig& config) {
  std::vector<std::string> parts;
  auto text = [&](const char* name, const std::string storage::KicadCategoryRecord::*field) {
    if (from == nullptr ? !(to.*field).empty() : from->*field != to.*field) {
      parts.push_back(std::string(name) + " " + (from ? quoted(from->*field) + " -> " : "") + quoted(to.*field));
    }
  };
  auto tpl = [&](const char* name, const std::optional<int64_t> storage::KicadCategoryRecord::*field) {
    if (from == nullptr ? (to.*field).has_value() : from->*field != to.*field) {
      parts.push_back(std::string(name) + " " + (from ? template_text(config, from->*field) + " -> " : "") +
                      template_text(config, to.*field));
    }
  };
  text("default_symbol", &storage::KicadCategoryRecord::default_symbol);
  text("default_footprint", &storage::KicadCategoryRecord::default_footprint);
  text("default_reference", &storage::KicadCategoryRecord::default_reference);
  tpl("default_value_parameter_template", &storage::KicadCategoryRecord::default_value_parameter_template);
  tpl("footprint_parameter_template", &storage::KicadCategoryRecord::footprint_parameter_template);
  text("field_rules", &storage::KicadCategoryRecord::field_rules);
  text("library", &storage::KicadCategoryRecord::library);
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? ": " : ", ") + p;
  return out;
}

// Whether two stored values of `key` mean the same (template settings: the same template).
bool same_setting(const std::string& key, const std::string& a, const std::string& b, const kicad::LibraryConfig& config) {
  if (a == b) return true;
  const auto* info = kicad::find_setting(key);
  if (info == nullptr || info->type != kicad::SettingType::kTemplate || a.empty() || b.empty()) return false;
  const auto ia = config.resolve_template(a);
  return ia && ia == config.resolve_template(b);
}

// ",\n  \"libraries\": [...]" by name, or nothing when there are none.
std::string libraries_text(const std::vector<storage::LibraryRecord>& libraries) {
  if (libraries.empty()) return "";
  std::vector<json> items;
  for (const auto& l : libraries) items.push_back(json{{"description", l.description}, {"name", l.name}});
  std::sort(items.begin(), items.end(), [](const json& a, const json& b) { return a["name"] < b["name"]; });
  return ",\n  \"libraries\": " + json_list(items);
}

// The file's "libraries" (absent: none), by name; errors go to `plan`.
std::map<std::string, std::string> wanted_libraries(const json& document, ConfigPlan& plan) {
  std::map<std::string, std::string> wanted;
  if (!document.contains("libraries")) return wanted;
  if (!document["libraries"].is_array()) {
    plan.errors.push_back("the file: \"libraries\" must be a list (an empty list [] removes them all)");
    return wanted;
  }
  const auto& items = document["libraries"];
  for (size_t i = 0; i < items.size(); ++i) {
    const std::string where = "libraries[" + std::to_string(i) + "]";
    if (!check_keys(items[i], {"name", "description"}, where, plan.errors)) continue;
    storage::LibraryRecord record;
    FieldReader in(items[i]);
    in.string("name", storage::limits::kLibraryName, true, false, record.name);
    in.string("description", storage::limits::kLibraryDescription, false, true, record.description);
    if (!in.ok()) {
      add_errors(plan.errors, where, in.error_body());
      continue;
    }
    if (auto error = storage::limits::library_name_error(record.name)) {
      plan.errors.push_back(where + ": name: " + *error);
    } else if (!wanted.emplace(record.name, record.description).second) {
      plan.errors.push_back(where + ": library '" + record.name + "' is listed twice");
    }
  }
  return wanted;
}

// A category item's "library", checked against the file's libraries (null, "" or "default":
// the default library); the item's other fields go through config_rules.
std::optional<std::string> item_library(const json& item, const std::string& where,
                                        const std::map<std::string, std::string>& libraries, ConfigPlan& plan) {
  if (!item.contains("library") || item["library"].is_null()) return "";
  if (!item["library"].is_string()) {
    plan.errors.push_back(where + ": library: a library name (string) or null is required");
    return std::nullopt;
  }
  const std::string name = item["library"].get<std::string>();
  if (name.empty() || name == storage::limits::kDefaultLibraryName) return "";
  if (!libraries.count(name)) {
    plan.errors.push_back(where + ": library: '" + name + "' is not in \"libraries\"");
    return std::nullopt;
  }
  return name;
}

}  // namespace

StoredConfig read_stored_config(const storage::Store& store) {
  return StoredConfig{store.configuration().kicad_categories(), store.configuration().footprint_mappings(),
                      store.configuration().settings(), store.configuration().libraries()};
}

std::string export_config(const StoredConfig& stored, const kicad::LibraryConfig& config) {
  std::vector<json> categories;
  for (const auto& k : stored.kicad_categories) categories.push_back(category_item(k, config));
  auto by_path = [](const json& a, const json& b) {
    return std::tie(a["category"], a["category_pk"]) < std::tie(b["category"], b["category_pk"]);
  };
  std::sort(categories.begin(), categories.end(), by_path);

  std::vector<json> mappings;
  for (const auto& m : stored.footprint_mappings) {
    const int64_t category = category_of_kicad(stored, m.kicad_category_id);
    mappings.push_back(json{{"category", path_of(config, category)},
                            {"category_pk", category},
                            {"parameter_value", m.parameter_value},
                            {"kicad_footprint", m.kicad_footprint}});
  }
  std::sort(mappings.begin(), mappings.end(), [&](const json& a, const json& b) {
    return std::tie(a["category"], a["category_pk"], a["parameter_value"]) <
           std::tie(b["category"], b["category_pk"], b["parameter_value"]);
  });

  std::string settings;
  for (const auto& [key, value] : stored.settings) {
    if (kicad::find_setting(key) == nullptr) continue;  // left by another version; it has no effect
    settings += std::string(settings.empty() ? "\n" : ",\n") + "    " + compact(json(key)) + ": " +
                compact(json(portable_setting(key, value, config)));
  }
  return std::string("{\n") + "  \"" + kVersionKey + "\": " + std::to_string(kFormatVersion) + ",\n" +
         "  \"kicad_categories\": " + json_list(categories) + ",\n" + "  \"footprint_mappings\": " +
         json_list(mappings) + ",\n" + "  \"settings\": " + (settings.empty() ? "{}" : "{" + settings + "\n  }") +
         libraries_text(stored.libraries) + "\n}\n";
}

ConfigPlan plan_config(const json& document, const StoredConfig& stored,
                       const std::vector<storage::CategoryRecord>& categories, const kicad::LibraryConfig& config) {
  ConfigPlan plan;
  if (!check_keys(document, {kVersionKey, "kicad_categories", "footprint_mappings", "settings", "libraries"},
                  "the file", plan.errors)) {
    return plan;
  }
  if (!document.contains(kVersionKey) || document[kVersionKey] != kFormatVersion) {
    plan.errors.push_back(std::string("the file: \"") + kVersionKey + "\": 1 is missing (is this a file of `kibridge config export`?)");
    return plan;
  }
  for (const char* key : {"kicad_categories", "footprint_mappings"}) {
    if (!document.contains(key) || !document[key].is_array()) {
      plan.errors.push_back(std::string("the file: \"") + key + "\" must be a list (an empty list [] removes them all)");
    }
  }
  if (!document.contains("settings") || !document["settings"].is_object()) {
    plan.errors.push_back("the file: \"settings\" must be an object ({} resets every setting to its default)");
  }
  const std::map<std::string, std::string> libraries = wanted_libraries(document, plan);
  if (!plan.errors.empty()) return plan;

  // What the file wants, keyed by InvenTree category.
  std::map<int64_t, storage::KicadCategoryRecord> wanted;
  const auto& category_items = document["kicad_categories"];
  for (size_t i = 0; i < category_items.size(); ++i) {
    const auto& item = category_items[i];
    const std::string where = "kicad_categories[" + std::to_string(i) + "]";
    if (!check_keys(item,
                    {"category", "category_pk", "default_symbol", "default_footprint", "default_reference",
                     "default_value_parameter_template", "footprint_parameter_template", "field_rules", "library"},
                    where, plan.errors)) {
      continue;
    }
    const auto category = item_category(item, where, categories, plan);
    const auto library = item_library(item, where, libraries, plan);
    if (!category || !library) continue;
    json body = item;
    body.erase("category_pk");
    body.erase("library");
    body["category"] = *category;
    storage::KicadCategoryRecord record;
    if (auto errors = read_kicad_category(body, config, /*partial=*/false, record)) {
      add_errors(plan.errors, where, *errors);
      continue;
    }
    record.library = *library;
    if (!wanted.emplace(*category, record).second) {
      plan.errors.push_back(where + ": category '" + path_of(config, *category) + "' is listed twice");
    }
  }
  // A mapping of a category whose own item failed is not reported a second time.
  const bool categories_ok = plan.errors.empty();
  std::map<std::pair<int64_t, std::string>, std::string> wanted_mappings;
  const auto& mapping_items = document["footprint_mappings"];
  for (size_t i = 0; i < mapping_items.size(); ++i) {
    const auto& item = mapping_items[i];
    const std::string where = "footprint_mappings[" + std::to_string(i) + "]";
    if (!check_keys(item, {"category", "category_pk", "parameter_value", "kicad_footprint"}, where, plan.errors)) continue;
    const auto category = item_category(item, where, categories, plan);
    if (!category) continue;
    json body = item;
    body.erase("category");
    body.erase("category_pk");
    body["kicad_category"] = 0;  // resolved when applied; the category may be new
    storage::FootprintMappingRecord record;
    if (auto errors = read_footprint_mapping(body, /*partial=*/false, record)) {
      add_errors(plan.errors, where, *errors);
      continue;
    }
    if (!wanted.count(*category)) {
      if (!categories_ok) continue;
      plan.errors.push_back(where + ": category '" + path_of(config, *category) + "' is not in \"kicad_categories\"");
      continue;
    }
    if (!wanted_mappings.emplace(std::make_pair(*category, record.parameter_value), record.kicad_footprint).second) {
      plan.errors.push_back(where + ": '" + record.parameter_value + "' is mapped twice in '" +
                            path_of(config, *category) + "'");
    }
  }
  std::map<std::string, std::string> wanted_settings;
  if (auto errors = read_settings(document["settings"], config, wanted_settings)) {
    add_errors(plan.errors, "settings", *errors);
  }
  if (!plan.errors.empty()) return plan;

  // The differences, in the order apply_plan writes them.
  std::map<int64_t, const storage::KicadCategoryRecord*> current;
  for (const auto& k : stored.kicad_categories) current[k.category_id] = &k;
  auto change = [&](Kind kind, std::string line) -> ConfigChange& {
    plan.changes.push_back(ConfigChange{kind, std::move(line), {}, {}, 0, {}, {}, {}});
    return plan.changes.back();
  };
  std::map<std::string, const storage::LibraryRecord*> current_libraries;
  for (const auto& l : stored.libraries) current_libraries[l.name] = &l;
  for (const auto& [name, description] : libraries) {
    if (current_libraries.count(name)) continue;
    change(Kind::kAddLibrary, "+ library " + name + (description.empty() ? "" : " description " + quoted(description)))
        .library = storage::LibraryRecord{0, name, description};
  }
  std::map<std::pair<int64_t, std::string>, const storage::FootprintMappingRecord*> current_mappings;
  for (const auto& m : stored.footprint_mappings) {
    const int64_t category = category_of_kicad(stored, m.kicad_category_id);
    current_mappings[{category, m.parameter_value}] = &m;
    auto it = wanted_mappings.find({category, m.parameter_value});
    if (it == wanted_mappings.end()) {
      change(Kind::kRemoveMapping,
             "- mapping " + path_of(config, category) + " " + quoted(m.parameter_value) + " -> " + quoted(m.kicad_footprint))
          .mapping = m;
    }
  }
  for (const auto& [category, k] : current) {
    if (!wanted.count(category)) change(Kind::kRemoveCategory, "- category " + path_of(config, category)).category = *k;
  }
  for (auto& [category, record] : wanted) {
    auto it = current.find(category);
    if (it == current.end()) continue;
    record.id = it->second->id;
    if (record == *it->second) continue;
    change(Kind::kUpdateCategory, "~ category " + path_of(config, category) + category_fields(it->second, record, config))
        .category = record;
  }
  for (const auto& [category, record] : wanted) {
    if (current.count(category)) continue;
    change(Kind::kAddCategory, "+ category " + path_of(config, category) + category_fields(nullptr, record, config))
        .category = record;
  }
  for (const auto& [key, footprint] : wanted_mappings) {
    const std::string head = " mapping " + path_of(config, key.first) + " " + quoted(key.second) + " -> ";
    auto it = current_mappings.find(key);
    if (it == current_mappings.end()) {
      auto& c = change(Kind::kAddMapping, "+" + head + quoted(footprint));
      c.mapping.parameter_value = key.second;
      c.mapping.kicad_footprint = footprint;
      c.mapping_category = key.first;
    } else if (it->second->kicad_footprint != footprint) {
      auto& c = change(Kind::kUpdateMapping, "~" + head + quoted(footprint) + " (was " + quoted(it->second->kicad_footprint) + ")");
      c.mapping = *it->second;
      c.mapping.kicad_footprint = footprint;
      c.mapping_category = key.first;
    }
  }
  const auto effective = kicad::effective_settings(stored.settings);
  for (const auto& [key, value] : wanted_settings) {
    auto it = stored.settings.find(key);
    if (it != stored.settings.end() && same_setting(key, it->second, value, config)) continue;
    auto& c = change(Kind::kSetSetting, "~ setting " + key + ": " + quoted(effective.at(key)) + " -> " + quoted(value));
    c.key = key;
    c.value = value;
  }
  for (const auto& [key, value] : stored.settings) {
    const auto* info = kicad::find_setting(key);
    if (info == nullptr || wanted_settings.count(key)) continue;
    auto& c = change(Kind::kResetSetting, "- setting " + key + ": " + quoted(value) + " -> default " +
                                              quoted(info->default_value));
    c.key = key;
  }
  for (const auto& [name, l] : current_libraries) {
    auto it = libraries.find(name);
    if (it == libraries.end()) {
      change(Kind::kRemoveLibrary, "- library " + name).library = *l;
    } else if (it->second != l->description) {
      change(Kind::kUpdateLibrary, "~ library " + name + ": description " + quoted(l->description) + " -> " +
                                       quoted(it->second))
          .library = storage::LibraryRecord{l->id, name, it->second};
    }
  }
  return plan;
}

void apply_plan(storage::Store& store, const ConfigPlan& plan) {
  std::map<std::string, std::string> settings;
  for (const auto& c : plan.changes) {
    switch (c.kind) {
      case Kind::kRemoveMapping: store.configuration().delete_footprint_mapping(c.mapping.id); break;
      case Kind::kRemoveCategory: store.configuration().delete_kicad_category(c.category.id); break;
      case Kind::kUpdateCategory: store.configuration().update_kicad_category(c.category); break;
      case Kind::kAddCategory: store.configuration().create_kicad_category(c.category); break;
      case Kind::kUpdateMapping: store.configuration().update_footprint_mapping(c.mapping); break;
      case Kind::kAddMapping: {
        storage::FootprintMappingRecord m = c.mapping;
        for (const auto& k : store.configuration().kicad_categories()) {
          if (k.category_id == c.mapping_category) m.kicad_category_id = k.id;
        }
        store.configuration().create_footprint_mapping(m);
        break;
      }
      case Kind::kSetSetting: settings[c.key] = c.value; break;
      case Kind::kResetSetting: store.configuration().delete_setting(c.key); break;
      case Kind::kAddLibrary: store.configuration().create_library(c.library); break;
      case Kind::kUpdateLibrary: store.configuration().update_library(c.library); break;
      case Kind::kRemoveLibrary: store.configuration().delete_library(c.library.name); break;
    }
  }
  if (!settings.empty()) store.configuration().set_settings(settings);
}

}  // namespace kibridge::config
