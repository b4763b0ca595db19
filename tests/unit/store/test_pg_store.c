/* test_pg_store.c - store.h on a real PostgreSQL server, through the
 * interface only: the cases every backend passes alike (store_cases.h),
 * then records written, read, changed and deleted; selects with filters,
 * orders and pages; an integrity violation naming its field; a reference
 * that keeps its record; the audit trail listed, forgotten and checked;
 * meta; the change count; attachments' files kept in the database; the
 * search index, and its rows added in a transaction; and what the backend
 * cannot yet do.
 *
 * The server is pg_server.h's: each case has a fresh database, and without
 * PostgreSQL the test is skipped (exit 77).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "unit/app_init.h"
#include "unit/store/pg_server.h"
#include "unit/store/store_cases.h"

#include "store/backend.h" /* peel_store_can */
#include "store/crime_db.h"
#include "store/docs_db.h"
#include "store/lifecycle_db.h"

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

/* ---- records ---- */

static void test_records(void **state)
{
    fixture *f = *state;
    peel_err err = PEEL_ERR_INIT;
    peel_record *r = widget_row(77), *got = NULL;
    peel_value key = {.set = true, .s = "w77"};
    int64_t id = 0;

    assert_int_equal(peel_store_begin(f->s, &err), 0);
    assert_int_equal(peel_store_insert(f->s, r, &err), 0);
    assert_int_equal(r->id, NROWS + 1); /* one more than the largest, as SQLite */
    assert_int_equal(peel_store_commit(f->s, &err), 0);
    assert_true(r->created_at[0] != '\0');

    assert_int_equal(peel_store_get(f->s, &widget, r->id, &got, &err), 0);
    assert_string_equal(got->v[F_NAME].s, "w77");
    assert_string_equal(got->v[F_COLOUR].s, row_colour(77));
    assert_int_equal(got->v[F_N].i, row_n(77));
    assert_int_equal(got->v[F_COST].i, 7700);
    assert_false(got->v[F_ON].set);
    assert_true(got->v[F_AT].set);
    assert_true(got->v[F_AT].lat == 52.6 && got->v[F_AT].lon == -1.1);
    assert_string_equal(got->created_at, r->created_at);
    peel_record_free(got);

    assert_int_equal(peel_store_find(f->s, &widget, &widget.fields[F_NAME], &key, &id, &err), 1);
    assert_int_equal(id, r->id);
    key.s = "nobody";
    assert_int_equal(peel_store_find(f->s, &widget, &widget.fields[F_NAME], &key, &id, &err), 0);

    /* changed: a field unset, another set */
    peel_value_clear(&r->v[F_COLOUR]);
    r->v[F_ON] = (peel_value){.set = true, .i = peel_date_from_ymd(2025, 3, 31)};
    assert_int_equal(peel_store_update(f->s, r, &err), 0);
    assert_int_equal(peel_store_get(f->s, &widget, r->id, &got, &err), 0);
    assert_false(got->v[F_COLOUR].set);
    assert_int_equal(got->v[F_ON].i, peel_date_from_ymd(2025, 3, 31));
    peel_record_free(got);

    assert_int_equal(peel_store_delete(f->s, &widget, r->id, &err), 0);
    assert_int_equal(peel_store_get(f->s, &widget, r->id, &got, &err), -1);
    assert_int_equal(err.code, PEEL_ENOTFOUND);
    err = (peel_err)PEEL_ERR_INIT;
    assert_int_equal(peel_store_delete(f->s, &widget, r->id, &err), -1);
    assert_int_equal(err.code, PEEL_ENOTFOUND);
    err = (peel_err)PEEL_ERR_INIT;
    assert_int_equal(peel_store_update(f->s, r, &err), -1);
    assert_int_equal(err.code, PEEL_ENOTFOUND);
    peel_record_free(r);
}

/* ---- selects ---- */

typedef struct names {
    char v[NROWS + 8][8];
    int n;
} names;

static int collect_name(void *ctx, const peel_record *r, peel_err *err)
{
    names *ns = ctx;
    (void)err;
    snprintf(ns->v[ns->n++], sizeof ns->v[0], "%s", r->v[F_NAME].s);
    return ns->n == NROWS + 8 ? 1 : 0;
}

static names select_names(peel_store *s, const peel_query *q)
{
    names ns = {.n = 0};
    peel_err err = PEEL_ERR_INIT;
    int64_t n = -1;
    assert_int_equal(peel_store_select(s, q, collect_name, &ns, &err), 0);
    assert_int_equal(peel_store_count(s, q, &n, &err), 0);
    if (q->limit == 0)
        assert_int_equal(n, ns.n);
    return ns;
}

static void test_select(void **state)
{
    fixture *f = *state;
    const peel_field *fl = widget.fields;
    names ns;

    /* by name, down, a page of five after two */
    peel_query q = {.type = &widget, .order = &fl[F_NAME], .desc = true, .limit = 5, .offset = 2};
    ns = select_names(f->s, &q);
    assert_int_equal(ns.n, 5);
    assert_string_equal(ns.v[0], "w38");
    assert_string_equal(ns.v[4], "w34");

    /* by colour, up: the unset ones first (by id), as SQLite sorts them */
    q = (peel_query){.type = &widget, .order = &fl[F_COLOUR]};
    ns = select_names(f->s, &q);
    assert_int_equal(ns.n, NROWS);
    assert_string_equal(ns.v[0], "w05");
    assert_string_equal(ns.v[7], "w40");
    assert_string_equal(ns.v[8], "w02"); /* "blue": i % 3 == 2 */
    /* down: the unset ones last */
    q.desc = true;
    ns = select_names(f->s, &q);
    assert_string_equal(ns.v[NROWS - 1], "w40");

    /* filters: n >= 2 and a cost, colour containing "RE" (red, green) */
    peel_filter filters[] = {
        {.field = &fl[F_N], .op = PEEL_OP_GE, .v = {.set = true, .i = 2}},
        {.field = &fl[F_COST], .op = PEEL_OP_NOTNULL},
        {.field = &fl[F_COLOUR], .op = PEEL_OP_CONTAINS, .v = {.set = true, .s = "RE"}},
    };
    int expect = 0;
    for (int i = 1; i <= NROWS; i++)
        expect +=
            row_n(i) >= 2 && row_has_cost(i) && row_colour(i) && strcmp(row_colour(i), "blue") != 0;
    q = (peel_query){.type = &widget, .filters = filters, .nfilters = 3};
    ns = select_names(f->s, &q);
    assert_int_equal(ns.n, expect);

    /* dates compared as dates, ids, unset values */
    peel_filter on[] = {
        {.field = &fl[F_ON], .op = PEEL_OP_GT, .v = {.set = true, .i = row_on(4)}},
        {.field = NULL, .op = PEEL_OP_LE, .v = {.set = true, .i = 20}},
    };
    q = (peel_query){.type = &widget, .filters = on, .nfilters = 2};
    ns = select_names(f->s, &q);
    assert_int_equal(ns.n, 5); /* 2, 6, 10, 14, 18 */
    assert_string_equal(ns.v[4], "w18");
    peel_filter unset[] = {{.field = &fl[F_COLOUR], .op = PEEL_OP_NULL}};
    q = (peel_query){.type = &widget, .filters = unset, .nfilters = 1};
    ns = select_names(f->s, &q);
    assert_int_equal(ns.n, NROWS / 5);
}

/* ---- references ---- */

/* clang-format off */
static const peel_field part_fields[] = {
    {.name = "label", .label = "Label", .type = PEEL_F_TEXT},
    {.name = "widget", .label = "Widget", .type = PEEL_F_REF, .ref_type = "widget"},
};
static const peel_type part = {
    .name = "part", .label = "Part", .plural = "Parts",
    .fields = part_fields, .nfields = PEEL_NFIELDS(part_fields),
};
/* clang-format on */

static void test_reference_keeps_record(void **state)
{
    fixture *f = *state;
    peel_err err = PEEL_ERR_INIT;
    peel_record *p = peel_record_new(&part);

    assert_int_equal(peel_store_ensure_type(f->s, &part, &err), 0);
    p->v[0] = (peel_value){.set = true, .s = strdup("bolt")};
    p->v[1] = (peel_value){.set = true, .i = 7};
    assert_int_equal(peel_store_insert(f->s, p, &err), 0);
    assert_int_equal(peel_store_delete(f->s, &widget, 7, &err), -1);
    assert_int_equal(err.code, PEEL_EINPUT);
    assert_non_null(strstr(err.msg, "referred to"));

    err = (peel_err)PEEL_ERR_INIT;
    p->v[1].i = 999; /* no such widget */
    assert_int_equal(peel_store_insert(f->s, p, &err), -1);
    assert_int_equal(err.code, PEEL_EINPUT);
    peel_record_free(p);
}

/* ---- audit, check, meta, changes ---- */

static int check_cb(void *ctx, const char *what, bool ok, const char *detail, peel_err *err)
{
    int *bad = ctx;
    (void)err;
    if (!ok)
        (*bad)++;
    if (!strcmp(what, "audit trail"))
        assert_non_null(strstr(detail, "none missing"));
    return 0;
}

/* One record's trail: each row's field and new value ("(none)": NULL). */
typedef struct trail {
    char field[4][16], new_value[4][16];
    int n;
} trail;

static int collect_trail(void *ctx, const peel_audit *a, peel_err *err)
{
    trail *t = ctx;
    (void)err;
    if (t->n < 4) {
        snprintf(t->field[t->n], sizeof t->field[0], "%s", a->field ? a->field : "(none)");
        snprintf(t->new_value[t->n], sizeof t->new_value[0], "%s",
                 a->new_value ? a->new_value : "(none)");
    }
    t->n++;
    return 0;
}

static void test_audit_and_check(void **state)
{
    fixture *f = *state;
    peel_err err = PEEL_ERR_INIT;
    trail sn = {.n = 0};
    int bad = 0;

    add_audit(f->s, 3, "update", "colour", "red", "green");
    /* a rolled-back row leaves no gap in the numbering */
    assert_int_equal(peel_store_begin(f->s, &err), 0);
    add_audit(f->s, 3, "update", "n", "1", "2");
    peel_store_rollback(f->s);
    add_audit(f->s, 3, "update", "cost", "1.00", "2.00");

    assert_int_equal(peel_store_audit_list(f->s, "widget", 3, collect_trail, &sn, &err), 0);
    assert_int_equal(sn.n, 2);
    assert_string_equal(sn.field[0], "colour");
    assert_string_equal(sn.new_value[0], "green");
    assert_int_equal(peel_store_audit_forget(f->s, "widget", 3, "colour", &err), 0);
    sn = (trail){.n = 0};
    assert_int_equal(peel_store_audit_list(f->s, "widget", 3, collect_trail, &sn, &err), 0);
    assert_int_equal(sn.n, 2);
    assert_string_equal(sn.new_value[0], "(none)");
    assert_string_equal(sn.field[1], "cost");
    assert_string_equal(sn.new_value[1], "2.00");

    assert_int_equal(peel_store_check(f->s, check_cb, &bad, &err), 0);
    assert_int_equal(bad, 0);
}

static void test_meta_and_changes(void **state)
{
    fixture *f = *state;
    peel_err err = PEEL_ERR_INIT;
    char v[32];
    uint64_t c1, c2, c3;
    bool complete = false;

    assert_int_equal(peel_store_meta_get(f->s, "demo_loaded", v, sizeof v, &err), 0);
    assert_int_equal(peel_store_meta_set(f->s, "demo_loaded", "1", &err), 0);
    assert_int_equal(peel_store_meta_set(f->s, "demo_loaded", "2", &err), 0);
    assert_int_equal(peel_store_meta_get(f->s, "demo_loaded", v, sizeof v, &err), 1);
    assert_string_equal(v, "2");

    assert_int_equal(peel_store_changes(f->s, &c1, &err), 0);
    assert_int_equal(peel_store_changes(f->s, &c2, &err), 0);
    assert_true(c1 > 0 && c2 == c1);
    insert_row(f->s, 300);
    assert_int_equal(peel_store_changes(f->s, &c3, &err), 0);
    assert_true(c3 > c2);
    /* the same number on another connection: the page cache keys its pages
     * by it, whichever worker reads */
    {
        peel_store *other = NULL;
        uint64_t c4, c5;
        assert_int_equal(peel_store_open(f->path, false, &other, &err), 0);
        assert_int_equal(peel_store_changes(other, &c4, &err), 0);
        assert_true(c4 == c3);
        insert_row(other, 301);
        assert_int_equal(peel_store_changes(f->s, &c5, &err), 0);
        assert_true(c5 > c3);
        assert_int_equal(peel_store_changes(other, &c4, &err), 0);
        assert_true(c4 == c5);
        /* a write rolled back is no change */
        assert_int_equal(peel_store_begin(other, &err), 0);
        peel_store_rollback(other);
        assert_int_equal(peel_store_changes(f->s, &c4, &err), 0);
        assert_true(c4 == c5);
        peel_store_close(other);
    }

    assert_int_equal(peel_store_checkpoint(f->s, &complete, &err), 0);
    assert_true(complete);
    assert_int_equal(peel_store_backup(f->s, "/tmp/never-written.db", &err), -1);
    assert_non_null(strstr(err.msg, "pg_dump"));
}

/* ---- the lifecycle history ---- */

typedef struct history {
    char row[6][48];
    int n;
} history;

static int collect_history(void *ctx, const peel_transition *t, peel_err *err)
{
    history *h = ctx;
    char date[11];
    (void)err;
    peel_date_format(t->date, date);
    if (h->n < 6)
        snprintf(h->row[h->n], sizeof h->row[0], "%lld %s>%s %s %s", (long long)t->record_id,
                 t->from, t->to, date, t->note);
    h->n++;
    return 0;
}

static void add_transition(peel_store *s, int64_t record, const char *from, const char *to,
                           peel_date date, int64_t want_id)
{
    peel_err err = PEEL_ERR_INIT;
    peel_transition t = {.type = "widget",
                         .record_id = record,
                         .from = (char *)from,
                         .to = (char *)to,
                         .date = date,
                         .user = "clerk",
                         .at = "2025-01-01T09:00:00Z"};
    int64_t id = 0;
    assert_int_equal(peel_lcdb_add(s, &t, &id, &err), 0);
    assert_int_equal(id, want_id);
}

static void test_lifecycle(void **state)
{
    fixture *f = *state;
    peel_err err = PEEL_ERR_INIT;
    peel_date d = peel_date_from_ymd(2025, 1, 10);
    history h = {.n = 0};

    assert_true(peel_store_migrate(f->s, false, &err) > 0);
    add_transition(f->s, 2, "open", "closed", d + 5, 1);
    add_transition(f->s, 1, "open", "on_hold", d + 3, 2);
    add_transition(f->s, 1, "on_hold", "open", d + 1, 3);

    /* every record's, in (record, date, id) order */
    assert_int_equal(peel_lcdb_list(f->s, "widget", 0, collect_history, &h, &err), 0);
    assert_int_equal(h.n, 3);
    assert_string_equal(h.row[0], "1 on_hold>open 2025-01-11 ");
    assert_string_equal(h.row[1], "1 open>on_hold 2025-01-13 ");
    assert_string_equal(h.row[2], "2 open>closed 2025-01-15 ");

    assert_int_equal(peel_lcdb_delete_record(f->s, "widget", 1, &err), 0);
    h = (history){.n = 0};
    assert_int_equal(peel_lcdb_list(f->s, "widget", 1, collect_history, &h, &err), 0);
    assert_int_equal(h.n, 0);
    assert_int_equal(peel_lcdb_list(f->s, "widget", 2, collect_history, &h, &err), 0);
    assert_int_equal(h.n, 1);
}

/* ---- attachments and the search index ---- */

static int count_attachment(void *ctx, const peel_attachment *a, peel_err *err)
{
    int *n = ctx;
    (void)err;
    assert_string_equal(a->format, "pdf");
    (*n)++;
    return 0;
}

static void test_attachments(void **state)
{
    fixture *f = *state;
    peel_err err = PEEL_ERR_INIT;
    char sha[65];
    peel_attachment a = {.type = "widget",
                         .record_id = 4,
                         .size = 1234,
                         .format = "pdf",
                         .title = "Minutes",
                         .kind = "minutes",
                         .date = "2025-02-01",
                         .filename = "minutes.pdf",
                         .added_at = "2025-02-02T10:00:00Z"};
    int64_t first, same = -1;
    int n = 0;

    memset(sha, 'a', 64);
    sha[64] = '\0';
    a.sha256 = sha;
    assert_true(peel_store_migrate(f->s, false, &err) > 0);
    assert_int_equal(peel_docs_attachment_add(f->s, &a, &err), 0);
    first = a.id;
    a.date = NULL; /* the same bytes again, undated: listed last */
    assert_int_equal(peel_docs_attachment_add(f->s, &a, &err), 0);
    assert_int_equal(a.id, first + 1);
    assert_int_equal(peel_docs_attachment_get(f->s, first, count_attachment, &n, &err), 1);
    assert_int_equal(peel_docs_attachment_get(f->s, 999, count_attachment, &n, &err), 0);
    assert_int_equal(peel_docs_attachment_list(f->s, "widget", 4, count_attachment, &n, &err), 0);
    assert_int_equal(n, 3);
    assert_int_equal(peel_docs_attachment_remove(f->s, first, &same, &err), 0);
    assert_int_equal(same, 1);
    assert_int_equal(peel_docs_attachment_forget(f->s, "widget", 4, &err), 0);
    n = 0;
    assert_int_equal(peel_docs_attachment_list(f->s, NULL, 0, count_attachment, &n, &err), 0);
    assert_int_equal(n, 0);
}

/* An attachment row for sha on record 4 (or record). */
static peel_attachment file_row(const char *sha, int64_t record)
{
    return (peel_attachment){.type = "widget",
                             .record_id = record,
                             .sha256 = sha,
                             .size = 6,
                             .format = "pdf",
                             .title = "Minutes",
                             .kind = "minutes",
                             .filename = "minutes.pdf",
                             .added_at = "2025-02-02T10:00:00Z"};
}

/* Whether bytes are kept under sha. */
static int kept(peel_store *s, const char *sha)
{
    peel_buf b = PEEL_BUF_INIT;
    peel_err err = PEEL_ERR_INIT;
    int found = peel_docs_file_get(s, sha, &b, &err);
    peel_buf_release(&b);
    return found;
}

/* The bytes go in and come back as they were (NULs and high bytes too),
 * once per SHA-256; they are written in the caller's transaction, so a
 * rollback takes them with the row; the last attachment holding them
 * takes them when it goes, by removal or with its record. */
static void test_files(void **state)
{
    fixture *f = *state;
    peel_err err = PEEL_ERR_INIT;
    static const char bytes[] = {'%', 'P', 'D', 'F', '\0', '\xff'};
    char a_sha[65], b_sha[65], c_sha[65];
    peel_buf got = PEEL_BUF_INIT;
    peel_attachment a;
    bool existed = true;
    int64_t same = -1, first;

    memset(a_sha, 'a', 64);
    memset(b_sha, 'b', 64);
    memset(c_sha, 'c', 64);
    a_sha[64] = b_sha[64] = c_sha[64] = '\0';
    assert_true(peel_store_migrate(f->s, false, &err) > 0);

    /* outside a transaction: kept at once */
    assert_int_equal(peel_docs_file_put(f->s, a_sha, bytes, sizeof bytes, &existed, &err), 0);
    assert_false(existed);
    assert_int_equal(peel_docs_file_put(f->s, a_sha, bytes, sizeof bytes, &existed, &err), 0);
    assert_true(existed);
    assert_int_equal(peel_docs_file_get(f->s, a_sha, &got, &err), 1);
    assert_int_equal(got.len, sizeof bytes);
    assert_memory_equal(got.data, bytes, sizeof bytes);
    assert_int_equal(peel_docs_file_get(f->s, b_sha, &got, &err), 0);
    assert_int_equal(got.len, 0);

    /* a name that is not 64 lower-case hex digits is refused */
    assert_int_equal(peel_docs_file_put(f->s, "../../etc/passwd", bytes, 1, &existed, &err), -1);
    assert_non_null(strstr(err.msg, "64 lower-case hex digits"));
    err = (peel_err)PEEL_ERR_INIT;
    a_sha[3] = 'A';
    assert_int_equal(peel_docs_file_get(f->s, a_sha, &got, &err), -1);
    a_sha[3] = 'a';
    err = (peel_err)PEEL_ERR_INIT;

    /* all or nothing: bytes and row rolled back together */
    assert_int_equal(peel_store_begin(f->s, &err), 0);
    assert_int_equal(peel_docs_file_put(f->s, b_sha, bytes, 4, &existed, &err), 0);
    a = file_row(b_sha, 4);
    assert_int_equal(peel_docs_attachment_add(f->s, &a, &err), 0);
    peel_store_rollback(f->s);
    assert_int_equal(kept(f->s, b_sha), 0);

    /* bytes held by two attachments stay until the second goes */
    assert_int_equal(peel_store_begin(f->s, &err), 0);
    a = file_row(a_sha, 4);
    assert_int_equal(peel_docs_attachment_add(f->s, &a, &err), 0);
    first = a.id;
    assert_int_equal(peel_docs_attachment_add(f->s, &a, &err), 0);
    assert_int_equal(peel_store_commit(f->s, &err), 0);
    assert_int_equal(peel_docs_file_drop(f->s, a_sha, &err), 0);
    assert_int_equal(kept(f->s, a_sha), 1);
    assert_int_equal(peel_docs_attachment_remove(f->s, first, &same, &err), 0);
    assert_int_equal(same, 1);
    assert_int_equal(kept(f->s, a_sha), 1);
    assert_int_equal(peel_docs_attachment_remove(f->s, a.id, &same, &err), 0);
    assert_int_equal(same, 0);
    assert_int_equal(kept(f->s, a_sha), 0);
    assert_int_equal(peel_docs_file_drop(f->s, a_sha, &err), 0); /* none: nothing to do */

    /* a record's deletion forgets the bytes no other record holds */
    assert_int_equal(peel_store_begin(f->s, &err), 0);
    assert_int_equal(peel_docs_file_put(f->s, b_sha, bytes, 4, &existed, &err), 0);
    assert_int_equal(peel_docs_file_put(f->s, c_sha, bytes, 5, &existed, &err), 0);
    a = file_row(b_sha, 4);
    assert_int_equal(peel_docs_attachment_add(f->s, &a, &err), 0);
    a = file_row(c_sha, 4);
    assert_int_equal(peel_docs_attachment_add(f->s, &a, &err), 0);
    a = file_row(c_sha, 5);
    assert_int_equal(peel_docs_attachment_add(f->s, &a, &err), 0);
    assert_int_equal(peel_docs_attachment_forget(f->s, "widget", 4, &err), 0);
    assert_int_equal(peel_store_commit(f->s, &err), 0);
    assert_int_equal(kept(f->s, b_sha), 0);
    assert_int_equal(kept(f->s, c_sha), 1);
    peel_buf_release(&got);
}

typedef struct hits {
    char row[4][64];
    char snippet[160];
    double rank[4];
    int n;
} hits;

static int collect_hit(void *ctx, const peel_docs_hit *h, peel_err *err)
{
    hits *hs = ctx;
    (void)err;
    if (hs->n < 4) {
        snprintf(hs->row[hs->n], sizeof hs->row[0], "%s %lld %lld %s %s", h->type,
                 (long long)h->record_id, (long long)h->attachment, h->field,
                 h->day ? h->day : "-");
        hs->rank[hs->n] = h->rank;
    }
    if (hs->n == 0)
        snprintf(hs->snippet, sizeof hs->snippet, "%s", h->snippet);
    hs->n++;
    return 0;
}

static void test_search(void **state)
{
    fixture *f = *state;
    peel_err err = PEEL_ERR_INIT;
    hits h = {.n = 0};

    assert_true(peel_store_migrate(f->s, false, &err) > 0);
    assert_int_equal(peel_docs_search_put(f->s, "widget", 1, 0, "name", "2025-01-05",
                                          "Police funding for rural crime", &err),
                     0);
    assert_int_equal(peel_docs_search_put(f->s, "widget", 2, 0, "name", NULL,
                                          "Rural crime, rural roads and rural policing", &err),
                     0);
    assert_int_equal(
        peel_docs_search_put(f->s, "widget", 2, 9, "text", "2025-03-01", "A paper on roads", &err),
        0);

    /* every word must be there; the better match first */
    assert_int_equal(
        peel_docs_search(f->s, "\"rural\" \"crime\"", NULL, NULL, NULL, 10, collect_hit, &h, &err),
        0);
    assert_int_equal(h.n, 2);
    assert_string_equal(h.row[0], "widget 2 0 name -");
    assert_true(h.rank[0] <= h.rank[1]);
    assert_non_null(strstr(h.snippet, "\x01Rural\x02"));

    /* a day range leaves out the rows without a day */
    h = (hits){.n = 0};
    assert_int_equal(peel_docs_search(f->s, "\"rural\"", "widget", "2025-01-01", "2025-12-31", 10,
                                      collect_hit, &h, &err),
                     0);
    assert_int_equal(h.n, 1);
    assert_string_equal(h.row[0], "widget 1 0 name 2025-01-05");

    /* a record's fields dropped, its paper kept; then everything */
    assert_int_equal(peel_docs_search_drop(f->s, "widget", 2, false, &err), 0);
    h = (hits){.n = 0};
    assert_int_equal(
        peel_docs_search(f->s, "\"roads\"", NULL, NULL, NULL, 10, collect_hit, &h, &err), 0);
    assert_int_equal(h.n, 1);
    assert_string_equal(h.row[0], "widget 2 9 text 2025-03-01");
    assert_int_equal(peel_docs_search_clear(f->s, &err), 0);
    h = (hits){.n = 0};
    assert_int_equal(
        peel_docs_search(f->s, "\"rural\"", NULL, NULL, NULL, 10, collect_hit, &h, &err), 0);
    assert_int_equal(h.n, 0);
}

static int count_hits(peel_store *s, const char *match)
{
    peel_err err = PEEL_ERR_INIT;
    hits h = {.n = 0};
    assert_int_equal(peel_docs_search(s, match, NULL, NULL, NULL, 10, collect_hit, &h, &err), 0);
    return h.n;
}

/* A record's search rows added in a transaction are found in it before it
 * commits, dropped in it, and kept or dropped with it, whole or to a
 * savepoint, beside its audit rows. */
static void test_search_in_transaction(void **state)
{
    fixture *f = *state;
    peel_err err = PEEL_ERR_INIT;

    assert_true(peel_store_migrate(f->s, false, &err) > 0);
    assert_int_equal(peel_store_begin(f->s, &err), 0);
    assert_int_equal(peel_docs_search_put(f->s, "widget", 1, 0, "name", NULL, "rural crime", &err),
                     0);
    add_audit(f->s, 1, "create", NULL, NULL, NULL);
    assert_int_equal(count_hits(f->s, "\"rural\""), 1);
    assert_int_equal(peel_store_savepoint(f->s, "sp", &err), 0);
    assert_int_equal(peel_docs_search_put(f->s, "widget", 2, 0, "name", NULL, "rural roads", &err),
                     0);
    add_audit(f->s, 2, "create", NULL, NULL, NULL);
    assert_int_equal(peel_store_savepoint_rollback(f->s, "sp", &err), 0);
    assert_int_equal(peel_docs_search_put(f->s, "widget", 3, 0, "name", NULL, "rural lanes", &err),
                     0);
    assert_int_equal(peel_docs_search_put(f->s, "widget", 4, 0, "name", NULL, "rural paths", &err),
                     0);
    assert_int_equal(peel_docs_search_drop(f->s, "widget", 4, false, &err), 0);
    assert_int_equal(peel_store_commit(f->s, &err), 0);
    assert_int_equal(count_hits(f->s, "\"rural\""), 2);
    assert_int_equal(count_hits(f->s, "\"roads\""), 0);
    assert_int_equal(count_hits(f->s, "\"lanes\""), 1);

    assert_int_equal(peel_store_begin(f->s, &err), 0);
    assert_int_equal(peel_docs_search_put(f->s, "widget", 5, 0, "name", NULL, "rural tracks", &err),
                     0);
    peel_store_rollback(f->s);
    assert_int_equal(count_hits(f->s, "\"tracks\""), 0);
}

/* The crime tables made by the migrations, empty; and what this backend
 * cannot yet do: a clear refusal, not a crash. */
static void test_not_yet(void **state)
{
    fixture *f = *state;
    peel_err err = PEEL_ERR_INIT;
    peel_crime_db *db = NULL;
    peel_month first, last;

    assert_true(peel_store_migrate(f->s, false, &err) > 0);
    assert_int_equal(peel_crime_db_open(f->s, &db, &err), 0);
    assert_non_null(db);
    peel_crime_db_close(db);
    assert_int_equal(peel_crime_db_month_range(f->s, &first, &last, &err), 0);
    assert_int_equal(first, -1);
    assert_int_equal(last, -1);

    /* The guard a slot still empty meets (none of the crime's is now). */
    assert_int_equal(peel_store_can(f->s, false, "the crime data's open", &err), -1);
    assert_int_equal(err.code, PEEL_EINPUT);
    assert_non_null(strstr(err.msg, "postgresql backend cannot yet do the crime data's open"));
    assert_non_null(strstr(err.msg, "use SQLite"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        STORE_CASES(setup, teardown),
        cmocka_unit_test_setup_teardown(test_records, setup, teardown),
        cmocka_unit_test_setup_teardown(test_select, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reference_keeps_record, setup, teardown),
        cmocka_unit_test_setup_teardown(test_audit_and_check, setup, teardown),
        cmocka_unit_test_setup_teardown(test_meta_and_changes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lifecycle, setup, teardown),
        cmocka_unit_test_setup_teardown(test_attachments, setup, teardown),
        cmocka_unit_test_setup_teardown(test_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_search, setup, teardown),
        cmocka_unit_test_setup_teardown(test_search_in_transaction, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_yet, setup, teardown),
    };
    /* The declared types, so a migration makes every one of their tables. */
    peel_test_app_init();
    return peel_test_pg_run(tests, sizeof tests / sizeof tests[0]);
}
