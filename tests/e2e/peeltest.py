"""Helpers for end-to-end tests: run the real peel binary on a real SQLite
file in a temporary folder and check its output, exit status and database."""
import os
import sqlite3
import subprocess
import sys
import tempfile
import unittest

PEEL = os.environ.get("PEEL_BIN", "peel")
SOURCE = os.environ.get("PEEL_SOURCE", os.path.join(os.path.dirname(__file__), "..", ".."))
SHARED = os.environ.get("PEEL_SHARED", os.path.join(SOURCE, "..", "shared"))


class PeelCase(unittest.TestCase):
    """A test case with its own database in a fresh temporary folder."""

    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="peel-test-")
        self.dir = self._tmp.name
        self.db = os.path.join(self.dir, "peel.db")
        self.env = dict(os.environ, PEEL_USER="tester", PEEL_NOW="2023-10-09T13:00:00Z")

    def tearDown(self):
        self._tmp.cleanup()

    def peel(self, *args, stdin=None, status=0, env=None):
        """Runs peel; asserts the exit status; returns (stdout, stderr)."""
        p = subprocess.run([PEEL, "--db", self.db, *args], input=stdin, capture_output=True,
                           text=True, env=env or self.env, cwd=self.dir, timeout=300)
        if status is not None and p.returncode != status:
            self.fail(f"peel {' '.join(args)} exited {p.returncode}, expected {status}\n"
                      f"stdout:\n{p.stdout}\nstderr:\n{p.stderr}")
        return p.stdout, p.stderr

    def sql(self, query, *params):
        con = sqlite3.connect(self.db)
        try:
            return con.execute(query, params).fetchall()
        finally:
            con.close()

    def write(self, name, text, mode="w"):
        path = os.path.join(self.dir, name)
        with open(path, mode, **({} if "b" in mode else {"newline": ""})) as f:
            f.write(text)
        return path

    def dump(self):
        """Every table's rows, to compare a database before and after."""
        con = sqlite3.connect(self.db)
        try:
            tables = [r[0] for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
            return {t: con.execute(f'SELECT * FROM "{t}"').fetchall() for t in tables}
        finally:
            con.close()


def main():
    unittest.main(verbosity=2)
