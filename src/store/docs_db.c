/* docs_db.c - docs_db.h as a dispatcher: each call goes through the store's
 * backend's attachment and search operations (backend.h). */
#include "store/docs_db.h"

#include <string.h>

#include "store/backend.h"

static const peel_docs_db_ops *docs(peel_store *s, peel_err *err)
{
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

int peel_docs_files_dir(peel_store *s, peel_buf *out, peel_err *err)
{
    size_t n = strlen(s->path);

    /* The folder is beside a database file; a server's database has none. */
    if (peel_store_can(s, !strcmp(s->backend->name, "sqlite"),
                       "keep attachments' files (they go beside a database file)", err) < 0)
        return -1;

    if (n > 3 && !strcmp(s->path + n - 3, ".db"))
        n -= 3;
    peel_buf_reset(out);
    peel_buf_append(out, s->path, n);
    peel_buf_puts(out, ".files");
    if (out->failed)
        return peel_err_set(err, PEEL_ENOMEM, "no memory for the files folder's name");
    return 0;
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
