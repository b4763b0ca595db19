"""Helpers for the web tests: start the real `peel serve` on a free loopback
port (port 0: the server prints the one it got), talk HTTP to it with the
standard library only, sign in, follow CSRF tokens, and make records of any
declared type from the OpenAPI document (so the tests need no code per type)."""
import http.client
import json
import os
import re
import signal
import subprocess
import tempfile
import unittest

from peeltest import drop_database, new_database

PEEL = os.environ.get("PEEL_BIN", "peel")
PASSWORD = "correct horse battery staple"
ROLES = ("admin", "staff", "panel")


class Serving:
    """`peel serve` on an existing database (a file or a postgresql:// URL)
    on a free loopback port, its log in folder/NAME.log: the one way every
    web test starts and stops a server."""

    def __init__(self, db, env, folder, name="server", extra_args=()):
        self.log_path = os.path.join(folder, name + ".log")
        self._log = open(self.log_path, "w")
        self.proc = subprocess.Popen(
            [PEEL, "--db", db, "serve", "--listen", "127.0.0.1:0", "--threads", "2",
             *extra_args],
            stdout=subprocess.PIPE, stderr=self._log, text=True, env=env, cwd=folder)
        line = self.proc.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not m:
            self.stop()
            raise RuntimeError("peel serve did not start: " + line + self.log())
        self.port = int(m.group(1))

    def log(self):
        if not self._log.closed:
            self._log.flush()
        with open(self.log_path) as f:
            return f.read()

    def stop(self):
        """SIGTERM; returns the exit status (ASan reports leaks as failure)."""
        if self._log.closed:
            return self.proc.returncode
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                rc = self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                rc = self.proc.wait()
        else:
            rc = self.proc.returncode
        self.proc.stdout.close()
        self._log.close()
        return rc


class Server:
    """A database with one account and one API token per role (none when
    accounts is false), and the server running on it."""

    def __init__(self, extra_args=(), accounts=True):
        self._tmp = tempfile.TemporaryDirectory(prefix="peel-web-")
        self.dir = self._tmp.name
        self.db = new_database(self.dir)
        self.env = dict(os.environ, PEEL_USER="tester", PEEL_NOW="2023-10-09T13:00:00Z")
        self.peel("init")
        self.tokens = {}
        for role in ROLES if accounts else ():
            self.peel("user", "add", role + "1", "--role", role, stdin=PASSWORD + "\n")
            self.tokens[role] = self.peel("token", "add", role + "1").strip()
        self.serving = Serving(self.db, self.env, self.dir, "server", extra_args)
        self.proc, self.port, self.log_path = self.serving.proc, self.serving.port, self.serving.log_path

    def peel(self, *args, stdin=None, status=0):
        p = subprocess.run([PEEL, "--db", self.db, *args], input=stdin, capture_output=True,
                           text=True, env=self.env, cwd=self.dir, timeout=120)
        if status is not None and p.returncode != status:
            raise AssertionError(f"peel {' '.join(args)} exited {p.returncode}: {p.stderr}")
        return p.stdout

    def log(self):
        return self.serving.log()

    def stop(self):
        """SIGTERM; returns the exit status (ASan reports leaks as failure)."""
        return self.serving.stop()

    def cleanup(self):
        drop_database(self.db)
        self._tmp.cleanup()

    def client(self, role=None):
        c = Client(self.port)
        if role:
            c.sign_in(role + "1", PASSWORD)
        return c


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body)

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def headers_named(self, name):
        return [v for k, v in self.headers if k.lower() == name.lower()]


class Client:
    """A browser-like client: keeps cookies, knows the last CSRF token."""

    def __init__(self, port, token=None, source=None):
        self.port = port
        self.source = source  # a loopback address to connect from (127.0.0.2...)
        self.cookies = {}
        self.csrf = None
        self.token = token

    def request(self, method, path, body=None, headers=None):
        h = dict(headers or {})
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.token:
            h["Authorization"] = "Bearer " + self.token
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60,
                                          source_address=(self.source, 0) if self.source
                                          else None)
        try:
            conn.request(method, path, body=body, headers=h)
            r = conn.getresponse()
            resp = Response(r.status, r.getheaders(), r.read())
        finally:
            conn.close()
        for v in resp.headers_named("Set-Cookie"):
            name, _, rest = v.partition("=")
            value = rest.split(";", 1)[0]
            if "Max-Age=0" in v:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        m = re.search(rb'name="csrf" value="([^"]+)"', resp.body)
        if m:
            self.csrf = m.group(1).decode()
        return resp

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, fields, csrf=True, headers=None):
        from urllib.parse import urlencode
        data = list(fields.items()) if isinstance(fields, dict) else list(fields)
        if csrf:
            data.append(("csrf", self.csrf or ""))
        h = {"Content-Type": "application/x-www-form-urlencoded"}
        h.update(headers or {})
        return self.request("POST", path, body=urlencode(data).encode(), headers=h)

    def api(self, method, path, obj=None, raw=None, ctype="application/json"):
        body = raw if raw is not None else (json.dumps(obj).encode() if obj is not None else None)
        h = {"Content-Type": ctype} if body is not None else {}
        return self.request(method, path, body=body, headers=h)

    def sign_in(self, name, password):
        self.get("/signin")
        r = self.post("/signin", {"name": name, "password": password})
        if r.status != 303:
            raise AssertionError(f"sign-in as {name} failed: {r.status} {r.text[:500]}")
        return r


class Maker:
    """Makes records of any declared type through the API, from the OpenAPI
    schema: required fields get plausible values, text fields carry `text`."""

    def __init__(self, client, openapi, text="x", sensitive=False):
        self.c = client
        self.schemas = openapi["components"]["schemas"]
        self.text = text
        self.sensitive = sensitive
        self.n = 0
        self.made = {}

    def value(self, name, s, required):
        kind = s.get("x-peel-type")
        self.n += 1
        if s.get("x-peel-classifies"):
            return "OFFICIAL-SENSITIVE" if self.sensitive else "OFFICIAL"
        if s.get("x-peel-publishes"):
            return True
        if kind == "reference":
            if not required:
                return None
            return self.make(s["x-peel-references"])
        if "enum" in s:
            return s["enum"][0]
        if kind == "date":
            return "2023-10-02"
        if kind == "month":
            return "2023-10"
        if kind == "financial year":
            return "2023-24"
        if kind == "date and time":
            return "2023-10-02T10:00"
        if kind == "yes/no":
            return True
        if kind == "money":
            return 12345
        if kind == "integer":
            lo = s.get("minimum", 1)
            return lo
        if kind == "point":
            return {"lat": 52.63, "lon": -1.13}
        if kind == "text":
            limit = s.get("maxLength", 4000)
            if name in ("time",):
                return "10:00"
            return f"{self.text} {self.n}"[:limit]
        return None

    def make(self, tname, **fields):
        """Creates a record; returns its id (None when the type refuses)."""
        s = self.schemas[tname]
        body = {}
        for name, fs in s["properties"].items():
            if fs.get("readOnly"):
                continue
            req = name in s.get("required", [])
            if fs.get("x-peel-type") in ("text", "reference") or req or fs.get(
                    "x-peel-classifies") or fs.get("x-peel-publishes"):
                v = self.value(name, fs, req)
                if v is not None:
                    body[name] = v
        body.update(fields)
        r = self.c.api("POST", f"/api/v1/{tname}", body)
        for _ in range(3):
            # A cross-field rule may want an optional reference: give it one.
            if r.status != 422:
                break
            f = r.json()["error"].get("field")
            fs = s["properties"].get(f or "", {})
            if fs.get("x-peel-type") != "reference" or f in body:
                break
            body[f] = self.make(fs["x-peel-references"])
            r = self.c.api("POST", f"/api/v1/{tname}", body)
        if r.status != 201:
            self.made.setdefault("_failed", []).append((tname, r.status, r.text[:300]))
            return None
        rid = r.json()["id"]
        self.made.setdefault(tname, []).append(rid)
        return rid


class WebCase(unittest.TestCase):
    """One server for the whole class (signing in is deliberately slow)."""
    server_args = ()

    @classmethod
    def setUpClass(cls):
        cls.srv = Server(cls.server_args)
        cls.clients = {"public": Client(cls.srv.port)}
        for role in ROLES:
            cls.clients[role] = cls.srv.client(role)

    @classmethod
    def tearDownClass(cls):
        rc = cls.srv.stop()
        log = cls.srv.log()
        cls.srv.cleanup()
        if rc != 0:
            raise AssertionError(f"peel serve exited {rc} on SIGTERM:\n{log[-4000:]}")

    def api_client(self, role):
        if role == "public":
            return Client(self.srv.port)
        return Client(self.srv.port, token=self.srv.tokens[role])

    def openapi(self):
        return self.api_client("admin").get("/api/v1/openapi.json").json()


def main():
    unittest.main(verbosity=2)
