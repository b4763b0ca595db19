/* pct.c - percentages and percentage change with one rounding rule.
 *
 * Every percentage peel shows goes through here, so the papers, the web
 * pages and the exports round the same way: the exact quotient is taken in
 * 128-bit integer arithmetic (an int64_t times 100 times 10^4 cannot overflow
 * it) and rounded once, halves away from zero.  No floating point, so 12.5%
 * is exactly a half and always becomes 13%.  The rule is in docs/METHODS.md.
 */
#include "core/pct.h"

#include <stdio.h>

#define PCT_MAX_DP 4

static const int64_t ten_to[PCT_MAX_DP + 1] = {1, 10, 100, 1000, 10000};

/* num / den rounded half away from zero; false if it does not fit int64_t. */
static bool div_round(__int128 num, __int128 den, int64_t *out)
{
    __int128 q = num / den, r = num % den; /* truncates toward zero */
    __int128 ar = r < 0 ? -r : r, ad = den < 0 ? -den : den;

    if (2 * ar >= ad)
        q += (num < 0) != (den < 0) ? -1 : 1;
    if (q > INT64_MAX || q < INT64_MIN)
        return false;
    *out = (int64_t)q;
    return true;
}

bool peel_pct(int64_t part, int64_t whole, int dp, int64_t *scaled)
{
    if (whole == 0 || dp < 0 || dp > PCT_MAX_DP)
        return false;
    return div_round((__int128)part * 100 * ten_to[dp], whole, scaled);
}

bool peel_pct_change(int64_t before, int64_t now, int dp, int64_t *scaled)
{
    __int128 base = before < 0 ? -(__int128)before : before;

    if (before == 0 || dp < 0 || dp > PCT_MAX_DP)
        return false;
    return div_round(((__int128)now - before) * 100 * ten_to[dp], base, scaled);
}

void peel_pct_format(int64_t scaled, int dp, bool sign, char out[static 32])
{
    uint64_t mag = scaled < 0 ? 0 - (uint64_t)scaled : (uint64_t)scaled;
    const char *s = scaled < 0 ? "-" : sign && scaled > 0 ? "+" : "";
    uint64_t unit = 1;

    if (dp < 0)
        dp = 0;
    if (dp > 18)
        dp = 18;
    for (int i = 0; i < dp; i++)
        unit *= 10;
    if (dp == 0)
        snprintf(out, 32, "%s%llu%%", s, (unsigned long long)mag);
    else
        snprintf(out, 32, "%s%llu.%0*llu%%", s, (unsigned long long)(mag / unit), dp,
                 (unsigned long long)(mag % unit));
}
