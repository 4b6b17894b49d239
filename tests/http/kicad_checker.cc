#include "tests/http/kicad_checker.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace kibridge::testing::conformance {

namespace {

using nlohmann::json;

void add(Violations& out, const std::string& where, const char* rule, const std::string& what) {
  out.push_back(where + ": [" + rule + "] " + what);
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string shown(const json& j) {
  std::string s = j.dump(-1, ' ', false, json::error_handler_t::replace);
  return s.size() > 80 ? s.substr(0, 77) + "..." : s;
}

json parse(const std::string& body) { return json::parse(body, nullptr, /*allow_exceptions=*/false); }

// nlohmann's empty(): what KiCad's root validation rejects.
bool json_empty(const json& j) { return j.is_null() || ((j.is_array() || j.is_object()) && j.empty()); }

// KiCad 8-10.0 read visible/exclude_* with get<std::string>() and then boolFromString.
void check_bool_string(const std::string& where, const json& v, Violations& out) {
  static const std::set<std::string> kAllowed = {"1", "0", "true", "false", "yes", "no", "y", "n"};
  if (!v.is_string()) {
    add(out, where, "bool-string", "must be a JSON string, got " + std::string(v.type_name()) + " " + shown(v));
  } else if (!kAllowed.count(lower(v.get<std::string>()))) {
    add(out, where, "bool-string", "'" + v.get<std::string>() + "' is not one of 1/0/true/false/yes/no/y/n");
  }
}

bool has_illegal_chars(const std::string& name) { return fix_illegal_chars(name) != name; }

// A string member, or nullptr when it is absent; a violation when present with another type.
const json* optional_string(const std::string& where, const json& object, const char* key, const char* rule,
                            Violations& out) {
  if (!object.contains(key)) return nullptr;
  const json& v = object.at(key);
  if (!v.is_string()) {
    add(out, where, rule, std::string(key) + " must be a string, got " + v.type_name());
    return nullptr;
  }
  return &v;
}

}  // namespace

const char* version_name(KicadVersion version) {
  switch (version) {
    case KicadVersion::k8: return "KiCad 8";
    case KicadVersion::k9: return "KiCad 9";
    case KicadVersion::k10: return "KiCad 10";
  }
  return "KiCad ?";
}

std::string fix_illegal_chars(const std::string& name) {
  std::string out = name;
  for (char& c : out) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || c == ':' || c == '\\' || c == '<' || c == '>' || c == '"') c = '_';
  }
  return out;
}

bool has_rule(const Violations& violations, const std::string& rule) {
  const std::string tag = "[" + rule + "]";
  return std::any_of(violations.begin(), violations.end(),
                     [&](const std::string& v) { return v.find(tag) != std::string::npos; });
}

SettingsFile check_settings_file(const std::string& text, Violations& out) {
  const std::string where = ".kicad_httplib";
  const json j = json::parse(text, nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
  if (j.is_discarded() || !j.is_object()) {
    add(out, where, "settings-json", "not a JSON object");
    return {};
  }
  bool usable = true;
  const json meta = j.value("meta", json::object());
  if (!meta.is_object() || !meta.contains("version") || !meta["version"].is_number()) {
    add(out, where, "settings-meta-version", "meta.version must be a number");
    usable = false;
  }
  const json source = j.value("source", json::object());
  if (!source.is_object()) {
    add(out, where, "settings-type", "source must be an object");
    return {};
  }
  auto text_of = [&](const char* key) -> std::string {
    if (!source.contains(key)) return "";
    if (!source[key].is_string()) {
      add(out, where, "settings-type", std::string("source.") + key + " must be a string (KiCad keeps \"\")");
      return "";
    }
    return source[key].get<std::string>();
  };
  if (text_of("type") != "REST_API") {
    add(out, where, "settings-type", "source.type must be exactly \"REST_API\"");
    usable = false;
  }
  if (text_of("api_version") != "v1") {
    add(out, where, "settings-api-version", "source.api_version must be \"v1\"");
    usable = false;
  }
  std::string root = text_of("root_url");
  if (root.rfind("http://", 0) != 0 && root.rfind("https://", 0) != 0) {
    add(out, where, "settings-root-url", "source.root_url must be a non-empty http(s) URL, got '" + root + "'");
    usable = false;
  }
  for (const char* key : {"timeout_parts_seconds", "timeout_categories_seconds"}) {
    if (source.contains(key) && !source[key].is_number_integer()) {
      add(out, where, "settings-timeout", std::string("source.") + key + " must be an integer (else silently ignored)");
    }
  }
  SettingsFile file;
  file.token = text_of("token");
  if (usable) {
    if (root.empty() || root.back() != '/') root += '/';
    file.base_url = root + "v1/";
  }
  return file;
}

void check_root(const HttpAnswer& answer, Violations& out) {
  const std::string where = "v1/";
  if (answer.status != 200) add(out, where, "root-status", "status " + std::to_string(answer.status) + ", must be 200");
  if (answer.body.empty()) {
    add(out, where, "root-empty", "empty body");
    return;
  }
  const json j = parse(answer.body);
  if (j.is_discarded() || !j.is_object()) {
    add(out, where, "root-json", "body must be a JSON object");
    return;
  }
  for (const char* key : {"categories", "parts"}) {
    if (!j.contains(key) || json_empty(j[key])) {
      add(out, where, "root-keys", std::string("\"") + key + "\" must be present and not null/[]/{}");
    }
  }
}

std::vector<Category> check_categories(const HttpAnswer& answer, Violations& out) {
  const std::string where = "categories.json";
  if (answer.status != 200) {
    add(out, where, "categories-status", "status " + std::to_string(answer.status) + ", must be 200");
  }
  const json j = parse(answer.body);
  if (j.is_discarded()) {
    add(out, where, "categories-json", "body is not JSON");
    return {};
  }
  if (!j.is_array()) {
    add(out, where, "categories-json", "body must be a JSON array");
    return {};
  }
  std::vector<Category> categories;
  std::set<std::string> names;
  bool parse_failed = false;  // what makes KiCad drop the whole list
  for (size_t i = 0; i < j.size(); ++i) {
    const std::string at = where + "[" + std::to_string(i) + "]";
    const json& item = j[i];
    if (!item.is_object()) {
      add(out, at, "category-object", "must be an object, got " + shown(item));
      parse_failed = true;
      continue;
    }
    Category c;
    if (!item.contains("id") || !item["id"].is_string()) {
      add(out, at, "category-id-string", "id must be a JSON string, got " + shown(item.value("id", json())));
      parse_failed = true;
    } else {
      c.id = item["id"].get<std::string>();
    }
    if (!item.contains("name") || !item["name"].is_string()) {
      add(out, at, "category-name-string", "name must be a JSON string");
      parse_failed = true;
    } else {
      c.name = item["name"].get<std::string>();
      if (c.name.empty()) add(out, at, "category-name-empty", "name is empty");
      if (!names.insert(c.name).second) add(out, at, "category-name-unique", "name '" + c.name + "' repeats");
    }
    if (item.contains("description") && !item["description"].is_string()) {
      add(out, at, "category-description-string", "description must be a string");
      parse_failed = true;
    }
    categories.push_back(c);
  }
  if (parse_failed) return {};
  return categories;
}

std::vector<ListedPart> check_listing(const std::string& where, const HttpAnswer& answer, Violations& out) {
  if (answer.status != 200) {
    add(out, where, "listing-status", "status " + std::to_string(answer.status) + " for a category categories.json lists");
  }
  const json j = parse(answer.body);
  if (j.is_discarded()) {
    add(out, where, "listing-json", "body is not JSON: " + answer.body.substr(0, 60));
    return {};
  }
  if (!j.is_array()) {
    add(out, where, "listing-array", "body must be a JSON array, got " + std::string(j.type_name()));
    return {};
  }
  std::vector<ListedPart> parts;
  // Violations that make KiCad's parser throw, which fails the whole listing; the others
  // (odd names) are served but misbehave later.
  Violations fatal;
  for (size_t i = 0; i < j.size(); ++i) {
    const std::string at = where + "[" + std::to_string(i) + "]";
    const json& item = j[i];
    if (!item.is_object()) {
      add(fatal, at, "item-object", "must be an object, got " + shown(item));
      continue;
    }
    ListedPart p;
    p.entry = item;
    if (!item.contains("id") || !item["id"].is_string()) {
      add(fatal, at, "id-string", "id must be a JSON string, got " + shown(item.value("id", json())));
      continue;
    }
    p.id = item["id"].get<std::string>();
    p.name = p.id;
    if (const json* name = optional_string(at, item, "name", "name-string", fatal)) {
      p.name = name->get<std::string>();
      if (p.name.empty()) add(out, at, "name-empty", "name is empty");
    }
    if (has_illegal_chars(p.name)) {
      add(out, at, "name-illegal-chars", "name '" + fix_illegal_chars(p.name) + "' has : \\ < > \" or control chars");
    }
    optional_string(at, item, "description", "description-string", fatal);
    optional_string(at, item, "keywords", "keywords-string", fatal);
    if (item.contains("footprint_filters")) {
      const json& f = item["footprint_filters"];
      const bool ok = f.is_string() || (f.is_array() && std::all_of(f.begin(), f.end(), [](const json& e) {
                                          return e.is_string();
                                        }));
      if (!ok) add(fatal, at, "footprint-filters", "footprint_filters must be a string or an array of strings");
    }
    parts.push_back(std::move(p));
  }
  if (!fatal.empty()) {
    out.insert(out.end(), fatal.begin(), fatal.end());
    return {};
  }
  return parts;
}

void check_part_object(const std::string& where, const json& part, const CheckOptions& options, Violations& out) {
  if (!part.is_object()) {
    add(out, where, "detail-json", "must be a JSON object");
    return;
  }
  if (!part.contains("id") || !part["id"].is_string()) add(out, where, "id-string", "id must be a JSON string");
  if (!part.contains("symbolIdStr") || !part["symbolIdStr"].is_string()) {
    add(out, where, "symbol-string", "symbolIdStr must be present and a JSON string");
  } else if (options.symbol_needs_library) {
    const std::string symbol = part["symbolIdStr"].get<std::string>();
    const size_t colon = symbol.find(':');
    if (std::count(symbol.begin(), symbol.end(), ':') != 1 || colon == 0 || colon + 1 == symbol.size()) {
      add(out, where, "symbol-lib-id", "symbolIdStr '" + symbol + "' is not lib:name");
    }
  }
  for (const char* flag : {"exclude_from_bom", "exclude_from_board", "exclude_from_sim"}) {
    if (part.contains(flag)) check_bool_string(where + " " + flag, part[flag], out);
  }
  if (!part.contains("fields") || !part["fields"].is_object()) {
    add(out, where, "fields-object", "fields must be present and a JSON object");
    return;
  }
  const json& fields = part["fields"];
  for (const auto& [name, f] : fields.items()) {
    const std::string at = where + " fields." + name;
    if (name.empty()) add(out, at, "field-name-empty", "empty field name (KiCad 8 drops it)");
    if (!f.is_object()) {
      add(out, at, "field-object", "must be an object {value, visible}, got " + shown(f));
      continue;
    }
    if (!f.contains("value") || !f["value"].is_string()) {
      add(out, at, "field-value-string", "value must be present and a JSON string");
    }
    if (f.contains("visible")) check_bool_string(at + ".visible", f["visible"], out);
  }
  for (const char* builtin : {"value", "reference", "footprint", "datasheet"}) {
    if (!fields.contains(builtin)) add(out, where, "field-missing", std::string("no fields.") + builtin);
  }
  if (fields.contains("footprint") && fields["footprint"].is_object() && fields["footprint"].value("value", json()).is_string()) {
    const std::string fp = fields["footprint"]["value"].get<std::string>();
    if (fp.find_first_of(";\t\r\n") != std::string::npos) {
      add(out, where, "footprint-separator", "footprint '" + fp + "' holds ; TAB CR or LF (KiCad 10 splits it)");
    }
  }
}

void check_detail(const std::string& where, const ListedPart& listed, const HttpAnswer& answer,
                  const CheckOptions& options, Violations& out) {
  if (answer.status != 200) {
    add(out, where, "detail-status", "status " + std::to_string(answer.status) + ", must be 200");
    return;
  }
  const json d = parse(answer.body);
  if (d.is_discarded() || !d.is_object()) {
    add(out, where, "detail-json", "body must be a JSON object");
    return;
  }
  check_part_object(where, d, options, out);
  if (d.contains("id") && d["id"].is_string() && d["id"].get<std::string>() != listed.id) {
    add(out, where, "detail-id-match", "id '" + d["id"].get<std::string>() + "' is not the requested '" + listed.id + "'");
  }
  std::string name = listed.id;
  if (const json* n = optional_string(where, d, "name", "name-string", out)) name = n->get<std::string>();
  if (name != listed.name) {
    add(out, where, "listing-detail-name", "name '" + name + "' differs from the listing's '" + listed.name + "'");
  }
  const json fields = d.value("fields", json::object());
  auto field_value = [&](const char* key) -> json {
    if (!fields.is_object() || !fields.contains(key) || !fields[key].is_object()) return json();
    return fields[key].value("value", json());
  };
  // KiCad 10 sets the symbol description and keywords from the top level after the fields.
  if (!d.contains("description")) {
    add(out, where, "detail-description", "no top-level description (KiCad 10 would blank it)");
  } else if (d["description"] != field_value("description")) {
    add(out, where, "detail-description",
        "top-level description " + shown(d["description"]) + " differs from fields.description " +
            shown(field_value("description")));
  }
  if (d.contains("keywords") && d["keywords"] != field_value("keywords")) {
    add(out, where, "detail-keywords",
        "top-level keywords " + shown(d["keywords"]) + " differ from fields.keywords " + shown(field_value("keywords")));
  }
  // A listing that carries the details (what KiCad 10 uses) must say what the detail says.
  if (listed.entry.contains("fields")) {
    for (const char* key : {"fields", "symbolIdStr", "exclude_from_bom", "exclude_from_board", "exclude_from_sim"}) {
      if (listed.entry.value(key, json()) != d.value(key, json())) {
        add(out, where, "listing-detail-fields", std::string(key) + " differs between listing and detail");
      }
    }
  }
}

LoadReport load_like_kicad(KicadVersion version, const std::string& settings_file, const Fetch& fetch,
                           const CheckOptions& options) {
  LoadReport report;
  Violations& out = report.violations;
  const SettingsFile settings = check_settings_file(settings_file, out);
  if (settings.base_url.empty()) return report;
  auto get = [&](const std::string& path) {
    ++report.requests;
    return fetch(settings.base_url + path, settings.token);
  };

  const HttpAnswer root = get("");
  check_root(root, out);
  if (!out.empty()) return report;  // KiCad discards the connection

  const std::vector<Category> categories = check_categories(get("categories.json"), out);
  report.categories = categories.size();

  // Part names are KiCad's keys across the whole library (9+ after FixIllegalChars).
  std::map<std::string, std::string> name_owner;
  for (const Category& c : categories) {
    const std::string where = "parts/category/" + c.id + ".json";
    const std::vector<ListedPart> listed = check_listing(where, get("parts/category/" + c.id + ".json"), out);
    for (size_t i = 0; i < listed.size(); ++i) {
      const ListedPart& p = listed[i];
      const std::string item = where + "[" + std::to_string(i) + "]";
      const std::string key = fix_illegal_chars(p.name);
      auto [it, fresh] = name_owner.emplace(key, item);
      if (!fresh) add(out, item, "name-unique", "name '" + key + "' is already used by " + it->second);

      const std::string detail_where = "parts/" + p.id + ".json";
      const bool needs_detail = version != KicadVersion::k10 || !p.entry.contains("fields") || !p.entry["fields"].is_object();
      if (version == KicadVersion::k10) {
        if (needs_detail) {
          add(out, item, "listing-fields", "no fields object: KiCad 10 requests this part on every refresh");
        } else {
          check_part_object(item, p.entry, options, out);
        }
      }
      if (needs_detail) check_detail(detail_where, p, get("parts/" + p.id + ".json"), options, out);
      report.part_ids.push_back(p.id);
    }
  }
  return report;
}

}  // namespace kibridge::testing::conformance
