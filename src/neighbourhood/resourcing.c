/* resourcing.c - the establishment change table and the savings
 * reconciliation (resourcing.h).  Both read every record of their type the
 * reader may open and work in C over them: the tables are small.  A change
 * is (now - before) in whole posts and, in exact integer arithmetic
 * (core/pct.h), per cent of before to one decimal; a savings check adds the
 * parts' pence exactly. */
#include "neighbourhood/resourcing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/assert.h"
#include "core/money.h"
#include "core/pct.h"
#include "core/vec.h"
#include "domain/geo.h"
#include "neighbourhood/neighbourhood.h"

/* ---- the establishment change table ---- */

static const int est_measures[] = {PEEL_EST_ALLOCATED, PEEL_EST_FUNDED, PEEL_EST_ACTUAL,
                                   PEEL_EST_REPORTED};

void peel_est_release(peel_est_table *t)
{
    peel_vec_release(t);
}

/* Where a row falls in time: its year, or the month it was reported in. */
static int64_t est_when(const peel_record *r, char out[32])
{
    int64_t y;
    if (peel_record_int_at(r, PEEL_EST_YEAR, &y)) {
        snprintf(out, 32, "%lld", (long long)y);
        return y * 100;
    }
    int64_t m = 0;
    char t[24];
    peel_record_int_at(r, PEEL_EST_REPORTED_ON, &m);
    peel_month_format_long((peel_month)m, t);
    snprintf(out, 32, "as reported %s", t);
    int yy, mm;
    peel_month_to_ym((peel_month)m, &yy, &mm);
    return (int64_t)yy * 100 + mm;
}

typedef struct est_sort {
    peel_est_row row;
    int role, measure;
    int64_t when;
} est_sort;

typedef struct est_sorts {
    est_sort *v;
    size_t n, cap;
} est_sorts;

static int cmp_est(const void *a, const void *b)
{
    const est_sort *x = a, *y = b;
    int c;
    if (x->role != y->role)
        return x->role < y->role ? -1 : 1;
    if ((c = strcmp(x->row.area, y->row.area)))
        return c;
    if (x->measure != y->measure)
        return x->measure < y->measure ? -1 : 1;
    if (x->when != y->when)
        return x->when < y->when ? -1 : 1;
    return strcmp(x->row.ref, y->row.ref);
}

static int option_index(const peel_field *f, const char *v)
{
    for (int i = 0; f->options[i].value; i++)
        if (!strcmp(f->options[i].value, v))
            return i;
    return -1;
}

int peel_est_table_of(peel_store *s, const peel_reader *rd, const char *role, const char *area,
                      peel_est_table *out, peel_err *err)
{
    const peel_field *rf = &peel_type_establishment.fields[PEEL_EST_ROLE];
    peel_records est = {0}, areas = {0};
    est_sorts rows = {0};
    int64_t area_id = 0;
    int rc = -1;

    memset(out, 0, sizeof *out);
    if (role && option_index(rf, role) < 0)
        return peel_err_set(err, PEEL_EINPUT,
                            "role: '%s' is not a role (pcso, "
                            "neighbourhood_officer, sergeant...)",
                            role);
    if (peel_records_load_visible(s, rd, &peel_type_establishment, &est, err) < 0 ||
        peel_records_load_visible(s, rd, &peel_type_area, &areas, err) < 0)
        goto out;
    if (area) {
        for (size_t i = 0; i < areas.n && !area_id; i++)
            if (!strcmp(peel_record_text_at(areas.v[i], PEEL_AREA_CODE), area))
                area_id = areas.v[i]->id;
        if (!area_id) {
            peel_err_set(err, PEEL_EINPUT, "area: no area has the code '%s'", area);
            goto out;
        }
    }
    for (size_t i = 0; i < est.n; i++) {
        const peel_record *r = est.v[i];
        const char *rv = peel_record_text_at(r, PEEL_EST_ROLE);
        int64_t aid = peel_record_ref_at(r, PEEL_EST_AREA);
        if ((role && strcmp(rv, role)) || (area_id && aid != area_id))
            continue;
        const peel_record *a = peel_records_get(&areas, aid);
        for (size_t k = 0; k < sizeof est_measures / sizeof est_measures[0]; k++) {
            int64_t v;
            if (!peel_record_int_at(r, est_measures[k], &v))
                continue;
            est_sort *e = peel_vec_push(&rows);
            if (!e) {
                peel_err_set(err, PEEL_ENOMEM, "out of memory reading the establishment");
                goto out;
            }
            snprintf(e->row.ref, sizeof e->row.ref, "%s", peel_record_text_at(r, PEEL_EST_REF));
            e->row.role = peel_option_label(rf, rv);
            e->row.measure = peel_type_establishment.fields[est_measures[k]].name;
            snprintf(e->row.area, sizeof e->row.area, "%s",
                     a ? peel_record_text_at(a, PEEL_AREA_CODE) : "");
            snprintf(e->row.area_name, sizeof e->row.area_name, "%s",
                     a ? peel_record_text_at(a, PEEL_AREA_NAME) : "");
            e->row.value = v;
            e->when = est_when(r, e->row.when);
            e->role = option_index(rf, rv);
            e->measure = (int)k;
        }
    }
    if (rows.n)
        qsort(rows.v, rows.n, sizeof *rows.v, cmp_est);
    if (peel_vec_reserve(out, rows.n) < 0) {
        peel_err_set(err, PEEL_ENOMEM, "out of memory reading the establishment");
        goto out;
    }
    for (size_t i = 0; i < rows.n; i++) {
        peel_est_row *r = &rows.v[i].row;
        const est_sort *p = i ? &rows.v[i - 1] : NULL;
        if (p && p->role == rows.v[i].role && p->measure == rows.v[i].measure &&
            !strcmp(p->row.area, r->area)) {
            r->has_change = true;
            r->change = r->value - p->row.value;
            r->has_pct = peel_pct_change(p->row.value, r->value, 1, &r->pct10);
        }
        out->v[out->n++] = *r;
    }
    rc = 0;
out:
    peel_vec_release(&rows);
    peel_records_free(&est);
    peel_records_free(&areas);
    if (rc < 0)
        peel_est_release(out);
    return rc;
}

/* ---- the reconciliation of printed totals ---- */

const peel_recon_kind peel_recon_savings = {
    .what = "savings",
    .type = &peel_type_saving,
    .ref = PEEL_SAV_REF,
    .year = PEEL_SAV_YEAR,
    .line = PEEL_SAV_LINE,
    .part_of = PEEL_SAV_PART_OF,
    .first = PEEL_SAV_FIRST_AMOUNT,
    .last = PEEL_SAV_LAST_AMOUNT,
};

const peel_recon_kind peel_recon_budget = {
    .what = "budget",
    .type = &peel_type_budget,
    .ref = PEEL_BUDGET_REF,
    .year = PEEL_BUDGET_YEAR,
    .line = PEEL_BUDGET_LINE,
    .part_of = PEEL_BUDGET_PART_OF,
    .first = PEEL_BUDGET_AMOUNT,
    .last = PEEL_BUDGET_AMOUNT,
};

void peel_sav_release(peel_sav_view *v)
{
    for (size_t i = 0; i < v->n; i++)
        free(v->v[i].parts);
    peel_vec_release(v);
    peel_records_free(&v->recs);
}

const char *peel_sav_status_name(enum peel_sav_status st)
{
    switch (st) {
    case PEEL_SAV_AGREES:
        return "agrees";
    case PEEL_SAV_DIFFERS:
        return "differs";
    case PEEL_SAV_INCOMPLETE:
        return "incomplete";
    case PEEL_SAV_NOT_GIVEN:
        return "not given";
    case PEEL_SAV_NO_TOTAL:
        return "no total";
    }
    return "";
}

void peel_sav_check_text(const peel_sav_check *c, char out[static 200])
{
    char a[32], b[32];
    peel_money_format(c->sum, a);
    switch (c->status) {
    case PEEL_SAV_AGREES:
        snprintf(out, 200, "The parts add up to the total, %s", a);
        return;
    case PEEL_SAV_DIFFERS:
        peel_money_format(c->sum > c->total ? c->sum - c->total : c->total - c->sum, b);
        snprintf(out, 200, "The parts add up to %s, %s %s than the total", a, b,
                 c->sum > c->total ? "more" : "less");
        return;
    case PEEL_SAV_INCOMPLETE:
        snprintf(out, 200, "%zu of the %zu parts give it (%s): the others are not printed",
                 c->parts_with, c->nparts, a);
        return;
    case PEEL_SAV_NOT_GIVEN:
        snprintf(out, 200, "None of the %zu parts gives an amount", c->nparts);
        return;
    case PEEL_SAV_NO_TOTAL:
        snprintf(out, 200, "No total is given; the parts add up to %s", a);
        return;
    }
    out[0] = '\0';
}

/* Both kinds' ref is their first field. */
static int cmp_ref(const void *a, const void *b)
{
    const peel_record *const *x = a, *const *y = b;
    return strcmp(peel_record_text_at(*x, 0), peel_record_text_at(*y, 0));
}

static void sav_checks(const peel_recon_kind *kind, peel_sav_group *g)
{
    for (int f = kind->first; f <= kind->last; f++) {
        peel_sav_check c = {.field = f, .nparts = g->nparts};
        c.has_total = peel_record_int_at(g->total, f, &c.total);
        for (size_t i = 0; i < g->nparts; i++) {
            int64_t v;
            if (peel_record_int_at(g->parts[i], f, &v)) {
                c.sum += v;
                c.parts_with++;
            }
        }
        if (!c.has_total && !c.parts_with)
            continue;
        if (!c.parts_with)
            c.status = PEEL_SAV_NOT_GIVEN;
        else if (c.parts_with < c.nparts)
            c.status = PEEL_SAV_INCOMPLETE;
        else if (!c.has_total)
            c.status = PEEL_SAV_NO_TOTAL;
        else
            c.status = c.sum == c.total ? PEEL_SAV_AGREES : PEEL_SAV_DIFFERS;
        g->checks[g->nchecks++] = c;
    }
}

int peel_sav_view_of(peel_store *s, const peel_reader *rd, const peel_recon_kind *kind,
                     peel_fy year, peel_sav_view *out, peel_err *err)
{
    memset(out, 0, sizeof *out);
    out->kind = kind;
    out->year = year;
    PEEL_ASSERT(kind->ref == 0 && kind->last - kind->first < PEEL_SAV_MEASURES);
    if (peel_records_load_visible(s, rd, kind->type, &out->recs, err) < 0)
        return -1;
    peel_records *rs = &out->recs;
    size_t k = 0;
    for (size_t i = 0; i < rs->n; i++) {
        int64_t y = 0;
        peel_record_int_at(rs->v[i], kind->year, &y);
        if (y == year)
            rs->v[k++] = rs->v[i];
        else
            peel_record_free(rs->v[i]);
    }
    rs->n = k;
    if (rs->n)
        qsort(rs->v, rs->n, sizeof *rs->v, cmp_ref);
    /* a group for every record that is part of nothing (or of a total the
     * reader may not open: then it stands on its own) */
    for (size_t i = 0; i < rs->n; i++) {
        int64_t t = peel_record_ref_at(rs->v[i], kind->part_of);
        bool parent = false;
        for (size_t j = 0; t && j < rs->n && !parent; j++)
            parent = rs->v[j]->id == t;
        if (parent)
            continue;
        peel_sav_group *g = peel_vec_push(out);
        if (!g)
            goto oom;
        g->total = rs->v[i];
        for (size_t j = 0; j < rs->n; j++)
            g->nparts += peel_record_ref_at(rs->v[j], kind->part_of) == rs->v[i]->id;
        if (g->nparts && !(g->parts = calloc(g->nparts, sizeof *g->parts)))
            goto oom;
        size_t p = 0;
        for (size_t j = 0; j < rs->n; j++)
            if (peel_record_ref_at(rs->v[j], kind->part_of) == rs->v[i]->id)
                g->parts[p++] = rs->v[j];
        if (g->nparts)
            sav_checks(kind, g);
    }
    return 0;
oom:
    peel_sav_release(out);
    return peel_err_set(err, PEEL_ENOMEM, "out of memory reading the %s", kind->what);
}
