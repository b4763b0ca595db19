/* conn.c - the PostgreSQL backend's connection and the helpers of pg.h,
 * and the backend's table of operations (backend.h).
 */
#include "store/pg/pg.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/assert.h"
#include "store/crime_ops.h"

typedef peel_pg_store pg_store;

static pg_store *as_pg(peel_store *s)
{
    return peel_store_pg(s);
}

PGconn *peel_store_pg_conn(peel_store *s)
{
    return as_pg(s)->conn;
}

/* The message without its trailing newline. */
static void message(const char *m, char *out, size_t outsz)
{
    snprintf(out, outsz, "%s", m && *m ? m : "unknown error");
    size_t n = strlen(out);
    while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == ' '))
        out[--n] = '\0';
}

int peel_store_pg_err(peel_store *s, const PGresult *res, peel_err *err, const char *what)
{
    char m[512];
    enum peel_code code = PEEL_EDB;

    if (res) {
        const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
        const char *primary = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
        if (state && strncmp(state, "23", 2) == 0)
            code = PEEL_EINPUT;
        /* The server's words without its "ERROR:" label; they name the
         * constraint (an index is named TYPE_FIELD).  Not its detail, which
         * repeats the value, perhaps someone's personal data, that a log
         * would keep after the record's erasure. */
        message(primary ? primary : PQresultErrorMessage(res), m, sizeof m);
    } else {
        message(PQerrorMessage(as_pg(s)->conn), m, sizeof m);
    }
    return peel_err_set(err, code, "%s: %s", what, m);
}

/* PQexecParams, its result checked: binary says the result's columns come
 * in binary format. */
static PGresult *query(peel_store *s, const char *sql, int n, const char *const *params,
                       bool binary, const char *what, peel_err *err)
{
    PGresult *res = PQexecParams(as_pg(s)->conn, sql, n, NULL, params, NULL, NULL, binary);
    ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;

    if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
        return res;
    peel_store_pg_err(s, res, err, what);
    PQclear(res);
    return NULL;
}

PGresult *peel_store_pg_query(peel_store *s, const char *sql, int n, const char *const *params,
                              const char *what, peel_err *err)
{
    return query(s, sql, n, params, false, what, err);
}

PGresult *peel_store_pg_query_binary(peel_store *s, const char *sql, int n,
                                     const char *const *params, const char *what, peel_err *err)
{
    return query(s, sql, n, params, true, what, err);
}

int peel_store_pg_exec(peel_store *s, const char *sql, int n, const char *const *params,
                       const char *what, peel_err *err)
{
    PGresult *res = peel_store_pg_query(s, sql, n, params, what, err);
    if (!res)
        return -1;
    PQclear(res);
    return 0;
}

int peel_store_pg_script(peel_store *s, const char *sql, const char *what, peel_err *err)
{
    PGresult *res = PQexec(as_pg(s)->conn, sql);
    ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    int rc = 0;

    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY)
        rc = peel_store_pg_err(s, res, err, what);
    PQclear(res);
    return rc;
}

/* The parameters of one statement as PQexecParams takes them: lengths and
 * formats NULL when every one is text. */
typedef struct pg_args {
    int n;
    const char *const *params;
    const int *lengths, *formats;
} pg_args;

/* A statement of a pipeline: its parameters (NULL: none) and what an error
 * of it names. */
typedef struct pg_step {
    const char *sql;
    const pg_args *a;
    const char *what;
} pg_step;

/* Reads the results of a pipeline of nsteps up to its sync: the result
 * of steps[keep] (owned by the caller), or NULL with err from the first
 * step that failed. */
static PGresult *pipeline_results(peel_store *s, const pg_step *steps, int nsteps, int keep,
                                  peel_err *err)
{
    PGconn *c = as_pg(s)->conn;
    PGresult *res, *out = NULL;
    bool failed = false;

    for (int i = 0; i < nsteps; i++)
        while ((res = PQgetResult(c))) {
            ExecStatusType st = PQresultStatus(res);
            if (st == PGRES_FATAL_ERROR && !failed) {
                peel_store_pg_err(s, res, err, steps[i].what);
                failed = true;
            }
            if (i == keep && !out && (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK))
                out = res;
            else
                PQclear(res);
        }
    while ((res = PQgetResult(c))) { /* the sync */
        bool sync = PQresultStatus(res) == PGRES_PIPELINE_SYNC;
        PQclear(res);
        if (sync)
            break;
    }
    if (!PQexitPipelineMode(c) && !failed) {
        peel_store_pg_err(s, NULL, err, steps[keep].what);
        failed = true;
    }
    if (failed) {
        PQclear(out);
        return NULL;
    }
    return out;
}

/* Sends steps in one pipeline (one round trip to the server): the result
 * of the one at keep, or NULL with err. */
static PGresult *pipeline(peel_store *s, const pg_step *steps, int nsteps, int keep, peel_err *err)
{
    PGconn *c = as_pg(s)->conn;
    bool ok = PQenterPipelineMode(c);

    for (int i = 0; ok && i < nsteps; i++) {
        const pg_args *a = steps[i].a;
        ok =
            a ? PQsendQueryParams(c, steps[i].sql, a->n, NULL, a->params, a->lengths, a->formats, 0)
              : PQsendQueryParams(c, steps[i].sql, 0, NULL, NULL, NULL, NULL, 0);
    }
    if (!ok || !PQpipelineSync(c)) {
        peel_store_pg_err(s, NULL, err, steps[keep].what);
        (void)PQexitPipelineMode(c);
        return NULL;
    }
    return pipeline_results(s, steps, nsteps, keep, err);
}

/* The change counts: a row per group in peel_change_counts, raised once
 * by every transaction that wrote a table of the group, by a statement
 * trigger on each table (none on the web's own, web_*, nor on the counts):
 * the server counts every writer, whichever statement or COPY it sends, as
 * SQLite's update hook does.  The function names the group as
 * peel_store_change_group (store.c) does; keep the two alike.  The groups
 * a transaction has counted are a local setting (peel.counted), undone
 * with it, or with a savepoint rolled back, as the count is. */
static const char count_sql[] =
    "CREATE TABLE IF NOT EXISTS peel_change_counts (grp TEXT COLLATE \"C\" PRIMARY KEY,"
    " n BIGINT NOT NULL);"
    "CREATE OR REPLACE FUNCTION peel_count_change() RETURNS trigger LANGUAGE plpgsql AS $f$"
    " DECLARE"
    "  g text := CASE"
    "   WHEN TG_TABLE_NAME LIKE 'crime\\_%' THEN 'crime'"
    "   WHEN TG_TABLE_NAME LIKE 'search\\_fts%'"
    "    OR TG_TABLE_NAME IN ('attachment', 'attachment_file', 'peel_search') THEN 'papers'"
    "   WHEN TG_TABLE_NAME IN ('peel_transition', 'action_update') THEN 'lifecycle'"
    "   WHEN TG_TABLE_NAME = 'peel_audit' THEN 'audit'"
    "   ELSE TG_TABLE_NAME END;"
    "  seen text := coalesce(current_setting('peel.counted', true), '');"
    " BEGIN"
    "  IF position(',' || g || ',' IN seen) = 0 THEN"
    "   INSERT INTO peel_change_counts AS c (grp, n) VALUES (g, 1)"
    "    ON CONFLICT (grp) DO UPDATE SET n = c.n + 1;"
    "   PERFORM set_config('peel.counted', seen || ',' || g || ',', true);"
    "  END IF;"
    "  RETURN NULL;"
    " END $f$;"
    "DO $d$ DECLARE t name; BEGIN"
    " FOR t IN SELECT c.relname FROM pg_class c"
    "  WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')"
    "   AND c.relname NOT LIKE 'web\\_%'"
    "   AND c.relname NOT IN ('peel_change_count', 'peel_change_counts')"
    "   AND NOT EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid"
    "                   AND g.tgname = 'peel_count')"
    " LOOP"
    "  EXECUTE format('CREATE TRIGGER peel_count AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE"
    " ON %I FOR EACH STATEMENT EXECUTE FUNCTION peel_count_change()', t);"
    " END LOOP;"
    "END $d$;";

int peel_store_pg_count_ready(peel_store *s, peel_err *err)
{
    bool alone = PQtransactionStatus(as_pg(s)->conn) == PQTRANS_IDLE;
    int rc;

    if (as_pg(s)->count_ready)
        return 0;
    if (alone && peel_store_pg_script(
                     s, "BEGIN; SELECT pg_advisory_xact_lock(" PEEL_STORE_PG_WRITER_LOCK ")",
                     "change counts", err) < 0)
        return -1;
    rc = peel_store_pg_script(s, count_sql, "change counts", err);
    if (alone) {
        if (rc == 0)
            rc = peel_store_pg_script(s, "COMMIT", "change counts", err);
        if (rc < 0 && PQtransactionStatus(as_pg(s)->conn) != PQTRANS_IDLE) {
            peel_err ignore = PEEL_ERR_INIT;
            (void)peel_store_pg_script(s, "ROLLBACK", "change counts", &ignore);
        }
    }
    if (rc == 0)
        as_pg(s)->count_ready = true;
    return rc;
}

int peel_store_pg_count_tables(peel_store *s, peel_err *err)
{
    as_pg(s)->count_ready = false;
    return peel_store_pg_count_ready(s, err);
}

static PGresult *write_args(peel_store *s, const char *sql, const pg_args *a, const char *what,
                            peel_err *err)
{
    const pg_step alone[] = {
        {"BEGIN", NULL, what},
        {"SELECT pg_advisory_xact_lock(" PEEL_STORE_PG_WRITER_LOCK ")", NULL, what},
        {sql, a, what},
        {"COMMIT", NULL, what},
    };
    const pg_step inside[] = {
        {"SAVEPOINT peel_statement", NULL, what},
        {sql, a, what},
        {"RELEASE SAVEPOINT peel_statement", NULL, what},
    };
    peel_err ignore = PEEL_ERR_INIT;
    PGresult *res;

    if (PQtransactionStatus(as_pg(s)->conn) == PQTRANS_IDLE) {
        if (peel_store_pg_count_ready(s, err) < 0)
            return NULL;
        res = pipeline(s, alone, 4, 2, err);
        if (!res && PQtransactionStatus(as_pg(s)->conn) != PQTRANS_IDLE)
            (void)peel_store_pg_script(s, "ROLLBACK", what, &ignore);
        return res;
    }
    res = pipeline(s, inside, 3, 1, err);
    if (!res)
        (void)peel_store_pg_script(
            s, "ROLLBACK TO SAVEPOINT peel_statement; RELEASE SAVEPOINT peel_statement", what,
            &ignore);
    return res;
}

PGresult *peel_store_pg_write(peel_store *s, const char *sql, int n, const char *const *params,
                              const char *what, peel_err *err)
{
    pg_args a = {n, params, NULL, NULL};
    return write_args(s, sql, &a, what, err);
}

PGresult *peel_store_pg_write_binary(peel_store *s, const char *sql, int n,
                                     const char *const *params, const int *lengths,
                                     const int *formats, const char *what, peel_err *err)
{
    pg_args a = {n, params, lengths, formats};
    return write_args(s, sql, &a, what, err);
}

int peel_store_pg_write_exec(peel_store *s, const char *sql, int n, const char *const *params,
                             const char *what, peel_err *err)
{
    PGresult *res = peel_store_pg_write(s, sql, n, params, what, err);
    if (!res)
        return -1;
    PQclear(res);
    return 0;
}

PGresult *peel_store_pg_steps(peel_store *s, const peel_store_pg_step *steps, int nsteps,
                              bool commit, peel_err *err)
{
    pg_step st[PEEL_STORE_PG_STEPS_MAX + 1];
    pg_args a[PEEL_STORE_PG_STEPS_MAX];
    peel_err ignore = PEEL_ERR_INIT;
    int n = 0;
    PGresult *res;

    PEEL_ASSERT(nsteps <= PEEL_STORE_PG_STEPS_MAX && (nsteps > 0 || commit));
    for (int i = 0; i < nsteps; i++) {
        a[i] = (pg_args){steps[i].n, steps[i].params, NULL, NULL};
        st[n++] = (pg_step){steps[i].sql, &a[i], steps[i].what};
    }
    if (commit)
        st[n++] = (pg_step){"COMMIT", NULL, "commit"};
    res = pipeline(s, st, n, n - 1, err);
    if (!res && commit && PQtransactionStatus(as_pg(s)->conn) != PQTRANS_IDLE)
        (void)peel_store_pg_script(s, "ROLLBACK", "commit", &ignore);
    return res;
}

const char *peel_store_pg_i64(char *buf, int64_t v)
{
    snprintf(buf, 24, "%" PRId64, v);
    return buf;
}

int64_t peel_store_pg_get_i64(const PGresult *res, int row, int col)
{
    if (PQgetisnull(res, row, col))
        return 0;
    return strtoll(PQgetvalue(res, row, col), NULL, 10);
}

/* ---- parameters ---- */

static int param_add(peel_store_pg_params *p, const char *v, char *own)
{
    if (p->failed || (!v && own)) /* own NULL: a copy that failed */
        goto fail;
    if (p->n == p->cap) {
        int cap = p->cap ? p->cap * 2 : 16;
        const char **nv = realloc(p->v, (size_t)cap * sizeof *nv);
        if (!nv)
            goto fail;
        p->v = nv;
        char **no = realloc(p->own, (size_t)cap * sizeof *no);
        if (!no)
            goto fail;
        p->own = no;
        p->cap = cap;
    }
    p->v[p->n] = v;
    p->own[p->n] = own;
    return ++p->n;
fail:
    p->failed = true;
    free(own);
    return 0;
}

int peel_store_pg_param_text(peel_store_pg_params *p, const char *s)
{
    return param_add(p, s, NULL);
}

int peel_store_pg_param_copy(peel_store_pg_params *p, const char *s)
{
    char *c;
    if (!s)
        return param_add(p, NULL, NULL);
    c = strdup(s);
    if (!c) {
        p->failed = true;
        return 0;
    }
    return param_add(p, c, c);
}

int peel_store_pg_param_i64(peel_store_pg_params *p, int64_t v)
{
    char buf[24];
    return peel_store_pg_param_copy(p, peel_store_pg_i64(buf, v));
}

int peel_store_pg_param_f64(peel_store_pg_params *p, double v)
{
    char buf[40];
    snprintf(buf, sizeof buf, "%.17g", v); /* every bit of the double */
    return peel_store_pg_param_copy(p, buf);
}

void peel_store_pg_params_release(peel_store_pg_params *p)
{
    for (int i = 0; i < p->n; i++)
        free(p->own[i]);
    free(p->v);
    free(p->own);
    *p = (peel_store_pg_params)PEEL_STORE_PG_PARAMS_INIT;
}

PGresult *peel_store_pg_run(peel_store *s, const peel_buf *sql, const peel_store_pg_params *p,
                            bool write, const char *what, peel_err *err)
{
    if (sql->failed || p->failed) {
        peel_err_set(err, PEEL_ENOMEM, "%s: out of memory", what);
        return NULL;
    }
    return (write ? peel_store_pg_write : peel_store_pg_query)(s, peel_buf_str(sql), p->n, p->v,
                                                               what, err);
}

/* ---- the connection ---- */

/* Notices ("relation already exists, skipping") are not errors: quiet. */
static void quiet(void *arg, const char *msg)
{
    (void)arg;
    (void)msg;
}

void peel_store_pg_close(peel_store *s)
{
    if (!s)
        return;
    peel_store_pg_held_release(s); /* rows of a transaction never committed */
    PQfinish(as_pg(s)->conn);
    free(s);
}

int peel_store_pg_open(const char *uri, bool create, peel_store **out, peel_err *err)
{
    pg_store *s = calloc(1, sizeof *s);
    char m[512];

    (void)create; /* a PostgreSQL database is created by its server's owner */
    if (!s)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    s->conn = PQconnectdb(uri);
    if (!s->conn || PQstatus(s->conn) != CONNECTION_OK) {
        message(s->conn ? PQerrorMessage(s->conn) : "out of memory", m, sizeof m);
        peel_err_set(err, PEEL_ENOTFOUND, "cannot connect to the PostgreSQL database: %s", m);
        PQfinish(s->conn);
        free(s);
        return -1;
    }
    PQsetNoticeProcessor(s->conn, quiet, NULL);
    s->base.backend = NULL; /* set by the dispatcher */
    if (peel_store_pg_script(&s->base,
                             "SET client_min_messages = warning; SET TIME ZONE 'UTC';"
                             "SET datestyle = 'ISO, YMD';"
                             "SET lock_timeout = '" PEEL_STORE_PG_LOCK_TIMEOUT "'",
                             "database", err) < 0) {
        peel_store_pg_close(&s->base);
        return -1;
    }
    /* A hot standby, or a role whose transactions are read-only: reads
     * only (store.h, peel_store_read_only). */
    PGresult *ro = peel_store_pg_query(
        &s->base,
        "SELECT pg_is_in_recovery() OR current_setting('default_transaction_read_only') = 'on'", 0,
        NULL, "database", err);
    if (!ro) {
        peel_store_pg_close(&s->base);
        return -1;
    }
    s->base.read_only = PQntuples(ro) == 1 && !strcmp(PQgetvalue(ro, 0, 0), "t");
    PQclear(ro);
    *out = &s->base;
    return 0;
}

const peel_store_backend peel_store_pg_backend = {
    .name = "postgresql",
    .single_thread = NULL,
    .ops = &peel_store_pg_ops,
    .crime = &peel_store_pg_crime_ops,
    .web = &peel_store_pg_web_ops,
    .lifecycle = &peel_store_pg_lifecycle_ops,
    .docs = &peel_store_pg_docs_ops,
};
