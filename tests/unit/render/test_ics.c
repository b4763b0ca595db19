/* test_ics.c - the iCalendar writer (src/render/ics.h): lines folded at 75
 * octets without splitting a UTF-8 sequence, CRLF, text escaped, a day or a
 * local time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "render/ics.h"

/* Every physical line at most 75 octets, each ended CRLF; a continuation
 * starts with one space; unfolded, the lines give back want. */
static void assert_folded(const char *text, const char *want)
{
    peel_buf un = PEEL_BUF_INIT;
    const char *p = text;
    bool first = true;

    while (*p) {
        const char *end = strstr(p, "\r\n");
        assert_non_null(end);
        assert_true((size_t)(end - p) <= 75);
        if (!first) {
            assert_int_equal(*p, ' ');
            p++;
        }
        peel_buf_append(&un, p, (size_t)(end - p));
        /* never a UTF-8 continuation byte first on a line */
        assert_false(end[2] == ' ' && ((unsigned char)end[3] & 0xC0) == 0x80);
        p = end + 2;
        first = *p != ' ';
        if (first)
            break;
    }
    assert_string_equal(peel_buf_str(&un), want);
    peel_buf_release(&un);
}

static void test_text_escaped_and_folded(void **state)
{
    peel_buf b = PEEL_BUF_INIT;
    (void)state;
    peel_ics_text(&b, "LOCATION", "Room 1, City Hall; 115 Charles St \\ Leicester\nfirst floor");
    assert_string_equal(peel_buf_str(&b), "LOCATION:Room 1\\, City Hall\\; 115 Charles St \\\\ "
                                          "Leicester\\nfirst floor\r\n");
    peel_buf_reset(&b);
    /* 2-octet letters across the 75th octet */
    peel_ics_text(&b, "SUMMARY",
                  "Précept éééééééééééééééééééééééééééééééééééééééééé meeting of the "
                  "board, with a title past one line");
    assert_folded(peel_buf_str(&b), "SUMMARY:Précept éééééééééééééééééééééééééééééééééééééééééé "
                                    "meeting of the board\\, with a title past one line");
    assert_int_equal(b.data[b.len - 2], '\r');
    assert_int_equal(b.data[b.len - 1], '\n');
    peel_buf_release(&b);
}

static void test_day_or_local_time(void **state)
{
    peel_buf b = PEEL_BUF_INIT;
    char utc[17];
    peel_date d = peel_date_from_ymd(2023, 12, 31);
    (void)state;
    peel_ics_start(&b, d, NULL);
    assert_string_equal(peel_buf_str(&b), "DTSTART;VALUE=DATE:20231231\r\n"
                                          "DTEND;VALUE=DATE:20240101\r\nTRANSP:TRANSPARENT\r\n");
    peel_buf_reset(&b);
    peel_ics_start(&b, d, "09:30");
    assert_string_equal(peel_buf_str(&b), "DTSTART;TZID=Europe/London:20231231T093000\r\n");
    peel_ics_utc(1700000000, utc);
    assert_string_equal(utc, "20231114T221320Z");
    peel_buf_reset(&b);
    peel_ics_begin(&b, "A, B");
    peel_ics_end(&b);
    assert_non_null(strstr(peel_buf_str(&b), "X-WR-CALNAME:A\\, B\r\n"));
    assert_non_null(strstr(peel_buf_str(&b), "TZID:Europe/London\r\n"));
    assert_int_equal(strncmp(peel_buf_str(&b), "BEGIN:VCALENDAR\r\n", 17), 0);
    assert_non_null(strstr(peel_buf_str(&b), "END:VTIMEZONE\r\nEND:VCALENDAR\r\n"));
    peel_buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_escaped_and_folded),
        cmocka_unit_test(test_day_or_local_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
