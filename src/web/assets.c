/* assets.c - serves the compiled-in static files.  Each has a strong ETag
 * (a hash of its bytes, computed once at start-up); pages link to
 * /static/NAME?v=ETAG, so a versioned URL may be cached for a year and a
 * changed file gets a new URL. */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "web/assets.h"
#include "web/http.h"

#define MAX_ASSETS 16

static char etags[MAX_ASSETS][24];
static char urls[MAX_ASSETS][96];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void init_once(void)
{
    for (size_t i = 0; peel_assets[i].name && i < MAX_ASSETS; i++) {
        unsigned char h[8];
        crypto_generichash(h, sizeof h, (const unsigned char *)peel_assets[i].data,
                           peel_assets[i].len, NULL, 0);
        char hex[17];
        sodium_bin2hex(hex, sizeof hex, h, sizeof h);
        snprintf(etags[i], sizeof etags[i], "\"%s\"", hex);
        snprintf(urls[i], sizeof urls[i], "/static/%s?v=%s", peel_assets[i].name, hex);
    }
}

void peel_assets_init(void)
{
    pthread_once(&once, init_once);
}

const char *peel_assets_url(const char *name)
{
    peel_assets_init();
    for (size_t i = 0; peel_assets[i].name && i < MAX_ASSETS; i++)
        if (!strcmp(peel_assets[i].name, name))
            return urls[i];
    return "/static/missing";
}

int peel_page_static(peel_req *r, const peel_str *p, peel_err *err)
{
    const char *inm = peel_req_header(r, "If-None-Match"), *v = peel_req_arg(r, "v");
    (void)err;
    peel_assets_init();
    for (size_t i = 0; peel_assets[i].name && i < MAX_ASSETS; i++) {
        const peel_asset *a = &peel_assets[i];
        if (!peel_str_eq(p[0], a->name))
            continue;
        peel_req_add_header(r, "ETag", etags[i]);
        /* A versioned URL never changes; a bare one is revalidated hourly. */
        peel_req_add_header(r, "Cache-Control",
                            v && strlen(v) + 2 == strlen(etags[i]) &&
                                    !strncmp(v, etags[i] + 1, strlen(v))
                                ? "public, max-age=31536000, immutable"
                                : "public, max-age=3600");
        r->ctype = a->ctype;
        r->answered = true;
        if (inm && strstr(inm, etags[i])) {
            r->status = 304;
            return 0;
        }
        peel_buf_append(&r->out, a->data, a->len);
        r->status = 200;
        return 0;
    }
    return peel_req_error(r, 404, "not_found", NULL, "there is no such file");
}
