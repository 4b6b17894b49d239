// `kibridge push`: one pass of the write-back pusher over a database file's outbox.
#include <iostream>

#include "server/cli/command_start.h"
#include "server/cli/sync_flags.h"
#include "server/inventree/client.h"
#include "server/writeback/push_report.h"
#include "server/writeback/pusher.h"
#include "storage/store.h"

namespace kibridge::cli {

namespace {

constexpr const char* kPushUsage =
    "usage: kibridge push [--db FILE] --inventree-url URL [options]\n"
    "Sends the changes imports queued in the outbox of the database FILE to InvenTree, once:\n"
    "every pending entry, including those waiting to be retried, in queue order per part. A\n"
    "paused outbox (InvenTree refused the credentials) is resumed first. Prints a line per\n"
    "entry and a total. Conflicts and failures are shown and kept for `kibridge outbox`.\n"
    "Exit status: 0 the pass completed, 1 InvenTree could not be reached or refused the\n"
    "credentials (the outbox is then paused), 2 usage error.\n"
    "  --db FILE            database (default $KIBRIDGE_DB or ~/.local/share/kibridge/kibridge.sqlite)\n";

}  // namespace

int run_push(const std::vector<std::string>& words) {
  const auto command = parse_inventree_command(words, kPushUsage);
  if (!command) return 0;
  storage::Store store(command->db_path);
  inventree::Client client(command_client_options(*command, "push"));
  writeback::PusherOptions pusher_options;
  pusher_options.log = [](const std::string& line) { std::cout << line << "\n" << std::flush; };
  writeback::Pusher pusher(store, client, pusher_options);
  const writeback::PushSummary summary = pusher.push_once(/*user_request=*/true);
  std::cout << "pushed to " << client.base_url().display() << ": " << writeback::push_summary_text(summary) << "\n";
  if (summary.paused) {
    // The pause line above already says what InvenTree answered and what to check.
    return command_failed("push",
                          "InvenTree refused the credentials (see above); the outbox stays paused until a push succeeds");
  }
  if (!summary.completed()) return command_failed("push", "InvenTree could not be reached: " + summary.error);
  return 0;
}

}  // namespace kibridge::cli
