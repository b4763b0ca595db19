/* audit.c - the PostgreSQL backend's audit trail rows held back inside a
 * write transaction and sent together.
 *
 * A record's write adds a row per changed field; sent one by one, each is
 * a round trip to the server, most of a write's time.  Inside a write
 * transaction (begin .. commit) a row is held here instead and the rows go
 * as one multi-row INSERT: with the COMMIT, in the same round trip (so a
 * transaction's rows are all there or none are); before anything reads the
 * audit trail or the change counts in the same transaction (read-your-
 * writes); and whenever PEEL_PG_AUDIT_BATCH are held.  Rows are numbered
 * as before, one more than the largest in order, so the trail is the same
 * row for row: the transaction holds the writers' lock, so no other writer
 * adds a row in between.  Outside a write transaction a row goes at once.
 *
 * Savepoints: each remembers how many rows the transaction had added when
 * it was made; rolling back to it drops the held rows added since (those
 * already sent are undone by the server).  A batch that fails leaves the
 * transaction unable to commit (peel_store_pg_audit_commit refuses it)
 * unless it is rolled back to a savepoint made before that batch's rows, so
 * no transaction commits with part of its trail.
 */
#include "store/pg/pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

/* The columns a row holds, in the INSERT's order. */
enum { NCOLS = 8 };
static const char insert_head[] =
    "INSERT INTO peel_audit (id, type, record_id, at, \"user\", action, field, old_value,"
    " new_value) SELECT b.last + v.n, v.type, v.record_id, v.at, v.usr, v.action, v.field,"
    " v.old_value, v.new_value FROM (SELECT coalesce(max(id), 0) AS last FROM peel_audit) b,"
    " (VALUES ";
static const char insert_tail[] =
    ") AS v(n, type, record_id, at, usr, action, field, old_value, new_value)";

static void row_release(peel_pg_audit_row *r)
{
    free(r->mem);
    r->mem = NULL;
}

/* Drops the held rows from the n-th on. */
static void drop_from(peel_pg_store *p, size_t n)
{
    while (p->audit_held.n > n)
        row_release(&p->audit_held.v[--p->audit_held.n]);
}

void peel_store_pg_audit_reset(peel_store *s)
{
    peel_pg_store *p = peel_store_pg(s);
    drop_from(p, 0);
    p->audit_marks.n = 0;
    p->audit_sent = 0;
    p->audit_lost = false;
}

void peel_store_pg_audit_release(peel_store *s)
{
    peel_pg_store *p = peel_store_pg(s);
    peel_store_pg_audit_reset(s);
    peel_vec_release(&p->audit_held);
    peel_vec_release(&p->audit_marks);
}

/* The statement sending every held row, its parameters into params (8 a
 * row, in order): 0, or -1 out of memory. */
static int build_insert(peel_pg_store *p, peel_buf *sql, const char ***params)
{
    size_t n = p->audit_held.n;
    const char **v = malloc(n * NCOLS * sizeof *v);

    if (!v)
        return -1;
    peel_buf_puts(sql, insert_head);
    for (size_t i = 0; i < n; i++) {
        size_t k = i * NCOLS;
        /* record_id is sent as text: its column's type is said here, the
         * rest are text, as VALUES takes an untyped parameter */
        peel_buf_printf(sql, "%s(%zu, $%zu, $%zu::bigint, $%zu, $%zu, $%zu, $%zu, $%zu, $%zu)",
                        i ? ", " : "", i + 1, k + 1, k + 2, k + 3, k + 4, k + 5, k + 6, k + 7,
                        k + 8);
        memcpy(&v[k], p->audit_held.v[i].v, NCOLS * sizeof *v);
    }
    peel_buf_puts(sql, insert_tail);
    if (sql->failed) {
        free(v);
        return -1;
    }
    *params = v;
    return 0;
}

/* Sends the held rows, then, with commit, COMMIT in the same round trip:
 * the COMMIT's result (commit) or the INSERT's, or NULL with err. */
static PGresult *send_held(peel_store *s, bool commit, peel_err *err)
{
    peel_pg_store *p = peel_store_pg(s);
    peel_buf sql = PEEL_BUF_INIT;
    const char **params = NULL;
    int n = (int)(p->audit_held.n * NCOLS);
    PGresult *res;

    if (build_insert(p, &sql, &params) < 0) {
        peel_buf_release(&sql);
        peel_err_set(err, PEEL_ENOMEM, "audit: out of memory");
        return NULL;
    }
    res = commit ? peel_store_pg_exec_commit(s, peel_buf_str(&sql), n, params, "audit", err)
                 : peel_store_pg_query(s, peel_buf_str(&sql), n, params, "audit", err);
    free(params);
    peel_buf_release(&sql);
    if (!res && !p->audit_lost) {
        p->audit_lost = true;
        p->audit_lost_at = p->audit_sent;
    }
    p->audit_sent += p->audit_held.n;
    drop_from(p, 0);
    return res;
}

int peel_store_pg_audit_flush(peel_store *s, peel_err *err)
{
    PGresult *res;

    if (peel_store_pg(s)->audit_held.n == 0)
        return 0;
    if (!(res = send_held(s, false, err)))
        return -1;
    PQclear(res);
    return 0;
}

/* A copy of each of the row's values in one allocation. */
static int hold(peel_pg_store *p, const peel_audit *a)
{
    char id[24];
    const char *src[NCOLS] = {a->type,   peel_store_pg_i64(id, a->record_id),
                              a->at,     a->user,
                              a->action, a->field,
                              a->old_value, a->new_value};
    size_t len = 0, at = 0;
    peel_pg_audit_row *r;
    char *mem;

    for (int i = 0; i < NCOLS; i++)
        len += src[i] ? strlen(src[i]) + 1 : 0;
    if (!(mem = malloc(len ? len : 1)))
        return -1;
    if (!(r = peel_vec_push(&p->audit_held))) {
        free(mem);
        return -1;
    }
    r->mem = mem;
    for (int i = 0; i < NCOLS; i++) {
        if (!src[i]) {
            r->v[i] = NULL;
            continue;
        }
        size_t n = strlen(src[i]) + 1;
        memcpy(mem + at, src[i], n);
        r->v[i] = mem + at;
        at += n;
    }
    return 0;
}

int peel_store_pg_audit_add(peel_store *s, const peel_audit *a, peel_err *err)
{
    peel_pg_store *p = peel_store_pg(s);

    if (hold(p, a) < 0)
        return peel_err_set(err, PEEL_ENOMEM, "audit: out of memory");
    if (p->audit_held.n >= PEEL_PG_AUDIT_BATCH)
        return peel_store_pg_audit_flush(s, err);
    return 0;
}

PGresult *peel_store_pg_audit_commit(peel_store *s, peel_err *err)
{
    peel_pg_store *p = peel_store_pg(s);
    PGresult *res;

    if (p->audit_lost) {
        peel_store_pg_audit_reset(s);
        peel_err_set(err, PEEL_EDB,
                     "commit: the transaction's audit trail could not all be written, so it was"
                     " rolled back");
        return NULL;
    }
    res = p->audit_held.n ? send_held(s, true, err)
                          : peel_store_pg_query(s, "COMMIT", 0, NULL, "commit", err);
    peel_store_pg_audit_reset(s);
    return res;
}

/* ---- savepoints ---- */

int peel_store_pg_audit_mark(peel_store *s, const char *name, peel_err *err)
{
    peel_pg_store *p = peel_store_pg(s);
    peel_pg_audit_mark *m = peel_vec_push(&p->audit_marks);

    if (!m)
        return peel_err_set(err, PEEL_ENOMEM, "savepoint %s: out of memory", name);
    snprintf(m->name, sizeof m->name, "%s", name);
    m->added = p->audit_sent + p->audit_held.n;
    return 0;
}

/* The latest mark of that name, or -1. */
static long find_mark(const peel_pg_store *p, const char *name)
{
    for (size_t i = p->audit_marks.n; i-- > 0;)
        if (!strcmp(p->audit_marks.v[i].name, name))
            return (long)i;
    return -1;
}

void peel_store_pg_audit_unmark(peel_store *s, const char *name)
{
    peel_pg_store *p = peel_store_pg(s);
    long i = find_mark(p, name);

    if (i >= 0) /* it and every savepoint made after it */
        p->audit_marks.n = (size_t)i;
}

void peel_store_pg_audit_rewind(peel_store *s, const char *name)
{
    peel_pg_store *p = peel_store_pg(s);
    long i = find_mark(p, name);
    size_t added;

    if (i < 0)
        return;
    /* it stays; the savepoints made after it go */
    p->audit_marks.n = (size_t)i + 1;
    added = p->audit_marks.v[i].added;
    drop_from(p, added > p->audit_sent ? added - p->audit_sent : 0);
    /* a batch that failed after the savepoint is undone with it */
    if (p->audit_lost && added <= p->audit_lost_at)
        p->audit_lost = false;
}
