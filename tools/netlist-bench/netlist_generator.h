#pragma once

// Generates KiCad 9 style intermediate netlists (export version "E", the file `kicad-cli sch
// export netlist --format kicadxml` writes) of any size, and the InvenTree catalogue they are
// planned against. Used by the netlist benchmark (netlist-bench) and its test.
//
// A design of N components is spread over N/250 hierarchical sheets and holds, drawn at random
// from fixed shares: resistors, capacitors, inductors, diodes, single-unit ICs, multi-unit ICs
// (one <comp> with one tstamp per unit, as KiCad writes them), connectors, test points,
// mounting holes and power symbols ("#PWR", library "power"; KiCad itself leaves those out of
// its exports, they are in so the planner's skip rule is exercised). Every component has the
// full KiCad 9 set of <fields>, <property> rows, <sheetpath> and <tstamps>; <libparts>,
// <libraries> and <nets> (every pin on a net) follow, so the file has the size and shape of a
// real export.
//
// How each component identifies its part (the counts are returned):
//   - "InvenTree" field holding a catalogue id (some also carry the matching "IPN" field);
//     some of these are placed from the HTTP library (libsource lib "InvenTree", part = the
//     part's name);
//   - "InvenTree" field empty, "IPN" field holding a catalogue part's IPN;
//   - an id beyond the catalogue, or an IPN no part has (unmatched);
//   - connectors, test points and holes with no identifier at all (unmatched).
//
// Deterministic: the same options give the same bytes on every platform (own generator, no
// std distributions). The catalogue depends only on the component count, not on the seed, so a
// benchmark can rebuild it from a netlist file alone. Pure functions; thread-safe.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "server/netlist/part_directory.h"

namespace kibridge::netlist_bench {

struct GeneratorOptions {
  std::size_t components = 10000;  // at least 1
  std::uint64_t seed = 1;
};

// What went into a generated design. by_id + by_ipn components match; unknown_id, unknown_ipn
// and no_identifier do not; power ones are skipped. The three groups add up to `components`.
struct GeneratedCounts {
  std::size_t components = 0;
  std::size_t power = 0;           // "#PWR.." refs from library "power"
  std::size_t by_id = 0;           // "InvenTree" field = a catalogue part id
  std::size_t by_ipn = 0;          // "InvenTree" field empty, "IPN" field = a catalogue part's IPN
  std::size_t unknown_id = 0;      // "InvenTree" field = an id no catalogue part has
  std::size_t unknown_ipn = 0;     // "IPN" field = an IPN no catalogue part has
  std::size_t no_identifier = 0;   // neither field has a value
  std::size_t http_library = 0;    // placed from the HTTP library "InvenTree" (all also by_id)
  std::size_t multi_unit = 0;      // symbols with more than one unit
  std::size_t dnp = 0;             // carrying <property name="dnp"/>
  std::size_t distinct_parts = 0;  // distinct catalogue parts the matching components name
  std::size_t libparts = 0;
  std::size_t nets = 0;
};

struct GeneratedNetlist {
  std::string xml;
  GeneratedCounts counts;
};

GeneratedNetlist generate_netlist(const GeneratorOptions& options);

// Number of parts in the catalogue a design of `components` components is generated against:
// ids 1 to catalogue_size(components).
std::size_t catalogue_size(std::size_t components);

// That catalogue: every part with a name, an IPN ("IPN-" and the id in six digits) and current
// footprint / symbol / reference / datasheet values that are, depending on the part, absent,
// empty, equal to what the design proposes, or different from it.
std::vector<netlist::KnownPart> generated_catalogue(std::size_t components);

}  // namespace kibridge::netlist_bench
