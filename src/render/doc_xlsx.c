/* doc_xlsx.c - a report's tables as a workbook (see doc_out.h), written by
 * libxlsxwriter: a "Contents" sheet naming each table and its sheet, then
 * one sheet per table from A1, header rows bold and frozen (and the row
 * headers' column when the table has one).  A cell that is exactly a
 * number is written as that number, so the spreadsheet can add it up, with
 * a format that prints it as the paper does ("£1,234.50", "12.5%",
 * "1,204"); anything else stays text.  Sheet names come from the captions,
 * made valid for Excel (at most 31 characters, none of []:*?/\, no
 * apostrophe at either end, unique without regard to case). */
#include "render/doc_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define SHEET_MAX 31

/* A sheet name, in UTF-8: 31 characters of up to 4 bytes. */
typedef struct {
    char s[SHEET_MAX * 4 + 1];
} sheet_name;

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* Cuts s to at most max characters, at a character's boundary. */
static void utf8_cut(char *s, size_t max)
{
    size_t n = 0;
    for (char *p = s; *p; p++) {
        if (((unsigned char)*p & 0xC0) != 0x80 && n++ == max) {
            *p = '\0';
            return;
        }
    }
}

static bool name_taken(const sheet_name *v, size_t n, const char *s)
{
    if (!strcasecmp(s, "History") || !strcasecmp(s, "Contents")) /* Excel's; ours */
        return true;
    for (size_t i = 0; i < n; i++)
        if (!strcasecmp(v[i].s, s))
            return true;
    return false;
}

/* The sheet for table number k (from 1), unique among v[0..n). */
static void sheet_name_for(sheet_name *out, const char *caption, size_t k, const sheet_name *v,
                           size_t n)
{
    char base[sizeof out->s];
    size_t j = 0;
    for (const char *p = caption ? caption : ""; *p && j < sizeof base - 1; p++) {
        if (strchr("[]:*?/\\", *p) || (unsigned char)*p < 0x20)
            base[j++] = ' ';
        else
            base[j++] = *p;
    }
    base[j] = '\0';
    utf8_cut(base, SHEET_MAX);
    /* no apostrophe or space at either end, no run of spaces left by the cut */
    char *b = base;
    while (*b == '\'' || *b == ' ')
        b++;
    size_t bl = strlen(b);
    while (bl && (b[bl - 1] == '\'' || b[bl - 1] == ' '))
        b[--bl] = '\0';
    if (!*b)
        snprintf(out->s, sizeof out->s, "Table %zu", k);
    else
        snprintf(out->s, sizeof out->s, "%s", b);
    for (int dup = 2; name_taken(v, n, out->s); dup++) {
        char suffix[16], cut[sizeof out->s];
        int sl = snprintf(suffix, sizeof suffix, " (%d)", dup);
        snprintf(cut, sizeof cut, "%s", *b ? b : "Table");
        utf8_cut(cut, SHEET_MAX - (size_t)sl);
        size_t cl = strlen(cut);
        while (cl && cut[cl - 1] == ' ')
            cut[--cl] = '\0';
        snprintf(out->s, sizeof out->s, "%s%s", cut, suffix);
    }
}

/* Number formats, made once per kind: [money/percent/plain][commas][decimals]. */
#define MAX_DECIMALS 10
typedef struct {
    lxw_workbook *wb;
    lxw_format *num[3][2][MAX_DECIMALS + 1];
    lxw_format *num_bold[3][2][MAX_DECIMALS + 1];
    lxw_format *bold;
} formats;

static lxw_format *number_format(formats *f, const peel_cell_number *n, bool bold)
{
    int kind = n->money ? 0 : n->percent ? 1 : 2;
    int dec = n->decimals > MAX_DECIMALS ? MAX_DECIMALS : n->decimals;
    lxw_format **slot = bold ? &f->num_bold[kind][n->commas][dec] : &f->num[kind][n->commas][dec];
    if (!*slot) {
        char code[64];
        snprintf(code, sizeof code, "%s%s%s%.*s%s", n->money ? "\xC2\xA3" : "",
                 n->commas || n->money ? "#,##0" : "0", dec ? "." : "", dec, "0000000000",
                 n->percent ? "%" : "");
        *slot = workbook_add_format(f->wb);
        if (*slot) {
            format_set_num_format(*slot, code);
            if (bold)
                format_set_bold(*slot);
        }
    }
    return *slot;
}

/* Column widths in characters, from the longest cell, within reason. */
static double col_width(size_t chars)
{
    double w = (double)chars + 2;
    return w < 8 ? 8 : w > 60 ? 60 : w;
}

static lxw_error write_table(formats *f, lxw_worksheet *ws, const peel_doc_table *t)
{
    lxw_error rc = LXW_NO_ERROR;
    for (size_t c = 0; c < t->ncols && c < LXW_COL_MAX; c++) {
        size_t widest = 0;
        for (size_t r = 0; r < t->nrows && r < LXW_ROW_MAX; r++) {
            const char *s = t->cells[r * t->ncols + c];
            bool head = r < t->head_rows || (t->row_headers && c == 0);
            peel_cell_number n;
            lxw_error e;
            if (!s)
                s = "";
            size_t len = utf8_chars(s);
            widest = len > widest ? len : widest;
            if (!*s)
                continue;
            if (peel_doc_cell_number(s, &n) == 0)
                e = worksheet_write_number(ws, (lxw_row_t)r, (lxw_col_t)c, n.value,
                                           number_format(f, &n, head));
            else
                e = worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, s,
                                           head ? f->bold : NULL);
            if (e && !rc)
                rc = e;
        }
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, col_width(widest), NULL);
    }
    if (t->head_rows || t->row_headers)
        worksheet_freeze_panes(ws, (lxw_row_t)t->head_rows, t->row_headers ? 1 : 0);
    return rc;
}

int peel_doc_xlsx(const peel_doc *d, const char *path, peel_err *err)
{
    char tmp[4096];
    size_t ntables = 0, k = 0;
    const char *title = "";
    int rc = 0;

    if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp)
        return peel_err_set(err, PEEL_EINPUT, "%s: the path is too long", path);
    for (size_t i = 0; i < d->n; i++) {
        if (d->v[i].kind == PEEL_BLOCK_TABLE && d->v[i].table)
            ntables++;
        if (d->v[i].kind == PEEL_BLOCK_TITLE && !*title)
            title = d->v[i].text;
    }
    sheet_name *names = calloc(ntables + 1, sizeof *names);
    lxw_workbook_options wo = {.constant_memory = LXW_FALSE, .tmpdir = NULL};
    lxw_workbook *wb = names ? workbook_new_opt(tmp, &wo) : NULL;
    if (!wb) {
        free(names);
        return peel_err_set(err, PEEL_EIO, "%s: cannot start the workbook", path);
    }
    formats f = {.wb = wb};
    f.bold = workbook_add_format(wb);
    if (f.bold)
        format_set_bold(f.bold);
    lxw_doc_properties props = {.title = (char *)title, .comments = "written by peel"};
    workbook_set_properties(wb, &props);

    lxw_worksheet *contents = workbook_add_worksheet(wb, "Contents");
    if (!contents)
        rc = peel_err_set(err, PEEL_EIO, "%s: cannot add the contents sheet", path);
    else {
        size_t widest = 5;
        worksheet_write_string(contents, 0, 0, *title ? title : "Tables", f.bold);
        worksheet_write_string(contents, 2, 0, "Table", f.bold);
        worksheet_write_string(contents, 2, 1, "Sheet", f.bold);
        for (size_t i = 0; i < d->n; i++) {
            const peel_doc_table *t = d->v[i].table;
            if (d->v[i].kind != PEEL_BLOCK_TABLE || !t)
                continue;
            const char *cap = t->caption && *t->caption ? t->caption : "(no caption)";
            sheet_name_for(&names[k], t->caption, k + 1, names, k);
            worksheet_write_string(contents, (lxw_row_t)(3 + k), 0, cap, NULL);
            worksheet_write_string(contents, (lxw_row_t)(3 + k), 1, names[k].s, NULL);
            widest = utf8_chars(cap) > widest ? utf8_chars(cap) : widest;
            k++;
        }
        worksheet_set_column(contents, 0, 0, col_width(widest), NULL);
        worksheet_set_column(contents, 1, 1, col_width(SHEET_MAX), NULL);
    }
    k = 0;
    for (size_t i = 0; rc == 0 && i < d->n; i++) {
        const peel_doc_table *t = d->v[i].table;
        if (d->v[i].kind != PEEL_BLOCK_TABLE || !t)
            continue;
        lxw_worksheet *ws = workbook_add_worksheet(wb, names[k].s);
        lxw_error e;
        if (!ws)
            rc = peel_err_set(err, PEEL_EIO, "%s: cannot add the sheet '%s'", path, names[k].s);
        else if ((e = write_table(&f, ws, t)))
            rc = peel_err_set(err, PEEL_EIO, "%s: sheet '%s': %s", path, names[k].s,
                              lxw_strerror(e));
        k++;
    }
    lxw_error e = workbook_close(wb);
    if (e && rc == 0)
        rc = peel_err_set(err, PEEL_EIO, "%s: %s", path, lxw_strerror(e));
    free(names);
    if (rc == 0 && rename(tmp, path) != 0)
        rc = peel_err_set(err, PEEL_EIO, "%s: cannot write the file", path);
    if (rc != 0)
        unlink(tmp);
    return rc;
}
