/* related.h - the related groups of one record, as a reader may see them.
 *
 * A REF field declares how its target's page lists the records that refer
 * to it (model.h, peel_related): "Items of this meeting" on item.meeting,
 * "Meetings of this board" on meeting.body, the golden thread through
 * objective_tag.  peel_related_build finds every declaration whose target is
 * the record's type, loads the rows and filters each by the reader: a row
 * the reader may not open is left out and never counted, and a group of a
 * type the reader may not read is not there at all.  The record page
 * (web/page_related.c) and GET /api/v1/TYPE/ID/related both show this.
 *
 * Ownership: peel_related_build fills a caller-owned peel_related_set that
 * peel_related_release frees (its rows' records, states and nested sets).
 */
#ifndef PEEL_MODEL_RELATED_H
#define PEEL_MODEL_RELATED_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/vec.h"
#include "model/reader.h"
#include "model/record.h"
#include "store/store.h"

struct peel_related_set;

typedef struct peel_related_row {
    peel_record *rec;              /* owned; of the group's shown type */
    const char *state;             /* the declared state's label, or NULL */
    struct peel_related_set *nest; /* this row's own groups (declared nest), or NULL */
} peel_related_row;

/* How many rows are in one state ("Open": 2). */
typedef struct peel_related_count {
    const char *state;
    int64_t n;
} peel_related_count;

typedef struct peel_related_group {
    const peel_related *decl;
    const peel_type *from;   /* the declaring type (the link type when through) */
    const peel_field *field; /* the declaring REF field */
    const peel_type *shown;  /* the rows' type */
    PEEL_VEC(peel_related_row) rows;
    PEEL_VEC(peel_related_count) counts; /* per state, in first-seen order; with decl->state */
} peel_related_group;

typedef struct peel_related_set {
    PEEL_VEC(peel_related_group) groups; /* in declared position */
} peel_related_set;

/* The groups of rec for rd (rows ordered as declared; today's date for the
 * upcoming order is peel_clock_today()).  With nest, rows of a group that
 * declares nest get their own groups, one level deep.  0, or -1 with err
 * set (out is then released). */
int peel_related_build(peel_store *s, const peel_reader *rd, const peel_record *rec, bool nest,
                       peel_related_set *out, peel_err *err);
void peel_related_release(peel_related_set *set);

/* Whether type t's page has any declared groups (for rd: of readable types). */
bool peel_related_declared(const peel_reader *rd, const peel_type *t);

/* The group's column fields: the declared columns or the shown type's
 * summary, each visible to rd; writes at most max into cols, returns how many. */
size_t peel_related_columns(const peel_reader *rd, const peel_related_group *g,
                            const peel_field **cols, size_t max);

/* Sorts records as a list's default order or a group's does: by field f
 * (NULL: id) in the order given, unset values last; text compares with its
 * leading number as a number ("2" before "10"). */
void peel_related_sort(peel_record **v, size_t n, const peel_field *f, enum peel_related_order o,
                       int64_t today);

#endif
