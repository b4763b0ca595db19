"""`peel serve` on a read-only standby (docs/DEPLOY.md, "Backups and a
replica"): a streaming replica of the test's PostgreSQL server, made with
pg_basebackup and started as a hot standby by tests/support/pg-server.  The
standby serves the public's pages and a signed-in reader's, follows what is
saved on the primary (its page cache keyed by the replicated change counts),
and refuses every write -- sign-ins included -- with a 503 that says where
to go, before any body is read.  Skipped (exit 77) where PostgreSQL is not
installed."""
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import unittest

import pgserver
from peeltest import PEEL
from peelweb import PASSWORD, Client, Serving

SERVER = pgserver.SERVER


class Standby(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory(prefix="peel-standby-")
        cls.env = dict(os.environ, PEEL_USER="tester", PEEL_NOW="2023-10-09T13:00:00Z")
        cls.db = pgserver.database("standby")
        cls.peel("init")
        cls.peel("demo")
        cls.peel("user", "add", "staff1", "--role", "staff", stdin=PASSWORD + "\n")
        cls.token = cls.peel("token", "add", "staff1").strip()
        # The primary's server makes the web's secrets, as it would in service.
        cls.primary = Serving(cls.db, cls.env, cls.tmp.name, "primary")
        cls.pport = cls.primary.port
        # The standby: its own folder, which the server's user must reach.
        cls.sbdir = tempfile.mkdtemp(prefix="peel-pg-standby-")
        name = re.match(r"postgresql:///([a-z0-9_]+)\?", cls.db).group(1)
        p = subprocess.run([SERVER, "standby", pgserver._dir, cls.sbdir, name],
                           capture_output=True, text=True, timeout=300)
        if p.returncode != 0:
            raise AssertionError("pg-server standby failed: " + p.stderr)
        cls.sbdb = p.stdout.strip()
        cls.standby = Serving(cls.sbdb, cls.env, cls.tmp.name, "standby")
        cls.sport = cls.standby.port

    @classmethod
    def tearDownClass(cls):
        rcs = (cls.standby.stop(), cls.primary.stop())
        subprocess.run([SERVER, "stop", cls.sbdir], capture_output=True, timeout=120)
        subprocess.run(["rm", "-rf", cls.sbdir])
        with open(os.path.join(cls.tmp.name, "standby.log")) as f:
            log = f.read()
        cls.tmp.cleanup()
        if rcs != (0, 0):
            raise AssertionError("peel serve exited %r:\n%s" % (rcs, log[-3000:]))
        for bad in ("read-only transaction", "went wrong", "cannot execute"):
            if bad in log:
                raise AssertionError("the standby's log says %r:\n%s" % (bad, log[-3000:]))

    @classmethod
    def peel(cls, *args, stdin=None, db=None):
        p = subprocess.run([PEEL, "--db", db or cls.db, *args], input=stdin, capture_output=True,
                           text=True, env=cls.env, cwd=cls.tmp.name, timeout=120)
        if p.returncode != 0:
            raise AssertionError("peel %s: %s" % (" ".join(args), p.stderr))
        return p.stdout

    def test_says_it_serves_reads_only(self):
        with open(os.path.join(self.tmp.name, "standby.log")) as f:
            log = f.read()
        self.assertIn("read-only (a standby): serving reads only", log)

    def test_public_pages_are_the_primarys(self):
        for path in ("/", "/records/person", "/crime", "/figures", "/papers"):
            a = Client(self.pport).get(path)
            b = Client(self.sport).get(path)
            self.assertEqual(b.status, a.status, path)
            self.assertEqual(b.status, 200, path)
        self.assertIn("Rupert Matthews", Client(self.sport).get("/records/person").text)

    def test_a_save_on_the_primary_shows_on_the_standby(self):
        public = Client(self.sport)
        self.assertNotIn("Replicated Person", public.get("/records/person").text)
        api = Client(self.pport, token=self.token)
        made = api.api("POST", "/api/v1/person",
                       {"name": "Replicated Person", "role": "Tester", "publish": True})
        self.assertEqual(made.status, 201, made.text)
        for _ in range(100):
            if "Replicated Person" in public.get("/records/person").text:
                break
            time.sleep(0.1)
        else:
            self.fail("the standby's page did not follow the primary in 10 s")

    def test_a_reader_signed_in_on_the_primary_reads_the_standby(self):
        a = Client(self.pport)
        a.sign_in("staff1", PASSWORD)
        b = Client(self.sport)
        b.cookies = dict(a.cookies)
        for _ in range(100):  # the session reaches the standby within moments
            r = b.get("/records/person")
            if "Signed in as staff1" in r.text:
                break
            time.sleep(0.1)
        self.assertEqual(r.status, 200)
        self.assertIn("Signed in as staff1", r.text)
        # and with an API token
        r = Client(self.sport, token=self.token).get("/api/v1/person")
        self.assertEqual(r.status, 200)

    def test_every_write_is_refused_with_where_to_go(self):
        c = Client(self.sport)
        c.get("/signin")
        r = c.post("/signin", {"name": "staff1", "password": PASSWORD})
        self.assertEqual(r.status, 503)
        self.assertIn("only reads", r.text)
        self.assertNotIn("Signed in as", r.text)
        api = Client(self.sport, token=self.token)
        r = api.api("POST", "/api/v1/person", {"name": "Not Saved"})
        self.assertEqual(r.status, 503)
        self.assertEqual(r.json()["error"]["code"], "read_only")
        for method in ("PATCH", "PUT", "DELETE"):
            r = api.api(method, "/api/v1/person/1", {"name": "Not Saved"})
            self.assertEqual(r.status, 503, method)
        self.assertNotIn("Not Saved", self.peel("list", "person", "--format", "csv"))

    def test_a_write_is_refused_before_its_body(self):
        """The answer comes from the head alone: a client announcing a body
        it never sends is answered at once, not kept waiting for it."""
        s = socket.create_connection(("127.0.0.1", self.sport), timeout=10)
        try:
            s.sendall(b"POST /api/v1/person HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                      b"Authorization: Bearer " + self.token.encode() + b"\r\n"
                      b"Content-Type: application/json\r\nContent-Length: 1000000\r\n\r\n")
            t0 = time.monotonic()
            answer = s.recv(4096)
            self.assertTrue(answer.startswith(b"HTTP/1.1 503"), answer[:200])
            self.assertLess(time.monotonic() - t0, 5)
        finally:
            s.close()

    def test_the_standby_database_refuses_writes_from_the_command_line_too(self):
        p = subprocess.run([PEEL, "--db", self.sbdb, "add", "person", "name=Cli Person"],
                           capture_output=True, text=True, env=self.env, cwd=self.tmp.name,
                           timeout=60)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("read-only", p.stderr)


if __name__ == "__main__":
    sys.exit(pgserver.main())
