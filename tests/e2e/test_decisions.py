"""The decisions register and the publication scheme (oversight): the rules
refuse bad input naming the field and save nothing; the public register and
its Atom feed list only published decisions, each with its notice, and a
withheld decision's notice cannot be fetched; the scheme's periods due, on
time, late and missing against a worked example; the public reads only the
published classes and publications."""
import json
import os
import re
import unittest
from xml.etree import ElementTree

import peeltest
import peelweb

ATOM = "{http://www.w3.org/2005/Atom}"
PDF = os.path.join(peeltest.SOURCE, "tests", "data", "papers", "pcp-2023-10-09-agenda.pdf")


class Rules(peeltest.PeelCase):
    def setUp(self):
        super().setUp()
        self.peel("init")

    def count(self, t):
        return self.sql(f'SELECT count(*) FROM "{t}"')[0][0]

    def test_rules_refuse_naming_the_field(self):
        for args, field in (
                (("published_on=2024-04-01",), "published_on"),  # before it was made
                (("publish=yes",), "published_on"),  # published, but not when
                (("amount=-5",), "amount")):
            with self.subTest(args=args):
                _, err = self.peel("add", "decision", "number=D-1", "title=x",
                                   "made_on=2024-05-01", "decision_maker=pcc", *args, status=2)
                self.assertIn(field, err)
        _, err = self.peel("add", "scheme_class", "ref=3(g)", "name=x", "cadence=monthly",
                           status=2)
        self.assertIn("due_days", err)
        self.peel("add", "scheme_class", "ref=3(g)", "name=x", "cadence=monthly", "due_days=30")
        _, err = self.peel("add", "scheme_publication", "class=3(g)", "period_from=2024-02-01",
                           "period_to=2024-01-31", "published_on=2024-03-01", status=2)
        self.assertIn("period_to", err)
        self.assertEqual((self.count("decision"), self.count("scheme_publication")), (0, 0))

    def scheme(self, on, *extra):
        out, _ = self.peel(*extra, "oversight", "scheme", "--on", on, "--format", "json")
        return {c["ref"]: c for c in json.loads(out)["classes"]}

    def test_scheme_worked_by_hand(self):
        add = lambda *a: self.peel("add", *a)  # noqa: E731
        add("scheme_class", "ref=3(f)-(g)", "name=Grants and spend over £500",
            "cadence=monthly", "due_days=30", "since=2024-01-15", "publish=yes")
        add("scheme_class", "ref=Q", "name=A quarterly class", "cadence=quarterly",
            "due_days=10", "since=2023-10-01", "publish=yes")
        add("scheme_class", "ref=3(a)-(e)", "name=The budget and the precept",
            "cadence=before_year", "since=2023-04-01", "publish=yes")
        add("scheme_class", "ref=D", "name=Decisions", "cadence=as_made", "publish=yes")
        add("scheme_class", "ref=HIDDEN", "name=Withheld class", "cadence=monthly",
            "due_days=1")
        pub = lambda ref, a, b, on, *x: add("scheme_publication", f"class={ref}",  # noqa: E731
                                             f"period_from={a}", f"period_to={b}",
                                             f"published_on={on}", *x)
        # January: due 31 Jan + 30 = 1 March, published 20 February: on time.
        pub("3(f)-(g)", "2024-01-01", "2024-01-31", "2024-02-20", "publish=yes")
        # February: due 29 Feb + 30 = 30 March, published 20 April: late.
        pub("3(f)-(g)", "2024-02-01", "2024-02-29", "2024-04-20", "publish=yes")
        # March: due 30 April, not published.  April: due 30 May, next.
        # Q4 2023 due 10 January 2024, Q1 due 10 April: one publication covers both.
        pub("Q", "2023-10-01", "2024-03-31", "2024-04-02", "publish=yes")
        # 2024-25 due 31 March 2024, published that day; 2023-24 due 31 March 2023 missing.
        pub("3(a)-(e)", "2024-04-01", "2025-03-31", "2024-03-31", "publish=yes")
        pub("D", "2024-05-01", "2024-05-01", "2024-05-03", "publish=yes")
        pub("D", "2024-05-02", "2024-05-02", "2024-05-03")  # unpublished
        got = self.scheme("2024-05-15")
        m = got["3(f)-(g)"]
        self.assertEqual((m["on_time"], m["late"], m["not_published"], m["next_due"]),
                         (1, 1, 1, "2024-05-30"))
        self.assertEqual([(p["from"], p["due"], p.get("published")) for p in m["periods"]],
                         [("2024-01-01", "2024-03-01", "2024-02-20"),
                          ("2024-02-01", "2024-03-30", "2024-04-20"),
                          ("2024-03-01", "2024-04-30", None)])
        q = got["Q"]
        # Q4 published 2 April, after its 10 January due: late; Q1 due 10 April: on time
        self.assertEqual((q["on_time"], q["late"], q["not_published"], q["next_due"]),
                         (1, 1, 0, "2024-07-10"))
        b = got["3(a)-(e)"]
        self.assertEqual((b["on_time"], b["late"], b["not_published"], b["next_due"]),
                         (1, 0, 1, "2025-03-31"))
        self.assertIn("HIDDEN", got)
        # the public reads only what is published
        pub_view = self.scheme("2024-05-15", "--as", "public")
        self.assertNotIn("HIDDEN", pub_view)
        self.assertEqual(set(pub_view), {"3(f)-(g)", "Q", "3(a)-(e)", "D"})
        _, err = self.peel("oversight", "scheme", "--on", "someday", status=2)
        self.assertIn("--on", err)
        self.peel("oversight", "nothing", status=2)


class Register(unittest.TestCase):
    def test_public_register_and_feed(self):
        srv = peelweb.Server()
        try:
            srv.peel("init")
            srv.peel("add", "decision", "number=PCC-2024-01", "title=Fund the new service",
                     "made_on=2024-05-01", "decision_maker=pcc", "amount=£12,500.00",
                     "summary=Funding agreed", "interests=None", "published_on=2024-05-03",
                     "publish=yes")
            srv.peel("add", "decision", "number=PCC-2024-02", "title=DECCANARY withheld",
                     "made_on=2024-05-02", "decision_maker=deputy")
            out = srv.peel("attach", "decision", "PCC-2024-01", PDF, "--title",
                           "Decision notice PCC-2024-01", "--kind", "decision")
            shown = int(re.search(r"attached paper (\d+)", out).group(1))
            out = srv.peel("attach", "decision", "PCC-2024-02", PDF, "--title",
                           "DECCANARY notice", "--kind", "decision")
            hidden = int(re.search(r"attached paper (\d+)", out).group(1))
            public = srv.client()
            r = public.get("/oversight/decisions")
            self.assertEqual(r.status, 200)
            self.assertIn("Fund the new service", r.text)
            self.assertIn("£12,500.00", r.text)
            self.assertIn(f'href="/attachments/{shown}"', r.text)
            self.assertNotIn("DECCANARY", r.text)
            self.assertNotIn("PCC-2024-02", r.text)
            self.assertEqual(public.get(f"/attachments/{shown}").status, 200)
            self.assertEqual(public.get(f"/attachments/{hidden}").status, 404)
            self.assertEqual(public.get("/oversight/decisions?x=1").status, 400)
            r = public.get("/feeds/decisions.atom")
            self.assertEqual(r.status, 200)
            feed = ElementTree.fromstring(r.text)
            titles = [e.find(ATOM + "title").text for e in feed.findall(ATOM + "entry")]
            self.assertEqual(len(titles), 1)
            self.assertIn("Fund the new service", titles[0])
            self.assertNotIn("DECCANARY", r.text)
            # staff see both on the page (the feed is the public's, whoever asks)
            staff = srv.client("staff")
            self.assertIn("DECCANARY withheld", staff.get("/oversight/decisions").text)
            self.assertNotIn("DECCANARY", staff.get("/feeds/decisions.atom").text)
            r = public.get("/oversight/scheme?on=2024-05-15")
            self.assertEqual(r.status, 200)
            self.assertIn("No class is recorded", r.text)
            self.assertEqual(public.get("/oversight/scheme?on=nonsense").status, 400)
        finally:
            srv.stop()
            srv.cleanup()


if __name__ == "__main__":
    peeltest.main()
