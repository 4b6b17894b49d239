#include "server/http/config_api.h"

#include "server/config/config_rules.h"
#include "server/http/http_util.h"
#include "server/kicad/library.h"
#include "server/kicad/settings.h"

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
  if (auto errors = config::read_footprint_mapping(body, partial, m)) {
    send_json(res, 400, *errors);
    return false;
  }
  return true;
}

void send_settings(const ServerContext& ctx, httplib::Response& res, const std::vector<std::string>& notes = {}) {
  const auto stored = ctx.store.configuration().settings();
  json list = json::array();
  for (const auto& info : kicad::all_settings()) list.push_back(config::setting_json(info, stored));
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
      filter = parse_decimal_id(req.get_param_value("kicad_category"));
      if (!filter) return send_field_error(res, "kicad_category", "Expected a KiCad category pk.");
    }
    json out = json::array();
    for (const auto& m : ctx.store.configuration().footprint_mappings()) {
      if (!filter || m.kicad_category_id == *filter) out.push_back(mapping_json(m));
    }
    send_json(res, 200, out);
  });
  server.Get(mappings + R"(/(\d+)/?)", [&ctx](const httplib::Request& req, httplib::Response& res) {
    const auto id = path_id(req, res, "footprint mapping");
    if (!id) return;
    auto m = ctx.store.configuration().footprint_mapping(*id);
    if (!m) return send_error(res, 404, "no footprint mapping with id " + std::to_string(*id));
    send_json(res, 200, mapping_json(*m));
  });
  server.Post(mappings + "/?", [&ctx](const httplib::Request& req, httplib::Response& res) {
    auto body = parse_json_object(req, res);
    if (!body) return;
    storage::FootprintMappingRecord m;
    if (!read_mapping(*body, false, m, res)) return;
    try {
      auto [created, changes] = ctx.store.configuration().create_footprint_mapping(m);
      ctx.changed(changes);
      send_json(res, 201, mapping_json(created));
    } catch (const storage::StorageError& e) {
      send_store_error(res, e, "parameter_value");
    }
  });
  auto update = [&ctx](const httplib::Request& req, httplib::Response& res, bool partial) {
    const auto path = path_id(req, res, "footprint mapping");
    if (!path) return;
    const int64_t id = *path;
    auto existing = ctx.store.configuration().footprint_mapping(id);
    if (!existing) return send_error(res, 404, "no footprint mapping with id " + std::to_string(id));
    auto body = parse_json_object(req, res);
    if (!body) return;
    storage::FootprintMappingRecord m = partial ? *existing : storage::FootprintMappingRecord{};
    m.id = id;
    if (!read_mapping(*body, partial, m, res)) return;
    try {
      ctx.changed(ctx.store.configuration().update_footprint_mapping(m));
      send_json(res, 200, mapping_json(m));
    } catch (const storage::StorageError& e) {
      send_store_error(res, e, "parameter_value");
    }
  };
  server.Put(mappings + R"(/(\d+)/?)", [update](const httplib::Request& req, httplib::Response& res) { update(req, res, false); });
  server.Patch(mappings + R"(/(\d+)/?)", [update](const httplib::Request& req, httplib::Response& res) { update(req, res, true); });
  server.Delete(mappings + R"(/(\d+)/?)", [&ctx](const httplib::Request& req, httplib::Response& res) {
    const auto id = path_id(req, res, "footprint mapping");
    if (!id) return;
    try {
      ctx.changed(ctx.store.configuration().delete_footprint_mapping(*id));
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
    std::map<std::string, std::string> values;
    std::vector<std::string> notes;
    if (auto errors = config::read_settings(*body, lib->config(), values, &notes)) return send_json(res, 400, *errors);
    try {
      if (!values.empty()) ctx.changed(ctx.store.configuration().set_settings(values));
    } catch (const storage::StorageError& e) {
      return send_store_error(res, e, "non_field_errors");
    }
    send_settings(ctx, res, notes);
  });
  server.Get(R"(/api/settings/([A-Z0-9_]+)/?)", [&ctx](const httplib::Request& req, httplib::Response& res) {
    const auto* info = kicad::find_setting(req.matches[1]);
    if (info == nullptr) return send_error(res, 404, "unknown setting '" + std::string(req.matches[1]) + "'");
    send_json(res, 200, config::setting_json(*info, ctx.store.configuration().settings()));
  });
  server.Put(R"(/api/settings/([A-Z0-9_]+)/?)", [&ctx](const httplib::Request& req, httplib::Response& res) {
    const std::string key = req.matches[1];
    const auto* info = kicad::find_setting(key);
    if (info == nullptr) return send_error(res, 404, "unknown setting '" + key + "'");
    auto body = parse_json_object(req, res);
    if (!body) return;
    if (!body->contains("value")) return send_field_error(res, "value", "This field is required.");
    auto lib = ctx.cache.library();
    std::map<std::string, std::string> values;
    std::vector<std::string> notes;
    if (auto errors = config::read_settings(json{{key, body->at("value")}}, lib->config(), values, &notes)) {
      return send_json(res, 400, *errors);
    }
    try {
      ctx.changed(ctx.store.configuration().set_settings(values));
    } catch (const storage::StorageError& e) {
      return send_store_error(res, e, "value");
    }
    json out = config::setting_json(*info, ctx.store.configuration().settings());
    if (!notes.empty()) out["notes"] = notes;
    send_json(res, 200, out);
  });
  server.Delete(R"(/api/settings/([A-Z0-9_]+)/?)", [&ctx](const httplib::Request& req, httplib::Response& res) {
    const std::string key = req.matches[1];
    const auto* info = kicad::find_setting(key);
    if (info == nullptr) return send_error(res, 404, "unknown setting '" + key + "'");
    try {
      ctx.changed(ctx.store.configuration().delete_setting(key));
    } catch (const storage::NotFoundError&) {
      // Already at its default: deleting is idempotent.
    }
    send_json(res, 200, config::setting_json(*info, ctx.store.configuration().settings()));
  });

  server.Get("/api/diagnostics/?", [&ctx](const httplib::Request&, httplib::Response& res) {
    const auto stats = ctx.cache.stats();
    std::vector<std::string> problems;
    kicad::parse_settings(ctx.store.configuration().settings(), &problems);
    const auto lib = ctx.cache.library();  // keeps the health below alive
    const auto& health = kicad::library_health(ctx.store, *lib);
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
