"""The figures' pages and their JSON twins (src/figures/pages.c) on the demo
database, "today" fixed at 9 October 2023: /figures and /api/v1/figures give
the same keys, statuses and computed values as `peel figures` for the same
reader; the API pages (page, per_page) and names a bad parameter or status
in a 400; a figure that is not published is never named, counted or hinted
at for the public or the Panel (its page is the same 404 as a figure that
does not exist); a figure for the Panel is the Panel's only; a public
figure over actions counts the published ones and says so; only staff are
offered the figure's record."""
import html
import json
import re
import subprocess

from peelweb import PEEL, WebCase, main

CANARY = "FIGCANARY3d1"
HIDDEN = "test-hidden"
PANEL_ONLY = "test-panel"
PUBLIC = "test-public-actions"
TAG = re.compile(r'<tr id="figure-([^"]+)">(.*?)</tr>', re.S)
CELL = re.compile(r"<t[dh][^>]*>(.*?)</t[dh]>", re.S)


def text_of(page):
    """Text with tags removed and entities decoded, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def rows_of(page):
    """{key: (status, printed, computed)} from the /figures table, whose
    columns are figure, status, as printed, computed, why, paper."""
    rows = {}
    for key, row in TAG.findall(page):
        cells = [text_of(c) for c in CELL.findall(row)]
        rows[key] = (cells[1], cells[2], cells[3])
    return rows


class FiguresWeb(WebCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        srv = cls.srv
        srv.peel("demo")
        action = ("compute=count", "unit=count", "over=action", "classification=OFFICIAL")
        srv.peel("add", "figure", f"key={HIDDEN}", f"label={CANARY} hidden figure", *action,
                 "publish=no")
        srv.peel("add", "figure", f"key={PANEL_ONLY}", f"label={CANARY} Panel figure", *action,
                 "publish=no", "for_panel=yes")
        srv.peel("add", "figure", f"key={PUBLIC}", "label=Actions on the tracker", *action,
                 "publish=yes")
        # actions the public may not see: one not published, one sensitive
        srv.peel("add", "action", "ref=FIGTEST-1", f"title={CANARY} unpublished",
                 "raised=2023-10-02", "classification=OFFICIAL", "publish=no",
                 "arose_from=engagement", "origin_note=A figures test", "owner_name=OPCC")
        srv.peel("add", "action", "ref=FIGTEST-2", f"title={CANARY} sensitive",
                 "raised=2023-10-02", "classification=OFFICIAL-SENSITIVE",
                 "arose_from=engagement", "origin_note=A figures test", "owner_name=OPCC")

    def command(self, role):
        args = ["figures", "--format", "json"]
        if role != "staff":
            args = ["--as", role, *args]
        p = subprocess.run([PEEL, "--db", self.srv.db, *args], capture_output=True, text=True,
                           env=self.srv.env, timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr)
        return json.loads(p.stdout)

    def api(self, role, path, status=200):
        r = self.api_client(role).get(path)
        self.assertEqual(r.status, status, r.text[:400])
        return r.json()

    def page(self, role, path, status=200):
        r = self.clients[role].get(path)
        self.assertEqual(r.status, status, r.text[:400])
        return r.text

    # ---- the page, its twin and the command agree ----

    def test_page_api_and_command_agree(self):
        for role in ("public", "panel", "staff"):
            with self.subTest(role=role):
                cmd = self.command(role)
                got = self.api(role, "/api/v1/figures?per_page=500")
                self.assertEqual(got["total"], len(cmd))
                self.assertEqual([(f["key"], f["status"], f["computed"]) for f in got["data"]],
                                 [(f["key"], f["status"], f["computed"]) for f in cmd])
                page = self.page(role, "/figures")
                rows = rows_of(page)
                self.assertEqual(list(rows), [f["key"] for f in cmd])
                for f in cmd:
                    status, printed, computed = rows[f["key"]]
                    self.assertEqual(status, f["status_label"], f["key"])
                    self.assertEqual(printed, f["printed"] or "Not printed", f["key"])
                    self.assertEqual(computed, f["computed"] or "Not computed", f["key"])
                counts = re.search(r'id="figure-counts">(\d+) figures?: (\d+) agree, (\d+) differ',
                                   page)
                self.assertEqual(tuple(map(int, counts.groups())),
                                 (len(cmd), sum(f["status"] == "agrees" for f in cmd),
                                  sum(f["status"] == "differs" for f in cmd)))
                one = cmd[0]
                self.assertEqual(self.api(role, "/api/v1/figures/" + one["key"]), one)

    def test_filter_by_status(self):
        want = sorted(f["key"] for f in self.command("public") if f["status"] == "differs")
        self.assertEqual(len(want), 6)
        got = self.api("public", "/api/v1/figures?status=differs")
        self.assertEqual(sorted(f["key"] for f in got["data"]), want)
        self.assertEqual(sorted(rows_of(self.page("public", "/figures?status=differs"))), want)

    def test_one_figure_page(self):
        fig = next(f for f in self.command("public") if f["key"] == "002-ar-cgb-meetings-2022-23")
        page = self.page("public", "/figures/" + fig["key"])
        self.assertIn(f'<dd id="printed">{html.escape(fig["printed"])}</dd>', page)
        self.assertIn(f'<dd id="computed">{html.escape(fig["computed"])}</dd>', page)
        for rid in fig["computed_from"]["ids"]:
            self.assertIn(f'href="/records/{fig["computed_from"]["type"]}/{rid}"', page)

    # ---- paging and bad parameters ----

    def test_paging(self):
        full = self.api("public", "/api/v1/figures?per_page=500")
        two = self.api("public", "/api/v1/figures?per_page=2&page=2")
        self.assertEqual((two["page"], two["per_page"], two["total"]), (2, 2, full["total"]))
        self.assertEqual(two["data"], full["data"][2:4])
        first = self.api("public", "/api/v1/figures")
        self.assertEqual((first["page"], first["per_page"]), (1, 50))
        self.assertEqual(first["data"], full["data"][:50])
        self.assertEqual(self.api("public", "/api/v1/figures?page=99")["data"], [])
        for bad, field in (("per_page=0", "per_page"), ("per_page=501", "per_page"),
                           ("page=x", "page"), ("status=bogus", "status")):
            err = self.api("public", "/api/v1/figures?" + bad, status=400)
            self.assertEqual(err["error"]["field"], field, (bad, err))
        err = self.api("public", "/api/v1/figures?colour=red", status=400)
        self.assertIn("'colour' is not a parameter", err["error"]["message"])
        page = self.page("public", "/figures?status=bogus", status=400)
        self.assertIn("Status: choose one of the options in the list", page)
        self.assertIn('aria-invalid="true"', page)
        self.page("public", "/figures?colour=red", status=400)

    # ---- who sees what ----

    def test_unpublished_figure_is_never_hinted_at(self):
        staff = self.command("staff")
        self.assertIn(HIDDEN, [f["key"] for f in staff])
        for role in ("public", "panel"):
            with self.subTest(role=role):
                cmd = self.command(role)
                self.assertNotIn(HIDDEN, [f["key"] for f in cmd])
                got = self.api(role, "/api/v1/figures?per_page=500")
                self.assertNotIn(HIDDEN, [f["key"] for f in got["data"]])
                self.assertEqual(got["total"], len(cmd))
                page = self.page(role, "/figures")
                self.assertNotIn(HIDDEN, page)
                self.assertNotIn("hidden figure", page)
                self.assertIn(f'id="figure-counts">{len(cmd)} figures:', page)
                self.assertNotIn(HIDDEN, self.page(role, "/figures?paper=test"))
                api_hidden = self.api(role, "/api/v1/figures/" + HIDDEN, status=404)
                api_none = self.api(role, "/api/v1/figures/no-such-figure", status=404)
                self.assertEqual(json.dumps(api_hidden).replace(HIDDEN, "KEY"),
                                 json.dumps(api_none).replace("no-such-figure", "KEY"))
        # the public's 404 for it is the 404 for a figure that does not exist
        hidden = self.clients["public"].get("/figures/" + HIDDEN)
        none = self.clients["public"].get("/figures/no-such-figure")
        self.assertEqual((hidden.status, none.status), (404, 404))
        self.assertEqual(hidden.text.replace(HIDDEN, "KEY"),
                         none.text.replace("no-such-figure", "KEY"))
        self.assertNotIn(CANARY, hidden.text)
        self.assertIn(CANARY, self.page("staff", "/figures/" + HIDDEN))

    def test_panel_figure_is_the_panels(self):
        self.assertIn(PANEL_ONLY, [f["key"] for f in self.command("panel")])
        self.assertIn(PANEL_ONLY, rows_of(self.page("panel", "/figures")))
        self.assertIn(PANEL_ONLY, [f["key"] for f in
                                   self.api("panel", "/api/v1/figures?per_page=500")["data"]])
        self.assertIn(CANARY, self.page("panel", "/figures/" + PANEL_ONLY))
        self.api("panel", "/api/v1/figures/" + PANEL_ONLY)
        self.assertNotIn(PANEL_ONLY, [f["key"] for f in self.command("public")])
        self.assertNotIn(PANEL_ONLY, self.page("public", "/figures"))
        self.assertNotIn(PANEL_ONLY, json.dumps(self.api("public",
                                                         "/api/v1/figures?per_page=500")))
        self.page("public", "/figures/" + PANEL_ONLY, status=404)
        self.api("public", "/api/v1/figures/" + PANEL_ONLY, status=404)

    def test_public_figure_counts_published_actions(self):
        published = self.api("public", "/api/v1/action?per_page=1")["total"]
        every = self.api("staff", "/api/v1/action?per_page=1")["total"]
        self.assertEqual(every, published + 2, "the two test actions are staff's")
        for role, count, words in (
                ("public", published, "Computed from the records peel publishes."),
                ("staff", every, None)):
            fig = self.api(role, "/api/v1/figures/" + PUBLIC)
            self.assertEqual(fig["computed"], str(count), role)
            self.assertEqual(fig["computed_from"]["records"], count, role)
            page = self.page(role, "/figures/" + PUBLIC)
            self.assertIn(f'<dd id="computed">{count}</dd>', page)
            if words:
                self.assertEqual(fig["why"], words)
                self.assertIn(words, page)
                self.assertIn(words, text_of(self.page(role, "/figures")))
            else:
                self.assertNotIn("Computed from the records peel publishes", page)
            self.assertNotIn(CANARY, page if role == "public" else "")
        panel = self.api("panel", "/api/v1/figures/" + PUBLIC)
        self.assertEqual(panel["why"], "Computed from the records shown to the Panel.")

    def test_record_button_is_staffs(self):
        fid = self.api("staff", "/api/v1/figures/" + PUBLIC)["id"]
        link = f'href="/records/figure/{fid}"'
        self.assertIn(link, self.page("staff", "/figures/" + PUBLIC))
        self.assertIn("The figure's record", text_of(self.page("staff", "/figures/" + PUBLIC)))
        for role in ("public", "panel"):
            page = self.page(role, "/figures/" + PUBLIC)
            self.assertNotIn(link, page, role)
            self.assertNotIn("record</a>", page.replace("All figures", ""), role)


if __name__ == "__main__":
    main()
