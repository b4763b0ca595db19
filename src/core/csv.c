/* csv.c - the streaming CSV reader and the field writer.
 *
 * police.uk files are millions of short rows that almost never hold a quote,
 * so the reader has a fast path: find the line end with memchr, check that the
 * line has no quote, check it is text (eight bytes at a time while it is
 * ASCII) and split it on commas with memchr.  Those fields are views straight
 * into the read buffer.  A record with a quote takes the general path, which
 * follows RFC 4180, counts the newlines inside quotes and unescapes doubled
 * quotes into a scratch area once the whole record has been seen.
 *
 * A record that runs past the end of the buffer is parsed again from its start
 * after the buffer is compacted and refilled (grown if need be).  Nothing is
 * kept from a partial parse, so no view can point into memory that moved.  A
 * partial record past the cap is an error at once, so the buffer stays under
 * twice the cap plus a block whatever the file holds.
 */
#include "core/csv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"

/* Bytes asked of fread at a time.  The fuzzer includes this file with a
 * block of a few bytes, so that records cross block boundaries everywhere. */
#ifndef PEEL_CSV_BLOCK
#define PEEL_CSV_BLOCK ((size_t)256 << 10)
#endif
#define BLOCK PEEL_CSV_BLOCK

/* What a parse attempt gives: a record, a need for more input, or an error. */
enum { PARSE_ERR = -1, PARSE_NEED = 0, PARSE_OK = 1 };

struct peel_csv {
    FILE *f;          /* NULL when reading from memory */
    const char *data; /* the bytes being parsed: own, or the caller's memory */
    char *own;        /* the read buffer (FILE only), cap bytes */
    size_t cap;
    size_t pos, end;     /* unparsed bytes are data[pos, end) */
    uint64_t base;       /* input offset of data[0] */
    bool eof;            /* no more bytes after data[end] */
    bool started;        /* the byte-order mark has been looked for */
    bool failed;         /* an error happened; saved holds it */
    uint64_t line;       /* physical line of data[pos], 1-based */
    uint64_t record;     /* records handed out */
    uint64_t blanks;     /* blank lines read but not yet handed out */
    uint64_t blank_line; /* the line of the first of them */
    char *name;
    peel_err saved;
    char *scratch; /* unescaped quoted fields of the current record */
    size_t scratch_cap;
    peel_str fields[PEEL_CSV_MAX_FIELDS];
    bool fesc[PEEL_CSV_MAX_FIELDS]; /* general path: field has "" to unescape */
};

/* The outcome of parsing one record. */
struct rec {
    size_t used;    /* bytes consumed, line ending included */
    size_t n;       /* fields */
    uint64_t lines; /* physical lines the record advances */
};

static int fail(peel_csv *r, peel_err *err, enum peel_code code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int fail(peel_csv *r, peel_err *err, enum peel_code code, const char *fmt, ...)
{
    va_list ap;

    if (!r->failed) {
        va_start(ap, fmt);
        peel_err_vset(&r->saved, code, fmt, ap);
        va_end(ap);
        r->failed = true;
    }
    return peel_err_set(err, r->saved.code, "%s", r->saved.msg);
}

static peel_csv *alloc_reader(const char *name)
{
    peel_csv *r = calloc(1, sizeof *r);

    if (!r)
        return NULL;
    if (name && !(r->name = peel_str_dup(peel_str_c(name)))) {
        free(r);
        return NULL;
    }
    r->line = 1;
    return r;
}

peel_csv *peel_csv_open(FILE *f, const char *name)
{
    peel_csv *r = alloc_reader(name);

    if (!r)
        return NULL;
    if (!(r->own = malloc(BLOCK))) {
        peel_csv_close(r);
        return NULL;
    }
    r->f = f;
    r->cap = BLOCK;
    r->data = r->own;
    return r;
}

peel_csv *peel_csv_open_mem(const char *data, size_t n, const char *name)
{
    peel_csv *r = alloc_reader(name);

    if (!r)
        return NULL;
    r->data = data ? data : "";
    r->end = data ? n : 0;
    r->eof = true;
    return r;
}

void peel_csv_close(peel_csv *r)
{
    if (!r)
        return;
    peel_log_debug("csv %s: %llu records, %llu bytes", r->name ? r->name : "(unnamed)",
                   (unsigned long long)r->record, (unsigned long long)peel_csv_offset(r));
    free(r->own);
    free(r->scratch);
    free(r->name);
    free(r);
}

uint64_t peel_csv_offset(const peel_csv *r)
{
    return r->base + r->pos;
}

/* Moves the partial record to the front of the buffer, grows the buffer when
 * less than half a block is free (at least doubling, so re-parsing a long
 * record costs linear time overall) and reads what fits. */
static int refill(peel_csv *r, peel_err *err)
{
    size_t keep = r->end - r->pos, got, want;

    if (!r->f || r->eof)
        return fail(r, err, PEEL_EINTERNAL, "csv: refill past end of input");
    if (r->pos) {
        memmove(r->own, r->own + r->pos, keep);
        r->base += r->pos;
        r->pos = 0;
        r->end = keep;
    }
    if (r->cap - keep < BLOCK / 2) {
        size_t cap = r->cap * 2 > keep + BLOCK ? r->cap * 2 : keep + BLOCK;
        char *p = realloc(r->own, cap);
        if (!p)
            return fail(r, err, PEEL_ENOMEM, "line %llu: out of memory",
                        (unsigned long long)r->line);
        r->own = p;
        r->data = p;
        r->cap = cap;
    }
    want = r->cap - r->end;
    errno = 0;
    got = fread(r->own + r->end, 1, want, r->f);
    r->end += got;
    if (got < want) {
        if (ferror(r->f))
            return fail(r, err, PEEL_EIO, "line %llu: read error: %s", (unsigned long long)r->line,
                        errno ? strerror(errno) : "unknown error");
        if (feof(r->f))
            r->eof = true;
    }
    return 0;
}

/* Text check: 0 when s holds well-formed UTF-8 and no NUL byte; otherwise
 * 1 (NUL) or 2 (invalid UTF-8), with *bad the offset of the first fault.
 * A word whose bytes are all in 1..0x7f has no high bit set either in itself
 * or in itself minus 0x01 in every byte (a zero byte borrows and sets it). */
enum { TEXT_OK, TEXT_NUL, TEXT_UTF8 };

static int check_text(const char *s, size_t n, size_t *bad)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    const char *z;
    size_t i = 0, lim, at;

    for (; n - i >= 8; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if ((w | (w - ones)) & highs)
            break;
    }
    for (; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0 || c >= 0x80)
            break;
    }
    if (i == n)
        return TEXT_OK;
    z = memchr(s + i, 0, n - i);
    lim = z ? (size_t)(z - s) : n;
    if (!peel_utf8_valid(s + i, lim - i, &at)) {
        *bad = i + at;
        return TEXT_UTF8;
    }
    if (z) {
        *bad = lim;
        return TEXT_NUL;
    }
    return TEXT_OK;
}

static size_t count_byte(const char *p, const char *end, char c)
{
    size_t k = 0;
    while (p < end && (p = memchr(p, c, (size_t)(end - p)))) {
        k++;
        p++;
    }
    return k;
}

static int text_error(peel_csv *r, peel_err *err, int kind, uint64_t line, size_t column)
{
    return fail(r, err, PEEL_EINPUT, "line %llu, column %zu: %s", (unsigned long long)line, column,
                kind == TEXT_NUL ? "NUL byte" : "invalid UTF-8");
}

static int too_long(peel_csv *r, peel_err *err)
{
    return fail(r, err, PEEL_EINPUT, "line %llu: record longer than %zu bytes",
                (unsigned long long)r->line, PEEL_CSV_MAX_RECORD);
}

static int too_many(peel_csv *r, peel_err *err)
{
    return fail(r, err, PEEL_EINPUT, "line %llu: more than %d fields", (unsigned long long)r->line,
                PEEL_CSV_MAX_FIELDS);
}

/* The record from s has not ended by the end of the buffer.  Beyond the cap
 * plus one byte (a CR whose LF is still unread) it can only be too long. */
static int need_more(peel_csv *r, const char *s, const char *end, peel_err *err)
{
    if ((size_t)(end - s) > PEEL_CSV_MAX_RECORD + 1)
        return too_long(r, err);
    return PARSE_NEED;
}

/* The general path, for a record holding a quote.  Fields are left as raw
 * views (quoted ones without their outer quotes); the caller unescapes the
 * ones marked in fesc. */
static int parse_general(peel_csv *r, const char *s, const char *end, struct rec *out,
                         peel_err *err)
{
    const char *p = s, *stop = NULL;
    size_t n = 0, used = 0, nl = 0;

    while (!stop) {
        const char *v, *ve;
        size_t fnl = nl;
        bool esc = false;
        size_t bad;
        int kind;

        if (n == PEEL_CSV_MAX_FIELDS)
            return too_many(r, err);
        if (p < end && *p == '"') {
            const char *q = p + 1, *c;
            for (;;) {
                if (!(c = memchr(q, '"', (size_t)(end - q)))) {
                    if (!r->eof)
                        return need_more(r, s, end, err);
                    return fail(r, err, PEEL_EINPUT,
                                "line %llu, column %zu: quoted field not closed at end of file",
                                (unsigned long long)(r->line + fnl), n + 1);
                }
                nl += count_byte(q, c, '\n');
                if (c + 1 == end && !r->eof)
                    return need_more(r, s, end, err);
                if (c + 1 < end && c[1] == '"') {
                    esc = true;
                    q = c + 2;
                    continue;
                }
                break;
            }
            v = p + 1;
            ve = c;
            p = c + 1;
            if (p == end) {
                stop = p;
                used = (size_t)(p - s);
            } else if (*p == ',') {
                p++;
            } else if (*p == '\n') {
                stop = p;
                used = (size_t)(p + 1 - s);
            } else if (*p == '\r' && (p + 1 == end || p[1] == '\n')) {
                if (p + 1 == end && !r->eof)
                    return need_more(r, s, end, err);
                stop = p;
                used = (size_t)(p + (p + 1 == end ? 1 : 2) - s);
            } else {
                return fail(r, err, PEEL_EINPUT, "line %llu, column %zu: text after closing quote",
                            (unsigned long long)(r->line + nl), n + 1);
            }
        } else {
            const char *q = p;
            while (q < end && *q != ',' && *q != '\n' && *q != '"')
                q++;
            if (q < end && *q == '"')
                return fail(r, err, PEEL_EINPUT,
                            "line %llu, column %zu: unexpected quote in unquoted field",
                            (unsigned long long)(r->line + nl), n + 1);
            if (q == end && !r->eof)
                return need_more(r, s, end, err);
            v = p;
            ve = q;
            if (q < end && *q == ',') {
                p = q + 1;
            } else {
                used = (size_t)(q - s) + (q < end);
                if (ve > v && ve[-1] == '\r')
                    ve--;
                stop = ve;
            }
        }
        if ((kind = check_text(v, (size_t)(ve - v), &bad)) != TEXT_OK)
            return text_error(r, err, kind, r->line + fnl + count_byte(v, v + bad, '\n'), n + 1);
        r->fields[n] = (peel_str){v, (size_t)(ve - v)};
        r->fesc[n] = esc;
        n++;
    }
    if ((size_t)(stop - s) > PEEL_CSV_MAX_RECORD)
        return too_long(r, err);
    out->used = used;
    out->n = n;
    out->lines = nl + (used && s[used - 1] == '\n');
    return PARSE_OK;
}

/* Copies the fields marked in fesc into scratch, turning "" into ".  The
 * scratch is sized first, so no view taken here can move. */
static int unescape(peel_csv *r, size_t n, peel_err *err)
{
    size_t need = 0, w = 0;

    for (size_t i = 0; i < n; i++)
        if (r->fesc[i])
            need += r->fields[i].n;
    if (!need)
        return 0;
    if (need > r->scratch_cap) {
        char *p = realloc(r->scratch, need);
        if (!p)
            return fail(r, err, PEEL_ENOMEM, "line %llu: out of memory",
                        (unsigned long long)r->line);
        r->scratch = p;
        r->scratch_cap = need;
    }
    for (size_t i = 0; i < n; i++) {
        const char *p, *e;
        size_t start = w;
        if (!r->fesc[i])
            continue;
        p = r->fields[i].p;
        e = p + r->fields[i].n;
        while (p < e) {
            const char *q = memchr(p, '"', (size_t)(e - p));
            size_t k = q ? (size_t)(q - p) + 1 : (size_t)(e - p);
            memcpy(r->scratch + w, p, k);
            w += k;
            p += k + (q != NULL); /* skip the second quote of the pair */
        }
        r->fields[i] = (peel_str){r->scratch + start, w - start};
    }
    return 0;
}

/* Parses the record at data[pos]: the fast path for a line without quotes,
 * otherwise the general path. */
static int parse(peel_csv *r, struct rec *out, peel_err *err)
{
    const char *s = r->data + r->pos, *end = r->data + r->end;
    const char *nl = memchr(s, '\n', (size_t)(end - s));
    const char *le, *p;
    size_t n = 0, bad;
    int kind, rc;

    if (!nl && !r->eof)
        return need_more(r, s, end, err);
    le = nl ? nl : end;
    if (le > s && le[-1] == '\r')
        le--;
    if (memchr(s, '"', (size_t)(le - s))) {
        if ((rc = parse_general(r, s, end, out, err)) != PARSE_OK)
            return rc;
        return unescape(r, out->n, err) < 0 ? PARSE_ERR : PARSE_OK;
    }
    if ((size_t)(le - s) > PEEL_CSV_MAX_RECORD)
        return too_long(r, err);
    if ((kind = check_text(s, (size_t)(le - s), &bad)) != TEXT_OK)
        return text_error(r, err, kind, r->line, 1 + count_byte(s, s + bad, ','));
    for (p = s;;) {
        const char *c = memchr(p, ',', (size_t)(le - p));
        if (n == PEEL_CSV_MAX_FIELDS)
            return too_many(r, err);
        if (!c) {
            r->fields[n++] = (peel_str){p, (size_t)(le - p)};
            break;
        }
        r->fields[n++] = (peel_str){p, (size_t)(c - p)};
        p = c + 1;
    }
    out->used = nl ? (size_t)(nl + 1 - s) : (size_t)(end - s);
    out->n = n;
    out->lines = nl != NULL;
    return PARSE_OK;
}

/* Length of the blank line at data[pos] (LF, CRLF, or a CR ending the
 * input), 0 when the line has content, -1 when a lone CR ends the buffer. */
static int blank_at(const peel_csv *r)
{
    const char *s = r->data + r->pos;
    size_t avail = r->end - r->pos;

    if (s[0] == '\n')
        return 1;
    if (s[0] != '\r')
        return 0;
    if (avail == 1)
        return r->eof ? 1 : -1;
    return s[1] == '\n' ? 2 : 0;
}

/* Blank lines are consumed as they are met but handed out as records only
 * once content follows them: blank lines ending the input are not records. */
int peel_csv_next(peel_csv *r, peel_csv_row *row, peel_err *err)
{
    struct rec rec = {0, 0, 0};
    int rc;

    if (r->failed)
        return fail(r, err, PEEL_EINTERNAL, "csv: read after error");
    for (;;) {
        if (!r->started && r->end - r->pos < 3 && !r->eof) {
            if (refill(r, err) < 0)
                return -1;
            continue;
        }
        if (!r->started) {
            r->started = true;
            if (r->end - r->pos >= PEEL_CSV_BOM_LEN &&
                !memcmp(r->data + r->pos, PEEL_CSV_BOM, PEEL_CSV_BOM_LEN))
                r->pos += PEEL_CSV_BOM_LEN;
        }
        if (r->pos == r->end) {
            if (r->eof)
                return 0;
            if (refill(r, err) < 0)
                return -1;
            continue;
        }
        if ((rc = blank_at(r)) != 0) {
            if (rc < 0) {
                if (refill(r, err) < 0)
                    return -1;
                continue;
            }
            if (!r->blanks++)
                r->blank_line = r->line;
            r->line++;
            r->pos += (size_t)rc;
            continue;
        }
        if (r->blanks) {
            r->blanks--;
            r->fields[0] = (peel_str){"", 0};
            row->fields = r->fields;
            row->n = 1;
            row->line = r->blank_line++;
            row->record = ++r->record;
            return 1;
        }
        if ((rc = parse(r, &rec, err)) == PARSE_ERR)
            return -1;
        if (rc == PARSE_NEED) {
            if (refill(r, err) < 0)
                return -1;
            continue;
        }
        row->fields = r->fields;
        row->n = rec.n;
        row->line = r->line;
        row->record = ++r->record;
        r->pos += rec.used;
        r->line += rec.lines;
        return 1;
    }
}

int peel_csv_skip_line(peel_csv *r, uint64_t *line, peel_err *err)
{
    if (!r->failed || r->saved.code != PEEL_EINPUT)
        return peel_err_set(err, PEEL_EINTERNAL, "csv: nothing to skip");
    r->failed = false;
    peel_err_clear(&r->saved);
    *line = r->line;
    for (;;) {
        const char *nl = memchr(r->data + r->pos, '\n', r->end - r->pos);
        if (nl) {
            r->pos = (size_t)(nl - r->data) + 1;
            r->line++;
            return 1;
        }
        r->pos = r->end;
        if (r->eof || !r->f)
            return 0;
        if (refill(r, err) < 0)
            return -1;
    }
}

/* Writing */

static bool needs_quotes(const char *s, size_t n)
{
    if (!n)
        return false;
    if (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t')
        return true;
    /* A leading byte-order mark would be skipped when read back first in a file. */
    if (n >= PEEL_CSV_BOM_LEN && !memcmp(s, PEEL_CSV_BOM, PEEL_CSV_BOM_LEN))
        return true;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == ',' || c == '"' || c == '\n' || c == '\r')
            return true;
    }
    return false;
}

int peel_csv_put_field(peel_buf *b, const char *s, size_t n)
{
    const char *e;
    int rc = 0;

    if (!needs_quotes(s, n))
        return n ? peel_buf_append(b, s, n) : 0;
    e = s + n;
    rc |= peel_buf_putc(b, '"');
    while (s < e) {
        const char *q = memchr(s, '"', (size_t)(e - s));
        size_t k = q ? (size_t)(q - s) + 1 : (size_t)(e - s);
        rc |= peel_buf_append(b, s, k);
        if (q)
            rc |= peel_buf_putc(b, '"');
        s += k;
    }
    rc |= peel_buf_putc(b, '"');
    return rc ? -1 : 0;
}

/* Whether s, after its leading apostrophes, starts as a formula would. */
static bool formula_like(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && s[i] == '\'')
        i++;
    return i < n && (s[i] == '=' || s[i] == '+' || s[i] == '-' || s[i] == '@' || s[i] == '\t' ||
                     s[i] == '\r');
}

int peel_csv_put_text(peel_buf *b, const char *s, size_t n)
{
    if (!formula_like(s, n))
        return peel_csv_put_field(b, s, n);
    /* The apostrophe goes inside the field (quoted or not), as a spreadsheet
     * reads it: "'=1+1" shows =1+1 as text. */
    peel_buf tmp = PEEL_BUF_INIT;
    int rc = peel_buf_putc(&tmp, '\'') | peel_buf_append(&tmp, s, n);
    rc |= peel_csv_put_field(b, peel_buf_str(&tmp), tmp.len);
    peel_buf_release(&tmp);
    return rc ? -1 : 0;
}

size_t peel_csv_text_guard(const char *s, size_t n)
{
    return n > 1 && s[0] == '\'' && formula_like(s + 1, n - 1) ? 1 : 0;
}

int peel_csv_put_row(peel_buf *b, const char *const *fields, size_t n)
{
    int rc = 0;

    /* A lone empty field would be a blank line, which is no record at the
     * end of a file: write it as "" so it reads back as written. */
    if (n == 1 && (!fields[0] || !fields[0][0]))
        return peel_buf_puts(b, "\"\"\n");
    for (size_t i = 0; i < n; i++) {
        const char *f = fields[i] ? fields[i] : "";
        if (i)
            rc |= peel_buf_putc(b, ',');
        rc |= peel_csv_put_field(b, f, strlen(f));
    }
    rc |= peel_buf_putc(b, '\n');
    return rc ? -1 : 0;
}
