// CatalogBuilder: the one place that turns the demo part families' descriptions into mirror
// records. It numbers every record (ids 1, 2, 3, ... per table, in the order added) and
// gives each part its deterministic pseudo-random traits (stock, an occasional discontinued
// part), so two builders fed the same calls produce identical snapshots.
//
// Not thread-safe; it writes into a snapshot it does not own, which must outlive it.
#pragma once

#include <cstdint>
#include <string>

#include "storage/records.h"

namespace kibridge::demo {

// A part as a family describes it; the builder adds the id and the stock.
struct PartDraft {
  int64_t category_id = 0;
  std::string name;
  std::string ipn;
  std::string description;
  std::string keywords;
  bool active = true;
  bool is_template = false;
  // Stock is counted in multiples of this (resistors come by the hundred, ICs one by one).
  int stock_step = 1;
  // Chance, in parts per thousand, that an otherwise active part is discontinued.
  int discontinued_per_mille = 0;
};

// What a pseudo-random draw is for; draws for different purposes are independent.
enum class Draw : uint64_t {
  kStock = 1,
  kAllocated,
  kDiscontinued,
  kDigiKey,
  kMouser,
  kLcsc,
  kSupplierNumber,
};

class CatalogBuilder {
 public:
  explicit CatalogBuilder(storage::MirrorSnapshot& snapshot);

  // Adds the part and returns its id.
  int64_t add_part(PartDraft draft);
  void add_parameter(int64_t part_id, int64_t template_id, std::string data);
  // A link attachment whose comment is "datasheet" (what the KiCad plugin serves).
  void add_datasheet(int64_t part_id, std::string url);
  // Returns the manufacturer part's id.
  int64_t add_manufacturer_part(int64_t part_id, std::string manufacturer, std::string mpn);
  void add_supplier_part(int64_t part_id, int64_t manufacturer_part_id, std::string supplier,
                         std::string sku);

  // A number in [0, 2^64) fixed by (part, purpose): the same catalogue always draws the same.
  uint64_t draw(int64_t part_id, Draw purpose) const;
  // True for about `percent` percent of parts, chosen by draw(part_id, purpose).
  bool chance(int64_t part_id, Draw purpose, int percent) const;

 private:
  storage::MirrorSnapshot& snapshot_;
};

}  // namespace kibridge::demo
