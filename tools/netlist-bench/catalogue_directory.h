#pragma once

// An in-memory PartDirectory over a list of parts, indexed by id, IPN and name so that a
// lookup costs what a database index lookup would, not a scan. Used by the netlist benchmark
// (over generated_catalogue()) and its test. Immutable after construction; safe to share
// between threads.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "server/netlist/part_directory.h"

namespace kibridge::netlist_bench {

class CatalogueDirectory : public netlist::PartDirectory {
 public:
  explicit CatalogueDirectory(std::vector<netlist::KnownPart> parts);

  std::optional<netlist::KnownPart> find_by_id(std::int64_t id) const override;
  std::vector<netlist::KnownPart> find_by_ipn(std::string_view ipn) const override;
  std::vector<netlist::KnownPart> find_by_name(std::string_view name) const override;

  std::size_t size() const { return parts_.size(); }

 private:
  std::vector<netlist::KnownPart> parts_;
  std::unordered_map<std::int64_t, std::size_t> by_id_;
  std::unordered_multimap<std::string, std::size_t> by_ipn_;  // empty IPNs are not indexed
  std::unordered_multimap<std::string, std::size_t> by_name_;
};

}  // namespace kibridge::netlist_bench
