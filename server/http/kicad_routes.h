// KiCad's HTTP library API v1 under /plugin/kicad-library-plugin/v1/ — the plugin's URL
// layout, so an existing .kicad_httplib only changes host and port.
//
//   v1/                         root: {"categories": url, "parts": url}
//   v1/categories.json          the KiCad categories
//   v1/parts/category/<id>.json listing with full part details (404 with "[]" when unknown:
//                               KiCad parses this body whatever the status)
//   v1/parts/<id>.json          one part (404 with a JSON object when unknown)
//
// Served from the ResponseCache; gzip when the client accepts it. HEAD is answered as GET is
// (httplib routes HEAD to the GET handlers and sends the headers only).
//
// The listing and part routes are httplib path-parameter patterns, matched by plain string
// comparison (no std::regex) and registered first, so KiCad's requests — all but a handful
// of them listings — reach their handler after one or two prefix compares. Every other path
// under v1/ (deeper paths, unknown names) gets a 404 that says which path was not found.
#pragma once

#include <httplib.h>

#include "server/http/server_context.h"

namespace kibridge::http {

inline constexpr const char* kPluginPrefix = "/plugin/kicad-library-plugin";
inline constexpr const char* kKicadApiPrefix = "/plugin/kicad-library-plugin/v1";

// Registers the GET routes above. `ctx` must outlive `server`.
void register_kicad_api(httplib::Server& server, const ServerContext& ctx);

}  // namespace kibridge::http
