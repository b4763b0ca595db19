/* reader.c - who may see what (see reader.h for the rules).
 *
 * Two forms of the same rule live here side by side so they cannot drift:
 * peel_reader_filters() for queries (so counts and pages are right) and
 * peel_reader_record_visible() for each record shown (the final check every
 * view makes, which also catches anything a query let through).  References
 * and lookups by key ask the second, so a record the reader may not open
 * reads the same as one that does not exist.
 */
#include "model/reader.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "model/crud.h"
#include "model/json.h"
#include "model/records.h"
#include "model/transition.h"

static const peel_reader readers[] = {
    {PEEL_ROLE_PUBLIC}, {PEEL_ROLE_PANEL}, {PEEL_ROLE_STAFF}, {PEEL_ROLE_ADMIN}};
static const char *const role_names[] = {"public", "panel", "staff", "admin"};

const peel_reader *peel_reader_of(peel_role role)
{
    if ((unsigned)role >= sizeof readers / sizeof readers[0])
        return &readers[PEEL_ROLE_PUBLIC]; /* the narrowest, never a wider one */
    return &readers[role];
}

bool peel_reader_role_parse(const char *name, peel_role *out)
{
    for (size_t i = 0; i < sizeof role_names / sizeof role_names[0]; i++)
        if (name && !strcmp(name, role_names[i])) {
            *out = (peel_role)i;
            return true;
        }
    return false;
}

bool peel_reader_sees_sensitive(const peel_reader *rd)
{
    return rd->role == PEEL_ROLE_STAFF || rd->role == PEEL_ROLE_ADMIN;
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

bool peel_reader_type_readable(const peel_reader *rd, const peel_type *t)
{
    if (rd->role == PEEL_ROLE_ADMIN)
        return true;
    if (rd->role == PEEL_ROLE_STAFF)
        return !is_accounts(t);
    return publishable(t);
}

bool peel_reader_type_writable(const peel_reader *rd, const peel_type *t)
{
    if (rd->role == PEEL_ROLE_ADMIN)
        return true;
    return rd->role == PEEL_ROLE_STAFF && !is_accounts(t);
}

bool peel_reader_field_visible(const peel_reader *rd, const peel_field *f)
{
    if (f->type == PEEL_F_SECRET)
        return false;
    if ((f->flags & PEEL_INTERNAL) && !peel_reader_sees_sensitive(rd))
        return false; /* the office's working fields: staff only */
    return f->cls != PEEL_OFFICIAL_SENSITIVE || peel_reader_sees_sensitive(rd);
}

/* Published: of a publishable type with its PEEL_PUBLISHES field true. */
static bool published(const peel_record *r)
{
    const peel_type *t = r->type;
    const peel_field *pub = peel_type_flagged(t, PEEL_PUBLISHES);
    if (!publishable(t) || !pub)
        return false;
    const peel_value *pv = &r->v[pub - t->fields];
    return pv->set && pv->i == 1;
}

/* For the Panel: of a publishable type with its PEEL_FOR_PANEL field true. */
static bool for_panel(const peel_record *r)
{
    const peel_type *t = r->type;
    const peel_field *fp = peel_type_flagged(t, PEEL_FOR_PANEL);
    if (!publishable(t) || !fp)
        return false;
    const peel_value *v = &r->v[fp - t->fields];
    return v->set && v->i == 1;
}

/* Marked OFFICIAL by its PEEL_CLASSIFIES field, when it has one. */
static bool marked_official(const peel_record *r)
{
    const peel_type *t = r->type;
    const peel_field *cls = peel_type_flagged(t, PEEL_CLASSIFIES);
    if (!cls)
        return true;
    const peel_value *cv = &r->v[cls - t->fields];
    return cv->set && cv->s && !strcmp(cv->s, peel_class_options[PEEL_OFFICIAL].value);
}

bool peel_reader_record_visible(const peel_reader *rd, const peel_record *r)
{
    if (!r || !peel_reader_type_readable(rd, r->type))
        return false;
    if (peel_reader_sees_sensitive(rd))
        return true;
    if (peel_record_class(r) != PEEL_OFFICIAL || !marked_official(r))
        return false;
    /* The Panel's audience: what is published, and what is for the Panel
     * before it is (never OFFICIAL-SENSITIVE: checked above). */
    return published(r) || (rd->role == PEEL_ROLE_PANEL && for_panel(r));
}

bool peel_reader_record_published(const peel_reader *rd, const peel_record *r)
{
    if (peel_reader_record_visible(rd, r))
        return true;
    /* Marked sensitive, but published: the papers print its title. */
    return r && peel_reader_type_readable(rd, r->type) && published(r) &&
           peel_record_class(r) == PEEL_OFFICIAL_SENSITIVE;
}

size_t peel_reader_filters(const peel_reader *rd, const peel_type *t, peel_filter *out)
{
    size_t n = 0;
    const peel_field *pub, *cls;

    if (peel_reader_sees_sensitive(rd))
        return 0;
    pub = publishable(t) ? peel_type_flagged(t, PEEL_PUBLISHES) : NULL;
    cls = peel_type_flagged(t, PEEL_CLASSIFIES);
    if (pub)
        out[n++] = (peel_filter){
            .field = pub,
            .op = PEEL_OP_EQ,
            .v = {.set = true, .i = 1},
            .or_field = rd->role == PEEL_ROLE_PANEL ? peel_type_flagged(t, PEEL_FOR_PANEL) : NULL};
    else /* not publishable: a filter no record meets (ids are positive) */
        out[n++] = (peel_filter){.field = NULL, .op = PEEL_OP_LT, .v = {.set = true, .i = 0}};
    if (cls)
        out[n++] =
            (peel_filter){.field = cls,
                          .op = PEEL_OP_EQ,
                          .v = {.set = true, .s = (char *)peel_class_options[PEEL_OFFICIAL].value}};
    return n;
}

int peel_reader_ref_text(peel_store *s, const peel_reader *rd, const peel_field *f,
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
        ref = NULL;
    }
    /* One rule for every reference: a record the reader may not open is
     * neither named nor told apart from one that is gone. */
    if (!peel_reader_record_visible(rd, ref)) {
        peel_record_free(ref);
        if (!ref && peel_reader_sees_sensitive(rd)) /* dangling: staff see the id */
            return peel_buf_printf(out, "%lld", (long long)v->i);
        return peel_buf_puts(out, PEEL_READER_NOT_PUBLISHED);
    }
    if (link)
        *link = true;
    k = rt->key ? peel_type_field_index(rt, rt->key) : -1;
    if (k >= 0 && peel_reader_field_visible(rd, &rt->fields[k]))
        peel_value_format(&rt->fields[k], &ref->v[k], PEEL_VFMT_CSV, out);
    else
        peel_buf_printf(out, "%lld", (long long)v->i);
    peel_record_free(ref);
    return out->failed ? peel_err_set(err, PEEL_ENOMEM, "out of memory") : 0;
}

int peel_reader_lookup(peel_store *s, const peel_reader *rd, const peel_type *t, const char *idtext,
                       int64_t *id, peel_err *err)
{
    peel_record *r = NULL;
    bool hidden = false;

    if (peel_crud_lookup(s, t, idtext, id, err) < 0) {
        if (err->code != PEEL_ENOTFOUND)
            return -1;
        peel_err_clear(err);
        hidden = true;
    } else if (!peel_reader_sees_sensitive(rd) || !peel_reader_type_readable(rd, t)) {
        if (peel_store_get(s, t, *id, &r, err) < 0)
            return -1;
        hidden = !peel_reader_record_visible(rd, r);
        peel_record_free(r);
    }
    if (hidden) {
        *id = 0;
        return peel_err_set(err, PEEL_ENOTFOUND, "no %s with %s '%s'", t->name,
                            t->key ? t->key : "id", idtext);
    }
    return 0;
}

/* Whether reference value v of field f names a record rd may not open. */
static int ref_hidden(peel_store *s, const peel_reader *rd, const peel_field *f,
                      const peel_value *v, bool *hidden, peel_err *err)
{
    const peel_type *rt = peel_type_find(f->ref_type);
    peel_record *ref = NULL;

    *hidden = false;
    if (!v->set || v->s || !rt)
        return 0;
    if (!s || peel_store_get(s, rt, v->i, &ref, err) < 0) {
        if (s && err->code != PEEL_ENOTFOUND)
            return -1;
        peel_err_clear(err);
        ref = NULL;
    }
    *hidden = !peel_reader_record_visible(rd, ref);
    peel_record_free(ref);
    return 0;
}

int peel_reader_ref_filter(peel_store *s, const peel_reader *rd, const peel_field *f, peel_value *v,
                           peel_err *err)
{
    bool hidden;
    if (f->type != PEEL_F_REF || peel_reader_sees_sensitive(rd))
        return 0;
    if (ref_hidden(s, rd, f, v, &hidden, err) < 0)
        return -1;
    if (hidden)
        v->i = 0;
    return 0;
}

int peel_reader_hide_refs(peel_store *s, const peel_reader *rd, const peel_record *r,
                          peel_record **copy, peel_err *err)
{
    const peel_type *t = r->type;

    *copy = NULL;
    if (peel_reader_sees_sensitive(rd))
        return 0;
    for (size_t i = 0; i < t->nfields; i++) {
        bool hidden;
        if (t->fields[i].type != PEEL_F_REF)
            continue;
        if (ref_hidden(s, rd, &t->fields[i], &r->v[i], &hidden, err) < 0) {
            peel_record_free(*copy);
            *copy = NULL;
            return -1;
        }
        if (!hidden)
            continue;
        if (!*copy && !(*copy = peel_record_dup(r)))
            return peel_err_set(err, PEEL_ENOMEM, "out of memory");
        peel_value_clear(&(*copy)->v[i]);
    }
    return 0;
}

/* A lifecycle record's state now, copied out of its history: value and
 * label, and since, the date of its latest change of state ("" when none
 * is recorded). */
typedef struct state_now {
    char value[64], label[128], since[11];
} state_now;

static int read_state(peel_store *s, const peel_record *r, state_now *o, peel_err *err)
{
    const peel_lifecycle *lc = r->type->lifecycle;
    const peel_transition *last = NULL;
    peel_history h;

    if (peel_transition_history(s, r->type, r->id, &h, err) < 0)
        return -1;
    const char *st = peel_history_state_on(lc, &h, r->id, INT32_MAX, &last);
    snprintf(o->value, sizeof o->value, "%s", st);
    snprintf(o->label, sizeof o->label, "%s", peel_lifecycle_label(lc, st));
    o->since[0] = '\0';
    if (last)
        peel_date_format(last->date, o->since);
    peel_history_release(&h); /* st and the label point into it or the declaration */
    return 0;
}

/* A lifecycle type's record ends with its current state, as its record
 * page shows it to whoever may open it: "state": {"value", "label",
 * "since"}, since null when no change of state is recorded.  out ends with
 * the record's closing brace, put back after. */
static int write_state(peel_store *s, const peel_record *r, peel_buf *out, peel_err *err)
{
    state_now st;

    if (!r->type->lifecycle || !s || out->failed || !out->len)
        return 0;
    if (read_state(s, r, &st, err) < 0)
        return -1;
    peel_buf_truncate(out, out->len - 1);
    peel_buf_puts(out, ",\"state\":{\"value\":");
    peel_json_write_string(out, st.value, strlen(st.value));
    peel_buf_puts(out, ",\"label\":");
    peel_json_write_string(out, st.label, strlen(st.label));
    peel_buf_puts(out, ",\"since\":");
    if (st.since[0])
        peel_json_write_string(out, st.since, strlen(st.since));
    else
        peel_buf_puts(out, "null");
    peel_buf_puts(out, "}}");
    return 0;
}

int peel_reader_json_state(peel_store *s, const peel_record *r, json_t *o, peel_err *err)
{
    state_now st;

    if (!r->type->lifecycle)
        return 0;
    if (read_state(s, r, &st, err) < 0)
        return -1;
    if (json_object_set_new(o, "state",
                            json_pack("{s:s,s:s,s:s?}", "value", st.value, "label", st.label,
                                      "since", st.since[0] ? st.since : NULL)) < 0)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    return 0;
}

int peel_reader_json_write(peel_store *s, const peel_reader *rd, const peel_record *r,
                           peel_buf *out, peel_err *err)
{
    peel_record *copy;
    int rc;

    if (peel_reader_hide_refs(s, rd, r, &copy, err) < 0)
        return -1;
    rc = peel_json_write_record_for(copy ? copy : r, peel_reader_sees_sensitive(rd),
                                    peel_reader_sees_sensitive(rd), out);
    peel_record_free(copy);
    if (rc == 0 && write_state(s, r, out, err) < 0)
        return -1;
    return rc < 0 || out->failed ? peel_err_set(err, PEEL_ENOMEM, "out of memory") : 0;
}
