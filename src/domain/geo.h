/* geo.h - record types of geography (geo.c). */
#ifndef PEEL_DOMAIN_GEO_H
#define PEEL_DOMAIN_GEO_H

#include "model/model.h"

extern const peel_type peel_type_area;
extern const peel_type peel_type_population;

/* For the registry, in dependency order. */
#define PEEL_GEO_TYPES &peel_type_area, &peel_type_population,

#endif
