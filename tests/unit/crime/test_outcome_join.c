/* test_outcome_join.c - the latest outcome by Crime ID (src/crime/
 * outcome_join.c) without a database; expected counts worked out by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "crime/outcome_join.h"

/* A Crime ID whose first byte is k (and whose hash collides with others of
 * the same k when same_hash: the first eight bytes equal). */
static void id_of(unsigned char id[32], int k, int tail)
{
    memset(id, 0, 32);
    id[0] = (unsigned char)k;
    id[31] = (unsigned char)tail;
}

enum { STREET_A = 1, STREET_B = 2, OUT_X = 3, OUT_Y = 4 };

static void test_latest_month_wins_and_ties_go_to_the_last_row(void **state)
{
    (void)state;
    peel_crime_join j;
    peel_err err = {0};
    unsigned char a[32], b[32], c[32], d[32];
    id_of(a, 1, 0);
    id_of(b, 2, 0);
    id_of(c, 1, 1); /* same hash as a */
    id_of(d, 9, 0);
    peel_crime_join_init(&j);
    assert_int_equal(peel_crime_join_crime(&j, a, 10, STREET_A, &err), 0);
    assert_int_equal(peel_crime_join_crime(&j, b, 10, STREET_A, &err), 0);
    assert_int_equal(peel_crime_join_crime(&j, c, 10, STREET_B, &err), 0);
    assert_int_equal(peel_crime_join_crime(&j, d, 10, STREET_B, &err), 0);
    /* a: X in month 11 then Y in 12 -> Y */
    peel_crime_join_outcome(&j, a, 12, 5, OUT_Y);
    peel_crime_join_outcome(&j, a, 11, 9, OUT_X);
    /* b: X (row 3) and Y (row 7) in the same month -> Y, the row imported last */
    peel_crime_join_outcome(&j, b, 11, 7, OUT_Y);
    peel_crime_join_outcome(&j, b, 11, 3, OUT_X);
    /* c: an outcome before the crime's month is not its own -> street B */
    peel_crime_join_outcome(&j, c, 9, 1, OUT_X);
    /* d: no outcome -> street B */
    int64_t *by = NULL, joined = 0;
    size_t n = 0;
    assert_int_equal(peel_crime_join_counts(&j, &by, &n, &joined, &err), 0);
    assert_int_equal(n, 5);
    assert_int_equal(joined, 2);
    assert_int_equal(by[STREET_A], 0);
    assert_int_equal(by[STREET_B], 2);
    assert_int_equal(by[OUT_X], 0);
    assert_int_equal(by[OUT_Y], 2);
    free(by);
    peel_crime_join_release(&j);
}

/* The same ID in two months of street files is two crimes, each matched
 * to outcomes of its month or later. */
static void test_one_id_in_two_months_is_two_crimes(void **state)
{
    (void)state;
    peel_crime_join j;
    peel_err err = {0};
    unsigned char a[32];
    id_of(a, 7, 7);
    peel_crime_join_init(&j);
    assert_int_equal(peel_crime_join_crime(&j, a, 10, STREET_A, &err), 0);
    assert_int_equal(peel_crime_join_crime(&j, a, 14, STREET_A, &err), 0);
    assert_int_equal(peel_crime_join_crime(&j, a, 14, STREET_B, &err), 0); /* again: one */
    peel_crime_join_outcome(&j, a, 12, 1, OUT_X); /* only the crime of month 10 */
    int64_t *by = NULL, joined = 0;
    size_t n = 0;
    assert_int_equal(j.n, 2);
    assert_int_equal(peel_crime_join_counts(&j, &by, &n, &joined, &err), 0);
    assert_int_equal(joined, 1);
    assert_int_equal(by[OUT_X], 1);
    assert_int_equal(by[STREET_B], 1);
    free(by);
    peel_crime_join_release(&j);
}

static void test_many_crimes_and_an_empty_join(void **state)
{
    (void)state;
    peel_crime_join j;
    peel_err err = {0};
    unsigned char id[32];
    int64_t *by = NULL, joined = 0;
    size_t n = 0;
    peel_crime_join_init(&j);
    peel_crime_join_outcome(&j, id, 1, 1, OUT_X); /* nothing to join: no effect */
    assert_int_equal(peel_crime_join_counts(&j, &by, &n, &joined, &err), 0);
    assert_int_equal(n, 1);
    free(by);
    for (int i = 0; i < 20000; i++) {
        memset(id, 0, sizeof id);
        memcpy(id, &i, sizeof i);
        assert_int_equal(peel_crime_join_crime(&j, id, 3, STREET_A, &err), 0);
        if (i % 4 == 0)
            peel_crime_join_outcome(&j, id, 3, i, OUT_Y);
    }
    assert_int_equal(peel_crime_join_counts(&j, &by, &n, &joined, &err), 0);
    assert_int_equal(joined, 5000);
    assert_int_equal(by[STREET_A], 15000);
    assert_int_equal(by[OUT_Y], 5000);
    free(by);
    peel_crime_join_release(&j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_latest_month_wins_and_ties_go_to_the_last_row),
        cmocka_unit_test(test_one_id_in_two_months_is_two_crimes),
        cmocka_unit_test(test_many_crimes_and_an_empty_join),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
