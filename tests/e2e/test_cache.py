"""The page cache (src/web/cache.c) against the real server on loopback, on a
database with the demo's papers, the force and its districts and the ONS
lookup sample; the police.uk sample for January 2022 is imported during
the tests, while the server runs.

- the public pages built once per change (the front door, /crime, a
  district pack, /figures) carry a strong ETag, the BLAKE2b-128 digest of
  the body computed here, the same on the next request; If-None-Match with
  it (or W/ of it, or *) gets 304 Not Modified and no body, another tag the
  page;
- an edit through the API, a `peel set` and a `peel crime import` from
  another process each change the ETag and the body on the next request;
- staff and Panel members get fresh pages (no ETag, no-store), with what
  only they may see, and the public never gets theirs, before or after;
- a district withdrawn (publish=no) disappears from the cached pack, /crime
  and the front door at once, and comes back when published again;
- query strings are normalised (the same parameters in another order are
  the same page), and the cache's bytes stay under its cap
  (PEEL_CACHE_BYTES) through many distinct query strings: the server's
  own count at shutdown, and the pages still right after evictions;
- PEEL_CACHE_BYTES=0 turns it off, and a value that does not read is
  refused at start."""
import hashlib
import os
import re
import subprocess
import tempfile
import unittest

from peeltest import drop_database, new_database
from peelweb import PEEL, Server, WebCase, main

SOURCE = os.environ.get("PEEL_SOURCE", os.path.join(os.path.dirname(__file__), "..", ".."))
DATA = os.path.join(SOURCE, "tests", "data")
SAMPLE = os.path.join(DATA, "police-uk-sample", "2022-01", "2022-01-leicestershire-street.csv")
LOOKUP = os.path.join(DATA, "crime", "ons-lookup-sample.csv")
BLABY = "/crime/pack/E07000129"
CACHED = ("/", "/crime", BLABY, "/figures")


def digest_tag(body):
    """The ETag the server should send: computed here, not read from it."""
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


def with_env(env, fn):
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        return fn()
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def cache_stats(log):
    m = re.search(r"page cache: (\d+) hits, (\d+) misses, (\d+) kept, (\d+) evicted, "
                  r"(\d+) invalidations; (\d+) pages in (\d+) bytes \(peak (\d+), cap (\d+)\)", log)
    if not m:
        raise AssertionError("no page cache line at shutdown:\n" + log[-2000:])
    keys = ("hits", "misses", "kept", "evicted", "invalidations", "pages", "bytes", "peak", "cap")
    return dict(zip(keys, map(int, m.groups())))


class Cache(WebCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.srv.peel("demo")
        cls.srv.peel("area", "import", LOOKUP)
        cls.blaby_id = cls.area_id("E07000129")

    @classmethod
    def tearDownClass(cls):
        cls.srv.stop()
        log = cls.srv.log()
        super().tearDownClass()
        st = cache_stats(log)
        # pages were served from the cache, and changes were seen
        if st["hits"] < 20 or st["invalidations"] < 5 or st["bytes"] > st["cap"]:
            raise AssertionError(f"page cache figures: {st}")

    @classmethod
    def area_id(cls, code):
        out = cls.srv.peel("show", "area", code, "--format", "json")
        return int(re.search(r'"id":\s*(\d+)', out).group(1))

    def public(self, path, **kw):
        return self.clients["public"].get(path, **kw)

    def assert_cached_page(self, path):
        r1 = self.public(path)
        self.assertEqual(r1.status, 200, path)
        tag = r1.header("ETag")
        self.assertIsNotNone(tag, path)
        self.assertFalse(tag.startswith("W/"), path)  # strong
        self.assertEqual(tag, digest_tag(r1.body), path)
        for _ in range(3):  # both worker threads
            r2 = self.public(path)
            self.assertEqual(r2.status, 200, path)
            self.assertEqual(r2.header("ETag"), tag, path)
            self.assertEqual(r2.body, r1.body, path)
        return r1

    def test_1_etag_and_304(self):
        self.srv.peel("crime", "import", SAMPLE)
        for path in CACHED:
            r = self.assert_cached_page(path)
            tag = r.header("ETag")
            self.assertEqual(r.header("Vary"), "Cookie", path)
            self.assertEqual(r.header("Cache-Control"), "no-cache", path)
            for inm in (tag, "W/" + tag, '"other", ' + tag, "*"):
                nm = self.public(path, headers={"If-None-Match": inm})
                self.assertEqual(nm.status, 304, (path, inm))
                self.assertEqual(nm.body, b"", path)
                self.assertEqual(nm.header("ETag"), tag, path)
            other = self.public(path, headers={"If-None-Match": '"0123"'})
            self.assertEqual(other.status, 200, path)
            self.assertEqual(other.body, r.body, path)
            head = self.clients["public"].request("HEAD", path)
            self.assertEqual((head.status, head.header("ETag")), (200, tag), path)

    def test_2_import_and_edit_change_the_page(self):
        # an import from another process while the server runs
        before = self.public("/crime")
        self.srv.peel("crime", "import", SAMPLE)  # idempotent: same figures
        after_same = self.public("/crime")
        self.assertEqual(after_same.body, before.body)
        self.assertEqual(after_same.header("ETag"), digest_tag(after_same.body))

        # an edit through the API (another thread's connection)
        staff = self.api_client("staff")
        r = staff.api("PATCH", f"/api/v1/area/{self.blaby_id}", {"name": "Blaby District"})
        self.assertEqual(r.status, 200, r.text)
        for path in ("/crime", BLABY, "/"):
            page = self.public(path)
            self.assertEqual(page.status, 200, path)
            self.assertIn("Blaby District", page.text, path)
            self.assertEqual(page.header("ETag"), digest_tag(page.body), path)
        renamed = self.public("/crime")
        self.assertNotEqual(renamed.header("ETag"), before.header("ETag"))
        stale = self.public("/crime", headers={"If-None-Match": before.header("ETag")})
        self.assertEqual(stale.status, 200)
        self.assertEqual(stale.body, renamed.body)

        # an edit from another process
        self.srv.peel("set", "area", "E07000129", "name=Blaby")
        back = self.public("/crime")
        self.assertNotIn("Blaby District", back.text)
        self.assertNotEqual(back.header("ETag"), renamed.header("ETag"))
        self.assertEqual(back.header("ETag"), digest_tag(back.body))

    def test_3_staff_and_panel_get_fresh_pages(self):
        self.srv.peel("crime", "import", SAMPLE)
        self.srv.peel("set", "area", "E07000130", "publish=no")  # Charnwood
        try:
            for path in CACHED:
                pub = self.assert_cached_page(path)
                self.assertNotIn(b"Sign out", pub.body, path)
                self.assertNotIn(b'name="csrf"', pub.body, path)
                for role in ("staff", "panel", "admin"):
                    r = self.clients[role].get(path)
                    self.assertEqual(r.status, 200, (role, path))
                    self.assertIsNone(r.header("ETag"), (role, path))
                    self.assertEqual(r.header("Cache-Control"), "no-store", (role, path))
                    self.assertIn(b"Sign out", r.body, (role, path))
                    nm = self.clients[role].get(path, headers={"If-None-Match": pub.header("ETag")})
                    self.assertEqual(nm.status, 200, (role, path))
                # the public still gets the public page, after staff's
                again = self.public(path)
                self.assertEqual(again.body, pub.body, path)
            # what only staff may see: the unpublished district's pack
            self.assertEqual(self.public("/crime/pack/E07000130").status, 404)
            self.assertEqual(self.clients["staff"].get("/crime/pack/E07000130").status, 200)
            self.assertNotIn("Charnwood", self.public("/crime").text)
            self.assertIn("Charnwood", self.clients["staff"].get("/crime").text)
            self.assertEqual(self.public("/crime/pack/E07000130").status, 404)
        finally:
            self.srv.peel("set", "area", "E07000130", "publish=yes")

    def test_4_withdrawn_disappears_at_once(self):
        self.srv.peel("crime", "import", SAMPLE)
        for path in ("/", "/crime", BLABY):
            self.assertIn("Blaby", self.assert_cached_page(path).text, path)
        # withdrawn through the API
        staff = self.api_client("staff")
        r = staff.api("PATCH", f"/api/v1/area/{self.blaby_id}", {"publish": False})
        self.assertEqual(r.status, 200, r.text)
        for _ in range(3):
            self.assertEqual(self.public(BLABY).status, 404)
            self.assertNotIn("Blaby", self.public("/crime").text)
            self.assertNotIn("E07000129", self.public("/").text)
        # published again from another process, withdrawn again there
        self.srv.peel("set", "area", "E07000129", "publish=yes")
        self.assertEqual(self.public(BLABY).status, 200)
        self.assertIn("Blaby", self.public("/crime").text)
        self.srv.peel("set", "area", "E07000129", "publish=no")
        for _ in range(3):
            self.assertEqual(self.public(BLABY).status, 404)
            self.assertNotIn("Blaby", self.public("/crime").text)
        self.srv.peel("set", "area", "E07000129", "publish=yes")
        self.assertEqual(self.public(BLABY).status, 200)

    def test_5_query_normalised(self):
        a = self.public("/figures?status=agrees&paper=x")
        b = self.public("/figures?paper=x&status=agrees")
        self.assertEqual(a.status, 200)
        self.assertEqual(a.body, b.body)
        self.assertEqual(a.header("ETag"), b.header("ETag"))
        c = self.public("/figures?status=differs&paper=x")
        self.assertEqual(c.header("ETag"), digest_tag(c.body))
        bad = self.public("/figures?status=nonsense")
        self.assertEqual(bad.status, 400)
        self.assertIsNone(bad.header("ETag"))


class Bound(unittest.TestCase):
    """A small cap and many distinct query strings."""
    CAP = 256 << 10

    def test_bound_holds(self):
        srv = with_env({"PEEL_CACHE_BYTES": "256K"}, lambda: Server(accounts=False))
        try:
            srv.peel("demo")
            from peelweb import Client
            c = Client(srv.port)
            first = c.get("/figures?paper=q0")
            self.assertEqual(first.status, 200)
            n = 600
            sizes = 0
            for i in range(n):
                r = c.get(f"/figures?paper=q{i}")
                self.assertEqual(r.status, 200)
                self.assertEqual(r.header("ETag"), digest_tag(r.body))
                sizes += len(r.body)
            self.assertGreater(sizes, 4 * self.CAP)  # far more than fits
            again = c.get("/figures?paper=q0")  # evicted long ago: built again, the same
            self.assertEqual(again.body, first.body)
            self.assertEqual(again.header("ETag"), first.header("ETag"))
            full = c.get("/figures")
            self.assertEqual(full.header("ETag"), digest_tag(full.body))
        finally:
            rc = srv.stop()
            log = srv.log()
            srv.cleanup()
        self.assertEqual(rc, 0, log[-3000:])
        st = cache_stats(log)
        self.assertEqual(st["cap"], self.CAP)
        self.assertLessEqual(st["peak"], self.CAP)
        self.assertLessEqual(st["bytes"], self.CAP)
        self.assertGreater(st["evicted"], 0)
        self.assertGreater(st["kept"], st["pages"])

    def test_off_and_bad_cap(self):
        srv = with_env({"PEEL_CACHE_BYTES": "0"}, lambda: Server(accounts=False))
        try:
            from peelweb import Client
            r = Client(srv.port).get("/crime")
            self.assertEqual(r.status, 200)
            self.assertIsNone(r.header("ETag"))
        finally:
            rc = srv.stop()
            log = srv.log()
            srv.cleanup()
        self.assertEqual(rc, 0, log[-3000:])
        self.assertNotIn("page cache:", log)
        with tempfile.TemporaryDirectory(prefix="peel-cache-") as d:
            db = new_database(d)
            self.addCleanup(drop_database, db)
            subprocess.run([PEEL, "--db", db, "init"], check=True, capture_output=True)
            env = dict(os.environ, PEEL_CACHE_BYTES="lots")
            p = subprocess.run([PEEL, "--db", db, "serve", "--listen", "127.0.0.1:0"],
                               capture_output=True, text=True, env=env, timeout=60)
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertIn("PEEL_CACHE_BYTES: 'lots' is not a number of bytes", p.stderr)


if __name__ == "__main__":
    main()
