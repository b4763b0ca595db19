"""A throwaway PostgreSQL server for an e2e test module (tests/support/
pg-server: initdb and postgres as an unprivileged user, on a unix socket
only).  start() starts it (once per process) and stops it when the
process ends, on failure too; new_database() makes a fresh database on it
and drop_database() removes one; main() runs a module's tests on it and
exits 77 (skipped) where PostgreSQL is not installed.  The e2e suite's
PostgreSQL run (PEEL_TEST_BACKEND=pg, tests/e2e/peeltest.py) uses it for
every test."""
import atexit
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import unittest
from urllib.parse import parse_qs, urlparse

SOURCE = os.environ.get("PEEL_SOURCE", os.path.join(os.path.dirname(__file__), "..", ".."))
SERVER = os.path.join(SOURCE, "tests", "support", "pg-server")
_dir = None
_admin = None
_made = 0


class NotInstalled(Exception):
    pass


def installed():
    """Whether PostgreSQL's server is installed (else the tests are skipped)."""
    return subprocess.run([SERVER, "check"], capture_output=True).returncode == 0


def _stop():
    global _dir, _admin
    if _admin is not None:
        _admin.close()
        _admin = None
    if _dir is not None:
        subprocess.run([SERVER, "stop", _dir], capture_output=True, timeout=120)
        shutil.rmtree(_dir, ignore_errors=True)
        _dir = None


def _terminated(signum, frame):
    sys.exit(128 + signum)  # runs the atexit handlers: the server is stopped


def start():
    """Starts the server unless it runs; raises NotInstalled without PostgreSQL."""
    global _dir
    if _dir is not None:
        return
    _dir = tempfile.mkdtemp(prefix="peel-pg-")
    atexit.register(_stop)
    if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _terminated)
    p = subprocess.run([SERVER, _dir], capture_output=True, text=True, timeout=120)
    if p.returncode == 77:
        _stop()
        raise NotInstalled(p.stderr.strip())
    if p.returncode != 0:
        log = p.stderr
        _stop()
        raise RuntimeError("pg-server failed:\n" + log)


def _uri(name):
    return "postgresql:///%s?host=%s&user=peel" % (name, _dir)


def _admin_cursor():
    """A cursor on the server's postgres database, outside any transaction."""
    global _admin
    import psycopg2  # Debian's python3-psycopg2 (scripts/install-deps)
    if _admin is None:
        _admin = psycopg2.connect(_uri("postgres"))
        _admin.autocommit = True
    return _admin.cursor()


def new_database(prefix="t"):
    """A fresh, empty database on the running server (start() first): its URI."""
    global _made
    _made += 1
    name = "%s%d" % (prefix, _made)
    with _admin_cursor() as cur:
        cur.execute('CREATE DATABASE "%s"' % name)
    return _uri(name)


def drop_database(uri):
    """Drops a database new_database() made, closing what is still connected."""
    if _dir is None:
        return
    name = urlparse(uri).path.lstrip("/")
    if parse_qs(urlparse(uri).query).get("host") != [_dir]:
        return
    with _admin_cursor() as cur:
        cur.execute('DROP DATABASE IF EXISTS "%s" WITH (FORCE)' % name)


def database(prefix):
    """A fresh database on the running server: its URI."""
    return new_database(prefix)


def main():
    """Starts the server, runs unittest.main and stops it: the exit status."""
    try:
        start()
    except NotInstalled as e:
        print("PostgreSQL is not installed: skipped (%s)" % e, file=sys.stderr)
        return 77
    try:
        result = unittest.main(verbosity=2, exit=False).result
    finally:
        _stop()
    return 0 if result.wasSuccessful() else 1
