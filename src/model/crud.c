/* crud.c - the write path every front-end shares: parse, resolve references,
 * validate, store, audit.  The audit trail records who changed which field
 * from what to what; SECRET fields are audited as "(changed)" only. */
#include "model/crud.h"
#include "model/reader.h"
#include "model/search.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/str.h"
#include "core/vec.h"
#include "store/lifecycle_db.h"

static bool all_digits(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

int peel_crud_lookup(peel_store *s, const peel_type *t, const char *idtext, int64_t *id,
                     peel_err *err)
{
    if (t->key) {
        const peel_field *kf = peel_type_field(t, t->key);
        peel_value v = {.set = true, .s = (char *)idtext};
        int found = peel_store_find(s, t, kf, &v, id, err);
        if (found != 0)
            return found < 0 ? -1 : 0;
    }
    if (all_digits(idtext)) {
        peel_record *r;
        long long n = 0;
        peel_str_to_i64(peel_str_c(idtext), &n);
        if (peel_store_get(s, t, n, &r, err) < 0)
            return -1;
        *id = r->id;
        peel_record_free(r);
        return 0;
    }
    return peel_err_set(err, PEEL_ENOTFOUND, "no %s with %s%s'%s'", t->name, t->key ? t->key : "id",
                        t->key ? " " : " ", idtext);
}

int peel_crud_resolve(peel_store *s, peel_record *r, peel_fielderrs *errs, peel_err *err)
{
    const peel_type *t = r->type;
    int bad = 0;

    for (size_t i = 0; i < t->nfields; i++) {
        const peel_field *f = &t->fields[i];
        peel_value *v = &r->v[i];
        const peel_type *rt;
        int64_t id = 0;

        if (f->type != PEEL_F_REF || !v->set)
            continue;
        rt = peel_type_find(f->ref_type);
        if (!rt)
            return peel_err_set(err, PEEL_EINTERNAL, "%s.%s refers to unknown type %s", t->name,
                                f->name, f->ref_type);
        if (v->s) {
            const peel_field *kf = rt->key ? peel_type_field(rt, rt->key) : NULL;
            peel_value key = {.set = true, .s = v->s};
            int found = kf ? peel_store_find(s, rt, kf, &key, &id, err) : 0;
            if (found < 0)
                return -1;
            if (!found) {
                peel_fielderrs_add(errs, f->name, "no %s with %s '%s'", rt->name,
                                   rt->key ? rt->key : "id", v->s);
                bad = 1;
                continue;
            }
            free(v->s);
            v->s = NULL;
            v->i = id;
        } else {
            peel_value idv = {.set = true, .i = v->i};
            peel_filter fl = {.field = NULL, .op = PEEL_OP_EQ, .v = idv};
            peel_query q = {.type = rt, .filters = &fl, .nfilters = 1};
            int64_t n = 0;
            if (peel_store_count(s, &q, &n, err) < 0)
                return -1;
            if (n == 0) {
                peel_fielderrs_add(errs, f->name, "no %s with id %lld", rt->name, (long long)v->i);
                bad = 1;
            }
        }
    }
    return bad ? -1 : 0;
}

int peel_crud_ref_text(peel_store *s, const peel_field *f, const peel_value *v, peel_buf *out,
                       peel_err *err)
{
    const peel_type *rt = f->type == PEEL_F_REF ? peel_type_find(f->ref_type) : NULL;
    peel_record *r;
    int k;

    if (!v->set)
        return 0;
    if (v->s || !rt || !rt->key || (k = peel_type_field_index(rt, rt->key)) < 0) {
        peel_value_format(f, v, PEEL_VFMT_CSV, out);
    } else {
        if (peel_store_get(s, rt, v->i, &r, err) < 0)
            return -1;
        peel_value_format(&rt->fields[k], &r->v[k], PEEL_VFMT_CSV, out);
        peel_record_free(r);
    }
    return out->failed ? peel_err_set(err, PEEL_ENOMEM, "out of memory writing %s", f->name) : 0;
}

int peel_crud_assign(peel_record *r, const char *field, const char *text, size_t n,
                     bool allow_readonly, peel_fielderrs *errs)
{
    int i = peel_type_field_index(r->type, field);
    if (i < 0) {
        peel_fielderrs_add(errs, NULL, "'%s' is not a field of %s (see 'peel types %s')", field,
                           r->type->name, r->type->name);
        return -1;
    }
    if ((r->type->fields[i].flags & PEEL_READONLY) && !allow_readonly) {
        peel_fielderrs_add(errs, r->type->fields[i].name, "is set by peel and cannot be given");
        return -1;
    }
    return peel_value_parse(&r->type->fields[i], text, n, &r->v[i], errs);
}

static int audit_field(peel_store *s, const char *user, const char *action, const peel_record *r,
                       const peel_field *f, const peel_value *old, const peel_value *now,
                       const char *at, peel_err *err)
{
    peel_buf o = PEEL_BUF_INIT, n = PEEL_BUF_INIT;
    int rc;

    if (f->type == PEEL_F_SECRET) {
        if (peel_buf_puts(&n, "(changed)") < 0) {
            peel_err_set(err, PEEL_ENOMEM, "out of memory auditing %s", f->name);
            goto fail;
        }
    } else {
        if (old && peel_crud_ref_text(s, f, old, &o, err) < 0)
            goto fail;
        if (now && peel_crud_ref_text(s, f, now, &n, err) < 0)
            goto fail;
    }
    peel_audit a = {.type = r->type->name,
                    .record_id = r->id,
                    .at = at,
                    .user = user,
                    .action = action,
                    .field = f->name,
                    .old_value = old && old->set ? peel_buf_str(&o) : NULL,
                    .new_value = now && now->set ? peel_buf_str(&n) : NULL};
    rc = peel_store_audit_add(s, &a, err);
    peel_buf_release(&o);
    peel_buf_release(&n);
    return rc;
fail:
    peel_buf_release(&o);
    peel_buf_release(&n);
    return -1;
}

/* old: the stored record on update, NULL on create (for type->check_store). */
static int check(peel_store *s, const peel_record *old, peel_record *r, peel_fielderrs *errs,
                 peel_err *err)
{
    size_t before = errs->n;
    if (peel_crud_resolve(s, r, errs, err) < 0 && err->code != PEEL_OK)
        return -1;
    peel_record_validate(r, errs);
    if (errs->n == before && r->type->check_store && r->type->check_store(s, old, r, errs, err) < 0)
        return -1;
    if (errs->n > before)
        return peel_fielderrs_to_err(errs, err);
    return 0;
}

/* Unique fields: a clear message before the database's constraint fires. */
static int check_unique(peel_store *s, const peel_record *r, peel_fielderrs *errs, peel_err *err)
{
    int bad = 0;
    for (size_t i = 0; i < r->type->nfields; i++) {
        const peel_field *f = &r->type->fields[i];
        int64_t id;
        int found;
        if (!(f->flags & PEEL_UNIQUE) || !r->v[i].set)
            continue;
        found = peel_store_find(s, r->type, f, &r->v[i], &id, err);
        if (found < 0)
            return -1;
        if (found && id != r->id) {
            peel_buf b = PEEL_BUF_INIT;
            peel_value_format(f, &r->v[i], PEEL_VFMT_CSV, &b);
            peel_fielderrs_add(errs, f->name, "'%s' is already used by %s %lld", peel_buf_str(&b),
                               r->type->name, (long long)id);
            peel_buf_release(&b);
            bad = 1;
        }
    }
    return bad ? peel_fielderrs_to_err(errs, err) : 0;
}

int peel_crud_create(peel_store *s, const char *user, peel_record *r, peel_fielderrs *errs,
                     peel_err *err)
{
    char at[24];

    if (check(s, NULL, r, errs, err) < 0 || check_unique(s, r, errs, err) < 0)
        return -1;
    if (peel_store_insert(s, r, err) < 0 || peel_search_index_new(s, r, err) < 0)
        return -1;
    peel_clock_format(peel_clock_now(), at);
    peel_audit a = {
        .type = r->type->name, .record_id = r->id, .at = at, .user = user, .action = "create"};
    if (peel_store_audit_add(s, &a, err) < 0)
        return -1;
    for (size_t i = 0; i < r->type->nfields; i++)
        if (r->v[i].set &&
            audit_field(s, user, "create", r, &r->type->fields[i], NULL, &r->v[i], at, err) < 0)
            return -1;
    return 0;
}

int peel_crud_update(peel_store *s, const char *user, peel_record *r, peel_fielderrs *errs,
                     bool *changed, peel_err *err)
{
    peel_record *old = NULL;
    char at[24];
    bool any = false;
    int rc = -1;

    if (changed)
        *changed = false;
    if (peel_store_get(s, r->type, r->id, &old, err) < 0)
        return -1;
    if (check(s, old, r, errs, err) < 0 || check_unique(s, r, errs, err) < 0)
        goto out;
    for (size_t i = 0; i < r->type->nfields; i++)
        if (!peel_value_equal(&r->type->fields[i], &old->v[i], &r->v[i]))
            any = true;
    if (!any) {
        rc = 0;
        goto out;
    }
    if (peel_store_update(s, r, err) < 0 || peel_search_index_record(s, r, err) < 0)
        goto out;
    peel_clock_format(peel_clock_now(), at);
    for (size_t i = 0; i < r->type->nfields; i++)
        if (!peel_value_equal(&r->type->fields[i], &old->v[i], &r->v[i]) &&
            audit_field(s, user, "update", r, &r->type->fields[i], &old->v[i], &r->v[i], at, err) <
                0)
            goto out;
    if (changed)
        *changed = true;
    rc = 0;
out:
    peel_record_free(old);
    return rc;
}

int peel_crud_delete(peel_store *s, const char *user, const peel_type *t, int64_t id, peel_err *err)
{
    char at[24];
    if (peel_store_delete(s, t, id, err) < 0 || peel_search_unindex_record(s, t, id, err) < 0)
        return -1;
    /* The record's lifecycle history goes with it (the audit trail keeps
     * that it existed). */
    if (t->lifecycle && peel_lcdb_delete_record(s, t->name, id, err) < 0)
        return -1;
    peel_clock_format(peel_clock_now(), at);
    peel_audit a = {.type = t->name, .record_id = id, .at = at, .user = user, .action = "delete"};
    return peel_store_audit_add(s, &a, err);
}

int peel_crud_erase(peel_store *s, const char *user, const peel_type *t, int64_t id, size_t *erased,
                    peel_err *err)
{
    peel_record *r = NULL;
    char at[24];
    int rc = -1;

    *erased = 0;
    if (peel_store_get(s, t, id, &r, err) < 0)
        return -1;
    for (size_t i = 0; i < t->nfields; i++)
        if ((t->fields[i].flags & PEEL_PERSONAL) && r->v[i].set) {
            peel_value_clear(&r->v[i]);
            (*erased)++;
        }
    if (*erased && peel_store_update(s, r, err) < 0)
        goto out;
    peel_clock_format(peel_clock_now(), at);
    for (size_t i = 0; i < t->nfields; i++) {
        const peel_field *f = &t->fields[i];
        peel_audit a = {.type = t->name,
                        .record_id = id,
                        .at = at,
                        .user = user,
                        .action = "erase",
                        .field = f->name};
        if (!(f->flags & PEEL_PERSONAL))
            continue;
        if (peel_store_audit_forget(s, t->name, id, f->name, err) < 0 ||
            peel_store_audit_add(s, &a, err) < 0)
            goto out;
    }
    rc = 0;
out:
    peel_record_free(r);
    return rc;
}

int peel_crud_save(peel_store *s, const char *user, peel_record *r, bool create,
                   peel_fielderrs *errs, peel_err *err)
{
    int rc;
    if (peel_store_begin(s, err) < 0)
        return -1;
    rc = create ? peel_crud_create(s, user, r, errs, err)
                : peel_crud_update(s, user, r, errs, NULL, err);
    return peel_crud_settle(s, rc, errs, err);
}

int peel_crud_settle(peel_store *s, int rc, peel_fielderrs *errs, peel_err *err)
{
    if (rc == 0 && peel_store_commit(s, err) == 0)
        return 0;
    peel_store_rollback(s);
    if (!errs->n && err->code != PEEL_EINPUT)
        return -1;
    if (!errs->n)
        peel_fielderrs_add(errs, NULL, "%s", err->msg);
    err->code = PEEL_EINPUT;
    return 1;
}

/* ---- delete ---- */

void peel_crud_referrers_release(peel_crud_referrers *refs)
{
    for (size_t i = 0; i < refs->n; i++)
        free(refs->v[i].key);
    peel_vec_release(refs);
    refs->more = refs->hidden = false;
}

typedef struct referrers_ctx {
    peel_crud_referrers *refs;
    const struct peel_reader *rd;
    bool any;
} referrers_ctx;

static int referrer_row(void *ctx, const peel_record *r, peel_err *err)
{
    referrers_ctx *c = ctx;
    const peel_type *t = r->type;
    int k = t->key ? peel_type_field_index(t, t->key) : -1;
    peel_buf b = PEEL_BUF_INIT;
    peel_crud_referrer *x;

    c->any = true;
    if (c->rd && !peel_reader_record_visible(c->rd, r)) {
        c->refs->hidden = true;
        return 0;
    }
    if (c->refs->n >= PEEL_CRUD_MAX_REFERRERS) {
        c->refs->more = true;
        return 0;
    }
    if (k >= 0 && r->v[k].set)
        peel_value_format(&t->fields[k], &r->v[k], PEEL_VFMT_CSV, &b);
    else
        peel_buf_printf(&b, "id %lld", (long long)r->id);
    if (b.failed || !(x = peel_vec_push(c->refs))) {
        peel_buf_release(&b);
        return peel_err_set(err, PEEL_ENOMEM, "out of memory listing references");
    }
    x->type = t;
    x->id = r->id;
    x->key = peel_buf_detach(&b);
    if (!x->key) {
        c->refs->n--;
        return peel_err_set(err, PEEL_ENOMEM, "out of memory listing references");
    }
    return 0;
}

/* Every record of every type with a reference field pointing at (t, id). */
static int find_referrers(peel_store *s, const peel_type *t, int64_t id, referrers_ctx *c,
                          peel_err *err)
{
    size_t ntypes;
    const peel_type *const *types = peel_types(&ntypes);

    for (size_t i = 0; i < ntypes; i++) {
        const peel_type *rt = types[i];
        for (size_t f = 0; f < rt->nfields; f++) {
            const peel_field *fd = &rt->fields[f];
            if (fd->type != PEEL_F_REF || strcmp(fd->ref_type, t->name) != 0)
                continue;
            peel_filter fl = {.field = fd, .op = PEEL_OP_EQ, .v = {.set = true, .i = id}};
            peel_query q = {.type = rt, .filters = &fl, .nfilters = 1};
            if (peel_store_select(s, &q, referrer_row, c, err) < 0)
                return -1;
        }
    }
    return 0;
}

/* "meeting CGB 2023-04-19, action CGB-2023-04-01 and other records refer to
 * it": what the reader may see, by type and key; the rest unnamed. */
static int refused(const peel_type *t, int64_t id, const peel_crud_referrers *refs, peel_err *err)
{
    peel_buf b = PEEL_BUF_INIT;
    for (size_t i = 0; i < refs->n; i++)
        peel_buf_printf(&b, "%s%s %s", i ? ", " : "", refs->v[i].type->name, refs->v[i].key);
    if (refs->more || (refs->hidden && refs->n))
        peel_buf_puts(&b, " and other records");
    else if (!refs->n)
        peel_buf_puts(&b, "other records");
    peel_err_set(err, PEEL_EINPUT,
                 "%s %lld cannot be deleted: %s refer%s to it; change or "
                 "delete %s first",
                 t->name, (long long)id, peel_buf_str(&b),
                 refs->n == 1 && !refs->more && !refs->hidden ? "s" : "",
                 refs->n == 1 && !refs->more && !refs->hidden ? "that" : "those");
    peel_buf_release(&b);
    return 1;
}

int peel_crud_remove(peel_store *s, const char *user, const peel_type *t, int64_t id,
                     const struct peel_reader *rd, peel_crud_referrers *refs, peel_err *err)
{
    peel_crud_referrers mine = {0};
    referrers_ctx c = {.refs = refs ? refs : &mine, .rd = rd};
    int rc = -1;

    memset(c.refs, 0, sizeof *c.refs);
    if (peel_store_begin(s, err) < 0)
        return -1;
    if (find_referrers(s, t, id, &c, err) < 0)
        goto fail;
    if (c.any) {
        rc = refused(t, id, c.refs, err);
        goto fail;
    }
    if (peel_crud_delete(s, user, t, id, err) < 0 || peel_store_commit(s, err) < 0)
        goto fail;
    peel_crud_referrers_release(&mine);
    return 0;
fail:
    peel_store_rollback(s);
    peel_crud_referrers_release(&mine);
    return rc;
}
