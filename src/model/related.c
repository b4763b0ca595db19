/* related.c - a record's related groups for a reader (related.h).
 *
 * The declarations are found by walking every registered type's REF fields
 * for a peel_related whose target is the record's type.  Rows come from the
 * store with the reader's filters (so nothing hidden is loaded, let alone
 * counted) and pass peel_reader_record_visible again one by one, as every
 * view does.  Groups are small (an agenda, a board's meetings), so rows are
 * ordered in memory, which also gives "upcoming first" one rule for both
 * plain and linked groups.
 *
 * A link type (objective_tag) that carries no classification or publish
 * flag of its own joins two records and says nothing else: a reader who may
 * open the page's record and the linked one sees the link even when the
 * link type itself is not readable.  A link type that has such fields is
 * followed only where the reader may open the link record.
 */
#include "model/related.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "model/records.h"

/* The type whose page shows field f's group. */
static const char *target_of(const peel_type *t, const peel_field *f)
{
    if (f->related->through) {
        const peel_field *via = peel_type_field(t, f->related->through);
        return via ? via->ref_type : NULL;
    }
    return f->ref_type;
}

static const peel_type *shown_of(const peel_type *t, const peel_field *f)
{
    return f->related->through ? peel_type_find(f->ref_type) : t;
}

static bool pure_link(const peel_type *t)
{
    return t->cls == PEEL_OFFICIAL && !peel_type_flagged(t, PEEL_CLASSIFIES) &&
           !peel_type_flagged(t, PEEL_PUBLISHES);
}

/* Whether rd sees the group at all: its rows' type (and a link type that
 * is more than a join) must be readable. */
static bool group_readable(const peel_reader *rd, const peel_type *t, const peel_field *f)
{
    const peel_type *shown = shown_of(t, f);
    if (!shown || !peel_reader_type_readable(rd, shown))
        return false;
    return !f->related->through || peel_reader_type_readable(rd, t) || pure_link(t);
}

bool peel_related_declared(const peel_reader *rd, const peel_type *t)
{
    size_t n;
    const peel_type *const *types = peel_types(&n);
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < types[i]->nfields; k++) {
            const peel_field *f = &types[i]->fields[k];
            const char *target;
            if (!f->related || !(target = target_of(types[i], f)) || strcmp(target, t->name))
                continue;
            if (group_readable(rd, types[i], f))
                return true;
        }
    return false;
}

size_t peel_related_columns(const peel_reader *rd, const peel_related_group *g,
                            const peel_field **cols, size_t max)
{
    const int *idx = g->decl->columns ? g->decl->columns : g->shown->summary;
    const peel_field *title = g->shown->title ? peel_type_field(g->shown, g->shown->title) : NULL;
    size_t n = 0;
    for (size_t i = 0; idx && idx[i] >= 0 && n < max; i++) {
        const peel_field *f = &g->shown->fields[idx[i]];
        /* The title is the row's link; the page's own record needs no column. */
        if (f == title || f == g->field || !peel_reader_field_visible(rd, f))
            continue;
        cols[n++] = f;
    }
    return n;
}

/* ---- ordering ---- */

/* Text with its leading number compared as a number: "2" < "10" < "10a". */
static int natural_cmp(const char *a, const char *b)
{
    char *ea, *eb;
    long long na = strtoll(a, &ea, 10), nb = strtoll(b, &eb, 10);
    bool da = ea != a, db = eb != b;
    if (da && db && na != nb)
        return na < nb ? -1 : 1;
    if (da != db)
        return da ? -1 : 1;
    return strcmp(a, b);
}

static int value_cmp(const peel_field *f, const peel_value *a, const peel_value *b)
{
    if (a->s || b->s)
        return natural_cmp(a->s ? a->s : "", b->s ? b->s : "");
    (void)f;
    return a->i < b->i ? -1 : a->i > b->i;
}

static int rec_cmp(const peel_record *a, const peel_record *b, const peel_field *f,
                   enum peel_related_order o, int64_t today)
{
    int c = 0;
    if (f) {
        const peel_value *va = peel_record_value(a, f), *vb = peel_record_value(b, f);
        if (va->set != vb->set)
            return va->set ? -1 : 1; /* unset last, whichever the order */
        if (va->set && o == PEEL_ORDER_UPCOMING) {
            bool ua = va->i >= today, ub = vb->i >= today;
            if (ua != ub)
                return ua ? -1 : 1;
            c = value_cmp(f, va, vb);
            if (!ua)
                c = -c;
        } else if (va->set) {
            c = value_cmp(f, va, vb);
            if (o == PEEL_ORDER_DESC)
                c = -c;
        }
    }
    if (!c)
        c = a->id < b->id ? -1 : a->id > b->id;
    if (!f && o == PEEL_ORDER_DESC)
        c = -c;
    return c;
}

void peel_related_sort(peel_record **v, size_t n, const peel_field *f, enum peel_related_order o,
                       int64_t today)
{
    /* Insertion sort: stable, and groups are small. */
    for (size_t i = 1; i < n; i++) {
        peel_record *x = v[i];
        size_t j = i;
        for (; j > 0 && rec_cmp(x, v[j - 1], f, o, today) < 0; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
}

/* ---- loading ---- */

typedef struct load_ctx {
    const peel_reader *rd;
    const peel_field *pick; /* through: the link's field naming the shown record */
    PEEL_VEC(peel_record *) recs;
    PEEL_VEC(int64_t) ids;
} load_ctx;

static int load_row(void *ctx, const peel_record *r, peel_err *err)
{
    load_ctx *c = ctx;
    if (c->pick) {
        const peel_value *v = peel_record_value(r, c->pick);
        int64_t *slot;
        if (!v->set || v->s)
            return 0;
        for (size_t i = 0; i < c->ids.n; i++)
            if (c->ids.v[i] == v->i)
                return 0;
        if (!(slot = peel_vec_push(&c->ids)))
            return peel_err_set(err, PEEL_ENOMEM, "out of memory");
        *slot = v->i;
        return 0;
    }
    if (!peel_reader_record_visible(c->rd, r))
        return 0;
    peel_record **slot = peel_vec_push(&c->recs);
    if (!slot || !(*slot = peel_record_dup(r))) {
        if (slot)
            c->recs.n--;
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    }
    return 0;
}

static void load_release(load_ctx *c)
{
    for (size_t i = 0; i < c->recs.n; i++)
        peel_record_free(c->recs.v[i]);
    peel_vec_release(&c->recs);
    peel_vec_release(&c->ids);
}

/* The shown records of group g for the page's record id, visible to rd. */
static int load_group(peel_store *s, const peel_reader *rd, peel_related_group *g, int64_t id,
                      load_ctx *c, peel_err *err)
{
    peel_filter fl[1 + PEEL_READER_MAX_FILTERS];
    const peel_field *by = g->decl->through ? peel_type_field(g->from, g->decl->through) : g->field;
    peel_query q = {.type = g->from, .filters = fl};
    bool filter_link = !g->decl->through || peel_reader_type_readable(rd, g->from);

    fl[0] = (peel_filter){.field = by, .op = PEEL_OP_EQ, .v = {.set = true, .i = id}};
    q.nfilters = 1 + (filter_link ? peel_reader_filters(rd, g->from, fl + 1) : 0);
    c->rd = rd;
    c->pick = g->decl->through ? g->field : NULL;
    if (peel_store_select(s, &q, load_row, c, err) < 0)
        return -1;
    for (size_t i = 0; i < c->ids.n; i++) {
        peel_record *r = NULL, **slot;
        if (peel_store_get(s, g->shown, c->ids.v[i], &r, err) < 0) {
            if (err->code != PEEL_ENOTFOUND)
                return -1;
            peel_err_clear(err);
            continue;
        }
        if (!peel_reader_record_visible(rd, r)) {
            peel_record_free(r);
            continue;
        }
        if (!(slot = peel_vec_push(&c->recs))) {
            peel_record_free(r);
            return peel_err_set(err, PEEL_ENOMEM, "out of memory");
        }
        *slot = r;
    }
    return 0;
}

static int count_state(peel_related_group *g, const char *state, peel_err *err)
{
    peel_related_count *c;
    for (size_t i = 0; i < g->counts.n; i++)
        if (!strcmp(g->counts.v[i].state, state)) {
            g->counts.v[i].n++;
            return 0;
        }
    if (!(c = peel_vec_push(&g->counts)))
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    c->state = state;
    c->n = 1;
    return 0;
}

static int fill_group(peel_store *s, const peel_reader *rd, peel_related_group *g,
                      const peel_record *rec, bool nest, peel_err *err)
{
    load_ctx c = {0};
    const peel_field *sort = g->decl->sort ? peel_type_field(g->shown, g->decl->sort) : NULL;

    if (load_group(s, rd, g, rec->id, &c, err) < 0 || peel_vec_reserve(&g->rows, c.recs.n) < 0) {
        load_release(&c);
        return err->code ? -1 : peel_err_set(err, PEEL_ENOMEM, "out of memory");
    }
    peel_related_sort(c.recs.v, c.recs.n, sort, g->decl->order, peel_clock_today());
    for (size_t i = 0; i < c.recs.n; i++) {
        peel_related_row *row = peel_vec_push(&g->rows); /* reserved above */
        row->rec = c.recs.v[i];
        c.recs.v[i] = NULL;
    }
    load_release(&c);
    for (size_t i = 0; i < g->rows.n; i++) {
        peel_related_row *row = &g->rows.v[i];
        if (g->decl->state) {
            if (g->decl->state(s, row->rec, &row->state, err) < 0)
                return -1;
            if (row->state && count_state(g, row->state, err) < 0)
                return -1;
        }
        if (nest && g->decl->nest) {
            if (!(row->nest = calloc(1, sizeof *row->nest)))
                return peel_err_set(err, PEEL_ENOMEM, "out of memory");
            if (peel_related_build(s, rd, row->rec, false, row->nest, err) < 0)
                return -1;
        }
    }
    return 0;
}

int peel_related_build(peel_store *s, const peel_reader *rd, const peel_record *rec, bool nest,
                       peel_related_set *out, peel_err *err)
{
    size_t n;
    const peel_type *const *types = peel_types(&n);

    memset(out, 0, sizeof *out);
    for (size_t i = 0; i < n; i++) {
        const peel_type *t = types[i];
        for (size_t k = 0; k < t->nfields; k++) {
            const peel_field *f = &t->fields[k];
            const char *target;
            peel_related_group *g;
            size_t j;

            if (!f->related || !(target = target_of(t, f)) || strcmp(target, rec->type->name) ||
                !group_readable(rd, t, f))
                continue;
            if (!(g = peel_vec_push(&out->groups))) {
                peel_related_release(out);
                return peel_err_set(err, PEEL_ENOMEM, "out of memory");
            }
            *g = (peel_related_group){
                .decl = f->related, .from = t, .field = f, .shown = shown_of(t, f)};
            /* Keep the groups in declared position (stable: ties keep the
             * registry's order). */
            for (j = out->groups.n - 1;
                 j > 0 && out->groups.v[j - 1].decl->position > out->groups.v[j].decl->position;
                 j--) {
                peel_related_group tmp = out->groups.v[j];
                out->groups.v[j] = out->groups.v[j - 1];
                out->groups.v[j - 1] = tmp;
            }
        }
    }
    for (size_t i = 0; i < out->groups.n; i++)
        if (fill_group(s, rd, &out->groups.v[i], rec, nest, err) < 0) {
            peel_related_release(out);
            return -1;
        }
    return 0;
}

void peel_related_release(peel_related_set *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < set->groups.n; i++) {
        peel_related_group *g = &set->groups.v[i];
        for (size_t j = 0; j < g->rows.n; j++) {
            peel_record_free(g->rows.v[j].rec);
            if (g->rows.v[j].nest) {
                peel_related_release(g->rows.v[j].nest);
                free(g->rows.v[j].nest);
            }
        }
        peel_vec_release(&g->rows);
        peel_vec_release(&g->counts);
    }
    peel_vec_release(&set->groups);
}
