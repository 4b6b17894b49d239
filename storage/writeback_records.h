// Records of the write-back path: netlist imports (history) and the outbox of changes waiting
// to reach InvenTree (tables import_run, outbox and outbox_pause of migration 3). Plain values.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kibridge::storage {

using Clock = std::chrono::system_clock;

// The part metadata the write-back path can change. Footprint, symbol and reference live in
// parameters (the templates the KICAD_*_PARAMETER settings name); the datasheet is the link of
// the part's attachment whose comment is "datasheet".
enum class WritebackField { kFootprint, kSymbol, kReference, kDatasheet };
std::string_view to_string(WritebackField field);  // "footprint", "symbol", ...
std::optional<WritebackField> writeback_field_from_string(std::string_view text);

enum class OutboxState { kPending, kConflict, kFailed, kDone, kDropped };
std::string_view to_string(OutboxState state);  // "pending", "conflict", ...
std::optional<OutboxState> outbox_state_from_string(std::string_view text);

struct ImportRecord {
  int64_t id = 0;  // assigned by the store
  Clock::time_point created_at;
  std::string actor;  // API token name, or "cli"
  std::string file_name;
  std::string content_sha256;  // hex, of the uploaded bytes
  bool dry_run = false;
  std::string design_source;  // the netlist's <design><source>
  std::string summary_json;   // the report's summary object
  int64_t queued = 0;         // outbox entries the import appended
};

// A change an import asks for, before it is queued.
struct OutboxChange {
  int64_t part_id = 0;
  WritebackField field = WritebackField::kFootprint;
  // The InvenTree parameter template (not used for the datasheet). template_id is nullopt when
  // the configured template does not exist yet; the pusher then finds or creates it by
  // template_name, and the mirror shows the value once a pull brings the template.
  std::optional<int64_t> template_id;
  std::string template_name;
  std::optional<std::string> old_value;  // nullopt: InvenTree has no value
  std::string new_value;
};

struct OutboxEntry {
  int64_t id = 0;
  std::optional<int64_t> import_id;
  OutboxChange change;
  OutboxState state = OutboxState::kPending;
  int attempts = 0;  // sends tried: one per push that settled the entry (written, failed, retried later)
  std::optional<Clock::time_point> next_attempt_at;
  std::string last_error;
  std::optional<std::string> remote_value;  // conflict: what InvenTree holds
  Clock::time_point created_at;
  Clock::time_point updated_at;
  std::optional<Clock::time_point> settled_at;  // when it became done / dropped
};

// What one push attempt concluded about an entry (Store::settle_outbox_entry).
struct OutboxOutcome {
  OutboxState state = OutboxState::kPending;
  // kPending: retry not before this time (a transient failure). Every outcome counts an attempt.
  std::optional<Clock::time_point> next_attempt_at;
  std::string error;                        // kPending (transient) and kFailed: why
  std::optional<std::string> remote_value;  // kConflict
  // The template the pusher found or created for an entry that had none.
  std::optional<int64_t> template_id;
};

struct OutboxPause {
  std::string reason;
  Clock::time_point paused_at;
};

}  // namespace kibridge::storage
