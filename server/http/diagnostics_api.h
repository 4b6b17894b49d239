// What KiCad is served and what is wrong with it, under /api/:
//   GET                   /api/diagnostics/                  (data problems seen while rendering,
//                                                              the library's health, cache counts)
// The health includes the check against the KiCad libraries installed here (served symbols
// and footprints they lack, per KiCad category; kicad/library_health.h). Its first request
// waits for the one scan of those libraries (about a second for KiCad 9's); later ones reuse it.
#pragma once

#include <httplib.h>

#include "server/http/server_context.h"

namespace kibridge::http {

void register_diagnostics_api(httplib::Server& server, const ServerContext& ctx);

}  // namespace kibridge::http
