/* search_place.c - stop and search placed by map point and tallied by a
 * field (search_place.h).  The points are one sorted array of 64-bit
 * (lat, lon) keys searched by bisection; the values are few (a field's
 * categories), so the tally is a short list.
 */
#include "crime/search_place.h"

#include <stdlib.h>
#include <string.h>

static uint64_t point_key(int32_t lat, int32_t lon)
{
    return ((uint64_t)(uint32_t)lat << 32) | (uint32_t)lon;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

void peel_crime_point_set_init(peel_crime_point_set *ps)
{
    *ps = (peel_crime_point_set){0};
}

void peel_crime_point_set_release(peel_crime_point_set *ps)
{
    free(ps->keys);
    *ps = (peel_crime_point_set){0};
}

int peel_crime_point_set_add(peel_crime_point_set *ps, int32_t lat, int32_t lon, peel_err *err)
{
    if (ps->n == ps->cap) {
        size_t cap = ps->cap ? ps->cap * 2 : 1024;
        uint64_t *k = realloc(ps->keys, cap * sizeof *k);
        if (!k)
            return peel_err_set(err, PEEL_ENOMEM, "out of memory");
        ps->keys = k;
        ps->cap = cap;
    }
    ps->keys[ps->n++] = point_key(lat, lon);
    ps->sealed = false;
    return 0;
}

void peel_crime_point_set_seal(peel_crime_point_set *ps)
{
    size_t n = 0;
    if (ps->n)
        qsort(ps->keys, ps->n, sizeof *ps->keys, cmp_u64);
    for (size_t i = 0; i < ps->n; i++)
        if (!n || ps->keys[n - 1] != ps->keys[i])
            ps->keys[n++] = ps->keys[i];
    ps->n = n;
    ps->sealed = true;
}

bool peel_crime_point_set_has(const peel_crime_point_set *ps, int32_t lat, int32_t lon)
{
    uint64_t key = point_key(lat, lon);
    return ps->n && bsearch(&key, ps->keys, ps->n, sizeof *ps->keys, cmp_u64);
}

int peel_crime_search_place(peel_crime_search_placing *pl, const peel_crime_point_set *pts,
                            peel_crime_search_tally *t, const char *value, bool located,
                            int32_t lat, int32_t lon, peel_err *err)
{
    size_t k;
    pl->force_total++;
    if (!located)
        pl->no_location++;
    if (pl->placed_by_point && (!located || !pts || !peel_crime_point_set_has(pts, lat, lon)))
        return 0;
    pl->counted++;
    value = value ? value : "";
    for (k = 0; k < t->n && strcmp(t->g[k].value, value); k++)
        ;
    if (k == t->n) {
        if (t->n == t->cap) {
            size_t cap = t->cap ? t->cap * 2 : 16;
            peel_crime_search_group *g = realloc(t->g, cap * sizeof *g);
            if (!g)
                return peel_err_set(err, PEEL_ENOMEM, "out of memory");
            t->g = g;
            t->cap = cap;
        }
        if (!(t->g[k].value = strdup(value)))
            return peel_err_set(err, PEEL_ENOMEM, "out of memory");
        t->g[k].n = 0;
        t->n++;
    }
    t->g[k].n++;
    return 0;
}

void peel_crime_search_tally_release(peel_crime_search_tally *t)
{
    for (size_t k = 0; k < t->n; k++)
        free(t->g[k].value);
    free(t->g);
    *t = (peel_crime_search_tally){0};
}

static int cmp_group(const void *a, const void *b)
{
    const peel_crime_search_group *x = a, *y = b;
    if (x->n != y->n)
        return x->n > y->n ? -1 : 1;
    return strcmp(x->value, y->value);
}

int peel_crime_search_tally_each(peel_crime_search_tally *t, peel_crime_search_group_cb cb,
                                 void *ctx, peel_err *err)
{
    int rc = 0;
    if (t->n)
        qsort(t->g, t->n, sizeof *t->g, cmp_group);
    for (size_t k = 0; k < t->n && rc == 0; k++)
        rc = cb(ctx, t->g[k].value, t->g[k].n, err);
    return rc < 0 ? -1 : 0;
}
