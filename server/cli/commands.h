// The kibridge command table. Each command is a function from its words (after the command
// name) to a process exit status: 0 success, 1 failure (a message on stderr), 2 usage error.
// Each begins with a CommandStart and runs inside run_command (command_start.h: what they
// print, and when).
#pragma once

#include <string>
#include <vector>

namespace kibridge::cli {

struct Command {
  const char* name;
  const char* summary;  // one line for `kibridge --help`
  int (*run)(const std::vector<std::string>& words);
};

// Every command, in the order `kibridge --help` lists them.
const std::vector<Command>& all_commands();

// Runs `kibridge <argv...>` (argv without the program name).
int run_main(const std::vector<std::string>& argv);

}  // namespace kibridge::cli
