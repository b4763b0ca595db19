# bench/load/common.sh - what run.sh and mix.sh share, sourced by both (sh):
# the tools, the peel binary, the demo database and starting `peel serve`.
# The caller sets ROOT, DATA, THREADS, W (its scratch folder) and PIDS (the
# processes its EXIT trap kills).

# need CMD PACKAGE: installs the Debian package when CMD is missing.
need() {
    command -v "$1" >/dev/null 2>&1 && return 0
    echo "installing $2 (Debian package) for the benchmark" >&2
    if [ "$(id -u)" = 0 ]; then
        apt-get install -y "$2" >/dev/null || { apt-get update >/dev/null && apt-get install -y "$2" >/dev/null; }
    else
        sudo apt-get install -y "$2" >/dev/null
    fi
}

# PEEL_BIN, or a Release build (clang) in build-bench/.
peel_bin() {
    if [ -z "${PEEL_BIN:-}" ]; then
        B=$ROOT/build-bench
        cmake -S "$ROOT" -B "$B" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Release \
              -DPEEL_TESTS=OFF >/dev/null
        cmake --build "$B" -j2 >/dev/null
        PEEL_BIN=$B/peel
    fi
}

# demo_db DB: the demo database, as `make run` makes it: the papers, then
# the real police.uk files and ONS geography (or the committed sample).
# Sets P (peel on DB, quiet) and CRIME (the police.uk folder imported).
demo_db() {
    P="$PEEL_BIN --db $1 --quiet"
    $P init
    $P demo >/dev/null
    if [ -d "$DATA/police-uk" ] && [ -d "$DATA/geography" ]; then
        $P area import "$DATA/geography"
        CRIME=$DATA/police-uk
    else
        $P area import "$ROOT/tests/data/crime/ons-lookup-sample.csv"
        CRIME=$ROOT/tests/data/police-uk-sample
    fi
    $P crime import "$CRIME"
}

# serve NAME DB [ENV...]: a `peel serve` on DB on a free loopback port, its
# output in $W/NAME.out and .err; sets BASE_NAME and SERVE_PID.
serve() {
    name=$1
    db=$2
    shift 2
    port=""
    : >"$W/$name.out"
    env "$@" "$PEEL_BIN" --db "$db" serve --listen 127.0.0.1:0 --threads "$THREADS" \
        --no-access-log >"$W/$name.out" 2>"$W/$name.err" &
    SERVE_PID=$!
    PIDS="$PIDS $SERVE_PID"
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        port=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\).*/\1/p' "$W/$name.out")
        [ -n "$port" ] && break
        sleep 0.5
    done
    [ -n "$port" ] || { echo "peel serve ($name) did not start" >&2; cat "$W/$name.err" >&2; exit 1; }
    eval "BASE_$name=http://127.0.0.1:$port"
}
