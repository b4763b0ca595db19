/* figures.c - the crime figures' arithmetic (figures.h, docs/METHODS.md).
 *
 * Integer arithmetic wherever a figure is printed as an integer or a
 * percentage, so a figure is the same on every machine.  The SPC mean and
 * limits are also kept as doubles to place points against them; what is
 * printed is rounded once from the exact counts (a c-chart's square root is
 * the one figure taken from floating point).
 */
#include "crime/figures.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/pct.h"

void peel_crime_change_of(int64_t before, int64_t now, int dp, peel_crime_change *out)
{
    out->before = before;
    out->now = now;
    out->diff = now - before;
    out->dp = dp;
    out->pct = 0;
    int64_t base = before < 0 ? -before : before;
    out->small_base = base > 0 && base < PEEL_CRIME_SMALL_BASE;
    out->has_pct = !out->small_base && peel_pct_change(before, now, dp, &out->pct);
}

void peel_crime_change_pct_text(const peel_crime_change *c, char out[static 32])
{
    if (c->small_base)
        snprintf(out, 32, "n/a (base under %d)", PEEL_CRIME_SMALL_BASE);
    else if (!c->has_pct)
        snprintf(out, 32, "n/a");
    else
        peel_pct_format(c->pct, c->dp, true, out);
}

void peel_crime_period_of(enum peel_crime_period_kind kind, peel_month latest,
                          peel_crime_period *out)
{
    out->kind = kind;
    out->to = latest;
    switch (kind) {
    case PEEL_PERIOD_MONTH:
        out->from = latest;
        break;
    case PEEL_PERIOD_12M:
        out->from = latest - 11;
        break;
    case PEEL_PERIOD_FYTD: {
        /* April is month index 3 of the year (peel_month = y * 12 + m - 1). */
        int m = latest % 12;
        out->from = latest - (m >= 3 ? m - 3 : m + 9);
        break;
    }
    }
    out->bfrom = out->from - 12;
    out->bto = out->to - 12;
}

const char *peel_crime_period_label(enum peel_crime_period_kind kind)
{
    switch (kind) {
    case PEEL_PERIOD_MONTH:
        return "Month vs same month last year";
    case PEEL_PERIOD_12M:
        return "Last 12 months vs previous 12";
    default:
        return "Financial year to date vs same period last year";
    }
}

void peel_crime_rolling(const int64_t *v, const bool *have, size_t n, size_t window, int64_t *out,
                        bool *out_have)
{
    int64_t sum = 0;
    size_t missing = 0;
    for (size_t i = 0; i < n; i++) {
        sum += have[i] ? v[i] : 0;
        missing += !have[i];
        if (i >= window) {
            sum -= have[i - window] ? v[i - window] : 0;
            missing -= !have[i - window];
        }
        out_have[i] = i + 1 >= window && missing == 0;
        out[i] = out_have[i] ? sum : 0;
    }
}

void peel_crime_spc_baseline(peel_month from, peel_month to, peel_month *bfrom, peel_month *bto)
{
    if (to - from + 1 < 24) {
        *bfrom = from;
        *bto = to;
        return;
    }
    *bfrom = to - 35 > from ? to - 35 : from;
    *bto = *bfrom + 11;
}

void peel_crime_tenths_text(int64_t tenths, char out[static 32])
{
    peel_crime_scaled_text(tenths, 1, out);
}

/* num / den x 10, rounded halves away from zero (pct.h: part x 100 / whole). */
static int64_t round_tenths(int64_t num, int64_t den)
{
    int64_t t = 0;
    peel_pct(num, den * 10, 0, &t);
    return t;
}

int peel_crime_spc_limits(const int64_t *v, const bool *have, size_t nbase, peel_crime_spc *out)
{
    int64_t sum = 0, mr_sum = 0;
    size_t n = 0, nmr = 0;
    for (size_t i = 0; i < nbase; i++) {
        if (!have[i])
            continue;
        sum += v[i];
        n++;
        if (i > 0 && have[i - 1]) {
            int64_t d = v[i] - v[i - 1];
            mr_sum += d < 0 ? -d : d;
            nmr++;
        }
    }
    memset(out, 0, sizeof *out);
    if (n < 2)
        return -1;
    out->nbase = n;
    out->sum = sum;
    out->mean = (double)sum / (double)n;
    out->mean10 = round_tenths(sum, (int64_t)n);
    if (sum < PEEL_SPC_SPARSE_BELOW * (int64_t)n) {
        out->kind = PEEL_SPC_SPARSE;
        return 0;
    }
    if (sum < PEEL_SPC_C_BELOW * (int64_t)n) {
        /* c-chart: counts of rare events, Poisson variation, sd = sqrt(mean). */
        out->kind = PEEL_SPC_C;
        out->run_len = PEEL_SPC_RUN_C;
        double sd3 = 3.0 * sqrt(out->mean);
        out->ucl = out->mean + sd3;
        out->lcl = out->mean - sd3 > 0 ? out->mean - sd3 : 0;
        /* llround rounds halves away from zero. */
        out->ucl10 = (int64_t)llround(out->ucl * 10.0);
        out->lcl10 = (int64_t)llround(out->lcl * 10.0);
        return 0;
    }
    if (nmr < 1)
        return -1;
    out->kind = PEEL_SPC_XMR;
    out->run_len = PEEL_SPC_RUN_XMR;
    out->mr_bar = (double)mr_sum / (double)nmr;
    out->ucl = out->mean + 2.66 * out->mr_bar;
    out->lcl = out->mean - 2.66 * out->mr_bar;
    if (out->lcl < 0)
        out->lcl = 0;
    /* Exactly: mean +/- 2.66 x mr = (100 sum nmr +/- 266 mr_sum n) / (100 n nmr). */
    int64_t den = 100 * (int64_t)n * (int64_t)nmr;
    int64_t a = 100 * sum * (int64_t)nmr, b = 266 * mr_sum * (int64_t)n;
    out->mr10 = round_tenths(mr_sum, (int64_t)nmr);
    out->ucl10 = round_tenths(a + b, den);
    out->lcl10 = a - b > 0 ? round_tenths(a - b, den) : 0;
    return 0;
}

void peel_crime_spc_flags(const peel_crime_spc *spc, const int64_t *v, const bool *have, size_t n,
                          size_t run_len, unsigned *flags)
{
    size_t run_start = 0, run = 0;
    int side = 0; /* +1 above the mean, -1 below */
    for (size_t i = 0; i < n; i++) {
        flags[i] = 0;
        if (spc->kind == PEEL_SPC_SPARSE)
            continue;
        if (!have[i]) {
            run = 0;
            side = 0;
            continue;
        }
        double x = (double)v[i];
        if (x > spc->ucl)
            flags[i] |= PEEL_SPC_ABOVE;
        if (x < spc->lcl)
            flags[i] |= PEEL_SPC_BELOW;
        int s = x > spc->mean ? 1 : x < spc->mean ? -1 : 0;
        if (s != 0 && s == side) {
            run++;
        } else {
            side = s;
            run = s ? 1 : 0;
            run_start = i;
        }
        if (run >= run_len && run_len > 0) {
            unsigned f = side > 0 ? PEEL_SPC_RUN_HIGH : PEEL_SPC_RUN_LOW;
            for (size_t k = run_start; k <= i; k++)
                flags[k] |= f;
        }
    }
}

bool peel_crime_rate_per_1000(int64_t count, int64_t pop, int dp, int64_t *scaled)
{
    /* count / pop x 1000 x 10^dp = the percentage with one more decimal. */
    if (dp < 0 || dp > 3)
        return false;
    return peel_pct(count, pop, dp + 1, scaled);
}

bool peel_crime_disproportionality(int64_t n_group, int64_t pop_group, int64_t n_ref,
                                   int64_t pop_ref, int dp, int64_t *scaled)
{
    if (pop_group <= 0 || n_ref <= 0 || pop_ref <= 0 || n_group < 0 || dp < 0 || dp > 3)
        return false;
    int64_t p10 = 1;
    for (int i = 0; i < dp; i++)
        p10 *= 10;
    /* n_group x pop_ref x 10^dp / (pop_group x n_ref), halves away from zero;
     * with counts < 2^31 and populations < 10^9 this stays inside 2^63 only
     * with __int128 for the product, so use it. */
    __int128 num = (__int128)n_group * pop_ref * p10;
    __int128 den = (__int128)pop_group * n_ref;
    *scaled = (int64_t)((2 * num + den) / (2 * den));
    return true;
}

void peel_crime_scaled_text(int64_t scaled, int dp, char out[static 32])
{
    int64_t p10 = 1;
    for (int i = 0; i < dp; i++)
        p10 *= 10;
    int64_t a = scaled < 0 ? -scaled : scaled;
    if (dp == 0)
        snprintf(out, 32, "%s%lld", scaled < 0 ? "-" : "", (long long)a);
    else
        snprintf(out, 32, "%s%lld.%0*lld", scaled < 0 ? "-" : "", (long long)(a / p10), dp,
                 (long long)(a % p10));
}

/* Every police.uk category (street files' "Last outcome category" and
 * outcomes files' "Outcome type") in its group; docs/METHODS.md lists the
 * same table. */
static const struct {
    const char *name;
    enum peel_crime_outcome_group group;
} outcome_groups[] = {
    {"Under investigation", PEEL_OG_OPEN},
    {"Status update unavailable", PEEL_OG_OPEN},
    {"Suspect charged", PEEL_OG_CHARGE},
    {"Awaiting court outcome", PEEL_OG_CHARGE},
    {"Court result unavailable", PEEL_OG_CHARGE},
    {"Defendant sent to Crown Court", PEEL_OG_CHARGE},
    {"Offender sent to prison", PEEL_OG_CHARGE},
    {"Offender given suspended prison sentence", PEEL_OG_CHARGE},
    {"Offender fined", PEEL_OG_CHARGE},
    {"Offender given community sentence", PEEL_OG_CHARGE},
    {"Offender given conditional discharge", PEEL_OG_CHARGE},
    {"Offender given absolute discharge", PEEL_OG_CHARGE},
    {"Offender ordered to pay compensation", PEEL_OG_CHARGE},
    {"Offender otherwise dealt with", PEEL_OG_CHARGE},
    {"Offender deprived of property", PEEL_OG_CHARGE},
    {"Suspect charged as part of another case", PEEL_OG_TIC},
    {"Offender given a caution", PEEL_OG_OOCD_FORMAL},
    {"Offender given a drugs possession warning", PEEL_OG_OOCD_FORMAL},
    {"Offender given penalty notice", PEEL_OG_OOCD_FORMAL},
    {"Local resolution", PEEL_OG_OOCD_INFORMAL},
    {"Defendant found not guilty", PEEL_OG_NO_CONVICTION},
    {"Court case unable to proceed", PEEL_OG_NO_CONVICTION},
    {"Formal action is not in the public interest", PEEL_OG_PUBLIC_INTEREST},
    {"Further action is not in the public interest", PEEL_OG_PUBLIC_INTEREST},
    {"Further investigation is not in the public interest", PEEL_OG_PUBLIC_INTEREST},
    {"Unable to prosecute suspect", PEEL_OG_EVIDENTIAL},
    {"Investigation complete; no suspect identified", PEEL_OG_NO_SUSPECT},
    {"Action to be taken by another organisation", PEEL_OG_OTHER_BODY},
};

enum peel_crime_outcome_group peel_crime_outcome_group_of(const char *outcome)
{
    for (size_t i = 0; outcome && i < sizeof outcome_groups / sizeof outcome_groups[0]; i++)
        if (!strcasecmp(outcome, outcome_groups[i].name))
            return outcome_groups[i].group;
    return PEEL_OG_UNKNOWN;
}

const char *peel_crime_outcome_group_label(enum peel_crime_outcome_group g)
{
    switch (g) {
    case PEEL_OG_OPEN:
        return "Open: no final outcome yet";
    case PEEL_OG_CHARGE:
        return "Charged or summonsed";
    case PEEL_OG_TIC:
        return "Taken into consideration";
    case PEEL_OG_OOCD_FORMAL:
        return "Out-of-court (formal)";
    case PEEL_OG_OOCD_INFORMAL:
        return "Out-of-court (informal)";
    case PEEL_OG_NO_CONVICTION:
        return "Court: not guilty or unable to proceed";
    case PEEL_OG_PUBLIC_INTEREST:
        return "Not in the public interest";
    case PEEL_OG_EVIDENTIAL:
        return "Evidential difficulties";
    case PEEL_OG_NO_SUSPECT:
        return "No suspect identified";
    case PEEL_OG_OTHER_BODY:
        return "Action by another body";
    default:
        return "Not a category peel knows";
    }
}

bool peel_crime_outcome_group_positive(enum peel_crime_outcome_group g)
{
    return g == PEEL_OG_CHARGE || g == PEEL_OG_TIC || g == PEEL_OG_OOCD_FORMAL ||
           g == PEEL_OG_OOCD_INFORMAL;
}

const char *const peel_crime_positive_default[] = {"Suspect charged",
                                                   "Awaiting court outcome",
                                                   "Court result unavailable",
                                                   "Defendant sent to Crown Court",
                                                   "Offender sent to prison",
                                                   "Offender given suspended prison sentence",
                                                   "Offender fined",
                                                   "Offender given community sentence",
                                                   "Offender given conditional discharge",
                                                   "Offender given absolute discharge",
                                                   "Offender ordered to pay compensation",
                                                   "Offender otherwise dealt with",
                                                   "Offender deprived of property",
                                                   "Suspect charged as part of another case",
                                                   "Offender given a caution",
                                                   "Offender given a drugs possession warning",
                                                   "Offender given penalty notice",
                                                   "Local resolution",
                                                   NULL};

bool peel_crime_outcome_positive(const char *outcome, const char *list)
{
    if (!outcome || !*outcome)
        return false;
    if (!list)
        return peel_crime_outcome_group_positive(peel_crime_outcome_group_of(outcome));
    size_t n = strlen(outcome);
    for (const char *p = list; *p;) {
        const char *e = strchr(p, ';');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        while (len && *p == ' ') {
            p++;
            len--;
        }
        while (len && p[len - 1] == ' ')
            len--;
        if (len == n && !strncasecmp(p, outcome, n))
            return true;
        if (!e)
            break;
        p = e + 1;
    }
    return false;
}
