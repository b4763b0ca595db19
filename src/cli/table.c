/* table.c - column-aligned text tables.  Widths count UTF-8 characters, not
 * bytes, so "£" lines up.  On a terminal (or with $COLUMNS) the table fits
 * its width: the widest columns narrow and their cells wrap onto more
 * lines; elsewhere a long cell is shortened with "...". */
#include "cli/table.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "core/vec.h"

#define MAX_COLS 64
#define MAX_WIDTH 40
#define MIN_WRAP_WIDTH 6 /* a column is never narrowed below this */

struct peel_table {
    char *head[MAX_COLS];
    bool right[MAX_COLS];
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

void peel_table_align_right(peel_table *t, size_t col)
{
    if (t && col < MAX_COLS)
        t->right[col] = true;
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
static void put_cell(FILE *out, const char *s, size_t w, int last, bool right)
{
    size_t sw = width(s);
    if (sw <= w) {
        for (size_t i = sw; right && i < w; i++)
            fputc(' ', out);
        fputs(s, out);
        if (right)
            return;
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

/* The bytes of s's first line in at most w characters, breaking after a
 * space when there is one; *next is where the rest starts (spaces skipped). */
static size_t wrap_line(const char *s, size_t w, const char **next)
{
    size_t chars = 0, brk = 0;
    const char *p = s;
    for (; *p; p++) {
        if (((unsigned char)*p & 0xC0) == 0x80)
            continue;
        if (chars == w)
            break;
        if (*p == ' ')
            brk = (size_t)(p - s);
        chars++;
    }
    size_t len = !*p || !brk ? (size_t)(p - s) : brk;
    for (*next = s + len; **next == ' '; (*next)++)
        ;
    return len;
}

/* One row, each cell wrapped within its column: as many lines as the
 * longest cell needs. */
static void put_row_wrapped(FILE *out, const char *const *cells, const size_t *w, size_t ncols,
                            const bool *right)
{
    const char *rest[MAX_COLS];
    bool more = true;
    for (size_t c = 0; c < ncols; c++)
        rest[c] = cells[c] ? cells[c] : "";
    while (more) {
        more = false;
        for (size_t c = 0; c < ncols; c++) {
            const char *next;
            size_t len = wrap_line(rest[c], w[c], &next);
            size_t used = 0;
            for (size_t k = 0; k < len; k++)
                used += ((unsigned char)rest[c][k] & 0xC0) != 0x80;
            for (; right[c] && used < w[c]; used++)
                fputc(' ', out);
            fwrite(rest[c], 1, len, out);
            rest[c] = next;
            more = more || *next;
            if (c + 1 < ncols)
                for (size_t k = used; k < w[c] + 2; k++)
                    fputc(' ', out);
        }
        fputc('\n', out);
    }
}

/* The terminal's width: $COLUMNS, else the terminal's when out is one,
 * else 0 (no limit). */
static size_t term_width(FILE *out)
{
    const char *env = getenv("COLUMNS");
    struct winsize ws;
    if (env && *env) {
        long n = strtol(env, NULL, 10);
        if (n > 0 && n < 10000)
            return (size_t)n;
    }
    if (isatty(fileno(out)) && ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    return 0;
}

void peel_table_print(const peel_table *t, FILE *out)
{
    peel_table_print_width(t, out, term_width(out));
}

void peel_table_print_width(const peel_table *t, FILE *out, size_t limit)
{
    size_t w[MAX_COLS], total = 0;

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
        if (w[c] < 1)
            w[c] = 1;
        total += w[c] + (c ? 2 : 0);
    }
    if (limit && t->ncols && total > limit) {
        /* Fit: a column narrower than an equal share of what is left keeps
         * its width; the others share the rest in proportion to their
         * widths (never below MIN_WRAP_WIDTH), and their cells wrap. */
        bool fixed[MAX_COLS] = {false};
        size_t left = t->ncols, avail = limit > 2 * (t->ncols - 1) ? limit - 2 * (t->ncols - 1) : 0;
        for (bool changed = true; changed && left;) {
            changed = false;
            for (size_t c = 0; c < t->ncols; c++)
                if (left && !fixed[c] && w[c] <= avail / left) {
                    fixed[c] = true;
                    avail -= w[c];
                    left--;
                    changed = true;
                }
        }
        size_t wide = 0;
        for (size_t c = 0; c < t->ncols; c++)
            wide += fixed[c] ? 0 : w[c];
        for (size_t c = 0; c < t->ncols && wide; c++)
            if (!fixed[c]) {
                size_t share = w[c] * avail / wide;
                w[c] = share > MIN_WRAP_WIDTH ? share : MIN_WRAP_WIDTH;
            }
    }
    if (limit) {
        put_row_wrapped(out, (const char *const *)t->head, w, t->ncols, t->right);
        for (size_t r = 0; r < t->nrows; r++)
            put_row_wrapped(out, (const char *const *)&t->cells.v[r * MAX_COLS], w, t->ncols,
                            t->right);
        return;
    }
    for (size_t c = 0; c < t->ncols; c++) {
        put_cell(out, t->head[c], w[c], c + 1 == t->ncols, t->right[c]);
        fputs(c + 1 == t->ncols ? "\n" : "  ", out);
    }
    for (size_t r = 0; r < t->nrows; r++)
        for (size_t c = 0; c < t->ncols; c++) {
            const char *s = t->cells.v[r * MAX_COLS + c];
            put_cell(out, s ? s : "", w[c], c + 1 == t->ncols, t->right[c]);
            fputs(c + 1 == t->ncols ? "\n" : "  ", out);
        }
}
