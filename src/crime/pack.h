/* pack.h - the district performance pack: the headline comparison, a
 * trend chart with control limits, crime types, outcomes, repeat
 * locations, stop and search, and a map of the area's LSOAs shaded by
 * crime count (crime/shapes.c reads the ONS GeoJSON boundaries), each chart
 * beside its data table, built as a report model (render/doc.h).
 *
 * peel_crime_pack_doc() builds the model, which the web application shows
 * inside its own page (src/web/pages_crime.c); peel_crime_pack_html() and
 * _text() render it as one self-contained HTML page or plain text, and
 * peel_crime_pack() writes either to a file.  Its headline comparisons end
 * at the latest month for which they can be made, which the pack names
 * (docs/METHODS.md).  Ownership: the caller frees the doc (peel_doc_free)
 * and the buffers.
 */
#ifndef PEEL_CRIME_PACK_H
#define PEEL_CRIME_PACK_H

#include "core/buf.h"
#include "core/err.h"
#include "crime/report.h"
#include "render/doc.h"
#include "store/store.h"

typedef struct peel_crime_pack_opts {
    peel_crime_view_args view; /* area required */
    const char *boundaries;    /* folder with lsoa/ and lsoa11/ GeoJSON; NULL: default */
    const char *positive;      /* positive outcome list, NULL: default */
} peel_crime_pack_opts;

/* The model; on failure d is empty (nothing to free). */
int peel_crime_pack_doc(peel_store *s, const peel_crime_pack_opts *o, peel_doc *d, peel_err *err);
int peel_crime_pack_html(peel_store *s, const peel_crime_pack_opts *o, peel_buf *out,
                         peel_err *err);
int peel_crime_pack_text(peel_store *s, const peel_crime_pack_opts *o, peel_buf *out,
                         peel_err *err);
/* Writes the HTML page, or the text when `text`, to path. */
int peel_crime_pack(peel_store *s, const peel_crime_pack_opts *o, const char *path, bool text,
                    peel_err *err);

#endif
