/* svg.h - charts as inline SVG, through one writer: a line chart of values
 * over a run of periods (gaps are not zeros; optional reference lines such
 * as a mean and control limits) and a horizontal bar chart of labelled
 * values.  Every chart has a title and a description for screen readers
 * (role="img", aria-labelledby), and every value goes through
 * render/html.h, so labels are escaped like any other text.
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

enum peel_chart_kind { PEEL_CHART_LINE, PEEL_CHART_BAR };

#define PEEL_CHART_MAX_REFS 4

typedef struct peel_chart_ref {
    char *label; /* "Mean", "Upper control limit" */
    double value;
    bool warn; /* drawn in the warning colour (a control limit), else calm */
} peel_chart_ref;

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
} peel_chart;

/* A chart of n points, all gaps until set; NULL when out of memory. */
peel_chart *peel_chart_new(enum peel_chart_kind kind, const char *id, const char *title,
                           const char *desc, size_t n);
/* Point i: its label and value.  -1 when out of memory (the chart stays valid). */
int peel_chart_set(peel_chart *c, size_t i, const char *label, double value);
/* A reference line (line charts); -1 when full or out of memory. */
int peel_chart_ref_add(peel_chart *c, const char *label, double value, bool warn);
void peel_chart_free(peel_chart *c);

/* Appends the chart as an <svg> element; -1 when out failed. */
int peel_svg_chart(peel_buf *out, const peel_chart *c);

#endif
