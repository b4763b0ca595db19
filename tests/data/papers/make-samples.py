#!/usr/bin/env python3
"""make-samples.py - the small files tests/unit/model/test_attach.c sniffs:
one of each format peel accepts, laid out as the programs that write them
do (OOXML and OpenDocument zips with their required parts, in the order
their writers use), and the traps: a zip that is neither, a PDF named .docx.
Their text is from the Panel's agenda of 9 October 2023 (seed 002).
Run from this folder; the output is the same bytes every time."""
import zipfile

TEXT = "POLICE AND CRIME COMMISSIONER STRATEGY REPORT - ESTATES INSIGHT REPORT"
STAMP = (2023, 10, 2, 0, 0, 0)


def zip_write(name, entries, first_stored=None):
    with zipfile.ZipFile(name, "w") as z:
        for path, data in entries:
            info = zipfile.ZipInfo(path, STAMP)
            info.compress_type = zipfile.ZIP_STORED if path == first_stored \
                else zipfile.ZIP_DEFLATED
            z.writestr(info, data)


ct = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
      'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
      '</Types>')
zip_write("sample.docx", [("[Content_Types].xml", ct), ("_rels/.rels", "<Relationships/>"),
                          ("word/document.xml", "<w:document><w:body><w:p><w:r><w:t>" + TEXT +
                           "</w:t></w:r></w:p></w:body></w:document>")])
zip_write("sample.xlsx", [("[Content_Types].xml", ct), ("_rels/.rels", "<Relationships/>"),
                          ("xl/workbook.xml", "<workbook/>"),
                          ("xl/worksheets/sheet1.xml", "<worksheet/>")])
for ext, kind in (("odt", "text"), ("ods", "spreadsheet")):
    zip_write("sample." + ext,
              [("mimetype", "application/vnd.oasis.opendocument." + kind),
               ("META-INF/manifest.xml", "<manifest/>"),
               ("content.xml", "<office:document-content>" + TEXT + "</office:document-content>")],
              first_stored="mimetype")
zip_write("not-office.zip", [("agenda.txt", TEXT), ("minutes.txt", TEXT)])
with open("sample.csv", "w", encoding="utf-8", newline="") as f:
    f.write("item,title\r\n7,\"" + TEXT + "\"\r\n")

# A PNG: 8 by 8 pixels of one colour, written chunk by chunk.
import struct
import zlib


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + \
        struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)


raw = b"".join(b"\x00" + b"\x1d\x70\xb8" * 8 for _ in range(8))
with open("sample.png", "wb") as f:
    f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))

# A JPEG: the well-known smallest baseline file (one grey pixel).
import base64
with open("sample.jpg", "wb") as f:
    f.write(base64.b64decode(
        "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////"
        "////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/a"
        "AAgBAQABPxA="))

# The trap: a PDF (the agenda) named as a Word document.
with open("pcp-2023-10-09-agenda.pdf", "rb") as src, open("pdf-named.docx", "wb") as dst:
    dst.write(src.read())
