/* feeds.c - Atom feeds for people who follow the Commissioner's work
 * without signing in: the meetings and the "You said, we did" entries,
 * newest first, each listing only what the reader may open (a feed reader
 * is the public).  Entries are identified by a URN of their record
 * ("urn:peel:meeting:12") and link to its page relative to the feed. */
#include <stdio.h>
#include <string.h>

#include "domain/register.h"
#include "engagement/engagement.h"
#include "engagement/feeds.h"
#include "model/records.h"
#include "render/html.h"
#include "web/http.h"

/* The most entries a feed carries. */
#define FEED_MAX 50

typedef struct feed {
    const char *name;  /* the address: /feeds/NAME.atom */
    const char *title; /* the feed's title */
    const peel_type *type;
    int order;   /* the field entries are ordered by, newest first */
    int summary; /* a text field shown as the entry's summary, or -1 */
} feed;

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

    if (!peel_reader_record_visible(peel_req_reader(r), rec))
        return 0; /* the store's filters already hold; this is the gate itself */
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

static int write_feed(peel_req *r, const feed *f, peel_err *err)
{
    peel_filter filters[PEEL_READER_MAX_FILTERS];
    size_t nf = peel_reader_filters(peel_req_reader(r), f->type, filters);
    feed_ctx c = {r, f, true};
    static const char *const none[] = {NULL};

    peel_params_allowed(r, none);
    if (r->nproblems)
        return peel_req_error(r, 400, "invalid", NULL, "%s", r->problems[0].msg);
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
    if (r->out.failed)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory writing a feed");
    r->status = 200;
    r->ctype = "application/atom+xml; charset=utf-8";
    r->answered = true;
    return 0;
}

static const feed meetings = {"meetings", "Meetings", &peel_type_meeting, PEEL_MEETING_DATE, -1};
static const feed ysdw = {"you-said-we-did", "You said, we did", &peel_type_ysdw, PEEL_YSDW_REF,
                          PEEL_YSDW_WE_DID};

int peel_feed_meetings(peel_req *r, const peel_str *p, peel_err *err)
{
    (void)p;
    return write_feed(r, &meetings, err);
}

int peel_feed_ysdw(peel_req *r, const peel_str *p, peel_err *err)
{
    (void)p;
    return write_feed(r, &ysdw, err);
}
