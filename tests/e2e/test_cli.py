"""End-to-end tests of the generic record commands on a real database."""
import csv
import io
import json
import os
import re
import subprocess

import peeltest
from peeltest import PEEL, SOURCE, PeelCase, main

SAMPLE = os.path.join(SOURCE, "tests", "data", "police-uk-sample", "2022-01", "2022-01-leicestershire-street.csv")

DISTRICTS = {
    "E06000016": "Leicester", "E07000129": "Blaby", "E07000130": "Charnwood",
    "E07000131": "Harborough", "E07000132": "Hinckley and Bosworth", "E07000133": "Melton",
    "E07000134": "North West Leicestershire", "E07000135": "Oadby and Wigston",
    "E06000017": "Rutland",
}


class Init(PeelCase):
    def test_init_creates_and_is_idempotent(self):
        out, _ = self.peel("init")
        self.assertIn("schema created", out)
        out, _ = self.peel("init")
        self.assertIn("already current", out)
        tables = set(peeltest.tables(self.db))
        self.assertTrue({"area", "person", "user", "peel_audit", "peel_meta"} <= tables)

    def test_commands_need_a_database(self):
        _, err = self.peel("list", "area", status=2)
        self.assertIn("peel init", err)

    def test_help_everywhere(self):
        out, _ = self.peel("--help")
        for cmd in ("init", "demo", "types", "list", "show", "add", "set", "delete", "import",
                    "export", "history"):
            self.assertIn(cmd, out)
            sub, _ = self.peel(cmd, "--help")
            self.assertIn("usage: peel " + cmd, sub)

    def test_output_that_cannot_be_written_fails_the_command(self):
        """/dev/full: the write fails; the command says so, exits non-zero and
        a write command's change is rolled back (its output was its receipt)."""
        self.peel("init")
        with open("/dev/full", "w") as full:
            for args in (("list", "area"), ("add", "person", "name=Nobody Saved")):
                p = subprocess.run([PEEL, "--db", self.db, *args], stdout=full,
                                   stderr=subprocess.PIPE, text=True, env=self.env)
                self.assertNotEqual(p.returncode, 0, args)
                self.assertIn("writing standard output failed", p.stderr)
        out, _ = self.peel("list", "person", "--format", "csv")
        self.assertNotIn("Nobody Saved", out)

    def test_unknown_command(self):
        _, err = self.peel("frobnicate", status=2)
        self.assertIn("'frobnicate' is not a command", err)


class Demo(PeelCase):
    def setUp(self):
        super().setUp()
        self.peel("init")

    def test_demo_is_the_papers_geography_and_idempotent(self):
        self.peel("demo")
        first = self.dump()
        out, _ = self.peel("demo")
        self.assertIn("0 created, 0 updated", out)
        self.assertEqual(first, self.dump())
        rows = self.sql("SELECT a.code, a.name FROM area a JOIN area p ON a.parent = p.id "
                        "WHERE a.kind = 'district' AND p.code = 'E23000021'")
        self.assertEqual(dict(rows), DISTRICTS)

    def test_summary(self):
        self.peel("demo")
        out, _ = self.peel("summary")
        self.assertIn("Areas", out)
        self.assertRegex(out, r"District \(Community Safety Partnership\)\s+9")
        # the counts line up on their last digit, whatever a type's name
        counts = [line for line in out.split("\n")[2:] if re.search(r"\d$", line)]
        types = counts[:counts.index(next(x for x in counts if x.startswith("Police force")))]
        self.assertGreater(len(types), 10)
        self.assertEqual(len({len(x) for x in types}), 1, types)
        # and the crime data: none yet, then the sample's one street file
        self.assertRegex(out, r"street\s+0\s+0\s+none imported")
        self.peel("crime", "import", SAMPLE)
        out, _ = self.peel("summary")
        self.assertRegex(out, r"street\s+1\s+\d+\s+2022-01 to 2022-01")
        self.assertRegex(out, r"stop-and-search\s+0\s+0\s+none imported")

    def test_global_options_from_the_table(self):
        _, err = self.peel("--colour", "list", "area", status=2)
        self.assertIn("'--colour' is not an option of peel", err)
        _, err = self.peel("--db", status=2)
        self.assertIn("--db needs a value", err)
        _, err = self.peel("--as", "mayor", "list", "area", status=2)
        self.assertIn("'mayor' is not one of public, panel, staff", err)
        out, _ = self.peel("--version")
        self.assertTrue(out.startswith("peel "))
        # an option after the command is the command's, not a global one
        _, err = self.peel("list", "--quiet", "area", status=2)
        self.assertIn("'--quiet' is not an option of list", err)


class Records(PeelCase):
    def setUp(self):
        super().setUp()
        self.peel("init")
        self.peel("demo")

    def test_add_show_set_history_delete(self):
        out, _ = self.peel("add", "area", "code=LLR-NPA-01", "name=Charnwood North",
                           "kind=npa", "parent=E07000130")
        rid = out.strip()
        self.assertTrue(rid.isdigit())
        out, _ = self.peel("show", "area", "LLR-NPA-01")
        self.assertIn("Charnwood North", out)
        self.assertIn("Neighbourhood policing area", out)
        self.assertIn("Charnwood", out)
        self.peel("set", "area", rid, "name=Charnwood North and Loughborough")
        out, _ = self.peel("history", "area", rid)
        self.assertIn("tester", out)
        self.assertIn("Charnwood North and Loughborough", out)
        self.assertIn("update", out)
        rows = self.sql("SELECT field, old_value, new_value FROM peel_audit "
                        "WHERE type='area' AND record_id=? AND action='update'", int(rid))
        self.assertEqual(rows, [("name", "Charnwood North", "Charnwood North and Loughborough")])
        self.peel("delete", "area", rid)
        self.assertEqual(self.sql("SELECT count(*) FROM area WHERE id=?", int(rid)), [(0,)])
        out, _ = self.peel("history", "area", rid)
        self.assertIn("delete", out)

    def test_user_flag_and_env(self):
        out, _ = self.peel("--user", "clerk", "add", "person", "name=A Clerk")
        rows = self.sql("SELECT DISTINCT \"user\" FROM peel_audit WHERE record_id=?"
                        " AND type='person'", int(out))
        self.assertEqual(rows, [("clerk",)])

    def test_add_invalid_names_the_field(self):
        before = self.dump()
        _, err = self.peel("add", "area", "code=X1", "kind=county", status=2)
        self.assertIn("kind", err)
        self.assertIn("'county' is not one of", err)
        _, err = self.peel("add", "area", "code=X1", "kind=npa", status=2)
        self.assertIn("name: is required", err)
        _, err = self.peel("add", "area", "code=X1", "name=X", "kind=npa", "parent=NOPE",
                           status=2)
        self.assertIn("parent: no area with code 'NOPE'", err)
        _, err = self.peel("add", "area", "colour=red", status=2)
        self.assertIn("'colour' is not a field of area", err)
        _, err = self.peel("add", "area", "code=E06000016", "name=Dup", "kind=district",
                           status=2)
        self.assertIn("already used", err)
        self.assertEqual(before, self.dump())

    def test_readonly_secret_cannot_be_set(self):
        _, err = self.peel("add", "user", "name=u1", "role=staff", "password_hash=x", status=2)
        self.assertIn("password_hash", err)

    def test_list_formats_and_where(self):
        out, _ = self.peel("list", "area", "--where", "kind=district", "--format", "csv")
        rows = list(csv.DictReader(io.StringIO(out)))
        self.assertEqual({r["code"]: r["name"] for r in rows}, DISTRICTS)
        self.assertTrue(all(r["parent"] == "E23000021" for r in rows))
        out, _ = self.peel("list", "area", "--where", "parent=E23000021", "--format", "json")
        data = json.loads(out)
        self.assertEqual(len(data), 9)
        out, _ = self.peel("list", "area", "--where", "kind=force")
        self.assertIn("Leicestershire", out)
        _, err = self.peel("list", "area", "--where", "kind=county", status=2)
        self.assertIn("kind", err)
        _, err = self.peel("list", "areas", status=2)
        self.assertIn("'areas' is not a record type", err)

    def test_list_shows_the_summary_columns_or_every_field(self):
        out, _ = self.peel("list", "action")
        head = out.split("\n")[0].split()
        self.assertEqual(head[:3], ["id", "title", "ref"])
        self.assertNotIn("origin_note", head)  # not a summary column
        self.assertNotIn("provenance", head)
        out, _ = self.peel("list", "action", "--wide")
        head = out.split("\n")[0].split()
        self.assertIn("origin_note", head)
        self.assertIn("provenance", head)
        # a type without a declared summary shows every field, as before
        out, _ = self.peel("list", "person")
        self.assertIn("organisation", out.split("\n")[0])

    def test_tables_wrap_to_the_terminal_width(self):
        env = dict(self.env, COLUMNS="80")
        out, _ = self.peel("list", "action", env=env)
        lines = out.rstrip("\n").split("\n")
        self.assertLessEqual(max(len(x) for x in lines), 80)
        # nothing is cut: every word of a long title is there, in order
        title = self.sql("SELECT title FROM action WHERE ref='CGB-2023-04-01'")[0][0]
        self.assertGreater(len(title), 40)
        col, end = lines[0].index("title"), lines[0].index("ref")
        start = next(i for i, x in enumerate(lines) if x.startswith("1 "))
        cells = [lines[start][col:end].strip()]
        for x in lines[start + 1:]:
            if x[:col].strip():
                break  # the next record
            cells.append(x[col:end].strip())
        self.assertEqual(" ".join(c for c in cells if c), title)
        # not on a terminal and no COLUMNS: one line per record, as scripts expect
        env.pop("COLUMNS")
        out, _ = self.peel("list", "action", env=env)
        self.assertEqual(len(out.rstrip("\n").split("\n")), 1 + 15)

    def test_bom_for_excel(self):
        out, _ = self.peel("--bom", "list", "person", "--format", "csv")
        self.assertTrue(out.startswith("\ufeffname,"))
        out2, _ = self.peel("list", "person", "--format", "csv")
        self.assertEqual("\ufeff" + out2, out)
        out, _ = self.peel("--bom", "export", "person")
        self.assertTrue(out.startswith("\ufeff"))
        # the mark is read back as nothing: the export imports unchanged
        self.write("people-bom.csv", out)
        res, _ = self.peel("import", "person", "people-bom.csv")
        self.assertIn("0 created, 0 updated", res)

    def test_export_import_round_trip(self):
        out, _ = self.peel("export", "person")
        self.write("people.csv", out)
        before = self.dump()
        res, _ = self.peel("import", "person", "people.csv")
        self.assertIn("0 created, 0 updated, 9 unchanged", res)
        self.assertEqual(before, self.dump())

    def test_export_guards_formulas_and_round_trips(self):
        """A value a spreadsheet would run as a formula is exported with one
        apostrophe in front (CSV injection), and imported back as it was."""
        names = ['=HYPERLINK("http://x.invalid","click")', "+44 116 222 2222", "-minus",
                 "@SUM(A1)", "'=already quoted", "'plain apostrophe", "Plain"]
        for i, n in enumerate(names):
            self.peel("add", "person", f"name={n}", f"role=Role {i}")
        out, _ = self.peel("export", "person")
        rows = {r["role"]: r["name"] for r in csv.DictReader(io.StringIO(out))}
        self.assertEqual(rows["Role 0"], "'" + names[0])
        self.assertEqual(rows["Role 1"], "'+44 116 222 2222")
        self.assertEqual(rows["Role 2"], "'-minus")
        self.assertEqual(rows["Role 3"], "'@SUM(A1)")
        self.assertEqual(rows["Role 4"], "''=already quoted")
        self.assertEqual(rows["Role 5"], "'plain apostrophe")
        self.assertEqual(rows["Role 6"], "Plain")
        before = self.dump()
        self.write("people.csv", out)
        res, _ = self.peel("import", "person", "people.csv")
        self.assertIn("0 created, 0 updated", res)
        self.assertEqual(before, self.dump())

    def test_import_creates_and_updates(self):
        self.write("p.csv", "name,role,organisation\r\nNew Person,Analyst,OPCC\r\n"
                            "Lizzie Starr,Chief Executive,OPCC\r\n")
        out, _ = self.peel("import", "person", "p.csv")
        self.assertIn("1 created, 1 updated", out)
        self.assertEqual(self.sql("SELECT role FROM person WHERE name='Lizzie Starr'"),
                         [("Chief Executive",)])


class BadImport(PeelCase):
    """Every kind of bad CSV is rejected with the row and column named, and the
    database is left exactly as it was."""

    def setUp(self):
        super().setUp()
        self.peel("init")
        self.peel("demo")
        self.before = self.dump()

    def reject(self, text, *expect, mode="w", type_="area"):
        path = self.write("bad.csv", text, mode)
        _, err = self.peel("import", type_, path, status=2)
        for e in expect:
            self.assertIn(e, err)
        self.assertIn("nothing was imported", err)
        self.assertEqual(self.before, self.dump())
        return err

    def test_unknown_column(self):
        self.reject("code,name,kind,colour\nX1,X,npa,red\n", "line 1, column 4: 'colour' is not a field")

    def test_missing_required(self):
        self.reject("code,name,kind\nX1,Good,npa\nX2,,npa\n", "row 2 (line 3)", "(name): is required")

    def test_bad_enum(self):
        self.reject("code,name,kind\nX1,X,county\n", "row 1 (line 2), column 3 (kind)",
                    "'county' is not one of")

    def test_bad_reference(self):
        self.reject("code,name,kind,parent\nX1,X,npa,E99999999\n", "column 4 (parent)",
                    "no area with code 'E99999999'")

    def test_malformed_quote(self):
        self.reject('code,name,kind\nX1,"Unclosed,npa\n', "line 2", "quoted field not closed")
        self.reject('code,name,kind\nX1,Bad"Quote,npa\n', "line 2, column 2", "quote")

    def test_invalid_utf8(self):
        self.reject(b"code,name,kind\nX1,Caf\xe9,npa\n", "line 2", "UTF-8", mode="wb")

    def test_wrong_field_count(self):
        self.reject("code,name,kind\nX1,X\n", "row 1 (line 2): 2 fields where the header has 3")

    def test_all_errors_listed(self):
        err = self.reject("code,name,kind\nX1,,npa\nX2,Y,bad\nX3,Z,npa\n",
                          "row 1 (line 2)", "row 2 (line 3)", "2 errors")

    def test_good_rows_before_a_bad_one_are_not_kept(self):
        self.reject("code,name,kind\nX1,One,npa\nX2,Two,npa\nX3,Three,nope\n", "row 3")
        self.assertEqual(self.sql("SELECT count(*) FROM area WHERE code LIKE 'X%'"), [(0,)])

    def test_money_and_date_errors(self):
        # person has no money/date fields; the record-model unit tests cover those
        # types, here we check the message path through the whole binary with a
        # bad boolean on user.active.
        self.reject("name,role,active\nu1,staff,perhaps\n", "column 3 (active)",
                    "'perhaps' is not yes or no", type_="user")


if __name__ == "__main__":
    main()
