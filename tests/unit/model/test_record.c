/* test_record.c - the record model on a real SQLite file: every field kind
 * parsed, formatted, stored and read back; validation; CRUD with the audit
 * trail; CSV import all-or-nothing with rows and columns named. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "unit/tmpdb.h"
#include <sqlite3.h>

#include "core/clock.h"
#include "core/date.h"
#include "model/crud.h"
#include "model/csvio.h"
#include "model/json.h"
#include "store/sqlite/sqlite.h"
#include "unit/app_init.h"

static const peel_option colours[] = {{"red", NULL}, {"amber", NULL}, {"green", NULL}, {0}};

static void check_dates(const peel_record *r, peel_fielderrs *errs)
{
    const peel_value *a = &r->v[4], *b = &r->v[9];
    if (a->set && b->set && b->i < a->i)
        peel_fielderrs_add(errs, "until", "must not be before %s", "on");
}

/* clang-format off */
static const peel_field widget_fields[] = {
    {.name = "name", .label = "Name", .type = PEEL_F_TEXT, .flags = PEEL_REQUIRED | PEEL_UNIQUE,
     .max = 20},
    {.name = "count", .label = "Count", .type = PEEL_F_INT, .min = 0, .max = 100},
    {.name = "cost", .label = "Cost", .type = PEEL_F_MONEY},
    {.name = "month", .label = "Month", .type = PEEL_F_MONTH},
    {.name = "on", .label = "On", .type = PEEL_F_DATE},
    {.name = "year", .label = "Year", .type = PEEL_F_FY},
    {.name = "colour", .label = "Colour", .type = PEEL_F_ENUM, .options = colours},
    {.name = "ok", .label = "OK", .type = PEEL_F_BOOL},
    {.name = "at", .label = "At", .type = PEEL_F_POINT},
    {.name = "until", .label = "Until", .type = PEEL_F_DATE},
    {.name = "notes", .label = "Notes", .type = PEEL_F_TEXT, .flags = PEEL_MULTILINE,
     .cls = PEEL_OFFICIAL_SENSITIVE},
    {.name = "classification", .label = "Classification", .type = PEEL_F_ENUM,
     .flags = PEEL_CLASSIFIES, .options = peel_class_options},
};
/* clang-format on */

/* clang-format off */
static const peel_type widget = {
    .name = "widget", .label = "Widget", .plural = "Widgets", .fields = widget_fields,
    .nfields = PEEL_NFIELDS(widget_fields), .key = "name", .title = "name",
    .check = check_dates,
};
/* clang-format on */

typedef struct fixture {
    char dir[64];
    char path[96];
    peel_store *s;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    peel_err err = PEEL_ERR_INIT;
    snprintf(f->dir, sizeof f->dir, "/tmp/peel-unit-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->path, sizeof f->path, "%s/t.db", f->dir);
    assert_int_equal(peel_store_open(f->path, true, &f->s, &err), 0);
    assert_true(peel_store_migrate(f->s, false, &err) >= 0);
    assert_int_equal(peel_store_ensure_type(f->s, &widget, &err), 0);
    peel_clock_set(1696856400); /* 2023-10-09T13:00:00Z */
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    peel_store_close(f->s);
    peel_test_db_remove(f->dir, f->path);
    free(f);
    peel_clock_set(-1);
    return 0;
}

static peel_record *make(const char *const *kv)
{
    peel_record *r = peel_record_new(&widget);
    peel_fielderrs fe = {0};
    for (; kv[0]; kv += 2)
        peel_crud_assign(r, kv[0], kv[1], strlen(kv[1]), false, &fe);
    assert_int_equal(fe.n, 0);
    return r;
}

static void test_parse_each_kind(void **state)
{
    (void)state;
    const char *kv[] = {"name",   "  Gadget ", "count", "42",         "cost", "£9,974.60",
                        "month",  "2023-05",   "on",    "2023-07-26", "year", "2023-24",
                        "colour", "Amber",     "ok",    "yes",        "at",   "52.6369, -1.1398",
                        NULL};
    peel_record *r = make(kv);
    peel_buf b = PEEL_BUF_INIT;

    assert_string_equal(r->v[0].s, "Gadget"); /* trimmed */
    assert_int_equal(r->v[1].i, 42);
    assert_int_equal(r->v[2].i, 997460);
    assert_string_equal(r->v[6].s, "amber"); /* canonical spelling */
    assert_int_equal(r->v[7].i, 1);
    peel_value_format(&widget_fields[2], &r->v[2], PEEL_VFMT_CSV, &b);
    assert_string_equal(peel_buf_str(&b), "9974.60");
    peel_buf_reset(&b);
    peel_value_format(&widget_fields[2], &r->v[2], PEEL_VFMT_PEOPLE, &b);
    assert_string_equal(peel_buf_str(&b), "\xc2\xa3"
                                          "9,974.60");
    peel_buf_reset(&b);
    peel_value_format(&widget_fields[4], &r->v[4], PEEL_VFMT_CSV, &b);
    assert_string_equal(peel_buf_str(&b), "2023-07-26");
    peel_buf_reset(&b);
    peel_value_format(&widget_fields[4], &r->v[4], PEEL_VFMT_PEOPLE, &b);
    assert_string_equal(peel_buf_str(&b), "26 July 2023");
    peel_buf_reset(&b);
    peel_value_format(&widget_fields[5], &r->v[5], PEEL_VFMT_CSV, &b);
    assert_string_equal(peel_buf_str(&b), "2023-24");
    peel_buf_reset(&b);
    peel_value_format(&widget_fields[8], &r->v[8], PEEL_VFMT_CSV, &b);
    assert_string_equal(peel_buf_str(&b), "52.636900,-1.139800");
    peel_buf_release(&b);
    peel_record_free(r);
}

static void expect_error(const char *field, const char *text, const char *msg_part)
{
    peel_record *r = peel_record_new(&widget);
    peel_fielderrs fe = {0};
    assert_int_equal(peel_crud_assign(r, field, text, strlen(text), false, &fe), -1);
    assert_int_equal(fe.n, 1);
    assert_string_equal(fe.e[0].field, field);
    if (!strstr(fe.e[0].msg, msg_part))
        fail_msg("'%s' not in '%s'", msg_part, fe.e[0].msg);
    peel_record_free(r);
}

static void test_parse_errors_name_the_field(void **state)
{
    (void)state;
    expect_error("count", "4x", "not a whole number");
    expect_error("cost", "12.345", "12.345");
    expect_error("on", "2023-02-30", "2023-02-30");
    expect_error("month", "2023-13", "2023-13");
    expect_error("year", "2023-25", "2023-25");
    expect_error("colour", "blue", "'blue' is not one of: red, amber, green");
    expect_error("ok", "maybe", "not yes or no");
    expect_error("at", "91,0", "latitude");
    expect_error("name", "a name that is far too long for it", "at most 20");
    expect_error("name", "bad\xff", "UTF-8");
}

/* A NUL inside a value (a form's %00, a CSV cell, a JSON "\u0000") would cut
 * the stored text short unseen: refused, naming the field and the byte. */
static void test_nul_is_refused(void **state)
{
    (void)state;
    peel_record *r = peel_record_new(&widget);
    peel_fielderrs fe = {0};
    assert_int_equal(peel_crud_assign(r, "name", "ab\0cd", 5, false, &fe), -1);
    assert_int_equal(fe.n, 1);
    assert_string_equal(fe.e[0].field, "name");
    assert_non_null(strstr(fe.e[0].msg, "NUL character at byte 3"));
    peel_record_free(r);
}

static void test_validate(void **state)
{
    (void)state;
    const char *kv[] = {"count", "101", "on", "2023-07-26", "until", "2023-07-01", NULL};
    peel_record *r = make(kv);
    peel_fielderrs fe = {0};
    peel_record_validate(r, &fe);
    assert_int_equal(fe.n, 3);
    assert_string_equal(fe.e[0].field, "name");
    assert_string_equal(fe.e[1].field, "count");
    assert_string_equal(fe.e[2].field, "until");
    peel_record_free(r);
}

static void test_crud_and_audit(void **state)
{
    fixture *f = *state;
    peel_err err = PEEL_ERR_INIT;
    peel_fielderrs fe = {0};
    const char *kv[] = {"name",   "Gadget", "cost", "19338",     "on", "2023-07-26",
                        "colour", "red",    "at",   "52.6,-1.1", NULL};
    peel_record *r = make(kv), *back = NULL;
    bool changed;

    assert_int_equal(peel_crud_create(f->s, "tester", r, &fe, &err), 0);
    assert_true(r->id > 0);
    assert_int_equal(peel_store_get(f->s, &widget, r->id, &back, &err), 0);
    for (size_t i = 0; i < widget.nfields; i++)
        assert_true(peel_value_equal(&widget_fields[i], &r->v[i], &back->v[i]));
    assert_string_equal(back->created_at, "2023-10-09T13:00:00Z");

    /* Money is stored as integer pence, dates as ISO text. */
    sqlite3 *db = peel_store_sqlite_db(f->s);
    sqlite3_stmt *st;
    assert_int_equal(
        sqlite3_prepare_v2(db, "SELECT cost, typeof(cost), \"on\" FROM widget", -1, &st, NULL),
        SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int64(st, 0), 1933800);
    assert_string_equal((const char *)sqlite3_column_text(st, 1), "integer");
    assert_string_equal((const char *)sqlite3_column_text(st, 2), "2023-07-26");
    sqlite3_finalize(st);

    peel_crud_assign(back, "cost", "20000.50", 8, false, &fe);
    assert_int_equal(peel_crud_update(f->s, "tester", back, &fe, &changed, &err), 0);
    assert_true(changed);
    assert_int_equal(peel_crud_update(f->s, "tester", back, &fe, &changed, &err), 0);
    assert_false(changed);

    assert_int_equal(sqlite3_prepare_v2(db,
                                        "SELECT field, old_value, new_value FROM peel_audit "
                                        "WHERE action = 'update'",
                                        -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "cost");
    assert_string_equal((const char *)sqlite3_column_text(st, 1), "19338.00");
    assert_string_equal((const char *)sqlite3_column_text(st, 2), "20000.50");
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);

    /* Unique key. */
    peel_record *dup = make(kv);
    peel_fielderrs fe2 = {0};
    peel_err err2 = PEEL_ERR_INIT;
    assert_int_equal(peel_crud_create(f->s, "tester", dup, &fe2, &err2), -1);
    assert_string_equal(fe2.e[0].field, "name");
    assert_int_equal(err2.code, PEEL_EINPUT);

    assert_int_equal(peel_crud_delete(f->s, "tester", &widget, r->id, &err), 0);
    peel_err err3 = PEEL_ERR_INIT;
    assert_int_equal(peel_crud_delete(f->s, "tester", &widget, r->id, &err3), -1);
    assert_int_equal(err3.code, PEEL_ENOTFOUND);

    peel_record_free(dup);
    peel_record_free(back);
    peel_record_free(r);
}

static int count_widgets(fixture *f)
{
    peel_query q = {.type = &widget};
    int64_t n = -1;
    peel_err err = PEEL_ERR_INIT;
    assert_int_equal(peel_store_count(f->s, &q, &n, &err), 0);
    return (int)n;
}

static void import_expect(fixture *f, const char *csv, const char *part)
{
    peel_import_result res;
    peel_err err = PEEL_ERR_INIT;
    int before = count_widgets(f);

    assert_int_equal(peel_store_begin(f->s, &err), 0);
    int rc = peel_csvio_import_mem(f->s, "t", &widget, csv, strlen(csv), "w.csv", &res, &err);
    if (rc == 0) {
        peel_store_commit(f->s, &err);
        peel_buf_release(&res.errors);
        fail_msg("import of bad CSV succeeded: expected '%s'", part);
    }
    peel_store_rollback(f->s);
    if (!strstr(peel_buf_str(&res.errors), part))
        fail_msg("'%s' not in:\n%s", part, peel_buf_str(&res.errors));
    assert_int_equal(count_widgets(f), before);
    peel_buf_release(&res.errors);
}

static void test_import_bad_values(void **state)
{
    fixture *f = *state;
    import_expect(f, "name,cost\nA,10.00\nB,\"£1,00.00\"\n", "row 2 (line 3), column 2 (cost)");
    /* dates as people type them import (26/07/2023, 26 July 2023); others do not */
    import_expect(f, "name,on\nA,2023-07-26\nB,26.07.2023\n", "row 2 (line 3), column 2 (on)");
    import_expect(f, "name,month\nA,2023-7\n", "column 2 (month)");
    import_expect(f, "name,on,until\nA,2023-07-26,2023-07-01\n", "(until): must not be before");
}

static void test_import_and_export_round_trip(void **state)
{
    fixture *f = *state;
    peel_import_result res;
    peel_err err = PEEL_ERR_INIT;
    const char *csv = "name,cost,on,colour,notes,classification\r\n"
                      "A,\"£9,941.25\",2023-07-26,green,\"line one\nline two\",OFFICIAL\r\n"
                      "B,7500,2023-08-01,red,secret words,OFFICIAL-SENSITIVE\r\n";

    assert_int_equal(
        peel_csvio_import_mem(f->s, "t", &widget, csv, strlen(csv), "w.csv", &res, &err), 0);
    assert_int_equal(res.created, 2);
    peel_buf_release(&res.errors);

    char *out = NULL;
    size_t outn = 0;
    FILE *mem = open_memstream(&out, &outn);
    peel_export_opts o = {.reader = peel_reader_of(PEEL_ROLE_ADMIN)};
    assert_int_equal(peel_csvio_export(f->s, &widget, &o, mem, &err), 0);
    fclose(mem);
    /* Sensitive record B is withheld, and A's sensitive notes field too. */
    assert_int_equal(o.withheld, 2);
    assert_null(strstr(out, "secret words"));
    assert_null(strstr(out, "line one"));
    assert_non_null(strstr(out, "A,,9941.25,,2023-07-26"));
    free(out);

    /* Re-importing the same file changes nothing. */
    assert_int_equal(
        peel_csvio_import_mem(f->s, "t", &widget, csv, strlen(csv), "w.csv", &res, &err), 0);
    assert_int_equal(res.unchanged, 2);
    assert_int_equal(res.created + res.updated, 0);
    peel_buf_release(&res.errors);
}

/* Labels for people come from the declaration; an unknown value, a field
 * without labels and a field that is not an enum give the value back. */
static void test_enum_label(void **state)
{
    const peel_type *area = peel_type_find("area");
    (void)state;
    assert_non_null(area);
    assert_string_equal(peel_enum_label(area, "kind", "npa"), "Neighbourhood policing area");
    assert_string_equal(peel_enum_label(area, "kind", "no-such-kind"), "no-such-kind");
    assert_string_equal(peel_enum_label(area, "name", "npa"), "npa");
    assert_string_equal(peel_enum_label(area, "no_such_field", "x"), "x");
    assert_null(peel_enum_label(area, "kind", NULL));
}

static void test_json(void **state)
{
    (void)state;
    const char *kv[] = {"name", "J", "cost", "1.50", "ok", "no", "notes", "private", NULL};
    peel_record *r = make(kv);
    json_t *j = peel_json_record(r, false);
    assert_int_equal(json_integer_value(json_object_get(j, "cost")), 150);
    assert_true(json_is_false(json_object_get(j, "ok")));
    assert_null(json_object_get(j, "notes"));
    json_decref(j);

    peel_record *r2 = peel_record_new(&widget);
    peel_fielderrs fe = {0};
    json_error_t je;
    json_t *in =
        json_loads("{\"name\":\"K\",\"cost\":250,\"colour\":\"purple\",\"bogus\":1}", 0, &je);
    assert_int_equal(peel_json_assign(r2, in, &fe), -1);
    assert_int_equal(fe.n, 2);
    assert_int_equal(r2->v[2].i, 250);
    json_decref(in);
    peel_record_free(r2);
    peel_record_free(r);
}

int main(void)
{
    peel_test_app_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_each_kind),
        cmocka_unit_test(test_parse_errors_name_the_field),
        cmocka_unit_test(test_nul_is_refused),
        cmocka_unit_test(test_validate),
        cmocka_unit_test_setup_teardown(test_crud_and_audit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import_bad_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_import_and_export_round_trip, setup, teardown),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_enum_label),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
