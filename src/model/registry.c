/* registry.c - the table of every record type peel knows.  Nothing here
 * names a concern: the module table (src/app/modules.c) hands over every
 * module's types at start-up, in dependency order (a type comes after the
 * types it references, because tables are created in this order), and each
 * declaration is checked once here, so a fault in one stops peel at start-up
 * with a message rather than at the first request that meets it. */
#include <stdio.h>
#include <string.h>

#include "core/err.h"
#include "core/log.h"
#include "model/lifecycle.h"
#include "model/model.h"

#define MAX_TYPES 128

static const peel_type *registry[MAX_TYPES];
static size_t nregistry;
static bool ready;

const peel_option peel_class_options[] = {
    {"OFFICIAL", NULL},
    {"OFFICIAL-SENSITIVE", NULL},
    {0},
};

/* Said once: a program that forgot peel_app_init sees no types. */
static void not_ready(void)
{
    static bool said;
    if (!said)
        peel_log_error("record types used before peel_app_init (src/app/modules.c): none are "
                       "registered");
    said = true;
}

const peel_type *const *peel_types(size_t *n)
{
    if (!ready)
        not_ready();
    *n = nregistry;
    return registry;
}

const peel_type *peel_type_find(const char *name)
{
    if (!ready)
        not_ready();
    for (size_t i = 0; i < nregistry; i++)
        if (!strcmp(registry[i]->name, name))
            return registry[i];
    return NULL;
}

bool peel_registry_ready(void)
{
    return ready;
}

/* [a-z_][a-z0-9_]*: a table, column, CSV header and JSON key. */
static bool ident(const char *s)
{
    if (!s || !*s || !((*s >= 'a' && *s <= 'z') || *s == '_'))
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return false;
    return true;
}

static int field_check(const peel_type *t, size_t i, peel_err *err)
{
    const peel_field *f = &t->fields[i];
    if (!f->name)
        return peel_err_set(err, PEEL_EINTERNAL,
                            "type %s: field %zu is not declared (a field-index constant "
                            "without its field)",
                            t->name, i);
    /* page and per_page page the JSON lists, so they name no field. */
    if (!ident(f->name) || !strcmp(f->name, "id") || !strcmp(f->name, "created_at") ||
        !strcmp(f->name, "updated_at") || !strcmp(f->name, "page") || !strcmp(f->name, "per_page"))
        return peel_err_set(err, PEEL_EINTERNAL, "type %s: '%s' cannot be a field name", t->name,
                            f->name);
    if (!f->label)
        return peel_err_set(err, PEEL_EINTERNAL, "type %s: field %s has no label", t->name,
                            f->name);
    for (size_t j = 0; j < i; j++)
        if (!strcmp(t->fields[j].name, f->name))
            return peel_err_set(err, PEEL_EINTERNAL, "type %s: field %s is declared twice", t->name,
                                f->name);
    if (f->type == PEEL_F_ENUM && (!f->options || !f->options[0].value))
        return peel_err_set(err, PEEL_EINTERNAL, "type %s: enum field %s has no options", t->name,
                            f->name);
    if (f->type == PEEL_F_REF && !ident(f->ref_type))
        return peel_err_set(err, PEEL_EINTERNAL, "type %s: reference field %s names no type",
                            t->name, f->name);
    if ((f->flags & PEEL_CLASSIFIES) &&
        (f->type != PEEL_F_ENUM || f->options != peel_class_options))
        return peel_err_set(err, PEEL_EINTERNAL,
                            "type %s: classifying field %s must be an enum of "
                            "peel_class_options",
                            t->name, f->name);
    if ((f->flags & PEEL_PUBLISHES) && f->type != PEEL_F_BOOL)
        return peel_err_set(err, PEEL_EINTERNAL, "type %s: publishing field %s must be yes/no",
                            t->name, f->name);
    if ((f->flags & PEEL_FOR_PANEL) && f->type != PEEL_F_BOOL)
        return peel_err_set(err, PEEL_EINTERNAL, "type %s: audience field %s must be yes/no",
                            t->name, f->name);
    if ((f->flags & PEEL_PERSONAL) &&
        (f->type != PEEL_F_TEXT || !(f->flags & PEEL_INTERNAL) || (f->flags & PEEL_REQUIRED)))
        return peel_err_set(err, PEEL_EINTERNAL,
                            "type %s: personal field %s must be optional text for staff only "
                            "(PEEL_INTERNAL)",
                            t->name, f->name);
    return 0;
}

/* A field named by the declaration (key, title) must exist. */
static int named_field(const peel_type *t, const char *what, const char *name, peel_err *err)
{
    if (name && peel_type_field_index(t, name) < 0)
        return peel_err_set(err, PEEL_EINTERNAL, "type %s: its %s '%s' is not one of its fields",
                            t->name, what, name);
    return 0;
}

/* A field handle must point into the type's own fields. */
static bool own(const peel_type *t, const peel_field *f)
{
    return f >= t->fields && f < t->fields + t->nfields;
}

/* search and search_date: what the search box finds and filters by. */
static int search_check(const peel_type *t, peel_err *err)
{
    if (t->search && t->search[0] < 0)
        return peel_err_set(err, PEEL_EINTERNAL, "type %s: an empty search list", t->name);
    for (size_t i = 0; t->search && t->search[i] >= 0; i++) {
        const peel_field *f;
        if ((size_t)t->search[i] >= t->nfields)
            return peel_err_set(err, PEEL_EINTERNAL,
                                "type %s: searchable field %zu is field %d, beyond its %zu fields",
                                t->name, i + 1, t->search[i], t->nfields);
        f = &t->fields[t->search[i]];
        if (f->type != PEEL_F_TEXT && f->type != PEEL_F_ENUM)
            return peel_err_set(err, PEEL_EINTERNAL,
                                "type %s, field %s: only text and enum fields can be searchable",
                                t->name, f->name);
        /* the search index would keep a copy that erasure does not reach */
        if (f->flags & PEEL_PERSONAL)
            return peel_err_set(err, PEEL_EINTERNAL,
                                "type %s, field %s: personal data cannot be searchable", t->name,
                                f->name);
    }
    if (t->search_date && (!own(t, t->search_date) || (t->search_date->type != PEEL_F_DATE &&
                                                       t->search_date->type != PEEL_F_DATETIME)))
        return peel_err_set(err, PEEL_EINTERNAL,
                            "type %s: its search date is not one of its date fields", t->name);
    if (t->search_date && !t->search)
        return peel_err_set(err, PEEL_EINTERNAL, "type %s: a search date without searchable fields",
                            t->name);
    return 0;
}

/* due, status and closed, summary: what lists and the home page rely on. */
static int declared_check(const peel_type *t, peel_err *err)
{
    if (t->due && (!own(t, t->due) || t->due->type != PEEL_F_DATE))
        return peel_err_set(err, PEEL_EINTERNAL,
                            "type %s: its due field is not one of its "
                            "date fields",
                            t->name);
    if (t->status && (!own(t, t->status) || t->status->type != PEEL_F_ENUM))
        return peel_err_set(err, PEEL_EINTERNAL,
                            "type %s: its status field is not one of its "
                            "enum fields",
                            t->name);
    if (t->closed && !t->status)
        return peel_err_set(err, PEEL_EINTERNAL, "type %s: closed states without a status field",
                            t->name);
    if (t->status && t->open_on)
        return peel_err_set(err, PEEL_EINTERNAL,
                            "type %s: a status field and a computed state (open_on): one only",
                            t->name);
    for (size_t i = 0; t->closed && t->closed[i]; i++)
        if (!peel_field_option(t->status, t->closed[i]))
            return peel_err_set(err, PEEL_EINTERNAL,
                                "type %s: closed state '%s' is not a value of %s", t->name,
                                t->closed[i], t->status->name);
    if (t->lifecycle && t->status)
        return peel_err_set(err, PEEL_EINTERNAL,
                            "type %s: a status field and a lifecycle: one only (the lifecycle's "
                            "history holds the state)",
                            t->name);
    if (peel_lifecycle_check(t, err) < 0)
        return -1;
    if (t->order && !own(t, t->order))
        return peel_err_set(err, PEEL_EINTERNAL, "type %s: its list order is not one of its fields",
                            t->name);
    if (t->order_dir == PEEL_ORDER_UPCOMING && (!t->order || t->order->type != PEEL_F_DATE))
        return peel_err_set(err, PEEL_EINTERNAL,
                            "type %s: upcoming first needs a date field to order by", t->name);
    if (t->range && (!own(t, t->range) || t->range->type != PEEL_F_DATE))
        return peel_err_set(err, PEEL_EINTERNAL,
                            "type %s: its date range field is not one of its date fields", t->name);
    if (t->range && (peel_type_field(t, "from") || peel_type_field(t, "to")))
        return peel_err_set(err, PEEL_EINTERNAL,
                            "type %s: a date range (from, to) on a type with a field called "
                            "from or to",
                            t->name);
    if (t->summary && t->summary[0] < 0)
        return peel_err_set(err, PEEL_EINTERNAL, "type %s: an empty summary", t->name);
    for (size_t i = 0; t->summary && t->summary[i] >= 0; i++)
        if ((size_t)t->summary[i] >= t->nfields)
            return peel_err_set(err, PEEL_EINTERNAL,
                                "type %s: summary column %zu is field %d, beyond its %zu fields",
                                t->name, i + 1, t->summary[i], t->nfields);
    return search_check(t, err);
}

/* Field indices (columns, details) must be fields of the shown type. */
static int related_indices(const peel_type *t, const peel_field *f, const peel_type *shown,
                           const char *what, const int *idx, peel_err *err)
{
    if (idx && idx[0] < 0)
        return peel_err_set(err, PEEL_EINTERNAL, "type %s: field %s: its related %s are empty",
                            t->name, f->name, what);
    for (size_t i = 0; idx && idx[i] >= 0; i++)
        if ((size_t)idx[i] >= shown->nfields)
            return peel_err_set(err, PEEL_EINTERNAL,
                                "type %s: field %s: related %s %zu is field %d, beyond %s's %zu "
                                "fields",
                                t->name, f->name, what, i + 1, idx[i], shown->name, shown->nfields);
    return 0;
}

/* A related group's declaration (model.h, peel_related) on field f of t.
 * The shown type is t itself, or (through a link type) the type f refers
 * to, found among the types registered before t (or t). */
static int related_check(const peel_type *t, const peel_field *f, const peel_type *const *earlier,
                         size_t nearlier, peel_err *err)
{
    const peel_related *rel = f->related;
    const peel_type *shown = t;
    const peel_field *sf;

    if (f->type != PEEL_F_REF)
        return peel_err_set(err, PEEL_EINTERNAL,
                            "type %s: field %s declares a related group but is not a reference",
                            t->name, f->name);
    if (!rel->heading || !*rel->heading)
        return peel_err_set(err, PEEL_EINTERNAL,
                            "type %s: field %s: its related group has no "
                            "heading",
                            t->name, f->name);
    if (rel->through) {
        const peel_field *via = peel_type_field(t, rel->through);
        if (!via || via->type != PEEL_F_REF || via == f)
            return peel_err_set(err, PEEL_EINTERNAL,
                                "type %s: field %s: related through '%s', which is not another "
                                "of its reference fields",
                                t->name, f->name, rel->through);
        shown = NULL;
        for (size_t j = 0; j < nearlier && !shown; j++)
            if (!strcmp(earlier[j]->name, f->ref_type))
                shown = earlier[j];
        if (!shown && !strcmp(f->ref_type, t->name))
            shown = t;
        if (!shown)
            return peel_err_set(err, PEEL_EINTERNAL,
                                "type %s: field %s: related through a link to '%s', which is not "
                                "registered before it",
                                t->name, f->name, f->ref_type);
    }
    if (rel->sort && !(sf = peel_type_field(shown, rel->sort)))
        return peel_err_set(err, PEEL_EINTERNAL,
                            "type %s: field %s: its related group sorts by '%s', which is not a "
                            "field of %s",
                            t->name, f->name, rel->sort, shown->name);
    if (rel->order == PEEL_ORDER_UPCOMING &&
        (!rel->sort || peel_type_field(shown, rel->sort)->type != PEEL_F_DATE))
        return peel_err_set(err, PEEL_EINTERNAL,
                            "type %s: field %s: upcoming first needs a date field to sort by",
                            t->name, f->name);
    if (rel->split_by) {
        const peel_field *sp = peel_type_field(shown, rel->split_by);
        if (!sp || sp->type != PEEL_F_ENUM)
            return peel_err_set(err, PEEL_EINTERNAL,
                                "type %s: field %s: its related group is split by '%s', which is "
                                "not an enum field of %s",
                                t->name, f->name, rel->split_by, shown->name);
    }
    if (related_indices(t, f, shown, "columns", rel->columns, err) < 0 ||
        related_indices(t, f, shown, "details", rel->details, err) < 0)
        return -1;
    return 0;
}

int peel_type_check(const peel_type *t, peel_err *err)
{
    if (!t || !ident(t->name))
        return peel_err_set(err, PEEL_EINTERNAL, "a record type has no usable name");
    if (!t->label || !t->plural)
        return peel_err_set(err, PEEL_EINTERNAL, "type %s: label and plural are required", t->name);
    if (!t->fields || !t->nfields)
        return peel_err_set(err, PEEL_EINTERNAL, "type %s has no fields", t->name);
    for (size_t i = 0; i < t->nfields; i++)
        if (field_check(t, i, err) < 0)
            return -1;
    if (named_field(t, "key", t->key, err) < 0 || named_field(t, "title", t->title, err) < 0)
        return -1;
    /* The Panel's audience widens publication: without a publishing field
     * there is nothing for it to widen. */
    const peel_field *panel = peel_type_flagged(t, PEEL_FOR_PANEL);
    if (panel && !peel_type_flagged(t, PEEL_PUBLISHES))
        return peel_err_set(err, PEEL_EINTERNAL,
                            "type %s: audience field %s needs a publishing field beside it",
                            t->name, panel->name);
    return declared_check(t, err);
}

int peel_registry_init(const peel_type *const *types, size_t n, peel_err *err)
{
    if (ready) {
        if (n == nregistry && !memcmp(types, registry, n * sizeof *types))
            return 0;
        return peel_err_set(err, PEEL_EINTERNAL,
                            "the record types are already registered (a second, different list)");
    }
    if (n > MAX_TYPES)
        return peel_err_set(err, PEEL_EINTERNAL, "%zu record types: at most %d", n, MAX_TYPES);
    for (size_t i = 0; i < n; i++) {
        const peel_type *t = types[i];
        if (peel_type_check(t, err) < 0)
            return -1;
        for (size_t j = 0; j < i; j++)
            if (!strcmp(types[j]->name, t->name))
                return peel_err_set(err, PEEL_EINTERNAL, "type %s is registered twice", t->name);
        /* References only to itself or an earlier type: the tables are created in order. */
        for (size_t k = 0; k < t->nfields; k++) {
            const peel_field *f = &t->fields[k];
            bool found = f->type != PEEL_F_REF || !strcmp(f->ref_type, t->name);
            for (size_t j = 0; j < i && !found; j++)
                found = !strcmp(types[j]->name, f->ref_type);
            if (!found)
                return peel_err_set(err, PEEL_EINTERNAL,
                                    "type %s: field %s refers to '%s', which is not registered "
                                    "before it",
                                    t->name, f->name, f->ref_type);
            if (f->related && related_check(t, f, types, i, err) < 0)
                return -1;
        }
    }
    memcpy(registry, types, n * sizeof *types);
    nregistry = n;
    ready = true;
    return 0;
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

const char *peel_type_one(const peel_type *t, char *buf, size_t n)
{
    const char *l = t->label;
    if (t->one)
        return t->one;
    snprintf(buf, n, "a %s", l);
    /* "Meeting" -> "a meeting", but "HMICFRS ..." stays as it is. */
    if (n > 2 && buf[2] >= 'A' && buf[2] <= 'Z' && !(buf[3] >= 'A' && buf[3] <= 'Z'))
        buf[2] = (char)(buf[2] - 'A' + 'a');
    return buf;
}

const char *peel_ftype_name(enum peel_ftype t)
{
    static const char *const names[] = {"text",      "integer",        "money",         "date",
                                        "month",     "financial year", "choice",        "yes/no",
                                        "reference", "point",          "date and time", "secret"};
    return (unsigned)t < sizeof names / sizeof names[0] ? names[t] : "?";
}

const char *peel_class_name(enum peel_class c)
{
    return c == PEEL_OFFICIAL_SENSITIVE ? "OFFICIAL-SENSITIVE" : "OFFICIAL";
}
