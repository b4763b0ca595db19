"""The feeds for people who follow the Commissioner's work, through the real
server on the demo: /feeds/papers.atom parsed with xml.etree and a body's
/feeds/meetings/ID.ics parsed with Debian's python3-icalendar, each checked
against the records as `peel --as public list ... --format json` gives them
(not the server's own output); the pages that name the feeds; and the
attack: an unpublished meeting, an unpublished item, an OFFICIAL-SENSITIVE
item, a published item of an unpublished meeting and an unpublished body,
each with a canary in its title and a paper attached later than the
published ones, appear in no feed, in no count and not in <updated>, even
for staff signed in.  When the interpreter running the tests lacks
icalendar the test re-runs itself under /usr/bin/python3 (as
test_register_ics.py does); without it anywhere it is skipped (77)."""
import os
import sys

try:
    import icalendar
except ImportError:
    if os.path.exists("/usr/bin/python3") and os.environ.get("PEEL_ICS_REEXEC") != "1":
        os.environ["PEEL_ICS_REEXEC"] = "1"
        os.execv("/usr/bin/python3", ["/usr/bin/python3", *sys.argv])
    print("python3-icalendar is not installed: skipped")
    sys.exit(77)

import datetime
import html
import json
import re
import unittest
from xml.etree import ElementTree

import peeltest
import peelweb

ATOM = "{http://www.w3.org/2005/Atom}"
PDF = os.path.join(peeltest.SOURCE, "tests", "data", "papers", "pcp-2023-10-09-agenda.pdf")
CANARY = "Feedcanary"
# The published papers are attached at peelweb's today; the withheld ones later.
ATTACHED = "2023-10-09T13:00:00Z"
LATER = "2023-10-20T09:00:00Z"
PLACE = "Room 1, City Hall; 115 Charles Street \\ Leicester"
LONG_TITLE = ("Extraordinary meeting on the précept proposal — a title long enough "
              "to fold past seventy-five octets")


class Feeds(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.srv = srv = peelweb.Server()
        srv.peel("demo")
        cls.papers = {}  # id -> (type, record ref, title)

        def attach(tname, ref, title, kind, *extra):
            out = srv.peel("attach", tname, ref, PDF, "--title", title, "--kind", kind, *extra)
            m = re.search(r"attached paper (\d+)", out)
            cls.papers[int(m.group(1))] = (tname, ref, title)

        # published: a meeting's agenda with its own date, an item's paper without one
        attach("meeting", "CGB 2023-03-20", "Agenda, 20 March 2023", "agenda",
               "--date", "2023-03-13")
        attach("item", "PCP 2023-10-09 3", "Minutes of 26 July; draft & final", "minutes")
        # a timed meeting with a place that needs escaping and a title that needs folding
        srv.peel("add", "meeting", "ref=CGB 2023-11-20", "body=Corporate Governance Board",
                 "date=2023-11-20", "time=13:30", f"title={LONG_TITLE}", f"place={PLACE}",
                 "status=planned", "publish=yes")
        # withheld, each with a canary, attached later than everything published
        srv.env["PEEL_NOW"] = LATER
        add = lambda *a: srv.peel("add", *a)  # noqa: E731
        add("meeting", "ref=CGB 2023-10-30", "body=Corporate Governance Board",
            "date=2023-10-30", "time=10:00", f"title={CANARY} unpublished meeting",
            f"place={CANARY} room", "status=planned", "publish=no")
        add("item", "ref=PCP 2023-10-09 97", "meeting=PCP 2023-10-09", "number=97",
            f"title={CANARY} sensitive item", "classification=OFFICIAL-SENSITIVE", "publish=yes")
        add("item", "ref=PCP 2023-10-09 98", "meeting=PCP 2023-10-09", "number=98",
            f"title={CANARY} unpublished item", "classification=OFFICIAL", "publish=no")
        add("item", "ref=CGB 2023-10-30 1", "meeting=CGB 2023-10-30", "number=1",
            f"title={CANARY} item of an unpublished meeting", "classification=OFFICIAL",
            "publish=yes")
        add("body", f"name={CANARY} Board", "short_name=FCB", "kind=board", "publish=no")
        add("meeting", "ref=FCB 2023-11-01", f"body={CANARY} Board", "date=2023-11-01",
            f"title={CANARY} meeting of an unpublished body", "status=planned", "publish=yes")
        for tname, ref in (("meeting", "CGB 2023-10-30"), ("item", "PCP 2023-10-09 97"),
                           ("item", "PCP 2023-10-09 98"), ("item", "CGB 2023-10-30 1"),
                           ("meeting", "FCB 2023-11-01")):
            attach(tname, ref, f"{CANARY} paper of {ref}", "report")
        srv.env["PEEL_NOW"] = ATTACHED
        cls.public = cls.srv.client()
        cls.staff = cls.srv.client("staff")

    @classmethod
    def tearDownClass(cls):
        rc = cls.srv.stop()
        log = cls.srv.log()
        cls.srv.cleanup()
        if rc != 0:
            raise AssertionError(f"peel serve exited {rc} on SIGTERM:\n{log[-4000:]}")

    def public_list(self, tname):
        return json.loads(self.srv.peel("--as", "public", "list", tname, "--format", "json"))

    def expected_papers(self):
        """The papers the public may open, from the records as the command
        line gives them to the public: a meeting's when the meeting and its
        board are listed, an item's when the item and its meeting are."""
        bodies = {b["id"] for b in self.public_list("body")}
        meetings = {m["ref"]: m for m in self.public_list("meeting") if m["body"] in bodies}
        by_id = {m["id"]: m for m in meetings.values()}
        items = {i["ref"]: by_id[i["meeting"]] for i in self.public_list("item")
                 if i["meeting"] in by_id}
        out = {}
        for pid, (tname, ref, title) in self.papers.items():
            meeting = meetings.get(ref) if tname == "meeting" else items.get(ref)
            if meeting:
                out[pid] = (title, meeting)
        return out

    # ---- papers ----

    def test_papers_atom(self):
        want = self.expected_papers()
        self.assertEqual(len(want), 2)  # the two published papers, no canary
        r = self.public.get("/feeds/papers.atom")
        self.assertEqual(r.status, 200)
        self.assertTrue(r.header("Content-Type").startswith("application/atom+xml"))
        feed = ElementTree.fromstring(r.body)
        entries = feed.findall(ATOM + "entry")
        self.assertEqual(len(entries), len(want))
        got = {}
        for e in entries:
            pid = int(e.find(ATOM + "id").text.rsplit(":", 1)[1])
            got[pid] = e
        self.assertEqual(set(got), set(want))
        for pid, (title, meeting) in want.items():
            e = got[pid]
            self.assertEqual(e.find(ATOM + "title").text, title)
            links = {ln.get("rel", "alternate"): ln.get("href") for ln in e.findall(ATOM + "link")}
            self.assertEqual(links["alternate"], f"/attachments/{pid}")
            self.assertEqual(links["related"], f"/records/meeting/{meeting['id']}")
            summary = e.find(ATOM + "summary").text
            self.assertIn(meeting["ref"], summary)
            self.assertEqual(e.find(ATOM + "updated").text, ATTACHED)
            # the stable address answers the public with the paper
            self.assertEqual(self.public.get(f"/attachments/{pid}").status, 200)
        # newest first: the item's paper (the meeting's date, 9 October) before
        # the agenda dated 13 March, which the summary gives in words
        order = [int(e.find(ATOM + "id").text.rsplit(":", 1)[1]) for e in entries]
        dates = [self.papers[p][1] for p in order]
        self.assertEqual(dates, ["PCP 2023-10-09 3", "CGB 2023-03-20"])
        self.assertIn("13 March 2023", got[order[1]].find(ATOM + "summary").text)
        # the feed changed when its papers were attached, not when a withheld one was
        self.assertEqual(feed.find(ATOM + "updated").text, ATTACHED)
        self.assertNotIn(CANARY.lower(), r.text.lower())
        self.assertNotIn(LATER, r.text)

    def test_meeting_of_a_withheld_board(self):
        """A published meeting of an unpublished board is not in the meetings
        feed: its reference names the board."""
        r = self.public.get("/feeds/meetings.atom")
        self.assertEqual(r.status, 200)
        self.assertNotIn("FCB", r.text)
        self.assertNotIn(CANARY.lower(), r.text.lower())

    def test_feeds_are_the_publics_for_staff_too(self):
        for path in ("/feeds/papers.atom", "/feeds/meetings.atom", "/feeds/you-said-we-did.atom"):
            with self.subTest(path=path):
                mine = self.staff.get(path)
                theirs = self.public.get(path)
                self.assertEqual(mine.status, 200)
                self.assertEqual(mine.body, theirs.body)
                self.assertNotIn(CANARY.lower(), mine.text.lower())

    def test_query_refused(self):
        cgb = self.body_id("Corporate Governance Board")
        for path in ("/feeds/papers.atom?x=1", f"/feeds/meetings/{cgb}.ics?x=1",
                     "/feeds/meetings.atom?page=2"):
            with self.subTest(path=path):
                self.assertEqual(self.public.get(path).status, 400)

    # ---- a body's meetings as iCalendar ----

    def body_id(self, name):
        rows = json.loads(self.srv.peel("list", "body", "--format", "json"))
        return next(b["id"] for b in rows if b["name"] == name)

    def test_body_ics(self):
        cgb = self.body_id("Corporate Governance Board")
        r = self.public.get(f"/feeds/meetings/{cgb}.ics")
        self.assertEqual(r.status, 200)
        self.assertTrue(r.header("Content-Type").startswith("text/calendar"))
        raw = r.body
        self.assertTrue(raw.endswith(b"END:VCALENDAR\r\n"))
        self.assertNotIn(b"\n", raw.replace(b"\r\n", b""))
        for line in raw.split(b"\r\n"):
            self.assertLessEqual(len(line), 75)
        self.assertNotIn(CANARY.lower().encode(), raw.lower())
        cal = icalendar.Calendar.from_ical(raw)
        events = {str(e["UID"]): e for e in cal.walk("VEVENT")}
        want = {m["id"]: m for m in self.public_list("meeting") if m["body"] == cgb}
        self.assertEqual(set(events), {f"meeting-{i}@peel" for i in want})
        london = None
        for mid, m in want.items():
            e = events[f"meeting-{mid}@peel"]
            start = e.decoded("DTSTART")
            day = datetime.date.fromisoformat(m["date"])
            if m["time"]:
                hh, mm = map(int, m["time"].split(":"))
                self.assertEqual((start.date(), start.hour, start.minute), (day, hh, mm))
                self.assertIn("London", str(start.tzinfo))
                if m["ref"] == "CGB 2023-11-20":
                    london = e
            else:
                self.assertEqual(start, day)
            self.assertEqual(str(e["SUMMARY"]),
                             f"Corporate Governance Board: {m['title'] or 'meeting'}")
            self.assertEqual(str(e["URL"]), f"/records/meeting/{mid}")
            self.assertIn("LAST-MODIFIED", e)
            if m["place"]:
                self.assertEqual(str(e["LOCATION"]), m["place"])
            else:
                self.assertNotIn("LOCATION", e)
        # the meeting added above: time, escaped place, folded title
        self.assertIsNotNone(london)
        self.assertEqual(str(london["LOCATION"]), PLACE)
        self.assertEqual(str(london["SUMMARY"]), f"Corporate Governance Board: {LONG_TITLE}")

    def test_body_ics_unknown_and_unpublished(self):
        hidden = self.body_id(f"{CANARY} Board")
        pages = {}
        for seg in ("99999.ics", f"{hidden}.ics", "abc.ics", str(hidden), ".ics"):
            with self.subTest(seg=seg):
                r = self.public.get(f"/feeds/meetings/{seg}")
                self.assertEqual(r.status, 404)
                self.assertNotIn(CANARY.lower(), r.text.lower())
                pages[seg] = r.text
        # an unpublished body answers as one that does not exist
        self.assertEqual(pages["99999.ics"], pages[f"{hidden}.ics"])
        # and its page does not offer the calendar even to staff
        self.assertNotIn(".ics", self.staff.get(f"/records/body/{hidden}").text)

    # ---- where the feeds are named ----

    def test_discovery(self):
        alt = '<link rel="alternate" type="{}" href="{}"'
        cgb = self.body_id("Corporate Governance Board")
        r = self.public.get("/records/meeting")
        self.assertEqual(r.status, 200)
        for href in ("/feeds/meetings.atom", "/feeds/papers.atom"):
            self.assertIn(alt.format("application/atom+xml", href), r.text)
            self.assertIn(f'<a href="{href}">', r.text)
        r = self.public.get(f"/records/body/{cgb}")
        self.assertIn(alt.format("text/calendar", f"/feeds/meetings/{cgb}.ics"), r.text)
        self.assertIn(f'<a href="/feeds/meetings/{cgb}.ics">', r.text)
        r = self.public.get("/engagement")
        for href in ("/feeds/you-said-we-did.atom", "/feeds/meetings.atom", "/feeds/papers.atom"):
            self.assertIn(alt.format("application/atom+xml", href), r.text)
            self.assertIn(f'<a href="{html.escape(href)}">', r.text)
        r = self.public.get("/engagement/you-said-we-did")
        self.assertIn(alt.format("application/atom+xml", "/feeds/you-said-we-did.atom"), r.text)


if __name__ == "__main__":
    peeltest.main()
