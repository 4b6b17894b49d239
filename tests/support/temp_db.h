// A database file that exists for one test: a unique path under the test temp folder,
// removed (with its WAL and shared-memory files) when the TempDb goes away.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>

namespace kibridge::testing {

class TempDb {
 public:
  TempDb() {
    static std::atomic<int> counter{0};
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = info ? std::string(info->test_suite_name()) + "." + info->name() : "db";
    for (char& c : name) {
      if (c == '/') c = '_';
    }
    path_ = (std::filesystem::path(::testing::TempDir()) /
             ("kibridge-" + std::to_string(getpid()) + "-" + std::to_string(counter++) + "-" + name + ".sqlite"))
                .string();
    remove_files();
  }
  ~TempDb() { remove_files(); }
  TempDb(const TempDb&) = delete;
  TempDb& operator=(const TempDb&) = delete;

  const std::string& path() const { return path_; }

 private:
  void remove_files() {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", ".kicad_httplib", ".admin-token"}) std::filesystem::remove(path_ + suffix, ec);
  }
  std::string path_;
};

}  // namespace kibridge::testing
