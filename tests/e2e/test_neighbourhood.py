"""Demand tables (neighbourhood): a monthly statistic with its change on the
same month one, two and three years before, to one decimal, worked by hand
from the test's own series; the demo's 999 table against the paper's
printed one-year changes (the only ones whose comparison month the paper
gives); a month imported again replaces the value and the history says so;
the page, its errors, and what the public may see."""
import json
import unittest

import peeltest
import peelweb


def obs(series, month, value, publish="yes", days=None):
    y, m = map(int, month.split("-"))
    last = days or [31, 29 if y % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    return (f"{series} {month}", series, "E23000021", f"{month}-01", f"{month}-{last:02d}",
            str(value), publish)


class Demand(peeltest.PeelCase):
    def setUp(self):
        super().setUp()
        self.peel("init")
        self.peel("demo")

    def table(self, *args, role=None):
        extra = ("--as", role) if role else ()
        out, _ = self.peel(*extra, "neighbourhood", "demand", *args, "--format", "json")
        return json.loads(out)

    def load(self, rows):
        lines = ["ref,series,area,period_from,period_to,value,publish"]
        lines += [",".join(r) for r in rows]
        self.write("obs.csv", "\n".join(lines) + "\n")
        self.peel("import", "observation", "obs.csv")

    def test_worked_by_hand(self):
        self.peel("add", "series", "name=Test calls", "unit=count", "publish=yes")
        # June in four years; a base under 10 in 2020; a quarter that is not a month
        self.load([obs("Test calls", "2023-06", 150), obs("Test calls", "2022-06", 120),
                   obs("Test calls", "2021-06", 200), obs("Test calls", "2020-06", 9),
                   obs("Test calls", "2023-05", 77)])
        self.peel("add", "observation", "ref=Test calls Q", "series=Test calls",
                  "area=E23000021", "period_from=2023-01-01", "period_to=2023-03-31", "value=5",
                  "publish=yes")
        got = self.table("--series", "Test calls")
        self.assertEqual(got["area"], "E23000021")
        self.assertEqual(got["not_monthly"], 1)
        rows = {r["month"]: (r["value"], r["change_1y"], r["change_2y"], r["change_3y"])
                for r in got["rows"]}
        # 150 on 120: +25.0%; on 200: -25.0%; on 9: base under 10
        self.assertEqual(rows["2023-06"], (150, "+25.0%", "-25.0%", "n/a (base under 10)"))
        # 120 on 200: -40.0%; on 9: none
        self.assertEqual(rows["2022-06"], (120, "-40.0%", "n/a (base under 10)", "not held"))
        self.assertEqual(rows["2023-05"], (77, "not held", "not held", "not held"))
        self.assertEqual([r["month"] for r in got["rows"]],
                         ["2023-06", "2023-05", "2022-06", "2021-06", "2020-06"])
        # the period cuts the rows, not the comparisons
        got = self.table("--series", "Test calls", "--from", "2023-06", "--to", "2023-06")
        self.assertEqual([(r["month"], r["change_1y"]) for r in got["rows"]],
                         [("2023-06", "+25.0%")])

    def test_demo_999_table_against_the_paper(self):
        """002 CGB report Appendix 3: May 2023 22.7%, April 9.5%, March 18.7%
        on a year before; the other printed changes compare with months the
        paper does not give."""
        got = self.table("--series", "999 calls")
        self.assertEqual(len(got["rows"]), 15)
        first = [(r["month"], r["value"], r["change_1y"]) for r in got["rows"][:4]]
        self.assertEqual(first, [("2023-05", 20087, "+22.7%"), ("2023-04", 17176, "+9.5%"),
                                 ("2023-03", 17972, "+18.7%"), ("2023-02", 16854, "not held")])
        self.assertTrue(all(r["change_3y"] == "not held" for r in got["rows"]))

    def test_series_with_no_month(self):
        self.peel("add", "series", "name=Empty calls", "unit=count", "publish=yes")
        got = self.table("--series", "Empty calls")
        self.assertEqual((got["rows"], got["not_monthly"]), ([], 0))

    def test_month_imported_again(self):
        self.load([obs("999 calls", "2023-06", 100)])
        self.load([obs("999 calls", "2023-06", 120)])  # the later import wins
        got = self.table("--series", "999 calls", "--from", "2023-06")
        self.assertEqual(got["rows"][0]["value"], 120)
        hist, _ = self.peel("history", "observation", "999 calls 2023-06")
        self.assertRegex(hist, r"update\s+value\s+100\s+120")

    def test_bad_arguments(self):
        _, err = self.peel("neighbourhood", "demand", "--series", "No such", status=2)
        self.assertIn("No such", err)
        _, err = self.peel("neighbourhood", "demand", "--series", "999 calls", "--area",
                           "E99", status=2)
        self.assertIn("area", err)
        self.peel("neighbourhood", "demand", status=2)
        self.peel("neighbourhood", "demand", "--series", "999 calls", "--from", "May", status=2)
        self.peel("neighbourhood", "demand", "--series", "999 calls", "--from", "2023-05",
                  "--to", "2023-01", status=2)
        self.peel("neighbourhood", "nothing", status=2)

    def test_public_sees_only_published(self):
        self.peel("add", "series", "name=DEMANDCANARY calls", "unit=count", "publish=no")
        self.load([obs("DEMANDCANARY calls", "2023-06", 150)])
        _, err = self.peel("--as", "public", "neighbourhood", "demand", "--series",
                           "DEMANDCANARY calls", status=2)
        self.assertIn("no statistic", err)
        self.load([obs("999 calls", "2023-06", 999, publish="no")])
        got = self.table("--series", "999 calls", role="public")
        self.assertNotIn("2023-06", [r["month"] for r in got["rows"]])


class DemandPage(unittest.TestCase):
    def test_page(self):
        srv = peelweb.Server(accounts=False)
        try:
            srv.peel("demo")
            srv.peel("add", "series", "name=PAGECANARY calls", "unit=count", "publish=no")
            c = srv.client()
            r = c.get("/neighbourhood/demand")
            self.assertEqual(r.status, 200)
            self.assertIn('<option value="999 calls"', r.text)
            self.assertNotIn("PAGECANARY", r.text)
            r = c.get("/neighbourhood/demand?series=999+calls&from=2023-03")
            self.assertEqual(r.status, 200)
            self.assertIn('<th scope="row">May 2023</th><td class="num">20087</td>'
                          '<td class="num">+22.7%</td>', r.text)
            self.assertNotIn("February 2023", r.text)
            r = c.get("/neighbourhood/demand?series=PAGECANARY+calls")
            self.assertEqual(r.status, 400)
            self.assertNotIn("PAGECANARY calls</", r.text)
            self.assertEqual(c.get("/neighbourhood/demand?series=999+calls&from=May").status, 400)
            self.assertEqual(c.get("/neighbourhood/demand?colour=red").status, 400)
        finally:
            srv.stop()
            srv.cleanup()


if __name__ == "__main__":
    peeltest.main()
