#pragma once

// How the elements of a KiCad netlist map onto Netlist values: which element fills which text
// member, how <property> rows and <tstamps> text land in a Component. Both read paths of
// read_netlist() (the tinyxml2 one and the single-pass scanner, netlist_scanner.h) build through
// these functions, so that they cannot come to disagree about what an element means.
//
// Pure functions; thread-safe.

#include <string>
#include <string_view>

#include "server/netlist/netlist.h"

namespace kibridge::netlist {

// The member of `component` the text of its child element `element` goes into (<value>,
// <footprint>, <datasheet>, <description>), or nullptr when that element is not a text member.
std::string* component_text_member(Component& component, std::string_view element);

// The same for a <libpart>'s children (<description>, <docs>).
std::string* libpart_text_member(LibPart& part, std::string_view element);

// The same for <design>'s children (<source>, <date>, <tool>). Only the first of each is read.
std::string* design_text_member(Design& design, std::string_view element);

// True for <tstamps> (KiCad 6+) and <tstamp> (KiCad 5), whose text add_tstamps() takes.
bool is_tstamps_element(std::string_view element);

// Appends the UUIDs in `text` (separated by spaces, tabs or line breaks) to component.tstamps.
void add_tstamps(Component& component, std::string_view text);

// Appends a <property> row to component.properties and sets the flag a valueless one stands
// for (dnp, exclude_from_bom, ...); other properties set nothing.
void add_property(Component& component, Property property);

}  // namespace kibridge::netlist
