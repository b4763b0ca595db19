"""/oversight: the office's scrutiny and governance activity in a period, as
the PCC's update report gives it (seed 001 paras 48-57): each part's table
from the records the reader may open, then every figure a paper prints for
a period inside it, printed beside computed.  Checked on the demo for July
and August 2024 against `peel --as public figures` (an independent path
through the command) and the paper's own numbers; an unpublished figure
with a canary is never shown."""
import html
import json
import re
import unittest

import peelweb


class Overview(unittest.TestCase):
    def test_page(self):
        srv = peelweb.Server(accounts=False)
        try:
            srv.peel("demo")
            srv.peel("add", "figure", "key=TEST-OVCANARY", "label=OVCANARY figure",
                     "paper=001 test", "period_from=2024-07-01", "period_to=2024-08-31",
                     "printed=5", "unit=count", "rounding=exact", "compute=count",
                     "over=decision", "publish=no")
            c = srv.client()
            r = c.get("/oversight?from=2024-07-01&to=2024-08-31")
            self.assertEqual(r.status, 200)
            for h in ("Custody visiting", "Scrutiny panels", "Complaint reviews",
                      "Freedom of Information requests", "Decisions and the publication scheme"):
                self.assertIn(f">{h}</h2>", r.text)
            table = r.text.split('id="oversight-printed"')[1].split("</table>")[0]
            got = {html.unescape(k): (p, cmp, st) for k, p, cmp, st in re.findall(
                r'<a href="/figures/([^"]+)">.*?<td class="num">([^<]*)</td>'
                r'<td class="num">([^<]*)</td><td>([^<]*)</td>', table)}
            # what the command computes for the public, the figures inside the period
            periods = {f["key"]: (f.get("period_from") or "", f.get("period_to") or "")
                       for f in json.loads(srv.peel("--as", "public", "list", "figure",
                                                    "--format", "json"))}
            out = srv.peel("--as", "public", "figures", "--format", "json")
            want = {f["key"]: (f["printed"], f["computed"] or "not computed", f["status_label"])
                    for f in json.loads(out)
                    if f["printed"] and periods[f["key"]][0] and periods[f["key"]][1]
                    and periods[f["key"]][0] >= "2024-07-01"
                    and periods[f["key"]][1] <= "2024-08-31"}
            self.assertEqual(got, want)
            # the paper's own: 16 visits made, 27 reviews received, two recommendations
            self.assertEqual(got["001-icv-visits-made-2024-jul-aug"][:2], ("16", "16"))
            self.assertEqual(got["001-complaint-reviews-2024-07-08"][:2], ("27", "27"))
            self.assertEqual(got["001-complaint-review-recommendations-2024-07-08"][2], "Agrees")
            self.assertNotIn("OVCANARY", r.text)
            self.assertEqual(c.get("/oversight?from=2024-09-01&to=2024-08-01").status, 400)
            self.assertEqual(c.get("/oversight?colour=red").status, 400)
        finally:
            srv.stop()
            srv.cleanup()


if __name__ == "__main__":
    unittest.main()
