// kibridge: KiCad's HTTP library for InvenTree, served from a local SQLite mirror.
#include <string>
#include <vector>

#include "server/cli/commands.h"

int main(int argc, char** argv) {
  return kibridge::cli::run_main(std::vector<std::string>(argv + 1, argv + argc));
}
