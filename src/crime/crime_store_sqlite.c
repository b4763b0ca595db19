/* crime_store_sqlite.c - the crime tables in SQLite: their migrations and
 * every statement the importer and the figures run (crime_db.h).
 *
 * Designed for the bulk load.  Every repeated text value becomes a small
 * integer through crime_dim / crime_lsoa / crime_location, with an in-memory
 * cache in front so most rows touch no index at all.  Street rows are packed
 * into blobs of up to 4,096 (crime_chunk, one insert per chunk); a file's
 * chunks are a contiguous rowid range recorded in crime_file, which is how a
 * month is replaced, and repeat locations and the Crime ID join to outcomes
 * decode a period's chunks in C.  crime_count holds the sums the Panel's figures need
 * (LSOA x month x type x outcome x force), written once per file from the
 * importer's in-memory totals, keyed LSOA first so a district's 36 months is
 * ~100 short range scans.
 */
#include <stdlib.h>
#include <string.h>

#include "crime/crime_db.h"
#include "core/clock.h"
#include "crime/chunk.h"
#include "crime/intern.h"
#include "store/sqlite/sqlite.h"

const peel_migration peel_crime_migrations[] = {
    {100, "crime engine tables",
     "CREATE TABLE crime_dim (id INTEGER PRIMARY KEY, kind INTEGER NOT NULL,"
     " value TEXT NOT NULL, UNIQUE (kind, value));"
     "CREATE TABLE crime_lsoa (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE,"
     " name TEXT NOT NULL, district_id INTEGER, npa_id INTEGER);"
     "INSERT INTO crime_lsoa (id, code, name) VALUES (0, '', 'No location');"
     "CREATE INDEX crime_lsoa_district ON crime_lsoa (district_id);"
     "CREATE INDEX crime_lsoa_npa ON crime_lsoa (npa_id);"
     "CREATE TABLE crime_location (id INTEGER PRIMARY KEY, name TEXT NOT NULL,"
     " lat INTEGER, lon INTEGER, UNIQUE (name, lat, lon));"
     "CREATE TABLE crime_file (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL,"
     " sha256 TEXT NOT NULL, force_id INTEGER NOT NULL, month INTEGER NOT NULL,"
     " rows INTEGER NOT NULL, rejected INTEGER NOT NULL DEFAULT 0,"
     " first_row INTEGER NOT NULL DEFAULT 0, last_row INTEGER NOT NULL DEFAULT 0,"
     " imported_at TEXT NOT NULL, user TEXT NOT NULL, replaces INTEGER NOT NULL DEFAULT 0,"
     " current INTEGER NOT NULL DEFAULT 1);"
     "CREATE INDEX crime_file_sha ON crime_file (sha256);"
     "CREATE INDEX crime_file_key ON crime_file (kind, force_id, month);"
     "CREATE TABLE crime_fact (id INTEGER PRIMARY KEY, month INTEGER NOT NULL,"
     " force_id INTEGER NOT NULL, lsoa_id INTEGER NOT NULL, type_id INTEGER NOT NULL,"
     " outcome_id INTEGER NOT NULL, location_id INTEGER NOT NULL, lat INTEGER, lon INTEGER,"
     " crime_id BLOB, context_id INTEGER NOT NULL DEFAULT 0);"
     "CREATE TABLE crime_count (lsoa_id INTEGER NOT NULL, month INTEGER NOT NULL,"
     " type_id INTEGER NOT NULL, outcome_id INTEGER NOT NULL, force_id INTEGER NOT NULL,"
     " n INTEGER NOT NULL, PRIMARY KEY (lsoa_id, month, type_id, outcome_id, force_id))"
     " WITHOUT ROWID;"
     "CREATE INDEX crime_count_month ON crime_count (month, force_id);"
     "CREATE TABLE crime_outcome (id INTEGER PRIMARY KEY, month INTEGER NOT NULL,"
     " force_id INTEGER NOT NULL, crime_id BLOB NOT NULL, lsoa_id INTEGER NOT NULL,"
     " outcome_type_id INTEGER NOT NULL);"
     "CREATE TABLE crime_search (id INTEGER PRIMARY KEY, month INTEGER NOT NULL,"
     " force_id INTEGER NOT NULL, at TEXT NOT NULL, type_id INTEGER NOT NULL,"
     " operation INTEGER, operation_id INTEGER NOT NULL, lat INTEGER, lon INTEGER,"
     " gender_id INTEGER NOT NULL, age_id INTEGER NOT NULL, ethnicity_id INTEGER NOT NULL,"
     " officer_ethnicity_id INTEGER NOT NULL, legislation_id INTEGER NOT NULL,"
     " object_id INTEGER NOT NULL, outcome_id INTEGER NOT NULL, linked INTEGER,"
     " removal INTEGER);"},
    /* Street rows packed a few thousand to a blob (see "crime_chunk" above
     * fact_add): one SQLite insert per chunk instead of per row.  Earlier
     * street imports lose their row ranges and are marked so that importing
     * the same files again re-imports them (their counts are kept). */
    {101, "crime street rows in chunks",
     "CREATE TABLE crime_chunk (id INTEGER PRIMARY KEY, month INTEGER NOT NULL,"
     " rows INTEGER NOT NULL, data BLOB NOT NULL);"
     "UPDATE crime_file SET first_row = 0, last_row = 0, sha256 = sha256 || '-v100'"
     " WHERE kind = 'street';"
     "DROP TABLE crime_fact;"},
    {0, NULL, NULL}};

/* Prepared statements, made on first use and kept for the handle's life. */
enum {
    ST_FILE_SEEN,
    ST_DIM_GET,
    ST_DIM_PUT,
    ST_LSOA_GET,
    ST_LSOA_PUT,
    ST_LOC_GET,
    ST_LOC_PUT,
    ST_FILE_CURRENT,
    ST_FACT_DEL,
    ST_OUTCOME_DEL,
    ST_SEARCH_DEL,
    ST_COUNT_DEL,
    ST_FILE_RETIRE,
    ST_FILE_ADD,
    ST_FACT_ADD,
    ST_COUNT_ADD,
    ST_OUTCOME_ADD,
    ST_SEARCH_ADD,
    ST_COUNT
};

static const char *const sql_text[ST_COUNT] = {
    [ST_FILE_SEEN] = "SELECT id FROM crime_file WHERE sha256 = ? AND (current = 1 OR id = ?)",
    [ST_DIM_GET] = "SELECT id FROM crime_dim WHERE kind = ? AND value = ?",
    [ST_DIM_PUT] = "INSERT INTO crime_dim (kind, value) VALUES (?, ?)",
    [ST_LSOA_GET] = "SELECT id FROM crime_lsoa WHERE code = ?",
    [ST_LSOA_PUT] = "INSERT INTO crime_lsoa (code, name) VALUES (?, ?)",
    [ST_LOC_GET] = "SELECT id FROM crime_location WHERE name = ? AND lat IS ? AND lon IS ?",
    [ST_LOC_PUT] = "INSERT INTO crime_location (name, lat, lon) VALUES (?, ?, ?)",
    [ST_FILE_CURRENT] = "SELECT id, first_row, last_row FROM crime_file"
                        " WHERE kind = ? AND force_id = ? AND month = ? AND current = 1",
    [ST_FACT_DEL] = "DELETE FROM crime_chunk WHERE id BETWEEN ? AND ?",
    [ST_OUTCOME_DEL] = "DELETE FROM crime_outcome WHERE id BETWEEN ? AND ?",
    [ST_SEARCH_DEL] = "DELETE FROM crime_search WHERE id BETWEEN ? AND ?",
    [ST_COUNT_DEL] = "DELETE FROM crime_count WHERE month = ? AND force_id = ?",
    [ST_FILE_RETIRE] = "UPDATE crime_file SET current = 0 WHERE id = ?",
    [ST_FILE_ADD] = "INSERT INTO crime_file (kind, name, sha256, force_id, month, rows, rejected,"
                    " first_row, last_row, imported_at, user, replaces)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [ST_FACT_ADD] = "INSERT INTO crime_chunk (month, rows, data) VALUES (?, ?, ?)",
    [ST_COUNT_ADD] = "INSERT INTO crime_count (lsoa_id, month, type_id, outcome_id, force_id, n)"
                     " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n",
    [ST_OUTCOME_ADD] = "INSERT INTO crime_outcome (month, force_id, crime_id, lsoa_id,"
                       " outcome_type_id) VALUES (?, ?, ?, ?, ?)",
    [ST_SEARCH_ADD] = "INSERT INTO crime_search (month, force_id, at, type_id, operation,"
                      " operation_id, lat, lon, gender_id, age_id, ethnicity_id,"
                      " officer_ethnicity_id, legislation_id, object_id, outcome_id, linked,"
                      " removal) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
};

struct peel_crime_db {
    peel_store *store;
    sqlite3 *db;
    sqlite3_stmt *st[ST_COUNT];
    peel_crime_intern dims, lsoas, locations;
    bool bulk;
    /* The chunk being filled (fact_add / fact_flush). */
    unsigned char *chunk;
    size_t chunk_len;
    int64_t chunk_rows;
    peel_month chunk_month;
};

/* A chunk holds up to PEEL_CRIME_CHUNK_ROWS rows of one file (one month),
 * in the format of chunk.h. */

int peel_crime_db_open(peel_store *s, peel_crime_db **out, peel_err *err)
{
    peel_crime_db *db = calloc(1, sizeof *db);
    if (!db)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    db->store = s;
    db->db = peel_store_sqlite_db(s);
    peel_crime_intern_init(&db->dims, 1u << 16);
    peel_crime_intern_init(&db->lsoas, 1u << 16);
    peel_crime_intern_init(&db->locations, 1u << 17);
    *out = db;
    return 0;
}

void peel_crime_db_close(peel_crime_db *db)
{
    if (!db)
        return;
    for (int i = 0; i < ST_COUNT; i++)
        sqlite3_finalize(db->st[i]);
    if (db->bulk)
        sqlite3_exec(db->db, "PRAGMA cache_size = -2000", NULL, NULL, NULL);
    peel_crime_intern_release(&db->dims);
    peel_crime_intern_release(&db->lsoas);
    peel_crime_intern_release(&db->locations);
    free(db->chunk);
    free(db);
}

int peel_crime_db_bulk(peel_crime_db *db, peel_err *err)
{
    /* 24 MiB of pages: the count table's and dimensions' indexes stay in
     * memory while the import stays under its 64 MiB budget. */
    if (sqlite3_exec(db->db, "PRAGMA cache_size = -24576", NULL, NULL, NULL) != SQLITE_OK)
        return peel_store_sqlite_err(db->store, err, "setting the page cache");
    db->bulk = true;
    return 0;
}

int peel_crime_db_bulk_begin(peel_store *s, bool *bulk, peel_err *err)
{
    sqlite3 *db = peel_store_sqlite_db(s);
    sqlite3_stmt *st;
    *bulk = false;
    /* Leaving WAL needs every other connection gone: do not wait for them,
     * load in WAL instead (slower, equally safe). */
    sqlite3_busy_timeout(db, 0);
    if (sqlite3_prepare_v2(db, "PRAGMA journal_mode = DELETE", -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW) {
            const char *mode = (const char *)sqlite3_column_text(st, 0);
            *bulk = mode && !strcmp(mode, "delete");
        }
        sqlite3_finalize(st);
    }
    sqlite3_busy_timeout(db, 5000);
    return peel_store_begin(s, err);
}

int peel_crime_db_bulk_end(peel_store *s, bool bulk, bool ok, peel_err *err)
{
    int rc = 0;
    if (ok)
        rc = peel_store_commit(s, err);
    if (!ok || rc < 0)
        peel_store_rollback(s);
    /* Back to WAL for readers; if that fails the next open sets it again. */
    if (bulk)
        sqlite3_exec(peel_store_sqlite_db(s), "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
    return rc;
}

static sqlite3_stmt *stmt(peel_crime_db *db, int which, peel_err *err)
{
    if (!db->st[which] &&
        sqlite3_prepare_v3(db->db, sql_text[which], -1, SQLITE_PREPARE_PERSISTENT,
                           &db->st[which], NULL) != SQLITE_OK) {
        peel_store_sqlite_err(db->store, err, "preparing a crime statement");
        return NULL;
    }
    sqlite3_reset(db->st[which]);
    sqlite3_clear_bindings(db->st[which]);
    return db->st[which];
}

static int step_done(peel_crime_db *db, sqlite3_stmt *st, peel_err *err, const char *what)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return peel_store_sqlite_err(db->store, err, what);
    return 0;
}

static void bind_str(sqlite3_stmt *st, int col, peel_str v)
{
    /* SQLITE_STATIC: the view outlives the step (the CSV buffer is not
     * advanced until the row is stored). */
    sqlite3_bind_text(st, col, v.n ? v.p : "", (int)v.n, SQLITE_STATIC);
}

static void bind_opt_int(sqlite3_stmt *st, int col, bool set, int64_t v)
{
    if (set)
        sqlite3_bind_int64(st, col, v);
    else
        sqlite3_bind_null(st, col);
}

int peel_crime_db_file_seen(peel_crime_db *db, const char *sha256, int64_t also_id,
                            int64_t *file_id, peel_err *err)
{
    sqlite3_stmt *st = stmt(db, ST_FILE_SEEN, err);
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, sha256, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, also_id);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *file_id = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        return 1;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : peel_store_sqlite_err(db->store, err, "finding a file");
}

/* Looks a key up with get, inserting with put when absent. */
static int lookup_or_add(peel_crime_db *db, sqlite3_stmt *get, int put_which,
                         void (*bind_put)(sqlite3_stmt *, const void *), const void *arg,
                         int64_t *id, peel_err *err)
{
    int rc = sqlite3_step(get);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(get, 0);
        sqlite3_reset(get);
        return 0;
    }
    sqlite3_reset(get);
    if (rc != SQLITE_DONE)
        return peel_store_sqlite_err(db->store, err, "looking up a dimension");
    sqlite3_stmt *put = stmt(db, put_which, err);
    if (!put)
        return -1;
    bind_put(put, arg);
    if (step_done(db, put, err, "adding a dimension") < 0)
        return -1;
    *id = sqlite3_last_insert_rowid(db->db);
    return 0;
}

struct dim_arg {
    int kind;
    peel_str v;
};

static void bind_dim(sqlite3_stmt *st, const void *arg)
{
    const struct dim_arg *a = arg;
    sqlite3_bind_int(st, 1, a->kind);
    bind_str(st, 2, a->v);
}

int peel_crime_db_dim(peel_crime_db *db, enum peel_crime_dim kind, peel_str v, int64_t *id,
                      peel_err *err)
{
    char key[512];
    if (v.n == 0) {
        *id = 0;
        return 0;
    }
    size_t kn = v.n < sizeof key - 1 ? v.n : 0;
    if (kn) {
        key[0] = (char)kind;
        memcpy(key + 1, v.p, v.n);
        if (peel_crime_intern_get(&db->dims, key, kn + 1, id))
            return 0;
    }
    sqlite3_stmt *get = stmt(db, ST_DIM_GET, err);
    if (!get)
        return -1;
    sqlite3_bind_int(get, 1, (int)kind);
    bind_str(get, 2, v);
    struct dim_arg a = {(int)kind, v};
    if (lookup_or_add(db, get, ST_DIM_PUT, bind_dim, &a, id, err) < 0)
        return -1;
    if (kn && peel_crime_intern_put(&db->dims, key, kn + 1, *id) < 0)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    return 0;
}

struct lsoa_arg {
    peel_str code, name;
};

static void bind_lsoa(sqlite3_stmt *st, const void *arg)
{
    const struct lsoa_arg *a = arg;
    bind_str(st, 1, a->code);
    bind_str(st, 2, a->name);
}

int peel_crime_db_lsoa(peel_crime_db *db, peel_str code, peel_str name, int64_t *id,
                       peel_err *err)
{
    if (code.n == 0) {
        *id = 0;
        return 0;
    }
    if (peel_crime_intern_get(&db->lsoas, code.p, code.n, id))
        return 0;
    sqlite3_stmt *get = stmt(db, ST_LSOA_GET, err);
    if (!get)
        return -1;
    bind_str(get, 1, code);
    struct lsoa_arg a = {code, name};
    if (lookup_or_add(db, get, ST_LSOA_PUT, bind_lsoa, &a, id, err) < 0)
        return -1;
    if (peel_crime_intern_put(&db->lsoas, code.p, code.n, *id) < 0)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    return 0;
}

struct loc_arg {
    peel_str name;
    const peel_crime_point *at;
};

static void bind_loc(sqlite3_stmt *st, const void *arg)
{
    const struct loc_arg *a = arg;
    bind_str(st, 1, a->name);
    bind_opt_int(st, 2, a->at->set, a->at->lat);
    bind_opt_int(st, 3, a->at->set, a->at->lon);
}

int peel_crime_db_location(peel_crime_db *db, peel_str name, const peel_crime_point *at,
                           int64_t *id, peel_err *err)
{
    char key[300];
    if (name.n == 0 && !at->set) {
        *id = 0;
        return 0;
    }
    size_t kn = 0;
    if (name.n + 9 < sizeof key) {
        memcpy(key, &at->lat, 4);
        memcpy(key + 4, &at->lon, 4);
        key[8] = at->set;
        memcpy(key + 9, name.p, name.n);
        kn = name.n + 9;
        if (peel_crime_intern_get(&db->locations, key, kn, id))
            return 0;
    }
    sqlite3_stmt *get = stmt(db, ST_LOC_GET, err);
    if (!get)
        return -1;
    struct loc_arg a = {name, at};
    bind_loc(get, &a);
    if (lookup_or_add(db, get, ST_LOC_PUT, bind_loc, &a, id, err) < 0)
        return -1;
    if (kn && peel_crime_intern_put(&db->locations, key, kn, *id) < 0)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    return 0;
}

int peel_crime_db_replace(peel_crime_db *db, enum peel_crime_kind kind, int64_t force_id,
                          peel_month month, int64_t *old_file, peel_err *err)
{
    sqlite3_stmt *st = stmt(db, ST_FILE_CURRENT, err);
    int64_t fid, first, last;
    int found = 0;

    *old_file = 0;
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, peel_crime_kind_name(kind), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, force_id);
    sqlite3_bind_int(st, 3, month);
    /* Normally one; loop in case an interrupted history left more. */
    for (;;) {
        int rc = sqlite3_step(st);
        if (rc == SQLITE_DONE)
            break;
        if (rc != SQLITE_ROW) {
            sqlite3_reset(st);
            return peel_store_sqlite_err(db->store, err, "finding the month's import");
        }
        fid = sqlite3_column_int64(st, 0);
        first = sqlite3_column_int64(st, 1);
        last = sqlite3_column_int64(st, 2);
        sqlite3_reset(st);
        int del = kind == PEEL_CRIME_STREET     ? ST_FACT_DEL
                  : kind == PEEL_CRIME_OUTCOMES ? ST_OUTCOME_DEL
                                                : ST_SEARCH_DEL;
        sqlite3_stmt *d = stmt(db, del, err);
        if (!d)
            return -1;
        sqlite3_bind_int64(d, 1, first);
        sqlite3_bind_int64(d, 2, last);
        if (first > 0 && step_done(db, d, err, "removing the month's rows") < 0)
            return -1;
        if (kind == PEEL_CRIME_STREET) {
            sqlite3_stmt *c = stmt(db, ST_COUNT_DEL, err);
            if (!c)
                return -1;
            sqlite3_bind_int(c, 1, month);
            sqlite3_bind_int64(c, 2, force_id);
            if (step_done(db, c, err, "removing the month's counts") < 0)
                return -1;
        }
        sqlite3_stmt *r = stmt(db, ST_FILE_RETIRE, err);
        if (!r)
            return -1;
        sqlite3_bind_int64(r, 1, fid);
        if (step_done(db, r, err, "retiring an import") < 0)
            return -1;
        *old_file = fid;
        found = 1;
        st = stmt(db, ST_FILE_CURRENT, err);
        if (!st)
            return -1;
        sqlite3_bind_text(st, 1, peel_crime_kind_name(kind), -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, force_id);
        sqlite3_bind_int(st, 3, month);
    }
    sqlite3_reset(st);
    return found;
}

int peel_crime_db_file_add(peel_crime_db *db, peel_crime_file *f, peel_err *err)
{
    sqlite3_stmt *st = stmt(db, ST_FILE_ADD, err);
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, peel_crime_kind_name(f->kind), -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, f->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, f->sha256, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, f->force_id);
    sqlite3_bind_int(st, 5, f->month);
    sqlite3_bind_int64(st, 6, f->rows);
    sqlite3_bind_int64(st, 7, f->rejected);
    sqlite3_bind_int64(st, 8, f->first_row);
    sqlite3_bind_int64(st, 9, f->last_row);
    sqlite3_bind_text(st, 10, f->at, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 11, f->user, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 12, f->replaces);
    if (step_done(db, st, err, "recording the import") < 0)
        return -1;
    f->id = sqlite3_last_insert_rowid(db->db);
    return 0;
}

/* police.uk Crime IDs are 64 lowercase hex digits: stored as 32 bytes.  Any
 * other text is stored as it is (a text value never equals a 32-byte blob
 * because of its type). */
static void bind_crime_id(sqlite3_stmt *st, int col, peel_str id, unsigned char blob[32])
{
    if (id.n == 0)
        sqlite3_bind_null(st, col);
    else if (peel_crime_id_binary(id, blob))
        sqlite3_bind_blob(st, col, blob, 32, SQLITE_STATIC);
    else
        bind_str(st, col, id);
}

int peel_crime_db_fact_flush(peel_crime_db *db, int64_t *rowid, peel_err *err)
{
    *rowid = 0;
    if (!db->chunk_rows)
        return 0;
    sqlite3_stmt *st = db->st[ST_FACT_ADD];
    if (!st && !(st = stmt(db, ST_FACT_ADD, err)))
        return -1;
    sqlite3_bind_int(st, 1, db->chunk_month);
    sqlite3_bind_int64(st, 2, db->chunk_rows);
    sqlite3_bind_blob(st, 3, db->chunk, (int)db->chunk_len, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return peel_store_sqlite_err(db->store, err, "storing crimes");
    *rowid = sqlite3_last_insert_rowid(db->db);
    db->chunk_len = 0;
    db->chunk_rows = 0;
    return 0;
}

int peel_crime_db_fact_add(peel_crime_db *db, const peel_crime_fact *f, int64_t *rowid,
                           peel_err *err)
{
    *rowid = 0;
    if (!db->chunk && !(db->chunk = malloc(PEEL_CRIME_CHUNK_MAX)))
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    if (db->chunk_rows &&
        (db->chunk_month != f->month || db->chunk_rows >= PEEL_CRIME_CHUNK_ROWS ||
         db->chunk_len + PEEL_CRIME_CHUNK_ROW_MAX > PEEL_CRIME_CHUNK_MAX) &&
        peel_crime_db_fact_flush(db, rowid, err) < 0)
        return -1;
    db->chunk_len += peel_crime_chunk_put(db->chunk + db->chunk_len, f->crime_id, f->lsoa_id,
                                          f->type_id, f->outcome_id, f->location_id,
                                          f->context_id);
    db->chunk_month = f->month;
    db->chunk_rows++;
    return 0;
}

int peel_crime_db_count_add(peel_crime_db *db, int64_t lsoa_id, peel_month month,
                            int64_t type_id, int64_t outcome_id, int64_t force_id, int64_t n,
                            peel_err *err)
{
    sqlite3_stmt *st = stmt(db, ST_COUNT_ADD, err);
    if (!st)
        return -1;
    sqlite3_bind_int64(st, 1, lsoa_id);
    sqlite3_bind_int(st, 2, month);
    sqlite3_bind_int64(st, 3, type_id);
    sqlite3_bind_int64(st, 4, outcome_id);
    sqlite3_bind_int64(st, 5, force_id);
    sqlite3_bind_int64(st, 6, n);
    return step_done(db, st, err, "storing counts");
}

int peel_crime_db_outcome_add(peel_crime_db *db, peel_month month, int64_t force_id,
                              peel_str crime_id, int64_t lsoa_id, int64_t outcome_type_id,
                              int64_t *rowid, peel_err *err)
{
    unsigned char blob[32];
    sqlite3_stmt *st = stmt(db, ST_OUTCOME_ADD, err);
    if (!st)
        return -1;
    sqlite3_bind_int(st, 1, month);
    sqlite3_bind_int64(st, 2, force_id);
    bind_crime_id(st, 3, crime_id, blob);
    sqlite3_bind_int64(st, 4, lsoa_id);
    sqlite3_bind_int64(st, 5, outcome_type_id);
    if (step_done(db, st, err, "storing an outcome") < 0)
        return -1;
    *rowid = sqlite3_last_insert_rowid(db->db);
    return 0;
}

static void bind_tristate(sqlite3_stmt *st, int col, int v)
{
    bind_opt_int(st, col, v >= 0, v);
}

int peel_crime_db_search_add(peel_crime_db *db, const peel_crime_search_row *r, int64_t *rowid,
                             peel_err *err)
{
    sqlite3_stmt *st = stmt(db, ST_SEARCH_ADD, err);
    if (!st)
        return -1;
    sqlite3_bind_int(st, 1, r->month);
    sqlite3_bind_int64(st, 2, r->force_id);
    bind_str(st, 3, r->date);
    sqlite3_bind_int64(st, 4, r->type_id);
    bind_tristate(st, 5, r->operation);
    sqlite3_bind_int64(st, 6, r->operation_id);
    bind_opt_int(st, 7, r->at.set, r->at.lat);
    bind_opt_int(st, 8, r->at.set, r->at.lon);
    sqlite3_bind_int64(st, 9, r->gender_id);
    sqlite3_bind_int64(st, 10, r->age_id);
    sqlite3_bind_int64(st, 11, r->ethnicity_id);
    sqlite3_bind_int64(st, 12, r->officer_ethnicity_id);
    sqlite3_bind_int64(st, 13, r->legislation_id);
    sqlite3_bind_int64(st, 14, r->object_id);
    sqlite3_bind_int64(st, 15, r->outcome_id);
    bind_tristate(st, 16, r->linked);
    bind_tristate(st, 17, r->removal);
    if (step_done(db, st, err, "storing a stop and search") < 0)
        return -1;
    *rowid = sqlite3_last_insert_rowid(db->db);
    return 0;
}

/* ---- one-shot queries ---- */

static int prep(peel_store *s, const char *sql, sqlite3_stmt **st, peel_err *err)
{
    if (sqlite3_prepare_v2(peel_store_sqlite_db(s), sql, -1, st, NULL) != SQLITE_OK)
        return peel_store_sqlite_err(s, err, "preparing a crime query");
    return 0;
}

static int exec1(peel_store *s, const char *sql, peel_err *err, const char *what)
{
    sqlite3_stmt *st;
    if (prep(s, sql, &st, err) < 0)
        return -1;
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : peel_store_sqlite_err(s, err, what);
}

int peel_crime_db_refresh_geo(peel_store *s, peel_err *err)
{
    /* "Charnwood 012B" -> "charnwood": the name less its last five characters. */
    if (exec1(s,
              "UPDATE crime_lsoa SET district_id = COALESCE("
              " (SELECT d.id FROM area l JOIN area d ON d.id = l.parent"
              "  WHERE l.kind = 'lsoa' AND l.code = crime_lsoa.code AND d.kind = 'district'),"
              " (SELECT d.id FROM area d WHERE d.kind = 'district' AND length(crime_lsoa.name) > 5"
              "  AND lower(d.name) = lower(substr(crime_lsoa.name, 1,"
              "   length(crime_lsoa.name) - 5)))),"
              " npa_id = (SELECT l.npa FROM area l WHERE l.kind = 'lsoa'"
              "  AND l.code = crime_lsoa.code)"
              " WHERE id <> 0",
              err, "placing LSOAs in districts") < 0)
        return -1;
    return 0;
}

static void copy_col(char *dst, size_t dstsz, sqlite3_stmt *st, int col)
{
    const char *v = (const char *)sqlite3_column_text(st, col);
    snprintf(dst, dstsz, "%s", v ? v : "");
}

static void area_of(sqlite3_stmt *st, peel_crime_area *a)
{
    a->id = sqlite3_column_int64(st, 0);
    copy_col(a->code, sizeof a->code, st, 1);
    copy_col(a->name, sizeof a->name, st, 2);
    copy_col(a->kind, sizeof a->kind, st, 3);
}

/* Steps st (SELECT id, code, name, kind), handing each area to cb, and
 * finalizes it; what names the listing in an error. */
static int each_area(peel_store *s, sqlite3_stmt *st, peel_crime_area_cb cb, void *ctx,
                     const char *what, peel_err *err)
{
    int rc = 0, s_rc;
    while ((s_rc = sqlite3_step(st)) == SQLITE_ROW) {
        peel_crime_area a;
        area_of(st, &a);
        if ((rc = cb(ctx, &a, err)) != 0)
            break;
    }
    if (rc == 0 && s_rc != SQLITE_DONE)
        rc = peel_store_sqlite_err(s, err, what);
    sqlite3_finalize(st);
    return rc < 0 ? -1 : 0;
}

int peel_crime_db_area_find(peel_store *s, const char *text, peel_crime_area *out, peel_err *err)
{
    sqlite3_stmt *st;
    if (prep(s,
             "SELECT id, code, name, kind FROM area WHERE kind IN ('force', 'district', 'npa')"
             " AND (lower(code) = lower(?1) OR lower(name) = lower(?1))"
             " ORDER BY CASE kind WHEN 'force' THEN 0 WHEN 'district' THEN 1 ELSE 2 END"
             " LIMIT 1",
             &st, err) < 0)
        return -1;
    sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        area_of(st, out);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return peel_store_sqlite_err(s, err, "finding an area");
    return rc == SQLITE_ROW;
}

int peel_crime_db_areas(peel_store *s, int64_t parent_id, const char *kind, peel_crime_area_cb cb,
                        void *ctx, peel_err *err)
{
    sqlite3_stmt *st;
    if (prep(s,
             "SELECT id, code, name, kind FROM area WHERE"
             " CASE WHEN ?1 > 0 THEN parent = ?1 AND kind = ?2"
             " ELSE kind IN ('force', 'district', 'npa') END"
             " ORDER BY CASE kind WHEN 'force' THEN 0 WHEN 'district' THEN 1 ELSE 2 END, name",
             &st, err) < 0)
        return -1;
    sqlite3_bind_int64(st, 1, parent_id);
    sqlite3_bind_text(st, 2, kind ? kind : "", -1, SQLITE_STATIC);
    return each_area(s, st, cb, ctx, "listing areas", err);
}

int peel_crime_db_districts_with_data(peel_store *s, peel_crime_area_cb cb, void *ctx,
                                      peel_err *err)
{
    sqlite3_stmt *st;
    if (prep(s,
             "SELECT a.id, a.code, a.name, a.kind FROM area a WHERE a.kind = 'district'"
             " AND EXISTS (SELECT 1 FROM crime_lsoa l JOIN crime_count c ON c.lsoa_id = l.id"
             " WHERE l.district_id = a.id) ORDER BY a.name, a.code",
             &st, err) < 0)
        return -1;
    return each_area(s, st, cb, ctx, "listing districts", err);
}

int peel_crime_db_area_upsert(peel_store *s, const char *code, const char *name,
                              const char *kind, int64_t parent_id, int vintage, int64_t *id,
                              enum peel_crime_area_change *change, peel_err *err)
{
    sqlite3_stmt *st;
    char now[21];
    bool created;
    peel_clock_format(peel_clock_now(), now);
    if (prep(s, "SELECT id FROM area WHERE code = ?", &st, err) < 0)
        return -1;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    created = rc == SQLITE_DONE;
    if (rc == SQLITE_ROW)
        *id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return peel_store_sqlite_err(s, err, "finding an area");
    if (created) {
        if (prep(s,
                 "INSERT INTO area (created_at, updated_at, code, name, kind, parent, vintage,"
                 " publish) VALUES (?1, ?1, ?2, ?3, ?4, NULLIF(?5, 0), NULLIF(?6, 0), 1)",
                 &st, err) < 0)
            return -1;
    } else {
        /* A source of an older census than the record's changes nothing but
         * an undecided publish (a code in both keeps the newer name and
         * district, whatever the order of the files).  Only a row that
         * differs is written, so *change can say whether anything did. */
        if (prep(s,
                 "UPDATE area SET updated_at = ?1,"
                 " name = CASE WHEN IFNULL(vintage, 0) <= ?6 THEN ?3 ELSE name END,"
                 " kind = CASE WHEN IFNULL(vintage, 0) <= ?6 THEN ?4 ELSE kind END,"
                 " parent = CASE WHEN IFNULL(vintage, 0) <= ?6 THEN NULLIF(?5, 0) ELSE parent END,"
                 " vintage = CASE WHEN IFNULL(vintage, 0) <= ?6 THEN NULLIF(?6, 0)"
                 "  ELSE vintage END,"
                 " publish = IFNULL(publish, 1) WHERE code = ?2 AND (publish IS NULL OR"
                 " (IFNULL(vintage, 0) <= ?6 AND (name IS NOT ?3 OR kind IS NOT ?4"
                 " OR parent IS NOT NULLIF(?5, 0) OR vintage IS NOT NULLIF(?6, 0))))",
                 &st, err) < 0)
            return -1;
    }
    sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, code, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, kind, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 5, parent_id);
    sqlite3_bind_int(st, 6, vintage);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return peel_store_sqlite_err(s, err, "storing an area");
    if (created) {
        *id = sqlite3_last_insert_rowid(peel_store_sqlite_db(s));
        *change = PEEL_CRIME_AREA_ADDED;
    } else {
        *change = sqlite3_changes(peel_store_sqlite_db(s)) ? PEEL_CRIME_AREA_UPDATED
                                                            : PEEL_CRIME_AREA_UNCHANGED;
    }
    return 0;
}

/* The LSOAs of a scope, as a SQL condition on crime_lsoa alias l with the
 * area id in ?3.  Chosen from a fixed list: never built from input. */
static const char *scope_cond(const peel_crime_scope *scope)
{
    if (!strcmp(scope->kind, "district"))
        return "l.district_id = ?3";
    /* An NPA mapping imported after the crimes counts at once (the LSOAs'
     * npa_id is refreshed only by the next crime import). */
    if (!strcmp(scope->kind, "npa"))
        return "(l.npa_id = ?3 OR l.code IN (SELECT a.code FROM area a"
               " WHERE a.kind = 'lsoa' AND a.npa = ?3))";
    if (!strcmp(scope->kind, "force"))
        return "l.district_id IN (SELECT id FROM area WHERE parent = ?3 AND kind = 'district')";
    return "?3 = ?3";
}

int peel_crime_db_cells(peel_store *s, const peel_crime_scope *scope, peel_month from,
                        peel_month to, peel_crime_cell_cb cb, void *ctx, peel_err *err)
{
    char sql[1024];
    sqlite3_stmt *st;
    int rc = 0, s_rc;
    snprintf(sql, sizeof sql,
             "SELECT c.month, c.type_id, c.outcome_id, c.lsoa_id, IFNULL(l.district_id, 0),"
             " IFNULL(l.npa_id, 0), c.n, c.force_id FROM crime_lsoa l"
             " JOIN crime_count c ON c.lsoa_id = l.id AND c.month BETWEEN ?1 AND ?2"
             " WHERE %s",
             scope_cond(scope));
    if (prep(s, sql, &st, err) < 0)
        return -1;
    sqlite3_bind_int(st, 1, from);
    sqlite3_bind_int(st, 2, to);
    sqlite3_bind_int64(st, 3, scope->area_id);
    while ((s_rc = sqlite3_step(st)) == SQLITE_ROW) {
        peel_crime_cell c = {
            .month = sqlite3_column_int(st, 0),
            .type_id = sqlite3_column_int64(st, 1),
            .outcome_id = sqlite3_column_int64(st, 2),
            .lsoa_id = sqlite3_column_int64(st, 3),
            .district_id = sqlite3_column_int64(st, 4),
            .npa_id = sqlite3_column_int64(st, 5),
            .n = sqlite3_column_int64(st, 6),
            .force_id = sqlite3_column_int64(st, 7),
        };
        if ((rc = cb(ctx, &c, err)) != 0)
            break;
    }
    if (rc == 0 && s_rc != SQLITE_DONE)
        rc = peel_store_sqlite_err(s, err, "reading counts");
    sqlite3_finalize(st);
    return rc < 0 ? -1 : 0;
}

int peel_crime_db_dims(peel_store *s, enum peel_crime_dim kind, peel_crime_dim_cb cb, void *ctx,
                       peel_err *err)
{
    sqlite3_stmt *st;
    int rc = 0, s_rc;
    if (prep(s, "SELECT id, value FROM crime_dim WHERE kind = ? ORDER BY value", &st, err) < 0)
        return -1;
    sqlite3_bind_int(st, 1, (int)kind);
    while ((s_rc = sqlite3_step(st)) == SQLITE_ROW)
        if ((rc = cb(ctx, sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
                     err)) != 0)
            break;
    if (rc == 0 && s_rc != SQLITE_DONE)
        rc = peel_store_sqlite_err(s, err, "reading names");
    sqlite3_finalize(st);
    return rc < 0 ? -1 : 0;
}

int peel_crime_db_lsoas(peel_store *s, const peel_crime_scope *scope, peel_crime_lsoa_cb cb,
                        void *ctx, peel_err *err)
{
    char sql[512];
    sqlite3_stmt *st;
    int rc = 0, s_rc;
    snprintf(sql, sizeof sql,
             "SELECT l.id, l.code, l.name FROM crime_lsoa l WHERE l.id <> 0 AND %s ORDER BY l.code",
             scope_cond(scope));
    if (prep(s, sql, &st, err) < 0)
        return -1;
    sqlite3_bind_int64(st, 3, scope->area_id);
    while ((s_rc = sqlite3_step(st)) == SQLITE_ROW)
        if ((rc = cb(ctx, sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
                     (const char *)sqlite3_column_text(st, 2), err)) != 0)
            break;
    if (rc == 0 && s_rc != SQLITE_DONE)
        rc = peel_store_sqlite_err(s, err, "reading LSOAs");
    sqlite3_finalize(st);
    return rc < 0 ? -1 : 0;
}

int peel_crime_db_month_range(peel_store *s, peel_month *first, peel_month *last, peel_err *err)
{
    sqlite3_stmt *st;
    if (prep(s,
             "SELECT min(month), max(month) FROM crime_file WHERE kind = 'street' AND current = 1",
             &st, err) < 0)
        return -1;
    int rc = sqlite3_step(st);
    int have = rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL;
    *first = have ? sqlite3_column_int(st, 0) : -1;
    *last = have ? sqlite3_column_int(st, 1) : -1;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return peel_store_sqlite_err(s, err, "reading months");
    return have;
}

int peel_crime_db_months(peel_store *s, peel_crime_month_cb cb, void *ctx, peel_err *err)
{
    sqlite3_stmt *st;
    int rc = 0, s_rc;
    if (prep(s,
             "SELECT DISTINCT month FROM crime_file WHERE kind = 'street' AND current = 1"
             " ORDER BY month",
             &st, err) < 0)
        return -1;
    while ((s_rc = sqlite3_step(st)) == SQLITE_ROW)
        if ((rc = cb(ctx, sqlite3_column_int(st, 0), err)) != 0)
            break;
    if (rc == 0 && s_rc != SQLITE_DONE)
        rc = peel_store_sqlite_err(s, err, "reading months");
    sqlite3_finalize(st);
    return rc < 0 ? -1 : 0;
}

/* The LSOA ids within scope as a bitmap of *max_id + 1 bits (caller frees). */
static unsigned char *scope_bitmap(peel_store *s, const peel_crime_scope *scope, int64_t *max_id,
                                   peel_err *err)
{
    char sql[512];
    sqlite3_stmt *st;
    unsigned char *in;
    int s_rc;
    *max_id = 0;
    if (prep(s, "SELECT IFNULL(max(id), 0) FROM crime_lsoa", &st, err) < 0)
        return NULL;
    if (sqlite3_step(st) == SQLITE_ROW)
        *max_id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (!(in = calloc((size_t)*max_id / 8 + 1, 1))) {
        peel_err_set(err, PEEL_ENOMEM, "out of memory");
        return NULL;
    }
    snprintf(sql, sizeof sql, "SELECT l.id FROM crime_lsoa l WHERE l.id <> 0 AND %s",
             scope_cond(scope));
    if (prep(s, sql, &st, err) < 0) {
        free(in);
        return NULL;
    }
    sqlite3_bind_int64(st, 3, scope->area_id);
    while ((s_rc = sqlite3_step(st)) == SQLITE_ROW) {
        int64_t id = sqlite3_column_int64(st, 0);
        if (id > 0 && id <= *max_id)
            in[id / 8] |= (unsigned char)(1u << (id % 8));
    }
    sqlite3_finalize(st);
    if (s_rc != SQLITE_DONE) {
        peel_store_sqlite_err(s, err, "reading LSOAs");
        free(in);
        return NULL;
    }
    return in;
}

static bool in_scope(const unsigned char *in, int64_t max_id, int64_t id)
{
    return id > 0 && id <= max_id && (in[id / 8] & (1u << (id % 8)));
}

/* Repeat locations: the street chunks of the current files in the two
 * periods are decoded here and counted by (map point, LSOA) for the LSOAs in
 * scope.  police.uk snaps one street to several map points ("On or near
 * High Street" at two coordinates), so the points are then named and merged
 * by (description, LSOA): a street is one location however many points it
 * has (docs/METHODS.md).  Only the leaders' LSOAs are named. */
typedef struct place_slot {
    int64_t loc, lsoa, now, before; /* loc 0: empty; after merging, the lowest point */
    int64_t points;                 /* map points merged into this location */
    char *name, *code, *lsoa_name;
} place_slot;

typedef struct place_map {
    place_slot *v;
    size_t cap, n;
} place_map;

static place_slot *place_get(place_map *m, int64_t loc, int64_t lsoa)
{
    if ((m->n + 1) * 2 > m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 1024;
        place_slot *v = calloc(cap, sizeof *v);
        if (!v)
            return NULL;
        for (size_t i = 0; i < m->cap; i++) {
            if (!m->v[i].loc)
                continue;
            size_t j = (uint64_t)(m->v[i].loc * 0x9E3779B97F4A7C15LL ^ m->v[i].lsoa) & (cap - 1);
            while (v[j].loc)
                j = (j + 1) & (cap - 1);
            v[j] = m->v[i];
        }
        free(m->v);
        m->v = v;
        m->cap = cap;
    }
    size_t i = (uint64_t)(loc * 0x9E3779B97F4A7C15LL ^ lsoa) & (m->cap - 1);
    for (;; i = (i + 1) & (m->cap - 1)) {
        if (!m->v[i].loc) {
            m->v[i] = (place_slot){.loc = loc, .lsoa = lsoa, .points = 1};
            m->n++;
            return &m->v[i];
        }
        if (m->v[i].loc == loc && m->v[i].lsoa == lsoa)
            return &m->v[i];
    }
}

/* By LSOA, then description: the order in which a street's points meet. */
static int place_cmp_key(const void *x, const void *y)
{
    const place_slot *a = x, *b = y;
    if (a->lsoa != b->lsoa)
        return a->lsoa < b->lsoa ? -1 : 1;
    int c = strcmp(a->name, b->name);
    if (c)
        return c;
    return a->loc < b->loc ? -1 : a->loc > b->loc;
}

static int place_cmp_counts(const place_slot *a, const place_slot *b)
{
    if (a->now != b->now)
        return a->now > b->now ? -1 : 1;
    int64_t da = a->now - a->before, dbb = b->now - b->before;
    if (da != dbb)
        return da > dbb ? -1 : 1;
    return 0;
}

/* Most crimes first, then the larger rise, then by description and LSOA
 * (code once known, else id), so the order never depends on the hash. */
static int place_cmp(const void *x, const void *y)
{
    const place_slot *a = x, *b = y;
    int c = place_cmp_counts(a, b);
    if (c)
        return c;
    if ((c = strcmp(a->name, b->name)))
        return c;
    if (a->code && b->code && (c = strcmp(a->code, b->code)))
        return c;
    return a->lsoa < b->lsoa ? -1 : a->lsoa > b->lsoa;
}

static char *dup_col(sqlite3_stmt *st, int col)
{
    const char *t = (const char *)sqlite3_column_text(st, col);
    return strdup(t ? t : "");
}

/* Counts the crimes of the chunks in [from, to] (now) and [pfrom, pto]
 * (before) by (map point, LSOA) into m. */
static int places_count(peel_store *s, const unsigned char *in, int64_t max_id, peel_month from,
                        peel_month to, peel_month pfrom, peel_month pto, int64_t type_id,
                        place_map *m, peel_err *err)
{
    sqlite3_stmt *st;
    int s_rc, rc = 0;
    if (prep(s,
             "SELECT f.month, c.id, c.rows, c.data FROM crime_file f"
             " JOIN crime_chunk c ON c.id BETWEEN f.first_row AND f.last_row"
             " WHERE f.kind = 'street' AND f.current = 1 AND f.first_row > 0"
             " AND (f.month BETWEEN ?1 AND ?2 OR f.month BETWEEN ?3 AND ?4)",
             &st, err) < 0)
        return -1;
    sqlite3_bind_int(st, 1, from);
    sqlite3_bind_int(st, 2, to);
    sqlite3_bind_int(st, 3, pfrom);
    sqlite3_bind_int(st, 4, pto);
    while (rc == 0 && (s_rc = sqlite3_step(st)) == SQLITE_ROW) {
        peel_month month = sqlite3_column_int(st, 0);
        bool now = month >= from && month <= to;
        peel_crime_chunk_reader rd;
        peel_crime_chunk_row r;
        int k;
        peel_crime_chunk_reader_init(&rd, sqlite3_column_blob(st, 3),
                                     (size_t)sqlite3_column_bytes(st, 3),
                                     sqlite3_column_int64(st, 2));
        while ((k = peel_crime_chunk_next(&rd, &r, err)) > 0) {
            if (!r.location_id || !in_scope(in, max_id, r.lsoa_id) ||
                (type_id && r.type_id != type_id))
                continue;
            place_slot *ps = place_get(m, r.location_id, r.lsoa_id);
            if (!ps) {
                k = peel_err_set(err, PEEL_ENOMEM, "out of memory");
                break;
            }
            if (now)
                ps->now++;
            else
                ps->before++;
        }
        if (k < 0) {
            peel_err_prefix(err, "crime_chunk %lld", (long long)sqlite3_column_int64(st, 1));
            rc = -1;
        }
    }
    if (rc == 0 && s_rc != SQLITE_DONE)
        rc = peel_store_sqlite_err(s, err, "reading crimes");
    sqlite3_finalize(st);
    return rc;
}

int peel_crime_db_places(peel_store *s, const peel_crime_scope *scope, peel_month from,
                         peel_month to, peel_month pfrom, peel_month pto, int64_t type_id,
                         int limit, peel_crime_place_cb cb, void *ctx, peel_err *err)
{
    sqlite3_stmt *st = NULL;
    unsigned char *in = NULL; /* LSOA ids in scope, a bitmap */
    int64_t max_id = 0;
    place_map m = {0};
    size_t n = 0, keep = 0;
    int rc = -1;

    if (!(in = scope_bitmap(s, scope, &max_id, err)))
        return -1;
    if (places_count(s, in, max_id, from, to, pfrom, pto, type_id, &m, err) < 0)
        goto out;
    /* Every point seen, named (a district's two years are a few thousand). */
    for (size_t i = 0; i < m.cap; i++)
        if (m.v[i].loc)
            m.v[n++] = m.v[i];
    if (prep(s, "SELECT name FROM crime_location WHERE id = ?1", &st, err) < 0)
        goto out;
    for (size_t i = 0; i < n; i++) {
        int s_rc;
        sqlite3_bind_int64(st, 1, m.v[i].loc);
        s_rc = sqlite3_step(st);
        m.v[i].name = s_rc == SQLITE_ROW ? dup_col(st, 0) : NULL;
        sqlite3_reset(st);
        if (!m.v[i].name) {
            n = i; /* the rest hold no names to free */
            if (s_rc == SQLITE_ROW)
                peel_err_set(err, PEEL_ENOMEM, "out of memory");
            else
                peel_err_set(err, PEEL_EDB, "crime location %lld is missing",
                             (long long)m.v[i].loc);
            goto out;
        }
    }
    sqlite3_finalize(st);
    st = NULL;
    /* Merge the points of one description in one LSOA; keep those with
     * crimes now. */
    qsort(m.v, n, sizeof *m.v, place_cmp_key);
    for (size_t i = 0; i < n;) {
        place_slot g = m.v[i];
        size_t j = i + 1;
        for (; j < n && m.v[j].lsoa == g.lsoa && !strcmp(m.v[j].name, g.name); j++) {
            g.now += m.v[j].now;
            g.before += m.v[j].before;
            g.points++;
            free(m.v[j].name);
        }
        i = j;
        if (g.now > 0)
            m.v[keep++] = g;
        else
            free(g.name);
    }
    n = keep;
    /* Best first; name the LSOAs of those that can still make the list
     * (every tie at the cut, then ordered by LSOA code too). */
    qsort(m.v, n, sizeof *m.v, place_cmp);
    if (limit >= 0 && keep > (size_t)limit) {
        size_t cut = (size_t)limit;
        while (cut > 0 && cut < keep && !place_cmp_counts(&m.v[cut - 1], &m.v[cut]))
            cut++;
        keep = limit == 0 ? 0 : cut;
    }
    if (prep(s, "SELECT code, name FROM crime_lsoa WHERE id = ?1", &st, err) < 0)
        goto out;
    for (size_t i = 0; i < keep; i++) {
        sqlite3_bind_int64(st, 1, m.v[i].lsoa);
        if (sqlite3_step(st) == SQLITE_ROW) {
            m.v[i].code = dup_col(st, 0);
            m.v[i].lsoa_name = dup_col(st, 1);
        }
        sqlite3_reset(st);
        if (!m.v[i].code || !m.v[i].lsoa_name) {
            peel_err_set(err, PEEL_EDB, "LSOA %lld of a crime location is missing",
                         (long long)m.v[i].lsoa);
            goto out;
        }
    }
    qsort(m.v, keep, sizeof *m.v, place_cmp);
    rc = 0;
    for (size_t i = 0; i < keep && (limit < 0 || i < (size_t)limit); i++) {
        peel_crime_place pl = {.points = m.v[i].points,
                               .name = m.v[i].name,
                               .lsoa_code = m.v[i].code,
                               .lsoa_name = m.v[i].lsoa_name,
                               .now = m.v[i].now,
                               .before = m.v[i].before};
        if ((rc = cb(ctx, &pl, err)) != 0)
            break;
    }
out:
    sqlite3_finalize(st);
    for (size_t i = 0; i < n; i++) {
        free(m.v[i].name);
        free(m.v[i].code);
        free(m.v[i].lsoa_name);
    }
    free(m.v);
    free(in);
    return rc < 0 ? -1 : 0;
}

/* Latest outcomes: the street crimes in scope and period with a Crime ID
 * are held by ID (a hash of 32-byte IDs), the outcomes files' rows are
 * matched to them, and each crime counts under its latest outcome (the
 * outcomes row of the latest month, the last imported on a tie) or, without
 * one, under the street file's last outcome category. */
typedef struct crime_slot {
    unsigned char id[32];
    peel_month crime_month; /* the same ID can come in several months: one slot each */
    bool used, joined;
    peel_month month; /* of the latest outcome */
    int64_t outcome_id, row; /* street outcome (kind 3), or outcome type (kind 4) when joined */
} crime_slot;

typedef struct crime_map {
    crime_slot *v;
    size_t cap, n;
} crime_map;

static uint64_t id_hash(const unsigned char *id)
{
    uint64_t h;
    memcpy(&h, id, 8); /* the IDs are SHA-256 digests: already uniform */
    return h;
}

static int crime_grow(crime_map *m)
{
    size_t cap = m->cap ? m->cap * 2 : 4096;
    crime_slot *v = calloc(cap, sizeof *v);
    if (!v)
        return -1;
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->v[i].used)
            continue;
        size_t j = id_hash(m->v[i].id) & (cap - 1);
        while (v[j].used)
            j = (j + 1) & (cap - 1);
        v[j] = m->v[i];
    }
    free(m->v);
    m->v = v;
    m->cap = cap;
    return 0;
}

/* The slot of (id, month), added if absent; NULL when out of memory. */
static crime_slot *crime_add(crime_map *m, const unsigned char *id, peel_month month)
{
    if ((m->n + 1) * 2 > m->cap && crime_grow(m) < 0)
        return NULL;
    for (size_t i = id_hash(id) & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        crime_slot *c = &m->v[i];
        if (!c->used) {
            *c = (crime_slot){.used = true, .crime_month = month, .month = -1};
            memcpy(c->id, id, 32);
            m->n++;
            return c;
        }
        if (c->crime_month == month && !memcmp(c->id, id, 32))
            return c;
    }
}

/* Gives an outcome of month to every crime with this id from that month or
 * before, when it is later than what the crime has. */
static void crime_outcome(crime_map *m, const unsigned char *id, peel_month month, int64_t row,
                          int64_t outcome)
{
    if (!m->cap)
        return;
    for (size_t i = id_hash(id) & (m->cap - 1); m->v[i].used; i = (i + 1) & (m->cap - 1)) {
        crime_slot *c = &m->v[i];
        if (c->crime_month > month || memcmp(c->id, id, 32))
            continue;
        if (!c->joined || month > c->month || (month == c->month && row > c->row)) {
            c->joined = true;
            c->month = month;
            c->row = row;
            c->outcome_id = outcome;
        }
    }
}

typedef struct outcome_sum {
    char *name;
    int64_t n;
} outcome_sum;

int peel_crime_db_latest_outcomes(peel_store *s, const peel_crime_scope *scope, peel_month from,
                                  peel_month to, int64_t type_id, int64_t *joined,
                                  peel_crime_group_cb cb, void *ctx, peel_err *err)
{
    sqlite3_stmt *st = NULL;
    unsigned char *in;
    int64_t max_id;
    crime_map m = {0};
    outcome_sum *sums = NULL;
    size_t nsums = 0;
    int rc = -1, s_rc;

    *joined = 0;
    /* No current outcomes file with rows in or after the period: nothing to join. */
    if (prep(s,
             "SELECT EXISTS (SELECT 1 FROM crime_file WHERE kind = 'outcomes' AND current = 1"
             " AND first_row > 0 AND month >= ?1)",
             &st, err) < 0)
        return -1;
    sqlite3_bind_int(st, 1, from);
    s_rc = sqlite3_step(st);
    bool any = s_rc == SQLITE_ROW && sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    st = NULL;
    if (s_rc != SQLITE_ROW)
        return peel_store_sqlite_err(s, err, "finding outcomes files");
    if (!any)
        return 0;
    if (!(in = scope_bitmap(s, scope, &max_id, err)))
        return -1;
    if (prep(s,
             "SELECT c.data, f.month, c.id, c.rows FROM crime_file f"
             " JOIN crime_chunk c ON c.id BETWEEN f.first_row AND f.last_row"
             " WHERE f.kind = 'street' AND f.current = 1 AND f.first_row > 0"
             " AND f.month BETWEEN ?1 AND ?2",
             &st, err) < 0)
        goto out;
    sqlite3_bind_int(st, 1, from);
    sqlite3_bind_int(st, 2, to);
    while ((s_rc = sqlite3_step(st)) == SQLITE_ROW) {
        peel_month cm = sqlite3_column_int(st, 1);
        peel_crime_chunk_reader rd;
        peel_crime_chunk_row r;
        int k;
        peel_crime_chunk_reader_init(&rd, sqlite3_column_blob(st, 0),
                                     (size_t)sqlite3_column_bytes(st, 0),
                                     sqlite3_column_int64(st, 3));
        while ((k = peel_crime_chunk_next(&rd, &r, err)) > 0) {
            /* ASB has neither a Crime ID nor an outcome; text IDs (not
             * police.uk's) are not joined. */
            if (!r.binary_id || !r.outcome_id || !in_scope(in, max_id, r.lsoa_id) ||
                (type_id && r.type_id != type_id))
                continue;
            crime_slot *c = crime_add(&m, r.crime_id, cm);
            if (!c) {
                peel_err_set(err, PEEL_ENOMEM, "out of memory");
                goto out;
            }
            c->outcome_id = r.outcome_id;
        }
        if (k < 0) {
            peel_err_prefix(err, "crime_chunk %lld", (long long)sqlite3_column_int64(st, 2));
            goto out;
        }
    }
    sqlite3_finalize(st);
    st = NULL;
    if (s_rc != SQLITE_DONE) {
        peel_store_sqlite_err(s, err, "reading crimes");
        goto out;
    }
    /* An outcome comes in its own month, never before the crime's. */
    if (prep(s,
             "SELECT o.id, o.month, o.crime_id, o.outcome_type_id FROM crime_outcome o"
             " JOIN crime_file f ON o.id BETWEEN f.first_row AND f.last_row"
             " WHERE f.kind = 'outcomes' AND f.current = 1 AND f.first_row > 0"
             " AND f.month >= ?1 AND o.outcome_type_id <> 0",
             &st, err) < 0)
        goto out;
    sqlite3_bind_int(st, 1, from);
    while (m.n && (s_rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (sqlite3_column_bytes(st, 2) == 32)
            crime_outcome(&m, sqlite3_column_blob(st, 2), sqlite3_column_int(st, 1),
                          sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 3));
    }
    if (!m.n)
        s_rc = SQLITE_DONE;
    sqlite3_finalize(st);
    st = NULL;
    if (s_rc != SQLITE_DONE) {
        peel_store_sqlite_err(s, err, "reading outcomes");
        goto out;
    }
    /* Sum by outcome id, then by text: street categories and outcome types
     * share names. */
    int64_t *by_id = NULL;
    int64_t max_dim = 0;
    for (size_t i = 0; i < m.cap; i++)
        if (m.v[i].used && m.v[i].outcome_id > max_dim)
            max_dim = m.v[i].outcome_id;
    if (!(by_id = calloc((size_t)max_dim + 1, sizeof *by_id))) {
        peel_err_set(err, PEEL_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < m.cap; i++) {
        if (!m.v[i].used)
            continue;
        if (m.v[i].joined)
            ++*joined;
        if (m.v[i].outcome_id >= 0)
            by_id[m.v[i].outcome_id]++;
    }
    if (prep(s, "SELECT value FROM crime_dim WHERE id = ?1", &st, err) < 0) {
        free(by_id);
        goto out;
    }
    for (int64_t id = 0; id <= max_dim; id++) {
        if (!by_id[id])
            continue;
        sqlite3_bind_int64(st, 1, id);
        const char *name = sqlite3_step(st) == SQLITE_ROW
                               ? (const char *)sqlite3_column_text(st, 0)
                               : NULL;
        name = name ? name : "";
        size_t k = 0;
        while (k < nsums && strcmp(sums[k].name, name))
            k++;
        if (k == nsums) {
            outcome_sum *ns = realloc(sums, (nsums + 1) * sizeof *ns);
            if (ns)
                sums = ns;
            if (!ns || !(sums[nsums].name = strdup(name))) {
                sqlite3_reset(st);
                free(by_id);
                peel_err_set(err, PEEL_ENOMEM, "out of memory");
                goto out;
            }
            sums[nsums++].n = 0;
        }
        sums[k].n += by_id[id];
        sqlite3_reset(st);
    }
    free(by_id);
    rc = 0;
    for (size_t k = 0; k < nsums && rc == 0; k++)
        rc = cb(ctx, sums[k].name, sums[k].n, err);
out:
    sqlite3_finalize(st);
    for (size_t k = 0; k < nsums; k++)
        free(sums[k].name);
    free(sums);
    free(m.v);
    free(in);
    return rc < 0 ? -1 : 0;
}

int peel_crime_db_files(peel_store *s, peel_crime_file_cb cb, void *ctx, peel_err *err)
{
    sqlite3_stmt *st;
    int rc = 0, s_rc;
    if (prep(s,
             "SELECT f.id, f.kind, f.name, f.sha256, IFNULL(d.value, ''), f.imported_at, f.user,"
             " f.month, f.rows, f.rejected, f.current FROM crime_file f"
             " LEFT JOIN crime_dim d ON d.id = f.force_id ORDER BY f.id DESC",
             &st, err) < 0)
        return -1;
    while ((s_rc = sqlite3_step(st)) == SQLITE_ROW) {
        peel_crime_file_row f = {
            .id = sqlite3_column_int64(st, 0),
            .kind = (const char *)sqlite3_column_text(st, 1),
            .name = (const char *)sqlite3_column_text(st, 2),
            .sha256 = (const char *)sqlite3_column_text(st, 3),
            .force = (const char *)sqlite3_column_text(st, 4),
            .at = (const char *)sqlite3_column_text(st, 5),
            .user = (const char *)sqlite3_column_text(st, 6),
            .month = sqlite3_column_int(st, 7),
            .rows = sqlite3_column_int64(st, 8),
            .rejected = sqlite3_column_int64(st, 9),
            .current = sqlite3_column_int(st, 10) != 0,
        };
        if ((rc = cb(ctx, &f, err)) != 0)
            break;
    }
    if (rc == 0 && s_rc != SQLITE_DONE)
        rc = peel_store_sqlite_err(s, err, "reading imports");
    sqlite3_finalize(st);
    return rc < 0 ? -1 : 0;
}

int peel_crime_db_population(peel_store *s, int64_t area_id, int year, const char *ethnicity,
                             int64_t *pop, char *source, size_t sourcesz, peel_err *err)
{
    sqlite3_stmt *st;
    if (prep(s,
             "SELECT population, source FROM population WHERE area = ?1 AND year <= ?2"
             " AND (ethnicity IS ?3 OR (?3 IS NULL AND ethnicity = ''))"
             " ORDER BY year DESC LIMIT 1",
             &st, err) < 0)
        return -1;
    sqlite3_bind_int64(st, 1, area_id);
    sqlite3_bind_int(st, 2, year);
    if (ethnicity)
        sqlite3_bind_text(st, 3, ethnicity, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, 3);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *pop = sqlite3_column_int64(st, 0);
        if (source)
            copy_col(source, sourcesz, st, 1);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return peel_store_sqlite_err(s, err, "reading population");
    return rc == SQLITE_ROW;
}

/* Stop and search in an area.  police.uk gives a search no LSOA, only its
 * map point, and it anonymises searches to the same set of map points as
 * street crimes; so a search is placed in the LSOA where street crimes at
 * its map point are recorded (in the period or the 12 months before it).
 * A search at a point with no such crime, or without a location, is not
 * placed (docs/METHODS.md).  The points in scope are gathered from the
 * street chunks as repeat locations are, kept sorted as (lat, lon) keys. */
static uint64_t point_key(int64_t lat, int64_t lon)
{
    return ((uint64_t)(uint32_t)lat << 32) | (uint32_t)lon;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static int scope_points(peel_store *s, const peel_crime_scope *scope, peel_month from,
                        peel_month to, uint64_t **out, size_t *nout, peel_err *err)
{
    unsigned char *in = NULL;
    int64_t max_id = 0;
    place_map m = {0};
    sqlite3_stmt *st = NULL;
    uint64_t *keys = NULL;
    size_t n = 0;
    int rc = -1;

    if (!(in = scope_bitmap(s, scope, &max_id, err)))
        return -1;
    if (places_count(s, in, max_id, from - 12, to, 1, 0, 0, &m, err) < 0)
        goto out;
    if (m.n && !(keys = malloc(m.n * sizeof *keys))) {
        peel_err_set(err, PEEL_ENOMEM, "out of memory");
        goto out;
    }
    if (prep(s, "SELECT lat, lon FROM crime_location WHERE id = ?1", &st, err) < 0)
        goto out;
    for (size_t i = 0; i < m.cap; i++) {
        if (!m.v[i].loc)
            continue;
        sqlite3_bind_int64(st, 1, m.v[i].loc);
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
            keys[n++] = point_key(sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1));
        sqlite3_reset(st);
    }
    if (n)
        qsort(keys, n, sizeof *keys, cmp_u64);
    *out = keys;
    *nout = n;
    keys = NULL;
    rc = 0;
out:
    sqlite3_finalize(st);
    free(keys);
    free(m.v);
    free(in);
    return rc;
}

typedef struct search_group {
    char *value;
    int64_t n;
} search_group;

static int cmp_group(const void *a, const void *b)
{
    const search_group *x = a, *y = b;
    if (x->n != y->n)
        return x->n > y->n ? -1 : 1;
    return strcmp(x->value, y->value);
}

int peel_crime_db_search_counts(peel_store *s, const peel_crime_scope *scope,
                                enum peel_crime_dim by, peel_month from, peel_month to,
                                peel_crime_group_cb cb, void *ctx,
                                peel_crime_search_placing *pl, peel_err *err)
{
    /* The column for each groupable dimension: a fixed list, never input. */
    const char *col;
    switch (by) {
    case PEEL_DIM_LEGISLATION:
        col = "legislation_id";
        break;
    case PEEL_DIM_OBJECT:
        col = "object_id";
        break;
    case PEEL_DIM_SEARCH_OUTCOME:
        col = "outcome_id";
        break;
    case PEEL_DIM_ETHNICITY:
        col = "ethnicity_id";
        break;
    case PEEL_DIM_OFFICER_ETHNICITY:
        col = "officer_ethnicity_id";
        break;
    case PEEL_DIM_SEARCH_TYPE:
        col = "type_id";
        break;
    case PEEL_DIM_GENDER:
        col = "gender_id";
        break;
    case PEEL_DIM_AGE:
        col = "age_id";
        break;
    default:
        return peel_err_set(err, PEEL_EINTERNAL, "stop and search has no dimension %d", (int)by);
    }
    bool placing = scope && scope->kind && strcmp(scope->kind, "all") &&
                   strcmp(scope->kind, "force");
    uint64_t *keys = NULL;
    size_t nkeys = 0;
    search_group *g = NULL;
    size_t ng = 0, capg = 0;
    char sql[400];
    sqlite3_stmt *st = NULL;
    int rc = 0, s_rc;

    *pl = (peel_crime_search_placing){.placed_by_point = placing};
    if (placing) {
        /* The points cost a decode of the area's street chunks: only when
         * there are searches to place. */
        int any;
        if (prep(s, "SELECT EXISTS (SELECT 1 FROM crime_search WHERE month BETWEEN ?1 AND ?2)",
                 &st, err) < 0)
            return -1;
        sqlite3_bind_int(st, 1, from);
        sqlite3_bind_int(st, 2, to);
        any = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
        st = NULL;
        if (!any)
            return 0;
        if (scope_points(s, scope, from, to, &keys, &nkeys, err) < 0)
            return -1;
    }
    snprintf(sql, sizeof sql,
             "SELECT IFNULL(d.value, ''), s.lat, s.lon FROM crime_search s"
             " LEFT JOIN crime_dim d ON d.id = s.%s WHERE s.month BETWEEN ? AND ?",
             col);
    if (prep(s, sql, &st, err) < 0) {
        free(keys);
        return -1;
    }
    sqlite3_bind_int(st, 1, from);
    sqlite3_bind_int(st, 2, to);
    while ((s_rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(st, 0);
        bool located = sqlite3_column_type(st, 1) != SQLITE_NULL;
        size_t k;
        pl->force_total++;
        if (!located)
            pl->no_location++;
        if (placing) {
            uint64_t key;
            if (!located)
                continue;
            key = point_key(sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 2));
            if (!nkeys || !bsearch(&key, keys, nkeys, sizeof *keys, cmp_u64))
                continue;
        }
        pl->counted++;
        for (k = 0; k < ng && strcmp(g[k].value, v ? v : ""); k++)
            ;
        if (k == ng) {
            if (ng == capg) {
                size_t cap = capg ? capg * 2 : 16;
                search_group *ng2 = realloc(g, cap * sizeof *g);
                if (!ng2) {
                    rc = peel_err_set(err, PEEL_ENOMEM, "out of memory");
                    break;
                }
                g = ng2;
                capg = cap;
            }
            if (!(g[ng].value = strdup(v ? v : ""))) {
                rc = peel_err_set(err, PEEL_ENOMEM, "out of memory");
                break;
            }
            g[ng++].n = 0;
        }
        g[k].n++;
    }
    if (rc == 0 && s_rc != SQLITE_DONE)
        rc = peel_store_sqlite_err(s, err, "reading stop and search");
    sqlite3_finalize(st);
    if (rc == 0 && ng) {
        qsort(g, ng, sizeof *g, cmp_group);
        for (size_t k = 0; k < ng && rc == 0; k++)
            rc = cb(ctx, g[k].value, g[k].n, err);
    }
    for (size_t k = 0; k < ng; k++)
        free(g[k].value);
    free(g);
    free(keys);
    return rc < 0 ? -1 : 0;
}
