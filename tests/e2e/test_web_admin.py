"""The account pages (/admin/users): the list, setting a password, API tokens
made and revoked; admin only, CSRF on every form, and no password or token
ever in the server's log."""
import re

from peeltest import connect
from peelweb import PASSWORD, Client, WebCase, main

NEW_PASSWORD = "a much newer passphrase 7"
TOKEN_RE = re.compile(r"peel_[A-Za-z0-9_-]{43}")

# Every account route, with a form that would be accepted from an admin.
ROUTES = (
    ("GET", "/admin/users", None),
    ("GET", "/admin/users/staff1", None),
    ("GET", "/admin/users/staff1/password", None),
    ("POST", "/admin/users/staff1/password", {"password": NEW_PASSWORD,
                                              "confirm": NEW_PASSWORD}),
    ("POST", "/admin/users/staff1/tokens", {"label": "sneaky"}),
    ("GET", "/admin/users/staff1/tokens/1/revoke", None),
    ("POST", "/admin/users/staff1/tokens/1/revoke", {}),
)


def db_rows(srv, sql, *args):
    con = connect(srv.db)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def password_hash(srv, name):
    return db_rows(srv, 'SELECT password_hash FROM "user" WHERE name = ?', name)[0][0]


class Access(WebCase):
    def test_only_admin_opens_any_account_route(self):
        before = (password_hash(self.srv, "staff1"),
                  db_rows(self.srv, "SELECT id, token_hash FROM web_token ORDER BY id"))
        for role in ("staff", "panel", "public"):
            c = self.clients[role] if role != "public" else Client(self.srv.port)
            c.get("/signin")  # a CSRF token of its own, so only the role is refused
            self.assertTrue(c.csrf)
            for method, path, form in ROUTES:
                with self.subTest(role=role, method=method, path=path):
                    r = c.get(path) if method == "GET" else c.post(path, form)
                    self.assertEqual(r.status, 403)
                    if role == "public":
                        self.assertIn("Sign in to see this page.", r.text)
                        self.assertIn('href="/signin?next=', r.text)
                    else:
                        self.assertIn("Your account cannot see this page.", r.text)
        after = (password_hash(self.srv, "staff1"),
                 db_rows(self.srv, "SELECT id, token_hash FROM web_token ORDER BY id"))
        self.assertEqual(before, after)
        self.assertEqual(self.api_client("staff").get("/api/v1").status, 200)

    def test_navigation_link_for_admins_only(self):
        link = '<a href="/admin/users"'
        self.assertIn(link, self.clients["admin"].get("/").text)
        self.assertIn('<a href="/admin/users" aria-current="page">Accounts</a>',
                      self.clients["admin"].get("/admin/users").text)
        for role in ("staff", "panel", "public"):
            self.assertNotIn(link, self.clients[role].get("/").text, role)

    def test_list_of_accounts(self):
        self.srv.peel("user", "add", "nopass", "--role", "panel", stdin=PASSWORD + "\n")
        r = self.clients["admin"].get("/admin/users")
        self.assertEqual(r.status, 200)
        self.assertIn("<h1 class=\"heading-l\">Accounts</h1>", r.text)
        self.assertIn('<th scope="col">Last sign-in</th>', r.text)
        rows = {m.group(1): m.group(0) for m in
                re.finditer(r'<tr><th scope="row"><a href="/admin/users/([^"]+)">.*?</tr>',
                            r.text)}
        for name, role in (("admin1", "Administrator"), ("staff1", "OPCC staff"),
                           ("panel1", "Police and Crime Panel member")):
            self.assertIn(name, rows)
            self.assertIn(f"<td>{role}</td><td>Active</td><td>Set</td><td>1</td>", rows[name])
            # signed in by the test class: a sign-in is recorded
            self.assertIn('<time datetime="2023-10-09T13:00:00Z">2023-10-09 13:00 UTC</time>',
                          rows[name])
        self.assertIn("<td>0</td><td>Not recorded</td>", rows["nopass"])
        self.assertNotIn("$argon2", r.text)

    def test_names_are_escaped_and_awkward_ones_linked_by_id(self):
        self.srv.peel("user", "add", "<i>odd/name</i>", "--role", "panel",
                      stdin=PASSWORD + "\n")
        uid = db_rows(self.srv, 'SELECT id FROM "user" WHERE name = ?', "<i>odd/name</i>")[0][0]
        admin = self.clients["admin"]
        r = admin.get("/admin/users")
        self.assertIn(f'<a href="/admin/users/{uid}">&lt;i&gt;odd/name&lt;/i&gt;</a>', r.text)
        self.assertNotIn("<i>odd", r.text)
        r = admin.get(f"/admin/users/{uid}")
        self.assertEqual(r.status, 200)
        self.assertIn("&lt;i&gt;odd/name&lt;/i&gt;</h1>", r.text)
        self.assertIn(f'action="/admin/users/{uid}/tokens"', r.text)
        self.assertEqual(admin.get("/admin/users/nobody-at-all").status, 404)
        self.assertEqual(admin.get("/admin/users/999999").status, 404)

    def test_wrong_methods(self):
        admin = self.clients["admin"]
        r = admin.get("/admin/users/staff1/tokens")
        self.assertEqual(r.status, 405)
        self.assertEqual(r.header("Allow"), "POST")


class Passwords(WebCase):
    def form(self, c, name):
        r = c.get(f"/admin/users/{name}/password")
        self.assertEqual(r.status, 200)
        return r

    def test_the_form_is_labelled_and_posts_with_csrf(self):
        r = self.form(self.clients["admin"], "panel1")
        self.assertIn('<form method="post" action="/admin/users/panel1/password" novalidate>',
                      r.text)
        self.assertRegex(r.text, r'<input type="hidden" name="csrf" value="[^"]+">')
        self.assertIn('<label for="password">New password</label>', r.text)
        self.assertIn('<label for="confirm">New password again</label>', r.text)
        self.assertIn('type="password" autocomplete="new-password"', r.text)

    def test_refused_forms_name_the_field_and_change_nothing(self):
        admin = self.clients["admin"]
        before = password_hash(self.srv, "panel1")
        audit = db_rows(self.srv, "SELECT count(*) FROM peel_audit")
        self.form(admin, "panel1")
        cases = (
            ({"password": NEW_PASSWORD, "confirm": NEW_PASSWORD + "!"},
             [("confirm", "the passwords do not match")]),
            ({"password": "short1", "confirm": "short1"},
             [("password", "the password must be at least 10 characters")]),
            ({"password": "", "confirm": ""},
             [("password", "enter the new password"),
              ("confirm", "enter the new password again")]),
            ({"password": "x" * 1025, "confirm": "x" * 1025},
             [("password", "the password must be at most 1024 characters")]),
        )
        for form, errors in cases:
            with self.subTest(errors=errors):
                r = admin.post("/admin/users/panel1/password", form)
                self.assertEqual(r.status, 422)
                self.assertIn("<title>Error: Set a new password for panel1 - peel</title>",
                              r.text)
                self.assertIn('class="error-summary" role="alert"', r.text)
                for field, msg in errors:
                    label = "New password" if field == "password" else "New password again"
                    self.assertIn(f'<li><a href="#{field}">{label}: {msg}</a></li>', r.text)
                    self.assertIn(f'id="{field}-error"><span class="visually-hidden">Error:'
                                  f'</span> {msg}</p>', r.text)
                    self.assertRegex(r.text, rf'id="{field}" name="{field}" aria-describedby='
                                             rf'"[^"]*{field}-error" aria-invalid="true"')
                if form["password"]:
                    self.assertNotIn(form["password"], r.text)
                self.assertNotIn("value=\"" + NEW_PASSWORD, r.text)
        self.assertEqual(before, password_hash(self.srv, "panel1"))
        self.assertEqual(audit, db_rows(self.srv, "SELECT count(*) FROM peel_audit"))
        self.assertIn("Signed in as panel1", self.clients["panel"].get("/").text)

    def test_missing_or_forged_csrf_is_refused(self):
        admin = self.clients["admin"]
        before = password_hash(self.srv, "panel1")
        self.form(admin, "panel1")
        good = admin.csrf
        form = {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}
        r = admin.post("/admin/users/panel1/password", form, csrf=False)
        self.assertEqual(r.status, 403)
        self.assertIn("did not come from peel", r.text)
        admin.csrf = "A" * len(good)
        self.assertEqual(admin.post("/admin/users/panel1/password", form).status, 403)
        other = self.clients["staff"]
        other.get("/")
        admin.csrf = other.csrf  # a real token, but another session's
        self.assertEqual(admin.post("/admin/users/panel1/password", form).status, 403)
        admin.csrf = good
        self.assertEqual(before, password_hash(self.srv, "panel1"))
        self.assertIn("Signed in as panel1", self.clients["panel"].get("/").text)

    def test_admin_sets_staff1_password(self):
        admin = self.clients["admin"]
        staff = self.srv.client("staff")  # a session of its own
        self.assertIn("Signed in as staff1", staff.get("/").text)
        self.form(admin, "staff1")
        r = admin.post("/admin/users/staff1/password",
                       {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
        self.assertEqual(r.status, 200)
        self.assertIn("The password for staff1 was changed.", r.text)
        self.assertIn("Every session of staff1 has ended", r.text)
        self.assertNotIn(NEW_PASSWORD, r.text)
        # staff1's sessions ended: the old cookie no longer signs anyone in
        self.assertNotIn("Signed in as", staff.get("/").text)
        self.assertEqual(staff.get("/records/person/new").status, 403)
        self.assertEqual(db_rows(self.srv, "SELECT count(*) FROM web_session s JOIN \"user\" u"
                                           " ON u.id = s.user_id WHERE u.name = 'staff1'"),
                         [(0,)])
        # the old password is refused, the new one works
        c = Client(self.srv.port)
        c.get("/signin")
        self.assertEqual(c.post("/signin", {"name": "staff1", "password": PASSWORD}).status, 401)
        self.assertEqual(Client(self.srv.port).sign_in("staff1", NEW_PASSWORD).status, 303)
        # the admin is still signed in; the change is audited, as "(changed)" only
        self.assertIn("Signed in as admin1", admin.get("/").text)
        rows = db_rows(self.srv, "SELECT a.user, a.field, a.old_value, a.new_value"
                                 " FROM peel_audit a JOIN \"user\" u ON u.id = a.record_id"
                                 " WHERE a.type = 'user' AND u.name = 'staff1'"
                                 " AND a.field = 'password_hash'")
        self.assertEqual(rows[-1][0:2], ("admin1", "password_hash"))
        self.assertEqual(rows[-1][3], "(changed)")
        self.assertNotIn("$argon2", rows[-1][2] or "")
        log = self.srv.log()
        self.assertIn("POST /admin/users/staff1/password 200", log)
        self.assertNotIn(NEW_PASSWORD, log)
        self.assertNotIn(PASSWORD, log)

    def test_own_password_signs_the_admin_out(self):
        self.srv.peel("user", "add", "admin2", "--role", "admin", stdin=PASSWORD + "\n")
        me = Client(self.srv.port)
        me.sign_in("admin2", PASSWORD)
        r = self.form(me, "admin2")
        self.assertIn("This is your own account: you will be signed out.", r.text)
        r = me.post("/admin/users/admin2/password",
                    {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
        self.assertEqual(r.status, 200)
        self.assertIn("You have been signed out.", r.text)
        self.assertNotIn("peel_session", me.cookies)
        self.assertNotIn("Signed in as", r.text)
        self.assertEqual(me.get("/admin/users").status, 403)
        self.assertEqual(Client(self.srv.port).sign_in("admin2", NEW_PASSWORD).status, 303)


class Tokens(WebCase):
    def account(self, name):
        r = self.clients["admin"].get(f"/admin/users/{name}")
        self.assertEqual(r.status, 200)
        return r

    def create(self, name, label):
        self.account(name)
        return self.clients["admin"].post(f"/admin/users/{name}/tokens", {"label": label})

    def test_create_show_once_use_and_revoke(self):
        admin = self.clients["admin"]
        r = self.create("panel1", "nightly <export>")
        self.assertEqual(r.status, 200)
        self.assertIn("no-store", r.header("Cache-Control"))
        tokens = TOKEN_RE.findall(r.text)
        self.assertEqual(len(tokens), 1, r.text)
        tok = tokens[0]
        self.assertIn("This token will not be shown again.", r.text)
        self.assertIn('<label for="token">API token for panel1 (nightly &lt;export&gt;)</label>',
                      r.text)
        # it works as a bearer token, as panel1
        api = Client(self.srv.port, token=tok)
        got = api.get("/api/v1")
        self.assertEqual(got.status, 200)
        self.assertEqual(got.json()["user"], "panel1")
        # never shown again; listed by number and label
        page = self.account("panel1").text
        self.assertNotIn(tok, page)
        self.assertEqual(TOKEN_RE.findall(page), [])
        self.assertIn("<td>nightly &lt;export&gt;</td>", page)
        num = db_rows(self.srv, "SELECT t.id FROM web_token t JOIN \"user\" u"
                                " ON u.id = t.user_id WHERE u.name = 'panel1'"
                                " AND t.label = 'nightly <export>'")[0][0]
        self.assertIn(f'<a href="/admin/users/panel1/tokens/{num}/revoke">', page)
        # stored hashed only
        self.assertFalse(db_rows(self.srv, "SELECT 1 FROM web_token WHERE token_hash = ?"
                                           " OR label LIKE ?", tok.encode(), "%" + tok + "%"))
        # the revoke confirmation, then the revocation (with its CSRF token)
        r = admin.get(f"/admin/users/panel1/tokens/{num}/revoke")
        self.assertEqual(r.status, 200)
        self.assertIn(f'action="/admin/users/panel1/tokens/{num}/revoke"', r.text)
        self.assertIn("Revoke token</button>", r.text)
        self.assertEqual(admin.post(f"/admin/users/panel1/tokens/{num}/revoke", {},
                                    csrf=False).status, 403)
        self.assertEqual(api.get("/api/v1").status, 200)
        r = admin.post(f"/admin/users/panel1/tokens/{num}/revoke", {})
        self.assertEqual(r.status, 303)
        self.assertEqual(r.header("Location"), "/admin/users/panel1?revoked=1")
        self.assertIn("The API token was revoked", admin.get(r.header("Location")).text)
        got = api.get("/api/v1/person")
        self.assertEqual(got.status, 401)
        self.assertEqual(got.json()["error"]["code"], "unauthorized")
        self.assertEqual(admin.post(f"/admin/users/panel1/tokens/{num}/revoke", {}).status, 404)
        # panel1's other token (from the test set-up) still works
        self.assertEqual(self.api_client("panel").get("/api/v1").status, 200)
        # both changes audited on the account, by number and label, never the token
        rows = db_rows(self.srv, "SELECT a.user, a.action, a.old_value, a.new_value"
                                 " FROM peel_audit a JOIN \"user\" u ON u.id = a.record_id"
                                 " WHERE a.type = 'user' AND u.name = 'panel1'"
                                 " AND a.field = 'api_token' AND a.user = 'admin1'"
                                 " ORDER BY a.id")
        what = f"token {num}: nightly <export>"
        # (the setup's `peel token add` is audited too, under the command's user)
        self.assertEqual(rows, [("admin1", "update", None, what),
                                ("admin1", "update", what, None)])
        by_command = db_rows(self.srv, "SELECT a.new_value FROM peel_audit a JOIN \"user\" u"
                                       " ON u.id = a.record_id WHERE a.type = 'user'"
                                       " AND u.name = 'panel1' AND a.field = 'api_token'"
                                       " AND a.user = 'tester'")
        self.assertTrue(by_command and by_command[0][0].startswith("token "), by_command)
        log = self.srv.log()
        self.assertIn("POST /admin/users/panel1/tokens 200", log)
        self.assertNotIn(tok, log)
        self.assertNotIn(tok[5:15], log)

    def test_a_token_is_revoked_only_through_its_own_account(self):
        admin = self.clients["admin"]
        staff_tok = db_rows(self.srv, "SELECT t.id FROM web_token t JOIN \"user\" u"
                                      " ON u.id = t.user_id WHERE u.name = 'staff1'")[0][0]
        self.account("panel1")
        self.assertEqual(admin.get(f"/admin/users/panel1/tokens/{staff_tok}/revoke").status, 404)
        self.assertEqual(admin.post(f"/admin/users/panel1/tokens/{staff_tok}/revoke",
                                    {}).status, 404)
        self.assertEqual(admin.get("/admin/users/panel1/tokens/nope/revoke").status, 404)
        self.assertEqual(self.api_client("staff").get("/api/v1").status, 200)

    def test_token_without_label_and_refused_labels(self):
        r = self.create("staff1", "")
        self.assertEqual(r.status, 200)
        self.assertEqual(len(TOKEN_RE.findall(r.text)), 1)
        self.assertIn("(no label)", self.account("staff1").text)
        count = db_rows(self.srv, "SELECT count(*) FROM web_token")
        for label, msg in (("x" * 101, "the label must be at most 100 characters"),
                           ("two\nlines", "the label must be one line of text")):
            with self.subTest(msg=msg):
                r = self.create("staff1", label)
                self.assertEqual(r.status, 422)
                self.assertIn(f'<li><a href="#label">Label: {msg}</a></li>', r.text)
                self.assertIn('id="label-error"', r.text)
                self.assertEqual(TOKEN_RE.findall(r.text), [])
        self.assertEqual(count, db_rows(self.srv, "SELECT count(*) FROM web_token"))

    def test_an_inactive_account_gets_no_token(self):
        self.srv.peel("user", "add", "gone", "--role", "staff", stdin=PASSWORD + "\n")
        self.srv.peel("set", "user", "gone", "active=no")
        r = self.create("gone", "after leaving")
        self.assertEqual(r.status, 422)
        self.assertIn("No token was created: user &#39;gone&#39; is not active", r.text)
        self.assertEqual(TOKEN_RE.findall(r.text), [])


if __name__ == "__main__":
    main()
