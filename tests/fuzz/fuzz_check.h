// The one way a fuzz target reports a finding that is not a crash: a differential
// disagreement or a broken contract. It prints what went wrong and aborts, which libFuzzer
// records as a crash (with the input saved) and which fails the corpus replay's ctest test.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

namespace kibridge::fuzz {

[[noreturn]] inline void fail(const std::string& what) {
  std::fprintf(stderr, "fuzz check failed: %s\n", what.c_str());
  std::abort();
}

inline void check(bool ok, const std::string& what) {
  if (!ok) fail(what);
}

}  // namespace kibridge::fuzz
