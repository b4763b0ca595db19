/* pages_resourcing.c - /neighbourhood/establishment (the establishment
 * change table), /neighbourhood/savings?year=YYYY-YY and
 * /neighbourhood/budget?year=YYYY-YY (a year's savings or budget lines
 * reconciled), computed for the reader from the records it may open
 * (resourcing.h). */
#include <stdio.h>
#include <string.h>

#include "core/money.h"
#include "core/pct.h"
#include "model/records.h"
#include "neighbourhood/cmd_resourcing.h"
#include "neighbourhood/neighbourhood.h"
#include "neighbourhood/resourcing.h"
#include "render/html.h"

/* An input error of a view (an unknown role or area) as a problem with the
 * parameter it names ("role: ..."); any other error is returned. */
static int input_problem(peel_req *r, peel_err *why, const char *name, const char *label,
                         peel_err *err)
{
    if (why->code != PEEL_EINPUT) {
        peel_err_set(err, why->code, "%s", why->msg);
        peel_err_clear(why);
        return -1;
    }
    const char *colon = strstr(why->msg, ": ");
    peel_param_problem(r, name, label, "%s", colon ? colon + 2 : why->msg);
    peel_err_clear(why);
    return 0;
}

int peel_neighbourhood_establishment_page(peel_req *r, const peel_str *p, peel_err *err)
{
    static const char *const args[] = {"role", "area", NULL};
    const char *role = peel_param_text(r, "role"), *area = peel_param_text(r, "area");
    peel_est_table t = {0};
    peel_err why = PEEL_ERR_INIT;
    bool have = false;
    (void)p;

    peel_params_allowed(r, args);
    if (!r->nproblems) {
        if (peel_est_table_of(r->store, peel_req_reader(r), role, area, &t, &why) < 0) {
            bool on_area = !strncmp(why.msg, "area", 4);
            if (input_problem(r, &why, on_area ? "area" : "role", on_area ? "Area code" : "Role",
                              err) < 0)
                return -1;
        } else {
            have = true;
        }
    }
    peel_page_begin(r, r->nproblems ? "Error: Establishment" : "Establishment");
    peel_page_error_summary(r, r->problems, r->nproblems);
    peel_html_lit(&r->out,
                  "<h1 class=\"heading-l\">Establishment</h1>\n<p class=\"body\">The posts of "
                  "each role in each area over time. Allocated, funded and actual numbers are "
                  "kept apart, and a number a paper gives without saying which of the three it "
                  "is shows as reported. Each number is compared only with the one before it of "
                  "the same kind. Each <a href=\"/neighbourhood/npas\">neighbourhood policing "
                  "area</a>'s latest establishment is shown beside its abstraction rate.</p>\n"
                  "<form class=\"filters\" method=\"get\" "
                  "action=\"/neighbourhood/establishment\"><fieldset><legend "
                  "class=\"visually-hidden\">The role and area</legend>\n");
    peel_page_param_input(r, "role", "Role", "For example pcso or neighbourhood_officer",
                          role ? role : "");
    peel_page_param_input(r, "area", "Area code", "Empty for every area", area ? area : "");
    peel_html_lit(&r->out, "</fieldset><button class=\"button button--secondary\">Show</button>"
                           "</form>\n");
    if (have) {
        peel_html_lit(&r->out,
                      "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" "
                      "aria-label=\"Establishment\"><table id=\"establishment\">\n<caption "
                      "class=\"heading-s\">Establishment by role and area</caption>\n<thead><tr>"
                      "<th scope=\"col\">Role</th><th scope=\"col\">Area</th><th scope=\"col\">"
                      "When</th><th scope=\"col\">Number</th><th scope=\"col\" class=\"num\">"
                      "Value</th><th scope=\"col\" class=\"num\">Change</th><th scope=\"col\" "
                      "class=\"num\">Change (%)</th></tr></thead>\n<tbody>\n");
        for (size_t i = 0; i < t.n; i++) {
            const peel_est_row *e = &t.v[i];
            char c[32] = "", pc[32] = "";
            if (e->has_change) {
                snprintf(c, sizeof c, "%s%lld", e->change > 0 ? "+" : "", (long long)e->change);
                if (e->has_pct)
                    peel_pct_format(e->pct10, 1, true, pc);
                else
                    snprintf(pc, sizeof pc, "n/a");
            }
            peel_html(&r->out,
                      "<tr><th scope=\"row\">%s</th><td>%s</td><td>%s</td><td>%s</td>"
                      "<td class=\"num\">%lld</td><td class=\"num\">%s</td><td class=\"num\">%s"
                      "</td></tr>\n",
                      e->role, e->area_name, e->when, e->measure, (long long)e->value, c, pc);
        }
        if (!t.n)
            peel_html_lit(&r->out, "<tr><td colspan=\"7\">No establishment is recorded.</td>"
                                   "</tr>\n");
        peel_html_lit(&r->out, "</tbody></table></div>\n");
    }
    peel_est_release(&t);
    peel_page_end(r);
    return peel_req_html_page(r, r->nproblems ? 400 : 200);
}

static void money_td(peel_req *r, const peel_record *rec, int field)
{
    int64_t v;
    char m[32] = "";
    if (peel_record_int_at(rec, field, &v))
        peel_money_format(v, m);
    peel_html(&r->out, "<td class=\"num\">%s</td>", m);
}

static void recon_group(peel_req *r, const peel_recon_kind *k, const peel_sav_group *g, size_t n)
{
    const char *title = peel_record_text_at(g->total, k->line);
    peel_html(&r->out,
              "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%s\">"
              "<table id=\"%s-%lld\">\n<caption class=\"heading-s\">%s</caption>\n<thead>"
              "<tr><th scope=\"col\">Line</th>",
              title, k->what, (long long)n, title);
    for (int f = k->first; f <= k->last; f++)
        peel_html(&r->out, "<th scope=\"col\" class=\"num\">%s</th>", k->type->fields[f].label);
    peel_html_lit(&r->out, "</tr></thead>\n<tbody>\n");
    for (size_t p = 0; p <= g->nparts; p++) {
        const peel_record *rec = p ? g->parts[p - 1] : g->total;
        peel_html(&r->out, "<tr><th scope=\"row\">%s%s</th>", p ? "" : (g->nparts ? "Total: " : ""),
                  peel_record_text_at(rec, k->line));
        for (int f = k->first; f <= k->last; f++)
            money_td(r, rec, f);
        peel_html_lit(&r->out, "</tr>\n");
    }
    peel_html_lit(&r->out, "</tbody></table></div>\n");
    if (!g->nchecks)
        return;
    peel_html_lit(&r->out, "<ul class=\"list\">\n");
    for (size_t c = 0; c < g->nchecks; c++) {
        char why[200];
        peel_sav_check_text(&g->checks[c], why);
        peel_html(&r->out, "<li><strong>%s: %s.</strong> %s.</li>\n",
                  k->type->fields[g->checks[c].field].label,
                  peel_sav_status_name(g->checks[c].status), why);
    }
    peel_html_lit(&r->out, "</ul>\n");
}

/* /neighbourhood/savings or /neighbourhood/budget: the year's lines of kind
 * reconciled.  title is the page's heading ("Savings", "Budget"). */
static int recon_page(peel_req *r, const peel_recon_kind *k, const char *title, peel_err *err)
{
    static const char *const args[] = {"year", NULL};
    peel_fy year = 0;
    peel_sav_view v = {0};
    bool have = false;
    char y[8] = "", head[40];

    peel_params_allowed(r, args);
    peel_param_fy(r, "year", "Financial year", 0, &year);
    if (!r->nproblems && peel_param_text(r, "year")) {
        if (peel_sav_view_of(r->store, peel_req_reader(r), k, year, &v, err) < 0)
            return -1;
        have = true;
        peel_fy_format(year, y);
    }
    snprintf(head, sizeof head, "%s%s", r->nproblems ? "Error: " : "", title);
    peel_page_begin(r, head);
    peel_page_error_summary(r, r->problems, r->nproblems);
    peel_html(&r->out,
              "<h1 class=\"heading-l\">%s</h1>\n<p class=\"body\">A financial year's %s lines: "
              "each total the papers print with the lines that are its parts, and whether the "
              "parts add up to the total.</p>\n<form class=\"filters\" method=\"get\" "
              "action=\"/neighbourhood/%s\"><fieldset><legend class=\"visually-hidden\">The "
              "year</legend>\n",
              title, k->what, k->what);
    peel_page_param_input(r, "year", "Financial year", "For example 2023-24", y);
    peel_html_lit(&r->out, "</fieldset><button class=\"button button--secondary\">Show</button>"
                           "</form>\n");
    if (have) {
        peel_html(&r->out, "<h2 class=\"heading-m\">%s %s</h2>\n", title, y);
        for (size_t i = 0; i < v.n; i++)
            recon_group(r, k, &v.v[i], i + 1);
        if (!v.n)
            peel_html(&r->out, "<p class=\"body\">No %s line is recorded for %s.</p>\n", k->what,
                      y);
    }
    peel_sav_release(&v);
    peel_page_end(r);
    return peel_req_html_page(r, r->nproblems ? 400 : 200);
}

int peel_neighbourhood_savings_page(peel_req *r, const peel_str *p, peel_err *err)
{
    (void)p;
    return recon_page(r, &peel_recon_savings, "Savings", err);
}

int peel_neighbourhood_budget_page(peel_req *r, const peel_str *p, peel_err *err)
{
    (void)p;
    return recon_page(r, &peel_recon_budget, "Budget", err);
}
