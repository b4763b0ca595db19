"""A slow request holds up no other connection: each connection has a thread
of its own, and what bounds the work is the pool of database connections
(`peel serve --threads N`, src/web/server.c).  The slow requests are made
from outside: another process holds the writers' lock, so the server's
writes wait for it, as they would behind a long import."""
import http.client
import json
import socket
import threading
import time

from peeltest import PG, connect
from peelweb import Client, Server, WebCase, main


class Locked:
    """Holds the database's writers' lock (SQLite) or locks the person table
    against writes (PostgreSQL) until released."""

    def __init__(self, db):
        if PG:
            self.con = connect(db)
            self.con.execute("LOCK TABLE person IN EXCLUSIVE MODE")
        else:
            self.con = connect(db, timeout=0, isolation_level=None)
            self.con.execute("BEGIN IMMEDIATE")

    def release(self):
        if self.con:
            self.con.rollback()
            self.con.close()
            self.con = None


def create_in_background(srv, names):
    """API creates of people, each on its own connection and thread; returns
    the threads and the list their statuses are appended to."""
    out = []

    def one(name):
        api = Client(srv.port, token=srv.tokens["staff"])
        out.append(api.api("POST", "/api/v1/person", {"name": name}).status)

    threads = [threading.Thread(target=one, args=(n,)) for n in names]
    for t in threads:
        t.start()
    return threads, out


def timed_get(port, path):
    t0 = time.monotonic()
    r = Client(port).get(path)
    return r, time.monotonic() - t0


class SlowWritesHoldUpNoReader(WebCase):
    server_args = ("--threads", "3")

    def test_public_pages_answer_while_writes_wait(self):
        """Six readers with keep-alive connections, as browsers and load
        balancers hold them; two writes wait for the lock, each holding one
        of the three database connections; every reader's next page answers
        at once.  With a pool of worker threads, a connection belonged to
        one worker, and those whose worker was waiting waited with it."""
        readers = [http.client.HTTPConnection("127.0.0.1", self.srv.port, timeout=60)
                   for _ in range(6)]
        try:
            for c in readers:
                c.request("GET", "/")
                self.assertEqual(c.getresponse().read() and 200, 200)
            lock = Locked(self.srv.db)
            try:
                threads, statuses = create_in_background(self.srv, ["Waiting One", "Waiting Two"])
                time.sleep(0.5)  # both are in, waiting for the lock
                for i, c in enumerate(readers):
                    for path in ("/", "/crime"):
                        t0 = time.monotonic()
                        c.request("GET", path)
                        r = c.getresponse()
                        r.read()
                        took = time.monotonic() - t0
                        self.assertEqual(r.status, 200, (i, path))
                        self.assertLess(took, 2.0,
                                        f"reader {i}: {path} took {took:.2f} s behind waiting writes")
            finally:
                lock.release()
        finally:
            for c in readers:
                c.close()
        for t in threads:
            t.join(timeout=30)
        self.assertEqual(sorted(statuses), [201, 201], self.srv.log()[-2000:])


class OneConnection(WebCase):
    server_args = ("--threads", "1")

    def test_a_request_waits_for_the_connection_and_is_answered(self):
        """With one database connection, a page asked for while a write holds
        it waits for it, and is answered when the write is done."""
        lock = Locked(self.srv.db)
        got = {}
        try:
            threads, statuses = create_in_background(self.srv, ["Holding It"])
            time.sleep(0.5)

            def read():
                got["r"], got["took"] = timed_get(self.srv.port, "/")

            reader = threading.Thread(target=read)
            reader.start()
            time.sleep(1.0)
            self.assertNotIn("r", got, "answered while the only connection was in use")
        finally:
            lock.release()
        reader.join(timeout=30)
        for t in threads:
            t.join(timeout=30)
        self.assertEqual(statuses, [201])
        self.assertEqual(got["r"].status, 200)

    def test_a_slow_body_holds_no_connection(self):
        """A client that sends a request's head and then its body a byte at
        a time does not hold the only database connection while it does."""
        body = json.dumps({"name": "Slow Body"}).encode()
        s = socket.create_connection(("127.0.0.1", self.srv.port))
        try:
            s.sendall(b"POST /api/v1/person HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                      b"Authorization: Bearer " + self.srv.tokens["staff"].encode() + b"\r\n"
                      b"Content-Type: application/json\r\n"
                      b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body[:1])
            time.sleep(0.3)
            for _ in range(3):
                r, took = timed_get(self.srv.port, "/")
                self.assertEqual(r.status, 200)
                self.assertLess(took, 2.0, f"the front door took {took:.2f} s")
            s.sendall(body[1:])
            answer = s.recv(4096)
            self.assertTrue(answer.startswith(b"HTTP/1.1 201"), answer[:200])
        finally:
            s.close()

    def test_busy_when_no_connection_comes_free(self):
        """A request that finds no database connection free within 10 s is
        answered 503 with Retry-After, not left hanging: the write holding
        the only connection waits up to 15 s for the lock (SQLite's busy
        timeout, PostgreSQL's lock timeout), longer than the pool's wait."""
        lock = Locked(self.srv.db)
        try:
            threads, statuses = create_in_background(self.srv, ["Holding Long"])
            time.sleep(0.5)
            r, took = timed_get(self.srv.port, "/")
            self.assertEqual(r.status, 503, r.text[:300])
            self.assertEqual(r.header("Retry-After"), "5")
            self.assertGreaterEqual(took, 9.0)
            self.assertIn("try again", r.text)
        finally:
            lock.release()
        for t in threads:
            t.join(timeout=30)
        self.assertEqual(statuses, [201])
        self.assertEqual(Client(self.srv.port).get("/").status, 200)


if __name__ == "__main__":
    main()
