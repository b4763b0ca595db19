#!/bin/sh
# bench/load/run.sh - public pages under load: a district performance pack
# (and the front door) served by `peel serve` with its page cache, by
# `peel serve` without it (PEEL_CACHE_BYTES=0), and by nginx serving the very
# same bytes as a static file, side by side in one run: wrk on loopback, 16
# connections.  Run by hand, never by `make test`.
#
# Usage: bench/load/run.sh [DURATION] [ROUNDS]     (default 10s, 1 round)
# Environment:
#   PEEL_BIN=path    a peel binary to measure instead of building one
#                    (Release, clang) in build-bench/
#   PEEL_DATA=dir    police.uk files and ONS geography (default ../shared/data
#                    beside the clone, else the sample in tests/data)
#   DISTRICT=code    the district of the pack (default E07000129, Blaby)
#   THREADS=n        peel serve --threads: its database connections (default 2)
# wrk and nginx are Debian packages; the script installs them with apt-get
# when they are missing (as root), and starts nginx itself on loopback.
#
# Each round runs every target in turn; with ROUNDS > 1 the last lines are
# the medians over the rounds.  Targets:
#   nginx pack          the pack's bytes as a static file
#   peel pack cached    GET /crime/pack/CODE as the public, from the cache
#   peel pack 304       the same with If-None-Match: its ETag (no body)
#   peel pack uncached  the same server code with the cache off: built
#                       on every request
#   nginx home / peel home cached / peel home uncached   the front door
set -eu
DUR=${1:-10s}
ROUNDS=${2:-1}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DATA=${PEEL_DATA:-$ROOT/../shared/data}
DISTRICT=${DISTRICT:-E07000129}
THREADS=${THREADS:-2}
CONNS=16
W=$(mktemp -d /tmp/peel-load.XXXXXX)
PIDS=""
trap 'for p in $PIDS; do kill "$p" 2>/dev/null || true; done; rm -rf "$W"' EXIT
. "$ROOT/bench/load/common.sh"

need wrk wrk
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || need nginx nginx
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

peel_bin
demo_db "$W/peel.db"
serve cached "$W/peel.db" PEEL_LOG=error
serve uncached "$W/peel.db" PEEL_LOG=error PEEL_CACHE_BYTES=0

PACK=/crime/pack/$DISTRICT
mkdir -p "$W/www"
chmod 755 "$W" "$W/www"
code=$(curl -s -o "$W/www/pack.html" -w '%{http_code}' "$BASE_cached$PACK")
[ "$code" = 200 ] || { echo "GET $PACK answered $code" >&2; exit 1; }
curl -s -o "$W/www/home.html" "$BASE_cached/"
# The same bytes from both servers and from the cache's second answer.
curl -s "$BASE_uncached$PACK" | cmp -s - "$W/www/pack.html" ||
    { echo "the uncached pack differs from the cached one" >&2; exit 1; }
ETAG=$(curl -s -D - -o /dev/null "$BASE_cached$PACK" | tr -d '\r' | sed -n 's/^ETag: //Ip')
[ -n "$ETAG" ] || { echo "no ETag on $PACK" >&2; exit 1; }

NPORT=$(python3 -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
cat >"$W/nginx.conf" <<NGINX
worker_processes 2;
pid $W/nginx.pid;
error_log $W/nginx.err;
events { worker_connections 1024; }
http {
  access_log off;
  types { text/html html; }
  server { listen 127.0.0.1:$NPORT; root $W/www; }
}
NGINX
"$NGINX" -c "$W/nginx.conf" -g 'daemon off;' &
PIDS="$PIDS $!"
sleep 1

# run LABEL URL [HEADER]: one wrk run; prints a line and keeps it for the medians.
run() {
    label=$1; url=$2; hdr=${3:-}
    if [ -n "$hdr" ]; then
        out=$(wrk -t2 -c$CONNS -d"$DUR" --latency -H "$hdr" "$url")
    else
        out=$(wrk -t2 -c$CONNS -d"$DUR" --latency "$url")
    fi
    rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
    p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
    p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
    errs=$(echo "$out" | awk '/Non-2xx|Socket errors/ {print}' | tr '\n' ' ')
    printf '%-22s %12s %10s %10s %s\n' "$label" "$rps" "$p50" "$p99" "$errs"
    printf '%s\t%s\t%s\t%s\n' "$label" "$rps" "$p50" "$p99" >>"$W/results"
}

# Warm the cache: the first request after start (or after a change)
# builds each page (src/web/server.c, serve_get), so the measured runs
# begin with the pages built.
wrk -t2 -c$CONNS -d2s "$BASE_cached$PACK" >/dev/null
wrk -t2 -c$CONNS -d2s "$BASE_cached/" >/dev/null

printf 'pack %s: %s bytes; front door: %s bytes; %s connections, %s peel threads, %s\n' \
       "$DISTRICT" "$(wc -c <"$W/www/pack.html")" "$(wc -c <"$W/www/home.html")" "$CONNS" \
       "$THREADS" "$DUR"
printf '%-22s %12s %10s %10s\n' "target" "requests/s" "p50" "p99"
i=1
while [ "$i" -le "$ROUNDS" ]; do
    [ "$ROUNDS" -gt 1 ] && echo "-- round $i"
    run "nginx pack" "http://127.0.0.1:$NPORT/pack.html"
    run "peel pack cached" "$BASE_cached$PACK"
    run "peel pack 304" "$BASE_cached$PACK" "If-None-Match: $ETAG"
    run "peel pack uncached" "$BASE_uncached$PACK"
    run "nginx home" "http://127.0.0.1:$NPORT/home.html"
    run "peel home cached" "$BASE_cached/"
    run "peel home uncached" "$BASE_uncached/"
    i=$((i + 1))
done
if [ "$ROUNDS" -gt 1 ]; then
    echo "-- medians over $ROUNDS rounds (latencies in ms)"
fi
python3 - "$W/results" "$ROUNDS" <<'PY'
import statistics, sys
rows = {}
def ms(t):
    for unit, k in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if t.endswith(unit):
            return float(t[:-len(unit)]) * k
    return float(t)
for line in open(sys.argv[1]):
    label, rps, p50, p99 = line.rstrip("\n").split("\t")
    rows.setdefault(label, []).append((float(rps), ms(p50), ms(p99)))
med = {k: statistics.median(r for r, _, _ in v) for k, v in rows.items()}
if int(sys.argv[2]) > 1:
    for label, v in rows.items():
        print("%-22s %12.0f %10.2f %10.2f" % (label, med[label],
              statistics.median(p for _, p, _ in v), statistics.median(p for _, _, p in v)))
for what in ("pack", "home"):
    n = med.get(f"nginx {what}")
    c = med.get(f"peel {what} cached")
    u = med.get(f"peel {what} uncached")
    if n and c and u:
        print(f"{what}: cached peel at {c / n:.2f} of nginx's requests/s, "
              f"{c / u:.0f}x the uncached server")
PY
# The cached server's own figures (it prints them when it stops).
for p in $PIDS; do kill "$p" 2>/dev/null || true; done
sleep 1
PIDS=""
grep 'page cache' "$W/cached.err" || true
