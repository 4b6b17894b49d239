#include "server/inventree/token_source.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "server/inventree/errors.h"
#include "server/platform/private_file.h"
#include "server/platform/user_dirs.h"
#include "server/util/ascii_text.h"

namespace kibridge::inventree {

namespace {

LoadedToken read_private_token_file(const std::string& path) {
  if (const auto problem = platform::private_file_problem(path)) {
    throw InvenTreeError(ErrorKind::kConfig, "InvenTree token file " + path + " " + *problem);
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
  lookup.env_token = platform::environment_variable(kTokenEnvironmentVariable);
  const platform::UserDirs dirs = platform::user_dirs();
  lookup.config_dir = dirs.config;
  lookup.config_hint = dirs.config_hint;
  return lookup;
}

std::string default_token_file(const TokenLookup& lookup) {
  if (lookup.config_dir.empty()) return "";
  return (std::filesystem::path(lookup.config_dir) / "inventree-token").string();
}

LoadedToken load_token(const TokenLookup& lookup) {
  if (lookup.token_file) return read_private_token_file(*lookup.token_file);
  if (lookup.env_token) {
    std::string token = util::trim(*lookup.env_token);
    if (!token.empty()) return {token, kTokenEnvironmentVariable};
  }
  std::string fallback = default_token_file(lookup);
  std::error_code ec;
  if (!fallback.empty() && std::filesystem::exists(fallback, ec)) return read_private_token_file(fallback);
  throw InvenTreeError(ErrorKind::kConfig,
                       std::string("no InvenTree API token: set ") + kTokenEnvironmentVariable +
                           ", pass --token-file FILE, or put the token in " +
                           (fallback.empty() ? lookup.config_hint + "/inventree-token" : fallback) +
                           " (readable by you alone)");
}

}  // namespace kibridge::inventree
