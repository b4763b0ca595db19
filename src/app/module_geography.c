/* module_geography.c - the places figures are reported for (src/domain/geo.c).
 * `peel area import` belongs to the crime module, whose importer reads the
 * ONS files beside the police.uk ones. */
#include "app/module.h"
#include "domain/geo.h"

static const peel_type *const types[] = {&peel_type_area, &peel_type_population, NULL};

const peel_module peel_module_geography = {
    .name = "geography",
    .summary = "force area, districts, neighbourhood policing areas, wards, LSOAs; population",
    .types = types,
};
