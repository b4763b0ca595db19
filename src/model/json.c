/* json.c - records to and from JSON objects, from their declaration. */
#include "model/json.h"

#include <string.h>

#include "core/buf.h"

json_t *peel_json_record(const peel_record *r, bool include_sensitive)
{
    const peel_type *t = r->type;
    json_t *o = json_object();
    peel_buf b = PEEL_BUF_INIT;

    if (!o)
        return NULL;
    json_object_set_new(o, "id", json_integer(r->id));
    for (size_t i = 0; i < t->nfields; i++) {
        const peel_field *f = &t->fields[i];
        const peel_value *v = &r->v[i];
        json_t *j;

        if (f->type == PEEL_F_SECRET)
            continue;
        if (f->cls == PEEL_OFFICIAL_SENSITIVE && !include_sensitive)
            continue;
        if (!v->set) {
            j = json_null();
        } else {
            switch (f->type) {
            case PEEL_F_INT:
            case PEEL_F_MONEY:
                j = json_integer(v->i);
                break;
            case PEEL_F_REF:
                j = v->s ? json_string(v->s) : json_integer(v->i);
                break;
            case PEEL_F_BOOL:
                j = json_boolean(v->i);
                break;
            case PEEL_F_POINT:
                j = json_pack("{s:f,s:f}", "lat", v->lat, "lon", v->lon);
                break;
            default:
                peel_buf_reset(&b);
                peel_value_format(f, v, PEEL_VFMT_CSV, &b);
                j = json_stringn(peel_buf_str(&b), b.len);
            }
        }
        json_object_set_new(o, f->name, j);
    }
    json_object_set_new(o, "created_at", json_string(r->created_at));
    json_object_set_new(o, "updated_at", json_string(r->updated_at));
    peel_buf_release(&b);
    return o;
}

json_t *peel_json_type(const peel_type *t)
{
    json_t *o = json_object(), *fields = json_array();

    json_object_set_new(o, "name", json_string(t->name));
    json_object_set_new(o, "label", json_string(t->label));
    json_object_set_new(o, "plural", json_string(t->plural));
    if (t->help)
        json_object_set_new(o, "help", json_string(t->help));
    if (t->key)
        json_object_set_new(o, "key", json_string(t->key));
    json_object_set_new(o, "classification", json_string(peel_class_name(t->cls)));
    for (size_t i = 0; i < t->nfields; i++) {
        const peel_field *f = &t->fields[i];
        json_t *jf = json_object();
        json_object_set_new(jf, "name", json_string(f->name));
        json_object_set_new(jf, "label", json_string(f->label));
        json_object_set_new(jf, "type", json_string(peel_ftype_name(f->type)));
        json_object_set_new(jf, "required", json_boolean(f->flags & PEEL_REQUIRED));
        json_object_set_new(jf, "unique", json_boolean(f->flags & PEEL_UNIQUE));
        json_object_set_new(jf, "readonly", json_boolean(f->flags & PEEL_READONLY));
        json_object_set_new(jf, "classification", json_string(peel_class_name(f->cls)));
        if (f->help)
            json_object_set_new(jf, "help", json_string(f->help));
        if (f->type == PEEL_F_ENUM) {
            json_t *ev = json_array();
            for (size_t k = 0; f->enum_values[k]; k++)
                json_array_append_new(ev, json_string(f->enum_values[k]));
            json_object_set_new(jf, "values", ev);
        }
        if (f->type == PEEL_F_REF)
            json_object_set_new(jf, "references", json_string(f->ref_type));
        if (f->min < f->max) {
            json_object_set_new(jf, "min", json_integer(f->min));
            json_object_set_new(jf, "max", json_integer(f->max));
        } else if (f->type == PEEL_F_TEXT && f->max > 0) {
            json_object_set_new(jf, "max_length", json_integer(f->max));
        }
        json_array_append_new(fields, jf);
    }
    json_object_set_new(o, "fields", fields);
    return o;
}

int peel_json_assign(peel_record *r, const json_t *obj, peel_fielderrs *errs)
{
    const char *key;
    json_t *val;
    size_t before = errs->n;
    peel_buf b = PEEL_BUF_INIT;

    if (!json_is_object(obj)) {
        peel_fielderrs_add(errs, NULL, "expected a JSON object");
        return -1;
    }
    json_object_foreach((json_t *)obj, key, val)
    {
        int i = peel_type_field_index(r->type, key);
        const peel_field *f;

        if (!strcmp(key, "id") || !strcmp(key, "created_at") || !strcmp(key, "updated_at"))
            continue;
        if (i < 0) {
            peel_fielderrs_add(errs, NULL, "'%.60s' is not a field of %s", key, r->type->name);
            continue;
        }
        f = &r->type->fields[i];
        if (f->flags & PEEL_READONLY) {
            peel_fielderrs_add(errs, f->name, "is set by peel and cannot be given");
            continue;
        }
        peel_buf_reset(&b);
        if (json_is_null(val)) {
            peel_value_clear(&r->v[i]);
            continue;
        } else if (json_is_string(val)) {
            peel_buf_append(&b, json_string_value(val), json_string_length(val));
        } else if (json_is_integer(val) &&
                   (f->type == PEEL_F_INT || f->type == PEEL_F_REF)) {
            peel_buf_printf(&b, "%lld", (long long)json_integer_value(val));
        } else if (json_is_integer(val) && f->type == PEEL_F_MONEY) {
            json_int_t p = json_integer_value(val);
            peel_value_clear(&r->v[i]);
            r->v[i].set = true;
            r->v[i].i = p;
            continue;
        } else if (json_is_boolean(val) && f->type == PEEL_F_BOOL) {
            peel_buf_puts(&b, json_is_true(val) ? "yes" : "no");
        } else if (json_is_object(val) && f->type == PEEL_F_POINT &&
                   json_is_number(json_object_get(val, "lat")) &&
                   json_is_number(json_object_get(val, "lon"))) {
            peel_buf_printf(&b, "%.8f,%.8f", json_number_value(json_object_get(val, "lat")),
                            json_number_value(json_object_get(val, "lon")));
        } else {
            peel_fielderrs_add(errs, f->name, "has the wrong JSON type for a %s",
                               peel_ftype_name(f->type));
            continue;
        }
        peel_value_parse(f, peel_buf_str(&b), b.len, &r->v[i], errs);
    }
    peel_buf_release(&b);
    return errs->n > before ? -1 : 0;
}
