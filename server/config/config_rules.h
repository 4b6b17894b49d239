// The rules every change to kibridge's configuration passes, whoever makes it: the REST API
// (server/http) and the command line (server/cli, including `config apply`) both express a
// change as the JSON object the REST API accepts and read it here, so a value is accepted or
// refused the same way, with the same DRF-style wording ({"detail": "...", "<field>": [...]}),
// however it arrives. Nothing here touches the store; callers write what passed.
//
// Template references are resolved against a LibraryConfig (the mirror's parameter
// templates), so the caller loads one first (load_library_config for a command, the response
// cache's current library for a server).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "server/kicad/library_config.h"
#include "server/kicad/settings.h"
#include "storage/records.h"
#include "storage/store.h"

namespace kibridge::config {

// String lengths are checked against storage/limits.h, the one table the Store also enforces.

// Each read_* applies the fields of `body` onto `record` and returns nullopt, or returns the
// error body (every problem of the body at once) and leaves `record` partly applied.
// `partial` (a PATCH) makes every field optional; otherwise the required ones must be there.
//
// KiCad category fields: category (pk), default_symbol, default_footprint,
// default_reference, default_value_parameter_template, footprint_parameter_template
// (templates by id or name; null or "" clears), field_rules (a list of field rules,
// kicad/field_rules.h, or that list as JSON text; null or "" clears), library (a named
// library of config.libraries(); null, "" or "default": the default library).
std::optional<nlohmann::json> read_kicad_category(const nlohmann::json& body, const kicad::LibraryConfig& config,
                                                  bool partial, storage::KicadCategoryRecord& record);
// Footprint mapping fields: kicad_category (pk), parameter_value, kicad_footprint.
std::optional<nlohmann::json> read_footprint_mapping(const nlohmann::json& body, bool partial,
                                                     storage::FootprintMappingRecord& record);
// Settings: every member of `body` is a setting key with its new value (a string, or a JSON
// boolean for a bool, an integer or null for a parameter template). Fills `values` with the
// normalised strings to store; on any error returns the error body and `values` is to be
// ignored. A template setting naming a template the mirror lacks is accepted by name when
// IMPORT_CREATE_MISSING_TEMPLATES is on once `body` is stored (the body may turn it on
// itself): the first push creates the template, and a line saying so is appended to `notes`
// (when given).
std::optional<nlohmann::json> read_settings(const nlohmann::json& body, const kicad::LibraryConfig& config,
                                            std::map<std::string, std::string>& values,
                                            std::vector<std::string>* notes = nullptr);

// A KiCad category's stored field rules as the JSON list the API and the config file show
// ([] for none).
nlohmann::json field_rules_json(const std::string& stored_text);

// A setting as GET /api/settings and `kibridge settings --json` show it: key, value, default,
// is_set, type, description (and choices).
nlohmann::json setting_json(const kicad::SettingInfo& info, const std::map<std::string, std::string>& stored);

// The configuration part of the library (no parts) as it stands in `store`: what the rules
// above need. Throws storage::StorageError.
kicad::LibraryConfig load_library_config(const storage::Store& store);

}  // namespace kibridge::config
