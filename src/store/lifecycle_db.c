/* lifecycle_db.c - lifecycle_db.h as a dispatcher: each call goes through
 * the lifecycle operations of the store's backend (backend.h). */
#include "store/lifecycle_db.h"

#include "store/backend.h"

static const peel_lifecycle_db_ops *lc(peel_store *s, peel_err *err)
{
    if (!s->backend->lifecycle)
        peel_err_set(err, PEEL_EINTERNAL, "this database has no lifecycle history");
    return s->backend->lifecycle;
}

int peel_lcdb_add(peel_store *s, const peel_transition *t, int64_t *id, peel_err *err)
{
    const peel_lifecycle_db_ops *o = lc(s, err);
    return o ? o->add(s, t, id, err) : -1;
}

int peel_lcdb_list(peel_store *s, const char *type, int64_t record_id, peel_lcdb_cb cb, void *ctx,
                   peel_err *err)
{
    const peel_lifecycle_db_ops *o = lc(s, err);
    return o ? o->list(s, type, record_id, cb, ctx, err) : -1;
}

int peel_lcdb_delete_record(peel_store *s, const char *type, int64_t record_id, peel_err *err)
{
    const peel_lifecycle_db_ops *o = lc(s, err);
    return o ? o->delete_record(s, type, record_id, err) : -1;
}
