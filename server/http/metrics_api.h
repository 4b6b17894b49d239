// GET /metrics: Metrics (metrics.h) in Prometheus' text format. Like every route it needs a
// token (`read` is enough), unless the server was made with HttpServerOptions::metrics_open
// (`serve --metrics-open`): then a scrape from a loopback address needs none (a Prometheus on
// the same machine without a token file), while other clients still do.
//
// The scrape-time sources: the response cache and the outbox always; the pulls and the pushes
// when `serve` runs those services (metrics_sources' pointers may be null).
#pragma once

#include "server/http/metrics.h"
#include "server/http/server_context.h"
#include "server/sync/sync_service.h"
#include "server/writeback/push_service.h"

namespace kibridge::http {

// The sources over `ctx` and the services (null: not running; their metrics are left out).
// The objects must outlive the server.
MetricsSources metrics_sources(const ServerContext& ctx, const sync::SyncService* sync,
                               const writeback::PushService* push);

// Whether `address` (as httplib gives req.remote_addr) is a loopback address.
bool is_loopback_address(const std::string& address);

}  // namespace kibridge::http
