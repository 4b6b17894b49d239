// API tokens: only their hashes are stored.
#include "storage/token_store.h"

#include "storage/limits.h"
#include "storage/store_internal.h"
#include "storage/utc_time.h"

namespace kibridge::storage {

namespace {

constexpr const char* kTokenColumns = "id, name, scope, token_hash, created_at";

ApiTokenRecord token_from_row(SQLite::Statement& st) {
  return ApiTokenRecord{st.getColumn(0).getInt64(), st.getColumn(1).getString(), st.getColumn(2).getString(),
                        st.getColumn(3).getString(), parse_utc(st.getColumn(4).getString()).value_or(TimePoint{})};
}

}  // namespace

std::vector<ApiTokenRecord> TokenStore::api_tokens() const {
  return connections_.read([](SQLite::Database& db) {
    std::vector<ApiTokenRecord> out;
    SQLite::Statement st(db, std::string("SELECT ") + kTokenColumns + " FROM api_token ORDER BY id");
    while (st.executeStep()) out.push_back(token_from_row(st));
    return out;
  });
}

std::optional<ApiTokenRecord> TokenStore::api_token_with_hash(const std::string& token_hash) const {
  return connections_.read([&](SQLite::Database& db) -> std::optional<ApiTokenRecord> {
    SQLite::Statement st(db, std::string("SELECT ") + kTokenColumns + " FROM api_token WHERE token_hash = ?");
    st.bind(1, token_hash);
    if (!st.executeStep()) return std::nullopt;
    return token_from_row(st);
  });
}

ApiTokenRecord TokenStore::create_api_token(const std::string& name, const std::string& scope,
                                            const std::string& token_hash) {
  limits::check_length("name", name, limits::kTokenName);
  return connections_.write([&](SQLite::Database& db) {
    SQLite::Statement exists(db, "SELECT 1 FROM api_token WHERE name = ?");
    exists.bind(1, name);
    if (exists.executeStep()) throw ConflictError("a token named '" + name + "' already exists");
    const std::string created_at = format_utc(std::chrono::system_clock::now());
    // The time as stored (milliseconds), so a record read back later compares equal.
    ApiTokenRecord r{0, name, scope, token_hash, parse_utc(created_at).value_or(TimePoint{})};
    SQLite::Statement st(db, "INSERT INTO api_token (name, scope, token_hash, created_at) VALUES (?,?,?,?)");
    st.bind(1, r.name);
    st.bind(2, r.scope);
    st.bind(3, r.token_hash);
    st.bind(4, created_at);
    st.exec();
    r.id = db.getLastInsertRowid();
    return r;
  });
}

void TokenStore::delete_api_token(const std::string& name_or_id) {
  connections_.write([&](SQLite::Database& db) {
    // A name wins over an id: revoking token "3" must never also revoke the token with id 3.
    SQLite::Statement by_name(db, "DELETE FROM api_token WHERE name = ?");
    by_name.bind(1, name_or_id);
    if (by_name.exec() > 0) return;
    SQLite::Statement by_id(db, "DELETE FROM api_token WHERE CAST(id AS TEXT) = ?");
    by_id.bind(1, name_or_id);
    if (by_id.exec() == 0) throw NotFoundError("no token named '" + name_or_id + "'");
  });
}

std::map<std::string, TimePoint> TokenStore::token_last_uses() const {
  return connections_.read([](SQLite::Database& db) {
    std::map<std::string, TimePoint> out;
    SQLite::Statement st(db, "SELECT name, last_used_at FROM api_token WHERE last_used_at IS NOT NULL");
    while (st.executeStep()) {
      if (auto t = parse_utc(st.getColumn(1).getString())) out.emplace(st.getColumn(0).getString(), *t);
    }
    return out;
  });
}

void TokenStore::record_token_uses(const std::map<std::string, TimePoint>& uses) {
  if (uses.empty()) return;
  connections_.write(
      [&](SQLite::Database& db) {
        // ISO 8601 UTC of one width compares as text in time order.
        SQLite::Statement st(db,
                             "UPDATE api_token SET last_used_at = ?1 WHERE name = ?2 "
                             "AND (last_used_at IS NULL OR last_used_at < ?1)");
        for (const auto& [name, at] : uses) {
          st.bind(1, format_utc(at));
          st.bind(2, name);
          st.exec();
          st.reset();
        }
      },
      /*counted=*/false);
}

}  // namespace kibridge::storage
