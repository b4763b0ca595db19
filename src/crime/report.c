/* report.c - gathers an area's counts once (a view) and lays the Panel's
 * figures out as result tables: summary, comparison, hotspots, SPC,
 * outcomes, stop and search.
 *
 * A view is built from the pre-aggregated count table in one query, so a
 * district over 36 months is a few thousand cells; every figure after that
 * is arithmetic in figures.c.  Unknown areas, types and months are errors
 * that list what would have been valid.
 */
#include "crime/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/pct.h"

/* ---- result tables ---- */

void peel_crime_result_release(peel_crime_result *r)
{
    for (size_t i = 0; i < r->ncols; i++) {
        free(r->cols[i]);
        free(r->heads[i]);
    }
    for (size_t i = 0; i < r->nrows * r->ncols; i++)
        free(r->cells[i]);
    free(r->cols);
    free(r->heads);
    free(r->numeric);
    free(r->cells);
    free(r->title);
    peel_buf_release(&r->notes);
    memset(r, 0, sizeof *r);
}

int peel_crime_result_cols(peel_crime_result *r, const char *title, const char *const *cols,
                           const char *const *heads, const bool *numeric, size_t n)
{
    memset(r, 0, sizeof *r);
    peel_buf_init(&r->notes, 1 << 20);
    r->title = strdup(title);
    r->cols = calloc(n, sizeof *r->cols);
    r->heads = calloc(n, sizeof *r->heads);
    r->numeric = calloc(n, sizeof *r->numeric);
    if (!r->title || !r->cols || !r->heads || !r->numeric)
        return -1;
    r->ncols = n;
    for (size_t i = 0; i < n; i++) {
        if (!(r->cols[i] = strdup(cols[i])) || !(r->heads[i] = strdup(heads ? heads[i] : cols[i])))
            return -1;
        r->numeric[i] = numeric[i];
    }
    return 0;
}

int peel_crime_result_row(peel_crime_result *r, const char *const *cells)
{
    if ((r->nrows + 1) * r->ncols > r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 64 * r->ncols;
        char **c = realloc(r->cells, cap * sizeof *c);
        if (!c)
            return -1;
        r->cells = c;
        r->cap = cap;
    }
    for (size_t i = 0; i < r->ncols; i++) {
        char *d = strdup(cells[i] ? cells[i] : "");
        if (!d) {
            for (size_t k = 0; k < i; k++)
                free(r->cells[r->nrows * r->ncols + k]);
            return -1;
        }
        r->cells[r->nrows * r->ncols + i] = d;
    }
    r->nrows++;
    return 0;
}

/* ---- loading a view ---- */

static int names_cb(void *ctx, int64_t id, const char *value, peel_err *err)
{
    peel_crime_names *n = ctx;
    if ((size_t)id >= n->n) {
        size_t cap = (size_t)id + 16;
        char **v = realloc(n->v, cap * sizeof *v);
        if (!v)
            return peel_err_set(err, PEEL_ENOMEM, "out of memory");
        memset(v + n->n, 0, (cap - n->n) * sizeof *v);
        n->v = v;
        n->n = cap;
    }
    if (!(n->v[id] = strdup(value)))
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    return 0;
}

static void names_release(peel_crime_names *n)
{
    for (size_t i = 0; i < n->n; i++)
        free(n->v[i]);
    free(n->v);
    n->v = NULL;
    n->n = 0;
}

typedef struct choices {
    peel_buf b;
} choices;

static int choice_cb(void *ctx, const peel_crime_area *a, peel_err *err)
{
    choices *c = ctx;
    (void)err;
    peel_buf_printf(&c->b, "%s%s (%s, %s)", c->b.len ? ", " : "", a->name, a->code, a->kind);
    return 0;
}

typedef struct parts_ctx {
    peel_crime_view *v;
    peel_err *err;
} parts_ctx;

static int add_part(peel_crime_view *v, int64_t id, const char *code, const char *name,
                    peel_err *err)
{
    peel_crime_part *p = realloc(v->parts, (v->nparts + 1) * sizeof *p);
    if (!p)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    v->parts = p;
    p = &v->parts[v->nparts];
    memset(p, 0, sizeof *p);
    p->id = id;
    p->code = strdup(code ? code : "");
    p->name = strdup(name ? name : "");
    p->by_month = calloc(v->nm, sizeof *p->by_month);
    v->nparts++;
    if (!p->code || !p->name || !p->by_month)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    return 0;
}

static int part_area_cb(void *ctx, const peel_crime_area *a, peel_err *err)
{
    return add_part(ctx, a->id, a->code, a->name, err);
}

static int part_lsoa_cb(void *ctx, int64_t id, const char *code, const char *name, peel_err *err)
{
    return add_part(ctx, id, code, name, err);
}

static int cmp_part(const void *a, const void *b)
{
    const peel_crime_part *x = a, *y = b;
    return x->id < y->id ? -1 : x->id > y->id;
}

static peel_crime_part *find_part(const peel_crime_view *v, int64_t id)
{
    peel_crime_part key = {.id = id};
    if (!v->nparts)
        return NULL;
    return bsearch(&key, v->parts, v->nparts, sizeof *v->parts, cmp_part);
}

typedef struct cell_ctx {
    peel_crime_view *v;
    bool force_level;
    bool *force_ok; /* [forces.n]: the force's own files, for the pseudo-parts */
    size_t nforce;
} cell_ctx;

static int cell_cb(void *ctx, const peel_crime_cell *c, peel_err *err)
{
    cell_ctx *cc = ctx;
    peel_crime_view *v = cc->v;
    size_t m = (size_t)(c->month - v->from);
    (void)err;
    if (c->month < v->from || c->month > v->to)
        return 0;
    peel_crime_part *p = NULL;
    if (cc->force_level) {
        if (c->district_id)
            p = find_part(v, c->district_id);
        if (!p) {
            bool own = (size_t)c->force_id < cc->nforce && cc->force_ok[c->force_id];
            if (!own)
                return 0;
            if (!v->type_id || c->type_id == v->type_id) {
                if (c->lsoa_id == 0)
                    v->no_location += c->n;
                else
                    v->outside += c->n;
                p = find_part(v, c->lsoa_id == 0 ? -2 : -1);
                if (p) {
                    p->by_month[m] += c->n;
                    p->total += c->n;
                }
            }
            return 0;
        }
    } else {
        p = find_part(v, c->lsoa_id);
    }
    if ((size_t)c->type_id < v->types.n)
        v->month_type[m * v->types.n + (size_t)c->type_id] += c->n;
    if (v->type_id && c->type_id != v->type_id)
        return 0;
    v->month_total[m] += c->n;
    if ((size_t)c->outcome_id < v->outcomes.n)
        v->outcome_total[c->outcome_id] += c->n;
    if (p) {
        p->by_month[m] += c->n;
        p->total += c->n;
    }
    return 0;
}

typedef struct month_ctx {
    peel_crime_view *v;
    peel_buf list;
    peel_month run_start, prev;
} month_ctx;

static void month_list_flush(month_ctx *mc)
{
    char a[8], b[8];
    if (mc->run_start < 0)
        return;
    peel_month_format(mc->run_start, a);
    peel_month_format(mc->prev, b);
    if (mc->run_start == mc->prev)
        peel_buf_printf(&mc->list, "%s%s", mc->list.len ? ", " : "", a);
    else
        peel_buf_printf(&mc->list, "%s%s to %s", mc->list.len ? ", " : "", a, b);
}

static int month_cb(void *ctx, peel_month m, peel_err *err)
{
    month_ctx *mc = ctx;
    (void)err;
    if (mc->v->have && m >= mc->v->from && m <= mc->v->to)
        mc->v->have[m - mc->v->from] = true;
    if (mc->run_start >= 0 && m == mc->prev + 1) {
        mc->prev = m;
        return 0;
    }
    month_list_flush(mc);
    mc->run_start = mc->prev = m;
    return 0;
}

static int first_force_cb(void *ctx, const peel_crime_area *a, peel_err *err)
{
    (void)err;
    if (strcmp(a->kind, "force"))
        return 0;
    *(peel_crime_area *)ctx = *a;
    return 1; /* stop */
}

static int parse_month_arg(const char *opt, const char *text, peel_month first, peel_month last,
                           const char *valid, peel_month *out, peel_err *err)
{
    peel_err e = PEEL_ERR_INIT;
    if (peel_month_parse(text, strlen(text), out, &e) < 0)
        return peel_err_set(err, PEEL_EINPUT, "%s: %s; months with data: %s", opt, e.msg, valid);
    if (*out < first || *out > last)
        return peel_err_set(err, PEEL_EINPUT, "%s: no data for %s; months with data: %s", opt, text,
                            valid);
    return 0;
}

static int force_names_cb(void *ctx, int64_t id, const char *value, peel_err *err)
{
    cell_ctx *cc = ctx;
    const char *area = cc->v->area.name;
    (void)err;
    /* police.uk names a force "<force area> Police" or "... Constabulary". */
    if ((size_t)id < cc->nforce && !strncasecmp(value, area, strlen(area)))
        cc->force_ok[id] = true;
    return 0;
}

static int max_id_cb(void *ctx, int64_t id, const char *value, peel_err *err)
{
    (void)value;
    (void)err;
    if (id > *(int64_t *)ctx)
        *(int64_t *)ctx = id;
    return 0;
}

int peel_crime_view_load(peel_store *s, const peel_crime_view_args *a, peel_crime_view *v,
                         peel_err *err)
{
    peel_month first, last;
    month_ctx mc = {.v = v, .list = PEEL_BUF_INIT, .run_start = -1};
    choices ch = {.b = PEEL_BUF_INIT};
    cell_ctx cc = {.v = v};
    int64_t *own = NULL; /* the force's own reporting forces */
    int rc = -1;

    memset(v, 0, sizeof *v);
    /* The area. */
    if (a->area) {
        int found = peel_crime_db_area_find(s, a->area, &v->area, err);
        if (found < 0)
            goto out;
        if (!found) {
            if (peel_crime_db_areas(s, 0, NULL, choice_cb, &ch, err) < 0)
                goto out;
            peel_err_set(err, PEEL_ENOTFOUND, "--area: no area '%s'; valid areas: %s", a->area,
                         ch.b.len ? peel_buf_str(&ch.b) : "none (run peel demo or import areas)");
            goto out;
        }
    } else if (peel_crime_db_areas(s, 0, NULL, first_force_cb, &v->area, err) < 0) {
        goto out;
    }
    if (!v->area.id) {
        snprintf(v->area.kind, sizeof v->area.kind, "all");
        snprintf(v->area.name, sizeof v->area.name, "All imported data");
    }
    v->scope.kind = v->area.kind;
    v->scope.area_id = v->area.id;

    /* The months. */
    int have = peel_crime_db_month_range(s, &first, &last, err);
    if (have < 0)
        goto out;
    if (!have) {
        peel_err_set(err, PEEL_ENOTFOUND,
                     "no street crime data imported yet: "
                     "run peel crime import FOLDER");
        goto out;
    }
    if (peel_crime_db_months(s, month_cb, &mc, err) < 0)
        goto out;
    month_list_flush(&mc);
    v->from = first;
    v->to = last;
    if (a->from &&
        parse_month_arg("--from", a->from, first, last, peel_buf_str(&mc.list), &v->from, err) < 0)
        goto out;
    if (a->to &&
        parse_month_arg("--to", a->to, first, last, peel_buf_str(&mc.list), &v->to, err) < 0)
        goto out;
    if (v->to < v->from) {
        peel_err_set(err, PEEL_EINPUT, "--to %s is before --from %s", a->to ? a->to : "",
                     a->from ? a->from : "");
        goto out;
    }
    v->nm = (size_t)(v->to - v->from + 1);
    v->have = calloc(v->nm, sizeof *v->have);
    v->forces = calloc(v->nm, sizeof *v->forces);
    v->month_total = calloc(v->nm, sizeof *v->month_total);
    if (!v->have || !v->forces || !v->month_total) {
        peel_err_set(err, PEEL_ENOMEM, "out of memory");
        goto out;
    }
    if (peel_crime_month_files(s, "street", v->from, v->to, v->forces, err) < 0)
        goto out;
    mc.run_start = -1;
    peel_buf_reset(&mc.list);
    if (peel_crime_db_months(s, month_cb, &mc, err) < 0)
        goto out;

    /* Names, and the type asked for. */
    if (peel_crime_db_dims(s, PEEL_DIM_TYPE, names_cb, &v->types, err) < 0 ||
        peel_crime_db_dims(s, PEEL_DIM_OUTCOME, names_cb, &v->outcomes, err) < 0)
        goto out;
    if (v->outcomes.n == 0 && names_cb(&v->outcomes, 0, "", err) < 0)
        goto out;
    if (a->type) {
        for (size_t i = 0; i < v->types.n; i++)
            if (v->types.v[i] && !strcasecmp(v->types.v[i], a->type))
                v->type_id = (int64_t)i;
        if (!v->type_id) {
            peel_buf b = PEEL_BUF_INIT;
            for (size_t i = 0; i < v->types.n; i++)
                if (v->types.v[i])
                    peel_buf_printf(&b, "%s%s", b.len ? "; " : "", v->types.v[i]);
            peel_err_set(err, PEEL_EINPUT, "--type: no crime type '%s'; valid types: %s", a->type,
                         peel_buf_str(&b));
            peel_buf_release(&b);
            goto out;
        }
    }
    v->month_type = calloc(v->nm * (v->types.n ? v->types.n : 1), sizeof *v->month_type);
    v->outcome_total = calloc(v->outcomes.n, sizeof *v->outcome_total);
    if (!v->month_type || !v->outcome_total) {
        peel_err_set(err, PEEL_ENOMEM, "out of memory");
        goto out;
    }

    /* The parts. */
    cc.force_level = !strcmp(v->scope.kind, "force") || !strcmp(v->scope.kind, "all");
    if (cc.force_level) {
        if (peel_crime_db_areas(s, v->area.id, "district", part_area_cb, v, err) < 0)
            goto out;
        if (add_part(v, -2, "", "No location", err) < 0 ||
            add_part(v, -1, "", "Outside the force area", err) < 0)
            goto out;
        int64_t maxf = 0;
        if (peel_crime_db_dims(s, PEEL_DIM_FORCE, max_id_cb, &maxf, err) < 0)
            goto out;
        cc.nforce = (size_t)maxf + 1;
        cc.force_ok = calloc(cc.nforce, sizeof *cc.force_ok);
        if (!cc.force_ok) {
            peel_err_set(err, PEEL_ENOMEM, "out of memory");
            goto out;
        }
        if (!strcmp(v->scope.kind, "all"))
            memset(cc.force_ok, 1, cc.nforce * sizeof *cc.force_ok);
        else if (peel_crime_db_dims(s, PEEL_DIM_FORCE, force_names_cb, &cc, err) < 0)
            goto out;
    } else if (peel_crime_db_lsoas(s, &v->scope, part_lsoa_cb, v, err) < 0) {
        goto out;
    }
    if (v->nparts)
        qsort(v->parts, v->nparts, sizeof *v->parts, cmp_part);

    /* The counts: for a force, its districts' cells and what its own files
     * placed elsewhere (no location, outside the force area); for all, every
     * cell. */
    peel_crime_scope scope = v->scope;
    if (!strcmp(scope.kind, "force")) {
        own = calloc(cc.nforce ? cc.nforce : 1, sizeof *own);
        if (!own) {
            peel_err_set(err, PEEL_ENOMEM, "out of memory");
            goto out;
        }
        for (size_t i = 0; i < cc.nforce; i++)
            if (cc.force_ok[i])
                own[scope.nown++] = (int64_t)i;
        scope.own = own;
    }
    if (peel_crime_db_cells(s, &scope, v->from, v->to, cell_cb, &cc, err) < 0)
        goto out;
    rc = 0;
out:
    free(own);
    free(cc.force_ok);
    peel_buf_release(&mc.list);
    peel_buf_release(&ch.b);
    if (rc < 0)
        peel_crime_view_release(v);
    return rc;
}

void peel_crime_view_release(peel_crime_view *v)
{
    for (size_t i = 0; i < v->nparts; i++) {
        free(v->parts[i].code);
        free(v->parts[i].name);
        free(v->parts[i].by_month);
    }
    free(v->parts);
    free(v->have);
    free(v->forces);
    free(v->month_total);
    free(v->month_type);
    free(v->outcome_total);
    names_release(&v->types);
    names_release(&v->outcomes);
    memset(v, 0, sizeof *v);
}

int64_t peel_crime_view_sum(const peel_crime_view *v, peel_month from, peel_month to,
                            size_t *missing)
{
    int64_t sum = 0;
    size_t miss = 0;
    for (peel_month m = from; m <= to; m++) {
        if (m < v->from || m > v->to || !v->have[m - v->from]) {
            miss++;
            continue;
        }
        sum += v->month_total[m - v->from];
    }
    if (missing)
        *missing = miss;
    return sum;
}

/* ---- coverage: months with data, and the scope of each month ---- */

typedef struct forces_ctx {
    const char *kind;
    peel_month from, to;
    int *forces;
} forces_ctx;

static int forces_cb(void *ctx, const peel_crime_file_row *f, peel_err *err)
{
    forces_ctx *fc = ctx;
    (void)err;
    /* One current street file per force and month (a later import of the
     * same force and month replaces it). */
    if (f->current && !strcmp(f->kind, fc->kind) && f->month >= fc->from && f->month <= fc->to)
        fc->forces[f->month - fc->from]++;
    return 0;
}

int peel_crime_month_files(peel_store *s, const char *kind, peel_month from, peel_month to,
                           int *forces, peel_err *err)
{
    forces_ctx fc = {kind, from, to, forces};
    if (to < from)
        return 0;
    memset(forces, 0, (size_t)(to - from + 1) * sizeof *forces);
    return peel_crime_db_files(s, forces_cb, &fc, err);
}

/* "2022-12 to 2023-12, 2024-05" for the months of [from, to] where have[i]
 * equals want. */
void peel_crime_month_runs(peel_buf *b, peel_month from, peel_month to, const bool *have, bool want)
{
    bool first = true;
    for (peel_month m = from; m <= to; m++) {
        if (have[m - from] != want)
            continue;
        peel_month e = m;
        while (e + 1 <= to && have[e + 1 - from] == want)
            e++;
        char a[8], z[8];
        peel_month_format(m, a);
        peel_month_format(e, z);
        if (e == m)
            peel_buf_printf(b, "%s%s", first ? "" : ", ", a);
        else
            peel_buf_printf(b, "%s%s to %s", first ? "" : ", ", a, z);
        first = false;
        m = e;
    }
}

void peel_crime_coverage_note(peel_buf *b, const char *what, peel_month from, peel_month to,
                              const bool *have)
{
    size_t n = (size_t)(to - from + 1), with = 0;
    char a[8], z[8];
    for (size_t i = 0; i < n; i++)
        with += have[i];
    peel_month_format(from, a);
    peel_month_format(to, z);
    if (with == n) {
        peel_buf_printf(b, "%s%s%s to %s: all %zu months hold data.\n", what ? what : "",
                        what ? ", " : "", a, z, n);
        return;
    }
    peel_buf_printf(b, "%s%s%s to %s: %zu of its %zu months hold data (none for ", what ? what : "",
                    what ? ", " : "", a, z, with, n);
    peel_crime_month_runs(b, from, to, have, false);
    peel_buf_puts(b, "); a total over it is not a total over the whole period.\n");
}

void peel_crime_scope_note(peel_buf *b, peel_month from, peel_month to, const int *forces,
                           peel_month bfrom, peel_month bto, const int *bforces)
{
    /* The usual scope: the fewest forces of any month with data. */
    int lo = 0, hi = 0;
    for (peel_month m = from; m <= to; m++) {
        int f = forces[m - from];
        if (f && (!lo || f < lo))
            lo = f;
        if (f > hi)
            hi = f;
    }
    for (peel_month m = bfrom; bforces && m <= bto; m++) {
        int f = bforces[m - bfrom];
        if (f && (!lo || f < lo))
            lo = f;
        if (f > hi)
            hi = f;
    }
    if (lo == hi)
        return;
    for (int pass = 0; pass < 2; pass++) {
        peel_month f0 = pass ? bfrom : from, t0 = pass ? bto : to;
        const int *fs = pass ? bforces : forces;
        for (peel_month m = f0; fs && m <= t0; m++) {
            if (fs[m - f0] <= lo)
                continue;
            char ms[8];
            peel_month_format(m, ms);
            peel_buf_printf(b,
                            "%s holds the street files of %d forces, other months here %d: "
                            "crimes other forces (such as British Transport Police) recorded "
                            "in the area are counted in it and not in the months it is set "
                            "beside.\n",
                            ms, fs[m - f0], lo);
        }
    }
}
