/* ics.h - iCalendar (RFC 5545) content lines, the one writer the
 * statutory calendar (domain/register_calendar.c) and a body's meetings
 * feed (engagement/feeds.c) share: each line folded at 75 octets without
 * splitting a UTF-8 sequence and ended CRLF, text values with \ ; , and
 * newlines escaped, and the calendar's start with the Europe/London time
 * zone that local times are given in.
 *
 * Ownership: everything appends to the caller's buffer; a failed append
 * leaves the buffer marked failed (core/buf.h), which the caller checks.
 */
#ifndef PEEL_RENDER_ICS_H
#define PEEL_RENDER_ICS_H

#include "core/buf.h"
#include "core/date.h"

/* One content line "NAME:VALUE", v already escaped (a date, a keyword). */
void peel_ics_line(peel_buf *out, const char *name, const char *v);
/* One content line whose value is text, escaped here. */
void peel_ics_text(peel_buf *out, const char *name, const char *text);
/* "20240131". */
void peel_ics_date(peel_date d, char out[static 9]);
/* A UTC date-time "20240131T120000Z" of seconds since the epoch. */
void peel_ics_utc(int64_t secs, char out[static 17]);
/* DTSTART for a day (a DATE, with DTEND the next day, shown as free) or, when
 * time is "HH:MM", a local time in Europe/London. */
void peel_ics_start(peel_buf *out, peel_date d, const char *time);
/* BEGIN:VCALENDAR with its version, product, name and the Europe/London
 * VTIMEZONE; end with peel_ics_end. */
void peel_ics_begin(peel_buf *out, const char *name);
void peel_ics_end(peel_buf *out);

#endif
