/* register_calendar.c - the statutory calendar for a year: the precept
 * timetable (Police and Crime Panels (Precepts and Chief Constable
 * Appointments) Regulations 2012), the monthly publication of grants and
 * spending over £500 (Specified Information Order 2011), HMICFRS response
 * deadlines (56 days),
 * recommendations' response dates and meetings; and its iCalendar (RFC 5545)
 * form that Outlook and Google Calendar import, written by render/ics.h.
 *
 * A statutory date that falls on a weekend or bank holiday is kept as the
 * law gives it, with a note naming the last working day before it: the
 * deadline does not move, but the work has to be done by then. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/vec.h"
#include "domain/register.h"
#include "model/record.h"
#include "model/records.h"
#include "render/ics.h"
#include "store/store.h"

static int add_event(peel_reg_calendar *c, peel_date date, const char *time, const char *uid,
                     const char *kind, const char *summary, const char *description,
                     const char *location, bool cancelled, bool tentative, const char *note)
{
    peel_reg_event *e = peel_vec_push(c);
    if (!e)
        return -1;
    e->date = date;
    snprintf(e->time, sizeof e->time, "%s", time ? time : "");
    e->cancelled = cancelled;
    e->tentative = tentative;
    e->uid = strdup(uid);
    e->kind = strdup(kind);
    e->summary = strdup(summary);
    e->description = strdup(description ? description : "");
    e->location = strdup(location ? location : "");
    e->note = strdup(note ? note : "");
    if (!e->uid || !e->kind || !e->summary || !e->description || !e->location || !e->note)
        return -1;
    return 0;
}

/* "" when date is a working day, else "a Saturday: the last working day before is ...". */
static int working_note(peel_date d, char *out, size_t outsz, peel_err *err)
{
    static const char *const days[] = {"",         "Monday", "Tuesday",  "Wednesday",
                                       "Thursday", "Friday", "Saturday", "Sunday"};
    int w = peel_workday_is(d, err);
    peel_date before;
    char when[32];
    const char *hol;

    out[0] = '\0';
    if (w < 0)
        return -1;
    if (w)
        return 0;
    if (peel_workday_add(d, -1, &before, err) < 0)
        return -1;
    peel_date_format_long(before, when);
    hol = peel_bank_holiday_name(d);
    if (hol)
        snprintf(out, outsz, "%s, a bank holiday: the last working day before it is %s %s", hol,
                 days[peel_date_weekday(before)], when);
    else
        snprintf(out, outsz, "a %s: the last working day before it is %s %s",
                 days[peel_date_weekday(d)], days[peel_date_weekday(before)], when);
    return 0;
}

int peel_register_precept_timetable(int year, peel_reg_calendar *out, peel_err *err)
{
    static const struct {
        int month, day;
        bool veto_only;
        const char *uid, *summary, *description;
    } steps[] = {
        {2, 1, false, "notify", "Proposed precept notified to the Police and Crime Panel",
         "The PCC notifies the Panel of the proposed precept by 1 February (Schedule 5 to the "
         "Police Reform and Social Responsibility Act 2011; the 2012 Precepts Regulations)."},
        {2, 8, false, "report", "Panel's report on the proposed precept",
         "The Panel reviews the proposed precept and makes its report, which may veto it, by "
         "8 February."},
        {2, 15, true, "response", "PCC's response and revised precept (if vetoed)",
         "Only if the Panel vetoed: the PCC responds to the Panel's report and notifies the "
         "revised precept by 15 February."},
        {2, 22, true, "revised-report", "Panel's report on the revised precept (if vetoed)",
         "Only if the Panel vetoed: the Panel reviews the revised precept and reports by "
         "22 February."},
        {3, 1, false, "issue", "Final precept issued",
         "The PCC issues the precept by 1 March (after the Panel's report on a revised "
         "precept if the Panel vetoed)."},
    };
    char fy[8], summary[200], uid[80], note[200];

    if (year < PEEL_BANK_HOLIDAY_FIRST_YEAR || year > PEEL_BANK_HOLIDAY_LAST_YEAR)
        return peel_err_set(err, PEEL_EINPUT,
                            "%d is outside the years peel has bank holidays "
                            "for (%d-%d)",
                            year, PEEL_BANK_HOLIDAY_FIRST_YEAR, PEEL_BANK_HOLIDAY_LAST_YEAR);
    peel_fy_format((peel_fy)year, fy);
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        peel_date d = peel_date_from_ymd(year, steps[i].month, steps[i].day);
        if (working_note(d, note, sizeof note, err) < 0)
            return -1;
        snprintf(summary, sizeof summary, "Precept %s: %s", fy, steps[i].summary);
        snprintf(uid, sizeof uid, "precept-%d-%s@peel", year, steps[i].uid);
        if (add_event(out, d, NULL, uid, "precept", summary, steps[i].description, NULL, false,
                      steps[i].veto_only, note) < 0)
            return peel_err_set(err, PEEL_ENOMEM, "out of memory building the calendar");
    }
    return 0;
}

/* Month m's grants and spending over £500 fall due on the first day after
 * it ends; the Order gives no day beyond "as soon as practicable". */
int peel_register_spend_timetable(int year, peel_reg_calendar *out, peel_err *err)
{
    if (year < PEEL_BANK_HOLIDAY_FIRST_YEAR || year > PEEL_BANK_HOLIDAY_LAST_YEAR)
        return peel_err_set(err, PEEL_EINPUT,
                            "%d is outside the years peel has bank holidays "
                            "for (%d-%d)",
                            year, PEEL_BANK_HOLIDAY_FIRST_YEAR, PEEL_BANK_HOLIDAY_LAST_YEAR);
    for (int i = 0; i < 12; i++) {
        /* the month before the one whose first day this is */
        int y = i == 0 ? year - 1 : year, m = i == 0 ? 12 : i;
        peel_date d = peel_date_from_ymd(year, i + 1, 1), first = d;
        char month[24], ym[8], when[32], firstw[32], uid[80], summary[200], desc[800], note[200];
        int w = peel_workday_is(d, err);

        if (w < 0 || (!w && peel_workday_add(d, 0, &first, err) < 0))
            return -1;
        peel_month_format_long(peel_month_from_ym(y, m), month);
        peel_month_format(peel_month_from_ym(y, m), ym);
        peel_date_format_long(d - 1, when);
        peel_date_format_long(first, firstw);
        snprintf(summary, sizeof summary, "Publish %s's grants and spending over £500", month);
        snprintf(desc, sizeof desc,
                 "Each crime and disorder reduction grant made in %s (recipient, purpose, "
                 "conditions and why it reduces crime), and each item of spending over £500 by "
                 "the PCC or the Chief Constable, published as soon as practicable after the "
                 "month ends (Elected Local Policing Bodies (Specified Information) Order 2011, "
                 "Schedule paragraph 3(f) to (h)). peel's list: /commissioning/spend?month=%s.",
                 month, ym);
        snprintf(note, sizeof note, "The Order sets no day: as soon as practicable after %s%s%s",
                 when, w ? "" : "; the first working day after is ", w ? "" : firstw);
        snprintf(uid, sizeof uid, "spend-%s@peel", ym);
        if (add_event(out, d, NULL, uid, "publication", summary, desc, NULL, false, false, note) <
            0)
            return peel_err_set(err, PEEL_ENOMEM, "out of memory building the calendar");
    }
    return 0;
}

/* A UID part from a record key: lower-case letters and digits, '-' else,
 * and a hash of the whole key so that different keys never collide. */
static void uid_from(const char *prefix, const char *key, char *out, size_t outsz)
{
    uint32_t h = 2166136261u;
    char slug[48];
    size_t k = 0;
    for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
        h = (h ^ *p) * 16777619u;
        if (k + 1 < sizeof slug) {
            unsigned char ch = *p;
            if (ch >= 'A' && ch <= 'Z')
                ch = (unsigned char)(ch - 'A' + 'a');
            slug[k++] = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ? (char)ch : '-';
        }
    }
    slug[k] = '\0';
    snprintf(out, outsz, "%s-%s-%08x@peel", prefix, slug, (unsigned)h);
}

static bool in_year(int64_t d, int year)
{
    int y, m, dd;
    peel_date_to_ymd((peel_date)d, &y, &m, &dd);
    return y == year;
}

static int cmp_event(const void *x, const void *y)
{
    const peel_reg_event *a = x, *b = y;
    int c;
    if (a->date != b->date)
        return a->date < b->date ? -1 : 1;
    if ((c = strcmp(a->time, b->time)))
        return c;
    return strcmp(a->summary, b->summary);
}

static bool shown(const peel_reader *rd, const peel_record *r)
{
    return peel_reader_record_visible(rd, r);
}

static int add_publications(peel_store *s, int year, const peel_reader *v, peel_reg_calendar *c,
                            peel_err *err)
{
    peel_records t;
    int rc = 0;
    if (peel_records_load(s, &peel_type_publication, &t, err) < 0)
        return -1;
    for (size_t i = 0; i < t.n && rc == 0; i++) {
        const peel_record *r = t.v[i];
        int64_t pub, resp;
        char uid[120], sum[600], desc[800], when[32], note[200];
        if (!peel_record_int_at(r, PEEL_PUBLICATION_PUBLISHED, &pub) ||
            !in_year(pub + PEEL_HMICFRS_RESPONSE_DAYS, year) || !shown(v, r))
            continue;
        peel_date_format_long((peel_date)pub, when);
        uid_from("hmicfrs", peel_record_text_at(r, PEEL_PUBLICATION_TITLE), uid, sizeof uid);
        snprintf(sum, sizeof sum, "HMICFRS response due: %s",
                 peel_record_text_at(r, PEEL_PUBLICATION_TITLE));
        int k = snprintf(desc, sizeof desc,
                         "HMICFRS published this report on %s. The PCC's comments are due "
                         "%d days later, published and sent to the Home Office "
                         "(Police Act 1996 s55).",
                         when, PEEL_HMICFRS_RESPONSE_DAYS);
        if (peel_record_int_at(r, PEEL_PUBLICATION_RESPONSE_PUBLISHED, &resp) && k > 0 &&
            (size_t)k < sizeof desc) {
            peel_date_format_long((peel_date)resp, when);
            snprintf(desc + k, sizeof desc - (size_t)k, " Response published %s.", when);
        }
        if (working_note((peel_date)(pub + PEEL_HMICFRS_RESPONSE_DAYS), note, sizeof note, err) < 0)
            rc = -1;
        else if (add_event(c, (peel_date)(pub + PEEL_HMICFRS_RESPONSE_DAYS), NULL, uid, "hmicfrs",
                           sum, desc, NULL, false, false, note) < 0)
            rc = peel_err_set(err, PEEL_ENOMEM, "out of memory building the calendar");
    }
    peel_records_free(&t);
    return rc;
}

static int add_recommendations(peel_store *s, int year, const peel_reader *v, peel_reg_calendar *c,
                               peel_err *err)
{
    peel_records t;
    int rc = 0;
    if (peel_records_load(s, &peel_type_recommendation, &t, err) < 0)
        return -1;
    for (size_t i = 0; i < t.n && rc == 0; i++) {
        const peel_record *r = t.v[i];
        int64_t due;
        char uid[120], sum[300];
        if (!peel_record_int_at(r, PEEL_RECOMMENDATION_RESPONSE_DUE, &due) || !in_year(due, year) ||
            !shown(v, r))
            continue;
        uid_from("recommendation", peel_record_text_at(r, PEEL_RECOMMENDATION_REF), uid,
                 sizeof uid);
        snprintf(sum, sizeof sum, "Response due: recommendation %s",
                 peel_record_text_at(r, PEEL_RECOMMENDATION_REF));
        if (add_event(c, (peel_date)due, NULL, uid, "recommendation", sum,
                      peel_record_text_at(r, PEEL_RECOMMENDATION_TEXT), NULL, false, false,
                      NULL) < 0)
            rc = peel_err_set(err, PEEL_ENOMEM, "out of memory building the calendar");
    }
    peel_records_free(&t);
    return rc;
}

static int add_meetings(peel_store *s, int year, const peel_reader *v, peel_reg_calendar *c,
                        peel_err *err)
{
    peel_records t, bodies;
    int rc = 0;
    if (peel_records_load(s, &peel_type_meeting, &t, err) < 0)
        return -1;
    if (peel_records_load(s, &peel_type_body, &bodies, err) < 0) {
        peel_records_free(&t);
        return -1;
    }
    for (size_t i = 0; i < t.n && rc == 0; i++) {
        const peel_record *r = t.v[i];
        int64_t d, bid = 0;
        char uid[120], sum[400];
        const char *title = peel_record_text_at(r, PEEL_MEETING_TITLE);
        if (!peel_record_int_at(r, PEEL_MEETING_DATE, &d) || !in_year(d, year))
            continue;
        peel_record_int_at(r, PEEL_MEETING_BODY, &bid);
        if (!shown(v, r) || !shown(v, peel_records_get(&bodies, bid)))
            continue;
        uid_from("meeting", peel_record_text_at(r, PEEL_MEETING_REF), uid, sizeof uid);
        snprintf(sum, sizeof sum, "%s%s%s%s",
                 peel_record_text_at(peel_records_get(&bodies, bid), PEEL_BODY_NAME),
                 *title ? ": " : "", title,
                 !strcmp(peel_record_text_at(r, PEEL_MEETING_STATUS), "cancelled") ? " (cancelled)"
                                                                                   : "");
        if (add_event(c, (peel_date)d, peel_record_text_at(r, PEEL_MEETING_TIME), uid, "meeting",
                      sum, peel_record_text_at(r, PEEL_MEETING_NOTES),
                      peel_record_text_at(r, PEEL_MEETING_PLACE),
                      !strcmp(peel_record_text_at(r, PEEL_MEETING_STATUS), "cancelled"), false,
                      NULL) < 0)
            rc = peel_err_set(err, PEEL_ENOMEM, "out of memory building the calendar");
        else
            c->v[c->n - 1].meeting_id = r->id;
    }
    peel_records_free(&t);
    peel_records_free(&bodies);
    return rc;
}

/* Each meeting's papers deadline and late papers, as the reader sees them. */
static int add_deadlines(peel_store *s, int year, const peel_reader *v, peel_reg_calendar *c,
                         peel_err *err)
{
    peel_reg_meetings ms;
    if (peel_register_meetings(s, v, peel_date_from_ymd(year, 1, 1),
                               peel_date_from_ymd(year, 12, 31), peel_clock_today(), &ms, err) < 0)
        return -1;
    for (size_t i = 0; i < c->n; i++) {
        peel_reg_event *e = &c->v[i];
        for (size_t k = 0; e->meeting_id && k < ms.n; k++) {
            const peel_reg_meeting *m = &ms.v[k];
            if (m->id != e->meeting_id)
                continue;
            e->has_papers_due = m->has_deadline;
            e->papers_due = m->deadline;
            e->clear_days = m->clear_days;
            e->papers = m->papers.n;
            e->late = m->nlate;
        }
    }
    peel_register_meetings_free(&ms);
    return 0;
}

int peel_register_calendar(peel_store *s, const peel_reader *rd, int year, peel_reg_calendar *out,
                           peel_err *err)
{
    memset(out, 0, sizeof *out);
    out->year = year;
    if (peel_register_precept_timetable(year, out, err) < 0 ||
        peel_register_spend_timetable(year, out, err) < 0 ||
        add_publications(s, year, rd, out, err) < 0 ||
        add_recommendations(s, year, rd, out, err) < 0 || add_meetings(s, year, rd, out, err) < 0 ||
        add_deadlines(s, year, rd, out, err) < 0) {
        peel_register_calendar_free(out);
        return -1;
    }
    qsort(out->v, out->n, sizeof *out->v, cmp_event);
    return 0;
}

void peel_register_calendar_free(peel_reg_calendar *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->v[i].uid);
        free(c->v[i].kind);
        free(c->v[i].summary);
        free(c->v[i].description);
        free(c->v[i].location);
        free(c->v[i].note);
    }
    peel_vec_release(c);
}

/* ---- iCalendar ---- */

int peel_register_ics(const peel_reg_calendar *c, peel_buf *out)
{
    char stamp[17], name[80];

    peel_ics_utc(peel_clock_now(), stamp);
    snprintf(name, sizeof name, "Statutory calendar %d", c->year);
    peel_ics_begin(out, name);
    for (size_t i = 0; i < c->n; i++) {
        const peel_reg_event *e = &c->v[i];
        peel_buf desc = PEEL_BUF_INIT;
        peel_ics_line(out, "BEGIN", "VEVENT");
        peel_ics_text(out, "UID", e->uid);
        peel_ics_line(out, "DTSTAMP", stamp);
        peel_ics_start(out, e->date, e->time);
        peel_ics_text(out, "SUMMARY", e->summary);
        peel_buf_puts(&desc, e->description);
        if (e->note[0])
            peel_buf_printf(&desc, "%sNote: falls on %s.", desc.len ? "\n" : "", e->note);
        if (e->has_papers_due) {
            char due[40];
            peel_date_format_weekday(e->papers_due, due);
            peel_buf_printf(&desc, "%sPapers due by %s (%d clear working days before).",
                            desc.len ? "\n" : "", due, e->clear_days);
        }
        if (desc.len)
            peel_ics_text(out, "DESCRIPTION", peel_buf_str(&desc));
        peel_buf_release(&desc);
        if (e->location[0])
            peel_ics_text(out, "LOCATION", e->location);
        peel_ics_text(out, "CATEGORIES", e->kind);
        peel_ics_line(out, "STATUS",
                      e->cancelled   ? "CANCELLED"
                      : e->tentative ? "TENTATIVE"
                                     : "CONFIRMED");
        peel_ics_line(out, "END", "VEVENT");
    }
    peel_ics_end(out);
    return out->failed ? -1 : 0;
}
