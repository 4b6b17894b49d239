// API tokens: only their hashes are stored.
#include <chrono>
#include <cstdio>

#include "server/util/utc_calendar.h"
#include "storage/limits.h"
#include "storage/store_internal.h"

namespace kibridge::storage {

namespace {
std::string utc_now_iso8601() {
  const util::UtcFields f = util::utc_fields(std::chrono::system_clock::now());
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", f.year, f.month, f.day, f.hour, f.minute, f.second);
  return buf;
}
}  // namespace

std::vector<ApiTokenRecord> Store::api_tokens() const {
  return read([](SQLite::Database& db) {
    std::vector<ApiTokenRecord> out;
    SQLite::Statement st(db, "SELECT id, name, scope, token_hash, created_at FROM api_token ORDER BY id");
    while (st.executeStep()) {
      out.push_back({st.getColumn(0).getInt64(), st.getColumn(1).getString(), st.getColumn(2).getString(),
                     st.getColumn(3).getString(), st.getColumn(4).getString()});
    }
    return out;
  });
}

std::optional<ApiTokenRecord> Store::api_token_with_hash(const std::string& token_hash) const {
  return read([&](SQLite::Database& db) -> std::optional<ApiTokenRecord> {
    SQLite::Statement st(db, "SELECT id, name, scope, token_hash, created_at FROM api_token WHERE token_hash = ?");
    st.bind(1, token_hash);
    if (!st.executeStep()) return std::nullopt;
    return ApiTokenRecord{st.getColumn(0).getInt64(), st.getColumn(1).getString(), st.getColumn(2).getString(),
                          st.getColumn(3).getString(), st.getColumn(4).getString()};
  });
}

ApiTokenRecord Store::create_api_token(const std::string& name, const std::string& scope,
                                       const std::string& token_hash) {
  limits::check_length("name", name, limits::kTokenName);
  return write([&](SQLite::Database& db) {
    SQLite::Statement exists(db, "SELECT 1 FROM api_token WHERE name = ?");
    exists.bind(1, name);
    if (exists.executeStep()) throw ConflictError("a token named '" + name + "' already exists");
    ApiTokenRecord r{0, name, scope, token_hash, utc_now_iso8601()};
    SQLite::Statement st(db, "INSERT INTO api_token (name, scope, token_hash, created_at) VALUES (?,?,?,?)");
    st.bind(1, r.name);
    st.bind(2, r.scope);
    st.bind(3, r.token_hash);
    st.bind(4, r.created_at);
    st.exec();
    r.id = db.getLastInsertRowid();
    return r;
  });
}

void Store::delete_api_token(const std::string& name_or_id) {
  write([&](SQLite::Database& db) {
    // A name wins over an id: revoking token "3" must never also revoke the token with id 3.
    SQLite::Statement by_name(db, "DELETE FROM api_token WHERE name = ?");
    by_name.bind(1, name_or_id);
    if (by_name.exec() > 0) return;
    SQLite::Statement by_id(db, "DELETE FROM api_token WHERE CAST(id AS TEXT) = ?");
    by_id.bind(1, name_or_id);
    if (by_id.exec() == 0) throw NotFoundError("no token named '" + name_or_id + "'");
  });
}

}  // namespace kibridge::storage
