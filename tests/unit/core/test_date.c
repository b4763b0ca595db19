/* test_date.c - dates, months, financial years, bank holidays and working
 * days (src/core/date.c).
 *
 * The bank holiday lists below are GOV.UK's published lists for England and
 * Wales, written out by hand: they are the independent source the rules in
 * date.c are checked against, so never generate them from the code.
 * Working-day answers are counted by hand in the comments beside them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/date.h"

static peel_date D(const char *s)
{
    peel_date d = 0;
    peel_err err = PEEL_ERR_INIT;
    if (peel_date_parse(s, strlen(s), &d, &err) != 0)
        fail_msg("%s", err.msg);
    return d;
}

static void assert_date(peel_date d, const char *want)
{
    char got[11];
    peel_date_format(d, got);
    assert_string_equal(got, want);
}

/* Parses s (as a view of n bytes), expects failure with exactly msg. */
static void assert_bad_date(const char *s, size_t n, const char *msg)
{
    peel_date d;
    peel_err err = PEEL_ERR_INIT;
    assert_int_equal(peel_date_parse(s, n, &d, &err), -1);
    assert_int_equal(err.code, PEEL_EINPUT);
    assert_string_equal(err.msg, msg);
}

/* ---- day numbers ---- */

static void test_day_numbers(void **state)
{
    (void)state;
    assert_int_equal(peel_date_from_ymd(1970, 1, 1), 0);
    assert_int_equal(peel_date_from_ymd(1969, 12, 31), -1);
    assert_int_equal(peel_date_from_ymd(2000, 3, 1), 11017);
    assert_int_equal(peel_date_from_ymd(2023, 7, 26), 19564);
    assert_int_equal(peel_date_weekday(0), 4);               /* Thursday */
    assert_int_equal(peel_date_weekday(-1), 3);              /* Wednesday */
    assert_int_equal(peel_date_weekday(D("2023-07-26")), 3); /* Wednesday */
    assert_int_equal(peel_date_weekday(D("2000-01-01")), 6); /* Saturday */
    assert_int_equal(peel_date_weekday(D("2023-10-08")), 7); /* Sunday */
    assert_int_equal(peel_date_weekday(D("2023-10-09")), 1); /* Monday */
    assert_int_equal(D("2024-03-01") - D("2024-02-28"), 2);  /* leap year */
    assert_int_equal(D("2100-03-01") - D("2100-02-28"), 1);  /* not a leap year */
    assert_int_equal(D("2000-03-01") - D("2000-02-28"), 2);  /* 400-year rule */
}

/* Every day from 1000-01-01 to 9999-12-31 converts both ways and the day
 * numbers run on without a gap. */
static void test_every_day_round_trips(void **state)
{
    peel_date d = peel_date_from_ymd(1000, 1, 1);
    (void)state;
    for (int y = 1000; y <= 9999; y++)
        for (int m = 1; m <= 12; m++)
            for (int dd = 1; peel_date_valid_ymd(y, m, dd); dd++, d++) {
                int yy, mm, ddd;
                if (peel_date_from_ymd(y, m, dd) != d)
                    fail_msg("%04d-%02d-%02d is not day %d", y, m, dd, (int)d);
                peel_date_to_ymd(d, &yy, &mm, &ddd);
                if (yy != y || mm != m || ddd != dd)
                    fail_msg("day %d gives %d-%d-%d", (int)d, yy, mm, ddd);
            }
    assert_int_equal(d - 1, peel_date_from_ymd(9999, 12, 31));
}

static void test_valid_ymd(void **state)
{
    (void)state;
    assert_true(peel_date_valid_ymd(2024, 2, 29));
    assert_false(peel_date_valid_ymd(2023, 2, 29));
    assert_false(peel_date_valid_ymd(2023, 4, 31));
    assert_true(peel_date_valid_ymd(2023, 12, 31));
    assert_false(peel_date_valid_ymd(2023, 13, 1));
    assert_false(peel_date_valid_ymd(2023, 0, 1));
    assert_false(peel_date_valid_ymd(2023, 1, 0));
}

/* ---- parsing and formatting dates ---- */

static void test_date_parse(void **state)
{
    const char buf[] = "2023-07-26XYZ"; /* a view: not NUL-terminated after 10 */
    peel_date d;
    peel_err err = PEEL_ERR_INIT;
    (void)state;

    assert_int_equal(peel_date_parse(buf, 10, &d, &err), 0);
    assert_date(d, "2023-07-26");
    assert_date(D("2024-02-29"), "2024-02-29");
    assert_date(D("2000-02-29"), "2000-02-29");
    assert_date(D("1000-01-01"), "1000-01-01");
    assert_date(D("9999-12-31"), "9999-12-31");

    assert_bad_date("2023-02-30", 10, "'2023-02-30' is not a date (February 2023 has 28 days)");
    assert_bad_date("2023-02-29", 10, "'2023-02-29' is not a date (February 2023 has 28 days)");
    assert_bad_date("2100-02-29", 10, "'2100-02-29' is not a date (February 2100 has 28 days)");
    assert_bad_date("2023-04-31", 10, "'2023-04-31' is not a date (April 2023 has 30 days)");
    assert_bad_date("2023-13-01", 10, "'2023-13-01' is not a date (there is no month 13)");
    assert_bad_date("2023-00-01", 10, "'2023-00-01' is not a date (there is no month 0)");
    assert_bad_date("2023-01-00", 10, "'2023-01-00' is not a date (there is no day 0)");
    assert_bad_date("0999-12-31", 10, "'0999-12-31' is not a date (the year must be 1000 to 9999)");
    assert_bad_date("2023-7-26", 9, "'2023-7-26' is not a date (expected YYYY-MM-DD)");
    assert_bad_date("26/07/2023", 10, "'26/07/2023' is not a date (expected YYYY-MM-DD)");
    assert_bad_date("2023-07-26 ", 11, "'2023-07-26 ' is not a date (expected YYYY-MM-DD)");
    assert_bad_date(" 2023-07-26", 11, "' 2023-07-26' is not a date (expected YYYY-MM-DD)");
    assert_bad_date("+023-07-26", 10, "'+023-07-26' is not a date (expected YYYY-MM-DD)");
    assert_bad_date("2023-07- 6", 10, "'2023-07- 6' is not a date (expected YYYY-MM-DD)");
    assert_bad_date("", 0, "'' is not a date (expected YYYY-MM-DD)");
    assert_bad_date(NULL, 0, "'' is not a date (expected YYYY-MM-DD)");
    /* Non-printable bytes and stray UTF-8 bytes become '?'; a NUL is just a byte. */
    assert_bad_date("2023\000-07-26\n\xff", 13,
                    "'2023?-07-26?\?' is not a date (expected YYYY-MM-DD)");
    /* Well-formed UTF-8 is shown as it is. */
    assert_bad_date("2023\342\200\22307-26", 12,
                    "'2023\342\200\22307-26' is not a date (expected YYYY-MM-DD)");
    /* Long values are cut at 40 characters. */
    assert_bad_date("0123456789012345678901234567890123456789012345", 46,
                    "'0123456789012345678901234567890123456789...' is not a date "
                    "(expected YYYY-MM-DD)");
    assert_bad_date("0123456789012345678901234567890123456789", 40,
                    "'0123456789012345678901234567890123456789' is not a date "
                    "(expected YYYY-MM-DD)");

    /* The first error sticks; a NULL err is allowed. */
    peel_err_set(&err, PEEL_EIO, "earlier");
    assert_int_equal(peel_date_parse("x", 1, &d, &err), -1);
    assert_string_equal(err.msg, "earlier");
    assert_int_equal(peel_date_parse("x", 1, &d, NULL), -1);
}

/* What people type: ISO, or the UK's day first; data keeps to ISO. */
static void test_date_parse_typed(void **state)
{
    static const struct {
        const char *in, *want;
    } good[] = {{"2023-04-01", "2023-04-01"},     {"01/04/2023", "2023-04-01"},
                {"1/4/2023", "2023-04-01"},       {"29/02/2024", "2024-02-29"},
                {"31/12/9999", "9999-12-31"},     {"1 April 2023", "2023-04-01"},
                {"01 April 2023", "2023-04-01"},  {"1 Apr 2023", "2023-04-01"},
                {"1 april 2023", "2023-04-01"},   {"9 Sept 2023", "2023-09-09"},
                {"9 Sep 2023", "2023-09-09"},     {"31 December, 2023", "2023-12-31"},
                {" 1 April 2023 ", "2023-04-01"}, {" 2023-04-01", "2023-04-01"}};
    static const struct {
        const char *in, *msg;
    } bad[] = {
        {"31/04/2023", "'31/04/2023' is not a date (April 2023 has 30 days)"},
        {"01/13/2023", "'01/13/2023' is not a date (there is no month 13)"},
        {"0/1/2023", "'0/1/2023' is not a date (there is no day 0)"},
        {"01/04/23", "'01/04/23' is not a date (expected, for example, 1 April 2023, 01/04/2023 or "
                     "2023-04-01)"},
        {"001/04/2023", "'001/04/2023' is not a date (expected, for example, 1 April 2023, "
                        "01/04/2023 or 2023-04-01)"},
        {"01/04/2023/", "'01/04/2023/' is not a date (expected, for example, 1 April 2023, "
                        "01/04/2023 or 2023-04-01)"},
        {"1-4-2023", "'1-4-2023' is not a date (expected, for example, 1 April 2023, 01/04/2023 or "
                     "2023-04-01)"},
        {"2023-02-30", "'2023-02-30' is not a date (February 2023 has 28 days)"},
        {"31 April 2023", "'31 April 2023' is not a date (April 2023 has 30 days)"},
        {"29 Feb 2023", "'29 Feb 2023' is not a date (February 2023 has 28 days)"},
        {"1 Aprill 2023", "'1 Aprill 2023' is not a date (expected, for example, 1 April 2023, "
                          "01/04/2023 or 2023-04-01)"},
        {"1 Ap 2023", "'1 Ap 2023' is not a date (expected, for example, 1 April 2023, "
                      "01/04/2023 or 2023-04-01)"},
        {"1 April 23", "'1 April 23' is not a date (expected, for example, 1 April 2023, "
                       "01/04/2023 or 2023-04-01)"},
        {"April 2023", "'April 2023' is not a date (expected, for example, 1 April 2023, "
                       "01/04/2023 or 2023-04-01)"},
        {"", "'' is not a date (expected, for example, 1 April 2023, 01/04/2023 or 2023-04-01)"},
    };
    peel_date d;
    char out[11];
    (void)state;
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        peel_err err = PEEL_ERR_INIT;
        assert_int_equal(peel_date_parse_typed(good[i].in, strlen(good[i].in), &d, &err), 0);
        peel_date_format(d, out);
        assert_string_equal(out, good[i].want);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        peel_err err = PEEL_ERR_INIT;
        assert_int_equal(peel_date_parse_typed(bad[i].in, strlen(bad[i].in), &d, &err), -1);
        assert_int_equal(err.code, PEEL_EINPUT);
        assert_string_equal(err.msg, bad[i].msg);
    }
    assert_int_equal(peel_date_parse_typed(NULL, 0, &d, NULL), -1);
}

static void test_date_format(void **state)
{
    char s[32];
    (void)state;
    peel_date_format_long(D("2023-10-09"), s);
    assert_string_equal(s, "9 October 2023");
    peel_date_format_long(D("2024-01-01"), s);
    assert_string_equal(s, "1 January 2024");
    peel_date_format_long(D("2023-12-31"), s);
    assert_string_equal(s, "31 December 2023");
    assert_date(0, "1970-01-01");
    assert_date(D("1999-12-31") + 1, "2000-01-01");
}

/* ---- months ---- */

static void test_months(void **state)
{
    peel_month m;
    peel_err err = PEEL_ERR_INIT;
    char s[24];
    int y, mm;
    (void)state;

    assert_int_equal(peel_month_parse("2023-05", 7, &m, &err), 0);
    assert_int_equal(m, 2023 * 12 + 4);
    assert_int_equal(m, peel_month_from_ym(2023, 5));
    peel_month_to_ym(m, &y, &mm);
    assert_int_equal(y, 2023);
    assert_int_equal(mm, 5);
    peel_month_format(m, s);
    assert_string_equal(s, "2023-05");
    peel_month_format_long(m, s);
    assert_string_equal(s, "May 2023");
    peel_month_format_long(peel_month_from_ym(2023, 9), s);
    assert_string_equal(s, "September 2023");
    assert_date(peel_month_first_day(m), "2023-05-01");
    assert_date(peel_month_last_day(m), "2023-05-31");
    assert_date(peel_month_last_day(peel_month_from_ym(2024, 2)), "2024-02-29");
    assert_date(peel_month_last_day(peel_month_from_ym(2023, 2)), "2023-02-28");
    assert_date(peel_month_last_day(peel_month_from_ym(2023, 12)), "2023-12-31");
    assert_int_equal(peel_month_of_date(D("2023-12-31")) + 1, peel_month_from_ym(2024, 1));
    assert_int_equal(peel_month_of_date(D("2024-01-01")), peel_month_from_ym(2024, 1));

    assert_int_equal(peel_month_parse("2023-13", 7, &m, &err), -1);
    assert_int_equal(err.code, PEEL_EINPUT);
    assert_string_equal(err.msg, "'2023-13' is not a month (there is no month 13)");
    peel_err_clear(&err);
    assert_int_equal(peel_month_parse("2023-24", 7, &m, &err), -1);
    assert_string_equal(err.msg, "'2023-24' is not a month (there is no month 24; it looks "
                                 "like a financial year)");
    peel_err_clear(&err);
    assert_int_equal(peel_month_parse("2023-00", 7, &m, &err), -1);
    assert_string_equal(err.msg, "'2023-00' is not a month (there is no month 0)");
    peel_err_clear(&err);
    assert_int_equal(peel_month_parse("2023-5", 6, &m, &err), -1);
    assert_string_equal(err.msg, "'2023-5' is not a month (expected YYYY-MM)");
    peel_err_clear(&err);
    assert_int_equal(peel_month_parse("2023-05-01", 10, &m, &err), -1);
    assert_string_equal(err.msg, "'2023-05-01' is not a month (expected YYYY-MM)");
    peel_err_clear(&err);
    assert_int_equal(peel_month_parse("0999-01", 7, &m, &err), -1);
    assert_string_equal(err.msg, "'0999-01' is not a month (the year must be 1000 to 9999)");
    peel_err_clear(&err);
    assert_int_equal(peel_month_parse("2023-05", 6, &m, &err), -1); /* view cut short */
    assert_string_equal(err.msg, "'2023-0' is not a month (expected YYYY-MM)");
}

/* ---- financial years ---- */

static void test_financial_years(void **state)
{
    peel_fy fy;
    peel_err err = PEEL_ERR_INIT;
    char s[8];
    (void)state;

    assert_int_equal(peel_fy_parse("2023-24", 7, &fy, &err), 0);
    assert_int_equal(fy, 2023);
    peel_fy_format(fy, s);
    assert_string_equal(s, "2023-24");
    assert_int_equal(peel_fy_parse("1999-00", 7, &fy, &err), 0);
    assert_int_equal(fy, 1999);
    peel_fy_format(fy, s);
    assert_string_equal(s, "1999-00");
    peel_fy_format(2009, s);
    assert_string_equal(s, "2009-10");

    assert_date(peel_fy_first_day(2023), "2023-04-01");
    assert_date(peel_fy_last_day(2023), "2024-03-31");
    assert_int_equal(peel_fy_of_date(D("2024-03-31")), 2023);
    assert_int_equal(peel_fy_of_date(D("2024-04-01")), 2024);
    assert_int_equal(peel_fy_of_date(D("2024-01-15")), 2023);
    assert_int_equal(peel_fy_of_month(peel_month_from_ym(2024, 3)), 2023);
    assert_int_equal(peel_fy_of_month(peel_month_from_ym(2024, 4)), 2024);

    assert_int_equal(peel_fy_parse("2023-25", 7, &fy, &err), -1);
    assert_int_equal(err.code, PEEL_EINPUT);
    assert_string_equal(err.msg, "'2023-25' is not a financial year (the one starting in "
                                 "April 2023 is 2023-24)");
    peel_err_clear(&err);
    assert_int_equal(peel_fy_parse("2023-23", 7, &fy, &err), -1);
    assert_string_equal(err.msg, "'2023-23' is not a financial year (the one starting in "
                                 "April 2023 is 2023-24)");
    peel_err_clear(&err);
    assert_int_equal(peel_fy_parse("2023/24", 7, &fy, &err), -1);
    assert_string_equal(err.msg,
                        "'2023/24' is not a financial year (expected YYYY-YY, e.g. 2023-24)");
    peel_err_clear(&err);
    assert_int_equal(peel_fy_parse("2023-2024", 9, &fy, &err), -1);
    assert_string_equal(err.msg,
                        "'2023-2024' is not a financial year (expected YYYY-YY, e.g. 2023-24)");
}

/* ---- bank holidays ---- */

/* GOV.UK, "UK bank holidays", England and Wales. */
static const struct {
    int year;
    const char *days[11];
} govuk[] = {
    {2018,
     {"2018-01-01", "2018-03-30", "2018-04-02", "2018-05-07", "2018-05-28", "2018-08-27",
      "2018-12-25", "2018-12-26"}},
    {2019,
     {"2019-01-01", "2019-04-19", "2019-04-22", "2019-05-06", "2019-05-27", "2019-08-26",
      "2019-12-25", "2019-12-26"}},
    {2020,
     {"2020-01-01", "2020-04-10", "2020-04-13", "2020-05-08", "2020-05-25", "2020-08-31",
      "2020-12-25", "2020-12-28"}},
    {2021,
     {"2021-01-01", "2021-04-02", "2021-04-05", "2021-05-03", "2021-05-31", "2021-08-30",
      "2021-12-27", "2021-12-28"}},
    {2022,
     {"2022-01-03", "2022-04-15", "2022-04-18", "2022-05-02", "2022-06-02", "2022-06-03",
      "2022-08-29", "2022-09-19", "2022-12-26", "2022-12-27"}},
    {2023,
     {"2023-01-02", "2023-04-07", "2023-04-10", "2023-05-01", "2023-05-08", "2023-05-29",
      "2023-08-28", "2023-12-25", "2023-12-26"}},
    {2024,
     {"2024-01-01", "2024-03-29", "2024-04-01", "2024-05-06", "2024-05-27", "2024-08-26",
      "2024-12-25", "2024-12-26"}},
    {2025,
     {"2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25",
      "2025-12-25", "2025-12-26"}},
    {2026,
     {"2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31",
      "2026-12-25", "2026-12-28"}},
    /* Older lists with the 2011 and 2012 one-off days. */
    {2011,
     {"2011-01-03", "2011-04-22", "2011-04-25", "2011-04-29", "2011-05-02", "2011-05-30",
      "2011-08-29", "2011-12-26", "2011-12-27"}},
    {2012,
     {"2012-01-02", "2012-04-06", "2012-04-09", "2012-05-07", "2012-06-04", "2012-06-05",
      "2012-08-27", "2012-12-25", "2012-12-26"}},
};

static void test_bank_holidays_match_govuk(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof govuk / sizeof govuk[0]; i++) {
        peel_date got[12];
        peel_err err = PEEL_ERR_INIT;
        int want_n = 0, n;

        while (want_n < 11 && govuk[i].days[want_n])
            want_n++;
        n = peel_bank_holidays(govuk[i].year, got, &err);
        if (n != want_n)
            fail_msg("%d: %d bank holidays, GOV.UK lists %d", govuk[i].year, n, want_n);
        for (int k = 0; k < n; k++) {
            char s[11];
            peel_date_format(got[k], s);
            if (strcmp(s, govuk[i].days[k]))
                fail_msg("%d: holiday %d is %s, GOV.UK says %s", govuk[i].year, k + 1, s,
                         govuk[i].days[k]);
            assert_int_equal(peel_bank_holiday_is(got[k], &err), 1);
            assert_non_null(peel_bank_holiday_name(got[k]));
        }
    }
}

/* Known Easter Sundays, to check the algorithm beyond the GOV.UK years. */
static void test_easter(void **state)
{
    static const char *const easter[] = {
        "2010-04-04", "2013-03-31", "2014-04-20", "2015-04-05", "2016-03-27",
        "2017-04-16", "2027-03-28", "2028-04-16", "2029-04-01", "2030-04-21",
        "2031-04-13", "2032-03-28", "2033-04-17", "2034-04-09", "2035-03-25",
    };
    (void)state;
    for (size_t i = 0; i < sizeof easter / sizeof easter[0]; i++) {
        peel_date e = D(easter[i]);
        assert_string_equal(peel_bank_holiday_name(e - 2), "Good Friday");
        assert_string_equal(peel_bank_holiday_name(e + 1), "Easter Monday");
        assert_null(peel_bank_holiday_name(e));
    }
}

/* Every supported year: 8 to 10 days, on weekdays, in order, all named. */
static void test_bank_holiday_shape(void **state)
{
    (void)state;
    for (int y = PEEL_BANK_HOLIDAY_FIRST_YEAR; y <= PEEL_BANK_HOLIDAY_LAST_YEAR; y++) {
        peel_date h[12];
        peel_err err = PEEL_ERR_INIT;
        int n = peel_bank_holidays(y, h, &err), count = 0;
        assert_in_range(n, 8, 10);
        for (int k = 0; k < n; k++) {
            int yy, m, d;
            peel_date_to_ymd(h[k], &yy, &m, &d);
            assert_int_equal(yy, y);
            assert_in_range(peel_date_weekday(h[k]), 1, 5);
            if (k)
                assert_true(h[k - 1] < h[k]);
            assert_int_equal(peel_workday_is(h[k], &err), 0);
        }
        /* the same days found by walking the year */
        for (peel_date d = peel_date_from_ymd(y, 1, 1); d <= peel_date_from_ymd(y, 12, 31); d++)
            if (peel_bank_holiday_name(d))
                count++;
        assert_int_equal(count, n);
    }
}

static void test_bank_holiday_names(void **state)
{
    (void)state;
    assert_string_equal(peel_bank_holiday_name(D("2023-01-02")), "New Year's Day (substitute day)");
    assert_string_equal(peel_bank_holiday_name(D("2024-01-01")), "New Year's Day");
    assert_string_equal(peel_bank_holiday_name(D("2020-05-08")), "Early May bank holiday (VE day)");
    assert_string_equal(peel_bank_holiday_name(D("2023-05-08")),
                        "Bank holiday for the coronation of King Charles III");
    assert_string_equal(peel_bank_holiday_name(D("2022-09-19")),
                        "Bank Holiday for the State Funeral of Queen Elizabeth II");
    assert_string_equal(peel_bank_holiday_name(D("2022-06-03")), "Platinum Jubilee bank holiday");
    assert_string_equal(peel_bank_holiday_name(D("2012-06-05")), "Queen's Diamond Jubilee");
    assert_string_equal(peel_bank_holiday_name(D("2011-04-29")), "Royal wedding");
    assert_string_equal(peel_bank_holiday_name(D("2021-12-27")), "Christmas Day (substitute day)");
    assert_string_equal(peel_bank_holiday_name(D("2021-12-28")), "Boxing Day (substitute day)");
    assert_string_equal(peel_bank_holiday_name(D("2022-12-26")), "Boxing Day");
    assert_string_equal(peel_bank_holiday_name(D("2022-12-27")), "Christmas Day (substitute day)");
    assert_string_equal(peel_bank_holiday_name(D("2026-12-28")), "Boxing Day (substitute day)");
    /* The weekend days themselves are not listed. */
    assert_null(peel_bank_holiday_name(D("2021-12-25")));
    assert_null(peel_bank_holiday_name(D("2022-12-25")));
    assert_null(peel_bank_holiday_name(D("2020-05-04"))); /* the moved early May Monday */
    assert_null(peel_bank_holiday_name(D("2022-05-30"))); /* the moved spring Monday */
    assert_null(peel_bank_holiday_name(D("2023-07-26")));
    assert_null(peel_bank_holiday_name(D("2036-01-01"))); /* unknown year */
}

static void test_bank_holiday_range(void **state)
{
    peel_date h[12];
    peel_err err = PEEL_ERR_INIT;
    (void)state;

    assert_int_equal(peel_bank_holidays(2009, h, &err), -1);
    assert_int_equal(err.code, PEEL_EINPUT);
    assert_string_equal(err.msg, "no bank holidays are known for 2009 (peel has 2010 to 2035)");
    peel_err_clear(&err);
    assert_int_equal(peel_bank_holidays(2036, h, &err), -1);
    assert_string_equal(err.msg, "no bank holidays are known for 2036 (peel has 2010 to 2035)");
    peel_err_clear(&err);
    assert_int_equal(peel_bank_holiday_is(D("2036-01-01"), &err), -1);
    assert_string_equal(err.msg,
                        "no bank holidays are known for 2036-01-01 (peel has 2010 to 2035)");
    peel_err_clear(&err);
    assert_int_equal(peel_workday_is(D("2009-12-31"), &err), -1);
    assert_string_equal(err.msg,
                        "no bank holidays are known for 2009-12-31 (peel has 2010 to 2035)");
    assert_int_equal(peel_bank_holiday_is(D("2010-01-01"), NULL), 1);
    assert_int_equal(peel_bank_holiday_is(D("2035-12-25"), NULL), 1);
    assert_int_equal(peel_bank_holidays(2035, h, NULL), 8);
}

/* ---- working days ---- */

static peel_date add(const char *start, int n)
{
    peel_date out = 0;
    peel_err err = PEEL_ERR_INIT;
    if (peel_workday_add(D(start), n, &out, &err) != 0)
        fail_msg("%s", err.msg);
    return out;
}

static int between(const char *from, const char *to)
{
    int out = 0;
    peel_err err = PEEL_ERR_INIT;
    if (peel_workdays_between(D(from), D(to), &out, &err) != 0)
        fail_msg("%s", err.msg);
    return out;
}

static void test_workday_is(void **state)
{
    peel_err err = PEEL_ERR_INIT;
    (void)state;
    assert_int_equal(peel_workday_is(D("2023-12-22"), &err), 1); /* Friday */
    assert_int_equal(peel_workday_is(D("2023-12-23"), &err), 0); /* Saturday */
    assert_int_equal(peel_workday_is(D("2023-12-24"), &err), 0); /* Sunday */
    assert_int_equal(peel_workday_is(D("2023-12-25"), &err), 0); /* Christmas Day */
    assert_int_equal(peel_workday_is(D("2023-12-26"), &err), 0); /* Boxing Day */
    assert_int_equal(peel_workday_is(D("2023-12-27"), &err), 1);
    assert_int_equal(peel_workday_is(D("2024-01-01"), &err), 0);
    assert_int_equal(peel_workday_is(D("2022-06-02"), &err), 0); /* Thursday, Jubilee */
    assert_int_equal(peel_workday_is(D("2022-05-30"), &err), 1); /* usual spring Monday */
    assert_int_equal(err.code, PEEL_OK);
}

static void test_workday_add(void **state)
{
    (void)state;
    /* From Friday 15 December 2023: Mon 18 - Fri 22 December are 1-5; 25 and
     * 26 December are bank holidays; Wed 27 - Fri 29 are 6-8; Monday 1
     * January is a bank holiday; Tue 2 - Fri 5 January are 9-12; Mon 8 -
     * Fri 12 are 13-17; Mon 15, Tue 16, Wed 17 January are 18-20. */
    assert_date(add("2023-12-15", 20), "2024-01-17");
    assert_int_equal(between("2023-12-15", "2024-01-17"), 20);
    assert_date(add("2023-12-15", 1), "2023-12-18");
    assert_date(add("2023-12-22", 1), "2023-12-27"); /* over Christmas */
    assert_date(add("2023-12-29", 1), "2024-01-02"); /* over New Year */

    /* Easter 2023: Good Friday 7 April, Easter Monday 10 April.  One working
     * day after Thursday 6 April is Tuesday 11 April. */
    assert_date(add("2023-04-06", 1), "2023-04-11");
    assert_int_equal(between("2023-04-06", "2023-04-11"), 1);
    assert_int_equal(between("2023-04-06", "2023-04-10"), 0);
    /* Thursday 6 April to Thursday 13 April 2023: 11, 12, 13 April. */
    assert_int_equal(between("2023-04-06", "2023-04-13"), 3);

    /* The 2022 Platinum Jubilee: Thursday 2 and Friday 3 June.  After
     * Wednesday 1 June the next working day is Monday 6 June.  From Friday 27
     * May to Friday 10 June: 30 and 31 May, 1 June, then 6-10 June = 8. */
    assert_date(add("2022-06-01", 1), "2022-06-06");
    assert_int_equal(between("2022-05-27", "2022-06-10"), 8);
    /* 2022 State Funeral: Friday 16 September + 1 is Tuesday 20 September. */
    assert_date(add("2022-09-16", 1), "2022-09-20");
}

static void test_workday_add_zero(void **state)
{
    (void)state;
    /* n = 0 on a working day is that day; on a weekend or holiday, the next
     * working day.  Saturday 23 December 2023: Sunday 24, then Christmas Day
     * and Boxing Day, so Wednesday 27 December. */
    assert_date(add("2023-12-27", 0), "2023-12-27");
    assert_date(add("2023-12-23", 0), "2023-12-27");
    assert_date(add("2023-12-25", 0), "2023-12-27");
    assert_date(add("2023-07-29", 0), "2023-07-31"); /* Saturday -> Monday */
    assert_date(add("2022-06-04", 0), "2022-06-06"); /* Jubilee weekend */
}

static void test_workday_negative(void **state)
{
    (void)state;
    /* Back from Tuesday 2 January 2024: Monday 1 January is a bank holiday,
     * 30-31 December a weekend, so 1 back is Friday 29 December; 2 back is
     * Thursday 28; 3 back Wednesday 27; 4 back skips Boxing Day, Christmas
     * Day and the weekend of 23-24 December: Friday 22 December. */
    assert_date(add("2024-01-02", -1), "2023-12-29");
    assert_date(add("2024-01-02", -3), "2023-12-27");
    assert_date(add("2024-01-02", -4), "2023-12-22");
    assert_date(add("2024-01-17", -20), "2023-12-15");
    /* Back over Easter 2023: 1 before Tuesday 11 April is Thursday 6 April. */
    assert_date(add("2023-04-11", -1), "2023-04-06");
    /* Counting backwards gives negative counts. */
    assert_int_equal(between("2024-01-17", "2023-12-15"), -20);
    assert_int_equal(between("2023-04-11", "2023-04-06"), -1);
}

static void test_workdays_between(void **state)
{
    peel_err err = PEEL_ERR_INIT;
    int n = 0;
    (void)state;
    assert_int_equal(between("2023-07-26", "2023-07-26"), 0);
    assert_int_equal(between("2023-07-28", "2023-07-29"), 0); /* Friday to Saturday */
    assert_int_equal(between("2023-07-28", "2023-07-31"), 1); /* Friday to Monday */
    assert_int_equal(between("2023-07-27", "2023-07-28"), 1); /* the "to" day counts */
    /* Whole year 2023: 365 days, 105 weekend days (52 weeks + Sunday 1
     * January), 9 bank holidays (none on a weekend: 2 January is the
     * substitute) = 251. */
    assert_int_equal(between("2022-12-31", "2023-12-31"), 251);
    /* (from, to] may start on the last day before the supported range:
     * 1 January 2010 is a Friday bank holiday, then a weekend, so 4, 5
     * January. */
    assert_int_equal(between("2009-12-31", "2010-01-05"), 2);

    assert_int_equal(peel_workdays_between(D("2009-12-30"), D("2010-01-05"), &n, &err), -1);
    assert_string_equal(err.msg,
                        "no bank holidays are known for 2009-12-31 (peel has 2010 to 2035)");
    peel_err_clear(&err);
    assert_int_equal(peel_workdays_between(D("2035-12-01"), D("2036-01-02"), &n, &err), -1);
    assert_string_equal(err.msg,
                        "no bank holidays are known for 2036-01-02 (peel has 2010 to 2035)");
    peel_err_clear(&err);
    /* A wild date fails at once rather than walking millions of days. */
    assert_int_equal(peel_workdays_between(D("1000-01-01"), D("9999-12-31"), &n, &err), -1);
}

static void test_workday_add_range(void **state)
{
    peel_date out = 0;
    peel_err err = PEEL_ERR_INIT;
    (void)state;
    assert_int_equal(peel_workday_add(D("2035-12-20"), 20, &out, &err), -1);
    assert_int_equal(err.code, PEEL_EINPUT);
    assert_string_equal(err.msg, "20 working days from 2035-12-20 go outside 2010 to 2035, the "
                                 "years whose bank holidays peel knows");
    peel_err_clear(&err);
    assert_int_equal(peel_workday_add(D("2036-01-02"), 1, &out, &err), -1);
    assert_string_equal(err.msg,
                        "no bank holidays are known for 2036-01-02 (peel has 2010 to 2035)");
    peel_err_clear(&err);
    assert_int_equal(peel_workday_add(D("2010-01-05"), -3, &out, &err), -1);
    peel_err_clear(&err);
    assert_int_equal(peel_workday_add(D("2035-12-31"), 0, &out, &err), 0);
    assert_date(out, "2035-12-31");
    assert_int_equal(peel_workday_add(D("2035-12-29"), 0, &out, &err), 0); /* Saturday */
    assert_date(out, "2035-12-31");
    assert_int_equal(peel_workday_add(D("2023-01-01"), INT32_MIN, &out, &err), -1);
    peel_err_clear(&err);
    assert_int_equal(peel_workday_add(D("2023-01-01"), INT32_MAX, &out, &err), -1);
}

/* workday_add and workdays_between agree: n working days after any day of
 * 2011-2023 is a working day, and (start, result] holds exactly n. */
static void test_workday_add_between_agree(void **state)
{
    peel_err err = PEEL_ERR_INIT;
    (void)state;
    for (peel_date s = D("2011-01-01"); s <= D("2023-12-31"); s += 3) {
        for (int n = 1; n <= 25; n += 4) {
            peel_date fwd, back;
            int got;
            assert_int_equal(peel_workday_add(s, n, &fwd, &err), 0);
            assert_int_equal(peel_workday_is(fwd, &err), 1);
            assert_int_equal(peel_workdays_between(s, fwd, &got, &err), 0);
            assert_int_equal(got, n);
            assert_int_equal(peel_workdays_between(fwd, s, &got, &err), 0);
            assert_int_equal(got, -n);
            /* and back again, from a working day */
            assert_int_equal(peel_workday_add(fwd, -n, &back, &err), 0);
            if (peel_workday_is(s, &err) == 1)
                assert_int_equal(back, s);
            else
                assert_true(back < s);
        }
    }
    assert_int_equal(err.code, PEEL_OK);
}

static peel_date clear_before(const char *meeting, int clear)
{
    peel_date out = 0;
    peel_err err = PEEL_ERR_INIT;
    if (peel_workday_clear_before(D(meeting), clear, &out, &err) != 0)
        fail_msg("%s", err.msg);
    return out;
}

/* Papers' publication deadlines: clear working days before a meeting,
 * neither the day of publication nor the meeting's counted. */
static void test_workday_clear_before(void **state)
{
    peel_err err = PEEL_ERR_INIT;
    peel_date out;
    (void)state;
    /* Wednesday 19 July 2023: Wed 12 - Tue 18 are the five clear days */
    assert_date(clear_before("2023-07-19", 5), "2023-07-11");
    assert_int_equal(between("2023-07-11", "2023-07-19"), 6);
    /* Thursday 4 January 2024: Wed 3, Tue 2 (Mon 1 is New Year's Day), Fri
     * 29, Thu 28, Wed 27 December; 25 and 26 are bank holidays, 23 and 24
     * a weekend: Friday 22 December */
    assert_date(clear_before("2024-01-04", 5), "2023-12-22");
    /* Wednesday 12 April 2023: Tue 11, then Easter Monday 10 and Good
     * Friday 7 April are not counted; Thu 6 - Mon 3: Friday 31 March */
    assert_date(clear_before("2023-04-12", 5), "2023-03-31");
    /* Wednesday 10 May 2023: Mon 8 (the Coronation) not counted; Tue 9, Fri
     * 5 - Tue 2; the day before, Mon 1 May, is a bank holiday: Fri 28 April */
    assert_date(clear_before("2023-05-10", 5), "2023-04-28");
    /* no clear days: the working day before; a meeting on a Monday */
    assert_date(clear_before("2023-07-17", 0), "2023-07-14");
    assert_date(clear_before("2023-07-19", 3), "2023-07-13");
    assert_int_equal(peel_workday_clear_before(D("2023-07-19"), -1, &out, &err), -1);
    assert_int_equal(err.code, PEEL_EINPUT);
    peel_err_clear(&err);
    assert_int_equal(peel_workday_clear_before(D("2010-01-05"), 5, &out, &err), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_day_numbers),
        cmocka_unit_test(test_every_day_round_trips),
        cmocka_unit_test(test_valid_ymd),
        cmocka_unit_test(test_date_parse),
        cmocka_unit_test(test_date_parse_typed),
        cmocka_unit_test(test_date_format),
        cmocka_unit_test(test_months),
        cmocka_unit_test(test_financial_years),
        cmocka_unit_test(test_bank_holidays_match_govuk),
        cmocka_unit_test(test_easter),
        cmocka_unit_test(test_bank_holiday_shape),
        cmocka_unit_test(test_bank_holiday_names),
        cmocka_unit_test(test_bank_holiday_range),
        cmocka_unit_test(test_workday_is),
        cmocka_unit_test(test_workday_add),
        cmocka_unit_test(test_workday_add_zero),
        cmocka_unit_test(test_workday_negative),
        cmocka_unit_test(test_workdays_between),
        cmocka_unit_test(test_workday_add_range),
        cmocka_unit_test(test_workday_add_between_agree),
        cmocka_unit_test(test_workday_clear_before),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
