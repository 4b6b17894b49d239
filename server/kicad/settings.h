// KiCad library settings: the InvenTree plugin's setting names and defaults, typed.
//
// Settings are stored as strings (storage::ConfigurationReader::settings()); this file is the one place
// that knows their names, types, defaults and allowed values. Parsing never fails on stored
// data (an unreadable value falls back to the default and is reported); validation of new
// values (validate_setting) is strict, so the API rejects what parsing would ignore.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "server/kicad/field_rules.h"

namespace kibridge::kicad {

enum class IpnMode { kDontInclude, kIncludeHidden, kIncludeVisible, kIncludeAsValue };

struct KicadSettings {
  bool enable_subcategory = true;                         // KICAD_ENABLE_SUBCATEGORY
  bool enable_stock_count = false;                        // KICAD_ENABLE_STOCK_COUNT
  std::string stock_count_format = "[Stock: {1}] {0}";    // KICAD_ENABLE_STOCK_COUNT_FORMAT
  std::string default_for_missing_symbol;                 // DEFAULT_FOR_MISSING_SYMBOL
  IpnMode include_ipn = IpnMode::kDontInclude;            // KICAD_INCLUDE_IPN
  // Parameter templates, by id ("12") or by name ("KiCad Footprint"); empty = not set.
  std::string symbol_parameter;                           // KICAD_SYMBOL_PARAMETER
  std::string footprint_parameter;                        // KICAD_FOOTPRINT_PARAMETER
  std::string reference_parameter;                        // KICAD_REFERENCE_PARAMETER
  std::string value_parameter;                            // KICAD_VALUE_PARAMETER
  std::string field_visibility_parameter;                 // KICAD_FIELD_VISIBILITY_PARAMETER
  std::string exclude_from_bom_parameter;                 // KICAD_EXCLUDE_FROM_BOM_PARAMETER
  std::string exclude_from_board_parameter;               // KICAD_EXCLUDE_FROM_BOARD_PARAMETER
  std::string exclude_from_sim_parameter;                 // KICAD_EXCLUDE_FROM_SIM_PARAMETER
  std::string field_visibility_global = "Kicad_Visible_Fields";  // KICAD_FIELD_VISIBILITY_PARAMETER_GLOBAL
  bool import_add_datasheet = false;                      // KICAD_META_DATA_IMPORT_ADD_DATASHEET
  bool use_ipn_as_name = false;                           // KICAD_USE_IPN_AS_NAME
  bool import_id_fallback = false;                        // IMPORT_INVENTREE_ID_FALLBACK
  bool import_override_parameters = false;                // IMPORT_INVENTREE_OVERRIDE_PARAS
  std::string import_id_identifier = "InvenTree";         // IMPORT_INVENTREE_ID_IDENTIFIER
  // kibridge's own import settings. The names KiCad knows this HTTP library by (its symbol
  // library nickname, the .kicad_httplib file's base name): a symbol placed from it names the
  // library, not a real symbol, and is never written back.
  std::vector<std::string> import_http_library_names{"InvenTree"};  // IMPORT_HTTP_LIBRARY_NAMES
  bool import_create_missing_templates = false;                       // IMPORT_CREATE_MISSING_TEMPLATES
  bool enable_manufacturer_data = false;                  // KICAD_ENABLE_MANUFACTURER_DATA
  bool include_units_in_parameters = true;                // KICAD_INCLUDE_UNITS_IN_PARAMETERS
  bool hide_inactive_parts = true;                        // KICAD_HIDE_INACTIVE_PARTS
  bool hide_template_parts = false;                       // KICAD_HIDE_TEMPLATE_PARTS
  // kibridge's own: names of part-category parameter templates (InvenTree 1.4+, API 505) whose
  // values act as a category's KiCad defaults, below kibridge's own KiCad-category defaults
  // (library_config.h). Compared in any letter case; empty: not read.
  std::string category_symbol_parameter = "KiCad Symbol";        // KICAD_CATEGORY_SYMBOL_PARAMETER
  std::string category_footprint_parameter = "KiCad Footprint";  // KICAD_CATEGORY_FOOTPRINT_PARAMETER
  std::string category_reference_parameter = "KiCad Reference";  // KICAD_CATEGORY_REFERENCE_PARAMETER
  // kibridge's own: base URL of the InvenTree server, for the "Part URL" field.
  std::string inventree_url;                              // INVENTREE_URL
  // kibridge's own: folders of the installed KiCad symbol / footprint libraries the console
  // completes names from (kicad/installed_libraries.h); empty = KiCad's install folders.
  std::vector<std::string> symbol_dirs;                   // KICAD_SYMBOL_DIRS
  std::vector<std::string> footprint_dirs;                // KICAD_FOOTPRINT_DIRS
  // Library fields (README "Library fields"): datasheet fallback, supplier/MPN fields, field rules.
  bool datasheet_from_link = false;                       // KICAD_DATASHEET_FROM_LINK
  // (InvenTree company name, KiCad field name), in the object's order.
  std::vector<std::pair<std::string, std::string>> supplier_fields;  // KICAD_SUPPLIER_FIELDS
  std::string mpn_field;                                  // KICAD_MPN_FIELD; empty: no MPN field
  std::vector<FieldRule> field_rules;                     // KICAD_FIELD_RULES (global)
};

enum class SettingType { kBool, kString, kTemplate, kChoice, kUrl, kJson };

// Its name in the settings API and `kibridge settings`: bool, string, parameter_template,
// choice, url, json (a JSON document: text, or through the REST API a JSON value).
const char* setting_type_name(SettingType type);

// One setting as the settings API and `kibridge settings` describe it. `description` is one
// line (no newline), short enough for a terminal table.
struct SettingInfo {
  const char* key;
  SettingType type;
  const char* default_value;
  const char* description;
  std::vector<std::string> choices;  // kChoice only
};

// Every known setting, in documentation order.
const std::vector<SettingInfo>& all_settings();
const SettingInfo* find_setting(const std::string& key);

// The typed settings for stored values; unknown keys are ignored, unreadable values keep the
// default and are described in `problems` when given.
KicadSettings parse_settings(const std::map<std::string, std::string>& stored,
                             std::vector<std::string>* problems = nullptr);

// KICAD_SUPPLIER_FIELDS parsed: a JSON object of company name -> field name, both non-empty
// and at most 100 characters, field names distinct and not KiCad's built-in ones. nullopt and
// `error` set when the text is not that; "" is the empty mapping.
std::optional<std::vector<std::pair<std::string, std::string>>> parse_supplier_fields(const std::string& text,
                                                                                       std::string& error);

// Checks a value for `key`. Returns the value normalised for storage ("true"/"false" for
// booleans, the canonical choice key), or an error message. Template references are checked
// for shape only (an id or a non-empty name); whether the template exists is the caller's
// concern, because it depends on the mirror.
struct SettingCheck {
  std::optional<std::string> normalised;
  std::string error;
};
SettingCheck validate_setting(const std::string& key, const std::string& value);

// The effective value of every setting (stored or default) as strings, for the settings API.
std::map<std::string, std::string> effective_settings(const std::map<std::string, std::string>& stored);

// KiCad's boolFromString: true/yes/y/1 and false/no/n/0, any case; otherwise nullopt.
std::optional<bool> parse_bool(const std::string& text);

}  // namespace kibridge::kicad
