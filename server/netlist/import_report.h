#pragma once

// The result of planning a netlist import: what happened to each component, and per matched
// InvenTree part which values would be written, which are already right, which are kept, and
// which the design contradicts itself about. Produced by plan_import() (import_plan.h), rendered
// by import_report_format.h, executed by whoever writes to InvenTree (only `changes` are meant
// to be written). Plain values.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/netlist/netlist.h"

namespace kibridge::netlist {

// The part metadata an import can write back.
enum class WritableField { kFootprint, kSymbol, kReference, kDatasheet };

// "footprint", "symbol", "reference", "datasheet": the names used in JSON and text.
std::string_view field_name(WritableField field);

enum class MatchMethod {
  kNone,
  kId,    // the identifier field ("InvenTree...") holds the part's primary key
  kIpn,   // the "IPN" field equals the part's IPN
  kName,  // name fallback: the identifier field's text equals the part's name
};

enum class ComponentStatus {
  kMatched,
  kUnmatched,  // could not be tied to exactly one part; `reason` says why
  kSkipped,    // power/virtual symbol, never a part; `reason` says why
};

std::string_view status_name(ComponentStatus status);  // "matched", "unmatched", "skipped"
std::string_view method_name(MatchMethod method);      // "none", "id", "ipn", "name"

struct ComponentReport {
  std::string ref;
  ComponentStatus status = ComponentStatus::kUnmatched;
  MatchMethod method = MatchMethod::kNone;
  std::optional<std::int64_t> part_id;
  std::string reason;  // empty when matched
  // DNP and exclusion flags. Flagged components still take part in the plan (they still carry
  // the designer's choice of footprint and symbol); the flags are shown so a reader can judge.
  ComponentFlags flags;
  // Things a reader should know even though the component matched, e.g. an IPN field that
  // disagrees with the matched part, or why an earlier way of matching did not work.
  std::vector<std::string> notes;
};

// One distinct value the design gives for a field, and the components that give it.
struct ValueSource {
  std::string value;
  std::vector<std::string> refs;
};

// Write `new_value` to `field`. old_value nullopt: InvenTree has no such parameter yet.
// For a footprint both are the stored form (KnownPart::footprint): new_value is the mapped
// parameter value when a footprint mapping of the part's KiCad category gives the design's
// footprint ("0805" for "Resistor_SMD:R_0805_2012Metric"), else the footprint itself.
struct PlannedChange {
  WritableField field = WritableField::kFootprint;
  std::optional<std::string> old_value;
  std::string new_value;
  std::vector<std::string> refs;
  std::string kicad_value;  // what KiCad is served once new_value is stored (after mappings)
};

// The design gives the part more than one value for the field; nothing is written for it.
struct FieldConflict {
  WritableField field = WritableField::kFootprint;
  std::optional<std::string> current;
  std::vector<ValueSource> values;  // at least two, in netlist order
};

struct UpToDate {
  WritableField field = WritableField::kFootprint;
  std::string value;
};

// InvenTree already has a different, non-empty value and overriding is off.
struct KeptExisting {
  WritableField field = WritableField::kFootprint;
  std::string current;
  std::string proposed;
  std::vector<std::string> refs;
};

// Values in the design that cannot be written back, e.g. a symbol placed from the kibridge HTTP
// library itself, a symbol with no library link, a datasheet that is not a URL.
struct IgnoredValue {
  WritableField field = WritableField::kFootprint;
  std::string reason;
  std::vector<std::string> refs;
};

struct PartReport {
  std::int64_t part_id = 0;
  std::string name;
  std::string ipn;
  std::vector<std::string> refs;  // matched components, netlist order
  std::vector<PlannedChange> changes;
  std::vector<FieldConflict> conflicts;
  std::vector<UpToDate> up_to_date;
  std::vector<KeptExisting> kept_existing;
  std::vector<IgnoredValue> ignored;
};

// A matched component whose schematic field differs from what kibridge serves for its part now
// (the design or the library is out of date). Reported only; nothing is written for it.
struct DriftEntry {
  std::string ref;
  std::int64_t part_id = 0;
  std::string field;            // the served field's name ("value", "footprint", "MPN", ...)
  std::string schematic_value;  // "" for KiCad's "~"
  std::string served_value;
};

// A symbol ("lib:part" of <libsource>) or footprint of the design that the KiCad libraries
// installed where kibridge runs do not have: KiCad on this machine would place an empty box or
// lose the footprint, and a part written back with it would be served a name KiCad cannot
// load. Reported only; nothing is refused for it.
struct NotInstalledName {
  std::string name;
  std::vector<std::string> refs;  // the design's components using it, netlist order
  bool queued = false;            // this import writes it to a part (a PlannedChange)
};

// nullopt: not checked, because no library of that kind is installed (or none was given).
struct NotInstalled {
  std::optional<std::vector<NotInstalledName>> symbols;     // first-use order
  std::optional<std::vector<NotInstalledName>> footprints;  // first-use order
};

struct ImportSummary {
  std::size_t components = 0;
  std::size_t matched = 0;
  std::size_t unmatched = 0;
  std::size_t skipped = 0;
  std::size_t parts = 0;
  std::size_t changes = 0;
  std::size_t conflicts = 0;
  std::size_t kept_existing = 0;
  std::size_t up_to_date = 0;
  std::size_t drift = 0;
  // Distinct names in NotInstalled; nullopt when that kind was not checked.
  std::optional<std::size_t> not_installed_symbols;
  std::optional<std::size_t> not_installed_footprints;
};

// The settings a report was planned with, echoed so a reader knows why values were kept.
struct PlanSettingsEcho {
  std::string id_field_prefix;
  bool name_fallback = false;
  bool override_existing = false;
  std::vector<std::string> http_library_nicknames;
};

struct ImportReport {
  std::string export_version;
  Design design;
  PlanSettingsEcho settings;
  std::vector<ComponentReport> components;  // netlist order
  std::vector<PartReport> parts;            // ascending part id
  std::vector<DriftEntry> drift;            // netlist order, then served field order
  NotInstalled not_installed;
  ImportSummary summary;
};

}  // namespace kibridge::netlist
