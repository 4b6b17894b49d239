#!/usr/bin/env bash
# tools/windows/with-wine.sh PREFIX COMMAND [ARG...]: runs COMMAND with Wine set up for it, the
# way `make test-windows` needs: Wine's Windows folders in PREFIX (not the user's ~/.wine), no
# debug chatter in test logs, no offer to install Wine's .NET and HTML engines (kibridge uses
# neither).
#
# Why the three steps around COMMAND:
#  - `wineboot --init` then `wineserver -w`: wineboot returns while the prefix is still being
#    set up in the background; a test started then races that set-up. Waiting for the server to
#    go idle means the prefix is whole before the first test.
#  - `wineserver -p`: one server for the whole run. Without it each server exits a few seconds
#    after its last process, and ctest's next process (two run at once) can meet a server on its
#    way out: CI saw a test "fail" in 0.03 s with no output at all (test #98 of 232, stop 17's
#    run), which no rerun here reproduced (30 of 30 passed). Starting every test against one
#    live server removes that window.
#  - the server is stopped when COMMAND ends, whatever its exit status, which is returned.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 PREFIX COMMAND [ARG...]" >&2; exit 2; }
WINEPREFIX=$(realpath -m "$1")
shift
export WINEPREFIX WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
wineboot --init >/dev/null 2>&1 || true
# Bounded: a set-up that never settles must not hold CI to its time limit.
timeout 300 wineserver -w || echo "with-wine: Wine's set-up did not settle within 300 s; going on" >&2
wineserver -p >/dev/null 2>&1  # its object dump at exit is no test output
# The server's own Windows services (services.exe, winedevice.exe, ...) start with the first
# program and live as long as the server: started by a test, they would inherit ctest's output
# pipe and hold it open, and ctest would wait for it forever. Started here, they hold /dev/null.
"${KIBRIDGE_WINE:-/usr/lib/wine/wine64}" cmd.exe /c exit </dev/null >/dev/null 2>&1 || true
trap 'wineserver -k 2>/dev/null || true' EXIT
status=0
"$@" || status=$?
exit "$status"
