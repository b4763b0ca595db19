/* test_figures.c - the crime figures (src/crime/figures.c) and the police.uk
 * row parser (src/crime/police.c) against worked examples computed by hand
 * in the comments, never against peel's own output. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "crime/figures.h"
#include "crime/police.h"
#include "store/crime_intern.h"

static void test_change(void **state)
{
    peel_crime_change c;
    char t[32];
    (void)state;
    /* 72 -> 109: +37, 37/72 = 51.39% -> "+51%" */
    peel_crime_change_of(72, 109, 0, &c);
    assert_int_equal(c.diff, 37);
    peel_crime_change_pct_text(&c, t);
    assert_string_equal(t, "+51%");
    /* 200 -> 193: -7, -3.5% -> "-3.5%" at 1 dp, "-4%" at 0 dp (halves away from zero) */
    peel_crime_change_of(200, 193, 1, &c);
    peel_crime_change_pct_text(&c, t);
    assert_string_equal(t, "-3.5%");
    peel_crime_change_of(200, 193, 0, &c);
    peel_crime_change_pct_text(&c, t);
    assert_string_equal(t, "-4%");
    /* zero base: n/a */
    peel_crime_change_of(0, 5, 0, &c);
    peel_crime_change_pct_text(&c, t);
    assert_string_equal(t, "n/a");
    assert_int_equal(c.diff, 5);
}

/* The small-base rule: below 10 in the base period, counts and no %. */
static void test_small_base(void **state)
{
    peel_crime_change c;
    char t[32];
    (void)state;
    /* 1 -> 3 would be +200%: a base of 1 is too small to carry a percentage */
    peel_crime_change_of(1, 3, 0, &c);
    assert_false(c.has_pct);
    assert_true(c.small_base);
    assert_int_equal(c.diff, 2);
    peel_crime_change_pct_text(&c, t);
    assert_string_equal(t, "n/a (base under 10)");
    /* 9 -> 18: still under 10 */
    peel_crime_change_of(9, 18, 0, &c);
    assert_false(c.has_pct);
    /* 10 -> 15: +5 / 10 = +50% */
    peel_crime_change_of(10, 15, 0, &c);
    assert_true(c.has_pct);
    assert_false(c.small_base);
    peel_crime_change_pct_text(&c, t);
    assert_string_equal(t, "+50%");
    /* zero stays plain n/a */
    peel_crime_change_of(0, 4, 0, &c);
    assert_false(c.small_base);
    peel_crime_change_pct_text(&c, t);
    assert_string_equal(t, "n/a");
}

static void test_periods(void **state)
{
    peel_crime_period p;
    (void)state;
    peel_month nov22 = 2022 * 12 + 10; /* 2022-11 */
    peel_crime_period_of(PEEL_PERIOD_FYTD, nov22, &p);
    assert_int_equal(p.from, 2022 * 12 + 3); /* 2022-04 */
    assert_int_equal(p.bfrom, 2021 * 12 + 3);
    assert_int_equal(p.bto, 2021 * 12 + 10);
    peel_crime_period_of(PEEL_PERIOD_FYTD, 2023 * 12 + 1, &p); /* 2023-02 */
    assert_int_equal(p.from, 2022 * 12 + 3);
    peel_crime_period_of(PEEL_PERIOD_12M, nov22, &p);
    assert_int_equal(p.from, 2021 * 12 + 11); /* 2021-12 */
}

static void test_rolling(void **state)
{
    /* window 3: [1,2,3,4,gap,6,7,8] -> -,-,6,9,-,-,-,21 */
    int64_t v[] = {1, 2, 3, 4, 0, 6, 7, 8}, out[8];
    bool have[] = {1, 1, 1, 1, 0, 1, 1, 1}, oh[8];
    (void)state;
    peel_crime_rolling(v, have, 8, 3, out, oh);
    assert_false(oh[1]);
    assert_true(oh[2]);
    assert_int_equal(out[2], 6);
    assert_int_equal(out[3], 9);
    assert_false(oh[4]);
    assert_false(oh[5]);
    assert_false(oh[6]);
    assert_true(oh[7]);
    assert_int_equal(out[7], 21);
}

static void test_spc(void **state)
{
    /* baseline 10,14,12,8: mean 11; moving ranges 4,2,4 -> 10/3 = 3.333;
     * UCL = 11 + 2.66 * 3.333 = 19.867; LCL = 11 - 8.867 = 2.133 */
    int64_t v[] = {10, 14, 12, 8, 20, 12, 12, 12};
    bool have[] = {1, 1, 1, 1, 1, 1, 1, 1};
    unsigned flags[8];
    peel_crime_spc s;
    (void)state;
    assert_int_equal(peel_crime_spc_limits(v, have, 4, &s), 0);
    assert_true(s.mean > 10.999 && s.mean < 11.001);
    assert_true(s.ucl > 19.866 && s.ucl < 19.868);
    assert_true(s.lcl > 2.132 && s.lcl < 2.134);
    peel_crime_spc_flags(&s, v, have, 8, 4, flags);
    assert_true(flags[4] & PEEL_SPC_ABOVE); /* 20 > 19.867 */
    /* 20,12,12,12 are four points above the mean 11: a run of 4 */
    assert_true(flags[7] & PEEL_SPC_RUN_HIGH);
    assert_true(flags[4] & PEEL_SPC_RUN_HIGH);
    assert_false(flags[3] & PEEL_SPC_RUN_HIGH);
    /* fewer than two months: no limits */
    assert_int_equal(peel_crime_spc_limits(v, have, 1, &s), -1);
}

/* Mean and limits are printed rounded once, halves away from zero. */
static void test_spc_rounding(void **state)
{
    /* 10, 11, 10, 10: mean 41/4 = 10.25 exactly -> "10.3" (printf's %.1f
     * gives "10.2", half to even); moving ranges 1, 1, 0 -> 2/3 -> "0.7";
     * UCL = 10.25 + 2.66 x 2/3 = 14428/1200 = 12.0233 -> "12.0";
     * LCL = 10172/1200 = 8.4767 -> "8.5" */
    int64_t v[] = {10, 11, 10, 10};
    bool have[] = {1, 1, 1, 1};
    peel_crime_spc s;
    char t[32];
    (void)state;
    assert_int_equal(peel_crime_spc_limits(v, have, 4, &s), 0);
    assert_int_equal(s.kind, PEEL_SPC_XMR);
    assert_int_equal(s.run_len, 7);
    peel_crime_tenths_text(s.mean10, t);
    assert_string_equal(t, "10.3");
    assert_int_equal(s.mr10, 7);
    assert_int_equal(s.ucl10, 120);
    assert_int_equal(s.lcl10, 85);
    /* 5, 6, 5, 6: mean 22/4 = 5.5; mr 1,1,1 = 1; UCL = 5.5 +
     * 2.66 = 8.16 -> "8.2"; LCL = 2.84 -> "2.8" */
    int64_t w[] = {5, 6, 5, 6};
    assert_int_equal(peel_crime_spc_limits(w, have, 4, &s), 0);
    assert_int_equal(s.mean10, 55);
    assert_int_equal(s.ucl10, 82);
    assert_int_equal(s.lcl10, 28);
}

/* Rare series: a c-chart, or too sparse for a chart. */
static void test_spc_counts(void **state)
{
    /* 12 baseline months of 1 or 2 robberies, then a month of 4.
     * mean 14/12 = 1.1667, under 5: a c-chart.
     * XmR would give mr = 4/11 = 0.364, UCL = 1.167 + 0.967 = 2.13, and flag
     * the 4.  c-chart: UCL = 1.1667 + 3 x sqrt(1.1667) = 1.1667 + 3.2404 =
     * 4.4070 -> "4.4"; LCL = 1.1667 - 3.2404 < 0 -> 0. */
    int64_t v[] = {1, 1, 1, 2, 1, 1, 1, 1, 2, 1, 1, 1, 4};
    bool have[13];
    unsigned flags[13];
    peel_crime_spc s;
    (void)state;
    for (size_t i = 0; i < 13; i++)
        have[i] = true;
    assert_int_equal(peel_crime_spc_limits(v, have, 12, &s), 0);
    assert_int_equal(s.kind, PEEL_SPC_C);
    assert_int_equal(s.run_len, 8);
    assert_int_equal(s.mean10, 12);
    assert_int_equal(s.ucl10, 44);
    assert_int_equal(s.lcl10, 0);
    peel_crime_spc_flags(&s, v, have, 13, s.run_len, flags);
    assert_false(flags[12] & PEEL_SPC_ABOVE);
    /* above the upper limit 4.4: a month of 5 */
    v[12] = 5;
    peel_crime_spc_flags(&s, v, have, 13, s.run_len, flags);
    assert_true(flags[12] & PEEL_SPC_ABOVE);
    /* the c-chart's run rule is 8 months on one side of the mean */
    int64_t r[] = {1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 4};
    assert_int_equal(peel_crime_spc_limits(r, have, 12, &s), 0);
    /* mean 13/12 = 1.083: months 4..11 are eight 1s below it */
    peel_crime_spc_flags(&s, r, have, 13, s.run_len, flags);
    assert_true(flags[4] & PEEL_SPC_RUN_LOW);
    assert_true(flags[11] & PEEL_SPC_RUN_LOW);
    assert_false(flags[2] & PEEL_SPC_RUN_LOW);
    /* fewer than 1 a month: too sparse, nothing flagged */
    int64_t z[] = {0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 3};
    assert_int_equal(peel_crime_spc_limits(z, have, 12, &s), 0);
    assert_int_equal(s.kind, PEEL_SPC_SPARSE);
    peel_crime_spc_flags(&s, z, have, 13, 8, flags);
    for (size_t i = 0; i < 13; i++)
        assert_int_equal(flags[i], 0);
}

/* One default baseline for the command and the pack. */
static void test_spc_baseline(void **state)
{
    peel_month bf, bt;
    (void)state;
    /* 2020-07 to 2024-04 (46 months): 35 months before 2024-04 is 2021-05,
     * so 2021-05 to 2022-04 (the pack's 36 months start at 2021-05 too) */
    peel_crime_spc_baseline(2020 * 12 + 6, 2024 * 12 + 3, &bf, &bt);
    assert_int_equal(bf, 2021 * 12 + 4);
    assert_int_equal(bt, 2022 * 12 + 3);
    /* 2021-05 to 2024-04 (36): the same */
    peel_crime_spc_baseline(2021 * 12 + 4, 2024 * 12 + 3, &bf, &bt);
    assert_int_equal(bf, 2021 * 12 + 4);
    assert_int_equal(bt, 2022 * 12 + 3);
    /* 2022-01 to 2023-12 (24): the first 12 */
    peel_crime_spc_baseline(2022 * 12, 2023 * 12 + 11, &bf, &bt);
    assert_int_equal(bf, 2022 * 12);
    assert_int_equal(bt, 2022 * 12 + 11);
    /* 18 months: all of them */
    peel_crime_spc_baseline(2022 * 12, 2023 * 12 + 5, &bf, &bt);
    assert_int_equal(bf, 2022 * 12);
    assert_int_equal(bt, 2023 * 12 + 5);
}

static void test_rates(void **state)
{
    int64_t x;
    char t[32];
    (void)state;
    /* 1,216 crimes, 187,000 residents: 6.5027 per 1,000 -> "6.5" */
    assert_true(peel_crime_rate_per_1000(1216, 187000, 1, &x));
    peel_crime_scaled_text(x, 1, t);
    assert_string_equal(t, "6.5");
    assert_false(peel_crime_rate_per_1000(5, 0, 1, &x));
    /* 30 searches of 10,000 vs 40 of 80,000: 3.0 / 0.5 = 6.0 */
    assert_true(peel_crime_disproportionality(30, 10000, 40, 80000, 1, &x));
    assert_int_equal(x, 60);
    /* 1/3 vs 1/1 = 0.333 -> "0.3"; 2/3 -> "0.7" (halves away: 0.6667) */
    assert_true(peel_crime_disproportionality(1, 3, 1, 1, 1, &x));
    assert_int_equal(x, 3);
    assert_true(peel_crime_disproportionality(2, 3, 1, 1, 1, &x));
    assert_int_equal(x, 7);
    assert_false(peel_crime_disproportionality(1, 3, 0, 1, 1, &x));
}

static void test_positive(void **state)
{
    (void)state;
    assert_true(peel_crime_outcome_positive("Local resolution", NULL));
    assert_true(peel_crime_outcome_positive("offender given a caution", NULL));
    assert_false(peel_crime_outcome_positive("Unable to prosecute suspect", NULL));
    assert_true(peel_crime_outcome_positive("Under investigation",
                                            "Local resolution; under investigation"));
    assert_false(peel_crime_outcome_positive("Local resolution", "Under investigation"));
    /* a charge that ended in acquittal is not a positive outcome */
    assert_false(peel_crime_outcome_positive("Defendant found not guilty", NULL));
    assert_false(peel_crime_outcome_positive("Court case unable to proceed", NULL));
    assert_int_equal(peel_crime_outcome_group_of("Defendant found not guilty"),
                     PEEL_OG_NO_CONVICTION);
    /* taken into consideration, formal and informal out-of-court: positive */
    assert_true(peel_crime_outcome_positive("Suspect charged as part of another case", NULL));
    assert_int_equal(peel_crime_outcome_group_of("Suspect charged as part of another case"),
                     PEEL_OG_TIC);
    assert_true(peel_crime_outcome_positive("Offender given penalty notice", NULL));
    assert_true(peel_crime_outcome_positive("Offender fined", NULL));
    /* still open: no final outcome */
    assert_int_equal(peel_crime_outcome_group_of("Under investigation"), PEEL_OG_OPEN);
    assert_int_equal(peel_crime_outcome_group_of("status update unavailable"), PEEL_OG_OPEN);
    assert_int_equal(peel_crime_outcome_group_of("Something new"), PEEL_OG_UNKNOWN);
    assert_false(peel_crime_outcome_positive("Something new", NULL));
    /* the default list is exactly the positive groups' categories */
    for (size_t i = 0; peel_crime_positive_default[i]; i++)
        assert_true(peel_crime_outcome_group_positive(
            peel_crime_outcome_group_of(peel_crime_positive_default[i])));
}

static void test_degrees(void **state)
{
    int32_t d;
    (void)state;
    assert_true(peel_crime_parse_degrees(peel_str_c("-1.118394"), &d));
    assert_int_equal(d, -1118394);
    assert_true(peel_crime_parse_degrees(peel_str_c("52.6"), &d));
    assert_int_equal(d, 52600000);
    assert_true(peel_crime_parse_degrees(peel_str_c("0.0000005"), &d));
    assert_int_equal(d, 1);
    assert_false(peel_crime_parse_degrees(peel_str_c("1.2x"), &d));
    assert_false(peel_crime_parse_degrees(peel_str_c(""), &d));
    assert_false(peel_crime_parse_degrees(peel_str_c("."), &d));
}

static void test_street_row(void **state)
{
    static const char good[] =
        "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,"
        "LSOA name,Crime type,Last outcome category,Context\r\n"
        ",2022-01,Leicestershire Police,Leicestershire Police,-1.2,52.6,On or near A,E01025631,"
        "Blaby 002A,Anti-social behaviour,,\r\n"
        "x,2022-01,Leicestershire Police,Leicestershire Police,,,No Location,,,Burglary,"
        "Under investigation,\r\n"
        "y,2022-1,Leicestershire Police,Leicestershire Police,,,No Location,,,Burglary,,\r\n"
        "z,2022-01,Leicestershire Police,Leicestershire Police,-1.2,,No Location,,,Burglary,,\r\n";
    peel_csv *r = peel_csv_open_mem(good, sizeof good - 1, "t");
    peel_csv_row row;
    peel_err err = PEEL_ERR_INIT;
    peel_crime_street s;
    (void)state;
    assert_int_equal(peel_csv_next(r, &row, &err), 1);
    assert_int_equal(peel_crime_kind_of_header(&row), PEEL_CRIME_STREET);
    assert_int_equal(peel_csv_next(r, &row, &err), 1);
    assert_int_equal(peel_crime_parse_street(&row, &s, &err), 0);
    assert_true(s.at.set);
    assert_int_equal(s.crime_id.n, 0);
    assert_int_equal(peel_csv_next(r, &row, &err), 1);
    assert_int_equal(peel_crime_parse_street(&row, &s, &err), 0);
    assert_false(s.at.set);
    assert_int_equal(peel_csv_next(r, &row, &err), 1);
    assert_int_equal(peel_crime_parse_street(&row, &s, &err), -1);
    assert_non_null(strstr(err.msg, "line 4, column 2 (Month)"));
    peel_err_clear(&err);
    assert_int_equal(peel_csv_next(r, &row, &err), 1);
    assert_int_equal(peel_crime_parse_street(&row, &s, &err), -1);
    assert_non_null(strstr(err.msg, "line 5, column 6 (Latitude)"));
    peel_csv_close(r);
}

static void test_name_month(void **state)
{
    peel_month m;
    char slug[64];
    (void)state;
    assert_true(peel_crime_name_month("x/2022-01/2022-01-leicestershire-street.csv", &m, slug,
                                      sizeof slug));
    assert_int_equal(m, 2022 * 12);
    assert_string_equal(slug, "leicestershire");
    assert_true(peel_crime_name_month("2024-03-btp-stop-and-search.csv", &m, slug, sizeof slug));
    assert_string_equal(slug, "btp");
    assert_false(peel_crime_name_month("street.csv", &m, NULL, 0));
}

static void test_intern(void **state)
{
    peel_crime_intern m;
    int64_t id;
    char key[16];
    (void)state;
    peel_crime_intern_init(&m, 100);
    for (int i = 0; i < 250; i++) { /* passes max twice: the cache empties itself */
        snprintf(key, sizeof key, "k%d", i);
        assert_int_equal(peel_crime_intern_put(&m, key, strlen(key), i), 0);
        assert_true(peel_crime_intern_get(&m, key, strlen(key), &id));
        assert_int_equal(id, i);
    }
    assert_true(m.map.n <= 100);
    assert_false(peel_crime_intern_get(&m, "k0", 2, &id));
    peel_crime_intern_release(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_change),       cmocka_unit_test(test_small_base),
        cmocka_unit_test(test_spc_rounding), cmocka_unit_test(test_spc_counts),
        cmocka_unit_test(test_spc_baseline), cmocka_unit_test(test_periods),
        cmocka_unit_test(test_rolling),      cmocka_unit_test(test_spc),
        cmocka_unit_test(test_rates),        cmocka_unit_test(test_positive),
        cmocka_unit_test(test_degrees),      cmocka_unit_test(test_street_row),
        cmocka_unit_test(test_name_month),   cmocka_unit_test(test_intern),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
