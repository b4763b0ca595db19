/* shapes.h - LSOA boundaries for the crime maps, read from the ONS GeoJSON
 * files (one per district: lsoa/CODE.geojson for 2021 LSOAs, lsoa11/ for
 * 2011) and projected into a map chart's coordinates (render/svg.h), so that
 * the chart writer stays free of GeoJSON and of geography.
 *
 * The projection is equirectangular, longitudes scaled by the cosine of the
 * middle latitude of everything drawn: accurate enough at county scale.
 *
 * Ownership: a peel_shapes owns its shapes and their strings and points;
 * peel_shapes_release frees them.  peel_shapes_chart copies points into the
 * chart.
 */
#ifndef PEEL_CRIME_SHAPES_H
#define PEEL_CRIME_SHAPES_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"
#include "core/vec.h"
#include "render/svg.h"

typedef struct peel_shape {
    char *code, *name;     /* LSOA21CD / LSOA21NM, else the 2011 ones */
    PEEL_VEC(double) xy;   /* longitude latitude pairs, ring after ring */
    PEEL_VEC(size_t) ring; /* points in each ring */
} peel_shape;

typedef struct peel_shapes {
    peel_shape *v;
    size_t n, cap;
    bool failed; /* out of memory while reading */
} peel_shapes;

typedef struct peel_shapes_proj {
    double minx, maxy, k, kx; /* x = (lon - minx) * kx, y = (maxy - lat) * k */
    double w, h;              /* the drawing's size */
} peel_shapes_proj;

/* The boundaries folder: $PEEL_SHARED (or ../shared) then
 * data/geography/geo-lookups/boundaries. */
const char *peel_shapes_dir(char *buf, size_t n);
/* Appends the polygons of DIR/SUB/CODE.geojson (SUB "lsoa" or "lsoa11");
 * returns how many features were read: 0 when the file is missing or is not
 * GeoJSON, -1 out of memory (s->failed). */
int peel_shapes_load(peel_shapes *s, const char *dir, const char *sub, const char *code);
void peel_shapes_release(peel_shapes *s);

/* Whether the point (lon, lat) lies inside shape sh, by the even-odd rule
 * over all its rings, so that a hole is outside.  A point exactly on an
 * edge may fall either way. */
bool peel_shapes_contains(const peel_shape *sh, double lon, double lat);
/* Whether district CODE, drawn from its LSOA boundaries (lsoa, else
 * lsoa11) in dir (peel_shapes_dir when NULL), holds the point: 1 inside,
 * 0 outside, 2 when no boundary is installed for it, -1 out of memory. */
int peel_shapes_district_holds(const char *dir, const char *code, double lon, double lat);

/* A drawn boundary: England and Wales's extent, generously, and at most
 * this many positions. */
#define PEEL_SHAPES_MIN_LON (-6.5)
#define PEEL_SHAPES_MAX_LON 2.0
#define PEEL_SHAPES_MIN_LAT 49.8
#define PEEL_SHAPES_MAX_LAT 55.9
#define PEEL_SHAPES_MAX_POINTS 20000
#define PEEL_SHAPES_MAX_POINTS_TEXT "20,000"

/* Reads text as a drawn area: a GeoJSON Polygon or MultiPolygon, or a
 * Feature holding one, positions [longitude, latitude] inside England and
 * Wales, each ring closed.  1: *out holds its rings (the caller releases
 * out->xy and out->ring; code and name stay NULL); 0: why says what is
 * wrong; -1 out of memory. */
int peel_shapes_parse(const char *text, peel_shape *out, char *why, size_t whysz);

/* Fits every shape of s into a drawing whose longer side is `size` units;
 * false when there is nothing to draw. */
bool peel_shapes_fit(const peel_shapes *s, double size, peel_shapes_proj *p);
/* Adds shape sh's rings, projected, to region i of map chart c; -1 when out
 * of memory. */
int peel_shapes_chart(const peel_shape *sh, const peel_shapes_proj *p, peel_chart *c, size_t i);

/* Adds to region i of map chart c the outline of shapes [from, to) of s
 * drawn together: the edges of their rings that no other ring among them
 * shares (at the drawing's tenth of a unit), as polylines.  -1 when out of
 * memory. */
int peel_shapes_outline(const peel_shapes *s, size_t from, size_t to, const peel_shapes_proj *p,
                        peel_chart *c, size_t i);

/* One district of a district map: its code (NULL: not drawn), name and
 * value (has false: drawn grey, "No data"). */
typedef struct peel_shapes_region {
    const char *code, *name;
    double value;
    bool has;
} peel_shapes_region;

/* A map chart (id, title, description for screen readers, unit of the
 * values) of regions[0..n), region i as the chart's region i, each drawn
 * from its LSOA boundaries (lsoa, else lsoa11) in dir (peel_shapes_dir when
 * NULL), size units on its longer side, named, with its outline.  *missing
 * gets the regions with a code but no boundary file (not drawn); *out is
 * NULL when none can be drawn.  -1 only when out of memory.  The caller
 * frees *out (peel_chart_free). */
int peel_shapes_region_map(const peel_shapes_region *regions, size_t n, const char *dir,
                           double size, const char *id, const char *title, const char *desc,
                           const char *unit, peel_chart **out, size_t *missing, peel_err *err);

/* A place to mark on a region map: longitude, latitude and its label. */
typedef struct peel_shapes_mark {
    double lon, lat;
    const char *label;
} peel_shapes_mark;

/* peel_shapes_region_map with marks[0..nmarks) drawn as dots, the legend
 * naming a dot key; *offmap gets the marks outside the drawing (not
 * drawn). */
int peel_shapes_region_map_marks(const peel_shapes_region *regions, size_t n,
                                 const peel_shapes_mark *marks, size_t nmarks, const char *key,
                                 const char *dir, double size, const char *id, const char *title,
                                 const char *desc, const char *unit, peel_chart **out,
                                 size_t *missing, size_t *offmap, peel_err *err);

#endif
