#include "server/inventree/token_source.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "server/inventree/errors.h"
#include "server/util/ascii_text.h"

namespace kibridge::inventree {

namespace {

std::optional<std::string> env(const char* name) {
  const char* v = std::getenv(name);
  if (v == nullptr || *v == '\0') return std::nullopt;
  return std::string(v);
}

std::string octal_mode(mode_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
  return buf;
}

LoadedToken read_private_token_file(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    throw InvenTreeError(ErrorKind::kConfig, "InvenTree token file " + path + " does not exist or cannot be read");
  }
  if (!S_ISREG(st.st_mode)) {
    throw InvenTreeError(ErrorKind::kConfig, "InvenTree token file " + path + " is not a regular file");
  }
  if (st.st_uid != ::geteuid()) {
    throw InvenTreeError(ErrorKind::kConfig, "InvenTree token file " + path +
                                                 " is owned by another user; it must belong to the user running kibridge");
  }
  if ((st.st_mode & 077) != 0) {
    throw InvenTreeError(ErrorKind::kConfig, "InvenTree token file " + path + " has mode " + octal_mode(st.st_mode) +
                                                 ", so other users can read or change it; run: chmod 600 " + path);
  }
  std::ifstream in(path);
  if (!in) throw InvenTreeError(ErrorKind::kConfig, "InvenTree token file " + path + " cannot be read");
  std::string first_line;
  std::getline(in, first_line);
  std::string token = util::trim(first_line);
  if (token.empty()) throw InvenTreeError(ErrorKind::kConfig, "InvenTree token file " + path + " is empty");
  return {token, path};
}

}  // namespace

TokenLookup token_lookup_from_environment(std::optional<std::string> token_file) {
  TokenLookup lookup;
  lookup.token_file = std::move(token_file);
  lookup.env_token = env(kTokenEnvironmentVariable);
  lookup.xdg_config_home = env("XDG_CONFIG_HOME");
  lookup.home = env("HOME");
  return lookup;
}

std::string default_token_file(const TokenLookup& lookup) {
  if (lookup.xdg_config_home) return *lookup.xdg_config_home + "/kibridge/inventree-token";
  if (lookup.home) return *lookup.home + "/.config/kibridge/inventree-token";
  return "";
}

LoadedToken load_token(const TokenLookup& lookup) {
  if (lookup.token_file) return read_private_token_file(*lookup.token_file);
  if (lookup.env_token) {
    std::string token = util::trim(*lookup.env_token);
    if (!token.empty()) return {token, kTokenEnvironmentVariable};
  }
  std::string fallback = default_token_file(lookup);
  struct stat st {};
  if (!fallback.empty() && ::stat(fallback.c_str(), &st) == 0) return read_private_token_file(fallback);
  throw InvenTreeError(ErrorKind::kConfig,
                       std::string("no InvenTree API token: set ") + kTokenEnvironmentVariable +
                           ", pass --token-file FILE, or put the token in " +
                           (fallback.empty() ? std::string("$XDG_CONFIG_HOME/kibridge/inventree-token") : fallback) +
                           " (mode 0600)");
}

}  // namespace kibridge::inventree
