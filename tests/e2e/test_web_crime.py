"""The crime performance pages in the web application (src/web/pages_crime.c),
against the real server on a database holding the committed fixtures: the
force and its districts (demo/area.csv), the LSOA lookup sample and the
police.uk street sample for January 2022.  Charnwood is marked not published.

- /crime lists the districts with crime data that the reader may see, each
  linking to its pack;
- /crime/pack/CODE-or-name serves the district performance pack to the
  public: the same bytes `peel crime pack` writes, figures checked against
  a count made here from the CSV, inline SVG and no external URL, with its
  own Content-Security-Policy (no script, no requests; the one <style>
  allowed by its hash, computed here);
- an unknown district, a force, an unpublished district (for the public)
  and a query parameter are refused with clear messages."""
import base64
import csv
import hashlib
import html
import os
import re

from peelweb import WebCase, main

SOURCE = os.environ.get("PEEL_SOURCE", os.path.join(os.path.dirname(__file__), "..", ".."))
DATA = os.path.join(SOURCE, "tests", "data")
SAMPLE = os.path.join(DATA, "police-uk-sample", "2022-01", "2022-01-leicestershire-street.csv")
LOOKUP = os.path.join(DATA, "crime", "ons-lookup-sample.csv")


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
            self.assertIn("2022-01 to 2022-01", r.text)
            # the layout's own policy, unchanged
            self.assertIn("style-src 'self'", r.header("Content-Security-Policy"))
        r = self.clients["staff"].get("/crime")
        self.assertIn('<a href="/crime/pack/E07000130">Charnwood</a>', r.text)
        # districts without crime data are not listed
        self.assertNotIn("Rutland", r.text)
        # the page is in the navigation of everyone
        self.assertIn('<a href="/crime"', self.clients["public"].get("/").text)

    def test_pack_for_the_public(self):
        c = self.clients["public"]
        r = c.get("/crime/pack/E07000129")
        self.assertEqual(r.status, 200, r.text[:500])
        page = r.text
        self.assertIn("<h1>Crime performance pack: Blaby</h1>", page)
        self.assertIn("<svg", page)
        self.assertEqual(external_urls(page), [])
        self.assertNotIn("<script", page)
        self.assertIn("Open Government Licence v3.0", page)
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

        # the same bytes as the command writes
        out = os.path.join(self.srv.dir, "blaby.html")
        self.srv.peel("crime", "pack", "--area", "Blaby", "--out", out)
        with open(out, "rb") as f:
            self.assertEqual(f.read(), r.body)

    def test_pack_policy(self):
        r = self.clients["public"].get("/crime/pack/E07000129")
        policies = r.headers_named("Content-Security-Policy")
        self.assertEqual(len(policies), 1, policies)
        csp = {d.split()[0]: d.split()[1:] for d in policies[0].split(";") if d.strip()}
        self.assertEqual(csp["default-src"], ["'none'"])
        self.assertNotIn("script-src", csp)  # so default-src 'none': no script at all
        self.assertEqual(csp["frame-ancestors"], ["'none'"])
        self.assertEqual(csp["base-uri"], ["'none'"])
        self.assertEqual(csp["form-action"], ["'none'"])
        self.assertNotIn("'unsafe-inline'", policies[0])
        # exactly the page's one <style>, by its SHA-256
        styles = re.findall(r"<style>(.*?)</style>", r.text, re.S)
        self.assertEqual(len(styles), 1)
        digest = base64.b64encode(hashlib.sha256(styles[0].encode()).digest()).decode()
        self.assertEqual(csp["style-src"], [f"'sha256-{digest}'"])
        self.assertNotIn(" style=", r.text)  # no style attribute the hash would not cover
        self.assertEqual(r.header("X-Content-Type-Options"), "nosniff")

    def test_refused(self):
        c = self.clients["public"]
        r = c.get("/crime/pack/Atlantis")
        self.assertEqual(r.status, 404)
        self.assertIn("there is no district 'Atlantis' with police.uk crime data",
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


if __name__ == "__main__":
    main()
