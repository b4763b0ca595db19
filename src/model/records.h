/* records.h - every record of a type in memory, and the small readers views
 * use on a record: a field's text or integer by name, a deep copy.
 *
 * For views computed in C over small tables (the accountability register
 * loads hundreds of records a year and joins them here rather than in SQL).
 *
 * Ownership: peel_records_load fills a caller-owned peel_records whose
 * records it owns (peel_records_free releases them); peel_records_get and
 * peel_record_text return pointers that borrow from the records;
 * peel_record_dup returns a record the caller frees (peel_record_free).
 */
#ifndef PEEL_MODEL_RECORDS_H
#define PEEL_MODEL_RECORDS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "model/record.h"
#include "store/store.h"

typedef struct peel_records {
    const peel_type *type;
    peel_record **v; /* in id order */
    size_t n, cap;   /* a core/vec.h vector */
} peel_records;

/* Every record of t (no reader applied: the view that loads them decides
 * what its reader sees). */
int peel_records_load(peel_store *s, const peel_type *t, peel_records *out, peel_err *err);
/* The records of t that rd may open, in id order (peel_records_get works
 * on them as on a whole load). */
struct peel_reader;
int peel_records_load_visible(peel_store *s, const struct peel_reader *rd, const peel_type *t,
                              peel_records *out, peel_err *err);
void peel_records_free(peel_records *t);
/* The record with that id, or NULL. */
peel_record *peel_records_get(const peel_records *t, int64_t id);

/* A copy of r (values deep-copied); NULL when out of memory. */
peel_record *peel_record_dup(const peel_record *r);
/* A field's text (TEXT/ENUM), "" when unset, not text or r is NULL. */
const char *peel_record_text(const peel_record *r, const char *field);
/* A field's integer (DATE/INT/REF/BOOL/FY); false when unset. */
bool peel_record_int(const peel_record *r, const char *field, int64_t *out);

/* The same by field handle, the index a domain header declares for its type
 * (PEEL_ACTION_DUE): no look-up by name.  The registry checks at start-up
 * that every handle of a type names one of its fields; a handle beyond the
 * record's type is an invariant broken (PEEL_ASSERT). */
const char *peel_record_text_at(const peel_record *r, int field);
bool peel_record_int_at(const peel_record *r, int field, int64_t *out);
/* A REF field's target id by handle, 0 when unset. */
int64_t peel_record_ref_at(const peel_record *r, int field);

#endif
