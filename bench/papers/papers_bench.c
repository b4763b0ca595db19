/* papers_bench.c - times the report renderers in-process: a synthetic
 * update report of about 60 pages (20 sections, each with paragraphs and a
 * table; 10 charts: line charts with a gap and reference lines, bar charts
 * and maps of a grid of regions) rendered to PDF by peel_doc_pdf, and an
 * agenda pack of ten papers of two sections each (about 60 pages in all)
 * through peel_pdf_open/_add/_close.  The
 * figures are synthetic, like bench/gen.py's rows: they only give the
 * renderer work of a paper's size.  Prints the median and the fastest in
 * milliseconds; `html FILE` writes the same report as one HTML page
 * (peel_doc_html) for a browser's print to PDF, the peer it is compared
 * with (bench/papers/run.sh).  Built only when asked (cmake
 * -DPEEL_BENCH=ON: target peel-papers-bench).
 *
 *     peel-papers-bench pdf OUT.pdf [N]     the one paper, N runs (default 5)
 *     peel-papers-bench pack OUT.pdf [N]    the ten-paper pack
 *     peel-papers-bench once OUT.pdf        the paper once (for a whole-process timing)
 *     peel-papers-bench html OUT.html       the paper as HTML
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/err.h"
#include "render/doc.h"
#include "render/doc_out.h"
#include "render/svg.h"

#define SECTIONS 20
#define ROWS 90
#define MONTHS 36

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* A small deterministic sequence, so every run draws the same report. */
static unsigned next(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 16) & 0x7fff;
}

static peel_chart *line_chart(int k, unsigned *seed)
{
    char id[32];
    snprintf(id, sizeof id, "trend-%d", k);
    peel_chart *c = peel_chart_new(PEEL_CHART_LINE, id, "Recorded per month",
                                   "Line chart of the count per month with its mean and control "
                                   "limits; the figures are in the table beside it",
                                   MONTHS);
    for (size_t m = 0; c && m < MONTHS; m++) {
        char label[16];
        snprintf(label, sizeof label, "%04zu-%02zu", 2021 + m / 12, m % 12 + 1);
        if (m == 7)
            peel_chart_label(c, m, label);
        else
            peel_chart_set(c, m, label, 180 + next(seed) % 60);
    }
    if (c) {
        c->label_every = 6;
        peel_chart_ref_add(c, "Mean", 210, false);
        peel_chart_ref_add(c, "Upper control limit", 262, true);
        peel_chart_ref_add(c, "Lower control limit", 158, true);
    }
    return c;
}

static peel_chart *bar_chart(int k, unsigned *seed)
{
    static const char *const types[] = {"Violence and sexual offences",
                                        "Anti-social behaviour",
                                        "Shoplifting",
                                        "Criminal damage and arson",
                                        "Public order",
                                        "Vehicle crime",
                                        "Other theft",
                                        "Burglary",
                                        "Drugs",
                                        "Bicycle theft",
                                        "Possession of weapons",
                                        "Other crime"};
    char id[32];
    snprintf(id, sizeof id, "types-%d", k);
    peel_chart *c =
        peel_chart_new(PEEL_CHART_BAR, id, "By type", "Bar chart of the count by type", 12);
    for (size_t i = 0; c && i < 12; i++)
        peel_chart_set(c, i, types[i], next(seed) % 400);
    return c;
}

/* A map of 12 x 10 square regions, a few of them without data, a few marks. */
static peel_chart *map_chart(int k, unsigned *seed)
{
    const size_t nx = 12, ny = 10;
    char id[32];
    snprintf(id, sizeof id, "map-%d", k);
    peel_chart *c = peel_chart_new(PEEL_CHART_MAP, id, "By neighbourhood",
                                   "Map of the neighbourhoods shaded by count", nx * ny);
    if (!c)
        return NULL;
    c->map_w = 40.0 * (double)nx;
    c->map_h = 40.0 * (double)ny;
    peel_chart_map_unit(c, "crimes");
    for (size_t i = 0; i < nx * ny; i++) {
        double x = 40.0 * (double)(i % nx), y = 40.0 * (double)(i / nx);
        double ring[] = {x, y, x + 40, y, x + 40, y + 40, x, y + 40};
        char label[32];
        snprintf(label, sizeof label, "Area %zu", i + 1);
        if (i % 17 == 3)
            peel_chart_label(c, i, label);
        else
            peel_chart_set(c, i, label, next(seed) % 90);
        peel_chart_map_ring(c, i, ring, 4);
    }
    for (int m = 0; m < 6; m++)
        peel_chart_map_mark(c, 20 + 70.0 * m, 30 + 55.0 * m, "A visit");
    peel_chart_map_mark_key(c, "a visit");
    return c;
}

static void build(peel_doc *d, int sections)
{
    unsigned seed = 1;
    static const char *const head[] = {"Neighbourhood", "Last year", "This year",
                                       "% change",      "Spend",     "Note"};
    peel_doc_add(d, PEEL_BLOCK_TITLE, 0, NULL, "Update report to the Police and Crime Panel");
    peel_doc_field(d, "Period", "April 2023 to March 2024");
    peel_doc_field(d, "Author", "Chief Executive");
    for (int s = 0; s < sections; s++) {
        char cap[96];
        peel_doc_addf(d, PEEL_BLOCK_HEADING, 1, "Section %d: performance and delivery", s + 1);
        peel_doc_add(d, PEEL_BLOCK_PARA, 0, NULL,
                     "This section reports the figures for the period against the plan's "
                     "objectives, with the year before for comparison. Counts are as recorded; "
                     "a change is given where both years hold data, and a note says why "
                     "where it is not.\nThe table lists every neighbourhood of the area; the "
                     "spending column is the money committed in the period, in pounds.");
        if (s % 4 == 1)
            peel_doc_add(d, PEEL_BLOCK_NOTICE, 0, NULL,
                         "Two neighbourhoods have no figures for March: the force's return was "
                         "not received in time for this report.");
        snprintf(cap, sizeof cap, "Section %d: counts and spend by neighbourhood", s + 1);
        peel_doc_table *t = peel_doc_table_add(d, cap, 6, 1, true);
        if (!t)
            return;
        for (size_t c = 1; c < 5; c++)
            peel_doc_table_numeric(d, t, c);
        peel_doc_table_row(d, t, head);
        for (int r = 0; r < ROWS; r++) {
            char name[48], a[16], b[16], ch[16], money[32];
            unsigned x = 100 + next(&seed) % 900, y = 100 + next(&seed) % 900;
            snprintf(name, sizeof name, "Neighbourhood %d-%02d", s + 1, r + 1);
            snprintf(a, sizeof a, "%u", x);
            snprintf(b, sizeof b, "%u", y);
            snprintf(ch, sizeof ch, "%.1f%%", 100.0 * ((double)y - x) / x);
            snprintf(money, sizeof money, "\xC2\xA3%u,%03u.%02u", next(&seed) % 90 + 1,
                     next(&seed) % 1000, next(&seed) % 100);
            const char *row[] = {
                name, a,     b,
                ch,   money, r % 5 == 0 ? "includes a change of boundary in the period" : ""};
            peel_doc_table_row(d, t, row);
        }
        if (s % 2 == 0) {
            int k = s / 2;
            peel_chart *c = k % 3 == 0   ? line_chart(k, &seed)
                            : k % 3 == 1 ? bar_chart(k, &seed)
                                         : map_chart(k, &seed);
            peel_doc_figure(d, c, "The section's figures as a chart", "synthetic benchmark data");
        }
        peel_doc_add(d, PEEL_BLOCK_LIST, 0, NULL, "Next steps are agreed with the force.");
        peel_doc_add(d, PEEL_BLOCK_LIST, 0, NULL,
                     "The Panel will receive the next figures in "
                     "two months.");
    }
}

/* Ten papers of two sections each (about six pages each): a ten-item meeting. */
static int pack_once(const peel_doc *d, const char *out, peel_err *err)
{
    peel_pdf *p = peel_pdf_open(out, &(peel_pdf_opts){.author = "peel bench"}, err);
    if (!p)
        return -1;
    for (int i = 0; i < 10; i++) {
        char bm[32];
        snprintf(bm, sizeof bm, "Item %d", i + 1);
        if (peel_pdf_add(p, d, bm, i == 9 ? "OFFICIAL-SENSITIVE" : NULL, err) < 0) {
            peel_pdf_close(p, NULL);
            return -1;
        }
    }
    return peel_pdf_close(p, err);
}

int main(int argc, char **argv)
{
    peel_err err = PEEL_ERR_INIT;
    peel_doc d = {0};
    int rc = 0;
    if (argc < 3) {
        fprintf(stderr, "usage: %s pdf|pack|once|html OUT [N]\n", argv[0]);
        return 2;
    }
    int n = argc >= 4 ? (int)strtol(argv[3], NULL, 10) : 5;
    if (n < 1 || n > 1000)
        n = 5;
    double t0 = now_ms();
    build(&d, !strcmp(argv[1], "pack") ? 2 : SECTIONS);
    double built = now_ms() - t0;
    if (d.failed) {
        fprintf(stderr, "out of memory building the report\n");
        return 1;
    }
    if (!strcmp(argv[1], "html")) {
        peel_buf b = PEEL_BUF_INIT;
        FILE *f = fopen(argv[2], "wb");
        rc = f && peel_doc_html(&d, &b) == 0 && fwrite(b.data, 1, b.len, f) == b.len ? 0 : -1;
        if (f)
            fclose(f);
        peel_buf_release(&b);
        if (rc < 0)
            fprintf(stderr, "%s: cannot write\n", argv[2]);
    } else if (!strcmp(argv[1], "once")) {
        rc = peel_doc_pdf(&d, NULL, argv[2], &err);
    } else if (!strcmp(argv[1], "pdf") || !strcmp(argv[1], "pack")) {
        bool pack = !strcmp(argv[1], "pack");
        double *t = calloc((size_t)n, sizeof *t);
        for (int i = 0; t && i < n && rc == 0; i++) {
            double s = now_ms();
            rc = pack ? pack_once(&d, argv[2], &err) : peel_doc_pdf(&d, NULL, argv[2], &err);
            t[i] = now_ms() - s;
        }
        if (t && rc == 0) {
            qsort(t, (size_t)n, sizeof *t, cmp_double);
            printf("%s: median %.1f ms, fastest %.1f ms (%d runs; model built in %.1f ms)\n",
                   pack ? "ten-paper pack to PDF" : "one paper to PDF", t[n / 2], t[0], n, built);
        }
        free(t);
    } else {
        fprintf(stderr, "%s: not pdf, pack, once or html\n", argv[1]);
        rc = -1;
    }
    if (rc < 0 && err.code)
        fprintf(stderr, "%s\n", err.msg);
    peel_doc_free(&d);
    return rc < 0 ? 1 : 0;
}
