"""Neighbourhood policing areas (issue 14): two NPAs defined over LSOAs of
the sample crime data, with establishment, deployments and the hours each
NPA gave to them, available hours and engagements.  The abstraction rate and
the street crime counts are checked against values computed here (the crime
by recounting the CSV rows, never from peel); the refusals name the field and
save nothing; a public reader never sees an unpublished engagement named or
counted; and with no NPA defined the command and the page say how to define
them."""
import csv
import json
import os
import sys
from decimal import ROUND_HALF_UP, Decimal

sys.path.insert(0, os.path.dirname(__file__))
import peeltest  # noqa: E402
import peelweb  # noqa: E402

DATA = os.path.join(peeltest.SOURCE, "tests", "data")
SAMPLE = os.path.join(DATA, "police-uk-sample", "2022-01", "2022-01-leicestershire-street.csv")
LOOKUP = os.path.join(DATA, "crime", "ons-lookup-sample.csv")
BLABY = "E07000129"


def pct(part, whole, sign=False):
    """part / whole * 100 to one decimal, halves away from zero (docs/METHODS.md)."""
    v = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if sign and v > 0:
        return f"+{v}%"
    return f"{v}%"


class Crime:
    """The sample month (2022-01) and a copy of its first 150 rows as 2021-01,
    so the last 12 months and the 12 before each hold one month of data; the
    NPAs' LSOAs chosen from Blaby's in the sample; counts recounted here."""

    def __init__(self, folder):
        with open(SAMPLE, newline="") as f:
            rows = list(csv.reader(f))
        self.header, self.rows = rows[0], rows[1:]
        self.before = [list(r) for r in self.rows[:150]]
        for r in self.before:
            r[0] = ("b" + r[0])[:64] if r[0] else ""
            r[1] = "2021-01"
        for month, rows in (("2022-01", self.rows), ("2021-01", self.before)):
            os.makedirs(os.path.join(folder, month), exist_ok=True)
            with open(os.path.join(folder, month, f"{month}-leicestershire-street.csv"), "w",
                      newline="") as f:
                w = csv.writer(f)
                w.writerow(self.header)
                w.writerows(rows)
        self.folder = folder
        with open(LOOKUP, newline="") as f:
            lookup = {r["LSOA11CD"]: r for r in csv.DictReader(f)}
        counts = {}
        for r in self.rows:
            if r[7] in lookup and lookup[r[7]]["LAD19CD"] == BLABY:
                counts[r[7]] = counts.get(r[7], 0) + 1
        busiest = sorted(counts, key=lambda c: (-counts[c], c))
        self.lsoas = {"T-NPA-A": busiest[:3], "T-NPA-B": busiest[-1:]}
        self.names = {c: lookup[c]["LSOA11NM"] for c in counts}

    def count(self, npa, rows):
        return sum(1 for r in rows if r[7] in self.lsoas[npa])


def populate(run, crime, publish_canary=False):
    """The NPAs, their records and the crime data, through the command line."""
    lines = ["code,name,kind,parent,npa,publish",
             f"T-NPA-A,Blaby Central,npa,{BLABY},,yes",
             f"T-NPA-B,Blaby Fringe,npa,{BLABY},,yes"]
    for npa, codes in crime.lsoas.items():
        lines += [f"{c},{crime.names[c]},lsoa,{BLABY},{npa},yes" for c in codes]
    path = write(os.path.dirname(crime.folder), "npa.csv", "\n".join(lines) + "\n")
    run("import", "area", path)
    run("crime", "import", crime.folder)
    add = lambda *a: run("add", *a)  # noqa: E731
    add("establishment", "ref=T-EST-1", "role=pcso", "area=T-NPA-A", "year=2022",
        "allocated=10", "funded=9", "actual=8", "publish=yes")
    add("establishment", "ref=T-EST-2", "role=pcso", "area=T-NPA-A", "year=2023",
        "allocated=12", "actual=11", "publish=yes")
    add("establishment", "ref=T-EST-3", "role=sergeant", "area=T-NPA-A", "year=2023",
        "funded=2", "publish=yes")
    deps = (("T-D1", "2023-07-15", 200), ("T-D2", "2023-08-20", 100), ("T-D3", "2023-05-01", 50),
            ("T-D4", "", 20), ("T-D5", "2022-06-01", 10))
    for ref, date, hours in deps:
        add("deployment", f"ref={ref}", f"name=Deployment {ref}", "kind=event",
            *([f"date={date}"] if date else []), f"hours={hours}", "publish=yes")
    for dep, npa, officers, hours in (("T-D1", "T-NPA-A", 10, 120), ("T-D1", "T-NPA-B", 4, 40),
                                      ("T-D2", "T-NPA-A", 8, 90), ("T-D3", "T-NPA-A", 3, 30),
                                      ("T-D4", "T-NPA-A", 1, 10), ("T-D5", "T-NPA-A", 1, 5)):
        add("deployment_npa", f"ref={dep}-{npa}", f"deployment={dep}", f"npa={npa}",
            f"officers={officers}", f"hours={hours}", "publish=yes")
    for npa, month, hours in (("T-NPA-A", "2023-07", 600), ("T-NPA-A", "2023-08", 500),
                              ("T-NPA-A", "2023-09", 430), ("T-NPA-B", "2023-09", 80)):
        add("available_hours", f"ref={npa}-{month}", f"npa={npa}", f"month={month}",
            f"hours={hours}", "publish=yes")
    add("engagement", "ref=T-ENG-1", "title=Street surgery in Blaby", "kind=surgery",
        "date=2023-06-10", f"district={BLABY}", "npa=T-NPA-A", "initiated_by=opcc_programme",
        "publish=yes")
    add("engagement", "ref=T-ENG-2", "title=CANARY-NPA-ENGAGEMENT", "kind=surgery",
        "date=2023-07-02", f"district={BLABY}", "npa=T-NPA-A", "initiated_by=opcc_programme",
        "publish=" + ("yes" if publish_canary else "no"))
    add("engagement", "ref=T-ENG-3", "title=An older surgery", "kind=surgery",
        "date=2021-06-10", f"district={BLABY}", "npa=T-NPA-A", "initiated_by=opcc_programme",
        "publish=yes")


def write(folder, name, text):
    path = os.path.join(folder, name)
    with open(path, "w", newline="") as f:
        f.write(text)
    return path


# By hand: NPA A's months with available hours in 2022-10..2023-09 are 2023-07,
# -08 and -09 (600 + 500 + 430 = 1530 hours); T-D1 (120) and T-D2 (90) fall in
# them: 210 / 1530 = 13.725...% -> 13.7%.  T-D3 (May, no available hours) and
# T-D4 (no date) are apart; T-D5 is before the period.
RATE_A = pct(210, 1530)


class NpaCli(peeltest.PeelCase):
    def setUp(self):
        super().setUp()
        self.peel("init")
        self.peel("import", "area", os.path.join(peeltest.SOURCE, "demo", "area.csv"))
        self.peel("area", "import", LOOKUP)

    def npa(self, *args, role=None):
        extra = ("--as", role) if role else ()
        out, _ = self.peel(*extra, "neighbourhood", "npa", *args, "--format", "json")
        return json.loads(out)

    def counts(self):
        return {t: self.sql(f'SELECT count(*) FROM "{t}"')[0][0]
                for t in ("deployment_npa", "available_hours", "deployment")}

    def test_empty_state(self):
        out, _ = self.peel("neighbourhood", "npa")
        self.assertIn("No neighbourhood policing area is defined", out)
        self.assertIn("code,name,kind,parent,npa", out)
        self.assertIn("peel import area", out)
        self.assertEqual(self.npa()["npas"], [])
        _, err = self.peel("neighbourhood", "npa", "T-NOPE", status=2)
        self.assertIn("no neighbourhood policing area 'T-NOPE'", err)

    def test_rate_crime_and_visibility(self):
        crime = Crime(os.path.join(self.dir, "crime"))
        populate(self.peel, crime)
        got = self.npa()
        self.assertEqual((got["from"], got["to"]), ("2022-10", "2023-09"))
        by = {n["code"]: n for n in got["npas"]}
        self.assertEqual(sorted(by), ["T-NPA-A", "T-NPA-B"])
        a, b = by["T-NPA-A"], by["T-NPA-B"]
        self.assertEqual(a["district"], "Blaby")

        ab = a["abstraction"]
        self.assertEqual((ab["months"], ab["months_held"]), (12, 3))
        self.assertEqual((ab["abstracted_hours"], ab["available_hours"]), (210, 1530))
        self.assertEqual(ab["rate"], RATE_A)
        self.assertEqual(RATE_A, "13.7%")
        self.assertEqual((ab["not_in_rate"], ab["not_in_rate_hours"]), (2, 40))
        deps = {d["ref"]: d["in_rate"] for d in ab["deployments"]}
        self.assertEqual(deps, {"T-D1": True, "T-D2": True, "T-D3": False, "T-D4": False})
        # B: 80 available hours is a tiny base; T-D1 is in a month B holds no hours for
        bb = b["abstraction"]
        self.assertIsNone(bb["rate"])
        self.assertIn("under 100", bb["why"])
        self.assertEqual((bb["months_held"], bb["available_hours"], bb["not_in_rate"]),
                         (1, 80, 1))
        # another period: no month holds available hours
        early = self.npa("T-NPA-A", "--from", "2021-01", "--to", "2021-12")["npas"][0]
        self.assertIsNone(early["abstraction"]["rate"])
        self.assertIn("no month", early["abstraction"]["why"])

        # establishment: the latest year of each role, the three numbers apart
        est = {e["role"]: e for e in a["establishment"]}
        self.assertEqual((est["PCSO"]["when"], est["PCSO"]["allocated"], est["PCSO"]["funded"],
                          est["PCSO"]["actual"]), ("2023", 12, None, 11))
        self.assertEqual((est["Sergeant"]["funded"], est["Sergeant"]["allocated"]), (2, None))
        self.assertEqual(b["establishment"], [])

        # street crime, recounted from the CSV rows
        for code, n in by.items():
            now, before = crime.count(code, crime.rows), crime.count(code, crime.before)
            c = n["crime"]
            self.assertTrue(c["counted"])
            self.assertEqual((c["last_12"]["from"], c["last_12"]["to"]), ("2021-02", "2022-01"))
            self.assertEqual((c["last_12"]["crimes"], c["last_12"]["months_held"]), (now, 1))
            self.assertEqual((c["before"]["crimes"], c["before"]["months_held"]), (before, 1))
            if before < 10:
                self.assertIsNone(c["change"])
                self.assertIn("under 10", c["why"])
            else:
                self.assertEqual(c["change"], pct(now - before, before, sign=True))
        self.assertGreaterEqual(crime.count("T-NPA-A", crime.before), 10)

        # engagements in the period: staff see both, the public only the published one
        self.assertEqual(a["engagements"]["count"], 2)
        self.assertIn("CANARY-NPA-ENGAGEMENT", json.dumps(a))
        for role in ("public", "panel"):
            pub = self.npa("T-NPA-A", role=role)["npas"][0]
            self.assertEqual(pub["engagements"]["count"], 1)
            self.assertEqual([e["ref"] for e in pub["engagements"]["list"]], ["T-ENG-1"])
            self.assertNotIn("CANARY", json.dumps(pub))
            out, _ = self.peel("--as", role, "neighbourhood", "npa", "T-NPA-A")
            self.assertNotIn("CANARY", out)
            self.assertIn("Engagements, October 2022 to September 2023: 1", out)
            out, _ = self.peel("--as", role, "neighbourhood", "npa", "--format", "csv")
            self.assertNotIn("CANARY", out)

        # the text and CSV forms say the same
        out, _ = self.peel("neighbourhood", "npa", "T-NPA-A", "--format", "text")
        self.assertIn(f"Abstraction rate, October 2022 to September 2023: {RATE_A}", out)
        self.assertIn("3 of the 12 months hold available hours", out)
        self.assertIn("not in the rate: the deployment has no date", out)
        out, _ = self.peel("neighbourhood", "npa", "--format", "csv")
        rows = {r["code"]: r for r in csv.DictReader(out.splitlines())}
        self.assertEqual(rows["T-NPA-A"]["rate"], RATE_A)
        self.assertEqual(rows["T-NPA-A"]["engagements"], "2")

    def refused(self, field, *args, cmd="add"):
        before = self.dump()
        _, err = self.peel(cmd, *args, status=2)
        self.assertIn(f"{field}:", err)
        self.assertEqual(self.dump(), before)
        return err

    def test_refusals_name_the_field(self):
        crime = Crime(os.path.join(self.dir, "crime"))
        populate(self.peel, crime)
        before = self.counts()
        err = self.refused("npa", "deployment_npa", "ref=T-X1", "deployment=T-D2", f"npa={BLABY}",
                           "hours=1")
        self.assertIn(f"{BLABY} is a district", err)
        self.refused("npa", "available_hours", "ref=T-X0", f"npa={BLABY}", "month=2023-01",
                     "hours=5")
        self.refused("hours", "deployment_npa", "ref=T-X2", "deployment=T-D2", "npa=T-NPA-B",
                     "hours=-1")
        self.refused("officers", "deployment_npa", "ref=T-X3", "deployment=T-D2", "npa=T-NPA-B",
                     "officers=-2", "hours=1")
        self.refused("hours", "available_hours", "ref=T-X4", "npa=T-NPA-B", "month=2023-01",
                     "hours=-5")
        # T-D2 has 100 hours; NPA A gave 90
        err = self.refused("hours", "deployment_npa", "ref=T-X5", "deployment=T-D2", "npa=T-NPA-B",
                           "hours=11")
        self.assertIn("would add up to 101, more than its own 100 hours", err)
        self.peel("add", "deployment_npa", "ref=T-X6", "deployment=T-D2", "npa=T-NPA-B",
                  "hours=10")
        # and from the deployment's side: its hours not below what the NPAs gave
        self.refused("hours", "deployment", "T-D2", "hours=99", cmd="set")
        err = self.refused("month", "available_hours", "ref=T-X7", "npa=T-NPA-A", "month=2023-08",
                           "hours=1")
        self.assertIn("already has its available hours for 2023-08", err)
        # the same month for another NPA is not a duplicate
        self.peel("add", "available_hours", "ref=T-X8", "npa=T-NPA-B", "month=2023-08",
                  "hours=300")
        after = self.counts()
        self.assertEqual(after["deployment_npa"], before["deployment_npa"] + 1)
        self.assertEqual(after["available_hours"], before["available_hours"] + 1)
        # a CSV with one bad row saves none of it
        before = self.dump()
        path = write(self.dir, "avh.csv", "ref,npa,month,hours\nT-X90,T-NPA-B,2023-05,100\n"
                                          "T-X91,T-NPA-B,2023-06,-4\n")
        _, err = self.peel("import", "available_hours", path, status=2)
        self.assertIn("hours", err)
        self.assertEqual(self.dump(), before)


class NpaWeb(peeltest.PeelCase):
    """The pages, as staff and as the public, from a running server."""

    @classmethod
    def setUpClass(cls):
        cls.server = peelweb.Server()

    @classmethod
    def tearDownClass(cls):
        rc = cls.server.stop()
        cls.server.cleanup()
        if rc != 0:
            raise AssertionError(f"peel serve exited {rc}:\n{cls.server.log()}")

    def test_pages(self):
        s = self.server
        staff, public = s.client("staff"), s.client()
        # empty: the list says how to define NPAs
        r = public.get("/neighbourhood/npas")
        self.assertEqual(r.status, 200)
        self.assertIn("No neighbourhood policing area is defined", r.text)
        self.assertIn("code,name,kind,parent,npa", r.text)
        self.assertEqual(staff.get("/neighbourhood/npa/T-NPA-A").status, 404)

        s.peel("import", "area", os.path.join(peeltest.SOURCE, "demo", "area.csv"))
        s.peel("area", "import", LOOKUP)
        crime = Crime(os.path.join(s.dir, "crime"))
        populate(s.peel, crime)

        r = staff.get("/neighbourhood/npas")
        self.assertEqual(r.status, 200)
        self.assertIn('href="/neighbourhood/npa/T-NPA-A"', r.text)
        self.assertIn("<caption", r.text)
        self.assertIn(RATE_A, r.text)
        self.assertIn("under 100", r.text)
        r = staff.get("/neighbourhood/npa/T-NPA-A")
        self.assertEqual(r.status, 200)
        self.assertIn(f'<strong id="rate">{RATE_A}</strong>', r.text)
        self.assertIn("3 of the 12 months hold available hours", r.text)
        self.assertIn('<span id="engagement-count">2</span>', r.text)
        self.assertIn("CANARY-NPA-ENGAGEMENT", r.text)
        self.assertIn(f"<td class=\"num\">{crime.count('T-NPA-A', crime.rows)}</td>", r.text)
        self.assertIn("2 deployments (40 hours) are not in the rate", r.text)
        # a deployment's page lists the NPAs it took officers from
        con = peeltest.connect(s.db)
        try:
            dep = con.execute("SELECT id FROM deployment WHERE ref = 'T-D1'").fetchone()[0]
        finally:
            con.close()
        r = staff.get(f"/records/deployment/{dep}")
        self.assertIn("Neighbourhood policing areas it took officers from", r.text)
        self.assertIn(">T-NPA-A</a></td><td>10</td><td>120</td>", r.text)
        self.assertIn(">T-NPA-B</a></td><td>4</td><td>40</td>", r.text)
        # another period, and a bad one
        r = staff.get("/neighbourhood/npa/T-NPA-A?from=2021-01&to=2021-12")
        self.assertIn("no month of the period holds available hours", r.text)
        self.assertEqual(staff.get("/neighbourhood/npa/T-NPA-A?from=2023-13").status, 400)
        self.assertEqual(staff.get("/neighbourhood/npas?to=x").status, 400)
        self.assertEqual(staff.get("/neighbourhood/npa/T-NOPE").status, 404)

        # the public: the published engagement only, neither named nor counted otherwise
        r = public.get("/neighbourhood/npa/T-NPA-A")
        self.assertEqual(r.status, 200)
        self.assertNotIn("CANARY", r.text)
        self.assertIn('<span id="engagement-count">1</span>', r.text)
        r = public.get("/neighbourhood/npas")
        self.assertNotIn("CANARY", r.text)
        # the front pages link to the list
        r = public.get("/neighbourhood/establishment")
        self.assertIn('href="/neighbourhood/npas"', r.text)


if __name__ == "__main__":
    peeltest.main()
