#include "tools/netlist-bench/netlist_generator.h"

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <utility>

namespace kibridge::netlist_bench {
namespace {

// SplitMix64: small, fast, and the same sequence everywhere.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform enough in [0, bound); bound > 0.
  std::size_t below(std::size_t bound) { return static_cast<std::size_t>(next() % bound); }
  bool per_mille(unsigned chance) { return below(1000) < chance; }

 private:
  std::uint64_t state_;
};

// A value derived from a part id alone (the catalogue must not depend on the seed).
std::uint64_t hash_of(std::int64_t id, std::uint64_t salt) {
  return Random(static_cast<std::uint64_t>(id) * 0x100000001B3ull ^ salt).next();
}

enum class Kind { kResistor, kCapacitor, kInductor, kDiode, kIc, kMultiUnitIc, kConnector, kTestPoint, kHole, kPower };

bool is_catalogue_kind(Kind kind) {
  return kind == Kind::kResistor || kind == Kind::kCapacitor || kind == Kind::kInductor || kind == Kind::kDiode ||
         kind == Kind::kIc || kind == Kind::kMultiUnitIc;
}

struct Pin {
  std::string number;
  std::string name;  // empty: unnamed (no pinfunction in <node>)
  std::string type;  // KiCad electrical type
};

// A library symbol as placed, with the values a component placed from it carries.
struct Symbol {
  Kind kind = Kind::kResistor;
  std::string lib;
  std::string part;
  std::string value;
  std::string footprint;
  std::string datasheet;  // empty: none ("~" in the component)
  std::string description;
  std::string keywords;
  std::string fp_filters;  // space-separated
  std::string ref_prefix;
  std::vector<Pin> pins;
  int units = 1;
  std::string part_name;  // the InvenTree part's name (catalogue parts only)
};

std::vector<Pin> passive_pins(int count, bool named) {
  std::vector<Pin> pins;
  for (int i = 1; i <= count; ++i) {
    pins.push_back(Pin{std::to_string(i), named ? "Pin_" + std::to_string(i) : std::string(), "passive"});
  }
  return pins;
}

// ---- The catalogue: part ids 1..size, kind by id modulo 20 -------------------------------------

struct KindSlots {
  Kind kind;
  int first;  // (id - 1) % 20 in [first, first + count)
  int count;
};
constexpr std::array<KindSlots, 6> kSlots = {{{Kind::kResistor, 0, 8},
                                               {Kind::kCapacitor, 8, 6},
                                               {Kind::kInductor, 14, 1},
                                               {Kind::kDiode, 15, 1},
                                               {Kind::kIc, 16, 3},
                                               {Kind::kMultiUnitIc, 19, 1}}};

const KindSlots& slots_of(Kind kind) {
  for (const KindSlots& slots : kSlots) {
    if (slots.kind == kind) return slots;
  }
  return kSlots.front();
}

Kind kind_of_part(std::int64_t id) {
  const int slot = static_cast<int>((id - 1) % 20);
  for (const KindSlots& slots : kSlots) {
    if (slot >= slots.first && slot < slots.first + slots.count) return slots.kind;
  }
  return Kind::kResistor;
}

// The index-th catalogue id of a kind.
std::int64_t part_id_of(Kind kind, std::size_t index) {
  const KindSlots& slots = slots_of(kind);
  const auto count = static_cast<std::size_t>(slots.count);
  return static_cast<std::int64_t>((index / count) * 20 + static_cast<std::size_t>(slots.first) + index % count + 1);
}

// How many ids of a kind a catalogue of `size` parts holds (whole blocks of 20 only).
std::size_t ids_of_kind(Kind kind, std::size_t size) {
  return (size / 20) * static_cast<std::size_t>(slots_of(kind).count);
}

constexpr std::array<std::string_view, 3> kChipSizes = {"0402", "0603", "0805"};
constexpr std::array<std::string_view, 3> kChipMetric = {"1005Metric", "1608Metric", "2012Metric"};

// "47" "470" "4k7" "47k" "470k" "4M7" from a mantissa of 10..82 and a decade.
std::string resistance(int mantissa, int decade) {
  const std::string digits = std::to_string(mantissa);
  // 4.7 -> "4k7", 1.0 -> "1k": the unit letter takes the decimal point's place.
  auto with_unit = [&](char unit) {
    return digits.substr(0, 1) + unit + (mantissa % 10 == 0 ? std::string() : digits.substr(1));
  };
  switch (decade) {
    case 0:
      return digits;
    case 1:
      return digits + "0";
    case 2:
      return with_unit('k');
    case 3:
      return digits + "k";
    case 4:
      return digits + "0k";
    default:
      return with_unit('M');
  }
}

struct IcFamily {
  std::string_view lib;
  std::string_view stem;
  std::string_view description;
  std::string_view keywords;
  int package;  // index into kIcPackages
};
struct IcPackage {
  std::string_view footprint;
  std::string_view fp_filter;
  int pins;
};
constexpr std::array<IcPackage, 4> kIcPackages = {{
    {"Package_SO:SOIC-8_3.9x4.9mm_P1.27mm", "SOIC*3.9x4.9mm*P1.27mm*", 8},
    {"Package_SO:TSSOP-16_4.4x5mm_P0.65mm", "TSSOP*4.4x5mm*P0.65mm*", 16},
    {"Package_DFN_QFN:QFN-32-1EP_5x5mm_P0.5mm_EP3.45x3.45mm", "QFN*1EP*5x5mm*P0.5mm*", 32},
    {"Package_QFP:LQFP-64_10x10mm_P0.5mm", "LQFP*10x10mm*P0.5mm*", 64},
}};
constexpr std::array<IcFamily, 7> kIcFamilies = {{
    {"Amplifier_Operational", "OPA", "Single operational amplifier, rail-to-rail output", "single opamp", 0},
    {"Interface_CAN_LIN", "TCAN", "High-speed CAN transceiver with standby mode", "can transceiver", 0},
    {"MCU_ST_STM32F4", "STM32F4", "STMicroelectronics Arm Cortex-M4 MCU, 512KB flash, 128KB RAM", "Arm Cortex-M4 STM32F4",
     3},
    {"Memory_Flash", "W25Q", "Serial NOR flash, SPI/QSPI", "flash memory SPI", 0},
    {"Regulator_Linear", "TLV7", "Low-dropout linear regulator, 300mA", "regulator linear ldo", 0},
    {"Sensor_Temperature", "TMP1", "Digital temperature sensor, I2C", "temperature sensor I2C", 1},
    {"Interface_USB", "FT23", "USB to UART interface, full speed", "USB UART interface", 2},
}};

std::vector<Pin> ic_pins(int count) {
  std::vector<Pin> pins;
  for (int i = 1; i <= count; ++i) {
    Pin pin{std::to_string(i), "IO" + std::to_string(i), "bidirectional"};
    if (i == count / 2) {
      pin.name = "GND";
      pin.type = "power_in";
    } else if (i == count) {
      pin.name = "VDD";
      pin.type = "power_in";
    } else if (i % 7 == 3) {
      pin.type = "input";
    } else if (i % 7 == 5) {
      pin.type = "output";
    }
    pins.push_back(std::move(pin));
  }
  return pins;
}

// The symbol and values of catalogue part `id`; a pure function of the id.
Symbol part_symbol(std::int64_t id) {
  const std::uint64_t h = hash_of(id, 0x5eed);
  const std::string id_text = std::to_string(id);
  Symbol symbol;
  symbol.kind = kind_of_part(id);
  const std::size_t size = h % kChipSizes.size();
  const std::string chip(kChipSizes[size]);
  const std::string metric(kChipMetric[size]);
  switch (symbol.kind) {
    case Kind::kResistor: {
      static constexpr std::array<int, 12> kE12 = {10, 12, 15, 18, 22, 27, 33, 39, 47, 56, 68, 82};
      const bool small = (h >> 8) % 4 == 0;
      symbol.lib = "Device";
      symbol.part = small ? "R_Small" : "R";
      symbol.value = resistance(kE12[(h >> 12) % kE12.size()], static_cast<int>((h >> 20) % 6));
      symbol.footprint = "Resistor_SMD:R_" + chip + "_" + metric;
      symbol.description = small ? "Resistor, small symbol" : "Resistor";
      symbol.keywords = "R res resistor";
      symbol.fp_filters = "R_*";
      symbol.ref_prefix = "R";
      symbol.pins = passive_pins(2, false);
      symbol.part_name = "R_" + symbol.value + "_" + chip + "_1%_" + id_text;
      break;
    }
    case Kind::kCapacitor: {
      static constexpr std::array<std::string_view, 10> kValues = {"10p", "22p", "100p", "1n",   "10n",
                                                                   "100n", "1µ", "4.7µ", "10µ", "22µ"};
      const bool small = (h >> 8) % 3 == 0;
      symbol.lib = "Device";
      symbol.part = small ? "C_Small" : "C";
      symbol.value = std::string(kValues[(h >> 12) % kValues.size()]);
      symbol.footprint = "Capacitor_SMD:C_" + chip + "_" + metric;
      symbol.description = small ? "Unpolarized capacitor, small symbol" : "Unpolarized capacitor";
      symbol.keywords = "cap capacitor";
      symbol.fp_filters = "C_*";
      symbol.ref_prefix = "C";
      symbol.pins = passive_pins(2, false);
      symbol.part_name = "C_" + symbol.value + "_" + chip + "_X7R_" + id_text;
      break;
    }
    case Kind::kInductor: {
      static constexpr std::array<std::string_view, 5> kValues = {"1µH", "2.2µH", "4.7µH", "10µH", "22µH"};
      symbol.lib = "Device";
      symbol.part = "L";
      symbol.value = std::string(kValues[(h >> 12) % kValues.size()]);
      symbol.footprint = (h >> 8) % 2 ? "Inductor_SMD:L_1210_3225Metric" : "Inductor_SMD:L_0805_2012Metric";
      symbol.description = "Inductor";
      symbol.keywords = "inductor choke coil reactor magnetic";
      symbol.fp_filters = "Choke_* *Coil* Inductor_* L_*";
      symbol.ref_prefix = "L";
      symbol.pins = passive_pins(2, false);
      symbol.part_name = "L_" + symbol.value + "_" + id_text;
      break;
    }
    case Kind::kDiode: {
      const bool led = (h >> 8) % 2 == 0;
      symbol.lib = "Device";
      symbol.part = led ? "LED" : "D_Schottky";
      symbol.value = led ? ((h >> 12) % 2 ? "Green" : "Red") : "BAT54";
      symbol.footprint = led ? "LED_SMD:LED_" + chip + "_" + metric : "Diode_SMD:D_SOD-323";
      symbol.datasheet = led ? "" : "https://www.diodes.com/assets/Datasheets/ds11005.pdf";
      symbol.description = led ? "Light emitting diode" : "Schottky diode";
      symbol.keywords = led ? "LED diode" : "diode Schottky";
      symbol.fp_filters = led ? "LED* LED_SMD:* LED_THT:*" : "TO-???* *_Diode_* *SingleDiode* D_*";
      symbol.ref_prefix = "D";
      symbol.pins = {Pin{"1", "K", "passive"}, Pin{"2", "A", "passive"}};
      symbol.part_name = (led ? "LED_" : "D_") + symbol.value + "_" + id_text;
      break;
    }
    case Kind::kIc: {
      const IcFamily& family = kIcFamilies[(h >> 8) % kIcFamilies.size()];
      const IcPackage& package = kIcPackages[static_cast<std::size_t>(family.package)];
      symbol.lib = std::string(family.lib);
      symbol.part = std::string(family.stem) + id_text;
      symbol.value = symbol.part;
      symbol.footprint = std::string(package.footprint);
      symbol.datasheet = "https://datasheets.example.com/" + symbol.part + ".pdf";
      symbol.description = std::string(family.description);
      symbol.keywords = std::string(family.keywords);
      symbol.fp_filters = std::string(package.fp_filter);
      symbol.ref_prefix = "U";
      symbol.pins = ic_pins(package.pins);
      symbol.part_name = symbol.part;
      break;
    }
    case Kind::kMultiUnitIc: {
      const bool opamp = (h >> 8) % 2 == 0;
      symbol.ref_prefix = "U";
      symbol.datasheet = "https://datasheets.example.com/" + std::string(opamp ? "LM358" : "74HC00") + ".pdf";
      symbol.part_name = (opamp ? "LM358x" : "74HC00x") + id_text;
      symbol.part = symbol.part_name;
      symbol.value = symbol.part_name;
      if (opamp) {
        symbol.lib = "Amplifier_Operational";
        symbol.footprint = "Package_SO:SOIC-8_3.9x4.9mm_P1.27mm";
        symbol.description = "Low-Power, Dual Operational Amplifiers, DIP-8/SOIC-8/TO-99-8";
        symbol.keywords = "dual opamp";
        symbol.fp_filters = "SOIC*3.9x4.9mm*P1.27mm* DIP*W7.62mm* TO*99* OnSemi*Micro8* TSSOP*3x3mm*P0.65mm*";
        symbol.units = 3;
        symbol.pins = {Pin{"1", "", "output"}, Pin{"2", "-", "input"}, Pin{"3", "+", "input"},
                       Pin{"4", "V-", "power_in"}, Pin{"5", "+", "input"}, Pin{"6", "-", "input"},
                       Pin{"7", "", "output"}, Pin{"8", "V+", "power_in"}};
      } else {
        symbol.lib = "74xx";
        symbol.footprint = "Package_SO:SOIC-14_3.9x8.7mm_P1.27mm";
        symbol.description = "quad 2-input NAND gate";
        symbol.keywords = "HCMOS nand 2-input";
        symbol.fp_filters = "DIP*W7.62mm* SO14*";
        symbol.units = 5;
        static constexpr std::array<std::string_view, 14> kNames = {"", "", "", "", "", "", "GND",
                                                                    "", "", "", "", "", "", "VCC"};
        for (int i = 1; i <= 14; ++i) {
          std::string_view name = kNames[static_cast<std::size_t>(i - 1)];
          std::string type = !name.empty() ? "power_in" : (i % 3 == 0 ? "output" : "input");
          symbol.pins.push_back(Pin{std::to_string(i), std::string(name), type});
        }
      }
      break;
    }
    default:
      break;
  }
  return symbol;
}

Symbol other_symbol(Kind kind, std::size_t variant) {
  Symbol symbol;
  symbol.kind = kind;
  symbol.datasheet = "";
  switch (kind) {
    case Kind::kConnector: {
      const std::string n = "0" + std::to_string(2 + variant % 7);
      symbol.lib = "Connector_Generic";
      symbol.part = "Conn_01x" + n;
      symbol.value = symbol.part;
      symbol.footprint = "Connector_PinHeader_2.54mm:PinHeader_1x" + n + "_P2.54mm_Vertical";
      symbol.description =
          "Generic connector, single row, 01x" + n + ", script generated (kicad-library-utils/schlib/autogen/connector/)";
      symbol.keywords = "connector";
      symbol.fp_filters = "Connector*:*_1x??_*";
      symbol.ref_prefix = "J";
      symbol.pins = passive_pins(static_cast<int>(2 + variant % 7), true);
      break;
    }
    case Kind::kTestPoint:
      symbol.lib = "Connector";
      symbol.part = "TestPoint";
      symbol.value = "TestPoint";
      symbol.footprint = "TestPoint:TestPoint_Pad_D1.0mm";
      symbol.description = "test point";
      symbol.keywords = "test point tp";
      symbol.fp_filters = "Pin* Test*";
      symbol.ref_prefix = "TP";
      symbol.pins = {Pin{"1", "1", "passive"}};
      break;
    case Kind::kHole:
      symbol.lib = "Mechanical";
      symbol.part = "MountingHole";
      symbol.value = "MountingHole";
      symbol.footprint = "MountingHole:MountingHole_3.2mm_M3";
      symbol.description = "Mounting Hole without connection";
      symbol.keywords = "mounting hole";
      symbol.fp_filters = "MountingHole*";
      symbol.ref_prefix = "H";
      break;
    case Kind::kPower: {
      static constexpr std::array<std::string_view, 4> kNets = {"GND", "+3V3", "+5V", "+12V"};
      const std::string net(kNets[variant % kNets.size()]);
      symbol.lib = "power";
      symbol.part = net;
      symbol.value = net;
      symbol.description = net == "GND" ? "Power symbol creates a global label with name \"GND\" , ground"
                                        : "Power symbol creates a global label with name \"" + net + "\"";
      symbol.keywords = "global power";
      symbol.ref_prefix = "#PWR";
      symbol.pins = {Pin{"1", net, "power_in"}};
      break;
    }
    default:
      break;
  }
  return symbol;
}

// ---- The catalogue's current values ------------------------------------------------------------

// Per part and field: absent, empty, equal to what the design proposes (twice as likely), or
// different from it.
std::optional<std::string> current_value(std::int64_t id, std::uint64_t salt, const std::string& proposed,
                                         const std::string& different) {
  switch (hash_of(id, salt) % 5) {
    case 0:
      return std::nullopt;
    case 1:
      return std::string();
    case 2:
    case 3:
      return proposed.empty() ? std::nullopt : std::optional<std::string>(proposed);
    default:
      return different;
  }
}

std::string ipn_of(std::int64_t id) {
  std::string digits = std::to_string(id);
  if (digits.size() < 6) digits.insert(0, 6 - digits.size(), '0');
  return "IPN-" + digits;
}

// ---- XML output --------------------------------------------------------------------------------

void append_escaped(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
}

class XmlWriter {
 public:
  explicit XmlWriter(std::string& out) : out_(out) {}

  // <name a="v" ...> (or <name .../> when `close`), on its own line at `depth`.
  void open(int depth, std::string_view name, std::initializer_list<std::pair<std::string_view, std::string_view>> attributes,
            bool close = false) {
    indent(depth);
    out_ += '<';
    out_ += name;
    for (const auto& [key, value] : attributes) {
      out_ += ' ';
      out_ += key;
      out_ += "=\"";
      append_escaped(out_, value);
      out_ += '"';
    }
    out_ += close ? "/>\n" : ">\n";
  }
  void open(int depth, std::string_view name) { open(depth, name, {}); }
  void close(int depth, std::string_view name) {
    indent(depth);
    out_ += "</";
    out_ += name;
    out_ += ">\n";
  }
  // <name a="v">text</name>, or <name a="v"/> when the text is empty.
  void text(int depth, std::string_view name, std::string_view value,
            std::initializer_list<std::pair<std::string_view, std::string_view>> attributes = {}) {
    indent(depth);
    out_ += '<';
    out_ += name;
    for (const auto& [key, attribute] : attributes) {
      out_ += ' ';
      out_ += key;
      out_ += "=\"";
      append_escaped(out_, attribute);
      out_ += '"';
    }
    if (value.empty()) {
      out_ += "/>\n";
      return;
    }
    out_ += '>';
    append_escaped(out_, value);
    out_ += "</";
    out_ += name;
    out_ += ">\n";
  }

 private:
  void indent(int depth) { out_.append(static_cast<std::size_t>(depth) * 2, ' '); }
  std::string& out_;
};

// KiCad's StrNumCmp order: digit runs compare by value ("R9" < "R10").
bool natural_less(std::string_view a, std::string_view b) {
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (is_digit(a[i]) && is_digit(b[j])) {
      std::size_t end_a = i, end_b = j;
      while (end_a < a.size() && is_digit(a[end_a])) ++end_a;
      while (end_b < b.size() && is_digit(b[end_b])) ++end_b;
      std::string_view run_a = a.substr(i, end_a - i), run_b = b.substr(j, end_b - j);
      while (run_a.size() > 1 && run_a.front() == '0') run_a.remove_prefix(1);
      while (run_b.size() > 1 && run_b.front() == '0') run_b.remove_prefix(1);
      if (run_a.size() != run_b.size()) return run_a.size() < run_b.size();
      if (run_a != run_b) return run_a < run_b;
      i = end_a;
      j = end_b;
      continue;
    }
    if (a[i] != b[j]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]);
    ++i;
    ++j;
  }
  return a.size() - i < b.size() - j;
}

std::string uuid(Random& random) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text;
  text.reserve(36);
  std::uint64_t bits = random.next();
  for (int i = 0; i < 32; ++i) {
    if (i == 16) bits = random.next();
    if (i == 8 || i == 12 || i == 16 || i == 20) text += '-';
    text += kHex[bits & 0xF];
    bits >>= 4;
  }
  return text;
}

// ---- The design --------------------------------------------------------------------------------

enum class Identifier { kNone, kById, kByIpn, kUnknownId, kUnknownIpn };

struct Placed {
  const Symbol* symbol = nullptr;
  std::size_t sheet = 0;
  std::int64_t part_id = 0;  // the catalogue part it names or is drawn from; 0 for none
  Identifier identifier = Identifier::kNone;
  bool with_ipn = false;        // by id, also carrying the part's IPN
  bool has_id_fields = false;   // the symbol has the InvenTree / IPN fields at all
  bool http = false;            // placed from the HTTP library
  bool dnp = false;
  bool alternative_footprint = false;
  std::string unknown;  // the unknown id or IPN
  std::string ref;
  std::vector<std::string> tstamps;
};

struct Sheet {
  std::string name;     // "/" or "/Channel 3/"
  std::string tstamps;  // "/" or "/uuid/"
  std::string sheetname;
  std::string sheetfile;
};

struct Node {
  const Placed* component;
  const Pin* pin;
  bool no_connect = false;
};

struct Net {
  std::string name;
  std::vector<Node> nodes;
};

constexpr std::string_view kProject = "bench";

// Shares of component kinds, per mille.
struct KindShare {
  Kind kind;
  unsigned per_mille;
};
constexpr std::array<KindShare, 10> kKindShares = {{{Kind::kPower, 15},
                                                    {Kind::kConnector, 20},
                                                    {Kind::kTestPoint, 15},
                                                    {Kind::kHole, 5},
                                                    {Kind::kResistor, 400},
                                                    {Kind::kCapacitor, 330},
                                                    {Kind::kInductor, 30},
                                                    {Kind::kDiode, 40},
                                                    {Kind::kIc, 100},
                                                    {Kind::kMultiUnitIc, 45}}};

Kind draw_kind(Random& random) {
  std::size_t roll = random.below(1000);
  for (const KindShare& share : kKindShares) {
    if (roll < share.per_mille) return share.kind;
    roll -= share.per_mille;
  }
  return Kind::kResistor;
}

// How many distinct catalogue parts of a kind a design of n components draws from: passives
// are reused heavily, ICs much less.
std::size_t pool_size(Kind kind, std::size_t components, std::size_t catalogue) {
  std::size_t wanted = 1;
  switch (kind) {
    case Kind::kResistor:
      wanted = components / 30;
      break;
    case Kind::kCapacitor:
      wanted = components / 40;
      break;
    case Kind::kInductor:
    case Kind::kDiode:
      wanted = components / 150;
      break;
    case Kind::kIc:
      wanted = components / 60;
      break;
    case Kind::kMultiUnitIc:
      wanted = components / 200;
      break;
    default:
      break;
  }
  return std::clamp<std::size_t>(wanted, 1, std::max<std::size_t>(1, ids_of_kind(kind, catalogue)));
}

// The power net a power pin of a catalogue part connects to.
std::string_view power_net_of(const Pin& pin, std::size_t sheet) {
  if (pin.name == "GND" || pin.name == "V-") return "GND";
  return sheet % 3 == 2 ? "+5V" : "+3V3";
}

class Generator {
 public:
  explicit Generator(const GeneratorOptions& options)
      : components_(std::max<std::size_t>(options.components, 1)),
        catalogue_(catalogue_size(components_)),
        random_(options.seed) {}

  GeneratedNetlist run() {
    make_sheets();
    place_components();
    assign_refs();
    make_nets();
    GeneratedNetlist result;
    result.xml.reserve(components_ * 1800 + 100000);
    XmlWriter xml(result.xml);
    result.xml += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    xml.open(0, "export", {{"version", "E"}});
    write_design(xml);
    write_components(xml);
    write_libparts(xml);
    write_libraries(xml);
    write_nets(xml);
    xml.close(0, "export");
    counts_.components = components_;
    counts_.nets = nets_.size();
    result.counts = counts_;
    return result;
  }

 private:
  void make_sheets() {
    const std::size_t count = std::max<std::size_t>(1, components_ / 250);
    sheets_.push_back(Sheet{"/", "/", "Root", std::string(kProject) + ".kicad_sch"});
    for (std::size_t i = 1; i < count; ++i) {
      std::string label = "Channel " + std::to_string(i);
      sheets_.push_back(Sheet{"/" + label + "/", "/" + uuid(random_) + "/", label, "channel.kicad_sch"});
    }
  }

  const Symbol* catalogue_symbol(std::int64_t id) {
    auto [it, inserted] = part_symbols_.try_emplace(id);
    if (inserted) it->second = part_symbol(id);
    return &it->second;
  }

  const Symbol* shared_symbol(Kind kind, std::size_t variant) {
    auto [it, inserted] = other_symbols_.try_emplace({static_cast<int>(kind), variant});
    if (inserted) it->second = other_symbol(kind, variant);
    return &it->second;
  }

  void place_components() {
    placed_.reserve(components_);
    std::set<std::int64_t> matched_parts;
    for (std::size_t i = 0; i < components_; ++i) {
      Placed component;
      component.sheet = i * sheets_.size() / components_;
      const Kind kind = draw_kind(random_);
      if (!is_catalogue_kind(kind)) {
        component.symbol = shared_symbol(kind, random_.below(kind == Kind::kConnector ? 7 : 4));
        component.has_id_fields = kind != Kind::kPower && random_.per_mille(500);
        if (kind == Kind::kPower) {
          ++counts_.power;
        } else {
          ++counts_.no_identifier;
        }
      } else {
        const std::size_t pool = pool_size(kind, components_, catalogue_);
        component.http = (kind == Kind::kResistor || kind == Kind::kCapacitor || kind == Kind::kIc) &&
                         random_.per_mille(60);
        // HTTP-library components come from the few parts the designer picked there.
        const std::size_t index = random_.below(component.http ? std::min<std::size_t>(pool, 20) : pool);
        component.part_id = part_id_of(kind, index);
        component.symbol = catalogue_symbol(component.part_id);
        component.has_id_fields = true;
        component.alternative_footprint =
            (kind == Kind::kResistor || kind == Kind::kCapacitor) && random_.per_mille(20);
        const std::size_t roll = component.http ? 0 : random_.below(1000);
        if (roll < 840) {
          component.identifier = Identifier::kById;
          component.with_ipn = random_.per_mille(300);
          ++counts_.by_id;
          if (component.http) ++counts_.http_library;
        } else if (roll < 940) {
          component.identifier = Identifier::kByIpn;
          ++counts_.by_ipn;
        } else if (roll < 970) {
          component.identifier = Identifier::kUnknownId;
          component.unknown = std::to_string(catalogue_ + 1 + random_.below(100000));
          ++counts_.unknown_id;
        } else {
          component.identifier = Identifier::kUnknownIpn;
          component.unknown = "OLD-" + std::to_string(10000 + random_.below(90000));
          ++counts_.unknown_ipn;
        }
        if (component.identifier == Identifier::kById || component.identifier == Identifier::kByIpn) {
          matched_parts.insert(component.part_id);
        }
      }
      if (component.symbol->kind != Kind::kPower && random_.per_mille(10)) {
        component.dnp = true;
        ++counts_.dnp;
      }
      for (int unit = 0; unit < component.symbol->units; ++unit) component.tstamps.push_back(uuid(random_));
      if (component.symbol->units > 1) ++counts_.multi_unit;
      placed_.push_back(std::move(component));
    }
    counts_.distinct_parts = matched_parts.size();
  }

  // KiCad lists components sorted by reference per sheet, sheets in hierarchy order; numbers
  // are assigned here so that placement order within a sheet and prefix is that order.
  void assign_refs() {
    std::vector<Placed*> order;
    order.reserve(placed_.size());
    for (Placed& component : placed_) order.push_back(&component);
    std::stable_sort(order.begin(), order.end(), [](const Placed* a, const Placed* b) {
      if (a->sheet != b->sheet) return a->sheet < b->sheet;
      return a->symbol->ref_prefix < b->symbol->ref_prefix;
    });
    std::map<std::string, int> counters;
    for (Placed* component : order) {
      const std::string& prefix = component->symbol->ref_prefix;
      const int number = ++counters[prefix];
      std::string digits = std::to_string(number);
      if (prefix == "#PWR" && digits.size() < 2) digits.insert(0, "0");
      component->ref = prefix + digits;
    }
    order_.assign(order.begin(), order.end());
  }

  void make_nets() {
    std::map<std::string, Net, bool (*)(std::string_view, std::string_view)> power_nets(natural_less);
    Net open;
    std::size_t open_target = 2;
    std::size_t labels = 0;
    auto close_open = [&] {
      if (open.nodes.empty()) return;
      const Node& first = open.nodes.front();
      if (random_.per_mille(300)) {
        open.name = sheets_[first.component->sheet].name + "SIG" + std::to_string(++labels);
      } else if (first.pin->name.empty()) {
        open.name = "Net-(" + first.component->ref + "-Pad" + first.pin->number + ")";
      } else {
        open.name = "Net-(" + first.component->ref + "-" + first.pin->name + ")";
      }
      nets_.push_back(std::move(open));
      open = Net{};
      open_target = 2 + random_.below(3);
    };
    for (const Placed* component : order_) {
      const Kind kind = component->symbol->kind;
      if (kind == Kind::kPower) continue;  // KiCad writes no nodes for '#' references
      for (const Pin& pin : component->symbol->pins) {
        const bool ic = kind == Kind::kIc || kind == Kind::kMultiUnitIc;
        if (pin.type == "power_in") {
          std::string net(power_net_of(pin, component->sheet));
          power_nets[net].nodes.push_back(Node{component, &pin});
        } else if (ic && random_.per_mille(120)) {
          Net unconnected;
          unconnected.name = "unconnected-(" + component->ref + "-" + (pin.name.empty() ? "" : pin.name + "-") + "Pad" +
                             pin.number + ")";
          unconnected.nodes.push_back(Node{component, &pin, true});
          nets_.push_back(std::move(unconnected));
        } else if (kind == Kind::kCapacitor && pin.number == "2" && random_.per_mille(500)) {
          power_nets["GND"].nodes.push_back(Node{component, &pin});
        } else if (kind == Kind::kResistor && pin.number == "1" && random_.per_mille(100)) {
          power_nets["+3V3"].nodes.push_back(Node{component, &pin});
        } else {
          open.nodes.push_back(Node{component, &pin});
          if (open.nodes.size() >= open_target) close_open();
        }
      }
    }
    close_open();
    for (auto& [name, net] : power_nets) {
      net.name = name;
      nets_.push_back(std::move(net));
    }
    for (Net& net : nets_) {
      std::sort(net.nodes.begin(), net.nodes.end(), [](const Node& a, const Node& b) {
        if (a.component->ref != b.component->ref) return natural_less(a.component->ref, b.component->ref);
        return a.pin->number < b.pin->number;
      });
    }
    std::sort(nets_.begin(), nets_.end(), [](const Net& a, const Net& b) { return natural_less(a.name, b.name); });
  }

  void write_design(XmlWriter& xml) {
    xml.open(1, "design");
    xml.text(2, "source", "/home/designer/projects/" + std::string(kProject) + "/" + std::string(kProject) + ".kicad_sch");
    xml.text(2, "date", "2026-01-15T10:24:51+0100");
    xml.text(2, "tool", "Eeschema 9.0.7");
    for (std::size_t i = 0; i < sheets_.size(); ++i) {
      const Sheet& sheet = sheets_[i];
      const std::string number = std::to_string(i + 1);
      xml.open(2, "sheet", {{"number", number}, {"name", sheet.name}, {"tstamps", sheet.tstamps}});
      xml.open(3, "title_block");
      xml.text(4, "title", "Netlist benchmark design");
      xml.text(4, "company", "");
      xml.text(4, "rev", "A");
      xml.text(4, "date", "2026-01-15");
      xml.text(4, "source", sheet.sheetfile);
      for (int comment = 1; comment <= 9; ++comment) {
        xml.open(4, "comment", {{"number", std::to_string(comment)}, {"value", ""}}, true);
      }
      xml.close(3, "title_block");
      xml.close(2, "sheet");
    }
    xml.close(1, "design");
  }

  // The library the component's symbol came from, as its libsource names it.
  static std::pair<std::string, std::string> library_link(const Placed& component) {
    if (component.http) return {"InvenTree", component.symbol->part_name};
    return {component.symbol->lib, component.symbol->part};
  }

  void write_component(XmlWriter& xml, const Placed& component) {
    const Symbol& symbol = *component.symbol;
    const Sheet& sheet = sheets_[component.sheet];
    std::string footprint = symbol.footprint;
    if (component.alternative_footprint) footprint += "_Pad0.98x0.95mm_HandSolder";
    const std::string datasheet = symbol.datasheet.empty() ? "~" : symbol.datasheet;

    std::vector<std::pair<std::string, std::string>> user_fields;
    if (component.has_id_fields) {
      std::string id, ipn;
      switch (component.identifier) {
        case Identifier::kById:
          id = std::to_string(component.part_id);
          if (component.with_ipn) ipn = ipn_of(component.part_id);
          break;
        case Identifier::kByIpn:
          ipn = ipn_of(component.part_id);
          break;
        case Identifier::kUnknownId:
          id = component.unknown;
          break;
        case Identifier::kUnknownIpn:
          ipn = component.unknown;
          break;
        case Identifier::kNone:
          break;
      }
      user_fields.emplace_back("InvenTree", std::move(id));
      user_fields.emplace_back("IPN", std::move(ipn));
      const bool ic = symbol.kind == Kind::kIc || symbol.kind == Kind::kMultiUnitIc;
      user_fields.emplace_back("MPN", ic ? symbol.part + "DR" : std::string());
      user_fields.emplace_back("Manufacturer", ic ? "Texas Instruments" : std::string());
    }

    xml.open(2, "comp", {{"ref", component.ref}});
    xml.text(3, "value", symbol.value);
    if (!footprint.empty()) xml.text(3, "footprint", footprint);
    if (symbol.kind != Kind::kPower) xml.text(3, "datasheet", datasheet);
    xml.text(3, "description", symbol.description);
    xml.open(3, "fields");
    for (const auto& [name, value] : user_fields) xml.text(4, "field", value, {{"name", name}});
    xml.text(4, "field", footprint, {{"name", "Footprint"}});
    xml.text(4, "field", symbol.kind == Kind::kPower ? "" : datasheet, {{"name", "Datasheet"}});
    xml.text(4, "field", symbol.description, {{"name", "Description"}});
    xml.close(3, "fields");
    const auto [lib, part] = library_link(component);
    xml.open(3, "libsource", {{"lib", lib}, {"part", part}, {"description", symbol.description}}, true);
    for (const auto& [name, value] : user_fields) xml.open(3, "property", {{"name", name}, {"value", value}}, true);
    xml.open(3, "property", {{"name", "Sheetname"}, {"value", sheet.sheetname}}, true);
    xml.open(3, "property", {{"name", "Sheetfile"}, {"value", sheet.sheetfile}}, true);
    if (symbol.kind == Kind::kTestPoint || symbol.kind == Kind::kHole) {
      xml.open(3, "property", {{"name", "exclude_from_bom"}}, true);
    }
    if (symbol.kind == Kind::kHole) xml.open(3, "property", {{"name", "exclude_from_board"}}, true);
    if (component.dnp) xml.open(3, "property", {{"name", "dnp"}}, true);
    xml.open(3, "property", {{"name", "ki_keywords"}, {"value", symbol.keywords}}, true);
    if (!symbol.fp_filters.empty()) {
      xml.open(3, "property", {{"name", "ki_fp_filters"}, {"value", symbol.fp_filters}}, true);
    }
    xml.open(3, "sheetpath", {{"names", sheet.name}, {"tstamps", sheet.tstamps}}, true);
    std::string tstamps;
    for (const std::string& tstamp : component.tstamps) {
      if (!tstamps.empty()) tstamps += ' ';
      tstamps += tstamp;
    }
    xml.text(3, "tstamps", tstamps);
    xml.close(2, "comp");

    libparts_.try_emplace({lib, part}, &component);
  }

  void write_components(XmlWriter& xml) {
    xml.open(1, "components");
    for (const Placed* component : order_) write_component(xml, *component);
    xml.close(1, "components");
  }

  void write_libparts(XmlWriter& xml) {
    xml.open(1, "libparts");
    for (const auto& [link, component] : libparts_) {
      const Symbol& symbol = *component->symbol;
      xml.open(2, "libpart", {{"lib", link.first}, {"part", link.second}});
      xml.text(3, "description", symbol.description);
      if (!symbol.datasheet.empty()) xml.text(3, "docs", symbol.datasheet);
      if (!symbol.fp_filters.empty()) {
        xml.open(3, "footprints");
        std::string_view filters = symbol.fp_filters;
        while (!filters.empty()) {
          const std::size_t space = filters.find(' ');
          xml.text(4, "fp", filters.substr(0, space));
          filters = space == std::string_view::npos ? std::string_view() : filters.substr(space + 1);
        }
        xml.close(3, "footprints");
      }
      xml.open(3, "fields");
      xml.text(4, "field", symbol.ref_prefix, {{"name", "Reference"}});
      xml.text(4, "field", component->http ? symbol.part_name : symbol.value, {{"name", "Value"}});
      xml.text(4, "field", component->http ? symbol.footprint : "", {{"name", "Footprint"}});
      xml.text(4, "field", symbol.datasheet.empty() ? "~" : symbol.datasheet, {{"name", "Datasheet"}});
      xml.text(4, "field", symbol.description, {{"name", "Description"}});
      xml.close(3, "fields");
      if (!symbol.pins.empty()) {
        xml.open(3, "pins");
        for (const Pin& pin : symbol.pins) {
          xml.open(4, "pin", {{"num", pin.number}, {"name", pin.name}, {"type", pin.type}}, true);
        }
        xml.close(3, "pins");
      }
      xml.close(2, "libpart");
      libraries_.insert(link.first);
    }
    xml.close(1, "libparts");
    counts_.libparts = libparts_.size();
  }

  void write_libraries(XmlWriter& xml) {
    xml.open(1, "libraries");
    for (const std::string& lib : libraries_) {
      xml.open(2, "library", {{"logical", lib}});
      xml.text(3, "uri", lib == "InvenTree" ? "/home/designer/kicad/inventree.kicad_httplib"
                                            : "/usr/share/kicad/symbols//" + lib + ".kicad_sym");
      xml.close(2, "library");
    }
    xml.close(1, "libraries");
  }

  void write_nets(XmlWriter& xml) {
    xml.open(1, "nets");
    for (std::size_t i = 0; i < nets_.size(); ++i) {
      const Net& net = nets_[i];
      xml.open(2, "net", {{"code", std::to_string(i + 1)}, {"name", net.name}, {"class", "Default"}});
      for (const Node& node : net.nodes) {
        const std::string type = node.no_connect ? node.pin->type + "+no_connect" : node.pin->type;
        if (node.pin->name.empty()) {
          xml.open(3, "node", {{"ref", node.component->ref}, {"pin", node.pin->number}, {"pintype", type}}, true);
        } else {
          xml.open(3, "node",
                   {{"ref", node.component->ref},
                    {"pin", node.pin->number},
                    {"pinfunction", node.pin->name},
                    {"pintype", type}},
                   true);
        }
      }
      xml.close(2, "net");
    }
    xml.close(1, "nets");
  }

  const std::size_t components_;
  const std::size_t catalogue_;
  Random random_;
  GeneratedCounts counts_;
  std::vector<Sheet> sheets_;
  std::map<std::int64_t, Symbol> part_symbols_;
  std::map<std::pair<int, std::size_t>, Symbol> other_symbols_;
  std::vector<Placed> placed_;
  std::vector<const Placed*> order_;
  std::vector<Net> nets_;
  std::map<std::pair<std::string, std::string>, const Placed*> libparts_;  // sorted, one per symbol
  std::set<std::string> libraries_;
};

}  // namespace

GeneratedNetlist generate_netlist(const GeneratorOptions& options) { return Generator(options).run(); }

std::size_t catalogue_size(std::size_t components) { return std::max<std::size_t>(components, 200); }

std::vector<netlist::KnownPart> generated_catalogue(std::size_t components) {
  const std::size_t size = catalogue_size(components);
  std::vector<netlist::KnownPart> parts;
  parts.reserve(size);
  for (std::size_t i = 1; i <= size; ++i) {
    const auto id = static_cast<std::int64_t>(i);
    const Symbol symbol = part_symbol(id);
    netlist::KnownPart part;
    part.id = id;
    part.name = symbol.part_name;
    part.ipn = ipn_of(id);
    part.footprint = current_value(id, 1, symbol.footprint, "Package_Legacy:" + symbol.part_name);
    part.symbol = current_value(id, 2, symbol.lib + ":" + symbol.part, "Legacy:" + symbol.part);
    part.reference = current_value(id, 3, symbol.ref_prefix, "X");
    part.datasheet = current_value(id, 4, symbol.datasheet, "https://old.example.com/" + symbol.part_name + ".pdf");
    parts.push_back(std::move(part));
  }
  return parts;
}

}  // namespace kibridge::netlist_bench
