/* test_sections.c - the generated sections of the engagement, oversight
 * and neighbourhood concerns (render/section.h) on a real SQLite file
 * holding the demo's records, with canary records added that only staff
 * may open: an unpublished visit, establishment number, saving, budget
 * line, football deployment, 999 month and decision.  Each section builds
 * for staff and for the public; the staff model holds each canary, the
 * public model never does, in any block.  The counts checked are the
 * papers' own (seed 000, 001) or counted by hand from the canaries, never
 * taken from the code under test. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "app/module.h"
#include "core/buf.h"
#include "domain/demo.h"
#include "engagement/engagement.h"
#include "figures/figure.h"
#include "model/crud.h"
#include "model/reader.h"
#include "model/transition.h"
#include "neighbourhood/neighbourhood.h"
#include "oversight/decisions.h"
#include "render/doc.h"
#include "render/section.h"
#include "store/store.h"
#include "unit/app_init.h"
#include "unit/tmpdb.h"

static char dir[] = "/tmp/peel-sections-XXXXXX";
static char path[1100];
static peel_store *store;

/* Creates a record from "field=value" pairs (NULL-ended). */
static void add(const peel_type *t, ...)
{
    peel_record *r = peel_record_new(t);
    peel_fielderrs fe = {0};
    peel_err err = PEEL_ERR_INIT;
    va_list ap;
    const char *kv;

    va_start(ap, t);
    while ((kv = va_arg(ap, const char *))) {
        const char *eq = strchr(kv, '=');
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)(eq - kv), kv);
        assert_int_equal(peel_crud_assign(r, name, eq + 1, strlen(eq + 1), false, &fe), 0);
    }
    va_end(ap);
    if (peel_crud_create(store, "tester", r, &fe, &err) < 0)
        fail_msg("create %s: %s (%s)", t->name, err.msg, fe.n ? fe.e[0].msg : "");
    peel_record_free(r);
}

static int setup(void **state)
{
    peel_err err = PEEL_ERR_INIT;
    peel_demo_result dr = {0};
    int64_t added = 0;
    static const char held[] = "engagement,date,to\nCANARY-E1,2024-08-20,held\n"
                               "T-SEC-1,2024-08-21,held\nT-SEC-2,2024-09-02,held\n";
    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/peel.db", dir);
    assert_int_equal(peel_store_open(path, true, &store, &err), 0);
    assert_true(peel_store_migrate(store, false, &err) >= 0);
    assert_int_equal(peel_store_begin(store, &err), 0);
    if (peel_demo_load(store, "tester", &dr, &err) < 0)
        fail_msg("demo: %s", err.msg);
    /* an unpublished visit, and a published one with its place and reason */
    add(&peel_type_engagement, "ref=CANARY-E1", "title=CANARY-VISIT-TITLE", "kind=surgery",
        "date=2024-08-20", "place=CANARY-VISIT-PLACE", "initiated_why=CANARY-VISIT-WHY",
        "publish=no", NULL);
    add(&peel_type_engagement, "ref=T-SEC-1", "title=Test surgery", "kind=surgery",
        "date=2024-08-21", "place=Test Hall", "initiated_by=invitation",
        "initiated_why=Asked by residents", "publish=yes", NULL);
    add(&peel_type_engagement, "ref=T-SEC-2", "title=Test meeting", "kind=other", "date=2024-09-02",
        "publish=yes", NULL);
    if (peel_transition_import_mem(store, "tester", &peel_type_engagement, held, strlen(held),
                                   "held", &added, &err) < 0)
        fail_msg("held: %s", err.msg);
    assert_int_equal(added, 3);
    add(&peel_type_establishment, "ref=CANARY-EST", "role=pcso", "area=E23000021", "year=2019",
        "allocated=987123", "publish=no", NULL);
    add(&peel_type_saving, "ref=CANARY-SAV", "year=2023-24", "line=CANARY-SAVING-LINE",
        "target=1.00", "publish=no", NULL);
    add(&peel_type_budget, "ref=CANARY-BUD", "year=2022-23", "line=CANARY-BUDGET-LINE",
        "amount=1.00", "publish=no", NULL);
    add(&peel_type_deployment, "ref=CANARY-DEP", "name=CANARY-FOOTBALL", "kind=football_match",
        "occasions=2", "officers=30", "publish=no", NULL);
    add(&peel_type_observation, "ref=CANARY-999", "series=999 calls", "area=E23000021",
        "period_from=2019-01-01", "period_to=2019-01-31", "value=987654", "publish=no", NULL);
    add(&peel_type_decision, "number=CANARY-DEC", "title=CANARY-DECISION", "made_on=2024-08-10",
        "decision_maker=pcc", "publish=no", NULL);
    assert_int_equal(peel_store_commit(store, &err), 0);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    peel_store_close(store);
    peel_test_db_remove(dir, path);
    return 0;
}

/* Builds section name for role into d; its text into *text (freed by the
 * caller). */
static void build(const char *name, const char *params, peel_date from, peel_date to,
                  peel_role role, peel_doc *d, char **text)
{
    const char *module = NULL;
    const peel_section_decl *sd = peel_app_section(name, &module);
    peel_err err = PEEL_ERR_INIT;
    peel_buf b;
    assert_non_null(sd);
    peel_section_args a = {.from = from, .to = to, .meeting = "", .params = params, .level = 2};
    memset(d, 0, sizeof *d);
    if (sd->build(store, peel_reader_of(role), &a, d, &err) < 0)
        fail_msg("%s: %s", name, err.msg);
    assert_false(d->failed);
    assert_true(d->n > 0);
    assert_int_equal(d->v[0].kind, PEEL_BLOCK_HEADING);
    assert_int_equal(d->v[0].level, 2);
    peel_buf_init(&b, 0);
    assert_int_equal(peel_doc_text(d, &b), 0);
    assert_false(b.failed);
    *text = strdup(b.data ? b.data : "");
    peel_buf_release(&b);
}

/* The staff doc holds each canary (when staff_too; a view that counts
 * rather than names holds none), the public one never does; the texts are
 * returned in *staff and *pub when asked for (freed by the caller). */
static void canary_of(const char *name, const char *params, peel_date from, peel_date to,
                      const char *const *canaries, bool staff_too, char **staff, char **pub)
{
    peel_doc ds, dp;
    char *ts, *tp;
    build(name, params, from, to, PEEL_ROLE_STAFF, &ds, &ts);
    build(name, params, from, to, PEEL_ROLE_PUBLIC, &dp, &tp);
    for (const char *const *c = canaries; *c; c++) {
        if (staff_too && !strstr(ts, *c))
            fail_msg("%s: staff text lacks %s:\n%s", name, *c, ts);
        if (strstr(tp, *c))
            fail_msg("%s: public text shows %s:\n%s", name, *c, tp);
    }
    if (getenv("PEEL_TEST_PRINT")) /* to read the public text by eye */
        fprintf(stderr, "==== %s (%s), public\n%s\n", name, params, tp);
    /* and in no block of the public model (labels, captions, cells) */
    for (size_t i = 0; i < dp.n; i++) {
        const peel_block *b = &dp.v[i];
        for (const char *const *c = canaries; *c; c++) {
            assert_false(b->text && strstr(b->text, *c));
            assert_false(b->label && strstr(b->label, *c));
            if (b->table) {
                assert_false(b->table->caption && strstr(b->table->caption, *c));
                for (size_t k = 0; k < b->table->nrows * b->table->ncols; k++)
                    assert_false(b->table->cells[k] && strstr(b->table->cells[k], *c));
            }
        }
    }
    peel_doc_free(&ds);
    peel_doc_free(&dp);
    if (staff)
        *staff = ts;
    else
        free(ts);
    if (pub)
        *pub = tp;
    else
        free(tp);
}

static void canary(const char *name, const char *params, peel_date from, peel_date to,
                   const char *const *canaries, char **pub)
{
    canary_of(name, params, from, to, canaries, true, NULL, pub);
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

static peel_date D(int y, int m, int d)
{
    return peel_date_from_ymd(y, m, d);
}

static void test_engagement(void **state)
{
    static const char *const c1[] = {"CANARY-VISIT", NULL};
    char *pub;
    (void)state;
    char *staff;
    canary_of("engagement-summary", "", D(2024, 8, 1), D(2024, 9, 30), c1, false, &staff, &pub);
    /* the summary counts: three other visits held for staff, the canary
     * and the two test visits; two for the public; seed 001's seven community days */
    assert_non_null(strstr(staff, "Other visits and meetings held\nItem | Count\nTotal | 3\n"));
    assert_non_null(strstr(pub, "Other visits and meetings held\nItem | Count\nTotal | 2\n"));
    assert_non_null(strstr(pub, "Community days held\nItem | Count\nTotal | 7\n"));
    free(staff);
    free(pub);
    canary("engagement-visits", "", D(2024, 8, 1), D(2024, 9, 30), c1, &pub);
    /* seed 001 para 6: seven Community Days between 1 August and 30
     * September 2024, listed by district; a test visit gives its place and
     * reason, the other neither, so both read "not recorded" */
    assert_int_equal(count(pub, "Community Day:"), 7);
    assert_non_null(strstr(pub, "Test Hall"));
    assert_non_null(strstr(pub, "An invitation: Asked by residents"));
    assert_non_null(strstr(pub, "Test meeting | Other | not recorded | not recorded"));
    assert_non_null(strstr(pub, "the location of 1 and the reason for 1 of the 9"));
    free(pub);
    /* the period from the parameters; a bad one names the parameter */
    canary("engagement-visits", "fy=2024-25", 0, 0, c1, NULL);
    peel_doc d = {0};
    peel_err err = PEEL_ERR_INIT;
    peel_section_args a = {.params = "from=2024-13-01; to=2024-09-30", .level = 2};
    const peel_section_decl *sd = peel_app_section("engagement-visits", NULL);
    assert_int_equal(sd->build(store, peel_reader_of(PEEL_ROLE_PUBLIC), &a, &d, &err), -1);
    assert_non_null(strstr(err.msg, "parameter from"));
    peel_doc_free(&d);
    /* no period at all: a notice, not a failure */
    char *t;
    build("engagement-summary", "", 0, 0, PEEL_ROLE_PUBLIC, &d, &t);
    assert_non_null(strstr(t, "gives no period"));
    peel_doc_free(&d);
    free(t);
}

/* The "Decisions made" count of the oversight summary's last table. */
static long decisions_made(peel_role role)
{
    peel_doc d;
    char *t;
    long n = -1;
    build("oversight-summary", "", D(2024, 7, 1), D(2024, 8, 31), role, &d, &t);
    for (size_t i = 0; i < d.n; i++) {
        const peel_doc_table *tb = d.v[i].table;
        if (!tb || !tb->caption || strncmp(tb->caption, "Decisions made", 14))
            continue;
        for (size_t r = 0; r < tb->nrows; r++)
            if (!strcmp(tb->cells[r * tb->ncols], "Decisions made"))
                n = strtol(tb->cells[r * tb->ncols + 1], NULL, 10);
    }
    peel_doc_free(&d);
    free(t);
    return n;
}

static void test_oversight(void **state)
{
    static const char *const c[] = {"CANARY", NULL};
    (void)state;
    canary_of("oversight-summary", "", D(2024, 7, 1), D(2024, 8, 31), c, false, NULL, NULL);
    /* the unpublished decision is counted for staff alone */
    long staff = decisions_made(PEEL_ROLE_STAFF), pub = decisions_made(PEEL_ROLE_PUBLIC);
    assert_true(pub >= 0);
    assert_int_equal(staff, pub + 1);
}

static void test_neighbourhood(void **state)
{
    static const char *const est[] = {"987123", NULL};
    static const char *const sav[] = {"CANARY-SAVING-LINE", NULL};
    static const char *const bud[] = {"CANARY-BUDGET-LINE", NULL};
    static const char *const dem[] = {"CANARY-FOOTBALL", NULL};
    static const char *const d999[] = {"987,654", NULL};
    static const char *const d999b[] = {"987654", NULL};
    char *pub;
    (void)state;
    canary("establishment", "", 0, 0, est, &pub);
    /* seed 000 para 9: PCSOs 181 in 2018, neighbourhood officers 151 */
    assert_non_null(strstr(pub, "181"));
    assert_non_null(strstr(pub, "151"));
    free(pub);
    canary("savings", "fy=2023-24", 0, 0, sav, NULL);
    canary("neighbourhood-budget", "", D(2022, 4, 1), D(2023, 3, 31), bud, NULL);
    canary("demand", "", 0, 0, dem, &pub);
    /* seed 000 para 16: 72, 109 and 61* protests; +51% (72 -> 109 is
     * +51.39%), +182% (28 -> 79 is +182.14%); the 2024 column is a part
     * year, compared with nothing; para 19: 2036 officers at 24 matches,
     * 84.83 a match */
    assert_non_null(strstr(pub, "2024 (January to April)"));
    assert_non_null(strstr(pub, "+51.4%"));
    assert_non_null(strstr(pub, "+182.1%"));
    assert_non_null(strstr(pub, "n/a (part year)"));
    assert_non_null(strstr(pub, "2036"));
    assert_non_null(strstr(pub, "84.8"));
    assert_non_null(strstr(pub, "abstraction rate"));
    free(pub);
    (void)d999;
    canary("demand", "series=999 calls", 0, 0, d999b, &pub);
    /* seed 002's 999 table: May 2023 +22.7% on the year before */
    assert_non_null(strstr(pub, "+22.7%"));
    free(pub);
}

int main(void)
{
    peel_test_app_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_engagement),
        cmocka_unit_test(test_oversight),
        cmocka_unit_test(test_neighbourhood),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
