// MirrorPartDirectory: the import planner's view of InvenTree (netlist::PartDirectory) over the
// local SQLite mirror. A part's current footprint, symbol and reference are its parameters of
// the templates the write-back targets name; its datasheet is the link of its first
// "datasheet" attachment, the one KiCad is served.
//
// Reads through the Store (so it sees queued write-back values too, which the mirror shows);
// each lookup is its own read, so a planning call over a mirror that a pull rewrites meanwhile
// may mix the two states, as any plan made just before a pull would. Thread-safety: as the
// Store; the object holds no mutable state.
#pragma once

#include "server/netlist/part_directory.h"
#include "server/writeback/writeback_targets.h"
#include "storage/store.h"

namespace kibridge::writeback {

class MirrorPartDirectory : public netlist::PartDirectory {
 public:
  // `store` must outlive the directory.
  MirrorPartDirectory(const storage::Store& store, WritebackTargets targets);

  std::optional<netlist::KnownPart> find_by_id(std::int64_t id) const override;
  std::vector<netlist::KnownPart> find_by_ipn(std::string_view ipn) const override;
  std::vector<netlist::KnownPart> find_by_name(std::string_view name) const override;

 private:
  std::vector<netlist::KnownPart> load(const std::vector<int64_t>& ids) const;

  const storage::Store& store_;
  WritebackTargets targets_;
};

}  // namespace kibridge::writeback
