// KiCad's HTTP library API v1 under /plugin/kicad-library-plugin/v1/ — the plugin's URL
// layout, so an existing .kicad_httplib only changes host and port — for the default library,
// and the same API for each named library (kicad/libraries.h) under /libraries/<name>/v1/
// (/libraries/default/v1/ is the default library too):
//
//   v1/                         root: {"categories": url, "parts": url}
//   v1/categories.json          the library's KiCad categories
//   v1/parts/category/<id>.json listing with full part details (404 with "[]" when unknown,
//                               or not a KiCad category of this library: KiCad parses this
//                               body whatever the status)
//   v1/parts/<id>.json          one part (404 with a JSON object when unknown, or not one the
//                               library serves: Libraries::serves_part)
//
// An unknown library name is a 404 {"detail": "no library named '<name>'"}.
//
// Served from the ResponseCache; gzip when the client accepts it. HEAD is answered as GET is
// (httplib routes HEAD to the GET handlers and sends the headers only).
//
// The listing and part routes are httplib path-parameter patterns, matched by plain string
// comparison (no std::regex) and registered first, so KiCad's requests — all but a handful
// of them listings — reach their handler after one or two prefix compares (a named library's
// after four, plus one lookup of its name). Every other path under v1/ (deeper paths, unknown
// names) gets a 404 that says which path was not found.
#pragma once

#include <httplib.h>

#include "server/http/server_context.h"
#include "server/kicad/libraries.h"

namespace kibridge::http {

inline constexpr const char* kPluginPrefix = "/plugin/kicad-library-plugin";
inline constexpr const char* kKicadApiPrefix = kicad::kDefaultLibraryRoot;

// Registers the GET routes above. `ctx` must outlive `server`.
void register_kicad_api(httplib::Server& server, const ServerContext& ctx);

}  // namespace kibridge::http
