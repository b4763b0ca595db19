"""The register's JSON twins (/api/v1/register/..., src/web/pages_register.c)
against their pages and the command on the demo database, "today" fixed at
9 October 2023: the same figures, the same parameter names (a bad one is a
400 naming it), paging as the records API pages (_page, _per), the
OpenAPI document, and a canary: records that are OFFICIAL-SENSITIVE or not
published never reach a panel or public caller through any twin."""
import html
import json
import re
import subprocess

from peelweb import PEEL, WebCase, main

MARK = "APICANARY7e2"
PANEL = "Police and Crime Panel"
TWINS = ("/api/v1/register/actions", "/api/v1/register/calendar?year=2023",
         "/api/v1/register/reports/cgb?from=2023-04-01&to=2023-10-09",
         "/api/v1/register/work-programme", "/api/v1/register/recommendations",
         "/api/v1/register/hmicfrs?year=2022-23")


def text_of(page):
    """A page's text, tags removed and entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


class RegisterApi(WebCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.srv.peel("demo")
        # staff only: a sensitive action, an unpublished meeting, work programme
        # entry, recommendation and publication, and a sensitive action arising
        # from a published recommendation
        cls.srv.peel("add", "action", "ref=APITEST-1", f"title={MARK} action",
                     "raised=2023-10-02", "due=2023-10-05", "classification=OFFICIAL-SENSITIVE",
                     "arose_from=engagement", "origin_note=An API test",
                     "owner_name=OPCC")
        cls.srv.peel("add", "meeting", "ref=CGB 2023-11-21", "body=Corporate Governance Board",
                     "date=2023-11-21", "time=10:00", f"title={MARK} private meeting",
                     "status=planned")
        cls.srv.peel("add", "plan_entry", "ref=APITEST-WP", f"body={PANEL}",
                     "meeting=PCP 2023-10-09", f"subject={MARK} entry", "status=scheduled")
        cls.srv.peel("add", "recommendation", "ref=APITEST-REC", "kind=panel_recommendation",
                     f"body={PANEL}", f"text={MARK} recommendation", "made=2023-08-01")
        cls.srv.peel("add", "action", "ref=APITEST-2", f"title={MARK} arising",
                     "raised=2023-08-02", "classification=OFFICIAL-SENSITIVE",
                     "arose_from=panel_recommendation", "recommendation=PCP 2023-07-26 9.2")
        cls.srv.peel("add", "publication", f"title={MARK} inspection", "kind=thematic",
                     "published=2022-05-02", "response_published=2022-06-20")

    def api(self, role, path, status=200):
        r = self.api_client(role).get(path)
        self.assertEqual(r.status, status, r.text[:400])
        return r.json()

    def peel_json(self, *args):
        p = subprocess.run([PEEL, "--db", self.srv.db, *args], capture_output=True, text=True,
                           env=self.srv.env, timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr)
        return json.loads(p.stdout)

    # ---- the tracker ----

    def test_tracker_equals_the_command_and_the_page(self):
        got = self.api("staff", "/api/v1/register/actions?_per=500")
        cmd = self.peel_json("actions", "--format", "json", "--include-sensitive")
        self.assertEqual(got["total"], len(cmd))
        self.assertEqual([(a["ref"], a["status"], a["overdue"], a["age_days"], a["owner"])
                          for a in got["data"]],
                         [(a["ref"], a["status"], a["overdue"], a["age_days"], a["owner"])
                          for a in cmd])
        self.assertIn("APITEST-1", [a["ref"] for a in got["data"]])
        mine = next(a for a in got["data"] if a["ref"] == "APITEST-1")
        self.assertEqual(mine["classification"], "OFFICIAL-SENSITIVE")
        self.assertEqual(got["as_of"], "2023-10-09")
        page = self.clients["staff"].get("/register/actions").text
        n, opened, overdue = map(int, re.search(
            r'id="counts">(\d+) actions?, (\d+) open, (\d+) overdue', page).groups())
        self.assertEqual(n, got["total"])
        self.assertEqual(overdue, sum(a["overdue"] for a in got["data"]))
        self.assertEqual(opened, sum(a["status"] not in ("completed", "cancelled")
                                     for a in got["data"]))

    def test_tracker_filters_and_groups_as_the_page(self):
        got = self.api("staff", "/api/v1/register/actions?show=overdue&_per=500")
        cmd = self.peel_json("actions", "--format", "json", "--include-sensitive", "--overdue")
        self.assertEqual([a["ref"] for a in got["data"]], [a["ref"] for a in cmd])
        got = self.api("staff", "/api/v1/register/actions?by=organisation")
        csv_text = self.clients["staff"].get("/register/actions.csv?by=organisation").text
        rows = [line.split(",") for line in csv_text.lstrip("\ufeff").split("\r\n")[1:] if line]
        self.assertEqual([(g["name"], g["actions"], g["open"], g["overdue"]) for g in got["data"]],
                         [(r[0], int(r[1]), int(r[2]), int(r[3])) for r in rows])
        self.assertEqual(got["by"], "organisation")

    def test_tracker_is_staff_only(self):
        for role in ("public", "panel"):
            err = self.api(role, "/api/v1/register/actions", status=403)
            self.assertIn("error", err)

    def test_paging(self):
        full = self.api("staff", "/api/v1/register/actions?_per=500")
        two = self.api("staff", "/api/v1/register/actions?_per=2&_page=2")
        self.assertEqual((two["page"], two["per_page"], two["total"]), (2, 2, full["total"]))
        self.assertEqual(two["data"], full["data"][2:4])
        beyond = self.api("staff", "/api/v1/register/actions?_page=99")
        self.assertEqual(beyond["data"], [])
        for bad, field in (("_per=0", "_per"), ("_page=x", "_page"), ("as_of=31/02/2023", "as_of")):
            err = self.api("staff", "/api/v1/register/actions?" + bad, status=400)
            self.assertEqual(err["error"]["field"], field, err)
        # Every JSON list is paged by the names its answer uses.
        for path in ("/api/v1/register/actions?", "/api/v1/action?", "/api/v1/search?q=panel&"):
            got = self.api("staff", path + "per_page=2&page=2")
            self.assertEqual((got["page"], got["per_page"]), (2, 2), path)
            self.assertLessEqual(len(got["data"]), 2, path)
            err = self.api("staff", path + "per_page=0", status=400)
            self.assertEqual(err["error"]["field"], "per_page", (path, err))
        err = self.api("staff", "/api/v1/register/actions?colour=red", status=400)
        self.assertIn("'colour' is not a parameter", err["error"]["message"])

    # ---- calendar ----

    def test_calendar_equals_the_ics(self):
        for role in ("staff", "public"):
            got = self.api(role, "/api/v1/register/calendar?year=2023&_per=500")
            ics = self.clients[role].get("/register/calendar.ics?year=2023").text
            ics = re.sub(r"\r\n[ \t]", "", ics)  # unfold
            uids = re.findall(r"^UID:(.*)\r$", ics, re.M)
            self.assertEqual([e["uid"] for e in got["data"]], uids)
            self.assertEqual(got["year"], 2023)
            events = ics.split("BEGIN:VEVENT")[1:]
            dates = [e["date"].replace("-", "") for e in got["data"]]
            self.assertEqual(dates, [re.search(r"^DTSTART[^:]*:(\d{8})", e, re.M).group(1)
                                     for e in events])
        err = self.api("public", "/api/v1/register/calendar?year=twenty", status=400)
        self.assertEqual(err["error"]["field"], "year")

    # ---- the reports ----

    def assert_blocks_on_page(self, got, page):
        text = text_of(page)
        for b in got["data"]:
            if b["text"] and b["kind"] != "title":
                self.assertIn(" ".join(b["text"].split()), text, b)

    def test_recommendations_twin_reads_the_lifecycle(self):
        # A response recorded through the transitions API is what the twin
        # (and its page) report from its date on, and not before.
        staff = self.api_client("staff")
        rows = self.api("staff", "/api/v1/recommendation?_per=100")["data"]
        rid = [x["id"] for x in rows if x["ref"] == "PCP 2023-07-26 12.3"][0]
        r = staff.api("POST", f"/api/v1/recommendation/{rid}/transitions",
                      {"to": "partly_accepted", "date": "2023-09-05",
                       "note": "Details of the joint commissioning work will follow."})
        self.assertEqual(r.status, 201, r.text)

        def statuses(asof):
            got = self.api("public", f"/api/v1/register/recommendations?as_of={asof}&_per=500")
            return [" ".join(b["text"].split()) for b in got["data"] if b["text"]]

        after = statuses("2023-10-09")
        self.assertIn("Partly accepted since 5 September 2023", " ".join(after))
        self.assertIn("Details of the joint commissioning work will follow.", " ".join(after))
        before = " ".join(statuses("2023-09-04"))
        self.assertNotIn("Partly accepted", before)
        self.assertNotIn("joint commissioning work", before)

    def test_reports_equal_their_pages(self):
        for role in ("staff", "panel", "public"):
            for twin, page in (
                    ("/api/v1/register/reports/cgb?from=2023-04-01&to=2023-10-09&as_of=2023-10-09",
                     "/register/reports/cgb?from=2023-04-01&to=2023-10-09&as_of=2023-10-09"),
                    ("/api/v1/register/work-programme", "/register/work-programme"),
                    ("/api/v1/register/recommendations?as_of=2023-10-09",
                     "/register/recommendations?as_of=2023-10-09")):
                with self.subTest(role=role, twin=twin):
                    got = self.api(role, twin + ("&" if "?" in twin else "?") + "_per=500")
                    self.assertGreater(got["total"], 3)
                    self.assertEqual(got["total"], len(got["data"]))
                    client = self.clients[role] if role != "public" else self.api_client("public")
                    self.assert_blocks_on_page(got, client.get(page).text)
        got = self.api("staff", "/api/v1/register/reports/cgb?from=2023-04-01&to=2023-10-09")
        self.assertEqual(got["version"], "internal")
        got = self.api("public", "/api/v1/register/reports/cgb?from=2023-04-01&to=2023-10-09")
        self.assertEqual(got["version"], "public")
        self.assertFalse(got["sensitive"])
        err = self.api("public", "/api/v1/register/work-programme?body=Nobody", status=404)
        self.assertEqual(err["error"]["field"], "body")
        err = self.api("public", "/api/v1/register/reports/cgb?from=2023-10-09&to=2023-04-01",
                       status=400)
        self.assertEqual(err["error"]["field"], "from")

    def test_hmicfrs_equals_the_page(self):
        for role in ("staff", "public"):
            got = self.api(role, "/api/v1/register/hmicfrs?year=2022-23")
            page = text_of(self.api_client(role).get("/register/hmicfrs?year=2022-23").text
                           if role == "public" else
                           self.clients[role].get("/register/hmicfrs?year=2022-23").text)
            c = got["computed"]
            self.assertIn(f"Responses counted in the year {c['responses']}", page)
            self.assertIn(f"With both dates recorded {c['with_dates']}", page)
            self.assertIn(got["sentences"]["computed"], page)
            # what a paper printed is a figure, reconciled under /figures
            self.assertEqual(got["printed_figures"], "/api/v1/figures")
            self.assertEqual(c["responses"], got["total"])
            self.assertEqual(len(got["data"]), got["total"])
        staff = self.api("staff", "/api/v1/register/hmicfrs?year=2022-23")
        public = self.api("public", "/api/v1/register/hmicfrs?year=2022-23")
        # the unpublished test publication is counted for staff only
        self.assertEqual(staff["computed"]["responses"], public["computed"]["responses"] + 1)
        err = self.api("public", "/api/v1/register/hmicfrs?year=2022/23", status=400)
        self.assertEqual(err["error"]["field"], "year")

    # ---- nothing leaks ----

    def test_panel_and_public_never_see_the_canary(self):
        for role in ("panel", "public"):
            for twin in TWINS:
                with self.subTest(role=role, twin=twin):
                    r = self.api_client(role).get(twin + ("&" if "?" in twin else "?") + "_per=500")
                    self.assertIn(r.status, (200, 403))
                    self.assertNotIn(MARK, r.text)
                    self.assertNotIn("APITEST", r.text)
                    self.assertNotIn("OFFICIAL-SENSITIVE", r.text)
        # staff do see it: the canary is really there
        seen = "".join(self.api_client("staff").get(t + ("&" if "?" in t else "?") + "_per=500").text
                       for t in TWINS)
        self.assertIn(MARK, seen)

    def test_openapi_documents_the_twins(self):
        doc = self.openapi()
        for twin in TWINS:
            path = twin.split("?")[0]
            self.assertIn(path, doc["paths"])
            names = [p["name"] for p in doc["paths"][path]["get"]["parameters"]]
            self.assertIn("page", names)
            self.assertIn("per_page", names)
        names = [p["name"] for p in doc["paths"]["/api/v1/register/actions"]["get"]["parameters"]]
        for n in ("show", "body", "owner", "organisation", "objective", "as_of", "by", "from", "to"):
            self.assertIn(n, names)


if __name__ == "__main__":
    main()
