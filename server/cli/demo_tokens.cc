#include "server/cli/demo_tokens.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "server/auth/token_auth.h"
#include "server/cli/httplib_config.h"

namespace kibridge::cli {

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

// The token a previous start left in the .kicad_httplib ("" when none can be read).
std::string token_in_httplib(const std::string& path) {
  const auto config = nlohmann::json::parse(slurp(path), nullptr, /*allow_exceptions=*/false);
  if (!config.is_object()) return "";
  const auto source = config.find("source");
  if (source == config.end() || !source->is_object()) return "";
  const auto token = source->find("token");
  return token != source->end() && token->is_string() ? token->get<std::string>() : "";
}

// `token` when the database knows it under `name` with `scope`; otherwise a new token under
// that name (the old row, if any, is replaced).
std::string keep_or_create(storage::Store& store, const char* name, auth::Scope scope, const std::string& token,
                           bool rotate, bool* reused) {
  *reused = false;
  if (!rotate && !token.empty()) {
    const auto row = store.tokens().api_token_with_hash(auth::hash_token(token));
    if (row && row->name == name && row->scope == auth::scope_name(scope)) {
      *reused = true;
      return token;
    }
  }
  try {
    store.tokens().delete_api_token(name);
  } catch (const storage::NotFoundError&) {
  }
  return auth::create_token(store, name, scope);
}

}  // namespace

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

DemoTokens ensure_demo_tokens(storage::Store& store, const std::string& server_url, bool rotate) {
  DemoTokens t;
  t.httplib_path = store.path() + ".kicad_httplib";
  t.admin_token_path = store.path() + ".admin-token";
  t.admin_token = keep_or_create(store, kDemoAdminTokenName, auth::Scope::kAdmin, trimmed(slurp(t.admin_token_path)),
                                 rotate, &t.admin_reused);
  t.read_token = keep_or_create(store, kDemoReadTokenName, auth::Scope::kRead, token_in_httplib(t.httplib_path),
                                rotate, &t.read_reused);
  write_private_file(t.admin_token_path, t.admin_token + "\n");
  write_private_file(t.httplib_path, make_httplib_config(server_url, t.read_token, "InvenTree demo (kibridge)"));
  return t;
}

}  // namespace kibridge::cli
