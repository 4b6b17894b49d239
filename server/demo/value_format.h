// Component values for the demo catalogue: the IEC 60063 E-series and the ways the part
// numbers and descriptions of real manufacturers spell a value ("10k", "10K0", "4K7", "1002",
// "104"). Pure functions, no state.
#pragma once

#include <span>
#include <string>

namespace kibridge::demo {

// A value with three significant digits: digits * 10^exponent in a base unit (ohm for
// resistors, picofarad for capacitors, microfarad for electrolytics). `digits` is in
// [100, 999]; 4.7 kOhm is {470, 1}, 10 pF is {100, -1}.
struct SigValue {
  int digits = 100;
  int exponent = 0;
};

// The E-series as three-digit mantissas in [100, 999], ascending (E24 "4.7" is 470).
std::span<const int> e6_series();
std::span<const int> e12_series();
std::span<const int> e24_series();
std::span<const int> e96_series();
std::span<const int> e192_series();


// Value with an SI prefix as InvenTree parameter data is usually typed: "10k", "4.7k",
// "49.9", "1M", "100n", "2.2u". `base_exponent` is the decimal exponent of the base unit
// relative to the SI unit (0 for ohm, -12 for picofarad, -6 for microfarad). With
// `micro_sign` the micro prefix is written "µ" (for descriptions) instead of "u".
std::string si_text(SigValue value, int base_exponent, bool micro_sign = false);

// The value as a plain decimal number in base units, without a prefix: "2200", "4.7",
// "0.47" (for microfarads, as electrolytics are labelled).
std::string plain_text(SigValue value);

// RKM code (IEC 60062): the prefix letter stands in for the decimal point. `unit_letter` is
// the letter for the base unit ('R' for ohm). Padded keeps three digits ("10K0", "4K70",
// "100R", "1M00"); otherwise trailing zeros go ("10K", "4K7", "100R", "1M", "1K02").
std::string rkm_code(SigValue value, char unit_letter, bool padded);

// EIA digit code: `significant` digits followed by the power of ten ("103" for 10 kOhm with
// two, "1002" with three; "104" for 100 nF in picofarads). Values below 10^(significant-1)
// base units keep the same digits with 'R' as decimal point ("4R7", "1R0", "49R9"); the
// value must be at least one base unit.
std::string eia_code(SigValue value, int significant);

}  // namespace kibridge::demo
