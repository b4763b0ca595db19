/* fuzz_date.c - fuzzes the date parser and the calendar arithmetic behind it
 * (src/core/date.c).
 *
 * The parser accepts one spelling per date, so anything it accepts must format
 * back to exactly the input bytes, and parse again to the same day.  Anything
 * it rejects must leave a PEEL_EINPUT message that is valid, printable UTF-8
 * (the input is quoted into it).  Four input bytes are also read as a raw day
 * number, and a date in 2010-2035 with a following byte as n exercises the
 * bank holidays and working days: n working days on is a working day and
 * (start, result] holds exactly n of them.  Any violation aborts.
 *
 * date.c is compiled into this harness, not taken from libpeel, so that it
 * carries libFuzzer's coverage instrumentation (libpeel is built without it).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.c"

#define ENSURE(cond)                                                                               \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz_date: %s:%d: %s\n", __FILE__, __LINE__, #cond);                  \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

/* A failed parse: the message names the value and is safe to print. */
static void check_error(const peel_err *err)
{
    size_t n = strlen(err->msg);
    ENSURE(err->code == PEEL_EINPUT);
    ENSURE(n > 0 && err->msg[0] == '\'');
    ENSURE(peel_utf8_valid(err->msg, n, NULL));
    for (size_t i = 0; i < n; i++)
        ENSURE((unsigned char)err->msg[i] >= 0x20 && err->msg[i] != 0x7F);
}

/* Everything the calendar says about one valid day must hang together. */
static void check_day(peel_date d)
{
    char s[11], l[32];
    int y, m, dd, wd;
    peel_date back;
    peel_month mo;
    peel_fy fy;
    peel_err err = PEEL_ERR_INIT;

    peel_date_to_ymd(d, &y, &m, &dd);
    ENSURE(peel_date_valid_ymd(y, m, dd));
    ENSURE(peel_date_from_ymd(y, m, dd) == d);
    wd = peel_date_weekday(d);
    ENSURE(wd >= 1 && wd <= 7);
    ENSURE(peel_date_weekday(d + 1) == wd % 7 + 1);
    peel_date_format(d, s);
    ENSURE(strlen(s) == 10);
    if (y >= 1000) {
        ENSURE(peel_date_parse(s, 10, &back, &err) == 0 && back == d);
    }
    peel_date_format_long(d, l);
    ENSURE(strlen(l) < 32);
    mo = peel_month_of_date(d);
    ENSURE(peel_month_first_day(mo) <= d && d <= peel_month_last_day(mo));
    fy = peel_fy_of_date(d);
    ENSURE(peel_fy_first_day(fy) <= d && d <= peel_fy_last_day(fy));
}

/* Bank holidays and working days around start, n working days on. */
static void check_workdays(peel_date start, int n)
{
    peel_err err = PEEL_ERR_INIT;
    peel_date out;
    int between, is = peel_workday_is(start, &err);
    int hol = peel_bank_holiday_is(start, &err);

    ENSURE(is >= 0 && hol >= 0);
    ENSURE(hol == (peel_bank_holiday_name(start) != NULL));
    ENSURE(is == (!hol && peel_date_weekday(start) <= 5));
    if (peel_workday_add(start, n, &out, &err) < 0) {
        ENSURE(err.code == PEEL_EINPUT);
        return;
    }
    ENSURE(peel_workday_is(out, &err) == 1);
    if (n == 0) {
        ENSURE(out >= start);
        ENSURE(peel_workdays_between(start, out, &between, &err) == 0);
        ENSURE(between == (is ? 0 : 1));
    } else if (n > 0) {
        ENSURE(peel_workdays_between(start, out, &between, &err) == 0 && between == n);
    } else {
        ENSURE(peel_workdays_between(out, start, &between, &err) == 0);
        ENSURE(between == -n - (is ? 0 : 1));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    peel_err err = PEEL_ERR_INIT;
    peel_date d, again;
    char out[11];

    /* The whole input as a date. */
    if (peel_date_parse(s, size, &d, &err) == 0) {
        ENSURE(size == 10);
        peel_date_format(d, out);
        ENSURE(memcmp(out, s, 10) == 0);
        ENSURE(peel_date_parse(out, strlen(out), &again, &err) == 0 && again == d);
        check_day(d);
    } else {
        check_error(&err);
    }

    /* A date then a byte: working days. */
    peel_err_clear(&err);
    if (size >= 11 && peel_date_parse(s, 10, &d, &err) == 0) {
        int y, m, dd;
        peel_date_to_ymd(d, &y, &m, &dd);
        if (y >= PEEL_BANK_HOLIDAY_FIRST_YEAR && y <= PEEL_BANK_HOLIDAY_LAST_YEAR)
            check_workdays(d, (int8_t)data[10]);
    }

    /* Four bytes as a day number within years 1-9999. */
    if (size >= 4) {
        uint32_t u = (uint32_t)data[0] | (uint32_t)data[1] << 8 | (uint32_t)data[2] << 16 |
                     (uint32_t)data[3] << 24;
        int32_t raw = (int32_t)(u % 3652059u) - 719162; /* 0001-01-01 .. 9999-12-31 */
        check_day(raw);
        if (raw >= peel_date_from_ymd(2010, 1, 1) && raw <= peel_date_from_ymd(2035, 12, 31))
            check_workdays(raw, size >= 5 ? (int8_t)data[4] : 1);
    }
    return 0;
}
