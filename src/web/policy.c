/* policy.c - the classification gate (see policy.h for the rules).
 *
 * Two forms of the same rule live here side by side so they cannot drift:
 * peel_policy_filters() for queries (so counts and pages are right) and
 * peel_policy_record_visible() for each record shown (the final check every
 * renderer makes, which also catches anything a query let through).
 */
#include "web/policy.h"

#include <string.h>

#include "model/crud.h"
#include "model/json.h"

bool peel_policy_sees_sensitive(peel_role role)
{
    return role == PEEL_ROLE_STAFF || role == PEEL_ROLE_ADMIN;
}

static bool is_accounts(const peel_type *t)
{
    return !strcmp(t->name, "user");
}

static bool publishable(const peel_type *t)
{
    return t->cls == PEEL_OFFICIAL && peel_type_flagged(t, PEEL_PUBLISHES) != NULL &&
           !is_accounts(t);
}

bool peel_policy_type_readable(peel_role role, const peel_type *t)
{
    if (role == PEEL_ROLE_ADMIN)
        return true;
    if (role == PEEL_ROLE_STAFF)
        return !is_accounts(t);
    return publishable(t);
}

bool peel_policy_type_writable(peel_role role, const peel_type *t)
{
    if (role == PEEL_ROLE_ADMIN)
        return true;
    return role == PEEL_ROLE_STAFF && !is_accounts(t);
}

bool peel_policy_field_visible(peel_role role, const peel_field *f)
{
    if (f->type == PEEL_F_SECRET)
        return false;
    return f->cls != PEEL_OFFICIAL_SENSITIVE || peel_policy_sees_sensitive(role);
}

bool peel_policy_record_visible(peel_role role, const peel_record *r)
{
    const peel_type *t = r->type;
    const peel_field *pub, *cls;

    if (!peel_policy_type_readable(role, t))
        return false;
    if (peel_policy_sees_sensitive(role))
        return true;
    if (peel_record_class(r) != PEEL_OFFICIAL)
        return false;
    pub = peel_type_flagged(t, PEEL_PUBLISHES);
    if (!pub)
        return false;
    const peel_value *pv = &r->v[pub - t->fields];
    if (!pv->set || pv->i != 1)
        return false;
    cls = peel_type_flagged(t, PEEL_CLASSIFIES);
    if (cls) {
        const peel_value *cv = &r->v[cls - t->fields];
        if (!cv->set || !cv->s || strcmp(cv->s, peel_class_options[PEEL_OFFICIAL].value) != 0)
            return false;
    }
    return true;
}

size_t peel_policy_filters(peel_role role, const peel_type *t, peel_filter *out)
{
    size_t n = 0;
    const peel_field *pub, *cls;

    if (peel_policy_sees_sensitive(role))
        return 0;
    pub = peel_type_flagged(t, PEEL_PUBLISHES);
    cls = peel_type_flagged(t, PEEL_CLASSIFIES);
    if (pub)
        out[n++] = (peel_filter){.field = pub, .op = PEEL_OP_EQ, .v = {.set = true, .i = 1}};
    else /* not publishable: a filter no record meets (ids are positive) */
        out[n++] = (peel_filter){.field = NULL, .op = PEEL_OP_LT, .v = {.set = true, .i = 0}};
    if (cls)
        out[n++] = (peel_filter){
            .field = cls, .op = PEEL_OP_EQ,
            .v = {.set = true, .s = (char *)peel_class_options[PEEL_OFFICIAL].value}};
    return n;
}

int peel_policy_ref_text(peel_store *s, peel_role role, const peel_field *f,
                         const peel_value *v, peel_buf *out, bool *link, peel_err *err)
{
    const peel_type *rt = peel_type_find(f->ref_type);
    peel_record *ref = NULL;
    int k;

    if (link)
        *link = false;
    if (!v->set)
        return 0;
    if (!rt || v->s)
        return peel_value_format(f, v, PEEL_VFMT_CSV, out);
    if (peel_store_get(s, rt, v->i, &ref, err) < 0) {
        if (err->code != PEEL_ENOTFOUND)
            return -1;
        peel_err_clear(err);
        return peel_buf_printf(out, "%lld", (long long)v->i);
    }
    /* A reference names another record: withhold the name when that record
     * is sensitive and the reader may not see sensitive material. */
    if (!peel_policy_sees_sensitive(role) && peel_record_class(ref) != PEEL_OFFICIAL) {
        peel_record_free(ref);
        return peel_buf_puts(out, "(withheld)");
    }
    if (link)
        *link = peel_policy_record_visible(role, ref);
    k = rt->key ? peel_type_field_index(rt, rt->key) : -1;
    if (k >= 0 && peel_policy_field_visible(role, &rt->fields[k]))
        peel_value_format(&rt->fields[k], &ref->v[k], PEEL_VFMT_CSV, out);
    else
        peel_buf_printf(out, "%lld", (long long)v->i);
    peel_record_free(ref);
    return out->failed ? peel_err_set(err, PEEL_ENOMEM, "out of memory") : 0;
}

int peel_policy_json_write(peel_role role, const peel_record *r, peel_buf *out)
{
    return peel_json_write_record(r, peel_policy_sees_sensitive(role), out);
}

bool peel_policy_page_readable(peel_role role, peel_page_access access)
{
    switch (access) {
    case PEEL_PAGE_BY_HANDLER:
    case PEEL_PAGE_EVERYONE:
        return true;
    case PEEL_PAGE_STAFF:
        return peel_policy_sees_sensitive(role);
    case PEEL_PAGE_ADMIN:
        /* Accounts: the role that alone may read and change the `user`
         * type (is_accounts above). */
        return role == PEEL_ROLE_ADMIN;
    }
    return false;
}

bool peel_policy_visible(void *role, const peel_record *r)
{
    return peel_policy_record_visible(*(const peel_role *)role, r);
}
