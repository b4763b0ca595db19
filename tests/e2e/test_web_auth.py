"""Signing in and out, sessions, CSRF, rate limits and API tokens."""
import sqlite3

from peelweb import PASSWORD, Client, WebCase, main


class SignIn(WebCase):
    def test_sign_in_sets_a_strict_httponly_cookie_and_out_clears_it(self):
        c = Client(self.srv.port)
        c.get("/signin")
        r = c.post("/signin", {"name": "staff1", "password": PASSWORD, "next": "/records/person"})
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("Location"), "/records/person")
        cookie = [v for v in r.headers_named("Set-Cookie") if v.startswith("peel_session=")][0]
        self.assertIn("HttpOnly", cookie)
        self.assertIn("SameSite=Strict", cookie)
        self.assertNotIn("Secure", cookie)
        tok = c.cookies["peel_session"]
        self.assertEqual(len(tok), 43)
        # stored hashed, never in clear
        con = sqlite3.connect(self.srv.db)
        rows = con.execute("SELECT token_hash FROM web_session").fetchall()
        con.close()
        self.assertTrue(rows)
        self.assertTrue(all(tok.encode() not in bytes(h) for (h,) in rows))
        home = c.get("/")
        self.assertIn("Signed in as staff1", home.text)
        self.assertEqual(c.post("/signout", {}).status, 303)
        self.assertNotIn("peel_session", c.cookies)
        # the old cookie no longer works
        c.cookies["peel_session"] = tok
        self.assertNotIn("Signed in as", c.get("/").text)

    def test_next_is_never_another_site(self):
        c = Client(self.srv.port)
        c.get("/signin")
        r = c.post("/signin", {"name": "panel1", "password": PASSWORD,
                               "next": "//evil.example/"})
        self.assertEqual(r.header("Location"), "/")

    def test_next_refuses_hostile_forms(self):
        # Browsers drop a tab or newline and read "\\" as "/", so each of
        # these would have sent the reader to evil.example.
        hostile = ["/\t/evil.example", "/\n/evil.example", "/\\evil.example",
                   "/%2F/evil.example", "/%252F/evil.example", "/%09/evil.example",
                   "https://evil.example/", "/ /evil.example", "/\x7f/evil.example"]
        c = Client(self.srv.port)
        for nxt in hostile:
            c.get("/signin")
            r = c.post("/signin", {"name": "panel1", "password": PASSWORD, "next": nxt})
            self.assertEqual(r.status, 303, nxt)
            self.assertEqual(r.header("Location"), "/", repr(nxt))
            form = c.get("/signin?next=" + __import__("urllib.parse").parse.quote(nxt))
            self.assertIn('name="next" value="/"', form.text, repr(nxt))

    def test_wrong_password_keeps_name_and_says_so(self):
        c = Client(self.srv.port)
        c.get("/signin")
        r = c.post("/signin", {"name": "<b>admin1</b>", "password": "wrong password here"})
        self.assertEqual(r.status, 401)
        self.assertIn("The sign-in name or password is not right", r.text)
        self.assertIn('value="&lt;b&gt;admin1&lt;/b&gt;"', r.text)
        self.assertNotIn("peel_session", c.cookies)

    def test_empty_fields(self):
        c = Client(self.srv.port)
        c.get("/signin")
        r = c.post("/signin", {"name": "", "password": ""})
        self.assertEqual(r.status, 400)
        self.assertIn("Enter your sign-in name and password", r.text)

    def test_rate_limited_per_account(self):
        self.srv.peel("user", "add", "victim", "--role", "staff", stdin=PASSWORD + "\n")
        c = Client(self.srv.port)
        c.get("/signin")
        for _ in range(5):
            self.assertEqual(c.post("/signin", {"name": "victim", "password": "nope nope"}).status,
                             401)
        r = c.post("/signin", {"name": "victim", "password": PASSWORD})
        self.assertEqual(r.status, 429)
        self.assertIn("too many failed attempts to sign in to this account", r.text)
        # another account from the same address is not locked
        self.assertEqual(Client(self.srv.port).sign_in("panel1", PASSWORD).status, 303)


class Csrf(WebCase):
    def test_missing_and_forged_tokens_refused(self):
        c = self.clients["staff"]
        c.get("/records/person/new")
        good = c.csrf
        before = self.srv.peel("list", "person", "--format", "csv")
        r = c.post("/records/person", {"name": "No Token"}, csrf=False)
        self.assertEqual(r.status, 403)
        self.assertIn("did not come from peel", r.text)
        c.csrf = "A" * len(good)
        self.assertEqual(c.post("/records/person", {"name": "Forged"}).status, 403)
        # a token from another visitor's session does not work either
        other = self.clients["admin"]
        other.get("/records/person/new")
        c.csrf = other.csrf
        self.assertEqual(c.post("/records/person", {"name": "Crossed"}).status, 403)
        c.csrf = good
        self.assertEqual(before, self.srv.peel("list", "person", "--format", "csv"))

    def test_sign_in_form_needs_its_token(self):
        c = Client(self.srv.port)
        r = c.post("/signin", {"name": "staff1", "password": PASSWORD}, csrf=False)
        self.assertEqual(r.status, 403)

    def test_wrong_content_type_for_a_form(self):
        c = self.clients["staff"]
        r = c.request("POST", "/records/person", body=b'{"name":"x"}',
                      headers={"Content-Type": "application/json"})
        self.assertEqual(r.status, 415)


class Sessions(WebCase):
    def test_expired_session_is_signed_out_and_told(self):
        c = self.srv.client("staff")
        c.get("/records/person/new")
        con = sqlite3.connect(self.srv.db)
        con.execute("UPDATE web_session SET last_seen = last_seen - 7200")
        con.commit()
        con.close()
        r = c.post("/records/person", {"name": "After Expiry"})
        self.assertEqual(r.status, 403)
        self.assertIn("session has expired", r.text)
        self.assertNotIn("Signed in as", c.get("/").text)
        self.assertNotIn("After Expiry", self.srv.peel("list", "person", "--format", "csv"))


class Tokens(WebCase):
    def test_bearer_tokens(self):
        r = self.api_client("staff").get("/api/v1")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.json()["user"], "staff1")
        bad = Client(self.srv.port, token="peel_" + "x" * 43)
        r = bad.get("/api/v1/person")
        self.assertEqual(r.status, 401)
        self.assertEqual(r.json()["error"]["code"], "unauthorized")
        self.assertIn("Bearer", r.header("WWW-Authenticate"))
        junk = Client(self.srv.port)
        r = junk.get("/api/v1/person", headers={"Authorization": "Basic Zm9vOmJhcg=="})
        self.assertEqual(r.status, 401)

    def test_api_ignores_session_cookies(self):
        c = self.srv.client("staff")
        r = c.api("POST", "/api/v1/person", {"name": "Via Cookie"})
        self.assertIn(r.status, (401, 403))
        self.assertEqual(c.get("/api/v1").json()["user"], None)

    def test_token_command_needs_an_account(self):
        p = self.srv.peel("token", "add", "nobody", status=2)
        self.assertEqual(p, "")

    def test_password_is_never_an_argument(self):
        self.srv.peel("user", "add", "x1", "--role", "staff", "--password", "abc", status=2)
        short = self.srv.peel("user", "add", "x2", "--role", "staff", stdin="short\n", status=2)
        self.assertEqual(short, "")


if __name__ == "__main__":
    main()
