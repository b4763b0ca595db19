"""Freedom of Information requests: the statutory clock (the 20th working
day after receipt; stopped while clarification is sought and started afresh
when it arrives) against dates counted by hand across Christmas, New Year and
a year end; a restart with no stop refused, naming the field, nothing saved;
on time, within a public-interest extension, late; and the disclosure log,
which shows only responses released and published and never a requester."""
import json

import peeltest
import peelweb

NOW = "2025-03-01T12:00:00Z"
CANARY_REQUESTER = "FOICANARY-requester-5e1"
CANARY_UNRELEASED = "FOICANARY-refused-9b2"
CANARY_UNPUBLISHED = "FOICANARY-unpublished-c44"


class FoiClock(peeltest.PeelCase):
    def setUp(self):
        super().setUp()
        self.env["PEEL_NOW"] = NOW
        self.peel("init")

    def add(self, *fields, status=0):
        return self.peel("add", "foi_request", *fields, status=status)

    def count(self):
        return self.sql("SELECT count(*) FROM foi_request")[0][0]

    def rows(self, frm, to, role=None):
        extra = ("--as", role) if role else ()
        out, _ = self.peel(*extra, "oversight", "foi", "--from", frm, "--to", to, "--format",
                           "json")
        return {(r["section"], r["item"]): (r["value"], r["note"])
                for r in json.loads(out)["rows"]}

    def due(self, ref, frm, to):
        return self.rows(frm, to)[("Requests received in the period (due date)", ref)][0]

    def test_due_across_christmas_and_new_year(self):
        # received Tuesday 10 December 2024: 11 (1), 12 (2), 13 (3), 16-20
        # (4-8), 23 (9), 24 (10), [25 Christmas Day, 26 Boxing Day], 27 (11),
        # 30 (12), 31 (13), [1 January 2025], 2 (14), 3 (15), 6-10 (16-20)
        self.add("ref=C-1", "received=2024-12-10", "request=Budget for PCSOs")
        self.assertEqual(self.due("C-1", "2024-12-01", "2024-12-31"), "2025-01-10")
        # received Friday 15 December 2023: 18-22 (1-5), [25 and 26
        # December, Monday and Tuesday], 27 (6), 28 (7), 29 (8), [Monday 1
        # January 2024], 2-5 (9-12), 8-12 (13-17), 15 (18), 16 (19), 17 (20)
        self.add("ref=C-2", "received=2023-12-15", "request=Custody visits")
        self.assertEqual(self.due("C-2", "2023-12-01", "2023-12-31"), "2024-01-17")

    def test_clarification_stop_across_a_year_end(self):
        # received Monday 2 December 2024, clarification sought Thursday 5
        # December (the clock stops), received Thursday 2 January 2025: the
        # 20 working days start afresh: 3 (1), 6-10 (2-6), 13-17 (7-11),
        # 20-24 (12-16), 27 (17), 28 (18), 29 (19), 30 (20)
        self.add("ref=S-1", "received=2024-12-02", "request=Grants awarded",
                 "clarification_sought=2024-12-05", "clarification_received=2025-01-02")
        # clarification received Friday 20 December 2024: 23 (1), 24 (2),
        # [25, 26], 27 (3), 30 (4), 31 (5), [1 January], 2 (6), 3 (7), 6-10
        # (8-12), 13-17 (13-17), 20 (18), 21 (19), 22 (20)
        self.add("ref=S-2", "received=2024-12-02", "request=Grants refused",
                 "clarification_sought=2024-12-18", "clarification_received=2024-12-20")
        # sought and not yet received: the clock is stopped
        self.add("ref=S-3", "received=2024-12-02", "request=Vehicles",
                 "clarification_sought=2024-12-04")
        rows = self.rows("2024-12-01", "2024-12-31")
        key = "Requests received in the period (due date)"
        self.assertEqual(rows[(key, "S-1")][0], "2025-01-30")
        self.assertEqual(rows[(key, "S-2")][0], "2025-01-22")
        self.assertEqual(rows[(key, "S-3")][0], "stopped")
        self.assertEqual(rows[("In the period", "Clarification sought")][0], "3")
        # on 31 December, S-1 and S-3 are waiting for their clarification
        self.assertEqual(rows[("Outstanding", "Awaiting clarification")][0], "2")
        self.assertEqual(rows[("Outstanding", "Overdue")][0], "0")

    def test_restart_without_a_stop_refused(self):
        before = self.dump()
        _, err = self.add("ref=R-1", "received=2024-12-02", "request=x",
                          "clarification_received=2024-12-10", status=2)
        self.assertIn("clarification_received", err)
        self.assertIn("clarification_sought", err)
        self.assertEqual(self.dump(), before)
        # a restart before the stop, a stop before receipt
        _, err = self.add("ref=R-1", "received=2024-12-02", "request=x",
                          "clarification_sought=2024-12-10", "clarification_received=2024-12-09",
                          status=2)
        self.assertIn("clarification_received", err)
        _, err = self.add("ref=R-1", "received=2024-12-02", "request=x",
                          "clarification_sought=2024-12-01", status=2)
        self.assertIn("clarification_sought", err)
        # a response before receipt, a response with no outcome
        _, err = self.add("ref=R-1", "received=2024-12-02", "request=x", "responded=2024-12-01",
                          "outcome=released", status=2)
        self.assertIn("responded", err)
        _, err = self.add("ref=R-1", "received=2024-12-02", "request=x", "responded=2024-12-03",
                          status=2)
        self.assertIn("outcome", err)
        self.assertEqual(self.count(), 0)

    def test_on_time_extended_and_late(self):
        # all received 10 December 2024: due 10 January 2025 (above)
        base = ("received=2024-12-10", "request=x")
        self.add("ref=T-1", *base, "responded=2025-01-10", "outcome=released")
        self.add("ref=T-2", *base, "responded=2025-01-13", "outcome=refused")
        # the extension: at most 20 working days after 10 January 2025:
        # 13-17 (5), 20-24 (10), 27-31 (15), 3-7 February (20)
        _, err = self.add("ref=T-3", *base, "pi_extension=yes", "extended_to=2025-02-10",
                          status=2)
        self.assertIn("extended_to", err)
        self.assertIn("2025-02-07", err)
        _, err = self.add("ref=T-3", *base, "pi_extension=yes", "extended_to=2025-01-10",
                          status=2)
        self.assertIn("extended_to", err)
        _, err = self.add("ref=T-3", *base, "pi_extension=yes", status=2)
        self.assertIn("extended_to", err)
        self.add("ref=T-3", *base, "pi_extension=yes", "extended_to=2025-02-07",
                 "responded=2025-02-05", "outcome=part_released")
        self.add("ref=T-4", *base, "pi_extension=yes", "extended_to=2025-02-07",
                 "responded=2025-02-10", "outcome=released")
        rows = self.rows("2025-01-01", "2025-02-28")
        section = "Responded in the period"
        self.assertEqual(rows[(section, "")][0], "4")
        self.assertEqual(rows[(section, "Within 20 working days")][0], "1")
        self.assertEqual(rows[(section, "Within a public-interest extension")][0], "1")
        self.assertEqual(rows[(section, "Late")][0], "2")
        self.assertEqual(rows[(section, "On time under s.10 (within 20 working days)")][0],
                         "25.0%")
        self.assertEqual(rows[(section, "On time with extensions")][0], "50.0%")
        rows = self.rows("2024-12-01", "2024-12-31")
        self.assertIn("on time", rows[("Requests received in the period (due date)", "T-1")][1])
        self.assertIn("late", rows[("Requests received in the period (due date)", "T-2")][1])

    def test_internal_review_and_ico(self):
        _, err = self.add("ref=I-1", "received=2024-12-10", "request=x", "responded=2025-01-10",
                          "outcome=refused", "review_requested=2025-01-09", status=2)
        self.assertIn("review_requested", err)
        self.add("ref=I-1", "received=2024-12-10", "request=x", "responded=2025-01-10",
                 "outcome=refused", "review_requested=2025-01-20", "review_done=2025-02-14",
                 "review_outcome=upheld", "ico_complaint=2025-02-20")
        rows = self.rows("2025-01-01", "2025-02-28")
        self.assertEqual(rows[("In the period", "Internal reviews requested")][0], "1")
        self.assertEqual(rows[("In the period", "Complaints to the ICO")][0], "1")


class DisclosureLog(peeltest.PeelCase):
    def test_only_released_and_published(self):
        srv = peelweb.Server(accounts=False)
        try:
            add = lambda *a: srv.peel("add", "foi_request", *a)  # noqa: E731
            add("ref=L-1", "received=2023-08-01", f"requester={CANARY_REQUESTER}",
                "request=The OPCC's spending on consultants", "responded=2023-08-25",
                "outcome=released", "response=A table of spending, 2022-23", "publish=yes")
            add("ref=L-2", "received=2023-08-02", f"request={CANARY_UNRELEASED}",
                "responded=2023-08-20", "outcome=refused", "response=Exempt", "publish=yes")
            add("ref=L-3", "received=2023-08-03", f"request={CANARY_UNPUBLISHED}",
                "responded=2023-08-21", "outcome=released", "publish=no")
            add("ref=L-4", "received=2023-08-04", "request=Number of custody visits",
                "responded=2023-09-01", "outcome=part_released", "publish=yes")
            c = srv.client()
            r = c.get("/oversight/foi/disclosure-log")
            self.assertEqual(r.status, 200)
            self.assertIn("The OPCC&#39;s spending on consultants", r.text)
            self.assertIn("Number of custody visits", r.text)
            # newest response first
            self.assertLess(r.text.index("L-4"), r.text.index("L-1"))
            for canary in (CANARY_REQUESTER, CANARY_UNRELEASED, CANARY_UNPUBLISHED):
                self.assertNotIn(canary, r.text)
            self.assertNotIn("L-2", r.text)
            self.assertNotIn("L-3", r.text)
            self.assertEqual(c.get("/oversight/foi/disclosure-log?x=1").status, 400)
            # the public aggregate counts the three published, never names
            # the unpublished one or the requester
            r = c.get("/oversight/foi?from=2023-08-01&to=2023-08-31")
            self.assertEqual(r.status, 200)
            for canary in (CANARY_REQUESTER, CANARY_UNPUBLISHED):
                self.assertNotIn(canary, r.text)
            row = '<tr><td>{}</td><th scope="row">{}</th><td class="num">{}</td>'
            self.assertIn(row.format("Received", "2023-08-01 to 2023-08-31", "3"), r.text)
        finally:
            self.assertEqual(srv.stop(), 0, srv.log())
            srv.cleanup()


if __name__ == "__main__":
    peeltest.main()
