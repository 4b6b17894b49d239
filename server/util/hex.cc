#include "server/util/hex.h"

namespace kibridge::util {

namespace {

bool unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

void append_hex(std::string& out, unsigned char byte, const char* digits) {
  out += digits[byte >> 4];
  out += digits[byte & 0x0f];
}

}  // namespace

std::string hex_lower(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) append_hex(out, c, "0123456789abcdef");
  return out;
}

std::string percent_encode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (unreserved(c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      append_hex(out, c, "0123456789ABCDEF");
    }
  }
  return out;
}

}  // namespace kibridge::util
