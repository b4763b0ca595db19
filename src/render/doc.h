/* doc.h - a report as a content model: a flat list of blocks (title,
 * headings, paragraphs, labelled fields, bullets, notices, tables, figures)
 * that each renderer turns into its format: HTML (doc_html.c), plain text
 * (doc_text.c), PDF later.  Reports build a model and never write markup, so
 * what a reader may see is decided once, while the model is built (a public
 * model holds nothing sensitive), and no renderer can leak.
 *
 * Tables have any number of columns, an optional caption, header rows
 * (scope="col") and optionally a header column (scope="row"); in HTML each
 * sits in a <div class="table-wrap"> region, named by its caption and
 * focusable, that scrolls sideways on a narrow screen.  A figure is a
 * chart (render/svg.h, drawn as SVG by the one chart writer) with a caption
 * and a source; the text renderer prints its data instead.
 *
 * Ownership: a peel_doc owns every block and every string in it (copied on
 * the way in); peel_doc_free releases them.  Building never fails loudly: an
 * allocation failure sets d->failed, later calls do nothing, and the builder
 * checks d->failed once at the end.
 */
#ifndef PEEL_RENDER_DOC_H
#define PEEL_RENDER_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "render/svg.h"

enum peel_block_kind {
    PEEL_BLOCK_TITLE,   /* text */
    PEEL_BLOCK_HEADING, /* level 1..3, text */
    PEEL_BLOCK_PARA,    /* text (may hold newlines: paragraph breaks) */
    PEEL_BLOCK_FIELD,   /* label: text ("Force update", ...) */
    PEEL_BLOCK_LIST,    /* text: one bullet */
    PEEL_BLOCK_NOTICE,  /* text: withheld / caveat */
    PEEL_BLOCK_TABLE,   /* table */
    PEEL_BLOCK_FIGURE   /* chart, with text as caption and label as source */
};

typedef struct peel_doc_table {
    char *caption; /* or NULL */
    size_t ncols, nrows;
    char **cells;     /* nrows * ncols, row by row */
    size_t head_rows; /* the first rows are column headers */
    bool row_headers; /* the first column heads its row */
    bool *numeric;    /* per column (right-aligned), or NULL */
} peel_doc_table;

typedef struct peel_block {
    enum peel_block_kind kind;
    int level;
    char *label;
    char *text;
    char *css;             /* a class for renderers that want one ("rag-red"), or NULL */
    bool sensitive;        /* shows OFFICIAL-SENSITIVE material (internal models only) */
    peel_doc_table *table; /* PEEL_BLOCK_TABLE */
    peel_chart *chart;     /* PEEL_BLOCK_FIGURE */
} peel_block;

typedef struct peel_doc {
    peel_block *v;
    size_t n, cap;
    bool failed;    /* out of memory while building */
    bool sensitive; /* some block shows OFFICIAL-SENSITIVE material */
} peel_doc;

/* ---- building (doc.c) ---- */

/* Appends a block (label may be NULL); NULL when d->failed. */
peel_block *peel_doc_add(peel_doc *d, enum peel_block_kind kind, int level, const char *label,
                         const char *text);
peel_block *peel_doc_addf(peel_doc *d, enum peel_block_kind kind, int level, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* A labelled field, left out when text is empty. */
void peel_doc_field(peel_doc *d, const char *label, const char *text);
/* Sets a block's css class (copied). */
void peel_doc_css(peel_doc *d, peel_block *b, const char *css);
/* Marks the blocks from index `from` on as showing sensitive material. */
void peel_doc_mark_sensitive(peel_doc *d, size_t from);

/* A table of ncols columns with a caption (or NULL); rows are added with
 * peel_doc_table_row (the first head_rows rows are headers).  NULL when
 * d->failed or ncols is 0. */
peel_doc_table *peel_doc_table_add(peel_doc *d, const char *caption, size_t ncols, size_t head_rows,
                                   bool row_headers);
/* One row of t->ncols cells (NULL reads as ""). */
void peel_doc_table_row(peel_doc *d, peel_doc_table *t, const char *const *cells);
/* Marks column c as numeric. */
void peel_doc_table_numeric(peel_doc *d, peel_doc_table *t, size_t c);

/* Leaves out the columns whose every body cell is empty (a header row
 * alone does not keep a column; the last column always stays, and a table
 * without body rows is left as it is).  Returns how many were left out. */
size_t peel_doc_table_drop_empty(peel_doc *d, peel_doc_table *t);

/* A figure: the chart (taken over: the doc frees it, also on failure), its
 * caption and where its figures come from. */
peel_block *peel_doc_figure(peel_doc *d, peel_chart *chart, const char *caption,
                            const char *source);

/* Moves every block of `from` to the end of d (from is left empty): its
 * title becomes a heading at `level` and its headings move down under it
 * (level L becomes L + level, at most 3).  On failure d->failed is set and
 * from's blocks are freed. */
void peel_doc_take(peel_doc *d, peel_doc *from, int level);

void peel_doc_free(peel_doc *d);

/* ---- rendering ---- */

/* A whole HTML5 document (escaped, self-contained style; doc_html.c). */
int peel_doc_html(const peel_doc *d, peel_buf *out);
/* The blocks alone, for a page that has its own layout (the web's): headings
 * start at <h1> for the title; a block showing sensitive material carries an
 * "OFFICIAL-SENSITIVE" tag.  Both HTML renderers use render/html.h. */
int peel_doc_html_body(const peel_doc *d, peel_buf *out);
/* Plain text for the terminal (doc_text.c). */
int peel_doc_text(const peel_doc *d, peel_buf *out);

#endif
