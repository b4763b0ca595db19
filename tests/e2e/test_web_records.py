"""The generic record pages and the API: the role-by-route matrix, forms
with field-level errors, hostile input rendered as text and stored as given,
CSV upload and download."""
import csv
import io
import re
import uuid

from peeltest import connect
from peelweb import Client, WebCase, main

HOSTILE = "<script>alert('x')</script>\"'; DROP TABLE person;-- & ü"


def multipart(fields, files):
    b = "----peeltest" + uuid.uuid4().hex
    out = io.BytesIO()
    for k, v in fields.items():
        out.write(f"--{b}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                  .encode())
    for k, (fname, data) in files.items():
        out.write(f"--{b}\r\nContent-Disposition: form-data; name=\"{k}\"; "
                  f"filename=\"{fname}\"\r\nContent-Type: text/csv\r\n\r\n".encode())
        out.write(data + b"\r\n")
    out.write(f"--{b}--\r\n".encode())
    return out.getvalue(), "multipart/form-data; boundary=" + b


class Matrix(WebCase):
    """Every role against every kind of route: the status each must get."""

    def test_role_by_route(self):
        # person is publishable: an unpublished record is staff-only, a
        # published one is public; the list itself is open to everyone.
        pid = self.srv.peel("add", "person", "name=Matrix Person").strip()
        ppid = self.srv.peel("add", "person", "name=Published Person", "publish=yes").strip()
        uid = self.srv.peel("list", "user", "--format", "json")
        import json
        uid = json.loads(uid)[0]["id"]
        ok = {"admin", "staff"}
        everyone = {"public", "panel", "staff", "admin"}
        routes = [
            ("GET", "/", everyone),
            ("GET", "/signin", everyone),
            ("GET", "/records/person", everyone),
            ("GET", f"/records/person/{ppid}", everyone),
            ("GET", "/records/person/new", ok),
            ("GET", f"/records/person/{pid}", ok),
            ("GET", f"/records/person/{pid}/edit", ok),
            ("GET", f"/records/person/{pid}/delete", ok),
            ("GET", "/records/person/export.csv", everyone),
            ("GET", "/records/person/upload", ok),
            ("GET", "/records/user", {"admin"}),
            ("GET", f"/records/user/{uid}", {"admin"}),
            ("GET", "/records/user/new", {"admin"}),
        ]
        for method, path, allowed in routes:
            for role in ("public", "panel", "staff", "admin"):
                r = self.clients[role].request(method, path)
                with self.subTest(role=role, path=path):
                    if role in allowed:
                        self.assertEqual(r.status, 200, r.text[:300])
                    else:
                        self.assertIn(r.status, (403, 404), r.text[:300])
        api = [
            ("GET", "/api/v1", None, {"public": 200, "panel": 200, "staff": 200, "admin": 200}),
            ("GET", "/api/v1/openapi.json", None, {"public": 200, "panel": 200, "staff": 200,
                                                   "admin": 200}),
            ("GET", "/api/v1/person", None, {"public": 200, "panel": 200, "staff": 200,
                                             "admin": 200}),
            ("GET", f"/api/v1/person/{ppid}", None, {"public": 200, "panel": 200, "staff": 200,
                                                     "admin": 200}),
            ("GET", f"/api/v1/person/{pid}", None, {"public": 404, "panel": 404, "staff": 200,
                                                    "admin": 200}),
            ("PATCH", f"/api/v1/person/{pid}", {"role": "Tester"},
             {"public": 401, "panel": 403, "staff": 200, "admin": 200}),
            ("GET", "/api/v1/user", None, {"public": 403, "panel": 403, "staff": 403,
                                           "admin": 200}),
            ("POST", "/api/v1/user", {"name": "x", "role": "staff"},
             {"public": 403, "panel": 403, "staff": 403, "admin": 201}),
        ]
        for method, path, body, want in api:
            for role, status in want.items():
                r = self.api_client(role).api(method, path, body)
                with self.subTest(role=role, method=method, path=path):
                    self.assertEqual(r.status, status, r.text[:300])
                    if status >= 400:
                        e = r.json()["error"]
                        self.assertTrue(e["code"] and e["message"])
                        self.assertIn("field", e)
        for role in ("public", "panel"):
            c = self.clients[role]
            c.get("/signin")
            for path in ("/records/person", f"/records/person/{pid}",
                         f"/records/person/{pid}/delete", "/records/person/upload"):
                with self.subTest(role=role, post=path):
                    self.assertIn(c.post(path, {"name": "Intruder"}).status, (403, 404))
            for method in ("POST", "PATCH", "DELETE"):
                path = "/api/v1/person" if method == "POST" else f"/api/v1/person/{pid}"
                r = self.api_client(role).api(method, path, {"name": "Intruder"})
                self.assertIn(r.status, (401, 403))
        self.assertNotIn("Intruder", self.srv.peel("list", "person", "--format", "csv"))


class Forms(WebCase):
    def test_create_fails_once_keeps_what_was_typed_then_saves(self):
        c = self.clients["staff"]
        c.get("/records/person/new")
        r = c.post("/records/person", {"name": "", "role": "Typed <role>",
                                       "organisation": "OPCC", "email": ""})
        self.assertEqual(r.status, 422)
        self.assertIn("There is a problem", r.text)
        self.assertIn('href="#f-name"', r.text)
        self.assertRegex(r.text, r'id="f-name-error"[^>]*>.*is required')
        self.assertIn('value="Typed &lt;role&gt;"', r.text)
        self.assertIn("<title>Error: ", r.text)
        r = c.post("/records/person", {"name": "Form Person", "role": "Typed <role>",
                                       "organisation": "OPCC", "email": ""})
        self.assertEqual(r.status, 303)
        loc = r.header("Location")
        self.assertRegex(loc, r"^/records/person/\d+\?saved=1$")
        page = c.get(loc)
        self.assertIn("The record was saved", page.text)
        self.assertIn("Typed &lt;role&gt;", page.text)
        self.assertIn("History", page.text)
        lst = c.get("/records/person?name=form+person")
        self.assertIn("Form Person", lst.text)
        self.assertIn("1 Person found", lst.text)

    def test_hostile_text_is_escaped_and_stored_as_given(self):
        c = self.clients["staff"]
        c.get("/records/person/new")
        r = c.post("/records/person", {"name": HOSTILE, "role": HOSTILE})
        self.assertEqual(r.status, 303, r.text[:500])
        page = c.get(r.header("Location")).text
        self.assertNotIn("<script>alert", page)
        self.assertIn("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&#39;; DROP TABLE",
                      page)
        con = connect(self.srv.db)
        stored = con.execute("SELECT role FROM person WHERE name = ?", (HOSTILE,)).fetchall()
        con.close()
        self.assertEqual(stored, [(HOSTILE,)])
        lst = c.get("/records/person").text
        self.assertNotIn("<script>alert", lst)
        # filters with the same text are data too
        self.assertEqual(c.get("/records/person?name=%27%3B+DROP+TABLE+person%3B--").status, 200)

    def test_invalid_utf8_and_unknown_fields(self):
        c = self.clients["staff"]
        c.get("/records/person/new")
        body = f"name=Bad%FF%FEName&csrf={c.csrf}".encode()
        r = c.request("POST", "/records/person", body=body,
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(r.status, 422)
        self.assertIn("invalid UTF-8", r.text)
        r.body.decode("utf-8")  # the page itself stays valid UTF-8
        r = c.post("/records/person", {"name": "Unknown Field", "shoe_size": "9"})
        self.assertEqual(r.status, 422)
        self.assertIn("&#39;shoe_size&#39; is not a field of person", r.text)
        r = c.post("/records/person", {"name": "x" * 5000})
        self.assertEqual(r.status, 422)
        self.assertIn("at most 200", r.text)

    def test_edit_and_delete_with_confirmation(self):
        c = self.clients["staff"]
        pid = self.srv.peel("add", "person", "name=Edit Me").strip()
        page = c.get(f"/records/person/{pid}/edit")
        self.assertIn('value="Edit Me"', page.text)
        r = c.post(f"/records/person/{pid}", {"name": "", "role": "Kept"})
        self.assertEqual(r.status, 422)
        self.assertIn('value="Kept"', r.text)
        r = c.post(f"/records/person/{pid}", {"name": "Edited", "role": "Kept"})
        self.assertEqual(r.status, 303)
        self.assertIn("Edited", self.srv.peel("show", "person", pid))
        conf = c.get(f"/records/person/{pid}/delete")
        self.assertIn("Delete Edited?", conf.text)
        r = c.post(f"/records/person/{pid}/delete", {})
        self.assertEqual(r.status, 303)
        self.assertEqual(c.get(f"/records/person/{pid}").status, 404)

    def test_list_paging_sort_and_bad_parameters(self):
        c = self.clients["staff"]
        for i in range(7):
            self.srv.peel("add", "person", f"name=Pager {i:02d}")
        r = c.get("/records/person?name=pager&_per=3&_sort=name&_dir=desc")
        self.assertIn("7 People found: showing 1 to 3", r.text)
        self.assertLess(r.text.index("Pager 06"), r.text.index("Pager 05"))
        self.assertIn("Next page", r.text)
        self.assertIn('<th scope="col" aria-sort="descending">', r.text)
        r = c.get("/records/person?name=pager&_per=3&_page=3")
        self.assertIn("Pager 06", r.text)
        self.assertNotIn("Next page", r.text)
        self.assertEqual(c.get("/records/person?colour=red").status, 400)
        self.assertEqual(c.get("/records/person?_sort=password").status, 400)
        self.assertEqual(c.get("/records/person?_page=0").status, 400)
        self.assertEqual(c.get("/records/nosuchtype").status, 404)
        self.assertEqual(c.get("/records/person/abc").status, 404)
        self.assertEqual(c.get("/records/person/99999999").status, 404)

    def test_list_shows_the_declared_summary_and_all_on_request(self):
        # An action list used to show every field, the title twice; the type
        # declares its summary columns, and _columns=all shows every field.
        c = self.clients["staff"]
        self.srv.peel("add", "action", "ref=SUM-1", "title=Summarise the list",
                      "arose_from=other", "raised=2024-01-02", "due=2024-02-01",
                      "owner_name=CFO", "origin_note=test")
        heads = lambda text: re.findall(r'<th scope="col"[^>]*>(?:<a [^>]*>)?([^<]*)', text)
        r = c.get("/records/action?ref=SUM-1")
        # The lifecycle's state comes after the title (model/lifecycle.h).
        self.assertEqual(heads(r.text), ["Action", "State", "Reference", "Owner as printed",
                                         "Organisation", "Raised on", "Due",
                                         "Classification"])
        self.assertEqual(r.text.count("Summarise the list"), 1)
        self.assertIn("_columns=all\">Show all columns</a>", r.text)
        r = c.get("/records/action?ref=SUM-1&_columns=all")
        self.assertEqual(len(heads(r.text)), 19)  # title, state, every field but notes, class
        self.assertEqual(r.text.count("Summarise the list"), 2)
        self.assertIn("Show the usual columns", r.text)
        # The title's column sorts by the title field.
        r = c.get("/records/action?_sort=title&_dir=asc")
        self.assertIn('<th scope="col" aria-sort="ascending"><a href="/records/action?'
                      '_sort=title&amp;_dir=desc">Action</a>', r.text)

    def test_csv_download_and_upload_all_or_nothing(self):
        c = self.clients["staff"]
        self.srv.peel("add", "person", "name=Csv Person", "role=Chief, \"quoted\"")
        r = c.get("/records/person/export.csv?name=csv+person")
        self.assertEqual(r.status, 200)
        self.assertIn("attachment", r.header("Content-Disposition"))
        # UTF-8 with a byte-order mark, so Excel does not garble it
        self.assertTrue(r.body.startswith(b"\xef\xbb\xbfid,"))
        rows = list(csv.DictReader(io.StringIO(r.text.removeprefix("\ufeff"))))
        self.assertEqual([(x["name"], x["role"]) for x in rows],
                         [("Csv Person", 'Chief, "quoted"')])
        # a value a spreadsheet would run as a formula is guarded (CSV injection)
        self.srv.peel("add", "person", "name=Formula Person", "role==cmd|' /C calc'!A0")
        r = c.get("/records/person/export.csv?name=formula+person")
        rows = list(csv.DictReader(io.StringIO(r.text)))
        self.assertEqual(rows[0]["role"], "'=cmd|' /C calc'!A0")
        c.get("/records/person/upload")
        before = self.srv.peel("list", "person", "--format", "csv")
        bad = b"name,role\nUpload One,ok\n,missing name\nUpload Three,ok\n"
        body, ct = multipart({"csrf": c.csrf}, {"file": ("people.csv", bad)})
        r = c.request("POST", "/records/person/upload", body=body, headers={"Content-Type": ct})
        self.assertEqual(r.status, 422)
        self.assertIn("was not imported", r.text)
        self.assertRegex(r.text, r"row 2.*name")
        self.assertEqual(before, self.srv.peel("list", "person", "--format", "csv"))
        good = b"name,role\nUpload One,ok\nUpload Two,ok\n"
        body, ct = multipart({"csrf": c.csrf}, {"file": ("people.csv", good)})
        r = c.request("POST", "/records/person/upload", body=body, headers={"Content-Type": ct})
        self.assertEqual(r.status, 200, r.text[:800])
        self.assertIn("2 created", r.text)
        body, ct = multipart({"csrf": "forged"}, {"file": ("people.csv", good)})
        r = c.request("POST", "/records/person/upload", body=body, headers={"Content-Type": ct})
        self.assertEqual(r.status, 403)
        r = c.request("POST", "/records/person/upload", body=b"--x\r\nbroken",
                      headers={"Content-Type": "multipart/form-data; boundary=x"})
        self.assertEqual(r.status, 400)


class Home(WebCase):
    def test_staff_home_shows_due_and_recent_changes_public_home_published(self):
        from peelweb import Maker
        admin = self.api_client("admin")
        m = Maker(admin, self.openapi(), text="Home check")
        aid = m.make("action", title="Home overdue action", due="2023-10-02",
                     raised="2023-10-02", classification="OFFICIAL", publish=False)
        self.assertIsNotNone(aid, m.made)
        staff = self.clients["staff"].get("/").text
        # PEEL_NOW is 2023-10-09: due 2 October is 7 days overdue (in red, in words).
        self.assertRegex(staff, r"Home overdue action</a></td><td>Action</td>"
                                r"<td>2 October 2023</td><td><strong class=\"tag tag--red\">"
                                r"Overdue by 7 days")
        self.assertIn("Recent changes", staff)
        # a change as a sentence: the record by its key, who and when
        self.assertRegex(staff, rf'<li><a href="/records/action/{aid}">Action [^<]+</a> created '
                                r"by admin1, 9 October 2023")
        public = self.clients["public"].get("/").text
        self.assertIn("Meetings, decisions and crime figures", public)
        self.assertIn("All published records", public)
        self.assertNotIn("Home overdue action", public)
        self.assertNotIn("Recent changes", public)


class Api(WebCase):
    def test_crud_through_the_api(self):
        a = self.api_client("staff")
        r = a.api("POST", "/api/v1/person", {"name": "Api Person", "role": HOSTILE})
        self.assertEqual(r.status, 201, r.text)
        rec = r.json()
        self.assertEqual(rec["role"], HOSTILE)
        self.assertEqual(r.header("Location"), f"/api/v1/person/{rec['id']}")
        r = a.api("PATCH", f"/api/v1/person/{rec['id']}", {"organisation": "OPCC"})
        self.assertEqual(r.json()["organisation"], "OPCC")
        r = a.get("/api/v1/person?name=api+person&_per=10")
        body = r.json()
        self.assertEqual(body["total"], 1)
        self.assertEqual(body["data"][0]["role"], HOSTILE)
        self.assertEqual(a.api("DELETE", f"/api/v1/person/{rec['id']}").status, 204)
        self.assertEqual(a.get(f"/api/v1/person/{rec['id']}").status, 404)

    def test_bad_bodies(self):
        a = self.api_client("staff")
        cases = [
            (b"{not json", "application/json", 400, "bad_json", None),
            (b"[1,2]", "application/json", 400, "bad_json", None),
            (b'{"name":"a","name":"b"}', "application/json", 400, "bad_json", None),
            (b'{"name":"\xff\xfe"}', "application/json", 400, "bad_json", None),
            (b'{"name":"x"}', "text/plain", 415, "unsupported_media_type", None),
            (b'{"name":"x"}', "application/x-www-form-urlencoded", 415,
             "unsupported_media_type", None),
            (b'{"name":"x","shoe_size":9}', "application/json", 422, "invalid", None),
            (b'{"name":12}', "application/json", 422, "invalid", "name"),
            (b'{"role":"no name"}', "application/json", 422, "invalid", "name"),
            (b'{"name":"' + b"x" * 300 + b'"}', "application/json", 422, "invalid", "name"),
        ]
        for raw, ct, status, code, field in cases:
            r = a.api("POST", "/api/v1/person", raw=raw, ctype=ct)
            with self.subTest(raw=raw[:40], ct=ct):
                self.assertEqual(r.status, status, r.text)
                e = r.json()["error"]
                self.assertEqual(e["code"], code)
                self.assertTrue(e["message"])
                self.assertEqual(e["field"], field)
        r = a.api("POST", "/api/v1/person", raw=b'{"name":"x","shoe_size":9}')
        self.assertIn("shoe_size", r.json()["error"]["message"])
        self.assertEqual(a.get("/api/v1/person?_per=9999").status, 400)
        self.assertEqual(a.get("/api/v1/person/0").status, 404)

    def test_openapi_describes_every_type(self):
        doc = self.openapi()
        self.assertEqual(doc["openapi"], "3.0.3")
        types = Client(self.srv.port, token=self.srv.tokens["admin"]).get("/api/v1").json()
        for t in types["types"]:
            self.assertIn(f"/api/v1/{t['name']}", doc["paths"])
            self.assertIn(f"/api/v1/{t['name']}/{{id}}", doc["paths"])
            self.assertIn(t["name"], doc["components"]["schemas"])
        self.assertNotIn("password_hash", doc["components"]["schemas"]["user"]["properties"])
        # every $ref resolves
        refs = set(re.findall(r'"\$ref": "#/components/schemas/([a-z_A-Z]+)"',
                              __import__("json").dumps(doc)))
        self.assertTrue(refs <= set(doc["components"]["schemas"]))


if __name__ == "__main__":
    main()
