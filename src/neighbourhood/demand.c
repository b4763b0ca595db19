/* demand.c - the demand table (demand.h): a month's change on the same
 * month k years before is (now - then) / then, in exact integer arithmetic
 * (core/pct.h), to one decimal, halves away from zero; a month whose
 * comparison month is not held has no change, and a base under
 * PEEL_DEMAND_SMALL_BASE gives none either. */
#include "neighbourhood/demand.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pct.h"
#include "core/vec.h"
#include "domain/geo.h"
#include "figures/figure.h"
#include "model/records.h"

void peel_demand_release(peel_demand_table *t)
{
    peel_vec_release(t);
}

static const peel_record *find_by_id(const peel_records *rs, int64_t id)
{
    for (size_t i = 0; i < rs->n; i++)
        if (rs->v[i]->id == id)
            return rs->v[i];
    return NULL;
}

static int cmp_desc(const void *a, const void *b)
{
    const peel_demand_row *x = a, *y = b;
    return (x->month < y->month) - (x->month > y->month);
}

int peel_demand_table_of(peel_store *s, const peel_reader *rd, const char *series, const char *area,
                         peel_month from, peel_month to, peel_demand_table *out, peel_err *err)
{
    peel_records ser = {0}, obs = {0}, areas = {0};
    const peel_record *sr = NULL, *ar = NULL;
    int rc = -1;

    memset(out, 0, sizeof *out);
    if (peel_records_load_visible(s, rd, &peel_type_series, &ser, err) < 0 ||
        peel_records_load_visible(s, rd, &peel_type_observation, &obs, err) < 0 ||
        peel_records_load_visible(s, rd, &peel_type_area, &areas, err) < 0)
        goto out;
    for (size_t i = 0; i < ser.n && !sr; i++)
        if (!strcmp(peel_record_text_at(ser.v[i], PEEL_SERIES_NAME), series))
            sr = ser.v[i];
    if (!sr) {
        peel_err_set(err, PEEL_EINPUT, "series: no statistic is called '%s'", series);
        goto out;
    }
    if (area) {
        for (size_t i = 0; i < areas.n && !ar; i++)
            if (!strcmp(peel_record_text_at(areas.v[i], PEEL_AREA_CODE), area))
                ar = areas.v[i];
        if (!ar) {
            peel_err_set(err, PEEL_EINPUT, "area: no area has the code '%s'", area);
            goto out;
        }
    } else {
        /* the one area the series is held for */
        for (size_t i = 0; i < obs.n; i++) {
            const peel_record *o = obs.v[i];
            if (o->v[PEEL_OBS_SERIES].i != sr->id || !o->v[PEEL_OBS_AREA].set)
                continue;
            const peel_record *a = find_by_id(&areas, o->v[PEEL_OBS_AREA].i);
            if (a && ar && a != ar) {
                peel_err_set(err, PEEL_EINPUT,
                             "area: '%s' is held for more than one area (%s, %s...): name one",
                             series, peel_record_text_at(ar, PEEL_AREA_CODE),
                             peel_record_text_at(a, PEEL_AREA_CODE));
                goto out;
            }
            ar = a ? a : ar;
        }
    }
    snprintf(out->series, sizeof out->series, "%s", series);
    if (ar) {
        snprintf(out->area, sizeof out->area, "%s", peel_record_text_at(ar, PEEL_AREA_CODE));
        snprintf(out->area_name, sizeof out->area_name, "%s",
                 peel_record_text_at(ar, PEEL_AREA_NAME));
    }
    /* the monthly values: an observation whose period is one whole month */
    for (size_t i = 0; i < obs.n; i++) {
        const peel_record *o = obs.v[i];
        if (o->v[PEEL_OBS_SERIES].i != sr->id ||
            (ar ? !o->v[PEEL_OBS_AREA].set || o->v[PEEL_OBS_AREA].i != ar->id
                : o->v[PEEL_OBS_AREA].set))
            continue;
        peel_date a = (peel_date)o->v[PEEL_OBS_PERIOD_FROM].i;
        peel_date b = (peel_date)o->v[PEEL_OBS_PERIOD_TO].i;
        peel_month m = peel_month_of_date(a);
        if (!o->v[PEEL_OBS_PERIOD_FROM].set || !o->v[PEEL_OBS_PERIOD_TO].set ||
            !o->v[PEEL_OBS_VALUE].set || a != peel_month_first_day(m) ||
            b != peel_month_last_day(m)) {
            out->not_monthly++;
            continue;
        }
        peel_demand_row *r = peel_vec_push(out);
        if (!r) {
            peel_err_set(err, PEEL_ENOMEM, "out of memory reading the series");
            goto out;
        }
        r->month = m;
        r->value = o->v[PEEL_OBS_VALUE].i;
    }
    if (out->n)
        qsort(out->v, out->n, sizeof *out->v, cmp_desc);
    /* the changes, against every month held (before the period is cut) */
    for (size_t i = 0; i < out->n; i++) {
        peel_demand_row *r = &out->v[i];
        for (int k = 0; k < PEEL_DEMAND_YEARS; k++) {
            peel_month then = r->month - 12 * (k + 1);
            for (size_t j = i + 1; j < out->n; j++) {
                if (out->v[j].month != then)
                    continue;
                r->has[k] = true;
                r->small[k] = out->v[j].value < PEEL_DEMAND_SMALL_BASE;
                if (!r->small[k] && !peel_pct_change(out->v[j].value, r->value, 1, &r->pct10[k]))
                    r->has[k] = false;
                break;
            }
        }
    }
    /* then the period */
    size_t k = 0;
    for (size_t i = 0; i < out->n; i++)
        if ((!from || out->v[i].month >= from) && (!to || out->v[i].month <= to))
            out->v[k++] = out->v[i];
    out->n = k;
    rc = 0;
out:
    peel_records_free(&ser);
    peel_records_free(&obs);
    peel_records_free(&areas);
    if (rc < 0)
        peel_demand_release(out);
    return rc;
}
