/* feeds.c - feeds for people who follow the Commissioner's work without
 * signing in: Atom feeds of the meetings, the papers attached to meetings
 * and their agenda items, and the "You said, we did" entries, newest first;
 * and a body's meetings as an iCalendar feed to subscribe to.
 *
 * A feed is built for the public reader whoever asks (a feed reader never
 * signs in, and a feed's address is shared), so each lists only what is
 * published: a withheld record is never named, counted or hinted at, not
 * even in the feed's <updated>.  A paper is listed when its record, the
 * meeting it is for and that meeting's board are all published.  Entries
 * are identified by a URN of their record ("urn:peel:meeting:12",
 * "urn:peel:attachment:3") and link to its page relative to the feed; a
 * paper links to its download (/attachments/ID), the address its record
 * page gives it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/vec.h"
#include "domain/register.h"
#include "engagement/engagement.h"
#include "engagement/feeds.h"
#include "model/attach.h"
#include "model/records.h"
#include "render/html.h"
#include "render/ics.h"
#include "web/http.h"

/* The most entries a feed carries. */
#define FEED_MAX 50

/* Who reads a feed: the public, signed in or not. */
static const peel_reader *feed_reader(void)
{
    return peel_reader_of(PEEL_ROLE_PUBLIC);
}

/* A feed takes no query: 400 (answered, 1) for any, else 0. */
static int no_params(peel_req *r)
{
    static const char *const none[] = {NULL};
    peel_params_allowed(r, none);
    if (!r->nproblems)
        return 0;
    peel_req_error(r, 400, "invalid", NULL, "%s", r->problems[0].msg);
    return 1;
}

static int answer(peel_req *r, const char *ctype, peel_err *err)
{
    if (r->out.failed)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory writing a feed");
    r->status = 200;
    r->ctype = ctype;
    r->answered = true;
    return 0;
}

typedef peel_feed_spec feed;

typedef struct feed_ctx {
    peel_req *r;
    const feed *f;
    bool first;
} feed_ctx;

static int entry(void *ctx, const peel_record *rec, peel_err *err)
{
    feed_ctx *c = ctx;
    peel_req *r = c->r;
    const char *updated = rec->updated_at[0] ? rec->updated_at : rec->created_at;
    (void)err;

    if (!peel_reader_record_visible(feed_reader(), rec))
        return 0; /* the store's filters already hold; this is the gate itself */
    if (c->f->keep) {
        bool keep = false;
        if (c->f->keep(r->store, rec, &keep, err) < 0)
            return -1;
        if (!keep)
            return 0;
    }
    if (c->first) {
        /* The newest entry's change is the feed's. */
        peel_html(&r->out, "<updated>%s</updated>\n", updated);
        c->first = false;
    }
    peel_buf_reset(&r->scratch);
    peel_page_record_title(rec, &r->scratch);
    peel_html(&r->out,
              "<entry><id>urn:peel:%s:%lld</id><title>%s</title><updated>%s</updated>"
              "<link href=\"/records/%q/%lld\"/>",
              c->f->type->name, (long long)rec->id, peel_buf_str(&r->scratch), updated,
              c->f->type->name, (long long)rec->id);
    if (c->f->summary >= 0 && *peel_record_text_at(rec, c->f->summary))
        peel_html(&r->out, "<summary>%s</summary>", peel_record_text_at(rec, c->f->summary));
    peel_html_lit(&r->out, "</entry>\n");
    return 0;
}

int peel_feed_records(peel_req *r, const peel_feed_spec *f, peel_err *err)
{
    peel_filter filters[PEEL_READER_MAX_FILTERS];
    size_t nf = peel_reader_filters(feed_reader(), f->type, filters);
    feed_ctx c = {r, f, true};

    if (no_params(r))
        return 0;
    peel_html(&r->out,
              "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
              "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<id>urn:peel:feed:%s</id>\n"
              "<title>%s</title>\n<link rel=\"self\" href=\"/feeds/%q.atom\"/>\n"
              "<author><name>Office of the Police and Crime Commissioner</name></author>\n",
              f->name, f->title, f->name);
    if (peel_store_select(r->store,
                          &(peel_query){.type = f->type,
                                        .filters = filters,
                                        .nfilters = nf,
                                        .order = &f->type->fields[f->order],
                                        .desc = true,
                                        .limit = FEED_MAX},
                          entry, &c, err) < 0)
        return -1;
    if (c.first) /* no entry: the feed is as new as this request */
        peel_html_lit(&r->out, "<updated>1970-01-01T00:00:00Z</updated>\n");
    peel_html_lit(&r->out, "</feed>\n");
    return answer(r, "application/atom+xml; charset=utf-8", err);
}

/* ---- papers ---- */

/* A published meeting or agenda item that papers may hang on. */
typedef struct holder {
    int64_t id;
    int64_t meeting; /* an item's meeting (an index into the meetings), or -1 */
    peel_date date;  /* a meeting's */
    const char *name;
} holder;
typedef PEEL_VEC(holder) holders;

typedef struct paper {
    int64_t id;
    const char *title, *kind, *added_at;
    char day[11]; /* the paper's date, else its meeting's: what it is ordered by */
    size_t meeting;
    const holder *item; /* or NULL: a paper of the meeting itself */
} paper;

typedef struct papers_ctx {
    peel_req *r;
    holders bodies, meetings, items; /* each by id, as the store gives them */
    PEEL_VEC(paper) v;
} papers_ctx;

static const holder *holder_find(const holders *h, int64_t id)
{
    size_t lo = 0, hi = h->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (h->v[mid].id == id)
            return &h->v[mid];
        if (h->v[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static int keep_body(void *ctx, const peel_record *rec, peel_err *err)
{
    papers_ctx *c = ctx;
    holder *h;

    if (!peel_reader_record_visible(feed_reader(), rec))
        return 0;
    if (!(h = peel_vec_push(&c->bodies)))
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    h->id = rec->id;
    h->meeting = -1;
    return 0;
}

/* A meeting counts when it and its board are published. */
static int keep_meeting(void *ctx, const peel_record *rec, peel_err *err)
{
    papers_ctx *c = ctx;
    const char *title = peel_record_text_at(rec, PEEL_MEETING_TITLE);
    int64_t date = 0;
    holder *h;

    if (!peel_reader_record_visible(feed_reader(), rec) ||
        !holder_find(&c->bodies, peel_record_ref_at(rec, PEEL_MEETING_BODY)))
        return 0;
    peel_record_int_at(rec, PEEL_MEETING_DATE, &date);
    if (!(h = peel_vec_push(&c->meetings)))
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    h->id = rec->id;
    h->meeting = -1;
    h->date = (peel_date)date;
    h->name = *title ? peel_pool_printf(c->r->pool, "%s (%s)",
                                        peel_record_text_at(rec, PEEL_MEETING_REF), title)
                     : peel_pool_strdup(c->r->pool, peel_record_text_at(rec, PEEL_MEETING_REF));
    return h->name ? 0 : peel_err_set(err, PEEL_ENOMEM, "out of memory");
}

/* An item counts when it and its meeting are published: a paper is never
 * shown for a meeting the feed may not name. */
static int keep_item(void *ctx, const peel_record *rec, peel_err *err)
{
    papers_ctx *c = ctx;
    const holder *m = holder_find(&c->meetings, peel_record_ref_at(rec, PEEL_ITEM_MEETING));
    const char *num = peel_record_text_at(rec, PEEL_ITEM_NUMBER);
    holder *h;

    if (!m || !peel_reader_record_visible(feed_reader(), rec))
        return 0;
    if (!(h = peel_vec_push(&c->items)))
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    h->id = rec->id;
    h->meeting = m - c->meetings.v;
    h->name = *num ? peel_pool_printf(c->r->pool, "item %s, %s", num,
                                      peel_record_text_at(rec, PEEL_ITEM_TITLE))
                   : peel_pool_strdup(c->r->pool, peel_record_text_at(rec, PEEL_ITEM_TITLE));
    return h->name ? 0 : peel_err_set(err, PEEL_ENOMEM, "out of memory");
}

static int keep_paper(void *ctx, const peel_attachment *a, peel_err *err)
{
    papers_ctx *c = ctx;
    const holder *item = NULL, *m = NULL;
    paper *p;

    if (!strcmp(a->type, peel_type_meeting.name)) {
        m = holder_find(&c->meetings, a->record_id);
    } else if (!strcmp(a->type, peel_type_item.name)) {
        if ((item = holder_find(&c->items, a->record_id)))
            m = &c->meetings.v[item->meeting];
    }
    if (!m)
        return 0; /* not a paper of a published meeting or item */
    if (!(p = peel_vec_push(&c->v)))
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    p->id = a->id;
    p->title = peel_pool_strdup(c->r->pool, a->title);
    p->kind = peel_pool_strdup(c->r->pool, a->kind);
    p->added_at = peel_pool_strdup(c->r->pool, a->added_at);
    if (a->date && strlen(a->date) == 10)
        memcpy(p->day, a->date, 11);
    else
        peel_date_format(m->date, p->day);
    p->meeting = (size_t)(m - c->meetings.v);
    p->item = item;
    if (!p->title || !p->kind || !p->added_at)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    return 0;
}

/* Newest first: by date, then the later attached. */
static int cmp_paper(const void *x, const void *y)
{
    const paper *a = x, *b = y;
    int d = strcmp(b->day, a->day);
    if (d)
        return d;
    return a->id < b->id ? 1 : a->id > b->id ? -1 : 0;
}

static const char *kind_label(const char *kind)
{
    for (const peel_option *o = peel_attach_kinds; o->value; o++)
        if (!strcmp(o->value, kind))
            return o->label;
    return kind;
}

static void paper_entry(peel_req *r, const papers_ctx *c, const paper *p)
{
    const holder *m = &c->meetings.v[p->meeting];
    peel_date d;
    peel_err e = {0};
    char when[32];

    if (peel_date_parse(p->day, strlen(p->day), &d, &e) == 0)
        peel_date_format_long(d, when);
    else
        snprintf(when, sizeof when, "%s", p->day);
    peel_html(&r->out,
              "<entry><id>urn:peel:attachment:%lld</id><title>%s</title><updated>%s</updated>"
              "<link href=\"/attachments/%lld\"/>"
              "<link rel=\"related\" href=\"/records/meeting/%lld\" title=\"%s\"/>"
              "<category term=\"%s\" label=\"%s\"/><summary>%s, %s, for the meeting %s",
              (long long)p->id, p->title, p->added_at, (long long)p->id, (long long)m->id, m->name,
              p->kind, kind_label(p->kind), kind_label(p->kind), when, m->name);
    if (p->item)
        peel_html(&r->out, ", %s", p->item->name);
    peel_html_lit(&r->out, "</summary></entry>\n");
}

static int write_papers(peel_req *r, peel_err *err)
{
    const peel_reader *rd = feed_reader();
    peel_filter bf[PEEL_READER_MAX_FILTERS], mf[PEEL_READER_MAX_FILTERS],
        itf[PEEL_READER_MAX_FILTERS];
    size_t nb = peel_reader_filters(rd, &peel_type_body, bf);
    size_t nm = peel_reader_filters(rd, &peel_type_meeting, mf);
    size_t ni = peel_reader_filters(rd, &peel_type_item, itf);
    papers_ctx c = {.r = r};
    const char *updated = NULL;
    size_t n;
    int rc = -1;

    if (peel_store_select(r->store,
                          &(peel_query){.type = &peel_type_body, .filters = bf, .nfilters = nb},
                          keep_body, &c, err) < 0 ||
        peel_store_select(r->store,
                          &(peel_query){.type = &peel_type_meeting, .filters = mf, .nfilters = nm},
                          keep_meeting, &c, err) < 0 ||
        peel_store_select(r->store,
                          &(peel_query){.type = &peel_type_item, .filters = itf, .nfilters = ni},
                          keep_item, &c, err) < 0 ||
        peel_docs_attachment_list(r->store, NULL, 0, keep_paper, &c, err) < 0)
        goto out;
    if (c.v.n)
        qsort(c.v.v, c.v.n, sizeof *c.v.v, cmp_paper);
    n = c.v.n < FEED_MAX ? c.v.n : FEED_MAX;
    /* The feed changed when the latest of the papers it lists was attached. */
    for (size_t i = 0; i < n; i++)
        if (!updated || strcmp(c.v.v[i].added_at, updated) > 0)
            updated = c.v.v[i].added_at;
    peel_html(&r->out,
              "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
              "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<id>urn:peel:feed:papers</id>\n"
              "<title>Papers</title>\n<link rel=\"self\" href=\"/feeds/papers.atom\"/>\n"
              "<author><name>Office of the Police and Crime Commissioner</name></author>\n"
              "<updated>%s</updated>\n",
              updated ? updated : "1970-01-01T00:00:00Z");
    for (size_t i = 0; i < n; i++)
        paper_entry(r, &c, &c.v.v[i]);
    peel_html_lit(&r->out, "</feed>\n");
    rc = answer(r, "application/atom+xml; charset=utf-8", err);
out:
    peel_vec_release(&c.bodies);
    peel_vec_release(&c.meetings);
    peel_vec_release(&c.items);
    peel_vec_release(&c.v);
    return rc;
}

/* ---- a body's meetings as iCalendar ---- */

typedef struct ics_ctx {
    peel_req *r;
    const char *body;
    char stamp[17];
} ics_ctx;

/* "2023-07-26T09:30:00Z" as "20230726T093000Z". */
static void ics_stamp_of(const char *iso, char out[static 17])
{
    size_t n = 0;
    for (const char *p = iso; *p && n < 16; p++)
        if (*p != '-' && *p != ':')
            out[n++] = *p;
    out[n] = '\0';
}

static int meeting_event(void *ctx, const peel_record *rec, peel_err *err)
{
    ics_ctx *c = ctx;
    peel_buf *out = &c->r->out;
    const char *title = peel_record_text_at(rec, PEEL_MEETING_TITLE);
    const char *time = peel_record_text_at(rec, PEEL_MEETING_TIME);
    const char *place = peel_record_text_at(rec, PEEL_MEETING_PLACE);
    const char *changed = rec->updated_at[0] ? rec->updated_at : rec->created_at;
    char v[96], modified[17];
    int64_t date = 0;
    (void)err;

    if (!peel_reader_record_visible(feed_reader(), rec))
        return 0; /* the store's filters already hold; this is the gate itself */
    if (!peel_record_int_at(rec, PEEL_MEETING_DATE, &date))
        return 0;
    peel_ics_line(out, "BEGIN", "VEVENT");
    snprintf(v, sizeof v, "meeting-%lld@peel", (long long)rec->id);
    peel_ics_line(out, "UID", v);
    peel_ics_line(out, "DTSTAMP", c->stamp);
    peel_ics_start(out, (peel_date)date, peel_reg_time_valid(time) ? time : NULL);
    peel_buf_reset(&c->r->scratch);
    peel_buf_printf(&c->r->scratch, "%s: %s", c->body, *title ? title : "meeting");
    peel_ics_text(out, "SUMMARY", peel_buf_str(&c->r->scratch));
    peel_ics_text(out, "DESCRIPTION", peel_record_text_at(rec, PEEL_MEETING_REF));
    if (*place)
        peel_ics_text(out, "LOCATION", place);
    snprintf(v, sizeof v, "/records/meeting/%lld", (long long)rec->id);
    peel_ics_line(out, "URL", v);
    if (*changed) {
        ics_stamp_of(changed, modified);
        peel_ics_line(out, "LAST-MODIFIED", modified);
    }
    peel_ics_line(out, "STATUS",
                  !strcmp(peel_record_text_at(rec, PEEL_MEETING_STATUS), "cancelled")
                      ? "CANCELLED"
                      : "CONFIRMED");
    peel_ics_line(out, "END", "VEVENT");
    return 0;
}

/* GET /feeds/meetings/ID.ics: ID is the body's, as its page /records/body/ID
 * has it.  A body the public may not open answers as one that does not
 * exist. */
static int write_body_ics(peel_req *r, peel_str seg, peel_err *err)
{
    const peel_reader *rd = feed_reader();
    peel_filter f[PEEL_READER_MAX_FILTERS + 1];
    size_t nf;
    peel_record *body = NULL;
    long long id = 0;
    ics_ctx c = {.r = r};
    char name[260];
    int rc;

    if (seg.n > 4 && !memcmp(seg.p + seg.n - 4, ".ics", 4) &&
        peel_str_to_i64((peel_str){seg.p, seg.n - 4}, &id) && id > 0) {
        if (peel_store_get(r->store, &peel_type_body, id, &body, err) < 0) {
            if (err->code != PEEL_ENOTFOUND)
                return -1;
            peel_err_clear(err);
        }
    }
    if (!body || !peel_reader_record_visible(rd, body)) {
        peel_record_free(body);
        return peel_req_error(r, 404, "not_found", NULL,
                              "there is no calendar of a board or panel at this address");
    }
    snprintf(name, sizeof name, "%s", peel_record_text_at(body, PEEL_BODY_NAME));
    peel_record_free(body);
    c.body = name;
    peel_ics_utc(peel_clock_now(), c.stamp);
    nf = peel_reader_filters(rd, &peel_type_meeting, f);
    f[nf++] = (peel_filter){.field = &peel_type_meeting.fields[PEEL_MEETING_BODY],
                            .op = PEEL_OP_EQ,
                            .v = {.set = true, .i = id}};
    peel_buf_reset(&r->scratch);
    peel_buf_printf(&r->scratch, "%s meetings", name);
    peel_ics_begin(&r->out, peel_buf_str(&r->scratch));
    rc = peel_store_select(r->store,
                           &(peel_query){.type = &peel_type_meeting,
                                         .filters = f,
                                         .nfilters = nf,
                                         .order = &peel_type_meeting.fields[PEEL_MEETING_DATE]},
                           meeting_event, &c, err);
    if (rc < 0)
        return -1;
    peel_ics_end(&r->out);
    return answer(r, "text/calendar; charset=utf-8", err);
}

/* A published meeting of a withheld board is not listed: its entry would
 * name the board. */
static int meeting_board_published(peel_store *s, const peel_record *rec, bool *keep, peel_err *err)
{
    peel_record *body = NULL;
    *keep = false;
    if (!rec->v[PEEL_MEETING_BODY].set)
        return 0;
    if (peel_store_get(s, &peel_type_body, rec->v[PEEL_MEETING_BODY].i, &body, err) < 0)
        return -1;
    *keep = body && peel_reader_record_visible(feed_reader(), body);
    peel_record_free(body);
    return 0;
}

static const feed meetings = {"meetings",        "Meetings", &peel_type_meeting,
                              PEEL_MEETING_DATE, -1,         meeting_board_published};
static const feed ysdw = {"you-said-we-did", "You said, we did", &peel_type_ysdw,
                          PEEL_YSDW_REF,     PEEL_YSDW_WE_DID,   NULL};

int peel_feed_meetings(peel_req *r, const peel_str *p, peel_err *err)
{
    (void)p;
    return peel_feed_records(r, &meetings, err);
}

int peel_feed_ysdw(peel_req *r, const peel_str *p, peel_err *err)
{
    (void)p;
    return peel_feed_records(r, &ysdw, err);
}

int peel_feed_papers(peel_req *r, const peel_str *p, peel_err *err)
{
    (void)p;
    if (no_params(r))
        return 0;
    return write_papers(r, err);
}

int peel_feed_body_meetings(peel_req *r, const peel_str *p, peel_err *err)
{
    if (no_params(r))
        return 0;
    return write_body_ics(r, p[0], err);
}
