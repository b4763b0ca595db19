/* docs_db.h - the store's door to the papers attached to records and to the
 * search index: the attachments' metadata, their files' bytes (kept by
 * SHA-256: below) and one full-text index of records' declared searchable
 * fields and of the text of PDF papers.  docs_db.c dispatches each call to
 * the backend's operations (backend.h); the SQLite ones are
 * store/sqlite/docs.c, the PostgreSQL ones store/pg/docs.c, each with its
 * numbered migrations 500-599.
 *
 * Nothing here decides who may see what: a search answers every row that
 * matches, and model/search.c passes each through the reader before anyone
 * sees it, so hidden rows are never shown nor counted.
 *
 * Ownership: rows handed to a callback are borrowed for the call only.
 */
#ifndef PEEL_STORE_DOCS_DB_H
#define PEEL_STORE_DOCS_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"
#include "store/store.h"

/* One file attached to one record. */
typedef struct peel_attachment {
    int64_t id;
    const char *type;     /* the record's type */
    int64_t record_id;    /* and id */
    const char *sha256;   /* 64 lower-case hex digits: the file's name on disk */
    int64_t size;         /* bytes */
    const char *format;   /* "pdf", "docx", ... (model/attach.h) */
    const char *title;    /* as people read it */
    const char *kind;     /* agenda, report, minutes, appendix, decision, other */
    const char *date;     /* ISO date, or NULL */
    const char *filename; /* the name it is downloaded as (already made safe) */
    const char *added_at; /* ISO timestamp */
    const char *added_by; /* the user, or NULL */
} peel_attachment;

typedef int (*peel_attachment_cb)(void *ctx, const peel_attachment *a, peel_err *err);

/* Inserts a (its id is ignored) and sets a->id. */
int peel_docs_attachment_add(peel_store *s, peel_attachment *a, peel_err *err);
/* Calls cb with the attachment id: 1 found, 0 none, -1 error. */
int peel_docs_attachment_get(peel_store *s, int64_t id, peel_attachment_cb cb, void *ctx,
                             peel_err *err);
/* The attachments of one record, by date then id; type NULL: every
 * attachment of every record (reindexing).  0 or -1. */
int peel_docs_attachment_list(peel_store *s, const char *type, int64_t record_id,
                              peel_attachment_cb cb, void *ctx, peel_err *err);
/* Forgets the attachments of a record being deleted.  Their bytes stay
 * where another attachment holds them; PostgreSQL forgets the rest in the
 * same transaction, while SQLite's files stay in the folder (a file's
 * deletion could not be rolled back with the record's). */
int peel_docs_attachment_forget(peel_store *s, const char *type, int64_t record_id, peel_err *err);
/* Removes one attachment and its words from the search index; sets
 * *same_bytes to how many attachments still hold the same file (0: the
 * caller may delete the file once the transaction is committed). */
int peel_docs_attachment_remove(peel_store *s, int64_t id, int64_t *same_bytes, peel_err *err);

/* ---- the attachments' files ----
 * An attachment's bytes are kept once per SHA-256 (content-addressed: the
 * same bytes attached twice are kept once), named by the 64 lower-case hex
 * digits the caller computed from them; any other name is refused.  SQLite
 * keeps them as files in the folder beside the database (`peel.db` ->
 * `peel.files/ab/<sha256>`), written through a temporary file renamed into
 * place, so they outlive a rolled-back transaction (unreferenced, harmless).
 * PostgreSQL keeps them in its attachment_file table, inside the caller's
 * transaction when one is open, so the bytes and the attachment's row are
 * kept or lost together, and every server process sharing the database
 * reads them.  The store does not check that the bytes match their name:
 * model/attach.c hashes what it reads before it trusts it. */

/* Keeps the n bytes at p under sha256 unless bytes are kept under that name
 * already (*existed set, nothing written).  0 or -1. */
int peel_docs_file_put(peel_store *s, const char *sha256, const void *p, size_t n, bool *existed,
                       peel_err *err);
/* The bytes kept under sha256, into out (reset first; its max caps them):
 * 1 found, 0 none, -1 error. */
int peel_docs_file_get(peel_store *s, const char *sha256, peel_buf *out, peel_err *err);
/* Forgets the bytes kept under sha256 when no attachment holds them any
 * longer (else changes nothing): call it after the commit that removed the
 * last attachment holding them, as a file's deletion cannot be rolled back.
 * 0 (also when none were kept), or -1. */
int peel_docs_file_drop(peel_store *s, const char *sha256, peel_err *err);

/* ---- the search index ----
 * One row per searchable text: a record's field (attachment 0) or an
 * attachment's extracted text (field "text").  day is the ISO date searches
 * filter by, or NULL. */
int peel_docs_search_put(peel_store *s, const char *type, int64_t record_id, int64_t attachment,
                         const char *field, const char *day, const char *text, peel_err *err);
/* Drops a record's rows: its fields' (attachment 0) when !with_attachments,
 * else all of them. */
int peel_docs_search_drop(peel_store *s, const char *type, int64_t record_id, bool with_attachments,
                          peel_err *err);
int peel_docs_search_clear(peel_store *s, peel_err *err);

typedef struct peel_docs_hit {
    const char *type;
    int64_t record_id;
    int64_t attachment; /* 0: a field of the record */
    const char *field;
    const char *day;     /* or NULL */
    double rank;         /* bm25: lower is better */
    const char *snippet; /* the matching text around the words, each hit between \x01 and \x02 */
} peel_docs_hit;
typedef int (*peel_docs_hit_cb)(void *ctx, const peel_docs_hit *h, peel_err *err);

/* The rows matching an FTS5 expression (built by model/search.c from the
 * words typed, never passed through from input), best first, at most limit,
 * optionally of one type and with day in [from, to] (ISO; NULL: open).  A
 * row without a day is left out when a range is given.  An expression the
 * index cannot read is PEEL_EINPUT. */
int peel_docs_search(peel_store *s, const char *match, const char *type, const char *from,
                     const char *to, int limit, peel_docs_hit_cb cb, void *ctx, peel_err *err);

#endif
