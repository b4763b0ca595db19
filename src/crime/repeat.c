/* repeat.c - repeat locations: crimes counted by (map point, LSOA) in a
 * hash, then each point brought under the LSOA of its latest crime, named,
 * merged by (description, LSOA) and ranked (repeat.h, docs/METHODS.md).
 *
 * Why by the latest crime: police.uk's map points are fixed, but the LSOA
 * it gives a crime at one changed with its switch from the 2011 to the
 * 2021 LSOAs (a code split, merged, or moved to a neighbour).  A point is in
 * one LSOA at a time (no point of the real files goes back to an earlier
 * code), so the LSOA of its latest crime is where it is now, and its
 * earlier crimes are the same place's history.
 */
#include "crime/repeat.h"

#include <stdlib.h>
#include <string.h>

struct peel_crime_repeat_slot {
    int64_t point, lsoa; /* point 0: empty, or merged away */
    int64_t now, before;
    int64_t points; /* after grouping: map points with crimes now */
    peel_month last;
    char *name, *code, *lsoa_name;
};

void peel_crime_repeat_init(peel_crime_repeat *r)
{
    *r = (peel_crime_repeat){0};
}

void peel_crime_repeat_release(peel_crime_repeat *r)
{
    for (size_t i = 0; i < r->cap; i++) {
        free(r->v[i].name);
        free(r->v[i].code);
        free(r->v[i].lsoa_name);
    }
    free(r->v);
    *r = (peel_crime_repeat){0};
}

static size_t slot_hash(int64_t point, int64_t lsoa, size_t cap)
{
    return (size_t)(((uint64_t)point * 0x9E3779B97F4A7C15ULL) ^ (uint64_t)lsoa) & (cap - 1);
}

static int grow(peel_crime_repeat *r)
{
    size_t cap = r->cap ? r->cap * 2 : 1024;
    peel_crime_repeat_slot *v = calloc(cap, sizeof *v);
    if (!v)
        return -1;
    for (size_t i = 0; i < r->cap; i++) {
        if (!r->v[i].point)
            continue;
        size_t j = slot_hash(r->v[i].point, r->v[i].lsoa, cap);
        while (v[j].point)
            j = (j + 1) & (cap - 1);
        v[j] = r->v[i];
    }
    free(r->v);
    r->v = v;
    r->cap = cap;
    return 0;
}

int peel_crime_repeat_add(peel_crime_repeat *r, int64_t point_id, int64_t lsoa_id, peel_month month,
                          bool now, peel_err *err)
{
    if ((r->n + 1) * 2 > r->cap && grow(r) < 0)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    size_t i = slot_hash(point_id, lsoa_id, r->cap);
    while (r->v[i].point && (r->v[i].point != point_id || r->v[i].lsoa != lsoa_id))
        i = (i + 1) & (r->cap - 1);
    peel_crime_repeat_slot *s = &r->v[i];
    if (!s->point) {
        *s = (peel_crime_repeat_slot){.point = point_id, .lsoa = lsoa_id, .last = month};
        r->n++;
    }
    if (month > s->last)
        s->last = month;
    if (now)
        s->now++;
    else
        s->before++;
    return 0;
}

bool peel_crime_repeat_undescribed(const char *name)
{
    static const char prefix[] = "On or near";
    size_t n = strlen(name);
    while (n && (name[n - 1] == ' ' || name[n - 1] == '\t'))
        n--;
    return n == 0 || (n == sizeof prefix - 1 && !memcmp(name, prefix, n));
}

/* By point, then its latest month first, then more crimes, then LSOA id:
 * the first slot of each point is where the point is now. */
static int cmp_point(const void *x, const void *y)
{
    const peel_crime_repeat_slot *a = x, *b = y;
    if (a->point != b->point)
        return a->point < b->point ? -1 : 1;
    if (a->last != b->last)
        return a->last > b->last ? -1 : 1;
    int64_t na = a->now + a->before, nb = b->now + b->before;
    if (na != nb)
        return na > nb ? -1 : 1;
    return a->lsoa < b->lsoa ? -1 : a->lsoa > b->lsoa;
}

/* By LSOA, then description: the order in which a street's points meet. */
static int cmp_key(const void *x, const void *y)
{
    const peel_crime_repeat_slot *a = x, *b = y;
    if (a->lsoa != b->lsoa)
        return a->lsoa < b->lsoa ? -1 : 1;
    int c = strcmp(a->name, b->name);
    if (c)
        return c;
    return a->point < b->point ? -1 : a->point > b->point;
}

static int cmp_counts(const peel_crime_repeat_slot *a, const peel_crime_repeat_slot *b)
{
    if (a->now != b->now)
        return a->now > b->now ? -1 : 1;
    int64_t da = a->now - a->before, db = b->now - b->before;
    if (da != db)
        return da > db ? -1 : 1;
    return 0;
}

/* Most crimes first, then the larger rise, then by description and LSOA
 * (code once known, else id), so the order never depends on the hash. */
static int cmp_rank(const void *x, const void *y)
{
    const peel_crime_repeat_slot *a = x, *b = y;
    int c = cmp_counts(a, b);
    if (c)
        return c;
    if ((c = strcmp(a->name, b->name)))
        return c;
    if (a->code && b->code && (c = strcmp(a->code, b->code)))
        return c;
    return a->lsoa < b->lsoa ? -1 : a->lsoa > b->lsoa;
}

/* Packs the live slots to the front of v (the rest zeroed) and returns how
 * many there are. */
static size_t compact(peel_crime_repeat *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->cap; i++) {
        if (!r->v[i].point)
            continue;
        if (i != n) {
            r->v[n] = r->v[i];
            r->v[i] = (peel_crime_repeat_slot){0};
        }
        n++;
    }
    return n;
}

/* qsort, but for no slots at all: the table is NULL until a point is
 * added, and qsort's pointer must not be NULL even for none. */
static void sort_slots(peel_crime_repeat_slot *v, size_t n, int (*cmp)(const void *, const void *))
{
    if (n > 1)
        qsort(v, n, sizeof *v, cmp);
}

/* Brings every point under the LSOA of its latest crime and names it. */
static int home_points(peel_crime_repeat *r, size_t n, const peel_crime_repeat_names *names,
                       peel_err *err)
{
    sort_slots(r->v, n, cmp_point);
    for (size_t i = 0; i < n;) {
        peel_crime_repeat_slot *home = &r->v[i];
        size_t j = i + 1;
        for (; j < n && r->v[j].point == home->point; j++) {
            home->now += r->v[j].now;
            home->before += r->v[j].before;
            r->v[j].point = 0;
        }
        i = j;
        home->points = home->now > 0;
        if (names->point(names->ctx, home->point, &home->name, err) < 0)
            return -1;
    }
    return 0;
}

int peel_crime_repeat_run(peel_crime_repeat *r, const peel_crime_repeat_names *names, int limit,
                          peel_crime_place_cb cb, void *ctx, peel_crime_repeat_totals *totals,
                          peel_err *err)
{
    peel_crime_repeat_totals t = {0};
    size_t n = compact(r), keep = 0;
    int rc = 0;

    if (home_points(r, n, names, err) < 0)
        return -1;
    n = compact(r);
    /* Points without a description are counted, never ranked. */
    for (size_t i = 0; i < n; i++) {
        peel_crime_repeat_slot *s = &r->v[i];
        if (!peel_crime_repeat_undescribed(s->name))
            continue;
        t.undescribed_now += s->now;
        t.undescribed_before += s->before;
        free(s->name);
        *s = (peel_crime_repeat_slot){0};
    }
    n = compact(r);
    /* Merge the points of one description in one LSOA; keep those with
     * crimes now. */
    sort_slots(r->v, n, cmp_key);
    for (size_t i = 0; i < n;) {
        peel_crime_repeat_slot g = r->v[i];
        size_t j = i + 1;
        r->v[i] = (peel_crime_repeat_slot){0};
        for (; j < n && r->v[j].lsoa == g.lsoa && !strcmp(r->v[j].name, g.name); j++) {
            g.now += r->v[j].now;
            g.before += r->v[j].before;
            g.points += r->v[j].points;
            free(r->v[j].name);
            r->v[j] = (peel_crime_repeat_slot){0};
        }
        i = j;
        if (g.now > 0)
            r->v[keep++] = g;
        else
            free(g.name);
    }
    n = keep;
    /* Best first; name the LSOAs of those that can still make the list
     * (every tie at the cut, then ordered by LSOA code too). */
    sort_slots(r->v, n, cmp_rank);
    if (limit >= 0 && keep > (size_t)limit) {
        size_t cut = (size_t)limit;
        while (cut > 0 && cut < keep && !cmp_counts(&r->v[cut - 1], &r->v[cut]))
            cut++;
        keep = limit == 0 ? 0 : cut;
    }
    for (size_t i = 0; i < keep; i++)
        if (names->lsoa(names->ctx, r->v[i].lsoa, &r->v[i].code, &r->v[i].lsoa_name, err) < 0)
            return -1;
    sort_slots(r->v, keep, cmp_rank);
    for (size_t i = 0; i < keep && (limit < 0 || i < (size_t)limit) && rc == 0; i++) {
        const peel_crime_repeat_slot *s = &r->v[i];
        peel_crime_place pl = {.name = s->name,
                               .lsoa_code = s->code,
                               .lsoa_name = s->lsoa_name,
                               .now = s->now,
                               .before = s->before,
                               .points = s->points};
        rc = cb(ctx, &pl, err);
    }
    if (totals)
        *totals = t;
    return rc < 0 ? -1 : 0;
}
