"""The monthly publication of the Specified Information Order (Schedule
para 3(f) and (g)): `peel commissioning spend --month`, /commissioning/spend
and its CSV list the month's grants and every other item of expenditure
exceeding £500, for the reader.  The test writes its own items as CSV and
works out the month's list from those rows here (over £500 strictly, paid in
the month, published for the public); a withheld item's canary never shows
to the public, in the list, the count of small items or the CSV.  The demo
holds no payments (the papers give no payment lists) and says so."""
import csv
import io
import json

import peeltest
import peelweb

SPEND = """ref,spender,paid_on,recipient,amount,purpose,value_for_money,category,publish
S-1,pcc,2024-09-03,Supplier One,500.00,Exactly £500: not listed,,Stationery,yes
S-2,pcc,2024-09-04,Supplier Two,500.01,A penny over,Three quotes,Premises,yes
S-3,chief_constable,2024-09-30,Supplier Three,12345.67,Vehicle parts,Framework,Fleet,yes
S-4,pcc,2024-10-01,Supplier Four,9000,Next month,,,yes
S-5,pcc,2024-08-31,Supplier Five,9000,Last month,,,yes
S-6,pcc,2024-09-15,CANARY-SUPPLIER,7000,CANARY-PURPOSE,,,no
S-7,pcc,2024-09-16,Supplier Seven,20,CANARY-SMALL,,,no
S-8,chief_constable,2024-09-01,Supplier Eight,100000,Radio airtime,Home Office contract,ICT,yes
"""
SPENDERS = {"pcc": "The Police and Crime Commissioner",
            "chief_constable": "The Chief Constable"}


def pence(text):
    pounds, _, p = text.partition(".")
    return int(pounds) * 100 + int((p + "00")[:2])


def expected(month, public):
    listed, small = [], 0
    for r in csv.DictReader(io.StringIO(SPEND)):
        if public and r["publish"] != "yes":
            continue
        if not r["paid_on"].startswith(month):
            continue
        if pence(r["amount"]) <= 50000:
            small += 1
            continue
        listed.append(r)
    listed.sort(key=lambda r: (r["paid_on"], r["ref"]))
    return listed, small


class Spend(peeltest.PeelCase):
    def setUp(self):
        super().setUp()
        self.env["PEEL_NOW"] = "2024-11-01T12:00:00Z"
        self.peel("init")
        self.peel("import", "spend", self.write("spend.csv", SPEND))

    def check(self, got, want, small):
        items = got["expenditure"]
        self.assertEqual([i["reference"] for i in items], [w["ref"] for w in want])
        for i, w in zip(items, want):
            self.assertEqual((i["paid_on"], i["recipient"], i["amount_pence"], i["purpose"],
                              i["value_for_money"], i["spender"], i["category"]),
                             (w["paid_on"], w["recipient"], pence(w["amount"]), w["purpose"],
                              w["value_for_money"], SPENDERS[w["spender"]], w["category"]))
        self.assertEqual(got["expenditure_total_pence"], sum(pence(w["amount"]) for w in want))
        self.assertEqual(got["at_or_under_500"], small)

    def test_month_for_staff_and_public(self):
        for public in (False, True):
            pre = ("--as", "public") if public else ()
            out, _ = self.peel(*pre, "commissioning", "spend", "--month", "2024-09", "--format",
                               "json")
            got = json.loads(out)
            self.assertEqual(got["due_as_soon_as_practicable_after"], "2024-09-30")
            want, small = expected("2024-09", public)
            self.check(got, want, small)
            if public:
                self.assertNotIn("CANARY", out)
            csv_out, _ = self.peel(*pre, "commissioning", "spend", "--month", "2024-09",
                                   "--format", "csv")
            rows = list(csv.DictReader(io.StringIO(csv_out.lstrip("\ufeff"))))
            self.assertEqual([(r["list"], r["reference"], pence(r["amount"])) for r in rows],
                             [("expenditure", w["ref"], pence(w["amount"])) for w in want])
            if public:
                self.assertNotIn("CANARY", csv_out)
        # staff see the withheld items, the small one counted
        out, _ = self.peel("commissioning", "spend", "--month", "2024-09")
        self.assertIn("CANARY-SUPPLIER", out)
        self.assertIn("2 items of £500 or less in the month, not listed", out)
        out, _ = self.peel("--as", "public", "commissioning", "spend", "--month", "2024-09")
        self.assertIn("1 item of £500 or less in the month, not listed", out)
        self.assertIn("due as soon as practicable after 30 September 2024", out)

    def test_grants_of_the_month_listed_too(self):
        self.peel("add", "organisation", "name=Org A", "publish=yes")
        self.peel("add", "award", "ref=W1", "organisation=Org A", "amount=1000.50",
                  "awarded_on=2024-09-10", "purpose=Youth boxing", "conditions=Quarterly report",
                  "crime_reduction=Diverts young people from ASB", "publish=yes")
        self.peel("add", "award", "ref=W2", "organisation=Org A", "amount=10",
                  "awarded_on=2024-09-11", "purpose=GRANT-CANARY", "publish=no")
        out, _ = self.peel("--as", "public", "commissioning", "spend", "--month", "2024-09",
                           "--format", "json")
        got = json.loads(out)
        self.assertEqual([(g["reference"], g["amount_pence"], g["conditions"], g["reasons"])
                          for g in got["grants"]],
                         [("W1", 100050, "Quarterly report", "Diverts young people from ASB")])
        self.assertNotIn("GRANT-CANARY", out)
        out, _ = self.peel("--as", "public", "commissioning", "spend", "--month", "2024-09",
                           "--format", "csv")
        self.assertIn("grant,W1,2024-09-10,Org A,1000.50,Youth boxing,Quarterly report,"
                      "Diverts young people from ASB", out)

    def test_bad_input(self):
        before = self.dump()
        for args, field in ((("amount=12.345",), "amount"), (("amount=0",), "amount"),
                            (("purpose=",), "purpose"), (("spender=mayor",), "spender"),
                            (("paid_on=31/02/2024",), "paid_on")):
            base = {"ref": "B1", "spender": "pcc", "paid_on": "2024-09-01",
                    "recipient": "X", "amount": "600", "purpose": "Y"}
            for a in args:
                k, _, v = a.partition("=")
                base[k] = v
            _, err = self.peel("add", "spend", *[f"{k}={v}" for k, v in base.items() if v],
                               status=2)
            self.assertIn(f"{field}:", err)
        self.assertEqual(self.dump(), before)
        self.peel("commissioning", "spend", status=2)
        self.peel("commissioning", "spend", "--month", "Sept", status=2)

    def test_page(self):
        srv = peelweb.Server(accounts=False)
        try:
            srv.peel("import", "spend", self.write("spend.csv", SPEND))
            c = srv.client()
            # The front of commissioning leads to the monthly list and the open data.
            front = c.get("/commissioning").text
            for href in ("/commissioning/spend", "/commissioning/360giving.json",
                         "/commissioning/360giving.csv"):
                self.assertIn(f'href="{href}"', front)
            r = c.get("/commissioning/spend?month=2024-09")
            self.assertEqual(r.status, 200)
            want, small = expected("2024-09", True)
            for w in want:
                self.assertIn(w["recipient"], r.text)
            self.assertNotIn("CANARY", r.text)
            self.assertIn(f"{small} item of £500 or less, not listed.", r.text)
            self.assertIn("due as soon as practicable after 30 September 2024", r.text)
            r = c.get("/commissioning/spend.csv?month=2024-09")
            self.assertEqual(r.status, 200)
            rows = list(csv.DictReader(io.StringIO(r.text.lstrip("\ufeff"))))
            self.assertEqual([x["reference"] for x in rows], [w["ref"] for w in want])
            self.assertNotIn("CANARY", r.text)
            self.assertEqual(c.get("/commissioning/spend?month=Sept").status, 400)
            self.assertEqual(c.get("/commissioning/spend.csv?x=1").status, 400)
            self.assertIn("No item of expenditure over £500 is recorded for the month.",
                          c.get("/commissioning/spend?month=2024-07").text)
        finally:
            srv.stop()
            srv.cleanup()


class Demo(peeltest.PeelCase):
    def test_demo_has_no_payments(self):
        self.peel("init")
        self.peel("demo")
        out, _ = self.peel("--as", "public", "commissioning", "spend", "--month", "2024-09")
        self.assertIn("No item of expenditure over £500 is recorded for the month.", out)


if __name__ == "__main__":
    peeltest.main()
