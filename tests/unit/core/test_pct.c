/* test_pct.c - percentages, percentage change and their one rounding rule
 * (src/core/pct.c).  Expected values are worked by hand in the comments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/pct.h"

static int64_t pct(int64_t part, int64_t whole, int dp)
{
    int64_t v = -12345;
    if (!peel_pct(part, whole, dp, &v))
        fail_msg("peel_pct(%lld, %lld, %d) failed", (long long)part, (long long)whole, dp);
    return v;
}

static int64_t change(int64_t before, int64_t now, int dp)
{
    int64_t v = -12345;
    if (!peel_pct_change(before, now, dp, &v))
        fail_msg("peel_pct_change(%lld, %lld, %d) failed", (long long)before, (long long)now, dp);
    return v;
}

static void test_pct(void **state)
{
    (void)state;
    /* 6 of 7 = 85.714285..% */
    assert_int_equal(pct(6, 7, 0), 86);
    assert_int_equal(pct(6, 7, 1), 857);
    assert_int_equal(pct(6, 7, 2), 8571);
    assert_int_equal(pct(6, 7, 4), 857143);
    assert_int_equal(pct(7, 7, 0), 100);
    assert_int_equal(pct(0, 7, 1), 0);
    assert_int_equal(pct(3, 2, 0), 150);
    /* halves go away from zero: 1 of 8 = 12.5%, 1 of 200 = 0.5% */
    assert_int_equal(pct(1, 8, 0), 13);
    assert_int_equal(pct(-1, 8, 0), -13);
    assert_int_equal(pct(1, -8, 0), -13);
    assert_int_equal(pct(-1, -8, 0), 13);
    assert_int_equal(pct(1, 200, 0), 1);
    assert_int_equal(pct(1, 8, 1), 125); /* exact: no rounding */
    /* just under a half rounds down: 1 of 201 = 0.4975..% */
    assert_int_equal(pct(1, 201, 0), 0);
    assert_int_equal(pct(1, 201, 2), 50);
    /* 1 of 3 = 33.33..%, 2 of 3 = 66.66..% */
    assert_int_equal(pct(1, 3, 0), 33);
    assert_int_equal(pct(2, 3, 0), 67);
    assert_int_equal(pct(-2, 3, 1), -667);
}

static void test_pct_change(void **state)
{
    (void)state;
    /* 72 -> 109: +37/72 = +51.388..% */
    assert_int_equal(change(72, 109, 0), 51);
    assert_int_equal(change(72, 109, 1), 514);
    /* 28 -> 79: +51/28 = +182.142..% */
    assert_int_equal(change(28, 79, 0), 182);
    /* 151 -> 175: +24/151 = +15.894..% */
    assert_int_equal(change(151, 175, 0), 16);
    assert_int_equal(change(151, 175, 2), 1589);
    /* falls: 31 -> 30 = -3.225..%; 100 -> 97 = -3% */
    assert_int_equal(change(31, 30, 1), -32);
    assert_int_equal(change(100, 97, 0), -3);
    assert_int_equal(change(100, 0, 0), -100);
    /* a half either way: 8 -> 9 = +12.5%, 8 -> 7 = -12.5% */
    assert_int_equal(change(8, 9, 0), 13);
    assert_int_equal(change(8, 7, 0), -13);
    assert_int_equal(change(50, 50, 1), 0);
    /* from a negative base the sign follows the direction: -10 -> -5 is a
     * rise of 5 on a base of size 10 = +50%; -10 -> -20 = -100% */
    assert_int_equal(change(-10, -5, 0), 50);
    assert_int_equal(change(-10, -20, 0), -100);
    assert_int_equal(change(-10, 10, 0), 200);
}

static void test_no_value(void **state)
{
    int64_t v = 42;
    (void)state;
    assert_false(peel_pct(5, 0, 0, &v));
    assert_false(peel_pct(0, 0, 1, &v));
    assert_false(peel_pct_change(0, 5, 0, &v));
    assert_false(peel_pct_change(0, 0, 0, &v));
    assert_false(peel_pct(1, 2, -1, &v));
    assert_false(peel_pct(1, 2, 5, &v));
    assert_false(peel_pct_change(1, 2, 5, &v));
    assert_int_equal(v, 42); /* untouched */
}

static void test_extremes(void **state)
{
    int64_t v = 0;
    (void)state;
    /* no overflow inside: INT64_MAX of INT64_MAX is 100% */
    assert_int_equal(pct(INT64_MAX, INT64_MAX, 4), 1000000);
    assert_int_equal(pct(INT64_MIN, INT64_MIN, 4), 1000000);
    assert_int_equal(pct(INT64_MIN, INT64_MAX, 0), -100);
    assert_int_equal(pct(1, INT64_MAX, 4), 0);
    assert_int_equal(change(INT64_MAX, INT64_MAX, 4), 0);
    assert_int_equal(change(INT64_MAX, INT64_MIN, 0), -200);
    assert_int_equal(change(INT64_MIN, INT64_MAX, 0), 200);
    assert_int_equal(change(INT64_MIN, 0, 0), 100);
    /* results too big for int64_t are refused, not wrapped */
    assert_false(peel_pct(INT64_MAX, 1, 0, &v));
    assert_false(peel_pct(INT64_MIN, -1, 0, &v));
    assert_false(peel_pct_change(1, INT64_MAX, 0, &v));
    assert_false(peel_pct_change(-1, INT64_MIN, 4, &v));
    /* the largest that fits: 92233720368547758 of 1 is 9223372036854775800 */
    assert_true(peel_pct(92233720368547758, 1, 0, &v));
    assert_true(v == INT64_C(9223372036854775800));
}

static void assert_format(int64_t scaled, int dp, bool sign, const char *want)
{
    char s[32];
    peel_pct_format(scaled, dp, sign, s);
    assert_string_equal(s, want);
}

static void test_format(void **state)
{
    (void)state;
    assert_format(857, 1, false, "85.7%");
    assert_format(86, 0, false, "86%");
    assert_format(51, 0, true, "+51%");
    assert_format(-32, 1, true, "-3.2%");
    assert_format(-32, 1, false, "-3.2%");
    assert_format(0, 0, true, "0%");
    assert_format(0, 1, true, "0.0%");
    assert_format(-5, 1, true, "-0.5%");
    assert_format(5, 2, true, "+0.05%");
    assert_format(1589, 2, false, "15.89%");
    assert_format(100, 0, false, "100%");
    assert_format(1000000, 4, false, "100.0000%");
    assert_format(INT64_MIN, 0, true, "-9223372036854775808%");
    assert_format(INT64_MAX, 4, true, "+922337203685477.5807%");
    assert_format(12, -3, false, "12%"); /* dp below 0 is taken as 0 */
}

/* Computing and formatting together, as a page would. */
static void test_together(void **state)
{
    int64_t v;
    char s[32];
    (void)state;
    assert_true(peel_pct(6, 7, 1, &v));
    peel_pct_format(v, 1, false, s);
    assert_string_equal(s, "85.7%");
    assert_true(peel_pct_change(72, 109, 0, &v));
    peel_pct_format(v, 0, true, s);
    assert_string_equal(s, "+51%");
    assert_true(peel_pct_change(28, 79, 0, &v));
    peel_pct_format(v, 0, true, s);
    assert_string_equal(s, "+182%");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pct),      cmocka_unit_test(test_pct_change),
        cmocka_unit_test(test_no_value), cmocka_unit_test(test_extremes),
        cmocka_unit_test(test_format),   cmocka_unit_test(test_together),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
