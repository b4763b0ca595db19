/* crime_ops.h - what a backend provides for the crime engine's tables: a
 * table of operations behind crime_db.h (private to src/store).
 *
 * crime_db.c is a dispatcher: each peel_crime_db_* function calls through
 * the operations of the store's backend (backend.h), so nothing above the
 * store names the backend.  An import's handle (peel_crime_db) carries the operations
 * and the backend's own connection state (peel_crime_conn: caches, the
 * chunk being filled).  The SQLite operations are in sqlite/crime.c.
 *
 * Ownership: operation tables are static constants; a peel_crime_conn is
 * allocated by the backend's open and freed by its close.
 */
#ifndef PEEL_STORE_CRIME_OPS_H
#define PEEL_STORE_CRIME_OPS_H

#include "store/backend.h" /* peel_migration */
#include "store/crime_db.h"

typedef struct peel_crime_conn peel_crime_conn;

/* One crime table as `peel copy` reads and writes it (peel_crime_db_rows,
 * peel_crime_db_copy): every column as text, the blob column (if any) as
 * lower-case hex; the same columns on every backend. */
#define PEEL_CRIME_TABLE_COLS 20

/* pairs_check's question, the same on both backends: the (force, LSOA)
 * pairs with counts that crime_force_lsoa lacks, and those it lists
 * without a count. */
#define PAIRS_CHECK_SQL                                                                            \
    "SELECT (SELECT count(*) FROM (SELECT force_id, lsoa_id FROM crime_count EXCEPT"               \
    " SELECT force_id, lsoa_id FROM crime_force_lsoa) AS missing),"                                \
    " (SELECT count(*) FROM (SELECT force_id, lsoa_id FROM crime_force_lsoa EXCEPT"                \
    " SELECT force_id, lsoa_id FROM crime_count) AS extra)"
typedef struct peel_crime_table {
    const char *name;
    const char *order; /* the ORDER BY that lists rows alike on every backend */
    bool has_id;       /* an "id" column from a sequence (set past the copy's ids) */
    const char *blob;  /* the blob column, or NULL */
    size_t ncols;
    const char *cols[PEEL_CRIME_TABLE_COLS];
} peel_crime_table;
extern const peel_crime_table peel_crime_tables[]; /* ends with a NULL name */

typedef struct peel_crime_db_ops {
    /* Numbered migrations of the crime tables: 100-199. */
    const peel_migration *migrations;

    int (*open)(peel_store *s, peel_crime_conn **out, peel_err *err);
    void (*close)(peel_crime_conn *c);
    int (*file_named)(peel_crime_conn *c, const char *name, peel_err *err);
    int (*file_seen)(peel_crime_conn *c, const char *sha256, int64_t also_id, int64_t *file_id,
                     peel_err *err);
    int (*dim)(peel_crime_conn *c, enum peel_crime_dim kind, peel_str v, int64_t *id,
               peel_err *err);
    int (*lsoa)(peel_crime_conn *c, peel_str code, peel_str name, int64_t *id, peel_err *err);
    int (*replace)(peel_crime_conn *c, enum peel_crime_kind kind, int64_t force_id,
                   peel_month month, int64_t *old_file, peel_err *err);
    int (*file_add)(peel_crime_conn *c, peel_crime_file *f, peel_err *err);
    /* Stores one street chunk (crime_chunk.h) of `rows` rows of month,
     * built by crime_db.c, and sets *rowid to its id. */
    int (*chunk_add)(peel_crime_conn *c, peel_month month, int64_t rows, const unsigned char *data,
                     size_t len, int64_t *rowid, peel_err *err);
    int (*counts_add)(peel_crime_conn *c, peel_month month, int64_t force_id,
                      const peel_crime_count *counts, size_t n, peel_err *err);
    int (*outcome_add)(peel_crime_conn *c, peel_month month, int64_t force_id, peel_str crime_id,
                       int64_t lsoa_id, int64_t outcome_type_id, int64_t *rowid, peel_err *err);
    int (*search_add)(peel_crime_conn *c, const peel_crime_search_row *r, int64_t *rowid,
                      peel_err *err);
    int (*refresh_geo)(peel_store *s, int64_t from_id, peel_month month, int64_t force_id,
                       peel_err *err);
    int (*lsoa_next)(peel_store *s, int64_t *next, peel_err *err);
    int (*bulk_begin)(peel_store *s, bool *bulk, peel_err *err);
    int (*bulk_end)(peel_store *s, bool bulk, bool ok, peel_err *err);
    int (*bulk)(peel_crime_conn *c, peel_err *err);
    int (*savepoint)(peel_store *s, peel_err *err);
    int (*savepoint_release)(peel_store *s, peel_err *err);
    int (*savepoint_rollback)(peel_store *s, peel_err *err);
    int (*area_find)(peel_store *s, const char *text, peel_crime_area *out, peel_err *err);
    int (*areas)(peel_store *s, int64_t parent_id, const char *kind, peel_crime_area_cb cb,
                 void *ctx, peel_err *err);
    int (*districts_with_data)(peel_store *s, peel_crime_area_cb cb, void *ctx, peel_err *err);
    int (*cells)(peel_store *s, const peel_crime_scope *scope, peel_month from, peel_month to,
                 peel_crime_cell_cb cb, void *ctx, peel_err *err);
    int (*dims)(peel_store *s, enum peel_crime_dim kind, peel_crime_dim_cb cb, void *ctx,
                peel_err *err);
    int (*lsoas)(peel_store *s, const peel_crime_scope *scope, peel_crime_lsoa_cb cb, void *ctx,
                 peel_err *err);
    int (*month_range)(peel_store *s, peel_month *first, peel_month *last, peel_err *err);
    int (*pairs_check)(peel_store *s, int64_t *missing, int64_t *extra, peel_err *err);
    /* The counts summed by district (migration 106) that differ from the
     * counts summed again. */
    int (*sums_check)(peel_store *s, int64_t *wrong, peel_err *err);
    int (*months)(peel_store *s, peel_crime_month_cb cb, void *ctx, peel_err *err);
    int (*street_rows)(peel_store *s, peel_month from, peel_month to, peel_month pfrom,
                       peel_month pto, peel_crime_street_cb cb, void *ctx, peel_err *err);
    int (*lsoa_get)(peel_store *s, int64_t id, char **code, char **name, peel_err *err);
    int (*dim_value)(peel_store *s, int64_t id, char **value, peel_err *err);
    int (*outcomes_since)(peel_store *s, peel_month from, peel_err *err);
    int (*outcome_rows)(peel_store *s, peel_month from, peel_crime_outcome_row_cb cb, void *ctx,
                        peel_err *err);
    int (*searches_any)(peel_store *s, peel_month from, peel_month to, peel_err *err);
    int (*search_rows)(peel_store *s, enum peel_crime_dim by, peel_month from, peel_month to,
                       peel_crime_search_row_cb cb, void *ctx, peel_err *err);
    int (*files)(peel_store *s, peel_crime_file_cb cb, void *ctx, peel_err *err);
    int (*population)(peel_store *s, int64_t area_id, int year, const char *ethnicity, int64_t *pop,
                      char *source, size_t sourcesz, peel_err *err);
    /* A table's rows in its order, as text (peel_crime_table); a row put as
     * it was; after a table's rows are put, its sequence set past them. */
    int (*table_rows)(peel_store *s, const peel_crime_table *t, peel_crime_row_cb cb, void *ctx,
                      peel_err *err);
    int (*table_put)(peel_store *s, const peel_crime_table *t, const char *const *cells,
                     peel_err *err);
    int (*table_done)(peel_store *s, const peel_crime_table *t, peel_err *err);
} peel_crime_db_ops;

/* The handle crime_db.h hands out. */
struct peel_crime_db {
    const peel_crime_db_ops *ops;
    peel_crime_conn *conn;
    /* The street chunk being filled (fact_add / fact_flush): the same rule
     * for every backend, which only stores it (chunk_add). */
    unsigned char *chunk; /* PEEL_CRIME_CHUNK_MAX bytes from the first row; the handle's */
    size_t chunk_len;
    int64_t chunk_rows;
    peel_month chunk_month;
};

/* The SQLite backend's crime operations (sqlite/crime.c). */
extern const peel_crime_db_ops peel_store_sqlite_crime_ops;
/* The PostgreSQL backend's crime operations (pg/crime.c). */
extern const peel_crime_db_ops peel_store_pg_crime_ops;
/* The crime operations of the store's backend. */
const peel_crime_db_ops *peel_store_crime_ops(peel_store *s);

#endif
