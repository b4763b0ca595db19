"""`peel --as public|panel`: the command shows what that reader sees, by the
same rule as the web (model/reader.h).  An OPCC user (no --as) sees
everything.  The database holds published records that refer to unpublished
ones whose names carry a canary; no command run as public or panel prints
it, in any format."""
import os

from peeltest import SOURCE, PeelCase, main

CANARY = "REFCANARY9c1e"
HIDDEN_MEETING = f"CGB 2023-06-15 {CANARY}"


class AsReader(PeelCase):
    def setUp(self):
        super().setUp()
        self.peel("init")
        add = lambda *a: self.peel("add", *a)
        add("person", f"name=Owner {CANARY}", "publish=no")
        add("person", "name=Published Person", "publish=yes")
        add("body", "name=Corporate Governance Board", "short_name=CGB", "kind=board",
            "publish=yes")
        add("meeting", "ref=CGB 2023-06-01", "body=Corporate Governance Board",
            "date=2023-06-01", "status=held", "publish=yes")
        add("meeting", f"ref={HIDDEN_MEETING}", "body=Corporate Governance Board",
            "date=2023-06-15", "status=held", "publish=no")
        add("item", "ref=CGB 2023-06-01 2", "meeting=CGB 2023-06-01", "number=2",
            "title=Open item", "classification=OFFICIAL", "publish=yes")
        add("item", "ref=CGB 2023-06-01 9.i", "meeting=CGB 2023-06-01", "number=9.i",
            f"title=Sensitive item {CANARY}", "classification=OFFICIAL-SENSITIVE",
            "publish=no")
        add("action", "ref=CGB-2023-06-01", "title=Published action",
            "arose_from=meeting_item", "meeting=CGB 2023-06-01", f"owner=Owner {CANARY}",
            "raised=2023-06-01", "classification=OFFICIAL", "publish=yes")
        # A change of state is shown wherever its action is: the canary is
        # in the note of an unpublished OFFICIAL-SENSITIVE action's change.
        self.peel("transition", "action", "CGB-2023-06-01", "in_progress", "--date",
                  "2023-06-10", "--note", "Work started")
        add("action", "ref=CGB-2023-06-08", f"title=Sensitive action {CANARY}",
            "arose_from=meeting_item", "meeting=CGB 2023-06-01", "raised=2023-06-01",
            "classification=OFFICIAL-SENSITIVE", "publish=no")
        self.peel("transition", "action", "CGB-2023-06-08", "in_progress", "--date",
                  "2023-06-10", "--note", f"Note {CANARY}")
        add("area", "code=E07000099", f"name=District {CANARY}", "kind=district",
            "publish=no")
        add("area", "code=E01000001", "name=Visible LSOA", "kind=lsoa",
            "parent=E07000099", "publish=yes")

    COMMANDS = [
        ("list", "person"), ("list", "person", "--format", "json"),
        ("list", "person", "--format", "csv"), ("list", "action"),
        ("list", "action", "--format", "json"), ("list", "area"),
        ("export", "action"), ("export", "area"), ("export", "action", "--format", "json"),
        ("show", "action", "CGB-2023-06-01"), ("show", "area", "E01000001"),
        ("actions",), ("actions", "--format", "csv"), ("actions", "--format", "json"),
        ("calendar", "--year", "2023"),
        ("report", "cgb", "--from", "2023-04-01", "--to", "2023-07-31", "--text"),
        ("report", "cgb", "--from", "2023-04-01", "--to", "2023-07-31"),
        ("report", "recommendations"),
        ("hmicfrs", "--year", "2023-24"),
    ]

    def test_public_and_panel_never_see_unpublished_names(self):
        for who in ("public", "panel"):
            for cmd in self.COMMANDS:
                with self.subTest(who=who, cmd=cmd):
                    out, err = self.peel("--as", who, *cmd)
                    self.assertNotIn(CANARY, out + err)
        out, _ = self.peel("--as", "public", "show", "area", "E01000001")
        self.assertIn("not published", out)
        out, _ = self.peel("--as", "public", "list", "person")
        self.assertIn("Published Person", out)
        # JSON carries references as ids: none for a record the reader may not open
        import json
        for cmd in (("list", "action", "--format", "json"),
                    ("show", "action", "CGB-2023-06-01", "--format", "json")):
            out, _ = self.peel("--as", "public", *cmd)
            obj = json.loads(out)
            obj = obj[0] if isinstance(obj, list) else obj
            self.assertIsNone(obj.get("owner"), cmd)
            self.assertIsNotNone(obj.get("meeting"), cmd)

    def test_summary_counts_only_what_the_reader_sees(self):
        import re
        count = lambda out, what: int(re.search(rf"{what}\s+(\d+)", out).group(1))
        out, _ = self.peel("--as", "public", "summary")
        self.assertEqual(count(out, "People"), 1)
        self.assertEqual(count(out, "Meetings"), 1)
        self.assertEqual(count(out, "Areas"), 1)
        self.assertEqual(count(out, "Agenda items"), 1)
        out, _ = self.peel("summary")
        self.assertEqual(count(out, "People"), 2)
        self.assertEqual(count(out, "Meetings"), 2)

    def test_opcc_user_sees_everything(self):
        out, _ = self.peel("show", "action", "CGB-2023-06-01")
        self.assertIn(f"Owner {CANARY}", out)
        out, _ = self.peel("actions")
        self.assertIn(f"Owner {CANARY}", out)
        out, _ = self.peel("report", "cgb", "--from", "2023-04-01", "--to", "2023-07-31",
                           "--text", "--internal")
        self.assertIn(f"Sensitive item {CANARY}", out)
        self.assertIn(f"Note {CANARY}", out)

    def test_hidden_records_are_not_found_like_missing_ones(self):
        _, hidden = self.peel("--as", "public", "show", "area", "E07000099", status=None)
        _, missing = self.peel("--as", "public", "show", "area", "E07000098", status=None)
        self.assertEqual(hidden.replace("E07000099", "X"), missing.replace("E07000098", "X"))
        _, hidden = self.peel("--as", "public", "list", "action", "--where",
                              f"meeting={HIDDEN_MEETING}", status=2)
        _, missing = self.peel("--as", "public", "list", "action", "--where",
                               "meeting=CGB 2023-06-15 NOSUCH", status=2)
        self.assertEqual(hidden.replace(CANARY, "X"), missing.replace("NOSUCH", "X"))

    def test_public_cannot_change_or_read_the_audit_trail(self):
        _, err = self.peel("--as", "public", "add", "person", "name=Someone", status=2)
        self.assertIn("cannot change", err)
        _, err = self.peel("--as", "panel", "history", "action", "CGB-2023-06-01", status=2)
        self.assertIn("audit trail", err)
        _, err = self.peel("--as", "public", "report", "cgb", "--from", "2023-04-01",
                           "--to", "2023-07-31", "--internal", status=2)
        self.assertIn("public version", err)
        _, err = self.peel("--as", "nobody", "list", "person", status=2)
        self.assertIn("--as", err)


class CrimeAsReader(PeelCase):
    """The crime figures and pack for a district the reader may not see
    answer as for a district that does not exist, as /crime/pack does."""

    def test_unpublished_district(self):
        data = os.path.join(SOURCE, "tests", "data")
        self.peel("init")
        self.peel("import", "area", os.path.join(SOURCE, "demo", "area.csv"))
        self.peel("area", "import", os.path.join(data, "crime", "ons-lookup-sample.csv"))
        self.peel("crime", "import", os.path.join(
            data, "police-uk-sample", "2022-01", "2022-01-leicestershire-street.csv"))
        self.peel("set", "area", "E07000130", "publish=no")  # Charnwood
        out, _ = self.peel("crime", "summary", "--area", "Charnwood")
        self.assertTrue(out)
        self.peel("--as", "public", "crime", "summary", "--area", "Blaby")
        for cmd in (("crime", "summary"), ("crime", "compare"),
                    ("crime", "pack", "--out", os.path.join(self.dir, "p.html"))):
            _, hidden = self.peel("--as", "public", *cmd, "--area", "Charnwood", status=None)
            _, missing = self.peel("--as", "public", *cmd, "--area", "Nowhere", status=None)
            with self.subTest(cmd=cmd):
                self.assertEqual(hidden.replace("Charnwood", "X"), missing.replace("Nowhere", "X"))
                self.assertNotIn("Charnwood", missing)


if __name__ == "__main__":
    main()
