/* store.c - the PostgreSQL backend's record operations (backend.h), behind
 * the store.h dispatcher, with the semantics of the SQLite backend's
 * (sqlite/store.c) so a database answers alike whichever holds it.
 *
 * Tables come from the record declarations as SQLite's do: one table per
 * type, a BIGINT primary key id, created_at/updated_at, one column per field
 * (two, NAME_lat and NAME_lon, for a point).  Dates, months, financial years
 * and datetimes are ISO text, as SQLite keeps them; money (pence), integers,
 * booleans and references are BIGINT.  Text is compared and sorted byte by
 * byte (COLLATE "C", SQLite's BINARY), unset values sort first as SQLite's
 * NULLs do, and a new row's id is one more than the largest, as SQLite's
 * rowid is: ids, orders and groups come out the same.
 *
 * SQLite has one writer at a time; here a write transaction takes one
 * advisory lock at its begin, so writers queue the same way, and the ids
 * chosen as "largest plus one" (records, the audit trail) cannot collide.
 *
 * Statements are built per call and sent with text parameters (pg.h);
 * identifiers come only from the static declarations and the savepoint
 * names store.c has checked, never from input.
 */
#include "store/pg/pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/clock.h"
#include "core/date.h"
#include "core/str.h"

static const peel_migration core_migrations[] = {
    {1, "meta and audit tables",
     "CREATE TABLE IF NOT EXISTS peel_meta (key TEXT COLLATE \"C\" PRIMARY KEY,"
     "  value TEXT NOT NULL);"
     "CREATE TABLE IF NOT EXISTS peel_audit ("
     "  id BIGINT PRIMARY KEY, type TEXT COLLATE \"C\" NOT NULL, record_id BIGINT NOT NULL,"
     "  at TEXT COLLATE \"C\" NOT NULL, \"user\" TEXT COLLATE \"C\" NOT NULL,"
     "  action TEXT COLLATE \"C\" NOT NULL, field TEXT COLLATE \"C\", old_value TEXT,"
     "  new_value TEXT);"
     "CREATE INDEX IF NOT EXISTS peel_audit_record ON peel_audit(type, record_id);",
     NULL},
    {0, NULL, NULL, NULL},
};

static int oom(peel_err *err)
{
    return peel_err_set(err, PEEL_ENOMEM, "out of memory");
}

/* ---- transactions ---- */

static void pg_rollback(peel_store *s);

/* A write transaction queues behind the writers' lock; the change counts'
 * triggers are in place before it writes (conn.c). */
static int pg_begin(peel_store *s, peel_err *err)
{
    if (peel_store_pg_script(s,
                             "BEGIN; SELECT pg_advisory_xact_lock(" PEEL_STORE_PG_WRITER_LOCK ")",
                             "begin", err) < 0 ||
        peel_store_pg_count_ready(s, err) < 0) {
        pg_rollback(s);
        return -1;
    }
    if (!peel_store_pg(s)->writing) /* a BEGIN inside one goes on with it */
        peel_store_pg_held_reset(s);
    peel_store_pg(s)->writing = true;
    return 0;
}

/* A transaction a statement failed in is only rolled back by COMMIT, which
 * says so in its tag: that is a failed commit, not a silent one.  The
 * audit and search rows the transaction holds go with the COMMIT (held.c). */
static int pg_commit(peel_store *s, peel_err *err)
{
    PGresult *res;
    int rc = 0;

    if (!peel_store_pg(s)->writing) {
        res = peel_store_pg_query(s, "COMMIT", 0, NULL, "commit", err);
    } else {
        peel_store_pg(s)->writing = false;
        if (!(res = peel_store_pg_held_commit(s, err)))
            pg_rollback(s);
    }
    if (!res)
        return -1;
    if (strcmp(PQcmdStatus(res), "COMMIT") != 0)
        rc = peel_err_set(err, PEEL_EDB,
                          "commit: a statement of the transaction failed, so it was rolled back");
    PQclear(res);
    return rc;
}

static void pg_rollback(peel_store *s)
{
    peel_err ignore = PEEL_ERR_INIT;
    peel_store_pg(s)->writing = false;
    peel_store_pg_held_reset(s);
    if (PQtransactionStatus(peel_store_pg_conn(s)) != PQTRANS_IDLE)
        (void)peel_store_pg_script(s, "ROLLBACK", "rollback", &ignore);
}

/* The name is an identifier (checked by store.c), so it may be SQL text. */
static int savepoint_exec(peel_store *s, const char *verb, const char *name, peel_err *err)
{
    char sql[128];
    snprintf(sql, sizeof sql, "%s \"%s\"", verb, name);
    if (peel_store_pg_script(s, sql, "database", err) < 0) {
        peel_err_prefix(err, "savepoint %s", name);
        return -1;
    }
    return 0;
}

/* Each also keeps the held rows' marks (held.c). */
static int pg_savepoint(peel_store *s, const char *name, peel_err *err)
{
    if (savepoint_exec(s, "SAVEPOINT", name, err) < 0)
        return -1;
    return peel_store_pg_held_mark(s, name, err);
}

static int pg_savepoint_release(peel_store *s, const char *name, peel_err *err)
{
    if (savepoint_exec(s, "RELEASE SAVEPOINT", name, err) < 0)
        return -1;
    peel_store_pg_held_unmark(s, name);
    return 0;
}

static int pg_savepoint_rollback(peel_store *s, const char *name, peel_err *err)
{
    if (savepoint_exec(s, "ROLLBACK TO SAVEPOINT", name, err) < 0)
        return -1;
    peel_store_pg_held_rewind(s, name);
    return 0;
}

/* ---- schema ---- */

static const char *sql_type(enum peel_ftype t)
{
    switch (t) {
    case PEEL_F_INT:
    case PEEL_F_MONEY:
    case PEEL_F_BOOL:
    case PEEL_F_REF:
        return "BIGINT";
    case PEEL_F_POINT:
        return "DOUBLE PRECISION";
    default:
        return "TEXT COLLATE \"C\"";
    }
}

static void column_def(peel_buf *b, const peel_field *f, const char *suffix)
{
    peel_buf_printf(b, "\"%s%s\" %s", f->name, suffix, sql_type(f->type));
    if (f->type == PEEL_F_REF)
        peel_buf_printf(b, " REFERENCES \"%s\"(id) ON DELETE RESTRICT", f->ref_type);
}

/* The columns of table as ",a,b,c," in names (",": no such table). */
static int table_columns(peel_store *s, const char *table, peel_buf *names, peel_err *err)
{
    const char *params[] = {table};
    PGresult *res = peel_store_pg_query(s,
                                        "SELECT attname FROM pg_attribute WHERE attrelid ="
                                        " to_regclass(quote_ident($1)) AND attnum > 0"
                                        " AND NOT attisdropped",
                                        1, params, "database", err);
    if (!res)
        return -1;
    peel_buf_puts(names, ",");
    for (int i = 0; i < PQntuples(res); i++)
        peel_buf_printf(names, "%s,", PQgetvalue(res, i, 0));
    PQclear(res);
    return names->failed ? oom(err) : 0;
}

static bool has_column(const peel_buf *names, const char *col, const char *suffix)
{
    char probe[160];
    snprintf(probe, sizeof probe, ",%s%s,", col, suffix);
    return strstr(peel_buf_str(names), probe) != NULL;
}

static void create_table(peel_buf *sql, const peel_type *t)
{
    peel_buf_printf(
        sql,
        "CREATE TABLE \"%s\" (id BIGINT PRIMARY KEY, "
        "created_at TEXT COLLATE \"C\" NOT NULL, updated_at TEXT COLLATE \"C\" NOT NULL",
        t->name);
    for (size_t i = 0; i < t->nfields; i++) {
        const peel_field *f = &t->fields[i];
        peel_buf_puts(sql, ", ");
        if (f->type == PEEL_F_POINT) {
            column_def(sql, f, "_lat");
            peel_buf_puts(sql, ", ");
            column_def(sql, f, "_lon");
        } else {
            column_def(sql, f, "");
        }
    }
    peel_buf_puts(sql, ");");
}

/* The columns of t missing from names, added; returns how many. */
static int add_columns(peel_buf *sql, const peel_type *t, const peel_buf *names)
{
    int changes = 0;
    for (size_t i = 0; i < t->nfields; i++) {
        const peel_field *f = &t->fields[i];
        const char *suffixes[2] = {f->type == PEEL_F_POINT ? "_lat" : "",
                                   f->type == PEEL_F_POINT ? "_lon" : NULL};
        for (int k = 0; k < 2 && suffixes[k]; k++) {
            if (has_column(names, f->name, suffixes[k]))
                continue;
            peel_buf_printf(sql, "ALTER TABLE \"%s\" ADD COLUMN ", t->name);
            column_def(sql, f, suffixes[k]);
            peel_buf_puts(sql, ";");
            changes++;
        }
    }
    return changes;
}

static int migrate_type(peel_store *s, const peel_type *t, bool dry_run, peel_err *err)
{
    peel_buf names = PEEL_BUF_INIT, sql = PEEL_BUF_INIT;
    int changes = 0;

    if (table_columns(s, t->name, &names, err) < 0)
        goto fail;
    if (names.len <= 1) {
        create_table(&sql, t);
        changes++;
    } else {
        changes = add_columns(&sql, t, &names);
    }
    /* Indexes: unique fields, and references (for joins and delete checks). */
    for (size_t i = 0; i < t->nfields; i++) {
        const peel_field *f = &t->fields[i];
        if ((f->flags & PEEL_UNIQUE) || f->type == PEEL_F_REF)
            peel_buf_printf(&sql, "CREATE %sINDEX IF NOT EXISTS \"%s_%s\" ON \"%s\"(\"%s\");",
                            (f->flags & PEEL_UNIQUE) ? "UNIQUE " : "", t->name, f->name, t->name,
                            f->name);
    }
    if (sql.failed) {
        oom(err);
        goto fail;
    }
    if (!dry_run && sql.len && peel_store_pg_script(s, peel_buf_str(&sql), "database", err) < 0)
        goto fail;
    /* a new table is counted from its first write */
    if (!dry_run && changes && peel_store_pg_count_tables(s, err) < 0)
        goto fail;
    peel_buf_release(&names);
    peel_buf_release(&sql);
    return changes;
fail:
    peel_err_prefix(err, "migrating table %s", t->name);
    peel_buf_release(&names);
    peel_buf_release(&sql);
    return -1;
}

static int pg_migrations_ready(peel_store *s, bool dry_run, bool *exists, peel_err *err)
{
    PGresult *res = peel_store_pg_query(s, "SELECT to_regclass('peel_migrations') IS NOT NULL", 0,
                                        NULL, "migrations", err);
    if (!res)
        return -1;
    *exists = PQntuples(res) == 1 && !strcmp(PQgetvalue(res, 0, 0), "t");
    PQclear(res);
    if (*exists || dry_run)
        return 0;
    *exists = true;
    return peel_store_pg_script(s,
                                "CREATE TABLE peel_migrations (version INTEGER PRIMARY KEY,"
                                " name TEXT NOT NULL, applied_at TEXT NOT NULL)",
                                "migrations", err);
}

static int pg_migration_applied(peel_store *s, int version, peel_err *err)
{
    char v[24];
    const char *params[] = {peel_store_pg_i64(v, version)};
    PGresult *res = peel_store_pg_query(s, "SELECT 1 FROM peel_migrations WHERE version = $1", 1,
                                        params, "migrations", err);
    int found;
    if (!res)
        return -1;
    found = PQntuples(res) > 0;
    PQclear(res);
    return found;
}

static int pg_migration_apply(peel_store *s, const peel_migration *m, peel_err *err)
{
    char now[24], v[24];
    const char *params[3];

    if ((m->sql && *m->sql && peel_store_pg_script(s, m->sql, "database", err) < 0) ||
        (m->run && m->run(s, err) < 0) || peel_store_pg_count_tables(s, err) < 0)
        return -1;
    peel_clock_format(peel_clock_now(), now);
    params[0] = peel_store_pg_i64(v, m->version);
    params[1] = m->name;
    params[2] = now;
    return peel_store_pg_exec(
        s, "INSERT INTO peel_migrations (version, name, applied_at) VALUES ($1, $2, $3)", 3, params,
        "migrations", err);
}

/* ---- values <-> columns ---- */

static bool integer_kind(enum peel_ftype t)
{
    return t == PEEL_F_INT || t == PEEL_F_MONEY || t == PEEL_F_BOOL || t == PEEL_F_REF;
}

/* Adds v as f's parameter (two for a point); returns the first's number. */
static int param_value(peel_store_pg_params *p, const peel_field *f, const peel_value *v)
{
    char tmp[32];

    if (f->type == PEEL_F_POINT) {
        int n = v->set ? peel_store_pg_param_f64(p, v->lat) : peel_store_pg_param_text(p, NULL);
        if (v->set)
            peel_store_pg_param_f64(p, v->lon);
        else
            peel_store_pg_param_text(p, NULL);
        return n;
    }
    if (!v->set)
        return peel_store_pg_param_text(p, NULL);
    if (integer_kind(f->type))
        return peel_store_pg_param_i64(p, v->i);
    switch (f->type) {
    case PEEL_F_DATE:
        peel_date_format((peel_date)v->i, tmp);
        return peel_store_pg_param_copy(p, tmp);
    case PEEL_F_MONTH:
        peel_month_format((peel_month)v->i, tmp);
        return peel_store_pg_param_copy(p, tmp);
    case PEEL_F_FY:
        peel_fy_format((peel_fy)v->i, tmp);
        return peel_store_pg_param_copy(p, tmp);
    default:
        /* The record outlives the statement: no copy needed. */
        return peel_store_pg_param_text(p, v->s ? v->s : "");
    }
}

/* Reads f's value from column *col of row (two columns for a point). */
static int read_value(const PGresult *res, int row, int *col, const peel_field *f, peel_value *v)
{
    peel_err ignore; /* only its code is read */
    int c = (*col)++;
    const char *text;
    size_t n;

    ignore.code = PEEL_OK;
    peel_value_clear(v);
    if (f->type == PEEL_F_POINT)
        (*col)++;
    if (PQgetisnull(res, row, c))
        return 0;
    text = PQgetvalue(res, row, c);
    n = (size_t)PQgetlength(res, row, c);
    if (f->type == PEEL_F_POINT) {
        v->lat = strtod(text, NULL);
        v->lon = strtod(PQgetvalue(res, row, c + 1), NULL);
    } else if (integer_kind(f->type)) {
        v->i = peel_store_pg_get_i64(res, row, c);
    } else if (f->type == PEEL_F_DATE) {
        peel_date d;
        if (peel_date_parse(text, n, &d, &ignore) < 0)
            return -1;
        v->i = d;
    } else if (f->type == PEEL_F_MONTH) {
        peel_month m;
        if (peel_month_parse(text, n, &m, &ignore) < 0)
            return -1;
        v->i = m;
    } else if (f->type == PEEL_F_FY) {
        peel_fy y;
        if (peel_fy_parse(text, n, &y, &ignore) < 0)
            return -1;
        v->i = y;
    } else if (!(v->s = peel_str_dup((peel_str){text, n}))) {
        return -1;
    }
    v->set = true;
    return 0;
}

static void column_list(peel_buf *b, const peel_type *t)
{
    peel_buf_puts(b, "id, created_at, updated_at");
    for (size_t i = 0; i < t->nfields; i++) {
        if (t->fields[i].type == PEEL_F_POINT)
            peel_buf_printf(b, ", \"%s_lat\", \"%s_lon\"", t->fields[i].name, t->fields[i].name);
        else
            peel_buf_printf(b, ", \"%s\"", t->fields[i].name);
    }
}

static int read_record(const PGresult *res, int row, const peel_type *t, peel_record *r)
{
    int col = 3;
    r->id = peel_store_pg_get_i64(res, row, 0);
    snprintf(r->created_at, sizeof r->created_at, "%s", PQgetvalue(res, row, 1));
    snprintf(r->updated_at, sizeof r->updated_at, "%s", PQgetvalue(res, row, 2));
    for (size_t i = 0; i < t->nfields; i++)
        if (read_value(res, row, &col, &t->fields[i], &r->v[i]) < 0)
            return -1;
    return 0;
}

/* ---- records ---- */

/* INSERT with the next id (one more than the largest, as SQLite's rowid)
 * and both time stamps, or UPDATE by id; the fields are bound alike. */
static void build_write(peel_buf *sql, peel_store_pg_params *p, const peel_record *r, bool insert,
                        const char *now)
{
    const peel_type *t = r->type;

    if (insert) {
        int created = peel_store_pg_param_text(p, now);
        peel_buf_printf(sql, "INSERT INTO \"%s\" (", t->name);
        column_list(sql, t);
        peel_buf_printf(sql, ") VALUES ((SELECT coalesce(max(id), 0) + 1 FROM \"%s\"), $%d, $%d",
                        t->name, created, peel_store_pg_param_text(p, now));
        for (size_t i = 0; i < t->nfields; i++) {
            int n = param_value(p, &t->fields[i], &r->v[i]);
            if (t->fields[i].type == PEEL_F_POINT)
                peel_buf_printf(sql, ", $%d, $%d", n, n + 1);
            else
                peel_buf_printf(sql, ", $%d", n);
        }
        peel_buf_puts(sql, ") RETURNING id");
        return;
    }
    peel_buf_printf(sql, "UPDATE \"%s\" SET updated_at = $%d", t->name,
                    peel_store_pg_param_text(p, now));
    for (size_t i = 0; i < t->nfields; i++) {
        const peel_field *f = &t->fields[i];
        int n = param_value(p, f, &r->v[i]);
        if (f->type == PEEL_F_POINT)
            peel_buf_printf(sql, ", \"%s_lat\" = $%d, \"%s_lon\" = $%d", f->name, n, f->name,
                            n + 1);
        else
            peel_buf_printf(sql, ", \"%s\" = $%d", f->name, n);
    }
    peel_buf_printf(sql, " WHERE id = $%d", peel_store_pg_param_i64(p, r->id));
}

static int write_row(peel_store *s, peel_record *r, bool insert, peel_err *err)
{
    peel_buf sql = PEEL_BUF_INIT;
    peel_store_pg_params p = PEEL_STORE_PG_PARAMS_INIT;
    PGresult *res;
    char now[24];
    int rc = -1;

    peel_clock_format(peel_clock_now(), now);
    build_write(&sql, &p, r, insert, now);
    res = peel_store_pg_run(s, &sql, &p, true, r->type->name, err);
    if (!res)
        goto out;
    if (!insert && strcmp(PQcmdTuples(res), "0") == 0) {
        peel_err_set(err, PEEL_ENOTFOUND, "no %s with id %lld", r->type->name, (long long)r->id);
    } else {
        if (insert) {
            r->id = peel_store_pg_get_i64(res, 0, 0);
            snprintf(r->created_at, sizeof r->created_at, "%s", now);
        }
        snprintf(r->updated_at, sizeof r->updated_at, "%s", now);
        rc = 0;
    }
    PQclear(res);
out:
    peel_buf_release(&sql);
    peel_store_pg_params_release(&p);
    return rc;
}

/* A record inserted as it was elsewhere: its id and both stamps. */
static int pg_put(peel_store *s, const peel_record *r, peel_err *err)
{
    peel_buf sql = PEEL_BUF_INIT;
    peel_store_pg_params p = PEEL_STORE_PG_PARAMS_INIT;
    const peel_type *t = r->type;
    PGresult *res;
    int rc = -1;
    int id = peel_store_pg_param_i64(&p, r->id);
    int created = peel_store_pg_param_text(&p, r->created_at);
    int updated = peel_store_pg_param_text(&p, r->updated_at);

    peel_buf_printf(&sql, "INSERT INTO \"%s\" (", t->name);
    column_list(&sql, t);
    peel_buf_printf(&sql, ") VALUES ($%d, $%d, $%d", id, created, updated);
    for (size_t i = 0; i < t->nfields; i++) {
        int n = param_value(&p, &t->fields[i], &r->v[i]);
        if (t->fields[i].type == PEEL_F_POINT)
            peel_buf_printf(&sql, ", $%d, $%d", n, n + 1);
        else
            peel_buf_printf(&sql, ", $%d", n);
    }
    peel_buf_puts(&sql, ")");
    res = peel_store_pg_run(s, &sql, &p, true, t->name, err);
    if (res) {
        PQclear(res);
        rc = 0;
    }
    peel_buf_release(&sql);
    peel_store_pg_params_release(&p);
    return rc;
}

static int pg_insert(peel_store *s, peel_record *r, peel_err *err)
{
    return write_row(s, r, true, err);
}

static int pg_update(peel_store *s, peel_record *r, peel_err *err)
{
    return write_row(s, r, false, err);
}

static int pg_delete(peel_store *s, const peel_type *t, int64_t id, peel_err *err)
{
    char sql[160], v[24];
    const char *params[] = {peel_store_pg_i64(v, id)};
    PGresult *res;
    int rc = 0;

    snprintf(sql, sizeof sql, "DELETE FROM \"%s\" WHERE id = $1", t->name);
    res = peel_store_pg_write(s, sql, 1, params, t->name, err);
    if (!res) {
        /* The one integrity rule a delete can break: a reference to it. */
        if (err->code == PEEL_EINPUT) {
            *err = (peel_err)PEEL_ERR_INIT;
            peel_err_set(err, PEEL_EINPUT,
                         "%s %lld is referred to by other records: change or delete those first",
                         t->name, (long long)id);
        }
        return -1;
    }
    if (strcmp(PQcmdTuples(res), "0") == 0)
        rc = peel_err_set(err, PEEL_ENOTFOUND, "no %s with id %lld", t->name, (long long)id);
    PQclear(res);
    return rc;
}

/* The WHERE clause of q's filters, their values added to p. */
static void build_where(peel_buf *sql, peel_store_pg_params *p, const peel_query *q)
{
    static const char *const ops[] = {"=", "<>", "<", "<=", ">", ">="};

    for (size_t i = 0; i < q->nfilters; i++) {
        const peel_filter *fl = &q->filters[i];
        const char *col = fl->field ? fl->field->name : "id";
        const char *suffix = fl->field && fl->field->type == PEEL_F_POINT ? "_lat" : "";

        peel_buf_puts(sql, i ? " AND " : " WHERE ");
        if (fl->op == PEEL_OP_NULL || fl->op == PEEL_OP_NOTNULL) {
            peel_buf_printf(sql, "\"%s%s\" IS %sNULL", col, suffix,
                            fl->op == PEEL_OP_NOTNULL ? "NOT " : "");
        } else if (fl->op == PEEL_OP_CONTAINS) {
            /* lower() of "C" text folds ASCII only, as SQLite's does */
            peel_buf_printf(sql, "strpos(lower(\"%s\"::text), lower($%d::text)) > 0", col,
                            peel_store_pg_param_text(p, fl->v.s ? fl->v.s : ""));
        } else if (!fl->field) {
            peel_buf_printf(sql, "id %s $%d", ops[fl->op], peel_store_pg_param_i64(p, fl->v.i));
        } else if (fl->field->type == PEEL_F_POINT) {
            peel_buf_printf(sql, "\"%s_lat\" %s $%d", col, ops[fl->op],
                            peel_store_pg_param_f64(p, fl->v.lat));
        } else if (fl->or_field) {
            int a = param_value(p, fl->field, &fl->v), b = param_value(p, fl->or_field, &fl->v);
            peel_buf_printf(sql, "(\"%s\" %s $%d OR \"%s\" %s $%d)", col, ops[fl->op], a,
                            fl->or_field->name, ops[fl->op], b);
        } else {
            peel_buf_printf(sql, "\"%s\" %s $%d", col, ops[fl->op],
                            param_value(p, fl->field, &fl->v));
        }
    }
}

/* A select of q's records (or with count, their number). */
static void build_select(peel_buf *sql, peel_store_pg_params *p, const peel_query *q, bool count)
{
    const peel_type *t = q->type;
    /* SQLite sorts NULL below every value: first going up, last going down. */
    const char *dir = q->desc ? "DESC NULLS LAST" : "ASC NULLS FIRST";

    if (count) {
        peel_buf_puts(sql, "SELECT count(*)");
    } else {
        peel_buf_puts(sql, "SELECT ");
        column_list(sql, t);
    }
    peel_buf_printf(sql, " FROM \"%s\"", t->name);
    build_where(sql, p, q);
    if (count)
        return;
    if (q->order)
        peel_buf_printf(sql, " ORDER BY \"%s%s\" %s, id", q->order->name,
                        q->order->type == PEEL_F_POINT ? "_lat" : "", dir);
    else
        peel_buf_printf(sql, " ORDER BY id %s", q->desc ? "DESC" : "ASC");
    if (q->limit > 0) {
        int limit = peel_store_pg_param_i64(p, q->limit);
        peel_buf_printf(sql, " LIMIT $%d OFFSET $%d", limit, peel_store_pg_param_i64(p, q->offset));
    }
}

/* Runs the select of q (or its count): the result, or NULL with err. */
static PGresult *run_select(peel_store *s, const peel_query *q, bool count, peel_err *err)
{
    peel_buf sql = PEEL_BUF_INIT;
    peel_store_pg_params p = PEEL_STORE_PG_PARAMS_INIT;
    PGresult *res;

    build_select(&sql, &p, q, count);
    res = peel_store_pg_run(s, &sql, &p, false, q->type->name, err);
    peel_buf_release(&sql);
    peel_store_pg_params_release(&p);
    return res;
}

static int pg_select(peel_store *s, const peel_query *q, peel_record_cb cb, void *ctx,
                     peel_err *err)
{
    PGresult *res = run_select(s, q, false, err);
    peel_record *r = NULL;
    int rc = -1;

    if (!res)
        return -1;
    if (!(r = peel_record_new(q->type))) {
        oom(err);
        goto out;
    }
    for (int i = 0; i < PQntuples(res); i++) {
        int c;
        if (read_record(res, i, q->type, r) < 0) {
            peel_err_set(err, PEEL_EDB, "%s: a stored value could not be read", q->type->name);
            goto out;
        }
        if ((c = cb(ctx, r, err)) < 0)
            goto out;
        if (c > 0)
            break;
    }
    rc = 0;
out:
    peel_record_free(r);
    PQclear(res);
    return rc;
}

static int pg_count(peel_store *s, const peel_query *q, int64_t *n, peel_err *err)
{
    PGresult *res = run_select(s, q, true, err);
    if (!res)
        return -1;
    *n = peel_store_pg_get_i64(res, 0, 0);
    PQclear(res);
    return 0;
}

/* ---- grouped counts ---- */

/* The group fields come first in the row, then the count, then the sum. */
static void build_count_by(peel_buf *sql, peel_store_pg_params *p, const peel_query *q,
                           const peel_grouping *g)
{
    peel_buf_puts(sql, "SELECT ");
    for (size_t i = 0; i < g->nfields; i++)
        peel_buf_printf(sql, "\"%s\", ", g->fields[i]->name);
    peel_buf_puts(sql, "count(*)");
    if (g->sum) /* sum() of no values is NULL; the total of none is 0 */
        peel_buf_printf(sql, ", coalesce(sum(\"%s\"), 0)", g->sum->name);
    peel_buf_printf(sql, " FROM \"%s\"", q->type->name);
    build_where(sql, p, q);
    for (int k = 0; k < 2; k++) {
        peel_buf_puts(sql, k ? " ORDER BY " : " GROUP BY ");
        for (size_t i = 0; i < g->nfields; i++)
            peel_buf_printf(sql, "%s\"%s\"%s", i ? ", " : "", g->fields[i]->name,
                            k ? " NULLS FIRST" : "");
    }
}

static int pg_count_by(peel_store *s, const peel_query *q, const peel_grouping *g, peel_group_cb cb,
                       void *ctx, peel_err *err)
{
    peel_buf sql = PEEL_BUF_INIT;
    peel_store_pg_params p = PEEL_STORE_PG_PARAMS_INIT;
    peel_value keys[PEEL_GROUP_MAX] = {0};
    PGresult *res;
    int rc = 0;

    build_count_by(&sql, &p, q, g);
    res = peel_store_pg_run(s, &sql, &p, false, q->type->name, err);
    peel_buf_release(&sql);
    peel_store_pg_params_release(&p);
    if (!res)
        return -1;
    for (int row = 0; row < PQntuples(res) && rc == 0; row++) {
        int col = 0;
        for (size_t i = 0; i < g->nfields && rc == 0; i++)
            if (read_value(res, row, &col, g->fields[i], &keys[i]) < 0)
                rc = peel_err_set(err, PEEL_EDB, "%s: a stored value of %s could not be read",
                                  q->type->name, g->fields[i]->name);
        if (rc != 0)
            break;
        peel_group grp = {
            .keys = keys,
            .count = peel_store_pg_get_i64(res, row, col),
            .sum = g->sum ? peel_store_pg_get_i64(res, row, col + 1) : 0,
        };
        rc = cb(ctx, &grp, err);
    }
    for (size_t i = 0; i < g->nfields; i++)
        peel_value_clear(&keys[i]);
    PQclear(res);
    return rc < 0 ? -1 : 0;
}

static int take_one(void *ctx, const peel_record *r, peel_err *err)
{
    peel_record *dst = ctx;
    dst->id = r->id;
    memcpy(dst->created_at, r->created_at, sizeof dst->created_at);
    memcpy(dst->updated_at, r->updated_at, sizeof dst->updated_at);
    for (size_t i = 0; i < r->type->nfields; i++)
        if (peel_value_copy(&dst->v[i], &r->v[i]) < 0)
            return oom(err);
    return 1;
}

static int pg_get(peel_store *s, const peel_type *t, int64_t id, peel_record **out, peel_err *err)
{
    peel_filter f = {.field = NULL, .op = PEEL_OP_EQ, .v = {.set = true, .i = id}};
    peel_query q = {.type = t, .filters = &f, .nfilters = 1};
    peel_record *r = peel_record_new(t);

    if (!r)
        return oom(err);
    if (pg_select(s, &q, take_one, r, err) < 0) {
        peel_record_free(r);
        return -1;
    }
    if (r->id == 0) {
        peel_record_free(r);
        return peel_err_set(err, PEEL_ENOTFOUND, "no %s with id %lld", t->name, (long long)id);
    }
    *out = r;
    return 0;
}

static int take_id(void *ctx, const peel_record *r, peel_err *err)
{
    (void)err;
    *(int64_t *)ctx = r->id;
    return 1;
}

static int pg_find(peel_store *s, const peel_type *t, const peel_field *f, const peel_value *v,
                   int64_t *id, peel_err *err)
{
    peel_filter fl = {.field = f, .op = PEEL_OP_EQ, .v = *v};
    peel_query q = {.type = t, .filters = &fl, .nfilters = 1, .limit = 1};

    *id = 0;
    if (pg_select(s, &q, take_id, id, err) < 0)
        return -1;
    return *id != 0;
}

/* ---- audit and meta ---- */

/* Rows are numbered as SQLite numbers them, one more than the largest, so
 * the trail has no gaps (check) even where a transaction rolled back.  In
 * a write transaction the row is held and goes with others (held.c). */
static int pg_audit_add(peel_store *s, const peel_audit *a, peel_err *err)
{
    char id[24];
    const char *params[] = {a->type,      peel_store_pg_i64(id, a->record_id),
                            a->at,        a->user,
                            a->action,    a->field,
                            a->old_value, a->new_value};

    /* a row the server would refuse (a NOT NULL column unset) is sent at
     * once, to fail where it is added as it always has */
    if (peel_store_pg(s)->writing && a->type && a->at && a->user && a->action)
        return peel_store_pg_held_add(s, PEEL_PG_HELD_AUDIT, params, err);
    return peel_store_pg_write_exec(
        s,
        "INSERT INTO peel_audit (id, type, record_id, at, \"user\", action,"
        " field, old_value, new_value) VALUES ((SELECT coalesce(max(id), 0)"
        " + 1 FROM peel_audit), $1, $2, $3, $4, $5, $6, $7, $8)",
        8, params, "audit", err);
}

static int pg_audit_forget(peel_store *s, const char *type, int64_t id, const char *field,
                           peel_err *err)
{
    char v[24];
    const char *params[] = {type, peel_store_pg_i64(v, id), field};
    if (peel_store_pg_held_flush(s, err) < 0)
        return -1;
    return peel_store_pg_write_exec(s,
                                    "UPDATE peel_audit SET old_value = NULL, new_value = NULL"
                                    " WHERE type = $1 AND record_id = $2 AND field = $3",
                                    3, params, "audit", err);
}

/* Hands each audit row of res (type, record_id, at, user, action, field
 * and, when selected, old_value and new_value) to cb. */
static int audit_rows(PGresult *res, peel_audit_cb cb, void *ctx, peel_err *err)
{
    bool values = PQnfields(res) >= 8;
    int rc = 0;

#define TEXT(c) (PQgetisnull(res, i, (c)) ? NULL : PQgetvalue(res, i, (c)))
    for (int i = 0; i < PQntuples(res) && rc == 0; i++) {
        peel_audit a = {
            .type = TEXT(0),
            .record_id = peel_store_pg_get_i64(res, i, 1),
            .at = TEXT(2),
            .user = TEXT(3),
            .action = TEXT(4),
            .field = TEXT(5),
            .old_value = values ? TEXT(6) : NULL,
            .new_value = values ? TEXT(7) : NULL,
        };
        rc = cb(ctx, &a, err);
    }
#undef TEXT
    PQclear(res);
    return rc < 0 ? -1 : 0;
}

static int pg_audit_list(peel_store *s, const char *type, int64_t id, peel_audit_cb cb, void *ctx,
                         peel_err *err)
{
    char v[24];
    const char *params[] = {type, peel_store_pg_i64(v, id)};
    PGresult *res;

    if (peel_store_pg_held_flush(s, err) < 0)
        return -1;
    res = peel_store_pg_query(
        s,
        "SELECT type, record_id, at, \"user\", action, field, old_value, new_value"
        " FROM peel_audit WHERE type = $1 AND record_id = $2 ORDER BY id",
        2, params, "audit", err);
    return res ? audit_rows(res, cb, ctx, err) : -1;
}

static int pg_audit_each(peel_store *s, peel_audit_cb cb, void *ctx, peel_err *err)
{
    PGresult *res;

    if (peel_store_pg_held_flush(s, err) < 0)
        return -1;
    res = peel_store_pg_query(
        s,
        "SELECT type, record_id, at, \"user\", action, field, old_value, new_value"
        " FROM peel_audit ORDER BY id",
        0, NULL, "audit", err);
    return res ? audit_rows(res, cb, ctx, err) : -1;
}

static int pg_audit_recent(peel_store *s, int limit, peel_audit_cb cb, void *ctx, peel_err *err)
{
    char v[24];
    const char *params[] = {peel_store_pg_i64(v, limit)};
    PGresult *res;

    if (peel_store_pg_held_flush(s, err) < 0)
        return -1;
    /* One row per change: the record-level row of a create/delete, or each
     * changed field of an update.  Values are not read. */
    res = peel_store_pg_query(s,
                              "SELECT type, record_id, at, \"user\", action, field"
                              " FROM peel_audit WHERE (action = 'update') OR"
                              " (field IS NULL) ORDER BY id DESC LIMIT $1",
                              1, params, "audit", err);
    return res ? audit_rows(res, cb, ctx, err) : -1;
}

static int pg_meta_get(peel_store *s, const char *key, char *out, size_t outsz, peel_err *err)
{
    const char *params[] = {key};
    PGresult *res = peel_store_pg_query(s, "SELECT value FROM peel_meta WHERE key = $1", 1, params,
                                        "meta", err);
    int found;
    if (!res)
        return -1;
    found = PQntuples(res) > 0;
    if (found)
        snprintf(out, outsz, "%s", PQgetvalue(res, 0, 0));
    PQclear(res);
    return found;
}

static int pg_meta_each(peel_store *s, peel_meta_cb cb, void *ctx, peel_err *err)
{
    PGresult *res = peel_store_pg_query(
        s, "SELECT key, value FROM peel_meta ORDER BY key COLLATE \"C\"", 0, NULL, "meta", err);
    int rc = 0;
    if (!res)
        return -1;
    for (int i = 0; rc == 0 && i < PQntuples(res); i++)
        rc = cb(ctx, PQgetvalue(res, i, 0), PQgetvalue(res, i, 1), err);
    PQclear(res);
    return rc < 0 ? -1 : 0;
}

static int pg_meta_set(peel_store *s, const char *key, const char *value, peel_err *err)
{
    const char *params[] = {key, value};
    return peel_store_pg_write_exec(s,
                                    "INSERT INTO peel_meta (key, value) VALUES ($1, $2)"
                                    " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                    2, params, "meta", err);
}

/* ---- the database as a whole ---- */

/* A copy of a PostgreSQL database is the server's to make. */
static int pg_backup(peel_store *s, const char *path, peel_err *err)
{
    (void)s;
    (void)path;
    return peel_err_set(err, PEEL_EINPUT,
                        "backup: a PostgreSQL database is copied by its server's tools (pg_dump); "
                        "peel backup writes SQLite files");
}

/* The server writes its log into the tables itself: nothing is left over
 * for a checkpoint to move. */
static int pg_checkpoint(peel_store *s, bool *complete, peel_err *err)
{
    (void)s;
    (void)err;
    *complete = true;
    return 0;
}

/* What autovacuum would do only later, done at once after a bulk change:
 * the planner's statistics for every table (a national crime year's
 * summaries planned on an empty table's statistics took twice as long) and
 * the visibility map (until a VACUUM marks the new pages all-visible, an
 * index-only scan of crime_count still reads the heap: counting
 * Leicestershire's cells took 80 ms before and 33 ms after), which also
 * frees the rows a replaced month left.  Pages a VACUUM has marked are
 * skipped, so it reads little more than the change: 0.3 to 0.5 s after
 * the two-month national sample's 8 s import. */
static int pg_analyze(peel_store *s, peel_err *err)
{
    return peel_store_pg_exec(s, "VACUUM (ANALYZE)", 0, NULL,
                              "updating the planner's statistics and the visibility map", err);
}

/* A row per group, raised once by every transaction that wrote a table of
 * the group, by the tables' triggers (conn.c), on any connection: the same
 * numbers for the same data whichever connection reads them, as the page
 * cache needs.  Read in a transaction, they are that transaction's
 * snapshot's. */
static int pg_changes_each(peel_store *ps, peel_changes_cb cb, void *ctx, peel_err *err)
{
    PGresult *res;
    int rc = 0;

    /* the rows held count as written */
    if (peel_store_pg_held_flush(ps, err) < 0)
        return -1;
    /* A database no peel of this kind has written to yet has no counts:
     * all 0 (the first write makes the table, conn.c). */
    if (!peel_store_pg(ps)->count_ready && !peel_store_pg(ps)->counts_exist) {
        res = peel_store_pg_query(ps, "SELECT to_regclass('peel_change_counts') IS NOT NULL", 0,
                                  NULL, "change counts", err);
        if (!res)
            return -1;
        peel_store_pg(ps)->counts_exist =
            PQntuples(res) == 1 && !strcmp(PQgetvalue(res, 0, 0), "t");
        PQclear(res);
        if (!peel_store_pg(ps)->counts_exist)
            return 0;
    }
    res = peel_store_pg_query(ps, "SELECT grp, n FROM peel_change_counts", 0, NULL, "change counts",
                              err);
    if (!res)
        return -1;
    for (int i = 0; rc == 0 && i < PQntuples(res); i++)
        rc = cb(ctx, PQgetvalue(res, i, 0), strtoull(PQgetvalue(res, i, 1), NULL, 10), err);
    PQclear(res);
    return rc < 0 ? -1 : 0;
}

/* The server keeps its pages and enforces every reference itself; what is
 * peel's to check is the audit trail: its rows are numbered as written and
 * never deleted (erasure forgets values, not rows), so the ids from the
 * first to the last are all there. */
static int pg_check(peel_store *s, peel_check_cb cb, void *ctx, peel_err *err)
{
    char detail[200];
    PGresult *res;

    if (cb(ctx, "integrity", true, "the PostgreSQL server keeps the database's pages", err) < 0 ||
        cb(ctx, "foreign keys", true, "every reference finds its row (the server enforces them)",
           err) < 0 ||
        peel_store_pg_held_flush(s, err) < 0)
        return -1;
    res = peel_store_pg_query(
        s, "SELECT count(*), coalesce(min(id), 0), coalesce(max(id), 0) FROM peel_audit", 0, NULL,
        "audit check", err);
    if (!res)
        return -1;
    long long count = peel_store_pg_get_i64(res, 0, 0), lo = peel_store_pg_get_i64(res, 0, 1),
              hi = peel_store_pg_get_i64(res, 0, 2);
    PQclear(res);
    bool whole = count == 0 || (lo == 1 && hi - lo + 1 == count);
    if (whole)
        snprintf(detail, sizeof detail, "%lld rows, numbered 1 to %lld with none missing", count,
                 hi);
    else
        snprintf(detail, sizeof detail, "%lld rows numbered %lld to %lld: %lld missing", count, lo,
                 hi, hi - count);
    return cb(ctx, "audit trail", whole, detail, err);
}

/* ---- the table ---- */

static int pg_migrate_type(peel_store *s, const peel_type *t, bool dry_run, peel_err *err)
{
    return migrate_type(s, t, dry_run, err);
}

const peel_store_ops peel_store_pg_ops = {
    .migrations = core_migrations,
    .open = peel_store_pg_open,
    .close = peel_store_pg_close,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .savepoint = pg_savepoint,
    .savepoint_release = pg_savepoint_release,
    .savepoint_rollback = pg_savepoint_rollback,
    .migrations_ready = pg_migrations_ready,
    .migration_applied = pg_migration_applied,
    .migration_apply = pg_migration_apply,
    .migrate_type = pg_migrate_type,
    .insert = pg_insert,
    .update = pg_update,
    .delete = pg_delete,
    .get = pg_get,
    .find = pg_find,
    .select = pg_select,
    .count = pg_count,
    .count_by = pg_count_by,
    .audit_add = pg_audit_add,
    .audit_list = pg_audit_list,
    .audit_each = pg_audit_each,
    .put = pg_put,
    .audit_forget = pg_audit_forget,
    .audit_recent = pg_audit_recent,
    .backup = pg_backup,
    .checkpoint = pg_checkpoint,
    .analyze = pg_analyze,
    .check = pg_check,
    .changes_each = pg_changes_each,
    .meta_get = pg_meta_get,
    .meta_set = pg_meta_set,
    .meta_each = pg_meta_each,
};
