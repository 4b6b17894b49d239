// A small hand-made InvenTree mirror and KiCad configuration for the HTTP tests, small
// enough that tests can assert exact responses:
//
//   1 Electronics
//   2 Electronics/Resistors   KiCad category: Device:R, "R", footprint from "Package",
//                             mapping 0603 -> Resistor_SMD:R_0603_1608Metric
//       101 R_10k_0603 (Resistance 10k, Package 0603), 102 R_1k_0603, 103 R_old (inactive)
//   3 Electronics/Capacitors  KiCad category: Device:C, "C", footprint from "Package"
//       201 C_100n_0603 (Package 0603, unmapped)
//   4 Mechanical              not a KiCad category
//       301 M3x10
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "storage/records.h"
#include "storage/store.h"

namespace kibridge::testing::sample {

inline constexpr int64_t kElectronics = 1;
inline constexpr int64_t kResistors = 2;
inline constexpr int64_t kCapacitors = 3;
inline constexpr int64_t kMechanical = 4;

inline constexpr int64_t kResistance = 1;  // parameter templates
inline constexpr int64_t kPackage = 2;
inline constexpr int64_t kTolerance = 3;

inline constexpr int64_t kR10k = 101;
inline constexpr int64_t kR1k = 102;
inline constexpr int64_t kROld = 103;
inline constexpr int64_t kC100n = 201;
inline constexpr int64_t kScrew = 301;

inline constexpr const char* kMapped0603 = "Resistor_SMD:R_0603_1608Metric";

inline storage::PartRecord part(int64_t id, int64_t category, const char* name, const char* ipn,
                                const char* description) {
  storage::PartRecord p;
  p.id = id;
  p.category_id = category;
  p.name = name;
  p.ipn = ipn;
  p.description = description;
  p.keywords = "kw" + std::to_string(id);
  p.unallocated_stock = 10;
  p.total_in_stock = 10;
  return p;
}

inline storage::MirrorSnapshot snapshot() {
  storage::MirrorSnapshot s;
  s.categories = {
      {kElectronics, std::nullopt, "Electronics", "Electronics", "All electronics", true},
      {kResistors, kElectronics, "Resistors", "Electronics/Resistors", "Fixed resistors", false},
      {kCapacitors, kElectronics, "Capacitors", "Electronics/Capacitors", "", false},
      {kMechanical, std::nullopt, "Mechanical", "Mechanical", "Screws and such", false},
  };
  s.templates = {{kResistance, "Resistance", "ohm", ""}, {kPackage, "Package", "", ""}, {kTolerance, "Tolerance", "%", ""}};
  s.parts = {part(kR10k, kResistors, "R_10k_0603", "RES-10K", "Resistor 10k 1% 0603"),
             part(kR1k, kResistors, "R_1k_0603", "RES-1K", "Resistor 1k 1% 0603"),
             part(kROld, kResistors, "R_old", "RES-OLD", "Discontinued"),
             part(kC100n, kCapacitors, "C_100n_0603", "CAP-100N", "MLCC 100nF 50V X7R 0603"),
             part(kScrew, kMechanical, "M3x10", "SCR-M3", "Screw M3x10")};
  s.parts[2].active = false;
  s.parameters = {{1001, kR10k, kResistance, "10k"}, {1002, kR10k, kPackage, "0603"},
                  {1003, kR1k, kResistance, "1k"},   {1004, kR1k, kPackage, "0603"},
                  {1005, kC100n, kPackage, "0603"}};
  return s;
}

// The KiCad categories' pks (kibridge's own ids, not the InvenTree category pks).
struct KicadIds {
  int64_t resistors = 0;
  int64_t capacitors = 0;
  int64_t resistor_mapping = 0;
};

// Fills an empty store with the sample mirror and its KiCad configuration.
inline KicadIds seed_configuration(storage::Store& store);
inline KicadIds seed(storage::Store& store) {
  store.mirror().apply_mirror(snapshot());
  return seed_configuration(store);
}

// The KiCad configuration of the sample alone, over a mirror the test applied itself (a
// variant of snapshot()).
inline KicadIds seed_configuration(storage::Store& store) {
  KicadIds ids;
  storage::KicadCategoryRecord r;
  r.category_id = kResistors;
  r.default_symbol = "Device:R";
  r.default_reference = "R";
  r.footprint_parameter_template = kPackage;
  ids.resistors = store.configuration().create_kicad_category(r).first.id;
  storage::KicadCategoryRecord c;
  c.category_id = kCapacitors;
  c.default_symbol = "Device:C";
  c.default_reference = "C";
  c.footprint_parameter_template = kPackage;
  ids.capacitors = store.configuration().create_kicad_category(c).first.id;
  storage::FootprintMappingRecord m;
  m.kicad_category_id = ids.resistors;
  m.parameter_value = "0603";
  m.kicad_footprint = kMapped0603;
  ids.resistor_mapping = store.configuration().create_footprint_mapping(m).first.id;
  store.configuration().set_settings({{"INVENTREE_URL", "https://inventree.example.com"}});
  return ids;
}

// Everything the configuration APIs can write, for "nothing changed" assertions.
struct ConfigState {
  std::vector<storage::KicadCategoryRecord> kicad_categories;
  std::vector<storage::FootprintMappingRecord> mappings;
  std::map<std::string, std::string> settings;
  std::vector<storage::PartRecord> parts;
  bool operator==(const ConfigState&) const = default;
};

inline ConfigState config_state(const storage::Store& store) {
  return {store.configuration().kicad_categories(), store.configuration().footprint_mappings(), store.configuration().settings(), store.mirror().parts()};
}

}  // namespace kibridge::testing::sample
