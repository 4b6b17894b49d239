// Where kibridge finds its InvenTree API token: an explicit --token-file, else the environment
// variable KIBRIDGE_INVENTREE_TOKEN, else the file inventree-token in the platform's folder for
// kibridge's configuration (server/platform/user_dirs.h: $XDG_CONFIG_HOME/kibridge or
// ~/.config/kibridge on Linux, %APPDATA%\kibridge on Windows). A token file must be private to
// the user running kibridge (server/platform/private_file.h: on Linux owned by that user with
// mode 0600 or 0400): a token that other local users can read is refused rather than used.
//
// The token itself never appears in a message; only where it came from does.
#pragma once

#include <optional>
#include <string>

namespace kibridge::inventree {

inline constexpr const char* kTokenEnvironmentVariable = "KIBRIDGE_INVENTREE_TOKEN";

// The inputs of the lookup, separated from the process environment so tests can vary them.
struct TokenLookup {
  std::optional<std::string> token_file;       // --token-file
  std::optional<std::string> env_token;        // KIBRIDGE_INVENTREE_TOKEN
  std::string config_dir;   // the platform's configuration folder of kibridge ("" when unknown)
  std::string config_hint;  // how to name it to a user ("$XDG_CONFIG_HOME/kibridge")
};

// The lookup for this process: `token_file` plus the current environment and platform.
TokenLookup token_lookup_from_environment(std::optional<std::string> token_file);

struct LoadedToken {
  std::string token;
  std::string source;  // "KIBRIDGE_INVENTREE_TOKEN" or the file's path; safe to print
};

// Throws InvenTreeError(kConfig) when no token is configured, the file is missing (when named
// explicitly), not a regular file, owned by someone else, readable or writable by group or
// others, or empty. The message says how to fix it.
LoadedToken load_token(const TokenLookup& lookup);

// The default token file for `lookup` ("" when its config_dir is unknown).
std::string default_token_file(const TokenLookup& lookup);

}  // namespace kibridge::inventree
