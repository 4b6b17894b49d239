// KiCad's HTTP library API v1 under /plugin/kicad-library-plugin/v1/ — the plugin's URL
// layout, so an existing .kicad_httplib only changes host and port.
//
//   v1/                         root: {"categories": url, "parts": url}
//   v1/categories.json          the KiCad categories
//   v1/parts/category/<id>.json listing with full part details (404 with "[]" when unknown:
//                               KiCad parses this body whatever the status)
//   v1/parts/<id>.json          one part (404 with a JSON object when unknown)
//
// Served from the ResponseCache; gzip when the client accepts it.
#pragma once

#include <httplib.h>

#include "server/http/server_context.h"

namespace kibridge::http {

inline constexpr const char* kPluginPrefix = "/plugin/kicad-library-plugin";
inline constexpr const char* kKicadApiPrefix = "/plugin/kicad-library-plugin/v1";

// Answers a GET under kKicadApiPrefix. Returns false when the path is not one of KiCad's.
bool serve_kicad_request(const httplib::Request& req, httplib::Response& res, const ServerContext& ctx);

}  // namespace kibridge::http
