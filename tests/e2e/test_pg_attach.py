"""Papers on PostgreSQL, whose files are kept in the database: one attached
through the command is downloaded through two `peel serve` processes, one
uploaded through one process is downloaded through the other, a PDF's
text is searchable, and taking the last paper off removes its bytes.
`peel check` reads every file back against its SHA-256; a byte changed in
the database (through psql, as an attacker or a fault would) is a problem
naming the paper, as are other bytes of the same length and a row whose
SHA-256 names a path; such a file is never served as the paper: the
download is refused with a clear page, and `peel copy` stops naming it.
Skipped (exit 77) where PostgreSQL is not installed."""
import os
import subprocess
import sys
import tempfile
import unittest
import uuid

import pgserver
from peeltest import PEEL, SOURCE
from peelweb import PASSWORD, Client, Serving

PAPERS = os.path.join(SOURCE, "tests", "data", "papers")
AGENDA = os.path.join(PAPERS, "pcp-2023-10-09-agenda.pdf")
PSQL = "psql"


def paper(name):
    with open(os.path.join(PAPERS, name), "rb") as f:
        return f.read()


def multipart(fields, filename, data):
    boundary = "peel" + uuid.uuid4().hex
    out = b""
    for k, v in fields.items():
        out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n"
                f"{v}\r\n").encode()
    out += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; "
            f"filename=\"{filename}\"\r\nContent-Type: application/octet-stream\r\n\r\n").encode()
    out += data + b"\r\n" + f"--{boundary}--\r\n".encode()
    return out, f"multipart/form-data; boundary={boundary}"


class PgAttach(unittest.TestCase):
    def setUp(self):
        self.db = pgserver.database("attach")
        self._tmp = tempfile.TemporaryDirectory(prefix="peel-pgattach-")
        self.env = dict(os.environ, PEEL_USER="tester", PEEL_NOW="2023-10-09T13:00:00Z")
        self.peel("init")
        self.peel("user", "add", "staff1", "--role", "staff", stdin=PASSWORD + "\n")
        self.token = self.peel("token", "add", "staff1").strip()
        self.peel("add", "body", "name=Police and Crime Panel", "kind=panel")
        self.peel("add", "meeting", "ref=PCP 2023-10-09", "body=Police and Crime Panel",
                  "date=2023-10-09", "status=held", "publish=yes")
        self.servers = [Serving(self.db, self.env, self._tmp.name, "serve%d" % i)
                        for i in range(2)]
        self.ports = [srv.port for srv in self.servers]
        self.logs = [srv.log_path for srv in self.servers]

    def tearDown(self):
        rcs = [srv.stop() for srv in self.servers]
        self._tmp.cleanup()
        self.assertEqual(rcs, [0, 0], "peel serve's exit status")

    def run_peel(self, *args, stdin=None, status=0):
        p = subprocess.run([PEEL, *args], input=stdin, capture_output=True, text=True,
                           env=self.env, cwd=self._tmp.name, timeout=300)
        self.assertEqual(p.returncode, status, p.stdout + p.stderr)
        return p

    def peel(self, *args, stdin=None, status=0):
        return self.run_peel("--db", self.db, *args, stdin=stdin, status=status).stdout

    def sql(self, statement):
        p = subprocess.run([PSQL, self.db, "-XAtq", "-v", "ON_ERROR_STOP=1", "-c", statement],
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        return p.stdout.strip()

    def attach_agenda(self):
        self.peel("attach", "meeting", "PCP 2023-10-09", AGENDA, "--title", "Agenda", "--kind",
                  "agenda")
        rows = Client(self.ports[0], token=self.token).get(
            "/api/v1/meeting/1/attachments").json()["data"]
        self.assertEqual(len(rows), 1)
        return rows[0]

    def test_attached_on_one_read_on_every_process(self):
        pdf = paper("pcp-2023-10-09-agenda.pdf")
        a = self.attach_agenda()
        self.assertEqual(a["size"], len(pdf))
        # no folder beside anything: the bytes are in the database
        self.assertEqual(self.sql("SELECT count(*), sum(length(bytes)) FROM attachment_file"),
                         "1|%d" % len(pdf))
        for port in self.ports:
            d = Client(port).get(a["url"])
            self.assertEqual(d.status, 200)
            self.assertEqual(d.body, pdf)
            self.assertEqual(d.header("Content-Type"), "application/pdf")
        out = self.peel("check")
        self.assertRegex(out, r"(?m)^ok\s+attachments\s+1 file, each present and matching")
        # the PDF's text was read for search
        self.assertIn("Agenda", self.peel("search", "Woodiwiss"))
        # uploaded through one process, downloaded through the other
        odt = paper("sample.odt")
        body, ctype = multipart({"title": "Estates appendix", "kind": "appendix"}, "sample.odt",
                                odt)
        r = Client(self.ports[0], token=self.token).request(
            "POST", "/api/v1/meeting/1/attachments", body=body, headers={"Content-Type": ctype})
        self.assertEqual(r.status, 201, r.text)
        d = Client(self.ports[1]).get(r.json()["url"])
        self.assertEqual((d.status, d.body), (200, odt))
        self.assertEqual(self.sql("SELECT count(*) FROM attachment_file"), "2")
        # the last paper holding bytes takes them when it goes
        self.peel("detach", str(r.json()["id"]))
        self.assertEqual(self.sql("SELECT count(*) FROM attachment_file"), "1")
        self.assertEqual(Client(self.ports[1]).get(r.json()["url"]).status, 404)

    def test_a_changed_byte_is_found_and_never_served(self):
        pdf = paper("pcp-2023-10-09-agenda.pdf")
        a = self.attach_agenda()
        self.sql("UPDATE attachment_file SET bytes = set_byte(bytes, 100,"
                 " get_byte(bytes, 100) # 1)")
        out = self.peel("check", status=1)
        self.assertRegex(out, r"PROBLEM\s+attachments\s+paper 1 \(\"Agenda\"\): its file has"
                              r" changed, its bytes no longer match its SHA-256")
        for port in self.ports:
            d = Client(port).get(a["url"])
            self.assertEqual(d.status, 500)
            self.assertNotIn(b"%PDF", d.body)
            self.assertIn("missing or damaged", d.text)
        with open(self.logs[0]) as f:
            self.assertIn("attachment 1: its bytes no longer match its SHA-256", f.read())
        # other bytes of the right size in their place: refused alike
        forged = b"%PDF-1.4 forged" + b" " * (len(pdf) - 15)
        self.sql("UPDATE attachment_file SET bytes = '\\x%s'::bytea" % forged.hex())
        self.assertEqual(Client(self.ports[1]).get(a["url"]).status, 500)
        self.assertIn("its bytes no longer match", self.peel("check", status=1))
        # a copy with a hole is no copy: it stops, naming the paper
        c = os.path.join(self._tmp.name, "c.db")
        p = self.run_peel("copy", "--from", self.db, "--to", c, status=1)
        self.assertIn('paper 1 ("Agenda")', p.stderr)
        # the row made to name a path instead of a file
        sha = self.sql("SELECT sha256 FROM attachment")
        self.sql("UPDATE attachment SET sha256 = '../../../etc/passwd'")
        self.assertIn('paper 1 ("Agenda"): its SHA-256 is not one', self.peel("check", status=1))
        self.assertEqual(Client(self.ports[0]).get(a["url"]).status, 500)
        self.sql("UPDATE attachment SET sha256 = '%s'" % sha)
        # the bytes gone altogether
        self.sql("DELETE FROM attachment_file")
        self.assertRegex(self.peel("check", status=1),
                         r"PROBLEM\s+attachments\s+paper 1 \(\"Agenda\"\) has no file")
        self.assertEqual(Client(self.ports[0]).get(a["url"]).status, 500)


if __name__ == "__main__":
    sys.exit(pgserver.main())
