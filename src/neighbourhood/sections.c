/* sections.c - the neighbourhood views as generated sections of a paper
 * (render/section.h), each built for the reader from the views the pages
 * use, so a record it may not open is neither shown nor counted:
 *
 *   establishment          seed 000's establishment change table
 *                          (resourcing.h); role=, area=
 *   savings                a year's savings reconciled; fy=
 *   neighbourhood-budget   a year's budget lines reconciled; fy=
 *   demand                 with series=: a monthly statistic's demand table
 *                          (demand.h; area=, from=, to= months); without:
 *                          seed 000's demand tables, protests by year
 *                          (yearly.h) and football deployments; area=
 *
 * The year of savings and budget is fy=, else the financial year the
 * paper's period starts in. */
#include <stdio.h>
#include <string.h>

#include "core/money.h"
#include "core/pct.h"
#include "model/records.h"
#include "neighbourhood/demand.h"
#include "neighbourhood/neighbourhood.h"
#include "neighbourhood/resourcing.h"
#include "neighbourhood/yearly.h"
#include "render/section.h"

/* A parameter into out; NULL when absent, "" never (an empty value reads
 * as absent). -1 is returned through *rc when it is too long. */
static const char *param(const peel_section_args *a, const char *key, char *out, size_t outsz,
                         int *rc, peel_err *err)
{
    int h = peel_section_param(a->params, key, out, outsz, err);
    if (h < 0)
        *rc = -1;
    return h > 0 && *out ? out : NULL;
}

/* An input error of a view (an unknown role, area or statistic) as a
 * notice in the paper, naming the parameter; 0.  Any other error: -1. */
static int input_notice(peel_doc *d, peel_err *why, peel_err *err)
{
    if (why->code != PEEL_EINPUT) {
        peel_err_set(err, why->code, "%s", why->msg);
        peel_err_clear(why);
        return -1;
    }
    peel_doc_addf(d, PEEL_BLOCK_NOTICE, 0, "Not shown: %s.", why->msg);
    peel_err_clear(why);
    return 0;
}

static int establishment(peel_store *s, const peel_reader *rd, const peel_section_args *a,
                         peel_doc *d, peel_err *err)
{
    char rb[64], ab[64];
    int rc = 0;
    const char *role = param(a, "role", rb, sizeof rb, &rc, err);
    const char *area = param(a, "area", ab, sizeof ab, &rc, err);
    peel_est_table t = {0};
    peel_err why = PEEL_ERR_INIT;
    size_t reported = 0;

    if (rc < 0)
        return -1;
    peel_doc_add(d, PEEL_BLOCK_HEADING, a->level, NULL, "Establishment");
    if (peel_est_table_of(s, rd, role, area, &t, &why) < 0)
        return input_notice(d, &why, err);
    peel_doc_add(d, PEEL_BLOCK_PARA, 0, NULL,
                 "The posts of each role in each area over time. Allocated, funded and actual "
                 "numbers are kept apart, and each number is compared only with the one before "
                 "it of the same kind.");
    peel_doc_table *tb = peel_doc_table_add(d, "Establishment change by role and area", 7, 1, true);
    if (tb) {
        static const char *const head[] = {"Role",  "Area",   "When",      "Number",
                                           "Value", "Change", "Change (%)"};
        peel_doc_table_row(d, tb, head);
        for (size_t c = 4; c < 7; c++)
            peel_doc_table_numeric(d, tb, c);
        for (size_t i = 0; i < t.n; i++) {
            const peel_est_row *e = &t.v[i];
            char v[24], c[32] = "", pc[32] = "";
            snprintf(v, sizeof v, "%lld", (long long)e->value);
            if (e->has_change) {
                snprintf(c, sizeof c, "%s%lld", e->change > 0 ? "+" : "", (long long)e->change);
                if (e->has_pct)
                    peel_pct_format(e->pct10, 1, true, pc);
                else
                    snprintf(pc, sizeof pc, "n/a");
            }
            reported += !strcmp(e->measure, "reported");
            const char *cells[] = {e->role, e->area_name, e->when, e->measure, v, c, pc};
            peel_doc_table_row(d, tb, cells);
        }
    }
    if (!t.n)
        peel_doc_add(d, PEEL_BLOCK_NOTICE, 0, NULL, "No establishment is recorded.");
    if (reported)
        peel_doc_addf(d, PEEL_BLOCK_NOTICE, 0,
                      "%zu number%s given by the papers without saying whether %s allocated, "
                      "funded or actual: shown as reported.",
                      reported, reported == 1 ? " is" : "s are",
                      reported == 1 ? "it is" : "they are");
    peel_est_release(&t);
    return 0;
}

/* The financial year of a section: fy=, else the one the paper's period
 * starts in; 1, 0 when neither (a notice says so), -1 on a bad fy. */
static int year_of(const peel_section_args *a, peel_doc *d, peel_fy *fy, peel_err *err)
{
    char y[16];
    int h = peel_section_param(a->params, "fy", y, sizeof y, err);
    if (h < 0)
        return -1;
    if (h > 0) {
        peel_err why = PEEL_ERR_INIT;
        if (peel_fy_parse(y, strlen(y), fy, &why) < 0) {
            peel_err_set(err, PEEL_EINPUT, "parameter fy: %s", why.msg);
            peel_err_clear(&why);
            return -1;
        }
        return 1;
    }
    if (a->from) {
        *fy = peel_fy_of_date(a->from);
        return 1;
    }
    peel_doc_add(d, PEEL_BLOCK_NOTICE, 0, NULL,
                 "The paper gives no period, and the section names no financial year "
                 "(fy=YYYY-YY): nothing is shown.");
    return 0;
}

static int recon(peel_store *s, const peel_reader *rd, const peel_section_args *a, peel_doc *d,
                 const peel_recon_kind *k, const char *title, peel_err *err)
{
    peel_fy fy = 0;
    peel_sav_view v = {0};
    char y[8];
    int have;

    peel_doc_add(d, PEEL_BLOCK_HEADING, a->level, NULL, title);
    if ((have = year_of(a, d, &fy, err)) <= 0)
        return have;
    if (peel_sav_view_of(s, rd, k, fy, &v, err) < 0)
        return -1;
    peel_fy_format(fy, y);
    peel_doc_addf(d, PEEL_BLOCK_PARA, 0,
                  "The %s lines of %s: each total the papers print with the lines that are its "
                  "parts, and whether the parts add up to the total.",
                  k->what, y);
    size_t ncols = (size_t)(k->last - k->first + 2);
    for (size_t g = 0; g < v.n; g++) {
        const peel_sav_group *gr = &v.v[g];
        char caption[400];
        snprintf(caption, sizeof caption, "%s, %s", peel_record_text_at(gr->total, k->line), y);
        peel_doc_table *t = peel_doc_table_add(d, caption, ncols, 1, true);
        if (!t)
            break;
        const char *head[PEEL_SAV_MEASURES + 1] = {"Line"};
        for (int f = k->first; f <= k->last; f++)
            head[f - k->first + 1] = k->type->fields[f].label;
        peel_doc_table_row(d, t, head);
        for (size_t c = 1; c < ncols; c++)
            peel_doc_table_numeric(d, t, c);
        for (size_t p = 0; p <= gr->nparts; p++) {
            const peel_record *rec = p ? gr->parts[p - 1] : gr->total;
            char line[400], m[PEEL_SAV_MEASURES][32];
            const char *cells[PEEL_SAV_MEASURES + 1] = {line};
            snprintf(line, sizeof line, "%s%s", p ? "" : (gr->nparts ? "Total: " : ""),
                     peel_record_text_at(rec, k->line));
            for (int f = k->first; f <= k->last; f++) {
                int64_t x;
                m[f - k->first][0] = '\0';
                if (peel_record_int_at(rec, f, &x))
                    peel_money_format(x, m[f - k->first]);
                cells[f - k->first + 1] = m[f - k->first];
            }
            peel_doc_table_row(d, t, cells);
        }
        peel_doc_table_drop_empty(d, t);
        for (size_t c = 0; c < gr->nchecks; c++) {
            char why[200];
            peel_sav_check_text(&gr->checks[c], why);
            peel_doc_addf(d, PEEL_BLOCK_LIST, 0, "%s: %s. %s.",
                          k->type->fields[gr->checks[c].field].label,
                          peel_sav_status_name(gr->checks[c].status), why);
        }
    }
    if (!v.n)
        peel_doc_addf(d, PEEL_BLOCK_NOTICE, 0, "No %s line is recorded for %s.", k->what, y);
    peel_sav_release(&v);
    return 0;
}

static int savings(peel_store *s, const peel_reader *rd, const peel_section_args *a, peel_doc *d,
                   peel_err *err)
{
    return recon(s, rd, a, d, &peel_recon_savings, "Savings", err);
}

static int budget(peel_store *s, const peel_reader *rd, const peel_section_args *a, peel_doc *d,
                  peel_err *err)
{
    return recon(s, rd, a, d, &peel_recon_budget, "Budget", err);
}

/* A monthly statistic's demand table. */
static int monthly(peel_store *s, const peel_reader *rd, const peel_section_args *a, peel_doc *d,
                   const char *series, const char *area, peel_err *err)
{
    char fb[16], tb[16];
    int rc = 0;
    const char *f = param(a, "from", fb, sizeof fb, &rc, err);
    const char *t = param(a, "to", tb, sizeof tb, &rc, err);
    peel_month from = 0, to = 0;
    peel_demand_table dt = {0};
    peel_err why = PEEL_ERR_INIT;

    if (rc < 0)
        return -1;
    const char *bad = f && peel_month_parse(f, strlen(f), &from, &why) < 0 ? "from"
                      : t && peel_month_parse(t, strlen(t), &to, &why) < 0 ? "to"
                                                                           : NULL;
    if (bad) {
        peel_err_set(err, PEEL_EINPUT, "parameter %s: %s", bad, why.msg);
        peel_err_clear(&why);
        return -1;
    }
    if (from && to && to < from)
        return peel_err_set(err, PEEL_EINPUT, "parameter to: before from");
    peel_doc_add(d, PEEL_BLOCK_HEADING, a->level, NULL, series);
    if (peel_demand_table_of(s, rd, series, area, from, to, &dt, &why) < 0)
        return input_notice(d, &why, err);
    char caption[500];
    snprintf(caption, sizeof caption,
             "%s%s%s by month, with the change on the same month one, "
             "two and three years before",
             dt.series, *dt.area_name ? " in " : "", dt.area_name);
    peel_doc_table *tb2 = peel_doc_table_add(d, caption, 5, 1, true);
    if (tb2) {
        static const char *const head[] = {"Month", "Value", "Change (1 yr)", "Change (2 yr)",
                                           "Change (3 yr)"};
        peel_doc_table_row(d, tb2, head);
        for (size_t c = 1; c < 5; c++)
            peel_doc_table_numeric(d, tb2, c);
        for (size_t i = 0; i < dt.n; i++) {
            const peel_demand_row *r = &dt.v[i];
            char m[24], v[24], cc[3][32];
            const char *cells[5] = {m, v};
            peel_month_format_long(r->month, m);
            snprintf(v, sizeof v, "%lld", (long long)r->value);
            for (int k = 0; k < PEEL_DEMAND_YEARS; k++) {
                if (!r->has[k])
                    cells[k + 2] = "not held";
                else if (r->small[k])
                    cells[k + 2] = "n/a (base under 10)";
                else {
                    peel_pct_format(r->pct10[k], 1, true, cc[k]);
                    cells[k + 2] = cc[k];
                }
            }
            peel_doc_table_row(d, tb2, cells);
        }
    }
    if (!dt.n)
        peel_doc_add(d, PEEL_BLOCK_NOTICE, 0, NULL, "No month of it is held in the period.");
    if (dt.not_monthly)
        peel_doc_addf(d, PEEL_BLOCK_NOTICE, 0,
                      "%lld value%s of the statistic not for one whole month left out.",
                      (long long)dt.not_monthly, dt.not_monthly == 1 ? " is" : "s are");
    peel_demand_release(&dt);
    return 0;
}

/* Seed 000's protests table: the protest statistics by calendar year. */
static int protests(peel_store *s, const peel_reader *rd, const peel_section_args *a, peel_doc *d,
                    const char *area, peel_err *err)
{
    peel_yearly y;
    peel_err why = PEEL_ERR_INIT;
    int sub = a->level < 3 ? a->level + 1 : 3;

    peel_doc_add(d, PEEL_BLOCK_HEADING, sub, NULL, "Protests");
    if (peel_yearly_of(s, rd, peel_protest_series, 3, area, &y, &why) < 0)
        return input_notice(d, &why, err);
    size_t ncols = 1 + y.ncols + (y.ncols ? y.ncols - 1 : 0);
    char caption[300];
    snprintf(caption, sizeof caption, "Protests by calendar year%s%s", *y.area_name ? " in " : "",
             y.area_name);
    peel_doc_table *t = peel_doc_table_add(d, caption, ncols, 1, true);
    if (!t)
        return 0;
    char heads[2 * PEEL_YEARLY_MAX_COLS][100];
    const char *head[2 * PEEL_YEARLY_MAX_COLS] = {"Protests"};
    bool partial = false;
    for (size_t c = 0; c < y.ncols; c++) {
        peel_yearly_col_label(&y.cols[c], heads[c]);
        head[1 + c] = heads[c];
        partial |= y.cols[c].partial;
    }
    for (size_t c = 1; c < y.ncols; c++) {
        char a1[48], b1[48];
        peel_yearly_col_label(&y.cols[c - 1], a1);
        peel_yearly_col_label(&y.cols[c], b1);
        snprintf(heads[y.ncols + c], sizeof heads[0], "Change %s to %s", a1, b1);
        head[y.ncols + c] = heads[y.ncols + c];
    }
    peel_doc_table_row(d, t, head);
    for (size_t c = 1; c < ncols; c++)
        peel_doc_table_numeric(d, t, c);
    for (size_t r = 0; r < y.nrows; r++) {
        char cells_b[2 * PEEL_YEARLY_MAX_COLS][48];
        const char *cells[2 * PEEL_YEARLY_MAX_COLS] = {y.rows[r].series};
        for (size_t c = 0; c < y.ncols; c++) {
            if (y.rows[r].has[c])
                snprintf(cells_b[c], sizeof cells_b[c], "%lld", (long long)y.rows[r].value[c]);
            else
                snprintf(cells_b[c], sizeof cells_b[c], "not recorded");
            cells[1 + c] = cells_b[c];
        }
        for (size_t c = 1; c < y.ncols; c++)
            cells[y.ncols + c] = peel_yearly_change_text(&y.rows[r], c, cells_b[y.ncols + c]);
        peel_doc_table_row(d, t, cells);
    }
    if (!y.ncols)
        peel_doc_add(d, PEEL_BLOCK_NOTICE, 0, NULL, "No year of the protest statistics is held.");
    if (partial)
        peel_doc_add(d, PEEL_BLOCK_NOTICE, 0, NULL,
                     "A year held in part is compared only with the same months of the year "
                     "before, and where those are not held it is not compared.");
    return 0;
}

/* The football deployments the reader may open: officers per match. */
static int football(peel_store *s, const peel_reader *rd, const peel_section_args *a, peel_doc *d,
                    peel_err *err)
{
    peel_records recs = {0};
    int sub = a->level < 3 ? a->level + 1 : 3;
    size_t n = 0;

    if (peel_records_load(s, &peel_type_deployment, &recs, err) < 0)
        return -1;
    peel_doc_add(d, PEEL_BLOCK_HEADING, sub, NULL, "Football");
    peel_doc_table *t = peel_doc_table_add(d, "Officers deployed at football matches", 5, 1, true);
    if (t) {
        static const char *const head[] = {"Deployment", "Date", "Matches", "Officers",
                                           "Officers per match"};
        peel_doc_table_row(d, t, head);
        for (size_t c = 2; c < 5; c++)
            peel_doc_table_numeric(d, t, c);
    }
    for (size_t i = 0; t && i < recs.n; i++) {
        const peel_record *r = recs.v[i];
        if (!peel_reader_record_visible(rd, r) ||
            strcmp(peel_rec_str(r, PEEL_DEP_KIND), "football_match"))
            continue;
        int64_t occ = peel_rec_has(r, PEEL_DEP_OCCASIONS) ? peel_rec_int(r, PEEL_DEP_OCCASIONS) : 1;
        char date[32] = "not recorded", m[24], o[24] = "not recorded", per[32] = "";
        if (peel_rec_has(r, PEEL_DEP_DATE))
            peel_date_format_long(peel_rec_int(r, PEEL_DEP_DATE), date);
        snprintf(m, sizeof m, "%lld", (long long)occ);
        if (peel_rec_has(r, PEEL_DEP_OFFICERS)) {
            int64_t off = peel_rec_int(r, PEEL_DEP_OFFICERS), per10;
            snprintf(o, sizeof o, "%lld", (long long)off);
            /* officers per match to one decimal: the same rounding as a
             * percentage, of officers over matches times a hundred */
            if (occ > 0 && peel_pct(off, occ * 100, 1, &per10)) {
                peel_pct_format(per10, 1, false, per);
                per[strlen(per) - 1] = '\0'; /* no "%" */
            }
        }
        const char *cells[] = {peel_rec_str(r, PEEL_DEP_NAME), date, m, o, per};
        peel_doc_table_row(d, t, cells);
        n++;
    }
    if (!n)
        peel_doc_add(d, PEEL_BLOCK_NOTICE, 0, NULL, "No football deployment is recorded.");
    peel_records_free(&recs);
    return 0;
}

static int demand(peel_store *s, const peel_reader *rd, const peel_section_args *a, peel_doc *d,
                  peel_err *err)
{
    char sb[256], ab[64];
    int rc = 0;
    const char *series = param(a, "series", sb, sizeof sb, &rc, err);
    const char *area = param(a, "area", ab, sizeof ab, &rc, err);

    if (rc < 0)
        return -1;
    if (series)
        return monthly(s, rd, a, d, series, area, err);
    peel_doc_add(d, PEEL_BLOCK_HEADING, a->level, NULL, "Demand on neighbourhood policing");
    if (protests(s, rd, a, d, area, err) < 0 || football(s, rd, a, d, err) < 0)
        return -1;
    peel_doc_add(d, PEEL_BLOCK_NOTICE, 0, NULL,
                 "The abstraction rate per neighbourhood policing area (hours abstracted over "
                 "hours available) is not shown: no paper or data file peel holds gives the hours "
                 "abstracted or available, or the neighbourhood policing areas officers came "
                 "from.");
    return 0;
}

const peel_section_decl peel_neighbourhood_sections[] = {
    {"establishment", "The establishment change table (role, area, allocated, funded, actual)",
     "role=ROLE; area=CODE, both optional", establishment},
    {"savings", "A financial year's savings, reconciled with their printed totals",
     "fy=YYYY-YY, or the year the paper's period starts in", savings},
    {"demand", "Demand: protests by year and football (seed 000), or a monthly statistic",
     "series=NAME (a monthly statistic; area=CODE; from=YYYY-MM; to=YYYY-MM), or none for "
     "protests by year and football (area=CODE)",
     demand},
    {"neighbourhood-budget", "A financial year's budget lines, reconciled with their totals",
     "fy=YYYY-YY, or the year the paper's period starts in", budget},
    {0},
};
