/* csvio.h - CSV import and export for any record type, driven by its
 * declaration.  The header row holds field names.
 *
 * Import is all-or-nothing: every row is parsed and validated, every error
 * is listed (row, line, column and field named), and if there is any the
 * caller rolls back.  A row updates an existing record when its `id` column
 * or its type's key matches one; otherwise it creates one.  A row identical
 * to the stored record changes nothing, so importing a file twice is safe.
 */
#ifndef PEEL_MODEL_CSVIO_H
#define PEEL_MODEL_CSVIO_H

#include <stdio.h>

#include "core/buf.h"
#include "model/reader.h"
#include "store/store.h"

typedef struct peel_import_result {
    int64_t rows, created, updated, unchanged;
    int64_t nerrors;
    peel_buf errors; /* one line per error; caller releases */
} peel_import_result;

#define PEEL_IMPORT_MAX_ERRORS 50

/* Returns 0, or -1 with err set to the first error (all are in res->errors).
 * progress: a terminal for the progress bar, or NULL. */
int peel_csvio_import(peel_store *s, const char *user, const peel_type *t, FILE *f,
                      const char *name, FILE *progress, peel_import_result *res, peel_err *err);
int peel_csvio_import_mem(peel_store *s, const char *user, const peel_type *t, const char *data,
                          size_t n, const char *name, peel_import_result *res, peel_err *err);

typedef struct peel_export_opts {
    /* Required: records, fields and references as this reader sees them (a
     * record it may not open is left out and not counted; a reference to
     * one reads PEEL_READER_NOT_PUBLISHED).  Give the query its filters
     * (peel_reader_filters) too. */
    const peel_reader *reader;
    bool include_sensitive;  /* OFFICIAL-SENSITIVE records and fields too */
    const peel_query *query; /* NULL: all records */
    int64_t withheld;        /* OUT: records or fields left out as sensitive */
} peel_export_opts;

/* Writes the header and the records to out. */
int peel_csvio_export(peel_store *s, const peel_type *t, peel_export_opts *o, FILE *out,
                      peel_err *err);
/* The header line alone (field names), without id unless the type has no key. */
int peel_csvio_header(const peel_type *t, peel_buf *out);

#endif
