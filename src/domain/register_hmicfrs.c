/* register_hmicfrs.c - the 56-day rule for the PCC's responses to HMICFRS
 * reports (Police Act 1996 s55(5)), per financial year, from the dates
 * recorded on each publication, beside the figure a paper printed for the
 * same year (docs/METHODS.md "56-day rule", "HMICFRS percentage").
 *
 * A response is counted in the financial year of its date (the later of the
 * date it was published and the date it was sent to the Home Office); when
 * neither date is recorded, in the year its response_fy says. */
#include <stdlib.h>
#include <string.h>

#include "domain/register.h"
#include "model/record.h"
#include "store/store.h"

static int cmp_pub(const void *x, const void *y)
{
    const peel_reg_pub *a = x, *b = y;
    if (a->has_published != b->has_published)
        return a->has_published ? -1 : 1;
    if (a->has_published && a->published != b->published)
        return a->published < b->published ? -1 : 1;
    return strcmp(a->title, b->title);
}

int peel_register_hmicfrs(peel_store *s, peel_fy fy, peel_reg_hmicfrs *out, peel_err *err)
{
    peel_reg_table pubs, years;
    bool oom = false;

    memset(out, 0, sizeof *out);
    out->fy = fy;
    if (peel_reg_table_load(s, &peel_type_publication, &pubs, err) < 0)
        return -1;
    if (peel_reg_table_load(s, &peel_type_hmicfrs_year, &years, err) < 0) {
        peel_reg_table_free(&pubs);
        return -1;
    }
    out->v = calloc(pubs.n ? pubs.n : 1, sizeof *out->v);
    if (!out->v)
        oom = true;
    for (size_t i = 0; i < pubs.n && !oom; i++) {
        const peel_record *r = pubs.v[i];
        peel_reg_pub *p = &out->v[out->n];
        int64_t d1 = 0, d2 = 0, pub = 0, counted = 0;
        bool h1 = peel_reg_i(r, "response_published", &d1);
        bool h2 = peel_reg_i(r, "sent_home_office", &d2);

        memset(p, 0, sizeof *p);
        p->has_response = h1 || h2;
        p->response = (peel_date)(h1 && h2 ? (d1 > d2 ? d1 : d2) : h1 ? d1 : d2);
        if (p->has_response)
            counted = peel_fy_of_date(p->response);
        else if (!peel_reg_i(r, "response_fy", &counted))
            continue;
        if (counted != fy)
            continue;
        p->has_published = peel_reg_i(r, "published", &pub);
        p->published = (peel_date)pub;
        p->due = (peel_date)(pub + PEEL_HMICFRS_RESPONSE_DAYS);
        if (p->has_published && p->has_response) {
            p->days = p->response - p->published;
            p->within = p->response <= p->due;
            out->with_dates++;
            out->within += p->within;
        }
        p->title = strdup(peel_reg_s(r, "title"));
        p->kind = strdup(peel_reg_s(r, "kind"));
        if (!p->title || !p->kind) {
            free(p->title);
            free(p->kind);
            oom = true;
            break;
        }
        out->n++;
    }
    for (size_t i = 0; i < years.n && !oom; i++) {
        int64_t y = 0, n = 0, w = 0;
        if (!peel_reg_i(years.v[i], "fy", &y) || y != fy)
            continue;
        out->has_printed = peel_reg_i(years.v[i], "responses", &n) &&
                           peel_reg_i(years.v[i], "within", &w);
        out->printed_total = n;
        out->printed_within = w;
        out->printed_text = strdup(peel_reg_s(years.v[i], "printed"));
        out->printed_source = strdup(peel_reg_s(years.v[i], "provenance"));
        oom = !out->printed_text || !out->printed_source;
    }
    peel_reg_table_free(&pubs);
    peel_reg_table_free(&years);
    if (oom) {
        peel_register_hmicfrs_free(out);
        return peel_err_set(err, PEEL_ENOMEM, "out of memory computing the HMICFRS figures");
    }
    qsort(out->v, out->n, sizeof *out->v, cmp_pub);
    return 0;
}

void peel_register_hmicfrs_free(peel_reg_hmicfrs *h)
{
    for (size_t i = 0; i < h->n; i++) {
        free(h->v[i].title);
        free(h->v[i].kind);
    }
    free(h->v);
    free(h->printed_text);
    free(h->printed_source);
    memset(h, 0, sizeof *h);
}
