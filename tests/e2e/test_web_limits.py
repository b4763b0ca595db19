"""What one client may make the server hold: bodies are sized by who is
asking before any of them is read (an upload only for someone allowed to
write the type, spooled to an unlinked file), and every request has a
deadline for its headers and body, so slow clients cannot take the
connections others need."""
import io
import os
import select
import socket
import stat
import threading
import time
import uuid

from peelweb import WebCase, main

MIB = 1 << 20


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


def spool_files(pid):
    """The unlinked regular files the process holds open, with their sizes."""
    out = {}
    for fd in os.listdir(f"/proc/{pid}/fd"):
        path = f"/proc/{pid}/fd/{fd}"
        try:
            target = os.readlink(path)
            st = os.stat(path)
        except OSError:
            continue
        if target.endswith(" (deleted)") and stat.S_ISREG(st.st_mode):
            out[target] = st.st_size
    return out


def multipart(fields, files):
    b = "----peeltest" + uuid.uuid4().hex
    out = io.BytesIO()
    for k, v in fields.items():
        out.write(f"--{b}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                  .encode())
    for k, (fname, data) in files.items():
        out.write(f"--{b}\r\nContent-Disposition: form-data; name=\"{k}\"; "
                  f"filename=\"{fname}\"\r\nContent-Type: text/csv\r\n\r\n".encode())
        out.write(data + b"\r\n")
    out.write(f"--{b}--\r\n".encode())
    return out.getvalue(), "multipart/form-data; boundary=" + b


def push(port, head, total, results, i):
    """Sends head, then up to `total` bytes of body (in chunks when head says
    so), as fast as the server takes them; records the status line the
    server answered with."""
    s = socket.create_connection(("127.0.0.1", port), timeout=20)
    sent = 0
    chunk = b"x" * 65536
    if b"chunked" in head:
        chunk = b"%x\r\n" % len(chunk) + chunk + b"\r\n"
    try:
        s.sendall(head)
        while sent < total:
            try:
                s.sendall(chunk)
            except OSError:
                break
            sent += len(chunk)
        if b"chunked" in head and sent >= total:
            try:
                s.sendall(b"0\r\n\r\n")
            except OSError:
                pass
        out = b""
        while True:
            try:
                data = s.recv(65536)
            except OSError:
                break
            if not data:
                break
            out += data
        results[i] = (out.split(b"\r\n", 1)[0], sent)
    finally:
        s.close()


class Uploads(WebCase):
    def test_unauthenticated_uploads_do_not_pin_memory(self):
        pid = self.srv.proc.pid
        self.clients["public"].get("/")
        before = rss_kib(pid)
        heads = []
        for i in range(16):
            heads.append(b"POST /records/person/upload HTTP/1.1\r\nHost: x\r\n"
                         b"Content-Type: multipart/form-data; boundary=zz\r\n"
                         b"Content-Length: 33000000\r\n\r\n")
            heads.append(b"POST /records/person/upload HTTP/1.1\r\nHost: x\r\n"
                         b"Content-Type: multipart/form-data; boundary=zz\r\n"
                         b"Transfer-Encoding: chunked\r\n\r\n")
        results = [None] * len(heads)
        threads = [threading.Thread(target=push, args=(self.srv.port, h, 8 * MIB, results, i))
                   for i, h in enumerate(heads)]
        for t in threads:
            t.start()
        peak = before
        while any(t.is_alive() for t in threads):
            peak = max(peak, rss_kib(pid))
            time.sleep(0.02)
        for t in threads:
            t.join()
        for status, _ in results:
            self.assertTrue(status.startswith(b"HTTP/1.1 403"), status)
        # 32 clients offered 8 MiB each: the server held none of it.
        self.assertLess(peak - before, 24 * 1024, (before, peak))
        # a body from someone not signed in is small anywhere
        results = [None]
        push(self.srv.port, b"POST /signin HTTP/1.1\r\nHost: x\r\n"
             b"Content-Type: application/x-www-form-urlencoded\r\n"
             b"Transfer-Encoding: chunked\r\n\r\n", 2 * MIB, results, 0)
        self.assertTrue(results[0][0].startswith(b"HTTP/1.1 413"), results[0])
        # nor can a panel member, who may not write people
        cookie = "; ".join(f"{k}={v}" for k, v in self.clients["panel"].cookies.items())
        push(self.srv.port, b"POST /records/person/upload HTTP/1.1\r\nHost: x\r\n"
             b"Cookie: " + cookie.encode() + b"\r\n"
             b"Content-Type: multipart/form-data; boundary=zz\r\n"
             b"Content-Length: 3000000\r\n\r\n", 2 * MIB, results, 0)
        self.assertTrue(results[0][0].startswith(b"HTTP/1.1 403"), results[0])

    def test_staff_upload_larger_than_a_form_is_spooled_and_imported(self):
        c = self.clients["staff"]
        c.get("/records/person/upload")
        rows = [b"name,role"]
        n = 0
        while sum(len(x) + 1 for x in rows) < 3 * MIB:
            n += 1
            rows.append(b"Spooled Person %d,%s" % (n, b"r" * 180))
        body, ct = multipart({"csrf": c.csrf}, {"file": ("people.csv", b"\n".join(rows) + b"\n")})
        self.assertGreater(len(body), 3 * MIB)
        pid = self.srv.proc.pid
        cookie = "; ".join(f"{k}={v}" for k, v in c.cookies.items())
        head = (f"POST /records/person/upload HTTP/1.1\r\nHost: x\r\nCookie: {cookie}\r\n"
                f"Content-Type: {ct}\r\nContent-Length: {len(body)}\r\n\r\n").encode()
        before = rss_kib(pid)
        # A guard against a hang, not a measure: importing the 16,000 rows
        # takes about a minute on PostgreSQL on a busy machine.
        s = socket.create_connection(("127.0.0.1", self.srv.port), timeout=300)
        try:
            # All of the body but its last bytes, which the server writes to
            # an unlinked file of that size and cannot import yet.
            s.sendall(head + body[:-64])
            deadline = time.monotonic() + 30
            while max(spool_files(pid).values(), default=0) < len(body) - 64:
                self.assertLess(time.monotonic(), deadline, ("no spool file", spool_files(pid)))
                time.sleep(0.02)
            held = rss_kib(pid)
            s.sendall(body[-64:])
            out = b""
            while b"</html>" not in out:
                data = s.recv(65536)
                if not data:
                    break
                out += data
        finally:
            s.close()
        self.assertTrue(out.startswith(b"HTTP/1.1 200"), out[:800])
        self.assertIn(f"{n} created".encode(), out)
        # Holding 3 MiB of body in its file, the server had grown by far
        # less than that.
        self.assertLess(held - before, 1024, (before, held))
        listed = self.srv.peel("list", "person", "--format", "csv")
        self.assertIn(f"Spooled Person {n},", listed)
        # nothing left behind: no spool file open, none in the upload folder
        self.assertEqual(spool_files(pid), {})
        self.assertEqual([f for f in os.listdir(self.srv.dir) if f.startswith("peel-upload")], [])


class BodyDeadline(WebCase):
    # A low body deadline keeps the test short; the header deadline and the
    # idle timeout are left far longer, so only the body's can cut it off.
    server_args = ("--body-seconds", "2", "--header-seconds", "30")

    def test_trickled_body_is_cut_off_at_the_deadline(self):
        staff = self.clients["staff"]
        staff.get("/records/person/new")

        def timed_post(name):
            t0 = time.monotonic()
            r = staff.post("/records/person", {"name": name})
            self.assertEqual(r.status, 303, r.text[:600])
            return time.monotonic() - t0
        usual = max(timed_post(f"Deadline Usual {i}") for i in range(3))
        cookie = "; ".join(f"{k}={v}" for k, v in staff.cookies.items())
        body = b"name=Trickled&csrf=" + staff.csrf.encode()
        s = socket.create_connection(("127.0.0.1", self.srv.port), timeout=15)
        try:
            # The headers at once, then the body a byte every 0.2 s: never
            # idle, but 2 s after the headers far from done.
            s.sendall(b"POST /records/person HTTP/1.1\r\nHost: x\r\nCookie: " +
                      cookie.encode() + b"\r\nContent-Type: application/x-www-form-urlencoded"
                      b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n")
            t0 = time.monotonic()
            answer, worst, sent = None, 0.0, 0
            while sent < len(body) - 1 and time.monotonic() - t0 < 10:
                try:
                    s.sendall(body[sent:sent + 1])
                except OSError:
                    answer = b""
                    break
                sent += 1
                if select.select([s], [], [], 0.2)[0]:
                    try:
                        answer = s.recv(65536)
                    except OSError:
                        answer = b""
                    break
                if sent % 4 == 0:
                    # meanwhile a client that sends its body at once is
                    # served as usual
                    worst = max(worst, timed_post(f"Deadline Prompt {sent}"))
            cut = time.monotonic() - t0
        finally:
            s.close()
        self.assertIsNotNone(answer, "the trickling client was never cut off")
        self.assertFalse(answer.startswith(b"HTTP/1.1 303"), answer[:200])
        # The watchdog looks five times a second: cut off at 2 s, give or
        # take its round and a busy machine.
        self.assertGreater(cut, 1.8, cut)
        self.assertLess(cut, 4.5, cut)
        self.assertLess(sent, len(body) - 1)
        self.assertLess(worst, max(1.0, 5 * usual), (usual, worst))
        listed = self.srv.peel("list", "person", "--format", "csv")
        self.assertNotIn("Trickled", listed)
        self.assertIn("Deadline Prompt 4,", listed)

    def test_body_sent_within_the_deadline_is_served(self):
        staff = self.clients["staff"]
        staff.get("/records/person/new")
        cookie = "; ".join(f"{k}={v}" for k, v in staff.cookies.items())
        body = b"name=Paused+Once&csrf=" + staff.csrf.encode()
        s = socket.create_connection(("127.0.0.1", self.srv.port), timeout=15)
        try:
            s.sendall(b"POST /records/person HTTP/1.1\r\nHost: x\r\nCookie: " +
                      cookie.encode() + b"\r\nContent-Type: application/x-www-form-urlencoded"
                      b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n" +
                      body[:10])
            time.sleep(1)  # half the deadline
            s.sendall(body[10:])
            answer = s.recv(65536)
        finally:
            s.close()
        self.assertTrue(answer.startswith(b"HTTP/1.1 303"), answer[:600])
        self.assertIn("Paused Once,", self.srv.peel("list", "person", "--format", "csv"))


class Slowloris(WebCase):
    # Few connections in all, so that without deadlines the attack below
    # would take every one of them.
    server_args = ("--max-conns", "256", "--max-conns-per-addr", "32", "--header-seconds", "4")

    def test_slow_requests_are_cut_off_and_others_still_served(self):
        pub = self.clients["public"]

        def timed_get():
            t0 = time.monotonic()
            r = pub.get("/")
            self.assertEqual(r.status, 200)
            return time.monotonic() - t0
        usual = max(timed_get() for _ in range(5))
        socks = []
        for i in range(300):
            src = "127.0.0.2" if i % 2 else "127.0.0.3"
            s = socket.socket()
            s.settimeout(5)
            s.bind((src, 0))
            try:
                s.connect(("127.0.0.1", self.srv.port))
                s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
            except OSError:
                s.close()
                continue
            socks.append(s)
        # Trickle a header line every second for 7 s (the deadline is 4 s);
        # meanwhile the ordinary client is served as usual.
        start = time.monotonic()
        worst = 0.0
        alive = list(socks)
        while time.monotonic() - start < 7:
            for s in list(alive):
                try:
                    s.sendall(b"X-Slow: 1\r\n")
                except OSError:
                    alive.remove(s)
            worst = max(worst, timed_get())
            time.sleep(0.5)
        self.assertLess(worst, max(1.0, 5 * usual), (usual, worst))
        # Every attacking connection has been closed by the server: refused
        # at the per-address cap, or cut off at the headers' deadline.
        closed = 0
        for s in socks:
            s.settimeout(2)
            try:
                s.sendall(b"X-Slow: 1\r\n")
                closed += s.recv(1024) == b""
            except OSError:
                closed += 1
            s.close()
        self.assertEqual(closed, len(socks))
        self.assertEqual(timed_get() < max(1.0, 5 * usual), True)

    def test_idle_keep_alive_connection_is_closed_at_the_deadline(self):
        s = socket.create_connection(("127.0.0.1", self.srv.port), timeout=15)
        try:
            t0 = time.monotonic()
            s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            data = b""
            while b"</html>" not in data:
                data += s.recv(65536)
            self.assertTrue(data.startswith(b"HTTP/1.1 200"))
            # then nothing: the next request's headers never come
            while s.recv(65536):
                pass
            self.assertLess(time.monotonic() - t0, 10)
        finally:
            s.close()


if __name__ == "__main__":
    main()
