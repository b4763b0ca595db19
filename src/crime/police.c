/* police.c - recognising and validating police.uk rows.
 *
 * The importer calls these once per row of files that run to millions of
 * rows, so they work on views, never allocate, and check only what the
 * published format promises: the column count, a month "YYYY-MM", both
 * coordinates or neither, an LSOA code shaped like an ONS code, a non-empty
 * crime type.  Everything they accept can be stored; everything they reject
 * is named by line and column so a person can find it in the file.
 */
#include "crime/police.h"

#include <string.h>

static const char *const street_cols[PEEL_CRIME_STREET_COLS] = {"Crime ID",
                                                                "Month",
                                                                "Reported by",
                                                                "Falls within",
                                                                "Longitude",
                                                                "Latitude",
                                                                "Location",
                                                                "LSOA code",
                                                                "LSOA name",
                                                                "Crime type",
                                                                "Last outcome category",
                                                                "Context"};
static const char *const outcome_cols[PEEL_CRIME_OUTCOMES_COLS] = {
    "Crime ID", "Month",    "Reported by", "Falls within", "Longitude",
    "Latitude", "Location", "LSOA code",   "LSOA name",    "Outcome type"};
static const char *const search_cols[PEEL_CRIME_SEARCH_COLS] = {
    "Type",
    "Date",
    "Part of a policing operation",
    "Policing operation",
    "Latitude",
    "Longitude",
    "Gender",
    "Age range",
    "Self-defined ethnicity",
    "Officer-defined ethnicity",
    "Legislation",
    "Object of search",
    "Outcome",
    "Outcome linked to object of search",
    "Removal of more than just outer clothing"};

static bool header_is(const peel_csv_row *row, const char *const *cols, size_t n)
{
    if (row->n != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!peel_str_eq(peel_str_trim(row->fields[i]), cols[i]))
            return false;
    return true;
}

enum peel_crime_kind peel_crime_kind_of_header(const peel_csv_row *row)
{
    if (header_is(row, street_cols, PEEL_CRIME_STREET_COLS))
        return PEEL_CRIME_STREET;
    if (header_is(row, outcome_cols, PEEL_CRIME_OUTCOMES_COLS))
        return PEEL_CRIME_OUTCOMES;
    if (header_is(row, search_cols, PEEL_CRIME_SEARCH_COLS))
        return PEEL_CRIME_SEARCH;
    return PEEL_CRIME_UNKNOWN;
}

const char *peel_crime_kind_header(enum peel_crime_kind k)
{
    switch (k) {
    case PEEL_CRIME_STREET:
        return "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,"
               "LSOA code,LSOA name,Crime type,Last outcome category,Context";
    case PEEL_CRIME_OUTCOMES:
        return "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,"
               "LSOA code,LSOA name,Outcome type";
    case PEEL_CRIME_SEARCH:
        return "Type,Date,Part of a policing operation,Policing operation,Latitude,Longitude,"
               "Gender,Age range,Self-defined ethnicity,Officer-defined ethnicity,Legislation,"
               "Object of search,Outcome,Outcome linked to object of search,"
               "Removal of more than just outer clothing";
    default:
        return "";
    }
}

/* Writes at most 40 bytes of a value into a message, with "..." when cut. */
static void shown(peel_str v, char out[64])
{
    size_t n = v.n > 40 ? 40 : v.n;
    memcpy(out, v.p, n);
    if (v.n > 40)
        memcpy(out + n, "...", 4);
    else
        out[n] = 0;
    for (size_t i = 0; out[i]; i++)
        if ((unsigned char)out[i] < 0x20)
            out[i] = '?';
}

static int col_err(peel_err *err, const peel_csv_row *row, size_t col, const char *const *names,
                   const char *what)
{
    char v[64];
    shown(row->fields[col], v);
    return peel_err_set(err, PEEL_EINPUT, "line %llu, column %zu (%s): '%s' %s",
                        (unsigned long long)row->line, col + 1, names[col], v, what);
}

static int count_err(peel_err *err, const peel_csv_row *row, size_t want)
{
    return peel_err_set(err, PEEL_EINPUT, "line %llu, column %zu: %zu fields, expected %zu",
                        (unsigned long long)row->line, row->n < want ? row->n + 1 : want + 1,
                        row->n, want);
}

static bool digits(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] < '0' || p[i] > '9')
            return false;
    return true;
}

/* "YYYY-MM" with a month 01-12 and a year 1900-2199. */
static bool month_of(peel_str s, peel_month *out)
{
    if (s.n != 7 || s.p[4] != '-' || !digits(s.p, 4) || !digits(s.p + 5, 2))
        return false;
    int y = (s.p[0] - '0') * 1000 + (s.p[1] - '0') * 100 + (s.p[2] - '0') * 10 + (s.p[3] - '0');
    int m = (s.p[5] - '0') * 10 + (s.p[6] - '0');
    if (y < 1900 || y > 2199 || m < 1 || m > 12)
        return false;
    *out = (peel_month)(y * 12 + m - 1);
    return true;
}

bool peel_crime_parse_degrees(peel_str s, int32_t *out)
{
    size_t i = 0;
    bool neg = false;
    int64_t whole = 0, frac = 0;
    int nfrac = 0, extra = 0;

    if (i < s.n && (s.p[i] == '-' || s.p[i] == '+'))
        neg = s.p[i++] == '-';
    size_t start = i;
    while (i < s.n && s.p[i] >= '0' && s.p[i] <= '9' && i - start < 4)
        whole = whole * 10 + (s.p[i++] - '0');
    if (i == start)
        return false;
    if (i < s.n && s.p[i] == '.') {
        i++;
        size_t fstart = i;
        while (i < s.n && s.p[i] >= '0' && s.p[i] <= '9' && i - fstart < 9) {
            if (nfrac < 6) {
                frac = frac * 10 + (s.p[i] - '0');
                nfrac++;
            } else if (nfrac == 6 && extra == 0) {
                extra = s.p[i] - '0' >= 5 ? 1 : -1; /* first dropped digit decides */
            }
            i++;
        }
        if (i == fstart)
            return false;
    }
    if (i != s.n)
        return false;
    while (nfrac < 6) {
        frac *= 10;
        nfrac++;
    }
    int64_t v = whole * 1000000 + frac + (extra > 0 ? 1 : 0);
    if (v > 180000000)
        return false;
    *out = (int32_t)(neg ? -v : v);
    return true;
}

/* Longitude and latitude columns: both empty or both valid and in range. */
static int point_of(const peel_csv_row *row, size_t lon_col, size_t lat_col,
                    const char *const *names, peel_crime_point *p, peel_err *err)
{
    peel_str lon = row->fields[lon_col], lat = row->fields[lat_col];
    p->set = false;
    if (lon.n == 0 && lat.n == 0)
        return 0;
    if (lon.n == 0)
        return col_err(err, row, lon_col, names, "is empty but the latitude is not");
    if (lat.n == 0)
        return col_err(err, row, lat_col, names, "is empty but the longitude is not");
    if (!peel_crime_parse_degrees(lon, &p->lon) || p->lon < -180000000 || p->lon > 180000000)
        return col_err(err, row, lon_col, names, "is not a longitude");
    if (!peel_crime_parse_degrees(lat, &p->lat) || p->lat < -90000000 || p->lat > 90000000)
        return col_err(err, row, lat_col, names, "is not a latitude");
    p->set = true;
    return 0;
}

/* An ONS LSOA code: E01 or W01 and six digits; or empty. */
static bool lsoa_code_ok(peel_str s)
{
    return s.n == 0 || (s.n == 9 && (s.p[0] == 'E' || s.p[0] == 'W') && digits(s.p + 1, 8));
}

int peel_crime_parse_street(const peel_csv_row *row, peel_crime_street *out, peel_err *err)
{
    const peel_str *f = row->fields;
    if (row->n != PEEL_CRIME_STREET_COLS)
        return count_err(err, row, PEEL_CRIME_STREET_COLS);
    out->crime_id = f[0];
    if (!month_of(f[1], &out->month))
        return col_err(err, row, 1, street_cols, "is not a month (YYYY-MM)");
    out->reported_by = f[2];
    if (f[2].n == 0)
        return col_err(err, row, 2, street_cols, "is empty");
    out->falls_within = f[3];
    if (point_of(row, 4, 5, street_cols, &out->at, err) < 0)
        return -1;
    out->location = f[6];
    out->lsoa_code = f[7];
    if (!lsoa_code_ok(f[7]))
        return col_err(err, row, 7, street_cols, "is not an LSOA code");
    out->lsoa_name = f[8];
    if (f[7].n && !f[8].n)
        return col_err(err, row, 8, street_cols, "is empty but the LSOA code is not");
    out->type = f[9];
    if (f[9].n == 0)
        return col_err(err, row, 9, street_cols, "is empty");
    out->outcome = f[10];
    out->context = f[11];
    return 0;
}

int peel_crime_parse_outcome(const peel_csv_row *row, peel_crime_outcome *out, peel_err *err)
{
    const peel_str *f = row->fields;
    if (row->n != PEEL_CRIME_OUTCOMES_COLS)
        return count_err(err, row, PEEL_CRIME_OUTCOMES_COLS);
    out->crime_id = f[0];
    if (f[0].n == 0)
        return col_err(err, row, 0, outcome_cols, "is empty");
    if (!month_of(f[1], &out->month))
        return col_err(err, row, 1, outcome_cols, "is not a month (YYYY-MM)");
    out->reported_by = f[2];
    if (f[2].n == 0)
        return col_err(err, row, 2, outcome_cols, "is empty");
    out->falls_within = f[3];
    if (point_of(row, 4, 5, outcome_cols, &out->at, err) < 0)
        return -1;
    out->location = f[6];
    out->lsoa_code = f[7];
    if (!lsoa_code_ok(f[7]))
        return col_err(err, row, 7, outcome_cols, "is not an LSOA code");
    out->lsoa_name = f[8];
    out->outcome_type = f[9];
    if (f[9].n == 0)
        return col_err(err, row, 9, outcome_cols, "is empty");
    return 0;
}

static bool tristate(peel_str s, int *out)
{
    if (s.n == 0)
        *out = -1;
    else if (peel_str_eq_nocase(s, "true"))
        *out = 1;
    else if (peel_str_eq_nocase(s, "false"))
        *out = 0;
    else
        return false;
    return true;
}

/* "2024-03-01T09:58:14+00:00" (the offset, or Z, or nothing); gives the month. */
static bool timestamp_month(peel_str s, peel_month *month)
{
    if (s.n < 19 || s.p[7] != '-' || s.p[10] != 'T' || s.p[13] != ':' || s.p[16] != ':' ||
        !digits(s.p + 8, 2) || !digits(s.p + 11, 2) || !digits(s.p + 14, 2) || !digits(s.p + 17, 2))
        return false;
    if (!month_of((peel_str){s.p, 7}, month))
        return false;
    int d = (s.p[8] - '0') * 10 + (s.p[9] - '0');
    int h = (s.p[11] - '0') * 10 + (s.p[12] - '0');
    int mi = (s.p[14] - '0') * 10 + (s.p[15] - '0');
    int se = (s.p[17] - '0') * 10 + (s.p[18] - '0');
    if (d < 1 || d > 31 || h > 23 || mi > 59 || se > 60)
        return false;
    peel_str rest = {s.p + 19, s.n - 19};
    if (rest.n && rest.p[0] == '.') { /* fractional seconds */
        size_t i = 1;
        while (i < rest.n && rest.p[i] >= '0' && rest.p[i] <= '9')
            i++;
        rest.p += i;
        rest.n -= i;
    }
    if (rest.n == 0 || (rest.n == 1 && rest.p[0] == 'Z'))
        return true;
    return rest.n == 6 && (rest.p[0] == '+' || rest.p[0] == '-') && digits(rest.p + 1, 2) &&
           rest.p[3] == ':' && digits(rest.p + 4, 2);
}

int peel_crime_parse_search(const peel_csv_row *row, peel_crime_search *out, peel_err *err)
{
    const peel_str *f = row->fields;
    if (row->n != PEEL_CRIME_SEARCH_COLS)
        return count_err(err, row, PEEL_CRIME_SEARCH_COLS);
    out->type = f[0];
    if (f[0].n == 0)
        return col_err(err, row, 0, search_cols, "is empty");
    out->date = f[1];
    if (!timestamp_month(f[1], &out->month))
        return col_err(err, row, 1, search_cols, "is not a timestamp (2024-03-01T09:58:14+00:00)");
    if (!tristate(f[2], &out->operation))
        return col_err(err, row, 2, search_cols, "is not True, False or empty");
    out->operation_name = f[3];
    if (point_of(row, 5, 4, search_cols, &out->at, err) < 0)
        return -1;
    out->gender = f[6];
    out->age = f[7];
    out->self_ethnicity = f[8];
    out->officer_ethnicity = f[9];
    out->legislation = f[10];
    out->object = f[11];
    out->outcome = f[12];
    if (!tristate(f[13], &out->linked))
        return col_err(err, row, 13, search_cols, "is not True, False or empty");
    if (!tristate(f[14], &out->removal))
        return col_err(err, row, 14, search_cols, "is not True, False or empty");
    return 0;
}

bool peel_crime_name_month(const char *path, peel_month *month, char *slug, size_t slugsz)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    if (n < 9 || base[7] != '-' || !month_of((peel_str){base, 7}, month))
        return false;
    if (slug && slugsz) {
        const char *s = base + 8, *end = base + n;
        static const char *const tails[] = {"-street.csv", "-outcomes.csv", "-stop-and-search.csv"};
        for (size_t i = 0; i < 3; i++) {
            size_t tn = strlen(tails[i]);
            if ((size_t)(end - s) > tn && !strcmp(end - tn, tails[i])) {
                end -= tn;
                break;
            }
        }
        size_t k = (size_t)(end - s) < slugsz - 1 ? (size_t)(end - s) : slugsz - 1;
        memcpy(slug, s, k);
        slug[k] = 0;
    }
    return true;
}

/* police.uk's force identifiers (the file-name slug) and the names its
 * street files give in "Reported by". */
static const struct {
    const char *slug, *name;
} forces[] = {
    {"avon-and-somerset", "Avon and Somerset Constabulary"},
    {"bedfordshire", "Bedfordshire Police"},
    {"btp", "British Transport Police"},
    {"cambridgeshire", "Cambridgeshire Constabulary"},
    {"cheshire", "Cheshire Constabulary"},
    {"city-of-london", "City of London Police"},
    {"cleveland", "Cleveland Police"},
    {"cumbria", "Cumbria Constabulary"},
    {"derbyshire", "Derbyshire Constabulary"},
    {"devon-and-cornwall", "Devon & Cornwall Police"},
    {"dorset", "Dorset Police"},
    {"durham", "Durham Constabulary"},
    {"dyfed-powys", "Dyfed-Powys Police"},
    {"essex", "Essex Police"},
    {"gloucestershire", "Gloucestershire Constabulary"},
    {"greater-manchester", "Greater Manchester Police"},
    {"gwent", "Gwent Police"},
    {"hampshire", "Hampshire Constabulary"},
    {"hertfordshire", "Hertfordshire Constabulary"},
    {"humberside", "Humberside Police"},
    {"kent", "Kent Police"},
    {"lancashire", "Lancashire Constabulary"},
    {"leicestershire", "Leicestershire Police"},
    {"lincolnshire", "Lincolnshire Police"},
    {"merseyside", "Merseyside Police"},
    {"metropolitan", "Metropolitan Police Service"},
    {"norfolk", "Norfolk Constabulary"},
    {"north-wales", "North Wales Police"},
    {"north-yorkshire", "North Yorkshire Police"},
    {"northamptonshire", "Northamptonshire Police"},
    {"northern-ireland", "Police Service of Northern Ireland"},
    {"northumbria", "Northumbria Police"},
    {"nottinghamshire", "Nottinghamshire Police"},
    {"south-wales", "South Wales Police"},
    {"south-yorkshire", "South Yorkshire Police"},
    {"staffordshire", "Staffordshire Police"},
    {"suffolk", "Suffolk Constabulary"},
    {"surrey", "Surrey Police"},
    {"sussex", "Sussex Police"},
    {"thames-valley", "Thames Valley Police"},
    {"warwickshire", "Warwickshire Police"},
    {"west-mercia", "West Mercia Police"},
    {"west-midlands", "West Midlands Police"},
    {"west-yorkshire", "West Yorkshire Police"},
    {"wiltshire", "Wiltshire Police"},
};

const char *peel_crime_force_of_slug(const char *slug)
{
    for (size_t i = 0; i < sizeof forces / sizeof forces[0]; i++)
        if (!strcmp(slug, forces[i].slug))
            return forces[i].name;
    return NULL;
}
