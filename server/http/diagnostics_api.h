// What KiCad is served and what is wrong with it, under /api/:
//   GET                   /api/diagnostics/                  (data problems seen while rendering,
//                                                              the library's health, cache counts)
#pragma once

#include <httplib.h>

#include "server/http/server_context.h"

namespace kibridge::http {

void register_diagnostics_api(httplib::Server& server, const ServerContext& ctx);

}  // namespace kibridge::http
