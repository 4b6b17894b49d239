// GET /api/kicad/symbols, /api/kicad/footprints (?search=&limit=) and their /check?name=: the
// names of the KiCad libraries installed on this machine (kicad/installed_libraries.h), for the
// console's completion of a category's default symbol and footprint.
//   list:  {"available": bool, "roots": [folders], "results": ["Lib:Name", ...]}
//   check: {"name": "Lib:Name", "exists": bool, or null when no library of that kind is found}
// The roots come from the settings KICAD_SYMBOL_DIRS / KICAD_FOOTPRINT_DIRS at each request;
// the index is scanned once per set of roots (the first request waits for that scan).
#pragma once

#include <httplib.h>

#include "server/http/server_context.h"

namespace kibridge::http {

void register_kicad_names_api(httplib::Server& server, const ServerContext& ctx);

}  // namespace kibridge::http
