"""The register's web pages (src/web/pages_register.c) per role, against the
real server on the demo database with "today" fixed at 9 October 2023:

- the action tracker (staff only): figures computed here from the demo
  CSVs, filters, RAG as text, CSV download;
- the statutory calendar and its .ics (everyone; panel and public only see
  entries of records they may see), parsed back with python3-icalendar;
- the CGB report to the Panel: staff get the internal version (marked
  OFFICIAL-SENSITIVE), panel and public the public one without sensitive text.

The .ics needs Debian's python3-icalendar: like test_register_ics.py, the
test re-runs itself under /usr/bin/python3 when this interpreter lacks it
(and skips only that check when no interpreter has it)."""
import csv
import datetime
import html
import io
import os
import re
import sys

try:
    import icalendar
except ImportError:
    if os.path.exists("/usr/bin/python3") and os.environ.get("PEEL_ICS_REEXEC") != "1":
        os.environ["PEEL_ICS_REEXEC"] = "1"
        os.execv("/usr/bin/python3", ["/usr/bin/python3", *sys.argv])
    icalendar = None

from peelweb import Client, WebCase, main

SOURCE = os.environ.get("PEEL_SOURCE", os.path.join(os.path.dirname(__file__), "..", ".."))
TODAY = "2023-10-09"  # peelweb's PEEL_NOW
MARK = "SENSITIVEMARK91c"


def demo(name):
    with open(os.path.join(SOURCE, "demo", name + ".csv"), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def expected_actions(asof=TODAY, organisation=None):
    """The tracker's figures computed from the demo CSVs alone: an action's
    status is its latest update dated on or before asof (open when none);
    overdue when due before asof and not completed or cancelled."""
    updates = demo("action_update")
    out = []
    for a in demo("action"):
        if a["raised"] > asof or a["classification"] != "OFFICIAL":
            continue
        if organisation and a["organisation"] != organisation:
            continue
        ups = sorted((u for u in updates if u["action"] == a["ref"] and u["date"] <= asof),
                     key=lambda u: u["date"])
        status = ups[-1]["status"] if ups else "open"
        closed = status in ("completed", "cancelled")
        overdue = not closed and a["due"] != "" and a["due"] < asof
        out.append({"ref": a["ref"], "status": status, "open": not closed, "overdue": overdue,
                    "due": a["due"]})
    return out


def text_of(body):
    """The page's text with tags removed and entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


class Register(WebCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.srv.peel("demo")
        # one sensitive action (only staff may see it) and one meeting that is
        # OFFICIAL but not published (staff see it in the calendar, others not)
        cls.srv.peel("add", "action", "ref=WEBTEST-1", f"title={MARK} action",
                     "raised=2023-10-02", "due=2023-10-05", "classification=OFFICIAL-SENSITIVE",
                     "arose_from=engagement", "origin_note=A web test")
        cls.srv.peel("add", "meeting", "ref=CGB 2023-11-20", "body=Corporate Governance Board",
                     "date=2023-11-20", "time=10:00", f"title={MARK} private meeting",
                     "status=planned")

    # ---- action tracker ----

    def tracker_rows(self, body):
        return re.findall(r'<tr><td><a href="/records/action/\d+">([^<]+)</a>', body)

    def test_tracker_figures_match_the_demo(self):
        want = expected_actions()
        self.assertEqual(len(want), 15)  # the paper's 15 actions arising, April to July 2023
        r = self.clients["staff"].get("/register/actions")
        self.assertEqual(r.status, 200, r.text[:300])
        counts = re.search(r'id="counts">(\d+) actions?, (\d+) open, (\d+) overdue', r.text)
        self.assertIsNotNone(counts)
        # staff see the sensitive test action too (open, overdue), marked
        self.assertEqual(int(counts.group(1)), len(want) + 1)
        self.assertEqual(int(counts.group(2)), sum(a["open"] for a in want) + 1)
        self.assertEqual(int(counts.group(3)), sum(a["overdue"] for a in want) + 1)
        self.assertIn("OFFICIAL-SENSITIVE", r.text)
        self.assertIn("sensitive-banner", r.text)
        refs = self.tracker_rows(r.text)
        self.assertEqual(sorted(refs), sorted([a["ref"] for a in want] + ["WEBTEST-1"]))
        # RAG is text as well as colour
        self.assertIn('<span class="rag rag--red">Red</span>', r.text)

    def test_tracker_filters(self):
        staff = self.clients["staff"]
        want = [a for a in expected_actions() if a["overdue"]]
        r = staff.get("/register/actions?show=overdue")
        self.assertEqual(sorted(self.tracker_rows(r.text)),
                         sorted([a["ref"] for a in want] + ["WEBTEST-1"]))
        want = [a for a in expected_actions() if a["open"]]
        r = staff.get("/register/actions?show=open")
        self.assertEqual(len(self.tracker_rows(r.text)), len(want) + 1)
        want = expected_actions(organisation="force")
        r = staff.get("/register/actions?organisation=force")
        self.assertEqual(sorted(self.tracker_rows(r.text)), sorted(a["ref"] for a in want))
        r = staff.get("/register/actions?body=Corporate+Governance+Board")
        self.assertEqual(len(self.tracker_rows(r.text)), len(expected_actions()))
        r = staff.get("/register/actions?owner=nixon")
        self.assertTrue(self.tracker_rows(r.text))
        self.assertNotIn("CGB-2023-06-02", self.tracker_rows(r.text))
        # as of a past day: before the July meeting, the July actions did not exist
        r = staff.get("/register/actions?as_of=2023-07-01")
        self.assertEqual(len(self.tracker_rows(r.text)), len(expected_actions("2023-07-01")))
        # bad input: a clear 400, nothing else
        for q in ("show=late", "as_of=2023-13-01", "organisation=nobody", "colour=red"):
            with self.subTest(q=q):
                self.assertEqual(staff.get("/register/actions?" + q).status, 400)

    def test_tracker_csv(self):
        r = self.clients["staff"].get("/register/actions.csv?show=overdue")
        self.assertEqual(r.status, 200)
        self.assertTrue(r.header("Content-Type").startswith("text/csv"))
        self.assertIn("attachment", r.header("Content-Disposition"))
        rows = list(csv.DictReader(io.StringIO(r.text)))
        want = [a for a in expected_actions() if a["overdue"]]
        self.assertEqual(sorted(x["ref"] for x in rows),
                         sorted([a["ref"] for a in want] + ["WEBTEST-1"]))
        self.assertTrue(all(x["overdue"] == "yes" and x["rag"] == "red" for x in rows))
        marked = {x["ref"]: x["classification"] for x in rows}
        self.assertEqual(marked["WEBTEST-1"], "OFFICIAL-SENSITIVE")

    def test_tracker_is_staff_only(self):
        for path in ("/register/actions", "/register/actions.csv",
                     "/register/actions?show=overdue"):
            for who in ("public", "panel"):
                with self.subTest(who=who, path=path):
                    r = self.clients[who].get(path)
                    self.assertEqual(r.status, 403)
                    self.assertNotIn(MARK, r.text)
                    self.assertNotIn("CGB-2023-07-01", r.text)
            self.assertEqual(self.clients["admin"].get(path).status, 200)
        self.assertEqual(self.clients["staff"].request("POST", "/register/actions").status, 405)
        self.assertEqual(self.clients["staff"].get("/register/nothing").status, 404)

    def test_navigation(self):
        staff = self.clients["staff"].get("/").text
        for href in ("/register/actions", "/register/calendar", "/register/reports/cgb"):
            self.assertIn(f'href="{href}"', staff)
        for who in ("public", "panel"):
            page = self.clients[who].get("/").text
            self.assertNotIn('href="/register/actions"', page)
            self.assertIn('href="/register/calendar"', page)
            self.assertIn('href="/register/reports/cgb"', page)

    # ---- calendar ----

    def test_calendar_page(self):
        r = self.clients["staff"].get("/register/calendar?year=2024")
        self.assertEqual(r.status, 200)
        text = text_of(r.text)
        # precept 2024-25: notified by 1 February, final precept by 1 March
        self.assertIn("1 February 2024", text)
        self.assertIn("1 March 2024", text)
        self.assertIn("Only if the Panel vetoes", text)
        self.assertIn('href="/register/calendar.ics?year=2024"', r.text)
        # the default year is today's
        self.assertIn("Statutory calendar 2023", self.clients["staff"].get("/register/calendar").text)
        for q in ("year=abc", "year=1066", "year=2024&x=1"):
            with self.subTest(q=q):
                self.assertEqual(self.clients["staff"].get("/register/calendar?" + q).status, 400)

    def test_calendar_per_role(self):
        staff = self.clients["staff"].get("/register/calendar?year=2023").text
        self.assertIn(MARK, staff)
        self.assertIn("Police and Crime Panel", staff)
        for who in ("public", "panel"):
            with self.subTest(who=who):
                r = self.clients[who].get("/register/calendar?year=2023")
                self.assertEqual(r.status, 200)
                self.assertNotIn(MARK, r.text)
                self.assertIn("Precept 2023-24", r.text)
                # published meetings are public
                self.assertIn("Police and Crime Panel", r.text)
                ics = self.clients[who].get("/register/calendar.ics?year=2023")
                self.assertEqual(ics.status, 200)
                self.assertNotIn(MARK, ics.text)

    def test_calendar_ics(self):
        if icalendar is None:
            self.skipTest("python3-icalendar is not installed")
        r = self.clients["public"].get("/register/calendar.ics?year=2024")
        self.assertEqual(r.status, 200)
        self.assertTrue(r.header("Content-Type").startswith("text/calendar"))
        self.assertIn("peel-calendar-2024.ics", r.header("Content-Disposition"))
        cal = icalendar.Calendar.from_ical(r.body)
        events = {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}
        notify = events["Precept 2024-25: Proposed precept notified to the Police and Crime Panel"]
        self.assertEqual(notify.decoded("DTSTART"), datetime.date(2024, 2, 1))
        self.assertEqual(str(events["Precept 2024-25: PCC's response and revised precept (if vetoed)"]
                             ["STATUS"]), "TENTATIVE")
        self.assertEqual(events["Precept 2024-25: Final precept issued"].decoded("DTSTART"),
                         datetime.date(2024, 3, 1))
        # staff's 2023 file has the unpublished meeting, the public's has not
        staff = icalendar.Calendar.from_ical(
            self.clients["staff"].get("/register/calendar.ics?year=2023").body)
        public = icalendar.Calendar.from_ical(
            self.clients["public"].get("/register/calendar.ics?year=2023").body)
        s_sum = [str(e["SUMMARY"]) for e in staff.walk("VEVENT")]
        p_sum = [str(e["SUMMARY"]) for e in public.walk("VEVENT")]
        self.assertEqual([s for s in s_sum if MARK in s],
                         [f"Corporate Governance Board: {MARK} private meeting"])
        self.assertEqual(sorted(set(s_sum) - set(p_sum)),
                         [f"Corporate Governance Board: {MARK} private meeting"])
        m = [e for e in staff.walk("VEVENT") if MARK in str(e["SUMMARY"])][0]
        start = m.decoded("DTSTART")
        self.assertEqual((start.year, start.month, start.day, start.hour), (2023, 11, 20, 10))

    # ---- CGB report ----

    def sensitive_texts(self):
        """Overviews and force updates of the demo's sensitive CGB items."""
        out = []
        for it in demo("item"):
            if it["classification"] == "OFFICIAL-SENSITIVE" and it["ref"].startswith("CGB 2023-0"):
                out += [t for t in (it["overview"], it["force_update"]) if len(t) > 20]
        return out

    def test_cgb_report_staff_internal(self):
        texts = self.sensitive_texts()
        self.assertTrue(texts)
        r = self.clients["staff"].get("/register/reports/cgb?from=2023-04-01&to=2023-07-31")
        self.assertEqual(r.status, 200)
        page = text_of(r.text)
        for t in texts:
            self.assertIn(" ".join(t.split())[:60], " ".join(page.split()))
        self.assertIn("OFFICIAL-SENSITIVE", r.text)
        self.assertIn("sensitive-banner", r.text)
        self.assertIn("Corporate Governance Board, 19 April 2023", page)
        self.assertIn("Actions arising", page)
        self.assertIn("CGB-2023-07-01", page)

    def test_cgb_report_public_version(self):
        texts = self.sensitive_texts()
        for who in ("public", "panel"):
            with self.subTest(who=who):
                r = self.clients[who].get("/register/reports/cgb?from=2023-04-01&to=2023-07-31")
                self.assertEqual(r.status, 200)
                self.assertNotIn("OFFICIAL-SENSITIVE", r.text)
                self.assertNotIn("sensitive-banner", r.text)
                page = " ".join(text_of(r.text).split())
                for t in texts:
                    self.assertNotIn(" ".join(t.split())[:60], page)
                self.assertIn("This item is marked Official-Sensitive and is not published", page)
                self.assertIn("Corporate Governance Board, 19 April 2023", page)
                self.assertIn("CGB-2023-07-01", page)
                self.assertNotIn(MARK, r.text)

    def test_cgb_default_period_and_bad_input(self):
        # default: the financial year to date (1 April to 9 October 2023)
        r = self.clients["public"].get("/register/reports/cgb")
        self.assertEqual(r.status, 200)
        self.assertIn('value="2023-04-01"', r.text)
        self.assertIn('value="2023-10-09"', r.text)
        for q in ("from=2023-08-01&to=2023-07-01", "from=yesterday", "body=x"):
            with self.subTest(q=q):
                self.assertEqual(self.clients["public"].get("/register/reports/cgb?" + q).status,
                                 400)


if __name__ == "__main__":
    main()
