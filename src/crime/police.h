/* police.h - the three police.uk file formats (street, outcomes,
 * stop-and-search): header recognition and row validation.
 *
 * These functions parse one CSV record (from peel_csv_next) into a struct of
 * views.  They do no I/O and no SQL, so the fuzz harnesses and the importer
 * share them.  Views borrow from the CSV reader's buffer and are valid until
 * the next peel_csv_next().  Messages name the line and the column
 * ("line 8113, column 2 (Month): '2021-13' is not a month"); the caller
 * prefixes the file name.
 */
#ifndef PEEL_CRIME_POLICE_H
#define PEEL_CRIME_POLICE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/csv.h"
#include "core/date.h"
#include "core/err.h"
#include "core/str.h"
#include "store/crime_db.h" /* the file kinds and the map point */

#define PEEL_CRIME_STREET_COLS 12
#define PEEL_CRIME_OUTCOMES_COLS 10
#define PEEL_CRIME_SEARCH_COLS 15

typedef struct peel_crime_street {
    peel_str crime_id; /* empty for anti-social behaviour */
    peel_month month;
    peel_str reported_by, falls_within, location, lsoa_code, lsoa_name, type, outcome, context;
    peel_crime_point at;
} peel_crime_street;

typedef struct peel_crime_outcome {
    peel_str crime_id;
    peel_month month;
    peel_str reported_by, falls_within, location, lsoa_code, lsoa_name, outcome_type;
    peel_crime_point at;
} peel_crime_outcome;

typedef struct peel_crime_search {
    peel_str type, date; /* date: ISO 8601 timestamp with offset */
    peel_month month;    /* of date */
    int operation;       /* 1 True, 0 False, -1 empty */
    peel_str operation_name;
    peel_crime_point at;
    peel_str gender, age, self_ethnicity, officer_ethnicity, legislation, object, outcome;
    int linked, removal; /* 1, 0, -1 as operation */
} peel_crime_search;

/* The file kind whose header this record is, or PEEL_CRIME_UNKNOWN. */
enum peel_crime_kind peel_crime_kind_of_header(const peel_csv_row *row);
/* The published header line of a kind (for error messages and fixtures). */
const char *peel_crime_kind_header(enum peel_crime_kind k);

/* Parse one data record; 0 or -1 with err set. */
int peel_crime_parse_street(const peel_csv_row *row, peel_crime_street *out, peel_err *err);
int peel_crime_parse_outcome(const peel_csv_row *row, peel_crime_outcome *out, peel_err *err);
int peel_crime_parse_search(const peel_csv_row *row, peel_crime_search *out, peel_err *err);

/* Coordinates: "-1.118394" -> -1118394.  Accepts an optional sign, digits,
 * and up to 9 decimals (rounded to 6, halves away from zero). */
bool peel_crime_parse_degrees(peel_str s, int32_t *out);

/* The month and force slug from a police.uk file name such as
 * "2022-01-leicestershire-street.csv" (directories allowed).  False when the
 * name does not follow the pattern; slug may be NULL. */
bool peel_crime_name_month(const char *path, peel_month *month, char *slug, size_t slugsz);
/* The force name street files give ("Leicestershire Police") for a
 * police.uk file-name slug ("leicestershire"), or NULL if not a known force.
 * Stop-and-search rows name no force: the importer uses this. */
const char *peel_crime_force_of_slug(const char *slug);

#endif
