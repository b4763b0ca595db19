"""Signing in and out, sessions, CSRF, rate limits and API tokens."""
import base64
import hashlib
import re
import threading
import time
import unittest

from peeltest import connect
from peelweb import PASSWORD, Client, Server, WebCase, main

PEEL_SIGNIN_FREE_PAIR = 5  # auth.h


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
        con = connect(self.srv.db)
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

    def test_password_inputs_are_masked_completed_and_pasteable(self):
        # ASVS 6.2.6-6.2.8: masked, the browser's password manager told
        # which password is meant, paste never blocked.
        page = Client(self.srv.port).get("/signin").text
        inputs = re.findall(r"<input [^>]*>", page)
        pw = [i for i in inputs if 'name="password"' in i]
        self.assertEqual(len(pw), 1, inputs)
        self.assertIn('type="password"', pw[0])
        self.assertIn('autocomplete="current-password"', pw[0])
        name = [i for i in inputs if 'name="name"' in i]
        self.assertIn('autocomplete="username"', name[0])
        admin = self.clients["admin"]
        setpw = admin.get("/admin/users/panel1/password")
        self.assertEqual(setpw.status, 200)
        new = [i for i in re.findall(r"<input [^>]*>", setpw.text) if 'type="password"' in i]
        self.assertEqual(len(new), 2, new)
        for i in new:
            self.assertIn('autocomplete="new-password"', i)
        for text in (page, setpw.text):
            # no handler in the page (the CSP forbids inline script anyway)
            self.assertNotRegex(text, r"(?i)\son(paste|copy|cut|drop|keydown|keypress|input)=")
            self.assertNotRegex(text, r"(?i)<script(?![^>]*\ssrc=)")
            # nor in a script it loads
            for src in re.findall(r'<script src="([^"]+)"', text):
                js = Client(self.srv.port).get(src)
                self.assertEqual(js.status, 200, src)
                self.assertNotRegex(js.text, r"(?i)paste|clipboard", src)

    def test_password_is_checked_exactly_as_typed(self):
        # Spaces, case and accents are the user's: nothing is trimmed,
        # folded or normalised on the way to the hash.
        typed = "  Grüße aus Leicester  "
        self.srv.peel("user", "add", "typed1", "--role", "panel", stdin=typed + "\n")
        c = Client(self.srv.port, source="127.0.0.41")
        for wrong in (typed.strip(), typed.lower(), typed.replace("ü", "u")):
            c.get("/signin")
            self.assertEqual(c.post("/signin", {"name": "typed1", "password": wrong}).status,
                             401, repr(wrong))
        c.get("/signin")
        self.assertEqual(c.post("/signin", {"name": "typed1", "password": typed}).status, 303)

    def test_passwords_are_stored_as_argon2id(self):
        con = connect(self.srv.db)
        try:
            rows = con.execute('SELECT name, password_hash FROM "user"').fetchall()
        finally:
            con.close()
        self.assertTrue(rows)
        for name, h in rows:
            self.assertTrue(h.startswith("$argon2id$v=19$"), (name, h[:20]))
            self.assertNotIn(PASSWORD, h)

    def test_unknown_name_costs_the_same_as_a_wrong_password(self):
        # ASVS 11.4 / 6.3.8: the time of a refusal must not tell whether the
        # name exists.  Tries alternate, from an address of their own, few
        # enough that no throttle is reached; medians, so that one slow
        # moment on a busy machine does not decide.
        self.srv.peel("user", "add", "timing1", "--role", "staff", stdin=PASSWORD + "\n")
        c = Client(self.srv.port, source="127.0.0.43")

        def attempt(name):
            c.get("/signin")
            t0 = time.monotonic()
            r = c.post("/signin", {"name": name, "password": "not the password at all"})
            took = time.monotonic() - t0
            self.assertEqual(r.status, 401, r.text[:300])
            return took
        attempt("timing1")
        attempt("nobody-0")  # the first unknown name makes the dummy hash
        known, unknown = [], []
        for i in range(4):
            known.append(attempt("timing1"))
            unknown.append(attempt(f"nobody-{i + 1}"))
        k, u = sorted(known)[1:3], sorted(unknown)[1:3]
        ratio = sum(u) / sum(k)
        self.assertGreater(ratio, 0.5, (known, unknown))
        self.assertLess(ratio, 2.0, (known, unknown))

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
        self.assertTrue(1 <= int(r.header("Retry-After")) <= 2)
        # another account from the same address is not locked
        self.assertEqual(Client(self.srv.port).sign_in("panel1", PASSWORD).status, 303)
        # the wait grows: after it, one more guess, then twice as long
        time.sleep(int(r.header("Retry-After")) + 0.2)
        self.assertEqual(c.post("/signin", {"name": "victim", "password": "nope nope"}).status,
                         401)
        r = c.post("/signin", {"name": "victim", "password": PASSWORD})
        self.assertEqual(r.status, 429)
        self.assertTrue(2 <= int(r.header("Retry-After")) <= 3, r.header("Retry-After"))

    def test_parallel_guesses_are_counted_one_by_one(self):
        self.srv.peel("user", "add", "parallel", "--role", "staff", stdin=PASSWORD + "\n")
        c = Client(self.srv.port, source="127.0.0.4")
        c.get("/signin")
        statuses = []

        def guess():
            statuses.append(c.post("/signin", {"name": "parallel",
                                               "password": "wrong guess %d" % len(statuses)})
                            .status)
        threads = [threading.Thread(target=guess) for _ in range(12)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(len(statuses), 12)
        # five free guesses, then each must wait: the rest are refused unread
        self.assertEqual(statuses.count(401), PEEL_SIGNIN_FREE_PAIR, statuses)
        self.assertEqual(statuses.count(429), 12 - PEEL_SIGNIN_FREE_PAIR, statuses)
        con = connect(self.srv.db)
        n = con.execute("SELECT count(*) FROM web_signin_attempt WHERE account = 'parallel'")
        self.assertEqual(n.fetchone()[0], PEEL_SIGNIN_FREE_PAIR)
        con.close()

    def test_guesses_from_one_address_do_not_lock_out_another(self):
        self.srv.peel("user", "add", "target", "--role", "staff", stdin=PASSWORD + "\n")
        attacker = Client(self.srv.port, source="127.0.0.2")
        attacker.get("/signin")
        codes = [attacker.post("/signin", {"name": "target", "password": "guess guess"}).status
                 for _ in range(8)]
        self.assertEqual(codes, [401] * 5 + [429] * 3)
        # the attacker is held off even with the right password...
        self.assertEqual(attacker.post("/signin", {"name": "target", "password": PASSWORD})
                         .status, 429)
        # ...but the account's owner, elsewhere, signs in at once
        owner = Client(self.srv.port, source="127.0.0.3")
        self.assertEqual(owner.sign_in("target", PASSWORD).status, 303)

    def test_forwarded_for_is_ignored_without_a_trusted_proxy(self):
        self.srv.peel("user", "add", "fwd", "--role", "staff", stdin=PASSWORD + "\n")
        c = Client(self.srv.port, source="127.0.0.5")
        c.get("/signin")
        codes = [c.post("/signin", {"name": "fwd", "password": "guess guess"},
                        headers={"X-Forwarded-For": "127.0.1.%d" % i}).status for i in range(7)]
        self.assertEqual(codes, [401] * 5 + [429] * 2)


class NoDefaultAccounts(unittest.TestCase):
    """ASVS 6.3.2: a new database has no accounts, so none with a known
    password; every account is made with `peel user add`."""

    def test_fresh_database_has_no_accounts(self):
        srv = Server(accounts=False)
        try:
            self.assertEqual(srv.peel("user", "list"), "")
            con = connect(srv.db)
            try:
                self.assertEqual(con.execute('SELECT count(*) FROM "user"').fetchone(), (0,))
                self.assertEqual(con.execute("SELECT count(*) FROM web_token").fetchone(), (0,))
            finally:
                con.close()
            c = Client(srv.port)
            for name, pw in (("admin", "admin"), ("admin", "password"), ("administrator",
                             "administrator"), ("root", "root"), ("peel", "peel")):
                c.get("/signin")
                r = c.post("/signin", {"name": name, "password": pw})
                self.assertEqual(r.status, 401, (name, r.text[:300]))
                self.assertNotIn("peel_session", c.cookies)
            self.assertEqual(Client(srv.port, token="peel_" + "A" * 43).get("/api/v1/person")
                             .status, 401)
        finally:
            rc = srv.stop()
            srv.cleanup()
        self.assertEqual(rc, 0)


class TrustedProxy(WebCase):
    server_args = ("--trusted-proxy", "127.0.0.1")

    def test_last_forwarded_for_entry_is_the_client(self):
        self.srv.peel("user", "add", "proxied", "--role", "staff", stdin=PASSWORD + "\n")
        c = Client(self.srv.port)
        c.get("/signin")
        # The client wrote the first entry; the proxy appended the second.
        h = {"X-Forwarded-For": "127.0.1.1, 127.0.2.2"}
        codes = [c.post("/signin", {"name": "proxied", "password": "guess guess"}, headers=h)
                 .status for _ in range(6)]
        self.assertEqual(codes, [401] * 5 + [429])
        # another client behind the same proxy is not held off...
        other = Client(self.srv.port)
        other.get("/signin")
        r = other.post("/signin", {"name": "proxied", "password": PASSWORD},
                       headers={"X-Forwarded-For": "127.0.1.1, 127.0.3.3"})
        self.assertEqual(r.status, 303)
        # ...and the proxy's X-Forwarded-Proto https makes the cookie __Host- and Secure
        s = Client(self.srv.port)
        r = s.get("/signin", headers={"X-Forwarded-Proto": "https"})
        anon = [v for v in r.headers_named("Set-Cookie") if v.startswith("__Host-peel_anon=")]
        self.assertTrue(anon, r.headers_named("Set-Cookie"))
        self.assertIn("; Secure", anon[0])
        self.assertIn("Path=/", anon[0])
        self.assertNotIn("Domain", anon[0])

    def test_untrusted_peer_cannot_claim_https(self):
        c = Client(self.srv.port, source="127.0.0.6")
        r = c.get("/signin", headers={"X-Forwarded-Proto": "https"})
        for v in r.headers_named("Set-Cookie"):
            self.assertFalse(v.startswith("__Host-"), v)
            self.assertNotIn("Secure", v)


class SecureCookies(WebCase):
    server_args = ("--secure-cookies",)

    def test_session_cookie_is_host_prefixed_and_secure(self):
        c = Client(self.srv.port)
        c.get("/signin")
        self.assertIn("__Host-peel_anon", c.cookies)
        r = c.post("/signin", {"name": "staff1", "password": PASSWORD})
        self.assertEqual(r.status, 303)
        cookie = [v for v in r.headers_named("Set-Cookie")
                  if v.startswith("__Host-peel_session=")][0]
        for part in ("Secure", "HttpOnly", "SameSite=Strict", "Path=/"):
            self.assertIn(part, cookie)
        self.assertNotIn("Domain", cookie)
        self.assertIn("Signed in as staff1", c.get("/").text)
        # the bare name is not read over HTTPS
        bare = Client(self.srv.port)
        bare.cookies["peel_session"] = c.cookies["__Host-peel_session"]
        self.assertNotIn("Signed in as", bare.get("/").text)


def totp(secret_b32, at, step=30, digits=6):
    """RFC 6238 with HMAC-SHA-1, written from the RFC, not from peel."""
    import hmac
    import struct
    key = base64.b32decode(secret_b32 + "=" * (-len(secret_b32) % 8))
    mac = hmac.new(key, struct.pack(">Q", int(at) // step), "sha1").digest()
    off = mac[-1] & 0x0F
    return "%0*d" % (digits, (struct.unpack(">I", mac[off:off + 4])[0] & 0x7FFFFFFF) % 10 ** digits)


class SecondFactor(WebCase):
    # PEEL_NOW in peelweb.Server's environment: the server's "now".
    NOW = 1696856400  # 2023-10-09T13:00:00Z

    def test_rfc6238_reference_in_python(self):
        key = base64.b32encode(b"12345678901234567890").decode()
        self.assertEqual(totp(key, 59, digits=8), "94287082")
        self.assertEqual(totp(key, 1234567890, digits=8), "89005924")

    def test_enrolled_admin_signs_in_with_password_then_code(self):
        self.srv.peel("user", "add", "admin2", "--role", "admin", stdin=PASSWORD + "\n")
        uri = self.srv.peel("user", "totp", "admin2").strip()
        self.assertRegex(uri, r"^otpauth://totp/peel:admin2\?secret=[A-Z2-7]{32}&issuer=peel&"
                              r"algorithm=SHA1&digits=6&period=30$")
        secret = re.search(r"secret=([A-Z2-7]+)", uri).group(1)
        # kept, never shown again: not in the account pages, nor in the audit
        admin = self.clients["admin"]
        self.assertNotIn(secret, admin.get("/admin/users/admin2").text)
        self.assertNotIn(secret, self.srv.peel("history", "user", "admin2", status=None))
        c = Client(self.srv.port)
        c.get("/signin")
        r = c.post("/signin", {"name": "admin2", "password": PASSWORD, "next": "/admin/users"})
        self.assertEqual(r.status, 200)
        self.assertIn("Enter your code", r.text)
        self.assertNotIn("peel_session", c.cookies)
        self.assertNotIn("Signed in as", c.get("/").text)
        # a wrong code, then a code two steps old, are refused
        wrong = "%06d" % ((int(totp(secret, self.NOW)) + 1) % 1000000)
        r = c.post("/signin/code", {"code": wrong})
        self.assertEqual(r.status, 401)
        self.assertEqual(c.post("/signin/code", {"code": totp(secret, self.NOW - 60)}).status,
                         401)
        # the code of now (or a step either side) signs in, and goes next
        r = c.post("/signin/code", {"code": totp(secret, self.NOW)})
        self.assertEqual(r.status, 303, r.text[:600])
        self.assertEqual(r.header("Location"), "/admin/users")
        self.assertIn("Signed in as admin2", c.get("/").text)
        self.assertNotIn("peel_pending", c.cookies)
        # the same code does not sign in again
        d = Client(self.srv.port)
        d.get("/signin")
        self.assertEqual(d.post("/signin", {"name": "admin2", "password": PASSWORD}).status, 200)
        self.assertEqual(d.post("/signin/code", {"code": totp(secret, self.NOW)}).status, 401)
        r = d.post("/signin/code", {"code": totp(secret, self.NOW + 30)})
        self.assertEqual(r.status, 303)

    def test_code_without_a_pending_sign_in(self):
        c = Client(self.srv.port)
        c.get("/signin")
        r = c.post("/signin/code", {"code": "123456"})
        self.assertEqual(r.status, 400)
        self.assertNotIn("Signed in as", c.get("/").text)

    def test_codes_are_throttled(self):
        self.srv.peel("user", "add", "admin3", "--role", "admin", stdin=PASSWORD + "\n")
        secret = re.search(r"secret=([A-Z2-7]+)", self.srv.peel("user", "totp", "admin3")).group(1)
        c = Client(self.srv.port, source="127.0.0.7")
        c.get("/signin")
        self.assertEqual(c.post("/signin", {"name": "admin3", "password": PASSWORD}).status, 200)
        good = totp(secret, self.NOW)
        bad = [("%06d" % i) for i in range(100000, 100010) if "%06d" % i != good]
        codes = [c.post("/signin/code", {"code": x}).status for x in bad[:7]]
        self.assertEqual(codes, [401] * 5 + [429] * 2)
        # even the right code waits
        self.assertEqual(c.post("/signin/code", {"code": good}).status, 429)


class AdminSecondFactor(WebCase):
    server_args = ("--admin-second-factor",)

    @classmethod
    def setUpClass(cls):
        # No signed-in clients: admin1 cannot sign in yet.
        cls.srv = Server(cls.server_args)
        cls.clients = {}

    def test_admin_without_a_second_factor_is_refused(self):
        c = Client(self.srv.port)
        c.get("/signin")
        r = c.post("/signin", {"name": "admin1", "password": PASSWORD})
        self.assertEqual(r.status, 403)
        self.assertIn("peel user totp", r.text)
        self.assertNotIn("peel_session", c.cookies)
        # other roles are not asked
        self.assertEqual(Client(self.srv.port).sign_in("staff1", PASSWORD).status, 303)
        # once enrolled, the admin signs in with the code
        secret = re.search(r"secret=([A-Z2-7]+)", self.srv.peel("user", "totp", "admin1")).group(1)
        c.get("/signin")
        self.assertEqual(c.post("/signin", {"name": "admin1", "password": PASSWORD}).status, 200)
        r = c.post("/signin/code", {"code": totp(secret, SecondFactor.NOW)})
        self.assertEqual(r.status, 303)


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

    def test_anonymous_id_must_be_one_peel_issued(self):
        # A visitor brought an anonymous cookie of someone else's choosing,
        # whose CSRF token that someone can work out: peel ignores it.
        chosen = "A" * 43
        mac = hashlib.blake2b(b"peel-csrf-v1", digest_size=24, key=chosen.encode()).digest()
        csrf = base64.urlsafe_b64encode(mac).rstrip(b"=").decode()
        c = Client(self.srv.port)
        c.cookies["peel_anon"] = chosen
        c.csrf = csrf
        r = c.post("/signin", {"name": "staff1", "password": PASSWORD})
        self.assertEqual(r.status, 403)
        # nor with a MAC made up for it
        c.cookies["peel_anon"] = chosen + "." + "B" * 22
        c.csrf = csrf
        self.assertEqual(c.post("/signin", {"name": "staff1", "password": PASSWORD}).status, 403)
        # the id peel issues works
        c.cookies.clear()
        r = c.get("/signin")
        self.assertRegex(c.cookies["peel_anon"], r"^[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{22}$")
        self.assertEqual(c.post("/signin", {"name": "staff1", "password": PASSWORD}).status, 303)

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
        con = connect(self.srv.db)
        con.execute("UPDATE web_session SET last_seen = last_seen - 7200")
        con.commit()
        con.close()
        r = c.post("/records/person", {"name": "After Expiry"})
        self.assertEqual(r.status, 403)
        self.assertIn("session has expired", r.text)
        self.assertNotIn("Signed in as", c.get("/").text)
        self.assertNotIn("After Expiry", self.srv.peel("list", "person", "--format", "csv"))


    def test_session_ends_twelve_hours_after_sign_in_however_active(self):
        # The server's clock is fixed (PEEL_NOW), so the session is aged in
        # the database, by its start only: it was seen just now.
        c = self.srv.client("staff")
        tok = c.cookies["peel_session"]
        h = hashlib.blake2b(tok.encode(), digest_size=32).digest()

        def age(seconds):
            con = connect(self.srv.db)
            n = con.execute("UPDATE web_session SET created_at = created_at - ? "
                            "WHERE token_hash = ?", (seconds, h)).rowcount
            con.commit()
            con.close()
            return n
        self.assertEqual(age(12 * 3600), 1)
        form = c.get("/records/person/new")  # 12 h: still good
        self.assertIn("Signed in as staff1", form.text)
        self.assertEqual(age(1), 1)  # 12 h and a second: ended
        r = c.post("/records/person", {"name": "After Twelve Hours"})
        self.assertEqual(r.status, 403)
        self.assertIn("session has expired", r.text)
        self.assertNotIn("Signed in as", c.get("/").text)
        self.assertEqual(age(0), 0)  # the session is gone from the database
        self.assertNotIn("After Twelve Hours", self.srv.peel("list", "person", "--format", "csv"))

    def test_code_step_waits_five_minutes_then_starts_again(self):
        self.srv.peel("user", "add", "admin5", "--role", "admin", stdin=PASSWORD + "\n")
        secret = re.search(r"secret=([A-Z2-7]+)", self.srv.peel("user", "totp", "admin5")).group(1)
        code = totp(secret, SecondFactor.NOW)
        c = Client(self.srv.port, source="127.0.0.45")

        def pending(seconds):
            h = hashlib.blake2b(c.cookies["peel_pending"].encode(), digest_size=32).digest()
            con = connect(self.srv.db)
            n = con.execute("UPDATE web_signin_pending SET created_at = created_at - ? "
                            "WHERE token_hash = ?", (seconds, h)).rowcount
            con.commit()
            con.close()
            return n
        c.get("/signin")
        self.assertEqual(c.post("/signin", {"name": "admin5", "password": PASSWORD}).status, 200)
        self.assertEqual(pending(5 * 60 + 1), 1)
        # past 5 minutes even the right code is refused: sign in again
        r = c.post("/signin/code", {"code": code})
        self.assertEqual(r.status, 400)
        self.assertIn("Your sign-in has expired", r.text)
        self.assertNotIn("peel_session", c.cookies)
        self.assertNotIn("peel_pending", c.cookies)
        self.assertNotIn("Signed in as", c.get("/").text)
        # at 5 minutes exactly the code still counts
        c.get("/signin")
        self.assertEqual(c.post("/signin", {"name": "admin5", "password": PASSWORD}).status, 200)
        self.assertEqual(pending(5 * 60), 1)
        r = c.post("/signin/code", {"code": code})
        self.assertEqual(r.status, 303, r.text[:600])
        self.assertIn("Signed in as admin5", c.get("/").text)


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

    def test_common_password_refused(self):
        out = self.srv.peel("user", "add", "common1", "--role", "staff", stdin="BasketBall\n",
                            status=2)
        self.assertEqual(out, "")
        c = self.srv.client("admin")
        c.get("/admin/users/panel1/password")
        r = c.post("/admin/users/panel1/password", {"password": "Strawberry",
                                                    "confirm": "Strawberry"})
        self.assertEqual(r.status, 422)
        self.assertIn("too common", r.text)

    def test_password_is_never_an_argument(self):
        self.srv.peel("user", "add", "x1", "--role", "staff", "--password", "abc", status=2)
        short = self.srv.peel("user", "add", "x2", "--role", "staff", stdin="short\n", status=2)
        self.assertEqual(short, "")


if __name__ == "__main__":
    main()
