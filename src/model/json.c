/* json.c - records to and from JSON objects, from their declaration. */
#include "model/json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/str.h"

/* JSON text is written straight into a buffer rather than built as a
 * jansson tree and dumped: for the API's lists the tree (one allocation per
 * value, then a dump and a free) was 41% of the CPU time of a request
 * (bench/web/README.md).  jansson still parses every body peel receives, and
 * the tests parse this writer's output with it. */

int peel_json_write_string(peel_buf *out, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    size_t start = 0, i = 0;

    peel_buf_putc(out, '"');
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        char esc[6];
        size_t elen = 2, len;

        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0x80) {
            if ((len = peel_utf8_seq(s + i, n - i)) != 0) {
                i += len; /* well-formed UTF-8 goes out as it is */
                continue;
            }
        }
        peel_buf_append(out, s + start, i - start);
        esc[0] = '\\';
        switch (c) {
        case '"':
            esc[1] = '"';
            break;
        case '\\':
            esc[1] = '\\';
            break;
        case '\b':
            esc[1] = 'b';
            break;
        case '\f':
            esc[1] = 'f';
            break;
        case '\n':
            esc[1] = 'n';
            break;
        case '\r':
            esc[1] = 'r';
            break;
        case '\t':
            esc[1] = 't';
            break;
        default:
            if (c >= 0x80) { /* a stray byte: U+FFFD, so the document stays valid */
                memcpy(esc, "\\ufffd", 6);
            } else {
                memcpy(esc, "\\u00", 4);
                esc[4] = hex[c >> 4];
                esc[5] = hex[c & 15];
            }
            elen = 6;
        }
        peel_buf_append(out, esc, elen);
        start = ++i;
    }
    peel_buf_append(out, s + start, n - start);
    return peel_buf_putc(out, '"');
}

/* The shortest of %.15g/%.17g that reads back as the same double. */
static void write_double(peel_buf *out, double d)
{
    char tmp[32];
    if (d != d || d - d != 0) { /* NaN or infinite: not JSON */
        peel_buf_puts(out, "null");
        return;
    }
    snprintf(tmp, sizeof tmp, "%.15g", d);
    if (strtod(tmp, NULL) != d)
        snprintf(tmp, sizeof tmp, "%.17g", d);
    peel_buf_puts(out, tmp);
}

static void write_key(peel_buf *out, const char *name, bool *first)
{
    if (!*first)
        peel_buf_putc(out, ',');
    *first = false;
    peel_json_write_string(out, name, strlen(name));
    peel_buf_putc(out, ':');
}

int peel_json_write_record(const peel_record *r, bool include_sensitive, peel_buf *out)
{
    return peel_json_write_record_for(r, include_sensitive, true, out);
}

int peel_json_write_record_for(const peel_record *r, bool include_sensitive, bool include_internal,
                               peel_buf *out)
{
    const peel_type *t = r->type;
    peel_buf tmp = PEEL_BUF_INIT;
    bool first = true;

    peel_buf_putc(out, '{');
    write_key(out, "id", &first);
    peel_buf_put_i64(out, r->id);
    for (size_t i = 0; i < t->nfields; i++) {
        const peel_field *f = &t->fields[i];
        const peel_value *v = &r->v[i];

        if (f->type == PEEL_F_SECRET)
            continue;
        if (f->cls == PEEL_OFFICIAL_SENSITIVE && !include_sensitive)
            continue;
        if ((f->flags & PEEL_INTERNAL) && !include_internal)
            continue;
        write_key(out, f->name, &first);
        if (!v->set) {
            peel_buf_puts(out, "null");
            continue;
        }
        switch (f->type) {
        case PEEL_F_INT:
        case PEEL_F_MONEY:
            peel_buf_put_i64(out, v->i);
            break;
        case PEEL_F_REF:
            if (v->s)
                peel_json_write_string(out, v->s, strlen(v->s));
            else
                peel_buf_put_i64(out, v->i);
            break;
        case PEEL_F_BOOL:
            peel_buf_puts(out, v->i ? "true" : "false");
            break;
        case PEEL_F_POINT:
            peel_buf_puts(out, "{\"lat\":");
            write_double(out, v->lat);
            peel_buf_puts(out, ",\"lon\":");
            write_double(out, v->lon);
            peel_buf_putc(out, '}');
            break;
        default:
            peel_buf_reset(&tmp);
            peel_value_format(f, v, PEEL_VFMT_CSV, &tmp);
            peel_json_write_string(out, peel_buf_str(&tmp), tmp.len);
        }
    }
    write_key(out, "created_at", &first);
    peel_json_write_string(out, r->created_at, strlen(r->created_at));
    write_key(out, "updated_at", &first);
    peel_json_write_string(out, r->updated_at, strlen(r->updated_at));
    peel_buf_release(&tmp);
    peel_buf_putc(out, '}');
    return out->failed || tmp.failed ? -1 : 0;
}

json_t *peel_json_record(const peel_record *r, bool include_sensitive)
{
    peel_buf b = PEEL_BUF_INIT;
    json_t *o = NULL;

    if (peel_json_write_record(r, include_sensitive, &b) == 0)
        o = json_loadb(peel_buf_str(&b), b.len, 0, NULL);
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
            for (const peel_option *opt = f->options; opt->value; opt++)
                json_array_append_new(ev, json_string(opt->value));
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
        /* A lifecycle's state is read, never written here: a transition
         * changes it (POST .../transitions), so a record sent back as read
         * is still accepted. */
        if (r->type->lifecycle && !strcmp(key, "state"))
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
        } else if (json_is_integer(val) && (f->type == PEEL_F_INT || f->type == PEEL_F_REF)) {
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
