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

/* ---- repeat locations ---- */

typedef struct places_ctx {
    peel_store *s;
    lsoa_set in;
    peel_crime_repeat rep;
    peel_month from, to;
    int64_t type_id;
} places_ctx;

static int places_row(void *ctx, const peel_crime_street_row *r, peel_err *err)
{
    places_ctx *pc = ctx;
    if (!r->location_id || !lsoa_set_has(&pc->in, r->lsoa_id) ||
        (pc->type_id && r->type_id != pc->type_id))
        return 0;
    return peel_crime_repeat_add(&pc->rep, r->location_id, r->lsoa_id, r->month,
                                 r->month >= pc->from && r->month <= pc->to, err);
}

static int name_point(void *ctx, int64_t id, char **name, peel_err *err)
{
    places_ctx *pc = ctx;
    peel_crime_point at;
    int rc = peel_crime_db_location_get(pc->s, id, name, &at, err);
    if (rc == 0)
        return peel_err_set(err, PEEL_EDB, "crime location %lld is missing", (long long)id);
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
    int64_t *ids;
    size_t n, cap;
} points_ctx;

static int points_row(void *ctx, const peel_crime_street_row *r, peel_err *err)
{
    points_ctx *pc = ctx;
    if (!r->location_id || !lsoa_set_has(&pc->in, r->lsoa_id))
        return 0;
    if (pc->n && pc->ids[pc->n - 1] == r->location_id)
        return 0;
    if (pc->n == pc->cap) {
        size_t cap = pc->cap ? pc->cap * 2 : 4096;
        int64_t *v = realloc(pc->ids, cap * sizeof *v);
        if (!v)
            return peel_err_set(err, PEEL_ENOMEM, "out of memory");
        pc->ids = v;
        pc->cap = cap;
    }
    pc->ids[pc->n++] = r->location_id;
    return 0;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The map points of the street crimes in scope in [from - 12, to]. */
static int scope_points(peel_store *s, const peel_crime_scope *scope, peel_month from,
                        peel_month to, peel_crime_point_set *ps, peel_err *err)
{
    points_ctx pc = {0};
    int rc = -1;
    if (lsoa_set_load(s, scope, &pc.in, err) < 0 ||
        peel_crime_db_street_rows(s, from - 12, to, 1, 0, points_row, &pc, err) < 0)
        goto out;
    if (pc.n)
        qsort(pc.ids, pc.n, sizeof *pc.ids, cmp_i64);
    for (size_t i = 0; i < pc.n; i++) {
        peel_crime_point at;
        int got;
        if (i && pc.ids[i] == pc.ids[i - 1])
            continue;
        if ((got = peel_crime_db_location_get(s, pc.ids[i], NULL, &at, err)) < 0)
            goto out;
        if (got && at.set && peel_crime_point_set_add(ps, at.lat, at.lon, err) < 0)
            goto out;
    }
    peel_crime_point_set_seal(ps);
    rc = 0;
out:
    free(pc.ids);
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
