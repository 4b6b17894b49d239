// Store: opening, migrating and the connection discipline (Connections). The record-level
// reads and writes live in the other storage/*.cc files, one per area.
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

// One read transaction on `db`; SQLite's exceptions become StorageError.
void read_transaction(SQLite::Database& db, const std::function<void(SQLite::Database&)>& fn) {
  try {
    SQLite::Transaction tx(db);
    fn(db);
    tx.commit();
  } catch (const SQLite::Exception& e) {
    throw StorageError(std::string("database read failed: ") + e.what());
  }
}

}  // namespace

Connections::Connections(const std::string& path) : path_(path) {
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

Connections::~Connections() = default;

void Connections::run(const std::function<void(SQLite::Database&)>& fn) const {
  std::lock_guard<std::mutex> lock(reader_mutex_);
  read_transaction(*reader_, fn);
}

void Connections::run_long(const std::function<void(SQLite::Database&)>& fn) const {
  auto db = lease();
  read_transaction(*db, fn);
  // A connection whose read failed (or whose `fn` threw) is closed rather than pooled.
  give_back(std::move(db));
}

std::unique_ptr<SQLite::Database> Connections::lease() const {
  {
    std::lock_guard<std::mutex> lock(pool_mutex_);
    if (!idle_.empty()) {
      auto db = std::move(idle_.back());
      idle_.pop_back();
      return db;
    }
  }
  try {
    auto db = std::make_unique<SQLite::Database>(path_, SQLite::OPEN_READONLY);
    db->setBusyTimeout(10000);
    return db;
  } catch (const SQLite::Exception& e) {
    throw StorageError(std::string("database read failed: ") + e.what());
  }
}

void Connections::give_back(std::unique_ptr<SQLite::Database> db) const noexcept {
  std::lock_guard<std::mutex> lock(pool_mutex_);
  if (idle_.size() < kMaxIdle) idle_.push_back(std::move(db));
}

int64_t Connections::commits_by_others() {
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

Store::Store(const std::string& path)
    : connections_(std::make_unique<Connections>(path)),
      mirror_(std::make_unique<MirrorStore>(*connections_)),
      configuration_(std::make_unique<ConfigurationStore>(*connections_)),
      tokens_(std::make_unique<TokenStore>(*connections_)),
      writeback_(std::make_unique<WritebackStore>(*connections_)),
      sync_state_(std::make_unique<SyncStateStore>(*connections_)) {}

Store::~Store() = default;

const std::string& Store::path() const { return connections_->path(); }

int64_t Store::commits_by_others() { return connections_->commits_by_others(); }

int Store::schema_version() const {
  return connections_->read([](SQLite::Database& db) { return db.execAndGet("PRAGMA user_version").getInt(); });
}

std::unique_ptr<Snapshot> Store::snapshot() const { return std::make_unique<Snapshot>(*connections_); }

}  // namespace kibridge::storage
