/* crime_db.c - crime_db.h as a dispatcher: each call goes through the
 * crime operations of the store's backend (crime_ops.h). */
#include "store/crime_db.h"

#include <stdlib.h>
#include <string.h>

#include "store/backend.h"
#include "store/crime_chunk.h"
#include "store/crime_ops.h"

const peel_crime_db_ops *peel_store_crime_ops(peel_store *s)
{
    /* the crime tables, and the areas and population some reads join */
    peel_store_mark(s, PEEL_CHANGES_CRIME);
    peel_store_mark(s, "area");
    peel_store_mark(s, "population");
    return s->backend->crime;
}

static const peel_crime_db_ops *crime(peel_store *s)
{
    return peel_store_crime_ops(s);
}

/* -1 with err when the backend's crime table has no such operation yet.
 * An import's handle is refused at its open the same way, and a backend
 * fills its import operations together with open. */
#define CAN(s, slot, err)                                                                          \
    peel_store_can((s), crime(s)->slot != NULL, "the crime data's " #slot, (err))

const char *peel_crime_kind_name(enum peel_crime_kind k)
{
    switch (k) {
    case PEEL_CRIME_STREET:
        return "street";
    case PEEL_CRIME_OUTCOMES:
        return "outcomes";
    case PEEL_CRIME_SEARCH:
        return "stop-and-search";
    default:
        return "unknown";
    }
}

int peel_crime_db_open(peel_store *s, peel_crime_db **out, peel_err *err)
{
    peel_crime_db *db;

    if (CAN(s, open, err) < 0 || CAN(s, chunk_add, err) < 0)
        return -1;
    db = calloc(1, sizeof *db);
    if (!db)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    db->ops = crime(s);
    if (db->ops->open(s, &db->conn, err) < 0) {
        free(db);
        return -1;
    }
    *out = db;
    return 0;
}

void peel_crime_db_close(peel_crime_db *db)
{
    if (!db)
        return;
    db->ops->close(db->conn);
    free(db->chunk);
    free(db);
}

int peel_crime_db_file_named(peel_crime_db *db, const char *name, peel_err *err)
{
    return db->ops->file_named(db->conn, name, err);
}

int peel_crime_db_file_seen(peel_crime_db *db, const char *sha256, int64_t also_id,
                            int64_t *file_id, peel_err *err)
{
    return db->ops->file_seen(db->conn, sha256, also_id, file_id, err);
}

int peel_crime_db_dim(peel_crime_db *db, enum peel_crime_dim kind, peel_str v, int64_t *id,
                      peel_err *err)
{
    return db->ops->dim(db->conn, kind, v, id, err);
}

int peel_crime_db_lsoa(peel_crime_db *db, peel_str code, peel_str name, int64_t *id, peel_err *err)
{
    return db->ops->lsoa(db->conn, code, name, id, err);
}

int peel_crime_db_replace(peel_crime_db *db, enum peel_crime_kind kind, int64_t force_id,
                          peel_month month, int64_t *old_file, peel_err *err)
{
    return db->ops->replace(db->conn, kind, force_id, month, old_file, err);
}

int peel_crime_db_file_add(peel_crime_db *db, peel_crime_file *f, peel_err *err)
{
    return db->ops->file_add(db->conn, f, err);
}

int peel_crime_db_fact_add(peel_crime_db *db, const peel_crime_fact *f, int64_t *rowid,
                           peel_err *err)
{
    *rowid = 0;
    if (!db->chunk && !(db->chunk = malloc(PEEL_CRIME_CHUNK_MAX)))
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    /* A chunk holds one month, at most PEEL_CRIME_CHUNK_ROWS rows, and
     * always has room for the largest row. */
    if (db->chunk_rows &&
        (db->chunk_month != f->month || db->chunk_rows >= PEEL_CRIME_CHUNK_ROWS ||
         db->chunk_len + PEEL_CRIME_CHUNK_ROW_MAX > PEEL_CRIME_CHUNK_MAX) &&
        peel_crime_db_fact_flush(db, rowid, err) < 0)
        return -1;
    peel_crime_chunk_row r = {.lsoa_id = f->lsoa_id,
                              .type_id = f->type_id,
                              .outcome_id = f->outcome_id,
                              .street_id = f->street_id,
                              .context_id = f->context_id,
                              .located = f->at.set,
                              .lat = f->at.set ? f->at.lat : 0,
                              .lon = f->at.set ? f->at.lon : 0};
    db->chunk_len += peel_crime_chunk_put(db->chunk + db->chunk_len, f->crime_id, &r);
    db->chunk_month = f->month;
    db->chunk_rows++;
    return 0;
}

int peel_crime_db_fact_flush(peel_crime_db *db, int64_t *rowid, peel_err *err)
{
    *rowid = 0;
    if (!db->chunk_rows)
        return 0;
    if (db->ops->chunk_add(db->conn, db->chunk_month, db->chunk_rows, db->chunk, db->chunk_len,
                           rowid, err) < 0)
        return -1;
    db->chunk_len = 0;
    db->chunk_rows = 0;
    return 0;
}

int peel_crime_db_counts_add(peel_crime_db *db, peel_month month, int64_t force_id,
                             const peel_crime_count *c, size_t n, peel_err *err)
{
    return db->ops->counts_add(db->conn, month, force_id, c, n, err);
}

int peel_crime_db_outcome_add(peel_crime_db *db, peel_month month, int64_t force_id,
                              peel_str crime_id, int64_t lsoa_id, int64_t outcome_type_id,
                              int64_t *rowid, peel_err *err)
{
    return db->ops->outcome_add(db->conn, month, force_id, crime_id, lsoa_id, outcome_type_id,
                                rowid, err);
}

int peel_crime_db_search_add(peel_crime_db *db, const peel_crime_search_row *r, int64_t *rowid,
                             peel_err *err)
{
    return db->ops->search_add(db->conn, r, rowid, err);
}

int peel_crime_db_refresh_geo(peel_store *s, int64_t from_id, peel_month month, int64_t force_id,
                              peel_err *err)
{
    return CAN(s, refresh_geo, err) < 0 ? -1
                                        : crime(s)->refresh_geo(s, from_id, month, force_id, err);
}

int peel_crime_db_lsoa_next(peel_store *s, int64_t *next, peel_err *err)
{
    return CAN(s, lsoa_next, err) < 0 ? -1 : crime(s)->lsoa_next(s, next, err);
}

int peel_crime_db_bulk_begin(peel_store *s, bool *bulk, peel_err *err)
{
    return CAN(s, bulk_begin, err) < 0 ? -1 : crime(s)->bulk_begin(s, bulk, err);
}

int peel_crime_db_bulk_end(peel_store *s, bool bulk, bool ok, peel_err *err)
{
    return CAN(s, bulk_end, err) < 0 ? -1 : crime(s)->bulk_end(s, bulk, ok, err);
}

int peel_crime_db_bulk(peel_crime_db *db, peel_err *err)
{
    return db->ops->bulk(db->conn, err);
}

int peel_crime_db_savepoint(peel_store *s, peel_err *err)
{
    return CAN(s, savepoint, err) < 0 ? -1 : crime(s)->savepoint(s, err);
}

int peel_crime_db_savepoint_release(peel_store *s, peel_err *err)
{
    return CAN(s, savepoint_release, err) < 0 ? -1 : crime(s)->savepoint_release(s, err);
}

int peel_crime_db_savepoint_rollback(peel_store *s, peel_err *err)
{
    return CAN(s, savepoint_rollback, err) < 0 ? -1 : crime(s)->savepoint_rollback(s, err);
}

int peel_crime_db_area_find(peel_store *s, const char *text, peel_crime_area *out, peel_err *err)
{
    return CAN(s, area_find, err) < 0 ? -1 : crime(s)->area_find(s, text, out, err);
}

int peel_crime_db_areas(peel_store *s, int64_t parent_id, const char *kind, peel_crime_area_cb cb,
                        void *ctx, peel_err *err)
{
    return CAN(s, areas, err) < 0 ? -1 : crime(s)->areas(s, parent_id, kind, cb, ctx, err);
}

int peel_crime_db_districts_with_data(peel_store *s, peel_crime_area_cb cb, void *ctx,
                                      peel_err *err)
{
    return CAN(s, districts_with_data, err) < 0 ? -1
                                                : crime(s)->districts_with_data(s, cb, ctx, err);
}

int peel_crime_db_cells(peel_store *s, const peel_crime_scope *scope, peel_month from,
                        peel_month to, peel_crime_cell_cb cb, void *ctx, peel_err *err)
{
    return CAN(s, cells, err) < 0 ? -1 : crime(s)->cells(s, scope, from, to, cb, ctx, err);
}

int peel_crime_db_dims(peel_store *s, enum peel_crime_dim kind, peel_crime_dim_cb cb, void *ctx,
                       peel_err *err)
{
    return CAN(s, dims, err) < 0 ? -1 : crime(s)->dims(s, kind, cb, ctx, err);
}

int peel_crime_db_lsoas(peel_store *s, const peel_crime_scope *scope, peel_crime_lsoa_cb cb,
                        void *ctx, peel_err *err)
{
    return CAN(s, lsoas, err) < 0 ? -1 : crime(s)->lsoas(s, scope, cb, ctx, err);
}

int peel_crime_db_month_range(peel_store *s, peel_month *first, peel_month *last, peel_err *err)
{
    return CAN(s, month_range, err) < 0 ? -1 : crime(s)->month_range(s, first, last, err);
}

int peel_crime_db_months(peel_store *s, peel_crime_month_cb cb, void *ctx, peel_err *err)
{
    return CAN(s, months, err) < 0 ? -1 : crime(s)->months(s, cb, ctx, err);
}

int peel_crime_db_street_rows(peel_store *s, peel_month from, peel_month to, peel_month pfrom,
                              peel_month pto, peel_crime_street_cb cb, void *ctx, peel_err *err)
{
    return CAN(s, street_rows, err) < 0
               ? -1
               : crime(s)->street_rows(s, from, to, pfrom, pto, cb, ctx, err);
}

int peel_crime_db_lsoa_get(peel_store *s, int64_t id, char **code, char **name, peel_err *err)
{
    return CAN(s, lsoa_get, err) < 0 ? -1 : crime(s)->lsoa_get(s, id, code, name, err);
}

int peel_crime_db_dim_value(peel_store *s, int64_t id, char **value, peel_err *err)
{
    return CAN(s, dim_value, err) < 0 ? -1 : crime(s)->dim_value(s, id, value, err);
}

int peel_crime_db_outcomes_since(peel_store *s, peel_month from, peel_err *err)
{
    return CAN(s, outcomes_since, err) < 0 ? -1 : crime(s)->outcomes_since(s, from, err);
}

int peel_crime_db_outcome_rows(peel_store *s, peel_month from, peel_crime_outcome_row_cb cb,
                               void *ctx, peel_err *err)
{
    return CAN(s, outcome_rows, err) < 0 ? -1 : crime(s)->outcome_rows(s, from, cb, ctx, err);
}

int peel_crime_db_searches_any(peel_store *s, peel_month from, peel_month to, peel_err *err)
{
    return CAN(s, searches_any, err) < 0 ? -1 : crime(s)->searches_any(s, from, to, err);
}

int peel_crime_db_search_rows(peel_store *s, enum peel_crime_dim by, peel_month from, peel_month to,
                              peel_crime_search_row_cb cb, void *ctx, peel_err *err)
{
    return CAN(s, search_rows, err) < 0 ? -1 : crime(s)->search_rows(s, by, from, to, cb, ctx, err);
}

int peel_crime_db_files(peel_store *s, peel_crime_file_cb cb, void *ctx, peel_err *err)
{
    return CAN(s, files, err) < 0 ? -1 : crime(s)->files(s, cb, ctx, err);
}

int peel_crime_db_population(peel_store *s, int64_t area_id, int year, const char *ethnicity,
                             int64_t *pop, char *source, size_t sourcesz, peel_err *err)
{
    return CAN(s, population, err) < 0
               ? -1
               : crime(s)->population(s, area_id, year, ethnicity, pop, source, sourcesz, err);
}

/* ---- whole tables, for `peel copy` ---- */

const peel_crime_table peel_crime_tables[] = {
    {"crime_dim", "id", true, NULL, 3, {"id", "kind", "value"}},
    {"crime_lsoa", "id", true, NULL, 5, {"id", "code", "name", "district_id", "npa_id"}},
    {"crime_file",
     "id",
     true,
     NULL,
     14,
     {"id", "kind", "name", "sha256", "force_id", "month", "rows", "rejected", "first_row",
      "last_row", "imported_at", "user", "replaces", "current"}},
    {"crime_count",
     "lsoa_id, month, type_id, outcome_id, force_id",
     false,
     NULL,
     6,
     {"lsoa_id", "month", "type_id", "outcome_id", "force_id", "n"}},
    {"crime_outcome",
     "id",
     true,
     "crime_id",
     6,
     {"id", "month", "force_id", "crime_id", "lsoa_id", "outcome_type_id"}},
    {"crime_search",
     "id",
     true,
     NULL,
     18,
     {"id", "month", "force_id", "at", "type_id", "operation", "operation_id", "lat", "lon",
      "gender_id", "age_id", "ethnicity_id", "officer_ethnicity_id", "legislation_id", "object_id",
      "outcome_id", "linked", "removal"}},
    {"crime_chunk", "id", true, "data", 4, {"id", "month", "rows", "data"}},
    {"crime_force_lsoa", "force_id, lsoa_id", false, NULL, 2, {"force_id", "lsoa_id"}},
    {NULL, NULL, false, NULL, 0, {NULL}},
};

typedef struct rows_ctx {
    const char *table;
    size_t ncols;
    peel_crime_row_cb cb;
    void *ctx;
} rows_ctx;

static int row_named(void *ctx, const char *table, size_t ncols, const char *const *cells,
                     peel_err *err)
{
    rows_ctx *c = ctx;
    (void)table;
    (void)ncols;
    return c->cb(c->ctx, c->table, c->ncols, cells, err);
}

int peel_crime_db_rows(peel_store *s, peel_crime_row_cb cb, void *ctx, peel_err *err)
{
    if (CAN(s, table_rows, err) < 0)
        return -1;
    for (const peel_crime_table *t = peel_crime_tables; t->name; t++) {
        rows_ctx c = {t->name, t->ncols, cb, ctx};
        int rc = crime(s)->table_rows(s, t, row_named, &c, err);
        if (rc != 0)
            return rc < 0 ? -1 : 0;
    }
    return 0;
}

typedef struct put_ctx {
    peel_store *to;
    const peel_crime_table *t;
    int64_t rows;
} put_ctx;

static int row_put(void *ctx, const char *table, size_t ncols, const char *const *cells,
                   peel_err *err)
{
    put_ctx *c = ctx;
    (void)table;
    (void)ncols;
    /* "No location" (id 0) is made by the migration on every database. */
    if (!strcmp(c->t->name, "crime_lsoa") && cells[0] && !strcmp(cells[0], "0"))
        return 0;
    c->rows++;
    return crime(c->to)->table_put(c->to, c->t, cells, err);
}

int peel_crime_db_copy(peel_store *from, peel_store *to, int64_t *rows, peel_err *err)
{
    put_ctx c = {.to = to};

    if (CAN(from, table_rows, err) < 0 || CAN(to, table_put, err) < 0)
        return -1;
    for (const peel_crime_table *t = peel_crime_tables; t->name; t++) {
        c.t = t;
        if (crime(from)->table_rows(from, t, row_put, &c, err) < 0) {
            peel_err_prefix(err, "copying %s", t->name);
            return -1;
        }
        if (crime(to)->table_done && crime(to)->table_done(to, t, err) < 0)
            return -1;
    }
    *rows = c.rows;
    return 0;
}
