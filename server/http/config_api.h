// What the plugin lacks, under /api/:
//   GET/POST              /api/footprint-mappings/          (?kicad_category=<pk> filters)
//   GET/PUT/PATCH/DELETE  /api/footprint-mappings/<id>/
//   GET/PATCH             /api/settings/                     (PATCH: {"KEY": value, ...}, atomic)
//   GET/PUT/DELETE        /api/settings/<KEY>/               (PUT {"value": v}; DELETE resets)
//   GET                   /api/diagnostics/                  (data problems seen while rendering)
// Validation errors are 400 with a JSON body naming the field; nothing is stored then.
#pragma once

#include <httplib.h>

#include "server/http/server_context.h"

namespace kibridge::http {

void register_config_api(httplib::Server& server, const ServerContext& ctx);

}  // namespace kibridge::http
