#include "server/writeback/outbox_format.h"

#include <algorithm>
#include <array>

#include "server/util/json_optional.h"
#include "storage/utc_time.h"

namespace kibridge::writeback {

namespace {

using nlohmann::json;


std::string quoted_or_none(const std::optional<std::string>& value) { return value ? "\"" + *value + "\"" : "(none)"; }

// What a reader of the table needs to know about an entry beyond its change.
std::string note_of(const storage::OutboxEntry& e) {
  switch (e.state) {
    case storage::OutboxState::kConflict:
      return "InvenTree holds " + quoted_or_none(e.remote_value) + "; retry to overwrite or drop";
    case storage::OutboxState::kFailed:
      return e.last_error;
    case storage::OutboxState::kPending: {
      std::string note = e.last_error;
      if (e.next_attempt_at)
        note += std::string(note.empty() ? "" : "; ") + "next try " + storage::format_utc(*e.next_attempt_at);
      return note;
    }
    case storage::OutboxState::kDone:
    case storage::OutboxState::kDropped:
      return e.settled_at ? storage::format_utc(*e.settled_at) : "";
  }
  return "";
}

}  // namespace

json outbox_entry_json(const storage::OutboxEntry& e) {
  return json{{"id", e.id},
              {"import_id", util::json_or_null(e.import_id)},
              {"part_id", e.change.part_id},
              {"field", storage::to_string(e.change.field)},
              {"template_id", util::json_or_null(e.change.template_id)},
              {"template_name", e.change.template_name},
              {"old_value", util::json_or_null(e.change.old_value)},
              {"new_value", e.change.new_value},
              {"state", storage::to_string(e.state)},
              {"attempts", e.attempts},
              {"next_attempt_at", util::json_or_null(e.next_attempt_at, storage::format_utc)},
              {"last_error", e.last_error.empty() ? json(nullptr) : json(e.last_error)},
              {"remote_value", util::json_or_null(e.remote_value)},
              {"created_at", storage::format_utc(e.created_at)},
              {"updated_at", storage::format_utc(e.updated_at)},
              {"settled_at", util::json_or_null(e.settled_at, storage::format_utc)}};
}

json outbox_pause_json(const std::optional<storage::OutboxPause>& pause) {
  if (!pause) return nullptr;
  return json{{"reason", pause->reason}, {"since", storage::format_utc(pause->paused_at)}};
}

json outbox_list_json(const std::vector<storage::OutboxEntry>& entries,
                      const std::optional<storage::OutboxPause>& pause) {
  json list = json::array();
  for (const auto& e : entries) list.push_back(outbox_entry_json(e));
  return json{{"paused", outbox_pause_json(pause)}, {"entries", std::move(list)}};
}

std::string outbox_table(const std::vector<storage::OutboxEntry>& entries,
                         const std::optional<storage::OutboxPause>& pause) {
  std::string out;
  if (pause) {
    out += "PAUSED since " + storage::format_utc(pause->paused_at) + ": " + pause->reason + "\n";
  }
  if (entries.empty()) return out + "(no outbox entries)\n";

  using Row = std::array<std::string, 7>;
  std::vector<Row> rows;
  rows.reserve(entries.size() + 1);
  rows.push_back({"ID", "STATE", "PART", "FIELD", "CHANGE", "ATTEMPTS", "NOTE"});
  for (const auto& e : entries) {
    rows.push_back({std::to_string(e.id), std::string(storage::to_string(e.state)), std::to_string(e.change.part_id),
                    std::string(storage::to_string(e.change.field)),
                    quoted_or_none(e.change.old_value) + " -> \"" + e.change.new_value + "\"",
                    std::to_string(e.attempts), note_of(e)});
  }
  std::array<size_t, 7> width{};
  for (const Row& row : rows) {
    for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  }
  for (const Row& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(width[i] - row[i].size() + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

}  // namespace kibridge::writeback
