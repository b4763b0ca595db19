/* giving.c - the 360Giving export (giving.h): each award the reader may
 * open, dated in the period, as a grant of the 360Giving Data Standard.
 * The identifiers follow org-id.guide: an organisation's own org_id when
 * recorded, else GB-CHC- and its charity number, else GB-COH- and its
 * company number; a grant's identifier is its fund's 360G- prefix and the
 * award's reference (the reference alone while no prefix is recorded).
 * Amounts are written from pence exactly: "9974.60" in the CSV and the
 * nearest number in JSON, printed with 15 significant digits, which gives
 * the two decimals back for every amount peel accepts. */
#include "commissioning/giving.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "commissioning/commissioning.h"
#include "core/csv.h"
#include "core/money.h"
#include "core/str.h"
#include "core/vec.h"
#include "domain/geo.h"
#include "model/record.h"
#include "model/records.h"

void peel_giving_release(peel_giving *g)
{
    for (size_t i = 0; i < g->n; i++) {
        peel_giving_grant *x = &g->v[i];
        char *strs[] = {x->id,          x->title,       x->description, x->rec_id,    x->rec_name,
                        x->rec_charity, x->rec_company, x->fund_id,     x->fund_name, x->programme,
                        x->loc_name,    x->loc_code,    x->loc_type};
        for (size_t k = 0; k < sizeof strs / sizeof strs[0]; k++)
            free(strs[k]);
    }
    peel_vec_release(g);
}

const char *peel_giving_reason(int reason)
{
    switch (reason) {
    case PEEL_GIVING_NO_DATE:
        return "no award date recorded";
    case PEEL_GIVING_NO_TITLE:
        return "neither its project nor its purpose recorded";
    case PEEL_GIVING_NO_RECIPIENT:
        return "no charity number, company number or identifier recorded for its recipient";
    default:
        return "no funder with an identifier recorded for its fund";
    }
}

/* The org-id.guide identifier of an organisation into out ("" when none). */
static void org_identifier(const peel_record *org, char out[static 128])
{
    const char *own = peel_record_text_at(org, PEEL_ORG_ORG_ID);
    const char *chc = peel_record_text_at(org, PEEL_ORG_CHARITY_NUMBER);
    const char *coh = peel_record_text_at(org, PEEL_ORG_COMPANY_NUMBER);
    if (*own)
        snprintf(out, 128, "%s", own);
    else if (*chc)
        snprintf(out, 128, "GB-CHC-%s", chc);
    else if (*coh)
        snprintf(out, 128, "GB-COH-%s", coh);
    else
        out[0] = '\0';
}

/* The record of id in t when rd may open it, else NULL. */
static const peel_record *visible(const peel_records *t, const peel_reader *rd, int64_t id)
{
    const peel_record *r = id ? peel_records_get(t, id) : NULL;
    return r && peel_reader_record_visible(rd, r) ? r : NULL;
}

static const char *geo_type(const char *kind)
{
    if (!strcmp(kind, "district"))
        return "LAD"; /* the codelist's local authority district */
    if (!strcmp(kind, "ward"))
        return "WD";
    if (!strcmp(kind, "lsoa"))
        return "LSOA";
    return "";
}

static int cmp(const void *a, const void *b)
{
    const peel_giving_grant *x = a, *y = b;
    if (x->awarded_on != y->awarded_on)
        return x->awarded_on < y->awarded_on ? -1 : 1;
    return strcmp(x->id, y->id);
}

int peel_giving_build(peel_store *s, const peel_reader *rd, peel_date from, peel_date to,
                      peel_giving *out, peel_err *err)
{
    peel_records awards = {0}, orgs = {0}, funds = {0}, rounds = {0}, areas = {0};
    int rc = -1;

    memset(out, 0, sizeof *out);
    if (peel_records_load(s, &peel_type_award, &awards, err) < 0 ||
        peel_records_load(s, &peel_type_organisation, &orgs, err) < 0 ||
        peel_records_load(s, &peel_type_fund, &funds, err) < 0 ||
        peel_records_load(s, &peel_type_round, &rounds, err) < 0 ||
        peel_records_load(s, &peel_type_area, &areas, err) < 0)
        goto out;
    for (size_t i = 0; i < awards.n; i++) {
        const peel_record *a = awards.v[i];
        if (!peel_reader_record_visible(rd, a))
            continue;
        if (!peel_rec_has(a, PEEL_AWARD_AWARDED_ON)) {
            out->left_out[PEEL_GIVING_NO_DATE]++;
            continue;
        }
        peel_date on = (peel_date)peel_rec_int(a, PEEL_AWARD_AWARDED_ON);
        if ((from && on < from) || (to && on > to))
            continue;
        const char *project = peel_record_text_at(a, PEEL_AWARD_PROJECT);
        const char *purpose = peel_record_text_at(a, PEEL_AWARD_PURPOSE);
        if (!*project && !*purpose) {
            out->left_out[PEEL_GIVING_NO_TITLE]++;
            continue;
        }
        const peel_record *org = visible(&orgs, rd, peel_rec_int(a, PEEL_AWARD_ORGANISATION));
        char rec_id[128] = "", fund_id[128] = "";
        if (org)
            org_identifier(org, rec_id);
        if (!*rec_id) {
            out->left_out[PEEL_GIVING_NO_RECIPIENT]++;
            continue;
        }
        /* The fund: the award's own, else its round's. */
        int64_t round_id = 0, fund_ref = peel_rec_int(a, PEEL_AWARD_FUND);
        if (!fund_ref && peel_award_round(s, a, &round_id, err) < 0)
            goto out;
        const peel_record *round = fund_ref ? NULL : visible(&rounds, rd, round_id);
        if (round)
            fund_ref = peel_rec_int(round, PEEL_ROUND_FUND);
        const peel_record *fund = visible(&funds, rd, fund_ref);
        const peel_record *funder =
            fund ? visible(&orgs, rd, peel_rec_int(fund, PEEL_FUND_FUNDER)) : NULL;
        if (funder)
            org_identifier(funder, fund_id);
        if (!*fund_id) {
            out->left_out[PEEL_GIVING_NO_FUNDER]++;
            continue;
        }
        const char *prefix = peel_record_text_at(fund, PEEL_FUND_GRANT_PREFIX);
        const char *ref = peel_record_text_at(a, PEEL_AWARD_REF);
        size_t plen = strlen(prefix);
        char idbuf[256];
        snprintf(idbuf, sizeof idbuf, "%s%s%s", prefix, plen && prefix[plen - 1] != '-' ? "-" : "",
                 ref);
        if (!plen)
            out->unprefixed++;
        const peel_record *area = visible(&areas, rd, peel_rec_int(a, PEEL_AWARD_AREA));
        peel_giving_grant *g = peel_vec_push(out);
        if (!g) {
            peel_err_set(err, PEEL_ENOMEM, "out of memory writing the grants");
            goto out;
        }
        memset(g, 0, sizeof *g);
        g->award_id = a->id;
        g->amount = peel_rec_int(a, PEEL_AWARD_AMOUNT);
        g->awarded_on = on;
        g->id = peel_strdup(idbuf);
        g->title = peel_strdup(*project ? project : purpose);
        g->description = peel_strdup(*purpose ? purpose : project);
        g->rec_id = peel_strdup(rec_id);
        g->rec_name = peel_strdup(peel_record_text_at(org, PEEL_ORG_NAME));
        g->rec_charity = peel_strdup(peel_record_text_at(org, PEEL_ORG_CHARITY_NUMBER));
        g->rec_company = peel_strdup(peel_record_text_at(org, PEEL_ORG_COMPANY_NUMBER));
        g->fund_id = peel_strdup(fund_id);
        g->fund_name = peel_strdup(peel_record_text_at(funder, PEEL_ORG_NAME));
        g->programme = peel_strdup(peel_record_text_at(fund, PEEL_FUND_NAME));
        g->loc_name = peel_strdup(area ? peel_record_text_at(area, PEEL_AREA_NAME)
                                       : peel_record_text_at(a, PEEL_AWARD_AREA_SERVED));
        g->loc_code = peel_strdup(area ? peel_record_text_at(area, PEEL_AREA_CODE) : "");
        g->loc_type = peel_strdup(area ? geo_type(peel_record_text_at(area, PEEL_AREA_KIND)) : "");
        if (!g->id || !g->title || !g->description || !g->rec_id || !g->rec_name ||
            !g->rec_charity || !g->rec_company || !g->fund_id || !g->fund_name || !g->programme ||
            !g->loc_name || !g->loc_code || !g->loc_type) {
            peel_err_set(err, PEEL_ENOMEM, "out of memory writing the grants");
            goto out;
        }
    }
    if (out->n)
        qsort(out->v, out->n, sizeof *out->v, cmp);
    rc = 0;
out:
    peel_records_free(&awards);
    peel_records_free(&orgs);
    peel_records_free(&funds);
    peel_records_free(&rounds);
    peel_records_free(&areas);
    if (rc < 0)
        peel_giving_release(out);
    return rc;
}

/* ---- JSON ---- */

static json_t *org_json(const char *id, const char *name, const char *charity, const char *company)
{
    json_t *o = json_pack("{s:s, s:s}", "id", id, "name", name);
    if (o && charity && *charity)
        json_object_set_new(o, "charityNumber", json_string(charity));
    if (o && company && *company)
        json_object_set_new(o, "companyNumber", json_string(company));
    return o;
}

json_t *peel_giving_json(const peel_giving *g)
{
    json_t *grants = json_array(), *pkg = json_object();
    if (!grants || !pkg) {
        json_decref(grants);
        json_decref(pkg);
        return NULL;
    }
    json_object_set_new(pkg, "grants", grants);
    for (size_t i = 0; i < g->n; i++) {
        const peel_giving_grant *x = &g->v[i];
        char on[11];
        peel_date_format(x->awarded_on, on);
        json_t *o =
            json_pack("{s:s, s:s, s:s, s:s, s:f, s:s, s:[o], s:[o]}", "id", x->id, "title",
                      x->title, "description", x->description, "currency", "GBP", "amountAwarded",
                      (double)x->amount / 100.0, "awardDate", on, "recipientOrganization",
                      org_json(x->rec_id, x->rec_name, x->rec_charity, x->rec_company),
                      "fundingOrganization", org_json(x->fund_id, x->fund_name, NULL, NULL));
        if (!o || json_array_append_new(grants, o) < 0) {
            json_decref(pkg);
            return NULL;
        }
        if (*x->programme)
            json_object_set_new(o, "grantProgramme", json_pack("[{s:s}]", "title", x->programme));
        if (*x->loc_name || *x->loc_code) {
            json_t *loc = json_object();
            if (loc && *x->loc_name)
                json_object_set_new(loc, "name", json_string(x->loc_name));
            if (loc && *x->loc_code)
                json_object_set_new(loc, "geoCode", json_string(x->loc_code));
            if (loc && *x->loc_type)
                json_object_set_new(loc, "geoCodeType", json_string(x->loc_type));
            if (loc)
                json_object_set_new(loc, "countryCode", json_string("GB"));
            json_object_set_new(o, "beneficiaryLocation", json_pack("[o]", loc));
        }
    }
    return pkg;
}

/* ---- CSV ---- */

#define GIVING_COLS 16
static const char *const giving_cols[GIVING_COLS] = {
    "Identifier",
    "Title",
    "Description",
    "Currency",
    "Amount Awarded",
    "Award Date",
    "Recipient Org:Identifier",
    "Recipient Org:Name",
    "Recipient Org:Charity Number",
    "Recipient Org:Company Number",
    "Funding Org:Identifier",
    "Funding Org:Name",
    "Grant Programme:Title",
    "Beneficiary Location:Name",
    "Beneficiary Location:Geographic Code",
    "Beneficiary Location:Geographic Code Type",
};

void peel_giving_csv(const peel_giving *g, peel_buf *b)
{
    peel_csv_put_row(b, giving_cols, GIVING_COLS);
    for (size_t i = 0; i < g->n; i++) {
        const peel_giving_grant *x = &g->v[i];
        char amount[32], on[11];
        peel_money_format_plain(x->amount, amount);
        peel_date_format(x->awarded_on, on);
        const char *cells[GIVING_COLS] = {
            x->id,        x->title,    x->description, "GBP",          amount,     on,
            x->rec_id,    x->rec_name, x->rec_charity, x->rec_company, x->fund_id, x->fund_name,
            x->programme, x->loc_name, x->loc_code,    x->loc_type};
        peel_csv_put_row(b, cells, GIVING_COLS);
    }
}
