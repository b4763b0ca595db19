"""The leak test: fill the database with OFFICIAL-SENSITIVE records (and
sensitive fields) carrying a marker string, then visit every page, API route
and download a public visitor or a Police and Crime Panel member can reach,
and assert the marker never appears.  Staff see the same records, marked.

The records are made generically from the OpenAPI document, so every
declared type with a PEEL_CLASSIFIES field or a sensitive field is covered
as soon as it is declared."""
import json
import re
import time

from peelweb import Client, Maker, WebCase, main

MARKER = "LEAKMARKER7f3a"


def echoes_removed(body):
    """The page with the visitor's own filter text taken out: a filter form
    shows what was typed (value="...") and its links carry it (?field=...).
    That is the visitor's input, not stored material; anything left is."""
    for echo in (f'value="{MARKER}"', f'={MARKER}'):
        body = body.replace(echo.encode(), b"")
    return body


class Leak(WebCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        admin = Client(cls.srv.port, token=cls.srv.tokens["admin"])
        doc = admin.get("/api/v1/openapi.json").json()
        cls.schemas = doc["components"]["schemas"]
        cls.made = {}
        plain = Maker(admin, doc, text="plain")
        cls.classified = []
        cls.field_sensitive = []
        for tname, s in cls.schemas.items():
            if tname == "Error":
                continue
            props = s["properties"]
            cls_field = [k for k, v in props.items() if v.get("x-peel-classifies")]
            sens = [k for k, v in props.items() if v.get("x-peel-sensitive")]
            texts = [k for k, v in props.items()
                     if v.get("x-peel-type") == "text" and not v.get("readOnly")
                     and k != "time"]
            if cls_field:
                fields = {k: f"{MARKER} {tname} {k}"[:props[k].get("maxLength", 4000)]
                          for k in texts}
                fields[cls_field[0]] = "OFFICIAL-SENSITIVE"
                rid = plain.make(tname, **fields)
                if rid:
                    cls.classified.append((tname, rid))
            if sens:
                fields = {k: MARKER for k in sens}
                if cls_field:
                    fields[cls_field[0]] = "OFFICIAL"
                rid = plain.make(tname, **fields)
                if rid:
                    cls.field_sensitive.append((tname, rid))
        cls.failed = plain.made.get("_failed", [])
        cls.all_made = {t: ids for t, ids in plain.made.items() if t != "_failed"}

    def paths(self):
        """Every page, download and API route, for every type and record."""
        out = ["/", "/signin", "/api/v1", "/api/v1/openapi.json", f"/search?q={MARKER}",
               f"/api/v1/search?q={MARKER}"]
        for tname, s in self.schemas.items():
            if tname == "Error":
                continue
            out += [f"/records/{tname}", f"/records/{tname}/export.csv",
                    f"/records/{tname}/new", f"/records/{tname}/upload",
                    f"/api/v1/{tname}", f"/api/v1/{tname}?_per=500"]
            for k, v in s["properties"].items():
                if v.get("x-peel-type") == "text":
                    out.append(f"/records/{tname}?{k}={MARKER}")
                    out.append(f"/api/v1/{tname}?{k}={MARKER}")
                    out.append(f"/records/{tname}/export.csv?{k}={MARKER}")
            for rid in self.all_made.get(tname, []):
                out += [f"/records/{tname}/{rid}", f"/records/{tname}/{rid}/edit",
                        f"/records/{tname}/{rid}/delete", f"/api/v1/{tname}/{rid}",
                        f"/api/v1/{tname}/{rid}/attachments"]
        return out

    def test_setup_made_sensitive_records(self):
        self.assertTrue(self.classified,
                        f"no type with a classification field could be filled: {self.failed}")

    def test_public_and_panel_never_see_the_marker(self):
        visitors = {
            "public page": self.clients["public"],
            "panel page": self.clients["panel"],
            "public api": Client(self.srv.port),
            "panel api": Client(self.srv.port, token=self.srv.tokens["panel"]),
        }
        n = 0
        for who, c in visitors.items():
            for path in self.paths():
                r = c.get(path)
                n += 1
                with self.subTest(who=who, path=path):
                    self.assertNotIn(MARKER.encode(), echoes_removed(r.body))
                    self.assertLess(r.status, 500, r.text[:300])
        self.assertGreater(n, 50)

    def test_staff_see_it_marked(self):
        staff = self.clients["staff"]
        for tname, rid in self.classified:
            r = staff.get(f"/records/{tname}/{rid}")
            with self.subTest(type=tname):
                self.assertEqual(r.status, 200)
                self.assertIn(MARKER, r.text)
                self.assertIn("OFFICIAL-SENSITIVE", r.text)
                self.assertEqual(r.text.count("sensitive-banner"), 2)
            lst = staff.get(f"/records/{tname}")
            self.assertIn("tag--sensitive", lst.text)
            api = Client(self.srv.port, token=self.srv.tokens["staff"]).get(
                f"/api/v1/{tname}/{rid}")
            self.assertIn(MARKER, api.text)

    def test_marker_never_reaches_the_log(self):
        staff = self.clients["staff"]
        for path in self.paths()[:200]:
            staff.get(path)
        time.sleep(0.3)
        self.assertNotIn(MARKER, self.srv.log())


CANARY = "REFCANARY9c1e"
HIDDEN_MEETING = f"CGB 2023-06-15 {CANARY}"
REPORT = "?from=2023-04-01&to=2023-07-31&as_of=2023-10-09"


class References(WebCase):
    """Published records that refer to unpublished ones: the unpublished
    record's name (a person, a district, a meeting) carries a canary, and so
    do unpublished items and actions marked OFFICIAL-SENSITIVE and an
    unpublished status note.  Public and Panel see none of it anywhere: a
    reference they may not follow reads "not published", a withheld record
    is not in the public CGB report unless it is published, and a filter by
    a hidden name answers as for a name that does not exist."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        add = lambda *a: cls.srv.peel("add", *a)
        cls.owner = add("person", f"name=Owner {CANARY}", "publish=no").strip()
        add("body", "name=Corporate Governance Board", "short_name=CGB", "kind=board",
            "publish=yes")
        add("meeting", "ref=CGB 2023-06-01", "body=Corporate Governance Board",
            "date=2023-06-01", "status=held", "publish=yes")
        add("meeting", f"ref={HIDDEN_MEETING}", "body=Corporate Governance Board",
            "date=2023-06-15", "status=held", "publish=no")
        add("item", "ref=CGB 2023-06-01 2", "meeting=CGB 2023-06-01", "number=2",
            "title=Open item", "classification=OFFICIAL", "publish=yes")
        # finding 4: unpublished, then marked sensitive
        add("item", "ref=CGB 2023-06-01 9.i", "meeting=CGB 2023-06-01", "number=9.i",
            f"title=Sensitive item {CANARY}", "classification=OFFICIAL-SENSITIVE",
            "publish=no")
        add("action", "ref=CGB-2023-06-09", f"title=Sensitive action {CANARY}",
            "arose_from=meeting_item", "meeting=CGB 2023-06-01", "raised=2023-06-01",
            "classification=OFFICIAL-SENSITIVE", "publish=no")
        # finding 3: a published action owned by an unpublished person; the
        # sensitive action's change of state carries the canary in its note
        # and evidence (a change is shown only where its action is)
        cls.action = add("action", "ref=CGB-2023-06-01", "title=Published action",
            "arose_from=meeting_item", "meeting=CGB 2023-06-01",
            f"owner=Owner {CANARY}", "raised=2023-06-01", "classification=OFFICIAL",
            "publish=yes").strip()
        cls.srv.peel("transition", "action", "CGB-2023-06-01", "in_progress", "--date",
                     "2023-06-10", "--note", "Work started")
        cls.srv.peel("transition", "action", "CGB-2023-06-09", "completed", "--date",
                     "2023-06-10", "--note", f"Note {CANARY}", "--evidence",
                     f"Evidence {CANARY}")
        add("area", "code=E07000REFCANARY9c1e", f"name=District {CANARY}", "kind=district",
            "publish=no")
        cls.lsoa = add("area", "code=E01000001", "name=Visible LSOA", "kind=lsoa",
                       "parent=E07000REFCANARY9c1e", "publish=yes").strip()

    def visitors(self):
        return {"public page": self.clients["public"], "panel page": self.clients["panel"],
                "public api": self.api_client("public"), "panel api": self.api_client("panel")}

    def test_references_to_unpublished_records_are_not_named(self):
        paths = ["/", "/records/action", "/records/action/export.csv", "/records/area",
                 "/records/area/export.csv", "/records/item", "/records/meeting",
                 "/records/person", f"/api/v1/action/{self.action}/transitions",
                 f"/records/action/{self.action}", f"/records/area/{self.lsoa}",
                 "/api/v1/action", f"/api/v1/action/{self.action}", "/api/v1/area",
                 f"/api/v1/area/{self.lsoa}", "/register/reports/cgb" + REPORT,
                 "/register/reports/cgb.html" + REPORT, "/register/calendar?year=2023",
                 "/register/calendar.ics?year=2023", "/register/recommendations",
                 "/register/work-programme?body=Corporate%20Governance%20Board"]
        for who, c in self.visitors().items():
            for path in paths:
                r = c.get(path)
                with self.subTest(who=who, path=path):
                    self.assertLess(r.status, 500, r.text[:300])
                    self.assertNotIn(CANARY.encode(), r.body)
        page = self.clients["public"].get(f"/records/action/{self.action}").text
        self.assertIn("not published", page)
        self.assertIn("not published", self.clients["public"].get(
            f"/records/area/{self.lsoa}").text)
        self.assertIn("not published", self.clients["public"].get(
            "/records/area/export.csv").text)
        # the API gives no id for a record the reader may not open
        obj = self.api_client("public").get(f"/api/v1/action/{self.action}").json()
        self.assertIsNone(obj.get("owner"))
        # staff still see the name and follow the link
        staff = self.clients["staff"].get(f"/records/action/{self.action}").text
        self.assertIn(f"Owner {CANARY}", staff)

    def test_public_cgb_report_withholds_only_published_records(self):
        for who, c in self.visitors().items():
            for path in ("/register/reports/cgb" + REPORT, "/register/reports/cgb.html" + REPORT):
                r = c.get(path)
                with self.subTest(who=who, path=path):
                    self.assertEqual(r.status, 200)
                    self.assertIn("Open item", r.text)
                    self.assertIn("Published action", r.text)
                    # neither the unpublished sensitive item nor action, by
                    # title, number or reference
                    self.assertNotIn("9.i", r.text)
                    self.assertNotIn("CGB-2023-06-09", r.text)
                    self.assertNotIn("is marked Official-Sensitive", r.text)
                    self.assertNotIn(CANARY, r.text)
        staff = self.clients["staff"].get("/register/reports/cgb" + REPORT).text
        self.assertIn(f"Sensitive item {CANARY}", staff)
        self.assertIn(f"Note {CANARY}", staff)

    def test_unknown_and_hidden_references_answer_alike(self):
        from urllib.parse import quote
        for who, c in self.visitors().items():
            for base in ("/records/action", "/records/action/export.csv", "/api/v1/action"):
                hidden = c.get(f"{base}?meeting={quote(HIDDEN_MEETING)}")
                unknown = c.get(f"{base}?meeting={quote('CGB 2023-06-15 NOSUCHMEETING')}")
                with self.subTest(who=who, path=base):
                    self.assertEqual(hidden.status, unknown.status)
                    self.assertEqual(hidden.status, 400)
                    self.assertEqual(
                        hidden.body.replace(CANARY.encode(), b"X"),
                        unknown.body.replace(b"NOSUCHMEETING", b"X"))
        # by id: a hidden owner's actions are not found, as for an unknown id
        for who, c in self.visitors().items():
            for base in ("/records/action", "/records/action/export.csv", "/api/v1/action"):
                hidden = c.get(f"{base}?owner={self.owner}")
                unknown = c.get(f"{base}?owner=999999")
                with self.subTest(who=who, path=base, by="id"):
                    self.assertEqual(hidden.status, unknown.status)
                    # the id as typed, whole (not the start of a CSRF token)
                    echo = lambda body, v: re.sub(rb'(owner=|value=")' + v.encode() +
                                                  rb'(?=["&\s<])', rb"\1X", body)
                    self.assertEqual(echo(hidden.body, self.owner), echo(unknown.body, "999999"))
        # staff, who may see the meeting, get its (empty) list
        self.assertEqual(self.clients["staff"].get(
            f"/records/action?meeting={quote(HIDDEN_MEETING)}").status, 200)


if __name__ == "__main__":
    main()
