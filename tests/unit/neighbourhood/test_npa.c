/* test_npa.c - the neighbourhood policing area records (deployment_npa,
 * available_hours) and the NPA view (neighbourhood/npa_view.h) on a real
 * SQLite file: each rule refuses naming the field and saves nothing; the
 * abstraction rate, the months holding available hours, the deployments
 * kept out of the rate, the latest establishment per role and the
 * engagements in the period, for staff and for the public (an unpublished
 * engagement neither named nor counted).  Every expected number is worked
 * out by hand in the comments, never taken from the code under test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "domain/geo.h"
#include "engagement/engagement.h"
#include "model/crud.h"
#include "model/reader.h"
#include "neighbourhood/neighbourhood.h"
#include "neighbourhood/npa_view.h"
#include "store/store.h"
#include "unit/app_init.h"
#include "unit/tmpdb.h"

static char dir[] = "/tmp/peel-npa-XXXXXX";
static char path[1100];
static peel_store *store;

/* Creates a record from "field=value" pairs (NULL-ended): 0 created, or -1
 * with the first field error's field name in *field (NULL: none). */
static int vtry(const peel_type *t, const char **field, va_list ap)
{
    peel_record *r = peel_record_new(t);
    peel_fielderrs fe = {0};
    peel_err err = PEEL_ERR_INIT;
    const char *kv;
    int rc = 0;

    *field = NULL;
    while ((kv = va_arg(ap, const char *))) {
        const char *eq = strchr(kv, '=');
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)(eq - kv), kv);
        if (peel_crud_assign(r, name, eq + 1, strlen(eq + 1), false, &fe) < 0)
            rc = -1;
    }
    if (!rc && peel_crud_create(store, "tester", r, &fe, &err) < 0)
        rc = -1;
    if (rc < 0 && fe.n)
        *field = fe.e[0].field;
    else if (rc < 0)
        fail_msg("create %s: %s", t->name, err.msg);
    peel_err_clear(&err);
    peel_record_free(r);
    return rc;
}

static void add(const peel_type *t, ...)
{
    const char *field;
    va_list ap;
    va_start(ap, t);
    int rc = vtry(t, &field, ap);
    va_end(ap);
    if (rc < 0)
        fail_msg("create %s refused on %s", t->name, field ? field : "?");
}

static int64_t count(const peel_type *t)
{
    int64_t n = 0;
    peel_err err = PEEL_ERR_INIT;
    assert_int_equal(peel_store_count(store, &(peel_query){.type = t}, &n, &err), 0);
    return n;
}

/* The create is refused on field, and nothing of the type is saved. */
static void refused(const char *want, const peel_type *t, ...)
{
    const char *field;
    int64_t before = count(t);
    va_list ap;
    va_start(ap, t);
    int rc = vtry(t, &field, ap);
    va_end(ap);
    assert_int_equal(rc, -1);
    assert_non_null(field);
    assert_string_equal(field, want);
    assert_int_equal(count(t), before);
}

static int setup(void **state)
{
    peel_err err = PEEL_ERR_INIT;
    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/peel.db", dir);
    assert_int_equal(peel_store_open(path, true, &store, &err), 0);
    assert_true(peel_store_migrate(store, false, &err) >= 0);
    add(&peel_type_area, "code=T-DIST", "name=Test district", "kind=district", "publish=yes", NULL);
    add(&peel_type_area, "code=T-A", "name=Test NPA A", "kind=npa", "parent=T-DIST", "publish=yes",
        NULL);
    add(&peel_type_area, "code=T-B", "name=Test NPA B", "kind=npa", "parent=T-DIST", "publish=yes",
        NULL);
    add(&peel_type_area, "code=T-HIDDEN", "name=CANARY-NPA", "kind=npa", "publish=no", NULL);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    peel_store_close(store);
    peel_test_db_remove(dir, path);
    return 0;
}

static void test_rules(void **state)
{
    (void)state;
    add(&peel_type_deployment, "ref=T-R1", "name=Rule march", "kind=protest", "date=2024-02-03",
        "hours=100", "publish=yes", NULL);
    /* the area must be an NPA */
    refused("npa", &peel_type_deployment_npa, "ref=T-U1", "deployment=T-R1", "npa=T-DIST",
            "hours=1", NULL);
    refused("npa", &peel_type_available_hours, "ref=T-U2", "npa=T-DIST", "month=2024-02", "hours=1",
            NULL);
    /* no negative numbers */
    refused("hours", &peel_type_deployment_npa, "ref=T-U3", "deployment=T-R1", "npa=T-A",
            "hours=-1", NULL);
    refused("officers", &peel_type_deployment_npa, "ref=T-U4", "deployment=T-R1", "npa=T-A",
            "officers=-3", NULL);
    refused("hours", &peel_type_available_hours, "ref=T-U5", "npa=T-A", "month=2024-02", "hours=-1",
            NULL);
    /* 70 + 31 = 101 is over the deployment's 100 hours; 70 + 30 is not */
    add(&peel_type_deployment_npa, "ref=T-U6", "deployment=T-R1", "npa=T-A", "hours=70", NULL);
    refused("hours", &peel_type_deployment_npa, "ref=T-U7", "deployment=T-R1", "npa=T-B",
            "hours=31", NULL);
    add(&peel_type_deployment_npa, "ref=T-U8", "deployment=T-R1", "npa=T-B", "hours=30", NULL);
    /* one month per NPA; another NPA's same month is no duplicate */
    add(&peel_type_available_hours, "ref=T-U9", "npa=T-A", "month=2024-02", "hours=10", NULL);
    refused("month", &peel_type_available_hours, "ref=T-U10", "npa=T-A", "month=2024-02",
            "hours=20", NULL);
    add(&peel_type_available_hours, "ref=T-U11", "npa=T-B", "month=2024-02", "hours=10", NULL);

    /* an update keeps its own month, and a deployment keeps its hours above
     * what the NPAs gave */
    peel_err err = PEEL_ERR_INIT;
    peel_fielderrs fe = {0};
    peel_record *r = NULL;
    int64_t id = 0;
    peel_value v = {.set = true, .s = "T-R1"};
    assert_int_equal(peel_store_get(store, &peel_type_available_hours, 1, &r, &err), 0);
    r->v[PEEL_AVH_HOURS].i = 12;
    assert_int_equal(peel_crud_update(store, "tester", r, &fe, NULL, &err), 0);
    peel_record_free(r);
    assert_int_equal(peel_store_find(store, &peel_type_deployment,
                                     &peel_type_deployment.fields[PEEL_DEP_REF], &v, &id, &err),
                     1);
    assert_int_equal(peel_store_get(store, &peel_type_deployment, id, &r, &err), 0);
    r->v[PEEL_DEP_HOURS].i = 99;
    assert_int_equal(peel_crud_update(store, "tester", r, &fe, NULL, &err), -1);
    assert_true(fe.n > 0);
    assert_string_equal(fe.e[0].field, "hours");
    peel_err_clear(&err);
    peel_record_free(r);
}

static void test_view(void **state)
{
    peel_err err = PEEL_ERR_INIT;
    peel_npa_list l;
    char text[200];
    (void)state;
    /* NPA A: 300 + 500 available hours in 2025-03 and 2025-04; 40 + 25
     * given then: 65 / 800 = 8.125% -> 8.1%.  A deployment in 2024-12 (no
     * hours held) and an undated one are apart: 9 + 4 hours. */
    add(&peel_type_deployment, "ref=T-V1", "name=V one", "kind=event", "date=2025-03-08",
        "hours=60", "publish=yes", NULL);
    add(&peel_type_deployment, "ref=T-V2", "name=V two", "kind=event", "date=2025-04-19",
        "hours=25", "publish=yes", NULL);
    add(&peel_type_deployment, "ref=T-V3", "name=V three", "kind=event", "date=2024-12-01",
        "hours=9", "publish=yes", NULL);
    add(&peel_type_deployment, "ref=T-V4", "name=V four", "kind=event", "hours=4", "publish=yes",
        NULL);
    add(&peel_type_deployment_npa, "ref=T-U12", "deployment=T-V1", "npa=T-A", "hours=40",
        "officers=4", "publish=yes", NULL);
    add(&peel_type_deployment_npa, "ref=T-U13", "deployment=T-V2", "npa=T-A", "hours=25",
        "publish=yes", NULL);
    add(&peel_type_deployment_npa, "ref=T-U14", "deployment=T-V3", "npa=T-A", "hours=9",
        "publish=yes", NULL);
    add(&peel_type_deployment_npa, "ref=T-U15", "deployment=T-V4", "npa=T-A", "hours=4",
        "publish=yes", NULL);
    add(&peel_type_available_hours, "ref=T-U16", "npa=T-A", "month=2025-03", "hours=300",
        "publish=yes", NULL);
    add(&peel_type_available_hours, "ref=T-U17", "npa=T-A", "month=2025-04", "hours=500",
        "publish=yes", NULL);
    /* NPA B: 99 hours is under the base of 100 */
    add(&peel_type_available_hours, "ref=T-U18", "npa=T-B", "month=2025-04", "hours=99",
        "publish=yes", NULL);
    add(&peel_type_establishment, "ref=T-VE1", "role=pcso", "area=T-A", "year=2023", "allocated=5",
        "funded=5", "actual=4", "publish=yes", NULL);
    add(&peel_type_establishment, "ref=T-VE2", "role=pcso", "area=T-A", "year=2024", "allocated=6",
        "actual=6", "publish=yes", NULL);
    add(&peel_type_engagement, "ref=T-VG1", "title=Published surgery", "kind=surgery",
        "date=2025-02-10", "npa=T-A", "publish=yes", NULL);
    add(&peel_type_engagement, "ref=T-VG2", "title=CANARY-ENGAGEMENT", "kind=surgery",
        "date=2025-03-10", "npa=T-A", "publish=no", NULL);

    /* the period defaults to the 12 months to the latest month held: 2024-05..2025-04 */
    assert_int_equal(peel_npa_list_of(store, peel_reader_of(PEEL_ROLE_STAFF), NULL, 0, 0, &l, &err),
                     0);
    assert_int_equal(l.from, peel_month_from_ym(2024, 5));
    assert_int_equal(l.to, peel_month_from_ym(2025, 4));
    assert_int_equal(l.n, 3); /* staff see the unpublished NPA too */
    const peel_npa *a = &l.v[0], *b = &l.v[1];
    assert_string_equal(a->code, "T-A");
    assert_string_equal(a->district, "Test district");
    assert_int_equal(a->rate.months, 12);
    assert_int_equal(a->rate.months_held, 2);
    assert_int_equal(a->rate.abstracted, 65);
    assert_int_equal(a->rate.available, 800);
    assert_true(a->rate.has_pct);
    assert_string_equal(peel_npa_rate_text(&a->rate, text), "8.1%");
    assert_int_equal(a->rate.outside, 2);
    assert_int_equal(a->rate.outside_hours, 13);
    assert_int_equal(a->rate.deps.n, 4);
    assert_string_equal(a->rate.deps.v[3].ref, "T-V4"); /* undated last */
    assert_string_equal(a->rate.deps.v[3].date, "");
    assert_false(a->rate.deps.v[3].in_rate);
    assert_int_equal(a->est.n, 1);
    assert_string_equal(a->est.v[0].when, "2024");
    assert_true(a->est.v[0].has[PEEL_NPA_ALLOCATED]);
    assert_int_equal(a->est.v[0].v[PEEL_NPA_ALLOCATED], 6);
    assert_false(a->est.v[0].has[PEEL_NPA_FUNDED]);
    assert_int_equal(a->eng.n, 2);
    assert_false(a->crime.have);
    assert_non_null(strstr(a->crime.note, "no street crime data"));
    assert_false(b->rate.has_pct);
    assert_non_null(strstr(peel_npa_rate_text(&b->rate, text), "under 100"));
    peel_npa_list_release(&l);

    /* the public: no unpublished NPA or engagement, named or counted */
    assert_int_equal(
        peel_npa_list_of(store, peel_reader_of(PEEL_ROLE_PUBLIC), NULL, 0, 0, &l, &err), 0);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.v[0].eng.n, 1);
    assert_string_equal(l.v[0].eng.v[0].title, "Published surgery");
    peel_npa_list_release(&l);
    assert_int_equal(
        peel_npa_list_of(store, peel_reader_of(PEEL_ROLE_PUBLIC), "T-HIDDEN", 0, 0, &l, &err), -1);
    assert_int_equal(err.code, PEEL_EINPUT);
    peel_err_clear(&err);

    /* one NPA over a period with no available hours */
    assert_int_equal(peel_npa_list_of(store, peel_reader_of(PEEL_ROLE_STAFF), "t-a",
                                      peel_month_from_ym(2020, 1), 0, &l, &err),
                     0);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.to, peel_month_from_ym(2020, 12));
    assert_false(l.v[0].rate.has_pct);
    assert_int_equal(l.v[0].rate.months_held, 0);
    assert_int_equal(l.v[0].rate.deps.n, 1); /* only the undated deployment */
    assert_int_equal(l.v[0].eng.n, 0);
    peel_npa_list_release(&l);
}

int main(void)
{
    peel_test_app_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules),
        cmocka_unit_test(test_view),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
