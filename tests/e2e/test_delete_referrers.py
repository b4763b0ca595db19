"""Deleting a record that other records refer to: the web page, the API and
`peel delete` all refuse with 409 (exit status 2 for the command) and name
the referrers by type and key -- only those the reader may see.  Records the
reader may not see are "other records": never named, never counted."""
import re
import subprocess

from peelweb import PEEL, WebCase, main


class DeleteReferrers(WebCase):

    def make(self, tag):
        """A person who chairs a board (staff may see it) and whom an
        account refers to (only admin may see accounts)."""
        s = self.srv
        pid = s.peel("add", "person", f"name=Chair {tag}").strip()
        bid = s.peel("add", "body", f"name=Board {tag}", "kind=board",
                     f"chair=Chair {tag}").strip()
        s.peel("user", "add", f"acct{tag.lower()}", "--role", "staff",
               stdin="correct horse battery staple\n")
        s.peel("set", "user", f"acct{tag.lower()}", f"person=Chair {tag}")
        return pid, bid

    def test_web_names_what_the_reader_may_see(self):
        pid, bid = self.make("Web")
        staff = self.clients["staff"]
        staff.get(f"/records/person/{pid}/delete")
        r = staff.post(f"/records/person/{pid}/delete", {})
        self.assertEqual(r.status, 409)
        self.assertIn("Chair Web cannot be deleted", r.text)
        self.assertIn(f'<a href="/records/body/{bid}">Board or panel Board Web</a>', r.text)
        self.assertIn("and other records", r.text)
        self.assertNotIn("acctweb", r.text)        # the account is not staff's to see
        self.assertNotIn("/records/user/", r.text)
        self.assertIsNone(re.search(r"\d+ (other )?records?", r.text))  # and not counted
        self.assertNotIn("Bad request", r.text)
        self.assertIn("Chair Web", self.srv.peel("show", "person", pid))  # still there

        admin = self.clients["admin"]
        admin.get(f"/records/person/{pid}/delete")
        r = admin.post(f"/records/person/{pid}/delete", {})
        self.assertEqual(r.status, 409)
        self.assertIn("Board or panel Board Web", r.text)
        self.assertIn("User acctweb", r.text)
        self.assertNotIn("and other records", r.text)

    def test_web_only_hidden_referrers(self):
        pid, bid = self.make("Hidden")
        self.srv.peel("delete", "body", bid)
        staff = self.clients["staff"]
        staff.get(f"/records/person/{pid}/delete")
        r = staff.post(f"/records/person/{pid}/delete", {})
        self.assertEqual(r.status, 409)
        self.assertIn("Other records refer to it", r.text)
        self.assertNotIn("accthidden", r.text)
        self.assertNotIn("<ul>\n<li>", r.text.split('id="referrers"')[1].split("</div>")[0])

    def test_api_names_what_the_caller_may_see(self):
        pid, bid = self.make("Api")
        r = self.api_client("staff").api("DELETE", f"/api/v1/person/{pid}")
        self.assertEqual(r.status, 409)
        e = r.json()["error"]
        self.assertEqual(e["code"], "conflict")
        self.assertEqual(e["referrers"], [{"type": "body", "id": int(bid), "key": "Board Api"}])
        self.assertTrue(e["more_referrers"])
        self.assertNotIn("acctapi", r.text)
        self.assertIn("body Board Api and other records refer to it", e["message"])

        r = self.api_client("admin").api("DELETE", f"/api/v1/person/{pid}")
        self.assertEqual(r.status, 409)
        e = r.json()["error"]
        self.assertEqual(sorted((x["type"], x["key"]) for x in e["referrers"]),
                         [("body", "Board Api"), ("user", "acctapi")])
        self.assertFalse(e["more_referrers"])

        # Once nothing refers to it, it goes, in its own transaction.
        self.srv.peel("delete", "body", bid)
        self.srv.peel("set", "user", "acctapi", "person=")
        r = self.api_client("staff").api("DELETE", f"/api/v1/person/{pid}")
        self.assertEqual(r.status, 204)
        self.assertEqual(self.api_client("staff").get(f"/api/v1/person/{pid}").status, 404)
        self.assertIn("delete", self.srv.peel("history", "person", pid))

    def test_command_names_every_referrer(self):
        pid, bid = self.make("Cmd")
        p = subprocess.run([PEEL, "--db", self.srv.db, "delete", "person", "Chair Cmd"],
                           capture_output=True, text=True, env=self.srv.env)
        self.assertEqual(p.returncode, 2, p.stderr)
        self.assertIn("person %s cannot be deleted: " % pid, p.stderr)
        self.assertRegex(p.stderr, r"(body Board Cmd, user acctcmd|user acctcmd, body Board Cmd)"
                                   r" refer to it; change or delete those first")
        self.assertNotIn("FOREIGN KEY", p.stderr)
        self.assertIn("Chair Cmd", self.srv.peel("show", "person", pid))
        self.srv.peel("delete", "body", "Board Cmd")
        self.srv.peel("delete", "user", "acctcmd")
        self.srv.peel("delete", "person", pid)
        self.srv.peel("show", "person", pid, status=2)


if __name__ == "__main__":
    main()
