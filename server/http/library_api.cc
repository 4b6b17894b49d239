#include "server/http/library_api.h"

#include "server/config/json_fields.h"
#include "server/http/http_util.h"
#include "server/kicad/libraries.h"
#include "storage/limits.h"

namespace kibridge::http {

namespace {

using nlohmann::json;

json library_list(const ServerContext& ctx) {
  return kicad::library_list_json(ctx.store.configuration().libraries(), ctx.store.configuration().kicad_categories());
}

void post_library(const ServerContext& ctx, const httplib::Request& req, httplib::Response& res) {
  const auto body = parse_json_object(req, res);
  if (!body) return;
  storage::LibraryRecord record;
  config::FieldReader in(*body);
  in.string("name", storage::limits::kLibraryName, /*required=*/true, /*allow_empty=*/false, record.name);
  in.string("description", storage::limits::kLibraryDescription, false, true, record.description);
  if (!in.ok()) return send_json(res, 400, in.error_body());
  try {
    auto [created, changes] = ctx.store.configuration().create_library(record);
    ctx.changed(changes);
    for (const auto& one : library_list(ctx)) {
      if (one["name"] == created.name) return send_json(res, 201, one);
    }
    send_json(res, 201, json{{"name", created.name}});
  } catch (const storage::StorageError& e) {
    send_store_error(res, e, "name");
  }
}

}  // namespace

void register_library_api(httplib::Server& server, const ServerContext& ctx) {
  server.Get("/api/libraries/?", [&ctx](const httplib::Request&, httplib::Response& res) {
    send_json(res, 200, json{{"libraries", library_list(ctx)}});
  });
  server.Post("/api/libraries/?", [&ctx](const httplib::Request& req, httplib::Response& res) { post_library(ctx, req, res); });
  server.Get("/api/libraries/([^/]+)/?", [&ctx](const httplib::Request& req, httplib::Response& res) {
    const std::string name = req.matches[1];
    for (const auto& one : library_list(ctx)) {
      if (one["name"] == name) return send_json(res, 200, one);
    }
    send_error(res, 404, "no library named '" + name + "'");
  });
  server.Delete("/api/libraries/([^/]+)/?", [&ctx](const httplib::Request& req, httplib::Response& res) {
    try {
      ctx.changed(ctx.store.configuration().delete_library(req.matches[1]));
      res.status = 204;
    } catch (const storage::StorageError& e) {
      send_store_error(res, e, "name");
    }
  });
}

}  // namespace kibridge::http
