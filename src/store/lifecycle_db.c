/* lifecycle_db.c - lifecycle_db.h as a dispatcher: each call goes through
 * the lifecycle operations of the store's backend (backend.h). */
#include "store/lifecycle_db.h"

#include "store/backend.h"

static const peel_lifecycle_db_ops *lc(peel_store *s, peel_err *err)
{
    peel_store_mark(s, PEEL_CHANGES_LIFECYCLE);
    if (!s->backend->lifecycle)
        peel_err_set(err, PEEL_EINTERNAL, "this database has no lifecycle history");
    return s->backend->lifecycle;
}

/* -1 with err when the backend's table has no such operation yet. */
#define CAN(s, o, slot, err) peel_store_can((s), (o)->slot != NULL, "the lifecycle's " #slot, (err))

int peel_lcdb_add(peel_store *s, const peel_transition *t, int64_t *id, peel_err *err)
{
    const peel_lifecycle_db_ops *o = lc(s, err);
    return !o || CAN(s, o, add, err) < 0 ? -1 : o->add(s, t, id, err);
}

int peel_lcdb_list(peel_store *s, const char *type, int64_t record_id, peel_lcdb_cb cb, void *ctx,
                   peel_err *err)
{
    const peel_lifecycle_db_ops *o = lc(s, err);
    return !o || CAN(s, o, list, err) < 0 ? -1 : o->list(s, type, record_id, cb, ctx, err);
}

int peel_lcdb_delete_record(peel_store *s, const char *type, int64_t record_id, peel_err *err)
{
    const peel_lifecycle_db_ops *o = lc(s, err);
    return !o || CAN(s, o, delete_record, err) < 0 ? -1 : o->delete_record(s, type, record_id, err);
}
