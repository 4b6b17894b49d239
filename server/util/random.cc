#include "server/util/random.h"

#include <random>

namespace kibridge::util {

double random01() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}

}  // namespace kibridge::util
