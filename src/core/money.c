/* money.c - amounts of money as integer pence: parsing and formatting.
 *
 * Money never passes through floating point: "9974.60" is read digit by
 * digit into 997460 pence, and the limit of 10^15 pounds (10^17 pence) is
 * checked after every digit, long before int64_t could overflow.  The parser
 * is strict on purpose: figures come from papers and spreadsheets where
 * "9,97,4.60" or "12.345" mean a typing slip, and guessing would put a wrong
 * number in front of a panel.  Formatting works on the magnitude as uint64_t
 * so INT64_MIN formats too.
 */
#include "core/money.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/str.h"

#define POUND "\xc2\xa3"
#define MAX_POUNDS 1000000000000000LL /* 10^15 */
#define MAX_PENCE (MAX_POUNDS * 100)

/* ---- quoting input in error messages (as in date.c) ---- */

/* Sets err to "'VALUE' WHY" and returns -1. */
static int fail(peel_err *err, const char *s, size_t n, const char *why)
{
    char q[PEEL_QUOTE_SIZE];

    if (!err)
        return -1;
    peel_str_quote(s, n, q);
    return peel_err_set(err, PEEL_EINPUT, "'%s' %s", q, why);
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* True when the digits and commas in [p, e) are plain digits, or groups of
 * three after a first group of one to three. */
static bool well_grouped(const char *p, const char *e)
{
    const char *comma = memchr(p, ',', (size_t)(e - p));
    size_t group;

    if (!comma)
        return true;
    group = (size_t)(comma - p);
    if (group < 1 || group > 3)
        return false;
    for (p = comma + 1;; p++) {
        if (e - p < 3 || !is_digit(p[0]) || !is_digit(p[1]) || !is_digit(p[2]))
            return false;
        p += 3;
        if (p == e)
            return true;
        if (*p != ',')
            return false;
    }
}

int peel_money_parse(const char *s, size_t n, peel_pence *out, peel_err *err)
{
    peel_str t = peel_str_trim((peel_str){s ? s : "", s ? n : 0});
    const char *p = t.p, *end = t.p + t.n, *ip, *ie, *fp = NULL, *fe = NULL;
    bool neg = false;
    int64_t pounds = 0, pence = 0;

    if (p < end && *p == '-') {
        neg = true;
        p++;
    }
    if (end - p >= 2 && !memcmp(p, POUND, 2))
        p += 2;
    if (!neg && p < end && *p == '-') { /* "£-5.00" */
        neg = true;
        p++;
    }
    for (ip = p; p < end && (is_digit(*p) || *p == ','); p++)
        ;
    ie = p;
    if (p < end && *p == '.') {
        for (fp = ++p; p < end && is_digit(*p); p++)
            ;
        fe = p;
    }
    if (p != end || ip == ie || (fp && fp == fe))
        return fail(err, s, n, "is not an amount of money (e.g. " POUND "9,974.60 or 9974.60)");
    if (!well_grouped(ip, ie))
        return fail(err, s, n,
                    "has misplaced thousands separators (groups of three digits, e.g. " POUND
                    "9,974.60)");
    if (fp && fe - fp > 2)
        return fail(err, s, n, "has more than two decimal places");

    for (p = ip; p < ie; p++) {
        if (*p == ',')
            continue;
        pounds = pounds * 10 + (*p - '0');
        if (pounds > MAX_POUNDS)
            return fail(err, s, n, "is more than " POUND "1,000,000,000,000,000");
    }
    if (fp) {
        pence = (fp[0] - '0') * 10;
        if (fe - fp == 2)
            pence += fp[1] - '0';
    }
    pence += pounds * 100;
    if (pence > MAX_PENCE)
        return fail(err, s, n, "is more than " POUND "1,000,000,000,000,000");
    *out = neg ? -pence : pence;
    return 0;
}

/* Writes [-][£]POUNDS[.PP] into out: commas between thousands when
 * grouped, the pence left off when whole and short. */
static void format(peel_pence p, bool pound, bool grouped, bool short_whole, char out[static 32])
{
    uint64_t mag = p < 0 ? 0 - (uint64_t)p : (uint64_t)p;
    uint64_t pounds = mag / 100;
    unsigned pence = (unsigned)(mag % 100);
    char digits[32];
    size_t i = sizeof digits;
    int k = 0;

    digits[--i] = '\0';
    do {
        if (grouped && k > 0 && k % 3 == 0)
            digits[--i] = ',';
        digits[--i] = (char)('0' + pounds % 10);
        pounds /= 10;
        k++;
    } while (pounds);

    if (short_whole && pence == 0)
        snprintf(out, 32, "%s%s%s", p < 0 ? "-" : "", pound ? POUND : "", digits + i);
    else
        snprintf(out, 32, "%s%s%s.%02u", p < 0 ? "-" : "", pound ? POUND : "", digits + i, pence);
}

void peel_money_format(peel_pence p, char out[static 32])
{
    format(p, true, true, false, out);
}

void peel_money_format_plain(peel_pence p, char out[static 32])
{
    format(p, false, false, false, out);
}

void peel_money_format_short(peel_pence p, char out[static 32])
{
    format(p, true, true, true, out);
}
