#pragma once

// In-memory PartDirectory for the netlist tests; counts lookups so tests can check that the
// planner asks for each key once.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/netlist/part_directory.h"

namespace kibridge::netlist::testing {

class FakePartDirectory : public PartDirectory {
 public:
  FakePartDirectory& add(KnownPart part) {
    parts_[part.id] = std::move(part);
    return *this;
  }

  std::optional<KnownPart> find_by_id(std::int64_t id) const override {
    ++lookups;
    auto it = parts_.find(id);
    if (it == parts_.end()) return std::nullopt;
    return it->second;
  }

  std::vector<KnownPart> find_by_ipn(std::string_view ipn) const override {
    ++lookups;
    std::vector<KnownPart> found;
    for (const auto& [id, part] : parts_) {
      if (part.ipn == ipn) found.push_back(part);
    }
    return found;
  }

  std::vector<KnownPart> find_by_name(std::string_view name) const override {
    ++lookups;
    std::vector<KnownPart> found;
    for (const auto& [id, part] : parts_) {
      if (part.name == name) found.push_back(part);
    }
    return found;
  }

  mutable int lookups = 0;

 private:
  std::map<std::int64_t, KnownPart> parts_;
};

}  // namespace kibridge::netlist::testing
