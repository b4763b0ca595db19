/* str.c - helpers on string views, and UTF-8 validation. */
#include "core/str.h"

#include <limits.h>
#include <stdlib.h>

bool peel_str_eq_nocase(peel_str a, const char *s)
{
    size_t n = strlen(s);
    if (a.n != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char x = (unsigned char)a.p[i], y = (unsigned char)s[i];
        if (x >= 'A' && x <= 'Z')
            x = (unsigned char)(x + 32);
        if (y >= 'A' && y <= 'Z')
            y = (unsigned char)(y + 32);
        if (x != y)
            return false;
    }
    return true;
}

peel_str peel_str_trim(peel_str s)
{
    while (s.n && (s.p[0] == ' ' || s.p[0] == '\t' || s.p[0] == '\r' || s.p[0] == '\n')) {
        s.p++;
        s.n--;
    }
    while (s.n && (s.p[s.n - 1] == ' ' || s.p[s.n - 1] == '\t' || s.p[s.n - 1] == '\r' ||
                   s.p[s.n - 1] == '\n'))
        s.n--;
    return s;
}

char *peel_strdup(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    char *d = malloc(n + 1);
    if (!d)
        return NULL;
    if (n)
        memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *peel_str_dup(peel_str s)
{
    char *d = malloc(s.n + 1);
    if (!d)
        return NULL;
    if (s.n)
        memcpy(d, s.p, s.n);
    d[s.n] = '\0';
    return d;
}

size_t peel_utf8_seq(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    unsigned char c;
    size_t len;
    unsigned cp;

    if (!n)
        return 0;
    c = p[0];
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t k = 1; k < len; k++) {
        if ((p[k] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[k] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

bool peel_utf8_valid(const char *s, size_t n, size_t *bad_at)
{
    size_t i = 0;

    while (i < n) {
        size_t len = (unsigned char)s[i] < 0x80 ? 1 : peel_utf8_seq(s + i, n - i);
        if (!len) {
            if (bad_at)
                *bad_at = i;
            return false;
        }
        i += len;
    }
    return true;
}

bool peel_str_to_i64(peel_str s, long long *out)
{
    size_t i = 0;
    bool neg = false;
    unsigned long long v = 0;

    if (s.n && (s.p[0] == '-' || s.p[0] == '+')) {
        neg = s.p[0] == '-';
        i++;
    }
    if (i == s.n || s.n - i > 19)
        return false;
    for (; i < s.n; i++) {
        if (s.p[i] < '0' || s.p[i] > '9')
            return false;
        v = v * 10 + (unsigned)(s.p[i] - '0');
    }
    if (v > (unsigned long long)LLONG_MAX + (neg ? 1u : 0u))
        return false;
    *out = neg ? (long long)(0 - v) : (long long)v;
    return true;
}

void peel_str_quote(const char *s, size_t n, char q[static PEEL_QUOTE_SIZE])
{
    size_t i = 0, o = 0;

    for (int shown = 0; i < n && shown < 40; shown++) {
        unsigned char c = (unsigned char)s[i];
        size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;

        if (c >= 0x80 && len <= n - i && peel_utf8_valid(s + i, len, NULL) &&
            !(c == 0xC2 && (unsigned char)s[i + 1] < 0xA0)) { /* not a C1 control */
            memcpy(q + o, s + i, len);
            o += len;
            i += len;
        } else {
            q[o++] = c >= 0x20 && c < 0x7F ? (char)c : '?';
            i++;
        }
    }
    if (i < n) {
        memcpy(q + o, "...", 3);
        o += 3;
    }
    q[o] = '\0';
}
