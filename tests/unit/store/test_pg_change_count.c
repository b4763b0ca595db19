/* test_pg_change_count.c - the change counts by group on a real PostgreSQL
 * server (change_group_cases.h, which test_change_count.c runs on SQLite):
 * the tables' triggers count a person's edit in the person group alone, a
 * crime import in the crime group alone, an unpublished person in the
 * person group, and forget a write rolled back to a savepoint; and a
 * connection that never wrote reads the same counts as the writer.  Each
 * case has a fresh database of pg_server.h's server; skipped (exit 77)
 * without PostgreSQL.
 */
#include "unit/app_init.h"
#include "unit/store/change_group_cases.h"
#include "unit/store/pg_server.h"

typedef struct fixture {
    char uri[256];
    peel_store *s;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    peel_err err = PEEL_ERR_INIT;
    assert_non_null(f);
    if (peel_test_pg_database(f->uri, sizeof f->uri, &err) < 0 ||
        peel_store_open(f->uri, false, &f->s, &err) < 0 ||
        peel_store_migrate(f->s, false, &err) < 0)
        fail_msg("%s", err.msg);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    peel_store_close(f->s);
    free(f);
    return 0;
}

static void test_groups_edit_and_import(void **state)
{
    fixture *f = *state;
    peel_store *reader = NULL;
    peel_err err = PEEL_ERR_INIT;

    groups_edit_and_import(f->s);
    /* a connection that has written nothing reads the writer's counts */
    assert_int_equal(peel_store_open(f->uri, false, &reader, &err), 0);
    assert_true(group_count(reader, PEEL_CHANGES_CRIME) == group_count(f->s, PEEL_CHANGES_CRIME));
    assert_true(group_count(reader, "person") == group_count(f->s, "person"));
    peel_store_close(reader);
}

static void test_groups_unpublish_and_savepoints(void **state)
{
    groups_unpublish_and_savepoints(((fixture *)*state)->s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_groups_edit_and_import, setup, teardown),
        cmocka_unit_test_setup_teardown(test_groups_unpublish_and_savepoints, setup, teardown),
    };
    peel_test_app_init();
    return peel_test_pg_run(tests, sizeof tests / sizeof tests[0]);
}
