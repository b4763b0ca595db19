/* pages.c - /engagement: the period summary and a financial year's
 * community-day coverage (summary.h), from the records the reader may
 * open, each as a table. */
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "engagement/contact_pages.h"
#include "engagement/engagement.h"
#include "engagement/feeds.h"
#include "engagement/map.h"
#include "engagement/summary.h"
#include "model/records.h"
#include "render/html.h"
#include "web/http.h"

static const char *const args[] = {"from", "to", "year", NULL};

static void rows_table(peel_req *r, const char *id, const char *caption, const peel_eng_rows *rows)
{
    peel_html(&r->out,
              "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"%s\"><table "
              "id=\"%s\">\n<caption class=\"heading-s\">%s"
              "</caption>\n<thead><tr><th scope=\"col\">Section</th><th scope=\"col\">Item</th>"
              "<th scope=\"col\" class=\"num\">Count</th><th scope=\"col\">Flag</th></tr>"
              "</thead>\n<tbody>\n",
              caption, id, caption);
    for (size_t i = 0; i < rows->n; i++) {
        const peel_eng_row *w = &rows->v[i];
        peel_html(&r->out,
                  "<tr><td>%s</td><th scope=\"row\">%s</th><td class=\"num\">%lld</td>"
                  "<td>%s</td></tr>\n",
                  w->section, *w->item ? w->item : "Total", (long long)w->n, w->flag);
    }
    peel_html_lit(&r->out, "</tbody></table></div>\n");
}

/* The year's coverage as a map beside its table; nothing when the
 * boundaries are not installed. */
static int coverage_map(peel_req *r, const peel_eng_rows *cov, const char *year, peel_err *err)
{
    peel_chart *map = NULL;
    size_t missing = 0;

    if (peel_engagement_coverage_map(cov, NULL, 560, &map, &missing, err) < 0)
        return -1;
    if (!map)
        return 0;
    peel_html_lit(&r->out, "<figure class=\"crime-map\" id=\"coverage-map\">\n");
    peel_svg_chart(&r->out, map);
    peel_html(&r->out,
              "<figcaption>Community days held in %s in each district, darker for more. The "
              "same figures are in the table below. <span class=\"source\">District shapes "
              "drawn from their LSOA boundaries (Office for National Statistics).</span>"
              "</figcaption>\n</figure>\n",
              year);
    if (missing)
        peel_html(&r->out,
                  "<p class=\"hint\">%lld district%s not drawn: no boundary is "
                  "installed for %s.</p>\n",
                  (long long)missing, missing == 1 ? " is" : "s are", missing == 1 ? "it" : "them");
    peel_chart_free(map);
    return 0;
}

/* The period's visits as a map beside their table: every engagement
 * held in the period that the reader may open, a dot for each with a map
 * point.  The table is there whether or not the map can be drawn. */
static int period_visits(peel_req *r, peel_date from, peel_date to, const char *a, const char *b,
                         peel_err *err)
{
    peel_eng_rows cov = {0};
    peel_eng_visits vs = {0};
    peel_chart *map = NULL;
    size_t missing = 0, offmap = 0, placed = 0;
    int rc = -1;

    if (peel_engagement_coverage_of(r->store, peel_req_reader(r), from, to, &cov, err) < 0 ||
        peel_engagement_visits(r->store, peel_req_reader(r), from, to, &vs, err) < 0 ||
        peel_engagement_period_map(&cov, &vs, NULL, 560, &map, &missing, &offmap, err) < 0)
        goto out;
    for (size_t i = 0; i < vs.n; i++)
        placed += vs.v[i].has_point;
    peel_html(&r->out,
              "<h2 class=\"heading-m\" id=\"where\">Where the Commissioner went, %s to "
              "%s</h2>\n",
              a, b);
    if (map) {
        peel_html_lit(&r->out, "<figure class=\"crime-map\" id=\"period-map\">\n");
        peel_svg_chart(&r->out, map);
        size_t dots = placed - offmap;
        peel_html_lit(&r->out, "<figcaption>Community days held in the period in each district, "
                               "darker for more. ");
        if (dots)
            peel_html(&r->out,
                      "A dot for each of the %lld visit%s or meeting%s whose place is "
                      "recorded. ",
                      (long long)dots, dots == 1 ? "" : "s", dots == 1 ? "" : "s");
        else
            peel_html_lit(&r->out, "No visit in the period has its place recorded, so the map "
                                   "has no dots. ");
        peel_html_lit(&r->out, "Every visit is in the table below. <span class=\"source\">"
                               "District shapes drawn from their LSOA boundaries (Office for "
                               "National Statistics).</span></figcaption>\n</figure>\n");
        if (offmap)
            peel_html(&r->out,
                      "<p class=\"hint\">%lld map point%s outside the force area: not drawn.</p>\n",
                      (long long)offmap, offmap == 1 ? " lies" : "s lie");
        if (missing)
            peel_html(&r->out,
                      "<p class=\"hint\">%lld district%s not drawn: no boundary is installed "
                      "for %s.</p>\n",
                      (long long)missing, missing == 1 ? " is" : "s are",
                      missing == 1 ? "it" : "them");
    }
    peel_html(&r->out,
              "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"Visits and "
              "meetings\"><table id=\"engagement-visits\">\n<caption "
              "class=\"heading-s\">Visits and meetings held from %s to %s</caption>\n<thead><tr>"
              "<th scope=\"col\">Reference</th><th scope=\"col\">What</th><th scope=\"col\">"
              "Kind</th><th scope=\"col\">When</th><th scope=\"col\">District</th>"
              "<th scope=\"col\">Map point</th></tr></thead>\n<tbody>\n",
              a, b);
    for (size_t i = 0; i < vs.n; i++) {
        const peel_eng_visit *v = &vs.v[i];
        char d1[11], d2[11];
        peel_html(&r->out,
                  "<tr><td><a href=\"/records/engagement/%lld\">%s</a></td><th scope=\"row\">"
                  "%s</th><td>%s</td><td>",
                  (long long)v->id, v->ref, v->title, v->kind);
        if (v->dated) {
            peel_date_format(v->date, d1);
            peel_html(&r->out, "%s", d1);
        } else {
            peel_date_format(v->held_from, d1);
            peel_date_format(v->held_to, d2);
            peel_html(&r->out, "Between %s and %s: the day is not recorded", d1, d2);
        }
        peel_html(&r->out, "</td><td>%s</td><td>", *v->district ? v->district : "Not recorded");
        if (v->has_point) {
            char pt[64];
            snprintf(pt, sizeof pt, "%.5f, %.5f", v->lat, v->lon);
            peel_html(&r->out, "%s", pt);
        } else
            peel_html_lit(&r->out, "Not recorded");
        peel_html_lit(&r->out, "</td></tr>\n");
    }
    if (!vs.n)
        peel_html_lit(&r->out, "<tr><td colspan=\"6\">None held in the period.</td></tr>\n");
    peel_html_lit(&r->out, "</tbody></table></div>\n");
    rc = 0;
out:
    peel_chart_free(map);
    peel_eng_visits_release(&vs);
    peel_eng_rows_release(&cov);
    return rc;
}

static int page(peel_req *r, const peel_str *p, peel_err *err)
{
    peel_date today = peel_clock_today();
    peel_fy fy_now = peel_fy_of_date(today);
    peel_date from, to;
    peel_fy fy;
    peel_eng_rows sum = {0}, cov = {0};
    char a[11], b[11], y[8], caption[160];
    (void)p;

    peel_params_allowed(r, args);
    peel_param_date(r, "from", "From", peel_fy_first_day(fy_now), &from);
    peel_param_date(r, "to", "To", today, &to);
    peel_param_fy(r, "year", "Financial year", fy_now, &fy);
    if (!r->nproblems && to < from)
        peel_param_problem(r, "to", "To", "must not be before From");
    if (!r->nproblems &&
        (peel_engagement_summary(r->store, peel_req_reader(r), from, to, &sum, err) < 0 ||
         peel_engagement_coverage(r->store, peel_req_reader(r), fy, &cov, err) < 0)) {
        peel_eng_rows_release(&sum);
        return -1;
    }
    peel_page_alternate(r, "application/atom+xml", "/feeds/you-said-we-did.atom",
                        "You said, we did");
    peel_page_alternate(r, "application/atom+xml", "/feeds/meetings.atom", "Meetings");
    peel_page_alternate(r, "application/atom+xml", "/feeds/papers.atom", "Papers of meetings");
    peel_page_begin(r, r->nproblems ? "Error: Engagement" : "Engagement");
    peel_page_error_summary(r, r->problems, r->nproblems);
    peel_html_lit(&r->out,
                  "<h1 class=\"heading-l\">Engagement</h1>\n"
                  "<p class=\"body\">The Commissioner's community days and other visits and "
                  "meetings, counted from the records: held in the period, by district and by how "
                  "they were initiated, with the themes, the feedback heard and the follow-up "
                  "actions; and the community days of a financial year per district and "
                  "neighbourhood policing area. What people said and what was done about it is "
                  "under <a href=\"/engagement/you-said-we-did\">You said, we did</a>.</p>\n"
                  "<p class=\"body\" id=\"feeds\">Follow what is published: "
                  "<a href=\"/feeds/you-said-we-did.atom\">You said, we did (Atom feed)</a>, "
                  "<a href=\"/feeds/meetings.atom\">Meetings (Atom feed)</a>, "
                  "<a href=\"/feeds/papers.atom\">Papers of meetings (Atom feed)</a>; each "
                  "board's page offers its meetings as a calendar.</p>\n");
    peel_date_format(from, a);
    peel_date_format(to, b);
    peel_fy_format(fy, y);
    peel_html_lit(&r->out, "<form class=\"filters\" method=\"get\" action=\"/engagement\">"
                           "<fieldset><legend class=\"visually-hidden\">The period and the year"
                           "</legend>\n");
    peel_page_param_input(r, "from", "From", "For example 2024-08-01", a);
    peel_page_param_input(r, "to", "To", "For example 2024-09-30", b);
    peel_page_param_input(r, "year", "Financial year", "For example 2022-23", y);
    peel_html_lit(&r->out, "</fieldset><button class=\"button button--secondary\">Show</button>"
                           "</form>\n");
    if (!r->nproblems) {
        snprintf(caption, sizeof caption, "Engagement from %s to %s", a, b);
        rows_table(r, "engagement-summary", caption, &sum);
        if (period_visits(r, from, to, a, b, err) < 0) {
            peel_eng_rows_release(&sum);
            peel_eng_rows_release(&cov);
            return -1;
        }
        snprintf(caption, sizeof caption, "Community days in %s", y);
        peel_html(&r->out, "<h2 class=\"heading-m\" id=\"coverage\">Coverage of %s</h2>\n", y);
        if (coverage_map(r, &cov, y, err) < 0) {
            peel_eng_rows_release(&sum);
            peel_eng_rows_release(&cov);
            return -1;
        }
        rows_table(r, "engagement-coverage", caption, &cov);
    }
    peel_eng_rows_release(&sum);
    peel_eng_rows_release(&cov);
    peel_page_end(r);
    return peel_req_html_page(r, r->nproblems ? 400 : 200);
}

/* ---- You said, we did ---- */

static int ysdw_row(void *ctx, const peel_record *rec, peel_err *err)
{
    peel_req *r = ctx;
    const char *said = peel_record_text_at(rec, PEEL_YSDW_YOU_SAID);
    const char *where = peel_record_text_at(rec, PEEL_YSDW_PUBLISHED_AT);
    (void)err;

    if (!peel_reader_record_visible(peel_req_reader(r), rec))
        return 0; /* the store's filters already hold; this is the gate itself */
    peel_html(&r->out,
              "<li class=\"ysdw\"><p class=\"body\"><strong>You said:</strong> %s</p>"
              "<p class=\"body\"><strong>We did:</strong> %s</p>",
              *said ? said : "Not recorded: the paper gives what was done, not what was said.",
              peel_record_text_at(rec, PEEL_YSDW_WE_DID));
    if (*where)
        peel_html(&r->out, "<p class=\"hint\">Published in %s</p>", where);
    peel_html_lit(&r->out, "</li>\n");
    return 0;
}

/* Every "You said, we did" entry the reader may open, with no personal
 * data: the entry's own words, never the feedback's resident fields. */
static int page_ysdw(peel_req *r, const peel_str *p, peel_err *err)
{
    static const char *const none[] = {NULL};
    peel_filter f[PEEL_READER_MAX_FILTERS];
    size_t nf = peel_reader_filters(peel_req_reader(r), &peel_type_ysdw, f);
    size_t start;
    (void)p;

    peel_params_allowed(r, none);
    if (r->nproblems)
        return peel_req_error(r, 400, "invalid", NULL, "%s", r->problems[0].msg);
    peel_page_alternate(r, "application/atom+xml", "/feeds/you-said-we-did.atom",
                        "You said, we did");
    peel_page_begin(r, "You said, we did");
    peel_html_lit(&r->out, "<h1 class=\"heading-l\">You said, we did</h1>\n<p class=\"body\">"
                           "What people told the Commissioner, and what was done about it. "
                           "<a href=\"/feeds/you-said-we-did.atom\">Follow these entries "
                           "(Atom feed)</a>.</p>\n<ul class=\"list\" id=\"ysdw\">\n");
    start = r->out.len;
    if (peel_store_select(r->store,
                          &(peel_query){.type = &peel_type_ysdw, .filters = f, .nfilters = nf},
                          ysdw_row, r, err) < 0)
        return -1;
    if (r->out.len == start)
        peel_html_lit(&r->out, "<li>Nothing is published yet.</li>\n");
    peel_html_lit(&r->out, "</ul>\n");
    peel_page_end(r);
    return peel_req_html_page(r, 200);
}

const peel_route peel_routes_engagement[] = {
    {"GET", "/engagement", page, PEEL_PAGE_EVERYONE, "Engagement", NULL},
    {"GET", "/engagement/you-said-we-did", page_ysdw, PEEL_PAGE_EVERYONE, "You said, we did", NULL},
    {"GET", "/feeds/meetings.atom", peel_feed_meetings, PEEL_PAGE_EVERYONE, NULL, NULL},
    {"GET", "/feeds/you-said-we-did.atom", peel_feed_ysdw, PEEL_PAGE_EVERYONE, NULL, NULL},
    {"GET", "/feeds/papers.atom", peel_feed_papers, PEEL_PAGE_EVERYONE, NULL, NULL},
    {"GET", "/feeds/meetings/*", peel_feed_body_meetings, PEEL_PAGE_EVERYONE, NULL, NULL},
    {"GET", "/contact", peel_contact_page_form, PEEL_PAGE_EVERYONE, "Contact", NULL},
    {"POST", "/contact", peel_contact_page_send, PEEL_PAGE_EVERYONE, NULL, NULL},
    {"GET", "/contact/status", peel_contact_page_status_form, PEEL_PAGE_EVERYONE, NULL, NULL},
    {"POST", "/contact/status", peel_contact_page_status, PEEL_PAGE_EVERYONE, NULL, NULL},
    {0},
};
