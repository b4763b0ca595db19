/* feeds.h - Atom feeds of what is published (feeds.c), routed from
 * pages.c's table. */
#ifndef PEEL_ENGAGEMENT_FEEDS_H
#define PEEL_ENGAGEMENT_FEEDS_H

#include "web/http.h"

int peel_feed_meetings(peel_req *r, const peel_str *p, peel_err *err);
int peel_feed_ysdw(peel_req *r, const peel_str *p, peel_err *err);

#endif
