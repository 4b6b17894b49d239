// The API token area of the Store: tokens are kept as name, scope and the SHA-256 of the
// token, never the token itself (auth/ creates and checks them).
//
// Ownership: the Store owns its TokenStore (Store::tokens()).
// Thread-safety: any number of threads, as the Store (store.h).
// Errors: StorageError and its subclasses, by the policy of errors.h; each method names the
// ones it adds.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "storage/errors.h"
#include "storage/records.h"

namespace kibridge::storage {

class Connections;

class TokenStore {
 public:
  explicit TokenStore(Connections& connections) : connections_(connections) {}
  TokenStore(const TokenStore&) = delete;
  TokenStore& operator=(const TokenStore&) = delete;

  std::vector<ApiTokenRecord> api_tokens() const;  // ordered by id
  // The token whose hash is `token_hash` (one probe of the unique index on the hash).
  std::optional<ApiTokenRecord> api_token_with_hash(const std::string& token_hash) const;
  // Throws ConflictError when the name is taken, ValidationError for a name over
  // limits::kTokenName. created_at is now.
  ApiTokenRecord create_api_token(const std::string& name, const std::string& scope,
                                  const std::string& token_hash);
  void delete_api_token(const std::string& name_or_id);  // NotFoundError when neither matches

  // When each token was last used, as recorded by record_token_uses (tokens never used since
  // are absent).
  std::map<std::string, TimePoint> token_last_uses() const;
  // Records uses (token name -> time); a time older than the one stored is ignored, an unknown
  // name too (the token was revoked meanwhile). Not a commit KiCad's cache follows
  // (Store::commits_by_others does not count it).
  void record_token_uses(const std::map<std::string, TimePoint>& uses);

 private:
  Connections& connections_;
};

}  // namespace kibridge::storage
