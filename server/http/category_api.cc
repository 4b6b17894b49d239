#include "server/http/category_api.h"

#include "server/http/http_util.h"
#include "server/config/config_rules.h"
#include "server/http/kicad_routes.h"
#include "server/kicad/library.h"
#include "server/util/json_optional.h"

namespace kibridge::http {

namespace {

using nlohmann::json;


json nested_template(const kicad::LibraryConfig& config, const std::optional<int64_t>& id) {
  if (!id) return nullptr;
  const auto* t = config.template_by_id(*id);
  if (t == nullptr) return json(*id);
  return json{{"id", t->id}, {"pk", t->id}, {"name", t->name}, {"units", t->units}, {"description", t->description}};
}

json nested_category(const kicad::LibraryConfig& config, int64_t id) {
  const auto* c = config.category(id);
  if (c == nullptr) return json(id);
  return json{{"id", c->id},
              {"pk", c->id},
              {"name", c->name},
              {"description", c->description},
              {"parent", util::json_or_null(c->parent_id)},
              {"pathstring", c->pathstring},
              {"structural", c->structural}};
}

// The named library's name; null for the default library.
json library_json(const storage::KicadCategoryRecord& k) { return k.library.empty() ? json(nullptr) : json(k.library); }

json detailed(const kicad::LibraryConfig& config, const storage::KicadCategoryRecord& k) {
  return json{{"pk", k.id},
              {"category", nested_category(config, k.category_id)},
              {"default_symbol", k.default_symbol},
              {"default_footprint", k.default_footprint},
              {"default_reference", k.default_reference},
              {"default_value_parameter_template", nested_template(config, k.default_value_parameter_template)},
              {"footprint_parameter_template", nested_template(config, k.footprint_parameter_template)},
              {"field_rules", config::field_rules_json(k.field_rules)},
              {"library", library_json(k)}};
}

json flat(const storage::KicadCategoryRecord& k) {
  return json{{"pk", k.id},
              {"category", k.category_id},
              {"default_symbol", k.default_symbol},
              {"default_footprint", k.default_footprint},
              {"default_reference", k.default_reference},
              {"default_value_parameter_template", util::json_or_null(k.default_value_parameter_template)},
              {"footprint_parameter_template", util::json_or_null(k.footprint_parameter_template)},
              {"field_rules", config::field_rules_json(k.field_rules)},
              {"library", library_json(k)}};
}

// Applies the body's fields onto `record`. `partial` (PATCH) makes every field optional.
bool read_record(const json& body, const kicad::LibraryConfig& library_config, bool partial,
                 storage::KicadCategoryRecord& record, httplib::Response& res) {
  if (auto errors = config::read_kicad_category(body, library_config, partial, record)) {
    send_json(res, 400, *errors);
    return false;
  }
  return true;
}

}  // namespace

void register_category_api(httplib::Server& server, const ServerContext& ctx) {
  const std::string base = std::string(kPluginPrefix) + "/api/category";

  server.Get(std::string(kPluginPrefix) + "/api/?", [](const httplib::Request& req, httplib::Response& res) {
    send_json(res, 200, json{{"category", "http://" + req.get_header_value("Host") + kPluginPrefix + "/api/category/"}});
  });

  server.Get(base + "/?", [&ctx](const httplib::Request&, httplib::Response& res) {
    auto lib = ctx.cache.library();
    json out = json::array();
    for (const auto& k : ctx.store.configuration().kicad_categories()) out.push_back(detailed(lib->config(), k));
    send_json(res, 200, out);
  });

  server.Get(base + R"(/(\d+)/?)", [&ctx](const httplib::Request& req, httplib::Response& res) {
    const auto pk = path_id(req, res, "KiCad category");
    if (!pk) return;
    auto k = ctx.store.configuration().kicad_category(*pk);
    if (!k) return send_error(res, 404, "no KiCad category with pk " + std::to_string(*pk));
    send_json(res, 200, detailed(ctx.cache.library()->config(), *k));
  });

  server.Post(base + "/?", [&ctx](const httplib::Request& req, httplib::Response& res) {
    auto body = parse_json_object(req, res);
    if (!body) return;
    auto lib = ctx.cache.library();
    storage::KicadCategoryRecord record;
    if (!read_record(*body, lib->config(), /*partial=*/false, record, res)) return;
    try {
      auto [created, changes] = ctx.store.configuration().create_kicad_category(record);
      ctx.changed(changes);
      send_json(res, 201, flat(created));
    } catch (const storage::StorageError& e) {
      send_store_error(res, e, "category");
    }
  });

  auto update = [&ctx](const httplib::Request& req, httplib::Response& res, bool partial) {
    const auto path = path_id(req, res, "KiCad category");
    if (!path) return;
    const int64_t pk = *path;
    auto existing = ctx.store.configuration().kicad_category(pk);
    if (!existing) return send_error(res, 404, "no KiCad category with pk " + std::to_string(pk));
    auto body = parse_json_object(req, res);
    if (!body) return;
    auto lib = ctx.cache.library();
    // PUT replaces every field: start from a blank record; PATCH starts from the current one.
    storage::KicadCategoryRecord record = partial ? *existing : storage::KicadCategoryRecord{};
    record.id = pk;
    if (!read_record(*body, lib->config(), partial, record, res)) return;
    try {
      ctx.changed(ctx.store.configuration().update_kicad_category(record));
      send_json(res, 200, flat(record));
    } catch (const storage::StorageError& e) {
      send_store_error(res, e, "category");
    }
  };
  server.Put(base + R"(/(\d+)/?)", [update](const httplib::Request& req, httplib::Response& res) { update(req, res, false); });
  server.Patch(base + R"(/(\d+)/?)", [update](const httplib::Request& req, httplib::Response& res) { update(req, res, true); });

  server.Delete(base + R"(/(\d+)/?)", [&ctx](const httplib::Request& req, httplib::Response& res) {
    const auto pk = path_id(req, res, "KiCad category");
    if (!pk) return;
    try {
      ctx.changed(ctx.store.configuration().delete_kicad_category(*pk));
      res.status = 204;
    } catch (const storage::StorageError& e) {
      send_store_error(res, e, "category");
    }
  });
}

}  // namespace kibridge::http
