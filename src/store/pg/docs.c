/* docs.c - the PostgreSQL backend's attachments and search index
 * (backend.h, docs_db.h): the attachment table, the full-text index of
 * records' searchable fields and papers' text, and their numbered
 * migration 500, as sqlite/docs.c has them; and the attachments' files
 * (migration 501, below).
 *
 * The index is one table: each row's text with its tsvector (the "simple"
 * configuration: words lower-cased, not stemmed, as SQLite's unicode61
 * tokenizer leaves them; accents are kept, where SQLite's folds them), and
 * the row's record, attachment, field and day beside it.  The expression
 * model/search.c builds for FTS5 (each word in double quotes) reads the
 * same to websearch_to_tsquery: every word must be there.  Hits are ranked
 * by ts_rank, given as its negative so lower is better as bm25's is; the
 * snippet is ts_headline's, each matching word between \x01 and \x02.
 * Rows' ids are one more than the largest, as SQLite's rowid.
 *
 * The attachments' files are in the database too (migration 501): one row
 * of attachment_file per SHA-256, its bytes a bytea sent and read in
 * binary (no escaping, no hex doubling), written in the caller's
 * transaction with the attachment's row, so every server process sharing
 * the database reads the same files and pg_dump carries them.  Bytes no
 * attachment holds any longer go in the transaction that removes the last
 * one.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/docs_db.h"
#include "store/pg/pg.h"

static const peel_migration docs_migrations[] = {
    {500, "attachments and the search index",
     "CREATE TABLE attachment ("
     "  id BIGINT PRIMARY KEY, type TEXT COLLATE \"C\" NOT NULL, record_id BIGINT NOT NULL,"
     "  sha256 TEXT COLLATE \"C\" NOT NULL, size BIGINT NOT NULL, format TEXT NOT NULL,"
     "  title TEXT NOT NULL, kind TEXT NOT NULL, date TEXT COLLATE \"C\","
     "  filename TEXT NOT NULL, added_at TEXT NOT NULL, added_by TEXT);"
     "CREATE INDEX attachment_record ON attachment(type, record_id);"
     "CREATE TABLE peel_search ("
     "  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, text TEXT,"
     "  type TEXT COLLATE \"C\", record_id BIGINT, attachment BIGINT,"
     "  field TEXT COLLATE \"C\", day TEXT COLLATE \"C\","
     "  words tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce(text, ''))) STORED);"
     "CREATE INDEX peel_search_words ON peel_search USING GIN (words);"
     "CREATE INDEX peel_search_record ON peel_search(type, record_id);",
     NULL},
    {501, "attachments' files in the database",
     "CREATE TABLE attachment_file (sha256 TEXT COLLATE \"C\" PRIMARY KEY, bytes BYTEA NOT NULL);"
     "CREATE INDEX attachment_sha256 ON attachment(sha256);",
     NULL},
    {0, NULL, NULL, NULL},
};

static int attachment_add(peel_store *s, peel_attachment *a, peel_err *err)
{
    char rid[24], size[24];
    const char *params[] = {a->type,     peel_store_pg_i64(rid, a->record_id),
                            a->sha256,   peel_store_pg_i64(size, a->size),
                            a->format,   a->title,
                            a->kind,     a->date,
                            a->filename, a->added_at,
                            a->added_by};
    PGresult *res = peel_store_pg_write(
        s,
        "INSERT INTO attachment (id, type, record_id, sha256, size, format, title, kind, date,"
        " filename, added_at, added_by) VALUES ((SELECT coalesce(max(id), 0) + 1 FROM"
        " attachment), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        11, params, "attachments", err);
    if (!res)
        return -1;
    a->id = peel_store_pg_get_i64(res, 0, 0);
    PQclear(res);
    return 0;
}

#define ATTACHMENT_COLUMNS                                                                         \
    "SELECT id, type, record_id, sha256, size, format, title, kind, date, filename, added_at,"     \
    " added_by FROM attachment"

static const char *text_or_null(const PGresult *res, int row, int col)
{
    return PQgetisnull(res, row, col) ? NULL : PQgetvalue(res, row, col);
}

/* Hands each row of res to cb; returns the rows seen, or -1. */
static int attachment_rows(PGresult *res, peel_attachment_cb cb, void *ctx, peel_err *err)
{
    int rc = 0, n = 0;

    for (int i = 0; i < PQntuples(res) && rc == 0; i++, n++) {
        peel_attachment a = {
            .id = peel_store_pg_get_i64(res, i, 0),
            .type = text_or_null(res, i, 1),
            .record_id = peel_store_pg_get_i64(res, i, 2),
            .sha256 = text_or_null(res, i, 3),
            .size = peel_store_pg_get_i64(res, i, 4),
            .format = text_or_null(res, i, 5),
            .title = text_or_null(res, i, 6),
            .kind = text_or_null(res, i, 7),
            .date = text_or_null(res, i, 8),
            .filename = text_or_null(res, i, 9),
            .added_at = text_or_null(res, i, 10),
            .added_by = text_or_null(res, i, 11),
        };
        rc = cb(ctx, &a, err);
    }
    PQclear(res);
    return rc < 0 ? -1 : n;
}

static int attachment_get(peel_store *s, int64_t id, peel_attachment_cb cb, void *ctx,
                          peel_err *err)
{
    char v[24];
    const char *params[] = {peel_store_pg_i64(v, id)};
    PGresult *res =
        peel_store_pg_query(s, ATTACHMENT_COLUMNS " WHERE id = $1", 1, params, "attachments", err);
    int n = res ? attachment_rows(res, cb, ctx, err) : -1;
    return n < 0 ? -1 : n > 0;
}

static int attachment_list(peel_store *s, const char *type, int64_t record_id,
                           peel_attachment_cb cb, void *ctx, peel_err *err)
{
    char v[24];
    const char *params[] = {type, peel_store_pg_i64(v, record_id)};
    PGresult *res =
        peel_store_pg_query(s,
                            type ? ATTACHMENT_COLUMNS " WHERE type = $1 AND record_id = $2"
                                                      " ORDER BY date IS NULL, date, id"
                                 : ATTACHMENT_COLUMNS " ORDER BY id",
                            type ? 2 : 0, params, "attachments", err);
    return res && attachment_rows(res, cb, ctx, err) >= 0 ? 0 : -1;
}

/* The bytes no attachment holds any more, of the one just gone ($1 its
 * SHA-256). */
#define DROP_UNHELD                                                                                \
    "DELETE FROM attachment_file WHERE sha256 = $1"                                                \
    " AND NOT EXISTS (SELECT 1 FROM attachment WHERE sha256 = $1)"

static int attachment_forget(peel_store *s, const char *type, int64_t record_id, peel_err *err)
{
    char v[24];
    const char *params[] = {type, peel_store_pg_i64(v, record_id)};
    /* One statement: its main part sees the attachment table as it was
     * before the WITH's delete, so the rows going are left out by id. */
    return peel_store_pg_write_exec(
        s,
        "WITH gone AS (DELETE FROM attachment WHERE type = $1 AND record_id = $2"
        " RETURNING id, sha256)"
        " DELETE FROM attachment_file f WHERE f.sha256 IN (SELECT sha256 FROM gone)"
        " AND NOT EXISTS (SELECT 1 FROM attachment a WHERE a.sha256 = f.sha256"
        " AND a.id NOT IN (SELECT id FROM gone))",
        2, params, "attachments", err);
}

static int attachment_remove(peel_store *s, int64_t id, int64_t *same_bytes, peel_err *err)
{
    char v[24], hex[65] = "";
    const char *params[] = {peel_store_pg_i64(v, id)};
    const char *by_hex[] = {hex};
    PGresult *res;

    *same_bytes = 0;
    if (peel_store_pg_held_flush(s, err) < 0 ||
        peel_store_pg_write_exec(s, "DELETE FROM peel_search WHERE attachment = $1", 1, params,
                                 "attachments", err) < 0)
        return -1;
    /* The count is of the other rows with this row's bytes, read before the
     * row goes. */
    res = peel_store_pg_query(s,
                              "SELECT sha256, (SELECT count(*) FROM attachment o WHERE o.id <> $1"
                              " AND o.sha256 = a.sha256) FROM attachment a WHERE id = $1",
                              1, params, "attachments", err);
    if (!res)
        return -1;
    if (PQntuples(res) == 1) {
        snprintf(hex, sizeof hex, "%s", PQgetvalue(res, 0, 0));
        *same_bytes = peel_store_pg_get_i64(res, 0, 1);
    }
    PQclear(res);
    if (peel_store_pg_write_exec(s, "DELETE FROM attachment WHERE id = $1", 1, params,
                                 "attachments", err) < 0)
        return -1;
    return *hex && *same_bytes == 0
               ? peel_store_pg_write_exec(s, DROP_UNHELD, 1, by_hex, "attachments' files", err)
               : 0;
}

/* ---- the attachments' files ---- */

static int file_put(peel_store *s, const char *sha256, const void *p, size_t n, bool *existed,
                    peel_err *err)
{
    const char *params[] = {sha256, p};
    const int lengths[] = {0, (int)n}, formats[] = {0, 1};
    PGresult *res;

    if (n > INT_MAX)
        return peel_err_set(err, PEEL_EINPUT, "attachments' files: %zu bytes is too large", n);
    /* Bytes kept already are not sent again. */
    res = peel_store_pg_query(s, "SELECT 1 FROM attachment_file WHERE sha256 = $1", 1, params,
                              "attachments' files", err);
    if (!res)
        return -1;
    *existed = PQntuples(res) > 0;
    PQclear(res);
    if (*existed)
        return 0;
    res = peel_store_pg_write_binary(s,
                                     "INSERT INTO attachment_file (sha256, bytes) VALUES ($1, $2)"
                                     " ON CONFLICT (sha256) DO NOTHING",
                                     2, params, lengths, formats, "attachments' files", err);
    if (!res)
        return -1;
    PQclear(res);
    return 0;
}

static int file_get(peel_store *s, const char *sha256, peel_buf *out, peel_err *err)
{
    const char *params[] = {sha256};
    PGresult *res =
        peel_store_pg_query_binary(s, "SELECT bytes FROM attachment_file WHERE sha256 = $1", 1,
                                   params, "attachments' files", err);
    int rc = 0;

    if (!res)
        return -1;
    if (PQntuples(res) == 1) {
        size_t n = (size_t)PQgetlength(res, 0, 0);
        rc = 1;
        if (peel_buf_reserve(out, n) < 0 || peel_buf_append(out, PQgetvalue(res, 0, 0), n) < 0)
            rc = peel_err_set(err, PEEL_ENOMEM, "attachments' files: %s is too large for memory",
                              sha256);
    }
    PQclear(res);
    return rc;
}

static int file_drop(peel_store *s, const char *sha256, peel_err *err)
{
    const char *params[] = {sha256};
    return peel_store_pg_write_exec(s, DROP_UNHELD, 1, params, "attachments' files", err);
}

static int search_put(peel_store *s, const char *type, int64_t record_id, int64_t attachment,
                      const char *field, const char *day, const char *text, peel_err *err)
{
    char rid[24], att[24];
    const char *params[] = {
        text,  type, peel_store_pg_i64(rid, record_id), peel_store_pg_i64(att, attachment),
        field, day};

    /* A record's field is held with the transaction's other rows (held.c);
     * an attachment's text, long and perhaps too long for a tsvector, goes
     * at once, after them, so it fails where it is added. */
    if (peel_store_pg(s)->writing && attachment == 0)
        return peel_store_pg_held_add(s, PEEL_PG_HELD_SEARCH, params, err);
    if (peel_store_pg_held_flush(s, err) < 0)
        return -1;
    return peel_store_pg_write_exec(
        s,
        "INSERT INTO peel_search (text, type, record_id, attachment, field,"
        " day) VALUES ($1, $2, $3, $4, $5, $6)",
        6, params, "the search index", err);
}

static int search_drop(peel_store *s, const char *type, int64_t record_id, bool with_attachments,
                       peel_err *err)
{
    char v[24];
    const char *params[] = {type, peel_store_pg_i64(v, record_id)};
    if (peel_store_pg_held_flush(s, err) < 0)
        return -1;
    return peel_store_pg_write_exec(
        s,
        with_attachments ? "DELETE FROM peel_search WHERE type = $1 AND record_id = $2"
                         : "DELETE FROM peel_search WHERE type = $1 AND record_id = $2"
                           " AND attachment = 0",
        2, params, "the search index", err);
}

static int search_clear(peel_store *s, peel_err *err)
{
    if (peel_store_pg_held_flush(s, err) < 0)
        return -1;
    return peel_store_pg_write_exec(s, "DELETE FROM peel_search", 0, NULL, "the search index", err);
}

static int search(peel_store *s, const char *match, const char *type, const char *from,
                  const char *to, int limit, peel_docs_hit_cb cb, void *ctx, peel_err *err)
{
    char n[24];
    const char *params[] = {match, type, from, to, peel_store_pg_i64(n, limit),
                            /* sixteen words around the first match, as SQLite's snippet */
                            "StartSel=\x01, StopSel=\x02, MaxWords=16, MinWords=8"};
    PGresult *res;
    int rc = 0;

    if (peel_store_pg_held_flush(s, err) < 0) /* the rows held are found too */
        return -1;
    res = peel_store_pg_query(
        s,
        "SELECT type, record_id, attachment, field, day, -ts_rank(words, q),"
        " ts_headline('simple', coalesce(text, ''), q, $6)"
        " FROM peel_search, websearch_to_tsquery('simple', $1) q WHERE words @@ q"
        " AND ($2::text IS NULL OR type = $2::text)"
        " AND ($3::text IS NULL OR (day IS NOT NULL AND day >= $3::text))"
        " AND ($4::text IS NULL OR (day IS NOT NULL AND day <= $4::text))"
        " ORDER BY ts_rank(words, q) DESC, id LIMIT $5",
        6, params, "the search index", err);
    if (!res)
        return -1;
    for (int i = 0; i < PQntuples(res) && rc == 0; i++) {
        peel_docs_hit h = {
            .type = text_or_null(res, i, 0),
            .record_id = peel_store_pg_get_i64(res, i, 1),
            .attachment = peel_store_pg_get_i64(res, i, 2),
            .field = text_or_null(res, i, 3),
            .day = text_or_null(res, i, 4),
            .rank = strtod(PQgetvalue(res, i, 5), NULL),
            .snippet = text_or_null(res, i, 6),
        };
        rc = cb(ctx, &h, err);
    }
    PQclear(res);
    return rc < 0 ? -1 : 0;
}

const peel_docs_db_ops peel_store_pg_docs_ops = {
    .migrations = docs_migrations,
    .attachment_add = attachment_add,
    .attachment_get = attachment_get,
    .attachment_list = attachment_list,
    .attachment_forget = attachment_forget,
    .attachment_remove = attachment_remove,
    .file_put = file_put,
    .file_get = file_get,
    .file_drop = file_drop,
    .search_put = search_put,
    .search_drop = search_drop,
    .search_clear = search_clear,
    .search = search,
};
