/* out.h - a paper in each of its formats: built once for the reader as one
 * content model (papers.h), rendered as HTML (render/doc.h), PDF, XLSX or
 * CSV (render/doc_out.h), or text.  What the reader may not see is not in
 * the model, so it is in no format. */
#ifndef PEEL_PAPERS_OUT_H
#define PEEL_PAPERS_OUT_H

#include <stdbool.h>

#include "core/buf.h"
#include "core/err.h"
#include "papers/papers.h"

enum peel_paper_format {
    PEEL_PAPER_HTML,
    PEEL_PAPER_PDF,
    PEEL_PAPER_XLSX,
    PEEL_PAPER_CSV,
    PEEL_PAPER_TEXT
};

extern const char *const peel_paper_format_names[]; /* "html", "pdf", ... NULL */
bool peel_paper_format_parse(const char *s, enum peel_paper_format *out);
const char *peel_paper_format_ctype(enum peel_paper_format f);
const char *peel_paper_format_ext(enum peel_paper_format f); /* "pdf", "txt" */
/* The security marking of a model: "OFFICIAL-SENSITIVE" when it shows such
 * material, else "OFFICIAL". */
const char *peel_paper_marking(const peel_doc *d);

/* Writes d in format f to path, or (path NULL) appends its bytes to out. */
int peel_paper_doc_write(const peel_doc *d, enum peel_paper_format f, const char *author,
                         const char *path, peel_buf *out, peel_err *err);
/* Builds paper key for rd and writes it as peel_paper_doc_write does. */
int peel_paper_render(peel_store *s, const peel_reader *rd, const char *key,
                      enum peel_paper_format f, const char *path, peel_buf *out, peel_err *err);

#endif
