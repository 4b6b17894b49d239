// SHA-256 of a byte string as 64 lowercase hex digits (OpenSSL). Thread-safe. Throws
// std::runtime_error only if OpenSSL's digest fails.
#pragma once

#include <string>
#include <string_view>

namespace kibridge::util {

std::string sha256_hex(std::string_view bytes);

}  // namespace kibridge::util
