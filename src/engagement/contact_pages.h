/* contact_pages.h - the public contact form and status page
 * (contact_pages.c), routed by the engagement module's table (pages.c). */
#ifndef PEEL_ENGAGEMENT_CONTACT_PAGES_H
#define PEEL_ENGAGEMENT_CONTACT_PAGES_H

#include "web/http.h"

int peel_contact_page_form(peel_req *r, const peel_str *p, peel_err *err);
int peel_contact_page_send(peel_req *r, const peel_str *p, peel_err *err);
int peel_contact_page_status_form(peel_req *r, const peel_str *p, peel_err *err);
int peel_contact_page_status(peel_req *r, const peel_str *p, peel_err *err);

#endif
