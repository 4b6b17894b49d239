#include "server/platform/private_file.h"

#ifdef _WIN32
#include <windows.h>
#include <aclapi.h>
#include <sddl.h>
#else
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <system_error>

namespace kibridge::platform {

#ifdef _WIN32

namespace {

std::string error_text(DWORD code) { return std::system_category().message(static_cast<int>(code)); }
std::string last_error_text() { return error_text(::GetLastError()); }

struct LocalFreeDeleter {
  void operator()(void* p) const { ::LocalFree(p); }
};

// The SID of the user running kibridge, as text ("S-1-5-21-..."); "" when it cannot be read.
std::wstring current_user_sid() {
  HANDLE token = nullptr;
  if (!::OpenProcessToken(::GetCurrentProcess(), TOKEN_QUERY, &token)) return L"";
  DWORD size = 0;
  ::GetTokenInformation(token, TokenUser, nullptr, 0, &size);
  std::wstring text;
  std::unique_ptr<unsigned char[]> buffer(new unsigned char[size > 0 ? size : 1]);
  if (size > 0 && ::GetTokenInformation(token, TokenUser, buffer.get(), size, &size)) {
    LPWSTR sid_text = nullptr;
    if (::ConvertSidToStringSidW(reinterpret_cast<TOKEN_USER*>(buffer.get())->User.Sid, &sid_text)) {
      text = sid_text;
      ::LocalFree(sid_text);
    }
  }
  ::CloseHandle(token);
  return text;
}

// Whether `sid` may read a private file besides its owner: SYSTEM and the Administrators group
// can read every file anyway, so granting them access exposes nothing.
bool trusted(PSID sid, PSID owner) {
  if (::EqualSid(sid, owner)) return true;
  return ::IsWellKnownSid(sid, WinLocalSystemSid) || ::IsWellKnownSid(sid, WinBuiltinAdministratorsSid);
}

}  // namespace

std::optional<std::string> private_file_problem(const std::string& path) {
  const std::wstring wide = std::filesystem::path(path).wstring();
  const DWORD attributes = ::GetFileAttributesW(wide.c_str());
  if (attributes == INVALID_FILE_ATTRIBUTES) return "does not exist or cannot be read";
  if (attributes & FILE_ATTRIBUTE_DIRECTORY) return "is not a regular file";
  PSID owner = nullptr;
  PACL dacl = nullptr;
  PSECURITY_DESCRIPTOR descriptor = nullptr;
  if (::GetNamedSecurityInfoW(wide.c_str(), SE_FILE_OBJECT, OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION,
                              &owner, nullptr, &dacl, nullptr, &descriptor) != ERROR_SUCCESS) {
    return "has an access list kibridge cannot read";
  }
  std::unique_ptr<void, LocalFreeDeleter> hold(descriptor);
  const std::string fix = "; run: icacls \"" + path + "\" /inheritance:r /grant:r \"%USERNAME%:F\"";
  if (dacl == nullptr) return "can be read by everyone (it has no access list)" + fix;
  for (DWORD i = 0; i < dacl->AceCount; ++i) {
    void* ace = nullptr;
    if (!::GetAce(dacl, i, &ace)) continue;
    const auto* header = static_cast<ACE_HEADER*>(ace);
    if (header->AceType != ACCESS_ALLOWED_ACE_TYPE) continue;
    auto* allowed = static_cast<ACCESS_ALLOWED_ACE*>(ace);
    if ((allowed->Mask & (FILE_READ_DATA | FILE_WRITE_DATA | GENERIC_READ | GENERIC_ALL)) == 0) continue;
    PSID sid = &allowed->SidStart;
    if (trusted(sid, owner)) continue;
    LPSTR sid_text = nullptr;
    std::string who = "another account";
    if (::ConvertSidToStringSidA(sid, &sid_text)) {
      who = sid_text;
      ::LocalFree(sid_text);
    }
    return "can be read by " + who + ", so other users can read or change it" + fix;
  }
  return std::nullopt;
}

void write_private_file(const std::string& path, const std::string& content) {
  const std::wstring wide = std::filesystem::path(path).wstring();
  // Full access for the current user alone, inheriting nothing from the folder ("P" protects the
  // list); the user named by SID, as `icacls /grant` names them.
  const std::wstring user = current_user_sid();
  if (user.empty()) throw std::runtime_error("cannot write " + path + ": " + last_error_text());
  PSECURITY_DESCRIPTOR descriptor = nullptr;
  const std::wstring sddl = L"D:P(A;;FA;;;" + user + L")";
  if (!::ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl.c_str(), SDDL_REVISION_1, &descriptor, nullptr)) {
    throw std::runtime_error("cannot write " + path + ": " + last_error_text());
  }
  std::unique_ptr<void, LocalFreeDeleter> hold(descriptor);
  SECURITY_ATTRIBUTES attributes{sizeof attributes, descriptor, FALSE};
  // WRITE_DAC: the access list is set through this handle below.
  HANDLE file = ::CreateFileW(wide.c_str(), GENERIC_WRITE | WRITE_DAC, 0, &attributes, CREATE_ALWAYS,
                              FILE_ATTRIBUTE_NORMAL, nullptr);
  if (file == INVALID_HANDLE_VALUE) throw std::runtime_error("cannot write " + path + ": " + last_error_text());
  // CREATE_ALWAYS keeps an existing file's access list: set it explicitly.
  BOOL present = FALSE, defaulted = FALSE;
  PACL dacl = nullptr;
  DWORD error = ::GetSecurityDescriptorDacl(descriptor, &present, &dacl, &defaulted) ? ERROR_SUCCESS : ::GetLastError();
  if (error == ERROR_SUCCESS) {
    error = ::SetSecurityInfo(file, SE_FILE_OBJECT, DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION,
                              nullptr, nullptr, dacl, nullptr);
  }
  DWORD written = 0;
  if (error == ERROR_SUCCESS &&
      !::WriteFile(file, content.data(), static_cast<DWORD>(content.size()), &written, nullptr)) {
    error = ::GetLastError();
  }
  ::CloseHandle(file);
  if (error != ERROR_SUCCESS) throw std::runtime_error("cannot write " + path + ": " + error_text(error));
  if (written != content.size()) throw std::runtime_error("cannot write " + path + ": the disk took only part of it");
}

#else

namespace {

std::string octal_mode(mode_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
  return buf;
}

}  // namespace

std::optional<std::string> private_file_problem(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return "does not exist or cannot be read";
  if (!S_ISREG(st.st_mode)) return "is not a regular file";
  if (st.st_uid != ::geteuid()) return "is owned by another user; it must belong to the user running kibridge";
  if ((st.st_mode & 077) != 0) {
    return "has mode " + octal_mode(st.st_mode) + ", so other users can read or change it; run: chmod 600 " + path;
  }
  return std::nullopt;
}

void write_private_file(const std::string& path, const std::string& content) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
  // O_CREAT's mode only applies to a new file; an existing one may be 0644.
  bool ok = ::fchmod(fd, 0600) == 0;
  size_t written = 0;
  while (ok && written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) written += static_cast<size_t>(n);
  }
  const int saved = errno;
  ::close(fd);
  if (!ok) throw std::runtime_error("cannot write " + path + ": " + std::strerror(saved));
}

#endif

}  // namespace kibridge::platform
