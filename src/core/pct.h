/* pct.h - percentages and percentage change, with one rounding rule.
 *
 * The rule (docs/METHODS.md): a percentage is computed exactly in integer
 * arithmetic and rounded to the requested number of decimal places, halves
 * away from zero.  So 6 of 7 is 85.714..% -> "86%" (0 dp) or "85.7%" (1 dp);
 * 72 -> 109 is +51.388..% -> "+51%"; 1 of 8 = 12.5% -> "13%" (0 dp).
 * A percentage of a zero base has no value ("n/a"): functions return false.
 */
#ifndef PEEL_CORE_PCT_H
#define PEEL_CORE_PCT_H

#include <stdbool.h>
#include <stdint.h>

/* part / whole * 100, rounded to dp decimals (0..4), as a scaled integer:
 * with dp = 1, 85.7% is returned as 857.  False when whole == 0, when dp is
 * outside 0..4, or when the result does not fit an int64_t. */
bool peel_pct(int64_t part, int64_t whole, int dp, int64_t *scaled);
/* (now - before) / |before| * 100 likewise: the size of the base, so a rise
 * is positive even from a negative base (-10 -> -5 is +50%).  False when
 * before == 0, and as peel_pct for dp and overflow. */
bool peel_pct_change(int64_t before, int64_t now, int dp, int64_t *scaled);
/* Formats a scaled value with dp decimals: "85.7%"; with sign, "+51%",
 * "-3.2%", "0%" (zero has no sign; a negative value always has one).
 * out needs 32 bytes. */
void peel_pct_format(int64_t scaled, int dp, bool sign, char out[static 32]);

#endif
