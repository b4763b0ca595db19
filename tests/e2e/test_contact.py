"""Correspondence (`contact`) and the public contact form, on the real server
on loopback and the real command line: a message sent from the form gets a
reference and a token that show its status and nothing else; a wrong token
and an unknown reference get the same answer; the public and the Panel can
neither list, open, search nor count the records; the form is limited per
address, its body and fields are capped, and the message is written as
escaped text everywhere; `peel erase` removes the sender's details; the
type's rules refuse bad dates naming the field; the reply is due the
office's target in working days after the day it was received, bank
holidays skipped (hand-computed below)."""
import json
import os
import re
import subprocess
import unittest

import peeltest
import peelweb

# peelweb's today: Monday 9 October 2023.
RECEIVED = "2023-10-09"


def send(c, **fields):
    """Sends the contact form from client c (after loading it, for the CSRF
    token); returns the response."""
    c.get("/contact")
    form = {"name": "A Resident", "email": "resident@example.org", "kind": "resident",
            "subject": "Speeding", "message": "Cars speed past the school."}
    form.update(fields)
    return c.post("/contact", form)


def ref_and_token(r):
    ref = re.search(r'id="contact-ref">([^<]+)<', r.text).group(1)
    tok = re.search(r'id="contact-token">([^<]+)<', r.text).group(1)
    return ref, tok


def status(c, ref, token):
    c.get("/contact/status")
    return c.post("/contact/status", {"ref": ref, "token": token})


class ContactWeb(peelweb.WebCase):

    def count(self):
        out = self.srv.peel("list", "contact", "--format", "json")
        return len(json.loads(out)) if out.strip() else 0

    def test_happy_path(self):
        c = peelweb.Client(self.srv.port, source="127.0.0.11")
        r = send(c, name="HAPPY Sender")
        self.assertEqual(r.status, 200, r.text[:500])
        ref, tok = ref_and_token(r)
        self.assertRegex(ref, r"^C-2023-\d{4}$")
        self.assertEqual(len(tok), 43)
        self.assertNotIn(tok, self.srv.log())
        self.assertIn("no-store", r.header("Cache-Control"))
        # the status: reference, state, received, and nothing else
        r = status(peelweb.Client(self.srv.port, source="127.0.0.11"), ref, tok)
        self.assertEqual(r.status, 200)
        self.assertIn('<dd id="contact-state">Received</dd>', r.text)
        self.assertIn('<dd id="contact-received">9 October 2023</dd>', r.text)
        self.assertNotIn("contact-answered", r.text)
        for private in ("HAPPY", "resident@example.org", "Speeding", "Cars speed"):
            self.assertNotIn(private, r.text)
        # the token is only a hash in the database, never in an export
        shown = self.srv.peel("show", "contact", ref, "--format", "json")
        self.assertNotIn(tok, shown)
        self.assertNotIn("token_hash", json.loads(shown))
        self.assertNotIn(tok, self.srv.peel("export", "contact"))
        # staff answer it
        self.srv.peel("transition", "contact", ref, "answered")
        self.srv.peel("set", "contact", ref, "answered_on=2023-10-09", "reply_kind=written")
        r = status(c, ref, tok)
        self.assertIn('<dd id="contact-state">Answered</dd>', r.text)
        self.assertIn('<dd id="contact-answered">9 October 2023</dd>', r.text)
        # reopened, it is no longer answered
        self.srv.peel("transition", "contact", ref, "acknowledged", "--note", "Asked again")
        r = status(c, ref, tok)
        self.assertIn('<dd id="contact-state">Acknowledged</dd>', r.text)
        self.assertNotIn("contact-answered", r.text)
        # the annual report's written replies count it
        out = json.loads(self.srv.peel("engagement", "summary", "--from", "2023-10-01", "--to",
                                       "2023-10-31", "--format", "json"))
        rows = {(w["section"], w["item"]): w["count"] for w in out["rows"]}
        self.assertGreaterEqual(rows[("Correspondence", "Written replies")], 1)
        # the public's view of the summary has no such row
        out = json.loads(self.srv.peel("--as", "public", "engagement", "summary", "--from",
                                       "2023-10-01", "--to", "2023-10-31", "--format", "json"))
        self.assertNotIn("Correspondence", [w["section"] for w in out["rows"]])

    def test_wrong_token_and_unknown_reference_answer_alike(self):
        c = peelweb.Client(self.srv.port, source="127.0.0.12")
        ref, tok = ref_and_token(send(c))
        wrong = status(c, ref, "x" * 43)
        unknown = status(c, "C-2023-9999", tok)
        self.assertEqual(wrong.status, 404)
        self.assertEqual(unknown.status, 404)
        self.assertEqual(wrong.body, unknown.body)
        self.assertNotIn(ref, wrong.text)
        self.assertIn("No message matches that reference and token", wrong.text)
        # the token as a GET parameter is no way in
        self.assertEqual(c.get(f"/contact/status?ref={ref}&token={tok}").status, 400)
        self.assertEqual(status(c, ref, tok).status, 200)
        # pasted with spaces around them
        self.assertEqual(status(c, f" {ref} ", f"{tok}\n").status, 200)

    def test_public_and_panel_never_see_a_contact(self):
        c = peelweb.Client(self.srv.port, source="127.0.0.13")
        r = send(c, name="LEAKCANARY Name", email="leakcanary@example.org",
                 subject="LEAKCANARY subject", message="LEAKCANARY message")
        ref, _ = ref_and_token(r)
        rid = json.loads(self.srv.peel("show", "contact", ref, "--format", "json"))["id"]
        staff = self.clients["staff"]
        self.assertIn("LEAKCANARY", staff.get(f"/records/contact/{rid}").text)
        for role in ("public", "panel"):
            web = self.clients[role]
            api = self.api_client(role)
            with self.subTest(role=role):
                for path in ("/records/contact", f"/records/contact/{rid}",
                             "/records/contact.csv", "/search?q=LEAKCANARY",
                             f"/search?q={ref}", "/search?q=leakcanary%40example.org", "/",
                             "/engagement"):
                    r = web.get(path)
                    text = r.text
                    if path.startswith("/search"):
                        # the words searched for are shown again; nothing is found
                        self.assertIn('id="results">0 results<', text, path)
                        text = re.sub(r'id="filter-q" name="q" type="text" value="[^"]*"', "",
                                      text)
                    self.assertNotIn("LEAKCANARY", text, path)
                    self.assertNotIn("leakcanary", text, path)
                    self.assertNotIn(ref, text, path)
                    self.assertNotIn('href="/records/contact', text, path)
                for path in ("/api/v1/contact", f"/api/v1/contact/{rid}", "/api/v1"):
                    r = api.get(path)
                    self.assertNotIn("LEAKCANARY", r.text, path)
                    self.assertNotIn(ref, r.text, path)
                self.assertIn(api.get("/api/v1/contact").status, (403, 404))
                self.assertIn(web.get("/records/contact").status, (403, 404))
        for canary in ("LEAKCANARY", "leakcanary"):
            self.assertNotIn(canary, self.srv.log())

    def test_rate_limits(self):
        c = peelweb.Client(self.srv.port, source="127.0.0.14")
        for i in range(5):
            self.assertEqual(send(c, subject=f"Post {i}").status, 200)
        before = self.count()
        r = send(c, subject="One too many")
        self.assertEqual(r.status, 429)
        self.assertIn("Too many messages from your address", r.text)
        self.assertTrue(r.header("Retry-After"))
        self.assertEqual(self.count(), before)
        # another address is not held back
        self.assertEqual(send(peelweb.Client(self.srv.port, source="127.0.0.15")).status, 200)
        # status lookups: ten a minute
        c = peelweb.Client(self.srv.port, source="127.0.0.16")
        for _ in range(10):
            self.assertEqual(status(c, "C-2023-9999", "x").status, 404)
        r = status(c, "C-2023-9999", "x")
        self.assertEqual(r.status, 429)
        self.assertIn("Too many status requests", r.text)

    def test_oversized_and_overlong_are_refused(self):
        c = peelweb.Client(self.srv.port, source="127.0.0.17")
        before = self.count()
        r = send(c, message="y" * (100 << 10))
        self.assertEqual(r.status, 413)
        self.assertIn("larger than", r.text)
        r = send(c, message="z" * 4001)
        self.assertEqual(r.status, 400)
        self.assertIn("Your message is too long: at most 4000 characters", r.text)
        r = send(c, name="")
        self.assertEqual(r.status, 400)
        self.assertIn("Enter your name", r.text)
        r = send(c, email="not an address")
        self.assertEqual(r.status, 400)
        self.assertIn("is not an email address", r.text)
        self.assertEqual(self.count(), before)

    def test_message_is_text_never_markup(self):
        c = peelweb.Client(self.srv.port, source="127.0.0.18")
        evil = 'See http://evil.example and <script>alert("x")</script> <a href="http://evil.example">here</a>'
        ref, _ = ref_and_token(send(c, message=evil, subject="<b>bold</b>"))
        rid = json.loads(self.srv.peel("show", "contact", ref, "--format", "json"))["id"]
        page = self.clients["staff"].get(f"/records/contact/{rid}").text
        self.assertIn("http://evil.example", page)
        self.assertIn("&lt;script&gt;", page)
        self.assertNotIn("<script>alert", page)
        self.assertNotIn('href="http://evil.example', page)
        self.assertNotIn("<b>bold", page)
        # the form shown again after an error keeps it as text too
        r = send(c, message=evil, name="")
        self.assertEqual(r.status, 400)
        self.assertNotIn("<script>alert", r.text)
        self.assertNotIn('href="http://evil.example', r.text)

    def test_erase_removes_the_senders_details(self):
        c = peelweb.Client(self.srv.port, source="127.0.0.19")
        ref, tok = ref_and_token(send(c, name="ERASECANARY Name", email="erasecanary@example.org",
                                      address="1 ERASECANARY Street", subject="ERASECANARY",
                                      message="ERASECANARY message"))
        self.assertIn("ERASECANARY", self.srv.peel("history", "contact", ref))
        self.srv.peel("erase", "contact", ref)
        for out in (self.srv.peel("show", "contact", ref),
                    self.srv.peel("show", "contact", ref, "--format", "json"),
                    self.srv.peel("export", "contact"), self.srv.peel("history", "contact", ref)):
            self.assertNotIn("ERASECANARY", out)
            self.assertNotIn("erasecanary", out)
        self.assertIn(ref, self.srv.peel("show", "contact", ref))
        # the sender can still see the status
        self.assertEqual(status(c, ref, tok).status, 200)

    def test_due_in_working_days(self):
        """Received Monday 9 October 2023; the default target of 10 working
        days: Monday 23 October (no bank holiday in between)."""
        c = peelweb.Client(self.srv.port, source="127.0.0.20")
        r = send(c)
        self.assertIn("The office aims to answer by 23 October 2023", r.text)
        ref, _ = ref_and_token(r)
        rec = json.loads(self.srv.peel("show", "contact", ref, "--format", "json"))
        self.assertEqual(rec["received"], RECEIVED)
        self.assertEqual(rec["due"], "2023-10-23")
        self.assertEqual(rec["channel"], "web_form")


class ContactRules(unittest.TestCase):
    """The type's rules on the command line: bad dates refused naming the
    field, nothing saved."""

    def setUp(self):
        self.srv = peelweb.Server(accounts=False)

    def tearDown(self):
        self.srv.stop()
        self.srv.cleanup()

    def run_peel(self, *args):
        return subprocess.run([peelweb.PEEL, "--db", self.srv.db, *args], capture_output=True,
                              text=True, env=self.srv.env, cwd=self.srv.dir, timeout=120)

    def test_bad_dates_are_refused(self):
        base = ("contact", "ref=C-T-1", "channel=letter", "sender_kind=mp",
                "received=2023-10-09")
        for field, value in (("answered_on", "2023-10-06"), ("relayed_on", "2023-10-01"),
                             ("due", "2023-10-08")):
            with self.subTest(field=field):
                r = self.run_peel("add", *base, f"{field}={value}")
                self.assertEqual(r.returncode, 2, r.stderr)
                self.assertIn(f"{field}: {value} is before the contact was received", r.stderr)
        r = self.run_peel("add", *base, "reply_kind=written")
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("answered_on: is required when the reply is given", r.stderr)
        self.assertEqual(json.loads(self.srv.peel("list", "contact", "--format", "json") or "[]"),
                         [])
        self.srv.peel("add", *base)
        # a change of state dated before it was received is refused
        r = self.run_peel("transition", "contact", "C-T-1", "acknowledged", "--date", "2023-10-02")
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertRegex(self.srv.peel("show", "contact", "C-T-1"), r"State +Received\n")
        # closing without a reply needs a note (spam); with one it closes
        self.assertEqual(self.run_peel("transition", "contact", "C-T-1", "closed").returncode, 2)
        self.srv.peel("transition", "contact", "C-T-1", "closed", "--note", "Spam")

    @peeltest.sqlite_only("the SQLite file and its write-ahead log are read for the erased values")
    def test_erased_details_leave_no_copy_in_the_file(self):
        """While the server runs, and after it stops, the erased values are
        nowhere in the database file or its write-ahead log: peel erase
        empties the log once the erasure is committed."""
        c = self.srv.client()
        ref, _ = ref_and_token(send(c, name="FILECANARY Name", email="filecanary@example.org",
                                    message="FILECANARY message"))
        self.srv.peel("erase", "contact", ref)

        def check():
            for path in (self.srv.db, self.srv.db + "-wal"):
                if os.path.exists(path):
                    with open(path, "rb") as f:
                        data = f.read()
                    found = [c for c in (b"FILECANARY", b"filecanary") if c in data]
                    self.assertEqual(found, [], path)
        check()  # the server still running
        self.assertEqual(self.srv.stop(), 0)
        check()


class ContactTarget(unittest.TestCase):
    """The target is a setting: contact_reply_days=55 from Monday 9 October
    2023 is eleven weeks of working days, Monday 25 December without
    holidays; Christmas Day and Boxing Day are bank holidays, so the reply is
    due on Wednesday 27 December 2023."""

    def test_target_setting_skips_bank_holidays(self):
        srv = peelweb.Server(accounts=False)
        try:
            srv.peel("add", "setting", "name=contact_reply_days", "value=55",
                     "note=A test of the setting")
            c = srv.client()
            self.assertIn("within 55 working days", c.get("/contact").text)
            r = send(c)
            self.assertEqual(r.status, 200, r.text[:500])
            self.assertIn("27 December 2023", r.text)
            ref, _ = ref_and_token(r)
            rec = json.loads(srv.peel("show", "contact", ref, "--format", "json"))
            self.assertEqual(rec["due"], "2023-12-27")
        finally:
            self.assertEqual(srv.stop(), 0, srv.log()[-2000:])
            srv.cleanup()


if __name__ == "__main__":
    peelweb.main()
