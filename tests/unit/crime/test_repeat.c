/* test_repeat.c - repeat locations (src/crime/repeat.c) without a database:
 * crimes added by (map point, LSOA, month), names from tables here, and the
 * locations compared with answers worked out by hand in each test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "crime/repeat.h"

/* Point ids 1..9 and LSOA ids 1..4, named here. */
static const char *const point_names[] = {NULL,
                                          "On or near High Street", /* 1 */
                                          "On or near High Street", /* 2: same street */
                                          "On or near Mill Lane",   /* 3 */
                                          "On or near ",            /* 4: no street */
                                          "On or near Mill Lane",   /* 5 */
                                          "",                       /* 6 */
                                          "On or near Park Road",   /* 7 */
                                          "On or near Park Road",   /* 8 */
                                          "On or near Bell Lane"};  /* 9 */
static const char *const lsoa_codes[] = {NULL, "E01000001", "E01000002", "E01035001", "E01035002"};

static int point_name(void *ctx, int64_t id, char **name, peel_err *err)
{
    (void)ctx;
    (void)err;
    *name = strdup(point_names[id]);
    return 0;
}

static int lsoa_name(void *ctx, int64_t id, char **code, char **name, peel_err *err)
{
    int *asked = ctx;
    (void)err;
    (*asked)++;
    *code = strdup(lsoa_codes[id]);
    *name = strdup("Somewhere 001A");
    return 0;
}

typedef struct got {
    char line[16][96];
    int n;
} got;

static int collect(void *ctx, const peel_crime_place *p, peel_err *err)
{
    got *g = ctx;
    (void)err;
    snprintf(g->line[g->n++], sizeof g->line[0], "%s|%s|%lld|%lld|%lld", p->name, p->lsoa_code,
             (long long)p->now, (long long)p->before, (long long)p->points);
    return 0;
}

#define NOW true
#define BEFORE false

static void add(peel_crime_repeat *r, int64_t point, int64_t lsoa, peel_month m, bool now,
                int times)
{
    peel_err err = {0};
    for (int i = 0; i < times; i++)
        assert_int_equal(peel_crime_repeat_add(r, point, lsoa, m, now, &err), 0);
}

static void run(peel_crime_repeat *r, int limit, got *g, peel_crime_repeat_totals *t, int *asked)
{
    peel_err err = {0};
    peel_crime_repeat_names names = {point_name, lsoa_name, asked};
    memset(g, 0, sizeof *g);
    assert_int_equal(peel_crime_repeat_run(r, &names, limit, collect, g, t, &err), 0);
}

static void test_points_of_one_street_merge(void **state)
{
    (void)state;
    peel_crime_repeat r;
    got g;
    int asked = 0;
    peel_crime_repeat_init(&r);
    add(&r, 1, 1, 24, NOW, 3);
    add(&r, 2, 1, 24, NOW, 2); /* High Street's second point in LSOA 1 */
    add(&r, 3, 1, 24, NOW, 4);
    add(&r, 7, 2, 24, NOW, 1); /* Park Road elsewhere */
    run(&r, -1, &g, NULL, &asked);
    /* High Street 3 + 2 at two points; Mill Lane 4; Park Road 1 */
    assert_int_equal(g.n, 3);
    assert_string_equal(g.line[0], "On or near High Street|E01000001|5|0|2");
    assert_string_equal(g.line[1], "On or near Mill Lane|E01000001|4|0|1");
    assert_string_equal(g.line[2], "On or near Park Road|E01000002|1|0|1");
    peel_crime_repeat_release(&r);
}

/* Finding 10: the same point under its 2011 code before and its 2021 code
 * now is one location, in the 2021 LSOA, with its history. */
static void test_a_point_is_matched_across_the_lsoa_switch(void **state)
{
    (void)state;
    peel_crime_repeat r;
    got g;
    int asked = 0;
    peel_crime_repeat_init(&r);
    add(&r, 3, 1, 10, BEFORE, 227); /* 2011 code E01000001 */
    add(&r, 3, 3, 22, NOW, 225);    /* 2021 code E01035001 */
    add(&r, 5, 1, 11, BEFORE, 9);   /* Mill Lane's other point: no crimes now */
    run(&r, -1, &g, NULL, &asked);
    /* 225 now against 227 (not "+225, new"); point 5 stays in E01000001,
     * where Mill Lane has nothing now, so it is not listed */
    assert_int_equal(g.n, 1);
    assert_string_equal(g.line[0], "On or near Mill Lane|E01035001|225|227|1");
    peel_crime_repeat_release(&r);
}

/* A period straddling the switch: the point's crimes under both codes in
 * the current period are one location too. */
static void test_a_point_is_one_location_within_a_period(void **state)
{
    (void)state;
    peel_crime_repeat r;
    got g;
    int asked = 0;
    peel_crime_repeat_init(&r);
    add(&r, 7, 2, 20, NOW, 4); /* 2011 code, 2022-09 say */
    add(&r, 7, 4, 24, NOW, 3); /* 2021 code, later */
    add(&r, 8, 4, 24, NOW, 1); /* Park Road's other point, 2021 code */
    add(&r, 7, 2, 8, BEFORE, 6);
    run(&r, -1, &g, NULL, &asked);
    assert_int_equal(g.n, 1);
    assert_string_equal(g.line[0], "On or near Park Road|E01035002|8|6|2");
    peel_crime_repeat_release(&r);
}

/* Finding 15: map points count the current period only. */
static void test_map_points_are_those_with_crimes_now(void **state)
{
    (void)state;
    peel_crime_repeat r;
    got g;
    int asked = 0;
    peel_crime_repeat_init(&r);
    add(&r, 1, 1, 24, NOW, 2);
    add(&r, 1, 1, 12, BEFORE, 1);
    add(&r, 2, 1, 12, BEFORE, 4); /* High Street's second point: before only */
    run(&r, -1, &g, NULL, &asked);
    assert_int_equal(g.n, 1);
    assert_string_equal(g.line[0], "On or near High Street|E01000001|2|5|1");
    peel_crime_repeat_release(&r);
}

/* Finding 9: "On or near " with no street, and an empty description, are
 * no location; their crimes are counted apart. */
static void test_a_blank_description_is_no_location(void **state)
{
    (void)state;
    peel_crime_repeat r;
    got g;
    peel_crime_repeat_totals t;
    int asked = 0;
    peel_crime_repeat_init(&r);
    add(&r, 4, 1, 24, NOW, 1400);
    add(&r, 4, 2, 24, NOW, 12);
    add(&r, 6, 1, 24, NOW, 3);
    add(&r, 4, 1, 12, BEFORE, 7);
    add(&r, 9, 1, 24, NOW, 2);
    run(&r, -1, &g, &t, &asked);
    assert_int_equal(g.n, 1);
    assert_string_equal(g.line[0], "On or near Bell Lane|E01000001|2|0|1");
    /* 1400 + 12 + 3 now; 7 before */
    assert_int_equal(t.undescribed_now, 1415);
    assert_int_equal(t.undescribed_before, 7);
    assert_true(peel_crime_repeat_undescribed("On or near  "));
    assert_true(peel_crime_repeat_undescribed(""));
    assert_false(peel_crime_repeat_undescribed("On or near A"));
    assert_false(peel_crime_repeat_undescribed("On or nearby"));
    peel_crime_repeat_release(&r);
}

/* Order: most crimes, then the larger rise, then description; the limit
 * names only the LSOAs that can make the list (ties at the cut). */
static void test_order_and_limit(void **state)
{
    (void)state;
    peel_crime_repeat r;
    got g;
    int asked = 0;
    peel_crime_repeat_init(&r);
    add(&r, 1, 1, 24, NOW, 5);
    add(&r, 1, 1, 12, BEFORE, 5); /* High Street 5, rise 0 */
    add(&r, 3, 1, 24, NOW, 5);    /* Mill Lane 5, rise +5 */
    add(&r, 7, 2, 24, NOW, 5);    /* Park Road 5, rise +5 */
    add(&r, 9, 2, 24, NOW, 1);
    run(&r, 1, &g, NULL, &asked);
    assert_int_equal(g.n, 1);
    assert_string_equal(g.line[0], "On or near Mill Lane|E01000001|5|0|1");
    assert_int_equal(asked, 2); /* Mill Lane and Park Road tie at the cut */
    peel_crime_repeat_release(&r);

    peel_crime_repeat_init(&r);
    add(&r, 9, 1, 24, NOW, 1);
    run(&r, 0, &g, NULL, &asked);
    assert_int_equal(g.n, 0);
    peel_crime_repeat_release(&r);
}

/* Thousands of crimes over every (point, LSOA) pair: the hash grows, and
 * each point counts once, in the LSOA where it has most crimes (all in one
 * month): 9 points, two without a description (4 and 6: p % 9 is 3 or 5,
 * 556 crimes each of p = 1..5000), so 7 points and 5000 - 1112 crimes. */
static void test_many_points(void **state)
{
    (void)state;
    peel_crime_repeat r;
    got g;
    int asked = 0;
    peel_crime_repeat_init(&r);
    for (int64_t p = 1; p <= 5000; p++)
        add(&r, p % 9 + 1, (p % 4) + 1, 24, NOW, 1);
    peel_crime_repeat_totals t;
    run(&r, -1, &g, &t, &asked);
    int64_t total = 0, points = 0;
    for (int i = 0; i < g.n; i++) {
        /* name|code|now|before|points */
        char *p = strchr(strchr(g.line[i], '|') + 1, '|') + 1, *end;
        total += strtoll(p, &end, 10);
        assert_int_equal(*end, '|');
        p = strchr(end + 1, '|') + 1;
        points += strtoll(p, &end, 10);
        assert_int_equal(*end, 0);
    }
    assert_int_equal(total, 3888);
    assert_int_equal(t.undescribed_now, 1112);
    assert_int_equal(points, 7);
    peel_crime_repeat_release(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_points_of_one_street_merge),
        cmocka_unit_test(test_a_point_is_matched_across_the_lsoa_switch),
        cmocka_unit_test(test_a_point_is_one_location_within_a_period),
        cmocka_unit_test(test_map_points_are_those_with_crimes_now),
        cmocka_unit_test(test_a_blank_description_is_no_location),
        cmocka_unit_test(test_order_and_limit),
        cmocka_unit_test(test_many_points),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
