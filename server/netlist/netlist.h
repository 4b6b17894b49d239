#pragma once

// In-memory form of KiCad's intermediate netlist XML (the file `kicad-cli sch export netlist
// --format kicadxml` writes and the BOM dialog hands to plugins as %I), export versions "D"
// (KiCad 5) and "E" (KiCad 6 to 10). Only what kibridge needs is kept: the design header, the
// components and the library parts. Nets are not read.
//
// Plain values, no behaviour beyond lookups; safe to copy and to share read-only between threads.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kibridge::netlist {

// One <field name="...">text</field>. KiCad 8+ writes empty user fields too, and appends the
// Footprint, Datasheet and Description fields to every component's list.
struct Field {
  std::string name;
  std::string value;

  bool operator==(const Field&) const = default;
};

// One <property name="..." value="..."/> (KiCad 6+). KiCad writes its boolean flags (dnp,
// exclude_from_bom, ...) as properties without a value attribute; a user field that happens to
// have the same name always carries a value (possibly empty), which is how the two are told apart.
struct Property {
  std::string name;
  std::optional<std::string> value;  // nullopt: valueless flag property

  bool operator==(const Property&) const = default;
};

// <libsource lib=".." part=".." description=".."/>: the library link of the placed symbol.
// `lib` is empty when the symbol is not linked to a library (KiCad writes e.g. part="LED_1").
struct LibSource {
  std::string lib;
  std::string part;
  std::string description;

  bool operator==(const LibSource&) const = default;
};

// KiCad's valueless flag properties of a component. In a BOM export (%I) excluded-from-BOM
// components are already absent; in a netlist export they are present with the flag.
struct ComponentFlags {
  bool dnp = false;                     // KiCad 7+
  bool exclude_from_bom = false;        // KiCad 6+
  bool exclude_from_board = false;      // KiCad 6+
  bool exclude_from_sim = false;        // not written by KiCad <= 9; accepted when present
  bool exclude_from_pos_files = false;  // KiCad 10+

  bool operator==(const ComponentFlags&) const = default;
};

struct Component {
  std::string ref;                   // e.g. "R12"; multi-unit symbols appear once
  std::string value;                 // "~" when the symbol's value is empty
  std::string footprint;             // empty when absent
  std::string datasheet;             // empty when absent; often "~" meaning "none"
  std::string description;           // KiCad 8+, empty when absent
  std::vector<Field> fields;         // document order (all <fields> children), empty values kept
  std::vector<Property> properties;  // direct <property> children, document order
  std::optional<LibSource> libsource;
  std::string sheet_names;    // <sheetpath names="/Sub/">
  std::string sheet_tstamps;  // <sheetpath tstamps="/uuid/">
  // Symbol UUIDs: <tstamps> split on spaces (multi-unit: other units first, primary last), or
  // the single 8-hex-digit <tstamp> of KiCad 5.
  std::vector<std::string> tstamps;
  ComponentFlags flags;

  // First field whose name equals `name` ignoring ASCII case; nullptr if none.
  const Field* find_field(std::string_view name) const;

  bool operator==(const Component&) const = default;
};

// <libpart lib=".." part="..">: one per distinct library symbol used.
struct LibPart {
  std::string lib;
  std::string part;
  std::string description;
  std::string docs;  // the library symbol's datasheet, empty when absent
  std::vector<std::string> footprint_filters;
  std::vector<Field> fields;  // Reference, Value, ... as defined in the library

  bool operator==(const LibPart&) const = default;
};

struct Design {
  std::string source;  // path of the root schematic
  std::string date;    // locale text (<= 7) or ISO 8601 (8+), verbatim
  std::string tool;    // e.g. "Eeschema 9.0.7"

  bool operator==(const Design&) const = default;
};

struct Netlist {
  std::string export_version;  // <export version="...">: "D" or "E"
  Design design;
  std::vector<Component> components;  // document order
  std::vector<LibPart> libparts;      // document order

  bool operator==(const Netlist&) const = default;
};

}  // namespace kibridge::netlist
