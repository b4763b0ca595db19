/* map.c - the engagement maps: each district drawn from its LSOA
 * boundaries (crime/shapes.h) and shaded by the community days held in it,
 * the same figures as the coverage table beside it (summary.h); on the
 * period's map, the visits with a map point as dots, listed in the table
 * of visits beside it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crime/shapes.h"
#include "engagement/map.h"

static int district_map(const peel_eng_rows *rows, const peel_eng_visits *visits, const char *dir,
                        double size, const char *id, const char *title, const char *desc,
                        peel_chart **out, size_t *missing, size_t *offmap, peel_err *err)
{
    size_t nv = visits ? visits->n : 0;
    peel_shapes_region *regions = calloc(rows->n + 1, sizeof *regions);
    char(*codes)[33] = calloc(rows->n + 1, sizeof *codes);
    peel_shapes_mark *marks = calloc(nv + 1, sizeof *marks);
    size_t nmarks = 0;
    int rc = -1;

    *out = NULL;
    *missing = *offmap = 0;
    if (!regions || !codes || !marks) {
        peel_err_set(err, PEEL_ENOMEM, "out of memory drawing the map");
        goto out;
    }
    /* the district rows: item "CODE Name" (summary.h) */
    for (size_t i = 0; i < rows->n; i++) {
        const char *item = rows->v[i].item, *sp = strchr(item, ' ');
        if (strcmp(rows->v[i].section, "District") || !sp || (size_t)(sp - item) >= sizeof codes[i])
            continue;
        snprintf(codes[i], sizeof codes[i], "%.*s", (int)(sp - item), item);
        regions[i] = (peel_shapes_region){
            .code = codes[i], .name = sp + 1, .value = (double)rows->v[i].n, .has = true};
    }
    for (size_t i = 0; i < nv; i++)
        if (visits->v[i].has_point)
            marks[nmarks++] = (peel_shapes_mark){
                .lon = visits->v[i].lon, .lat = visits->v[i].lat, .label = visits->v[i].title};
    rc = peel_shapes_region_map_marks(regions, rows->n, marks, nmarks, "A visit or meeting", dir,
                                      size, id, title, desc, "community days", out, missing, offmap,
                                      err);
out:
    free(regions);
    free(codes);
    free(marks);
    return rc;
}

int peel_engagement_coverage_map(const peel_eng_rows *rows, const char *dir, double size,
                                 peel_chart **out, size_t *missing, peel_err *err)
{
    size_t offmap;
    return district_map(rows, NULL, dir, size, "coverage-map", "Community days by district",
                        "Map of the force area's districts, each shaded by the community days "
                        "held in it in the year, darker for more; the same figures are in the "
                        "coverage table.",
                        out, missing, &offmap, err);
}

int peel_engagement_period_map(const peel_eng_rows *rows, const peel_eng_visits *visits,
                               const char *dir, double size, peel_chart **out, size_t *missing,
                               size_t *offmap, peel_err *err)
{
    return district_map(rows, visits, dir, size, "period-map", "Where the Commissioner went",
                        "Map of the force area's districts, each shaded by the community days "
                        "held in it in the period, darker for more, with a dot for each visit "
                        "or meeting whose place is recorded; the table of visits lists them "
                        "all.",
                        out, missing, offmap, err);
}
