// A folder that exists for one test (removed with everything in it when the TempDir goes away),
// and the one platform-dependent thing the private-file tests need from a test: a file anyone
// may read.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>

#ifdef _WIN32
#include <windows.h>
#include <aclapi.h>
#include <sddl.h>
#else
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace kibridge::testing {

class TempDir {
 public:
  explicit TempDir(const std::string& purpose) {
    static std::atomic<int> counter{0};
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = purpose + "-" + (info ? info->name() : "dir");
    for (char& c : name) {
      if (c == '/') c = '_';
    }
    path_ = std::filesystem::path(::testing::TempDir()) /
            ("kibridge-" + std::to_string(getpid()) + "-" + std::to_string(counter++) + "-" + name);
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Writes `text` to `path` (its folders created first): a test's fixture file, in a TempDir.
inline void write_file(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

// Whether this Windows build runs under Wine, which keeps no access lists on files: it derives
// them from the Unix mode (0644 reads as "Everyone may read") and drops the list a program sets.
// Always false on Linux.
inline bool running_under_wine() {
#ifdef _WIN32
  HMODULE ntdll = ::GetModuleHandleW(L"ntdll.dll");
  return ntdll != nullptr && ::GetProcAddress(ntdll, "wine_get_version") != nullptr;
#else
  return false;
#endif
}

// Gives everyone read access to `path`: mode 0644 on Linux, an access list granting Everyone
// full access on Windows.
inline void make_readable_by_everyone(const std::string& path) {
#ifdef _WIN32
  PSECURITY_DESCRIPTOR descriptor = nullptr;
  ASSERT_TRUE(::ConvertStringSecurityDescriptorToSecurityDescriptorW(L"D:P(A;;FA;;;OW)(A;;FA;;;WD)", SDDL_REVISION_1,
                                                                     &descriptor, nullptr));
  BOOL present = FALSE, defaulted = FALSE;
  PACL dacl = nullptr;
  ::GetSecurityDescriptorDacl(descriptor, &present, &dacl, &defaulted);
  std::wstring wide = std::filesystem::path(path).wstring();
  const DWORD rc = ::SetNamedSecurityInfoW(wide.data(), SE_FILE_OBJECT,
                                           DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION, nullptr,
                                           nullptr, dacl, nullptr);
  ::LocalFree(descriptor);
  ASSERT_EQ(rc, static_cast<DWORD>(ERROR_SUCCESS));
#else
  ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
#endif
}

}  // namespace kibridge::testing
