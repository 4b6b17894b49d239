#include "server/demo/demo_catalog.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

#include "storage/store.h"
#include "tests/support/temp_db.h"

namespace kibridge::demo {
namespace {

using storage::CategoryRecord;
using storage::PartRecord;

// Catalogues are built once per size: the large ones take a noticeable fraction of a second.
const DemoCatalog& catalog_of(int part_count) {
  static std::map<int, DemoCatalog> cache;
  auto it = cache.find(part_count);
  if (it == cache.end()) it = cache.emplace(part_count, make_demo_catalog(part_count)).first;
  return it->second;
}
const DemoCatalog& default_catalog() { return catalog_of(kDefaultDemoParts); }
const DemoCatalog& largest_catalog() { return catalog_of(max_demo_parts()); }

int64_t template_id(const DemoCatalog& catalog, const std::string& name) {
  for (const auto& t : catalog.mirror.templates) {
    if (t.name == name) return t.id;
  }
  ADD_FAILURE() << "no template " << name;
  return 0;
}

// Parameter data by part id and template id.
std::map<int64_t, std::map<int64_t, std::string>> parameters_by_part(const DemoCatalog& catalog) {
  std::map<int64_t, std::map<int64_t, std::string>> result;
  for (const auto& p : catalog.mirror.parameters) result[p.part_id][p.template_id] = p.data;
  return result;
}

template <typename Record>
void expect_ids_are_one_to_n(const std::vector<Record>& records, const char* table) {
  for (size_t i = 0; i < records.size(); ++i) {
    if (records[i].id != static_cast<int64_t>(i) + 1) {
      ADD_FAILURE() << table << " row " << i << " has id " << records[i].id;
      return;
    }
  }
}

TEST(DemoCatalogTest, SameCountGivesIdenticalCatalog) {
  DemoCatalog a = make_demo_catalog(kDefaultDemoParts);
  DemoCatalog b = make_demo_catalog(kDefaultDemoParts);
  EXPECT_EQ(a.mirror.categories, b.mirror.categories);
  EXPECT_EQ(a.mirror.templates, b.mirror.templates);
  EXPECT_EQ(a.mirror.parts, b.mirror.parts);
  EXPECT_EQ(a.mirror.parameters, b.mirror.parameters);
  EXPECT_EQ(a.mirror.attachments, b.mirror.attachments);
  EXPECT_EQ(a.mirror.manufacturer_parts, b.mirror.manufacturer_parts);
  EXPECT_EQ(a.mirror.supplier_parts, b.mirror.supplier_parts);
  EXPECT_EQ(a.kicad_categories, b.kicad_categories);
  EXPECT_EQ(a.footprint_mappings, b.footprint_mappings);
  EXPECT_EQ(a.settings, b.settings);
}

TEST(DemoCatalogTest, HasExactlyTheRequestedNumberOfParts) {
  for (int count : {0, 1, 11, 999, 1000, 5000, 100000}) {
    EXPECT_EQ(catalog_of(count).mirror.parts.size(), static_cast<size_t>(count)) << count;
  }
  EXPECT_EQ(largest_catalog().mirror.parts.size(), static_cast<size_t>(max_demo_parts()));
}

TEST(DemoCatalogTest, ScalesWellBeyondAHundredThousandParts) { EXPECT_GE(max_demo_parts(), 200000); }

TEST(DemoCatalogTest, RejectsImpossibleCounts) {
  EXPECT_THROW(make_demo_catalog(-1), std::invalid_argument);
  EXPECT_THROW(make_demo_catalog(max_demo_parts() + 1), std::invalid_argument);
}

TEST(DemoCatalogTest, NamesAndIpnsAreUniqueEvenInTheLargestCatalog) {
  for (const DemoCatalog* catalog : {&default_catalog(), &largest_catalog()}) {
    std::set<std::string> names;
    std::set<std::string> ipns;
    for (const PartRecord& part : catalog->mirror.parts) {
      EXPECT_FALSE(part.name.empty());
      EXPECT_TRUE(names.insert(part.name).second) << "duplicate name " << part.name;
      EXPECT_TRUE(ipns.insert(part.ipn).second) << "duplicate IPN " << part.ipn;
    }
  }
}

TEST(DemoCatalogTest, CategoryTreeListsParentsFirstWithFullPaths) {
  const auto& categories = default_catalog().mirror.categories;
  std::map<int64_t, const CategoryRecord*> seen;
  for (const CategoryRecord& category : categories) {
    if (category.parent_id) {
      auto parent = seen.find(*category.parent_id);
      ASSERT_NE(parent, seen.end()) << category.name << " comes before its parent";
      EXPECT_EQ(category.pathstring, parent->second->pathstring + "/" + category.name);
    } else {
      EXPECT_EQ(category.pathstring, category.name);
    }
    EXPECT_TRUE(seen.emplace(category.id, &category).second) << "duplicate category id " << category.id;
  }
  std::set<std::string> paths;
  for (const CategoryRecord& category : categories) paths.insert(category.pathstring);
  for (const char* path : {"Electronics/Passives/Resistors", "Electronics/Passives/Capacitors/Ceramic",
                           "Electronics/Passives/Capacitors/Electrolytic", "Electronics/Semiconductors/LEDs",
                           "Electronics/Semiconductors/ICs/Microcontrollers", "Electronics/Connectors/Pin Headers",
                           "Mechanical/Screws"}) {
    EXPECT_TRUE(paths.count(path)) << path;
  }
}

// Every reference between records points at an existing record, and nothing breaks the
// store's uniqueness rules (one value per part and template).
void expect_consistent(const DemoCatalog& catalog) {
  const auto& mirror = catalog.mirror;
  expect_ids_are_one_to_n(mirror.parts, "part");
  expect_ids_are_one_to_n(mirror.parameters, "parameter");
  expect_ids_are_one_to_n(mirror.attachments, "attachment");
  expect_ids_are_one_to_n(mirror.manufacturer_parts, "manufacturer part");
  expect_ids_are_one_to_n(mirror.supplier_parts, "supplier part");

  std::map<int64_t, bool> structural;
  for (const auto& c : mirror.categories) structural[c.id] = c.structural;
  std::set<int64_t> templates;
  for (const auto& t : mirror.templates) EXPECT_TRUE(templates.insert(t.id).second);
  const auto part_exists = [&](int64_t id) { return id >= 1 && id <= static_cast<int64_t>(mirror.parts.size()); };

  for (const PartRecord& part : mirror.parts) {
    ASSERT_TRUE(part.category_id.has_value()) << part.name;
    ASSERT_TRUE(structural.count(*part.category_id)) << part.name;
    EXPECT_FALSE(structural[*part.category_id]) << part.name << " sits in a structural category";
    EXPECT_GE(part.total_in_stock, part.unallocated_stock) << part.name;
    EXPECT_GE(part.unallocated_stock, 0) << part.name;
  }
  std::set<std::pair<int64_t, int64_t>> part_templates;
  for (const auto& p : mirror.parameters) {
    EXPECT_TRUE(part_exists(p.part_id));
    EXPECT_TRUE(templates.count(p.template_id));
    EXPECT_FALSE(p.data.empty());
    EXPECT_TRUE(part_templates.insert({p.part_id, p.template_id}).second)
        << "part " << p.part_id << " has two values for template " << p.template_id;
  }
  for (const auto& a : mirror.attachments) {
    EXPECT_TRUE(part_exists(a.part_id));
    EXPECT_EQ(a.comment, "datasheet");
    EXPECT_TRUE(a.link.rfind("http", 0) == 0) << a.link;
  }
  std::map<int64_t, int64_t> part_of_manufacturer_part;
  for (const auto& m : mirror.manufacturer_parts) {
    EXPECT_TRUE(part_exists(m.part_id));
    EXPECT_FALSE(m.manufacturer.empty());
    part_of_manufacturer_part[m.id] = m.part_id;
  }
  for (const auto& s : mirror.supplier_parts) {
    EXPECT_TRUE(part_exists(s.part_id));
    ASSERT_TRUE(s.manufacturer_part_id.has_value());
    EXPECT_EQ(part_of_manufacturer_part[*s.manufacturer_part_id], s.part_id);
    EXPECT_FALSE(s.sku.empty());
  }
}

TEST(DemoCatalogTest, RecordsReferenceExistingRecords) {
  expect_consistent(default_catalog());
  expect_consistent(catalog_of(5000));
}

TEST(DemoCatalogTest, LargestCatalogIsConsistentToo) { expect_consistent(largest_catalog()); }

TEST(DemoCatalogTest, EveryPartHasTwoToFiveParameters) {
  for (const DemoCatalog* catalog : {&default_catalog(), &largest_catalog()}) {
    auto parameters = parameters_by_part(*catalog);
    for (const PartRecord& part : catalog->mirror.parts) {
      size_t count = parameters[part.id].size();
      EXPECT_GE(count, 2u) << part.name;
      EXPECT_LE(count, 5u) << part.name;
    }
  }
}

TEST(DemoCatalogTest, LargeCatalogsAverageAboutThreeParametersPerPart) {
  const DemoCatalog& catalog = catalog_of(100000);
  double per_part = static_cast<double>(catalog.mirror.parameters.size()) / catalog.mirror.parts.size();
  EXPECT_GT(per_part, 2.7);
  EXPECT_LT(per_part, 3.4);
}

TEST(DemoCatalogTest, DefaultCatalogGivesEverySettingSomethingToActOn) {
  const DemoCatalog& catalog = default_catalog();
  int inactive = 0, templates = 0, out_of_stock = 0;
  std::set<int64_t> categories_with_parts;
  for (const PartRecord& part : catalog.mirror.parts) {
    inactive += part.active ? 0 : 1;
    templates += part.is_template ? 1 : 0;
    out_of_stock += part.total_in_stock == 0 ? 1 : 0;
    categories_with_parts.insert(*part.category_id);
  }
  EXPECT_GE(inactive, 2);
  EXPECT_LE(inactive, 20);
  EXPECT_EQ(templates, 1);
  EXPECT_GT(out_of_stock, 0);
  EXPECT_LT(out_of_stock, 300);
  for (const CategoryRecord& category : catalog.mirror.categories) {
    if (!category.structural) {
      EXPECT_TRUE(categories_with_parts.count(category.id)) << category.pathstring;
    }
  }
  EXPECT_GT(catalog.mirror.attachments.size(), 100u);
  EXPECT_GT(catalog.mirror.manufacturer_parts.size(), 900u);
  EXPECT_GT(catalog.mirror.supplier_parts.size(), 500u);
}

TEST(DemoCatalogTest, KicadCategoriesAndMappingsReferenceExistingRecords) {
  const DemoCatalog& catalog = default_catalog();
  std::map<int64_t, const CategoryRecord*> categories;
  for (const auto& c : catalog.mirror.categories) categories[c.id] = &c;
  std::set<int64_t> templates;
  for (const auto& t : catalog.mirror.templates) templates.insert(t.id);

  std::set<int64_t> kicad_categories;
  for (const auto& kicad : catalog.kicad_categories) {
    ASSERT_TRUE(categories.count(kicad.category_id));
    EXPECT_FALSE(categories[kicad.category_id]->structural);
    EXPECT_TRUE(kicad_categories.insert(kicad.category_id).second) << "second KiCad category";
    if (kicad.footprint_parameter_template) {
      EXPECT_TRUE(templates.count(*kicad.footprint_parameter_template));
    }
    if (kicad.default_value_parameter_template) {
      EXPECT_TRUE(templates.count(*kicad.default_value_parameter_template));
    }
    EXPECT_FALSE(kicad.default_reference.empty());
  }
  EXPECT_EQ(kicad_categories.size(), 10u);
  for (const auto& c : catalog.mirror.categories) {
    if (c.name == "Screws") {
      EXPECT_FALSE(kicad_categories.count(c.id)) << "screws must not reach KiCad";
    }
  }

  std::set<std::pair<int64_t, std::string>> mapped;
  for (const auto& mapping : catalog.footprint_mappings) {
    EXPECT_TRUE(kicad_categories.count(mapping.category_id));
    EXPECT_TRUE(mapped.insert({mapping.category_id, mapping.parameter_value}).second)
        << "two mappings for " << mapping.parameter_value;
  }
  const auto resistors = std::find_if(catalog.kicad_categories.begin(), catalog.kicad_categories.end(),
                                      [&](const auto& k) { return categories[k.category_id]->name == "Resistors"; });
  ASSERT_NE(resistors, catalog.kicad_categories.end());
  EXPECT_EQ(resistors->default_symbol, "Device:R");
  EXPECT_EQ(resistors->default_reference, "R");
  EXPECT_TRUE(mapped.count({resistors->category_id, "0603"}));
}

TEST(DemoCatalogTest, TemplateSettingsNameExistingTemplates) {
  const DemoCatalog& catalog = default_catalog();
  EXPECT_EQ(catalog.settings.at("KICAD_SYMBOL_PARAMETER"), "KiCad Symbol");
  EXPECT_EQ(catalog.settings.at("KICAD_FOOTPRINT_PARAMETER"), "KiCad Footprint");
  EXPECT_EQ(catalog.settings.at("KICAD_REFERENCE_PARAMETER"), "KiCad Reference");
  for (const auto& [key, value] : catalog.settings) {
    if (key.size() > 10 && key.compare(key.size() - 10, 10, "_PARAMETER") == 0) template_id(catalog, value);
  }
}

// What KiCad would get for each part, following the plugin's precedence rules: every part
// in a KiCad category resolves to a symbol and (template parts aside) a footprint, and a
// footprint taken from the Package parameter always has a mapping.
void expect_every_kicad_part_resolves(const DemoCatalog& catalog) {
  auto parameters = parameters_by_part(catalog);
  int64_t symbol_template = template_id(catalog, catalog.settings.at("KICAD_SYMBOL_PARAMETER"));
  int64_t footprint_template = template_id(catalog, catalog.settings.at("KICAD_FOOTPRINT_PARAMETER"));
  std::map<int64_t, const storage::KicadCategoryRecord*> kicad_by_category;
  for (const auto& kicad : catalog.kicad_categories) kicad_by_category[kicad.category_id] = &kicad;
  std::set<std::pair<int64_t, std::string>> mapped;
  for (const auto& mapping : catalog.footprint_mappings) mapped.insert({mapping.category_id, mapping.parameter_value});

  for (const PartRecord& part : catalog.mirror.parts) {
    auto kicad = kicad_by_category.find(*part.category_id);
    if (kicad == kicad_by_category.end()) continue;
    const auto& values = parameters[part.id];
    std::string symbol = kicad->second->default_symbol;
    if (values.count(symbol_template)) symbol = values.at(symbol_template);
    EXPECT_NE(symbol.find(':'), std::string::npos) << part.name << " has no symbol";

    if (part.is_template) continue;
    int64_t footprint_source = kicad->second->footprint_parameter_template.value_or(footprint_template);
    ASSERT_TRUE(values.count(footprint_source)) << part.name << " has no footprint";
    if (kicad->second->footprint_parameter_template) {
      EXPECT_TRUE(mapped.count({part.category_id.value(), values.at(footprint_source)}))
          << part.name << ": package " << values.at(footprint_source) << " has no footprint mapping";
    } else {
      EXPECT_NE(values.at(footprint_source).find(':'), std::string::npos) << part.name;
    }
  }
}

TEST(DemoCatalogTest, EveryKicadPartResolvesToASymbolAndFootprint) {
  expect_every_kicad_part_resolves(default_catalog());
  expect_every_kicad_part_resolves(largest_catalog());
}

// KiCad's own libraries, when installed (`make deps-kicad` plus the kicad-symbols and
// kicad-footprints packages): every name the catalogue uses must exist there.
TEST(DemoCatalogTest, UsesOnlySymbolsAndFootprintsFromKicadLibraries) {
  const std::filesystem::path kicad = "/usr/share/kicad";
  if (!std::filesystem::exists(kicad / "symbols") || !std::filesystem::exists(kicad / "footprints")) {
    GTEST_SKIP() << "KiCad libraries not installed under " << kicad;
  }
  const DemoCatalog& catalog = largest_catalog();
  std::set<std::string> symbols;
  std::set<std::string> footprints;
  for (const auto& kicad_category : catalog.kicad_categories) {
    if (!kicad_category.default_symbol.empty()) symbols.insert(kicad_category.default_symbol);
  }
  for (const auto& mapping : catalog.footprint_mappings) footprints.insert(mapping.kicad_footprint);
  int64_t symbol_template = template_id(catalog, "KiCad Symbol");
  int64_t footprint_template = template_id(catalog, "KiCad Footprint");
  for (const auto& p : catalog.mirror.parameters) {
    if (p.template_id == symbol_template) symbols.insert(p.data);
    if (p.template_id == footprint_template) footprints.insert(p.data);
  }
  EXPECT_GT(symbols.size(), 100u);
  EXPECT_GT(footprints.size(), 150u);

  std::map<std::string, std::string> library_text;
  for (const std::string& symbol : symbols) {
    std::string library = symbol.substr(0, symbol.find(':'));
    std::string name = symbol.substr(symbol.find(':') + 1);
    if (!library_text.count(library)) {
      std::ifstream file(kicad / "symbols" / (library + ".kicad_sym"));
      std::stringstream text;
      text << file.rdbuf();
      library_text[library] = text.str();
    }
    EXPECT_NE(library_text[library].find("(symbol \"" + name + "\""), std::string::npos)
        << "KiCad has no symbol " << symbol;
  }
  for (const std::string& footprint : footprints) {
    std::string library = footprint.substr(0, footprint.find(':'));
    std::string name = footprint.substr(footprint.find(':') + 1);
    EXPECT_TRUE(std::filesystem::exists(kicad / "footprints" / (library + ".pretty") / (name + ".kicad_mod")))
        << "KiCad has no footprint " << footprint;
  }
}

TEST(SeedDemoTest, FillsAnEmptyStoreWithTheCatalogAndItsKicadConfiguration) {
  kibridge::testing::TempDb db;
  storage::Store store(db.path());
  seed_demo(store, kDefaultDemoParts);

  const DemoCatalog& catalog = default_catalog();
  storage::MirrorCounts counts = store.mirror().counts();
  EXPECT_EQ(counts.categories, static_cast<int64_t>(catalog.mirror.categories.size()));
  EXPECT_EQ(counts.parameter_templates, static_cast<int64_t>(catalog.mirror.templates.size()));
  EXPECT_EQ(counts.parts, kDefaultDemoParts);
  EXPECT_EQ(counts.parameters, static_cast<int64_t>(catalog.mirror.parameters.size()));
  EXPECT_EQ(counts.attachments, static_cast<int64_t>(catalog.mirror.attachments.size()));
  EXPECT_EQ(counts.manufacturer_parts, static_cast<int64_t>(catalog.mirror.manufacturer_parts.size()));
  EXPECT_EQ(counts.supplier_parts, static_cast<int64_t>(catalog.mirror.supplier_parts.size()));
  EXPECT_EQ(store.mirror().parts(), catalog.mirror.parts);

  auto kicad = store.configuration().kicad_categories();
  ASSERT_EQ(kicad.size(), catalog.kicad_categories.size());
  std::map<int64_t, int64_t> category_of_kicad;
  for (size_t i = 0; i < kicad.size(); ++i) {
    EXPECT_EQ(kicad[i].category_id, catalog.kicad_categories[i].category_id);
    EXPECT_EQ(kicad[i].default_symbol, catalog.kicad_categories[i].default_symbol);
    EXPECT_EQ(kicad[i].footprint_parameter_template, catalog.kicad_categories[i].footprint_parameter_template);
    category_of_kicad[kicad[i].id] = kicad[i].category_id;
  }
  auto mappings = store.configuration().footprint_mappings();
  ASSERT_EQ(mappings.size(), catalog.footprint_mappings.size());
  for (size_t i = 0; i < mappings.size(); ++i) {
    EXPECT_EQ(category_of_kicad[mappings[i].kicad_category_id], catalog.footprint_mappings[i].category_id);
    EXPECT_EQ(mappings[i].parameter_value, catalog.footprint_mappings[i].parameter_value);
    EXPECT_EQ(mappings[i].kicad_footprint, catalog.footprint_mappings[i].kicad_footprint);
  }
  auto settings = store.configuration().settings();
  for (const auto& [key, value] : catalog.settings) EXPECT_EQ(settings[key], value) << key;
}

TEST(SeedDemoTest, RefusesAStoreThatAlreadyHoldsDataAndLeavesItAlone) {
  kibridge::testing::TempDb db;
  storage::Store store(db.path());
  seed_demo(store, 50);
  auto kicad_before = store.configuration().kicad_categories();

  EXPECT_THROW(seed_demo(store, kDefaultDemoParts), std::runtime_error);
  EXPECT_EQ(store.mirror().counts().parts, 50);
  EXPECT_EQ(store.configuration().kicad_categories(), kicad_before);
}

TEST(SeedDemoTest, RejectsABadCountWithoutWriting) {
  kibridge::testing::TempDb db;
  storage::Store store(db.path());
  EXPECT_THROW(seed_demo(store, -5), std::invalid_argument);
  EXPECT_TRUE(store.mirror().mirror_empty());
  EXPECT_TRUE(store.configuration().kicad_categories().empty());
}

}  // namespace
}  // namespace kibridge::demo
