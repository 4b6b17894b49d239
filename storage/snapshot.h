// Snapshot: one consistent state of the whole database, for a reader that makes several reads
// and must not mix two states (Library::load, the import planner). Every read through it sees
// the database as it was when Store::snapshot() returned; writes committed later, by this
// process or another, are not seen. LevelDB's GetSnapshot, in SQLite terms: one WAL read
// transaction on a read-only connection of the Store's pool, held until the Snapshot is
// destroyed.
//
// Holding a snapshot never blocks a writer or another reader, but it keeps the WAL from being
// checkpointed past it: hold one for one task (a load, a plan), not for the life of a server.
//
// Ownership: the caller owns the Snapshot; it must not outlive the Store it came from.
// Thread-safety: any number of threads; reads are serialised on an internal mutex.
// Errors: reads throw StorageError (errors.h).
#pragma once

#include <memory>
#include <mutex>

#include "storage/configuration_store.h"
#include "storage/mirror_store.h"
#include "storage/sync_state_store.h"

namespace SQLite {
class Database;
class Transaction;
}  // namespace SQLite

namespace kibridge::storage {

class Connections;

class Snapshot {
 public:
  // Use Store::snapshot(). Throws StorageError when no read transaction can be started.
  explicit Snapshot(const Connections& connections);
  ~Snapshot();
  Snapshot(const Snapshot&) = delete;
  Snapshot& operator=(const Snapshot&) = delete;

  const MirrorReader& mirror() const { return mirror_; }
  const ConfigurationReader& configuration() const { return configuration_; }
  const SyncStateReader& sync_state() const { return sync_state_; }

 private:
  class Source;

  const Connections& connections_;
  std::unique_ptr<SQLite::Database> db_;
  std::unique_ptr<SQLite::Transaction> transaction_;
  std::unique_ptr<Source> source_;
  MirrorReader mirror_;
  ConfigurationReader configuration_;
  SyncStateReader sync_state_;
};

}  // namespace kibridge::storage
