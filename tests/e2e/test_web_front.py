"""The three front doors (GET /) and the audiences behind them, on the real
server with the demo database and "today" fixed at 9 October 2023 (the
Panel meets that day; its papers were due by Friday 29 September):

- canary words in an OFFICIAL-SENSITIVE paper (marked for the Panel too),
  an unpublished staff-only paper and a paper for the Panel before
  publication: the Panel sees the last, the public none, nobody but staff
  the sensitive one, on the front door, the lists, the API and the tracker;
- the public door: upcoming meetings and their papers, decisions,
  publications, crime (none imported here: it says so), the search box;
- the Panel's: its next meeting with the for-Panel paper marked, the
  recommendations awaiting a response, the work programme and tracker;
- staff's: due and overdue in red with words, the papers' deadline with
  the late papers counted, drafts, recent changes as sentences;
- the calendar's publication deadlines; dates typed in words."""
import csv
import os
import re
import html

from peelweb import Client, WebCase, main

SOURCE = os.path.join(os.path.dirname(__file__), "..", "..")
SENSITIVE = "CANARYSENSITIVE4c1"
STAFF_ONLY = "CANARYSTAFF9d2"
FOR_PANEL = "CANARYPANEL7e3"
REC_PANEL = "CANARYRECPANEL5f6"
MEETING = "PCP 2023-10-09"


def text_of(page):
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def demo(name):
    with open(os.path.join(SOURCE, "demo", name + ".csv"), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


class Front(WebCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.srv.peel("demo")
        add = cls.srv.peel
        add("add", "item", f"ref={MEETING} 90", f"meeting={MEETING}", "number=90",
            f"title={SENSITIVE} briefing", "classification=OFFICIAL-SENSITIVE", "publish=no",
            "for_panel=yes")
        add("add", "item", f"ref={MEETING} 91", f"meeting={MEETING}", "number=91",
            f"title={STAFF_ONLY} draft paper", "classification=OFFICIAL", "publish=no")
        add("add", "item", f"ref={MEETING} 92", f"meeting={MEETING}", "number=92",
            f"title={FOR_PANEL} paper", "classification=OFFICIAL", "publish=no",
            "for_panel=yes")
        add("add", "recommendation", "ref=FRONT-REC", "kind=panel_recommendation",
            "body=Police and Crime Panel", f"text={REC_PANEL} recommendation",
            "made=1 September 2023", "publish=no", "for_panel=yes")
        # overdue by a week on 9 October (a due date typed in words)
        add("add", "action", "ref=FRONT-ACT", "title=Front door overdue action",
            "raised=02/10/2023", "due=2 Oct 2023", "classification=OFFICIAL",
            "arose_from=engagement", "origin_note=A web test", "publish=no", "owner_name=OPCC")
        cls.pages = {who: cls.clients[who].get("/") for who in ("public", "panel", "staff")}

    # ---- audiences ----

    def test_canaries_on_the_front_doors(self):
        for who, r in self.pages.items():
            self.assertEqual(r.status, 200, who)
        pub, panel, staff = (self.pages[w].text for w in ("public", "panel", "staff"))
        for word in (SENSITIVE, STAFF_ONLY, FOR_PANEL, REC_PANEL):
            self.assertNotIn(word, pub)
        self.assertIn(FOR_PANEL, panel)
        self.assertIn(REC_PANEL, panel)
        self.assertNotIn(SENSITIVE, panel)
        self.assertNotIn(STAFF_ONLY, panel)
        self.assertIn(STAFF_ONLY, staff)  # a draft

    def test_canaries_in_lists_api_and_pages(self):
        paths = ["/records/item", f"/records/item?meeting={MEETING.replace(' ', '+')}",
                 "/records/recommendation", "/register/recommendations",
                 "/register/work-programme", "/register/calendar?year=2023",
                 "/records/item.csv", "/register/reports/cgb"]
        for who in ("public", "panel"):
            for path in paths + ["/register/actions"]:
                r = self.clients[who].get(path)
                with self.subTest(who=who, path=path):
                    self.assertNotIn(SENSITIVE, r.text)
                    self.assertNotIn(STAFF_ONLY, r.text)
                    if who == "public":
                        self.assertNotIn(FOR_PANEL, r.text)
                        self.assertNotIn(REC_PANEL, r.text)
        self.assertIn(FOR_PANEL,
                      self.clients["panel"].get(f"/records/item?title={FOR_PANEL}").text)
        self.assertIn("FRONT-REC", self.clients["panel"].get("/records/recommendation").text)
        self.assertNotIn("FRONT-REC", self.clients["public"].get("/records/recommendation").text)
        # the counts agree with what is shown: the filter and the per-record
        # rule are one rule
        items = demo("item")
        shown = sum(1 for i in items if i["publish"] == "yes"
                    and i["classification"] != "OFFICIAL-SENSITIVE")
        r = self.api_client("public").get("/api/v1/item?_per=1")
        self.assertEqual(r.json()["total"], shown)
        r = self.api_client("panel").get("/api/v1/item?_per=500")
        self.assertEqual(r.json()["total"], shown + 1)
        titles = [x["title"] for x in r.json()["data"]]
        self.assertIn(f"{FOR_PANEL} paper", titles)
        self.assertFalse(any(SENSITIVE in t or STAFF_ONLY in t for t in titles))
        r = self.api_client("staff").get("/api/v1/item?_per=1")
        self.assertEqual(r.json()["total"], len(items) + 3)
        # a for-Panel paper by its id: the Panel opens it, the public gets 404
        pid = [x["id"] for x in self.api_client("panel").get(
            "/api/v1/item?_per=500").json()["data"] if FOR_PANEL in x["title"]][0]
        self.assertEqual(self.clients["panel"].get(f"/records/item/{pid}").status, 200)
        self.assertEqual(self.clients["public"].get(f"/records/item/{pid}").status, 404)

    def test_tracker_open_to_the_panel(self):
        self.assertEqual(self.clients["panel"].get("/register/actions").status, 200)
        self.assertEqual(self.clients["panel"].get("/register/actions.csv").status, 200)
        self.assertEqual(self.clients["public"].get("/register/actions").status, 403)
        self.assertIn('href="/register/actions"', self.pages["panel"].text)
        self.assertNotIn('href="/register/actions"', self.pages["public"].text)

    # ---- the public's door ----

    def test_public_door(self):
        page = self.pages["public"].text
        t = text_of(page)
        self.assertIn("Upcoming meetings", t)
        # the Panel meets today and on 13 December 2023
        self.assertIn("Monday 9 October 2023", t)
        self.assertIn("Wednesday 13 December 2023", t)
        self.assertRegex(page, r'<a href="/records/item/\d+">1\. Apologies for absence</a>')
        self.assertIn("Recent decisions", t)
        self.assertIn("Recent publications", t)
        self.assertIn("Crime at a glance", t)
        self.assertIn("No police.uk crime data has been imported yet", t)
        self.assertIn('href="https://data.police.uk/data/"', page)
        self.assertRegex(page, r'<form class="search" role="search" method="get" '
                               r'action="/search">')
        self.assertIn('name="q"', page)
        self.assertNotIn("For the Panel", t)

    def test_content_comes_before_navigation(self):
        page = self.pages["public"].text
        self.assertIn('<a class="skip-link" href="#main">', page)
        self.assertIn('<a class="menu-link" href="#nav">Menu</a>', page)
        self.assertLess(page.index('<main id="main">'), page.index('<div class="navs" id="nav">'))

    # ---- the Panel's door ----

    def test_panel_door(self):
        page = self.pages["panel"].text
        t = text_of(page)
        self.assertIn("Your next meeting", t)
        self.assertIn("Police and Crime Panel: Ordinary meeting", t)
        self.assertIn("Papers due to be published by Friday 29 September 2023", t)
        self.assertRegex(t, FOR_PANEL + r" paper\s+For the Panel: not yet published")
        self.assertIn("Recommendations awaiting the PCC's response", t)
        self.assertIn('href="/register/work-programme"', page)
        self.assertIn("The plan's objectives", t)
        self.assertRegex(page, r'href="/records/objective/\d+"')
        # each objective's evidence: the tagged records the Panel may open,
        # counted here from the demo CSVs
        visible = {}
        for kind in ("item", "action", "recommendation", "publication", "plan_entry"):
            key = "title" if kind == "publication" else "ref"
            visible[kind] = {r[key] for r in demo(kind) if r.get("publish") == "yes"
                             and r.get("classification", "OFFICIAL") != "OFFICIAL-SENSITIVE"}
        names = {"item": ("agenda item", "agenda items"), "action": ("action", "actions"),
                 "recommendation": ("recommendation", "recommendations"),
                 "publication": ("HMICFRS publication", "HMICFRS publications"),
                 "plan_entry": ("work programme entry", "work programme entries")}
        want = {}
        for tag in demo("objective_tag"):
            for kind in names:
                if tag[kind] and tag[kind] in visible[kind]:
                    want.setdefault(tag["objective"], {}).setdefault(kind, 0)
                    want[tag["objective"]][kind] += 1
        self.assertTrue(want)
        plan = page.split('id="h-plan"')[1].split("</section>")[0]
        for objective, counts in want.items():
            line = ", ".join(f"{n} {names[k][n != 1]}" for k, n in
                             sorted(counts.items(), key=lambda kv: list(names).index(kv[0])))
            self.assertIn(f"{html.escape(objective, quote=True)}</a>", plan)
            self.assertRegex(plan, re.escape(html.escape(objective, quote=True)) +
                             r'</a>[^\n]*Evidence: ' + re.escape(line) + "</span>")

    # ---- staff's door ----

    def test_staff_door(self):
        page = self.pages["staff"].text
        t = text_of(page)
        self.assertIn("What needs attention", t)
        # the Panel's meeting today: its papers were due by Friday 29 September;
        # the unpublished OFFICIAL papers are late, the sensitive one is not
        self.assertIn("Papers due for publication", t)
        late = sum(1 for i in demo("item") if i["meeting"] == MEETING
                   and i["publish"] != "yes" and i["classification"] != "OFFICIAL-SENSITIVE")
        late += 2  # the staff-only and the for-Panel papers
        n = "paper" if late == 1 else "papers"
        self.assertIn(f'<strong class="tag tag--red">Late: {late} {n} not published by the '
                      f'deadline</strong>', page)
        self.assertIn("Friday 29 September 2023", t)
        self.assertIn("Drafts", t)
        # overdue in red and in words
        self.assertRegex(page, r'Front door overdue action</a></td><td>Action</td>'
                               r'<td>2 October 2023</td><td><strong class="tag tag--red">'
                               r'Overdue by 7 days</strong>')
        # recent changes as sentences, linked
        self.assertRegex(page, r'<li><a href="/records/action/\d+">Action FRONT-ACT</a> created '
                               r'by tester, 9 October 2023</li>')
        # a run of creates of one type is one sentence
        self.assertRegex(page, r'<li><a href="/records/item/\d+">Agenda item PCP 2023-10-09 92'
                               r'</a> and <a href="/records/item">2 more Agenda items</a> '
                               r'created by tester, 9 October 2023</li>')

    # ---- calendar and dates ----

    def test_calendar_deadlines(self):
        staff = text_of(self.clients["staff"].get("/register/calendar?year=2023").text)
        self.assertIn("Papers due by Friday 29 September 2023 (5 clear working days before)",
                      staff)
        self.assertRegex(staff, r"\d+ papers? late")
        pub = self.clients["public"].get("/register/calendar?year=2023").text
        self.assertIn("Papers due by Friday 29 September 2023", text_of(pub))
        self.assertNotIn("late", text_of(pub).replace("latest", ""))
        ics = self.clients["public"].get("/register/calendar.ics?year=2023").text
        unfolded = ics.replace("\r\n ", "")
        self.assertIn("Papers due by Friday 29 September 2023 (5 clear working days before).",
                      unfolded)

    def test_dates_in_words(self):
        staff = self.clients["staff"]
        iso = staff.get("/register/actions?as_of=2023-07-01")
        words = staff.get("/register/actions?as_of=1+July+2023")
        short = staff.get("/register/actions?as_of=1+Jul+2023")
        self.assertEqual(words.status, 200, words.text[:500])
        strip = lambda p: re.sub(r'value="[^"]*"|as_of=[^"&]*', "", p)  # noqa: E731
        self.assertEqual(strip(iso.text), strip(words.text))
        self.assertEqual(strip(iso.text), strip(short.text))
        rec = self.api_client("panel").get("/api/v1/recommendation?ref=FRONT-REC").json()
        self.assertEqual(rec["data"][0]["made"], "2023-09-01")


if __name__ == "__main__":
    main()
