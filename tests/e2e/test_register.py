"""The accountability register end to end: the demo from seed 002, the
action tracker with a fixed "today", the CGB report (sensitive text absent
from the public version), the HMICFRS 56-day figure, and bad input that must
save nothing.  Expected figures are computed here from the demo CSVs or by
hand, never taken from peel's own output."""
import csv
import datetime
import json
import io
import os

import peeltest

DEMO = os.path.join(peeltest.SOURCE, "demo")
CLOSED = {"completed", "cancelled"}


def demo_rows(name):
    with open(os.path.join(DEMO, name + ".csv"), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def expected_tracker(asof):
    """Status, overdue and RAG per action on day asof, from the CSVs."""
    asof = datetime.date.fromisoformat(asof)
    updates = demo_rows("action_update")
    out = {}
    for a in demo_rows("action"):
        raised = datetime.date.fromisoformat(a["raised"])
        if raised > asof:
            continue
        mine = [u for u in updates if u["action"] == a["ref"]
                and datetime.date.fromisoformat(u["date"]) <= asof]
        status = max(mine, key=lambda u: u["date"])["status"] if mine else "open"
        due = datetime.date.fromisoformat(a["due"]) if a["due"] else None
        overdue = due is not None and due < asof and status not in CLOSED
        if status in CLOSED:
            rag = ""
        elif overdue:
            rag = "red"
        elif due is None or (due - asof).days <= 14:
            rag = "amber"
        else:
            rag = "green"
        out[a["ref"]] = (status, "yes" if overdue else "no", rag)
    return out


class RegisterTest(peeltest.PeelCase):
    def setUp(self):
        super().setUp()
        self.env = dict(self.env, PEEL_TODAY="2023-10-09")
        self.env.pop("PEEL_NOW", None)
        self.peel("init")
        self.peel("demo")

    def tracker(self, *args):
        out, _ = self.peel("actions", "--format", "csv", *args)
        return {r["ref"]: (r["status"], r["overdue"], r["rag"]) for r in csv.DictReader(io.StringIO(out))}

    def test_demo_is_idempotent(self):
        before = self.dump()
        out, _ = self.peel("demo")
        self.assertIn("0 created, 0 updated", out)
        self.assertEqual(before["action"], self.dump()["action"])

    def test_tracker_on_report_date(self):
        got = self.tracker()
        self.assertEqual(got, expected_tracker("2023-10-09"))
        # the paper: April a-d completed; June d awaiting sign-off; June b no status (open)
        self.assertEqual(got["CGB-2023-04-01"][0], "completed")
        self.assertEqual(got["CGB-2023-06-04"][0], "awaiting_signoff")
        self.assertEqual(got["CGB-2023-06-02"][0], "open")
        # the July report gives the four July commitments no due date: none is
        # overdue or red, and the tracker says no due date is recorded
        july = ["CGB-2023-07-01", "CGB-2023-07-02", "CGB-2023-07-03", "CGB-2023-07-04"]
        self.assertEqual([got[r] for r in july], [("open", "no", "amber")] * 4)
        self.assertEqual(sorted(r for r, v in got.items() if v[1] == "yes"), [])
        out, _ = self.peel("actions", "--overdue")
        self.assertIn("0 actions, 0 open, 0 overdue, on 9 October 2023", out)
        out, _ = self.peel("actions")
        for ref in july:
            row = next(l for l in out.splitlines() if l.startswith(ref))
            self.assertIn("2023-07-17  not recorded  Open", row)

    def test_tracker_with_other_today(self):
        env = dict(self.env, PEEL_TODAY="2023-09-20")
        out, _ = self.peel("actions", "--format", "csv", env=env)
        got = {r["ref"]: (r["status"], r["overdue"], r["rag"]) for r in csv.DictReader(io.StringIO(out))}
        self.assertEqual(got, expected_tracker("2023-09-20"))
        # no due date recorded: amber, never overdue; completions dated 9 October not yet
        self.assertEqual(got["CGB-2023-07-01"], ("open", "no", "amber"))
        self.assertEqual(got["CGB-2023-04-01"][0], "open")
        # before the July meeting the July actions do not exist yet
        self.assertNotIn("CGB-2023-07-01", self.tracker("--as-of", "2023-07-16"))

    def expected_ages(self, asof):
        """Age in days per action on asof, from the CSVs: to the closing change
        for a completed or cancelled action, to asof otherwise."""
        asof = datetime.date.fromisoformat(asof)
        updates = demo_rows("action_update")
        out = {}
        for a in demo_rows("action"):
            raised = datetime.date.fromisoformat(a["raised"])
            if raised > asof:
                continue
            mine = sorted((u for u in updates if u["action"] == a["ref"]
                           and datetime.date.fromisoformat(u["date"]) <= asof),
                          key=lambda u: u["date"])
            end = (datetime.date.fromisoformat(mine[-1]["date"])
                   if mine and mine[-1]["status"] in CLOSED else asof)
            out[a["ref"]] = (end - raised).days
        return out

    def ages(self, asof):
        out, _ = self.peel("actions", "--format", "csv", "--as-of", asof)
        return {r["ref"]: int(r["age_days"]) for r in csv.DictReader(io.StringIO(out))}

    def test_ageing(self):
        # a completed action stops ageing at its completion, however late the day asked about
        for asof in ("2023-09-20", "2023-10-09", "2024-03-31"):
            self.assertEqual(self.ages(asof), self.expected_ages(asof), asof)
        self.assertEqual(self.ages("2024-03-31")["CGB-2023-04-01"],
                         (datetime.date(2023, 10, 9) - datetime.date(2023, 4, 19)).days)
        # completed before the report date; then reopened, then completed again
        self.peel("transition", "action", "CGB-2023-07-02", "completed",
                  "--date", "2023-08-02", "--evidence", "Staffing list sent")
        self.assertEqual(self.ages("2023-10-09")["CGB-2023-07-02"], 16)
        self.assertEqual(self.ages("2023-08-01")["CGB-2023-07-02"], 15)
        self.peel("transition", "action", "CGB-2023-07-02", "open",
                  "--date", "2023-08-10", "--note", "Incomplete list")
        self.assertEqual(self.ages("2023-10-09")["CGB-2023-07-02"], 84)
        self.peel("transition", "action", "CGB-2023-07-02", "completed",
                  "--date", "2023-09-01", "--evidence", "Full list sent")
        self.assertEqual(self.ages("2023-10-09")["CGB-2023-07-02"], 46)
        self.assertEqual(self.ages("2023-08-20")["CGB-2023-07-02"], 34)

    def test_tracker_filters_and_groups(self):
        got = self.tracker("--owner", "nixon")
        self.assertEqual(sorted(got), ["CGB-2023-04-01", "CGB-2023-07-01", "CGB-2023-07-02",
                                       "CGB-2023-07-03", "CGB-2023-07-04"])
        got = self.tracker("--objective", "Domestic Abuse and Violence Against Women and Girls")
        self.assertEqual(sorted(got), ["CGB-2023-04-02"])
        self.assertEqual(len(self.tracker("--body", "CGB")), 15)
        out, _ = self.peel("actions", "--by", "organisation")
        lines = {l.split()[0]: l.split()[1:] for l in out.splitlines()[1:] if l.strip()}
        # force: 04-01, 06-06, 07-01..04 = 6 actions, 4 open, none overdue (no due dates)
        self.assertEqual(lines["force"][:3], ["6", "4", "0"])

    def test_bad_input_saves_nothing(self):
        before = self.dump()
        cases = [
            (["add", "action", "ref=X-1", "title=Test", "arose_from=other", "raised=2023-07-17",
              "due=2023-07-01"], "due: 2023-07-01 is before the action was raised (2023-07-17)"),
            (["transition", "action", "CGB-2023-06-02", "completed", "--date", "2023-10-01"], "evidence: is required to mark complete"),
            (["add", "meeting", "ref=XYZ 2023-01-01", "body=Imaginary Board", "date=2023-01-01",
              "status=held"], "body: no body with name 'Imaginary Board'"),
            (["transition", "action", "CGB-2023-06-02", "in_progress", "--date", "2023-06-01"], "is before action CGB-2023-06-02's Raised on (2023-06-21)"),
            (["transition", "action", "CGB-2023-04-01", "in_progress", "--date", "2023-10-10"], "cannot go to In progress; from here: Reopen"),
            (["set", "meeting", "CGB 2023-04-19", "status=cancelled"], "has 15 agenda items"),
        ]
        for args, msg in cases:
            _, err = self.peel(*args, status=2)
            self.assertIn(msg, err, args)
        self.assertEqual(before, self.dump())

    def test_item_for_cancelled_meeting(self):
        self.peel("add", "meeting", "ref=CGB 2023-05-24", "body=Corporate Governance Board", "date=2023-05-24",
                  "status=cancelled")
        before = self.dump()
        _, err = self.peel("add", "item", "ref=CGB 2023-05-24 2", "meeting=CGB 2023-05-24",
                           "title=Operational Updates", status=2)
        self.assertIn("meeting: meeting CGB 2023-05-24 is cancelled", err)
        path = self.write("item.csv", "ref,meeting,title\nCGB 2023-05-24 2,CGB 2023-05-24,Operational Updates\n")
        _, err = self.peel("import", "item", path, status=2)
        self.assertIn("cancelled", err)
        self.assertEqual(before, self.dump())

    def test_status_history(self):
        self.peel("transition", "action", "CGB-2023-07-01", "in_progress",
                  "--date", "2023-09-25", "--note", "Briefing note drafted")
        self.peel("transition", "action", "CGB-2023-07-01", "completed",
                  "--date", "2023-10-02", "--evidence", "Briefing note sent to the Chair")
        self.assertEqual(self.tracker("--as-of", "2023-09-30")["CGB-2023-07-01"][0], "in_progress")
        self.assertEqual(self.tracker()["CGB-2023-07-01"], ("completed", "no", ""))
        # an earlier-dated change after a later one is refused
        _, err = self.peel("transition", "action", "CGB-2023-07-01", "deferred",
                           "--date", "2023-09-26", status=2)
        self.assertIn("record changes in date order", err)

    def test_cgb_report(self):
        # a sensitive item whose text must never reach the public version
        self.peel("add", "item", "ref=CGB 2023-06-21 8.i", "meeting=CGB 2023-06-21", "number=8.i",
                  "title=Strategic risk register", "force_update=MARKER-SENSITIVE-7731 details",
                  "classification=OFFICIAL-SENSITIVE")
        self.peel("report", "cgb", "--from", "2023-04-01", "--to", "2023-07-31", "--out", "public.html")
        self.peel("report", "cgb", "--from", "2023-04-01", "--to", "2023-07-31", "--internal",
                  "--out", "internal.html")
        with open(os.path.join(self.dir, "public.html"), encoding="utf-8") as f:
            pub = f.read()
        with open(os.path.join(self.dir, "internal.html"), encoding="utf-8") as f:
            internal = f.read()
        withheld = "This item is marked Official-Sensitive and is not published"
        for text in ("MARKER-SENSITIVE-7731", "Homicide profile for years 2019-2022",
                     "VAWG remains a priority area"):
            self.assertNotIn(text, pub)
            self.assertIn(text.replace("'", "&#39;"), internal)
        # sensitive items show their titles and the words, as the papers do
        self.assertIn("4.ii Force Homicide Profile</h4>\n<p class=\"notice\">" + withheld, pub)
        self.assertIn("8.i Strategic risk register</h4>\n<p class=\"notice\">" + withheld, pub)
        self.assertEqual(pub.count(withheld), 3)  # April 4.ii and 4.iii, and the test's item
        # the July paper redacts items 3 and 4.i as unsuitable for the public domain: a
        # redaction with its reason, not an Official-Sensitive marking
        for doc in (pub, internal):
            self.assertIn("3 Operational updates</h4>\n<p><strong>Redacted:</strong> unsuitable "
                          "for public domain</p>", doc)
            self.assertIn("4.i East Leicestershire Review</h4>\n<p><strong>Redacted:</strong> "
                          "unsuitable for public domain (closed section of meeting; sensitive "
                          "report with PCC only)</p>\n<p><strong>Overview:</strong> The East "
                          "Leicestershire Review is an item continued", doc)
        self.assertNotIn("Official-Sensitive</p>\n<h4>4.i", pub)
        # meetings in date order, attendance, items, actions arising with status at the report date
        self.assertLess(pub.index("Corporate Governance Board, 19 April 2023"),
                        pub.index("Corporate Governance Board, 21 June 2023"))
        self.assertLess(pub.index("Corporate Governance Board, 21 June 2023"),
                        pub.index("Corporate Governance Board, 17 July 2023"))
        self.assertIn("Mr R Matthews (Police and Crime Commissioner)", pub)
        self.assertIn("CC Nixon to write to all officers included in the operational summary", pub)
        self.assertIn("Awaiting sign-off since 9 October 2023", pub)
        # the July commitments as the paper records them: no due date, not overdue
        self.assertIn("CGB-2023-07-01: CC Rob Nixon agreed to produce a briefing note for the "
                      "Chair on how they will be approaching managing the increased demand "
                      "(Rob Nixon) - Open - no due date recorded</li>", pub)
        self.assertEqual(pub.count("- Open - no due date recorded"), 5)  # June b and July
        self.assertNotIn("overdue", pub)
        self.assertIn("Actions arising (status on 9 October 2023)", pub)
        self.assertNotIn("CGB 2023-03-20", pub)  # outside the period
        # an earlier report date: the April actions were still open then
        self.peel("report", "cgb", "--from", "2023-04-01", "--to", "2023-04-30", "--as-of",
                  "2023-05-01", "--out", "may.html")
        with open(os.path.join(self.dir, "may.html"), encoding="utf-8") as f:
            may = f.read()
        self.assertIn("CGB-2023-04-01: CC Nixon", may)
        self.assertNotIn("Completed", may)

    def test_item_redaction_fields(self):
        out, _ = self.peel("types", "item")
        self.assertIn("Redacted", out)
        self.assertIn("Reason for redaction", out)
        _, err = self.peel("add", "item", "ref=CGB 2023-06-21 8.iii", "meeting=CGB 2023-06-21",
                           "title=X", "redacted=perhaps", status=2)
        self.assertIn("redacted: 'perhaps' is not yes or no", err)

    def test_redacted_and_marked_item(self):
        # a redacted item that is also marked: both are said, the text withheld
        self.peel("add", "item", "ref=CGB 2023-06-21 8.ii", "meeting=CGB 2023-06-21",
                  "number=8.ii", "title=Closed item", "force_update=MARKER-REDACTED-5521",
                  "redacted=yes", "classification=OFFICIAL-SENSITIVE")
        out, _ = self.peel("report", "cgb", "--from", "2023-06-01", "--to", "2023-06-30")
        self.assertIn("8.ii Closed item</h4>\n<p><strong>Redacted:</strong> no reason recorded"
                      "</p>\n<p class=\"notice\">This item is marked Official-Sensitive", out)
        self.assertNotIn("MARKER-REDACTED-5521", out)

    def test_demo_redactions(self):
        # the July paper redacts items 3 and 4.i; it marks only April 4.ii and 4.iii
        items = {r["ref"]: r for r in demo_rows("item")}
        for ref in ("CGB 2023-07-17 3", "CGB 2023-07-17 4.i"):
            self.assertEqual((items[ref]["redacted"], items[ref]["classification"]),
                             ("yes", "OFFICIAL"), ref)
            self.assertTrue(items[ref]["redaction_reason"].startswith(
                "unsuitable for public domain"))
        self.assertEqual(sorted(r for r, it in items.items() if it["redacted"]),
                         ["CGB 2023-07-17 3", "CGB 2023-07-17 4.i"])
        self.assertEqual(sorted(r for r, it in items.items()
                                if it["classification"] == "OFFICIAL-SENSITIVE"),
                         ["CGB 2023-04-19 4.ii", "CGB 2023-04-19 4.iii"])

    def test_hmicfrs_figure(self):
        out, _ = self.peel("hmicfrs", "--year", "2022-23")
        # the demo: seven publications, one publication date, no response date
        pubs = demo_rows("publication")
        dated = sum(1 for p in pubs if p["published"])
        self.assertEqual((len(pubs), dated, sum(1 for p in pubs if p["response_published"])),
                         (7, 1, 0))
        self.assertIn(f"peel cannot compute this figure: none of the {len(pubs)} publications "
                      f"counted in 2022-23 has a response date recorded ({dated} has a "
                      f"publication date).", out)
        # the annual report's "Six of the seven ... (86%)" is three figures
        figs = {f["key"]: f for f in json.loads(self.peel("figures", "--format", "json")[0])
                if "hmicfrs" in f["key"]}
        self.assertEqual({k: f["status"] for k, f in figs.items()},
                         {"002-ar-hmicfrs-responses-2022-23": "agrees",
                          "002-ar-hmicfrs-within-56-days-2022-23": "cannot",
                          "002-ar-hmicfrs-56-days-2022-23": "cannot"})
        # Illustrative dates (not from the papers): six responses at 40 days, one at 60.
        pubs = demo_rows("publication")
        start = datetime.date(2022, 5, 2)
        within = 0
        for i, p in enumerate(pubs):
            published = start + datetime.timedelta(days=30 * i)
            days = 60 if i == 3 else 40
            within += days <= 56
            response = published + datetime.timedelta(days=days)
            self.peel("set", "publication", p["title"], f"published={published}",
                      f"response_published={response}", f"sent_home_office={response}")
        self.assertEqual(within, 6)
        out, _ = self.peel("hmicfrs", "--year", "2022-23")
        self.assertIn(f"6 of 7 responses with both dates recorded were within 56 days "
                      f"({round(6 / 7 * 100)}%)", out)
        figs = {f["key"]: f for f in json.loads(self.peel("figures", "--format", "json")[0])
                if "hmicfrs" in f["key"]}
        self.assertEqual([figs[k]["status"] for k in sorted(figs)], ["agrees"] * 3)
        self.assertEqual(figs["002-ar-hmicfrs-56-days-2022-23"]["computed"], "85.7%")

    def test_response_fy_must_agree(self):
        pub = demo_rows("publication")[0]["title"]
        _, err = self.peel("set", "publication", pub, "published=2023-03-01",
                           "response_published=2023-04-20", status=2)
        self.assertIn("response_fy: says 2022-23 but the response is dated 2023-04-20, in 2023-24", err)

    def test_work_programme_and_recommendations(self):
        out, _ = self.peel("report", "work-programme")
        self.assertLess(out.index("26 July 2023"), out.index("9 October 2023"))
        self.assertLess(out.index("13 December 2023"), out.index("Other suggested items"))
        self.assertIn("Emergency Services Network update [Proposed (not yet scheduled)]", out)
        out, _ = self.peel("report", "recommendations")
        self.assertLess(out.index("PCP 2023-07-26 9.2"), out.index("PCP 2023-07-26 10.2"))
        self.assertIn("Responded on 9 October 2023", out)
        self.assertEqual(out.count("Awaiting response (no due date recorded)"), 6)

    def test_recommendation_lifecycle(self):
        ref = "PCP 2023-07-26 12.4"
        # the response is its note: refused without one
        _, err = self.peel("transition", "recommendation", ref, "accepted",
                           "--date", "2023-08-20", status=2)
        self.assertIn("note", err)
        self.peel("transition", "recommendation", ref, "accepted", "--date", "2023-08-20",
                  "--note", "Match funding will be shown in future reports.")
        self.peel("transition", "recommendation", ref, "completed", "--date", "2023-10-02",
                  "--evidence", "Match funding table in the October report")
        # the report reads the state on its day, with the response once made
        out, _ = self.peel("report", "recommendations", "--as-of", "2023-08-19")
        self.assertNotIn("Match funding will be shown", out)
        out, _ = self.peel("report", "recommendations", "--as-of", "2023-09-01")
        self.assertIn("Accepted since 20 August 2023", out)
        self.assertIn("Match funding will be shown in future reports.", out)
        out, _ = self.peel("report", "recommendations")
        self.assertIn("Completed since 2 October 2023", out)
        # the command's JSON carries the state as the API's does
        shown = json.loads(self.peel("show", "recommendation", ref, "--format", "json")[0])
        self.assertEqual(shown["state"], {"value": "completed", "label": "Completed",
                                          "since": "2023-10-02"})
        listed = json.loads(self.peel("list", "recommendation", "--format", "json")[0])
        states = {x["ref"]: x["state"] for x in listed}
        self.assertEqual(states[ref]["value"], "completed")
        self.assertTrue(all("value" in st and "since" in st for st in states.values()))
        self.assertEqual(out.count("Awaiting response (no due date recorded)"), 5)
        # neither the Panel nor the public changes a recommendation
        for who in ("panel", "public"):
            _, err = self.peel("--as", who, "transition", "recommendation", ref, "closed",
                               "--note", "x", status=2)
        out, _ = self.peel("history", "recommendation", ref)
        self.assertIn("accepted", out)
        self.assertNotIn("closed", out)
        out, _ = self.peel("types", "recommendation")
        self.assertIn("awaiting_response", out)


if __name__ == "__main__":
    peeltest.main()
