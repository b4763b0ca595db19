/* web_db.c - web_db.h as a dispatcher: each call goes through the web
 * operations of the store's backend (backend.h). */
#include "store/web_db.h"

#include "store/backend.h"

static const peel_web_db_ops *web(peel_store *s)
{
    return s->backend->web;
}

/* -1 with err when the backend's web table has no such operation yet. */
#define CAN(s, slot, err) peel_store_can((s), web(s)->slot != NULL, "the web's " #slot, (err))

int peel_webdb_session_add(peel_store *s, int64_t user_id, const unsigned char *hash, int64_t now,
                           peel_err *err)
{
    return CAN(s, session_add, err) < 0 ? -1 : web(s)->session_add(s, user_id, hash, now, err);
}

int peel_webdb_session_find(peel_store *s, const unsigned char *hash, int64_t *user_id,
                            int64_t *created, int64_t *last_seen, peel_err *err)
{
    return CAN(s, session_find, err) < 0
               ? -1
               : web(s)->session_find(s, hash, user_id, created, last_seen, err);
}

int peel_webdb_session_touch(peel_store *s, const unsigned char *hash, int64_t now, peel_err *err)
{
    return CAN(s, session_touch, err) < 0 ? -1 : web(s)->session_touch(s, hash, now, err);
}

int peel_webdb_session_delete(peel_store *s, const unsigned char *hash, peel_err *err)
{
    return CAN(s, session_delete, err) < 0 ? -1 : web(s)->session_delete(s, hash, err);
}

int peel_webdb_session_delete_user(peel_store *s, int64_t user_id, peel_err *err)
{
    return CAN(s, session_delete_user, err) < 0 ? -1 : web(s)->session_delete_user(s, user_id, err);
}

int peel_webdb_session_prune(peel_store *s, int64_t before, peel_err *err)
{
    return CAN(s, session_prune, err) < 0 ? -1 : web(s)->session_prune(s, before, err);
}

int peel_webdb_token_add(peel_store *s, int64_t user_id, const unsigned char *hash,
                         const char *label, int64_t now, int64_t *id, peel_err *err)
{
    return CAN(s, token_add, err) < 0 ? -1
                                      : web(s)->token_add(s, user_id, hash, label, now, id, err);
}

int peel_webdb_token_find(peel_store *s, const unsigned char *hash, int64_t *user_id, peel_err *err)
{
    return CAN(s, token_find, err) < 0 ? -1 : web(s)->token_find(s, hash, user_id, err);
}

int peel_webdb_token_list(peel_store *s, int64_t user_id, peel_webdb_token_cb cb, void *ctx,
                          peel_err *err)
{
    return CAN(s, token_list, err) < 0 ? -1 : web(s)->token_list(s, user_id, cb, ctx, err);
}

int peel_webdb_token_count(peel_store *s, int64_t user_id, int64_t *n, peel_err *err)
{
    return CAN(s, token_count, err) < 0 ? -1 : web(s)->token_count(s, user_id, n, err);
}

int peel_webdb_token_label(peel_store *s, int64_t user_id, int64_t token_id, peel_buf *label,
                           peel_err *err)
{
    return CAN(s, token_label, err) < 0 ? -1
                                        : web(s)->token_label(s, user_id, token_id, label, err);
}

int peel_webdb_token_delete(peel_store *s, int64_t user_id, int64_t token_id, peel_err *err)
{
    return CAN(s, token_delete, err) < 0 ? -1 : web(s)->token_delete(s, user_id, token_id, err);
}

int peel_webdb_last_signin(peel_store *s, int64_t user_id, const char *account, int64_t *at,
                           peel_err *err)
{
    return CAN(s, last_signin, err) < 0 ? -1 : web(s)->last_signin(s, user_id, account, at, err);
}

int peel_webdb_attempt_add(peel_store *s, int64_t now, const char *account, const char *addr,
                           bool ok, peel_err *err)
{
    return CAN(s, attempt_add, err) < 0 ? -1 : web(s)->attempt_add(s, now, account, addr, ok, err);
}

int peel_webdb_attempt_claim(peel_store *s, int64_t now_ms, const peel_webdb_throttle *keys,
                             size_t n, int64_t *wait_ms, size_t *which, peel_err *err)
{
    return CAN(s, attempt_claim, err) < 0
               ? -1
               : web(s)->attempt_claim(s, now_ms, keys, n, wait_ms, which, err);
}

int peel_webdb_attempt_clear(peel_store *s, const peel_webdb_throttle *k, bool all, peel_err *err)
{
    return CAN(s, attempt_clear, err) < 0 ? -1 : web(s)->attempt_clear(s, k, all, err);
}

int peel_webdb_attempt_failed(peel_store *s, const peel_webdb_throttle *k, int64_t now_ms,
                              peel_err *err)
{
    return CAN(s, attempt_failed, err) < 0 ? -1 : web(s)->attempt_failed(s, k, now_ms, err);
}

int peel_webdb_throttle_prune(peel_store *s, int64_t before_ms, peel_err *err)
{
    return CAN(s, throttle_prune, err) < 0 ? -1 : web(s)->throttle_prune(s, before_ms, err);
}

int peel_webdb_secret(peel_store *s, const char *name, unsigned char *out, size_t len,
                      peel_err *err)
{
    return CAN(s, secret, err) < 0 ? -1 : web(s)->secret(s, name, out, len, err);
}

int peel_webdb_totp_set(peel_store *s, int64_t user_id, const unsigned char *secret, size_t len,
                        int64_t now, peel_err *err)
{
    return CAN(s, totp_set, err) < 0 ? -1 : web(s)->totp_set(s, user_id, secret, len, now, err);
}

int peel_webdb_totp_get(peel_store *s, int64_t user_id, unsigned char *secret, size_t *len,
                        int64_t *last_step, peel_err *err)
{
    return CAN(s, totp_get, err) < 0 ? -1
                                     : web(s)->totp_get(s, user_id, secret, len, last_step, err);
}

int peel_webdb_totp_use(peel_store *s, int64_t user_id, int64_t step, peel_err *err)
{
    return CAN(s, totp_use, err) < 0 ? -1 : web(s)->totp_use(s, user_id, step, err);
}

int peel_webdb_pending_add(peel_store *s, const unsigned char *hash, int64_t user_id, int64_t now,
                           const char *next, peel_err *err)
{
    return CAN(s, pending_add, err) < 0 ? -1
                                        : web(s)->pending_add(s, hash, user_id, now, next, err);
}

int peel_webdb_pending_find(peel_store *s, const unsigned char *hash, int64_t *user_id,
                            int64_t *created, peel_buf *next, peel_err *err)
{
    return CAN(s, pending_find, err) < 0
               ? -1
               : web(s)->pending_find(s, hash, user_id, created, next, err);
}

int peel_webdb_pending_delete(peel_store *s, const unsigned char *hash, peel_err *err)
{
    return CAN(s, pending_delete, err) < 0 ? -1 : web(s)->pending_delete(s, hash, err);
}

int peel_webdb_configure(peel_err *err)
{
    /* Before any store is open, so for the backend a store would be opened
     * with: the only one built in. */
    return peel_store_sqlite_backend.web->configure(err);
}

int peel_webdb_read_begin(peel_store *s, peel_err *err)
{
    return CAN(s, read_begin, err) < 0 ? -1 : web(s)->read_begin(s, err);
}

void peel_webdb_read_end(peel_store *s)
{
    if (web(s)->read_end) /* else read_begin refused */
        web(s)->read_end(s);
}
