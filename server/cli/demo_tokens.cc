#include "server/cli/demo_tokens.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

#include "server/auth/token_auth.h"
#include "server/cli/httplib_config.h"
#include "server/platform/private_file.h"
#include "server/util/ascii_text.h"

namespace kibridge::cli {

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
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

DemoTokens ensure_demo_tokens(storage::Store& store, const std::string& server_url, bool rotate) {
  DemoTokens t;
  t.httplib_path = store.path() + ".kicad_httplib";
  t.admin_token_path = store.path() + ".admin-token";
  t.admin_token = keep_or_create(store, kDemoAdminTokenName, auth::Scope::kAdmin, util::trim(slurp(t.admin_token_path)),
                                 rotate, &t.admin_reused);
  t.read_token = keep_or_create(store, kDemoReadTokenName, auth::Scope::kRead, token_in_httplib(t.httplib_path),
                                rotate, &t.read_reused);
  platform::write_private_file(t.admin_token_path, t.admin_token + "\n");
  platform::write_private_file(t.httplib_path, make_httplib_config(server_url, t.read_token, "InvenTree demo (kibridge)"));
  return t;
}

}  // namespace kibridge::cli
