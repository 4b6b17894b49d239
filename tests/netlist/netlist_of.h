// Shared by the import tests: a netlist of the given components, as KiCad's current exporter
// (version "E") would give them to plan_import().
#pragma once

#include <utility>
#include <vector>

#include "server/netlist/netlist.h"

namespace kibridge::testing {

inline netlist::Netlist netlist_of(std::vector<netlist::Component> components) {
  netlist::Netlist netlist;
  netlist.export_version = "E";
  netlist.components = std::move(components);
  return netlist;
}

}  // namespace kibridge::testing
