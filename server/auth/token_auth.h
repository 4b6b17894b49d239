// API tokens: creation, hashing and verification.
//
// A token is "kib_" + 40 random hex digits, shown once. The store keeps its SHA-256 only.
// TokenAuth keeps the hashes in memory and compares a presented token's hash against each of
// them in constant time, so neither timing nor the database lookup reveals how much of a
// guess was right. Tokens never appear in logs.
//
// Thread-safety: TokenAuth is safe to share; reload() may run while requests authenticate.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "storage/store.h"

namespace kibridge::auth {

enum class Scope { kRead, kAdmin };

std::optional<Scope> parse_scope(const std::string& text);  // "read" | "admin"
const char* scope_name(Scope scope);

// A new random token (from the OS CSPRNG). Throws std::runtime_error if none is available.
std::string generate_token();
// Lowercase hex SHA-256 of `token`.
std::string hash_token(const std::string& token);

// Creates a token named `name` in the store and returns the token itself (the only time it
// is available). Throws storage::ConflictError for a taken name.
std::string create_token(storage::Store& store, const std::string& name, Scope scope);

struct Principal {
  std::string token_name;
  Scope scope;
};

class TokenAuth {
 public:
  explicit TokenAuth(const storage::Store& store);
  // Re-reads the token hashes now.
  void reload();
  // The token's owner, or nullopt for an unknown or revoked token. Tokens created or revoked
  // by another process (`kibridge token ...` beside a running server) take effect within a
  // second: the hashes are re-read when older than that.
  std::optional<Principal> authenticate(const std::string& token);

 private:
  struct Entry {
    std::string name;
    std::string hash;
    Scope scope;
  };
  const storage::Store& store_;
  mutable std::mutex mutex_;
  std::vector<Entry> entries_;
  std::chrono::steady_clock::time_point loaded_at_;
};

}  // namespace kibridge::auth
