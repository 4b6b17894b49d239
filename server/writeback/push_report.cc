#include "server/writeback/push_report.h"

#include "server/util/json_optional.h"
#include "storage/utc_time.h"

namespace kibridge::writeback {

namespace {

std::string quoted(const std::optional<std::string>& value) { return value ? "'" + *value + "'" : "nothing"; }

}  // namespace

std::string settled_entry_text(const SettledEntry& settled) {
  const auto& e = settled.entry;
  const auto& o = settled.outcome;
  std::string line = "#" + std::to_string(e.id) + " part " + std::to_string(e.change.part_id) + " " +
                     std::string(storage::to_string(e.change.field)) + ": ";
  switch (o.state) {
    case storage::OutboxState::kDone:
      line += settled.written ? "done, written '" + e.change.new_value + "'"
                              : "done, InvenTree already holds '" + e.change.new_value + "'";
      break;
    case storage::OutboxState::kConflict:
      line += "conflict, InvenTree holds " + quoted(o.remote_value) + " (expected " + quoted(e.change.old_value) +
              "); not overwritten: `kibridge outbox retry " + std::to_string(e.id) + "` to replace it with '" +
              e.change.new_value + "', or drop it";
      break;
    case storage::OutboxState::kFailed:
      line += "failed: " + o.error;
      break;
    case storage::OutboxState::kPending:
      line += "will retry";
      if (o.next_attempt_at) line += " after " + storage::format_utc(*o.next_attempt_at);
      line += ": " + o.error;
      break;
    case storage::OutboxState::kDropped:
      line += "dropped";
      break;
  }
  return line;
}

std::string push_summary_text(const PushSummary& s) {
  std::string text = std::to_string(s.examined) + " examined: " + std::to_string(s.done) + " done (" +
                     std::to_string(s.written) + " written), " + std::to_string(s.conflicts) +
                     (s.conflicts == 1 ? " conflict, " : " conflicts, ") + std::to_string(s.failed) + " failed, " +
                     std::to_string(s.deferred) + " deferred, " + std::to_string(s.waiting) + " waiting";
  if (s.paused) {
    text += "; the outbox is PAUSED: " + *s.paused;
  } else if (s.cancelled) {
    text += "; cancelled";
  } else if (s.unreachable) {
    text += "; stopped early, InvenTree is unavailable: " + s.error;
  }
  return text;
}

nlohmann::json push_summary_json(const PushSummary& s) {
  using nlohmann::json;
  return json{{"examined", s.examined},
              {"done", s.done},
              {"written", s.written},
              {"conflicts", s.conflicts},
              {"failed", s.failed},
              {"deferred", s.deferred},
              {"waiting", s.waiting},
              {"paused", util::json_or_null(s.paused)},
              {"unreachable", s.unreachable},
              {"cancelled", s.cancelled},
              {"error", s.error.empty() ? json(nullptr) : json(s.error)},
              {"retry_not_before", util::json_or_null(s.retry_not_before, storage::format_utc)}};
}

}  // namespace kibridge::writeback
