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
#include <unordered_map>
#include <vector>

#include "server/kicad/library_config.h"
#include "storage/store.h"

namespace kibridge::kicad {

// ---- Where each served value came from (GET /api/parts/<id>/explain) ----------------------
// The renderers below fill an Explanation when given one: the one code path that renders a
// part records, beside each value it sets, its source, so the explanation cannot drift from
// what KiCad is served. Without one (nullptr: every KiCad request, the listing's hot path)
// each recording point costs one pointer test and builds no string.
enum class SourceKind {
  kParameter, kCategoryDefault, kFootprintMapping, kSetting, kFieldRule,
  kPart, kSupplier, kManufacturer, kAttachment, kLink
};
// "parameter", "category_default", "footprint_mapping", "setting", "field_rule", "part",
// "supplier", "manufacturer", "attachment", "link".
const char* source_kind_name(SourceKind kind);

struct ValueSource {
  SourceKind kind = SourceKind::kPart;
  std::string detail;  // one human-readable phrase, e.g. "parameter 'Package' via footprint mapping '0603'"
};

// A parameter of the part served as no field of its own, and why: a field rule excluded it
// (kind kFieldRule, naming the rule), a rule renamed it onto a field the part already has, it
// configures a KiCad value (the symbol, footprint, ... template: kind kSetting), or its name
// is one of KiCad's own fields. Answers "why is my parameter missing".
struct ExcludedParameter {
  std::string parameter;  // the parameter template's name
  ValueSource source;
};

struct Explanation {
  ValueSource symbol;
  ValueSource footprint;
  std::unordered_map<std::string, ValueSource> fields;  // by served field name
  std::vector<ExcludedParameter> excluded;              // in the part's parameter order
};

// parts/<id>.json. `served_name` is the part's library-wide unique name (see served_names.h).
// Anything KiCad would choke on or the user should fix (a symbol without a library prefix,
// an unreadable exclusion flag) is appended to `warnings` as one sentence each.
// With `explanation`, also records where each value came from (see Explanation).
nlohmann::ordered_json render_part_detail(const storage::PartDetails& part, const LibraryConfig& config,
                                          const std::string& served_name, std::vector<std::string>& warnings,
                                          Explanation* explanation = nullptr);

// One entry of parts/category/<id>.json: the full detail (so KiCad 10 needs no per-part
// request), plus "stock", with the description in the stock-count format when enabled.
nlohmann::ordered_json render_listing_entry(const storage::PartDetails& part, const LibraryConfig& config,
                                            const std::string& served_name, std::vector<std::string>& warnings);

// The symbolIdStr render_part_detail() serves for `part`, without its warnings. Empty means
// KiCad places an empty box (library_health.h counts those).
std::string served_symbol(const storage::PartDetails& part, const LibraryConfig& config);

// The symbolIdStr and the footprint field render_part_detail() serves for `part`, without its
// warnings: what the installed-library check (library_health.h) looks up.
struct ServedIds {
  std::string symbol;
  std::string footprint;
};
ServedIds served_ids(const storage::PartDetails& part, const LibraryConfig& config);

// The plugin's stock-count description: a Python str.format subset with {0} (description),
// {1} (stock), {} (auto-numbered) and {part.name|IPN|description|stock|revision}; "{{" and
// "}}" are literal braces. A format it cannot apply yields nullopt (the caller then serves
// the plain description, as the plugin does).
std::optional<std::string> format_stock_description(const std::string& format, const storage::PartRecord& part,
                                                    const std::string& stock);

// InvenTree's decimal2string: 42.0 -> "42", 12.50 -> "12.5".
std::string decimal_to_string(double value);

}  // namespace kibridge::kicad
