// Renderings of the write-back outbox: JSON for GET /api/outbox, a table for `kibridge outbox
// list`. Pure functions over the records of storage/writeback_records.h; nothing throws except
// std::bad_alloc.
//
// Entry JSON (times are ISO 8601 UTC as storage/utc_time.h writes them; absent values null):
// {"id": int, "import_id": int|null, "part_id": int, "field": "footprint"|"symbol"|...,
//  "template_id": int|null, "template_name": str, "old_value": str|null, "new_value": str,
//  "state": "pending"|"conflict"|"failed"|"done"|"dropped", "attempts": int,
//  "next_attempt_at": str|null, "last_error": str|null, "remote_value": str|null,
//  "created_at": str, "updated_at": str, "settled_at": str|null}
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "storage/writeback_records.h"

namespace kibridge::writeback {

nlohmann::json outbox_entry_json(const storage::OutboxEntry& entry);

// {"reason": str, "since": str} while the pusher is paused, null otherwise.
nlohmann::json outbox_pause_json(const std::optional<storage::OutboxPause>& pause);

// What GET /api/outbox and `kibridge outbox list --json` answer:
// {"paused": outbox_pause_json(pause), "entries": [outbox_entry_json, ...]}.
nlohmann::json outbox_list_json(const std::vector<storage::OutboxEntry>& entries,
                                const std::optional<storage::OutboxPause>& pause);

// One line per entry under a header (id, state, part, field, old -> new, attempts, and the
// error or the value InvenTree holds), preceded by a "PAUSED: reason" line while paused.
// "(no outbox entries)" when `entries` is empty. Ends with a newline.
std::string outbox_table(const std::vector<storage::OutboxEntry>& entries,
                         const std::optional<storage::OutboxPause>& pause);

}  // namespace kibridge::writeback
