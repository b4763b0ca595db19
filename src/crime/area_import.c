/* area_import.c - loads LSOA -> district lookups into the area records.
 *
 * Two sources, recognised by content: the ONS "LSOA (2011) to ward to LAD"
 * CSV (header with LSOA11CD, LSOA11NM and LAD19CD or LAD..CD), read with the
 * streaming CSV reader; and LSOA boundary GeoJSON (2011 or 2021 codes), read
 * with jansson, whose feature properties carry the same lookup.  LSOAs of
 * districts that are not area records are counted as skipped, not stored.
 */
#include "crime/area_import.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "crime/crime_db.h"

typedef struct district {
    int64_t id;
    char code[33];
} district;

typedef struct districts {
    district *v;
    size_t n;
} districts;

static int district_cb(void *ctx, const peel_crime_area *a, peel_err *err)
{
    districts *d = ctx;
    if (strcmp(a->kind, "district"))
        return 0;
    district *v = realloc(d->v, (d->n + 1) * sizeof *v);
    if (!v)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    d->v = v;
    v[d->n].id = a->id;
    snprintf(v[d->n].code, sizeof v[d->n].code, "%s", a->code);
    d->n++;
    return 0;
}

static int64_t district_of(const districts *d, const char *code, size_t n)
{
    for (size_t i = 0; i < d->n; i++)
        if (strlen(d->v[i].code) == n && !strncmp(d->v[i].code, code, n))
            return d->v[i].id;
    return 0;
}

static int put(peel_store *s, const districts *d, const char *code, size_t cn, const char *name,
               size_t nn, const char *lad, size_t ln, int vintage, peel_area_import_stats *st,
               peel_err *err)
{
    char c[33], nm[201];
    int64_t parent = district_of(d, lad, ln), id;
    bool created;
    if (!parent) {
        st->skipped++;
        return 0;
    }
    if (cn == 0 || cn >= sizeof c || nn >= sizeof nm)
        return peel_err_set(err, PEEL_EINPUT, "'%.*s' is not an LSOA code", (int)(cn > 40 ? 40 : cn),
                            code);
    memcpy(c, code, cn);
    c[cn] = 0;
    memcpy(nm, name, nn);
    nm[nn] = 0;
    if (peel_crime_db_area_upsert(s, c, nm, "lsoa", parent, vintage, &id, &created, err) < 0)
        return -1;
    if (created)
        st->added++;
    else
        st->updated++;
    return 0;
}

static int col_of(const peel_csv_row *row, const char *prefix, const char *suffix)
{
    size_t pn = strlen(prefix), sn = strlen(suffix);
    for (size_t i = 0; i < row->n; i++) {
        peel_str f = row->fields[i];
        if (f.n == pn + 2 + sn && !memcmp(f.p, prefix, pn) && !memcmp(f.p + pn + 2, suffix, sn))
            return (int)i;
    }
    return -1;
}

static int import_csv(peel_store *s, const districts *d, FILE *f, const char *path,
                      peel_area_import_stats *st, peel_err *err)
{
    peel_csv *csv = peel_csv_open(f, path);
    peel_csv_row row;
    int rc, code, name, lad, vintage = 2011;
    if (!csv)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    rc = peel_csv_next(csv, &row, err);
    if (rc <= 0) {
        peel_csv_close(csv);
        return rc == 0 ? peel_err_set(err, PEEL_EINPUT, "line 1: the file is empty") : -1;
    }
    code = col_of(&row, "LSOA", "CD");
    name = col_of(&row, "LSOA", "NM");
    lad = col_of(&row, "LAD", "CD");
    if (code >= 0 && row.fields[code].n >= 6 && !memcmp(row.fields[code].p, "LSOA21", 6))
        vintage = 2021;
    if (code < 0 || name < 0 || lad < 0) {
        peel_csv_close(csv);
        return peel_err_set(err, PEEL_EINPUT,
                            "line 1: expected columns LSOAyyCD, LSOAyyNM and LADyyCD (the ONS "
                            "LSOA to local authority lookup)");
    }
    while ((rc = peel_csv_next(csv, &row, err)) > 0) {
        if (row.n <= (size_t)code || row.n <= (size_t)name || row.n <= (size_t)lad) {
            rc = peel_err_set(err, PEEL_EINPUT, "line %llu: %zu fields, too few",
                              (unsigned long long)row.line, row.n);
            break;
        }
        if (put(s, d, row.fields[code].p, row.fields[code].n, row.fields[name].p,
                row.fields[name].n, row.fields[lad].p, row.fields[lad].n, vintage, st, err) < 0) {
            peel_err_prefix(err, "line %llu", (unsigned long long)row.line);
            rc = -1;
            break;
        }
    }
    peel_csv_close(csv);
    return rc < 0 ? -1 : 0;
}

static const char *prop(json_t *props, const char *key)
{
    json_t *v = json_object_get(props, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static int import_geojson(peel_store *s, const districts *d, const char *path,
                          peel_area_import_stats *st, peel_err *err)
{
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    if (!root)
        return peel_err_set(err, PEEL_EINPUT, "line %d, column %d: %s", je.line, je.column,
                            je.text);
    json_t *features = json_object_get(root, "features");
    if (!json_is_array(features)) {
        json_decref(root);
        return peel_err_set(err, PEEL_EINPUT, "not a GeoJSON FeatureCollection");
    }
    /* The district from the file name (E07000130.geojson) when properties lack it. */
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t i;
    json_t *feat;
    int rc = 0;
    json_array_foreach(features, i, feat)
    {
        json_t *props = json_object_get(feat, "properties");
        int vintage = 2021;
        const char *code = prop(props, "LSOA21CD"), *name = prop(props, "LSOA21NM");
        if (!code) {
            code = prop(props, "LSOA11CD");
            name = prop(props, "LSOA11NM");
            vintage = 2011;
        }
        const char *lad = prop(props, "LADCD_ACTIVE");
        size_t ln = lad ? strlen(lad) : (strchr(base, '.') ? (size_t)(strchr(base, '.') - base) : 0);
        if (!lad)
            lad = base;
        if (!code || !name) {
            rc = peel_err_set(err, PEEL_EINPUT, "feature %zu: no LSOA21CD/LSOA11CD and name", i + 1);
            break;
        }
        if (put(s, d, code, strlen(code), name, strlen(name), lad, ln, vintage, st, err) < 0) {
            rc = -1;
            break;
        }
    }
    json_decref(root);
    return rc;
}

int peel_crime_area_import(peel_store *s, const char *path, peel_area_import_stats *st,
                           peel_err *err)
{
    districts d = {0};
    int rc = -1;
    if (peel_crime_db_areas(s, 0, NULL, district_cb, &d, err) < 0)
        goto out;
    if (d.n == 0) {
        peel_err_set(err, PEEL_EINPUT,
                     "no districts recorded: add the force area and its districts first "
                     "(peel demo, or peel import area FILE.csv with code,name,kind,parent)");
        goto out;
    }
    size_t n = strlen(path);
    if (n > 8 && (!strcmp(path + n - 8, ".geojson") || !strcmp(path + n - 5, ".json"))) {
        rc = import_geojson(s, &d, path, st, err);
    } else {
        FILE *f = fopen(path, "rb");
        if (!f) {
            peel_err_set(err, PEEL_EIO, "%s", strerror(errno));
        } else {
            rc = import_csv(s, &d, f, path, st, err);
            fclose(f);
        }
    }
    if (rc == 0)
        rc = peel_crime_db_refresh_geo(s, err);
out:
    if (rc < 0 && !strstr(err->msg, path))
        peel_err_prefix(err, "%s", path);
    free(d.v);
    return rc;
}
