"""Crash safety, the short form: `peel import` and `peel crime import` are
killed with SIGKILL at random moments, 50 kills in all.  After every kill
`peel check` passes (integrity, references, the audit trail whole), each
import is all or nothing (a batch's rows are all there or none are, with
its audit rows), and importing again gives the figures a clean import
gives.  The long form (1,000 kills) runs by hand: bench/crash.sh."""
import os
import random
import signal
import subprocess
import time

import peeltest

KILLS = int(os.environ.get("PEEL_CRASH_KILLS", "50"))
ROWS = 2000
SAMPLE = os.path.join(peeltest.SOURCE, "tests", "data", "police-uk-sample")


class Crash(peeltest.PeelCase):
    def setUp(self):
        super().setUp()
        self.peel("init")
        self.rng = random.Random(int(os.environ.get("PEEL_CRASH_SEED", "20261206")))

    def killed(self, *args, within):
        """Starts peel ARGS and kills it after a random moment in [0, within)."""
        p = subprocess.Popen([peeltest.PEEL, "--db", self.db, *args], env=self.env, cwd=self.dir,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(self.rng.uniform(0, within))
        p.send_signal(signal.SIGKILL)
        p.wait()
        return p.returncode

    def checked(self):
        out, _ = self.peel("check")
        self.assertNotIn("PROBLEM", out)

    def batch(self, k):
        path = os.path.join(self.dir, f"areas{k}.csv")
        with open(path, "w") as f:
            f.write("code,name,kind,publish\n")
            for i in range(ROWS):
                f.write(f"K{k:03d}-{i:05d},Area {k} {i},npa,yes\n")
        return path

    def test_record_import_is_all_or_nothing(self):
        t = time.monotonic()
        self.peel("import", "area", self.batch(999))
        took = time.monotonic() - t
        finished = 0
        for k in range(KILLS // 2):
            self.killed("import", "area", self.batch(k), within=took * 1.2)
            self.checked()
            n = self.sql("SELECT count(*) FROM area WHERE code LIKE ?", f"K{k:03d}-%")[0][0]
            audit = self.sql("SELECT count(DISTINCT record_id) FROM peel_audit WHERE type = 'area'"
                             " AND action = 'create' AND record_id IN (SELECT id FROM area WHERE"
                             " code LIKE ?)", f"K{k:03d}-%")[0][0]
            self.assertIn(n, (0, ROWS), f"batch {k}")
            self.assertEqual(audit, n, f"batch {k}: a create row per record")
            finished += n == ROWS
            # again, to the end: the batch is whole
            self.peel("import", "area", self.batch(k))
            n = self.sql("SELECT count(*) FROM area WHERE code LIKE ?", f"K{k:03d}-%")[0][0]
            self.assertEqual(n, ROWS)
        print(f"{KILLS // 2} kills of peel import: {finished} had finished, "
              f"{KILLS // 2 - finished} left nothing")

    def test_crime_import_again_gives_the_same_figures(self):
        clean = os.path.join(self.dir, "clean.db")
        self.peel("--db", clean, "init")
        t = time.monotonic()
        self.peel("--db", clean, "crime", "import", SAMPLE)
        took = time.monotonic() - t
        want = self.peel("--db", clean, "crime", "summary", "--format", "csv")[0]
        def current():
            out = self.peel("crime", "imports", "--format", "csv")[0]
            return [r for r in out.splitlines()[1:] if ",yes," in r]

        for _ in range(KILLS - KILLS // 2):
            self.killed("crime", "import", SAMPLE, within=took * 1.5)
            self.checked()
            before = current()
            # a file is recorded with all its rows, or not at all
            self.assertIn(len(before), (0, 1))
            if before:
                self.assertEqual(self.peel("crime", "summary", "--format", "csv")[0], want)
            self.peel("crime", "import", SAMPLE)
            self.assertEqual(self.peel("crime", "summary", "--format", "csv")[0], want)
            self.assertEqual(len(current()), 1)


if __name__ == "__main__":
    peeltest.main()
