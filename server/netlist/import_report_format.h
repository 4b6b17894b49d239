#pragma once

// Renderings of an ImportReport: JSON for the HTTP API, plain text for the CLI's report file.
// Pure functions; nothing throws except std::bad_alloc.
//
// JSON shape (absent values are null; lists may be empty):
// {
//   "export_version": "E",
//   "design": {"source": str, "date": str, "tool": str},
//   "settings": {"id_field_prefix": str, "name_fallback": bool, "override_existing": bool,
//                "http_library_nicknames": [str]},
//   "summary": {"components", "matched", "unmatched", "skipped", "parts", "changes",
//               "conflicts", "kept_existing", "up_to_date", "drift": int,
//               "not_installed_symbols", "not_installed_footprints": int|null (null: not checked)},
//   "components": [{"ref": str, "status": "matched"|"unmatched"|"skipped",
//                   "matched_by": "id"|"ipn"|"name"|null, "part_id": int|null,
//                   "reason": str|null, "flags": ["dnp", "exclude_from_bom", ...], "notes": [str]}],
//   "parts": [{"part_id": int, "name": str, "ipn": str, "refs": [str],
//              "changes":       [{"field": str, "old": str|null, "new": str,
//                                  "kicad_value": str (what KiCad will show), "refs": [str]}],
//              "conflicts":     [{"field": str, "current": str|null,
//                                 "values": [{"value": str, "refs": [str]}]}],
//              "up_to_date":    [{"field": str, "value": str}],
//              "kept_existing": [{"field": str, "current": str, "proposed": str, "refs": [str]}],
//              "ignored":       [{"field": str, "reason": str, "refs": [str]}]}],
//   "drift": [{"component": str, "part": int, "field": str (a served field's name),
//              "schematic_value": str, "served_value": str}],
//   "not_installed": {"symbols": [{"name": str, "refs": [str], "queued": bool}] | null,
//                     "footprints": [...] | null}   (null: no library of that kind installed)
// }
// "field" is one of "footprint", "symbol", "reference", "datasheet".

#include <nlohmann/json.hpp>
#include <string>

#include "server/netlist/import_report.h"

namespace kibridge::netlist {

nlohmann::json to_json(const ImportReport& report);

// A human-readable report: header, summary, the names KiCad here would not find, one block
// per part, then unmatched and skipped components, notes, and the drift section. Ends with a newline.
std::string to_text(const ImportReport& report);

}  // namespace kibridge::netlist
