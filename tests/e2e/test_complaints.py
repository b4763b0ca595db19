"""Complaint reviews: the rules refuse bad input naming the field and save
nothing (the 28-day window, a determination before receipt, a forwarded
date that does not fit who the relevant review body is); the working days
to determination across bank holidays, counted by hand below; the days
before a review was forwarded not counted; the national average beside the
office's own mean for the same quarter; upheld and recommendation counted
apart; a public reader neither sees nor counts an unpublished review."""
import json

import peeltest
import peelweb

NOW = "2025-03-01T12:00:00Z"
CANARY = "CRCANARY7f3"


class ComplaintReviews(peeltest.PeelCase):
    def setUp(self):
        super().setUp()
        self.env["PEEL_NOW"] = NOW
        self.peel("init")

    def add(self, *fields, status=0):
        return self.peel("add", "complaint_review", *fields, status=status)

    def count(self, ref=None):
        if ref:
            return self.sql("SELECT count(*) FROM complaint_review WHERE ref = ?", ref)[0][0]
        return self.sql("SELECT count(*) FROM complaint_review")[0][0]

    def view(self, frm, to, role=None):
        extra = ("--as", role) if role else ()
        out, _ = self.peel(*extra, "oversight", "complaints", "--from", frm, "--to", to,
                           "--format", "json")
        return {(r["section"], r["item"]): r["value"] for r in json.loads(out)["rows"]}

    def test_28_day_window(self):
        # told the outcome on 1 February 2024; 2024 is a leap year, so day 28
        # is 29 February and day 29 is 1 March
        self.add("ref=IN-28", "received=2024-02-29", "outcome_told=2024-02-01", "pcc_relevant=yes")
        self.assertEqual(self.count("IN-28"), 1)
        _, err = self.add("ref=LATE-29", "received=2024-03-01", "outcome_told=2024-02-01",
                          "pcc_relevant=yes", status=2)
        self.assertIn("received", err)
        self.assertIn("29 days", err)
        self.assertIn("late_reason", err)
        self.assertEqual(self.count("LATE-29"), 0)
        self.add("ref=LATE-29", "received=2024-03-01", "outcome_told=2024-02-01",
                 "pcc_relevant=yes", "late_reason=The complainant was in hospital")
        self.assertEqual(self.count("LATE-29"), 1)
        # an application before the complainant was told the outcome
        _, err = self.add("ref=EARLY", "received=2024-01-31", "outcome_told=2024-02-01",
                          "pcc_relevant=yes", status=2)
        self.assertIn("received", err)
        self.assertEqual(self.count("EARLY"), 0)
        rows = self.view("2024-02-01", "2024-03-31")
        self.assertEqual(rows[("Received", "2024-02-01 to 2024-03-31")], "2")
        self.assertEqual(rows[("Received", "Out of time (over 28 days), accepted with a reason")],
                         "1")

    def test_determination_before_receipt_refused(self):
        before = self.dump()
        _, err = self.add("ref=D-1", "received=2024-05-10", "pcc_relevant=yes",
                          "determined=2024-05-09", "outcome=reasonable", status=2)
        self.assertIn("determined", err)
        self.assertIn("received", err)
        self.assertEqual(self.dump(), before)
        # an outcome, upheld or recommendation needs the determination
        for field in ("outcome=reasonable", "upheld=yes", "recommendation_made=yes"):
            with self.subTest(field=field):
                _, err = self.add("ref=D-2", "received=2024-05-10", "pcc_relevant=yes", field,
                                  status=2)
                self.assertIn(field.split("=")[0], err)
        self.assertEqual(self.count(), 0)

    def test_forwarded_days_not_counted(self):
        _, err = self.add("ref=F-0", "received=2024-12-02", "pcc_relevant=no", status=2)
        self.assertIn("forwarded", err)
        _, err = self.add("ref=F-0", "received=2024-12-02", "pcc_relevant=yes",
                          "forwarded=2024-12-03", status=2)
        self.assertIn("forwarded", err)
        _, err = self.add("ref=F-0", "received=2024-12-02", "pcc_relevant=no",
                          "forwarded=2024-11-29", status=2)
        self.assertIn("forwarded", err)
        self.assertEqual(self.count(), 0)
        # received Monday 2 December 2024, forwarded Friday 20 December,
        # determined Monday 6 January 2025.  From the forwarding: 23 (1), 24
        # (2), [25, 26 Christmas and Boxing Day], 27 (3), 30 (4), 31 (5),
        # [1 January], 2 (6), 3 (7), 6 (8): 8 working days.  From receipt it
        # would be 22 (3-6, 9-13 and 16-20 December are 14 more).
        self.add("ref=F-1", "received=2024-12-02", "pcc_relevant=no", "forwarded=2024-12-20",
                 "determined=2025-01-06", "outcome=reasonable")
        rows = self.view("2025-01-01", "2025-01-31")
        self.assertEqual(rows[("Reviews determined in the period", "F-1")], "8")
        self.assertEqual(rows[("Working days to determination",
                               "2025-01-01 to 2025-03-31: this office")], "8")
        rows = self.view("2024-12-01", "2024-12-31")
        self.assertEqual(rows[("Received", "Forwarded: the PCC is not the relevant review body")],
                         "1")
        # forwarded: not outstanding with the office
        self.assertEqual(rows[("Outstanding", "On 2024-12-31")], "0")

    def test_working_days_across_christmas_and_new_year(self):
        # Friday 20 December 2024 to Monday 6 January 2025: 23 (1), 24 (2),
        # [25, 26], 27 (3), 30 (4), 31 (5), [1 January], 2 (6), 3 (7), 6 (8)
        self.add("ref=W-1", "received=2024-12-20", "pcc_relevant=yes", "determined=2025-01-06",
                 "outcome=reasonable")
        # Friday 22 December 2023 to Wednesday 3 January 2024: [25, 26
        # December, Monday and Tuesday], 27 (1), 28 (2), 29 (3), [1 January,
        # Monday], 2 (4), 3 (5)
        self.add("ref=W-2", "received=2023-12-22", "pcc_relevant=yes", "determined=2024-01-03",
                 "outcome=reasonable")
        rows = self.view("2024-01-01", "2025-01-31")
        self.assertEqual(rows[("Reviews determined in the period", "W-1")], "8")
        self.assertEqual(rows[("Reviews determined in the period", "W-2")], "5")
        self.assertEqual(rows[("Working days to determination",
                               "2024-01-01 to 2024-03-31: this office")], "5")

    def test_national_average_beside_the_same_quarter(self):
        self.peel("demo")
        # Tuesday 2 April to Tuesday 30 April 2024: 3-5 (3), 8-12 (8), 15-19
        # (13), 22-26 (18), 29-30 (20): 20 working days.
        self.add("ref=Q-1", "received=2024-04-02", "pcc_relevant=yes", "determined=2024-04-30",
                 "outcome=reasonable")
        # Wednesday 1 May to Friday 7 June 2024: 2-3 (2), [6 May, early May
        # bank holiday], 7-10 (6), 13-17 (11), 20-24 (16), [27 May, spring
        # bank holiday], 28-31 (20), 3-7 June (25): 25 working days.
        self.add("ref=Q-2", "received=2024-05-01", "pcc_relevant=yes", "determined=2024-06-07",
                 "outcome=not_reasonable", "upheld=yes", "recommendation_made=yes")
        rows = self.view("2024-04-01", "2024-06-30")
        # (20 + 25) / 2 = 22.5, beside seed 001 para 56's national 55
        self.assertEqual(rows[("Working days to determination",
                               "2024-04-01 to 2024-06-30: this office")], "22.5")
        self.assertEqual(rows[("Working days to determination",
                               "2024-04-01 to 2024-06-30: national average")], "55")
        # a quarter imported as the IOPC publishes it
        path = self.write("national.csv",
                          "ref,series,period_from,period_to,value,provenance,publish\n"
                          "National 2024-07-01,\"Complaint review working days, national "
                          "average\",2024-07-01,2024-09-30,48,IOPC statistics (test),yes\n")
        self.peel("import", "observation", path)
        self.add("ref=Q-3", "received=2024-07-01", "pcc_relevant=yes", "determined=2024-07-05",
                 "outcome=reasonable", "recommendation_made=yes",
                 "recommendations=Return the complaint to the force for re-investigation")
        rows = self.view("2024-04-01", "2024-09-30")
        self.assertEqual(rows[("Working days to determination",
                               "2024-07-01 to 2024-09-30: this office")], "4")
        self.assertEqual(rows[("Working days to determination",
                               "2024-07-01 to 2024-09-30: national average")], "48")
        # upheld and recommendation made counted apart
        self.assertEqual(rows[("Determined in the period", "")], "3")
        self.assertEqual(rows[("Determined in the period", "Upheld")], "1")
        self.assertEqual(rows[("Determined in the period", "Recommendation made")], "2")
        self.assertEqual(rows[("Determined in the period", "Recommendation made, not upheld")],
                         "1")
        # 1 of 3 is 33.33%: rounded and truncated both 33.3%
        self.assertEqual(rows[("Determined in the period", "Upheld share (rounded)")], "33.3%")
        self.assertEqual(rows[("Determined in the period", "Upheld share (truncated)")], "33.3%")
        # no national average imported for October to December
        rows = self.view("2024-10-01", "2024-12-31")
        self.assertEqual(rows[("Working days to determination",
                               "2024-10-01 to 2024-12-31: national average")], "not imported")

    def test_change_on_a_year_before(self):
        def csv_of(prefix, day, n):
            lines = ["ref,received,pcc_relevant"]
            lines += [f"{prefix}-{i},{day},yes" for i in range(n)]
            return "\n".join(lines) + "\n"

        self.peel("import", "complaint_review", self.write("a.csv", csv_of("A", "2023-07-10", 9)))
        rows = self.view("2024-07-01", "2024-08-31")
        self.assertEqual(rows[("Received", "Change on a year before")], "not given")
        self.peel("import", "complaint_review", self.write("b.csv", csv_of("B", "2023-08-10", 1)))
        self.peel("import", "complaint_review", self.write("c.csv", csv_of("C", "2024-08-01", 12)))
        rows = self.view("2024-07-01", "2024-08-31")
        self.assertEqual(rows[("Received", "2023-07-01 to 2023-08-31 (a year before)")], "10")
        # 12 on 10: +20%
        self.assertEqual(rows[("Received", "Change on a year before")], "+20%")
        # 2 upheld of 106 (the annual report): rounded 1.9%, truncated 1.8%
        lines = ["ref,received,pcc_relevant,determined,outcome,upheld"]
        lines += [f"U-{i},2022-05-02,yes,2022-06-01,"
                  f"{'not_reasonable' if i < 2 else 'reasonable'},{'yes' if i < 2 else 'no'}"
                  for i in range(106)]
        self.peel("import", "complaint_review", self.write("u.csv", "\n".join(lines) + "\n"))
        rows = self.view("2022-04-01", "2023-03-31")
        self.assertEqual(rows[("Determined in the period", "Upheld share (rounded)")], "1.9%")
        self.assertEqual(rows[("Determined in the period", "Upheld share (truncated)")], "1.8%")

    def test_public_neither_sees_nor_counts_unpublished(self):
        self.add(f"ref={CANARY}", "received=2024-07-02", "pcc_relevant=yes", "publish=no")
        self.add("ref=PUB-1", "received=2024-07-03", "pcc_relevant=yes", "publish=yes")
        self.add("ref=PUB-2", "received=2024-07-04", "pcc_relevant=yes", "publish=yes",
                 "determined=2024-07-10", "outcome=reasonable")
        staff = self.view("2024-07-01", "2024-08-31")
        self.assertEqual(staff[("Received", "2024-07-01 to 2024-08-31")], "3")
        self.assertEqual(staff[("Outstanding", "On 2024-08-31")], "2")
        self.assertEqual(staff[("Reviews determined in the period", "PUB-2")], "4")
        out, _ = self.peel("--as", "public", "oversight", "complaints", "--from", "2024-07-01",
                           "--to", "2024-08-31", "--format", "json")
        self.assertNotIn(CANARY, out)
        rows = {(r["section"], r["item"]): r["value"] for r in json.loads(out)["rows"]}
        self.assertEqual(rows[("Received", "2024-07-01 to 2024-08-31")], "2")
        self.assertEqual(rows[("Outstanding", "On 2024-08-31")], "1")
        # the aggregate only: no review is listed to the public
        self.assertNotIn("PUB-2", out)
        out, _ = self.peel("--as", "panel", "oversight", "complaints", "--from", "2024-07-01",
                           "--to", "2024-08-31", "--format", "json")
        self.assertNotIn(CANARY, out)

    def test_bad_arguments(self):
        _, err = self.peel("oversight", "complaints", "--from", "2024-08-01", "--to",
                           "2024-07-01", status=2)
        self.assertIn("--to", err)
        _, err = self.peel("oversight", "nonsense", status=2)
        self.assertIn("complaints", err)


class ComplaintsPage(peeltest.PeelCase):
    def test_page_for_the_public(self):
        srv = peelweb.Server(accounts=False)
        try:
            srv.peel("demo")
            srv.peel("add", "complaint_review", f"ref={CANARY}", "received=2024-05-02",
                     "pcc_relevant=yes", "determined=2024-05-10", "outcome=reasonable",
                     "publish=no")
            c = srv.client()
            r = c.get("/oversight/complaints?from=2024-04-01&to=2024-06-30")
            self.assertEqual(r.status, 200)
            self.assertNotIn(CANARY, r.text)
            row = '<tr><td>{}</td><th scope="row">{}</th><td class="num">{}</td>'
            self.assertIn(row.format("Working days to determination",
                                     "2024-04-01 to 2024-06-30: national average", "55"), r.text)
            self.assertIn(row.format("Working days to determination",
                                     "2024-04-01 to 2024-06-30: this office", "none determined"),
                          r.text)
            self.assertIn(row.format("Determined in the period", "Total", "0"), r.text)
            self.assertEqual(c.get("/oversight/complaints?from=2024-09-01&to=2024-08-01").status,
                             400)
            self.assertEqual(c.get("/oversight/complaints?colour=red").status, 400)
        finally:
            self.assertEqual(srv.stop(), 0, srv.log())
            srv.cleanup()


if __name__ == "__main__":
    peeltest.main()
