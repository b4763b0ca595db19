/* sqlite/store.c - the SQLite backend: its record operations (backend.h),
 * behind the store.h dispatcher.
 *
 * Tables come from the record declarations: one table per type named after
 * it, an INTEGER PRIMARY KEY id, created_at/updated_at, and one column per
 * field (two, NAME_lat and NAME_lon, for a point).  Dates, months, financial
 * years and datetimes are stored as their ISO text so the file reads plainly
 * in any SQLite tool; money, integers, booleans and references as INTEGER.
 *
 * Migrations go forward only, in the order store.c applies them: the numbered
 * ones in `core_migrations[]` (tables that are not declarations: meta,
 * audit, the change count), the declarative diff (a missing table is created, a missing column
 * added), then each module's numbered ones; this file provides the steps.
 * Every statement is prepared with bound parameters; identifiers come only
 * from the static declarations (and savepoint names store.c has checked),
 * never from input.
 *
 * Prepared statements are cached per connection (each web worker thread has
 * its own store), keyed by their SQL text, or for the record statements by
 * the query's shape (type, filter fields and operators, order), so a hit
 * builds no text at all: a list page asks for the same handful of statements
 * on every request, and preparing them (SQLite's parser and planner) was the
 * largest cost left after the kernel's.  Statements are reset and their bindings
 * cleared as soon as a call is done with them, so no binding or open read
 * survives a call; a migration finalizes them all.  A statement still in use
 * by a caller further up the stack (a select callback that asks the store
 * again) is never handed out twice: the nested call prepares its own.
 */
#include "store/sqlite/sqlite.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/date.h"
#include "core/log.h"
#include "core/str.h"
#include "store/crime_ops.h"

typedef struct cached_stmt {
    sqlite3_stmt *st; /* NULL: a free slot */
    char *sql;        /* the key, owned: SQL text, or a query's shape (shape_key) */
    size_t len;
    uint64_t hash;
    uint64_t used; /* LRU clock */
    bool busy;     /* handed out and not yet released */
    bool stale;    /* finalize on release (the schema changed meanwhile) */
} cached_stmt;

#define PEEL_SQ_DIRTY_MAX 32

/* A macro's value as a string literal (for a PRAGMA). */
#define SQ_STR_(x) #x
#define SQ_STR(x) SQ_STR_(x)

/* A connection: a peel_store to the dispatcher, this to the backend. */
typedef struct sq_store {
    peel_store base; /* first, so a peel_store * is a sq_store * */
    sqlite3 *db;
    cached_stmt cache[PEEL_STMT_CACHE_MAX];
    size_t cache_cap; /* slots in use of cache[]; 0 turns the cache off */
    uint64_t clock;
    peel_stmt_cache_stats stats;
    peel_buf sql; /* scratch for SQL text built on a miss; free once prepared */
    /* The change counts (peel_change_counts, below): the groups a row
     * was written in since the transaction (or the statement, outside
     * one) began, in the order first written (the last group's name is
     * the hook's quick test); and how many there were at each open
     * savepoint, innermost last, so rolling back to one forgets what it
     * undid.  More groups than fit count as one "peel_overflow", which no
     * page declares and every page therefore reads. */
    struct {
        char name[64];
    } dirty[PEEL_SQ_DIRTY_MAX];
    size_t ndirty;
    bool overflow;
    struct {
        char name[64];
        size_t ndirty;
        bool overflow;
    } sp[16]; /* one opened beyond these is not followed: a count too many */
    size_t nsp;
    int wal_retry; /* the log's length at which on_wal next waits for readers */
} sq_store;

static sq_store *as_sq(peel_store *s)
{
    return (sq_store *)s;
}

static const peel_migration core_migrations[] = {
    {1, "meta and audit tables",
     "CREATE TABLE IF NOT EXISTS peel_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
     "CREATE TABLE IF NOT EXISTS peel_audit ("
     "  id INTEGER PRIMARY KEY, type TEXT NOT NULL, record_id INTEGER NOT NULL,"
     "  at TEXT NOT NULL, user TEXT NOT NULL, action TEXT NOT NULL,"
     "  field TEXT, old_value TEXT, new_value TEXT);"
     "CREATE INDEX IF NOT EXISTS peel_audit_record ON peel_audit(type, record_id);",
     NULL},
    /* One row, n: raised by one in every transaction that wrote a row that
     * shows somewhere (until migration 3). */
    {2, "change count",
     "CREATE TABLE peel_change_count (id INTEGER PRIMARY KEY CHECK (id = 1),"
     "  n INTEGER NOT NULL);"
     "INSERT INTO peel_change_count (id, n) VALUES (1, 1);",
     NULL},
    /* A row per group (peel_store_changes_each; see "the change counts"),
     * raised by one in every transaction that wrote a row of it.  The old
     * single count goes on as a group no page declares, so the sum of the
     * counts never falls. */
    {3, "change counts by group",
     "CREATE TABLE peel_change_counts (grp TEXT PRIMARY KEY, n INTEGER NOT NULL);"
     "INSERT INTO peel_change_counts (grp, n) SELECT 'peel_change_count', n"
     "  FROM peel_change_count;"
     "DROP TABLE peel_change_count;",
     NULL},
    {0, NULL, NULL, NULL},
};

sqlite3 *peel_store_sqlite_db(peel_store *s)
{
    return as_sq(s)->db;
}

static int db_err(sq_store *s, peel_err *err, const char *what)
{
    int rc = sqlite3_extended_errcode(s->db);
    enum peel_code code = PEEL_EDB;

    if (rc == SQLITE_CONSTRAINT_FOREIGNKEY || rc == SQLITE_CONSTRAINT_UNIQUE ||
        rc == SQLITE_CONSTRAINT_NOTNULL || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
        code = PEEL_EINPUT;
    return peel_err_set(err, code, "%s: %s", what, sqlite3_errmsg(s->db));
}

static int exec(sq_store *s, const char *sql, peel_err *err)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        peel_err_set(err, PEEL_EDB, "database: %s", msg ? msg : "unknown error");
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

int peel_store_sqlite_err(peel_store *s, peel_err *err, const char *what)
{
    return db_err(as_sq(s), err, what);
}

static int prepare(sq_store *s, const char *sql, sqlite3_stmt **st, peel_err *err)
{
    if (sqlite3_prepare_v2(s->db, sql, -1, st, NULL) != SQLITE_OK)
        return db_err(s, err, "database");
    return 0;
}

/* ---- the prepared-statement cache ---- */

static uint64_t sql_hash(const char *p, size_t n)
{
    uint64_t h = 14695981039346656037u; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * 1099511628211u;
    return h;
}

static void slot_drop(cached_stmt *c)
{
    sqlite3_finalize(c->st);
    free(c->sql);
    *c = (cached_stmt){0};
}

/* A function that writes the SQL text of a statement into b (on a miss). */
typedef int (*sql_builder)(peel_buf *b, const void *ctx);

/* The statement cached under key (any bytes: SQL text, or a query's shape),
 * built and prepared on a miss. */
static int prepare_keyed(sq_store *s, const void *key, size_t len, sql_builder build,
                         const void *ctx, sqlite3_stmt **out, peel_err *err)
{
    uint64_t h = sql_hash(key, len);
    cached_stmt *victim = NULL;
    const char *sql = ctx;
    sqlite3_stmt *st;
    char *copy;
    bool cacheable = true;

    *out = NULL;
    for (size_t i = 0; i < s->cache_cap; i++) {
        cached_stmt *c = &s->cache[i];
        if (c->st && c->hash == h && c->len == len && memcmp(c->sql, key, len) == 0) {
            if (c->busy) { /* in use further up the stack: a second, uncached one */
                cacheable = false;
                break;
            }
            c->busy = true;
            c->used = ++s->clock;
            s->stats.hits++;
            *out = c->st;
            return 0;
        }
        if (!c->busy && (!victim || !c->st || (victim->st && c->used < victim->used)))
            victim = c;
    }
    s->stats.misses++;
    if (build) {
        peel_buf *b = &s->sql;
        peel_buf_reset(b);
        if (build(b, ctx) < 0 || b->failed)
            return peel_err_set(err, PEEL_ENOMEM, "out of memory");
        sql = peel_buf_str(b);
    }
    if (!cacheable || !victim || !(copy = malloc(len))) /* uncached */
        return prepare(s, sql, out, err);
    if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
        free(copy);
        return db_err(s, err, "database");
    }
    if (victim->st) {
        s->stats.evictions++;
        slot_drop(victim);
    }
    memcpy(copy, key, len);
    *victim = (cached_stmt){
        .st = st, .sql = copy, .len = len, .hash = h, .used = ++s->clock, .busy = true};
    *out = st;
    return 0;
}

static int stmt_prepare(sq_store *s, const char *sql, sqlite3_stmt **out, peel_err *err)
{
    return prepare_keyed(s, sql, strlen(sql), NULL, sql, out, err);
}

int peel_store_sqlite_prepare(peel_store *s, const char *sql, sqlite3_stmt **out, peel_err *err)
{
    return stmt_prepare(as_sq(s), sql, out, err);
}

static void count_autocommit(sq_store *s);

static void stmt_release(sq_store *s, sqlite3_stmt *st)
{
    if (!st)
        return;
    for (size_t i = 0; i < s->cache_cap; i++) {
        cached_stmt *c = &s->cache[i];
        if (c->st != st)
            continue;
        if (c->stale) {
            slot_drop(c);
        } else {
            /* Ends any read it holds and forgets the bindings, which may
             * point into the caller's (SQLITE_STATIC) memory. */
            sqlite3_reset(st);
            sqlite3_clear_bindings(st);
            c->busy = false;
        }
        count_autocommit(s);
        return;
    }
    sqlite3_finalize(st);
    count_autocommit(s);
}

void peel_store_sqlite_release(peel_store *s, sqlite3_stmt *st)
{
    stmt_release(as_sq(s), st);
}

static int rows_done(sq_store *s, sqlite3_stmt *st, int cb_rc, int step, const char *what,
                     peel_err *err)
{
    int rc = cb_rc < 0 ? -1 : 0;
    if (cb_rc == 0 && step != SQLITE_ROW && step != SQLITE_DONE)
        rc = db_err(s, err, what);
    stmt_release(s, st);
    return rc;
}

int peel_store_sqlite_rows_done(peel_store *s, sqlite3_stmt *st, int cb_rc, int step,
                                const char *what, peel_err *err)
{
    return rows_done(as_sq(s), st, cb_rc, step, what, err);
}

/* Finalizes every cached statement (those in use when they are released). */
static void cache_flush(sq_store *s)
{
    for (size_t i = 0; i < PEEL_STMT_CACHE_MAX; i++) {
        cached_stmt *c = &s->cache[i];
        if (c->busy)
            c->stale = true;
        else if (c->st)
            slot_drop(c);
    }
}

void peel_store_sqlite_cache_size(peel_store *ps, size_t n)
{
    sq_store *s = as_sq(ps);
    cache_flush(s);
    for (size_t i = 0; i < PEEL_STMT_CACHE_MAX; i++)
        if (s->cache[i].st && i >= n) /* busy beyond the new size: keep it findable */
            n = i + 1;
    s->cache_cap = n < PEEL_STMT_CACHE_MAX ? n : PEEL_STMT_CACHE_MAX;
}

void peel_store_sqlite_cache_stats(peel_store *ps, peel_stmt_cache_stats *out)
{
    sq_store *s = as_sq(ps);
    *out = s->stats;
    out->cached = 0;
    for (size_t i = 0; i < s->cache_cap; i++)
        out->cached += s->cache[i].st != NULL;
}

/* Runs one statement that returns no rows through the cache. */
static int exec1(sq_store *s, const char *sql, peel_err *err)
{
    sqlite3_stmt *st;
    int rc = 0;
    if (stmt_prepare(s, sql, &st, err) < 0)
        return -1;
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = db_err(s, err, "database");
    stmt_release(s, st);
    return rc;
}

/* ---- the change counts ----
 *
 * peel_store_changes_each reads peel_change_counts, a row per group, which
 * every transaction that wrote a row of a group raises by one before it
 * commits, in that transaction: a snapshot's counts and its rows always go
 * together, in every process.  Which writes count, and in which group, is
 * decided here, once, for every writer: SQLite's update hook sees each row
 * written to a table with a rowid and notes the group of its table
 * (peel_store_change_group: none for the web application's own tables,
 * web_*, which no page shows, nor for the counts themselves).  sq_commit
 * raises the count of each group noted; rolling back, whole or to a
 * savepoint, forgets what it undid.  A write outside a transaction
 * (autocommit) is counted in a transaction of its own just after it
 * (stmt_release), so a reader may see the row before the count: a cache
 * then keeps a page newer than its count, which the count's move drops --
 * never an older one.
 *
 * What the hook does not see: tables WITHOUT ROWID (web_*, and crime_count,
 * written only beside crime_chunk and crime_file rows, which it sees) and
 * a DELETE with no WHERE on a table without triggers (SQLite empties it
 * whole); no writer here does one on a table a page shows. */

/* After each commit in WAL mode, with the log's length in pages (sqlite.h,
 * PEEL_SQLITE_WAL_*): SQLite's own copy of the log into the file, and from
 * PEEL_SQLITE_WAL_RESTART pages a wait for the log's readers, so that the
 * log begins again instead of growing while reads never stop. */
static int on_wal(void *ctx, sqlite3 *db, const char *name, int pages)
{
    sq_store *s = ctx;
    int mode = SQLITE_CHECKPOINT_PASSIVE;

    if (pages < PEEL_SQLITE_WAL_PASSIVE)
        return SQLITE_OK;
    if (pages >= PEEL_SQLITE_WAL_RESTART && pages >= s->wal_retry) {
        /* the longer the log, the longer the wait it is worth */
        int wait = PEEL_SQLITE_WAL_WAIT_MS * (pages / PEEL_SQLITE_WAL_RESTART);
        mode = SQLITE_CHECKPOINT_RESTART;
        sqlite3_busy_timeout(db, wait < PEEL_SQLITE_WAL_WAIT_MAX_MS ? wait
                                                                    : PEEL_SQLITE_WAL_WAIT_MAX_MS);
    }
    int rc = sqlite3_wal_checkpoint_v2(db, name, mode, NULL, NULL);
    if (mode != SQLITE_CHECKPOINT_PASSIVE) {
        sqlite3_busy_timeout(db, PEEL_SQLITE_BUSY_MS);
        s->wal_retry = rc == SQLITE_OK ? 0 : pages + PEEL_SQLITE_WAL_RESTART / 4;
    }
    return SQLITE_OK; /* a checkpoint that could not finish is no error */
}

static void on_update(void *ctx, int op, const char *db, const char *table, sqlite3_int64 rowid)
{
    sq_store *s = ctx;
    const char *g;
    (void)op;
    (void)rowid;
    if (strcmp(db, "main") != 0)
        return;
    /* the common case: the same table as the last row */
    if (s->ndirty && !strcmp(table, s->dirty[s->ndirty - 1].name))
        return;
    if (!(g = peel_store_change_group(table)))
        return;
    for (size_t i = 0; i < s->ndirty; i++)
        if (!strcmp(g, s->dirty[i].name))
            return;
    if (s->ndirty == PEEL_SQ_DIRTY_MAX || strlen(g) >= sizeof s->dirty[0].name) {
        s->overflow = true;
        return;
    }
    snprintf(s->dirty[s->ndirty++].name, sizeof s->dirty[0].name, "%s", g);
}

static bool is_dirty(const sq_store *s)
{
    return s->ndirty || s->overflow;
}

static void forget_dirty(sq_store *s)
{
    s->ndirty = 0;
    s->overflow = false;
}

/* Raises one group's count (statement cached). */
static int count_group(sq_store *s, const char *g, peel_err *err)
{
    sqlite3_stmt *st;
    int rc = 0;
    if (stmt_prepare(s,
                     "INSERT INTO peel_change_counts (grp, n) VALUES (?, 1)"
                     " ON CONFLICT (grp) DO UPDATE SET n = n + 1",
                     &st, err) < 0)
        return -1;
    sqlite3_bind_text(st, 1, g, -1, SQLITE_STATIC); /* the step is before g changes */
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = db_err(s, err, "change count");
    stmt_release(s, st);
    return rc;
}

/* Raises the counts of the groups noted, in the open transaction (or,
 * outside one, in its own).  A database without the table (before
 * migration 3 ran) counts nothing. */
static int count_change(sq_store *s, peel_err *err)
{
    char names[PEEL_SQ_DIRTY_MAX][64];
    size_t n = s->ndirty;
    bool overflow = s->overflow;
    bool alone = sqlite3_get_autocommit(s->db);
    int rc = 0;

    if (sqlite3_table_column_metadata(s->db, "main", "peel_change_counts", "n", NULL, NULL, NULL,
                                      NULL, NULL) != SQLITE_OK) {
        forget_dirty(s);
        return 0;
    }
    /* copied and forgotten first: the writes below are not counted again */
    for (size_t i = 0; i < n; i++)
        memcpy(names[i], s->dirty[i].name, sizeof names[i]);
    forget_dirty(s);
    if (alone && exec1(s, "BEGIN IMMEDIATE", err) < 0)
        return -1;
    for (size_t i = 0; rc == 0 && i < n; i++)
        rc = count_group(s, names[i], err);
    if (rc == 0 && overflow)
        rc = count_group(s, "peel_overflow", err);
    if (alone) {
        if (rc == 0)
            rc = exec1(s, "COMMIT", err);
        else {
            peel_err ignore = PEEL_ERR_INIT;
            (void)exec1(s, "ROLLBACK", &ignore);
        }
        forget_dirty(s);
    }
    return rc;
}

static void count_autocommit(sq_store *s)
{
    peel_err ignored = PEEL_ERR_INIT;
    if (is_dirty(s) && sqlite3_get_autocommit(s->db)) {
        s->nsp = 0;
        (void)count_change(s, &ignored);
    }
}

static void forget_savepoints(sq_store *s)
{
    forget_dirty(s);
    s->nsp = 0;
}

int peel_store_sqlite_savepoint(peel_store *ps, enum peel_sqlite_sp verb, const char *name,
                                peel_err *err)
{
    static const char *const verbs[] = {"SAVEPOINT", "RELEASE", "ROLLBACK TO"};
    sq_store *s = as_sq(ps);
    sqlite3_stmt *st;
    char sql[128];
    size_t i;
    int rc = 0;

    if (strlen(name) >= sizeof s->sp[0].name)
        return peel_err_set(err, PEEL_EINTERNAL, "savepoint name too long: %s", name);
    snprintf(sql, sizeof sql, "%s \"%s\"", verbs[verb], name);
    for (i = s->nsp; i > 0 && strcmp(s->sp[i - 1].name, name) != 0; i--)
        ;
    if (stmt_prepare(s, sql, &st, err) < 0)
        return -1;
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = db_err(s, err, "savepoint");
    if (rc == 0) {
        switch (verb) {
        case PEEL_SQLITE_SP_BEGIN:
            if (s->nsp < sizeof s->sp / sizeof s->sp[0]) {
                snprintf(s->sp[s->nsp].name, sizeof s->sp[0].name, "%s", name);
                s->sp[s->nsp].ndirty = s->ndirty;
                s->sp[s->nsp++].overflow = s->overflow;
            }
            break;
        case PEEL_SQLITE_SP_RELEASE:
            if (i > 0)
                s->nsp = i - 1;
            break;
        case PEEL_SQLITE_SP_ROLLBACK:
            /* One not followed: stay as dirty as now, a count too many. */
            if (i > 0) {
                s->ndirty = s->sp[i - 1].ndirty;
                s->overflow = s->sp[i - 1].overflow;
                s->nsp = i;
            }
            break;
        }
    }
    stmt_release(s, st); /* a RELEASE of the outermost commits: counted there */
    return rc;
}

/* ---- the connection ---- */

static void single_thread(void)
{
    /* Only possible before SQLite is initialised; otherwise it stays serialized. */
    (void)sqlite3_config(SQLITE_CONFIG_SINGLETHREAD);
}

static void sq_close(peel_store *ps)
{
    sq_store *s = as_sq(ps);
    if (!s)
        return;
    cache_flush(s);
    peel_buf_release(&s->sql);
    sqlite3_close_v2(s->db);
    free(s);
}

static int sq_open(const char *path, bool create, peel_store **out, peel_err *err)
{
    sq_store *s = calloc(1, sizeof *s);
    int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);

    if (!s)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    s->sql = (peel_buf)PEEL_BUF_INIT;
    s->cache_cap = PEEL_STMT_CACHE_DEFAULT;
    const char *cap = getenv("PEEL_STMT_CACHE"); /* for measuring: 0 turns it off */
    long long n;
    if (cap && peel_str_to_i64(peel_str_c(cap), &n) && n >= 0)
        s->cache_cap = n < PEEL_STMT_CACHE_MAX ? (size_t)n : PEEL_STMT_CACHE_MAX;
    if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
        if (!create)
            peel_err_set(err, PEEL_ENOTFOUND,
                         "cannot open database '%s': %s (run 'peel init' to create it)", path,
                         s->db ? sqlite3_errmsg(s->db) : "out of memory");
        else
            peel_err_set(err, PEEL_EIO, "cannot open database '%s': %s", path,
                         s->db ? sqlite3_errmsg(s->db) : "out of memory");
        sqlite3_close(s->db);
        free(s);
        return -1;
    }
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, PEEL_SQLITE_BUSY_MS);
    sqlite3_update_hook(s->db, on_update, s);
    sqlite3_wal_hook(s->db, on_wal, s);
    if (exec(s,
             "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL;"
             "PRAGMA synchronous = NORMAL; PRAGMA secure_delete = ON;"
             "PRAGMA journal_size_limit = " SQ_STR(PEEL_SQLITE_WAL_KEEP) ";",
             err) < 0) {
        peel_err_prefix(err, "database '%s'", path);
        sq_close(&s->base);
        return -1;
    }
    *out = &s->base;
    return 0;
}

static int sq_begin(peel_store *ps, peel_err *err)
{
    sq_store *s = as_sq(ps);
    if (sqlite3_get_autocommit(s->db))
        forget_savepoints(s);
    return exec1(s, "BEGIN IMMEDIATE", err);
}

/* A transaction that wrote rows of groups raises their counts before it
 * commits. */
static int sq_commit(peel_store *ps, peel_err *err)
{
    sq_store *s = as_sq(ps);
    if (is_dirty(s) && count_change(s, err) < 0)
        return -1;
    if (exec1(s, "COMMIT", err) < 0)
        return -1;
    forget_savepoints(s);
    return 0;
}

static void sq_rollback(peel_store *ps)
{
    sq_store *s = as_sq(ps);
    peel_err ignore = PEEL_ERR_INIT;
    forget_savepoints(s); /* first: nothing of it is counted once it is gone */
    if (!sqlite3_get_autocommit(s->db))
        (void)exec1(s, "ROLLBACK", &ignore);
}

/* The name is an identifier (checked by store.c), so it may be SQL text;
 * the statement is cached like any other. */
static int savepoint_exec(peel_store *s, enum peel_sqlite_sp verb, const char *name, peel_err *err)
{
    if (peel_store_sqlite_savepoint(s, verb, name, err) < 0) {
        peel_err_prefix(err, "savepoint %s", name);
        return -1;
    }
    return 0;
}

static int sq_savepoint(peel_store *s, const char *name, peel_err *err)
{
    return savepoint_exec(s, PEEL_SQLITE_SP_BEGIN, name, err);
}

static int sq_savepoint_release(peel_store *s, const char *name, peel_err *err)
{
    return savepoint_exec(s, PEEL_SQLITE_SP_RELEASE, name, err);
}

static int sq_savepoint_rollback(peel_store *s, const char *name, peel_err *err)
{
    return savepoint_exec(s, PEEL_SQLITE_SP_ROLLBACK, name, err);
}

/* ---- schema ---- */

static const char *sql_type(enum peel_ftype t)
{
    switch (t) {
    case PEEL_F_INT:
    case PEEL_F_MONEY:
    case PEEL_F_BOOL:
    case PEEL_F_REF:
        return "INTEGER";
    case PEEL_F_POINT:
        return "REAL";
    default:
        return "TEXT";
    }
}

static int column_def(peel_buf *b, const peel_field *f, const char *suffix)
{
    peel_buf_printf(b, "\"%s%s\" %s", f->name, suffix, sql_type(f->type));
    if (f->type == PEEL_F_REF)
        peel_buf_printf(b, " REFERENCES \"%s\"(id) ON DELETE RESTRICT", f->ref_type);
    return b->failed ? -1 : 0;
}

static int table_columns(sq_store *s, const char *table, peel_buf *names, int *ncols, peel_err *err)
{
    sqlite3_stmt *st;
    char sql[256];

    snprintf(sql, sizeof sql, "PRAGMA table_info(\"%s\")", table);
    if (prepare(s, sql, &st, err) < 0)
        return -1;
    *ncols = 0;
    peel_buf_puts(names, ",");
    while (sqlite3_step(st) == SQLITE_ROW) {
        peel_buf_printf(names, "%s,", (const char *)sqlite3_column_text(st, 1));
        (*ncols)++;
    }
    sqlite3_finalize(st);
    return 0;
}

static bool has_column(const peel_buf *names, const char *col, const char *suffix)
{
    char probe[160];
    snprintf(probe, sizeof probe, ",%s%s,", col, suffix);
    return strstr(peel_buf_str(names), probe) != NULL;
}

static int migrate_type(sq_store *s, const peel_type *t, bool dry_run, peel_err *err)
{
    peel_buf names = PEEL_BUF_INIT, sql = PEEL_BUF_INIT;
    int ncols = 0, changes = 0;

    if (table_columns(s, t->name, &names, &ncols, err) < 0)
        goto fail;
    if (ncols == 0) {
        peel_buf_printf(&sql,
                        "CREATE TABLE \"%s\" (id INTEGER PRIMARY KEY, "
                        "created_at TEXT NOT NULL, updated_at TEXT NOT NULL",
                        t->name);
        for (size_t i = 0; i < t->nfields; i++) {
            const peel_field *f = &t->fields[i];
            peel_buf_puts(&sql, ", ");
            if (f->type == PEEL_F_POINT) {
                column_def(&sql, f, "_lat");
                peel_buf_puts(&sql, ", ");
                column_def(&sql, f, "_lon");
            } else {
                column_def(&sql, f, "");
            }
        }
        peel_buf_puts(&sql, ");");
        changes++;
    } else {
        for (size_t i = 0; i < t->nfields; i++) {
            const peel_field *f = &t->fields[i];
            const char *suffixes[2] = {f->type == PEEL_F_POINT ? "_lat" : "",
                                       f->type == PEEL_F_POINT ? "_lon" : NULL};
            for (int k = 0; k < 2 && suffixes[k]; k++) {
                if (has_column(&names, f->name, suffixes[k]))
                    continue;
                peel_buf_printf(&sql, "ALTER TABLE \"%s\" ADD COLUMN ", t->name);
                column_def(&sql, f, suffixes[k]);
                peel_buf_puts(&sql, ";");
                changes++;
            }
        }
    }
    /* Indexes: unique fields, and references (for joins and delete checks). */
    for (size_t i = 0; i < t->nfields; i++) {
        const peel_field *f = &t->fields[i];
        if ((f->flags & PEEL_UNIQUE) || f->type == PEEL_F_REF)
            peel_buf_printf(&sql, "CREATE %sINDEX IF NOT EXISTS \"%s_%s\" ON \"%s\"(\"%s\");",
                            (f->flags & PEEL_UNIQUE) ? "UNIQUE " : "", t->name, f->name, t->name,
                            f->name);
    }
    if (sql.failed) {
        peel_err_set(err, PEEL_ENOMEM, "out of memory");
        goto fail;
    }
    if (!dry_run && changes > 0 && exec(s, peel_buf_str(&sql), err) < 0)
        goto fail;
    if (!dry_run && changes == 0 && sql.len && exec(s, peel_buf_str(&sql), err) < 0)
        goto fail;
    peel_buf_release(&names);
    peel_buf_release(&sql);
    return changes;
fail:
    peel_err_prefix(err, "migrating table %s", t->name);
    peel_buf_release(&names);
    peel_buf_release(&sql);
    return -1;
}

static int sq_migrations_ready(peel_store *ps, bool dry_run, bool *exists, peel_err *err)
{
    sq_store *s = as_sq(ps);
    sqlite3_stmt *st;

    if (!dry_run)
        cache_flush(s); /* statements on the old schema go */
    if (prepare(s, "SELECT count(*) FROM sqlite_master WHERE name = 'peel_migrations'", &st, err) <
        0)
        return -1;
    *exists = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > 0;
    sqlite3_finalize(st);
    if (*exists || dry_run)
        return 0;
    *exists = true;
    return exec(s,
                "CREATE TABLE peel_migrations (version INTEGER PRIMARY KEY,"
                " name TEXT NOT NULL, applied_at TEXT NOT NULL)",
                err);
}

static int sq_migration_applied(peel_store *ps, int version, peel_err *err)
{
    sq_store *s = as_sq(ps);
    sqlite3_stmt *st;
    int found;
    if (prepare(s, "SELECT 1 FROM peel_migrations WHERE version = ?", &st, err) < 0)
        return -1;
    sqlite3_bind_int(st, 1, version);
    found = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return found;
}

static int sq_migration_apply(peel_store *ps, const peel_migration *m, peel_err *err)
{
    sq_store *s = as_sq(ps);
    sqlite3_stmt *st;
    char now[24];
    int rc;

    if ((m->sql && *m->sql && exec(s, m->sql, err) < 0) || (m->run && m->run(ps, err) < 0))
        return -1;
    peel_clock_format(peel_clock_now(), now);
    if (prepare(s, "INSERT INTO peel_migrations (version, name, applied_at) VALUES (?, ?, ?)", &st,
                err) < 0)
        return -1;
    sqlite3_bind_int(st, 1, m->version);
    sqlite3_bind_text(st, 2, m->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : db_err(s, err, "migrations");
}

static int sq_migrate_type(peel_store *s, const peel_type *t, bool dry_run, peel_err *err)
{
    return migrate_type(as_sq(s), t, dry_run, err);
}

/* ---- values <-> columns ---- */

static int bind_value(sqlite3_stmt *st, int *col, const peel_field *f, const peel_value *v)
{
    char tmp[32];

    if (f->type == PEEL_F_POINT) {
        if (v->set) {
            sqlite3_bind_double(st, (*col)++, v->lat);
            sqlite3_bind_double(st, (*col)++, v->lon);
        } else {
            sqlite3_bind_null(st, (*col)++);
            sqlite3_bind_null(st, (*col)++);
        }
        return 0;
    }
    if (!v->set)
        return sqlite3_bind_null(st, (*col)++);
    switch (f->type) {
    case PEEL_F_INT:
    case PEEL_F_MONEY:
    case PEEL_F_BOOL:
    case PEEL_F_REF:
        return sqlite3_bind_int64(st, (*col)++, v->i);
    case PEEL_F_DATE:
        peel_date_format((peel_date)v->i, tmp);
        return sqlite3_bind_text(st, (*col)++, tmp, -1, SQLITE_TRANSIENT);
    case PEEL_F_MONTH:
        peel_month_format((peel_month)v->i, tmp);
        return sqlite3_bind_text(st, (*col)++, tmp, -1, SQLITE_TRANSIENT);
    case PEEL_F_FY:
        peel_fy_format((peel_fy)v->i, tmp);
        return sqlite3_bind_text(st, (*col)++, tmp, -1, SQLITE_TRANSIENT);
    default:
        /* The record outlives the statement's step: no copy needed. */
        return sqlite3_bind_text(st, (*col)++, v->s ? v->s : "", -1, SQLITE_STATIC);
    }
}

static int read_value(sqlite3_stmt *st, int *col, const peel_field *f, peel_value *v)
{
    peel_err ignore; /* only its code is read; not zeroed per value (512 bytes) */
    int c = (*col)++;

    ignore.code = PEEL_OK;

    peel_value_clear(v);
    if (f->type == PEEL_F_POINT) {
        (*col)++;
        if (sqlite3_column_type(st, c) == SQLITE_NULL)
            return 0;
        v->set = true;
        v->lat = sqlite3_column_double(st, c);
        v->lon = sqlite3_column_double(st, c + 1);
        return 0;
    }
    if (sqlite3_column_type(st, c) == SQLITE_NULL)
        return 0;
    if (f->type == PEEL_F_INT || f->type == PEEL_F_MONEY || f->type == PEEL_F_BOOL ||
        f->type == PEEL_F_REF) {
        v->i = sqlite3_column_int64(st, c); /* never through text */
        v->set = true;
        return 0;
    }
    const char *text = (const char *)sqlite3_column_text(st, c);
    size_t n = (size_t)sqlite3_column_bytes(st, c);
    switch (f->type) {
    case PEEL_F_DATE: {
        peel_date d;
        if (peel_date_parse(text, n, &d, &ignore) < 0)
            return -1;
        v->i = d;
        break;
    }
    case PEEL_F_MONTH: {
        peel_month m;
        if (peel_month_parse(text, n, &m, &ignore) < 0)
            return -1;
        v->i = m;
        break;
    }
    case PEEL_F_FY: {
        peel_fy y;
        if (peel_fy_parse(text, n, &y, &ignore) < 0)
            return -1;
        v->i = y;
        break;
    }
    default:
        v->s = peel_str_dup((peel_str){text ? text : "", n});
        if (!v->s)
            return -1;
    }
    v->set = true;
    return 0;
}

static void column_list(peel_buf *b, const peel_type *t)
{
    peel_buf_puts(b, "id, created_at, updated_at");
    for (size_t i = 0; i < t->nfields; i++) {
        if (t->fields[i].type == PEEL_F_POINT)
            peel_buf_printf(b, ", \"%s_lat\", \"%s_lon\"", t->fields[i].name, t->fields[i].name);
        else
            peel_buf_printf(b, ", \"%s\"", t->fields[i].name);
    }
}

static void read_stamp(sqlite3_stmt *st, int c, char *out, size_t outsz)
{
    const unsigned char *text = sqlite3_column_text(st, c);
    size_t n = (size_t)sqlite3_column_bytes(st, c);
    if (n >= outsz)
        n = outsz - 1;
    if (text)
        memcpy(out, text, n);
    out[text ? n : 0] = '\0';
}

static int read_record(sqlite3_stmt *st, const peel_type *t, peel_record *r)
{
    int col = 3;
    r->id = sqlite3_column_int64(st, 0);
    read_stamp(st, 1, r->created_at, sizeof r->created_at);
    read_stamp(st, 2, r->updated_at, sizeof r->updated_at);
    for (size_t i = 0; i < t->nfields; i++)
        if (read_value(st, &col, &t->fields[i], &r->v[i]) < 0)
            return -1;
    return 0;
}

/* ---- records ---- */

/* A statement's shape: everything its SQL text depends on, as words
 * (declarations are static, so their addresses name them).  The first byte
 * is one no SQL text starts with, so shapes and texts share the cache.  On a
 * hit no SQL text is built at all. */
#define SHAPE_MAX_FILTERS 16
enum shape_kind {
    SHAPE_SELECT = 1,
    SHAPE_COUNT,
    SHAPE_INSERT,
    SHAPE_UPDATE,
    SHAPE_DELETE,
    SHAPE_PUT
};

typedef struct shape_key {
    uintptr_t w[4 + 3 * SHAPE_MAX_FILTERS];
    size_t n;
} shape_key;

static void shape_init(shape_key *k, enum shape_kind kind, const peel_type *t, uintptr_t extra)
{
    k->w[0] = 0x01u | (uintptr_t)kind << 8 | extra << 16;
    k->w[1] = (uintptr_t)t;
    k->w[2] = (uintptr_t)t->nfields;
    k->n = 3;
}

static int build_insert_as(peel_buf *sql, const peel_type *t, bool keep_id)
{
    peel_buf_printf(sql, "INSERT INTO \"%s\" (", t->name);
    column_list(sql, t);
    peel_buf_puts(sql, keep_id ? ") VALUES (?, ?, ?" : ") VALUES (NULL, ?, ?");
    for (size_t i = 0; i < t->nfields; i++)
        peel_buf_puts(sql, t->fields[i].type == PEEL_F_POINT ? ", ?, ?" : ", ?");
    return peel_buf_puts(sql, ")");
}

static int build_insert(peel_buf *sql, const void *ctx)
{
    return build_insert_as(sql, ctx, false);
}

/* The insert of a record as it was elsewhere: its id and both stamps. */
static int build_put(peel_buf *sql, const void *ctx)
{
    return build_insert_as(sql, ctx, true);
}

static int build_update(peel_buf *sql, const void *ctx)
{
    const peel_type *t = ctx;
    peel_buf_printf(sql, "UPDATE \"%s\" SET updated_at = ?", t->name);
    for (size_t i = 0; i < t->nfields; i++) {
        const peel_field *f = &t->fields[i];
        if (f->type == PEEL_F_POINT)
            peel_buf_printf(sql, ", \"%s_lat\" = ?, \"%s_lon\" = ?", f->name, f->name);
        else
            peel_buf_printf(sql, ", \"%s\" = ?", f->name);
    }
    return peel_buf_puts(sql, " WHERE id = ?");
}

/* A record's row written: INSERT (a new id, both time stamps) or UPDATE by
 * id (a missing row is PEEL_ENOTFOUND); the fields are bound alike. */
static int write_row(peel_store *ps, peel_record *r, bool insert, peel_err *err)
{
    sq_store *s = as_sq(ps);
    const peel_type *t = r->type;
    sqlite3_stmt *st = NULL;
    int col = 1, rc = -1;
    shape_key k;
    char now[24];

    peel_clock_format(peel_clock_now(), now);
    shape_init(&k, insert ? SHAPE_INSERT : SHAPE_UPDATE, t, 0);
    if (prepare_keyed(s, k.w, k.n * sizeof k.w[0], insert ? build_insert : build_update, t, &st,
                      err) < 0)
        goto out;
    sqlite3_bind_text(st, col++, now, -1, SQLITE_STATIC);
    if (insert)
        sqlite3_bind_text(st, col++, now, -1, SQLITE_STATIC);
    for (size_t i = 0; i < t->nfields; i++)
        bind_value(st, &col, &t->fields[i], &r->v[i]);
    if (!insert)
        sqlite3_bind_int64(st, col, r->id);
    if (sqlite3_step(st) != SQLITE_DONE) {
        db_err(s, err, t->name);
        goto out;
    }
    if (!insert && sqlite3_changes(s->db) == 0) {
        peel_err_set(err, PEEL_ENOTFOUND, "no %s with id %lld", t->name, (long long)r->id);
        goto out;
    }
    if (insert) {
        r->id = sqlite3_last_insert_rowid(s->db);
        snprintf(r->created_at, sizeof r->created_at, "%s", now);
    }
    snprintf(r->updated_at, sizeof r->updated_at, "%s", now);
    rc = 0;
out:
    stmt_release(s, st);
    return rc;
}

static int sq_put(peel_store *ps, const peel_record *r, peel_err *err)
{
    sq_store *s = as_sq(ps);
    const peel_type *t = r->type;
    sqlite3_stmt *st = NULL;
    int col = 1, rc = -1;
    shape_key k;

    shape_init(&k, SHAPE_PUT, t, 0);
    if (prepare_keyed(s, k.w, k.n * sizeof k.w[0], build_put, t, &st, err) < 0)
        return -1;
    sqlite3_bind_int64(st, col++, r->id);
    sqlite3_bind_text(st, col++, r->created_at, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, col++, r->updated_at, -1, SQLITE_STATIC);
    for (size_t i = 0; i < t->nfields; i++)
        bind_value(st, &col, &t->fields[i], &r->v[i]);
    if (sqlite3_step(st) != SQLITE_DONE)
        db_err(s, err, t->name);
    else
        rc = 0;
    stmt_release(s, st);
    return rc;
}

static int sq_insert(peel_store *ps, peel_record *r, peel_err *err)
{
    return write_row(ps, r, true, err);
}

static int sq_update(peel_store *ps, peel_record *r, peel_err *err)
{
    return write_row(ps, r, false, err);
}

static int build_delete(peel_buf *sql, const void *ctx)
{
    const peel_type *t = ctx;
    return peel_buf_printf(sql, "DELETE FROM \"%s\" WHERE id = ?", t->name);
}

static int sq_delete(peel_store *ps, const peel_type *t, int64_t id, peel_err *err)
{
    sq_store *s = as_sq(ps);
    sqlite3_stmt *st;
    shape_key k;
    int rc = -1;

    shape_init(&k, SHAPE_DELETE, t, 0);
    if (prepare_keyed(s, k.w, k.n * sizeof k.w[0], build_delete, t, &st, err) < 0)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) != SQLITE_DONE) {
        if (sqlite3_extended_errcode(s->db) == SQLITE_CONSTRAINT_FOREIGNKEY)
            peel_err_set(err, PEEL_EINPUT,
                         "%s %lld is referred to by other records: change or delete those first",
                         t->name, (long long)id);
        else
            db_err(s, err, t->name);
    } else if (sqlite3_changes(s->db) == 0) {
        peel_err_set(err, PEEL_ENOTFOUND, "no %s with id %lld", t->name, (long long)id);
    } else {
        rc = 0;
    }
    stmt_release(s, st);
    return rc;
}

typedef struct select_sql {
    const peel_query *q;
    bool count;
} select_sql;

/* The WHERE clause of q's filters (values bound by bind_filters). */
static void build_where(peel_buf *sql, const peel_query *q)
{
    for (size_t i = 0; i < q->nfilters; i++) {
        const peel_filter *fl = &q->filters[i];
        const char *col = fl->field ? fl->field->name : "id";
        const char *suffix = fl->field && fl->field->type == PEEL_F_POINT ? "_lat" : "";
        static const char *const ops[] = {"=", "<>", "<", "<=", ">", ">="};
        peel_buf_puts(sql, i ? " AND " : " WHERE ");
        switch (fl->op) {
        case PEEL_OP_NULL:
            peel_buf_printf(sql, "\"%s%s\" IS NULL", col, suffix);
            break;
        case PEEL_OP_NOTNULL:
            peel_buf_printf(sql, "\"%s%s\" IS NOT NULL", col, suffix);
            break;
        case PEEL_OP_CONTAINS:
            peel_buf_printf(sql, "instr(lower(\"%s\"), lower(?)) > 0", col);
            break;
        default:
            if (fl->field && fl->or_field)
                peel_buf_printf(sql, "(\"%s\" %s ? OR \"%s\" %s ?)", col, ops[fl->op],
                                fl->or_field->name, ops[fl->op]);
            else
                peel_buf_printf(sql, "\"%s\" %s ?", col, ops[fl->op]);
        }
    }
}

/* LIMIT and OFFSET are bound, so every page of a list shares one statement. */
static int build_select(peel_buf *sql, const void *ctx)
{
    const select_sql *sq = ctx;
    const peel_query *q = sq->q;
    const peel_type *t = q->type;

    if (sq->count) {
        peel_buf_puts(sql, "SELECT count(*)");
    } else {
        peel_buf_puts(sql, "SELECT ");
        column_list(sql, t);
    }
    peel_buf_printf(sql, " FROM \"%s\"", t->name);
    build_where(sql, q);
    if (!sq->count) {
        if (q->order)
            peel_buf_printf(sql, " ORDER BY \"%s%s\" %s, id", q->order->name,
                            q->order->type == PEEL_F_POINT ? "_lat" : "", q->desc ? "DESC" : "ASC");
        else
            peel_buf_printf(sql, " ORDER BY id %s", q->desc ? "DESC" : "ASC");
        if (q->limit > 0)
            peel_buf_puts(sql, " LIMIT ? OFFSET ?");
    }
    return sql->failed ? -1 : 0;
}

static int prepare_select(sq_store *s, const peel_query *q, bool count, sqlite3_stmt **st,
                          peel_err *err)
{
    select_sql sq = {q, count};
    shape_key k;

    if (q->nfilters > SHAPE_MAX_FILTERS) { /* keyed by its text */
        peel_buf *b = &s->sql;
        peel_buf_reset(b);
        if (build_select(b, &sq) < 0)
            return peel_err_set(err, PEEL_ENOMEM, "out of memory");
        return prepare_keyed(s, peel_buf_str(b), b->len, NULL, peel_buf_str(b), st, err);
    }
    shape_init(&k, count ? SHAPE_COUNT : SHAPE_SELECT, q->type,
               count ? 0 : (uintptr_t)q->desc | (uintptr_t)(q->limit > 0) << 1);
    k.w[k.n++] = count ? 0 : (uintptr_t)q->order;
    for (size_t i = 0; i < q->nfilters; i++) {
        k.w[k.n++] = (uintptr_t)q->filters[i].field;
        k.w[k.n++] = (uintptr_t)q->filters[i].op;
        k.w[k.n++] = (uintptr_t)q->filters[i].or_field;
    }
    return prepare_keyed(s, k.w, k.n * sizeof k.w[0], build_select, &sq, st, err);
}

static void bind_filters(sqlite3_stmt *st, const peel_query *q, bool count)
{
    int col = 1;
    for (size_t i = 0; i < q->nfilters; i++) {
        const peel_filter *fl = &q->filters[i];
        if (fl->op == PEEL_OP_NULL || fl->op == PEEL_OP_NOTNULL)
            continue;
        if (!fl->field) {
            sqlite3_bind_int64(st, col++, fl->v.i);
        } else if (fl->op == PEEL_OP_CONTAINS) {
            sqlite3_bind_text(st, col++, fl->v.s ? fl->v.s : "", -1, SQLITE_STATIC);
        } else if (fl->field->type == PEEL_F_POINT) {
            sqlite3_bind_double(st, col++, fl->v.lat);
        } else {
            bind_value(st, &col, fl->field, &fl->v);
            if (fl->or_field && fl->op <= PEEL_OP_GE)
                bind_value(st, &col, fl->or_field, &fl->v);
        }
    }
    if (!count && q->limit > 0) {
        sqlite3_bind_int64(st, col++, q->limit);
        sqlite3_bind_int64(st, col, q->offset);
    }
}

static int sq_select(peel_store *ps, const peel_query *q, peel_record_cb cb, void *ctx,
                     peel_err *err)
{
    sq_store *s = as_sq(ps);
    sqlite3_stmt *st = NULL;
    peel_record *r = NULL;
    int rc = -1, step;

    if (prepare_select(s, q, false, &st, err) < 0)
        goto out;
    bind_filters(st, q, false);
    r = peel_record_new(q->type);
    if (!r) {
        peel_err_set(err, PEEL_ENOMEM, "out of memory");
        goto out;
    }
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if (read_record(st, q->type, r) < 0) {
            peel_err_set(err, PEEL_EDB, "%s: a stored value could not be read", q->type->name);
            goto out;
        }
        int c = cb(ctx, r, err);
        if (c < 0)
            goto out;
        if (c > 0)
            break;
    }
    if (step != SQLITE_ROW && step != SQLITE_DONE) {
        db_err(s, err, q->type->name);
        goto out;
    }
    rc = 0;
out:
    peel_record_free(r);
    stmt_release(s, st);
    return rc;
}

static int sq_count(peel_store *ps, const peel_query *q, int64_t *n, peel_err *err)
{
    sq_store *s = as_sq(ps);
    sqlite3_stmt *st = NULL;
    int rc = -1;

    if (prepare_select(s, q, true, &st, err) < 0)
        goto out;
    bind_filters(st, q, true);
    if (sqlite3_step(st) != SQLITE_ROW) {
        db_err(s, err, q->type->name);
        goto out;
    }
    *n = sqlite3_column_int64(st, 0);
    rc = 0;
out:
    stmt_release(s, st);
    return rc;
}

/* ---- grouped counts ---- */

typedef struct group_sql {
    const peel_query *q;
    const peel_grouping *g;
} group_sql;

/* The group fields come first in the row, then the count, then the sum. */
static int build_count_by(peel_buf *sql, const void *ctx)
{
    const group_sql *gs = ctx;
    const peel_grouping *g = gs->g;

    peel_buf_puts(sql, "SELECT ");
    for (size_t i = 0; i < g->nfields; i++)
        peel_buf_printf(sql, "\"%s\", ", g->fields[i]->name);
    peel_buf_puts(sql, "count(*)");
    if (g->sum) /* sum() of no values is NULL; the total of none is 0 */
        peel_buf_printf(sql, ", coalesce(sum(\"%s\"), 0)", g->sum->name);
    peel_buf_printf(sql, " FROM \"%s\"", gs->q->type->name);
    build_where(sql, gs->q);
    for (int k = 0; k < 2; k++) {
        peel_buf_puts(sql, k ? " ORDER BY " : " GROUP BY ");
        for (size_t i = 0; i < g->nfields; i++)
            peel_buf_printf(sql, "%s\"%s\"", i ? ", " : "", g->fields[i]->name);
    }
    return sql->failed ? -1 : 0;
}

static int sq_count_by(peel_store *ps, const peel_query *q, const peel_grouping *g,
                       peel_group_cb cb, void *ctx, peel_err *err)
{
    sq_store *s = as_sq(ps);
    group_sql gs = {q, g};
    peel_value keys[PEEL_GROUP_MAX] = {0};
    sqlite3_stmt *st;
    int rc = 0, step;

    /* Keyed by its text: grouped counts are few per page, not per row. */
    peel_buf_reset(&s->sql);
    if (build_count_by(&s->sql, &gs) < 0)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    if (prepare_keyed(s, peel_buf_str(&s->sql), s->sql.len, NULL, peel_buf_str(&s->sql), &st, err) <
        0)
        return -1;
    bind_filters(st, q, true);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        int col = 0;
        for (size_t i = 0; i < g->nfields && rc == 0; i++)
            if (read_value(st, &col, g->fields[i], &keys[i]) < 0)
                rc = peel_err_set(err, PEEL_EDB, "%s: a stored value of %s could not be read",
                                  q->type->name, g->fields[i]->name);
        if (rc != 0)
            break;
        peel_group grp = {
            .keys = keys,
            .count = sqlite3_column_int64(st, col),
            .sum = g->sum ? sqlite3_column_int64(st, col + 1) : 0,
        };
        if ((rc = cb(ctx, &grp, err)) != 0)
            break;
    }
    for (size_t i = 0; i < g->nfields; i++)
        peel_value_clear(&keys[i]);
    return rows_done(s, st, rc, step, q->type->name, err);
}

static int take_one(void *ctx, const peel_record *r, peel_err *err)
{
    peel_record *dst = ctx;
    dst->id = r->id;
    memcpy(dst->created_at, r->created_at, sizeof dst->created_at);
    memcpy(dst->updated_at, r->updated_at, sizeof dst->updated_at);
    for (size_t i = 0; i < r->type->nfields; i++)
        if (peel_value_copy(&dst->v[i], &r->v[i]) < 0)
            return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    return 1;
}

static int sq_get(peel_store *s, const peel_type *t, int64_t id, peel_record **out, peel_err *err)
{
    peel_filter f = {.field = NULL, .op = PEEL_OP_EQ, .v = {.set = true, .i = id}};
    peel_query q = {.type = t, .filters = &f, .nfilters = 1};
    peel_record *r = peel_record_new(t);

    if (!r)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    if (sq_select(s, &q, take_one, r, err) < 0) {
        peel_record_free(r);
        return -1;
    }
    if (r->id == 0) {
        peel_record_free(r);
        return peel_err_set(err, PEEL_ENOTFOUND, "no %s with id %lld", t->name, (long long)id);
    }
    *out = r;
    return 0;
}

static int take_id(void *ctx, const peel_record *r, peel_err *err)
{
    (void)err;
    *(int64_t *)ctx = r->id;
    return 1;
}

static int sq_find(peel_store *s, const peel_type *t, const peel_field *f, const peel_value *v,
                   int64_t *id, peel_err *err)
{
    peel_filter fl = {.field = f, .op = PEEL_OP_EQ, .v = *v};
    peel_query q = {.type = t, .filters = &fl, .nfilters = 1, .limit = 1};

    *id = 0;
    if (sq_select(s, &q, take_id, id, err) < 0)
        return -1;
    return *id != 0;
}

/* ---- audit and meta ---- */

static int sq_audit_add(peel_store *ps, const peel_audit *a, peel_err *err)
{
    sq_store *s = as_sq(ps);
    sqlite3_stmt *st;
    int rc = 0;

    if (stmt_prepare(s,
                     "INSERT INTO peel_audit (type, record_id, at, user, action, field, old_value,"
                     " new_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     &st, err) < 0)
        return -1;
    sqlite3_bind_text(st, 1, a->type, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, a->record_id);
    sqlite3_bind_text(st, 3, a->at, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, a->user, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, a->action, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, a->field, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, a->old_value, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 8, a->new_value, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = db_err(s, err, "audit");
    stmt_release(s, st);
    return rc;
}

static int sq_audit_forget(peel_store *ps, const char *type, int64_t id, const char *field,
                           peel_err *err)
{
    sq_store *s = as_sq(ps);
    sqlite3_stmt *st;
    int rc = 0;

    if (stmt_prepare(s,
                     "UPDATE peel_audit SET old_value = NULL, new_value = NULL"
                     " WHERE type = ? AND record_id = ? AND field = ?",
                     &st, err) < 0)
        return -1;
    sqlite3_bind_text(st, 1, type, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, id);
    sqlite3_bind_text(st, 3, field, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = db_err(s, err, "audit");
    stmt_release(s, st);
    return rc;
}

/* VACUUM INTO writes a compacted copy in one read transaction: consistent
 * while other connections write, and with no free pages, so nothing
 * deleted or erased travels with it. */
static int sq_backup(peel_store *ps, const char *path, peel_err *err)
{
    sq_store *s = as_sq(ps);
    sqlite3_stmt *st;
    int rc = 0;

    if (access(path, F_OK) == 0)
        return peel_err_set(err, PEEL_EINPUT, "backup: %s already exists: name a new file", path);
    if (stmt_prepare(s, "VACUUM INTO ?", &st, err) < 0)
        return -1;
    sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = db_err(s, err, "backup");
    stmt_release(s, st);
    return rc;
}

/* TRUNCATE: the log is copied into the file and cut to nothing; a reader
 * on another connection holding an older snapshot leaves it busy. */
static int sq_checkpoint(peel_store *ps, bool *complete, peel_err *err)
{
    sq_store *s = as_sq(ps);
    int log = 0, done = 0;
    int rc = sqlite3_wal_checkpoint_v2(s->db, "main", SQLITE_CHECKPOINT_TRUNCATE, &log, &done);
    *complete = rc == SQLITE_OK && log <= 0;
    if (rc == SQLITE_OK || rc == SQLITE_BUSY)
        return 0;
    return db_err(s, err, "checkpoint");
}

/* The change counts (see "the change counts" above), read from the
 * table: inside a read transaction, as its first read, they are the
 * snapshot's. */
static int sq_changes_each(peel_store *ps, peel_changes_cb cb, void *ctx, peel_err *err)
{
    sq_store *s = as_sq(ps);
    sqlite3_stmt *st;
    int step, rc = 0;

    if (stmt_prepare(s, "SELECT grp, n FROM peel_change_counts", &st, err) < 0)
        return -1;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *g = (const char *)sqlite3_column_text(st, 0);
        if ((rc = cb(ctx, g ? g : "", (uint64_t)sqlite3_column_int64(st, 1), err)) != 0)
            break;
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = db_err(s, err, "change counts");
    stmt_release(s, st);
    return rc < 0 ? -1 : 0;
}

/* SQLite's integrity_check and foreign_key_check, then the audit trail:
 * its rows are numbered as written and never deleted (erasure forgets
 * values, not rows), so the ids from the first to the last are all there. */
static int sq_check(peel_store *ps, peel_check_cb cb, void *ctx, peel_err *err)
{
    sq_store *s = as_sq(ps);
    sqlite3_stmt *st;
    char detail[600];
    int step, n = 0;

    /* integrity: "ok", or up to 20 messages */
    if (stmt_prepare(s, "PRAGMA integrity_check(20)", &st, err) < 0)
        return -1;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *m = (const char *)sqlite3_column_text(st, 0);
        bool ok = m && !strcmp(m, "ok");
        n++;
        if (cb(ctx, "integrity", ok, ok ? "the database file is sound" : (m ? m : ""), err) < 0) {
            stmt_release(s, st);
            return -1;
        }
    }
    stmt_release(s, st);
    if (step != SQLITE_DONE)
        return db_err(s, err, "integrity check");
    /* foreign keys: a row per reference to a missing row */
    if (stmt_prepare(s, "PRAGMA foreign_key_check", &st, err) < 0)
        return -1;
    n = 0;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        snprintf(detail, sizeof detail, "%s row %lld refers to a missing %s row",
                 (const char *)sqlite3_column_text(st, 0), (long long)sqlite3_column_int64(st, 1),
                 (const char *)sqlite3_column_text(st, 2));
        if (++n <= 20 && cb(ctx, "foreign keys", false, detail, err) < 0) {
            stmt_release(s, st);
            return -1;
        }
    }
    stmt_release(s, st);
    if (step != SQLITE_DONE)
        return db_err(s, err, "foreign key check");
    if (!n && cb(ctx, "foreign keys", true, "every reference finds its row", err) < 0)
        return -1;
    /* the audit trail */
    if (stmt_prepare(s,
                     "SELECT count(*), coalesce(min(id), 0), coalesce(max(id), 0) FROM peel_audit",
                     &st, err) < 0)
        return -1;
    if (sqlite3_step(st) != SQLITE_ROW) {
        stmt_release(s, st);
        return db_err(s, err, "audit check");
    }
    long long count = sqlite3_column_int64(st, 0), lo = sqlite3_column_int64(st, 1),
              hi = sqlite3_column_int64(st, 2);
    stmt_release(s, st);
    bool whole = count == 0 || (lo == 1 && hi - lo + 1 == count);
    if (whole)
        snprintf(detail, sizeof detail, "%lld rows, numbered 1 to %lld with none missing", count,
                 hi);
    else
        snprintf(detail, sizeof detail, "%lld rows numbered %lld to %lld: %lld missing", count, lo,
                 hi, hi - count);
    return cb(ctx, "audit trail", whole, detail, err);
}

/* Hands each audit row of st (type, record_id, at, user, action, field and,
 * when selected, old_value and new_value) to cb. */
static int audit_rows(sq_store *s, sqlite3_stmt *st, peel_audit_cb cb, void *ctx, peel_err *err)
{
    bool values = sqlite3_column_count(st) >= 8;
    int rc = 0, step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        peel_audit a = {
            .type = (const char *)sqlite3_column_text(st, 0),
            .record_id = sqlite3_column_int64(st, 1),
            .at = (const char *)sqlite3_column_text(st, 2),
            .user = (const char *)sqlite3_column_text(st, 3),
            .action = (const char *)sqlite3_column_text(st, 4),
            .field = (const char *)sqlite3_column_text(st, 5),
            .old_value = values ? (const char *)sqlite3_column_text(st, 6) : NULL,
            .new_value = values ? (const char *)sqlite3_column_text(st, 7) : NULL,
        };
        if ((rc = cb(ctx, &a, err)) != 0)
            break;
    }
    return rows_done(s, st, rc, step, "audit", err);
}

static int sq_audit_list(peel_store *ps, const char *type, int64_t id, peel_audit_cb cb, void *ctx,
                         peel_err *err)
{
    sq_store *s = as_sq(ps);
    sqlite3_stmt *st;

    if (stmt_prepare(s,
                     "SELECT type, record_id, at, user, action, field, old_value, new_value"
                     " FROM peel_audit WHERE type = ? AND record_id = ? ORDER BY id",
                     &st, err) < 0)
        return -1;
    sqlite3_bind_text(st, 1, type, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, id);
    return audit_rows(s, st, cb, ctx, err);
}

static int sq_audit_each(peel_store *ps, peel_audit_cb cb, void *ctx, peel_err *err)
{
    sq_store *s = as_sq(ps);
    sqlite3_stmt *st;

    if (stmt_prepare(s,
                     "SELECT type, record_id, at, user, action, field, old_value, new_value"
                     " FROM peel_audit ORDER BY id",
                     &st, err) < 0)
        return -1;
    return audit_rows(s, st, cb, ctx, err);
}

static int sq_audit_recent(peel_store *ps, int limit, peel_audit_cb cb, void *ctx, peel_err *err)
{
    sq_store *s = as_sq(ps);
    sqlite3_stmt *st;
    /* One row per change: the record-level row of a create/delete, or each
     * changed field of an update.  Values are not read. */
    if (stmt_prepare(s,
                     "SELECT type, record_id, at, user, action, field FROM peel_audit"
                     " WHERE (action = 'update') OR (field IS NULL)"
                     " ORDER BY id DESC LIMIT ?",
                     &st, err) < 0)
        return -1;
    sqlite3_bind_int(st, 1, limit);
    return audit_rows(s, st, cb, ctx, err);
}

static int sq_meta_get(peel_store *ps, const char *key, char *out, size_t outsz, peel_err *err)
{
    sq_store *s = as_sq(ps);
    sqlite3_stmt *st;
    int found = 0;

    if (stmt_prepare(s, "SELECT value FROM peel_meta WHERE key = ?", &st, err) < 0)
        return -1;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        snprintf(out, outsz, "%s", (const char *)sqlite3_column_text(st, 0));
        found = 1;
    }
    stmt_release(s, st);
    return found;
}

static int sq_meta_each(peel_store *ps, peel_meta_cb cb, void *ctx, peel_err *err)
{
    sq_store *s = as_sq(ps);
    sqlite3_stmt *st;
    int rc = 0, step;

    if (stmt_prepare(s, "SELECT key, value FROM peel_meta ORDER BY key", &st, err) < 0)
        return -1;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        if ((rc = cb(ctx, (const char *)sqlite3_column_text(st, 0),
                     (const char *)sqlite3_column_text(st, 1), err)) != 0)
            break;
    }
    return rows_done(s, st, rc, step, "meta", err);
}

static int sq_meta_set(peel_store *ps, const char *key, const char *value, peel_err *err)
{
    sq_store *s = as_sq(ps);
    sqlite3_stmt *st;
    int rc = 0;

    if (stmt_prepare(s,
                     "INSERT INTO peel_meta (key, value) VALUES (?, ?)"
                     " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                     &st, err) < 0)
        return -1;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
    if (sqlite3_step(st) != SQLITE_DONE)
        rc = db_err(s, err, "meta");
    stmt_release(s, st);
    return rc;
}

/* ---- the backend ---- */

static const peel_store_ops sqlite_ops = {
    .migrations = core_migrations,
    .open = sq_open,
    .close = sq_close,
    .begin = sq_begin,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .savepoint = sq_savepoint,
    .savepoint_release = sq_savepoint_release,
    .savepoint_rollback = sq_savepoint_rollback,
    .migrations_ready = sq_migrations_ready,
    .migration_applied = sq_migration_applied,
    .migration_apply = sq_migration_apply,
    .migrate_type = sq_migrate_type,
    .insert = sq_insert,
    .update = sq_update,
    .delete = sq_delete,
    .get = sq_get,
    .find = sq_find,
    .select = sq_select,
    .count = sq_count,
    .count_by = sq_count_by,
    .audit_add = sq_audit_add,
    .audit_list = sq_audit_list,
    .audit_each = sq_audit_each,
    .put = sq_put,
    .audit_forget = sq_audit_forget,
    .audit_recent = sq_audit_recent,
    .backup = sq_backup,
    .checkpoint = sq_checkpoint,
    .check = sq_check,
    .changes_each = sq_changes_each,
    .meta_get = sq_meta_get,
    .meta_set = sq_meta_set,
    .meta_each = sq_meta_each,
};

const peel_store_backend peel_store_sqlite_backend = {
    .name = "sqlite",
    .single_thread = single_thread,
    .ops = &sqlite_ops,
    .crime = &peel_store_sqlite_crime_ops,
    .web = &peel_store_sqlite_web_ops,
    .lifecycle = &peel_store_sqlite_lifecycle_ops,
    .docs = &peel_store_sqlite_docs_ops,
};
