#include "server/cli/defaults.h"

#include <cstdlib>
#include <filesystem>

#include "server/cli/args.h"
#include "server/platform/user_dirs.h"

namespace kibridge::cli {

std::string default_db_path() {
  if (const char* env = std::getenv("KIBRIDGE_DB"); env && *env) return env;
  const std::string data = platform::user_dirs().data;
  const std::filesystem::path dir = data.empty() ? std::filesystem::path("kibridge") : std::filesystem::path(data);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  return (dir / "kibridge.sqlite").string();
}

std::string default_listen() {
  if (const char* env = std::getenv("KIBRIDGE_LISTEN"); env && *env) return env;
  return kDefaultListen;
}

std::pair<std::string, int> parse_listen(const std::string& text) {
  const size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
    throw UsageError("--listen expects HOST:PORT, got '" + text + "'");
  }
  std::string host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const std::string port_text = text.substr(colon + 1);
  char* end = nullptr;
  const long port = std::strtol(port_text.c_str(), &end, 10);
  if (*end != '\0' || port < 0 || port > 65535) throw UsageError("--listen: bad port '" + port_text + "'");
  return {host, static_cast<int>(port)};
}

}  // namespace kibridge::cli
