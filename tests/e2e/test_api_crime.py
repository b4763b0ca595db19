"""The crime figures' JSON twins (/api/v1/crime/..., src/web/api_crime.c)
against the command and against counts made here from the CSV files: the
force and its districts (demo/area.csv), the LSOA lookup sample, the
police.uk street sample for January 2022 and street files written here for
2021 (June left out, so some comparisons cannot be made), plus the
committed outcomes and stop-and-search files for February 2022.

- every twin answers the public without signing in;
- the rows are the command's (`peel crime FIGURE --format json`, and the
  CSV), and summary and compare equal counts of the CSV rows made here;
- the notes the command prints (coverage, small base) are in meta;
- an unknown parameter, a bad month, limit or choice is a 400 naming it;
- paging with _page and _per; an unpublished area is no area for the
  public; the OpenAPI document lists every twin with its parameters;
- before any import, months is empty and the figures say why."""
import csv
import hashlib
import io
import json
import os
import subprocess
from decimal import ROUND_HALF_UP, Decimal

from peelweb import PEEL, WebCase, main

SOURCE = os.environ.get("PEEL_SOURCE", os.path.join(os.path.dirname(__file__), "..", ".."))
DATA = os.path.join(SOURCE, "tests", "data")
SAMPLE = os.path.join(DATA, "police-uk-sample", "2022-01", "2022-01-leicestershire-street.csv")
LOOKUP = os.path.join(DATA, "crime", "ons-lookup-sample.csv")
OTHER = [os.path.join(DATA, "crime", "2022-02-leicestershire-outcomes.csv"),
         os.path.join(DATA, "crime", "2022-02-leicestershire-stop-and-search.csv")]
HEADER = ("Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,"
          "LSOA name,Crime type,Last outcome category,Context")
# 2021's street files written here: crimes in one Blaby LSOA; no June file.
COUNTS = {f"2021-{m:02d}": 20 + m for m in range(1, 13) if m != 6}
COUNTS["2021-01"] = 40
VEHICLE_JAN_2021 = 3  # of January 2021's 40: a base under 10 for --type
FIGURES = ("summary", "compare", "hotspots", "spc", "outcomes", "stops", "months")


def synthetic_month(month, n):
    rows = [HEADER]
    for i in range(n):
        kind = "Vehicle crime" if month == "2021-01" and i < VEHICLE_JAN_2021 else "Burglary"
        street = "On or near High Street" if i % 2 == 0 else f"On or near Road {i}"
        crime_id = hashlib.sha256(f"{month}/{i}".encode()).hexdigest()
        rows.append(f"{crime_id},{month},Leicestershire Police,Leicestershire Police,"
                    f"-1.217961,52.619800,{street},E01025631,Blaby 002A,{kind},"
                    "Under investigation,")
    return "\r\n".join(rows) + "\r\n"


def street_rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def as_numbers(rows, columns):
    """The command's JSON gives whole numbers as numbers and a decimal (a
    mean, a limit) as its text; the twin gives both as numbers."""
    numeric = {c["name"] for c in columns if c["numeric"]}
    out = []
    for r in rows:
        out.append({k: float(v) if k in numeric and isinstance(v, str) and v else v
                    for k, v in r.items()})
    return out


class CrimeApi(WebCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.files = {"2022-01": SAMPLE}
        folder = os.path.join(cls.srv.dir, "street")
        os.mkdir(folder)
        for month, n in COUNTS.items():
            path = os.path.join(folder, f"{month}-leicestershire-street.csv")
            with open(path, "w", newline="") as f:
                f.write(synthetic_month(month, n))
            cls.files[month] = path
        cls.srv.peel("import", "area", os.path.join(SOURCE, "demo", "area.csv"))
        cls.srv.peel("area", "import", LOOKUP)
        cls.srv.peel("crime", "import", *sorted(cls.files.values()), *OTHER)
        cls.srv.peel("set", "area", "E07000130", "publish=no")  # Charnwood
        with open(LOOKUP, newline="") as f:
            cls.district = {r["LSOA11CD"]: r["LAD19NM"] for r in csv.DictReader(f)}
        cls.rows = {m: street_rows(p) for m, p in cls.files.items()}

    def api(self, path, status=200, role="public"):
        r = self.api_client(role).get(path)
        self.assertEqual(r.status, status, r.text[:400])
        return r.json()

    def command(self, *args, fmt="json"):
        p = subprocess.run([PEEL, "--db", self.srv.db, "crime", *args, "--format", fmt],
                           capture_output=True, text=True, env=self.srv.env, timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr)
        if fmt == "json":
            return json.loads(p.stdout)
        return list(csv.DictReader(io.StringIO(p.stdout)))

    def assert_twin(self, path, *args):
        """The twin's rows and notes are the command's, for every row."""
        got = self.api(path + ("&" if "?" in path else "?") + "_per=500")
        cmd = self.command(*args)
        self.assertEqual(got["data"], as_numbers(cmd["rows"], got["meta"]["columns"]), path)
        self.assertEqual(got["total"], len(cmd["rows"]))
        self.assertEqual(got["meta"]["title"], cmd["title"])
        self.assertEqual(got["meta"]["notes"], [n for n in cmd["notes"].split("\n") if n])
        return got

    def assert_csv(self, got, *args):
        """The twin's rows are the command's CSV, cell for cell: a number
        the same number ("+161" is 161), null an empty cell."""
        rows = self.command(*args, fmt="csv")
        self.assertEqual(len(rows), len(got["data"]))
        for mine, theirs in zip(got["data"], rows):
            self.assertEqual(list(mine), list(theirs))
            for k, v in mine.items():
                if v is None:
                    self.assertEqual(theirs[k], "", k)
                elif isinstance(v, (int, float)):
                    self.assertEqual(float(theirs[k]), v, k)
                else:
                    self.assertEqual(theirs[k], v, k)

    # ---- every twin, for everyone ----

    def test_every_twin_answers_the_public(self):
        for fig in FIGURES:
            r = self.api_client("public").get(f"/api/v1/crime/{fig}")
            self.assertEqual(r.status, 200, f"{fig}: {r.text[:300]}")
            self.assertTrue(r.header("Content-Type").startswith("application/json"))
            got = r.json()
            self.assertEqual(sorted(got), ["data", "meta", "page", "per_page", "total"], fig)
            self.assertEqual((got["page"], got["per_page"]), (1, 50))
            # hotspots: the last 12 months by default, as the command
            self.assertEqual(got["meta"]["from"], "2021-02" if fig == "hotspots" else "2021-01",
                             fig)
            if fig != "months":
                self.assertEqual(got["meta"]["area"]["name"], "Leicestershire")
        err = self.api("/api/v1/crime/weekly", status=404)
        self.assertIn("summary, compare", err["error"]["message"])

    # ---- summary ----

    def test_summary_equals_the_command_and_the_csv(self):
        got = self.assert_twin("/api/v1/crime/summary", "summary")
        months = {r["month"]: r for r in got["data"]}
        self.assertEqual(len(months), 13)  # 2021-01 to 2022-01, June included
        self.assertIsNone(months["2021-06"]["crimes"])  # no file: not zero
        for month, rows in self.rows.items():
            r = months[month]
            self.assertEqual(r["crimes"] + r["no_location"] + r["outside_area"], len(rows), month)
            self.assertEqual(r["no_location"], sum(1 for x in rows if not x["LSOA code"]))
        meta = got["meta"]
        self.assertEqual((meta["from"], meta["to"], meta["months"]), ("2021-01", "2022-01", 13))
        self.assertEqual(meta["months_with_data"], 12)
        self.assertEqual(meta["months_without_data"], ["2021-06"])
        self.assertIn("12 of its 13 months hold data (none for 2021-06)", " ".join(meta["notes"]))
        # the CSV the command writes, cell for cell
        self.assert_csv(got, "summary")

    def test_summary_by_area_type_and_period(self):
        got = self.assert_twin("/api/v1/crime/summary?by=area&from=2022-01&to=2022-01",
                               "summary", "--by", "area", "--from", "2022-01", "--to", "2022-01")
        want = {}
        for r in self.rows["2022-01"]:
            name = self.district.get(r["LSOA code"], "No location" if not r["LSOA code"]
                                     else "Outside the force area")
            want[name] = want.get(name, 0) + 1
        self.assertEqual({r["name"]: r["crimes"] for r in got["data"] if r["crimes"]}, want)
        self.assertEqual(got["meta"]["by"], "area")
        got = self.assert_twin("/api/v1/crime/summary?by=type&area=blaby",
                               "summary", "--by", "type", "--area", "blaby")
        self.assertEqual(got["meta"]["area"], {"name": "Blaby", "code": "E07000129",
                                               "kind": "district"})
        blaby = [r for rows in self.rows.values() for r in rows
                 if self.district.get(r["LSOA code"]) == "Blaby"]
        types = {}
        for r in blaby:
            types[r["Crime type"]] = types.get(r["Crime type"], 0) + 1
        self.assertEqual({r["type"]: r["crimes"] for r in got["data"] if r["crimes"]}, types)
        got = self.assert_twin("/api/v1/crime/summary?type=burglary&from=2021-02",
                               "summary", "--type", "burglary", "--from", "2021-02")
        self.assertEqual(got["meta"]["type"], "Burglary")
        self.assertEqual(got["data"][0]["crimes"], COUNTS["2021-02"])

    # ---- compare ----

    def test_compare_equals_the_command_and_the_csv(self):
        got = self.assert_twin("/api/v1/crime/compare", "compare")
        month, year, fytd = got["data"]
        placed = [r for r in self.rows["2022-01"] if r["LSOA code"] in self.district]
        self.assertEqual(month["period"], "2022-01")
        self.assertEqual(month["crimes"], len(placed))
        self.assertEqual(month["crimes_before"], COUNTS["2021-01"])
        self.assertEqual(month["change"], len(placed) - COUNTS["2021-01"])
        # the change as a percentage, rounded half away from zero to the
        # places the text gives (docs/METHODS.md), with its sign
        text = month["change_pct"].rstrip("%")
        places = Decimal(1).scaleb(-len(text.partition(".")[2]))
        pct = (Decimal(len(placed) - COUNTS["2021-01"]) * 100 / COUNTS["2021-01"])
        self.assertEqual(Decimal(text), pct.quantize(places, rounding=ROUND_HALF_UP))
        self.assertTrue(text.startswith("+"))
        # June 2021 has no file: the 12 months and the year to date are not
        # like for like, and say so instead of a figure
        for row in (year, fytd):
            self.assertIsNone(row["crimes"])
            self.assertEqual(row["change_pct"], "n/a")
            self.assertIn("not like for like", row["note"])
        self.assertEqual(got["meta"]["month"], "2022-01")
        self.assertEqual(got["meta"]["small_base"], 10)
        self.assert_csv(got, "compare")

    def test_compare_small_base_has_no_percentage(self):
        got = self.assert_twin("/api/v1/crime/compare?type=Vehicle%20crime",
                               "compare", "--type", "Vehicle crime")
        month = got["data"][0]
        self.assertEqual(month["crimes_before"], VEHICLE_JAN_2021)
        self.assertEqual(month["crimes"], sum(
            1 for r in self.rows["2022-01"]
            if r["Crime type"] == "Vehicle crime" and r["LSOA code"] in self.district))
        self.assertEqual(month["change_pct"], "n/a (base under 10)")
        self.assertIn("not given where it is under 10", " ".join(got["meta"]["notes"]))

    def test_compare_at_a_month(self):
        got = self.api("/api/v1/crime/compare?month=2021-12")
        cmd = self.command("compare", "--to", "2021-12")
        self.assertEqual(got["data"], cmd["rows"])
        self.assertEqual(got["meta"]["month"], "2021-12")
        err = self.api("/api/v1/crime/compare?month=2021-12&to=2021-11", status=400)
        self.assertEqual(err["error"]["field"], "month")

    # ---- the other figures ----

    def test_other_figures_equal_the_command(self):
        self.assert_twin("/api/v1/crime/hotspots", "hotspots")
        self.assert_twin("/api/v1/crime/hotspots?limit=3&area=Blaby&from=2021-01",
                         "hotspots", "--limit", "3", "--area", "Blaby", "--from", "2021-01")
        got = self.assert_twin("/api/v1/crime/spc", "spc")
        self.assertTrue(all(isinstance(r["crimes"], (int, type(None))) for r in got["data"]))
        self.assert_twin("/api/v1/crime/spc?baseline_from=2021-01&baseline_to=2021-05",
                         "spc", "--baseline-from", "2021-01", "--baseline-to", "2021-05")
        self.assert_twin("/api/v1/crime/outcomes?from=2022-01", "outcomes", "--from", "2022-01")
        self.assert_twin("/api/v1/crime/outcomes?positive=Suspect%20charged",
                         "outcomes", "--positive", "Suspect charged")
        got = self.assert_twin("/api/v1/crime/stops?by=object", "stops", "--by", "object")
        self.assertEqual(got["meta"]["months_of"], "stop-and-search")

    def test_months_lists_every_month_and_the_gaps(self):
        got = self.api("/api/v1/crime/months")
        self.assertEqual([r["month"] for r in got["data"]],
                         [f"2021-{m:02d}" for m in range(1, 13)] + ["2022-01", "2022-02"])
        june = next(r for r in got["data"] if r["month"] == "2021-06")
        self.assertEqual((june["street"], june["street_forces"]), (False, 0))
        feb = got["data"][-1]
        self.assertEqual((feb["street"], feb["outcomes"], feb["stop_and_search"]),
                         (False, True, True))
        kinds = got["meta"]["kinds"]
        self.assertEqual(kinds["street"]["months_with_data"], 12)
        self.assertEqual(kinds["street"]["months_without_data"], ["2021-06", "2022-02"])
        self.assertEqual(kinds["outcomes"]["months_without_data"], ["2021-01 to 2022-01"])
        got = self.api("/api/v1/crime/months?from=2020-11&to=2021-02")
        self.assertEqual([(r["month"], r["street"]) for r in got["data"]],
                         [("2020-11", False), ("2020-12", False), ("2021-01", True),
                          ("2021-02", True)])

    # ---- parameters ----

    def test_unknown_parameter_is_named(self):
        for fig in FIGURES:
            err = self.api(f"/api/v1/crime/{fig}?colour=red", status=400)
            self.assertEqual(err["error"]["field"], "colour", fig)
            self.assertIn("'colour'", err["error"]["message"])
        # a parameter of another twin is not one of this one's
        err = self.api("/api/v1/crime/stops?type=Burglary", status=400)
        self.assertEqual(err["error"]["field"], "type")

    def test_bad_values_are_named(self):
        for query, field in (("from=2022-13", "from"), ("to=January", "to"),
                             ("from=01%2F2022", "from"), ("to=2019-01", "to"),
                             ("from=2022-01&to=2021-12", "to"), ("by=weekday", "by"),
                             ("_per=0", "_per"), ("_page=x", "_page")):
            err = self.api("/api/v1/crime/summary?" + query, status=400)
            self.assertEqual(err["error"]["field"], field, query)
            self.assertEqual(err["error"]["code"], "invalid")
        err = self.api("/api/v1/crime/summary?from=2022-13", status=400)
        self.assertIn("there is no month 13", err["error"]["message"])
        err = self.api("/api/v1/crime/summary?by=weekday", status=400)
        self.assertEqual(err["error"]["message"], "by: 'weekday' is not one of month; type; "
                         "area; outcome; month,area; area,month; month,type; type,month")
        for path, field in (("compare?month=13%2F2022", "month"), ("hotspots?limit=0", "limit"),
                            ("spc?baseline_to=2021", "baseline_to"),
                            ("stops?by=height", "by"), ("months?from=2021-00", "from"),
                            ("summary?type=Piracy", "type")):
            err = self.api("/api/v1/crime/" + path, status=400)
            self.assertEqual(err["error"]["field"], field, path)

    def test_paging(self):
        full = self.api("/api/v1/crime/summary?_per=500")
        two = self.api("/api/v1/crime/summary?_per=2&_page=3")
        self.assertEqual((two["page"], two["per_page"], two["total"]), (3, 2, full["total"]))
        self.assertEqual(two["data"], full["data"][4:6])
        self.assertEqual(two["meta"], full["meta"])
        beyond = self.api("/api/v1/crime/summary?_page=99")
        self.assertEqual((beyond["data"], beyond["total"]), ([], full["total"]))
        # The names the answer uses page it too.
        same = self.api("/api/v1/crime/summary?per_page=2&page=3")
        self.assertEqual(same, two)
        err = self.api("/api/v1/crime/summary?per_page=0", status=400)
        self.assertEqual(err["error"]["field"], "per_page")

    def test_unpublished_area_is_no_area_for_the_public(self):
        for role in ("public", "panel"):
            err = self.api("/api/v1/crime/summary?area=Charnwood", status=404, role=role)
            self.assertEqual(err["error"]["field"], "area")
            self.assertNotIn("valid areas", err["error"]["message"])  # would name hidden ones
        got = self.api("/api/v1/crime/summary?area=Charnwood", role="staff")
        self.assertEqual(got["meta"]["area"]["code"], "E07000130")
        err = self.api("/api/v1/crime/summary?area=Atlantis", status=404, role="staff")
        self.assertEqual(err["error"]["field"], "area")

    def test_openapi_lists_every_twin(self):
        paths = self.openapi()["paths"]
        want = {"summary": {"area", "from", "to", "type", "by"},
                "compare": {"area", "from", "to", "type", "month"},
                "hotspots": {"area", "from", "to", "type", "limit"},
                "spc": {"area", "from", "to", "type", "baseline_from", "baseline_to"},
                "outcomes": {"area", "from", "to", "type", "positive"},
                "stops": {"area", "from", "to", "by"},
                "months": {"from", "to"}}
        for fig, params in want.items():
            op = paths[f"/api/v1/crime/{fig}"]["get"]
            names = {p["name"] for p in op["parameters"]}
            self.assertEqual(names, params | {"page", "per_page"}, fig)
            self.assertIn("400", op["responses"])
            self.assertTrue(op["summary"])


class NoCrimeData(WebCase):
    """Before any police.uk file is imported."""

    def test_no_data_yet(self):
        c = self.api_client("public")
        got = c.get("/api/v1/crime/months").json()
        self.assertEqual((got["data"], got["total"], got["meta"]["months"]), ([], 0, 0))
        self.assertIsNone(got["meta"]["from"])
        got = c.get("/api/v1/crime/months?from=2022-01").json()
        self.assertEqual([(r["month"], r["street"]) for r in got["data"]], [("2022-01", False)])
        r = c.get("/api/v1/crime/summary")
        self.assertEqual(r.status, 404, r.text)
        self.assertIn("no street crime data imported yet", r.json()["error"]["message"])


if __name__ == "__main__":
    main()
