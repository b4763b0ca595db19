/* number.c - exact fractions, printed figures and their reconciliation
 * (number.h). */
#include "figures/number.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ---- fractions ---- */

static int64_t gcd64(int64_t a, int64_t b)
{
    if (a < 0)
        a = -a;
    if (b < 0)
        b = -b;
    while (b) {
        int64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

peel_fnum peel_fnum_int(int64_t v)
{
    return (peel_fnum){v, 1};
}

bool peel_fnum_make(int64_t num, int64_t den, peel_fnum *out)
{
    int64_t g;

    if (den == 0 || num == INT64_MIN || den == INT64_MIN)
        return false;
    if (den < 0) {
        num = -num;
        den = -den;
    }
    g = gcd64(num, den);
    if (g > 1) {
        num /= g;
        den /= g;
    }
    *out = (peel_fnum){num, den};
    return true;
}

bool peel_fnum_add(peel_fnum a, peel_fnum b, peel_fnum *out)
{
    int64_t g = gcd64(a.den, b.den), x, y, n, d;

    if (__builtin_mul_overflow(a.num, b.den / g, &x) ||
        __builtin_mul_overflow(b.num, a.den / g, &y) || __builtin_add_overflow(x, y, &n) ||
        __builtin_mul_overflow(a.den / g, b.den, &d))
        return false;
    return peel_fnum_make(n, d, out);
}

bool peel_fnum_sub(peel_fnum a, peel_fnum b, peel_fnum *out)
{
    if (b.num == INT64_MIN)
        return false;
    return peel_fnum_add(a, (peel_fnum){-b.num, b.den}, out);
}

bool peel_fnum_mul(peel_fnum a, peel_fnum b, peel_fnum *out)
{
    /* Cross-reduce first so that small results do not overflow on the way. */
    int64_t g1 = gcd64(a.num, b.den), g2 = gcd64(b.num, a.den), n, d;

    if (g1 == 0)
        g1 = 1;
    if (g2 == 0)
        g2 = 1;
    if (__builtin_mul_overflow(a.num / g1, b.num / g2, &n) ||
        __builtin_mul_overflow(a.den / g2, b.den / g1, &d))
        return false;
    return peel_fnum_make(n, d, out);
}

bool peel_fnum_div(peel_fnum a, peel_fnum b, peel_fnum *out)
{
    peel_fnum inv;

    if (b.num == 0 || !peel_fnum_make(b.den, b.num, &inv))
        return false;
    return peel_fnum_mul(a, inv, out);
}

int peel_fnum_cmp(peel_fnum a, peel_fnum b)
{
    peel_fnum d;

    if (!peel_fnum_sub(a, b, &d)) {
        /* Too large to subtract exactly: compare as long doubles, which
         * only happens far beyond any figure a paper prints. */
        long double x = (long double)a.num / a.den, y = (long double)b.num / b.den;
        return x < y ? -1 : x > y;
    }
    return d.num < 0 ? -1 : d.num > 0;
}

bool peel_fnum_is_int(peel_fnum a)
{
    return a.den == 1;
}

bool peel_fnum_steps(peel_fnum a, peel_fnum step, bool truncate, int64_t *steps)
{
    peel_fnum q;
    int64_t whole, rest;

    if (step.num <= 0 || !peel_fnum_div(a, step, &q))
        return false;
    whole = q.num / q.den; /* towards zero */
    rest = q.num % q.den;
    if (rest < 0)
        rest = -rest;
    if (!truncate && rest >= q.den - rest) /* a half or more: away from zero */
        whole += q.num < 0 ? -1 : 1;
    *steps = whole;
    return true;
}

/* ---- printed text ---- */

static void msgf(char *msg, size_t msgsz, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void msgf(char *msg, size_t msgsz, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, msgsz, fmt, ap);
    va_end(ap);
}

/* Whether s starts with word (case-insensitively) followed by a space or
 * the end; advances *s past it and the spaces after. */
static bool eat_word(const char **s, const char *word)
{
    size_t n = strlen(word);

    if (strncasecmp(*s, word, n) || ((*s)[n] && (*s)[n] != ' '))
        return false;
    *s += n;
    while (**s == ' ')
        (*s)++;
    return true;
}

static bool eat(const char **s, const char *lit)
{
    size_t n = strlen(lit);

    if (strncmp(*s, lit, n))
        return false;
    *s += n;
    return true;
}

static const struct {
    const char *word;
    enum peel_fround bound;
} bounds[] = {
    {"more than", PEEL_FROUND_OVER},    {"in excess of", PEEL_FROUND_OVER},
    {"over", PEEL_FROUND_OVER},         {"above", PEEL_FROUND_OVER},
    {"at least", PEEL_FROUND_AT_LEAST}, {"less than", PEEL_FROUND_UNDER},
    {"fewer than", PEEL_FROUND_UNDER},  {"under", PEEL_FROUND_UNDER},
    {"below", PEEL_FROUND_UNDER},       {"just under", PEEL_FROUND_NEARLY},
    {"nearly", PEEL_FROUND_NEARLY},     {"almost", PEEL_FROUND_NEARLY},
};

static const char *const ones[] = {"zero",    "one",     "two",       "three",    "four",
                                   "five",    "six",     "seven",     "eight",    "nine",
                                   "ten",     "eleven",  "twelve",    "thirteen", "fourteen",
                                   "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
static const char *const tens[] = {"twenty", "thirty",  "forty",  "fifty",
                                   "sixty",  "seventy", "eighty", "ninety"};

/* A number written in words, zero to ninety-nine: the value, or -1. */
static int64_t number_word(const char **s)
{
    for (size_t t = 0; t < sizeof tens / sizeof tens[0]; t++) {
        size_t n = strlen(tens[t]);
        if (strncasecmp(*s, tens[t], n) || isalpha((unsigned char)(*s)[n]))
            continue;
        *s += n;
        if (**s == '-' || **s == ' ') {
            const char *p = *s + 1;
            for (size_t o = 1; o < 10; o++) {
                size_t m = strlen(ones[o]);
                if (!strncasecmp(p, ones[o], m) && !isalpha((unsigned char)p[m])) {
                    *s = p + m;
                    return (int64_t)(20 + 10 * t + o);
                }
            }
        }
        return (int64_t)(20 + 10 * t);
    }
    for (size_t o = sizeof ones / sizeof ones[0]; o-- > 0;) {
        size_t n = strlen(ones[o]);
        if (!strncasecmp(*s, ones[o], n) && !isalpha((unsigned char)(*s)[n])) {
            *s += n;
            return (int64_t)o;
        }
    }
    return -1;
}

static int64_t pow10i(int n)
{
    int64_t p = 1;
    while (n-- > 0)
        p *= 10;
    return p;
}

/* The inner units in one printed unit: pence in a pound, else 1. */
static int64_t inner_per_printed(enum peel_funit unit)
{
    return unit == PEEL_FUNIT_MONEY ? 100 : 1;
}

peel_fnum peel_fnum_places_step(enum peel_funit unit, int places)
{
    peel_fnum f = {1, 1};

    if (places < 0)
        places = 0;
    if (places > 9)
        places = 9;
    peel_fnum_make(inner_per_printed(unit), pow10i(places), &f);
    return f;
}

/* What may follow the number in unit: the multiplier it implies (a million
 * for "m"), or 0 when the rest does not read. */
static int64_t suffix(const char *s, enum peel_funit unit)
{
    static const struct {
        const char *text;
        int64_t mult;
    } scale[] = {{"million", 1000000}, {"m", 1000000},          {"thousand", 1000},
                 {"k", 1000},          {"billion", 1000000000}, {"bn", 1000000000}};
    int64_t mult = 1;

    while (*s == ' ')
        s++;
    if (unit == PEEL_FUNIT_MONEY || unit == PEEL_FUNIT_COUNT || unit == PEEL_FUNIT_NUMBER)
        for (size_t i = 0; i < sizeof scale / sizeof scale[0]; i++)
            if (eat_word(&s, scale[i].text) ||
                (strlen(scale[i].text) <= 2 && !strncmp(s, scale[i].text, strlen(scale[i].text)) &&
                 !isalpha((unsigned char)s[strlen(scale[i].text)]) &&
                 (s += strlen(scale[i].text), true))) {
                mult = scale[i].mult;
                break;
            }
    while (*s == ' ')
        s++;
    switch (unit) {
    case PEEL_FUNIT_PERCENT:
        if (!eat(&s, "%") && !eat_word(&s, "per cent") && !eat_word(&s, "percent"))
            (void)0; /* a table's percentage column prints the number alone */
        break;
    case PEEL_FUNIT_DAYS:
        if (!eat_word(&s, "calendar days"))
            if (!eat_word(&s, "days"))
                (void)eat_word(&s, "day");
        break;
    case PEEL_FUNIT_WORKING_DAYS:
        if (!eat_word(&s, "working days") && !eat_word(&s, "working day"))
            (void)eat_word(&s, "days");
        break;
    default:
        break;
    }
    /* a full stop, and a footnote's mark ("61*": "*Data to April 2024") */
    for (;;) {
        if (*s == ' ' || *s == '.' || *s == '*')
            s++;
        else if (!strncmp(s, "\xe2\x80\xa0", 3)) /* a dagger */
            s += 3;
        else
            break;
    }
    return *s ? 0 : mult;
}

int peel_fprinted_parse(const char *text, enum peel_funit unit, peel_fprinted *out, char *msg,
                        size_t msgsz)
{
    const char *s = text ? text : "";
    bool neg = false;
    int64_t digits = 0, word, mult;
    int places = 0;
    bool any = false, point = false;

    memset(out, 0, sizeof *out);
    while (*s == ' ')
        s++;
    for (size_t i = 0; i < sizeof bounds / sizeof bounds[0]; i++)
        if (eat_word(&s, bounds[i].word)) {
            out->has_bound = true;
            out->bound = bounds[i].bound;
            break;
        }
    if (eat(&s, "+"))
        ;
    else if (eat(&s, "-") || eat(&s, "\xe2\x80\x93") || eat(&s, "\xe2\x88\x92"))
        neg = true; /* hyphen, en dash, minus sign */
    while (*s == ' ')
        s++;
    if (eat(&s, "\xc2\xa3")) { /* £ */
        if (unit != PEEL_FUNIT_MONEY) {
            msgf(msg, msgsz, "\"%s\" is an amount of money, but the figure's unit is not money",
                 text);
            return -1;
        }
    }
    if (!isdigit((unsigned char)*s) && (word = number_word(&s)) >= 0) {
        digits = word;
        any = true;
    } else {
        for (; *s; s++) {
            if (isdigit((unsigned char)*s)) {
                if (__builtin_mul_overflow(digits, 10, &digits) ||
                    __builtin_add_overflow(digits, *s - '0', &digits)) {
                    msgf(msg, msgsz, "\"%s\" is too large", text);
                    return -1;
                }
                any = true;
                if (point)
                    places++;
            } else if (*s == ',' && !point && any && isdigit((unsigned char)s[1])) {
                continue;
            } else if (*s == '.' && !point && isdigit((unsigned char)s[1])) {
                point = true;
            } else {
                break;
            }
        }
    }
    if (!any) {
        msgf(msg, msgsz, "\"%s\" has no number in it", text);
        return -1;
    }
    if (!(mult = suffix(s, unit))) {
        msgf(msg, msgsz, "\"%s\" does not read as a number of %s: \"%s\" is left over", text,
             unit == PEEL_FUNIT_PERCENT                                   ? "per cent"
             : unit == PEEL_FUNIT_MONEY                                   ? "pounds"
             : unit == PEEL_FUNIT_DAYS || unit == PEEL_FUNIT_WORKING_DAYS ? "days"
                                                                          : "things",
             s);
        return -1;
    }
    if (places > 9) {
        msgf(msg, msgsz, "\"%s\" has more decimal places than peel reads (9)", text);
        return -1;
    }
    {
        peel_fnum scale, v;
        int64_t m, at_places;
        /* digits × mult is the figure counted in its last printed place,
         * what the writer counts to print it back ("£2,000,004,000.2403m"
         * at 4 places): a figure that cannot be printed is refused here. */
        if (__builtin_mul_overflow(digits, mult, &at_places) ||
            __builtin_mul_overflow(mult, inner_per_printed(unit), &m) ||
            !peel_fnum_make(m, pow10i(places), &scale) ||
            !peel_fnum_mul(peel_fnum_int(neg ? -digits : digits), scale, &v)) {
            msgf(msg, msgsz, "\"%s\" is too large", text);
            return -1;
        }
        out->value = v;
        out->step = scale;
        out->places = places;
    }
    return 0;
}

/* ---- writing ---- */

void peel_fnum_format(peel_fnum a, enum peel_funit unit, int places, bool sign, char *out,
                      size_t outsz)
{
    int64_t steps, whole, frac, p;
    char digits[32], grouped[48];
    size_t n, k = 0;
    const char *minus = "";

    if (places < 0)
        places = 0;
    if (places > 6)
        places = 6;
    p = pow10i(places);
    if (!peel_fnum_steps(a, peel_fnum_places_step(unit, places), false, &steps)) {
        snprintf(out, outsz, "(too large)");
        return;
    }
    if (steps < 0) {
        minus = "-";
        steps = -steps;
    } else if (sign && steps > 0) {
        minus = "+";
    }
    whole = steps / p;
    frac = steps % p;
    n = (size_t)snprintf(digits, sizeof digits, "%lld", (long long)whole);
    for (size_t i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0)
            grouped[k++] = ',';
        grouped[k++] = digits[i];
    }
    grouped[k] = '\0';
    if (places)
        snprintf(digits, sizeof digits, ".%0*lld", places, (long long)frac);
    else
        digits[0] = '\0';
    switch (unit) {
    case PEEL_FUNIT_MONEY:
        snprintf(out, outsz, "%s\xc2\xa3%s%s", minus, grouped, digits);
        break;
    case PEEL_FUNIT_PERCENT:
        snprintf(out, outsz, "%s%s%s%%", minus, grouped, digits);
        break;
    case PEEL_FUNIT_DAYS:
        snprintf(out, outsz, "%s%s%s days", minus, grouped, digits);
        break;
    case PEEL_FUNIT_WORKING_DAYS:
        snprintf(out, outsz, "%s%s%s working days", minus, grouped, digits);
        break;
    default:
        snprintf(out, outsz, "%s%s%s", minus, grouped, digits);
        break;
    }
}

/* ---- reconciliation ---- */

static bool agrees_rounded(peel_fnum c, peel_fnum p, peel_fnum step, bool truncate)
{
    int64_t a, b;

    return peel_fnum_steps(c, step, truncate, &a) && peel_fnum_steps(p, step, true, &b) && a == b;
}

static peel_fnum step_of(const peel_fprinted *printed, int places, enum peel_funit unit)
{
    return places >= 0 ? peel_fnum_places_step(unit, places) : printed->step;
}

bool peel_freconcile(peel_fnum c, const peel_fprinted *printed, enum peel_fround rule, int places,
                     enum peel_funit unit)
{
    peel_fnum p = printed->value, tenth;

    switch (rule) {
    case PEEL_FROUND_ROUND:
        return agrees_rounded(c, p, step_of(printed, places, unit), false);
    case PEEL_FROUND_TRUNCATE:
        return agrees_rounded(c, p, step_of(printed, places, unit), true);
    case PEEL_FROUND_EXACT:
        return peel_fnum_cmp(c, p) == 0;
    case PEEL_FROUND_OVER:
        return peel_fnum_cmp(c, p) > 0;
    case PEEL_FROUND_AT_LEAST:
        return peel_fnum_cmp(c, p) >= 0;
    case PEEL_FROUND_UNDER:
        return peel_fnum_cmp(c, p) < 0;
    case PEEL_FROUND_NEARLY:
        /* Less than the printed value by at most a tenth of it. */
        if (peel_fnum_cmp(c, p) >= 0 || !peel_fnum_mul(p, (peel_fnum){9, 10}, &tenth))
            return false;
        return peel_fnum_cmp(c, tenth) >= 0;
    }
    return false;
}

bool peel_freconcile_explain(peel_fnum c, const peel_fprinted *printed, enum peel_fround rule,
                             int places, enum peel_funit unit, char *out, size_t outsz)
{
    peel_fnum step = step_of(printed, places, unit);
    int shown = (places >= 0 ? places : printed->places) + 3;
    char cv[64], pv[64];

    peel_fnum_format(c, unit, shown, false, cv, sizeof cv);
    peel_fnum_format(printed->value, unit, places >= 0 ? places : printed->places, false, pv,
                     sizeof pv);
    if (rule == PEEL_FROUND_ROUND && agrees_rounded(c, printed->value, step, true)) {
        snprintf(out, outsz, "%s truncated, not rounded, gives %s.", cv, pv);
        return true;
    }
    if (rule == PEEL_FROUND_TRUNCATE && agrees_rounded(c, printed->value, step, false)) {
        snprintf(out, outsz, "%s rounded, not truncated, gives %s.", cv, pv);
        return true;
    }
    if ((rule == PEEL_FROUND_ROUND || rule == PEEL_FROUND_TRUNCATE) && c.num &&
        agrees_rounded((peel_fnum){-c.num, c.den}, printed->value, step,
                       rule == PEEL_FROUND_TRUNCATE)) {
        snprintf(out, outsz, "The sign is the other way round: peel computes %s.", cv);
        return true;
    }
    return false;
}
