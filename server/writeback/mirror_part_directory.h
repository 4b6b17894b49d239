// MirrorPartDirectory: the import planner's view of InvenTree (netlist::PartDirectory) over the
// local SQLite mirror. A part's current footprint, symbol and reference are its parameters of
// the templates the write-back targets name; its datasheet is the link of its first
// "datasheet" attachment, the one KiCad is served.
//
// The footprint follows the renderer's precedence (kicad/part_renderer.h, as the InvenTree
// plugin renders it), so an import writes it where KiCad reads it: when the part's
// KiCad category (the deepest selected one) has a footprint_parameter_template, KiCad is
// served that template's value and never KICAD_FOOTPRINT_PARAMETER's, so that template is the
// part's footprint target (footprint_targets()); the category's footprint mappings come along
// (KnownPart::footprint_mappings) so the planner compares and writes in KiCad's terms.
//
// KnownPart::served_fields are the fields the renderer (kicad/part_renderer.h) serves for the
// part with `config`, for the import's drift report.
//
// Reads one Snapshot of the store (so it sees queued write-back values too, which the mirror
// shows): every lookup of a planning call, and the configuration the caller read from the same
// snapshot, agree however a pull rewrites the mirror meanwhile. Thread-safety: one thread
// (lookups record footprint targets).
#pragma once

#include "server/kicad/library_config.h"
#include "server/netlist/part_directory.h"
#include "server/writeback/writeback_targets.h"
#include "storage/store.h"

namespace kibridge::writeback {

class MirrorPartDirectory : public netlist::PartDirectory {
 public:
  // `snapshot` and `config` (the library configuration read from that snapshot,
  // kicad::read_library_config) must outlive the directory.
  MirrorPartDirectory(const storage::Snapshot& snapshot, WritebackTargets targets, const kicad::LibraryConfig& config);

  std::optional<netlist::KnownPart> find_by_id(std::int64_t id) const override;
  std::vector<netlist::KnownPart> find_by_ipn(std::string_view ipn) const override;
  std::vector<netlist::KnownPart> find_by_name(std::string_view name) const override;

  // The footprint target of every part looked up so far whose KiCad category names its own
  // footprint template; parts not listed use WritebackTargets::footprint. For queue_changes.
  const PartFootprintTargets& footprint_targets() const { return footprint_targets_; }

 private:
  std::vector<netlist::KnownPart> load(const std::vector<int64_t>& ids) const;

  netlist::KnownPart known_part(const storage::PartDetails& d) const;

  const storage::MirrorReader& mirror_;
  WritebackTargets targets_;
  const kicad::LibraryConfig& config_;
  const std::vector<storage::FootprintMappingRecord> mappings_;  // every KiCad category's
  // Filled by lookups; the directory is used by one planning call on one thread.
  mutable PartFootprintTargets footprint_targets_;
};

}  // namespace kibridge::writeback
