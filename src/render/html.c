/* render/html.c - the HTML builder: a tiny template language whose only trusted text
 * is the string-literal template; every inserted value is escaped for the
 * context the directive names (text/attribute, or URL component). */
#include "render/html.h"

#include "core/str.h"

#include <stdarg.h>
#include <string.h>

static int escape_valid(peel_buf *b, const char *s, size_t n);

/* Invalid UTF-8 (a field that failed validation, shown again) becomes
 * U+FFFD so the page itself stays well-formed. */
int peel_html_textn(peel_buf *b, const char *s, size_t n)
{
    size_t bad;
    while (n && !peel_utf8_valid(s, n, &bad)) {
        escape_valid(b, s, bad);
        peel_buf_puts(b, "\xEF\xBF\xBD");
        s += bad + 1;
        n -= bad + 1;
    }
    return escape_valid(b, s, n);
}

static int escape_valid(peel_buf *b, const char *s, size_t n)
{
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        case '\0': rep = "\xEF\xBF\xBD"; break; /* U+FFFD: never a raw NUL in a page */
        default: continue;
        }
        peel_buf_append(b, s + start, i - start);
        peel_buf_puts(b, rep);
        start = i + 1;
    }
    return peel_buf_append(b, s + start, n - start);
}

int peel_html_text(peel_buf *b, const char *s)
{
    return s ? peel_html_textn(b, s, strlen(s)) : 0;
}

int peel_html_urlenc(peel_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~') {
            peel_buf_putc(b, (char)c);
        } else {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            peel_buf_append(b, e, 3);
        }
    }
    return b->failed ? -1 : 0;
}

int peel_html_format_(peel_buf *b, const char *tmpl, ...)
{
    va_list ap;
    const char *p = tmpl, *lit = tmpl;

    va_start(ap, tmpl);
    while (*p) {
        if (*p != '%') {
            p++;
            continue;
        }
        peel_buf_append(b, lit, (size_t)(p - lit));
        p++;
        if (*p == 's') {
            peel_html_text(b, va_arg(ap, const char *));
            p++;
        } else if (*p == 'q') {
            peel_html_urlenc(b, va_arg(ap, const char *));
            p++;
        } else if (*p == 'd') {
            peel_buf_printf(b, "%d", va_arg(ap, int));
            p++;
        } else if (p[0] == 'l' && p[1] == 'l' && p[2] == 'd') {
            peel_buf_printf(b, "%lld", va_arg(ap, long long));
            p += 3;
        } else if (*p == '%') {
            peel_buf_putc(b, '%');
            p++;
        } else {
            /* A template bug: make it visible rather than guess. */
            peel_buf_puts(b, "%?");
        }
        lit = p;
    }
    peel_buf_append(b, lit, (size_t)(p - lit));
    va_end(ap);
    return b->failed ? -1 : 0;
}
