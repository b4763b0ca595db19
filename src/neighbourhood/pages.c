/* pages.c - /neighbourhood/demand: a monthly statistic's demand table
 * (demand.h) for the reader, chosen from the statistics the reader may
 * open that hold monthly values; and the neighbourhood module's routes
 * (establishment, savings and budget: pages_resourcing.c; the
 * neighbourhood policing areas: pages_npa.c). */
#include <stdio.h>
#include <string.h>

#include "core/pct.h"
#include "figures/figure.h"
#include "model/records.h"
#include "neighbourhood/cmd_resourcing.h"
#include "neighbourhood/demand.h"
#include "render/html.h"
#include "web/http.h"

static const char *const args[] = {"series", "area", "from", "to", NULL};

static const char *change_text(const peel_demand_row *r, int k, char out[32])
{
    if (!r->has[k])
        return "not held";
    if (r->small[k])
        return "n/a (base under 10)";
    peel_pct_format(r->pct10[k], 1, true, out);
    return out;
}

typedef struct pick_ctx {
    peel_req *r;
    const char *chosen;
    size_t n;
} pick_ctx;

static int series_option(void *ctx, const peel_record *rec, peel_err *err)
{
    pick_ctx *c = ctx;
    const char *name = peel_record_text_at(rec, PEEL_SERIES_NAME);
    (void)err;
    if (!peel_reader_record_visible(peel_req_reader(c->r), rec))
        return 0;
    c->n++;
    peel_html(&c->r->out, "<option value=\"%s\"%s>%s</option>", name,
              c->chosen && !strcmp(c->chosen, name) ? " selected" : "", name);
    return 0;
}

static int page(peel_req *r, const peel_str *p, peel_err *err)
{
    const char *series = peel_param_text(r, "series"), *area = peel_param_text(r, "area");
    peel_month from = 0, to = 0;
    peel_demand_table t = {0};
    peel_err why = PEEL_ERR_INIT;
    bool have = false;
    (void)p;

    peel_params_allowed(r, args);
    peel_param_month(r, "from", "From", 0, &from);
    peel_param_month(r, "to", "To", 0, &to);
    if (!r->nproblems && from && to && to < from)
        peel_param_problem(r, "to", "To", "must not be before From");
    if (!r->nproblems && series) {
        if (peel_demand_table_of(r->store, peel_req_reader(r), series, area, from, to, &t, &why) <
            0) {
            if (why.code != PEEL_EINPUT) {
                peel_err_set(err, why.code, "%s", why.msg);
                peel_err_clear(&why);
                return -1;
            }
            /* an unknown series or area, named as the reader typed it */
            peel_param_problem(r, strncmp(why.msg, "area", 4) ? "series" : "area",
                               strncmp(why.msg, "area", 4) ? "Statistic" : "Area", "%s",
                               strchr(why.msg, ':') ? strchr(why.msg, ':') + 2 : why.msg);
            peel_err_clear(&why);
        } else {
            have = true;
        }
    }
    peel_page_begin(r, r->nproblems ? "Error: Demand" : "Demand");
    peel_page_error_summary(r, r->problems, r->nproblems);
    peel_html_lit(&r->out,
                  "<h1 class=\"heading-l\">Demand</h1>\n<p class=\"body\">A statistic the Panel "
                  "is shown month by month (999 calls, 101 calls...), newest month first, with "
                  "the change on the same month one, two and three years before, to one decimal. "
                  "A change reads \"not held\" when that month is not recorded.</p>\n"
                  "<form class=\"filters\" method=\"get\" action=\"/neighbourhood/demand\">"
                  "<fieldset><legend class=\"visually-hidden\">The statistic and the months"
                  "</legend>\n<div class=\"field\"><label class=\"label\" for=\"series\">"
                  "Statistic</label><select class=\"input\" id=\"series\" name=\"series\">");
    pick_ctx c = {r, series, 0};
    if (peel_store_select(r->store, &(peel_query){.type = &peel_type_series}, series_option, &c,
                          err) < 0) {
        peel_demand_release(&t);
        return -1;
    }
    peel_html_lit(&r->out, "</select></div>\n");
    peel_page_param_input(r, "area", "Area code", "Empty for the one area held", area ? area : "");
    char a[8] = "", b[8] = "";
    if (from)
        peel_month_format(from, a);
    if (to)
        peel_month_format(to, b);
    peel_page_param_input(r, "from", "From", "For example 2022-03", a);
    peel_page_param_input(r, "to", "To", "For example 2023-05", b);
    peel_html_lit(&r->out, "</fieldset><button class=\"button button--secondary\">Show</button>"
                           "</form>\n");
    if (have) {
        peel_html(&r->out,
                  "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%s\">"
                  "<table id=\"demand\">\n<caption class=\"heading-s\">%s%s%s by month</caption>\n"
                  "<thead><tr><th scope=\"col\">Month</th><th scope=\"col\" class=\"num\">Value"
                  "</th><th scope=\"col\" class=\"num\">Change (1 yr)</th><th scope=\"col\" "
                  "class=\"num\">Change (2 yr)</th><th scope=\"col\" class=\"num\">Change (3 yr)"
                  "</th></tr></thead>\n<tbody>\n",
                  t.series, t.series, *t.area_name ? " in " : "", t.area_name);
        for (size_t i = 0; i < t.n; i++) {
            char m[24], cc[3][32];
            peel_month_format_long(t.v[i].month, m);
            peel_html(&r->out,
                      "<tr><th scope=\"row\">%s</th><td class=\"num\">%lld</td><td class=\"num\">"
                      "%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td></tr>\n",
                      m, (long long)t.v[i].value, change_text(&t.v[i], 0, cc[0]),
                      change_text(&t.v[i], 1, cc[1]), change_text(&t.v[i], 2, cc[2]));
        }
        if (!t.n)
            peel_html_lit(
                &r->out, "<tr><td colspan=\"5\">No month of it is held in the period.</td></tr>\n");
        peel_html_lit(&r->out, "</tbody></table></div>\n");
        if (t.not_monthly)
            peel_html(&r->out,
                      "<p class=\"hint\">%lld value%s of the statistic not for one whole month "
                      "left out.</p>\n",
                      (long long)t.not_monthly, t.not_monthly == 1 ? " is" : "s are");
    }
    peel_demand_release(&t);
    peel_page_end(r);
    return peel_req_html_page(r, r->nproblems ? 400 : 200);
}

const peel_route peel_routes_neighbourhood[] = {
    {"GET", "/neighbourhood/demand", page, PEEL_PAGE_EVERYONE, "Demand", NULL},
    {"GET", "/neighbourhood/establishment", peel_neighbourhood_establishment_page,
     PEEL_PAGE_EVERYONE, "Establishment", NULL},
    {"GET", "/neighbourhood/savings", peel_neighbourhood_savings_page, PEEL_PAGE_EVERYONE,
     "Savings", NULL},
    {"GET", "/neighbourhood/budget", peel_neighbourhood_budget_page, PEEL_PAGE_EVERYONE, "Budget",
     NULL},
    {"GET", "/neighbourhood/workforce", peel_neighbourhood_workforce_page, PEEL_PAGE_EVERYONE,
     "Workforce", NULL},
    {"GET", "/neighbourhood/npas", peel_neighbourhood_npas_page, PEEL_PAGE_EVERYONE,
     "Neighbourhood areas", NULL},
    {"GET", "/neighbourhood/npa/*", peel_neighbourhood_npa_page, PEEL_PAGE_EVERYONE, NULL, NULL},
    {0},
};
