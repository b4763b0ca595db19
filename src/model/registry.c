/* registry.c - the table of every record type peel knows.  Each domain
 * module lists its types in its header (PEEL_<MODULE>_TYPES); adding a type
 * is its declaration plus its name in that list (docs/NEW-RECORD-TYPE.md).
 * Order matters: a type must come after the types it references, because
 * tables are created in this order. */
#include <string.h>

#include "domain/geo.h"
#include "domain/people.h"
#include "domain/register.h"
#include "model/model.h"

static const peel_type *const registry[] = {
    PEEL_GEO_TYPES
    PEEL_PEOPLE_TYPES
    PEEL_REGISTER_TYPES
};

const peel_option peel_class_options[] = {
    {"OFFICIAL", NULL},
    {"OFFICIAL-SENSITIVE", NULL},
    {0},
};

const peel_type *const *peel_types(size_t *n)
{
    *n = sizeof registry / sizeof registry[0];
    return registry;
}

const peel_type *peel_type_find(const char *name)
{
    for (size_t i = 0; i < sizeof registry / sizeof registry[0]; i++)
        if (!strcmp(registry[i]->name, name))
            return registry[i];
    return NULL;
}

int peel_type_field_index(const peel_type *t, const char *name)
{
    for (size_t i = 0; i < t->nfields; i++)
        if (!strcmp(t->fields[i].name, name))
            return (int)i;
    return -1;
}

const peel_option *peel_field_option(const peel_field *f, const char *value)
{
    if (!f || f->type != PEEL_F_ENUM || !f->options || !value)
        return NULL;
    for (const peel_option *o = f->options; o->value; o++)
        if (!strcmp(o->value, value))
            return o;
    return NULL;
}

const char *peel_option_label(const peel_field *f, const char *value)
{
    const peel_option *o = peel_field_option(f, value);
    return o && o->label ? o->label : value;
}

const char *peel_enum_label(const peel_type *t, const char *field, const char *value)
{
    return peel_option_label(peel_type_field(t, field), value);
}

const peel_field *peel_type_field(const peel_type *t, const char *name)
{
    int i = peel_type_field_index(t, name);
    return i < 0 ? NULL : &t->fields[i];
}

const peel_field *peel_type_flagged(const peel_type *t, unsigned flag)
{
    for (size_t i = 0; i < t->nfields; i++)
        if (t->fields[i].flags & flag)
            return &t->fields[i];
    return NULL;
}

const char *peel_ftype_name(enum peel_ftype t)
{
    static const char *const names[] = {"text",  "integer", "money", "date",
                                        "month", "financial year", "choice", "yes/no",
                                        "reference", "point", "date and time", "secret"};
    return (unsigned)t < sizeof names / sizeof names[0] ? names[t] : "?";
}

const char *peel_class_name(enum peel_class c)
{
    return c == PEEL_OFFICIAL_SENSITIVE ? "OFFICIAL-SENSITIVE" : "OFFICIAL";
}
