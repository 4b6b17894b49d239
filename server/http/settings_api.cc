#include "server/http/settings_api.h"

#include "server/config/config_rules.h"
#include "server/http/http_util.h"
#include "server/kicad/library.h"
#include "server/kicad/settings.h"

namespace kibridge::http {

namespace {

using nlohmann::json;

void send_settings(const ServerContext& ctx, httplib::Response& res, const std::vector<std::string>& notes = {}) {
  const auto stored = ctx.store.configuration().settings();
  json list = json::array();
  for (const auto& info : kicad::all_settings()) list.push_back(config::setting_json(info, stored));
  json out{{"settings", list}};
  if (!notes.empty()) out["notes"] = notes;
  send_json(res, 200, out);
}

}  // namespace

void register_settings_api(httplib::Server& server, const ServerContext& ctx) {
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
}

}  // namespace kibridge::http
