"""The crime data on PostgreSQL: the police.uk sample and the ONS lookup
imported into a PostgreSQL database (a throwaway server started by
tests/support/pg-server) and into a SQLite file give the same figures,
and the same home page, crime page and API answer, as they do before any
import.  Skipped (exit 77) where PostgreSQL is not installed."""
import http.client
import os
import re
import subprocess
import sys
import tempfile
import unittest

import pgserver
from peeltest import PEEL, SOURCE

DATA = os.path.join(SOURCE, "tests", "data")
STREET = os.path.join(DATA, "police-uk-sample")
STREET_FILE = os.path.join(STREET, "2022-01", "2022-01-leicestershire-street.csv")
OUTCOMES = os.path.join(DATA, "crime", "2022-02-leicestershire-outcomes.csv")
SEARCH = os.path.join(DATA, "crime", "2022-02-leicestershire-stop-and-search.csv")
LOOKUP = os.path.join(DATA, "crime", "ons-lookup-sample.csv")

# The figures compared, each as JSON (what the web's API and the pack read).
FIGURES = [
    ["summary"],
    ["summary", "--area", "Charnwood"],
    ["summary", "--by", "type"],
    ["summary", "--by", "area"],
    ["summary", "--by", "outcome"],
    ["summary", "--by", "month,type"],
    ["compare"],
    ["hotspots", "--from", "2022-01", "--to", "2022-01"],
    ["spc"],
    ["outcomes"],
    ["stops"],
    ["stops", "--by", "ethnicity"],
    ["stops", "--by", "outcome"],
]


class PgCrime(unittest.TestCase):
    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="peel-test-")
        self.dir = self._tmp.name
        self.env = dict(os.environ, PEEL_USER="tester", PEEL_NOW="2023-10-09T13:00:00Z")
        self.sqlite = os.path.join(self.dir, "peel.db")
        self.pg = pgserver.database("crime")

    def tearDown(self):
        self._tmp.cleanup()

    def peel(self, db, *args, status=0):
        p = subprocess.run([PEEL, "--db", db, *args], capture_output=True, text=True,
                           env=self.env, cwd=self.dir, timeout=300)
        if p.returncode != status:
            self.fail(f"peel --db {db} {' '.join(args)} exited {p.returncode}, expected {status}"
                      f"\nstdout:\n{p.stdout}\nstderr:\n{p.stderr}")
        return p.stdout

    def both(self, *args):
        """Runs the same command on both databases: (SQLite's, PostgreSQL's) output."""
        return self.peel(self.sqlite, *args), self.peel(self.pg, *args)

    def same(self, *args):
        """Runs the same command on both databases and asserts the same exit
        status and output (a refusal too, such as an SPC baseline too short):
        the exit status."""
        runs = []
        for db in (self.sqlite, self.pg):
            p = subprocess.run([PEEL, "--db", db, *args], capture_output=True, text=True,
                               env=self.env, cwd=self.dir, timeout=300)
            runs.append((p.returncode, p.stdout, p.stderr))
        self.assertEqual(runs[0], runs[1], "peel " + " ".join(args))
        if runs[1][0] not in (0, 2):
            print(runs[1][2], file=sys.stderr)
        return runs[1][0]

    def pages(self, db, paths):
        """GETs paths from `peel serve` on db: each path's (status, body)."""
        proc = subprocess.Popen([PEEL, "--db", db, "serve", "--listen", "127.0.0.1:0",
                                 "--threads", "2"], stdout=subprocess.PIPE,
                                stderr=subprocess.DEVNULL, text=True, env=self.env, cwd=self.dir)
        try:
            m = re.search(r"http://127\.0\.0\.1:(\d+)/", proc.stdout.readline())
            self.assertIsNotNone(m, "peel serve did not start on " + db)
            out = {}
            for path in paths:
                conn = http.client.HTTPConnection("127.0.0.1", int(m.group(1)), timeout=60)
                conn.request("GET", path)
                resp = conn.getresponse()
                out[path] = (resp.status, resp.read())
                conn.close()
            return out
        finally:
            proc.terminate()
            proc.wait(timeout=60)
            proc.stdout.close()

    def assert_same_pages(self):
        paths = ["/", "/crime", "/api/v1/crime/summary"]
        lite, pg = self.pages(self.sqlite, paths), self.pages(self.pg, paths)
        for path in paths:
            # The API's summary is 404 until there is street data.
            if path != "/api/v1/crime/summary":
                self.assertEqual(pg[path][0], 200, path)
            self.assertEqual(lite[path], pg[path], path)

    def setup_both(self):
        for db in (self.sqlite, self.pg):
            self.peel(db, "init")
            self.peel(db, "demo")
            self.peel(db, "area", "import", LOOKUP)

    def assert_same_figures(self):
        for fig in FIGURES:
            status = self.same("crime", *fig, "--format", "json")
            if fig[0] != "spc":
                self.assertEqual(status, 0, "peel crime " + " ".join(fig))
        lite, pg = self.both("crime", "imports")
        self.assertEqual(lite, pg, "peel crime imports")
        # The performance pack reads most of the tables: LSOAs, map points, population.
        for fmt in ("text", "csv"):
            self.assertEqual(self.same("crime", "pack", "--area", "Charnwood", "--format", fmt), 0)

    def test_before_any_import(self):
        """The figures and the list of imports of a database with no crime data."""
        self.setup_both()
        self.assert_same_pages()
        self.assertEqual(self.same("crime", "imports"), 0)
        self.same("crime", "summary", "--format", "json")

    def test_import_gives_the_same_figures(self):
        self.setup_both()
        # The stop and searches of the street data's month (the figures
        # read only months with street data): the sample's a month earlier.
        with open(SEARCH, encoding="utf-8", newline="") as f:
            searches = f.read().replace("2022-02-", "2022-01-")
        search = os.path.join(self.dir, "2022-01-leicestershire-stop-and-search.csv")
        with open(search, "w", encoding="utf-8", newline="") as f:
            f.write(searches)
        lite, pg = self.both("crime", "import", STREET, OUTCOMES, SEARCH, search)
        self.assertEqual(lite, pg)
        self.assertIn("4 imported", pg)
        self.assert_same_figures()
        summary = self.peel(self.pg, "crime", "summary", "--by", "type", "--format", "json")
        self.assertIn("Anti-social behaviour", summary)
        stops = self.peel(self.pg, "crime", "stops", "--by", "ethnicity", "--format", "json")
        self.assertIn("Asian/Asian British - Indian", stops)

        # The same files again change nothing.
        lite, pg = self.both("crime", "import", STREET, OUTCOMES, SEARCH, search)
        self.assertEqual(lite, pg)
        self.assertIn("4 unchanged", pg)

        # A month imported again with other rows replaces the first import.
        folder = os.path.join(self.dir, "again")
        os.mkdir(folder)
        with open(STREET_FILE, encoding="utf-8", newline="") as f:
            lines = f.readlines()
        with open(os.path.join(folder, os.path.basename(STREET_FILE)), "w", encoding="utf-8",
                  newline="") as f:
            f.writelines(lines[:100])
        lite, pg = self.both("crime", "import", folder)
        self.assertEqual(lite, pg)
        self.assertIn("1 replacing", pg)
        self.assert_same_figures()
        pages = self.pages(self.pg, ["/api/v1/crime/summary"])
        self.assertEqual(pages["/api/v1/crime/summary"][0], 200)
        self.assert_same_pages()



if __name__ == "__main__":
    sys.exit(pgserver.main())
