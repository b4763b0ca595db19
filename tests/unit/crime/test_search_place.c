/* test_search_place.c - stop and search placed by map point and tallied
 * (src/crime/search_place.c) without a database; expected counts by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "crime/search_place.h"

typedef struct got {
    char line[8][64];
    int n;
} got;

static int collect(void *ctx, const char *value, int64_t n, peel_err *err)
{
    got *g = ctx;
    (void)err;
    snprintf(g->line[g->n++], sizeof g->line[0], "%s=%lld", value, (long long)n);
    return 0;
}

static void test_placed_by_point(void **state)
{
    (void)state;
    peel_err err = {0};
    peel_crime_point_set ps;
    peel_crime_search_tally t = {0};
    peel_crime_search_placing pl = {.placed_by_point = true};
    got g = {0};
    peel_crime_point_set_init(&ps);
    /* the area's street crimes: two points (one twice), one with a negative longitude */
    assert_int_equal(peel_crime_point_set_add(&ps, 52636000, -1132000, &err), 0);
    assert_int_equal(peel_crime_point_set_add(&ps, 52600000, 1000, &err), 0);
    assert_int_equal(peel_crime_point_set_add(&ps, 52636000, -1132000, &err), 0);
    peel_crime_point_set_seal(&ps);
    assert_int_equal(ps.n, 2);
    /* 3 searches at the first point, 1 at the second, 2 elsewhere, 2 unlocated */
    const struct {
        const char *v;
        bool located;
        int32_t lat, lon;
    } s[] = {{"Misuse of Drugs Act 1971 (section 23)", true, 52636000, -1132000},
             {"Misuse of Drugs Act 1971 (section 23)", true, 52636000, -1132000},
             {"Police and Criminal Evidence Act 1984 (section 1)", true, 52636000, -1132000},
             {"Police and Criminal Evidence Act 1984 (section 1)", true, 52600000, 1000},
             {"Misuse of Drugs Act 1971 (section 23)", true, 52636000, -1132001},
             {"Misuse of Drugs Act 1971 (section 23)", true, 52600001, 1000},
             {"Misuse of Drugs Act 1971 (section 23)", false, 0, 0},
             {"", false, 0, 0}};
    for (size_t i = 0; i < sizeof s / sizeof *s; i++)
        assert_int_equal(
            peel_crime_search_place(&pl, &ps, &t, s[i].v, s[i].located, s[i].lat, s[i].lon, &err),
            0);
    assert_int_equal(pl.force_total, 8);
    assert_int_equal(pl.counted, 4);
    assert_int_equal(pl.no_location, 2);
    assert_int_equal(peel_crime_search_tally_each(&t, collect, &g, &err), 0);
    /* 2 and 2: a tie, ordered by value */
    assert_int_equal(g.n, 2);
    assert_string_equal(g.line[0], "Misuse of Drugs Act 1971 (section 23)=2");
    assert_string_equal(g.line[1], "Police and Criminal Evidence Act 1984 (section 1)=2");
    peel_crime_search_tally_release(&t);
    peel_crime_point_set_release(&ps);
}

/* For the force or everything, every search counts, located or not. */
static void test_not_placed(void **state)
{
    (void)state;
    peel_err err = {0};
    peel_crime_search_tally t = {0};
    peel_crime_search_placing pl = {.placed_by_point = false};
    got g = {0};
    assert_int_equal(peel_crime_search_place(&pl, NULL, &t, "Male", true, 1, 2, &err), 0);
    assert_int_equal(peel_crime_search_place(&pl, NULL, &t, "Male", false, 0, 0, &err), 0);
    assert_int_equal(peel_crime_search_place(&pl, NULL, &t, "Female", false, 0, 0, &err), 0);
    assert_int_equal(peel_crime_search_place(&pl, NULL, &t, NULL, true, 1, 2, &err), 0);
    assert_int_equal(pl.force_total, 4);
    assert_int_equal(pl.counted, 4);
    assert_int_equal(pl.no_location, 2);
    assert_int_equal(peel_crime_search_tally_each(&t, collect, &g, &err), 0);
    assert_int_equal(g.n, 3);
    assert_string_equal(g.line[0], "Male=2");
    assert_string_equal(g.line[1], "=1");
    assert_string_equal(g.line[2], "Female=1");
    peel_crime_search_tally_release(&t);
}

/* An empty point set places nothing. */
static void test_empty_set(void **state)
{
    (void)state;
    peel_err err = {0};
    peel_crime_point_set ps;
    peel_crime_search_tally t = {0};
    peel_crime_search_placing pl = {.placed_by_point = true};
    peel_crime_point_set_init(&ps);
    peel_crime_point_set_seal(&ps);
    assert_false(peel_crime_point_set_has(&ps, 0, 0));
    assert_int_equal(peel_crime_search_place(&pl, &ps, &t, "x", true, 0, 0, &err), 0);
    assert_int_equal(pl.counted, 0);
    assert_int_equal(t.n, 0);
    peel_crime_point_set_release(&ps);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_placed_by_point),
        cmocka_unit_test(test_not_placed),
        cmocka_unit_test(test_empty_set),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
