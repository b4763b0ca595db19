"""Layers that only look down: each folder under src/ may include its own
layer and the ones below, never one above (docs/ARCHITECTURE.md).  The
module table (src/app) and the command line sit at the top; a concern's own
folder sits there too, so nothing below may include it."""
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.dirname(__file__))
from peeltest import SOURCE  # noqa: E402

# Folders of one layer may include each other (the store's interface speaks
# of record types, the model's write path of the store).
LAYERS = {"core": 0, "model": 1, "store": 1, "render": 1, "domain": 2, "crime": 2, "web": 3,
          "cli": 4, "app": 4}
TOP = 4  # any other folder is a concern's: it may use every layer
INCLUDE = re.compile(r'^#\s*include\s+"([a-z_]+)/', re.M)


class Layers(unittest.TestCase):
    def test_no_include_looks_up(self):
        src = os.path.join(SOURCE, "src")
        upward = []
        for folder in sorted(os.listdir(src)):
            path = os.path.join(src, folder)
            if not os.path.isdir(path):
                continue
            level = LAYERS.get(folder, TOP)
            for name in sorted(os.listdir(path)):
                if not name.endswith((".c", ".h")):
                    continue
                with open(os.path.join(path, name), encoding="utf-8") as f:
                    for target in INCLUDE.findall(f.read()):
                        if LAYERS.get(target, TOP) > level:
                            upward.append(f"src/{folder}/{name} includes {target}/")
        self.assertEqual(upward, [])

    def test_the_registry_names_no_concern(self):
        with open(os.path.join(SOURCE, "src", "model", "registry.c"), encoding="utf-8") as f:
            self.assertNotIn("domain/", f.read())


if __name__ == "__main__":
    unittest.main()
