/* register_hmicfrs.c - the 56-day rule for the PCC's responses to HMICFRS
 * reports (Police Act 1996 s55(5)), per financial year, from the dates
 * recorded on each publication (docs/METHODS.md "56-day rule", "HMICFRS
 * percentage").  The figure a paper printed for a year is a figure record
 * (src/figures/), reconciled on /figures like every other.
 *
 * A response is counted in the financial year of its date (the later of the
 * date it was published and the date it was sent to the Home Office); when
 * neither date is recorded, in the year its response_fy says.  The figure
 * and why there is none are written here in words once, for the command
 * line and the web alike. */
#include <stdlib.h>
#include <string.h>

#include "core/pct.h"
#include "domain/register.h"
#include "model/record.h"
#include "model/records.h"
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

/* Hands b's text to *dst (b is left empty); false when out of memory. */
static bool take(peel_buf *b, char **dst)
{
    if (b->failed) {
        peel_buf_release(b);
        return false;
    }
    *dst = peel_buf_detach(b);
    return *dst != NULL;
}

/* Why peel has no figure for the year: which of the dates are missing from
 * the publications counted in it (docs/METHODS.md "HMICFRS percentage"). */
static void why_no_figure(const peel_reg_hmicfrs *h, const char *fys, peel_buf *b)
{
    int64_t pub = 0, resp = 0;
    for (size_t i = 0; i < h->n; i++) {
        pub += h->v[i].has_published;
        resp += h->v[i].has_response;
    }
    if (!h->n) {
        peel_buf_printf(b,
                        "No HMICFRS response is counted in %s, so peel has no figure of its "
                        "own.",
                        fys);
        return;
    }
    peel_buf_puts(b, "peel cannot compute this figure: ");
    if (!pub && !resp)
        peel_buf_printf(b,
                        "none of the %zu publications counted in %s has a publication or "
                        "a response date recorded.",
                        h->n, fys);
    else if (!resp)
        peel_buf_printf(b,
                        "none of the %zu publications counted in %s has a response date "
                        "recorded (%lld %s a publication date).",
                        h->n, fys, (long long)pub, pub == 1 ? "has" : "have");
    else if (!pub)
        peel_buf_printf(b,
                        "none of the %zu publications counted in %s has a publication date "
                        "recorded (%lld %s a response date).",
                        h->n, fys, (long long)resp, resp == 1 ? "has" : "have");
    else
        peel_buf_printf(b,
                        "none of the %zu publications counted in %s has both its "
                        "publication and response dates recorded (%lld %s a publication "
                        "date, %lld a response date).",
                        h->n, fys, (long long)pub, pub == 1 ? "has" : "have", (long long)resp);
}

/* The sentences of peel_reg_hmicfrs (register.h): the figure or why there
 * is none, the undated responses, the arithmetic on the printed counts, and
 * how the two compare.  "Differ" is said only when peel's figure counts at
 * least the responses the paper counts. */
static bool explain(peel_reg_hmicfrs *h)
{
    peel_buf b = PEEL_BUF_INIT;
    char fys[8], pct[32];
    int64_t undated = (int64_t)h->n - h->with_dates;

    peel_fy_format(h->fy, fys);
    h->has_pct = peel_pct(h->within, h->with_dates, 0, &h->pct);
    if (h->has_pct) {
        peel_pct_format(h->pct, 0, false, pct);
        peel_buf_printf(&b,
                        "%lld of %lld responses with both dates recorded were within %d "
                        "days (%s).",
                        (long long)h->within, (long long)h->with_dates, PEEL_HMICFRS_RESPONSE_DAYS,
                        pct);
    } else {
        why_no_figure(h, fys, &b);
    }
    if (!take(&b, &h->computed))
        return false;
    if (h->has_pct && undated > 0)
        peel_buf_printf(&b, "%lld of the %zu responses lack a publication or response date.",
                        (long long)undated, h->n);
    return take(&b, &h->undated);
}

int peel_register_hmicfrs(peel_store *s, const peel_reader *rd, peel_fy fy, peel_reg_hmicfrs *out,
                          peel_err *err)
{
    peel_records pubs;
    bool oom = false;

    memset(out, 0, sizeof *out);
    out->fy = fy;
    if (peel_records_load(s, &peel_type_publication, &pubs, err) < 0)
        return -1;
    out->v = calloc(pubs.n ? pubs.n : 1, sizeof *out->v);
    if (!out->v)
        oom = true;
    for (size_t i = 0; i < pubs.n && !oom; i++) {
        const peel_record *r = pubs.v[i];
        peel_reg_pub *p = &out->v[out->n];
        int64_t d1 = 0, d2 = 0, pub = 0, counted = 0;
        bool h1 = peel_record_int_at(r, PEEL_PUBLICATION_RESPONSE_PUBLISHED, &d1);
        bool h2 = peel_record_int_at(r, PEEL_PUBLICATION_SENT_HOME_OFFICE, &d2);

        if (!peel_reader_record_visible(rd, r))
            continue;
        memset(p, 0, sizeof *p);
        p->has_response = h1 || h2;
        p->response = (peel_date)(h1 && h2 ? (d1 > d2 ? d1 : d2) : h1 ? d1 : d2);
        if (p->has_response)
            counted = peel_fy_of_date(p->response);
        else if (!peel_record_int_at(r, PEEL_PUBLICATION_RESPONSE_FY, &counted))
            continue;
        if (counted != fy)
            continue;
        p->has_published = peel_record_int_at(r, PEEL_PUBLICATION_PUBLISHED, &pub);
        p->published = (peel_date)pub;
        p->due = (peel_date)(pub + PEEL_HMICFRS_RESPONSE_DAYS);
        if (p->has_published && p->has_response) {
            p->days = p->response - p->published;
            p->within = p->response <= p->due;
            out->with_dates++;
            out->within += p->within;
        }
        p->title = strdup(peel_record_text_at(r, PEEL_PUBLICATION_TITLE));
        p->kind = strdup(peel_record_text_at(r, PEEL_PUBLICATION_KIND));
        if (!p->title || !p->kind) {
            free(p->title);
            free(p->kind);
            oom = true;
            break;
        }
        out->n++;
    }
    peel_records_free(&pubs);
    if (!oom)
        oom = !explain(out);
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
    free(h->computed);
    free(h->undated);
    memset(h, 0, sizeof *h);
}
