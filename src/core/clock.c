/* clock.c - the injectable clock.
 *
 * Deadlines ("within 20 working days"), audit stamps and "this month" all
 * depend on today, so tests must be able to fix it.  The order is: a time
 * fixed with peel_clock_set(), then $PEEL_NOW, then $PEEL_TODAY (that day at
 * noon UTC), then the system clock.  Times are seconds since the epoch in UTC,
 * converted with date.h's day numbers rather than timegm()/gmtime(), which
 * would bring in the process's time zone.  An environment value that does not
 * parse is ignored with one warning, so a typing slip in a test script shows.
 */
#include "core/clock.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/log.h"

#define DAY 86400

static int64_t fixed = -1; /* -1: not fixed */

void peel_clock_set(int64_t t)
{
    fixed = t >= 0 ? t : -1;
}

/* Two digits at s, at most max. */
static bool two_digits(const char *s, int max, int *out)
{
    if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
        return false;
    *out = (s[0] - '0') * 10 + (s[1] - '0');
    return *out <= max;
}

/* Exactly "YYYY-MM-DDTHH:MM:SSZ". */
static bool parse_iso(const char *s, int64_t *t)
{
    peel_date d;
    int hh, mm, ss;

    if (strlen(s) != 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z')
        return false;
    if (peel_date_parse(s, 10, &d, NULL) < 0 || !two_digits(s + 11, 23, &hh) ||
        !two_digits(s + 14, 59, &mm) || !two_digits(s + 17, 59, &ss))
        return false;
    *t = (int64_t)d * DAY + hh * 3600 + mm * 60 + ss;
    return true;
}

static void warn_once(bool *warned, const char *name, const char *form)
{
    if (*warned)
        return;
    *warned = true;
    peel_log_warn("ignoring $%s: it is not of the form %s", name, form);
}

int64_t peel_clock_now(void)
{
    static bool warned_now, warned_today;
    const char *e;
    int64_t t;
    peel_date d;

    if (fixed >= 0)
        return fixed;
    if ((e = getenv("PEEL_NOW")) && *e) {
        if (parse_iso(e, &t))
            return t;
        warn_once(&warned_now, "PEEL_NOW", "YYYY-MM-DDTHH:MM:SSZ");
    }
    if ((e = getenv("PEEL_TODAY")) && *e) {
        if (peel_date_parse(e, strlen(e), &d, NULL) == 0)
            return (int64_t)d * DAY + DAY / 2;
        warn_once(&warned_today, "PEEL_TODAY", "YYYY-MM-DD");
    }
    return (int64_t)time(NULL);
}

peel_date peel_clock_today(void)
{
    int64_t t = peel_clock_now();
    int64_t days = t / DAY - (t % DAY < 0); /* floor, for times before 1970 */
    return (peel_date)days;
}

void peel_clock_format(int64_t t, char out[static 21])
{
    int64_t days = t / DAY - (t % DAY < 0);
    int secs = (int)(t % DAY < 0 ? t % DAY + DAY : t % DAY);
    char date[11];

    peel_date_format((peel_date)days, date);
    snprintf(out, 21, "%sT%02d:%02d:%02dZ", date, secs / 3600, secs / 60 % 60, secs % 60);
}
