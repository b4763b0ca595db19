"""Papers attached to records, and search, through the real server: uploads
refused before anything is stored (over the cap, by a reader who may not
write, bytes that are not what the name says), downloads with their headers,
a hidden record's paper answering as no paper at all, and search canaries --
a word only in an OFFICIAL-SENSITIVE record and a word only in an
unpublished record never reach panel or public through /search,
/api/v1/search or `peel --as public search`."""
import os
import socket
import uuid

from peeltest import PG, connect, tables
from peelweb import Client, WebCase, main

SOURCE = os.environ.get("PEEL_SOURCE", os.path.join(os.path.dirname(__file__), "..", ".."))
PAPERS = os.path.join(SOURCE, "tests", "data", "papers")
SENSITIVE = "Quillsensitivecanary"
UNPUBLISHED = "Mistleunpublishedcanary"


def paper(name):
    with open(os.path.join(PAPERS, name), "rb") as f:
        return f.read()


def multipart(fields, files):
    """multipart/form-data: fields {name: text}, files {name: (filename, bytes)}."""
    boundary = "peel" + uuid.uuid4().hex
    out = b""
    for k, v in fields.items():
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n"
                f"{v}\r\n").encode()
    for k, (fn, data) in files.items():
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"; "
                f"filename=\"{fn}\"\r\nContent-Type: application/octet-stream\r\n\r\n").encode()
        out += data + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return out, f"multipart/form-data; boundary={boundary}"


def raw_post(port, path, headers, body, chunked=False):
    """Sends a POST as fast as the server takes it, stopping when it stops
    reading; returns the status line it answered with."""
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    head = f"POST {path} HTTP/1.1\r\nHost: x\r\n" + "".join(
        f"{k}: {v}\r\n" for k, v in headers.items())
    head += "Transfer-Encoding: chunked\r\n\r\n" if chunked else \
        f"Content-Length: {len(body)}\r\n\r\n"
    try:
        s.sendall(head.encode())
        for i in range(0, len(body), 65536):
            part = body[i:i + 65536]
            try:
                s.sendall(b"%x\r\n" % len(part) + part + b"\r\n" if chunked else part)
            except OSError:
                break
        else:
            if chunked:
                s.sendall(b"0\r\n\r\n")
        data = b""
        while b"\r\n" not in data:
            got = s.recv(4096)
            if not got:
                break
            data += got
        return data.split(b"\r\n", 1)[0]
    finally:
        s.close()


class Attach(WebCase):
    server_args = ("--max-attach-mb", "1")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        staff = Client(cls.srv.port, token=cls.srv.tokens["staff"])
        cls.api = staff

        def make(tname, body):
            r = staff.api("POST", f"/api/v1/{tname}", body)
            if r.status != 201:
                raise AssertionError(f"{tname}: {r.status} {r.text}")
            return r.json()["id"]

        make("body", {"name": "Police and Crime Panel", "kind": "panel"})
        cls.published = make("meeting", {"ref": "PCP 2023-10-09", "body": "Police and Crime Panel",
                                         "date": "2023-10-09", "status": "held", "publish": True})
        cls.hidden = make("meeting", {"ref": "PCP 2023-12-13", "body": "Police and Crime Panel",
                                      "date": "2023-12-13", "status": "planned",
                                      "publish": False,
                                      "notes": f"Agenda not yet agreed {UNPUBLISHED}"})
        cls.sensitive_item = make("item", {
            "ref": "PCP 2023-10-09 7", "meeting": "PCP 2023-10-09", "number": "7",
            "title": f"Estates insight report {SENSITIVE}", "classification": "OFFICIAL-SENSITIVE",
            "publish": True})

    def files(self):
        """The papers' files kept: beside a SQLite file, in PostgreSQL's table
        (none where the database has no such table yet)."""
        if PG:
            if "attachment_file" not in tables(self.srv.db):
                return []
            with connect(self.srv.db) as con:
                return [r[0] for r in con.execute("SELECT sha256 FROM attachment_file"
                                                  " ORDER BY sha256").fetchall()]
        root = os.path.join(self.srv.dir, "peel.files")
        out = []
        for d, _, fs in os.walk(root):
            out += [os.path.join(d, f) for f in fs]
        return sorted(out)

    def listed(self, meeting_ref):
        return self.srv.peel("attachments", "meeting", meeting_ref)

    def upload(self, client, meeting_id, filename, data, title="Agenda", kind="agenda",
               date="02/10/2023", api=False, tname="meeting"):
        body, ctype = multipart({"title": title, "kind": kind, "date": date,
                                 **({} if api else {"csrf": client.csrf or ""})},
                                {"file": (filename, data)})
        prefix = "/api/v1" if api else "/records"
        return client.request("POST", f"{prefix}/{tname}/{meeting_id}/attachments", body=body,
                              headers={"Content-Type": ctype})

    def staff_upload(self, meeting_id, filename, data, **kw):
        staff = self.clients["staff"]
        staff.get(f"/records/meeting/{meeting_id}")
        return self.upload(staff, meeting_id, filename, data, **kw)

    # ---- uploads ----

    def test_a_upload_then_download(self):
        pdf = paper("pcp-2023-10-09-agenda.pdf")
        page = self.clients["staff"].get(f"/records/meeting/{self.published}").text
        self.assertIn("Attach a paper", page)
        self.assertIn('enctype="multipart/form-data"', page)
        r = self.staff_upload(self.published, "Agenda 9 October.pdf", pdf)
        self.assertEqual(r.status, 303, r.text[:500])
        self.assertIn("attached=1", r.header("Location"))
        # Listed for the public on the published meeting, without the form.
        pub = self.clients["public"].get(f"/records/meeting/{self.published}").text
        self.assertIn("Agenda</a>", pub)
        self.assertNotIn("Attach a paper", pub)
        self.assertNotIn('enctype="multipart/form-data"', pub)
        listed = self.api_client("public").get(
            f"/api/v1/meeting/{self.published}/attachments").json()["data"]
        self.assertEqual(len(listed), 1)
        a = listed[0]
        self.assertEqual((a["title"], a["kind"], a["date"], a["size"], a["format"]),
                         ("Agenda", "agenda", "2023-10-02", len(pdf), "pdf"))
        d = self.clients["public"].get(a["url"])
        self.assertEqual(d.status, 200)
        self.assertEqual(d.body, pdf)
        self.assertEqual(d.header("Content-Type"), "application/pdf")
        self.assertEqual(d.header("Content-Disposition"),
                         'attachment; filename="Agenda-9-October.pdf"')
        self.assertEqual(d.header("X-Content-Type-Options"), "nosniff")
        # The same bytes again: a second row, one file.
        r = self.staff_upload(self.published, "agenda-copy.pdf", pdf, title="Agenda (copy)")
        self.assertEqual(r.status, 303)
        self.assertEqual(len(self.files()), 1)
        # The API takes the same form with a bearer token.
        r = self.upload(self.api, self.published, "sample.odt", paper("sample.odt"),
                        title="Estates appendix", kind="appendix", api=True)
        self.assertEqual(r.status, 201, r.text)
        self.assertEqual(r.json()["format"], "odt")
        self.assertEqual(len(self.files()), 2)

    def test_over_the_cap_refused_before_anything_is_stored(self):
        before_files, before_rows = self.files(), self.listed("PCP 2023-10-09")
        big = paper("pcp-2023-10-09-agenda.pdf") + b"\n%" + b"x" * (2 << 20)
        staff = self.clients["staff"]
        staff.get(f"/records/meeting/{self.published}")
        cookie = "; ".join(f"{k}={v}" for k, v in staff.cookies.items())
        for chunked in (False, True):
            # A page's form: refused from Content-Length at once, or while
            # the chunks stream in.
            body, ctype = multipart({"title": "Big", "kind": "report", "csrf": staff.csrf},
                                    {"file": ("big.pdf", big)})
            status = raw_post(self.srv.port, f"/records/meeting/{self.published}/attachments",
                              {"Cookie": cookie, "Content-Type": ctype}, body, chunked)
            self.assertTrue(status.startswith(b"HTTP/1.1 413"), status)
            # The API, with a bearer token.
            body, ctype = multipart({"title": "Big", "kind": "report"},
                                    {"file": ("big.pdf", big)})
            status = raw_post(self.srv.port, f"/api/v1/meeting/{self.published}/attachments",
                              {"Authorization": "Bearer " + self.srv.tokens["staff"],
                               "Content-Type": ctype}, body, chunked)
            self.assertTrue(status.startswith(b"HTTP/1.1 413"), status)
        self.assertEqual(self.files(), before_files)
        self.assertEqual(self.listed("PCP 2023-10-09"), before_rows)

    def test_readers_who_may_not_write_are_refused(self):
        before_files, before_rows = self.files(), self.listed("PCP 2023-10-09")
        pdf = paper("pcp-2023-10-09-agenda.pdf")
        for role in ("public", "panel"):
            c = self.clients[role]
            c.get(f"/records/meeting/{self.published}")
            r = self.upload(c, self.published, "agenda.pdf", pdf)
            self.assertEqual(r.status, 403, role)
            r = self.upload(self.api_client(role), self.published, "agenda.pdf", pdf, api=True)
            self.assertEqual(r.status, 403, role)
        self.assertEqual(self.files(), before_files)
        self.assertEqual(self.listed("PCP 2023-10-09"), before_rows)

    def test_bytes_that_are_not_their_name_are_refused(self):
        before_files, before_rows = self.files(), self.listed("PCP 2023-10-09")
        r = self.staff_upload(self.published, "report.docx", paper("pdf-named.docx"))
        self.assertEqual(r.status, 422)
        self.assertIn("contents are a PDF", r.text)
        self.assertIn('value="Agenda"', r.text)  # what was typed is kept
        r = self.staff_upload(self.published, "papers.zip", paper("not-office.zip"))
        self.assertEqual(r.status, 422)
        self.assertIn("zip archive", r.text)
        r = self.upload(self.api, self.published, "a.exe", b"MZ\x90\x00\x03" + bytes(200),
                        api=True)
        self.assertEqual(r.status, 422)
        self.assertEqual(r.json()["error"]["field"], "file")
        self.assertEqual(self.files(), before_files)
        self.assertEqual(self.listed("PCP 2023-10-09"), before_rows)

    def test_hidden_records_paper_is_not_there(self):
        r = self.staff_upload(self.hidden, "sample.docx", paper("sample.docx"),
                              title="Draft agenda", kind="agenda")
        self.assertEqual(r.status, 303, r.text[:300])
        listed = self.api_client("staff").get(
            f"/api/v1/meeting/{self.hidden}/attachments").json()["data"]
        url = listed[0]["url"]
        staff = self.clients["staff"].get(url)
        self.assertEqual(staff.status, 200)
        self.assertTrue(staff.header("Content-Type").startswith(
            "application/vnd.openxmlformats-officedocument.wordprocessingml"))
        for role in ("public", "panel"):
            unknown = self.clients[role].get("/attachments/987654")
            r = self.clients[role].get(url)
            self.assertEqual(r.status, 404, role)
            self.assertEqual(r.body, unknown.body)
            r = self.api_client(role).get(f"/api/v1/meeting/{self.hidden}/attachments")
            self.assertEqual(r.status, 404)
            self.assertNotIn("Draft agenda", r.text)
        # A paper of a published but OFFICIAL-SENSITIVE item: the same.
        r = self.upload(self.api, self.sensitive_item, "sample.csv", paper("sample.csv"),
                        title=f"Site costs {SENSITIVE}", kind="appendix", api=True, tname="item")
        self.assertEqual(r.status, 201, r.text)
        url = r.json()["url"]
        for role in ("public", "panel"):
            unknown = self.clients[role].get("/attachments/987654")
            r = self.clients[role].get(url)
            self.assertEqual((r.status, r.body), (404, unknown.body), role)
            page = self.clients[role].get(f"/search?q=Site+costs+{SENSITIVE}").text
            self.assertIn("0 results", page)
            self.assertNotIn(SENSITIVE, page.replace(f'value="Site costs {SENSITIVE}"', "")
                             .replace(f"q=Site+costs+{SENSITIVE}", ""))

    def test_command_line(self):
        peel = self.srv.peel
        xlsx = os.path.join(PAPERS, "sample.xlsx")
        out = peel("attach", "meeting", "PCP 2023-12-13", xlsx, "--title", "Budget workbook",
                   "--kind", "appendix", "--date", "2023-12-01")
        self.assertIn("attached paper", out)
        self.assertIn("Budget workbook", peel("attachments", "meeting", "PCP 2023-12-13"))
        # The unpublished meeting is no meeting at all to the public.
        self.srv.peel("--as", "public", "attachments", "meeting", "PCP 2023-12-13", status=2)
        # Refusals name the problem and store nothing.
        before = self.files()
        p = os.path.join(self.srv.dir, "agenda.docx")
        with open(p, "wb") as f:
            f.write(paper("pcp-2023-10-09-agenda.pdf"))
        self.srv.peel("attach", "meeting", "PCP 2023-12-13", p, "--title", "x", "--kind",
                      "agenda", status=2)
        self.srv.peel("attach", "meeting", "PCP 2023-12-13", xlsx, "--title", "x", "--kind",
                      "memo", status=2)
        self.srv.peel("--as", "panel", "attach", "meeting", "PCP 2023-10-09", xlsx, "--title",
                      "x", "--kind", "other", status=2)
        self.assertEqual(self.files(), before)

    # ---- removal ----

    def attachment_ids(self, meeting_id, title):
        listed = self.api_client("staff").get(
            f"/api/v1/meeting/{meeting_id}/attachments").json()["data"]
        return [a["id"] for a in listed if a["title"] == title]

    def test_remove_a_paper(self):
        csv = b"meeting,paper\nPCP 2023-10-09,removal test " + uuid.uuid4().hex.encode() + b"\n"
        for title in ("Zebulon schedule", "Zebulon schedule copy"):
            self.assertEqual(self.staff_upload(self.published, "schedule.csv", csv, title=title,
                                               kind="appendix").status, 303)
        first = self.attachment_ids(self.published, "Zebulon schedule")[0]
        copy = self.attachment_ids(self.published, "Zebulon schedule copy")[0]
        files = self.files()
        staff = self.clients["staff"]
        page = staff.get(f"/records/meeting/{self.published}").text
        self.assertIn(f'href="/attachments/{first}/remove"', page)
        # Readers who may see the paper but not change the record: refused,
        # and nothing is offered to them.
        for role in ("public", "panel"):
            c = self.clients[role]
            self.assertNotIn("/remove", c.get(f"/records/meeting/{self.published}").text)
            self.assertEqual(c.get(f"/attachments/{first}/remove").status, 403, role)
            self.assertEqual(c.post(f"/attachments/{first}/remove", {}).status, 403, role)
        self.assertEqual(len(self.attachment_ids(self.published, "Zebulon schedule")), 1)
        # Without the form's token: refused.
        self.assertEqual(staff.post(f"/attachments/{first}/remove", {}, csrf=False).status, 403)
        # The confirmation names the paper; the removal takes it off the page,
        # the API, downloads and search, and the record's history says so.
        confirm = staff.get(f"/attachments/{first}/remove")
        self.assertEqual(confirm.status, 200)
        self.assertIn("Zebulon schedule", confirm.text)
        r = staff.post(f"/attachments/{first}/remove", {})
        self.assertEqual(r.status, 303, r.text[:300])
        self.assertIn("removed=1", r.header("Location"))
        self.assertIn("The paper was removed.", staff.get(r.header("Location")).text)
        self.assertEqual(self.attachment_ids(self.published, "Zebulon schedule"), [])
        self.assertEqual(self.clients["public"].get(f"/attachments/{first}").status, 404)
        hits = self.api_client("staff").get("/api/v1/search?q=Zebulon").json()["data"]
        self.assertEqual([h.get("attachment") for h in hits if h.get("attachment") == first], [])
        history = staff.get(f"/records/meeting/{self.published}").text
        self.assertIn("Zebulon schedule (", history)
        # The copy holds the same bytes: the file stays for it.
        self.assertEqual(self.files(), files)
        self.assertEqual(self.clients["public"].get(f"/attachments/{copy}").body, csv)
        # The API removes a paper with DELETE (a bearer token; the public has none).
        third = self.upload(self.api, self.published, "api.csv", csv, title="Zebulon via API",
                            kind="appendix", api=True).json()["id"]
        self.assertEqual(self.api_client("public").request(
            "DELETE", f"/api/v1/attachments/{third}").status, 403)
        self.assertEqual(self.api.request("DELETE", f"/api/v1/attachments/{third}").status, 204)
        self.assertEqual(self.api.request("DELETE", f"/api/v1/attachments/{third}").status, 404)
        # Removing the last holder deletes the file, from the command line too.
        out = self.srv.peel("detach", str(copy))
        self.assertIn("removed paper", out)
        self.assertEqual(len(self.files()), len(files) - 1)
        self.srv.peel("detach", str(copy), status=2)  # gone: no such attachment

    def test_remove_a_hidden_paper_answers_as_none(self):
        r = self.staff_upload(self.hidden, "hidden.csv", b"a,b\n1," + uuid.uuid4().hex.encode()
                              + b"\n", title="Hidden schedule", kind="appendix")
        self.assertEqual(r.status, 303)
        hid = self.attachment_ids(self.hidden, "Hidden schedule")[0]
        for role in ("public", "panel"):
            c = self.clients[role]
            hidden = c.get(f"/attachments/{hid}/remove")
            unknown = c.get("/attachments/987654/remove")
            self.assertEqual((hidden.status, unknown.status), (404, 404), role)
            self.assertEqual(hidden.text, unknown.text, role)
            self.assertNotIn("Hidden schedule", hidden.text)
            # The public holds no form token, so its POST is refused before
            # anything is looked up; either way hidden and unknown answer alike.
            posted = c.post(f"/attachments/{hid}/remove", {})
            none = c.post("/attachments/987654/remove", {})
            self.assertIn(posted.status, (403, 404), role)
            self.assertEqual(posted.status, none.status, role)
            self.assertNotIn("Hidden schedule", posted.text)
        self.srv.peel("--as", "public", "detach", str(hid), status=2)
        self.assertEqual(self.attachment_ids(self.hidden, "Hidden schedule"), [hid])

    # ---- search ----

    def test_search_finds_a_word_inside_a_pdf(self):
        for role in ("public", "staff"):
            r = self.api_client(role).get("/api/v1/search?q=Woodiwiss")
            self.assertEqual(r.status, 200)
            hits = r.json()["data"]
            self.assertTrue(hits, role)
            self.assertEqual(hits[0]["type"], "meeting")
            self.assertIn("<mark>Woodiwiss</mark>", hits[0]["snippet_html"])
        page = self.clients["public"].get("/search?q=Woodiwiss").text
        self.assertIn("<mark>Woodiwiss</mark>", page)
        self.assertIn('href="/attachments/', page)

    def test_search_filters_and_pages(self):
        pub = self.api_client("public")
        # The agenda and its copy are dated 2 October 2023; the range filters
        # by that day.
        q = "/api/v1/search?q=Woodiwiss"
        self.assertEqual(pub.get(q + "&from=2023-10-01&to=02/10/2023").json()["total"], 2)
        self.assertEqual(pub.get(q + "&from=03/10/2023").json()["total"], 0)
        self.assertEqual(pub.get(q + "&type=meeting").json()["total"], 2)
        self.assertEqual(pub.get(q + "&type=item").json()["total"], 0)
        # Every result on one page each, in the same order as all at once.
        everything = self.api_client("staff").get("/api/v1/search?q=Police&per=100").json()
        self.assertGreaterEqual(everything["total"], 3)
        ids = [(h["type"], h["id"], h["attachment"]) for h in everything["data"]]
        paged = []
        for page in range(1, everything["total"] + 1):
            r = self.api_client("staff").get(f"/api/v1/search?q=Police&per=1&page={page}").json()
            self.assertEqual(r["total"], everything["total"])
            paged += [(h["type"], h["id"], h["attachment"]) for h in r["data"]]
        self.assertEqual(paged, ids)
        r = pub.get(q + "&from=31/02/2023")
        self.assertEqual(r.status, 400)
        self.assertEqual(r.json()["error"]["field"], "from")

    def test_search_canaries_never_reach_panel_or_public(self):
        staff = self.api_client("staff")
        for word in (SENSITIVE, UNPUBLISHED):
            found = staff.get(f"/api/v1/search?q={word}").json()["total"]
            self.assertGreaterEqual(found, 1, word)
            for role in ("public", "panel"):
                page = self.clients[role].get(f"/search?q={word}")
                self.assertEqual(page.status, 200)
                body = page.text.replace(f'value="{word}"', "")
                self.assertNotIn(word, body, role)
                self.assertIn("0 results", body)
                api = self.api_client(role).get(f"/api/v1/search?q={word}")
                self.assertEqual(api.json()["total"], 0)
                self.assertNotIn(word, api.text)
            out = self.srv.peel("--as", "public", "search", word)
            self.assertNotIn(word, out)
            self.assertIn("0 results", out)
        # The published item's other words are there; its title is not.
        self.assertEqual(self.api_client("public").get(
            "/api/v1/search?q=Estates&type=item").json()["total"], 0)
        # A type the reader may not see answers as an unknown one.
        a = self.api_client("public").get("/api/v1/search?q=x&type=user")
        b = self.api_client("public").get("/api/v1/search?q=x&type=nosuchtype")
        self.assertEqual((a.status, a.json()["error"]["message"].replace("user", "T")),
                         (b.status, b.json()["error"]["message"].replace("nosuchtype", "T")))

    def test_search_bad_input_keeps_the_form(self):
        r = self.clients["public"].get("/search?q=%22%20OR%20&from=31/02/2023")
        self.assertEqual(r.status, 400)
        self.assertIn("There is a problem", r.text)
        self.assertIn('id="site-search"', r.text)

    def test_openapi_names_the_routes(self):
        paths = self.openapi()["paths"]
        self.assertIn("delete", paths["/api/v1/attachments/{id}"])
        self.assertIn("/api/v1/search", paths)
        self.assertIn("/api/v1/meeting/{id}/attachments", paths)
        self.assertNotIn("/api/v1/body/{id}/attachments", paths)


if __name__ == "__main__":
    main()
