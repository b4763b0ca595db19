/* render/html.c - the HTML builder: a tiny template language whose only trusted text
 * is the string-literal template; every inserted value is escaped for the
 * context the directive names (text/attribute, or URL component). */
#include "render/html.h"

#include "core/str.h"

#include <stdarg.h>
#include <string.h>

/* Bytes that cannot be copied as they are: the five HTML specials, NUL, and
 * the lead bytes of multi-byte UTF-8 (checked one character at a time).
 * Text is copied in runs between them: one pass, one append per run (the
 * list pages escape thousands of short values; see bench/web/README.md). */
static const unsigned char special[256] = {
    ['&'] = 1,  ['<'] = 1,  ['>'] = 1,  ['"'] = 1,  ['\''] = 1, ['\0'] = 1,
#define HI16(x)                                                                                    \
    [x] = 2, [x + 1] = 2, [x + 2] = 2, [x + 3] = 2, [x + 4] = 2, [x + 5] = 2, [x + 6] = 2,         \
    [x + 7] = 2, [x + 8] = 2, [x + 9] = 2, [x + 10] = 2, [x + 11] = 2, [x + 12] = 2, [x + 13] = 2, \
    [x + 14] = 2, [x + 15] = 2
    HI16(0x80), HI16(0x90), HI16(0xA0), HI16(0xB0), HI16(0xC0), HI16(0xD0), HI16(0xE0), HI16(0xF0),
#undef HI16
};

/* Invalid UTF-8 (a field that failed validation, shown again) becomes
 * U+FFFD so the page itself stays well-formed. */
int peel_html_textn(peel_buf *b, const char *s, size_t n)
{
    size_t start = 0, i = 0;

    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        const char *rep;
        size_t replen, len;

        if (!special[c]) {
            i++;
            continue;
        }
        if (special[c] == 2) {
            if ((len = peel_utf8_seq(s + i, n - i)) != 0) {
                i += len; /* well-formed: copied with the run */
                continue;
            }
            rep = "\xEF\xBF\xBD";
            replen = 3;
        } else {
            switch (c) {
            case '&':
                rep = "&amp;", replen = 5;
                break;
            case '<':
                rep = "&lt;", replen = 4;
                break;
            case '>':
                rep = "&gt;", replen = 4;
                break;
            case '"':
                rep = "&quot;", replen = 6;
                break;
            case '\'':
                rep = "&#39;", replen = 5;
                break;
            default:
                rep = "\xEF\xBF\xBD", replen = 3; /* NUL: never raw in a page */
            }
        }
        peel_buf_append(b, s + start, i - start);
        peel_buf_append(b, rep, replen);
        start = ++i;
    }
    peel_buf_append(b, s + start, n - start);
    return b->failed ? -1 : 0;
}

int peel_html_text(peel_buf *b, const char *s)
{
    return s ? peel_html_textn(b, s, strlen(s)) : 0;
}

int peel_html_urlenc(peel_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    const char *run = s;
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~')
            continue; /* unreserved: copied with its run */
        char e[3] = {'%', hex[c >> 4], hex[c & 15]};
        peel_buf_append(b, run, (size_t)(s - run));
        peel_buf_append(b, e, 3);
        run = s + 1;
    }
    if (run)
        peel_buf_append(b, run, (size_t)(s - run));
    return b->failed ? -1 : 0;
}

int peel_html_format_(peel_buf *b, const char *tmpl, ...)
{
    va_list ap;
    const char *p = tmpl, *lit = tmpl;

    va_start(ap, tmpl);
    while (*p) {
        if (*p != '%') {
            const char *pc = strchr(p, '%');
            p = pc ? pc : p + strlen(p);
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
            peel_buf_put_i64(b, va_arg(ap, int));
            p++;
        } else if (p[0] == 'l' && p[1] == 'l' && p[2] == 'd') {
            peel_buf_put_i64(b, va_arg(ap, long long));
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
