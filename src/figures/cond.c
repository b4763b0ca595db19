/* cond.c - a figure's filters, read against a declaration (cond.h). */
#include "figures/cond.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"

static const struct {
    const char *text;
    enum peel_op op;
} ops[] = {
    /* Two-character operators first, so "<=" is not read as "<". */
    {"<=", PEEL_OP_LE}, {">=", PEEL_OP_GE}, {"!=", PEEL_OP_NE},
    {"=", PEEL_OP_EQ},  {"<", PEEL_OP_LT},  {">", PEEL_OP_GT},
};

/* The text of s..e with the spaces at both ends taken off, into out. */
static void trim_into(const char *s, const char *e, char *out, size_t outsz)
{
    size_t n;

    while (s < e && isspace((unsigned char)*s))
        s++;
    while (e > s && isspace((unsigned char)e[-1]))
        e--;
    n = (size_t)(e - s) < outsz - 1 ? (size_t)(e - s) : outsz - 1;
    memcpy(out, s, n);
    out[n] = '\0';
}

static const peel_field *field_of(const peel_type *t, const char *name, const char *cond, char *msg,
                                  size_t msgsz)
{
    const peel_field *f = peel_type_field(t, name);

    if (!f)
        snprintf(msg, msgsz, "\"%s\": %s has no field %s", cond, t->name, name);
    else if (f->type == PEEL_F_SECRET || f->type == PEEL_F_POINT)
        snprintf(msg, msgsz, "\"%s\": %s.%s cannot be filtered on", cond, t->name, name);
    else
        return f;
    return NULL;
}

/* "days(a, b) <= 56" or "workdays(a, b) <= 20". */
static int parse_days(const char *cond, const char *open, const peel_type *t, peel_fcond *c,
                      char *msg, size_t msgsz)
{
    char a[64], b[64], num[32];
    const char *comma = strchr(open, ','), *close = strchr(open, ')'), *p;
    size_t i;

    if (!comma || !close || comma > close) {
        snprintf(msg, msgsz, "\"%s\": write days(FROM_FIELD, TO_FIELD) <= N", cond);
        return -1;
    }
    trim_into(open + 1, comma, a, sizeof a);
    trim_into(comma + 1, close, b, sizeof b);
    if (!(c->field = field_of(t, a, cond, msg, msgsz)) ||
        !(c->field_to = field_of(t, b, cond, msg, msgsz)))
        return -1;
    if (c->field->type != PEEL_F_DATE || c->field_to->type != PEEL_F_DATE) {
        snprintf(msg, msgsz, "\"%s\": %s and %s must both be date fields", cond, a, b);
        return -1;
    }
    for (p = close + 1; isspace((unsigned char)*p); p++)
        ;
    for (i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (!strncmp(p, ops[i].text, strlen(ops[i].text)))
            break;
    if (i == sizeof ops / sizeof ops[0]) {
        snprintf(msg, msgsz, "\"%s\": compare the days with =, !=, <, <=, > or >=", cond);
        return -1;
    }
    c->op = ops[i].op;
    trim_into(p + strlen(ops[i].text), p + strlen(p), num, sizeof num);
    {
        char *end;
        long long v = strtoll(num, &end, 10);
        if (!*num || *end || v < -100000 || v > 100000) {
            snprintf(msg, msgsz, "\"%s\": \"%s\" is not a whole number of days", cond, num);
            return -1;
        }
        c->days = v;
    }
    return 0;
}

static int parse_one(const char *cond, const peel_type *t, peel_fcond *c, char *msg, size_t msgsz)
{
    char name[64], value[512];
    const char *p = cond;
    size_t n = 0, i;

    memset(c, 0, sizeof *c);
    while (isalnum((unsigned char)p[n]) || p[n] == '_')
        n++;
    if (n == 0 || n >= sizeof name) {
        snprintf(msg, msgsz, "\"%s\" is not a condition: write FIELD = VALUE", cond);
        return -1;
    }
    memcpy(name, p, n);
    name[n] = '\0';
    p += n;
    while (isspace((unsigned char)*p))
        p++;
    if (*p == '(' && (!strcmp(name, "days") || !strcmp(name, "workdays"))) {
        c->kind = !strcmp(name, "days") ? PEEL_FCOND_DAYS : PEEL_FCOND_WORKDAYS;
        return parse_days(cond, p, t, c, msg, msgsz);
    }
    c->kind = PEEL_FCOND_FIELD;
    if (!(c->field = field_of(t, name, cond, msg, msgsz)))
        return -1;
    if (!strcasecmp(p, "is set") || !strcasecmp(p, "is not empty")) {
        c->op = PEEL_OP_NOTNULL;
        return 0;
    }
    if (!strcasecmp(p, "is empty") || !strcasecmp(p, "is not set")) {
        c->op = PEEL_OP_NULL;
        return 0;
    }
    for (i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (!strncmp(p, ops[i].text, strlen(ops[i].text)))
            break;
    if (i == sizeof ops / sizeof ops[0]) {
        snprintf(msg, msgsz,
                 "\"%s\": after %s write =, !=, <, <=, >, >=, \"is set\" or \"is empty\"", cond,
                 name);
        return -1;
    }
    c->op = ops[i].op;
    trim_into(p + strlen(ops[i].text), p + strlen(p), value, sizeof value);
    if (!*value) {
        snprintf(msg, msgsz,
                 "\"%s\": no value after the operator (for none, write \"%s is empty\")", cond,
                 name);
        return -1;
    }
    {
        peel_fielderrs errs = {0};
        if (peel_value_parse(c->field, value, strlen(value), &c->value, &errs) < 0) {
            snprintf(msg, msgsz, "\"%s\": %s", cond, errs.n ? errs.e[0].msg : "does not read");
            return -1;
        }
    }
    if (c->op != PEEL_OP_EQ && c->op != PEEL_OP_NE &&
        (c->field->type == PEEL_F_TEXT || c->field->type == PEEL_F_ENUM ||
         c->field->type == PEEL_F_BOOL || c->field->type == PEEL_F_REF)) {
        snprintf(msg, msgsz, "\"%s\": %s is compared only with = or !=", cond, name);
        peel_value_clear(&c->value);
        return -1;
    }
    return 0;
}

int peel_fconds_parse(const char *text, const peel_type *t, peel_fconds *out, char *msg,
                      size_t msgsz)
{
    const char *p = text ? text : "";

    memset(out, 0, sizeof *out);
    while (*p) {
        const char *e = strchr(p, ';');
        char cond[600];

        if (!e)
            e = p + strlen(p);
        trim_into(p, e, cond, sizeof cond);
        p = *e ? e + 1 : e;
        if (!*cond)
            continue;
        if (out->n == PEEL_FCOND_MAX) {
            snprintf(msg, msgsz, "at most %d conditions", PEEL_FCOND_MAX);
            peel_fconds_release(out);
            return -1;
        }
        if (parse_one(cond, t, &out->v[out->n], msg, msgsz) < 0) {
            peel_fconds_release(out);
            return -1;
        }
        out->n++;
    }
    return 0;
}

void peel_fconds_release(peel_fconds *c)
{
    for (size_t i = 0; i < c->n; i++)
        peel_value_clear(&c->v[i].value);
    c->n = 0;
}

static int cmp_i(int64_t a, int64_t b)
{
    return a < b ? -1 : a > b;
}

static bool holds(enum peel_op op, int c)
{
    switch (op) {
    case PEEL_OP_EQ:
        return c == 0;
    case PEEL_OP_NE:
        return c != 0;
    case PEEL_OP_LT:
        return c < 0;
    case PEEL_OP_LE:
        return c <= 0;
    case PEEL_OP_GT:
        return c > 0;
    case PEEL_OP_GE:
        return c >= 0;
    default:
        return false;
    }
}

int peel_fconds_match(const peel_fconds *c, const peel_record *r, const peel_field **missing)
{
    int unknown = 0;

    for (size_t i = 0; i < c->n; i++) {
        const peel_fcond *k = &c->v[i];
        const peel_value *v = peel_record_value(r, k->field);

        if (k->kind != PEEL_FCOND_FIELD) {
            const peel_value *w = peel_record_value(r, k->field_to);
            int days = 0;
            if (!v->set || !w->set) {
                if (missing && !unknown)
                    *missing = v->set ? k->field_to : k->field;
                unknown = 1;
                continue;
            }
            if (k->kind == PEEL_FCOND_DAYS) {
                days = (int)(w->i - v->i);
            } else {
                peel_err e = PEEL_ERR_INIT;
                if (peel_workdays_between((peel_date)v->i, (peel_date)w->i, &days, &e) < 0) {
                    if (missing && !unknown)
                        *missing = k->field_to;
                    unknown = 1;
                    continue;
                }
            }
            if (!holds(k->op, cmp_i(days, k->days)))
                return 0;
            continue;
        }
        if (k->op == PEEL_OP_NULL || k->op == PEEL_OP_NOTNULL) {
            if (v->set != (k->op == PEEL_OP_NOTNULL))
                return 0;
            continue;
        }
        if (!v->set) {
            if (k->op != PEEL_OP_NE)
                return 0;
            continue;
        }
        if (v->s || k->value.s) {
            int d = strcmp(v->s ? v->s : "", k->value.s ? k->value.s : "");
            if (!holds(k->op, d))
                return 0;
        } else if (!holds(k->op, cmp_i(v->i, k->value.i))) {
            return 0;
        }
    }
    return unknown ? -1 : 1;
}

bool peel_fconds_plain(const peel_fconds *c)
{
    /* "!=" holds for a record with no value (cond.h), which a store's
     * comparison would not count: it is evaluated here. */
    for (size_t i = 0; i < c->n; i++)
        if (c->v[i].kind != PEEL_FCOND_FIELD || c->v[i].op == PEEL_OP_NE)
            return false;
    return true;
}

size_t peel_fconds_filters(const peel_fconds *c, peel_filter *out)
{
    size_t n = 0;

    for (size_t i = 0; i < c->n; i++) {
        const peel_fcond *k = &c->v[i];
        if (k->kind != PEEL_FCOND_FIELD || k->op == PEEL_OP_NE)
            continue;
        out[n++] = (peel_filter){.field = k->field, .op = k->op, .v = k->value};
    }
    return n;
}
