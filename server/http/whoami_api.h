// GET /api/whoami: the name and scope of the token a request carries, so a client (the web
// console) learns what it may do from the server instead of guessing from 403s.
//
//   200 {"name": "<token name>", "scope": "read"|"import"|"admin"}
//
// Any valid token may ask (the pre-routing check answered 401 for none or a wrong one). The
// token itself is never echoed.
#pragma once

#include <httplib.h>

#include "server/http/server_context.h"

namespace kibridge::http {

// Registers GET /api/whoami. `ctx` must outlive `server`.
void register_whoami_api(httplib::Server& server, const ServerContext& ctx);

}  // namespace kibridge::http
