/* attach.c - what a file is from its bytes, its SHA-256, reading it back
 * only when its bytes still match that, and the one path that adds an
 * attachment (attach.h).  The bytes are kept by the store (docs_db.h:
 * files beside a SQLite database, a table in PostgreSQL).
 *
 * Sniffing trusts nothing it reads: every length and offset in a zip's
 * directory is checked against the buffer before it is used.  A Word or
 * Excel file (OOXML) is a zip holding [Content_Types].xml and word/ or xl/
 * parts; an OpenDocument file is a zip whose first entry is `mimetype`,
 * stored, holding the document's media type; the older Word and Excel
 * files are OLE2 compound files told apart by their main stream's name.
 * CSV is valid UTF-8 text without control characters other than tab, CR and
 * LF.  Anything else is refused.
 */
#include "model/attach.h"

#include <glib.h>
#include <nettle/sha2.h>
#include <poppler.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/clock.h"
#include "core/date.h"
#include "core/hash.h"
#include "core/log.h"
#include "core/str.h"
#include "model/crud.h"
#include "model/search.h"

const peel_option peel_attach_kinds[] = {
    {"agenda", "Agenda"},
    {"report", "Report"},
    {"minutes", "Minutes"},
    {"appendix", "Appendix"},
    {"decision", "Decision notice"},
    {"other", "Other"},
    {0},
};

static const peel_attach_format formats[] = {
    {"pdf", "PDF", "application/pdf"},
    {"docx", "Word document",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    {"xlsx", "Excel spreadsheet",
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    {"doc", "Word 97-2003 document", "application/msword"},
    {"xls", "Excel 97-2003 spreadsheet", "application/vnd.ms-excel"},
    {"odt", "OpenDocument text", "application/vnd.oasis.opendocument.text"},
    {"ods", "OpenDocument spreadsheet", "application/vnd.oasis.opendocument.spreadsheet"},
    {"csv", "CSV", "text/csv; charset=utf-8"},
    {"png", "PNG image", "image/png"},
    {"jpeg", "JPEG image", "image/jpeg"},
};
enum { F_PDF, F_DOCX, F_XLSX, F_DOC, F_XLS, F_ODT, F_ODS, F_CSV, F_PNG, F_JPEG };

const peel_attach_format *peel_attach_format_named(const char *name)
{
    if (!name)
        return NULL;
    if (!strcasecmp(name, "jpg"))
        name = "jpeg";
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++)
        if (!strcasecmp(formats[i].name, name))
            return &formats[i];
    return NULL;
}

static uint32_t le16(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* An OpenDocument file: the first local entry is "mimetype", stored, and
 * holds the media type.  -1 when it is not one. */
static int sniff_odf(const unsigned char *p, size_t n)
{
    static const char prefix[] = "application/vnd.oasis.opendocument.";
    size_t name_len, extra, size, at;

    if (n < 30 || memcmp(p, "PK\x03\x04", 4) != 0)
        return -1;
    name_len = le16(p + 26);
    extra = le16(p + 28);
    size = le32(p + 18);
    if (le16(p + 8) != 0 || name_len != 8 || 30 + name_len > n || memcmp(p + 30, "mimetype", 8))
        return -1;
    at = 30 + name_len + extra;
    if (at > n || size > n - at || size < sizeof prefix - 1 ||
        memcmp(p + at, prefix, sizeof prefix - 1) != 0)
        return -1;
    at += sizeof prefix - 1;
    size -= sizeof prefix - 1;
    if (size == 4 && !memcmp(p + at, "text", 4))
        return F_ODT;
    if (size == 11 && !memcmp(p + at, "spreadsheet", 11))
        return F_ODS;
    return -1;
}

/* An OOXML file: the zip's central directory names [Content_Types].xml and
 * parts under word/ (docx) or xl/ (xlsx).  -1 when it is not one. */
static int sniff_ooxml(const unsigned char *p, size_t n)
{
    size_t eocd = 0, dir, entries, at;
    bool found = false, types = false, word = false, xl = false;

    if (n < 22)
        return -1;
    /* The end-of-directory record is in the last 64 KiB + 22 bytes. */
    for (size_t i = n - 22 + 1; i-- > 0 && n - i <= 65535 + 22;) {
        if (!memcmp(p + i, "PK\x05\x06", 4)) {
            eocd = i;
            found = true;
            break;
        }
    }
    if (!found)
        return -1;
    entries = le16(p + eocd + 10);
    dir = le32(p + eocd + 16);
    at = dir;
    for (size_t e = 0; e < entries; e++) {
        size_t name_len, extra, comment;
        const char *name;
        if (at > eocd || eocd - at < 46 || memcmp(p + at, "PK\x01\x02", 4) != 0)
            return -1;
        name_len = le16(p + at + 28);
        extra = le16(p + at + 30);
        comment = le16(p + at + 32);
        if (eocd - at - 46 < name_len)
            return -1;
        name = (const char *)p + at + 46;
        if (name_len == 19 && !memcmp(name, "[Content_Types].xml", 19))
            types = true;
        else if (name_len > 5 && !memcmp(name, "word/", 5))
            word = true;
        else if (name_len > 3 && !memcmp(name, "xl/", 3))
            xl = true;
        at += 46 + name_len + extra + comment;
    }
    if (!types || word == xl)
        return -1;
    return word ? F_DOCX : F_XLSX;
}

/* Whether the UTF-16LE form of an ASCII name occurs in the bytes. */
static bool has_utf16(const unsigned char *p, size_t n, const char *name)
{
    size_t k = strlen(name);
    for (size_t i = 0; i + 2 * k <= n; i++) {
        size_t j = 0;
        while (j < k && p[i + 2 * j] == (unsigned char)name[j] && p[i + 2 * j + 1] == 0)
            j++;
        if (j == k)
            return true;
    }
    return false;
}

/* Text that reads as CSV: valid UTF-8, no control characters but tab, CR
 * and LF, and no NUL. */
static bool csv_text(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((p[i] < 0x20 && p[i] != '\t' && p[i] != '\r' && p[i] != '\n') || p[i] == 0x7f)
            return false;
    return peel_utf8_valid((const char *)p, n, NULL);
}

int peel_attach_sniff(const void *data, size_t n, const peel_attach_format **out, peel_err *err)
{
    const unsigned char *p = data;
    int f = -1;

    *out = NULL;
    if (n == 0)
        return peel_err_set(err, PEEL_EINPUT, "the file is empty");
    if (n >= 5 && !memcmp(p, "%PDF-", 5))
        f = F_PDF;
    else if (n >= 8 && !memcmp(p, "\x89PNG\r\n\x1a\n", 8))
        f = F_PNG;
    else if (n >= 3 && !memcmp(p, "\xff\xd8\xff", 3))
        f = F_JPEG;
    else if (n >= 8 && !memcmp(p, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8)) {
        if (has_utf16(p, n, "WordDocument"))
            f = F_DOC;
        else if (has_utf16(p, n, "Workbook") || has_utf16(p, n, "Book"))
            f = F_XLS;
        else
            return peel_err_set(err, PEEL_EINPUT,
                                "the file is an Office compound file but neither a Word nor an "
                                "Excel one");
    } else if (n >= 4 && !memcmp(p, "PK\x03\x04", 4)) {
        f = sniff_odf(p, n);
        if (f < 0)
            f = sniff_ooxml(p, n);
        if (f < 0)
            return peel_err_set(err, PEEL_EINPUT,
                                "the file is a zip archive but not a Word, Excel or OpenDocument "
                                "file");
    } else if (csv_text(p, n)) {
        f = F_CSV;
    }
    if (f < 0)
        return peel_err_set(err, PEEL_EINPUT,
                            "the file is not a PDF, Word, OpenDocument, spreadsheet, CSV, PNG "
                            "or JPEG file");
    *out = &formats[f];
    return 0;
}

int peel_attach_check_name(const peel_attach_format *f, const char *filename, peel_err *err)
{
    const char *dot = filename ? strrchr(filename, '.') : NULL;
    const peel_attach_format *named;

    if (!dot || !dot[1] || strchr(dot, '/') || strchr(dot, '\\'))
        return 0;
    named = peel_attach_format_named(dot + 1);
    if (named == f)
        return 0;
    return peel_err_set(err, PEEL_EINPUT,
                        "the file is named '%.80s' but its contents are a %s, not a .%.10s file: "
                        "check it is the right file, or correct its name",
                        filename, f->label, dot + 1);
}

void peel_attach_safe_name(const char *filename, const char *title, const peel_attach_format *f,
                           peel_buf *out)
{
    const char *src = filename && *filename ? filename : title;
    const char *base, *dot;
    size_t n, start = out->len;
    bool dash = false;

    base = src ? src : "";
    for (const char *q = base; *q; q++)
        if (*q == '/' || *q == '\\')
            base = q + 1;
    dot = filename && *filename ? strrchr(base, '.') : NULL;
    n = dot ? (size_t)(dot - base) : strlen(base);
    for (size_t i = 0; i < n && out->len - start < 80; i++) {
        char c = base[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_' || c == '-' || c == '.';
        if (ok && !(c == '.' && out->len == start)) {
            peel_buf_putc(out, c);
            dash = false;
        } else if (!dash && out->len > start) {
            peel_buf_putc(out, '-');
            dash = true;
        }
    }
    while (out->len > start && (out->data[out->len - 1] == '-' || out->data[out->len - 1] == '.'))
        peel_buf_truncate(out, out->len - 1);
    if (out->len == start)
        peel_buf_puts(out, "paper");
    peel_buf_printf(out, ".%s", f->name);
}

void peel_attach_sha256_hex(const void *p, size_t n, char out[65])
{
    struct sha256_ctx st;
    uint8_t digest[SHA256_DIGEST_SIZE];
    static const char hex[] = "0123456789abcdef";

    sha256_init(&st);
    sha256_update(&st, n, p);
    sha256_digest(&st, sizeof digest, digest);
    for (size_t i = 0; i < sizeof digest; i++) {
        out[2 * i] = hex[digest[i] >> 4];
        out[2 * i + 1] = hex[digest[i] & 15];
    }
    out[64] = '\0';
}

/* Whether hex is 64 lower-case hex digits, as the store names files. */
static bool is_sha256(const char *hex)
{
    size_t n = 0;
    while (hex && n < 64 && ((hex[n] >= '0' && hex[n] <= '9') || (hex[n] >= 'a' && hex[n] <= 'f')))
        n++;
    return n == 64 && hex[64] == '\0';
}

int peel_attach_read(peel_store *s, const peel_attachment *a, peel_buf *out, peel_err *err)
{
    char hex[65];
    int found;

    peel_buf_reset(out);
    /* A row changed to name no file (or a path) is a changed paper. */
    if (!is_sha256(a->sha256)) {
        peel_err_set(err, PEEL_EDB, "paper %lld (\"%.200s\"): its SHA-256 is not one",
                     (long long)a->id, a->title);
        return 1;
    }
    found = peel_docs_file_get(s, a->sha256, out, err);
    if (found < 0)
        return -1;
    if (!found) {
        peel_err_set(err, PEEL_ENOTFOUND, "paper %lld (\"%.200s\") has no file", (long long)a->id,
                     a->title);
        return 1;
    }
    peel_attach_sha256_hex(out->data ? out->data : "", out->len, hex);
    if ((int64_t)out->len != a->size || strcmp(hex, a->sha256)) {
        peel_buf_reset(out);
        peel_err_set(err, PEEL_EDB,
                     "paper %lld (\"%.200s\"): its file has changed, its bytes no longer match "
                     "its SHA-256",
                     (long long)a->id, a->title);
        return 1;
    }
    return 0;
}

int peel_attach_pdf_text(const void *p, size_t n, int max_pages, peel_buf *out, peel_err *err)
{
    GBytes *bytes = g_bytes_new_static(p, n);
    GError *ge = NULL;
    PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, &ge);
    int pages;

    if (!doc) {
        peel_err_set(err, PEEL_EINPUT, "the PDF could not be read: %s",
                     ge && ge->message ? ge->message : "unknown reason");
        if (ge)
            g_error_free(ge);
        g_bytes_unref(bytes);
        return -1;
    }
    pages = poppler_document_get_n_pages(doc);
    for (int i = 0; i < pages && i < max_pages && !out->failed; i++) {
        PopplerPage *page = poppler_document_get_page(doc, i);
        char *text = page ? poppler_page_get_text(page) : NULL;
        if (text) {
            peel_buf_puts(out, text);
            peel_buf_putc(out, '\n');
        }
        g_free(text);
        if (page)
            g_object_unref(page);
    }
    g_object_unref(doc);
    g_bytes_unref(bytes);
    /* A text longer than the buffer's cap keeps what fitted. */
    out->failed = false;
    return 0;
}

/* ---- adding one ---- */

static bool is_kind(const char *kind)
{
    for (const peel_option *o = peel_attach_kinds; kind && o->value; o++)
        if (!strcmp(o->value, kind))
            return true;
    return false;
}

static int check_new(peel_store *s, const peel_attach_new *a, const peel_attach_format **fmt,
                     char date[11], peel_fielderrs *errs, peel_err *err)
{
    size_t cap = a->max_bytes ? a->max_bytes : PEEL_ATTACH_MAX_DEFAULT;
    size_t before = errs->n;
    peel_record *rec = NULL;
    peel_err e = PEEL_ERR_INIT;

    date[0] = '\0';
    if (!a->type->attachments) {
        peel_fielderrs_add(errs, NULL, "%s records do not take attachments", a->type->label);
        return peel_fielderrs_to_err(errs, err);
    }
    if (peel_store_get(s, a->type, a->record_id, &rec, err) < 0) {
        if (err->code != PEEL_ENOTFOUND)
            return -1;
        peel_err_clear(err);
        peel_fielderrs_add(errs, NULL, "there is no %s with id %lld", a->type->label,
                           (long long)a->record_id);
        return peel_fielderrs_to_err(errs, err);
    }
    peel_record_free(rec);
    if (!a->title || !*a->title)
        peel_fielderrs_add(errs, "title", "enter the paper's title");
    else if (strlen(a->title) > 300 || !peel_utf8_valid(a->title, strlen(a->title), NULL))
        peel_fielderrs_add(errs, "title", "the title must be UTF-8 text of at most 300 bytes");
    if (!is_kind(a->kind))
        peel_fielderrs_add(errs, "kind",
                           "choose the kind of paper: agenda, report, minutes, appendix, "
                           "decision or other");
    if (a->date && *a->date) {
        peel_date d;
        if (peel_date_parse_typed(a->date, strlen(a->date), &d, &e) < 0)
            peel_fielderrs_add(errs, "date", "%s", e.msg);
        else
            peel_date_format(d, date);
    }
    if (a->len > cap)
        peel_fielderrs_add(errs, "file", "the file is %zu bytes, more than the %zu MiB allowed",
                           a->len, cap >> 20);
    else if (peel_attach_sniff(a->data, a->len, fmt, &e) < 0 ||
             peel_attach_check_name(*fmt, a->filename, &e) < 0)
        peel_fielderrs_add(errs, "file", "%s", e.msg);
    return errs->n > before ? peel_fielderrs_to_err(errs, err) : 0;
}

int peel_attach_add(peel_store *s, const char *user, const peel_attach_new *a, int64_t *id,
                    peel_fielderrs *errs, peel_err *err)
{
    const peel_attach_format *fmt = NULL;
    char date[11], hex[65], at[24];
    peel_buf name = PEEL_BUF_INIT, text = PEEL_BUF_INIT;
    bool existed;
    int rc = -1;

    if (check_new(s, a, &fmt, date, errs, err) < 0)
        return -1;
    peel_attach_sha256_hex(a->data, a->len, hex);
    peel_attach_safe_name(a->filename, a->title, fmt, &name);
    peel_clock_format(peel_clock_now(), at);
    if (peel_docs_file_put(s, hex, a->data, a->len, &existed, err) < 0)
        goto out;
    peel_attachment row = {
        .type = a->type->name,
        .record_id = a->record_id,
        .sha256 = hex,
        .size = (int64_t)a->len,
        .format = fmt->name,
        .title = a->title,
        .kind = a->kind,
        .date = date[0] ? date : NULL,
        .filename = peel_buf_str(&name),
        .added_at = at,
        .added_by = user,
    };
    if (peel_docs_attachment_add(s, &row, err) < 0)
        goto out;
    *id = row.id;
    /* The paper's title always; a PDF's words too, read once, now. */
    peel_buf_init(&text, 8 << 20);
    peel_buf_puts(&text, a->title);
    peel_buf_putc(&text, '\n');
    if (!strcmp(fmt->name, "pdf")) {
        peel_err pe = PEEL_ERR_INIT;
        if (peel_attach_pdf_text(a->data, a->len, PEEL_ATTACH_PDF_PAGES, &text, &pe) < 0)
            peel_log_warn("attachment %lld: %s", (long long)row.id, pe.msg);
    }
    if (peel_search_index_attachment(s, &row, peel_buf_str(&text), err) < 0)
        goto out;
    {
        char note[400];
        snprintf(note, sizeof note, "%s (%s, %lld bytes)", a->title, fmt->label, (long long)a->len);
        peel_audit au = {.type = a->type->name,
                         .record_id = a->record_id,
                         .at = at,
                         .user = user,
                         .action = "update",
                         .field = "attachment",
                         .new_value = note};
        if (peel_store_audit_add(s, &au, err) < 0)
            goto out;
    }
    rc = 0;
out:
    peel_buf_release(&name);
    peel_buf_release(&text);
    return rc;
}

int peel_attach_save(peel_store *s, const char *user, const peel_attach_new *a, int64_t *id,
                     peel_fielderrs *errs, peel_err *err)
{
    if (peel_store_begin(s, err) < 0)
        return -1;
    return peel_crud_settle(s, peel_attach_add(s, user, a, id, errs, err), errs, err);
}

int peel_attach_remove(peel_store *s, const char *user, const peel_attachment *a, peel_err *err)
{
    char at[24], note[400];
    int64_t same = 0;
    peel_err fe = PEEL_ERR_INIT;

    peel_clock_format(peel_clock_now(), at);
    snprintf(note, sizeof note, "%s (%s)", a->title, a->filename);
    peel_audit au = {.type = a->type,
                     .record_id = a->record_id,
                     .at = at,
                     .user = user,
                     .action = "update",
                     .field = "attachment",
                     .old_value = note};
    if (peel_store_begin(s, err) < 0)
        return -1;
    if (peel_docs_attachment_remove(s, a->id, &same, err) < 0 ||
        peel_store_audit_add(s, &au, err) < 0 || peel_store_commit(s, err) < 0) {
        peel_store_rollback(s);
        return -1;
    }
    if (same == 0 && peel_docs_file_drop(s, a->sha256, &fe) < 0)
        peel_log_warn("attachment %lld: its file stays: %s", (long long)a->id, fe.msg);
    return 0;
}

int peel_attach_visible(peel_store *s, const peel_reader *rd, const peel_attachment *a,
                        bool *visible, peel_err *err)
{
    const peel_type *t = peel_type_find(a->type);
    peel_record *rec = NULL;

    *visible = false;
    if (!t || !t->attachments || !peel_reader_type_readable(rd, t))
        return 0;
    if (peel_store_get(s, t, a->record_id, &rec, err) < 0) {
        if (err->code != PEEL_ENOTFOUND)
            return -1;
        peel_err_clear(err);
        return 0;
    }
    *visible = peel_reader_record_visible(rd, rec);
    peel_record_free(rec);
    return 0;
}

/* ---- checking and copying the files ---- */

typedef struct files_ctx {
    peel_store *s;
    peel_buf bytes;
    peel_hash seen;   /* SHA-256s read already: each file once */
    peel_store *dest; /* copying: the store the files go to; checking: NULL */
    peel_check_cb cb; /* checking */
    void *cbctx;
    int64_t files, bad;
} files_ctx;

static int one_file(void *ctx, const peel_attachment *a, peel_err *err)
{
    files_ctx *c = ctx;
    peel_err fe = PEEL_ERR_INIT;
    bool added, existed;

    if (!peel_hash_slot_of(&c->seen, a->sha256, strlen(a->sha256), &added))
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    if (!added)
        return 0;
    c->files++;
    switch (peel_attach_read(c->s, a, &c->bytes, &fe)) {
    case 0:
        break;
    case 1:
        c->bad++;
        if (c->dest) { /* a copy with a hole is no copy */
            *err = fe;
            return -1;
        }
        return c->cb(c->cbctx, "attachments", false, fe.msg, err);
    default:
        *err = fe;
        return -1;
    }
    if (c->dest)
        return peel_docs_file_put(c->dest, a->sha256, c->bytes.data, c->bytes.len, &existed, err);
    return 0;
}

/* Every attachment of s, each file once, through one_file. */
static int each_file(files_ctx *c, peel_err *err)
{
    int rc;
    peel_buf_init(&c->bytes, PEEL_BUF_DEFAULT_MAX);
    peel_hash_init(&c->seen);
    rc = peel_docs_attachment_list(c->s, NULL, 0, one_file, c, err);
    peel_buf_release(&c->bytes);
    peel_hash_release(&c->seen);
    return rc;
}

int peel_attach_check(peel_store *s, peel_check_cb cb, void *ctx, peel_err *err)
{
    files_ctx c = {.s = s, .cb = cb, .cbctx = ctx};
    char detail[200];

    if (each_file(&c, err) < 0)
        return -1;
    if (c.bad)
        return 0;
    snprintf(detail, sizeof detail, "%lld file%s, each present and matching its SHA-256",
             (long long)c.files, c.files == 1 ? "" : "s");
    return cb(ctx, "attachments", true, detail, err);
}

int peel_attach_copy_files(peel_store *from, peel_store *to, int64_t *copied, peel_err *err)
{
    files_ctx c = {.s = from, .dest = to};
    int rc = each_file(&c, err);
    *copied = c.files;
    return rc;
}
