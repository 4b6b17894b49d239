// Integrated circuits: linear voltage regulators, op-amps and microcontrollers, each a
// hand-picked list of parts hobby and professional designs actually use. Their KiCad symbol
// and footprint are per part ("KiCad Symbol" / "KiCad Footprint" parameters) with the
// names of KiCad's standard libraries, as the plugin's metadata import would have set them.
#include <array>
#include <string>

#include "server/demo/demo_ids.h"
#include "server/demo/distributors.h"
#include "server/demo/part_family.h"

namespace kibridge::demo {
namespace {

// ---- Voltage regulators -------------------------------------------------------------------

struct RegulatorRow {
  const char* name;
  const char* manufacturer;
  const char* symbol;
  const char* footprint;
  const char* package;
  const char* voltage;  // output voltage; nullptr for adjustable parts
  const char* current;  // maximum output current, amperes
  const char* datasheet;
  bool active = true;
};

constexpr const char* kSot223 = "Package_TO_SOT_SMD:SOT-223-3_TabPin2";
constexpr const char* kSot23_5 = "Package_TO_SOT_SMD:SOT-23-5";
constexpr const char* kTo220 = "Package_TO_SOT_THT:TO-220-3_Vertical";
constexpr const char* kAms1117Datasheet = "http://www.advanced-monolithic.com/pdf/ds1117.pdf";
constexpr const char* kL78Datasheet =
    "http://www.st.com/content/ccc/resource/technical/document/datasheet/41/4f/b3/b0/12/d4/47/88/CD00000444.pdf/"
    "files/CD00000444.pdf/jcr:content/translations/en.CD00000444.pdf";
constexpr const char* kAp2112Datasheet = "https://www.diodes.com/assets/Datasheets/AP2112.pdf";
constexpr const char* kMcp1700Datasheet = "http://ww1.microchip.com/downloads/en/DeviceDoc/20001826D.pdf";

constexpr std::array<RegulatorRow, 32> kRegulators = {{
    {"AMS1117-3.3", "Advanced Monolithic Systems", "Regulator_Linear:AMS1117-3.3", kSot223, "SOT-223", "3.3", "1", kAms1117Datasheet},
    {"AMS1117-5.0", "Advanced Monolithic Systems", "Regulator_Linear:AMS1117-5.0", kSot223, "SOT-223", "5", "1", kAms1117Datasheet},
    {"L7805CV", "STMicroelectronics", "Regulator_Linear:L7805", kTo220, "TO-220", "5", "1.5", kL78Datasheet},
    {"AP2112K-3.3TRG1", "Diodes Incorporated", "Regulator_Linear:AP2112K-3.3", kSot23_5, "SOT-23-5", "3.3", "0.6", kAp2112Datasheet},
    {"LM317T", "STMicroelectronics", "Regulator_Linear:LM317_TO-220", kTo220, "TO-220", nullptr, "1.5", "http://www.ti.com/lit/ds/symlink/lm317.pdf"},
    {"MCP1700T-3302E/TT", "Microchip Technology", "Regulator_Linear:MCP1700x-330xxTT", "Package_TO_SOT_SMD:SOT-23", "SOT-23", "3.3", "0.25", kMcp1700Datasheet},
    {"AMS1117-1.8", "Advanced Monolithic Systems", "Regulator_Linear:AMS1117-1.8", kSot223, "SOT-223", "1.8", "1", kAms1117Datasheet},
    {"AMS1117-2.5", "Advanced Monolithic Systems", "Regulator_Linear:AMS1117-2.5", kSot223, "SOT-223", "2.5", "1", kAms1117Datasheet},
    {"L7809CV", "STMicroelectronics", "Regulator_Linear:L7809", kTo220, "TO-220", "9", "1.5", kL78Datasheet},
    {"L7812CV", "STMicroelectronics", "Regulator_Linear:L7812", kTo220, "TO-220", "12", "1.5", kL78Datasheet},
    {"LM7805CT", "Texas Instruments", "Regulator_Linear:LM7805_TO220", kTo220, "TO-220", "5", "1", "https://www.onsemi.cn/PowerSolutions/document/MC7800-D.PDF", false},
    {"LM317DCYR", "Texas Instruments", "Regulator_Linear:LM317_SOT-223", kSot223, "SOT-223", nullptr, "1.5", "http://www.ti.com/lit/ds/symlink/lm317.pdf"},
    {"AP2112K-1.8TRG1", "Diodes Incorporated", "Regulator_Linear:AP2112K-1.8", kSot23_5, "SOT-23-5", "1.8", "0.6", kAp2112Datasheet},
    {"AP2112K-2.5TRG1", "Diodes Incorporated", "Regulator_Linear:AP2112K-2.5", kSot23_5, "SOT-23-5", "2.5", "0.6", kAp2112Datasheet},
    {"MCP1700T-3002E/TT", "Microchip Technology", "Regulator_Linear:MCP1700x-300xxTT", "Package_TO_SOT_SMD:SOT-23", "SOT-23", "3", "0.25", kMcp1700Datasheet},
    {"ME6211C33M5G-N", "Microne", "Regulator_Linear:ME6211C33M5", kSot23_5, "SOT-23-5", "3.3", "0.5", "https://www.lcsc.com/datasheet/lcsc_datasheet_2304140030_MICRONE-Nanjing-Micro-One-Elec-ME6211C33R5G_C235316.pdf"},
    {"LD1117S33TR", "STMicroelectronics", "Regulator_Linear:LD1117S33TR_SOT223", kSot223, "SOT-223", "3.3", "0.8", "http://www.st.com/st-web-ui/static/active/en/resource/technical/document/datasheet/CD00000544.pdf"},
    {"MIC5205-3.3YM5-TR", "Microchip Technology", "Regulator_Linear:MIC5205-3.3YM5", kSot23_5, "SOT-23-5", "3.3", "0.15", "http://ww1.microchip.com/downloads/en/DeviceDoc/20005785A.pdf"},
    {"XC6206P332MR", "Torex Semiconductor", "Regulator_Linear:XC6206PxxxMR", "Package_TO_SOT_SMD:SOT-23-3", "SOT-23", "3.3", "0.2", "https://www.torexsemi.com/file/xc6206/XC6206.pdf"},
    {"LP5907MFX-3.3/NOPB", "Texas Instruments", "Regulator_Linear:LP5907MFX-3.3", kSot23_5, "SOT-23-5", "3.3", "0.25", "http://www.ti.com/lit/ds/symlink/lp5907.pdf"},
    {"TLV75533PDBVR", "Texas Instruments", "Regulator_Linear:TLV75533PDBV", kSot23_5, "SOT-23-5", "3.3", "0.5", "http://www.ti.com/lit/ds/symlink/tlv755p.pdf"},
    {"MC78M05CDTRKG", "onsemi", "Regulator_Linear:LM78M05_TO252", "Package_TO_SOT_SMD:TO-252-2", "DPAK", "5", "0.5", "https://www.onsemi.com/pub/Collateral/MC78M00-D.PDF"},
    {"MC78L05ACHX", "onsemi", "Regulator_Linear:MC78L05_SOT89", "Package_TO_SOT_SMD:SOT-89-3", "SOT-89", "5", "0.1", "https://www.onsemi.com/pub/Collateral/MC78L00A-D.PDF"},
    {"NCP1117ST33T3G", "onsemi", "Regulator_Linear:NCP1117-3.3_SOT223", kSot223, "SOT-223", "3.3", "1", "http://www.onsemi.com/pub_link/Collateral/NCP1117-D.PDF"},
    {"AP7361C-33E-13", "Diodes Incorporated", "Regulator_Linear:AP7361C-33E", kSot223, "SOT-223", "3.3", "1", "https://www.diodes.com/assets/Datasheets/AP7361C.pdf"},
    {"LM1117DT-3.3/NOPB", "Texas Instruments", "Regulator_Linear:LM1117DT-3.3", "Package_TO_SOT_SMD:TO-252-3_TabPin2", "DPAK", "3.3", "0.8", "http://www.ti.com/lit/ds/symlink/lm1117.pdf"},
    {"LM79L05ACZ", "Texas Instruments", "Regulator_Linear:LM79L05_TO92", "Package_TO_SOT_THT:TO-92_Inline", "TO-92", "-5", "0.1", "http://www.ti.com/lit/ds/symlink/lm79l.pdf"},
    {"MC7905CTG", "onsemi", "Regulator_Linear:LM7905_TO220", kTo220, "TO-220", "-5", "1", "https://www.onsemi.com/pub/Collateral/MC7900-D.PDF"},
    {"AP2127K-3.3TRG1", "Diodes Incorporated", "Regulator_Linear:AP2127K-3.3", kSot23_5, "SOT-23-5", "3.3", "0.3", "https://www.diodes.com/assets/Datasheets/AP2127.pdf"},
    {"MIC5504-3.3YM5-TR", "Microchip Technology", "Regulator_Linear:MIC5504-3.3YM5", kSot23_5, "SOT-23-5", "3.3", "0.3", "http://ww1.microchip.com/downloads/en/DeviceDoc/MIC550X.pdf"},
    {"AP2204K-5.0TRG1", "Diodes Incorporated", "Regulator_Linear:AP2204K-5.0", kSot23_5, "SOT-23-5", "5", "0.15", "https://www.diodes.com/assets/Datasheets/AP2204.pdf"},
    {"LM2937IMP-3.3/NOPB", "Texas Instruments", "Regulator_Linear:LM2937xMP", kSot223, "SOT-223", "3.3", "0.5", "http://www.ti.com/lit/ds/symlink/lm2937.pdf"},
}};

class RegulatorFamily : public TableFamily<RegulatorRow> {
 public:
  RegulatorFamily() : TableFamily(category::kVoltageRegulators, kRegulators) {}

 protected:
  void build(const RegulatorRow* const& row, CatalogBuilder& out) const override {
    std::string output = row->voltage != nullptr ? std::string(row->voltage) + "V" : std::string("adjustable");
    PartDraft draft;
    draft.category_id = category_id();
    draft.name = row->name;
    draft.ipn = std::string("IC-REG-") + row->name;
    draft.description = "Linear voltage regulator, " + output + " " + row->current + "A, " + row->package;
    draft.keywords = std::string("regulator ldo linear ") + row->package;
    draft.active = row->active;
    int64_t id = out.add_part(std::move(draft));

    out.add_parameter(id, parameter::kKicadSymbol, row->symbol);
    out.add_parameter(id, parameter::kKicadFootprint, row->footprint);
    if (row->voltage != nullptr) out.add_parameter(id, parameter::kVoltage, row->voltage);
    out.add_parameter(id, parameter::kCurrent, row->current);
    out.add_datasheet(id, row->datasheet);
    add_sourcing(out, id, row->manufacturer, row->name);
  }
};

// ---- Op-amps ------------------------------------------------------------------------------

struct IcPackage {
  const char* name;
  const char* footprint;
};
enum OpAmpPackage { kSoic8, kDip8, kTssop8, kVssop8, kMsop8, kSoic14, kDip14, kTssop14, kSot23_5Pkg };
constexpr std::array<IcPackage, 9> kOpAmpPackages = {{
    {"SOIC-8", "Package_SO:SOIC-8_3.9x4.9mm_P1.27mm"},
    {"DIP-8", "Package_DIP:DIP-8_W7.62mm"},
    {"TSSOP-8", "Package_SO:TSSOP-8_4.4x3mm_P0.65mm"},
    {"VSSOP-8", "Package_SO:VSSOP-8_3x3mm_P0.65mm"},
    {"MSOP-8", "Package_SO:MSOP-8_3x3mm_P0.65mm"},
    {"SOIC-14", "Package_SO:SOIC-14_3.9x8.7mm_P1.27mm"},
    {"DIP-14", "Package_DIP:DIP-14_W7.62mm"},
    {"TSSOP-14", "Package_SO:TSSOP-14_4.4x5mm_P0.65mm"},
    {"SOT-23-5", "Package_TO_SOT_SMD:SOT-23-5"},
}};

struct OpAmpRow {
  const char* name;
  const char* manufacturer;
  const char* symbol;  // in Amplifier_Operational
  OpAmpPackage package;
  const char* description;
  const char* datasheet;
  bool active = true;
};

constexpr const char* kTi = "Texas Instruments";
constexpr const char* kMicrochip = "Microchip Technology";
constexpr const char* kLm358Text = "Dual general-purpose op-amp, 3-32V, 0.7MHz";
constexpr const char* kLm358Sheet = "http://www.ti.com/lit/ds/symlink/lm2904-n.pdf";
constexpr const char* kTl07xSheet = "http://www.ti.com/lit/ds/symlink/tl071.pdf";
constexpr const char* kMcp600xSheet = "http://ww1.microchip.com/downloads/en/DeviceDoc/21733j.pdf";

constexpr std::array<OpAmpRow, 40> kOpAmps = {{
    {"LM358DR", kTi, "LM358", kSoic8, kLm358Text, kLm358Sheet},
    {"TL072CDR", kTi, "TL072", kSoic8, "Dual low-noise JFET-input op-amp, 3MHz", kTl07xSheet},
    {"MCP6002-I/SN", kMicrochip, "MCP6002-xSN", kSoic8, "Dual rail-to-rail op-amp, 1.8-6V, 1MHz", kMcp600xSheet},
    {"NE5532DR", kTi, "NE5532", kSoic8, "Dual low-noise audio op-amp, 10MHz", "http://www.ti.com/lit/ds/symlink/ne5532.pdf"},
    {"LM324DR", kTi, "LM324", kSoic14, "Quad general-purpose op-amp, 3-32V, 1.2MHz", "http://www.ti.com/lit/ds/symlink/lm2902-n.pdf"},
    {"TL074CDR", kTi, "TL074", kSoic14, "Quad low-noise JFET-input op-amp, 3MHz", kTl07xSheet},
    {"MCP6001T-I/OT", kMicrochip, "MCP6001-OT", kSot23_5Pkg, "Rail-to-rail op-amp, 1.8-6V, 1MHz",
     "https://ww1.microchip.com/downloads/en/DeviceDoc/MCP6001-1R-1U-2-4-1-MHz-Low-Power-Op-Amp-DS20001733L.pdf"},
    {"MCP6004-I/SL", kMicrochip, "MCP6004", kSoic14, "Quad rail-to-rail op-amp, 1.8-6V, 1MHz", kMcp600xSheet},
    {"LM358P", kTi, "LM358", kDip8, kLm358Text, kLm358Sheet},
    {"LM358PWR", kTi, "LM358", kTssop8, kLm358Text, kLm358Sheet},
    {"LM358DGKR", kTi, "LM358", kVssop8, kLm358Text, kLm358Sheet},
    {"TL072CP", kTi, "TL072", kDip8, "Dual low-noise JFET-input op-amp, 3MHz", kTl07xSheet},
    {"TL072CPWR", kTi, "TL072", kTssop8, "Dual low-noise JFET-input op-amp, 3MHz", kTl07xSheet},
    {"TL071CDR", kTi, "TL071", kSoic8, "Low-noise JFET-input op-amp, 3MHz", kTl07xSheet},
    {"TL071CP", kTi, "TL071", kDip8, "Low-noise JFET-input op-amp, 3MHz", kTl07xSheet},
    {"TL074CN", kTi, "TL074", kDip14, "Quad low-noise JFET-input op-amp, 3MHz", kTl07xSheet},
    {"TL074CPWR", kTi, "TL074", kTssop14, "Quad low-noise JFET-input op-amp, 3MHz", kTl07xSheet},
    {"TL082CDR", kTi, "TL082", kSoic8, "Dual JFET-input op-amp, 3MHz", "http://www.ti.com/lit/ds/symlink/tl081.pdf"},
    {"NE5532P", kTi, "NE5532", kDip8, "Dual low-noise audio op-amp, 10MHz", "http://www.ti.com/lit/ds/symlink/ne5532.pdf"},
    {"NE5534P", kTi, "NE5534", kDip8, "Low-noise audio op-amp, 10MHz", "http://www.ti.com/lit/ds/symlink/ne5534.pdf"},
    {"LM324N", kTi, "LM324", kDip14, "Quad general-purpose op-amp, 3-32V, 1.2MHz", "http://www.ti.com/lit/ds/symlink/lm2902-n.pdf"},
    {"LM324PWR", kTi, "LM324", kTssop14, "Quad general-purpose op-amp, 3-32V, 1.2MHz", "http://www.ti.com/lit/ds/symlink/lm2902-n.pdf"},
    {"LM2904DR", kTi, "LM2904", kSoic8, "Dual general-purpose op-amp, automotive temperature range", "http://www.ti.com/lit/ds/symlink/lm358.pdf"},
    {"MCP6002-I/P", kMicrochip, "MCP6002-xP", kDip8, "Dual rail-to-rail op-amp, 1.8-6V, 1MHz", kMcp600xSheet},
    {"MCP6002-I/MS", kMicrochip, "MCP6002-xMS", kMsop8, "Dual rail-to-rail op-amp, 1.8-6V, 1MHz", kMcp600xSheet},
    {"MCP6004-I/P", kMicrochip, "MCP6004", kDip14, "Quad rail-to-rail op-amp, 1.8-6V, 1MHz", kMcp600xSheet},
    {"MCP6004-I/ST", kMicrochip, "MCP6004", kTssop14, "Quad rail-to-rail op-amp, 1.8-6V, 1MHz", kMcp600xSheet},
    {"MCP602-I/SN", kMicrochip, "MCP602", kSoic8, "Dual single-supply CMOS op-amp, 2.8MHz", "http://ww1.microchip.com/downloads/en/DeviceDoc/21314g.pdf"},
    {"OPA2340UA", kTi, "OPA2340", kSoic8, "Dual rail-to-rail CMOS op-amp, 5.5MHz", "http://www.ti.com/lit/ds/symlink/opa4340.pdf"},
    {"OPA2134UA", kTi, "OPA2134", kSoic8, "Dual high-performance audio op-amp, 8MHz", "http://www.ti.com/lit/ds/symlink/opa134.pdf"},
    {"OPA1678IDR", kTi, "OPA1678", kSoic8, "Dual low-distortion audio op-amp, 16MHz", "http://www.ti.com/lit/ds/symlink/opa1678.pdf"},
    {"OPA2333AIDR", kTi, "OPA2333xxD", kSoic8, "Dual zero-drift micropower op-amp", "http://www.ti.com/lit/ds/symlink/opa333.pdf"},
    {"OPA376AIDBVR", kTi, "OPA376xxDBV", kSot23_5Pkg, "Low-noise rail-to-rail CMOS op-amp, 5.5MHz", "http://www.ti.com/lit/ds/symlink/opa376.pdf"},
    {"TLV9062IDR", kTi, "TLV9062xD", kSoic8, "Dual rail-to-rail op-amp, 10MHz", "https://www.ti.com/lit/ds/symlink/tlv9062.pdf"},
    {"LMV358IDR", kTi, "LMV358", kSoic8, "Dual low-voltage rail-to-rail op-amp, 1MHz", "http://www.ti.com/lit/ds/symlink/lmv324.pdf"},
    {"TLV2372IDR", kTi, "TLV2372", kSoic8, "Dual rail-to-rail op-amp, 3MHz", "http://www.ti.com/lit/ds/symlink/tlv2375.pdf"},
    {"LMC6482AIMX/NOPB", kTi, "LMC6482", kSoic8, "Dual CMOS rail-to-rail op-amp", "http://www.ti.com/lit/ds/symlink/lmc6482.pdf"},
    {"MC33078DR2G", "onsemi", "MC33078", kSoic8, "Dual low-noise op-amp, 16MHz", "https://www.onsemi.com/pub/Collateral/MC33078-D.PDF"},
    {"AD8606ARZ", "Analog Devices", "AD8606ARZ", kSoic8, "Dual precision CMOS rail-to-rail op-amp",
     "https://www.analog.com/media/en/technical-documentation/data-sheets/AD8605_8606_8608.pdf"},
    {"LM741CN", kTi, "LM741", kDip8, "General-purpose op-amp (obsolete)", "http://www.ti.com/lit/ds/symlink/lm741.pdf", false},
}};

class OpAmpFamily : public TableFamily<OpAmpRow> {
 public:
  OpAmpFamily() : TableFamily(category::kOpAmps, kOpAmps) {}

 protected:
  void build(const OpAmpRow* const& row, CatalogBuilder& out) const override {
    const IcPackage& package = kOpAmpPackages[row->package];
    PartDraft draft;
    draft.category_id = category_id();
    draft.name = row->name;
    draft.ipn = std::string("IC-OPA-") + row->name;
    draft.description = std::string(row->description) + ", " + package.name;
    draft.keywords = std::string("opamp op-amp amplifier ") + package.name;
    draft.active = row->active;
    int64_t id = out.add_part(std::move(draft));

    out.add_parameter(id, parameter::kKicadSymbol, std::string("Amplifier_Operational:") + row->symbol);
    out.add_parameter(id, parameter::kKicadFootprint, package.footprint);
    out.add_parameter(id, parameter::kPackage, package.name);
    out.add_datasheet(id, row->datasheet);
    add_sourcing(out, id, row->manufacturer, row->name);
  }
};

// ---- Microcontrollers ---------------------------------------------------------------------

struct McuRow {
  const char* name;
  const char* manufacturer;
  const char* symbol;
  const char* footprint;  // nullptr for the template part, which has no package
  const char* package;
  const char* description;
  const char* datasheet;  // nullptr: none attached
  bool active = true;
  bool is_template = false;
};

constexpr const char* kSt = "STMicroelectronics";
constexpr const char* kTqfp32 = "Package_QFP:TQFP-32_7x7mm_P0.8mm";
constexpr const char* kLqfp32 = "Package_QFP:LQFP-32_7x7mm_P0.8mm";
constexpr const char* kLqfp48 = "Package_QFP:LQFP-48_7x7mm_P0.5mm";
constexpr const char* kLqfp64 = "Package_QFP:LQFP-64_10x10mm_P0.5mm";
constexpr const char* kTssop20 = "Package_SO:TSSOP-20_4.4x6.5mm_P0.65mm";
constexpr const char* kQfn48St = "Package_DFN_QFN:QFN-48-1EP_7x7mm_P0.5mm_EP5.6x5.6mm";
constexpr const char* kAtmega328Sheet =
    "http://ww1.microchip.com/downloads/en/DeviceDoc/"
    "ATmega328_P%20AVR%20MCU%20with%20picoPower%20Technology%20Data%20Sheet%2040001984A.pdf";
constexpr const char* kAttiny85Sheet =
    "http://ww1.microchip.com/downloads/en/DeviceDoc/"
    "atmel-2586-avr-8-bit-microcontroller-attiny25-attiny45-attiny85_datasheet.pdf";

constexpr std::array<McuRow, 50> kMcus = {{
    {"ATmega328P", kMicrochip, "MCU_Microchip_ATmega:ATmega328P-A", nullptr, "", "8-bit AVR MCU, 32KB flash, 2KB SRAM (template: order a package variant)", kAtmega328Sheet, true, true},
    {"ATmega328P-AU", kMicrochip, "MCU_Microchip_ATmega:ATmega328P-A", kTqfp32, "TQFP-32", "8-bit AVR MCU, 32KB flash, 2KB SRAM, 20MHz", kAtmega328Sheet},
    {"STM32F103C8T6", kSt, "MCU_ST_STM32F1:STM32F103C8Tx", kLqfp48, "LQFP-48", "ARM Cortex-M3 MCU, 64KB flash, 20KB RAM, 72MHz", "https://www.st.com/resource/en/datasheet/stm32f103c8.pdf"},
    {"RP2040", "Raspberry Pi", "MCU_RaspberryPi:RP2040", "Package_DFN_QFN:QFN-56-1EP_7x7mm_P0.4mm_EP3.2x3.2mm", "QFN-56", "Dual ARM Cortex-M0+ MCU, 264KB RAM, 133MHz, external flash", "https://datasheets.raspberrypi.com/rp2040/rp2040-datasheet.pdf"},
    {"ATtiny85-20SU", kMicrochip, "MCU_Microchip_ATtiny:ATtiny85-20S", "Package_SO:SOIC-8_5.3x5.3mm_P1.27mm", "SOIC-8", "8-bit AVR MCU, 8KB flash, 512B SRAM, 20MHz", kAttiny85Sheet},
    {"ESP32-C3", "Espressif Systems", "MCU_Espressif:ESP32-C3", "Package_DFN_QFN:QFN-32-1EP_5x5mm_P0.5mm_EP3.7x3.7mm", "QFN-32", "RISC-V Wi-Fi/Bluetooth LE SoC, 160MHz", "https://www.espressif.com/sites/default/files/documentation/esp32-c3_datasheet_en.pdf"},
    {"ATmega328P-PU", kMicrochip, "MCU_Microchip_ATmega:ATmega328P-P", "Package_DIP:DIP-28_W7.62mm", "DIP-28", "8-bit AVR MCU, 32KB flash, 2KB SRAM, 20MHz", kAtmega328Sheet},
    {"ATmega328P-MU", kMicrochip, "MCU_Microchip_ATmega:ATmega328P-M", "Package_DFN_QFN:QFN-32-1EP_5x5mm_P0.5mm_EP3.1x3.1mm", "QFN-32", "8-bit AVR MCU, 32KB flash, 2KB SRAM, 20MHz", kAtmega328Sheet},
    {"ATmega328PB-AU", kMicrochip, "MCU_Microchip_ATmega:ATmega328PB-A", kTqfp32, "TQFP-32", "8-bit AVR MCU, 32KB flash, 2KB SRAM, extra peripherals", "http://ww1.microchip.com/downloads/en/DeviceDoc/40001906C.pdf"},
    {"ATmega32U4-AU", kMicrochip, "MCU_Microchip_ATmega:ATmega32U4-A", "Package_QFP:TQFP-44_10x10mm_P0.8mm", "TQFP-44", "8-bit AVR MCU with USB, 32KB flash, 2.5KB SRAM", "http://ww1.microchip.com/downloads/en/DeviceDoc/Atmel-7766-8-bit-AVR-ATmega16U4-32U4_Datasheet.pdf"},
    {"ATmega2560-16AU", kMicrochip, "MCU_Microchip_ATmega:ATmega2560-16A", "Package_QFP:TQFP-100_14x14mm_P0.5mm", "TQFP-100", "8-bit AVR MCU, 256KB flash, 8KB SRAM, 16MHz", "http://ww1.microchip.com/downloads/en/DeviceDoc/Atmel-2549-8-bit-AVR-Microcontroller-ATmega640-1280-1281-2560-2561_datasheet.pdf"},
    {"ATmega8-16AU", kMicrochip, "MCU_Microchip_ATmega:ATmega8-16A", kTqfp32, "TQFP-32", "8-bit AVR MCU, 8KB flash, 1KB SRAM (not for new designs)", "http://ww1.microchip.com/downloads/en/DeviceDoc/atmel-2486-8-bit-avr-microcontroller-atmega8_l_datasheet.pdf", false},
    {"ATmega644PA-AU", kMicrochip, "MCU_Microchip_ATmega:ATmega644PA-A", "Package_QFP:TQFP-44_10x10mm_P0.8mm", "TQFP-44", "8-bit AVR MCU, 64KB flash, 4KB SRAM", "http://ww1.microchip.com/downloads/en/DeviceDoc/Atmel-8272-8-bit-AVR-microcontroller-ATmega164A_PA-324A_PA-644A_PA-1284_P_datasheet.pdf"},
    {"ATtiny85-20PU", kMicrochip, "MCU_Microchip_ATtiny:ATtiny85-20P", "Package_DIP:DIP-8_W7.62mm", "DIP-8", "8-bit AVR MCU, 8KB flash, 512B SRAM, 20MHz", kAttiny85Sheet},
    {"ATtiny84A-SSU", kMicrochip, "MCU_Microchip_ATtiny:ATtiny84A-SS", "Package_SO:SOIC-14_3.9x8.7mm_P1.27mm", "SOIC-14", "8-bit AVR MCU, 8KB flash, 512B SRAM", "http://ww1.microchip.com/downloads/en/DeviceDoc/doc8183.pdf"},
    {"ATtiny1614-SSNR", kMicrochip, "MCU_Microchip_ATtiny:ATtiny1614-SS", "Package_SO:SOIC-14_3.9x8.7mm_P1.27mm", "SOIC-14", "tinyAVR 1-series MCU, 16KB flash, 2KB SRAM", "http://ww1.microchip.com/downloads/en/DeviceDoc/ATtiny1614-data-sheet-40001995A.pdf"},
    {"ATtiny402-SSNR", kMicrochip, "MCU_Microchip_ATtiny:ATtiny402-SS", "Package_SO:SOIC-8_3.9x4.9mm_P1.27mm", "SOIC-8", "tinyAVR 0-series MCU, 4KB flash, 256B SRAM", "http://ww1.microchip.com/downloads/en/DeviceDoc/ATtiny202-402-AVR-MCU-with-Core-Independent-Peripherals_and-picoPower-40001969A.pdf"},
    {"ATSAMD21G18A-AU", kMicrochip, "MCU_Microchip_SAMD:ATSAMD21G18A-A", "Package_QFP:TQFP-48_7x7mm_P0.5mm", "TQFP-48", "ARM Cortex-M0+ MCU with USB, 256KB flash, 32KB SRAM, 48MHz", "http://ww1.microchip.com/downloads/en/DeviceDoc/SAM_D21_DA1_Family_Data%20Sheet_DS40001882E.pdf"},
    {"ATSAMD21E18A-AU", kMicrochip, "MCU_Microchip_SAMD:ATSAMD21E18A-A", kTqfp32, "TQFP-32", "ARM Cortex-M0+ MCU with USB, 256KB flash, 32KB SRAM, 48MHz", "http://ww1.microchip.com/downloads/en/DeviceDoc/SAM_D21_DA1_Family_Data%20Sheet_DS40001882E.pdf"},
    {"PIC16F1455-I/SL", kMicrochip, "MCU_Microchip_PIC16:PIC16F1455-ISL", "Package_SO:SOIC-14_3.9x8.7mm_P1.27mm", "SOIC-14", "8-bit PIC MCU with USB, 14KB flash, 1KB RAM", nullptr},
    {"PIC12F675-I/SN", kMicrochip, "MCU_Microchip_PIC12:PIC12F675-xSN", "Package_SO:SOIC-8_3.9x4.9mm_P1.27mm", "SOIC-8", "8-bit PIC MCU, 1.75KB flash, 10-bit ADC", "https://ww1.microchip.com/downloads/en/DeviceDoc/41190G.pdf"},
    {"AVR128DA28-I/SO", kMicrochip, "MCU_Microchip_AVR_Dx:AVR128DA28x-xSO", "Package_SO:SOIC-28W_7.5x17.9mm_P1.27mm", "SOIC-28", "AVR DA MCU, 128KB flash, 16KB SRAM, 24MHz", "https://ww1.microchip.com/downloads/en/DeviceDoc/AVR128DA28-32-48-64-DataSheet-DS40002183B.pdf"},
    {"STM32F103CBT6", kSt, "MCU_ST_STM32F1:STM32F103CBTx", kLqfp48, "LQFP-48", "ARM Cortex-M3 MCU, 128KB flash, 20KB RAM, 72MHz", "https://www.st.com/resource/en/datasheet/stm32f103cb.pdf"},
    {"STM32F103RBT6", kSt, "MCU_ST_STM32F1:STM32F103RBTx", kLqfp64, "LQFP-64", "ARM Cortex-M3 MCU, 128KB flash, 20KB RAM, 72MHz", "https://www.st.com/resource/en/datasheet/stm32f103rb.pdf"},
    {"STM32F030F4P6", kSt, "MCU_ST_STM32F0:STM32F030F4Px", kTssop20, "TSSOP-20", "ARM Cortex-M0 MCU, 16KB flash, 4KB RAM, 48MHz", "https://www.st.com/resource/en/datasheet/stm32f030f4.pdf"},
    {"STM32F042K6T6", kSt, "MCU_ST_STM32F0:STM32F042K6Tx", kLqfp32, "LQFP-32", "ARM Cortex-M0 MCU with USB and CAN, 32KB flash, 6KB RAM", "https://www.st.com/resource/en/datasheet/stm32f042k6.pdf"},
    {"STM32F072CBT6", kSt, "MCU_ST_STM32F0:STM32F072CBTx", kLqfp48, "LQFP-48", "ARM Cortex-M0 MCU with USB, 128KB flash, 16KB RAM", "https://www.st.com/resource/en/datasheet/stm32f072cb.pdf"},
    {"STM32F303CCT6", kSt, "MCU_ST_STM32F3:STM32F303CCTx", kLqfp48, "LQFP-48", "ARM Cortex-M4F MCU, 256KB flash, 40KB RAM, 72MHz", "https://www.st.com/resource/en/datasheet/stm32f303cc.pdf"},
    {"STM32F401CCU6", kSt, "MCU_ST_STM32F4:STM32F401CCUx", kQfn48St, "UFQFPN-48", "ARM Cortex-M4F MCU, 256KB flash, 64KB RAM, 84MHz", "https://www.st.com/resource/en/datasheet/stm32f401cc.pdf"},
    {"STM32F411CEU6", kSt, "MCU_ST_STM32F4:STM32F411CEUx", kQfn48St, "UFQFPN-48", "ARM Cortex-M4F MCU, 512KB flash, 128KB RAM, 100MHz", "https://www.st.com/resource/en/datasheet/stm32f411ce.pdf"},
    {"STM32F405RGT6", kSt, "MCU_ST_STM32F4:STM32F405RGTx", kLqfp64, "LQFP-64", "ARM Cortex-M4F MCU, 1MB flash, 192KB RAM, 168MHz", "https://www.st.com/resource/en/datasheet/stm32f405rg.pdf"},
    {"STM32F446RET6", kSt, "MCU_ST_STM32F4:STM32F446RETx", kLqfp64, "LQFP-64", "ARM Cortex-M4F MCU, 512KB flash, 128KB RAM, 180MHz", "https://www.st.com/resource/en/datasheet/stm32f446re.pdf"},
    {"STM32G031K8T6", kSt, "MCU_ST_STM32G0:STM32G031K8Tx", kLqfp32, "LQFP-32", "ARM Cortex-M0+ MCU, 64KB flash, 8KB RAM, 64MHz", "https://www.st.com/resource/en/datasheet/stm32g031k8.pdf"},
    {"STM32G030F6P6", kSt, "MCU_ST_STM32G0:STM32G030F6Px", kTssop20, "TSSOP-20", "ARM Cortex-M0+ MCU, 32KB flash, 8KB RAM, 64MHz", "https://www.st.com/resource/en/datasheet/stm32g030f6.pdf"},
    {"STM32G0B1CET6", kSt, "MCU_ST_STM32G0:STM32G0B1CETx", kLqfp48, "LQFP-48", "ARM Cortex-M0+ MCU with USB and FDCAN, 512KB flash, 144KB RAM", "https://www.st.com/resource/en/datasheet/stm32g0b1ce.pdf"},
    {"STM32G431CBU6", kSt, "MCU_ST_STM32G4:STM32G431CBUx", kQfn48St, "UFQFPN-48", "ARM Cortex-M4F MCU, 128KB flash, 32KB RAM, 170MHz", "https://www.st.com/resource/en/datasheet/stm32g431cb.pdf"},
    {"STM32L432KCU6", kSt, "MCU_ST_STM32L4:STM32L432KCUx", "Package_DFN_QFN:QFN-32-1EP_5x5mm_P0.5mm_EP3.45x3.45mm", "UFQFPN-32", "Ultra-low-power ARM Cortex-M4F MCU, 256KB flash, 64KB RAM", "https://www.st.com/resource/en/datasheet/stm32l432kc.pdf"},
    {"STM32L031K6T6", kSt, "MCU_ST_STM32L0:STM32L031K6Tx", kLqfp32, "LQFP-32", "Ultra-low-power ARM Cortex-M0+ MCU, 32KB flash, 8KB RAM", "https://www.st.com/resource/en/datasheet/stm32l031k6.pdf"},
    {"STM32H743VIT6", kSt, "MCU_ST_STM32H7:STM32H743VITx", "Package_QFP:LQFP-100_14x14mm_P0.5mm", "LQFP-100", "ARM Cortex-M7 MCU, 2MB flash, 1MB RAM, 480MHz", "https://www.st.com/resource/en/datasheet/stm32h743vi.pdf"},
    {"STM32C011F4P6", kSt, "MCU_ST_STM32C0:STM32C011F4Px", kTssop20, "TSSOP-20", "ARM Cortex-M0+ MCU, 16KB flash, 6KB RAM, 48MHz", "https://www.st.com/resource/en/datasheet/stm32c011f4.pdf"},
    {"RP2350A", "Raspberry Pi", "MCU_RaspberryPi:RP2350A", "Package_DFN_QFN:QFN-60-1EP_7x7mm_P0.4mm_EP3.4x3.4mm", "QFN-60", "Dual ARM Cortex-M33 / RISC-V MCU, 520KB RAM, 150MHz", "https://datasheets.raspberrypi.com/rp2350/rp2350-datasheet.pdf"},
    {"ESP32-S3", "Espressif Systems", "MCU_Espressif:ESP32-S3", "Package_DFN_QFN:QFN-56-1EP_7x7mm_P0.4mm_EP4x4mm", "QFN-56", "Dual Xtensa LX7 Wi-Fi/Bluetooth LE SoC, 240MHz", "https://www.espressif.com/sites/default/files/documentation/esp32-s3_datasheet_en.pdf"},
    {"ESP32-PICO-D4", "Espressif Systems", "MCU_Espressif:ESP32-PICO-D4", "Package_DFN_QFN:QFN-48-1EP_7x7mm_P0.5mm_EP5.3x5.3mm", "QFN-48", "Wi-Fi/Bluetooth system-in-package with 4MB flash", "https://www.espressif.com/sites/default/files/documentation/esp32-pico_series_datasheet_en.pdf"},
    {"NRF52840-QIAA-R", "Nordic Semiconductor", "MCU_Nordic:nRF52840", "Package_DFN_QFN:Nordic_AQFN-73-1EP_7x7mm_P0.5mm", "aQFN-73", "Bluetooth LE / Thread / Zigbee SoC, ARM Cortex-M4F, 1MB flash", "http://infocenter.nordicsemi.com/topic/com.nordic.infocenter.nrf52/dita/nrf52/chips/nrf52840.html"},
    {"NRF52832-QFAA-R", "Nordic Semiconductor", "MCU_Nordic:nRF52832-QFxx", "Package_DFN_QFN:QFN-48-1EP_6x6mm_P0.4mm_EP4.6x4.6mm", "QFN-48", "Bluetooth LE SoC, ARM Cortex-M4F, 512KB flash", "https://docs-be.nordicsemi.com/bundle/nRF52832_PS_v1.9/raw/resource/enus/nRF52832_PS_v1.9.pdf"},
    {"MSP430G2553IPW20R", kTi, "MCU_Texas_MSP430:MSP430G2553IPW20", kTssop20, "TSSOP-20", "16-bit ultra-low-power MCU, 16KB flash, 512B RAM", "http://www.ti.com/lit/ds/symlink/msp430g2553.pdf"},
    {"MSP430G2553IN20", kTi, "MCU_Texas_MSP430:MSP430G2553IN20", "Package_DIP:DIP-20_W7.62mm", "DIP-20", "16-bit ultra-low-power MCU, 16KB flash, 512B RAM", "http://www.ti.com/lit/ds/symlink/msp430g2553.pdf"},
    {"CH32V003F4P6", "WCH", "MCU_WCH_RiscV:CH32V003FxPx", kTssop20, "TSSOP-20", "RISC-V MCU, 16KB flash, 2KB SRAM, 48MHz", "https://www.wch-ic.com/products/CH32V003.html"},
    {"CH32V203C8T6", "WCH", "MCU_WCH_RiscV:CH32V203CxTx", kLqfp48, "LQFP-48", "RISC-V MCU with USB, 64KB flash, 20KB SRAM, 144MHz", "https://www.wch-ic.com/products/CH32V203.html"},
    {"PY32F002AF15P6TU", "Puya", "MCU_Puya:PY32F002AF15P", kTssop20, "TSSOP-20", "ARM Cortex-M0+ MCU, 20KB flash, 3KB SRAM, 24MHz", nullptr},
}};

class McuFamily : public TableFamily<McuRow> {
 public:
  McuFamily() : TableFamily(category::kMicrocontrollers, kMcus) {}

 protected:
  void build(const McuRow* const& row, CatalogBuilder& out) const override {
    PartDraft draft;
    draft.category_id = category_id();
    draft.name = row->name;
    draft.ipn = std::string("IC-MCU-") + row->name;
    draft.description = row->description;
    draft.keywords = "mcu microcontroller";
    if (row->footprint != nullptr) {
      draft.description += std::string(", ") + row->package;
      draft.keywords += std::string(" ") + row->package;
    }
    draft.active = row->active;
    draft.is_template = row->is_template;
    int64_t id = out.add_part(std::move(draft));

    // The metadata import writes reference, footprint and symbol together.
    out.add_parameter(id, parameter::kKicadSymbol, row->symbol);
    if (row->footprint != nullptr) {
      out.add_parameter(id, parameter::kKicadFootprint, row->footprint);
      out.add_parameter(id, parameter::kPackage, row->package);
    }
    out.add_parameter(id, parameter::kKicadReference, "U");
    if (row->datasheet != nullptr) out.add_datasheet(id, row->datasheet);
    if (!row->is_template) add_sourcing(out, id, row->manufacturer, row->name);
  }
};

}  // namespace

std::unique_ptr<PartFamily> make_voltage_regulator_family() { return std::make_unique<RegulatorFamily>(); }
std::unique_ptr<PartFamily> make_op_amp_family() { return std::make_unique<OpAmpFamily>(); }
std::unique_ptr<PartFamily> make_microcontroller_family() { return std::make_unique<McuFamily>(); }

}  // namespace kibridge::demo
