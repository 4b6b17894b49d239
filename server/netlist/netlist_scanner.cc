#include "server/netlist/netlist_scanner.h"

#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "server/netlist/netlist_building.h"

namespace kibridge::netlist {
namespace {

constexpr std::size_t kMaxDepth = 64;
// KiCad writes at most five attributes on an element; the cap keeps the duplicate check cheap
// on hostile input.
constexpr std::size_t kMaxAttributes = 32;

// Separators inside tags. tinyxml2 also skips \v and \f there; the scanner declines them.
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
// What tinyxml2 (isspace() in the C locale) counts when it drops whitespace-only text.
bool is_text_space(char c) { return is_space(c) || c == '\v' || c == '\f'; }
bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':'; }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9') || c == '.' || c == '-'; }

// The character the entity reference at the start of `text` ("&amp;...") stands for, and its
// length; length 0 when it is not one of the five XML predefines (character references
// included).
struct Entity {
  char value;
  std::size_t length;
};
Entity entity_at(std::string_view text) {
  constexpr struct {
    std::string_view reference;
    char value;
  } kEntities[] = {{"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}, {"&quot;", '"'}, {"&apos;", '\''}};
  for (const auto& entity : kEntities) {
    if (text.substr(0, entity.reference.size()) == entity.reference) return {entity.value, entity.reference.size()};
  }
  return {0, 0};
}

// True when every '&' in `raw` starts a predefined entity reference.
bool entities_are_predefined(std::string_view raw) {
  for (std::size_t i = raw.find('&'); i != std::string_view::npos; i = raw.find('&', i + 1)) {
    if (entity_at(raw.substr(i)).length == 0) return false;
  }
  return true;
}

// Decodes text or an attribute value as tinyxml2 does with entity processing on: predefined
// entities replaced; "\r\n", "\n\r" and a lone "\r" each become "\n". `raw` has passed
// entities_are_predefined().
std::string decode(std::string_view raw) {
  bool plain = true;
  for (char c : raw) {
    if (c == '&' || c == '\r') {
      plain = false;
      break;
    }
  }
  if (plain) return std::string(raw);
  std::string out;
  out.reserve(raw.size());
  std::size_t i = 0;
  while (i < raw.size()) {
    const char c = raw[i];
    if (c == '\r' || c == '\n') {
      const char pair = c == '\r' ? '\n' : '\r';
      i += (i + 1 < raw.size() && raw[i + 1] == pair) ? 2 : 1;
      out.push_back('\n');
    } else if (c == '&') {
      const Entity entity = entity_at(raw.substr(i));
      out.push_back(entity.value);
      i += entity.length;
    } else {
      out.push_back(c);
      ++i;
    }
  }
  return out;
}

// What an open element means to the netlist; decides what its attributes, text and children
// are read for.
enum class Role {
  kIgnored,  // not read; only checked
  kExport,
  kDesign,
  kComponents,
  kComp,
  kCompFields,
  kLibParts,
  kLibPart,
  kLibPartFields,
  kFootprints,
  kText,     // its text goes into Frame::text
  kTstamps,  // its text goes to add_tstamps()
};

struct Frame {
  std::string_view name;
  Role role = Role::kIgnored;
  std::string* text = nullptr;  // Role::kText
  bool before_first_child = true;
};

struct Attribute {
  std::string_view name;
  std::string_view raw_value;
};

class Scanner {
 public:
  Scanner(std::string_view xml, std::size_t max_components)
      : p_(xml.data()), end_(xml.data() + xml.size()), max_components_(max_components) {}

  std::optional<Netlist> scan() {
    while (p_ < end_ && is_space(*p_)) ++p_;
    if (remaining().substr(0, 2) == "<?" && !scan_declaration()) return std::nullopt;
    while (p_ < end_) {
      const void* next_tag = std::memchr(p_, '<', static_cast<std::size_t>(end_ - p_));
      const char* run_end = next_tag != nullptr ? static_cast<const char*>(next_tag) : end_;
      if (!scan_text(std::string_view(p_, static_cast<std::size_t>(run_end - p_)))) return std::nullopt;
      p_ = run_end;
      if (p_ == end_) break;
      if (stack_.empty() && root_seen_) return std::nullopt;  // a second root or a stray tag
      if (!scan_tag()) return std::nullopt;
    }
    if (!root_seen_ || !stack_.empty() || !components_seen_) return std::nullopt;
    return std::move(netlist_);
  }

 private:
  std::string_view remaining() const { return std::string_view(p_, static_cast<std::size_t>(end_ - p_)); }

  // At "<?": only "<?xml ...?>", and only before everything else.
  bool scan_declaration() {
    std::string_view rest = remaining();
    if (rest.size() < 6 || rest.substr(0, 5) != "<?xml" || !is_space(rest[5])) return false;
    const std::size_t close = rest.find("?>");
    if (close == std::string_view::npos) return false;
    p_ += close + 2;
    return true;
  }

  bool scan_text(std::string_view run) {
    std::size_t first = 0;
    if (stack_.empty()) {
      while (first < run.size() && is_space(run[first])) ++first;
      return first == run.size();
    }
    while (first < run.size() && is_text_space(run[first])) ++first;
    if (first == run.size()) return true;  // whitespace-only text is no text
    if (!entities_are_predefined(run)) return false;
    Frame& frame = stack_.back();
    if (frame.before_first_child) {
      frame.before_first_child = false;
      if (frame.role == Role::kText) {
        *frame.text = decode(run);
      } else if (frame.role == Role::kTstamps) {
        add_tstamps(netlist_.components.back(), decode(run));
      }
    }
    return true;
  }

  // At '<'.
  bool scan_tag() {
    if (end_ - p_ < 2) return false;
    const char c = p_[1];
    if (c == '/') return scan_end_tag();
    if (c == '!' || c == '?') return false;  // comment, CDATA, declaration, processing instruction
    return scan_start_tag();
  }

  std::string_view scan_name() {
    const char* start = p_;
    if (p_ == end_ || !is_name_start(*p_)) return {};
    ++p_;
    while (p_ < end_ && is_name_char(*p_)) ++p_;
    return std::string_view(start, static_cast<std::size_t>(p_ - start));
  }

  void skip_spaces() {
    while (p_ < end_ && is_space(*p_)) ++p_;
  }

  bool scan_end_tag() {
    p_ += 2;
    const std::string_view name = scan_name();
    if (name.empty()) return false;
    skip_spaces();
    if (p_ == end_ || *p_ != '>') return false;
    ++p_;
    if (stack_.empty() || stack_.back().name != name) return false;
    stack_.pop_back();
    return true;
  }

  bool scan_start_tag() {
    ++p_;
    const std::string_view name = scan_name();
    if (name.empty()) return false;
    attributes_.clear();
    bool empty_element = false;
    for (;;) {
      const char* before = p_;
      skip_spaces();
      if (p_ == end_) return false;
      if (*p_ == '>') {
        ++p_;
        break;
      }
      if (*p_ == '/') {
        if (end_ - p_ < 2 || p_[1] != '>') return false;
        p_ += 2;
        empty_element = true;
        break;
      }
      if (p_ == before || !scan_attribute()) return false;  // attributes need a separator
    }
    return open(name, empty_element);
  }

  bool scan_attribute() {
    const std::string_view name = scan_name();
    if (name.empty()) return false;
    skip_spaces();
    if (p_ == end_ || *p_ != '=') return false;
    ++p_;
    skip_spaces();
    if (p_ == end_ || (*p_ != '"' && *p_ != '\'')) return false;
    const char quote = *p_++;
    const void* close = std::memchr(p_, quote, static_cast<std::size_t>(end_ - p_));
    if (close == nullptr) return false;
    const std::string_view value(p_, static_cast<std::size_t>(static_cast<const char*>(close) - p_));
    p_ = static_cast<const char*>(close) + 1;
    if (value.find('<') != std::string_view::npos || !entities_are_predefined(value)) return false;
    if (attributes_.size() >= kMaxAttributes) return false;
    for (const Attribute& attribute : attributes_) {
      if (attribute.name == name) return false;
    }
    attributes_.push_back(Attribute{name, value});
    return true;
  }

  const Attribute* find_attribute(std::string_view name) const {
    for (const Attribute& attribute : attributes_) {
      if (attribute.name == name) return &attribute;
    }
    return nullptr;
  }

  // The decoded value of attribute `name` of the tag just scanned; empty when absent.
  std::string attribute(std::string_view name) const {
    const Attribute* found = find_attribute(name);
    return found != nullptr ? decode(found->raw_value) : std::string();
  }

  // Reads what the tag just scanned means and, unless it was an empty-element tag, opens it.
  bool open(std::string_view name, bool empty_element) {
    Frame frame;
    frame.name = name;
    if (stack_.empty()) {
      if (name != "export") return false;
      root_seen_ = true;
      netlist_.export_version = attribute("version");
      frame.role = Role::kExport;
    } else {
      Frame& parent = stack_.back();
      parent.before_first_child = false;
      if (!read_child(parent.role, name, frame)) return false;
    }
    if (empty_element) return true;
    if (stack_.size() >= kMaxDepth) return false;
    stack_.push_back(frame);
    return true;
  }

  // Sets `frame`'s role (and text target) for child element `name` of an element in role
  // `parent`, and records what its attributes say. False when the netlist must be declined.
  bool read_child(Role parent, std::string_view name, Frame& frame) {
    switch (parent) {
      case Role::kExport:
        if (name == "components" && !components_seen_) {
          components_seen_ = true;
          frame.role = Role::kComponents;
        } else if (name == "design" && !design_seen_) {
          design_seen_ = true;
          frame.role = Role::kDesign;
        } else if (name == "libparts" && !libparts_seen_) {
          libparts_seen_ = true;
          frame.role = Role::kLibParts;
        }
        return true;
      case Role::kDesign:
        if (std::string* member = design_text_member(netlist_.design, name)) {
          for (const std::string* done : design_members_read_) {
            if (done == member) return true;  // only the first of each is read
          }
          design_members_read_.push_back(member);
          read_text_into(member, frame);
        }
        return true;
      case Role::kComponents:
        if (name == "comp") return read_comp(frame);
        return true;
      case Role::kComp:
        read_comp_child(netlist_.components.back(), name, frame);
        return true;
      case Role::kCompFields:
        if (name == "field") read_field(netlist_.components.back().fields, frame);
        return true;
      case Role::kLibParts:
        if (name == "libpart") {
          LibPart& part = netlist_.libparts.emplace_back();
          part.lib = attribute("lib");
          part.part = attribute("part");
          frame.role = Role::kLibPart;
        }
        return true;
      case Role::kLibPart: {
        LibPart& part = netlist_.libparts.back();
        if (std::string* member = libpart_text_member(part, name)) {
          read_text_into(member, frame);
        } else if (name == "footprints") {
          frame.role = Role::kFootprints;
        } else if (name == "fields") {
          frame.role = Role::kLibPartFields;
        }
        return true;
      }
      case Role::kFootprints:
        if (name == "fp") read_text_into(&netlist_.libparts.back().footprint_filters.emplace_back(), frame);
        return true;
      case Role::kLibPartFields:
        if (name == "field") read_field(netlist_.libparts.back().fields, frame);
        return true;
      case Role::kIgnored:
      case Role::kText:
      case Role::kTstamps:
        return true;
    }
    return true;
  }

  bool read_comp(Frame& frame) {
    if (netlist_.components.size() >= max_components_) return false;
    const Attribute* ref = find_attribute("ref");
    if (ref == nullptr || ref->raw_value.empty()) return false;
    Component& component = netlist_.components.emplace_back();
    component.ref = decode(ref->raw_value);
    frame.role = Role::kComp;
    return true;
  }

  void read_comp_child(Component& component, std::string_view name, Frame& frame) {
    if (std::string* member = component_text_member(component, name)) {
      read_text_into(member, frame);
    } else if (name == "fields") {
      frame.role = Role::kCompFields;
    } else if (name == "libsource") {
      component.libsource = LibSource{attribute("lib"), attribute("part"), attribute("description")};
    } else if (name == "property") {
      Property property;
      property.name = attribute("name");
      if (const Attribute* value = find_attribute("value")) property.value = decode(value->raw_value);
      add_property(component, std::move(property));
    } else if (name == "sheetpath") {
      component.sheet_names = attribute("names");
      component.sheet_tstamps = attribute("tstamps");
    } else if (is_tstamps_element(name)) {
      frame.role = Role::kTstamps;
    }
  }

  void read_field(std::vector<Field>& fields, Frame& frame) {
    Field& field = fields.emplace_back();
    field.name = attribute("name");
    read_text_into(&field.value, frame);
  }

  // The element's text (none when it is empty or its first child is not text) replaces *member.
  static void read_text_into(std::string* member, Frame& frame) {
    member->clear();
    frame.role = Role::kText;
    frame.text = member;
  }

  const char* p_;
  const char* const end_;
  const std::size_t max_components_;
  std::vector<Frame> stack_;
  std::vector<Attribute> attributes_;  // of the tag being read
  std::vector<const std::string*> design_members_read_;
  bool root_seen_ = false;
  bool components_seen_ = false;
  bool design_seen_ = false;
  bool libparts_seen_ = false;
  Netlist netlist_;
};

}  // namespace

std::optional<Netlist> scan_netlist(std::string_view xml, std::size_t max_components) {
  return Scanner(xml, max_components).scan();
}

}  // namespace kibridge::netlist
