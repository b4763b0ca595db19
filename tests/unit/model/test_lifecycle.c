/* test_lifecycle.c - declared lifecycles (model/lifecycle.c) and their write
 * path (model/transition.c) on a real SQLite file: the start-up check of a
 * declaration naming the type, transitions refused for their state, role,
 * requirements and date order, the state on a day and the clock, the audit,
 * and a database made before lifecycles whose action_update rows migrate
 * into the history.  Only the old database is made with SQL, as the
 * version of peel before lifecycles left it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "domain/register.h"
#include "model/crud.h"
#include "model/records.h"
#include "model/transition.h"
#include "store/store.h"
#include "unit/app_init.h"
#include "unit/tmpdb.h"

/* ---- declarations ---- */

/* clang-format off */
static const peel_field doc_fields[] = {
    {.name = "name", .label = "Name", .type = PEEL_F_TEXT, .flags = PEEL_REQUIRED | PEEL_UNIQUE},
    {.name = "received", .label = "Received", .type = PEEL_F_DATE},
};
static const peel_lc_state doc_states[] = {
    {"draft", "Draft", false}, {"sent", "Sent", false}, {"done", "Done", true}, {0},
};
static const peel_lc_transition doc_ok[] = {
    {"draft", "sent", "Send", PEEL_LC_STAFF | PEEL_LC_ADMIN, 0, PEEL_LC_CLOCK_KEEP},
    {"sent", "done", "Close", PEEL_LC_ADMIN, PEEL_LC_NOTE | PEEL_LC_DATE, PEEL_LC_CLOCK_STOP},
    {"done", "sent", "Reopen", PEEL_LC_STAFF, 0, PEEL_LC_CLOCK_RESTART},
    {0},
};
/* clang-format on */
static const peel_lifecycle doc_lc = {.states = doc_states,
                                      .initial = "draft",
                                      .transitions = doc_ok,
                                      .start = "received",
                                      .clock_label = "Days"};
static const peel_type doc = {.name = "doc",
                              .label = "Doc",
                              .plural = "Docs",
                              .fields = doc_fields,
                              .nfields = PEEL_NFIELDS(doc_fields),
                              .key = "name",
                              .title = "name",
                              .lifecycle = &doc_lc};

static void refused(const peel_lifecycle *lc, const char *want)
{
    peel_type t = doc;
    peel_err err = PEEL_ERR_INIT;
    t.lifecycle = lc;
    assert_int_equal(peel_type_check(&t, &err), -1);
    if (!strstr(err.msg, want) || !strstr(err.msg, "type doc"))
        fail_msg("expected '%s' naming the type, got '%s'", want, err.msg);
}

static void test_declarations_checked(void **state)
{
    peel_err err = PEEL_ERR_INIT;
    (void)state;
    assert_int_equal(peel_type_check(&doc, &err), 0);

    static const peel_lc_transition unknown[] = {{"draft", "filed", "File", PEEL_LC_STAFF, 0, 0},
                                                 {0}};
    static const peel_lc_transition twice[] = {{"draft", "sent", "Send", PEEL_LC_STAFF, 0, 0},
                                               {"sent", "done", "Close", PEEL_LC_STAFF, 0, 0},
                                               {"draft", "sent", "Post", PEEL_LC_STAFF, 0, 0},
                                               {0}};
    static const peel_lc_transition unreachable[] = {{"draft", "sent", "Send", PEEL_LC_STAFF, 0, 0},
                                                     {0}};
    static const peel_lc_transition no_roles[] = {
        {"draft", "sent", "Send", 0, 0, 0}, {"sent", "done", "Close", PEEL_LC_STAFF, 0, 0}, {0}};
    static const peel_lc_transition self[] = {{"draft", "draft", "Again", PEEL_LC_STAFF, 0, 0},
                                              {0}};
    peel_lifecycle lc = doc_lc;

    lc.transitions = unknown;
    refused(&lc, "transition draft -> filed names an unknown state");
    lc.transitions = twice;
    refused(&lc, "transition draft -> sent is declared twice");
    lc.transitions = unreachable;
    refused(&lc, "state done cannot be reached from draft");
    lc.transitions = no_roles;
    refused(&lc, "roles must be staff");
    lc.transitions = self;
    refused(&lc, "goes nowhere");
    lc = doc_lc;
    lc.initial = "new";
    refused(&lc, "initial state 'new' is not one of its states");
    lc = doc_lc;
    lc.start = "name";
    refused(&lc, "start 'name' is not a date field");

    /* "state" is the JSON key of the record's current state: no field may
     * take it */
    static const peel_field with_state[] = {
        {.name = "name",
         .label = "Name",
         .type = PEEL_F_TEXT,
         .flags = PEEL_REQUIRED | PEEL_UNIQUE},
        {.name = "state", .label = "State", .type = PEEL_F_TEXT},
    };
    peel_type t = doc;
    t.fields = with_state;
    t.nfields = PEEL_NFIELDS(with_state);
    assert_int_equal(peel_type_check(&t, &err), -1);
    assert_non_null(strstr(err.msg, "may not have a field named state"));
    peel_err_clear(&err);

    /* the registered action's and recommendation's own declarations pass */
    peel_test_app_init();
    assert_non_null(peel_type_action.lifecycle);
    assert_int_equal(peel_type_check(&peel_type_action, &err), 0);
    assert_non_null(peel_type_recommendation.lifecycle);
    assert_int_equal(peel_type_check(&peel_type_recommendation, &err), 0);
    assert_null(peel_type_find("action_update"));
}

/* ---- transitions on a real file ---- */

typedef struct db {
    char dir[64], path[128];
    peel_store *s;
} db;

static void db_open(db *d)
{
    peel_err err = PEEL_ERR_INIT;
    snprintf(d->dir, sizeof d->dir, "/tmp/peel-lifecycle-XXXXXX");
    assert_non_null(mkdtemp(d->dir));
    snprintf(d->path, sizeof d->path, "%s/peel.db", d->dir);
    assert_int_equal(peel_store_open(d->path, true, &d->s, &err), 0);
    assert_true(peel_store_migrate(d->s, false, &err) >= 0);
    assert_int_equal(peel_store_ensure_type(d->s, &doc, &err), 0);
}

static void db_close(db *d)
{
    peel_store_close(d->s);
    peel_test_db_remove(d->dir, d->path);
}

static peel_record *make(peel_store *s, const peel_type *t, const char *const *kv)
{
    peel_record *r = peel_record_new(t);
    peel_fielderrs fe = {0};
    peel_err err = PEEL_ERR_INIT;
    for (; *kv; kv += 2)
        assert_int_equal(peel_crud_assign(r, kv[0], kv[1], strlen(kv[1]), false, &fe), 0);
    if (peel_crud_create(s, "tester", r, &fe, &err) < 0)
        fail_msg("create %s: %s", t->name, err.msg);
    return r;
}

/* Tries one transition; returns the field of the first error ("" for one
 * not tied to a field), or NULL when it was made. */
static const char *try(peel_store *s, peel_role role, const peel_record *r, const char *to,
                       const char *date, const char *note, const char *evidence, peel_err *err)
{
    static peel_fielderrs fe;
    peel_transition_req req = {.to = to, .date = date, .note = note, .evidence = evidence};
    memset(&fe, 0, sizeof fe);
    peel_err_clear(err);
    int rc = peel_transition_save(s, "tester", peel_reader_of(role), r, &req, &fe, err);
    assert_true(rc >= 0);
    if (rc == 0)
        return NULL;
    assert_int_equal(err->code, PEEL_EINPUT);
    return fe.e[0].field ? fe.e[0].field : "";
}

static peel_date day(const char *iso)
{
    peel_date d = 0;
    peel_err err = PEEL_ERR_INIT;
    assert_int_equal(peel_date_parse(iso, strlen(iso), &d, &err), 0);
    return d;
}

static const char *state_of(peel_store *s, const peel_record *r)
{
    static char st[64];
    peel_err err = PEEL_ERR_INIT;
    assert_int_equal(peel_transition_state(s, r, st, sizeof st, &err), 0);
    return st;
}

typedef struct audit_ctx {
    int states;
    char last[96];
} audit_ctx;

static int audit_cb(void *ctx, const peel_audit *a, peel_err *err)
{
    audit_ctx *c = ctx;
    (void)err;
    if (a->field && !strcmp(a->field, "state")) {
        c->states++;
        snprintf(c->last, sizeof c->last, "%s -> %s", a->old_value, a->new_value);
    }
    return 0;
}

static void test_action_transitions(void **state)
{
    db d;
    peel_err err = PEEL_ERR_INIT;
    peel_history h;
    bool open;
    (void)state;
    peel_test_app_init();
    db_open(&d);
    peel_record *a = make(d.s, &peel_type_action,
                          (const char *const[]){"ref", "T-1", "title", "Write to the Chair",
                                                "arose_from", "other", "raised", "2023-07-17",
                                                "classification", "OFFICIAL", NULL});

    assert_string_equal(state_of(d.s, a), "open");
    /* refused: not a state; completed without evidence; before it was
     * raised; a bad date; a reader who may not change records */
    assert_string_equal(try(d.s, PEEL_ROLE_STAFF, a, "done", NULL, NULL, NULL, &err), "to");
    assert_non_null(strstr(err.msg, "is not a state of Actions"));
    assert_string_equal(try(d.s, PEEL_ROLE_STAFF, a, "completed", "2023-08-01", NULL, NULL, &err),
                        "evidence");
    assert_string_equal(try(d.s, PEEL_ROLE_STAFF, a, "in_progress", "01/07/2023", NULL, NULL, &err),
                        "date");
    assert_non_null(strstr(err.msg, "before action T-1's Raised on (2023-07-17)"));
    assert_string_equal(try(d.s, PEEL_ROLE_STAFF, a, "in_progress", "31/02/2023", NULL, NULL, &err),
                        "date");
    assert_string_equal(try(d.s, PEEL_ROLE_PANEL, a, "in_progress", NULL, NULL, NULL, &err), "");
    assert_string_equal(try(d.s, PEEL_ROLE_PUBLIC, a, "in_progress", NULL, NULL, NULL, &err), "");
    assert_string_equal(state_of(d.s, a), "open"); /* nothing was written */

    /* made: in progress (a UK date), then completed with evidence */
    assert_null(try(d.s, PEEL_ROLE_STAFF, a, "in_progress", "01/08/2023", "Drafted", NULL, &err));
    assert_string_equal(
        try(d.s, PEEL_ROLE_STAFF, a, "completed", "2023-07-31", NULL, "A letter", &err),
        "date"); /* out of date order */
    assert_non_null(strstr(err.msg, "date order"));
    assert_null(
        try(d.s, PEEL_ROLE_STAFF, a, "completed", "2023-08-20", NULL, "Letter of 18 Aug", &err));
    assert_string_equal(state_of(d.s, a), "completed");

    /* from completed only a reopening, with a note */
    assert_string_equal(try(d.s, PEEL_ROLE_STAFF, a, "in_progress", "2023-09-01", NULL, NULL, &err),
                        "to");
    assert_non_null(strstr(err.msg, "from here: Reopen (open)"));
    assert_string_equal(try(d.s, PEEL_ROLE_STAFF, a, "open", "2023-09-01", NULL, NULL, &err),
                        "note");

    /* the state on a day and whether the action is open then */
    assert_int_equal(peel_transition_history(d.s, &peel_type_action, a->id, &h, &err), 0);
    assert_int_equal(h.n, 2);
    assert_string_equal(h.v[0].from, "open");
    assert_string_equal(h.v[1].from, "in_progress");
    assert_string_equal(h.v[1].evidence, "Letter of 18 Aug");
    assert_string_equal(h.v[1].user, "tester");
    assert_string_equal(
        peel_history_state_on(peel_type_action.lifecycle, &h, a->id, day("2023-07-31"), NULL),
        "open");
    assert_string_equal(
        peel_history_state_on(peel_type_action.lifecycle, &h, a->id, day("2023-08-19"), NULL),
        "in_progress");
    assert_int_equal(peel_transition_open_on(d.s, a, day("2023-08-19"), &open, &err), 0);
    assert_true(open);
    assert_int_equal(peel_transition_open_on(d.s, a, day("2023-08-20"), &open, &err), 0);
    assert_false(open);
    /* the clock stops at completion: raised 17 July to 20 August */
    assert_int_equal(peel_history_clock_days(peel_type_action.lifecycle, &h, a->id,
                                             day("2023-07-17"), day("2023-09-01")),
                     34);
    peel_history_release(&h);

    /* audited on the record, as field "state" */
    audit_ctx ac = {0};
    assert_int_equal(peel_store_audit_list(d.s, "action", a->id, audit_cb, &ac, &err), 0);
    assert_int_equal(ac.states, 2);
    assert_string_equal(ac.last, "in_progress -> completed (2023-08-20)");

    /* deleting the action takes its history with it */
    assert_int_equal(peel_store_begin(d.s, &err), 0);
    assert_int_equal(peel_crud_delete(d.s, "tester", &peel_type_action, a->id, &err), 0);
    assert_int_equal(peel_store_commit(d.s, &err), 0);
    assert_int_equal(peel_transition_history(d.s, &peel_type_action, a->id, &h, &err), 0);
    assert_int_equal(h.n, 0);
    peel_history_release(&h);

    peel_record_free(a);
    db_close(&d);
}

static void test_roles_requirements_and_clock(void **state)
{
    db d;
    peel_err err = PEEL_ERR_INIT;
    peel_history h;
    peel_date start = day("2024-01-01"), asof = day("2024-02-11");
    (void)state;
    db_open(&d);
    peel_record *r =
        make(d.s, &doc, (const char *const[]){"name", "D-1", "received", "2024-01-01", NULL});
    assert_null(try(d.s, PEEL_ROLE_STAFF, r, "sent", "2024-01-02", NULL, NULL, &err));
    /* Close is the admin's, and needs a note and a date typed in */
    assert_string_equal(try(d.s, PEEL_ROLE_STAFF, r, "done", "2024-01-05", "x", NULL, &err), "to");
    assert_non_null(strstr(err.msg, "your account cannot Close"));
    assert_string_equal(try(d.s, PEEL_ROLE_ADMIN, r, "done", NULL, "x", NULL, &err), "date");
    assert_string_equal(try(d.s, PEEL_ROLE_ADMIN, r, "done", "05/01/2024", NULL, NULL, &err),
                        "note");
    assert_null(try(d.s, PEEL_ROLE_ADMIN, r, "done", "05/01/2024", "Filed", NULL, &err));
    /* Reopen restarts the clock from its date */
    assert_null(try(d.s, PEEL_ROLE_STAFF, r, "sent", "2024-02-01", NULL, NULL, &err));
    assert_int_equal(peel_transition_history(d.s, &doc, r->id, &h, &err), 0);
    assert_int_equal(peel_history_clock_days(&doc_lc, &h, r->id, start, asof), 10);
    assert_int_equal(peel_history_clock_days(&doc_lc, &h, r->id, start, (peel_date)(asof - 20)),
                     4); /* stopped on 5 January, 4 days after 1 January */
    peel_history_release(&h);
    peel_record_free(r);
    db_close(&d);
}

/* ---- an old database ---- */

static void sql(sqlite3 *db3, const char *text)
{
    char *msg = NULL;
    if (sqlite3_exec(db3, text, NULL, NULL, &msg) != SQLITE_OK)
        fail_msg("%s: %s", text, msg);
}

static void test_old_action_updates_migrate(void **state)
{
    db d;
    peel_err err = PEEL_ERR_INIT;
    peel_history h;
    sqlite3 *db3;
    (void)state;
    peel_test_app_init();
    db_open(&d);
    peel_record *a =
        make(d.s, &peel_type_action,
             (const char *const[]){"ref", "T-2", "title", "Review", "arose_from", "other", "raised",
                                   "2023-04-19", "classification", "OFFICIAL", NULL});
    int64_t aid = a->id;
    peel_record_free(a);
    peel_store_close(d.s);

    /* Put the file back as peel before lifecycles left it: its status
     * changes in action_update (with their audit rows), no history table,
     * migration 400 not applied. */
    assert_int_equal(sqlite3_open(d.path, &db3), SQLITE_OK);
    sql(db3, "DROP TABLE peel_transition; DELETE FROM peel_migrations WHERE version = 400;"
             "CREATE TABLE action_update (id INTEGER PRIMARY KEY, created_at TEXT NOT NULL,"
             " updated_at TEXT NOT NULL, ref TEXT, action INTEGER REFERENCES action(id),"
             " date TEXT, status TEXT, note TEXT, evidence TEXT, provenance TEXT,"
             " publish INTEGER);");
    char ins[900];
    snprintf(ins, sizeof ins,
             "INSERT INTO action_update VALUES"
             " (1, '2023-10-10T09:00:00Z', '2023-10-10T09:00:00Z', 'T-2/1', %lld, '2023-10-09',"
             "  'completed', 'Dated with the report', 'Reported completed', 'CGB report 7a', 1),"
             " (2, '2023-10-11T09:00:00Z', '2023-10-11T09:00:00Z', 'T-2/0', %lld, '2023-06-01',"
             "  'in_progress', NULL, NULL, NULL, 1);"
             "INSERT INTO peel_audit (type, record_id, at, user, action) VALUES"
             " ('action_update', 1, '2023-10-10T09:00:00Z', 'clerk', 'create');",
             (long long)aid, (long long)aid);
    sql(db3, ins);
    sqlite3_close(db3);

    assert_int_equal(peel_store_open(d.path, false, &d.s, &err), 0);
    assert_int_equal(peel_store_require_current(d.s, &err), -1);
    assert_non_null(strstr(err.msg, "needs 1 schema change"));
    peel_err_clear(&err);
    assert_int_equal(peel_store_migrate(d.s, false, &err), 1);
    assert_int_equal(peel_store_require_current(d.s, &err), 0);

    /* in date order, each from the one before; the source and the user kept */
    assert_int_equal(peel_transition_history(d.s, &peel_type_action, aid, &h, &err), 0);
    assert_int_equal(h.n, 2);
    assert_string_equal(h.v[0].from, "open");
    assert_string_equal(h.v[0].to, "in_progress");
    assert_string_equal(h.v[0].user, "peel");
    assert_string_equal(h.v[1].from, "in_progress");
    assert_string_equal(h.v[1].to, "completed");
    assert_string_equal(h.v[1].note, "Dated with the report");
    assert_string_equal(h.v[1].evidence, "Reported completed");
    assert_string_equal(h.v[1].source, "CGB report 7a");
    assert_string_equal(h.v[1].user, "clerk");
    assert_string_equal(h.v[1].at, "2023-10-10T09:00:00Z");
    peel_history_release(&h);

    /* the tracker reads the migrated history */
    peel_reg_actions acts;
    peel_reg_action_filter f = {.reader = peel_reader_of(PEEL_ROLE_STAFF),
                                .asof = day("2023-10-09")};
    assert_int_equal(peel_register_actions(d.s, &f, &acts, &err), 0);
    assert_int_equal(acts.n, 1);
    assert_int_equal(acts.v[0].status, PEEL_ACTION_COMPLETED);
    assert_int_equal(acts.v[0].age_days, 173);
    peel_register_actions_free(&acts);

    /* a second migration has nothing to do */
    assert_int_equal(peel_store_migrate(d.s, false, &err), 0);
    db_close(&d);
}

/* A database made before recommendations had a lifecycle: its response
 * dates and acceptances (columns of the recommendation table) move into the
 * history by migration 401, and the columns go. */
static void test_old_recommendation_responses_migrate(void **state)
{
    db d;
    peel_err err = PEEL_ERR_INIT;
    peel_history h;
    sqlite3 *db3;
    int64_t id[3];
    (void)state;
    peel_test_app_init();
    db_open(&d);
    for (int i = 0; i < 3; i++) {
        char ref[16];
        snprintf(ref, sizeof ref, "PCP R%d", i);
        peel_record *r =
            make(d.s, &peel_type_recommendation,
                 (const char *const[]){"ref", ref, "kind", "panel_recommendation", "text",
                                       "That the PCC reports back.", "made", "2023-07-26", NULL});
        id[i] = r->id;
        peel_record_free(r);
    }
    peel_store_close(d.s);

    /* Put the file back as peel before the lifecycle left it: the two
     * columns, filled on the first two (one accepted with a date, one with
     * a response and no date), migration 401 not applied. */
    assert_int_equal(sqlite3_open(d.path, &db3), SQLITE_OK);
    char ins[900];
    snprintf(ins, sizeof ins,
             "DELETE FROM peel_migrations WHERE version = 401;"
             "ALTER TABLE recommendation ADD COLUMN response_date TEXT;"
             "ALTER TABLE recommendation ADD COLUMN accepted TEXT;"
             "UPDATE recommendation SET response = 'We accept it.', response_date = '2023-09-01',"
             " accepted = 'partly_accepted', provenance = 'PCP report 5' WHERE id = %lld;"
             "UPDATE recommendation SET response = 'Noted.' WHERE id = %lld;"
             "INSERT INTO peel_audit (type, record_id, at, user, action, field) VALUES"
             " ('recommendation', %lld, '2023-09-02T09:00:00Z', 'clerk', 'update', 'accepted');",
             (long long)id[0], (long long)id[1], (long long)id[0]);
    sql(db3, ins);
    sqlite3_close(db3);

    assert_int_equal(peel_store_open(d.path, false, &d.s, &err), 0);
    assert_int_equal(peel_store_migrate(d.s, false, &err), 1);
    assert_int_equal(peel_store_require_current(d.s, &err), 0);

    assert_int_equal(peel_transition_history(d.s, &peel_type_recommendation, 0, &h, &err), 0);
    assert_int_equal(h.n, 2);
    assert_int_equal(h.v[0].record_id, id[0]);
    assert_string_equal(h.v[0].from, PEEL_REC_AWAITING);
    assert_string_equal(h.v[0].to, "partly_accepted");
    assert_int_equal(h.v[0].date, day("2023-09-01"));
    assert_string_equal(h.v[0].source, "PCP report 5");
    assert_string_equal(h.v[0].user, "clerk");
    assert_string_equal(h.v[0].note, "");
    /* no date recorded: dated with the day it was made, and says so */
    assert_int_equal(h.v[1].record_id, id[1]);
    assert_string_equal(h.v[1].to, "responded");
    assert_int_equal(h.v[1].date, day("2023-07-26"));
    assert_non_null(strstr(h.v[1].note, "no response date was recorded"));
    peel_history_release(&h);

    /* the response text stays on the record; the third is still awaiting */
    char st[40];
    peel_record *r = NULL;
    assert_int_equal(peel_store_get(d.s, &peel_type_recommendation, id[0], &r, &err), 0);
    assert_string_equal(peel_record_text_at(r, PEEL_RECOMMENDATION_RESPONSE), "We accept it.");
    peel_record_free(r);
    assert_int_equal(peel_store_get(d.s, &peel_type_recommendation, id[2], &r, &err), 0);
    assert_int_equal(peel_transition_state(d.s, r, st, sizeof st, &err), 0);
    assert_string_equal(st, PEEL_REC_AWAITING);
    peel_record_free(r);

    /* the columns are gone, and a second migration has nothing to do */
    assert_int_equal(sqlite3_open(d.path, &db3), SQLITE_OK);
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_prepare_v2(db3,
                                        "SELECT count(*) FROM pragma_table_info('recommendation')"
                                        " WHERE name IN ('accepted', 'response_date')",
                                        -1, &q, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(q, 0), 0);
    sqlite3_finalize(q);
    sqlite3_close(db3);
    assert_int_equal(peel_store_migrate(d.s, false, &err), 0);
    db_close(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_declarations_checked),
        cmocka_unit_test(test_action_transitions),
        cmocka_unit_test(test_roles_requirements_and_clock),
        cmocka_unit_test(test_old_action_updates_migrate),
        cmocka_unit_test(test_old_recommendation_responses_migrate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
