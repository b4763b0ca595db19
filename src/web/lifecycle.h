/* lifecycle.h - the web's side of declared lifecycles (web/lifecycle.c):
 * the state and dated history on a record's page, the transition form, the
 * state column of a list, and /api/v1/TYPE/ID/transitions. */
#ifndef PEEL_WEB_LIFECYCLE_H
#define PEEL_WEB_LIFECYCLE_H

#include "model/lifecycle.h"
#include "web/http.h"

struct json_t;

/* The record's current state as a tag, for near its title (nothing when
 * its type has no lifecycle). */
int peel_web_lifecycle_state(peel_req *r, const peel_record *rec, peel_err *err);
/* The transitions the reader may make, as buttons, and the dated history. */
int peel_web_lifecycle_history(peel_req *r, const peel_record *rec, peel_err *err);
/* The label of a record's current state from a history of its whole type. */
const char *peel_web_lifecycle_current(const peel_type *t, const peel_history *h,
                                       int64_t record_id);
/* The OpenAPI path item of /api/v1/TYPE/{id}/transitions (t has a lifecycle). */
struct json_t *peel_web_lifecycle_openapi(const peel_type *t);

#endif
