#include "storage/limits.h"

#include <utility>

#include "server/util/utf8.h"
#include "storage/errors.h"

namespace kibridge::storage::limits {

std::size_t setting_limit(std::string_view key) {
  // Settings whose value is something else than one short line.
  static constexpr std::pair<std::string_view, std::size_t> kOwn[] = {
      {"INVENTREE_URL", kUrl},
      {"KICAD_SYMBOL_PARAMETER", kTemplateName},
      {"KICAD_FOOTPRINT_PARAMETER", kTemplateName},
      {"KICAD_REFERENCE_PARAMETER", kTemplateName},
      {"KICAD_VALUE_PARAMETER", kTemplateName},
      {"KICAD_FIELD_VISIBILITY_PARAMETER", kTemplateName},
      {"KICAD_FIELD_VISIBILITY_PARAMETER_GLOBAL", kTemplateName},
      {"KICAD_EXCLUDE_FROM_BOM_PARAMETER", kTemplateName},
      {"KICAD_EXCLUDE_FROM_BOARD_PARAMETER", kTemplateName},
      {"KICAD_EXCLUDE_FROM_SIM_PARAMETER", kTemplateName},
      {"IMPORT_INVENTREE_ID_IDENTIFIER", kTemplateName},  // a KiCad field name
      {"IMPORT_HTTP_LIBRARY_NAMES", kNameList},
      {"KICAD_SYMBOL_DIRS", kNameList},  // folder lists
      {"KICAD_FOOTPRINT_DIRS", kNameList},
      {"KICAD_FIELD_RULES", kJsonRules},
      {"KICAD_SUPPLIER_FIELDS", kJsonRules},
      {"KICAD_MPN_FIELD", kTemplateName},  // a KiCad field name
  };
  for (const auto& [name, limit] : kOwn) {
    if (name == key) return limit;
  }
  return kSettingDefault;
}

std::size_t outbox_value_limit(WritebackField field) {
  return field == WritebackField::kDatasheet ? kUrl : kParameterData;
}

std::optional<std::string> length_error(std::string_view value, std::size_t max_chars) {
  // Bytes bound characters from above: most values need no count.
  if (value.size() <= max_chars || util::utf8_characters(value) <= max_chars) return std::nullopt;
  return "Ensure this field has no more than " + std::to_string(max_chars) + " characters.";
}

std::optional<std::string> library_name_error(std::string_view name) {
  const auto allowed = [](char c, bool first) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    return alnum || (!first && (c == '_' || c == '.' || c == '-'));
  };
  if (name.empty()) return "This field may not be blank.";
  if (name.size() > kLibraryName) return "Ensure this field has no more than " + std::to_string(kLibraryName) + " characters.";
  for (size_t i = 0; i < name.size(); ++i) {
    if (!allowed(name[i], i == 0)) {
      return "Use letters, digits, '_', '.' and '-' only, starting with a letter or digit (it becomes a URL path "
             "segment).";
    }
  }
  if (name == kDefaultLibraryName) return "'default' names the default library; choose another name.";
  return std::nullopt;
}

void check_length(const std::string& field, std::string_view value, std::size_t max_chars) {
  if (auto message = length_error(value, max_chars)) throw ValidationError(field, *message);
}

}  // namespace kibridge::storage::limits
