/* attach.h - papers attached to records: what a file is (from its bytes,
 * never its name or the Content-Type it came with), its SHA-256, reading it
 * back and who may see it.
 *
 * The store keeps each file's bytes by their SHA-256 (store/docs_db.h: in
 * the folder beside a SQLite database, `peel.db` -> `peel.files/ab/<sha256>`;
 * in a table of a PostgreSQL one), so the same bytes attached twice are
 * kept once.  Bytes are read back only through peel_attach_read, which
 * hashes them first: bytes that no longer match are never handed out as the
 * paper.  Their title, kind, date and
 * record are in the store's attachment table.  An attachment is visible
 * exactly when its record is, to the same reader: it has no classification
 * of its own.  Only a reader allowed to write the record's type attaches.
 *
 * Ownership: formats and kinds are static; everything else borrows what it
 * is given for the call.
 */
#ifndef PEEL_MODEL_ATTACH_H
#define PEEL_MODEL_ATTACH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"
#include "model/reader.h"
#include "model/record.h"
#include "store/docs_db.h"
#include "store/store.h"

/* A file format peel accepts: its name (also the file name's extension),
 * what people read, and the Content-Type it is served with. */
typedef struct peel_attach_format {
    const char *name;  /* "pdf", "docx", "doc", "odt", "ods", "xlsx", "xls", "csv", "png", "jpeg" */
    const char *label; /* "PDF", "Word document", ... */
    const char *mime;
} peel_attach_format;

/* The default cap on an attachment's size (`serve --max-attach-mb`). */
#define PEEL_ATTACH_MAX_DEFAULT ((size_t)50 << 20)
/* Pages of a PDF whose text is read for search. */
#define PEEL_ATTACH_PDF_PAGES 200

/* The kinds of paper, as an ENUM's options ({0}-ended). */
extern const peel_option peel_attach_kinds[];

/* The format of the n bytes at p: 0 with *out set, or -1 with a PEEL_EINPUT
 * error saying what the bytes are not (a zip that is neither a Word or Excel
 * file nor an OpenDocument one, an empty file, anything else). */
int peel_attach_sniff(const void *p, size_t n, const peel_attach_format **out, peel_err *err);
/* The format called name ("pdf", "jpg"...), or NULL. */
const peel_attach_format *peel_attach_format_named(const char *name);
/* A file named filename must have the extension of its format (jpg and jpeg
 * are one); no extension is accepted.  -1 with a PEEL_EINPUT error naming
 * both when they differ. */
int peel_attach_check_name(const peel_attach_format *f, const char *filename, peel_err *err);
/* The name a file is downloaded as: from filename's stem (else title),
 * letters, digits, '-', '_' and '.' only, at most 80 bytes, with f's extension. */
void peel_attach_safe_name(const char *filename, const char *title, const peel_attach_format *f,
                           peel_buf *out);

void peel_attach_sha256_hex(const void *p, size_t n, char out[65]);
/* Attachment a's bytes into out (reset first; its max caps them), once
 * they are checked against a's size and SHA-256: 0.  1 when the file is
 * missing (err PEEL_ENOTFOUND) or its bytes do not match (PEEL_EDB; out
 * emptied), err naming the paper by id and title.  -1 when the store
 * failed. */
int peel_attach_read(peel_store *s, const peel_attachment *a, peel_buf *out, peel_err *err);
/* The text of a PDF's first max_pages pages (poppler), appended to out
 * (which caps it).  -1 with PEEL_EINPUT when poppler cannot read it. */
int peel_attach_pdf_text(const void *p, size_t n, int max_pages, peel_buf *out, peel_err *err);

/* A new attachment. */
typedef struct peel_attach_new {
    const peel_type *type;
    int64_t record_id;
    const void *data;
    size_t len;
    const char *filename; /* as sent; may be NULL */
    const char *title;
    const char *kind; /* a value of peel_attach_kinds */
    const char *date; /* ISO or UK; NULL or "": none */
    size_t max_bytes; /* 0: PEEL_ATTACH_MAX_DEFAULT */
} peel_attach_new;

/* Checks and stores a new attachment inside the caller's transaction: the
 * type declares attachments, the record exists, title, kind and date read
 * (each problem in errs under "title", "kind", "date" or "file"), the size
 * is within the cap and the bytes are of an accepted format matching the
 * name; then the file is written, the row added, a PDF's text indexed for
 * search and the record's audit trail told.  Sets *id.  -1 with err (the
 * first of errs, PEEL_EINPUT) when refused: nothing is written then. */
int peel_attach_add(peel_store *s, const char *user, const peel_attach_new *a, int64_t *id,
                    peel_fielderrs *errs, peel_err *err);
/* peel_attach_add in a transaction of its own: 0 saved, 1 refused (errs),
 * -1 any other failure. */
int peel_attach_save(peel_store *s, const char *user, const peel_attach_new *a, int64_t *id,
                     peel_fielderrs *errs, peel_err *err);

/* Takes attachment a (as peel_docs_attachment_get gave it) off its record
 * in a transaction of its own, with an entry in the record's audit trail,
 * and drops its words from the search index; then deletes its file when no
 * other attachment holds the same bytes (a file that cannot be deleted is
 * logged and left: the paper is gone from every page either way).  The
 * caller has decided the user may change the record. */
int peel_attach_remove(peel_store *s, const char *user, const peel_attachment *a, peel_err *err);

/* Whether rd may see attachment a: exactly when it may open a's record. */
int peel_attach_visible(peel_store *s, const peel_reader *rd, const peel_attachment *a,
                        bool *visible, peel_err *err);

/* Every attachment's file against its SHA-256 (peel_attach_read), each
 * file once: cb gets one finding for the files ("attachments": all present
 * and matching), or one for each that is missing or differs, naming the
 * paper.  Either backend. */
int peel_attach_check(peel_store *s, peel_check_cb cb, void *ctx, peel_err *err);
/* Copies every attachment's file of from into to's store (either backend
 * either way; inside to's transaction when one is open), each read through
 * peel_attach_read; *copied gets how many files.  A file missing or changed
 * is an error naming the paper: a copy with a hole is no copy. */
int peel_attach_copy_files(peel_store *from, peel_store *to, int64_t *copied, peel_err *err);

#endif
