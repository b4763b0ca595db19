/* import.h - `peel crime import`: police.uk files and folders into the
 * crime tables, streaming, each file all or nothing, idempotent.
 *
 * The caller opens the transaction (`peel crime import` with
 * peel_crime_db_bulk_begin) and ends it: the import commits it after a
 * batch of files (those of about a second) and begins the next, so other
 * writers (the web's) wait about a second for the lock, and a commit is
 * paid once a batch.  Inside its batch each file runs in a savepoint, so a
 * file is whole or absent whatever stops the import, and a file found
 * unchanged (same SHA-256 as the import it would replace) is rolled back
 * to exactly what was there, and changes nothing a page shows
 * (peel_store_changes_each).  On error the file that failed is rolled back
 * and the files before it in its batch committed: the files before it stay
 * imported (stats counts them), and importing again finds them unchanged.
 */
#ifndef PEEL_CRIME_IMPORT_H
#define PEEL_CRIME_IMPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "core/err.h"
#include "store/store.h"

typedef struct peel_crime_import_opts {
    const char *user;
    FILE *progress;       /* progress bar here (a terminal), or NULL for none */
    const char *skip_bad; /* write rejected rows to this CSV and go on; NULL: stop */
    FILE *report;         /* one line per file, or NULL */
} peel_crime_import_opts;

typedef struct peel_crime_import_stats {
    int64_t files, imported, replaced, unchanged;
    int64_t rows, rejected, bytes;
} peel_crime_import_stats;

int peel_crime_import(peel_store *s, char *const *paths, size_t npaths,
                      const peel_crime_import_opts *o, peel_crime_import_stats *stats,
                      peel_err *err);

/* SHA-256 of a file as 64 lowercase hex digits and a NUL. */
int peel_crime_sha256_file(const char *path, char out[65], peel_err *err);

#endif
