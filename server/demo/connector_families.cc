// Connectors: 2.54 mm pin headers and sockets (Samtec TSW/SSW, 1 and 2 rows, 2..40 pins
// per row) and a hand-picked set of USB receptacles. Symbol and footprint are per part,
// from KiCad's Connector_Generic / Connector libraries.
#include <array>
#include <cstdio>
#include <string>

#include "server/demo/demo_ids.h"
#include "server/demo/distributors.h"
#include "server/demo/part_family.h"

namespace kibridge::demo {
namespace {

// ---- Pin headers --------------------------------------------------------------------------

enum HeaderStyle { kVerticalHeader, kVerticalSocket, kRightAngleHeader };

struct HeaderSpec {
  HeaderStyle style = kVerticalHeader;
  int rows = 1;
  int pins_per_row = 2;
  char plating = 'G';  // G gold, T tin
};

std::string two_digits(int n) {
  char text[8];
  std::snprintf(text, sizeof text, "%02d", n);
  return text;
}

class PinHeaderFamily : public SpecFamily<HeaderSpec> {
 public:
  int64_t category_id() const override { return category::kPinHeaders; }

 protected:
  // Gold-plated vertical headers first (what a small catalogue holds), then sockets,
  // right-angle headers, and the tin-plated versions of all of them.
  void enumerate(const std::function<bool(const HeaderSpec&)>& visit) const override {
    for (char plating : {'G', 'T'}) {
      for (HeaderStyle style : {kVerticalHeader, kVerticalSocket, kRightAngleHeader}) {
        for (int rows : {1, 2}) {
          for (int pins = 2; pins <= 40; ++pins) {
            if (!visit(HeaderSpec{style, rows, pins, plating})) return;
          }
        }
      }
    }
  }

  void build(const HeaderSpec& spec, CatalogBuilder& out) const override {
    std::string per_row = two_digits(spec.pins_per_row);
    std::string layout = std::to_string(spec.rows) + "x" + per_row;  // "1x02"
    bool socket = spec.style == kVerticalSocket;
    bool right_angle = spec.style == kRightAngleHeader;
    std::string name = std::string(socket ? "SSW-1" : "TSW-1") + per_row + (socket ? "-01-" : right_angle ? "-08-" : "-07-") +
                       spec.plating + (spec.rows == 1 ? "-S" : "-D") + (right_angle ? "-RA" : "");
    std::string symbol = "Connector_Generic:Conn_" + two_digits(spec.rows) + "x" + per_row + (spec.rows == 2 ? "_Odd_Even" : "");
    std::string footprint = socket ? "Connector_PinSocket_2.54mm:PinSocket_" + layout + "_P2.54mm_Vertical"
                                   : "Connector_PinHeader_2.54mm:PinHeader_" + layout + "_P2.54mm_" +
                                         (right_angle ? "Horizontal" : "Vertical");
    std::string kind = socket ? "socket" : right_angle ? "header, right angle" : "header";
    std::string plating = spec.plating == 'G' ? "gold" : "tin";

    PartDraft draft;
    draft.category_id = category_id();
    draft.name = name;
    draft.ipn = "CONN-" + std::string(socket ? "SKT-" : "HDR-") + layout + (right_angle ? "-RA-" : "-") + spec.plating;
    draft.description = "Pin " + kind + " " + layout + " 2.54mm, " + plating + " plated";
    draft.keywords = "connector pin " + std::string(socket ? "socket" : "header") + " 2.54mm " + layout;
    draft.stock_step = 5;
    int64_t id = out.add_part(std::move(draft));

    out.add_parameter(id, parameter::kKicadSymbol, symbol);
    out.add_parameter(id, parameter::kKicadFootprint, footprint);
    out.add_parameter(id, parameter::kPins, std::to_string(spec.rows * spec.pins_per_row));
    out.add_datasheet(id, socket ? "https://suddendocs.samtec.com/productspecs/ssw-th.pdf"
                                 : "https://suddendocs.samtec.com/productspecs/tsw-th.pdf");
    add_sourcing(out, id, "Samtec", name);
  }
};

// ---- USB connectors -----------------------------------------------------------------------

struct UsbRow {
  const char* name;
  const char* manufacturer;
  const char* symbol;
  const char* footprint;
  const char* description;
  const char* datasheet;  // nullptr: none attached
};

constexpr std::array<UsbRow, 12> kUsbConnectors = {{
    {"USB4105-GF-A", "GCT", "Connector:USB_C_Receptacle_USB2.0_16P",
     "Connector_USB:USB_C_Receptacle_GCT_USB4105-xx-A_16P_TopMnt_Horizontal", "USB-C receptacle, USB 2.0, 16 pins, SMD",
     "https://gct.co/files/drawings/usb4105.pdf"},
    {"TYPE-C-31-M-12", "HRO", "Connector:USB_C_Receptacle_USB2.0_16P", "Connector_USB:USB_C_Receptacle_HRO_TYPE-C-31-M-12",
     "USB-C receptacle, USB 2.0, 16 pins, SMD", nullptr},
    {"10118194-0001LF", "Amphenol ICC", "Connector:USB_B_Micro", "Connector_USB:USB_Micro-B_Amphenol_10118194_Horizontal",
     "Micro-USB B receptacle, SMD", "https://cdn.amphenol-icc.com/media/wysiwyg/files/drawing/10118194.pdf"},
    {"1050170001", "Molex", "Connector:USB_B_Micro", "Connector_USB:USB_Micro-B_Molex-105017-0001",
     "Micro-USB B receptacle, SMD", "https://www.molex.com/pdm_docs/sd/1050170001_sd.pdf"},
    {"USB4085-GF-A", "GCT", "Connector:USB_C_Receptacle", "Connector_USB:USB_C_Receptacle_GCT_USB4085",
     "USB-C receptacle, USB 3.2, 24 pins", "https://gct.co/files/drawings/usb4085.pdf"},
    {"USB4125-GF-A", "GCT", "Connector:USB_C_Receptacle_PowerOnly_6P",
     "Connector_USB:USB_C_Receptacle_GCT_USB4125-xx-x_6P_TopMnt_Horizontal", "USB-C receptacle, power only, 6 pins",
     "https://gct.co/files/drawings/usb4125.pdf"},
    {"12401610E4#2A", "Amphenol ICC", "Connector:USB_C_Receptacle", "Connector_USB:USB_C_Receptacle_Amphenol_12401610E4-2A",
     "USB-C receptacle, USB 3.2, 24 pins", nullptr},
    {"629105150521", "W\u00fcrth Elektronik", "Connector:USB_B_Micro", "Connector_USB:USB_Micro-B_Wuerth_629105150521",
     "Micro-USB B receptacle, SMD", "https://www.we-online.com/components/products/datasheet/629105150521.pdf"},
    {"676433910", "Molex", "Connector:USB_A", "Connector_USB:USB_A_Molex_67643_Horizontal",
     "USB-A receptacle, through-hole", "https://www.molex.com/pdm_docs/sd/676433910_sd.pdf"},
    {"614004134726", "W\u00fcrth Elektronik", "Connector:USB_A", "Connector_USB:USB_A_Wuerth_614004134726_Horizontal",
     "USB-A receptacle, horizontal", "https://www.we-online.com/components/products/datasheet/614004134726.pdf"},
    {"USB-B1HSW6", "On Shore Technology", "Connector:USB_B", "Connector_USB:USB_B_OST_USB-B1HSxx_Horizontal",
     "USB-B receptacle, through-hole", nullptr},
    {"65100516121", "W\u00fcrth Elektronik", "Connector:USB_B_Mini", "Connector_USB:USB_Mini-B_Wuerth_65100516121_Horizontal",
     "Mini-USB B receptacle, SMD", "https://www.we-online.com/components/products/datasheet/65100516121.pdf"},
}};

class UsbConnectorFamily : public TableFamily<UsbRow> {
 public:
  UsbConnectorFamily() : TableFamily(category::kUsbConnectors, kUsbConnectors) {}

 protected:
  void build(const UsbRow* const& row, CatalogBuilder& out) const override {
    PartDraft draft;
    draft.category_id = category_id();
    draft.name = row->name;
    draft.ipn = std::string("CONN-USB-") + row->name;
    draft.description = row->description;
    draft.keywords = "connector usb receptacle";
    int64_t id = out.add_part(std::move(draft));

    out.add_parameter(id, parameter::kKicadSymbol, row->symbol);
    out.add_parameter(id, parameter::kKicadFootprint, row->footprint);
    if (row->datasheet != nullptr) out.add_datasheet(id, row->datasheet);
    add_sourcing(out, id, row->manufacturer, row->name);
  }
};

}  // namespace

std::unique_ptr<PartFamily> make_pin_header_family() { return std::make_unique<PinHeaderFamily>(); }
std::unique_ptr<PartFamily> make_usb_connector_family() { return std::make_unique<UsbConnectorFamily>(); }

}  // namespace kibridge::demo
