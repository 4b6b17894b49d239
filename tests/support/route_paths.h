// The URL paths the HTTP tests call, one definition each; the prefixes are the server's own
// (server/http/kicad_routes.h), so a test follows a moved route.
#pragma once

#include <string>

#include "server/http/kicad_routes.h"

namespace kibridge::testing {

// KiCad's API v1 of the default library: <kKicad>/categories.json, <kKicad>/parts/<id>.json.
inline const std::string kKicad = http::kKicadApiPrefix;
// The plugin's category API: <kCategoryApi><id>/.
inline const std::string kCategoryApi = std::string(http::kPluginPrefix) + "/api/category/";
// The netlist upload (KiCad's BOM plugin posts here).
inline const std::string kUpload = std::string(http::kPluginPrefix) + "/upload";
// Footprint mappings: <kMappings><id>/.
inline const std::string kMappings = "/api/footprint-mappings/";

}  // namespace kibridge::testing
