"""End-to-end tests of the crime engine on the committed fixtures: import,
idempotence, rejection of corrupted files with nothing changed, --skip-bad,
outcomes and stop-and-search files, worked examples for % change, rolling
totals and control limits (computed by hand here, never from peel), and the
performance pack's HTML and map, repeat locations grouped by street and
LSOA, the pack's headline month, and `peel area import` of a folder.
Real-data checks are in test_crime_real.py."""
import csv
import html.parser
import math
import json
import os
import re
import shutil
import sys
import unittest
from decimal import ROUND_HALF_UP, Decimal

sys.path.insert(0, os.path.dirname(__file__))
from peeltest import PG, PeelCase, SOURCE, connect, main, tables  # noqa: E402

DATA = os.path.join(SOURCE, "tests", "data")
SAMPLE = os.path.join(DATA, "police-uk-sample", "2022-01", "2022-01-leicestershire-street.csv")
CRIME = os.path.join(DATA, "crime")
HEADER = ("Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,"
          "LSOA name,Crime type,Last outcome category,Context")


def setup_areas(case):
    """The force and its nine districts (demo/area.csv), then the LSOA lookup sample."""
    case.peel("import", "area", os.path.join(SOURCE, "demo", "area.csv"))
    case.peel("area", "import", os.path.join(CRIME, "ons-lookup-sample.csv"))


class CrimeCase(PeelCase):
    def setUp(self):
        super().setUp()
        self.peel("init")
        setup_areas(self)

    def js(self, *args):
        out, _ = self.peel(*args, "--format", "json")
        return json.loads(out)["rows"]


class ImportTest(CrimeCase):
    def test_import_counts_match_the_file(self):
        out, _ = self.peel("crime", "import", SAMPLE)
        self.assertIn("202 rows", out)
        with open(SAMPLE, newline="") as f:
            rows = list(csv.reader(f))[1:]
        imports = self.js("crime", "imports")
        self.assertEqual(len(imports), 1)
        self.assertEqual(imports[0]["rows"], len(rows))
        self.assertEqual(len(imports[0]["sha256"]), 64)
        self.assertEqual(imports[0]["user"], "tester")
        # By district, computed here from the CSV and the lookup sample.
        with open(os.path.join(CRIME, "ons-lookup-sample.csv"), newline="") as f:
            lad = {r["LSOA11CD"]: r["LAD19NM"] for r in csv.DictReader(f)}
        want = {}
        for r in rows:
            name = lad.get(r[7], "No location" if not r[7] else "Outside the force area")
            want[name] = want.get(name, 0) + 1
        got = {r["name"]: r["crimes"] for r in self.js("crime", "summary", "--by", "area")
               if r["crimes"]}
        self.assertEqual(got, want)
        asb = sum(1 for r in rows if r[9] == "Anti-social behaviour")
        got_asb = self.js("crime", "summary", "--type", "anti-social BEHAVIOUR")
        self.assertEqual(got_asb[0]["crimes"], asb)

    def test_reimport_is_idempotent(self):
        self.peel("crime", "import", SAMPLE)
        before = self.dump()
        out, _ = self.peel("crime", "import", os.path.dirname(os.path.dirname(SAMPLE)))
        self.assertIn("unchanged", out)
        self.assertEqual(self.dump(), before)

    def test_a_file_of_the_same_name_is_judged_by_its_bytes(self):
        # Imported again from another folder (its name is what the import
        # recognises first), unchanged; then with one row changed under the
        # same name, a replacement.
        self.peel("crime", "import", SAMPLE)
        before = self.dump()
        os.mkdir(os.path.join(self.dir, "again"))
        again = os.path.join(self.dir, "again", os.path.basename(SAMPLE))
        shutil.copyfile(SAMPLE, again)
        out, _ = self.peel("crime", "import", again)
        self.assertIn("unchanged (already imported)", out)
        self.assertEqual(self.dump(), before)
        with open(SAMPLE, newline="") as f:
            text = f.read()
        first = text.index("Burglary")
        with open(again, "w", newline="") as f:
            f.write(text[:first] + "Robbery" + text[first + len("Burglary"):])
        out, _ = self.peel("crime", "import", again)
        self.assertIn("replacing the earlier import", out)
        self.assertEqual(self.sql("SELECT count(*) FROM crime_file WHERE current = 1")[0][0], 1)

    def test_changed_month_replaces_the_earlier_import(self):
        self.peel("crime", "import", SAMPLE)
        with open(SAMPLE, newline="") as f:
            lines = f.read().split("\r\n")
        path = self.write("2022-01-leicestershire-street.csv", "\r\n".join(lines[:101]) + "\r\n")
        out, _ = self.peel("crime", "import", path)
        self.assertIn("replacing", out)
        self.assertEqual(self.sql("SELECT sum(rows) FROM crime_chunk")[0][0], 100)
        self.assertEqual(self.sql("SELECT sum(n) FROM crime_count")[0][0], 100)
        cur = self.sql("SELECT count(*) FROM crime_file WHERE current = 1")[0][0]
        self.assertEqual(cur, 1)

    def corrupt(self, lineno, fn):
        self.peel("crime", "import", os.path.join(CRIME, "2022-02-leicestershire-outcomes.csv"))
        before = self.dump()
        with open(SAMPLE, newline="") as f:
            lines = f.read().split("\r\n")
        lines[lineno - 1] = fn(lines[lineno - 1])
        path = self.write("2022-01-leicestershire-street.csv", "\r\n".join(lines))
        _, err = self.peel("crime", "import", path, status=2)
        self.assertIn(f"line {lineno}", err)
        self.assertIn("2022-01-leicestershire-street.csv", err)
        self.assertEqual(self.dump(), before)
        return err

    def test_files_before_a_bad_one_stay_imported(self):
        """An import commits its files a batch at a time, each file in its own
        savepoint: a bad file is undone whole, the files before it in its batch
        are kept, and those after it are not started."""
        folder = os.path.join(self.dir, "police")
        os.mkdir(folder)
        with open(SAMPLE, newline="") as f:
            lines = f.read().split("\r\n")
        bad = list(lines)
        bad[56] = bad[56][: len(bad[56]) // 2]
        files = {"2021-12-leicestershire-street.csv": synthetic_month("2021-12", 5),
                 "2022-01-leicestershire-street.csv": "\r\n".join(bad),
                 "2022-02-leicestershire-street.csv": synthetic_month("2022-02", 7)}
        for name, text in files.items():
            self.write(os.path.join("police", name), text)
        _, err = self.peel("crime", "import", folder, status=2)
        self.assertIn("the 1 file(s) before the error below are imported", err)
        self.assertIn("2022-01-leicestershire-street.csv", err)
        self.assertIn("line 57", err)
        self.assertEqual(self.sql("SELECT count(*), sum(rows) FROM crime_file"), [(1, 5)])
        self.assertEqual(self.sql("SELECT sum(rows) FROM crime_chunk")[0][0], 5)
        self.assertEqual(self.sql("SELECT sum(n) FROM crime_count")[0][0], 5)
        # Blaby 002A placed in its district by the file that was kept
        self.assertEqual(self.js("crime", "summary", "--area", "Blaby")[0]["crimes"], 5)
        self.write(os.path.join("police", "2022-01-leicestershire-street.csv"),
                   "\r\n".join(lines))
        out, _ = self.peel("crime", "import", folder)
        self.assertIn("3 file(s): 2 imported", out)
        self.assertIn("1 unchanged", out)

    def test_truncated_line_is_rejected(self):
        err = self.corrupt(57, lambda l: l[: len(l) // 2])
        self.assertIn("fields", err)

    def test_bad_month_is_rejected(self):
        err = self.corrupt(120, lambda l: l.replace(",2022-01,", ",2022-13,"))
        self.assertIn("Month", err)

    def test_month_disagreeing_with_file_name_is_rejected(self):
        err = self.corrupt(2, lambda l: l.replace(",2022-01,", ",2022-02,"))
        self.assertIn("file name", err)

    def test_stray_quote_is_rejected(self):
        self.corrupt(33, lambda l: l.replace("On or near", 'On or "near'))

    def test_bad_coordinate_is_rejected(self):
        err = self.corrupt(40, lambda l: re.sub(r",(-1\.\d+),", ",-1.2x3,", l, count=1))
        self.assertIn("longitude", err)

    def test_not_a_police_header(self):
        path = self.write("2022-01-x-street.csv", "a,b,c\r\n1,2,3\r\n")
        _, err = self.peel("crime", "import", path, status=2)
        self.assertIn("line 1", err)
        self.assertEqual(self.sql("SELECT count(*) FROM crime_file")[0][0], 0)

    def test_skip_bad_writes_rejects(self):
        with open(SAMPLE, newline="") as f:
            lines = f.read().split("\r\n")
        lines[9] = lines[9].replace(",2022-01,", ",2022-1,")
        lines[19] = ",".join(lines[19].split(",")[:5])
        # a stray quote: the CSV reader cannot read the line; it is rejected
        # and reading resumes on the next line
        lines[29] = lines[29].replace("On or near ", 'On or "near ')
        self.assertIn('"near', lines[29])
        path = self.write("2022-01-leicestershire-street.csv", "\r\n".join(lines))
        rej = os.path.join(self.dir, "rejects.csv")
        self.peel("crime", "import", path, "--skip-bad", rej)
        self.assertEqual(self.sql("SELECT rows, rejected FROM crime_file")[0], (199, 3))
        with open(rej, newline="") as f:
            bad = list(csv.reader(f))[1:]
        self.assertEqual([b[1] for b in bad], ["10", "20", "30"])
        self.assertIn("quote", bad[2][2])
        # without --skip-bad the same file stops the import, line named
        _, err = self.peel("crime", "import", path, status=2)
        self.assertIn("line 10", err)

    def test_outcomes_and_stop_and_search(self):
        self.peel("crime", "import", CRIME)
        kinds = sorted(r["kind"] for r in self.js("crime", "imports"))
        self.assertEqual(kinds, ["outcomes", "stop-and-search"])
        self.assertEqual(self.sql("SELECT count(*) FROM crime_outcome")[0][0], 10)
        # figures cover months with street data: add a street file for 2022-02
        path = self.write("2022-02-leicestershire-street.csv", synthetic_month("2022-02", 3))
        self.peel("crime", "import", path)
        self.assertEqual(self.sql("SELECT count(*) FROM crime_search")[0][0], 5)
        leg = {r["value"]: r["searches"] for r in self.js(
            "crime", "stops", "--by", "legislation", "--from", "2022-02")}
        self.assertEqual(leg, {"Misuse of Drugs Act 1971 (section 23)": 3,
                               "Police and Criminal Evidence Act 1984 (section 1)": 2})
        # stop-and-search rows name no force: the file's slug becomes the
        # force name street files give, so both are filed under one force
        forces = {r["kind"]: r["force"] for r in self.js("crime", "imports")}
        self.assertEqual(forces["stop-and-search"], "Leicestershire Police")
        self.assertEqual(forces["street"], "Leicestershire Police")
        self.assertEqual(self.sql("SELECT count(DISTINCT force_id) FROM crime_search")[0][0], 1)
        self.assertEqual(self.sql(
            "SELECT count(*) FROM crime_file f JOIN crime_dim d ON d.id = f.force_id"
            " WHERE d.value = 'leicestershire'")[0][0], 0)

    def test_unknown_area_type_month_list_choices(self):
        self.peel("crime", "import", SAMPLE)
        _, err = self.peel("crime", "summary", "--area", "Atlantis", status=2)
        self.assertIn("Charnwood", err)
        _, err = self.peel("crime", "summary", "--type", "Piracy", status=2)
        self.assertIn("Burglary", err)
        _, err = self.peel("crime", "summary", "--from", "2019-01", status=2)
        self.assertIn("2022-01", err)
        _, err = self.peel("crime", "summary", "--from", "2019-13", status=2)
        self.assertIn("2022-01", err)


class AreaRecordPathTest(PeelCase):
    """`peel area import` writes area records as any other write does:
    validated, and every field audited."""

    LOOKUP = "LSOA11CD,LSOA11NM,LAD19CD\r\n"

    def setUp(self):
        super().setUp()
        self.peel("init")
        self.peel("import", "area", os.path.join(SOURCE, "demo", "area.csv"))

    def test_created_and_changed_lsoas_are_audited(self):
        path = self.write("135.csv", self.LOOKUP + "E01025630,Blaby 013E,E07000129\r\n"
                                                   "E01025636,Blaby 005A,E07000129\r\n")
        self.peel("area", "import", path)
        (lsoa_id,), = self.sql("SELECT id FROM area WHERE code = 'E01025630'")
        fields = {f for (f,) in self.sql("SELECT field FROM peel_audit WHERE type = 'area'"
                                         " AND record_id = ? AND action = 'create'"
                                         " AND field IS NOT NULL", lsoa_id)}
        self.assertEqual(fields, {"code", "name", "kind", "parent", "vintage", "publish"})
        # a new name for the same vintage is an update of that field only
        path = self.write("135.csv", self.LOOKUP + "E01025630,Blaby 013F,E07000129\r\n")
        out, _ = self.peel("area", "import", path)
        self.assertIn("0 LSOAs added, 1 updated, 0 unchanged", out)
        self.assertEqual(self.sql("SELECT field, old_value, new_value FROM peel_audit"
                                  " WHERE record_id = ? AND action = 'update'", lsoa_id),
                         [("name", "Blaby 013E", "Blaby 013F")])

    def test_an_invalid_lsoa_is_refused_with_its_line(self):
        # a name is required of every area; the raw insert stored an empty one
        path = self.write("135.csv", self.LOOKUP + "E01025630,Blaby 013E,E07000129\r\n"
                                                   "E01025636,,E07000129\r\n")
        _, err = self.peel("area", "import", path, status=None)
        self.assertIn("line 3", err)
        self.assertIn("name", err)
        self.assertEqual(self.sql("SELECT count(*) FROM area WHERE kind = 'lsoa'"), [(0,)])


class AreaImportTest(PeelCase):
    """`peel area import FOLDER`: the files it knows, found by content."""

    def setUp(self):
        super().setUp()
        self.peel("init")
        self.peel("import", "area", os.path.join(SOURCE, "demo", "area.csv"))
        self.folder = os.path.join(self.dir, "geography")
        os.makedirs(os.path.join(self.folder, "lookups"))
        os.makedirs(os.path.join(self.folder, "boundaries", "lsoa11"))
        os.makedirs(os.path.join(self.folder, "boundaries", "ward"))
        shutil.copy(os.path.join(CRIME, "ons-lookup-sample.csv"),
                    os.path.join(self.folder, "lookups", "135.csv"))
        shutil.copy(os.path.join(CRIME, "geography", "lsoa11", "E07000129.geojson"),
                    os.path.join(self.folder, "boundaries", "lsoa11"))
        # beside them, files that are not LSOA lookups: passed over
        with open(os.path.join(self.folder, "boundaries", "ward", "E07000129.geojson"), "w") as f:
            json.dump({"type": "FeatureCollection", "features": [
                {"type": "Feature", "properties": {"WD25CD": "E05015260", "WD25NM": "Blaby",
                                                   "LADCD_ACTIVE": "E07000129"},
                 "geometry": None}]}, f)
        with open(os.path.join(self.folder, "lookups", "la_all_codes.csv"), "w") as f:
            f.write("LADCD,LADNM,LADCD_ACTIVE\nE07000129,Blaby,E07000129\n")
        with open(os.path.join(self.folder, "README.txt"), "w") as f:
            f.write("not data\n")

    def sql_exec(self, query):
        with connect(self.db) as con:
            con.execute(query)

    def expected(self):
        """LSOA code -> district code, from the two files by hand."""
        with open(os.path.join(CRIME, "ons-lookup-sample.csv"), newline="") as f:
            want = {r["LSOA11CD"]: r["LAD19CD"] for r in csv.DictReader(f)
                    if r["LAD19CD"] in ("E07000129", "E07000130")}
        with open(os.path.join(CRIME, "geography", "lsoa11", "E07000129.geojson")) as f:
            for ft in json.load(f)["features"]:
                want[ft["properties"]["LSOA11CD"]] = "E07000129"
        return want

    def test_folder(self):
        out, _ = self.peel("area", "import", self.folder)
        # in name order: the Blaby boundaries, then the lookup (Blaby again,
        # Charnwood, and Rugby, which is not a recorded district)
        self.assertIn("E07000129.geojson: 60 LSOAs added, 0 updated, 0 unchanged, 0 outside", out)
        self.assertIn("135.csv: 99 LSOAs added, 0 updated, 60 unchanged, 3 outside", out)
        self.assertIn("2 file(s) read", out)
        self.assertIn("3 other file(s) passed over", out)
        got = dict(self.sql("SELECT l.code, d.code FROM area l JOIN area d ON d.id = l.parent"
                            " WHERE l.kind = 'lsoa'"))
        self.assertEqual(got, self.expected())
        # LSOAs it creates are published, so the public pages show them
        self.assertEqual(self.sql("SELECT DISTINCT publish FROM area WHERE kind = 'lsoa'"),
                         [(1,)])
        # again: nothing changes
        before = self.dump()
        out, _ = self.peel("area", "import", self.folder)
        self.assertIn("0 LSOAs added, 0 updated, 219 unchanged", out)
        self.assertEqual(self.dump(), before)
        self.assertEqual(len(self.sql("SELECT * FROM area WHERE kind = 'lsoa'")), 159)

    def test_publish_decisions_are_kept(self):
        self.peel("area", "import", self.folder)
        self.sql_exec("UPDATE area SET publish = 0 WHERE code = 'E01025630'")
        self.sql_exec("UPDATE area SET publish = NULL WHERE code = 'E01025636'")
        out, _ = self.peel("area", "import", os.path.join(self.folder, "lookups", "135.csv"))
        self.assertIn("1 updated", out)
        self.assertEqual(dict(self.sql("SELECT code, publish FROM area"
                                       " WHERE code IN ('E01025630', 'E01025636')")),
                         {"E01025630": 0, "E01025636": 1})

    def test_files_it_does_not_know(self):
        # named on its own, a file must be a lookup
        _, err = self.peel("area", "import",
                           os.path.join(self.folder, "lookups", "la_all_codes.csv"), status=2)
        self.assertIn("expected columns LSOAyyCD", err)
        _, err = self.peel("area", "import",
                           os.path.join(self.folder, "boundaries", "ward"), status=2)
        self.assertIn("no ONS LSOA lookup CSV", err)
        self.assertEqual(self.sql("SELECT count(*) FROM area WHERE kind = 'lsoa'")[0][0], 0)
        _, err = self.peel("area", "import", os.path.join(self.dir, "nowhere"), status=2)
        self.assertIn("nowhere", err)


def synthetic_month(month, n, lsoa="E01025631", name="Blaby 002A"):
    """n crimes in one LSOA of Blaby, half of them on one street."""
    rows = [HEADER]
    for i in range(n):
        street = "On or near High Street" if i % 2 == 0 else f"On or near Road {i}"
        rows.append(f"{i:064x},{month},Leicestershire Police,Leicestershire Police,-1.217961,"
                    f"52.619800,{street},{lsoa},{name},Burglary,Under investigation,")
    return "\r\n".join(rows) + "\r\n"


OUTCOMES_HEADER = ("Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,"
                   "LSOA code,LSOA name,Outcome type")


def outcomes_file(rows):
    """rows: (crime id number, month, outcome type)."""
    out = [OUTCOMES_HEADER]
    for i, month, outcome in rows:
        out.append(f"{i:064x},{month},Leicestershire Police,Leicestershire Police,-1.217961,"
                   f"52.619800,On or near High Street,E01025631,Blaby 002A,{outcome}")
    return "\r\n".join(out) + "\r\n"


class OutcomesTest(CrimeCase):
    """Outcomes files joined to street crimes by Crime ID: the latest wins."""

    def test_latest_outcome_by_crime_id(self):
        street = self.write("2022-01-leicestershire-street.csv", synthetic_month("2022-01", 6))
        jan = [(0, "2022-01", "Suspect charged"),
               (1, "2022-01", "Investigation complete; no suspect identified"),
               (99, "2022-01", "Offender fined")]  # no such street crime: ignored
        feb = [(0, "2022-02", "Offender fined"),
               (2, "2022-02", "Unable to prosecute suspect")]
        a = self.write("2022-01-leicestershire-outcomes.csv", outcomes_file(jan))
        b = self.write("2022-02-leicestershire-outcomes.csv", outcomes_file(feb))
        self.peel("crime", "import", street)
        # before any outcomes file: the street file's category for all six
        got = {r["outcome"]: r["crimes"] for r in self.js("crime", "outcomes")}
        self.assertEqual(got, {"Under investigation": 6})
        self.peel("crime", "import", a, b)
        # independently: the latest month's outcome per crime, else the street's
        latest = {i: ("Under investigation", "0000-00") for i in range(6)}
        for i, month, outcome in jan + feb:
            if i in latest and month >= latest[i][1]:
                latest[i] = (outcome, month)
        want = {}
        for outcome, _ in latest.values():
            want[outcome] = want.get(outcome, 0) + 1
        rows = self.js("crime", "outcomes")
        self.assertEqual({r["outcome"]: r["crimes"] for r in rows}, want)
        self.assertEqual(want["Offender fined"], 1)
        self.assertEqual(want["Under investigation"], 3)
        positive = {r["outcome"] for r in rows if r["positive"] == "yes"}
        self.assertEqual(positive, {"Offender fined"})
        out, _ = self.peel("crime", "outcomes")
        self.assertIn("for 3 of 6 crimes", out)
        # the pack shows the same latest outcomes
        pack = os.path.join(self.dir, "blaby.html")
        self.peel("crime", "pack", "--area", "Blaby", "--out", pack)
        with open(pack, encoding="utf-8") as f:
            self.assertIn("Unable to prosecute suspect", f.read())


class OutcomeRateTest(CrimeCase):
    """The positive outcome rate is over crimes with a final outcome."""

    # docs/METHODS.md: the positive groups and the open categories
    POSITIVE = {"Suspect charged", "Offender given a caution", "Local resolution",
                "Offender fined", "Suspect charged as part of another case"}
    OPEN = {"Under investigation", "Status update unavailable"}

    def test_rate_over_final_outcomes(self):
        street = self.write("2022-01-leicestershire-street.csv", synthetic_month("2022-01", 7))
        jan = [(0, "2022-01", "Suspect charged"),
               (1, "2022-01", "Defendant found not guilty"),
               (2, "2022-01", "Unable to prosecute suspect"),
               (3, "2022-01", "Offender given a caution")]
        self.peel("crime", "import", street,
                  self.write("2022-01-leicestershire-outcomes.csv", outcomes_file(jan)))
        latest = {i: "Under investigation" for i in range(7)}
        latest.update({i: o for i, _, o in jan})
        final = [o for o in latest.values() if o not in self.OPEN]
        pos = sum(1 for o in final if o in self.POSITIVE)
        open_ = len(latest) - len(final)
        rate = tenths(Decimal(pos) * 100 / len(final))
        oshare = tenths(Decimal(open_) * 100 / len(latest))
        out = json.loads(self.peel("crime", "outcomes", "--format", "json")[0])
        self.assertIn(f"Positive outcome rate: {rate}% ({pos} of the {len(final)} crimes with "
                      "a final outcome)", out["notes"])
        self.assertIn(f"{open_} of {len(latest)} crimes ({oshare}%)", out["notes"])
        got = {r["outcome"]: r["positive"] for r in out["rows"]}
        self.assertEqual(got["Defendant found not guilty"], "no")
        self.assertEqual(got["Under investigation"], "open")
        self.assertEqual(got["Suspect charged"], "yes")


class NpaTest(CrimeCase):
    """Neighbourhood policing areas: a CSV of area records mapping LSOAs to NPAs."""

    def test_figures_by_npa(self):
        self.peel("crime", "import", SAMPLE)
        with open(SAMPLE, newline="") as f:
            rows = list(csv.reader(f))[1:]
        with open(os.path.join(CRIME, "ons-lookup-sample.csv"), newline="") as f:
            lookup = {r["LSOA11CD"]: r for r in csv.DictReader(f)}
        blaby = sorted({r[7] for r in rows if r[7] in lookup
                        and lookup[r[7]]["LAD19NM"] == "Blaby"})
        self.assertGreaterEqual(len(blaby), 2)
        mine = blaby[:2]
        lines = ["code,name,kind,parent,npa", "NPA-BL1,Blaby North,npa,E07000129,"]
        for code in mine:
            lines.append(f"{code},{lookup[code]['LSOA11NM']},lsoa,E07000129,NPA-BL1")
        npa = self.write("npa.csv", "\n".join(lines) + "\n")
        self.peel("import", "area", npa)
        want = sum(1 for r in rows if r[7] in mine)
        # imported after the crimes: counted at once
        got = self.js("crime", "summary", "--area", "blaby NORTH")
        self.assertEqual(got[0]["crimes"], want)
        got = self.js("crime", "summary", "--area", "NPA-BL1", "--by", "type")
        want_types = {}
        for r in rows:
            if r[7] in mine:
                want_types[r[9]] = want_types.get(r[9], 0) + 1
        self.assertEqual({r["type"]: r["crimes"] for r in got if r["crimes"]}, want_types)
        # and after the next crime import, which places the LSOAs in the NPA
        self.peel("crime", "import", SAMPLE)
        got = self.js("crime", "summary", "--area", "Blaby North")
        self.assertEqual(got[0]["crimes"], want)


class FiguresTest(CrimeCase):
    """Worked examples: counts chosen so every figure can be done by hand."""

    # 2021-01 .. 2022-12: 24 months.
    COUNTS = [10, 12, 9, 11, 10, 13, 10, 9, 12, 11, 10, 13,   # 2021: total 130
              12, 14, 11, 13, 12, 15, 12, 11, 30, 13, 12, 15]  # 2022: total 170

    def setUp(self):
        super().setUp()
        folder = os.path.join(self.dir, "synthetic")
        os.mkdir(folder)
        for i, n in enumerate(self.COUNTS):
            month = f"{2021 + i // 12}-{i % 12 + 1:02d}"
            with open(os.path.join(folder, f"{month}-leicestershire-street.csv"), "w",
                      newline="") as f:
                f.write(synthetic_month(month, n))
        self.peel("crime", "import", folder, "--quiet")

    def test_compare(self):
        rows = self.js("crime", "compare", "--area", "blaby")
        month, year, fytd = rows
        # 2022-12: 15 vs 2021-12: 13 -> +2, +15.38% -> "+15%"
        self.assertEqual((month["crimes"], month["crimes_before"], month["change"]), (15, 13, 2))
        self.assertEqual(month["change_pct"], "+15%")
        # 12 months: 170 vs 130 -> +40, +30.77% -> "+31%"
        self.assertEqual((year["crimes"], year["crimes_before"]), (170, 130))
        self.assertEqual(year["change_pct"], "+31%")
        # FYTD 2022-04..2022-12 = 170-12-14-11 = 133; 2021-04..12 = 130-10-12-9 = 99
        # +34 / 99 = 34.34% -> "+34%"
        self.assertEqual((fytd["crimes"], fytd["crimes_before"]), (133, 99))
        self.assertEqual(fytd["change_pct"], "+34%")

    def test_zero_base_is_na(self):
        rows = self.js("crime", "compare", "--area", "charnwood")
        self.assertTrue(all(r["change_pct"] == "n/a" for r in rows))

    def test_rolling_totals(self):
        rows = self.js("crime", "summary", "--area", "Blaby")
        roll = {r["month"]: r["rolling_12m"] for r in rows}
        self.assertIsNone(roll["2021-11"])
        self.assertEqual(roll["2021-12"], 130)
        # 2022-01: 130 - 10 + 12 = 132
        self.assertEqual(roll["2022-01"], 132)
        self.assertEqual(roll["2022-12"], 170)

    def test_control_limits(self):
        rows = self.js("crime", "spc", "--area", "Blaby", "--baseline-from", "2021-01",
                       "--baseline-to", "2021-12")
        # mean 130/12 = 10.833; moving ranges 2,3,2,1,3,3,1,3,1,1,3 = 23 / 11 = 2.0909
        # UCL = 10.833 + 2.66 * 2.0909 = 16.395 -> "16.4"; LCL = 5.271 -> "5.3"
        self.assertEqual(rows[0]["mean"], "10.8")
        self.assertEqual(rows[0]["upper_limit"], "16.4")
        self.assertEqual(rows[0]["lower_limit"], "5.3")
        flagged = {r["month"]: r["signal"] for r in rows if r["signal"]}
        self.assertIn("above limit", flagged["2022-09"])
        # 2022-01..2022-12 are all above the mean: a run of 12 months
        self.assertIn("run above mean", flagged["2022-01"])
        self.assertNotIn("2021-06", flagged)

    def test_hotspots(self):
        rows = self.js("crime", "hotspots", "--area", "Blaby", "--limit", "1")
        self.assertEqual(rows[0]["location"], "On or near High Street")
        # 2022: ceil(n/2) per month; 2021 likewise
        now = sum((n + 1) // 2 for n in self.COUNTS[12:])
        before = sum((n + 1) // 2 for n in self.COUNTS[:12])
        self.assertEqual((rows[0]["crimes"], rows[0]["crimes_before"]), (now, before))

    def test_hotspots_small_base(self):
        """Every location of the worked example, its change computed here:
        High Street has ceil(n/2) crimes in a month of n, "Road i" one for
        each odd i < n.  2022 against 2021."""
        def places(counts):
            out = {}
            for n in counts:
                out["On or near High Street"] = out.get("On or near High Street", 0) + (n + 1) // 2
                for i in range(1, n, 2):
                    out[f"On or near Road {i}"] = out.get(f"On or near Road {i}", 0) + 1
            return out
        now, before = places(self.COUNTS[12:]), places(self.COUNTS[:12])
        rows = self.js("crime", "hotspots", "--area", "Blaby", "--limit", "10000")
        self.assertEqual({r["location"]: r["crimes"] for r in rows}, now)
        small = 0
        for r in rows:
            b = before.get(r["location"], 0)
            self.assertEqual(r["crimes_before"], b, r["location"])
            self.assertEqual(r["change_pct"], pct_change(b, r["crimes"]), r["location"])
            small += 0 < b < 10
        # Road 11: 4 in 2021 (months of 12 or more), 10 in 2022: +6, no +150%
        road11 = next(r for r in rows if r["location"] == "On or near Road 11")
        self.assertEqual((road11["crimes_before"], road11["crimes"], road11["change"]), (4, 10, 6))
        self.assertEqual(road11["change_pct"], "n/a (base under 10)")
        self.assertGreater(small, 0)
        # the same in CSV, in the table people read, and in the pack (the web
        # serves the same page)
        out, _ = self.peel("crime", "hotspots", "--area", "Blaby", "--format", "csv")
        line = next(l for l in out.splitlines() if l.startswith("On or near Road 11,"))
        self.assertIn(",10,10,4,+6,n/a (base under 10),", line)
        out, _ = self.peel("crime", "hotspots", "--area", "Blaby")
        self.assertIn("n/a (base under 10)", out)
        pack = os.path.join(self.dir, "blaby.html")
        self.peel("crime", "pack", "--area", "Blaby", "--out", pack)
        with open(pack, encoding="utf-8") as f:
            page = f.read()
        hot = page[page.index("<h2>Repeat locations</h2>"):]
        row = re.search(r"<tr><td>On or near Road 11</td>.*?</tr>", hot).group(0)
        self.assertIn("<td>n/a (base under 10)</td>", row)

    def test_pack_headline_uses_the_latest_comparable_month(self):
        # 2024-03 is imported, but nothing from 2023: no month after 2022-12
        # has data a year before it
        self.peel("crime", "import", self.write("2024-03-leicestershire-street.csv",
                                                synthetic_month("2024-03", 7)))
        out = os.path.join(self.dir, "blaby.html")
        self.peel("crime", "pack", "--area", "Blaby", "--out", out, "--boundaries",
                  os.path.join(CRIME, "geography"))
        with open(out, encoding="utf-8") as f:
            page = f.read()
        head = page[page.index("<h2>Headline figures</h2>"):page.index("<h2>Trend")]
        self.assertIn("Comparisons end at 2022-12, the latest month", head)
        self.assertIn("to 2024-03", head)
        self.assertIn("<caption>Crimes compared with a year before, to 2022-12</caption>", head)
        cells = re.findall(r"<tr>(.*?)</tr>", head)
        rows = [re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", c) for c in cells]
        self.assertEqual(rows[0], ["Comparison", "Period", "Crimes", "Compared with",
                                   "Crimes then", "Change", "% change", "Note"])
        # the worked figures of test_compare: 15 vs 13, 170 vs 130, 133 vs 99
        self.assertEqual([r[2:7] for r in rows[1:]],
                         [["15", "2021-12", "13", "+2", "+15%"],
                          ["170", "2021-01 to 2021-12", "130", "+40", "+31%"],
                          ["133", "2021-04 to 2021-12", "99", "+34", "+34%"]])
        # beside each figure: like with like, every month of both periods
        self.assertEqual([r[7] for r in rows[1:]],
                         ["both months hold data", "all 12 months hold data in both",
                          "all 9 months hold data in both"])
        # no column header anywhere in the pack is a column name
        for th in re.findall(r"<th scope=\"col\">(.*?)</th>", page):
            self.assertNotRegex(th, r"^[a-z0-9]+_[a-z0-9_]+$")
            self.assertTrue(th[0].isupper() or th[0] in "%", th)
        # the same figures as plain text
        text, _ = self.peel("crime", "pack", "--area", "Blaby", "--format", "text",
                            "--boundaries", os.path.join(CRIME, "geography"))
        self.assertIn("Crime performance pack: Blaby", text)
        self.assertIn("Comparisons end at 2022-12, the latest month", text)
        self.assertIn("Month vs same month last year | 2022-12 | 15 | 2021-12 | 13 | +2 | +15% | "
                      "both months hold data", text)
        self.assertIn("Last 12 months vs previous 12 | 2022-01 to 2022-12 | 170 | "
                      "2021-01 to 2021-12 | 130 | +40 | +31% | all 12 months hold data in both",
                      text)
        self.assertNotIn("<", text)
        # the command line's comparison says where the comparisons can be made
        out, _ = self.peel("crime", "compare", "--area", "Blaby")
        self.assertIn("The latest month for which every comparison can be made is 2022-12", out)
        rows = self.js("crime", "compare", "--area", "Blaby", "--to", "2022-12")
        self.assertEqual([r["crimes"] for r in rows], [15, 170, 133])


def pct_change(before, now):
    """% change at 0 dp, halves away from zero, with the small-base rule of
    docs/METHODS.md: no percentage from a base under 10."""
    if before == 0:
        return "n/a"
    if before < 10:
        return "n/a (base under 10)"
    q = int((Decimal(now - before) * 100 / before).quantize(Decimal(1), ROUND_HALF_UP))
    return f"{q:+d}%" if q else "0%"


def tenths(x):
    """A Decimal to 1 dp, halves away from zero (the project's rule)."""
    return str(Decimal(x).quantize(Decimal("0.1"), ROUND_HALF_UP))


def month_file(month, counts, force="Leicestershire Police", lsoa="E01025631",
               name="Blaby 002A", mill_lane=0):
    """counts: {crime type: n}; every crime in one Blaby LSOA, on High Street,
    and mill_lane burglaries on Mill Lane."""
    rows, k = [HEADER], 0
    for ctype, n in list(counts.items()) + [("Mill Lane", mill_lane)]:
        for _ in range(n):
            street, t = (("Mill Lane", "Burglary") if ctype == "Mill Lane"
                         else ("High Street", ctype))
            rows.append(f"{k:064x},{month},{force},{force},-1.217961,52.619800,"
                        f"On or near {street},{lsoa},{name},{t},Under investigation,")
            k += 1
    return "\r\n".join(rows) + "\r\n"


def months(first, last):
    y, m = map(int, first.split("-"))
    out = []
    while f"{y}-{m:02d}" <= last:
        out.append(f"{y}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


class CoverageTest(CrimeCase):
    """Gaps: 2021-01 to 2022-06 and 2022-12 hold Leicestershire street files,
    2022-03 also a British Transport Police file with two crimes in Blaby.
    Mill Lane has a crime in 2021-02, 2021-07 and 2022-12."""

    HAVE = months("2021-01", "2022-06") + ["2022-12"]
    MILL_LANE = {"2021-02": 1, "2021-07": 1, "2022-12": 1}

    def setUp(self):
        super().setUp()
        folder = os.path.join(self.dir, "gaps")
        os.mkdir(folder)
        self.n = {}
        for i, month in enumerate(self.HAVE):
            self.n[month] = 8 + (i * 7) % 9
            with open(os.path.join(folder, f"{month}-leicestershire-street.csv"), "w",
                      newline="") as f:
                f.write(month_file(month, {"Burglary": self.n[month]},
                                   mill_lane=self.MILL_LANE.get(month, 0)))
        with open(os.path.join(folder, "2022-03-btp-street.csv"), "w", newline="") as f:
            f.write(month_file("2022-03", {"Robbery": 2}, force="British Transport Police"))
        self.peel("crime", "import", folder, "--quiet")

    def high_street(self, ms):
        return sum(self.n.get(m, 0) + (2 if m == "2022-03" else 0) for m in ms)

    def test_hotspots_compare_the_same_calendar_months(self):
        out = json.loads(self.peel("crime", "hotspots", "--area", "Blaby", "--from", "2022-01",
                                   "--to", "2022-12", "--format", "json")[0])
        row = out["rows"][0]
        this = months("2022-01", "2022-12")
        both = [m for m in this if m in self.HAVE and f"2021-{m[5:]}" in self.HAVE]
        self.assertEqual(both, months("2022-01", "2022-06") + ["2022-12"])
        self.assertEqual(row["crimes"], self.high_street(this))
        self.assertEqual(row["crimes_compared"], self.high_street(both))
        # the same calendar months a year before, not all 12 months of 2021
        before = self.high_street(f"2021-{m[5:]}" for m in both)
        self.assertEqual(row["crimes_before"], before)
        self.assertNotEqual(before, self.high_street(months("2021-01", "2021-12")))
        self.assertEqual(row["change_pct"], pct_change(before, self.high_street(both)))
        self.assertIn("7 of its 12 months hold data (none for 2022-07 to 2022-11)", out["notes"])
        # Mill Lane: 2022-12 against 2021-02 and 2021-12 of the months compared
        # (2021-07 has no counterpart with data), found though it has no crime
        # in 2022-01 to 2022-06
        mill = next(r for r in out["rows"] if r["location"] == "On or near Mill Lane")
        same = [f"2021-{m[5:]}" for m in both]
        self.assertEqual((mill["crimes"], mill["crimes_compared"], mill["crimes_before"]),
                         (1, 1, sum(self.MILL_LANE.get(m, 0) for m in same)))
        self.assertEqual(mill["crimes_before"], 1)
        self.assertIn("2022-03 holds the street files of 2 forces, other months here 1",
                      out["notes"])

    def test_hotspots_without_a_common_month(self):
        # 2022-12 against 2022-11, which has no data: no comparison at all
        out = json.loads(self.peel("crime", "hotspots", "--area", "Blaby", "--from", "2022-12",
                                   "--to", "2022-12", "--format", "json")[0])
        row = out["rows"][0]
        self.assertEqual(row["crimes"], self.n["2022-12"])
        self.assertIsNone(row["crimes_before"])
        self.assertEqual(row["change_pct"], "n/a")
        self.assertIn("No comparison with the period before", out["notes"])

    def test_totals_say_how_many_months_hold_data(self):
        out = json.loads(self.peel("crime", "summary", "--area", "Blaby", "--by", "type",
                                   "--format", "json")[0])
        span = months("2021-01", "2022-12")
        with_data = [m for m in span if m in self.HAVE]
        self.assertIn(f"{len(with_data)} of its {len(span)} months hold data "
                      "(none for 2022-07 to 2022-11)", out["notes"])
        self.assertEqual(sum(r["crimes"] for r in out["rows"]),
                         sum(self.n.values()) + 2 + sum(self.MILL_LANE.values()))

    def test_compare_notes_other_forces_files(self):
        rows = self.js("crime", "compare", "--area", "Blaby", "--to", "2022-03")
        month = rows[0]
        self.assertEqual((month["crimes"], month["crimes_before"]),
                         (self.n["2022-03"] + 2, self.n["2021-03"]))
        self.assertIn("other forces' files", month["note"])
        out, _ = self.peel("crime", "compare", "--area", "Blaby", "--to", "2022-03")
        self.assertIn("2022-03 holds the street files of 2 forces", out)
        # the control chart and the outcomes, which set months side by side, too
        for cmd in ("spc", "outcomes"):
            out, _ = self.peel("crime", cmd, "--area", "Blaby")
            self.assertIn("2022-03 holds the street files of 2 forces, other months here 1", out)
        # the 12 months to 2022-03 need 2020-04 to 2021-03: not shown, and said why
        self.assertIsNone(rows[1]["crimes"])
        self.assertIn("not like for like", rows[1]["note"])


class SpcTest(CrimeCase):
    """40 months, 2019-09 to 2022-12: the first four high, then burglaries
    around 10 and robberies of one or two a month, with a month of four."""

    BURGLARY_2020 = [10, 11, 10, 10, 11, 10, 10, 11, 10, 10, 10, 10]  # 123: mean 10.25
    ROBBERY_2020 = [1, 1, 1, 2, 1, 1, 1, 1, 2, 1, 1, 1]

    def setUp(self):
        super().setUp()
        folder = os.path.join(self.dir, "spc")
        os.mkdir(folder)
        self.b, self.r = {}, {}
        for i, month in enumerate(months("2019-09", "2022-12")):
            if month < "2020-01":
                b, r = 30, 3
            elif month < "2021-01":
                b, r = self.BURGLARY_2020[i - 4], self.ROBBERY_2020[i - 4]
            else:
                b, r = 9 + i % 4, 4 if month == "2022-06" else 1
            self.b[month], self.r[month] = b, r
            with open(os.path.join(folder, f"{month}-leicestershire-street.csv"), "w",
                      newline="") as f:
                f.write(month_file(month, {"Burglary": b, "Robbery": r}))
        self.peel("crime", "import", folder, "--quiet")

    def test_command_and_pack_share_the_baseline(self):
        out = json.loads(self.peel("crime", "spc", "--area", "Blaby", "--type", "Burglary",
                                   "--format", "json")[0])
        # 35 months before 2022-12 is 2020-01: the baseline is 2020-01 to 2020-12
        base = [self.b[m] for m in months("2020-01", "2020-12")]
        mean = Decimal(sum(base)) / 12
        mr = Decimal(sum(abs(x - y) for x, y in zip(base[1:], base))) / 11
        row = out["rows"][0]
        self.assertEqual(row["mean"], tenths(mean))
        self.assertEqual(row["mean"], "10.3")  # 10.25, halves away from zero
        self.assertEqual(row["upper_limit"], tenths(mean + Decimal("2.66") * mr))
        self.assertEqual(row["lower_limit"], tenths(max(mean - Decimal("2.66") * mr, 0)))
        self.assertIn("baseline 2020-01 to 2020-12", out["notes"])
        pack = os.path.join(self.dir, "blaby.html")
        self.peel("crime", "pack", "--area", "Blaby", "--type", "Burglary", "--out", pack)
        with open(pack, encoding="utf-8") as f:
            page = f.read()
        spc = page[page.index("Crimes per month, mean and control limits"):]
        spc = spc[:spc.index("</table>")]
        cells = re.findall(r"<tr>(.*?)</tr>", spc)
        first = re.findall(r"<td[^>]*>(.*?)</td>", cells[1])
        self.assertEqual(first[2:5], [row["mean"], row["lower_limit"], row["upper_limit"]])
        # the same months flagged in both, where both show them
        cmd = {r["month"]: r["signal"] for r in out["rows"]}
        for c in cells[1:]:
            td = re.findall(r"<td[^>]*>(.*?)</td>", c)
            self.assertEqual(td[5], cmd[td[0]], td[0])

    def test_rare_series_gets_a_c_chart(self):
        out = json.loads(self.peel("crime", "spc", "--area", "Blaby", "--type", "Robbery",
                                   "--format", "json")[0])
        base = [self.r[m] for m in months("2020-01", "2020-12")]
        mean = sum(base) / 12
        self.assertLess(mean, 5)
        self.assertIn("c-chart", out["notes"])
        row = {r["month"]: r for r in out["rows"]}
        ucl = mean + 3 * math.sqrt(mean)
        self.assertEqual(row["2022-06"]["upper_limit"], tenths(Decimal(repr(ucl))))
        self.assertEqual(row["2022-06"]["lower_limit"], "0.0")
        # four robberies are inside mean + 3 x sqrt(mean) = 4.4
        self.assertEqual(row["2022-06"]["crimes"], 4)
        self.assertNotIn("above limit", row["2022-06"]["signal"])


def street_file(month, rows):
    """rows: (location, longitude, latitude, LSOA code, LSOA name)."""
    out = [HEADER]
    for i, (loc, lon, lat, code, name) in enumerate(rows):
        out.append(f"{i:064x},{month},Leicestershire Police,Leicestershire Police,{lon},{lat},"
                   f"{loc},{code},{name},Burglary,Under investigation,")
    return "\r\n".join(out) + "\r\n"


class HotspotsTest(CrimeCase):
    """A location is a street description in one LSOA, however many police.uk
    map points it has there."""

    def test_two_points_of_one_street_count_once(self):
        a = ("E01025631", "Blaby 002A")
        b = ("E01025630", "Blaby 013E")
        rows = ([("On or near High Street", "-1.217961", "52.619800", *a)] * 3 +
                [("On or near High Street", "-1.219000", "52.621000", *a)] * 2 +  # 2nd point
                [("On or near High Street", "-1.150000", "52.560000", *b)] * 1 +  # other LSOA
                [("On or near Mill Lane", "-1.217000", "52.619000", *a)] * 4)
        self.peel("crime", "import", self.write("2022-01-leicestershire-street.csv",
                                                street_file("2022-01", rows)))
        # the two points of High Street in E01025631 are one location: 3 + 2;
        # a point is kept in its rows (the street's name once, as a dimension)
        self.assertNotIn("crime_location", tables(self.db))
        self.assertEqual(self.sql("SELECT count(*) FROM crime_dim WHERE kind = 15"
                                  " AND value = 'On or near High Street'")[0][0], 1)
        got = [(r["location"], r["lsoa_code"], r["crimes"], r["map_points"])
               for r in self.js("crime", "hotspots", "--area", "Blaby")]
        self.assertEqual(got, [("On or near High Street", "E01025631", 5, 2),
                               ("On or near Mill Lane", "E01025631", 4, 1),
                               ("On or near High Street", "E01025630", 1, 1)])
        # the limit counts locations, not points
        got = self.js("crime", "hotspots", "--area", "Blaby", "--limit", "1")
        self.assertEqual([(r["location"], r["crimes"]) for r in got],
                         [("On or near High Street", 5)])

    def test_sample_grouped_by_description_and_lsoa(self):
        """Every location of the real sample in Blaby, counted here from the CSV."""
        self.peel("crime", "import", SAMPLE)
        with open(os.path.join(CRIME, "ons-lookup-sample.csv"), newline="") as f:
            blaby = {r["LSOA11CD"] for r in csv.DictReader(f) if r["LAD19NM"] == "Blaby"}
        with open(SAMPLE, newline="") as f:
            rows = list(csv.DictReader(f))
        want, points = {}, {}
        for r in rows:
            if r["LSOA code"] in blaby and r["Location"]:
                key = (r["Location"], r["LSOA code"])
                want[key] = want.get(key, 0) + 1
                points.setdefault(key, set()).add((r["Longitude"], r["Latitude"]))
        got = self.js("crime", "hotspots", "--area", "Blaby", "--limit", "10000")
        self.assertEqual({(r["location"], r["lsoa_code"]): r["crimes"] for r in got}, want)
        self.assertEqual(len(got), len(want))  # each location once
        self.assertEqual({(r["location"], r["lsoa_code"]): r["map_points"] for r in got},
                         {k: len(v) for k, v in points.items()})
        counts = [r["crimes"] for r in got]
        self.assertEqual(counts, sorted(counts, reverse=True))


class HotspotsAcrossPeriodsTest(CrimeCase):
    """Two street files a year apart: 2021-06 is in the period before the
    default one (2021-07 to 2022-06), 2022-06 in it.  Expected figures are
    counted by hand from the rows below."""

    OLD = ("E01025631", "Blaby 002A")   # a 2011 code
    NEW = ("E01035500", "Blaby 002F")   # the 2021 code police.uk gives the same point

    def import_two(self, before, now):
        self.peel("crime", "import",
                  self.write("2021-06-leicestershire-street.csv", street_file("2021-06", before)),
                  self.write("2022-06-leicestershire-street.csv", street_file("2022-06", now)))

    def hotspots(self, *args):
        out, _ = self.peel("crime", "hotspots", "--area", "Blaby", "--format", "json", *args)
        doc = json.loads(out)
        return ([(r["location"], r["lsoa_code"], r["crimes"], r["crimes_before"],
                  r["map_points"]) for r in doc["rows"]], doc["notes"])

    def test_a_point_keeps_its_history_across_the_lsoa_switch(self):
        mill = ("On or near Mill Lane", "-1.217000", "52.619000")
        mill_b = ("On or near Mill Lane", "-1.218000", "52.618000")  # another point
        self.import_two([(*mill, *self.OLD)] * 5 + [(*mill_b, *self.OLD)] * 2,
                        [(*mill, *self.NEW)] * 3)
        rows, _ = self.hotspots()
        # the point had 5 crimes under its 2011 code: 3 now against 5, not "+3, new";
        # the other point of Mill Lane has no crimes now and another LSOA: not matched
        self.assertEqual(rows, [("On or near Mill Lane", "E01035500", 3, 5, 1)])

    def test_map_points_counts_the_current_period_only(self):
        a = ("On or near High Street", "-1.217961", "52.619800")
        b = ("On or near High Street", "-1.219000", "52.621000")
        self.import_two([(*a, *self.OLD)] * 1 + [(*b, *self.OLD)] * 4,
                        [(*a, *self.OLD)] * 2)
        rows, _ = self.hotspots()
        # crimes now 2 (point a), before 1 + 4 (a and b); one point has crimes now
        self.assertEqual(rows, [("On or near High Street", "E01025631", 2, 5, 1)])

    def test_a_blank_location_is_not_a_hotspot(self):
        blank = ("On or near ", "-1.201717", "52.626524")
        lane = ("On or near Mill Lane", "-1.217000", "52.619000")
        self.import_two([(*blank, *self.OLD)] * 4,
                        [(*blank, *self.OLD)] * 6 + [(*lane, *self.OLD)] * 2)
        rows, notes = self.hotspots()
        self.assertEqual(rows, [("On or near Mill Lane", "E01025631", 2, 0, 1)])
        self.assertIn("Location not described: 6 crimes in the period (4 in the period before)",
                      notes)
        # they still count towards the area: 6 + 2 in 2022-06
        months = {r["month"]: r["crimes"] for r in self.js("crime", "summary", "--area", "Blaby")}
        self.assertEqual(months["2022-06"], 8)


class PageParser(html.parser.HTMLParser):
    VOID = {"meta", "link", "br", "img", "input", "hr", "col", "area", "base", "source", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack, self.errors, self.lsoas, self.urls = [], [], set(), []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for k, v in attrs:
            if v and re.search(r"(https?:)?//", v) and not (k == "xmlns"):
                self.urls.append(v)
        if "data-code" in a:  # a map region: the LSOA's code
            self.lsoas.add(a["data-code"])
        if tag not in self.VOID and tag not in ("circle", "line", "rect", "polyline"):
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        for k, v in attrs:
            if v and re.search(r"(https?:)?//", v) and k != "xmlns":
                self.urls.append(v)

    def handle_endtag(self, tag):
        if tag in self.VOID or tag in ("circle", "line", "rect", "polyline"):
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


class PackTest(CrimeCase):
    def test_pack(self):
        self.peel("crime", "import", SAMPLE)
        out = os.path.join(self.dir, "blaby.html")
        self.peel("crime", "pack", "--area", "BLABY", "--out", out, "--boundaries",
                  os.path.join(CRIME, "geography"))
        with open(out, encoding="utf-8") as f:
            page = f.read()
        p = PageParser()
        p.feed(page)
        p.close()
        self.assertEqual(p.errors, [])
        self.assertEqual(p.stack, [])
        self.assertEqual(p.urls, [])
        self.assertNotIn("<script", page)
        self.assertIn("Open Government Licence v3.0", page)
        with open(os.path.join(CRIME, "geography", "lsoa11", "E07000129.geojson")) as f:
            want = {ft["properties"]["LSOA11CD"] for ft in json.load(f)["features"]}
        self.assertEqual(len(want), 60)
        self.assertEqual(p.lsoas, want)
        self.assertIn("<title id=\"map-t\">", page)
        # no searches yet: the section says why it has no figures
        stops = page[page.index("<h2>Stop and search</h2>"):]
        stops = stops[:stops.index("<h2>", 1)]
        self.assertIn("No stop and search figures: no police.uk stop-and-search files are "
                      "imported for 2022-01 to 2022-01.", stops)
        self.assertNotIn("<table", stops)
        # with the month's stop-and-search file, a section of the searches
        # placed in the district
        with open(os.path.join(CRIME, "2022-02-leicestershire-stop-and-search.csv"),
                  newline="") as f:
            text = f.read().replace("2022-02-", "2022-01-")
        rows = list(csv.DictReader(text.splitlines()))
        self.peel("crime", "import",
                  self.write("2022-01-leicestershire-stop-and-search.csv", text))
        self.peel("crime", "pack", "--area", "BLABY", "--out", out, "--boundaries",
                  os.path.join(CRIME, "geography"))
        with open(out, encoding="utf-8") as f:
            page = f.read()
        p = PageParser()
        p.feed(page)
        p.close()
        self.assertEqual((p.errors, p.stack, p.urls), ([], [], []))
        self.assertIn("<h2>Stop and search</h2>", page)
        # searches are placed in Blaby by their map point: those at a point
        # where the street sample records crimes in a Blaby LSOA (computed
        # here from the two CSVs)
        with open(SAMPLE, newline="") as f:
            blaby_points = {(r["Latitude"], r["Longitude"]) for r in csv.DictReader(f)
                            if r["LSOA name"].startswith("Blaby") and r["Latitude"]}
        placed = [r for r in rows if (r["Latitude"], r["Longitude"]) in blaby_points]
        self.assertEqual(len(placed), 2)
        for leg in {r["Legislation"] for r in placed}:
            n = sum(1 for r in placed if r["Legislation"] == leg)
            self.assertIn(f"<td>{leg}</td><td class=\"num\">{n}</td>", page)
        self.assertIn("Stop-and-search files are imported for 1 of the 1 months.", page)
        self.assertIn(f"{len(placed)} of the {len(rows)} searches in the period are placed here;"
                      f" {sum(1 for r in rows if not r['Latitude'])} of the {len(rows)} had no"
                      " location", page)


class PackModelTest(CrimeCase):
    """The pack built as a report model: its map's legend and regions, empty
    columns left out, a notice for each section it cannot show, and the
    same figures as plain text (--format text)."""

    def setUp(self):
        super().setUp()
        self.peel("crime", "import", SAMPLE)
        with open(os.path.join(CRIME, "ons-lookup-sample.csv"), newline="") as f:
            self.blaby = {r["LSOA11CD"] for r in csv.DictReader(f) if r["LAD19NM"] == "Blaby"}
        with open(SAMPLE, newline="") as f:
            self.rows = [r for r in csv.DictReader(f) if r["LSOA code"] in self.blaby]

    def pack(self, *extra):
        out = os.path.join(self.dir, "blaby.html")
        self.peel("crime", "pack", "--area", "Blaby", "--out", out, "--boundaries",
                  os.path.join(CRIME, "geography"), *extra)
        with open(out, encoding="utf-8") as f:
            return f.read()

    def test_map_legend_and_regions(self):
        page = self.pack()
        counts = {code: 0 for code in self.blaby}
        for r in self.rows:
            counts[r["LSOA code"]] += 1
        # five equal bins of whole numbers from 0 to the largest count
        top = max(counts.values())
        ub = [-(-top * (k + 1) // 5) for k in range(5)]
        svg = page[page.index('<title id="map-t">'):]
        svg = svg[:svg.index("</svg>")]
        legend = re.findall(r"<text[^>]*>([^<]*)</text>", svg[svg.index('class="legend"'):])
        want = ["Key: number of crimes", f"0 to {ub[0]}"]
        want += [f"{ub[k - 1] + 1} to {ub[k]}" for k in range(1, 5)] + ["No data"]
        self.assertEqual(legend, want)
        with open(os.path.join(CRIME, "geography", "lsoa11", "E07000129.geojson")) as f:
            features = [ft["properties"] for ft in json.load(f)["features"]]
        titles = dict(re.findall(r'<path data-code="(E\d{8})"[^>]*><title>([^<]*)</title>', svg))
        self.assertEqual(len(titles), len(features))
        for p in features:
            code, name = p["LSOA11CD"], p["LSOA11NM"]
            if code in counts:
                self.assertEqual(titles[code], f"{name} ({code}): {counts[code]} crimes")
            else:  # not in the lookup: no count, not a zero
                self.assertEqual(titles[code], f"{name} ({code}): no data")

    def test_empty_columns_are_left_out(self):
        page = self.pack()
        # one month imported: no comparison can be made, so its counts are blank
        head = page[page.index("<h2>Headline figures</h2>"):page.index("<h2>Trend")]
        heads = re.findall(r'<th scope="col">(.*?)</th>', head)
        self.assertEqual(heads, ["Comparison", "Period", "Compared with", "% change", "Note"])
        # no table anywhere has a column empty in every row
        for table in re.findall(r"<table>(.*?)</table>", page, re.S):
            body = re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[-1])
            cells = [re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", r) for r in body]
            if not cells:
                continue
            for c in range(len(cells[0])):
                self.assertTrue(any(row[c] for row in cells), table[:120])

    def test_missing_sections_say_why(self):
        page = self.pack()
        self.assertIn("No stop and search figures: no police.uk stop-and-search files are "
                      "imported for 2022-01 to 2022-01.", page)
        self.assertIn("No rates: peel holds no population figures", page)
        self.assertIn("No control limits:", page)
        # no boundaries: the map section says so, the LSOA table stays
        out = os.path.join(self.dir, "nomap.html")
        self.peel("crime", "pack", "--area", "Blaby", "--out", out, "--boundaries",
                  os.path.join(self.dir, "nowhere"))
        with open(out, encoding="utf-8") as f:
            nomap = f.read()
        self.assertIn("No map: no LSOA boundaries were found for this area.", nomap)
        self.assertIn("<caption>Crimes by LSOA, last 12 months</caption>", nomap)

    def test_text_format(self):
        text, _ = self.peel("crime", "pack", "--area", "Blaby", "--format", "text",
                            "--boundaries", os.path.join(CRIME, "geography"))
        self.assertTrue(text.startswith("Crime performance pack: Blaby\n"), text[:80])
        types = {}
        for r in self.rows:
            types[r["Crime type"]] = types.get(r["Crime type"], 0) + 1
        for t, n in types.items():
            self.assertIn(f"{t} | {n} | ", text)
            self.assertIn(f"  {t}: {n}\n", text)  # the bar chart's figures
        self.assertIn("No stop and search figures", text)
        self.assertNotIn("<svg", text)
        # to a file too, and refused in another format
        out = os.path.join(self.dir, "blaby.txt")
        self.peel("crime", "pack", "--area", "Blaby", "--format", "text", "--out", out,
                  "--boundaries", os.path.join(CRIME, "geography"))
        with open(out, encoding="utf-8") as f:
            self.assertEqual(f.read(), text)
        _, err = self.peel("crime", "pack", "--area", "Blaby", "--format", "pdf", status=2)
        self.assertIn("--format pdf needs --out FILE", err)
        _, err = self.peel("crime", "pack", "--area", "Blaby", "--format", "docx", status=2)
        self.assertIn("docx", err)
        _, err = self.peel("crime", "pack", "--area", "Blaby", status=2)
        self.assertIn("usage: peel crime pack", err)



# ---- the street chunk's formats (src/store/crime_chunk.h), for the migration test ----

def _varint(v):
    out = bytearray()
    while v >= 0x80:
        out.append((v & 0x7F) | 0x80)
        v >>= 7
    out.append(v)
    return bytes(out)


def _read_varint(b, i):
    v = shift = 0
    while True:
        c = b[i]
        i += 1
        v |= (c & 0x7F) << shift
        shift += 7
        if not c & 0x80:
            return v, i


def decode_chunk(data, rows):
    """The rows of a chunk of the current format: (crime id bytes or text or
    None, lsoa, type, outcome, street, context, (lat, lon) or None)."""
    out, i = [], 0
    for _ in range(rows):
        flags = data[i]
        i += 1
        cid = None
        if flags & 3 == 1:
            cid, i = bytes(data[i:i + 32]), i + 32
        elif flags & 3 == 2:
            n, i = _read_varint(data, i)
            cid, i = bytes(data[i:i + n]).decode(), i + n
        ids = []
        for _ in range(5):
            v, i = _read_varint(data, i)
            ids.append(v)
        point = None
        if flags & 4:
            la, i = _read_varint(data, i)
            lo, i = _read_varint(data, i)
            point = tuple(-(z >> 1) - 1 if z & 1 else z >> 1 for z in (la, lo))
        out.append((cid, *ids, point))
    assert i == len(data)
    return out


def encode_chunk_v1(rows, location_id):
    """Rows as decode_chunk gives them, in format 1 (a crime_location id
    in place of the street and point: location_id(street, point))."""
    out = bytearray()
    for cid, lsoa, typ, outcome, street, context, point in rows:
        if cid is None:
            out.append(0)
        elif isinstance(cid, bytes):
            out.append(1)
            out += cid
        else:
            out.append(2)
            out += _varint(len(cid.encode())) + cid.encode()
        for v in (lsoa, typ, outcome, location_id(street, point), context):
            out += _varint(v)
    return bytes(out)


class PointMigrationTest(CrimeCase):
    """A database of the shape before migration 103 (map points in
    crime_location, a location id in each chunk row) opens, is rewritten
    and gives the same figures, byte for byte."""

    def figures(self):
        out = {}
        for area in ("Blaby", "Charnwood", "Leicestershire"):
            out[area, "hotspots"] = self.peel("crime", "hotspots", "--area", area, "--limit",
                                              "10000", "--format", "json")[0]
            out[area, "stops"] = self.peel("crime", "stops", "--area", area, "--by",
                                           "legislation", "--format", "json")[0]
            out[area, "outcomes"] = self.peel("crime", "outcomes", "--area", area,
                                              "--format", "json")[0]
        out["pack"] = self.peel("crime", "pack", "--area", "Blaby", "--format", "text",
                                "--out", "-")[0]
        return out

    @staticmethod
    def rows_by_name(chunks, names):
        """The chunks' rows, each street id as its name."""
        return [[(*r[:4], names.get(r[4], ""), *r[5:]) for r in decode_chunk(bytes(d), n)]
                for _, n, d in chunks]

    def test_old_shape_migrates_with_the_same_figures(self):
        self.peel("crime", "import", SAMPLE, CRIME,
                  self.write("2022-02-leicestershire-street.csv", synthetic_month("2022-02", 9)))
        self.peel("crime", "import", self.write(
            "2021-06-leicestershire-street.csv",
            street_file("2021-06", [("On or near Mill Lane", "-1.217000", "52.619000",
                                     "E01025631", "Blaby 002A")] * 3 +
                        [("", "", "", "E01025631", "Blaby 002A")] * 2 +
                        [("On or near Mill Lane", "", "", "E01025631", "Blaby 002A")])))
        want = self.figures()
        con = connect(self.db)
        chunks = con.execute("SELECT id, rows, data FROM crime_chunk ORDER BY id").fetchall()
        names = dict(con.execute("SELECT id, value FROM crime_dim WHERE kind = 15").fetchall())
        was = self.rows_by_name(chunks, names)
        # back to the old shape: points numbered as the importer met them
        locations = {}

        def location_id(street, point):
            if not street and point is None:
                return 0
            key = (names.get(street, ""), point)
            return locations.setdefault(key, len(locations) + 1)
        old = [(cid, encode_chunk_v1(decode_chunk(bytes(data), rows), location_id))
               for cid, rows, data in chunks]
        self.assertGreater(len(locations), 100)
        if con.pg:
            con.execute('CREATE TABLE crime_location (id BIGINT GENERATED BY DEFAULT AS IDENTITY'
                        ' PRIMARY KEY, name TEXT COLLATE "C" NOT NULL, lat INTEGER, lon INTEGER,'
                        ' UNIQUE (name, lat, lon))')
        else:
            con.execute("CREATE TABLE crime_location (id INTEGER PRIMARY KEY, name TEXT NOT NULL,"
                        " lat INTEGER, lon INTEGER, UNIQUE (name, lat, lon))")
        for (name, point), lid in locations.items():
            con.execute("INSERT INTO crime_location (id, name, lat, lon) VALUES (?, ?, ?, ?)",
                        (lid, name, *(point or (None, None))))
        for cid, data in old:
            con.execute("UPDATE crime_chunk SET data = ? WHERE id = ?", (data, cid))
        con.execute("DELETE FROM crime_dim WHERE kind = 15")
        con.execute("DELETE FROM peel_migrations WHERE version = 103")
        con.commit()
        con.close()

        self.peel("init")
        self.assertNotIn("crime_location", tables(self.db))
        self.assertEqual(self.sql("SELECT count(*) FROM peel_migrations WHERE version = 103"),
                         [(1,)])
        self.peel("check")
        self.assertEqual(self.figures(), want)
        # every row came back with its own point and street name
        self.assertEqual(self.rows_by_name(
            self.sql("SELECT id, rows, data FROM crime_chunk ORDER BY id"),
            dict(self.sql("SELECT id, value FROM crime_dim WHERE kind = 15"))), was)


def force_file(month, force, rows):
    """rows: (LSOA code, LSOA name, crimes); one burglary row per crime."""
    out, k = [HEADER], 0
    for code, name, n in rows:
        for _ in range(n):
            out.append(f"{k:064x},{month},{force},{force},-1.217961,52.619800,"
                       f"On or near High Street,{code},{name},Burglary,Under investigation,")
            k += 1
    return "\r\n".join(out) + "\r\n"


class TwoForcesCase(CrimeCase):
    """Two months of Leicestershire's files and one of British Transport
    Police's, in Blaby, outside the force area and without a location."""

    BLABY = ("E01025631", "Blaby 002A")
    AWAY = ("E01099999", "Elsewhere 001A")
    FAR = ("E01088888", "Farther 001A")
    NOWHERE = ("", "")

    def setUp(self):
        super().setUp()
        leics, btp = "Leicestershire Police", "British Transport Police"
        self.peel("crime", "import", "--quiet",
                  self.write("2022-01-leicestershire-street.csv", force_file(
                      "2022-01", leics, [(*self.BLABY, 3), (*self.AWAY, 2), (*self.NOWHERE, 1)])),
                  self.write("2022-02-leicestershire-street.csv", force_file(
                      "2022-02", leics, [(*self.BLABY, 2), (*self.FAR, 1)])),
                  self.write("2022-01-btp-street.csv", force_file(
                      "2022-01", btp, [(*self.BLABY, 2), (*self.AWAY, 4), (*self.NOWHERE, 5)])))

    def by_area(self):
        return {r["name"]: r["crimes"] for r in self.js(
            "crime", "summary", "--area", "Leicestershire", "--by", "area") if r["crimes"]}

    def execute(self, *statements):
        con = connect(self.db)
        for sql in statements:
            con.execute(sql)
        con.commit()
        con.close()

    def figures(self):
        return (self.by_area(), self.peel("crime", "pack", "--area", "Leicestershire",
                                          "--format", "text", "--out", "-")[0])

    def undo_migration(self, table, version):
        """Turns the database back to its shape before the migration that
        made table, which peel then refuses until `peel init` runs it."""
        self.execute(f"DROP TABLE {table}",
                     f"DELETE FROM peel_migrations WHERE version = {version}")
        _, err = self.peel("crime", "summary", status=2)
        self.assertIn("needs 1 schema change", err)
        self.peel("init")

    def replace_february(self):
        out, _ = self.peel("crime", "import", self.write(
            "2022-02-leicestershire-street.csv",
            force_file("2022-02", "Leicestershire Police", [(*self.BLABY, 4)])))
        self.assertIn("replacing", out)


class ForceLsoaTest(TwoForcesCase):
    """crime_force_lsoa lists the LSOAs each reporting force's counts lie in
    (migration 105): a force's figures read the cells it placed outside its
    districts through it.  Kept by the import and by replacing a month, and
    filled by the migration for a database of the shape before it."""

    def pairs(self):
        return sorted(self.sql("SELECT d.value, l.code FROM crime_force_lsoa p"
                               " JOIN crime_dim d ON d.id = p.force_id"
                               " JOIN crime_lsoa l ON l.id = p.lsoa_id"))

    def assert_pairs_are_the_counts(self):
        self.assertEqual(self.sql("SELECT count(*) FROM crime_force_lsoa")[0][0],
                         len(self.pairs()))
        want = sorted(self.sql("SELECT DISTINCT d.value, l.code FROM crime_count c"
                               " JOIN crime_dim d ON d.id = c.force_id"
                               " JOIN crime_lsoa l ON l.id = c.lsoa_id"))
        self.assertEqual(self.pairs(), want)

    def test_import_keeps_the_pairs(self):
        self.assert_pairs_are_the_counts()
        self.assertIn(("Leicestershire Police", self.FAR[0]), self.pairs())
        # the force's own rows outside its districts, not BTP's there
        self.assertEqual(self.by_area(), {"Blaby": 7, "Outside the force area": 3,
                                          "No location": 1})

    def test_replacing_a_month_drops_the_lsoas_left_without_counts(self):
        self.replace_february()
        self.assert_pairs_are_the_counts()
        self.assertNotIn(("Leicestershire Police", self.FAR[0]), self.pairs())
        self.assertIn(("Leicestershire Police", self.AWAY[0]), self.pairs())
        self.assertEqual(self.by_area(), {"Blaby": 9, "Outside the force area": 2,
                                          "No location": 1})

    def test_check_finds_a_pair_missing_or_listed_without_counts(self):
        out, _ = self.peel("check")
        self.assertRegex(out, r"(?m)^ok\s+crime index\s+every force's LSOAs with counts")
        self.execute("DELETE FROM crime_force_lsoa WHERE lsoa_id ="
                     " (SELECT id FROM crime_lsoa WHERE code = 'E01088888')",
                     "INSERT INTO crime_force_lsoa (force_id, lsoa_id)"
                     " SELECT id, (SELECT id FROM crime_lsoa WHERE code = 'E01088888')"
                     " FROM crime_dim WHERE value = 'British Transport Police'")
        out, err = self.peel("check", status=1)
        self.assertRegex(out, r"(?m)^PROBLEM\s+crime index\s+1 \(force, LSOA\) pair with counts"
                              r" not listed, 1 listed without counts")
        self.assertIn("1 problem found", err)

    def test_an_older_database_is_filled_by_the_migration(self):
        want = self.figures()
        self.undo_migration("crime_force_lsoa", 105)
        self.assert_pairs_are_the_counts()
        self.assertEqual(len(self.pairs()), 7)
        self.peel("check")
        self.assertEqual(self.figures(), want)


class DistrictSumsTest(TwoForcesCase):
    """A force's figures read its districts' counts summed by district
    (crime_district_count, migration 106), kept by the import, by
    replacing a month and by an area import, made again by the migration,
    and checked by `peel check`."""

    SUMMED = ("SELECT l.district_id, c.month, c.force_id, c.type_id, c.outcome_id, sum(c.n)"
              " FROM crime_count c JOIN crime_lsoa l ON l.id = c.lsoa_id"
              " WHERE l.district_id IS NOT NULL GROUP BY 1, 2, 3, 4, 5")
    KEPT = ("SELECT district_id, month, force_id, type_id, outcome_id, n"
            " FROM crime_district_count")

    def assert_sums_are_the_counts(self):
        summed = sorted(tuple(r) for r in self.sql(self.SUMMED))
        self.assertTrue(summed)
        self.assertEqual(sorted(tuple(r) for r in self.sql(self.KEPT)), summed)
        out, _ = self.peel("check")
        self.assertRegex(out, r"(?m)^ok\s+crime sums\s+every district's sums")

    def test_import_keeps_the_sums(self):
        self.assert_sums_are_the_counts()
        # Blaby's 3 + 2 crimes of January (both forces) and 2 of February
        self.assertEqual(sorted(r[0] for r in self.sql(
            "SELECT sum(n) FROM crime_district_count GROUP BY month")), [2, 5])

    def test_replacing_a_month_keeps_the_sums(self):
        self.replace_february()
        self.assert_sums_are_the_counts()
        self.assertEqual(self.by_area(), {"Blaby": 9, "Outside the force area": 2,
                                          "No location": 1})

    def test_an_area_import_makes_them_again(self):
        self.execute("DELETE FROM crime_district_count")
        self.peel("area", "import", os.path.join(CRIME, "ons-lookup-sample.csv"))
        self.assert_sums_are_the_counts()

    def test_check_finds_a_wrong_sum(self):
        self.execute("UPDATE crime_district_count SET n = n + 1"
                     " WHERE (district_id, month, force_id, type_id, outcome_id) ="
                     " (SELECT district_id, month, force_id, type_id, outcome_id"
                     "  FROM crime_district_count ORDER BY 1, 2, 3, 4, 5 LIMIT 1)")
        out, err = self.peel("check", status=1)
        self.assertRegex(out, r"(?m)^PROBLEM\s+crime sums\s+1 sum by district"
                              r" differs from the counts")
        self.assertIn("1 problem found", err)

    def test_an_older_database_is_summed_by_the_migration(self):
        want = self.figures()
        self.undo_migration("crime_district_count", 106)
        self.assert_sums_are_the_counts()
        self.assertEqual(self.figures(), want)


@unittest.skipUnless(PG, "PostgreSQL only: SQLite has no statistics or visibility map to bring up")
class VacuumTest(TwoForcesCase):
    """On PostgreSQL an import ends with VACUUM (ANALYZE), so the first
    summaries are planned on the new rows' statistics, index-only scans
    need not read the heap, and a replaced month's rows are freed at once
    rather than when autovacuum comes round."""

    STATE = ("SELECT relname, last_vacuum, last_analyze FROM pg_stat_user_tables"
             " WHERE relname IN ('crime_count', 'crime_district_count') ORDER BY 1")

    def test_an_import_vacuums_and_analyzes(self):
        state = self.sql(self.STATE)
        self.assertEqual([r[0] for r in state], ["crime_count", "crime_district_count"])
        self.assertTrue(all(r[1] and r[2] for r in state))

    def test_replacing_a_month_vacuums_again(self):
        # n_dead_tup cannot say the rows were freed: the deleting session's
        # counts reach the statistics up to a second after the VACUUM's.
        before = self.sql(self.STATE)
        self.replace_february()
        after = self.sql(self.STATE)
        for b, a in zip(before, after):
            self.assertGreater(a[1], b[1], a[0])
            self.assertGreater(a[2], b[2], a[0])

if __name__ == "__main__":
    main()
