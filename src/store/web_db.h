/* web_db.h - the web application's own tables, the store's second door
 * beside store.h: sessions, API tokens and sign-in attempts, the read
 * transaction around a page, and the database set-up the server needs.
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
#include <stdint.h>

#include "core/buf.h"
#include "store/store.h"

#define PEEL_TOKEN_HASH_LEN 32

int peel_webdb_session_add(peel_store *s, int64_t user_id, const unsigned char *hash,
                           int64_t now, peel_err *err);
/* 1 found (user id and times set), 0 not, -1 error. */
int peel_webdb_session_find(peel_store *s, const unsigned char *hash, int64_t *user_id,
                            int64_t *created, int64_t *last_seen, peel_err *err);
int peel_webdb_session_touch(peel_store *s, const unsigned char *hash, int64_t now,
                             peel_err *err);
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
/* Failed attempts since `since` for the account and for the address. */
int peel_webdb_attempt_failures(peel_store *s, int64_t since, const char *account,
                                const char *addr, int64_t *by_account, int64_t *by_addr,
                                peel_err *err);

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
