/* record.h - a record in memory: one value per declared field.
 *
 * A peel_record owns its values' strings; peel_record_free() releases them.
 * Values are typed: text/enum/datetime/secret in s; int, money (pence),
 * date (day number), month, fy, bool and ref (id) in i; point in lat/lon.
 */
#ifndef PEEL_MODEL_RECORD_H
#define PEEL_MODEL_RECORD_H

#include <stdbool.h>
#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"
#include "model/model.h"

typedef struct peel_value {
    bool set; /* false: null / empty */
    int64_t i;
    char *s;
    double lat, lon;
} peel_value;

typedef struct peel_record {
    const peel_type *type;
    int64_t id; /* 0 until stored */
    char created_at[24];
    char updated_at[24];
    peel_value *v; /* type->nfields values */
} peel_record;

peel_record *peel_record_new(const peel_type *t);
void peel_record_free(peel_record *r);
void peel_value_clear(peel_value *v);
int peel_value_copy(peel_value *dst, const peel_value *src);
bool peel_value_equal(const peel_field *f, const peel_value *a, const peel_value *b);

/* A field-level error list: what a form shows beside each field. */
typedef struct peel_fielderr {
    const char *field; /* a field name of the type (static), or NULL for the record */
    char msg[256];
} peel_fielderr;

typedef struct peel_fielderrs {
    peel_fielderr e[32];
    size_t n;
    size_t dropped; /* errors beyond the array */
} peel_fielderrs;

void peel_fielderrs_add(peel_fielderrs *errs, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Copies the first error into err as "FIELD: message" (PEEL_EINPUT). */
int peel_fielderrs_to_err(const peel_fielderrs *errs, peel_err *err);

/* Text -> value for one field.  An empty text gives an unset value.  REF text
 * is parsed as an id only when all digits; otherwise the text is kept in s for
 * the store to resolve by the referenced type's key (see peel_model_resolve).
 * On failure adds a field error and returns -1. */
int peel_value_parse(const peel_field *f, const char *text, size_t n, peel_value *out,
                     peel_fielderrs *errs);

enum peel_vfmt {
    PEEL_VFMT_CSV,   /* machine text that peel_value_parse reads back */
    PEEL_VFMT_PEOPLE /* "£9,974.60", "9 October 2023", "yes" */
};
/* Appends the value's text ("" when unset; SECRET is always ""). */
int peel_value_format(const peel_field *f, const peel_value *v, enum peel_vfmt fmt, peel_buf *out);

/* The record's classification: its type's, raised by a PEEL_CLASSIFIES field. */
enum peel_class peel_record_class(const peel_record *r);

/* Whether r still needs something on day, by its type's declared state
 * (model.h: open_on, else status and closed; open when neither is
 * declared).  0, or -1 with err set when the store fails. */
int peel_record_open(struct peel_store *s, const peel_record *r, int64_t day, bool *open,
                     peel_err *err);
/* The value of field f (a field of r's type: a handle such as
 * &type.fields[F_NAME] or t->due). */
static inline const peel_value *peel_record_value(const peel_record *r, const peel_field *f)
{
    return &r->v[f - r->type->fields];
}

/* Field i of r by its handle (an index into r->type->fields, such as
 * PEEL_ENG_DATE), for the rules and views that read records: whether it is
 * set (false past the type's fields), its whole number (date, money, ref
 * id; 0 when unset), its text ("" when unset) and the field's name. */
static inline bool peel_rec_has(const peel_record *r, int i)
{
    return (size_t)i < r->type->nfields && r->v[i].set;
}
static inline int64_t peel_rec_int(const peel_record *r, int i)
{
    return peel_rec_has(r, i) ? r->v[i].i : 0;
}
static inline const char *peel_rec_str(const peel_record *r, int i)
{
    return peel_rec_has(r, i) && r->v[i].s ? r->v[i].s : "";
}
static inline const char *peel_rec_field_name(const peel_record *r, int i)
{
    return r->type->fields[i].name;
}

/* Checks required fields, limits and the type's cross-field rule. */
void peel_record_validate(const peel_record *r, peel_fielderrs *errs);

#endif
