// UTF-8 text lengths as InvenTree and Django count them.
#pragma once

#include <cstddef>
#include <string_view>

namespace kibridge::util {

// Characters (UTF-8 code points) in `text`: every byte but a continuation byte starts one.
// In bytes a text is at most four times as long.
inline std::size_t utf8_characters(std::string_view text) {
  std::size_t n = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

}  // namespace kibridge::util
