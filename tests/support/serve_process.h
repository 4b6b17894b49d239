// A `kibridge serve` (or any kibridge command, or another program) running as its own process
// for one test, its output appended to a log file; SIGTERM and reaped when the object goes away. Plus the two
// things such tests need around it: a free loopback port and polling with a time limit.
#pragma once

#include "tests/support/build_paths.h"
#include "tests/support/eventually.h"
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace kibridge::testing {

// A loopback port free at the moment of the call.
inline int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

// Polls `done` every 50 ms until it holds or `limit` has passed; returns its last answer.
inline bool wait_until(const std::function<bool()>& done, std::chrono::seconds limit) {
  return eventually(done, limit, std::chrono::milliseconds(50));
}

// A program running for one test: `argv` (argv[0] the program's path), stdout and stderr
// appended to `log`, with the extra environment variables `env` (name, value); SIGTERM and
// reaped when the object goes away.
class ChildProcess {
 public:
  ChildProcess(std::vector<std::string> argv, const std::string& log,
               const std::vector<std::pair<std::string, std::string>>& env = {}) {
    pid_ = fork();
    if (pid_ != 0) return;
    const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    dup2(fd, 1);
    dup2(fd, 2);
    std::vector<char*> pointers;
    for (auto& a : argv) pointers.push_back(a.data());
    pointers.push_back(nullptr);
    for (const auto& [name, value] : env) setenv(name.c_str(), value.c_str(), 1);
    execv(pointers[0], pointers.data());
    _exit(127);
  }
  ~ChildProcess() {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

 private:
  pid_t pid_ = -1;
};

// kibridge_binary() with `args`, as ChildProcess.
class KibridgeProcess : public ChildProcess {
 public:
  KibridgeProcess(const std::vector<std::string>& args, const std::string& log,
                  const std::vector<std::pair<std::string, std::string>>& env = {})
      : ChildProcess(with_binary(args), log, env) {}

 private:
  static std::vector<std::string> with_binary(const std::vector<std::string>& args) {
    std::vector<std::string> argv{kibridge_binary()};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
  }
};

}  // namespace kibridge::testing
