"""Layers that only look down: each folder under src/ may include its own
layer and the ones below, never one above (docs/ARCHITECTURE.md).  The
module table (src/app) and the command line sit at the top; a concern's own
folder sits there too, so nothing below may include it.  A layer's
subfolders (src/store/sqlite) are that layer.  SQLite is the store's: only
src/store includes sqlite3.h, and the crime engine reaches its tables through
store/crime_db.h alone, never the SQLite backend."""
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
ANY_INCLUDE = re.compile(r'^#\s*include\s+[<"]([^>"]+)[>"]', re.M)


def sources(src):
    """(folder under src/, path from src/, text) of every .c and .h."""
    for folder in sorted(os.listdir(src)):
        top = os.path.join(src, folder)
        if not os.path.isdir(top):
            continue
        for root, dirs, files in os.walk(top):
            dirs.sort()
            for name in sorted(files):
                if name.endswith((".c", ".h")):
                    path = os.path.join(root, name)
                    with open(path, encoding="utf-8") as f:
                        yield folder, os.path.relpath(path, src), f.read()


class Layers(unittest.TestCase):
    def test_no_include_looks_up(self):
        upward = []
        for folder, rel, text in sources(os.path.join(SOURCE, "src")):
            level = LAYERS.get(folder, TOP)
            for target in INCLUDE.findall(text):
                if LAYERS.get(target, TOP) > level:
                    upward.append(f"src/{rel} includes {target}/")
        self.assertEqual(upward, [])

    def test_sqlite_stays_in_the_store(self):
        outside = []
        for folder, rel, text in sources(os.path.join(SOURCE, "src")):
            for target in ANY_INCLUDE.findall(text):
                if target == "sqlite3.h" and folder != "store":
                    outside.append(f"src/{rel} includes sqlite3.h")
                if folder == "crime" and (target.startswith("store/sqlite/")
                                          or target == "store/store_sqlite.h"):
                    outside.append(f"src/{rel} includes {target}")
        self.assertEqual(outside, [])

    def test_the_registry_names_no_concern(self):
        with open(os.path.join(SOURCE, "src", "model", "registry.c"), encoding="utf-8") as f:
            self.assertNotIn("domain/", f.read())


if __name__ == "__main__":
    unittest.main()
