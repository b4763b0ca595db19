/* doc_pdf.c - a report's content model as a tagged PDF (see doc_out.h),
 * drawn with cairo and laid out with pango.
 *
 * Each model is laid out twice by the same code: first measuring only
 * (no drawing, no tags), which counts its pages, then drawing, so every
 * page can say "Page N of M".  Both passes use the one cairo context of
 * the PDF surface and the one pango context made from it, with metrics
 * unhinted, so they break pages in the same places.
 *
 * Structure: the pack is a "Document", each model a "Sect" in it, then
 * H1 (the title), H2..H4 (headings), P, L/LI, Div for a notice, Table with
 * Caption, TR, TH and TD, and Figure with its Caption.  At a page break the
 * open elements below the Sect are closed and opened again on the next
 * page, so the page's marking and number are never read as part of a
 * paragraph or a table, and a table's header rows, drawn again on every
 * page the table spans, are its header there too. */
#include "render/doc_out.h"

#include <cairo-pdf.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A4 in points, 20 mm margins at the sides, room for the marking above
 * and the marking and page number below. */
#define PAGE_W 595.276
#define PAGE_H 841.890
#define MARGIN_X 56.693
#define TOP 68.0
#define BOTTOM (PAGE_H - 72.0)
#define CONTENT_W (PAGE_W - 2 * MARGIN_X)
#define FONT "DejaVu Sans"
#define CELL_PAD 3.0
#define MAX_TAGS 8

typedef struct peel_pdf {
    char *path, tmp[4096];
    cairo_surface_t *surf;
    cairo_t *cr;
    PangoFontMap *fm; /* its own, released with it: no font state outlives the file */
    PangoContext *pc;
    PangoFontDescription *f_body, *f_bold, *f_small, *f_small_bold, *f_cell, *f_cell_bold,
        *f_head[4], *f_mark;
    char *author, *subject, *marking, *title;
    char *strictest; /* the strictest marking of the models so far */
    bool broken;     /* a model failed: close writes nothing */
    int total_pages; /* pages already in the file */
    int ndocs;
    bool failed;
} peel_pdf;

/* One model's layout: the pass (measuring or drawing), the page and the
 * cursor, the structure elements open below the Sect, the outline. */
typedef struct {
    peel_pdf *p;
    bool draw;
    int page, pages; /* this model's page (from 1) and its page count */
    double y;
    const char *marking;
    const char *tags[MAX_TAGS];
    int ntags;
    int outline[4]; /* the last bookmark at each level: 0 the model */
} lay;

/* Fontconfig, loaded once a process by pango on its own thread, loses a
 * few hundred bytes parsing its configuration files, whatever the caller
 * does; the leak checker of the sanitized build is told so (peel's own
 * font state is released: the PDF's font map is its own). */
#ifndef __has_feature
#define __has_feature(x) 0
#endif
#if __has_feature(address_sanitizer) || defined(__SANITIZE_ADDRESS__)
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\n";
}
const char *__lsan_default_options(void);
const char *__lsan_default_options(void)
{
    return "print_suppressions=0";
}
#endif

/* ---- markings ---- */

static int marking_rank(const char *m)
{
    if (!m || !*m)
        return -1;
    if (!strcmp(m, "OFFICIAL"))
        return 0;
    if (!strcmp(m, "OFFICIAL-SENSITIVE"))
        return 1;
    if (!strcmp(m, "SECRET"))
        return 3;
    if (!strcmp(m, "TOP SECRET"))
        return 4;
    return 2; /* unknown: nothing may assume it is less than sensitive */
}

const char *peel_marking_strictest(const char *a, const char *b)
{
    return marking_rank(b) > marking_rank(a) ? b : a;
}

/* ---- text ---- */

static PangoLayout *layout_new(lay *l, const char *text, const PangoFontDescription *f,
                               double width, PangoAlignment align)
{
    PangoLayout *pl = pango_layout_new(l->p->pc);
    pango_layout_set_font_description(pl, f);
    if (width > 0) {
        pango_layout_set_width(pl, (int)(width * PANGO_SCALE));
        pango_layout_set_wrap(pl, PANGO_WRAP_WORD_CHAR);
    }
    pango_layout_set_alignment(pl, align);
    if (g_utf8_validate(text, -1, NULL)) {
        pango_layout_set_text(pl, text, -1);
    } else {
        char *ok = g_utf8_make_valid(text, -1);
        pango_layout_set_text(pl, ok, -1);
        g_free(ok);
    }
    return pl;
}

static double layout_height(PangoLayout *pl)
{
    int w, h;
    pango_layout_get_size(pl, &w, &h);
    return (double)h / PANGO_SCALE;
}

static double layout_width(PangoLayout *pl)
{
    int w, h;
    pango_layout_get_size(pl, &w, &h);
    return (double)w / PANGO_SCALE;
}

static void draw_layout(lay *l, PangoLayout *pl, double x, double y)
{
    if (!l->draw)
        return;
    cairo_move_to(l->p->cr, x, y);
    pango_cairo_show_layout(l->p->cr, pl);
}

/* Text at (x, y) in one font, aligned within width (0: left, natural). */
static double put_text(lay *l, const char *text, const PangoFontDescription *f, double x, double y,
                       double width, PangoAlignment align)
{
    PangoLayout *pl = layout_new(l, text, f, width, align);
    double h = layout_height(pl);
    draw_layout(l, pl, x, y);
    g_object_unref(pl);
    return h;
}

/* ---- structure and pages ---- */

static void tag_open(lay *l, const char *tag)
{
    if (l->ntags < MAX_TAGS)
        l->tags[l->ntags++] = tag;
    if (l->draw)
        cairo_tag_begin(l->p->cr, tag, NULL);
}

static void tag_close(lay *l)
{
    if (l->ntags > 0 && l->draw)
        cairo_tag_end(l->p->cr, l->tags[l->ntags - 1]);
    if (l->ntags > 0)
        l->ntags--;
}

static void set_rgb(cairo_t *cr, unsigned rgb)
{
    cairo_set_source_rgb(cr, ((rgb >> 16) & 255) / 255.0, ((rgb >> 8) & 255) / 255.0,
                         (rgb & 255) / 255.0);
}

/* The marking at the top and the bottom, and the page number. */
static void furniture(lay *l)
{
    if (!l->draw)
        return;
    char num[64];
    set_rgb(l->p->cr, 0x0b0c0c);
    put_text(l, l->marking, l->p->f_mark, MARGIN_X, 26, CONTENT_W, PANGO_ALIGN_CENTER);
    put_text(l, l->marking, l->p->f_mark, MARGIN_X, PAGE_H - 56, CONTENT_W, PANGO_ALIGN_CENTER);
    snprintf(num, sizeof num, "Page %d of %d", l->page, l->pages);
    put_text(l, num, l->p->f_small, MARGIN_X, PAGE_H - 40, CONTENT_W, PANGO_ALIGN_CENTER);
}

static void page_break(lay *l)
{
    int open = l->ntags;
    const char *tags[MAX_TAGS];
    memcpy(tags, l->tags, sizeof tags);
    while (l->ntags)
        tag_close(l);
    if (l->draw)
        cairo_show_page(l->p->cr);
    l->page++;
    l->y = TOP;
    furniture(l);
    for (int i = 0; i < open; i++)
        tag_open(l, tags[i]);
}

/* Breaks the page unless h fits below the cursor (or the page is fresh). */
static void need(lay *l, double h)
{
    if (l->y + h > BOTTOM && l->y > TOP + 0.5)
        page_break(l);
}

/* Lines of a layout from the cursor, breaking pages between lines. */
static void flow_layout(lay *l, PangoLayout *pl, double x)
{
    PangoLayoutIter *it = pango_layout_get_iter(pl);
    do {
        PangoRectangle r;
        pango_layout_iter_get_line_extents(it, NULL, &r);
        double lh = (double)r.height / PANGO_SCALE;
        double base = (double)(pango_layout_iter_get_baseline(it) - r.y) / PANGO_SCALE;
        need(l, lh);
        if (l->draw) {
            cairo_move_to(l->p->cr, x + (double)r.x / PANGO_SCALE, l->y + base);
            pango_cairo_show_layout_line(l->p->cr, pango_layout_iter_get_line_readonly(it));
        }
        l->y += lh;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
}

/* A paragraph per line of text, each its own P. */
static void paragraphs(lay *l, const char *text, const PangoFontDescription *f, double x,
                       double width, double after)
{
    const char *s = text;
    do {
        const char *nl = strchr(s, '\n');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        char *one = g_strndup(s, n);
        if (*one || !nl) {
            PangoLayout *pl = layout_new(l, one, f, width, PANGO_ALIGN_LEFT);
            tag_open(l, "P");
            if (l->draw)
                set_rgb(l->p->cr, 0x0b0c0c);
            flow_layout(l, pl, x);
            tag_close(l);
            g_object_unref(pl);
            l->y += after;
        }
        g_free(one);
        s = nl ? nl + 1 : NULL;
    } while (s);
}

/* A small boxed "OFFICIAL-SENSITIVE" before a block that shows such material. */
static void sensitive_tag(lay *l)
{
    PangoLayout *pl = layout_new(l, "OFFICIAL-SENSITIVE", l->p->f_small_bold, 0, PANGO_ALIGN_LEFT);
    double w = layout_width(pl), h = layout_height(pl);
    need(l, h + 60); /* kept with the start of its block */
    tag_open(l, "P");
    if (l->draw) {
        cairo_t *cr = l->p->cr;
        set_rgb(cr, 0xd4351c);
        cairo_set_line_width(cr, 1);
        cairo_rectangle(cr, MARGIN_X, l->y, w + 8, h + 4);
        cairo_stroke(cr);
        draw_layout(l, pl, MARGIN_X + 4, l->y + 2);
        set_rgb(cr, 0x0b0c0c);
    }
    tag_close(l);
    l->y += h + 8;
    g_object_unref(pl);
}

/* ---- headings and the outline ---- */

static void bookmark(lay *l, int level, const char *text)
{
    if (!l->draw || level < 1 || level > 3)
        return;
    char attrs[96];
    snprintf(attrs, sizeof attrs, "page=%d pos=[%.1f %.1f]", l->p->total_pages + l->page, MARGIN_X,
             l->y);
    int parent = l->outline[level - 1];
    char *ok = g_utf8_make_valid(text, -1);
    int id = cairo_pdf_surface_add_outline(l->p->surf, parent, ok, attrs, 0);
    g_free(ok);
    for (int k = level; k < 4; k++)
        l->outline[k] = id;
}

/* keep: the height of what must follow the heading on its page. */
static void heading(lay *l, int level, const char *text, double keep)
{
    static const char *const tags[4] = {"H1", "H2", "H3", "H4"};
    static const double space[4] = {0, 14, 10, 8};
    int k = level < 0 ? 0 : level > 3 ? 3 : level;
    PangoLayout *pl = layout_new(l, text, l->p->f_head[k], CONTENT_W, PANGO_ALIGN_LEFT);
    double h = layout_height(pl);
    if (l->y > TOP + 0.5)
        l->y += space[k];
    need(l, h + keep);
    bookmark(l, k, text);
    tag_open(l, tags[k]);
    if (l->draw)
        set_rgb(l->p->cr, k == 0 ? 0x0b0c0c : 0x1d3557);
    flow_layout(l, pl, MARGIN_X);
    tag_close(l);
    if (l->draw)
        set_rgb(l->p->cr, 0x0b0c0c);
    l->y += k == 0 ? 12 : 6;
    g_object_unref(pl);
}

/* ---- blocks ---- */

static void field(lay *l, const peel_block *b)
{
    char *text = g_strdup_printf("%s: %s", b->label ? b->label : "", b->text);
    PangoLayout *pl = layout_new(l, text, l->p->f_body, CONTENT_W, PANGO_ALIGN_LEFT);
    PangoAttrList *al = pango_attr_list_new();
    PangoAttribute *a = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
    a->start_index = 0;
    a->end_index = (guint)strlen(b->label ? b->label : "") + 1;
    pango_attr_list_insert(al, a);
    pango_layout_set_attributes(pl, al);
    pango_attr_list_unref(al);
    tag_open(l, "P");
    flow_layout(l, pl, MARGIN_X);
    tag_close(l);
    l->y += 4;
    g_object_unref(pl);
    g_free(text);
}

static void list_item(lay *l, const peel_block *b)
{
    PangoLayout *pl = layout_new(l, b->text, l->p->f_body, CONTENT_W - 14, PANGO_ALIGN_LEFT);
    PangoLayoutIter *it = pango_layout_get_iter(pl);
    PangoRectangle r;
    pango_layout_iter_get_line_extents(it, NULL, &r);
    pango_layout_iter_free(it);
    need(l, (double)r.height / PANGO_SCALE);
    tag_open(l, "LI");
    if (l->draw) {
        set_rgb(l->p->cr, 0x0b0c0c);
        put_text(l, "\xE2\x80\xA2", l->p->f_body, MARGIN_X + 2, l->y, 0, PANGO_ALIGN_LEFT);
    }
    flow_layout(l, pl, MARGIN_X + 14);
    tag_close(l);
    l->y += 3;
    g_object_unref(pl);
}

static void notice(lay *l, const peel_block *b)
{
    PangoLayout *pl = layout_new(l, b->text, l->p->f_body, CONTENT_W - 20, PANGO_ALIGN_LEFT);
    double h = layout_height(pl) + 16;
    need(l, h > BOTTOM - TOP ? 40 : h);
    tag_open(l, "Div");
    tag_open(l, "P");
    if (l->draw && l->y + h <= BOTTOM) {
        cairo_t *cr = l->p->cr;
        set_rgb(cr, 0xf3f2f1);
        cairo_rectangle(cr, MARGIN_X, l->y, CONTENT_W, h);
        cairo_fill_preserve(cr);
        set_rgb(cr, 0x505a5f);
        cairo_set_line_width(cr, 1);
        cairo_stroke(cr);
        set_rgb(cr, 0x1d70b8);
        cairo_rectangle(cr, MARGIN_X, l->y, 4, h);
        cairo_fill(cr);
        set_rgb(cr, 0x0b0c0c);
    }
    l->y += 8;
    flow_layout(l, pl, MARGIN_X + 12);
    l->y += 8;
    tag_close(l);
    tag_close(l);
    l->y += 8;
    g_object_unref(pl);
}

/* ---- tables ---- */

/* Column widths: each column's natural width when they all fit; else
 * the columns narrower than an equal share of what is left keep their
 * natural width, again and again, and the rest share the remainder
 * equally (and wrap). */
static void column_widths(lay *l, const peel_doc_table *t, double *w)
{
    double total = 0;
    for (size_t c = 0; c < t->ncols; c++) {
        double nat = 0;
        for (size_t r = 0; r < t->nrows; r++) {
            const char *s = t->cells[r * t->ncols + c];
            bool head = r < t->head_rows || (t->row_headers && c == 0);
            PangoLayout *pl = layout_new(l, s ? s : "", head ? l->p->f_cell_bold : l->p->f_cell, 0,
                                         PANGO_ALIGN_LEFT);
            double cw = layout_width(pl);
            g_object_unref(pl);
            nat = cw > nat ? cw : nat;
        }
        w[c] = nat + 2 * CELL_PAD + 1;
        w[t->ncols + c] = 0; /* not yet fixed */
        total += w[c];
    }
    if (total <= CONTENT_W)
        return;
    double left = CONTENT_W;
    size_t open = t->ncols;
    for (bool fixed = true; fixed && open;) {
        fixed = false;
        double share = left / (double)open;
        for (size_t c = 0; c < t->ncols; c++) {
            if (w[t->ncols + c] == 0 && w[c] <= share) {
                w[t->ncols + c] = 1;
                left -= w[c];
                open--;
                fixed = true;
            }
        }
    }
    for (size_t c = 0; c < t->ncols && open; c++)
        if (w[t->ncols + c] == 0)
            w[c] = left / (double)open;
}

/* Lays out row r's cells at the column widths; returns the row's height. */
static double row_layouts(lay *l, const peel_doc_table *t, size_t r, const double *w,
                          PangoLayout **pls)
{
    double h = 0;
    for (size_t c = 0; c < t->ncols; c++) {
        const char *s = t->cells[r * t->ncols + c];
        bool head = r < t->head_rows || (t->row_headers && c == 0);
        bool right = t->numeric && t->numeric[c] && !(t->row_headers && c == 0);
        pls[c] = layout_new(l, s ? s : "", head ? l->p->f_cell_bold : l->p->f_cell,
                            w[c] - 2 * CELL_PAD - 1, right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
        double ch = layout_height(pls[c]);
        h = ch > h ? ch : h;
    }
    return h + 2 * CELL_PAD;
}

static void draw_row(lay *l, const peel_doc_table *t, size_t r, const double *w, PangoLayout **pls,
                     double h)
{
    bool head_row = r < t->head_rows;
    tag_open(l, "TR");
    double x = MARGIN_X;
    for (size_t c = 0; c < t->ncols; c++) {
        bool head = head_row || (t->row_headers && c == 0);
        tag_open(l, head ? "TH" : "TD");
        if (l->draw) {
            cairo_t *cr = l->p->cr;
            if (head_row) {
                set_rgb(cr, 0xe8ecf1);
                cairo_rectangle(cr, x, l->y, w[c], h);
                cairo_fill(cr);
            }
            set_rgb(cr, 0x0b0c0c);
            draw_layout(l, pls[c], x + CELL_PAD, l->y + CELL_PAD);
        }
        tag_close(l);
        x += w[c];
    }
    tag_close(l);
    if (l->draw) {
        cairo_t *cr = l->p->cr;
        set_rgb(cr, head_row && r + 1 == t->head_rows ? 0x0b0c0c : 0xb1b4b6);
        cairo_set_line_width(cr, head_row && r + 1 == t->head_rows ? 1 : 0.5);
        cairo_move_to(cr, MARGIN_X, l->y + h);
        cairo_line_to(cr, x, l->y + h);
        cairo_stroke(cr);
    }
    l->y += h;
}

static void free_layouts(PangoLayout **pls, size_t n)
{
    for (size_t c = 0; c < n; c++)
        g_object_unref(pls[c]);
}

/* The header rows again, at the top of a page the table runs on to. */
static void header_rows(lay *l, const peel_doc_table *t, const double *w, PangoLayout **pls)
{
    for (size_t r = 0; r < t->head_rows && r < t->nrows; r++) {
        double h = row_layouts(l, t, r, w, pls);
        draw_row(l, t, r, w, pls, h);
        free_layouts(pls, t->ncols);
    }
}

static void table(lay *l, const peel_doc_table *t)
{
    if (!t || !t->ncols)
        return;
    double *w = calloc(2 * t->ncols, sizeof *w);
    PangoLayout **pls = calloc(t->ncols, sizeof *pls);
    if (!w || !pls) {
        free(w);
        free(pls);
        l->p->failed = true;
        return;
    }
    column_widths(l, t, w);
    PangoLayout *cap =
        t->caption ? layout_new(l, t->caption, l->p->f_bold, CONTENT_W, PANGO_ALIGN_LEFT) : NULL;
    double caph = cap ? layout_height(cap) + 4 : 0;
    /* the caption stays with the header rows and the first body row */
    double first = caph;
    for (size_t r = 0; r < t->nrows && r <= t->head_rows; r++) {
        first += row_layouts(l, t, r, w, pls);
        free_layouts(pls, t->ncols);
    }
    need(l, first);
    tag_open(l, "Table");
    if (cap) {
        tag_open(l, "Caption");
        if (l->draw)
            set_rgb(l->p->cr, 0x0b0c0c);
        draw_layout(l, cap, MARGIN_X, l->y);
        tag_close(l);
        l->y += caph;
        g_object_unref(cap);
    }
    for (size_t r = 0; r < t->nrows; r++) {
        double h = row_layouts(l, t, r, w, pls);
        if (r >= t->head_rows && l->y + h > BOTTOM && l->y > TOP + 0.5) {
            PangoLayout **keep = calloc(t->ncols, sizeof *keep);
            if (!keep) {
                free_layouts(pls, t->ncols);
                l->p->failed = true;
                break;
            }
            page_break(l);
            header_rows(l, t, w, keep);
            free(keep);
        }
        draw_row(l, t, r, w, pls, h);
        free_layouts(pls, t->ncols);
    }
    tag_close(l);
    l->y += 12;
    free(w);
    free(pls);
}

/* ---- charts ---- */

static void fmt_num(char *out, size_t n, double v)
{
    if (fabs(v - round(v)) < 1e-9)
        snprintf(out, n, "%.0f", v);
    else
        snprintf(out, n, "%.1f", v);
}

static void small_text(lay *l, const char *s, double x, double y, double w, PangoAlignment a)
{
    put_text(l, s, l->p->f_small, x, y, w, a);
}

#define LINE_CHART_H 202.0

static void line_chart(lay *l, const peel_chart *c, double y0)
{
    cairo_t *cr = l->p->cr;
    const double L = MARGIN_X + 40, R = MARGIN_X + CONTENT_W - 8, T = y0 + 8, B = y0 + 180;
    size_t every = c->label_every ? c->label_every : 6;
    double maxv = 1;
    char s[64];
    for (size_t m = 0; m < c->n; m++)
        if (c->have[m] && c->values[m] > maxv)
            maxv = c->values[m];
    for (size_t k = 0; k < c->nrefs; k++)
        if (c->refs[k].value > maxv)
            maxv = c->refs[k].value;
    maxv *= 1.1;
    double dx = c->n > 1 ? (R - L) / (double)(c->n - 1) : 0;
#define X(m) (L + dx * (double)(m))
#define Y(v) (T + (B - T) * (1.0 - (v) / maxv))
    set_rgb(cr, 0x505a5f);
    cairo_set_line_width(cr, 0.8);
    cairo_move_to(cr, L, T);
    cairo_line_to(cr, L, B);
    cairo_line_to(cr, R, B);
    cairo_stroke(cr);
    for (int k = 0; k <= 4; k++) {
        double v = maxv * k / 4;
        snprintf(s, sizeof s, maxv < 10 ? "%.1f" : "%.0f", v);
        small_text(l, s, MARGIN_X, Y(v) - 5, 36, PANGO_ALIGN_RIGHT);
    }
    for (size_t k = 0; k < c->nrefs; k++) {
        double dash[2] = {c->refs[k].warn ? 2 : 4, 3};
        set_rgb(cr, c->refs[k].warn ? 0xd4351c : 0x00703c);
        cairo_set_dash(cr, dash, 2, 0);
        cairo_set_line_width(cr, 1);
        cairo_move_to(cr, L, Y(c->refs[k].value));
        cairo_line_to(cr, R, Y(c->refs[k].value));
        cairo_stroke(cr);
        cairo_set_dash(cr, NULL, 0, 0);
    }
    /* one run of line per run of points with data: a gap is not a zero */
    set_rgb(cr, 0x1d70b8);
    cairo_set_line_width(cr, 1.6);
    bool open = false;
    for (size_t m = 0; m < c->n; m++) {
        if (!c->have[m]) {
            if (open)
                cairo_stroke(cr);
            open = false;
            continue;
        }
        if (open)
            cairo_line_to(cr, X(m), Y(c->values[m]));
        else
            cairo_move_to(cr, X(m), Y(c->values[m]));
        open = true;
    }
    if (open)
        cairo_stroke(cr);
    for (size_t m = 0; m < c->n; m++) {
        if (c->have[m]) {
            set_rgb(cr, 0x1d70b8);
            cairo_arc(cr, X(m), Y(c->values[m]), 1.8, 0, 2 * M_PI);
            cairo_fill(cr);
        }
        if (m % every == 0 && c->labels[m] && *c->labels[m]) {
            set_rgb(cr, 0x0b0c0c);
            small_text(l, c->labels[m], X(m) - 30, B + 4, 60, PANGO_ALIGN_CENTER);
        }
    }
    /* the key: each reference line with its value, two to a row */
    for (size_t k = 0; k < c->nrefs; k++) {
        double dash[2] = {c->refs[k].warn ? 2 : 4, 3};
        double kx = L + (double)(k % 2) * 220, ky = B + 22 + (double)(k / 2) * 13;
        char v[32];
        set_rgb(cr, c->refs[k].warn ? 0xd4351c : 0x00703c);
        cairo_set_line_width(cr, 1);
        cairo_set_dash(cr, dash, 2, 0);
        cairo_move_to(cr, kx, ky + 6);
        cairo_line_to(cr, kx + 16, ky + 6);
        cairo_stroke(cr);
        cairo_set_dash(cr, NULL, 0, 0);
        set_rgb(cr, 0x0b0c0c);
        fmt_num(v, sizeof v, c->refs[k].value);
        snprintf(s, sizeof s, "%.40s: %s", c->refs[k].label, v);
        small_text(l, s, kx + 20, ky, 195, PANGO_ALIGN_LEFT);
    }
#undef X
#undef Y
}

static double bar_label_w(lay *l, const peel_chart *c)
{
    double lw = 0;
    for (size_t i = 0; i < c->n; i++) {
        PangoLayout *pl =
            layout_new(l, c->labels[i] ? c->labels[i] : "", l->p->f_small, 0, PANGO_ALIGN_LEFT);
        double w = layout_width(pl);
        g_object_unref(pl);
        lw = w > lw ? w : lw;
    }
    return lw > CONTENT_W * 0.4 ? CONTENT_W * 0.4 : lw;
}

/* A bar's row: 14 points, less when there are many, so the chart fits a page. */
static double bar_row(const peel_chart *c)
{
    double fit = (BOTTOM - TOP - 120) / (double)(c->n ? c->n : 1);
    return fit < 14 ? (fit < 4 ? 4 : fit) : 14;
}

static void bar_chart(lay *l, const peel_chart *c, double y0)
{
    cairo_t *cr = l->p->cr;
    double lw = bar_label_w(l, c), L = MARGIN_X + lw + 6, maxv = 1, span = CONTENT_W - lw - 50;
    for (size_t i = 0; i < c->n; i++)
        if (c->have[i] && c->values[i] > maxv)
            maxv = c->values[i];
    for (size_t i = 0; i < c->n; i++) {
        double row = bar_row(c), y = y0 + (double)i * row, w = 0;
        char v[32];
        if (c->have[i] && c->values[i] > 0)
            w = span * c->values[i] / maxv;
        set_rgb(cr, 0x0b0c0c);
        PangoLayout *pl =
            layout_new(l, c->labels[i] ? c->labels[i] : "", l->p->f_small, lw, PANGO_ALIGN_RIGHT);
        pango_layout_set_ellipsize(pl, PANGO_ELLIPSIZE_END);
        pango_layout_set_height(pl, 0); /* one line */
        draw_layout(l, pl, MARGIN_X, y + 1);
        g_object_unref(pl);
        set_rgb(cr, 0x1d70b8);
        cairo_rectangle(cr, L, y + row * 0.15, w, row * 0.7);
        cairo_fill(cr);
        set_rgb(cr, 0x0b0c0c);
        if (c->have[i])
            fmt_num(v, sizeof v, c->values[i]);
        else
            snprintf(v, sizeof v, "no data");
        small_text(l, v, L + w + 4, y + 1, 0, PANGO_ALIGN_LEFT);
    }
}

/* Map: the drawing's scale to the width, and at most half a page high. */
static double map_scale(const peel_chart *c)
{
    double sx = c->map_w > 0 ? CONTENT_W / (c->map_w + 10) : 1;
    double sy = c->map_h > 0 ? (PAGE_H * 0.45) / (c->map_h + 10) : 1;
    return sx < sy ? sx : sy;
}

#define MAP_ROW 15.0

static size_t map_legend_rows(const peel_chart *c)
{
    long long ub[PEEL_CHART_MAP_BINS];
    size_t nb = peel_chart_map_bins(c, ub);
    return nb + 2 + (c->mark_key && c->marks.n ? 1 : 0);
}

static const unsigned map_shades[5] = {0xdeebf7, 0x9ecae1, 0x6baed6, 0x3182bd, 0x08519c};
#define MAP_NO_DATA 0xb1b4b6

static unsigned bin_shade(size_t k, size_t nb)
{
    return map_shades[nb > 1 ? k * 4 / (nb - 1) : 2];
}

static long long whole(double v)
{
    return (long long)(v < 0 ? v - 0.5 : v + 0.5);
}

static void map_path(cairo_t *cr, const double *xy, size_t n, double ox, double oy, double s,
                     bool close)
{
    for (size_t k = 0; k < n; k++) {
        double x = ox + (xy[2 * k] + 5) * s, y = oy + (xy[2 * k + 1] + 5) * s;
        if (k)
            cairo_line_to(cr, x, y);
        else
            cairo_move_to(cr, x, y);
    }
    if (close && n)
        cairo_close_path(cr);
}

static void map_chart(lay *l, const peel_chart *c, double y0)
{
    cairo_t *cr = l->p->cr;
    long long ub[PEEL_CHART_MAP_BINS];
    size_t nb = peel_chart_map_bins(c, ub);
    double s = map_scale(c), ox = MARGIN_X, oy = y0;
    char txt[160];
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    for (size_t i = 0; i < c->n; i++) {
        const peel_chart_shape *sh = &c->shapes[i];
        if (!sh->ring.n)
            continue;
        long long v = whole(c->values[i]);
        size_t k = 0;
        while (k + 1 < nb && v > ub[k])
            k++;
        unsigned fill = c->have[i] ? bin_shade(k, nb) : MAP_NO_DATA;
        for (size_t r = 0, at = 0; r < sh->ring.n; at += 2 * sh->ring.v[r++])
            map_path(cr, sh->xy.v + at, sh->ring.v[r], ox, oy, s, true);
        set_rgb(cr, fill);
        cairo_fill_preserve(cr);
        set_rgb(cr, sh->line.n ? fill : 0xffffff);
        cairo_set_line_width(cr, 0.4);
        cairo_stroke(cr);
    }
    set_rgb(cr, 0x0b0c0c);
    cairo_set_line_width(cr, 0.9);
    for (size_t i = 0; i < c->n; i++) {
        const peel_chart_shape *sh = &c->shapes[i];
        for (size_t r = 0, at = 0; r < sh->line.n; at += 2 * sh->line.v[r++])
            map_path(cr, sh->lxy.v + at, sh->line.v[r], ox, oy, s, false);
        cairo_stroke(cr);
    }
    for (size_t i = 0; c->map_names && i < c->n; i++) {
        const peel_chart_shape *sh = &c->shapes[i];
        double lo = 0, hi = 0, sx = 0, sy = 0;
        size_t np = sh->xy.n / 2;
        if (!np || !c->labels[i] || !*c->labels[i])
            continue;
        for (size_t k = 0; k < np; k++) { /* the centre of its points: a guide */
            double x = sh->xy.v[2 * k];
            lo = k && lo < x ? lo : x;
            hi = k && hi > x ? hi : x;
            sx += x;
            sy += sh->xy.v[2 * k + 1];
        }
        PangoLayout *pl = layout_new(l, c->labels[i], l->p->f_small_bold, 0, PANGO_ALIGN_LEFT);
        double tw = layout_width(pl), th = layout_height(pl);
        if ((hi - lo) * s >= tw) {
            double cx = ox + (sx / (double)np + 5) * s - tw / 2,
                   cy = oy + (sy / (double)np + 5) * s - th / 2;
            cairo_move_to(cr, cx, cy);
            pango_cairo_layout_path(cr, pl);
            set_rgb(cr, 0xffffff);
            cairo_set_line_width(cr, 2.5);
            cairo_stroke(cr);
            set_rgb(cr, 0x0b0c0c);
            draw_layout(l, pl, cx, cy);
        }
        g_object_unref(pl);
    }
    for (size_t i = 0; i < c->marks.n; i++) {
        cairo_arc(cr, ox + (c->marks.v[i].x + 5) * s, oy + (c->marks.v[i].y + 5) * s, 3.5, 0,
                  2 * M_PI);
        set_rgb(cr, 0xd4351c);
        cairo_fill_preserve(cr);
        set_rgb(cr, 0xffffff);
        cairo_set_line_width(cr, 1.2);
        cairo_stroke(cr);
    }
    /* the key: a heading, a swatch and its range per bin, then no data */
    double y = oy + (c->map_h + 10) * s + 6;
    set_rgb(cr, 0x0b0c0c);
    snprintf(txt, sizeof txt, "Key: number of %.100s", c->unit ? c->unit : "");
    put_text(l, txt, l->p->f_small_bold, MARGIN_X, y, 0, PANGO_ALIGN_LEFT);
    for (size_t k = 0; k <= nb; k++) {
        long long lo = k ? ub[k - 1] + 1 : 0;
        y += MAP_ROW;
        cairo_rectangle(cr, MARGIN_X, y + 1, 11, 11);
        set_rgb(cr, k < nb ? bin_shade(k, nb) : MAP_NO_DATA);
        cairo_fill_preserve(cr);
        set_rgb(cr, 0x505a5f);
        cairo_set_line_width(cr, 0.5);
        cairo_stroke(cr);
        set_rgb(cr, 0x0b0c0c);
        if (k == nb)
            snprintf(txt, sizeof txt, "No data");
        else if (lo == ub[k])
            snprintf(txt, sizeof txt, "%lld", ub[k]);
        else
            snprintf(txt, sizeof txt, "%lld to %lld", lo, ub[k]);
        small_text(l, txt, MARGIN_X + 17, y, 0, PANGO_ALIGN_LEFT);
    }
    if (c->mark_key && c->marks.n) {
        y += MAP_ROW;
        cairo_arc(cr, MARGIN_X + 5.5, y + 6.5, 3.5, 0, 2 * M_PI);
        set_rgb(cr, 0xd4351c);
        cairo_fill(cr);
        set_rgb(cr, 0x0b0c0c);
        small_text(l, c->mark_key, MARGIN_X + 17, y, 0, PANGO_ALIGN_LEFT);
    }
}

static double chart_height(lay *l, const peel_chart *c)
{
    if (c->kind == PEEL_CHART_MAP)
        return (c->map_h + 10) * map_scale(c) + 6 + MAP_ROW * (double)map_legend_rows(c) + 4;
    if (c->kind == PEEL_CHART_BAR)
        return bar_row(c) * (double)c->n + 6;
    (void)l;
    return LINE_CHART_H + 13 * (double)((c->nrefs + 1) / 2);
}

/* A figure: its title, the chart drawn in place, then its caption, what
 * it shows (the chart's description) and its source; kept on one page. */
static char *figure_caption(const peel_block *b)
{
    const peel_chart *c = b->chart;
    return g_strdup_printf("%s%s%s%s%s", b->text, *b->text && *c->desc ? " \xE2\x80\x94 " : "",
                           c->desc, b->label && *b->label ? "\nSource: " : "",
                           b->label && *b->label ? b->label : "");
}

static double figure_height(lay *l, const peel_block *b)
{
    const peel_chart *c = b->chart;
    char *cap = figure_caption(b);
    PangoLayout *tl =
        layout_new(l, *c->title ? c->title : b->text, l->p->f_bold, CONTENT_W, PANGO_ALIGN_LEFT);
    PangoLayout *cl = layout_new(l, cap, l->p->f_small, CONTENT_W, PANGO_ALIGN_LEFT);
    double h = layout_height(tl) + 4 + chart_height(l, c) + 4 + layout_height(cl) + 8;
    g_object_unref(tl);
    g_object_unref(cl);
    g_free(cap);
    return h;
}

static void figure(lay *l, const peel_block *b)
{
    const peel_chart *c = b->chart;
    if (!c)
        return;
    char *cap = figure_caption(b);
    PangoLayout *tl =
        layout_new(l, *c->title ? c->title : b->text, l->p->f_bold, CONTENT_W, PANGO_ALIGN_LEFT);
    PangoLayout *cl = layout_new(l, cap, l->p->f_small, CONTENT_W, PANGO_ALIGN_LEFT);
    double th = layout_height(tl), ch = chart_height(l, c), caph = layout_height(cl);
    need(l, th + 4 + ch + 4 + caph + 8);
    tag_open(l, "Figure");
    tag_open(l, "Caption");
    if (l->draw)
        set_rgb(l->p->cr, 0x0b0c0c);
    draw_layout(l, tl, MARGIN_X, l->y);
    tag_close(l);
    l->y += th + 4;
    if (l->draw) {
        cairo_save(l->p->cr);
        if (c->kind == PEEL_CHART_MAP)
            map_chart(l, c, l->y);
        else if (c->kind == PEEL_CHART_BAR)
            bar_chart(l, c, l->y);
        else
            line_chart(l, c, l->y);
        cairo_restore(l->p->cr);
    }
    l->y += ch + 4;
    tag_open(l, "P");
    if (l->draw)
        set_rgb(l->p->cr, 0x3b4044);
    draw_layout(l, cl, MARGIN_X, l->y);
    tag_close(l);
    tag_close(l);
    l->y += caph + 12;
    g_object_unref(tl);
    g_object_unref(cl);
    g_free(cap);
}

/* ---- one model, one pass ---- */

/* What a heading keeps on its page: a figure whole, else a table's caption
 * and first rows or a paragraph's first lines (about 60 points). */
static double keep_with(lay *l, const peel_doc *d, size_t i)
{
    if (i < d->n && d->v[i].kind == PEEL_BLOCK_FIGURE && d->v[i].chart) {
        double h = figure_height(l, &d->v[i]);
        return h < BOTTOM - TOP - 60 ? h : 60;
    }
    return 60;
}

static void lay_doc(lay *l, const peel_doc *d, const char *bookmark_text)
{
    l->page = 1;
    l->y = TOP;
    l->ntags = 0;
    furniture(l);
    if (l->draw) {
        char attrs[64];
        char *ok = g_utf8_make_valid(bookmark_text, -1);
        snprintf(attrs, sizeof attrs, "page=%d pos=[0 0]", l->p->total_pages + 1);
        l->outline[0] = cairo_pdf_surface_add_outline(l->p->surf, CAIRO_PDF_OUTLINE_ROOT, ok, attrs,
                                                      CAIRO_PDF_OUTLINE_FLAG_OPEN);
        for (int k = 1; k < 4; k++)
            l->outline[k] = l->outline[0];
        g_free(ok);
    }
    for (size_t i = 0; i < d->n; i++) {
        const peel_block *b = &d->v[i];
        bool in_list = b->kind == PEEL_BLOCK_LIST && i && d->v[i - 1].kind == PEEL_BLOCK_LIST;
        if (b->sensitive && !in_list)
            sensitive_tag(l);
        if (b->kind == PEEL_BLOCK_LIST && !in_list)
            tag_open(l, "L");
        switch (b->kind) {
        case PEEL_BLOCK_TITLE:
            heading(l, 0, b->text, keep_with(l, d, i + 1));
            break;
        case PEEL_BLOCK_HEADING:
            heading(l, b->level < 1 ? 1 : b->level, b->text, keep_with(l, d, i + 1));
            break;
        case PEEL_BLOCK_PARA:
            paragraphs(l, b->text, l->p->f_body, MARGIN_X, CONTENT_W, 6);
            break;
        case PEEL_BLOCK_FIELD:
            field(l, b);
            break;
        case PEEL_BLOCK_LIST:
            list_item(l, b);
            break;
        case PEEL_BLOCK_NOTICE:
            notice(l, b);
            break;
        case PEEL_BLOCK_TABLE:
            table(l, b->table);
            break;
        case PEEL_BLOCK_FIGURE:
            figure(l, b);
            break;
        }
        if (b->kind == PEEL_BLOCK_LIST && (i + 1 == d->n || d->v[i + 1].kind != PEEL_BLOCK_LIST)) {
            tag_close(l);
            l->y += 4;
        }
    }
    while (l->ntags)
        tag_close(l);
}

/* ---- the file ---- */

static int cairo_fail(peel_pdf *p, peel_err *err)
{
    cairo_status_t st = p->cr ? cairo_status(p->cr) : CAIRO_STATUS_SUCCESS;
    if (st == CAIRO_STATUS_SUCCESS && p->surf)
        st = cairo_surface_status(p->surf);
    if (st != CAIRO_STATUS_SUCCESS)
        return peel_err_set(err, PEEL_EIO, "%s: %s", p->path, cairo_status_to_string(st));
    if (p->failed)
        return peel_err_set(err, PEEL_ENOMEM, "%s: out of memory", p->path);
    return 0;
}

static char *dup_opt(const char *s)
{
    return s ? strdup(s) : NULL;
}

static void pdf_free(peel_pdf *p)
{
    if (p->pc)
        g_object_unref(p->pc);
    if (p->fm)
        g_object_unref(p->fm);
    PangoFontDescription *fds[] = {p->f_body,    p->f_bold,      p->f_small,   p->f_small_bold,
                                   p->f_cell,    p->f_cell_bold, p->f_head[0], p->f_head[1],
                                   p->f_head[2], p->f_head[3],   p->f_mark};
    for (size_t i = 0; i < sizeof fds / sizeof *fds; i++)
        if (fds[i])
            pango_font_description_free(fds[i]);
    if (p->cr)
        cairo_destroy(p->cr);
    if (p->surf)
        cairo_surface_destroy(p->surf);
    free(p->path);
    free(p->author);
    free(p->subject);
    free(p->marking);
    free(p->title);
    free(p->strictest);
    free(p);
}

static PangoFontDescription *font(double size, bool bold)
{
    PangoFontDescription *f = pango_font_description_new();
    pango_font_description_set_family(f, FONT);
    pango_font_description_set_absolute_size(f, size * PANGO_SCALE);
    pango_font_description_set_weight(f, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    return f;
}

peel_pdf *peel_pdf_open(const char *path, const peel_pdf_opts *o, peel_err *err)
{
    peel_pdf *p = calloc(1, sizeof *p);
    if (!p) {
        peel_err_set(err, PEEL_ENOMEM, "%s: out of memory", path);
        return NULL;
    }
    p->path = strdup(path);
    p->author = dup_opt(o ? o->author : NULL);
    p->subject = dup_opt(o ? o->subject : NULL);
    p->marking = dup_opt(o ? o->marking : NULL);
    if (!p->path || (o && ((o->author && !p->author) || (o->subject && !p->subject) ||
                           (o->marking && !p->marking)))) {
        peel_err_set(err, PEEL_ENOMEM, "%s: out of memory", path);
        pdf_free(p);
        return NULL;
    }
    if (snprintf(p->tmp, sizeof p->tmp, "%s.tmp", path) >= (int)sizeof p->tmp) {
        peel_err_set(err, PEEL_EINPUT, "%s: the path is too long", path);
        pdf_free(p);
        return NULL;
    }
    p->surf = cairo_pdf_surface_create(p->tmp, PAGE_W, PAGE_H);
    p->cr = cairo_create(p->surf);
    if (cairo_fail(p, err) < 0) {
        unlink(p->tmp);
        pdf_free(p);
        return NULL;
    }
    cairo_pdf_surface_set_metadata(p->surf, CAIRO_PDF_METADATA_CREATOR, "peel");
    if (p->author)
        cairo_pdf_surface_set_metadata(p->surf, CAIRO_PDF_METADATA_AUTHOR, p->author);
    if (p->subject)
        cairo_pdf_surface_set_metadata(p->surf, CAIRO_PDF_METADATA_SUBJECT, p->subject);
    /* unhinted metrics: the measuring pass and the drawing agree */
    p->fm = pango_cairo_font_map_new();
    p->pc = pango_font_map_create_context(p->fm);
    pango_cairo_update_context(p->cr, p->pc);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(p->pc, fo);
    cairo_font_options_destroy(fo);
    p->f_body = font(10, false);
    p->f_bold = font(10, true);
    p->f_small = font(8, false);
    p->f_small_bold = font(8, true);
    p->f_cell = font(8.5, false);
    p->f_cell_bold = font(8.5, true);
    p->f_head[0] = font(20, true);
    p->f_head[1] = font(15, true);
    p->f_head[2] = font(12.5, true);
    p->f_head[3] = font(11, true);
    p->f_mark = font(9, true);
    cairo_tag_begin(p->cr, "Document", NULL);
    return p;
}

int peel_pdf_add(peel_pdf *p, const peel_doc *d, const char *bookmark, const char *marking,
                 peel_err *err)
{
    lay l = {.p = p};
    const char *title = NULL;
    char fallback[32];
    if (d->failed) {
        p->broken = true;
        return peel_err_set(err, PEEL_ENOMEM, "%s: the report was not built (out of memory)",
                            p->path);
    }
    for (size_t i = 0; i < d->n && !title; i++)
        if (d->v[i].kind == PEEL_BLOCK_TITLE)
            title = d->v[i].text;
    snprintf(fallback, sizeof fallback, "Document %d", p->ndocs + 1);
    if (!bookmark || !*bookmark)
        bookmark = title && *title ? title : fallback;
    if (!p->title && !(p->title = strdup(bookmark))) {
        p->broken = true;
        return peel_err_set(err, PEEL_ENOMEM, "%s: out of memory", p->path);
    }
    char *mark = strdup(peel_marking_strictest(marking ? marking : p->marking,
                                               d->sensitive ? "OFFICIAL-SENSITIVE" : "OFFICIAL"));
    if (!mark) {
        p->broken = true;
        return peel_err_set(err, PEEL_ENOMEM, "%s: out of memory", p->path);
    }
    if (!p->strictest || marking_rank(mark) > marking_rank(p->strictest)) {
        free(p->strictest);
        if (!(p->strictest = strdup(mark))) {
            free(mark);
            p->broken = true;
            return peel_err_set(err, PEEL_ENOMEM, "%s: out of memory", p->path);
        }
    }
    l.marking = mark;
    lay_doc(&l, d, bookmark); /* measuring */
    l.pages = l.page;
    l.draw = true;
    if (p->total_pages)
        cairo_show_page(p->cr);
    cairo_tag_begin(p->cr, "Sect", NULL);
    lay_doc(&l, d, bookmark);
    cairo_tag_end(p->cr, "Sect");
    p->total_pages += l.pages;
    p->ndocs++;
    free(mark);
    if (cairo_fail(p, err) < 0) {
        p->broken = true;
        return -1;
    }
    return 0;
}

int peel_pdf_close(peel_pdf *p, peel_err *err)
{
    if (!p)
        return -1;
    cairo_tag_end(p->cr, "Document");
    if (p->title)
        cairo_pdf_surface_set_metadata(p->surf, CAIRO_PDF_METADATA_TITLE, p->title);
    if (p->strictest)
        cairo_pdf_surface_set_metadata(p->surf, CAIRO_PDF_METADATA_KEYWORDS, p->strictest);
    cairo_surface_finish(p->surf);
    int rc = cairo_fail(p, err);
    if (rc == 0 && p->broken)
        rc = peel_err_set(err, PEEL_EINTERNAL, "%s: a report in it failed", p->path);
    if (rc == 0 && rename(p->tmp, p->path) != 0)
        rc = peel_err_set(err, PEEL_EIO, "%s: cannot write the file", p->path);
    if (rc != 0)
        unlink(p->tmp);
    pdf_free(p);
    return rc;
}

int peel_doc_pdf(const peel_doc *d, const peel_pdf_opts *o, const char *path, peel_err *err)
{
    peel_pdf *p = peel_pdf_open(path, o, err);
    if (!p)
        return -1;
    if (peel_pdf_add(p, d, NULL, o ? o->marking : NULL, err) < 0) {
        peel_pdf_close(p, NULL);
        return -1;
    }
    return peel_pdf_close(p, err);
}
