"""Safer Streets interventions, CSP allocations, contracts and budget lines
(issue 12): every rule refused naming the field with nothing saved; the
Safer Streets tracker worked out by hand on the test's own records (target,
delivered, %, spend, overdue) and its street crime before and after on the
police.uk fixture, counted here from the fixture CSV, never from peel; a
CSP's remaining budget and the budget by category worked by hand; a public
reader sees only published records, on the command line and the pages."""
import csv
import json
import os

import peeltest
import peelweb

NOW = "2024-11-01T12:00:00Z"
DATA = os.path.join(peeltest.SOURCE, "tests", "data")
SAMPLE = os.path.join(DATA, "police-uk-sample", "2022-01", "2022-01-leicestershire-street.csv")
LOOKUP = os.path.join(DATA, "crime", "ons-lookup-sample.csv")
BLABY = "E07000129"


def fixture_rows():
    with open(SAMPLE, newline="") as f:
        return list(csv.DictReader(f))


def lsoa_district():
    with open(LOOKUP, newline="") as f:
        return {r["LSOA11CD"]: r["LAD19CD"] for r in csv.DictReader(f)}


def second_month(folder):
    """A made-up 2022-02 file: the fixture's odd-numbered rows, re-dated,
    so that the period after holds data too."""
    rows = fixture_rows()[1::2]
    os.makedirs(os.path.join(folder, "2022-02"))
    path = os.path.join(folder, "2022-02", "2022-02-leicestershire-street.csv")
    with open(SAMPLE, newline="") as f:
        header = next(csv.reader(f))
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        for r in rows:
            r = dict(r, Month="2022-02")
            w.writerow([r[h] for h in header])
    return rows


class Base(peeltest.PeelCase):
    def setUp(self):
        super().setUp()
        self.env["PEEL_NOW"] = NOW
        self.peel("init")

    def add(self, *a):
        return self.peel("add", *a)[0].strip()

    def refused(self, field, *args, words=None):
        before = self.dump()
        _, err = self.peel(*args, status=2)
        self.assertIn(f"{field}:", err)
        if words:
            self.assertIn(words, err)
        self.assertEqual(self.dump(), before)
        return err

    def js(self, *args):
        return json.loads(self.peel(*args, "--format", "json")[0])


class Rules(Base):
    def setUp(self):
        super().setUp()
        self.add("fund", "name=Safer Streets 5", "publish=yes")

    def test_intervention_rules(self):
        iv = ("add", "intervention", "ref=I1", "fund=Safer Streets 5", "kind=target_hardening",
              "measure=Homes target hardened")
        self.refused("delivered", *iv, "target=400", "delivered=401", words="above the target")
        self.refused("spend", *iv, "budget=100", "spend=100.01", words="above the budget")
        self.refused("target", *iv, "target=-1")
        self.refused("delivered", *iv, "delivered=-1")
        self.refused("budget", *iv, "budget=-5")
        self.refused("spend", *iv, "spend=-0.01")
        self.refused("spend", *iv, "spend=1.001")
        self.refused("kind", "add", "intervention", "ref=I1", "kind=magic", "measure=x")
        # With a note saying why, above target and above budget are kept.
        self.add(*iv[1:], "target=400", "delivered=420", "budget=100", "spend=120",
                 "note=Event on 15 November delivered above target")
        # And an edit that breaks the rule is refused, the record unchanged.
        self.add("intervention", "ref=I2", "kind=cctv", "measure=Cameras", "target=20",
                 "delivered=5")
        self.refused("delivered", "set", "intervention", "I2", "delivered=21")

    def test_allocation_and_contract_rules(self):
        self.refused("area", "add", "allocation", "ref=A1", "year=2024-25", "amount=100")
        self.refused("amount", "add", "allocation", "ref=A1", "partnership=All CSPs",
                     "year=2024-25", "amount=-1")
        self.refused("year", "add", "allocation", "ref=A1", "partnership=All CSPs",
                     "year=2024", "amount=1")
        self.peel("import", "area", os.path.join(peeltest.SOURCE, "demo", "area.csv"))
        self.refused("area", "add", "allocation", "ref=A1", "area=E23000021", "year=2024-25",
                     "amount=1", words="not a district")
        self.add("allocation", "ref=A1", f"area={BLABY}", "year=2024-25", "amount=1")
        self.refused("year", "add", "allocation", "ref=A2", f"area={BLABY}", "year=2024-25",
                     "amount=2", words="already has an allocation")
        self.add("allocation", "ref=A2", f"area={BLABY}", "year=2025-26", "amount=2")
        self.refused("end", "add", "contract", "ref=C1", "service=Victim services",
                     "start=2015-04-01", "end=2015-03-31", words="before the start")
        self.refused("value", "add", "contract", "ref=C1", "service=Victim services",
                     "value=12.345")
        self.refused("amount", "add", "budget_line", "ref=B1", "year=2022-23",
                     "category=Prevention", "amount=-3")
        self.add("contract", "ref=C1", "service=Victim services", "start=2015-04-01",
                 "end=2016-03-31")


class WithCrime(Base):
    """Two months of street crime (the fixture, and half of it re-dated)."""
    def setUp(self):
        super().setUp()
        self.peel("import", "area", os.path.join(peeltest.SOURCE, "demo", "area.csv"))
        self.peel("area", "import", LOOKUP)
        folder = os.path.join(self.dir, "crime")
        os.makedirs(folder)
        os.makedirs(os.path.join(folder, "2022-01"))
        with open(SAMPLE, "rb") as f, \
                open(os.path.join(folder, "2022-01", os.path.basename(SAMPLE)), "wb") as g:
            g.write(f.read())
        self.feb = second_month(folder)
        self.peel("crime", "import", folder)
        self.add("fund", "name=Safer Streets 5", "publish=yes")
        self.add("fund", "name=Other Fund", "publish=yes")


class Tracker(WithCrime):
    def test_tracker_by_hand(self):
        # Target 400, delivered 300: 75.0%; spend £800 of £1,000; due 2024-03-31,
        # before today (2024-11-01) and short of target: overdue.
        self.add("intervention", "ref=SS5-1", "fund=Safer Streets 5", "kind=target_hardening",
                 "measure=Homes target hardened", "target=400", "delivered=300", "unit=homes",
                 "due=2024-03-31", "budget=1000", "spend=800", f"area={BLABY}", "publish=yes")
        # Target 130, delivered 115: 115/130 = 88.46...% -> 88.5%; due later: not overdue.
        self.add("intervention", "ref=SS5-2", "fund=Safer Streets 5", "kind=target_hardening",
                 "measure=Homes", "target=130", "delivered=115", "due=2025-03-31",
                 "publish=yes")
        # Target 5: too small for a percentage.  Delivered in full: not overdue.
        self.add("intervention", "ref=SS5-3", "fund=Safer Streets 5", "kind=training",
                 "measure=ASB training", "target=5", "delivered=5", "due=2024-01-31",
                 "publish=yes")
        self.add("intervention", "ref=OT-1", "fund=Other Fund", "kind=lighting",
                 "measure=Lights", "target=10", "delivered=1", "publish=yes")
        rows = {r["reference"]: r for r in self.js("commissioning", "tracker", "--fund",
                                                   "Safer Streets 5")["rows"]}
        self.assertEqual(sorted(rows), ["SS5-1", "SS5-2", "SS5-3"])
        r = rows["SS5-1"]
        self.assertEqual((r["target"], r["delivered"], r["pct_delivered"]), (400, 300, "75.0%"))
        self.assertEqual((r["budget_pence"], r["spend_pence"]), (100000, 80000))
        self.assertTrue(r["overdue"])
        self.assertEqual(rows["SS5-2"]["pct_delivered"], "88.5%")
        self.assertFalse(rows["SS5-2"]["overdue"])
        self.assertEqual(rows["SS5-3"]["pct_delivered"], "target under 10")
        self.assertFalse(rows["SS5-3"]["overdue"])
        _, err = self.peel("commissioning", "tracker", "--fund", "No Such Fund", status=2)
        self.assertIn("--fund", err)
        out = self.peel("commissioning", "tracker")[0]
        self.assertIn("OT-1", out)
        self.assertIn("target under 10", out)
        self.assertIn("overdue", out)

    def test_crime_before_and_after(self):
        lad = lsoa_district()
        jan = fixture_rows()
        want_before = sum(1 for r in jan if lad.get(r["LSOA code"]) == BLABY)
        want_after = sum(1 for r in self.feb if lad.get(r["LSOA code"]) == BLABY)
        self.assertTrue(want_before and want_after)
        self.add("intervention", "ref=SS5-1", "fund=Safer Streets 5", "kind=cctv",
                 "measure=Cameras", "target=20", "delivered=10", "due=2022-01-31",
                 f"area={BLABY}")
        # Two LSOAs given as text: the bid area.
        lsoas = sorted({r["LSOA code"] for r in jan if lad.get(r["LSOA code"]) == BLABY})[:2]
        self.add("intervention", "ref=SS5-2", "fund=Safer Streets 5", "kind=cctv",
                 "measure=Cameras", "target=20", "delivered=10", "due=2022-01-31",
                 "lsoas=" + " ".join(lsoas))
        rows = {r["reference"]: r for r in self.js(
            "commissioning", "tracker", "--before-from", "2021-12", "--before-to", "2022-01",
            "--after-from", "2022-02", "--after-to", "2022-03")["rows"]}
        r = rows["SS5-1"]
        self.assertTrue(r["area_is_district"])
        self.assertEqual(r["before"], {"from": "2021-12", "to": "2022-01", "crimes": want_before,
                                       "months": 2, "months_with_data": 1})
        self.assertEqual(r["after"], {"from": "2022-02", "to": "2022-03", "crimes": want_after,
                                      "months": 2, "months_with_data": 1})
        self.assertEqual(r["area_is"], "the district, not the bid area")
        r = rows["SS5-2"]
        self.assertFalse(r["area_is_district"])
        self.assertEqual(r["area_is"], "the bid area (its LSOAs)")
        self.assertEqual(r["before"]["crimes"],
                         sum(1 for x in jan if x["LSOA code"] in lsoas))
        self.assertEqual(r["after"]["crimes"],
                         sum(1 for x in self.feb if x["LSOA code"] in lsoas))
        out = self.peel("commissioning", "tracker", "--before-from", "2021-12", "--before-to",
                        "2022-01", "--after-from", "2022-02", "--after-to", "2022-03")[0]
        self.assertIn("the district, not the bid area", out)
        self.assertIn("1 of 2 months hold data", out)
        # By default: the 12 months before the due month and the 12 after it.
        r = {r["reference"]: r for r in self.js("commissioning", "tracker")["rows"]}["SS5-1"]
        self.assertEqual((r["before"]["from"], r["before"]["to"]), ("2021-01", "2021-12"))
        self.assertEqual((r["after"]["from"], r["after"]["to"]), ("2022-02", "2023-01"))
        self.assertEqual((r["before"]["crimes"], r["before"]["months_with_data"]), (0, 0))
        self.assertEqual((r["after"]["crimes"], r["after"]["months_with_data"]), (want_after, 1))
        # Periods of different lengths are refused: like with like.
        _, err = self.peel("commissioning", "tracker", "--before-from", "2021-11", "--before-to",
                           "2022-01", "--after-from", "2022-02", "--after-to", "2022-03",
                           status=2)
        self.assertIn("like with like", err)
        self.peel("commissioning", "tracker", "--before-from", "2021-12", status=2)


def winding(ring, x, y):
    """The winding number of ring about (x, y): nonzero inside."""
    w = 0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        cross = (x2 - x1) * (y - y1) - (x - x1) * (y2 - y1)
        if y1 <= y < y2 and cross > 0:
            w += 1
        elif y2 <= y < y1 and cross < 0:
            w -= 1
    return w


class Boundary(WithCrime):
    def test_crime_inside_a_drawn_boundary(self):
        rows = fixture_rows()
        lons = sorted(float(r["Longitude"]) for r in rows if r["Longitude"])
        lats = sorted(float(r["Latitude"]) for r in rows if r["Latitude"])
        x0, x1 = lons[len(lons) // 5], lons[4 * len(lons) // 5]
        y0, y1 = lats[len(lats) // 5], lats[4 * len(lats) // 5]
        xm, ym = (x0 + x1) / 2, (y0 + y1) / 2
        # A pentagon with a square hole in its middle.
        outer = [[x0, y0], [x1, y0], [x1, ym], [xm, y1], [x0, ym], [x0, y0]]
        dx, dy = (x1 - x0) / 8, (y1 - y0) / 8
        hole = [[xm - dx, ym - dy], [xm - dx, ym + dy], [xm + dx, ym + dy],
                [xm + dx, ym - dy], [xm - dx, ym - dy]]
        geo = json.dumps({"type": "Feature", "properties": {},
                          "geometry": {"type": "Polygon", "coordinates": [outer, hole]}})

        def inside(r):
            if not r["Longitude"]:
                return False
            x, y = float(r["Longitude"]), float(r["Latitude"])
            return winding(outer, x, y) != 0 and winding(hole, x, y) == 0

        want_before = sum(1 for r in rows if inside(r))
        want_after = sum(1 for r in self.feb if inside(r))
        self.assertTrue(want_before and want_after and want_before < len(rows))
        self.add("intervention", "ref=SS5-B", "fund=Safer Streets 5", "kind=cctv",
                 "measure=Cameras", "due=2022-01-31", f"area={BLABY}", "boundary=" + geo)
        r = {r["reference"]: r for r in self.js(
            "commissioning", "tracker", "--before-from", "2021-12", "--before-to", "2022-01",
            "--after-from", "2022-02", "--after-to", "2022-03")["rows"]}["SS5-B"]
        self.assertEqual(r["area_is"], "the bid area (its drawn boundary)")
        self.assertEqual((r["before"]["crimes"], r["before"]["months_with_data"]),
                         (want_before, 1))
        self.assertEqual((r["after"]["crimes"], r["after"]["months_with_data"]),
                         (want_after, 1))
        out = self.peel("commissioning", "tracker", "--before-from", "2021-12", "--before-to",
                        "2022-01", "--after-from", "2022-02", "--after-to", "2022-03")[0]
        self.assertIn("drawn boundary", out)

    def test_bad_boundaries_refused(self):
        iv = ("add", "intervention", "ref=SS5-X", "fund=Safer Streets 5", "kind=cctv",
              "measure=Cameras")
        square = [[-1.2, 52.6], [-1.1, 52.6], [-1.1, 52.7], [-1.2, 52.7]]
        for geo, words in (
                ("{not json", "not GeoJSON"),
                (json.dumps({"type": "Point", "coordinates": [-1.2, 52.6]}), "Polygon"),
                (json.dumps({"type": "Polygon", "coordinates": [square]}), "not closed"),
                (json.dumps({"type": "Polygon", "coordinates": [square[:2] + square[:1]]}),
                 "at least 4"),
                # latitude and longitude swapped: outside England and Wales
                (json.dumps({"type": "Polygon",
                             "coordinates": [[[y, x] for x, y in square + square[:1]]]}),
                 "outside England and Wales")):
            self.refused("boundary", *iv, "boundary=" + geo, words=words)



class CspAndBudget(Base):
    def test_csp_remaining_by_hand(self):
        self.peel("import", "area", os.path.join(peeltest.SOURCE, "demo", "area.csv"))
        self.add("fund", "name=CSP Fund", "publish=yes")
        self.add("organisation", "name=Blaby Council", "publish=yes")
        self.add("allocation", "ref=CSP-B", "fund=CSP Fund", f"area={BLABY}", "year=2024-25",
                 "amount=70000", "publish=yes")
        self.add("allocation", "ref=CSP-All", "fund=CSP Fund", "partnership=Rutland CSP",
                 "year=2024-25", "amount=1000.50", "publish=yes")
        self.add("allocation", "ref=CSP-B-old", "fund=CSP Fund", f"area={BLABY}",
                 "year=2023-24", "amount=5", "publish=yes")
        for ref, amount, on, pub in (("W1", "12000.25", "2024-05-01", "yes"),
                                     ("W2", "3000", "2025-03-31", "yes"),
                                     ("W3", "999", "2025-04-01", "yes"),
                                     ("W4", "100", "2024-06-01", "no")):
            self.add("award", f"ref={ref}", "organisation=Blaby Council", "fund=CSP Fund",
                     f"area={BLABY}", f"amount={amount}", f"awarded_on={on}", f"publish={pub}")
        self.add("award", "ref=W5", "organisation=Blaby Council", "fund=CSP Fund",
                 "area_served=Rutland CSP", "amount=500", "awarded_on=2024-07-01",
                 "publish=yes")
        v = self.js("commissioning", "csp", "--year", "2024-25")
        rows = {r["csp"]: r for r in v["rows"]}
        # Blaby: 70,000.00 - (12,000.25 + 3,000.00 + 100.00) = 54,899.75; W3 is 2025-26.
        self.assertEqual(rows["Blaby"]["allocation_pence"], 7000000)
        self.assertEqual(rows["Blaby"]["projects"], 3)
        self.assertEqual(rows["Blaby"]["remaining_pence"], 5489975)
        # Rutland CSP: 1,000.50 - 500.00 = 500.50.
        self.assertEqual(rows["Rutland CSP"]["remaining_pence"], 50050)
        self.assertEqual(v["remaining_pence"], 5489975 + 50050)
        # The public does not see the unpublished award W4: 54,999.75.
        v = json.loads(self.peel("--as", "public", "commissioning", "csp", "--year", "2024-25",
                                 "--format", "json")[0])
        self.assertEqual({r["csp"]: r["remaining_pence"] for r in v["rows"]}["Blaby"], 5499975)
        self.peel("commissioning", "csp", status=2)

    def test_budget_by_category(self):
        for cat, amount in (("Victim and Witnesses", "2400000"),
                            ("Vulnerability and Safeguarding", "700000"),
                            ("Prevention", "3000000"), ("Community Safety", "1100000"),
                            ("Other", "600000")):
            self.add("budget_line", f"ref=2022-23 {cat}", "year=2022-23", f"category={cat}",
                     f"amount={amount}", "publish=yes")
        self.add("budget_line", "ref=2022-23 Total", "year=2022-23",
                 "category=Total Commissioning Expenditure", "amount=7800000", "is_total=yes",
                 "publish=yes")
        self.add("budget_line", "ref=2022-23 Hidden", "year=2022-23", "category=Hidden",
                 "amount=1", "publish=no")
        v = json.loads(self.peel("--as", "public", "commissioning", "budget", "--year",
                                 "2022-23", "--format", "json")[0])
        # 2.4 + 0.7 + 3 + 1.1 + 0.6 = 7.8 (£m): agrees.
        self.assertEqual(v["sum_pence"], 780000000)
        self.assertEqual(v["printed_total_pence"], 780000000)
        self.assertTrue(v["agrees"])
        self.assertEqual(len(v["rows"]), 5)
        out = self.peel("commissioning", "budget", "--year", "2022-23")[0]
        self.assertIn("£7,800,001.00", out)
        self.assertIn("differs from the sum of the categories", out)


class Pages(peeltest.unittest.TestCase):
    def test_pages(self):
        srv = peelweb.Server()
        try:
            srv.peel("add", "fund", "name=Safer Streets 5", "publish=yes")
            srv.peel("add", "intervention", "ref=SS5-1", "fund=Safer Streets 5", "kind=cctv",
                     "measure=Published cameras", "target=20", "delivered=5", "publish=yes")
            srv.peel("add", "intervention", "ref=SS5-2", "fund=Safer Streets 5", "kind=cctv",
                     "measure=CANARY cameras", "target=20", "delivered=5", "publish=no")
            srv.peel("add", "allocation", "ref=A1", "partnership=CANARY CSP", "year=2024-25",
                     "amount=10", "publish=no")
            srv.peel("add", "allocation", "ref=A2", "partnership=Open CSP", "year=2024-25",
                     "amount=10", "publish=yes")
            srv.peel("add", "budget_line", "ref=B1", "year=2022-23", "category=CANARY line",
                     "amount=10", "publish=no")
            srv.peel("add", "budget_line", "ref=B2", "year=2022-23", "category=Prevention",
                     "amount=10", "publish=yes")
            pub, staff = srv.client(), srv.client("staff")
            r = pub.get("/commissioning/tracker")
            self.assertEqual(r.status, 200)
            self.assertIn("Published cameras", r.text)
            self.assertIn("25.0%", r.text)
            self.assertNotIn("CANARY", r.text)
            self.assertIn("CANARY", staff.get("/commissioning/tracker").text)
            self.assertEqual(pub.get("/commissioning/tracker?before_from=2022-01").status, 400)
            self.assertEqual(pub.get("/commissioning/tracker?colour=red").status, 400)
            self.assertEqual(pub.get("/commissioning/tracker?fund=Nope").status, 400)
            self.assertEqual(
                pub.get("/commissioning/tracker?fund=Safer+Streets+5").status, 200)
            self.assertIn("/commissioning/tracker", pub.get("/commissioning").text)
            r = pub.get("/api/v1/commissioning/tracker")
            self.assertEqual(r.status, 200)
            self.assertEqual([x["reference"] for x in r.json()["data"]], ["SS5-1"])
            self.assertEqual(r.json()["data"][0]["pct_delivered"], "25.0%")
            api = peelweb.Client(srv.port, token=srv.tokens["staff"])
            self.assertEqual(api.get("/api/v1/commissioning/tracker").json()["total"], 2)
            self.assertEqual(pub.get("/api/v1/commissioning/tracker?colour=red").status, 400)
            r = pub.get("/api/v1/commissioning/tracker?before_from=2022-01")
            self.assertEqual(r.status, 400)
            self.assertIn("/api/v1/commissioning/tracker",
                          pub.get("/api/v1/openapi.json").json()["paths"])
            r = pub.get("/commissioning/csp?year=2024-25")
            self.assertEqual(r.status, 200)
            self.assertIn("Open CSP", r.text)
            self.assertNotIn("CANARY", r.text)
            self.assertIn("CANARY", staff.get("/commissioning/csp?year=2024-25").text)
            self.assertEqual(pub.get("/commissioning/csp?year=2024").status, 400)
            r = pub.get("/commissioning/budget?year=2022-23")
            self.assertEqual(r.status, 200)
            self.assertIn("Prevention", r.text)
            self.assertNotIn("CANARY", r.text)
            self.assertIn("No printed total", r.text)
        finally:
            srv.stop()
            srv.cleanup()


if __name__ == "__main__":
    peeltest.main()
