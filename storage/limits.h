#pragma once

// The length limits of every string kibridge stores, and the one check that applies them.
//
// Why these numbers: a value that ends up in InvenTree gets InvenTree's own limit, so that
// what kibridge accepts InvenTree accepts too (a value over it would be queued only to be
// refused with a 400 much later, after KiCad had already been shown it). A value of the KiCad
// plugin's models gets the plugin's column size, so data moves between the two unchanged.
// kibridge's own values get a limit fitting what they hold. Lengths count characters (UTF-8
// code points), as InvenTree and Django do; in bytes a value is at most four times as long.
//
// Without limits a 99 KB KICAD_ENABLE_STOCK_COUNT_FORMAT made one settings PATCH take 34 s
// and one listing 353 MB (it is rendered into every part), and a 1,000,000-character
// footprint in a netlist became a 1 MB outbox entry InvenTree then refused.
//
// The Store applies these limits to every write (settings, KiCad categories, footprint
// mappings, token names, queued write-back values), whoever the writer is (REST API, CLI,
// import), and throws ValidationError naming the field. Front ends may check first with
// length_error() — the same table — to answer before parsing a value they would refuse.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "storage/writeback_records.h"

namespace kibridge::storage::limits {

// InvenTree Parameter.data: 1-500 characters. Footprint, symbol and reference written back.
inline constexpr std::size_t kParameterData = 500;
// InvenTree URL fields (Part.link, an attachment's link): 2000 characters since API v320.
// The datasheet written back, INVENTREE_URL.
inline constexpr std::size_t kUrl = 2000;
// InvenTree ParameterTemplate.name: 100 characters. Settings that name a template.
inline constexpr std::size_t kTemplateName = 100;
// The plugin's SelectedCategory.default_symbol / default_footprint and
// FootprintParameterMapping.parameter_value / kicad_footprint: CharField(200). Also the
// other free-text settings (DEFAULT_FOR_MISSING_SYMBOL, the stock-count format): a symbol id
// or one short line rendered into every part.
inline constexpr std::size_t kKicadText = 200;
// The plugin's SelectedCategory.default_reference: CharField(20).
inline constexpr std::size_t kReference = 20;
// kibridge's API token names (a person's or a machine's name), as InvenTree's ApiToken.name.
inline constexpr std::size_t kTokenName = 100;
// IMPORT_HTTP_LIBRARY_NAMES: a comma-separated list of KiCad library nicknames.
inline constexpr std::size_t kNameList = 1000;
// An uploaded netlist's file name, as the client gave it: a file name on any common file
// system is at most 255 bytes.
inline constexpr std::size_t kFileName = 255;
// The schematic path a netlist names as its source: Linux's PATH_MAX.
inline constexpr std::size_t kPath = 4096;
// KICAD_FIELD_RULES, KICAD_SUPPLIER_FIELDS and a KiCad category's field rules: JSON lists of
// at most 100 short rules (kicad/field_rules.h), about 150 characters each.
inline constexpr std::size_t kJsonRules = 16000;
// A named library's name: a KiCad library nickname and one segment of its URL path
// (/libraries/<name>/v1/), so letters, digits, '_', '.' and '-' only, starting with a letter or
// digit, at most 64 characters. "default" names the default library and is reserved.
inline constexpr std::size_t kLibraryName = 64;
inline constexpr const char* kDefaultLibraryName = "default";
// A named library's description: one line, as a KiCad category's.
inline constexpr std::size_t kLibraryDescription = kKicadText;
// Boolean and choice settings: their longest spelling ("include_visible") is 16 characters.
inline constexpr std::size_t kSettingDefault = kKicadText;

// The limit of setting `key` (kSettingDefault for keys without their own).
std::size_t setting_limit(std::string_view key);

// The limit of a value written back to InvenTree: footprint, symbol and reference go to a
// parameter (kParameterData), the datasheet to a link attachment (kUrl).
std::size_t outbox_value_limit(WritebackField field);

// nullopt when `value` fits in `max_chars` characters (util::utf8_characters), else DRF's message
// "Ensure this field has no more than N characters." (what InvenTree itself answers).
std::optional<std::string> length_error(std::string_view value, std::size_t max_chars);

// nullopt when `name` is a valid name for a new library (kLibraryName's rule), else why not.
std::optional<std::string> library_name_error(std::string_view name);

// Throws ValidationError(field, length_error(...)) when `value` does not fit.
void check_length(const std::string& field, std::string_view value, std::size_t max_chars);

}  // namespace kibridge::storage::limits
