#pragma once

// Reads KiCad's intermediate netlist XML (export versions "D" and "E", KiCad 5 to 10) into a
// Netlist. Pure: no I/O, no global state; safe to call from several threads at once.
//
// Refused, with a message that names the problem (and the line when the XML parser knows it):
//   - a body larger than ReadLimits::max_bytes (checked before parsing),
//   - malformed or truncated XML, invalid UTF-8, NUL bytes, nesting deeper than the XML parser
//     allows,
//   - any DOCTYPE declaration (so no DTD, no entity definitions: entity expansion attacks
//     cannot happen, and tinyxml2 would not expand custom entities anyway),
//   - XML that is not a KiCad netlist: root element not <export>, or no <components>,
//   - a <comp> without a ref attribute,
//   - more components than ReadLimits::max_components.
// Unknown elements and attributes are ignored, so newer KiCad versions keep working. The export
// version is recorded, not checked: KiCad has written "E" since 6.0, and a later letter would
// most likely stay compatible for the parts kibridge reads.
//
// Nothing throws except std::bad_alloc when memory runs out.
//
// Two paths, one result: after the byte checks (size, DOCTYPE, NUL, UTF-8), netlists in the
// plain subset of XML that KiCad writes are read by a single-pass scanner (netlist_scanner.h);
// everything the scanner declines, including every netlist that is refused, is parsed by
// tinyxml2, which words the errors. The scanner builds exactly what tinyxml2's path builds.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "server/netlist/netlist.h"

namespace kibridge::netlist {

struct ReadLimits {
  std::size_t max_bytes = 64u * 1024u * 1024u;
  std::size_t max_components = 100000;
};

struct ReadResult {
  std::optional<Netlist> netlist;  // set on success
  std::string error;               // set on failure: one line, meant for the user

  bool ok() const { return netlist.has_value(); }
};

ReadResult read_netlist(std::string_view xml, const ReadLimits& limits = ReadLimits{});

// The reference path: read_netlist() without the scanner, every text parsed by tinyxml2. Same
// contract and results as read_netlist(), only slower; for tests and benchmarks that compare
// the two paths.
ReadResult read_netlist_with_tinyxml2(std::string_view xml, const ReadLimits& limits = ReadLimits{});

}  // namespace kibridge::netlist
