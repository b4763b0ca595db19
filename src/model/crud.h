/* crud.h - create, update and delete records with validation, reference
 * resolution and the audit trail.  Front-ends (command line, web, import)
 * call these; none of them talks to the store for writes directly.
 *
 * Validation failures fill errs (field-level, all of them at once) and return
 * -1 with err set to the first; other failures set err only.  Nothing is
 * committed here: the caller owns the transaction.
 */
#ifndef PEEL_MODEL_CRUD_H
#define PEEL_MODEL_CRUD_H

#include "model/record.h"
#include "store/store.h"

/* Turns REF values given as key text into ids, checking that ids exist. */
int peel_crud_resolve(peel_store *s, peel_record *r, peel_fielderrs *errs, peel_err *err);

/* Validates and stores a new record; sets r->id; audits each set field. */
int peel_crud_create(peel_store *s, const char *user, peel_record *r, peel_fielderrs *errs,
                     peel_err *err);
/* Validates and stores r over the record with r->id; audits each changed
 * field.  *changed (if given) says whether anything differed. */
int peel_crud_update(peel_store *s, const char *user, peel_record *r, peel_fielderrs *errs,
                     bool *changed, peel_err *err);
int peel_crud_delete(peel_store *s, const char *user, const peel_type *t, int64_t id,
                     peel_err *err);

/* Erases the personal data (PEEL_PERSONAL fields) of record id: each such
 * value is cleared, its audit rows forget their values, and one audit row
 * per field says who erased it and when ("erase", no values).  *erased
 * gets how many fields held a value.  The caller's transaction. */
int peel_crud_erase(peel_store *s, const char *user, const peel_type *t, int64_t id, size_t *erased,
                    peel_err *err);

/* Creates (create) or updates r in a transaction of its own, as the web's
 * forms and API do: begin, validate and write, commit; rolled back on any
 * failure.  Returns 0 saved; 1 refused, with every reason in errs (one not
 * tied to a field is added there without a field name) and the first still
 * in err (code PEEL_EINPUT) for a caller that wants one message; -1 any other
 * failure. */
int peel_crud_save(peel_store *s, const char *user, peel_record *r, bool create,
                   peel_fielderrs *errs, peel_err *err);
/* Ends the transaction peel_crud_save and its siblings (peel_attach_save)
 * began, given what the write returned (rc): commits on 0, else rolls back
 * and answers as peel_crud_save does. */
int peel_crud_settle(peel_store *s, int rc, peel_fielderrs *errs, peel_err *err);

/* A record that refers to one being deleted: its type and the key people
 * know it by (its type's key field, else "id N"). */
typedef struct peel_crud_referrer {
    const peel_type *type;
    int64_t id;
    char *key;
} peel_crud_referrer;

/* Why a delete was refused: the referrers the reader may see (at most
 * PEEL_CRUD_MAX_REFERRERS, in type then id order), whether there were more
 * of those, and whether any the reader may not see refer too (never how
 * many, nor which: a count would tell what cannot be seen).  Owns each key;
 * peel_crud_referrers_release() frees them. */
#define PEEL_CRUD_MAX_REFERRERS 50
typedef struct peel_crud_referrers {
    peel_crud_referrer *v;
    size_t n, cap; /* a core/vec.h vector */
    bool more;     /* more visible referrers than listed */
    bool hidden;   /* some referrer is not the reader's to see */
} peel_crud_referrers;

void peel_crud_referrers_release(peel_crud_referrers *refs);

struct peel_reader;

/* Deletes the record of type t with id in a transaction of its own, as the
 * web's delete page, the API's DELETE and `peel delete` do: begin, check
 * that nothing refers to it, delete, audit, commit; rolled back on any
 * failure.  Returns 0 deleted; 1 refused because other records refer to it,
 * with refs filled (the reader rd decides which may be named; NULL: all) and err (code
 * PEEL_EINPUT) saying so in a sentence that names only what rd may see;
 * -1 any other failure (PEEL_ENOTFOUND when there is no such record). */
int peel_crud_remove(peel_store *s, const char *user, const peel_type *t, int64_t id,
                     const struct peel_reader *rd, peel_crud_referrers *refs, peel_err *err);

/* Applies "field=value" text to r (parsing per field); unknown fields and
 * read-only fields are errors naming them. */
int peel_crud_assign(peel_record *r, const char *field, const char *text, size_t n,
                     bool allow_readonly, peel_fielderrs *errs);

/* Finds a record by id (all digits) or by its type's key. */
int peel_crud_lookup(peel_store *s, const peel_type *t, const char *idtext, int64_t *id,
                     peel_err *err);

/* Appends a REF value as people and CSV read it: the referenced record's key
 * when its type has one, else its id. */
int peel_crud_ref_text(peel_store *s, const peel_field *f, const peel_value *v, peel_buf *out,
                       peel_err *err);

#endif
