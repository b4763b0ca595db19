/* test_complaints_foi.c - the complaint-review and FOI clocks on records
 * built in memory, against dates counted by hand (each count written out
 * beside its case, never taken from the code under test), and the rules
 * that name the field at fault. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/date.h"
#include "model/record.h"
#include "oversight/complaints.h"
#include "oversight/foi.h"
#include "unit/app_init.h"

static peel_date D(int y, int m, int d)
{
    return peel_date_from_ymd(y, m, d);
}

static void set_date(peel_record *r, int field, peel_date d)
{
    r->v[field].set = true;
    r->v[field].i = d;
}

static void set_bool(peel_record *r, int field, bool b)
{
    r->v[field].set = true;
    r->v[field].i = b;
}

static peel_date due_of(peel_record *r)
{
    peel_date due = 0;
    peel_err err = PEEL_ERR_INIT;
    assert_int_equal(peel_foi_due(r, &due, &err), 0);
    return due;
}

/* The first field error's field name, or "" when none. */
static const char *first_error(const peel_type *t, const peel_record *r)
{
    static char name[64];
    peel_fielderrs errs = {0};
    t->check(r, &errs);
    name[0] = '\0';
    if (errs.n)
        strncat(name, errs.e[0].field ? errs.e[0].field : "", sizeof name - 1);
    return name;
}

static void test_foi_due(void **state)
{
    (void)state;
    peel_record *r = peel_record_new(&peel_type_foi_request);
    assert_non_null(r);
    /* Tuesday 10 December 2024: 11-13 (3), 16-20 (8), 23-24 (10), [25, 26],
     * 27 (11), 30-31 (13), [1 January], 2-3 (15), 6-10 (20) */
    set_date(r, PEEL_FOI_RECEIVED, D(2024, 12, 10));
    assert_int_equal(due_of(r), D(2025, 1, 10));
    /* Saturday 14 December 2024: day 1 is Monday 16: 16-20 (5), 23-24 (7),
     * 27 (8), 30-31 (10), 2-3 (12), 6-10 (17), 13-15 (20) */
    set_date(r, PEEL_FOI_RECEIVED, D(2024, 12, 14));
    assert_int_equal(due_of(r), D(2025, 1, 15));
    /* clarification sought: the clock is stopped */
    set_date(r, PEEL_FOI_CLARIFICATION_SOUGHT, D(2024, 12, 17));
    peel_date due;
    peel_err err = PEEL_ERR_INIT;
    assert_int_equal(peel_foi_due(r, &due, &err), 1);
    /* received Tuesday 31 December 2024: afresh from then: [1 January],
     * 2-3 (2), 6-10 (7), 13-17 (12), 20-24 (17), 27-29 (20) */
    set_date(r, PEEL_FOI_CLARIFICATION_RECEIVED, D(2024, 12, 31));
    assert_int_equal(due_of(r), D(2025, 1, 29));
    assert_string_equal(first_error(&peel_type_foi_request, r), "");
    peel_record_free(r);
}

static void test_foi_rules(void **state)
{
    (void)state;
    peel_record *r = peel_record_new(&peel_type_foi_request);
    assert_non_null(r);
    set_date(r, PEEL_FOI_RECEIVED, D(2024, 12, 10));
    /* a restart that never stopped */
    set_date(r, PEEL_FOI_CLARIFICATION_RECEIVED, D(2024, 12, 12));
    assert_string_equal(first_error(&peel_type_foi_request, r), "clarification_received");
    peel_value_clear(&r->v[PEEL_FOI_CLARIFICATION_RECEIVED]);
    /* due 10 January 2025; the extension's limit is 20 working days on:
     * 13-17 (5), 20-24 (10), 27-31 (15), 3-7 February (20) */
    set_bool(r, PEEL_FOI_PI_EXTENSION, true);
    set_date(r, PEEL_FOI_EXTENDED_TO, D(2025, 2, 7));
    assert_string_equal(first_error(&peel_type_foi_request, r), "");
    set_date(r, PEEL_FOI_EXTENDED_TO, D(2025, 2, 10));
    assert_string_equal(first_error(&peel_type_foi_request, r), "extended_to");
    set_date(r, PEEL_FOI_EXTENDED_TO, D(2025, 1, 10));
    assert_string_equal(first_error(&peel_type_foi_request, r), "extended_to");
    peel_record_free(r);
}

static void test_complaint_clock(void **state)
{
    (void)state;
    peel_record *r = peel_record_new(&peel_type_complaint_review);
    peel_err err = PEEL_ERR_INIT;
    int days = -1;
    assert_non_null(r);
    set_bool(r, PEEL_CR_PCC_RELEVANT, true);
    set_date(r, PEEL_CR_RECEIVED, D(2024, 12, 20));
    assert_int_equal(peel_complaint_working_days(r, &days, &err), -1); /* not determined */
    /* Friday 20 December 2024 to Monday 6 January 2025: 23, 24, 27, 30,
     * 31, 2, 3, 6: 8 working days */
    set_date(r, PEEL_CR_DETERMINED, D(2025, 1, 6));
    assert_int_equal(peel_complaint_working_days(r, &days, &err), 0);
    assert_int_equal(days, 8);
    /* determined before receipt */
    set_date(r, PEEL_CR_DETERMINED, D(2024, 12, 19));
    r->v[PEEL_CR_OUTCOME].set = true;
    r->v[PEEL_CR_OUTCOME].s = strdup("reasonable");
    assert_string_equal(first_error(&peel_type_complaint_review, r), "determined");
    /* forwarded 20 December, received 2 December: from the forwarding */
    set_bool(r, PEEL_CR_PCC_RELEVANT, false);
    set_date(r, PEEL_CR_RECEIVED, D(2024, 12, 2));
    set_date(r, PEEL_CR_FORWARDED, D(2024, 12, 20));
    set_date(r, PEEL_CR_DETERMINED, D(2025, 1, 6));
    assert_string_equal(first_error(&peel_type_complaint_review, r), "");
    assert_int_equal(peel_complaint_working_days(r, &days, &err), 0);
    assert_int_equal(days, 8);
    /* the 28-day window: told 1 February 2024; 29 February is day 28 */
    peel_value_clear(&r->v[PEEL_CR_FORWARDED]);
    set_bool(r, PEEL_CR_PCC_RELEVANT, true);
    peel_value_clear(&r->v[PEEL_CR_DETERMINED]);
    peel_value_clear(&r->v[PEEL_CR_OUTCOME]);
    set_date(r, PEEL_CR_OUTCOME_TOLD, D(2024, 2, 1));
    set_date(r, PEEL_CR_RECEIVED, D(2024, 2, 29));
    assert_string_equal(first_error(&peel_type_complaint_review, r), "");
    set_date(r, PEEL_CR_RECEIVED, D(2024, 3, 1));
    assert_string_equal(first_error(&peel_type_complaint_review, r), "received");
    peel_record_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_foi_due),
        cmocka_unit_test(test_foi_rules),
        cmocka_unit_test(test_complaint_clock),
    };
    peel_test_app_init();
    return cmocka_run_group_tests(tests, NULL, NULL);
}
