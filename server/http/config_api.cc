#include "server/http/config_api.h"

#include "server/http/http_util.h"
#include "server/http/json_fields.h"
#include "server/kicad/library.h"
#include "server/kicad/settings.h"
#include "server/util/ascii_text.h"

namespace kibridge::http {

namespace {

using nlohmann::json;

json mapping_json(const storage::FootprintMappingRecord& m) {
  return json{{"id", m.id},
              {"kicad_category", m.kicad_category_id},
              {"parameter_value", m.parameter_value},
              {"kicad_footprint", m.kicad_footprint}};
}

bool read_mapping(const json& body, bool partial, storage::FootprintMappingRecord& m, httplib::Response& res) {
  FieldReader in(body);
  in.id("kicad_category", !partial, m.kicad_category_id);
  in.string("parameter_value", 200, !partial, false, m.parameter_value);
  in.string("kicad_footprint", 200, !partial, false, m.kicad_footprint);
  if (!in.ok()) {
    send_json(res, 400, in.error_body());
    return false;
  }
  return true;
}

const char* type_name(kicad::SettingType t) {
  switch (t) {
    case kicad::SettingType::kBool: return "bool";
    case kicad::SettingType::kString: return "string";
    case kicad::SettingType::kTemplate: return "parameter_template";
    case kicad::SettingType::kChoice: return "choice";
    case kicad::SettingType::kUrl: return "url";
  }
  return "string";
}

json setting_json(const kicad::SettingInfo& info, const std::map<std::string, std::string>& stored) {
  auto it = stored.find(info.key);
  json out{{"key", info.key},
           {"value", it == stored.end() ? info.default_value : it->second},
           {"default", info.default_value},
           {"is_set", it != stored.end()},
           {"type", type_name(info.type)},
           {"description", info.description}};
  if (!info.choices.empty()) out["choices"] = info.choices;
  return out;
}

// Checks one value for `key` and returns the string to store, or records an error. A template
// named by a name the mirror lacks is accepted when `create_missing` (the effective
// IMPORT_CREATE_MISSING_TEMPLATES): the pusher creates it on the first push, which is the
// documented way to set up write-back; `notes` then says so. An id cannot be created, so an
// unknown id is always refused.
std::optional<std::string> check_setting(const std::string& key, const json& value, const kicad::LibraryConfig& config,
                                         bool create_missing, FieldReader& errors, std::vector<std::string>& notes) {
  const kicad::SettingInfo* info = kicad::find_setting(key);
  if (info == nullptr) {
    errors.add_error(key, "Unknown setting.");
    return std::nullopt;
  }
  std::string text;
  if (value.is_string()) {
    text = value.get<std::string>();
  } else if (value.is_boolean() && info->type == kicad::SettingType::kBool) {
    text = value.get<bool>() ? "true" : "false";
  } else if (value.is_number_integer() && info->type == kicad::SettingType::kTemplate) {
    text = std::to_string(value.get<int64_t>());
  } else if (value.is_null() && info->type == kicad::SettingType::kTemplate) {
    text = "";
  } else {
    errors.add_error(key, std::string("Expected ") + type_name(info->type) + ", received " + value.type_name() + ".");
    return std::nullopt;
  }
  auto check = kicad::validate_setting(key, text);
  if (!check.normalised) {
    errors.add_error(key, check.error);
    return std::nullopt;
  }
  if (info->type == kicad::SettingType::kTemplate && !check.normalised->empty() &&
      !config.resolve_template(*check.normalised)) {
    if (!create_missing || util::all_ascii_digits(*check.normalised)) {
      errors.add_error(key, "No parameter template with id or name '" + *check.normalised +
                                "'. Create it in InvenTree, or set IMPORT_CREATE_MISSING_TEMPLATES to true to "
                                "let kibridge create it on the first push.");
      return std::nullopt;
    }
    notes.push_back(key + ": InvenTree has no parameter template '" + *check.normalised +
                    "' yet; the first push creates it (IMPORT_CREATE_MISSING_TEMPLATES is on).");
  }
  return check.normalised;
}

// IMPORT_CREATE_MISSING_TEMPLATES as it is once `body` is stored: the body's own value when it
// sets a readable one (so one PATCH can turn it on and name a new template), else the stored one.
bool create_missing_after(const json& body, const kicad::LibraryConfig& config) {
  constexpr const char* kKey = "IMPORT_CREATE_MISSING_TEMPLATES";
  if (body.contains(kKey)) {
    const json& v = body.at(kKey);
    if (v.is_boolean()) return v.get<bool>();
    if (v.is_string()) {
      if (auto b = kicad::parse_bool(v.get<std::string>())) return *b;
    }
  }
  return config.settings().import_create_missing_templates;
}

void send_settings(const ServerContext& ctx, httplib::Response& res, const std::vector<std::string>& notes = {}) {
  const auto stored = ctx.store.settings();
  json list = json::array();
  for (const auto& info : kicad::all_settings()) list.push_back(setting_json(info, stored));
  json out{{"settings", list}};
  if (!notes.empty()) out["notes"] = notes;
  send_json(res, 200, out);
}

}  // namespace

void register_config_api(httplib::Server& server, const ServerContext& ctx) {
  const std::string mappings = "/api/footprint-mappings";

  server.Get(mappings + "/?", [&ctx](const httplib::Request& req, httplib::Response& res) {
    std::optional<int64_t> filter;
    if (req.has_param("kicad_category")) {
      filter = parse_id(req.get_param_value("kicad_category"));
      if (!filter) return send_field_error(res, "kicad_category", "Expected a KiCad category pk.");
    }
    json out = json::array();
    for (const auto& m : ctx.store.footprint_mappings()) {
      if (!filter || m.kicad_category_id == *filter) out.push_back(mapping_json(m));
    }
    send_json(res, 200, out);
  });
  server.Get(mappings + R"(/(\d+)/?)", [&ctx](const httplib::Request& req, httplib::Response& res) {
    auto m = ctx.store.footprint_mapping(*parse_id(req.matches[1]));
    if (!m) return send_error(res, 404, "no footprint mapping with id " + std::string(req.matches[1]));
    send_json(res, 200, mapping_json(*m));
  });
  server.Post(mappings + "/?", [&ctx](const httplib::Request& req, httplib::Response& res) {
    auto body = parse_json_object(req, res);
    if (!body) return;
    storage::FootprintMappingRecord m;
    if (!read_mapping(*body, false, m, res)) return;
    try {
      auto [created, changes] = ctx.store.create_footprint_mapping(m);
      ctx.changed(changes);
      send_json(res, 201, mapping_json(created));
    } catch (const storage::StorageError& e) {
      send_store_error(res, e, "parameter_value");
    }
  });
  auto update = [&ctx](const httplib::Request& req, httplib::Response& res, bool partial) {
    const int64_t id = *parse_id(req.matches[1]);
    auto existing = ctx.store.footprint_mapping(id);
    if (!existing) return send_error(res, 404, "no footprint mapping with id " + std::to_string(id));
    auto body = parse_json_object(req, res);
    if (!body) return;
    storage::FootprintMappingRecord m = partial ? *existing : storage::FootprintMappingRecord{};
    m.id = id;
    if (!read_mapping(*body, partial, m, res)) return;
    try {
      ctx.changed(ctx.store.update_footprint_mapping(m));
      send_json(res, 200, mapping_json(m));
    } catch (const storage::StorageError& e) {
      send_store_error(res, e, "parameter_value");
    }
  };
  server.Put(mappings + R"(/(\d+)/?)", [update](const httplib::Request& req, httplib::Response& res) { update(req, res, false); });
  server.Patch(mappings + R"(/(\d+)/?)", [update](const httplib::Request& req, httplib::Response& res) { update(req, res, true); });
  server.Delete(mappings + R"(/(\d+)/?)", [&ctx](const httplib::Request& req, httplib::Response& res) {
    try {
      ctx.changed(ctx.store.delete_footprint_mapping(*parse_id(req.matches[1])));
      res.status = 204;
    } catch (const storage::StorageError& e) {
      send_store_error(res, e, "id");
    }
  });

  server.Get("/api/settings/?", [&ctx](const httplib::Request&, httplib::Response& res) { send_settings(ctx, res); });
  server.Patch("/api/settings/?", [&ctx](const httplib::Request& req, httplib::Response& res) {
    auto body = parse_json_object(req, res);
    if (!body) return;
    auto lib = ctx.cache.library();
    FieldReader errors(*body);
    std::map<std::string, std::string> values;
    std::vector<std::string> notes;
    const bool create_missing = create_missing_after(*body, lib->config());
    for (const auto& [key, value] : body->items()) {
      if (auto v = check_setting(key, value, lib->config(), create_missing, errors, notes)) values[key] = *v;
    }
    if (!errors.ok()) return send_json(res, 400, errors.error_body());
    if (!values.empty()) ctx.changed(ctx.store.set_settings(values));
    send_settings(ctx, res, notes);
  });
  server.Get(R"(/api/settings/([A-Z0-9_]+)/?)", [&ctx](const httplib::Request& req, httplib::Response& res) {
    const auto* info = kicad::find_setting(req.matches[1]);
    if (info == nullptr) return send_error(res, 404, "unknown setting '" + std::string(req.matches[1]) + "'");
    send_json(res, 200, setting_json(*info, ctx.store.settings()));
  });
  server.Put(R"(/api/settings/([A-Z0-9_]+)/?)", [&ctx](const httplib::Request& req, httplib::Response& res) {
    const std::string key = req.matches[1];
    const auto* info = kicad::find_setting(key);
    if (info == nullptr) return send_error(res, 404, "unknown setting '" + key + "'");
    auto body = parse_json_object(req, res);
    if (!body) return;
    if (!body->contains("value")) return send_field_error(res, "value", "This field is required.");
    auto lib = ctx.cache.library();
    FieldReader errors(*body);
    std::vector<std::string> notes;
    auto value = check_setting(key, body->at("value"), lib->config(),
                               lib->config().settings().import_create_missing_templates, errors, notes);
    if (!value) return send_json(res, 400, errors.error_body());
    ctx.changed(ctx.store.set_settings({{key, *value}}));
    json out = setting_json(*info, ctx.store.settings());
    if (!notes.empty()) out["notes"] = notes;
    send_json(res, 200, out);
  });
  server.Delete(R"(/api/settings/([A-Z0-9_]+)/?)", [&ctx](const httplib::Request& req, httplib::Response& res) {
    const std::string key = req.matches[1];
    const auto* info = kicad::find_setting(key);
    if (info == nullptr) return send_error(res, 404, "unknown setting '" + key + "'");
    try {
      ctx.changed(ctx.store.delete_setting(key));
    } catch (const storage::NotFoundError&) {
      // Already at its default: deleting is idempotent.
    }
    send_json(res, 200, setting_json(*info, ctx.store.settings()));
  });

  server.Get("/api/diagnostics/?", [&ctx](const httplib::Request&, httplib::Response& res) {
    const auto stats = ctx.cache.stats();
    std::vector<std::string> problems;
    kicad::parse_settings(ctx.store.settings(), &problems);
    const auto lib = ctx.cache.library();  // keeps the health below alive
    const auto& health = lib->health(ctx.store);
    auto warnings = health.warnings;
    const auto rendering = ctx.cache.warnings();
    warnings.insert(warnings.end(), rendering.begin(), rendering.end());
    warnings.insert(warnings.end(), problems.begin(), problems.end());
    send_json(res, 200,
              json{{"warnings", warnings},
                   {"library", kicad::health_json(health)},
                   {"cache", {{"renders", stats.renders}, {"listings", stats.listings}, {"parts", stats.parts},
                              {"bytes", stats.bytes}}}});
  });
}

}  // namespace kibridge::http
