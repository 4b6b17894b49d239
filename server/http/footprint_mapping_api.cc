#include "server/http/footprint_mapping_api.h"

#include "server/config/config_rules.h"
#include "server/http/http_util.h"

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

}  // namespace

void register_footprint_mapping_api(httplib::Server& server, const ServerContext& ctx) {
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
}

}  // namespace kibridge::http
