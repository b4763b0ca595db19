/* register_papers.c - meetings with their papers and the papers'
 * publication deadline, for a reader: the calendar, the front doors and
 * the staff's "papers due for publication" share this one view.
 *
 * A meeting's papers are its items.  Each body declares `publish_days`, the
 * clear working days between publication and the meeting (empty: 5); the
 * deadline is peel_workday_clear_before (core/date.h), England and Wales
 * bank holidays excluded.  A paper is late when the meeting is today or
 * later, the deadline has passed, and the paper is still not published; an
 * OFFICIAL-SENSITIVE item (taken in private) is never expected to be, so it
 * is never late.  Everything counted is a record the reader may open, so a
 * reader who may not see an unpublished paper is never told one is late
 * (docs/METHODS.md, "Papers' publication deadline"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/str.h"
#include "core/vec.h"
#include "domain/register.h"
#include "model/reader.h"
#include "model/record.h"
#include "model/records.h"
#include "store/store.h"

static const peel_value *fv(const peel_record *r, int field)
{
    return (size_t)field < r->type->nfields ? &r->v[field] : NULL;
}

static bool flag(const peel_record *r, int field)
{
    const peel_value *v = fv(r, field);
    return v && v->set && v->i == 1;
}

static const char *text(const peel_record *r, int field)
{
    const peel_value *v = fv(r, field);
    return v && v->set && v->s ? v->s : "";
}

int peel_register_publish_days(const peel_record *body)
{
    const peel_value *v = body ? fv(body, PEEL_BODY_PUBLISH_DAYS) : NULL;
    return v && v->set ? (int)v->i : PEEL_REGISTER_PUBLISH_DAYS;
}

static int cmp_meeting(const void *x, const void *y)
{
    const peel_reg_meeting *a = x, *b = y;
    if (a->date != b->date)
        return a->date < b->date ? -1 : 1;
    int t = strcmp(a->time, b->time);
    if (t)
        return t;
    return a->id < b->id ? -1 : a->id > b->id;
}

static int cmp_paper(const void *x, const void *y)
{
    const peel_reg_paper *a = x, *b = y;
    /* agenda numbers as the papers print them: "2", "10", "11.3" */
    double na = strtod(a->number, NULL), nb = strtod(b->number, NULL);
    if (na != nb)
        return na < nb ? -1 : 1;
    int c = strcmp(a->number, b->number);
    return c ? c : (a->id < b->id ? -1 : a->id > b->id);
}

static int add_papers(peel_reg_meeting *m, const peel_records *items, const peel_reader *rd,
                      peel_date today)
{
    for (size_t i = 0; i < items->n; i++) {
        const peel_record *it = items->v[i];
        const peel_value *mv = fv(it, PEEL_ITEM_MEETING);
        if (!mv || !mv->set || mv->i != m->id || !peel_reader_record_visible(rd, it))
            continue;
        peel_reg_paper *p = peel_vec_push(&m->papers);
        if (!p)
            return -1;
        p->id = it->id;
        p->published = flag(it, PEEL_ITEM_PUBLISH);
        p->for_panel = flag(it, PEEL_ITEM_FOR_PANEL);
        p->sensitive = peel_record_class(it) == PEEL_OFFICIAL_SENSITIVE;
        p->late = m->has_deadline && !p->published && !p->sensitive && m->date >= today &&
                  today > m->deadline;
        m->nlate += p->late;
        m->npublished += p->published;
        p->ref = peel_strdup(text(it, PEEL_ITEM_REF));
        p->number = peel_strdup(text(it, PEEL_ITEM_NUMBER));
        p->title = peel_strdup(text(it, PEEL_ITEM_TITLE));
        if (!p->ref || !p->number || !p->title)
            return -1;
    }
    if (m->papers.n > 1)
        qsort(m->papers.v, m->papers.n, sizeof *m->papers.v, cmp_paper);
    return 0;
}

/* Whether meeting r falls in [from, to] and the reader may see it and its
 * body; sets its date and body when it does. */
static bool meeting_seen(const peel_reader *rd, const peel_record *r, const peel_records *bodies,
                         peel_date from, peel_date to, peel_date *date, const peel_record **body)
{
    const peel_value *dv = fv(r, PEEL_MEETING_DATE), *bv = fv(r, PEEL_MEETING_BODY);
    *body = bv && bv->set ? peel_records_get(bodies, bv->i) : NULL;
    if (!dv || !dv->set || dv->i < from || dv->i > to || !peel_reader_record_visible(rd, r) ||
        !peel_reader_record_visible(rd, *body))
        return false;
    *date = (peel_date)dv->i;
    return true;
}

int peel_register_meetings(peel_store *s, const peel_reader *rd, peel_date from, peel_date to,
                           peel_date today, peel_reg_meetings *out, peel_err *err)
{
    peel_records meetings = {0}, bodies = {0}, items = {0};
    int rc = 0;

    memset(out, 0, sizeof *out);
    if (peel_records_load(s, &peel_type_meeting, &meetings, err) < 0 ||
        peel_records_load(s, &peel_type_body, &bodies, err) < 0 ||
        peel_records_load(s, &peel_type_item, &items, err) < 0) {
        rc = -1;
        goto out;
    }
    for (size_t i = 0; i < meetings.n && rc == 0; i++) {
        const peel_record *r = meetings.v[i], *body;
        peel_date date;
        if (!meeting_seen(rd, r, &bodies, from, to, &date, &body))
            continue;
        peel_reg_meeting *m = peel_vec_push(out);
        if (!m) {
            rc = peel_err_set(err, PEEL_ENOMEM, "out of memory listing meetings");
            break;
        }
        m->id = r->id;
        m->body_id = body->id;
        m->date = date;
        snprintf(m->time, sizeof m->time, "%s", text(r, PEEL_MEETING_TIME));
        m->cancelled = !strcmp(text(r, PEEL_MEETING_STATUS), "cancelled");
        m->for_panel = flag(r, PEEL_MEETING_FOR_PANEL);
        m->published = flag(r, PEEL_MEETING_PUBLISH);
        m->clear_days = peel_register_publish_days(body);
        peel_err derr = PEEL_ERR_INIT; /* a year outside the bank holidays peel knows */
        m->has_deadline = !m->cancelled && peel_workday_clear_before(m->date, m->clear_days,
                                                                     &m->deadline, &derr) == 0;
        m->ref = peel_strdup(text(r, PEEL_MEETING_REF));
        m->title = peel_strdup(text(r, PEEL_MEETING_TITLE));
        m->place = peel_strdup(text(r, PEEL_MEETING_PLACE));
        m->body = peel_strdup(text(body, PEEL_BODY_NAME));
        if (!m->ref || !m->title || !m->place || !m->body || add_papers(m, &items, rd, today) < 0)
            rc = peel_err_set(err, PEEL_ENOMEM, "out of memory listing meetings");
    }
    if (rc == 0 && out->n > 1)
        qsort(out->v, out->n, sizeof *out->v, cmp_meeting);
out:
    if (rc < 0)
        peel_register_meetings_free(out);
    peel_records_free(&meetings);
    peel_records_free(&bodies);
    peel_records_free(&items);
    return rc;
}

void peel_register_meetings_free(peel_reg_meetings *ms)
{
    for (size_t i = 0; i < ms->n; i++) {
        peel_reg_meeting *m = &ms->v[i];
        for (size_t k = 0; k < m->papers.n; k++) {
            free(m->papers.v[k].ref);
            free(m->papers.v[k].number);
            free(m->papers.v[k].title);
        }
        free(m->papers.v);
        free(m->ref);
        free(m->title);
        free(m->place);
        free(m->body);
    }
    free(ms->v);
    memset(ms, 0, sizeof *ms);
}

int peel_register_latest_meeting(peel_store *s, const peel_reader *rd, const char *short_name,
                                 peel_date from, peel_date to, peel_date *out, peel_err *err)
{
    peel_records meetings, bodies;
    int found = 0;

    if (peel_records_load(s, &peel_type_meeting, &meetings, err) < 0)
        return -1;
    if (peel_records_load(s, &peel_type_body, &bodies, err) < 0) {
        peel_records_free(&meetings);
        return -1;
    }
    for (size_t i = 0; i < meetings.n; i++) {
        const peel_record *r = meetings.v[i], *body;
        peel_date date;
        if (!meeting_seen(rd, r, &bodies, from, to, &date, &body))
            continue;
        if (short_name && strcmp(text(body, PEEL_BODY_SHORT_NAME), short_name) != 0)
            continue;
        if (!found || date > *out)
            *out = date;
        found = 1;
    }
    peel_records_free(&meetings);
    peel_records_free(&bodies);
    return found;
}
