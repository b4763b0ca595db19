"""Query parameters the register's pages read (web/params.c): dates in ISO
or UK form, financial years and years; a value that does not read shows the
page's form again with a GOV.UK error summary naming the field as the page
labels it and keeping what was typed (status 400) -- never a dead-end page
naming a parameter; a download asked for with a bad filter gets that form,
not a file."""
import re
from urllib.parse import quote

from peelweb import WebCase, main


def summary(text):
    m = re.search(r'<div class="error-summary".*?</div>', text, re.S)
    return m.group(0) if m else ""


class Params(WebCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.srv.peel("demo")

    def check_refused(self, r, label, typed, name):
        self.assertEqual(r.status, 400, r.text[:300])
        self.assertTrue(r.header("Content-Type").startswith("text/html"))
        s = summary(r.text)
        self.assertIn("There is a problem", s)
        self.assertIn(f'<a href="#filter-{name}">{label}: ', s)
        self.assertNotIn("Bad request", r.text)
        self.assertIn("<title>Error: ", r.text)
        control = re.search(rf'<input[^>]*id="filter-{name}"[^>]*>', r.text).group(0)
        self.assertIn('aria-invalid="true"', control)
        self.assertIn(f"filter-{name}-error", control)
        self.assertIn(f'value="{typed}"', control)
        self.assertIn(f'id="filter-{name}-error"', r.text)

    def test_dates_iso_and_uk(self):
        staff = self.clients["staff"]
        iso = staff.get("/register/actions?as_of=2023-07-01")
        uk = staff.get("/register/actions?as_of=01%2F07%2F2023")
        self.assertEqual(uk.status, 200)
        counts = re.search(r'<p class="body" role="status" id="counts">(.*?)</p>', iso.text)
        self.assertIn(counts.group(0), uk.text)
        self.assertIn("on 1 July 2023", counts.group(1))
        r = self.clients["public"].get("/register/recommendations?as_of=9%2F10%2F2023")
        self.assertEqual(r.status, 200)
        self.assertIn('value="2023-10-09"', r.text)

    def test_bad_date_reshows_the_form(self):
        staff = self.clients["staff"]
        r = staff.get("/register/actions?as_of=31%2F02%2F2023&show=open")
        self.check_refused(r, "Status on", "31/02/2023", "as_of")
        self.assertIn("February 2023 has 28 days", summary(r.text))
        self.assertIn('<option value="open" selected>', r.text)  # other choices kept
        self.assertNotIn('id="counts"', r.text)                  # no figures for a bad date
        r = staff.get("/register/actions?by=owner&from=2023-10-01&to=2023-09-01")
        self.check_refused(r, "Completed from", "2023-10-01", "from")
        self.assertIn("the period starts after it ends", summary(r.text))

    def test_typed_text_is_kept_as_text(self):
        r = self.clients["public"].get("/register/recommendations?as_of=" +
                                       quote("<script>x</script>"))
        self.check_refused(r, "Status on", "&lt;script&gt;x&lt;/script&gt;", "as_of")
        self.assertNotIn("<script>x", r.text)

    def test_download_with_a_bad_filter_gets_the_form(self):
        r = self.clients["staff"].get("/register/actions.csv?as_of=soon")
        self.check_refused(r, "Status on", "soon", "as_of")
        self.assertIsNone(r.header("Content-Disposition"))
        r = self.clients["public"].get("/register/calendar.ics?year=20x4")
        self.check_refused(r, "Year", "20x4", "year")
        self.assertIsNone(r.header("Content-Disposition"))
        r = self.clients["public"].get("/register/reports/cgb.html?to=32%2F01%2F2024")
        self.check_refused(r, "Meetings to", "32/01/2024", "to")
        self.assertIsNone(r.header("Content-Disposition"))

    def test_financial_year_and_year(self):
        r = self.clients["public"].get("/register/hmicfrs?year=2022%2F23")
        self.check_refused(r, "Financial year", "2022/23", "year")
        self.assertEqual(self.clients["public"].get("/register/hmicfrs?year=2022-23").status, 200)
        r = self.clients["public"].get("/register/calendar?year=1066")
        self.check_refused(r, "Year", "1066", "year")
        self.assertIn("not a year from 1900 to 2999", summary(r.text))
        r = self.clients["public"].get("/register/reports/cgb?as_of=tomorrow")
        self.check_refused(r, "Action status on", "tomorrow", "as_of")

    def test_unknown_parameter_is_not_named(self):
        for path in ("/register/actions?colour=red", "/register/calendar?year=2024&colour=red",
                     "/register/work-programme?colour=red", "/register/hmicfrs?colour=red"):
            with self.subTest(path=path):
                r = self.clients["staff"].get(path)
                self.assertEqual(r.status, 400)
                s = summary(r.text)
                self.assertIn("The address of this page has a part the page does not use", s)
                self.assertNotIn("colour", s)
                self.assertNotIn("Bad request", r.text)
                self.assertIn("<form", r.text)


    def test_record_list_filter(self):
        staff = self.clients["staff"]
        r = staff.get("/records/meeting?date=2023-02-30&status=held")
        self.check_refused(r, "Date", "2023-02-30", "date")
        self.assertIn("February 2023 has 28 days", summary(r.text))
        self.assertIn("<h1 class=\"heading-l\">Meetings</h1>", r.text)
        self.assertIn('<option value="held" selected>', r.text)   # the other filter kept
        self.assertNotIn("found", r.text)                          # no records listed
        r = staff.get("/records/meeting/export.csv?date=soon")
        self.check_refused(r, "Date", "soon", "date")
        self.assertIsNone(r.header("Content-Disposition"))
        for q in ("colour=red", "_sort=password", "_page=0"):
            with self.subTest(q=q):
                r = staff.get("/records/person?" + q)
                self.assertEqual(r.status, 400)
                s = summary(r.text)
                self.assertIn("The address of this page has a part the page does not use", s)
                self.assertNotIn("_sort", s)
                self.assertNotIn("Bad request", r.text)
        # the API still names the parameter, as JSON
        e = self.api_client("staff").get("/api/v1/person?colour=red").json()["error"]
        self.assertEqual(e["code"], "unknown_parameter")
        self.assertIn("colour", e["message"])
        e = self.api_client("staff").get("/api/v1/meeting?date=2023-02-30").json()["error"]
        self.assertEqual((e["code"], e["field"]), ("bad_query", "date"))


if __name__ == "__main__":
    main()
