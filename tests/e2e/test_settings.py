"""Settings: the office's own numbers the rules read, each declared by its
concern with a default and a range.  `peel settings` lists them; a setting
recorded changes what the rules read (the custody rota's visits a week);
an undeclared name or a value out of range is refused naming the field,
nothing saved; deleting it returns to the default."""
import json

import peeltest


class Settings(peeltest.PeelCase):
    def setUp(self):
        super().setUp()
        self.peel("init")

    def rows(self):
        out, _ = self.peel("settings")
        return {line.split()[0]: line for line in out.splitlines()[1:] if line.strip()}

    def test_declared_defaults_and_changes(self):
        rows = self.rows()
        self.assertIn("contact_reply_days", rows)
        self.assertIn("10 working days", rows["contact_reply_days"])
        self.assertIn("icv_visits_per_week", rows)
        self.assertNotIn("changed", rows["icv_visits_per_week"])
        self.peel("add", "setting", "name=icv_visits_per_week", "value=2",
                  "note=Board decision")
        self.assertIn("changed", self.rows()["icv_visits_per_week"])
        # the rota reads it: one active suite, one pair's visit in the week
        self.peel("add", "custody_suite", "name=Test suite", "active=yes")
        out, _ = self.peel("oversight", "custody", "--rota-from", "2024-07-01", "--weeks", "1",
                           "--format", "json")
        text = json.dumps(json.loads(out))
        self.assertIn("Test suite", text)
        hist, _ = self.peel("history", "setting", "icv_visits_per_week")
        self.assertIn("Board decision", hist)
        self.peel("delete", "setting", "icv_visits_per_week")
        self.assertNotIn("changed", self.rows()["icv_visits_per_week"])

    def test_refused_naming_the_field(self):
        _, err = self.peel("add", "setting", "name=no_such_setting", "value=1", status=2)
        self.assertIn("name", err)
        self.assertIn("no_such_setting", err)
        _, err = self.peel("add", "setting", "name=contact_reply_days", "value=0", status=2)
        self.assertIn("value", err)
        self.assertIn("1 to 60", err)
        self.assertEqual(self.sql('SELECT count(*) FROM "setting"')[0][0], 0)
        self.peel("settings", "--nonsense", status=2)


if __name__ == "__main__":
    peeltest.main()
