/* geo.h - record types of geography (geo.c). */
#ifndef PEEL_DOMAIN_GEO_H
#define PEEL_DOMAIN_GEO_H

#include "model/model.h"

extern const peel_type peel_type_area;
extern const peel_type peel_type_population;

/* Field handles of area: indices into peel_type_area.fields. */
enum {
    PEEL_AREA_CODE,
    PEEL_AREA_NAME,
    PEEL_AREA_KIND,
    PEEL_AREA_PARENT,
    PEEL_AREA_NPA,
    PEEL_AREA_VINTAGE,
    PEEL_AREA_PUBLISH,
    PEEL_AREA_NFIELDS,
};

/* Field handles of population: indices into peel_type_population.fields. */
enum {
    PEEL_POPULATION_AREA,
    PEEL_POPULATION_YEAR,
    PEEL_POPULATION_ETHNICITY,
    PEEL_POPULATION_POPULATION,
    PEEL_POPULATION_SOURCE,
    PEEL_POPULATION_NFIELDS,
};

#endif
