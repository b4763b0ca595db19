/* test_change_count.c - the change count (peel_store_changes) on a real
 * SQLite file migrated as `peel init` does: the web's own bookkeeping
 * (sessions and their touches, sign-in attempts and throttles, API tokens,
 * second factors, pending sign-ins, server secrets) leaves it as it was;
 * a record created, edited or deleted, a setting, a paper attached and a
 * crime import raise it, seen from another connection too; a write rolled
 * back, whole or to a savepoint, and a crime import that finds its file
 * unchanged do not.  And the counts by group (change_group_cases.h), as
 * test_pg_change_count.c checks them on PostgreSQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "crime/import.h"
#include "model/attach.h"
#include "model/crud.h"
#include "model/model.h"
#include "store/crime_db.h"
#include "store/web_db.h"
#include "unit/app_init.h"
#include "unit/store/change_group_cases.h"

typedef struct fixture {
    char dir[64];
    char path[96];
    peel_store *s;
    int64_t user;
} fixture;

static uint64_t count(peel_store *s)
{
    peel_err err = PEEL_ERR_INIT;
    uint64_t n = 0;
    if (peel_store_changes(s, &n, &err) < 0)
        fail_msg("peel_store_changes: %s", err.msg);
    return n;
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    peel_err err = PEEL_ERR_INIT;
    snprintf(f->dir, sizeof f->dir, "/tmp/peel-unit-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->path, sizeof f->path, "%s/t.db", f->dir);
    assert_int_equal(peel_store_open(f->path, true, &f->s, &err), 0);
    assert_true(peel_store_migrate(f->s, false, &err) > 0);
    {
        peel_record *u = peel_record_new(peel_type_find("user"));
        assert_non_null(u);
        u->v[0] = (peel_value){.set = true, .s = strdup("alice")};
        u->v[1] = (peel_value){.set = true, .s = strdup("staff")};
        assert_int_equal(peel_store_begin(f->s, &err), 0);
        assert_int_equal(peel_store_insert(f->s, u, &err), 0);
        assert_int_equal(peel_store_commit(f->s, &err), 0);
        f->user = u->id;
        peel_record_free(u);
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    char cmd[128];
    peel_store_close(f->s);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    assert_int_equal(system(cmd), 0);
    free(f);
    return 0;
}

static void hash_of(unsigned char h[PEEL_TOKEN_HASH_LEN], int n)
{
    memset(h, 0, PEEL_TOKEN_HASH_LEN);
    h[0] = (unsigned char)n;
    h[PEEL_TOKEN_HASH_LEN - 1] = 0xCD;
}

static void test_signing_in_changes_nothing(void **state)
{
    fixture *f = *state;
    peel_err err = PEEL_ERR_INIT;
    unsigned char h[PEEL_TOKEN_HASH_LEN], secret[20] = {1, 2, 3}, key[32];
    peel_webdb_throttle k[] = {
        {.key = "acct:alice", .free = 1, .base_ms = 10, .cap_ms = 100, .window_ms = 1000}};
    int64_t wait = 0, id = 0;
    size_t which = 0;
    uint64_t before = count(f->s);

    assert_true(before > 0);
    hash_of(h, 1);
    /* outside a transaction, as the server's sign-in and touch run */
    assert_int_equal(peel_webdb_session_add(f->s, f->user, h, 1000, &err), 0);
    assert_int_equal(peel_webdb_session_touch(f->s, h, 2000, &err), 0);
    assert_int_equal(peel_webdb_attempt_claim(f->s, 5000, k, 1, &wait, &which, &err), 0);
    assert_int_equal(peel_webdb_attempt_failed(f->s, &k[0], 5001, &err), 0);
    assert_int_equal(peel_webdb_attempt_add(f->s, 5, "alice", "127.0.0.1", true, &err), 0);
    assert_int_equal(peel_webdb_attempt_clear(f->s, &k[0], true, &err), 0);
    assert_int_equal(peel_webdb_secret(f->s, "test", key, sizeof key, &err), 0);
    assert_int_equal(peel_webdb_totp_set(f->s, f->user, secret, sizeof secret, 10, &err), 0);
    assert_int_equal(peel_webdb_totp_use(f->s, f->user, 7, &err), 1);
    hash_of(h, 2);
    assert_int_equal(peel_webdb_pending_add(f->s, h, f->user, 10, "/", &err), 0);
    assert_int_equal(peel_webdb_pending_delete(f->s, h, &err), 0);
    hash_of(h, 3);
    assert_int_equal(peel_webdb_token_add(f->s, f->user, h, "bench", 10, &id, &err), 0);
    hash_of(h, 1);
    assert_int_equal(peel_webdb_session_delete(f->s, h, &err), 0);
    assert_true(count(f->s) == before);

    /* and inside one, as a page's read transaction and a throttle's */
    assert_int_equal(peel_store_begin(f->s, &err), 0);
    hash_of(h, 4);
    assert_int_equal(peel_webdb_session_add(f->s, f->user, h, 1000, &err), 0);
    assert_int_equal(peel_webdb_session_touch(f->s, h, 3000, &err), 0);
    assert_int_equal(peel_store_commit(f->s, &err), 0);
    assert_true(count(f->s) == before);
}

static void test_records_and_settings_count(void **state)
{
    fixture *f = *state;
    peel_err err = PEEL_ERR_INIT;
    peel_store *other = NULL;
    uint64_t n0 = count(f->s), n;
    int64_t id;

    assert_int_equal(peel_store_open(f->path, false, &other, &err), 0);
    assert_true(count(other) == n0);

    id = save(f->s, "body", 0,
              (const char *const[]){"name", "Police and Crime Panel", "kind", "panel", NULL});
    n = count(f->s);
    assert_true(n > n0);
    assert_true(count(other) == n); /* another connection reads the same count */

    save(f->s, "body", id, (const char *const[]){"name", "The Panel", NULL});
    assert_true(count(f->s) > n);
    n = count(f->s);
    assert_true(count(other) == n);

    /* a setting, outside a transaction: counted just after */
    assert_int_equal(peel_store_meta_set(f->s, "site_name", "Test", &err), 0);
    assert_true(count(f->s) > n);
    n = count(f->s);

    /* rolled back whole: nothing to count */
    assert_int_equal(peel_store_begin(f->s, &err), 0);
    assert_int_equal(peel_store_meta_set(f->s, "site_name", "Gone", &err), 0);
    peel_store_rollback(f->s);
    assert_true(count(f->s) == n);

    /* rolled back to a savepoint: what it undid is not counted... */
    assert_int_equal(peel_store_begin(f->s, &err), 0);
    assert_int_equal(peel_store_savepoint(f->s, "sp", &err), 0);
    assert_int_equal(peel_store_meta_set(f->s, "site_name", "Undone", &err), 0);
    assert_int_equal(peel_store_savepoint_rollback(f->s, "sp", &err), 0);
    assert_int_equal(peel_store_savepoint_release(f->s, "sp", &err), 0);
    assert_int_equal(peel_store_commit(f->s, &err), 0);
    assert_true(count(f->s) == n);

    /* ...what came before it is */
    assert_int_equal(peel_store_begin(f->s, &err), 0);
    assert_int_equal(peel_store_meta_set(f->s, "site_name", "Kept", &err), 0);
    assert_int_equal(peel_store_savepoint(f->s, "sp", &err), 0);
    assert_int_equal(peel_store_savepoint_rollback(f->s, "sp", &err), 0);
    assert_int_equal(peel_store_savepoint_release(f->s, "sp", &err), 0);
    assert_int_equal(peel_store_commit(f->s, &err), 0);
    assert_true(count(f->s) == n + 1);
    n++;

    /* deleted */
    assert_int_equal(peel_crud_remove(f->s, "t", peel_type_find("body"), id, NULL, NULL, &err), 0);
    assert_true(count(f->s) > n);
    assert_true(count(other) == count(f->s));
    peel_store_close(other);
}

static char *slurp(const char *name, size_t *n)
{
    char path[1024];
    const char *dir = getenv("PEEL_TEST_DATA");
    FILE *fp;
    char *buf;
    long len;

    snprintf(path, sizeof path, "%s/papers/%s", dir ? dir : "tests/data", name);
    fp = fopen(path, "rb");
    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    len = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    buf = malloc((size_t)len + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)len, fp), (size_t)len);
    fclose(fp);
    *n = (size_t)len;
    return buf;
}

static void test_attachment_counts(void **state)
{
    fixture *f = *state;
    peel_err err = PEEL_ERR_INIT;
    peel_fielderrs fe = {0};
    size_t len;
    char *pdf = slurp("pcp-2023-10-09-agenda.pdf", &len);
    int64_t meeting, id = 0;
    uint64_t n;

    save(f->s, "body", 0,
         (const char *const[]){"name", "Police and Crime Panel", "kind", "panel", NULL});
    meeting = save(f->s, "meeting", 0,
                   (const char *const[]){"ref", "PCP 2023-10-09", "body", "Police and Crime Panel",
                                         "date", "2023-10-09", "status", "held", NULL});
    n = count(f->s);
    peel_attach_new a = {.type = peel_type_find("meeting"),
                         .record_id = meeting,
                         .data = pdf,
                         .len = len,
                         .filename = "agenda.pdf",
                         .title = "Agenda",
                         .kind = "agenda",
                         .date = "2023-10-02"};
    if (peel_attach_save(f->s, "t", &a, &id, &fe, &err) != 0)
        fail_msg("attach: %s", err.msg);
    assert_true(count(f->s) > n);
    free(pdf);
}

static void test_crime_import_counts_once(void **state)
{
    fixture *f = *state;
    peel_crime_import_stats st;
    uint64_t n = count(f->s);

    crime_import(f->s, &st);
    assert_true(st.imported == 1);
    assert_true(count(f->s) > n);
    n = count(f->s);
    /* the same file again: rolled back, nothing a page shows changed */
    crime_import(f->s, &st);
    assert_true(st.unchanged == 1);
    assert_true(count(f->s) == n);
}

static void test_groups_edit_and_import(void **state)
{
    groups_edit_and_import(((fixture *)*state)->s);
}

static void test_groups_unpublish_and_savepoints(void **state)
{
    groups_unpublish_and_savepoints(((fixture *)*state)->s);
}

int main(void)
{
    peel_test_app_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_signing_in_changes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_records_and_settings_count, setup, teardown),
        cmocka_unit_test_setup_teardown(test_attachment_counts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_crime_import_counts_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_groups_edit_and_import, setup, teardown),
        cmocka_unit_test_setup_teardown(test_groups_unpublish_and_savepoints, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
