#include "server/netlist/netlist_reader.h"

#include <tinyxml2.h>

#include <cstdint>
#include <cstring>
#include <utility>

#include "server/netlist/netlist_building.h"
#include "server/netlist/netlist_scanner.h"

namespace kibridge::netlist {
namespace {

using tinyxml2::XMLDocument;
using tinyxml2::XMLElement;
using tinyxml2::XMLError;
using tinyxml2::XMLNode;

ReadResult failure(std::string message) {
  ReadResult result;
  result.error = std::move(message);
  return result;
}

std::string at_line(int line) { return line > 0 ? " (line " + std::to_string(line) + ")" : std::string(); }

// Offset of the first byte that is not part of a well-formed UTF-8 sequence, or npos. Overlong
// forms, surrogates and code points above U+10FFFF count as malformed.
std::size_t find_invalid_utf8(std::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  std::size_t i = 0;
  while (i < size) {
    // Netlists are nearly all ASCII: skip eight ASCII bytes at a time.
    if (i + 8 <= size) {
      std::uint64_t chunk;
      std::memcpy(&chunk, bytes + i, sizeof chunk);
      if ((chunk & 0x8080808080808080ull) == 0) {
        i += 8;
        continue;
      }
    }
    unsigned char lead = bytes[i];
    if (lead < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    unsigned char min_second = 0x80, max_second = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) min_second = 0xA0;
      if (lead == 0xED) max_second = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) min_second = 0x90;
      if (lead == 0xF4) max_second = 0x8F;
    } else {
      return i;
    }
    if (i + length > size) return i;
    if (bytes[i + 1] < min_second || bytes[i + 1] > max_second) return i;
    for (std::size_t k = 2; k < length; ++k) {
      if (bytes[i + k] < 0x80 || bytes[i + k] > 0xBF) return i;
    }
    i += length;
  }
  return std::string_view::npos;
}

// 1-based line of byte `offset`, for errors found before tinyxml2 parses.
int line_of(std::string_view text, std::size_t offset) {
  int line = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') ++line;
  }
  return line;
}

std::string describe_parse_error(XMLError error) {
  switch (error) {
    case tinyxml2::XML_ERROR_EMPTY_DOCUMENT:
      return "the body is empty or has no XML element";
    case tinyxml2::XML_ERROR_MISMATCHED_ELEMENT:
      return "a closing tag does not match the element it closes";
    case tinyxml2::XML_ERROR_PARSING_ELEMENT:
      return "malformed element";
    case tinyxml2::XML_ERROR_PARSING_ATTRIBUTE:
      return "malformed or duplicated attribute";
    case tinyxml2::XML_ERROR_PARSING_TEXT:
      return "malformed text or text outside the root element";
    case tinyxml2::XML_ERROR_PARSING_CDATA:
      return "malformed CDATA section";
    case tinyxml2::XML_ERROR_PARSING_COMMENT:
      return "malformed comment";
    case tinyxml2::XML_ERROR_PARSING_DECLARATION:
      return "malformed XML declaration";
    case tinyxml2::XML_ERROR_PARSING_UNKNOWN:
      return "malformed <!...> declaration";
    case tinyxml2::XML_ELEMENT_DEPTH_EXCEEDED:
      return "elements are nested too deeply";
    case tinyxml2::XML_ERROR_PARSING:
      // tinyxml2 reports an element left open at the end of the input this way.
      return "an element is not closed";
    default:
      return std::string("XML error ") + XMLDocument::ErrorIDToName(error);
  }
}

// KiCad always ends the file with </export>; a netlist that does not was most likely cut short.
bool looks_truncated(std::string_view xml) {
  if (xml.find("<export") == std::string_view::npos) return false;  // not a netlist at all
  while (!xml.empty() && (xml.back() == '\n' || xml.back() == '\r' || xml.back() == ' ' || xml.back() == '\t')) {
    xml.remove_suffix(1);
  }
  constexpr std::string_view kClose = "</export>";
  return xml.size() < kClose.size() || xml.substr(xml.size() - kClose.size()) != kClose;
}

std::string text_of(const XMLElement* element) {
  if (element == nullptr) return {};
  const char* text = element->GetText();
  return text != nullptr ? std::string(text) : std::string();
}

std::string attribute_of(const XMLElement* element, const char* name) {
  const char* value = element->Attribute(name);
  return value != nullptr ? std::string(value) : std::string();
}

bool is(const XMLElement* element, const char* name) { return std::strcmp(element->Name(), name) == 0; }

void append_fields(const XMLElement* fields, std::vector<Field>& out) {
  for (const XMLElement* field = fields->FirstChildElement("field"); field != nullptr;
       field = field->NextSiblingElement("field")) {
    out.push_back(Field{attribute_of(field, "name"), text_of(field)});
  }
}

Component read_component(const XMLElement* comp) {
  Component component;
  component.ref = attribute_of(comp, "ref");
  for (const XMLElement* child = comp->FirstChildElement(); child != nullptr; child = child->NextSiblingElement()) {
    if (std::string* member = component_text_member(component, child->Name())) {
      *member = text_of(child);
    } else if (is(child, "fields")) {
      append_fields(child, component.fields);
    } else if (is(child, "libsource")) {
      component.libsource =
          LibSource{attribute_of(child, "lib"), attribute_of(child, "part"), attribute_of(child, "description")};
    } else if (is(child, "property")) {
      Property property;
      property.name = attribute_of(child, "name");
      if (const char* value = child->Attribute("value")) property.value = value;
      add_property(component, std::move(property));
    } else if (is(child, "sheetpath")) {
      component.sheet_names = attribute_of(child, "names");
      component.sheet_tstamps = attribute_of(child, "tstamps");
    } else if (is_tstamps_element(child->Name())) {
      add_tstamps(component, text_of(child));
    }
  }
  return component;
}

LibPart read_libpart(const XMLElement* libpart) {
  LibPart part;
  part.lib = attribute_of(libpart, "lib");
  part.part = attribute_of(libpart, "part");
  for (const XMLElement* child = libpart->FirstChildElement(); child != nullptr; child = child->NextSiblingElement()) {
    if (std::string* member = libpart_text_member(part, child->Name())) {
      *member = text_of(child);
    } else if (is(child, "footprints")) {
      for (const XMLElement* fp = child->FirstChildElement("fp"); fp != nullptr; fp = fp->NextSiblingElement("fp")) {
        part.footprint_filters.push_back(text_of(fp));
      }
    } else if (is(child, "fields")) {
      append_fields(child, part.fields);
    }
  }
  return part;
}

// The document level may hold the XML declaration, comments and exactly one element. Anything
// else (a DOCTYPE, other <!...> declarations, stray text, a second root) is refused.
std::string check_document_level(const XMLDocument& document) {
  int elements = 0;
  for (const XMLNode* node = document.FirstChild(); node != nullptr; node = node->NextSibling()) {
    if (node->ToElement() != nullptr) {
      if (++elements > 1) return "more than one top-level element" + at_line(node->GetLineNum());
    } else if (node->ToUnknown() != nullptr) {
      std::string_view value = node->Value();
      if (value.substr(0, 7) == "DOCTYPE") {
        return "DOCTYPE declarations are not accepted" + at_line(node->GetLineNum());
      }
      return "unsupported <!...> declaration at document level" + at_line(node->GetLineNum());
    } else if (node->ToText() != nullptr) {
      return "text outside the root element" + at_line(node->GetLineNum());
    }
  }
  return {};
}

// The byte checks both paths start with; empty when the text passes them.
std::string check_bytes(std::string_view xml, const ReadLimits& limits) {
  if (xml.size() > limits.max_bytes) {
    return "netlist is " + std::to_string(xml.size()) + " bytes, more than the limit of " +
           std::to_string(limits.max_bytes) + " bytes";
  }
  // kicad-cli's default netlist format is the S-expression one, "(export (version \"E\") ...":
  // the newcomer's first try. Name the fix instead of an XML parse error.
  const std::size_t first = xml.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && xml.substr(first, 7) == "(export") {
    return "this is KiCad's S-expression netlist (kicad-cli's default format); kibridge reads the XML one: "
           "kicad-cli sch export netlist --format kicadxml -o board.xml board.kicad_sch";
  }
  // Checked on the raw text as well as on the parsed document, so that a DOCTYPE whose internal
  // subset trips up the parser is still reported as what it is.
  if (std::size_t doctype = xml.find("<!DOCTYPE"); doctype != std::string_view::npos) {
    return "DOCTYPE declarations are not accepted" + at_line(line_of(xml, doctype));
  }

  // XML forbids NUL; tinyxml2 would silently stop reading at one.
  if (std::size_t nul = xml.find('\0'); nul != std::string_view::npos) {
    return "the netlist contains a NUL byte" + at_line(line_of(xml, nul));
  }
  // Everything downstream (JSON, SQLite, InvenTree) needs valid UTF-8, which KiCad always writes.
  if (std::size_t bad = find_invalid_utf8(xml); bad != std::string_view::npos) {
    return "the netlist is not valid UTF-8" + at_line(line_of(xml, bad));
  }
  return {};
}

ReadResult read_with_tinyxml2(std::string_view xml, const ReadLimits& limits) {
  XMLDocument document(/*processEntities=*/true, tinyxml2::PRESERVE_WHITESPACE);
  if (XMLError error = document.Parse(xml.data(), xml.size()); error != tinyxml2::XML_SUCCESS) {
    std::string message = "malformed XML: " + describe_parse_error(error) + at_line(document.ErrorLineNum());
    if (error != tinyxml2::XML_ERROR_EMPTY_DOCUMENT && looks_truncated(xml)) {
      message += "; it does not end with </export>, so it was probably truncated";
    }
    return failure(message);
  }
  if (std::string problem = check_document_level(document); !problem.empty()) {
    return failure("not accepted: " + problem);
  }

  const XMLElement* root = document.RootElement();
  if (root == nullptr || !is(root, "export")) {
    return failure(std::string("not a KiCad netlist: the root element is <") + (root ? root->Name() : "") +
                   ">, expected <export>");
  }
  const XMLElement* components = root->FirstChildElement("components");
  if (components == nullptr) {
    return failure("not a KiCad netlist: <export> has no <components> element");
  }

  Netlist netlist;
  netlist.export_version = attribute_of(root, "version");
  if (const XMLElement* design = root->FirstChildElement("design")) {
    for (const char* name : {"source", "date", "tool"}) {
      *design_text_member(netlist.design, name) = text_of(design->FirstChildElement(name));
    }
  }

  for (const XMLElement* comp = components->FirstChildElement("comp"); comp != nullptr;
       comp = comp->NextSiblingElement("comp")) {
    if (netlist.components.size() >= limits.max_components) {
      return failure("netlist has more than " + std::to_string(limits.max_components) + " components" +
                     at_line(comp->GetLineNum()));
    }
    if (comp->Attribute("ref") == nullptr || *comp->Attribute("ref") == '\0') {
      return failure("<comp> without a ref attribute" + at_line(comp->GetLineNum()));
    }
    netlist.components.push_back(read_component(comp));
  }

  if (const XMLElement* libparts = root->FirstChildElement("libparts")) {
    for (const XMLElement* libpart = libparts->FirstChildElement("libpart"); libpart != nullptr;
         libpart = libpart->NextSiblingElement("libpart")) {
      netlist.libparts.push_back(read_libpart(libpart));
    }
  }

  ReadResult result;
  result.netlist = std::move(netlist);
  return result;
}

}  // namespace

ReadResult read_netlist(std::string_view xml, const ReadLimits& limits) {
  if (std::string problem = check_bytes(xml, limits); !problem.empty()) return failure(std::move(problem));
  // KiCad's own files take the single-pass scanner; whatever it declines, tinyxml2 reads or
  // words the error for.
  if (std::optional<Netlist> scanned = scan_netlist(xml, limits.max_components)) {
    return ReadResult{std::move(*scanned), {}};
  }
  return read_with_tinyxml2(xml, limits);
}

ReadResult read_netlist_with_tinyxml2(std::string_view xml, const ReadLimits& limits) {
  if (std::string problem = check_bytes(xml, limits); !problem.empty()) return failure(std::move(problem));
  return read_with_tinyxml2(xml, limits);
}

}  // namespace kibridge::netlist
