#include "server/writeback/mirror_part_directory.h"

namespace kibridge::writeback {

namespace {

std::optional<std::string> parameter_value(const storage::PartDetails& d, const FieldTarget& target) {
  if (!target.template_id) return std::nullopt;
  for (const auto& p : d.parameters) {
    if (p.template_id == *target.template_id) return p.data;
  }
  return std::nullopt;
}

netlist::KnownPart known_part(const storage::PartDetails& d, const WritebackTargets& targets) {
  netlist::KnownPart k;
  k.id = d.part.id;
  k.name = d.part.name;
  k.ipn = d.part.ipn;
  k.footprint = parameter_value(d, targets.footprint);
  k.symbol = parameter_value(d, targets.symbol);
  k.reference = parameter_value(d, targets.reference);
  // Attachments come ordered by id: the first datasheet with a link is the one served.
  for (const auto& a : d.attachments) {
    if (storage::is_datasheet_comment(a.comment) && !a.link.empty()) {
      k.datasheet = a.link;
      break;
    }
  }
  return k;
}

}  // namespace

MirrorPartDirectory::MirrorPartDirectory(const storage::Store& store, WritebackTargets targets)
    : store_(store), targets_(std::move(targets)) {}

std::optional<netlist::KnownPart> MirrorPartDirectory::find_by_id(std::int64_t id) const {
  const auto details = store_.part_details(id);
  if (!details) return std::nullopt;
  return known_part(*details, targets_);
}

std::vector<netlist::KnownPart> MirrorPartDirectory::find_by_ipn(std::string_view ipn) const {
  return load(store_.part_ids_with_ipn(std::string(ipn)));
}

std::vector<netlist::KnownPart> MirrorPartDirectory::find_by_name(std::string_view name) const {
  return load(store_.part_ids_named(std::string(name)));
}

std::vector<netlist::KnownPart> MirrorPartDirectory::load(const std::vector<int64_t>& ids) const {
  std::vector<netlist::KnownPart> out;
  for (int64_t id : ids) {
    if (auto k = find_by_id(id)) out.push_back(std::move(*k));
  }
  return out;
}

}  // namespace kibridge::writeback
