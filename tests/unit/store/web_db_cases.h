/* web_db_cases.h - the web application's tables through web_db.h alone,
 * on a database migrated as `peel init` does, the same on every backend:
 * sessions (found, touched, ended one by one, by account and by age), API
 * tokens (found by hash, counted, listed, labelled, deleted only by their
 * owner), the latest sign-in, sign-in throttles, server secrets, the second
 * factor and pending sign-ins, and the read transaction around a page.
 *
 * Included by one test file per backend (test_web_db.c for SQLite,
 * test_pg_web_db.c for PostgreSQL), which defines fixture_open and
 * fixture_close after including it and lists WEB_DB_CASES among its tests.
 */
#ifndef PEEL_TESTS_WEB_DB_CASES_H
#define PEEL_TESTS_WEB_DB_CASES_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "model/model.h"
#include "store/web_db.h"

typedef struct fixture {
    char dir[64];
    char path[256];
    peel_store *s;
    int64_t alice, bob; /* user ids */
} fixture;

/* Defined by the file that includes this one: opens a fresh, empty
 * database into f (0, or -1 with err), and removes it after the store is
 * closed. */
static int fixture_open(fixture *f, peel_err *err);
static void fixture_close(fixture *f);

static int64_t add_user(peel_store *s, const char *name)
{
    const peel_type *t = peel_type_find("user");
    peel_record *r = peel_record_new(t);
    peel_err err = PEEL_ERR_INIT;
    int64_t id;
    assert_non_null(r);
    r->v[0] = (peel_value){.set = true, .s = strdup(name)};
    r->v[1] = (peel_value){.set = true, .s = strdup("staff")};
    assert_int_equal(peel_store_insert(s, r, &err), 0);
    id = r->id;
    peel_record_free(r);
    return id;
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    peel_err err = PEEL_ERR_INIT;
    assert_non_null(f);
    if (fixture_open(f, &err) < 0)
        fail_msg("%s", err.msg);
    assert_true(peel_store_migrate(f->s, false, &err) > 0);
    assert_int_equal(peel_store_begin(f->s, &err), 0);
    f->alice = add_user(f->s, "alice");
    f->bob = add_user(f->s, "bob");
    assert_int_equal(peel_store_commit(f->s, &err), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    peel_store_close(f->s);
    fixture_close(f);
    free(f);
    return 0;
}

static void hash_of(unsigned char h[PEEL_TOKEN_HASH_LEN], int n)
{
    memset(h, 0, PEEL_TOKEN_HASH_LEN);
    h[0] = (unsigned char)n;
    h[PEEL_TOKEN_HASH_LEN - 1] = 0xAB;
}

static void test_sessions(void **state)
{
    fixture *f = *state;
    peel_err err = PEEL_ERR_INIT;
    unsigned char h1[PEEL_TOKEN_HASH_LEN], h2[PEEL_TOKEN_HASH_LEN], h3[PEEL_TOKEN_HASH_LEN];
    int64_t uid = 0, created = 0, seen = 0, at = 0;

    hash_of(h1, 1);
    hash_of(h2, 2);
    hash_of(h3, 3);
    assert_int_equal(peel_webdb_last_signin(f->s, f->alice, "alice", &at, &err), 0);
    assert_int_equal(peel_webdb_session_add(f->s, f->alice, h1, 1000, &err), 0);
    assert_int_equal(peel_webdb_session_add(f->s, f->alice, h2, 2000, &err), 0);
    assert_int_equal(peel_webdb_session_add(f->s, f->bob, h3, 3000, &err), 0);

    assert_int_equal(peel_webdb_session_find(f->s, h1, &uid, &created, &seen, &err), 1);
    assert_int_equal(uid, f->alice);
    assert_int_equal(created, 1000);
    assert_int_equal(seen, 1000);
    assert_int_equal(peel_webdb_session_touch(f->s, h1, 1500, &err), 0);
    assert_int_equal(peel_webdb_session_find(f->s, h1, &uid, &created, &seen, &err), 1);
    assert_int_equal(created, 1000);
    assert_int_equal(seen, 1500);
    assert_int_equal(peel_webdb_last_signin(f->s, f->alice, "alice", &at, &err), 1);
    assert_int_equal(at, 2000);

    /* Idle since before 1600: only h1 (seen at 1500) goes. */
    assert_int_equal(peel_webdb_session_prune(f->s, 1600, &err), 0);
    assert_int_equal(peel_webdb_session_find(f->s, h1, &uid, &created, &seen, &err), 0);
    assert_int_equal(peel_webdb_session_find(f->s, h2, &uid, &created, &seen, &err), 1);

    assert_int_equal(peel_webdb_session_delete_user(f->s, f->alice, &err), 0);
    assert_int_equal(peel_webdb_session_find(f->s, h2, &uid, &created, &seen, &err), 0);
    assert_int_equal(peel_webdb_session_find(f->s, h3, &uid, &created, &seen, &err), 1);
    assert_int_equal(uid, f->bob);
    assert_int_equal(peel_webdb_session_delete(f->s, h3, &err), 0);
    assert_int_equal(peel_webdb_session_find(f->s, h3, &uid, &created, &seen, &err), 0);
    assert_int_equal(err.code, PEEL_OK);
}

typedef struct tokens {
    int n;
    int64_t id[4];
    char label[4][32];
} tokens;

static int token_cb(void *ctx, const peel_webdb_token *t, peel_err *err)
{
    tokens *tk = ctx;
    (void)err;
    assert_true(tk->n < 4);
    tk->id[tk->n] = t->id;
    snprintf(tk->label[tk->n], sizeof tk->label[0], "%s", t->label ? t->label : "(none)");
    tk->n++;
    return 0;
}

static void test_tokens(void **state)
{
    fixture *f = *state;
    peel_err err = PEEL_ERR_INIT;
    unsigned char h1[PEEL_TOKEN_HASH_LEN], h2[PEEL_TOKEN_HASH_LEN], h9[PEEL_TOKEN_HASH_LEN];
    int64_t id1 = 0, id2 = 0, uid = 0, n = -1;
    peel_buf label = PEEL_BUF_INIT;
    tokens tk = {0};

    hash_of(h1, 11);
    hash_of(h2, 12);
    hash_of(h9, 99);
    assert_int_equal(peel_webdb_token_add(f->s, f->alice, h1, "reports", 100, &id1, &err), 0);
    assert_int_equal(peel_webdb_token_add(f->s, f->alice, h2, NULL, 200, &id2, &err), 0);
    assert_true(id2 > id1);

    assert_int_equal(peel_webdb_token_find(f->s, h2, &uid, &err), 1);
    assert_int_equal(uid, f->alice);
    assert_int_equal(peel_webdb_token_find(f->s, h9, &uid, &err), 0);
    assert_int_equal(peel_webdb_token_count(f->s, f->alice, &n, &err), 0);
    assert_int_equal(n, 2);
    assert_int_equal(peel_webdb_token_count(f->s, f->bob, &n, &err), 0);
    assert_int_equal(n, 0);

    assert_int_equal(peel_webdb_token_list(f->s, f->alice, token_cb, &tk, &err), 0);
    assert_int_equal(tk.n, 2);
    assert_int_equal(tk.id[0], id1);
    assert_string_equal(tk.label[0], "reports");
    assert_string_equal(tk.label[1], "(none)");

    assert_int_equal(peel_webdb_token_label(f->s, f->alice, id1, &label, &err), 1);
    assert_string_equal(peel_buf_str(&label), "reports");
    assert_int_equal(peel_webdb_token_label(f->s, f->bob, id1, &label, &err), 0);

    /* Only the owner's token number deletes. */
    assert_int_equal(peel_webdb_token_delete(f->s, f->bob, id1, &err), 0);
    assert_int_equal(peel_webdb_token_delete(f->s, f->alice, id1, &err), 1);
    assert_int_equal(peel_webdb_token_delete(f->s, f->alice, id1, &err), 0);
    assert_int_equal(peel_webdb_token_find(f->s, h1, &uid, &err), 0);
    assert_int_equal(err.code, PEEL_OK);
    peel_buf_release(&label);
}

/* A throttle waits from the free-th failure on, refuses without counting
 * while it waits, takes back one attempt or forgets them all, restarts a
 * failed attempt's wait, and is pruned once idle. */
static void test_throttle(void **state)
{
    fixture *f = *state;
    peel_err err = PEEL_ERR_INIT;
    const peel_webdb_throttle k = {"alice@1.2.3.4", 2, 1000, 8000, 60000};
    int64_t wait;
    size_t which = 9;

    assert_int_equal(peel_webdb_attempt_claim(f->s, 1000, &k, 1, &wait, &which, &err), 0);
    assert_int_equal(wait, 0);
    assert_int_equal(peel_webdb_attempt_claim(f->s, 1001, &k, 1, &wait, &which, &err), 0);
    assert_int_equal(wait, 0); /* the second failure sets a wait of 1 s */
    assert_int_equal(peel_webdb_attempt_claim(f->s, 1500, &k, 1, &wait, &which, &err), 0);
    assert_int_equal(wait, 501);
    assert_int_equal(which, 0);

    /* This attempt's count taken back: below free again, no wait. */
    assert_int_equal(peel_webdb_attempt_clear(f->s, &k, false, &err), 0);
    assert_int_equal(peel_webdb_attempt_claim(f->s, 1500, &k, 1, &wait, &which, &err), 0);
    assert_int_equal(wait, 0);
    /* Failed at 1700: the 1 s starts then. */
    assert_int_equal(peel_webdb_attempt_failed(f->s, &k, 1700, &err), 0);
    assert_int_equal(peel_webdb_attempt_claim(f->s, 2000, &k, 1, &wait, &which, &err), 0);
    assert_int_equal(wait, 700);

    assert_int_equal(peel_webdb_attempt_clear(f->s, &k, true, &err), 0);
    assert_int_equal(peel_webdb_attempt_claim(f->s, 2000, &k, 1, &wait, &which, &err), 0);
    assert_int_equal(wait, 0);
    /* Pruned: the next claims count from one again. */
    assert_int_equal(peel_webdb_throttle_prune(f->s, 1000000, &err), 0);
    assert_int_equal(peel_webdb_attempt_claim(f->s, 3000, &k, 1, &wait, &which, &err), 0);
    assert_int_equal(peel_webdb_attempt_claim(f->s, 3000, &k, 1, &wait, &which, &err), 0);
    assert_int_equal(wait, 0);
    assert_int_equal(err.code, PEEL_OK);
}

/* A secret is made once and read the same after; the second factor's code
 * is used once; a pending sign-in is found by its hash until deleted. */
static void test_secret_totp_pending(void **state)
{
    fixture *f = *state;
    peel_err err = PEEL_ERR_INIT;
    unsigned char a[32], b[32], c[32], secret[64], h[PEEL_TOKEN_HASH_LEN];
    const unsigned char key[20] = {1, 2, 3, 4, 5};
    size_t len = sizeof secret;
    int64_t last = -1, uid = 0, created = 0;
    peel_buf next = PEEL_BUF_INIT;

    assert_int_equal(peel_webdb_secret(f->s, "csrf", a, sizeof a, &err), 0);
    assert_int_equal(peel_webdb_secret(f->s, "csrf", b, sizeof b, &err), 0);
    assert_int_equal(peel_webdb_secret(f->s, "other", c, sizeof c, &err), 0);
    assert_memory_equal(a, b, sizeof a);
    assert_memory_not_equal(a, c, sizeof a);

    assert_int_equal(peel_webdb_totp_get(f->s, f->alice, secret, &len, &last, &err), 0);
    assert_int_equal(peel_webdb_totp_set(f->s, f->alice, key, sizeof key, 100, &err), 0);
    assert_int_equal(peel_webdb_totp_get(f->s, f->alice, secret, &len, &last, &err), 1);
    assert_int_equal(len, sizeof key);
    assert_memory_equal(secret, key, sizeof key);
    assert_int_equal(last, 0);
    assert_int_equal(peel_webdb_totp_use(f->s, f->alice, 5, &err), 1);
    assert_int_equal(peel_webdb_totp_use(f->s, f->alice, 5, &err), 0);
    assert_int_equal(peel_webdb_totp_use(f->s, f->alice, 4, &err), 0);
    assert_int_equal(peel_webdb_totp_use(f->s, f->alice, 6, &err), 1);
    len = sizeof secret;
    assert_int_equal(peel_webdb_totp_get(f->s, f->alice, secret, &len, &last, &err), 1);
    assert_int_equal(last, 6);
    assert_int_equal(peel_webdb_totp_get(f->s, f->bob, secret, &len, &last, &err), 0);

    hash_of(h, 3);
    assert_int_equal(peel_webdb_pending_add(f->s, h, f->alice, 100, "/records", &err), 0);
    assert_int_equal(peel_webdb_pending_find(f->s, h, &uid, &created, &next, &err), 1);
    assert_int_equal(uid, f->alice);
    assert_int_equal(created, 100);
    assert_string_equal(peel_buf_str(&next), "/records");
    assert_int_equal(peel_webdb_pending_delete(f->s, h, &err), 0);
    assert_int_equal(peel_webdb_pending_find(f->s, h, &uid, &created, &next, &err), 0);
    assert_int_equal(err.code, PEEL_OK);
    peel_buf_release(&next);
}

/* A page's reads share one snapshot; a write waits for no reader. */
static void test_read_transaction(void **state)
{
    fixture *f = *state;
    peel_err err = PEEL_ERR_INIT;
    peel_store *other = NULL;
    unsigned char h[PEEL_TOKEN_HASH_LEN];
    int64_t uid, created, seen;

    hash_of(h, 7);
    assert_int_equal(peel_store_open(f->path, false, &other, &err), 0);
    assert_int_equal(peel_webdb_read_begin(f->s, &err), 0);
    assert_int_equal(peel_webdb_session_find(f->s, h, &uid, &created, &seen, &err), 0);
    assert_int_equal(peel_webdb_session_add(other, f->bob, h, 10, &err), 0);
    /* Still the snapshot the page began with. */
    assert_int_equal(peel_webdb_session_find(f->s, h, &uid, &created, &seen, &err), 0);
    peel_webdb_read_end(f->s);
    assert_int_equal(peel_webdb_session_find(f->s, h, &uid, &created, &seen, &err), 1);
    peel_webdb_read_end(f->s); /* outside a transaction: nothing to end */
    peel_store_close(other);
    assert_int_equal(err.code, PEEL_OK);
}

/* The cases above, for a CMUnitTest array (a comma after, as for one case). */
#define WEB_DB_CASES(setup, teardown)                                                              \
    cmocka_unit_test_setup_teardown(test_sessions, setup, teardown),                               \
        cmocka_unit_test_setup_teardown(test_tokens, setup, teardown),                             \
        cmocka_unit_test_setup_teardown(test_throttle, setup, teardown),                           \
        cmocka_unit_test_setup_teardown(test_secret_totp_pending, setup, teardown),                \
        cmocka_unit_test_setup_teardown(test_read_transaction, setup, teardown)

#endif
