/* web_db.h - the web application's own tables, the store's second door
 * beside store.h: sessions, API tokens, sign-in attempts and throttles,
 * server secrets, second factors and pending sign-ins, the read transaction
 * around a page, and the database set-up the server needs.
 * web_db.c dispatches each call to the store's backend (backend.h; SQLite's
 * SQL is in sqlite/web.c, with the tables' migrations 200-299).
 * Tokens are never stored: only their BLAKE2b-256 hash (32 bytes).
 *
 * Ownership: every function borrows its arguments for the call; strings
 * handed to a callback are borrowed for the callback only.
 */
#ifndef PEEL_STORE_WEB_DB_H
#define PEEL_STORE_WEB_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/buf.h"
#include "store/store.h"

#define PEEL_TOKEN_HASH_LEN 32

int peel_webdb_session_add(peel_store *s, int64_t user_id, const unsigned char *hash, int64_t now,
                           peel_err *err);
/* 1 found (user id and times set), 0 not, -1 error. */
int peel_webdb_session_find(peel_store *s, const unsigned char *hash, int64_t *user_id,
                            int64_t *created, int64_t *last_seen, peel_err *err);
int peel_webdb_session_touch(peel_store *s, const unsigned char *hash, int64_t now, peel_err *err);
int peel_webdb_session_delete(peel_store *s, const unsigned char *hash, peel_err *err);
/* Ends every session of a user (password change, deactivation). */
int peel_webdb_session_delete_user(peel_store *s, int64_t user_id, peel_err *err);
/* Removes sessions idle since before `before`. */
int peel_webdb_session_prune(peel_store *s, int64_t before, peel_err *err);

/* Stores a token's hash; *id (may be NULL) receives the token's number. */
int peel_webdb_token_add(peel_store *s, int64_t user_id, const unsigned char *hash,
                         const char *label, int64_t now, int64_t *id, peel_err *err);
int peel_webdb_token_find(peel_store *s, const unsigned char *hash, int64_t *user_id,
                          peel_err *err);
/* A user's token as the account pages list it: never the token or its hash.
 * label is NULL when there is none; it borrows from the statement and is
 * valid only during the callback. */
typedef struct peel_webdb_token {
    int64_t id;
    const char *label;
    int64_t created_at;
} peel_webdb_token;
typedef int (*peel_webdb_token_cb)(void *ctx, const peel_webdb_token *t, peel_err *err);
/* Calls cb for each of the user's tokens, oldest first; cb returns 0 to go
 * on, 1 to stop, -1 (err set) to fail. */
int peel_webdb_token_list(peel_store *s, int64_t user_id, peel_webdb_token_cb cb, void *ctx,
                          peel_err *err);
int peel_webdb_token_count(peel_store *s, int64_t user_id, int64_t *n, peel_err *err);
/* Whether the user has token number token_id: 1 yes (its label, if any,
 * appended to label), 0 no, -1 error. */
int peel_webdb_token_label(peel_store *s, int64_t user_id, int64_t token_id, peel_buf *label,
                           peel_err *err);
/* Deletes the user's token number token_id: 1 deleted, 0 no such token of
 * that user, -1 error. */
int peel_webdb_token_delete(peel_store *s, int64_t user_id, int64_t token_id, peel_err *err);

/* The latest sign-in peel still holds for an account: its live sessions'
 * start and its successful attempts (kept for a day).  1 found (*at set),
 * 0 none recorded, -1 error. */
int peel_webdb_last_signin(peel_store *s, int64_t user_id, const char *account, int64_t *at,
                           peel_err *err);

int peel_webdb_attempt_add(peel_store *s, int64_t now, const char *account, const char *addr,
                           bool ok, peel_err *err);
/* A sign-in throttle: the failures counted under key (an account and an
 * address, an address, or an account) within window_ms of each other; from
 * the free-th on, no attempt before base_ms << (failures - free) has passed
 * (at most cap_ms).  Times are milliseconds of the system clock. */
typedef struct peel_webdb_throttle {
    const char *key;
    int64_t free, base_ms, cap_ms, window_ms;
} peel_webdb_throttle;
/* Claims one attempt under every key, in one write transaction: when any key
 * is still waiting, *wait_ms gets the longest wait and *which its key, and
 * nothing is counted; otherwise the attempt is counted as a failure under
 * each key (*wait_ms 0), to be cleared when it succeeds. */
int peel_webdb_attempt_claim(peel_store *s, int64_t now_ms, const peel_webdb_throttle *keys,
                             size_t n, int64_t *wait_ms, size_t *which, peel_err *err);
/* A claimed attempt succeeded: forgets every failure under k (all), or
 * takes back only this attempt's count. */
int peel_webdb_attempt_clear(peel_store *s, const peel_webdb_throttle *k, bool all, peel_err *err);
/* A claimed attempt failed at now_ms: the wait it set starts now, not when
 * the password began to be checked. */
int peel_webdb_attempt_failed(peel_store *s, const peel_webdb_throttle *k, int64_t now_ms,
                              peel_err *err);
/* Drops throttles with no failure and no wait since before_ms. */
int peel_webdb_throttle_prune(peel_store *s, int64_t before_ms, peel_err *err);

/* A random secret of len bytes kept under name (made the first time). */
int peel_webdb_secret(peel_store *s, const char *name, unsigned char *out, size_t len,
                      peel_err *err);

/* The second factor (totp.h): an account's secret, kept only here and never
 * shown after enrolment, and the last step whose code was used. */
int peel_webdb_totp_set(peel_store *s, int64_t user_id, const unsigned char *secret, size_t len,
                        int64_t now, peel_err *err);
/* 1 enrolled (secret, *len -- its size on entry -- and *last_step set), 0
 * not, -1 error. */
int peel_webdb_totp_get(peel_store *s, int64_t user_id, unsigned char *secret, size_t *len,
                        int64_t *last_step, peel_err *err);
/* Marks step used, in one statement: 1 done, 0 it (or a later one) was
 * already used, so the code is refused; -1 error. */
int peel_webdb_totp_use(peel_store *s, int64_t user_id, int64_t step, peel_err *err);

/* A sign-in whose password was right and whose code is still due, by the
 * hash of its cookie; next is where to go after.  find: 1 found, 0 not. */
int peel_webdb_pending_add(peel_store *s, const unsigned char *hash, int64_t user_id, int64_t now,
                           const char *next, peel_err *err);
int peel_webdb_pending_find(peel_store *s, const unsigned char *hash, int64_t *user_id,
                            int64_t *created, peel_buf *next, peel_err *err);
int peel_webdb_pending_delete(peel_store *s, const unsigned char *hash, peel_err *err);

/* Configures the database for the server before any connection opens:
 * each connection is used by one thread only (for SQLite, also no global
 * memory statistics, whose mutex serialises every allocation across
 * threads). */
int peel_webdb_configure(peel_err *err);

/* A read transaction around a GET: one snapshot, one lock, for every query
 * of the page (peel_store_begin takes the write lock, which readers must not). */
int peel_webdb_read_begin(peel_store *s, peel_err *err);
void peel_webdb_read_end(peel_store *s);

#endif
