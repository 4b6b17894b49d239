// Where each write-back field goes in InvenTree, from the settings: footprint, symbol and
// reference into the parameter templates KICAD_*_PARAMETER name (by id or by name), the
// datasheet into the part's "datasheet" link attachment when
// KICAD_META_DATA_IMPORT_ADD_DATASHEET is on. Pure; plain values.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "server/kicad/settings.h"
#include "server/netlist/import_plan.h"
#include "server/netlist/import_report.h"
#include "storage/records.h"
#include "storage/writeback_records.h"

namespace kibridge::writeback {

struct FieldTarget {
  bool enabled = false;
  std::string disabled_reason;         // when !enabled: why nothing is written for the field
  std::optional<int64_t> template_id;  // the mirror's template; nullopt: create it (by name)
  std::string template_name;           // the template's name, as configured or as mirrored
};

struct WritebackTargets {
  FieldTarget footprint, symbol, reference, datasheet;

  const FieldTarget& of(storage::WritebackField field) const;
};

// A parameter field is enabled when its setting names a template the mirror has, or names
// one by name that does not exist yet while IMPORT_CREATE_MISSING_TEMPLATES is on.
WritebackTargets writeback_targets(const kicad::KicadSettings& settings,
                                   const std::vector<storage::ParameterTemplateRecord>& templates);

// Per part, a footprint target other than WritebackTargets::footprint (the part's KiCad
// category names its own footprint template; see MirrorPartDirectory).
using PartFootprintTargets = std::map<int64_t, FieldTarget>;

storage::WritebackField to_storage_field(netlist::WritableField field);

// What the planner may write, per field (netlist::ImportSettings::fields): a field that is not
// enabled is refused with its reason, and each takes at most what InvenTree holds there
// (storage::limits::outbox_value_limit). A part whose KiCad category names its own footprint
// template gets its footprint rule from the part directory (KnownPart::footprint_refused).
std::array<netlist::FieldRule, 4> field_rules(const WritebackTargets& targets);

// Turns the final report's planned changes (planned with field_rules(targets)) into outbox
// changes, in report order (ascending part, then field), each with its target's template.
std::vector<storage::OutboxChange> queue_changes(const netlist::ImportReport& report, const WritebackTargets& targets,
                                                 const PartFootprintTargets& footprint_targets = {});

}  // namespace kibridge::writeback
