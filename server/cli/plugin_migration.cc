#include "server/cli/plugin_migration.h"

#include <sstream>
#include <tuple>

#include "server/kicad/settings.h"
#include "server/util/ascii_text.h"
#include "server/util/decimal_id.h"
#include "storage/limits.h"

namespace kibridge::cli {

const char* const kCategoriesNeedSuperuser =
    "KiCad categories: InvenTree answered 403 Forbidden. On InvenTree 1.4 and later only a superuser token may "
    "read the plugin's KiCad categories (GET /plugin/kicad-library-plugin/api/category/). Run migrate-plugin again "
    "with a superuser's API token (KIBRIDGE_INVENTREE_TOKEN or --token-file), or add the categories yourself with "
    "`kibridge categories add` (GET /plugin/kicad-library-plugin/v1/categories.json with this token lists which "
    "ones are enabled).";

const char* const kPluginNotActive =
    "the KiCad plugin (kicad-library-plugin) is not active on this InvenTree (its settings answer 404), so there "
    "is nothing to migrate. Activate it in InvenTree (Admin > Plugins) and run migrate-plugin again, or configure "
    "kibridge directly.";

namespace {

std::string in_quotes(const std::string& s) { return "'" + s + "'"; }

std::string template_label(const kicad::LibraryConfig& config, const std::optional<int64_t>& id) {
  if (!id) return "none";
  const auto* t = config.template_by_id(*id);
  return t == nullptr ? "#" + std::to_string(*id) : in_quotes(t->name) + " (#" + std::to_string(*id) + ")";
}

// How a template with InvenTree pk `id` is best stored: by name when the name leads back to
// the same template, else by pk.
std::string template_setting_value(const kicad::LibraryConfig& config, int64_t id) {
  const auto* t = config.template_by_id(id);
  if (t != nullptr && !t->name.empty() && !util::all_ascii_digits(t->name) && config.resolve_template(t->name) == id) {
    return t->name;
  }
  return std::to_string(id);
}

void plan_setting(const inventree::PluginSetting& s, const std::map<std::string, std::string>& effective,
                  const kicad::LibraryConfig& config, PluginMigrationPlan& plan) {
  const kicad::SettingInfo* info = kicad::find_setting(s.key);
  if (info == nullptr) {
    plan.not_carried.push_back("setting " + s.key + " = " + in_quotes(s.value) + ": kibridge has no such setting");
    return;
  }
  const std::string current = effective.at(s.key);
  std::string wanted;
  if (info->type == kicad::SettingType::kTemplate) {
    const std::string pk = util::trim(s.value);
    if (pk.empty()) {
      if (current.empty()) {
        plan.unchanged.push_back("setting " + s.key + ": not set");
      } else {
        plan.unchanged.push_back("setting " + s.key + ": not set in the plugin; kibridge keeps " + in_quotes(current));
      }
      return;
    }
    const auto parsed = util::parse_decimal_id(pk);
    if (!parsed) {
      plan.not_carried.push_back("setting " + s.key + " = " + in_quotes(s.value) + ": not a parameter template pk");
      return;
    }
    const int64_t id = *parsed;
    if (config.template_by_id(id) == nullptr) {
      plan.not_carried.push_back("setting " + s.key + ": parameter template #" + pk +
                                 " is not in kibridge's mirror; run `kibridge sync` first, then migrate again");
      return;
    }
    if (config.resolve_template(current) == id) {
      plan.unchanged.push_back("setting " + s.key + ": " + in_quotes(current));
      return;
    }
    wanted = template_setting_value(config, id);
  } else {
    const auto check = kicad::validate_setting(s.key, s.value);
    if (!check.normalised) {
      plan.not_carried.push_back("setting " + s.key + " = " + in_quotes(s.value) + ": " + check.error);
      return;
    }
    wanted = *check.normalised;
    const auto current_normal = kicad::validate_setting(s.key, current).normalised;
    if (current_normal == wanted) {
      plan.unchanged.push_back("setting " + s.key + ": " + in_quotes(current));
      return;
    }
  }
  plan.change.settings[s.key] = wanted;
  plan.changes.push_back("setting " + s.key + ": " + in_quotes(current) + " -> " + in_quotes(wanted));
}

// The plugin's template reference as a mirror id; false (and a reason) when the mirror lacks it.
bool resolve_ref(const std::optional<inventree::PluginTemplateRef>& ref, const kicad::LibraryConfig& config,
                 std::optional<int64_t>& out, std::string& reason) {
  out.reset();
  if (!ref) return true;
  if (config.template_by_id(ref->id) != nullptr) {
    out = ref->id;
    return true;
  }
  reason = "parameter template " + (ref->name.empty() ? "" : in_quotes(ref->name) + " ") + "#" +
           std::to_string(ref->id) + " is not in kibridge's mirror";
  return false;
}

void plan_category(const inventree::PluginCategory& c, const kicad::LibraryConfig& config, PluginMigrationPlan& plan) {
  const auto* mirrored = config.category(c.category_id);
  const std::string path = mirrored != nullptr ? mirrored->pathstring : c.category_path;
  const std::string label = "KiCad category " + (path.empty() ? "" : in_quotes(path) + " ") + "(InvenTree category #" +
                            std::to_string(c.category_id) + ")";
  if (mirrored == nullptr) {
    plan.not_carried.push_back(label + ": the category is not in kibridge's mirror; run `kibridge sync` first, "
                                       "then migrate again");
    return;
  }
  storage::KicadCategoryRecord wanted;
  wanted.category_id = c.category_id;
  wanted.default_symbol = c.default_symbol;
  wanted.default_footprint = c.default_footprint;
  wanted.default_reference = c.default_reference;
  std::string reason;
  if (!resolve_ref(c.default_value_parameter_template, config, wanted.default_value_parameter_template, reason) ||
      !resolve_ref(c.footprint_parameter_template, config, wanted.footprint_parameter_template, reason)) {
    plan.not_carried.push_back(label + ": " + reason + "; run `kibridge sync` first, then migrate again");
    return;
  }
  // The limits the Store enforces (storage/limits.h), checked here so the plan reports them.
  namespace limits = storage::limits;
  for (const auto& [field, value, limit] :
       {std::tuple{"default_symbol", &wanted.default_symbol, limits::kKicadText},
        std::tuple{"default_footprint", &wanted.default_footprint, limits::kKicadText},
        std::tuple{"default_reference", &wanted.default_reference, limits::kReference}}) {
    if (auto too_long = limits::length_error(*value, limit)) {
      plan.not_carried.push_back(label + ": " + field + ": " + *too_long);
      return;
    }
  }

  const storage::KicadCategoryRecord* existing = config.kicad_category_of(c.category_id);
  if (existing == nullptr) {
    plan.change.create_kicad_categories.push_back(wanted);
    plan.changes.push_back(label + ": new; symbol " + in_quotes(wanted.default_symbol) + ", footprint " +
                           in_quotes(wanted.default_footprint) + ", reference " + in_quotes(wanted.default_reference) +
                           ", value template " + template_label(config, wanted.default_value_parameter_template) +
                           ", footprint template " + template_label(config, wanted.footprint_parameter_template));
    return;
  }
  wanted.id = existing->id;
  if (wanted == *existing) {
    plan.unchanged.push_back(label);
    return;
  }
  std::vector<std::string> diffs;
  auto text_diff = [&](const char* field, const std::string& from, const std::string& to) {
    if (from != to) diffs.push_back(std::string(field) + " " + in_quotes(from) + " -> " + in_quotes(to));
  };
  auto template_diff = [&](const char* field, const std::optional<int64_t>& from, const std::optional<int64_t>& to) {
    if (from != to) diffs.push_back(std::string(field) + " " + template_label(config, from) + " -> " + template_label(config, to));
  };
  text_diff("default_symbol", existing->default_symbol, wanted.default_symbol);
  text_diff("default_footprint", existing->default_footprint, wanted.default_footprint);
  text_diff("default_reference", existing->default_reference, wanted.default_reference);
  template_diff("default_value_parameter_template", existing->default_value_parameter_template,
                wanted.default_value_parameter_template);
  template_diff("footprint_parameter_template", existing->footprint_parameter_template,
                wanted.footprint_parameter_template);
  plan.change.update_kicad_categories.push_back(wanted);
  std::string line = label + ":";
  for (size_t i = 0; i < diffs.size(); ++i) line += (i == 0 ? " " : "; ") + diffs[i];
  plan.changes.push_back(line);
}

}  // namespace

PluginMigrationPlan plan_plugin_migration(const std::vector<inventree::PluginSetting>& settings,
                                          const std::optional<std::vector<inventree::PluginCategory>>& categories,
                                          const std::string& categories_problem,
                                          const std::map<std::string, std::string>& stored_settings,
                                          const kicad::LibraryConfig& config) {
  PluginMigrationPlan plan;
  const auto effective = kicad::effective_settings(stored_settings);
  for (const auto& s : settings) plan_setting(s, effective, config, plan);
  if (categories) {
    for (const auto& c : *categories) plan_category(c, config, plan);
  } else {
    plan.not_carried.push_back(categories_problem);
  }
  return plan;
}

std::string plan_text(const PluginMigrationPlan& plan, bool applied) {
  std::ostringstream out;
  if (plan.empty()) {
    out << "Nothing to change: kibridge already holds what it can carry over.\n";
  } else {
    out << (applied ? "Changed:\n" : "Would change (run again with --apply to write):\n");
    for (const auto& line : plan.changes) out << "  " << line << "\n";
  }
  if (!plan.unchanged.empty()) out << "Already the same: " << plan.unchanged.size() << "\n";
  out << "Not carried over:\n";
  for (const auto& line : plan.not_carried) out << "  " << line << "\n";
  out << "  footprint mappings: the plugin has no REST endpoint for them (Django admin only); add them with\n"
         "    `kibridge mappings add` or write them into a file for `kibridge config apply`\n";
  return out.str();
}

}  // namespace kibridge::cli
