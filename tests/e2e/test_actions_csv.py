"""The action tracker's CSV: `peel actions --format csv` and the page's
/register/actions.csv come from one writer, so for the same filters they
are the same bytes -- the list and the counts by group alike, with the
classification column marking OFFICIAL-SENSITIVE actions in both."""
import subprocess
from urllib.parse import urlencode

from peelweb import PEEL, WebCase, main

# (the page's query, the command's options) asking for the same thing; staff
# see sensitive actions on the page, so the command is given
# --include-sensitive.
SAME = [
    ({}, []),
    ({"show": "overdue"}, ["--overdue"]),
    ({"show": "open", "organisation": "force"}, ["--open", "--organisation", "force"]),
    ({"body": "Corporate Governance Board", "as_of": "2023-07-01"},
     ["--body", "Corporate Governance Board", "--as-of", "01/07/2023"]),
    ({"owner": "nixon"}, ["--owner", "nixon"]),
    ({"by": "organisation"}, ["--by", "organisation"]),
    ({"by": "owner", "from": "2023-04-01", "to": "2023-09-30"},
     ["--by", "owner", "--from", "2023-04-01", "--to", "30/09/2023"]),
    ({"by": "objective", "show": "open"}, ["--by", "objective", "--open"]),
]


class ActionsCsv(WebCase):
    def actions(self, *args, status=0, bom=False):
        """`peel actions ARGS`: its standard output as bytes, and its errors."""
        glob = ["--bom"] if bom else []
        p = subprocess.run([PEEL, "--db", self.srv.db, *glob, "actions", *args], capture_output=True,
                           env=self.srv.env, timeout=120)
        self.assertEqual(p.returncode, status, p.stderr)
        return p.stdout, p.stderr.decode()

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.srv.peel("demo")
        cls.srv.peel("add", "action", "ref=CSVTEST-1", "title==SUM(A1) a sensitive action",
                     "raised=2023-10-02", "due=2023-10-05", "classification=OFFICIAL-SENSITIVE",
                     "arose_from=engagement", "origin_note=A test", "owner_name=OPCC")

    def test_page_and_command_give_the_same_bytes(self):
        staff = self.clients["staff"]
        for query, options in SAME:
            with self.subTest(query=query):
                page = staff.get("/register/actions.csv?" + urlencode(query))
                self.assertEqual(page.status, 200, page.text[:300])
                # the download starts with a byte-order mark for Excel; --bom asks the same
                self.assertTrue(page.body.startswith(b"\xef\xbb\xbf"))
                cmd, _ = self.actions("--format", "csv", "--include-sensitive", *options, bom=True)
                self.assertEqual(page.body, cmd)
                plain, _ = self.actions("--format", "csv", "--include-sensitive", *options)
                self.assertEqual(b"\xef\xbb\xbf" + plain, cmd)
                self.assertGreater(page.body.count(b"\r\n"), 1)

    def test_the_columns(self):
        out, _ = self.actions("--format", "csv", "--include-sensitive")
        head, *rows = out.decode().split("\r\n")
        self.assertEqual(head, "ref,title,body,meeting,owner,organisation,raised,due,status,"
                               "status_since,overdue,rag,age_days,objectives,classification")
        mine = [r for r in rows if r.startswith("CSVTEST-1,")]
        self.assertEqual(len(mine), 1)
        self.assertIn(",'=SUM(A1) a sensitive action,", mine[0])  # formula-guarded
        self.assertTrue(mine[0].endswith(",OFFICIAL-SENSITIVE"))
        # without --include-sensitive the action is left out, not unmarked
        self.assertNotIn(b"CSVTEST-1", self.actions("--format", "csv")[0])

    def test_bad_options_name_themselves(self):
        for args, msg in ((["--as-of", "31/02/2023"], "--as-of: '31/02/2023' is not a date"),
                          (["--format", "xml"], "--format: 'xml' is not one of table, csv, json"),
                          (["--body"], "--body needs a value"),
                          (["--colour", "red"], "'--colour' is not an option of actions"),
                          (["--by", "owner", "--format", "json"], "--by")):
            with self.subTest(args=args):
                _, errors = self.actions(*args, status=2)
                self.assertIn(msg, errors)


if __name__ == "__main__":
    main()
