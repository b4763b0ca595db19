/* test_store.c - store.h on a real SQLite file, through the interface only:
 * choosing the backend from the database's name, then the cases every
 * backend passes alike (store_cases.h). */
#include <stdio.h>
#include <unistd.h>

#include "unit/store/store_cases.h"
#include "unit/tmpdb.h"

static int fixture_open(fixture *f, peel_err *err)
{
    snprintf(f->dir, sizeof f->dir, "/tmp/peel-unit-XXXXXX");
    if (!mkdtemp(f->dir))
        return peel_err_set(err, PEEL_EIO, "mkdtemp failed");
    snprintf(f->path, sizeof f->path, "%s/t.db", f->dir);
    return peel_store_open(f->path, true, &f->s, err);
}

static void fixture_close(fixture *f)
{
    peel_test_db_remove(f->dir, f->path);
}

/* ---- opening ---- */

static void test_open_names(void **state)
{
    fixture *f = *state;
    peel_err err = PEEL_ERR_INIT;
    peel_store *s = NULL;
    char name[300];

    /* "sqlite:PATH" is the same file as PATH. */
    snprintf(name, sizeof name, "sqlite:%s", f->path);
    assert_int_equal(peel_store_open(name, false, &s, &err), 0);
    assert_int_equal(count_all(s), NROWS);
    peel_store_close(s);

    s = NULL;
    /* A URI is PostgreSQL's: with no server there, a clear refusal that
     * never repeats the password. */
    assert_int_equal(
        peel_store_open("postgresql://peel:hunter2@/peel?host=/nonexistent-peel", true, &s, &err),
        -1);
    assert_null(s);
    assert_int_equal(err.code, PEEL_ENOTFOUND);
    assert_non_null(strstr(err.msg, "PostgreSQL"));
    assert_null(strstr(err.msg, "hunter2"));

    err = (peel_err)PEEL_ERR_INIT;
    assert_int_equal(
        peel_store_open("postgres://peel@/peel?host=/nonexistent-peel", true, &s, &err), -1);
    assert_non_null(strstr(err.msg, "PostgreSQL"));

    err = (peel_err)PEEL_ERR_INIT;
    assert_int_equal(peel_store_open("sqlite:", true, &s, &err), -1);
    assert_int_equal(err.code, PEEL_EINPUT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_open_names, setup, teardown),
        STORE_CASES(setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
