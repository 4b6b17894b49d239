#include "server/http/sync_api.h"

#include "server/http/http_util.h"
#include "server/kicad/libraries.h"
#include "server/sync/bridge_status.h"

namespace kibridge::http {

void register_sync_api(httplib::Server& server, const ServerContext& ctx, const storage::SyncStateStore& history,
                       sync::SyncService* service) {
  server.Get("/api/status/?", [&ctx, &history, service](const httplib::Request&, httplib::Response& res) {
    sync::BridgeStatus status = service ? service->status() : sync::status_from_database(ctx.store, history);
    const auto libraries = ctx.cache.libraries();  // keeps the healths below alive
    // Polled by the console: never waits for the index of the installed libraries; until it is
    // built, the check is left out ("installed_libraries": null).
    constexpr auto kIfReady = kicad::InstalledIndex::kIfReady;
    status.library =
        kicad::installed_checked_health(ctx.store, *libraries->default_library(), *ctx.installed_libraries, kIfReady);
    nlohmann::json body = sync::status_json(status);
    body["libraries"] = kicad::libraries_health_json(ctx.store, *libraries, *ctx.installed_libraries, kIfReady);
    body["sync_configured"] = service != nullptr;
    send_json(res, 200, body);
  });
  server.Post("/api/sync/?", [service](const httplib::Request&, httplib::Response& res) {
    if (service == nullptr) {
      return send_error(res, 409, "this server pulls from no InvenTree: start `kibridge serve` with --inventree-url");
    }
    const auto result = service->trigger();
    send_json(res, 202,
              nlohmann::json{{"detail", result.started_now ? "pull started" : "a pull is running; another follows it"},
                             {"started_now", result.started_now}});
  });
}

}  // namespace kibridge::http
