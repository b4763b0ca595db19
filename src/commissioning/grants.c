/* grants.c - the grants made in a month as the Specified Information Order
 * asks them published (grants.h): every award with an award date in the
 * month, whatever fund it came from; an award with no date recorded is in
 * no month and counted apart, so nothing is silently left out. */
#include "commissioning/grants.h"

#include <stdlib.h>
#include <string.h>

#include "commissioning/commissioning.h"
#include "core/str.h"
#include "core/vec.h"
#include "model/records.h"

void peel_grant_rows_release(peel_grant_rows *g)
{
    for (size_t i = 0; i < g->n; i++) {
        free(g->v[i].ref);
        free(g->v[i].recipient);
        free(g->v[i].purpose);
        free(g->v[i].conditions);
        free(g->v[i].reasons);
    }
    peel_vec_release(g);
}

static int cmp(const void *a, const void *b)
{
    const peel_grant_row *x = a, *y = b;
    if (x->awarded_on != y->awarded_on)
        return x->awarded_on < y->awarded_on ? -1 : 1;
    return strcmp(x->ref, y->ref);
}

int peel_grants_of_month(peel_store *s, const peel_reader *rd, peel_month month,
                         peel_grant_rows *out, peel_err *err)
{
    peel_records awards = {0}, orgs = {0};
    int rc = -1;

    memset(out, 0, sizeof *out);
    if (peel_records_load(s, &peel_type_award, &awards, err) < 0 ||
        peel_records_load(s, &peel_type_organisation, &orgs, err) < 0)
        goto out;
    for (size_t i = 0; i < awards.n; i++) {
        const peel_record *a = awards.v[i];
        if (!peel_reader_record_visible(rd, a))
            continue;
        if (!a->v[PEEL_AWARD_AWARDED_ON].set) {
            out->undated++;
            continue;
        }
        peel_date on = (peel_date)a->v[PEEL_AWARD_AWARDED_ON].i;
        if (peel_month_of_date(on) != month)
            continue;
        const char *recipient = "";
        for (size_t k = 0; k < orgs.n; k++)
            if (a->v[PEEL_AWARD_ORGANISATION].set &&
                orgs.v[k]->id == a->v[PEEL_AWARD_ORGANISATION].i &&
                peel_reader_record_visible(rd, orgs.v[k]))
                recipient = peel_record_text_at(orgs.v[k], PEEL_ORG_NAME);
        peel_grant_row *g = peel_vec_push(out);
        if (!g || !(g->ref = peel_strdup(peel_record_text_at(a, PEEL_AWARD_REF))) ||
            !(g->recipient = peel_strdup(recipient)) ||
            !(g->purpose = peel_strdup(peel_record_text_at(a, PEEL_AWARD_PURPOSE))) ||
            !(g->conditions = peel_strdup(peel_record_text_at(a, PEEL_AWARD_CONDITIONS))) ||
            !(g->reasons = peel_strdup(peel_record_text_at(a, PEEL_AWARD_CRIME_REDUCTION)))) {
            peel_err_set(err, PEEL_ENOMEM, "out of memory listing the grants");
            goto out;
        }
        g->id = a->id;
        g->awarded_on = on;
        g->amount = a->v[PEEL_AWARD_AMOUNT].set ? a->v[PEEL_AWARD_AMOUNT].i : 0;
        out->total += g->amount;
    }
    if (out->n)
        qsort(out->v, out->n, sizeof *out->v, cmp);
    rc = 0;
out:
    peel_records_free(&awards);
    peel_records_free(&orgs);
    if (rc < 0)
        peel_grant_rows_release(out);
    return rc;
}
