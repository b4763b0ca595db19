/* doc_csv.c - a report's tables as CSV (see doc_out.h), and the one reader
 * of "is this cell exactly a number" that the spreadsheet writer shares.
 * Each table is preceded by a row holding its caption and followed by a
 * blank line, so a reader can tell the tables apart; a cell that is a
 * number is written as it is, any other cell through the formula guard
 * (core/csv.h: "-3" stays a number, "-> see below" gets its apostrophe). */
#include "render/doc_out.h"

#include <stdlib.h>
#include <string.h>

#include "core/csv.h"

static bool digit(char c)
{
    return c >= '0' && c <= '9';
}

int peel_doc_cell_number(const char *s, peel_cell_number *n)
{
    char num[80];
    size_t k = 0, len = strlen(s);
    const char *p = s, *end = s + len;
    bool neg = false;
    memset(n, 0, sizeof *n);
    /* "-£5", "£-5" and "-5" */
    for (int i = 0; i < 2; i++) {
        if (p < end && *p == '-' && !neg) {
            neg = true;
            p++;
        } else if (end - p >= 2 && !memcmp(p, "\xC2\xA3", 2) && !n->money) {
            n->money = true;
            p += 2;
        }
    }
    if (end > p && end[-1] == '%') {
        n->percent = true;
        end--;
    }
    if (n->money && n->percent)
        return -1;
    if (neg)
        num[k++] = '-';
    /* the whole part: 1-3 digits then groups of ",ddd", or plain digits */
    const char *w = p;
    size_t group = 0, digits = 0;
    while (p < end && (digit(*p) || *p == ',')) {
        if (*p == ',') {
            if (!digits || (n->commas && group != 3) || (!n->commas && group > 3))
                return -1;
            n->commas = true;
            group = 0;
        } else {
            if (k >= sizeof num - 8)
                return -1;
            num[k++] = *p;
            group++;
            digits++;
        }
        p++;
    }
    if (!digits || (n->commas && group != 3))
        return -1;
    if (digits > 1 && *w == '0') /* "007" is a code, not seven */
        return -1;
    if (p < end && *p == '.') {
        num[k++] = *p++;
        while (p < end && digit(*p)) {
            if (k >= sizeof num - 8)
                return -1;
            num[k++] = *p++;
            n->decimals++;
        }
        if (!n->decimals)
            return -1;
    }
    if (p != end)
        return -1;
    /* a percentage as its exact decimal over 100, rounded once by strtod */
    if (n->percent) {
        memcpy(num + k, "e-2", 3);
        k += 3;
    }
    num[k] = '\0';
    n->value = strtod(num, NULL);
    return 0;
}

int peel_doc_csv(const peel_doc *d, peel_buf *out)
{
    for (size_t i = 0; i < d->n; i++) {
        const peel_doc_table *t = d->v[i].table;
        if (d->v[i].kind != PEEL_BLOCK_TABLE || !t)
            continue;
        /* a lone empty field is written "" so that no row reads as the
         * blank line that ends a table */
        const char *cap = t->caption ? t->caption : "";
        if (*cap)
            peel_csv_put_text(out, cap, strlen(cap));
        else
            peel_buf_puts(out, "\"\"");
        peel_buf_putc(out, '\n');
        for (size_t r = 0; r < t->nrows; r++) {
            for (size_t c = 0; c < t->ncols; c++) {
                const char *s = t->cells[r * t->ncols + c];
                peel_cell_number num;
                if (!s)
                    s = "";
                if (c)
                    peel_buf_putc(out, ',');
                if (t->ncols == 1 && !*s)
                    peel_buf_puts(out, "\"\"");
                else if (peel_doc_cell_number(s, &num) == 0)
                    peel_csv_put_field(out, s, strlen(s));
                else
                    peel_csv_put_text(out, s, strlen(s));
            }
            peel_buf_putc(out, '\n');
        }
        peel_buf_putc(out, '\n');
    }
    return out->failed ? -1 : 0;
}
