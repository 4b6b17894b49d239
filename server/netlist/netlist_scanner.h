#pragma once

// The fast path of read_netlist(): one pass over the text, no DOM, for netlists in the strict
// subset of XML that KiCad writes. For every text it accepts, it builds exactly the Netlist that
// read_netlist()'s tinyxml2 path builds (same whitespace rule: whitespace-only text is no text;
// an element's text is its first child when that is text; entities and line breaks decoded as
// tinyxml2 decodes them: "&lt;" "&gt;" "&amp;" "&quot;" "&apos;", and "\r\n", "\n\r" and a lone
// "\r" each become "\n", in text and in attribute values alike, which keep their tabs and line
// breaks). Everything else it declines (nullopt), and read_netlist() then reads the text with
// tinyxml2, which either accepts it or words the error.
//
// Declined:
//   - any syntax error: unbalanced or mismatched tags, a duplicated attribute, a tag or
//     attribute that is not well formed (including attributes not separated by whitespace and
//     whitespace right after '<' or '</', both of which tinyxml2 tolerates), text outside the
//     root element, a second root;
//   - constructs KiCad does not write: CDATA sections, comments, <!...> declarations,
//     processing instructions other than one leading <?xml ...?> declaration, a byte order
//     mark, names with non-ASCII characters, '<' inside an attribute value, entity references
//     other than the five XML predefines, any character reference (&#...;);
//   - nesting deeper than 64 elements;
//   - everything read_netlist() refuses: root not <export>, no <components>, a <comp> without a
//     ref (or with an empty one), more than max_components components.
//
// Expects text that passed read_netlist()'s byte checks (size, no DOCTYPE, no NUL byte, valid
// UTF-8). Pure; thread-safe; nothing throws except std::bad_alloc.

#include <cstddef>
#include <optional>
#include <string_view>

#include "server/netlist/netlist.h"

namespace kibridge::netlist {

std::optional<Netlist> scan_netlist(std::string_view xml, std::size_t max_components);

}  // namespace kibridge::netlist
