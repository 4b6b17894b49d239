#include "server/demo/demo_catalog.h"

#include <algorithm>
#include <stdexcept>

#include "server/demo/catalog_builder.h"
#include "server/demo/demo_ids.h"
#include "server/demo/part_family.h"
#include "storage/store.h"

namespace kibridge::demo {
namespace {

std::vector<storage::CategoryRecord> demo_categories() {
  struct Row {
    int64_t id;
    int64_t parent;  // 0: top level
    const char* name;
    const char* description;
    bool structural;
  };
  // Grouping categories are structural (InvenTree keeps parts out of them); parts live in
  // the leaves. Screws are deliberately not a KiCad category.
  constexpr Row kRows[] = {
      {category::kElectronics, 0, "Electronics", "Electronic components", true},
      {category::kPassives, category::kElectronics, "Passives", "Resistors, capacitors and inductors", true},
      {category::kResistors, category::kPassives, "Resistors", "Fixed chip resistors", false},
      {category::kCapacitors, category::kPassives, "Capacitors", "Capacitors", true},
      {category::kCeramicCapacitors, category::kCapacitors, "Ceramic", "Multilayer ceramic chip capacitors", false},
      {category::kElectrolyticCapacitors, category::kCapacitors, "Electrolytic", "Aluminium electrolytic capacitors", false},
      {category::kSemiconductors, category::kElectronics, "Semiconductors", "Discrete semiconductors and ICs", true},
      {category::kLeds, category::kSemiconductors, "LEDs", "Indicator LEDs", false},
      {category::kDiodes, category::kSemiconductors, "Diodes", "Rectifier, Schottky, zener and TVS diodes", false},
      {category::kIntegratedCircuits, category::kSemiconductors, "ICs", "Integrated circuits", true},
      {category::kVoltageRegulators, category::kIntegratedCircuits, "Voltage Regulators", "Linear regulators and LDOs", false},
      {category::kOpAmps, category::kIntegratedCircuits, "Op-Amps", "Operational amplifiers", false},
      {category::kMicrocontrollers, category::kIntegratedCircuits, "Microcontrollers", "Microcontrollers and SoCs", false},
      {category::kConnectors, category::kElectronics, "Connectors", "Connectors", true},
      {category::kPinHeaders, category::kConnectors, "Pin Headers", "2.54mm pin headers and sockets", false},
      {category::kUsbConnectors, category::kConnectors, "USB", "USB connectors", false},
      {category::kMechanical, 0, "Mechanical", "Mechanical parts", true},
      {category::kScrews, category::kMechanical, "Screws", "Metric machine screws", false},
  };
  std::vector<storage::CategoryRecord> categories;
  for (const Row& row : kRows) {
    storage::CategoryRecord record;
    record.id = row.id;
    record.name = row.name;
    record.description = row.description;
    record.structural = row.structural;
    record.pathstring = row.name;
    if (row.parent != 0) {
      record.parent_id = row.parent;
      // Parents come first, so the parent's path is already known.
      auto parent = std::find_if(categories.begin(), categories.end(),
                                 [&](const storage::CategoryRecord& c) { return c.id == row.parent; });
      record.pathstring = parent->pathstring + "/" + row.name;
    }
    categories.push_back(std::move(record));
  }
  return categories;
}

std::vector<storage::ParameterTemplateRecord> demo_parameter_templates() {
  struct Row {
    int64_t id;
    const char* name;
    const char* units;
    const char* description;
  };
  constexpr Row kRows[] = {
      {parameter::kResistance, "Resistance", "ohm", "Nominal resistance"},
      {parameter::kCapacitance, "Capacitance", "F", "Nominal capacitance"},
      {parameter::kTolerance, "Tolerance", "%", "Tolerance of the nominal value"},
      {parameter::kPower, "Power", "W", "Rated power"},
      {parameter::kVoltage, "Voltage", "V", "Rated, output or forward voltage"},
      {parameter::kPackage, "Package", "", "Package or case"},
      {parameter::kKicadSymbol, "KiCad Symbol", "", "KiCad symbol, Library:Name"},
      {parameter::kKicadFootprint, "KiCad Footprint", "", "KiCad footprint, Library:Name"},
      {parameter::kKicadReference, "KiCad Reference", "", "Reference designator prefix"},
      {parameter::kDielectric, "Dielectric", "", "Ceramic dielectric class"},
      {parameter::kColour, "Colour", "", "Emitted colour"},
      {parameter::kCurrent, "Current", "A", "Rated current"},
      {parameter::kPins, "Pins", "", "Number of pins"},
      {parameter::kThread, "Thread", "", "Thread size"},
      {parameter::kLength, "Length", "mm", "Length"},
  };
  std::vector<storage::ParameterTemplateRecord> templates;
  for (const Row& row : kRows) {
    templates.push_back({row.id, row.name, row.units, row.description});
  }
  return templates;
}

// The KiCad categories: passives, LEDs and diodes get their symbol from the category and
// their footprint from the Package parameter through footprint mappings; ICs and connectors
// name symbol and footprint per part.
std::vector<storage::KicadCategoryRecord> demo_kicad_categories() {
  auto kicad = [](int64_t category_id, const char* symbol, const char* reference,
                  std::optional<int64_t> value_template, std::optional<int64_t> footprint_template) {
    storage::KicadCategoryRecord record;
    record.category_id = category_id;
    record.default_symbol = symbol;
    record.default_reference = reference;
    record.default_value_parameter_template = value_template;
    record.footprint_parameter_template = footprint_template;
    return record;
  };
  return {
      kicad(category::kResistors, "Device:R", "R", parameter::kResistance, parameter::kPackage),
      kicad(category::kCeramicCapacitors, "Device:C", "C", parameter::kCapacitance, parameter::kPackage),
      kicad(category::kElectrolyticCapacitors, "Device:C_Polarized", "C", parameter::kCapacitance, parameter::kPackage),
      kicad(category::kLeds, "Device:LED", "D", parameter::kColour, parameter::kPackage),
      kicad(category::kDiodes, "Device:D", "D", std::nullopt, parameter::kPackage),
      kicad(category::kVoltageRegulators, "", "U", std::nullopt, std::nullopt),
      kicad(category::kOpAmps, "", "U", std::nullopt, std::nullopt),
      kicad(category::kMicrocontrollers, "", "U", std::nullopt, std::nullopt),
      kicad(category::kPinHeaders, "", "J", std::nullopt, std::nullopt),
      kicad(category::kUsbConnectors, "", "J", std::nullopt, std::nullopt),
  };
}

std::map<std::string, std::string> demo_settings() {
  return {
      {"KICAD_SYMBOL_PARAMETER", "KiCad Symbol"},
      {"KICAD_FOOTPRINT_PARAMETER", "KiCad Footprint"},
      {"KICAD_REFERENCE_PARAMETER", "KiCad Reference"},
      {"KICAD_FIELD_VISIBILITY_PARAMETER_GLOBAL", "Tolerance,Voltage"},
  };
}

// How many parts each family contributes to a catalogue of `part_count` parts: its weighted
// share (at most its capacity), then whatever is left to the families in order.
std::vector<int> allocate(const std::vector<WeightedFamily>& families, const std::vector<int>& capacities,
                          int part_count) {
  int64_t total_weight = 0;
  for (const WeightedFamily& entry : families) total_weight += entry.weight;
  std::vector<int> counts(families.size());
  int left = part_count;
  for (size_t i = 0; i < families.size(); ++i) {
    int64_t share = static_cast<int64_t>(part_count) * families[i].weight / total_weight;
    counts[i] = static_cast<int>(std::min<int64_t>(share, capacities[i]));
    left -= counts[i];
  }
  for (size_t i = 0; i < families.size() && left > 0; ++i) {
    int extra = std::min(left, capacities[i] - counts[i]);
    counts[i] += extra;
    left -= extra;
  }
  return counts;
}

// Capacities of demo_part_families(), in order. Families are immutable, so they are counted
// once per process.
const std::vector<int>& family_capacities() {
  static const std::vector<int> capacities = [] {
    std::vector<int> result;
    for (const WeightedFamily& entry : demo_part_families()) result.push_back(entry.family->capacity());
    return result;
  }();
  return capacities;
}

int sum(const std::vector<int>& values) {
  int total = 0;
  for (int value : values) total += value;
  return total;
}

}  // namespace

// Shares follow a small lab's stock: mostly passives, a few dozen of each kind of IC.
std::vector<WeightedFamily> demo_part_families() {
  std::vector<WeightedFamily> families;
  families.push_back({make_resistor_family(), 400});
  families.push_back({make_ceramic_capacitor_family(), 250});
  families.push_back({make_electrolytic_capacitor_family(), 40});
  families.push_back({make_led_family(), 40});
  families.push_back({make_diode_family(), 40});
  families.push_back({make_voltage_regulator_family(), 30});
  families.push_back({make_op_amp_family(), 30});
  families.push_back({make_microcontroller_family(), 30});
  families.push_back({make_pin_header_family(), 78});
  families.push_back({make_usb_connector_family(), 12});
  families.push_back({make_screw_family(), 20});
  return families;
}

int max_demo_parts() { return sum(family_capacities()); }

DemoCatalog make_demo_catalog(int part_count) {
  std::vector<WeightedFamily> families = demo_part_families();
  const std::vector<int>& capacities = family_capacities();
  if (part_count < 0 || part_count > sum(capacities)) {
    throw std::invalid_argument("demo part count must be between 0 and " + std::to_string(sum(capacities)) +
                                ", got " + std::to_string(part_count));
  }

  DemoCatalog catalog;
  catalog.mirror.categories = demo_categories();
  catalog.mirror.templates = demo_parameter_templates();
  catalog.mirror.parts.reserve(part_count);
  catalog.mirror.parameters.reserve(static_cast<size_t>(part_count) * 7 / 2);
  catalog.mirror.manufacturer_parts.reserve(part_count);
  catalog.mirror.supplier_parts.reserve(part_count + part_count / 8);

  CatalogBuilder builder(catalog.mirror);
  std::vector<int> counts = allocate(families, capacities, part_count);
  for (size_t i = 0; i < families.size(); ++i) families[i].family->emit(counts[i], builder);

  catalog.kicad_categories = demo_kicad_categories();
  for (const storage::KicadCategoryRecord& kicad : catalog.kicad_categories) {
    for (const WeightedFamily& entry : families) {
      if (entry.family->category_id() != kicad.category_id) continue;
      for (const PackageFootprint& mapping : entry.family->package_footprints()) {
        catalog.footprint_mappings.push_back({kicad.category_id, mapping.package, mapping.footprint});
      }
    }
  }
  catalog.settings = demo_settings();
  return catalog;
}

void seed_demo(storage::Store& store, int part_count) {
  if (!store.mirror().mirror_empty()) {
    throw std::runtime_error("the demo catalogue can only seed an empty database, and " + store.path() +
                             " already holds InvenTree data");
  }
  DemoCatalog catalog = make_demo_catalog(part_count);
  store.mirror().apply_mirror(catalog.mirror);
  try {
    std::map<int64_t, int64_t> kicad_id_by_category;
    for (const storage::KicadCategoryRecord& kicad : catalog.kicad_categories) {
      kicad_id_by_category[kicad.category_id] = store.configuration().create_kicad_category(kicad).first.id;
    }
    for (const DemoFootprintMapping& mapping : catalog.footprint_mappings) {
      storage::FootprintMappingRecord record;
      record.kicad_category_id = kicad_id_by_category.at(mapping.category_id);
      record.parameter_value = mapping.parameter_value;
      record.kicad_footprint = mapping.kicad_footprint;
      store.configuration().create_footprint_mapping(record);
    }
    store.configuration().set_settings(catalog.settings);
  } catch (...) {
    // Emptying the mirror also removes the KiCad categories and their mappings.
    store.mirror().apply_mirror(storage::MirrorSnapshot{});
    throw;
  }
}

}  // namespace kibridge::demo
