/* transition.h - moving a record along its declared lifecycle, and reading
 * its dated history: the one write path for transitions that the command
 * line, the web's forms, the API and the demo loader share.
 *
 * A transition is checked against the type's declaration (model/lifecycle.h)
 * and the record's history in the same transaction that writes it: the
 * state it goes to, that the declaration allows it from the record's
 * current state, that the reader's role may make it, what it requires (a
 * note, evidence, a date), that its date is not before the record's start
 * nor before its latest transition; then it is added to the history and
 * audited on the record (field "state").  Nothing is stored on the record
 * itself: its state is derived from the history.
 *
 * Ownership: histories filled here belong to the caller
 * (peel_history_release); requests are borrowed for the call.
 */
#ifndef PEEL_MODEL_TRANSITION_H
#define PEEL_MODEL_TRANSITION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/lifecycle.h"
#include "model/reader.h"
#include "model/record.h"
#include "store/store.h"

/* What a reader asks for: the state to go to and what it gives.  Text as
 * typed; date ISO or UK ("01/04/2023", "1 April 2023"), empty: today. */
typedef struct peel_transition_req {
    const char *to;
    const char *date;
    const char *note;
    const char *evidence;
    const char *source; /* where it was transcribed from (imports), or NULL */
} peel_transition_req;

/* The lifecycle role bits of a reader (staff, admin); 0 for panel and public. */
unsigned peel_transition_role_bits(const peel_reader *rd);

/* The history of record_id of type t (0: of every record of t), in
 * (record_id, date, id) order. */
int peel_transition_history(peel_store *s, const peel_type *t, int64_t record_id, peel_history *out,
                            peel_err *err);

/* The record's current state (the latest transition's `to`, or the initial
 * state) copied into out. */
int peel_transition_state(peel_store *s, const peel_record *rec, char *out, size_t outsz,
                          peel_err *err);

/* The transitions rd may make from state, in declaration order: up to max
 * in out; returns how many. */
size_t peel_transition_allowed(const peel_lifecycle *lc, const char *state, const peel_reader *rd,
                               const peel_lc_transition **out, size_t max);

/* Checks req against rec's lifecycle and history and adds it (the caller
 * owns the transaction).  0 added; 1 refused with every reason in errs
 * (fields "to", "date", "note", "evidence"; one not tied to a field has
 * none) and the first in err (PEEL_EINPUT); -1 any other failure.  A reader
 * who may not change the type, or not open the record, is refused without
 * field errors, naming nothing it may not see. */
int peel_transition_apply(peel_store *s, const char *user, const peel_reader *rd,
                          const peel_record *rec, const peel_transition_req *req,
                          peel_fielderrs *errs, peel_err *err);
/* The same in a transaction of its own (the web's forms and API). */
int peel_transition_save(peel_store *s, const char *user, const peel_reader *rd,
                         const peel_record *rec, const peel_transition_req *req,
                         peel_fielderrs *errs, peel_err *err);

/* A type's open_on (model.h) for a lifecycle: open on day unless its state
 * then is a closed one. */
int peel_transition_open_on(peel_store *s, const peel_record *rec, int64_t day, bool *open,
                            peel_err *err);

/* Loads transitions of type t from CSV text (the demo's action_update.csv):
 * a header naming the record's key column (the type's name, or "record"),
 * "date", the state ("to" or "status"), and optionally "note", "evidence",
 * "source" or "provenance"; other columns are ignored.  Each row goes
 * through peel_transition_apply as a staff reader, in file order; a row
 * whose record already has a transition of that date and state is passed
 * over, so loading twice changes nothing.  All or nothing is the caller's
 * transaction; errors name the row and line.  *added: rows added. */
int peel_transition_import_mem(peel_store *s, const char *user, const peel_type *t,
                               const char *data, size_t len, const char *name, int64_t *added,
                               peel_err *err);

#endif
