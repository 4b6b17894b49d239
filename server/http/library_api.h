// Named KiCad libraries (kicad/libraries.h) over REST:
//
//   GET    /api/libraries/         {"libraries": [...]}: kicad::library_list_json, the default
//                                  library first (name "default", path of the plugin's v1/)
//   POST   /api/libraries/         {"name", "description"?} → 201 the library as listed;
//                                  400 at "name" for a bad or taken name, "default" included
//   GET    /api/libraries/<name>/  one library as listed ("default" too); 404 unknown
//   DELETE /api/libraries/<name>/  204; 404 unknown; 400 for "default"; 409 while KiCad
//                                  categories still belong to it (the answer names them:
//                                  move them with PATCH {"library": ...} or remove them)
//
// Reads need a read token, writes an admin token (http_server.cc's rule by method).
#pragma once

#include <httplib.h>

#include "server/http/server_context.h"

namespace kibridge::http {

// `ctx` must outlive `server`.
void register_library_api(httplib::Server& server, const ServerContext& ctx);

}  // namespace kibridge::http
