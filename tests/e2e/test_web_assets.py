"""src/web/assets_data.c is generated from web/ by web/embed.cmake and
checked in: this fails when someone edits web/peel.css or web/peel.js and
forgets to regenerate it (the message says how)."""
import os
import subprocess
import tempfile
import unittest

from peeltest import SOURCE


class Assets(unittest.TestCase):
    def test_generated_file_is_current(self):
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "assets_data.c")
            subprocess.run(["cmake", "-DSRC=" + os.path.join(SOURCE, "web"), "-DOUT=" + out, "-P",
                            os.path.join(SOURCE, "web", "embed.cmake")], check=True)
            with open(out) as f:
                fresh = f.read()
        with open(os.path.join(SOURCE, "src", "web", "assets_data.c")) as f:
            self.assertTrue(fresh == f.read(),
                            "src/web/assets_data.c is stale: run "
                            "cmake -DSRC=web -DOUT=src/web/assets_data.c -P web/embed.cmake")


if __name__ == "__main__":
    unittest.main(verbosity=2)
