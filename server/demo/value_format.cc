#include "server/demo/value_format.h"

#include <array>

namespace kibridge::demo {
namespace {

constexpr std::array<int, 6> kE6 = {100, 150, 220, 330, 470, 680};
constexpr std::array<int, 12> kE12 = {100, 120, 150, 180, 220, 270, 330, 390, 470, 560, 680, 820};
constexpr std::array<int, 24> kE24 = {100, 110, 120, 130, 150, 160, 180, 200, 220, 240, 270, 300,
                                      330, 360, 390, 430, 470, 510, 560, 620, 680, 750, 820, 910};
constexpr std::array<int, 96> kE96 = {
    100, 102, 105, 107, 110, 113, 115, 118, 121, 124, 127, 130, 133, 137, 140, 143, 147, 150, 154, 158,
    162, 165, 169, 174, 178, 182, 187, 191, 196, 200, 205, 210, 215, 221, 226, 232, 237, 243, 249, 255,
    261, 267, 274, 280, 287, 294, 301, 309, 316, 324, 332, 340, 348, 357, 365, 374, 383, 392, 402, 412,
    422, 432, 442, 453, 464, 475, 487, 499, 511, 523, 536, 549, 562, 576, 590, 604, 619, 634, 649, 665,
    681, 698, 715, 732, 750, 768, 787, 806, 825, 845, 866, 887, 909, 931, 953, 976};
constexpr std::array<int, 192> kE192 = {
    100, 101, 102, 104, 105, 106, 107, 109, 110, 111, 113, 114, 115, 117, 118, 120, 121, 123, 124, 126,
    127, 129, 130, 132, 133, 135, 137, 138, 140, 142, 143, 145, 147, 149, 150, 152, 154, 156, 158, 160,
    162, 164, 165, 167, 169, 172, 174, 176, 178, 180, 182, 184, 187, 189, 191, 193, 196, 198, 200, 203,
    205, 208, 210, 213, 215, 218, 221, 223, 226, 229, 232, 234, 237, 240, 243, 246, 249, 252, 255, 258,
    261, 264, 267, 271, 274, 277, 280, 284, 287, 291, 294, 298, 301, 305, 309, 312, 316, 320, 324, 328,
    332, 336, 340, 344, 348, 352, 357, 361, 365, 370, 374, 379, 383, 388, 392, 397, 402, 407, 412, 417,
    422, 427, 432, 437, 442, 448, 453, 459, 464, 470, 475, 481, 487, 493, 499, 505, 511, 517, 523, 530,
    536, 542, 549, 556, 562, 569, 576, 583, 590, 597, 604, 612, 619, 626, 634, 642, 649, 657, 665, 673,
    681, 690, 698, 706, 715, 723, 732, 741, 750, 759, 768, 777, 787, 796, 806, 816, 825, 835, 845, 856,
    866, 876, 887, 898, 909, 920, 931, 942, 953, 965, 976, 988};

// floor(a / b) for b > 0, also for negative a.
int floor_div(int a, int b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

// `text` (digits only) split before its `integer_digits`-th digit into the parts before
// and after the decimal point; with `strip_zeros`, trailing fractional zeros go.
struct SplitDigits {
  std::string integer_part;
  std::string fraction;
};
SplitDigits split_digits(const std::string& text, int integer_digits, bool strip_zeros) {
  SplitDigits split{text.substr(0, integer_digits), text.substr(integer_digits)};
  if (strip_zeros) {
    while (!split.fraction.empty() && split.fraction.back() == '0') split.fraction.pop_back();
  }
  return split;
}

std::string decimal(const SplitDigits& split) {
  return split.fraction.empty() ? split.integer_part : split.integer_part + "." + split.fraction;
}

// Splits value into an engineering prefix exponent (multiple of 3, relative to the base
// unit) and the number of digits before the decimal point.
void engineering(SigValue value, int base_exponent, int* prefix_exponent, int* integer_digits) {
  // value = d.dd * 10^(order), order relative to the SI unit.
  int order = value.exponent + 2 + base_exponent;
  *prefix_exponent = floor_div(order, 3) * 3;
  *integer_digits = order - *prefix_exponent + 1;
}

std::string si_prefix(int exponent, bool micro_sign) {
  switch (exponent) {
    case -15: return "f";
    case -12: return "p";
    case -9: return "n";
    case -6: return micro_sign ? "\u00b5" : "u";
    case -3: return "m";
    case 0: return "";
    case 3: return "k";
    case 6: return "M";
    case 9: return "G";
    default: return "e" + std::to_string(exponent);
  }
}

}  // namespace

std::span<const int> e6_series() { return kE6; }
std::span<const int> e12_series() { return kE12; }
std::span<const int> e24_series() { return kE24; }
std::span<const int> e96_series() { return kE96; }
std::span<const int> e192_series() { return kE192; }

std::string si_text(SigValue value, int base_exponent, bool micro_sign) {
  int prefix_exponent = 0;
  int integer_digits = 0;
  engineering(value, base_exponent, &prefix_exponent, &integer_digits);
  return decimal(split_digits(std::to_string(value.digits), integer_digits, true)) +
         si_prefix(prefix_exponent, micro_sign);
}

std::string plain_text(SigValue value) {
  int integer_digits = value.exponent + 3;  // digits before the decimal point
  std::string text = std::to_string(value.digits);
  if (integer_digits >= 3) return text + std::string(integer_digits - 3, '0');
  if (integer_digits <= 0) {
    text = std::string(1 - integer_digits, '0') + text;  // 0.047: one zero before the point
    integer_digits = 1;
  }
  return decimal(split_digits(text, integer_digits, true));
}

std::string rkm_code(SigValue value, char unit_letter, bool padded) {
  int prefix_exponent = 0;
  int integer_digits = 0;
  engineering(value, 0, &prefix_exponent, &integer_digits);
  char letter = unit_letter;
  if (prefix_exponent == 3) letter = 'K';
  if (prefix_exponent == 6) letter = 'M';
  if (prefix_exponent == 9) letter = 'G';
  if (prefix_exponent == -3) letter = 'L';  // milliohm in IEC 60062
  SplitDigits split = split_digits(std::to_string(value.digits), integer_digits, !padded);
  return split.integer_part + letter + split.fraction;
}

std::string eia_code(SigValue value, int significant) {
  // value = digits * 10^exponent = (digits / 10^(3 - significant)) * 10^(exponent + 3 - significant)
  int multiplier = value.exponent + 3 - significant;
  std::string text = std::to_string(value.digits).substr(0, significant);
  if (multiplier >= 0) return text + std::to_string(multiplier);
  // Below the smallest code: the same digits with 'R' as decimal point ("4R7", "1R0").
  int prefix_exponent = 0;
  int integer_digits = 0;
  engineering(value, 0, &prefix_exponent, &integer_digits);
  return text.substr(0, integer_digits) + 'R' + text.substr(integer_digits);
}

}  // namespace kibridge::demo
