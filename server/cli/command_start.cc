#include "server/cli/command_start.h"

#include <iostream>

#include "server/cli/defaults.h"

namespace kibridge::cli {

CommandStart::CommandStart(const std::vector<std::string>& words, CommandSpec spec) : args_(words) {
  if (args_.help_requested() || (words.empty() && spec.needs_words)) {
    std::cout << spec.usage;
    answered_ = words.empty() ? 2 : 0;
    return;
  }
  if (spec.db) {
    if (std::string db = args_.option_or("--db", "", "KIBRIDGE_DB"); !db.empty()) db_ = std::move(db);
  }
  if (spec.json) json_ = args_.flag("--json");
}

std::string CommandStart::db_path() const { return db_ ? *db_ : default_db_path(); }

storage::Store CommandStart::open_store() const { return storage::Store(db_path()); }

int run_command(const std::string& command, const std::function<int()>& body) {
  try {
    return body();
  } catch (const UsageError& e) {
    std::cerr << "kibridge " << command << ": " << e.what() << " (see 'kibridge " << command << " --help')\n";
    return 2;
  } catch (const std::exception& e) {
    return command_failed(command, e.what());
  }
}

int command_failed(const std::string& command, const std::string& message) {
  std::cerr << "kibridge " << command << ": " << message << "\n";
  return 1;
}

}  // namespace kibridge::cli
