/* area_import.h - `peel area import`: LSOA -> district lookups into the area
 * records, from the ONS lookup CSV (LSOA11CD ... LAD19CD) or from the
 * properties of an LSOA boundary GeoJSON (LSOA21CD or LSOA11CD, LADCD_ACTIVE).
 * Only LSOAs of districts already recorded as areas are kept: the force's
 * districts define what "inside the force area" means.
 */
#ifndef PEEL_CRIME_AREA_IMPORT_H
#define PEEL_CRIME_AREA_IMPORT_H

#include <stdint.h>
#include <stdio.h>

#include "core/err.h"
#include "store/store.h"

typedef struct peel_area_import_stats {
    int64_t added, updated, unchanged, skipped;
} peel_area_import_stats;

int peel_crime_area_import(peel_store *s, const char *path, peel_area_import_stats *st,
                           peel_err *err);

#endif
