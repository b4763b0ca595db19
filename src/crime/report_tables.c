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
#include "domain/geo.h"

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
    static const char *const heads[] = {"Month", "Crimes", "Rolling 12-month total", "No location",
                                        "Outside the force area"};
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

typedef struct retired_ctx retired_ctx;
static int summary_area_rows(const peel_crime_view *v, peel_store *s, bool by_month,
                             peel_crime_result *r, retired_ctx *ret, size_t *hidden, peel_err *err);

/* LSOA codes of the 2011 census only (area vintage 2011): retired in 2021. */
struct retired_ctx {
    char **codes;
    size_t n;
    int code_field;
};

static int retired_cb(void *ctx, const peel_record *rec, peel_err *err)
{
    retired_ctx *rc = ctx;
    const char *code = rec->v[rc->code_field].s;
    char **c = realloc(rc->codes, (rc->n + 1) * sizeof *c);
    if (!c)
        return oom(err);
    rc->codes = c;
    if (!(c[rc->n] = strdup(code ? code : "")))
        return oom(err);
    rc->n++;
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Only once the 2021 geography is recorded (some LSOA of vintage 2021) is a
 * code known only from the 2011 lookup a retired one. */
static int retired_load(peel_store *s, retired_ctx *rc, peel_err *err)
{
    peel_filter f[] = {{.field = peel_type_field(&peel_type_area, "vintage"),
                        .op = PEEL_OP_EQ,
                        .v = {.set = true, .i = 2021}}};
    peel_query q = {.type = &peel_type_area, .filters = f, .nfilters = 1};
    int64_t n2021 = 0;
    rc->code_field = peel_type_field_index(&peel_type_area, "code");
    if (peel_store_count(s, &q, &n2021, err) < 0)
        return -1;
    if (!n2021)
        return 0;
    f[0].v.i = 2011;
    if (peel_store_select(s, &q, retired_cb, rc, err) < 0)
        return -1;
    if (rc->n)
        qsort(rc->codes, rc->n, sizeof *rc->codes, cmp_str);
    return 0;
}

static bool retired_has(const retired_ctx *rc, const char *code)
{
    return rc->n && bsearch(&code, rc->codes, rc->n, sizeof *rc->codes, cmp_str);
}

static void retired_release(retired_ctx *rc)
{
    for (size_t i = 0; i < rc->n; i++)
        free(rc->codes[i]);
    free(rc->codes);
}

static int summary_area(const peel_crime_view *v, peel_store *s, bool by_month,
                        peel_crime_result *r, peel_err *err)
{
    retired_ctx ret = {0};
    size_t hidden = 0;
    int rc = summary_area_rows(v, s, by_month, r, &ret, &hidden, err);
    if (rc == 0 && hidden)
        peel_buf_printf(&r->notes,
                        "%zu LSOA(s) of the 2011 census that were retired in 2021 had no crimes "
                        "in the period and are not listed.\n",
                        hidden);
    retired_release(&ret);
    return rc;
}

static int summary_area_rows(const peel_crime_view *v, peel_store *s, bool by_month,
                             peel_crime_result *r, retired_ctx *ret, size_t *hidden, peel_err *err)
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
    if (!force_level(v) && retired_load(s, ret, err) < 0)
        return -1;
    for (size_t i = 0; i < v->nparts; i++) {
        const peel_crime_part *p = &v->parts[i];
        char c[24], rate[32] = "";
        if (!p->total && retired_has(ret, p->code)) {
            ++*hidden;
            continue;
        }
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
        return peel_crime_outcomes(v, NULL, out, err); /* with its own notes */
    else
        return peel_err_set(err, PEEL_EINPUT,
                            "--by: '%s' is not one of month, type, area, outcome, month,area, "
                            "month,type",
                            by);
    if (rc < 0)
        return rc;
    peel_crime_coverage_note(&out->notes, "Street data", v->from, v->to, v->have);
    peel_crime_scope_note(&out->notes, v->from, v->to, v->forces, 0, -1, NULL);
    return notes_ok(out, err);
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

/* Months of [from, to] (inside the view) holding other forces' files that
 * the months set beside them lack: the scope differs. */
static bool scope_differs(const peel_crime_view *v, const peel_crime_period *p)
{
    int lo = 0, hi = 0;
    for (int pass = 0; pass < 2; pass++)
        for (peel_month m = pass ? p->bfrom : p->from; m <= (pass ? p->bto : p->to); m++) {
            if (m < v->from || m > v->to || !v->have[m - v->from])
                continue;
            int f = v->forces[m - v->from];
            if (!lo || f < lo)
                lo = f;
            if (f > hi)
                hi = f;
        }
    return lo != hi;
}

int peel_crime_compare_at(const peel_crime_view *v, peel_month month, peel_crime_result *out,
                          peel_err *err)
{
    static const char *const cols[] = {"comparison",    "period", "crimes",     "compared_with",
                                       "crimes_before", "change", "change_pct", "note"};
    static const char *const heads[] = {"Comparison",  "Period", "Crimes",   "Compared with",
                                        "Crimes then", "Change", "% change", "Note"};
    static const bool num[] = {false, false, true, false, true, true, false, false};
    int shown = 0;
    if (month < v->from || month > v->to)
        return peel_err_set(err, PEEL_EINTERNAL, "a comparison month outside the view");
    if (peel_crime_result_cols(out, "Comparisons", cols, heads, num, N(cols)) < 0)
        return oom(err);
    for (int k = PEEL_PERIOD_MONTH; k <= PEEL_PERIOD_FYTD; k++) {
        peel_crime_period p;
        peel_crime_change c;
        size_t miss_now, miss_before;
        char a[8], b[8], ba[8], bb[8], per[24], bper[24], now[24], bef[24], diff[24], pct[32],
            note[160];
        peel_crime_period_of((enum peel_crime_period_kind)k, month, &p);
        int64_t n = peel_crime_view_sum(v, p.from, p.to, &miss_now);
        int64_t bn = peel_crime_view_sum(v, p.bfrom, p.bto, &miss_before);
        size_t len = (size_t)(p.to - p.from + 1);
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
            snprintf(note, sizeof note,
                     "not shown, not like for like: %zu of %zu month(s) hold data, and %zu of "
                     "%zu a year before",
                     len - miss_now, len, len - miss_before, len);
            const char *row[] = {
                peel_crime_period_label(p.kind), per, "", bper, "", "", "n/a", note};
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
        char every[40];
        if (len == 1)
            snprintf(every, sizeof every, "both months hold data");
        else
            snprintf(every, sizeof every, "all %zu months hold data in both", len);
        if (scope_differs(v, &p))
            snprintf(note, sizeof note,
                     "%s; some hold other forces' files and others not "
                     "(see below)",
                     every);
        else
            snprintf(note, sizeof note, "%s", every);
        const char *row[] = {peel_crime_period_label(p.kind), per, now, bper, bef, diff, pct, note};
        if (peel_crime_result_row(out, row) < 0)
            return oom(err);
        if (p.from >= v->from && p.bfrom >= v->from)
            peel_crime_scope_note(&out->notes, p.from, p.to, v->forces + (p.from - v->from),
                                  p.bfrom, p.bto, v->forces + (p.bfrom - v->from));
    }
    char end[8];
    peel_month_format(month, end);
    peel_buf_printf(&out->notes,
                    "Area: %s. Periods end at %s. %% change is n/a where the "
                    "earlier count is zero, and is not given where it is under %d "
                    "(the counts are shown).\n",
                    v->area.name, end, PEEL_CRIME_SMALL_BASE);
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

/* Each location's crimes in the calendar months that hold data in both
 * periods (when those are not all the months with data): key "name\x1fcode". */
typedef struct matched_place {
    char *key;
    int64_t now, before;
} matched_place;

typedef struct place_ctx {
    peel_crime_result *r;
    bool like; /* the months with data pair up: the counts compare as they are */
    bool none; /* no calendar month holds data in both periods */
    matched_place *m;
    size_t nm;
    bool adding_before; /* matched_cb: the "now" of this call is the period before */
} place_ctx;

static char *place_key(const peel_crime_place *p)
{
    size_t a = strlen(p->name), b = strlen(p->lsoa_code);
    char *k = malloc(a + b + 2);
    if (k) {
        memcpy(k, p->name, a);
        k[a] = '\x1f';
        memcpy(k + a + 1, p->lsoa_code, b + 1);
    }
    return k;
}

static int cmp_matched(const void *x, const void *y)
{
    return strcmp(((const matched_place *)x)->key, ((const matched_place *)y)->key);
}

static int matched_cb(void *ctx, const peel_crime_place *p, peel_err *err)
{
    place_ctx *pc = ctx;
    matched_place *m = realloc(pc->m, (pc->nm + 1) * sizeof *m);
    if (!m)
        return oom(err);
    pc->m = m;
    if (!(m[pc->nm].key = place_key(p)))
        return oom(err);
    /* Each call lists only the locations with crimes in its first range, so
     * each side is asked for in its own call (a location with crimes only in
     * the months before is found too). */
    m[pc->nm].now = pc->adding_before ? 0 : p->now;
    m[pc->nm].before = pc->adding_before ? p->now : 0;
    pc->nm++;
    return 0;
}

static int place_cb(void *ctx, const peel_crime_place *p, peel_err *err)
{
    place_ctx *pc = ctx;
    peel_crime_change c;
    char now[24], same[24], bef[24] = "", diff[24] = "", pct[32] = "n/a", points[24];
    int64_t n_same = p->now, n_bef = p->before;
    if (!pc->like && !pc->none) {
        /* the same location in the matched months (found by key; none: 0) */
        matched_place key = {.key = place_key(p)}, *hit;
        if (!key.key)
            return oom(err);
        hit = pc->nm ? bsearch(&key, pc->m, pc->nm, sizeof *pc->m, cmp_matched) : NULL;
        free(key.key);
        n_same = hit ? hit->now : 0;
        n_bef = hit ? hit->before : 0;
    }
    i64(now, p->now);
    i64(points, p->points);
    if (pc->none) {
        same[0] = 0;
    } else {
        peel_crime_change_of(n_bef, n_same, 0, &c);
        i64(same, n_same);
        i64(bef, n_bef);
        snprintf(diff, sizeof diff, "%+lld", (long long)c.diff);
        peel_crime_change_pct_text(&c, pct);
    }
    const char *row[] = {p->name, p->lsoa_name, p->lsoa_code, now, same, bef, diff, pct, points};
    return peel_crime_result_row(pc->r, row) < 0 ? oom(err) : 0;
}

typedef struct have_ctx {
    peel_month from, to;
    bool *have;
} have_ctx;

static int have_cb(void *ctx, peel_month m, peel_err *err)
{
    have_ctx *hc = ctx;
    (void)err;
    if (m >= hc->from && m <= hc->to)
        hc->have[m - hc->from] = true;
    return 0;
}

int peel_crime_hotspots(peel_store *s, const peel_crime_view *v, int limit, peel_crime_result *out,
                        peel_err *err)
{
    static const char *const cols[] = {"location", "lsoa_name",       "lsoa_code",
                                       "crimes",   "crimes_compared", "crimes_before",
                                       "change",   "change_pct",      "map_points"};
    static const char *const heads[] = {"Location",
                                        "LSOA name",
                                        "LSOA code",
                                        "Crimes",
                                        "Crimes in the months compared",
                                        "Crimes in the same months before",
                                        "Change",
                                        "% change",
                                        "Map points"};
    static const bool num[] = {false, false, false, true, true, true, true, false, true};
    place_ctx pc = {.r = out};
    peel_month len = v->to - v->from + 1, bfrom = v->from - len;
    size_t n = (size_t)len, matched = 0, with_now = 0, with_before = 0;
    char a[8], b[8], c[8], d[8];
    /* months [bfrom, to]: the period before, then this one */
    bool *have = calloc(2 * n, sizeof *have), *both = calloc(n, sizeof *both);
    int *forces = calloc(2 * n, sizeof *forces);
    have_ctx hc = {bfrom, v->to, have};
    peel_crime_repeat_totals tot = {0};
    int rc = -1;
    if (!have || !both || !forces) {
        oom(err);
        goto out;
    }
    if (peel_crime_result_cols(out, "Repeat locations", cols, heads, num, N(cols)) < 0) {
        oom(err);
        goto out;
    }
    if (peel_crime_db_months(s, have_cb, &hc, err) < 0 ||
        peel_crime_month_files(s, "street", bfrom, v->to, forces, err) < 0)
        goto out;
    pc.like = true;
    for (size_t i = 0; i < n; i++) {
        both[i] = have[i] && have[n + i];
        matched += both[i];
        with_before += have[i];
        with_now += have[n + i];
        if (have[i] != have[n + i])
            pc.like = false;
    }
    pc.none = matched == 0;
    if (!pc.like && !pc.none) {
        /* Like with like: the calendar months holding data in both periods,
         * one run of consecutive months at a time. */
        for (size_t i = 0; i < n; i++) {
            if (!both[i])
                continue;
            size_t e = i;
            while (e + 1 < n && both[e + 1])
                e++;
            peel_month f = v->from + (peel_month)i, t = v->from + (peel_month)e;
            pc.adding_before = false;
            if (peel_crime_places(s, &v->scope, f, t, f - len, t - len, v->type_id, -1, matched_cb,
                                  &pc, NULL, err) < 0)
                goto out;
            pc.adding_before = true;
            if (peel_crime_places(s, &v->scope, f - len, t - len, f, t, v->type_id, -1, matched_cb,
                                  &pc, NULL, err) < 0)
                goto out;
            i = e;
        }
        /* a location found in two calls: add them up */
        if (pc.nm)
            qsort(pc.m, pc.nm, sizeof *pc.m, cmp_matched);
        size_t w = 0;
        for (size_t i = 0; i < pc.nm; i++) {
            if (w && !strcmp(pc.m[w - 1].key, pc.m[i].key)) {
                pc.m[w - 1].now += pc.m[i].now;
                pc.m[w - 1].before += pc.m[i].before;
                free(pc.m[i].key);
                continue;
            }
            pc.m[w++] = pc.m[i];
        }
        pc.nm = w;
    }
    if (peel_crime_places(s, &v->scope, v->from, v->to, bfrom, v->from - 1, v->type_id, limit,
                          place_cb, &pc, &tot, err) < 0)
        goto out;
    peel_month_format(v->from, a);
    peel_month_format(v->to, b);
    peel_month_format(bfrom, c);
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
    peel_crime_coverage_note(&out->notes, "This period", v->from, v->to, have + n);
    peel_crime_coverage_note(&out->notes, "The period before", bfrom, v->from - 1, have);
    if (pc.none) {
        peel_buf_printf(&out->notes,
                        "No comparison with the period before: no calendar month holds data in "
                        "both (this period %zu month(s), the period before %zu), so the "
                        "change is not given.\n",
                        with_now, with_before);
    } else if (!pc.like) {
        peel_buf_printf(&out->notes,
                        "Not like for like as they stand (this period has %zu month(s) with "
                        "data, the period before %zu): the change compares the %zu calendar "
                        "month(s) holding data in both, ",
                        with_now, with_before, matched);
        peel_crime_month_runs(&out->notes, v->from, v->to, both, true);
        peel_buf_puts(&out->notes, ", with the same months a year before.\n");
    } else {
        peel_buf_puts(&out->notes, "The change compares the same calendar months with data in "
                                   "both periods.\n");
    }
    if (!pc.none) {
        /* the months compared: the scope of their data */
        int *fnow = forces + n, *fbef = forces;
        for (size_t i = 0; i < n; i++)
            if (!both[i])
                fnow[i] = fbef[i] = 0;
        peel_crime_scope_note(&out->notes, v->from, v->to, fnow, bfrom, v->from - 1, fbef);
    }
    peel_buf_printf(&out->notes,
                    "%% change is n/a where the earlier count is zero, and is not "
                    "given where it is under %d (the counts are shown).\n",
                    PEEL_CRIME_SMALL_BASE);
    rc = notes_ok(out, err);
out:
    for (size_t i = 0; i < pc.nm; i++)
        free(pc.m[i].key);
    free(pc.m);
    free(have);
    free(both);
    free(forces);
    return rc;
}

int peel_crime_spc_table(const peel_crime_view *v, peel_month bfrom, peel_month bto,
                         peel_crime_result *out, peel_err *err)
{
    static const char *const cols[] = {"month",       "crimes",      "mean",
                                       "lower_limit", "upper_limit", "signal"};
    static const char *const heads[] = {"Month",       "Crimes",      "Mean",
                                        "Lower limit", "Upper limit", "Signal"};
    static const bool num[] = {false, true, true, true, true, false};
    peel_crime_spc spc;
    char a[8], b[8], mean[32], lo[32] = "", hi[32] = "", mr[32];
    if (bfrom < v->from || bto > v->to || bto < bfrom)
        return peel_err_set(err, PEEL_EINPUT, "the baseline must lie within the period shown");
    size_t off = (size_t)(bfrom - v->from), nb = (size_t)(bto - bfrom + 1);
    if (peel_crime_spc_limits(v->month_total + off, v->have + off, nb, &spc) < 0)
        return peel_err_set(err, PEEL_EINPUT,
                            "the baseline needs at least two consecutive months with data");
    unsigned *flags = calloc(v->nm, sizeof *flags);
    if (!flags ||
        peel_crime_result_cols(out, "Statistical process control", cols, heads, num, N(cols)) < 0) {
        free(flags);
        return oom(err);
    }
    peel_crime_spc_flags(&spc, v->month_total, v->have, v->nm, spc.run_len, flags);
    /* Printed from the exact counts, rounded once (halves away from zero). */
    peel_crime_tenths_text(spc.mean10, mean);
    peel_crime_tenths_text(spc.mr10, mr);
    if (spc.kind != PEEL_SPC_SPARSE) {
        peel_crime_tenths_text(spc.lcl10, lo);
        peel_crime_tenths_text(spc.ucl10, hi);
    }
    for (size_t m = 0; m < v->nm; m++) {
        char month[8], c[24] = "", sig[96] = "";
        peel_month_format(v->from + (peel_month)m, month);
        if (v->have[m])
            i64(c, v->month_total[m]);
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
    if (spc.kind == PEEL_SPC_XMR)
        peel_buf_printf(&out->notes,
                        "Area: %s. XmR chart: mean and limits from the baseline %s to %s "
                        "(%zu months with data); limits = mean +/- 2.66 x mean moving range "
                        "(%s). Signals: a month outside the limits, or a run of %d or more "
                        "months on one side of the mean.\n",
                        v->area.name, a, b, spc.nbase, mr, PEEL_SPC_RUN_XMR);
    else if (spc.kind == PEEL_SPC_C)
        peel_buf_printf(&out->notes,
                        "Area: %s. c-chart for counts: the baseline %s to %s (%zu months with "
                        "data) averages %s a month, under %d, too few for an XmR chart; limits "
                        "= mean +/- 3 x square root of the mean, the lower not below 0. "
                        "Signals: a month outside the limits, or a run of %d or more months on "
                        "one side of the mean.\n",
                        v->area.name, a, b, spc.nbase, mean, PEEL_SPC_C_BELOW, PEEL_SPC_RUN_C);
    else
        peel_buf_printf(&out->notes,
                        "Area: %s. Too sparse for a control chart: the baseline %s to %s (%zu "
                        "months with data) averages %s a month, under %d; no limits are drawn "
                        "and no month is flagged.\n",
                        v->area.name, a, b, spc.nbase, mean, PEEL_SPC_SPARSE_BELOW);
    peel_buf_puts(&out->notes, "Mean and limits are rounded to 1 decimal place, halves away "
                               "from zero.\n");
    peel_crime_coverage_note(&out->notes, "Months shown", v->from, v->to, v->have);
    peel_crime_scope_note(&out->notes, v->from, v->to, v->forces, 0, -1, NULL);
    return notes_ok(out, err);
}

/* The outcome rows of a table and the positive outcome rate's note: the rate
 * is over crimes with a final outcome; those still open are shown beside it. */
static int outcome_rows(peel_crime_result *out, const char *const *names, const int64_t *ns,
                        size_t n, const char *positive, int64_t *total, int64_t *pos, int64_t *open,
                        peel_err *err)
{
    int64_t sc;
    *total = *pos = *open = 0;
    for (size_t i = 0; i < n; i++)
        if (names[i] && ns[i])
            *total += ns[i];
    for (size_t i = 0; i < n; i++) {
        char c[24], share[32] = "n/a";
        if (!names[i] || !ns[i])
            continue;
        enum peel_crime_outcome_group g = peel_crime_outcome_group_of(names[i]);
        bool p = g != PEEL_OG_OPEN && peel_crime_outcome_positive(names[i], positive);
        if (g == PEEL_OG_OPEN)
            *open += ns[i];
        if (p)
            *pos += ns[i];
        i64(c, ns[i]);
        if (peel_pct(ns[i], *total, 1, &sc))
            peel_pct_format(sc, 1, false, share);
        const char *row[] = {names[i], c, share, peel_crime_outcome_group_label(g),
                             g == PEEL_OG_OPEN ? "open"
                             : p               ? "yes"
                                               : "no"};
        if (peel_crime_result_row(out, row) < 0)
            return oom(err);
    }
    return 0;
}

static void outcome_rate_note(peel_buf *b, int64_t total, int64_t pos, int64_t open,
                              const char *positive)
{
    char rate[32] = "n/a", oshare[32] = "n/a";
    int64_t sc, final = total - open;
    if (peel_pct(pos, final, 1, &sc))
        peel_pct_format(sc, 1, false, rate);
    if (peel_pct(open, total, 1, &sc))
        peel_pct_format(sc, 1, false, oshare);
    peel_buf_printf(b,
                    "Positive outcome rate: %s (%lld of the %lld crimes with a final outcome). "
                    "Still open (under investigation or no status update): %lld of %lld "
                    "crimes (%s), not in the rate; a recent period has more of them. Positive: "
                    "%s.\n",
                    rate, (long long)pos, (long long) final, (long long)open, (long long)total,
                    oshare,
                    positive ? positive
                             : "charged or summonsed, taken into consideration, out-of-court "
                               "(formal and informal); groups in docs/METHODS.md");
}

static const char *const outcome_cols[] = {"outcome", "crimes", "share", "group", "positive"};
static const char *const outcome_heads[] = {"Outcome", "Crimes", "Share", "Outcome group",
                                            "Positive outcome"};
static const bool outcome_num[] = {false, true, false, false, false};

int peel_crime_outcomes(const peel_crime_view *v, const char *positive, peel_crime_result *out,
                        peel_err *err)
{
    int64_t total, pos, open;
    if (peel_crime_result_cols(out, "Crimes by last outcome", outcome_cols, outcome_heads,
                               outcome_num, N(outcome_cols)) < 0)
        return oom(err);
    /* Outcome id 0 is "no outcome recorded": anti-social behaviour. */
    if (v->outcomes.n > 1 &&
        outcome_rows(out, (const char *const *)v->outcomes.v + 1, v->outcome_total + 1,
                     v->outcomes.n - 1, positive, &total, &pos, &open, err) < 0)
        return -1;
    if (v->outcomes.n <= 1)
        total = pos = open = 0;
    peel_buf_printf(&out->notes, "Area: %s. Anti-social behaviour has no outcome. ", v->area.name);
    outcome_rate_note(&out->notes, total, pos, open, positive);
    peel_crime_coverage_note(&out->notes, "Street data", v->from, v->to, v->have);
    peel_crime_scope_note(&out->notes, v->from, v->to, v->forces, 0, -1, NULL);
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
    latest_ctx lc = {0};
    int64_t joined = 0, total = 0, pos = 0, open = 0;
    int rc = -1;

    if (peel_crime_latest_outcomes(s, &v->scope, v->from, v->to, v->type_id, &joined, latest_cb,
                                   &lc, err) < 0)
        goto out;
    if (joined == 0) { /* no outcomes file matches: the street files' categories */
        rc = peel_crime_outcomes(v, positive, out, err);
        goto out;
    }
    if (peel_crime_result_cols(out, "Crimes by latest outcome", outcome_cols, outcome_heads,
                               outcome_num, N(outcome_cols)) < 0) {
        oom(err);
        goto out;
    }
    /* Largest first, then by name (insertion sort: a few dozen outcomes). */
    for (size_t i = 1; i < lc.len; i++)
        for (size_t j = i;
             j > 0 && (lc.n[j] > lc.n[j - 1] ||
                       (lc.n[j] == lc.n[j - 1] && strcmp(lc.names[j], lc.names[j - 1]) < 0));
             j--) {
            char *t = lc.names[j];
            int64_t tn = lc.n[j];
            lc.names[j] = lc.names[j - 1];
            lc.n[j] = lc.n[j - 1];
            lc.names[j - 1] = t;
            lc.n[j - 1] = tn;
        }
    if (outcome_rows(out, (const char *const *)lc.names, lc.n, lc.len, positive, &total, &pos,
                     &open, err) < 0)
        goto out;
    peel_buf_printf(&out->notes,
                    "Area: %s. Latest outcome of each crime: from the outcomes files, joined by "
                    "Crime ID, for %lld of %lld crimes; the street file's last outcome category "
                    "for the rest. ",
                    v->area.name, (long long)joined, (long long)total);
    outcome_rate_note(&out->notes, total, pos, open, positive);
    peel_crime_coverage_note(&out->notes, "Street data", v->from, v->to, v->have);
    peel_crime_scope_note(&out->notes, v->from, v->to, v->forces, 0, -1, NULL);
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
            int got =
                peel_crime_db_population(s, v->area.id, y, sc.rows[i].value, &pop, NULL, 0, err);
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
            int got =
                peel_crime_db_population(s, v->area.id, y, sc.rows[i].value, &pop, NULL, 0, err);
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
        peel_buf_printf(&out->notes,
                        "Area: %s: every search in the period (%lld; %lld without "
                        "a location).\n",
                        v->area.name, (long long)pl.force_total, (long long)pl.no_location);
    {
        /* the months holding stop-and-search files */
        int *files = calloc(v->nm, sizeof *files);
        bool *shave = calloc(v->nm, sizeof *shave);
        if (!files || !shave ||
            peel_crime_month_files(s, "stop-and-search", v->from, v->to, files, err) < 0) {
            if (!files || !shave)
                oom(err);
            free(files);
            free(shave);
            goto out;
        }
        for (size_t m = 0; m < v->nm; m++)
            shave[m] = files[m] > 0;
        peel_crime_coverage_note(&out->notes, "Stop-and-search files", v->from, v->to, shave);
        free(files);
        free(shave);
    }
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
