"""scripts/check-layers on planted trees: each kind of include across the
layers is named by file and line, the allow-list silences exactly its
entries, and an entry that matches nothing is reported for deletion.
(The ctest check_layers runs it on the real tree.)"""
import os
import subprocess
import tempfile
import unittest

SCRIPT = os.path.join(os.environ.get("PEEL_SOURCE", os.path.join(os.path.dirname(__file__),
                                                                  "..", "..")),
                      "scripts", "check-layers")


def tree(files, allow=None):
    root = tempfile.mkdtemp(prefix="peel-layers-")
    for path, text in files.items():
        full = os.path.join(root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as f:
            f.write(text)
    if allow is not None:
        os.makedirs(os.path.join(root, "scripts"), exist_ok=True)
        with open(os.path.join(root, "scripts", "check-layers.allow"), "w") as f:
            f.write(allow)
    return root


def run(root):
    p = subprocess.run(["python3", SCRIPT, root], capture_output=True, text=True)
    return p.returncode, p.stdout


class CheckLayers(unittest.TestCase):
    def test_clean_tree(self):
        rc, out = run(tree({
            "src/core/buf.c": '#include "core/buf.h"\n#include <stdio.h>\n',
            "src/model/crud.c": '#include "store/store.h"\n',
            "src/store/sqlite/store.c": '#include <sqlite3.h>\n#include "store/backend.h"\n',
            "src/domain/register_report.c": '#include "render/html.h"\n',
            "src/web/pages.c": '#include "store/web_db.h"\n#include "crime/pack.h"\n',
            "src/cli/main.c": '#include "web/server.h"\n',
        }))
        self.assertEqual((rc, out), (0, ""))

    def test_each_violation_named(self):
        rc, out = run(tree({
            "src/core/a.c": '#include "core/b.h"\n\n#  include "web/http.h"\n',
            "src/model/record.c": '#include "model/crud.h"\n',
            "src/store/store.c": '#include "domain/geo.h"\n',
            "src/web/db.c": '#include <sqlite3.h>\n',
            "src/crime/import.c": '#include "store/sqlite/sqlite.h"\n',
            "src/cli/main.c": '#include "store/backend.h"\n',
        }))
        self.assertEqual(rc, 1)
        for want in ("src/core/a.c:3: core includes web/http.h",
                     "src/model/record.c:1: model includes model/crud.h",
                     "src/store/store.c:1: store includes domain/geo.h",
                     "src/web/db.c:1: includes <sqlite3.h>",
                     "src/crime/import.c:1: includes store/sqlite/sqlite.h, private",
                     "src/cli/main.c:1: includes store/backend.h, private",
                     "6 includes across the layers"):
            self.assertIn(want, out)

    def test_allow_list(self):
        rc, out = run(tree({
            "src/model/registry.c": '#include "domain/geo.h"\n#include "domain/people.h"\n',
        }, allow="# known\nsrc/model/registry.c: domain/geo.h\n"
                 "src/crime/gone.c: store/sqlite/sqlite.h\n"))
        self.assertEqual(rc, 1)
        self.assertNotIn("domain/geo.h, of", out)
        self.assertIn("src/model/registry.c:2: model includes domain/people.h", out)
        self.assertIn("'src/crime/gone.c: store/sqlite/sqlite.h' in check-layers.allow "
                      "matches nothing", out)


if __name__ == "__main__":
    unittest.main()
