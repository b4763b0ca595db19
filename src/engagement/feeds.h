/* feeds.h - Atom and iCalendar feeds of what is published (feeds.c),
 * routed from pages.c's table. */
#ifndef PEEL_ENGAGEMENT_FEEDS_H
#define PEEL_ENGAGEMENT_FEEDS_H

#include "web/http.h"

int peel_feed_meetings(peel_req *r, const peel_str *p, peel_err *err);
int peel_feed_ysdw(peel_req *r, const peel_str *p, peel_err *err);
/* /feeds/papers.atom: the newest papers of published meetings and items. */
int peel_feed_papers(peel_req *r, const peel_str *p, peel_err *err);
/* /feeds/meetings/ID.ics: body ID's published meetings as iCalendar. */
int peel_feed_body_meetings(peel_req *r, const peel_str *p, peel_err *err);

#endif
