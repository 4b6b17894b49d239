#include "server/http/diagnostics_api.h"

#include "server/http/http_util.h"
#include "server/kicad/libraries.h"
#include "server/kicad/settings.h"

namespace kibridge::http {

using nlohmann::json;

void register_diagnostics_api(httplib::Server& server, const ServerContext& ctx) {
  server.Get("/api/diagnostics/?", [&ctx](const httplib::Request&, httplib::Response& res) {
    const auto stats = ctx.cache.stats();
    std::vector<std::string> problems;
    kicad::parse_settings(ctx.store.configuration().settings(), &problems);
    const auto libraries = ctx.cache.libraries();  // keeps the healths below alive
    // Waits for the index of the installed libraries if it is not built yet (once per server).
    constexpr auto kWait = kicad::InstalledIndex::kWait;
    const kicad::LibraryHealth health =
        kicad::installed_checked_health(ctx.store, *libraries->default_library(), *ctx.installed_libraries, kWait);
    auto warnings = health.warnings;
    const auto rendering = ctx.cache.warnings();
    warnings.insert(warnings.end(), rendering.begin(), rendering.end());
    warnings.insert(warnings.end(), problems.begin(), problems.end());
    send_json(res, 200,
              json{{"warnings", warnings},
                   {"library", kicad::health_json(health)},
                   {"libraries", kicad::libraries_health_json(ctx.store, *libraries, *ctx.installed_libraries, kWait)},
                   {"cache", {{"renders", stats.renders}, {"listings", stats.listings}, {"parts", stats.parts},
                              {"bytes", stats.bytes}}}});
  });
}

}  // namespace kibridge::http
