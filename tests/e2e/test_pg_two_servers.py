"""Two `peel serve` processes on one PostgreSQL database, as behind one
proxy (docs/DEPLOY.md): a person signed in through one is signed in on
the other, signing out on one signs out on both, a record saved through
one is on the other's pages at once (each process's page cache follows
the database's change count), and failed sign-ins are counted across
both, so a second process is no way round the throttle.  Skipped (exit
77) where PostgreSQL is not installed."""
import os
import subprocess
import sys
import tempfile
import unittest

import pgserver
from peeltest import PEEL
from peelweb import PASSWORD, Client, Serving



class TwoServers(unittest.TestCase):
    def setUp(self):
        self.db = pgserver.database("two")
        self._tmp = tempfile.TemporaryDirectory(prefix="peel-two-")
        self.env = dict(os.environ, PEEL_USER="tester", PEEL_NOW="2023-10-09T13:00:00Z")
        self.peel("init")
        self.peel("user", "add", "staff1", "--role", "staff", stdin=PASSWORD + "\n")
        self.servers = [Serving(self.db, self.env, self._tmp.name, "serve%d" % i)
                        for i in range(2)]
        self.ports = [srv.port for srv in self.servers]

    def tearDown(self):
        rcs = [srv.stop() for srv in self.servers]
        self._tmp.cleanup()
        self.assertEqual(rcs, [0, 0], "peel serve's exit status")

    def peel(self, *args, stdin=None):
        p = subprocess.run([PEEL, "--db", self.db, *args], input=stdin, capture_output=True,
                           text=True, env=self.env, cwd=self._tmp.name, timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr)
        return p.stdout

    def test_one_session_two_processes(self):
        a, b = Client(self.ports[0]), Client(self.ports[1])
        a.sign_in("staff1", PASSWORD)
        b.cookies = dict(a.cookies)
        r = b.get("/records/person")
        self.assertEqual(r.status, 200)
        self.assertIn("Signed in as staff1", r.text)
        # signed out on B: A no longer knows the session
        b.get("/")
        self.assertEqual(b.post("/signout", {}).status, 303)
        r = a.get("/records/person")
        self.assertNotIn("Signed in as staff1", r.text)

    def test_a_save_on_one_shows_on_the_other(self):
        public_b = Client(self.ports[1])
        before = public_b.get("/records/person")
        self.assertEqual(before.status, 200)
        self.assertNotIn("Twoserver Person", before.text)
        self.peel("add", "person", "name=Twoserver Person", "role=Tester", "publish=yes")
        after = public_b.get("/records/person")
        self.assertIn("Twoserver Person", after.text)

    def test_failed_sign_ins_count_across_both(self):
        """Five failures of one account from one address are free
        (PEEL_SIGNIN_FREE_PAIR); the sixth waits, though each process has
        seen only three of them."""
        codes = []
        for i in range(6):
            c = Client(self.ports[i % 2])
            c.get("/signin")
            codes.append(c.post("/signin", {"name": "staff1", "password": "wrong %d" % i}).status)
        self.assertEqual(codes[:5], [401] * 5, codes)
        self.assertEqual(codes[5], 429, codes)


if __name__ == "__main__":
    sys.exit(pgserver.main())
