/* pages_workforce.c - /neighbourhood/workforce?year=YYYY-YY: each uplift
 * target beside the police officer headcount recorded for its day, then
 * joiners and leavers by year and by month and route, computed for the
 * reader from the records it may open (workforce.h). */
#include <stdio.h>

#include "neighbourhood/cmd_resourcing.h"
#include "neighbourhood/workforce.h"
#include "render/html.h"

/* A number cell, or `missing` ("not given", "not recorded"). */
static void count_cell(peel_req *r, bool has, int64_t v, const char *missing)
{
    if (has)
        peel_html(&r->out, "<td class=\"num\">%lld</td>", (long long)v);
    else
        peel_html(&r->out, "<td>%s</td>", missing);
}

/* A signed number cell ("+5", "-14"). */
static void signed_cell(peel_req *r, int64_t v)
{
    char t[24];
    snprintf(t, sizeof t, "%+lld", (long long)v);
    peel_html(&r->out, "<td class=\"num\">%s</td>", t);
}

static void fte_cell(peel_req *r, bool has, int64_t v)
{
    char t[32];
    snprintf(t, sizeof t, "%lld.%02lld", (long long)(v / 100), (long long)(v % 100));
    if (has)
        peel_html(&r->out, "<td class=\"num\">%s</td>", t);
    else
        peel_html_lit(&r->out, "<td>not recorded</td>");
}

static void uplift_table(peel_req *r, const peel_workforce *w)
{
    peel_html_lit(&r->out,
                  "<h2 class=\"heading-m\">Uplift: police officers against each target</h2>\n");
    if (!w->uplift.n) {
        peel_html_lit(&r->out, "<p class=\"body\">No uplift target is recorded.</p>\n");
        return;
    }
    peel_html_lit(&r->out,
                  "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"Uplift "
                  "targets\"><table>\n<caption class=\"visually-hidden\">Uplift "
                  "targets and the police officers recorded on each day</caption>\n<thead><tr>"
                  "<th scope=\"col\">Checkpoint</th><th scope=\"col\">Target</th>"
                  "<th scope=\"col\">Headcount target</th><th scope=\"col\">Headcount</th>"
                  "<th scope=\"col\">FTE target</th><th scope=\"col\">FTE</th>"
                  "<th scope=\"col\">Status</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < w->uplift.n; i++) {
        const peel_uplift_row *u = &w->uplift.v[i];
        char d[32], s1[48], s2[48];
        peel_date_format_long(u->as_at, d);
        peel_html(&r->out, "<tr><th scope=\"row\">%s</th><td>%s</td>", d, u->what);
        if (u->has_target_hc) {
            count_cell(r, true, u->target_hc, "");
            count_cell(r, u->has_hc, u->hc, "not recorded");
        } else {
            peel_html_lit(&r->out, "<td></td><td></td>");
        }
        if (u->has_target_fte) {
            fte_cell(r, true, u->target_fte);
            fte_cell(r, u->has_fte, u->fte);
        } else {
            peel_html_lit(&r->out, "<td></td><td></td>");
        }
        peel_uplift_status(u->has_target_hc, u->target_hc, u->has_hc, u->hc, false, s1);
        peel_uplift_status(u->has_target_fte, u->target_fte, u->has_fte, u->fte, true, s2);
        peel_html(&r->out, "<td>%s%s%s%s%s</td></tr>\n", u->has_target_hc ? "Headcount " : "",
                  u->has_target_hc ? s1 : "", u->has_target_hc && u->has_target_fte ? "; " : "",
                  u->has_target_fte ? "FTE " : "", u->has_target_fte ? s2 : "");
    }
    peel_html_lit(&r->out, "</tbody></table></div>\n");
}

static void movement_table(peel_req *r, const peel_workforce *w, bool monthly)
{
    size_t n = 0;
    for (size_t i = 0; i < w->movement.n; i++)
        n += w->movement.v[i].monthly == monthly;
    peel_html(&r->out, "<h2 class=\"heading-m\">%s</h2>\n",
              monthly ? "Joiners by month and route" : "Joiners and leavers by year");
    if (!n) {
        peel_html_lit(&r->out, "<p class=\"body\">None recorded.</p>\n");
        return;
    }
    peel_html(&r->out,
              "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%s\">"
              "<table>\n<caption class=\"visually-hidden\">%s</caption>\n<thead><tr>"
              "<th scope=\"col\">%s</th><th scope=\"col\">Category</th>",
              monthly ? "Joiners by month and route" : "Joiners and leavers by year",
              monthly ? "Joiners by month and route" : "Joiners and leavers by year",
              monthly ? "Month" : "Year");
    if (monthly)
        peel_html_lit(&r->out, "<th scope=\"col\">Route</th><th scope=\"col\">Programme</th>");
    peel_html_lit(&r->out, "<th scope=\"col\">Group</th><th scope=\"col\">Joiners</th>");
    if (!monthly)
        peel_html_lit(&r->out, "<th scope=\"col\">Leavers</th><th scope=\"col\">Net</th>"
                               "<th scope=\"col\">Year-end headcount change</th>");
    peel_html_lit(&r->out, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < w->movement.n; i++) {
        const peel_movement_row *m = &w->movement.v[i];
        char when[24];
        if (m->monthly != monthly)
            continue;
        if (monthly)
            peel_month_format_long((peel_month)m->when, when);
        else
            peel_fy_format((peel_fy)m->when, when);
        peel_html(&r->out, "<tr><th scope=\"row\">%s</th><td>%s</td>", when, m->category);
        if (monthly)
            peel_html(&r->out, "<td>%s</td><td>%s</td>", m->route,
                      *m->programme ? m->programme : "not given");
        peel_html(&r->out, "<td>%s</td>", *m->group ? m->group : "everyone");
        count_cell(r, m->has_joiners, m->joiners, "not given");
        if (!monthly) {
            count_cell(r, m->has_leavers, m->leavers, "not given");
            if (m->has_joiners && m->has_leavers)
                signed_cell(r, m->joiners - m->leavers);
            else
                peel_html_lit(&r->out, "<td></td>");
            if (m->has_hc_change)
                signed_cell(r, m->hc_change);
            else
                peel_html_lit(&r->out, "<td>not recorded</td>");
        }
        peel_html_lit(&r->out, "</tr>\n");
    }
    if (monthly)
        peel_html(&r->out,
                  "<tr><th scope=\"row\" colspan=\"5\">Joiners in these months</th>"
                  "<td class=\"num\">%lld</td></tr>\n",
                  (long long)w->month_total);
    peel_html_lit(&r->out, "</tbody></table></div>\n");
}

int peel_neighbourhood_workforce_page(peel_req *r, const peel_str *p, peel_err *err)
{
    static const char *const args[] = {"year", NULL};
    peel_fy year = 0;
    peel_workforce w = {0};
    char y[8] = "";
    (void)p;

    peel_params_allowed(r, args);
    peel_param_fy(r, "year", "Financial year", 0, &year);
    if (!r->nproblems && peel_workforce_of(r->store, peel_req_reader(r), year, &w, err) < 0)
        return -1;
    if (year)
        peel_fy_format(year, y);
    peel_page_begin(r, r->nproblems ? "Error: Workforce" : "Workforce");
    peel_page_error_summary(r, r->problems, r->nproblems);
    peel_html_lit(&r->out,
                  "<h1 class=\"heading-l\">Workforce</h1>\n<p class=\"body\">Each uplift target "
                  "beside the police officer headcount and FTE recorded for its day, and the "
                  "joiners and leavers the papers count. A target with no count recorded for "
                  "its day reads \"not recorded\".</p>\n<form class=\"filters\" method=\"get\" "
                  "action=\"/neighbourhood/workforce\"><fieldset><legend "
                  "class=\"visually-hidden\">The year</legend>\n");
    peel_page_param_input(r, "year", "Financial year", "For example 2022-23; empty: every year", y);
    peel_html_lit(&r->out, "</fieldset><button class=\"button button--secondary\">Show</button>"
                           "</form>\n");
    if (!r->nproblems) {
        uplift_table(r, &w);
        movement_table(r, &w, false);
        movement_table(r, &w, true);
    }
    peel_workforce_release(&w);
    peel_page_end(r);
    return peel_req_html_page(r, r->nproblems ? 400 : 200);
}
