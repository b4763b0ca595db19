"""Crash safety, the short form: `peel import`, `peel crime import` and
`peel serve` under API writes are killed with SIGKILL at random moments, 50
kills in all.  After every kill `peel check` passes (integrity, references,
the audit trail whole), each import is all or nothing (a batch's rows are all
there or none are, with its audit rows), importing again gives the figures a
clean import gives, and every write the server answered 201 to is there with
its audit row.  The long form (1,000 kills) runs by hand: bench/crash.sh."""
import os
import random
import re
import signal
import subprocess
import tempfile
import threading
import time

import peeltest
import peelweb

KILLS = int(os.environ.get("PEEL_CRASH_KILLS", "50"))
# a third of the kills each: record imports, crime imports, the server
SHARE = (KILLS - KILLS // 3 * 2, KILLS // 3, KILLS // 3)
ROWS = 2000
SAMPLE = os.path.join(peeltest.SOURCE, "tests", "data", "police-uk-sample")


class Crash(peeltest.PeelCase):
    def setUp(self):
        super().setUp()
        self.peel("init")
        self.rng = random.Random(int(os.environ.get("PEEL_CRASH_SEED", "20261206")))

    def killed(self, *args, within):
        """Starts peel ARGS and kills it after a random moment in [0, within);
        returns what it had printed."""
        with tempfile.TemporaryFile() as out:
            p = subprocess.Popen([peeltest.PEEL, "--db", self.db, *args], env=self.env,
                                 cwd=self.dir, stdout=out, stderr=subprocess.DEVNULL)
            time.sleep(self.rng.uniform(0, within))
            p.send_signal(signal.SIGKILL)
            p.wait()
            out.seek(0)
            return out.read().decode()

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
        for k in range(SHARE[0]):
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
        print(f"{SHARE[0]} kills of peel import: {finished} had finished, "
              f"{SHARE[0] - finished} left nothing")

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

        for _ in range(SHARE[1]):
            said = self.killed("crime", "import", SAMPLE, within=took * 1.5)
            self.checked()
            before = current()
            # a file is recorded with all its rows, or not at all
            self.assertIn(len(before), (0, 1))
            # and the import named it only once it was in
            if "rows" in said:
                self.assertEqual(len(before), 1, "printed, then absent: " + said)
            if before:
                self.assertEqual(self.peel("crime", "summary", "--format", "csv")[0], want)
            self.peel("crime", "import", SAMPLE)
            self.assertEqual(self.peel("crime", "summary", "--format", "csv")[0], want)
            self.assertEqual(len(current()), 1)

    def serve(self):
        """Starts peel serve on a free loopback port; returns (process, port)."""
        p = subprocess.Popen([peeltest.PEEL, "--db", self.db, "serve", "--listen", "127.0.0.1:0",
                              "--threads", "2", "--no-access-log"], env=self.env, cwd=self.dir,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", p.stdout.readline())
        self.assertTrue(m, "peel serve did not start")
        return p, int(m.group(1))

    def test_serve_killed_under_writes_keeps_what_it_answered(self):
        self.peel("user", "add", "staff1", "--role", "staff", stdin=peelweb.PASSWORD + "\n")
        token = self.peel("token", "add", "staff1")[0].strip()
        acked = []  # (name, id) of every create the server answered 201
        tried = 0
        for k in range(SHARE[2]):
            proc, port = self.serve()
            stop = threading.Event()

            def writer(w):
                nonlocal tried
                c = peelweb.Client(port, token=token)
                i = 0
                while not stop.is_set():
                    name = f"Kill {k} writer {w} person {i}"
                    i += 1
                    tried += 1
                    try:
                        r = c.api("POST", "/api/v1/person", {"name": name})
                    except OSError:
                        return  # the server is gone
                    if r.status == 201:
                        acked.append((name, r.json()["id"]))
                    elif r.status != 429:
                        raise AssertionError(f"{r.status}: {r.text[:300]}")

            threads = [threading.Thread(target=writer, args=(w,)) for w in range(2)]
            for t in threads:
                t.start()
            time.sleep(self.rng.uniform(0.05, 1.0))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            stop.set()
            for t in threads:
                t.join()
            proc.stdout.close()
            self.checked()
            have = dict(self.sql("SELECT id, name FROM person"))
            for name, rid in acked:
                self.assertEqual(have.get(rid), name, f"kill {k}: an answered write was lost")
            audited = {r[0] for r in self.sql(
                "SELECT record_id FROM peel_audit WHERE type = 'person' AND action = 'create'")}
            self.assertEqual(audited, set(have), f"kill {k}: a create row per person")
        print(f"{SHARE[2]} kills of peel serve under API writes: {len(acked)} of {tried} "
              f"writes answered 201, all of them kept")


if __name__ == "__main__":
    peeltest.main()
