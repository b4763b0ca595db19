/* test_map.c - the map chart (render/svg.h, PEEL_CHART_MAP): regions drawn
 * from rings of points, each with a <title> naming it and its value (names
 * escaped), shaded by bins of whole numbers from 0 to the largest value,
 * a legend of the bins and a "No data" swatch, a region without a value in
 * grey; and empty columns left out of a doc table.  Expected bins are worked
 * by hand here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "render/doc.h"
#include "render/svg.h"

static const double square[] = {0, 0, 10, 0, 10, 10, 0, 10};

static peel_chart *three_regions(void)
{
    peel_chart *c = peel_chart_new(PEEL_CHART_MAP, "m", "Crimes <by> area", "A \"map\"", 3);
    assert_non_null(c);
    assert_int_equal(peel_chart_map_unit(c, "crimes"), 0);
    c->map_w = 100;
    c->map_h = 50;
    assert_int_equal(peel_chart_set(c, 0, "Oadby & Wigston", 12), 0);
    assert_int_equal(peel_chart_set(c, 1, "<script>", 100), 0);
    assert_int_equal(peel_chart_label(c, 2, "Rutland"), 0); /* no value: no data */
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(peel_chart_map_ring(c, i, square, 4), 0);
    assert_int_equal(peel_chart_map_code(c, 0, "E07000135"), 0);
    /* a second ring for the first region: one path, two subpaths */
    assert_int_equal(peel_chart_map_ring(c, 0, square, 4), 0);
    return c;
}

static void test_bins(void **state)
{
    long long ub[PEEL_CHART_MAP_BINS];
    peel_chart *c = three_regions();
    (void)state;
    /* largest 100: ceil(100 * k / 5) = 20, 40, 60, 80, 100 */
    assert_int_equal(peel_chart_map_bins(c, ub), 5);
    assert_int_equal(ub[0], 20);
    assert_int_equal(ub[4], 100);
    /* largest 3: one bin per value, 0 on its own (0, 1, 2, 3) */
    c->values[1] = 3;
    c->values[0] = 1;
    assert_int_equal(peel_chart_map_bins(c, ub), 4);
    assert_int_equal(ub[0], 0);
    assert_int_equal(ub[1], 1);
    assert_int_equal(ub[2], 2);
    assert_int_equal(ub[3], 3);
    /* largest 1: nothing and one apart */
    c->values[1] = 1;
    assert_int_equal(peel_chart_map_bins(c, ub), 2);
    assert_int_equal(ub[0], 0);
    assert_int_equal(ub[1], 1);
    /* largest 7: ceil(7k/5) = 2, 3, 5, 6, 7 */
    c->values[1] = 7;
    assert_int_equal(peel_chart_map_bins(c, ub), 5);
    assert_int_equal(ub[0], 2);
    assert_int_equal(ub[1], 3);
    assert_int_equal(ub[2], 5);
    assert_int_equal(ub[3], 6);
    /* nothing above 0: one bin */
    c->values[0] = c->values[1] = 0;
    assert_int_equal(peel_chart_map_bins(c, ub), 1);
    assert_int_equal(ub[0], 0);
    peel_chart_free(c);
}

static void test_svg(void **state)
{
    peel_buf b = PEEL_BUF_INIT;
    peel_chart *c = three_regions();
    (void)state;
    assert_int_equal(peel_svg_chart(&b, c), 0);
    const char *s = peel_buf_str(&b);
    /* screen readers: title and description, escaped */
    assert_non_null(strstr(s, "role=\"img\" aria-labelledby=\"m-t m-d\""));
    assert_non_null(strstr(s, "<title id=\"m-t\">Crimes &lt;by&gt; area</title>"));
    assert_non_null(strstr(s, "<desc id=\"m-d\">A &quot;map&quot;</desc>"));
    /* each region names itself and its value; names escaped */
    assert_non_null(strstr(s, "<title>Oadby &amp; Wigston: 12 crimes</title></path>"));
    assert_non_null(strstr(s, "<title>&lt;script&gt;: 100 crimes</title></path>"));
    assert_null(strstr(s, "<script>"));
    assert_non_null(strstr(s, "<title>Rutland: no data</title></path>"));
    /* shades: 12 in the first bin (to 20), 100 in the last, no data grey */
    assert_non_null(strstr(s, "data-code=\"E07000135\" fill=\"#deebf7\""));
    assert_non_null(strstr(s, "fill=\"#08519c\""));
    assert_non_null(strstr(s, "data-code=\"\" fill=\"#b1b4b6\""));
    /* two rings of the first region: two subpaths, offset by the margin */
    assert_non_null(strstr(s, "d=\"M5.0 5.0L15.0 5.0L15.0 15.0L5.0 15.0ZM5.0 5.0L15.0 5.0"));
    /* the legend: its heading, five bins and the no-data swatch */
    assert_non_null(strstr(s, ">Key: number of crimes</text>"));
    assert_non_null(strstr(s, ">0 to 20</text>"));
    assert_non_null(strstr(s, ">21 to 40</text>"));
    assert_non_null(strstr(s, ">81 to 100</text>"));
    assert_non_null(strstr(s, "fill=\"#b1b4b6\" stroke=\"#505a5f\""));
    assert_non_null(strstr(s, ">No data</text>"));
    peel_buf_release(&b);

    /* a region named with markup in a doc figure: the text renderer lists it */
    peel_doc d = {0};
    peel_doc_figure(&d, c, "Crimes by area", "police.uk");
    assert_int_equal(peel_doc_text(&d, &b), 0);
    assert_non_null(strstr(peel_buf_str(&b), "  Oadby & Wigston: 12\n"));
    assert_non_null(strstr(peel_buf_str(&b), "  Rutland: no data\n"));
    peel_buf_release(&b);
    peel_doc_free(&d);
}

static void test_drop_empty_columns(void **state)
{
    static const char *const head[] = {"Comparison", "Crimes", "Change", "Note"};
    static const char *const r1[] = {"Month", "", "", "both months hold data"};
    static const char *const r2[] = {"Year", "", "+2", ""};
    peel_doc d = {0};
    peel_buf b = PEEL_BUF_INIT;
    (void)state;
    peel_doc_table *t = peel_doc_table_add(&d, "Compared", 4, 1, false);
    peel_doc_table_row(&d, t, head);
    peel_doc_table_row(&d, t, r1);
    peel_doc_table_row(&d, t, r2);
    peel_doc_table_numeric(&d, t, 2);
    assert_int_equal(peel_doc_table_drop_empty(&d, t), 1);
    assert_int_equal(t->ncols, 3);
    assert_int_equal(peel_doc_html_body(&d, &b), 0);
    const char *s = peel_buf_str(&b);
    assert_non_null(strstr(s, "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" "
                              "aria-label=\"Compared\"><table>"));
    assert_non_null(strstr(s, "<th scope=\"col\">Comparison</th><th scope=\"col\">Change</th>"
                              "<th scope=\"col\">Note</th>"));
    assert_non_null(strstr(s, "<tr><td>Year</td><td class=\"num\">+2</td><td></td></tr>"));
    assert_null(strstr(s, "Crimes"));
    assert_int_equal(peel_doc_table_drop_empty(&d, t), 0);
    peel_buf_release(&b);
    peel_doc_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bins),
        cmocka_unit_test(test_svg),
        cmocka_unit_test(test_drop_empty_columns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
