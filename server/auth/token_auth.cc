#include "server/auth/token_auth.h"

#include "server/util/hex.h"
#include "server/util/sha256.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <stdexcept>

namespace kibridge::auth {

namespace {
}  // namespace

std::optional<Scope> parse_scope(const std::string& text) {
  if (text == "read") return Scope::kRead;
  if (text == "import") return Scope::kImport;
  if (text == "admin") return Scope::kAdmin;
  return std::nullopt;
}

const char* scope_name(Scope scope) {
  switch (scope) {
    case Scope::kRead: return "read";
    case Scope::kImport: return "import";
    case Scope::kAdmin: return "admin";
  }
  return "read";
}

std::string generate_token() {
  unsigned char bytes[20];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("no secure random source available");
  return "kib_" + util::hex_lower(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

std::string hash_token(const std::string& token) { return util::sha256_hex(token); }

std::string create_token(storage::Store& store, const std::string& name, Scope scope) {
  std::string token = generate_token();
  store.tokens().create_api_token(name, scope_name(scope), hash_token(token));
  return token;
}

TokenAuth::TokenAuth(const storage::Store& store) : store_(store) { reload(); }

void TokenAuth::reload() {
  std::vector<Entry> fresh;
  for (const auto& t : store_.tokens().api_tokens()) {
    auto scope = parse_scope(t.scope);
    if (scope) fresh.push_back({t.name, t.token_hash, *scope});
  }
  std::lock_guard<std::mutex> lock(mutex_);
  entries_ = std::move(fresh);
  loaded_at_ = std::chrono::steady_clock::now();
}

std::optional<Principal> TokenAuth::find(const std::string& presented) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::optional<Principal> found;
  // Every entry is compared, matched or not, in constant time per entry.
  for (const auto& e : entries_) {
    if (e.hash.size() == presented.size() && CRYPTO_memcmp(e.hash.data(), presented.data(), presented.size()) == 0) {
      found = Principal{e.name, e.scope};
    }
  }
  if (found) used_[found->token_name] = std::chrono::system_clock::now();
  return found;
}

std::map<std::string, storage::TimePoint> TokenAuth::take_unsaved_uses() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::map<std::string, storage::TimePoint> out;
  for (const auto& [name, at] : used_) {
    auto taken = taken_.find(name);
    if (taken != taken_.end() && at - taken->second < std::chrono::minutes(1)) continue;
    out.emplace(name, at);
    taken_[name] = at;
  }
  return out;
}

std::map<std::string, storage::TimePoint> TokenAuth::last_uses() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return used_;
}

std::optional<Principal> TokenAuth::authenticate(const std::string& token) {
  if (token.empty()) return std::nullopt;
  const std::string presented = hash_token(token);
  bool stale;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stale = std::chrono::steady_clock::now() - loaded_at_ > std::chrono::seconds(1);
  }
  if (stale) reload();
  if (auto found = find(presented)) return found;
  // Not known here: perhaps created by another process since the last reload. The probe is
  // by the presented token's hash on the table's unique index; only a hit reloads.
  if (!store_.tokens().api_token_with_hash(presented)) return std::nullopt;
  reload();
  return find(presented);
}

}  // namespace kibridge::auth
