/* test_oom.c - the error paths, proved: every allocation peel makes through
 * malloc, calloc, realloc and strdup is failed in turn (the Nth call, for
 * N = 0, 1, 2, ... until a run completes without reaching N), and each run
 * of the record importer, the crime importer and the report writers must
 * either return an error naming what failed or give exactly the result of a
 * run without failures; nothing leaks (LeakSanitizer checks at exit) and a
 * failed import leaves the database as it was.
 *
 * The allocator is swapped at link time (-Wl,--wrap=malloc,... in
 * tests/CMakeLists.txt for this test only), so libpeel's own calls come here
 * while SQLite's, jansson's and libc's internal ones do not: what is proved
 * is that peel handles a NULL from its own allocations. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sanitizer/common_interface_defs.h>
/* Weak: a build without the sanitizers links, and the trace is skipped. */
void __sanitizer_print_stack_trace(void) __attribute__((weak));

#include "core/date.h"
#include "crime/area_import.h"
#include "crime/import.h"
#include "crime/pack.h"
#include "domain/demo.h"
#include "domain/register.h"
#include "model/csvio.h"
#include "model/model.h"
#include "store/crime_db.h"
#include "store/store.h"
#include "unit/app_init.h"

/* ---- the failing allocator ---- */

static long countdown = -1; /* allocations left before one fails; -1: none fails */
static bool injected;       /* this run was given a NULL */

void *__real_malloc(size_t n);
void *__real_calloc(size_t k, size_t n);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);

static bool fail_now(void)
{
    if (countdown < 0)
        return false;
    if (countdown-- == 0) {
        injected = true;
        /* where the failed allocation was asked for (a sanitizer build) */
        if (getenv("PEEL_OOM_TRACE") && __sanitizer_print_stack_trace)
            __sanitizer_print_stack_trace();
        return true;
    }
    return false;
}

void *__wrap_malloc(size_t n)
{
    return fail_now() ? NULL : __real_malloc(n);
}
void *__wrap_calloc(size_t k, size_t n)
{
    return fail_now() ? NULL : __real_calloc(k, n);
}
void *__wrap_realloc(void *p, size_t n)
{
    return fail_now() ? NULL : __real_realloc(p, n);
}
char *__wrap_strdup(const char *s)
{
    return fail_now() ? NULL : __real_strdup(s);
}
char *__wrap_strndup(const char *s, size_t n)
{
    return fail_now() ? NULL : __real_strndup(s, n);
}

static void arm(long n)
{
    countdown = n;
    injected = false;
}

static void disarm(void)
{
    countdown = -1;
}

#define MAX_RUNS 20000 /* far more allocations than any run below makes */

/* ---- fixtures ---- */

static const char *data_dir(void)
{
    const char *d = getenv("PEEL_TEST_DATA");
    return d ? d : "tests/data";
}

static peel_store *fresh_store(char path[static 64])
{
    peel_store *s = NULL;
    peel_err err = PEEL_ERR_INIT;
    int fd;
    snprintf(path, 64, "/tmp/peel-oom-XXXXXX");
    fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(peel_store_open(path, true, &s, &err), 0);
    if (peel_store_migrate(s, false, &err) < 0)
        fail_msg("migrate: %s", err.msg);
    return s;
}

static void drop_store(peel_store *s, const char *path)
{
    char side[80];
    peel_store_close(s);
    unlink(path);
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}

static int64_t count(peel_store *s, const char *type)
{
    peel_query q = {.type = peel_type_find(type)};
    int64_t n = -1;
    peel_err err = PEEL_ERR_INIT;
    assert_non_null(q.type);
    assert_int_equal(peel_store_count(s, &q, &n, &err), 0);
    return n;
}

/* ---- the record importer ---- */

static const char people_csv[] =
    "name,role,organisation\n"
    "Rupert Matthews,Police and Crime Commissioner,OPCC\n"
    "Rob Nixon,Chief Constable,Leicestershire Police\n"
    "\"Smith, Anne\",\"Panel member, \"\"co-opted\"\"\",Police and Crime Panel\n";

static void test_record_import(void **state)
{
    char path[64];
    peel_store *s = fresh_store(path);
    const peel_type *person = peel_type_find("person");
    long runs = 0;
    (void)state;

    for (long n = 0; n < MAX_RUNS; n++, runs++) {
        peel_err err = PEEL_ERR_INIT;
        peel_import_result res = {0};
        int rc;

        assert_int_equal(peel_store_begin(s, &err), 0);
        arm(n);
        rc = peel_csvio_import_mem(s, "tester", person, people_csv, sizeof people_csv - 1,
                                   "people.csv", &res, &err);
        disarm();
        peel_buf_release(&res.errors);
        if (rc < 0) {
            if (!injected || !err.msg[0]) /* no failure but the injected one, named */
                fail_msg("run %ld: rc %d, injected %d, message '%s'", n, rc, injected, err.msg);
            peel_store_rollback(s);
            assert_int_equal(count(s, "person"), 0);
            continue;
        }
        assert_int_equal(peel_store_commit(s, &err), 0);
        assert_int_equal(count(s, "person"), 3);
        if (!injected)
            break;
        /* A failure peel absorbed: the result must be complete; start again. */
        drop_store(s, path);
        s = fresh_store(path);
    }
    assert_true(runs > 10 && runs < MAX_RUNS);
    print_message("record import: %ld allocation points failed in turn\n", runs);
    drop_store(s, path);
}

/* ---- the crime importer ---- */

static int one_file(void *ctx, const peel_crime_file_row *f, peel_err *err)
{
    (void)f;
    (void)err;
    ++*(int64_t *)ctx;
    return 0;
}

static int64_t crime_files(peel_store *s)
{
    int64_t n = 0;
    peel_err err = PEEL_ERR_INIT;
    assert_int_equal(peel_crime_db_files(s, one_file, &n, &err), 0);
    return n;
}

static void test_crime_import(void **state)
{
    char path[64], dir[512];
    peel_store *s = fresh_store(path);
    char *paths[1] = {dir};
    long runs = 0;
    (void)state;

    snprintf(dir, sizeof dir, "%s/police-uk-sample", data_dir());
    for (long n = 0; n < MAX_RUNS; n++, runs++) {
        peel_err err = PEEL_ERR_INIT;
        peel_crime_import_opts o = {.user = "tester"};
        peel_crime_import_stats st = {0};
        bool bulk = false;
        int rc;

        assert_int_equal(peel_crime_db_bulk_begin(s, &bulk, &err), 0);
        arm(n);
        rc = peel_crime_import(s, paths, 1, &o, &st, &err);
        disarm();
        assert_int_equal(peel_crime_db_bulk_end(s, bulk, rc == 0, &err), 0);
        if (rc < 0) {
            if (!injected || !err.msg[0])
                fail_msg("run %ld: rc %d, injected %d, message '%s'", n, rc, injected, err.msg);
            /* nothing of the file that failed stayed; the files before
             * it were committed, one batch each */
            assert_int_equal(crime_files(s), st.files);
            continue;
        }
        assert_int_equal(st.rows, 202);
        if (!injected)
            break;
        drop_store(s, path);
        s = fresh_store(path);
    }
    assert_true(runs > 10 && runs < MAX_RUNS);
    print_message("crime import: %ld allocation points failed in turn\n", runs);
    drop_store(s, path);
}

/* ---- the report writers ---- */

/* Runs write() with the Nth allocation failing, for every N: each run gives
 * the baseline's bytes or an error with a message. */
typedef int (*writer_fn)(peel_store *s, peel_buf *out, peel_err *err);

static void fail_each(peel_store *s, writer_fn write, const char *what)
{
    peel_buf base = PEEL_BUF_INIT;
    peel_err err = PEEL_ERR_INIT;
    long runs = 0;

    if (write(s, &base, &err) < 0)
        fail_msg("%s: %s", what, err.msg);
    assert_true(base.len > 1000);
    for (long n = 0; n < MAX_RUNS; n++, runs++) {
        peel_buf out = PEEL_BUF_INIT;
        int rc;
        peel_err_clear(&err);
        arm(n);
        rc = write(s, &out, &err);
        disarm();
        if (rc < 0) {
            if (!injected || !err.msg[0])
                fail_msg("%s, run %ld: rc %d, injected %d, message '%s'", what, n, rc, injected,
                         err.msg);
        } else if (out.len != base.len || memcmp(out.data, base.data, base.len)) {
            fail_msg("%s, run %ld: succeeded with different output (%zu bytes, not %zu)", what, n,
                     out.len, base.len);
        }
        peel_buf_release(&out);
        if (rc == 0 && !injected)
            break;
    }
    assert_true(runs > 10 && runs < MAX_RUNS);
    print_message("%s: %ld allocation points failed in turn\n", what, runs);
    peel_buf_release(&base);
}

static int write_cgb(peel_store *s, peel_buf *out, peel_err *err)
{
    peel_reg_report_opts o = {.reader = peel_reader_of(PEEL_ROLE_ADMIN)};
    peel_doc d = {0};
    int rc;
    peel_date_parse("2023-04-01", 10, &o.from, NULL);
    peel_date_parse("2023-07-31", 10, &o.to, NULL);
    peel_date_parse("2023-10-09", 10, &o.asof, NULL);
    rc = peel_register_report_cgb(s, &o, &d, err);
    if (rc == 0 && peel_doc_html(&d, out) < 0)
        rc = peel_err_set(err, PEEL_ENOMEM, "out of memory writing the report");
    peel_doc_free(&d);
    return rc < 0 ? -1 : 0;
}

static int write_pack(peel_store *s, peel_buf *out, peel_err *err)
{
    peel_crime_pack_opts o = {.view = {.area = "Blaby"}, .boundaries = "/nonexistent"};
    return peel_crime_pack_html(s, &o, out, err);
}

static void test_reports(void **state)
{
    char path[64], dir[512];
    peel_store *s = fresh_store(path);
    peel_err err = PEEL_ERR_INIT;
    peel_demo_result dr = {0};
    peel_area_import_stats ast = {0};
    peel_crime_import_stats st = {0};
    peel_crime_import_opts o = {.user = "tester"};
    char *paths[1] = {dir};
    bool bulk = false;
    (void)state;

    assert_int_equal(peel_store_begin(s, &err), 0);
    if (peel_demo_load(s, "tester", &dr, &err) < 0)
        fail_msg("demo: %s", err.msg);
    assert_int_equal(peel_store_commit(s, &err), 0);
    snprintf(dir, sizeof dir, "%s/crime/ons-lookup-sample.csv", data_dir());
    assert_int_equal(peel_store_begin(s, &err), 0);
    if (peel_crime_area_import(s, "tester", dir, NULL, &ast, &err) < 0)
        fail_msg("area import: %s", err.msg);
    assert_int_equal(peel_store_commit(s, &err), 0);
    snprintf(dir, sizeof dir, "%s/police-uk-sample", data_dir());
    assert_int_equal(peel_crime_db_bulk_begin(s, &bulk, &err), 0);
    if (peel_crime_import(s, paths, 1, &o, &st, &err) < 0)
        fail_msg("crime import: %s", err.msg);
    assert_int_equal(peel_crime_db_bulk_end(s, bulk, true, &err), 0);

    fail_each(s, write_cgb, "CGB report");
    fail_each(s, write_pack, "crime pack");
    drop_store(s, path);
}

int main(void)
{
    peel_test_app_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_record_import),
        cmocka_unit_test(test_crime_import),
        cmocka_unit_test(test_reports),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
