/* search.h - one search over records and papers, for a reader.
 *
 * What is found: each type's declared searchable fields (model.h `search`)
 * and each attachment's title and, for a PDF, its text (read once, when it
 * is attached).  The index is the store's (store/docs_db.h: FTS5 today,
 * ranked by bm25) and is written in the same transaction as the record or
 * attachment it describes: peel_crud_create/update/delete call
 * peel_search_index_record and peel_search_unindex_record.
 *
 * Who sees what: every hit passes the reader before it is kept -- the type
 * readable, the record visible, the field visible (an attachment is
 * visible exactly when its record is) -- so a reader is never shown,
 * counted or hinted at a hit it could not open.  The words typed never
 * reach the index as an expression: each word becomes a quoted term.
 *
 * Ownership: results own their strings; peel_search_results_release frees
 * them.
 */
#ifndef PEEL_MODEL_SEARCH_H
#define PEEL_MODEL_SEARCH_H

#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"
#include "model/reader.h"
#include "model/record.h"
#include "store/docs_db.h"
#include "store/store.h"

/* At most this many rows are read from the index for one search, before the
 * reader's check; the results shown are those of them the reader may see. */
#define PEEL_SEARCH_CANDIDATES 2000
#define PEEL_SEARCH_PER_PAGE 20
#define PEEL_SEARCH_MAX_WORDS 16

typedef struct peel_search_q {
    const char *words;
    const peel_type *type; /* NULL: every type */
    const char *from, *to; /* ISO dates; NULL: open */
    int page;              /* from 1 */
    int per;               /* 0: PEEL_SEARCH_PER_PAGE */
} peel_search_q;

typedef struct peel_search_result {
    const peel_type *type;
    int64_t record_id;
    char *title;             /* the record's name for people */
    int64_t attachment;      /* 0: the record itself matched */
    char *paper;             /* the attachment's title, or NULL */
    const char *field_label; /* what matched: a field's label, or "Paper" */
    char *snippet;           /* the text around the words, each between \x01 and \x02 */
    char day[11];            /* ISO, or "" */
    bool sensitive;          /* the record is OFFICIAL-SENSITIVE (only its readers see it) */
} peel_search_result;

typedef struct peel_search_results {
    peel_search_result *v;
    size_t n, cap; /* a core/vec.h vector: this page's results */
    int64_t total; /* results the reader may see, on every page */
} peel_search_results;

/* The FTS expression for the words typed: each run of letters and digits a
 * quoted term, all required.  PEEL_EINPUT when there is no word. */
int peel_search_match_expr(const char *words, peel_buf *out, peel_err *err);

int peel_search_run(peel_store *s, const peel_reader *rd, const peel_search_q *q,
                    peel_search_results *out, peel_err *err);
void peel_search_results_release(peel_search_results *res);

/* Index maintenance, inside the caller's transaction. */
int peel_search_index_record(peel_store *s, const peel_record *r, peel_err *err);
/* The same for a record just created, which has no rows to replace. */
int peel_search_index_new(peel_store *s, const peel_record *r, peel_err *err);
int peel_search_unindex_record(peel_store *s, const peel_type *t, int64_t id, peel_err *err);
int peel_search_index_attachment(peel_store *s, const peel_attachment *a, const char *text,
                                 peel_err *err);
/* Rebuilds the whole index from the records and the files on disk. */
int peel_search_reindex(peel_store *s, int64_t *records, int64_t *papers, peel_err *err);

#endif
