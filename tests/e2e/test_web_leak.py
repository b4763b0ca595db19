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
        out = ["/", "/signin", "/api/v1", "/api/v1/openapi.json"]
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
                        f"/records/{tname}/{rid}/delete", f"/api/v1/{tname}/{rid}"]
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


if __name__ == "__main__":
    main()
