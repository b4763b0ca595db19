/* area_import.c - loads LSOA -> district lookups into the area records.
 *
 * Two sources, recognised by content: the ONS "LSOA (2011) to ward to LAD"
 * CSV (header with LSOA11CD, LSOA11NM and LAD19CD or LAD..CD), read with the
 * streaming CSV reader; and LSOA boundary GeoJSON (2011 or 2021 codes), read
 * with jansson, whose feature properties carry the same lookup.  LSOAs of
 * districts that are not area records are counted as skipped, not stored.
 * A folder is searched for both kinds, each file recognised by its content
 * (a header, or the first feature's properties), so ward boundaries and
 * other lookups beside them are passed over rather than refused.
 */
#include "crime/area_import.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/csv.h"
#include "core/vec.h"
#include "model/crud.h"
#include "model/model.h"
#include "store/crime_db.h"

typedef struct district {
    int64_t id;
    char code[33];
} district;

typedef PEEL_VEC(district) districts;

static int district_cb(void *ctx, const peel_crime_area *a, peel_err *err)
{
    districts *d = ctx;
    if (strcmp(a->kind, "district"))
        return 0;
    district *x = peel_vec_push(d);
    if (!x)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    x->id = a->id;
    snprintf(x->code, sizeof x->code, "%s", a->code);
    return 0;
}

static int64_t district_of(const districts *d, const char *code, size_t n)
{
    for (size_t i = 0; i < d->n; i++)
        if (strlen(d->v[i].code) == n && !strncmp(d->v[i].code, code, n))
            return d->v[i].id;
    return 0;
}

/* One run of `peel area import`: what every file needs. */
typedef struct run {
    peel_store *s;
    const char *user;
    const peel_type *area;
    int f_code, f_name, f_kind, f_parent, f_vintage, f_publish; /* field indexes */
    districts d;
    FILE *report;
    peel_area_import_stats *st;
} run;

enum area_change { AREA_UNCHANGED, AREA_ADDED, AREA_UPDATED };

/* A field's value from text as people and CSV give it (an empty text is no
 * value), so the declaration's rules apply when the record is validated. */
static int set_text(peel_record *rec, int i, const char *text, peel_fielderrs *fe, peel_err *err)
{
    peel_value v = {0};
    if (peel_value_parse(&rec->type->fields[i], text, strlen(text), &v, fe) < 0)
        return peel_fielderrs_to_err(fe, err);
    peel_value_clear(&rec->v[i]);
    rec->v[i] = v;
    return 0;
}

static void set_int(peel_record *rec, int i, int64_t v)
{
    peel_value_clear(&rec->v[i]);
    rec->v[i] = (peel_value){.set = v != 0, .i = v};
}

/* Creates or updates the LSOA by code through the record path (validated,
 * audited).  A new LSOA is published; an existing one whose publish was
 * never set becomes published, an explicit "no" is kept.  A source of an
 * older census vintage than the record's changes nothing else (a code in
 * both censuses keeps its 2021 name and district). */
static int area_upsert(run *r, const char *code, const char *name, int64_t parent, int vintage,
                       enum area_change *change, peel_err *err)
{
    peel_value key = {.set = true, .s = (char *)code};
    peel_fielderrs fe = {0};
    peel_record *rec = NULL;
    int64_t id;
    int rc = -1;
    int found = peel_store_find(r->s, r->area, &r->area->fields[r->f_code], &key, &id, err);
    if (found < 0)
        return -1;
    if (!found) {
        if (!(rec = peel_record_new(r->area))) {
            peel_err_set(err, PEEL_ENOMEM, "out of memory");
            goto out;
        }
        if (set_text(rec, r->f_code, code, &fe, err) < 0 ||
            set_text(rec, r->f_name, name, &fe, err) < 0 ||
            set_text(rec, r->f_kind, "lsoa", &fe, err) < 0)
            goto out;
        set_int(rec, r->f_parent, parent);
        set_int(rec, r->f_vintage, vintage);
        rec->v[r->f_publish] = (peel_value){.set = true, .i = 1};
        if (peel_crud_create(r->s, r->user, rec, &fe, err) < 0)
            goto out;
        *change = AREA_ADDED;
        rc = 0;
        goto out;
    }
    if (peel_store_get(r->s, r->area, id, &rec, err) < 0)
        goto out;
    int64_t old_vintage = rec->v[r->f_vintage].set ? rec->v[r->f_vintage].i : 0;
    if (old_vintage <= vintage) {
        if (set_text(rec, r->f_name, name, &fe, err) < 0 ||
            set_text(rec, r->f_kind, "lsoa", &fe, err) < 0)
            goto out;
        set_int(rec, r->f_parent, parent);
        set_int(rec, r->f_vintage, vintage);
    }
    if (!rec->v[r->f_publish].set)
        rec->v[r->f_publish] = (peel_value){.set = true, .i = 1};
    bool changed = false;
    if (peel_crud_update(r->s, r->user, rec, &fe, &changed, err) < 0)
        goto out;
    *change = changed ? AREA_UPDATED : AREA_UNCHANGED;
    rc = 0;
out:
    peel_record_free(rec);
    return rc;
}

static int put(run *r, peel_area_import_stats *fs, const char *code, size_t cn, const char *name,
               size_t nn, const char *lad, size_t ln, int vintage, peel_err *err)
{
    char c[33], nm[201];
    int64_t parent = district_of(&r->d, lad, ln);
    enum area_change change;
    if (!parent) {
        fs->skipped++;
        return 0;
    }
    if (cn == 0 || cn >= sizeof c || nn >= sizeof nm)
        return peel_err_set(err, PEEL_EINPUT, "'%.*s' is not an LSOA code",
                            (int)(cn > 40 ? 40 : cn), code);
    memcpy(c, code, cn);
    c[cn] = 0;
    memcpy(nm, name, nn);
    nm[nn] = 0;
    if (area_upsert(r, c, nm, parent, vintage, &change, err) < 0)
        return -1;
    if (change == AREA_ADDED)
        fs->added++;
    else if (change == AREA_UPDATED)
        fs->updated++;
    else
        fs->unchanged++;
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

/* 0 read, 1 not a lookup (only when probing a folder's file), -1 error. */
static int import_csv(run *r, peel_area_import_stats *fs, FILE *f, const char *path, bool probe,
                      peel_err *err)
{
    peel_csv *csv = peel_csv_open(f, path);
    peel_csv_row row;
    int rc, code, name, lad, vintage = 2011;
    if (!csv)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    rc = peel_csv_next(csv, &row, probe ? NULL : err);
    if (rc <= 0) {
        peel_csv_close(csv);
        if (probe)
            return 1;
        return rc == 0 ? peel_err_set(err, PEEL_EINPUT, "line 1: the file is empty") : -1;
    }
    code = col_of(&row, "LSOA", "CD");
    name = col_of(&row, "LSOA", "NM");
    lad = col_of(&row, "LAD", "CD");
    if (code >= 0 && row.fields[code].n >= 6 && !memcmp(row.fields[code].p, "LSOA21", 6))
        vintage = 2021;
    if (code < 0 || name < 0 || lad < 0) {
        peel_csv_close(csv);
        if (probe)
            return 1;
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
        if (put(r, fs, row.fields[code].p, row.fields[code].n, row.fields[name].p,
                row.fields[name].n, row.fields[lad].p, row.fields[lad].n, vintage, err) < 0) {
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

/* Whether a GeoJSON document is LSOA boundaries: a FeatureCollection whose
 * first feature has an LSOA code. */
static bool lsoa_geojson(json_t *root)
{
    json_t *props =
        json_object_get(json_array_get(json_object_get(root, "features"), 0), "properties");
    return prop(props, "LSOA21CD") || prop(props, "LSOA11CD");
}

/* 0 read, 1 not LSOA GeoJSON (only when probing a folder's file), -1 error. */
static int import_geojson(run *r, peel_area_import_stats *fs, const char *path, bool probe,
                          peel_err *err)
{
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    if (!root) {
        if (probe)
            return 1;
        return peel_err_set(err, PEEL_EINPUT, "line %d, column %d: %s", je.line, je.column,
                            je.text);
    }
    json_t *features = json_object_get(root, "features");
    if (probe && !lsoa_geojson(root)) {
        json_decref(root);
        return 1;
    }
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
        size_t ln =
            lad ? strlen(lad) : (strchr(base, '.') ? (size_t)(strchr(base, '.') - base) : 0);
        if (!lad)
            lad = base;
        if (!code || !name) {
            rc =
                peel_err_set(err, PEEL_EINPUT, "feature %zu: no LSOA21CD/LSOA11CD and name", i + 1);
            break;
        }
        if (put(r, fs, code, strlen(code), name, strlen(name), lad, ln, vintage, err) < 0) {
            peel_err_prefix(err, "feature %zu", i + 1);
            rc = -1;
            break;
        }
    }
    json_decref(root);
    return rc;
}

static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), t = strlen(tail);
    return n >= t && !strcmp(s + n - t, tail);
}

/* Reads one file.  probe: a file found in a folder, passed over (counted in
 * other_files) unless it is a lookup CSV or LSOA GeoJSON. */
static int import_file(run *r, const char *path, bool probe, peel_err *err)
{
    peel_area_import_stats fs = {0};
    bool geo = ends_with(path, ".geojson") || ends_with(path, ".json");
    int rc;
    if (probe && !geo && !ends_with(path, ".csv") && !ends_with(path, ".CSV")) {
        r->st->other_files++;
        return 0;
    }
    if (geo) {
        rc = import_geojson(r, &fs, path, probe, err);
    } else {
        FILE *f = fopen(path, "rb");
        if (!f)
            return peel_err_set(err, PEEL_EIO, "%s: %s", path, strerror(errno));
        rc = import_csv(r, &fs, f, path, probe, err);
        fclose(f);
    }
    if (rc < 0) {
        peel_err_prefix(err, "%s", path);
        return -1;
    }
    if (rc == 1) {
        r->st->other_files++;
        return 0;
    }
    r->st->files++;
    r->st->added += fs.added;
    r->st->updated += fs.updated;
    r->st->unchanged += fs.unchanged;
    r->st->skipped += fs.skipped;
    if (r->report)
        fprintf(r->report,
                "%s: %lld LSOAs added, %lld updated, %lld unchanged, %lld outside the recorded "
                "districts skipped\n",
                path, (long long)fs.added, (long long)fs.updated, (long long)fs.unchanged,
                (long long)fs.skipped);
    return 0;
}

/* ---- folders ---- */

typedef PEEL_VEC(char *) file_list;

static int list_add(file_list *l, char *path, peel_err *err)
{
    char **slot = peel_vec_push(l);
    if (!slot) {
        free(path);
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    }
    *slot = path;
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file under dir (not hidden, at most 16 folders deep). */
static int walk(file_list *l, const char *dir, int depth, peel_err *err)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int rc = 0;
    if (!d)
        return peel_err_set(err, PEEL_EIO, "%s: %s", dir, strerror(errno));
    while (rc == 0 && (e = readdir(d))) {
        struct stat sb;
        if (e->d_name[0] == '.')
            continue;
        size_t n = strlen(dir) + strlen(e->d_name) + 2;
        char *child = malloc(n);
        if (!child) {
            rc = peel_err_set(err, PEEL_ENOMEM, "out of memory");
            break;
        }
        snprintf(child, n, "%s/%s", dir, e->d_name);
        if (stat(child, &sb) < 0) {
            rc = peel_err_set(err, PEEL_EIO, "%s: %s", child, strerror(errno));
            free(child);
        } else if (S_ISDIR(sb.st_mode)) {
            if (depth < 16)
                rc = walk(l, child, depth + 1, err);
            free(child);
        } else if (S_ISREG(sb.st_mode)) {
            rc = list_add(l, child, err);
        } else {
            free(child);
        }
    }
    closedir(d);
    return rc;
}

static int import_folder(run *r, const char *dir, peel_err *err)
{
    file_list l = {0};
    int64_t before = r->st->files;
    int rc = walk(&l, dir, 0, err);
    if (rc == 0 && l.n)
        qsort(l.v, l.n, sizeof *l.v, cmp_str);
    for (size_t i = 0; rc == 0 && i < l.n; i++)
        rc = import_file(r, l.v[i], true, err);
    if (rc == 0 && r->st->files == before)
        rc = peel_err_set(err, PEEL_EINPUT,
                          "%s: no ONS LSOA lookup CSV (LSOAyyCD, LSOAyyNM, LADyyCD) or LSOA "
                          "boundary GeoJSON found in the folder",
                          dir);
    for (size_t i = 0; i < l.n; i++)
        free(l.v[i]);
    peel_vec_release(&l);
    return rc;
}

int peel_crime_area_import(peel_store *s, const char *user, const char *path, FILE *report,
                           peel_area_import_stats *st, peel_err *err)
{
    run r = {.s = s, .user = user, .report = report, .st = st, .area = peel_type_find("area")};
    struct stat sb;
    int rc = -1;
    if (!r.area)
        return peel_err_set(err, PEEL_EINTERNAL, "the area type is not declared");
    r.f_code = peel_type_field_index(r.area, "code");
    r.f_name = peel_type_field_index(r.area, "name");
    r.f_kind = peel_type_field_index(r.area, "kind");
    r.f_parent = peel_type_field_index(r.area, "parent");
    r.f_vintage = peel_type_field_index(r.area, "vintage");
    r.f_publish = peel_type_field_index(r.area, "publish");
    if (r.f_code < 0 || r.f_name < 0 || r.f_kind < 0 || r.f_parent < 0 || r.f_vintage < 0 ||
        r.f_publish < 0)
        return peel_err_set(err, PEEL_EINTERNAL, "the area type lacks a field this reads");
    if (peel_crime_db_areas(s, 0, NULL, district_cb, &r.d, err) < 0)
        goto out;
    if (r.d.n == 0) {
        peel_err_set(err, PEEL_EINPUT,
                     "no districts recorded: add the force area and its districts first "
                     "(peel demo, or peel import area FILE.csv with code,name,kind,parent)");
        goto out;
    }
    if (stat(path, &sb) < 0) {
        peel_err_set(err, PEEL_ENOTFOUND, "%s: %s", path, strerror(errno));
        goto out;
    }
    rc = S_ISDIR(sb.st_mode) ? import_folder(&r, path, err) : import_file(&r, path, false, err);
    if (rc == 0)
        rc = peel_crime_db_refresh_geo(s, 0, 0, 0, err);
out:
    peel_vec_release(&r.d);
    return rc;
}
