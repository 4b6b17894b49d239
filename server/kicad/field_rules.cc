#include "server/kicad/field_rules.h"

#include <nlohmann/json.hpp>

#include "server/util/ascii_text.h"
#include "server/util/utf8.h"

namespace kibridge::kicad {

namespace {

using nlohmann::json;

std::string rule_name(size_t index) { return "rule " + std::to_string(index + 1); }

}  // namespace

bool is_builtin_field_name(std::string_view name) {
  // Called for every parameter of every part rendered: no allocation.
  static constexpr std::string_view kBuiltin[] = {"value", "footprint", "datasheet",
                                                  "reference", "description", "keywords"};
  for (std::string_view builtin : kBuiltin) {
    if (util::equals_ignore_case(name, builtin)) return true;
  }
  return false;
}

bool field_rule_matches(std::string_view pattern, std::string_view name) {
  // Iterative glob with one backtrack point: linear in practice, never exponential.
  size_t p = 0, n = 0, star = std::string_view::npos, resume = 0;
  while (n < name.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = n;
    } else if (p < pattern.size() && pattern[p] == name[n]) {
      ++p;
      ++n;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      n = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

const FieldRule* first_matching_rule(const std::vector<FieldRule>& rules, std::string_view name_lower,
                                     size_t& index) {
  for (size_t i = 0; i < rules.size(); ++i) {
    if (field_rule_matches(rules[i].match_lower, name_lower)) {
      index = i;
      return &rules[i];
    }
  }
  return nullptr;
}

FieldRulesParse parse_field_rules(std::string_view text) {
  if (util::trim(std::string(text)).empty()) return {std::vector<FieldRule>{}, ""};
  const json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return {std::nullopt, "field rules are not valid JSON"};
  if (!doc.is_array()) return {std::nullopt, "field rules must be a JSON array of rule objects"};
  if (doc.size() > kMaxFieldRules) {
    return {std::nullopt, "at most " + std::to_string(kMaxFieldRules) + " field rules are allowed"};
  }
  std::vector<FieldRule> rules;
  for (size_t i = 0; i < doc.size(); ++i) {
    const json& item = doc[i];
    const std::string name = rule_name(i);
    if (!item.is_object()) return {std::nullopt, name + " is not an object"};
    FieldRule r;
    for (const auto& [key, value] : item.items()) {
      if (key == "match" || key == "field") {
        if (!value.is_string()) return {std::nullopt, name + ": \"" + key + "\" must be a string"};
        std::string s = util::trim(value.get<std::string>());
        if (s.empty()) return {std::nullopt, name + ": \"" + key + "\" must not be empty"};
        if (util::utf8_characters(s) > kMaxFieldRuleName) {
          return {std::nullopt, name + ": \"" + key + "\" is longer than " + std::to_string(kMaxFieldRuleName) +
                                    " characters"};
        }
        (key == "match" ? r.match : r.field) = std::move(s);
      } else if (key == "exclude" || key == "visible") {
        if (!value.is_boolean()) return {std::nullopt, name + ": \"" + key + "\" must be true or false"};
        if (key == "exclude") {
          r.exclude = value.get<bool>();
        } else {
          r.visible = value.get<bool>();
        }
      } else {
        return {std::nullopt, name + ": unknown key \"" + key + "\" (expected match, exclude, field, visible)"};
      }
    }
    if (r.match.empty()) return {std::nullopt, name + " has no \"match\""};
    if (r.exclude && (!r.field.empty() || r.visible)) {
      return {std::nullopt, name + ": an excluding rule takes no \"field\" or \"visible\""};
    }
    if (!r.field.empty() && r.match.find('*') != std::string::npos) {
      return {std::nullopt, name + ": a pattern cannot rename (several parameters would share one field name)"};
    }
    if (!r.field.empty() && is_builtin_field_name(r.field)) {
      return {std::nullopt, name + ": \"" + r.field + "\" is one of KiCad's built-in fields"};
    }
    r.match_lower = util::ascii_lower(r.match);
    rules.push_back(std::move(r));
  }
  return {std::move(rules), ""};
}

std::string field_rules_text(const std::vector<FieldRule>& rules) {
  if (rules.empty()) return "";
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& r : rules) {
    nlohmann::ordered_json j = {{"match", r.match}};
    if (r.exclude) j["exclude"] = true;
    if (!r.field.empty()) j["field"] = r.field;
    if (r.visible) j["visible"] = *r.visible;
    out.push_back(std::move(j));
  }
  return out.dump();
}

}  // namespace kibridge::kicad
