/* pages_npa.c - /neighbourhood/npas (every neighbourhood policing area the
 * reader may open, with its district, establishment, abstraction rate,
 * engagements and street crime) and /neighbourhood/npa/CODE (one of them
 * in full), over ?from=YYYY-MM&to=YYYY-MM, built for the reader by
 * npa_view.h.  When no NPA is defined the list says so and how to define
 * them.  The page buffer is the request's; the view is released before the
 * page is sent. */
#include <stdio.h>
#include <string.h>

#include "neighbourhood/cmd_resourcing.h"
#include "neighbourhood/npa_view.h"
#include "render/html.h"

static const char *const args[] = {"from", "to", NULL};

/* The period's parameters: 0 when absent; problems recorded on r. */
static void period_params(peel_req *r, peel_month *from, peel_month *to)
{
    *from = *to = 0;
    peel_params_allowed(r, args);
    peel_param_month(r, "from", "From", 0, from);
    peel_param_month(r, "to", "To", 0, to);
    if (!r->nproblems && *from && *to && *to < *from)
        peel_param_problem(r, "to", "To", "must not be before From");
}

static void period_form(peel_req *r, const char *action, peel_month from, peel_month to)
{
    char a[8] = "", b[8] = "";
    if (from)
        peel_month_format(from, a);
    if (to)
        peel_month_format(to, b);
    peel_html(&r->out,
              "<form class=\"filters\" method=\"get\" action=\"%s\"><fieldset><legend "
              "class=\"visually-hidden\">The period</legend>\n",
              action);
    peel_page_param_input(r, "from", "From", "For example 2023-04", a);
    peel_page_param_input(r, "to", "To", "For example 2024-03", b);
    peel_html_lit(&r->out, "</fieldset><button class=\"button button--secondary\">Show</button>"
                           "</form>\n");
}

/* "Allocated 12, funded 11, actual 10 (2024)" for each role, or "None recorded". */
static void est_summary(peel_req *r, const peel_npa *n)
{
    static const char *const names[PEEL_NPA_MEASURES] = {"allocated", "funded", "actual",
                                                         "reported"};
    if (!n->est.n) {
        peel_html_lit(&r->out, "None recorded");
        return;
    }
    peel_html_lit(&r->out, "<ul class=\"list\">");
    for (size_t i = 0; i < n->est.n; i++) {
        const peel_npa_est *e = &n->est.v[i];
        bool first = true;
        peel_html(&r->out, "<li>%s (%s): ", e->role, e->when);
        for (int k = 0; k < PEEL_NPA_MEASURES; k++) {
            if (!e->has[k])
                continue;
            peel_html(&r->out, "%s%s %lld", first ? "" : ", ", names[k], (long long)e->v[k]);
            first = false;
        }
        peel_html_lit(&r->out, "</li>");
    }
    peel_html_lit(&r->out, "</ul>");
}

static void crime_cells(peel_req *r, const peel_npa *n)
{
    char change[200];
    if (!n->crime.have) {
        peel_html(&r->out, "<td colspan=\"3\">Not counted: %s</td>", n->crime.note);
        return;
    }
    peel_html(&r->out,
              "<td class=\"num\">%lld <span class=\"hint\">(%d of 12 months hold data)</span>"
              "</td><td class=\"num\">%lld <span class=\"hint\">(%d of 12)</span></td>"
              "<td>%s</td>",
              (long long)n->crime.now.crimes, n->crime.now.months_held,
              (long long)n->crime.before.crimes, n->crime.before.months_held,
              peel_npa_crime_change_text(&n->crime, change));
}

/* Answers an error of the view: an unknown code is a 404, an input error a
 * problem; any other error is returned. */
static int view_error(peel_req *r, peel_err *why, const char *code, peel_err *err)
{
    if (why->code == PEEL_EINPUT && code) {
        peel_err_clear(why);
        peel_req_error(r, 404, "not_found", NULL, "There is no neighbourhood policing area %s.",
                       code);
        return 1;
    }
    peel_err_set(err, why->code, "%s", why->msg);
    peel_err_clear(why);
    return -1;
}

int peel_neighbourhood_npas_page(peel_req *r, const peel_str *p, peel_err *err)
{
    peel_month from, to;
    peel_npa_list l = {0};
    peel_err why = PEEL_ERR_INIT;
    bool have = false;
    char a[24], b[24];
    (void)p;

    period_params(r, &from, &to);
    if (!r->nproblems) {
        if (peel_npa_list_of(r->store, peel_req_reader(r), NULL, from, to, &l, &why) < 0)
            return view_error(r, &why, NULL, err);
        have = true;
    }
    peel_page_begin(r, r->nproblems ? "Error: Neighbourhood policing areas"
                                    : "Neighbourhood policing areas");
    peel_page_error_summary(r, r->problems, r->nproblems);
    peel_html_lit(&r->out,
                  "<h1 class=\"heading-l\">Neighbourhood policing areas</h1>\n<p class=\"body\">"
                  "Each neighbourhood policing area (NPA) with its district, its establishment, "
                  "its abstraction rate (the share of its officers' available hours taken to "
                  "protests, matches, events and operations) and its street crime in the last 12 "
                  "months against the 12 before. See also <a href=\"/neighbourhood/establishment"
                  "\">the establishment change table</a>.</p>\n");
    period_form(r, "/neighbourhood/npas", from, to);
    if (have && !l.n) {
        peel_html_lit(
            &r->out,
            "<h2 class=\"heading-m\" id=\"none\">No neighbourhood policing area is defined</h2>\n"
            "<p class=\"body\">NPAs are the force's own areas: no paper or data file defines "
            "them. Define them with a CSV of area records with the columns <code>code,name,kind,"
            "parent,npa</code>: one row of kind <code>npa</code> per area (its parent the "
            "district), and one row of kind <code>lsoa</code> per LSOA naming its NPA in "
            "<code>npa</code>. Load it with <code>peel import area FILE</code>, or add the "
            "areas one by one under <a href=\"/records/area\">Areas</a>. Street crime is then "
            "counted by NPA at once (see the methods, \"Crime counts by month, type and "
            "area\").</p>\n");
    } else if (have) {
        peel_month_format_long(l.from, a);
        peel_month_format_long(l.to, b);
        peel_html(&r->out,
                  "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%s\">"
                  "<table id=\"npas\">\n<caption class=\"heading-s\">Neighbourhood policing "
                  "areas: abstraction %s to %s; street crime in the last 12 months and the 12 "
                  "before</caption>\n<thead><tr><th scope=\"col\">Area</th><th scope=\"col\">"
                  "District</th><th scope=\"col\">Establishment</th><th scope=\"col\">"
                  "Abstraction rate</th><th scope=\"col\" class=\"num\">Engagements</th>"
                  "<th scope=\"col\" class=\"num\">Crimes, last 12 months</th><th scope=\"col\" "
                  "class=\"num\">Crimes, 12 before</th><th scope=\"col\">Change</th></tr>"
                  "</thead>\n<tbody>\n",
                  "Neighbourhood policing areas", a, b);
        for (size_t i = 0; i < l.n; i++) {
            const peel_npa *n = &l.v[i];
            char rate[200];
            peel_html(&r->out,
                      "<tr><th scope=\"row\"><a href=\"/neighbourhood/npa/%q\">%s</a> "
                      "<span class=\"hint\">%s</span></th><td>%s</td><td>",
                      n->code, n->name, n->code, *n->district ? n->district : "Not recorded");
            est_summary(r, n);
            peel_html(&r->out,
                      "</td><td>%s <span class=\"hint\">(%d of %d months hold available hours)"
                      "</span></td><td class=\"num\">%lld</td>",
                      peel_npa_rate_text(&n->rate, rate), n->rate.months_held, n->rate.months,
                      (long long)n->eng.n);
            crime_cells(r, n);
            peel_html_lit(&r->out, "</tr>\n");
        }
        peel_html_lit(&r->out, "</tbody></table></div>\n");
    }
    peel_npa_list_release(&l);
    peel_page_end(r);
    return peel_req_html_page(r, r->nproblems ? 400 : 200);
}

static void one_establishment(peel_req *r, const peel_npa *n)
{
    peel_html_lit(&r->out, "<h2 class=\"heading-m\" id=\"establishment\">Establishment</h2>\n");
    if (!n->est.n) {
        peel_html_lit(&r->out, "<p class=\"body\">No establishment is recorded for the area."
                               "</p>\n");
        return;
    }
    peel_html_lit(&r->out,
                  "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\""
                  "Establishment\"><table id=\"est\">\n<caption class=\"heading-s\">The latest "
                  "record of each role: allocated, funded and actual kept apart</caption>\n"
                  "<thead><tr><th scope=\"col\">Role</th><th scope=\"col\">When</th>"
                  "<th scope=\"col\" class=\"num\">Allocated</th><th scope=\"col\" class=\"num\">"
                  "Funded</th><th scope=\"col\" class=\"num\">Actual</th><th scope=\"col\" "
                  "class=\"num\">Reported (unqualified)</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < n->est.n; i++) {
        const peel_npa_est *e = &n->est.v[i];
        peel_html(&r->out, "<tr><th scope=\"row\">%s</th><td>%s</td>", e->role, e->when);
        for (int k = 0; k < PEEL_NPA_MEASURES; k++) {
            if (e->has[k])
                peel_html(&r->out, "<td class=\"num\">%lld</td>", (long long)e->v[k]);
            else
                peel_html_lit(&r->out, "<td class=\"num\">Not given</td>");
        }
        peel_html_lit(&r->out, "</tr>\n");
    }
    peel_html_lit(&r->out, "</tbody></table></div>\n");
}

static void one_rate(peel_req *r, const peel_npa *n, const char *a, const char *b)
{
    const peel_npa_rate *rt = &n->rate;
    char rate[200];
    peel_html(&r->out,
              "<h2 class=\"heading-m\" id=\"abstraction\">Abstraction rate</h2>\n<p class=\"body\">"
              "<strong id=\"rate\">%s</strong>: %lld hours taken to deployments of %lld hours "
              "available, %s to %s. <span id=\"months-held\">%d of the %d months hold available "
              "hours</span>; only they are in the rate.</p>\n",
              peel_npa_rate_text(rt, rate), (long long)rt->abstracted, (long long)rt->available, a,
              b, rt->months_held, rt->months);
    if (!rt->deps.n) {
        peel_html_lit(&r->out, "<p class=\"body\">No deployment took officers from the area in "
                               "the period.</p>\n");
        return;
    }
    peel_html_lit(&r->out,
                  "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\""
                  "Deployments\"><table id=\"deployments\">\n<caption class=\"heading-s\">"
                  "Deployments the area gave officers to</caption>\n<thead><tr><th scope=\"col\">"
                  "Deployment</th><th scope=\"col\">Date</th><th scope=\"col\" class=\"num\">"
                  "Officers</th><th scope=\"col\" class=\"num\">Hours</th><th scope=\"col\">"
                  "In the rate</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < rt->deps.n; i++) {
        const peel_npa_dep *d = &rt->deps.v[i];
        peel_html(&r->out,
                  "<tr><th scope=\"row\"><a href=\"/records/deployment/%lld\">%s</a></th>"
                  "<td>%s</td><td class=\"num\">%lld</td><td class=\"num\">%lld</td><td>%s</td>"
                  "</tr>\n",
                  (long long)d->id, d->name, *d->date ? d->date : "No date", (long long)d->officers,
                  (long long)d->hours,
                  d->in_rate ? "Yes"
                  : *d->date ? "No: its month holds no available hours"
                             : "No: the deployment has no date");
    }
    peel_html_lit(&r->out, "</tbody></table></div>\n");
    if (rt->outside)
        peel_html(&r->out,
                  "<p class=\"body\" id=\"not-in-rate\">%lld deployment%s (%lld hours) %s not "
                  "in the rate.</p>\n",
                  (long long)rt->outside, rt->outside == 1 ? "" : "s", (long long)rt->outside_hours,
                  rt->outside == 1 ? "is" : "are");
}

static void one_engagements(peel_req *r, const peel_npa *n, const char *a, const char *b)
{
    peel_html(&r->out,
              "<h2 class=\"heading-m\" id=\"engagements\">Engagements</h2>\n<p class=\"body\">"
              "<span id=\"engagement-count\">%lld</span> engagement%s %s to %s.</p>\n",
              (long long)n->eng.n, n->eng.n == 1 ? "" : "s", a, b);
    if (!n->eng.n)
        return;
    peel_html_lit(&r->out, "<ul class=\"list\" id=\"engagement-list\">\n");
    for (size_t i = 0; i < n->eng.n; i++)
        peel_html(&r->out, "<li>%s: <a href=\"/records/engagement/%lld\">%s</a></li>\n",
                  n->eng.v[i].date, (long long)n->eng.v[i].id, n->eng.v[i].title);
    peel_html_lit(&r->out, "</ul>\n");
}

static void one_crime(peel_req *r, const peel_npa *n)
{
    const peel_npa_crime *c = &n->crime;
    char change[200];
    peel_html_lit(&r->out, "<h2 class=\"heading-m\" id=\"crime\">Street crime</h2>\n");
    if (!c->have) {
        peel_html(&r->out, "<p class=\"body\">Not counted: %s.</p>\n", c->note);
        return;
    }
    peel_html_lit(&r->out,
                  "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"Street "
                  "crime\"><table id=\"crime-table\">\n<caption class=\"heading-s\">Street crime "
                  "(anti-social behaviour included) in the area's LSOAs</caption>\n<thead><tr>"
                  "<th scope=\"col\">Period</th><th scope=\"col\" class=\"num\">Crimes</th>"
                  "<th scope=\"col\" class=\"num\">Months holding data</th></tr></thead>\n"
                  "<tbody>\n");
    const peel_npa_crime_period *ps[2] = {&c->now, &c->before};
    static const char *const names[2] = {"Last 12 months", "The 12 before"};
    for (int k = 0; k < 2; k++) {
        char a[24], b[24];
        peel_month_format_long(ps[k]->from, a);
        peel_month_format_long(ps[k]->to, b);
        peel_html(&r->out,
                  "<tr><th scope=\"row\">%s <span class=\"hint\">(%s to %s)</span></th>"
                  "<td class=\"num\">%lld</td><td class=\"num\">%d of 12</td></tr>\n",
                  names[k], a, b, (long long)ps[k]->crimes, ps[k]->months_held);
    }
    peel_html(&r->out,
              "</tbody></table></div>\n<p class=\"body\">Change: <span id=\"crime-change\">%s"
              "</span>.</p>\n",
              peel_npa_crime_change_text(c, change));
}

int peel_neighbourhood_npa_page(peel_req *r, const peel_str *p, peel_err *err)
{
    char code[64], a[24], b[24], title[300];
    peel_month from, to;
    peel_npa_list l = {0};
    peel_err why = PEEL_ERR_INIT;

    snprintf(code, sizeof code, "%.*s", (int)(p[0].n < 63 ? p[0].n : 63), p[0].p);
    period_params(r, &from, &to);
    if (r->nproblems) {
        peel_page_begin(r, "Error: Neighbourhood policing area");
        peel_page_error_summary(r, r->problems, r->nproblems);
        peel_html(&r->out, "<h1 class=\"heading-l\">Neighbourhood policing area %s</h1>\n", code);
        period_form(r, "/neighbourhood/npas", from, to);
        peel_page_end(r);
        return peel_req_html_page(r, 400);
    }
    if (peel_npa_list_of(r->store, peel_req_reader(r), code, from, to, &l, &why) < 0) {
        int rc = view_error(r, &why, code, err);
        return rc > 0 ? 0 : rc;
    }
    const peel_npa *n = &l.v[0];
    peel_month_format_long(l.from, a);
    peel_month_format_long(l.to, b);
    snprintf(title, sizeof title, "%s: neighbourhood policing area", n->name);
    peel_page_begin(r, title);
    peel_html(&r->out,
              "<p class=\"body\"><a href=\"/neighbourhood/npas\">All neighbourhood policing "
              "areas</a></p>\n<h1 class=\"heading-l\">%s <span class=\"hint\">%s</span></h1>\n"
              "<dl class=\"summary-list\"><div><dt>District</dt><dd>%s</dd></div>"
              "<div><dt>Period</dt><dd>%s to %s</dd></div>"
              "<div><dt>Record</dt><dd><a href=\"/records/area/%lld\">The area's record</a>"
              "</dd></div></dl>\n",
              n->name, n->code, *n->district ? n->district : "Not recorded", a, b,
              (long long)n->id);
    char action[120];
    snprintf(action, sizeof action, "/neighbourhood/npa/%s", n->code);
    one_establishment(r, n);
    one_rate(r, n, a, b);
    one_engagements(r, n, a, b);
    one_crime(r, n);
    peel_html_lit(&r->out, "<h2 class=\"heading-m\">Another period</h2>\n");
    period_form(r, action, from, to);
    peel_npa_list_release(&l);
    peel_page_end(r);
    return peel_req_html_page(r, 200);
}
