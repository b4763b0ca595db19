/* ics.c - iCalendar content lines (ics.h). */
#include "render/ics.h"

#include <stdio.h>

void peel_ics_line(peel_buf *out, const char *name, const char *v)
{
    peel_buf line = PEEL_BUF_INIT;
    const char *p;
    size_t col = 0;
    peel_buf_puts(&line, name);
    peel_buf_putc(&line, ':');
    peel_buf_puts(&line, v);
    if (line.failed) {
        out->failed = true;
        peel_buf_release(&line);
        return;
    }
    p = peel_buf_str(&line);
    for (size_t i = 0; i < line.len; i++) {
        unsigned char ch = (unsigned char)p[i];
        size_t seq = ch < 0x80 ? 1 : ch >= 0xF0 ? 4 : ch >= 0xE0 ? 3 : ch >= 0xC0 ? 2 : 1;
        if (i + seq > line.len)
            seq = line.len - i; /* a sequence cut short: keep its bytes as they are */
        if (col + seq > 75) {
            peel_buf_puts(out, "\r\n ");
            col = 1;
        }
        peel_buf_append(out, p + i, seq);
        col += seq;
        i += seq - 1;
    }
    peel_buf_puts(out, "\r\n");
    peel_buf_release(&line);
}

void peel_ics_text(peel_buf *out, const char *name, const char *text)
{
    peel_buf esc = PEEL_BUF_INIT;
    for (const char *p = text; *p; p++) {
        switch (*p) {
        case '\\':
            peel_buf_puts(&esc, "\\\\");
            break;
        case ';':
            peel_buf_puts(&esc, "\\;");
            break;
        case ',':
            peel_buf_puts(&esc, "\\,");
            break;
        case '\n':
            peel_buf_puts(&esc, "\\n");
            break;
        case '\r':
            break;
        default:
            peel_buf_putc(&esc, *p);
        }
    }
    if (esc.failed)
        out->failed = true;
    else
        peel_ics_line(out, name, peel_buf_str(&esc));
    peel_buf_release(&esc);
}

void peel_ics_date(peel_date d, char out[static 9])
{
    int y, m, dd;
    peel_date_to_ymd(d, &y, &m, &dd);
    snprintf(out, 9, "%04d%02d%02d", y % 10000, m % 100, dd % 100);
}

void peel_ics_utc(int64_t secs, char out[static 17])
{
    char d[9];
    int64_t s = secs % 86400;
    if (s < 0)
        s += 86400;
    peel_ics_date((peel_date)((secs - s) / 86400), d);
    snprintf(out, 17, "%sT%02d%02d%02dZ", d, (int)(s / 3600), (int)(s / 60 % 60), (int)(s % 60));
}

void peel_ics_start(peel_buf *out, peel_date d, const char *time)
{
    char day[9], v[24];
    peel_ics_date(d, day);
    if (time && time[0]) {
        snprintf(v, sizeof v, "%sT%c%c%c%c00", day, time[0], time[1], time[3], time[4]);
        peel_ics_line(out, "DTSTART;TZID=Europe/London", v);
    } else {
        peel_ics_line(out, "DTSTART;VALUE=DATE", day);
        peel_ics_date(d + 1, day);
        peel_ics_line(out, "DTEND;VALUE=DATE", day);
        peel_ics_line(out, "TRANSP", "TRANSPARENT");
    }
}

void peel_ics_begin(peel_buf *out, const char *name)
{
    peel_ics_line(out, "BEGIN", "VCALENDAR");
    peel_ics_line(out, "VERSION", "2.0");
    peel_ics_line(out, "PRODID", "-//peel//Accountability register//EN");
    peel_ics_line(out, "CALSCALE", "GREGORIAN");
    peel_ics_line(out, "METHOD", "PUBLISH");
    peel_ics_text(out, "X-WR-CALNAME", name);
    peel_ics_line(out, "X-WR-TIMEZONE", "Europe/London");
    /* Europe/London since 1996: BST from the last Sunday of March 01:00 UTC
     * to the last Sunday of October 01:00 UTC. */
    peel_ics_line(out, "BEGIN", "VTIMEZONE");
    peel_ics_line(out, "TZID", "Europe/London");
    peel_ics_line(out, "BEGIN", "DAYLIGHT");
    peel_ics_line(out, "TZOFFSETFROM", "+0000");
    peel_ics_line(out, "TZOFFSETTO", "+0100");
    peel_ics_line(out, "TZNAME", "BST");
    peel_ics_line(out, "DTSTART", "19700329T010000");
    peel_ics_line(out, "RRULE", "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU");
    peel_ics_line(out, "END", "DAYLIGHT");
    peel_ics_line(out, "BEGIN", "STANDARD");
    peel_ics_line(out, "TZOFFSETFROM", "+0100");
    peel_ics_line(out, "TZOFFSETTO", "+0000");
    peel_ics_line(out, "TZNAME", "GMT");
    peel_ics_line(out, "DTSTART", "19701025T020000");
    peel_ics_line(out, "RRULE", "FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU");
    peel_ics_line(out, "END", "STANDARD");
    peel_ics_line(out, "END", "VTIMEZONE");
}

void peel_ics_end(peel_buf *out)
{
    peel_ics_line(out, "END", "VCALENDAR");
}
