#include "server/netlist/netlist_building.h"

#include <utility>

namespace kibridge::netlist {
namespace {

bool is_separator(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

void apply_flag(const Property& property, ComponentFlags& flags) {
  if (property.value.has_value()) return;
  const std::string& name = property.name;
  if (name == "dnp") {
    flags.dnp = true;
  } else if (name == "exclude_from_bom") {
    flags.exclude_from_bom = true;
  } else if (name == "exclude_from_board") {
    flags.exclude_from_board = true;
  } else if (name == "exclude_from_sim") {
    flags.exclude_from_sim = true;
  } else if (name == "exclude_from_pos_files") {
    flags.exclude_from_pos_files = true;
  }
}

}  // namespace

std::string* component_text_member(Component& component, std::string_view element) {
  if (element == "value") return &component.value;
  if (element == "footprint") return &component.footprint;
  if (element == "datasheet") return &component.datasheet;
  if (element == "description") return &component.description;
  return nullptr;
}

std::string* libpart_text_member(LibPart& part, std::string_view element) {
  if (element == "description") return &part.description;
  if (element == "docs") return &part.docs;
  return nullptr;
}

std::string* design_text_member(Design& design, std::string_view element) {
  if (element == "source") return &design.source;
  if (element == "date") return &design.date;
  if (element == "tool") return &design.tool;
  return nullptr;
}

bool is_tstamps_element(std::string_view element) { return element == "tstamps" || element == "tstamp"; }

void add_tstamps(Component& component, std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_separator(text[i])) ++i;
    const std::size_t start = i;
    while (i < text.size() && !is_separator(text[i])) ++i;
    if (i > start) component.tstamps.emplace_back(text.substr(start, i - start));
  }
}

void add_property(Component& component, Property property) {
  apply_flag(property, component.flags);
  component.properties.push_back(std::move(property));
}

}  // namespace kibridge::netlist
