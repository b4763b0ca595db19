"""A throwaway PostgreSQL server for an e2e test module (tests/support/
pg-server: initdb and postgres as an unprivileged user, on a unix socket
only): main() starts it, runs the module's tests and stops it, and exits
77 (skipped) where PostgreSQL is not installed; database(prefix) makes a
fresh database on it and gives its URI."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

from peeltest import SOURCE

SERVER = os.path.join(SOURCE, "tests", "support", "pg-server")
_dir = None
_made = 0


def database(prefix):
    """A fresh database on the running server: its URI."""
    global _made
    _made += 1
    p = subprocess.run([SERVER, _dir, "%s%d" % (prefix, _made)], capture_output=True, text=True,
                       timeout=120)
    if p.returncode != 0:
        raise RuntimeError("pg-server failed: " + p.stderr)
    return p.stdout.splitlines()[0]


def main():
    """Starts the server, runs unittest.main and stops it: the exit status."""
    global _dir
    _dir = tempfile.mkdtemp(prefix="peel-pg-")
    try:
        p = subprocess.run([SERVER, _dir], capture_output=True, text=True, timeout=120)
        if p.returncode == 77:
            print("PostgreSQL is not installed: skipped", file=sys.stderr)
            return 77
        if p.returncode != 0:
            print("pg-server failed:\n" + p.stderr, file=sys.stderr)
            return 1
        try:
            result = unittest.main(verbosity=2, exit=False).result
        finally:
            subprocess.run([SERVER, "stop", _dir], capture_output=True, timeout=120)
        return 0 if result.wasSuccessful() else 1
    finally:
        shutil.rmtree(_dir, ignore_errors=True)
