"""The crime engine on the real police.uk files in ../shared/data (skipped,
exit 77, when they are absent): per-month rows, ASB, No Location and
outside-LLR counts against the table in ../shared/data/README.md, SHA-256s
against the same table, and counts per district per month against an
independent computation here (Python's csv module over the same files and
the ONS lookups)."""
import csv
import glob
import json
import os
import re
import math
import sys
import unittest
from decimal import ROUND_HALF_UP, Decimal

sys.path.insert(0, os.path.dirname(__file__))
from peeltest import PeelCase, SOURCE, SHARED  # noqa: E402

DATA = os.path.join(SHARED, "data")
POLICE = os.path.join(DATA, "police-uk")
GEO = os.path.join(DATA, "geography")


def readme_table():
    """month -> (rows, asb, no_location, outside, sha256) for the Leicestershire files."""
    out = {}
    with open(os.path.join(DATA, "README.md"), encoding="utf-8") as f:
        for line in f:
            m = re.match(r"\| (\d{4}-\d{2}) \| `data/police-uk/\S+-leicestershire-street\.csv` \|"
                         r" \w+ \| (\d+) \| \d+ \| (\d+) \| (\d+) \| (\d+) \| \d+ \| `([0-9a-f]{64})`",
                         line)
            if m:
                out[m.group(1)] = tuple(int(m.group(i)) for i in (2, 3, 4, 5)) + (m.group(6),)
    return out


def lsoa_districts():
    """LSOA code -> district name, from the 2011 lookup and the 2021 GeoJSON properties."""
    names = {}
    with open(os.path.join(SOURCE, "demo", "area.csv"), newline="") as f:
        llr = {r["code"]: r["name"] for r in csv.DictReader(f) if r["kind"] == "district"}
    with open(os.path.join(GEO, "ons-lookups", "csv", "135.csv"), newline="") as f:
        for r in csv.DictReader(f):
            if r["LAD19CD"] in llr:
                names[r["LSOA11CD"]] = llr[r["LAD19CD"]]
    for path in glob.glob(os.path.join(GEO, "geo-lookups", "boundaries", "lsoa", "*.geojson")):
        with open(path) as f:
            for ft in json.load(f)["features"]:
                p = ft["properties"]
                if p["LADCD_ACTIVE"] in llr:
                    names[p["LSOA21CD"]] = llr[p["LADCD_ACTIVE"]]
    return names, set(llr.values())


def tenths(x):
    """To 1 dp, halves away from zero (docs/METHODS.md)."""
    return str(Decimal(x).quantize(Decimal("0.1"), ROUND_HALF_UP))


def month_span(first, last):
    y, m = map(int, first.split("-"))
    out = []
    while f"{y}-{m:02d}" <= last:
        out.append(f"{y}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


# docs/METHODS.md, outcome groups: the positive categories and the open ones
POSITIVE = {"Suspect charged", "Awaiting court outcome", "Court result unavailable",
            "Defendant sent to Crown Court", "Offender sent to prison",
            "Offender given suspended prison sentence", "Offender fined",
            "Offender given community sentence", "Offender given conditional discharge",
            "Offender given absolute discharge", "Offender ordered to pay compensation",
            "Offender otherwise dealt with", "Offender deprived of property",
            "Suspect charged as part of another case", "Offender given a caution",
            "Offender given a drugs possession warning", "Offender given penalty notice",
            "Local resolution"}
OPEN = {"Under investigation", "Status update unavailable"}


@unittest.skipUnless(os.path.isdir(POLICE), "no ../shared/data")
class RealDataTest(PeelCase):
    @classmethod
    def setUpClass(cls):
        cls.files = sorted(glob.glob(os.path.join(POLICE, "*", "*-leicestershire-street.csv")))

    def setUp(self):
        super().setUp()
        self.peel("init")
        self.peel("import", "area", os.path.join(SOURCE, "demo", "area.csv"))
        self.peel("area", "import", os.path.join(GEO, "ons-lookups", "csv", "135.csv"),
                  *sorted(glob.glob(os.path.join(GEO, "geo-lookups", "boundaries", "lsoa",
                                                 "*.geojson"))))
        self.peel("crime", "import", *self.files)

    def js(self, *args):
        out, _ = self.peel(*args, "--format", "json")
        return json.loads(out)["rows"]

    def test_per_month_counts_match_the_readme(self):
        table = readme_table()
        self.assertEqual(len(table), 33)
        months = {r["month"]: r for r in self.js("crime", "summary") if r["crimes"] is not None}
        asb = {r["month"]: r["crimes"] + r["no_location"] + r["outside_area"]
               for r in self.js("crime", "summary", "--type", "Anti-social behaviour")
               if r["crimes"] is not None}
        imports = {r["month"]: r for r in self.js("crime", "imports")}
        for month, (rows, n_asb, noloc, outside, sha) in table.items():
            with self.subTest(month=month):
                r = months[month]
                self.assertEqual(r["no_location"], noloc)
                self.assertEqual(r["outside_area"], outside)
                self.assertEqual(r["crimes"] + noloc + outside, rows)
                self.assertEqual(imports[month]["rows"], rows)
                self.assertEqual(imports[month]["sha256"], sha)
                self.assertEqual(asb[month], n_asb)
        self.assertEqual(len(months), 33)

    def test_district_counts_match_an_independent_count(self):
        names, llr = lsoa_districts()
        want = {}
        for path in self.files:
            with open(path, newline="") as f:
                for r in csv.DictReader(f):
                    d = names.get(r["LSOA code"])
                    if d is None and r["LSOA name"]:
                        guess = r["LSOA name"][:-5]
                        d = guess if guess in llr else None
                    if d:
                        want[(r["Month"], d)] = want.get((r["Month"], d), 0) + 1
        got = {(r["month"], r["name"]): r["crimes"]
               for r in self.js("crime", "summary", "--by", "month,area")
               if r["code"] and r["crimes"]}
        self.assertEqual(got, want)

    def hotspots_by_hand(self, district, now, before):
        """Repeat locations computed here from the CSV (docs/METHODS.md): crimes
        in the district's LSOAs by map point; each point in the LSOA of its
        latest crime; blank descriptions apart; map points with crimes now."""
        names, llr = lsoa_districts()
        points, blank, by_code = {}, [0, 0], {}
        for path in self.files:
            with open(path, newline="") as f:
                for r in csv.DictReader(f):
                    m = r["Month"]
                    if not (now[0] <= m <= now[1] or before[0] <= m <= before[1]):
                        continue
                    d = names.get(r["LSOA code"])
                    if d is None and r["LSOA name"]:
                        d = r["LSOA name"][:-5] if r["LSOA name"][:-5] in llr else None
                    if d != district or not r["Longitude"]:
                        continue
                    is_now = now[0] <= m <= now[1]
                    if r["Location"].rstrip() in ("", "On or near"):
                        blank[0 if is_now else 1] += 1
                        continue
                    p = points.setdefault((r["Location"], r["Longitude"], r["Latitude"]),
                                          {"last": "", "lsoa": None, "now": 0, "before": 0})
                    if m >= p["last"]:
                        p["last"], p["lsoa"] = m, r["LSOA code"]
                    p["now" if is_now else "before"] += 1
                    if not is_now:  # what matching by LSOA code would give
                        key = (r["Location"], r["LSOA code"])
                        by_code[key] = by_code.get(key, 0) + 1
        want = {}
        for (loc, _, _), p in points.items():
            w = want.setdefault((loc, p["lsoa"]), [0, 0, 0])
            w[0] += p["now"]
            w[1] += p["before"]
            w[2] += p["now"] > 0
        return {k: tuple(v) for k, v in want.items() if v[0] > 0}, tuple(blank), by_code

    def test_repeat_locations_across_the_lsoa_switch(self):
        # Default period: 2023-05 to 2024-04 (2021 LSOA codes) against 2022-05
        # to 2023-04 (2011 codes).  No calendar month holds data in both, so
        # no count before is given (docs/METHODS.md); each map point's crimes
        # still count in the LSOA of its latest crime.
        want, _, by_code = self.hotspots_by_hand("Leicester", ("2023-05", "2024-04"),
                                                 ("2022-05", "2023-04"))
        out, _ = self.peel("crime", "hotspots", "--area", "Leicester", "--limit", "10000",
                           "--format", "json")
        doc = json.loads(out)
        got = {(r["location"], r["lsoa_code"]): (r["crimes"], r["map_points"])
               for r in doc["rows"]}
        self.assertEqual(got, {k: (v[0], v[2]) for k, v in want.items()})
        self.assertFalse([r for r in doc["rows"] if r["crimes_before"] is not None])
        self.assertIn("No comparison with the period before", doc["notes"])
        # the matching by map point matters here: hundreds of Leicester's map
        # points have another LSOA code on each side of the switch
        moved = [k for k, v in want.items() if v[1] != by_code.get(k, 0)]
        self.assertGreater(len(moved), 100)

    def test_blank_locations_are_not_hotspots(self):
        # 2021-12 to 2022-11 holds the five months of "On or near " rows.
        want, blank, _ = self.hotspots_by_hand("Blaby", ("2021-12", "2022-11"),
                                            ("2020-12", "2021-11"))
        out, _ = self.peel("crime", "hotspots", "--area", "Blaby", "--to", "2022-11",
                           "--limit", "10000", "--format", "json")
        doc = json.loads(out)
        self.assertFalse([r for r in doc["rows"] if r["location"].rstrip() == "On or near"])
        got = {(r["location"], r["lsoa_code"]): (r["crimes"], r["crimes_before"], r["map_points"])
               for r in doc["rows"]}
        self.assertEqual(got, want)
        self.assertGreater(blank[0], 100)
        self.assertIn(f"Location not described: {blank[0]} crimes in the period ({blank[1]} in "
                      "the period before)", doc["notes"])

    def test_reimport_changes_nothing(self):
        before = self.dump()
        out, _ = self.peel("crime", "import", POLICE + "/2022-01", POLICE + "/2024-02")
        self.assertIn("unchanged", out)
        self.assertEqual(self.dump(), before)

    def test_pack_for_a_district(self):
        out = os.path.join(self.dir, "melton.html")
        self.peel("crime", "pack", "--area", "melton", "--out", out, "--boundaries",
                  os.path.join(GEO, "geo-lookups", "boundaries"))
        with open(out, encoding="utf-8") as f:
            page = f.read()
        codes = set(re.findall(r'data-code="(E\d+)"', page))  # map regions
        self.assertEqual(len(codes), 30)
        # The 12-month sections say how many of their months hold data: the
        # months of the street files, counted here from the folder names.
        months = sorted(readme_table())
        y, m = map(int, months[-1].split("-"))
        start = (y - 1, m + 1) if m < 12 else (y, 1)
        in12 = [x for x in months if tuple(map(int, x.split("-"))) >= start]
        if len(in12) < 12:
            self.assertIn(f"(12 months); street data was imported for {len(in12)} of them",
                          page)


    def test_figures_follow_the_methods(self):
        """Coverage, like-for-like comparison, small bases, SPC and the outcome
        rate on the real files, each computed here from the CSVs."""
        names, llr = lsoa_districts()
        rows = []  # (month, district, location, lsoa code, type, outcome)
        for path in self.files:
            with open(path, newline="") as f:
                for r in csv.DictReader(f):
                    d = names.get(r["LSOA code"])
                    if d is None and r["LSOA name"]:
                        guess = r["LSOA name"][:-5]
                        d = guess if guess in llr else None
                    rows.append((r["Month"], d, r["Location"], r["LSOA code"], r["Crime type"],
                                 r["Last outcome category"]))
        have = set(readme_table())
        last = max(have)

        # Repeat locations in Rutland: the 12 months to 2024-04 hold 4 months of
        # data, the 12 before them 7, and no calendar month holds data in both.
        this = month_span("2023-05", last)
        before = month_span("2022-05", "2023-04")
        self.assertEqual(sum(m in have for m in this), 4)
        self.assertEqual(sum(m in have for m in before), 7)
        self.assertFalse([m for m, b in zip(this, before) if m in have and b in have])
        out = json.loads(self.peel("crime", "hotspots", "--area", "Rutland", "--format",
                                   "json")[0])
        want = {}
        for month, d, loc, code, _, _ in rows:
            if d == "Rutland" and month in this and code:
                want[(loc, code)] = want.get((loc, code), 0) + 1
        self.assertTrue(out["rows"])
        for r in out["rows"]:
            self.assertEqual(r["crimes"], want[(r["location"], r["lsoa_code"])])
            self.assertIsNone(r["crimes_before"])
            self.assertEqual(r["change_pct"], "n/a")
        self.assertIn("No comparison with the period before: no calendar month holds data in "
                      "both (this period 4 month(s), the period before 7)", out["notes"])

        # Melton, 12 months to 2022-11 against the 12 before: every month holds
        # data in both, so the change is like for like; small bases carry no %.
        this = month_span("2021-12", "2022-11")
        before = month_span("2020-12", "2021-11")
        now_n, bef_n = {}, {}
        for month, d, loc, code, _, _ in rows:
            if d == "Melton" and code:
                for span, n in ((this, now_n), (before, bef_n)):
                    if month in span:
                        n[(loc, code)] = n.get((loc, code), 0) + 1
        out = json.loads(self.peel("crime", "hotspots", "--area", "Melton", "--to", "2022-11",
                                   "--limit", "200", "--format", "json")[0])
        small = 0
        for r in out["rows"]:
            key = (r["location"], r["lsoa_code"])
            b = bef_n.get(key, 0)
            self.assertEqual((r["crimes"], r["crimes_compared"], r["crimes_before"]),
                             (now_n[key], now_n[key], b), key)
            if b == 0:
                self.assertEqual(r["change_pct"], "n/a")
            elif b < 10:
                small += 1
                self.assertEqual(r["change_pct"], "n/a (base under 10)")
            else:
                q = int((Decimal(now_n[key] - b) * 100 / b).quantize(Decimal(1), ROUND_HALF_UP))
                self.assertEqual(r["change_pct"], f"{q:+d}%" if q else "0%")
        self.assertGreater(small, 0)
        self.assertIn("The change compares the same calendar months", out["notes"])

        # A Rutland total over 2022-04 to 2024-04 says how many months hold data.
        span = month_span("2022-04", last)
        k = sum(m in have for m in span)
        out = json.loads(self.peel("crime", "summary", "--area", "Rutland", "--by", "type",
                                   "--from", "2022-04", "--format", "json")[0])
        self.assertIn(f"{k} of its {len(span)} months hold data (none for 2022-12 to 2023-12)",
                      out["notes"])
        self.assertEqual(sum(r["crimes"] for r in out["rows"]),
                         sum(1 for r in rows if r[1] == "Rutland" and r[0] in span))

        # Positive outcome rate in Melton, 2024: over crimes with a final outcome.
        outcomes = [r[5] for r in rows if r[1] == "Melton" and r[0] >= "2024-01" and r[5]]
        final = [o for o in outcomes if o not in OPEN]
        pos = sum(1 for o in final if o in POSITIVE)
        open_ = len(outcomes) - len(final)
        out = json.loads(self.peel("crime", "outcomes", "--area", "Melton", "--from", "2024-01",
                                   "--format", "json")[0])
        self.assertIn(f"Positive outcome rate: {tenths(Decimal(pos) * 100 / len(final))}% "
                      f"({pos} of the {len(final)} crimes with a final outcome)", out["notes"])
        self.assertIn(f"{open_} of {len(outcomes)} crimes "
                      f"({tenths(Decimal(open_) * 100 / len(outcomes))}%)", out["notes"])

        # every outcome category in the files has its group
        out = json.loads(self.peel("crime", "outcomes", "--format", "json")[0])
        self.assertEqual({r["outcome"] for r in out["rows"]}, {r[5] for r in rows if r[5]})
        self.assertNotIn("Not a category peel knows", {r["group"] for r in out["rows"]})

        # SPC: the baseline is 2021-05 to 2022-04 (35 months before 2024-04) for
        # the command and the pack alike.
        base = month_span("2021-05", "2022-04")
        melton = [sum(1 for r in rows if r[1] == "Melton" and r[0] == m) for m in base]
        mean = Decimal(sum(melton)) / 12
        mr = Decimal(sum(abs(a - b) for a, b in zip(melton[1:], melton))) / 11
        out = json.loads(self.peel("crime", "spc", "--area", "Melton", "--format", "json")[0])
        first = out["rows"][0]
        self.assertEqual((first["mean"], first["upper_limit"], first["lower_limit"]),
                         (tenths(mean), tenths(mean + Decimal("2.66") * mr),
                          tenths(max(mean - Decimal("2.66") * mr, 0))))
        self.assertIn("baseline 2021-05 to 2022-04", out["notes"])
        page = os.path.join(self.dir, "melton-spc.html")
        self.peel("crime", "pack", "--area", "Melton", "--out", page)
        with open(page, encoding="utf-8") as f:
            spc = f.read()
        spc = spc[spc.index("Crimes per month, mean and control limits"):]
        cells = re.findall(r"<td[^>]*>(.*?)</td>", re.findall(r"<tr>(.*?)</tr>", spc)[1])
        self.assertEqual(cells[2:5], [tenths(mean), first["lower_limit"],
                                      first["upper_limit"]])
        # Robbery in Rutland averages well under 5 a month: no XmR chart
        rob = [sum(1 for r in rows if r[1] == "Rutland" and r[0] == m and r[4] == "Robbery")
               for m in base]
        rmean = sum(rob) / 12
        out = json.loads(self.peel("crime", "spc", "--area", "Rutland", "--type", "Robbery",
                                   "--format", "json")[0])
        if rmean < 1:
            self.assertIn("Too sparse for a control chart", out["notes"])
            self.assertFalse(any(r["signal"] for r in out["rows"]))
        else:
            self.assertIn("c-chart", out["notes"])
            self.assertEqual(out["rows"][0]["upper_limit"],
                             tenths(Decimal(repr(rmean + 3 * math.sqrt(rmean)))))

        # Retired LSOAs: Leicester in 2024 lists its 2021 LSOAs and those
        # with crimes, not the 2011 codes retired in 2021.
        with open(os.path.join(GEO, "ons-lookups", "csv", "135.csv"), newline="") as f:
            codes11 = {r["LSOA11CD"] for r in csv.DictReader(f) if r["LAD19CD"] == "E06000016"}
        with open(os.path.join(GEO, "geo-lookups", "boundaries", "lsoa",
                               "E06000016.geojson")) as f:
            codes21 = {ft["properties"]["LSOA21CD"] for ft in json.load(f)["features"]}
        with_crimes = {r[3] for r in rows if r[1] == "Leicester" and r[0] >= "2024-01"}
        out = json.loads(self.peel("crime", "summary", "--area", "Leicester", "--by", "area",
                                   "--from", "2024-01", "--format", "json")[0])
        self.assertEqual({r["code"] for r in out["rows"]}, codes21 | with_crimes)
        hidden = (codes11 - codes21) - with_crimes
        self.assertTrue(hidden)
        self.assertIn(f"{len(hidden)} LSOA(s) of the 2011 census that were retired in 2021",
                      out["notes"])

        # 2024-01 with another force's file: counted in it, and said so.
        btp = os.path.join(POLICE, "2024-01", "2024-01-btp-street.csv")
        with open(btp, newline="") as f:
            extra = sum(1 for r in csv.DictReader(f) if names.get(r["LSOA code"]) == "Leicester")
        self.assertGreater(extra, 0)
        self.peel("crime", "import", btp)
        out2 = json.loads(self.peel("crime", "summary", "--area", "Leicester", "--by", "type",
                                    "--from", "2024-01", "--format", "json")[0])
        self.assertEqual(sum(r["crimes"] for r in out2["rows"]),
                         len([r for r in rows if r[1] == "Leicester" and r[0] >= "2024-01"])
                         + extra)
        self.assertIn("2024-01 holds the street files of 2 forces, other months here 1",
                      out2["notes"])


if __name__ == "__main__":
    if not os.path.isdir(POLICE):
        print("skipped: no ../shared/data")
        sys.exit(77)
    unittest.main(verbosity=2)
