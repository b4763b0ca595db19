"""Helpers for end-to-end tests: run the real peel binary on a real database
in a temporary folder and check its output, exit status and database.

The database is a SQLite file, or with PEEL_TEST_BACKEND=pg a PostgreSQL
database: the module then starts one throwaway server (tests/e2e/pgserver.py)
that every test of the module shares, each test with a fresh database of its
own, and stops it at the end; without PostgreSQL installed it exits 77
(skipped).  `self.db` is what `peel --db` takes either way, and sql(),
dump() and connect() read either.  A test that means nothing on PostgreSQL
says why with @sqlite_only("...")."""
import importlib.util
import os
import sqlite3
import subprocess
import sys
import tempfile
import unittest

PEEL = os.environ.get("PEEL_BIN", "peel")
SOURCE = os.environ.get("PEEL_SOURCE", os.path.join(os.path.dirname(__file__), "..", ".."))
SHARED = os.environ.get("PEEL_SHARED", os.path.join(SOURCE, "..", "shared"))
BACKEND = os.environ.get("PEEL_TEST_BACKEND", "sqlite")
if BACKEND not in ("sqlite", "pg"):
    sys.exit("PEEL_TEST_BACKEND: '%s' is neither sqlite nor pg" % BACKEND)
PG = BACKEND == "pg"

if PG:
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import pgserver  # noqa: E402

    if not pgserver.installed():
        print("PostgreSQL is not installed: skipped (scripts/install-deps)", file=sys.stderr)
        sys.exit(77)
    if importlib.util.find_spec("psycopg2") is None:  # Debian's python3-psycopg2
        print("python3-psycopg2 is not installed: skipped (scripts/install-deps)",
              file=sys.stderr)
        sys.exit(77)


def sqlite_only(reason):
    """Skips a test or a class on PostgreSQL, saying why in the test's output:
    for what only means something of a SQLite file."""
    return unittest.skipIf(PG, "SQLite only: " + reason)


def new_database(folder):
    """A fresh database for a test, as `peel --db` takes it: a file in folder
    on SQLite, a new database on the module's server on PostgreSQL."""
    if not PG:
        return os.path.join(folder, "peel.db")
    pgserver.start()
    return pgserver.new_database()


def drop_database(db):
    """Removes what new_database() made outside the folder (PostgreSQL's)."""
    if PG:
        pgserver.drop_database(db)


class Connection:
    """A connection to a test's database in the manner of sqlite3's, on either
    backend: execute(query, params) with ? placeholders returns a cursor with
    fetchone/fetchall, then commit() and close(); a with block closes it."""

    def __init__(self, db, **sqlite_args):
        self.pg = db.startswith("postgresql:")
        if self.pg:
            import psycopg2
            self.con = psycopg2.connect(db)
        else:
            self.con = sqlite3.connect(db, **sqlite_args)

    def execute(self, query, params=()):
        if not self.pg:
            return self.con.execute(query, params)
        cur = self.con.cursor()
        cur.execute(query.replace("%", "%%").replace("?", "%s"), tuple(params))
        return _Rows(cur)

    def executescript(self, script):
        if not self.pg:
            return self.con.executescript(script)
        with self.con.cursor() as cur:
            cur.execute(script)
        self.con.commit()
        return None

    def commit(self):
        self.con.commit()

    def rollback(self):
        self.con.rollback()

    def close(self):
        self.con.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if exc[0] is None:
            self.con.commit()
        self.close()
        return False


def _value(v):
    return bytes(v) if isinstance(v, memoryview) else v


class _Rows:
    """psycopg2's cursor with rows as sqlite3 gives them (bytes, not memoryview)."""

    def __init__(self, cur):
        self.cur = cur
        self.rowcount = cur.rowcount

    def fetchone(self):
        row = self.cur.fetchone() if self.cur.description else None
        return None if row is None else tuple(_value(v) for v in row)

    def fetchall(self):
        rows = self.cur.fetchall() if self.cur.description else []
        return [tuple(_value(v) for v in r) for r in rows]

    def __iter__(self):
        return iter(self.fetchall())


def connect(db, **sqlite_args):
    """A Connection to db (a SQLite path or a postgresql:// URI)."""
    return Connection(db, **sqlite_args)


def tables(db):
    """The names of db's tables, sorted."""
    with connect(db) as con:
        if con.pg:
            q = ("SELECT table_name FROM information_schema.tables WHERE table_schema ="
                 " current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name")
        else:
            q = "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"
        return [r[0] for r in con.execute(q).fetchall()]


def indexes(db):
    """The names of db's indexes, sorted (SQLite's automatic ones left out)."""
    with connect(db) as con:
        if con.pg:
            q = ("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
                 " ORDER BY indexname")
        else:
            q = ("SELECT name FROM sqlite_master WHERE type='index' AND sql IS NOT NULL"
                 " ORDER BY name")
        return [r[0] for r in con.execute(q).fetchall()]


def dump(db):
    """Every table's rows, to compare a database before and after.  PostgreSQL
    keeps no row order, so there rows are sorted; and its change counts (a
    trigger raises them for a statement that wrote rows, even the same values)
    may grow with no change, as store.h allows, so they are left out."""
    with connect(db) as con:
        out = {}
        for t in tables(db):
            if con.pg and t in ("peel_change_count", "peel_change_counts"):
                continue
            rows = con.execute(f'SELECT * FROM "{t}"').fetchall()
            out[t] = sorted(rows, key=repr) if con.pg else rows
        return out


class PeelCase(unittest.TestCase):
    """A test case with its own database in a fresh temporary folder."""

    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="peel-test-")
        self.dir = self._tmp.name
        self.db = new_database(self.dir)
        self.addCleanup(drop_database, self.db)
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
        """The rows of a query on the test's database (? placeholders)."""
        con = connect(self.db)
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
        return dump(self.db)


def main():
    unittest.main(verbosity=2)
