/* record.c - records in memory: typed values parsed from text, formatted
 * back to text, and validated against their declaration.  This is the one
 * place a field's text form is defined; CSV, JSON, the command line and the
 * web forms all go through it. */
#include "model/record.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/money.h"
#include "core/str.h"

peel_record *peel_record_new(const peel_type *t)
{
    peel_record *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->type = t;
    r->v = calloc(t->nfields ? t->nfields : 1, sizeof *r->v);
    if (!r->v) {
        free(r);
        return NULL;
    }
    return r;
}

void peel_value_clear(peel_value *v)
{
    free(v->s);
    memset(v, 0, sizeof *v);
}

void peel_record_free(peel_record *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->type->nfields; i++)
        peel_value_clear(&r->v[i]);
    free(r->v);
    free(r);
}

int peel_value_copy(peel_value *dst, const peel_value *src)
{
    char *s = NULL;
    if (src->s && !(s = strdup(src->s)))
        return -1;
    peel_value_clear(dst);
    *dst = *src;
    dst->s = s;
    return 0;
}

bool peel_value_equal(const peel_field *f, const peel_value *a, const peel_value *b)
{
    if (a->set != b->set)
        return false;
    if (!a->set)
        return true;
    if (f->type == PEEL_F_POINT)
        return a->lat == b->lat && a->lon == b->lon;
    if (a->s || b->s)
        return a->s && b->s && !strcmp(a->s, b->s);
    return a->i == b->i;
}

void peel_fielderrs_add(peel_fielderrs *errs, const char *field, const char *fmt, ...)
{
    va_list ap;
    if (errs->n >= sizeof errs->e / sizeof errs->e[0]) {
        errs->dropped++;
        return;
    }
    errs->e[errs->n].field = field;
    va_start(ap, fmt);
    vsnprintf(errs->e[errs->n].msg, sizeof errs->e[errs->n].msg, fmt, ap);
    va_end(ap);
    errs->n++;
}

int peel_fielderrs_to_err(const peel_fielderrs *errs, peel_err *err)
{
    if (!errs->n)
        return 0;
    if (errs->e[0].field)
        return peel_err_set(err, PEEL_EINPUT, "%s: %s", errs->e[0].field, errs->e[0].msg);
    return peel_err_set(err, PEEL_EINPUT, "%s", errs->e[0].msg);
}

static bool parse_bool(peel_str s, int64_t *out)
{
    static const char *const yes[] = {"yes", "y", "true", "t", "1", "on"};
    static const char *const no[] = {"no", "n", "false", "f", "0", "off"};
    for (size_t i = 0; i < 6; i++) {
        if (peel_str_eq_nocase(s, yes[i])) {
            *out = 1;
            return true;
        }
        if (peel_str_eq_nocase(s, no[i])) {
            *out = 0;
            return true;
        }
    }
    return false;
}

static bool parse_double(peel_str s, double *out)
{
    char tmp[64], *end;
    if (s.n == 0 || s.n >= sizeof tmp)
        return false;
    memcpy(tmp, s.p, s.n);
    tmp[s.n] = '\0';
    *out = strtod(tmp, &end);
    return *end == '\0' && isfinite(*out);
}

static bool valid_datetime(peel_str s)
{
    /* YYYY-MM-DDTHH:MM, optionally :SS */
    peel_date d;
    peel_err ignore = PEEL_ERR_INIT;
    if ((s.n != 16 && s.n != 19) || s.p[10] != 'T' || peel_date_parse(s.p, 10, &d, &ignore) < 0)
        return false;
    const char *t = s.p + 11;
    if (t[2] != ':' || (s.n == 19 && t[5] != ':'))
        return false;
    for (size_t i = 0; i < s.n - 11; i++)
        if (i != 2 && i != 5 && (t[i] < '0' || t[i] > '9'))
            return false;
    int hh = (t[0] - '0') * 10 + (t[1] - '0'), mm = (t[3] - '0') * 10 + (t[4] - '0');
    int ss = s.n == 19 ? (t[6] - '0') * 10 + (t[7] - '0') : 0;
    return hh < 24 && mm < 60 && ss < 60;
}

int peel_value_parse(const peel_field *f, const char *text, size_t n, peel_value *out,
                     peel_fielderrs *errs)
{
    peel_str s = {text, n};
    peel_err e = PEEL_ERR_INIT;
    char q[PEEL_QUOTE_SIZE];
    size_t bad;

    peel_value_clear(out);
    if (f->type != PEEL_F_TEXT || !(f->flags & PEEL_MULTILINE))
        s = peel_str_trim(s);
    if (s.n == 0)
        return 0;
    if (!peel_utf8_valid(s.p, s.n, &bad)) {
        peel_fielderrs_add(errs, f->name, "invalid UTF-8 at byte %zu", bad + 1);
        return -1;
    }
    /* A NUL would end the stored text there and lose the rest unseen. */
    const char *nul = memchr(s.p, '\0', s.n);
    if (nul) {
        peel_fielderrs_add(errs, f->name, "has a NUL character at byte %zu",
                           (size_t)(nul - s.p) + 1);
        return -1;
    }
    peel_str_quote(s.p, s.n, q);

    switch (f->type) {
    case PEEL_F_TEXT:
    case PEEL_F_SECRET: {
        size_t max = f->max > 0 ? (size_t)f->max : 4000;
        if (s.n > max) {
            peel_fielderrs_add(errs, f->name, "is %zu characters long; at most %zu allowed", s.n,
                               max);
            return -1;
        }
        if (!(f->flags & PEEL_MULTILINE) && memchr(s.p, '\n', s.n)) {
            peel_fielderrs_add(errs, f->name, "must be a single line");
            return -1;
        }
        break;
    }
    case PEEL_F_DATETIME:
        if (!valid_datetime(s)) {
            peel_fielderrs_add(errs, f->name, "'%s' is not a date and time (YYYY-MM-DDTHH:MM)", q);
            return -1;
        }
        break;
    case PEEL_F_INT: {
        long long v;
        if (!peel_str_to_i64(s, &v)) {
            peel_fielderrs_add(errs, f->name, "'%s' is not a whole number", q);
            return -1;
        }
        out->i = v;
        break;
    }
    case PEEL_F_MONEY:
        if (peel_money_parse(s.p, s.n, &out->i, &e) < 0) {
            peel_fielderrs_add(errs, f->name, "%s", e.msg);
            return -1;
        }
        break;
    case PEEL_F_DATE: {
        peel_date d;
        if (peel_date_parse_typed(s.p, s.n, &d, &e) < 0) {
            peel_fielderrs_add(errs, f->name, "%s", e.msg);
            return -1;
        }
        out->i = d;
        break;
    }
    case PEEL_F_MONTH: {
        peel_month m;
        if (peel_month_parse(s.p, s.n, &m, &e) < 0) {
            peel_fielderrs_add(errs, f->name, "%s", e.msg);
            return -1;
        }
        out->i = m;
        break;
    }
    case PEEL_F_FY: {
        peel_fy y;
        if (peel_fy_parse(s.p, s.n, &y, &e) < 0) {
            peel_fielderrs_add(errs, f->name, "%s", e.msg);
            return -1;
        }
        out->i = y;
        break;
    }
    case PEEL_F_ENUM: {
        const peel_option *ev = f->options;
        size_t i;
        for (i = 0; ev[i].value; i++)
            if (peel_str_eq_nocase(s, ev[i].value) ||
                (ev[i].label && peel_str_eq_nocase(s, ev[i].label)))
                break;
        if (!ev[i].value) {
            char list[200] = "";
            size_t k = 0;
            for (size_t j = 0; ev[j].value && k < sizeof list - 1; j++)
                k +=
                    (size_t)snprintf(list + k, sizeof list - k, "%s%s", j ? ", " : "", ev[j].value);
            peel_fielderrs_add(errs, f->name, "'%s' is not one of: %s", q, list);
            return -1;
        }
        out->s = strdup(ev[i].value); /* canonical spelling */
        if (!out->s)
            return -1;
        out->set = true;
        return 0;
    }
    case PEEL_F_BOOL:
        if (!parse_bool(s, &out->i)) {
            peel_fielderrs_add(errs, f->name, "'%s' is not yes or no", q);
            return -1;
        }
        break;
    case PEEL_F_REF: {
        long long id;
        if (peel_str_to_i64(s, &id) && id > 0) {
            out->i = id;
        } else {
            /* Resolved against the referenced type's key by the caller. */
            out->s = peel_str_dup(s);
            if (!out->s)
                return -1;
        }
        break;
    }
    case PEEL_F_POINT: {
        const char *comma = memchr(s.p, ',', s.n);
        peel_str a, b;
        if (!comma) {
            peel_fielderrs_add(errs, f->name, "'%s' is not 'latitude,longitude'", q);
            return -1;
        }
        a = peel_str_trim((peel_str){s.p, (size_t)(comma - s.p)});
        b = peel_str_trim((peel_str){comma + 1, s.n - (size_t)(comma - s.p) - 1});
        if (!parse_double(a, &out->lat) || !parse_double(b, &out->lon) || out->lat < -90 ||
            out->lat > 90 || out->lon < -180 || out->lon > 180) {
            peel_fielderrs_add(errs, f->name, "'%s' is not 'latitude,longitude' in degrees", q);
            return -1;
        }
        break;
    }
    }
    if ((f->type == PEEL_F_TEXT || f->type == PEEL_F_SECRET || f->type == PEEL_F_DATETIME) &&
        !(out->s = peel_str_dup(s)))
        return -1;
    out->set = true;
    return 0;
}

/* A point's degree as machine text: six decimals (police.uk's, about 11 cm),
 * more only when needed to read back as the same double, so a CSV export
 * imported again changes nothing. */
static void degrees_exact(double d, char *buf, size_t n)
{
    for (int places = 6; places <= 17; places++) {
        snprintf(buf, n, "%.*f", places, d);
        if (strtod(buf, NULL) == d)
            return;
    }
    snprintf(buf, n, "%.17g", d);
}

int peel_value_format(const peel_field *f, const peel_value *v, enum peel_vfmt fmt, peel_buf *out)
{
    char tmp[40];

    if (!v->set || f->type == PEEL_F_SECRET)
        return 0;
    switch (f->type) {
    case PEEL_F_INT:
        return peel_buf_printf(out, "%lld", (long long)v->i);
    case PEEL_F_MONEY:
        if (fmt == PEEL_VFMT_PEOPLE)
            peel_money_format(v->i, tmp);
        else
            peel_money_format_plain(v->i, tmp);
        return peel_buf_puts(out, tmp);
    case PEEL_F_DATE:
        if (fmt == PEEL_VFMT_PEOPLE)
            peel_date_format_long((peel_date)v->i, tmp);
        else
            peel_date_format((peel_date)v->i, tmp);
        return peel_buf_puts(out, tmp);
    case PEEL_F_MONTH:
        if (fmt == PEEL_VFMT_PEOPLE)
            peel_month_format_long((peel_month)v->i, tmp);
        else
            peel_month_format((peel_month)v->i, tmp);
        return peel_buf_puts(out, tmp);
    case PEEL_F_FY:
        peel_fy_format((peel_fy)v->i, tmp);
        return peel_buf_puts(out, tmp);
    case PEEL_F_BOOL:
        return peel_buf_puts(out, v->i ? "yes" : "no");
    case PEEL_F_REF:
        if (v->s)
            return peel_buf_puts(out, v->s);
        return peel_buf_printf(out, "%lld", (long long)v->i);
    case PEEL_F_POINT:
        if (fmt == PEEL_VFMT_PEOPLE)
            return peel_buf_printf(out, "%.6f,%.6f", v->lat, v->lon);
        char lat[40], lon[40];
        degrees_exact(v->lat, lat, sizeof lat);
        degrees_exact(v->lon, lon, sizeof lon);
        return peel_buf_printf(out, "%s,%s", lat, lon);
    case PEEL_F_ENUM:
        return peel_buf_puts(out, fmt == PEEL_VFMT_PEOPLE ? peel_option_label(f, v->s) : v->s);
    default:
        return peel_buf_puts(out, v->s ? v->s : "");
    }
}

void peel_record_validate(const peel_record *r, peel_fielderrs *errs)
{
    const peel_type *t = r->type;

    for (size_t i = 0; i < t->nfields; i++) {
        const peel_field *f = &t->fields[i];
        const peel_value *v = &r->v[i];
        if (!v->set) {
            if (f->flags & PEEL_REQUIRED)
                peel_fielderrs_add(errs, f->name, "is required");
            continue;
        }
        if ((f->type == PEEL_F_INT || f->type == PEEL_F_MONEY) && f->min < f->max &&
            (v->i < f->min || v->i > f->max)) {
            char lo[32], hi[32];
            if (f->type == PEEL_F_MONEY) {
                peel_money_format(f->min, lo);
                peel_money_format(f->max, hi);
            } else {
                snprintf(lo, sizeof lo, "%lld", (long long)f->min);
                snprintf(hi, sizeof hi, "%lld", (long long)f->max);
            }
            peel_fielderrs_add(errs, f->name, "must be between %s and %s", lo, hi);
        }
    }
    if (t->check)
        t->check(r, errs);
}

int peel_record_open(struct peel_store *s, const peel_record *r, int64_t day, bool *open,
                     peel_err *err)
{
    const peel_type *t = r->type;
    *open = true;
    if (t->open_on)
        return t->open_on(s, r, day, open, err);
    if (t->status) {
        const peel_value *v = peel_record_value(r, t->status);
        for (size_t i = 0; v->set && v->s && t->closed && t->closed[i]; i++)
            if (!strcmp(v->s, t->closed[i]))
                *open = false;
    }
    return 0;
}

enum peel_class peel_record_class(const peel_record *r)
{
    const peel_field *f = peel_type_flagged(r->type, PEEL_CLASSIFIES);
    if (r->type->cls == PEEL_OFFICIAL_SENSITIVE)
        return PEEL_OFFICIAL_SENSITIVE;
    if (f) {
        const peel_value *v = &r->v[f - r->type->fields];
        if (v->set && v->s && !strcmp(v->s, peel_class_options[PEEL_OFFICIAL_SENSITIVE].value))
            return PEEL_OFFICIAL_SENSITIVE;
    }
    return PEEL_OFFICIAL;
}
