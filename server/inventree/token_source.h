// Where kibridge finds its InvenTree API token: an explicit --token-file, else the environment
// variable KIBRIDGE_INVENTREE_TOKEN, else $XDG_CONFIG_HOME/kibridge/inventree-token
// (~/.config/kibridge/inventree-token). A token file must be a regular file owned by the
// user running kibridge and unreadable by anyone else (mode 0600 or 0400): a token that other
// local users can read is refused rather than used.
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
  std::optional<std::string> xdg_config_home;  // $XDG_CONFIG_HOME
  std::optional<std::string> home;             // $HOME
};

// The lookup for this process: `token_file` plus the current environment.
TokenLookup token_lookup_from_environment(std::optional<std::string> token_file);

struct LoadedToken {
  std::string token;
  std::string source;  // "KIBRIDGE_INVENTREE_TOKEN" or the file's path; safe to print
};

// Throws InvenTreeError(kConfig) when no token is configured, the file is missing (when named
// explicitly), not a regular file, owned by someone else, readable or writable by group or
// others, or empty. The message says how to fix it.
LoadedToken load_token(const TokenLookup& lookup);

// The default token file for `lookup` ("" when neither XDG_CONFIG_HOME nor HOME is set).
std::string default_token_file(const TokenLookup& lookup);

}  // namespace kibridge::inventree
