/* policy.h - which pages a role may open.
 *
 * Who may see which record types, records, fields and references is decided
 * below the web, in model/reader.h, for every front-end alike; pages, the
 * JSON API and CSV downloads ask the request's reader (peel_req_reader).
 * What stays here is the web's own question: pages beyond the generic ones
 * declare an access class per route, this file decides what each class
 * means and the server's dispatch enforces it.
 */
#ifndef PEEL_WEB_POLICY_H
#define PEEL_WEB_POLICY_H

#include <stdbool.h>

#include "model/reader.h"
#include "web/http.h"

/* Pages that are not a record type's (the register's tracker, calendar and
 * reports; see http.h peel_page_access): whether role may open them.
 *   BY_HANDLER  yes: the handler asks model/reader.h per type
 *   EVERYONE    yes: what the page shows passes peel_reader_record_visible
 *   PANEL       Panel members, staff and admin (the action tracker)
 *   STAFF       staff and admin only
 *   ADMIN       admin only: the account pages (passwords, API tokens), as
 *               for the `user` type's records */
bool peel_policy_page_readable(peel_role role, peel_page_access access);

#endif
