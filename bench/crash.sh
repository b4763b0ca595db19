#!/bin/sh
# crash.sh - the long form of the crash loop: tests/e2e/test_crash.py with
# 1,000 kills (334 of `peel import`, 333 of `peel crime import`, 333 of
# `peel serve` under API writes), each followed by `peel check`, the
# all-or-nothing checks and, for the server, that every write it answered
# 201 to is there.  Run by hand:
#
#     bench/crash.sh [PEEL] [KILLS] [SEED]
#
# PEEL defaults to build/peel; write the line it prints on the issue.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
peel=${1:-$here/build/peel}
# the test runs each command from its own folder: make the path absolute
case $peel in /*) ;; *) peel=$(cd "$(dirname "$peel")" && pwd)/$(basename "$peel") ;; esac
kills=${2:-1000}
seed=${3:-$(date +%s)}
echo "crash loop: $kills kills, seed $seed, $peel"
start=$(date +%s)
PEEL_BIN=$peel PEEL_SOURCE=$here PEEL_CRASH_KILLS=$kills PEEL_CRASH_SEED=$seed \
    python3 "$here/tests/e2e/test_crash.py" -v
echo "crash loop: $kills kills passed in $(( $(date +%s) - start )) s (seed $seed)"
