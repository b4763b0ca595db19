/* people.c - the people named in the records, and the accounts that sign in. */
#include "domain/people.h"

static const peel_field person_fields[] = {
    {.name = "name", .label = "Name", .type = PEEL_F_TEXT, .flags = PEEL_REQUIRED | PEEL_UNIQUE,
     .max = 200},
    {.name = "role", .label = "Role", .type = PEEL_F_TEXT, .max = 200,
     .help = "As the papers give it: \"Police and Crime Commissioner\", \"Chief Constable\""},
    {.name = "organisation", .label = "Organisation", .type = PEEL_F_TEXT, .max = 200,
     .help = "OPCC, Leicestershire Police, a council or partner"},
    {.name = "email", .label = "Email", .type = PEEL_F_TEXT, .max = 254},
    PEEL_FIELD_PUBLISHED,
};

const peel_type peel_type_person = {
    .name = "person",
    .label = "Person",
    .plural = "People",
    .help = "Someone named in the records: officers, members, report authors, owners of actions",
    .fields = person_fields,
    .nfields = PEEL_NFIELDS(person_fields),
    .key = "name",
    .title = "name",
};

static const peel_option user_roles[] = {
    {"admin", "Administrator"},
    {"staff", "OPCC staff"},
    {"panel", "Police and Crime Panel member"},
    {"public", "Public"},
    {0},
};

static const peel_field user_fields[] = {
    {.name = "name", .label = "Sign-in name", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 64},
    {.name = "role", .label = "Role", .type = PEEL_F_ENUM, .flags = PEEL_REQUIRED,
     .options = user_roles},
    {.name = "person", .label = "Person", .type = PEEL_F_REF, .ref_type = "person"},
    {.name = "active", .label = "Active", .type = PEEL_F_BOOL,
     .help = "An inactive account cannot sign in"},
    {.name = "password_hash", .label = "Password", .type = PEEL_F_SECRET,
     .flags = PEEL_READONLY, .help = "Set with 'peel user passwd' or by an admin on the Accounts page"
              " (/admin/users); stored as an argon2id hash"},
};

const peel_type peel_type_user = {
    .name = "user",
    .label = "User",
    .plural = "Users",
    .help = "An account that signs in to peel's web application",
    .fields = user_fields,
    .nfields = PEEL_NFIELDS(user_fields),
    .key = "name",
    .title = "name",
};
