/* money.h - money is integer pence (int64_t), never floating point.
 *
 * Parsing accepts "9974.60", "9974.6", "9974", "£9,974.60", "-£5.00",
 * "£-5.00", with optional surrounding spaces; thousands separators must be
 * well placed (groups of three); more than two decimal places is an error,
 * never rounded.  Magnitudes up to 10^15 pounds are accepted.
 */
#ifndef PEEL_CORE_MONEY_H
#define PEEL_CORE_MONEY_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

typedef int64_t peel_pence;

int peel_money_parse(const char *s, size_t n, peel_pence *out, peel_err *err);
/* "£9,974.60", "-£5.00": for people.  out needs 32 bytes. */
void peel_money_format(peel_pence p, char out[static 32]);
/* "9974.60", "-5.00": for CSV and machines.  out needs 32 bytes. */
void peel_money_format_plain(peel_pence p, char out[static 32]);
/* "£19,338" when whole pounds, else as peel_money_format (the papers' style). */
void peel_money_format_short(peel_pence p, char out[static 32]);

#endif
