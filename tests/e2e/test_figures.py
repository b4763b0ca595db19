"""`peel figures` on the demo: every transcribed figure with its status,
checked against tests/data/figures/expected.csv, worked out by hand from
the demo's records (never by running peel); the seeds' slips found with
their reasons; the reader's view (a figure is computed from the records the
reader may see, and says so); bad input refused naming the field; and the
migration of the old HMICFRS year as reported into figures, history kept."""
import csv
import json
import os

import peeltest
from peeltest import SOURCE, connect, tables

EXPECTED = os.path.join(SOURCE, "tests", "data", "figures", "expected.csv")
COLS = ["key", "label", "paper", "period", "printed", "computed", "status", "why"]


def expected():
    with open(EXPECTED, newline="", encoding="utf-8") as f:
        return {r["key"]: r for r in csv.DictReader(f)}


class Figures(peeltest.PeelCase):
    def setUp(self):
        super().setUp()
        self.peel("init")
        self.peel("demo")

    def figures(self, *args, role=None):
        extra = ("--as", role) if role else ()
        out, _ = self.peel(*extra, "figures", "--format", "json", *args)
        return {f["key"]: f for f in json.loads(out)}

    def test_every_figure_as_worked_out_by_hand(self):
        want = expected()
        got = self.figures()
        self.assertEqual(sorted(got), sorted(want))
        for key, e in want.items():
            with self.subTest(key=key):
                g = got[key]
                self.assertEqual(g["status"], e["status"], g["why"])
                if e["computed"]:
                    v = g["value"]
                    value = v["numerator"] / v["denominator"]
                    if g["unit"] == "money":
                        value /= 100
                    self.assertAlmostEqual(value, float(e["computed"]), places=4)
                else:
                    self.assertIsNone(g["value"])
                    self.assertTrue(g["why"], "a figure that cannot be computed says why")

    def test_the_slips(self):
        """The figures that differ in the demo, each with its reason."""
        got = self.figures("--status", "differs")
        self.assertEqual(sorted(got), ["001-oocr-domestic-share", "002-ar-cgb-meetings-2022-23",
                                       "002-ar-commissioning-income-2022-23",
                                       "002-ar-complaint-reviews-upheld-share",
                                       "002-ar-foi-within-21-days-share-2022-23",
                                       "002-cgb-savings-2023-05"])
        # 2 of 106 is 1.8868%: the paper truncates where peel rounds
        self.assertIn("1.8868% truncated, not rounded, gives 1.8%",
                      got["002-ar-complaint-reviews-upheld-share"]["why"])
        # 13 of 45 is 28.89% and 14 of 45 is 31.11%: no count gives 30%
        self.assertIn("No whole count out of 45 gives 30%: 13 of 45 is 28.9% and 14 of 45 is "
                      "31.1%", got["001-oocr-domestic-share"]["why"])
        # 19 of 22 is 86.36%, 20 of 22 is 90.91%: no count gives 90.1%
        self.assertIn("No whole count out of 22 gives 90.1%: 19 of 22 is 86.36% and 20 of 22 "
                      "is 90.91%", got["002-ar-foi-within-21-days-share-2022-23"]["why"])
        # the pack names one CGB meeting in 2022-23; the annual report counts 9
        self.assertEqual(got["002-ar-cgb-meetings-2022-23"]["why"],
                         "peel computes 1 where the paper prints 9: a difference of -8.")
        # June CGB: £800,000 + £582,000 is £1,382,000, not the £1.5 million stated
        self.assertIn("a difference of -£118,000", got["002-cgb-savings-2023-05"]["why"])
        # the annual report's text: £4.8m income; its own chart: 3.4 (£m)
        self.assertIn("where the paper prints £4.8m",
                      got["002-ar-commissioning-income-2022-23"]["why"])

    def test_command_shape(self):
        out, _ = self.peel("figures", "--format", "csv")
        rows = list(csv.reader(out.splitlines()))
        self.assertEqual(rows[0], COLS)
        self.assertEqual(len(rows) - 1, len(expected()))
        out, _ = self.peel("figures", "--paper", "000", "--format", "csv")
        self.assertTrue(all(r[2].startswith("000") for r in list(csv.reader(out.splitlines()))[1:]))
        out, _ = self.peel("figures")
        self.assertIn(f"{len(expected())} figures:", out)
        # a report: 0 even though figures differ; 2 on bad arguments
        for bad in (("--status", "wrong"), ("--format", "xml"), ("--colour",)):
            with self.subTest(bad=bad):
                _, err = self.peel("figures", *bad, status=2)
                self.assertIn(bad[0], err)
        # the protests change: (109 - 72) / 72 = +51.39%, printed +51%
        f = self.figures("--paper", "000")["000-protests-change-2022-2023"]
        self.assertEqual((f["printed"], f["computed"], f["status"]), ("+51%", "51.4%", "agrees"))

    def test_reader_sees_only_what_is_published(self):
        self.peel("add", "figure", "key=test-actions", "label=Actions raised at CGB",
                  "compute=count", "unit=count", "over=action", "printed=24",
                  "filters=arose_from = meeting_item", "classification=OFFICIAL", "publish=yes")
        self.peel("add", "action", "ref=TEST-UNPUBLISHED", "title=Not for the public",
                  "arose_from=meeting_item", "raised=2023-09-01", "meeting=CGB 2023-04-19")
        staff = self.figures()["test-actions"]
        public = self.figures(role="public")["test-actions"]
        n = self.sql("SELECT count(*) FROM action WHERE arose_from = 'meeting_item'")[0][0]
        published = self.sql("SELECT count(*) FROM action WHERE arose_from = 'meeting_item'"
                             " AND publish = 1")[0][0]
        self.assertEqual(n, published + 1)
        self.assertEqual(staff["computed"], str(n))
        self.assertEqual(public["computed"], str(published))
        self.assertIn("Computed from the records peel publishes.", public["why"])
        self.assertNotIn("TEST-UNPUBLISHED", json.dumps(public))
        self.assertNotIn("publishes", staff["why"])
        # an unpublished figure is not there for the public at all
        self.peel("set", "figure", "test-actions", "publish=no")
        self.assertNotIn("test-actions", self.figures(role="public"))
        self.assertNotIn("test-actions", self.figures(role="panel"))
        # a figure resting on a staff-only field cannot be published
        _, err = self.peel("add", "figure", "key=test-internal", "label=x", "compute=count",
                           "unit=count", "over=action", "filters=provenance = x",
                           "publish=yes", status=2)
        self.assertIn("filters", err)
        self.assertIn("for staff only", err)
        # unpublished, it is kept; the public reader could not compute it anyway
        self.peel("add", "figure", "key=test-internal", "label=x", "compute=count", "unit=count",
                  "over=action", "filters=provenance = x")

    def test_indicators(self):
        """An indicator's red, amber or green against its target or a
        comparison, worked out here from the count of actions."""
        n = self.sql("SELECT count(*) FROM action")[0][0]
        obj = "Value for money"
        cases = [(str(n), "", "green"), (str(n + 3), "5", "amber"), (str(n + 10), "5", "red"),
                 (str(n + 1), "", "red")]
        for i, (target, amber, rag) in enumerate(cases):
            with self.subTest(target=target, amber=amber):
                self.peel("add", "figure", f"key=test-ind-{i}", "label=Actions recorded",
                          "compute=count", "unit=count", "over=action", f"objective={obj}",
                          "direction=higher_better", f"target={target}",
                          f"amber_within={amber}", "measure=Actions recorded",
                          "classification=OFFICIAL", "publish=yes")
                f = self.figures("--indicators")[f"test-ind-{i}"]
                self.assertEqual((f["status"], f["computed"], f["rag"]), ("unprinted", str(n), rag))
        # lower is better: below the target is green
        self.peel("add", "figure", "key=test-ind-low", "label=Actions recorded",
                  "compute=count", "unit=count", "over=action", f"objective={obj}",
                  "direction=lower_better", f"target={n + 1}", "classification=OFFICIAL")
        self.assertEqual(self.figures()["test-ind-low"]["rag"], "green")
        # compared with another figure rather than a target
        self.peel("add", "figure", "key=test-ind-cmp", "label=Actions recorded",
                  "compute=count", "unit=count", "over=action", f"objective={obj}",
                  "direction=lower_better", "compare_to=test-ind-0", "classification=OFFICIAL")
        self.assertEqual(self.figures()["test-ind-cmp"]["rag"], "green")
        # a target with no direction is refused
        _, err = self.peel("add", "figure", "key=test-ind-bad", "label=x", "compute=count",
                           "unit=count", "over=action", "target=3", status=2)
        self.assertIn("direction", err)
        # the demo's indicators: the DA and VAWG update's figures, no target
        demo = {k: f for k, f in self.figures("--indicators").items() if k.startswith("002")}
        self.assertIn("002-vawg-crimes-2022-23", demo)
        self.assertTrue(all("rag" not in f for f in demo.values()))

    def test_records_with_no_date_are_named_in_every_period(self):
        """Figures over one series in two periods each name the series'
        undated values (counted once for both, so each must still be
        right); a figure over another series names its own; a figure
        resting on one the reader may not open says so, in a list of
        every figure and in the indicators alone."""
        p = self.peel
        for name in ("Test calls", "Test other"):
            p("add", "series", f"name={name}", "unit=count", "publish=yes")
        for ref, series, month, value in [("TO-1", "Test calls", "2022-05", 3),
                                          ("TO-2", "Test calls", "2022-06", 5),
                                          ("TO-3", "Test calls", "2023-05", 7),
                                          ("TO-4", "Test calls", None, 11),
                                          ("TO-5", "Test calls", None, 13),
                                          ("TO-6", "Test other", "2022-05", 17),
                                          ("TO-7", "Test other", None, 19)]:
            dates = [f"period_from={month}-01", f"period_to={month}-28"] if month else []
            p("add", "observation", f"ref={ref}", f"series={series}", f"value={value}",
              "publish=yes", *dates)
        for key, series, year, publish in [("test-calls-2022", "Test calls", 2022, "yes"),
                                           ("test-calls-2023", "Test calls", 2023, "no"),
                                           ("test-other-2022", "Test other", 2022, "yes")]:
            p("add", "figure", f"key={key}", "label=Calls", "compute=sum", "unit=count",
              "over=observation", "field=value", "date_field=period_from",
              f"filters=series = {series}", f"period_from={year}-04-01",
              f"period_to={year + 1}-03-31", "classification=OFFICIAL", f"publish={publish}")
        p("add", "figure", "key=test-calls-growth", "label=Calls, change", "compute=difference",
          "unit=count", "a=test-calls-2023", "b=test-calls-2022", "objective=Value for money",
          "direction=lower_better", "target=0", "classification=OFFICIAL", "publish=yes")
        staff, public = self.figures(), self.figures(role="public")
        for got in (staff, public):
            self.assertEqual(got["test-calls-2022"]["computed"], "8")
            self.assertIn("2 statistic values have no From and fall in no period.",
                          got["test-calls-2022"]["why"])
            self.assertEqual(got["test-other-2022"]["computed"], "17")
            self.assertIn("One of the statistic values has no From and falls in no period.",
                          got["test-other-2022"]["why"])
        self.assertEqual(staff["test-calls-2023"]["computed"], "7")
        self.assertIn("2 statistic values have no From", staff["test-calls-2023"]["why"])
        self.assertEqual(staff["test-calls-growth"]["computed"], "-1")
        self.assertNotIn("test-calls-2023", public)
        for got in (public, self.figures("--indicators", role="public")):
            g = got["test-calls-growth"]
            self.assertEqual((g["status"], g["value"]), ("cannot", None))
            self.assertIn("It rests on figure test-calls-2023, which is not available.",
                          g["why"])
        self.assertEqual(self.figures("--indicators")["test-calls-growth"]["computed"], "-1")

    def test_more_records_than_are_linked(self):
        """A count or sum over more records than a figure links (50) is
        counted and summed by the store; over fewer, from the records
        linked: both the same, worked out here from the rows written."""
        rows = ["ref,series,value,amount,period_from,period_to,publish"]
        for name, n, gap in [("Test many", 60, None), ("Test gaps", 55, 7), ("Test few", 9, 4)]:
            for i in range(1, n + 1):
                value = ",1.00" if i == gap else f"{i},"  # an amount, but no value
                rows.append(f"{name[5:]}-{i},{name},{value},2022-05-01,2022-05-31,yes")
        for name in ("Test many", "Test gaps", "Test few"):
            self.peel("add", "series", f"name={name}", "unit=count", "publish=yes")
        self.peel("import", "observation", self.write("many.csv", "\n".join(rows) + "\n"))
        for name in ("many", "gaps", "few"):
            for compute in ("sum", "count"):
                self.peel("add", "figure", f"key=test-{name}-{compute}", "label=Many",
                          f"compute={compute}", "unit=count", "over=observation",
                          "field=value", "date_field=period_from",
                          f"filters=series = Test {name}", "period_from=2022-04-01",
                          "period_to=2023-03-31", "classification=OFFICIAL")
        got = self.figures()
        for key, computed, records, why in [
                ("test-many-sum", f"{60 * 61 // 2:,}", 60, ""),
                ("test-many-count", "60", 60, ""),
                ("test-gaps-sum", "", 55, "1 of the 55 statistic values has no Value."),
                ("test-gaps-count", "55", 55, ""),
                ("test-few-sum", "", 9, "1 of the 9 statistic values has no Value."),
                ("test-few-count", "9", 9, "")]:
            with self.subTest(key=key):
                g = got[key]
                self.assertEqual(g["computed"], computed, g["why"])
                self.assertEqual(g["computed_from"]["records"], records)
                self.assertEqual(len(g["computed_from"]["ids"]), min(records, 50))
                self.assertIn(why, g["why"])

    def test_a_days_condition_on_a_missing_date(self):
        """A count resting on days between two dates cannot be computed
        from a record missing one of them, and says how many miss it."""
        undated = self.sql("SELECT ref FROM action WHERE due IS NULL ORDER BY ref")
        n = self.sql("SELECT count(*) FROM action")[0][0]
        self.assertTrue(1 < len(undated) < n)
        for key, filters, why in [
                ("test-days-all", "days(raised, due) <= 28",
                 f"Of the {n} actions, {len(undated)} have no Due, so peel cannot tell"
                 " whether they count."),
                ("test-days-one", f"days(raised, due) <= 28; ref = {undated[0][0]}",
                 "Of the 1 actions, 1 has no Due, so peel cannot tell whether it counts.")]:
            self.peel("add", "figure", f"key={key}", "label=Actions due within 28 days",
                      "compute=count", "unit=count", "over=action", f"filters={filters}",
                      "classification=OFFICIAL")
            g = self.figures()[key]
            self.assertEqual((g["status"], g["value"]), ("cannot", None))
            self.assertIn(why, g["why"])

    def test_bad_figures_are_refused(self):
        base = ["key=test-bad", "label=A figure", "unit=count"]
        cases = [
            (["compute=count", "over=nosuchtype"], "over", "no record type nosuchtype"),
            (["compute=count", "over=action", "filters=colour = red"], "filters",
             "action has no field colour"),
            (["compute=sum", "over=action", "field=title"], "field", "not a whole-number"),
            (["compute=count", "over=action", "period_from=2023-04-01",
              "period_to=2023-03-31"], "period_to", "ends before it starts"),
            (["compute=count", "over=action", "printed=lots"], "printed", "no number"),
            (["compute=percentage", "a=nope", "b=nope2", "unit=percent"], "a",
             "there is no figure nope"),
            (["compute=count", "over=action", "printed=over 9", "rounding=round"], "rounding",
             "bound"),
        ]
        for extra, field, msg in cases:
            with self.subTest(field=field):
                _, err = self.peel("add", "figure", *base, *extra, status=2)
                self.assertIn(f"{field}: figure test-bad: ", err)
                self.assertIn(msg, err)
                self.assertEqual(self.sql("SELECT count(*) FROM figure WHERE key = 'test-bad'"),
                                 [(0,)])

    @peeltest.sqlite_only("a database from before figures were records: none on PostgreSQL")
    def test_hmicfrs_year_migrates_with_its_history(self):
        """A database from before figures were records held the annual
        report's HMICFRS figure as an hmicfrs_year row: peel init turns it
        into three figures and keeps its audit trail."""
        con = connect(self.db)
        con.executescript("""
            CREATE TABLE hmicfrs_year (id INTEGER PRIMARY KEY, created_at TEXT NOT NULL,
              updated_at TEXT NOT NULL, fy TEXT, responses INTEGER, within INTEGER,
              printed TEXT, provenance TEXT, publish INTEGER);
            INSERT INTO hmicfrs_year VALUES (1, '2023-10-01T09:00:00Z', '2023-10-01T09:00:00Z',
              '2022-23', 7, 6, 'Six of the seven responses (86%) were published in time.',
              '002 PCC annual report 2022-23', 1);
            INSERT INTO peel_audit (id, type, record_id, at, "user", action, field, old_value,
              new_value) SELECT coalesce(max(id), 0) + 1, 'hmicfrs_year', 1,
              '2023-10-01T09:00:00Z', 'clerk', 'create', NULL, NULL, NULL FROM peel_audit;
            DELETE FROM peel_migrations WHERE version = 402;
        """)
        con.commit()
        con.close()
        self.peel("init")
        self.assertNotIn("hmicfrs_year", tables(self.db))
        rows = dict(self.sql("SELECT key, printed FROM figure WHERE key LIKE 'hmicfrs-%'"))
        self.assertEqual(rows, {"hmicfrs-responses-2022-23": "7",
                                "hmicfrs-within-56-days-2022-23": "6",
                                "hmicfrs-56-days-2022-23": "86%"})
        fid = self.sql("SELECT id FROM figure WHERE key = 'hmicfrs-56-days-2022-23'")[0][0]
        self.assertEqual(self.sql("SELECT \"user\" FROM peel_audit WHERE type = 'figure' AND "
                                  "record_id = ?", fid), [("clerk",)])
        got = self.figures()
        self.assertEqual(got["hmicfrs-responses-2022-23"]["status"], "agrees")
        self.assertEqual(got["hmicfrs-56-days-2022-23"]["status"], "cannot")


if __name__ == "__main__":
    peeltest.main()
