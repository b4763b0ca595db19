/* people.c - the people named in the records, and the accounts that sign in. */
#include "domain/people.h"

/* clang-format off */
static const peel_field person_fields[PEEL_PERSON_NFIELDS] = {
    [PEEL_PERSON_NAME] = {.name = "name", .label = "Name", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE,
     .max = 200},
    [PEEL_PERSON_ROLE] = {.name = "role", .label = "Role", .type = PEEL_F_TEXT, .max = 200,
     .help = "As the papers give it: \"Police and Crime Commissioner\", \"Chief Constable\""},
    [PEEL_PERSON_ORGANISATION] = {.name = "organisation", .label = "Organisation",
     .type = PEEL_F_TEXT, .max = 200,
     .help = "OPCC, Leicestershire Police, a council or partner"},
    [PEEL_PERSON_EMAIL] = {.name = "email", .label = "Email", .type = PEEL_F_TEXT, .max = 254},
    [PEEL_PERSON_PUBLISH] = PEEL_FIELD_PUBLISHED,
};
/* clang-format on */

/* clang-format off */
const peel_type peel_type_person = {
    .name = "person",
    .label = "Person",
    .plural = "People",
    .help = "Someone named in the records: officers, members, report authors, owners of actions",
    .fields = person_fields,
    .nfields = PEEL_NFIELDS(person_fields),
    .key = "name",
    .title = "name",
    .summary = PEEL_SUMMARY(PEEL_PERSON_ROLE, PEEL_PERSON_ORGANISATION),
};
/* clang-format on */

static const peel_option user_roles[] = {
    {"admin", "Administrator"},
    {"staff", "OPCC staff"},
    {"panel", "Police and Crime Panel member"},
    {"public", "Public"},
    {0},
};

/* clang-format off */
static const peel_field user_fields[PEEL_USER_NFIELDS] = {
    [PEEL_USER_NAME] = {.name = "name", .label = "Sign-in name", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 64},
    [PEEL_USER_ROLE] = {.name = "role", .label = "Role", .type = PEEL_F_ENUM,
     .flags = PEEL_REQUIRED,
     .options = user_roles},
    [PEEL_USER_PERSON] = {.name = "person", .label = "Person", .type = PEEL_F_REF,
     .ref_type = "person"},
    [PEEL_USER_ACTIVE] = {.name = "active", .label = "Active", .type = PEEL_F_BOOL,
     .help = "An inactive account cannot sign in"},
    [PEEL_USER_PASSWORD_HASH] = {.name = "password_hash", .label = "Password",
     .type = PEEL_F_SECRET,
     .flags = PEEL_READONLY, .help = "Set with 'peel user passwd' or by an admin on the Accounts page"
              " (/admin/users); stored as an argon2id hash"},
};
/* clang-format on */

/* clang-format off */
const peel_type peel_type_user = {
    .name = "user",
    .label = "User",
    .plural = "Users",
    .help = "An account that signs in to peel's web application",
    .fields = user_fields,
    .nfields = PEEL_NFIELDS(user_fields),
    .key = "name",
    .title = "name",
    .summary = PEEL_SUMMARY(PEEL_USER_ROLE, PEEL_USER_PERSON, PEEL_USER_ACTIVE),
};
/* clang-format on */
