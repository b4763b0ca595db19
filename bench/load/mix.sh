#!/bin/sh
# bench/load/mix.sh - reads and writes together on one `peel serve`, for a
# long run: four wrk clients at once on loopback (mix.lua, one MODE each),
#   public  8 connections: the district pack, the front door, /crime, /figures
#   staff   4 connections: a staff session's front door, list, record, pack
#   write   2 connections: API PATCH and form saves of one person, API creates
#   signin  1 connection:  the sign-in form post, again and again
# while `peel crime import` of one month runs again and again beside them
# (idempotent: the same rows each time, in a write transaction of its own),
# and the server's resident memory is sampled every 10 s.  Each client's
# answers are counted by status, so rate limits (429) are told apart from
# errors.  Run by hand, never by `make test`.
#
# Usage: bench/load/mix.sh [DURATION]     (default 10m)
# Environment: PEEL_BIN, PEEL_DATA as for run.sh; THREADS (default 8); IMPORT_MONTH
# (default the latest month folder of PEEL_DATA/police-uk); PEEL_DB: the
# database, by default a SQLite file in the scratch folder; "postgresql"
# for a database on a throwaway PostgreSQL server the script starts and
# stops (tests/support/pg-server, as the tests do: a unix socket only), or
# a postgresql:// URI of an empty database of your own.
set -eu
DUR=${1:-10m}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/bench/load
DATA=${PEEL_DATA:-$ROOT/../shared/data}
THREADS=${THREADS:-8}  # peel serve --threads: database connections (its default on 2 CPUs)
W=$(mktemp -d /tmp/peel-mix.XXXXXX)
PIDS=""
PGDIR=""
trap 'for p in $PIDS; do kill "$p" 2>/dev/null || true; done;
      [ -z "$PGDIR" ] || { "$ROOT/tests/support/pg-server" stop "$PGDIR" >/dev/null 2>&1; rm -rf "$PGDIR"; };
      rm -rf "$W"' EXIT
. "$HERE/common.sh"
PW="load password 12345"

need wrk wrk
peel_bin
case "${PEEL_DB:-}" in
"") DB=$W/peel.db ;;
postgresql)
    PGDIR=$(mktemp -d /tmp/peel-mix-pg.XXXXXX) # its own: the server's user must reach it
    DB=$("$ROOT/tests/support/pg-server" "$PGDIR" mix) || {
        echo "cannot start a PostgreSQL server (tests/support/pg-server)" >&2; exit 1; }
    ;;
*) DB=$PEEL_DB ;;
esac
demo_db "$DB"
MONTH=${IMPORT_MONTH:-$(ls -d "$CRIME"/*/ | tail -1)}
printf '%s\n' "$PW" | $P user add load --role staff
printf '%s\n' "$PW" | $P user add signer --role staff
TOKEN=$($P token add load 2>/dev/null)
PERSON_ID=$($P add person "name=Load Person" "role=Load test" "publish=yes")

serve serve "$DB"
SPID=$SERVE_PID
BASE=$BASE_serve

# A staff session (cookie and a form's CSRF token), and an anonymous
# cookie with its token for the sign-in posts.
csrf_of() { sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$1" | head -1; }
curl -s -c "$W/jar" "$BASE/signin" >"$W/signin.html"
curl -s -b "$W/jar" -c "$W/jar" -o /dev/null --data-urlencode "csrf=$(csrf_of "$W/signin.html")" \
     --data-urlencode "name=load" --data-urlencode "password=$PW" "$BASE/signin"
SESSION="peel_session=$(awk '$6 == "peel_session" {print $7}' "$W/jar")"
curl -s -H "Cookie: $SESSION" "$BASE/records/person/$PERSON_ID/edit" >"$W/edit.html"
FORM_CSRF=$(csrf_of "$W/edit.html")
curl -s -c "$W/anon" "$BASE/signin" >"$W/anon.html"
ANON_CSRF=$(csrf_of "$W/anon.html")
ANON_COOKIE=$(awk '(/^#HttpOnly_/ || !/^#/) && NF >= 7 {printf "%s%s=%s", sep, $6, $7; sep="; "}' "$W/anon")
[ -n "$FORM_CSRF" ] && [ -n "$ANON_CSRF" ] || { echo "no CSRF token" >&2; exit 1; }
export PACK=/crime/pack/E07000129 STAFF_COOKIE="$SESSION" STAFF_TOKEN="$TOKEN" \
       PERSON_ID FORM_CSRF ANON_COOKIE ANON_CSRF SIGNIN_NAME=signer SIGNIN_PASSWORD="$PW"

rss() { awk '/VmRSS/ {print $2}' "/proc/$SPID/status"; }
echo "peel serve (--threads ${THREADS}) on $BASE, database $DB; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "importing $(basename "$MONTH") again and again; $DUR"
echo "rss at start: $(rss) KiB"

# imports beside the load, one after the other, until the clients end
( while :; do $P crime import "$MONTH" >/dev/null 2>>"$W/import.err" || echo "import failed" >>"$W/import.err"; \
      echo x >>"$W/imports"; sleep 2; done ) &
IPID=$!
PIDS="$PIDS $IPID"
# and its parts: the heap (RssAnon) apart from mapped files (RssFile, RssShmem)
parts() { awk '/RssAnon|RssFile|RssShmem/ {printf "%s%s", (n++ ? " " : ""), $2}' "/proc/$SPID/status"; }
( while :; do sleep 10; echo "$(date +%s) $(rss) $(parts)" >>"$W/rss"; done ) &
RPID=$!
PIDS="$PIDS $RPID"

run() { MODE=$1 wrk -t1 -c"$2" -d"$DUR" --timeout 10s -s "$HERE/mix.lua" "$BASE" >"$W/wrk.$1" 2>&1; }
run public 8 & A=$!
run staff 4 & B=$!
run write 2 & C=$!
run signin 1 & D=$!
wait $A $B $C $D
kill "$IPID" "$RPID" 2>/dev/null || true

for m in public staff write signin; do
    grep -E '^STATUS|Requests/sec|Socket errors' "$W/wrk.$m" | tr '\n' ' '
    echo
done
echo "imports completed: $(wc -l <"$W/imports" 2>/dev/null || echo 0); failures: $(cat "$W/import.err" 2>/dev/null | grep -c failed || true)"
awk 'NR == 1 {first = $2} {last = $2; if ($2 > max) max = $2} END {
    printf "rss KiB: first sample %d, last %d, max %d (%d samples)\n", first, last, max, NR }' "$W/rss"
echo "rss KiB every 10 s: $(awk '{printf "%s%d", (NR > 1 ? " " : ""), $2}' "$W/rss")"
echo "anon / file / shmem KiB every 10 s: $(awk '{printf "%s%d/%d/%d", (NR > 1 ? " " : ""), $3, $4, $5}' "$W/rss")"
kill "$SPID" 2>/dev/null || true
wait "$SPID" 2>/dev/null || true
PIDS=""
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
grep 'page cache' "$W/serve.err" || true
grep -v 'page cache\|stopped\|received' "$W/serve.err" | sort | uniq -c | sort -rn | head -5
