"""The register's web pages (src/web/pages_register.c) per role, against the
real server on the demo database with "today" fixed at 9 October 2023:

- the action tracker (staff only): figures computed here from the demo
  CSVs, filters, RAG as text, CSV download;
- the statutory calendar and its .ics (everyone; panel and public only see
  entries of records they may see), parsed back with python3-icalendar;
- the CGB report to the Panel: staff get the internal version (marked
  OFFICIAL-SENSITIVE), panel and public the public one without sensitive text;
  its standalone HTML download (public for everyone, internal for staff only);
- the work programme, the recommendations with their responses and the
  HMICFRS 56-day figure (everyone, built from the records the reader may
  see): counts computed here from the demo CSVs;
- the tracker's counts by group, against the same CSVs;
- for every new page: the status per role, no OFFICIAL-SENSITIVE or
  unpublished test text for panel and public, and the accessibility basics
  (one h1, labelled controls, captioned tables, scoped headers).

The .ics needs Debian's python3-icalendar: like test_register_ics.py, the
test re-runs itself under /usr/bin/python3 when this interpreter lacks it
(and skips only that check when no interpreter has it)."""
import csv
import datetime
import html
import html.parser
import io
import os
import re
import sys
from urllib.parse import unquote

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
PANEL = "Police and Crime Panel"
WITHHELD = "This item is marked Official-Sensitive and is not published"
# The test's own records (setUpClass): sensitive actions only staff see in the
# tracker, (open, overdue) on TODAY; a recommendation, a work programme entry
# and an HMICFRS publication left unpublished, so only staff see them.
TEST_ACTIONS = {"WEBTEST-1": (True, True), "WEBTEST-2": (True, False)}
TEST_PUBLICATION = {"published": "2022-05-02", "response": "2022-06-20"}  # 49 days


def demo(name):
    with open(os.path.join(SOURCE, "demo", name + ".csv"), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def expected_actions(asof=TODAY, organisation=None):
    """The tracker's figures computed from the demo CSVs alone: an action's
    status is its latest update dated on or before asof (open when none);
    overdue when due before asof and not completed or cancelled."""
    updates = demo("action_update")
    meetings = {m["ref"]: m for m in demo("meeting")}
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
        meeting = meetings.get(a["meeting"])
        out.append({"ref": a["ref"], "status": status, "open": not closed, "overdue": overdue,
                    "due": a["due"], "organisation": a["organisation"],
                    "owner": a["owner"] or a["owner_name"],
                    "body": meeting["body"] if meeting else ""})
    return out


def expected_groups(by, actions):
    """Counts per group (total, open, overdue), "(none)" for an empty name."""
    out = {}
    for a in actions:
        g = out.setdefault(a[by] or "(none)", [0, 0, 0])
        g[0] += 1
        g[1] += a["open"]
        g[2] += a["overdue"]
    return out


def text_of(body):
    """The page's text with tags removed and entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def flat(body):
    """text_of with runs of white space made one space."""
    return " ".join(text_of(body).split())


def long_date(iso):
    d = datetime.date.fromisoformat(iso)
    return f"{d.day} {d.strftime('%B')} {d.year}"


def fy_of(iso):
    d = datetime.date.fromisoformat(iso)
    y = d.year if d.month >= 4 else d.year - 1
    return f"{y}-{(y + 1) % 100:02d}"


def pct(part, whole):
    """docs/METHODS.md: exact, rounded once, halves away from zero (0 dp)."""
    return None if whole == 0 else f"{(part * 200 + whole) // (2 * whole)}%"


def published(rows):
    return [r for r in rows if r.get("publish") == "yes"]


def expected_hmicfrs(pubs, fy):
    """The 56-day rule (docs/METHODS.md) computed here: a response counts in the
    financial year of its date (the later of its two dates), else of its
    response_fy; within when answered no more than 56 days after publication."""
    counted = with_dates = within = 0
    for p in pubs:
        dates = [d for d in (p.get("response_published", ""), p.get("sent_home_office", ""))
                 if d]
        response = max(dates) if dates else ""
        if (fy_of(response) if response else p.get("response_fy", "")) != fy:
            continue
        counted += 1
        if p.get("published") and response:
            with_dates += 1
            days = (datetime.date.fromisoformat(response)
                    - datetime.date.fromisoformat(p["published"])).days
            within += days <= 56
    return counted, with_dates, within


class A11y(html.parser.HTMLParser):
    """What the accessibility checks need from a page: h1s, form controls and
    their labels, tables and their captions, header cells and their scope."""

    def __init__(self):
        super().__init__()
        self.h1 = 0
        self.controls, self.labels = [], set()
        self.tables = self.captions = 0
        self.th_unscoped = 0
        self.forms = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "h1":
            self.h1 += 1
        elif tag == "label" and a.get("for"):
            self.labels.add(a["for"])
        elif tag in ("input", "select", "textarea") and a.get("type") not in ("hidden",
                                                                               "submit"):
            self.controls.append(a.get("id"))
        elif tag == "table":
            self.tables += 1
        elif tag == "caption":
            self.captions += 1
        elif tag == "th" and a.get("scope") not in ("col", "row"):
            self.th_unscoped += 1
        elif tag == "form":
            self.forms.append(a.get("method", "get").lower())


class Register(WebCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.srv.peel("demo")
        # one sensitive action (only staff may see it) and one meeting that is
        # OFFICIAL but not published (staff see it in the calendar, others not)
        cls.srv.peel("add", "action", "ref=WEBTEST-1", f"title={MARK} action",
                     "raised=2023-10-02", "due=2023-10-05", "classification=OFFICIAL-SENSITIVE",
                     "arose_from=engagement", "origin_note=A web test",
                     "owner_name=OPCC")
        cls.srv.peel("add", "meeting", "ref=CGB 2023-11-20", "body=Corporate Governance Board",
                     "date=2023-11-20", "time=10:00", f"title={MARK} private meeting",
                     "status=planned")
        # what the work programme, recommendations and HMICFRS pages must keep
        # from panel and public: records not published, and a sensitive action
        # arising from a published recommendation
        cls.srv.peel("add", "plan_entry", "ref=WEBTEST-WP", f"body={PANEL}",
                     "meeting=PCP 2023-10-09", f"subject={MARK} entry", "status=scheduled")
        cls.srv.peel("add", "recommendation", "ref=WEBTEST-REC", "kind=panel_recommendation",
                     f"body={PANEL}", f"text={MARK} recommendation", "made=2023-08-01")
        cls.srv.peel("add", "action", "ref=WEBTEST-2", f"title={MARK} arising",
                     "raised=2023-08-02", "classification=OFFICIAL-SENSITIVE",
                     "arose_from=panel_recommendation", "recommendation=PCP 2023-07-26 9.2")
        cls.srv.peel("add", "publication", f"title={MARK} inspection", "kind=thematic",
                     f"published={TEST_PUBLICATION['published']}",
                     f"response_published={TEST_PUBLICATION['response']}")

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
        # staff see the sensitive test actions too, marked
        extra = TEST_ACTIONS.values()
        self.assertEqual(int(counts.group(1)), len(want) + len(TEST_ACTIONS))
        self.assertEqual(int(counts.group(2)),
                         sum(a["open"] for a in want) + sum(o for o, _ in extra))
        self.assertEqual(int(counts.group(3)),
                         sum(a["overdue"] for a in want) + sum(d for _, d in extra))
        self.assertIn("OFFICIAL-SENSITIVE", r.text)
        self.assertIn("sensitive-banner", r.text)
        refs = self.tracker_rows(r.text)
        self.assertEqual(sorted(refs), sorted([a["ref"] for a in want] + list(TEST_ACTIONS)))
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
        self.assertEqual(len(self.tracker_rows(r.text)),
                         len(want) + sum(o for o, _ in TEST_ACTIONS.values()))
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
        for q in ("show=late", "as_of=2023-13-01", "organisation=nobody", "colour=red",
                  "by=colour", "by=owner&from=2023-10-01&to=2023-09-01", "by=owner&to=soon"):
            with self.subTest(q=q):
                self.assertEqual(staff.get("/register/actions?" + q).status, 400)

    def test_tracker_csv(self):
        r = self.clients["staff"].get("/register/actions.csv?show=overdue")
        self.assertEqual(r.status, 200)
        self.assertTrue(r.header("Content-Type").startswith("text/csv"))
        self.assertIn("attachment", r.header("Content-Disposition"))
        self.assertTrue(r.text.startswith("\ufeff"))  # Excel reads it as UTF-8
        rows = list(csv.DictReader(io.StringIO(r.text.removeprefix("\ufeff"))))
        want = [a for a in expected_actions() if a["overdue"]]
        self.assertEqual(sorted(x["ref"] for x in rows),
                         sorted([a["ref"] for a in want] + ["WEBTEST-1"]))
        self.assertTrue(all(x["overdue"] == "yes" and x["rag"] == "red" for x in rows))
        marked = {x["ref"]: x["classification"] for x in rows}
        self.assertEqual(marked["WEBTEST-1"], "OFFICIAL-SENSITIVE")

    def test_tracker_is_not_public(self):
        # the Panel reads the tracker as far as its reader may see: never the
        # sensitive test actions; the public is refused
        for path in ("/register/actions", "/register/actions.csv",
                     "/register/actions?show=overdue"):
            r = self.clients["public"].get(path)
            self.assertEqual(r.status, 403)
            self.assertNotIn(MARK, r.text)
            self.assertNotIn("CGB-2023-07-01", r.text)
            r = self.clients["panel"].get(path)
            self.assertEqual(r.status, 200)
            self.assertNotIn(MARK, r.text)
            self.assertNotIn("WEBTEST-1", r.text)
            self.assertEqual(self.clients["admin"].get(path).status, 200)
        self.assertEqual(self.clients["staff"].request("POST", "/register/actions").status, 405)
        self.assertEqual(self.clients["staff"].get("/register/nothing").status, 404)

    def test_tracker_group_by(self):
        staff = self.clients["staff"]
        acts = expected_actions()
        # WEBTEST-1 arose from an engagement, so it names who follows it up
        sensitive = [{"ref": ref, "open": o, "overdue": d, "organisation": "",
                      "owner": "OPCC" if ref == "WEBTEST-1" else "", "body": ""}
                     for ref, (o, d) in TEST_ACTIONS.items()]
        for by in ("organisation", "body", "owner"):
            with self.subTest(by=by):
                r = staff.get(f"/register/actions?by={by}")
                self.assertEqual(r.status, 200, r.text[:300])
                table = re.search(r'<table class="tracker" id="groups">(.*?)</table>', r.text,
                                  re.S)
                self.assertIsNotNone(table, r.text[:2000])
                got = {}
                for row in re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", table.group(1), re.S):
                    cells = re.findall(r"<td>(\d+)</td>", row)
                    link = re.search(rf'href="/register/actions\?{by}=([^"&]+)"', row)
                    name = (html.unescape(link.group(1).replace("+", " ")) if link
                            else text_of(row.split("</th>")[0]).strip())
                    got[unquote(name)] = [int(c) for c in cells[:3]]
                self.assertEqual(got, expected_groups(by, acts + sensitive))
                # every row is also a link to the filtered tracker, "(none)" aside
                self.assertIn("(none)", got)
        # the filters apply before grouping
        r = staff.get("/register/actions?by=organisation&show=overdue")
        totals = [int(x) for x in re.findall(
            r'<tr><th scope="row">.*?</th><td>(\d+)</td>', r.text)]
        self.assertEqual(sum(totals),
                         sum(a["overdue"] for a in acts) + sum(d for _, d in TEST_ACTIONS.values()))
        # the organisation's name as people read it, its value in the link
        r = staff.get("/register/actions?by=organisation")
        self.assertIn('<a href="/register/actions?organisation=force">Leicestershire Police</a>',
                      r.text)
        self.assertEqual(staff.get("/register/actions?by=objective").status, 200)
        # the counts as CSV: the same numbers
        c = staff.get("/register/actions.csv?by=organisation")
        self.assertEqual(c.status, 200)
        self.assertIn("actions-by-organisation.csv", c.header("Content-Disposition"))
        rows = {x["organisation"]: [int(x["actions"]), int(x["open"]), int(x["overdue"])]
                for x in csv.DictReader(io.StringIO(c.text.removeprefix("\ufeff")))}
        self.assertEqual(rows, expected_groups("organisation", acts + sensitive))
        self.assertIn("Download these counts as CSV", r.text)
        self.assertEqual(self.clients["public"].get("/register/actions?by=owner").status, 403)
        self.assertEqual(self.clients["public"].get("/register/actions.csv?by=owner").status, 403)
        for path in ("/register/actions?by=owner", "/register/actions.csv?by=owner"):
            r = self.clients["panel"].get(path)
            self.assertEqual(r.status, 200)
            self.assertNotIn(MARK, r.text)

    NEW_PAGES = ("/register/work-programme", "/register/recommendations",
                 "/register/hmicfrs?year=2022-23")

    def test_navigation(self):
        staff = self.clients["staff"].get("/").text
        for href in ("/register/actions", "/register/calendar", "/register/reports/cgb",
                     "/register/work-programme", "/register/recommendations",
                     "/register/hmicfrs"):
            self.assertIn(f'href="{href}"', staff)
        self.assertNotIn('href="/register/actions"', self.clients["public"].get("/").text)
        self.assertIn('href="/register/actions"', self.clients["panel"].get("/").text)
        for who in ("public", "panel"):
            page = self.clients[who].get("/").text
            for href in ("/register/calendar", "/register/reports/cgb",
                         "/register/work-programme", "/register/recommendations",
                         "/register/hmicfrs"):
                self.assertIn(f'href="{href}"', page)

    # ---- the pages every role may open ----

    def test_new_pages_per_role(self):
        paths = self.NEW_PAGES + (
            "/register/hmicfrs", "/register/work-programme?body=Police+and+Crime+Panel",
            "/register/recommendations?as_of=2023-08-01",
            "/register/reports/cgb.html?from=2023-04-01&to=2023-07-31")
        for who in ("public", "panel", "staff", "admin"):
            for path in paths:
                with self.subTest(who=who, path=path):
                    r = self.clients[who].get(path)
                    self.assertEqual(r.status, 200, r.text[:300])
                    self.assertEqual(self.clients[who].request("POST", path).status, 405)

    def test_new_pages_accessible(self):
        for who in ("public", "staff"):
            for path in self.NEW_PAGES + ("/register/reports/cgb",
                                          "/register/actions?by=owner"):
                if who == "public" and "actions" in path:
                    continue
                with self.subTest(who=who, path=path):
                    r = self.clients[who].get(path)
                    a = A11y()
                    a.feed(r.text)
                    self.assertEqual(a.h1, 1)
                    self.assertTrue(a.controls)
                    for c in a.controls:
                        self.assertIn(c, a.labels, f"control {c} has no label")
                    self.assertEqual(a.tables, a.captions)
                    self.assertEqual(a.th_unscoped, 0)
                    # filters only: GET forms change nothing and carry no token (the
                    # one POST is staff's sign-out in the header, beside its search box)
                    self.assertEqual(a.forms.count("post"), 1 if who == "staff" else 0)
                    self.assertNotIn("<script>", r.text)

    def test_panel_and_public_see_nothing_unpublished_or_sensitive(self):
        sensitive = self.sensitive_texts()
        paths = self.NEW_PAGES + (
            "/register/hmicfrs", "/register/work-programme?body=Corporate+Governance+Board",
            "/register/recommendations?as_of=2030-01-01",
            "/register/reports/cgb?from=2023-01-01&to=2023-12-31",
            "/register/reports/cgb.html?from=2023-01-01&to=2023-12-31",
            "/register/reports/cgb.html?from=2023-01-01&to=2023-12-31&version=public")
        for who in ("public", "panel"):
            for path in paths:
                with self.subTest(who=who, path=path):
                    r = self.clients[who].get(path)
                    self.assertEqual(r.status, 200)
                    self.assertNotIn(MARK, r.text)
                    self.assertNotIn("WEBTEST", r.text)
                    self.assertNotIn("OFFICIAL-SENSITIVE", r.text)
                    self.assertNotIn("sensitive-banner", r.text)
                    page = flat(r.text)
                    for t in sensitive:
                        self.assertNotIn(" ".join(t.split())[:60], page)
        # staff see the unpublished records on the same pages
        staff = self.clients["staff"]
        self.assertIn(f"{MARK} entry", staff.get("/register/work-programme").text)
        self.assertIn(f"{MARK} recommendation", staff.get("/register/recommendations").text)
        self.assertIn(f"{MARK} inspection", staff.get("/register/hmicfrs?year=2022-23").text)
        # a sensitive action is never listed under its recommendation, not even for staff
        self.assertNotIn("WEBTEST-2", staff.get("/register/recommendations").text)

    # ---- work programme ----

    def work_programme_sections(self, body):
        """{heading: number of entries} from the page's article."""
        article = re.search(r'<article class="report">(.*)</article>', body, re.S).group(1)
        out = {}
        for head, rest in re.findall(r"<h2>(.*?)</h2>(.*?)(?=<h2>|$)", article, re.S):
            out[html.unescape(head)] = rest.count("<li")
        return out

    def expected_work_programme(self, extra=()):
        meetings = {m["ref"]: m for m in published(demo("meeting"))}
        out = {}
        for e in list(published(demo("plan_entry"))) + list(extra):
            if e["body"] != PANEL:
                continue
            if e["meeting"]:
                m = meetings[e["meeting"]]
                head = long_date(m["date"]) + (", " + m["title"] if m["title"] else "")
            else:
                head = "Other suggested items to be scheduled to future meetings"
            out[head] = out.get(head, 0) + 1
        return out

    def test_work_programme_by_meeting(self):
        want = self.expected_work_programme()
        self.assertEqual(sum(want.values()), 26)  # the work programme 2023-24, and minute 14
        for who in ("public", "panel"):
            with self.subTest(who=who):
                r = self.clients[who].get("/register/work-programme")
                self.assertEqual(r.status, 200)
                self.assertEqual(self.work_programme_sections(r.text), want)
                self.assertIn("Police and Crime Panel work programme", r.text)
                # by meeting date, suggestions without a meeting last
                heads = list(self.work_programme_sections(r.text))
                self.assertTrue(heads[-1].startswith("Other suggested items"))
                self.assertLess(heads.index(next(h for h in heads if h.startswith("26 July"))),
                                heads.index(next(h for h in heads if h.startswith("9 October"))))
        # staff also see the unpublished entry, at its meeting
        staff = self.work_programme_sections(
            self.clients["staff"].get("/register/work-programme").text)
        self.assertEqual(staff, self.expected_work_programme(
            [{"body": PANEL, "meeting": "PCP 2023-10-09"}]))
        # another body, by name or short name; unknown bodies and parameters
        r = self.clients["public"].get("/register/work-programme?body=Corporate+Governance+Board")
        self.assertIn("No work programme entries are recorded for the Corporate Governance Board",
                      flat(r.text))
        r = self.clients["public"].get("/register/work-programme?body=PCP")
        self.assertEqual(r.status, 200)
        self.assertIn("<option selected>Police and Crime Panel</option>", r.text)
        self.assertEqual(self.clients["public"].get("/register/work-programme?body=Nobody").status,
                         404)
        self.assertEqual(self.clients["public"].get("/register/work-programme?x=1").status, 400)

    # ---- recommendations ----

    def expected_recommendations(self, asof):
        """(responded, awaiting) on asof: a recommendation's state is its
        latest change of state (demo/recommendation_update.csv) dated on or
        before asof, awaiting a response when it has none."""
        answered = {u["recommendation"] for u in demo("recommendation_update")
                    if u["date"] <= asof and u["to"] == "responded"}
        responded = awaiting = 0
        for rec in published(demo("recommendation")):
            if rec["made"] > asof:
                continue
            if rec["ref"] in answered:
                responded += 1
            else:
                awaiting += 1
        return responded, awaiting

    def test_recommendations(self):
        for asof in (TODAY, "2023-10-08", "2023-07-26"):
            responded, awaiting = self.expected_recommendations(asof)
            for who in ("public", "panel"):
                with self.subTest(who=who, asof=asof):
                    r = self.clients[who].get(f"/register/recommendations?as_of={asof}")
                    self.assertEqual(r.status, 200)
                    page = flat(r.text)
                    self.assertEqual(page.count("Status: Responded on"), responded)
                    self.assertEqual(page.count("Status: Awaiting response"), awaiting)
                    self.assertIn(f"Status on {long_date(asof)}.", page)
                    self.assertIn(f'value="{asof}"', r.text)
        self.assertEqual(self.expected_recommendations(TODAY), (2, 6))
        page = flat(self.clients["public"].get("/register/recommendations").text)
        self.assertIn("Status: Responded on 9 October 2023", page)
        self.assertIn("includes an S106 update", page)
        # the day before, the S106 response had not been given
        page = flat(self.clients["public"].get("/register/recommendations?as_of=2023-10-08").text)
        self.assertNotIn("includes an S106 update", page)
        page = flat(self.clients["public"].get("/register/recommendations?as_of=2023-07-01").text)
        self.assertIn("No recommendations had been made by then.", page)
        # staff: the unpublished recommendation too
        page = flat(self.clients["staff"].get("/register/recommendations").text)
        self.assertEqual(page.count("Status: Awaiting response"), 6 + 1)
        for q in ("as_of=2023-02-30", "as_of=soon", "year=2023"):
            with self.subTest(q=q):
                self.assertEqual(
                    self.clients["public"].get("/register/recommendations?" + q).status, 400)

    # ---- HMICFRS ----

    def hmicfrs_figure(self, body):
        """{row heading: peel's cell} of the figure table."""
        table = re.search(r'<table id="figure">(.*?)</table>', body, re.S).group(1)
        return {html.unescape(h): html.unescape(a) for h, a in re.findall(
            r'<tr><th scope="row">(.*?)</th><td>(.*?)</td></tr>', table)}

    def check_hmicfrs(self, who, pubs):
        counted, with_dates, within = expected_hmicfrs(pubs, "2022-23")
        r = self.clients[who].get("/register/hmicfrs?year=2022-23")
        self.assertEqual(r.status, 200)
        fig = self.hmicfrs_figure(r.text)
        self.assertEqual(fig["Responses counted in the year"], str(counted))
        self.assertEqual(fig["With both dates recorded"], str(with_dates))
        self.assertEqual(fig["Within 56 days"], str(within))
        self.assertEqual(fig["Percentage"], pct(within, with_dates) or "n/a")
        page = flat(r.text)
        # what the annual report printed is a figure, reconciled under Figures
        self.assertIn('href="/figures', r.text)
        # one row per response counted
        rows = re.findall(r'<tr><th scope="row">', re.search(
            r'<table id="responses">(.*?)</table>', r.text, re.S).group(1))
        self.assertEqual(len(rows), counted)
        return page, (counted, with_dates, within)

    def test_hmicfrs_figure(self):
        # the demo: the papers give no response dates, so peel cannot compute it
        for who in ("public", "panel"):
            with self.subTest(who=who):
                page, (counted, with_dates, _) = self.check_hmicfrs(
                    who, published(demo("publication")))
                self.assertEqual((counted, with_dates), (7, 0))
                dated = sum(1 for p in published(demo("publication")) if p["published"])
                self.assertIn(f"peel cannot compute this figure: none of the {counted} "
                              f"publications counted in 2022-23 has a response date recorded "
                              f"({dated} has a publication date).", page)
                fig = self.clients[who].get(
                    "/api/v1/figures/002-ar-hmicfrs-56-days-2022-23").json()
                self.assertEqual((fig["printed"], fig["status"]), ("86%", "cannot"))
        # staff count the unpublished test publication too (49 days: within)
        test_pub = {"title": MARK, "published": TEST_PUBLICATION["published"],
                    "response_published": TEST_PUBLICATION["response"]}
        page, _ = self.check_hmicfrs("staff", published(demo("publication")) + [test_pub])
        self.assertIn("1 of 1 responses with both dates recorded were within 56 days (100%).",
                      page)
        # the command says the same, from the same function
        cli = " ".join(self.srv.peel("hmicfrs", "--year", "2022-23").split())
        self.assertIn("1 of 1 responses with both dates recorded were within 56 days (100%).", cli)
        # the default year is this one; bad years are refused
        self.assertIn("HMICFRS responses within 56 days, 2023-24",
                      self.clients["public"].get("/register/hmicfrs").text)
        for q in ("year=2022", "year=2022-24", "year=abc", "year=2022-23&x=1"):
            with self.subTest(q=q):
                self.assertEqual(self.clients["public"].get("/register/hmicfrs?" + q).status, 400)

    def test_hmicfrs_with_dates(self):
        """Illustrative dates (not the papers'): six responses at 40 days, one at
        60, as test_register.py sets them; the annual report's figure then
        agrees for panel and public."""
        pubs = published(demo("publication"))
        start = datetime.date(2022, 5, 2)
        dated = []
        for i, p in enumerate(pubs):
            pub = start + datetime.timedelta(days=30 * i)
            resp = pub + datetime.timedelta(days=60 if i == 3 else 40)
            self.srv.peel("set", "publication", p["title"], f"published={pub}",
                          f"response_published={resp}", f"sent_home_office={resp}")
            dated.append(dict(p, published=str(pub), response_published=str(resp)))
        try:
            for who in ("public", "panel"):
                with self.subTest(who=who):
                    page, figure = self.check_hmicfrs(who, dated)
                    self.assertEqual(figure, (7, 7, 6))
                    self.assertIn("6 of 7 responses with both dates recorded were within 56 "
                                  "days (86%).", page)
                    fig = self.clients[who].get(
                        "/api/v1/figures/002-ar-hmicfrs-56-days-2022-23").json()
                    self.assertEqual((fig["computed"], fig["status"]), ("85.7%", "agrees"))
            test_pub = {"title": MARK, "published": TEST_PUBLICATION["published"],
                        "response_published": TEST_PUBLICATION["response"]}
            page, figure = self.check_hmicfrs("staff", dated + [test_pub])
            self.assertEqual(figure, (8, 8, 7))
            self.assertIn("7 of 8 responses with both dates recorded were within 56 days (88%).",
                          page)
        finally:
            for p in pubs:  # the demo's dates again, for the other tests
                self.srv.peel("set", "publication", p["title"], f"published={p['published']}",
                              f"response_published={p['response_published']}",
                              f"sent_home_office={p['sent_home_office']}")

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

    def test_cgb_download(self):
        period = "from=2023-04-01&to=2023-12-31"
        texts = self.sensitive_texts()
        public = None
        for who in ("public", "panel"):
            with self.subTest(who=who):
                page = self.clients[who].get(f"/register/reports/cgb?{period}")
                self.assertIn(f"/register/reports/cgb.html?from=2023-04-01&amp;to=2023-12-31"
                              f"&amp;as_of={TODAY}&amp;version=public", page.text)
                self.assertNotIn("version=internal", page.text)
                r = self.clients[who].get(f"/register/reports/cgb.html?{period}")
                self.assertEqual(r.status, 200)
                self.assertTrue(r.header("Content-Type").startswith("text/html"))
                disp = r.header("Content-Disposition")
                self.assertTrue(disp.startswith("attachment"), disp)
                self.assertIn('filename="cgb-report-2023-04-01-to-2023-12-31.html"', disp)
                self.check_standalone(r.text)
                self.assertNotIn("OFFICIAL-SENSITIVE", r.text)
                self.assertNotIn(MARK, r.text)
                body = flat(r.text)
                for t in texts:
                    self.assertNotIn(" ".join(t.split())[:60], body)
                self.assertIn(WITHHELD, body)
                self.assertIn("Corporate Governance Board, 19 April 2023", body)
                if public is None:
                    public = r.body
                self.assertEqual(r.body, public)
                # the internal version is staff's alone
                self.assertEqual(self.clients[who].get(
                    f"/register/reports/cgb.html?{period}&version=internal").status, 403)
        staff = self.clients["staff"]
        page = staff.get(f"/register/reports/cgb?{period}")
        self.assertIn("version=internal", page.text)
        self.assertIn("version=public", page.text)
        # staff's public version is the public's, byte for byte: no unpublished
        # meeting, no sensitive text
        r = staff.get(f"/register/reports/cgb.html?{period}&version=public")
        self.assertEqual(r.body, public)
        r = staff.get(f"/register/reports/cgb.html?{period}&version=internal")
        self.assertEqual(r.status, 200)
        self.assertIn('filename="cgb-report-2023-04-01-to-2023-12-31-internal.html"',
                      r.header("Content-Disposition"))
        self.check_standalone(r.text)
        self.assertIn("OFFICIAL-SENSITIVE", r.text)
        body = flat(r.text)
        for t in texts:
            self.assertIn(" ".join(t.split())[:60], body)
        for q in ("version=draft", "from=2023-08-01&to=2023-07-01", "x=1"):
            with self.subTest(q=q):
                self.assertEqual(staff.get("/register/reports/cgb.html?" + q).status, 400)

    def check_standalone(self, text):
        """A whole document that fetches nothing: no scripts, links, images,
        frames or URLs in its style."""
        self.assertTrue(text.startswith("<!DOCTYPE html>"))
        self.assertIn("<style>", text)
        for bad in ("<script", "<link", "<img", "<iframe", "src=", "url(", "@import", "http:",
                    "https:", "//"):
            self.assertNotIn(bad, text.replace("</", "<"), bad)

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
