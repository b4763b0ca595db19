"""Seed 000's protests table from records (`peel neighbourhood protests`,
the `demand` section's first table): every value and change computed here
on its own from demo/observation.csv with Python's fractions, a year held in
part (2024, to April) marked and compared with no whole year; a part year
compared like for like once the same months of the year before are held;
the public never sees an unpublished observation, nor a change that rests
on one; an unknown area is refused, naming it."""
import calendar
import csv
import io
import os
import unittest
from fractions import Fraction

import peeltest

SERIES = ("Protests", "Internationally inspired protests",
          "Protests with neighbourhood policing presence")
AREA = "E23000021"


def demo_rows():
    with open(os.path.join(peeltest.SOURCE, "demo", "observation.csv"), newline="") as f:
        return [r for r in csv.DictReader(f)
                if r["series"] in SERIES and r["area"] == AREA and r["publish"] == "yes"]


def pct1(before, now):
    """(now - before) / before in tenths of a percent, halves away from zero."""
    x = Fraction(now - before, before) * 1000
    n = abs(x)
    r = int(n) + (1 if n - int(n) >= Fraction(1, 2) else 0)
    r = r if x >= 0 else -r
    s = f"{abs(r) // 10}.{abs(r) % 10}%"
    return ("+" if r > 0 else "-" if r < 0 else "") + s


def expected(rows):
    """The table's CSV rows, worked out from observation rows."""
    def kind(r):
        y1, m1, d1 = map(int, r["period_from"].split("-"))
        y2, m2, d2 = map(int, r["period_to"].split("-"))
        if (m1, d1) != (1, 1) or y2 != y1 or d2 != calendar.monthrange(y2, m2)[1]:
            return None
        return y1, m2
    whole = {(r["series"], kind(r)[0]): int(r["value"]) for r in rows if kind(r) and kind(r)[1] == 12}
    last = max((y for _, y in whole), default=0)
    part = {(r["series"], kind(r)[0], kind(r)[1]): int(r["value"])
            for r in rows if kind(r) and kind(r)[1] < 12}
    cols = sorted({(y, 12) for _, y in whole} | {(y, m) for _, y, m in part if y > last})
    out = []
    for s in SERIES:
        for i, (y, m) in enumerate(cols):
            v = whole.get((s, y)) if m == 12 else part.get((s, y, m))
            if v is None:
                continue
            change = ""
            if i:
                py, pm = cols[i - 1]
                if m < 12:
                    base = part.get((s, y - 1, m))
                    change = "n/a (part year)" if base is None else pct1(base, v)
                elif py != y - 1:
                    change = "n/a (not the year before)"
                elif pm == 12 and (s, py) in whole:
                    b = whole[(s, py)]
                    change = "n/a (base under 10)" if b < 10 else pct1(b, v)
            to = f"{y}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}"
            out.append([s, str(y), f"{y}-01-01", to, "yes" if m < 12 else "no", str(v), change])
    return out


class Protests(peeltest.PeelCase):
    def setUp(self):
        super().setUp()
        self.peel("init")
        self.peel("demo")

    def table(self, *args):
        out, _ = self.peel(*args, "neighbourhood", "protests", "--format", "csv")
        rows = list(csv.reader(io.StringIO(out)))
        self.assertEqual(rows[0], ["series", "year", "period_from", "period_to", "part_year",
                                   "value", "change"])
        return rows[1:]

    def test_demo_table(self):
        rows = demo_rows()
        want = expected(rows)
        self.assertEqual(self.table(), want)
        self.assertEqual(self.table("--as", "public"), want)
        # the paper's own: +51% and +182% (paras 16, 17), 2024 to April a part year
        got = {(r[0], r[1]): r for r in want}
        self.assertEqual(got[("Protests", "2023")][6], "+51.4%")
        self.assertEqual(got[("Internationally inspired protests", "2023")][6], "+182.1%")
        self.assertEqual(got[("Protests", "2024")][3:6], ["2024-04-30", "yes", "61"])
        self.assertEqual(got[("Protests", "2024")][6], "n/a (part year)")
        out, _ = self.peel("neighbourhood", "protests")
        self.assertIn("2024 (January to April)", out)

    def test_like_for_like_and_public(self):
        add = ["add", "observation", "series=Protests", f"area={AREA}"]
        # January to April 2023: the 2024 part year is now compared with it
        self.peel(*add, "ref=T-P-2023-4", "period_from=2023-01-01", "period_to=2023-04-30",
                  "value=40", "publish=yes")
        # an unpublished year before the rest: staff only
        self.peel(*add, "ref=T-P-2021", "period_from=2021-01-01", "period_to=2021-12-31",
                  "value=50", "publish=no")
        rows = demo_rows() + [
            {"series": "Protests", "area": AREA, "period_from": "2023-01-01",
             "period_to": "2023-04-30", "value": "40", "publish": "yes"}]
        public = self.table("--as", "public")
        self.assertEqual(public, expected(rows))
        got = {(r[0], r[1]): r[6] for r in public}
        self.assertEqual(got[("Protests", "2024")], "+52.5%")  # 40 -> 61
        self.assertEqual(got[("Internationally inspired protests", "2024")], "n/a (part year)")
        self.assertEqual(got[("Protests", "2022")], "")
        self.assertNotIn("2021", [r[1] for r in public])
        staff = self.table()
        rows.append({"series": "Protests", "area": AREA, "period_from": "2021-01-01",
                     "period_to": "2021-12-31", "value": "50", "publish": "no"})
        self.assertEqual(staff, expected(rows))
        self.assertEqual({(r[0], r[1]): r[6] for r in staff}[("Protests", "2022")], "+44.0%")

    def test_unknown_area(self):
        _, err = self.peel("neighbourhood", "protests", "--area", "E99999999", status=2)
        self.assertIn("area", err)
        self.assertIn("E99999999", err)


if __name__ == "__main__":
    peeltest.main()
