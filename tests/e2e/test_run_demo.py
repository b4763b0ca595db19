"""`make run`'s main job (scripts/run-demo): on an empty database it loads the
demo records and the committed police.uk sample (when no ../shared/data is
given), prints the demo admin's new password, and serves; the crime pages
then answer.  Counts are checked against the sample file itself."""
import csv
import http.client
import os
import re
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from peeltest import PEEL, SOURCE, drop_database, new_database  # noqa: E402

SAMPLE = os.path.join(SOURCE, "tests", "data", "police-uk-sample", "2022-01",
                      "2022-01-leicestershire-street.csv")


class RunDemo(unittest.TestCase):
    def test_fresh_database_with_the_sample(self):
        with tempfile.TemporaryDirectory(prefix="peel-run-demo-") as d:
            db = new_database(d)
            self.addCleanup(drop_database, db)
            env = dict(os.environ, PEEL_DB=db,
                       PEEL_DATA=os.path.join(d, "no-data-here"),
                       PEEL_LISTEN="127.0.0.1:0", PEEL_USER="tester")
            proc = subprocess.Popen([os.path.join(SOURCE, "scripts", "run-demo"), PEEL],
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                    env=env, cwd=d)
            out, port = "", None
            try:
                for line in proc.stdout:
                    out += line
                    m = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", line)
                    if m:
                        port = int(m.group(1))
                        break
                self.assertIsNotNone(port, out)
                # the only address printed is the one it really listens on
                self.assertNotIn(":8080", out)
                self.assertEqual(re.findall(r"http://[\d.:]+/", out), [f"http://127.0.0.1:{port}/"])
                self.assertIn("Importing the police.uk sample", out)
                self.assertRegex(out, r"Demo admin account: admin / \S{20,}")
                with open(SAMPLE, newline="", encoding="utf-8") as f:
                    rows = sum(1 for _ in csv.DictReader(f))
                self.assertIn(f"; {rows} rows", out)
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                c.request("GET", "/crime")
                r = c.getresponse()
                page = r.read().decode()
                self.assertEqual(r.status, 200)
                self.assertIn("/crime/pack/", page)
                c.close()
            finally:
                proc.terminate()
                proc.wait(timeout=60)
                proc.stdout.close()


if __name__ == "__main__":
    unittest.main(verbosity=2)
