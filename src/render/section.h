/* section.h - a generated section of a paper: a named view that appends its
 * blocks to a report model (render/doc.h) for a reader and a period.
 *
 * Each concern declares the sections it can supply in its module
 * (app/module.h, `.sections`); a paper's section record names one by
 * `name` and gives its parameters as text ("area=Leicester; fy=2023").
 * The builder appends blocks for what `rd` may see and nothing else: a
 * public reader's model holds nothing withheld, so no renderer can leak
 * (render/doc.h).  A builder that cannot show its view for these
 * parameters appends a notice that says why and returns 0; -1 is for a
 * failing store or bad parameters (err names the parameter).
 *
 * Ownership: the args are borrowed for the call; the blocks belong to d.
 */
#ifndef PEEL_RENDER_SECTION_H
#define PEEL_RENDER_SECTION_H

#include <stddef.h>

#include "core/date.h"
#include "core/err.h"
#include "model/reader.h"
#include "render/doc.h"
#include "store/store.h"

typedef struct peel_section_args {
    peel_date from, to;  /* the paper's period; 0 when it has none */
    const char *meeting; /* the reference of the meeting the paper is for, or "" */
    const char *params;  /* "key=value; key=value" as the section gives them, or "" */
    int level;           /* the heading level the section's own headings start at (2) */
} peel_section_args;

typedef int (*peel_section_fn)(peel_store *s, const peel_reader *rd, const peel_section_args *a,
                               peel_doc *d, peel_err *err);

typedef struct peel_section_decl {
    const char *name;   /* "engagement-summary": what a section record names */
    const char *label;  /* "The Commissioner's engagement in the period" */
    const char *params; /* the parameters it reads, in words, or "" */
    peel_section_fn build;
} peel_section_decl;

/* The value of `key` in params ("area=Leicester; fy=2023-24"), spaces
 * around keys and values trimmed, copied into out; 1 when present, 0 when
 * absent (out is ""), -1 when out is too small (err names the key). */
int peel_section_param(const char *params, const char *key, char *out, size_t outsz, peel_err *err);

/* The period of a section: from..to of its parameters (both, as dates),
 * else fy ("2023-24"), else the paper's.  1 when there is one, 0 when
 * none, -1 on a bad parameter (err names it). */
int peel_section_period(const peel_section_args *a, peel_date *from, peel_date *to, peel_err *err);

/* The month of a section: its month parameter ("2024-09"), else the month
 * the paper's period ends in.  0, or -1 when the parameter is bad or there
 * is neither (err names the parameter). */
int peel_section_month(const peel_section_args *a, peel_month *month, peel_err *err);

#endif
