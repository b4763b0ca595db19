"""The crime performance pages in the web application (src/web/pages_crime.c),
against the real server on a database holding the committed fixtures: the
force and its districts (demo/area.csv), the LSOA lookup sample and the
police.uk street sample for January 2022.  Charnwood is marked not published.

- /crime shows the force at a glance: a map of the districts the reader may
  see, shaded by crimes in the 12 months to the latest, with a legend; a
  table of the force and districts (latest month, 12-month total, months of
  the 12 with data), each district with data linking to its pack; and which
  months hold data and which are missing;
- /crime/pack/CODE-or-name serves the district performance pack to the
  public inside the site's layout (navigation, search, the site's
  stylesheet and policy): the same blocks `peel crime pack` writes, figures
  checked against a count made here from the CSV, inline SVG and no
  external URL;
- an unknown district, a force, an unpublished district (for the public)
  and a query parameter are refused with clear messages."""
import csv
import html
import os
import re

from peelweb import WebCase, main

SOURCE = os.environ.get("PEEL_SOURCE", os.path.join(os.path.dirname(__file__), "..", ".."))
DATA = os.path.join(SOURCE, "tests", "data")
SAMPLE = os.path.join(DATA, "police-uk-sample", "2022-01", "2022-01-leicestershire-street.csv")
LOOKUP = os.path.join(DATA, "crime", "ons-lookup-sample.csv")
SHARED = os.environ.get("PEEL_SHARED", os.path.join(SOURCE, "..", "shared"))
BOUNDARIES = os.path.join(SHARED, "data", "geography", "geo-lookups", "boundaries", "lsoa")
AREAS = os.path.join(SOURCE, "demo", "area.csv")


def lsoa_counts():
    """Crimes per district in the sample, counted here from the CSV and the
    lookup (LSOA -> district name)."""
    with open(LOOKUP, newline="") as f:
        lad = {r["LSOA11CD"]: r["LAD19NM"] for r in csv.DictReader(f)}
    with open(SAMPLE, newline="") as f:
        rows = list(csv.DictReader(f))
    counts = {}
    for r in rows:
        if r["LSOA code"] in lad:
            counts[lad[r["LSOA code"]]] = counts.get(lad[r["LSOA code"]], 0) + 1
    return counts, rows


def text_of(body):
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def external_urls(page):
    """Every URL in an attribute or in CSS that would make a request (the
    SVG namespace is a name, not a request)."""
    urls = []
    for attr, value in re.findall(r'\s([a-zA-Z:-]+)="([^"]*)"', page):
        if attr != "xmlns" and re.search(r"(https?:)?//|^/", value):
            urls.append((attr, value))
    urls += re.findall(r"url\(|@import", page)
    return urls


class Crime(WebCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.srv.peel("import", "area", os.path.join(SOURCE, "demo", "area.csv"))
        cls.srv.peel("area", "import", LOOKUP)
        cls.srv.peel("crime", "import", SAMPLE)
        cls.srv.peel("set", "area", "E07000130", "publish=no")  # Charnwood

    def test_list(self):
        for role in ("public", "panel"):
            r = self.clients[role].get("/crime")
            self.assertEqual(r.status, 200, role)
            self.assertIn('<a href="/crime/pack/E07000129">Blaby</a>', r.text)
            self.assertNotIn("Charnwood", r.text, role)  # not published
            self.assertNotIn("E07000130", r.text, role)  # nor drawn
            self.assertIn("2022-01 to 2022-01", r.text)
            # the layout's own policy, unchanged
            self.assertIn("style-src 'self'", r.header("Content-Security-Policy"))
        r = self.clients["staff"].get("/crime")
        self.assertIn('<a href="/crime/pack/E07000130">Charnwood</a>', r.text)
        # a district without crimes counted has no pack, and says why
        self.assertNotIn('href="/crime/pack/E06000017"', r.text)
        self.assertIn("Rutland</th><td colspan=\"3\">no crimes counted in its LSOAs", r.text)
        # the page is in the navigation of everyone
        self.assertIn('<a href="/crime"', self.clients["public"].get("/").text)

    def test_overview_table(self):
        """The districts' latest month and 12-month totals, against a count
        made here; each says how many of its 12 months hold data."""
        counts, rows = lsoa_counts()
        page = self.clients["staff"].get("/crime").text
        table = page[page.index('<table class="crime-districts">'):]
        table = table[:table.index("</table>")]
        got = dict(re.findall(r'<a href="/crime/pack/E\d{8}">([^<]+)</a></th>'
                              r'<td class="num">(\d+)</td>', table))
        self.assertEqual({k: int(v) for k, v in got.items()}, counts)
        # one month of the 12 to January 2022 holds data: said beside each total
        lines = re.findall(r"<tr[^>]*>.*?</tr>", table.split("<tbody>")[1])
        for line in lines:
            if "colspan" in line:
                continue
            self.assertIn("<strong>1 of 12</strong> hold data", line)
            n = re.findall(r'<td class="num">(\d+)</td>', line)
            self.assertEqual(n[0], n[1], line)  # one month: its total is the month's
        # the force's row counts the crimes placed in its districts; those
        # with no location, or outside them, have rows of their own
        force = next(l for l in lines if "(force)" in l)
        self.assertIn(f'<td class="num">{sum(counts.values())}</td>', force)
        nowhere = sum(1 for r in rows if not r["LSOA code"])
        self.assertGreater(nowhere, 0)
        other = next(l for l in lines if "No location" in l)
        self.assertIn(f'<td class="num">{nowhere}</td>', other)

    def test_overview_map(self):
        if not os.path.isdir(BOUNDARIES):
            self.skipTest("no ../shared boundaries")
        counts, _ = lsoa_counts()
        page = self.clients["public"].get("/crime").text
        svg = page[page.index("<svg"):page.index("</svg>")]
        self.assertIn('<title id="district-map-t">Crimes by district</title>', svg)
        titles = dict(re.findall(r'<path data-code="(E\d{8})"[^>]*><title>([^<]*)</title>', svg))
        # every district the public may see that has a boundary file is drawn
        # and named with its 12-month count; Charnwood (not published) is not
        with open(AREAS, newline="") as f:
            districts = {r["code"]: r["name"] for r in csv.DictReader(f)
                         if r["kind"] == "district"}
        for code, name in districts.items():
            if code == "E07000130":
                self.assertNotIn(code, titles)
            elif os.path.exists(os.path.join(BOUNDARIES, code + ".geojson")):
                want = f"{name}: {counts[name]} crimes" if name in counts else f"{name}: no data"
                self.assertEqual(titles[code], want)
        # the legend: bins up to the largest count, and the no-data swatch
        top = max(n for name, n in counts.items() if name != "Charnwood")
        ub = [-(-top * (k + 1) // 5) for k in range(5)]
        legend = re.findall(r"<text[^>]*>([^<]*)</text>", svg[svg.index('class="legend"'):])
        self.assertEqual(legend, ["Key: number of crimes", f"0 to {ub[0]}"]
                         + [f"{ub[k - 1] + 1} to {ub[k]}" for k in range(1, 5)] + ["No data"])

    def test_pack_for_the_public(self):
        c = self.clients["public"]
        r = c.get("/crime/pack/E07000129")
        self.assertEqual(r.status, 200, r.text[:500])
        page = r.text
        self.assertIn('<h1 class="heading-l">Crime performance pack: Blaby</h1>', page)
        article = page[page.index('<article class="report crime-pack">'):]
        article = article[:article.index("</article>")]
        self.assertIn("<svg", article)
        self.assertEqual(external_urls(article), [])
        self.assertNotIn("<script", article)
        self.assertIn("Open Government Licence v3.0", article)
        # by name, in any case, the same page
        self.assertEqual(c.get("/crime/pack/bLaBy").body, r.body)

        # crimes by type in Blaby, counted here from the CSV and the lookup
        with open(LOOKUP, newline="") as f:
            blaby = {row["LSOA11CD"] for row in csv.DictReader(f) if row["LAD19NM"] == "Blaby"}
        with open(SAMPLE, newline="") as f:
            rows = [row for row in csv.DictReader(f) if row["LSOA code"] in blaby]
        self.assertGreater(len(rows), 0)
        types = {}
        for row in rows:
            types[row["Crime type"]] = types.get(row["Crime type"], 0) + 1
        for t, n in types.items():
            self.assertIn(f'<td>{html.escape(t, quote=True)}</td><td class="num">{n}</td>', page)
        # the LSOA table adds up to the district's crimes
        lsoa_table = page[page.index("<caption>Crimes by LSOA"):]
        lsoa_table = lsoa_table[:lsoa_table.index("</table>")]
        counts = re.findall(r'<td>E\d{8}</td><td>[^<]*</td><td class="num">(\d+)</td>',
                            lsoa_table)
        self.assertEqual(sum(map(int, counts)), len(rows))

        # the same blocks as the command writes, after the title
        out = os.path.join(self.srv.dir, "blaby.html")
        self.srv.peel("crime", "pack", "--area", "Blaby", "--out", out)
        with open(out, encoding="utf-8") as f:
            standalone = f.read()
        blocks = standalone[standalone.index("</h1>\n") + 6:standalone.index("</body>")]
        self.assertEqual(article[article.index(">\n") + 2:], blocks)

    def test_pack_in_the_site_layout(self):
        """The pack is a page of the site: its navigation, search box and
        stylesheet, the site's policy (no inline style at all), a legend on
        its map, and a notice for each section it cannot show."""
        r = self.clients["public"].get("/crime/pack/E07000129")
        page = r.text
        self.assertIn('<nav class="nav', page)
        self.assertIn('id="site-search"', page)
        self.assertIn('<a href="/crime">All districts</a>', page)
        self.assertIn('rel="stylesheet" href="/static/peel.css', page)
        csp = r.header("Content-Security-Policy")
        self.assertIn("style-src 'self'", csp)
        self.assertNotIn("'unsafe-inline'", csp)
        self.assertNotIn("<style", page)
        self.assertNotIn(" style=", page)
        self.assertIn('name="viewport"', page)
        # the map's legend (the boundaries are ../shared's: without them the
        # pack says why it has no map), and a wrapper that scrolls each table
        if os.path.isdir(BOUNDARIES):
            svg = page[page.index('<title id="map-t">'):]
            svg = svg[:svg.index("</svg>")]
            self.assertIn('<g class="legend">', svg)
            self.assertIn(">No data</text>", svg)
        else:
            self.assertNotIn('<title id="map-t">', page)
            self.assertIn("No map", page)
        self.assertEqual(page.count("<table>"),
                         len(re.findall(r'<div class="table-wrap" role="region" tabindex="0" '
                                        r'aria-label="[^"]+"><table>', page)))
        # sections it cannot show say why
        self.assertIn("No stop and search figures: no police.uk stop-and-search files are "
                      "imported for 2022-01 to 2022-01.", page)
        self.assertIn("No rates: peel holds no population figures", page)
        self.assertEqual(r.header("X-Content-Type-Options"), "nosniff")

    def test_refused(self):
        c = self.clients["public"]
        r = c.get("/crime/pack/Atlantis")
        self.assertEqual(r.status, 404)
        self.assertIn("There is no district 'Atlantis' with police.uk crime data",
                      text_of(r.text))
        self.assertNotIn("<svg", r.text)
        # the force is not a district
        self.assertEqual(c.get("/crime/pack/Leicestershire").status, 404)
        # a district with no crime data
        self.assertEqual(c.get("/crime/pack/Rutland").status, 404)
        # an unpublished district: not for the public or the Panel, staff see it
        self.assertEqual(c.get("/crime/pack/Charnwood").status, 404)
        self.assertEqual(self.clients["panel"].get("/crime/pack/E07000130").status, 404)
        r = self.clients["staff"].get("/crime/pack/E07000130")
        self.assertEqual(r.status, 200)
        self.assertIn("Crime performance pack: Charnwood", r.text)
        # markup in the address is text in the message
        r = c.get("/crime/pack/%3Cb%3Ebold")
        self.assertEqual(r.status, 404)
        self.assertIn("&lt;b&gt;bold", r.text)
        self.assertNotIn("<b>bold", r.text)
        # these pages take no query parameters
        r = c.get("/crime/pack/Blaby?to=2022-01")
        self.assertEqual(r.status, 400)
        self.assertIn("'to' is not a parameter of this page", text_of(r.text))
        self.assertEqual(c.get("/crime?x=1").status, 400)
        self.assertEqual(c.request("POST", "/crime").status, 405)


class CrimeGaps(WebCase):
    """January and April 2022 imported: February and March are a gap."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.srv.peel("import", "area", AREAS)
        cls.srv.peel("area", "import", LOOKUP)
        with open(SAMPLE, newline="") as f:
            text = f.read().replace(",2022-01,", ",2022-04,")
        path = os.path.join(cls.srv.dir, "2022-04-leicestershire-street.csv")
        with open(path, "w", newline="") as f:
            f.write(text)
        cls.srv.peel("crime", "import", SAMPLE, path)

    def test_months_with_data(self):
        """The months strip names the missing months: a gap, not a zero."""
        page = self.clients["public"].get("/crime").text
        self.assertIn("2 of the 4 months from the first imported to the latest hold "
                      "police.uk street data.", text_of(page))
        self.assertIn("No data is imported for 2022-02 to 2022-03", text_of(page))
        strip = page[page.index('<table class="months-strip">'):]
        strip = strip[:strip.index("</table>")]
        row = re.search(r'<tr><th scope="row">2022</th>(.*?)</tr>', strip).group(1)
        cells = re.findall(r'<td class="month-(\w+)">', row)
        self.assertEqual(cells, ["have", "gap", "gap", "have"] + ["out"] * 8)
        # the 12 months to April: 2 hold data, said beside each total, which
        # counts both months (the sample twice)
        counts, rows = lsoa_counts()
        table = page[page.index('<table class="crime-districts">'):]
        table = table[:table.index("</table>")]
        force = re.search(r'<tr class="total">.*?</tr>', table).group(0)
        placed = sum(counts.values())
        self.assertEqual(re.findall(r'<td class="num">(\d+)</td>', force),
                         [str(placed), str(2 * placed)])
        self.assertIn("<strong>2 of 12</strong> hold data", force)


if __name__ == "__main__":
    main()
