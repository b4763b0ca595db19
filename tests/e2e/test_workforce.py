"""Workforce movement and the uplift (issue 14): joiner_leaver and
uplift_target refused naming the field with nothing saved; the workforce
view of the demo against a computation here from the demo CSVs (the
targets beside the headcount of their day, joiners less leavers beside the
year-end headcount change, the months summed), never from peel's output;
the figures that reconcile seed 002's para 7 and para 33; the page; and a
public reader, who sees no unpublished count named or summed."""
import csv
import json
import os
import unittest

import peeltest
import peelweb

DEMO = os.path.join(peeltest.SOURCE, "demo")
CATEGORIES = ("police_officers", "pcsos", "staff", "specials", "volunteers")


def rows(name):
    with open(os.path.join(DEMO, name + ".csv"), newline="") as f:
        return list(csv.DictReader(f))


def fy_of_month(m):
    y, mo = int(m[:4]), int(m[5:7])
    start = y if mo >= 4 else y - 1
    return f"{start}-{(start + 1) % 100:02d}"


def year_end(hc, category, fy):
    """The year-end headcount of a category (or the whole workforce)."""
    cats = CATEGORIES if category == "workforce" else (category,)
    got = [int(r["headcount"]) for r in hc for c in cats
           if r["year"] == fy and r["category"] == c and r["headcount"]]
    return sum(got) if len(got) == len(cats) else None


def previous(fy):
    a = int(fy[:4]) - 1
    return f"{a}-{(a + 1) % 100:02d}"


class Workforce(peeltest.PeelCase):
    def setUp(self):
        super().setUp()
        self.peel("init")
        self.peel("demo")

    def view(self, *args, role=None):
        pre = ("--as", role) if role else ()
        return json.loads(self.peel(*pre, "neighbourhood", "workforce", *args,
                                    "--format", "json")[0])

    def counts(self):
        return {t: self.sql(f'SELECT count(*) FROM "{t}"')[0][0]
                for t in ("joiner_leaver", "uplift_target")}

    def refused(self, field, *args, words=None):
        before = self.counts()
        _, err = self.peel("add", *args, status=2)
        self.assertIn(f"{field}:", err)
        if words:
            self.assertIn(words, err)
        self.assertEqual(self.counts(), before)

    def test_rules_name_the_field(self):
        jl = ("joiner_leaver", "ref=T-J", "category=staff")
        self.refused("year", *jl, "joiners=3", words="a year or a month")
        self.refused("month", *jl, "year=2023-24", "month=2023-05", "joiners=3",
                     words="not both")
        self.refused("joiners", *jl, "year=2023-24", words="at least one number")
        self.refused("joiners", *jl, "year=2023-24", "joiners=-1", words="negative")
        self.refused("leavers", *jl, "year=2023-24", "leavers=-2", words="negative")
        self.refused("leavers", *jl, "month=2023-05", "route=transferee", "joiners=1",
                     "leavers=1", words="joiners only")
        self.refused("category", "joiner_leaver", "ref=T-J", "category=cadets",
                     "year=2023-24", "joiners=1")
        self.refused("headcount", "uplift_target", "ref=T-U", "as_at=2024-03-31",
                     "what=Test", words="a headcount or an FTE")
        self.refused("headcount", "uplift_target", "ref=T-U", "as_at=2024-03-31",
                     "what=Test", "headcount=-5")
        self.refused("as_at", "uplift_target", "ref=T-U", "what=Test", "headcount=5")
        self.peel("add", *jl, "year=2023-24", "joiners=3", "leavers=2")

    def test_view_worked_from_the_csvs(self):
        hc, jl, ut = rows("headcount"), rows("joiner_leaver"), rows("uplift_target")
        got = self.view()
        # Each target beside the police officer count of its own day.
        want = []
        for t in sorted(ut, key=lambda r: (r["as_at"], r["ref"])):
            day = [r for r in hc if r["as_at"] == t["as_at"]
                   and r["category"] == "police_officers"]
            h = int(day[0]["headcount"]) if day and day[0]["headcount"] else None
            f = int(day[0]["fte"]) if day and day[0]["fte"] else None
            want.append((t["as_at"], int(t["headcount"]) if t["headcount"] else None, h,
                         int(t["fte"]) if t["fte"] else None, f))
        self.assertEqual([(u["as_at"], u["headcount_target"], u["headcount"],
                           u["fte_target_hundredths"], u["fte_hundredths"])
                          for u in got["uplift"]], want)
        by = {u["ref"]: u for u in got["uplift"]}
        self.assertEqual(by["002-rr-uplift-2023-03-headcount"]["headcount_status"], "met by 8")
        self.assertEqual(by["002-rr-uplift-2023-03-fte"]["fte_status"], "met by 9.00")
        self.assertEqual(by["002-rr-uplift-2023-09"]["headcount_status"], "not recorded")
        # Joiners less leavers beside the year-end change in headcount.
        yearly = {m["ref"]: m for m in got["movement"] if "year" in m}
        for r in jl:
            if not r["year"]:
                continue
            a, b = year_end(hc, r["category"], r["year"]), \
                year_end(hc, r["category"], previous(r["year"]))
            self.assertEqual(yearly[r["ref"]]["headcount_change"], a - b)
            self.assertEqual(int(r["joiners"]) - int(r["leavers"]), a - b)
        # The months summed: the paper's 152.
        months = [r for r in jl if r["month"]]
        self.assertEqual(got["month_joiners"], sum(int(r["joiners"]) for r in months))
        self.assertEqual(got["month_joiners"], 152)
        # One year: only its counts and checkpoints.
        one = self.view("--year", "2023-24")
        self.assertEqual([u["as_at"] for u in one["uplift"]], ["2023-09-30", "2024-03-31"])
        self.assertEqual(one["movement"], [])
        self.assertEqual(len(self.view("--year", "2022-23")["movement"]),
                         sum(1 for r in jl if r["year"] == "2022-23"
                             or (r["month"] and fy_of_month(r["month"]) == "2022-23")))
        self.peel("neighbourhood", "workforce", "--year", "2022", status=2)
        out = self.peel("neighbourhood", "workforce")[0]
        self.assertIn("met by 8", out)
        self.assertIn("Joiners in these months: 152", out)

    def test_figures_reconcile(self):
        out = json.loads(self.peel("figures", "--paper", "002", "--format", "json")[0])
        figs = {f["key"]: f for f in (out["figures"] if isinstance(out, dict) else out)}
        for key in ("002-rr-joiners-2022-23", "002-rr-leavers-2022-23",
                    "002-rr-officer-joiners-2022-23", "002-rr-officer-leavers-2022-23",
                    "002-rr-intakes-2022-23", "002-rr-transferees-2022-23",
                    "002-rr-recruits-2022-23", "002-rr-uplift-baseline",
                    "002-rr-uplift-headcount-2023-03", "002-rr-uplift-target-2023-03",
                    "002-rr-uplift-tracking-2023-09"):
            self.assertEqual(figs[key]["status"], "agrees", key)

    def test_public_sees_only_published(self):
        self.peel("add", "joiner_leaver", "ref=T-HIDDEN", "month=2022-08",
                  "category=police_officers", "route=rejoiner", "joiners=40",
                  "programme=JOINCANARY", "publish=no")
        self.peel("add", "uplift_target", "ref=T-HIDDEN-U", "as_at=2023-06-30",
                  "what=TARGETCANARY", "headcount=2400", "publish=no")
        self.peel("add", "headcount", "ref=T-HIDDEN-H", "as_at=2023-03-31",
                  "category=police_officers", "headcount=1", "publish=no")
        staff = self.view()
        self.assertEqual(staff["month_joiners"], 192)
        public = self.view(role="public")
        self.assertEqual(public["month_joiners"], 152)
        text = json.dumps(public)
        self.assertNotIn("CANARY", text)
        by = {u["ref"]: u for u in public["uplift"]}
        self.assertEqual(by["002-rr-uplift-2023-03-headcount"]["headcount"], 2338)


class WorkforcePage(unittest.TestCase):
    def test_page(self):
        srv = peelweb.Server(accounts=False)
        try:
            srv.peel("demo")
            srv.peel("add", "uplift_target", "ref=T-HIDDEN-U", "as_at=2023-06-30",
                     "what=PAGECANARY", "headcount=2400", "publish=no")
            c = srv.client()
            r = c.get("/neighbourhood/workforce")
            self.assertEqual(r.status, 200)
            self.assertIn("Headcount met by 8", r.text)
            self.assertIn('<td class="num">-14</td><td class="num">-14</td>', r.text)
            self.assertIn("Joiners in these months</th><td class=\"num\">152</td>", r.text)
            self.assertNotIn("PAGECANARY", r.text)
            self.assertEqual(c.get("/neighbourhood/workforce?year=2023-24").status, 200)
            self.assertEqual(c.get("/neighbourhood/workforce?year=2023").status, 400)
            self.assertEqual(c.get("/neighbourhood/workforce?colour=red").status, 400)
        finally:
            srv.stop()
            srv.cleanup()


if __name__ == "__main__":
    peeltest.main()
