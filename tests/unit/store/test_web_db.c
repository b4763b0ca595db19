/* test_web_db.c - the web application's tables through web_db.h alone, on
 * a real SQLite file: the cases every backend passes alike
 * (web_db_cases.h). */
#include <stdio.h>
#include <unistd.h>

#include "unit/app_init.h"
#include "unit/store/web_db_cases.h"
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

int main(void)
{
    peel_test_app_init();
    const struct CMUnitTest tests[] = {
        WEB_DB_CASES(setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
