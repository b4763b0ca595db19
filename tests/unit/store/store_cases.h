/* store_cases.h - the cases of store.h every backend passes alike, through
 * the interface only: savepoints (nested, rolled back to, released, refused
 * names), a unique violation undoing only its statement, the recent
 * changes of the audit trail, the audit trail inside a transaction (read
 * back before it commits, kept or dropped with it), grouped counts and sums
 * against figures worked out here from the rows the test wrote (with
 * filters, two group fields, unset values, refused groupings), and a second
 * migration finding nothing to do.
 *
 * Included by one test file per backend (test_store.c for SQLite,
 * test_pg_store.c for PostgreSQL), which defines fixture_open and
 * fixture_close after including it and lists STORE_CASES among its tests.
 */
#ifndef PEEL_TESTS_STORE_CASES_H
#define PEEL_TESTS_STORE_CASES_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/date.h"
#include "store/store.h"

#define NROWS 40

static const char *const colours[] = {"red", "green", "blue"};

/* clang-format off */
static const peel_field widget_fields[] = {
    {.name = "name", .label = "Name", .type = PEEL_F_TEXT, .flags = PEEL_REQUIRED | PEEL_UNIQUE},
    {.name = "colour", .label = "Colour", .type = PEEL_F_TEXT},
    {.name = "n", .label = "N", .type = PEEL_F_INT},
    {.name = "cost", .label = "Cost", .type = PEEL_F_MONEY},
    {.name = "on", .label = "On", .type = PEEL_F_DATE},
    {.name = "at", .label = "At", .type = PEEL_F_POINT},
};
/* clang-format on */
/* clang-format off */
static const peel_type widget = {
    .name = "widget",
    .label = "Widget",
    .plural = "Widgets",
    .fields = widget_fields,
    .nfields = PEEL_NFIELDS(widget_fields),
    .key = "name",
    .title = "name",
};
/* clang-format on */
enum { F_NAME, F_COLOUR, F_N, F_COST, F_ON, F_AT };

/* Row i as the test writes it: a colour on all but every fifth row; n = i
 * mod 4; a cost of 100i pence on odd rows; one of two dates on even rows. */
static const char *row_colour(int i)
{
    return i % 5 == 0 ? NULL : colours[i % 3];
}
static int64_t row_n(int i)
{
    return i % 4;
}
static bool row_has_cost(int i)
{
    return i % 2 == 1;
}
static peel_date row_on(int i)
{
    return peel_date_from_ymd(2024, 4, 1) + (i % 4 == 0 ? 0 : 30);
}

/* A fresh database holding the widget table and NROWS rows: dir is the
 * test's folder, path the name the store was opened with. */
typedef struct fixture {
    char dir[64];
    char path[256];
    peel_store *s;
} fixture;

/* Defined by the file that includes this one: opens a fresh, empty
 * database into f (0, or -1 with err), and removes it after the store is
 * closed. */
static int fixture_open(fixture *f, peel_err *err);
static void fixture_close(fixture *f);

static peel_record *widget_row(int i)
{
    peel_record *r = peel_record_new(&widget);
    char name[16];
    snprintf(name, sizeof name, "w%02d", i);
    r->v[F_NAME] = (peel_value){.set = true, .s = strdup(name)};
    if (row_colour(i))
        r->v[F_COLOUR] = (peel_value){.set = true, .s = strdup(row_colour(i))};
    r->v[F_N] = (peel_value){.set = true, .i = row_n(i)};
    if (row_has_cost(i))
        r->v[F_COST] = (peel_value){.set = true, .i = 100 * i};
    if (i % 2 == 0)
        r->v[F_ON] = (peel_value){.set = true, .i = row_on(i)};
    r->v[F_AT] = (peel_value){.set = true, .lat = 52.6, .lon = -1.1};
    return r;
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    peel_err err = PEEL_ERR_INIT;
    assert_non_null(f);
    if (fixture_open(f, &err) < 0)
        fail_msg("%s", err.msg);
    assert_int_equal(peel_store_ensure_type(f->s, &widget, &err), 0);
    assert_int_equal(peel_store_begin(f->s, &err), 0);
    for (int i = 1; i <= NROWS; i++) {
        peel_record *r = widget_row(i);
        assert_int_equal(peel_store_insert(f->s, r, &err), 0);
        peel_record_free(r);
    }
    assert_int_equal(peel_store_commit(f->s, &err), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    peel_store_close(f->s);
    fixture_close(f);
    free(f);
    return 0;
}

static int64_t count_all(peel_store *s)
{
    peel_query q = {.type = &widget};
    peel_err err = PEEL_ERR_INIT;
    int64_t n = -1;
    assert_int_equal(peel_store_count(s, &q, &n, &err), 0);
    return n;
}

static void insert_row(peel_store *s, int i)
{
    peel_err err = PEEL_ERR_INIT;
    peel_record *r = widget_row(i);
    assert_int_equal(peel_store_insert(s, r, &err), 0);
    peel_record_free(r);
}

/* The declared types' tables and every module's migrations applied once: a
 * second migration, and a check for pending changes, find nothing to do. */
static void test_migrate_twice(void **state)
{
    fixture *f = *state;
    peel_err err = PEEL_ERR_INIT;
    assert_true(peel_store_migrate(f->s, false, &err) > 0);
    assert_int_equal(peel_store_migrate(f->s, true, &err), 0);
    assert_int_equal(peel_store_migrate(f->s, false, &err), 0);
    assert_int_equal(peel_store_require_current(f->s, &err), 0);
}

/* ---- integrity ---- */

/* A second widget of the same name: the unique index refuses it as the
 * user's mistake, naming the field; only that statement is undone, and the
 * transaction goes on to commit what else it wrote (an import reports the
 * row and carries on). */
static void test_unique_violation(void **state)
{
    fixture *f = *state;
    peel_err err = PEEL_ERR_INIT;
    peel_record *r = widget_row(3);

    assert_int_equal(peel_store_begin(f->s, &err), 0);
    insert_row(f->s, 150);
    assert_int_equal(peel_store_insert(f->s, r, &err), -1);
    assert_int_equal(err.code, PEEL_EINPUT);
    assert_non_null(strstr(err.msg, "name"));
    err = (peel_err)PEEL_ERR_INIT;
    insert_row(f->s, 151);
    assert_int_equal(peel_store_commit(f->s, &err), 0);
    assert_int_equal(count_all(f->s), NROWS + 2);
    peel_record_free(r);
}

/* ---- savepoints ---- */

static void test_savepoint_rollback_and_release(void **state)
{
    fixture *f = *state;
    peel_err err = PEEL_ERR_INIT;

    assert_int_equal(peel_store_begin(f->s, &err), 0);
    insert_row(f->s, 101);
    assert_int_equal(peel_store_savepoint(f->s, "file_1", &err), 0);
    insert_row(f->s, 102);
    insert_row(f->s, 103);
    assert_int_equal(count_all(f->s), NROWS + 3);
    assert_int_equal(peel_store_savepoint_rollback(f->s, "file_1", &err), 0);
    assert_int_equal(count_all(f->s), NROWS + 1);
    /* Still open after the rollback: used again, then released. */
    insert_row(f->s, 104);
    assert_int_equal(peel_store_savepoint_rollback(f->s, "file_1", &err), 0);
    insert_row(f->s, 105);
    assert_int_equal(peel_store_savepoint_release(f->s, "file_1", &err), 0);
    assert_int_equal(peel_store_commit(f->s, &err), 0);
    assert_int_equal(count_all(f->s), NROWS + 2); /* 101 and 105 */

    peel_record *r = NULL;
    assert_int_equal(peel_store_get(f->s, &widget, NROWS + 2, &r, &err), 0);
    assert_string_equal(r->v[F_NAME].s, "w105");
    peel_record_free(r);
}

static void test_savepoint_nested(void **state)
{
    fixture *f = *state;
    peel_err err = PEEL_ERR_INIT;

    assert_int_equal(peel_store_begin(f->s, &err), 0);
    assert_int_equal(peel_store_savepoint(f->s, "outer", &err), 0);
    insert_row(f->s, 201);
    assert_int_equal(peel_store_savepoint(f->s, "inner", &err), 0);
    insert_row(f->s, 202);
    assert_int_equal(peel_store_savepoint_release(f->s, "inner", &err), 0);
    assert_int_equal(count_all(f->s), NROWS + 2);
    /* Rolling back to the outer one undoes what the released inner one did. */
    assert_int_equal(peel_store_savepoint_rollback(f->s, "outer", &err), 0);
    assert_int_equal(count_all(f->s), NROWS);
    insert_row(f->s, 203);
    assert_int_equal(peel_store_savepoint_release(f->s, "outer", &err), 0);
    /* The transaction's rollback undoes what released savepoints kept. */
    peel_store_rollback(f->s);
    assert_int_equal(count_all(f->s), NROWS);
}

static void test_savepoint_errors(void **state)
{
    fixture *f = *state;
    static const char *const bad[] = {"",
                                      "1st",
                                      "a-b",
                                      "x y",
                                      "a\"; DROP TABLE widget; --",
                                      ("file_0123456789_0123456789_0123456789_0123456789_"
                                       "0123456789_0123")};
    peel_err err = PEEL_ERR_INIT;

    assert_int_equal(peel_store_begin(f->s, &err), 0);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err = (peel_err)PEEL_ERR_INIT;
        assert_int_equal(peel_store_savepoint(f->s, bad[i], &err), -1);
        assert_int_equal(err.code, PEEL_EINTERNAL);
        assert_non_null(strstr(err.msg, "is not an identifier"));
        err = (peel_err)PEEL_ERR_INIT;
        assert_int_equal(peel_store_savepoint_release(f->s, bad[i], &err), -1);
        err = (peel_err)PEEL_ERR_INIT;
        assert_int_equal(peel_store_savepoint_rollback(f->s, bad[i], &err), -1);
    }
    err = (peel_err)PEEL_ERR_INIT;
    assert_int_equal(peel_store_savepoint(f->s, NULL, &err), -1);
    /* A name that was never set: the backend's error, naming it. */
    err = (peel_err)PEEL_ERR_INIT;
    assert_int_equal(peel_store_savepoint_rollback(f->s, "never_set", &err), -1);
    assert_int_not_equal(err.code, PEEL_OK);
    assert_non_null(strstr(err.msg, "never_set"));
    peel_store_rollback(f->s);
    assert_int_equal(count_all(f->s), NROWS);
}

/* ---- the audit trail's recent changes ---- */

typedef struct seen {
    int n;
    char rows[8][64];
    bool values_read;
    int stop_after; /* 0: never */
} seen;

static int collect(void *ctx, const peel_audit *a, peel_err *err)
{
    seen *sn = ctx;
    (void)err;
    if (a->old_value || a->new_value)
        sn->values_read = true;
    if (sn->n < 8)
        snprintf(sn->rows[sn->n], sizeof sn->rows[0], "%s %lld %s %s %s", a->type,
                 (long long)a->record_id, a->user, a->action, a->field ? a->field : "-");
    sn->n++;
    return sn->stop_after && sn->n >= sn->stop_after ? 1 : 0;
}

static int fail_cb(void *ctx, const peel_audit *a, peel_err *err)
{
    (void)ctx;
    (void)a;
    return peel_err_set(err, PEEL_EINPUT, "stopped here");
}

static void add_audit(peel_store *s, int64_t id, const char *action, const char *field,
                      const char *old_value, const char *new_value)
{
    peel_err err = PEEL_ERR_INIT;
    peel_audit a = {.type = "widget",
                    .record_id = id,
                    .at = "2024-05-01T10:00:00",
                    .user = "clerk",
                    .action = action,
                    .field = field,
                    .old_value = old_value,
                    .new_value = new_value};
    assert_int_equal(peel_store_audit_add(s, &a, &err), 0);
}

static void test_audit_recent(void **state)
{
    fixture *f = *state;
    peel_err err = PEEL_ERR_INIT;
    seen sn = {0};

    assert_int_equal(peel_store_audit_recent(f->s, 10, collect, &sn, &err), 0);
    assert_int_equal(sn.n, 0);

    add_audit(f->s, 1, "create", NULL, NULL, NULL);
    add_audit(f->s, 1, "create", "name", NULL, "w01"); /* a create's field: not a change */
    add_audit(f->s, 1, "update", "colour", "red", "green");
    add_audit(f->s, 1, "update", "cost", "1.00", "2.00");
    add_audit(f->s, 2, "delete", NULL, NULL, NULL);

    assert_int_equal(peel_store_audit_recent(f->s, 3, collect, &sn, &err), 0);
    assert_int_equal(sn.n, 3);
    assert_string_equal(sn.rows[0], "widget 2 clerk delete -");
    assert_string_equal(sn.rows[1], "widget 1 clerk update cost");
    assert_string_equal(sn.rows[2], "widget 1 clerk update colour");

    sn = (seen){0};
    assert_int_equal(peel_store_audit_recent(f->s, 25, collect, &sn, &err), 0);
    assert_int_equal(sn.n, 4);
    assert_string_equal(sn.rows[3], "widget 1 clerk create -");
    assert_false(sn.values_read);

    sn = (seen){.stop_after = 2};
    assert_int_equal(peel_store_audit_recent(f->s, 25, collect, &sn, &err), 0);
    assert_int_equal(sn.n, 2);

    assert_int_equal(peel_store_audit_recent(f->s, 25, fail_cb, NULL, &err), -1);
    assert_string_equal(err.msg, "stopped here");
}

/* ---- put and every audit row, for `peel copy` ---- */

static void test_put_and_audit_each(void **state)
{
    fixture *f = *state;
    peel_err err = PEEL_ERR_INIT;
    peel_record *r = widget_row(70), *got = NULL;
    seen sn = {0};

    /* an id and stamps from elsewhere are kept, gaps and all */
    r->id = 500;
    snprintf(r->created_at, sizeof r->created_at, "2020-01-02T03:04:05Z");
    snprintf(r->updated_at, sizeof r->updated_at, "2021-06-07T08:09:10Z");
    assert_int_equal(peel_store_put(f->s, r, &err), 0);
    assert_int_equal(peel_store_get(f->s, &widget, 500, &got, &err), 0);
    assert_string_equal(got->created_at, "2020-01-02T03:04:05Z");
    assert_string_equal(got->updated_at, "2021-06-07T08:09:10Z");
    assert_string_equal(got->v[F_NAME].s, "w70");
    peel_record_free(got);
    /* an id already taken is refused */
    r->id = 3;
    free(r->v[F_NAME].s);
    r->v[F_NAME].s = strdup("w71");
    assert_int_equal(peel_store_put(f->s, r, &err), -1);
    err = (peel_err)PEEL_ERR_INIT;
    /* a new record goes on after the largest id */
    r->id = 0;
    free(r->v[F_NAME].s);
    r->v[F_NAME].s = strdup("w72");
    assert_int_equal(peel_store_insert(f->s, r, &err), 0);
    assert_int_equal(r->id, 501);
    peel_record_free(r);

    add_audit(f->s, 1, "create", NULL, NULL, NULL);
    add_audit(f->s, 1, "update", "colour", "red", "green");
    add_audit(f->s, 2, "delete", NULL, NULL, NULL);
    assert_int_equal(peel_store_audit_each(f->s, collect, &sn, &err), 0);
    assert_int_equal(sn.n, 3);
    assert_string_equal(sn.rows[0], "widget 1 clerk create -");
    assert_string_equal(sn.rows[1], "widget 1 clerk update colour");
    assert_string_equal(sn.rows[2], "widget 2 clerk delete -");
    assert_true(sn.values_read);
}

/* ---- the audit trail inside a transaction ---- */

static int trail_whole(void *ctx, const char *what, bool ok, const char *detail, peel_err *err)
{
    (void)detail;
    (void)err;
    if (!strcmp(what, "audit trail"))
        *(int *)ctx = ok ? 1 : -1;
    return 0;
}

/* A transaction reads back the rows it added before it commits; its rows
 * are kept with it or dropped with it, whole or to a savepoint (whether
 * they were read in between or not), in the order added and numbered with
 * no gap; many rows in one transaction the same. */
static void test_audit_in_transaction(void **state)
{
    fixture *f = *state;
    peel_err err = PEEL_ERR_INIT;
    seen sn = {0};
    int whole = 0;

    assert_int_equal(peel_store_begin(f->s, &err), 0);
    add_audit(f->s, 1, "create", NULL, NULL, NULL);
    add_audit(f->s, 1, "create", "name", NULL, "w01");
    assert_int_equal(peel_store_savepoint(f->s, "sp", &err), 0);
    add_audit(f->s, 1, "update", "colour", "red", "green");
    assert_int_equal(peel_store_savepoint(f->s, "inner", &err), 0);
    add_audit(f->s, 1, "update", "cost", NULL, "1.00");
    assert_int_equal(peel_store_savepoint_rollback(f->s, "sp", &err), 0);
    assert_int_equal(peel_store_savepoint_release(f->s, "sp", &err), 0);
    add_audit(f->s, 2, "create", NULL, NULL, NULL);
    assert_int_equal(peel_store_audit_list(f->s, "widget", 1, collect, &sn, &err), 0);
    assert_int_equal(sn.n, 2);
    assert_string_equal(sn.rows[1], "widget 1 clerk create name");
    /* a row read in the transaction, then rolled back to before it */
    assert_int_equal(peel_store_savepoint(f->s, "late", &err), 0);
    add_audit(f->s, 2, "update", "colour", "red", "blue");
    sn = (seen){0};
    assert_int_equal(peel_store_audit_each(f->s, collect, &sn, &err), 0);
    assert_int_equal(sn.n, 4);
    assert_int_equal(peel_store_savepoint_rollback(f->s, "late", &err), 0);
    add_audit(f->s, 2, "update", "cost", "1.00", "2.00");
    assert_int_equal(peel_store_commit(f->s, &err), 0);
    /* a transaction rolled back leaves none of its rows */
    assert_int_equal(peel_store_begin(f->s, &err), 0);
    add_audit(f->s, 3, "create", NULL, NULL, NULL);
    peel_store_rollback(f->s);

    sn = (seen){0};
    assert_int_equal(peel_store_audit_each(f->s, collect, &sn, &err), 0);
    assert_int_equal(sn.n, 4);
    assert_string_equal(sn.rows[0], "widget 1 clerk create -");
    assert_string_equal(sn.rows[1], "widget 1 clerk create name");
    assert_string_equal(sn.rows[2], "widget 2 clerk create -");
    assert_string_equal(sn.rows[3], "widget 2 clerk update cost");

    assert_int_equal(peel_store_begin(f->s, &err), 0);
    for (int64_t i = 1; i <= 2500; i++)
        add_audit(f->s, 100 + i, "create", NULL, NULL, NULL);
    assert_int_equal(peel_store_commit(f->s, &err), 0);
    sn = (seen){0};
    assert_int_equal(peel_store_audit_each(f->s, collect, &sn, &err), 0);
    assert_int_equal(sn.n, 2504);
    assert_string_equal(sn.rows[4], "widget 101 clerk create -");
    sn = (seen){0};
    assert_int_equal(peel_store_audit_recent(f->s, 1, collect, &sn, &err), 0);
    assert_string_equal(sn.rows[0], "widget 2600 clerk create -");
    assert_int_equal(peel_store_check(f->s, trail_whole, &whole, &err), 0);
    assert_int_equal(whole, 1);
}

/* ---- grouped counts ---- */

#define MAXG 16
typedef struct groups {
    int n;
    char key[MAXG][48];
    int64_t count[MAXG], sum[MAXG];
    int stop_after;
} groups;

static void key_text(const peel_field *f, const peel_value *v, char *out, size_t outsz)
{
    char d[16];
    if (!v->set) {
        snprintf(out, outsz, "(none)");
    } else if (f->type == PEEL_F_TEXT) {
        snprintf(out, outsz, "%s", v->s);
    } else if (f->type == PEEL_F_DATE) {
        peel_date_format((peel_date)v->i, d);
        snprintf(out, outsz, "%s", d);
    } else {
        snprintf(out, outsz, "%lld", (long long)v->i);
    }
}

typedef struct collect_ctx {
    groups gs;
    const peel_grouping *how;
} collect_ctx;

static int collect_group(void *ctx, const peel_group *g, peel_err *err)
{
    collect_ctx *c = ctx;
    groups *gs = &c->gs;
    (void)err;
    assert_true(gs->n < MAXG);
    gs->key[gs->n][0] = '\0';
    for (size_t i = 0; i < c->how->nfields; i++) {
        char k[24];
        size_t len = strlen(gs->key[gs->n]);
        key_text(c->how->fields[i], &g->keys[i], k, sizeof k);
        snprintf(gs->key[gs->n] + len, sizeof gs->key[0] - len, "%s%s", i ? "/" : "", k);
    }
    gs->count[gs->n] = g->count;
    gs->sum[gs->n] = g->sum;
    gs->n++;
    return gs->stop_after && gs->n >= gs->stop_after ? 1 : 0;
}

/* The figures worked out from the rows written: per colour ((none) first,
 * then alphabetical), count and sum of cost among rows with n >= min_n. */
static void expected_by_colour(int64_t min_n, int64_t count[4], int64_t sum[4])
{
    static const char *const order[] = {NULL, "blue", "green", "red"};
    for (int k = 0; k < 4; k++) {
        count[k] = sum[k] = 0;
        for (int i = 1; i <= NROWS; i++) {
            const char *c = row_colour(i);
            bool same = (!c && !order[k]) || (c && order[k] && strcmp(c, order[k]) == 0);
            if (!same || row_n(i) < min_n)
                continue;
            count[k]++;
            if (row_has_cost(i))
                sum[k] += 100 * i;
        }
    }
}

static void test_count_by_one_field(void **state)
{
    fixture *f = *state;
    peel_err err = PEEL_ERR_INIT;
    peel_grouping how = {
        .fields = {&widget_fields[F_COLOUR]}, .nfields = 1, .sum = &widget_fields[F_COST]};
    peel_query q = {.type = &widget, .limit = 3, .offset = 5, .order = &widget_fields[F_N]};
    collect_ctx c = {.how = &how};
    int64_t count[4], sum[4];
    static const char *const names[] = {"(none)", "blue", "green", "red"};

    /* Order, limit and offset are not used. */
    assert_int_equal(peel_store_count_by(f->s, &q, &how, collect_group, &c, &err), 0);
    expected_by_colour(0, count, sum);
    assert_int_equal(c.gs.n, 4);
    int64_t total = 0;
    for (int k = 0; k < 4; k++) {
        assert_string_equal(c.gs.key[k], names[k]);
        assert_int_equal(c.gs.count[k], count[k]);
        assert_int_equal(c.gs.sum[k], sum[k]);
        total += c.gs.count[k];
    }
    assert_int_equal(total, NROWS);

    /* The same filters as select: n >= 2. */
    peel_filter fl = {.field = &widget_fields[F_N], .op = PEEL_OP_GE, .v = {.set = true, .i = 2}};
    peel_query qf = {.type = &widget, .filters = &fl, .nfilters = 1};
    c = (collect_ctx){.how = &how};
    assert_int_equal(peel_store_count_by(f->s, &qf, &how, collect_group, &c, &err), 0);
    expected_by_colour(2, count, sum);
    assert_int_equal(c.gs.n, 4);
    for (int k = 0; k < 4; k++) {
        assert_int_equal(c.gs.count[k], count[k]);
        assert_int_equal(c.gs.sum[k], sum[k]);
    }
    int64_t n;
    assert_int_equal(peel_store_count(f->s, &qf, &n, &err), 0);
    assert_int_equal(c.gs.count[0] + c.gs.count[1] + c.gs.count[2] + c.gs.count[3], n);

    /* Without a sum field, the sum is 0; a filter matching nothing, no groups. */
    how.sum = NULL;
    c = (collect_ctx){.how = &how};
    assert_int_equal(peel_store_count_by(f->s, &qf, &how, collect_group, &c, &err), 0);
    for (int k = 0; k < c.gs.n; k++)
        assert_int_equal(c.gs.sum[k], 0);
    fl.v.i = 99;
    c = (collect_ctx){.how = &how};
    assert_int_equal(peel_store_count_by(f->s, &qf, &how, collect_group, &c, &err), 0);
    assert_int_equal(c.gs.n, 0);
}

static void test_count_by_two_fields(void **state)
{
    fixture *f = *state;
    peel_err err = PEEL_ERR_INIT;
    peel_grouping how = {.fields = {&widget_fields[F_ON], &widget_fields[F_N]},
                         .nfields = 2,
                         .sum = &widget_fields[F_N]};
    peel_query q = {.type = &widget};
    collect_ctx c = {.how = &how};

    /* Odd rows have no date and n of 1 or 3; even rows fall on 2024-04-01
     * (n = 0, i divisible by 4) or 2024-05-01 (n = 2). */
    assert_int_equal(peel_store_count_by(f->s, &q, &how, collect_group, &c, &err), 0);
    assert_int_equal(c.gs.n, 4);
    assert_string_equal(c.gs.key[0], "(none)/1");
    assert_int_equal(c.gs.count[0], NROWS / 4);
    assert_int_equal(c.gs.sum[0], NROWS / 4);
    assert_string_equal(c.gs.key[1], "(none)/3");
    assert_int_equal(c.gs.count[1], NROWS / 4);
    assert_int_equal(c.gs.sum[1], 3 * NROWS / 4);
    assert_string_equal(c.gs.key[2], "2024-04-01/0");
    assert_int_equal(c.gs.count[2], NROWS / 4);
    assert_int_equal(c.gs.sum[2], 0);
    assert_string_equal(c.gs.key[3], "2024-05-01/2");
    assert_int_equal(c.gs.count[3], NROWS / 4);

    /* A callback may stop early. */
    c = (collect_ctx){.how = &how, .gs.stop_after = 2};
    assert_int_equal(peel_store_count_by(f->s, &q, &how, collect_group, &c, &err), 0);
    assert_int_equal(c.gs.n, 2);
}

static void test_count_by_refused(void **state)
{
    fixture *f = *state;
    static const peel_field stranger = {.name = "colour", .label = "Colour", .type = PEEL_F_TEXT};
    peel_query q = {.type = &widget};
    const peel_grouping bad[] = {
        {.nfields = 0},
        {.fields = {&widget_fields[F_AT]}, .nfields = 1},
        {.fields = {&stranger}, .nfields = 1},
        {.fields = {&widget_fields[F_COLOUR]}, .nfields = 1, .sum = &widget_fields[F_NAME]},
        {.fields = {&widget_fields[F_COLOUR]}, .nfields = 1, .sum = &widget_fields[F_ON]},
        {.fields = {&widget_fields[F_COLOUR], NULL}, .nfields = 2},
        {.fields = {&widget_fields[F_COLOUR]}, .nfields = PEEL_GROUP_MAX + 1},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        peel_err err = PEEL_ERR_INIT;
        collect_ctx c = {.how = &bad[i]};
        assert_int_equal(peel_store_count_by(f->s, &q, &bad[i], collect_group, &c, &err), -1);
        assert_int_equal(err.code, PEEL_EINTERNAL);
        assert_non_null(strstr(err.msg, "widget"));
        assert_int_equal(c.gs.n, 0);
    }
}

/* The cases above, for a CMUnitTest array (a comma after, as for one case). */
#define STORE_CASES(setup, teardown)                                                               \
    cmocka_unit_test_setup_teardown(test_migrate_twice, setup, teardown),                          \
        cmocka_unit_test_setup_teardown(test_unique_violation, setup, teardown),                   \
        cmocka_unit_test_setup_teardown(test_savepoint_rollback_and_release, setup, teardown),     \
        cmocka_unit_test_setup_teardown(test_savepoint_nested, setup, teardown),                   \
        cmocka_unit_test_setup_teardown(test_savepoint_errors, setup, teardown),                   \
        cmocka_unit_test_setup_teardown(test_audit_recent, setup, teardown),                       \
        cmocka_unit_test_setup_teardown(test_put_and_audit_each, setup, teardown),                 \
        cmocka_unit_test_setup_teardown(test_audit_in_transaction, setup, teardown),               \
        cmocka_unit_test_setup_teardown(test_count_by_one_field, setup, teardown),                 \
        cmocka_unit_test_setup_teardown(test_count_by_two_fields, setup, teardown),                \
        cmocka_unit_test_setup_teardown(test_count_by_refused, setup, teardown)

#endif
