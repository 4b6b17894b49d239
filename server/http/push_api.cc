#include "server/http/push_api.h"

#include "server/http/http_util.h"
#include "server/util/json_optional.h"
#include "server/writeback/push_report.h"
#include "storage/utc_time.h"

namespace kibridge::http {

namespace {

using nlohmann::json;


json status_json(const writeback::PushStatus& s) {
  return json{{"configured", true},
              {"running", s.running},
              {"passes", s.passes},
              {"inventree_url", s.inventree_url},
              {"interval_seconds", s.interval.count()},
              {"paused", util::json_or_null(s.paused)},
              {"last_pass_at", util::json_or_null(s.last_pass_at, storage::format_utc)},
              {"next_pass_at", util::json_or_null(s.next_pass_at, storage::format_utc)},
              {"last_summary", util::json_or_null(s.last_summary, writeback::push_summary_json)}};
}

}  // namespace

void register_push_api(httplib::Server& server, const ServerContext& ctx, writeback::PushService* service) {
  server.Get("/api/outbox/push/?", [&ctx, service](const httplib::Request&, httplib::Response& res) {
    if (service != nullptr) return send_json(res, 200, status_json(service->status()));
    const auto pause = ctx.store.writeback().outbox_pause();
    send_json(res, 200, json{{"configured", false}, {"paused", pause ? json(pause->reason) : json(nullptr)}});
  });
  server.Post("/api/outbox/push/?", [service](const httplib::Request&, httplib::Response& res) {
    if (service == nullptr) {
      return send_error(res, 409, "this server pushes to no InvenTree: start `kibridge serve` with --inventree-url");
    }
    service->push_now();
    send_json(res, 202, json{{"detail", "push requested"}});
  });
}

}  // namespace kibridge::http
