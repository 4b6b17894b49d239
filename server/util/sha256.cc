#include "server/util/sha256.h"

#include <openssl/evp.h>

#include <stdexcept>

#include "server/util/hex.h"

namespace kibridge::util {

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 failed");
  }
  return hex_lower(std::string_view(reinterpret_cast<const char*>(digest), length));
}

}  // namespace kibridge::util
