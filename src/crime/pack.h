/* pack.h - the district performance pack: one self-contained, accessible
 * HTML page (no external requests) with the headline comparison, SVG charts
 * each beside its data table, repeat locations and an SVG map of the area's
 * LSOAs shaded by crime count, drawn from ONS GeoJSON boundaries.
 *
 * peel_crime_pack_html() appends the page to a buffer (the web application
 * serves the same bytes, src/web/pages_crime.c); peel_crime_pack() writes it
 * to a file.  The page is written through the one HTML builder
 * (render/html.h).  Its headline comparisons end at the latest month for
 * which they can be made, which the page names (docs/METHODS.md).
 */
#ifndef PEEL_CRIME_PACK_H
#define PEEL_CRIME_PACK_H

#include "core/buf.h"
#include "core/err.h"
#include "crime/report.h"
#include "store/store.h"

typedef struct peel_crime_pack_opts {
    peel_crime_view_args view; /* area required */
    const char *boundaries;    /* folder with lsoa/ and lsoa11/ GeoJSON; NULL: default */
    const char *positive;      /* positive outcome list, NULL: default */
} peel_crime_pack_opts;

/* The text of the page's one <style> element, byte for byte: a server that
 * forbids inline style can allow exactly this one by its SHA-256 hash. */
extern const char peel_crime_pack_css[];

int peel_crime_pack_html(peel_store *s, const peel_crime_pack_opts *o, peel_buf *out,
                         peel_err *err);
int peel_crime_pack(peel_store *s, const peel_crime_pack_opts *o, const char *path, peel_err *err);

#endif
