// Snapshot: one read transaction on a pooled connection, begun at construction.
#include "storage/snapshot.h"

#include "storage/store_internal.h"

namespace kibridge::storage {

// The reads of the area readers, run on the snapshot's connection inside its transaction.
class Snapshot::Source : public ReadSource {
 public:
  explicit Source(SQLite::Database& db) : db_(db) {}
  void run(const std::function<void(SQLite::Database&)>& fn) const override {
    std::lock_guard<std::mutex> lock(mutex_);
    try {
      fn(db_);
    } catch (const SQLite::Exception& e) {
      throw StorageError(std::string("database read failed: ") + e.what());
    }
  }
  void run_long(const std::function<void(SQLite::Database&)>& fn) const override { run(fn); }

 private:
  SQLite::Database& db_;
  mutable std::mutex mutex_;
};

Snapshot::Snapshot(const Connections& connections)
    : connections_(connections),
      db_(connections.lease()),
      transaction_([this] {
        try {
          auto tx = std::make_unique<SQLite::Transaction>(*db_);
          // SQLite starts a read transaction at its first read, not at BEGIN: read now, so the
          // snapshot is the state at construction.
          db_->execAndGet("SELECT value FROM store_generation");
          return tx;
        } catch (const SQLite::Exception& e) {
          throw StorageError(std::string("cannot start a consistent read: ") + e.what());
        }
      }()),
      source_(std::make_unique<Source>(*db_)),
      mirror_(*source_),
      configuration_(*source_),
      sync_state_(*source_) {}

Snapshot::~Snapshot() {
  // Ends the read transaction (a rollback: nothing was written), then pools the connection.
  transaction_.reset();
  connections_.give_back(std::move(db_));
}

}  // namespace kibridge::storage
