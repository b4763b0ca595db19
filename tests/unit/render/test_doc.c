/* test_doc.c - the report content model (src/render/doc.h) and the chart
 * writer (svg.h): tables of any width with their caption and header scopes,
 * figures with caption and source, every value escaped, the text renderer
 * giving the same figures, and sensitive blocks tagged. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "render/doc.h"
#include "render/svg.h"

static void test_table_any_width(void **state)
{
    static const char *const head[] = {"District", "2022", "2023", "Change",
                                       "Rate",     "Rank", "Note"};
    static const char *const row[] = {"Charnwood", "100", "110", "10%", "5.2", "1", "<b>"};
    peel_doc d = {0};
    peel_buf b = PEEL_BUF_INIT;
    peel_doc_table *t;
    (void)state;

    peel_doc_add(&d, PEEL_BLOCK_TITLE, 0, NULL, "Report");
    t = peel_doc_table_add(&d, "Crimes by district", 7, 1, true);
    assert_non_null(t);
    peel_doc_table_numeric(&d, t, 1);
    peel_doc_table_row(&d, t, head);
    peel_doc_table_row(&d, t, row);
    assert_false(d.failed);
    assert_int_equal(t->nrows, 2);
    assert_int_equal(peel_doc_html_body(&d, &b), 0);
    const char *h = peel_buf_str(&b);
    assert_non_null(strstr(h, "<caption>Crimes by district</caption>"));
    assert_non_null(strstr(h, "<thead>\n<tr><th scope=\"col\">District</th>"));
    assert_non_null(strstr(h, "<th scope=\"col\">Note</th></tr>\n</thead>"));
    assert_non_null(strstr(h, "<tbody>\n<tr><th scope=\"row\">Charnwood</th>"
                              "<td class=\"num\">100</td><td>110</td>"));
    assert_non_null(strstr(h, "<td>&lt;b&gt;</td>"));
    assert_null(strstr(h, "<b>"));
    peel_buf_reset(&b);
    assert_int_equal(peel_doc_text(&d, &b), 0);
    assert_non_null(strstr(peel_buf_str(&b), "Crimes by district\nDistrict | 2022 | 2023"));
    peel_buf_release(&b);
    peel_doc_free(&d);
}

static void test_figure_caption_source_chart(void **state)
{
    peel_doc d = {0};
    peel_buf b = PEEL_BUF_INIT;
    peel_chart *c = peel_chart_new(PEEL_CHART_LINE, "trend", "Crimes <per> month",
                                   "Line chart; the figures are in the table below.", 3);
    (void)state;
    assert_non_null(c);
    assert_int_equal(peel_chart_set(c, 0, "2023-01", 10), 0);
    /* point 1 left as a gap: not drawn as a zero */
    assert_int_equal(peel_chart_set(c, 2, "2023-03", 30), 0);
    assert_int_equal(peel_chart_ref_add(c, "Mean", 20, false), 0);
    assert_int_equal(peel_chart_set(c, 3, "out of range", 1), -1);
    assert_non_null(peel_doc_figure(&d, c, "Crimes per month", "police.uk, street crimes"));
    assert_int_equal(peel_doc_html(&d, &b), 0);
    const char *h = peel_buf_str(&b);
    /* the chart in a named, focusable region that may scroll on a phone */
    assert_non_null(strstr(h, "<figure>\n<div class=\"chart-scroll\" role=\"region\" "
                              "tabindex=\"0\" aria-label=\"Crimes per month\">\n<svg "));
    assert_non_null(strstr(h, "class=\"chart chart--line\""));
    assert_non_null(strstr(h, "role=\"img\" aria-labelledby=\"trend-t trend-d\""));
    assert_non_null(strstr(h, "<title id=\"trend-t\">Crimes &lt;per&gt; month</title>"));
    assert_non_null(strstr(h, "<figcaption>Crimes per month <span class=\"source\">Source: "
                              "police.uk, street crimes</span></figcaption>"));
    /* two runs of data, so two polylines */
    const char *p = strstr(h, "<polyline");
    assert_non_null(p);
    assert_non_null(strstr(p + 1, "<polyline"));
    peel_buf_reset(&b);
    assert_int_equal(peel_doc_text(&d, &b), 0);
    assert_non_null(strstr(peel_buf_str(&b), "Figure: Crimes per month\n  2023-01: 10\n"
                                             "  : no data\n  2023-03: 30\n  Mean: 20\n"
                                             "Source: police.uk, street crimes\n"));
    peel_buf_release(&b);
    peel_doc_free(&d);
}

static void test_bar_chart(void **state)
{
    peel_buf b = PEEL_BUF_INIT;
    peel_chart *c = peel_chart_new(PEEL_CHART_BAR, "types", "By type", "Bars", 2);
    (void)state;
    peel_chart_set(c, 0, "Burglary & theft", 40);
    peel_chart_set(c, 1, "Drugs", 20);
    assert_int_equal(peel_svg_chart(&b, c), 0);
    assert_non_null(strstr(peel_buf_str(&b), ">Burglary &amp; theft</text>"));
    assert_non_null(strstr(peel_buf_str(&b), "<rect "));
    peel_buf_release(&b);
    peel_chart_free(c);
}

static void test_sensitive_tagged(void **state)
{
    peel_doc d = {0};
    peel_buf b = PEEL_BUF_INIT;
    (void)state;
    peel_doc_add(&d, PEEL_BLOCK_HEADING, 1, NULL, "Open");
    size_t from = d.n;
    peel_doc_add(&d, PEEL_BLOCK_HEADING, 3, NULL, "Closed item");
    peel_doc_field(&d, "Overview", "");
    assert_int_equal(d.n, from + 1); /* an empty field is left out */
    peel_doc_mark_sensitive(&d, from);
    assert_true(d.sensitive);
    assert_int_equal(peel_doc_html_body(&d, &b), 0);
    assert_non_null(strstr(peel_buf_str(&b), "<h4>Closed item <strong class=\"tag "
                                             "tag--sensitive\">OFFICIAL-SENSITIVE</strong></h4>"));
    assert_null(strstr(peel_buf_str(&b), "<h2>Open <strong"));
    peel_buf_release(&b);
    peel_doc_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_any_width),
        cmocka_unit_test(test_figure_caption_source_chart),
        cmocka_unit_test(test_bar_chart),
        cmocka_unit_test(test_sensitive_tagged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
