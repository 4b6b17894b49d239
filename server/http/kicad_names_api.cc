#include "server/http/kicad_names_api.h"

#include <algorithm>
#include <memory>

#include "server/http/http_util.h"
#include "server/http/query_params.h"
#include "server/kicad/installed_libraries.h"
#include "server/kicad/settings.h"

namespace kibridge::http {

namespace {

using nlohmann::json;


enum class Kind { kSymbols, kFootprints };

struct Lookup {
  std::shared_ptr<const kicad::InstalledNames> names;
  const std::vector<std::string>* list;
  const std::vector<std::string>* roots;
};

Lookup lookup(const ServerContext& ctx, kicad::InstalledLibraries& libraries, Kind kind) {
  const auto settings = kicad::parse_settings(ctx.store.configuration().settings());
  auto names = libraries.get(kicad::library_roots(settings.symbol_dirs, settings.footprint_dirs));
  const bool symbols = kind == Kind::kSymbols;
  const auto* list = symbols ? &names->symbols() : &names->footprints();
  const auto* roots = symbols ? &names->roots().symbol_dirs : &names->roots().footprint_dirs;
  return {std::move(names), list, roots};
}

void register_kind(httplib::Server& server, const ServerContext& ctx,
                   const std::shared_ptr<kicad::InstalledLibraries>& libraries, Kind kind, const std::string& base) {
  server.Get(base + "/?", [&ctx, libraries, kind](const httplib::Request& req, httplib::Response& res) {
    const auto search = text_param(req, res, "search", kMaxSearchBytes, /*required=*/false);
    if (!search) return;
    const auto limit = int_param(req, res, "limit", kDefaultLimit, 1, kMaxLimit);
    if (!limit) return;
    const Lookup found = lookup(ctx, *libraries, kind);
    send_json(res, 200,
              json{{"available", !found.list->empty()},
                   {"roots", *found.roots},
                   {"results", kicad::search_names(*found.list, *search, static_cast<size_t>(*limit))}});
  });
  server.Get(base + "/check/?", [&ctx, libraries, kind](const httplib::Request& req, httplib::Response& res) {
    const auto name = text_param(req, res, "name", kMaxSearchBytes, /*required=*/true);
    if (!name) return;
    const Lookup found = lookup(ctx, *libraries, kind);
    json exists = nullptr;  // unknown: nothing installed to check against
    if (!found.list->empty()) exists = std::binary_search(found.list->begin(), found.list->end(), *name);
    send_json(res, 200, json{{"name", *name}, {"exists", exists}});
  });
}

}  // namespace

void register_kicad_names_api(httplib::Server& server, const ServerContext& ctx) {
  // One index for both kinds, shared with the other routes that check names.
  const auto& libraries = ctx.installed_libraries;
  register_kind(server, ctx, libraries, Kind::kSymbols, "/api/kicad/symbols");
  register_kind(server, ctx, libraries, Kind::kFootprints, "/api/kicad/footprints");
}

}  // namespace kibridge::http
