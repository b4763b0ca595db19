/* test_register_rules.c - the register's rules without a database: RAG and
 * overdue, the precept timetable, the 56-day arithmetic, iCalendar text.
 * Expected dates are worked out by hand in the comments, never by peel. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/clock.h"
#include "core/date.h"
#include "domain/register.h"

static peel_date D(int y, int m, int d)
{
    return peel_date_from_ymd(y, m, d);
}

static void test_rag_rule(void **state)
{
    peel_date today = D(2023, 10, 9);
    (void)state;
    /* closed: no RAG, never overdue, whatever the due date */
    assert_int_equal(peel_register_rag(PEEL_ACTION_COMPLETED, true, D(2023, 1, 1), today),
                     PEEL_RAG_NONE);
    assert_false(peel_register_overdue(PEEL_ACTION_COMPLETED, true, D(2023, 1, 1), today));
    assert_int_equal(peel_register_rag(PEEL_ACTION_CANCELLED, false, 0, today), PEEL_RAG_NONE);
    /* due yesterday: red and overdue; due today: not overdue, amber */
    assert_int_equal(peel_register_rag(PEEL_ACTION_OPEN, true, D(2023, 10, 8), today),
                     PEEL_RAG_RED);
    assert_true(peel_register_overdue(PEEL_ACTION_DEFERRED, true, D(2023, 10, 8), today));
    assert_false(peel_register_overdue(PEEL_ACTION_OPEN, true, today, today));
    assert_int_equal(peel_register_rag(PEEL_ACTION_OPEN, true, today, today), PEEL_RAG_AMBER);
    /* 14 days ahead is amber (23 October), 15 days is green (24 October) */
    assert_int_equal(peel_register_rag(PEEL_ACTION_IN_PROGRESS, true, D(2023, 10, 23), today),
                     PEEL_RAG_AMBER);
    assert_int_equal(peel_register_rag(PEEL_ACTION_IN_PROGRESS, true, D(2023, 10, 24), today),
                     PEEL_RAG_GREEN);
    /* no due date: amber, never overdue */
    assert_int_equal(peel_register_rag(PEEL_ACTION_AWAITING_SIGNOFF, false, 0, today),
                     PEEL_RAG_AMBER);
    assert_false(peel_register_overdue(PEEL_ACTION_OPEN, false, 0, today));
    assert_string_equal(peel_rag_name(PEEL_RAG_RED), "red");
    assert_string_equal(peel_rag_name(PEEL_RAG_NONE), "");
}

static void test_status_values(void **state)
{
    (void)state;
    assert_int_equal(peel_action_status_parse("awaiting_signoff"), PEEL_ACTION_AWAITING_SIGNOFF);
    assert_int_equal(peel_action_status_parse("done"), -1);
    assert_true(peel_action_status_closed(PEEL_ACTION_CANCELLED));
    assert_false(peel_action_status_closed(PEEL_ACTION_DEFERRED));
    assert_int_equal(peel_register_by_parse("objective"), PEEL_BY_OBJECTIVE);
    assert_int_equal(peel_register_by_parse("colour"), -1);
    assert_true(peel_reg_time_valid("13:00"));
    assert_true(peel_reg_time_valid("09:30"));
    assert_false(peel_reg_time_valid("24:00"));
    assert_false(peel_reg_time_valid("1:00"));
    assert_false(peel_reg_time_valid("13:60"));
}

/* The 56-day rule is calendar days: bank holidays and year ends do not move it. */
static void test_56_days(void **state)
{
    (void)state;
    /* 1 Dec 2022 (the digital forensics report) + 56: 30 days to 31 Dec, 26 more = 26 Jan 2023 */
    assert_int_equal(D(2022, 12, 1) + PEEL_HMICFRS_RESPONSE_DAYS, D(2023, 1, 26));
    /* 31 Oct 2023 + 56: 30 to 30 Nov, 31 to 31 Dec would be 61, so 26 Dec 2023 (Boxing Day) */
    assert_int_equal(D(2023, 10, 31) + PEEL_HMICFRS_RESPONSE_DAYS, D(2023, 12, 26));
    /* across 29 February: 10 Jan 2024 + 56: 21 to 31 Jan, 29 to 29 Feb, 6 = 6 Mar 2024 */
    assert_int_equal(D(2024, 1, 10) + PEEL_HMICFRS_RESPONSE_DAYS, D(2024, 3, 6));
}

static const peel_reg_event *find(const peel_reg_calendar *c, peel_date d)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->v[i].date == d)
            return &c->v[i];
    return NULL;
}

static void test_precept_timetable(void **state)
{
    peel_reg_calendar c = {0};
    peel_err err = PEEL_ERR_INIT;
    const peel_reg_event *e;
    (void)state;

    assert_int_equal(peel_register_precept_timetable(2025, &c, &err), 0);
    assert_int_equal(c.n, 5);
    /* 1 February 2025 is a Saturday: the working day before is Friday 31 January */
    e = find(&c, D(2025, 2, 1));
    assert_non_null(e);
    assert_non_null(strstr(e->summary, "Precept 2025-26"));
    assert_non_null(strstr(e->note, "a Saturday"));
    assert_non_null(strstr(e->note, "Friday 31 January 2025"));
    assert_false(e->tentative);
    /* 8 February 2025 is a Saturday too: Friday 7 February */
    e = find(&c, D(2025, 2, 8));
    assert_non_null(strstr(e->note, "Friday 7 February 2025"));
    /* the veto steps are tentative */
    assert_true(find(&c, D(2025, 2, 15))->tentative);
    assert_true(find(&c, D(2025, 2, 22))->tentative);
    /* 1 March 2025 is a Saturday: Friday 28 February */
    assert_non_null(strstr(find(&c, D(2025, 3, 1))->note, "Friday 28 February 2025"));
    peel_register_calendar_free(&c);

    /* 2024: 1 Feb is a Thursday, 8 Feb a Thursday, 1 March a Friday: no notes */
    memset(&c, 0, sizeof c);
    assert_int_equal(peel_register_precept_timetable(2024, &c, &err), 0);
    for (size_t i = 0; i < c.n; i++)
        if (!c.v[i].tentative)
            assert_string_equal(c.v[i].note, "");
    peel_register_calendar_free(&c);

    memset(&c, 0, sizeof c);
    assert_int_equal(peel_register_precept_timetable(2040, &c, &err), -1);
    assert_int_equal(err.code, PEEL_EINPUT);
    peel_register_calendar_free(&c);
}

static void test_spend_timetable(void **state)
{
    peel_reg_calendar c = {0};
    peel_err err = PEEL_ERR_INIT;
    const peel_reg_event *e;
    (void)state;

    assert_int_equal(peel_register_spend_timetable(2025, &c, &err), 0);
    assert_int_equal(c.n, 12);
    /* 1 January 2025, New Year's Day, is December 2024's: the first
     * working day after is Thursday 2 January */
    e = find(&c, D(2025, 1, 1));
    assert_non_null(e);
    assert_string_equal(e->kind, "publication");
    assert_string_equal(e->summary, "Publish December 2024's grants and spending over £500");
    assert_string_equal(e->uid, "spend-2024-12@peel");
    assert_non_null(strstr(e->note, "as soon as practicable after 31 December 2024"));
    assert_non_null(strstr(e->note, "2 January 2025"));
    assert_non_null(strstr(e->description, "/commissioning/spend?month=2024-12"));
    /* 1 March 2025 is a Saturday: Monday 3 March */
    assert_non_null(strstr(find(&c, D(2025, 3, 1))->note, "3 March 2025"));
    /* 1 April 2025 is a Tuesday: no first working day to name */
    e = find(&c, D(2025, 4, 1));
    assert_string_equal(e->note,
                        "The Order sets no day: as soon as practicable after 31 March 2025");
    assert_string_equal(e->summary, "Publish March 2025's grants and spending over £500");
    peel_register_calendar_free(&c);

    memset(&c, 0, sizeof c);
    assert_int_equal(peel_register_spend_timetable(2040, &c, &err), -1);
    assert_int_equal(err.code, PEEL_EINPUT);
    peel_register_calendar_free(&c);
}

static void test_ics_text(void **state)
{
    peel_reg_calendar c = {.year = 2023};
    peel_err err = PEEL_ERR_INIT;
    peel_buf b = PEEL_BUF_INIT;
    const char *s;
    (void)state;

    assert_int_equal(peel_register_precept_timetable(2023, &c, &err), 0);
    peel_clock_set(1696852800); /* 2023-10-09T12:00:00Z */
    assert_int_equal(peel_register_ics(&c, &b), 0);
    peel_clock_set(-1);
    s = peel_buf_str(&b);
    assert_non_null(strstr(s, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert_non_null(strstr(s, "DTSTAMP:20231009T120000Z\r\n"));
    assert_non_null(strstr(s, "DTSTART;VALUE=DATE:20230201\r\nDTEND;VALUE=DATE:20230202\r\n"));
    assert_non_null(strstr(s, "STATUS:TENTATIVE"));
    /* every physical line is at most 75 octets and ends CRLF */
    for (const char *p = s; *p;) {
        const char *nl = strstr(p, "\r\n");
        assert_non_null(nl);
        assert_true(nl - p <= 75);
        p = nl + 2;
    }
    /* unfolded, ';' and ',' in text are escaped */
    {
        char *u = strdup(s), *w = u;
        for (const char *p = s; *p; p++) {
            if (p[0] == '\r' && p[1] == '\n' && p[2] == ' ') {
                p += 2;
                continue;
            }
            *w++ = *p;
        }
        *w = '\0';
        assert_non_null(strstr(u, "Responsibility Act 2011\\; the 2012 Precepts Regulations)."));
        assert_non_null(
            strstr(u, "SUMMARY:Precept 2023-24: Panel's report on the proposed precept\r\n"));
        free(u);
    }
    peel_buf_release(&b);
    peel_register_calendar_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rag_rule),        cmocka_unit_test(test_status_values),
        cmocka_unit_test(test_56_days),         cmocka_unit_test(test_precept_timetable),
        cmocka_unit_test(test_spend_timetable), cmocka_unit_test(test_ics_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
