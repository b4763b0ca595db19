/* people.h - record types of people and accounts (people.c). */
#ifndef PEEL_DOMAIN_PEOPLE_H
#define PEEL_DOMAIN_PEOPLE_H

#include "model/model.h"

extern const peel_type peel_type_person;
extern const peel_type peel_type_user;

/* For the registry, in dependency order. */
#define PEEL_PEOPLE_TYPES &peel_type_person, &peel_type_user,

#endif
