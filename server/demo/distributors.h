// How the demo's discrete semiconductors, ICs and connectors are sourced: every part gets a
// manufacturer part, and a deterministic share of them DigiKey, Mouser or LCSC offers with
// SKUs in each distributor's usual shape. (Passive families build their own SKUs, which
// encode the value.)
#pragma once

#include <cstdint>
#include <string>

#include "server/demo/catalog_builder.h"

namespace kibridge::demo {

// Adds the manufacturer part `mpn` of `manufacturer` to part `part_id` and the distributor
// offers that part is drawn to have. Makers Mouser does not carry get an LCSC offer instead.
void add_sourcing(CatalogBuilder& out, int64_t part_id, const std::string& manufacturer,
                  const std::string& mpn);

}  // namespace kibridge::demo
