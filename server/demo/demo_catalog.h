// The built-in demo catalogue: a deterministic, realistic InvenTree parts database with the
// KiCad plugin configured on top, for `kibridge serve --demo` (about a thousand parts) and
// for benchmarks (`kibridge demo-seed --parts 100000`).
//
// The catalogue looks like a lab's real InvenTree: a category tree (Electronics/Passives/
// Resistors, .../Semiconductors/ICs/Microcontrollers, Mechanical/Screws, ...), parameter
// templates, E-series resistors and capacitors named by their real manufacturer part
// numbers, LEDs, diodes, regulators, op-amps, MCUs, headers and USB connectors with
// datasheets, stock, manufacturer and supplier parts, a few discontinued parts and one
// template part. Every KiCad symbol and footprint it names exists in KiCad 9's standard
// libraries. Part names are unique across the catalogue.
//
// Thread-safety: the functions share no state and may run concurrently.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "storage/records.h"

namespace kibridge::storage {
class Store;
}

namespace kibridge::demo {

constexpr int kDefaultDemoParts = 1000;

// A footprint mapping addressed by the InvenTree category of its KiCad category (KiCad
// categories get their ids only when they are created in a store).
struct DemoFootprintMapping {
  int64_t category_id = 0;
  std::string parameter_value;
  std::string kicad_footprint;
  bool operator==(const DemoFootprintMapping&) const = default;
};

struct DemoCatalog {
  // Categories (parents before children), parameter templates, parts with their
  // parameters, datasheet attachments, manufacturer and supplier parts. Ids are 1..n per
  // table; category and template ids are the fixed ones of demo_ids.h.
  storage::MirrorSnapshot mirror;
  // KiCad categories in category order; `id` is 0 (the store assigns it), `category_id`
  // is the InvenTree category.
  std::vector<storage::KicadCategoryRecord> kicad_categories;
  std::vector<DemoFootprintMapping> footprint_mappings;
  // Plugin settings by name; template settings name their template ("KiCad Symbol").
  std::map<std::string, std::string> settings;
};

// The largest part_count make_demo_catalog accepts (every distinct part the generator
// knows; several hundred thousand).
int max_demo_parts();

// Builds the catalogue with exactly `part_count` parts. Deterministic: the same count gives
// an identical catalogue. Runs in time and memory linear in part_count. Throws
// std::invalid_argument when part_count is negative or above max_demo_parts().
DemoCatalog make_demo_catalog(int part_count);

// Seeds an empty store with make_demo_catalog(part_count): the mirror, then the KiCad
// categories with their footprint mappings, then the settings. Throws std::runtime_error
// when the store's mirror is not empty (nothing is written then), std::invalid_argument for
// a bad part_count, and StorageError when writing fails, after removing what it had
// written.
void seed_demo(storage::Store& store, int part_count);

}  // namespace kibridge::demo
