// Discrete semiconductors: indicator LEDs (colours x packages x makers) and diodes (a
// hand-picked set of rectifier, switching and Schottky parts, then whole zener and TVS
// series). KiCad takes their footprint from the Package parameter; diodes other than plain
// ones name their symbol in the "KiCad Symbol" parameter.
#include <array>
#include <string>
#include <vector>

#include "server/demo/demo_ids.h"
#include "server/demo/distributors.h"
#include "server/demo/part_family.h"

namespace kibridge::demo {
namespace {

// ---- LEDs ---------------------------------------------------------------------------------

struct LedPackage {
  const char* package;
  const char* footprint;
};
constexpr std::array<LedPackage, 5> kLedPackages = {{
    {"0603", "LED_SMD:LED_0603_1608Metric"},
    {"0805", "LED_SMD:LED_0805_2012Metric"},
    {"1206", "LED_SMD:LED_1206_3216Metric"},
    {"3mm", "LED_THT:LED_D3.0mm"},
    {"5mm", "LED_THT:LED_D5.0mm"},
}};
enum LedPackageIndex { k0603, k0805, k1206, k3mm, k5mm };

struct LedColour {
  const char* name;
  const char* forward_voltage;
  // Colour codes in each line's part numbers, in kLedLines order.
  std::array<const char*, 4> codes;
};
constexpr std::array<LedColour, 6> kLedColours = {{
    {"Red", "2.0", {"RS", "KRKT", "RS", "SRD"}},
    {"Green", "2.1", {"GS", "KGKT", "GS", "GD"}},
    {"Blue", "3.2", {"BS", "TBKT", "BS", "QBD"}},
    {"Yellow", "2.0", {"YS", "KSKT", "YS", "YD"}},
    {"Orange", "2.0", {"AS", "KFKT", "AS", "ND"}},
    {"White", "3.2", {"WS", "TWKT", "WS", "PWC"}},
}};

struct LedLine {
  const char* manufacturer;
  std::array<LedPackageIndex, 3> packages;
  int package_count;
  // Builds the part number from the package and the line's colour code.
  std::string (*part_number)(LedPackageIndex package, const char* colour);
  const char* datasheet_prefix;  // datasheet URL = prefix + part number + ".pdf"; nullptr: none
};

std::string wurth_smd(LedPackageIndex package, const char* colour) {
  constexpr std::array<const char*, 3> kSize = {"060", "080", "120"};
  return std::string("150") + kSize[package] + colour + "75000";
}
std::string liteon_smd(LedPackageIndex package, const char* colour) {
  constexpr std::array<const char*, 3> kSize = {"C191", "C170", "C150"};
  return std::string("LTST-") + kSize[package] + colour;
}
std::string wurth_tht(LedPackageIndex package, const char* colour) {
  return package == k3mm ? std::string("151031") + colour + "03000" : std::string("151051") + colour + "11000";
}
std::string kingbright_tht(LedPackageIndex package, const char* colour) {
  return std::string(package == k3mm ? "WP710A10" : "WP7113") + colour;
}

constexpr std::array<LedLine, 4> kLedLines = {{
    {"W\u00fcrth Elektronik", {k0603, k0805, k1206}, 3, wurth_smd,
     "https://www.we-online.com/components/products/datasheet/"},
    {"Lite-On", {k0603, k0805, k1206}, 3, liteon_smd, nullptr},
    {"W\u00fcrth Elektronik", {k3mm, k5mm, k3mm}, 2, wurth_tht,
     "https://www.we-online.com/components/products/datasheet/"},
    {"Kingbright", {k3mm, k5mm, k3mm}, 2, kingbright_tht, "https://www.kingbrightusa.com/images/catalog/SPEC/"},
}};

struct LedSpec {
  int line = 0;
  LedPackageIndex package = k0603;
  int colour = 0;
};

class LedFamily : public SpecFamily<LedSpec> {
 public:
  int64_t category_id() const override { return category::kLeds; }
  std::vector<PackageFootprint> package_footprints() const override {
    std::vector<PackageFootprint> result;
    for (const LedPackage& package : kLedPackages) result.push_back({package.package, package.footprint});
    return result;
  }

 protected:
  void enumerate(const std::function<bool(const LedSpec&)>& visit) const override {
    for (int line = 0; line < static_cast<int>(kLedLines.size()); ++line) {
      for (int p = 0; p < kLedLines[line].package_count; ++p) {
        for (int colour = 0; colour < static_cast<int>(kLedColours.size()); ++colour) {
          if (!visit(LedSpec{line, kLedLines[line].packages[p], colour})) return;
        }
      }
    }
  }

  void build(const LedSpec& spec, CatalogBuilder& out) const override {
    const LedLine& line = kLedLines[spec.line];
    const LedColour& colour = kLedColours[spec.colour];
    const char* package = kLedPackages[spec.package].package;
    bool tht = spec.package == k3mm || spec.package == k5mm;
    std::string name = line.part_number(spec.package, colour.codes[spec.line]);

    PartDraft draft;
    draft.category_id = category_id();
    draft.name = name;
    draft.ipn = std::string("LED-") + package + "-" + colour.name + "-" + std::to_string(spec.line + 1);
    draft.description = std::string(colour.name) + " LED, " + package + (tht ? " through-hole" : " SMD") + ", " +
                        colour.forward_voltage + " V forward voltage";
    draft.keywords = std::string("led indicator ") + colour.name + " " + package;
    draft.stock_step = 10;
    int64_t id = out.add_part(std::move(draft));

    out.add_parameter(id, parameter::kColour, colour.name);
    out.add_parameter(id, parameter::kVoltage, colour.forward_voltage);
    out.add_parameter(id, parameter::kPackage, package);
    if (line.datasheet_prefix != nullptr) out.add_datasheet(id, line.datasheet_prefix + name + ".pdf");
    add_sourcing(out, id, line.manufacturer, name);
  }
};

// ---- Diodes -------------------------------------------------------------------------------

struct DiodePackage {
  const char* package;
  const char* footprint;
};
constexpr std::array<DiodePackage, 11> kDiodePackages = {{
    {"SOD-123", "Diode_SMD:D_SOD-123"},
    {"SOD-123F", "Diode_SMD:D_SOD-123F"},
    {"SOD-323", "Diode_SMD:D_SOD-323"},
    {"MiniMELF", "Diode_SMD:D_MiniMELF"},
    {"SMA", "Diode_SMD:D_SMA"},
    {"SMB", "Diode_SMD:D_SMB"},
    {"SOT-23", "Package_TO_SOT_SMD:SOT-23"},
    {"SOT-323", "Package_TO_SOT_SMD:SOT-323_SC-70"},
    {"DO-35", "Diode_THT:D_DO-35_SOD27_P7.62mm_Horizontal"},
    {"DO-41", "Diode_THT:D_DO-41_SOD81_P10.16mm_Horizontal"},
    {"DO-201AD", "Diode_THT:D_DO-201AD_P15.24mm_Horizontal"},
}};

// One diode. `symbol` empty means the category default (Device:D).
struct DiodeSpec {
  std::string name;
  std::string manufacturer;
  std::string symbol;
  std::string package;
  std::string voltage;  // reverse (or zener / stand-off) voltage, volts
  std::string current;  // forward current, amperes; empty when not recorded
  std::string description;
  std::string datasheet;
  bool active = true;
};

const char* kSchottky = "Device:D_Schottky";

std::vector<DiodeSpec> hand_picked_diodes() {
  return {
      {"1N4148W", "Vishay", "", "SOD-123", "75", "0.15", "Small-signal switching diode 75V 150mA",
       "https://www.vishay.com/docs/85748/1n4148w.pdf"},
      {"1N4148WS", "Vishay", "", "SOD-323", "75", "0.15", "Small-signal switching diode 75V 150mA",
       "https://www.vishay.com/docs/85751/1n4148ws.pdf"},
      {"1N4148", "Nexperia", "", "DO-35", "100", "0.2", "Switching diode 100V 200mA, glass",
       "https://assets.nexperia.com/documents/data-sheet/1N4148_1N4448.pdf"},
      {"LL4148", "Vishay", "", "MiniMELF", "75", "0.15", "Switching diode 75V 150mA, MiniMELF",
       "http://www.vishay.com/docs/85557/ll4148.pdf"},
      {"1N4007", "Vishay", "", "DO-41", "1000", "1", "General-purpose rectifier 1000V 1A",
       "http://www.vishay.com/docs/88503/1n4001.pdf"},
      {"1N4001", "Vishay", "", "DO-41", "50", "1", "General-purpose rectifier 50V 1A (use 1N4007)",
       "http://www.vishay.com/docs/88503/1n4001.pdf", false},
      {"US1M-13-F", "Diodes Incorporated", "", "SMA", "1000", "1", "Ultra-fast rectifier 1000V 1A",
       "https://www.diodes.com/assets/Datasheets/ds16008.pdf"},
      {"1N5408", "Vishay", "", "DO-201AD", "1000", "3", "General-purpose rectifier 1000V 3A",
       "http://www.vishay.com/docs/88516/1n5400.pdf"},
      {"1N5819", "Vishay", kSchottky, "DO-41", "40", "1", "Schottky rectifier 40V 1A",
       "http://www.vishay.com/docs/88525/1n5817.pdf"},
      {"1N5819WS", "Hottech", kSchottky, "SOD-323", "40", "0.6", "Schottky diode 40V 600mA",
       "https://datasheet.lcsc.com/lcsc/2204281430_Guangdong-Hottech-1N5819WS_C191023.pdf"},
      {"SS14", "Vishay", kSchottky, "SMA", "40", "1", "Schottky rectifier 40V 1A",
       "https://www.vishay.com/docs/88746/ss12.pdf"},
      {"SS34", "Vishay", kSchottky, "SMA", "40", "3", "Schottky rectifier 40V 3A",
       "https://www.vishay.com/docs/88751/ss32.pdf"},
      {"MBRA340T3G", "onsemi", kSchottky, "SMA", "40", "3", "Schottky rectifier 40V 3A",
       "https://www.onsemi.com/pub/Collateral/MBRA340T3-D.PDF"},
      {"MBR0520LT1G", "onsemi", kSchottky, "SOD-123", "20", "0.5", "Schottky rectifier 20V 500mA",
       "http://www.onsemi.com/pub_link/Collateral/MBR0520LT1-D.PDF"},
      {"1N5822", "Vishay", kSchottky, "DO-201AD", "40", "3", "Schottky rectifier 40V 3A",
       "http://www.vishay.com/docs/88526/1n5820.pdf"},
      {"BAT54S", "Diodes Incorporated", "Diode:BAT54S", "SOT-23", "30", "0.2", "Dual Schottky diode, series",
       "https://www.diodes.com/assets/Datasheets/ds11005.pdf"},
      {"BAT54C", "Diodes Incorporated", "Diode:BAT54C", "SOT-23", "30", "0.2", "Dual Schottky diode, common cathode",
       "http://www.diodes.com/_files/datasheets/ds11005.pdf"},
      {"BAT54W", "Nexperia", "Diode:BAT54W", "SOT-323", "30", "0.2", "Schottky barrier diode 30V 200mA",
       "https://assets.nexperia.com/documents/data-sheet/BAT54W_SER.pdf"},
      {"BAV99", "Nexperia", "Diode:BAV99", "SOT-23", "100", "0.215", "Dual switching diode, series",
       "https://assets.nexperia.com/documents/data-sheet/BAV99_SER.pdf"},
      {"BAS16W", "Nexperia", "Diode:BAS16W", "SOT-323", "100", "0.175", "Switching diode 100V 175mA",
       "https://assets.nexperia.com/documents/data-sheet/BAS16_SER.pdf"},
  };
}

// "2V4", "10": zener voltage codes; `tenths` is the voltage in tenths of a volt.
std::string zener_code(int tenths) {
  if (tenths < 100) return std::to_string(tenths / 10) + "V" + std::to_string(tenths % 10);
  return std::to_string(tenths / 10);
}
std::string volts(int tenths) {
  return tenths % 10 == 0 ? std::to_string(tenths / 10) : std::to_string(tenths / 10) + "." + std::to_string(tenths % 10);
}

// E24 zener voltages from 2.4 V to 100 V, in tenths of a volt.
constexpr std::array<int, 38> kZenerTenths = {24,  27,  30,  33,  36,  39,  43,  47,  51,  56,  62,  68,  75,
                                              82,  91,  100, 110, 120, 130, 150, 160, 180, 200, 220, 240, 270,
                                              300, 330, 360, 390, 430, 470, 510, 560, 620, 680, 750, 820};
// Stand-off voltages of the SMAJ/SMBJ TVS series, in tenths of a volt.
constexpr std::array<int, 32> kTvsTenths = {50,  60,  65,  70,  75,  80,  85,  90,  100, 110, 120, 130, 140, 150, 160, 170,
                                            180, 200, 220, 240, 260, 280, 300, 330, 360, 400, 430, 450, 480, 510, 540, 580};

std::vector<DiodeSpec> all_diodes() {
  std::vector<DiodeSpec> diodes = hand_picked_diodes();
  for (int tenths : kZenerTenths) {
    if (tenths > 390) break;  // the series ends at 39 V
    diodes.push_back({"BZT52B" + zener_code(tenths), "Diotec Semiconductor", "Diode:BZT52Bxx", "SOD-123F", volts(tenths),
                      "", "Zener diode " + volts(tenths) + "V 500mW \u00b12%",
                      "https://diotec.com/tl_files/diotec/files/pdf/datasheets/bzt52b2v4.pdf"});
  }
  for (int tenths : kTvsTenths) {
    diodes.push_back({"SMBJ" + volts(tenths) + "A", "Littelfuse", "Device:D_TVS", "SMB", volts(tenths), "",
                      "TVS diode 600W, " + volts(tenths) + "V stand-off, unidirectional", ""});
  }
  for (int tenths : kZenerTenths) {
    if (tenths > 390) break;
    diodes.push_back({"BZX84C" + zener_code(tenths), "Diotec Semiconductor", "Diode:BZX84Cxx", "SOT-23", volts(tenths),
                      "", "Zener diode " + volts(tenths) + "V 300mW \u00b15%",
                      "https://diotec.com/tl_files/diotec/files/pdf/datasheets/bzx84c2v4.pdf"});
  }
  // 1N4728A (3.3 V) .. 1N4764A (100 V) number the E24 voltages consecutively.
  int number = 4728;
  for (int tenths : kZenerTenths) {
    if (tenths < 33) continue;
    diodes.push_back({"1N" + std::to_string(number++) + "A", "Vishay", "Diode:1N47xxA", "DO-41", volts(tenths), "",
                      "Zener diode " + volts(tenths) + "V 1W \u00b15%", "https://www.vishay.com/docs/85816/1n4728a.pdf"});
  }
  for (int tenths : kTvsTenths) {
    diodes.push_back({"SMAJ" + volts(tenths) + "A", "Littelfuse", "Device:D_TVS", "SMA", volts(tenths), "",
                      "TVS diode 400W, " + volts(tenths) + "V stand-off, unidirectional", ""});
  }
  return diodes;
}

class DiodeFamily : public SpecFamily<DiodeSpec> {
 public:
  DiodeFamily() : diodes_(all_diodes()) {}

  int64_t category_id() const override { return category::kDiodes; }
  std::vector<PackageFootprint> package_footprints() const override {
    std::vector<PackageFootprint> result;
    for (const DiodePackage& package : kDiodePackages) result.push_back({package.package, package.footprint});
    return result;
  }

 protected:
  void enumerate(const std::function<bool(const DiodeSpec&)>& visit) const override {
    for (const DiodeSpec& diode : diodes_) {
      if (!visit(diode)) return;
    }
  }

  void build(const DiodeSpec& diode, CatalogBuilder& out) const override {
    PartDraft draft;
    draft.category_id = category_id();
    draft.name = diode.name;
    draft.ipn = "D-" + diode.name;
    draft.description = diode.description + ", " + diode.package;
    draft.keywords = "diode " + diode.package;
    draft.active = diode.active;
    draft.stock_step = 10;
    int64_t id = out.add_part(std::move(draft));

    if (!diode.symbol.empty()) out.add_parameter(id, parameter::kKicadSymbol, diode.symbol);
    out.add_parameter(id, parameter::kPackage, diode.package);
    out.add_parameter(id, parameter::kVoltage, diode.voltage);
    if (!diode.current.empty()) out.add_parameter(id, parameter::kCurrent, diode.current);
    if (!diode.datasheet.empty()) out.add_datasheet(id, diode.datasheet);
    add_sourcing(out, id, diode.manufacturer, diode.name);
  }

 private:
  std::vector<DiodeSpec> diodes_;
};

}  // namespace

std::unique_ptr<PartFamily> make_led_family() { return std::make_unique<LedFamily>(); }
std::unique_ptr<PartFamily> make_diode_family() { return std::make_unique<DiodeFamily>(); }

}  // namespace kibridge::demo
