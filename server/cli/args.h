// Args: the command-line words of one kibridge command, parsed on demand.
//
// Options are "--name value" or "--name=value"; flags are "--name"; everything else is
// positional. A command declares what it accepts by asking for it; finish() then rejects
// anything it never asked for, so a typo ("--dbb") is an error instead of being ignored.
// Errors are reported as UsageError with a message fit for the terminal.
#pragma once

#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace kibridge::cli {

class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Args {
 public:
  explicit Args(std::vector<std::string> words);

  // The value of --name (nullopt when absent). Throws UsageError when it has no value.
  std::optional<std::string> option(const std::string& name);
  // The value of --name, else of environment variable `env` (if given and set), else fallback.
  std::string option_or(const std::string& name, const std::string& fallback, const char* env = nullptr);
  // An integer option in [min, max]; throws UsageError when not a number or out of range.
  std::optional<long long> int_option(const std::string& name, long long min, long long max);
  bool flag(const std::string& name);
  bool help_requested() const;  // -h or --help anywhere

  // Positional words in order (after options are taken out).
  const std::vector<std::string>& positional();
  // Throws UsageError for any option that no call above asked for, and when more than
  // `max_positional` positional words were given.
  void finish(size_t max_positional = 0);

 private:
  std::vector<std::string> words_;
  std::vector<bool> consumed_;
  std::vector<std::string> positional_;
  bool positional_ready_ = false;
};

}  // namespace kibridge::cli
