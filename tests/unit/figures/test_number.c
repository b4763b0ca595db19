/* test_number.c - exact fractions, printed figures and their
 * reconciliation under each rounding rule, against worked examples done by
 * hand (written out beside each case, never taken from the code under
 * test); and a figure's filters read against a declaration. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "figures/cond.h"
#include "figures/number.h"

static peel_fnum F(int64_t n, int64_t d)
{
    peel_fnum f;
    assert_true(peel_fnum_make(n, d, &f));
    return f;
}

static peel_fprinted P(const char *text, enum peel_funit unit)
{
    peel_fprinted p;
    char msg[200];
    if (peel_fprinted_parse(text, unit, &p, msg, sizeof msg) < 0)
        fail_msg("\"%s\" did not read: %s", text, msg);
    return p;
}

static bool agrees(peel_fnum c, const char *printed, enum peel_funit unit, enum peel_fround rule)
{
    peel_fprinted p = P(printed, unit);
    return peel_freconcile(c, &p, rule, -1, unit);
}

static void test_fractions(void **state)
{
    peel_fnum a;
    (void)state;
    a = F(6, -14); /* lowest terms, sign on the numerator: -3/7 */
    assert_int_equal(a.num, -3);
    assert_int_equal(a.den, 7);
    assert_true(peel_fnum_add(F(1, 6), F(1, 3), &a)); /* 1/6 + 2/6 = 1/2 */
    assert_int_equal(a.num, 1);
    assert_int_equal(a.den, 2);
    assert_true(peel_fnum_div(F(6, 1), F(7, 1), &a));
    assert_true(peel_fnum_mul(a, F(100, 1), &a)); /* 600/7 */
    assert_int_equal(a.num, 600);
    assert_int_equal(a.den, 7);
    assert_false(peel_fnum_make(1, 0, &a));
    assert_false(peel_fnum_div(F(1, 1), F(0, 1), &a));
    assert_false(peel_fnum_mul(F(INT64_MAX, 1), F(2, 1), &a)); /* overflow is refused */
    assert_int_equal(peel_fnum_cmp(F(1, 3), F(2, 6)), 0);
    assert_int_equal(peel_fnum_cmp(F(1, 3), F(1, 2)), -1);
}

static void test_rounding_rules(void **state)
{
    peel_fnum six_of_seven = F(600, 7); /* 85.714285...% */
    peel_fnum two_of_106 = F(200, 106); /* 1.886792...% */
    peel_fnum one_of_eight = F(100, 8); /* 12.5%: a half */
    peel_fnum fall = F(-50, 100);       /* -0.5%: a half below zero */
    (void)state;

    /* rounded, halves away from zero */
    assert_true(agrees(six_of_seven, "86%", PEEL_FUNIT_PERCENT, PEEL_FROUND_ROUND));
    assert_false(agrees(six_of_seven, "85%", PEEL_FUNIT_PERCENT, PEEL_FROUND_ROUND));
    assert_true(agrees(six_of_seven, "85.7%", PEEL_FUNIT_PERCENT, PEEL_FROUND_ROUND));
    assert_true(agrees(six_of_seven, "85.71%", PEEL_FUNIT_PERCENT, PEEL_FROUND_ROUND));
    assert_true(agrees(one_of_eight, "13%", PEEL_FUNIT_PERCENT, PEEL_FROUND_ROUND));
    assert_true(agrees(fall, "-1%", PEEL_FUNIT_PERCENT, PEEL_FROUND_ROUND));
    assert_true(agrees(fall,
                       "\xe2\x80\x93"
                       "1%",
                       PEEL_FUNIT_PERCENT, PEEL_FROUND_ROUND));
    assert_true(agrees(two_of_106, "1.9%", PEEL_FUNIT_PERCENT, PEEL_FROUND_ROUND));
    assert_false(agrees(two_of_106, "1.8%", PEEL_FUNIT_PERCENT, PEEL_FROUND_ROUND));
    /* truncated, towards zero */
    assert_true(agrees(two_of_106, "1.8%", PEEL_FUNIT_PERCENT, PEEL_FROUND_TRUNCATE));
    assert_true(agrees(six_of_seven, "85%", PEEL_FUNIT_PERCENT, PEEL_FROUND_TRUNCATE));
    assert_true(agrees(one_of_eight, "12%", PEEL_FUNIT_PERCENT, PEEL_FROUND_TRUNCATE));
    assert_true(agrees(fall, "0%", PEEL_FUNIT_PERCENT, PEEL_FROUND_TRUNCATE));
    /* exact */
    assert_true(agrees(F(7, 1), "7", PEEL_FUNIT_COUNT, PEEL_FROUND_EXACT));
    assert_false(agrees(one_of_eight, "13%", PEEL_FUNIT_PERCENT, PEEL_FROUND_EXACT));
    /* bounds: over 90 means more than 90; nearly 90 is below it by at most a tenth (81) */
    assert_true(agrees(F(181, 2), "over 90", PEEL_FUNIT_COUNT, PEEL_FROUND_OVER));
    assert_false(agrees(F(90, 1), "over 90", PEEL_FUNIT_COUNT, PEEL_FROUND_OVER));
    assert_true(agrees(F(90, 1), "at least 90", PEEL_FUNIT_COUNT, PEEL_FROUND_AT_LEAST));
    assert_true(agrees(F(85, 1), "nearly 90", PEEL_FUNIT_COUNT, PEEL_FROUND_NEARLY));
    assert_true(agrees(F(81, 1), "nearly 90", PEEL_FUNIT_COUNT, PEEL_FROUND_NEARLY));
    assert_false(agrees(F(80, 1), "nearly 90", PEEL_FUNIT_COUNT, PEEL_FROUND_NEARLY));
    assert_false(agrees(F(90, 1), "nearly 90", PEEL_FUNIT_COUNT, PEEL_FROUND_NEARLY));
    assert_true(agrees(F(89, 1), "under 90", PEEL_FUNIT_COUNT, PEEL_FROUND_UNDER));
}

static void test_money(void **state)
{
    peel_fprinted p;
    (void)state;
    p = P("\xc2\xa3"
          "960,591.34",
          PEEL_FUNIT_MONEY); /* pence */
    assert_int_equal(p.value.num, 96059134);
    assert_int_equal(p.value.den, 1);
    assert_int_equal(p.step.num, 1);
    assert_int_equal(p.places, 2);
    /* £10.4m: 1,040,000,000 pence to the nearest £100,000 (10,000,000 pence) */
    p = P("\xc2\xa3"
          "10.4m",
          PEEL_FUNIT_MONEY);
    assert_int_equal(p.value.num, 1040000000);
    assert_int_equal(p.step.num, 10000000);
    /* £10,350,000.00 is 10.35m: rounds half away to 10.4m; £10,349,999 to 10.3m */
    assert_true(agrees(F(1035000000, 1),
                       "\xc2\xa3"
                       "10.4m",
                       PEEL_FUNIT_MONEY, PEEL_FROUND_ROUND));
    assert_false(agrees(F(1034999900, 1),
                        "\xc2\xa3"
                        "10.4m",
                        PEEL_FUNIT_MONEY, PEEL_FROUND_ROUND));
    assert_true(agrees(F(96059134, 1),
                       "\xc2\xa3"
                       "960,591.34",
                       PEEL_FUNIT_MONEY, PEEL_FROUND_ROUND));
    assert_true(agrees(F(96059100, 1),
                       "\xc2\xa3"
                       "960,591",
                       PEEL_FUNIT_MONEY, PEEL_FROUND_ROUND));
}

static void test_reading(void **state)
{
    peel_fprinted p;
    char msg[200];
    (void)state;
    p = P("seven", PEEL_FUNIT_COUNT);
    assert_int_equal(p.value.num, 7);
    p = P("Twenty-one", PEEL_FUNIT_COUNT);
    assert_int_equal(p.value.num, 21);
    p = P("26 working days", PEEL_FUNIT_WORKING_DAYS);
    assert_int_equal(p.value.num, 26);
    p = P("+51 per cent", PEEL_FUNIT_PERCENT);
    assert_int_equal(p.value.num, 51);
    p = P("over 90", PEEL_FUNIT_COUNT);
    assert_true(p.has_bound);
    assert_int_equal(p.bound, PEEL_FROUND_OVER);
    p = P("1,234", PEEL_FUNIT_COUNT);
    assert_int_equal(p.value.num, 1234);
    /* a footnote's mark after the number: "61*" ("*Data to April 2024") */
    p = P("61*", PEEL_FUNIT_COUNT);
    assert_int_equal(p.value.num, 61);
    p = P("12%\xe2\x80\xa0", PEEL_FUNIT_PERCENT);
    assert_int_equal(p.value.num, 12);
    assert_int_equal(peel_fprinted_parse("61*x", PEEL_FUNIT_COUNT, &p, msg, sizeof msg), -1);
    /* what does not read is named */
    assert_int_equal(peel_fprinted_parse("86 apples", PEEL_FUNIT_PERCENT, &p, msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "apples"));
    assert_int_equal(peel_fprinted_parse("\xc2\xa3"
                                         "5",
                                         PEEL_FUNIT_COUNT, &p, msg, sizeof msg),
                     -1);
    assert_non_null(strstr(msg, "money"));
    assert_int_equal(peel_fprinted_parse("", PEEL_FUNIT_COUNT, &p, msg, sizeof msg), -1);
    assert_int_equal(peel_fprinted_parse("many", PEEL_FUNIT_COUNT, &p, msg, sizeof msg), -1);
    /* a figure too large to print back at its places is refused as such */
    assert_int_equal(
        peel_fprinted_parse("2,000004000.2403m", PEEL_FUNIT_NUMBER, &p, msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "too large"));
    p = P("10.4m", PEEL_FUNIT_NUMBER);
    assert_int_equal(p.value.num, 10400000);
}

static void test_explain(void **state)
{
    peel_fprinted p;
    char why[200];
    (void)state;
    /* 2 of 106 printed 1.8%: 1.887% truncated, not rounded */
    p = P("1.8%", PEEL_FUNIT_PERCENT);
    assert_true(peel_freconcile_explain(F(200, 106), &p, PEEL_FROUND_ROUND, -1, PEEL_FUNIT_PERCENT,
                                        why, sizeof why));
    assert_string_equal(why, "1.8868% truncated, not rounded, gives 1.8%.");
    /* a truncation declared where the paper rounded */
    p = P("86%", PEEL_FUNIT_PERCENT);
    assert_true(peel_freconcile_explain(F(600, 7), &p, PEEL_FROUND_TRUNCATE, -1, PEEL_FUNIT_PERCENT,
                                        why, sizeof why));
    assert_string_equal(why, "85.714% rounded, not truncated, gives 86%.");
    /* the sign the other way round */
    p = P("16%", PEEL_FUNIT_PERCENT);
    assert_true(peel_freconcile_explain(F(-16, 1), &p, PEEL_FROUND_ROUND, -1, PEEL_FUNIT_PERCENT,
                                        why, sizeof why));
    /* nothing explains 50 against 86 */
    assert_false(peel_freconcile_explain(F(50, 1), &p, PEEL_FROUND_ROUND, -1, PEEL_FUNIT_PERCENT,
                                         why, sizeof why));
}

static void test_format(void **state)
{
    char s[64];
    (void)state;
    peel_fnum_format(F(600, 7), PEEL_FUNIT_PERCENT, 1, false, s, sizeof s);
    assert_string_equal(s, "85.7%");
    peel_fnum_format(F(96059134, 1), PEEL_FUNIT_MONEY, 2, false, s, sizeof s);
    assert_string_equal(s, "\xc2\xa3"
                           "960,591.34");
    peel_fnum_format(F(51, 1), PEEL_FUNIT_PERCENT, 0, true, s, sizeof s);
    assert_string_equal(s, "+51%");
    peel_fnum_format(F(-8, 1), PEEL_FUNIT_COUNT, 0, true, s, sizeof s);
    assert_string_equal(s, "-8");
}

/* A type of the test's own, for the filters. */
static const peel_option kinds[] = {{"thematic", NULL}, {"peel", NULL}, {0}};
static const peel_field test_fields[] = {
    {.name = "title", .label = "Title", .type = PEEL_F_TEXT},
    {.name = "kind", .label = "Kind", .type = PEEL_F_ENUM, .options = kinds},
    {.name = "published", .label = "Published", .type = PEEL_F_DATE},
    {.name = "responded", .label = "Responded", .type = PEEL_F_DATE},
    {.name = "n", .label = "N", .type = PEEL_F_INT},
};
static const peel_type test_type = {
    .name = "report",
    .label = "Report",
    .plural = "Reports",
    .fields = test_fields,
    .nfields = 5,
    .title = "title",
};

static void test_conditions(void **state)
{
    peel_fconds c;
    char msg[240];
    peel_record *r = peel_record_new(&test_type);
    peel_fielderrs fe = {0};
    (void)state;

    assert_int_equal(peel_fconds_parse("kind = thematic; days(published, responded) <= 56",
                                       &test_type, &c, msg, sizeof msg),
                     0);
    assert_int_equal(c.n, 2);
    peel_value_parse(&test_fields[1], "thematic", 8, &r->v[1], &fe);
    peel_value_parse(&test_fields[2], "2022-12-01", 10, &r->v[2], &fe);
    /* a date missing: unknown, naming it */
    {
        const peel_field *missing = NULL;
        assert_int_equal(peel_fconds_match(&c, r, &missing), -1);
        assert_ptr_equal(missing, &test_fields[3]);
    }
    peel_value_parse(&test_fields[3], "2023-01-26", 10, &r->v[3], &fe); /* 56 days */
    assert_int_equal(peel_fconds_match(&c, r, NULL), 1);
    peel_value_clear(&r->v[3]);
    peel_value_parse(&test_fields[3], "2023-01-27", 10, &r->v[3], &fe); /* 57 days */
    assert_int_equal(peel_fconds_match(&c, r, NULL), 0);
    peel_fconds_release(&c);
    /* != holds for a record with no value */
    assert_int_equal(peel_fconds_parse("n != 3", &test_type, &c, msg, sizeof msg), 0);
    assert_int_equal(peel_fconds_match(&c, r, NULL), 1);
    assert_false(peel_fconds_plain(&c));
    peel_fconds_release(&c);
    peel_record_free(r);

    /* bad filters are named */
    assert_int_equal(peel_fconds_parse("colour = red", &test_type, &c, msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "report has no field colour"));
    assert_int_equal(peel_fconds_parse("kind ~ thematic", &test_type, &c, msg, sizeof msg), -1);
    assert_int_equal(peel_fconds_parse("kind = magazine", &test_type, &c, msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "magazine"));
    assert_int_equal(peel_fconds_parse("kind < thematic", &test_type, &c, msg, sizeof msg), -1);
    assert_int_equal(
        peel_fconds_parse("days(title, responded) < 3", &test_type, &c, msg, sizeof msg), -1);
    assert_int_equal(peel_fconds_parse("published >= 01/04/2022", &test_type, &c, msg, sizeof msg),
                     0);
    peel_fconds_release(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fractions),  cmocka_unit_test(test_rounding_rules),
        cmocka_unit_test(test_money),      cmocka_unit_test(test_reading),
        cmocka_unit_test(test_explain),    cmocka_unit_test(test_format),
        cmocka_unit_test(test_conditions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
