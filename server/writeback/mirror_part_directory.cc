#include "server/writeback/mirror_part_directory.h"

#include "server/kicad/part_renderer.h"

namespace kibridge::writeback {

namespace {

std::optional<std::string> parameter_value(const storage::PartDetails& d, const FieldTarget& target) {
  if (!target.template_id) return std::nullopt;
  for (const auto& p : d.parameters) {
    if (p.template_id == *target.template_id) return p.data;
  }
  return std::nullopt;
}

}  // namespace

MirrorPartDirectory::MirrorPartDirectory(const storage::Snapshot& snapshot, WritebackTargets targets,
                                         const kicad::LibraryConfig& config)
    : mirror_(snapshot.mirror()),
      targets_(std::move(targets)),
      config_(config),
      mappings_(snapshot.configuration().footprint_mappings()) {}

netlist::KnownPart MirrorPartDirectory::known_part(const storage::PartDetails& d) const {
  netlist::KnownPart k;
  k.id = d.part.id;
  k.name = d.part.name;
  k.ipn = d.part.ipn;
  FieldTarget footprint = targets_.footprint;
  if (const auto* kcat = config_.defaults_for(d.part.category_id)) {
    if (kcat->footprint_parameter_template) {
      const int64_t id = *kcat->footprint_parameter_template;
      footprint = FieldTarget{};
      if (const auto* tpl = config_.template_by_id(id)) {
        footprint.enabled = true;
        footprint.template_id = tpl->id;
        footprint.template_name = tpl->name;
      } else {
        footprint.disabled_reason = "the part's KiCad category takes its footprint from parameter template " +
                                    std::to_string(id) + ", which does not exist";
      }
      footprint_targets_[d.part.id] = footprint;
      k.footprint_refused = footprint.enabled ? "" : footprint.disabled_reason;
    }
    for (const auto& m : mappings_) {
      if (m.kicad_category_id == kcat->id) k.footprint_mappings.emplace(m.parameter_value, m.kicad_footprint);
    }
  }
  k.footprint = parameter_value(d, footprint);
  k.symbol = parameter_value(d, targets_.symbol);
  k.reference = parameter_value(d, targets_.reference);
  // Attachments come ordered by id: the first datasheet with a link is the one served.
  for (const auto& a : d.attachments) {
    if (storage::is_datasheet_comment(a.comment) && !a.link.empty()) {
      k.datasheet = a.link;
      break;
    }
  }
  // What KiCad is served, from the renderer itself, for the drift report. The served name
  // only affects the top-level "name", not the fields.
  std::vector<std::string> ignored_warnings;
  const auto rendered = kicad::render_part_detail(d, config_, d.part.name, ignored_warnings);
  for (const auto& [name, field] : rendered.at("fields").items()) {
    k.served_fields.emplace_back(name, field.at("value").get<std::string>());
  }
  return k;
}

std::optional<netlist::KnownPart> MirrorPartDirectory::find_by_id(std::int64_t id) const {
  const auto details = mirror_.part_details(id);
  if (!details) return std::nullopt;
  return known_part(*details);
}

std::vector<netlist::KnownPart> MirrorPartDirectory::find_by_ipn(std::string_view ipn) const {
  return load(mirror_.part_ids_with_ipn(std::string(ipn)));
}

std::vector<netlist::KnownPart> MirrorPartDirectory::find_by_name(std::string_view name) const {
  return load(mirror_.part_ids_named(std::string(name)));
}

std::vector<netlist::KnownPart> MirrorPartDirectory::load(const std::vector<int64_t>& ids) const {
  std::vector<netlist::KnownPart> out;
  for (int64_t id : ids) {
    if (auto k = find_by_id(id)) out.push_back(std::move(*k));
  }
  return out;
}

}  // namespace kibridge::writeback
