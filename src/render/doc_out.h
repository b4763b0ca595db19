/* doc_out.h - a report's content model (render/doc.h) as a file to hand
 * out: a tagged PDF drawn with cairo and laid out with pango (doc_pdf.c),
 * a spreadsheet of its tables (doc_xlsx.c) and the same tables as CSV
 * (doc_csv.c).  Each walks the blocks only, so a public model, which holds
 * nothing withheld, cannot leak through any of them.
 *
 * PDF: A4, DejaVu Sans through fontconfig (embedded, subset, as cairo
 * does), structure tags (Document, H1..H4, P, L/LI, Table/TR/TH/TD,
 * Figure with its Caption) so the file is a tagged PDF, an outline of the
 * headings, table header rows repeated on every page a table spans, the
 * security marking centred at the top and bottom of every page and
 * "Page N of M" at the foot, charts drawn natively from peel_chart.  The
 * marking is the stricter of the one asked for and the model's own
 * (a model with sensitive blocks is at least OFFICIAL-SENSITIVE).
 *
 * An agenda pack holds several models, each from a new page, each a
 * top-level bookmark with its headings under it, each with its own marking
 * and its own page numbers (a paper's "Page 3 of 9" is the same in the pack
 * as in the paper alone); the strictest marking of them all is the pack's,
 * in its metadata.
 *
 * Files are written beside `path` and renamed into place, so a failure
 * leaves no partial file.  Ownership: the caller keeps the models and the
 * options' strings; peel_pdf_close frees the pack, also on failure.
 */
#ifndef PEEL_RENDER_DOC_OUT_H
#define PEEL_RENDER_DOC_OUT_H

#include "core/buf.h"
#include "core/err.h"
#include "render/doc.h"

typedef struct peel_pdf_opts {
    const char *marking; /* "OFFICIAL", "OFFICIAL-SENSITIVE"; NULL: from the model */
    const char *author;  /* document metadata; NULL for none */
    const char *subject;
} peel_pdf_opts;

/* One model as a PDF at path (o may be NULL). */
int peel_doc_pdf(const peel_doc *d, const peel_pdf_opts *o, const char *path, peel_err *err);

/* An agenda pack: several docs in one PDF, each starting on a new page, each a
   top-level bookmark with its headings nested under it, each with its own
   marking (the strictest marking overall is the document's). */
typedef struct peel_pdf peel_pdf;
peel_pdf *peel_pdf_open(const char *path, const peel_pdf_opts *o, peel_err *err);
/* bookmark NULL: the model's title; marking NULL: the pack's, or the model's. */
int peel_pdf_add(peel_pdf *p, const peel_doc *d, const char *bookmark, const char *marking,
                 peel_err *err);
int peel_pdf_close(peel_pdf *p, peel_err *err); /* frees p, also on failure */

/* The strictest of two markings (NULL reads as none): OFFICIAL, then
 * OFFICIAL-SENSITIVE, SECRET, TOP SECRET; an unknown marking ranks above
 * OFFICIAL-SENSITIVE, as nothing may assume it is less. */
const char *peel_marking_strictest(const char *a, const char *b);

/* Every table as a worksheet of a workbook at path, after a "Contents"
 * sheet: header rows bold and frozen, a cell that is exactly a number
 * (peel_doc_cell_number) written as that number with a matching format. */
int peel_doc_xlsx(const peel_doc *d, const char *path, peel_err *err);

/* Every table in order, each after a row holding its caption and followed
 * by a blank line; text cells guarded against spreadsheet formulas as every
 * peel CSV is (core/csv.h). */
int peel_doc_csv(const peel_doc *d, peel_buf *out);

/* A cell that is exactly a number: digits with optional thousands commas
 * and decimals, an optional leading "-" and "£" (either order), an optional
 * trailing "%".  *value is the number (a percentage divided by 100),
 * *decimals the decimals printed, *money and *percent what it carried,
 * *commas whether it was grouped.  0 when it is one, -1 when not. */
typedef struct peel_cell_number {
    double value;
    int decimals;
    bool money, percent, commas;
} peel_cell_number;
int peel_doc_cell_number(const char *s, peel_cell_number *n);

#endif
