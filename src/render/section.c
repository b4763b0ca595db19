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
