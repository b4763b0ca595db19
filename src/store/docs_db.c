/* docs_db.c - docs_db.h as a dispatcher: each call goes through the store's
 * backend's attachment and search operations (backend.h). */
#include "store/docs_db.h"

#include "store/backend.h"

static const peel_docs_db_ops *docs(peel_store *s, peel_err *err)
{
    peel_store_mark(s, PEEL_CHANGES_PAPERS);
    if (!s->backend->docs)
        peel_err_set(err, PEEL_EINTERNAL, "the %s backend keeps no attachments", s->backend->name);
    return s->backend->docs;
}

/* -1 with err when the backend's table has no such operation yet. */
#define CAN(s, o, slot, err) peel_store_can((s), (o)->slot != NULL, "the documents' " #slot, (err))

int peel_docs_attachment_add(peel_store *s, peel_attachment *a, peel_err *err)
{
    const peel_docs_db_ops *o = docs(s, err);
    return !o || CAN(s, o, attachment_add, err) < 0 ? -1 : o->attachment_add(s, a, err);
}

int peel_docs_attachment_get(peel_store *s, int64_t id, peel_attachment_cb cb, void *ctx,
                             peel_err *err)
{
    const peel_docs_db_ops *o = docs(s, err);
    return !o || CAN(s, o, attachment_get, err) < 0 ? -1 : o->attachment_get(s, id, cb, ctx, err);
}

int peel_docs_attachment_list(peel_store *s, const char *type, int64_t record_id,
                              peel_attachment_cb cb, void *ctx, peel_err *err)
{
    const peel_docs_db_ops *o = docs(s, err);
    return !o || CAN(s, o, attachment_list, err) < 0
               ? -1
               : o->attachment_list(s, type, record_id, cb, ctx, err);
}

int peel_docs_attachment_forget(peel_store *s, const char *type, int64_t record_id, peel_err *err)
{
    const peel_docs_db_ops *o = docs(s, err);
    return !o || CAN(s, o, attachment_forget, err) < 0
               ? -1
               : o->attachment_forget(s, type, record_id, err);
}

int peel_docs_attachment_remove(peel_store *s, int64_t id, int64_t *same_bytes, peel_err *err)
{
    const peel_docs_db_ops *o = docs(s, err);
    return !o || CAN(s, o, attachment_remove, err) < 0
               ? -1
               : o->attachment_remove(s, id, same_bytes, err);
}

/* A file's name is 64 lower-case hex digits, nothing else: it becomes part
 * of a path on SQLite. */
static int check_name(const char *sha256, peel_err *err)
{
    size_t n = 0;
    for (; sha256 && n < 64; n++)
        if (!((sha256[n] >= '0' && sha256[n] <= '9') || (sha256[n] >= 'a' && sha256[n] <= 'f')))
            break;
    if (n != 64 || sha256[64] != '\0')
        return peel_err_set(
            err, PEEL_EINTERNAL,
            "an attachment's file is named by 64 lower-case hex digits, not '%.80s'",
            sha256 ? sha256 : "(none)");
    return 0;
}

int peel_docs_file_put(peel_store *s, const char *sha256, const void *p, size_t n, bool *existed,
                       peel_err *err)
{
    const peel_docs_db_ops *o = docs(s, err);
    *existed = false;
    return !o || CAN(s, o, file_put, err) < 0 || check_name(sha256, err) < 0
               ? -1
               : o->file_put(s, sha256, p, n, existed, err);
}

int peel_docs_file_get(peel_store *s, const char *sha256, peel_buf *out, peel_err *err)
{
    const peel_docs_db_ops *o = docs(s, err);
    peel_buf_reset(out);
    return !o || CAN(s, o, file_get, err) < 0 || check_name(sha256, err) < 0
               ? -1
               : o->file_get(s, sha256, out, err);
}

int peel_docs_file_drop(peel_store *s, const char *sha256, peel_err *err)
{
    const peel_docs_db_ops *o = docs(s, err);
    return !o || CAN(s, o, file_drop, err) < 0 || check_name(sha256, err) < 0
               ? -1
               : o->file_drop(s, sha256, err);
}

int peel_docs_search_put(peel_store *s, const char *type, int64_t record_id, int64_t attachment,
                         const char *field, const char *day, const char *text, peel_err *err)
{
    const peel_docs_db_ops *o = docs(s, err);
    return !o || CAN(s, o, search_put, err) < 0
               ? -1
               : o->search_put(s, type, record_id, attachment, field, day, text, err);
}

int peel_docs_search_drop(peel_store *s, const char *type, int64_t record_id, bool with_attachments,
                          peel_err *err)
{
    const peel_docs_db_ops *o = docs(s, err);
    return !o || CAN(s, o, search_drop, err) < 0
               ? -1
               : o->search_drop(s, type, record_id, with_attachments, err);
}

int peel_docs_search_clear(peel_store *s, peel_err *err)
{
    const peel_docs_db_ops *o = docs(s, err);
    return !o || CAN(s, o, search_clear, err) < 0 ? -1 : o->search_clear(s, err);
}

int peel_docs_search(peel_store *s, const char *match, const char *type, const char *from,
                     const char *to, int limit, peel_docs_hit_cb cb, void *ctx, peel_err *err)
{
    const peel_docs_db_ops *o = docs(s, err);
    return !o || CAN(s, o, search, err) < 0
               ? -1
               : o->search(s, match, type, from, to, limit, cb, ctx, err);
}
