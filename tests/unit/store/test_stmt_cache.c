/* test_stmt_cache.c - the SQLite store's prepared-statement cache: the same
 * answers with and without it (and against counts worked out here from the
 * rows the test wrote), eviction of the least recently used statement, no
 * binding or open read surviving a call, a nested call for the statement a
 * caller is still stepping, transactions, and migrations finalizing every
 * cached statement. */
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

#include "core/date.h"
#include "store/sqlite/sqlite.h"
#include "unit/app_init.h"

#define NROWS 30

/* clang-format off */
static const peel_field gadget_fields[] = {
    {.name = "name", .label = "Name", .type = PEEL_F_TEXT, .flags = PEEL_REQUIRED | PEEL_UNIQUE},
    {.name = "n", .label = "N", .type = PEEL_F_INT},
    {.name = "on", .label = "On", .type = PEEL_F_DATE},
    {.name = "note", .label = "Note", .type = PEEL_F_TEXT},
};
/* clang-format on */
/* clang-format off */
static const peel_type gadget = {
    .name = "gadget",
    .label = "Gadget",
    .plural = "Gadgets",
    .fields = gadget_fields,
    .nfields = PEEL_NFIELDS(gadget_fields),
    .key = "name",
    .title = "name",
};
/* clang-format on */

/* The same table, declared later with one more field (a schema change). */
/* clang-format off */
static const peel_field gadget2_fields[] = {
    {.name = "name", .label = "Name", .type = PEEL_F_TEXT, .flags = PEEL_REQUIRED | PEEL_UNIQUE},
    {.name = "n", .label = "N", .type = PEEL_F_INT},
    {.name = "on", .label = "On", .type = PEEL_F_DATE},
    {.name = "note", .label = "Note", .type = PEEL_F_TEXT},
    {.name = "colour", .label = "Colour", .type = PEEL_F_TEXT},
};
/* clang-format on */
/* clang-format off */
static const peel_type gadget2 = {
    .name = "gadget",
    .label = "Gadget",
    .plural = "Gadgets",
    .fields = gadget2_fields,
    .nfields = PEEL_NFIELDS(gadget2_fields),
    .key = "name",
    .title = "name",
};
/* clang-format on */

/* Row i as the test writes it: n = 7i mod 10; a date on even rows; a note on
 * every third row. */
static int row_n(int i)
{
    return (7 * i) % 10;
}
static bool row_has_date(int i)
{
    return i % 2 == 0;
}
static bool row_has_note(int i)
{
    return i % 3 == 0;
}

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
    assert_int_equal(peel_store_ensure_type(f->s, &gadget, &err), 0);
    assert_int_equal(peel_store_begin(f->s, &err), 0);
    for (int i = 1; i <= NROWS; i++) {
        peel_record *r = peel_record_new(&gadget);
        char name[16], note[16];
        snprintf(name, sizeof name, "g%02d", i);
        snprintf(note, sizeof note, "note %d", i);
        r->v[0] = (peel_value){.set = true, .s = strdup(name)};
        r->v[1] = (peel_value){.set = true, .i = row_n(i)};
        if (row_has_date(i))
            r->v[2] = (peel_value){.set = true, .i = peel_date_from_ymd(2023, 1, 1) + i};
        if (row_has_note(i))
            r->v[3] = (peel_value){.set = true, .s = strdup(note)};
        assert_int_equal(peel_store_insert(f->s, r, &err), 0);
        assert_int_equal(r->id, i);
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
    peel_test_db_remove(f->dir, f->path);
    free(f);
    return 0;
}

/* Statements of the connection that are mid-step (holding a read). */
static int busy_statements(peel_store *s)
{
    int n = 0;
    for (sqlite3_stmt *st = sqlite3_next_stmt(peel_store_sqlite_db(s), NULL); st;
         st = sqlite3_next_stmt(peel_store_sqlite_db(s), st))
        n += sqlite3_stmt_busy(st) != 0;
    return n;
}

static int live_statements(peel_store *s)
{
    int n = 0;
    for (sqlite3_stmt *st = sqlite3_next_stmt(peel_store_sqlite_db(s), NULL); st;
         st = sqlite3_next_stmt(peel_store_sqlite_db(s), st))
        n++;
    return n;
}

static int append_row(void *ctx, const peel_record *r, peel_err *err)
{
    peel_buf *b = ctx;
    (void)err;
    peel_buf_printf(b, "%lld|%s|%lld|", (long long)r->id, r->v[0].s, (long long)r->v[1].i);
    if (r->v[2].set)
        peel_buf_printf(b, "%lld", (long long)r->v[2].i);
    peel_buf_printf(b, "|%s;", r->v[3].set ? r->v[3].s : "-");
    return 0;
}

/* Runs a fixed set of queries and writes every answer into out. */
static void run_queries(peel_store *s, peel_buf *out)
{
    peel_err err = PEEL_ERR_INIT;
    peel_filter eq3 = {.field = &gadget_fields[1], .op = PEEL_OP_EQ, .v = {.set = true, .i = 3}};
    peel_filter ge5 = {.field = &gadget_fields[1], .op = PEEL_OP_GE, .v = {.set = true, .i = 5}};
    peel_filter has1 = {
        .field = &gadget_fields[3], .op = PEEL_OP_CONTAINS, .v = {.set = true, .s = "1"}};
    peel_filter nodate = {.field = &gadget_fields[2], .op = PEEL_OP_NULL};
    peel_query qs[] = {
        {.type = &gadget},
        {.type = &gadget, .filters = &eq3, .nfilters = 1},
        {.type = &gadget,
         .filters = &ge5,
         .nfilters = 1,
         .order = &gadget_fields[0],
         .desc = true,
         .limit = 5,
         .offset = 2},
        {.type = &gadget, .filters = &has1, .nfilters = 1},
        {.type = &gadget, .filters = &nodate, .nfilters = 1, .order = &gadget_fields[1]},
    };
    for (int round = 0; round < 3; round++) {
        for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
            int64_t n = -1;
            assert_int_equal(peel_store_select(s, &qs[i], append_row, out, &err), 0);
            assert_int_equal(peel_store_count(s, &qs[i], &n, &err), 0);
            peel_buf_printf(out, "#%lld\n", (long long)n);
        }
        for (int64_t id = 1; id <= NROWS; id += 7) {
            peel_record *r = NULL;
            assert_int_equal(peel_store_get(s, &gadget, id, &r, &err), 0);
            append_row(out, r, &err);
            peel_record_free(r);
        }
        peel_record *none = NULL;
        assert_int_equal(peel_store_get(s, &gadget, 999, &none, &err), -1);
        assert_int_equal(err.code, PEEL_ENOTFOUND);
        err = (peel_err)PEEL_ERR_INIT;
        peel_value key = {.set = true, .s = "g17"};
        int64_t id = 0;
        assert_int_equal(peel_store_find(s, &gadget, &gadget_fields[0], &key, &id, &err), 1);
        assert_int_equal(id, 17);
    }
    assert_false(out->failed);
}

static int64_t count_where(peel_store *s, const peel_filter *fl)
{
    peel_err err = PEEL_ERR_INIT;
    peel_query q = {.type = &gadget, .filters = fl, .nfilters = 1};
    int64_t n = -1;
    assert_int_equal(peel_store_count(s, &q, &n, &err), 0);
    return n;
}

static void test_same_answers_with_and_without(void **state)
{
    fixture *f = *state;
    peel_buf with = PEEL_BUF_INIT, without = PEEL_BUF_INIT;
    peel_stmt_cache_stats st;

    peel_store_sqlite_cache_size(f->s, 0);
    run_queries(f->s, &without);
    peel_store_sqlite_cache_stats(f->s, &st);
    assert_int_equal(st.cached, 0);

    peel_store_sqlite_cache_size(f->s, PEEL_STMT_CACHE_DEFAULT);
    peel_stmt_cache_stats before;
    peel_store_sqlite_cache_stats(f->s, &before);
    run_queries(f->s, &with);
    peel_store_sqlite_cache_stats(f->s, &st);
    assert_string_equal(peel_buf_str(&with), peel_buf_str(&without));
    /* Rounds two and three prepare nothing new. */
    assert_true(st.cached > 0);
    assert_true(st.hits - before.hits > 2 * (st.misses - before.misses));
    assert_int_equal(busy_statements(f->s), 0);

    /* The answers themselves, counted here from how the rows were written. */
    int eq3 = 0, ge5 = 0, nodate = 0, has1 = 0;
    for (int i = 1; i <= NROWS; i++) {
        char note[16];
        snprintf(note, sizeof note, "note %d", i);
        eq3 += row_n(i) == 3;
        ge5 += row_n(i) >= 5;
        nodate += !row_has_date(i);
        has1 += row_has_note(i) && strchr(note + 5, '1') != NULL;
    }
    peel_filter fl = {.field = &gadget_fields[1], .op = PEEL_OP_EQ, .v = {.set = true, .i = 3}};
    assert_int_equal(count_where(f->s, &fl), eq3);
    fl.op = PEEL_OP_GE;
    fl.v.i = 5;
    assert_int_equal(count_where(f->s, &fl), ge5);
    fl = (peel_filter){.field = &gadget_fields[2], .op = PEEL_OP_NULL};
    assert_int_equal(count_where(f->s, &fl), nodate);
    fl = (peel_filter){
        .field = &gadget_fields[3], .op = PEEL_OP_CONTAINS, .v = {.set = true, .s = "1"}};
    assert_int_equal(count_where(f->s, &fl), has1);
    peel_buf_release(&with);
    peel_buf_release(&without);
}

static void test_eviction_lru(void **state)
{
    fixture *f = *state;
    peel_err err = PEEL_ERR_INIT;
    peel_stmt_cache_stats a, b;
    sqlite3_stmt *st;
    const char *q1 = "SELECT 1", *q2 = "SELECT 2", *q3 = "SELECT 3";

    peel_store_sqlite_cache_size(f->s, 2);
    peel_store_sqlite_cache_stats(f->s, &a);
    assert_int_equal(a.cached, 0);
    const char *seq[] = {q1, q2, q1, q3, q1, q2};
    /* q1 q2 miss; q1 hit; q3 evicts q2 (least recently used); q1 hit; q2
     * misses again and evicts q3. */
    for (size_t i = 0; i < 6; i++) {
        assert_int_equal(peel_store_sqlite_prepare(f->s, seq[i], &st, &err), 0);
        assert_int_equal(sqlite3_step(st), SQLITE_ROW);
        assert_int_equal(sqlite3_column_int(st, 0), seq[i][7] - '0');
        peel_store_sqlite_release(f->s, st);
    }
    peel_store_sqlite_cache_stats(f->s, &b);
    assert_int_equal(b.misses - a.misses, 4);
    assert_int_equal(b.hits - a.hits, 2);
    assert_int_equal(b.evictions - a.evictions, 2);
    assert_int_equal(b.cached, 2);
    assert_int_equal(live_statements(f->s), 2);

    /* A store query through a cache of two still answers rightly. */
    peel_buf with = PEEL_BUF_INIT, without = PEEL_BUF_INIT;
    run_queries(f->s, &with);
    peel_store_sqlite_cache_size(f->s, 0);
    assert_int_equal(live_statements(f->s), 0);
    run_queries(f->s, &without);
    assert_string_equal(peel_buf_str(&with), peel_buf_str(&without));
    assert_int_equal(live_statements(f->s), 0);
    peel_buf_release(&with);
    peel_buf_release(&without);
}

static void test_bindings_cleared_and_reset(void **state)
{
    fixture *f = *state;
    peel_err err = PEEL_ERR_INIT;
    sqlite3_stmt *st, *again;
    const char *sql = "SELECT ?1 IS NULL, count(*) FROM gadget WHERE n = ?1";

    assert_int_equal(peel_store_sqlite_prepare(f->s, sql, &st, &err), 0);
    sqlite3_bind_int(st, 1, 3);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 0);
    assert_true(sqlite3_column_int(st, 1) > 0);
    /* Released mid-result: reset, so no read is left open. */
    peel_store_sqlite_release(f->s, st);
    assert_int_equal(sqlite3_stmt_busy(st), 0);
    assert_int_equal(busy_statements(f->s), 0);

    assert_int_equal(peel_store_sqlite_prepare(f->s, sql, &again, &err), 0);
    assert_ptr_equal(again, st); /* the cached one */
    assert_int_equal(sqlite3_step(again), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(again, 0), 1); /* the 3 did not stay bound */
    assert_int_equal(sqlite3_column_int(again, 1), 0);
    peel_store_sqlite_release(f->s, again);

    /* Through the store: a filtered count, then an unfiltered one of another
     * shape, then the filtered one with another value. */
    peel_filter fl = {.field = &gadget_fields[1], .op = PEEL_OP_EQ, .v = {.set = true, .i = 3}};
    int64_t three = count_where(f->s, &fl);
    fl.v.i = 4;
    int64_t four = count_where(f->s, &fl);
    int exp3 = 0, exp4 = 0;
    for (int i = 1; i <= NROWS; i++) {
        exp3 += row_n(i) == 3;
        exp4 += row_n(i) == 4;
    }
    assert_int_equal(three, exp3);
    assert_int_equal(four, exp4);

    /* An open read would keep another connection's write from being seen. */
    peel_store *other = NULL;
    assert_int_equal(peel_store_open(f->path, false, &other, &err), 0);
    peel_record *r = peel_record_new(&gadget);
    r->v[0] = (peel_value){.set = true, .s = strdup("late")};
    r->v[1] = (peel_value){.set = true, .i = 3};
    assert_int_equal(peel_store_insert(other, r, &err), 0);
    peel_record_free(r);
    peel_store_close(other);
    fl.v.i = 3;
    assert_int_equal(count_where(f->s, &fl), exp3 + 1);
}

typedef struct nested {
    peel_store *s;
    int rows;
    int64_t inner_n;
} nested;

static int nested_get(void *ctx, const peel_record *r, peel_err *err)
{
    nested *nx = ctx;
    peel_record *again = NULL;
    /* The same statement the caller is stepping (a get by id). */
    if (peel_store_get(nx->s, &gadget, r->id, &again, err) < 0)
        return -1;
    nx->inner_n = again->v[1].i;
    assert_string_equal(again->v[0].s, r->v[0].s);
    peel_record_free(again);
    nx->rows++;
    return 0;
}

static void test_nested_same_statement(void **state)
{
    fixture *f = *state;
    peel_err err = PEEL_ERR_INIT;
    peel_filter fl = {.field = NULL, .op = PEEL_OP_EQ, .v = {.set = true, .i = 12}};
    peel_query q = {.type = &gadget, .filters = &fl, .nfilters = 1};
    nested nx = {.s = f->s};

    for (int k = 0; k < 3; k++) {
        nx.rows = 0;
        assert_int_equal(peel_store_select(f->s, &q, nested_get, &nx, &err), 0);
        assert_int_equal(nx.rows, 1);
        assert_int_equal(nx.inner_n, row_n(12));
    }
    assert_int_equal(busy_statements(f->s), 0);
}

static void test_transactions(void **state)
{
    fixture *f = *state;
    peel_err err = PEEL_ERR_INIT;
    peel_query all = {.type = &gadget};
    int64_t n = 0;

    for (int k = 0; k < 3; k++) {
        assert_int_equal(peel_store_begin(f->s, &err), 0);
        peel_record *r = peel_record_new(&gadget);
        r->v[0] = (peel_value){.set = true, .s = strdup("temporary")};
        assert_int_equal(peel_store_insert(f->s, r, &err), 0);
        peel_record_free(r);
        assert_int_equal(peel_store_count(f->s, &all, &n, &err), 0);
        assert_int_equal(n, NROWS + 1);
        peel_store_rollback(f->s);
        assert_true(sqlite3_get_autocommit(peel_store_sqlite_db(f->s)));
        assert_int_equal(peel_store_count(f->s, &all, &n, &err), 0);
        assert_int_equal(n, NROWS);
    }
    /* A failed insert (the unique name) leaves the statement usable. */
    assert_int_equal(peel_store_begin(f->s, &err), 0);
    peel_record *dup = peel_record_new(&gadget);
    dup->v[0] = (peel_value){.set = true, .s = strdup("g01")};
    assert_int_equal(peel_store_insert(f->s, dup, &err), -1);
    assert_int_equal(err.code, PEEL_EINPUT);
    err = (peel_err)PEEL_ERR_INIT;
    free(dup->v[0].s);
    dup->v[0].s = strdup("g31");
    assert_int_equal(peel_store_insert(f->s, dup, &err), 0);
    peel_record_free(dup);
    assert_int_equal(peel_store_commit(f->s, &err), 0);
    assert_int_equal(peel_store_count(f->s, &all, &n, &err), 0);
    assert_int_equal(n, NROWS + 1);
    assert_int_equal(busy_statements(f->s), 0);
}

static void test_migrate_finalizes(void **state)
{
    fixture *f = *state;
    peel_err err = PEEL_ERR_INIT;
    peel_stmt_cache_stats st;
    peel_buf b = PEEL_BUF_INIT;

    run_queries(f->s, &b);
    peel_store_sqlite_cache_stats(f->s, &st);
    assert_true(st.cached > 0);
    assert_true(live_statements(f->s) > 0);

    /* The declaration gains a column: every cached statement goes. */
    assert_int_equal(peel_store_ensure_type(f->s, &gadget2, &err), 0);
    peel_store_sqlite_cache_stats(f->s, &st);
    assert_int_equal(st.cached, 0);
    assert_int_equal(live_statements(f->s), 0);

    /* The new shape reads the new column; the old one still works. */
    peel_record *r = NULL;
    assert_int_equal(peel_store_get(f->s, &gadget2, 5, &r, &err), 0);
    assert_false(r->v[4].set);
    r->v[4] = (peel_value){.set = true, .s = strdup("teal")};
    assert_int_equal(peel_store_update(f->s, r, &err), 0);
    peel_record_free(r);
    assert_int_equal(peel_store_get(f->s, &gadget2, 5, &r, &err), 0);
    assert_string_equal(r->v[4].s, "teal");
    peel_record_free(r);
    peel_buf after = PEEL_BUF_INIT;
    run_queries(f->s, &after);
    assert_string_equal(peel_buf_str(&after), peel_buf_str(&b));

    /* peel_store_migrate (not a dry run) empties the cache too. */
    assert_true(peel_store_migrate(f->s, false, &err) >= 0);
    peel_store_sqlite_cache_stats(f->s, &st);
    assert_int_equal(st.cached, 0);
    peel_buf_release(&b);
    peel_buf_release(&after);
}

static void test_flush_while_in_use(void **state)
{
    fixture *f = *state;
    peel_err err = PEEL_ERR_INIT;
    sqlite3_stmt *st;

    assert_int_equal(peel_store_sqlite_prepare(f->s, "SELECT name FROM gadget", &st, &err), 0);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    /* Flushed while a caller steps it: it lives on until released. */
    peel_store_sqlite_cache_size(f->s, PEEL_STMT_CACHE_DEFAULT);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(st, 0), "g02");
    peel_store_sqlite_release(f->s, st);
    assert_int_equal(live_statements(f->s), 0);
    /* And the cache works as before. */
    assert_int_equal(peel_store_sqlite_prepare(f->s, "SELECT name FROM gadget", &st, &err), 0);
    peel_store_sqlite_release(f->s, st);
    assert_int_equal(live_statements(f->s), 1);
}

static int append_id(void *ctx, const peel_record *r, peel_err *err)
{
    peel_buf *b = ctx;
    (void)err;
    return peel_buf_printf(b, "%lld,", (long long)r->id) < 0 ? -1 : 0;
}

static void test_pages_share_a_statement(void **state)
{
    fixture *f = *state;
    peel_err err = PEEL_ERR_INIT;
    peel_stmt_cache_stats a, b;
    peel_query q = {.type = &gadget, .limit = 4};

    peel_store_sqlite_cache_stats(f->s, &a);
    for (int64_t page = 0; page < 8; page++) {
        peel_buf got = PEEL_BUF_INIT, want = PEEL_BUF_INIT;
        q.offset = page * 4;
        assert_int_equal(peel_store_select(f->s, &q, append_id, &got, &err), 0);
        for (int64_t id = page * 4 + 1; id <= page * 4 + 4 && id <= NROWS; id++)
            peel_buf_printf(&want, "%lld,", (long long)id);
        assert_string_equal(peel_buf_str(&got), peel_buf_str(&want));
        peel_buf_release(&got);
        peel_buf_release(&want);
    }
    peel_store_sqlite_cache_stats(f->s, &b);
    assert_int_equal(b.misses - a.misses, 1); /* eight pages, one statement */
    assert_int_equal(b.hits - a.hits, 7);

    /* No limit after a limited query: every row, not the last page's four. */
    peel_buf all = PEEL_BUF_INIT;
    q.limit = 0;
    q.offset = 0;
    assert_int_equal(peel_store_select(f->s, &q, append_id, &all, &err), 0);
    int commas = 0;
    for (const char *p = peel_buf_str(&all); *p; p++)
        commas += *p == ',';
    assert_int_equal(commas, NROWS);
    peel_buf_release(&all);
}

static void test_many_filters(void **state)
{
    fixture *f = *state;
    peel_err err = PEEL_ERR_INIT;
    peel_filter fl[20];
    peel_buf with = PEEL_BUF_INIT, without = PEEL_BUF_INIT;

    /* More filters than a shape holds: keyed by the SQL text instead.  Ids
     * 3..22 except the ones excluded one by one below. */
    for (int i = 0; i < 20; i++)
        fl[i] = (peel_filter){.field = NULL, .op = PEEL_OP_NE, .v = {.set = true, .i = i + 5}};
    fl[18] = (peel_filter){.field = NULL, .op = PEEL_OP_GE, .v = {.set = true, .i = 3}};
    fl[19] = (peel_filter){.field = NULL, .op = PEEL_OP_LE, .v = {.set = true, .i = 22}};
    peel_query q = {.type = &gadget, .filters = fl, .nfilters = 20};
    for (int k = 0; k < 2; k++)
        assert_int_equal(peel_store_select(f->s, &q, append_id, &with, &err), 0);
    peel_store_sqlite_cache_size(f->s, 0);
    for (int k = 0; k < 2; k++)
        assert_int_equal(peel_store_select(f->s, &q, append_id, &without, &err), 0);
    assert_string_equal(peel_buf_str(&with), peel_buf_str(&without));
    /* 3, 4 (5..22 are excluded by fl[0..17]) */
    assert_string_equal(peel_buf_str(&with), "3,4,3,4,");
    peel_buf_release(&with);
    peel_buf_release(&without);
}

int main(void)
{
    peel_test_app_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_same_answers_with_and_without, setup, teardown),
        cmocka_unit_test_setup_teardown(test_eviction_lru, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bindings_cleared_and_reset, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nested_same_statement, setup, teardown),
        cmocka_unit_test_setup_teardown(test_transactions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_migrate_finalizes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flush_while_in_use, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pages_share_a_statement, setup, teardown),
        cmocka_unit_test_setup_teardown(test_many_filters, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
