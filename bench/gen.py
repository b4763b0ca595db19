#!/usr/bin/env python3
"""Seeded generator of police.uk-format street files drawn from the real files.

Usage: gen.py OUTDIR ROWS [--months N] [--seed S] [--source ../shared/data/police-uk]
              [--national] [--points P]

Rows are resampled from the real street files (so crime types, outcomes,
LSOAs, locations, No Location and outside-force rows keep their real mix),
given a fresh random Crime ID (empty for anti-social behaviour, as in the real
files) and spread over N consecutive months from 2019-01, in the police.uk
layout YYYY-MM/YYYY-MM-FORCE-street.csv, CRLF.

By default the source is the Leicestershire files and each month is one file.
--national draws from the national month (2024-01, 40 forces) and writes 43
forces' files a month: each of the 40 forces resampled from its own rows, in
proportion to its real count, and the three forces missing from that month
(Metropolitan, West Midlands, West Yorkshire: see shared/data/README.md)
resampled from the whole month as reported by that force, each at the size of
the largest real file.
These three are stand-ins of a plausible size, not those forces' data.

--points P sets how many distinct map points (longitude, latitude, location)
the rows use.  The real points are kept when P equals their number; below it,
points are folded onto P of them; above it, each real point is split into
variants a few metres apart (a small offset of the coordinates), enough of them
that about P distinct points are drawn; with P at least ROWS every row gets a
point of its own.  The number of distinct points written is printed at the end.
"""
import argparse, csv, glob, math, os, random

ap = argparse.ArgumentParser()
ap.add_argument("out"); ap.add_argument("rows", type=int)
ap.add_argument("--months", type=int, default=36); ap.add_argument("--seed", type=int, default=1)
ap.add_argument("--source", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data", "police-uk"))
ap.add_argument("--national", action="store_true")
ap.add_argument("--points", type=int, default=0)
a = ap.parse_args()
rnd = random.Random(a.seed)


def read(path):
    with open(path, newline="") as f:
        r = csv.reader(f)
        return next(r), list(r)


# forces: (file name part, rows to draw from, weight)
forces = []
if a.national:
    for path in sorted(glob.glob(os.path.join(a.source, "2024-01", "2024-01-*-street.csv"))):
        header, rows = read(path)
        name = os.path.basename(path)[len("2024-01-"):-len("-street.csv")]
        forces.append([name, rows, len(rows)])
    everything = [r for f in forces for r in f[1]]
    biggest = max(f[2] for f in forces)
    for name, force in (("metropolitan", "Metropolitan Police Service"),
                        ("west-midlands", "West Midlands Police"),
                        ("west-yorkshire", "West Yorkshire Police")):
        # rows from every force, reported by this one (a file has one force)
        forces.append([name, [r[:2] + [force, force] + r[4:] for r in everything], biggest])
else:
    pool = []
    for path in sorted(glob.glob(os.path.join(a.source, "*", "*-leicestershire-street.csv"))):
        header, rows = read(path)
        pool.extend(rows)
    forces.append(["leicestershire", pool, 1])

# the real points, numbered
base = {}
for f in forces:
    for r in f[1]:
        base.setdefault((r[4], r[5], r[6]), len(base))
nbase = len(base)
P = a.points or nbase
if P >= a.rows:
    mode, variants = "own", 0
elif P > nbase:
    # variants per point so that about P distinct are drawn: solve
    # nbase * m * (1 - exp(-rows / (nbase * m))) = P for m
    lo, hi = 1.0, 1e7
    for _ in range(100):
        m = (lo + hi) / 2
        if nbase * m * (1 - math.exp(-a.rows / (nbase * m))) < P:
            lo = m
        else:
            hi = m
    mode, variants = "split", max(1, round(hi))
else:
    mode, variants = "fold", 0
folded = sorted(base, key=base.get)[:P] if mode == "fold" else None


def point(r, g):
    lon, lat, loc = r[4], r[5], r[6]
    if not lon:  # "No Location" rows stay as they are
        return lon, lat, loc
    if mode == "fold":
        return folded[base[(lon, lat, loc)] % P]
    v = g if mode == "own" else rnd.randrange(variants)
    if v == 0:
        return lon, lat, loc
    return ("%.6f" % (float(lon) + (v % 1000) * 1e-6),
            "%.6f" % (float(lat) + (v // 1000) * 1e-6), loc)


total = sum(f[2] for f in forces)
seen = set()
g = 0
per = a.rows // a.months
for m in range(a.months):
    month = f"{2019 + m // 12}-{m % 12 + 1:02d}"
    d = os.path.join(a.out, month); os.makedirs(d, exist_ok=True)
    n_month = per + (a.rows - per * a.months if m == a.months - 1 else 0)
    left = n_month
    for i, (name, rows, weight) in enumerate(forces):
        n = left if i == len(forces) - 1 else n_month * weight // total
        left -= n
        with open(os.path.join(d, f"{month}-{name}-street.csv"), "w", newline="") as f:
            w = csv.writer(f, lineterminator="\r\n"); w.writerow(header)
            for _ in range(n):
                row = list(rnd.choice(rows)); row[1] = month
                if row[0]: row[0] = "%064x" % rnd.getrandbits(256)
                row[4], row[5], row[6] = point(row, g)
                g += 1
                if row[4]:
                    seen.add((row[4], row[5], row[6]))
                w.writerow(row)
print(f"{g} rows, {len(forces)} forces' files a month, {a.months} months, "
      f"{len(seen)} distinct map points ({nbase} in the source, mode {mode})")
