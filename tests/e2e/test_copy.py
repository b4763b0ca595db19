"""`peel copy --from DB --to DB`: the demo, the ONS areas and the police.uk
sample crime data in a SQLite file copied to PostgreSQL (a throwaway server
started by tests/support/pg-server) and back into a new SQLite file; each
passes `peel check`, exports every type alike, gives the same crime
figures, and holds the same audit trail.  Papers' files go along, SQLite
to PostgreSQL to PostgreSQL to SQLite, and come back byte for byte.
A target that is not empty is refused.  The SQLite to SQLite copy runs
even where PostgreSQL is not installed."""
import hashlib
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import unittest

from peeltest import PEEL, SOURCE

DATA = os.path.join(SOURCE, "tests", "data")
STREET = os.path.join(DATA, "police-uk-sample")
LOOKUP = os.path.join(DATA, "crime", "ons-lookup-sample.csv")
OUTCOMES = os.path.join(DATA, "crime", "2022-02-leicestershire-outcomes.csv")
SEARCH = os.path.join(DATA, "crime", "2022-02-leicestershire-stop-and-search.csv")
FIGURES = [["summary"], ["summary", "--by", "month,type"], ["summary", "--by", "area"],
           ["outcomes"], ["stops", "--by", "ethnicity"]]
AGENDA = os.path.join(DATA, "papers", "pcp-2023-10-09-agenda.pdf")
FIGURES_CSV = os.path.join(DATA, "papers", "sample.csv")
SERVER = os.path.join(SOURCE, "tests", "support", "pg-server")

server_dir = None
databases = 0


def pg_database():
    """A fresh database on the test server: its URI, or None without one."""
    global databases
    if not server_dir:
        return None
    databases += 1
    p = subprocess.run([SERVER, server_dir, "copy%d" % databases], capture_output=True,
                       text=True, timeout=120)
    if p.returncode != 0:
        raise RuntimeError("pg-server failed: " + p.stderr)
    return p.stdout.splitlines()[0]


def files_of(path):
    """The papers' files beside a SQLite database: {name: bytes}, each name
    checked to be its bytes' SHA-256."""
    root = os.path.splitext(path)[0] + ".files"
    out = {}
    for d, _, fs in os.walk(root):
        for f in fs:
            with open(os.path.join(d, f), "rb") as fh:
                data = fh.read()
            assert hashlib.sha256(data).hexdigest() == f, f
            out[os.path.relpath(os.path.join(d, f), root)] = data
    return out


def hits(out):
    """What `peel search` found, without its snippets."""
    return [line for line in out.splitlines() if line and not line.startswith("  ")]


def audit_rows(path):
    with sqlite3.connect(path) as db:
        return db.execute("SELECT id, type, record_id, at, user, action, field, old_value,"
                          " new_value FROM peel_audit ORDER BY id").fetchall()


class Copy(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="peel-test-")
        self.dir = self._tmp.name
        self.env = dict(os.environ, PEEL_USER="tester", PEEL_NOW="2023-10-09T13:00:00Z")
        self.a = os.path.join(self.dir, "a.db")
        self.peel(self.a, "init")
        self.peel(self.a, "demo")
        self.peel(self.a, "area", "import", LOOKUP)
        self.peel(self.a, "crime", "import", STREET, OUTCOMES, SEARCH)
        # a record referring to one of its own type with a larger id
        self.peel(self.a, "add", "area", "code=X1", "name=Child", "kind=district")
        self.peel(self.a, "add", "area", "code=X2", "name=Parent", "kind=force")
        self.peel(self.a, "set", "area", "X1", "parent=X2")
        # an account with a second factor (copied) and an API token (not)
        self.run_peel(["--db", self.a, "user", "add", "alice", "--role", "admin"],
                      stdin="correct horse battery staple\n")
        self.peel(self.a, "user", "totp", "alice")
        self.peel(self.a, "token", "add", "alice", "--label", "feed")

    def tearDown(self):
        self._tmp.cleanup()

    def run_peel(self, args, status=0, stdin=None):
        p = subprocess.run([PEEL, *args], capture_output=True, text=True, env=self.env,
                           cwd=self.dir, timeout=600, input=stdin)
        if p.returncode != status:
            self.fail(f"peel {' '.join(args)} exited {p.returncode}, expected {status}"
                      f"\nstdout:\n{p.stdout}\nstderr:\n{p.stderr}")
        return p

    def peel(self, db, *args, status=0):
        return self.run_peel(["--db", db, *args], status).stdout

    def copy(self, src, dst, status=0):
        p = self.run_peel(["copy", "--from", src, "--to", dst], status)
        if status == 0:
            self.assertRegex(p.stdout, r"\(second factors\) +1 +1 .* same")
            # tokens are not copied, so a copy of a copy has none to name
            self.assertEqual("1 API token not copied" in p.stderr, src == self.a)
        return p

    def types(self):
        p = self.run_peel(["types", "--nonesuch"], status=2)
        return re.search(r"types: ([a-z_, ]+)", p.stderr).group(1).split(", ")

    def assert_same(self, one, other):
        self.assertIn("audit trail", self.peel(other, "check"))
        for t in self.types():
            self.assertEqual(self.peel(one, "export", t, "--include-sensitive"),
                             self.peel(other, "export", t, "--include-sensitive"), t)
        self.assertEqual(self.peel(one, "summary"), self.peel(other, "summary").replace(
            other, one))
        for fig in FIGURES:
            self.assertEqual(self.peel(one, "crime", *fig, "--format", "json"),
                             self.peel(other, "crime", *fig, "--format", "json"), fig)

    def test_sqlite_to_sqlite(self):
        b = os.path.join(self.dir, "b.db")
        self.peel(self.a, "attach", "meeting", "1", AGENDA, "--title", "Agenda", "--kind",
                  "agenda")
        out = self.copy(self.a, b).stdout
        self.assertIn("(audit trail)", out)
        self.assertNotIn("DIFFERS", out)
        self.assert_same(self.a, b)
        self.assertEqual(audit_rows(self.a), audit_rows(b))
        # the paper's file is copied beside the new file, and checked
        self.assertIn("1 file, each present", self.peel(b, "check"))
        self.assertEqual(self.peel(self.a, "attachments", "meeting", "1"),
                         self.peel(b, "attachments", "meeting", "1"))
        # the search index rebuilt on the target finds what the source finds
        self.assertEqual(self.peel(self.a, "search", "Charnwood"),
                         self.peel(b, "search", "Charnwood"))

    def test_refuses_a_target_that_is_not_empty(self):
        b = os.path.join(self.dir, "b.db")
        self.peel(b, "init")
        self.peel(b, "demo")
        p = self.copy(self.a, b, status=2)
        self.assertIn(b + " is not empty", p.stderr)
        p = self.copy(self.a, self.a, status=2)
        self.assertIn("the same database", p.stderr)

    def test_sqlite_to_postgresql_and_back(self):
        pg = pg_database()
        if not pg:
            self.skipTest("PostgreSQL is not installed")
        c = os.path.join(self.dir, "c.db")
        out = self.copy(self.a, pg).stdout
        self.assertNotIn("DIFFERS", out)
        self.assert_same(self.a, pg)
        out = self.copy(pg, c).stdout
        self.assertNotIn("DIFFERS", out)
        self.assert_same(self.a, c)
        self.assertEqual(audit_rows(self.a), audit_rows(c))
        # the sums by district are not copied but made again, on each side
        for db in (pg, c):
            self.assertRegex(self.peel(db, "check"),
                             r"(?m)^ok\s+crime sums\s+every district's sums match")
        self.assertEqual(self.peel(self.a, "crime", "summary", "--area", "Leicestershire"),
                         self.peel(c, "crime", "summary", "--area", "Leicestershire"))
        # PostgreSQL now holds the demo: a second copy into it is refused
        p = self.copy(self.a, pg, status=2)
        self.assertIn("is not empty", p.stderr)

    def test_attachments_to_postgresql_and_back(self):
        """The papers' files go from the folder beside a SQLite file into
        PostgreSQL, from one PostgreSQL database to another, and back into a
        folder: the same bytes under the same names, each checked."""
        pg, pg2 = pg_database(), pg_database()
        if not pg:
            self.skipTest("PostgreSQL is not installed")
        c = os.path.join(self.dir, "c.db")
        self.peel(self.a, "attach", "meeting", "1", AGENDA, "--title", "Agenda", "--kind",
                  "agenda")
        self.peel(self.a, "attach", "meeting", "1", FIGURES_CSV, "--title", "Figures",
                  "--kind", "appendix")
        # the same bytes on a second record: one file
        self.peel(self.a, "attach", "meeting", "2", AGENDA, "--title", "Agenda again", "--kind",
                  "agenda")
        before = files_of(self.a)
        self.assertEqual(len(before), 2)
        for src, dst in ((self.a, pg), (pg, pg2), (pg2, c)):
            p = self.copy(src, dst)
            self.assertNotIn("DIFFERS", p.stdout)
            self.assertRegex(p.stdout, r"\(attachment files\) +2 +2 +(\w+) +\1 +same")
            self.assertIn("2 paper files", p.stderr)
            self.assertNotIn("by hand", p.stderr)
            self.assertRegex(self.peel(dst, "check"),
                             r"(?m)^ok\s+attachments\s+2 files, each present and matching")
            self.assertEqual(self.peel(self.a, "attachments", "meeting", "1"),
                             self.peel(dst, "attachments", "meeting", "1"))
            # the PDF's text, read from the copied bytes, is found on the copy
            # (the same papers; each backend words its snippets its own way)
            self.assertEqual(hits(self.peel(self.a, "search", "Woodiwiss")),
                             hits(self.peel(dst, "search", "Woodiwiss")))
        self.assertEqual(files_of(c), before)

    def test_crime_import_goes_on_after_a_copy(self):
        # the copy's ids are taken: a later import on the copy adds after them
        b = os.path.join(self.dir, "b.db")
        self.copy(self.a, b)
        for db in (self.a, b):
            self.peel(db, "crime", "import", os.path.join(STREET, "2022-01"))
        self.assertEqual(self.peel(self.a, "crime", "summary", "--format", "json"),
                         self.peel(b, "crime", "summary", "--format", "json"))


def main():
    global server_dir
    server_dir = tempfile.mkdtemp(prefix="peel-pg-")
    try:
        p = subprocess.run([SERVER, server_dir], capture_output=True, text=True, timeout=120)
        if p.returncode == 77:
            print("PostgreSQL is not installed: its copies are skipped", file=sys.stderr)
            shutil.rmtree(server_dir, ignore_errors=True)
            server_dir = None
        elif p.returncode != 0:
            print("pg-server failed:\n" + p.stderr, file=sys.stderr)
            return 1
        try:
            result = unittest.main(verbosity=2, exit=False).result
        finally:
            if server_dir:
                subprocess.run([SERVER, "stop", server_dir], capture_output=True, timeout=120)
        return 0 if result.wasSuccessful() else 1
    finally:
        if server_dir:
            shutil.rmtree(server_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
