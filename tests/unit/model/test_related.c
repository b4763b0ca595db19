/* test_related.c - a record's related groups (model/related.c) on a real
 * SQLite file holding the demo's papers, with canary records added: an
 * OFFICIAL-SENSITIVE item, an unpublished item and an unpublished action
 * tagged to an objective.  Staff see them; panel and public never see them
 * listed or counted.  Also the order rule (upcoming first, agenda numbers). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/clock.h"
#include "domain/demo.h"
#include "domain/register.h"
#include "model/crud.h"
#include "model/related.h"
#include "store/store.h"
#include "unit/app_init.h"
#include "unit/tmpdb.h"

static char dir[] = "/tmp/peel-related-XXXXXX";
static char path[1100];
static peel_store *store;

/* Creates a record from "field=value" pairs (NULL-ended); its id. */
static int64_t add(const peel_type *t, ...)
{
    peel_record *r = peel_record_new(t);
    peel_fielderrs fe = {0};
    peel_err err = PEEL_ERR_INIT;
    va_list ap;
    const char *kv;
    int64_t id;

    va_start(ap, t);
    while ((kv = va_arg(ap, const char *))) {
        const char *eq = strchr(kv, '=');
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)(eq - kv), kv);
        assert_int_equal(peel_crud_assign(r, name, eq + 1, strlen(eq + 1), false, &fe), 0);
    }
    va_end(ap);
    if (peel_crud_create(store, "tester", r, &fe, &err) < 0)
        fail_msg("create %s: %s", t->name, err.msg);
    id = r->id;
    peel_record_free(r);
    return id;
}

static int64_t lookup(const peel_type *t, const char *key)
{
    int64_t id = 0;
    peel_err err = PEEL_ERR_INIT;
    if (peel_crud_lookup(store, t, key, &id, &err) < 0)
        fail_msg("lookup %s %s: %s", t->name, key, err.msg);
    return id;
}

static int setup(void **state)
{
    peel_err err = PEEL_ERR_INIT;
    peel_demo_result dr = {0};
    (void)state;
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/peel.db", dir);
    assert_int_equal(peel_store_open(path, true, &store, &err), 0);
    assert_true(peel_store_migrate(store, false, &err) >= 0);
    assert_int_equal(peel_store_begin(store, &err), 0);
    if (peel_demo_load(store, "tester", &dr, &err) < 0)
        fail_msg("demo: %s", err.msg);
    add(&peel_type_item, "ref=PCP 2023-07-26 16", "meeting=PCP 2023-07-26", "number=16",
        "title=CANARY-SENSITIVE briefing", "classification=OFFICIAL-SENSITIVE", "publish=yes",
        NULL);
    add(&peel_type_item, "ref=PCP 2023-07-26 17", "meeting=PCP 2023-07-26", "number=17",
        "title=CANARY-UNPUBLISHED draft", "classification=OFFICIAL", "publish=no", NULL);
    add(&peel_type_action, "ref=CANARY-A1", "title=CANARY-ACTION unpublished",
        "arose_from=meeting_item", "meeting=PCP 2023-07-26", "raised=2023-07-26",
        "classification=OFFICIAL", "publish=no", NULL);
    add(&peel_type_objective_tag, "ref=CANARY-A1 > DA and VAWG",
        "objective=Domestic Abuse and Violence Against Women and Girls", "action=CANARY-A1", NULL);
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

static const peel_related_group *group(const peel_related_set *set, const char *heading)
{
    for (size_t i = 0; i < set->groups.n; i++)
        if (!strcmp(set->groups.v[i].decl->heading, heading))
            return &set->groups.v[i];
    return NULL;
}

static bool mentions(const peel_related_group *g, const char *word)
{
    for (size_t i = 0; g && i < g->rows.n; i++) {
        const peel_record *r = g->rows.v[i].rec;
        for (size_t k = 0; k < r->type->nfields; k++)
            if (r->v[k].set && r->v[k].s && strstr(r->v[k].s, word))
                return true;
    }
    return false;
}

static void build(peel_role role, const peel_type *t, const char *key, peel_related_set *set)
{
    peel_record *rec = NULL;
    peel_err err = PEEL_ERR_INIT;
    assert_int_equal(peel_store_get(store, t, lookup(t, key), &rec, &err), 0);
    if (peel_related_build(store, peel_reader_of(role), rec, true, set, &err) < 0)
        fail_msg("build: %s", err.msg);
    peel_record_free(rec);
}

static void test_meeting_agenda(void **state)
{
    peel_related_set set;
    const peel_related_group *agenda, *actions, *att;
    (void)state;

    build(PEEL_ROLE_STAFF, &peel_type_meeting, "PCP 2023-07-26", &set);
    agenda = group(&set, "Agenda");
    assert_non_null(agenda);
    assert_int_equal(agenda->rows.n, 17); /* the paper's 15 and the two canaries */
    assert_true(mentions(agenda, "CANARY-SENSITIVE"));
    assert_true(mentions(agenda, "CANARY-UNPUBLISHED"));
    /* numbered as the paper numbers them: 1, 2, ... 10, not 1, 10, 11 */
    assert_string_equal(agenda->rows.v[0].rec->v[PEEL_ITEM_NUMBER].s, "1");
    assert_string_equal(agenda->rows.v[1].rec->v[PEEL_ITEM_NUMBER].s, "2");
    assert_string_equal(agenda->rows.v[9].rec->v[PEEL_ITEM_NUMBER].s, "10");
    actions = group(&set, "Actions arising");
    assert_non_null(actions);
    assert_int_equal(actions->rows.n, 1);
    assert_string_equal(actions->rows.v[0].state, "Open");
    att = group(&set, "Attendance");
    assert_non_null(att);
    assert_int_equal(att->rows.n, 19);
    /* in declared position: attendance, declarations, agenda, actions */
    assert_string_equal(set.groups.v[0].decl->heading, "Attendance");
    assert_string_equal(set.groups.v[1].decl->heading, "Declarations of interest");
    assert_string_equal(set.groups.v[2].decl->heading, "Agenda");
    assert_string_equal(set.groups.v[3].decl->heading, "Actions arising");
    /* the first item (Election of Chair) has its work programme entry nested */
    assert_non_null(agenda->rows.v[0].nest);
    peel_related_release(&set);

    for (peel_role role = PEEL_ROLE_PUBLIC; role <= PEEL_ROLE_PANEL; role++) {
        build(role, &peel_type_meeting, "PCP 2023-07-26", &set);
        agenda = group(&set, "Agenda");
        assert_non_null(agenda);
        assert_int_equal(agenda->rows.n, 15); /* never counted */
        assert_false(mentions(agenda, "CANARY"));
        actions = group(&set, "Actions arising");
        assert_non_null(actions);
        assert_int_equal(actions->rows.n, 0);
        assert_int_equal(actions->counts.n, 0);
        peel_related_release(&set);
    }
}

static void test_golden_thread(void **state)
{
    peel_related_set set;
    const peel_related_group *g;
    int64_t staff_total = 0, public_total = 0;
    (void)state;

    build(PEEL_ROLE_STAFF, &peel_type_objective,
          "Domestic Abuse and Violence Against Women and Girls", &set);
    g = group(&set, "Actions serving this objective");
    assert_non_null(g);
    assert_true(mentions(g, "CANARY-ACTION"));
    for (size_t i = 0; i < g->counts.n; i++)
        staff_total += g->counts.v[i].n;
    assert_int_equal(staff_total, (int64_t)g->rows.n);
    assert_true(g->rows.n >= 1);
    size_t staff_rows = g->rows.n;
    peel_related_release(&set);

    /* objective_tag is not a readable type for the public, but a pure link:
     * the thread shows what the reader may open, and only that */
    build(PEEL_ROLE_PUBLIC, &peel_type_objective,
          "Domestic Abuse and Violence Against Women and Girls", &set);
    g = group(&set, "Actions serving this objective");
    assert_non_null(g);
    assert_false(mentions(g, "CANARY"));
    assert_int_equal(g->rows.n, staff_rows - 1);
    for (size_t i = 0; i < g->counts.n; i++)
        public_total += g->counts.v[i].n;
    assert_int_equal(public_total, (int64_t)g->rows.n);
    peel_related_release(&set);

    /* the plan lists its objectives */
    build(PEEL_ROLE_PUBLIC, &peel_type_plan, "Police and Crime Plan 2021-24", &set);
    g = group(&set, "Objectives of this plan");
    assert_non_null(g);
    assert_true(g->rows.n >= 5);
    peel_related_release(&set);
}

static void test_board_meetings_upcoming_first(void **state)
{
    peel_related_set set;
    const peel_related_group *g;
    (void)state;

    peel_clock_set(1696809600); /* 2023-10-09: the 9 October meeting is today */
    build(PEEL_ROLE_PUBLIC, &peel_type_body, "Police and Crime Panel", &set);
    g = group(&set, "Meetings");
    assert_non_null(g);
    assert_true(g->rows.n >= 5);
    assert_string_equal(g->rows.v[0].rec->v[PEEL_MEETING_REF].s, "PCP 2023-10-09");
    assert_string_equal(g->rows.v[1].rec->v[PEEL_MEETING_REF].s, "PCP 2023-12-13");
    assert_string_equal(g->rows.v[2].rec->v[PEEL_MEETING_REF].s, "PCP 2024-10-28");
    assert_string_equal(g->rows.v[3].rec->v[PEEL_MEETING_REF].s, "PCP 2023-08-10");
    assert_string_equal(g->rows.v[4].rec->v[PEEL_MEETING_REF].s, "PCP 2023-07-26");
    peel_related_release(&set);
    peel_clock_set(-1);
}

static void test_declared(void **state)
{
    (void)state;
    assert_true(peel_related_declared(peel_reader_of(PEEL_ROLE_PUBLIC), &peel_type_meeting));
    assert_true(peel_related_declared(peel_reader_of(PEEL_ROLE_PUBLIC), &peel_type_objective));
    assert_false(peel_related_declared(peel_reader_of(PEEL_ROLE_STAFF), &peel_type_objective_tag));
}

int main(void)
{
    peel_test_app_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_meeting_agenda),
        cmocka_unit_test(test_golden_thread),
        cmocka_unit_test(test_board_meetings_upcoming_first),
        cmocka_unit_test(test_declared),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
