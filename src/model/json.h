/* json.h - records as JSON (jansson), from their declaration.
 *
 * Money is integer pence, dates/months/financial years ISO text, booleans
 * true/false, references the referenced id, points {"lat":..,"lon":..}.
 * SECRET fields never appear.  Returned json_t objects belong to the caller
 * (json_decref).
 */
#ifndef PEEL_MODEL_JSON_H
#define PEEL_MODEL_JSON_H

#include <jansson.h>

#include "core/buf.h"
#include "model/record.h"

/* include_sensitive false: OFFICIAL-SENSITIVE fields are left out. */
json_t *peel_json_record(const peel_record *r, bool include_sensitive);
/* The same object written as compact JSON text (UTF-8) onto out: what the
 * API sends.  -1 when out failed (memory or its cap). */
int peel_json_write_record(const peel_record *r, bool include_sensitive, peel_buf *out);
/* The same, leaving out PEEL_INTERNAL fields unless include_internal (the
 * reader's JSON: panel and public never get them). */
int peel_json_write_record_for(const peel_record *r, bool include_sensitive, bool include_internal,
                               peel_buf *out);
/* s (n bytes) as a JSON string with its quotes; invalid UTF-8 becomes U+FFFD. */
int peel_json_write_string(peel_buf *out, const char *s, size_t n);
/* The type's declaration as JSON (for `peel types --format json` and APIs). */
json_t *peel_json_type(const peel_type *t);

/* Sets fields of r from a JSON object; unknown keys, wrong JSON types and
 * invalid values are field errors.  id/created_at/updated_at are ignored. */
int peel_json_assign(peel_record *r, const json_t *obj, peel_fielderrs *errs);

#endif
