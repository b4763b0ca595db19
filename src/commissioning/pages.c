/* pages.c - /commissioning: the funded-projects table (the monitoring
 * visits in a period joined to their awards) and the rounds the reader may
 * open, each linked to its headroom; /commissioning/rounds/ID and
 * /commissioning/headroom?round=REF: a round's live headroom and pipeline
 * (views.c).  Everything shown passes the reader. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/module.h"
#include "commissioning/budget.h"
#include "commissioning/commissioning.h"
#include "commissioning/giving.h"
#include "commissioning/grants.h"
#include "commissioning/safer.h"
#include "commissioning/spend.h"
#include "core/clock.h"
#include "core/csv.h"
#include "core/money.h"
#include "core/pool.h"
#include "model/reader.h"
#include "model/records.h"
#include "render/html.h"

typedef struct rounds_ctx {
    peel_req *r;
    size_t n;
} rounds_ctx;

static int round_row(void *ctx, const peel_record *rec, peel_err *err)
{
    rounds_ctx *c = ctx;
    char opens[11] = "", closes[11] = "", env[32] = "", cap[32] = "";
    (void)err;
    if (!peel_reader_record_visible(peel_req_reader(c->r), rec))
        return 0;
    c->n++;
    if (rec->v[PEEL_ROUND_OPENS].set)
        peel_date_format((peel_date)rec->v[PEEL_ROUND_OPENS].i, opens);
    if (rec->v[PEEL_ROUND_CLOSES].set)
        peel_date_format((peel_date)rec->v[PEEL_ROUND_CLOSES].i, closes);
    if (rec->v[PEEL_ROUND_ENVELOPE].set)
        peel_money_format_short(rec->v[PEEL_ROUND_ENVELOPE].i, env);
    if (rec->v[PEEL_ROUND_CAP].set)
        peel_money_format_short(rec->v[PEEL_ROUND_CAP].i, cap);
    peel_html(&c->r->out,
              "<tr><th scope=\"row\"><a href=\"/commissioning/rounds/%lld\">%s</a></th>"
              "<td>%s</td><td>%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td></tr>\n",
              (long long)rec->id, peel_record_text_at(rec, PEEL_ROUND_REF), opens, closes, env,
              cap);
    return 0;
}

static int page_index(peel_req *r, const peel_str *p, peel_err *err)
{
    static const char *const args[] = {"from", "to", NULL};
    peel_date from, to;
    peel_project_rows rows = {0};
    char a[11] = "", b[11] = "";
    (void)p;

    peel_params_allowed(r, args);
    peel_param_date(r, "from", "From", 0, &from);
    peel_param_date(r, "to", "To", 0, &to);
    if (!r->nproblems && from && to && to < from)
        peel_param_problem(r, "to", "To", "is before From");
    if (!r->nproblems && peel_projects(r->store, peel_req_reader(r), from, to, &rows, err) < 0)
        return -1;
    if (from)
        peel_date_format(from, a);
    if (to)
        peel_date_format(to, b);
    peel_page_begin(r, r->nproblems ? "Error: Commissioning" : "Commissioning");
    peel_page_error_summary(r, r->problems, r->nproblems);
    peel_html_lit(&r->out,
                  "<h1 class=\"heading-l\">Commissioning and grants</h1>\n<p class=\"body\">"
                  "Projects funded via the OPCC and visited to see how delivery is going, "
                  "with what each was awarded and what the visit found. Give a period to see the "
                  "visits made in it; without one, every visit is listed. <a "
                  "href=\"/commissioning/grants\">The grants made each month</a>, as the "
                  "Specified Information Order asks them published; <a "
                  "href=\"/commissioning/tracker\">the Safer Streets tracker</a>, <a "
                  "href=\"/commissioning/csp\">CSP allocations</a> and <a "
                  "href=\"/commissioning/budget\">the commissioning budget by category</a>. <a "
                  "href=\"/commissioning/spend\">The month's grants and every payment over "
                  "£500</a>, and the grants as 360Giving open data (<a "
                  "href=\"/commissioning/360giving.json\">JSON</a> or <a "
                  "href=\"/commissioning/360giving.csv\">CSV</a>).</p>\n<form "
                  "class=\"filters\" method=\"get\" action=\"/commissioning\">"
                  "<fieldset><legend class=\"visually-hidden\">The period</legend>\n");
    peel_page_param_input(r, "from", "From", "For example 2024-08-01", a);
    peel_page_param_input(r, "to", "To", "For example 2024-09-30", b);
    peel_html_lit(&r->out, "</fieldset><button class=\"button button--secondary\">Show</button>"
                           "</form>\n");
    if (!r->nproblems) {
        peel_html_lit(&r->out, "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" "
                               "aria-label=\"Funded projects visited\"><table id=\"projects\">\n"
                               "<caption class=\"heading-s\">Funded projects visited</caption>\n"
                               "<thead><tr><th scope=\"col\">Organisation</th>"
                               "<th scope=\"col\">Area and Work</th>"
                               "<th scope=\"col\" class=\"num\">Funding</th>"
                               "<th scope=\"col\">Output</th></tr></thead>\n<tbody>\n");
        for (size_t i = 0; i < rows.n; i++) {
            char m[32] = "";
            if (rows.v[i].has_funding)
                peel_money_format_short(rows.v[i].funding, m);
            peel_html(&r->out,
                      "<tr><th scope=\"row\"><a href=\"/records/award/%lld\">%s</a></th>"
                      "<td>%s</td><td class=\"num\">%s</td><td>%s</td></tr>\n",
                      (long long)rows.v[i].award_id, rows.v[i].organisation, rows.v[i].area_work, m,
                      rows.v[i].output);
        }
        if (!rows.n)
            peel_html_lit(&r->out,
                          "<tr><td colspan=\"4\">No visit is recorded in the period.</td></tr>\n");
        peel_html_lit(&r->out, "</tbody></table></div>\n");
    }
    peel_project_rows_release(&rows);

    peel_filter f[PEEL_READER_MAX_FILTERS];
    size_t nf = peel_reader_filters(peel_req_reader(r), &peel_type_round, f);
    rounds_ctx c = {r, 0};
    peel_html_lit(&r->out,
                  "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" "
                  "aria-label=\"Grant rounds\"><table id=\"rounds\">\n"
                  "<caption class=\"heading-s\">Grant rounds and their headroom</caption>\n"
                  "<thead><tr><th scope=\"col\">Round</th><th scope=\"col\">Opens</th>"
                  "<th scope=\"col\">Closes</th><th scope=\"col\" class=\"num\">Envelope</th>"
                  "<th scope=\"col\" class=\"num\">Most per award</th></tr></thead>\n<tbody>\n");
    if (peel_store_select(r->store,
                          &(peel_query){.type = &peel_type_round,
                                        .filters = f,
                                        .nfilters = nf,
                                        .order = &peel_type_round.fields[PEEL_ROUND_OPENS],
                                        .desc = true},
                          round_row, &c, err) < 0)
        return -1;
    if (!c.n)
        peel_html_lit(&r->out, "<tr><td colspan=\"5\">No round is recorded.</td></tr>\n");
    peel_html_lit(&r->out, "</tbody></table></div>\n");
    peel_page_end(r);
    return peel_req_html_page(r, r->nproblems ? 400 : 200);
}

static void money_cell(peel_req *r, const char *label, bool set, peel_pence v)
{
    char m[32];
    if (set)
        peel_money_format(v, m);
    peel_html(&r->out, "<tr><th scope=\"row\">%s</th><td class=\"num\">%s</td></tr>\n", label,
              set ? m : "not recorded");
}

static void count_cell(peel_req *r, const char *label, int64_t v)
{
    peel_html(&r->out, "<tr><th scope=\"row\">%s</th><td class=\"num\">%lld</td></tr>\n", label,
              (long long)v);
}

static int headroom_page(peel_req *r, int64_t id, const char *idtext, peel_err *err)
{
    peel_headroom h;
    int rc = idtext ? peel_headroom_of(r->store, peel_req_reader(r), idtext, &h, err)
                    : peel_headroom_by_id(r->store, peel_req_reader(r), id, &h, err);
    if (rc < 0 && err->code == PEEL_ENOTFOUND) {
        peel_err_clear(err);
        return peel_req_error(r, 404, "not_found", NULL, "No such round");
    }
    if (rc < 0)
        return -1;
    char title[160];
    snprintf(title, sizeof title, "Headroom of round %s", h.ref);
    peel_page_begin(r, title);
    peel_html(&r->out,
              "<h1 class=\"heading-l\">Headroom of round %s</h1>\n<p class=\"body\">%s. "
              "<a href=\"/records/round/%lld\">The round's record</a>. How each figure is "
              "counted is in the methods, \"Commissioning\".</p>\n"
              "<table id=\"headroom\"><caption class=\"heading-s\">Headroom</caption><tbody>\n",
              h.ref, h.fund, (long long)h.round_id);
    money_cell(r, "Envelope", h.has_envelope, h.envelope);
    money_cell(r, "Most per award", h.has_cap, h.cap);
    money_cell(r, "Requested", true, h.requested);
    money_cell(r, "Recommended", true, h.recommended);
    money_cell(r, "Awarded", true, h.awarded);
    money_cell(r, "Remaining", h.has_envelope, h.remaining);
    money_cell(r, "Remaining if the recommended are awarded", h.has_envelope, h.after_recommended);
    peel_html_lit(&r->out, "</tbody></table>\n<table id=\"pipeline\"><caption "
                           "class=\"heading-s\">Pipeline of applications</caption><tbody>\n");
    count_cell(r, "Received", h.received);
    count_cell(r, "Eligible", h.eligible);
    count_cell(r, "Ineligible", h.ineligible);
    count_cell(r, "Scored", h.scored);
    count_cell(r, "Moderated", h.moderated);
    count_cell(r, "Awarded", h.awarded_n);
    count_cell(r, "Declined", h.declined);
    count_cell(r, "Withdrawn", h.withdrawn);
    count_cell(r, "Awards counted against the round", h.awards);
    peel_html_lit(&r->out, "</tbody></table>\n");
    peel_page_end(r);
    return peel_req_html_page(r, 200);
}

static int page_round(peel_req *r, const peel_str *p, peel_err *err)
{
    static const char *const none[] = {NULL};
    int64_t id = 0;
    peel_params_allowed(r, none);
    if (r->nproblems)
        return peel_req_error(r, 400, "invalid", NULL, "%s", r->problems[0].msg);
    for (size_t i = 0; i < p[0].n; i++) {
        if (p[0].p[i] < '0' || p[0].p[i] > '9' || id > 100000000000LL)
            return peel_req_error(r, 404, "not_found", NULL, "No such round");
        id = id * 10 + (p[0].p[i] - '0');
    }
    if (!p[0].n || !id)
        return peel_req_error(r, 404, "not_found", NULL, "No such round");
    return headroom_page(r, id, NULL, err);
}

static int page_headroom(peel_req *r, const peel_str *p, peel_err *err)
{
    static const char *const args[] = {"round", NULL};
    (void)p;
    peel_params_allowed(r, args);
    const char *round = peel_param_text(r, "round");
    if (!r->nproblems && (!round || !*round))
        peel_param_problem(r, "round", "Round", "is required: the round's reference or id");
    if (r->nproblems)
        return peel_req_error(r, 400, "invalid", "round", "%s", r->problems[0].msg);
    return headroom_page(r, 0, round, err);
}

/* ---- the JSON twins ---- */

/* /api/v1/commissioning/headroom?round=REF: {"data": [the headroom]}. */
static int api_headroom(peel_req *r, const peel_str *p, peel_err *err)
{
    static const char *const args[] = {"round", NULL};
    peel_headroom h;
    (void)p;
    peel_params_allowed(r, args);
    const char *round = peel_param_text(r, "round");
    if (!r->nproblems && (!round || !*round))
        peel_param_problem(r, "round", "Round", "is required: the round's reference or id");
    if (r->nproblems)
        return peel_req_error(r, 400, "invalid", r->problems[0].name, "%s", r->problems[0].msg);
    if (peel_headroom_of(r->store, peel_req_reader(r), round, &h, err) < 0) {
        if (err->code != PEEL_ENOTFOUND)
            return -1;
        peel_err_clear(err);
        return peel_req_error(r, 404, "not_found", "round", "No such round");
    }
    json_t *o = json_object(), *data = json_array(), *one = peel_headroom_json(&h);
    if (!o || !data || !one || json_array_append_new(data, one) < 0) {
        json_decref(o);
        json_decref(data);
        return peel_req_error(r, 500, "internal", NULL, "out of memory");
    }
    json_object_set_new(o, "data", data);
    json_object_set_new(o, "page", json_integer(1));
    json_object_set_new(o, "per_page", json_integer(1));
    json_object_set_new(o, "total", json_integer(1));
    return peel_req_json(r, 200, o);
}

/* /api/v1/commissioning/projects?from=&to=: the funded-projects table. */
static int api_projects(peel_req *r, const peel_str *p, peel_err *err)
{
    peel_date from, to;
    long long page, per;
    peel_project_rows rows;
    (void)p;
    for (size_t i = 0; i < r->nargs; i++)
        if (!peel_param_is_paging(r->args[i].name) && strcmp(r->args[i].name, "from") &&
            strcmp(r->args[i].name, "to"))
            return peel_req_error(r, 400, "invalid", NULL,
                                  "'%.60s' is not a parameter of this view", r->args[i].name);
    peel_param_date(r, "from", "From", 0, &from);
    peel_param_date(r, "to", "To", 0, &to);
    if (!r->nproblems && from && to && to < from)
        peel_param_problem(r, "to", "To", "is before From");
    peel_param_paging(r, 500, 50, &page, &per);
    if (r->nproblems)
        return peel_req_error(r, 400, "invalid", r->problems[0].name, "%s", r->problems[0].msg);
    if (peel_projects(r->store, peel_req_reader(r), from, to, &rows, err) < 0)
        return -1;
    json_t *o = json_object(), *data = json_array();
    size_t first = (size_t)((page - 1) * per);
    for (size_t i = first; o && data && i < rows.n && i < first + (size_t)per; i++)
        json_array_append_new(data, peel_project_json(&rows.v[i]));
    size_t total = rows.n;
    peel_project_rows_release(&rows);
    if (!o || !data) {
        json_decref(o);
        json_decref(data);
        return peel_req_error(r, 500, "internal", NULL, "out of memory");
    }
    json_object_set_new(o, "data", data);
    json_object_set_new(o, "page", json_integer(page));
    json_object_set_new(o, "per_page", json_integer(per));
    json_object_set_new(o, "total", json_integer((json_int_t)total));
    return peel_req_json(r, 200, o);
}

/* /commissioning/grants?month=YYYY-MM: the month's grants as the Specified
 * Information Order asks them published, for whoever asks. */
static int page_grants(peel_req *r, const peel_str *p, peel_err *err)
{
    static const char *const args[] = {"month", NULL};
    peel_month month;
    peel_grant_rows g = {0};
    char m[8], ml[24];
    (void)p;

    peel_params_allowed(r, args);
    peel_param_month(r, "month", "Month", peel_month_of_date(peel_clock_today()), &month);
    if (!r->nproblems && peel_grants_of_month(r->store, peel_req_reader(r), month, &g, err) < 0)
        return -1;
    peel_page_begin(r, r->nproblems ? "Error: Grants made" : "Grants made");
    peel_page_error_summary(r, r->problems, r->nproblems);
    peel_month_format(month, m);
    peel_month_format_long(month, ml);
    peel_html_lit(&r->out,
                  "<h1 class=\"heading-l\">Grants made</h1>\n<p class=\"body\">Each crime and "
                  "disorder reduction grant the Commissioner made in the month, with its "
                  "recipient, amount, purpose, conditions and why it was expected to reduce crime, "
                  "as the Elected Local Policing Bodies (Specified Information) Order 2011 asks "
                  "them published.</p>\n<form class=\"filters\" method=\"get\" "
                  "action=\"/commissioning/grants\"><fieldset><legend class=\"visually-hidden\">"
                  "The month</legend>\n");
    peel_page_param_input(r, "month", "Month", "For example 2024-09", m);
    peel_html_lit(&r->out, "</fieldset><button class=\"button button--secondary\">Show</button>"
                           "</form>\n");
    if (!r->nproblems) {
        char total[32];
        peel_money_format(g.total, total);
        peel_html(&r->out,
                  "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"Grants "
                  "made\"><table id=\"grants\">\n<caption class=\"heading-s\">Grants made in %s: "
                  "%lld, %s in all</caption>\n<thead><tr><th scope=\"col\">Recipient</th>"
                  "<th scope=\"col\">Awarded on</th><th scope=\"col\" class=\"num\">Amount</th>"
                  "<th scope=\"col\">Purpose</th><th scope=\"col\">Conditions</th>"
                  "<th scope=\"col\">Why it reduces crime</th></tr></thead>\n<tbody>\n",
                  ml, (long long)g.n, total);
        for (size_t i = 0; i < g.n; i++) {
            char d[11], a[32];
            peel_date_format(g.v[i].awarded_on, d);
            peel_money_format(g.v[i].amount, a);
            peel_html(&r->out,
                      "<tr><th scope=\"row\"><a href=\"/records/award/%lld\">%s</a></th>"
                      "<td>%s</td><td class=\"num\">%s</td><td>%s</td><td>%s</td><td>%s</td>"
                      "</tr>\n",
                      (long long)g.v[i].id, *g.v[i].recipient ? g.v[i].recipient : g.v[i].ref, d, a,
                      *g.v[i].purpose ? g.v[i].purpose : "Not recorded",
                      *g.v[i].conditions ? g.v[i].conditions : "Not recorded",
                      *g.v[i].reasons ? g.v[i].reasons : "Not recorded");
        }
        if (!g.n)
            peel_html_lit(&r->out,
                          "<tr><td colspan=\"6\">No grant was made in the month.</td></tr>\n");
        peel_html_lit(&r->out, "</tbody></table></div>\n");
        if (g.undated)
            peel_html(&r->out,
                      "<p class=\"hint\" id=\"grants-undated\">%lld award%s no award date "
                      "recorded, so %s in no month.</p>\n",
                      (long long)g.undated, g.undated == 1 ? " has" : "s have",
                      g.undated == 1 ? "it is" : "they are");
    }
    peel_grant_rows_release(&g);
    peel_page_end(r);
    return peel_req_html_page(r, r->nproblems ? 400 : 200);
}

/* ---- the 360Giving export ---- */

/* /commissioning/360giving.json and .csv?from=&to=: the awards the reader
 * may open as 360Giving grants (giving.c), as a download; the public sees
 * published awards only. */
static int giving_download(peel_req *r, bool csv, peel_err *err)
{
    static const char *const args[] = {"from", "to", NULL};
    peel_date from, to;
    peel_giving g;

    peel_params_allowed(r, args);
    peel_param_date(r, "from", "From", 0, &from);
    peel_param_date(r, "to", "To", 0, &to);
    if (!r->nproblems && from && to && to < from)
        peel_param_problem(r, "to", "To", "is before From");
    if (r->nproblems)
        return peel_req_error(r, 400, "invalid", r->problems[0].name, "%s", r->problems[0].msg);
    if (peel_giving_build(r->store, peel_req_reader(r), from, to, &g, err) < 0)
        return -1;
    if (csv) {
        peel_buf_puts(&r->out, PEEL_CSV_BOM);
        peel_giving_csv(&g, &r->out);
    } else {
        json_t *o = peel_giving_json(&g);
        char *text =
            o ? json_dumps(o, JSON_INDENT(2) | JSON_ENSURE_ASCII | JSON_REAL_PRECISION(15)) : NULL;
        if (text)
            peel_buf_puts(&r->out, text);
        else
            r->out.failed = true;
        free(text);
        json_decref(o);
    }
    peel_giving_release(&g);
    if (r->out.failed) {
        peel_buf_reset(&r->out);
        return peel_req_error(r, 500, "internal", NULL, "the export is too large");
    }
    peel_req_add_header(r, "Content-Disposition",
                        csv ? "attachment; filename=\"360giving.csv\""
                            : "attachment; filename=\"360giving.json\"");
    r->status = 200;
    r->ctype = csv ? "text/csv; charset=utf-8" : "application/json";
    r->answered = true;
    return 0;
}

static int page_giving_json(peel_req *r, const peel_str *p, peel_err *err)
{
    (void)p;
    return giving_download(r, false, err);
}

static int page_giving_csv(peel_req *r, const peel_str *p, peel_err *err)
{
    (void)p;
    return giving_download(r, true, err);
}

const peel_route peel_routes_commissioning[] = {
    {"GET", "/commissioning", page_index, PEEL_PAGE_EVERYONE, "Commissioning", NULL},
    {"GET", "/commissioning/rounds/*", page_round, PEEL_PAGE_EVERYONE, NULL, NULL},
    {"GET", "/commissioning/headroom", page_headroom, PEEL_PAGE_EVERYONE, NULL, NULL},
    {"GET", "/commissioning/grants", page_grants, PEEL_PAGE_EVERYONE, NULL, NULL},
    {"GET", "/commissioning/tracker", peel_page_commissioning_tracker, PEEL_PAGE_EVERYONE, NULL,
     NULL},
    {"GET", "/commissioning/csp", peel_page_commissioning_csp, PEEL_PAGE_EVERYONE, NULL, NULL},
    {"GET", "/commissioning/budget", peel_page_commissioning_budget, PEEL_PAGE_EVERYONE, NULL,
     NULL},
    {"GET", "/commissioning/spend", peel_page_commissioning_spend, PEEL_PAGE_EVERYONE, NULL, NULL},
    {"GET", "/commissioning/spend.csv", peel_page_commissioning_spend_csv, PEEL_PAGE_EVERYONE, NULL,
     NULL},
    {"GET", "/commissioning/360giving.json", page_giving_json, PEEL_PAGE_EVERYONE, NULL, NULL},
    {"GET", "/commissioning/360giving.csv", page_giving_csv, PEEL_PAGE_EVERYONE, NULL, NULL},
    {"GET", "/api/v1/commissioning/headroom", api_headroom, PEEL_PAGE_EVERYONE, NULL, NULL},
    {"GET", "/api/v1/commissioning/projects", api_projects, PEEL_PAGE_EVERYONE, NULL, NULL},
    {"GET", "/api/v1/commissioning/csp", peel_api_commissioning_csp, PEEL_PAGE_EVERYONE, NULL,
     NULL},
    {"GET", "/api/v1/commissioning/budget", peel_api_commissioning_budget, PEEL_PAGE_EVERYONE, NULL,
     NULL},
    {"GET", "/api/v1/commissioning/tracker", peel_api_commissioning_tracker, PEEL_PAGE_EVERYONE,
     NULL, NULL},
    {0},
};

const peel_api_doc peel_api_docs_commissioning[] = {
    {"/api/v1/commissioning/headroom",
     "A grant round's live headroom and pipeline, from the records the reader may open",
     (const char *const[]){"round", NULL}, "headroom"},
    {"/api/v1/commissioning/projects",
     "The funded-projects table: the monitoring visits in the period joined to their awards",
     (const char *const[]){"from", "to", NULL}, "funded project visited"},
    {"/api/v1/commissioning/tracker",
     "The Safer Streets tracker: each intervention's delivery, spend, due date and the crime in "
     "its area before and after",
     (const char *const[]){"fund", "before_from", "before_to", "after_from", "after_to", NULL},
     "intervention tracked"},
    {"/api/v1/commissioning/csp",
     "Each CSP's allocation for the financial year, its approved projects and remaining budget",
     (const char *const[]){"year", NULL}, "CSP allocations view"},
    {"/api/v1/commissioning/budget",
     "The commissioning budget by category for the financial year, with the sum against the "
     "printed total",
     (const char *const[]){"year", NULL}, "budget view"},
    {0},
};
