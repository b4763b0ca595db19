/* report_tables.c - the Panel's figures as result tables, from a loaded view
 * (report.h).  Arithmetic is in figures.c; this file only chooses which
 * numbers go in which cell and how they are labelled.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pct.h"
#include "crime/report.h"
#include "crime/rows.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static int oom(peel_err *err)
{
    return peel_err_set(err, PEEL_ENOMEM, "out of memory");
}

/* The notes under a table are appended without checking each call (the
 * buffer's failure sticks): a table whose notes could not be written is an
 * error, not a table without its caveats. */
static int notes_ok(const peel_crime_result *out, peel_err *err)
{
    return out->notes.failed ? oom(err) : 0;
}

static void i64(char out[24], int64_t v)
{
    snprintf(out, 24, "%lld", (long long)v);
}

static bool force_level(const peel_crime_view *v)
{
    return !strcmp(v->scope.kind, "force") || !strcmp(v->scope.kind, "all");
}

static int summary_month(const peel_crime_view *v, peel_crime_result *r, peel_err *err)
{
    static const char *const cols[] = {"month", "crimes", "rolling_12m", "no_location",
                                       "outside_area"};
    static const char *const heads[] = {"Month", "Crimes", "Rolling 12-month total",
                                        "No location", "Outside the force area"};
    static const bool num[] = {false, true, true, true, true};
    size_t ncols = force_level(v) ? 5 : 3;
    int64_t *roll = calloc(v->nm, sizeof *roll);
    bool *rhave = calloc(v->nm, sizeof *rhave);
    int64_t *noloc = calloc(v->nm, sizeof *noloc), *outside = calloc(v->nm, sizeof *outside);
    int rc = -1;
    if (!roll || !rhave || !noloc || !outside ||
        peel_crime_result_cols(r, "Crimes by month", cols, heads, num, ncols) < 0) {
        oom(err);
        goto out;
    }
    peel_crime_rolling(v->month_total, v->have, v->nm, 12, roll, rhave);
    for (size_t i = 0; i < v->nparts; i++) {
        if (v->parts[i].id == -2)
            memcpy(noloc, v->parts[i].by_month, v->nm * sizeof *noloc);
        if (v->parts[i].id == -1)
            memcpy(outside, v->parts[i].by_month, v->nm * sizeof *outside);
    }
    for (size_t m = 0; m < v->nm; m++) {
        char month[8], c[24] = "", rl[24] = "", nl[24] = "", ou[24] = "";
        peel_month_format(v->from + (peel_month)m, month);
        if (v->have[m]) {
            i64(c, v->month_total[m]);
            i64(nl, noloc[m]);
            i64(ou, outside[m]);
        }
        if (rhave[m])
            i64(rl, roll[m]);
        const char *row[] = {month, c, rl, nl, ou};
        if (peel_crime_result_row(r, row) < 0) {
            oom(err);
            goto out;
        }
    }
    peel_buf_printf(&r->notes, "Area: %s (%s).%s\n", v->area.name, v->area.kind,
                    v->type_id ? " One crime type only." : "");
    peel_buf_puts(&r->notes, "An empty cell is a month with no data imported, not zero crimes; "
                             "a rolling 12-month total needs all 12 months.\n");
    rc = 0;
out:
    free(roll);
    free(rhave);
    free(noloc);
    free(outside);
    return rc;
}

static int summary_type(const peel_crime_view *v, peel_crime_result *r, peel_err *err)
{
    static const char *const cols[] = {"type", "crimes", "share"};
    static const char *const heads[] = {"Crime type", "Crimes", "Share"};
    static const bool num[] = {false, true, false};
    int64_t total = 0;
    if (peel_crime_result_cols(r, "Crimes by type", cols, heads, num, 3) < 0)
        return oom(err);
    for (size_t t = 0; t < v->types.n; t++)
        for (size_t m = 0; m < v->nm; m++)
            total += v->month_type[m * v->types.n + t];
    for (size_t t = 0; t < v->types.n; t++) {
        int64_t n = 0, sc;
        char c[24], share[32] = "n/a";
        if (!v->types.v[t])
            continue;
        for (size_t m = 0; m < v->nm; m++)
            n += v->month_type[m * v->types.n + t];
        i64(c, n);
        if (peel_pct(n, total, 1, &sc))
            peel_pct_format(sc, 1, false, share);
        const char *row[] = {v->types.v[t], c, share};
        if (n && peel_crime_result_row(r, row) < 0)
            return oom(err);
    }
    return 0;
}

static int summary_area(const peel_crime_view *v, peel_store *s, bool by_month,
                        peel_crime_result *r, peel_err *err)
{
    static const char *const cols[] = {"code", "name", "crimes", "per_1000"};
    static const char *const heads[] = {"Code", "Name", "Crimes", "Per 1,000 residents"};
    static const bool num[] = {false, false, true, false};
    static const char *const mcols[] = {"month", "code", "name", "crimes"};
    static const char *const mheads[] = {"Month", "Code", "Name", "Crimes"};
    static const bool mnum[] = {false, false, false, true};
    int y, mo;
    peel_month_to_ym(v->to, &y, &mo);
    if (by_month ? peel_crime_result_cols(r, "Crimes by month and area", mcols, mheads, mnum, 4) < 0
                 : peel_crime_result_cols(r, "Crimes by area", cols, heads, num, 4) < 0)
        return oom(err);
    for (size_t i = 0; i < v->nparts; i++) {
        const peel_crime_part *p = &v->parts[i];
        char c[24], rate[32] = "";
        if (by_month) {
            for (size_t m = 0; m < v->nm; m++) {
                char month[8];
                if (!v->have[m])
                    continue;
                peel_month_format(v->from + (peel_month)m, month);
                i64(c, p->by_month[m]);
                const char *row[] = {month, p->code, p->name, c};
                if (peel_crime_result_row(r, row) < 0)
                    return oom(err);
            }
            continue;
        }
        int64_t pop, sc;
        i64(c, p->total);
        if (p->id > 0 && force_level(v)) {
            int got = peel_crime_db_population(s, p->id, y, NULL, &pop, NULL, 0, err);
            if (got < 0)
                return -1;
            if (got && peel_crime_rate_per_1000(p->total, pop, 1, &sc))
                peel_crime_scaled_text(sc, 1, rate);
        }
        const char *row[] = {p->code, p->name, c, rate};
        if (peel_crime_result_row(r, row) < 0)
            return oom(err);
    }
    if (!by_month)
        peel_buf_puts(&r->notes, "Crimes per 1,000 residents are given for the period where a "
                                 "population record exists for the area.\n");
    return 0;
}

static int summary_month_type(const peel_crime_view *v, peel_crime_result *r, peel_err *err)
{
    static const char *const cols[] = {"month", "type", "crimes"};
    static const char *const heads[] = {"Month", "Crime type", "Crimes"};
    static const bool num[] = {false, false, true};
    if (peel_crime_result_cols(r, "Crimes by month and type", cols, heads, num, 3) < 0)
        return oom(err);
    for (size_t m = 0; m < v->nm; m++) {
        char month[8], c[24];
        if (!v->have[m])
            continue;
        peel_month_format(v->from + (peel_month)m, month);
        for (size_t t = 0; t < v->types.n; t++) {
            if (!v->types.v[t] || (v->type_id && (int64_t)t != v->type_id))
                continue;
            i64(c, v->month_type[m * v->types.n + t]);
            const char *row[] = {month, v->types.v[t], c};
            if (peel_crime_result_row(r, row) < 0)
                return oom(err);
        }
    }
    return 0;
}

int peel_crime_summary(const peel_crime_view *v, const char *by, peel_store *s,
                       peel_crime_result *out, peel_err *err)
{
    int rc;
    if (!by || !strcmp(by, "month"))
        rc = summary_month(v, out, err);
    else if (!strcmp(by, "type"))
        rc = summary_type(v, out, err);
    else if (!strcmp(by, "area"))
        rc = summary_area(v, s, false, out, err);
    else if (!strcmp(by, "month,area") || !strcmp(by, "area,month"))
        rc = summary_area(v, s, true, out, err);
    else if (!strcmp(by, "month,type") || !strcmp(by, "type,month"))
        rc = summary_month_type(v, out, err);
    else if (!strcmp(by, "outcome"))
        rc = peel_crime_outcomes(v, NULL, out, err);
    else
        return peel_err_set(err, PEEL_EINPUT,
                            "--by: '%s' is not one of month, type, area, outcome, month,area, "
                            "month,type",
                            by);
    return rc < 0 ? rc : notes_ok(out, err);
}

/* Whether comparison k ending at month has data in every month of both
 * its periods. */
static bool compare_possible(const peel_crime_view *v, enum peel_crime_period_kind k,
                             peel_month month)
{
    peel_crime_period p;
    size_t miss_now, miss_before;
    peel_crime_period_of(k, month, &p);
    peel_crime_view_sum(v, p.from, p.to, &miss_now);
    peel_crime_view_sum(v, p.bfrom, p.bto, &miss_before);
    return !miss_now && !miss_before;
}

int peel_crime_compare_month(const peel_crime_view *v, peel_month *month)
{
    int best = 0;
    *month = v->to;
    for (peel_month m = v->to; m >= v->from; m--) {
        int n = 0;
        for (int k = PEEL_PERIOD_MONTH; k <= PEEL_PERIOD_FYTD; k++)
            n += compare_possible(v, (enum peel_crime_period_kind)k, m);
        if (n > best) { /* later months win ties: only a larger n replaces */
            best = n;
            *month = m;
        }
        if (n == 3)
            break;
    }
    return best;
}

int peel_crime_compare(const peel_crime_view *v, peel_crime_result *out, peel_err *err)
{
    return peel_crime_compare_at(v, v->to, out, err);
}

int peel_crime_compare_at(const peel_crime_view *v, peel_month month, peel_crime_result *out,
                          peel_err *err)
{
    static const char *const cols[] = {"comparison", "period", "crimes", "compared_with",
                                       "crimes_before", "change", "change_pct"};
    static const char *const heads[] = {"Comparison", "Period", "Crimes", "Compared with",
                                        "Crimes then", "Change", "% change"};
    static const bool num[] = {false, false, true, false, true, true, false};
    int shown = 0;
    if (month < v->from || month > v->to)
        return peel_err_set(err, PEEL_EINTERNAL, "a comparison month outside the view");
    if (peel_crime_result_cols(out, "Comparisons", cols, heads, num, N(cols)) < 0)
        return oom(err);
    for (int k = PEEL_PERIOD_MONTH; k <= PEEL_PERIOD_FYTD; k++) {
        peel_crime_period p;
        peel_crime_change c;
        size_t miss_now, miss_before;
        char a[8], b[8], ba[8], bb[8], per[24], bper[24], now[24], bef[24], diff[24],
            pct[32];
        peel_crime_period_of((enum peel_crime_period_kind)k, month, &p);
        int64_t n = peel_crime_view_sum(v, p.from, p.to, &miss_now);
        int64_t bn = peel_crime_view_sum(v, p.bfrom, p.bto, &miss_before);
        peel_month_format(p.from, a);
        peel_month_format(p.to, b);
        peel_month_format(p.bfrom, ba);
        peel_month_format(p.bto, bb);
        if (p.from == p.to) {
            snprintf(per, sizeof per, "%s", a);
            snprintf(bper, sizeof bper, "%s", ba);
        } else {
            snprintf(per, sizeof per, "%s to %s", a, b);
            snprintf(bper, sizeof bper, "%s to %s", ba, bb);
        }
        if (miss_now || miss_before) {
            const char *row[] = {peel_crime_period_label(p.kind), per, "", bper, "", "", "n/a"};
            if (peel_crime_result_row(out, row) < 0)
                return oom(err);
            peel_buf_printf(&out->notes,
                            "%s: not shown, %zu month(s) of %s and %zu of %s have no data.\n",
                            peel_crime_period_label(p.kind), miss_now, per, miss_before, bper);
            continue;
        }
        shown++;
        peel_crime_change_of(bn, n, 0, &c);
        i64(now, n);
        i64(bef, bn);
        snprintf(diff, sizeof diff, "%+lld", (long long)c.diff);
        peel_crime_change_pct_text(&c, pct);
        const char *row[] = {peel_crime_period_label(p.kind), per, now, bper, bef, diff, pct};
        if (peel_crime_result_row(out, row) < 0)
            return oom(err);
    }
    char end[8];
    peel_month_format(month, end);
    peel_buf_printf(&out->notes, "Area: %s. Periods end at %s. %% change is n/a where the "
                                 "earlier count is zero.\n",
                    v->area.name, end);
    if (shown < 3) {
        /* Say where the comparisons can be made (police.uk has gaps). */
        peel_month best;
        char bm[8];
        int can = peel_crime_compare_month(v, &best);
        peel_month_format(best, bm);
        if (can > shown && best != month)
            peel_buf_printf(&out->notes,
                            "The latest month for which %s can be made is %s (--to %s).\n",
                            can == 3 ? "every comparison" : "a comparison", bm, bm);
    }
    return notes_ok(out, err);
}

typedef struct place_ctx {
    peel_crime_result *r;
} place_ctx;

static int place_cb(void *ctx, const peel_crime_place *p, peel_err *err)
{
    place_ctx *pc = ctx;
    peel_crime_change c;
    char now[24], bef[24], diff[24], pct[32], points[24];
    peel_crime_change_of(p->before, p->now, 0, &c);
    i64(now, p->now);
    i64(bef, p->before);
    i64(points, p->points);
    snprintf(diff, sizeof diff, "%+lld", (long long)c.diff);
    peel_crime_change_pct_text(&c, pct);
    const char *row[] = {p->name, p->lsoa_name, p->lsoa_code, now, bef, diff, pct, points};
    return peel_crime_result_row(pc->r, row) < 0 ? oom(err) : 0;
}

int peel_crime_hotspots(peel_store *s, const peel_crime_view *v, int limit,
                        peel_crime_result *out, peel_err *err)
{
    static const char *const cols[] = {"location", "lsoa_name", "lsoa_code", "crimes",
                                       "crimes_before", "change", "change_pct", "map_points"};
    static const char *const heads[] = {"Location", "LSOA name", "LSOA code", "Crimes",
                                        "Crimes in the period before", "Change", "% change",
                                        "Map points"};
    static const bool num[] = {false, false, false, true, true, true, false, true};
    place_ctx pc = {out};
    peel_month len = v->to - v->from + 1;
    char a[8], b[8], c[8], d[8];
    if (peel_crime_result_cols(out, "Repeat locations", cols, heads, num, N(cols)) < 0)
        return oom(err);
    peel_crime_repeat_totals tot;
    if (peel_crime_places(s, &v->scope, v->from, v->to, v->from - len, v->from - 1,
                          v->type_id, limit, place_cb, &pc, &tot, err) < 0)
        return -1;
    peel_month_format(v->from, a);
    peel_month_format(v->to, b);
    peel_month_format(v->from - len, c);
    peel_month_format(v->from - 1, d);
    peel_buf_printf(&out->notes,
                    "Area: %s. Crimes at each location in %s to %s, and in the %d months "
                    "before (%s to %s). police.uk places each crime at the nearest of a fixed "
                    "set of anonymised map points; a location is a description (\"On or near "
                    "High Street\") in one LSOA, counting all the map points it has there; "
                    "a map point's crimes count in the LSOA of its latest crime, so a place "
                    "keeps its history across police.uk's switch to 2021 LSOAs.\n",
                    v->area.name, a, b, (int)len, c, d);
    if (tot.undescribed_now || tot.undescribed_before)
        peel_buf_printf(&out->notes,
                        "Location not described: %lld crimes in the period (%lld in the period "
                        "before) were placed at a map point named only \"On or near\"; they "
                        "count in the area's figures but are not a location.\n",
                        (long long)tot.undescribed_now, (long long)tot.undescribed_before);
    return notes_ok(out, err);
}

int peel_crime_spc_table(const peel_crime_view *v, peel_month bfrom, peel_month bto,
                         peel_crime_result *out, peel_err *err)
{
    static const char *const cols[] = {"month", "crimes", "mean", "lower_limit", "upper_limit",
                                       "signal"};
    static const char *const heads[] = {"Month", "Crimes", "Mean", "Lower limit", "Upper limit",
                                        "Signal"};
    static const bool num[] = {false, true, true, true, true, false};
    peel_crime_spc spc;
    char a[8], b[8];
    if (bfrom < v->from || bto > v->to || bto < bfrom)
        return peel_err_set(err, PEEL_EINPUT, "the baseline must lie within the period shown");
    size_t off = (size_t)(bfrom - v->from), nb = (size_t)(bto - bfrom + 1);
    if (peel_crime_spc_limits(v->month_total + off, v->have + off, nb, &spc) < 0)
        return peel_err_set(err, PEEL_EINPUT,
                            "the baseline needs at least two consecutive months with data");
    unsigned *flags = calloc(v->nm, sizeof *flags);
    if (!flags || peel_crime_result_cols(out, "Statistical process control", cols, heads, num,
                                         N(cols)) < 0) {
        free(flags);
        return oom(err);
    }
    peel_crime_spc_flags(&spc, v->month_total, v->have, v->nm, 7, flags);
    for (size_t m = 0; m < v->nm; m++) {
        char month[8], c[24] = "", mean[32], lo[32], hi[32], sig[96] = "";
        peel_month_format(v->from + (peel_month)m, month);
        if (v->have[m])
            i64(c, v->month_total[m]);
        snprintf(mean, sizeof mean, "%.1f", spc.mean);
        snprintf(lo, sizeof lo, "%.1f", spc.lcl);
        snprintf(hi, sizeof hi, "%.1f", spc.ucl);
        snprintf(sig, sizeof sig, "%s%s%s%s", (flags[m] & PEEL_SPC_ABOVE) ? "above limit " : "",
                 (flags[m] & PEEL_SPC_BELOW) ? "below limit " : "",
                 (flags[m] & PEEL_SPC_RUN_HIGH) ? "run above mean " : "",
                 (flags[m] & PEEL_SPC_RUN_LOW) ? "run below mean " : "");
        size_t sl = strlen(sig);
        if (sl)
            sig[sl - 1] = 0;
        const char *row[] = {month, c, mean, lo, hi, sig};
        if (peel_crime_result_row(out, row) < 0) {
            free(flags);
            return oom(err);
        }
    }
    free(flags);
    peel_month_format(bfrom, a);
    peel_month_format(bto, b);
    peel_buf_printf(&out->notes,
                    "Area: %s. XmR chart: mean and limits from the baseline %s to %s "
                    "(%zu months); limits = mean +/- 2.66 x mean moving range (%.1f). Signals: "
                    "a month outside the limits, or a run of 7 or more months on one side of "
                    "the mean.\n",
                    v->area.name, a, b, spc.nbase, spc.mr_bar);
    return notes_ok(out, err);
}

int peel_crime_outcomes(const peel_crime_view *v, const char *positive, peel_crime_result *out,
                        peel_err *err)
{
    static const char *const cols[] = {"outcome", "crimes", "share", "positive"};
    static const char *const heads[] = {"Outcome", "Crimes", "Share", "Positive outcome"};
    static const bool num[] = {false, true, false, false};
    int64_t total = 0, pos = 0, sc;
    char rate[32] = "n/a";
    if (peel_crime_result_cols(out, "Crimes by last outcome", cols, heads, num, N(cols)) < 0)
        return oom(err);
    /* Outcome id 0 is "no outcome recorded": anti-social behaviour. */
    for (size_t i = 1; i < v->outcomes.n; i++)
        total += v->outcome_total[i];
    for (size_t i = 1; i < v->outcomes.n; i++) {
        char c[24], share[32] = "n/a";
        if (!v->outcomes.v[i] || !v->outcome_total[i])
            continue;
        bool p = peel_crime_outcome_positive(v->outcomes.v[i], positive);
        if (p)
            pos += v->outcome_total[i];
        i64(c, v->outcome_total[i]);
        if (peel_pct(v->outcome_total[i], total, 1, &sc))
            peel_pct_format(sc, 1, false, share);
        const char *row[] = {v->outcomes.v[i], c, share, p ? "yes" : "no"};
        if (peel_crime_result_row(out, row) < 0)
            return oom(err);
    }
    if (peel_pct(pos, total, 1, &sc))
        peel_pct_format(sc, 1, false, rate);
    peel_buf_printf(&out->notes,
                    "Area: %s. Positive outcome rate: %s (%lld of %lld crimes with an outcome "
                    "category; anti-social behaviour has none). Positive categories: %s.\n",
                    v->area.name, rate, (long long)pos, (long long)total,
                    positive ? positive : "the default list in docs/METHODS.md");
    return notes_ok(out, err);
}

typedef struct latest_ctx {
    char **names;
    int64_t *n;
    size_t len;
} latest_ctx;

static int latest_cb(void *ctx, const char *value, int64_t n, peel_err *err)
{
    latest_ctx *lc = ctx;
    char **names = realloc(lc->names, (lc->len + 1) * sizeof *names);
    if (names)
        lc->names = names;
    int64_t *ns = names ? realloc(lc->n, (lc->len + 1) * sizeof *ns) : NULL;
    if (ns)
        lc->n = ns;
    if (!names || !ns || !(lc->names[lc->len] = strdup(value)))
        return oom(err);
    lc->n[lc->len++] = n;
    return 0;
}

int peel_crime_outcomes_latest(peel_store *s, const peel_crime_view *v, const char *positive,
                               peel_crime_result *out, peel_err *err)
{
    static const char *const cols[] = {"outcome", "crimes", "share", "positive"};
    static const char *const heads[] = {"Outcome", "Crimes", "Share", "Positive outcome"};
    static const bool num[] = {false, true, false, false};
    latest_ctx lc = {0};
    int64_t joined = 0, total = 0, pos = 0, sc;
    char rate[32] = "n/a";
    int rc = -1;

    if (peel_crime_latest_outcomes(s, &v->scope, v->from, v->to, v->type_id, &joined,
                                   latest_cb, &lc, err) < 0)
        goto out;
    if (joined == 0) { /* no outcomes file matches: the street files' categories */
        rc = peel_crime_outcomes(v, positive, out, err);
        goto out;
    }
    if (peel_crime_result_cols(out, "Crimes by latest outcome", cols, heads, num, N(cols)) < 0) {
        oom(err);
        goto out;
    }
    /* Largest first, then by name (insertion sort: a few dozen outcomes). */
    for (size_t i = 1; i < lc.len; i++)
        for (size_t j = i; j > 0 && (lc.n[j] > lc.n[j - 1] ||
                                     (lc.n[j] == lc.n[j - 1] &&
                                      strcmp(lc.names[j], lc.names[j - 1]) < 0));
             j--) {
            char *t = lc.names[j];
            int64_t tn = lc.n[j];
            lc.names[j] = lc.names[j - 1];
            lc.n[j] = lc.n[j - 1];
            lc.names[j - 1] = t;
            lc.n[j - 1] = tn;
        }
    for (size_t i = 0; i < lc.len; i++)
        total += lc.n[i];
    for (size_t i = 0; i < lc.len; i++) {
        char c[24], share[32] = "n/a";
        bool p = peel_crime_outcome_positive(lc.names[i], positive);
        if (p)
            pos += lc.n[i];
        i64(c, lc.n[i]);
        if (peel_pct(lc.n[i], total, 1, &sc))
            peel_pct_format(sc, 1, false, share);
        const char *row[] = {lc.names[i], c, share, p ? "yes" : "no"};
        if (peel_crime_result_row(out, row) < 0) {
            oom(err);
            goto out;
        }
    }
    if (peel_pct(pos, total, 1, &sc))
        peel_pct_format(sc, 1, false, rate);
    peel_buf_printf(&out->notes,
                    "Area: %s. Latest outcome of each crime: from the outcomes files, joined by "
                    "Crime ID, for %lld of %lld crimes; the street file's last outcome category "
                    "for the rest. Positive outcome rate: %s (%lld of %lld). Positive "
                    "categories: %s.\n",
                    v->area.name, (long long)joined, (long long)total, rate, (long long)pos,
                    (long long)total, positive ? positive : "the default list in docs/METHODS.md");
    rc = notes_ok(out, err);
out:
    for (size_t i = 0; i < lc.len; i++)
        free(lc.names[i]);
    free(lc.names);
    free(lc.n);
    return rc;
}

typedef struct stop_row {
    char *value;
    int64_t n;
} stop_row;

typedef struct stop_ctx {
    stop_row *rows;
    size_t n;
} stop_ctx;

static int stop_cb(void *ctx, const char *value, int64_t n, peel_err *err)
{
    stop_ctx *sc = ctx;
    stop_row *r = realloc(sc->rows, (sc->n + 1) * sizeof *r);
    if (!r)
        return oom(err);
    sc->rows = r;
    if (!(r[sc->n].value = strdup(value)))
        return oom(err);
    r[sc->n++].n = n;
    return 0;
}

int peel_crime_stops(peel_store *s, const peel_crime_view *v, const char *by,
                     peel_crime_result *out, peel_err *err)
{
    static const struct {
        const char *name, *head;
        enum peel_crime_dim dim;
    } dims[] = {{"legislation", "Legislation", PEEL_DIM_LEGISLATION},
                {"object", "Object of search", PEEL_DIM_OBJECT},
                {"outcome", "Outcome", PEEL_DIM_SEARCH_OUTCOME},
                {"ethnicity", "Self-defined ethnicity", PEEL_DIM_ETHNICITY},
                {"officer-ethnicity", "Officer-defined ethnicity", PEEL_DIM_OFFICER_ETHNICITY},
                {"type", "Type of search", PEEL_DIM_SEARCH_TYPE},
                {"gender", "Gender", PEEL_DIM_GENDER},
                {"age", "Age range", PEEL_DIM_AGE}};
    static const char *const cols[] = {"value", "searches", "share", "per_1000",
                                       "disproportionality"};
    static const bool num[] = {false, true, false, false, false};
    stop_ctx sc = {0};
    size_t d = 0;
    int rc = -1;
    for (; d < N(dims); d++)
        if (!strcmp(dims[d].name, by ? by : "legislation"))
            break;
    if (d == N(dims))
        return peel_err_set(err, PEEL_EINPUT,
                            "--by: '%s' is not one of legislation, object, outcome, ethnicity, "
                            "officer-ethnicity, type, gender, age",
                            by);
    bool eth = dims[d].dim == PEEL_DIM_ETHNICITY;
    const char *const heads[] = {dims[d].head, "Searches", "Share", "Per 1,000 residents",
                                 "Disproportionality ratio"};
    if (peel_crime_result_cols(out, "Stop and search", cols, heads, num, eth ? 5 : 3) < 0)
        return oom(err);
    peel_crime_search_placing pl;
    if (peel_crime_search_counts(s, &v->scope, dims[d].dim, v->from, v->to, stop_cb, &sc, &pl,
                                 err) < 0)
        goto out;
    int64_t total = 0, ref_n = 0, ref_pop = 0;
    int y, mo;
    peel_month_to_ym(v->to, &y, &mo);
    for (size_t i = 0; i < sc.n; i++)
        total += sc.rows[i].n;
    if (eth && v->area.id > 0) {
        /* The reference group: the White groups, as police.uk names them. */
        for (size_t i = 0; i < sc.n; i++) {
            if (strncmp(sc.rows[i].value, "White", 5))
                continue;
            int64_t pop;
            int got = peel_crime_db_population(s, v->area.id, y, sc.rows[i].value, &pop, NULL,
                                               0, err);
            if (got < 0)
                goto out;
            if (got) {
                ref_n += sc.rows[i].n;
                ref_pop += pop;
            }
        }
    }
    for (size_t i = 0; i < sc.n; i++) {
        char c[24], share[32] = "n/a", rate[32] = "", disp[32] = "";
        int64_t x, pop;
        i64(c, sc.rows[i].n);
        if (peel_pct(sc.rows[i].n, total, 1, &x))
            peel_pct_format(x, 1, false, share);
        if (eth && v->area.id > 0 && sc.rows[i].value[0]) {
            int got = peel_crime_db_population(s, v->area.id, y, sc.rows[i].value, &pop, NULL,
                                               0, err);
            if (got < 0)
                goto out;
            if (got && peel_crime_rate_per_1000(sc.rows[i].n, pop, 1, &x))
                peel_crime_scaled_text(x, 1, rate);
            if (got && peel_crime_disproportionality(sc.rows[i].n, pop, ref_n, ref_pop, 1, &x))
                peel_crime_scaled_text(x, 1, disp);
        }
        const char *row[] = {sc.rows[i].value[0] ? sc.rows[i].value : "(not stated)", c, share,
                             rate, disp};
        if (peel_crime_result_row(out, row) < 0) {
            oom(err);
            goto out;
        }
    }
    if (pl.placed_by_point)
        peel_buf_printf(&out->notes,
                        "Area: %s. police.uk gives a search no LSOA, only its anonymised map "
                        "point, the same points as street crimes: a search is counted here when "
                        "street crimes at its point are recorded in the area. %lld of the %lld "
                        "searches in the period are placed here; %lld of the %lld had no "
                        "location.\n",
                        v->area.name, (long long)pl.counted, (long long)pl.force_total,
                        (long long)pl.no_location, (long long)pl.force_total);
    else
        peel_buf_printf(&out->notes, "Area: %s: every search in the period (%lld; %lld without "
                                     "a location).\n",
                        v->area.name, (long long)pl.force_total, (long long)pl.no_location);
    if (eth)
        peel_buf_puts(&out->notes,
                      "Disproportionality ratio: the group's searches per 1,000 residents divided "
                      "by that of the White groups, where population by ethnicity is recorded "
                      "(population records with an ethnicity) for the area.\n");
    rc = notes_ok(out, err);
out:
    for (size_t i = 0; i < sc.n; i++)
        free(sc.rows[i].value);
    free(sc.rows);
    return rc;
}
