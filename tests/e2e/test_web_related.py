"""Related records on record pages and /api/v1/TYPE/ID/related, and lists that
can be read, against the real server on the demo database ("today" is
9 October 2023, peelweb's PEEL_NOW), as staff, panel and public.

Canary records are added that only staff may open: an OFFICIAL-SENSITIVE
agenda item, an unpublished item, an unpublished action arising from the
meeting and tagged to an objective, an unpublished attendance, an
unpublished meeting of the Panel and an unpublished objective of the plan.
Their words never reach panel or public, and they are never counted."""
import html
import re

from peelweb import Client, WebCase, main

MEETING = "PCP 2023-07-26"
PANEL = "Police and Crime Panel"
PLAN = "Police and Crime Plan 2021-24"
OBJECTIVE = "Domestic Abuse and Violence Against Women and Girls"
CANARIES = ("CANARYSENS7", "CANARYUNPUB7", "CANARYACT7", "CANARYATT7", "CANARYMEET7",
            "CANARYOBJ7")
ROLES = ("staff", "panel", "public")


def text_of(body):
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def section(body, heading):
    """The HTML of the related group whose heading starts with heading."""
    m = re.search(r'<section class="related"[^>]*><h2[^>]*>' + re.escape(heading)
                  + r'.*?</section>', body, re.S)
    return m.group(0) if m else None


def count_of(sec):
    return int(re.search(r'class="related-count">\((\d+)\)', sec).group(1))


class Related(WebCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        p = cls.srv.peel
        p("demo")
        p("add", "item", f"ref={MEETING} 16", f"meeting={MEETING}", "number=16",
          "title=CANARYSENS7 briefing", "classification=OFFICIAL-SENSITIVE", "publish=yes")
        p("add", "item", f"ref={MEETING} 17", f"meeting={MEETING}", "number=17",
          "title=CANARYUNPUB7 draft", "classification=OFFICIAL", "publish=no")
        p("add", "action", "ref=CANARY-A1", "title=CANARYACT7 follow-up",
          "arose_from=meeting_item", f"meeting={MEETING}", "raised=2023-07-26",
          "classification=OFFICIAL", "publish=no")
        p("add", "objective_tag", "ref=CANARY-A1 > DA", f"objective={OBJECTIVE}",
          "action=CANARY-A1")
        p("add", "attendance", f"ref={MEETING} / CANARYATT7", f"meeting={MEETING}",
          "name=CANARYATT7", "status=present", "publish=no")
        p("add", "meeting", "ref=PCP 2023-11-01", f"body={PANEL}", "date=2023-11-01",
          "title=CANARYMEET7 private", "status=planned", "publish=no")
        p("add", "objective", "name=CANARYOBJ7 draft objective", f"plan={PLAN}", "publish=no")
        staff = cls.api_client(cls, "staff")
        cls.ids = {}
        for t, field, key in (("meeting", "ref", MEETING), ("body", "name", PANEL),
                              ("plan", "name", PLAN), ("objective", "name", OBJECTIVE)):
            r = staff.get(f"/api/v1/{t}?{field}=" + key.replace(" ", "+"))
            rows = [x for x in r.json()["data"] if x[field] == key]
            cls.ids[t] = rows[0]["id"]

    def page(self, role, t):
        r = self.clients[role].get(f"/records/{t}/{self.ids[t]}")
        self.assertEqual(r.status, 200, r.text[:300])
        return r.text

    def assert_no_canary(self, text, who):
        for c in CANARIES:
            self.assertNotIn(c, text, f"{c} shown to {who}")

    # ---- the meeting page reads like a Modern.gov meeting ----

    def test_meeting_page(self):
        for role in ROLES:
            body = self.page(role, "meeting")
            top = body[:body.find('<section class="related"')]
            for label in ("Date", "Time", "Status"):
                self.assertIn(f"<dt>{label}</dt>", top)
            self.assertIn("26 July 2023", top)
            self.assertNotIn("<dt>Place</dt>", top)  # empty: no blank row
            order = [body.find(f'>{h} <span class="related-count">')
                     for h in ("Attendance", "Declarations of interest", "Agenda",
                               "Actions arising")]
            self.assertTrue(all(i > 0 for i in order), order)
            self.assertEqual(order, sorted(order))
            agenda = section(body, "Agenda")
            numbers = re.findall(r'<td class="related-number">([^<]+)</td>', agenda)
            if role == "staff":
                self.assertEqual(count_of(agenda), 17)
                self.assertEqual(numbers, [str(i) for i in range(1, 18)])
                for c in CANARIES[:4]:
                    self.assertIn(c, body)
                self.assertIn("<dt>Source</dt>", top)
                self.assertEqual(count_of(section(body, "Actions arising")), 1)
            else:
                self.assertEqual(count_of(agenda), 15)
                self.assertEqual(numbers, [str(i) for i in range(1, 16)])
                self.assert_no_canary(body, role)
                self.assertNotIn("<dt>Source</dt>", top)
                self.assertNotIn("<dt>Publish</dt>", top)
                self.assertEqual(count_of(section(body, "Actions arising")), 0)
                att = section(body, "Attendance")
                self.assertEqual(count_of(att), 19)
            # each item's decision sits under it
            self.assertIn("related-detail", agenda)
            self.assertIn("Election of Chair", text_of(agenda))

    def test_board_meetings_upcoming_first(self):
        for role in ROLES:
            body = self.page(role, "body")
            sec = section(body, "Meetings")
            self.assertIsNotNone(sec, role)
            refs = re.findall(r'/records/meeting/\d+">([^<]+)</a>', sec)
            if role == "staff":
                self.assertIn("CANARYMEET7", sec)
                self.assertEqual(refs[:3], ["PCP 2023-10-09", "PCP 2023-11-01", "PCP 2023-12-13"])
            else:
                self.assert_no_canary(body, role)
                self.assertEqual(refs[:5], ["PCP 2023-10-09", "PCP 2023-12-13",
                                            "PCP 2024-10-28", "PCP 2023-08-10",
                                            "PCP 2023-07-26"])
                self.assertEqual(count_of(sec), len(refs))

    def test_plan_lists_its_objectives(self):
        counts = {}
        for role in ROLES:
            body = self.page(role, "plan")
            sec = section(body, "Objectives of this plan")
            self.assertIsNotNone(sec)
            counts[role] = count_of(sec)
            self.assertIn(OBJECTIVE, html.unescape(sec))
            if role != "staff":
                self.assert_no_canary(body, role)
        self.assertEqual(counts["staff"], counts["public"] + 1)
        self.assertEqual(counts["panel"], counts["public"])

    def test_objective_golden_thread(self):
        for role in ROLES:
            body = self.page(role, "objective")
            items = section(body, "Agenda items serving this objective")
            actions = section(body, "Actions serving this objective")
            entries = section(body, "Work programme entries serving this objective")
            # the demo's tags: three items, one of them (CGB 2023-04-19 4.iii)
            # OFFICIAL-SENSITIVE, so staff only; and one work programme entry
            self.assertEqual(count_of(items), 3 if role == "staff" else 2)
            self.assertEqual("Violence Against Women and Girls (VAWG)" in html.unescape(items),
                             role == "staff")
            self.assertEqual(count_of(entries), 1)
            if role == "staff":
                self.assertEqual(count_of(actions), 2)
                self.assertIn("CANARYACT7", actions)
                self.assertIn("<strong>Open</strong>: 1", actions)
            else:
                self.assertEqual(count_of(actions), 1)
                self.assert_no_canary(body, role)
                self.assertNotIn("<strong>Open</strong>", actions)
            self.assertIn("<strong>Completed</strong>: 1", actions)

    # ---- the same as JSON ----

    def test_related_json(self):
        for role in ROLES:
            c = self.api_client(role)
            r = c.get(f"/api/v1/meeting/{self.ids['meeting']}/related")
            self.assertEqual(r.status, 200, r.text[:300])
            doc = r.json()
            groups = {g["heading"]: g for g in doc["groups"]}
            agenda = groups["Agenda"]
            self.assertTrue(agenda["numbered"])
            self.assertEqual(agenda["total"], len(agenda["data"]))
            for g in doc["groups"]:
                self.assertEqual(g["total"], len(g["data"]))
            if role == "staff":
                self.assertEqual(agenda["total"], 17)
                self.assertEqual(groups["Actions arising"]["states"], {"Open": 1})
            else:
                self.assertEqual(agenda["total"], 15)
                self.assertEqual(groups["Actions arising"]["states"], {})
                self.assert_no_canary(r.text, role)
                self.assertNotIn('"provenance"', r.text)
                self.assertNotIn('"publish"', r.text)
            o = c.get(f"/api/v1/objective/{self.ids['objective']}/related")
            self.assertEqual(o.status, 200)
            thread = {g["heading"]: g for g in o.json()["groups"]}
            states = thread["Actions serving this objective"]["states"]
            self.assertEqual(states, {"Completed": 1, "Open": 1} if role == "staff"
                             else {"Completed": 1})
            if role != "staff":
                self.assert_no_canary(o.text, role)

    def test_hidden_record_related_is_not_found(self):
        staff = self.api_client("staff")
        r = staff.get("/api/v1/meeting?ref=PCP+2023-11-01")
        mid = r.json()["data"][0]["id"]
        self.assertEqual(staff.get(f"/api/v1/meeting/{mid}/related").status, 200)
        for role in ("panel", "public"):
            r = self.api_client(role).get(f"/api/v1/meeting/{mid}/related")
            self.assertEqual(r.status, 404)
            self.assert_no_canary(r.text, role)
            r = self.clients[role].get(f"/records/meeting/{mid}")
            self.assertEqual(r.status, 404)

    def test_openapi(self):
        paths = self.openapi()["paths"]
        for t in ("meeting", "body", "plan", "objective", "item"):
            p = paths[f"/api/v1/{t}/{{id}}/related"]
            self.assertIn("get", p)
        # An action's status history is its lifecycle's, not a related group.
        self.assertIn("get", paths["/api/v1/action/{id}/transitions"])
        self.assertNotIn("/api/v1/objective_tag/{id}/related", paths)
        names = [x["name"] for x in paths["/api/v1/meeting"]["get"]["parameters"]]
        self.assertIn("from", names)
        self.assertIn("to", names)

    # ---- lists that can be read ----

    def test_meetings_list_order_and_range(self):
        for role in ROLES:
            body = self.clients[role].get("/records/meeting").text
            refs = re.findall(r'/records/meeting/\d+">([^<]+)</a>', body)
            want = ["PCP 2023-10-09", "PCP 2023-11-01", "PCP 2023-12-13", "PCP 2024-10-28",
                    "CGB 2023-09-25"]
            if role != "staff":
                want.remove("PCP 2023-11-01")
                self.assert_no_canary(body, role)
            self.assertEqual(refs[:len(want)], want)
            self.assertNotIn(">Source</a></th>", body)  # internal: no column by default
            self.assertNotIn(">Publish</a></th>", body)
        r = self.clients["public"].get("/records/meeting?from=01/08/2023&to=30%2F09%2F2023")
        self.assertEqual(r.status, 200)
        refs = re.findall(r'/records/meeting/\d+">([^<]+)</a>', r.text)
        self.assertEqual(sorted(refs), ["CGB 2023-09-25", "PCP 2023-08-10"])
        self.assertIn('value="01/08/2023"', r.text)
        r = self.clients["public"].get("/records/meeting?from=31/02/2023")
        self.assertEqual(r.status, 400)
        self.assertIn("There is a problem", r.text)
        self.assertIn('value="31/02/2023"', r.text)
        r = self.api_client("public").get("/api/v1/meeting?from=2023-08-01&to=2023-09-30")
        self.assertEqual(sorted(x["ref"] for x in r.json()["data"]),
                         ["CGB 2023-09-25", "PCP 2023-08-10"])
        # pages of the upcoming-first order join up into the whole list
        for role in ROLES:
            c = self.api_client(role)
            whole = [x["ref"] for x in c.get("/api/v1/meeting?_per=100").json()["data"]]
            pages = []
            for n in range(1, 8):
                doc = c.get(f"/api/v1/meeting?_per=2&_page={n}").json()
                pages += [x["ref"] for x in doc["data"]]
                self.assertEqual(doc["total"], len(whole))
            self.assertEqual(pages, whole)
            self.assertEqual(whole[0], "PCP 2023-10-09")
            self.assertEqual(whole[-1], "CGB 2023-03-20")
        r = self.api_client("public").get("/api/v1/meeting?from=notadate")
        self.assertEqual(r.status, 400)
        self.assertEqual(r.json()["error"]["field"], "from")

    def test_internal_fields(self):
        for role in ("panel", "public"):
            c = self.clients[role]
            body = c.get("/records/meeting?_columns=all").text
            self.assertNotIn(">Source<", body)  # neither column nor filter
            self.assertNotIn(">Publish<", body)
            csv_text = c.get("/records/meeting/export.csv").text
            header = csv_text.splitlines()[0].split(",")
            self.assertNotIn("provenance", header)
            self.assertNotIn("publish", header)
            self.assertNotIn("notes", header)
            r = self.api_client(role).get(f"/api/v1/meeting/{self.ids['meeting']}")
            self.assertNotIn("provenance", r.json())
            self.assertNotIn("publish", r.json())
            # an internal field is no filter for them
            self.assertEqual(self.api_client(role).get("/api/v1/meeting?provenance=x").status,
                             400)
        staff = self.clients["staff"]
        self.assertIn(">Source</a></th>", staff.get("/records/meeting?_columns=all").text)
        self.assertIn("provenance", staff.get("/records/meeting/export.csv").text.splitlines()[0])

    def test_add_headings(self):
        staff = self.clients["staff"]
        self.assertIn(">Add an action</a>", staff.get("/records/action").text)
        self.assertIn(">Add a meeting</a>", staff.get("/records/meeting").text)
        self.assertIn("Add an agenda item", staff.get("/records/item/new").text)
        self.assertIn(">Add an HMICFRS publication</a>", staff.get("/records/publication").text)


if __name__ == "__main__":
    main()
