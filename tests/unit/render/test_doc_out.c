/* test_doc_out.c - the report model as PDF, workbook and CSV
 * (src/render/doc_out.h).  The PDF is read back with poppler, an
 * independent reader: every heading and table cell in order, the marking
 * at the top and bottom of every page, "Page N of M", the header row again
 * on every page a table runs on to, the outline and the metadata, and an
 * agenda pack's papers each from a new page under a bookmark of its own.
 * The workbook's sheet names are read from its own XML (libzip); the
 * cells are read back with openpyxl in tests/e2e/test_render_outputs.py. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <poppler.h>
#include <zip.h>

#include "render/doc.h"
#include "render/doc_out.h"
#include "render/svg.h"

#define NROWS 200

static char dir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/peel-doc-out-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    char cmd[128];
    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void path_of(char *out, size_t n, const char *name)
{
    snprintf(out, n, "%s/%s", dir, name);
}

/* Row i's cells, as the table holds them. */
static void row_cells(size_t i, char cells[4][128])
{
    snprintf(cells[0], 128, "Ward %03zu", i + 1);
    snprintf(cells[1], 128, "%zu", (i + 1) * 37 % 1000);
    snprintf(cells[2], 128, "\xC2\xA3%zu,%03zu.50", i + 1, i * 7 % 1000);
    snprintf(cells[3], 128,
             "note for ward %zu that is long enough to wrap in its narrow column "
             "of the table",
             i + 1);
}

static void build(peel_doc *d)
{
    static const char *const head[] = {"Ward", "Crimes", "Spend", "Note"};
    peel_doc_add(d, PEEL_BLOCK_TITLE, 0, NULL, "Update report to the Panel");
    peel_doc_add(d, PEEL_BLOCK_PARA, 0, NULL, "An opening paragraph.\nA second paragraph.");
    peel_doc_add(d, PEEL_BLOCK_HEADING, 1, NULL, "Crimes by ward");
    peel_doc_field(d, "Period", "April 2023 to March 2024");
    peel_doc_table *t = peel_doc_table_add(d, "Crimes and spend by ward", 4, 1, true);
    assert_non_null(t);
    peel_doc_table_numeric(d, t, 1);
    peel_doc_table_numeric(d, t, 2);
    peel_doc_table_row(d, t, head);
    for (size_t i = 0; i < NROWS; i++) {
        char cells[4][128];
        row_cells(i, cells);
        const char *row[] = {cells[0], cells[1], cells[2], cells[3]};
        peel_doc_table_row(d, t, row);
    }
    peel_doc_add(d, PEEL_BLOCK_HEADING, 2, NULL, "Trend");
    peel_chart *c = peel_chart_new(PEEL_CHART_LINE, "trend", "Crimes per month",
                                   "Line chart of crimes per month with its mean", 12);
    assert_non_null(c);
    for (size_t m = 0; m < 12; m++) {
        char label[16];
        snprintf(label, sizeof label, "2023-%02zu", m + 1);
        if (m == 5)
            peel_chart_label(c, m, label); /* a gap */
        else
            peel_chart_set(c, m, label, 100.0 + (double)(m * 13 % 40));
    }
    peel_chart_ref_add(c, "Mean", 118, false);
    peel_chart_ref_add(c, "Upper control limit", 150, true);
    peel_doc_figure(d, c, "Crimes per month, 2023", "police.uk");
    peel_doc_add(d, PEEL_BLOCK_LIST, 0, NULL, "First point");
    peel_doc_add(d, PEEL_BLOCK_LIST, 0, NULL, "Second point");
    peel_doc_add(d, PEEL_BLOCK_HEADING, 3, NULL, "Closed matters");
    size_t from = d->n;
    peel_doc_add(d, PEEL_BLOCK_NOTICE, 0, NULL, "A closed item, for the office only.");
    peel_doc_mark_sensitive(d, from);
    assert_false(d->failed);
}

/* Every page's text; the caller frees each and the array. */
static char **pages_of(const char *path, int *n, PopplerDocument **out)
{
    GError *ge = NULL;
    char *uri = g_filename_to_uri(path, NULL, &ge);
    assert_non_null(uri);
    PopplerDocument *doc = poppler_document_new_from_file(uri, NULL, &ge);
    g_free(uri);
    assert_non_null(doc);
    *n = poppler_document_get_n_pages(doc);
    char **text = calloc((size_t)*n + 1, sizeof *text);
    for (int i = 0; i < *n; i++) {
        PopplerPage *page = poppler_document_get_page(doc, i);
        text[i] = poppler_page_get_text(page);
        g_object_unref(page);
    }
    *out = doc;
    return text;
}

static void free_pages(char **text, int n, PopplerDocument *doc)
{
    for (int i = 0; i < n; i++)
        g_free(text[i]);
    free(text);
    g_object_unref(doc);
}

static size_t count(const char *hay, const char *needle)
{
    size_t k = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        k++;
    return k;
}

/* Every run of white space as one space. */
static void squeeze(char *s)
{
    char *w = s;
    for (const char *r = s; *r; r++) {
        bool ws = *r == ' ' || *r == '\n' || *r == '\t' || *r == '\r';
        if (!ws || (w > s && w[-1] != ' '))
            *w++ = ws ? ' ' : *r;
    }
    *w = '\0';
}

/* Finds needle at or after *at in all; advances *at past it. */
static void in_order(const char *all, size_t *at, const char *needle)
{
    const char *p = strstr(all + *at, needle);
    if (!p)
        fail_msg("'%s' not found in order after offset %zu", needle, *at);
    *at = (size_t)(p - all) + strlen(needle);
}

static void test_pdf_reads_back(void **state)
{
    peel_doc d = {0};
    peel_err err = PEEL_ERR_INIT;
    char path[128];
    PopplerDocument *doc;
    int n;
    (void)state;
    build(&d);
    path_of(path, sizeof path, "report.pdf");
    peel_pdf_opts o = {.author = "Office of the Police and Crime Commissioner",
                       .subject = "Update report"};
    assert_int_equal(peel_doc_pdf(&d, &o, path, &err), 0);
    char **text = pages_of(path, &n, &doc);
    assert_true(n > 4);

    /* the whole text: headings and every cell in order */
    GString *all = g_string_new("");
    for (int i = 0; i < n; i++)
        g_string_append(all, text[i]);
    squeeze(all->str); /* a wrapped cell reads the same wherever its lines break */
    size_t at = 0;
    in_order(all->str, &at, "Update report to the Panel");
    in_order(all->str, &at, "An opening paragraph.");
    in_order(all->str, &at, "A second paragraph.");
    in_order(all->str, &at, "Crimes by ward");
    in_order(all->str, &at, "Period: April 2023 to March 2024");
    in_order(all->str, &at, "Crimes and spend by ward");
    for (size_t i = 0; i < NROWS; i++) {
        char cells[4][128];
        row_cells(i, cells);
        in_order(all->str, &at, cells[0]);
        in_order(all->str, &at, cells[1]);
        in_order(all->str, &at, cells[2]);
        in_order(all->str, &at, "note for ward"); /* wrapped: its words, in order */
        in_order(all->str, &at, "of the table");
    }
    in_order(all->str, &at, "Trend");
    in_order(all->str, &at, "Crimes per month");
    in_order(all->str, &at, "Mean: 118");
    in_order(all->str, &at, "Upper control limit: 150");
    in_order(all->str, &at, "Line chart of crimes per month with its mean");
    in_order(all->str, &at, "Source: police.uk");
    in_order(all->str, &at, "First point");
    in_order(all->str, &at, "Second point");
    in_order(all->str, &at, "Closed matters");
    in_order(all->str, &at, "OFFICIAL-SENSITIVE"); /* the block's own tag */
    in_order(all->str, &at, "A closed item, for the office only.");
    g_string_free(all, TRUE);

    /* every page: the model's marking at top and bottom, its number, and
     * the table's header on each page its rows are on */
    for (int i = 0; i < n; i++) {
        char num[32];
        snprintf(num, sizeof num, "Page %d of %d", i + 1, n);
        assert_non_null(strstr(text[i], num));
        assert_true(count(text[i], "OFFICIAL-SENSITIVE") >= 2);
        squeeze(text[i]);
        const char *row = strstr(text[i], "Ward 0"), *r1 = strstr(text[i], "Ward 1");
        const char *head = strstr(text[i], "Ward Crimes Spend Note");
        row = !row || (r1 && r1 < row) ? r1 : row;
        if (row)
            assert_true(head && head < row);
    }
    assert_true(strncmp(text[0], "OFFICIAL-SENSITIVE", 18) == 0);

    /* metadata and the outline: the title, its headings nested */
    char *s = poppler_document_get_title(doc);
    assert_string_equal(s, "Update report to the Panel");
    g_free(s);
    s = poppler_document_get_creator(doc);
    assert_string_equal(s, "peel");
    g_free(s);
    s = poppler_document_get_author(doc);
    assert_string_equal(s, "Office of the Police and Crime Commissioner");
    g_free(s);
    s = poppler_document_get_keywords(doc);
    assert_string_equal(s, "OFFICIAL-SENSITIVE");
    g_free(s);
    PopplerIndexIter *it = poppler_index_iter_new(doc);
    assert_non_null(it);
    PopplerAction *a = poppler_index_iter_get_action(it);
    assert_string_equal(a->any.title, "Update report to the Panel");
    poppler_action_free(a);
    PopplerIndexIter *kid = poppler_index_iter_get_child(it);
    assert_non_null(kid);
    a = poppler_index_iter_get_action(kid);
    assert_string_equal(a->any.title, "Crimes by ward");
    poppler_action_free(a);
    PopplerIndexIter *grand = poppler_index_iter_get_child(kid);
    assert_non_null(grand);
    a = poppler_index_iter_get_action(grand);
    assert_string_equal(a->any.title, "Trend");
    poppler_action_free(a);
    poppler_index_iter_free(grand);
    poppler_index_iter_free(kid);
    assert_false(poppler_index_iter_next(it)); /* one paper: one top level */
    poppler_index_iter_free(it);
    free_pages(text, n, doc);
    peel_doc_free(&d);
}

static void test_pack(void **state)
{
    peel_doc a = {0}, b = {0};
    peel_err err = PEEL_ERR_INIT;
    char path[128];
    PopplerDocument *doc;
    int n;
    (void)state;
    peel_doc_add(&a, PEEL_BLOCK_TITLE, 0, NULL, "Agenda");
    peel_doc_add(&a, PEEL_BLOCK_LIST, 0, NULL, "1. Apologies");
    build(&b);
    path_of(path, sizeof path, "pack.pdf");
    peel_pdf *p = peel_pdf_open(path, &(peel_pdf_opts){.marking = "OFFICIAL"}, &err);
    assert_non_null(p);
    assert_int_equal(peel_pdf_add(p, &a, "Item 0: Agenda", NULL, &err), 0);
    assert_int_equal(peel_pdf_add(p, &b, NULL, NULL, &err), 0);
    assert_int_equal(peel_pdf_close(p, &err), 0);
    char **text = pages_of(path, &n, &doc);
    /* the agenda: one page, OFFICIAL, its own numbering */
    assert_non_null(strstr(text[0], "Agenda"));
    assert_non_null(strstr(text[0], "Page 1 of 1"));
    assert_null(strstr(text[0], "OFFICIAL-SENSITIVE"));
    assert_int_equal(count(text[0], "OFFICIAL"), 2);
    /* the report from a new page, with its own marking and numbers */
    assert_non_null(strstr(text[1], "Update report to the Panel"));
    char num[32];
    snprintf(num, sizeof num, "Page 1 of %d", n - 1);
    assert_non_null(strstr(text[1], num));
    assert_true(count(text[1], "OFFICIAL-SENSITIVE") >= 2);
    char *s = poppler_document_get_keywords(doc);
    assert_string_equal(s, "OFFICIAL-SENSITIVE"); /* the strictest */
    g_free(s);
    PopplerIndexIter *it = poppler_index_iter_new(doc);
    PopplerAction *act = poppler_index_iter_get_action(it);
    assert_string_equal(act->any.title, "Item 0: Agenda");
    poppler_action_free(act);
    assert_true(poppler_index_iter_next(it));
    act = poppler_index_iter_get_action(it);
    assert_string_equal(act->any.title, "Update report to the Panel");
    poppler_action_free(act);
    PopplerIndexIter *kid = poppler_index_iter_get_child(it);
    assert_non_null(kid);
    act = poppler_index_iter_get_action(kid);
    assert_string_equal(act->any.title, "Crimes by ward");
    poppler_action_free(act);
    poppler_index_iter_free(kid);
    assert_false(poppler_index_iter_next(it));
    poppler_index_iter_free(it);
    free_pages(text, n, doc);
    peel_doc_free(&a);
    peel_doc_free(&b);
}

static void test_pdf_error_names_path(void **state)
{
    peel_doc d = {0};
    peel_err err = PEEL_ERR_INIT;
    char path[128];
    struct stat st;
    (void)state;
    peel_doc_add(&d, PEEL_BLOCK_TITLE, 0, NULL, "T");
    path_of(path, sizeof path, "no-such-folder/out.pdf");
    assert_int_equal(peel_doc_pdf(&d, NULL, path, &err), -1);
    assert_non_null(strstr(err.msg, path));
    assert_int_not_equal(stat(path, &st), 0);
    peel_doc_free(&d);
}

static void test_marking_strictest(void **state)
{
    (void)state;
    assert_string_equal(peel_marking_strictest("OFFICIAL", "OFFICIAL-SENSITIVE"),
                        "OFFICIAL-SENSITIVE");
    assert_string_equal(peel_marking_strictest("OFFICIAL-SENSITIVE", "OFFICIAL"),
                        "OFFICIAL-SENSITIVE");
    assert_string_equal(peel_marking_strictest(NULL, "OFFICIAL"), "OFFICIAL");
    assert_string_equal(peel_marking_strictest("SECRET", "OFFICIAL-SENSITIVE"), "SECRET");
}

static void test_cell_number(void **state)
{
    peel_cell_number n;
    (void)state;
    assert_int_equal(peel_doc_cell_number("\xC2\xA3\x31,234.50", &n), 0);
    assert_true(n.value == 1234.5 && n.money && n.commas && n.decimals == 2);
    assert_int_equal(peel_doc_cell_number("12%", &n), 0);
    assert_true(n.value == 0.12 && n.percent && n.decimals == 0);
    assert_int_equal(peel_doc_cell_number("-4.5%", &n), 0);
    assert_true(n.value == -0.045 && n.decimals == 1);
    assert_int_equal(peel_doc_cell_number("-\xC2\xA3\x35", &n), 0);
    assert_true(n.value == -5 && n.money);
    assert_int_equal(peel_doc_cell_number("1,204", &n), 0);
    assert_true(n.value == 1204 && n.commas);
    assert_int_equal(peel_doc_cell_number("0.1", &n), 0);
    assert_true(n.value == 0.1);
    static const char *const not_numbers[] = {
        "",    "-",         "2022-01", "007",  "1,23",          "12,3456",  "1.",     ".5",
        "n/a", "E01025627", "1 234",   "12%%", "\xC2\xA3\x35%", "5 crimes", "1,,234", ",123"};
    for (size_t i = 0; i < sizeof not_numbers / sizeof *not_numbers; i++)
        if (peel_doc_cell_number(not_numbers[i], &n) == 0)
            fail_msg("'%s' read as a number", not_numbers[i]);
}

static void test_csv(void **state)
{
    peel_doc d = {0};
    peel_buf b = PEEL_BUF_INIT;
    static const char *const head[] = {"Name", "Change"};
    static const char *const r1[] = {"=SUM(A1)", "-3"};
    static const char *const r2[] = {"Smith, J", "-4.5%"};
    static const char *const one[] = {""};
    (void)state;
    peel_doc_add(&d, PEEL_BLOCK_PARA, 0, NULL, "not a table");
    peel_doc_table *t = peel_doc_table_add(&d, "Changes, by name", 2, 1, false);
    peel_doc_table_row(&d, t, head);
    peel_doc_table_row(&d, t, r1);
    peel_doc_table_row(&d, t, r2);
    t = peel_doc_table_add(&d, NULL, 1, 0, false);
    peel_doc_table_row(&d, t, one);
    assert_int_equal(peel_doc_csv(&d, &b), 0);
    assert_string_equal(peel_buf_str(&b), "\"Changes, by name\"\n"
                                          "Name,Change\n"
                                          "'=SUM(A1),-3\n"
                                          "\"Smith, J\",-4.5%\n"
                                          "\n"
                                          "\"\"\n"
                                          "\"\"\n"
                                          "\n");
    peel_buf_release(&b);
    peel_doc_free(&d);
}

/* The workbook's sheet names, from xl/workbook.xml. */
static char *workbook_xml(const char *path)
{
    int ze = 0;
    zip_t *z = zip_open(path, ZIP_RDONLY, &ze);
    assert_non_null(z);
    zip_stat_t st;
    assert_int_equal(zip_stat(z, "xl/workbook.xml", 0, &st), 0);
    char *xml = calloc(st.size + 1, 1);
    zip_file_t *f = zip_fopen(z, "xl/workbook.xml", 0);
    assert_non_null(f);
    assert_int_equal(zip_fread(f, xml, st.size), (zip_int64_t)st.size);
    zip_fclose(f);
    zip_close(z);
    return xml;
}

static void test_xlsx_sheet_names(void **state)
{
    peel_doc d = {0};
    peel_err err = PEEL_ERR_INIT;
    char path[128];
    static const char *const caps[] = {
        "Crimes by type, last 12 months",
        "Crimes by type, last 12 months", /* the same again */
        "A caption that is far longer than thirty-one characters",
        "Spend [2023/24]: *all* funds?",
        "Contents",
        NULL,
        "'quoted'",
    };
    static const char *const row[] = {"1"};
    (void)state;
    peel_doc_add(&d, PEEL_BLOCK_TITLE, 0, NULL, "Workbook");
    for (size_t i = 0; i < sizeof caps / sizeof *caps; i++) {
        peel_doc_table *t = peel_doc_table_add(&d, caps[i], 1, 0, false);
        peel_doc_table_row(&d, t, row);
    }
    path_of(path, sizeof path, "book.xlsx");
    assert_int_equal(peel_doc_xlsx(&d, path, &err), 0);
    char *xml = workbook_xml(path);
    static const char *const want[] = {
        "<sheet name=\"Contents\"",
        "<sheet name=\"Crimes by type, last 12 months\"",
        "<sheet name=\"Crimes by type, last 12 mon (2)\"",
        "<sheet name=\"A caption that is far longer th\"",
        "<sheet name=\"Spend  2023 24    all  funds\"",
        "<sheet name=\"Contents (2)\"",
        "<sheet name=\"Table 6\"",
        "<sheet name=\"quoted\"",
    };
    size_t at = 0;
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        in_order(xml, &at, want[i]);
    free(xml);
    peel_doc_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pdf_reads_back),       cmocka_unit_test(test_pack),
        cmocka_unit_test(test_pdf_error_names_path), cmocka_unit_test(test_marking_strictest),
        cmocka_unit_test(test_cell_number),          cmocka_unit_test(test_csv),
        cmocka_unit_test(test_xlsx_sheet_names),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
