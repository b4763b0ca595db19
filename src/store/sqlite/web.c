/* sqlite/web.c - the SQLite backend's web operations (backend.h, web_db.h):
 * the tables of the web application that are not record types (sessions,
 * API tokens, sign-in attempts), their numbered migrations 200-299, and the
 * few statements that read and write them.  Token hashes are bound as blobs;
 * nothing here ever sees a token or a password in clear.
 *
 * Every table here is named web_*: no page shows them, so writing them
 * leaves the store's change counts (peel_store_changes_each) as they were
 * and a sign-in keeps the public page cache.  A new table here that a page
 * does show must be named otherwise. */
#include <stdbool.h>
#include <string.h>

#include "store/sqlite/sqlite.h"
#include "store/web_db.h"

static const peel_migration web_migrations[] = {
    {200, "web sessions, api tokens, sign-in attempts",
     "CREATE TABLE web_session ("
     "  id INTEGER PRIMARY KEY, token_hash BLOB NOT NULL UNIQUE,"
     "  user_id INTEGER NOT NULL REFERENCES \"user\"(id) ON DELETE CASCADE,"
     "  created_at INTEGER NOT NULL, last_seen INTEGER NOT NULL);"
     "CREATE INDEX web_session_user ON web_session(user_id);"
     "CREATE TABLE web_token ("
     "  id INTEGER PRIMARY KEY, token_hash BLOB NOT NULL UNIQUE,"
     "  user_id INTEGER NOT NULL REFERENCES \"user\"(id) ON DELETE CASCADE,"
     "  label TEXT, created_at INTEGER NOT NULL, last_used INTEGER);"
     "CREATE INDEX web_token_user ON web_token(user_id);"
     "CREATE TABLE web_signin_attempt ("
     "  id INTEGER PRIMARY KEY, at INTEGER NOT NULL, account TEXT NOT NULL,"
     "  addr TEXT NOT NULL, ok INTEGER NOT NULL);"
     "CREATE INDEX web_signin_attempt_at ON web_signin_attempt(at);",
     NULL},
    {201, "sign-in throttles, server secrets, second factor",
     "CREATE TABLE web_signin_throttle ("
     "  key TEXT PRIMARY KEY, failures INTEGER NOT NULL,"
     "  last_ms INTEGER NOT NULL, next_ms INTEGER NOT NULL) WITHOUT ROWID;"
     "CREATE TABLE web_secret (name TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;"
     "CREATE TABLE web_totp ("
     "  user_id INTEGER PRIMARY KEY REFERENCES \"user\"(id) ON DELETE CASCADE,"
     "  secret BLOB NOT NULL, enrolled_at INTEGER NOT NULL, last_step INTEGER NOT NULL);"
     "CREATE TABLE web_signin_pending ("
     "  token_hash BLOB PRIMARY KEY,"
     "  user_id INTEGER NOT NULL REFERENCES \"user\"(id) ON DELETE CASCADE,"
     "  created_at INTEGER NOT NULL, next TEXT NOT NULL) WITHOUT ROWID;",
     NULL},
    {0, NULL, NULL, NULL},
};

static int prep(peel_store *s, const char *sql, sqlite3_stmt **st, peel_err *err)
{
    return peel_store_sqlite_prepare(s, sql, st, err);
}

/* Steps a statement that returns no rows and releases it. */
static int run(peel_store *s, sqlite3_stmt *st, peel_err *err)
{
    int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : peel_store_sqlite_err(s, err, "web tables");
    peel_store_sqlite_release(s, st);
    return rc;
}

static int web_session_add(peel_store *s, int64_t user_id, const unsigned char *hash, int64_t now,
                           peel_err *err)
{
    sqlite3_stmt *st;
    if (prep(s,
             "INSERT INTO web_session (token_hash, user_id, created_at, last_seen)"
             " VALUES (?, ?, ?, ?)",
             &st, err) < 0)
        return -1;
    sqlite3_bind_blob(st, 1, hash, PEEL_TOKEN_HASH_LEN, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, user_id);
    sqlite3_bind_int64(st, 3, now);
    sqlite3_bind_int64(st, 4, now);
    return run(s, st, err);
}

static int web_session_find(peel_store *s, const unsigned char *hash, int64_t *user_id,
                            int64_t *created, int64_t *last_seen, peel_err *err)
{
    sqlite3_stmt *st;
    int found = 0, step;
    if (prep(s, "SELECT user_id, created_at, last_seen FROM web_session WHERE token_hash = ?", &st,
             err) < 0)
        return -1;
    sqlite3_bind_blob(st, 1, hash, PEEL_TOKEN_HASH_LEN, SQLITE_STATIC);
    step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        *user_id = sqlite3_column_int64(st, 0);
        *created = sqlite3_column_int64(st, 1);
        *last_seen = sqlite3_column_int64(st, 2);
        found = 1;
    } else if (step != SQLITE_DONE) {
        found = peel_store_sqlite_err(s, err, "sessions");
    }
    peel_store_sqlite_release(s, st);
    return found;
}

static int web_session_touch(peel_store *s, const unsigned char *hash, int64_t now, peel_err *err)
{
    sqlite3_stmt *st;
    if (prep(s, "UPDATE web_session SET last_seen = ? WHERE token_hash = ?", &st, err) < 0)
        return -1;
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_blob(st, 2, hash, PEEL_TOKEN_HASH_LEN, SQLITE_STATIC);
    return run(s, st, err);
}

/* A statement of one parameter, a token's hash or an integer, run once. */
static int run_hash(peel_store *s, const char *sql, const unsigned char *hash, peel_err *err)
{
    sqlite3_stmt *st;
    if (prep(s, sql, &st, err) < 0)
        return -1;
    sqlite3_bind_blob(st, 1, hash, PEEL_TOKEN_HASH_LEN, SQLITE_STATIC);
    return run(s, st, err);
}

static int run_i64(peel_store *s, const char *sql, int64_t v, peel_err *err)
{
    sqlite3_stmt *st;
    if (prep(s, sql, &st, err) < 0)
        return -1;
    sqlite3_bind_int64(st, 1, v);
    return run(s, st, err);
}

static int web_session_delete(peel_store *s, const unsigned char *hash, peel_err *err)
{
    return run_hash(s, "DELETE FROM web_session WHERE token_hash = ?", hash, err);
}

static int web_session_delete_user(peel_store *s, int64_t user_id, peel_err *err)
{
    return run_i64(s, "DELETE FROM web_session WHERE user_id = ?", user_id, err);
}

static int web_session_prune(peel_store *s, int64_t before, peel_err *err)
{
    return run_i64(s, "DELETE FROM web_session WHERE last_seen < ?", before, err);
}

static int web_token_add(peel_store *s, int64_t user_id, const unsigned char *hash,
                         const char *label, int64_t now, int64_t *id, peel_err *err)
{
    sqlite3_stmt *st;
    if (prep(s,
             "INSERT INTO web_token (token_hash, user_id, label, created_at)"
             " VALUES (?, ?, ?, ?)",
             &st, err) < 0)
        return -1;
    sqlite3_bind_blob(st, 1, hash, PEEL_TOKEN_HASH_LEN, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, user_id);
    sqlite3_bind_text(st, 3, label, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, now);
    if (run(s, st, err) < 0)
        return -1;
    if (id)
        *id = sqlite3_last_insert_rowid(peel_store_sqlite_db(s));
    return 0;
}

static int web_token_find(peel_store *s, const unsigned char *hash, int64_t *user_id, peel_err *err)
{
    sqlite3_stmt *st;
    int found = 0, step;
    if (prep(s, "SELECT user_id FROM web_token WHERE token_hash = ?", &st, err) < 0)
        return -1;
    sqlite3_bind_blob(st, 1, hash, PEEL_TOKEN_HASH_LEN, SQLITE_STATIC);
    step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        *user_id = sqlite3_column_int64(st, 0);
        found = 1;
    } else if (step != SQLITE_DONE) {
        found = peel_store_sqlite_err(s, err, "tokens");
    }
    peel_store_sqlite_release(s, st);
    return found;
}

static int web_token_list(peel_store *s, int64_t user_id, peel_webdb_token_cb cb, void *ctx,
                          peel_err *err)
{
    sqlite3_stmt *st;
    int rc = 0, step;
    if (prep(s, "SELECT id, label, created_at FROM web_token WHERE user_id = ? ORDER BY id", &st,
             err) < 0)
        return -1;
    sqlite3_bind_int64(st, 1, user_id);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        peel_webdb_token t = {
            .id = sqlite3_column_int64(st, 0),
            .label = (const char *)sqlite3_column_text(st, 1),
            .created_at = sqlite3_column_int64(st, 2),
        };
        if ((rc = cb(ctx, &t, err)) != 0)
            break;
    }
    return peel_store_sqlite_rows_done(s, st, rc, step, "tokens", err);
}

static int web_token_count(peel_store *s, int64_t user_id, int64_t *n, peel_err *err)
{
    sqlite3_stmt *st;
    int rc = 0;
    if (prep(s, "SELECT count(*) FROM web_token WHERE user_id = ?", &st, err) < 0)
        return -1;
    sqlite3_bind_int64(st, 1, user_id);
    if (sqlite3_step(st) == SQLITE_ROW)
        *n = sqlite3_column_int64(st, 0);
    else
        rc = peel_store_sqlite_err(s, err, "tokens");
    peel_store_sqlite_release(s, st);
    return rc;
}

static int web_token_label(peel_store *s, int64_t user_id, int64_t token_id, peel_buf *label,
                           peel_err *err)
{
    sqlite3_stmt *st;
    int found = 0, step;
    if (prep(s, "SELECT label FROM web_token WHERE id = ? AND user_id = ?", &st, err) < 0)
        return -1;
    sqlite3_bind_int64(st, 1, token_id);
    sqlite3_bind_int64(st, 2, user_id);
    step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        const char *l = (const char *)sqlite3_column_text(st, 0);
        found = 1;
        if (l && peel_buf_puts(label, l) < 0)
            found = peel_err_set(err, PEEL_ENOMEM, "out of memory");
    } else if (step != SQLITE_DONE) {
        found = peel_store_sqlite_err(s, err, "tokens");
    }
    peel_store_sqlite_release(s, st);
    return found;
}

static int web_token_delete(peel_store *s, int64_t user_id, int64_t token_id, peel_err *err)
{
    sqlite3_stmt *st;
    if (prep(s, "DELETE FROM web_token WHERE id = ? AND user_id = ?", &st, err) < 0)
        return -1;
    sqlite3_bind_int64(st, 1, token_id);
    sqlite3_bind_int64(st, 2, user_id);
    if (run(s, st, err) < 0)
        return -1;
    return sqlite3_changes(peel_store_sqlite_db(s)) > 0;
}

static int web_last_signin(peel_store *s, int64_t user_id, const char *account, int64_t *at,
                           peel_err *err)
{
    sqlite3_stmt *st;
    int found = 0;
    /* max() of an empty set is NULL, so the outer max() is NULL when
     * neither table holds a sign-in. */
    if (prep(s,
             "SELECT max(at) FROM ("
             "SELECT max(created_at) AS at FROM web_session WHERE user_id = ?"
             " UNION ALL"
             " SELECT max(at) FROM web_signin_attempt WHERE account = ? AND ok = 1)",
             &st, err) < 0)
        return -1;
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_text(st, 2, account, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        if (sqlite3_column_type(st, 0) != SQLITE_NULL) {
            *at = sqlite3_column_int64(st, 0);
            found = 1;
        }
    } else {
        found = peel_store_sqlite_err(s, err, "sign-ins");
    }
    peel_store_sqlite_release(s, st);
    return found;
}

static int web_attempt_add(peel_store *s, int64_t now, const char *account, const char *addr,
                           bool ok, peel_err *err)
{
    sqlite3_stmt *st;
    /* Attempts older than a day no longer count for anything. */
    if (run_i64(s, "DELETE FROM web_signin_attempt WHERE at < ?", now - 86400, err) < 0)
        return -1;
    if (prep(s, "INSERT INTO web_signin_attempt (at, account, addr, ok) VALUES (?, ?, ?, ?)", &st,
             err) < 0)
        return -1;
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_text(st, 2, account, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, addr, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 4, ok);
    return run(s, st, err);
}

static int web_attempt_claim(peel_store *s, int64_t now_ms, const peel_webdb_throttle *keys,
                             size_t n, int64_t *wait_ms, size_t *which, peel_err *err)
{
    sqlite3_stmt *get = NULL, *put = NULL;
    int64_t failures[8], last[8], next[8];
    int rc = -1;

    if (n > 8)
        return peel_err_set(err, PEEL_EINTERNAL, "too many sign-in throttle keys");
    *wait_ms = 0;
    /* One write transaction: parallel guesses are counted one after
     * another, so each sees the failures of those before it. */
    if (peel_store_begin(s, err) < 0)
        return -1;
    if (prep(s, "SELECT failures, last_ms, next_ms FROM web_signin_throttle WHERE key = ?", &get,
             err) < 0)
        goto out;
    for (size_t i = 0; i < n; i++) {
        int step;
        sqlite3_reset(get);
        sqlite3_bind_text(get, 1, keys[i].key, -1, SQLITE_STATIC);
        failures[i] = last[i] = next[i] = 0;
        step = sqlite3_step(get);
        if (step == SQLITE_ROW) {
            failures[i] = sqlite3_column_int64(get, 0);
            last[i] = sqlite3_column_int64(get, 1);
            next[i] = sqlite3_column_int64(get, 2);
        } else if (step != SQLITE_DONE) {
            peel_store_sqlite_err(s, err, "sign-in throttle");
            goto out;
        }
        if (next[i] - now_ms > *wait_ms) {
            *wait_ms = next[i] - now_ms;
            *which = i;
        }
    }
    if (*wait_ms > 0) {
        rc = 0; /* refused, and not counted: waiting out a delay never lengthens it */
        goto out;
    }
    if (prep(s,
             "INSERT OR REPLACE INTO web_signin_throttle (key, failures, last_ms, next_ms)"
             " VALUES (?, ?, ?, ?)",
             &put, err) < 0)
        goto out;
    for (size_t i = 0; i < n; i++) {
        const peel_webdb_throttle *k = &keys[i];
        int64_t f = now_ms - last[i] > k->window_ms ? 1 : failures[i] + 1, delay = 0;
        /* Counted as a failure until the password proves right (clear). */
        if (f >= k->free) {
            int shift = f - k->free > 30 ? 30 : (int)(f - k->free);
            delay = k->base_ms << shift;
            if (delay > k->cap_ms)
                delay = k->cap_ms;
        }
        sqlite3_reset(put);
        sqlite3_bind_text(put, 1, k->key, -1, SQLITE_STATIC);
        sqlite3_bind_int64(put, 2, f);
        sqlite3_bind_int64(put, 3, now_ms);
        sqlite3_bind_int64(put, 4, delay ? now_ms + delay : 0);
        if (sqlite3_step(put) != SQLITE_DONE) {
            peel_store_sqlite_err(s, err, "sign-in throttle");
            goto out;
        }
    }
    rc = 0;
out:
    if (get)
        peel_store_sqlite_release(s, get);
    if (put)
        peel_store_sqlite_release(s, put);
    if (rc < 0) {
        peel_store_rollback(s);
        return -1;
    }
    return peel_store_commit(s, err);
}

static int web_attempt_clear(peel_store *s, const peel_webdb_throttle *k, bool all, peel_err *err)
{
    sqlite3_stmt *st;
    if (all) {
        if (prep(s, "DELETE FROM web_signin_throttle WHERE key = ?", &st, err) < 0)
            return -1;
        sqlite3_bind_text(st, 1, k->key, -1, SQLITE_STATIC);
        return run(s, st, err);
    }
    if (prep(s,
             "UPDATE web_signin_throttle SET failures = failures - 1,"
             " next_ms = CASE WHEN failures - 1 < ? THEN 0 ELSE next_ms END"
             " WHERE key = ? AND failures > 0",
             &st, err) < 0)
        return -1;
    sqlite3_bind_int64(st, 1, k->free);
    sqlite3_bind_text(st, 2, k->key, -1, SQLITE_STATIC);
    return run(s, st, err);
}

static int web_attempt_failed(peel_store *s, const peel_webdb_throttle *k, int64_t now_ms,
                              peel_err *err)
{
    sqlite3_stmt *st;
    if (prep(s,
             "UPDATE web_signin_throttle SET next_ms = ?1 + (next_ms - last_ms), last_ms = ?1"
             " WHERE key = ?2 AND next_ms > 0 AND last_ms < ?1",
             &st, err) < 0)
        return -1;
    sqlite3_bind_int64(st, 1, now_ms);
    sqlite3_bind_text(st, 2, k->key, -1, SQLITE_STATIC);
    return run(s, st, err);
}

static int web_throttle_prune(peel_store *s, int64_t before_ms, peel_err *err)
{
    sqlite3_stmt *st;
    if (prep(s, "DELETE FROM web_signin_throttle WHERE last_ms < ? AND next_ms < ?", &st, err) < 0)
        return -1;
    sqlite3_bind_int64(st, 1, before_ms);
    sqlite3_bind_int64(st, 2, before_ms);
    return run(s, st, err);
}

static int web_secret(peel_store *s, const char *name, unsigned char *out, size_t len,
                      peel_err *err)
{
    sqlite3_stmt *st;
    int rc = 0;
    /* The first server to start makes it; every later one reads the same. */
    if (prep(s, "INSERT OR IGNORE INTO web_secret (name, value) VALUES (?, randomblob(?))", &st,
             err) < 0)
        return -1;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, (sqlite3_int64)len);
    if (run(s, st, err) < 0)
        return -1;
    if (prep(s, "SELECT value FROM web_secret WHERE name = ?", &st, err) < 0)
        return -1;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW && (size_t)sqlite3_column_bytes(st, 0) == len)
        memcpy(out, sqlite3_column_blob(st, 0), len);
    else
        rc = peel_err_set(err, PEEL_EINTERNAL, "the server secret '%s' could not be read", name);
    peel_store_sqlite_release(s, st);
    return rc;
}

static int web_totp_set(peel_store *s, int64_t user_id, const unsigned char *secret, size_t len,
                        int64_t now, peel_err *err)
{
    sqlite3_stmt *st;
    if (prep(s,
             "INSERT OR REPLACE INTO web_totp (user_id, secret, enrolled_at, last_step)"
             " VALUES (?, ?, ?, 0)",
             &st, err) < 0)
        return -1;
    sqlite3_bind_int64(st, 1, user_id);
    sqlite3_bind_blob(st, 2, secret, (int)len, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, now);
    return run(s, st, err);
}

static int web_totp_get(peel_store *s, int64_t user_id, unsigned char *secret, size_t *len,
                        int64_t *last_step, peel_err *err)
{
    sqlite3_stmt *st;
    int found = 0, step;
    if (prep(s, "SELECT secret, last_step FROM web_totp WHERE user_id = ?", &st, err) < 0)
        return -1;
    sqlite3_bind_int64(st, 1, user_id);
    step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        size_t n = (size_t)sqlite3_column_bytes(st, 0);
        if (n > *len) {
            found = peel_err_set(err, PEEL_EDB, "a second-factor secret is too long");
        } else {
            memcpy(secret, sqlite3_column_blob(st, 0), n);
            *len = n;
            *last_step = sqlite3_column_int64(st, 1);
            found = 1;
        }
    } else if (step != SQLITE_DONE) {
        found = peel_store_sqlite_err(s, err, "second factor");
    }
    peel_store_sqlite_release(s, st);
    return found;
}

static int web_totp_use(peel_store *s, int64_t user_id, int64_t step, peel_err *err)
{
    sqlite3_stmt *st;
    if (prep(s, "UPDATE web_totp SET last_step = ? WHERE user_id = ? AND last_step < ?", &st, err) <
        0)
        return -1;
    sqlite3_bind_int64(st, 1, step);
    sqlite3_bind_int64(st, 2, user_id);
    sqlite3_bind_int64(st, 3, step);
    if (run(s, st, err) < 0)
        return -1;
    return sqlite3_changes(peel_store_sqlite_db(s)) > 0;
}

static int web_pending_add(peel_store *s, const unsigned char *hash, int64_t user_id, int64_t now,
                           const char *next, peel_err *err)
{
    sqlite3_stmt *st;
    if (run_i64(s, "DELETE FROM web_signin_pending WHERE created_at < ?", now - 3600, err) < 0)
        return -1;
    if (prep(s,
             "INSERT INTO web_signin_pending (token_hash, user_id, created_at, next)"
             " VALUES (?, ?, ?, ?)",
             &st, err) < 0)
        return -1;
    sqlite3_bind_blob(st, 1, hash, PEEL_TOKEN_HASH_LEN, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, user_id);
    sqlite3_bind_int64(st, 3, now);
    sqlite3_bind_text(st, 4, next, -1, SQLITE_STATIC);
    return run(s, st, err);
}

static int web_pending_find(peel_store *s, const unsigned char *hash, int64_t *user_id,
                            int64_t *created, peel_buf *next, peel_err *err)
{
    sqlite3_stmt *st;
    int found = 0, step;
    if (prep(s, "SELECT user_id, created_at, next FROM web_signin_pending WHERE token_hash = ?",
             &st, err) < 0)
        return -1;
    sqlite3_bind_blob(st, 1, hash, PEEL_TOKEN_HASH_LEN, SQLITE_STATIC);
    step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        *user_id = sqlite3_column_int64(st, 0);
        *created = sqlite3_column_int64(st, 1);
        found = peel_buf_puts(next, (const char *)sqlite3_column_text(st, 2)) < 0
                    ? peel_err_set(err, PEEL_ENOMEM, "out of memory")
                    : 1;
    } else if (step != SQLITE_DONE) {
        found = peel_store_sqlite_err(s, err, "sign-in");
    }
    peel_store_sqlite_release(s, st);
    return found;
}

static int web_pending_delete(peel_store *s, const unsigned char *hash, peel_err *err)
{
    return run_hash(s, "DELETE FROM web_signin_pending WHERE token_hash = ?", hash, err);
}

static int web_configure(peel_err *err)
{
    /* Allowed only while no connection is open (serve opens none before). */
    sqlite3_shutdown();
    if (sqlite3_config(SQLITE_CONFIG_MULTITHREAD) != SQLITE_OK ||
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) != SQLITE_OK ||
        sqlite3_initialize() != SQLITE_OK)
        return peel_err_set(err, PEEL_EINTERNAL, "SQLite could not be configured for threads");
    return 0;
}

/* Every GET runs in one read transaction; the two statements come from the
 * connection's cache (sqlite3_exec would parse them on every request). */
static int web_read_begin(peel_store *s, peel_err *err)
{
    sqlite3_stmt *st;
    int step;
    if (prep(s, "BEGIN DEFERRED", &st, err) < 0)
        return -1;
    step = sqlite3_step(st);
    peel_store_sqlite_release(s, st);
    if (step != SQLITE_DONE)
        return peel_store_sqlite_err(s, err, "read transaction");
    return 0;
}

/* Through the store's commit, so a write a GET made is counted
 * (peel_store_changes_each) like any other. */
static void web_read_end(peel_store *s)
{
    peel_err ignored = PEEL_ERR_INIT;
    if (sqlite3_get_autocommit(peel_store_sqlite_db(s)))
        return;
    if (peel_store_commit(s, &ignored) < 0)
        peel_store_rollback(s);
}

const peel_web_db_ops peel_store_sqlite_web_ops = {
    .migrations = web_migrations,
    .configure = web_configure,
    .read_begin = web_read_begin,
    .read_end = web_read_end,
    .session_add = web_session_add,
    .session_find = web_session_find,
    .session_touch = web_session_touch,
    .session_delete = web_session_delete,
    .session_delete_user = web_session_delete_user,
    .session_prune = web_session_prune,
    .token_add = web_token_add,
    .token_find = web_token_find,
    .token_list = web_token_list,
    .token_count = web_token_count,
    .token_label = web_token_label,
    .token_delete = web_token_delete,
    .last_signin = web_last_signin,
    .attempt_add = web_attempt_add,
    .attempt_claim = web_attempt_claim,
    .attempt_clear = web_attempt_clear,
    .attempt_failed = web_attempt_failed,
    .throttle_prune = web_throttle_prune,
    .secret = web_secret,
    .totp_set = web_totp_set,
    .totp_get = web_totp_get,
    .totp_use = web_totp_use,
    .pending_add = web_pending_add,
    .pending_find = web_pending_find,
    .pending_delete = web_pending_delete,
};
