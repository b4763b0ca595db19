/* npa_view.c - the neighbourhood policing areas as a reader sees them
 * (npa_view.h).  Every record of the types joined is loaded once and kept
 * only when the reader may open it; the deployment_npa record of a
 * deployment the reader may not open is left out too.  The abstraction
 * rate is hours given in the months of the period holding available hours
 * over the hours available in those months, in exact integer arithmetic
 * (core/pct.h), to one decimal; docs/METHODS.md, "Abstraction rate per
 * NPA". */
#include "neighbourhood/npa_view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/clock.h"
#include "core/pct.h"
#include "core/vec.h"
#include "crime/report.h"
#include "domain/geo.h"
#include "engagement/engagement.h"
#include "model/records.h"
#include "neighbourhood/neighbourhood.h"

void peel_npa_list_release(peel_npa_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        peel_vec_release(&l->v[i].est);
        peel_vec_release(&l->v[i].rate.deps);
        peel_vec_release(&l->v[i].eng);
    }
    peel_vec_release(l);
}

/* The records of every type joined, each kept only when rd may open it. */
typedef struct loaded {
    peel_records areas, deps, dnpas, avh, est, eng;
} loaded;

static void loaded_release(loaded *d)
{
    peel_records_free(&d->areas);
    peel_records_free(&d->deps);
    peel_records_free(&d->dnpas);
    peel_records_free(&d->avh);
    peel_records_free(&d->est);
    peel_records_free(&d->eng);
}

static int load(peel_store *s, const peel_reader *rd, loaded *d, peel_err *err)
{
    memset(d, 0, sizeof *d);
    if (peel_records_load_visible(s, rd, &peel_type_area, &d->areas, err) < 0 ||
        peel_records_load_visible(s, rd, &peel_type_deployment, &d->deps, err) < 0 ||
        peel_records_load_visible(s, rd, &peel_type_deployment_npa, &d->dnpas, err) < 0 ||
        peel_records_load_visible(s, rd, &peel_type_available_hours, &d->avh, err) < 0 ||
        peel_records_load_visible(s, rd, &peel_type_establishment, &d->est, err) < 0 ||
        peel_records_load_visible(s, rd, &peel_type_engagement, &d->eng, err) < 0) {
        loaded_release(d);
        return -1;
    }
    return 0;
}

static bool is_npa(const peel_record *a)
{
    return !strcmp(peel_record_text_at(a, PEEL_AREA_KIND), "npa");
}

/* ---- establishment ---- */

static int est_of(const loaded *d, peel_npa *n, peel_err *err)
{
    static const int measures[PEEL_NPA_MEASURES] = {PEEL_EST_ALLOCATED, PEEL_EST_FUNDED,
                                                    PEEL_EST_ACTUAL, PEEL_EST_REPORTED};
    const peel_field *rf = &peel_type_establishment.fields[PEEL_EST_ROLE];
    for (const peel_option *o = rf->options; o->value; o++) {
        peel_npa_est best = {0};
        bool found = false;
        for (size_t i = 0; i < d->est.n; i++) {
            const peel_record *r = d->est.v[i];
            int64_t y, m;
            int sort;
            char when[40];
            if (peel_record_ref_at(r, PEEL_EST_AREA) != n->id ||
                strcmp(peel_record_text_at(r, PEEL_EST_ROLE), o->value))
                continue;
            if (peel_record_int_at(r, PEEL_EST_YEAR, &y)) {
                sort = (int)(y * 12 + 11);
                snprintf(when, sizeof when, "%lld", (long long)y);
            } else {
                char t[24];
                m = 0;
                peel_record_int_at(r, PEEL_EST_REPORTED_ON, &m);
                peel_month_format_long((peel_month)m, t);
                int yy, mm;
                peel_month_to_ym((peel_month)m, &yy, &mm);
                sort = yy * 12 + mm - 1;
                snprintf(when, sizeof when, "as reported %s", t);
            }
            if (found && sort < best.sort)
                continue;
            found = true;
            memset(&best, 0, sizeof best);
            best.role = o->label ? o->label : o->value;
            best.sort = sort;
            snprintf(best.when, sizeof best.when, "%s", when);
            snprintf(best.ref, sizeof best.ref, "%s", peel_record_text_at(r, PEEL_EST_REF));
            for (int k = 0; k < PEEL_NPA_MEASURES; k++)
                best.has[k] = peel_record_int_at(r, measures[k], &best.v[k]);
        }
        if (!found)
            continue;
        peel_npa_est *e = peel_vec_push(&n->est);
        if (!e)
            return peel_err_set(err, PEEL_ENOMEM, "out of memory");
        *e = best;
    }
    return 0;
}

/* ---- the abstraction rate ---- */

static int dep_cmp(const void *a, const void *b)
{
    const peel_npa_dep *x = a, *y = b;
    if (!*x->date != !*y->date)
        return *x->date ? -1 : 1;
    int c = strcmp(x->date, y->date);
    return c ? c : strcmp(x->ref, y->ref);
}

static int rate_of(const loaded *d, peel_month from, peel_month to, peel_npa *n, peel_err *err)
{
    peel_npa_rate *r = &n->rate;
    size_t nm = (size_t)(to - from + 1);
    bool *held = calloc(nm, sizeof *held);
    if (!held)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    r->months = (int)nm;
    for (size_t i = 0; i < d->avh.n; i++) {
        const peel_record *a = d->avh.v[i];
        int64_t m, h = 0;
        if (peel_record_ref_at(a, PEEL_AVH_NPA) != n->id ||
            !peel_record_int_at(a, PEEL_AVH_MONTH, &m) || m < from || m > to)
            continue;
        peel_record_int_at(a, PEEL_AVH_HOURS, &h);
        if (!held[m - from])
            r->months_held++;
        held[m - from] = true;
        r->available += h;
    }
    for (size_t i = 0; i < d->dnpas.n; i++) {
        const peel_record *g = d->dnpas.v[i];
        const peel_record *dep;
        int64_t day = 0, hours = 0, officers = 0;
        if (peel_record_ref_at(g, PEEL_DNPA_NPA) != n->id ||
            !(dep = peel_records_get(&d->deps, peel_record_ref_at(g, PEEL_DNPA_DEPLOYMENT))))
            continue;
        bool dated = peel_record_int_at(dep, PEEL_DEP_DATE, &day);
        peel_month m = dated ? peel_month_of_date((peel_date)day) : 0;
        if (dated && (m < from || m > to))
            continue;
        peel_record_int_at(g, PEEL_DNPA_HOURS, &hours);
        peel_record_int_at(g, PEEL_DNPA_OFFICERS, &officers);
        peel_npa_dep *e = peel_vec_push(&r->deps);
        if (!e) {
            free(held);
            return peel_err_set(err, PEEL_ENOMEM, "out of memory");
        }
        e->id = dep->id;
        snprintf(e->ref, sizeof e->ref, "%s", peel_record_text_at(dep, PEEL_DEP_REF));
        snprintf(e->name, sizeof e->name, "%s", peel_record_text_at(dep, PEEL_DEP_NAME));
        if (dated)
            peel_date_format((peel_date)day, e->date);
        e->hours = hours;
        e->officers = officers;
        e->in_rate = dated && held[m - from];
        if (e->in_rate) {
            r->abstracted += hours;
        } else {
            r->outside++;
            r->outside_hours += hours;
        }
    }
    free(held);
    if (r->deps.n)
        qsort(r->deps.v, r->deps.n, sizeof *r->deps.v, dep_cmp);
    if (!r->months_held)
        snprintf(r->why, sizeof r->why, "no month of the period holds available hours");
    else if (r->available < PEEL_NPA_MIN_AVAILABLE)
        snprintf(r->why, sizeof r->why,
                 "not given: %lld available hours is under %d, too small a base",
                 (long long)r->available, PEEL_NPA_MIN_AVAILABLE);
    else
        r->has_pct = peel_pct(r->abstracted, r->available, 1, &r->pct10);
    return 0;
}

const char *peel_npa_rate_text(const peel_npa_rate *r, char out[static 200])
{
    if (!r->has_pct) {
        snprintf(out, 200, "%s", r->why);
        return out;
    }
    peel_pct_format(r->pct10, 1, false, out);
    return out;
}

/* ---- engagements ---- */

static int eng_cmp(const void *a, const void *b)
{
    const peel_npa_eng *x = a, *y = b;
    int c = strcmp(x->date, y->date);
    return c ? c : strcmp(x->ref, y->ref);
}

static int eng_of(const loaded *d, peel_month from, peel_month to, peel_npa *n, peel_err *err)
{
    peel_date first = peel_month_first_day(from), last = peel_month_last_day(to);
    for (size_t i = 0; i < d->eng.n; i++) {
        const peel_record *e = d->eng.v[i];
        int64_t day;
        if (peel_record_ref_at(e, PEEL_ENG_NPA) != n->id)
            continue;
        if (!peel_record_int_at(e, PEEL_ENG_DATE, &day) &&
            !peel_record_int_at(e, PEEL_ENG_HELD_FROM, &day))
            continue;
        if (day < first || day > last)
            continue;
        peel_npa_eng *g = peel_vec_push(&n->eng);
        if (!g)
            return peel_err_set(err, PEEL_ENOMEM, "out of memory");
        g->id = e->id;
        snprintf(g->ref, sizeof g->ref, "%s", peel_record_text_at(e, PEEL_ENG_REF));
        snprintf(g->title, sizeof g->title, "%s", peel_record_text_at(e, PEEL_ENG_TITLE));
        peel_date_format((peel_date)day, g->date);
    }
    if (n->eng.n)
        qsort(n->eng.v, n->eng.n, sizeof *n->eng.v, eng_cmp);
    return 0;
}

/* ---- street crime ---- */

static void crime_period(const peel_crime_view *v, peel_npa_crime_period *p)
{
    for (peel_month m = p->from; m <= p->to; m++) {
        if (m < v->from || m > v->to || !v->have[m - v->from])
            continue;
        p->months_held++;
        p->crimes += v->month_total[m - v->from];
    }
}

static int crime_of(peel_store *s, peel_month to, bool have_data, peel_month last, peel_npa *n,
                    peel_err *err)
{
    peel_npa_crime *c = &n->crime;
    peel_crime_area found;
    peel_crime_view v;
    if (!have_data) {
        snprintf(c->note, sizeof c->note, "no street crime data is imported");
        return 0;
    }
    int f = peel_crime_db_area_find(s, n->code, &found, err);
    if (f < 0)
        return -1;
    if (!f || strcmp(found.kind, "npa")) {
        snprintf(c->note, sizeof c->note, "the area is not in the crime data's areas");
        return 0;
    }
    c->now.to = to ? to : last;
    c->now.from = c->now.to - 11;
    c->before.to = c->now.from - 1;
    c->before.from = c->before.to - 11;
    if (peel_crime_view_load(s, &(peel_crime_view_args){.area = found.code}, &v, err) < 0)
        return -1;
    crime_period(&v, &c->now);
    crime_period(&v, &c->before);
    peel_crime_view_release(&v);
    c->have = true;
    if (!c->now.months_held || !c->before.months_held)
        snprintf(c->why, sizeof c->why, "not given: %s hold no street data",
                 c->now.months_held ? "the 12 months before" : "the last 12 months");
    else if (c->now.months_held != c->before.months_held)
        snprintf(c->why, sizeof c->why,
                 "not given, not like for like: %d of 12 months hold data, and %d of the 12 "
                 "before",
                 c->now.months_held, c->before.months_held);
    else if (c->before.crimes < PEEL_NPA_MIN_CRIME_BASE)
        snprintf(c->why, sizeof c->why,
                 "not given: %lld crimes before is under %d, too small a base",
                 (long long)c->before.crimes, PEEL_NPA_MIN_CRIME_BASE);
    else
        c->has_pct = peel_pct_change(c->before.crimes, c->now.crimes, 1, &c->pct10);
    return 0;
}

const char *peel_npa_crime_change_text(const peel_npa_crime *c, char out[static 200])
{
    if (!c->have) {
        snprintf(out, 200, "%s", c->note);
        return out;
    }
    if (!c->has_pct) {
        snprintf(out, 200, "%s", c->why);
        return out;
    }
    peel_pct_format(c->pct10, 1, true, out);
    return out;
}

/* ---- the list ---- */

static int npa_cmp(const void *a, const void *b)
{
    return strcmp(((const peel_npa *)a)->code, ((const peel_npa *)b)->code);
}

int peel_npa_list_of(peel_store *s, const peel_reader *rd, const char *code, peel_month from,
                     peel_month to, peel_npa_list *out, peel_err *err)
{
    loaded d;
    peel_month first = 0, last = 0;
    int have_data;
    peel_month crime_to = to;

    memset(out, 0, sizeof *out);
    if (load(s, rd, &d, err) < 0)
        return -1;
    if (!from && !to) {
        for (size_t i = 0; i < d.avh.n; i++) {
            int64_t m;
            const peel_record *a =
                peel_records_get(&d.areas, peel_record_ref_at(d.avh.v[i], PEEL_AVH_NPA));
            if (a && peel_record_int_at(d.avh.v[i], PEEL_AVH_MONTH, &m) && m > to)
                to = (peel_month)m;
        }
        if (!to)
            to = peel_month_of_date(peel_clock_today());
        from = to - 11;
    } else if (!from) {
        from = to - 11;
    } else if (!to) {
        to = from + 11;
    }
    out->from = from;
    out->to = to;
    if ((have_data = peel_crime_db_month_range(s, &first, &last, err)) < 0)
        goto fail;
    for (size_t i = 0; i < d.areas.n; i++) {
        const peel_record *a = d.areas.v[i];
        if (!is_npa(a) || (code && strcasecmp(peel_record_text_at(a, PEEL_AREA_CODE), code)))
            continue;
        peel_npa *n = peel_vec_push(out);
        if (!n) {
            peel_err_set(err, PEEL_ENOMEM, "out of memory");
            goto fail;
        }
        n->id = a->id;
        snprintf(n->code, sizeof n->code, "%s", peel_record_text_at(a, PEEL_AREA_CODE));
        snprintf(n->name, sizeof n->name, "%s", peel_record_text_at(a, PEEL_AREA_NAME));
        const peel_record *p = peel_records_get(&d.areas, peel_record_ref_at(a, PEEL_AREA_PARENT));
        if (p) {
            snprintf(n->district_code, sizeof n->district_code, "%s",
                     peel_record_text_at(p, PEEL_AREA_CODE));
            snprintf(n->district, sizeof n->district, "%s", peel_record_text_at(p, PEEL_AREA_NAME));
        }
        if (est_of(&d, n, err) < 0 || rate_of(&d, from, to, n, err) < 0 ||
            eng_of(&d, from, to, n, err) < 0 ||
            crime_of(s, crime_to, have_data > 0, last, n, err) < 0)
            goto fail;
    }
    if (code && !out->n) {
        peel_err_set(err, PEEL_EINPUT, "npa: no neighbourhood policing area '%s'", code);
        goto fail;
    }
    if (out->n)
        qsort(out->v, out->n, sizeof *out->v, npa_cmp);
    loaded_release(&d);
    return 0;
fail:
    loaded_release(&d);
    peel_npa_list_release(out);
    return -1;
}
