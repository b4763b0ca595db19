/* section.c - reading a generated section's parameters (render/section.h). */
#include <string.h>

#include "render/section.h"

static const char *skip_space(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    return p;
}

static const char *trim_end(const char *start, const char *p)
{
    while (p > start && (p[-1] == ' ' || p[-1] == '\t'))
        p--;
    return p;
}

int peel_section_param(const char *params, const char *key, char *out, size_t outsz, peel_err *err)
{
    size_t klen = strlen(key);

    if (outsz)
        out[0] = '\0';
    for (const char *p = params ? params : ""; *p;) {
        const char *end = strchr(p, ';');
        if (!end)
            end = p + strlen(p);
        const char *k = skip_space(p, end);
        const char *eq = memchr(k, '=', (size_t)(end - k));
        if (eq) {
            const char *kend = trim_end(k, eq);
            if ((size_t)(kend - k) == klen && !memcmp(k, key, klen)) {
                const char *v = skip_space(eq + 1, end);
                const char *vend = trim_end(v, end);
                size_t n = (size_t)(vend - v);
                if (n >= outsz)
                    return peel_err_set(err, PEEL_EINPUT,
                                        "parameter %s: longer than %zu characters", key,
                                        outsz ? outsz - 1 : 0);
                memcpy(out, v, n);
                out[n] = '\0';
                return 1;
            }
        }
        p = *end ? end + 1 : end;
    }
    return 0;
}

/* The period of the section: from..to of its parameters, else fy, else
 * the paper's.  1 when there is one, 0 when none, -1 on a bad parameter
 * (err names it). */
int peel_section_period(const peel_section_args *a, peel_date *from, peel_date *to, peel_err *err)
{
    char f[16], t[16], fy[16];
    int hf, ht, hy;

    if ((hf = peel_section_param(a->params, "from", f, sizeof f, err)) < 0 ||
        (ht = peel_section_param(a->params, "to", t, sizeof t, err)) < 0 ||
        (hy = peel_section_param(a->params, "fy", fy, sizeof fy, err)) < 0)
        return -1;
    if (hf != ht)
        return peel_err_set(err, PEEL_EINPUT, "parameter %s: give from and to together",
                            hf ? "to" : "from");
    peel_err why = PEEL_ERR_INIT;
    if (hf) {
        const char *bad = peel_date_parse(f, strlen(f), from, &why) < 0 ? "from"
                          : peel_date_parse(t, strlen(t), to, &why) < 0 ? "to"
                                                                        : NULL;
        if (bad) {
            peel_err_set(err, PEEL_EINPUT, "parameter %s: %s", bad, why.msg);
            peel_err_clear(&why);
            return -1;
        }
        if (*to < *from)
            return peel_err_set(err, PEEL_EINPUT, "parameter to: before from");
        return 1;
    }
    if (hy) {
        peel_fy y;
        if (peel_fy_parse(fy, strlen(fy), &y, &why) < 0) {
            peel_err_set(err, PEEL_EINPUT, "parameter fy: %s", why.msg);
            peel_err_clear(&why);
            return -1;
        }
        *from = peel_fy_first_day(y);
        *to = peel_fy_last_day(y);
        return 1;
    }
    *from = a->from;
    *to = a->to;
    return a->from && a->to ? 1 : 0;
}

int peel_section_month(const peel_section_args *a, peel_month *month, peel_err *err)
{
    char v[16];
    int got = peel_section_param(a->params, "month", v, sizeof v, err);

    if (got < 0)
        return -1;
    if (got) {
        if (peel_month_parse(v, strlen(v), month, err) < 0) {
            peel_err_prefix(err, "parameter month");
            return -1;
        }
        return 0;
    }
    if (a->to || a->from) {
        *month = peel_month_of_date(a->to ? a->to : a->from);
        return 0;
    }
    return peel_err_set(err, PEEL_EINPUT,
                        "parameter month: is required when the paper has no period "
                        "(month=2024-09)");
}
