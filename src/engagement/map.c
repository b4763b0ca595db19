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
    peel_shapes s = {0};
    peel_shapes_proj p;
    char dbuf[1024], code[33];
    size_t *start = calloc(rows->n + 1, sizeof *start), ndistricts = 0;
    peel_chart *c = NULL;
    int rc = -1;

    *out = NULL;
    *missing = 0;
    if (!start)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory drawing the map");
    if (!dir)
        dir = peel_shapes_dir(dbuf, sizeof dbuf);
    /* district row i's LSOAs are shapes start[i] .. start[i + 1] */
    for (size_t i = 0; i < rows->n; i++) {
        const char *item = rows->v[i].item, *sp = strchr(item, ' ');
        int n;
        start[i] = s.n;
        if (strcmp(rows->v[i].section, "District") || !sp || (size_t)(sp - item) >= sizeof code)
            continue;
        snprintf(code, sizeof code, "%.*s", (int)(sp - item), item);
        ndistricts++;
        if ((n = peel_shapes_load(&s, dir, "lsoa", code)) == 0)
            n = peel_shapes_load(&s, dir, "lsoa11", code);
        if (n < 0)
            goto oom;
        *missing += n == 0;
    }
    start[rows->n] = s.n;
    if (!ndistricts || !peel_shapes_fit(&s, size, &p)) {
        rc = 0;
        goto out;
    }
    c = peel_chart_new(PEEL_CHART_MAP, "coverage-map", "Community days by district",
                       "Map of the force area's districts, each shaded by the community days "
                       "held in it in the year, darker for more; the same figures are in the "
                       "coverage table.",
                       rows->n);
    if (!c || peel_chart_map_unit(c, "community days") < 0)
        goto oom;
    c->map_w = p.w;
    c->map_h = p.h;
    c->map_names = true;
    for (size_t i = 0; i < rows->n; i++) {
        const char *item = rows->v[i].item, *sp = strchr(item, ' ');
        if (start[i] == start[i + 1] || !sp)
            continue; /* not a district, or no boundary: not drawn */
        snprintf(code, sizeof code, "%.*s", (int)(sp - item), item);
        if (peel_chart_set(c, i, sp + 1, (double)rows->v[i].n) < 0 ||
            peel_chart_map_code(c, i, code) < 0)
            goto oom;
        for (size_t k = start[i]; k < start[i + 1]; k++)
            if (peel_shapes_chart(&s.v[k], &p, c, i) < 0)
                goto oom;
        if (peel_shapes_outline(&s, start[i], start[i + 1], &p, c, i) < 0)
            goto oom;
    }
    *out = c;
    c = NULL;
    rc = 0;
    goto out;
oom:
    peel_err_set(err, PEEL_ENOMEM, "out of memory drawing the map");
out:
    peel_chart_free(c);
    peel_shapes_release(&s);
    free(start);
    return rc;
}
