/* geo.c - geography: the force area, its districts (Community Safety
 * Partnerships), neighbourhood policing areas, wards and LSOAs, each with its
 * ONS or local code and its parent; and population per area and year, so crime
 * figures can be given per 1,000 residents where it is known. */
#include "domain/geo.h"

static const peel_option area_kinds[] = {
    {"force", "Police force area"},
    {"district", "District (Community Safety Partnership)"},
    {"npa", "Neighbourhood policing area"},
    {"ward", "Electoral ward"},
    {"lsoa", "Lower layer super output area (LSOA)"},
    {0},
};

/* clang-format off */
static const peel_field area_fields[PEEL_AREA_NFIELDS] = {
    [PEEL_AREA_CODE] = {.name = "code", .label = "Code", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE,
     .max = 32, .help = "ONS code (E06000016) or, for local areas, the force's own code"},
    [PEEL_AREA_NAME] = {.name = "name", .label = "Name", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED, .max = 200},
    [PEEL_AREA_KIND] = {.name = "kind", .label = "Kind", .type = PEEL_F_ENUM,
     .flags = PEEL_REQUIRED,
     .options = area_kinds},
    [PEEL_AREA_PARENT] = {.name = "parent", .label = "Parent area", .type = PEEL_F_REF,
     .ref_type = "area",
     .help = "The area this one lies in: a district's force area, an LSOA's district"},
    [PEEL_AREA_NPA] = {.name = "npa", .label = "Neighbourhood policing area", .type = PEEL_F_REF,
     .ref_type = "area",
     .help = "For an LSOA or ward: the neighbourhood policing area (an npa area) it lies in"},
    [PEEL_AREA_VINTAGE] = {.name = "vintage", .label = "Census vintage", .type = PEEL_F_INT,
     .min = 2001, .max = 2031,
     .help = "For an LSOA: the census its code belongs to (2011 or 2021)"},
    [PEEL_AREA_PUBLISH] = PEEL_FIELD_PUBLISHED,
};
/* clang-format on */

/* clang-format off */
const peel_type peel_type_area = {
    .name = "area",
    .label = "Area",
    .plural = "Areas",
    .one = "an area",
    .help = "A place figures are reported for: force area, district, neighbourhood "
            "policing area, ward or LSOA",
    .fields = area_fields,
    .nfields = PEEL_NFIELDS(area_fields),
    .key = "code",
    .title = "name",
    .summary = PEEL_SUMMARY(PEEL_AREA_CODE, PEEL_AREA_KIND, PEEL_AREA_PARENT),
};
/* clang-format on */

/* clang-format off */
static const peel_field population_fields[PEEL_POPULATION_NFIELDS] = {
    [PEEL_POPULATION_AREA] = {.name = "area", .label = "Area", .type = PEEL_F_REF,
     .ref_type = "area",
     .flags = PEEL_REQUIRED},
    [PEEL_POPULATION_YEAR] = {.name = "year", .label = "Year", .type = PEEL_F_INT,
     .flags = PEEL_REQUIRED, .min = 1991,
     .max = 2100, .help = "The year the estimate is for (mid-year estimates: 30 June)"},
    [PEEL_POPULATION_ETHNICITY] = {.name = "ethnicity", .label = "Ethnicity", .type = PEEL_F_TEXT,
     .max = 100,
     .help = "Empty for all residents; else a self-defined ethnicity group as police.uk "
             "stop-and-search files name them, for disproportionality ratios"},
    [PEEL_POPULATION_POPULATION] = {.name = "population", .label = "Population", .type = PEEL_F_INT,
     .flags = PEEL_REQUIRED,
     .min = 0, .max = 100000000},
    [PEEL_POPULATION_SOURCE] = {.name = "source", .label = "Source", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED,
     .max = 300, .help = "Where the figure comes from, e.g. ONS mid-2022 population estimates"},
};
/* clang-format on */

/* clang-format off */
const peel_type peel_type_population = {
    .name = "population",
    .label = "Population",
    .plural = "Populations",
    .help = "Residents of an area in a year (with its source), for rates per 1,000 residents",
    .fields = population_fields,
    .nfields = PEEL_NFIELDS(population_fields),
    .key = NULL,
    .title = "area",
    .summary = PEEL_SUMMARY(PEEL_POPULATION_YEAR, PEEL_POPULATION_ETHNICITY,
                            PEEL_POPULATION_POPULATION, PEEL_POPULATION_SOURCE),
};
/* clang-format on */
