/* module_people.c - the people named in the records and the accounts that
 * sign in (src/domain/people.c).  The accounts' commands and pages are the
 * web module's. */
#include "app/module.h"
#include "domain/people.h"

static const peel_type *const types[] = {&peel_type_person, &peel_type_user, NULL};

const peel_module peel_module_people = {
    .name = "people",
    .summary = "people named in the records, and the accounts that sign in",
    .types = types,
};
