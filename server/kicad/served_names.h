// Part names as KiCad sees them. KiCad keys its symbol cache by name across the whole
// library (a duplicate silently hides a part) and rewrites characters that cannot appear in
// a LIB_ID (KiCad 9+) or breaks on them (KiCad 8). So every listed part gets a name that is
// free of those characters and unique library-wide. Stable: the lowest pk keeps the plain
// name, so adding a second "10k" does not rename the symbol existing schematics refer to.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "storage/records.h"

namespace kibridge::kicad {

// Replaces control characters and : \ < > " with '_'.
std::string sanitize_part_name(const std::string& name);

// The base name of a part: its name, or its IPN (when set) with KICAD_USE_IPN_AS_NAME.
std::string base_part_name(const storage::PartRecord& part, bool use_ipn_as_name);

// Unique served names for `parts` (any order). Duplicates after sanitising get " (<pk>)".
std::unordered_map<int64_t, std::string> assign_served_names(const std::vector<const storage::PartRecord*>& parts,
                                                            bool use_ipn_as_name);

}  // namespace kibridge::kicad
