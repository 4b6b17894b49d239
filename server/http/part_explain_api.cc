#include "server/http/part_explain_api.h"

#include "server/http/http_util.h"
#include "server/kicad/libraries.h"
#include "server/kicad/library.h"
#include "server/kicad/part_renderer.h"

namespace kibridge::http {

namespace {

using nlohmann::json;

json source_json(const kicad::ValueSource& source) {
  return json{{"kind", kicad::source_kind_name(source.kind)}, {"detail", source.detail}};
}

// Why KiCad's listings do not show `part`; empty when they do.
std::string not_served_reason(const kicad::LibraryConfig& config, const storage::PartRecord& part) {
  using Verdict = kicad::LibraryConfig::ListingVerdict;
  switch (config.listing_verdict(part)) {
    case Verdict::kListed: return "";
    case Verdict::kInactive: return "the part is inactive and KICAD_HIDE_INACTIVE_PARTS is on";
    case Verdict::kTemplate: return "the part is a template and KICAD_HIDE_TEMPLATE_PARTS is on";
    case Verdict::kNoKicadCategory: break;
  }
  if (!part.category_id) return "the part has no category";
  const auto* c = config.category(*part.category_id);
  const std::string name = c ? "'" + c->pathstring + "'" : std::to_string(*part.category_id);
  return "its category " + name + " is not a KiCad category" +
         (config.settings().enable_subcategory ? " nor below one" : " (KICAD_ENABLE_SUBCATEGORY is off)");
}

}  // namespace

void register_part_explain_api(httplib::Server& server, const ServerContext& ctx) {
  server.Get(R"(/api/parts/(\d+)/explain/?)", [&ctx](const httplib::Request& req, httplib::Response& res) {
    const auto id = path_id(req, res, "part");
    if (!id) return;
    const auto details = ctx.store.mirror().part_details(*id);
    if (!details) return send_error(res, 404, "no part " + std::to_string(*id));
    // Explained as the library that lists it serves it (the default library when none does).
    const auto libraries = ctx.cache.libraries();
    const kicad::Libraries::Entry* served_by = &libraries->all().front();
    for (const auto& e : libraries->all()) {
      if (e.library->config().listing_for(details->part.category_id) != nullptr) served_by = &e;
    }
    const auto& lib = served_by->library;
    const kicad::LibraryConfig& config = lib->config();
    if (const std::string reason = not_served_reason(config, details->part); !reason.empty()) {
      return send_error(res, 409, "part " + std::to_string(*id) + " is not served to KiCad: " + reason);
    }
    kicad::Explanation explanation;
    std::vector<std::string> warnings;
    const auto rendered =
        kicad::render_part_detail(*details, config, lib->served_name(details->part), warnings, &explanation);
    json fields = json::array();
    for (const auto& [name, field] : rendered.at("fields").items()) {
      const auto source = explanation.fields.find(name);
      fields.push_back(json{{"name", name},
                            {"value", field.at("value")},
                            {"visible", !field.contains("visible") || field.at("visible") == "True"},
                            {"source", source == explanation.fields.end() ? json(nullptr) : source_json(source->second)}});
    }
    json excluded = json::array();
    for (const auto& e : explanation.excluded) {
      excluded.push_back(json{{"name", e.parameter}, {"source", source_json(e.source)}});
    }
    const auto* kcat = config.listing_for(details->part.category_id);
    send_json(res, 200,
              json{{"id", *id},
                   {"name", rendered.at("name")},
                   {"kicad_category", kcat ? json(kcat->id) : json(nullptr)},
                   {"library", served_by->name},
                   {"symbol", {{"value", rendered.at("symbolIdStr")}, {"source", source_json(explanation.symbol)}}},
                   {"footprint",
                    {{"value", rendered.at("fields").at("footprint").at("value")},
                     {"source", source_json(explanation.footprint)}}},
                   {"fields", fields},
                   {"excluded_parameters", excluded},
                   {"warnings", warnings}});
  });
}

}  // namespace kibridge::http
