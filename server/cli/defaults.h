// Where kibridge keeps its data and listens when not told otherwise.
#pragma once

#include <string>
#include <utility>

namespace kibridge::cli {

// 8765: clear of InvenTree's 8000 and of common dev ports.
inline constexpr const char* kDefaultListen = "127.0.0.1:8765";

// $KIBRIDGE_DB, else kibridge.sqlite in the platform's data folder of kibridge
// (server/platform/user_dirs.h: $XDG_DATA_HOME/kibridge, ~/.local/share/kibridge when unset, on
// Linux; %LOCALAPPDATA%\kibridge on Windows). Creates that folder.
std::string default_db_path();
// $KIBRIDGE_LISTEN, else kDefaultListen.
std::string default_listen();

// "host:port" -> (host, port); throws UsageError for anything else ("[::1]:80" allowed).
std::pair<std::string, int> parse_listen(const std::string& text);

}  // namespace kibridge::cli
