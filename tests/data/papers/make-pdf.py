#!/usr/bin/env python3
"""make-pdf.py - writes a plain PDF (Helvetica, A4, text only) from lines of a
Panel paper, so the tests have a real paper's words inside a real PDF.

Usage: make-pdf.py SEED.txt FIRST-LAST[,FIRST-LAST...] OUT.pdf
Lines are those of the seed (1-based, inclusive); blank lines are kept as
paragraph breaks, long lines wrapped at 92 characters.  The output is the
same bytes for the same input (no dates, no ids).
"""
import sys
import textwrap

WINANSI = {"\u2013": b"\x96", "\u2014": b"\x97", "\u2018": b"\x91", "\u2019": b"\x92",
           "\u201c": b"\x93", "\u201d": b"\x94", "\u00a3": b"\xa3", "\u2713": b"-"}


def pdf_text(s):
    out = b""
    for ch in s:
        if ch in WINANSI:
            out += WINANSI[ch]
        elif ch in "()\\":
            out += b"\\" + ch.encode()
        elif 32 <= ord(ch) < 127:
            out += ch.encode()
        else:
            out += b"?"
    return out


def main():
    seed, ranges, out = sys.argv[1], sys.argv[2], sys.argv[3]
    src = open(seed, encoding="utf-8").read().split("\n")
    lines = []
    for r in ranges.split(","):
        a, b = (int(x) for x in r.split("-"))
        for line in src[a - 1:b]:
            line = line.replace("**", "").rstrip()
            lines.extend(textwrap.wrap(line, 92) or [""])
        lines.append("")
    per_page = 52
    pages = [lines[i:i + per_page] for i in range(0, len(lines), per_page)]
    objs = []  # bytes of objects 1..n
    objs.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objs.append(None)  # pages, filled below
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
                b"/Encoding /WinAnsiEncoding >>")
    kids = []
    for page in pages:
        body = b"BT /F1 10 Tf 14 TL 56 790 Td\n"
        for line in page:
            body += b"(" + pdf_text(line) + b") Tj T*\n"
        body += b"ET\n"
        objs.append(b"<< /Length %d >>\nstream\n" % len(body) + body + b"endstream")
        content = len(objs)
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
                    b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content)
        kids.append(len(objs))
    objs[1] = b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids) + \
        b"] /Count %d >>" % len(kids)
    pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        pdf += b"%010d 00000 n \n" % off
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    open(out, "wb").write(pdf)


if __name__ == "__main__":
    main()
