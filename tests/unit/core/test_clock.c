/* test_clock.c - the injectable clock (src/core/clock.c): peel_clock_set()
 * first, then $PEEL_NOW, then $PEEL_TODAY, then the system clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "core/clock.h"
#include "core/date.h"

/* 2023-07-26 is day 19564: 19564 * 86400 = 1690329600. */
#define JUL26 INT64_C(1690329600)

static int clean(void **state)
{
    (void)state;
    peel_clock_set(-1);
    unsetenv("PEEL_NOW");
    unsetenv("PEEL_TODAY");
    return 0;
}

static void assert_formats(int64_t t, const char *want)
{
    char s[21];
    peel_clock_format(t, s);
    assert_string_equal(s, want);
}

static void test_format(void **state)
{
    (void)state;
    assert_formats(0, "1970-01-01T00:00:00Z");
    assert_formats(86399, "1970-01-01T23:59:59Z");
    assert_formats(-1, "1969-12-31T23:59:59Z");
    assert_formats(-86400, "1969-12-31T00:00:00Z");
    assert_formats(JUL26 + 9 * 3600 + 30 * 60, "2023-07-26T09:30:00Z");
    assert_formats(1696856400, "2023-10-09T13:00:00Z");
    assert_formats(INT64_C(253402300799), "9999-12-31T23:59:59Z");
    /* a leap day: 2024-02-29 is day 19782 */
    assert_formats(INT64_C(19782) * 86400 + 3661, "2024-02-29T01:01:01Z");
}

static void test_fixed(void **state)
{
    char s[21];
    (void)state;
    peel_clock_set(1696856400); /* 2023-10-09T13:00:00Z */
    assert_true(peel_clock_now() == 1696856400);
    peel_date_format(peel_clock_today(), s);
    assert_string_equal(s, "2023-10-09");
    /* the fixed time wins over the environment */
    setenv("PEEL_NOW", "2023-07-26T09:30:00Z", 1);
    setenv("PEEL_TODAY", "2023-07-26", 1);
    assert_true(peel_clock_now() == 1696856400);
    /* 0 is a time like any other */
    peel_clock_set(0);
    assert_true(peel_clock_now() == 0);
    assert_int_equal(peel_clock_today(), 0);
    /* 23:59:59 is still the same day */
    peel_clock_set(JUL26 + 86399);
    peel_date_format(peel_clock_today(), s);
    assert_string_equal(s, "2023-07-26");
    clean(NULL);
}

static void test_peel_now(void **state)
{
    (void)state;
    setenv("PEEL_NOW", "2023-07-26T09:30:00Z", 1);
    assert_true(peel_clock_now() == JUL26 + 9 * 3600 + 30 * 60);
    assert_int_equal(peel_clock_today(), peel_date_from_ymd(2023, 7, 26));
    /* PEEL_NOW wins over PEEL_TODAY */
    setenv("PEEL_TODAY", "2020-01-01", 1);
    assert_true(peel_clock_now() == JUL26 + 9 * 3600 + 30 * 60);
    setenv("PEEL_NOW", "2023-07-26T23:59:59Z", 1);
    assert_true(peel_clock_now() == JUL26 + 86399);
    /* set, then released: back to the environment */
    peel_clock_set(5);
    peel_clock_set(-1);
    assert_true(peel_clock_now() == JUL26 + 86399);
    clean(NULL);
}

static void test_peel_today(void **state)
{
    (void)state;
    setenv("PEEL_TODAY", "2023-07-26", 1);
    assert_true(peel_clock_now() == JUL26 + 12 * 3600); /* noon UTC */
    assert_int_equal(peel_clock_today(), peel_date_from_ymd(2023, 7, 26));
    setenv("PEEL_NOW", "", 1); /* empty: not set */
    assert_true(peel_clock_now() == JUL26 + 12 * 3600);
    clean(NULL);
}

/* A value that does not parse is ignored (with a warning on stderr). */
static void test_bad_environment(void **state)
{
    static const char *const bad_now[] = {
        "2023-07-26T24:00:00Z",
        "2023-07-26T09:60:00Z",
        "2023-07-26T09:30:60Z",
        "2023-07-26 09:30:00Z",
        "2023-07-26T09:30:00",
        "2023-07-26T09:30:00+01:00",
        "2023-02-30T09:30:00Z",
        "2023-07-26T9:30:00Z",
        "2023-07-26",
        "2023-07-26T09:30Z",
        "x",
    };
    (void)state;
    setenv("PEEL_TODAY", "2023-07-26", 1);
    for (size_t i = 0; i < sizeof bad_now / sizeof bad_now[0]; i++) {
        setenv("PEEL_NOW", bad_now[i], 1);
        if (peel_clock_now() != JUL26 + 12 * 3600)
            fail_msg("PEEL_NOW=%s was not ignored", bad_now[i]);
    }
    unsetenv("PEEL_NOW");
    setenv("PEEL_TODAY", "2023-02-30", 1);
    time_t before = time(NULL);
    int64_t t = peel_clock_now();
    assert_true(t >= (int64_t)before && t <= (int64_t)time(NULL));
    clean(NULL);
}

static void test_system_clock(void **state)
{
    (void)state;
    clean(NULL);
    time_t before = time(NULL);
    int64_t t = peel_clock_now();
    peel_date today = peel_clock_today();
    time_t after = time(NULL);
    assert_true(t >= (int64_t)before && t <= (int64_t)after);
    assert_true(today >= (peel_date)(before / 86400) && today <= (peel_date)(after / 86400));
}

/* What peel_clock_format writes, $PEEL_NOW reads back as the same time. */
static void test_round_trip(void **state)
{
    static const int64_t times[] = {0,
                                    1,
                                    59,
                                    3599,
                                    86399,
                                    86400,
                                    JUL26,
                                    1696856400,
                                    INT64_C(951782400), /* 2000-02-29 */
                                    INT64_C(253402300799)};
    (void)state;
    for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
        char s[21];
        peel_clock_format(times[i], s);
        setenv("PEEL_NOW", s, 1);
        if (peel_clock_now() != times[i])
            fail_msg("%s read back as %lld", s, (long long)peel_clock_now());
    }
    clean(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_format, clean, clean),
        cmocka_unit_test_setup_teardown(test_fixed, clean, clean),
        cmocka_unit_test_setup_teardown(test_peel_now, clean, clean),
        cmocka_unit_test_setup_teardown(test_peel_today, clean, clean),
        cmocka_unit_test_setup_teardown(test_bad_environment, clean, clean),
        cmocka_unit_test_setup_teardown(test_system_clock, clean, clean),
        cmocka_unit_test_setup_teardown(test_round_trip, clean, clean),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
