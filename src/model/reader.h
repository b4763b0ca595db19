/* reader.h - who is reading: the one place peel decides which record types,
 * records, fields and references a reader may see.  Every view, export and
 * report takes a `const peel_reader *`; the web maps its signed-in role to
 * one, the command line passes its user's (everything) or `--as`'s.
 *
 *   admin   every type, including accounts (the `user` type), read and write
 *   staff   every record type except accounts, read and write, sensitive
 *           material included (and marked as such wherever it is shown)
 *   panel   read only: published records of types that can be published,
 *           and records for the Panel (PEEL_FOR_PANEL) before publication;
 *           never an OFFICIAL-SENSITIVE record or field
 *   public  read only: published records only; never OFFICIAL-SENSITIVE
 * A type can be published when it has a PEEL_PUBLISHES field; a record is
 * shown to the public when that field is true, the type is OFFICIAL and its
 * PEEL_CLASSIFIES field (if any) says OFFICIAL.  An unmarked record of a
 * type that classifies counts as not published.  The Panel sees the same,
 * and also the records whose PEEL_FOR_PANEL field is true under the same
 * classification rule: the papers of their next meeting before they are
 * published, the items taken in private.  Staff see everything.
 *
 * A record the reader may not open is never named, counted or hinted at:
 * a reference to it reads PEEL_READER_NOT_PUBLISHED, a query for it finds
 * nothing, and a lookup by its key fails as for a key that does not exist.
 *
 * Ownership: readers are static and constant (peel_reader_of); nothing here
 * allocates except into the caller's buffer.
 */
#ifndef PEEL_MODEL_READER_H
#define PEEL_MODEL_READER_H

#include <jansson.h>
#include <stdbool.h>

#include "core/buf.h"
#include "model/record.h"
#include "store/store.h"

typedef enum peel_role {
    PEEL_ROLE_PUBLIC,
    PEEL_ROLE_PANEL,
    PEEL_ROLE_STAFF,
    PEEL_ROLE_ADMIN
} peel_role;

typedef struct peel_reader {
    peel_role role;
} peel_reader;

/* What a reference to a record the reader may not open reads as. */
#define PEEL_READER_NOT_PUBLISHED "not published"

/* The reader of a role (static, never NULL for a valid role). */
const peel_reader *peel_reader_of(peel_role role);
/* "public", "panel", "staff", "admin" -> *out; false for anything else. */
bool peel_reader_role_parse(const char *name, peel_role *out);

bool peel_reader_sees_sensitive(const peel_reader *rd);
bool peel_reader_type_readable(const peel_reader *rd, const peel_type *t);
bool peel_reader_type_writable(const peel_reader *rd, const peel_type *t);
/* Fields shown, filtered and sorted on: never SECRET; sensitive and
 * PEEL_INTERNAL (source, publish flag, transcription notes) only for staff. */
bool peel_reader_field_visible(const peel_reader *rd, const peel_field *f);
/* Whether rd may open r.  NULL r: false. */
bool peel_reader_record_visible(const peel_reader *rd, const peel_record *r);
/* Whether r is published to rd in all but its classification: an
 * OFFICIAL-SENSITIVE item of a published paper, which a public report shows
 * as withheld (number and title, as the papers print it).  An unpublished
 * record is never withheld in place: it is not there.  True whenever
 * peel_reader_record_visible is. */
bool peel_reader_record_published(const peel_reader *rd, const peel_record *r);

/* Extra filters that make a query return only records rd may see.  Writes
 * at most PEEL_READER_MAX_FILTERS into out; returns how many. */
#define PEEL_READER_MAX_FILTERS 2
size_t peel_reader_filters(const peel_reader *rd, const peel_type *t, peel_filter *out);

/* A reference as rd may read it, appended to out: the referenced record's
 * key (or id), or PEEL_READER_NOT_PUBLISHED when rd may not open that record.
 * *link (if given) is set when rd may open it. */
int peel_reader_ref_text(peel_store *s, const peel_reader *rd, const peel_field *f,
                         const peel_value *v, peel_buf *out, bool *link, peel_err *err);
/* peel_crud_lookup as rd sees the store: a record rd may not open is
 * PEEL_ENOTFOUND with the same message as one that does not exist. */
int peel_reader_lookup(peel_store *s, const peel_reader *rd, const peel_type *t, const char *idtext,
                       int64_t *id, peel_err *err);

/* A filter on reference field f given an id (v->i): when rd may not open
 * that record the value becomes 0, an id no record has, so the filter finds
 * nothing, as for an id that does not exist (a key is resolved with
 * peel_reader_lookup instead). */
int peel_reader_ref_filter(peel_store *s, const peel_reader *rd, const peel_field *f, peel_value *v,
                           peel_err *err);

/* For output that carries references as ids (JSON): *copy is a copy of r
 * whose references to records rd may not open are unset, or NULL when r
 * has none (use r).  The caller frees *copy.  s may be NULL when r has no
 * references. */
int peel_reader_hide_refs(peel_store *s, const peel_reader *rd, const peel_record *r,
                          peel_record **copy, peel_err *err);

/* The record as JSON text for rd, appended to out: sensitive fields left
 * out unless rd sees them, and a reference to a record rd may not open
 * written as null (an id would hint that it exists); a lifecycle type's
 * record ends with its current state ("state": {"value", "label", "since"}).
 * s may be NULL when r has no references and no lifecycle.  -1 with err set
 * on failure. */
int peel_reader_json_write(peel_store *s, const peel_reader *rd, const peel_record *r,
                           peel_buf *out, peel_err *err);
/* Adds a lifecycle type's record's "state" to o, the record as
 * peel_json_record built it (the command's JSON), as peel_reader_json_write
 * writes it; nothing for a type without a lifecycle. */
int peel_reader_json_state(peel_store *s, const peel_record *r, json_t *o, peel_err *err);

#endif
