/* sqlite/lifecycle.c - the SQLite backend's lifecycle history
 * (lifecycle_db.h): the peel_transition table, its numbered migrations
 * 400-449, and the statements that add and read transitions.
 *
 * Migration 400 also carries the dated status changes of a database made
 * before actions had a lifecycle (the action_update table) into the
 * history, each with the status before it as its `from` (the action's
 * initial state, open, for the first), who entered it (its audit row) and
 * when, and then drops that table: the history is the one copy.  On a new
 * database the table does not exist, so the migration creates an empty one
 * of the old shape to read from.
 *
 * Migration 401 does the same for recommendations, whose response was
 * recorded on the record (response_date, accepted) before they had a
 * lifecycle: each one with a response, a response date or an acceptance
 * gets one transition from awaiting_response to its acceptance (or
 * responded when none was recorded), dated with its response date, and the
 * two columns are dropped; the response's text stays on the record.  A
 * response recorded without a date is dated with the day the
 * recommendation was made and says so in its note: the status rule before
 * lifecycles counted it as made from then.  Whether the columns exist
 * depends on the database's age, so this step is C (rec_history).
 *
 * Migration 402 turns the register's HMICFRS years as reported (the
 * hmicfrs_year table, from before figures were records) into figures like
 * any other: for each year, the responses counted, those within 56 days
 * and the percentage, each with the printed text and the paper's sentence,
 * computed from the publications' dates (figures/figure.h).  The year's
 * audit trail moves to the percentage figure, so its history is kept, and
 * the table is dropped.  A database made after has no such table. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "store/lifecycle_db.h"
#include "store/sqlite/sqlite.h"

static int rec_history(peel_store *s, peel_err *err)
{
    sqlite3_stmt *st;
    int step, ncols = 0;
    char *msg = NULL;

    /* Not through the statement cache: a migration leaves it empty. */
    if (sqlite3_prepare_v2(peel_store_sqlite_db(s),
                           "SELECT count(*) FROM pragma_table_info('recommendation')"
                           " WHERE name IN ('accepted', 'response_date')",
                           -1, &st, NULL) != SQLITE_OK)
        return peel_store_sqlite_err(s, err, "recommendation history");
    if ((step = sqlite3_step(st)) == SQLITE_ROW)
        ncols = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (step != SQLITE_ROW)
        return peel_store_sqlite_err(s, err, "recommendation history");
    if (ncols < 2)
        return 0; /* a database made after: the columns never existed */
    if (sqlite3_exec(
            peel_store_sqlite_db(s),
            "INSERT INTO peel_transition (type, record_id, from_state, to_state, date, note,"
            "  evidence, source, user, at)"
            " SELECT 'recommendation', r.id, 'awaiting_response',"
            "  CASE WHEN r.accepted IN ('accepted', 'partly_accepted', 'not_accepted')"
            "   THEN r.accepted ELSE 'responded' END,"
            "  COALESCE(NULLIF(r.response_date, ''), r.made),"
            "  CASE WHEN NULLIF(r.response_date, '') IS NULL THEN 'Dated with the day the"
            " recommendation was made: no response date was recorded.' ELSE '' END,"
            "  '', COALESCE(r.provenance, ''),"
            "  COALESCE((SELECT a.user FROM peel_audit a WHERE a.type = 'recommendation'"
            "    AND a.record_id = r.id AND a.field IN ('response', 'response_date', 'accepted')"
            "    ORDER BY a.id DESC LIMIT 1), 'peel'),"
            "  COALESCE(r.updated_at, '')"
            " FROM recommendation r"
            " WHERE r.made IS NOT NULL AND (NULLIF(r.response_date, '') IS NOT NULL"
            "  OR NULLIF(r.accepted, '') IS NOT NULL OR NULLIF(r.response, '') IS NOT NULL)"
            " ORDER BY r.id;"
            "ALTER TABLE recommendation DROP COLUMN accepted;"
            "ALTER TABLE recommendation DROP COLUMN response_date;",
            NULL, NULL, &msg) != SQLITE_OK) {
        peel_err_set(err, PEEL_EDB, "recommendation history: %s", msg ? msg : "unknown error");
        sqlite3_free(msg);
        return -1;
    }
    return 0;
}

static const char *col(sqlite3_stmt *st, int c);

/* "(86%)" in the paper's sentence: the percentage as printed, or "". */
static void printed_pct(const char *text, char out[16])
{
    out[0] = '\0';
    for (const char *p = strchr(text, '('); p; p = strchr(p + 1, '(')) {
        size_t n = strspn(p + 1, "0123456789.");
        if (n && n < 12 && p[1 + n] == '%' && p[2 + n] == ')') {
            snprintf(out, 16, "%.*s%%", (int)n, p + 1);
            return;
        }
    }
}

static int exec_figure(sqlite3 *db, const char *key, const char *label, const char *from,
                       const char *to, const char *printed, const char *quote, const char *unit,
                       const char *compute, const char *filters, const char *a, const char *b,
                       const char *paper, int publish, const char *at, int64_t *id)
{
    sqlite3_stmt *st;
    int rc;

    if (sqlite3_prepare_v2(
            db,
            "INSERT OR IGNORE INTO figure (created_at, updated_at, key, label, paper,"
            " period_from, period_to, printed, quote, unit, compute, over,"
            " date_field, filters, a, b, publish, provenance, notes)"
            " VALUES (?1, ?1, ?2, ?3, ?4, ?5, ?6, NULLIF(?7, ''), ?8, ?9, ?10,"
            " CASE WHEN ?10 = 'count' THEN 'publication' END,"
            " CASE WHEN ?10 = 'count' THEN 'response_fy' END, NULLIF(?11, ''),"
            " NULLIF(?12, ''), NULLIF(?13, ''), ?14, ?4,"
            " 'Made from the HMICFRS year as reported when figures became records.')",
            -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, at, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, label, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, paper, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, from, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, to, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, printed, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 8, quote, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 9, unit, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 10, compute, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 11, filters, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 12, a, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 13, b, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 14, publish);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return -1;
    *id = sqlite3_changes(db) ? sqlite3_last_insert_rowid(db) : 0;
    return 0;
}

static int hmicfrs_figures(peel_store *s, peel_err *err)
{
    sqlite3 *db = peel_store_sqlite_db(s);
    sqlite3_stmt *st, *mv;
    int step, exists = 0;

    if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master WHERE name = 'hmicfrs_year'", -1,
                           &st, NULL) != SQLITE_OK)
        return peel_store_sqlite_err(s, err, "HMICFRS figures");
    if (sqlite3_step(st) == SQLITE_ROW)
        exists = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (!exists)
        return 0;
    if (sqlite3_prepare_v2(db,
                           "SELECT id, fy, responses, within, COALESCE(printed, ''),"
                           " COALESCE(provenance, ''), COALESCE(publish, 0), updated_at"
                           " FROM hmicfrs_year WHERE fy IS NOT NULL ORDER BY id",
                           -1, &st, NULL) != SQLITE_OK)
        return peel_store_sqlite_err(s, err, "HMICFRS figures");
    if (sqlite3_prepare_v2(db,
                           "UPDATE peel_audit SET type = 'figure', record_id = ?1"
                           " WHERE type = 'hmicfrs_year' AND record_id = ?2",
                           -1, &mv, NULL) != SQLITE_OK) {
        sqlite3_finalize(st);
        return peel_store_sqlite_err(s, err, "HMICFRS figures");
    }
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *fy = col(st, 1), *quote = col(st, 4), *paper = col(st, 5), *at = col(st, 7);
        int y = atoi(fy), publish = sqlite3_column_int(st, 6);
        char from[16], to[16], k1[64], k2[64], k3[64], l1[160], l2[160], l3[160];
        char n1[24], n2[24], pct[16],
            filters[] = "days(published, response_published) <= 56; "
                        "days(published, sent_home_office) <= 56";
        int64_t id1, id2, id3;

        snprintf(from, sizeof from, "%04d-04-01", y);
        snprintf(to, sizeof to, "%04d-03-31", y + 1);
        snprintf(k1, sizeof k1, "hmicfrs-responses-%s", fy);
        snprintf(k2, sizeof k2, "hmicfrs-within-56-days-%s", fy);
        snprintf(k3, sizeof k3, "hmicfrs-56-days-%s", fy);
        snprintf(l1, sizeof l1, "PCC responses to HMICFRS publications in %s", fy);
        snprintf(l2, sizeof l2, "PCC responses to HMICFRS publications in %s within 56 days", fy);
        snprintf(l3, sizeof l3, "Share of %s HMICFRS responses within 56 days", fy);
        snprintf(n1, sizeof n1, "%lld", (long long)sqlite3_column_int64(st, 2));
        snprintf(n2, sizeof n2, "%lld", (long long)sqlite3_column_int64(st, 3));
        printed_pct(quote, pct);
        if (exec_figure(db, k1, l1, from, to, n1, quote, "count", "count", "", "", "", paper,
                        publish, at, &id1) < 0 ||
            exec_figure(db, k2, l2, from, to, n2, quote, "count", "count", filters, "", "", paper,
                        publish, at, &id2) < 0 ||
            exec_figure(db, k3, l3, from, to, pct, quote, "percent", "percentage", "", k2, k1,
                        paper, publish, at, &id3) < 0)
            break;
        if (id3) {
            sqlite3_bind_int64(mv, 1, id3);
            sqlite3_bind_int64(mv, 2, sqlite3_column_int64(st, 0));
            if (sqlite3_step(mv) != SQLITE_DONE)
                break;
            sqlite3_reset(mv);
        }
    }
    sqlite3_finalize(st);
    sqlite3_finalize(mv);
    if (step != SQLITE_DONE)
        return peel_store_sqlite_err(s, err, "HMICFRS figures");
    if (sqlite3_exec(db, "DROP TABLE hmicfrs_year", NULL, NULL, NULL) != SQLITE_OK)
        return peel_store_sqlite_err(s, err, "HMICFRS figures");
    return 0;
}

static const peel_migration lifecycle_migrations[] = {
    {400, "lifecycle history; action status changes moved into it",
     "CREATE TABLE peel_transition ("
     "  id INTEGER PRIMARY KEY, type TEXT NOT NULL, record_id INTEGER NOT NULL,"
     "  from_state TEXT NOT NULL, to_state TEXT NOT NULL, date TEXT NOT NULL,"
     "  note TEXT NOT NULL DEFAULT '', evidence TEXT NOT NULL DEFAULT '',"
     "  source TEXT NOT NULL DEFAULT '', user TEXT NOT NULL, at TEXT NOT NULL);"
     "CREATE INDEX peel_transition_record ON peel_transition(type, record_id, date, id);"
     "CREATE TABLE IF NOT EXISTS action_update (id INTEGER PRIMARY KEY, created_at TEXT,"
     "  action INTEGER, date TEXT, status TEXT, note TEXT, evidence TEXT, provenance TEXT);"
     "INSERT INTO peel_transition (type, record_id, from_state, to_state, date, note, evidence,"
     "  source, user, at)"
     " SELECT 'action', u.action,"
     "  COALESCE(LAG(u.status) OVER (PARTITION BY u.action ORDER BY u.date, u.id), 'open'),"
     "  u.status, u.date, COALESCE(u.note, ''), COALESCE(u.evidence, ''),"
     "  COALESCE(u.provenance, ''),"
     "  COALESCE((SELECT a.user FROM peel_audit a WHERE a.type = 'action_update'"
     "    AND a.record_id = u.id AND a.action = 'create' ORDER BY a.id LIMIT 1), 'peel'),"
     "  COALESCE(u.created_at, '')"
     " FROM action_update u"
     " WHERE u.action IS NOT NULL AND u.date IS NOT NULL AND u.status IS NOT NULL"
     " ORDER BY u.action, u.date, u.id;"
     "DROP TABLE action_update;",
     NULL},
    {401, "recommendation responses moved into their lifecycle history", NULL, rec_history},
    {402, "HMICFRS years as reported became figures", NULL, hmicfrs_figures},
    {0, NULL, NULL, NULL},
};

static int lc_add(peel_store *s, const peel_transition *t, int64_t *id, peel_err *err)
{
    sqlite3_stmt *st;
    char date[11];
    int rc;

    peel_date_format(t->date, date);
    if (peel_store_sqlite_prepare(s,
                                  "INSERT INTO peel_transition (type, record_id, from_state,"
                                  " to_state, date, note, evidence, source, user, at)"
                                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                  &st, err) < 0)
        return -1;
    sqlite3_bind_text(st, 1, t->type, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, t->record_id);
    sqlite3_bind_text(st, 3, t->from, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, t->to, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, date, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 6, t->note ? t->note : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, t->evidence ? t->evidence : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 8, t->source ? t->source : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 9, t->user ? t->user : "", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 10, t->at ? t->at : "", -1, SQLITE_STATIC);
    rc = sqlite3_step(st) == SQLITE_DONE ? 0 : peel_store_sqlite_err(s, err, "lifecycle history");
    if (rc == 0 && id)
        *id = sqlite3_last_insert_rowid(peel_store_sqlite_db(s));
    peel_store_sqlite_release(s, st);
    return rc;
}

static const char *col(sqlite3_stmt *st, int c)
{
    const char *v = (const char *)sqlite3_column_text(st, c);
    return v ? v : "";
}

static int lc_list(peel_store *s, const char *type, int64_t record_id, peel_lcdb_cb cb, void *ctx,
                   peel_err *err)
{
    sqlite3_stmt *st;
    int rc = 0, step;

    if (peel_store_sqlite_prepare(s,
                                  "SELECT id, record_id, from_state, to_state, date, note,"
                                  " evidence, source, user, at FROM peel_transition"
                                  " WHERE type = ?1 AND (?2 = 0 OR record_id = ?2)"
                                  " ORDER BY record_id, date, id",
                                  &st, err) < 0)
        return -1;
    sqlite3_bind_text(st, 1, type, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, record_id);
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *date = col(st, 4);
        peel_transition t = {
            .id = sqlite3_column_int64(st, 0),
            .type = (char *)type,
            .record_id = sqlite3_column_int64(st, 1),
            .from = (char *)col(st, 2),
            .to = (char *)col(st, 3),
            .note = (char *)col(st, 5),
            .evidence = (char *)col(st, 6),
            .source = (char *)col(st, 7),
            .user = (char *)col(st, 8),
            .at = (char *)col(st, 9),
        };
        peel_err ignored = {0};
        if (peel_date_parse(date, strlen(date), &t.date, &ignored) < 0) {
            rc = peel_err_set(err, PEEL_EDB, "lifecycle history row %lld: bad date '%s'",
                              (long long)t.id, date);
            break;
        }
        if ((rc = cb(ctx, &t, err)) != 0)
            break;
    }
    return peel_store_sqlite_rows_done(s, st, rc, step, "lifecycle history", err);
}

static int lc_delete_record(peel_store *s, const char *type, int64_t record_id, peel_err *err)
{
    sqlite3_stmt *st;
    int rc;
    if (peel_store_sqlite_prepare(s, "DELETE FROM peel_transition WHERE type = ? AND record_id = ?",
                                  &st, err) < 0)
        return -1;
    sqlite3_bind_text(st, 1, type, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, record_id);
    rc = sqlite3_step(st) == SQLITE_DONE ? 0 : peel_store_sqlite_err(s, err, "lifecycle history");
    peel_store_sqlite_release(s, st);
    return rc;
}

const peel_lifecycle_db_ops peel_store_sqlite_lifecycle_ops = {
    .migrations = lifecycle_migrations,
    .add = lc_add,
    .list = lc_list,
    .delete_record = lc_delete_record,
};
