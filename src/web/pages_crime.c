/* pages_crime.c - the crime performance pages: /crime, the districts with
 * police.uk crime data imported, each linking to /crime/pack/CODE, its
 * district performance pack (src/crime/pack.c), served as the same
 * self-contained page `peel crime pack` writes to a file.
 *
 * Access: everyone.  police.uk data is published under the Open Government
 * Licence, so the figures are public; the districts are `area` records, and
 * a district the reader may not see (not published, for panel and public)
 * is neither listed nor served, through the same gate as every page
 * (model/reader.c).
 *
 * The pack's own Content-Security-Policy: the server's default forbids all
 * inline style, and the pack is one self-contained document whose CSS is a
 * <style> element (so it can be saved, emailed and printed as it is) and
 * whose charts are inline SVG (presentation attributes such as fill= are
 * not style and need no permission).  The pack is served with a policy that
 * allows exactly that one <style> by its SHA-256 hash and nothing else: no
 * script at all, no request to anywhere (default-src 'none'), no framing,
 * no forms, no base URL.  Any other inline style, injected or not, is
 * still refused.
 */
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/str.h"
#include "crime/pack.h"
#include "domain/geo.h"
#include "render/html.h"
#include "store/crime_db.h"
#include "web/http.h"
#include "web/policy.h"

/* ---- the pack's Content-Security-Policy ---- */

static pthread_once_t csp_once = PTHREAD_ONCE_INIT;
static char pack_csp[256];

static void csp_init(void)
{
    unsigned char h[crypto_hash_sha256_BYTES];
    char b64[sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES, sodium_base64_VARIANT_ORIGINAL)];
    crypto_hash_sha256(h, (const unsigned char *)peel_crime_pack_css, strlen(peel_crime_pack_css));
    sodium_bin2base64(b64, sizeof b64, h, sizeof h, sodium_base64_VARIANT_ORIGINAL);
    snprintf(pack_csp, sizeof pack_csp,
             "default-src 'none'; style-src 'sha256-%s'; base-uri 'none'; form-action 'none'; "
             "frame-ancestors 'none'",
             b64);
}

/* ---- helpers ---- */

/* Refuses any query parameter: these pages take none (answers 400). */
static bool no_args(peel_req *r)
{
    if (!r->nargs)
        return true;
    peel_req_error(r, 400, "unknown_parameter", NULL, "'%.60s' is not a parameter of this page",
                   peel_utf8_valid(r->args[0].name, strlen(r->args[0].name), NULL) ? r->args[0].name
                                                                                   : "?");
    return false;
}

/* Whether the reader may see the area record (published, for panel and
 * public): 1 yes, 0 no, -1 error. */
static int area_visible(peel_req *r, int64_t id, peel_err *err)
{
    peel_record *rec = NULL;
    if (peel_store_get(r->store, &peel_type_area, id, &rec, err) < 0) {
        if (err->code != PEEL_ENOTFOUND)
            return -1;
        peel_err_clear(err);
        return 0;
    }
    bool ok = peel_reader_record_visible(peel_req_reader(r), rec);
    peel_record_free(rec);
    return ok;
}

/* ---- /crime ---- */

typedef struct list_ctx {
    peel_req *r;
    size_t shown;
} list_ctx;

static int list_cb(void *ctx, const peel_crime_area *a, peel_err *err)
{
    list_ctx *lc = ctx;
    int vis = area_visible(lc->r, a->id, err);
    if (vis <= 0)
        return vis;
    if (!lc->shown++)
        peel_html_lit(&lc->r->out, "<ul class=\"body\">\n");
    peel_html(&lc->r->out, "<li><a href=\"/crime/pack/%q\">%s</a> (%s)</li>\n", a->code, a->name,
              a->code);
    return 0;
}

static int crime_page_list(peel_req *r, const peel_str *p, peel_err *err)
{
    list_ctx lc = {.r = r};
    peel_month first, last;
    (void)p;
    if (!no_args(r))
        return 0;
    int have = peel_crime_db_month_range(r->store, &first, &last, err);
    if (have < 0)
        return -1;
    peel_page_begin(r, "Crime performance");
    peel_html_lit(&r->out, "<h1 class=\"heading-l\">Crime performance</h1>\n");
    if (have) {
        char a[8], b[8];
        peel_month_format(first, a);
        peel_month_format(last, b);
        peel_html(&r->out,
                  "<p class=\"body\">Police recorded crime and anti-social behaviour from the "
                  "police.uk street-level files, %s to %s. Each district's performance pack "
                  "compares it with a year before and shows the trend, crime types, outcomes, "
                  "repeat locations and a map.</p>\n",
                  a, b);
    }
    if (peel_crime_db_districts_with_data(r->store, list_cb, &lc, err) < 0)
        return -1;
    if (lc.shown)
        peel_html_lit(&r->out, "</ul>\n");
    else
        peel_html_lit(&r->out, "<p class=\"body\">No district has police.uk crime data "
                               "imported yet.</p>\n");
    peel_html_lit(&r->out, "<p class=\"hint\">Contains public sector information licensed under "
                           "the Open Government Licence v3.0 (police.uk data).</p>\n");
    peel_page_end(r);
    return peel_req_html_page(r, 200);
}

/* ---- /crime/pack/CODE-or-name ---- */

typedef struct has_ctx {
    int64_t id;
    bool found;
} has_ctx;

static int has_cb(void *ctx, const peel_crime_area *a, peel_err *err)
{
    has_ctx *hc = ctx;
    (void)err;
    if (a->id != hc->id)
        return 0;
    hc->found = true;
    return 1; /* stop */
}

static int crime_page_pack(peel_req *r, const peel_str *p, peel_err *err)
{
    peel_crime_area area;
    has_ctx hc = {0};
    int found = 0;
    if (!no_args(r))
        return 0;
    /* The path segment arrives percent-decoded: a code or a name. */
    const char *want = peel_pool_strndup(r->pool, p[0].p, p[0].n);
    if (!want)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    if (peel_utf8_valid(want, p[0].n, NULL) && !memchr(p[0].p, 0, p[0].n)) {
        found = peel_crime_db_area_find(r->store, want, &area, err);
        if (found < 0)
            return -1;
    }
    if (found && strcmp(area.kind, "district"))
        found = 0;
    if (found) {
        int vis = area_visible(r, area.id, err);
        if (vis < 0)
            return -1;
        found = vis;
    }
    if (found) {
        hc.id = area.id;
        if (peel_crime_db_districts_with_data(r->store, has_cb, &hc, err) < 0)
            return -1;
        found = hc.found;
    }
    if (!found)
        return peel_req_error(r, 404, "not_found", NULL,
                              "there is no district '%.100s' with police.uk crime data; the "
                              "districts that have it are listed at /crime",
                              peel_utf8_valid(want, strlen(want), NULL) ? want : "?");

    peel_crime_pack_opts o = {.view = {.area = area.code}};
    if (peel_crime_pack_html(r->store, &o, &r->out, err) < 0) {
        peel_buf_reset(&r->out);
        if (err->code != PEEL_ENOTFOUND)
            return -1;
        peel_err_clear(err);
        return peel_req_error(r, 404, "not_found", NULL, "there is no crime data for %s yet",
                              area.name);
    }
    pthread_once(&csp_once, csp_init);
    peel_req_add_header(r, "Content-Security-Policy", pack_csp);
    return peel_req_html_page(r, 200);
}

/* ---- routes ---- */

const peel_route peel_routes_crime[] = {
    {"GET", "/crime", crime_page_list, PEEL_PAGE_EVERYONE, "Crime performance"},
    {"GET", "/crime/pack/*", crime_page_pack, PEEL_PAGE_EVERYONE, NULL},
    /* the figures' JSON twins (api_crime.c), handed over with these pages */
    {"GET", "/api/v1/crime/*", peel_api_crime, PEEL_PAGE_EVERYONE, NULL},
    {0},
};
