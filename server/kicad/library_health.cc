#include "server/kicad/library_health.h"

#include <algorithm>
#include <utility>

namespace kibridge::kicad {

namespace {

// The fixes, as the commands a user types (REST equivalents in the README).
constexpr const char* kAddCategory =
    "`kibridge categories add <InvenTree category>` (or POST /plugin/kicad-library-plugin/api/category/)";

std::string quoted(const std::string& name) { return "'" + name + "'"; }

// What differs between the two kinds of the installed-library check.
struct Kind {
  const char* noun;            // "symbol"
  const char* consequence;     // what KiCad does with a name it cannot find
  const char* option;          // the `categories set` option
  const char* part_parameter;  // the setting naming the parts' own parameter
  const char* dirs_setting;    // the setting naming the folders
  const std::vector<std::string>& (InstalledNames::*names)() const;
  std::map<std::string, size_t> ServedLibraryNames::*served;
  std::optional<MissingNames> KicadCategoryUse::*missing;
  std::optional<InstalledCheck> LibraryHealth::*check;
  std::vector<std::string> LibraryRoots::*roots;
};

const Kind kSymbols{"symbol", "KiCad places an empty box", "--symbol", "KICAD_SYMBOL_PARAMETER", "KICAD_SYMBOL_DIRS",
                    &InstalledNames::symbols, &ServedLibraryNames::symbols,
                    &KicadCategoryUse::missing_symbols, &LibraryHealth::installed_symbols,
                    &LibraryRoots::symbol_dirs};
const Kind kFootprints{"footprint", "the board gets no footprint", "--footprint", "KICAD_FOOTPRINT_PARAMETER",
                       "KICAD_FOOTPRINT_DIRS", &InstalledNames::footprints, &ServedLibraryNames::footprints,
                       &KicadCategoryUse::missing_footprints, &LibraryHealth::installed_footprints,
                       &LibraryRoots::footprint_dirs};

// Names shown in a warning line; the report (GET /api/diagnostics/) shows up to 20.
constexpr size_t kNamesInWarning = 5;

std::string listed(const MissingNames& m, size_t at_most) {
  std::string out;
  for (size_t i = 0; i < m.shown.size() && i < at_most; ++i) out += (i ? ", " : "") + m.shown[i];
  if (m.names > std::min(at_most, m.shown.size())) {
    out += " and " + std::to_string(m.names - std::min(at_most, m.shown.size())) + " more";
  }
  return out;
}

std::string plural(size_t n, const std::string& noun) { return std::to_string(n) + " " + noun + (n == 1 ? "" : "s"); }

void check_kind(LibraryHealth& h, const InstalledNames& installed, const Kind& kind) {
  const std::vector<std::string>& names = (installed.*kind.names)();
  InstalledCheck check;
  check.checked = !names.empty();
  check.roots = installed.roots().*kind.roots;
  check.installed_names = names.size();
  if (check.checked) {
    for (auto& c : h.categories) {
      MissingNames m;
      if (c.served) {
        for (const auto& [name, parts] : (*c.served).*kind.served) {
          if (std::binary_search(names.begin(), names.end(), name)) continue;
          m.parts += parts;
          ++m.names;
          if (m.shown.size() < kMaxMissingNamesShown) m.shown.push_back(name);
        }
      }
      check.missing_parts += m.parts;
      check.missing_names += m.names;
      if (m.names > 0) {
        h.warnings.push_back(
            "KiCad category " + quoted(std::as_const(c).name) + " (" + std::to_string(c.category_id) + "): " +
            plural(m.parts, "part") + (m.parts == 1 ? " is" : " are") + " served " + plural(m.names, kind.noun) +
            " not in the KiCad libraries installed here (" + kind.consequence + "): " + listed(m, kNamesInWarning) +
            ". Fix the name (the category's default: `kibridge categories set " + std::to_string(c.category_id) +
            " " + kind.option + " LIB:NAME`, or the parts' " + kind.part_parameter +
            " value), or install that library (or name its folder in " + kind.dirs_setting + ").");
      }
      c.*kind.missing = std::move(m);
    }
  }
  h.*kind.check = std::move(check);
}

nlohmann::json missing_json(const std::optional<MissingNames>& m) {
  if (!m) return nullptr;
  return {{"parts", m->parts}, {"names", m->names}, {"shown", m->shown}, {"more", m->names - m->shown.size()}};
}

nlohmann::json check_json(const InstalledCheck& c) {
  return {{"checked", c.checked},
          {"roots", c.roots},
          {"installed_names", c.installed_names},
          {"missing_parts", c.checked ? nlohmann::json(c.missing_parts) : nlohmann::json(nullptr)},
          {"missing_names", c.checked ? nlohmann::json(c.missing_names) : nlohmann::json(nullptr)}};
}

}  // namespace

LibraryHealth summarise_health(std::vector<KicadCategoryUse> categories) {
  LibraryHealth h;
  h.categories = std::move(categories);
  for (const auto& c : h.categories) {
    h.parts += c.parts;
    h.empty_symbol += c.empty_symbol;
  }
  if (h.categories.empty()) {
    h.warnings.push_back(std::string("KiCad sees an empty library: no KiCad categories are set up. Pull InvenTree "
                                     "if not done yet (`kibridge sync --inventree-url URL`), then add the InvenTree "
                                     "categories KiCad should show: ") +
                         kAddCategory + ".");
    return h;
  }
  if (h.parts == 0) {
    h.warnings.push_back("KiCad sees an empty library: its " + std::to_string(h.categories.size()) +
                         " KiCad categor" + (h.categories.size() == 1 ? "y holds" : "ies hold") +
                         " no parts. Pull InvenTree (`kibridge sync --inventree-url URL`), or add the categories "
                         "that hold parts: " + kAddCategory +
                         " (inactive and template parts are hidden: KICAD_HIDE_INACTIVE_PARTS, "
                         "KICAD_HIDE_TEMPLATE_PARTS).");
    return h;
  }
  for (const auto& c : h.categories) {
    if (c.parts == 0) {
      h.warnings.push_back("KiCad category " + quoted(c.name) + " (" + std::to_string(c.category_id) +
                           ") lists no parts: pull InvenTree, or check that the InvenTree category holds active parts.");
    }
    if (c.empty_symbol > 0) {
      h.warnings.push_back(std::to_string(c.empty_symbol) + " of " + std::to_string(c.parts) +
                           " parts in KiCad category " + quoted(c.name) +
                           " are served without a symbol (KiCad places an empty box): set the category's default "
                           "with `kibridge categories set " + std::to_string(c.category_id) +
                           " --symbol LIB:NAME`, or give the parts a KICAD_SYMBOL_PARAMETER value.");
    }
  }
  return h;
}

LibraryHealth check_installed(LibraryHealth health, const InstalledNames& installed) {
  check_kind(health, installed, kSymbols);
  check_kind(health, installed, kFootprints);
  return health;
}

nlohmann::json health_json(const LibraryHealth& health) {
  nlohmann::json categories = nlohmann::json::array();
  for (const auto& c : health.categories) {
    categories.push_back({{"id", c.category_id},
                          {"name", c.name},
                          {"parts", c.parts},
                          {"empty_symbol", c.empty_symbol},
                          {"missing_symbols", missing_json(c.missing_symbols)},
                          {"missing_footprints", missing_json(c.missing_footprints)}});
  }
  nlohmann::json installed = nullptr;
  if (health.installed_symbols && health.installed_footprints) {
    installed = {{"symbols", check_json(*health.installed_symbols)},
                 {"footprints", check_json(*health.installed_footprints)}};
  }
  return {{"kicad_categories", health.categories.size()},
          {"parts", health.parts},
          {"empty_symbol_parts", health.empty_symbol},
          {"empty_library", health.empty_library()},
          {"categories", categories},
          {"warnings", health.warnings},
          {"installed_libraries", installed}};
}

std::vector<std::string> installed_check_lines(const LibraryHealth& health) {
  std::vector<std::string> out;
  for (const Kind* kind : {&kSymbols, &kFootprints}) {
    const auto& check = health.*kind->check;
    if (!check) continue;
    std::string roots;
    for (const auto& r : check->roots) roots += (roots.empty() ? "" : ", ") + r;
    const std::string what = std::string(kind->noun) + "s: ";
    if (!check->checked) {
      out.push_back(what + "not checked, no KiCad " + kind->noun + " library under " + roots + " (name the folders in " +
                    kind->dirs_setting + ")");
    } else if (check->missing_names == 0) {
      out.push_back(what + "all found among the " + std::to_string(check->installed_names) + " under " + roots);
    } else {
      out.push_back(what + plural(check->missing_parts, "part") + " (" + plural(check->missing_names, "name") +
                    ") not among the " + std::to_string(check->installed_names) + " under " + roots);
    }
  }
  return out;
}

}  // namespace kibridge::kicad
