/* pack.c - writes the performance pack for an area as one HTML page.
 *
 * Everything is inline: CSS in one <style>, charts and the map as SVG drawn
 * here, so the page makes no request and can be emailed or printed.  Every
 * chart has a title and description for screen readers and the same figures
 * in a table beside it.  All of the page is written through the one HTML
 * builder (render/html.h): data text is escaped by it, numbers for SVG
 * attributes are formatted here and inserted through it too.
 * The map reads the district's LSOA GeoJSON with jansson and projects it
 * equirectangularly (longitudes scaled by the cosine of the mean latitude),
 * which is accurate enough at district scale.
 */
#include "crime/pack.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/pct.h"
#include "render/html.h"

/* A number with one decimal (or none) for an SVG attribute: formatted here,
 * inserted through the HTML builder like every other value. */
static const char *num1(char out[32], double v)
{
    snprintf(out, 32, "%.1f", v);
    return out;
}

static const char *num0(char out[32], double v)
{
    snprintf(out, 32, "%.0f", v);
    return out;
}

/* A result table as an HTML table, with its headers for people. */
static void html_table(peel_buf *b, const peel_crime_result *r, const char *caption)
{
    peel_html(b, "<table>\n<caption>%s</caption>\n<thead><tr>", caption ? caption : r->title);
    for (size_t c = 0; c < r->ncols; c++)
        peel_html(b, "<th scope=\"col\">%s</th>", r->heads[c]);
    peel_html_lit(b, "</tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < r->nrows; i++) {
        peel_html_lit(b, "<tr>");
        for (size_t c = 0; c < r->ncols; c++) {
            if (r->numeric[c])
                peel_html(b, "<td class=\"num\">%s</td>", r->cells[i * r->ncols + c]);
            else
                peel_html(b, "<td>%s</td>", r->cells[i * r->ncols + c]);
        }
        peel_html_lit(b, "</tr>\n");
    }
    peel_html_lit(b, "</tbody>\n</table>\n");
    if (r->notes.len)
        peel_html(b, "<p class=\"note\">%s</p>\n", peel_buf_str(&r->notes));
}

static void svg_open(peel_buf *b, const char *id, int w, int h, const char *title, const char *desc)
{
    peel_html(b,
              "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" "
              "height=\"%d\" role=\"img\" aria-labelledby=\"%s-t %s-d\">\n<title id=\"%s-t\">%s"
              "</title>\n<desc id=\"%s-d\">%s</desc>\n",
              w, h, w, h, id, id, id, title, id, desc);
}

/* Trend: monthly counts, mean and control limits. */
static void trend_chart(peel_buf *b, const peel_crime_view *v, const peel_crime_spc *spc,
                        bool have_spc)
{
    const int W = 720, H = 300, L = 50, R = 10, T = 15, B = 40;
    char x1[32], y1[32], y2[32];
    double maxv = 1;
    for (size_t m = 0; m < v->nm; m++)
        if (v->have[m] && (double)v->month_total[m] > maxv)
            maxv = (double)v->month_total[m];
    if (have_spc && spc->ucl > maxv)
        maxv = spc->ucl;
    maxv *= 1.1;
    double dx = v->nm > 1 ? (double)(W - L - R) / (double)(v->nm - 1) : 0;
#define X(m) (L + dx * (double)(m))
#define Y(val) (T + (H - T - B) * (1.0 - (val) / maxv))
    svg_open(b, "trend", W, H, "Crimes per month with control limits",
             "Line chart of crimes per month with the mean and control limits; the same "
             "figures are in the table below.");
    peel_html(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#505a5f\"/>\n", L, H - B,
              W - R, H - B);
    peel_html(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#505a5f\"/>\n", L, T, L,
              H - B);
    for (int k = 0; k <= 4; k++) {
        double val = maxv * k / 4;
        peel_html(b, "<text x=\"%d\" y=\"%s\" font-size=\"11\" text-anchor=\"end\">%s</text>\n",
                  L - 4, num1(y1, Y(val) + 4), num0(y2, val));
    }
    if (have_spc) {
        peel_html(b,
                  "<line x1=\"%d\" y1=\"%s\" x2=\"%d\" y2=\"%s\" stroke=\"#00703c\" "
                  "stroke-dasharray=\"4 3\"/>\n",
                  L, num1(y1, Y(spc->mean)), W - R, num1(y2, Y(spc->mean)));
        peel_html(b,
                  "<line x1=\"%d\" y1=\"%s\" x2=\"%d\" y2=\"%s\" stroke=\"#d4351c\" "
                  "stroke-dasharray=\"2 3\"/>\n",
                  L, num1(y1, Y(spc->ucl)), W - R, num1(y2, Y(spc->ucl)));
        peel_html(b,
                  "<line x1=\"%d\" y1=\"%s\" x2=\"%d\" y2=\"%s\" stroke=\"#d4351c\" "
                  "stroke-dasharray=\"2 3\"/>\n",
                  L, num1(y1, Y(spc->lcl)), W - R, num1(y2, Y(spc->lcl)));
    }
    /* One polyline per run of months with data: a gap is not a zero. */
    bool open = false;
    for (size_t m = 0; m < v->nm; m++) {
        if (!v->have[m]) {
            if (open)
                peel_html_lit(b, "\"/>\n");
            open = false;
            continue;
        }
        if (!open)
            peel_html_lit(b, "<polyline fill=\"none\" stroke=\"#1d70b8\" stroke-width=\"2\" "
                             "points=\"");
        open = true;
        peel_html(b, "%s,%s ", num1(x1, X(m)), num1(y1, Y((double)v->month_total[m])));
    }
    if (open)
        peel_html_lit(b, "\"/>\n");
    for (size_t m = 0; m < v->nm; m++) {
        char month[8];
        if (!v->have[m])
            continue;
        peel_html(b, "<circle cx=\"%s\" cy=\"%s\" r=\"2.5\" fill=\"#1d70b8\"/>\n", num1(x1, X(m)),
                  num1(y1, Y((double)v->month_total[m])));
        if (m % 6 == 0) {
            peel_month_format(v->from + (peel_month)m, month);
            peel_html(b,
                      "<text x=\"%s\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s"
                      "</text>\n",
                      num1(x1, X(m)), H - B + 16, month);
        }
    }
    peel_html_lit(b, "</svg>\n");
#undef X
#undef Y
}

/* Horizontal bars from a result table's label column and count column. */
static void bar_chart(peel_buf *b, const char *id, const char *title, const peel_crime_result *r,
                      size_t label_col, size_t count_col)
{
    const int W = 720, rowh = 22, L = 300;
    int H = (int)r->nrows * rowh + 10;
    char wt[32], xt[32];
    double maxv = 1;
    for (size_t i = 0; i < r->nrows; i++) {
        double x = atof(r->cells[i * r->ncols + count_col]);
        if (x > maxv)
            maxv = x;
    }
    svg_open(b, id, W, H, title, "Bar chart; the same figures are in the table below.");
    for (size_t i = 0; i < r->nrows; i++) {
        const char *label = r->cells[i * r->ncols + label_col];
        const char *count = r->cells[i * r->ncols + count_col];
        double w = (W - L - 60) * atof(count) / maxv;
        int y = (int)i * rowh + 5;
        peel_html(b,
                  "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\">%s</text>\n"
                  "<rect x=\"%d\" y=\"%d\" width=\"%s\" height=\"%d\" fill=\"#1d70b8\"/>\n"
                  "<text x=\"%s\" y=\"%d\" font-size=\"12\">%s</text>\n",
                  L - 6, y + 15, label, L, y + 2, num1(wt, w), rowh - 6, num1(xt, L + w + 4),
                  y + 15, count);
    }
    peel_html_lit(b, "</svg>\n");
}

/* ---- the map ---- */

typedef struct lsoa_count {
    const char *code, *name;
    int64_t n;
} lsoa_count;

static int64_t count_of(const peel_crime_view *v, const char *code, bool *known)
{
    for (size_t i = 0; i < v->nparts; i++)
        if (!strcmp(v->parts[i].code, code)) {
            *known = true;
            return v->parts[i].total;
        }
    *known = false;
    return 0;
}

static const char *code_prop(json_t *f, const char **name)
{
    json_t *p = json_object_get(f, "properties");
    const char *c = json_string_value(json_object_get(p, "LSOA21CD"));
    *name = json_string_value(json_object_get(p, "LSOA21NM"));
    if (!c) {
        c = json_string_value(json_object_get(p, "LSOA11CD"));
        *name = json_string_value(json_object_get(p, "LSOA11NM"));
    }
    return c;
}

static json_t *load_boundaries(const char *dir, const char *sub, const char *code,
                               const peel_crime_view *v, int *matches)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s/%s.geojson", dir, sub, code);
    json_t *root = json_load_file(path, 0, NULL);
    *matches = 0;
    if (!root)
        return NULL;
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(root, "features"), i, f)
    {
        const char *name;
        const char *c = code_prop(f, &name);
        bool known;
        if (c) {
            count_of(v, c, &known);
            *matches += known;
        }
    }
    return root;
}

typedef struct bbox {
    double minx, maxx, miny, maxy;
} bbox;

static void ring_bbox(json_t *ring, bbox *bb)
{
    size_t i;
    json_t *pt;
    json_array_foreach(ring, i, pt)
    {
        double x = json_number_value(json_array_get(pt, 0)),
               y = json_number_value(json_array_get(pt, 1));
        if (x < bb->minx)
            bb->minx = x;
        if (x > bb->maxx)
            bb->maxx = x;
        if (y < bb->miny)
            bb->miny = y;
        if (y > bb->maxy)
            bb->maxy = y;
    }
}

/* Calls fn on each linear ring of a Polygon or MultiPolygon. */
static void each_ring(json_t *geom, void (*fn)(json_t *ring, void *ctx), void *ctx)
{
    const char *type = json_string_value(json_object_get(geom, "type"));
    json_t *coords = json_object_get(geom, "coordinates");
    size_t i, k;
    json_t *poly, *ring;
    if (!type)
        return;
    if (!strcmp(type, "Polygon")) {
        json_array_foreach(coords, i, ring) fn(ring, ctx);
    } else if (!strcmp(type, "MultiPolygon")) {
        json_array_foreach(coords, i, poly) json_array_foreach(poly, k, ring) fn(ring, ctx);
    }
}

static void bbox_fn(json_t *ring, void *ctx)
{
    ring_bbox(ring, ctx);
}

typedef struct proj {
    bbox bb;
    double k, kx;
    peel_buf *b;
} proj;

static void path_fn(json_t *ring, void *ctx)
{
    proj *p = ctx;
    size_t i;
    json_t *pt;
    char xs[32], ys[32];
    json_array_foreach(ring, i, pt)
    {
        double x = (json_number_value(json_array_get(pt, 0)) - p->bb.minx) * p->kx;
        double y = (p->bb.maxy - json_number_value(json_array_get(pt, 1))) * p->k;
        if (i)
            peel_html(p->b, "L%s %s", num1(xs, x + 5), num1(ys, y + 5));
        else
            peel_html(p->b, "M%s %s", num1(xs, x + 5), num1(ys, y + 5));
    }
    peel_html_lit(p->b, "Z");
}

static const char *const shades[5] = {"#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"};

static int map_svg(peel_buf *b, const peel_crime_view *v, json_t *root, const char *period)
{
    json_t *features = json_object_get(root, "features"), *f;
    size_t i;
    proj p = {.bb = {1e9, -1e9, 1e9, -1e9}, .b = b};
    int64_t maxn = 0;
    json_array_foreach(features, i, f) each_ring(json_object_get(f, "geometry"), bbox_fn, &p.bb);
    for (size_t k = 0; k < v->nparts; k++)
        if (v->parts[k].total > maxn)
            maxn = v->parts[k].total;
    double midlat = (p.bb.miny + p.bb.maxy) / 2 * M_PI / 180;
    double w = (p.bb.maxx - p.bb.minx) * cos(midlat), h = p.bb.maxy - p.bb.miny;
    if (w <= 0 || h <= 0)
        return 0;
    const double W = 700;
    p.k = W / (w > h ? w : h);
    p.kx = p.k * cos(midlat);
    int sw = (int)(w * p.k) + 10, sh = (int)(h * p.k) + 10;
    char desc[300];
    snprintf(desc, sizeof desc,
             "Map of the area's %zu LSOAs shaded by the number of crimes in %s, darker for more; "
             "the counts for every LSOA are in the table below.",
             json_array_size(features), period);
    svg_open(b, "map", sw, sh, "Crimes by LSOA", desc);
    json_array_foreach(features, i, f)
    {
        const char *name, *code = code_prop(f, &name);
        bool known;
        int64_t n = code ? count_of(v, code, &known) : 0;
        int cls = maxn ? (int)((n * 5 - 1) / maxn) : 0;
        if (cls < 0)
            cls = 0;
        if (cls > 4)
            cls = 4;
        peel_html(b,
                  "<path data-lsoa=\"%s\" fill=\"%s\" stroke=\"#ffffff\" "
                  "stroke-width=\"0.6\" d=\"",
                  code ? code : "", n ? shades[cls] : "#f3f2f1");
        each_ring(json_object_get(f, "geometry"), path_fn, &p);
        peel_html(b, "\"><title>%s (%s): %lld crimes</title></path>\n", name ? name : "",
                  code ? code : "", (long long)n);
    }
    peel_html_lit(b, "</svg>\n");
    return 1;
}

static const char *default_boundaries(char *buf, size_t n)
{
    const char *shared = getenv("PEEL_SHARED");
    snprintf(buf, n, "%s/data/geography/geo-lookups/boundaries",
             shared && *shared ? shared : "../shared");
    return buf;
}

/* The page's one <style> element.  A macro so the page template pastes it in
 * as a literal; peel_crime_pack_css is the same bytes for a CSP hash. */
#define PACK_CSS                                                                                   \
    "body{font-family:Arial,Helvetica,sans-serif;max-width:60em;margin:1em auto;padding:0 1em;"    \
    "color:#0b0c0c;line-height:1.4}h1{font-size:1.8em}h2{margin-top:2em;border-top:2px solid "     \
    "#b1b4b6;padding-top:.5em}table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid " \
    "#b1b4b6;padding:.25em .5em;text-align:left}td.num{text-align:right}caption{text-align:left;"  \
    "font-weight:bold;padding:.3em 0}.note{color:#505a5f;font-size:.9em}svg{max-width:100%;"       \
    "height:auto;display:block}footer{margin-top:3em;font-size:.9em;color:#505a5f}"

const char peel_crime_pack_css[] = PACK_CSS;

/* Says which month the headline comparisons end at and why (police.uk has
 * gaps: the latest month imported may have no data a year before it). */
static void headline_intro(peel_buf *b, peel_month month, int can, peel_month last)
{
    char m[8], l[8];
    peel_month_format(month, m);
    peel_month_format(last, l);
    if (can == 0)
        peel_html(b,
                  "<p>No comparison with a year before can be made yet: no month up to %s "
                  "has data for every month it would be compared with.</p>\n",
                  l);
    else if (can == 3 && month == last)
        peel_html(b, "<p>Comparisons end at %s, the latest month imported.</p>\n", m);
    else if (can == 3)
        peel_html(b,
                  "<p>Comparisons end at <strong>%s</strong>, the latest month for which "
                  "every comparison can be made: the months after it, to %s, lack data in "
                  "the months a year before them.</p>\n",
                  m, l);
    else
        peel_html(b,
                  "<p>Comparisons end at <strong>%s</strong>, the latest month for which "
                  "%d of the three comparisons can be made; no month has data for all "
                  "three.</p>\n",
                  m, can);
}

int peel_crime_pack_html(peel_store *s, const peel_crime_pack_opts *o, peel_buf *b, peel_err *err)
{
    peel_crime_view vall = {0}, v36 = {0}, v12 = {0};
    peel_crime_result cmp = {0}, spc_t = {0}, types = {0}, outs = {0}, hot = {0}, areas = {0};
    peel_crime_result stop_leg = {0}, stop_out = {0};
    peel_crime_view_args a = o->view;
    char from36[8], from12[8], to[8], hm[8], period[40], caption[80], dir[1024];
    json_t *geo = NULL;
    int rc = -1;

    /* Every month to the last asked for: the headline may need months
     * before --from, the trend the last 36 (clipped to the data), the rest
     * the last 12. */
    if (peel_crime_view_load(s, &a, &vall, err) < 0)
        return -1;
    peel_month last = vall.to, first = vall.from;
    if (o->view.from) {
        peel_crime_view_release(&vall);
        a.from = NULL;
        if (peel_crime_view_load(s, &a, &vall, err) < 0)
            return -1;
    }
    peel_month_format(last - 35 > first ? last - 35 : first, from36);
    peel_month_format(last - 11 > first ? last - 11 : first, from12);
    peel_month_format(last, to);
    a.from = from36;
    a.to = to;
    if (peel_crime_view_load(s, &a, &v36, err) < 0)
        goto out;
    a.from = from12;
    if (peel_crime_view_load(s, &a, &v12, err) < 0)
        goto out;
    snprintf(period, sizeof period, "%s to %s", from12, to);

    peel_month hmonth;
    int can = peel_crime_compare_month(&vall, &hmonth);
    peel_month_format(hmonth, hm);
    snprintf(caption, sizeof caption, "Crimes compared with a year before, to %s", hm);
    peel_crime_spc spc;
    peel_month bfrom, bto; /* the one baseline rule, as `peel crime spc` */
    peel_crime_spc_baseline(v36.from, v36.to, &bfrom, &bto);
    bool have_table =
        peel_crime_spc_limits(v36.month_total + (bfrom - v36.from), v36.have + (bfrom - v36.from),
                              (size_t)(bto - bfrom + 1), &spc) == 0;
    bool have_spc = have_table && spc.kind != PEEL_SPC_SPARSE; /* limits to draw */
    if (peel_crime_compare_at(&vall, hmonth, &cmp, err) < 0 ||
        (have_table && peel_crime_spc_table(&v36, bfrom, bto, &spc_t, err) < 0) ||
        peel_crime_summary(&v12, "type", s, &types, err) < 0 ||
        peel_crime_outcomes_latest(s, &v12, o->positive, &outs, err) < 0 ||
        peel_crime_hotspots(s, &v12, 10, &hot, err) < 0 ||
        peel_crime_summary(&v12, "area", s, &areas, err) < 0 ||
        peel_crime_stops(s, &v12, "legislation", &stop_leg, err) < 0 ||
        peel_crime_stops(s, &v12, "outcome", &stop_out, err) < 0)
        goto out;

    peel_html(b,
              "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
              "<title>Crime performance pack: %s</title>\n",
              v36.area.name);
    peel_html_lit(b, "<style>" PACK_CSS "</style>\n");
    peel_html(b,
              "</head>\n<body>\n<main>\n<h1>Crime performance pack: %s</h1>\n"
              "<p>Police recorded crime and anti-social behaviour from the police.uk "
              "street-level files, %s to %s. Methods are described in peel's "
              "docs/METHODS.md.</p>\n",
              v36.area.name, from36, to);

    peel_html_lit(b, "<h2>Headline figures</h2>\n");
    headline_intro(b, hmonth, can, last);
    html_table(b, &cmp, caption);

    peel_html_lit(b, "<h2>Trend and unusual months</h2>\n");
    trend_chart(b, &v36, &spc, have_spc);
    if (have_table)
        html_table(b, &spc_t, "Crimes per month, mean and control limits");

    /* The sections below cover the 12 calendar months to the last month;
     * police.uk has gaps, so say how many of them hold data. */
    size_t with_data = 0;
    for (size_t m = 0; m < v12.nm; m++)
        with_data += v12.have[m];
    if (with_data < 12)
        peel_html(b,
                  "<p class=\"note\">The sections below cover %s (%lld months); street data "
                  "was imported for %lld of them, so their counts are not a full year's.</p>\n",
                  period, (long long)v12.nm, (long long)with_data);

    peel_html_lit(b, "<h2>By crime type</h2>\n");
    bar_chart(b, "types", "Crimes by type, last 12 months", &types, 0, 1);
    html_table(b, &types, "Crimes by type, last 12 months");

    peel_html_lit(b, "<h2>Outcomes</h2>\n");
    bar_chart(b, "outcomes", "Crimes by last outcome, last 12 months", &outs, 0, 1);
    html_table(b, &outs, "Crimes by last outcome, last 12 months");

    peel_html_lit(b, "<h2>Repeat locations</h2>\n");
    html_table(b, &hot, "Locations with most crimes, last 12 months");

    /* Stop-and-search rows carry no LSOA: they are placed in the district by
     * their map point (search_place.c, docs/METHODS.md), and the
     * table's notes say how many were. */
    if (stop_leg.nrows) {
        peel_html(b,
                  "<h2>Stop and search</h2>\n<p class=\"note\">police.uk gives a search "
                  "no LSOA, only its anonymised map point; a search is counted in %s when "
                  "street crimes at the same point are recorded there (%s).</p>\n",
                  v12.area.name, period);
        bar_chart(b, "stops", "Searches by legislation, last 12 months", &stop_leg, 0, 1);
        html_table(b, &stop_leg, "Searches by legislation, last 12 months");
        html_table(b, &stop_out, "Searches by outcome, last 12 months");
    }

    peel_html_lit(b, "<h2>Map</h2>\n");
    if (!strcmp(v12.area.kind, "district")) {
        int m21 = 0, m11 = 0;
        const char *bdir = o->boundaries ? o->boundaries : default_boundaries(dir, sizeof dir);
        json_t *g21 = load_boundaries(bdir, "lsoa", v12.area.code, &v12, &m21);
        json_t *g11 = load_boundaries(bdir, "lsoa11", v12.area.code, &v12, &m11);
        geo = (g11 && m11 > m21) || !g21 ? g11 : g21;
        if (geo == g11)
            json_decref(g21);
        else
            json_decref(g11);
    }
    if (!geo || !map_svg(b, &v12, geo, period))
        peel_html_lit(b, "<p>No LSOA boundaries were found for this area, so no map is "
                         "drawn.</p>\n");
    html_table(b, &areas, "Crimes by LSOA, last 12 months");

    peel_html_lit(b, "</main>\n<footer>\n<p>Contains public sector information licensed under "
                     "the Open Government Licence v3.0 (police.uk data).</p>\n<p>Source: Office "
                     "for National Statistics licensed under the Open Government Licence v.3.0. "
                     "Contains OS data &#169; Crown copyright and database right.</p>\n"
                     "</footer>\n</body>\n</html>\n");
    if (b->failed) {
        peel_err_set(err, PEEL_ENOMEM, "the pack is too large");
        goto out;
    }
    rc = 0;
out:
    json_decref(geo);
    peel_crime_result_release(&cmp);
    peel_crime_result_release(&spc_t);
    peel_crime_result_release(&types);
    peel_crime_result_release(&outs);
    peel_crime_result_release(&hot);
    peel_crime_result_release(&areas);
    peel_crime_result_release(&stop_leg);
    peel_crime_result_release(&stop_out);
    peel_crime_view_release(&vall);
    peel_crime_view_release(&v36);
    peel_crime_view_release(&v12);
    return rc;
}

int peel_crime_pack(peel_store *s, const peel_crime_pack_opts *o, const char *path, peel_err *err)
{
    peel_buf b = PEEL_BUF_INIT;
    if (peel_crime_pack_html(s, o, &b, err) < 0) {
        peel_buf_release(&b);
        return -1;
    }
    FILE *f = fopen(path, "wb");
    if (!f) {
        peel_buf_release(&b);
        return peel_err_set(err, PEEL_EIO, "%s: %s", path, strerror(errno));
    }
    size_t w = fwrite(b.data, 1, b.len, f);
    int bad = fclose(f) != 0 || w != b.len;
    peel_buf_release(&b);
    if (bad)
        return peel_err_set(err, PEEL_EIO, "%s: cannot write", path);
    return 0;
}
