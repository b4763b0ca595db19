/* render/html.h - the one HTML builder.  Escapes by default.
 *
 * It lives in src/render/ so that every producer of HTML depends on it and
 * none on another: the web application (src/web/) and the reports'
 * renderers (render/doc_html.c, render/svg.c: the register's reports and
 * the crime pack are content models) use it without the domain depending
 * on the web.
 *
 * Pages are built in a peel_buf with two calls only:
 *   peel_html(b, "<a href=\"/records/%s/%lld\">%s</a>", type, id, title);
 *   peel_html_text(b, text);
 * The template must be a string literal (the macros paste "" around it, so a
 * variable fails to compile): only the literal's markup is trusted.  Each
 * directive escapes what it inserts:
 *   %s    text, HTML-escaped (& < > " ' become entities); NULL prints nothing
 *   %q    a URL component: percent-encoded (then safe in an attribute)
 *   %d    int            %lld  long long
 *   %%    a percent sign
 * No other code writes user data into HTML: grep for peel_buf_ in page code
 * finds only these calls.  Failures stick in the buffer (peel_buf.failed).
 */
#ifndef PEEL_RENDER_HTML_H
#define PEEL_RENDER_HTML_H

#include <stddef.h>

#include "core/buf.h"

#define peel_html(b, tmpl, ...) peel_html_format_((b), "" tmpl "", __VA_ARGS__)
#define peel_html_lit(b, tmpl) peel_buf_append((b), "" tmpl "", sizeof(tmpl) - 1)

int peel_html_format_(peel_buf *b, const char *tmpl, ...);
/* Escaped text. */
int peel_html_text(peel_buf *b, const char *s);
int peel_html_textn(peel_buf *b, const char *s, size_t n);
/* Percent-encodes s for a URL path segment or query value. */
int peel_html_urlenc(peel_buf *b, const char *s);

#endif
