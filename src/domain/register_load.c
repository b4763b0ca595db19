/* register_load.c - the register's records in memory.  The register is small
 * (hundreds of records a year), so the derived views load whole tables
 * through the store interface and join them in C: no SQL outside the store. */
#include <stdlib.h>
#include <string.h>

#include "core/vec.h"
#include "domain/register.h"
#include "model/record.h"
#include "store/store.h"

static peel_record *dup_record(const peel_record *r)
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
    peel_reg_table *t = ctx;
    peel_record **slot = peel_vec_push(t);
    if (!slot || !(*slot = dup_record(r))) {
        t->n -= slot != NULL;
        return peel_err_set(err, PEEL_ENOMEM, "out of memory loading %s", t->type->name);
    }
    return 0;
}

int peel_reg_table_load(peel_store *s, const peel_type *t, peel_reg_table *out, peel_err *err)
{
    peel_query q = {.type = t};
    memset(out, 0, sizeof *out);
    out->type = t;
    if (peel_store_select(s, &q, load_cb, out, err) < 0) {
        peel_reg_table_free(out);
        return -1;
    }
    return 0;
}

void peel_reg_table_free(peel_reg_table *t)
{
    for (size_t i = 0; i < t->n; i++)
        peel_record_free(t->v[i]);
    peel_vec_release(t);
}

peel_record *peel_reg_table_get(const peel_reg_table *t, int64_t id)
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

const char *peel_reg_text(const peel_record *r, int field)
{
    if (!r || field < 0 || (size_t)field >= r->type->nfields)
        return "";
    return r->v[field].set && r->v[field].s ? r->v[field].s : "";
}

bool peel_reg_int(const peel_record *r, int field, int64_t *out)
{
    if (!r || field < 0 || (size_t)field >= r->type->nfields || !r->v[field].set ||
        r->v[field].s)
        return false;
    *out = r->v[field].i;
    return true;
}

const char *peel_reg_s(const peel_record *r, const char *field)
{
    int i;
    if (!r || (i = peel_type_field_index(r->type, field)) < 0)
        return "";
    return r->v[i].set && r->v[i].s ? r->v[i].s : "";
}

bool peel_reg_i(const peel_record *r, const char *field, int64_t *out)
{
    int i;
    if (!r || (i = peel_type_field_index(r->type, field)) < 0 || !r->v[i].set || r->v[i].s)
        return false;
    *out = r->v[i].i;
    return true;
}

bool peel_reg_time_valid(const char *s)
{
    if (strlen(s) != 5 || s[2] != ':')
        return false;
    for (int i = 0; i < 5; i++)
        if (i != 2 && (s[i] < '0' || s[i] > '9'))
            return false;
    return (s[0] - '0') * 10 + (s[1] - '0') < 24 && (s[3] - '0') * 10 + (s[4] - '0') < 60;
}
