// Rendering one InvenTree part as KiCad's HTTP-library JSON: the rules of the InvenTree
// plugin (symbol / footprint / reference / value precedence, footprint mappings, exclusion
// flags, hidden InvenTree and Part URL fields, IPN options, manufacturer and supplier
// fields, parameters with units and visibility lists) in the strict form every KiCad from
// 8 to 10 accepts: ids and booleans as JSON strings, every field a {value, visible} pair.
//
// Pure functions: no I/O, no shared state; safe to call from any thread.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "server/kicad/library_config.h"
#include "storage/store.h"

namespace kibridge::kicad {

// parts/<id>.json. `served_name` is the part's library-wide unique name (see served_names.h).
// Anything KiCad would choke on or the user should fix (a symbol without a library prefix,
// an unreadable exclusion flag) is appended to `warnings` as one sentence each.
nlohmann::ordered_json render_part_detail(const storage::PartDetails& part, const LibraryConfig& config,
                                          const std::string& served_name, std::vector<std::string>& warnings);

// One entry of parts/category/<id>.json: the full detail (so KiCad 10 needs no per-part
// request), plus "stock", with the description in the stock-count format when enabled.
nlohmann::ordered_json render_listing_entry(const storage::PartDetails& part, const LibraryConfig& config,
                                            const std::string& served_name, std::vector<std::string>& warnings);

// The symbolIdStr render_part_detail() serves for `part`, without its warnings. Empty means
// KiCad places an empty box (library_health.h counts those).
std::string served_symbol(const storage::PartDetails& part, const LibraryConfig& config);

// The plugin's stock-count description: a Python str.format subset with {0} (description),
// {1} (stock), {} (auto-numbered) and {part.name|IPN|description|stock|revision}; "{{" and
// "}}" are literal braces. A format it cannot apply yields nullopt (the caller then serves
// the plain description, as the plugin does).
std::optional<std::string> format_stock_description(const std::string& format, const storage::PartRecord& part,
                                                    const std::string& stock);

// InvenTree's decimal2string: 42.0 -> "42", 12.50 -> "12.5".
std::string decimal_to_string(double value);

}  // namespace kibridge::kicad
