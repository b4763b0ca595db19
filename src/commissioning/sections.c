/* sections.c - the generated sections commissioning supplies to the
 * Panel's papers (render/section.h): the funded-projects table (seed 001's
 * Table One), the Safer Streets tracker, the CSP allocations, the
 * commissioning budget by category, the grants of a month and the month's
 * expenditure over £500.  Each is
 * built from the view the command and the page print (views.c, safer.c,
 * budget.c, grants.c) for the reader given, so a public paper holds only
 * published records; where a view has nothing to show, or a paper gives
 * no figure, the section says so in a notice.  Money is printed as the
 * pages print it (core/money.h), dates in the UK long form. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/module.h"
#include "commissioning/budget.h"
#include "commissioning/commissioning.h"
#include "commissioning/grants.h"
#include "commissioning/safer.h"
#include "commissioning/spend.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/money.h"
#include "render/section.h"

/* "1 August 2024 to 30 September 2024", "every visit recorded" ... into out. */
static void period_text(const peel_section_args *a, char out[static 80])
{
    char f[32], t[32];
    if (a->from)
        peel_date_format_long(a->from, f);
    if (a->to)
        peel_date_format_long(a->to, t);
    if (a->from && a->to)
        snprintf(out, 80, "%s to %s", f, t);
    else if (a->from)
        snprintf(out, 80, "from %s", f);
    else if (a->to)
        snprintf(out, 80, "to %s", t);
    else
        snprintf(out, 80, "all dates");
}

/* The financial year of the section: its fy parameter, else the year the
 * paper's period ends in, else today's.  -1 with err naming the parameter. */
static int section_fy(const peel_section_args *a, peel_fy *fy, peel_err *err)
{
    char v[16];
    int got = peel_section_param(a->params, "fy", v, sizeof v, err);
    if (got < 0)
        return -1;
    if (got) {
        if (peel_fy_parse(v, strlen(v), fy, err) < 0) {
            peel_err_prefix(err, "parameter fy");
            return -1;
        }
        return 0;
    }
    *fy = peel_fy_of_date(a->to ? a->to : a->from ? a->from : peel_clock_today());
    return 0;
}

static int done(peel_doc *d, peel_err *err)
{
    if (d->failed)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory building the section");
    return 0;
}

/* ---- funded-projects ---- */

static int sec_projects(peel_store *s, const peel_reader *rd, const peel_section_args *a,
                        peel_doc *d, peel_err *err)
{
    static const char *const head[] = {"Organisation", "Area and Work", "Funding", "Output"};
    peel_project_rows rows;
    char period[80], cap[160];

    if (peel_projects(s, rd, a->from, a->to, &rows, err) < 0)
        return -1;
    period_text(a, period);
    peel_doc_add(d, PEEL_BLOCK_HEADING, a->level, NULL, "Funded projects visited");
    if (!rows.n) {
        peel_doc_addf(d, PEEL_BLOCK_NOTICE, 0,
                      "No monitoring visit to a funded project is "
                      "recorded for %s.",
                      period);
    } else {
        snprintf(cap, sizeof cap, "Funded projects visited, %s", period);
        peel_doc_table *t = peel_doc_table_add(d, cap, 4, 1, true);
        peel_doc_table_row(d, t, head);
        peel_doc_table_numeric(d, t, 2);
        for (size_t i = 0; i < rows.n; i++) {
            const peel_project_row *p = &rows.v[i];
            char m[32] = "";
            if (p->has_funding)
                peel_money_format_short(p->funding, m);
            const char *cells[4] = {p->organisation, p->area_work,
                                    p->has_funding ? m : "Not recorded", p->output};
            peel_doc_table_row(d, t, cells);
        }
    }
    peel_project_rows_release(&rows);
    return done(d, err);
}

/* ---- safer-streets-tracker ---- */

static int sec_tracker(peel_store *s, const peel_reader *rd, const peel_section_args *a,
                       peel_doc *d, peel_err *err)
{
    static const char *const head[] = {"Intervention", "Target",        "Delivered",
                                       "% delivered",  "Budget",        "Spend",
                                       "Due",          "Crimes before", "Crimes after"};
    char fund[201];
    peel_tracker t;
    peel_tracker_args ta = {.today = a->to ? a->to : peel_clock_today()};
    int got = peel_section_param(a->params, "fund", fund, sizeof fund, err);

    if (got < 0)
        return -1;
    ta.fund = got ? fund : NULL;
    if (peel_tracker_build(s, rd, &ta, &t, err) < 0)
        return -1;
    peel_doc_addf(d, PEEL_BLOCK_HEADING, a->level, "%s: interventions against targets",
                  got ? fund : "Safer Streets");
    if (!t.n) {
        peel_doc_add(d, PEEL_BLOCK_NOTICE, 0, NULL, "No intervention is recorded for the fund.");
        peel_tracker_release(&t);
        return done(d, err);
    }
    peel_doc_table *tb =
        peel_doc_table_add(d,
                           "Each intervention's target, delivery, spend against budget and "
                           "the street crime recorded in its area before and after",
                           9, 1, true);
    peel_doc_table_row(d, tb, head);
    for (size_t c = 1; c < 9; c++)
        if (c != 6)
            peel_doc_table_numeric(d, tb, c);
    size_t notes = 0;
    for (size_t i = 0; i < t.n; i++) {
        const peel_tracker_row *r = &t.v[i];
        char target[64] = "", deliv[64] = "", pct[32], budget[32] = "", spend[32] = "",
             due[32] = "", before[24] = "", after[24] = "", what[320];
        if (r->has_target)
            snprintf(target, sizeof target, "%lld%s%s", (long long)r->target,
                     r->unit && *r->unit ? " " : "", r->unit ? r->unit : "");
        if (r->has_delivered)
            snprintf(deliv, sizeof deliv, "%lld", (long long)r->delivered);
        peel_tracker_pct_text(r, pct);
        if (r->has_budget)
            peel_money_format(r->budget, budget);
        if (r->has_spend)
            peel_money_format(r->spend, spend);
        if (r->has_due)
            peel_date_format_long(r->due, due);
        if (r->overdue)
            strncat(due, " (overdue)", sizeof due - strlen(due) - 1);
        if (r->has_crime) {
            snprintf(before, sizeof before, "%lld", (long long)r->before.crimes);
            snprintf(after, sizeof after, "%lld", (long long)r->after.crimes);
        }
        snprintf(what, sizeof what, "%s (%s)", r->measure, r->area);
        const char *cells[9] = {what,
                                target,
                                r->has_delivered ? deliv : "Not recorded",
                                r->has_pct || r->has_target ? pct : "",
                                r->has_budget ? budget : "Not recorded",
                                r->has_spend ? spend : "Not recorded",
                                due,
                                before,
                                after};
        peel_doc_table_row(d, tb, cells);
        if (!r->has_crime || r->area_is)
            notes++;
    }
    /* The caveats: which area the crime counts are of, the periods, and
     * why a row has none. */
    for (size_t i = 0; notes && i < t.n; i++) {
        const peel_tracker_row *r = &t.v[i];
        if (r->has_crime) {
            char bf[24], bt[24], af[24], at[24];
            peel_month_format_long(r->before.from, bf);
            peel_month_format_long(r->before.to, bt);
            peel_month_format_long(r->after.from, af);
            peel_month_format_long(r->after.to, at);
            peel_doc_addf(d, PEEL_BLOCK_NOTICE, 0,
                          "%s: crimes counted in %s; before is %s to %s (%lld of %lld months "
                          "with data), after is %s to %s (%lld of %lld months with data).",
                          r->ref, r->area_is ? r->area_is : r->area, bf, bt,
                          (long long)r->before.with_data, (long long)r->before.months, af, at,
                          (long long)r->after.with_data, (long long)r->after.months);
        } else if (r->crime_note && *r->crime_note) {
            /* one notice per reason, naming every intervention it is of */
            bool seen = false;
            for (size_t k = 0; k < i && !seen; k++)
                seen = !t.v[k].has_crime && t.v[k].crime_note &&
                       !strcmp(t.v[k].crime_note, r->crime_note);
            if (seen)
                continue;
            peel_buf refs;
            peel_buf_init(&refs, 0);
            for (size_t k = i; k < t.n; k++)
                if (!t.v[k].has_crime && t.v[k].crime_note &&
                    !strcmp(t.v[k].crime_note, r->crime_note))
                    peel_buf_printf(&refs, "%s%s", refs.len ? ", " : "", t.v[k].ref);
            peel_doc_addf(d, PEEL_BLOCK_NOTICE, 0, "%s: %s", peel_buf_str(&refs), r->crime_note);
            if (refs.failed)
                d->failed = true;
            peel_buf_release(&refs);
        }
    }
    peel_tracker_release(&t);
    return done(d, err);
}

/* ---- csp-allocations ---- */

static int sec_csp(peel_store *s, const peel_reader *rd, const peel_section_args *a, peel_doc *d,
                   peel_err *err)
{
    static const char *const head[] = {"CSP", "Allocation", "Projects", "Approved", "Remaining"};
    peel_fy fy;
    peel_csp_view v;
    char y[8], cap[80];

    if (section_fy(a, &fy, err) < 0 || peel_csp_build(s, rd, fy, &v, err) < 0)
        return -1;
    peel_fy_format(fy, y);
    peel_doc_addf(d, PEEL_BLOCK_HEADING, a->level, "CSP allocations, %s", y);
    if (!v.n) {
        peel_doc_addf(d, PEEL_BLOCK_NOTICE, 0,
                      "No Community Safety Partnership allocation is recorded for %s.", y);
    } else {
        snprintf(cap, sizeof cap, "CSP allocations, approved projects and remaining budget, %s", y);
        peel_doc_table *t = peel_doc_table_add(d, cap, 5, 1, true);
        peel_doc_table_row(d, t, head);
        for (size_t c = 1; c < 5; c++)
            peel_doc_table_numeric(d, t, c);
        for (size_t i = 0; i <= v.n; i++) {
            const peel_csp_row *r = i < v.n ? &v.v[i] : NULL;
            char al[32], ap[32], re[32], n[24];
            peel_money_format(r ? r->allocation : v.allocation, al);
            peel_money_format(r ? r->approved : v.approved, ap);
            peel_money_format(r ? r->remaining : v.remaining, re);
            snprintf(n, sizeof n, "%lld", (long long)(r ? r->projects : v.projects));
            const char *cells[5] = {r ? r->name : "Total", al, n, ap, re};
            peel_doc_table_row(d, t, cells);
        }
    }
    if (v.undated)
        peel_doc_addf(d, PEEL_BLOCK_NOTICE, 0,
                      "%lld award%s for a CSP %s no award date recorded, so %s in no year and "
                      "not counted.",
                      (long long)v.undated, v.undated == 1 ? "" : "s",
                      v.undated == 1 ? "has" : "have", v.undated == 1 ? "it is" : "they are");
    peel_csp_release(&v);
    return done(d, err);
}

/* ---- commissioning-budget ---- */

static int sec_budget(peel_store *s, const peel_reader *rd, const peel_section_args *a, peel_doc *d,
                      peel_err *err)
{
    static const char *const head[] = {"Category", "Amount"};
    peel_fy fy;
    peel_budget_view v;
    char y[8], cap[80], m[32], t[32];

    if (section_fy(a, &fy, err) < 0 || peel_budget_build(s, rd, fy, &v, err) < 0)
        return -1;
    peel_fy_format(fy, y);
    peel_doc_addf(d, PEEL_BLOCK_HEADING, a->level, "Commissioning budget by category, %s", y);
    if (!v.n) {
        peel_doc_addf(d, PEEL_BLOCK_NOTICE, 0, "No commissioning budget line is recorded for %s.",
                      y);
        peel_budget_release(&v);
        return done(d, err);
    }
    snprintf(cap, sizeof cap, "Commissioning budget by category, %s", y);
    peel_doc_table *tb = peel_doc_table_add(d, cap, 2, 1, true);
    peel_doc_table_row(d, tb, head);
    peel_doc_table_numeric(d, tb, 1);
    for (size_t i = 0; i < v.n; i++) {
        peel_money_format(v.v[i].amount, m);
        peel_doc_table_row(d, tb, (const char *const[]){v.v[i].category, m});
    }
    peel_money_format(v.sum, m);
    peel_doc_table_row(d, tb, (const char *const[]){"Sum of the categories", m});
    if (v.has_total) {
        peel_money_format(v.total, t);
        if (v.total == v.sum)
            peel_doc_addf(d, PEEL_BLOCK_PARA, 0,
                          "The printed total (%s) agrees with the sum of the categories.", t);
        else
            peel_doc_addf(d, PEEL_BLOCK_NOTICE, 0,
                          "The printed total (%s) differs from the sum of the categories (%s).", t,
                          m);
    } else {
        peel_doc_addf(d, PEEL_BLOCK_NOTICE, 0, "No printed total is recorded for %s.", y);
    }
    peel_budget_release(&v);
    return done(d, err);
}

/* ---- grants-month ---- */

static int sec_grants(peel_store *s, const peel_reader *rd, const peel_section_args *a, peel_doc *d,
                      peel_err *err)
{
    static const char *const head[] = {"Recipient", "Awarded on", "Amount",
                                       "Purpose",   "Conditions", "Why it reduces crime"};
    char ml[24], total[32], cap[120];
    peel_month month;
    peel_grant_rows g;

    if (peel_section_month(a, &month, err) < 0)
        return -1;
    if (peel_grants_of_month(s, rd, month, &g, err) < 0)
        return -1;
    peel_month_format_long(month, ml);
    peel_doc_addf(d, PEEL_BLOCK_HEADING, a->level, "Grants made in %s", ml);
    if (!g.n) {
        peel_doc_addf(d, PEEL_BLOCK_NOTICE, 0, "No grant is recorded as made in %s.", ml);
    } else {
        peel_money_format(g.total, total);
        snprintf(cap, sizeof cap, "Crime and disorder reduction grants made in %s: %zu, %s in all",
                 ml, g.n, total);
        peel_doc_table *t = peel_doc_table_add(d, cap, 6, 1, true);
        peel_doc_table_row(d, t, head);
        peel_doc_table_numeric(d, t, 2);
        for (size_t i = 0; i < g.n; i++) {
            const peel_grant_row *r = &g.v[i];
            char on[32], am[32];
            peel_date_format_long(r->awarded_on, on);
            peel_money_format(r->amount, am);
            const char *cells[6] = {*r->recipient ? r->recipient : r->ref,
                                    on,
                                    am,
                                    *r->purpose ? r->purpose : "Not recorded",
                                    *r->conditions ? r->conditions : "Not recorded",
                                    *r->reasons ? r->reasons : "Not recorded"};
            peel_doc_table_row(d, t, cells);
        }
    }
    if (g.undated)
        peel_doc_addf(d, PEEL_BLOCK_NOTICE, 0,
                      "%lld award%s no award date recorded, so %s in no month.",
                      (long long)g.undated, g.undated == 1 ? " has" : "s have",
                      g.undated == 1 ? "it is" : "they are");
    peel_grant_rows_release(&g);
    return done(d, err);
}

/* ---- spend-month ---- */

static int sec_spend(peel_store *s, const peel_reader *rd, const peel_section_args *a, peel_doc *d,
                     peel_err *err)
{
    static const char *const head[] = {"Recipient", "Paid on", "Amount", "Purpose",
                                       "Why good value for money"};
    char ml[24], due[32], total[32], cap[120];
    peel_month month;
    peel_spend_month m;

    if (peel_section_month(a, &month, err) < 0)
        return -1;
    if (peel_spend_of_month(s, rd, month, &m, err) < 0)
        return -1;
    peel_month_format_long(month, ml);
    peel_date_format_long(m.due_after, due);
    peel_doc_addf(d, PEEL_BLOCK_HEADING, a->level, "Expenditure over £500 in %s", ml);
    peel_doc_addf(d, PEEL_BLOCK_PARA, 0,
                  "Published under the Specified Information Order, Schedule para 3(g): due as "
                  "soon as practicable after %s.",
                  due);
    if (!m.n) {
        peel_doc_addf(d, PEEL_BLOCK_NOTICE, 0,
                      "No item of expenditure over £500 is recorded for %s.", ml);
    } else {
        peel_money_format(m.total, total);
        snprintf(cap, sizeof cap, "Expenditure over £500 in %s: %zu, %s in all", ml, m.n, total);
        peel_doc_table *t = peel_doc_table_add(d, cap, 5, 1, true);
        peel_doc_table_row(d, t, head);
        peel_doc_table_numeric(d, t, 2);
        for (size_t i = 0; i < m.n; i++) {
            char on[32], am[32];
            peel_date_format_long(m.v[i].paid_on, on);
            peel_money_format(m.v[i].amount, am);
            const char *cells[5] = {m.v[i].recipient, on, am, m.v[i].purpose,
                                    *m.v[i].value_for_money ? m.v[i].value_for_money
                                                            : "Not recorded"};
            peel_doc_table_row(d, t, cells);
        }
    }
    if (m.at_or_under)
        peel_doc_addf(d, PEEL_BLOCK_NOTICE, 0, "%lld item%s of £500 or less, not listed.",
                      (long long)m.at_or_under, m.at_or_under == 1 ? "" : "s");
    peel_spend_month_release(&m);
    return done(d, err);
}

const peel_section_decl peel_sections_commissioning[] = {
    {"funded-projects",
     "The funded projects visited in the period (monitoring visits joined "
     "to their awards)",
     "", sec_projects},
    {"safer-streets-tracker",
     "Safer Streets interventions against their targets, with the "
     "crime in their areas before and after",
     "fund=NAME (default: every fund)", sec_tracker},
    {"csp-allocations", "Each CSP's allocation, approved projects and remaining budget",
     "fy=YYYY-YY (default: the year the period ends in)", sec_csp},
    {"commissioning-budget", "The commissioning budget by category against its printed total",
     "fy=YYYY-YY (default: the year the period ends in)", sec_budget},
    {"grants-month", "The crime and disorder reduction grants made in a month",
     "month=YYYY-MM (default: the month the period ends in)", sec_grants},
    {"spend-month", "The items of expenditure over £500 paid in a month",
     "month=YYYY-MM (default: the month the period ends in)", sec_spend},
    {NULL, NULL, NULL, NULL},
};
