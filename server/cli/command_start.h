// CommandStart: the opening every `kibridge COMMAND` shares, and run_command(): the one place
// where what a command throws becomes a line on stderr and an exit status.
//
// Every command begins alike: its words become Args, -h/--help answers with its usage, --db FILE
// names the database (else $KIBRIDGE_DB, else the per-user default of defaults.h), --json asks for
// JSON instead of text. Sixteen commands wrote that out by hand; written once here, a command
// cannot forget a part (a --json that finish() would reject, a --help that opens a database) and
// the wording and exit codes agree everywhere.
//
// What the start does, in order, when constructed:
//   1. -h or --help anywhere among the words: prints `usage` to stdout; answered() is 0. No other
//      word is looked at, so help wins over a typo ("--dbb --help" prints the usage).
//   2. no words at all and `needs_words`: prints `usage` to stdout; answered() is 2 (the command
//      cannot guess what was meant; `kibridge token` alone is not an error in any one option).
//   3. otherwise takes --db (with `db`) and --json (with `json`) from the words, before the
//      command asks Args for anything else. A malformed --db ("--db" last, without a value)
//      throws UsageError here.
// The command then asks args() for its own options and calls args().finish(), which rejects
// every word nobody asked for: --db or --json given to a command that does not declare them
// is an "unknown option", as before.
//
// Exit statuses (the contract of commands.h, kept by run_command below):
//   0  done, or --help answered
//   1  the command failed: ONE line "kibridge COMMAND: <what>" on stderr (any std::exception
//      a command lets out: a storage error, a refused value, InvenTree unreachable)
//   2  usage error: ONE line "kibridge COMMAND: <what> (see 'kibridge COMMAND --help')" on
//      stderr (UsageError: unknown option, missing value, wrong action), or the usage on
//      stdout for a `needs_words` command given none
//
// Ownership: open_store() opens (creating when missing) the database and hands the Store to the
// caller, who owns it for the rest of its run; CommandStart keeps no reference to it. Nothing
// opens a database before the command asks, so --help and usage errors never create a file.
// Thread-safety: none; a command runs on the process's main thread.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "server/cli/args.h"
#include "storage/store.h"

namespace kibridge::cli {

// What a command's start takes, besides its own options.
struct CommandSpec {
  std::string usage;         // the whole --help text, ending in a newline
  bool db = false;           // takes --db FILE
  bool json = false;         // takes --json
  bool needs_words = false;  // no words at all prints the usage and exits 2
};

class CommandStart {
 public:
  // Steps 1-3 above; throws UsageError for a malformed --db.
  CommandStart(const std::vector<std::string>& words, CommandSpec spec);

  // The exit status when the start answered by itself (help, or the usage for no words): the
  // command returns it at once. nullopt: the command runs.
  std::optional<int> answered() const { return answered_; }

  // The words, with --db and --json already taken: for the command's own options, positional
  // words and finish().
  Args& args() { return args_; }

  // Whether --json was given (false for a command without `json`).
  bool json() const { return json_; }

  // The database: --db, else $KIBRIDGE_DB, else default_db_path() (which creates its folder;
  // called only when a command needs the path). Only for a command with `db`.
  std::string db_path() const;

  // The database at db_path(), opened (created when missing, migrated). Throws what
  // storage::Store's constructor throws (exit 1 through run_command). The caller owns it.
  storage::Store open_store() const;

 private:
  Args args_;
  std::optional<int> answered_;
  std::optional<std::string> db_;  // the --db or $KIBRIDGE_DB value; nullopt: the default
  bool json_ = false;
};

// Runs `body` (a command's run function on its words) and returns its exit status; turns a
// UsageError it throws into exit 2 and any other std::exception into exit 1, each with its one
// line on stderr as described above. `command` is the name the lines give ("outbox").
int run_command(const std::string& command, const std::function<int()>& body);

// For a command that detects a failure itself rather than throwing: prints the one failure
// line "kibridge COMMAND: <message>" to stderr and returns 1, for `return command_failed(...)`.
int command_failed(const std::string& command, const std::string& message);

}  // namespace kibridge::cli
