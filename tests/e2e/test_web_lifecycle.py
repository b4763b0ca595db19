"""Declared lifecycles on the web (src/web/lifecycle.c), against the real
server on the demo database with "today" fixed at 9 October 2023:

- staff: the record page's state tag, one button per allowed transition, the
  short form with the transition's requirements as fields, errors beside the
  fields with what was typed kept, the change made and shown on the record,
  in its dated history and in the list's State column;
- the API: GET and POST /api/v1/TYPE/ID/transitions (history, the caller's
  transitions, 201 on a change, 422 with field errors, 401/403 for those who
  may not change records) and its place in the OpenAPI document;
- panel and public: the state and history of a published action, never a
  button or a form, and nothing at all of an OFFICIAL-SENSITIVE action (its
  note carries a canary word that must not appear anywhere they can go)."""
import re

from peelweb import Client, WebCase, main

CANARY = "LIFECYCLECANARY7f3a"


class LifecycleWeb(WebCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.srv.peel("demo")
        cls.secret = cls.srv.peel(
            "add", "action", "ref=CGB-2023-07-09", f"title=Sensitive action {CANARY}",
            "arose_from=meeting_item", "meeting=CGB 2023-07-17", "raised=2023-07-17",
            "classification=OFFICIAL-SENSITIVE", "publish=yes").strip()
        cls.srv.peel("transition", "action", "CGB-2023-07-09", "in_progress", "--date",
                     "2023-08-01", "--note", f"Note {CANARY}")

    def action_id(self, ref):
        r = self.api_client("staff").get(f"/api/v1/action?ref={ref}")
        rows = [a for a in r.json()["data"] if a["ref"] == ref]
        self.assertEqual(len(rows), 1, r.text)
        return rows[0]["id"]

    # ---- staff: the page, the form, the change ----

    def test_staff_marks_an_action_complete_with_evidence(self):
        staff = self.clients["staff"]
        aid = self.action_id("CGB-2023-07-01")
        page = staff.get(f"/records/action/{aid}")
        self.assertEqual(page.status, 200)
        self.assertRegex(page.text, r'class="tag tag--state tag--open">Open</strong>')
        self.assertIn(f'href="/records/action/{aid}/transition?to=completed">Mark complete</a>',
                      page.text)
        self.assertIn("No change of state recorded", page.text)

        form = staff.get(f"/records/action/{aid}/transition?to=completed")
        self.assertEqual(form.status, 200)
        self.assertIn('name="evidence"', form.text)
        self.assertIn('name="to" value="completed"', form.text)
        self.assertEqual(form.text.count("<h1"), 1)

        # Refused: no evidence, a date that is not one.  Both errors at once,
        # each beside its field, and what was typed kept.
        bad = staff.post(f"/records/action/{aid}/transition",
                         {"to": "completed", "date": "31/02/2023", "note": "Kept note"})
        self.assertEqual(bad.status, 422)
        self.assertIn("There is a problem", bad.text)
        self.assertIn('id="f-evidence-error"', bad.text)
        self.assertIn('id="f-date-error"', bad.text)
        self.assertIn('value="31/02/2023"', bad.text)
        self.assertIn(">Kept note</textarea>", bad.text)
        self.assertIn('aria-invalid="true"', bad.text)

        # Before the action was raised: refused on the date.
        early = staff.post(f"/records/action/{aid}/transition",
                           {"to": "completed", "date": "01/07/2023", "evidence": "A letter"})
        self.assertEqual(early.status, 422)
        self.assertIn("before action CGB-2023-07-01", early.text)

        ok = staff.post(f"/records/action/{aid}/transition",
                        {"to": "completed", "date": "02/10/2023",
                         "evidence": "Briefing paper circulated to the board"})
        self.assertEqual(ok.status, 303, ok.text[:500])
        self.assertIn(f"/records/action/{aid}", ok.header("Location"))
        page = staff.get(f"/records/action/{aid}")
        self.assertIn('tag--completed">Completed</strong> since 2 October 2023', page.text)
        self.assertIn("Briefing paper circulated to the board", page.text)
        self.assertIn("transition?to=open\">Reopen</a>", page.text)
        self.assertNotIn("to=completed", page.text)

        listing = staff.get("/records/action?ref=CGB-2023-07-01")
        self.assertIn('<th scope="col">State</th>', listing.text)
        self.assertIn('tag--state">Completed</strong>', listing.text)

        tracker = staff.get("/register/actions")
        row = re.search(r"CGB-2023-07-01.*?</tr>", tracker.text, re.S)
        self.assertIsNotNone(row)
        self.assertIn("Completed", row.group(0))

        # Reopening needs a note; the history keeps both changes, newest first.
        again = staff.post(f"/records/action/{aid}/transition", {"to": "open"})
        self.assertEqual(again.status, 422)
        self.assertIn('id="f-note-error"', again.text)
        hist = self.srv.peel("history", "action", "CGB-2023-07-01")
        self.assertIn("open  completed", hist)

    def test_a_transition_not_allowed_from_here_is_refused(self):
        staff = self.clients["staff"]
        aid = self.action_id("CGB-2023-04-01")  # completed by the demo's papers
        staff.get(f"/records/action/{aid}")
        r = staff.post(f"/records/action/{aid}/transition",
                       {"to": "in_progress", "date": "10/10/2023"})
        self.assertEqual(r.status, 422)
        self.assertIn("cannot go to In progress", r.text)
        r = staff.post(f"/records/action/{aid}/transition", {"to": "nonsense"})
        self.assertEqual(r.status, 422)
        self.assertIn("is not a state", r.text)

    def test_forms_need_a_csrf_token(self):
        staff = self.clients["staff"]
        aid = self.action_id("CGB-2023-07-03")
        staff.get(f"/records/action/{aid}")
        r = staff.post(f"/records/action/{aid}/transition", {"to": "in_progress"}, csrf=False)
        self.assertEqual(r.status, 403)

    # ---- the API ----

    def test_api_reads_and_makes_transitions(self):
        api = self.api_client("staff")
        aid = self.action_id("CGB-2023-07-02")
        r = api.get(f"/api/v1/action/{aid}/transitions")
        self.assertEqual(r.status, 200)
        j = r.json()
        self.assertEqual(j["state"], "open")
        self.assertEqual(j["history"], [])
        tos = {a["to"]: a for a in j["allowed"]}
        self.assertEqual(tos["completed"]["requires"], ["evidence"])
        self.assertEqual(tos["cancelled"]["requires"], ["note"])

        r = api.api("POST", f"/api/v1/action/{aid}/transitions", {"to": "completed"})
        self.assertEqual(r.status, 422)
        self.assertEqual(r.json()["error"]["field"], "evidence")
        r = api.api("POST", f"/api/v1/action/{aid}/transitions",
                    {"to": "cancelled", "date": "not a date"})
        fields = {e["field"] for e in r.json()["error"]["errors"]}
        self.assertEqual(fields, {"date", "note"})
        r = api.api("POST", f"/api/v1/action/{aid}/transitions", {"to": 3})
        self.assertEqual(r.status, 422)
        r = api.api("POST", f"/api/v1/action/{aid}/transitions", raw=b"{")
        self.assertEqual(r.status, 400)

        r = api.api("POST", f"/api/v1/action/{aid}/transitions",
                    {"to": "in_progress", "date": "2023-09-01", "note": "Work started"})
        self.assertEqual(r.status, 201, r.text)
        j = r.json()
        self.assertEqual(j["state"], "in_progress")
        self.assertEqual(j["history"][-1]["date"], "2023-09-01")
        self.assertEqual(j["history"][-1]["recorded_by"], "staff1")
        # Out of date order: refused.
        r = api.api("POST", f"/api/v1/action/{aid}/transitions",
                    {"to": "completed", "date": "2023-08-01", "evidence": "x"})
        self.assertEqual(r.status, 422)
        self.assertEqual(r.json()["error"]["field"], "date")

        # Panel and public read the history of a published action, never
        # who recorded it, and may not change it.
        for who in ("public", "panel"):
            c = self.api_client(who)
            r = c.get(f"/api/v1/action/{aid}/transitions")
            self.assertEqual(r.status, 200)
            self.assertEqual(r.json()["allowed"], [])
            self.assertEqual(r.json()["history"][-1]["note"], "Work started")
            self.assertNotIn("recorded_by", r.json()["history"][-1])
        r = self.api_client("public").api("POST", f"/api/v1/action/{aid}/transitions",
                                          {"to": "completed", "evidence": "x"})
        self.assertEqual(r.status, 401)
        r = self.api_client("panel").api("POST", f"/api/v1/action/{aid}/transitions",
                                         {"to": "completed", "evidence": "x"})
        self.assertEqual(r.status, 403)

    def test_openapi_lists_the_transitions(self):
        doc = self.openapi()
        item = doc["paths"]["/api/v1/action/{id}/transitions"]
        self.assertIn("get", item)
        self.assertIn("422", item["post"]["responses"])
        self.assertIn("completed",
                      item["post"]["requestBody"]["content"]["application/json"]["schema"]
                      ["properties"]["to"]["enum"])
        self.assertNotIn("/api/v1/meeting/{id}/transitions", doc["paths"])

    # ---- panel and public ----

    def test_panel_and_public_see_state_but_no_forms(self):
        aid = self.action_id("CGB-2023-06-04")  # awaiting sign-off in the papers
        for who in ("public", "panel"):
            c = self.clients[who]
            page = c.get(f"/records/action/{aid}")
            self.assertEqual(page.status, 200, who)
            self.assertIn("Awaiting sign-off</strong>", page.text)
            self.assertIn("State history", page.text)
            self.assertNotIn("/transition", page.text)
            self.assertNotIn("Recorded by", page.text)
            form = c.get(f"/records/action/{aid}/transition?to=completed")
            self.assertEqual(form.status, 403, who)
        panel = self.clients["panel"]
        panel.get(f"/records/action/{aid}")
        r = panel.post(f"/records/action/{aid}/transition",
                       {"to": "completed", "evidence": "x"})
        self.assertEqual(r.status, 403)

    def test_sensitive_action_never_reaches_panel_or_public(self):
        paths = ["/records/action", f"/records/action/{self.secret}",
                 f"/records/action/{self.secret}/transition?to=completed",
                 f"/api/v1/action/{self.secret}/transitions", "/api/v1/action",
                 "/register/reports/cgb?from=2023-04-01&to=2023-10-09",
                 "/register/calendar?year=2023"]
        visitors = {"public page": self.clients["public"], "panel page": self.clients["panel"],
                    "public api": self.api_client("public"),
                    "panel api": self.api_client("panel")}
        for who, c in visitors.items():
            for path in paths:
                r = c.get(path)
                with self.subTest(who=who, path=path):
                    self.assertLess(r.status, 500)
                    self.assertNotIn(CANARY.encode(), r.body)
            r = c.get(f"/api/v1/action/{self.secret}/transitions")
            self.assertEqual(r.status, 404, who)
        # Staff see it, marked.
        page = self.clients["staff"].get(f"/records/action/{self.secret}")
        self.assertIn(f"Note {CANARY}", page.text)
        self.assertIn("OFFICIAL-SENSITIVE", page.text)


if __name__ == "__main__":
    main()
