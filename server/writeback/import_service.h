// Importing a KiCad netlist into kibridge: read it, plan it against the local mirror, record
// it in the import history and, unless it is a dry run, queue its changes for InvenTree and
// show them in the mirror at once (one transaction, see WritebackStore::record_import).
//
// Used by POST /plugin/kicad-library-plugin/upload, POST /api/imports and `kibridge import`,
// so every entry point plans and queues the same way.
//
// Thread-safety: import_netlist may run on several threads at once against one Store; each
// import is planned and recorded atomically, but two concurrent imports of designs touching
// the same part are planned against the mirror as it was when each began.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/kicad/installed_libraries.h"
#include "server/netlist/import_report.h"
#include "storage/change_set.h"
#include "storage/store.h"

namespace kibridge::writeback {

struct ImportRequest {
  std::string xml;        // the uploaded bytes
  std::string file_name;  // as the client named it (informational), may be empty
  std::string actor;      // API token name, or "cli"
  bool dry_run = false;   // plan and record in the history, queue nothing
  // The KiCad libraries installed here, looked up in the folders the settings name; the report
  // lists the design's symbols and footprints they lack (ImportReport::not_installed). Null:
  // not checked. The first import may wait for the one scan of the folders (about a second).
  kicad::InstalledLibraries* installed_libraries = nullptr;
};

struct ImportLimits {
  std::size_t max_bytes = 64u * 1024u * 1024u;
  std::size_t max_components = 100000;
};

struct ImportOutcome {
  netlist::ImportReport report;
  storage::ImportRecord record;     // as stored (id, time, hash, summary)
  std::vector<int64_t> outbox_ids;  // entries queued, in order (empty for a dry run)
  storage::ChangeSet changes;       // what the mirror change touched: hand to the KiCad cache
};

// The netlist cannot be imported; nothing was recorded or queued.
class ImportError : public std::runtime_error {
 public:
  enum class Kind {
    kTooLarge,       // over ImportLimits::max_bytes (HTTP 413)
    kInvalidNetlist  // not a readable KiCad netlist (HTTP 422); what() says why
  };
  ImportError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

// Throws ImportError for unusable input and storage::StorageError when the database fails
// (nothing is recorded then either).
ImportOutcome import_netlist(storage::Store& store, const ImportRequest& request, const ImportLimits& limits = {});

// The JSON an API answers an import with: the report (netlist/import_report_format.h) plus
// "import": {"id", "created_at", "actor", "file_name", "sha256", "dry_run", "queued": int,
// "outbox_ids": [int]}.
nlohmann::json outcome_json(const ImportOutcome& outcome);

// The same as text, for `kibridge import` and the report file of `kibridge upload`: the
// import line, then netlist::to_text.
std::string outcome_text(const ImportOutcome& outcome);

// History rows as JSON objects ({"id", "created_at", "actor", "file_name", "sha256",
// "dry_run", "design_source", "queued", "summary": {...}}).
nlohmann::json import_record_json(const storage::ImportRecord& record);

}  // namespace kibridge::writeback
