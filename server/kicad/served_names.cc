#include "server/kicad/served_names.h"

#include <algorithm>
#include <unordered_set>

namespace kibridge::kicad {

std::string sanitize_part_name(const std::string& name) {
  std::string out = name;
  for (char& c : out) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || c == ':' || c == '\\' || c == '<' || c == '>' || c == '"') c = '_';
  }
  return out;
}

std::string base_part_name(const storage::PartRecord& part, bool use_ipn_as_name) {
  const std::string& raw = use_ipn_as_name && !part.ipn.empty() ? part.ipn : part.name;
  std::string name = sanitize_part_name(raw);
  return name.empty() ? std::to_string(part.id) : name;
}

std::unordered_map<int64_t, std::string> assign_served_names(const std::vector<const storage::PartRecord*>& parts,
                                                            bool use_ipn_as_name) {
  std::vector<const storage::PartRecord*> by_id(parts);
  std::sort(by_id.begin(), by_id.end(), [](auto* a, auto* b) { return a->id < b->id; });
  std::unordered_map<int64_t, std::string> names;
  names.reserve(by_id.size());
  std::unordered_set<std::string> taken;
  taken.reserve(by_id.size());
  // First pass: plain names, first come (lowest pk) first served.
  std::vector<const storage::PartRecord*> clashing;
  for (const auto* p : by_id) {
    std::string name = base_part_name(*p, use_ipn_as_name);
    if (taken.insert(name).second) {
      names.emplace(p->id, std::move(name));
    } else {
      clashing.push_back(p);
    }
  }
  // Second pass, after every plain name is known, so a suffixed name never takes a plain
  // name that a later part has.
  for (const auto* p : clashing) {
    std::string name = base_part_name(*p, use_ipn_as_name) + " (" + std::to_string(p->id) + ")";
    while (!taken.insert(name).second) name += "'";
    names.emplace(p->id, std::move(name));
  }
  return names;
}

}  // namespace kibridge::kicad
