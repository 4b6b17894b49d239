// Runs the built kibridge executable (kibridge_binary()) as a user would, for CLI tests: its
// exit status, and stdout and stderr apart (so a test can parse stdout as JSON).
#pragma once

#include "tests/support/build_paths.h"
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace kibridge::testing {

struct KibridgeRun {
  int status = -1;  // exit status; -1 when it did not exit normally
  std::string out;
  std::string err;
};

// `args` is inserted into a shell command line as is (quote paths yourself); `env` is a list
// of NAME=value assignments. stdin is /dev/null. KIBRIDGE_* variables of the test's own
// environment are removed so they cannot change the outcome.
inline KibridgeRun run_kibridge(const std::string& args, const std::string& env = "") {
  static int counter = 0;
  const std::string err_file = (std::filesystem::path(::testing::TempDir()) /
                                ("kibridge-stderr-" + std::to_string(getpid()) + "-" + std::to_string(counter++)))
                                   .string();
  const std::string command =
      "env -u KIBRIDGE_DB -u KIBRIDGE_TOKEN -u KIBRIDGE_URL -u KIBRIDGE_INVENTREE_TOKEN -u KIBRIDGE_INVENTREE_URL " +
      env + " '" + kibridge_binary() + "' " + args + " 2>'" + err_file + "' </dev/null";
  KibridgeRun run;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  std::array<char, 4096> buf{};
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) run.out.append(buf.data(), n);
  const int status = ::pclose(pipe);
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream err(err_file);
  std::ostringstream text;
  text << err.rdbuf();
  run.err = text.str();
  std::filesystem::remove(err_file);
  return run;
}

}  // namespace kibridge::testing
