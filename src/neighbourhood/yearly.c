/* yearly.c - the yearly table (yearly.h).  An observation is of a whole
 * year when its period is 1 January to 31 December, and of part of one
 * when it runs from 1 January to the last day of an earlier month.  Whole
 * years are columns; a part year is a column only when it is later than
 * every whole year held (the year in progress), and otherwise serves only
 * as the like-for-like base of the part year after it.  A change is
 * (now - then) / then in exact integer arithmetic (core/pct.h), to one
 * decimal, halves away from zero. */
#include "neighbourhood/yearly.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pct.h"
#include "domain/geo.h"
#include "figures/figure.h"
#include "model/records.h"

const char *const peel_protest_series[3] = {
    "Protests",
    "Internationally inspired protests",
    "Protests with neighbourhood policing presence",
};

/* The year of an observation from 1 January, and whether it runs to 31
 * December; false when its period is not 1 January to a month's end in the
 * same year. */
static bool year_period(const peel_record *o, int *year, bool *whole, peel_date *to)
{
    if (!o->v[PEEL_OBS_PERIOD_FROM].set || !o->v[PEEL_OBS_PERIOD_TO].set ||
        !o->v[PEEL_OBS_VALUE].set)
        return false;
    peel_date a = (peel_date)o->v[PEEL_OBS_PERIOD_FROM].i,
              b = (peel_date)o->v[PEEL_OBS_PERIOD_TO].i;
    int y, m, d, y2, m2, d2;
    peel_date_to_ymd(a, &y, &m, &d);
    peel_date_to_ymd(b, &y2, &m2, &d2);
    if (m != 1 || d != 1 || y2 != y || b != peel_month_last_day(peel_month_of_date(b)))
        return false;
    *year = y;
    *whole = m2 == 12;
    *to = b;
    return true;
}

static int col_cmp(const void *a, const void *b)
{
    const peel_yearly_col *x = a, *y = b;
    return (x->year > y->year) - (x->year < y->year);
}

static const peel_record *find_named(const peel_records *rs, int field, const char *name)
{
    for (size_t i = 0; i < rs->n; i++)
        if (!strcmp(peel_record_text_at(rs->v[i], field), name))
            return rs->v[i];
    return NULL;
}

static const peel_record *find_id(const peel_records *rs, int64_t id)
{
    for (size_t i = 0; i < rs->n; i++)
        if (rs->v[i]->id == id)
            return rs->v[i];
    return NULL;
}

int peel_yearly_of(peel_store *s, const peel_reader *rd, const char *const *series, size_t n,
                   const char *area, peel_yearly *out, peel_err *err)
{
    peel_records ser = {0}, obs = {0}, areas = {0};
    const peel_record *sr[PEEL_YEARLY_MAX_ROWS] = {0}, *ar = NULL;
    int rc = -1, last_whole = 0;

    memset(out, 0, sizeof *out);
    if (n == 0 || n > PEEL_YEARLY_MAX_ROWS)
        return peel_err_set(err, PEEL_EINPUT, "series: name from 1 to %d statistics",
                            PEEL_YEARLY_MAX_ROWS);
    if (peel_records_load_visible(s, rd, &peel_type_series, &ser, err) < 0 ||
        peel_records_load_visible(s, rd, &peel_type_observation, &obs, err) < 0 ||
        peel_records_load_visible(s, rd, &peel_type_area, &areas, err) < 0)
        goto out;
    for (size_t i = 0; i < n; i++) {
        if (!(sr[i] = find_named(&ser, PEEL_SERIES_NAME, series[i]))) {
            peel_err_set(err, PEEL_EINPUT, "series: no statistic is called '%s'", series[i]);
            goto out;
        }
    }
    if (area && !(ar = find_named(&areas, PEEL_AREA_CODE, area))) {
        peel_err_set(err, PEEL_EINPUT, "area: no area has the code '%s'", area);
        goto out;
    }
    /* the one area the statistics are held for, when none is named */
    for (size_t i = 0; !area && i < obs.n; i++) {
        const peel_record *o = obs.v[i];
        bool ours = false;
        for (size_t k = 0; k < n; k++)
            ours |= o->v[PEEL_OBS_SERIES].i == sr[k]->id;
        if (!ours || !o->v[PEEL_OBS_AREA].set)
            continue;
        const peel_record *a = find_id(&areas, o->v[PEEL_OBS_AREA].i);
        if (a && ar && a != ar) {
            peel_err_set(err, PEEL_EINPUT,
                         "area: the statistics are held for more than one area (%s, %s...): "
                         "name one",
                         peel_record_text_at(ar, PEEL_AREA_CODE),
                         peel_record_text_at(a, PEEL_AREA_CODE));
            goto out;
        }
        ar = a ? a : ar;
    }
    if (ar) {
        snprintf(out->area, sizeof out->area, "%s", peel_record_text_at(ar, PEEL_AREA_CODE));
        snprintf(out->area_name, sizeof out->area_name, "%s",
                 peel_record_text_at(ar, PEEL_AREA_NAME));
    }

    /* the observations of these statistics for the area, by row */
    const peel_record **mine = calloc(obs.n ? obs.n : 1, sizeof *mine);
    size_t *rowi = calloc(obs.n ? obs.n : 1, sizeof *rowi);
    size_t nmine = 0;
    if (!mine || !rowi) {
        free(mine);
        free(rowi);
        peel_err_set(err, PEEL_ENOMEM, "out of memory reading the statistics");
        goto out;
    }
    for (size_t i = 0; i < obs.n; i++) {
        const peel_record *o = obs.v[i];
        if (ar ? !o->v[PEEL_OBS_AREA].set || o->v[PEEL_OBS_AREA].i != ar->id
               : o->v[PEEL_OBS_AREA].set)
            continue;
        for (size_t k = 0; k < n; k++) {
            if (o->v[PEEL_OBS_SERIES].i != sr[k]->id)
                continue;
            int y;
            bool whole;
            peel_date to;
            if (!year_period(o, &y, &whole, &to)) {
                out->other++;
                break;
            }
            if (whole && y > last_whole)
                last_whole = y;
            mine[nmine] = o;
            rowi[nmine++] = k;
            break;
        }
    }
    /* the columns: every whole year, and part years after the last of them */
    for (size_t i = 0; i < nmine; i++) {
        int y;
        bool whole, dup = false;
        peel_date to;
        year_period(mine[i], &y, &whole, &to);
        if (!whole && y <= last_whole)
            continue;
        for (size_t c = 0; c < out->ncols; c++)
            dup |= out->cols[c].year == y && out->cols[c].to == to;
        if (dup)
            continue;
        if (out->ncols == PEEL_YEARLY_MAX_COLS) {
            free(mine);
            free(rowi);
            peel_err_set(err, PEEL_EINPUT, "series: more than %d years are held: name fewer",
                         PEEL_YEARLY_MAX_COLS);
            goto out;
        }
        out->cols[out->ncols++] = (peel_yearly_col){.year = y, .partial = !whole, .to = to};
    }
    if (out->ncols)
        qsort(out->cols, out->ncols, sizeof *out->cols, col_cmp);
    out->nrows = n;
    for (size_t k = 0; k < n; k++)
        snprintf(out->rows[k].series, sizeof out->rows[k].series, "%s", series[k]);
    /* the values, and the like-for-like bases of part years */
    for (size_t i = 0; i < nmine; i++) {
        int y;
        bool whole;
        peel_date to;
        year_period(mine[i], &y, &whole, &to);
        peel_yearly_row *r = &out->rows[rowi[i]];
        bool placed = false;
        for (size_t c = 0; c < out->ncols; c++) {
            if (out->cols[c].year == y && out->cols[c].to == to) {
                r->has[c] = true;
                r->value[c] = mine[i]->v[PEEL_OBS_VALUE].i;
                placed = true;
            }
        }
        if (!placed) {
            bool base = false;
            for (size_t c = 0; c < out->ncols; c++) {
                int cy, cm, cd, ty, tm, td;
                peel_date_to_ymd(out->cols[c].to, &cy, &cm, &cd);
                peel_date_to_ymd(to, &ty, &tm, &td);
                base |= out->cols[c].partial && out->cols[c].year == y + 1 && cm == tm;
            }
            out->other += !base;
        }
    }
    /* the changes */
    for (size_t k = 0; k < n; k++) {
        peel_yearly_row *r = &out->rows[k];
        for (size_t c = 1; c < out->ncols; c++) {
            const peel_yearly_col *now = &out->cols[c], *before = &out->cols[c - 1];
            int64_t base = 0;
            bool have_base = false;
            if (!r->has[c])
                continue;
            if (now->partial) {
                int cy, cm, cd;
                peel_date_to_ymd(now->to, &cy, &cm, &cd);
                for (size_t i = 0; i < nmine && !have_base; i++) {
                    int y, ty, tm, td;
                    bool whole;
                    peel_date to;
                    year_period(mine[i], &y, &whole, &to);
                    peel_date_to_ymd(to, &ty, &tm, &td);
                    if (rowi[i] == k && !whole && y == now->year - 1 && tm == cm) {
                        base = mine[i]->v[PEEL_OBS_VALUE].i;
                        have_base = true;
                    }
                }
                if (!have_base) {
                    r->cmp[c] = PEEL_YEARLY_PART_YEAR;
                    continue;
                }
            } else if (before->year != now->year - 1) {
                r->cmp[c] = PEEL_YEARLY_NOT_NEXT;
                continue;
            } else if (r->has[c - 1] && !before->partial) {
                base = r->value[c - 1];
                have_base = true;
            }
            if (!have_base)
                continue;
            r->base[c] = base;
            if (base < PEEL_YEARLY_SMALL_BASE) {
                r->cmp[c] = PEEL_YEARLY_SMALL;
                continue;
            }
            if (peel_pct_change(base, r->value[c], 1, &r->pct10[c]))
                r->cmp[c] = PEEL_YEARLY_CHANGE;
        }
    }
    free(mine);
    free(rowi);
    rc = 0;
out:
    peel_records_free(&ser);
    peel_records_free(&obs);
    peel_records_free(&areas);
    return rc;
}

void peel_yearly_col_label(const peel_yearly_col *c, char out[static 48])
{
    if (!c->partial) {
        snprintf(out, 48, "%d", c->year);
        return;
    }
    char m[24];
    peel_month_format_long(peel_month_of_date(c->to), m);
    /* "April 2024" -> "2024 (January to April)" */
    char *sp = strchr(m, ' ');
    if (sp)
        *sp = '\0';
    snprintf(out, 48, "%d (January to %s)", c->year, m);
}

const char *peel_yearly_change_text(const peel_yearly_row *r, size_t c, char out[static 48])
{
    char p[32];
    switch (r->cmp[c]) {
    case PEEL_YEARLY_CHANGE:
        peel_pct_format(r->pct10[c], 1, true, p);
        snprintf(out, 48, "%s", p);
        return out;
    case PEEL_YEARLY_PART_YEAR:
        return "n/a (part year)";
    case PEEL_YEARLY_SMALL:
        return "n/a (base under 10)";
    case PEEL_YEARLY_NOT_NEXT:
        return "n/a (not the year before)";
    case PEEL_YEARLY_NONE:
        break;
    }
    return "";
}
