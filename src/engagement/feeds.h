/* feeds.h - Atom and iCalendar feeds of what is published (feeds.c),
 * routed from pages.c's table. */
#ifndef PEEL_ENGAGEMENT_FEEDS_H
#define PEEL_ENGAGEMENT_FEEDS_H

#include "model/model.h"
#include "store/store.h"
#include "web/http.h"

/* An Atom feed of one record type's published records, newest first. */
typedef struct peel_feed_spec {
    const char *name;  /* the address: /feeds/NAME.atom */
    const char *title; /* the feed's title */
    const peel_type *type;
    int order;   /* the field entries are ordered by, newest first */
    int summary; /* a text field shown as the entry's summary, or -1 */
    /* NULL, or whether a published record is listed all the same: a
     * meeting is not when its board is withheld (*keep false). */
    int (*keep)(peel_store *s, const peel_record *rec, bool *keep, peel_err *err);
} peel_feed_spec;

/* Answers r with the feed f, built for the public reader whoever asks; a
 * query gets 400.  Other concerns' feeds (the decisions) use it too. */
int peel_feed_records(peel_req *r, const peel_feed_spec *f, peel_err *err);

int peel_feed_meetings(peel_req *r, const peel_str *p, peel_err *err);
int peel_feed_ysdw(peel_req *r, const peel_str *p, peel_err *err);
/* /feeds/papers.atom: the newest papers of published meetings and items. */
int peel_feed_papers(peel_req *r, const peel_str *p, peel_err *err);
/* /feeds/meetings/ID.ics: body ID's published meetings as iCalendar. */
int peel_feed_body_meetings(peel_req *r, const peel_str *p, peel_err *err);

#endif
