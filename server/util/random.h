// Jitter for retry backoff: a uniformly distributed number in [0, 1), from a generator per
// thread (seeded once from std::random_device), so callers on many threads never share or
// lock one. Not for anything secret (tokens come from OpenSSL's RAND_bytes).
#pragma once

namespace kibridge::util {

double random01();

}  // namespace kibridge::util
