/* sqlite/crime.c - the crime tables in SQLite: their migrations and every
 * statement the importer and the figures run, as the SQLite backend's crime
 * operations (crime_ops.h).  Rows only: the figures computed from rows are
 * in src/crime (repeat.c, outcome_join.c, search_place.c).
 *
 * Designed for the bulk load.  Every repeated text value becomes a small
 * integer through crime_dim / crime_lsoa, with an in-memory cache in front
 * so most rows touch no index at all.  Street rows are packed into blobs of
 * up to 4,096 (crime_chunk, one insert per chunk), each row with its map
 * point (street name id and coordinates) inside it: nothing is stored per
 * point, so a row costs the same however many points there are; a file's
 * chunks are a contiguous rowid range recorded in crime_file, which is how a
 * month is replaced, and repeat locations and the Crime ID join to outcomes
 * decode a period's chunks in C.  crime_count holds the sums the Panel's figures need
 * (LSOA x month x type x outcome x force), written once per file from the
 * importer's in-memory totals, keyed LSOA first so a district's 36 months is
 * ~100 short range scans.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "store/crime_chunk.h"
#include "store/crime_intern.h"
#include "store/crime_ops.h"
#include "store/sqlite/sqlite.h"

/* Migration 103: a crime_location id's street name id and coordinates. */
static int old_point(void *ctx, int64_t location_id, peel_crime_chunk_row *r, peel_err *err)
{
    sqlite3_stmt *st = ctx;
    int rc;
    sqlite3_reset(st);
    sqlite3_bind_int64(st, 1, location_id);
    if ((rc = sqlite3_step(st)) != SQLITE_ROW)
        return rc == SQLITE_DONE
                   ? peel_err_set(err, PEEL_EDB, "crime location %lld is missing",
                                  (long long)location_id)
                   : peel_err_set(err, PEEL_EDB, "reading crime location %lld: %s",
                                  (long long)location_id, sqlite3_errmsg(sqlite3_db_handle(st)));
    r->located =
        sqlite3_column_type(st, 0) != SQLITE_NULL && sqlite3_column_type(st, 1) != SQLITE_NULL;
    r->lat = r->located ? (int32_t)sqlite3_column_int64(st, 0) : 0;
    r->lon = r->located ? (int32_t)sqlite3_column_int64(st, 1) : 0;
    r->street_id = sqlite3_column_int64(st, 2);
    return 0;
}

/* Rewrites every chunk from format 1 (a crime_location id per row) to
 * format 2 (the point in the row), one chunk at a time, then drops
 * crime_location. */
static int points_into_chunks(peel_store *s, peel_err *err)
{
    sqlite3 *db = peel_store_sqlite_db(s);
    sqlite3_stmt *next = NULL, *pt = NULL, *put = NULL;
    int64_t after = 0;
    int rc = -1, step;

    if (sqlite3_prepare_v2(db,
                           "SELECT id, rows, data FROM crime_chunk WHERE id > ?1 ORDER BY id"
                           " LIMIT 1",
                           -1, &next, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db,
                           "SELECT l.lat, l.lon, IFNULL(d.id, 0) FROM crime_location l"
                           " LEFT JOIN crime_dim d ON d.kind = 15 AND d.value = l.name"
                           " WHERE l.id = ?1",
                           -1, &pt, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "UPDATE crime_chunk SET data = ?1 WHERE id = ?2", -1, &put, NULL) !=
            SQLITE_OK) {
        peel_store_sqlite_err(s, err, "moving map points into the chunks");
        goto out;
    }
    for (;;) {
        unsigned char *data;
        size_t n;
        sqlite3_reset(next);
        sqlite3_bind_int64(next, 1, after);
        if ((step = sqlite3_step(next)) == SQLITE_DONE)
            break;
        if (step != SQLITE_ROW) {
            peel_store_sqlite_err(s, err, "moving map points into the chunks");
            goto out;
        }
        after = sqlite3_column_int64(next, 0);
        if (peel_crime_chunk_upgrade(
                sqlite3_column_blob(next, 2), (size_t)sqlite3_column_bytes(next, 2),
                sqlite3_column_int64(next, 1), old_point, pt, &data, &n, err) < 0) {
            peel_err_prefix(err, "crime_chunk %lld", (long long)after);
            goto out;
        }
        sqlite3_reset(put);
        sqlite3_bind_blob(put, 1, data, (int)n, free); /* never NULL */
        sqlite3_bind_int64(put, 2, after);
        if (sqlite3_step(put) != SQLITE_DONE) {
            peel_store_sqlite_err(s, err, "moving map points into the chunks");
            goto out;
        }
    }
    /* A statement still reading the table would keep it from being dropped. */
    sqlite3_reset(next);
    sqlite3_reset(pt);
    sqlite3_reset(put);
    if (sqlite3_exec(db, "DROP TABLE crime_location", NULL, NULL, NULL) != SQLITE_OK) {
        peel_store_sqlite_err(s, err, "moving map points into the chunks");
        goto out;
    }
    rc = 0;
out:
    sqlite3_finalize(next);
    sqlite3_finalize(pt);
    sqlite3_finalize(put);
    return rc;
}

/* crime_district_count's rows, from crime_count and where its LSOAs lie:
 * all of them, or (with DISTRICT_SUMS_OF) one force's month. */
#define DISTRICT_SUMS_SQL                                                                          \
    "INSERT INTO crime_district_count (district_id, month, force_id, type_id, outcome_id, n)"      \
    " SELECT l.district_id, c.month, c.force_id, c.type_id, c.outcome_id, sum(c.n)"                \
    " FROM crime_count c JOIN crime_lsoa l ON l.id = c.lsoa_id WHERE l.district_id IS NOT NULL"
/* By crime_count_force (force_id, month, n), which holds the key's columns. */
#define DISTRICT_SUMS_OF " AND c.force_id = ?2 AND c.month = ?1"
#define DISTRICT_SUMS_GROUP " GROUP BY 1, 2, 3, 4, 5"

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
     " removal INTEGER);",
     NULL},
    /* Street rows packed a few thousand to a blob (see "crime_chunk" above
     * fact_add): one SQLite insert per chunk instead of per row.  Earlier
     * street imports lose their row ranges and are marked so that importing
     * the same files again re-imports them (their counts are kept). */
    {101, "crime street rows in chunks",
     "CREATE TABLE crime_chunk (id INTEGER PRIMARY KEY, month INTEGER NOT NULL,"
     " rows INTEGER NOT NULL, data BLOB NOT NULL);"
     "UPDATE crime_file SET first_row = 0, last_row = 0, sha256 = sha256 || '-v100'"
     " WHERE kind = 'street';"
     "DROP TABLE crime_fact;",
     NULL},
    /* A force's own cells by force and month (its figures, and replacing a
     * file's counts), instead of by month and force: the month came first,
     * so a force's months meant reading every force's index entries. */
    {102, "crime counts by force and month",
     "DROP INDEX crime_count_month;"
     "CREATE INDEX crime_count_force ON crime_count (force_id, month);",
     NULL},
    /* Map points into the chunks (crime_chunk.h, format 2): the Location
     * texts become street names in crime_dim, every chunk is rewritten with
     * its rows' names and coordinates, and crime_location goes. */
    {103, "crime map points kept in their chunks",
     "INSERT OR IGNORE INTO crime_dim (kind, value)"
     " SELECT 15, name FROM crime_location WHERE name <> '' ORDER BY id;",
     points_into_chunks},
    /* The force's cells from the index alone: a force's figures read every
     * cell its files reported to find the few outside its districts, and
     * each was a second seek into crime_count for its n (46 ms of CPU of a
     * force's year nationally; 18 ms covered, bench/README.md). */
    {104, "crime counts by force and month, covered",
     "DROP INDEX crime_count_force;"
     "CREATE INDEX crime_count_force ON crime_count (force_id, month, n);",
     NULL},
    /* Which LSOAs each reporting force's counts lie in, so that a force's
     * figures read only the cells of the LSOAs outside its districts that it
     * reported, not every cell it reported (1,328 of 132,777 for
     * Leicestershire over 36 months).  Every (force, LSOA) with a count is
     * here; the import adds its pairs and replacing a month drops those left
     * without a count. */
    {105, "crime LSOAs by reporting force",
     "CREATE TABLE crime_force_lsoa (force_id INTEGER NOT NULL, lsoa_id INTEGER NOT NULL,"
     " PRIMARY KEY (force_id, lsoa_id)) WITHOUT ROWID;"
     "INSERT INTO crime_force_lsoa (force_id, lsoa_id)"
     " SELECT DISTINCT force_id, lsoa_id FROM crime_count;",
     NULL},
    /* A force's figures need its districts' counts only by district: read
     * from here, a summary over 36 months of Leicestershire steps through
     * 15,055 sums instead of its districts' 131,449 cells.  The import adds
     * a street file's once its new LSOAs are placed (refresh_geo),
     * replacing a month removes them with its counts, an area import and
     * `peel copy` make them all again, `peel check` compares them with the
     * counts summed again.  As in PostgreSQL's migration 106. */
    {106, "crime counts summed by district",
     "CREATE TABLE crime_district_count (district_id INTEGER NOT NULL, month INTEGER NOT NULL,"
     " force_id INTEGER NOT NULL, type_id INTEGER NOT NULL, outcome_id INTEGER NOT NULL,"
     " n INTEGER NOT NULL, PRIMARY KEY (district_id, month, force_id, type_id, outcome_id))"
     " WITHOUT ROWID;" DISTRICT_SUMS_SQL DISTRICT_SUMS_GROUP ";",
     NULL},
    {0, NULL, NULL, NULL}};

/* The import's statements, prepared through the store's statement cache. */
enum {
    ST_FILE_NAMED,
    ST_FILE_SEEN,
    ST_DIM_GET,
    ST_DIM_PUT,
    ST_LSOA_GET,
    ST_LSOA_PUT,
    ST_FILE_CURRENT,
    ST_FACT_DEL,
    ST_OUTCOME_DEL,
    ST_SEARCH_DEL,
    ST_COUNT_DEL,
    ST_SUMS_DEL,
    ST_PAIR_PRUNE,
    ST_FILE_RETIRE,
    ST_FILE_ADD,
    ST_FACT_ADD,
    ST_COUNT_ADD,
    ST_PAIR_ADD,
    ST_OUTCOME_ADD,
    ST_SEARCH_ADD,
    ST_COUNT
};

static const char *const sql_text[ST_COUNT] = {
    [ST_FILE_NAMED] = "SELECT 1 FROM crime_file WHERE current = 1 AND rejected = 0 AND (name = ?1"
                      " OR substr(name, length(name) - length(?1)) = '/' || ?1) LIMIT 1",
    [ST_FILE_SEEN] = "SELECT id FROM crime_file WHERE sha256 = ? AND (current = 1 OR id = ?)",
    [ST_DIM_GET] = "SELECT id FROM crime_dim WHERE kind = ? AND value = ?",
    [ST_DIM_PUT] = "INSERT INTO crime_dim (kind, value) VALUES (?, ?)",
    [ST_LSOA_GET] = "SELECT id FROM crime_lsoa WHERE code = ?",
    [ST_LSOA_PUT] = "INSERT INTO crime_lsoa (code, name) VALUES (?, ?)",
    [ST_FILE_CURRENT] = "SELECT id, first_row, last_row FROM crime_file"
                        " WHERE kind = ? AND force_id = ? AND month = ? AND current = 1",
    [ST_FACT_DEL] = "DELETE FROM crime_chunk WHERE id BETWEEN ? AND ?",
    [ST_OUTCOME_DEL] = "DELETE FROM crime_outcome WHERE id BETWEEN ? AND ?",
    [ST_SEARCH_DEL] = "DELETE FROM crime_search WHERE id BETWEEN ? AND ?",
    [ST_COUNT_DEL] = "DELETE FROM crime_count WHERE month = ?1 AND force_id = ?2",
    /* Before the counts: their LSOAs name the districts to look in, by the
     * primary key, rather than every district's sums. */
    [ST_SUMS_DEL] = "DELETE FROM crime_district_count WHERE month = ?1 AND force_id = ?2"
                    " AND district_id IN (SELECT DISTINCT l.district_id FROM crime_count c"
                    " JOIN crime_lsoa l ON l.id = c.lsoa_id WHERE c.force_id = ?2"
                    " AND c.month = ?1)",
    /* Each pair by the primary key of crime_count (its LSOA's cells): the
     * "+ 0" keeps SQLite from scanning the force's whole index per pair. */
    [ST_PAIR_PRUNE] = "DELETE FROM crime_force_lsoa WHERE force_id = ?2 AND NOT EXISTS"
                      " (SELECT 1 FROM crime_count c WHERE c.lsoa_id = crime_force_lsoa.lsoa_id"
                      " AND c.force_id + 0 = ?2)",
    [ST_FILE_RETIRE] = "UPDATE crime_file SET current = 0 WHERE id = ?",
    [ST_FILE_ADD] = "INSERT INTO crime_file (kind, name, sha256, force_id, month, rows, rejected,"
                    " first_row, last_row, imported_at, user, replaces)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [ST_FACT_ADD] = "INSERT INTO crime_chunk (month, rows, data) VALUES (?, ?, ?)",
    [ST_COUNT_ADD] = "INSERT INTO crime_count (lsoa_id, month, type_id, outcome_id, force_id, n)"
                     " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n",
    [ST_PAIR_ADD] = "INSERT OR IGNORE INTO crime_force_lsoa (force_id, lsoa_id) VALUES (?, ?)",
    [ST_OUTCOME_ADD] = "INSERT INTO crime_outcome (month, force_id, crime_id, lsoa_id,"
                       " outcome_type_id) VALUES (?, ?, ?, ?, ?)",
    [ST_SEARCH_ADD] = "INSERT INTO crime_search (month, force_id, at, type_id, operation,"
                      " operation_id, lat, lon, gender_id, age_id, ethnicity_id,"
                      " officer_ethnicity_id, legislation_id, object_id, outcome_id, linked,"
                      " removal) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
};

struct peel_crime_conn {
    peel_store *store;
    sqlite3 *db;
    /* Street names apart: there are tens of thousands nationally, and a
     * cache that fills is emptied (crime_intern.h), which should not take
     * the few crime types and outcomes with it. */
    peel_crime_intern dims, streets, lsoas;
    bool bulk;
};

/* A chunk holds up to PEEL_CRIME_CHUNK_ROWS rows of one file (one month),
 * in the format of chunk.h. */

static int crime_open(peel_store *s, peel_crime_conn **out, peel_err *err)
{
    peel_crime_conn *db = calloc(1, sizeof *db);
    if (!db)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    db->store = s;
    db->db = peel_store_sqlite_db(s);
    peel_crime_intern_init(&db->dims, 1u << 16);
    peel_crime_intern_init(&db->streets, 1u << 17);
    peel_crime_intern_init(&db->lsoas, 1u << 16);
    *out = db;
    return 0;
}

static void crime_close(peel_crime_conn *db)
{
    if (!db)
        return;
    if (db->bulk)
        sqlite3_exec(db->db, "PRAGMA cache_size = -2000", NULL, NULL, NULL);
    peel_crime_intern_release(&db->dims);
    peel_crime_intern_release(&db->streets);
    peel_crime_intern_release(&db->lsoas);
    free(db);
}

static int crime_bulk(peel_crime_conn *db, peel_err *err)
{
    /* 16 MiB of pages: the count table's and dimensions' indexes stay in
     * memory while the import stays under its 64 MiB budget.  24 MiB took
     * the national year (5.9 million map points, 79 thousand street names
     * in their cache) to 64.8 MiB at the same CPU time (bench/README.md). */
    if (sqlite3_exec(db->db, "PRAGMA cache_size = -16384", NULL, NULL, NULL) != SQLITE_OK)
        return peel_store_sqlite_err(db->store, err, "setting the page cache");
    db->bulk = true;
    return 0;
}

static int crime_bulk_begin(peel_store *s, bool *bulk, peel_err *err)
{
    sqlite3 *db = peel_store_sqlite_db(s);
    sqlite3_stmt *st;
    peel_err ignored = {0}; /* no switch is no failure: the load runs in WAL */
    *bulk = false;
    /* Leaving WAL needs every other connection gone: do not wait for them,
     * load in WAL instead (slower, equally safe). */
    sqlite3_busy_timeout(db, 0);
    if (peel_store_sqlite_prepare(s, "PRAGMA journal_mode = DELETE", &st, &ignored) == 0) {
        if (sqlite3_step(st) == SQLITE_ROW) {
            const char *mode = (const char *)sqlite3_column_text(st, 0);
            *bulk = mode && !strcmp(mode, "delete");
        }
        peel_store_sqlite_release(s, st);
    }
    sqlite3_busy_timeout(db, PEEL_SQLITE_BUSY_MS);
    return peel_store_begin(s, err);
}

static int crime_bulk_end(peel_store *s, bool bulk, bool ok, peel_err *err)
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

/* One of the statements above from the store's statement cache: the caller
 * gives it back with done() or step_done() before returning. */
static sqlite3_stmt *stmt(peel_crime_conn *db, int which, peel_err *err)
{
    sqlite3_stmt *st;
    return peel_store_sqlite_prepare(db->store, sql_text[which], &st, err) < 0 ? NULL : st;
}

static void done(peel_crime_conn *db, sqlite3_stmt *st)
{
    peel_store_sqlite_release(db->store, st);
}

/* Steps st once and gives it back. */
static int step_done(peel_crime_conn *db, sqlite3_stmt *st, peel_err *err, const char *what)
{
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        rc = peel_store_sqlite_err(db->store, err, what);
    else
        rc = 0;
    done(db, st);
    return rc;
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

static int crime_file_named(peel_crime_conn *db, const char *name, peel_err *err)
{
    sqlite3_stmt *st = stmt(db, ST_FILE_NAMED, err);
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        peel_store_sqlite_err(db->store, err, "finding a file");
    done(db, st);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static int crime_file_seen(peel_crime_conn *db, const char *sha256, int64_t also_id,
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
        done(db, st);
        return 1;
    }
    if (rc != SQLITE_DONE)
        peel_store_sqlite_err(db->store, err, "finding a file");
    done(db, st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* Looks a key up with get, inserting with put when absent. */
static int lookup_or_add(peel_crime_conn *db, sqlite3_stmt *get, int put_which,
                         void (*bind_put)(sqlite3_stmt *, const void *), const void *arg,
                         int64_t *id, peel_err *err)
{
    int rc = sqlite3_step(get);
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(get, 0);
        done(db, get);
        return 0;
    }
    if (rc != SQLITE_DONE)
        peel_store_sqlite_err(db->store, err, "looking up a dimension");
    done(db, get);
    if (rc != SQLITE_DONE)
        return -1;
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

static int crime_dim(peel_crime_conn *db, enum peel_crime_dim kind, peel_str v, int64_t *id,
                     peel_err *err)
{
    peel_crime_intern *cache = kind == PEEL_DIM_STREET ? &db->streets : &db->dims;
    char key[512];
    if (v.n == 0) {
        *id = 0;
        return 0;
    }
    size_t kn = v.n < sizeof key - 1 ? v.n : 0;
    if (kn) {
        key[0] = (char)kind;
        memcpy(key + 1, v.p, v.n);
        if (peel_crime_intern_get(cache, key, kn + 1, id))
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
    if (kn && peel_crime_intern_put(cache, key, kn + 1, *id) < 0)
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

static int crime_lsoa(peel_crime_conn *db, peel_str code, peel_str name, int64_t *id, peel_err *err)
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

/* Runs the import's statement which, bound ?1 month and ?2 force. */
static int month_exec(peel_crime_conn *db, int which, peel_month month, int64_t force_id,
                      const char *what, peel_err *err)
{
    sqlite3_stmt *st = stmt(db, which, err);
    if (!st)
        return -1;
    sqlite3_bind_int(st, 1, month);
    sqlite3_bind_int64(st, 2, force_id);
    return step_done(db, st, err, what);
}

static int crime_replace(peel_crime_conn *db, enum peel_crime_kind kind, int64_t force_id,
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
            peel_store_sqlite_err(db->store, err, "finding the month's import");
            done(db, st);
            return -1;
        }
        fid = sqlite3_column_int64(st, 0);
        first = sqlite3_column_int64(st, 1);
        last = sqlite3_column_int64(st, 2);
        done(db, st);
        int del = kind == PEEL_CRIME_STREET     ? ST_FACT_DEL
                  : kind == PEEL_CRIME_OUTCOMES ? ST_OUTCOME_DEL
                                                : ST_SEARCH_DEL;
        sqlite3_stmt *d = stmt(db, del, err);
        if (!d)
            return -1;
        sqlite3_bind_int64(d, 1, first);
        sqlite3_bind_int64(d, 2, last);
        if (first > 0 ? step_done(db, d, err, "removing the month's rows") < 0 : (done(db, d), 0))
            return -1;
        /* The sums first: they find their districts through the counts. */
        if (kind == PEEL_CRIME_STREET &&
            (month_exec(db, ST_SUMS_DEL, month, force_id, "removing the month's counts by district",
                        err) < 0 ||
             month_exec(db, ST_COUNT_DEL, month, force_id, "removing the month's counts", err) <
                 0 ||
             month_exec(db, ST_PAIR_PRUNE, month, force_id, "removing the month's LSOAs", err) < 0))
            return -1;
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
    done(db, st);
    return found;
}

static int crime_file_add(peel_crime_conn *db, peel_crime_file *f, peel_err *err)
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

static int crime_chunk_add(peel_crime_conn *db, peel_month month, int64_t rows,
                           const unsigned char *data, size_t len, int64_t *rowid, peel_err *err)
{
    sqlite3_stmt *st = stmt(db, ST_FACT_ADD, err);
    *rowid = 0;
    if (!st)
        return -1;
    sqlite3_bind_int(st, 1, month);
    sqlite3_bind_int64(st, 2, rows);
    sqlite3_bind_blob(st, 3, data, (int)len, SQLITE_STATIC);
    if (step_done(db, st, err, "storing crimes") < 0)
        return -1;
    *rowid = sqlite3_last_insert_rowid(db->db);
    return 0;
}

/* The counts come sorted by LSOA (import.c), so each LSOA's pair is
 * written once; INSERT OR IGNORE keeps it right if they were not. */
static int crime_counts_add(peel_crime_conn *db, peel_month month, int64_t force_id,
                            const peel_crime_count *c, size_t n, peel_err *err)
{
    sqlite3_stmt *st = n ? stmt(db, ST_COUNT_ADD, err) : NULL;
    int rc = 0;
    if (n && !st)
        return -1;
    for (size_t i = 0; i < n && rc == 0; i++) {
        sqlite3_bind_int64(st, 1, c[i].lsoa);
        sqlite3_bind_int(st, 2, month);
        sqlite3_bind_int64(st, 3, c[i].type);
        sqlite3_bind_int64(st, 4, c[i].outcome);
        sqlite3_bind_int64(st, 5, force_id);
        sqlite3_bind_int64(st, 6, c[i].n);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = peel_store_sqlite_err(db->store, err, "storing counts");
        sqlite3_reset(st);
    }
    if (st)
        done(db, st);
    st = rc == 0 && n ? stmt(db, ST_PAIR_ADD, err) : NULL;
    if (rc == 0 && n && !st)
        return -1;
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (i && c[i].lsoa == c[i - 1].lsoa)
            continue;
        sqlite3_bind_int64(st, 1, force_id);
        sqlite3_bind_int64(st, 2, c[i].lsoa);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = peel_store_sqlite_err(db->store, err, "storing the LSOAs of counts");
        sqlite3_reset(st);
    }
    if (st)
        done(db, st);
    return rc;
}

static int crime_outcome_add(peel_crime_conn *db, peel_month month, int64_t force_id,
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

static int crime_search_add(peel_crime_conn *db, const peel_crime_search_row *r, int64_t *rowid,
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

/* One savepoint name: the import loads one file at a time. */
static int crime_savepoint(peel_store *s, peel_err *err)
{
    return peel_store_sqlite_savepoint(s, PEEL_SQLITE_SP_BEGIN, "crime_file", err);
}

static int crime_savepoint_release(peel_store *s, peel_err *err)
{
    return peel_store_sqlite_savepoint(s, PEEL_SQLITE_SP_RELEASE, "crime_file", err);
}

static int crime_savepoint_rollback(peel_store *s, peel_err *err)
{
    return peel_store_sqlite_savepoint(s, PEEL_SQLITE_SP_ROLLBACK, "crime_file", err);
}

/* Runs sql (bound ?1 month, ?2 force when force_id is not 0). */
static int sums_exec(peel_store *s, const char *sql, peel_month month, int64_t force_id,
                     peel_err *err)
{
    sqlite3_stmt *st;
    if (peel_store_sqlite_prepare(s, sql, &st, err) < 0)
        return -1;
    if (force_id) {
        sqlite3_bind_int(st, 1, month);
        sqlite3_bind_int64(st, 2, force_id);
    }
    int rc = sqlite3_step(st);
    peel_store_sqlite_release(s, st);
    return rc == SQLITE_DONE ? 0 : peel_store_sqlite_err(s, err, "summing counts by district");
}

/* crime_district_count after LSOAs are placed: all of it again when every
 * LSOA may have moved (an area import, a copy), else the counts of one
 * force's month (force_id not 0), just added: replacing a month removed its
 * sums with its counts, so a sum already there is an error, not added to. */
static int district_sums(peel_store *s, bool all, peel_month month, int64_t force_id, peel_err *err)
{
    if (all)
        return sums_exec(s, "DELETE FROM crime_district_count", month, 0, err) < 0 ||
                       sums_exec(s, DISTRICT_SUMS_SQL DISTRICT_SUMS_GROUP, month, 0, err) < 0
                   ? -1
                   : 0;
    return force_id ? sums_exec(s, DISTRICT_SUMS_SQL DISTRICT_SUMS_OF DISTRICT_SUMS_GROUP, month,
                                force_id, err)
                    : 0;
}

static int crime_refresh_geo(peel_store *s, int64_t from_id, peel_month month, int64_t force_id,
                             peel_err *err)
{
    sqlite3_stmt *st;
    /* "Charnwood 012B" -> "charnwood": the name less its last five
     * characters.  The districts' names are lowered once (an automatic
     * index on them), not once an LSOA: a national month brings about
     * 33,000 LSOAs an area table of one force does not hold, and each
     * scanned the whole area table, half of that month's import. */
    if (peel_store_sqlite_prepare(
            s,
            "WITH district(id, key) AS MATERIALIZED"
            " (SELECT id, lower(name) FROM area WHERE kind = 'district')"
            " UPDATE crime_lsoa SET district_id = COALESCE("
            " (SELECT d.id FROM area l JOIN area d ON d.id = l.parent"
            "  WHERE l.kind = 'lsoa' AND l.code = crime_lsoa.code AND d.kind = 'district'),"
            " (SELECT id FROM district WHERE length(crime_lsoa.name) > 5"
            "  AND key = lower(substr(crime_lsoa.name, 1, length(crime_lsoa.name) - 5))"
            "  ORDER BY id LIMIT 1)),"
            " npa_id = (SELECT l.npa FROM area l WHERE l.kind = 'lsoa'"
            "  AND l.code = crime_lsoa.code)"
            " WHERE id <> 0 AND id >= ?1",
            &st, err) < 0)
        return -1;
    sqlite3_bind_int64(st, 1, from_id);
    int rc = sqlite3_step(st);
    peel_store_sqlite_release(s, st);
    if (rc != SQLITE_DONE)
        return peel_store_sqlite_err(s, err, "placing LSOAs in districts");
    return district_sums(s, from_id == 0, month, force_id, err);
}

static int crime_lsoa_next(peel_store *s, int64_t *next, peel_err *err)
{
    sqlite3_stmt *st;
    if (peel_store_sqlite_prepare(s, "SELECT IFNULL(max(id), 0) + 1 FROM crime_lsoa", &st, err) < 0)
        return -1;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *next = sqlite3_column_int64(st, 0);
    peel_store_sqlite_release(s, st);
    return rc == SQLITE_ROW ? 0 : peel_store_sqlite_err(s, err, "the LSOAs seen");
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
    peel_store_sqlite_release(s, st);
    return rc < 0 ? -1 : 0;
}

static int crime_area_find(peel_store *s, const char *text, peel_crime_area *out, peel_err *err)
{
    sqlite3_stmt *st;
    if (peel_store_sqlite_prepare(
            s,
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
    peel_store_sqlite_release(s, st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return peel_store_sqlite_err(s, err, "finding an area");
    return rc == SQLITE_ROW;
}

static int crime_areas(peel_store *s, int64_t parent_id, const char *kind, peel_crime_area_cb cb,
                       void *ctx, peel_err *err)
{
    sqlite3_stmt *st;
    if (peel_store_sqlite_prepare(
            s,
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

static int crime_districts_with_data(peel_store *s, peel_crime_area_cb cb, void *ctx, peel_err *err)
{
    sqlite3_stmt *st;
    if (peel_store_sqlite_prepare(
            s,
            "SELECT a.id, a.code, a.name, a.kind FROM area a WHERE a.kind = 'district'"
            " AND EXISTS (SELECT 1 FROM crime_lsoa l JOIN crime_count c ON c.lsoa_id = l.id"
            " WHERE l.district_id = a.id) ORDER BY a.name, a.code",
            &st, err) < 0)
        return -1;
    return each_area(s, st, cb, ctx, "listing districts", err);
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

/* Hands each row of st (the cell columns, bound) to cb; finalizes st. */
static int cells_each(peel_store *s, sqlite3_stmt *st, peel_crime_cell_cb cb, void *ctx,
                      peel_err *err)
{
    int rc = 0, s_rc;
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
    peel_store_sqlite_release(s, st);
    return rc < 0 ? -1 : 0;
}

#define CELL_COLUMNS                                                                               \
    "SELECT c.month, c.type_id, c.outcome_id, c.lsoa_id, IFNULL(l.district_id, 0),"                \
    " IFNULL(l.npa_id, 0), c.n, c.force_id"

/* An LSOA's cells, by crime_count's primary key. */
static int lsoa_cells(peel_store *s, const peel_crime_scope *scope, peel_month from, peel_month to,
                      peel_crime_cell_cb cb, void *ctx, peel_err *err)
{
    char sql[1024];
    sqlite3_stmt *st, *lsoas;
    /* The scope's LSOAs, then each one's cells by crime_count's primary key:
     * an LSOA's district and NPA are read once, not with each of its cells. */
    snprintf(sql, sizeof sql,
             "SELECT l.id, IFNULL(l.district_id, 0), IFNULL(l.npa_id, 0) FROM crime_lsoa l"
             " WHERE %s",
             scope_cond(scope));
    if (peel_store_sqlite_prepare(s, sql, &lsoas, err) < 0)
        return -1;
    if (peel_store_sqlite_prepare(s,
                                  "SELECT month, type_id, outcome_id, n, force_id FROM crime_count"
                                  " WHERE lsoa_id = ?1 AND month BETWEEN ?2 AND ?3",
                                  &st, err) < 0) {
        peel_store_sqlite_release(s, lsoas);
        return -1;
    }
    sqlite3_bind_int64(lsoas, 3, scope->area_id);
    sqlite3_bind_int(st, 2, from);
    sqlite3_bind_int(st, 3, to);
    int rc = 0, l_rc = SQLITE_DONE, s_rc = SQLITE_DONE;
    while (rc == 0 && (l_rc = sqlite3_step(lsoas)) == SQLITE_ROW) {
        peel_crime_cell c = {.lsoa_id = sqlite3_column_int64(lsoas, 0),
                             .district_id = sqlite3_column_int64(lsoas, 1),
                             .npa_id = sqlite3_column_int64(lsoas, 2)};
        sqlite3_bind_int64(st, 1, c.lsoa_id);
        while ((s_rc = sqlite3_step(st)) == SQLITE_ROW) {
            c.month = sqlite3_column_int(st, 0);
            c.type_id = sqlite3_column_int64(st, 1);
            c.outcome_id = sqlite3_column_int64(st, 2);
            c.n = sqlite3_column_int64(st, 3);
            c.force_id = sqlite3_column_int64(st, 4);
            if ((rc = cb(ctx, &c, err)) != 0)
                break;
        }
        if (rc == 0 && s_rc != SQLITE_DONE)
            rc = peel_store_sqlite_err(s, err, "reading counts");
        sqlite3_reset(st);
    }
    if (rc == 0 && l_rc != SQLITE_DONE)
        rc = peel_store_sqlite_err(s, err, "reading an area's LSOAs");
    peel_store_sqlite_release(s, st);
    peel_store_sqlite_release(s, lsoas);
    return rc < 0 ? -1 : 0;
}

static int crime_cells(peel_store *s, const peel_crime_scope *scope, peel_month from, peel_month to,
                       peel_crime_cell_cb cb, void *ctx, peel_err *err)
{
    sqlite3_stmt *st;
    if (strcmp(scope->kind, "force"))
        return lsoa_cells(s, scope, from, to, cb, ctx, err);
    /* A force's districts' cells summed by district (crime_db.h). */
    if (peel_store_sqlite_prepare(s,
                                  "SELECT d.month, d.type_id, d.outcome_id, 0, d.district_id, 0,"
                                  " d.n, d.force_id FROM crime_district_count d"
                                  " WHERE d.district_id IN (SELECT id FROM area WHERE parent = ?3"
                                  " AND kind = 'district') AND d.month BETWEEN ?1 AND ?2",
                                  &st, err) < 0)
        return -1;
    sqlite3_bind_int(st, 1, from);
    sqlite3_bind_int(st, 2, to);
    sqlite3_bind_int64(st, 3, scope->area_id);
    if (cells_each(s, st, cb, ctx, err) < 0)
        return -1;
    /* What the force's own files placed outside its districts: the LSOAs
     * it reported (crime_force_lsoa) that lie outside them, and their cells
     * by the primary key.  "+ 0": not crime_count_force, which would read
     * every cell the force reported. */
    for (size_t i = 0; i < scope->nown; i++) {
        if (peel_store_sqlite_prepare(
                s,
                CELL_COLUMNS " FROM crime_force_lsoa p JOIN crime_lsoa l ON l.id = p.lsoa_id"
                             " JOIN crime_count c ON c.lsoa_id = p.lsoa_id"
                             " AND c.month BETWEEN ?1 AND ?2 AND c.force_id + 0 = ?4"
                             " WHERE p.force_id = ?4 AND IFNULL(l.district_id, 0) NOT IN"
                             " (SELECT id FROM area WHERE parent = ?3 AND kind = 'district')",
                &st, err) < 0)
            return -1;
        sqlite3_bind_int(st, 1, from);
        sqlite3_bind_int(st, 2, to);
        sqlite3_bind_int64(st, 3, scope->area_id);
        sqlite3_bind_int64(st, 4, scope->own[i]);
        if (cells_each(s, st, cb, ctx, err) < 0)
            return -1;
    }
    return 0;
}

static int crime_dims(peel_store *s, enum peel_crime_dim kind, peel_crime_dim_cb cb, void *ctx,
                      peel_err *err)
{
    sqlite3_stmt *st;
    int rc = 0, s_rc;
    if (peel_store_sqlite_prepare(
            s, "SELECT id, value FROM crime_dim WHERE kind = ? ORDER BY value", &st, err) < 0)
        return -1;
    sqlite3_bind_int(st, 1, (int)kind);
    while ((s_rc = sqlite3_step(st)) == SQLITE_ROW)
        if ((rc = cb(ctx, sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
                     err)) != 0)
            break;
    if (rc == 0 && s_rc != SQLITE_DONE)
        rc = peel_store_sqlite_err(s, err, "reading names");
    peel_store_sqlite_release(s, st);
    return rc < 0 ? -1 : 0;
}

static int crime_lsoas(peel_store *s, const peel_crime_scope *scope, peel_crime_lsoa_cb cb,
                       void *ctx, peel_err *err)
{
    char sql[512];
    sqlite3_stmt *st;
    int rc = 0, s_rc;
    snprintf(sql, sizeof sql,
             "SELECT l.id, l.code, l.name FROM crime_lsoa l WHERE l.id <> 0 AND %s ORDER BY l.code",
             scope_cond(scope));
    if (peel_store_sqlite_prepare(s, sql, &st, err) < 0)
        return -1;
    sqlite3_bind_int64(st, 3, scope->area_id);
    while ((s_rc = sqlite3_step(st)) == SQLITE_ROW)
        if ((rc = cb(ctx, sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1),
                     (const char *)sqlite3_column_text(st, 2), err)) != 0)
            break;
    if (rc == 0 && s_rc != SQLITE_DONE)
        rc = peel_store_sqlite_err(s, err, "reading LSOAs");
    peel_store_sqlite_release(s, st);
    return rc < 0 ? -1 : 0;
}

static int crime_month_range(peel_store *s, peel_month *first, peel_month *last, peel_err *err)
{
    sqlite3_stmt *st;
    if (peel_store_sqlite_prepare(
            s,
            "SELECT min(month), max(month) FROM crime_file WHERE kind = 'street' AND current = 1",
            &st, err) < 0)
        return -1;
    int rc = sqlite3_step(st);
    int have = rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL;
    *first = have ? sqlite3_column_int(st, 0) : -1;
    *last = have ? sqlite3_column_int(st, 1) : -1;
    peel_store_sqlite_release(s, st);
    if (rc != SQLITE_ROW)
        return peel_store_sqlite_err(s, err, "reading months");
    return have;
}

static int crime_pairs_check(peel_store *s, int64_t *missing, int64_t *extra, peel_err *err)
{
    sqlite3_stmt *st;
    if (peel_store_sqlite_prepare(s, PAIRS_CHECK_SQL, &st, err) < 0)
        return -1;
    int rc = sqlite3_step(st);
    *missing = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    *extra = rc == SQLITE_ROW ? sqlite3_column_int64(st, 1) : 0;
    peel_store_sqlite_release(s, st);
    if (rc != SQLITE_ROW)
        return peel_store_sqlite_err(s, err, "checking the LSOAs by reporting force");
    return 0;
}

/* The sums of crime_district_count that differ from the counts summed
 * again: wrong, missing or left over. */
static int crime_sums_check(peel_store *s, int64_t *wrong, peel_err *err)
{
    sqlite3_stmt *st;
    if (peel_store_sqlite_prepare(
            s,
            "WITH summed AS (SELECT l.district_id, c.month, c.force_id, c.type_id, c.outcome_id,"
            " sum(c.n) AS n FROM crime_count c JOIN crime_lsoa l ON l.id = c.lsoa_id"
            " WHERE l.district_id IS NOT NULL GROUP BY 1, 2, 3, 4, 5)"
            " SELECT count(*) FROM summed s FULL JOIN crime_district_count d"
            " USING (district_id, month, force_id, type_id, outcome_id)"
            " WHERE s.n IS NOT d.n",
            &st, err) < 0)
        return -1;
    int rc = sqlite3_step(st);
    *wrong = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    peel_store_sqlite_release(s, st);
    return rc == SQLITE_ROW ? 0 : peel_store_sqlite_err(s, err, "checking the counts by district");
}

static int crime_months(peel_store *s, peel_crime_month_cb cb, void *ctx, peel_err *err)
{
    sqlite3_stmt *st;
    int rc = 0, s_rc;
    if (peel_store_sqlite_prepare(
            s,
            "SELECT DISTINCT month FROM crime_file WHERE kind = 'street' AND current = 1"
            " ORDER BY month",
            &st, err) < 0)
        return -1;
    while ((s_rc = sqlite3_step(st)) == SQLITE_ROW)
        if ((rc = cb(ctx, sqlite3_column_int(st, 0), err)) != 0)
            break;
    if (rc == 0 && s_rc != SQLITE_DONE)
        rc = peel_store_sqlite_err(s, err, "reading months");
    peel_store_sqlite_release(s, st);
    return rc < 0 ? -1 : 0;
}

/* ---- rows for the figures (repeat.c, outcome_join.c, search_place.c) ---- */

/* A column's text as a malloc'd string in *out: 0, or -1 out of memory. */
static int dup_text(sqlite3_stmt *st, int col, char **out, peel_err *err)
{
    const char *t = (const char *)sqlite3_column_text(st, col);
    if (!(*out = strdup(t ? t : "")))
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    return 0;
}

static int crime_street_rows(peel_store *s, peel_month from, peel_month to, peel_month pfrom,
                             peel_month pto, peel_crime_street_cb cb, void *ctx, peel_err *err)
{
    sqlite3_stmt *st;
    int s_rc = SQLITE_DONE, rc = 0;
    if (peel_store_sqlite_prepare(s,
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
        peel_crime_street_row row = {.month = sqlite3_column_int(st, 0)};
        peel_crime_chunk_reader rd;
        peel_crime_chunk_row r;
        int k;
        peel_crime_chunk_reader_init(&rd, sqlite3_column_blob(st, 3),
                                     (size_t)sqlite3_column_bytes(st, 3),
                                     sqlite3_column_int64(st, 2));
        while ((k = peel_crime_chunk_next(&rd, &r, err)) > 0) {
            row.lsoa_id = r.lsoa_id;
            row.type_id = r.type_id;
            row.outcome_id = r.outcome_id;
            row.street_id = r.street_id;
            row.at = (peel_crime_point){r.located, r.lat, r.lon};
            row.crime_id = r.binary_id ? r.crime_id : NULL;
            if ((rc = cb(ctx, &row, err)) != 0)
                break;
        }
        if (k < 0) {
            peel_err_prefix(err, "crime_chunk %lld", (long long)sqlite3_column_int64(st, 1));
            rc = -1;
        }
    }
    return peel_store_sqlite_rows_done(s, st, rc, rc ? SQLITE_DONE : s_rc, "reading crimes", err);
}

static int crime_lsoa_get(peel_store *s, int64_t id, char **code, char **name, peel_err *err)
{
    sqlite3_stmt *st;
    if (peel_store_sqlite_prepare(s, "SELECT code, name FROM crime_lsoa WHERE id = ?1", &st, err) <
        0)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st), out = 0;
    if (rc == SQLITE_ROW)
        out = dup_text(st, 0, code, err) < 0 || dup_text(st, 1, name, err) < 0 ? -1 : 1;
    else if (rc != SQLITE_DONE)
        out = peel_store_sqlite_err(s, err, "reading an LSOA");
    peel_store_sqlite_release(s, st);
    return out;
}

static int crime_dim_value(peel_store *s, int64_t id, char **value, peel_err *err)
{
    sqlite3_stmt *st;
    if (peel_store_sqlite_prepare(s, "SELECT value FROM crime_dim WHERE id = ?1", &st, err) < 0)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    int rc = sqlite3_step(st), out = 0;
    if (rc == SQLITE_ROW)
        out = dup_text(st, 0, value, err) < 0 ? -1 : 1;
    else if (rc != SQLITE_DONE)
        out = peel_store_sqlite_err(s, err, "reading names");
    peel_store_sqlite_release(s, st);
    return out;
}

/* The int of a one-row query whose ?1 and ?2 are months: 0 or 1, -1 on error. */
static int exists_between(peel_store *s, const char *sql, peel_month a, peel_month b,
                          const char *what, peel_err *err)
{
    sqlite3_stmt *st;
    if (peel_store_sqlite_prepare(s, sql, &st, err) < 0)
        return -1;
    sqlite3_bind_int(st, 1, a);
    sqlite3_bind_int(st, 2, b);
    int rc = sqlite3_step(st);
    int out =
        rc == SQLITE_ROW ? sqlite3_column_int(st, 0) != 0 : peel_store_sqlite_err(s, err, what);
    peel_store_sqlite_release(s, st);
    return out;
}

static int crime_outcomes_since(peel_store *s, peel_month from, peel_err *err)
{
    return exists_between(s,
                          "SELECT EXISTS (SELECT 1 FROM crime_file WHERE kind = 'outcomes'"
                          " AND current = 1 AND first_row > 0 AND month >= ?1 AND ?2 = ?2)",
                          from, 0, "finding outcomes files", err);
}

static int crime_outcome_rows(peel_store *s, peel_month from, peel_crime_outcome_row_cb cb,
                              void *ctx, peel_err *err)
{
    sqlite3_stmt *st;
    int rc = 0, s_rc;
    /* An outcome comes in its own month, never before the crime's. */
    if (peel_store_sqlite_prepare(
            s,
            "SELECT o.id, o.month, o.crime_id, o.outcome_type_id FROM crime_outcome o"
            " JOIN crime_file f ON o.id BETWEEN f.first_row AND f.last_row"
            " WHERE f.kind = 'outcomes' AND f.current = 1 AND f.first_row > 0"
            " AND f.month >= ?1 AND o.outcome_type_id <> 0",
            &st, err) < 0)
        return -1;
    sqlite3_bind_int(st, 1, from);
    while ((s_rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (sqlite3_column_bytes(st, 2) != 32)
            continue;
        if ((rc = cb(ctx, sqlite3_column_int64(st, 0), sqlite3_column_int(st, 1),
                     sqlite3_column_blob(st, 2), sqlite3_column_int64(st, 3), err)) != 0)
            break;
    }
    return peel_store_sqlite_rows_done(s, st, rc, s_rc, "reading outcomes", err);
}

static int crime_searches_any(peel_store *s, peel_month from, peel_month to, peel_err *err)
{
    return exists_between(
        s, "SELECT EXISTS (SELECT 1 FROM crime_search WHERE month BETWEEN ?1 AND ?2)", from, to,
        "reading stop and search", err);
}

static int crime_search_rows(peel_store *s, enum peel_crime_dim by, peel_month from, peel_month to,
                             peel_crime_search_row_cb cb, void *ctx, peel_err *err)
{
    /* The column for each groupable dimension: a fixed list, never input. */
    const char *sql;
#define SEARCH_SQL(col)                                                                            \
    "SELECT IFNULL(d.value, ''), s.lat, s.lon FROM crime_search s"                                 \
    " LEFT JOIN crime_dim d ON d.id = s." col " WHERE s.month BETWEEN ?1 AND ?2"
    switch (by) {
    case PEEL_DIM_LEGISLATION:
        sql = SEARCH_SQL("legislation_id");
        break;
    case PEEL_DIM_OBJECT:
        sql = SEARCH_SQL("object_id");
        break;
    case PEEL_DIM_SEARCH_OUTCOME:
        sql = SEARCH_SQL("outcome_id");
        break;
    case PEEL_DIM_ETHNICITY:
        sql = SEARCH_SQL("ethnicity_id");
        break;
    case PEEL_DIM_OFFICER_ETHNICITY:
        sql = SEARCH_SQL("officer_ethnicity_id");
        break;
    case PEEL_DIM_SEARCH_TYPE:
        sql = SEARCH_SQL("type_id");
        break;
    case PEEL_DIM_GENDER:
        sql = SEARCH_SQL("gender_id");
        break;
    case PEEL_DIM_AGE:
        sql = SEARCH_SQL("age_id");
        break;
    default:
        return peel_err_set(err, PEEL_EINTERNAL, "stop and search has no dimension %d", (int)by);
    }
#undef SEARCH_SQL
    sqlite3_stmt *st;
    int rc = 0, s_rc;
    if (peel_store_sqlite_prepare(s, sql, &st, err) < 0)
        return -1;
    sqlite3_bind_int(st, 1, from);
    sqlite3_bind_int(st, 2, to);
    while ((s_rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(st, 0);
        peel_crime_point at = {.set = sqlite3_column_type(st, 1) != SQLITE_NULL,
                               .lat = (int32_t)sqlite3_column_int64(st, 1),
                               .lon = (int32_t)sqlite3_column_int64(st, 2)};
        if ((rc = cb(ctx, v ? v : "", &at, err)) != 0)
            break;
    }
    return peel_store_sqlite_rows_done(s, st, rc, s_rc, "reading stop and search", err);
}

static int crime_files(peel_store *s, peel_crime_file_cb cb, void *ctx, peel_err *err)
{
    sqlite3_stmt *st;
    int rc = 0, s_rc;
    if (peel_store_sqlite_prepare(
            s,
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
    peel_store_sqlite_release(s, st);
    return rc < 0 ? -1 : 0;
}

static int crime_population(peel_store *s, int64_t area_id, int year, const char *ethnicity,
                            int64_t *pop, char *source, size_t sourcesz, peel_err *err)
{
    sqlite3_stmt *st;
    if (peel_store_sqlite_prepare(
            s,
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
    peel_store_sqlite_release(s, st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return peel_store_sqlite_err(s, err, "reading population");
    return rc == SQLITE_ROW;
}

/* ---- whole tables, for `peel copy` (crime_ops.h) ---- */

/* Prepares the SQL built in sql, which it releases: 0, or -1 with err (out
 * of memory while building it, or SQLite's refusal). */
static int prepare_built(peel_store *s, peel_buf *sql, sqlite3_stmt **st, peel_err *err)
{
    int rc = sql->failed ? peel_err_set(err, PEEL_ENOMEM, "out of memory")
                         : peel_store_sqlite_prepare(s, sql->data, st, err);
    peel_buf_release(sql);
    return rc < 0 ? -1 : 0;
}

static int crime_table_rows(peel_store *s, const peel_crime_table *t, peel_crime_row_cb cb,
                            void *ctx, peel_err *err)
{
    peel_buf sql = PEEL_BUF_INIT;
    sqlite3_stmt *st;
    const char *cells[PEEL_CRIME_TABLE_COLS];
    int rc = 0, s_rc;

    peel_buf_puts(&sql, "SELECT ");
    for (size_t i = 0; i < t->ncols; i++) {
        bool blob = t->blob && !strcmp(t->blob, t->cols[i]);
        peel_buf_printf(&sql, blob ? "%slower(hex(\"%s\"))" : "%s\"%s\"", i ? ", " : "",
                        t->cols[i]);
    }
    peel_buf_printf(&sql, " FROM %s ORDER BY %s", t->name, t->order);
    if (prepare_built(s, &sql, &st, err) < 0)
        return -1;
    while ((s_rc = sqlite3_step(st)) == SQLITE_ROW) {
        for (size_t i = 0; i < t->ncols; i++)
            cells[i] = (const char *)sqlite3_column_text(st, (int)i);
        if ((rc = cb(ctx, t->name, t->ncols, cells, err)) != 0)
            break;
    }
    if (rc == 0 && s_rc != SQLITE_DONE && s_rc != SQLITE_ROW)
        rc = peel_store_sqlite_err(s, err, t->name);
    peel_store_sqlite_release(s, st);
    return rc < 0 ? -1 : rc;
}

static int hex_digit(char c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

static int crime_table_put(peel_store *s, const peel_crime_table *t, const char *const *cells,
                           peel_err *err)
{
    peel_buf sql = PEEL_BUF_INIT;
    sqlite3_stmt *st;
    unsigned char *bytes = NULL;
    int rc;

    peel_buf_printf(&sql, "INSERT INTO %s (", t->name);
    for (size_t i = 0; i < t->ncols; i++)
        peel_buf_printf(&sql, "%s\"%s\"", i ? ", " : "", t->cols[i]);
    peel_buf_puts(&sql, ") VALUES (");
    for (size_t i = 0; i < t->ncols; i++)
        peel_buf_puts(&sql, i ? ", ?" : "?");
    peel_buf_puts(&sql, ")");
    if (prepare_built(s, &sql, &st, err) < 0)
        return -1;
    for (size_t i = 0; i < t->ncols && rc == 0; i++) {
        if (!cells[i]) {
            sqlite3_bind_null(st, (int)i + 1);
        } else if (t->blob && !strcmp(t->blob, t->cols[i])) {
            size_t n = strlen(cells[i]) / 2;
            free(bytes);
            if (!(bytes = malloc(n ? n : 1))) {
                rc = peel_err_set(err, PEEL_ENOMEM, "out of memory");
                break;
            }
            for (size_t j = 0; j < n; j++) {
                int hi = hex_digit(cells[i][2 * j]), lo = hex_digit(cells[i][2 * j + 1]);
                if (hi < 0 || lo < 0) {
                    rc =
                        peel_err_set(err, PEEL_EINTERNAL, "%s: %s is not hex", t->name, t->cols[i]);
                    break;
                }
                bytes[j] = (unsigned char)(hi << 4 | lo);
            }
            sqlite3_bind_blob(st, (int)i + 1, bytes, (int)n, SQLITE_TRANSIENT);
        } else {
            sqlite3_bind_text(st, (int)i + 1, cells[i], -1, SQLITE_STATIC);
        }
    }
    if (rc == 0 && sqlite3_step(st) != SQLITE_DONE)
        rc = peel_store_sqlite_err(s, err, t->name);
    free(bytes);
    peel_store_sqlite_release(s, st);
    return rc;
}

/* The district sums are not copied but made again, from the counts and the
 * LSOAs' districts (copied before them). */
static int crime_table_done(peel_store *s, const peel_crime_table *t, peel_err *err)
{
    return strcmp(t->name, "crime_count") ? 0 : district_sums(s, true, 0, 0, err);
}

const peel_crime_db_ops peel_store_sqlite_crime_ops = {
    .migrations = peel_crime_migrations,
    .open = crime_open,
    .close = crime_close,
    .file_named = crime_file_named,
    .file_seen = crime_file_seen,
    .dim = crime_dim,
    .lsoa = crime_lsoa,
    .replace = crime_replace,
    .file_add = crime_file_add,
    .chunk_add = crime_chunk_add,
    .counts_add = crime_counts_add,
    .outcome_add = crime_outcome_add,
    .search_add = crime_search_add,
    .refresh_geo = crime_refresh_geo,
    .lsoa_next = crime_lsoa_next,
    .bulk_begin = crime_bulk_begin,
    .bulk_end = crime_bulk_end,
    .bulk = crime_bulk,
    .savepoint = crime_savepoint,
    .savepoint_release = crime_savepoint_release,
    .savepoint_rollback = crime_savepoint_rollback,
    .area_find = crime_area_find,
    .areas = crime_areas,
    .districts_with_data = crime_districts_with_data,
    .cells = crime_cells,
    .dims = crime_dims,
    .lsoas = crime_lsoas,
    .month_range = crime_month_range,
    .pairs_check = crime_pairs_check,
    .sums_check = crime_sums_check,
    .months = crime_months,
    .street_rows = crime_street_rows,
    .lsoa_get = crime_lsoa_get,
    .dim_value = crime_dim_value,
    .outcomes_since = crime_outcomes_since,
    .outcome_rows = crime_outcome_rows,
    .searches_any = crime_searches_any,
    .search_rows = crime_search_rows,
    .files = crime_files,
    .table_rows = crime_table_rows,
    .table_put = crime_table_put,
    .table_done = crime_table_done,
    .population = crime_population,
};
