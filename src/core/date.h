/* date.h - calendar dates, months, UK financial years, England and Wales bank
 * holidays and working-day arithmetic.
 *
 * A peel_date is a day number: days since 1970-01-01 (proleptic Gregorian),
 * so differences are plain subtraction.  A peel_month is year * 12 + (month - 1).
 * A peel_fy is the calendar year in which the financial year starts: 2023 is
 * "2023-24", 1 April 2023 to 31 March 2024.
 *
 * Text forms are ISO: "2023-05-31", "2023-05", and "2023-24" for financial years.
 * Parsers take a view (pointer and length), accept exactly these forms, and on
 * failure write a short reason into err naming the value, e.g.
 * "'2023-02-30' is not a date (February 2023 has 28 days)".
 *
 * Bank holidays are computed from their rules for 2010-2035 (New Year's Day,
 * Good Friday, Easter Monday, early May, spring, summer, Christmas and Boxing
 * Day, with substitute days, and the one-off changes: 2012 and 2022 Jubilees,
 * 2011 and 2023 royal events, 2020 VE Day move, 2022 State Funeral).  Asking about
 * a year outside 2010-2035 is an error, never a guess.
 */
#ifndef PEEL_CORE_DATE_H
#define PEEL_CORE_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

typedef int32_t peel_date;
typedef int32_t peel_month;
typedef int32_t peel_fy;

#define PEEL_BANK_HOLIDAY_FIRST_YEAR 2010
#define PEEL_BANK_HOLIDAY_LAST_YEAR 2035

/* Dates */
bool peel_date_valid_ymd(int y, int m, int d);     /* years 1 to 9999 */
peel_date peel_date_from_ymd(int y, int m, int d); /* caller ensures valid */
void peel_date_to_ymd(peel_date date, int *y, int *m, int *d);
int peel_date_weekday(peel_date date); /* 1 = Monday ... 7 = Sunday */
int peel_date_parse(const char *s, size_t n, peel_date *out, peel_err *err);
/* A date as a person types it, the one reader of every edge (forms, list
 * filters, report parameters, the API, the command line, CSV import): ISO
 * ("2023-04-01"), UK ("01/04/2023", "1/4/2023": day first) or in words
 * ("1 April 2023", "1 Apr 2023", any case); spaces around it are ignored.
 * The database keeps to peel_date_parse's one form. */
int peel_date_parse_typed(const char *s, size_t n, peel_date *out, peel_err *err);
/* Writes "YYYY-MM-DD" and a NUL into out (at least 11 bytes). */
void peel_date_format(peel_date date, char out[static 11]);
/* Writes e.g. "9 October 2023" (no leading zero) into out (at least 32 bytes). */
void peel_date_format_long(peel_date date, char out[static 32]);
/* Writes e.g. "Monday 9 October 2023" into out (at least 40 bytes). */
void peel_date_format_weekday(peel_date date, char out[static 40]);

/* Months */
peel_month peel_month_of_date(peel_date date);
peel_month peel_month_from_ym(int y, int m);
void peel_month_to_ym(peel_month month, int *y, int *m);
int peel_month_parse(const char *s, size_t n, peel_month *out, peel_err *err);
void peel_month_format(peel_month month, char out[static 8]);       /* "2023-05" */
void peel_month_format_long(peel_month month, char out[static 24]); /* "May 2023" */
peel_date peel_month_first_day(peel_month month);
peel_date peel_month_last_day(peel_month month);

/* Financial years (April to March) */
peel_fy peel_fy_of_date(peel_date date);
peel_fy peel_fy_of_month(peel_month month);
int peel_fy_parse(const char *s, size_t n, peel_fy *out, peel_err *err); /* "2023-24" */
void peel_fy_format(peel_fy fy, char out[static 8]);                     /* "2023-24" */
peel_date peel_fy_first_day(peel_fy fy);                                 /* 1 April fy */
peel_date peel_fy_last_day(peel_fy fy);                                  /* 31 March fy+1 */

/* Bank holidays (England and Wales) */
/* Fills out with the year's bank holidays in date order; returns how many
 * (8 to 10), or -1 with err set when the year is outside the supported range. */
int peel_bank_holidays(int year, peel_date out[static 12], peel_err *err);
/* 1 if a bank holiday, 0 if not, -1 (err set) when outside the supported range. */
int peel_bank_holiday_is(peel_date date, peel_err *err);
/* The holiday's name ("Good Friday", "Christmas Day (substitute day)"...) or NULL,
 * also for a year outside the supported range.  A holiday falling on a weekend
 * is not listed; its substitute day is (GOV.UK's lists do the same). */
const char *peel_bank_holiday_name(peel_date date);

/* Working days: Monday to Friday and not a bank holiday. */
int peel_workday_is(peel_date date, peel_err *err); /* 1, 0 or -1 */
/* The date n working days after start (n >= 0; n = 0 gives start itself if a
 * working day, otherwise the next working day).  Negative n counts backwards. */
int peel_workday_add(peel_date start, int n, peel_date *out, peel_err *err);
/* The publication deadline for papers of a meeting on day: the latest
 * working day leaving `clear` clear working days before day (neither the
 * deadline nor day counted; weekends and bank holidays not counted).  A
 * meeting on Wednesday 19 July 2023 with 5 clear days: Tuesday 11 July.
 * docs/METHODS.md. */
int peel_workday_clear_before(peel_date day, int clear, peel_date *out, peel_err *err);
/* Working days in (from, to]: after from, up to and including to.  Negative
 * when to is before from.  This is how "within 20 working days" is counted. */
int peel_workdays_between(peel_date from, peel_date to, int *out, peel_err *err);

#endif
