#include "server/http/push_api.h"

#include "server/http/http_util.h"
#include "server/writeback/push_report.h"
#include "storage/utc_time.h"

namespace kibridge::http {

namespace {

using nlohmann::json;

json optional_time(const std::optional<storage::TimePoint>& t) {
  return t ? json(storage::format_utc(*t)) : json(nullptr);
}

json status_json(const writeback::PushStatus& s) {
  return json{{"configured", true},
              {"running", s.running},
              {"passes", s.passes},
              {"inventree_url", s.inventree_url},
              {"interval_seconds", s.interval.count()},
              {"paused", s.paused ? json(*s.paused) : json(nullptr)},
              {"last_pass_at", optional_time(s.last_pass_at)},
              {"next_pass_at", optional_time(s.next_pass_at)},
              {"last_summary", s.last_summary ? writeback::push_summary_json(*s.last_summary) : json(nullptr)}};
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
