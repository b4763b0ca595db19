/* pages_crime.c - the crime performance pages:
 *
 * /crime, the force at a glance (crime/overview.c): a map of the districts
 * shaded by their crimes in the 12 months to the latest, a table of the
 * force and its districts with the latest month and that 12-month total
 * (each saying how many of its months hold data), and the months strip:
 * which months hold street data and which are missing.
 *
 * /crime/pack/CODE-or-name, a district's performance pack (crime/pack.c),
 * the same report model `peel crime pack` writes to a file, shown inside
 * the site's layout (navigation, search, sign-in) with the site's
 * stylesheet, so it fits a phone and needs no style of its own.
 *
 * Access: everyone.  police.uk data is published under the Open Government
 * Licence, so the figures are public; the districts are `area` records, and
 * a district the reader may not see (not published, for panel and public)
 * is neither named, drawn nor served, through the same gate as every page
 * (model/reader.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/str.h"
#include "crime/overview.h"
#include "crime/pack.h"
#include "domain/geo.h"
#include "render/doc.h"
#include "render/html.h"
#include "render/svg.h"
#include "store/crime_db.h"
#include "web/http.h"
#include "web/policy.h"

/* ---- helpers ---- */

/* Refuses any query parameter: these pages take none (answers 400). */
static bool no_args(peel_req *r)
{
    if (!r->nargs)
        return true;
    peel_req_error(r, 400, "unknown_parameter", NULL, "'%.60s' is not a parameter of this page",
                   peel_utf8_valid(r->args[0].name, strlen(r->args[0].name), NULL) ? r->args[0].name
                                                                                   : "?");
    return false;
}

/* Whether the reader may see the area record (published, for panel and
 * public): 1 yes, 0 no, -1 error. */
static int area_visible(peel_req *r, int64_t id, peel_err *err)
{
    peel_record *rec = NULL;
    if (peel_store_get(r->store, &peel_type_area, id, &rec, err) < 0) {
        if (err->code != PEEL_ENOTFOUND)
            return -1;
        peel_err_clear(err);
        return 0;
    }
    bool ok = peel_reader_record_visible(peel_req_reader(r), rec);
    peel_record_free(rec);
    return ok;
}

/* ---- /crime ---- */

static const char *const month_abbr[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* "11 of 12 months hold data" beside a 12-month total. */
static void months_held(peel_req *r, size_t n)
{
    if (n == 12)
        peel_html_lit(&r->out, "<td>all 12 hold data</td>");
    else
        peel_html(&r->out, "<td><strong>%d of 12</strong> hold data</td>", (int)n);
}

static void district_row(peel_req *r, const peel_crime_overview_row *row, const char *name)
{
    if (!row->part)
        peel_html(&r->out, "<tr class=\"total\"><th scope=\"row\">%s</th>", name);
    else if (row->part->id < 0)
        peel_html(&r->out,
                  "<tr class=\"other\"><th scope=\"row\">%s (not in the force's figures)"
                  "</th>",
                  name);
    else if (row->counted)
        peel_html(&r->out, "<tr><th scope=\"row\"><a href=\"/crime/pack/%q\">%s</a></th>",
                  row->part->code, name);
    else {
        peel_html(&r->out,
                  "<tr><th scope=\"row\">%s</th><td colspan=\"3\">no crimes counted in its "
                  "LSOAs, so no pack</td></tr>\n",
                  name);
        return;
    }
    if (row->latest >= 0)
        peel_html(&r->out, "<td class=\"num\">%lld</td>", (long long)row->latest);
    else
        peel_html_lit(&r->out, "<td>no data</td>");
    peel_html(&r->out, "<td class=\"num\">%lld</td>", (long long)row->total12);
    months_held(r, row->months12);
    peel_html_lit(&r->out, "</tr>\n");
}

/* The months strip: a row per year, a cell per month saying whether it
 * holds street data; then the missing months as runs. */
static void months_strip(peel_req *r, const peel_crime_overview *o)
{
    const peel_crime_view *v = &o->v;
    int y0 = (int)(v->from / 12), y1 = (int)(v->to / 12);
    peel_buf runs = PEEL_BUF_INIT;

    peel_html_lit(&r->out, "<h2 class=\"heading-m\" id=\"months\">Months with data</h2>\n");
    peel_html(&r->out,
              "<p class=\"body\">%lld of the %lld months from the first imported to the latest "
              "hold police.uk street data.",
              (long long)o->held, (long long)v->nm);
    if (o->held < v->nm) {
        peel_crime_month_runs(&runs, v->from, v->to, v->have, false);
        peel_html(&r->out,
                  " <strong>No data is imported for %s</strong>: a figure over a period that "
                  "includes them counts only the months that hold data, and says so.</p>\n",
                  peel_buf_str(&runs));
    } else {
        peel_html_lit(&r->out, " None is missing.</p>\n");
    }
    peel_buf_release(&runs);
    peel_html_lit(&r->out,
                  "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" "
                  "aria-label=\"Months holding street data\"><table class=\"months-strip\">\n"
                  "<caption class=\"visually-hidden\">Months holding street data, by "
                  "year</caption>\n<thead><tr><th scope=\"col\">Year</th>");
    for (int m = 0; m < 12; m++)
        peel_html(&r->out, "<th scope=\"col\">%s</th>", month_abbr[m]);
    peel_html_lit(&r->out, "</tr></thead>\n<tbody>\n");
    for (int y = y0; y <= y1; y++) {
        peel_html(&r->out, "<tr><th scope=\"row\">%d</th>", y);
        for (int k = 0; k < 12; k++) {
            peel_month m = (peel_month)(y * 12 + k);
            if (m < v->from || m > v->to)
                peel_html_lit(&r->out, "<td class=\"month-out\"></td>");
            else if (v->have[m - v->from])
                peel_html_lit(&r->out, "<td class=\"month-have\">data</td>");
            else
                peel_html_lit(&r->out, "<td class=\"month-gap\"><strong>missing</strong></td>");
        }
        peel_html_lit(&r->out, "</tr>\n");
    }
    peel_html_lit(&r->out, "</tbody></table></div>\n");
}

static int crime_page_list(peel_req *r, const peel_str *p, peel_err *err)
{
    peel_crime_overview o;
    (void)p;
    if (!no_args(r))
        return 0;
    if (peel_crime_overview_load(r->store, &o, err) < 0)
        return -1;
    peel_page_begin(r, "Crime performance");
    peel_html_lit(&r->out, "<h1 class=\"heading-l\">Crime performance</h1>\n");
    if (o.empty) {
        peel_html_lit(&r->out, "<p class=\"body\">No district has police.uk crime data "
                               "imported yet.</p>\n");
        goto end;
    }
    char first[8], last[8], from12[8], lm[24];
    peel_month_format(o.v.from, first);
    peel_month_format(o.v.to, last);
    peel_month_format(o.from12, from12);
    peel_month_format_long(o.v.to, lm);
    peel_html(&r->out,
              "<p class=\"body\">Police recorded crime and anti-social behaviour from the "
              "police.uk street-level files, %s to %s. Each district's performance pack "
              "compares it with a year before and shows the trend, crime types, outcomes, "
              "repeat locations and a map. The latest month is %s; "
              "<a href=\"#months\">which months hold data</a> is shown below.</p>\n",
              first, last, lm);

    /* who may see which district: a district the reader may not see is
     * neither drawn nor named */
    bool *show = calloc(o.nrows + 1, sizeof *show);
    if (!show) {
        peel_crime_overview_release(&o);
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < o.nrows; i++) {
        int vis = o.rows[i].part->id < 0 ? 1 : area_visible(r, o.rows[i].part->id, err);
        if (vis < 0) {
            free(show);
            peel_crime_overview_release(&o);
            return -1;
        }
        show[i] = vis;
    }
    bool force = !strcmp(o.v.area.kind, "force") && area_visible(r, o.v.area.id, err) > 0;

    peel_chart *map = NULL;
    size_t missing = 0;
    if (o.nrows &&
        peel_crime_overview_map(&o, show, NULL, 560, "district-map", &map, &missing, err) < 0) {
        free(show);
        peel_crime_overview_release(&o);
        return -1;
    }
    peel_html(&r->out, "<h2 class=\"heading-m\">Crimes by district, 12 months to %s</h2>\n", last);
    if (map) {
        peel_html_lit(&r->out, "<figure class=\"crime-map\">\n");
        peel_svg_chart(&r->out, map);
        peel_html(&r->out,
                  "<figcaption>Crimes in %s to %s, counting the months that hold data "
                  "(%lld of the 12); darker for more. The same figures are in the table "
                  "below. <span class=\"source\">Source: police.uk; district shapes drawn from "
                  "their LSOA boundaries (Office for National Statistics).</span></figcaption>\n"
                  "</figure>\n",
                  from12, last, (long long)o.force.months12);
        if (missing)
            peel_html(&r->out,
                      "<p class=\"notice\">%lld district(s) are not drawn: no LSOA boundary "
                      "file was found for them. Their figures are in the table.</p>\n",
                      (long long)missing);
        peel_chart_free(map);
    } else {
        peel_html_lit(&r->out, "<p class=\"notice\">No map: no LSOA boundaries were found for "
                               "the districts. Their figures are in the table below.</p>\n");
    }

    peel_html(&r->out,
              "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"Crimes by "
              "district\"><table class=\"crime-districts\">\n<caption>Crimes "
              "recorded, %s and the 12 months to it</caption>\n<thead><tr><th scope=\"col\">"
              "Area</th><th scope=\"col\">%s</th><th scope=\"col\">12 months to %s</th>"
              "<th scope=\"col\">Months of the 12 with data</th></tr></thead>\n<tbody>\n",
              lm, lm, last);
    char fname[240] = "All imported data";
    if (force)
        snprintf(fname, sizeof fname, "%s (force)", o.v.area.name);
    district_row(r, &o.force, fname);
    for (size_t i = 0; force && i < o.nrows; i++)
        if (show[i])
            district_row(r, &o.rows[i], o.rows[i].part->name);
    peel_html_lit(&r->out, "</tbody></table></div>\n");
    free(show);

    months_strip(r, &o);
end:
    peel_html_lit(&r->out, "<p class=\"hint\">Contains public sector information licensed under "
                           "the Open Government Licence v3.0 (police.uk data). Source: Office for "
                           "National Statistics licensed under the Open Government Licence v.3.0. "
                           "Contains OS data &#169; Crown copyright and database right.</p>\n");
    peel_crime_overview_release(&o);
    peel_page_end(r);
    return peel_req_html_page(r, 200);
}

/* ---- /crime/pack/CODE-or-name ---- */

typedef struct has_ctx {
    int64_t id;
    bool found;
} has_ctx;

static int has_cb(void *ctx, const peel_crime_area *a, peel_err *err)
{
    has_ctx *hc = ctx;
    (void)err;
    if (a->id != hc->id)
        return 0;
    hc->found = true;
    return 1; /* stop */
}

static int crime_page_pack(peel_req *r, const peel_str *p, peel_err *err)
{
    peel_crime_area area;
    has_ctx hc = {0};
    int found = 0;
    if (!no_args(r))
        return 0;
    /* The path segment arrives percent-decoded: a code or a name. */
    const char *want = peel_pool_strndup(r->pool, p[0].p, p[0].n);
    if (!want)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    if (peel_utf8_valid(want, p[0].n, NULL) && !memchr(p[0].p, 0, p[0].n)) {
        found = peel_crime_db_area_find(r->store, want, &area, err);
        if (found < 0)
            return -1;
    }
    if (found && strcmp(area.kind, "district"))
        found = 0;
    if (found) {
        int vis = area_visible(r, area.id, err);
        if (vis < 0)
            return -1;
        found = vis;
    }
    if (found) {
        hc.id = area.id;
        if (peel_crime_db_districts_with_data(r->store, has_cb, &hc, err) < 0)
            return -1;
        found = hc.found;
    }
    if (!found)
        return peel_req_error(r, 404, "not_found", NULL,
                              "there is no district '%.100s' with police.uk crime data; the "
                              "districts that have it are listed at /crime",
                              peel_utf8_valid(want, strlen(want), NULL) ? want : "?");

    peel_crime_pack_opts o = {.view = {.area = area.code}};
    peel_doc d;
    if (peel_crime_pack_doc(r->store, &o, &d, err) < 0) {
        if (err->code != PEEL_ENOTFOUND)
            return -1;
        peel_err_clear(err);
        return peel_req_error(r, 404, "not_found", NULL, "there is no crime data for %s yet",
                              area.name);
    }
    /* The doc's title is the page's heading; the blocks follow it. */
    peel_doc rest = d; /* a view of the same blocks: freed once, as d */
    const char *title = d.n && d.v[0].kind == PEEL_BLOCK_TITLE ? d.v[0].text : area.name;
    if (rest.n && rest.v[0].kind == PEEL_BLOCK_TITLE) {
        rest.v++;
        rest.n--;
    }
    peel_page_begin(r, title);
    peel_html(&r->out,
              "<p class=\"back\"><a href=\"/crime\">All districts</a></p>\n"
              "<h1 class=\"heading-l\">%s</h1>\n<article class=\"report crime-pack\">\n",
              title);
    peel_doc_html_body(&rest, &r->out);
    peel_html_lit(&r->out, "</article>\n");
    peel_doc_free(&d);
    peel_page_end(r);
    return peel_req_html_page(r, 200);
}

/* ---- routes ---- */

const peel_route peel_routes_crime[] = {
    {"GET", "/crime", crime_page_list, PEEL_PAGE_EVERYONE, "Crime performance", .cached = true},
    {"GET", "/crime/pack/*", crime_page_pack, PEEL_PAGE_EVERYONE, NULL, .cached = true},
    /* the figures' JSON twins (api_crime.c), handed over with these pages */
    {"GET", "/api/v1/crime/*", peel_api_crime, PEEL_PAGE_EVERYONE, NULL, NULL},
    {0},
};
