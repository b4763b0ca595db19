/* shapes.c - reads LSOA boundaries from ONS GeoJSON with jansson and
 * projects them for a map chart (see shapes.h).  Polygons and
 * MultiPolygons are kept ring by ring, holes too: the chart writer draws
 * them with the non-zero rule per ring, which is how the old pack drew
 * them. */
#include "crime/shapes.h"

#include "core/str.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *peel_shapes_dir(char *buf, size_t n)
{
    const char *shared = getenv("PEEL_SHARED");
    snprintf(buf, n, "%s/data/geography/geo-lookups/boundaries",
             shared && *shared ? shared : "../shared");
    return buf;
}

static int add_ring(peel_shape *sh, json_t *ring)
{
    size_t i, n = json_array_size(ring);
    json_t *pt;
    if (!n)
        return 0;
    if (peel_vec_reserve(&sh->xy, 2 * n) < 0 || peel_vec_reserve(&sh->ring, 1) < 0)
        return -1;
    json_array_foreach(ring, i, pt)
    {
        sh->xy.v[sh->xy.n++] = json_number_value(json_array_get(pt, 0));
        sh->xy.v[sh->xy.n++] = json_number_value(json_array_get(pt, 1));
    }
    sh->ring.v[sh->ring.n++] = n;
    return 0;
}

static int add_geometry(peel_shape *sh, json_t *geom)
{
    const char *type = json_string_value(json_object_get(geom, "type"));
    json_t *coords = json_object_get(geom, "coordinates"), *poly, *ring;
    size_t i, k;
    if (!type)
        return 0;
    if (!strcmp(type, "Polygon")) {
        json_array_foreach(coords, i, ring) if (add_ring(sh, ring) < 0) return -1;
    } else if (!strcmp(type, "MultiPolygon")) {
        json_array_foreach(coords, i, poly)
            json_array_foreach(poly, k, ring) if (add_ring(sh, ring) < 0) return -1;
    }
    return 0;
}

/* Why ring is not a closed ring of positions inside England and Wales, or
 * NULL; *points counts its positions. */
static const char *bad_ring(json_t *ring, size_t *points)
{
    size_t i, n = json_array_size(ring);
    json_t *pt;
    if (!json_is_array(ring) || n < 4)
        return "each ring needs at least 4 positions, the last the same as the first";
    *points += n;
    json_array_foreach(ring, i, pt)
    {
        json_t *x = json_array_get(pt, 0), *y = json_array_get(pt, 1);
        if (!json_is_array(pt) || !json_is_number(x) || !json_is_number(y))
            return "a position is not [longitude, latitude]";
        double lon = json_number_value(x), lat = json_number_value(y);
        if (!(lon >= PEEL_SHAPES_MIN_LON && lon <= PEEL_SHAPES_MAX_LON &&
              lat >= PEEL_SHAPES_MIN_LAT && lat <= PEEL_SHAPES_MAX_LAT))
            return "a position is outside England and Wales (positions are [longitude, "
                   "latitude])";
    }
    json_t *a = json_array_get(ring, 0), *b = json_array_get(ring, n - 1);
    if (json_number_value(json_array_get(a, 0)) != json_number_value(json_array_get(b, 0)) ||
        json_number_value(json_array_get(a, 1)) != json_number_value(json_array_get(b, 1)))
        return "a ring is not closed: its last position must be its first";
    return NULL;
}

int peel_shapes_parse(const char *text, peel_shape *out, char *why, size_t whysz)
{
    json_error_t jerr;
    json_t *root = json_loads(text, 0, &jerr), *geom, *coords, *poly, *ring;
    const char *type, *bad = NULL;
    size_t i, k, points = 0;
    int rc = 0;

    memset(out, 0, sizeof *out);
    if (!root) {
        /* jansson quotes the text near the fault, which may be any bytes: cut
         * the quote at the first that is not UTF-8, so the message is text */
        size_t bad_at = strlen(jerr.text);
        (void)peel_utf8_valid(jerr.text, bad_at, &bad_at);
        snprintf(why, whysz, "not GeoJSON: %.*s (line %d)", (int)bad_at, jerr.text, jerr.line);
        return 0;
    }
    geom = root;
    type = json_string_value(json_object_get(root, "type"));
    if (type && !strcmp(type, "Feature")) {
        geom = json_object_get(root, "geometry");
        type = json_string_value(json_object_get(geom, "type"));
    }
    coords = json_object_get(geom, "coordinates");
    if (!type || (strcmp(type, "Polygon") && strcmp(type, "MultiPolygon")))
        bad = "give a GeoJSON Polygon or MultiPolygon (or a Feature holding one)";
    else if (!json_is_array(coords) || !json_array_size(coords))
        bad = "the geometry has no coordinates";
    else if (!strcmp(type, "Polygon")) {
        json_array_foreach(coords, i, ring) if (!bad) bad = bad_ring(ring, &points);
    } else {
        json_array_foreach(coords, i, poly)
        {
            if (!json_is_array(poly) || !json_array_size(poly))
                bad = "a polygon of the MultiPolygon has no rings";
            json_array_foreach(poly, k, ring) if (!bad) bad = bad_ring(ring, &points);
        }
    }
    if (!bad && points > PEEL_SHAPES_MAX_POINTS)
        bad = "more than " PEEL_SHAPES_MAX_POINTS_TEXT " positions";
    if (bad)
        snprintf(why, whysz, "%s", bad);
    else if (add_geometry(out, geom) < 0)
        rc = -1;
    else
        rc = 1;
    if (rc != 1) {
        peel_vec_release(&out->xy);
        peel_vec_release(&out->ring);
    }
    json_decref(root);
    return rc;
}

int peel_shapes_load(peel_shapes *s, const char *dir, const char *sub, const char *code)
{
    char path[1024];
    size_t i, read = 0;
    json_t *f;
    snprintf(path, sizeof path, "%s/%s/%s.geojson", dir, sub, code);
    json_t *root = json_load_file(path, 0, NULL);
    if (!root)
        return 0;
    json_array_foreach(json_object_get(root, "features"), i, f)
    {
        json_t *p = json_object_get(f, "properties");
        const char *c = json_string_value(json_object_get(p, "LSOA21CD"));
        const char *name = json_string_value(json_object_get(p, "LSOA21NM"));
        if (!c) {
            c = json_string_value(json_object_get(p, "LSOA11CD"));
            name = json_string_value(json_object_get(p, "LSOA11NM"));
        }
        peel_shape *sh = peel_vec_push(s);
        if (!sh || !(sh->code = strdup(c ? c : "")) || !(sh->name = strdup(name ? name : "")) ||
            add_geometry(sh, json_object_get(f, "geometry")) < 0) {
            s->failed = true;
            json_decref(root);
            return -1;
        }
        read++;
    }
    json_decref(root);
    return (int)read;
}

void peel_shapes_release(peel_shapes *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].code);
        free(s->v[i].name);
        peel_vec_release(&s->v[i].xy);
        peel_vec_release(&s->v[i].ring);
    }
    peel_vec_release(s);
    s->failed = false;
}

bool peel_shapes_contains(const peel_shape *sh, double lon, double lat)
{
    bool in = false;
    size_t at = 0;
    for (size_t r = 0; r < sh->ring.n; r++) {
        const double *p = sh->xy.v + 2 * at;
        size_t n = sh->ring.v[r];
        /* a ray to the east crosses the ring's edges an odd number of
         * times from inside */
        for (size_t i = 0, j = n - 1; i < n; j = i++) {
            double xi = p[2 * i], yi = p[2 * i + 1], xj = p[2 * j], yj = p[2 * j + 1];
            if ((yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi)
                in = !in;
        }
        at += n;
    }
    return in;
}

int peel_shapes_district_holds(const char *dir, const char *code, double lon, double lat)
{
    char buf[1024];
    peel_shapes s = {0};
    int got, rc = 0;
    if (!dir)
        dir = peel_shapes_dir(buf, sizeof buf);
    if ((got = peel_shapes_load(&s, dir, "lsoa", code)) == 0)
        got = peel_shapes_load(&s, dir, "lsoa11", code);
    if (got < 0)
        rc = -1;
    else if (got == 0)
        rc = 2;
    for (size_t i = 0; rc == 0 && i < s.n; i++)
        if (peel_shapes_contains(&s.v[i], lon, lat))
            rc = 1;
    peel_shapes_release(&s);
    return rc;
}

bool peel_shapes_fit(const peel_shapes *s, double size, peel_shapes_proj *p)
{
    double minx = 1e9, maxx = -1e9, miny = 1e9, maxy = -1e9;
    for (size_t i = 0; i < s->n; i++)
        for (size_t k = 0; k + 1 < s->v[i].xy.n; k += 2) {
            double x = s->v[i].xy.v[k], y = s->v[i].xy.v[k + 1];
            minx = x < minx ? x : minx;
            maxx = x > maxx ? x : maxx;
            miny = y < miny ? y : miny;
            maxy = y > maxy ? y : maxy;
        }
    double midlat = (miny + maxy) / 2 * M_PI / 180;
    double w = (maxx - minx) * cos(midlat), h = maxy - miny;
    if (!(w > 0) || !(h > 0))
        return false;
    p->minx = minx;
    p->maxy = maxy;
    p->k = size / (w > h ? w : h);
    p->kx = p->k * cos(midlat);
    p->w = w * p->k;
    p->h = h * p->k;
    return true;
}

int peel_shapes_chart(const peel_shape *sh, const peel_shapes_proj *p, peel_chart *c, size_t i)
{
    PEEL_VEC(double) pts = {0};
    int rc = 0;
    for (size_t r = 0, at = 0; r < sh->ring.n && rc == 0; at += 2 * sh->ring.v[r++]) {
        size_t n = sh->ring.v[r];
        pts.n = 0;
        if (peel_vec_reserve(&pts, 2 * n) < 0) {
            rc = -1;
            break;
        }
        for (size_t k = 0; k < n; k++) {
            pts.v[2 * k] = (sh->xy.v[at + 2 * k] - p->minx) * p->kx;
            pts.v[2 * k + 1] = (p->maxy - sh->xy.v[at + 2 * k + 1]) * p->k;
        }
        rc = peel_chart_map_ring(c, i, pts.v, n);
    }
    peel_vec_release(&pts);
    return rc;
}

/* ---- outlines ---- */

typedef struct edge {
    long long ax, ay, bx, by; /* tenths of a unit, a before b in the ring */
    long long k[4];           /* the same, smaller end first: shared edges match */
    bool shared;
} edge;

static int edge_cmp(const void *x, const void *y)
{
    const edge *a = *(edge *const *)x, *b = *(edge *const *)y;
    for (int j = 0; j < 4; j++)
        if (a->k[j] != b->k[j])
            return a->k[j] < b->k[j] ? -1 : 1;
    return 0;
}

static long long tenths(double v)
{
    return (long long)(v * 10 + (v < 0 ? -0.5 : 0.5));
}

typedef PEEL_VEC(double) point_vec;

/* Adds the polyline pts to the chart; clears pts. */
static int flush_line(point_vec *pts, peel_chart *c, size_t i)
{
    int rc = pts->n >= 4 ? peel_chart_map_line(c, i, pts->v, pts->n / 2) : 0;
    pts->n = 0;
    return rc;
}

int peel_shapes_outline(const peel_shapes *s, size_t from, size_t to, const peel_shapes_proj *p,
                        peel_chart *c, size_t i)
{
    PEEL_VEC(edge) e = {0};
    PEEL_VEC(edge *) order = {0};
    point_vec pts = {0};
    int rc = -1;

    for (size_t k = from; k < to; k++) {
        const peel_shape *sh = &s->v[k];
        for (size_t r = 0, at = 0; r < sh->ring.n; at += 2 * sh->ring.v[r++])
            for (size_t q = 0; q + 1 < sh->ring.v[r]; q++) {
                const double *a = sh->xy.v + at + 2 * q, *b = a + 2;
                edge x = {.ax = tenths((a[0] - p->minx) * p->kx),
                          .ay = tenths((p->maxy - a[1]) * p->k),
                          .bx = tenths((b[0] - p->minx) * p->kx),
                          .by = tenths((p->maxy - b[1]) * p->k)};
                if (x.ax == x.bx && x.ay == x.by)
                    continue;
                bool swap = x.ax > x.bx || (x.ax == x.bx && x.ay > x.by);
                x.k[0] = swap ? x.bx : x.ax;
                x.k[1] = swap ? x.by : x.ay;
                x.k[2] = swap ? x.ax : x.bx;
                x.k[3] = swap ? x.ay : x.by;
                edge *slot = peel_vec_push(&e);
                if (!slot)
                    goto out;
                *slot = x;
            }
    }
    if (peel_vec_reserve(&order, e.n) < 0)
        goto out;
    for (size_t k = 0; k < e.n; k++)
        order.v[order.n++] = &e.v[k];
    qsort(order.v, order.n, sizeof *order.v, edge_cmp);
    for (size_t k = 0; k + 1 < order.n; k++)
        if (!edge_cmp(&order.v[k], &order.v[k + 1]))
            order.v[k]->shared = order.v[k + 1]->shared = true;
    /* the edges left, in ring order: consecutive ones join into a line */
    for (size_t k = 0; k < e.n; k++) {
        const edge *x = &e.v[k];
        if (x->shared) {
            if (flush_line(&pts, c, i) < 0)
                goto out;
            continue;
        }
        if (pts.n && (tenths(pts.v[pts.n - 2]) != x->ax || tenths(pts.v[pts.n - 1]) != x->ay) &&
            flush_line(&pts, c, i) < 0)
            goto out;
        if (peel_vec_reserve(&pts, 4) < 0)
            goto out;
        if (!pts.n) {
            pts.v[pts.n++] = (double)x->ax / 10;
            pts.v[pts.n++] = (double)x->ay / 10;
        }
        pts.v[pts.n++] = (double)x->bx / 10;
        pts.v[pts.n++] = (double)x->by / 10;
    }
    if (flush_line(&pts, c, i) < 0)
        goto out;
    rc = 0;
out:
    peel_vec_release(&e);
    peel_vec_release(&order);
    peel_vec_release(&pts);
    return rc;
}

int peel_shapes_region_map(const peel_shapes_region *regions, size_t n, const char *dir,
                           double size, const char *id, const char *title, const char *desc,
                           const char *unit, peel_chart **out, size_t *missing, peel_err *err)
{
    size_t offmap;
    return peel_shapes_region_map_marks(regions, n, NULL, 0, NULL, dir, size, id, title, desc, unit,
                                        out, missing, &offmap, err);
}

int peel_shapes_region_map_marks(const peel_shapes_region *regions, size_t n,
                                 const peel_shapes_mark *marks, size_t nmarks, const char *key,
                                 const char *dir, double size, const char *id, const char *title,
                                 const char *desc, const char *unit, peel_chart **out,
                                 size_t *missing, size_t *offmap, peel_err *err)
{
    peel_shapes s = {0};
    peel_shapes_proj p;
    char dbuf[1024];
    size_t *start = calloc(n + 1, sizeof *start), nshown = 0;
    peel_chart *c = NULL;
    int rc = -1;

    *out = NULL;
    *missing = 0;
    *offmap = 0;
    if (!start)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory drawing the map");
    if (!dir)
        dir = peel_shapes_dir(dbuf, sizeof dbuf);
    /* region i's LSOAs are shapes start[i] .. start[i + 1] */
    for (size_t i = 0; i < n; i++) {
        int got;
        start[i] = s.n;
        if (!regions[i].code)
            continue;
        nshown++;
        if ((got = peel_shapes_load(&s, dir, "lsoa", regions[i].code)) == 0)
            got = peel_shapes_load(&s, dir, "lsoa11", regions[i].code);
        if (got < 0)
            goto oom;
        *missing += got == 0;
    }
    start[n] = s.n;
    if (!nshown || !peel_shapes_fit(&s, size, &p)) {
        rc = 0;
        goto out;
    }
    c = peel_chart_new(PEEL_CHART_MAP, id, title, desc, n);
    if (!c || peel_chart_map_unit(c, unit) < 0)
        goto oom;
    c->map_w = p.w;
    c->map_h = p.h;
    c->map_names = true;
    for (size_t i = 0; i < n; i++) {
        if (!regions[i].code || start[i] == start[i + 1])
            continue; /* not drawn: no region, no value */
        if ((regions[i].has ? peel_chart_set(c, i, regions[i].name, regions[i].value)
                            : peel_chart_label(c, i, regions[i].name)) < 0 ||
            peel_chart_map_code(c, i, regions[i].code) < 0)
            goto oom;
        for (size_t k = start[i]; k < start[i + 1]; k++)
            if (peel_shapes_chart(&s.v[k], &p, c, i) < 0)
                goto oom;
        if (peel_shapes_outline(&s, start[i], start[i + 1], &p, c, i) < 0)
            goto oom;
    }
    for (size_t k = 0; k < nmarks; k++) {
        double x = (marks[k].lon - p.minx) * p.kx, y = (p.maxy - marks[k].lat) * p.k;
        if (x < 0 || y < 0 || x > p.w || y > p.h) {
            ++*offmap;
            continue;
        }
        if (peel_chart_map_mark(c, x, y, marks[k].label) < 0)
            goto oom;
    }
    if (key && peel_chart_map_mark_key(c, key) < 0)
        goto oom;
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
