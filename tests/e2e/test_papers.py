"""The Panel's papers generated from records, through the real binary and the
real server on the demo.

- Reconciliation: each demo paper prints the figures its `figures` prefix and
  its narrative's {{KEY}}s name, read here from demo/figure.csv and
  demo/paper_section.csv (not from peel); each figure's status and computed
  value equal tests/data/figures/expected.csv (computed independently when
  the figures were transcribed), and a published paper's figures either
  agree or carry the reason demo/figure_reason.csv records.
- The gate: a paper printing a figure that differs cannot be published
  until a reason is recorded; the error names the field and the figure.
- Withholding: an OFFICIAL-SENSITIVE section's canary is absent from every
  public format (HTML, text, CSV, PDF, XLSX) and from the public web
  download, present in the internal version for staff; an unpublished
  paper answers 404 exactly as one that does not exist.
- Outputs: the PDF's text (poppler's pdftotext) holds every heading in
  order, pdfinfo says it is tagged; the XLSX read back with openpyxl
  (Debian's, under /usr/bin/python3) holds every table cell of the CSV.
- The agenda pack: one PDF whose text follows the agenda, a zip with a
  manifest in agenda order, attached to the meeting with --attach.
"""
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import zipfile
from xml.etree import ElementTree

import peeltest
import peelweb

DEMO = os.path.join(peeltest.SOURCE, "demo")
EXPECTED = os.path.join(peeltest.SOURCE, "tests", "data", "figures", "expected.csv")
CANARY = "Papercanary sensitive 7731"
HAVE_PDFTOTEXT = shutil.which("pdftotext") and shutil.which("pdfinfo")
HAVE_OPENPYXL = os.path.exists("/usr/bin/python3") and subprocess.run(
    ["/usr/bin/python3", "-c", "import openpyxl"], capture_output=True).returncode == 0


def read_csv(name):
    with open(os.path.join(DEMO, name), newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def expected_keys(paper):
    """The figures a paper prints, from the demo files alone."""
    figs = [r["key"] for r in read_csv("figure.csv")]
    keys = set(k for k in figs if paper["figures"] and k.startswith(paper["figures"]))
    for s in read_csv("paper_section.csv"):
        if s["paper"] == paper["key"] and s["kind"] == "narrative":
            keys.update(k for k in re.findall(r"\{\{([^}]*)\}\}", s["text"]) if k in figs)
    return keys


def pdf_text(path):
    return subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True,
                          check=True).stdout


def xlsx_cells(path):
    """Every non-empty cell of every sheet but the contents, as text."""
    code = ("import json,sys,openpyxl\n"
            "wb=openpyxl.load_workbook(sys.argv[1])\n"
            "out={}\n"
            "for ws in wb.worksheets:\n"
            "  out[ws.title]=[[('' if c is None else c) for c in row] "
            "for row in ws.iter_rows(values_only=True)]\n"
            "print(json.dumps(out, default=str))\n")
    p = subprocess.run(["/usr/bin/python3", "-c", code, path], capture_output=True, text=True,
                       check=True)
    return json.loads(p.stdout)


class Papers(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.srv = srv = peelweb.Server()
        srv.peel("demo")
        cls.tmp = tempfile.mkdtemp(prefix="peel-papers-")
        cls.ids = {p["key"]: p["id"] for p in json.loads(srv.peel("export", "paper",
                                                                   "--format", "json"))}

    @classmethod
    def tearDownClass(cls):
        cls.srv.stop()
        cls.srv.cleanup()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def peel(self, *args, status=0):
        return self.srv.peel(*args, status=status)

    def check(self, key, *extra):
        return json.loads(self.peel("paper", "check", key, "--format", "json", *extra))

    # ---- reconciliation ----

    def test_every_demo_paper_prints_its_figures_reconciled(self):
        expected = {r["key"]: r for r in csv.DictReader(open(EXPECTED, encoding="utf-8"))}
        printed = {r["key"]: r["printed"] for r in read_csv("figure.csv")}
        reasons = {(r["paper"], r["figure"]): r["reason"] for r in read_csv("figure_reason.csv")}
        published = {r["key"] for r in read_csv("paper_publish.csv") if r["publish"] == "yes"}
        for paper in read_csv("paper.csv"):
            with self.subTest(paper=paper["key"]):
                got = self.check(paper["key"])
                self.assertEqual({f["key"] for f in got["figures"]}, expected_keys(paper))
                for f in got["figures"]:
                    self.assertEqual(f["printed"], printed[f["key"]], f["key"])
                    self.assertEqual(f["status"], expected[f["key"]]["status"], f["key"])
                    self.assertTrue(shown_as(f["computed"], expected[f["key"]]["computed"]),
                                    (f["key"], f["computed"], expected[f["key"]]["computed"]))
                    unsettled = f["printed"] and f["status"] in ("differs", "cannot")
                    if paper["key"] in published and unsettled:
                        self.assertEqual(f["reason"], reasons[(paper["key"], f["key"])])
                self.assertEqual(got["blocking"] == 0, paper["key"] in published or
                                 got["blocking"] == 0)

    def test_narrative_prints_the_computed_figure(self):
        text = self.peel("paper", "render", "2024-10-update", "--format", "text")
        self.assertIn("The Commissioner undertook 7 Community Days between these dates", text)
        self.assertIn("As of October 2024, 62 projects across LLR have been funded", text)
        self.assertNotIn("{{", text)
        # the figures section: the paper's text beside the computed one, and why
        self.assertIn("Community Days, 1 August to 30 September 2024 | seven | 7 | Agrees", text)
        self.assertRegex(text, r"30% \|  \| Differs \| No whole count out of 45 gives 30%")

    def test_generated_section_for_the_reader(self):
        text = self.peel("paper", "render", "2023-10-cgb", "--format", "text")
        self.assertIn("== The Corporate Governance Boards", text)
        self.assertIn("Responses to HMICFRS", self.peel("paper", "render", "2023-10-annual",
                                                        "--format", "text"))

    # ---- the Panel's rules ----

    def test_rules_checked_against_each_paper(self):
        rules = {r["rule"]: r for r in self.check("2023-10-annual")["rules"]}
        self.assertFalse(rules["PCP 2023-07-26 14"]["followed"])
        self.assertIn("HMICFRS", rules["PCP 2023-07-26 14"]["finding"])
        self.assertFalse(rules["PCP 2023-07-26 11.4"]["followed"])
        self.assertIn("no place or no reason", rules["PCP 2023-07-26 11.4"]["finding"])
        self.assertTrue(rules["CGB 2023-06-21 4.i"]["followed"])

    # ---- the gate ----

    def test_a_differing_figure_blocks_publication_until_a_reason_is_recorded(self):
        self.peel("add", "paper", "key=gate-test", "title=Gate test", "kind=other",
                  "figures=002-ar-complaint-reviews-upheld-share", "classification=OFFICIAL")
        got = self.check("gate-test")
        blocking = [f["key"] for f in got["figures"]
                    if f["status"] in ("differs", "cannot") and f["printed"]]
        self.assertEqual(got["blocking"], len(blocking))
        self.assertIn("002-ar-complaint-reviews-upheld-share", blocking)
        p = subprocess.run([peelweb.PEEL, "--db", self.srv.db, "paper", "publish", "gate-test"],
                           capture_output=True, text=True, env=self.srv.env)
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertIn("publish:", p.stderr)
        self.assertIn("002-ar-complaint-reviews-upheld-share", p.stderr)
        # setting the field directly meets the same gate
        self.peel("set", "paper", "gate-test", "publish=yes", status=2)
        self.assertEqual(self.srv.client().get("/papers/gate-test").status, 404)
        for k in blocking:
            self.peel("add", "figure_reason", "ref=gate-test " + k, "paper=gate-test",
                      "figure=" + k, "reason=Printed truncated; the paper's own rounding")
        self.assertIn("Published gate-test", self.peel("paper", "publish", "gate-test"))
        r = self.srv.client().get("/papers/gate-test")
        self.assertEqual(r.status, 200)
        # the reason is the office's: staff see it, the public does not
        self.assertNotIn("the paper's own rounding", r.text)
        self.assertIn("the paper&#39;s own rounding", self.srv.client("staff").get(
            "/papers/gate-test").text)

    # ---- withholding ----

    def test_sensitive_section_is_in_no_public_format(self):
        self.peel("add", "paper_section", "ref=2024-10-update 99", "paper=2024-10-update",
                  "position=99", "heading=Operational detail", "kind=narrative",
                  "text=" + CANARY, "classification=OFFICIAL-SENSITIVE")
        try:
            for fmt in ("html", "text", "csv"):
                pub = self.peel("paper", "render", "2024-10-update", "--format", fmt,
                                "--as", "public")
                self.assertNotIn(CANARY, pub, fmt)
                self.assertNotIn("Operational detail", pub, fmt)
            self.assertIn(CANARY, self.peel("paper", "render", "2024-10-update",
                                            "--format", "text"))
            if HAVE_PDFTOTEXT:
                pub = os.path.join(self.tmp, "pub.pdf")
                internal = os.path.join(self.tmp, "internal.pdf")
                self.peel("paper", "render", "2024-10-update", "--format", "pdf", "--out", pub,
                          "--as", "public")
                self.peel("paper", "render", "2024-10-update", "--format", "pdf",
                          "--out", internal)
                self.assertNotIn(CANARY.split()[0], pdf_text(pub))
                self.assertNotIn("OFFICIAL-SENSITIVE", pdf_text(pub))
                self.assertIn(CANARY.split()[0], pdf_text(internal))
                self.assertIn("OFFICIAL-SENSITIVE", pdf_text(internal))
            if HAVE_OPENPYXL:
                pub = os.path.join(self.tmp, "pub.xlsx")
                self.peel("paper", "render", "2024-10-update", "--format", "xlsx", "--out", pub,
                          "--as", "public")
                self.assertNotIn(CANARY, json.dumps(xlsx_cells(pub)))
            # the web: the public download is the public version whoever asks
            pid = self.ids["2024-10-update"]
            staff = self.srv.client("staff")
            for fmt in ("html", "csv", "pdf", "xlsx"):
                r = staff.get(f"/papers/{pid}/download?format={fmt}")
                self.assertEqual(r.status, 200, fmt)
                if fmt in ("html", "csv"):
                    self.assertNotIn(CANARY, r.text, fmt)
            r = staff.get(f"/papers/{pid}/download?format=html&version=internal")
            self.assertIn(CANARY, r.text)
            self.assertIn(CANARY, staff.get(f"/papers/{pid}").text)
            for who in (None, "panel"):
                c = self.srv.client(who)
                self.assertNotIn(CANARY, c.get(f"/papers/{pid}").text)
                self.assertEqual(c.get(f"/papers/{pid}/download?version=internal").status, 403)
        finally:
            self.peel("delete", "paper_section", "2024-10-update 99")

    def test_unpublished_paper_is_not_hinted_at(self):
        pub = self.srv.client()
        annual = self.ids["2023-10-annual"]
        a = pub.get(f"/papers/{annual}")
        b = pub.get("/papers/987654")
        self.assertEqual((a.status, b.status), (404, 404))
        self.assertEqual(a.text, b.text)
        for path in (f"/papers/{annual}/download?format=pdf", "/papers/2023-10-annual",
                     "/papers"):
            self.assertNotIn("annual report 2022/23", pub.get(path).text, path)
        self.assertNotIn("2023-10-annual", self.peel("--as", "public", "paper", "list"))
        self.assertIn("annual report 2022/23",
                      self.srv.client("staff").get("/papers").text)

    # ---- outputs ----

    @unittest.skipUnless(HAVE_PDFTOTEXT, "poppler-utils is not installed")
    def test_pdf_headings_in_order_and_tagged(self):
        out = os.path.join(self.tmp, "update.pdf")
        self.peel("paper", "render", "2024-10-update", "--format", "pdf", "--out", out)
        text = " ".join(pdf_text(out).split())
        at = -1
        for heading in ("Police and Crime Commissioner's Update Report", "Purpose of Report",
                        "Request of the Panel", "Summary",
                        "Community consultation and engagement (PCC)",
                        "Community Based Commissioning", "Community Safety Partnerships",
                        "Scrutiny and Governance Activity", "Figures in this report"):
            i = text.find(heading, at + 1)
            self.assertGreater(i, at, heading)
            at = i
        for figure in ("£241,314.53", "£9,974.60", "undertook 7 Community"):
            self.assertIn(figure, " ".join(text.split()))
        info = subprocess.run(["pdfinfo", out], capture_output=True, text=True).stdout
        self.assertRegex(info, r"Tagged:\s+yes")
        self.assertIn("OFFICIAL", text)

    @unittest.skipUnless(HAVE_OPENPYXL, "python3-openpyxl is not installed")
    def test_xlsx_holds_every_table_cell(self):
        out = os.path.join(self.tmp, "update.xlsx")
        self.peel("paper", "render", "2024-10-update", "--format", "xlsx", "--out", out)
        sheets = xlsx_cells(out)
        cells = set()
        for name, rows in sheets.items():
            for row in rows:
                cells.update(str(c) for c in row if c != "")
        csv_text = self.peel("paper", "render", "2024-10-update", "--format", "csv")
        want = set(c for row in csv.reader(io.StringIO(csv_text)) for c in row if c)
        # numbers are numbers in the spreadsheet: compare them as the CSV prints them
        missing = [c for c in want if c not in cells and
                   not any(numeric_equal(c, x) for x in cells)]
        self.assertEqual(missing, [])

    # ---- the agenda pack ----

    def test_pack_follows_the_agenda(self):
        out = os.path.join(self.tmp, "pack")
        msg = self.peel("paper", "pack", "PCP 2023-10-09", "--out", out)
        self.assertIn("pack.pdf", msg)
        with zipfile.ZipFile(os.path.join(out, "pack.zip")) as z:
            names = z.namelist()
            manifest = list(csv.DictReader(io.StringIO(z.read("manifest.csv").decode())))
        self.assertEqual([m["file"] for m in manifest][0], "00-agenda.pdf")
        self.assertEqual([m["paper"] for m in manifest][1:], ["2023-10-annual", "2023-10-cgb"])
        self.assertEqual(names[:3], ["00-agenda.pdf", "06-2023-10-annual.pdf",
                                     "10-2023-10-cgb.pdf"])
        if HAVE_PDFTOTEXT:
            text = pdf_text(os.path.join(out, "pack.pdf"))
            items = [r for r in read_csv("item.csv") if r["meeting"] == "PCP 2023-10-09"]
            at = text.find("agenda")
            for it in sorted(items, key=lambda r: int(r["number"])):
                i = text.find(it["title"][:30], at)
                self.assertGreaterEqual(i, 0, it["title"])
            a = text.find("Police and Crime Commissioner annual report 2022/23", at + 1)
            c = text.find("Corporate Governance Board report", a + 1)
            self.assertTrue(0 <= a < c)
        if shutil.which("pdftohtml"):
            # the bookmarks: the agenda, then each item's paper in agenda order
            xml = subprocess.run(["pdftohtml", "-xml", "-stdout", "-i", "-q",
                                  os.path.join(out, "pack.pdf")], capture_output=True,
                                 text=True, check=True).stdout
            root = ElementTree.fromstring(xml.encode())
            top = [i.text for i in root.find("outline").findall("item")]
            self.assertEqual(top, ["Agenda",
                                   "6. Police and Crime Commissioner annual report 2022/23",
                                   "10. Corporate Governance Board report"])

    def test_public_pack_attached_to_the_meeting(self):
        out = os.path.join(self.tmp, "pubpack")
        self.peel("paper", "pack", "PCP 2023-10-09", "--out", out, "--attach")
        with zipfile.ZipFile(os.path.join(out, "pack.zip")) as z:
            papers = [m["paper"] for m in csv.DictReader(io.StringIO(
                z.read("manifest.csv").decode()))]
        self.assertNotIn("2023-10-annual", papers)  # unpublished: not in the public pack
        meeting = json.loads(self.peel("--as", "public", "show", "meeting", "PCP 2023-10-09",
                                       "--format", "json"))
        page = self.srv.client().get(f"/records/meeting/{meeting['id']}").text
        self.assertIn("Agenda pack (generated by peel)", page)
        self.assertIn(f"/papers/packs/{meeting['id']}", page)
        r = self.srv.client().get(f"/papers/packs/{meeting['id']}?format=zip")
        self.assertEqual(r.status, 200)
        with zipfile.ZipFile(io.BytesIO(r.body)) as z:
            self.assertNotIn("06-2023-10-annual.pdf", z.namelist())


def number(text):
    """A computed figure as a number, whatever its unit's words ("£7,800,000.0",
    "55 working days", "15,146"), or None when there is none."""
    t = re.sub(r"[^0-9.\-]", "", text.replace("\u2013", "-"))
    return float(t) if t not in ("", "-", ".") else None


def shown_as(shown, value):
    """Whether shown is value written to the decimals shown has."""
    a, b = number(shown), number(value)
    if a is None or b is None:
        return a is None and b is None
    m = re.search(r"\.(\d+)", shown)
    places = len(m.group(1)) if m else 0
    return abs(a - b) <= 0.5 * 10 ** -places + 1e-9


def numeric_equal(text, value):
    t = text.replace(",", "").replace("£", "").strip()
    try:
        if t.endswith("%"):
            return abs(float(t[:-1]) / 100 - float(value)) < 1e-9
        return abs(float(t) - float(value)) < 1e-9
    except ValueError:
        return False


if __name__ == "__main__":
    unittest.main()
