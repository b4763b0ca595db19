/* map.c - the year's coverage as a map: each district drawn from its LSOA
 * boundaries (crime/shapes.h) and shaded by the community days held in it,
 * the same figures as the coverage table beside it (summary.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crime/shapes.h"
#include "engagement/map.h"

int peel_engagement_coverage_map(const peel_eng_rows *rows, const char *dir, double size,
                                 peel_chart **out, size_t *missing, peel_err *err)
{
    peel_shapes_region *regions = calloc(rows->n + 1, sizeof *regions);
    char(*codes)[33] = calloc(rows->n + 1, sizeof *codes);
    int rc = -1;

    *out = NULL;
    *missing = 0;
    if (!regions || !codes) {
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
    rc = peel_shapes_region_map(regions, rows->n, dir, size, "coverage-map",
                                "Community days by district",
                                "Map of the force area's districts, each shaded by the community "
                                "days held in it in the year, darker for more; the same figures "
                                "are in the coverage table.",
                                "community days", out, missing, err);
out:
    free(regions);
    free(codes);
    return rc;
}
