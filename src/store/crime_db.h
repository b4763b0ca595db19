/* crime_db.h - the crime engine's narrow interface to its tables.
 *
 * The import and figure code speaks only this interface; crime_db.c sends
 * each call to the store's backend (crime_ops.h), whose SQL for SQLite is
 * in sqlite/crime.c.  The figures computed from rows (repeat locations,
 * outcomes by Crime ID, stop and search by map point) are not here but in
 * src/crime: this interface only reads and writes rows.  The schema (docs/ARCHITECTURE.md,
 * "src/crime"): small dimension tables with integer keys (crime_dim for every categorical value,
 * crime_lsoa), the street records packed a few thousand to a blob with each row's map point in
 * it (crime_chunk), a pre-aggregated count table (crime_count: LSOA x month x crime type x outcome
 * x force) written once per file, and the provenance of every imported file (crime_file).
 *
 * Ownership: peel_crime_db_open() returns a handle the caller closes; it
 * borrows the store.  Strings passed to callbacks are borrowed for the call.
 */
#ifndef PEEL_STORE_CRIME_DB_H
#define PEEL_STORE_CRIME_DB_H

#include <stdbool.h>
#include <stdint.h>

#include "core/date.h"
#include "core/err.h"
#include "core/str.h"
#include "store/store.h"

/* The three police.uk file kinds (stored by name: never rename). */
enum peel_crime_kind {
    PEEL_CRIME_UNKNOWN = 0,
    PEEL_CRIME_STREET,   /* *-street.csv, 12 columns */
    PEEL_CRIME_OUTCOMES, /* *-outcomes.csv, 10 columns */
    PEEL_CRIME_SEARCH    /* *-stop-and-search.csv, 15 columns */
};
const char *
peel_crime_kind_name(enum peel_crime_kind k); /* "street", "outcomes", "stop-and-search" */

/* A coordinate in millionths of a degree (police.uk publishes 6 decimals). */
typedef struct peel_crime_point {
    bool set;
    int32_t lat, lon;
} peel_crime_point;

/* Dimension kinds in crime_dim (values are stored; never renumber). */
enum peel_crime_dim {
    PEEL_DIM_FORCE = 1,
    PEEL_DIM_TYPE = 2,         /* crime type */
    PEEL_DIM_OUTCOME = 3,      /* last outcome category (street files) */
    PEEL_DIM_OUTCOME_TYPE = 4, /* outcome type (outcomes files) */
    PEEL_DIM_SEARCH_TYPE = 5,
    PEEL_DIM_GENDER = 6,
    PEEL_DIM_AGE = 7,
    PEEL_DIM_ETHNICITY = 8, /* self-defined */
    PEEL_DIM_OFFICER_ETHNICITY = 9,
    PEEL_DIM_LEGISLATION = 10,
    PEEL_DIM_OBJECT = 11,
    PEEL_DIM_SEARCH_OUTCOME = 12,
    PEEL_DIM_OPERATION = 13,
    PEEL_DIM_CONTEXT = 14,
    PEEL_DIM_STREET = 15 /* a street row's Location ("On or near Foo Street") */
};

typedef struct peel_crime_db peel_crime_db;

int peel_crime_db_open(peel_store *s, peel_crime_db **out, peel_err *err);
void peel_crime_db_close(peel_crime_db *db);

/* ---- import ---- */

/* 1 when a current import was of a file of this name (the last part of
 * the path it was given as) and rejected none of its rows, else 0. */
int peel_crime_db_file_named(peel_crime_db *db, const char *name, peel_err *err);
/* An import of a file with this SHA-256 (hex) that is current or is the
 * import with id also_id: 1 and *file_id, or 0. */
int peel_crime_db_file_seen(peel_crime_db *db, const char *sha256, int64_t also_id,
                            int64_t *file_id, peel_err *err);
/* Id of a value (empty values have id 0 and are not stored). */
int peel_crime_db_dim(peel_crime_db *db, enum peel_crime_dim kind, peel_str v, int64_t *id,
                      peel_err *err);
/* Id of an LSOA by code (0 for the empty code: no location). */
int peel_crime_db_lsoa(peel_crime_db *db, peel_str code, peel_str name, int64_t *id, peel_err *err);

/* Removes the current import of (kind, force, month), if any, with all its
 * rows and counts; *rows (if given) is how many rows it had.  Returns 1 when
 * something was replaced, 0 if not. */
int peel_crime_db_replace(peel_crime_db *db, enum peel_crime_kind kind, int64_t force_id,
                          peel_month month, int64_t *old_file, peel_err *err);

typedef struct peel_crime_file {
    int64_t id;
    enum peel_crime_kind kind;
    const char *name, *sha256, *user, *at;
    int64_t force_id;
    peel_month month;
    int64_t rows, rejected;
    int64_t first_row, last_row; /* fact rowids, 0 when none */
    int64_t replaces;            /* the file id this one replaced, 0 if none */
} peel_crime_file;

int peel_crime_db_file_add(peel_crime_db *db, peel_crime_file *f, peel_err *err); /* sets f->id */

typedef struct peel_crime_fact {
    peel_month month;
    int64_t force_id, lsoa_id, type_id, outcome_id, context_id;
    int64_t street_id;   /* PEEL_DIM_STREET: the Location text, 0 when empty */
    peel_crime_point at; /* with street_id, the row's map point */
    peel_str crime_id;
} peel_crime_fact;

/* Street rows are stored in chunks of a few thousand (crime_chunk): fact_add
 * buffers a row and, when it writes a chunk, sets *rowid to its id (else 0);
 * fact_flush writes the rest at the end of a file (*rowid 0 if none). */
int peel_crime_db_fact_add(peel_crime_db *db, const peel_crime_fact *f, int64_t *rowid,
                           peel_err *err);
int peel_crime_db_fact_flush(peel_crime_db *db, int64_t *rowid, peel_err *err);
/* One cell of a file's counts: crimes of (LSOA, type, outcome) ids. */
typedef struct peel_crime_count {
    int64_t lsoa, type, outcome, n;
} peel_crime_count;
/* Adds a file's counts for (month, force) in one call: each key once, in
 * key order (LSOA, type, outcome), for a month and force with no counts
 * yet (replacing a month removes its counts first).  PostgreSQL sends them
 * by COPY, and refuses a key given twice or already there. */
int peel_crime_db_counts_add(peel_crime_db *db, peel_month month, int64_t force_id,
                             const peel_crime_count *c, size_t n, peel_err *err);
int peel_crime_db_outcome_add(peel_crime_db *db, peel_month month, int64_t force_id,
                              peel_str crime_id, int64_t lsoa_id, int64_t outcome_type_id,
                              int64_t *rowid, peel_err *err);

typedef struct peel_crime_search_row {
    peel_month month;
    int64_t force_id;
    peel_str date;
    int64_t type_id, operation_id, gender_id, age_id, ethnicity_id, officer_ethnicity_id,
        legislation_id, object_id, outcome_id;
    int operation, linked, removal;
    peel_crime_point at;
} peel_crime_search_row;

int peel_crime_db_search_add(peel_crime_db *db, const peel_crime_search_row *r, int64_t *rowid,
                             peel_err *err);

/* Places the LSOAs seen whose id is from_id or more (0: all of them) in a
 * district and neighbourhood area from the area records: by code (area kind
 * lsoa and its parent), else by the district name in the LSOA name
 * ("Charnwood 012B").  The area import places all; a crime file only those
 * it added (ids from peel_crime_db_lsoa_next before it), so a file's cost
 * does not grow with the LSOAs seen before it.
 *
 * Then the counts summed by district (crime_district_count), which a
 * force's figures read: all of them again when from_id is 0, else the
 * street counts of (month, force_id) just added, if force_id is not 0 --
 * once their LSOAs are placed.  Replacing a month removes its sums with its
 * counts. */
int peel_crime_db_refresh_geo(peel_store *s, int64_t from_id, peel_month month, int64_t force_id,
                              peel_err *err);
/* The id the next LSOA seen will get: one more than the largest. */
int peel_crime_db_lsoa_next(peel_store *s, int64_t *next, peel_err *err);

/* The import's own transaction.  bulk_begin switches the database from WAL
 * to the rollback journal when this is its only connection (a bulk load in
 * WAL writes every page twice), *bulk saying whether it did, and begins;
 * bulk_end commits (ok) or rolls back and returns to WAL. */
int peel_crime_db_bulk_begin(peel_store *s, bool *bulk, peel_err *err);
int peel_crime_db_bulk_end(peel_store *s, bool bulk, bool ok, peel_err *err);

/* Large page cache for a bulk load (restored by close). */
int peel_crime_db_bulk(peel_crime_db *db, peel_err *err);

/* Each file is loaded in a savepoint of the import's transaction (one
 * name at a time): begin, then release to keep it or roll back to drop it. */
int peel_crime_db_savepoint(peel_store *s, peel_err *err);
int peel_crime_db_savepoint_release(peel_store *s, peel_err *err);
int peel_crime_db_savepoint_rollback(peel_store *s, peel_err *err);

/* ---- areas (the `area` records) ---- */

typedef struct peel_crime_area {
    int64_t id;
    char code[33];
    char name[201];
    char kind[16]; /* force, district, npa, ward, lsoa */
} peel_crime_area;

/* Finds an area by code or name, case-insensitively, among force,
 * district and npa areas: 1 found, 0 not. */
int peel_crime_db_area_find(peel_store *s, const char *text, peel_crime_area *out, peel_err *err);
/* Calls cb for each force, district and npa area (for "valid choices"),
 * or the children of parent_id of a kind when parent_id > 0. */
typedef int (*peel_crime_area_cb)(void *ctx, const peel_crime_area *a, peel_err *err);
int peel_crime_db_areas(peel_store *s, int64_t parent_id, const char *kind, peel_crime_area_cb cb,
                        void *ctx, peel_err *err);
/* Calls cb for each district, by name, with street crimes counted in its
 * LSOAs (the web application's list of performance packs). */
int peel_crime_db_districts_with_data(peel_store *s, peel_crime_area_cb cb, void *ctx,
                                      peel_err *err);

/* ---- figures' inputs ---- */

/* Which LSOAs a query covers. */
typedef struct peel_crime_scope {
    const char *kind; /* "all", "force", "district", "npa" */
    int64_t area_id;
    /* "force" only, for peel_crime_db_cells: the force's own reporting forces
     * (crime_dim ids); their cells outside the force's districts are read
     * too, so a force's figures count what its own files place elsewhere
     * without reading every other force's counts. */
    const int64_t *own;
    size_t nown;
} peel_crime_scope;

/* One cell of the count table. */
typedef struct peel_crime_cell {
    peel_month month;
    int64_t type_id, outcome_id, lsoa_id, district_id, npa_id; /* district/npa 0: none */
    int64_t n;
    int64_t force_id; /* the force whose file reported these rows */
} peel_crime_cell;

typedef int (*peel_crime_cell_cb)(void *ctx, const peel_crime_cell *c, peel_err *err);
/* Every cell in [from, to] within scope; for "all", LSOAs outside any
 * district and rows without a location are included (district_id 0); for
 * "force", the cells of its districts and then those its own forces
 * (scope->own) reported anywhere else, each cell once.  For "force" the
 * districts' cells come summed by (month, type, outcome, district, force)
 * (crime_district_count), lsoa_id and npa_id then 0: a force's figures
 * need no finer part of them.  For "district" and "npa", whose figures are
 * by LSOA, district_id, npa_id and force_id may be 0. */
int peel_crime_db_cells(peel_store *s, const peel_crime_scope *scope, peel_month from,
                        peel_month to, peel_crime_cell_cb cb, void *ctx, peel_err *err);

/* Names of dimension values (id -> text) of one kind, for labels. */
typedef int (*peel_crime_dim_cb)(void *ctx, int64_t id, const char *value, peel_err *err);
int peel_crime_db_dims(peel_store *s, enum peel_crime_dim kind, peel_crime_dim_cb cb, void *ctx,
                       peel_err *err);
/* LSOAs (id, code, name) within scope. */
typedef int (*peel_crime_lsoa_cb)(void *ctx, int64_t id, const char *code, const char *name,
                                  peel_err *err);
int peel_crime_db_lsoas(peel_store *s, const peel_crime_scope *scope, peel_crime_lsoa_cb cb,
                        void *ctx, peel_err *err);
/* The first and last month with street data: 0 when none (then *first = *last = -1). */
int peel_crime_db_month_range(peel_store *s, peel_month *first, peel_month *last, peel_err *err);
/* Months with a current street import (any force), in order. */
typedef int (*peel_crime_month_cb)(void *ctx, peel_month m, peel_err *err);
int peel_crime_db_months(peel_store *s, peel_crime_month_cb cb, void *ctx, peel_err *err);

/* ---- rows for the figures that need more than counts ---- */

/* One street crime, decoded from its chunk.  Its map point is (street_id,
 * at): the Location text's id (PEEL_DIM_STREET; 0 when empty; its text by
 * peel_crime_db_dim_value) and coordinates.  A row with neither has no map
 * point (peel_crime_street_located). */
typedef struct peel_crime_street_row {
    peel_month month;
    int64_t lsoa_id, type_id, outcome_id, street_id;
    peel_crime_point at;
    const unsigned char *crime_id; /* police.uk's ID as 32 bytes, or NULL */
} peel_crime_street_row;
static inline bool peel_crime_street_located(const peel_crime_street_row *r)
{
    return r->street_id || r->at.set;
}
typedef int (*peel_crime_street_cb)(void *ctx, const peel_crime_street_row *r, peel_err *err);
/* The street crimes of the current imports of months in [from, to] or
 * [pfrom, pto] (an empty range when the first is after the second), in no
 * particular order.  A corrupt crime_chunk is an error (PEEL_EDB) naming it. */
int peel_crime_db_street_rows(peel_store *s, peel_month from, peel_month to, peel_month pfrom,
                              peel_month pto, peel_crime_street_cb cb, void *ctx, peel_err *err);
/* An LSOA's code and name (malloc'd, the caller's): 1 found, 0 not. */
int peel_crime_db_lsoa_get(peel_store *s, int64_t id, char **code, char **name, peel_err *err);
/* A dimension value's text (malloc'd, the caller's): 1 found, 0 not. */
int peel_crime_db_dim_value(peel_store *s, int64_t id, char **value, peel_err *err);

/* 1 when a current outcomes import of month >= from has rows, else 0. */
int peel_crime_db_outcomes_since(peel_store *s, peel_month from, peel_err *err);
/* The rows of those imports with police.uk's 32-byte Crime ID and an
 * outcome type; row is the order of import. */
typedef int (*peel_crime_outcome_row_cb)(void *ctx, int64_t row, peel_month month,
                                         const unsigned char *crime_id, int64_t outcome_type_id,
                                         peel_err *err);
int peel_crime_db_outcome_rows(peel_store *s, peel_month from, peel_crime_outcome_row_cb cb,
                               void *ctx, peel_err *err);

/* 1 when there are stop and searches in [from, to], else 0. */
int peel_crime_db_searches_any(peel_store *s, peel_month from, peel_month to, peel_err *err);
/* Each search in [from, to]: its value of one dimension (PEEL_DIM_LEGISLATION,
 * _OBJECT, _SEARCH_OUTCOME, _ETHNICITY, _OFFICER_ETHNICITY, _SEARCH_TYPE,
 * _GENDER or _AGE; "" when empty) and its map point. */
typedef int (*peel_crime_search_row_cb)(void *ctx, const char *value, const peel_crime_point *at,
                                        peel_err *err);
int peel_crime_db_search_rows(peel_store *s, enum peel_crime_dim by, peel_month from, peel_month to,
                              peel_crime_search_row_cb cb, void *ctx, peel_err *err);

/* Provenance, newest first. */
typedef struct peel_crime_file_row {
    int64_t id;
    const char *kind, *name, *sha256, *force, *at, *user;
    peel_month month;
    int64_t rows, rejected;
    bool current;
} peel_crime_file_row;
typedef int (*peel_crime_file_cb)(void *ctx, const peel_crime_file_row *f, peel_err *err);
int peel_crime_db_files(peel_store *s, peel_crime_file_cb cb, void *ctx, peel_err *err);

/* Population of an area for a year (the latest year <= year held), with
 * ethnicity NULL for all residents: 1 found, 0 not. */
int peel_crime_db_population(peel_store *s, int64_t area_id, int year, const char *ethnicity,
                             int64_t *pop, char *source, size_t sourcesz, peel_err *err);

/* Every row of every crime table, table by table in a fixed order, each
 * row in its table's order and as text (a blob column as lower-case hex,
 * NULL as NULL): what `peel copy` copies and compares.  cb returns 0 to go
 * on, 1 to stop, -1 to fail. */
typedef int (*peel_crime_row_cb)(void *ctx, const char *table, size_t ncols,
                                 const char *const *cells, peel_err *err);
int peel_crime_db_rows(peel_store *s, peel_crime_row_cb cb, void *ctx, peel_err *err);
/* Copies every crime table's rows from from into to, whose crime tables
 * are empty (a freshly initialised database), ids and all; *rows counts
 * them.  Inside to's transaction. */
int peel_crime_db_copy(peel_store *from, peel_store *to, int64_t *rows, peel_err *err);

#endif
