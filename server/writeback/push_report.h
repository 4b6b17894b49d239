// Renderings of what a push pass did: a line per settled entry and a total line (for
// `kibridge push` and the serve log), and JSON (for the push status of the REST API). Pure.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "server/writeback/pusher.h"

namespace kibridge::writeback {

// "#12 part 101 footprint: done, written 'R_0402'", "#13 part 102 symbol: conflict, InvenTree
// holds 'Device:R' ...", "#14 ...: failed: <why>", "#15 ...: retry after <time>: <why>".
std::string settled_entry_text(const SettledEntry& settled);

// "3 examined: 2 done (1 written), 1 conflict, 0 failed, 0 deferred, 1 waiting", plus why the
// pass stopped early when it did.
std::string push_summary_text(const PushSummary& summary);

// {"examined", "done", "written", "conflicts", "failed", "deferred", "waiting": int,
//  "paused": str|null, "unreachable": bool, "cancelled": bool, "error": str|null,
//  "retry_not_before": ISO 8601 UTC|null}
nlohmann::json push_summary_json(const PushSummary& summary);

}  // namespace kibridge::writeback
