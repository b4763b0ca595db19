/* web_db.c - web_db.h as a dispatcher: each call goes through the web
 * operations of the store's backend (backend.h). */
#include "store/web_db.h"

#include "store/backend.h"

static const peel_web_db_ops *web(peel_store *s)
{
    return s->backend->web;
}

int peel_webdb_session_add(peel_store *s, int64_t user_id, const unsigned char *hash, int64_t now,
                           peel_err *err)
{
    return web(s)->session_add(s, user_id, hash, now, err);
}

int peel_webdb_session_find(peel_store *s, const unsigned char *hash, int64_t *user_id,
                            int64_t *created, int64_t *last_seen, peel_err *err)
{
    return web(s)->session_find(s, hash, user_id, created, last_seen, err);
}

int peel_webdb_session_touch(peel_store *s, const unsigned char *hash, int64_t now, peel_err *err)
{
    return web(s)->session_touch(s, hash, now, err);
}

int peel_webdb_session_delete(peel_store *s, const unsigned char *hash, peel_err *err)
{
    return web(s)->session_delete(s, hash, err);
}

int peel_webdb_session_delete_user(peel_store *s, int64_t user_id, peel_err *err)
{
    return web(s)->session_delete_user(s, user_id, err);
}

int peel_webdb_session_prune(peel_store *s, int64_t before, peel_err *err)
{
    return web(s)->session_prune(s, before, err);
}

int peel_webdb_token_add(peel_store *s, int64_t user_id, const unsigned char *hash,
                         const char *label, int64_t now, int64_t *id, peel_err *err)
{
    return web(s)->token_add(s, user_id, hash, label, now, id, err);
}

int peel_webdb_token_find(peel_store *s, const unsigned char *hash, int64_t *user_id, peel_err *err)
{
    return web(s)->token_find(s, hash, user_id, err);
}

int peel_webdb_token_list(peel_store *s, int64_t user_id, peel_webdb_token_cb cb, void *ctx,
                          peel_err *err)
{
    return web(s)->token_list(s, user_id, cb, ctx, err);
}

int peel_webdb_token_count(peel_store *s, int64_t user_id, int64_t *n, peel_err *err)
{
    return web(s)->token_count(s, user_id, n, err);
}

int peel_webdb_token_label(peel_store *s, int64_t user_id, int64_t token_id, peel_buf *label,
                           peel_err *err)
{
    return web(s)->token_label(s, user_id, token_id, label, err);
}

int peel_webdb_token_delete(peel_store *s, int64_t user_id, int64_t token_id, peel_err *err)
{
    return web(s)->token_delete(s, user_id, token_id, err);
}

int peel_webdb_last_signin(peel_store *s, int64_t user_id, const char *account, int64_t *at,
                           peel_err *err)
{
    return web(s)->last_signin(s, user_id, account, at, err);
}

int peel_webdb_attempt_add(peel_store *s, int64_t now, const char *account, const char *addr,
                           bool ok, peel_err *err)
{
    return web(s)->attempt_add(s, now, account, addr, ok, err);
}

int peel_webdb_attempt_claim(peel_store *s, int64_t now_ms, const peel_webdb_throttle *keys,
                             size_t n, int64_t *wait_ms, size_t *which, peel_err *err)
{
    return web(s)->attempt_claim(s, now_ms, keys, n, wait_ms, which, err);
}

int peel_webdb_attempt_clear(peel_store *s, const peel_webdb_throttle *k, bool all, peel_err *err)
{
    return web(s)->attempt_clear(s, k, all, err);
}

int peel_webdb_attempt_failed(peel_store *s, const peel_webdb_throttle *k, int64_t now_ms,
                              peel_err *err)
{
    return web(s)->attempt_failed(s, k, now_ms, err);
}

int peel_webdb_throttle_prune(peel_store *s, int64_t before_ms, peel_err *err)
{
    return web(s)->throttle_prune(s, before_ms, err);
}

int peel_webdb_secret(peel_store *s, const char *name, unsigned char *out, size_t len,
                      peel_err *err)
{
    return web(s)->secret(s, name, out, len, err);
}

int peel_webdb_totp_set(peel_store *s, int64_t user_id, const unsigned char *secret, size_t len,
                        int64_t now, peel_err *err)
{
    return web(s)->totp_set(s, user_id, secret, len, now, err);
}

int peel_webdb_totp_get(peel_store *s, int64_t user_id, unsigned char *secret, size_t *len,
                        int64_t *last_step, peel_err *err)
{
    return web(s)->totp_get(s, user_id, secret, len, last_step, err);
}

int peel_webdb_totp_use(peel_store *s, int64_t user_id, int64_t step, peel_err *err)
{
    return web(s)->totp_use(s, user_id, step, err);
}

int peel_webdb_pending_add(peel_store *s, const unsigned char *hash, int64_t user_id, int64_t now,
                           const char *next, peel_err *err)
{
    return web(s)->pending_add(s, hash, user_id, now, next, err);
}

int peel_webdb_pending_find(peel_store *s, const unsigned char *hash, int64_t *user_id,
                            int64_t *created, peel_buf *next, peel_err *err)
{
    return web(s)->pending_find(s, hash, user_id, created, next, err);
}

int peel_webdb_pending_delete(peel_store *s, const unsigned char *hash, peel_err *err)
{
    return web(s)->pending_delete(s, hash, err);
}

int peel_webdb_configure(peel_err *err)
{
    /* Before any store is open, so for the backend a store would be opened
     * with: the only one built in. */
    return peel_store_sqlite_backend.web->configure(err);
}

int peel_webdb_read_begin(peel_store *s, peel_err *err)
{
    return web(s)->read_begin(s, err);
}

void peel_webdb_read_end(peel_store *s)
{
    web(s)->read_end(s);
}
