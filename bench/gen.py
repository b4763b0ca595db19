#!/usr/bin/env python3
"""Seeded generator of police.uk-format street files drawn from the real files.

Usage: gen.py OUTDIR ROWS [--months N] [--seed S] [--source ../shared/data/police-uk]

Rows are resampled from the real Leicestershire street files (so crime types,
outcomes, LSOAs, locations, No Location and outside-force rows keep their real
mix), given a fresh random Crime ID (empty for anti-social behaviour, as in the
real files) and spread over N consecutive months from 2019-01, one file per
month in the police.uk layout YYYY-MM/YYYY-MM-leicestershire-street.csv, CRLF.
"""
import argparse, csv, glob, os, random

ap = argparse.ArgumentParser()
ap.add_argument("out"); ap.add_argument("rows", type=int)
ap.add_argument("--months", type=int, default=36); ap.add_argument("--seed", type=int, default=1)
ap.add_argument("--source", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data", "police-uk"))
a = ap.parse_args()
rnd = random.Random(a.seed)
pool = []
for path in sorted(glob.glob(os.path.join(a.source, "*", "*-leicestershire-street.csv"))):
    with open(path, newline="") as f:
        r = csv.reader(f); header = next(r); pool.extend(r)
per = a.rows // a.months
for m in range(a.months):
    month = f"{2019 + m // 12}-{m % 12 + 1:02d}"
    d = os.path.join(a.out, month); os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"{month}-leicestershire-street.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n"); w.writerow(header)
        n = per + (a.rows - per * a.months if m == a.months - 1 else 0)
        for _ in range(n):
            row = list(rnd.choice(pool)); row[1] = month
            if row[0]: row[0] = "%064x" % rnd.getrandbits(256)
            w.writerow(row)
