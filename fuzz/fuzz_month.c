/* fuzz_month.c - fuzzes the month ("2023-05") and financial year ("2023-24")
 * parsers (src/core/date.c).
 *
 * Each parser accepts one spelling per value, so what it accepts must format
 * back to exactly the input bytes and parse again to the same value; what it
 * rejects must leave a PEEL_EINPUT message that is valid, printable UTF-8.
 * A month and the financial year holding it must agree on their days, and
 * four input bytes read as a raw month number must survive format and parse.
 * Any violation aborts.
 *
 * date.c is compiled into this harness so that it carries libFuzzer's
 * coverage instrumentation (libpeel is built without it).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.c"

#define ENSURE(cond)                                                                               \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz_month: %s:%d: %s\n", __FILE__, __LINE__, #cond);                 \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

static void check_error(const peel_err *err)
{
    size_t n = strlen(err->msg);
    ENSURE(err->code == PEEL_EINPUT);
    ENSURE(n > 0 && err->msg[0] == '\'');
    ENSURE(peel_utf8_valid(err->msg, n, NULL));
    for (size_t i = 0; i < n; i++)
        ENSURE((unsigned char)err->msg[i] >= 0x20 && err->msg[i] != 0x7F);
}

static void check_month(peel_month mo)
{
    char s[8], l[24];
    int y, m;
    peel_month back;
    peel_fy fy = peel_fy_of_month(mo);
    peel_err err = PEEL_ERR_INIT;
    peel_date first = peel_month_first_day(mo), last = peel_month_last_day(mo);

    peel_month_to_ym(mo, &y, &m);
    ENSURE(m >= 1 && m <= 12 && peel_month_from_ym(y, m) == mo);
    ENSURE(last - first >= 27 && last - first <= 30);
    ENSURE(peel_month_of_date(first) == mo && peel_month_of_date(last) == mo);
    ENSURE(peel_month_of_date(last + 1) == mo + 1);
    ENSURE(peel_fy_first_day(fy) <= first && last <= peel_fy_last_day(fy));
    ENSURE(peel_fy_of_date(first) == fy);
    peel_month_format(mo, s);
    ENSURE(strlen(s) == 7);
    if (y >= 1000)
        ENSURE(peel_month_parse(s, 7, &back, &err) == 0 && back == mo);
    peel_month_format_long(mo, l);
    ENSURE(strlen(l) < 24);
}

static void check_fy(peel_fy fy)
{
    char s[8];
    peel_fy back;
    peel_err err = PEEL_ERR_INIT;
    peel_date first = peel_fy_first_day(fy), last = peel_fy_last_day(fy);

    ENSURE(last - first == 364 || last - first == 365);
    ENSURE(peel_fy_of_date(first) == fy && peel_fy_of_date(last) == fy);
    ENSURE(peel_fy_of_date(first - 1) == fy - 1 && peel_fy_of_date(last + 1) == fy + 1);
    peel_fy_format(fy, s);
    ENSURE(strlen(s) == 7);
    if (fy >= 1000 && fy <= 9999)
        ENSURE(peel_fy_parse(s, 7, &back, &err) == 0 && back == fy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    peel_err err = PEEL_ERR_INIT;
    peel_month mo;
    peel_fy fy;
    char out[8];

    if (peel_month_parse(s, size, &mo, &err) == 0) {
        ENSURE(size == 7);
        peel_month_format(mo, out);
        ENSURE(memcmp(out, s, 7) == 0);
        check_month(mo);
    } else {
        check_error(&err);
    }

    peel_err_clear(&err);
    if (peel_fy_parse(s, size, &fy, &err) == 0) {
        ENSURE(size == 7);
        peel_fy_format(fy, out);
        ENSURE(memcmp(out, s, 7) == 0);
        check_fy(fy);
        /* "2023-24" is never also a month, and a month never a financial year
         * (except years ending in 00 to 11: "2011-12" is both). */
        if (peel_month_parse(s, size, &mo, NULL) == 0)
            ENSURE(fy % 100 <= 11);
    } else {
        check_error(&err);
    }

    /* Four bytes as a month number within years 1-9999, and a year. */
    if (size >= 4) {
        uint32_t u = (uint32_t)data[0] | (uint32_t)data[1] << 8 | (uint32_t)data[2] << 16 |
                     (uint32_t)data[3] << 24;
        check_month((peel_month)(u % (9999u * 12u)) + 12);
        check_fy((peel_fy)(u % 9998u) + 1);
    }
    return 0;
}
