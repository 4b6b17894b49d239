// The write-back pusher over HTTP:
//   POST /api/outbox/push   asks for a push pass now (202), lifting a pause of the outbox
//                           first (the user may have fixed the token); 409 when `serve`
//                           pushes to no InvenTree. Needs an admin token (HttpServer).
//   GET  /api/outbox/push   the pusher's status: {"configured", "running", "passes",
//                           "inventree_url", "interval_seconds", "paused": str|null,
//                           "last_pass_at", "next_pass_at": ISO 8601 UTC|null,
//                           "last_summary": push_summary_json|null}
#pragma once

#include <httplib.h>

#include "server/http/server_context.h"
#include "server/writeback/push_service.h"

namespace kibridge::http {

// `service` may be null (no --inventree-url); it must outlive the server.
void register_push_api(httplib::Server& server, const ServerContext& ctx, writeback::PushService* service);

}  // namespace kibridge::http
