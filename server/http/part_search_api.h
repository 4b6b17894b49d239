// GET /api/parts?search=TEXT&limit=N&offset=M (read): search the whole mirror for the console's
// Parts page — name, IPN, description and keywords, manufacturers and MPNs, parameter values
// (storage::MirrorReader::search_parts: SQLite FTS5, every blank-separated term a prefix, all
// required, ranked by bm25). Answer: {"count": matches in all, "results": [{"id", "name",
// "IPN", "description", "category" (id|null), "category_path"}]}.
// 400 naming the parameter for a missing or empty search, one over 200 bytes, a limit outside
// 1..200 (default 50) or an offset outside 0..1,000,000.
#pragma once

#include <httplib.h>

#include "server/http/server_context.h"

namespace kibridge::http {

void register_part_search_api(httplib::Server& server, const ServerContext& ctx);

}  // namespace kibridge::http
