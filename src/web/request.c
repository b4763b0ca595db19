/* request.c - reading a request (headers, query, urlencoded and multipart
 * bodies) and answering it (pages, redirects, JSON, errors).  Parsers copy
 * into the request's pool or, for multipart, point into the body buffer. */
#include <jansson.h>
#include <microhttpd.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "render/html.h"
#include "web/http.h"
#include "web/policy.h"

const char *peel_req_header(peel_req *r, const char *name)
{
    return r->conn ? MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name) : NULL;
}

const char *peel_req_arg(peel_req *r, const char *name)
{
    for (size_t i = 0; i < r->nargs; i++)
        if (!strcmp(r->args[i].name, name))
            return r->args[i].value;
    return NULL;
}

const peel_kv *peel_req_field(peel_req *r, const char *name)
{
    for (size_t i = 0; i < r->nform; i++)
        if (!strcmp(r->form[i].name, name))
            return &r->form[i];
    return NULL;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decodes %XX and '+' into a pool copy; NULL when an escape is malformed. */
static char *decode(peel_pool *pool, const char *s, size_t n, size_t *outlen)
{
    char *d = peel_pool_alloc(pool, n + 1);
    size_t k = 0;
    if (!d)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '+') {
            d[k++] = ' ';
        } else if (s[i] == '%') {
            int hi, lo;
            if (i + 2 >= n || (hi = hexval(s[i + 1])) < 0 || (lo = hexval(s[i + 2])) < 0)
                return NULL;
            d[k++] = (char)(hi * 16 + lo);
            i += 2;
        } else {
            d[k++] = s[i];
        }
    }
    d[k] = '\0';
    *outlen = k;
    return d;
}

bool peel_req_parse_urlencoded(peel_pool *pool, const char *s, size_t n, peel_kv *kv, size_t max,
                               size_t *nkv)
{
    size_t i = 0;
    while (i < n) {
        size_t end = i, eq;
        while (end < n && s[end] != '&')
            end++;
        for (eq = i; eq < end && s[eq] != '='; eq++)
            ;
        if (end > i) {
            size_t nl, vl = 0;
            char *name, *value;
            if (*nkv >= max)
                return false;
            name = decode(pool, s + i, eq - i, &nl);
            value =
                eq < end ? decode(pool, s + eq + 1, end - eq - 1, &vl) : peel_pool_strdup(pool, "");
            if (!name || !value || memchr(name, '\0', nl))
                return false;
            kv[(*nkv)++] = (peel_kv){.name = name, .value = value, .len = vl};
        }
        i = end + 1;
    }
    return true;
}

bool peel_req_ctype_is(const char *ctype, const char *want)
{
    size_t n = strlen(want);
    if (!ctype)
        return false;
    while (*ctype == ' ')
        ctype++;
    return !strncasecmp(ctype, want, n) && (ctype[n] == '\0' || ctype[n] == ';' || ctype[n] == ' ');
}

const char *peel_req_header_param(peel_pool *pool, const char *header, const char *param)
{
    size_t n = strlen(param);
    const char *p = header;
    while (p && (p = strchr(p, ';'))) {
        p++;
        while (*p == ' ')
            p++;
        if (!strncasecmp(p, param, n) && p[n] == '=') {
            const char *v = p + n + 1, *e;
            if (*v == '"') {
                v++;
                e = strchr(v, '"');
                if (!e)
                    return NULL;
            } else {
                e = v + strcspn(v, "; ");
            }
            return peel_pool_strndup(pool, v, (size_t)(e - v));
        }
    }
    return NULL;
}

static const char *memfind(const char *h, size_t hn, const char *n, size_t nn)
{
    if (nn == 0 || hn < nn)
        return NULL;
    for (const char *p = h; (p = memchr(p, n[0], hn - (size_t)(p - h) - nn + 1)); p++)
        if (!memcmp(p, n, nn))
            return p;
    return NULL;
}

/* The value of a parameter in a part's Content-Disposition header line. */
static const char *disposition_param(peel_pool *pool, const char *hdrs, size_t n, const char *param)
{
    const char *line = memfind(hdrs, n, "Content-Disposition:", 20);
    char *copy;
    if (!line)
        line = memfind(hdrs, n, "content-disposition:", 20);
    if (!line)
        return NULL;
    const char *end = memfind(line, n - (size_t)(line - hdrs), "\r\n", 2);
    copy = peel_pool_strndup(pool, line, end ? (size_t)(end - line) : n - (size_t)(line - hdrs));
    return copy ? peel_req_header_param(pool, copy, param) : NULL;
}

bool peel_req_parse_multipart(peel_pool *pool, const char *body, size_t n, const char *boundary,
                              peel_kv *kv, size_t max, size_t *nkv)
{
    char *delim;
    size_t dn;
    const char *p, *end = body + n;

    if (!boundary || !*boundary || strlen(boundary) > 200)
        return false;
    delim = peel_pool_printf(pool, "\r\n--%s", boundary);
    if (!delim)
        return false;
    dn = strlen(delim);
    /* The first delimiter has no CRLF before it. */
    if (n < dn - 2 || memcmp(body, delim + 2, dn - 2) != 0)
        return false;
    p = body + dn - 2;
    for (;;) {
        const char *hend, *next;
        if (end - p >= 2 && p[0] == '-' && p[1] == '-')
            return true; /* closing delimiter */
        if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
            return false;
        p += 2;
        hend = memfind(p, (size_t)(end - p), "\r\n\r\n", 4);
        if (!hend)
            return false;
        next = memfind(hend + 4, (size_t)(end - hend - 4), delim, dn);
        if (!next)
            return false;
        if (*nkv >= max)
            return false;
        const char *name = disposition_param(pool, p, (size_t)(hend - p), "name");
        if (!name)
            return false;
        /* The body buffer is ours: end the value in place (over the CR). */
        ((char *)next)[0] = '\0';
        kv[(*nkv)++] =
            (peel_kv){.name = name,
                      .value = hend + 4,
                      .len = (size_t)(next - hend - 4),
                      .filename = disposition_param(pool, p, (size_t)(hend - p), "filename")};
        p = next + dn;
    }
}

/* ---- answering ---- */

void peel_req_add_header(peel_req *r, const char *name, const char *value)
{
    if (!value || r->nheaders >= PEEL_REQ_MAX_HEADERS)
        return;
    r->hname[r->nheaders] = name;
    r->hvalue[r->nheaders++] = value;
}

int peel_req_html_page(peel_req *r, unsigned status)
{
    r->status = status;
    r->ctype = "text/html; charset=utf-8";
    r->answered = true;
    return 0;
}

int peel_req_redirect(peel_req *r, const char *location)
{
    peel_buf_reset(&r->out);
    peel_req_add_header(r, "Location", location);
    r->status = 303;
    r->ctype = "text/plain; charset=utf-8";
    r->answered = true;
    return 0;
}

int peel_req_json(peel_req *r, unsigned status, json_t *j)
{
    char *s;
    peel_buf_reset(&r->out);
    s = j ? json_dumps(j, JSON_COMPACT | JSON_ENSURE_ASCII) : NULL;
    json_decref(j);
    if (!s) {
        peel_buf_puts(&r->out, "{\"error\":{\"code\":\"internal\",\"message\":\"out of memory\","
                               "\"field\":null}}");
        status = 500;
    } else {
        peel_buf_puts(&r->out, s);
        free(s);
    }
    peel_buf_putc(&r->out, '\n');
    r->status = status;
    r->ctype = "application/json";
    r->answered = true;
    return 0;
}

int peel_req_json_ready(peel_req *r, unsigned status)
{
    if (r->out.failed) {
        peel_buf_reset(&r->out);
        peel_buf_puts(&r->out, "{\"error\":{\"code\":\"internal\",\"message\":"
                               "\"the response is too large or memory ran out\",\"field\":null}}");
        status = 500;
    }
    peel_buf_putc(&r->out, '\n');
    r->status = status;
    r->ctype = "application/json";
    r->answered = true;
    return 0;
}

int peel_req_json_record(peel_req *r, unsigned status, const peel_record *rec)
{
    peel_err err = PEEL_ERR_INIT;
    peel_buf_reset(&r->out);
    if (peel_reader_json_write(r->store, peel_req_reader(r), rec, &r->out, &err) < 0)
        r->out.failed = true; /* answered as a failure by peel_req_json_ready */
    return peel_req_json_ready(r, status);
}

static const char *status_title(unsigned status, const char *code)
{
    if (!strcmp(code, "read_only"))
        return "Read only";
    switch (status) {
    case 400:
        return "Bad request";
    case 401:
        return "Sign in needed";
    case 403:
        return "Not allowed";
    case 404:
        return "Page not found";
    case 405:
        return "Method not allowed";
    case 409:
        return "Conflict";
    case 413:
        return "Too large";
    case 415:
        return "Unsupported content type";
    case 422:
        return "Check what you entered";
    case 429:
        return "Too many attempts";
    case 503:
        return "Busy";
    default:
        return "Sorry, there is a problem";
    }
}

int peel_req_error(peel_req *r, unsigned status, const char *code, const char *field,
                   const char *fmt, ...)
{
    char msg[600];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (r->is_api) {
        json_t *e =
            json_pack("{s:{s:s,s:s,s:s?}}", "error", "code", code, "message", msg, "field", field);
        return peel_req_json(r, status, e);
    }
    /* On a page the message is a sentence: the API's text ("the server is
     * busy: ..."), begun with a capital and ended with a full stop. */
    size_t n = strlen(msg);
    if (msg[0] >= 'a' && msg[0] <= 'z')
        msg[0] = (char)(msg[0] - 'a' + 'A');
    if (n > 0 && n + 1 < sizeof msg && !strchr(".!?", msg[n - 1])) {
        msg[n] = '.';
        msg[n + 1] = '\0';
    }
    peel_buf_reset(&r->out);
    r->sensitive_shown = false;
    peel_page_begin(r, status_title(status, code));
    peel_html(&r->out, "<h1 class=\"heading-l\">%s</h1>\n<p class=\"body\">%s</p>\n",
              status_title(status, code), msg);
    if (status == 401 || (status == 403 && !r->user[0]))
        peel_html(&r->out, "<p class=\"body\"><a href=\"/signin?next=%q\">Sign in</a></p>\n",
                  r->path);
    else
        peel_html_lit(&r->out, "<p class=\"body\"><a href=\"/\">Go to the home page</a></p>\n");
    peel_page_end(r);
    return peel_req_html_page(r, status);
}
