"""Times KiCad's own netlist reader on a netlist file (used by run-netlist-bench.sh).

usage: kicad_reader_bench.py NETLIST [--repeat K] [--plugins DIR]

Imports kicad_netlist_reader from KiCad's plugin directory (default /usr/share/kicad/plugins,
from the KiCad package) and, K times (default 5) in this process, builds
kicad_netlist_reader.netlist(NETLIST) and then walks every component the way a BOM or import
script does: reference, the "InvenTree" and "IPN" fields, footprint, datasheet, library and
symbol names, DNP flag. Each run's wall time (time.perf_counter) and CPU time
(time.process_time) cover both; the module import and a garbage collection between runs do
not count. Run it with Debian's /usr/bin/python3, the interpreter KiCad's package targets.

The last line is a key=value summary (medians and minimums in ms). Exit status 2 when the
module or the file cannot be found.
"""

import argparse
import gc
import os
import statistics
import sys
import time


def walk(netlist):
    """What a script reading a design for InvenTree asks of every component."""
    identified = 0
    for comp in netlist.components:
        comp.getRef()
        inventree_id = comp.getField("InvenTree")
        ipn = comp.getField("IPN")
        comp.getFootprint()
        comp.getDatasheet()
        comp.getLibName()
        comp.getPartName()
        comp.getDNP()
        if inventree_id or ipn:
            identified += 1
    return identified


def main():
    parser = argparse.ArgumentParser(description="Time KiCad's kicad_netlist_reader on a netlist.")
    parser.add_argument("netlist")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--plugins", default="/usr/share/kicad/plugins")
    args = parser.parse_args()

    module = os.path.join(args.plugins, "kicad_netlist_reader.py")
    if not os.path.isfile(module):
        print(f"kicad_reader_bench: {module} not found (KiCad package not installed)", file=sys.stderr)
        return 2
    if not os.path.isfile(args.netlist):
        print(f"kicad_reader_bench: {args.netlist} not found", file=sys.stderr)
        return 2
    sys.path.insert(0, args.plugins)
    import kicad_netlist_reader  # noqa: E402 -- KiCad's module, found through the path above

    parse_ms, walk_ms, total_ms, cpu_ms = [], [], [], []
    components = identified = 0
    for run in range(1, args.repeat + 1):
        gc.collect()
        wall_start, cpu_start = time.perf_counter(), time.process_time()
        netlist = kicad_netlist_reader.netlist(args.netlist)
        parsed = time.perf_counter()
        identified = walk(netlist)
        wall_end, cpu_end = time.perf_counter(), time.process_time()
        components = len(netlist.components)
        del netlist
        parse_ms.append((parsed - wall_start) * 1000)
        walk_ms.append((wall_end - parsed) * 1000)
        total_ms.append((wall_end - wall_start) * 1000)
        cpu_ms.append((cpu_end - cpu_start) * 1000)
        print(f"kicad reader run {run}: {total_ms[-1]:.0f} ms (netlist() {parse_ms[-1]:.0f} ms, walk "
              f"{walk_ms[-1]:.0f} ms), CPU {cpu_ms[-1]:.0f} ms", file=sys.stderr)

    version = ".".join(str(part) for part in sys.version_info[:3])
    print(f"summary: components={components} identified={identified} runs={args.repeat} python={version}"
          f" total_median_ms={statistics.median(total_ms):.1f} total_min_ms={min(total_ms):.1f}"
          f" parse_median_ms={statistics.median(parse_ms):.1f} walk_median_ms={statistics.median(walk_ms):.1f}"
          f" cpu_median_ms={statistics.median(cpu_ms):.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
