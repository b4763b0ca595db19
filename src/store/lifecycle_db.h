/* lifecycle_db.h - the door to the lifecycle history table: every record's
 * dated transitions (model/lifecycle.h), for any type that declares a
 * lifecycle.  The table is not a record type: one row per transition (type,
 * record id, from, to, date, note, evidence, source, user, time), created
 * by the backend's lifecycle migrations (400-449), which also carry an old
 * database's action_update rows into it.  Nothing here checks a transition
 * against its declaration: model/transition.h does, before it adds one.
 *
 * Ownership: a transition handed to a callback is borrowed for the call.
 */
#ifndef PEEL_STORE_LIFECYCLE_DB_H
#define PEEL_STORE_LIFECYCLE_DB_H

#include <stdint.h>

#include "core/err.h"
#include "model/lifecycle.h"
#include "store/store.h"

/* Adds t (its id is ignored; *id, if given, gets the new row's). */
int peel_lcdb_add(peel_store *s, const peel_transition *t, int64_t *id, peel_err *err);

/* cb returns 0 to go on, 1 to stop, -1 (err set) to fail. */
typedef int (*peel_lcdb_cb)(void *ctx, const peel_transition *t, peel_err *err);
/* The transitions of type's record record_id (0: of every record of the
 * type) in (record_id, date, id) order. */
int peel_lcdb_list(peel_store *s, const char *type, int64_t record_id, peel_lcdb_cb cb, void *ctx,
                   peel_err *err);
/* Removes the transitions of one record (when the record itself goes). */
int peel_lcdb_delete_record(peel_store *s, const char *type, int64_t record_id, peel_err *err);

#endif
