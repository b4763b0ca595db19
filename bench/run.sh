#!/bin/sh
# run.sh DATA_DIR [PEEL_BIN] - times, on the same police.uk street files:
# (a) cat and wc -l, (b) the sqlite3 command-line .import, (c) DuckDB's CSV
# reader (if bench/node_modules/@duckdb/node-api is installed), (d) peel crime
# import; then the monthly counts by type for one district from peel, and
# peak memory of peel's import (/usr/bin/time -v).  Run by hand; see README.md.
#
# AREAS="Charnwood Leicestershire" names the areas whose summaries are timed
# (default Charnwood).  PEEL_PG=1 also times the import into PostgreSQL (a
# throwaway server started by tests/support/pg-server in the work folder, on a
# unix socket, with fsync off as the tests run it) and the summaries there.
set -eu
DATA=${1:?usage: run.sh DATA_DIR [PEEL_BIN]}
PEEL=${2:-$(dirname "$0")/../build-crime-rel/peel}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
FILES=$(find "$DATA" -name '*-street.csv' | sort | tr '\n' ' ')
ALL="$WORK/all.csv"
# one CSV with one header for the sqlite3 and DuckDB loaders
first=1
for f in $FILES; do
  if [ $first = 1 ]; then cat "$f"; first=0; else tail -n +2 "$f"; fi
done > "$ALL"
# t LABEL COMMAND: runs it REPEAT times (default 3), printing each run's wall
# time, CPU time (user + system) and peak RSS, then the median wall time.
# The machine may be shared: CPU time is the steadier comparison.
REPEAT=${REPEAT:-3}
t() {
  i=0
  : > "$WORK/times"
  while [ $i -lt "$REPEAT" ]; do
    [ -n "${PREP:-}" ] && sh -c "$PREP"
    /usr/bin/time -f "%e %U %S %M" sh -c "$2" 2>"$WORK/time1" >/dev/null || true
    tail -1 "$WORK/time1" >> "$WORK/times"
    i=$((i + 1))
  done
  awk -v label="$1" '{ printf "  run %d: %.2f s wall, %.2f s CPU, %d KiB peak  %s\n", NR, $1, $2 + $3, $4, label }' "$WORK/times"
  sort -n "$WORK/times" | awk -v label="$1" '{ w[NR] = $1; c[NR] = $2 + $3; m[NR] = $4 }
    END { k = int((NR + 1) / 2); printf "%.2f s median wall (%.2f s CPU, %d KiB)  %s\n", w[k], c[k], m[k], label }' 
}
echo "input: $(wc -l < "$ALL") lines, $(du -h "$ALL" | cut -f1)"
t "cat" "cat $FILES > /dev/null"
t "wc -l" "wc -l $FILES"
PREP="rm -f $WORK/s.db" t "sqlite3 .import" "sqlite3 $WORK/s.db '.mode csv' '.import $ALL crimes'"
rm -f "$WORK/s.db"
if [ -d "$(dirname "$0")/node_modules/@duckdb/node-api" ]; then
  PREP="rm -f $WORK/d.duckdb*" t "duckdb read_csv_auto (2 threads)" "node $(dirname "$0")/duckdb.mjs $ALL $WORK/d.duckdb 2"
  PREP="rm -f $WORK/d.duckdb*" t "duckdb read_csv_auto (1 thread)" "node $(dirname "$0")/duckdb.mjs $ALL $WORK/d.duckdb 1"
  rm -f "$WORK"/d.duckdb*
else
  echo "duckdb: @duckdb/node-api not installed (npm install in bench/), skipped"
fi
"$PEEL" --db "$WORK/p.db" init >/dev/null
cut -d, -f1-4 "$(dirname "$0")/../demo/area.csv" > "$WORK/area.csv"  # code,name,kind,parent
"$PEEL" --db "$WORK/p.db" import area "$WORK/area.csv" >/dev/null
GEO=${PEEL_GEO:-$(dirname "$0")/../../shared/data/geography}
"$PEEL" --db "$WORK/p.db" area import "$GEO/ons-lookups/csv/135.csv" >/dev/null || true
cp "$WORK/p.db" "$WORK/p0.db"
PREP="cp $WORK/p0.db $WORK/p.db; rm -f $WORK/p.db-*" t "peel crime import" "$PEEL --db $WORK/p.db --quiet crime import $DATA"
rm -f "$WORK/p0.db"
AREAS=${AREAS:-Charnwood}
FROM=$(ls "$DATA" | grep -E '^[0-9]{4}-[0-9]{2}$' | sort | head -1)
TO=$(ls "$DATA" | grep -E '^[0-9]{4}-[0-9]{2}$' | sort | tail -1)
FIG=$(dirname "$PEEL")/peel-figures-bench
# summaries DB: each area's summary and pack as processes, then in-process
summaries() {
  for area in $AREAS; do
    t "peel crime summary ($area, $FROM to $TO)" "$PEEL --db '$1' crime summary --area $area --by month,type --format csv"
    t "peel crime pack ($area)" "$PEEL --db '$1' crime pack --area $area --out $WORK/pack.html"
    if [ -x "$FIG" ]; then
      "$FIG" "$1" "$area" "$FROM" "$TO" 11
    else
      echo "peel-figures-bench: not built (cmake -DPEEL_BENCH=ON), skipped"
    fi
  done
}
summaries "$WORK/p.db"
ls -la "$WORK"/*.db | awk '{print $5, $9}'
if [ "${PEEL_PG:-}" = 1 ]; then
  SERVER=$(dirname "$0")/../tests/support/pg-server
  chmod 755 "$WORK"  # the server runs as an unprivileged user when we are root
  URL=$("$SERVER" "$WORK/pg" peelbench)
  trap '"$SERVER" stop "$WORK/pg" >/dev/null 2>&1; rm -rf "$WORK"' EXIT
  PSQL="psql -h $WORK/pg -U peel -d postgres -XAtq"
  pgprep="$PSQL -c 'DROP DATABASE IF EXISTS peelbench' && $SERVER $WORK/pg peelbench >/dev/null &&"
  pgprep="$pgprep $PEEL --db '$URL' init >/dev/null && $PEEL --db '$URL' import area $WORK/area.csv >/dev/null &&"
  pgprep="$pgprep $PEEL --db '$URL' area import $GEO/ons-lookups/csv/135.csv >/dev/null"
  PREP="$pgprep" t "peel crime import (PostgreSQL)" "$PEEL --db '$URL' --quiet crime import $DATA"
  echo "PostgreSQL database: $($PSQL -c "SELECT pg_database_size('peelbench')") bytes"
  summaries "$URL"
fi
