// Benchmarks of the console's server side (tools/bench/main.cc dispatches to them):
//
//   bench part-search --db FILE [--rounds N]
//     Runs a fixed set of console-style searches (whole words, prefixes as typed, an MPN, a
//     parameter value, several terms, a term matching most of the catalogue) against
//     MirrorReader::search_parts — the query GET /api/parts makes, count and first page of 50 —
//     N rounds (default 20), and prints per-query and overall median and p95 in ms.
//     Target: p95 under 50 ms on the 100,000-part demo (`kibridge demo-seed --parts 100000`).
//
//   bench kicad-libraries [--symbols DIR] [--footprints DIR] [--rounds N]
//     Times kicad::scan_roots over the installed KiCad libraries (default: KiCad's install
//     folders), N rounds (default 3; the first one may read from disk, the others from the
//     page cache), and prints the names found and each round's time.
#pragma once

#include <string>
#include <vector>

namespace kibridge::bench {

int run_part_search_bench(const std::vector<std::string>& words);
int run_kicad_libraries_bench(const std::vector<std::string>& words);

}  // namespace kibridge::bench
