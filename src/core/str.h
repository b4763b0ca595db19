/* str.h - string views: a pointer and a length into memory someone else owns.
 * A view never owns what it points at and is not NUL-terminated. */
#ifndef PEEL_CORE_STR_H
#define PEEL_CORE_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

typedef struct peel_str {
    const char *p;
    size_t n;
} peel_str;

static inline peel_str peel_str_c(const char *s)
{
    return (peel_str){s, s ? strlen(s) : 0};
}

static inline bool peel_str_eq(peel_str a, const char *s)
{
    size_t n = strlen(s);
    return a.n == n && (n == 0 || memcmp(a.p, s, n) == 0);
}

bool peel_str_eq_nocase(peel_str a, const char *s);
peel_str peel_str_trim(peel_str s); /* without leading/trailing ASCII space */
char *peel_str_dup(peel_str s);     /* malloc'd NUL-terminated copy, NULL on OOM */
/* A malloc'd copy of s, "" when s is NULL; NULL only when out of memory. */
char *peel_strdup(const char *s);

/* True when s is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
 * On failure *bad_at (if given) is the byte offset of the first bad sequence. */
bool peel_utf8_valid(const char *s, size_t n, size_t *bad_at);
/* The length (1-4) of the well-formed UTF-8 character at s, or 0 when the
 * bytes there are not one (or n is 0).  The escapers use it to check each
 * character as they copy it, in one pass. */
size_t peel_utf8_seq(const char *s, size_t n);

/* For error messages: copies the first 40 characters of s into q, keeping
 * well-formed UTF-8 characters, turning control characters and stray bytes
 * into '?', and ending a longer value with "...". */
#define PEEL_QUOTE_SIZE (40 * 4 + 4)
void peel_str_quote(const char *s, size_t n, char q[static PEEL_QUOTE_SIZE]);

/* Parses a whole view as a signed decimal integer; false on anything else. */
bool peel_str_to_i64(peel_str s, long long *out);

#endif
