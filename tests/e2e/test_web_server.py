"""The server itself: security headers on every response, static assets with
ETags, limits on headers and bodies, unknown routes and methods, the access
log, and a clean shutdown."""
import json
import re
import signal
import socket
import time

from peeltest import PG, connect
from peelweb import WebCase, main


def raw(port, data, read=65536):
    """Sends raw bytes; returns what comes back (the server may close early)."""
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    try:
        try:
            s.sendall(data)
        except (BrokenPipeError, ConnectionResetError):
            pass
        out = b""
        while True:
            try:
                chunk = s.recv(read)
            except (ConnectionResetError, socket.timeout):
                break
            if not chunk:
                break
            out += chunk
        return out
    finally:
        s.close()


class Server(WebCase):
    def test_security_headers_everywhere(self):
        pub = self.clients["public"]
        for path in ("/", "/signin", "/nope", "/api/v1/openapi.json", "/api/v1/nope",
                     "/records/person", "/static/peel.css"):
            r = pub.get(path)
            csp = r.header("Content-Security-Policy") or ""
            self.assertIn("default-src 'none'", csp, path)
            self.assertIn("script-src 'self'", csp, path)
            self.assertNotIn("unsafe-inline", csp, path)
            self.assertIn("frame-ancestors 'none'", csp, path)
            self.assertEqual(r.header("X-Content-Type-Options"), "nosniff", path)
            self.assertTrue(r.header("Referrer-Policy"), path)

    def test_no_inline_script_or_style(self):
        r = self.clients["staff"].get("/")
        self.assertNotRegex(r.text, r"<script>|<script [^>]*>[^<]|style=|onclick=|onload=")
        self.assertNotIn("&amp;amp;", self.clients["staff"].get("/records/person?_sort=name").text)

    def test_static_assets_have_etags_and_cache(self):
        pub = self.clients["public"]
        page = pub.get("/").text
        import re
        css = re.search(r'href="(/static/peel\.css\?v=[0-9a-f]+)"', page).group(1)
        r = pub.get(css)
        self.assertEqual(r.status, 200)
        self.assertIn("text/css", r.header("Content-Type"))
        self.assertIn("immutable", r.header("Cache-Control"))
        etag = r.header("ETag")
        self.assertTrue(etag.startswith('"'))
        r2 = pub.get("/static/peel.css", headers={"If-None-Match": etag})
        self.assertEqual(r2.status, 304)
        self.assertEqual(r2.body, b"")
        self.assertIn("max-age=3600", r2.header("Cache-Control"))
        self.assertEqual(pub.get("/static/nothing.css").status, 404)

    def test_unknown_route_and_method(self):
        pub = self.clients["public"]
        self.assertEqual(pub.get("/no/such/page").status, 404)
        r = pub.request("PUT", "/signin", body=b"x", headers={"Content-Type": "text/plain"})
        self.assertEqual(r.status, 405)
        self.assertIn("GET", r.header("Allow"))
        r = pub.request("DELETE", "/api/v1/person")
        self.assertEqual(r.status, 405)
        self.assertEqual(r.json()["error"]["code"], "method_not_allowed")

    def test_oversized_headers_refused(self):
        out = raw(self.srv.port, b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 200000 +
                  b"\r\n\r\n")
        self.assertRegex(out.split(b"\r\n", 1)[0], rb"HTTP/1\.1 4(13|31)")

    def test_oversized_body_refused_from_content_length(self):
        out = raw(self.srv.port, b"POST /api/v1/person HTTP/1.1\r\nHost: x\r\n"
                  b"Content-Type: application/json\r\nContent-Length: 50000000\r\n\r\n{")
        self.assertTrue(out.startswith(b"HTTP/1.1 413"), out[:200])
        self.assertIn(b'"too_large"', out)

    def test_oversized_chunked_body_refused(self):
        chunk = b"a" * 65536
        body = b"".join(b"%x\r\n" % len(chunk) + chunk + b"\r\n" for _ in range(20)) + b"0\r\n\r\n"
        out = raw(self.srv.port, b"POST /api/v1/person HTTP/1.1\r\nHost: x\r\n"
                  b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + body)
        self.assertTrue(out.startswith(b"HTTP/1.1 413"), out[:200])

    def test_malformed_request_line(self):
        out = raw(self.srv.port, b"GARBAGE\r\n\r\n")
        self.assertTrue(out == b"" or out.startswith(b"HTTP/1.1 400"), out[:100])
        # the server still answers afterwards
        self.assertEqual(self.clients["public"].get("/").status, 200)

    def test_navigation_marks_the_current_page(self):
        page = self.clients["staff"].get("/register/actions").text
        self.assertIn('<a href="/register/actions" aria-current="page">', page)
        self.assertNotIn("&quot;page&quot;", page)

    def test_access_log_has_path_status_user_but_no_query(self):
        self.clients["staff"].get("/records/person?name=SECRET-QUERY-TEXT")
        time.sleep(0.2)
        log = self.srv.log()
        self.assertRegex(log, r"GET /records/person 200 \d+ [\d.]+ms staff1")
        self.assertNotIn("SECRET-QUERY-TEXT", log)


class InternalFailure(WebCase):
    def test_a_failing_handler_answers_a_generic_500(self):
        # ASVS 16.5: peel has no fault-injection hook, so the failure is made
        # from outside: another process holds the database's write lock, and
        # the server's write gives up after its 15 s busy timeout.  The
        # answer says only that something went wrong; the detail (SQLite's
        # "database is locked") goes to the log.
        # On PostgreSQL the other process locks the table against writes,
        # and the server's write gives up after its lock timeout.
        staff = self.clients["staff"]
        staff.get("/records/person/new")
        api = self.api_client("staff")
        if PG:
            con = connect(self.srv.db)
            con.execute("LOCK TABLE person IN EXCLUSIVE MODE")
        else:
            con = connect(self.srv.db, timeout=0, isolation_level=None)
            con.execute("BEGIN IMMEDIATE")
        try:
            page = staff.post("/records/person", {"name": "Locked Out Page"})
            js = api.api("POST", "/api/v1/person", {"name": "Locked Out Api"})
        finally:
            con.rollback()
            con.close()
        self.assertEqual(page.status, 500, page.text[:600])
        self.assertEqual(js.status, 500, js.text[:600])
        self.assertEqual(js.json()["error"]["code"], "internal")
        self.assertIn("went wrong on our side", js.json()["error"]["message"])
        self.assertIn("went wrong on our side", page.text)
        for text in (page.text, js.text):
            # the page's random CSRF token could spell any word: not looked in
            text = re.sub(r'name="csrf" value="[^"]*"', "", text)
            for internal in ("locked", "sqlite", "SQL", "INSERT", "BEGIN", "peel.db", self.srv.dir,
                             ".c:", "errno"):
                self.assertNotIn(internal.lower(), text.lower(), internal)
        self.assertIn("lock timeout" if PG else "database is locked", self.srv.log())
        # nothing was changed, and the server goes on
        listed = self.srv.peel("list", "person", "--format", "csv")
        self.assertNotIn("Locked Out", listed)
        staff.get("/records/person/new")
        self.assertEqual(staff.post("/records/person", {"name": "After The Lock"}).status, 303)


class Shutdown(WebCase):
    def test_sigterm_finishes_and_exits_cleanly(self):
        self.assertEqual(self.clients["public"].get("/").status, 200)
        rc = self.srv.stop()
        self.assertEqual(rc, 0, self.srv.log()[-3000:])
        self.assertIn("finishing requests in flight", self.srv.log())


class InFlight(WebCase):
    def test_request_in_flight_is_finished_after_sigterm(self):
        """A request whose body is still arriving when SIGTERM comes is
        answered in full and its record saved; new connections are refused;
        then the server exits cleanly."""
        body = json.dumps({"name": "In-flight Person", "role": "Analyst"}).encode()
        head = (b"POST /api/v1/person HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                b"Authorization: Bearer " + self.srv.tokens["staff"].encode() + b"\r\n"
                b"Content-Type: application/json\r\n"
                b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n")
        s = socket.create_connection(("127.0.0.1", self.srv.port), timeout=30)
        try:
            s.sendall(head + body[:10])
            time.sleep(0.3)  # the server has the headers and part of the body
            self.srv.proc.send_signal(signal.SIGTERM)
            deadline = time.time() + 10
            while "finishing requests in flight" not in self.srv.log():
                self.assertLess(time.time(), deadline, "no shutdown message")
                time.sleep(0.05)
            with self.assertRaises(OSError):  # no longer listening
                socket.create_connection(("127.0.0.1", self.srv.port), timeout=2).close()
            s.sendall(body[10:])
            out = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                out += chunk
        finally:
            s.close()
        self.assertTrue(out.startswith(b"HTTP/1.1 201"), out[:200])
        self.assertIn(b"In-flight Person", out)
        self.assertEqual(self.srv.proc.wait(timeout=30), 0, self.srv.log()[-3000:])
        listed = self.srv.peel("list", "person", "--format", "csv")
        self.assertIn("In-flight Person", listed)


if __name__ == "__main__":
    main()
