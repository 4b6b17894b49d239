// Store: kibridge's SQLite file — the InvenTree mirror and kibridge's own state — and the only
// place that speaks SQL. Opening a Store creates the file if needed, switches it to WAL and
// applies every pending migration from schema.sql.
//
// The Store owns the connections and hands out one interface per area, each with its contract
// in its own header:
//   mirror()         the InvenTree mirror: reads for KiCad and the planner, a pull's apply
//                    (mirror_store.h)
//   configuration()  KiCad categories, footprint mappings, settings (configuration_store.h)
//   tokens()         API tokens (token_store.h)
//   writeback()      netlist imports and the outbox to InvenTree (writeback_store.h)
//   sync_state()     the pull history and schedule (sync_state_store.h)
//   snapshot()       one consistent state of all of it for several reads (snapshot.h)
// Every area uses the one discipline of store_internal.h: reads go through a reader connection
// and writes through a separate writer connection, each behind its own mutex, so in WAL mode a
// long write (a pull from InvenTree) never blocks a read: readers see the last committed state
// until the write commits. Long scans and snapshots take a read-only connection from a small
// pool instead, so they hold up no other read.
//
// Thread-safety: a Store and its areas may be shared by any number of threads.
// Errors: every method throws StorageError (or a subclass, see errors.h for the policy) and
// leaves the file unchanged when it fails; a write either commits completely or not at all.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "storage/change_set.h"
#include "storage/configuration_store.h"
#include "storage/errors.h"
#include "storage/mirror_store.h"
#include "storage/records.h"
#include "storage/snapshot.h"
#include "storage/sync_state_store.h"
#include "storage/token_store.h"
#include "storage/writeback_records.h"
#include "storage/writeback_store.h"

namespace kibridge::storage {

class Connections;

class Store {
 public:
  // Opens or creates the database file at `path`. Throws StorageError when the file cannot be
  // opened, is not an SQLite database, or has a schema newer than this binary knows.
  explicit Store(const std::string& path);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  const std::string& path() const;
  int schema_version() const;

  // How many write transactions other connections (other processes, e.g. `kibridge import`
  // beside a running `kibridge serve`) committed to the file since the previous call, or
  // since the Store was opened. Commits through this Store never count, nor do writes of the
  // pull history (sync_state_store.h).
  int64_t commits_by_others();

  MirrorStore& mirror() { return *mirror_; }
  const MirrorStore& mirror() const { return *mirror_; }
  ConfigurationStore& configuration() { return *configuration_; }
  const ConfigurationStore& configuration() const { return *configuration_; }
  TokenStore& tokens() { return *tokens_; }
  const TokenStore& tokens() const { return *tokens_; }
  WritebackStore& writeback() { return *writeback_; }
  const WritebackStore& writeback() const { return *writeback_; }
  SyncStateStore& sync_state() { return *sync_state_; }
  const SyncStateStore& sync_state() const { return *sync_state_; }

  // The database as it is now, for several reads that must agree (snapshot.h).
  std::unique_ptr<Snapshot> snapshot() const;

 private:
  std::unique_ptr<Connections> connections_;
  std::unique_ptr<MirrorStore> mirror_;
  std::unique_ptr<ConfigurationStore> configuration_;
  std::unique_ptr<TokenStore> tokens_;
  std::unique_ptr<WritebackStore> writeback_;
  std::unique_ptr<SyncStateStore> sync_state_;
};

}  // namespace kibridge::storage
