/* table.c - column-aligned text tables.  Widths count UTF-8 characters, not
 * bytes, so "£" lines up. */
#include "cli/table.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/vec.h"

#define MAX_COLS 64
#define MAX_WIDTH 40

struct peel_table {
    char *head[MAX_COLS];
    size_t ncols;
    PEEL_VEC(char *) cells; /* rows * MAX_COLS */
    size_t nrows, cur;
};

peel_table *peel_table_new(void)
{
    return calloc(1, sizeof(peel_table));
}

void peel_table_free(peel_table *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->ncols; i++)
        free(t->head[i]);
    for (size_t i = 0; i < t->cells.n; i++)
        free(t->cells.v[i]);
    peel_vec_release(&t->cells);
    free(t);
}

void peel_table_header(peel_table *t, const char *name)
{
    if (t && t->ncols < MAX_COLS)
        t->head[t->ncols++] = strdup(name);
}

void peel_table_row_begin(peel_table *t)
{
    if (!t)
        return;
    if (peel_vec_reserve(&t->cells, MAX_COLS) < 0)
        return; /* out of memory: the row is dropped */
    memset(t->cells.v + t->cells.n, 0, MAX_COLS * sizeof *t->cells.v);
    t->cells.n += MAX_COLS;
    t->nrows++;
    t->cur = 0;
}

void peel_table_cell(peel_table *t, const char *text)
{
    if (!t || !t->nrows || t->cur >= MAX_COLS)
        return;
    t->cells.v[(t->nrows - 1) * MAX_COLS + t->cur++] = strdup(text ? text : "");
}

void peel_table_cellf(peel_table *t, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    peel_table_cell(t, tmp);
}

size_t peel_table_rows(const peel_table *t)
{
    return t ? t->nrows : 0;
}

static size_t width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            w++;
    return w;
}

/* Prints s in exactly w characters, shortening with "..." when longer. */
static void put_cell(FILE *out, const char *s, size_t w, int last)
{
    size_t sw = width(s);
    if (sw <= w) {
        fputs(s, out);
        if (!last)
            for (size_t i = sw; i < w; i++)
                fputc(' ', out);
        return;
    }
    size_t chars = 0;
    for (const char *p = s; *p; p++) {
        if (((unsigned char)*p & 0xC0) != 0x80) {
            if (chars == w - 3)
                break;
            chars++;
        }
        fputc(*p, out);
    }
    fputs("...", out);
}

void peel_table_print(const peel_table *t, FILE *out)
{
    size_t w[MAX_COLS];

    for (size_t c = 0; c < t->ncols; c++) {
        w[c] = width(t->head[c]);
        for (size_t r = 0; r < t->nrows; r++) {
            const char *s = t->cells.v[r * MAX_COLS + c];
            size_t sw = s ? width(s) : 0;
            if (sw > w[c])
                w[c] = sw;
        }
        if (w[c] > MAX_WIDTH)
            w[c] = MAX_WIDTH;
    }
    for (size_t c = 0; c < t->ncols; c++) {
        put_cell(out, t->head[c], w[c], c + 1 == t->ncols);
        fputs(c + 1 == t->ncols ? "\n" : "  ", out);
    }
    for (size_t r = 0; r < t->nrows; r++)
        for (size_t c = 0; c < t->ncols; c++) {
            const char *s = t->cells.v[r * MAX_COLS + c];
            put_cell(out, s ? s : "", w[c], c + 1 == t->ncols);
            fputs(c + 1 == t->ncols ? "\n" : "  ", out);
        }
}
