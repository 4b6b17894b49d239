// Fuzz target: the netlist reader, differential. read_netlist() takes the single-pass scanner
// whenever it accepts; read_netlist_with_tinyxml2() is the reference. Both share the byte
// checks, so for every input they must agree: both refuse with the same message (the scanner
// declined and tinyxml2 worded the error), or both accept with equal Netlists. A scanner that
// accepts what tinyxml2 refuses, or builds a different Netlist, aborts.
//
// max_components is small so that inputs within libFuzzer's default length reach the limit.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "server/netlist/netlist_reader.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace kibridge::netlist;
  const std::string_view xml(reinterpret_cast<const char*>(data), size);
  ReadLimits limits;
  limits.max_components = 8;
  const ReadResult fast = read_netlist(xml, limits);
  const ReadResult reference = read_netlist_with_tinyxml2(xml, limits);
  using kibridge::fuzz::check;
  check(fast.ok() == reference.ok(), fast.ok() ? "the scanner accepted what tinyxml2 refuses: " + reference.error
                                               : "read_netlist refused what tinyxml2 accepts: " + fast.error);
  if (fast.ok()) {
    check(*fast.netlist == *reference.netlist, "the scanner and tinyxml2 built different netlists");
  } else {
    check(fast.error == reference.error, "different errors: '" + fast.error + "' vs '" + reference.error + "'");
    check(!fast.error.empty(), "a refusal without a message");
  }
  return 0;
}
