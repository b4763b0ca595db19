/* sections.c - the engagement views as generated sections of a paper
 * (render/section.h): `engagement-summary`, the period's summary as the
 * PCC's update report gives it (seed 001), and `engagement-visits`, every
 * visit or meeting held in the period with its location and its reason,
 * as the Panel resolved (seed 002) that reports give them.  Both are
 * built from summary.h's views for the reader, so a record it may not open
 * is neither listed nor counted.
 *
 * The period is the paper's, or the parameters' "fy=2024-25" or
 * "from=2024-07-01; to=2024-08-31" when given. */
#include <stdio.h>
#include <string.h>

#include "domain/geo.h"
#include "engagement/engagement.h"
#include "engagement/summary.h"
#include "model/records.h"
#include "render/section.h"

/* The heading "What from to to" at the section's level; 0, or 1 when the
 * section has no period (a notice says so). */
static int heading(peel_doc *d, const peel_section_args *a, const char *what, peel_date from,
                   peel_date to, int have)
{
    char x[32], y[32];
    if (!have) {
        peel_doc_add(d, PEEL_BLOCK_HEADING, a->level, NULL, what);
        peel_doc_add(d, PEEL_BLOCK_NOTICE, 0, NULL,
                     "The paper gives no period, and the section names none (fy=YYYY-YY, or "
                     "from=DATE; to=DATE): nothing is shown.");
        return 1;
    }
    peel_date_format_long(from, x);
    peel_date_format_long(to, y);
    peel_doc_addf(d, PEEL_BLOCK_HEADING, a->level, "%s, %s to %s", what, x, y);
    return 0;
}

static int summary(peel_store *s, const peel_reader *rd, const peel_section_args *a, peel_doc *d,
                   peel_err *err)
{
    peel_date from = 0, to = 0;
    peel_eng_rows rows = {0};
    int have = peel_section_period(a, &from, &to, err);

    if (have < 0)
        return -1;
    if (heading(d, a, "The Commissioner's engagement", from, to, have))
        return 0;
    if (peel_engagement_summary(s, rd, from, to, &rows, err) < 0)
        return -1;
    /* a table per section of the summary, its total first */
    for (size_t i = 0; i < rows.n;) {
        size_t j = i;
        while (j < rows.n && !strcmp(rows.v[j].section, rows.v[i].section))
            j++;
        bool flags = false;
        for (size_t k = i; k < j; k++)
            flags |= *rows.v[k].flag != '\0';
        peel_doc_table *t = peel_doc_table_add(d, rows.v[i].section, flags ? 3 : 2, 1, true);
        if (t) {
            const char *head[] = {"Item", "Count", "Note"};
            peel_doc_table_row(d, t, head);
            peel_doc_table_numeric(d, t, 1);
            for (size_t k = i; k < j; k++) {
                char n[24];
                snprintf(n, sizeof n, "%lld", (long long)rows.v[k].n);
                const char *cells[] = {*rows.v[k].item ? rows.v[k].item : "Total", n,
                                       rows.v[k].flag};
                peel_doc_table_row(d, t, cells);
            }
        }
        i = j;
    }
    if (!rows.n)
        peel_doc_add(d, PEEL_BLOCK_NOTICE, 0, NULL, "No engagement is recorded for the period.");
    peel_eng_rows_release(&rows);
    return 0;
}

/* Where it was: the place, then the neighbourhood policing area (or else
 * the district) when the reader may open it; "" when none is recorded. */
static int location(peel_store *s, const peel_reader *rd, const peel_record *e,
                    const char *district, char *out, size_t outsz, peel_err *err)
{
    const char *place = peel_reader_field_visible(rd, &peel_type_engagement.fields[PEEL_ENG_PLACE])
                            ? peel_rec_str(e, PEEL_ENG_PLACE)
                            : "";
    char npa[256] = "";
    if (peel_rec_has(e, PEEL_ENG_NPA)) {
        peel_record *ar = NULL;
        peel_err why = PEEL_ERR_INIT;
        if (peel_store_get(s, &peel_type_area, peel_rec_int(e, PEEL_ENG_NPA), &ar, &why) < 0) {
            if (why.code != PEEL_ENOTFOUND)
                return peel_err_set(err, why.code, "%s", why.msg);
            peel_err_clear(&why);
        } else if (peel_reader_record_visible(rd, ar)) {
            snprintf(npa, sizeof npa, "%s", peel_rec_str(ar, PEEL_AREA_NAME));
        }
        peel_record_free(ar);
    }
    const char *area = *npa ? npa : district;
    snprintf(out, outsz, "%s%s%s", place, *place && *area ? ", " : "", area);
    return 0;
}

/* Why it was held: how it came about and the reason given; "" when neither
 * is recorded. */
static void reason(const peel_reader *rd, const peel_record *e, char *out, size_t outsz)
{
    const peel_field *fb = &peel_type_engagement.fields[PEEL_ENG_INITIATED_BY];
    const peel_field *fw = &peel_type_engagement.fields[PEEL_ENG_INITIATED_WHY];
    const char *by = peel_reader_field_visible(rd, fb) && peel_rec_has(e, PEEL_ENG_INITIATED_BY)
                         ? peel_option_label(fb, peel_rec_str(e, PEEL_ENG_INITIATED_BY))
                         : "";
    const char *why =
        peel_reader_field_visible(rd, fw) ? peel_rec_str(e, PEEL_ENG_INITIATED_WHY) : "";
    by = by ? by : "";
    snprintf(out, outsz, "%s%s%s", by, *by && *why ? ": " : "", why);
}

static int visits(peel_store *s, const peel_reader *rd, const peel_section_args *a, peel_doc *d,
                  peel_err *err)
{
    peel_date from = 0, to = 0;
    peel_eng_visits vs = {0};
    peel_records recs = {0};
    size_t unrecorded_where = 0, unrecorded_why = 0;
    int have = peel_section_period(a, &from, &to, err), rc = -1;

    if (have < 0)
        return -1;
    if (heading(d, a, "Visits and meetings", from, to, have))
        return 0;
    if (peel_engagement_visits(s, rd, from, to, &vs, err) < 0 ||
        peel_records_load(s, &peel_type_engagement, &recs, err) < 0)
        goto out;
    peel_doc_add(d, PEEL_BLOCK_PARA, 0, NULL,
                 "Every visit and meeting held in the period, with where it was and why, as the "
                 "Panel asked that reports give the location and reason of every visit.");
    peel_doc_table *t =
        peel_doc_table_add(d, "Visits and meetings held in the period", 5, 1, false);
    if (t) {
        const char *head[] = {"Date", "Visit or meeting", "Kind", "Location", "Reason"};
        peel_doc_table_row(d, t, head);
    }
    for (size_t i = 0; t && i < vs.n; i++) {
        const peel_eng_visit *v = &vs.v[i];
        const peel_record *e = peel_records_get(&recs, v->id);
        char when[80], x[32], y[32], where[600] = "", why[1400] = "";
        if (v->dated) {
            peel_date_format_long(v->date, when);
        } else {
            peel_date_format_long(v->held_from, x);
            peel_date_format_long(v->held_to, y);
            snprintf(when, sizeof when, "Between %s and %s", x, y);
        }
        if (e && peel_reader_record_visible(rd, e)) {
            if (location(s, rd, e, v->district, where, sizeof where, err) < 0)
                goto out;
            reason(rd, e, why, sizeof why);
        }
        unrecorded_where += !*where;
        unrecorded_why += !*why;
        const peel_field *fk = &peel_type_engagement.fields[PEEL_ENG_KIND];
        const char *kind = peel_option_label(fk, v->kind);
        const char *cells[] = {when, v->title, kind ? kind : v->kind,
                               *where ? where : "not recorded", *why ? why : "not recorded"};
        peel_doc_table_row(d, t, cells);
    }
    if (!vs.n)
        peel_doc_add(d, PEEL_BLOCK_NOTICE, 0, NULL,
                     "No visit or meeting is recorded as held in the period.");
    if (unrecorded_where || unrecorded_why)
        peel_doc_addf(d, PEEL_BLOCK_NOTICE, 0,
                      "Not recorded: the location of %zu and the reason for %zu of the %zu "
                      "visits and meetings; the papers they are transcribed from do not give "
                      "them.",
                      unrecorded_where, unrecorded_why, vs.n);
    rc = 0;
out:
    peel_eng_visits_release(&vs);
    peel_records_free(&recs);
    return rc;
}

const peel_section_decl peel_engagement_sections[] = {
    {"engagement-summary", "The Commissioner's engagement in the period",
     "the paper's period, or fy=YYYY-YY, or from=DATE; to=DATE", summary},
    {"engagement-visits", "Every visit and meeting in the period, with its location and reason",
     "the paper's period, or fy=YYYY-YY, or from=DATE; to=DATE", visits},
    {0},
};
