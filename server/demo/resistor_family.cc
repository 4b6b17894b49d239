// Chip resistors: E-series values in the usual packages, from the product lines of the big
// resistor makers, with part numbers built the way each maker builds them.
#include <algorithm>
#include <array>
#include <span>
#include <string>

#include "server/demo/demo_ids.h"
#include "server/demo/part_family.h"
#include "server/demo/value_format.h"

namespace kibridge::demo {
namespace {

struct ResistorPackage {
  const char* imperial;    // "0603", the Package parameter's value
  const char* footprint;
  const char* power;       // rated power in watts, as parameter data
  char digikey_letter;     // size letter in DigiKey's Yageo/Panasonic style SKUs
};

// Four common packages first: a small catalogue stocks these, a large one adds the rest.
constexpr std::array<ResistorPackage, 8> kPackages = {{
    {"0603", "Resistor_SMD:R_0603_1608Metric", "0.1", 'H'},
    {"0402", "Resistor_SMD:R_0402_1005Metric", "0.0625", 'L'},
    {"0805", "Resistor_SMD:R_0805_2012Metric", "0.125", 'C'},
    {"1206", "Resistor_SMD:R_1206_3216Metric", "0.25", 'F'},
    {"0201", "Resistor_SMD:R_0201_0603Metric", "0.05", 'N'},
    {"1210", "Resistor_SMD:R_1210_3225Metric", "0.5", 'V'},
    {"2010", "Resistor_SMD:R_2010_5025Metric", "0.75", 'W'},
    {"2512", "Resistor_SMD:R_2512_6332Metric", "1", 'Y'},
}};
constexpr int kCommonPackages = 4;

// Decades by how often a design uses them: kilohms first, megohms last. Exponents are
// SigValue exponents in ohms (digits * 10^e), so the 1k..9.76k decade is e = 1.
constexpr std::array<int, 7> kDecades = {1, 2, 0, -1, 3, -2, 4};

enum class ValueSeries { kE24, kE96, kE192 };

struct ResistorSpec;
using PartNumberFn = std::string (*)(const ResistorSpec&);

// One manufacturer's product line at one tolerance.
struct ResistorLine {
  const char* manufacturer;
  const char* tag;          // IPN suffix telling the lines apart ("" for the house line)
  const char* technology;   // "thick film" / "thin film"
  const char* tolerance;    // percent, as parameter data
  ValueSeries series;
  int packages;             // the first `packages` of kPackages
  int decades;              // how many of kDecades (in that order) the line covers
  bool records_power;       // the house line was entered by hand, with the power rating
  PartNumberFn part_number;
  PartNumberFn digikey_sku;  // nullptr: not sold there
  const char* mouser_prefix;  // nullptr: not sold there
  // Packaging variants (reel size, tape): each is a separately orderable part number.
  std::array<const char*, 3> packaging;
};

struct ResistorSpec {
  const ResistorLine* line = nullptr;
  const ResistorPackage* package = nullptr;
  SigValue value;
  int packaging = 0;  // index into line->packaging
};

const char* packaging_code(const ResistorSpec& spec) { return spec.line->packaging[spec.packaging]; }

std::string rkm_short(const ResistorSpec& s) { return rkm_code(s.value, 'R', false); }
std::string rkm_padded(const ResistorSpec& s) { return rkm_code(s.value, 'R', true); }

// "10.0K", "4.70", "100": DigiKey's spelling of a three-digit value.
std::string digikey_value(const ResistorSpec& s) {
  std::string code = rkm_padded(s);
  size_t letter = code.find_first_not_of("0123456789");
  std::string prefix = code[letter] == 'R' ? "" : std::string(1, code[letter]);
  std::string fraction = code.substr(letter + 1);
  return code.substr(0, letter) + (fraction.empty() ? "" : "." + fraction) + prefix;
}

std::string yageo_rc(const ResistorSpec& s, char tolerance) {
  return std::string("RC") + s.package->imperial + tolerance + "R-" + packaging_code(s) + rkm_short(s) + "L";
}
std::string yageo_rc_1(const ResistorSpec& s) { return yageo_rc(s, 'F'); }
std::string yageo_rc_5(const ResistorSpec& s) { return yageo_rc(s, 'J'); }
std::string yageo_ac_1(const ResistorSpec& s) {
  return std::string("AC") + s.package->imperial + "FR-" + packaging_code(s) + rkm_short(s) + "L";
}
std::string yageo_rt_01(const ResistorSpec& s) {
  return std::string("RT") + s.package->imperial + "BRD" + packaging_code(s) + rkm_short(s) + "L";
}
std::string yageo_digikey_1(const ResistorSpec& s) {
  return "311-" + digikey_value(s) + s.package->digikey_letter + "RCT-ND";
}
std::string yageo_digikey_5(const ResistorSpec& s) {
  return "311-" + rkm_short(s) + "G" + s.package->digikey_letter + "RCT-ND";
}

std::string vishay_crcw_1(const ResistorSpec& s) {
  return std::string("CRCW") + s.package->imperial + rkm_padded(s) + "FK" + packaging_code(s);
}
std::string vishay_crcw_5(const ResistorSpec& s) {
  return std::string("CRCW") + s.package->imperial + rkm_padded(s) + "JN" + packaging_code(s);
}
std::string vishay_tnpw_01(const ResistorSpec& s) {
  return std::string("TNPW") + s.package->imperial + rkm_padded(s) + "BE" + packaging_code(s);
}
std::string vishay_digikey(const ResistorSpec& s) {
  return "541-" + digikey_value(s) + s.package->digikey_letter + "CT-ND";
}

// Panasonic's size codes for the ERJ thick-film series, in kPackages order.
constexpr std::array<const char*, 8> kPanasonicErjSizes = {"3EK", "2RK", "6EN", "8EN", "1GN", "14N", "12N", "1TN"};
int package_index(const ResistorSpec& s) { return static_cast<int>(s.package - kPackages.data()); }
std::string panasonic_erj_1(const ResistorSpec& s) {
  return std::string("ERJ-") + kPanasonicErjSizes[package_index(s)] + "F" + eia_code(s.value, 3) + packaging_code(s);
}
// Panasonic's one-digit size code (0402 -> 2, 0603 -> 3, 0805 -> 6, 1206 -> 8).
char panasonic_size_digit(const ResistorSpec& s) {
  constexpr std::array<char, 4> kDigits = {'3', '2', '6', '8'};  // kPackages order
  return kDigits[package_index(s)];
}
std::string panasonic_erj_5(const ResistorSpec& s) {
  return std::string("ERJ-") + panasonic_size_digit(s) + "GEYJ" + eia_code(s.value, 2) + packaging_code(s);
}
// ERA thin film; tolerance letter B is 0.1 %, D is 0.5 %.
std::string panasonic_era(const ResistorSpec& s, char tolerance) {
  return std::string("ERA-") + panasonic_size_digit(s) + "AE" + tolerance + eia_code(s.value, 3) + packaging_code(s);
}
std::string panasonic_era_05(const ResistorSpec& s) { return panasonic_era(s, 'D'); }
std::string panasonic_era_01(const ResistorSpec& s) { return panasonic_era(s, 'B'); }
std::string panasonic_digikey(const ResistorSpec& s) {
  return "P" + digikey_value(s) + s.package->digikey_letter + "CT-ND";
}

std::string stackpole_rmcf_1(const ResistorSpec& s) {
  return std::string("RMCF") + s.package->imperial + "F" + packaging_code(s) + rkm_padded(s);
}
std::string stackpole_digikey(const ResistorSpec& s) { return stackpole_rmcf_1(s) + "CT-ND"; }

// KOA's size codes in kPackages order.
constexpr std::array<const char*, 8> kKoaSizes = {"1J", "1E", "2A", "2B", "1H", "2E", "2H", "3A"};
std::string koa_rk73h_1(const ResistorSpec& s) {
  return std::string("RK73H") + kKoaSizes[package_index(s)] + packaging_code(s) + eia_code(s.value, 3) + "F";
}
std::string koa_rk73b_5(const ResistorSpec& s) {
  return std::string("RK73B") + kKoaSizes[package_index(s)] + packaging_code(s) + eia_code(s.value, 2) + "J";
}

std::string bourns_cr_1(const ResistorSpec& s) {
  return std::string("CR") + s.package->imperial + "-FX-" + eia_code(s.value, 3) + packaging_code(s);
}

// Susumu RG thin film, metric size names.
constexpr std::array<const char*, 4> kSusumuSizes = {"1608", "1005", "2012", "3216"};
std::string susumu_rg_01(const ResistorSpec& s) {
  return std::string("RG") + kSusumuSizes[package_index(s)] + "P-" + eia_code(s.value, 3) + "-B-" + packaging_code(s);
}

// UniOhm names the power rating in the part number.
constexpr std::array<const char*, 5> kUniohmSizes = {"0603WAF", "0402WGF", "0805W8F", "1206W4F", "0201WMF"};
std::string uniohm_1(const ResistorSpec& s) {
  return std::string(kUniohmSizes[package_index(s)]) + eia_code(s.value, 3) + packaging_code(s);
}

// Order matters: the first line is the house line a small catalogue is made of.
const std::array<ResistorLine, 17>& resistor_lines() {
  static const std::array<ResistorLine, 17> lines = {{
      {"Yageo", "", "thick film", "1", ValueSeries::kE96, 8, 7, true, yageo_rc_1, yageo_digikey_1, "603-", {"07", "13", "10"}},
      {"Yageo", "", "thick film", "5", ValueSeries::kE24, 8, 7, true, yageo_rc_5, yageo_digikey_5, "603-", {"07", "13", "10"}},
      {"Vishay", "CRCW", "thick film", "1", ValueSeries::kE96, 8, 7, false, vishay_crcw_1, vishay_digikey, "71-", {"EA", "EB", "EC"}},
      {"Panasonic", "ERJ", "thick film", "1", ValueSeries::kE96, 8, 7, false, panasonic_erj_1, panasonic_digikey, "667-", {"V", "Y", "X"}},
      {"Stackpole Electronics", "RMCF", "thick film", "1", ValueSeries::kE96, 8, 7, false, stackpole_rmcf_1, stackpole_digikey, "708-", {"T", "B", nullptr}},
      {"KOA Speer", "RK73H", "thick film", "1", ValueSeries::kE96, 8, 7, false, koa_rk73h_1, nullptr, "660-", {"TTD", "TTP", nullptr}},
      {"Bourns", "CR", "thick film", "1", ValueSeries::kE96, 8, 7, false, bourns_cr_1, nullptr, "652-", {"ELF", "ALF", nullptr}},
      {"Yageo", "AC", "automotive thick film", "1", ValueSeries::kE96, 8, 7, false, yageo_ac_1, yageo_digikey_1, "603-", {"07", "13", "10"}},
      {"UNI-ROYAL", "UNI", "thick film", "1", ValueSeries::kE96, 5, 7, false, uniohm_1, nullptr, nullptr, {"T5E", "TCE", nullptr}},
      {"Vishay", "CRCW", "thick film", "5", ValueSeries::kE24, 8, 7, false, vishay_crcw_5, vishay_digikey, "71-", {"EA", "EB", "EC"}},
      {"KOA Speer", "RK73B", "thick film", "5", ValueSeries::kE24, 8, 7, false, koa_rk73b_5, nullptr, "660-", {"TTD", "TTP", nullptr}},
      {"Panasonic", "ERJ", "thick film", "5", ValueSeries::kE24, 4, 7, false, panasonic_erj_5, panasonic_digikey, "667-", {"V", "X", nullptr}},
      {"Panasonic", "ERA", "thin film", "0.5", ValueSeries::kE192, 4, 5, false, panasonic_era_05, panasonic_digikey, "667-", {"V", nullptr, nullptr}},
      {"Panasonic", "ERA", "thin film", "0.1", ValueSeries::kE192, 4, 5, false, panasonic_era_01, panasonic_digikey, "667-", {"V", nullptr, nullptr}},
      {"Vishay", "TNPW", "thin film", "0.1", ValueSeries::kE192, 4, 5, false, vishay_tnpw_01, vishay_digikey, "71-", {"A", "Y", nullptr}},
      {"Yageo", "RT", "thin film", "0.1", ValueSeries::kE192, 4, 5, false, yageo_rt_01, nullptr, "603-", {"07", "13", nullptr}},
      {"Susumu", "RG", "thin film", "0.1", ValueSeries::kE192, 4, 5, false, susumu_rg_01, nullptr, "754-", {"T5", "T1", nullptr}},
  }};
  return lines;
}

// Value tiers of a series: first the coarser series' values, then the ones the finer
// series adds, so a catalogue that stops early still spans every decade evenly.
struct ValueTier {
  std::span<const int> mantissas;
  std::span<const int> excluded;  // values already given by the previous tier
};
std::array<ValueTier, 2> value_tiers(ValueSeries series) {
  switch (series) {
    case ValueSeries::kE24: return {{{e24_series(), {}}, {{}, {}}}};
    case ValueSeries::kE96: return {{{e24_series(), {}}, {e96_series(), e24_series()}}};
    case ValueSeries::kE192: return {{{e96_series(), {}}, {e192_series(), e96_series()}}};
  }
  return {};
}

bool contains(std::span<const int> values, int value) {
  for (int v : values) {
    if (v == value) return true;
  }
  return false;
}

class ResistorFamily : public SpecFamily<ResistorSpec> {
 public:
  int64_t category_id() const override { return category::kResistors; }
  std::vector<PackageFootprint> package_footprints() const override {
    std::vector<PackageFootprint> result;
    for (const ResistorPackage& package : kPackages) result.push_back({package.imperial, package.footprint});
    return result;
  }

 protected:
  // Packaging variants come last (a second reel size of everything), lines next, then
  // package groups, value tiers, decades, packages, values.
  void enumerate(const std::function<bool(const ResistorSpec&)>& visit) const override {
    const auto& lines = resistor_lines();
    for (int packaging = 0; packaging < 3; ++packaging) {
      for (const ResistorLine& line : lines) {
        if (line.packaging[packaging] == nullptr) continue;
        for (int group = 0; group < 2; ++group) {
          int first_package = group == 0 ? 0 : kCommonPackages;
          int end_package = group == 0 ? std::min(kCommonPackages, line.packages) : line.packages;
          for (const ValueTier& tier : value_tiers(line.series)) {
            for (int d = 0; d < line.decades; ++d) {
              for (int p = first_package; p < end_package; ++p) {
                for (int mantissa : tier.mantissas) {
                  if (contains(tier.excluded, mantissa)) continue;
                  ResistorSpec spec{&line, &kPackages[p], SigValue{mantissa, kDecades[d]}, packaging};
                  if (!visit(spec)) return;
                }
              }
            }
          }
        }
      }
    }
  }

  void build(const ResistorSpec& spec, CatalogBuilder& out) const override {
    const ResistorLine& line = *spec.line;
    std::string value = si_text(spec.value, 0);
    std::string name = line.part_number(spec);

    PartDraft draft;
    draft.category_id = category_id();
    draft.ipn = std::string("R-") + spec.package->imperial + "-" + rkm_padded(spec) + "-" + line.tolerance + "%";
    if (*line.tag != '\0') draft.ipn += std::string("-") + line.tag;
    if (spec.packaging > 0) draft.ipn += std::string("-") + packaging_code(spec);
    draft.description = si_text(spec.value, 0, true) + "\u03a9 \u00b1" + line.tolerance + "% " +
                        spec.package->power + "W " + spec.package->imperial + " " + line.technology +
                        " resistor";
    draft.keywords = std::string("resistor res smd ") + spec.package->imperial + " " + value;
    draft.stock_step = 100;
    draft.discontinued_per_mille = 3;
    draft.name = name;
    int64_t id = out.add_part(std::move(draft));

    out.add_parameter(id, parameter::kResistance, value);
    out.add_parameter(id, parameter::kTolerance, line.tolerance);
    if (line.records_power) out.add_parameter(id, parameter::kPower, spec.package->power);
    out.add_parameter(id, parameter::kPackage, spec.package->imperial);

    int64_t manufacturer_part = out.add_manufacturer_part(id, line.manufacturer, name);
    if (line.digikey_sku != nullptr && out.chance(id, Draw::kDigiKey, 70)) {
      out.add_supplier_part(id, manufacturer_part, "DigiKey", line.digikey_sku(spec));
    }
    if (line.mouser_prefix != nullptr && out.chance(id, Draw::kMouser, 35)) {
      out.add_supplier_part(id, manufacturer_part, "Mouser", line.mouser_prefix + name);
    }
    if (line.digikey_sku == nullptr && out.chance(id, Draw::kLcsc, 60)) {
      out.add_supplier_part(id, manufacturer_part, "LCSC",
                            "C" + std::to_string(10000 + out.draw(id, Draw::kSupplierNumber) % 900000));
    }
  }
};

}  // namespace

std::unique_ptr<PartFamily> make_resistor_family() { return std::make_unique<ResistorFamily>(); }

}  // namespace kibridge::demo
