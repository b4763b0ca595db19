/* svg.c - the one chart writer (see svg.h).  The shapes follow the crime
 * pack's charts: a 720-unit wide drawing, axes in grey, data in blue,
 * control limits dashed in red and a mean dashed in green; a map in five
 * blues from light (few) to dark (many) with grey for no data, and its
 * legend below it; numbers are formatted here and inserted through the
 * HTML builder. */
#include "render/svg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/html.h"

static char *dup_or_empty(const char *s)
{
    return strdup(s ? s : "");
}

peel_chart *peel_chart_new(enum peel_chart_kind kind, const char *id, const char *title,
                           const char *desc, size_t n)
{
    peel_chart *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->kind = kind;
    c->n = n;
    c->id = dup_or_empty(id);
    c->title = dup_or_empty(title);
    c->desc = dup_or_empty(desc);
    c->labels = calloc(n + 1, sizeof *c->labels);
    c->values = calloc(n + 1, sizeof *c->values);
    c->have = calloc(n + 1, sizeof *c->have);
    if (kind == PEEL_CHART_MAP)
        c->shapes = calloc(n + 1, sizeof *c->shapes);
    if (!c->id || !c->title || !c->desc || !c->labels || !c->values || !c->have ||
        (kind == PEEL_CHART_MAP && !c->shapes)) {
        peel_chart_free(c);
        return NULL;
    }
    return c;
}

int peel_chart_set(peel_chart *c, size_t i, const char *label, double value)
{
    char *l;
    if (i >= c->n || !(l = dup_or_empty(label)))
        return -1;
    free(c->labels[i]);
    c->labels[i] = l;
    c->values[i] = value;
    c->have[i] = true;
    return 0;
}

int peel_chart_label(peel_chart *c, size_t i, const char *label)
{
    char *l;
    if (i >= c->n || !(l = dup_or_empty(label)))
        return -1;
    free(c->labels[i]);
    c->labels[i] = l;
    return 0;
}

int peel_chart_ref_add(peel_chart *c, const char *label, double value, bool warn)
{
    char *l;
    if (c->nrefs == PEEL_CHART_MAX_REFS || !(l = dup_or_empty(label)))
        return -1;
    c->refs[c->nrefs++] = (peel_chart_ref){.label = l, .value = value, .warn = warn};
    return 0;
}

int peel_chart_map_code(peel_chart *c, size_t i, const char *code)
{
    char *s;
    if (!c->shapes || i >= c->n || !(s = dup_or_empty(code)))
        return -1;
    free(c->shapes[i].code);
    c->shapes[i].code = s;
    return 0;
}

int peel_chart_map_unit(peel_chart *c, const char *unit)
{
    char *s = dup_or_empty(unit);
    if (!s)
        return -1;
    free(c->unit);
    c->unit = s;
    return 0;
}

int peel_chart_map_ring(peel_chart *c, size_t i, const double *xy, size_t npts)
{
    if (!c->shapes || i >= c->n)
        return -1;
    peel_chart_shape *s = &c->shapes[i];
    if (peel_vec_reserve(&s->xy, 2 * npts) < 0 || peel_vec_reserve(&s->ring, 1) < 0)
        return -1;
    memcpy(s->xy.v + s->xy.n, xy, npts * 2 * sizeof *xy);
    s->xy.n += 2 * npts;
    s->ring.v[s->ring.n++] = npts;
    return 0;
}

int peel_chart_map_line(peel_chart *c, size_t i, const double *xy, size_t npts)
{
    if (!c->shapes || i >= c->n)
        return -1;
    peel_chart_shape *s = &c->shapes[i];
    if (peel_vec_reserve(&s->lxy, 2 * npts) < 0 || peel_vec_reserve(&s->line, 1) < 0)
        return -1;
    memcpy(s->lxy.v + s->lxy.n, xy, npts * 2 * sizeof *xy);
    s->lxy.n += 2 * npts;
    s->line.v[s->line.n++] = npts;
    return 0;
}

int peel_chart_map_mark(peel_chart *c, double x, double y, const char *label)
{
    char *l = dup_or_empty(label);
    peel_chart_mark *m = l ? peel_vec_push(&c->marks) : NULL;
    if (!m) {
        free(l);
        return -1;
    }
    *m = (peel_chart_mark){.x = x, .y = y, .label = l};
    return 0;
}

int peel_chart_map_mark_key(peel_chart *c, const char *key)
{
    char *s = dup_or_empty(key);
    if (!s)
        return -1;
    free(c->mark_key);
    c->mark_key = s;
    return 0;
}

void peel_chart_free(peel_chart *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->marks.n; i++)
        free(c->marks.v[i].label);
    peel_vec_release(&c->marks);
    free(c->mark_key);
    for (size_t i = 0; c->shapes && i < c->n; i++) {
        peel_vec_release(&c->shapes[i].xy);
        peel_vec_release(&c->shapes[i].ring);
        peel_vec_release(&c->shapes[i].lxy);
        peel_vec_release(&c->shapes[i].line);
        free(c->shapes[i].code);
    }
    free(c->shapes);
    free(c->unit);
    for (size_t i = 0; c->labels && i < c->n; i++)
        free(c->labels[i]);
    for (size_t i = 0; i < c->nrefs; i++)
        free(c->refs[i].label);
    free(c->labels);
    free(c->values);
    free(c->have);
    free(c->id);
    free(c->title);
    free(c->desc);
    free(c);
}

/* A number with one decimal (or none) for an SVG attribute. */
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

/* The class names the kind, so a page's style can keep a chart's text
 * readable on a phone (a line or bar chart scrolls; a map scales). */
static void svg_open(peel_buf *b, const peel_chart *c, int w, int h)
{
    const char *kind = c->kind == PEEL_CHART_MAP   ? "map"
                       : c->kind == PEEL_CHART_BAR ? "bar"
                                                   : "line";
    peel_html(
        b,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart chart--%s\" viewBox=\"0 0 %d "
        "%d\" width=\"%d\" height=\"%d\" role=\"img\" aria-labelledby=\"%s-t %s-d\">\n"
        "<title id=\"%s-t\">%s</title>\n<desc id=\"%s-d\">%s</desc>\n",
        kind, w, h, w, h, c->id, c->id, c->id, c->title, c->id, c->desc);
}

static void line_chart(peel_buf *b, const peel_chart *c)
{
    const int W = 720, H = 300, L = 50, R = 10, T = 15, B = 40;
    size_t every = c->label_every ? c->label_every : 6;
    char x1[32], y1[32], y2[32];
    double maxv = 1;
    bool open = false;

    for (size_t m = 0; m < c->n; m++)
        if (c->have[m] && c->values[m] > maxv)
            maxv = c->values[m];
    for (size_t k = 0; k < c->nrefs; k++)
        if (c->refs[k].value > maxv)
            maxv = c->refs[k].value;
    maxv *= 1.1;
    double dx = c->n > 1 ? (double)(W - L - R) / (double)(c->n - 1) : 0;
#define X(m) (L + dx * (double)(m))
#define Y(val) (T + (H - T - B) * (1.0 - (val) / maxv))
    svg_open(b, c, W, H);
    peel_html(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#505a5f\"/>\n", L, H - B,
              W - R, H - B);
    peel_html(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#505a5f\"/>\n", L, T, L,
              H - B);
    for (int k = 0; k <= 4; k++) {
        double val = maxv * k / 4;
        peel_html(b, "<text x=\"%d\" y=\"%s\" font-size=\"11\" text-anchor=\"end\">%s</text>\n",
                  L - 4, num1(y1, Y(val) + 4), num0(y2, val));
    }
    for (size_t k = 0; k < c->nrefs; k++)
        peel_html(b,
                  "<line x1=\"%d\" y1=\"%s\" x2=\"%d\" y2=\"%s\" stroke=\"%s\" "
                  "stroke-dasharray=\"%s\"><title>%s</title></line>\n",
                  L, num1(y1, Y(c->refs[k].value)), W - R, num1(y2, Y(c->refs[k].value)),
                  c->refs[k].warn ? "#d4351c" : "#00703c", c->refs[k].warn ? "2 3" : "4 3",
                  c->refs[k].label);
    /* One polyline per run of points with data: a gap is not a zero. */
    for (size_t m = 0; m < c->n; m++) {
        if (!c->have[m]) {
            if (open)
                peel_html_lit(b, "\"/>\n");
            open = false;
            continue;
        }
        if (!open)
            peel_html_lit(b, "<polyline fill=\"none\" stroke=\"#1d70b8\" stroke-width=\"2\" "
                             "points=\"");
        open = true;
        peel_html(b, "%s,%s ", num1(x1, X(m)), num1(y1, Y(c->values[m])));
    }
    if (open)
        peel_html_lit(b, "\"/>\n");
    for (size_t m = 0; m < c->n; m++) {
        if (!c->have[m])
            continue;
        peel_html(b, "<circle cx=\"%s\" cy=\"%s\" r=\"2.5\" fill=\"#1d70b8\"/>\n", num1(x1, X(m)),
                  num1(y1, Y(c->values[m])));
        if (m % every == 0 && c->labels[m] && *c->labels[m])
            peel_html(b,
                      "<text x=\"%s\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s"
                      "</text>\n",
                      num1(x1, X(m)), H - B + 16, c->labels[m]);
    }
    peel_html_lit(b, "</svg>\n");
#undef X
#undef Y
}

static void bar_chart(peel_buf *b, const peel_chart *c)
{
    const int W = 720, rowh = 22, L = 300;
    int H = (int)c->n * rowh + 10;
    char wt[32], xt[32], vt[32];
    double maxv = 1;

    for (size_t i = 0; i < c->n; i++)
        if (c->have[i] && c->values[i] > maxv)
            maxv = c->values[i];
    svg_open(b, c, W, H);
    for (size_t i = 0; i < c->n; i++) {
        double w = c->have[i] && c->values[i] > 0 ? (W - L - 60) * c->values[i] / maxv : 0;
        int y = (int)i * rowh + 5;
        peel_html(b,
                  "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"end\">%s</text>\n"
                  "<rect x=\"%d\" y=\"%d\" width=\"%s\" height=\"%d\" fill=\"#1d70b8\"/>\n"
                  "<text x=\"%s\" y=\"%d\" font-size=\"12\">%s</text>\n",
                  L - 6, y + 15, c->labels[i] ? c->labels[i] : "", L, y + 2, num1(wt, w), rowh - 6,
                  num1(xt, L + w + 4), y + 15, c->have[i] ? num0(vt, c->values[i]) : "no data");
    }
    peel_html_lit(b, "</svg>\n");
}

/* ---- the map ---- */

static long long whole(double v)
{
    return (long long)(v < 0 ? v - 0.5 : v + 0.5);
}

size_t peel_chart_map_bins(const peel_chart *c, long long ub[PEEL_CHART_MAP_BINS])
{
    long long maxv = 0;
    for (size_t i = 0; i < c->n; i++)
        if (c->have[i] && whole(c->values[i]) > maxv)
            maxv = whole(c->values[i]);
    if (maxv <= 0) {
        ub[0] = 0;
        return 1;
    }
    if (maxv < PEEL_CHART_MAP_BINS) {
        /* a few: one bin per value, 0 on its own, so none reads as some */
        for (long long k = 0; k <= maxv; k++)
            ub[k] = k;
        return (size_t)maxv + 1;
    }
    size_t nb = PEEL_CHART_MAP_BINS;
    for (size_t k = 0; k < nb; k++) /* ceil(maxv * (k + 1) / nb) */
        ub[k] = (maxv * (long long)(k + 1) + (long long)nb - 1) / (long long)nb;
    return nb;
}

static const char *const map_shades[5] = {"#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"};
#define MAP_NO_DATA "#b1b4b6"

static const char *bin_shade(size_t k, size_t nb)
{
    return map_shades[nb > 1 ? k * 4 / (nb - 1) : 2];
}

static size_t bin_of(long long v, const long long *ub, size_t nb)
{
    for (size_t k = 0; k < nb; k++)
        if (v <= ub[k])
            return k;
    return nb - 1;
}

/* One ring as path data; consecutive points that round to the same place
 * are written once (the drawing is at a tenth of a unit). */
static void map_ring(peel_buf *b, const double *xy, size_t n, bool close)
{
    char xs[32], ys[32], px[32] = "", py[32] = "";
    for (size_t k = 0; k < n; k++) {
        num1(xs, xy[2 * k] + 5);
        num1(ys, xy[2 * k + 1] + 5);
        if (k && !strcmp(xs, px) && !strcmp(ys, py))
            continue;
        if (k)
            peel_html(b, "L%s %s", xs, ys);
        else
            peel_html(b, "M%s %s", xs, ys);
        memcpy(px, xs, sizeof px);
        memcpy(py, ys, sizeof py);
    }
    if (close)
        peel_html_lit(b, "Z");
}

/* Where to write a region's name: the centroid of its rings together,
 * each weighted by its area (a district drawn from its LSOAs is centred
 * as the district), and the region's width (*w). */
static bool region_centre(const peel_chart_shape *s, double *x, double *y, double *w)
{
    double area = 0, sx = 0, sy = 0, lo = 0, hi = 0;
    for (size_t r = 0, at = 0; r < s->ring.n; at += 2 * s->ring.v[r++]) {
        const double *p = s->xy.v + at;
        size_t n = s->ring.v[r];
        double a = 0, cx = 0, cy = 0;
        for (size_t k = 0; k < n; k++) {
            const double *q = p + 2 * ((k + 1) % n);
            double f = p[2 * k] * q[1] - q[0] * p[2 * k + 1];
            a += f;
            cx += (p[2 * k] + q[0]) * f;
            cy += (p[2 * k + 1] + q[1]) * f;
            lo = (r || k) && lo < p[2 * k] ? lo : p[2 * k];
            hi = (r || k) && hi > p[2 * k] ? hi : p[2 * k];
        }
        if (a == 0)
            continue;
        double wgt = a < 0 ? -a : a; /* each ring's centroid, by its area */
        sx += cx / (3 * a) * wgt;
        sy += cy / (3 * a) * wgt;
        area += wgt;
    }
    if (area <= 0)
        return false;
    *x = sx / area;
    *y = sy / area;
    *w = hi - lo;
    return true;
}

static void map_chart(peel_buf *b, const peel_chart *c)
{
    const int row = 30, sw = 22, font = 18;
    long long ub[PEEL_CHART_MAP_BINS];
    size_t nb = peel_chart_map_bins(c, ub);
    const char *unit = c->unit ? c->unit : "";
    int mw = (int)(c->map_w + 0.5) + 10, mh = (int)(c->map_h + 0.5) + 10;
    int w = mw < 320 ? 320 : mw,
        h = mh + 10 + row * (int)(nb + 2 + (c->mark_key && c->marks.n ? 1 : 0));

    svg_open(b, c, w, h);
    for (size_t i = 0; i < c->n; i++) {
        const peel_chart_shape *s = &c->shapes[i];
        long long v = whole(c->values[i]);
        if (!s->ring.n)
            continue;
        const char *fill = c->have[i] ? bin_shade(bin_of(v, ub, nb), nb) : MAP_NO_DATA;
        /* with an outline, the seams between its rings take the fill */
        peel_html(b,
                  "<path data-code=\"%s\" fill=\"%s\" stroke=\"%s\" stroke-width=\"0.5\" "
                  "stroke-linejoin=\"round\" d=\"",
                  s->code ? s->code : "", fill, s->line.n ? fill : "#ffffff");
        for (size_t r = 0, at = 0; r < s->ring.n; at += 2 * s->ring.v[r++])
            map_ring(b, s->xy.v + at, s->ring.v[r], true);
        if (c->have[i])
            peel_html(b, "\"><title>%s: %lld %s</title></path>\n", c->labels[i], v, unit);
        else
            peel_html(b, "\"><title>%s: no data</title></path>\n", c->labels[i]);
    }
    for (size_t i = 0; i < c->n; i++) {
        const peel_chart_shape *s = &c->shapes[i];
        if (!s->line.n)
            continue;
        peel_html_lit(b, "<path fill=\"none\" stroke=\"#0b0c0c\" stroke-width=\"1\" "
                         "stroke-linejoin=\"round\" d=\"");
        for (size_t r = 0, at = 0; r < s->line.n; at += 2 * s->line.v[r++])
            map_ring(b, s->lxy.v + at, s->line.v[r], false);
        peel_html_lit(b, "\"/>\n");
    }
    /* Names on the regions wide enough for them (about 0.55 em a letter),
     * with a white halo to read on any shade; the titles above and the
     * table beside the map name every region. */
    for (size_t i = 0; c->map_names && i < c->n; i++) {
        double x, y, rw;
        char xs[32], ys[32];
        if (!c->shapes[i].ring.n || !c->labels[i] || !*c->labels[i] ||
            !region_centre(&c->shapes[i], &x, &y, &rw) ||
            rw < 0.55 * 16 * (double)strlen(c->labels[i]))
            continue;
        peel_html(b,
                  "<text x=\"%s\" y=\"%s\" font-size=\"16\" text-anchor=\"middle\" "
                  "fill=\"#0b0c0c\" stroke=\"#ffffff\" stroke-width=\"3\" "
                  "paint-order=\"stroke\" aria-hidden=\"true\">%s</text>\n",
                  num1(xs, x + 5), num1(ys, y + 9), c->labels[i]);
    }
    /* The dots, over everything but the legend, each named. */
    for (size_t i = 0; i < c->marks.n; i++) {
        char xs[32], ys[32];
        peel_html(b,
                  "<circle class=\"mark\" cx=\"%s\" cy=\"%s\" r=\"6\" fill=\"#d4351c\" "
                  "stroke=\"#ffffff\" stroke-width=\"2\"><title>%s</title></circle>\n",
                  num1(xs, c->marks.v[i].x + 5), num1(ys, c->marks.v[i].y + 5),
                  c->marks.v[i].label);
    }
    /* The legend: a heading, a swatch and its range per bin, then no data. */
    int y = mh + 10;
    peel_html(b,
              "<g class=\"legend\">\n<text x=\"5\" y=\"%d\" font-size=\"%d\" "
              "font-weight=\"bold\">Key: number of %s</text>\n",
              y + font, font, unit);
    for (size_t k = 0; k <= nb; k++) {
        long long lo = k ? ub[k - 1] + 1 : 0;
        y += row;
        peel_html(b,
                  "<rect x=\"5\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" "
                  "stroke=\"#505a5f\" stroke-width=\"0.5\"/>\n",
                  y + 2, sw, sw, k < nb ? bin_shade(k, nb) : MAP_NO_DATA);
        if (k == nb)
            peel_html(b, "<text x=\"%d\" y=\"%d\" font-size=\"%d\">No data</text>\n", sw + 12,
                      y + font, font);
        else if (lo == ub[k])
            peel_html(b, "<text x=\"%d\" y=\"%d\" font-size=\"%d\">%lld</text>\n", sw + 12,
                      y + font, font, ub[k]);
        else
            peel_html(b, "<text x=\"%d\" y=\"%d\" font-size=\"%d\">%lld to %lld</text>\n", sw + 12,
                      y + font, font, lo, ub[k]);
    }
    if (c->mark_key && c->marks.n) {
        y += row;
        peel_html(b,
                  "<circle cx=\"%d\" cy=\"%d\" r=\"6\" fill=\"#d4351c\" stroke=\"#ffffff\" "
                  "stroke-width=\"2\"/>\n<text x=\"%d\" y=\"%d\" font-size=\"%d\">%s</text>\n",
                  5 + sw / 2, y + 2 + sw / 2, sw + 12, y + font, font, c->mark_key);
    }
    peel_html_lit(b, "</g>\n</svg>\n");
}

int peel_svg_chart(peel_buf *out, const peel_chart *c)
{
    if (c->kind == PEEL_CHART_MAP)
        map_chart(out, c);
    else if (c->kind == PEEL_CHART_BAR)
        bar_chart(out, c);
    else
        line_chart(out, c);
    return out->failed ? -1 : 0;
}
