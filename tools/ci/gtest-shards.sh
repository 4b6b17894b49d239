#!/usr/bin/env bash
# gtest-shards.sh JOBS DIR COMMAND...   (COMMAND runs in DIR: `gtest-shards.sh 2 build-asan ./kibridge_tests`)
#
# Runs a GoogleTest executable (COMMAND, with its arguments) as JOBS processes at
# once, each running every JOBS-th test (GoogleTest's own sharding: GTEST_TOTAL_SHARDS and
# GTEST_SHARD_INDEX), from DIR, the folder ctest would run it from. Prints each shard's summary,
# and the whole output of a shard that failed; exits non-zero when any shard failed.
#
# Why not ctest: ctest starts one process per test case. Under a sanitizer that start is the
# cost: an ASan+UBSan kibridge_tests takes about 1 s of CPU to start and leak-check an empty
# run, so the suite's ~730 cases spent about 12 CPU-minutes starting, which on CI's 2 cores
# was most of the ASan stage's test time. Every case also passes run in one process (the way
# `build/kibridge_tests` runs them), so a shard is a faithful run; cases that leak state into
# later ones would show up here, which is a finding too.
#
# A shard that hangs is killed after GTEST_SHARD_TIMEOUT seconds (default 1800), so CI fails
# with the log instead of running into its own limit.
set -euo pipefail

[ $# -ge 3 ] || { echo "usage: $0 JOBS DIR COMMAND..." >&2; exit 2; }
jobs=$1 dir=$2
shift 2
[[ "$jobs" =~ ^[1-9][0-9]*$ ]] || { echo "gtest-shards: JOBS must be a positive number, not '$jobs'" >&2; exit 2; }
[ -d "$dir" ] || { echo "gtest-shards: no folder $dir (build first)" >&2; exit 2; }
timeout_s=${GTEST_SHARD_TIMEOUT:-1800}
# The shards share the build folder's cache folder, as ctest's runs do (CMakeLists.txt): one scan
# of KiCad's installed symbol libraries serves every shard, and the user's own cache is untouched.
XDG_CACHE_HOME="$(cd "$dir" && pwd)/test-cache"
export XDG_CACHE_HOME

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
pids=()
for ((i = 0; i < jobs; i++)); do
  (cd "$dir" && GTEST_TOTAL_SHARDS=$jobs GTEST_SHARD_INDEX=$i \
     timeout --signal=KILL "$timeout_s" "$@" --gtest_brief=1) >"$logs/$i.log" 2>&1 &
  pids+=($!)
done

failed=0
for ((i = 0; i < jobs; i++)); do
  rc=0
  wait "${pids[$i]}" || rc=$?
  if [ "$rc" -ne 0 ]; then
    failed=1
    echo "=== gtest-shards: shard $i of $jobs failed (exit $rc); its output:"
    cat "$logs/$i.log"
  else
    echo "=== gtest-shards: shard $i of $jobs: $(grep -E '^\[(==========|  PASSED  |  SKIPPED )\]' "$logs/$i.log" | tr '\n' ' ')"
  fi
done
exit "$failed"
