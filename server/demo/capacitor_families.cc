// Capacitors: multilayer ceramic chip capacitors (C0G, X7R, X5R over E6/E12 values, the
// voltages and packages each dielectric really comes in) and aluminium electrolytics
// (radial and SMD cans sized by their capacitance-voltage product).
#include <algorithm>
#include <array>
#include <cmath>
#include <span>
#include <string>

#include "server/demo/demo_ids.h"
#include "server/demo/part_family.h"
#include "server/demo/value_format.h"

namespace kibridge::demo {
namespace {

double base_units(SigValue v) { return v.digits * std::pow(10.0, v.exponent); }

std::string supplier_number(const CatalogBuilder& out, int64_t part_id) {
  return std::to_string(1000 + out.draw(part_id, Draw::kSupplierNumber) % 9000);
}

// Rated voltages shared by both kinds; lines index their voltage codes the same way.
constexpr std::array<const char*, 8> kVoltages = {"6.3", "10", "16", "25", "35", "50", "63", "100"};
enum Voltage { k6V3, k10V, k16V, k25V, k35V, k50V, k63V, k100V };

// ---- Ceramic ------------------------------------------------------------------------------

enum Dielectric { kC0G, kX7R, kX5R };

struct DielectricInfo {
  const char* name;
  double min_pf;
  double max_pf;
  std::array<Voltage, 4> voltages;  // most common first
};
constexpr std::array<DielectricInfo, 3> kDielectrics = {{
    {"C0G", 1, 1e4, {k50V, k25V, k100V, k16V}},
    {"X7R", 100, 1e7, {k50V, k25V, k16V, k100V}},
    {"X5R", 1e5, 1e8, {k10V, k6V3, k16V, k25V}},
}};

struct CeramicPackage {
  const char* imperial;
  const char* metric;
  const char* footprint;
  std::array<double, 3> max_pf;  // largest value made, per dielectric
};
constexpr std::array<CeramicPackage, 6> kCeramicPackages = {{
    {"0603", "1608", "Capacitor_SMD:C_0603_1608Metric", {1e4, 1e6, 1e7}},
    {"0402", "1005", "Capacitor_SMD:C_0402_1005Metric", {1e3, 1e5, 1e6}},
    {"0805", "2012", "Capacitor_SMD:C_0805_2012Metric", {1e4, 4.7e6, 2.2e7}},
    {"1206", "3216", "Capacitor_SMD:C_1206_3216Metric", {1e4, 1e7, 4.7e7}},
    {"1210", "3225", "Capacitor_SMD:C_1210_3225Metric", {1e4, 2.2e7, 1e8}},
    {"0201", "0603", "Capacitor_SMD:C_0201_0603Metric", {100, 1e4, 1e5}},
}};

// Tolerance of a ceramic capacitor: C0G below 10 pF is +/-0.25 pF, C0G otherwise 5 %, X7R
// 10 %, X5R 10 % up to 10 uF and 20 % above.
struct Tolerance {
  char code;
  const char* text;
};
Tolerance ceramic_tolerance(Dielectric dielectric, double pf) {
  if (dielectric == kC0G) return pf < 10 ? Tolerance{'C', "0.25pF"} : Tolerance{'J', "5%"};
  if (dielectric == kX5R && pf > 1e7) return Tolerance{'M', "20%"};
  return Tolerance{'K', "10%"};
}

struct CeramicSpec;
using CeramicNumberFn = std::string (*)(const CeramicSpec&);

struct CeramicLine {
  const char* manufacturer;
  const char* tag;  // IPN suffix ("" for the house line)
  bool records_dielectric;
  CeramicNumberFn part_number;
  const char* digikey_prefix;  // DigiKey SKUs are "<prefix><number>-1-ND"
  const char* mouser_prefix;
  std::array<const char*, 3> packaging;
};

struct CeramicSpec {
  const CeramicLine* line = nullptr;
  int package = 0;  // index into kCeramicPackages
  Dielectric dielectric = kX7R;
  Voltage voltage = k50V;
  SigValue value;  // picofarads
  int packaging = 0;
};

const CeramicPackage& package_of(const CeramicSpec& s) { return kCeramicPackages[s.package]; }
char tolerance_code(const CeramicSpec& s) { return ceramic_tolerance(s.dielectric, base_units(s.value)).code; }
std::string cap_code(const CeramicSpec& s) { return eia_code(s.value, 2); }
const char* packaging_of(const CeramicSpec& s) { return s.line->packaging[s.packaging]; }

// Each maker's codes, indexed like kCeramicPackages, Dielectric and Voltage.
std::string samsung_cl(const CeramicSpec& s) {
  constexpr std::array<const char*, 6> kSize = {"10", "05", "21", "31", "32", "03"};
  constexpr std::array<char, 6> kThickness = {'8', '5', 'F', 'H', 'J', '3'};
  constexpr std::array<char, 3> kDielectric = {'C', 'B', 'A'};
  constexpr std::array<char, 8> kVoltage = {'Q', 'P', 'O', 'A', 'L', 'B', 'D', 'C'};
  return std::string("CL") + kSize[s.package] + kDielectric[s.dielectric] + cap_code(s) + tolerance_code(s) +
         kVoltage[s.voltage] + kThickness[s.package] + packaging_of(s);
}
constexpr std::array<const char*, 8> kJisVoltage = {"0J", "1A", "1C", "1E", "1V", "1H", "1J", "2A"};
std::string murata_grm(const CeramicSpec& s) {
  constexpr std::array<const char*, 6> kSize = {"188", "155", "21B", "31C", "32E", "033"};
  constexpr std::array<const char*, 3> kDielectric = {"5C", "R7", "R6"};
  return std::string("GRM") + kSize[s.package] + kDielectric[s.dielectric] + kJisVoltage[s.voltage] + cap_code(s) +
         tolerance_code(s) + "A01" + packaging_of(s);
}
std::string yageo_cc(const CeramicSpec& s) {
  constexpr std::array<const char*, 3> kDielectric = {"NPO", "X7R", "X5R"};
  constexpr std::array<char, 8> kVoltage = {'5', '6', '7', '8', 'A', '9', 'B', '0'};
  return std::string("CC") + package_of(s).imperial + tolerance_code(s) + packaging_of(s) + kDielectric[s.dielectric] +
         kVoltage[s.voltage] + "BB" + cap_code(s);
}
std::string kemet_c(const CeramicSpec& s) {
  constexpr std::array<char, 3> kDielectric = {'G', 'R', 'P'};
  constexpr std::array<char, 8> kVoltage = {'9', '8', '4', '3', '6', '5', '7', '1'};
  return std::string("C") + package_of(s).imperial + "C" + cap_code(s) + tolerance_code(s) + kVoltage[s.voltage] +
         kDielectric[s.dielectric] + "AC" + packaging_of(s);
}
std::string tdk_c(const CeramicSpec& s) {
  constexpr std::array<const char*, 6> kThickness = {"080", "050", "125", "160", "250", "030"};
  return std::string("C") + package_of(s).metric + kDielectrics[s.dielectric].name + kJisVoltage[s.voltage] +
         cap_code(s) + tolerance_code(s) + kThickness[s.package] + packaging_of(s);
}
std::string kyocera_avx(const CeramicSpec& s) {
  constexpr std::array<char, 3> kDielectric = {'A', 'C', 'D'};
  constexpr std::array<char, 8> kVoltage = {'6', 'Z', 'Y', '3', 'D', '5', 'E', '1'};
  return std::string(package_of(s).imperial) + kVoltage[s.voltage] + kDielectric[s.dielectric] + cap_code(s) +
         tolerance_code(s) + packaging_of(s);
}

const std::array<CeramicLine, 6>& ceramic_lines() {
  static const std::array<CeramicLine, 6> lines = {{
      {"Samsung Electro-Mechanics", "", true, samsung_cl, "1276-", "187-", {"NNNC", "NNNE", nullptr}},
      {"Murata", "GRM", false, murata_grm, "490-", "81-", {"D", "J", "L"}},
      {"Yageo", "CC", false, yageo_cc, "311-", "603-", {"R", "K", nullptr}},
      {"KEMET", "KEM", false, kemet_c, "399-", "80-", {"TU", "7411", "7210"}},
      {"TDK", "TDK", false, tdk_c, "445-", "810-", {"AA", "BA", nullptr}},
      {"KYOCERA AVX", "AVX", false, kyocera_avx, "478-", "581-", {"AT2A", "AT4A", nullptr}},
  }};
  return lines;
}

class CeramicCapacitorFamily : public SpecFamily<CeramicSpec> {
 public:
  int64_t category_id() const override { return category::kCeramicCapacitors; }
  std::vector<PackageFootprint> package_footprints() const override {
    std::vector<PackageFootprint> result;
    for (const CeramicPackage& package : kCeramicPackages) result.push_back({package.imperial, package.footprint});
    return result;
  }

 protected:
  // Packaging variants last, then lines, E6 before the values E12 adds, voltages by
  // how common they are, packages, dielectrics and values from small to large.
  void enumerate(const std::function<bool(const CeramicSpec&)>& visit) const override {
    const std::array<std::pair<std::span<const int>, std::span<const int>>, 2> tiers = {
        {{e6_series(), {}}, {e12_series(), e6_series()}}};
    for (int packaging = 0; packaging < 3; ++packaging) {
      for (const CeramicLine& line : ceramic_lines()) {
        if (line.packaging[packaging] == nullptr) continue;
        for (const auto& [mantissas, excluded] : tiers) {
          for (int voltage_rank = 0; voltage_rank < 4; ++voltage_rank) {
            for (int package = 0; package < static_cast<int>(kCeramicPackages.size()); ++package) {
              for (int d = 0; d < static_cast<int>(kDielectrics.size()); ++d) {
                const DielectricInfo& dielectric = kDielectrics[d];
                Voltage voltage = dielectric.voltages[voltage_rank];
                double max_pf = kCeramicPackages[package].max_pf[d];
                if (voltage == k100V) max_pf /= 10;  // high voltage needs thicker layers
                for (int exponent = -2; exponent <= 6; ++exponent) {
                  for (int mantissa : mantissas) {
                    if (std::find(excluded.begin(), excluded.end(), mantissa) != excluded.end()) continue;
                    SigValue value{mantissa, exponent};
                    double pf = base_units(value);
                    if (pf < dielectric.min_pf || pf > dielectric.max_pf || pf > max_pf) continue;
                    CeramicSpec spec{&line, package, static_cast<Dielectric>(d), voltage, value, packaging};
                    if (!visit(spec)) return;
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  void build(const CeramicSpec& spec, CatalogBuilder& out) const override {
    const CeramicLine& line = *spec.line;
    const CeramicPackage& package = package_of(spec);
    const char* dielectric = kDielectrics[spec.dielectric].name;
    const char* voltage = kVoltages[spec.voltage];
    std::string value = si_text(spec.value, -12);
    std::string name = line.part_number(spec);

    PartDraft draft;
    draft.category_id = category_id();
    draft.name = name;
    draft.ipn = std::string("C-") + package.imperial + "-" + value + "F-" + voltage + "V-" + dielectric;
    if (*line.tag != '\0') draft.ipn += std::string("-") + line.tag;
    if (spec.packaging > 0) draft.ipn += std::string("-") + packaging_of(spec);
    draft.description = si_text(spec.value, -12, true) + "F " + voltage + "V " + dielectric + " \u00b1" +
                        ceramic_tolerance(spec.dielectric, base_units(spec.value)).text + " " + package.imperial +
                        " ceramic capacitor";
    draft.keywords = std::string("capacitor cap mlcc ceramic smd ") + dielectric + " " + package.imperial + " " + value;
    draft.stock_step = 100;
    draft.discontinued_per_mille = 3;
    int64_t id = out.add_part(std::move(draft));

    out.add_parameter(id, parameter::kCapacitance, value);
    out.add_parameter(id, parameter::kVoltage, voltage);
    if (line.records_dielectric) out.add_parameter(id, parameter::kDielectric, dielectric);
    out.add_parameter(id, parameter::kPackage, package.imperial);

    int64_t manufacturer_part = out.add_manufacturer_part(id, line.manufacturer, name);
    if (out.chance(id, Draw::kDigiKey, 70)) {
      out.add_supplier_part(id, manufacturer_part, "DigiKey",
                            line.digikey_prefix + supplier_number(out, id) + "-1-ND");
    }
    if (out.chance(id, Draw::kMouser, 35)) {
      out.add_supplier_part(id, manufacturer_part, "Mouser", line.mouser_prefix + name);
    }
  }
};

// ---- Aluminium electrolytic ---------------------------------------------------------------

struct CanSize {
  const char* package;  // Package parameter value
  const char* footprint;
  double max_cv;  // largest capacitance * voltage (uF * V) that fits the can
  const char* nichicon_case;
};
constexpr std::array<CanSize, 6> kRadialCans = {{
    {"Radial 5x11", "Capacitor_THT:CP_Radial_D5.0mm_P2.00mm", 1200, "DD"},
    {"Radial 6.3x11", "Capacitor_THT:CP_Radial_D6.3mm_P2.50mm", 3600, "ED"},
    {"Radial 8x11.5", "Capacitor_THT:CP_Radial_D8.0mm_P3.50mm", 8000, "PD"},
    {"Radial 10x16", "Capacitor_THT:CP_Radial_D10.0mm_P5.00mm", 17000, "PS"},
    {"Radial 12.5x20", "Capacitor_THT:CP_Radial_D12.5mm_P5.00mm", 40000, "HD"},
    {"Radial 16x25", "Capacitor_THT:CP_Radial_D16.0mm_P7.50mm", 80000, "HA"},
}};
constexpr std::array<CanSize, 6> kSmdCans = {{
    {"SMD 4x5.4", "Capacitor_SMD:CP_Elec_4x5.4", 200, "BL"},
    {"SMD 5x5.4", "Capacitor_SMD:CP_Elec_5x5.4", 400, "CL"},
    {"SMD 6.3x5.4", "Capacitor_SMD:CP_Elec_6.3x5.4", 800, "DL"},
    {"SMD 6.3x7.7", "Capacitor_SMD:CP_Elec_6.3x7.7", 1700, "EL"},
    {"SMD 8x10.5", "Capacitor_SMD:CP_Elec_8x10.5", 5500, "FL"},
    {"SMD 10x10.5", "Capacitor_SMD:CP_Elec_10x10.5", 12000, "GL"},
}};

// Microfarad values stocked as electrolytics, as SigValues in microfarads.
constexpr std::array<SigValue, 16> kElectrolyticValues = {{
    {100, -2}, {220, -2}, {330, -2}, {470, -2}, {100, -1}, {220, -1}, {330, -1}, {470, -1},
    {100, 0}, {220, 0}, {330, 0}, {470, 0}, {100, 1}, {220, 1}, {330, 1}, {470, 1},
}};
constexpr std::array<Voltage, 8> kElectrolyticVoltages = {k16V, k25V, k35V, k50V, k10V, k6V3, k63V, k100V};

struct ElectrolyticSpec;
using ElectrolyticNumberFn = std::string (*)(const ElectrolyticSpec&);

struct ElectrolyticLine {
  const char* manufacturer;
  const char* series;
  bool smd;
  ElectrolyticNumberFn part_number;
  const char* mouser_prefix;
};

struct ElectrolyticSpec {
  const ElectrolyticLine* line = nullptr;
  Voltage voltage = k16V;
  SigValue value;  // microfarads
  const CanSize* can = nullptr;
};

// Electrolytic part numbers give the capacitance as an EIA digit code in microfarads.
std::string uf_code(const ElectrolyticSpec& s) { return eia_code(s.value, 2); }
std::string nichicon(const ElectrolyticSpec& s, const char* suffix) {
  return std::string(s.line->series) + kJisVoltage[s.voltage] + uf_code(s) + "M" + s.can->nichicon_case + suffix;
}
std::string nichicon_uvr(const ElectrolyticSpec& s) { return nichicon(s, ""); }
std::string nichicon_uwt(const ElectrolyticSpec& s) { return nichicon(s, "1GS"); }
std::string panasonic_eeu(const ElectrolyticSpec& s) {
  return std::string("EEU-") + s.line->series + kJisVoltage[s.voltage] + uf_code(s);
}
std::string panasonic_eee(const ElectrolyticSpec& s) {
  return std::string("EEE-") + s.line->series + kJisVoltage[s.voltage] + uf_code(s) + "P";
}
std::string rubycon(const ElectrolyticSpec& s) {
  // "16YXJ100M6.3X11", "50YXJ2R2M5X11": voltage, series, microfarads, tolerance, can size.
  std::string size = std::string(s.can->package).substr(std::string(s.can->package).find(' ') + 1);
  std::replace(size.begin(), size.end(), 'x', 'X');
  std::string microfarads = base_units(s.value) < 10 ? uf_code(s) : plain_text(s.value);
  return std::string(kVoltages[s.voltage]) + s.line->series + microfarads + "M" + size;
}

const std::array<ElectrolyticLine, 5>& electrolytic_lines() {
  static const std::array<ElectrolyticLine, 5> lines = {{
      {"Nichicon", "UVR", false, nichicon_uvr, "647-"},
      {"Panasonic", "FR", false, panasonic_eeu, "667-"},
      {"Panasonic", "FK", true, panasonic_eee, "667-"},
      {"Nichicon", "UWT", true, nichicon_uwt, "647-"},
      {"Rubycon", "YXJ", false, rubycon, "232-"},
  }};
  return lines;
}

const CanSize* can_for(bool smd, double cv) {
  for (const CanSize& can : smd ? std::span<const CanSize>(kSmdCans) : std::span<const CanSize>(kRadialCans)) {
    if (cv <= can.max_cv) return &can;
  }
  return nullptr;
}

class ElectrolyticCapacitorFamily : public SpecFamily<ElectrolyticSpec> {
 public:
  int64_t category_id() const override { return category::kElectrolyticCapacitors; }
  std::vector<PackageFootprint> package_footprints() const override {
    std::vector<PackageFootprint> result;
    for (const CanSize& can : kRadialCans) result.push_back({can.package, can.footprint});
    for (const CanSize& can : kSmdCans) result.push_back({can.package, can.footprint});
    return result;
  }

 protected:
  void enumerate(const std::function<bool(const ElectrolyticSpec&)>& visit) const override {
    for (const ElectrolyticLine& line : electrolytic_lines()) {
      for (Voltage voltage : kElectrolyticVoltages) {
        for (SigValue value : kElectrolyticValues) {
          const CanSize* can = can_for(line.smd, base_units(value) * std::stod(kVoltages[voltage]));
          if (can == nullptr) continue;
          if (!visit(ElectrolyticSpec{&line, voltage, value, can})) return;
        }
      }
    }
  }

  void build(const ElectrolyticSpec& spec, CatalogBuilder& out) const override {
    const ElectrolyticLine& line = *spec.line;
    const char* voltage = kVoltages[spec.voltage];
    std::string value = plain_text(spec.value) + "u";
    std::string name = line.part_number(spec);

    PartDraft draft;
    draft.category_id = category_id();
    draft.name = name;
    draft.ipn = std::string("CP-") + value + "F-" + voltage + "V-" + line.series;
    draft.description = plain_text(spec.value) + "\u00b5F " + voltage + "V \u00b120% aluminium electrolytic capacitor, " +
                        spec.can->package + "mm";
    draft.keywords = std::string("capacitor cap electrolytic polarized ") + (line.smd ? "smd " : "tht radial ") + value;
    draft.stock_step = 10;
    draft.discontinued_per_mille = 5;
    int64_t id = out.add_part(std::move(draft));

    out.add_parameter(id, parameter::kCapacitance, value);
    out.add_parameter(id, parameter::kVoltage, voltage);
    out.add_parameter(id, parameter::kPackage, spec.can->package);

    int64_t manufacturer_part = out.add_manufacturer_part(id, line.manufacturer, name);
    if (out.chance(id, Draw::kMouser, 50)) {
      out.add_supplier_part(id, manufacturer_part, "Mouser", line.mouser_prefix + name);
    }
    if (out.chance(id, Draw::kDigiKey, 60)) {
      out.add_supplier_part(id, manufacturer_part, "DigiKey", name + "-ND");
    }
  }
};

}  // namespace

std::unique_ptr<PartFamily> make_ceramic_capacitor_family() { return std::make_unique<CeramicCapacitorFamily>(); }
std::unique_ptr<PartFamily> make_electrolytic_capacitor_family() {
  return std::make_unique<ElectrolyticCapacitorFamily>();
}

}  // namespace kibridge::demo
