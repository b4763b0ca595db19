/* test_section.c - a section's period (src/render/section.h): from..to of
 * its parameters, else fy, else the paper's, and its month; each bad
 * parameter refused by name. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "render/section.h"

static int period(const char *params, peel_date *from, peel_date *to, peel_err *err)
{
    peel_section_args a = {.from = peel_date_from_ymd(2024, 8, 1),
                           .to = peel_date_from_ymd(2024, 9, 30),
                           .meeting = "",
                           .params = params,
                           .level = 2};
    return peel_section_period(&a, from, to, err);
}

static void test_period_sources(void **state)
{
    (void)state;
    peel_date f = 0, t = 0;
    peel_err err = PEEL_ERR_INIT;

    assert_int_equal(period("", &f, &t, &err), 1);
    assert_int_equal(f, peel_date_from_ymd(2024, 8, 1));
    assert_int_equal(t, peel_date_from_ymd(2024, 9, 30));

    assert_int_equal(period("from=2023-04-01; to=2023-06-30", &f, &t, &err), 1);
    assert_int_equal(f, peel_date_from_ymd(2023, 4, 1));
    assert_int_equal(t, peel_date_from_ymd(2023, 6, 30));

    assert_int_equal(period("fy=2023-24", &f, &t, &err), 1);
    assert_int_equal(f, peel_date_from_ymd(2023, 4, 1));
    assert_int_equal(t, peel_date_from_ymd(2024, 3, 31));

    peel_section_args none = {.meeting = "", .params = "", .level = 2};
    assert_int_equal(peel_section_period(&none, &f, &t, &err), 0);
}

static void refused(const char *params, const char *names)
{
    peel_date f = 0, t = 0;
    peel_err err = PEEL_ERR_INIT;

    assert_int_equal(period(params, &f, &t, &err), -1);
    assert_int_equal(err.code, PEEL_EINPUT);
    if (!strstr(err.msg, names))
        fail_msg("'%s': '%s' does not name %s", params, err.msg, names);
    peel_err_clear(&err);
}

static void test_period_refused(void **state)
{
    (void)state;
    refused("from=2023-04-01", "parameter to");
    refused("to=2023-04-01", "parameter from");
    refused("from=yesterday; to=2023-04-01", "parameter from");
    refused("from=2023-04-01; to=2023-02-30", "parameter to");
    refused("from=2023-04-01; to=2023-03-01", "parameter to: before from");
    refused("fy=2023", "parameter fy");
}

static void test_month(void **state)
{
    (void)state;
    peel_section_args a = {.to = peel_date_from_ymd(2024, 9, 30), .meeting = "", .level = 2};
    peel_month m = 0;
    peel_err err = PEEL_ERR_INIT;

    a.params = "";
    assert_int_equal(peel_section_month(&a, &m, &err), 0);
    assert_int_equal(m, peel_month_of_date(peel_date_from_ymd(2024, 9, 1)));
    a.params = "month=2024-07";
    assert_int_equal(peel_section_month(&a, &m, &err), 0);
    assert_int_equal(m, peel_month_of_date(peel_date_from_ymd(2024, 7, 1)));
    a.params = "month=July";
    assert_int_equal(peel_section_month(&a, &m, &err), -1);
    assert_non_null(strstr(err.msg, "parameter month"));
    peel_err_clear(&err);
    a.params = "";
    a.to = 0;
    assert_int_equal(peel_section_month(&a, &m, &err), -1);
    assert_non_null(strstr(err.msg, "parameter month: is required"));
    peel_err_clear(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_period_sources),
        cmocka_unit_test(test_period_refused),
        cmocka_unit_test(test_month),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
