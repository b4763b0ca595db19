/* test_register_views.c - the register's views without a database: the
 * HMICFRS figure's sentences (every front-end shows them as they are; the
 * printed figure is a figure record, tested with the figures), a recommendation's status on a day,
 * and the fields the views print to panel and public.  The module files are included to reach their
 * statics.  Expected sentences are written out by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../../src/domain/register_hmicfrs.c"
#include "../../../src/domain/register_report.c"
#include "model/crud.h"

static peel_date D(int y, int m, int d)
{
    return peel_date_from_ymd(y, m, d);
}

/* A year's counts as peel_register_hmicfrs leaves them before explain()
 * (n responses, their titles left empty). */
static peel_reg_hmicfrs year(size_t n, int64_t with_dates, int64_t within)
{
    peel_reg_hmicfrs h;
    memset(&h, 0, sizeof h);
    h.fy = 2022; /* 2022-23 */
    h.v = calloc(n ? n : 1, sizeof *h.v);
    assert_non_null(h.v);
    h.n = n;
    h.with_dates = with_dates;
    h.within = within;
    return h;
}

static void test_hmicfrs_no_dates(void **state)
{
    /* the demo: seven responses counted by response_fy, one publication date
     * (digital forensics, 1 December 2022), no response date; the annual report's 6 of 7 is a
     * figure record */
    peel_reg_hmicfrs h = year(7, 0, 0);
    (void)state;
    h.v[0].has_published = true;
    assert_true(explain(&h));
    assert_false(h.has_pct);
    assert_string_equal(h.computed, "peel cannot compute this figure: none of the 7 "
                                    "publications counted in 2022-23 has a response date "
                                    "recorded (1 has a publication date).");
    assert_string_equal(h.undated, "");
    peel_register_hmicfrs_free(&h);

    /* no date at all; response dates but no publication dates; some of each */
    h = year(2, 0, 0);
    assert_true(explain(&h));
    assert_string_equal(h.computed, "peel cannot compute this figure: none of the 2 "
                                    "publications counted in 2022-23 has a publication or a "
                                    "response date recorded.");
    peel_register_hmicfrs_free(&h);
    h = year(3, 0, 0);
    h.v[0].has_response = h.v[1].has_response = true;
    assert_true(explain(&h));
    assert_string_equal(h.computed, "peel cannot compute this figure: none of the 3 "
                                    "publications counted in 2022-23 has a publication date "
                                    "recorded (2 have a response date).");
    peel_register_hmicfrs_free(&h);
    h = year(3, 0, 0);
    h.v[0].has_response = h.v[1].has_published = h.v[2].has_published = true;
    assert_true(explain(&h));
    assert_string_equal(h.computed, "peel cannot compute this figure: none of the 3 "
                                    "publications counted in 2022-23 has both its publication "
                                    "and response dates recorded (2 have a publication date, 1 "
                                    "a response date).");
    peel_register_hmicfrs_free(&h);

    /* nothing counted in the year */
    h = year(0, 0, 0);
    assert_true(explain(&h));
    assert_string_equal(h.computed, "No HMICFRS response is counted in 2022-23, so peel has no "
                                    "figure of its own.");
    peel_register_hmicfrs_free(&h);

    /* a figure from fewer dated responses than the paper counts: not comparable yet */
    h = year(8, 1, 1);
    assert_true(explain(&h));
    assert_string_equal(h.computed, "1 of 1 responses with both dates recorded were within 56 "
                                    "days (100%).");
    assert_string_equal(h.undated, "7 of the 8 responses lack a publication or response date.");
    peel_register_hmicfrs_free(&h);
}

static void test_hmicfrs_computed(void **state)
{
    peel_reg_hmicfrs h = year(7, 7, 6);
    (void)state;
    assert_true(explain(&h));
    assert_string_equal(h.computed, "6 of 7 responses with both dates recorded were within 56 "
                                    "days (86%).");
    assert_string_equal(h.undated, "");
    peel_register_hmicfrs_free(&h);

    /* 7 of 8 is 87.5%: a half, away from zero, 88% */
    h = year(8, 8, 7);
    assert_true(explain(&h));
    assert_int_equal(h.pct, 88);
    assert_string_equal(h.computed, "7 of 8 responses with both dates recorded were within 56 "
                                    "days (88%).");
    peel_register_hmicfrs_free(&h);

    /* fewer within */
    h = year(7, 7, 5);
    assert_true(explain(&h));
    peel_register_hmicfrs_free(&h);

    /* some responses undated */
    h = year(2, 1, 0);
    assert_true(explain(&h));
    assert_string_equal(h.computed, "0 of 1 responses with both dates recorded were within 56 "
                                    "days (0%).");
    assert_string_equal(h.undated, "1 of the 2 responses lack a publication or response date.");
    peel_register_hmicfrs_free(&h);
}

static peel_record *recommendation(const char *due, const char *response)
{
    peel_record *r = peel_record_new(&peel_type_recommendation);
    peel_fielderrs fe = {0};
    const char *const fields[][2] = {{"ref", "PCP 2023-07-26 10.2"},
                                     {"kind", "panel_resolution"},
                                     {"text", "That regular updates be brought to the Panel."},
                                     {"made", "2023-07-26"},
                                     {"response_due", due},
                                     {"response", response}};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (fields[i][1])
            peel_crud_assign(r, fields[i][0], fields[i][1], strlen(fields[i][1]), false, &fe);
    assert_int_equal(fe.n, 0);
    r->id = 7;
    return r;
}

/* One transition of record 7 in h. */
static void answered(peel_history *h, const char *to, peel_date on, const char *note)
{
    peel_err err = PEEL_ERR_INIT;
    peel_transition t = {.type = "recommendation",
                         .record_id = 7,
                         .from = PEEL_REC_AWAITING,
                         .to = (char *)to,
                         .date = on,
                         .note = (char *)note};
    assert_int_equal(peel_history_push(h, &t, &err), 0);
}

static void test_recommendation_status(void **state)
{
    char s[160];
    bool responded;
    const peel_transition *answer;
    peel_history h = {0};
    peel_record *r;
    (void)state;

    /* answered on 9 October 2023: awaiting the day before, responded on the day */
    r = recommendation(NULL, "An update is in the Estates report.");
    answered(&h, "responded", D(2023, 10, 9), "In the Estates report");
    rec_status(r, &h, D(2023, 10, 8), s, sizeof s, &responded, &answer);
    assert_false(responded);
    assert_null(answer);
    assert_string_equal(s, "Awaiting response (no due date recorded)");
    rec_status(r, &h, D(2023, 10, 9), s, sizeof s, &responded, &answer);
    assert_true(responded);
    assert_string_equal(answer->note, "In the Estates report");
    assert_string_equal(s, "Responded on 9 October 2023");
    peel_history_release(&h);
    peel_record_free(r);

    /* a response text alone is not a response: the state says */
    r = recommendation(NULL, "Noted.");
    rec_status(r, &h, D(2023, 7, 26), s, sizeof s, &responded, NULL);
    assert_false(responded);
    assert_string_equal(s, "Awaiting response (no due date recorded)");
    /* accepted: the state's label and since when */
    answered(&h, "accepted", D(2023, 8, 1), "Accepted in full");
    rec_status(r, &h, D(2023, 9, 1), s, sizeof s, &responded, NULL);
    assert_true(responded);
    assert_string_equal(s, "Accepted since 1 August 2023");
    peel_history_release(&h);
    peel_record_free(r);

    /* due 30 September: awaiting on the day, overdue the day after */
    r = recommendation("2023-09-30", NULL);
    rec_status(r, &h, D(2023, 9, 30), s, sizeof s, &responded, NULL);
    assert_string_equal(s, "Awaiting response (due 30 September 2023)");
    rec_status(r, &h, D(2023, 10, 1), s, sizeof s, &responded, NULL);
    assert_false(responded);
    assert_string_equal(s, "Response overdue (due 30 September 2023)");
    peel_record_free(r);
}

/* The work programme, recommendations and HMICFRS views print these fields
 * to panel and public once the record is visible, and the public CGB report
 * prints an item's number, title and redaction even when it withholds the
 * item's text: they are gated per record, not per field.  Marking one of them OFFICIAL-SENSITIVE
 * needs a field-level gate in those views first; this test says so when it happens. */
static void test_printed_fields_are_official(void **state)
{
    static const struct {
        const peel_type *t;
        const char *fields[10];
    } printed[] = {
        {&peel_type_body, {"name"}},
        {&peel_type_meeting, {"date", "title"}},
        {&peel_type_plan_entry, {"subject", "status", "reason", "requested_by"}},
        {&peel_type_recommendation,
         {"ref", "kind", "text", "made", "addressed_to", "response_due", "response"}},
        {&peel_type_action, {"ref", "title"}},
        {&peel_type_item, {"number", "title", "redacted", "redaction_reason"}},
        {&peel_type_publication,
         {"title", "kind", "published", "response_published", "sent_home_office", "response_fy"}},
    };
    (void)state;
    for (size_t i = 0; i < sizeof printed / sizeof printed[0]; i++) {
        for (size_t k = 0; printed[i].fields[k]; k++) {
            const peel_field *f = peel_type_field(printed[i].t, printed[i].fields[k]);
            assert_non_null(f);
            if (f->cls != PEEL_OFFICIAL || f->type == PEEL_F_SECRET)
                fail_msg("%s.%s is printed by a register view to panel and public",
                         printed[i].t->name, f->name);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hmicfrs_no_dates),
        cmocka_unit_test(test_hmicfrs_computed),
        cmocka_unit_test(test_recommendation_status),
        cmocka_unit_test(test_printed_fields_are_official),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
