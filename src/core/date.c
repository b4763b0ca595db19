/* date.c - calendar dates as day numbers, months, financial years, England
 * and Wales bank holidays and working-day arithmetic.
 *
 * Day numbers convert to and from year-month-day with Howard Hinnant's
 * era-based formulas (days_from_civil / civil_from_days), in 64-bit arithmetic
 * so no input can overflow.  Bank holidays are computed from their rules rather
 * than kept as a table, so a mistake shows up in one rule and the unit tests
 * compare the result with GOV.UK's published lists.  The rules and the
 * (from, to] counting convention are written out in docs/METHODS.md.
 *
 * Parsers take views that may hold any bytes; error messages quote the value
 * through peel_str_quote(), which keeps them short and printable.
 */
#include "core/date.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/str.h"

static const char *const month_names[12] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December",
};

/* Sets err to "'VALUE' WHY" and returns -1. */
static int fail(peel_err *err, const char *s, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int fail(peel_err *err, const char *s, size_t n, const char *fmt, ...)
{
    char q[PEEL_QUOTE_SIZE], why[256];
    va_list ap;

    if (!err)
        return -1;
    peel_str_quote(s, n, q);
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    return peel_err_set(err, PEEL_EINPUT, "'%s' %s", q, why);
}

/* ---- arithmetic ---- */

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

static int64_t floor_mod(int64_t a, int64_t b)
{
    return a - floor_div(a, b) * b;
}

static bool is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int64_t y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = floor_div(y, 400);
    int64_t yoe = y - era * 400;                                   /* [0, 399] */
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* [0, 365] */
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           /* [0, 146096] */
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    z += 719468;
    int64_t era = floor_div(z, 146097);
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

/* Reads n ASCII digits; false if any byte is not one. */
static bool digits(const char *s, size_t n, int *out)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

/* ---- dates ---- */

bool peel_date_valid_ymd(int y, int m, int d)
{
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= month_days(y, m);
}

peel_date peel_date_from_ymd(int y, int m, int d)
{
    return (peel_date)days_from_civil(y, m, d);
}

void peel_date_to_ymd(peel_date date, int *y, int *m, int *d)
{
    int64_t yy;
    civil_from_days(date, &yy, m, d);
    *y = (int)yy;
}

int peel_date_weekday(peel_date date)
{
    return (int)floor_mod((int64_t)date + 3, 7) + 1; /* 1970-01-01 was a Thursday */
}

/* The checks every date form shares, once its parts are read. */
static int ymd_date(const char *s, size_t n, int y, int m, int d, peel_date *out, peel_err *err)
{
    if (y < 1000)
        return fail(err, s, n, "is not a date (the year must be 1000 to 9999)");
    if (m < 1 || m > 12)
        return fail(err, s, n, "is not a date (there is no month %d)", m);
    if (d < 1)
        return fail(err, s, n, "is not a date (there is no day 0)");
    if (d > month_days(y, m))
        return fail(err, s, n, "is not a date (%s %d has %d days)", month_names[m - 1], y,
                    month_days(y, m));
    *out = peel_date_from_ymd(y, m, d);
    return 0;
}

int peel_date_parse(const char *s, size_t n, peel_date *out, peel_err *err)
{
    int y, m, d;

    if (!s)
        n = 0;
    if (n != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4, &y) || !digits(s + 5, 2, &m) ||
        !digits(s + 8, 2, &d))
        return fail(err, s, n, "is not a date (expected YYYY-MM-DD)");
    return ymd_date(s, n, y, m, d, out, err);
}

/* "1/4/2023" or "01/04/2023": day, month and a four-digit year. */
static bool uk_date(const char *s, size_t n, int *y, int *m, int *d)
{
    const char *a = n ? memchr(s, '/', n) : NULL, *b;
    size_t dl, ml;
    if (!a || !(b = memchr(a + 1, '/', n - (size_t)(a + 1 - s))))
        return false;
    dl = (size_t)(a - s);
    ml = (size_t)(b - a - 1);
    return dl >= 1 && dl <= 2 && ml >= 1 && ml <= 2 && n - (size_t)(b + 1 - s) == 4 &&
           digits(s, dl, d) && digits(a + 1, ml, m) && digits(b + 1, 4, y);
}

/* A month's name in English, whole ("April") or its first three letters
 * ("Apr", and "Sept"), any case: 1 to 12, or 0. */
static int month_named(const char *s, size_t n)
{
    for (int i = 0; i < 12; i++) {
        size_t full = strlen(month_names[i]);
        if ((n == full || n == 3 || (i == 8 && n == 4)) && n <= full &&
            !strncasecmp(s, month_names[i], n))
            return i + 1;
    }
    return 0;
}

/* "1 April 2023", "01 Apr 2023", "1 april, 2023": day, month's name, year,
 * separated by spaces (a comma after the month allowed). */
static bool long_date(const char *s, size_t n, int *y, int *m, int *d)
{
    size_t i = 0, a, b;
    while (i < n && s[i] >= '0' && s[i] <= '9')
        i++;
    if (i < 1 || i > 2 || !digits(s, i, d))
        return false;
    while (i < n && s[i] == ' ')
        i++;
    a = i;
    while (i < n && ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z'))
        i++;
    b = i;
    if (i < n && s[i] == ',')
        i++;
    if (b == a || i == n || s[i] != ' ')
        return false;
    while (i < n && s[i] == ' ')
        i++;
    return n - i == 4 && digits(s + i, 4, y) && (*m = month_named(s + a, b - a)) != 0;
}

int peel_date_parse_typed(const char *s, size_t n, peel_date *out, peel_err *err)
{
    int y, m, d;

    if (!s)
        n = 0;
    while (n && (*s == ' ' || *s == '\t')) /* what a form's field carries around it */
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n == 10 && s[4] == '-')
        return peel_date_parse(s, n, out, err);
    if (!uk_date(s, n, &y, &m, &d) && !long_date(s, n, &y, &m, &d))
        return fail(err, s, n,
                    "is not a date (expected, for example, 1 April 2023, 01/04/2023 or "
                    "2023-04-01)");
    return ymd_date(s, n, y, m, d, out, err);
}

void peel_date_format(peel_date date, char out[static 11])
{
    int64_t y;
    int m, d;
    civil_from_days(date, &y, &m, &d);
    snprintf(out, 11, "%04lld-%02d-%02d", (long long)y, m, d);
}

void peel_date_format_long(peel_date date, char out[static 32])
{
    int64_t y;
    int m, d;
    civil_from_days(date, &y, &m, &d);
    snprintf(out, 32, "%d %s %lld", d, month_names[m - 1], (long long)y);
}

void peel_date_format_weekday(peel_date date, char out[static 40])
{
    static const char *const days[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                       "Friday", "Saturday", "Sunday"};
    char d[32];
    peel_date_format_long(date, d);
    snprintf(out, 40, "%s %s", days[peel_date_weekday(date) - 1], d);
}

/* ---- months ---- */

peel_month peel_month_of_date(peel_date date)
{
    int y, m, d;
    peel_date_to_ymd(date, &y, &m, &d);
    return peel_month_from_ym(y, m);
}

peel_month peel_month_from_ym(int y, int m)
{
    return (peel_month)((int64_t)y * 12 + (m - 1));
}

void peel_month_to_ym(peel_month month, int *y, int *m)
{
    *y = (int)floor_div(month, 12);
    *m = (int)floor_mod(month, 12) + 1;
}

int peel_month_parse(const char *s, size_t n, peel_month *out, peel_err *err)
{
    int y, m;

    if (!s)
        n = 0;
    if (n != 7 || s[4] != '-' || !digits(s, 4, &y) || !digits(s + 5, 2, &m))
        return fail(err, s, n, "is not a month (expected YYYY-MM)");
    if (y < 1000)
        return fail(err, s, n, "is not a month (the year must be 1000 to 9999)");
    if (m == (y + 1) % 100 && (m < 1 || m > 12))
        return fail(err, s, n,
                    "is not a month (there is no month %d; it looks like a "
                    "financial year)",
                    m);
    if (m < 1 || m > 12)
        return fail(err, s, n, "is not a month (there is no month %d)", m);
    *out = peel_month_from_ym(y, m);
    return 0;
}

void peel_month_format(peel_month month, char out[static 8])
{
    int y, m;
    peel_month_to_ym(month, &y, &m);
    snprintf(out, 8, "%04d-%02d", y, m);
}

void peel_month_format_long(peel_month month, char out[static 24])
{
    int y, m;
    peel_month_to_ym(month, &y, &m);
    snprintf(out, 24, "%s %d", month_names[m - 1], y);
}

peel_date peel_month_first_day(peel_month month)
{
    int y, m;
    peel_month_to_ym(month, &y, &m);
    return (peel_date)days_from_civil(y, m, 1);
}

peel_date peel_month_last_day(peel_month month)
{
    int y, m;
    peel_month_to_ym(month, &y, &m);
    return (peel_date)days_from_civil(y, m, month_days(y, m));
}

/* ---- financial years ---- */

peel_fy peel_fy_of_date(peel_date date)
{
    return peel_fy_of_month(peel_month_of_date(date));
}

peel_fy peel_fy_of_month(peel_month month)
{
    int y, m;
    peel_month_to_ym(month, &y, &m);
    return m >= 4 ? y : y - 1;
}

int peel_fy_parse(const char *s, size_t n, peel_fy *out, peel_err *err)
{
    int y, yy;

    if (!s)
        n = 0;
    if (n != 7 || s[4] != '-' || !digits(s, 4, &y) || !digits(s + 5, 2, &yy))
        return fail(err, s, n, "is not a financial year (expected YYYY-YY, e.g. 2023-24)");
    if (y < 1000)
        return fail(err, s, n, "is not a financial year (the year must be 1000 to 9999)");
    if (yy != (y + 1) % 100)
        return fail(err, s, n,
                    "is not a financial year (the one starting in April %d is %04d-%02d)", y, y,
                    (y + 1) % 100);
    *out = y;
    return 0;
}

void peel_fy_format(peel_fy fy, char out[static 8])
{
    snprintf(out, 8, "%04d-%02d", fy, (int)floor_mod((int64_t)fy + 1, 100));
}

peel_date peel_fy_first_day(peel_fy fy)
{
    return (peel_date)days_from_civil(fy, 4, 1);
}

peel_date peel_fy_last_day(peel_fy fy)
{
    return (peel_date)days_from_civil((int64_t)fy + 1, 3, 31);
}

/* ---- bank holidays ---- */

typedef struct holiday {
    peel_date date;
    const char *name;
} holiday;

static bool year_supported(int64_t y)
{
    return y >= PEEL_BANK_HOLIDAY_FIRST_YEAR && y <= PEEL_BANK_HOLIDAY_LAST_YEAR;
}

/* Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
static peel_date easter_sunday(int y)
{
    int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4;
    int f = (b + 8) / 25, g = (b - f + 1) / 3;
    int h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4, k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7;
    int mm = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * mm + 114) / 31;
    int day = (h + l - 7 * mm + 114) % 31 + 1;
    return peel_date_from_ymd(y, month, day);
}

static peel_date first_monday(int y, int m)
{
    peel_date d = peel_date_from_ymd(y, m, 1);
    return d + (8 - peel_date_weekday(d)) % 7;
}

static peel_date last_monday(int y, int m)
{
    peel_date d = peel_date_from_ymd(y, m, month_days(y, m));
    return d - (peel_date_weekday(d) - 1);
}

static void add(holiday *h, int *n, peel_date date, const char *name)
{
    h[*n].date = date;
    h[*n].name = name;
    (*n)++;
}

/* The year's bank holidays in date order; the year must be supported.
 * Names follow GOV.UK's list (with a plain apostrophe). */
static int year_holidays(int y, holiday h[static 12])
{
    peel_date d;
    int n = 0;

    /* New Year's Day; on a weekend, the Monday after. */
    d = peel_date_from_ymd(y, 1, 1);
    switch (peel_date_weekday(d)) {
    case 6:
        add(h, &n, d + 2, "New Year's Day (substitute day)");
        break;
    case 7:
        add(h, &n, d + 1, "New Year's Day (substitute day)");
        break;
    default:
        add(h, &n, d, "New Year's Day");
    }

    d = easter_sunday(y);
    add(h, &n, d - 2, "Good Friday");
    add(h, &n, d + 1, "Easter Monday");

    if (y == 2011)
        add(h, &n, peel_date_from_ymd(2011, 4, 29), "Royal wedding");

    /* Early May: the first Monday, moved to Friday 8 May in 2020 for VE Day. */
    if (y == 2020)
        add(h, &n, peel_date_from_ymd(2020, 5, 8), "Early May bank holiday (VE day)");
    else
        add(h, &n, first_monday(y, 5), "Early May bank holiday");
    if (y == 2023)
        add(h, &n, peel_date_from_ymd(2023, 5, 8),
            "Bank holiday for the coronation of King Charles III");

    /* Spring: the last Monday of May, moved for the 2012 and 2022 Jubilees. */
    if (y == 2012) {
        add(h, &n, peel_date_from_ymd(2012, 6, 4), "Spring bank holiday");
        add(h, &n, peel_date_from_ymd(2012, 6, 5), "Queen's Diamond Jubilee");
    } else if (y == 2022) {
        add(h, &n, peel_date_from_ymd(2022, 6, 2), "Spring bank holiday");
        add(h, &n, peel_date_from_ymd(2022, 6, 3), "Platinum Jubilee bank holiday");
    } else {
        add(h, &n, last_monday(y, 5), "Spring bank holiday");
    }

    add(h, &n, last_monday(y, 8), "Summer bank holiday");

    if (y == 2022)
        add(h, &n, peel_date_from_ymd(2022, 9, 19),
            "Bank Holiday for the State Funeral of Queen Elizabeth II");

    /* Christmas and Boxing Day; a day that falls on a weekend moves to the
     * next weekday the other does not already take. */
    d = peel_date_from_ymd(y, 12, 25);
    switch (peel_date_weekday(d)) {
    case 5: /* Boxing Day on Saturday */
        add(h, &n, d, "Christmas Day");
        add(h, &n, d + 3, "Boxing Day (substitute day)");
        break;
    case 6: /* Saturday and Sunday */
        add(h, &n, d + 2, "Christmas Day (substitute day)");
        add(h, &n, d + 3, "Boxing Day (substitute day)");
        break;
    case 7: /* Sunday; Boxing Day is Monday */
        add(h, &n, d + 1, "Boxing Day");
        add(h, &n, d + 2, "Christmas Day (substitute day)");
        break;
    default:
        add(h, &n, d, "Christmas Day");
        add(h, &n, d + 1, "Boxing Day");
    }

    /* Every rule above adds in date order, but the one-off days make that
     * easy to break: sort anyway (insertion sort of at most 10). */
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && h[j - 1].date > h[j].date; j--) {
            holiday t = h[j];
            h[j] = h[j - 1];
            h[j - 1] = t;
        }
    return n;
}

static int year_unknown(peel_err *err, int64_t y)
{
    return peel_err_set(err, PEEL_EINPUT, "no bank holidays are known for %lld (peel has %d to %d)",
                        (long long)y, PEEL_BANK_HOLIDAY_FIRST_YEAR, PEEL_BANK_HOLIDAY_LAST_YEAR);
}

static int date_unknown(peel_err *err, peel_date date)
{
    char s[11];
    peel_date_format(date, s);
    return peel_err_set(err, PEEL_EINPUT, "no bank holidays are known for %s (peel has %d to %d)",
                        s, PEEL_BANK_HOLIDAY_FIRST_YEAR, PEEL_BANK_HOLIDAY_LAST_YEAR);
}

int peel_bank_holidays(int year, peel_date out[static 12], peel_err *err)
{
    holiday h[12];
    int n;

    if (!year_supported(year))
        return year_unknown(err, year);
    n = year_holidays(year, h);
    for (int i = 0; i < n; i++)
        out[i] = h[i].date;
    return n;
}

/* The holidays of the year last asked about, so that counting working days
 * computes each year once. */
typedef struct year_cache {
    int year; /* 0 when empty */
    int n;
    holiday h[12];
} year_cache;

/* The holiday on date, or NULL; *known is false when the year is not
 * supported. */
static const holiday *lookup(year_cache *c, peel_date date, bool *known)
{
    int y, m, d;

    peel_date_to_ymd(date, &y, &m, &d);
    *known = year_supported(y);
    if (!*known)
        return NULL;
    if (c->year != y) {
        c->n = year_holidays(y, c->h);
        c->year = y;
    }
    for (int i = 0; i < c->n; i++)
        if (c->h[i].date == date)
            return &c->h[i];
    return NULL;
}

int peel_bank_holiday_is(peel_date date, peel_err *err)
{
    year_cache c = {0};
    bool known;
    const holiday *h = lookup(&c, date, &known);

    if (!known)
        return date_unknown(err, date);
    return h != NULL;
}

const char *peel_bank_holiday_name(peel_date date)
{
    year_cache c = {0};
    bool known;
    const holiday *h = lookup(&c, date, &known);

    return h ? h->name : NULL;
}

/* ---- working days ---- */

/* 1 for a working day, 0 for a weekend or bank holiday, -1 when the year is
 * not supported (err not set: callers word the message). */
static int workday(year_cache *c, peel_date date)
{
    bool known;
    const holiday *h = lookup(c, date, &known);

    if (!known)
        return -1;
    return !h && peel_date_weekday(date) <= 5;
}

int peel_workday_is(peel_date date, peel_err *err)
{
    year_cache c = {0};
    int k = workday(&c, date);

    if (k < 0)
        return date_unknown(err, date);
    return k;
}

int peel_workday_add(peel_date start, int n, peel_date *out, peel_err *err)
{
    year_cache c = {0};
    peel_date d = start;
    int step = n < 0 ? -1 : 1;
    int64_t left = n < 0 ? -(int64_t)n : n;
    int k = workday(&c, d);
    char s[11];

    if (k < 0)
        return date_unknown(err, start);
    if (n == 0) {
        /* start itself, or the next working day */
        while (k == 0)
            k = workday(&c, ++d);
    } else {
        while (left > 0 && (k = workday(&c, d += step)) >= 0)
            left -= k;
    }
    if (k < 0) {
        peel_date_format(start, s);
        return peel_err_set(err, PEEL_EINPUT,
                            "%d working days from %s go outside %d to %d, the years whose bank "
                            "holidays peel knows",
                            n, s, PEEL_BANK_HOLIDAY_FIRST_YEAR, PEEL_BANK_HOLIDAY_LAST_YEAR);
    }
    *out = d;
    return 0;
}

int peel_workdays_between(peel_date from, peel_date to, int *out, peel_err *err)
{
    year_cache c = {0};
    peel_date lo = from < to ? from : to, hi = from < to ? to : from;
    int count = 0;

    if (from == to) {
        *out = 0;
        return 0;
    }
    /* The days counted are lo+1 .. hi; check both ends before looping so a
     * wild date fails at once instead of after millions of steps. */
    if (workday(&c, hi) < 0)
        return date_unknown(err, hi);
    if (workday(&c, lo + 1) < 0)
        return date_unknown(err, lo + 1);
    for (peel_date d = lo + 1; d <= hi; d++)
        count += workday(&c, d);
    *out = from < to ? count : -count;
    return 0;
}

int peel_workday_clear_before(peel_date day, int clear, peel_date *out, peel_err *err)
{
    if (clear < 0)
        return peel_err_set(err, PEEL_EINPUT, "%d clear working days: the count cannot be negative",
                            clear);
    /* clear working days strictly between the deadline and day: the
     * deadline is the working day before those */
    return peel_workday_add(day, -(clear + 1), out, err);
}
