// The nearest-rank percentile the bench drivers report (median = 0.5, p95 = 0.95), one
// definition so every "p95" in bench-results.txt means the same.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace kibridge::bench {

// The value below which `share` of the sorted `values` lie (nearest rank); 0 for no values.
inline double percentile(std::vector<double> values, double share) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  size_t rank = static_cast<size_t>(share * static_cast<double>(values.size()) + 0.999999);
  rank = std::clamp<size_t>(rank, 1, values.size());
  return values[rank - 1];
}

}  // namespace kibridge::bench
