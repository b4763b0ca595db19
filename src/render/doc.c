/* doc.c - building a report's content model (see doc.h).  Every string is
 * copied in; the first allocation failure sets d->failed and later calls do
 * nothing, so a builder checks once at the end. */
#include "render/doc.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

peel_block *peel_doc_add(peel_doc *d, enum peel_block_kind kind, int level, const char *label,
                         const char *text)
{
    peel_block *b;
    if (d->failed)
        return NULL;
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 32;
        peel_block *v = realloc(d->v, cap * sizeof *v);
        if (!v) {
            d->failed = true;
            return NULL;
        }
        d->v = v;
        d->cap = cap;
    }
    b = &d->v[d->n];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->level = level;
    b->label = label ? strdup(label) : NULL;
    b->text = strdup(text ? text : "");
    if ((label && !b->label) || !b->text) {
        free(b->label);
        free(b->text);
        d->failed = true;
        return NULL;
    }
    d->n++;
    return b;
}

peel_block *peel_doc_addf(peel_doc *d, enum peel_block_kind kind, int level, const char *fmt, ...)
{
    peel_buf b = PEEL_BUF_INIT;
    peel_block *blk = NULL;
    va_list ap;
    va_start(ap, fmt);
    peel_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    if (b.failed)
        d->failed = true;
    else
        blk = peel_doc_add(d, kind, level, NULL, peel_buf_str(&b));
    peel_buf_release(&b);
    return blk;
}

void peel_doc_field(peel_doc *d, const char *label, const char *text)
{
    if (text && *text)
        peel_doc_add(d, PEEL_BLOCK_FIELD, 0, label, text);
}

void peel_doc_css(peel_doc *d, peel_block *b, const char *css)
{
    if (!b || d->failed)
        return;
    free(b->css);
    if (!(b->css = strdup(css)))
        d->failed = true;
}

void peel_doc_mark_sensitive(peel_doc *d, size_t from)
{
    for (size_t i = from; i < d->n; i++)
        d->v[i].sensitive = true;
    if (from < d->n)
        d->sensitive = true;
}

peel_doc_table *peel_doc_table_add(peel_doc *d, const char *caption, size_t ncols, size_t head_rows,
                                   bool row_headers)
{
    peel_block *b;
    peel_doc_table *t;

    if (!ncols || !(b = peel_doc_add(d, PEEL_BLOCK_TABLE, 0, NULL, NULL)))
        return NULL;
    if (!(t = calloc(1, sizeof *t)) || (caption && !(t->caption = strdup(caption)))) {
        free(t);
        d->failed = true;
        return NULL;
    }
    t->ncols = ncols;
    t->head_rows = head_rows;
    t->row_headers = row_headers;
    b->table = t;
    return t;
}

void peel_doc_table_row(peel_doc *d, peel_doc_table *t, const char *const *cells)
{
    char **v;
    if (!t || d->failed)
        return;
    if (!(v = realloc(t->cells, (t->nrows + 1) * t->ncols * sizeof *v))) {
        d->failed = true;
        return;
    }
    t->cells = v;
    for (size_t c = 0; c < t->ncols; c++) {
        v[t->nrows * t->ncols + c] = strdup(cells[c] ? cells[c] : "");
        if (!v[t->nrows * t->ncols + c])
            d->failed = true;
    }
    t->nrows++; /* a failed cell is NULL, freed as such */
}

void peel_doc_table_numeric(peel_doc *d, peel_doc_table *t, size_t c)
{
    if (!t || d->failed || c >= t->ncols)
        return;
    if (!t->numeric && !(t->numeric = calloc(t->ncols, sizeof *t->numeric))) {
        d->failed = true;
        return;
    }
    t->numeric[c] = true;
}

size_t peel_doc_table_drop_empty(peel_doc *d, peel_doc_table *t)
{
    size_t keep = 0, dropped = 0;
    if (!t || d->failed || t->nrows <= t->head_rows)
        return 0;
    for (size_t c = 0; c < t->ncols; c++) {
        bool empty = true;
        for (size_t i = t->head_rows; i < t->nrows && empty; i++)
            empty = !t->cells[i * t->ncols + c] || !*t->cells[i * t->ncols + c];
        if (empty && t->ncols - dropped > 1) {
            for (size_t i = 0; i < t->nrows; i++)
                free(t->cells[i * t->ncols + c]);
            dropped++;
            continue;
        }
        /* column c moves to column keep, in place: keep <= c */
        for (size_t i = 0; i < t->nrows; i++)
            t->cells[i * t->ncols + keep] = t->cells[i * t->ncols + c];
        if (t->numeric)
            t->numeric[keep] = t->numeric[c];
        keep++;
    }
    if (!dropped)
        return 0;
    /* close up the rows: row i's kept cells are at i * ncols, now i * keep */
    for (size_t i = 0; i < t->nrows; i++)
        memmove(t->cells + i * keep, t->cells + i * t->ncols, keep * sizeof *t->cells);
    t->ncols = keep;
    return dropped;
}

peel_block *peel_doc_figure(peel_doc *d, peel_chart *chart, const char *caption, const char *source)
{
    peel_block *b = chart ? peel_doc_add(d, PEEL_BLOCK_FIGURE, 0, source, caption) : NULL;
    if (!b) {
        peel_chart_free(chart);
        d->failed = true;
        return NULL;
    }
    b->chart = chart;
    return b;
}

static void table_free(peel_doc_table *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i]);
    free(t->cells);
    free(t->numeric);
    free(t->caption);
    free(t);
}

void peel_doc_free(peel_doc *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->v[i].label);
        free(d->v[i].text);
        free(d->v[i].css);
        table_free(d->v[i].table);
        peel_chart_free(d->v[i].chart);
    }
    free(d->v);
    memset(d, 0, sizeof *d);
}

void peel_doc_take(peel_doc *d, peel_doc *from, int level)
{
    size_t need = d->n + from->n;
    if (from->failed)
        d->failed = true;
    if (!d->failed && need > d->cap) {
        peel_block *v = realloc(d->v, need * sizeof *v);
        if (!v)
            d->failed = true;
        else {
            d->v = v;
            d->cap = need;
        }
    }
    if (d->failed) {
        peel_doc_free(from);
        return;
    }
    for (size_t i = 0; i < from->n; i++) {
        peel_block *b = &from->v[i];
        if (b->kind == PEEL_BLOCK_TITLE) {
            b->kind = PEEL_BLOCK_HEADING;
            b->level = level;
        } else if (b->kind == PEEL_BLOCK_HEADING) {
            b->level += level;
            if (b->level > 3)
                b->level = 3;
        }
        d->v[d->n++] = *b;
    }
    if (from->sensitive)
        d->sensitive = true;
    free(from->v);
    memset(from, 0, sizeof *from);
}
