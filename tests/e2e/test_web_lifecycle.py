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
  note carries a canary word that must not appear anywhere they can go);
- recommendations: the PCC's response recorded by staff through the form
  and the API, the state on the record page, in the list, in the record's
  JSON and the list's, the demo's responses as transitions, the Panel's
  front door listing exactly those awaiting a response by their state, and
  an unpublished recommendation out of panel's and public's reach."""
import re
from urllib.parse import quote

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
        cls.hidden_rec = cls.srv.peel(
            "add", "recommendation", "ref=PCP TEST 1.1", "kind=panel_recommendation",
            f"text=Unpublished recommendation {CANARY}", "made=2023-07-26",
            "publish=no").strip()

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

    # ---- recommendations ----

    def rec_id(self, ref):
        r = self.api_client("staff").get(f"/api/v1/recommendation?ref={quote(ref)}")
        rows = [x for x in r.json()["data"] if x["ref"] == ref]
        self.assertEqual(len(rows), 1, r.text)
        return rows[0]["id"]

    def test_staff_record_a_response_through_the_form(self):
        staff = self.clients["staff"]
        rid = self.rec_id("PCP 2023-07-26 11.3")
        page = staff.get(f"/records/recommendation/{rid}")
        self.assertEqual(page.status, 200)
        self.assertIn('tag--awaiting_response">Awaiting response</strong>', page.text)
        for to, verb in (("accepted", "Record as accepted"),
                         ("not_accepted", "Record as not accepted"),
                         ("responded", "Record the response")):
            self.assertIn(f'transition?to={to}">{verb}</a>', page.text)

        form = staff.get(f"/records/recommendation/{rid}/transition?to=accepted")
        self.assertEqual(form.status, 200)
        self.assertIn('name="note"', form.text)
        # The response is the note: refused without it, what was typed kept.
        bad = staff.post(f"/records/recommendation/{rid}/transition",
                         {"to": "accepted", "date": "01/09/2023"})
        self.assertEqual(bad.status, 422)
        self.assertIn('id="f-note-error"', bad.text)
        self.assertIn('value="01/09/2023"', bad.text)
        # Not before the recommendation was made.
        early = staff.post(f"/records/recommendation/{rid}/transition",
                           {"to": "accepted", "date": "01/07/2023", "note": "Agreed"})
        self.assertEqual(early.status, 422)
        ok = staff.post(f"/records/recommendation/{rid}/transition",
                        {"to": "accepted", "date": "01/09/2023",
                         "note": "The PCC accepts the recommendation and will report back."})
        self.assertEqual(ok.status, 303, ok.text[:500])
        page = staff.get(f"/records/recommendation/{rid}")
        self.assertIn('tag--accepted">Accepted</strong> since 1 September 2023', page.text)
        self.assertIn("will report back", page.text)
        self.assertIn('transition?to=completed">Mark complete</a>', page.text)
        self.assertNotIn("to=not_accepted", page.text)

        listing = staff.get("/records/recommendation?ref=" + quote("PCP 2023-07-26 11.3"))
        self.assertIn('<th scope="col">State</th>', listing.text)
        self.assertIn('tag--state">Accepted</strong>', listing.text)
        # The record's JSON and the list's carry the state, for every reader.
        want = {"value": "accepted", "label": "Accepted", "since": "2023-09-01"}
        for who in ("staff", "panel", "public"):
            api = self.api_client(who)
            self.assertEqual(api.get(f"/api/v1/recommendation/{rid}").json()["state"], want, who)
            path = "/api/v1/recommendation?ref=" + quote("PCP 2023-07-26 11.3")
            rows = api.get(path).json()["data"]
            self.assertEqual([x["state"] for x in rows if x["id"] == rid], [want], who)
        # The recommendations report says so, with the response.
        report = self.clients["public"].get("/register/recommendations").text
        self.assertIn("Accepted since 1 September 2023", report)
        self.assertIn("will report back", report)

    def test_api_moves_a_recommendation_to_completed(self):
        api = self.api_client("staff")
        rid = self.rec_id("PCP 2023-07-26 12.2")
        self.assertEqual(api.get(f"/api/v1/recommendation/{rid}").json()["state"],
                         {"value": "awaiting_response", "label": "Awaiting response",
                          "since": None})
        j = api.get(f"/api/v1/recommendation/{rid}/transitions").json()
        self.assertEqual(j["state"], "awaiting_response")
        tos = {a["to"]: a for a in j["allowed"]}
        self.assertEqual(tos["partly_accepted"]["requires"], ["note"])
        self.assertEqual(tos["in_progress"]["requires"], [])
        self.assertNotIn("completed", tos)

        r = api.api("POST", f"/api/v1/recommendation/{rid}/transitions",
                    {"to": "partly_accepted", "date": "2023-08-15",
                     "note": "Savings from wider factors will be added where they can be shown."})
        self.assertEqual(r.status, 201, r.text)
        r = api.api("POST", f"/api/v1/recommendation/{rid}/transitions",
                    {"to": "completed", "date": "2023-09-20"})
        self.assertEqual(r.status, 422)
        self.assertEqual(r.json()["error"]["field"], "evidence")
        r = api.api("POST", f"/api/v1/recommendation/{rid}/transitions",
                    {"to": "completed", "date": "2023-09-20",
                     "evidence": "Revised evaluation in the September report"})
        self.assertEqual(r.status, 201, r.text)
        j = r.json()
        self.assertEqual(j["state"], "completed")
        self.assertTrue(j["closed"])
        self.assertEqual([h["to"] for h in j["history"]], ["partly_accepted", "completed"])
        self.assertEqual(api.get(f"/api/v1/recommendation/{rid}").json()["state"],
                         {"value": "completed", "label": "Completed", "since": "2023-09-20"})
        # A record sent back as read is still accepted: its state is ignored.
        rec = api.get(f"/api/v1/recommendation/{rid}").json()
        r = api.api("PATCH", f"/api/v1/recommendation/{rid}", {"state": rec["state"]})
        self.assertEqual(r.status, 200, r.text)
        self.assertEqual(r.json()["state"]["value"], "completed")

        # Panel and public read it and may not change it, by form or API.
        for who in ("public", "panel"):
            c = self.api_client(who)
            r = c.get(f"/api/v1/recommendation/{rid}/transitions")
            self.assertEqual(r.status, 200, who)
            self.assertEqual(r.json()["allowed"], [])
            page = self.clients[who].get(f"/records/recommendation/{rid}")
            self.assertIn('tag--completed">Completed</strong> since 20 September 2023', page.text)
            self.assertNotIn("/transition", page.text)
            form = self.clients[who].get(f"/records/recommendation/{rid}/transition?to=closed")
            self.assertEqual(form.status, 403, who)
        r = self.api_client("public").api("POST", f"/api/v1/recommendation/{rid}/transitions",
                                          {"to": "closed", "note": "x"})
        self.assertEqual(r.status, 401)
        r = self.api_client("panel").api("POST", f"/api/v1/recommendation/{rid}/transitions",
                                         {"to": "closed", "note": "x"})
        self.assertEqual(r.status, 403)
        panel = self.clients["panel"]
        panel.get(f"/records/recommendation/{rid}")
        r = panel.post(f"/records/recommendation/{rid}/transition", {"to": "closed", "note": "x"})
        self.assertEqual(r.status, 403)

    def test_demo_responses_are_transitions(self):
        rid = self.rec_id("PCP 2023-07-26 10.2")
        j = self.api_client("public").get(f"/api/v1/recommendation/{rid}").json()
        self.assertEqual(j["state"], {"value": "responded", "label": "Responded",
                                      "since": "2023-10-09"})
        self.assertNotIn("accepted", j)
        self.assertNotIn("response_date", j)
        hist = self.api_client("public").get(f"/api/v1/recommendation/{rid}/transitions").json()
        self.assertEqual(len(hist["history"]), 1)
        self.assertIn("Estates insight report", hist["history"][0]["source"])

    def test_panel_front_door_lists_those_awaiting_a_response(self):
        api = self.api_client("panel")
        rows = api.get("/api/v1/recommendation?_per=200").json()["data"]
        awaiting = {x["ref"] for x in rows if x["state"]["value"] == "awaiting_response"}
        answered = {x["ref"] for x in rows} - awaiting
        self.assertTrue(awaiting)
        self.assertIn("PCP 2023-07-26 10.2", answered)  # responded in the demo's papers
        home = self.clients["panel"].get("/").text
        m = re.search(r'id="h-recs".*?</section>', home, re.S)
        self.assertIsNotNone(m)
        listed = set(re.findall(r'href="/records/recommendation/\d+">([^<]+)</a>', m.group(0)))
        self.assertEqual(listed, awaiting)
        # A response recorded now takes it off the list.
        ref = sorted(awaiting)[0]
        r = self.api_client("staff").api(
            "POST", f"/api/v1/recommendation/{self.rec_id(ref)}/transitions",
            {"to": "responded", "date": "2023-10-09", "note": "Answered at the meeting"})
        self.assertEqual(r.status, 201, r.text)
        home = self.clients["panel"].get("/").text
        section = re.search(r'id="h-recs".*?</section>', home, re.S).group(0)
        self.assertNotIn(f">{ref}</a>", section)

    def test_response_due_only_while_awaiting_it(self):
        # The staff home page's "Due or overdue" counts a recommendation while
        # its response is awaited, not once it is answered.
        rid = self.srv.peel(
            "add", "recommendation", "ref=PCP TEST 2.1", "kind=panel_recommendation",
            "text=That the PCC reports on response times.", "made=2023-07-26",
            "response_due=2023-10-02", "publish=yes").strip()
        link = f'href="/records/recommendation/{rid}">PCP TEST 2.1</a>'
        home = self.clients["staff"].get("/").text
        self.assertRegex(home, link + r".*?Overdue by 7 days")
        r = self.api_client("staff").api(
            "POST", f"/api/v1/recommendation/{rid}/transitions",
            {"to": "not_accepted", "date": "2023-10-05", "note": "The PCC does not accept it."})
        self.assertEqual(r.status, 201, r.text)
        self.assertNotIn(link, self.clients["staff"].get("/").text)

    def test_unpublished_recommendation_out_of_reach(self):
        rid = self.hidden_rec
        for who in ("public", "panel"):
            api = self.api_client(who)
            self.assertEqual(api.get(f"/api/v1/recommendation/{rid}").status, 404, who)
            self.assertEqual(api.get(f"/api/v1/recommendation/{rid}/transitions").status, 404,
                             who)
            body = api.get("/api/v1/recommendation?_per=200").body
            self.assertNotIn(CANARY.encode(), body)
            self.assertNotIn(b"PCP TEST 1.1", body)
            home = self.clients[who].get("/")
            self.assertNotIn(CANARY.encode(), home.body)
            form = self.clients[who].get(f"/records/recommendation/{rid}/transition?to=closed")
            self.assertIn(form.status, (403, 404), who)
            self.assertNotIn(CANARY.encode(), form.body)
        r = self.api_client("panel").api("POST", f"/api/v1/recommendation/{rid}/transitions",
                                         {"to": "closed", "note": "x"})
        self.assertIn(r.status, (403, 404))
        # Staff see it awaiting a response on their record page.
        page = self.clients["staff"].get(f"/records/recommendation/{rid}")
        self.assertIn("Awaiting response</strong>", page.text)

    def test_openapi_documents_the_state(self):
        doc = self.openapi()
        props = doc["components"]["schemas"]["recommendation"]["properties"]
        self.assertTrue(props["state"]["readOnly"])
        self.assertIn("awaiting_response", props["state"]["properties"]["value"]["enum"])
        self.assertEqual(props["state"]["required"], ["value", "label", "since"])
        self.assertIn("state", doc["components"]["schemas"]["action"]["properties"])
        self.assertNotIn("state", doc["components"]["schemas"]["meeting"]["properties"])
        self.assertNotIn("accepted", props)
        self.assertIn("/api/v1/recommendation/{id}/transitions", doc["paths"])


if __name__ == "__main__":
    main()
