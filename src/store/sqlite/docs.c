/* sqlite/docs.c - the SQLite backend's attachment and search operations
 * (backend.h, docs_db.h): the attachment table, the FTS5 index of records'
 * searchable fields and papers' text, and their numbered migrations 500-599.
 *
 * The index is one FTS5 table whose only indexed column is the text; the
 * row's record, attachment, field and day ride along unindexed, so a hit
 * says exactly which text matched and the reader can be asked about that
 * record and field before anyone sees it (model/search.c).  Ranked by bm25;
 * snippets mark each matching word between \x01 and \x02, which the web
 * turns into <mark> after escaping the text.
 *
 * The attachments' files are not in the database: each is a file named by
 * its SHA-256 in the folder beside it (`peel.db` -> `peel.files/ab/<hex>`),
 * written to a temporary file that is synced and renamed into place, so a
 * reader never sees half a file. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/docs_db.h"
#include "store/sqlite/sqlite.h"

static const peel_migration docs_migrations[] = {
    {500, "attachments and the search index",
     "CREATE TABLE attachment ("
     "  id INTEGER PRIMARY KEY, type TEXT NOT NULL, record_id INTEGER NOT NULL,"
     "  sha256 TEXT NOT NULL, size INTEGER NOT NULL, format TEXT NOT NULL,"
     "  title TEXT NOT NULL, kind TEXT NOT NULL, date TEXT, filename TEXT NOT NULL,"
     "  added_at TEXT NOT NULL, added_by TEXT);"
     "CREATE INDEX attachment_record ON attachment(type, record_id);"
     "CREATE VIRTUAL TABLE search_fts USING fts5("
     "  text, type UNINDEXED, record_id UNINDEXED, attachment UNINDEXED, field UNINDEXED,"
     "  day UNINDEXED, tokenize = 'unicode61 remove_diacritics 2');",
     NULL},
    {0, NULL, NULL, NULL},
};

static int run(peel_store *s, sqlite3_stmt *st, peel_err *err)
{
    int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : peel_store_sqlite_err(s, err, "attachments");
    peel_store_sqlite_release(s, st);
    return rc;
}

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, i);
}

static int attachment_add(peel_store *s, peel_attachment *a, peel_err *err)
{
    sqlite3_stmt *st;
    if (peel_store_sqlite_prepare(s,
                                  "INSERT INTO attachment (type, record_id, sha256, size, format,"
                                  " title, kind, date, filename, added_at, added_by)"
                                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                  &st, err) < 0)
        return -1;
    bind_text(st, 1, a->type);
    sqlite3_bind_int64(st, 2, a->record_id);
    bind_text(st, 3, a->sha256);
    sqlite3_bind_int64(st, 4, a->size);
    bind_text(st, 5, a->format);
    bind_text(st, 6, a->title);
    bind_text(st, 7, a->kind);
    bind_text(st, 8, a->date);
    bind_text(st, 9, a->filename);
    bind_text(st, 10, a->added_at);
    bind_text(st, 11, a->added_by);
    if (run(s, st, err) < 0)
        return -1;
    a->id = sqlite3_last_insert_rowid(peel_store_sqlite_db(s));
    return 0;
}

#define ATTACHMENT_COLUMNS                                                                         \
    "SELECT id, type, record_id, sha256, size, format, title, kind, date, filename, added_at,"     \
    " added_by FROM attachment"

static const char *col_text(sqlite3_stmt *st, int i)
{
    return (const char *)sqlite3_column_text(st, i);
}

static int attachment_rows(peel_store *s, sqlite3_stmt *st, peel_attachment_cb cb, void *ctx,
                           int *nrows, peel_err *err)
{
    int step, rc = 0;
    *nrows = 0;
    while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
        peel_attachment a = {
            .id = sqlite3_column_int64(st, 0),
            .type = col_text(st, 1),
            .record_id = sqlite3_column_int64(st, 2),
            .sha256 = col_text(st, 3),
            .size = sqlite3_column_int64(st, 4),
            .format = col_text(st, 5),
            .title = col_text(st, 6),
            .kind = col_text(st, 7),
            .date = col_text(st, 8),
            .filename = col_text(st, 9),
            .added_at = col_text(st, 10),
            .added_by = col_text(st, 11),
        };
        (*nrows)++;
        rc = cb(ctx, &a, err);
    }
    return peel_store_sqlite_rows_done(s, st, rc, rc ? SQLITE_ROW : step, "attachments", err);
}

static int attachment_get(peel_store *s, int64_t id, peel_attachment_cb cb, void *ctx,
                          peel_err *err)
{
    sqlite3_stmt *st;
    int n;
    if (peel_store_sqlite_prepare(s, ATTACHMENT_COLUMNS " WHERE id = ?", &st, err) < 0)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    if (attachment_rows(s, st, cb, ctx, &n, err) < 0)
        return -1;
    return n > 0;
}

static int attachment_list(peel_store *s, const char *type, int64_t record_id,
                           peel_attachment_cb cb, void *ctx, peel_err *err)
{
    sqlite3_stmt *st;
    int n;
    if (peel_store_sqlite_prepare(s,
                                  type ? ATTACHMENT_COLUMNS " WHERE type = ? AND record_id = ?"
                                                            " ORDER BY date IS NULL, date, id"
                                       : ATTACHMENT_COLUMNS " ORDER BY id",
                                  &st, err) < 0)
        return -1;
    if (type) {
        bind_text(st, 1, type);
        sqlite3_bind_int64(st, 2, record_id);
    }
    return attachment_rows(s, st, cb, ctx, &n, err);
}

static int attachment_forget(peel_store *s, const char *type, int64_t record_id, peel_err *err)
{
    sqlite3_stmt *st;
    if (peel_store_sqlite_prepare(s, "DELETE FROM attachment WHERE type = ? AND record_id = ?", &st,
                                  err) < 0)
        return -1;
    bind_text(st, 1, type);
    sqlite3_bind_int64(st, 2, record_id);
    return run(s, st, err);
}

static int attachment_remove(peel_store *s, int64_t id, int64_t *same_bytes, peel_err *err)
{
    sqlite3_stmt *st;
    int step;

    *same_bytes = 0;
    if (peel_store_sqlite_prepare(s, "DELETE FROM search_fts WHERE attachment = ?", &st, err) < 0)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    if (run(s, st, err) < 0)
        return -1;
    /* The count is of the other rows with this row's bytes, read before the
     * row goes. */
    if (peel_store_sqlite_prepare(s,
                                  "SELECT count(*) FROM attachment WHERE id <> ?1 AND sha256 ="
                                  " (SELECT sha256 FROM attachment WHERE id = ?1)",
                                  &st, err) < 0)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        *same_bytes = sqlite3_column_int64(st, 0);
    peel_store_sqlite_release(s, st);
    if (step != SQLITE_ROW)
        return peel_store_sqlite_err(s, err, "attachments");
    if (peel_store_sqlite_prepare(s, "DELETE FROM attachment WHERE id = ?", &st, err) < 0)
        return -1;
    sqlite3_bind_int64(st, 1, id);
    return run(s, st, err);
}

/* ---- the attachments' files ---- */

/* dir: the folder beside the database (its path with ".db", if any,
 * replaced by ".files"); sub: dir/ab; path: sub/<hex>.  -1 when too long. */
typedef struct file_names {
    char dir[1100], sub[1110], path[1200];
} file_names;

static int names(peel_store *s, const char *hex, file_names *f, peel_err *err)
{
    size_t n = strlen(s->path);
    if (n > 3 && !strcmp(s->path + n - 3, ".db"))
        n -= 3;
    if (snprintf(f->dir, sizeof f->dir, "%.*s.files", (int)n, s->path) >= (int)sizeof f->dir ||
        snprintf(f->sub, sizeof f->sub, "%s/%.2s", f->dir, hex) >= (int)sizeof f->sub ||
        snprintf(f->path, sizeof f->path, "%s/%s", f->sub, hex) >= (int)sizeof f->path)
        return peel_err_set(err, PEEL_EIO, "the files folder's name is too long");
    return 0;
}

static int make_dir(const char *path, peel_err *err)
{
    if (mkdir(path, 0750) == 0 || errno == EEXIST)
        return 0;
    return peel_err_set(err, PEEL_EIO, "cannot make the folder %s: %s", path, strerror(errno));
}

static int file_put(peel_store *s, const char *sha256, const void *p, size_t n, bool *existed,
                    peel_err *err)
{
    file_names f;
    char tmp[1300];
    struct stat sb;
    const char *c = p;
    int fd;

    if (names(s, sha256, &f, err) < 0)
        return -1;
    if (stat(f.path, &sb) == 0 && (size_t)sb.st_size == n) {
        *existed = true;
        return 0;
    }
    if (make_dir(f.dir, err) < 0 || make_dir(f.sub, err) < 0)
        return -1;
    snprintf(tmp, sizeof tmp, "%s/.%s.XXXXXX", f.sub, sha256);
    fd = mkstemp(tmp);
    if (fd < 0)
        return peel_err_set(err, PEEL_EIO, "cannot write in %s: %s", f.sub, strerror(errno));
    while (n) {
        ssize_t w = write(fd, c, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            peel_err_set(err, PEEL_EIO, "cannot write the file in %s: %s", f.sub,
                         w < 0 ? strerror(errno) : "nothing written");
            close(fd);
            unlink(tmp);
            return -1;
        }
        c += w;
        n -= (size_t)w;
    }
    if (fsync(fd) < 0 || close(fd) < 0 || rename(tmp, f.path) < 0) {
        peel_err_set(err, PEEL_EIO, "cannot keep the file in %s: %s", f.sub, strerror(errno));
        unlink(tmp);
        return -1;
    }
    return 0;
}

static int file_get(peel_store *s, const char *sha256, peel_buf *out, peel_err *err)
{
    file_names f;
    struct stat sb;
    int fd, rc = 1;

    if (names(s, sha256, &f, err) < 0)
        return -1;
    fd = open(f.path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return 0;
        return peel_err_set(err, PEEL_EIO, "cannot open %s: %s", f.path, strerror(errno));
    }
    if (fstat(fd, &sb) < 0 || peel_buf_reserve(out, (size_t)sb.st_size) < 0) {
        close(fd);
        return peel_err_set(err, out->failed ? PEEL_ENOMEM : PEEL_EIO, "cannot read %s: %s", f.path,
                            out->failed ? "too large for memory" : strerror(errno));
    }
    for (;;) {
        char chunk[65536];
        ssize_t r = read(fd, chunk, sizeof chunk);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            rc = peel_err_set(err, PEEL_EIO, "cannot read %s: %s", f.path, strerror(errno));
            break;
        }
        if (r == 0)
            break;
        if (peel_buf_append(out, chunk, (size_t)r) < 0) {
            rc = peel_err_set(err, PEEL_ENOMEM, "cannot read %s: too large for memory", f.path);
            break;
        }
    }
    close(fd);
    return rc;
}

/* The count and the deletion hold the writers' lock (when the caller holds
 * no transaction), as an attachment's file and row are written under it:
 * bytes attached again meanwhile are either counted or written after. */
static int file_drop(peel_store *s, const char *sha256, peel_err *err)
{
    sqlite3 *db = peel_store_sqlite_db(s);
    bool alone = sqlite3_get_autocommit(db);
    file_names f;
    sqlite3_stmt *st;
    int step, rc = 0;
    int64_t held = 0;

    if (alone && sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return peel_store_sqlite_err(s, err, "attachments' files");
    if (peel_store_sqlite_prepare(s, "SELECT count(*) FROM attachment WHERE sha256 = ?", &st, err) <
        0) {
        rc = -1;
        goto out;
    }
    bind_text(st, 1, sha256);
    step = sqlite3_step(st);
    if (step == SQLITE_ROW)
        held = sqlite3_column_int64(st, 0);
    peel_store_sqlite_release(s, st);
    if (step != SQLITE_ROW)
        rc = peel_store_sqlite_err(s, err, "attachments");
    else if (held)
        rc = 0;
    else if (names(s, sha256, &f, err) < 0)
        rc = -1;
    else if (unlink(f.path) < 0 && errno != ENOENT)
        rc = peel_err_set(err, PEEL_EIO, "cannot delete %s: %s", f.path, strerror(errno));
out:
    if (alone)
        sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL); /* nothing was written */
    return rc;
}

static int search_put(peel_store *s, const char *type, int64_t record_id, int64_t attachment,
                      const char *field, const char *day, const char *text, peel_err *err)
{
    sqlite3_stmt *st;
    if (peel_store_sqlite_prepare(s,
                                  "INSERT INTO search_fts (text, type, record_id, attachment,"
                                  " field, day) VALUES (?, ?, ?, ?, ?, ?)",
                                  &st, err) < 0)
        return -1;
    bind_text(st, 1, text);
    bind_text(st, 2, type);
    sqlite3_bind_int64(st, 3, record_id);
    sqlite3_bind_int64(st, 4, attachment);
    bind_text(st, 5, field);
    bind_text(st, 6, day);
    return run(s, st, err);
}

static int search_drop(peel_store *s, const char *type, int64_t record_id, bool with_attachments,
                       peel_err *err)
{
    sqlite3_stmt *st;
    if (peel_store_sqlite_prepare(s,
                                  with_attachments
                                      ? "DELETE FROM search_fts WHERE type = ? AND record_id = ?"
                                      : "DELETE FROM search_fts WHERE type = ? AND record_id = ?"
                                        " AND attachment = 0",
                                  &st, err) < 0)
        return -1;
    bind_text(st, 1, type);
    sqlite3_bind_int64(st, 2, record_id);
    return run(s, st, err);
}

static int search_clear(peel_store *s, peel_err *err)
{
    sqlite3_stmt *st;
    if (peel_store_sqlite_prepare(s, "DELETE FROM search_fts", &st, err) < 0)
        return -1;
    return run(s, st, err);
}

static int search(peel_store *s, const char *match, const char *type, const char *from,
                  const char *to, int limit, peel_docs_hit_cb cb, void *ctx, peel_err *err)
{
    sqlite3_stmt *st;
    int step, rc = 0;

    if (peel_store_sqlite_prepare(
            s,
            "SELECT type, record_id, attachment, field, day, bm25(search_fts),"
            " snippet(search_fts, 0, char(1), char(2), '\xe2\x80\xa6', 16)"
            " FROM search_fts WHERE search_fts MATCH ?1 AND (?2 IS NULL OR type = ?2)"
            " AND (?3 IS NULL OR (day IS NOT NULL AND day >= ?3))"
            " AND (?4 IS NULL OR (day IS NOT NULL AND day <= ?4))"
            " ORDER BY bm25(search_fts) LIMIT ?5",
            &st, err) < 0)
        return -1;
    bind_text(st, 1, match);
    bind_text(st, 2, type);
    bind_text(st, 3, from);
    bind_text(st, 4, to);
    sqlite3_bind_int(st, 5, limit);
    while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
        peel_docs_hit h = {
            .type = col_text(st, 0),
            .record_id = sqlite3_column_int64(st, 1),
            .attachment = sqlite3_column_int64(st, 2),
            .field = col_text(st, 3),
            .day = col_text(st, 4),
            .rank = sqlite3_column_double(st, 5),
            .snippet = col_text(st, 6),
        };
        rc = cb(ctx, &h, err);
    }
    if (rc == 0 && step == SQLITE_ERROR) {
        /* An expression FTS5 cannot read: the caller built it from words, so
         * this is input, not a failure of the store. */
        peel_err_set(err, PEEL_EINPUT, "the search could not be read: %s",
                     sqlite3_errmsg(peel_store_sqlite_db(s)));
        peel_store_sqlite_release(s, st);
        return -1;
    }
    return peel_store_sqlite_rows_done(s, st, rc, rc ? SQLITE_ROW : step, "the search index", err);
}

const peel_docs_db_ops peel_store_sqlite_docs_ops = {
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
