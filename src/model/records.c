/* records.c - every record of a type in memory (see records.h).  Small
 * tables only: views load them whole through the store interface and join
 * in C, with no SQL outside the store. */
#include "model/records.h"
#include "core/assert.h"
#include "core/vec.h"
#include "model/reader.h"

#include <stdlib.h>
#include <string.h>

peel_record *peel_record_dup(const peel_record *r)
{
    peel_record *c = peel_record_new(r->type);
    if (!c)
        return NULL;
    c->id = r->id;
    memcpy(c->created_at, r->created_at, sizeof c->created_at);
    memcpy(c->updated_at, r->updated_at, sizeof c->updated_at);
    for (size_t i = 0; i < r->type->nfields; i++)
        if (peel_value_copy(&c->v[i], &r->v[i]) < 0) {
            peel_record_free(c);
            return NULL;
        }
    return c;
}

static int load_cb(void *ctx, const peel_record *r, peel_err *err)
{
    peel_records *t = ctx;
    peel_record **slot = peel_vec_push(t);
    if (!slot || !(*slot = peel_record_dup(r))) {
        t->n -= slot != NULL;
        return peel_err_set(err, PEEL_ENOMEM, "out of memory loading %s", t->type->name);
    }
    return 0;
}

int peel_records_load(peel_store *s, const peel_type *t, peel_records *out, peel_err *err)
{
    peel_query q = {.type = t};
    memset(out, 0, sizeof *out);
    out->type = t;
    if (peel_store_select(s, &q, load_cb, out, err) < 0) {
        peel_records_free(out);
        return -1;
    }
    return 0;
}

void peel_records_free(peel_records *t)
{
    for (size_t i = 0; i < t->n; i++)
        peel_record_free(t->v[i]);
    peel_vec_release(t);
}

int peel_records_load_visible(peel_store *s, const peel_reader *rd, const peel_type *t,
                              peel_records *out, peel_err *err)
{
    size_t k = 0;
    if (peel_records_load(s, t, out, err) < 0)
        return -1;
    for (size_t i = 0; i < out->n; i++) {
        if (peel_reader_record_visible(rd, out->v[i]))
            out->v[k++] = out->v[i];
        else
            peel_record_free(out->v[i]);
    }
    out->n = k;
    return 0;
}

peel_record *peel_records_get(const peel_records *t, int64_t id)
{
    /* Records come in id order: binary search. */
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->v[mid]->id == id)
            return t->v[mid];
        if (t->v[mid]->id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = 0; i < t->n; i++) /* not sorted after all: fall back */
        if (t->v[i]->id == id)
            return t->v[i];
    return NULL;
}

const char *peel_record_text(const peel_record *r, const char *field)
{
    int i;
    if (!r || (i = peel_type_field_index(r->type, field)) < 0)
        return "";
    return r->v[i].set && r->v[i].s ? r->v[i].s : "";
}

bool peel_record_int(const peel_record *r, const char *field, int64_t *out)
{
    int i;
    if (!r || (i = peel_type_field_index(r->type, field)) < 0 || !r->v[i].set || r->v[i].s)
        return false;
    *out = r->v[i].i;
    return true;
}

const char *peel_record_text_at(const peel_record *r, int field)
{
    if (!r)
        return "";
    PEEL_ASSERT(field >= 0 && (size_t)field < r->type->nfields);
    return r->v[field].set && r->v[field].s ? r->v[field].s : "";
}

bool peel_record_int_at(const peel_record *r, int field, int64_t *out)
{
    if (!r)
        return false;
    PEEL_ASSERT(field >= 0 && (size_t)field < r->type->nfields);
    if (!r->v[field].set || r->v[field].s)
        return false;
    *out = r->v[field].i;
    return true;
}

int64_t peel_record_ref_at(const peel_record *r, int field)
{
    int64_t v = 0;
    return peel_record_int_at(r, field, &v) ? v : 0;
}
