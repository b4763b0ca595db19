/* held.c - the PostgreSQL backend's rows held back inside a write
 * transaction and sent together: the audit trail's and the search index's
 * rows of records' fields.
 *
 * A record's write adds an audit row per changed field and a search row
 * per indexed field; sent one by one, each is a round trip to the server,
 * most of a write's time.  Inside a write transaction (begin .. commit)
 * such a row is held here instead, and the rows of each table go as one
 * multi-row INSERT: with the COMMIT, in the same round trip (so a
 * transaction's rows are all there or none are); before anything reads or
 * changes the audit trail, the search index or the change counts in the
 * same transaction (read-your-writes); and whenever PEEL_PG_HELD_BATCH are
 * held.  Rows go in the order they were added: an audit row is numbered
 * as before, one more than the largest (the transaction holds the
 * writers' lock, so no other writer adds one in between), a search row
 * takes its id from the table's identity.  Outside a write transaction a
 * row goes at once.
 *
 * Savepoints: each remembers how many rows the transaction had added when
 * it was made; rolling back to it drops the held rows added since (those
 * already sent are undone by the server).  A batch that fails leaves the
 * transaction unable to commit (peel_store_pg_held_commit refuses it)
 * unless it is rolled back to a savepoint made before that batch's rows, so
 * no transaction commits with part of its rows.
 */
#include "store/pg/pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

/* A table whose rows are held: its INSERT's text around the rows, and a
 * row's text for its parameters from $first (k: the row's place, from 1). */
typedef struct held_table {
    const char *what; /* for messages */
    int ncols;
    const char *head, *tail;
    void (*row)(peel_buf *sql, size_t k, size_t first);
} held_table;

/* An audit row's id is the largest before the batch plus its place. */
static void audit_row(peel_buf *sql, size_t k, size_t p)
{
    /* record_id's type is said: VALUES takes an untyped parameter as text */
    peel_buf_printf(sql, "(%zu, $%zu, $%zu::bigint, $%zu, $%zu, $%zu, $%zu, $%zu, $%zu)", k, p,
                    p + 1, p + 2, p + 3, p + 4, p + 5, p + 6, p + 7);
}

/* A search row's columns are the table's: their types are known. */
static void search_row(peel_buf *sql, size_t k, size_t p)
{
    (void)k;
    peel_buf_printf(sql, "($%zu, $%zu, $%zu, $%zu, $%zu, $%zu)", p, p + 1, p + 2, p + 3, p + 4,
                    p + 5);
}

static const held_table tables[PEEL_PG_HELD_TABLES] = {
    [PEEL_PG_HELD_AUDIT] =
        {"audit", 8,
         "INSERT INTO peel_audit (id, type, record_id, at, \"user\", action, field, old_value,"
         " new_value) SELECT b.last + v.n, v.type, v.record_id, v.at, v.usr, v.action, v.field,"
         " v.old_value, v.new_value FROM (SELECT coalesce(max(id), 0) AS last FROM peel_audit) b,"
         " (VALUES ",
         ") AS v(n, type, record_id, at, usr, action, field, old_value, new_value)", audit_row},
    [PEEL_PG_HELD_SEARCH] = {"the search index", 6,
                             "INSERT INTO peel_search (text, type, record_id, attachment, field,"
                             " day) VALUES ",
                             "", search_row},
};

static void drop_from(peel_pg_store *p, size_t n)
{
    while (p->held.n > n)
        free(p->held.v[--p->held.n].mem);
}

void peel_store_pg_held_reset(peel_store *s)
{
    peel_pg_store *p = peel_store_pg(s);
    drop_from(p, 0);
    p->held_marks.n = 0;
    p->held_sent = 0;
    p->held_lost = false;
}

void peel_store_pg_held_release(peel_store *s)
{
    peel_pg_store *p = peel_store_pg(s);
    peel_store_pg_held_reset(s);
    peel_vec_release(&p->held);
    peel_vec_release(&p->held_marks);
}

/* The INSERT of the held rows of table t (0 rows: nothing to send) and its
 * parameters, in order; or -1 out of memory. */
static int build_insert(const peel_pg_store *p, int t, peel_buf *sql, const char ***params,
                        int *nparams)
{
    const held_table *ht = &tables[t];
    size_t rows = 0, n = 0;
    const char **v;

    *params = NULL;
    *nparams = 0;
    for (size_t i = 0; i < p->held.n; i++)
        rows += p->held.v[i].table == t;
    if (rows == 0)
        return 0;
    if (!(v = malloc(rows * (size_t)ht->ncols * sizeof *v)))
        return -1;
    peel_buf_puts(sql, ht->head);
    for (size_t i = 0, k = 0; i < p->held.n; i++) {
        if (p->held.v[i].table != t)
            continue;
        if (k++)
            peel_buf_puts(sql, ", ");
        ht->row(sql, k, n + 1);
        memcpy(&v[n], p->held.v[i].v, (size_t)ht->ncols * sizeof *v);
        n += (size_t)ht->ncols;
    }
    peel_buf_puts(sql, ht->tail);
    if (sql->failed) {
        free(v);
        return -1;
    }
    *params = v;
    *nparams = (int)n;
    return 0;
}

/* Sends the held rows, then, with commit, COMMIT, in one round trip: with
 * commit the COMMIT's result, else a result of no interest; or NULL with
 * err.  The rows are no longer held, sent or not. */
static PGresult *send_held(peel_store *s, bool commit, peel_err *err)
{
    peel_pg_store *p = peel_store_pg(s);
    peel_buf sql[PEEL_PG_HELD_TABLES] = {PEEL_BUF_INIT, PEEL_BUF_INIT};
    const char **params[PEEL_PG_HELD_TABLES] = {NULL};
    int nparams[PEEL_PG_HELD_TABLES] = {0};
    peel_store_pg_step steps[PEEL_PG_HELD_TABLES];
    int nsteps = 0;
    PGresult *res = NULL;

    for (int t = 0; t < PEEL_PG_HELD_TABLES; t++) {
        if (build_insert(p, t, &sql[t], &params[t], &nparams[t]) < 0) {
            peel_err_set(err, PEEL_ENOMEM, "%s: out of memory", tables[t].what);
            goto out;
        }
        if (nparams[t])
            steps[nsteps++] =
                (peel_store_pg_step){peel_buf_str(&sql[t]), nparams[t], params[t], tables[t].what};
    }
    res = peel_store_pg_steps(s, steps, nsteps, commit, err);
out:
    for (int t = 0; t < PEEL_PG_HELD_TABLES; t++) {
        free(params[t]);
        peel_buf_release(&sql[t]);
    }
    if (!res && !p->held_lost) {
        p->held_lost = true;
        p->held_lost_at = p->held_sent;
    }
    p->held_sent += p->held.n;
    drop_from(p, 0);
    return res;
}

int peel_store_pg_held_flush(peel_store *s, peel_err *err)
{
    PGresult *res;

    if (peel_store_pg(s)->held.n == 0)
        return 0;
    if (!(res = send_held(s, false, err)))
        return -1;
    PQclear(res);
    return 0;
}

int peel_store_pg_held_add(peel_store *s, int table, const char *const *values, peel_err *err)
{
    peel_pg_store *p = peel_store_pg(s);
    int ncols = tables[table].ncols;
    size_t len = 0, at = 0;
    peel_pg_held_row *r;
    char *mem;

    for (int i = 0; i < ncols; i++)
        len += values[i] ? strlen(values[i]) + 1 : 0;
    if (!(mem = malloc(len ? len : 1)))
        return peel_err_set(err, PEEL_ENOMEM, "%s: out of memory", tables[table].what);
    if (!(r = peel_vec_push(&p->held))) {
        free(mem);
        return peel_err_set(err, PEEL_ENOMEM, "%s: out of memory", tables[table].what);
    }
    r->table = table;
    r->mem = mem; /* each value copied into the row's one allocation */
    for (int i = 0; i < ncols; i++) {
        size_t n = values[i] ? strlen(values[i]) + 1 : 0;
        r->v[i] = values[i] ? memcpy(mem + at, values[i], n) : NULL;
        at += n;
    }
    if (p->held.n >= PEEL_PG_HELD_BATCH)
        return peel_store_pg_held_flush(s, err);
    return 0;
}

PGresult *peel_store_pg_held_commit(peel_store *s, peel_err *err)
{
    peel_pg_store *p = peel_store_pg(s);
    PGresult *res;

    if (p->held_lost) {
        peel_store_pg_held_reset(s);
        peel_err_set(err, PEEL_EDB,
                     "commit: the transaction's audit trail or search index could not all be"
                     " written, so it was rolled back");
        return NULL;
    }
    res = send_held(s, true, err);
    peel_store_pg_held_reset(s);
    return res;
}

/* ---- savepoints ---- */

int peel_store_pg_held_mark(peel_store *s, const char *name, peel_err *err)
{
    peel_pg_store *p = peel_store_pg(s);
    peel_pg_held_mark *m = peel_vec_push(&p->held_marks);

    if (!m)
        return peel_err_set(err, PEEL_ENOMEM, "savepoint %s: out of memory", name);
    snprintf(m->name, sizeof m->name, "%s", name);
    m->added = p->held_sent + p->held.n;
    return 0;
}

/* The latest mark of that name, or -1. */
static long find_mark(const peel_pg_store *p, const char *name)
{
    for (size_t i = p->held_marks.n; i-- > 0;)
        if (!strcmp(p->held_marks.v[i].name, name))
            return (long)i;
    return -1;
}

void peel_store_pg_held_unmark(peel_store *s, const char *name)
{
    peel_pg_store *p = peel_store_pg(s);
    long i = find_mark(p, name);

    if (i >= 0) /* it and every savepoint made after it */
        p->held_marks.n = (size_t)i;
}

void peel_store_pg_held_rewind(peel_store *s, const char *name)
{
    peel_pg_store *p = peel_store_pg(s);
    long i = find_mark(p, name);
    size_t added;

    if (i < 0)
        return;
    /* it stays; the savepoints made after it go */
    p->held_marks.n = (size_t)i + 1;
    added = p->held_marks.v[i].added;
    drop_from(p, added > p->held_sent ? added - p->held_sent : 0);
    /* a batch that failed after the savepoint is undone with it */
    if (p->held_lost && added <= p->held_lost_at)
        p->held_lost = false;
}
