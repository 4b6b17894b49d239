// `kibridge outbox list|retry|drop`: the write-back queue of a database file, and a user's
// resolution of its conflicts and failures (what /api/outbox offers on a server).
#include <iostream>

#include "server/cli/command_start.h"
#include "server/util/decimal_id.h"
#include "server/writeback/outbox_format.h"
#include "storage/store.h"

namespace kibridge::cli {

namespace {

constexpr const char* kOutboxUsage =
    "usage: kibridge outbox list [--state STATE] [--json] [--db FILE]\n"
    "       kibridge outbox retry ID [--db FILE]\n"
    "       kibridge outbox drop ID [--db FILE]\n"
    "The outbox holds the changes imports queued for InvenTree, one entry per part and field.\n"
    "  list    every entry (or those in STATE: pending, conflict, failed, done, dropped) with its\n"
    "          change, attempts and error or conflicting InvenTree value; says when the queue is\n"
    "          paused because InvenTree refused the credentials\n"
    "  retry   send a conflict, failed or pending entry again, due now; for a conflict this\n"
    "          overwrites the value InvenTree holds (a later edit there is a conflict again)\n"
    "  drop    give an entry up; KiCad is shown InvenTree's value again until the next pull\n"
    "  --json  list as JSON (as GET /api/outbox answers)\n"
    "  --db FILE  database (default $KIBRIDGE_DB or ~/.local/share/kibridge/kibridge.sqlite)\n"
    "A `kibridge serve` running on the same database notices a retry or drop within a second;\n"
    "POST /api/outbox/ID/retry or /drop reach it at once.\n"
    "Exit status: 0 done, 1 unknown entry or one already done or dropped, 2 usage error.\n";

int64_t entry_id(const std::vector<std::string>& pos) {
  if (pos.size() != 2) throw UsageError("outbox " + pos[0] + " needs one entry ID (see `kibridge outbox list`)");
  const std::string& text = pos[1];
  const auto id = util::parse_decimal_id(text);
  if (!id) throw UsageError("'" + text + "' is not an outbox entry ID");
  return *id;
}

}  // namespace

int run_outbox(const std::vector<std::string>& words) {
  CommandStart start(words, {.usage = kOutboxUsage, .db = true, .json = true, .needs_words = true});
  if (auto done = start.answered()) return *done;
  Args& args = start.args();
  const auto state_text = args.option("--state");
  const bool as_json = start.json();
  const auto& pos = args.positional();
  args.finish(2);
  const std::string action = pos.empty() ? "" : pos[0];
  if (action != "list" && action != "retry" && action != "drop") {
    throw UsageError("unknown outbox action '" + action + "' (list, retry, drop)");
  }
  if (action != "list" && (state_text || as_json)) throw UsageError("--state and --json go with `outbox list`");
  std::optional<storage::OutboxState> state;
  if (state_text) {
    state = storage::outbox_state_from_string(*state_text);
    if (!state) throw UsageError("--state must be pending, conflict, failed, done or dropped");
  }
  const int64_t id = action == "list" ? 0 : entry_id(pos);
  if (action == "list" && pos.size() > 1) throw UsageError("outbox list takes no argument");

  storage::Store store = start.open_store();
  if (action == "list") {
    const auto entries = store.writeback().outbox_entries(state);
    const auto pause = store.writeback().outbox_pause();
    if (as_json) {
      std::cout << writeback::outbox_list_json(entries, pause).dump(2) << "\n";
    } else {
      std::cout << writeback::outbox_table(entries, pause);
    }
    return 0;
  }
  // Unknown ids and entries already done or dropped throw; run_main prints the store's
  // message and exits 1.
  if (action == "retry") {
    const auto entry = store.writeback().retry_outbox_entry(id).first;
    std::cout << "outbox entry " << entry.id << " is pending again: part " << entry.change.part_id << " "
              << storage::to_string(entry.change.field) << " -> \"" << entry.change.new_value << "\"\n";
  } else {
    const auto entry = store.writeback().drop_outbox_entry(id).first;
    std::cout << "outbox entry " << entry.id << " dropped: part " << entry.change.part_id << " "
              << storage::to_string(entry.change.field) << " stays as InvenTree has it\n";
  }
  return 0;
}

}  // namespace kibridge::cli
