"""`make install` (cmake --install): peel lands in PREFIX/bin, and under
DESTDIR when staging a package; the installed binary runs from the PATH.
Installs the build the tests use into a temporary folder."""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from peeltest import PEEL, SOURCE  # noqa: E402

BUILD = os.path.dirname(os.path.abspath(PEEL))


class Install(unittest.TestCase):
    def setUp(self):
        if not shutil.which("cmake") or not os.path.exists(os.path.join(BUILD, "CMakeCache.txt")):
            self.skipTest("no cmake build folder beside the peel binary")
        self.dir = tempfile.mkdtemp(prefix="peel-install-")
        self.addCleanup(shutil.rmtree, self.dir)

    def install(self, prefix, env=None):
        p = subprocess.run(["cmake", "--install", BUILD, "--prefix", prefix], capture_output=True,
                           text=True, env=env or os.environ, timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr)

    def test_prefix_puts_peel_on_the_path(self):
        prefix = os.path.join(self.dir, "usr")
        self.install(prefix)
        binary = os.path.join(prefix, "bin", "peel")
        self.assertTrue(os.access(binary, os.X_OK))
        env = dict(os.environ, PATH=os.path.join(prefix, "bin") + os.pathsep + os.environ["PATH"])
        p = subprocess.run(["peel", "--version"], capture_output=True, text=True, env=env,
                           cwd=self.dir, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertTrue(p.stdout.startswith("peel "))
        db = os.path.join(self.dir, "x.db")
        p = subprocess.run(["peel", "--db", db, "init"], capture_output=True, text=True, env=env,
                           cwd=self.dir, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)

    def test_destdir_stages(self):
        stage = os.path.join(self.dir, "stage")
        self.install("/usr/local", env=dict(os.environ, DESTDIR=stage))
        self.assertTrue(os.access(os.path.join(stage, "usr", "local", "bin", "peel"), os.X_OK))

    def test_make_install_says_how(self):
        with open(os.path.join(SOURCE, "Makefile"), encoding="utf-8") as f:
            make = f.read()
        self.assertIn("cmake --install $(BUILD) --prefix \"$(PREFIX)\"", make)
        with open(os.path.join(SOURCE, "README.md"), encoding="utf-8") as f:
            self.assertIn("make install", f.read())


if __name__ == "__main__":
    unittest.main(verbosity=2)
