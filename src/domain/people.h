/* people.h - record types of people and accounts (people.c). */
#ifndef PEEL_DOMAIN_PEOPLE_H
#define PEEL_DOMAIN_PEOPLE_H

#include "model/model.h"

extern const peel_type peel_type_person;
extern const peel_type peel_type_user;

/* Field handles of person: indices into peel_type_person.fields. */
enum {
    PEEL_PERSON_NAME,
    PEEL_PERSON_ROLE,
    PEEL_PERSON_ORGANISATION,
    PEEL_PERSON_EMAIL,
    PEEL_PERSON_PUBLISH,
    PEEL_PERSON_NFIELDS,
};

/* Field handles of user: indices into peel_type_user.fields. */
enum {
    PEEL_USER_NAME,
    PEEL_USER_ROLE,
    PEEL_USER_PERSON,
    PEEL_USER_ACTIVE,
    PEEL_USER_PASSWORD_HASH,
    PEEL_USER_NFIELDS,
};

#endif
