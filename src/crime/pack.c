/* pack.c - builds the performance pack for an area as a report model
 * (render/doc.h): headings, paragraphs, notices, tables and figures, which
 * the renderers turn into a self-contained HTML file, plain text, or the
 * blocks of a web page.  Nothing here writes markup.
 *
 * Every chart has the same figures in a table beside it.  A section that
 * cannot be shown says why in a notice (no stop-and-search files imported,
 * no boundaries for the map, no population figures for rates) rather than
 * vanishing; table columns empty in every row are left out.  The map's
 * polygons come from crime/shapes.c (GeoJSON read and projected there).
 */
#include "crime/pack.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crime/shapes.h"
#include "store/crime_db.h"

#define PACK_SOURCE "police.uk street-level crime data (Open Government Licence v3.0)"

/* A result table as a doc table under its caption: the headers for people,
 * numeric columns right-aligned, empty columns left out, and the result's
 * notes as a paragraph after it. */
static void result_table(peel_doc *d, const peel_crime_result *r, const char *caption)
{
    peel_doc_table *t = peel_doc_table_add(d, caption ? caption : r->title, r->ncols, 1, false);
    if (!t)
        return;
    peel_doc_table_row(d, t, (const char *const *)r->heads);
    for (size_t i = 0; i < r->nrows; i++)
        peel_doc_table_row(d, t, (const char *const *)&r->cells[i * r->ncols]);
    for (size_t c = 0; c < r->ncols; c++)
        if (r->numeric[c])
            peel_doc_table_numeric(d, t, c);
    peel_doc_table_drop_empty(d, t);
    if (r->notes.len)
        peel_doc_add(d, PEEL_BLOCK_PARA, 0, NULL, peel_buf_str(&r->notes));
}

/* Horizontal bars from a result table's label column and count column. */
static void bar_figure(peel_doc *d, const char *id, const char *title, const peel_crime_result *r)
{
    peel_chart *c = peel_chart_new(PEEL_CHART_BAR, id, title,
                                   "Bar chart; the same figures are in the table below.", r->nrows);
    for (size_t i = 0; c && i < r->nrows; i++)
        if (peel_chart_set(c, i, r->cells[i * r->ncols], atof(r->cells[i * r->ncols + 1])) < 0)
            d->failed = true;
    if (!c)
        d->failed = true;
    peel_doc_figure(d, c, title, PACK_SOURCE);
}

/* Trend: monthly counts (a month without data is a gap), mean and limits. */
static void trend_figure(peel_doc *d, const peel_crime_view *v, const peel_crime_spc *spc,
                         bool have_spc)
{
    peel_chart *c = peel_chart_new(PEEL_CHART_LINE, "trend", "Crimes per month with control limits",
                                   "Line chart of crimes per month with the mean and control "
                                   "limits; the same figures are in the table below.",
                                   v->nm);
    char month[8];
    if (!c) {
        d->failed = true;
        return;
    }
    for (size_t m = 0; m < v->nm; m++) {
        peel_month_format(v->from + (peel_month)m, month);
        if (v->have[m] && peel_chart_set(c, m, month, (double)v->month_total[m]) < 0)
            d->failed = true;
    }
    if (have_spc && (peel_chart_ref_add(c, "Mean", spc->mean, false) < 0 ||
                     peel_chart_ref_add(c, "Upper control limit", spc->ucl, true) < 0 ||
                     peel_chart_ref_add(c, "Lower control limit", spc->lcl, true) < 0))
        d->failed = true;
    peel_doc_figure(d, c, "Crimes per month; a month without data is a gap in the line, not a zero",
                    PACK_SOURCE);
}

/* ---- the map ---- */

static const peel_crime_part *part_of(const peel_crime_view *v, const char *code)
{
    for (size_t i = 0; i < v->nparts; i++)
        if (!strcmp(v->parts[i].code, code))
            return &v->parts[i];
    return NULL;
}

static size_t matches(const peel_shapes *s, const peel_crime_view *v)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++)
        n += part_of(v, s->v[i].code) != NULL;
    return n;
}

/* The district's LSOA boundaries: the 2021 or the 2011 set, whichever
 * names more of the view's LSOAs.  0 when neither is there. */
static int district_shapes(const char *dir, const peel_crime_view *v, peel_shapes *out)
{
    peel_shapes s11 = {0};
    int n21 = peel_shapes_load(out, dir, "lsoa", v->area.code);
    int n11 = peel_shapes_load(&s11, dir, "lsoa11", v->area.code);
    if (n21 < 0 || n11 < 0) {
        peel_shapes_release(&s11);
        return -1;
    }
    if (n11 > 0 && (n21 == 0 || matches(&s11, v) > matches(out, v))) {
        peel_shapes_release(out);
        *out = s11;
        return n11;
    }
    peel_shapes_release(&s11);
    return n21;
}

/* The district's LSOA codes (area records under it): an LSOA among them
 * without a count had no crimes; one not among them has no count at all. */
typedef struct lsoa_codes {
    PEEL_VEC(char *) codes;
    bool failed;
} lsoa_codes;

static int lsoa_cb(void *ctx, const peel_crime_area *a, peel_err *err)
{
    lsoa_codes *lc = ctx;
    char **p = peel_vec_push(&lc->codes);
    (void)err;
    if (!p || !(*p = strdup(a->code)))
        lc->failed = true;
    return 0;
}

static bool in_codes(const lsoa_codes *lc, const char *code)
{
    for (size_t i = 0; i < lc->codes.n; i++)
        if (lc->codes.v[i] && !strcmp(lc->codes.v[i], code))
            return true;
    return false;
}

static void map_draw(peel_doc *d, const peel_crime_view *v, const lsoa_codes *lc, const char *dir,
                     const char *period);

/* The map figure, or a notice saying why there is none. */
static int map_section(peel_doc *d, peel_store *st, const peel_crime_view *v, const char *dir,
                       const char *period, peel_err *err)
{
    lsoa_codes lc = {0};
    int rc = 0;
    if (!strcmp(v->area.kind, "district") &&
        peel_crime_db_areas(st, v->area.id, "lsoa", lsoa_cb, &lc, err) < 0)
        rc = -1;
    if (lc.failed)
        d->failed = true;
    if (rc == 0)
        map_draw(d, v, &lc, dir, period);
    for (size_t i = 0; i < lc.codes.n; i++)
        free(lc.codes.v[i]);
    peel_vec_release(&lc.codes);
    return rc;
}

static void map_draw(peel_doc *d, const peel_crime_view *v, const lsoa_codes *lc, const char *dir,
                     const char *period)
{
    peel_shapes s = {0};
    peel_shapes_proj p;
    int n = strcmp(v->area.kind, "district") ? 0 : district_shapes(dir, v, &s);
    if (n < 0) {
        d->failed = true;
        return;
    }
    if (n == 0 || !peel_shapes_fit(&s, 600, &p)) {
        peel_doc_add(d, PEEL_BLOCK_NOTICE, 0, NULL,
                     "No map: no LSOA boundaries were found for this area. The counts for "
                     "every LSOA are in the table below.");
        peel_shapes_release(&s);
        return;
    }
    char desc[300], label[200];
    snprintf(desc, sizeof desc,
             "Map of the area's %zu LSOAs shaded by the number of crimes in %s, darker for more, "
             "grey where there is no count; the counts for every LSOA are in the table below.",
             s.n, period);
    peel_chart *c = peel_chart_new(PEEL_CHART_MAP, "map", "Crimes by LSOA", desc, s.n);
    if (!c || peel_chart_map_unit(c, "crimes") < 0) {
        peel_chart_free(c);
        peel_shapes_release(&s);
        d->failed = true;
        return;
    }
    c->map_w = p.w;
    c->map_h = p.h;
    for (size_t i = 0; i < s.n; i++) {
        const peel_crime_part *part = part_of(v, s.v[i].code);
        snprintf(label, sizeof label, "%s (%s)", s.v[i].name, s.v[i].code);
        int rc = part                        ? peel_chart_set(c, i, label, (double)part->total)
                 : in_codes(lc, s.v[i].code) ? peel_chart_set(c, i, label, 0)
                                             : peel_chart_label(c, i, label); /* no data */
        if (rc < 0 || peel_chart_map_code(c, i, s.v[i].code) < 0 ||
            peel_shapes_chart(&s.v[i], &p, c, i) < 0)
            d->failed = true;
    }
    peel_shapes_release(&s);
    snprintf(desc, sizeof desc, "Crimes by LSOA, %s: darker for more, grey for no count", period);
    peel_doc_figure(d, c, desc,
                    "police.uk; LSOA boundaries from the Office for National Statistics");
}

/* Says which month the headline comparisons end at and why (police.uk has
 * gaps: the latest month imported may have no data a year before it). */
static void headline_intro(peel_doc *d, peel_month month, int can, peel_month last)
{
    char m[8], l[8];
    peel_month_format(month, m);
    peel_month_format(last, l);
    if (can == 0)
        peel_doc_addf(d, PEEL_BLOCK_NOTICE, 0,
                      "No comparison with a year before can be made yet: no month up to %s has "
                      "data for every month it would be compared with.",
                      l);
    else if (can == 3 && month == last)
        peel_doc_addf(d, PEEL_BLOCK_PARA, 0, "Comparisons end at %s, the latest month imported.",
                      m);
    else if (can == 3)
        peel_doc_addf(d, PEEL_BLOCK_PARA, 0,
                      "Comparisons end at %s, the latest month for which every comparison can "
                      "be made: the months after it, to %s, lack data in the months a year "
                      "before them.",
                      m, l);
    else
        peel_doc_addf(d, PEEL_BLOCK_PARA, 0,
                      "Comparisons end at %s, the latest month for which %d of the three "
                      "comparisons can be made; no month has data for all three.",
                      m, can);
}

/* Stop and search: the searches placed in the area, or why there are none. */
static int stops_section(peel_doc *d, peel_store *s, const peel_crime_view *v12,
                         const peel_crime_result *leg, const peel_crime_result *outc,
                         const char *period, peel_err *err)
{
    int forces[12] = {0};
    size_t with_files = 0;
    peel_doc_add(d, PEEL_BLOCK_HEADING, 1, NULL, "Stop and search");
    if (v12->nm <= 12 && v12->nm &&
        peel_crime_month_files(s, "stop-and-search", v12->from, v12->to, forces, err) < 0)
        return -1;
    for (size_t m = 0; m < v12->nm && m < 12; m++)
        with_files += forces[m] > 0;
    if (!leg->nrows) {
        if (!with_files)
            peel_doc_addf(d, PEEL_BLOCK_NOTICE, 0,
                          "No stop and search figures: no police.uk stop-and-search files are "
                          "imported for %s.",
                          period);
        else
            peel_doc_addf(d, PEEL_BLOCK_NOTICE, 0,
                          "No stop and search figures: stop-and-search files are imported for "
                          "%zu of the %zu months of %s, but no search in them is placed in %s.",
                          with_files, v12->nm, period, v12->area.name);
        return 0;
    }
    /* Stop-and-search rows carry no LSOA: they are placed in the district
     * by their map point (search_place.c, docs/METHODS.md), and the table's
     * notes say how many were. */
    peel_doc_addf(d, PEEL_BLOCK_PARA, 0,
                  "police.uk gives a search no LSOA, only its anonymised map point; a search is "
                  "counted in %s when street crimes at the same point are recorded there (%s). "
                  "Stop-and-search files are imported for %zu of the %zu months.",
                  v12->area.name, period, with_files, v12->nm);
    bar_figure(d, "stops", "Searches by legislation, last 12 months", leg);
    result_table(d, leg, "Searches by legislation, last 12 months");
    result_table(d, outc, "Searches by outcome, last 12 months");
    return 0;
}

int peel_crime_pack_doc(peel_store *s, const peel_crime_pack_opts *o, peel_doc *d, peel_err *err)
{
    peel_crime_view vall = {0}, v36 = {0}, v12 = {0};
    peel_crime_result cmp = {0}, spc_t = {0}, types = {0}, outs = {0}, hot = {0}, areas = {0};
    peel_crime_result stop_leg = {0}, stop_out = {0};
    peel_crime_view_args a = o->view;
    char from36[8], from12[8], to[8], hm[8], period[40], caption[80], dir[1024];
    int rc = -1;

    memset(d, 0, sizeof *d);
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

    peel_doc_addf(d, PEEL_BLOCK_TITLE, 0, "Crime performance pack: %s", v36.area.name);
    peel_doc_addf(d, PEEL_BLOCK_PARA, 0,
                  "Police recorded crime and anti-social behaviour from the police.uk "
                  "street-level files, %s to %s. Methods are described in peel's "
                  "docs/METHODS.md.",
                  from36, to);
    {
        size_t held = 0;
        peel_buf runs = PEEL_BUF_INIT;
        for (size_t m = 0; m < v36.nm; m++)
            held += v36.have[m];
        if (held < v36.nm) {
            peel_crime_month_runs(&runs, v36.from, v36.to, v36.have, false);
            peel_doc_addf(d, PEEL_BLOCK_NOTICE, 0,
                          "%zu of the %zu months from %s to %s hold street data; none is "
                          "imported for %s.",
                          held, v36.nm, from36, to, peel_buf_str(&runs));
        } else {
            peel_doc_addf(d, PEEL_BLOCK_PARA, 0, "All %zu months from %s to %s hold street data.",
                          v36.nm, from36, to);
        }
        if (runs.failed)
            d->failed = true;
        peel_buf_release(&runs);
    }

    peel_doc_add(d, PEEL_BLOCK_HEADING, 1, NULL, "Headline figures");
    headline_intro(d, hmonth, can, last);
    result_table(d, &cmp, caption);

    peel_doc_add(d, PEEL_BLOCK_HEADING, 1, NULL, "Trend and unusual months");
    trend_figure(d, &v36, &spc, have_spc);
    if (have_table)
        result_table(d, &spc_t, "Crimes per month, mean and control limits");
    else {
        char b1[8], b2[8];
        peel_month_format(bfrom, b1);
        peel_month_format(bto, b2);
        peel_doc_addf(d, PEEL_BLOCK_NOTICE, 0,
                      "No control limits: fewer than two months of the baseline (%s to %s) hold "
                      "data, or they give no moving range (docs/METHODS.md).",
                      b1, b2);
    }

    /* The sections below cover the 12 calendar months to the last month;
     * police.uk has gaps, so say how many of them hold data. */
    size_t with_data = 0;
    for (size_t m = 0; m < v12.nm; m++)
        with_data += v12.have[m];
    if (with_data < 12)
        peel_doc_addf(d, PEEL_BLOCK_NOTICE, 0,
                      "The sections below cover %s (%zu months); street data was imported for "
                      "%zu of them, so their counts are not a full year's.",
                      period, v12.nm, with_data);

    peel_doc_add(d, PEEL_BLOCK_HEADING, 1, NULL, "By crime type");
    if (types.nrows) {
        bar_figure(d, "types", "Crimes by type, last 12 months", &types);
        result_table(d, &types, "Crimes by type, last 12 months");
    } else {
        peel_doc_addf(d, PEEL_BLOCK_NOTICE, 0, "No crimes are recorded in %s in %s.", v12.area.name,
                      period);
    }

    peel_doc_add(d, PEEL_BLOCK_HEADING, 1, NULL, "Outcomes");
    if (outs.nrows) {
        bar_figure(d, "outcomes", "Crimes by last outcome, last 12 months", &outs);
        result_table(d, &outs, "Crimes by last outcome, last 12 months");
    } else {
        peel_doc_addf(d, PEEL_BLOCK_NOTICE, 0, "No outcomes: no crime is recorded in %s in %s.",
                      v12.area.name, period);
    }

    peel_doc_add(d, PEEL_BLOCK_HEADING, 1, NULL, "Repeat locations");
    if (hot.nrows)
        result_table(d, &hot, "Locations with most crimes, last 12 months");
    else
        peel_doc_addf(d, PEEL_BLOCK_NOTICE, 0,
                      "No repeat locations: no crime in %s has a described location in %s.",
                      v12.area.name, period);

    if (stops_section(d, s, &v12, &stop_leg, &stop_out, period, err) < 0)
        goto out;

    peel_doc_add(d, PEEL_BLOCK_HEADING, 1, NULL, "Rates per 1,000 residents");
    peel_doc_add(d, PEEL_BLOCK_NOTICE, 0, NULL,
                 "No rates: peel holds no population figures for the area's LSOAs, so crimes "
                 "are given as counts, not per 1,000 residents.");

    peel_doc_add(d, PEEL_BLOCK_HEADING, 1, NULL, "Map");
    if (map_section(d, s, &v12, o->boundaries ? o->boundaries : peel_shapes_dir(dir, sizeof dir),
                    period, err) < 0)
        goto out;
    result_table(d, &areas, "Crimes by LSOA, last 12 months");

    peel_doc_add(d, PEEL_BLOCK_HEADING, 1, NULL, "Sources");
    peel_doc_add(d, PEEL_BLOCK_PARA, 0, NULL,
                 "Contains public sector information licensed under the Open Government "
                 "Licence v3.0 (police.uk data).");
    peel_doc_add(d, PEEL_BLOCK_PARA, 0, NULL,
                 "Source: Office for National Statistics licensed under the Open Government "
                 "Licence v.3.0. Contains OS data \u00a9 Crown copyright and database right.");
    if (d->failed) {
        peel_err_set(err, PEEL_ENOMEM, "out of memory building the pack");
        goto out;
    }
    rc = 0;
out:
    if (rc < 0)
        peel_doc_free(d);
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

static int render(peel_store *s, const peel_crime_pack_opts *o, bool text, peel_buf *out,
                  peel_err *err)
{
    peel_doc d;
    if (peel_crime_pack_doc(s, o, &d, err) < 0)
        return -1;
    int rc = text ? peel_doc_text(&d, out) : peel_doc_html(&d, out);
    peel_doc_free(&d);
    if (rc < 0 || out->failed)
        return peel_err_set(err, PEEL_ENOMEM, "the pack is too large");
    return 0;
}

int peel_crime_pack_html(peel_store *s, const peel_crime_pack_opts *o, peel_buf *out, peel_err *err)
{
    return render(s, o, false, out, err);
}

int peel_crime_pack_text(peel_store *s, const peel_crime_pack_opts *o, peel_buf *out, peel_err *err)
{
    return render(s, o, true, out, err);
}

int peel_crime_pack(peel_store *s, const peel_crime_pack_opts *o, const char *path, bool text,
                    peel_err *err)
{
    peel_buf b = PEEL_BUF_INIT;
    if (render(s, o, text, &b, err) < 0) {
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
