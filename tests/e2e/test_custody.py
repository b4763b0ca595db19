"""Custody visiting (oversight issue): the record types' rules refuse bad
input naming the field and save nothing (a made visit by one visitor, the
same visitor twice, a visit to an inactive suite, an issue closed before it
was raised); the rota gap rule against an example worked out by hand; the
share of scheduled visits made, with the small-base rule; and what the
Panel and the public see (published records only, no rota, no volunteers)."""
import json
import re

import peeltest
import peelweb

# The tests' today (peeltest): Monday 9 October 2023.


class Custody(peeltest.PeelCase):
    def setUp(self):
        super().setUp()
        self.peel("init")
        add = self.add
        add("custody_suite", "name=Suite A", "active=yes", "publish=yes")
        add("custody_suite", "name=Suite B", "active=yes", "publish=yes")
        add("custody_suite", "name=Suite C", "active=yes", "publish=yes")
        for ref in ("V1", "V2", "V3"):
            add("icv_volunteer", f"ref={ref}", "joined=2023-01-01", "trained=2023-02-01",
                "status=active")

    def add(self, *args, status=0):
        return self.peel("add", *args, status=status)

    def count(self, type_):
        return self.sql(f'SELECT count(*) FROM "{type_}"')[0][0]

    def tables(self, *args, role=None):
        extra = ("--as", role) if role else ()
        out, _ = self.peel(*extra, "oversight", "custody", *args, "--format", "json")
        return {t["id"]: t["rows"] for t in json.loads(out)["tables"]}

    def refused(self, field, *fields):
        """Adding this visit fails naming field, and nothing is saved."""
        before = self.dump()
        _, err = self.add("icv_visit", *fields, status=2)
        self.assertIn(field + ":", err)
        self.assertEqual(self.dump(), before)
        return err

    def test_rules_refuse_and_save_nothing(self):
        base = ("kind=custody", "suite=Suite A", "date=2023-09-05")
        err = self.refused("visitor_b", "ref=X-1", *base, "outcome=made", "visitor_a=V1")
        self.assertIn("two different visitors", err)
        err = self.refused("visitor_b", "ref=X-2", *base, "outcome=made", "visitor_a=V1",
                           "visitor_b=V1")
        self.assertIn("two different visitors", err)
        self.refused("visitor_a", "ref=X-3", *base, "outcome=made", "visitor_b=V2")
        # a suite that is not active takes no visit
        self.peel("set", "custody_suite", "Suite C", "active=no")
        err = self.refused("suite", "ref=X-4", "kind=custody", "suite=Suite C",
                           "date=2023-10-20", "outcome=scheduled")
        self.assertIn("Suite C is not active", err)
        self.refused("suite", "ref=X-5", "kind=custody", "date=2023-10-20", "outcome=scheduled")
        self.refused("suite", "ref=X-6", "kind=animal_welfare", "suite=Suite A",
                     "date=2023-10-20", "outcome=scheduled")
        # the chain: raised, the force's response, closed, in that order
        made = (*base, "outcome=made", "visitor_a=V1", "visitor_b=V2")
        err = self.refused("closed", "ref=X-7", *made, "issues=No interpreter offered",
                           "raised=2023-09-06", "closed=2023-09-04")
        self.assertIn("before the issue was raised", err)
        self.refused("closed", "ref=X-8", *made, "closed=2023-09-07")
        self.refused("closed", "ref=X-9", *made, "issues=Cell too cold",
                     "raised=2023-09-06", "responded=2023-09-10", "closed=2023-09-08")
        self.refused("raised", "ref=X-10", *made, "issues=Cell too cold", "raised=2023-09-01")
        self.refused("issues", "ref=X-11", *made, "serious_issue=yes")
        # a visit still to come is not made yet; a missed one saw nobody
        self.refused("outcome", "ref=X-12", "kind=custody", "suite=Suite A",
                     "date=2023-10-20", "outcome=made", "visitor_a=V1", "visitor_b=V2")
        self.refused("detainees_seen", "ref=X-13", *base, "outcome=missed",
                     "detainees_seen=3")
        # a visitor who had not joined yet
        self.add("icv_volunteer", "ref=V9", "joined=2023-09-20", "status=recruited")
        self.refused("visitor_b", "ref=X-14", *base, "outcome=made", "visitor_a=V1",
                     "visitor_b=V9")
        self.assertEqual(self.count("icv_visit"), 0)
        # and the same through CSV import: all or nothing
        path = self.write("visits.csv", "ref,kind,suite,date,outcome,visitor_a,visitor_b\n"
                          "I-1,custody,Suite A,2023-09-05,made,V1,V2\n"
                          "I-2,custody,Suite A,2023-09-06,made,V3,\n")
        _, err = self.peel("import", "icv_visit", path, status=2)
        self.assertIn("visitor_b", err)
        self.assertEqual(self.count("icv_visit"), 0)
        # the volunteer's own rules
        _, err = self.add("icv_volunteer", "ref=V8", "joined=2023-01-01", "status=active",
                          status=2)
        self.assertIn("trained:", err)
        _, err = self.add("icv_volunteer", "ref=V8", "joined=2023-01-01",
                          "trained=2022-12-01", "status=recruited", status=2)
        self.assertIn("trained:", err)
        _, err = self.add("icv_volunteer", "ref=V8", "joined=2023-01-01", "status=left",
                          status=2)
        self.assertIn("left:", err)

    def test_rota_gap_rule(self):
        """Worked by hand.  --rota-from Wednesday 25 October 2023 starts the
        rota on Monday 23 October; two weeks: 23-29 October and 30 October -
        5 November, which crosses the month's end.
          Suite A: 24 Oct (V1+V2) and 27 Oct (V1+V3): twice in week 1, no gap;
                   31 Oct (V2+V3) and 2 Nov (V1 alone): week 2 has one by a
                   pair, no gap at one a week, a gap at two a week.
          Suite B: nothing in week 1 (a visit on Sunday 22 October is the
                   week before): gap; 5 Nov (V1 alone, the week's last day):
                   one scheduled, none by a pair: gap.
          Suite C: inactive by then: not on the rota, though it had a visit.
          A missed visit does not count."""
        a = self.add
        vis = lambda ref, suite, date, *who: a(  # noqa: E731
            "icv_visit", f"ref={ref}", "kind=custody", f"suite={suite}", f"date={date}",
            "outcome=scheduled", *who)
        vis("A-1", "Suite A", "2023-10-24", "visitor_a=V1", "visitor_b=V2")
        vis("A-2", "Suite A", "2023-10-27", "visitor_a=V1", "visitor_b=V3")
        vis("A-3", "Suite A", "2023-10-31", "visitor_a=V2", "visitor_b=V3")
        vis("A-4", "Suite A", "2023-11-02", "visitor_a=V1")
        vis("B-0", "Suite B", "2023-10-22", "visitor_a=V1", "visitor_b=V2")
        vis("B-1", "Suite B", "2023-11-05", "visitor_a=V1")
        vis("C-1", "Suite C", "2023-10-24", "visitor_a=V1", "visitor_b=V2")
        a("icv_visit", "ref=B-M", "kind=custody", "suite=Suite B", "date=2023-10-03",
          "outcome=missed")
        self.peel("set", "custody_suite", "Suite C", "active=no")
        t = self.tables("--rota-from", "2023-10-25", "--weeks", "2")
        rows = [(r["suite"], r["week_from"], r["week_to"], r["scheduled"], r["by_pair"],
                 r["gap"]) for r in t["custody-rota"]]
        self.assertEqual(rows, [
            ("Suite A", "2023-10-23", "2023-10-29", 2, 2, ""),
            ("Suite A", "2023-10-30", "2023-11-05", 2, 1, ""),
            ("Suite B", "2023-10-23", "2023-10-29", 0, 0, "Gap: 0 of 1 by a pair"),
            ("Suite B", "2023-10-30", "2023-11-05", 1, 0,
             "Gap: 0 of 1 by a pair (1 without a pair)"),
        ])
        self.assertEqual([(r["suite"], r["week_from"]) for r in t["custody-rota-gaps"]],
                         [("Suite B", "2023-10-23"), ("Suite B", "2023-10-30")])
        # the standard as a setting: two a week
        t = self.tables("--rota-from", "2023-10-23", "--weeks", "2", "--per-week", "2")
        self.assertEqual([(r["suite"], r["week_from"], r["gap"]) for r in t["custody-rota-gaps"]],
                         [("Suite A", "2023-10-30", "Gap: 1 of 2 by a pair (1 without a pair)"),
                          ("Suite B", "2023-10-23", "Gap: 0 of 2 by a pair"),
                          ("Suite B", "2023-10-30", "Gap: 0 of 2 by a pair (1 without a pair)")])
        # a week starting on the Monday it is given; the default is today's week, four weeks
        t = self.tables("--rota-from", "2023-10-30", "--weeks", "1")
        self.assertEqual({r["week_from"] for r in t["custody-rota"]}, {"2023-10-30"})
        t = self.tables()
        self.assertEqual(sorted({r["week_from"] for r in t["custody-rota"]}),
                         ["2023-10-09", "2023-10-16", "2023-10-23", "2023-10-30"])
        for bad in (("--weeks", "0"), ("--per-week", "x"), ("--rota-from", "31/02/2023")):
            with self.subTest(bad=bad):
                self.peel("oversight", "custody", *bad, status=2)
        _, err = self.peel("oversight", "nothing", status=2)
        self.assertIn("custody, scrutiny", err)

    def made(self, ref, date, minutes, seen, publish="yes", suite="Suite A"):
        self.add("icv_visit", f"ref={ref}", "kind=custody", f"suite={suite}", f"date={date}",
                 "outcome=made", "visitor_a=V1", "visitor_b=V2", f"minutes={minutes}",
                 f"detainees_seen={seen}", f"publish={publish}")

    def test_share_made(self):
        """September 2023: 3 made (90 + 60 + 75 = 225 minutes, 3.75 hours; 4 +
        2 + 0 detainees), 1 missed, 1 not yet recorded: 3 of 4 made, too few
        for a percentage.  Six more made: 9 of 10, 90%.  An animal welfare
        visit is counted apart."""
        self.made("S-1", "2023-09-04", 90, 4)
        self.made("S-2", "2023-09-11", 60, 2)
        self.made("S-3", "2023-09-18", 75, 0)
        self.add("icv_visit", "ref=S-4", "kind=custody", "suite=Suite B", "date=2023-09-25",
                 "outcome=missed", "publish=yes")
        self.add("icv_visit", "ref=S-5", "kind=custody", "suite=Suite B", "date=2023-09-26",
                 "outcome=scheduled", "publish=yes")
        self.add("icv_visit", "ref=W-1", "kind=animal_welfare", "place=Dog unit",
                 "date=2023-09-14", "outcome=made", "visitor_a=V2", "visitor_b=V3",
                 "minutes=60", "publish=yes")
        self.made("S-OUT", "2023-10-02", 30, 1)  # outside the period
        args = ("--from", "2023-09-01", "--to", "2023-09-30")
        rows = {r["kind"]: r for r in self.tables(*args)["custody-made"]}
        c = rows["Custody visits"]
        self.assertEqual((c["scheduled"], c["made"], c["missed"], c["not_recorded"]), (5, 3, 1, 1))
        self.assertEqual(c["share_made"], "3 of 4 (too few for a percentage)")
        self.assertEqual((c["minutes"], c["hours"], c["detainees_seen"]), (225, "3.75", 6))
        w = rows["Animal welfare visits"]
        self.assertEqual((w["made"], w["share_made"]), (1, "1 of 1 (too few for a percentage)"))
        self.assertEqual(rows["All visits"]["made"], 4)
        for i in range(6):
            self.made(f"S-{10 + i}", f"2023-09-{5 + i:02d}", 60, 1)
        c = {r["kind"]: r for r in self.tables(*args)["custody-made"]}["Custody visits"]
        self.assertEqual(c["share_made"], "9 of 10 (90%)")

    def test_public_and_panel(self):
        """The public and the Panel count the published visits only and see
        neither the rota nor the volunteers."""
        self.made("P-1", "2023-09-04", 60, 1)
        self.made("P-2", "2023-09-05", 60, 1, publish="no")
        args = ("--from", "2023-09-01", "--to", "2023-09-30")
        staff = self.tables(*args)
        self.assertEqual(staff["custody-made"][0]["made"], 2)
        self.assertIn("custody-rota", staff)
        self.assertIn("custody-volunteers", staff)
        for role in ("public", "panel"):
            with self.subTest(role=role):
                t = self.tables(*args, role=role)
                self.assertEqual(sorted(t), ["custody-made"])
                self.assertEqual(t["custody-made"][0]["made"], 1)
                out, _ = self.peel("--as", role, "list", "icv_visit")
                self.assertNotIn("P-2", out)
        vol = {r["item"]: r["count"] for r in staff["custody-volunteers"]}
        self.assertEqual(vol["On the scheme on 2023-09-30"], 3)


class CustodyPage(peeltest.PeelCase):
    def test_page(self):
        srv = peelweb.Server()
        try:
            srv.peel("add", "custody_suite", "name=Suite A", "active=yes", "publish=yes")
            srv.peel("add", "custody_suite", "name=ROTACANARY suite", "active=yes", "publish=no")
            c = srv.client("staff")
            r = c.get("/oversight/custody?rota_from=2023-10-09&weeks=1")
            self.assertEqual(r.status, 200)
            self.assertIn('id="custody-rota-gaps"', r.text)
            self.assertIn("ROTACANARY", r.text)
            for role in (None, "panel"):
                r = srv.client(role).get("/oversight/custody")
                self.assertEqual(r.status, 200)
                self.assertNotIn("ROTACANARY", r.text)
                self.assertNotIn('id="custody-rota', r.text)
                self.assertIn('id="custody-made"', r.text)
            r = srv.client().get("/oversight/custody?weeks=0")
            self.assertEqual(r.status, 400)
            r = srv.client().get("/oversight/custody?from=2023-10-01&to=2023-09-01")
            self.assertEqual(r.status, 400)
            self.assertTrue(re.search(r"must not be before", r.text))
        finally:
            srv.stop()
            srv.cleanup()


if __name__ == "__main__":
    peeltest.main()
