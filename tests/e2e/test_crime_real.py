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
import sys
import unittest

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
        # to 2023-04 (2011 codes).
        want, _, by_code = self.hotspots_by_hand("Leicester", ("2023-05", "2024-04"),
                                                 ("2022-05", "2023-04"))
        out, _ = self.peel("crime", "hotspots", "--area", "Leicester", "--limit", "10000",
                           "--format", "json")
        got = {(r["location"], r["lsoa_code"]): (r["crimes"], r["crimes_before"], r["map_points"])
               for r in json.loads(out)["rows"]}
        self.assertEqual(got, want)
        # the matching by map point matters here: hundreds of Leicester's map
        # points have another LSOA code on each side of the switch
        moved = [k for k, v in got.items() if v[1] != by_code.get(k, 0)]
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
        codes = set(re.findall(r'data-lsoa="(E\d+)"', page))
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


if __name__ == "__main__":
    if not os.path.isdir(POLICE):
        print("skipped: no ../shared/data")
        sys.exit(77)
    unittest.main(verbosity=2)
