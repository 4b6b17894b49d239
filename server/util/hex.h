// Hex text of bytes: lowercase digest and token text (SHA-256 sums, random tokens), and
// percent-encoding of URL query parts (RFC 3986: unreserved characters stay, every other
// byte becomes %XX with uppercase digits, as section 2.1 recommends). Pure and thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace kibridge::util {

// Two lowercase hex digits per byte: "\x01\xab" -> "01ab".
std::string hex_lower(std::string_view bytes);

// `text` with every byte but ALPHA / DIGIT / "-" / "." / "_" / "~" as %XX: "a b/c" -> "a%20b%2Fc".
std::string percent_encode(std::string_view text);

}  // namespace kibridge::util
