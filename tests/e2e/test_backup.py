"""Backup, restore and check: `peel backup` copies the database and its
papers' files (checked against their SHA-256); `peel check` finds a
changed paper and a missing audit row; `peel restore` refuses a backup that
fails its check and an existing database without --force, and with it
keeps the old one beside the new."""
import os
import re
import sqlite3

import peeltest

PDF = os.path.join(peeltest.SOURCE, "tests", "data", "papers", "pcp-2023-10-09-agenda.pdf")


class Backup(peeltest.PeelCase):
    def setUp(self):
        super().setUp()
        self.peel("init")
        self.peel("demo")
        out, _ = self.peel("attach", "meeting", "PCP 2023-10-09", PDF, "--title", "Agenda",
                           "--kind", "agenda")
        self.assertRegex(out, r"attached paper \d+")

    def path(self, name):
        return os.path.join(self.dir, name)

    def check(self, db, status=0):
        out, _ = self.peel("--db", db, "check", status=status)
        return out

    def test_backup_restore_check(self):
        out = self.check(self.db)
        for what in ("integrity", "foreign keys", "audit trail", "attachments"):
            self.assertRegex(out, rf"(?m)^ok\s+{what}\s")
        _, err = self.peel("backup", self.path("b.db"))
        self.assertIn("with 1 paper file", err)
        files = [os.path.join(d, f) for d, _, fs in os.walk(self.path("b.files")) for f in fs]
        self.assertEqual(len(files), 1)
        # restore into a new place, then refuse over it without --force
        _, err = self.peel("--db", self.path("c.db"), "restore", self.path("b.db"))
        self.assertIn("with 1 paper file", err)
        self.check(self.path("c.db"))
        self.assertEqual(self.peel("--db", self.path("c.db"), "summary")[0].split("\n", 1)[1],
                         self.peel("summary")[0].split("\n", 1)[1])
        _, err = self.peel("--db", self.path("c.db"), "restore", self.path("b.db"), status=2)
        self.assertIn("--force", err)
        _, err = self.peel("--db", self.path("c.db"), "restore", self.path("b.db"), "--force")
        kept = re.search(r"kept as (\S+)", err).group(1)
        self.assertTrue(os.path.exists(kept))
        # a paper changed on disk: check says so, and a backup refuses it
        with open(files[0], "ab") as f:
            f.write(b"tampered")
        out = self.check(self.path("b.db"), status=1)
        self.assertRegex(out, r"PROBLEM\s+attachments\s+paper \d+ \("
                              r"\"Agenda\"\): its file has changed, its bytes no longer match")
        _, err = self.peel("--db", self.path("d.db"), "restore", self.path("b.db"), status=2)
        self.assertIn("fails its check", err)
        self.assertFalse(os.path.exists(self.path("d.db")))

    def test_missing_audit_row(self):
        con = sqlite3.connect(self.db)
        with con:
            con.execute("DELETE FROM peel_audit WHERE id = 5")
        con.close()
        out = self.check(self.db, status=1)
        self.assertRegex(out, r"PROBLEM\s+audit trail\s+\d+ rows numbered 1 to \d+: 1 missing")

    def test_backup_never_over_a_file(self):
        with open(self.path("x.db"), "w") as f:
            f.write("keep me")
        _, err = self.peel("backup", self.path("x.db"), status=2)
        self.assertIn("already exists", err)
        with open(self.path("x.db")) as f:
            self.assertEqual(f.read(), "keep me")


if __name__ == "__main__":
    peeltest.main()
