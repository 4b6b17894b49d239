// Where each value KiCad receives for a part came from (the console's part page), under /api/:
//   GET /api/parts/<id>/explain   (read scope)
//     200 {"id", "name" (served name), "kicad_category" (pk of the KiCad category listing it,
//          or null), "symbol": {"value", "source"}, "footprint": {"value", "source"},
//          "fields": [{"name", "value", "visible" (bool), "source"}]   in served order,
//          "excluded_parameters": [{"name", "source"}]   the part's parameters served as no
//          field, and why (a field rule excluded it, naming the rule; it gives a KiCad value;
//          ...: kicad::ExcludedParameter), "warnings"},
//          where "source" is {"kind", "detail"} (kicad::SourceKind, kicad/part_renderer.h)
//     404 unknown part; 409 the part is not in any KiCad listing, "detail" says why.
// The values are those parts/<id>.json serves, from the same renderer call (its explain mode),
// so the explanation always matches what KiCad gets.
#pragma once

#include <httplib.h>

#include "server/http/server_context.h"

namespace kibridge::http {

void register_part_explain_api(httplib::Server& server, const ServerContext& ctx);

}  // namespace kibridge::http
