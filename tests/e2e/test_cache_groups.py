"""The page cache drops only the pages a write could change (src/web/cache.c;
the change counts by group, store.h): on a database with the demo, the
ONS lookup sample and the police.uk sample, with the server running,

- a person's edit from another process leaves /crime, the Blaby pack and
  /figures as they were: the same ETag and body, and no build (the
  server's own count of pages kept at shutdown), while the front door,
  which counts the published people, is built again, reusing every section
  but that count (parts kept apart: its meetings, decisions, publications,
  crime at a glance and figures read no people);
- Blaby withdrawn (an area: a group /crime, the pack and the figures read)
  is gone from /crime, the pack and the front door on the next request,
  and /figures is built again;
- a person withdrawn is no longer counted on the front door at once, and
  /crime and /figures are still not rebuilt.

The same scenario runs on PostgreSQL in test_pg_cache_groups.py."""
import os
import re
import subprocess
import tempfile
import unittest

from peelweb import Client, Serving

PEEL = os.environ.get("PEEL_BIN", "peel")
SOURCE = os.environ.get("PEEL_SOURCE", os.path.join(os.path.dirname(__file__), "..", ".."))
DATA = os.path.join(SOURCE, "tests", "data")
SAMPLE = os.path.join(DATA, "police-uk-sample", "2022-01", "2022-01-leicestershire-street.csv")
LOOKUP = os.path.join(DATA, "crime", "ons-lookup-sample.csv")
BLABY = "/crime/pack/E07000129"


def kept(log):
    m = re.search(r"page cache: \d+ hits, \d+ misses, (\d+) kept", log)
    if not m:
        raise AssertionError("no page cache line at shutdown:\n" + log[-2000:])
    return int(m.group(1))


def parts(log):
    m = re.search(r"(\d+) parts reused, (\d+) built", log)
    if not m:
        raise AssertionError("no parts in the page cache line:\n" + log[-2000:])
    return int(m.group(1)), int(m.group(2))


def people_count(text):
    m = re.search(r'href="/records/person">[^<]*</a> <span class="hint">\((\d+)\)', text)
    return int(m.group(1)) if m else 0


class GroupsScenario:
    """The scenario; a subclass gives db() (a file path or a URI)."""

    def db(self):
        raise NotImplementedError

    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="peel-groups-")
        self.env = dict(os.environ, PEEL_USER="tester", PEEL_NOW="2023-10-09T13:00:00Z")
        self.database = self.db()
        self.peel("init")
        self.peel("demo")
        self.peel("area", "import", LOOKUP)
        self.peel("crime", "import", SAMPLE)
        out = self.peel("add", "person", "name=Groups Person", "role=Tester", "publish=yes")
        self.person = out.strip().split()[-1]
        self.serving = Serving(self.database, self.env, self._tmp.name, "serve",
                               ("--no-access-log",))
        self.public = Client(self.serving.port)

    def tearDown(self):
        self.serving.stop()
        self._tmp.cleanup()

    def stop(self):
        self.assertEqual(self.serving.stop(), 0)
        return self.serving.log()

    def peel(self, *args):
        p = subprocess.run([PEEL, "--db", self.database, *args], capture_output=True, text=True,
                           env=self.env, cwd=self._tmp.name, timeout=300)
        self.assertEqual(p.returncode, 0, p.stderr)
        return p.stdout

    def get3(self, path):
        """Three requests (both worker threads): the same answer each time."""
        first = self.public.get(path)
        for _ in range(2):
            again = self.public.get(path)
            self.assertEqual((again.status, again.header("ETag"), again.body),
                             (first.status, first.header("ETag"), first.body), path)
        return first

    def test_only_pages_that_read_a_write_are_built_again(self):
        builds = 0
        crime, pack, home = self.get3("/crime"), self.get3(BLABY), self.get3("/")
        figures = self.get3("/figures")
        builds += 4
        for r in (crime, pack, home):
            self.assertEqual(r.status, 200)
            self.assertIsNotNone(r.header("ETag"))
        self.assertIn("Blaby", crime.text)
        people = people_count(home.text)
        self.assertGreater(people, 0)

        # a person's edit: the crime pages are not built again
        self.peel("set", "person", self.person, "role=Edited elsewhere")
        self.assertEqual(self.get3("/crime").body, crime.body)
        self.assertEqual(self.get3(BLABY).header("ETag"), pack.header("ETag"))
        self.assertEqual(self.get3("/figures").body, figures.body)
        self.get3("/")
        builds += 1

        # an area withdrawn: gone from every page that shows it, at once
        self.peel("set", "area", "E07000129", "publish=no")
        self.assertEqual(self.get3(BLABY).status, 404)
        crime2 = self.get3("/crime")
        self.assertNotIn("Blaby", crime2.text)
        self.assertNotIn("E07000129", self.get3("/").text)
        figures2 = self.get3("/figures")
        builds += 3

        # a person withdrawn: no longer counted on the front door; /crime
        # is kept
        self.peel("set", "person", self.person, "publish=no")
        self.assertEqual(people_count(self.get3("/").text), people - 1)
        self.assertEqual(self.get3("/crime").header("ETag"), crime2.header("ETag"))
        self.assertEqual(self.get3("/figures").header("ETag"), figures2.header("ETag"))
        builds += 1

        log = self.stop()
        self.assertEqual(kept(log), builds)
        # the front door's six sections, built at first; after each
        # person's change only the count of what is published (1 built, 5
        # reused); after the area's, that count and the crime at a glance
        self.assertEqual(parts(log), (5 + 4 + 5, 6 + 1 + 2 + 1))

    def test_figures_follow_what_they_count(self):
        # /figures reads what its figures count (efficiency savings among
        # them), known from the build itself, not declared beside it: an
        # edit of a saving shows at once
        before = self.get3("/figures")
        self.assertIn("3,900,000", before.text)
        self.peel("set", "saving", "002-es-2023-24", "target=4100000")
        after = self.get3("/figures")
        self.assertNotEqual(after.header("ETag"), before.header("ETag"))
        self.assertIn("4,100,000", after.text)
        self.assertNotIn("3,900,000", after.text)
        # and withdrawn, the saving counts no more (the figure has no value)
        self.peel("set", "saving", "002-es-2023-24", "publish=no")
        self.assertNotIn("4,100,000", self.get3("/figures").text)
        log = self.stop()
        self.assertEqual(kept(log), 3)


class SQLiteGroups(GroupsScenario, unittest.TestCase):
    def db(self):
        return os.path.join(self._tmp.name, "peel.db")


if __name__ == "__main__":
    unittest.main(verbosity=2)
