// API tokens: creation, hashing and verification.
//
// A token is "kib_" + 40 random hex digits, shown once. The store keeps its SHA-256 only.
// TokenAuth keeps the hashes in memory and compares a presented token's hash against each of
// them in constant time, so timing does not reveal how much of a guess was right. A hash it
// does not know is looked up once in the store (a unique-index probe on the SHA-256 of the
// presented token, so its timing says nothing about any real token either): a token another
// process just created works on the very next request. Tokens never appear in logs.
//
// Scopes, from least to most: `read` (KiCad's routes and every GET), `import` (read, plus
// uploading netlists: what a KiCad BOM-plugin command line needs), `admin` (everything).
//
// Thread-safety: TokenAuth is safe to share; reload() may run while requests authenticate.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "storage/store.h"

namespace kibridge::auth {

enum class Scope { kRead, kImport, kAdmin };

std::optional<Scope> parse_scope(const std::string& text);  // "read" | "import" | "admin"
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
  // The token's owner, or nullopt for an unknown or revoked token. A token created by another
  // process (`kibridge token create` beside a running server) works at once: an unknown hash
  // is looked up in the store (one indexed read, no scan, so a flood of bad tokens costs one
  // B-tree probe each). A revocation takes effect within a second: the hashes are re-read
  // when older than that.
  std::optional<Principal> authenticate(const std::string& token);

  // Last use of tokens. authenticate() notes each use in memory only (a map entry under the
  // lock it already takes): a write per request would put the store's writer lock, which a
  // pull holds for seconds, on KiCad's path. The uses reach the store through
  // take_unsaved_uses(), called by GET /api/tokens: each token's time at most once a minute,
  // so listing tokens often costs no write. A server stopped before its uses were listed loses
  // them: `last_used` is a hint for revoking stale tokens, a minute or a restart off is fine.
  //   take_unsaved_uses: the uses to write now (newer than 60 s past the last one taken for
  //   that token, or never taken), marked as taken.
  //   last_uses: every use seen by this process (for the listing, over the stored ones).
  std::map<std::string, storage::TimePoint> take_unsaved_uses();
  std::map<std::string, storage::TimePoint> last_uses() const;

 private:
  struct Entry {
    std::string name;
    std::string hash;
    Scope scope;
  };
  // The principal whose hash equals `presented`, compared against every entry; notes its use.
  std::optional<Principal> find(const std::string& presented);

  const storage::Store& store_;
  mutable std::mutex mutex_;
  std::vector<Entry> entries_;
  std::chrono::steady_clock::time_point loaded_at_;
  // Guarded by mutex_: last use per token name, and the time last handed to the store.
  std::map<std::string, storage::TimePoint> used_;
  std::map<std::string, storage::TimePoint> taken_;
};

}  // namespace kibridge::auth
