// gzip compression of response bodies (RFC 1952), done once when a response is rendered.
#pragma once

#include <string>
#include <string_view>

namespace kibridge::util {

// Throws std::runtime_error only when zlib itself fails (out of memory).
std::string gzip_compress(std::string_view data, int level = 6);

// For tests and clients: inflates a gzip stream; throws std::runtime_error on corrupt input.
std::string gzip_decompress(std::string_view data);

}  // namespace kibridge::util
