// Field rules: which InvenTree parameters become KiCad fields, under which name, shown or not.
//
// A rule list is a JSON array, kept as text: globally in the setting KICAD_FIELD_RULES, per
// KiCad category in its `field_rules`. Each rule is an object:
//   {"match": "Tolerance", "field": "Tol", "visible": true}
//   {"match": "Supplier*", "exclude": true}
//   match    a parameter template name, or a pattern where '*' stands for any run of
//            characters; compared ASCII case-insensitively, as InvenTree compares names.
//   exclude  true: the parameter is not served as a field (default false).
//   field    the field name KiCad gets instead of the template name (only for a match
//            without '*': a pattern would give several parameters one field name).
//   visible  true/false overrides the visibility lists (KICAD_FIELD_VISIBILITY_PARAMETER and
//            _GLOBAL); absent keeps them.
//
// Precedence: the rules of the part's KiCad category are tried first, then the global ones;
// the first rule that matches decides, and a parameter no rule matches is served as before
// (so an empty list changes nothing). First match, not "most specific": two patterns
// ("Tol*", "*ance") have no natural order of specificity, while a list read top to bottom
// gives the user one obvious answer, and the part's explanation can name the one rule that
// decided. To serve only some parameters, end a list with {"match": "*", "exclude": true}.
//
// Pure: parsing never touches the store; a parsed list is immutable and safe to share.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kibridge::kicad {

struct FieldRule {
  std::string match;          // as written
  std::string match_lower;    // ASCII-lowercased, for matching
  bool exclude = false;
  std::string field;          // rename; empty keeps the template's name
  std::optional<bool> visible;
  bool operator==(const FieldRule& o) const {
    return match == o.match && exclude == o.exclude && field == o.field && visible == o.visible;
  }
};

// Why these numbers: a rule list is applied to every parameter of every part rendered, so it
// stays short; 100 rules is far beyond what a library needs. Names follow InvenTree's
// template name limit (100 characters).
inline constexpr std::size_t kMaxFieldRules = 100;
inline constexpr std::size_t kMaxFieldRuleName = 100;

struct FieldRulesParse {
  std::optional<std::vector<FieldRule>> rules;  // set on success
  std::string error;                            // one sentence naming the rule, on failure
};

// Parses a rule list. Empty or blank text is the empty list.
FieldRulesParse parse_field_rules(std::string_view text);

// The canonical text of a rule list (compact JSON, keys in a fixed order; "" for no rules), as
// it is stored.
std::string field_rules_text(const std::vector<FieldRule>& rules);

// Whether `name_lower` (already ASCII-lowercased) matches `pattern_lower`, where '*' matches
// any run of characters.
bool field_rule_matches(std::string_view pattern_lower, std::string_view name_lower);

// The first rule of `rules` matching `name_lower`, or nullptr; `index` gets its 0-based index.
const FieldRule* first_matching_rule(const std::vector<FieldRule>& rules, std::string_view name_lower,
                                     std::size_t& index);

// KiCad's built-in field names (value, footprint, datasheet, reference, description,
// keywords; any letter case, compared as given): no parameter and no configured field may
// take them.
bool is_builtin_field_name(std::string_view name);

}  // namespace kibridge::kicad
