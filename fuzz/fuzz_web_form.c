/* fuzz_web_form.c - fuzzes the web request parsers (urlencoded bodies and
 * query strings, multipart/form-data, header parameters) and the HTML
 * builder's escaping (src/web/request.c, src/render/html.c).
 *
 * The first byte picks the parser; the rest is the body.  Whatever a parser
 * accepts must give names and values within the input's bounds, and every
 * name and value, escaped by the HTML builder, must be valid UTF-8 with no
 * '<', '>', '"' or NUL left.  Any violation aborts.  The two files are
 * compiled into this harness so they carry libFuzzer's instrumentation.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/pool.c"
#include "render/html.c"
#include "web/request.c"

#define ENSURE(cond)                                                                               \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz_web_form: %s:%d: %s\n", __FILE__, __LINE__, #cond);              \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

static void check_escaped(const char *s, size_t n)
{
    peel_buf b = PEEL_BUF_INIT;
    peel_html_textn(&b, s, n);
    ENSURE(!b.failed);
    ENSURE(peel_utf8_valid(peel_buf_str(&b), b.len, NULL));
    ENSURE(!memchr(peel_buf_str(&b), '<', b.len) && !memchr(peel_buf_str(&b), '>', b.len));
    ENSURE(!memchr(peel_buf_str(&b), '"', b.len) && !memchr(peel_buf_str(&b), '\0', b.len));
    peel_buf_release(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    peel_pool *pool;
    peel_kv kv[PEEL_REQ_MAX_ARGS];
    size_t n = 0;
    char *body;

    if (size < 1)
        return 0;
    pool = peel_pool_new();
    body = malloc(size); /* the multipart parser writes NULs into its body */
    ENSURE(pool && body);
    memcpy(body, data + 1, size - 1);
    if (data[0] & 1) {
        if (peel_req_parse_multipart(pool, body, size - 1, "b0undary", kv, PEEL_REQ_MAX_ARGS, &n))
            for (size_t i = 0; i < n; i++) {
                ENSURE(kv[i].value >= body && kv[i].value + kv[i].len <= body + size - 1);
                check_escaped(kv[i].name, strlen(kv[i].name));
                check_escaped(kv[i].value, kv[i].len);
            }
    } else if (peel_req_parse_urlencoded(pool, body, size - 1, kv, PEEL_REQ_MAX_ARGS, &n)) {
        for (size_t i = 0; i < n; i++) {
            ENSURE(strlen(kv[i].name) <= size && kv[i].len <= size);
            check_escaped(kv[i].name, strlen(kv[i].name));
            check_escaped(kv[i].value, kv[i].len);
        }
    }
    /* Header parameters, from the same bytes as a NUL-terminated header. */
    char *hdr = peel_pool_strndup(pool, (const char *)data + 1, size - 1);
    ENSURE(hdr);
    (void)peel_req_header_param(pool, hdr, "boundary");
    free(body);
    peel_pool_free(pool);
    return 0;
}
