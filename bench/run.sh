#!/bin/sh
# run.sh DATA_DIR [PEEL_BIN] - times, on the same police.uk street files:
# (a) cat and wc -l, (b) the sqlite3 command-line .import, (c) DuckDB's CSV
# reader (if bench/node_modules/@duckdb/node-api is installed), (d) peel crime
# import; then the monthly counts by type for one district from peel, and
# peak memory of peel's import (/usr/bin/time -v).  Run by hand; see README.md.
set -eu
DATA=${1:?usage: run.sh DATA_DIR [PEEL_BIN]}
PEEL=${2:-$(dirname "$0")/../build-crime-rel/peel}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
FILES=$(find "$DATA" -name '*-street.csv' | sort)
ALL="$WORK/all.csv"
# one CSV with one header for the sqlite3 and DuckDB loaders
first=1
for f in $FILES; do
  if [ $first = 1 ]; then cat "$f"; first=0; else tail -n +2 "$f"; fi
done > "$ALL"
t() { /usr/bin/time -f "%e s  %M KiB  $1" sh -c "$2" 2>&1 >/dev/null | tail -1; }
echo "input: $(wc -l < "$ALL") lines, $(du -h "$ALL" | cut -f1)"
t "cat" "cat $FILES > /dev/null"
t "wc -l" "wc -l $FILES"
t "sqlite3 .import" "sqlite3 $WORK/s.db '.mode csv' '.import $ALL crimes'"
if [ -d "$(dirname "$0")/node_modules/@duckdb/node-api" ]; then
  t "duckdb read_csv_auto (2 threads)" "node $(dirname "$0")/duckdb.mjs $ALL $WORK/d.duckdb 2"
else
  echo "duckdb: @duckdb/node-api not installed (npm install in bench/), skipped"
fi
"$PEEL" --db "$WORK/p.db" init >/dev/null
"$PEEL" --db "$WORK/p.db" import area "$(dirname "$0")/../demo/area.csv" >/dev/null || true
t "peel crime import" "$PEEL --db $WORK/p.db --quiet crime import $DATA"
t "peel crime summary (district, all months)" "$PEEL --db $WORK/p.db crime summary --area Charnwood --by month,type --format csv"
t "peel crime pack" "$PEEL --db $WORK/p.db crime pack --area Charnwood --out $WORK/pack.html"
ls -la "$WORK"/*.db | awk '{print $5, $9}'
