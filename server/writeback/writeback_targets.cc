#include "server/writeback/writeback_targets.h"

#include "server/util/ascii_text.h"
#include "storage/limits.h"

namespace kibridge::writeback {

namespace {

FieldTarget parameter_target(const char* setting, const std::string& configured, bool create_missing,
                             const std::vector<storage::ParameterTemplateRecord>& templates) {
  FieldTarget t;
  if (configured.empty()) {
    t.disabled_reason = std::string(setting) + " is not set, so kibridge does not know which parameter holds it";
    return t;
  }
  // As the renderer resolves it: an id first, then a name compared as InvenTree does
  // (case-insensitively).
  if (util::all_ascii_digits(configured)) {
    for (const auto& tpl : templates) {
      if (std::to_string(tpl.id) == configured) {
        t.enabled = true;
        t.template_id = tpl.id;
        t.template_name = tpl.name;
        return t;
      }
    }
  }
  const std::string wanted = util::ascii_lower(configured);
  for (const auto& tpl : templates) {
    if (util::ascii_lower(tpl.name) == wanted) {
      t.enabled = true;
      t.template_id = tpl.id;
      t.template_name = tpl.name;
      return t;
    }
  }
  if (util::all_ascii_digits(configured)) {
    t.disabled_reason = std::string(setting) + " names parameter template " + configured + ", which does not exist";
  } else if (!create_missing) {
    t.disabled_reason = std::string(setting) + " names parameter template '" + configured +
                        "', which does not exist; create it in InvenTree or set IMPORT_CREATE_MISSING_TEMPLATES";
  } else {
    t.enabled = true;
    t.template_name = configured;
  }
  return t;
}

}  // namespace

const FieldTarget& WritebackTargets::of(storage::WritebackField field) const {
  switch (field) {
    case storage::WritebackField::kFootprint: return footprint;
    case storage::WritebackField::kSymbol: return symbol;
    case storage::WritebackField::kReference: return reference;
    case storage::WritebackField::kDatasheet: return datasheet;
  }
  return footprint;
}

WritebackTargets writeback_targets(const kicad::KicadSettings& settings,
                                   const std::vector<storage::ParameterTemplateRecord>& templates) {
  WritebackTargets t;
  const bool create = settings.import_create_missing_templates;
  t.footprint = parameter_target("KICAD_FOOTPRINT_PARAMETER", settings.footprint_parameter, create, templates);
  t.symbol = parameter_target("KICAD_SYMBOL_PARAMETER", settings.symbol_parameter, create, templates);
  t.reference = parameter_target("KICAD_REFERENCE_PARAMETER", settings.reference_parameter, create, templates);
  t.datasheet.enabled = settings.import_add_datasheet;
  if (!t.datasheet.enabled) t.datasheet.disabled_reason = "KICAD_META_DATA_IMPORT_ADD_DATASHEET is off";
  return t;
}

storage::WritebackField to_storage_field(netlist::WritableField field) {
  switch (field) {
    case netlist::WritableField::kFootprint: return storage::WritebackField::kFootprint;
    case netlist::WritableField::kSymbol: return storage::WritebackField::kSymbol;
    case netlist::WritableField::kReference: return storage::WritebackField::kReference;
    case netlist::WritableField::kDatasheet: return storage::WritebackField::kDatasheet;
  }
  return storage::WritebackField::kFootprint;
}

std::array<netlist::FieldRule, 4> field_rules(const WritebackTargets& targets) {
  std::array<netlist::FieldRule, 4> rules;
  for (netlist::WritableField field : {netlist::WritableField::kFootprint, netlist::WritableField::kSymbol,
                                       netlist::WritableField::kReference, netlist::WritableField::kDatasheet}) {
    const storage::WritebackField stored = to_storage_field(field);
    const FieldTarget& target = targets.of(stored);
    netlist::FieldRule& rule = rules[static_cast<std::size_t>(field)];
    if (!target.enabled) rule.refused = target.disabled_reason;
    rule.max_characters = storage::limits::outbox_value_limit(stored);
    rule.holder = stored == storage::WritebackField::kDatasheet ? "a link" : "a parameter's data";
  }
  return rules;
}

std::vector<storage::OutboxChange> queue_changes(const netlist::ImportReport& report, const WritebackTargets& targets,
                                                 const PartFootprintTargets& footprint_targets) {
  std::vector<storage::OutboxChange> out;
  for (const auto& part : report.parts) {
    const auto own_footprint = footprint_targets.find(part.part_id);
    for (const auto& change : part.changes) {
      const FieldTarget& target = change.field == netlist::WritableField::kFootprint &&
                                          own_footprint != footprint_targets.end()
                                      ? own_footprint->second
                                      : targets.of(to_storage_field(change.field));
      storage::OutboxChange c;
      c.part_id = part.part_id;
      c.field = to_storage_field(change.field);
      c.template_id = target.template_id;
      c.template_name = target.template_name;
      c.old_value = change.old_value;
      c.new_value = change.new_value;
      out.push_back(std::move(c));
    }
  }
  return out;
}

}  // namespace kibridge::writeback
