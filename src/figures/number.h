/* number.h - a figure's value as an exact fraction, the printed text as
 * the paper wrote it, and the reconciliation of the two under the paper's
 * rounding rule (docs/METHODS.md, "Figures").
 *
 * Values are fractions of 64-bit integers in the figure's inner unit: a
 * count, a percentage point, pence for money, a day.  Nothing is ever a
 * floating-point number, so "6 of 7" is 600/7 per cent, and rounding it to
 * the paper's places is exact: 85.714...% rounds to 86, truncates to 85.
 * Every operation reports overflow instead of wrapping.  Nothing here
 * allocates or touches the store: the tests check it against worked
 * examples written out by hand.
 */
#ifndef PEEL_FIGURES_NUMBER_H
#define PEEL_FIGURES_NUMBER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* num / den, den > 0, in lowest terms. */
typedef struct peel_fnum {
    int64_t num, den;
} peel_fnum;

/* The units a figure is printed in (the `unit` field's values, in order). */
enum peel_funit {
    PEEL_FUNIT_COUNT,
    PEEL_FUNIT_PERCENT,
    PEEL_FUNIT_MONEY, /* inner unit: pence */
    PEEL_FUNIT_DAYS,
    PEEL_FUNIT_WORKING_DAYS,
    PEEL_FUNIT_NUMBER
};

/* How the paper rounded (the `rounding` field's values, in order). */
enum peel_fround {
    PEEL_FROUND_ROUND,    /* half away from zero, to the printed step */
    PEEL_FROUND_TRUNCATE, /* towards zero, to the printed step */
    PEEL_FROUND_EXACT,    /* equal, with no rounding */
    PEEL_FROUND_OVER,     /* "over 90": more than */
    PEEL_FROUND_AT_LEAST, /* "at least 90": not less than */
    PEEL_FROUND_UNDER,    /* "under 90", "fewer than 90": less than */
    PEEL_FROUND_NEARLY    /* "nearly 90", "almost 90": less than, by at most a tenth */
};

peel_fnum peel_fnum_int(int64_t v);
/* num / den in lowest terms; false when den is 0 or on overflow. */
bool peel_fnum_make(int64_t num, int64_t den, peel_fnum *out);
bool peel_fnum_add(peel_fnum a, peel_fnum b, peel_fnum *out);
bool peel_fnum_sub(peel_fnum a, peel_fnum b, peel_fnum *out);
bool peel_fnum_mul(peel_fnum a, peel_fnum b, peel_fnum *out);
/* False when b is 0 or on overflow. */
bool peel_fnum_div(peel_fnum a, peel_fnum b, peel_fnum *out);
int peel_fnum_cmp(peel_fnum a, peel_fnum b); /* -1, 0, 1 */
bool peel_fnum_is_int(peel_fnum a);
/* a rounded to a whole number of steps (step > 0), halves away from zero
 * (round) or towards zero (truncate): the number of steps.  False on
 * overflow. */
bool peel_fnum_steps(peel_fnum a, peel_fnum step, bool truncate, int64_t *steps);

/* The printed text, read. */
typedef struct peel_fprinted {
    peel_fnum value;        /* in the inner unit (pence for money) */
    peel_fnum step;         /* the last printed digit's size, in the inner unit */
    int places;             /* decimals printed, in the printed unit (pounds for money) */
    bool has_bound;         /* a word such as "over" or "nearly" was printed */
    enum peel_fround bound; /* which, when has_bound */
} peel_fprinted;

/* Reads text printed in unit: "86%", "–16%", "+51 per cent", "£960,591.34",
 * "£10.4m", "26 working days", "over 90", "seven".  0, or -1 with msg
 * (which names what did not read) filled in. */
int peel_fprinted_parse(const char *text, enum peel_funit unit, peel_fprinted *out, char *msg,
                        size_t msgsz);

/* The step of places decimals in unit's printed unit, in the inner unit. */
peel_fnum peel_fnum_places_step(enum peel_funit unit, int places);

/* Writes a in unit with places decimals (halves away from zero): "85.7%",
 * "£960,591.34", "26.3 working days", "1,234".  out needs 64 bytes. */
void peel_fnum_format(peel_fnum a, enum peel_funit unit, int places, bool sign, char *out,
                      size_t outsz);

/* Whether computed agrees with printed under rule (its step: the printed
 * one, or places' when places >= 0). */
bool peel_freconcile(peel_fnum computed, const peel_fprinted *printed, enum peel_fround rule,
                     int places, enum peel_funit unit);

/* When they differ: the rounding rule or places under which they would
 * agree, as a sentence ("85.714% truncated, not rounded, gives 85%."), into
 * out; false when no other rule explains it. */
bool peel_freconcile_explain(peel_fnum computed, const peel_fprinted *printed,
                             enum peel_fround rule, int places, enum peel_funit unit, char *out,
                             size_t outsz);

#endif
