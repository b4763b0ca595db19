"""End-to-end tests of the report renderers (src/render/doc_out.h) through
their first user, `peel crime pack --format pdf|xlsx|csv`, on the fixture
data the other crime tests use.  Each output is read back by an
independent reader and compared with the pack's HTML: the CSV with
Python's csv module, the workbook with openpyxl (Debian's python3-openpyxl,
at /usr/bin/python3 only, run in a subprocess), the PDF with poppler's
pdftotext and pdfinfo.  Numbers in the workbook are checked against this
file's own reading of the printed cell, never peel's."""
import csv
import html.parser
import io
import json
import os
import re
import shutil
import subprocess
import sys
from decimal import Decimal

sys.path.insert(0, os.path.dirname(__file__))
from peeltest import PeelCase, SOURCE, main  # noqa: E402

DATA = os.path.join(SOURCE, "tests", "data")
SAMPLE = os.path.join(DATA, "police-uk-sample", "2022-01", "2022-01-leicestershire-street.csv")
CRIME = os.path.join(DATA, "crime")
SYS_PYTHON = "/usr/bin/python3"

READ_XLSX = r"""
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = []
for ws in wb.worksheets:
    rows = []
    for row in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=ws.max_column):
        rows.append([[c.value, c.number_format, bool(c.font and c.font.b)] for c in row])
    out.append({"name": ws.title, "freeze": ws.freeze_panes, "rows": rows})
json.dump(out, sys.stdout)
"""


def tools_missing():
    if not shutil.which("pdftotext") or not shutil.which("pdfinfo"):
        return "pdftotext or pdfinfo is not installed"
    if not os.path.exists(SYS_PYTHON):
        return f"{SYS_PYTHON} is missing"
    if subprocess.run([SYS_PYTHON, "-c", "import openpyxl"], capture_output=True).returncode:
        return "openpyxl is not installed for /usr/bin/python3"
    return None


class Tables(html.parser.HTMLParser):
    """The tables of an HTML page (caption, rows of cell text, header rows,
    whether the first column heads its row) and, in document order, its
    headings and figure titles."""

    def __init__(self):
        super().__init__()
        self.tables, self.outline = [], []
        self.cell = self.heading = self.title = None
        self.table = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.table = {"caption": "", "rows": [], "head": 0, "row_headers": False}
        elif tag == "caption" and self.table is not None:
            self.cell = []
        elif tag == "tr" and self.table is not None:
            self.table["rows"].append([])
        elif tag in ("td", "th") and self.table is not None:
            self.cell = []
            if a.get("scope") == "row":
                self.table["row_headers"] = True
        elif tag in ("h1", "h2", "h3", "h4"):
            self.heading = []
        elif tag == "title" and a.get("id", "").endswith("-t"):
            self.title = []

    def handle_endtag(self, tag):
        if tag == "table" and self.table is not None:
            self.tables.append(self.table)
            self.table = None
        elif tag == "caption" and self.cell is not None:
            self.table["caption"] = "".join(self.cell)
            self.cell = None
        elif tag in ("td", "th") and self.cell is not None:
            self.table["rows"][-1].append("".join(self.cell))
            self.cell = None
        elif tag == "thead":
            self.table["head"] = len(self.table["rows"])
        elif tag in ("h1", "h2", "h3", "h4") and self.heading is not None:
            self.outline.append("".join(self.heading).strip())
            self.heading = None
        elif tag == "title" and self.title is not None:
            self.outline.append("".join(self.title).strip())
            self.title = None

    def handle_data(self, data):
        for part in (self.cell, self.heading, self.title):
            if part is not None:
                part.append(data)


def csv_tables(text):
    """Tables as the CSV writes them: a caption row, the rows, a blank line;
    the formula guard's apostrophe taken off as an import would."""
    tables, cur = [], None
    for row in csv.reader(io.StringIO(text)):
        if not row:
            cur = None
            continue
        row = [c[1:] if len(c) > 1 and c[0] == "'" and c.lstrip("'")[:1] in "=+-@\t\r"
               else c for c in row]
        if cur is None:
            cur = {"caption": row[0], "rows": []}
            tables.append(cur)
        else:
            cur["rows"].append(row)
    return tables


NUMBER = re.compile(r"^(-?)(£?)(-?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(%?)$")


def as_number(s):
    """(value, number format) when s is exactly a number as a paper prints
    it, else None: this test's own reading, not peel's."""
    m = NUMBER.match(s)
    if not m:
        return None
    neg1, money, neg2, whole, dec, pct = m.groups()
    if (neg1 and neg2) or (money and pct) or (neg2 and not money):
        return None
    digits = whole.replace(",", "")
    if len(digits) > 1 and digits[0] == "0":
        return None
    value = Decimal(digits + ("." + dec if dec else ""))
    if neg1 or neg2:
        value = -value
    if pct:
        value = value / 100
    grouped = "," in whole or bool(money)
    fmt = ("£" if money else "") + ("#,##0" if grouped else "0")
    fmt += ("." + "0" * len(dec) if dec else "") + ("%" if pct else "")
    return float(value), fmt


class RenderOutputsTest(PeelCase):
    def setUp(self):
        super().setUp()
        why = tools_missing()
        if why:
            print(f"skipped: {why}")
            sys.exit(77)
        self.peel("init")
        self.peel("import", "area", os.path.join(SOURCE, "demo", "area.csv"))
        self.peel("area", "import", os.path.join(CRIME, "ons-lookup-sample.csv"))
        self.peel("crime", "import", SAMPLE)
        self.geo = os.path.join(CRIME, "geography")

    def pack(self, fmt, name=None):
        args = ["crime", "pack", "--area", "Blaby", "--boundaries", self.geo]
        if fmt != "html":
            args += ["--format", fmt]
        if name:
            out = os.path.join(self.dir, name)
            self.peel(*args, "--out", out)
            return out
        return self.peel(*args)[0]

    def html(self):
        p = Tables()
        with open(self.pack("html", "blaby.html"), encoding="utf-8") as f:
            p.feed(f.read())
        self.assertGreater(len(p.tables), 3)
        return p

    def test_csv_equals_the_html_tables(self):
        want = self.html().tables
        text = self.pack("csv")
        got = csv_tables(text)
        self.assertEqual([t["caption"] for t in got], [t["caption"] for t in want])
        for g, w in zip(got, want):
            self.assertEqual(g["rows"], w["rows"], g["caption"])
        # --out writes the same bytes
        with open(self.pack("csv", "blaby.csv"), encoding="utf-8", newline="") as f:
            self.assertEqual(f.read(), text)

    def test_xlsx_equals_the_html_tables(self):
        want = self.html().tables
        path = self.pack("xlsx", "blaby.xlsx")
        p = subprocess.run([SYS_PYTHON, "-c", READ_XLSX, path], capture_output=True, text=True,
                           timeout=120)
        self.assertEqual(p.returncode, 0, p.stderr)
        sheets = json.loads(p.stdout)
        self.assertEqual(sheets[0]["name"], "Contents")
        self.assertEqual(len(sheets), 1 + len(want))
        contents = sheets[0]["rows"]
        self.assertEqual(contents[0][0][0], "Crime performance pack: Blaby")
        self.assertEqual([c[0] for c in contents[2][:2]], ["Table", "Sheet"])
        names = [s["name"] for s in sheets[1:]]
        self.assertEqual(len({n.lower() for n in names}), len(names))
        for k, (sheet, t) in enumerate(zip(sheets[1:], want)):
            row = contents[3 + k]
            self.assertEqual(row[0][0], t["caption"])
            self.assertEqual(row[1][0], sheet["name"])
            self.assertLessEqual(len(sheet["name"]), 31)
            self.assertFalse(set(sheet["name"]) & set("[]:*?/\\"))
            self.assertEqual(len(sheet["rows"]), len(t["rows"]), t["caption"])
            for r, (grow, wrow) in enumerate(zip(sheet["rows"], t["rows"])):
                self.assertEqual(len(grow), len(wrow))
                for c, ((value, fmt, bold), cell) in enumerate(zip(grow, wrow)):
                    where = f"{t['caption']} row {r + 1} column {c + 1}"
                    num = as_number(cell)
                    if cell == "":
                        self.assertIsNone(value, where)
                    elif num:
                        self.assertEqual(value, num[0], where)
                        self.assertEqual(fmt, num[1], where)
                    else:
                        self.assertEqual(value, cell, where)
                    if r < t["head"]:
                        self.assertTrue(bold, where)
            col = "B" if t["row_headers"] else "A"
            if t["head"] or t["row_headers"]:
                self.assertEqual(sheet["freeze"], f"{col}{t['head'] + 1}")

    def test_pdf_headings_figures_marking_pages(self):
        page = self.html()
        path = self.pack("pdf", "blaby.pdf")
        info = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
        self.assertRegex(info, r"(?m)^Tagged:\s+yes$")
        self.assertRegex(info, r"(?m)^Title:\s+Crime performance pack: Blaby$")
        self.assertRegex(info, r"(?m)^Creator:\s+peel$")
        self.assertRegex(info, r"(?m)^Page size:\s+595\.\d* x 841\.\d* pts \(A4\)")
        pages = int(re.search(r"(?m)^Pages:\s+(\d+)$", info).group(1))
        self.assertGreater(pages, 1)
        fonts = subprocess.run(["pdffonts", path], capture_output=True, text=True).stdout
        for line in fonts.splitlines()[2:]:
            self.assertIn("DejaVu", line)
            self.assertIn(" yes ", line)  # embedded
        text = subprocess.run(["pdftotext", path, "-"], capture_output=True,
                              text=True).stdout
        texts = text.split("\f")
        for i in range(pages):
            self.assertIn(f"Page {i + 1} of {pages}", texts[i])
            self.assertGreaterEqual(texts[i].count("OFFICIAL"), 2)
        flat = " ".join(text.split())
        # headings, figure titles and table captions, in the HTML's order
        at = 0
        for want in page.outline:
            i = flat.find(" ".join(want.split()), at)
            self.assertGreaterEqual(i, 0, f"{want!r} missing or out of order")
            at = i + len(want)
        at = 0
        for t in page.tables:
            i = flat.find(t["caption"], at)
            self.assertGreaterEqual(i, 0, t["caption"])
            at = i
        # every body cell of the crime types table, in order
        types = next(t for t in page.tables if t["caption"].startswith("Crimes by type"))
        at = flat.find(types["caption"])
        for row in types["rows"][types["head"]:]:
            for cell in row:
                i = flat.find(cell, at)
                self.assertGreaterEqual(i, 0, cell)
                at = i + len(cell)

    def test_bad_formats_are_refused(self):
        _, err = self.peel("crime", "pack", "--area", "Blaby", "--format", "pdf", status=2)
        self.assertIn("--format pdf needs --out FILE", err)
        _, err = self.peel("crime", "pack", "--area", "Blaby", "--format", "docx", "--out",
                           os.path.join(self.dir, "x"), status=2)
        self.assertIn("'docx' is not html, text, pdf, xlsx or csv", err)
        # a folder that does not exist: named, and nothing left behind
        out = os.path.join(self.dir, "nowhere", "blaby.pdf")
        _, err = self.peel("crime", "pack", "--area", "Blaby", "--format", "pdf", "--out", out,
                           status=1)
        self.assertIn(out, err)
        self.assertFalse(os.path.exists(os.path.dirname(out)))


if __name__ == "__main__":
    main()
