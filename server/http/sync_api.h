// The pull from InvenTree over HTTP:
//   GET  /api/status   InvenTree server and API version, last successful pull, last error,
//                      counts, duration, the next pull (and whether pulling is configured)
//   POST /api/sync     asks for a pull now (202); 409 when `serve` pulls from no InvenTree
#pragma once

#include <httplib.h>

#include "server/http/server_context.h"
#include "server/sync/sync_service.h"
#include "storage/sync_state_store.h"

namespace kibridge::http {

// `service` may be null (no --inventree-url): status then comes from the database alone.
// `history` and `service` must outlive the server.
void register_sync_api(httplib::Server& server, const ServerContext& ctx, const storage::SyncStateStore& history,
                       sync::SyncService* service);

}  // namespace kibridge::http
