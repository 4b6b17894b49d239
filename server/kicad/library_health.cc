#include "server/kicad/library_health.h"

namespace kibridge::kicad {

namespace {

// The fixes, as the commands a user types (REST equivalents in the README).
constexpr const char* kAddCategory =
    "`kibridge categories add <InvenTree category>` (or POST /plugin/kicad-library-plugin/api/category/)";

std::string quoted(const std::string& name) { return "'" + name + "'"; }

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

nlohmann::json health_json(const LibraryHealth& health) {
  nlohmann::json categories = nlohmann::json::array();
  for (const auto& c : health.categories) {
    categories.push_back(
        {{"id", c.category_id}, {"name", c.name}, {"parts", c.parts}, {"empty_symbol", c.empty_symbol}});
  }
  return {{"kicad_categories", health.categories.size()},
          {"parts", health.parts},
          {"empty_symbol_parts", health.empty_symbol},
          {"empty_library", health.empty_library()},
          {"categories", categories},
          {"warnings", health.warnings}};
}

}  // namespace kibridge::kicad
