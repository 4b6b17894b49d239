// Netlist imports over HTTP (see server/writeback/import_service.h for what an import does):
//   POST /plugin/kicad-library-plugin/upload[.json]  the plugin's route: multipart field "file",
//                                                    or a raw body with an XML Content-Type
//   POST /api/imports                                the netlist as the request body (or as
//                                                    multipart field "file"); ?file_name=
//   GET  /api/imports                                history, newest first; ?limit= (default
//                                                    50, at most 1000)
//   GET  /api/imports/<id>                           one import and the outbox entries it queued
//
// Both POST routes take ?dry_run=1 (also true/yes/on) to plan without queueing, and
// ?format=text to get the report as text/plain (what `kibridge upload -o` writes) instead of
// JSON. They answer 201 when the import was recorded and its changes applied (even if there
// were none) and 200 for a dry run. Errors are JSON {"detail": "..."} (the upload route adds
// the plugin's "error" key with the same message): 400 no netlist or a bad query parameter,
// 413 over the size limit, 422 not a readable KiCad netlist. Nothing is recorded then.
// The two POST routes are open to `import` tokens as well as `admin` ones (HttpServer checks
// scopes before routing, with is_netlist_upload); every other write needs `admin`.
#pragma once

#include <httplib.h>

#include "server/http/server_context.h"
#include "server/writeback/import_service.h"

namespace kibridge::http {

// Whether `method` `path` is one of the two netlist-upload routes above (the same patterns
// they are registered with).
bool is_netlist_upload(const std::string& method, const std::string& path);

void register_import_api(httplib::Server& server, const ServerContext& ctx, const writeback::ImportLimits& limits);

}  // namespace kibridge::http
