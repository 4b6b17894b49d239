// Footprint mappings (what the plugin lacks), under /api/:
//   GET/POST              /api/footprint-mappings/          (?kicad_category=<pk> filters)
//   GET/PUT/PATCH/DELETE  /api/footprint-mappings/<id>/
// Validation errors are 400 with a JSON body naming the field; nothing is stored then.
#pragma once

#include <httplib.h>

#include "server/http/server_context.h"

namespace kibridge::http {

void register_footprint_mapping_api(httplib::Server& server, const ServerContext& ctx);

}  // namespace kibridge::http
