"""Signing in keeps the page cache (src/web/cache.c; the change counts,
peel_store_changes_each), against the real server on loopback with the demo's
papers, the ONS lookup sample and January 2022 of the police.uk sample:

- the public's front door and /crime, once cached, answer 304 Not Modified
  to their ETag after every sign-in, failed sign-in, sign-out and API
  request by token in between, and the server counts no invalidation for
  any of them (its own figures at shutdown);
- an edit of a record they show, through the API, changes the page and its
  ETag at the next request, and the old ETag then gets the new page."""
import os
import re
import unittest

from peelweb import PASSWORD, Client, Server, main

SOURCE = os.environ.get("PEEL_SOURCE", os.path.join(os.path.dirname(__file__), "..", ".."))
DATA = os.path.join(SOURCE, "tests", "data")
LOOKUP = os.path.join(DATA, "crime", "ons-lookup-sample.csv")
SAMPLE = os.path.join(DATA, "police-uk-sample", "2022-01", "2022-01-leicestershire-street.csv")
PAGES = ("/", "/crime")
SIGNINS = 4


def invalidations(log):
    m = re.search(r"page cache: \d+ hits, \d+ misses, \d+ kept, \d+ evicted, (\d+) invalidations",
                  log)
    if not m:
        raise AssertionError("no page cache line at shutdown:\n" + log[-2000:])
    return int(m.group(1))


class SignInKeepsCache(unittest.TestCase):
    def test_signins_keep_the_etag_and_an_edit_changes_it(self):
        srv = Server()
        try:
            srv.peel("demo")
            srv.peel("area", "import", LOOKUP)
            srv.peel("crime", "import", SAMPLE)
            out = srv.peel("show", "area", "E07000129", "--format", "json")
            blaby = int(re.search(r'"id":\s*(\d+)', out).group(1))
            public = Client(srv.port)
            tags = {}
            for path in PAGES:
                for _ in range(4):  # past each worker thread's first request
                    r = public.get(path)
                    self.assertEqual(r.status, 200, path)
                tags[path] = r.header("ETag")
                self.assertIsNotNone(tags[path], path)

            def still_cached(what):
                for path in PAGES:
                    for _ in range(2):  # both worker threads
                        r = public.get(path, headers={"If-None-Match": tags[path]})
                        self.assertEqual(r.status, 304, (what, path))
                        self.assertEqual(r.body, b"", (what, path))

            still_cached("before")
            for i in range(SIGNINS):
                c = Client(srv.port)
                c.sign_in("staff1", PASSWORD)
                still_cached(f"sign-in {i}")
                self.assertEqual(c.get("/records/person").status, 200)
                still_cached(f"staff page {i}")
                if i % 2:
                    c.post("/signout", {})
                    still_cached(f"sign-out {i}")
            bad = Client(srv.port)
            bad.get("/signin")
            r = bad.post("/signin", {"name": "staff1", "password": "not the password"})
            self.assertNotEqual(r.status, 303)
            still_cached("failed sign-in")
            api = Client(srv.port, token=srv.tokens["staff"])
            self.assertEqual(api.get(f"/api/v1/area/{blaby}").status, 200)
            still_cached("API read by token")

            # an edit of what the pages show: new bytes, a new ETag
            r = api.api("PATCH", f"/api/v1/area/{blaby}", {"name": "Blaby District"})
            self.assertEqual(r.status, 200, r.text)
            for path in PAGES:
                for _ in range(2):
                    page = public.get(path, headers={"If-None-Match": tags[path]})
                    self.assertEqual(page.status, 200, path)
                    self.assertIn("Blaby District", page.text, path)
                    self.assertNotEqual(page.header("ETag"), tags[path], path)
                new = page.header("ETag")
                self.assertEqual(public.get(path, headers={"If-None-Match": new}).status, 304)
        finally:
            rc = srv.stop()
            log = srv.log()
            srv.cleanup()
        self.assertEqual(rc, 0, log[-3000:])
        # each page once, after the edit: nothing for the sign-ins (each
        # would count one a page)
        self.assertLessEqual(invalidations(log), 2, log[-2000:])


if __name__ == "__main__":
    main()
