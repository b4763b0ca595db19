/* decl.h - what the neighbourhood module's declarations share (types.c,
 * npa.c, workforce.c): the usual provenance, note, reference and money fields, and the
 * rule that a count or an amount is not negative.  Private to the module
 * (the short names are for its declaration tables); nothing here
 * allocates. */
#ifndef PEEL_NEIGHBOURHOOD_DECL_H
#define PEEL_NEIGHBOURHOOD_DECL_H

#include "model/record.h"

/* clang-format off */
#define PROVENANCE                                                                            \
    {.name = "provenance", .label = "Source", .type = PEEL_F_TEXT, .max = 500,                \
     .flags = PEEL_INTERNAL,                                                                  \
     .help = "Where this was transcribed from: paper, page, paragraph"}
#define NOTE(what)                                                                            \
    {.name = "note", .label = "Note", .type = PEEL_F_TEXT, .flags = PEEL_MULTILINE,           \
     .max = 2000, .help = what}
#define REF(example)                                                                          \
    {.name = "ref", .label = "Reference", .type = PEEL_F_TEXT,                                \
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 60,                                         \
     .help = example ": the paper and paragraph it is transcribed from, or the office's own"}
#define MONEY(nm, lb, hp)                                                                     \
    {.name = nm, .label = lb, .type = PEEL_F_MONEY, .help = hp}
/* clang-format on */

/* A count or an amount below zero: an error on the field. */
static inline void check_not_negative(const peel_record *r, int field, const char *what,
                                      peel_fielderrs *errs)
{
    if (peel_rec_has(r, field) && peel_rec_int(r, field) < 0)
        peel_fielderrs_add(errs, peel_rec_field_name(r, field), "must not be negative: it is %s",
                           what);
}

#endif
