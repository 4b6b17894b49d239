// The command-line options of the commands that talk to InvenTree (`sync`, `serve`, `push`,
// `migrate-plugin`): where it is, how to authenticate, how to trust its certificate — one
// inventree::Connection, used by the pull and the push alike — and how the pull pages.
#pragma once

#include <chrono>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "server/cli/args.h"
#include "server/inventree/connection.h"
#include "server/sync/puller.h"

namespace kibridge::cli {

// Usage lines for the options below, for a command's --help.
extern const char* const kSyncFlagsUsage;

// Reads --inventree-url (or $KIBRIDGE_INVENTREE_URL), --token-file, --ca-file,
// --no-verify-tls, --page-size, --list-page-size, --embed-parameters, --timeout and
// --retries from `args`.
// Returns nullopt when no URL is given. The token is looked up at every pull and push pass
// (Connection::token_lookup), but checked now, so a missing or world-readable token file is a
// start-up error. --no-verify-tls and a plain-http URL to a non-local host print a warning
// to `warnings` every time. Throws UsageError for malformed values and InvenTreeError(kConfig)
// for an unusable URL, CA file or token.
struct InvenTreeFlags {
  inventree::Connection connection;
  sync::PullOptions pull;  // --page-size, --list-page-size, --embed-parameters
};
std::optional<InvenTreeFlags> parse_sync_flags(Args& args, std::ostream& warnings);

// The start of a command that works on a database against InvenTree (`sync`, `push`,
// `migrate-plugin`): a CommandStart (command_start.h) with --db whose --help prints `usage` and
// the flags above (then nullopt: the command exits 0), and the flags above, with --inventree-url
// required. Throws UsageError.
struct InvenTreeCommand {
  std::string db_path;
  InvenTreeFlags inventree;
};
std::optional<InvenTreeCommand> parse_inventree_command(const std::vector<std::string>& words, const char* usage);

// The client options of such a command: its URL, TLS and retry settings, the token loaded now
// (throws InvenTreeError(kConfig) as load_token), and each retry logged to stderr as
// "kibridge <command_name>: retry N of <request>: <why>".
inventree::ClientOptions command_client_options(const InvenTreeCommand& command, const std::string& command_name);

// "300", "90s", "5m", "1h" -> duration; throws UsageError otherwise (and below 10 s).
std::chrono::milliseconds parse_interval(const std::string& text);

}  // namespace kibridge::cli
