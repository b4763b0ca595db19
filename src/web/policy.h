/* policy.h - who may see and change what: the one place classification is
 * enforced for the web application.
 *
 * Pages, the JSON API and CSV downloads ask these functions and nothing else.
 *   admin   every type, including accounts (the `user` type), read and write
 *   staff   every record type except accounts, read and write, sensitive
 *           material included (and marked as such wherever it is shown)
 *   panel   read only: published records of types that can be published,
 *   public  never an OFFICIAL-SENSITIVE record or field
 * A type can be published when it has a PEEL_PUBLISHES field; a record is
 * shown to panel and public when that field is true, the type is OFFICIAL
 * and its PEEL_CLASSIFIES field (if any) says OFFICIAL.  An unmarked record
 * of a type that classifies counts as not published.
 *
 * Pages beyond the generic ones declare an access class per route; this
 * file decides what each class means (peel_policy_page_readable), the
 * server's dispatch enforces it.
 */
#ifndef PEEL_WEB_POLICY_H
#define PEEL_WEB_POLICY_H

#include <stdbool.h>

#include "core/buf.h"
#include "model/record.h"
#include "store/store.h"
#include "web/http.h"

bool peel_policy_sees_sensitive(peel_role role);
bool peel_policy_type_readable(peel_role role, const peel_type *t);
bool peel_policy_type_writable(peel_role role, const peel_type *t);
/* Fields shown, filtered and sorted on: never SECRET; sensitive only for staff. */
bool peel_policy_field_visible(peel_role role, const peel_field *f);
bool peel_policy_record_visible(peel_role role, const peel_record *r);

/* Extra filters that make a query return only records role may see.  Writes
 * at most PEEL_POLICY_MAX_FILTERS into out; returns how many. */
#define PEEL_POLICY_MAX_FILTERS 2
size_t peel_policy_filters(peel_role role, const peel_type *t, peel_filter *out);

/* A reference as role may read it: the referenced record's key (or id), or
 * "(withheld)" when that record is not visible to role.  *link (if given) is
 * set when role may open the referenced record. */
int peel_policy_ref_text(peel_store *s, peel_role role, const peel_field *f,
                         const peel_value *v, peel_buf *out, bool *link, peel_err *err);

/* Pages that are not a record type's (the register's tracker, calendar and
 * reports; see http.h peel_page_access): whether role may open them.
 *   BY_HANDLER  yes: the handler asks the functions above per type
 *   EVERYONE    yes: what the page shows passes peel_policy_visible
 *   STAFF       staff and admin only
 *   ADMIN       admin only: the account pages (passwords, API tokens), as
 *               for the `user` type's records */
bool peel_policy_page_readable(peel_role role, peel_page_access access);
/* peel_policy_record_visible as a callback for views built outside the web
 * (domain/register.h peel_reg_visible_fn): ctx points at the peel_role. */
bool peel_policy_visible(void *role, const peel_record *r);

/* The record as JSON text for role, appended to out (sensitive fields left
 * out unless staff); -1 when out failed. */
int peel_policy_json_write(peel_role role, const peel_record *r, peel_buf *out);

#endif
