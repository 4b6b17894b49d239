// Store: opening, migrating and the connection discipline. The record-level reads and writes
// live in the other storage/*.cc files, one per area.
#include "storage/store.h"

#include <SQLiteCpp/SQLiteCpp.h>

#include <filesystem>

#include "storage/schema.h"
#include "storage/store_internal.h"

namespace kibridge::storage {

namespace {

std::unique_ptr<SQLite::Database> open_connection(const std::string& path) {
  auto db = std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  // A writer waits for another process's write (a CLI `token create` beside a running
  // server) instead of failing at once.
  db->setBusyTimeout(10000);
  db->exec("PRAGMA foreign_keys = ON");
  db->exec("PRAGMA synchronous = NORMAL");  // durable in WAL mode across application crashes
  // Room for a whole pull's dirty pages: a smaller cache spills them to the WAL mid-transaction.
  db->exec("PRAGMA cache_size = -32768");
  return db;
}

void migrate(SQLite::Database& db) {
  const int current = db.execAndGet("PRAGMA user_version").getInt();
  const auto migrations = parse_migrations(kSchemaSql);
  if (current > static_cast<int>(migrations.size())) {
    throw StorageError("database schema version " + std::to_string(current) +
                       " is newer than this kibridge understands (" + std::to_string(migrations.size()) +
                       "); upgrade kibridge");
  }
  for (const auto& m : migrations) {
    if (m.version <= current) continue;
    SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
    db.exec(m.sql);
    db.exec("PRAGMA user_version = " + std::to_string(m.version));
    tx.commit();
  }
}

}  // namespace

Store::Store(const std::string& path) : path_(path) {
  // SQLite says only "unable to open database file"; say what is wrong with the path instead.
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw StorageError("cannot open database '" + path + "': it is a directory; give a file in it, e.g. " +
                       (std::filesystem::path(path) / "kibridge.sqlite").string());
  }
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty() && !std::filesystem::exists(parent, ec)) {
    throw StorageError("cannot open database '" + path + "': the folder " + parent.string() +
                       " does not exist; create it first (mkdir -p " + parent.string() + ")");
  }
  try {
    writer_ = open_connection(path);
    // Fails with "file is not a database" for a non-SQLite file before anything is written.
    writer_->exec("PRAGMA journal_mode = WAL");
    migrate(*writer_);
    seen_generation_ = writer_->execAndGet("SELECT value FROM store_generation").getInt64();
    reader_ = open_connection(path);
  } catch (const SQLite::Exception& e) {
    throw StorageError("cannot open database '" + path + "': " + e.what());
  }
}

Store::~Store() = default;

int64_t Store::commits_by_others() {
  std::lock_guard<std::mutex> lock(writer_mutex_);
  try {
    const int64_t generation = writer_->execAndGet("SELECT value FROM store_generation").getInt64();
    const int64_t others = generation - seen_generation_ - own_commits_;
    seen_generation_ = generation;
    own_commits_ = 0;
    return others > 0 ? others : 0;
  } catch (const SQLite::Exception& e) {
    throw StorageError(std::string("database read failed: ") + e.what());
  }
}

int Store::schema_version() const {
  return read([](SQLite::Database& db) { return db.execAndGet("PRAGMA user_version").getInt(); });
}

}  // namespace kibridge::storage
