/* scheme.c - the publication scheme on a day (decisions.h): for each class
 * the periods due by then, each published on time, late or not at all,
 * read from the scheme_publication records; docs/METHODS.md, "Oversight:
 * decisions and the publication scheme". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/vec.h"
#include "model/record.h"
#include "model/records.h"
#include "oversight/decisions.h"

/* The period of cadence c holding day d: its first and last days. */
static bool period_of(const char *c, peel_date d, peel_date *from, peel_date *to)
{
    peel_month m = peel_month_of_date(d);
    if (!strcmp(c, "monthly")) {
        *from = peel_month_first_day(m);
        *to = peel_month_last_day(m);
    } else if (!strcmp(c, "quarterly")) {
        peel_month q = m - m % 3; /* January, April, July, October */
        *from = peel_month_first_day(q);
        *to = peel_month_last_day(q + 2);
    } else if (!strcmp(c, "annual") || !strcmp(c, "before_year")) {
        *from = peel_fy_first_day(peel_fy_of_date(d));
        *to = peel_fy_last_day(peel_fy_of_date(d));
    } else {
        return false; /* as made: no periods */
    }
    return true;
}

/* The day a period is due by: before the year begins (the day before it),
 * or the office's days after it ends. */
static peel_date due_of(const peel_record *c, peel_date from, peel_date to)
{
    if (!strcmp(peel_rec_str(c, PEEL_SC_CADENCE), "before_year"))
        return from - 1;
    return to + (peel_date)peel_rec_int(c, PEEL_SC_DUE_DAYS);
}

static void state_of(const peel_record *c, const peel_records *pubs, peel_date day,
                     peel_scheme_state *st)
{
    const char *cad = peel_rec_str(c, PEEL_SC_CADENCE);
    peel_date from, to;
    peel_date start =
        peel_rec_has(c, PEEL_SC_SINCE) ? (peel_date)peel_rec_int(c, PEEL_SC_SINCE) : day - 365;

    st->id = c->id;
    snprintf(st->ref, sizeof st->ref, "%s", peel_rec_str(c, PEEL_SC_REF));
    snprintf(st->name, sizeof st->name, "%s", peel_rec_str(c, PEEL_SC_NAME));
    snprintf(st->cadence, sizeof st->cadence, "%s", cad);
    if (!period_of(cad, start, &from, &to)) {
        for (size_t i = 0; i < pubs->n; i++)
            st->other += peel_rec_int(pubs->v[i], PEEL_SP_CLASS) == c->id;
        return;
    }
    for (;;) {
        peel_date due = due_of(c, from, to), published = 0;
        if (due > day) {
            st->next_due = due;
            break;
        }
        /* the earliest publication covering the whole period */
        for (size_t i = 0; i < pubs->n; i++) {
            const peel_record *p = pubs->v[i];
            if (peel_rec_int(p, PEEL_SP_CLASS) != c->id ||
                peel_rec_int(p, PEEL_SP_PERIOD_FROM) > from ||
                peel_rec_int(p, PEEL_SP_PERIOD_TO) < to)
                continue;
            if (!published || peel_rec_int(p, PEEL_SP_PUBLISHED_ON) < published)
                published = (peel_date)peel_rec_int(p, PEEL_SP_PUBLISHED_ON);
        }
        if (!published)
            st->missing++;
        else if (published <= due)
            st->on_time++;
        else
            st->late++;
        if (st->ndue == PEEL_SCHEME_MAX_DUE) /* keep the latest */
            memmove(st->due, st->due + 1, (PEEL_SCHEME_MAX_DUE - 1) * sizeof *st->due);
        else
            st->ndue++;
        st->due[st->ndue - 1] = (peel_scheme_due){from, to, due, published};
        (void)period_of(cad, to + 1, &from, &to);
    }
}

int peel_scheme_on(peel_store *s, const peel_reader *rd, peel_date day, peel_scheme_states *out,
                   peel_err *err)
{
    peel_records classes = {0}, pubs = {0};
    int rc = -1;

    memset(out, 0, sizeof *out);
    if (peel_records_load_visible(s, rd, &peel_type_scheme_class, &classes, err) < 0 ||
        peel_records_load_visible(s, rd, &peel_type_scheme_publication, &pubs, err) < 0)
        goto out;
    for (size_t i = 0; i < classes.n; i++) {
        peel_scheme_state *st = peel_vec_push(out);
        if (!st) {
            peel_err_set(err, PEEL_ENOMEM, "out of memory reading the publication scheme");
            goto out;
        }
        state_of(classes.v[i], &pubs, day, st);
    }
    rc = 0;
out:
    peel_records_free(&classes);
    peel_records_free(&pubs);
    if (rc < 0)
        peel_vec_release(out);
    return rc;
}
