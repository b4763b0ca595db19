/* overview.c - the figures of /crime (see overview.h): one view of every
 * month for the force and its districts, then per row the latest month and
 * the 12 calendar months to it.  A month without street data is neither a
 * zero nor hidden: it is left out of a total and counted in months12, and
 * the view's have[] lists it for the months strip. */
#include "crime/overview.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crime/shapes.h"

static void row_figures(const peel_crime_overview *o, const int64_t *by_month,
                        peel_crime_overview_row *r)
{
    const peel_crime_view *v = &o->v;
    r->latest = v->have[v->nm - 1] ? by_month[v->nm - 1] : -1;
    r->total12 = 0;
    r->months12 = 0;
    for (peel_month m = o->from12; m <= v->to; m++) {
        if (m < v->from || !v->have[m - v->from])
            continue; /* before the first month imported, or a gap */
        r->total12 += by_month[m - v->from];
        r->months12++;
    }
}

static int counted_cb(void *ctx, const peel_crime_area *a, peel_err *err)
{
    peel_crime_overview *o = ctx;
    (void)err;
    for (size_t i = 0; i < o->nrows; i++)
        if (o->rows[i].part->id > 0 && o->rows[i].part->id == a->id)
            o->rows[i].counted = true;
    return 0;
}

int peel_crime_overview_load(peel_store *s, peel_crime_overview *o, peel_err *err)
{
    peel_crime_view_args a = {0};
    peel_month first, last;
    memset(o, 0, sizeof *o);
    int have = peel_crime_db_month_range(s, &first, &last, err);
    if (have < 0)
        return -1;
    if (!have) {
        o->empty = true;
        return 0;
    }
    if (peel_crime_view_load(s, &a, &o->v, err) < 0)
        return -1;
    if (!o->v.nm) {
        peel_crime_view_release(&o->v);
        o->empty = true;
        return 0;
    }
    o->from12 = o->v.to - 11;
    for (size_t m = 0; m < o->v.nm; m++)
        o->held += o->v.have[m];
    row_figures(o, o->v.month_total, &o->force);
    o->rows = calloc(o->v.nparts + 1, sizeof *o->rows);
    if (!o->rows) {
        peel_crime_view_release(&o->v);
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    }
    /* the force's districts (parts with an area record), then the "No
     * location" and "Outside the force area" pseudo-parts */
    if (!strcmp(o->v.area.kind, "force"))
        for (int pass = 0; pass < 2; pass++)
            for (size_t i = 0; i < o->v.nparts; i++)
                if ((o->v.parts[i].id > 0) == (pass == 0)) {
                    peel_crime_overview_row *r = &o->rows[o->nrows++];
                    r->part = &o->v.parts[i];
                    r->counted = pass == 1;
                    row_figures(o, o->v.parts[i].by_month, r);
                }
    o->force.counted = true;
    if (peel_crime_db_districts_with_data(s, counted_cb, o, err) < 0) {
        peel_crime_overview_release(o);
        return -1;
    }
    return 0;
}

void peel_crime_overview_release(peel_crime_overview *o)
{
    if (!o->empty)
        peel_crime_view_release(&o->v);
    free(o->rows);
    memset(o, 0, sizeof *o);
}

int peel_crime_overview_map(const peel_crime_overview *o, const bool *show, const char *dir,
                            double size, const char *id, peel_chart **out, size_t *missing,
                            peel_err *err)
{
    peel_shapes_region *regions = calloc(o->nrows + 1, sizeof *regions);
    char desc[400], to[8], from[8];
    int rc;

    *out = NULL;
    *missing = 0;
    if (!regions)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory drawing the map");
    for (size_t i = 0; i < o->nrows; i++)
        if (show[i] && o->rows[i].part->id > 0)
            regions[i] = (peel_shapes_region){.code = o->rows[i].part->code,
                                              .name = o->rows[i].part->name,
                                              .value = (double)o->rows[i].total12,
                                              .has = o->rows[i].counted};
    peel_month_format(o->from12, from);
    peel_month_format(o->v.to, to);
    snprintf(desc, sizeof desc,
             "Map of the force area's districts, each shaded by its crimes in the 12 months "
             "%s to %s (the months of them that hold data), darker for more; the same figures "
             "are in the table of districts.",
             from, to);
    rc = peel_shapes_region_map(regions, o->nrows, dir, size, id, "Crimes by district", desc,
                                "crimes", out, missing, err);
    free(regions);
    return rc;
}
