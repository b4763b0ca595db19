/* test_pg_web_db.c - the web application's tables through web_db.h alone,
 * on a real PostgreSQL server: the cases every backend passes alike
 * (web_db_cases.h), each on a fresh database of pg_server.h's server;
 * skipped (exit 77) without PostgreSQL. */
#include <stdio.h>

#include "unit/app_init.h"
#include "unit/store/pg_server.h"
#include "unit/store/web_db_cases.h"

static int fixture_open(fixture *f, peel_err *err)
{
    snprintf(f->dir, sizeof f->dir, "%s", peel_test_pg_dir);
    if (peel_test_pg_database(f->path, sizeof f->path, err) < 0)
        return -1;
    return peel_store_open(f->path, false, &f->s, err);
}

static void fixture_close(fixture *f)
{
    (void)f; /* the databases go with the server's folder */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        WEB_DB_CASES(setup, teardown),
    };
    peel_test_app_init();
    return peel_test_pg_run(tests, sizeof tests / sizeof tests[0]);
}
