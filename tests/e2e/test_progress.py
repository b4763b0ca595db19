"""Long imports show a progress bar on a terminal (rows, MB/s, time left) and
nothing when standard error is not a terminal or with --quiet: `peel import`
of a record CSV and `peel crime import` of police.uk files, under a
pseudo-terminal."""
import os
import pty
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from peeltest import PEEL, SOURCE, PeelCase  # noqa: E402

SAMPLE = os.path.join(SOURCE, "tests", "data", "police-uk-sample")


def run_on_tty(args, env, cwd):
    """Runs peel with stderr on a pseudo-terminal; returns (status, what the terminal got)."""
    master, slave = pty.openpty()
    p = subprocess.Popen([PEEL, *args], stdout=subprocess.DEVNULL, stderr=slave, env=env,
                         cwd=cwd)
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    return p.wait(timeout=300), out.decode("utf-8", "replace")


class Progress(PeelCase):
    def people(self, n):
        path = os.path.join(self.dir, "people.csv")
        with open(path, "w") as f:
            f.write("name,role\n")
            for i in range(n):
                f.write(f"Person {i},Role {i % 7}\n")
        return path

    def test_record_import_on_a_terminal(self):
        self.peel("init")
        rc, tty = run_on_tty(["--db", self.db, "import", "person", self.people(3000)],
                             self.env, self.dir)
        self.assertEqual(rc, 0, tty)
        self.assertRegex(tty, r"\r\[[#.]{24}\] \d+ rows  [\d.]+ MB/s  \d+ s left")
        self.assertTrue(tty.split("\r")[-1].strip() == "" or "imported" in tty, tty[-200:])

    def test_crime_import_on_a_terminal(self):
        self.peel("init")
        rc, tty = run_on_tty(["--db", self.db, "crime", "import", SAMPLE], self.env, self.dir)
        self.assertEqual(rc, 0, tty)
        self.assertRegex(tty, r"\[[#.]{24}\] \d+ rows")

    def test_quiet_and_not_a_terminal(self):
        self.peel("init")
        rc, tty = run_on_tty(["--db", self.db, "--quiet", "import", "person",
                              self.people(3000)], self.env, self.dir)
        self.assertEqual(rc, 0)
        self.assertNotIn("MB/s", tty)
        _, err = self.peel("import", "person", self.people(3000))
        self.assertNotIn("MB/s", err)


if __name__ == "__main__":
    unittest.main(verbosity=2)
