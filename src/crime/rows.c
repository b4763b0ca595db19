/* rows.c - repeat locations, latest outcomes and stop and search from the
 * store's rows (rows.h): the LSOAs of the scope as a bitmap, the period's
 * street crimes filtered by it, and the algorithms fed.
 */
#include "crime/rows.h"

#include <stdlib.h>
#include <string.h>

#include "crime/outcome_join.h"

/* The LSOA ids within a scope, as a growing bitmap. */
typedef struct lsoa_set {
    unsigned char *bits;
    size_t nbytes;
} lsoa_set;

static int lsoa_set_cb(void *ctx, int64_t id, const char *code, const char *name, peel_err *err)
{
    lsoa_set *ls = ctx;
    (void)code;
    (void)name;
    if (id <= 0)
        return 0;
    size_t byte = (size_t)id / 8;
    if (byte >= ls->nbytes) {
        size_t n = ls->nbytes ? ls->nbytes : 64;
        while (n <= byte)
            n *= 2;
        unsigned char *b = realloc(ls->bits, n);
        if (!b)
            return peel_err_set(err, PEEL_ENOMEM, "out of memory");
        memset(b + ls->nbytes, 0, n - ls->nbytes);
        ls->bits = b;
        ls->nbytes = n;
    }
    ls->bits[byte] |= (unsigned char)(1u << (id % 8));
    return 0;
}

static int lsoa_set_load(peel_store *s, const peel_crime_scope *scope, lsoa_set *ls, peel_err *err)
{
    *ls = (lsoa_set){0};
    return peel_crime_db_lsoas(s, scope, lsoa_set_cb, ls, err);
}

static bool lsoa_set_has(const lsoa_set *ls, int64_t id)
{
    return id > 0 && (size_t)id / 8 < ls->nbytes && (ls->bits[id / 8] & (1u << (id % 8)));
}

/* ---- map points ---- */

/* The map points met, each (street name id, coordinates) numbered from 1
 * in the order first met: a point's number stands for it in the repeat
 * hash, as its crime_location id once did. */
typedef struct point_ids {
    struct point_slot {
        int64_t street; /* its name's id (PEEL_DIM_STREET), 0 for none */
        int32_t lat, lon;
        bool set;
        int64_t id; /* 0: empty slot */
    } * v;
    size_t cap, n;
    int64_t *street_of; /* by number - 1 */
} point_ids;

static size_t point_hash(int64_t street, const peel_crime_point *at, size_t cap)
{
    uint64_t h = (uint64_t)street * 0x9E3779B97F4A7C15ULL;
    h ^= ((uint64_t)(uint32_t)at->lat << 32 | (uint32_t)at->lon) + (at->set ? 0x5bd1e995u : 0);
    h *= 0xff51afd7ed558ccdULL;
    return (size_t)(h ^ (h >> 29)) & (cap - 1);
}

static int point_grow(point_ids *p)
{
    size_t cap = p->cap ? p->cap * 2 : 1024;
    struct point_slot *v = calloc(cap, sizeof *v);
    int64_t *street_of = realloc(p->street_of, cap / 2 * sizeof *street_of);
    if (street_of)
        p->street_of = street_of;
    if (!v || !street_of) {
        free(v);
        return -1;
    }
    for (size_t i = 0; i < p->cap; i++) {
        if (!p->v[i].id)
            continue;
        peel_crime_point at = {p->v[i].set, p->v[i].lat, p->v[i].lon};
        size_t j = point_hash(p->v[i].street, &at, cap);
        while (v[j].id)
            j = (j + 1) & (cap - 1);
        v[j] = p->v[i];
    }
    free(p->v);
    p->v = v;
    p->cap = cap;
    return 0;
}

/* The number of a street row's map point (located rows only). */
static int point_id(point_ids *p, const peel_crime_street_row *r, int64_t *id, peel_err *err)
{
    if ((p->n + 1) * 2 > p->cap && point_grow(p) < 0)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    int32_t lat = r->at.set ? r->at.lat : 0, lon = r->at.set ? r->at.lon : 0;
    size_t i = point_hash(r->street_id, &(peel_crime_point){r->at.set, lat, lon}, p->cap);
    for (; p->v[i].id; i = (i + 1) & (p->cap - 1))
        if (p->v[i].street == r->street_id && p->v[i].set == r->at.set && p->v[i].lat == lat &&
            p->v[i].lon == lon) {
            *id = p->v[i].id;
            return 0;
        }
    p->street_of[p->n] = r->street_id;
    p->v[i] = (struct point_slot){r->street_id, lat, lon, r->at.set, (int64_t)++p->n};
    *id = p->v[i].id;
    return 0;
}

static void point_ids_release(point_ids *p)
{
    free(p->v);
    free(p->street_of);
    *p = (point_ids){0};
}

/* ---- repeat locations ---- */

typedef struct places_ctx {
    peel_store *s;
    lsoa_set in;
    peel_crime_repeat rep;
    point_ids points;
    peel_month from, to;
    int64_t type_id;
} places_ctx;

static int places_row(void *ctx, const peel_crime_street_row *r, peel_err *err)
{
    places_ctx *pc = ctx;
    int64_t id;
    if (!peel_crime_street_located(r) || !lsoa_set_has(&pc->in, r->lsoa_id) ||
        (pc->type_id && r->type_id != pc->type_id))
        return 0;
    if (point_id(&pc->points, r, &id, err) < 0)
        return -1;
    return peel_crime_repeat_add(&pc->rep, id, r->lsoa_id, r->month,
                                 r->month >= pc->from && r->month <= pc->to, err);
}

/* A point's description: its street name's text ("" for none). */
static int name_point(void *ctx, int64_t id, char **name, peel_err *err)
{
    places_ctx *pc = ctx;
    if (id < 1 || (size_t)id > pc->points.n)
        return peel_err_set(err, PEEL_EDB, "map point %lld is missing", (long long)id);
    int64_t street = pc->points.street_of[id - 1];
    if (!street)
        return (*name = strdup("")) ? 0 : peel_err_set(err, PEEL_ENOMEM, "out of memory");
    int rc = peel_crime_db_dim_value(pc->s, street, name, err);
    if (rc == 0)
        return peel_err_set(err, PEEL_EDB, "street name %lld is missing", (long long)street);
    return rc < 0 ? -1 : 0;
}

static int name_lsoa(void *ctx, int64_t id, char **code, char **name, peel_err *err)
{
    places_ctx *pc = ctx;
    int rc = peel_crime_db_lsoa_get(pc->s, id, code, name, err);
    if (rc == 0)
        return peel_err_set(err, PEEL_EDB, "LSOA %lld of a crime location is missing",
                            (long long)id);
    return rc < 0 ? -1 : 0;
}

int peel_crime_places(peel_store *s, const peel_crime_scope *scope, peel_month from, peel_month to,
                      peel_month pfrom, peel_month pto, int64_t type_id, int limit,
                      peel_crime_place_cb cb, void *ctx, peel_crime_repeat_totals *totals,
                      peel_err *err)
{
    places_ctx pc = {.s = s, .from = from, .to = to, .type_id = type_id};
    peel_crime_repeat_names names = {name_point, name_lsoa, &pc};
    int rc = -1;
    peel_crime_repeat_init(&pc.rep);
    if (lsoa_set_load(s, scope, &pc.in, err) == 0 &&
        peel_crime_db_street_rows(s, from, to, pfrom, pto, places_row, &pc, err) == 0)
        rc = peel_crime_repeat_run(&pc.rep, &names, limit, cb, ctx, totals, err);
    peel_crime_repeat_release(&pc.rep);
    point_ids_release(&pc.points);
    free(pc.in.bits);
    return rc;
}

/* ---- latest outcomes ---- */

typedef struct join_ctx {
    lsoa_set in;
    peel_crime_join j;
    int64_t type_id;
} join_ctx;

static int join_row(void *ctx, const peel_crime_street_row *r, peel_err *err)
{
    join_ctx *jc = ctx;
    /* ASB has neither a Crime ID nor an outcome; text IDs (not police.uk's)
     * are not joined. */
    if (!r->crime_id || !r->outcome_id || !lsoa_set_has(&jc->in, r->lsoa_id) ||
        (jc->type_id && r->type_id != jc->type_id))
        return 0;
    return peel_crime_join_crime(&jc->j, r->crime_id, r->month, r->outcome_id, err);
}

static int join_outcome(void *ctx, int64_t row, peel_month month, const unsigned char *id,
                        int64_t outcome, peel_err *err)
{
    join_ctx *jc = ctx;
    (void)err;
    peel_crime_join_outcome(&jc->j, id, month, row, outcome);
    return 0;
}

typedef struct outcome_sum {
    char *name;
    int64_t n;
} outcome_sum;

/* Sums by text: street categories and outcome types share names. */
static int sum_by_name(peel_store *s, const int64_t *by_id, size_t n, outcome_sum **sums,
                       size_t *nsums, peel_err *err)
{
    for (size_t id = 0; id < n; id++) {
        char *name = NULL;
        if (!by_id[id])
            continue;
        if (peel_crime_db_dim_value(s, (int64_t)id, &name, err) < 0)
            return -1;
        const char *key = name ? name : "";
        size_t k = 0;
        while (k < *nsums && strcmp((*sums)[k].name, key))
            k++;
        if (k == *nsums) {
            outcome_sum *ns = realloc(*sums, (*nsums + 1) * sizeof *ns);
            if (ns)
                *sums = ns;
            if (!ns || !(ns[k].name = name ? name : strdup(""))) {
                free(name);
                return peel_err_set(err, PEEL_ENOMEM, "out of memory");
            }
            ns[k].n = 0;
            ++*nsums;
            name = NULL;
        }
        free(name);
        (*sums)[k].n += by_id[id];
    }
    return 0;
}

int peel_crime_latest_outcomes(peel_store *s, const peel_crime_scope *scope, peel_month from,
                               peel_month to, int64_t type_id, int64_t *joined,
                               peel_crime_search_group_cb cb, void *ctx, peel_err *err)
{
    join_ctx jc = {.type_id = type_id};
    int64_t *by_id = NULL;
    size_t n = 0, nsums = 0;
    outcome_sum *sums = NULL;
    int rc = -1;

    *joined = 0;
    int any = peel_crime_db_outcomes_since(s, from, err);
    if (any <= 0)
        return any;
    peel_crime_join_init(&jc.j);
    if (lsoa_set_load(s, scope, &jc.in, err) < 0 ||
        peel_crime_db_street_rows(s, from, to, 1, 0, join_row, &jc, err) < 0 ||
        (jc.j.n && peel_crime_db_outcome_rows(s, from, join_outcome, &jc, err) < 0) ||
        peel_crime_join_counts(&jc.j, &by_id, &n, joined, err) < 0 ||
        sum_by_name(s, by_id, n, &sums, &nsums, err) < 0)
        goto out;
    rc = 0;
    for (size_t k = 0; k < nsums && rc == 0; k++)
        rc = cb(ctx, sums[k].name, sums[k].n, err);
out:
    for (size_t k = 0; k < nsums; k++)
        free(sums[k].name);
    free(sums);
    free(by_id);
    peel_crime_join_release(&jc.j);
    free(jc.in.bits);
    return rc < 0 ? -1 : 0;
}

/* ---- stop and search ---- */

typedef struct points_ctx {
    lsoa_set in;
    peel_crime_point_set *ps;
    peel_crime_point last; /* the point added last: rows come in runs of one */
} points_ctx;

static int points_row(void *ctx, const peel_crime_street_row *r, peel_err *err)
{
    points_ctx *pc = ctx;
    if (!r->at.set || !lsoa_set_has(&pc->in, r->lsoa_id))
        return 0;
    if (pc->last.set && pc->last.lat == r->at.lat && pc->last.lon == r->at.lon)
        return 0;
    pc->last = r->at;
    return peel_crime_point_set_add(pc->ps, r->at.lat, r->at.lon, err);
}

/* The map points of the street crimes in scope in [from - 12, to]. */
static int scope_points(peel_store *s, const peel_crime_scope *scope, peel_month from,
                        peel_month to, peel_crime_point_set *ps, peel_err *err)
{
    points_ctx pc = {.ps = ps};
    int rc = -1;
    if (lsoa_set_load(s, scope, &pc.in, err) < 0 ||
        peel_crime_db_street_rows(s, from - 12, to, 1, 0, points_row, &pc, err) < 0)
        goto out;
    peel_crime_point_set_seal(ps);
    rc = 0;
out:
    free(pc.in.bits);
    return rc;
}

typedef struct search_ctx {
    peel_crime_search_placing *pl;
    const peel_crime_point_set *pts;
    peel_crime_search_tally t;
} search_ctx;

static int search_row(void *ctx, const char *value, const peel_crime_point *at, peel_err *err)
{
    search_ctx *sc = ctx;
    return peel_crime_search_place(sc->pl, sc->pts, &sc->t, value, at->set, at->lat, at->lon, err);
}

int peel_crime_search_counts(peel_store *s, const peel_crime_scope *scope, enum peel_crime_dim by,
                             peel_month from, peel_month to, peel_crime_search_group_cb cb,
                             void *ctx, peel_crime_search_placing *pl, peel_err *err)
{
    bool placing =
        scope && scope->kind && strcmp(scope->kind, "all") && strcmp(scope->kind, "force");
    peel_crime_point_set pts;
    search_ctx sc = {.pl = pl, .pts = &pts};
    int rc = -1;

    *pl = (peel_crime_search_placing){.placed_by_point = placing};
    peel_crime_point_set_init(&pts);
    if (placing) {
        /* The points cost a decode of the area's street chunks: only when
         * there are searches to place. */
        int any = peel_crime_db_searches_any(s, from, to, err);
        if (any <= 0)
            return any;
        if (scope_points(s, scope, from, to, &pts, err) < 0)
            goto out;
    }
    if (peel_crime_db_search_rows(s, by, from, to, search_row, &sc, err) < 0)
        goto out;
    rc = peel_crime_search_tally_each(&sc.t, cb, ctx, err);
out:
    peel_crime_search_tally_release(&sc.t);
    peel_crime_point_set_release(&pts);
    return rc;
}
