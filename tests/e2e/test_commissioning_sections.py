"""The sections commissioning supplies to the Panel's papers
(src/commissioning/sections.c), through `peel commissioning section`: each
builds for staff and for the public; a withheld record's canary is in the
staff text and absent from the public one; the budget section's sum and the
funded-projects rows are checked against the demo CSVs read here, not
against the code's output."""
import csv
import os

import peeltest
import peelweb

NOW = "2024-11-01T12:00:00Z"
SECTIONS = ("funded-projects", "safer-streets-tracker", "csp-allocations",
            "commissioning-budget", "grants-month", "spend-month")


def demo_rows(name):
    with open(os.path.join(peeltest.SOURCE, "demo", f"{name}.csv"), newline="") as f:
        return list(csv.DictReader(f))


def pence(text):
    pounds, _, p = text.partition(".")
    return int(pounds) * 100 + int((p + "00")[:2])


def money(p):
    """£1,234.50 as peel prints money."""
    return f"£{p // 100:,}.{p % 100:02d}"


class Sections(peeltest.PeelCase):
    def setUp(self):
        super().setUp()
        self.env["PEEL_NOW"] = NOW
        self.peel("init")
        self.peel("demo")

    def section(self, name, *args, reader=None):
        pre = ("--as", reader) if reader else ()
        return self.peel(*pre, "commissioning", "section", name, *args)[0]

    def add_canaries(self):
        add = lambda *a: self.peel("add", *a)
        add("organisation", "name=CANARY-ORG", "publish=no")
        add("award", "ref=CANARY-W", "fund=Commissioner's Safety Fund",
            "organisation=The Grove Community Hub", "amount=100", "awarded_on=2024-09-10",
            "purpose=CANARY-PURPOSE", "publish=no")
        add("monitoring_visit", "ref=CANARY-V", "award=CANARY-W", "date=2024-09-12",
            "who=Deputy PCC", "outputs=CANARY-OUTPUT", "publish=no")
        add("intervention", "ref=CANARY-IV", "fund=Safer Streets 5", "kind=cctv",
            "measure=CANARY-MEASURE", "target=50", "delivered=5", "unit=cameras",
            "due=2025-03-31", "area=E07000135", "publish=no")
        add("budget_line", "ref=CANARY-BL", "year=2022-23", "category=CANARY-CATEGORY",
            "amount=1", "publish=no")
        add("allocation", "ref=CANARY-A", "partnership=CANARY-CSP", "year=2024-25",
            "amount=1000", "publish=no")
        add("spend", "ref=CANARY-S", "spender=pcc", "paid_on=2024-09-20",
            "recipient=CANARY-SUPPLIER", "amount=900", "purpose=Withheld", "publish=no")

    def test_each_section_for_staff_and_public(self):
        self.add_canaries()
        args = ("--from", "2024-08-01", "--to", "2024-09-30")
        canaries = {
            "funded-projects": ("CANARY-OUTPUT", ()),
            "safer-streets-tracker": ("CANARY-MEASURE", ("--params", "fund=Safer Streets 5")),
            "csp-allocations": ("CANARY-CSP", ("--params", "fy=2024-25")),
            "commissioning-budget": ("CANARY-CATEGORY", ("--params", "fy=2022-23")),
            "grants-month": ("CANARY-PURPOSE", ("--params", "month=2024-09")),
            "spend-month": ("CANARY-SUPPLIER", ()),
        }
        for name in SECTIONS:
            canary, extra = canaries[name]
            staff = self.section(name, *args, *extra)
            public = self.section(name, *args, *extra, reader="public")
            self.assertIn(canary, staff, name)
            self.assertNotIn("CANARY", public, name)
            self.assertTrue(public.strip(), name)
        # The withheld grant is neither named nor counted for the public.
        public = self.section("grants-month", "--params", "month=2024-09", reader="public")
        self.assertIn("No grant is recorded as made in September 2024.", public)
        staff = self.section("grants-month", "--params", "month=2024-09")
        self.assertIn("September 2024: 1, £100.00 in all", staff)
        # Nor the withheld allocation: the public sees that none is recorded.
        public = self.section("csp-allocations", "--params", "fy=2024-25", reader="public")
        self.assertIn("No Community Safety Partnership allocation is recorded for 2024-25.",
                      public)

    def test_budget_against_the_demo_csv(self):
        lines = [r for r in demo_rows("budget_line")
                 if r["year"] == "2022-23" and r["publish"] == "yes"]
        cats = [(r["category"], pence(r["amount"])) for r in lines if r["is_total"] != "yes"]
        totals = [pence(r["amount"]) for r in lines if r["is_total"] == "yes"]
        out = self.section("commissioning-budget", "--params", "fy=2022-23", reader="public")
        for cat, p in cats:
            self.assertIn(f"{cat} | {money(p)}", out)
        total = sum(p for _, p in cats)
        self.assertIn(f"Sum of the categories | {money(total)}", out)
        self.assertEqual(len(totals), 1)
        word = "agrees with" if totals[0] == total else "differs from"
        self.assertIn(f"The printed total ({money(totals[0])}) {word}", out)

    def test_projects_against_the_demo_csv(self):
        visits = {r["award"]: r for r in demo_rows("monitoring_visit") if r["publish"] == "yes"}
        awards = [r for r in demo_rows("award") if r["ref"] in visits]
        out = self.section("funded-projects", "--from", "2024-08-01", "--to", "2024-09-30",
                           reader="public")
        self.assertIn("Funded projects visited, 1 August 2024 to 30 September 2024", out)
        body = [ln for ln in out.splitlines() if " | " in ln][1:]
        self.assertEqual(len(body), len(awards))
        for a in awards:
            p = pence(a["amount"])
            short = f"£{p // 100:,}" if p % 100 == 0 else money(p)
            self.assertTrue(any(a["organisation"] in ln and f"| {short} |" in ln
                                for ln in body), a["ref"])

    def test_bad_parameters(self):
        _, err = self.peel("commissioning", "section", "csp-allocations", "--params", "fy=2024",
                           status=2)
        self.assertIn("fy", err)
        _, err = self.peel("commissioning", "section", "grants-month", status=2)
        self.assertIn("month", err)
        _, err = self.peel("commissioning", "section", "no-such", status=2)
        self.assertIn("funded-projects", err)
        # with nothing recorded the section says so
        out = self.section("csp-allocations", "--params", "fy=2019-20")
        self.assertIn("No Community Safety Partnership allocation is recorded for 2019-20.", out)


class Api(peeltest.PeelCase):
    """The JSON twins of the CSP and budget views: the budget's categories
    and sum against the demo CSV; a withheld line or allocation is neither
    listed nor counted for the public."""

    def test_csp_and_budget_json(self):
        srv = peelweb.Server(accounts=False)
        try:
            srv.peel("demo")
            srv.peel("add", "budget_line", "ref=CANARY-BL", "year=2022-23",
                     "category=CANARY-CATEGORY", "amount=1", "publish=no")
            srv.peel("add", "allocation", "ref=CANARY-A", "partnership=CANARY-CSP",
                     "year=2024-25", "amount=1000", "publish=no")
            c = srv.client()
            lines = [r for r in demo_rows("budget_line")
                     if r["year"] == "2022-23" and r["publish"] == "yes"]
            cats = [(r["category"], pence(r["amount"])) for r in lines if r["is_total"] != "yes"]
            total = [pence(r["amount"]) for r in lines if r["is_total"] == "yes"][0]
            r = c.get("/api/v1/commissioning/budget?year=2022-23")
            self.assertEqual(r.status, 200)
            v = r.json()["data"][0]
            self.assertEqual([(x["category"], x["amount_pence"]) for x in v["rows"]], cats)
            self.assertEqual(v["sum_pence"], sum(p for _, p in cats))
            self.assertEqual(v["printed_total_pence"], total)
            self.assertEqual(v["agrees"], total == sum(p for _, p in cats))
            self.assertNotIn("CANARY", r.text)
            r = c.get("/api/v1/commissioning/csp?year=2024-25")
            self.assertEqual(r.status, 200)
            v = r.json()["data"][0]
            self.assertEqual((v["rows"], v["allocation_pence"]), ([], 0))
            self.assertNotIn("CANARY", r.text)
            self.assertEqual(c.get("/api/v1/commissioning/csp?year=2024").status, 400)
            self.assertEqual(c.get("/api/v1/commissioning/budget?x=1").status, 400)
            doc = c.get("/api/v1/openapi.json").json()
            self.assertIn("/api/v1/commissioning/csp", doc["paths"])
            self.assertIn("/api/v1/commissioning/budget", doc["paths"])
        finally:
            srv.stop()
            srv.cleanup()


if __name__ == "__main__":
    peeltest.main()
