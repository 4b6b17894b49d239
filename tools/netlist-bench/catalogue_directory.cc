#include "tools/netlist-bench/catalogue_directory.h"

#include <utility>

namespace kibridge::netlist_bench {
namespace {

std::vector<netlist::KnownPart> collect(const std::vector<netlist::KnownPart>& parts,
                                        const std::unordered_multimap<std::string, std::size_t>& index,
                                        std::string_view key) {
  std::vector<netlist::KnownPart> found;
  auto [begin, end] = index.equal_range(std::string(key));
  for (auto it = begin; it != end; ++it) found.push_back(parts[it->second]);
  return found;
}

}  // namespace

CatalogueDirectory::CatalogueDirectory(std::vector<netlist::KnownPart> parts) : parts_(std::move(parts)) {
  for (std::size_t i = 0; i < parts_.size(); ++i) {
    by_id_.emplace(parts_[i].id, i);
    if (!parts_[i].ipn.empty()) by_ipn_.emplace(parts_[i].ipn, i);
    by_name_.emplace(parts_[i].name, i);
  }
}

std::optional<netlist::KnownPart> CatalogueDirectory::find_by_id(std::int64_t id) const {
  auto it = by_id_.find(id);
  if (it == by_id_.end()) return std::nullopt;
  return parts_[it->second];
}

std::vector<netlist::KnownPart> CatalogueDirectory::find_by_ipn(std::string_view ipn) const {
  return collect(parts_, by_ipn_, ipn);
}

std::vector<netlist::KnownPart> CatalogueDirectory::find_by_name(std::string_view name) const {
  return collect(parts_, by_name_, name);
}

}  // namespace kibridge::netlist_bench
