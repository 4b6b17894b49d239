#include "server/demo/distributors.h"

#include <array>
#include <string_view>

namespace kibridge::demo {
namespace {

// Mouser's SKU prefix per manufacturer ("595-" + "LM358DR").
struct MouserPrefix {
  std::string_view manufacturer;
  std::string_view prefix;
};
constexpr std::array<MouserPrefix, 22> kMouserPrefixes = {{
    {"Analog Devices", "584-"},
    {"Amphenol ICC", "649-"},
    {"Diodes Incorporated", "621-"},
    {"Diotec Semiconductor", "637-"},
    {"Espressif Systems", "356-"},
    {"GCT", "640-"},
    {"Kingbright", "604-"},
    {"Lite-On", "859-"},
    {"Littelfuse", "576-"},
    {"Microchip Technology", "579-"},
    {"Molex", "538-"},
    {"Nexperia", "771-"},
    {"Nordic Semiconductor", "949-"},
    {"onsemi", "863-"},
    {"On Shore Technology", "158-"},
    {"Raspberry Pi", "358-"},
    {"Samtec", "200-"},
    {"STMicroelectronics", "511-"},
    {"Texas Instruments", "595-"},
    {"Torex Semiconductor", "865-"},
    {"Vishay", "78-"},
    {"W\u00fcrth Elektronik", "710-"},
}};

std::string_view mouser_prefix(std::string_view manufacturer) {
  for (const MouserPrefix& entry : kMouserPrefixes) {
    if (entry.manufacturer == manufacturer) return entry.prefix;
  }
  return {};
}

}  // namespace

void add_sourcing(CatalogBuilder& out, int64_t part_id, const std::string& manufacturer,
                  const std::string& mpn) {
  int64_t manufacturer_part = out.add_manufacturer_part(part_id, manufacturer, mpn);
  std::string_view mouser = mouser_prefix(manufacturer);
  if (mouser.empty()) {
    if (out.chance(part_id, Draw::kLcsc, 80)) {
      out.add_supplier_part(part_id, manufacturer_part, "LCSC",
                            "C" + std::to_string(10000 + out.draw(part_id, Draw::kSupplierNumber) % 900000));
    }
    return;
  }
  if (out.chance(part_id, Draw::kDigiKey, 75)) {
    out.add_supplier_part(part_id, manufacturer_part, "DigiKey", mpn + "CT-ND");
  }
  if (out.chance(part_id, Draw::kMouser, 45)) {
    out.add_supplier_part(part_id, manufacturer_part, "Mouser", std::string(mouser) + mpn);
  }
}

}  // namespace kibridge::demo
