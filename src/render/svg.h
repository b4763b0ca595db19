/* svg.h - charts as inline SVG, through one writer: a line chart of values
 * over a run of periods (gaps are not zeros; optional reference lines such
 * as a mean and control limits), a horizontal bar chart of labelled
 * values, and a map: regions drawn from rings of points already projected
 * into the chart's own coordinates (x right, y down), each shaded by its
 * value on a sequential scale of up to five bins, with a legend of the bins
 * and a "No data" swatch for a region without a value.  Every chart has a title and a description
 * for screen readers (role="img", aria-labelledby), and every value goes through render/html.h, so
 * labels are escaped like any other text.
 *
 * Ownership: a peel_chart owns its strings and arrays (copied on the way
 * in); peel_chart_free releases it.  peel_svg_chart appends to the caller's
 * buffer and allocates nothing else.
 */
#ifndef PEEL_RENDER_SVG_H
#define PEEL_RENDER_SVG_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/vec.h"

enum peel_chart_kind { PEEL_CHART_LINE, PEEL_CHART_BAR, PEEL_CHART_MAP };

#define PEEL_CHART_MAX_REFS 4

typedef struct peel_chart_ref {
    char *label; /* "Mean", "Upper control limit" */
    double value;
    bool warn; /* drawn in the warning colour (a control limit), else calm */
} peel_chart_ref;

/* A map region's outline: rings of points, x y pairs, in chart units. */
typedef struct peel_chart_shape {
    PEEL_VEC(double) xy;   /* x y pairs, ring after ring */
    PEEL_VEC(size_t) ring; /* points in each ring, in order */
    PEEL_VEC(double) lxy;  /* the region's outline, when it is drawn from smaller */
    PEEL_VEC(size_t) line; /*   rings: open polylines, points in each */
    char *code;            /* "" or a code, written as the path's data-code */
} peel_chart_shape;

/* A map mark: a place drawn as a dot over the regions, in chart units,
 * with the label a screen reader and a pointer read. */
typedef struct peel_chart_mark {
    double x, y;
    char *label;
} peel_chart_mark;

typedef struct peel_chart {
    enum peel_chart_kind kind;
    char *id;           /* unique in the page: names the title and description */
    char *title, *desc; /* desc: what the chart shows, and where the numbers are */
    size_t n;
    char **labels;  /* n: a period (line) or a bar's label; "" for none */
    double *values; /* n */
    bool *have;     /* n: false for a period with no data (a gap) */
    peel_chart_ref refs[PEEL_CHART_MAX_REFS];
    size_t nrefs;
    size_t label_every; /* line: a period label every k points (0: 6) */
    /* map: one shape per point (region), the drawing's size, and the unit
     * named after each value ("crimes"); values are shown as whole numbers */
    peel_chart_shape *shapes; /* n */
    double map_w, map_h;
    char *unit;
    bool map_names;                  /* write each region's label on it (a few large regions) */
    PEEL_VEC(peel_chart_mark) marks; /* map: dots over the regions */
    char *mark_key;                  /* map: the legend's words for a dot */
} peel_chart;

/* A chart of n points, all gaps until set; NULL when out of memory. */
peel_chart *peel_chart_new(enum peel_chart_kind kind, const char *id, const char *title,
                           const char *desc, size_t n);
/* Point i: its label and value.  -1 when out of memory (the chart stays valid). */
int peel_chart_set(peel_chart *c, size_t i, const char *label, double value);
/* Point i's label alone: it stays a gap (no data).  -1 when out of memory. */
int peel_chart_label(peel_chart *c, size_t i, const char *label);
/* A reference line (line charts); -1 when full or out of memory. */
int peel_chart_ref_add(peel_chart *c, const char *label, double value, bool warn);
/* Map: region i's code (data-code) and unit of the values; -1 when out of
 * memory. */
int peel_chart_map_code(peel_chart *c, size_t i, const char *code);
int peel_chart_map_unit(peel_chart *c, const char *unit);
/* Map: appends a ring of npts points (x y pairs) to region i's shape. */
int peel_chart_map_ring(peel_chart *c, size_t i, const double *xy, size_t npts);
/* Map: appends an outline polyline of npts points to region i.  A region
 * with an outline is filled without seams between its rings, and the
 * outline is drawn over every region, dark: a district drawn from its
 * LSOAs shows the district's edge, not the LSOAs'. */
int peel_chart_map_line(peel_chart *c, size_t i, const double *xy, size_t npts);
/* Map: a dot at (x, y) labelled label, and the legend's words for every
 * dot ("a visit"); -1 when out of memory. */
int peel_chart_map_mark(peel_chart *c, double x, double y, const char *label);
int peel_chart_map_mark_key(peel_chart *c, const char *key);
/* Map: the upper bound of each of the bins the values fall in (whole
 * numbers, equal steps from 0 to the largest value; with a largest value
 * under PEEL_CHART_MAP_BINS, one bin per value, 0 on its own); returns how
 * many (1 to PEEL_CHART_MAP_BINS).  Region values above ub[k-1] and at most
 * ub[k] are in bin k (bin 0 from 0). */
#define PEEL_CHART_MAP_BINS 5
size_t peel_chart_map_bins(const peel_chart *c, long long ub[PEEL_CHART_MAP_BINS]);
void peel_chart_free(peel_chart *c);

/* Appends the chart as an <svg> element; -1 when out failed. */
int peel_svg_chart(peel_buf *out, const peel_chart *c);

#endif
