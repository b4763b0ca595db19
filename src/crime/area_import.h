/* area_import.h - `peel area import`: LSOA -> district lookups into the area
 * records, from the ONS lookup CSV (LSOA11CD ... LAD19CD) or from the
 * properties of an LSOA boundary GeoJSON (LSOA21CD or LSOA11CD, LADCD_ACTIVE).
 * Only LSOAs of districts already recorded as areas are kept: the force's
 * districts define what "inside the force area" means.
 *
 * A path may be a file or a folder.  A folder is searched (recursively, in
 * name order) for the files this reads, recognised by content: a CSV whose
 * header has LSOAyyCD, LSOAyyNM and LADyyCD columns, and GeoJSON whose
 * features carry LSOA21CD or LSOA11CD; other files (ward boundaries, other
 * lookups) are passed over.  A file named on its own must be one of them.
 *
 * LSOAs this creates are marked published (ONS codes and names are public);
 * an LSOA whose publication was never decided is marked published too, one
 * marked not published is left so.  A code in both censuses keeps the name
 * and district of the newer, so the order of the files does not matter.
 */
#ifndef PEEL_CRIME_AREA_IMPORT_H
#define PEEL_CRIME_AREA_IMPORT_H

#include <stdint.h>
#include <stdio.h>

#include "core/err.h"
#include "store/store.h"

typedef struct peel_area_import_stats {
    int64_t files;       /* files read */
    int64_t other_files; /* files in a folder that are not a lookup or LSOA GeoJSON */
    int64_t added, updated, unchanged;
    int64_t skipped; /* LSOAs of districts that are not recorded */
} peel_area_import_stats;

/* Adds to *st (which the caller zeroes); report (may be NULL) gets one line
 * per file read.  Areas are written through the record path (peel_crud:
 * validated, and audited as user). */
int peel_crime_area_import(peel_store *s, const char *user, const char *path, FILE *report,
                           peel_area_import_stats *st, peel_err *err);

#endif
