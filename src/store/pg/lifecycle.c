/* lifecycle.c - the PostgreSQL backend's lifecycle history (lifecycle_db.h):
 * the peel_transition table, its numbered migrations 400-449, and the
 * statements that add and read transitions, as sqlite/lifecycle.c does.
 *
 * SQLite's migrations 401 and 402 carry the history of a database made
 * before lifecycles (recommendation responses on the record, the HMICFRS
 * years as reported) into the new shapes, and 400 the action_update table.
 * A PostgreSQL database was never of those shapes, so here 400 creates the
 * table and 401 and 402 are recorded with nothing to carry: the versions
 * stay the same on both backends.  A row's id is one more than the
 * largest, as SQLite's rowid, under the writers' lock (store.c).
 */
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "store/lifecycle_db.h"
#include "store/pg/pg.h"

static const peel_migration lifecycle_migrations[] = {
    {400, "lifecycle history; action status changes moved into it",
     "CREATE TABLE peel_transition ("
     "  id BIGINT PRIMARY KEY, type TEXT COLLATE \"C\" NOT NULL, record_id BIGINT NOT NULL,"
     "  from_state TEXT COLLATE \"C\" NOT NULL, to_state TEXT COLLATE \"C\" NOT NULL,"
     "  date TEXT COLLATE \"C\" NOT NULL, note TEXT NOT NULL DEFAULT '',"
     "  evidence TEXT NOT NULL DEFAULT '', source TEXT NOT NULL DEFAULT '',"
     "  \"user\" TEXT NOT NULL, at TEXT COLLATE \"C\" NOT NULL);"
     "CREATE INDEX peel_transition_record ON peel_transition(type, record_id, date, id);",
     NULL},
    {401, "recommendation responses moved into their lifecycle history", NULL, NULL},
    {402, "HMICFRS years as reported became figures", NULL, NULL},
    {0, NULL, NULL, NULL},
};

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

static int lc_add(peel_store *s, const peel_transition *t, int64_t *id, peel_err *err)
{
    char date[11], rid[24];
    const char *params[] = {t->type,
                            peel_store_pg_i64(rid, t->record_id),
                            t->from,
                            t->to,
                            date,
                            or_empty(t->note),
                            or_empty(t->evidence),
                            or_empty(t->source),
                            or_empty(t->user),
                            or_empty(t->at)};
    PGresult *res;

    peel_date_format(t->date, date);
    res = peel_store_pg_write(s,
                              "INSERT INTO peel_transition (id, type, record_id, from_state,"
                              " to_state, date, note, evidence, source, \"user\", at) VALUES"
                              " ((SELECT coalesce(max(id), 0) + 1 FROM peel_transition),"
                              " $1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
                              10, params, "lifecycle history", err);
    if (!res)
        return -1;
    if (id)
        *id = peel_store_pg_get_i64(res, 0, 0);
    PQclear(res);
    return 0;
}

static int lc_list(peel_store *s, const char *type, int64_t record_id, peel_lcdb_cb cb, void *ctx,
                   peel_err *err)
{
    char rid[24];
    const char *params[] = {type, peel_store_pg_i64(rid, record_id)};
    PGresult *res = peel_store_pg_query(s,
                                        "SELECT id, record_id, from_state, to_state, date, note,"
                                        " evidence, source, \"user\", at FROM peel_transition"
                                        " WHERE type = $1 AND ($2::bigint = 0 OR record_id ="
                                        " $2::bigint) ORDER BY record_id, date, id",
                                        2, params, "lifecycle history", err);
    int rc = 0;

    if (!res)
        return -1;
    for (int i = 0; i < PQntuples(res) && rc == 0; i++) {
        const char *date = PQgetvalue(res, i, 4);
        peel_transition t = {
            .id = peel_store_pg_get_i64(res, i, 0),
            .type = (char *)type,
            .record_id = peel_store_pg_get_i64(res, i, 1),
            .from = PQgetvalue(res, i, 2),
            .to = PQgetvalue(res, i, 3),
            .note = PQgetvalue(res, i, 5),
            .evidence = PQgetvalue(res, i, 6),
            .source = PQgetvalue(res, i, 7),
            .user = PQgetvalue(res, i, 8),
            .at = PQgetvalue(res, i, 9),
        };
        peel_err ignored = {0};
        if (peel_date_parse(date, strlen(date), &t.date, &ignored) < 0)
            rc = peel_err_set(err, PEEL_EDB, "lifecycle history row %lld: bad date '%s'",
                              (long long)t.id, date);
        else
            rc = cb(ctx, &t, err);
    }
    PQclear(res);
    return rc < 0 ? -1 : 0;
}

static int lc_delete_record(peel_store *s, const char *type, int64_t record_id, peel_err *err)
{
    char rid[24];
    const char *params[] = {type, peel_store_pg_i64(rid, record_id)};
    return peel_store_pg_write_exec(
        s, "DELETE FROM peel_transition WHERE type = $1 AND record_id = $2", 2, params,
        "lifecycle history", err);
}

const peel_lifecycle_db_ops peel_store_pg_lifecycle_ops = {
    .migrations = lifecycle_migrations,
    .add = lc_add,
    .list = lc_list,
    .delete_record = lc_delete_record,
};
