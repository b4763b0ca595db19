/* csv.h - streaming CSV reader (RFC 4180) and field writer.
 *
 * The reader reads a FILE in large blocks and hands out one record at a time.
 * Fields are views into the reader's buffer, valid until the next call to
 * peel_csv_next() or peel_csv_close(); copy what you keep.  Memory is bounded
 * by the longest record (capped at PEEL_CSV_MAX_RECORD), not the file size.
 *
 * It accepts LF and CRLF endings, a UTF-8 byte-order mark at the start,
 * quoted fields with doubled quotes and embedded commas and newlines, and
 * a final record without a line ending.  Quoted fields are unescaped into
 * a scratch area, so views are always the field's value.  Unquoted fields are
 * kept as they are (no trimming); a CR not followed by LF is data.  A blank
 * line inside the input is a record of one empty field (n == 1 and
 * fields[0].n == 0; callers decide); blank lines ending the input are not
 * records.
 *
 * It rejects, with the line and column (1-based field number) named in err:
 * a quote inside an unquoted field, text after a closing quote, a quoted field
 * still open at end of file, invalid UTF-8, a NUL byte, and a record longer
 * than the cap (its line ending not counted) or with more than
 * PEEL_CSV_MAX_FIELDS fields.  The line is the physical line of the fault,
 * except for an unclosed quote (where the field starts) and the two limits
 * (where the record starts).  After an error the reader is finished: next
 * returns -1 again, with the same message.
 */
#ifndef PEEL_CORE_CSV_H
#define PEEL_CORE_CSV_H

#include <stdbool.h>
#include <stdint.h>

/* The UTF-8 byte-order mark.  Every CSV download the web serves starts with
 * it (and the command's CSV with --bom) so Excel reads the file as UTF-8
 * rather than the system code page ("£" and accents intact); the reader
 * skips it. */
#define PEEL_CSV_BOM "\xEF\xBB\xBF"
#define PEEL_CSV_BOM_LEN 3
#include <stdio.h>

#include "core/buf.h"
#include "core/err.h"
#include "core/str.h"

#define PEEL_CSV_MAX_RECORD ((size_t)1 << 20) /* 1 MiB */
#define PEEL_CSV_MAX_FIELDS 256

typedef struct peel_csv peel_csv;

typedef struct peel_csv_row {
    const peel_str *fields;
    size_t n;
    uint64_t line;   /* physical line the record starts on, 1-based */
    uint64_t record; /* record number, 1-based; the header is record 1 */
} peel_csv_row;

/* Reads from f, which the caller keeps owning and closes.  name (may be NULL,
 * copied) appears in debug logging only: messages carry no file name.  NULL on
 * out of memory.  Nothing is read until the first peel_csv_next(). */
peel_csv *peel_csv_open(FILE *f, const char *name);
/* Reads from memory (not copied; must outlive the reader). */
peel_csv *peel_csv_open_mem(const char *data, size_t n, const char *name);
void peel_csv_close(peel_csv *r);

/* 1 and *row filled: a record.  0: end of input.  -1: error, err set with
 * "line L, column C: ..." (the file name is for the caller to prefix):
 * PEEL_EINPUT for bad input, PEEL_EIO when reading fails, PEEL_ENOMEM. */
int peel_csv_next(peel_csv *r, peel_csv_row *row, peel_err *err);

/* After peel_csv_next failed on malformed input (a stray quote, a record
 * past the cap, invalid UTF-8), skips from the start of that record to the
 * end of its physical line so reading can go on: for callers that reject
 * bad rows rather than stop (`--skip-bad`).  1 with *line the line skipped,
 * 0 when the input ended, -1 (err set) when the reader did not fail on its
 * input (read errors and out of memory stay fatal).  A quoted field that
 * swallowed later lines is not undone: only that one line is skipped. */
int peel_csv_skip_line(peel_csv *r, uint64_t *line, peel_err *err);

/* Bytes of input consumed so far, byte-order mark included (for progress);
 * the input's size once next has returned 0. */
uint64_t peel_csv_offset(const peel_csv *r);

/* Writing: appends one field, quoted when it holds a comma, quote, CR or LF,
 * starts or ends with a space or tab, or starts with a byte-order mark; put_row
 * separates with commas and ends with "\n", writing a lone empty field as ""
 * (a blank line would not read back at the end of a file).  What put_row
 * writes, the reader reads back as the same fields.  Both return 0, or -1 when
 * the buffer fails (see buf.h). */
int peel_csv_put_field(peel_buf *b, const char *s, size_t n);
int peel_csv_put_row(peel_buf *b, const char *const *fields, size_t n);
/* A text cell for a spreadsheet: as peel_csv_put_field, but a value that a
 * spreadsheet would run as a formula -- one that starts, after any
 * apostrophes, with = + - @ tab or CR -- gets one apostrophe in front
 * (CSV injection: OPCC staff open these files in Excel).  Numbers, dates and
 * enum values never need it and are written with peel_csv_put_field. */
int peel_csv_put_text(peel_buf *b, const char *s, size_t n);
/* 1 when s starts with the apostrophe peel_csv_put_text adds, else 0: what
 * an import skips so that export and import round-trip. */
size_t peel_csv_text_guard(const char *s, size_t n);

#endif
