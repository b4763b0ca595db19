"""Engagement (issue 19): the record types' rules refuse bad input naming the
field and save nothing; `peel engagement summary` and `coverage` against
expectations worked out by hand from the demo (seed 001 para 6: seven
Community Days, one in each of seven districts, between 1 August and 30
September 2024) and from the test's own records below; the demo loads twice
with nothing created the second time; a public reader sees neither
unpublished records nor a resident's details."""
import csv
import html
import os
import re
import json
import shutil
import tempfile
import unittest
from xml.etree import ElementTree

import peeltest
import peelweb

# After the demo's "held" transitions (dated 28 October 2024).
NOW = "2024-11-01T12:00:00Z"


class Engagement(peeltest.PeelCase):
    def setUp(self):
        super().setUp()
        self.env["PEEL_NOW"] = NOW
        self.peel("init")
        self.peel("demo")

    def rows(self, *args, role=None):
        extra = ("--as", role) if role else ()
        out, _ = self.peel(*extra, "engagement", *args, "--format", "json")
        return [(r["section"], r["item"], r["count"], r["flag"]) for r in json.loads(out)["rows"]]

    def count(self, type_):
        return self.sql(f'SELECT count(*) FROM "{type_}"')[0][0]

    def add_example(self):
        """The test's own records: a period worked out by hand."""
        add = lambda *a: self.peel("add", *a)  # noqa: E731
        add("area", "code=T-NPA-1", "name=Test NPA one", "kind=npa", "parent=E07000131")
        add("engagement", "ref=T-1", "title=Community Day: Harborough", "kind=community_day",
            "date=2024-08-15", "district=E07000131", "npa=T-NPA-1", "initiated_by=opcc_programme",
            "publish=no")
        add("engagement", "ref=T-2", "title=Meeting about speeding", "kind=concern_meeting",
            "date=2024-09-03", "initiated_by=request", "initiated_why=Residents asked to meet")
        add("engagement", "ref=T-3", "title=Village fete", "kind=community_event",
            "date=2024-09-10", "initiated_by=invitation")
        add("engagement", "ref=T-4", "title=Visit to a service", "kind=service_visit",
            "date=2024-09-20", "initiated_by=invitation")
        add("engagement", "ref=T-5", "title=Community Day: Harborough again",
            "kind=community_day", "date=2024-10-02", "district=E07000131")
        for ref, date in (("T-1", "2024-08-15"), ("T-2", "2024-09-03"), ("T-3", "2024-09-10"),
                          ("T-5", "2024-10-02")):
            self.peel("transition", "engagement", ref, "held", "--date", date)
        add("feedback", "ref=F-1", "engagement=T-2", "polarity=negative", "theme=Road safety",
            "summary=Speeding on the main road", "relayed_to=Neighbourhood Area Commander",
            "relayed_on=2024-09-04", "resident_name=CANARY-NAME",
            "resident_contact=canary@example.org", "publish=yes")
        add("feedback", "ref=F-2", "engagement=T-3", "polarity=positive",
            "summary=Thanks for the new patrols")
        add("action", "ref=T-A1", "title=Speed check on the main road", "arose_from=engagement",
            "origin_note=T-2", "raised=2024-09-05", "due=2024-10-01", "owner_name=OPCC")
        add("action", "ref=T-A2", "title=Reply to the fete committee", "arose_from=engagement",
            "origin_note=T-3", "raised=2024-09-11", "due=2024-12-01", "owner_name=OPCC")
        self.peel("transition", "action", "T-A2", "completed", "--date", "2024-09-20",
                  "--evidence", "Letter sent")

    def test_demo_loads_twice(self):
        out, _ = self.peel("demo")
        self.assertIn("0 created, 0 updated", out)
        # seven community days of 001, seven events, a surgery and two meetings of 002
        self.assertEqual(self.count("engagement"), 17)
        self.assertEqual(self.count("ysdw"), 5)
        self.assertEqual(self.count("theme"), 2)
        self.assertEqual(self.count("pause"), 1)
        self.assertEqual(self.count("feedback"), 0)

    def test_summary_of_the_demo_period(self):
        got = self.rows("summary", "--from", "2024-08-01", "--to", "2024-09-30")
        want = [("Community days held", "", 7, "")]
        # seed 001 para 6 a-g, one day in each (Leicester City is Leicester)
        for d in sorted(["Hinckley and Bosworth", "Charnwood", "Melton", "Leicester", "Blaby",
                         "North West Leicestershire", "Rutland"]):
            want.append(("Community days held", d, 1, ""))
        want += [("Other visits and meetings held", "", 0, ""),
                 ("Themes", "Road safety", 0, ""), ("Themes", "Anti-social behaviour", 0, ""),
                 ("Feedback heard", "", 0, ""), ("Feedback passed on", "", 0, ""),
                 ("Follow-up actions", "Open", 0, ""),
                 ("Follow-up actions", "Of which overdue", 0, ""),
                 ("Follow-up actions", "Completed", 0, ""),
                 ("By month", "August 2024", 0, ""), ("By month", "September 2024", 0, ""),
                 ("By month", "Day not recorded, period spans months", 7, ""),
                 ("Pauses", "Pre-election period (reported October 2024)", 0,
                  "dates not recorded: no month labelled"),
                 ("Correspondence", "Written replies", 0, "")]
        self.assertEqual(got, want)

    def test_summary_worked_by_hand(self):
        self.add_example()
        got = self.rows("summary", "--from", "2024-08-01", "--to", "2024-09-30")
        d = dict(((s, i), n) for s, i, n, _ in got)
        # 7 demo days + T-1 (T-5 is in October)
        self.assertEqual(d[("Community days held", "")], 8)
        self.assertEqual(d[("Community days held", "Harborough")], 1)
        # T-2 and T-3 held; T-4 is still planned
        self.assertEqual(d[("Other visits and meetings held", "")], 2)
        self.assertEqual(d[("Other visits and meetings held, how initiated", "A request to meet")], 1)
        self.assertEqual(d[("Other visits and meetings held, how initiated", "An invitation")], 1)
        self.assertEqual(d[("Other visits and meetings held, kind", "Meeting about a concern")], 1)
        self.assertEqual(d[("Other visits and meetings held, kind", "Community event")], 1)
        self.assertEqual(d[("Themes", "Road safety")], 1)
        self.assertEqual(d[("Themes", "Anti-social behaviour")], 0)
        self.assertEqual(d[("Feedback heard", "")], 2)
        self.assertEqual(d[("Feedback heard", "Positive")], 1)
        self.assertEqual(d[("Feedback heard", "Negative")], 1)
        self.assertEqual(d[("Feedback passed on", "")], 1)
        # T-A1 open and due 1 October (before 1 November); T-A2 completed
        self.assertEqual(d[("Follow-up actions", "Open")], 1)
        self.assertEqual(d[("Follow-up actions", "Of which overdue")], 1)
        self.assertEqual(d[("Follow-up actions", "Completed")], 1)
        self.assertEqual(d[("Not counted", "Planned or advertised, not recorded as held")], 1)

    def test_pause_labelling(self):
        """Each month of the period with its count and the pauses in it,
        worked by hand from add_example: T-1 on 15 August; T-2 and T-3 in
        September (T-4 is still planned); T-5 on 2 October; the demo's seven
        days fell somewhere in August and September, so no month holds them."""
        self.add_example()
        self.peel("add", "pause", "name=Test pause", "from=2024-09-21", "to=2024-09-30")
        got = [r for r in self.rows("summary", "--from", "2024-08-01", "--to", "2024-10-31")
               if r[0] in ("By month", "Pauses")]
        self.assertEqual(got, [
            ("By month", "August 2024", 1, ""),
            ("By month", "September 2024", 2, "paused in part: Test pause"),
            ("By month", "October 2024", 1, ""),
            ("By month", "Day not recorded, period spans months", 7, ""),
            ("Pauses", "Pre-election period (reported October 2024)", 0,
             "dates not recorded: no month labelled"),
            ("Pauses", "Test pause", 10, "days of the period")])
        got = [r for r in self.rows("summary", "--from", "2024-09-21", "--to", "2024-09-30")
               if r[0] == "By month"]
        self.assertEqual(got, [("By month", "September 2024", 0, "paused throughout: Test pause")])
        # a pause over an engagement already dated inside it, naming both
        _, err = self.peel("add", "pause", "name=Over T-2", "from=2024-09-01", "to=2024-09-05",
                           status=2)
        self.assertIn("from", err)
        self.assertIn("T-2", err)
        self.assertEqual(self.count("pause"), 2)

    def test_public_sees_only_published(self):
        self.add_example()
        got = self.rows("summary", "--from", "2024-08-01", "--to", "2024-09-30", role="public")
        d = dict(((s, i), n) for s, i, n, _ in got)
        # T-1..T-4 are not published: only the demo's seven days remain
        self.assertEqual(d[("Community days held", "")], 7)
        self.assertNotIn(("Community days held", "Harborough"), d)
        self.assertEqual(d[("Other visits and meetings held", "")], 0)
        self.assertEqual(d[("Feedback heard", "")], 0)
        self.assertEqual(d[("Follow-up actions", "Open")], 0)
        # the resident's details: staff only, even on published feedback
        for args in (("show", "feedback", "F-1"), ("export", "feedback"),
                     ("export", "feedback", "--format", "json"), ("list", "feedback")):
            with self.subTest(args=args):
                out, _ = self.peel("--as", "public", *args)
                self.assertNotIn("CANARY", out)
                self.assertNotIn("canary@", out)
        out, _ = self.peel("show", "feedback", "F-1")
        self.assertIn("CANARY-NAME", out)
        out, _ = self.peel("--as", "public", "list", "engagement")
        self.assertNotIn("T-2", out)

    def test_coverage_worked_by_hand(self):
        self.add_example()
        got = self.rows("coverage", "--year", "2024-25")
        districts = {i: (n, f) for s, i, n, f in got if s == "District"}
        # the demo's seven districts once each; Harborough T-1 and T-5; Oadby and Wigston none
        self.assertEqual(districts["E07000131 Harborough"], (2, ""))
        self.assertEqual(districts["E07000135 Oadby and Wigston"], (0, "not visited"))
        for code in ("E06000016", "E07000129", "E07000130", "E07000132", "E07000133",
                     "E07000134", "E06000017"):
            self.assertEqual([v for k, v in districts.items() if k.startswith(code)], [(1, "")])
        npas = [(i, n, f) for s, i, n, f in got if s == "NPA"]
        # only T-1 names the NPA: one day, fewer than the two of the 2022/23 standard
        self.assertEqual(npas, [("T-NPA-1 Test NPA one", 1, "fewer than two")])
        d = dict(((s, i), n) for s, i, n, _ in got)
        # every day but T-1 has no NPA: 7 demo + T-5
        self.assertEqual(d[("Not placed", "Community days with no NPA recorded")], 8)

    def test_coverage_2022_23_of_the_demo(self):
        # seed 002's 39 community days exist only as a count: no record, every district flagged
        got = self.rows("coverage", "--year", "2022-23")
        districts = [(n, f) for s, i, n, f in got if s == "District"]
        self.assertEqual(len(districts), 9)
        self.assertTrue(all(x == (0, "not visited") for x in districts))
        self.assertIn(("NPA", "None recorded", 0, ""), got)
        out, _ = self.peel("engagement", "coverage", "--year", "2022-23", "--format", "csv")
        self.assertEqual(next(csv.reader(out.splitlines())), ["section", "item", "count", "flag"])

    def test_rules_refuse_naming_the_field(self):
        self.add_example()
        before = {t: self.count(t) for t in ("engagement", "feedback", "ysdw", "pause")}
        # feedback relayed before the engagement (T-2 was on 3 September)
        _, err = self.peel("add", "feedback", "ref=F-9", "engagement=T-2", "polarity=neutral",
                           "summary=x", "relayed_on=2024-09-01", status=2)
        self.assertIn("relayed_on", err)
        self.assertIn("T-2", err)
        # relayed before the first day of the period an undated demo day fell in
        _, err = self.peel("add", "feedback", "ref=F-8", "engagement=001-6a", "polarity=neutral",
                           "summary=x", "relayed_on=2024-07-31", status=2)
        self.assertIn("relayed_on", err)
        # an engagement dated inside a pause, naming the pause
        self.peel("add", "pause", "name=Test pause", "from=2024-12-01", "to=2024-12-31")
        before["pause"] += 1
        _, err = self.peel("add", "engagement", "ref=T-9", "title=x", "kind=other",
                           "date=2024-12-10", status=2)
        self.assertIn("date", err)
        self.assertIn("Test pause", err)
        self.peel("add", "engagement", "ref=T-10", "title=x", "kind=other", "date=2025-01-01")
        before["engagement"] += 1
        # a published "You said, we did" answering unpublished feedback (F-2)
        _, err = self.peel("add", "ysdw", "ref=Y-9", "we_did=x", "feedback=F-2", "publish=yes",
                           status=2)
        self.assertIn("feedback", err)
        self.assertIn("F-2", err)
        self.peel("add", "ysdw", "ref=Y-10", "we_did=x", "feedback=F-1", "publish=yes")
        before["ysdw"] += 1
        # ... and the feedback it answers cannot be unpublished under it
        _, err = self.peel("set", "feedback", "F-1", "publish=no", status=2)
        self.assertIn("publish", err)
        self.assertIn("Y-10", err)
        self.assertEqual(self.sql("SELECT publish FROM feedback WHERE ref = 'F-1'"), [(1,)])
        # a district that is not a district; a period ending before it starts
        _, err = self.peel("add", "engagement", "ref=T-11", "title=x", "kind=other",
                           "district=T-NPA-1", status=2)
        self.assertIn("district", err)
        _, err = self.peel("add", "engagement", "ref=T-12", "title=x", "kind=other",
                           "held_from=2024-09-01", "held_to=2024-08-01", status=2)
        self.assertIn("held_to", err)
        _, err = self.peel("add", "pause", "name=Half", "from=2024-01-01", status=2)
        self.assertIn("to", err)
        # an action from feedback that nobody owns
        _, err = self.peel("add", "action", "ref=T-A9", "title=x", "arose_from=engagement",
                           "origin_note=T-2", "raised=2024-09-05", status=2)
        self.assertIn("owner", err)
        # nothing saved by the refusals
        for t, n in before.items():
            self.assertEqual(self.count(t), n, t)
        self.assertEqual(self.sql("SELECT count(*) FROM action WHERE ref = 'T-A9'")[0][0], 0)

    def test_erasure(self):
        """A resident asks to be forgotten: the name and contact details go
        from the record, its exports, the audit trail's values and the
        database file; the trail still says who erased them and when."""
        name, contact = "ERASECANARY Resident", "erasecanary@example.org"
        self.peel("add", "feedback", "ref=TEST-FB-1", "engagement=001-6a", "polarity=negative",
                  "summary=Speeding on the high street", f"resident_name={name}",
                  "resident_contact=first@example.org")
        self.peel("set", "feedback", "TEST-FB-1", f"resident_contact={contact}")
        hist, _ = self.peel("history", "feedback", "TEST-FB-1")
        self.assertIn(contact, hist)  # staff's history shows it until it is erased
        before = os.path.join(self.dir, "before.db")
        if not peeltest.PG:  # peel backup writes SQLite files (PostgreSQL: pg_dump)
            self.peel("backup", before)
            with open(before, "rb") as f:
                self.assertIn(b"ERASECANARY", f.read())  # a backup made before keeps it
        _, err = self.peel("erase", "feedback", "TEST-FB-1")
        self.assertIn("2 personal fields erased", err)
        out, _ = self.peel("show", "feedback", "TEST-FB-1", "--format", "json")
        rec = json.loads(out)
        self.assertFalse(rec.get("resident_name"))
        self.assertFalse(rec.get("resident_contact"))
        self.assertEqual(rec["summary"], "Speeding on the high street")  # the feedback stays
        hist, _ = self.peel("history", "feedback", "TEST-FB-1")
        for canary in ("ERASECANARY", "erasecanary", "first@example.org"):
            self.assertNotIn(canary, hist)
            self.assertNotIn(canary, self.peel("export", "feedback")[0])
        self.assertIn("erase", hist)
        self.assertIn("tester", hist)
        rows = self.sql("SELECT \"user\", action FROM peel_audit WHERE type = 'feedback'"
                        " AND action = 'erase'")
        self.assertEqual(sorted(rows), [("tester", "erase"), ("tester", "erase")])
        after = os.path.join(self.dir, "after.db")
        if not peeltest.PG:  # the SQLite file, its log and its backup
            self.peel("backup", after)
            _, err = self.peel("backup", after, status=2)  # never over an existing file
            self.assertIn("already exists", err)
            for path in (self.db, self.db + "-wal", after):
                if os.path.exists(path):
                    with open(path, "rb") as f:
                        data = f.read()
                    for canary in (b"ERASECANARY", b"erasecanary", b"first@example.org"):
                        self.assertNotIn(canary, data, path)
        # a type with no personal data has nothing to erase
        _, err = self.peel("erase", "engagement", "001-6a", status=2)
        self.assertIn("no personal data", err)

    def test_bad_arguments(self):
        for args in (("summary", "--from", "2024-08-01"),
                     ("summary", "--from", "2024-09-01", "--to", "2024-08-01"),
                     ("coverage",), ("coverage", "--year", "2022"), ("nothing",)):
            with self.subTest(args=args):
                self.peel("engagement", *args, status=2)


class VisitPoint(peeltest.PeelCase):
    """A visit's map point against the ONS boundaries: the Blaby fixture
    (2011 LSOAs, tests/data/crime/geography) installed as the only boundary
    of the only district.  Inside: an LSOA's own centroid as the file gives
    it; outside: central London."""

    INSIDE = "52.57149,-1.16684"  # Blaby 008A's LAT, LONG
    OUTSIDE = "51.50740,-0.12780"

    def setUp(self):
        super().setUp()
        root = os.path.join(self.dir, "shared", "data", "geography", "geo-lookups",
                            "boundaries")
        os.makedirs(root)
        os.symlink(os.path.join(peeltest.SOURCE, "tests", "data", "crime", "geography",
                                "lsoa11"), os.path.join(root, "lsoa11"))
        self.env["PEEL_SHARED"] = os.path.join(self.dir, "shared")
        self.peel("init")
        self.peel("add", "area", "code=E07000129", "name=Blaby", "kind=district")

    def test_point_outside_every_district(self):
        _, err = self.peel("add", "engagement", "ref=P-1", "title=x", "kind=other",
                           f"point={self.OUTSIDE}", status=2)
        self.assertIn("point", err)
        self.assertIn("outside every district", err)
        self.peel("add", "engagement", "ref=P-2", "title=x", "kind=other", f"point={self.INSIDE}")

    def test_point_outside_its_district(self):
        _, err = self.peel("add", "engagement", "ref=P-3", "title=x", "kind=other",
                           "district=E07000129", f"point={self.OUTSIDE}", status=2)
        self.assertIn("point", err)
        self.assertIn("outside district E07000129 Blaby", err)
        self.peel("add", "engagement", "ref=P-4", "title=x", "kind=other", "district=E07000129",
                  f"point={self.INSIDE}")
        self.assertEqual(self.sql("SELECT ref FROM engagement ORDER BY ref"), [("P-4",)])

    def test_no_boundary_no_claim(self):
        """A district whose boundary is not installed: nothing can be said."""
        self.peel("add", "area", "code=E07000130", "name=Charnwood", "kind=district")
        self.peel("add", "engagement", "ref=P-5", "title=x", "kind=other",
                  f"point={self.OUTSIDE}")
        self.peel("add", "engagement", "ref=P-6", "title=x", "kind=other", "district=E07000130",
                  f"point={self.OUTSIDE}")


class VisitMap(unittest.TestCase):
    """The period's map and its table of visits against the records: the
    Blaby fixture as the only boundary installed, a visit placed inside it,
    one with no map point, one placed in London (off the map) and one that is
    not published, with a canary title."""

    def test_points_and_table(self):
        tmp = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, tmp)
        root = os.path.join(tmp, "data", "geography", "geo-lookups", "boundaries")
        os.makedirs(root)
        os.symlink(os.path.join(peeltest.SOURCE, "tests", "data", "crime", "geography",
                                "lsoa11"), os.path.join(root, "lsoa11"))
        old = os.environ.get("PEEL_SHARED")
        os.environ["PEEL_SHARED"] = tmp
        try:
            srv = peelweb.Server(accounts=False)
        finally:
            if old is None:
                del os.environ["PEEL_SHARED"]
            else:
                os.environ["PEEL_SHARED"] = old
        try:
            srv.peel("demo")
            visits = (("M-1", "Blaby visit", "district=E07000129", "point=52.57149,-1.16684",
                       "publish=yes"),
                      ("M-2", "Visit with no point", "publish=yes"),
                      ("M-3", "London visit", "point=51.50740,-0.12780", "publish=yes"),
                      ("M-4", "MAPCANARY visit", "point=52.57149,-1.16684", "publish=no"))
            for ref, title, *extra in visits:
                srv.peel("add", "engagement", f"ref={ref}", f"title={title}",
                         "kind=concern_meeting", "date=2023-09-12", *extra)
                srv.peel("transition", "engagement", ref, "held", "--date", "2023-09-12")
            r = srv.client().get("/engagement?from=2023-09-01&to=2023-09-30&year=2023-24")
            self.assertEqual(r.status, 200)
            self.assertNotIn("MAPCANARY", r.text)
            # the dots: the published visits with a point inside the drawing
            self.assertIn('id="period-map"', r.text)
            dots = re.findall(r'<circle class="mark"[^>]*><title>([^<]*)</title>', r.text)
            self.assertEqual(dots, ["Blaby visit"])
            self.assertIn("1 map point lies outside the force area", r.text)
            # the table: every published visit held in the period, as recorded
            table = r.text.split('id="engagement-visits"')[1].split("</table>")[0]
            rows = re.findall(r'<tr><td><a href="/records/engagement/\d+">([^<]+)</a></td>'
                              r'<th scope="row">([^<]+)</th><td>[^<]*</td><td>([^<]*)</td>'
                              r'<td>([^<]*)</td><td>([^<]*)</td></tr>', table)
            self.assertEqual(sorted(rows), [
                ("M-1", "Blaby visit", "2023-09-12", "Blaby", "52.57149, -1.16684"),
                ("M-2", "Visit with no point", "2023-09-12", "Not recorded", "Not recorded"),
                ("M-3", "London visit", "2023-09-12", "Not recorded", "51.50740, -0.12780")])
        finally:
            srv.stop()
            srv.cleanup()


class EngagementPage(unittest.TestCase):
    """/engagement on the demo, at peelweb's today (9 October 2023): the annual
    report's events, surgery and two meetings (1 April 2022 to 31 March 2023)
    are held by then; the 2024 days are not yet."""

    def test_page(self):
        srv = peelweb.Server(accounts=False)
        try:
            srv.peel("demo")
            c = srv.client()
            r = c.get("/engagement?from=2022-04-01&to=2023-03-31&year=2022-23")
            self.assertEqual(r.status, 200)
            row = '<tr><td>{}</td><th scope="row">{}</th><td class="num">{}</td><td>{}</td></tr>'
            # 7 events + 1 surgery + 2 meetings; none says how it was initiated
            for want in (("Community days held", "Total", 0, ""),
                         ("Other visits and meetings held", "Total", 10, ""),
                         ("Other visits and meetings held, how initiated",
                          "How it was initiated not recorded", 10, ""),
                         ("Other visits and meetings held, kind", "Community event", 7, ""),
                         ("Other visits and meetings held, kind", "Surgery", 1, ""),
                         ("District", "E07000135 Oadby and Wigston", 0, "not visited")):
                with self.subTest(want=want):
                    self.assertIn(row.format(*want), r.text)
            self.assertEqual(c.get("/engagement?from=2024-09-01&to=2024-08-01").status, 400)
            self.assertEqual(c.get("/engagement?year=2022").status, 400)
            self.assertEqual(c.get("/engagement?colour=red").status, 400)
            # the coverage map beside its table, when the ONS boundaries are installed
            r = c.get("/engagement?from=2024-08-01&to=2024-09-30&year=2024-25")
            self.assertEqual(r.status, 200)
            boundaries = os.path.join(peeltest.SHARED, "data", "geography", "geo-lookups",
                                      "boundaries", "lsoa")
            titles = dict(re.findall(r"<title>([^<:]+): (\d+) community days</title>", r.text))
            if os.path.isdir(boundaries):
                self.assertIn('id="coverage-map"', r.text)
                # on 9 October 2023 none of 2024's days is held yet: every district 0,
                # each drawn with the count of its row in the table
                self.assertEqual(len(titles), 9)
                self.assertEqual(set(titles.values()), {"0"})
                rows = dict(re.findall(r'<th scope="row">E\d+ ([^<]+)</th><td class="num">(\d+)'
                                       r'</td>', r.text))
                for name, n in titles.items():
                    self.assertEqual(rows.get(name), n, name)
            else:
                self.assertNotIn('id="coverage-map"', r.text)
            # You said, we did: every published entry, an unpublished one never
            with open(os.path.join(peeltest.SOURCE, "demo", "ysdw.csv"), newline="",
                      encoding="utf-8") as f:
                entries = [e for e in csv.DictReader(f) if e["publish"] == "yes"]
            srv.peel("add", "ysdw", "ref=TEST-YSDW", "you_said=YSDWCANARY said",
                     "we_did=YSDWCANARY done")
            r = c.get("/engagement/you-said-we-did")
            self.assertEqual(r.status, 200)
            self.assertEqual(r.text.count('<li class="ysdw">'), len(entries))
            for e in entries:
                self.assertIn(html.escape(e["we_did"], quote=True).split("&")[0], r.text)
            self.assertNotIn("YSDWCANARY", r.text)
            self.assertEqual(c.get("/engagement/you-said-we-did?x=1").status, 400)
            # the Atom feeds: well-formed, only what is published
            atom = "{http://www.w3.org/2005/Atom}"
            r = c.get("/feeds/you-said-we-did.atom")
            self.assertEqual(r.status, 200)
            self.assertTrue(r.header("Content-Type").startswith("application/atom+xml"))
            feed = ElementTree.fromstring(r.text)
            self.assertEqual(len(feed.findall(atom + "entry")), len(entries))
            self.assertNotIn("YSDWCANARY", r.text)
            srv.peel("add", "meeting", "ref=TEST-FEED", "body=Corporate Governance Board",
                     "date=2023-11-21", "title=FEEDCANARY meeting", "status=planned")
            r = c.get("/feeds/meetings.atom")
            feed = ElementTree.fromstring(r.text)
            titles = [e.find(atom + "title").text for e in feed.findall(atom + "entry")]
            self.assertTrue(titles)
            self.assertNotIn("FEEDCANARY", r.text)
            self.assertEqual(c.get("/feeds/meetings.atom?x=1").status, 400)
        finally:
            srv.stop()
            srv.cleanup()


if __name__ == "__main__":
    peeltest.main()
