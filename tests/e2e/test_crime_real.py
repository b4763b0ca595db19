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
