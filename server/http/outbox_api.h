// The write-back outbox over HTTP (the same as `kibridge outbox ...`):
//   GET  /api/outbox              {"paused": {"reason", "since"}|null, "entries": [...]} in queue
//                                 order; ?state=pending|conflict|failed|done|dropped filters
//   GET  /api/outbox/<id>         one entry (JSON as in server/writeback/outbox_format.h)
//   POST /api/outbox/<id>/retry   a pending, conflict or failed entry is sent again (a conflict
//                                 then overwrites what InvenTree holds); answers the entry
//   POST /api/outbox/<id>/drop    a pending, conflict or failed entry is given up; answers it
// Unknown id: 404. Retrying or dropping an entry that is done or dropped: 409. Errors are
// JSON {"detail": "..."}; the POSTs need an admin token (HttpServer enforces it).
#pragma once

#include <httplib.h>

#include "server/http/server_context.h"

namespace kibridge::http {

void register_outbox_api(httplib::Server& server, const ServerContext& ctx);

}  // namespace kibridge::http
