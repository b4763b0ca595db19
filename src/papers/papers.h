/* papers.h - the Panel's papers generated from records: the `paper` type
 * (a paper for a meeting, its kind, period, author and classification),
 * its ordered `paper_section`s (narrative written by staff, or a view a
 * concern generates: render/section.h), `figure_reason` (why a figure
 * that differs or cannot be computed stands in a paper) and
 * `report_rule` (what the Panel resolved future reports must do).
 *
 * A paper is built as one content model (render/doc.h) for a reader, so the
 * HTML, PDF, XLSX and CSV are the same paper and the public version holds
 * nothing withheld (build.c).  Publishing runs the reconciliation over every
 * figure it prints (figures/compute.h): one that differs or cannot be
 * computed blocks publication until it is corrected or a reason is recorded
 * (types.c, check.c).
 */
#ifndef PEEL_PAPERS_PAPERS_H
#define PEEL_PAPERS_PAPERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "figures/compute.h"
#include "model/model.h"
#include "model/reader.h"
#include "model/records.h"
#include "render/doc.h"
#include "store/store.h"

extern const peel_type peel_type_paper;
extern const peel_type peel_type_paper_section;
extern const peel_type peel_type_figure_reason;
extern const peel_type peel_type_report_rule;

enum {
    PEEL_PAPER_KEY,
    PEEL_PAPER_TITLE,
    PEEL_PAPER_KIND,
    PEEL_PAPER_MEETING,
    PEEL_PAPER_ITEM,
    PEEL_PAPER_REPORT_DATE,
    PEEL_PAPER_PERIOD_FROM,
    PEEL_PAPER_PERIOD_TO,
    PEEL_PAPER_AUTHOR,
    PEEL_PAPER_FIGURES,
    PEEL_PAPER_CLASSIFICATION,
    PEEL_PAPER_PUBLISH,
    PEEL_PAPER_FOR_PANEL,
    PEEL_PAPER_PROVENANCE,
    PEEL_PAPER_NOTES,
    PEEL_PAPER_NFIELDS
};

enum {
    PEEL_PSEC_REF,
    PEEL_PSEC_PAPER,
    PEEL_PSEC_POSITION,
    PEEL_PSEC_HEADING,
    PEEL_PSEC_KIND,
    PEEL_PSEC_VIEW,
    PEEL_PSEC_PARAMS,
    PEEL_PSEC_TEXT,
    PEEL_PSEC_CLASSIFICATION,
    PEEL_PSEC_PROVENANCE,
    PEEL_PSEC_NFIELDS
};

/* The kinds of section (the `kind` field's values, in order). */
enum peel_psec_kind { PEEL_PSEC_NARRATIVE, PEEL_PSEC_GENERATED, PEEL_PSEC_FIGURES };

enum {
    PEEL_FREASON_REF,
    PEEL_FREASON_PAPER,
    PEEL_FREASON_FIGURE,
    PEEL_FREASON_REASON,
    PEEL_FREASON_RECORDED_ON,
    PEEL_FREASON_RECORDED_BY,
    PEEL_FREASON_NFIELDS
};

enum {
    PEEL_RRULE_REF,
    PEEL_RRULE_RULE,
    PEEL_RRULE_MEETING,
    PEEL_RRULE_RESOLVED_ON,
    PEEL_RRULE_TEXT,
    PEEL_RRULE_PROVENANCE,
    PEEL_RRULE_PUBLISH,
    PEEL_RRULE_NFIELDS
};

/* The rules peel can check (the `rule` field's values, in order). */
enum peel_rrule {
    PEEL_RRULE_VISITS,   /* the location and reason of every PCC visit in the period */
    PEEL_RRULE_ACRONYMS, /* a term in full, with its acronym in brackets, at first use */
    PEEL_RRULE_GRAPHS,   /* every chart has a title and a caption */
    PEEL_RRULE_OTHER     /* recorded, not checked by peel */
};

/* A section's kind (enum peel_psec_kind) and a rule's (enum peel_rrule). */
int peel_psec_kind_of(const peel_record *sec);
int peel_rrule_of(const peel_record *rule);

/* ---- a paper and what it prints (build.c) ---- */

/* A paper loaded for a reader: the record and its sections in order. */
typedef struct peel_paper {
    peel_record *rec;      /* the paper */
    peel_records sections; /* those the reader may see, by position (owned) */
} peel_paper;

/* Loads the paper whose key or id is `key` for rd: PEEL_ENOTFOUND, worded as
 * for a paper that does not exist, when rd may not open it. */
int peel_paper_load(peel_store *s, const peel_reader *rd, const char *key, peel_paper *out,
                    peel_err *err);
/* The same for a paper record in hand (copied; it may not be stored yet). */
int peel_paper_of(peel_store *s, const peel_reader *rd, const peel_record *rec, peel_paper *out,
                  peel_err *err);
void peel_paper_release(peel_paper *p);

/* One figure the paper prints: the figure record, its computation for the
 * reader, and (staff) the reason recorded for it in this paper. */
typedef struct peel_paper_fig {
    peel_record *fig;
    peel_fresult res;
    char *reason; /* or NULL */
} peel_paper_fig;

typedef struct peel_paper_figs {
    peel_paper_fig *v;
    size_t n, cap;   /* in the order the paper prints them */
    size_t blocking; /* peel_paper_fig_blocks */
} peel_paper_figs;

/* The figures the paper prints: those whose key starts with its `figures`
 * prefix, and every {{KEY}} in its narrative sections, as rd may see them. */
int peel_paper_figures(peel_store *s, const peel_reader *rd, const peel_paper *p,
                       peel_paper_figs *out, peel_err *err);
void peel_paper_figs_release(peel_paper_figs *f);
/* Whether the paper prints f (its printed text is recorded) and it differs
 * from the records or cannot be computed; and whether, besides, no reason
 * is recorded for it: then it blocks publication.  A figure the paper does
 * not print (a count a printed change rests on) blocks nothing itself. */
bool peel_paper_fig_unsettled(const peel_paper_fig *f);
bool peel_paper_fig_blocks(const peel_paper_fig *f);
/* The figure called key, or NULL. */
const peel_paper_fig *peel_paper_figs_find(const peel_paper_figs *f, const char *key);

/* The paper as rd reads it: cover fields, then each section (narrative with
 * each {{KEY}} replaced by the figure's computed value, or its printed text
 * where it cannot be computed; generated; or the table of its figures).  An
 * OFFICIAL-SENSITIVE section is left out unless rd sees such material, and
 * then marked. */
int peel_paper_doc(peel_store *s, const peel_reader *rd, const peel_paper *p,
                   const peel_paper_figs *figs, peel_doc *out, peel_err *err);

/* ---- the Panel's rules (check.c) ---- */

typedef struct peel_paper_finding {
    char *rule;    /* the rule's reference */
    char *text;    /* what does not follow it, in words */
    bool followed; /* true: checked and followed (text says how) */
} peel_paper_finding;

typedef struct peel_paper_findings {
    peel_paper_finding *v;
    size_t n, cap;
} peel_paper_findings;

/* Checks the paper's model d against every report rule rd may see. */
int peel_paper_rules(peel_store *s, const peel_reader *rd, const peel_paper *p, const peel_doc *d,
                     peel_paper_findings *out, peel_err *err);
void peel_paper_findings_release(peel_paper_findings *f);

/* The acronyms of text used before their words in full: appends each to
 * out (comma separated) and returns how many (check.c; exposed for tests). */
size_t peel_paper_acronyms_unexplained(const peel_doc *d, char *out, size_t outsz);

/* ---- the gate (types.c) ---- */

/* The store's check of a paper going to be published: every figure it
 * prints agrees, or has a reason recorded (errors on the `publish` field). */
int peel_paper_publish_check(peel_store *s, const peel_record *rec, peel_fielderrs *errs,
                             peel_err *err);

#endif
