/* compute.c - figures computed from records and reconciled (compute.h). */
#include "figures/compute.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/date.h"
#include "core/vec.h"
#include "crime/figures.h"
#include "crime/report.h"
#include "figures/cond.h"
#include "figures/figure.h"
#include "model/records.h"

/* A combination nests no deeper than this (a loop of figures stops here). */
#define MAX_DEPTH 8

static const char *const status_names[] = {"agrees", "differs", "cannot", "unprinted"};
static const char *const status_labels[] = {"Agrees", "Differs", "Cannot compute", "Not printed"};

const char *peel_fstatus_name(enum peel_fstatus s)
{
    return status_names[s];
}

const char *peel_fstatus_label(enum peel_fstatus s)
{
    return status_labels[s];
}

bool peel_fstatus_parse(const char *name, enum peel_fstatus *out)
{
    for (int i = 0; i < 4; i++)
        if (name && !strcmp(name, status_names[i])) {
            *out = (enum peel_fstatus)i;
            return true;
        }
    return false;
}

const char *peel_frag_name(enum peel_frag r)
{
    static const char *const names[] = {"", "green", "amber", "red"};
    return names[r];
}

/* ---- a record's fields ---- */

static const char *text_at(const peel_record *r, int f)
{
    const peel_value *v = &r->v[f];
    return v->set && v->s ? v->s : "";
}

static int enum_at(const peel_record *r, int f)
{
    const peel_field *fd = &r->type->fields[f];
    const char *s = text_at(r, f);
    for (int i = 0; *s && fd->options[i].value; i++)
        if (!strcmp(fd->options[i].value, s))
            return i;
    return -1;
}

void peel_figure_period_text(const peel_record *fig, char *out, size_t outsz)
{
    const peel_value *f = &fig->v[PEEL_FIG_PERIOD_FROM], *t = &fig->v[PEEL_FIG_PERIOD_TO];
    int y1, m1, d1, y2, m2, d2;
    char a[32], b[32];

    if (!f->set || !t->set) {
        snprintf(out, outsz, "%s", "");
        return;
    }
    peel_date_to_ymd((peel_date)f->i, &y1, &m1, &d1);
    peel_date_to_ymd((peel_date)t->i, &y2, &m2, &d2);
    if (m1 == 4 && d1 == 1 && m2 == 3 && d2 == 31 && y2 == y1 + 1) {
        char fy[8];
        peel_fy_format((peel_fy)y1, fy);
        snprintf(out, outsz, "%s", fy);
    } else if (m1 == 1 && d1 == 1 && m2 == 12 && d2 == 31 && y2 == y1) {
        snprintf(out, outsz, "%d", y1);
    } else if (d1 == 1 && t->i == peel_month_last_day(peel_month_of_date((peel_date)t->i))) {
        char ma[24], mb[24];
        peel_month_format_long(peel_month_of_date((peel_date)f->i), ma);
        peel_month_format_long(peel_month_of_date((peel_date)t->i), mb);
        if (!strcmp(ma, mb))
            snprintf(out, outsz, "%s", ma);
        else
            snprintf(out, outsz, "%s to %s", ma, mb);
    } else {
        peel_date_format_long((peel_date)f->i, a);
        peel_date_format_long((peel_date)t->i, b);
        snprintf(out, outsz, "%s to %s", a, b);
    }
}

/* ---- the computation ---- */

/* What computing figures looks up again and again, looked up once.  Each
 * lookup is a statement, and on PostgreSQL a round trip: /figures made
 * 2,193 of them, 400 to name the same five series again and 330 to fetch
 * figures the list had read already.  So the keys conditions name (a
 * series' name) are kept with the id the reader may open, and the figures
 * that combine others find those in the list being computed.  For one
 * reader and one snapshot (a list, or one figure), dropped at its end. */
typedef struct known_key {
    const peel_type *t;
    char *key;
    int64_t id; /* 0: nothing the reader may open */
} known_key;

typedef struct known_count {
    char *query; /* the type and filters, written out (count_known) */
    int64_t n;
} known_count;

typedef struct memo {
    PEEL_VEC(known_key) keys;
    PEEL_VEC(known_count) counts;
    const peel_flist *figs, *others; /* the list's figures and those it leaves out, or NULL */
} memo;

static void memo_release(memo *m)
{
    for (size_t i = 0; i < m->keys.n; i++)
        free(m->keys.v[i].key);
    for (size_t i = 0; i < m->counts.n; i++)
        free(m->counts.v[i].query);
    peel_vec_release(&m->keys);
    peel_vec_release(&m->counts);
}

typedef struct calc {
    peel_store *s;
    const peel_reader *rd;
    peel_err *err;
    peel_fresult *top; /* where the records counted are noted (the figure asked for) */
    bool from_records; /* some part was computed from records: say whose view */
    memo *m;
} calc;

/* The id of t's record keyed key as the reader may see it (peel_reader_lookup),
 * remembered: 0 and *id, 0 when it names nothing the reader may open; -1
 * when the store fails. */
static int lookup(calc *c, const peel_type *t, const char *key, int64_t *id)
{
    known_key *k;

    for (size_t i = 0; i < c->m->keys.n; i++)
        if (c->m->keys.v[i].t == t && strcmp(c->m->keys.v[i].key, key) == 0) {
            *id = c->m->keys.v[i].id;
            return 0;
        }
    if (peel_reader_lookup(c->s, c->rd, t, key, id, c->err) < 0) {
        if (c->err->code != PEEL_ENOTFOUND)
            return -1;
        peel_err_clear(c->err);
        *id = 0;
    }
    /* Out of memory only forgets: the next lookup asks the store again. */
    if ((k = peel_vec_push(&c->m->keys)) && (k->key = strdup(key))) {
        k->t = t;
        k->id = *id;
    } else if (k) {
        c->m->keys.n--;
    }
    return 0;
}

/* Resolves the conditions' reference values (a key) to ids as the reader
 * may see them: a key the reader may not open finds nothing, as a key that
 * does not exist. */
static int resolve(calc *c, peel_fconds *fc)
{
    for (size_t i = 0; i < fc->n; i++) {
        peel_fcond *k = &fc->v[i];
        int64_t id = 0;

        if (k->kind != PEEL_FCOND_FIELD || k->field->type != PEEL_F_REF || !k->value.set ||
            !k->value.s)
            continue;
        if (lookup(c, peel_type_find(k->field->ref_type), k->value.s, &id) < 0)
            return -1;
        free(k->value.s);
        k->value.s = NULL;
        k->value.i = id; /* 0, an id no record has: the condition finds nothing */
    }
    return 0;
}

/* A value, or why there is none. */
typedef struct outcome {
    bool ok;
    peel_fnum v;
    bool counts; /* v came from whole counts: part and whole below */
    int64_t part, whole;
    bool whole_only; /* a percentage whose part cannot be computed but whose whole can */
    int unit;        /* the figure's unit */
    peel_buf why;    /* the reason when !ok; notes when ok */
} outcome;

static void why(outcome *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void why(outcome *o, const char *fmt, ...)
{
    va_list ap;

    if (o->why.len)
        peel_buf_putc(&o->why, ' ');
    va_start(ap, fmt);
    peel_buf_vprintf(&o->why, fmt, ap);
    va_end(ap);
}

static int compute_figure(calc *c, const peel_record *fig, int depth, outcome *o);

/* The store's filters for the period on date field df, appended to f. */
static size_t period_filters(const peel_field *df, peel_date from, peel_date to, peel_filter *f,
                             char bufs[2][16])
{
    int64_t lo = 0, hi = 0;

    switch (df->type) {
    case PEEL_F_DATE:
        lo = from;
        hi = to;
        break;
    case PEEL_F_MONTH: {
        peel_month a = peel_month_of_date(from), b = peel_month_of_date(to);
        if (peel_month_first_day(a) < from)
            a++;
        if (peel_month_last_day(b) > to)
            b--;
        lo = a;
        hi = b;
        break;
    }
    case PEEL_F_FY: {
        peel_fy a = peel_fy_of_date(from), b = peel_fy_of_date(to);
        if (peel_fy_first_day(a) < from)
            a++;
        if (peel_fy_last_day(b) > to)
            b--;
        lo = a;
        hi = b;
        break;
    }
    case PEEL_F_DATETIME:
        /* Stored as "YYYY-MM-DDTHH:MM": from the day's start to before the next. */
        peel_date_format(from, bufs[0]);
        peel_date_format(to + 1, bufs[1]);
        f[0] = (peel_filter){.field = df, .op = PEEL_OP_GE, .v = {.set = true, .s = bufs[0]}};
        f[1] = (peel_filter){.field = df, .op = PEEL_OP_LT, .v = {.set = true, .s = bufs[1]}};
        return 2;
    default:
        return 0;
    }
    f[0] = (peel_filter){.field = df, .op = PEEL_OP_GE, .v = {.set = true, .i = lo}};
    f[1] = (peel_filter){.field = df, .op = PEEL_OP_LE, .v = {.set = true, .i = hi}};
    return 2;
}

/* What the records of a figure over a type are gathered into. */
typedef struct gather {
    calc *c;
    const peel_record *fig;
    int compute;
    const peel_fconds *conds, *part;
    const peel_field *field, *field_to;
    int64_t matched, unknown, parts, unset;
    const peel_field *missing;
    /* The date fields a days condition found empty, and on how many records. */
    const peel_field *gap[4];
    int64_t ngap[4];
    PEEL_VEC(int64_t) vals;
    bool oom, bad_days;
} gather;

static void note_id(calc *c, int64_t id)
{
    if (c->top->nids < PEEL_FRESULT_MAX_IDS)
        c->top->ids[c->top->nids++] = id;
}

/* Notes which date fields of r's days conditions are empty. */
static void note_gaps(gather *g, const peel_fconds *c, const peel_record *r)
{
    const peel_field *seen[2 * PEEL_FCOND_MAX];
    size_t nseen = 0;

    for (size_t i = 0; i < c->n; i++) {
        const peel_field *fs[2] = {c->v[i].field, c->v[i].field_to};
        if (c->v[i].kind == PEEL_FCOND_FIELD)
            continue;
        for (size_t j = 0; j < 2; j++) {
            size_t k = 0, s;
            if (peel_record_value(r, fs[j])->set)
                continue;
            for (s = 0; s < nseen && seen[s] != fs[j]; s++)
                ;
            if (s < nseen)
                continue; /* one record counts once for each empty field */
            seen[nseen++] = fs[j];
            while (k < 4 && g->gap[k] && g->gap[k] != fs[j])
                k++;
            if (k == 4)
                continue;
            g->gap[k] = fs[j];
            g->ngap[k]++;
        }
    }
}

static int gather_cb(void *ctx, const peel_record *r, peel_err *err)
{
    gather *g = ctx;
    const peel_field *missing = NULL;
    int m = peel_fconds_match(g->conds, r, &missing);
    int64_t x = 0;

    (void)err;
    if (m == 0)
        return 0;
    if (m < 0) {
        g->unknown++;
        if (!g->missing)
            g->missing = missing;
        note_gaps(g, g->conds, r);
        return 0;
    }
    if (g->compute == PEEL_FC_SHARE) {
        int p = peel_fconds_match(g->part, r, &missing);
        if (p < 0) {
            g->unknown++;
            if (!g->missing)
                g->missing = missing;
            note_gaps(g, g->part, r);
            return 0;
        }
        g->matched++;
        g->parts += p;
        if (p)
            note_id(g->c, r->id);
        return 0;
    }
    g->matched++;
    note_id(g->c, r->id);
    if (g->compute == PEEL_FC_COUNT)
        return 0;
    if (g->field_to) {
        const peel_value *a = peel_record_value(r, g->field),
                         *b = peel_record_value(r, g->field_to);
        if (!a->set || !b->set) {
            g->unset++;
            if (!g->missing)
                g->missing = a->set ? g->field_to : g->field;
            return 0;
        }
        if (g->compute == PEEL_FC_MEAN_WORKING_DAYS || g->compute == PEEL_FC_MEDIAN_WORKING_DAYS) {
            int d = 0;
            peel_err e = PEEL_ERR_INIT;
            if (peel_workdays_between((peel_date)a->i, (peel_date)b->i, &d, &e) < 0) {
                g->bad_days = true;
                return 0;
            }
            x = d;
        } else {
            x = b->i - a->i;
        }
    } else {
        const peel_value *a = peel_record_value(r, g->field);
        if (!a->set) {
            g->unset++;
            if (!g->missing)
                g->missing = g->field;
            return 0;
        }
        x = a->i;
    }
    if (peel_vec_reserve(&g->vals, 1) < 0) {
        g->oom = true;
        return 1;
    }
    g->vals.v[g->vals.n++] = x;
    return 0;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* Why a field is not there for the reader: NULL when it is. */
static bool field_hidden(const calc *c, const peel_field *f)
{
    return f && !peel_reader_field_visible(c->rd, f);
}

/* The records a count or a sum reads to link them (at most
 * PEEL_FRESULT_MAX_IDS + 1), counted and the field summed as the store
 * would (sums_cb), so that when they are all there are the store need not
 * count them again. */
typedef struct linked {
    calc *c;
    const peel_field *field; /* summed, or NULL */
    int64_t rows, unset, sum;
    bool overflow;
} linked;

static int linked_cb(void *ctx, const peel_record *r, peel_err *err)
{
    linked *l = ctx;
    const peel_value *v;

    (void)err;
    l->rows++;
    note_id(l->c, r->id);
    if (!l->field)
        return 0;
    v = peel_record_value(r, l->field);
    if (!v->set)
        l->unset++;
    else if (__builtin_add_overflow(l->sum, v->i, &l->sum))
        l->overflow = true; /* the store's sum says so */
    return 0;
}

/* A sum's records grouped by the field summed. */
typedef struct sums {
    int64_t count, unset, sum;
} sums;

static int sums_cb(void *ctx, const peel_group *gr, peel_err *err)
{
    sums *sm = ctx;
    sm->count += gr->count;
    if (!gr->keys[0].set)
        sm->unset += gr->count;
    if (__builtin_add_overflow(sm->sum, gr->sum, &sm->sum))
        return peel_err_set(err, PEEL_EINPUT, "the sum is too large");
    return 0;
}

/* Which records a figure over a type reads, and how the store is asked. */
typedef struct over_query {
    const peel_type *t;
    const peel_field *df, *field, *field_to;
    bool period;
    peel_fconds conds, part;
    peel_filter filters[PEEL_READER_MAX_FILTERS + 2 + PEEL_FCOND_MAX + 1];
    size_t nf;
    char dbufs[2][16];
} over_query;

/* Reads the figure's type, fields and filters for the reader: 1 ready, 0
 * with the reason in o, -1 when the store fails. */
static int over_prepare(calc *c, const peel_record *fig, int compute, over_query *oq, outcome *o)
{
    const char *dfn = text_at(fig, PEEL_FIG_DATE_FIELD);
    const peel_type *t = peel_type_find(text_at(fig, PEEL_FIG_OVER));
    char msg[240];
    const peel_field *used[3 + 4 * PEEL_FCOND_MAX];
    size_t nu = 0;

    if (!t) {
        why(o, "There is no record type %s.", text_at(fig, PEEL_FIG_OVER));
        return 0;
    }
    if (!peel_reader_type_readable(c->rd, t)) {
        why(o, "It is computed from %s, which are not shown to you.", t->plural);
        return 0;
    }
    oq->t = t;
    oq->period = fig->v[PEEL_FIG_PERIOD_FROM].set && fig->v[PEEL_FIG_PERIOD_TO].set;
    oq->df = !strcmp(dfn, "-") ? NULL : *dfn ? peel_type_field(t, dfn) : t->range;
    if (compute != PEEL_FC_COUNT && compute != PEEL_FC_SHARE && *text_at(fig, PEEL_FIG_FIELD))
        oq->field = peel_type_field(t, text_at(fig, PEEL_FIG_FIELD));
    if (compute >= PEEL_FC_MEAN_DAYS && compute <= PEEL_FC_MEDIAN_WORKING_DAYS)
        oq->field_to = peel_type_field(t, text_at(fig, PEEL_FIG_FIELD_TO));
    if (compute != PEEL_FC_COUNT && compute != PEEL_FC_SHARE && !oq->field) {
        why(o, "%s has no field %s.", t->name, text_at(fig, PEEL_FIG_FIELD));
        return 0;
    }
    if (peel_fconds_parse(text_at(fig, PEEL_FIG_FILTERS), t, &oq->conds, msg, sizeof msg) < 0) {
        why(o, "Its filters do not read: %s.", msg);
        return 0;
    }
    if (peel_fconds_parse(text_at(fig, PEEL_FIG_PART), t, &oq->part, msg, sizeof msg) < 0) {
        why(o, "Its part does not read: %s.", msg);
        return 0;
    }
    used[nu++] = oq->field;
    used[nu++] = oq->field_to;
    used[nu++] = oq->period ? oq->df : NULL;
    for (size_t i = 0; i < oq->conds.n; i++) {
        used[nu++] = oq->conds.v[i].field;
        used[nu++] = oq->conds.v[i].field_to;
    }
    for (size_t i = 0; i < oq->part.n; i++) {
        used[nu++] = oq->part.v[i].field;
        used[nu++] = oq->part.v[i].field_to;
    }
    for (size_t i = 0; i < nu; i++)
        if (field_hidden(c, used[i])) {
            why(o, "It rests on the field %s of %s, which is not shown to you.", used[i]->label,
                t->plural);
            return 0;
        }
    if (resolve(c, &oq->conds) < 0 || resolve(c, &oq->part) < 0)
        return -1;
    oq->nf = peel_reader_filters(c->rd, t, oq->filters);
    if (oq->period && oq->df)
        oq->nf += period_filters(oq->df, (peel_date)fig->v[PEEL_FIG_PERIOD_FROM].i,
                                 (peel_date)fig->v[PEEL_FIG_PERIOD_TO].i, oq->filters + oq->nf,
                                 oq->dbufs);
    oq->nf += peel_fconds_filters(&oq->conds, oq->filters + oq->nf);
    return 1;
}

/* How many records meet the query and one more filter. */
static int count_with(calc *c, const over_query *oq, const peel_filter *extra, int64_t *n)
{
    peel_filter f[sizeof oq->filters / sizeof oq->filters[0]];
    size_t nf = oq->nf;

    memcpy(f, oq->filters, nf * sizeof *f);
    if (extra)
        f[nf++] = *extra;
    return peel_store_count(c->s, &(peel_query){.type = oq->t, .filters = f, .nfilters = nf}, n,
                            c->err);
}

/* count_with, remembered by the query: the records of a series with no
 * date are counted once for all the periods its figures cover. */
static int count_known(calc *c, const over_query *oq, const peel_filter *extra, int64_t *n)
{
    peel_buf key;
    known_count *k;
    int rc = -1;

    peel_buf_init(&key, 0);
    peel_buf_puts(&key, oq->t->name);
    for (size_t i = 0; i <= oq->nf; i++) {
        const peel_filter *f = i < oq->nf ? &oq->filters[i] : extra;
        const char *fs;
        if (!f)
            continue;
        fs = f->v.s ? f->v.s : "";
        peel_buf_printf(&key, "\n%s %s %d %d %lld %zu:%s", f->field ? f->field->name : "id",
                        f->or_field ? f->or_field->name : "-", (int)f->op, (int)f->v.set,
                        (long long)f->v.i, strlen(fs), fs);
    }
    if (key.failed) { /* out of memory only forgets */
        peel_buf_release(&key);
        return count_with(c, oq, extra, n);
    }
    for (size_t i = 0; i < c->m->counts.n; i++)
        if (strcmp(c->m->counts.v[i].query, peel_buf_str(&key)) == 0) {
            *n = c->m->counts.v[i].n;
            rc = 0;
            goto out;
        }
    if ((rc = count_with(c, oq, extra, n)) < 0)
        goto out;
    if ((k = peel_vec_push(&c->m->counts))) {
        k->n = *n;
        if (!(k->query = peel_buf_detach(&key)))
            c->m->counts.n--;
    }
out:
    peel_buf_release(&key);
    return rc;
}

/* A label as it reads inside a sentence: "Statistic values", "statistic values". */
static const char *lower_first(const char *label, char *buf, size_t n)
{
    snprintf(buf, n, "%s", label);
    if (buf[0] >= 'A' && buf[0] <= 'Z' && !(buf[1] >= 'A' && buf[1] <= 'Z'))
        buf[0] = (char)(buf[0] - 'A' + 'a');
    return buf;
}

static bool mean_of(const int64_t *v, size_t n, peel_fnum *out)
{
    int64_t sum = 0;
    for (size_t i = 0; i < n; i++)
        if (__builtin_add_overflow(sum, v[i], &sum))
            return false;
    return peel_fnum_make(sum, (int64_t)n, out);
}

static bool median_of(int64_t *v, size_t n, peel_fnum *out)
{
    int64_t s;
    qsort(v, n, sizeof *v, cmp_i64);
    if (n % 2)
        return peel_fnum_make(v[n / 2], 1, out);
    if (__builtin_add_overflow(v[n / 2 - 1], v[n / 2], &s))
        return false;
    return peel_fnum_make(s, 2, out);
}

static int over_records(calc *c, const peel_record *fig, int compute, outcome *o)
{
    over_query oq = {0};
    gather g = {0};
    peel_query q;
    char pl[120];
    bool by_store;
    int rc = over_prepare(c, fig, compute, &oq, o);

    if (rc <= 0)
        goto out;
    rc = -1;
    if (!c->top->over)
        c->top->over = oq.t;
    lower_first(oq.t->plural, pl, sizeof pl);
    q = (peel_query){.type = oq.t, .filters = oq.filters, .nfilters = oq.nf};
    g = (gather){.c = c,
                 .fig = fig,
                 .compute = compute,
                 .conds = &oq.conds,
                 .part = &oq.part,
                 .field = oq.field,
                 .field_to = oq.field_to};
    by_store = (compute == PEEL_FC_COUNT || compute == PEEL_FC_SUM) && peel_fconds_plain(&oq.conds);
    if (by_store) {
        /* The store counts and sums (the same declaration on every
         * backend); the first records are read to link them, and when
         * they are all there are, counted and summed from those.  Each
         * statement is a round trip on PostgreSQL: one for most figures,
         * two when there are more records than are linked. */
        linked l = {.c = c, .field = compute == PEEL_FC_SUM ? oq.field : NULL};
        sums sm = {0};
        q.limit = PEEL_FRESULT_MAX_IDS + 1;
        if (peel_store_select(c->s, &q, linked_cb, &l, c->err) < 0)
            goto out;
        q.limit = 0;
        if (l.rows <= PEEL_FRESULT_MAX_IDS && !l.overflow) {
            sm = (sums){.count = l.rows, .unset = l.unset, .sum = l.sum};
        } else if (compute == PEEL_FC_SUM) {
            /* A sum's groups by value give the count, the unset ones and
             * the sum at once. */
            peel_grouping gr = {.fields = {oq.field}, .nfields = 1, .sum = oq.field};
            if (peel_store_count_by(c->s, &q, &gr, sums_cb, &sm, c->err) < 0)
                goto out;
        } else if (peel_store_count(c->s, &q, &sm.count, c->err) < 0) {
            goto out;
        }
        g.matched = sm.count;
        if ((g.unset = sm.unset))
            g.missing = oq.field;
        o->v = peel_fnum_int(compute == PEEL_FC_SUM ? sm.sum : sm.count);
    } else {
        if (peel_store_select(c->s, &q, gather_cb, &g, c->err) < 0)
            goto out;
        if (g.oom) {
            peel_err_set(c->err, PEEL_ENOMEM, "out of memory computing a figure");
            goto out;
        }
    }
    c->top->nrecords = g.matched;
    rc = 0;
    if (g.unknown) {
        peel_buf *b = &o->why;
        if (b->len)
            peel_buf_putc(b, ' ');
        peel_buf_printf(b, "Of the %lld %s%s, ", (long long)(g.unknown + g.matched), pl,
                        oq.period && oq.df ? " in the period" : "");
        for (size_t k = 0; k < 4 && g.gap[k]; k++)
            peel_buf_printf(b, "%s%lld %s no %s",
                            k ? (k + 1 < 4 && g.gap[k + 1] ? ", " : " and ") : "",
                            (long long)g.ngap[k], g.ngap[k] == 1 ? "has" : "have", g.gap[k]->label);
        peel_buf_printf(b, ", so peel cannot tell whether %s.",
                        g.unknown == 1 ? "it counts" : "they count");
        goto out;
    }
    if (g.bad_days) {
        why(o, "A date lies outside the years whose bank holidays peel knows (%d to %d).",
            PEEL_BANK_HOLIDAY_FIRST_YEAR, PEEL_BANK_HOLIDAY_LAST_YEAR);
        goto out;
    }
    if (compute != PEEL_FC_COUNT && g.matched == 0) {
        why(o, "No %s match%s, so there is nothing to %s.", pl,
            oq.period && oq.df ? " in the period" : "",
            compute == PEEL_FC_SHARE ? "take a share of" : "compute it from");
        goto out;
    }
    if (g.unset) {
        why(o, "%lld of the %lld %s %s no %s.", (long long)g.unset, (long long)g.matched, pl,
            g.unset == 1 ? "has" : "have", g.missing ? g.missing->label : "value");
        goto out;
    }
    switch (compute) {
    case PEEL_FC_COUNT:
        o->v = peel_fnum_int(g.matched);
        o->counts = true;
        o->part = o->whole = g.matched;
        break;
    case PEEL_FC_SUM:
        if (!by_store) { /* filters the store could not apply: summed here */
            int64_t sum = 0;
            for (size_t i = 0; i < g.vals.n; i++)
                if (__builtin_add_overflow(sum, g.vals.v[i], &sum))
                    goto overflow;
            o->v = peel_fnum_int(sum);
        }
        break;
    case PEEL_FC_SHARE:
        if (!peel_fnum_make(g.parts * 100, g.matched, &o->v))
            goto overflow;
        o->counts = true;
        o->part = g.parts;
        o->whole = g.matched;
        break;
    case PEEL_FC_MEAN:
    case PEEL_FC_MEAN_DAYS:
    case PEEL_FC_MEAN_WORKING_DAYS:
        if (!mean_of(g.vals.v, g.vals.n, &o->v))
            goto overflow;
        break;
    default:
        if (!median_of(g.vals.v, g.vals.n, &o->v))
            goto overflow;
        break;
    }
    o->ok = true;
    if (oq.period && oq.df) {
        int64_t undated = 0;
        peel_filter nul = {.field = oq.df, .op = PEEL_OP_NULL};
        over_query all = oq;
        /* The same query without the period, for the undated ones. */
        all.nf = peel_reader_filters(c->rd, oq.t, all.filters);
        all.nf += peel_fconds_filters(&oq.conds, all.filters + all.nf);
        if (count_known(c, &all, &nul, &undated) < 0) {
            rc = -1;
            goto out;
        }
        if (undated == 1)
            why(o, "One of the %s has no %s and falls in no period.", pl, oq.df->label);
        else if (undated)
            why(o, "%lld %s have no %s and fall in no period.", (long long)undated, pl,
                oq.df->label);
    }
    c->from_records = true;
    goto out;
overflow:
    o->ok = false;
    why(o, "The numbers are too large to compute exactly.");
out:
    peel_fconds_release(&oq.conds);
    peel_fconds_release(&oq.part);
    peel_vec_release(&g.vals);
    return rc;
}

/* ---- street crimes ---- */

static int crime_count(calc *c, const peel_record *fig, outcome *o)
{
    peel_date from = (peel_date)fig->v[PEEL_FIG_PERIOD_FROM].i;
    peel_date to = (peel_date)fig->v[PEEL_FIG_PERIOD_TO].i;
    peel_month mf = peel_month_of_date(from), mt = peel_month_of_date(to);
    const char *area = text_at(fig, PEEL_FIG_AREA), *types = text_at(fig, PEEL_FIG_CRIME_TYPES);
    peel_crime_view v = {0};
    char a[8], b[8], la[24], lb[24];
    int *forces;
    size_t nm = (size_t)(mt - mf + 1), have = 0;
    int64_t total = 0;

    if (!fig->v[PEEL_FIG_PERIOD_FROM].set || !fig->v[PEEL_FIG_PERIOD_TO].set || mt < mf) {
        why(o, "Street crimes are counted over a period, and it has none.");
        return 0;
    }
    c->top->crime = true;
    snprintf(c->top->crime_area, sizeof c->top->crime_area, "%s", area);
    c->top->crime_from = mf;
    c->top->crime_to = mt;
    if (!(forces = calloc(nm, sizeof *forces)))
        return peel_err_set(c->err, PEEL_ENOMEM, "out of memory computing a figure");
    if (peel_crime_month_files(c->s, "street", mf, mt, forces, c->err) < 0) {
        free(forces);
        return -1;
    }
    for (size_t i = 0; i < nm; i++)
        have += forces[i] > 0;
    free(forces);
    peel_month_format_long(mf, la);
    peel_month_format_long(mt, lb);
    if (have < nm) {
        why(o,
            "%zu of the %zu months from %s to %s hold street data in peel; the figure needs "
            "them all.",
            have, nm, la, lb);
        return 0;
    }
    if (peel_month_first_day(mf) != from || peel_month_last_day(mt) != to)
        why(o, "police.uk gives months, so the period is taken as %s to %s.", la, lb);
    peel_month_format(mf, a);
    peel_month_format(mt, b);
    if (peel_crime_view_load(
            c->s, &(peel_crime_view_args){.area = *area ? area : NULL, .from = a, .to = b}, &v,
            c->err) < 0) {
        if (c->err->code == PEEL_EDB || c->err->code == PEEL_ENOMEM)
            return -1;
        why(o, "%s.", c->err->msg);
        peel_err_clear(c->err);
        return 0;
    }
    if (*area)
        snprintf(c->top->crime_area, sizeof c->top->crime_area, "%s", v.area.name);
    if (!*types) {
        total = peel_crime_view_sum(&v, mf, mt, &have);
    } else {
        const char *p = types;
        while (*p) {
            const char *e = strchr(p, ';');
            size_t n = e ? (size_t)(e - p) : strlen(p), id;
            while (n && *p == ' ')
                p++, n--;
            while (n && p[n - 1] == ' ')
                n--;
            for (id = 1; id < v.types.n; id++)
                if (v.types.v[id] && strlen(v.types.v[id]) == n &&
                    !strncasecmp(v.types.v[id], p, n))
                    break;
            if (n && id == v.types.n) {
                why(o, "The crime data has no crime type \"%.*s\".", (int)n, p);
                peel_crime_view_release(&v);
                return 0;
            }
            for (size_t m = 0; n && m < v.nm; m++)
                total += v.month_type[m * v.types.n + id];
            p = e ? e + 1 : p + strlen(p);
        }
    }
    peel_crime_view_release(&v);
    o->v = peel_fnum_int(total);
    o->counts = true;
    o->part = o->whole = total;
    o->ok = true;
    return 0;
}

/* ---- two figures combined ---- */

/* The figure keyed key in the list being computed, when the reader may open
 * it (as peel_reader_lookup would find it); else NULL. */
static const peel_record *listed(calc *c, const char *key)
{
    const peel_flist *lists[2] = {c->m->figs, c->m->others};

    for (size_t k = 0; k < 2; k++)
        for (size_t i = 0; lists[k] && i < lists[k]->n; i++)
            if (strcmp(text_at(lists[k]->v[i].fig, PEEL_FIG_KEY), key) == 0)
                return peel_reader_record_visible(c->rd, lists[k]->v[i].fig) ? lists[k]->v[i].fig
                                                                             : NULL;
    return NULL;
}

static int sub_figure(calc *c, const peel_record *fig, int f, int depth, outcome *sub, outcome *o)
{
    const char *key = text_at(fig, f);
    const peel_record *known = listed(c, key);
    int64_t id = 0;
    peel_record *r = NULL;
    int rc;

    if (!known) {
        if (lookup(c, &peel_type_figure, key, &id) < 0)
            return -1;
        if (!id) {
            why(o, "It rests on figure %s, which is not available.", key);
            return 0;
        }
        if (peel_store_get(c->s, &peel_type_figure, id, &r, c->err) < 0)
            return -1;
        known = r;
    }
    rc = compute_figure(c, known, depth + 1, sub);
    if (rc == 0 && !sub->ok)
        why(o, "It rests on figure %s, which cannot be computed: %s", key, peel_buf_str(&sub->why));
    peel_record_free(r);
    return rc;
}

static int combine(calc *c, const peel_record *fig, int compute, int depth, outcome *o)
{
    outcome a = {0}, b = {0};
    peel_fnum hundred = peel_fnum_int(100), d, absb;
    bool ok = false;
    int rc;

    peel_buf_init(&a.why, 0);
    peel_buf_init(&b.why, 0);
    if ((rc = sub_figure(c, fig, PEEL_FIG_A, depth, &a, o)) < 0)
        goto out;
    if (!a.ok) {
        /* The whole may still show that no count could give the printed
         * percentage (peel_figure_compute). */
        outcome w = {0};
        peel_buf_init(&w.why, 0);
        if (compute == PEEL_FC_PERCENTAGE &&
            (rc = sub_figure(c, fig, PEEL_FIG_B, depth, &w, &w)) == 0 && w.ok &&
            (w.counts || w.unit == PEEL_FUNIT_COUNT) && peel_fnum_is_int(w.v) && w.v.num > 0) {
            o->whole_only = true;
            o->whole = w.v.num;
        }
        peel_buf_release(&w.why);
        goto out;
    }
    if ((rc = sub_figure(c, fig, PEEL_FIG_B, depth, &b, o)) < 0 || !b.ok)
        goto out;
    if (compute != PEEL_FC_DIFFERENCE && b.v.num == 0) {
        why(o, "Figure %s is zero, and nothing can be divided by it.", text_at(fig, PEEL_FIG_B));
        goto out;
    }
    absb = (peel_fnum){b.v.num < 0 ? -b.v.num : b.v.num, b.v.den};
    switch (compute) {
    case PEEL_FC_RATIO:
        ok = peel_fnum_div(a.v, b.v, &o->v);
        break;
    case PEEL_FC_PERCENTAGE:
        ok = peel_fnum_div(a.v, b.v, &d) && peel_fnum_mul(d, hundred, &o->v);
        if (ok && a.counts && b.counts) {
            o->counts = true;
            o->part = a.part;
            o->whole = b.whole;
        }
        break;
    case PEEL_FC_CHANGE:
        ok = peel_fnum_sub(a.v, b.v, &d) && peel_fnum_div(d, absb, &d) &&
             peel_fnum_mul(d, hundred, &o->v);
        break;
    default:
        ok = peel_fnum_sub(a.v, b.v, &o->v);
        break;
    }
    if (!ok) {
        why(o, "The numbers are too large to compute exactly.");
        goto out;
    }
    o->ok = true;
    if ((compute == PEEL_FC_PERCENTAGE || compute == PEEL_FC_CHANGE) && b.counts &&
        absb.num < PEEL_CRIME_SMALL_BASE && absb.den == 1)
        why(o,
            "Its base is %lld, under %d: peel shows no percentage of its own on so small a "
            "base.",
            (long long)absb.num, PEEL_CRIME_SMALL_BASE);
    if (a.why.len)
        why(o, "%s: %s", text_at(fig, PEEL_FIG_A), peel_buf_str(&a.why));
    if (b.why.len)
        why(o, "%s: %s", text_at(fig, PEEL_FIG_B), peel_buf_str(&b.why));
out:
    peel_buf_release(&a.why);
    peel_buf_release(&b.why);
    return rc;
}

static int compute_figure(calc *c, const peel_record *fig, int depth, outcome *o)
{
    int compute = enum_at(fig, PEEL_FIG_COMPUTE);

    o->unit = enum_at(fig, PEEL_FIG_UNIT);
    if (depth > MAX_DEPTH) {
        why(o, "Its figures refer to one another in a loop.");
        return 0;
    }
    if (compute < 0) {
        why(o, "It has no computation.");
        return 0;
    }
    if (peel_fcompute_combines(compute))
        return combine(c, fig, compute, depth, o);
    if (compute == PEEL_FC_CRIME)
        return crime_count(c, fig, o);
    return over_records(c, fig, compute, o);
}

/* ---- reconciliation ---- */

/* For a percentage of whole counts that differs: the counts that would
 * give the printed value, or that none can. */
static void explain_counts(const outcome *o, const peel_fprinted *p, enum peel_fround rule,
                           int places, peel_buf *b)
{
    int64_t best = -1, bestd = -1;
    peel_fnum v;
    char pv[64];

    if (o->whole <= 0 || o->whole > 100000)
        return;
    for (int64_t n = 0; n <= o->whole; n++) {
        int64_t dist = n > o->part ? n - o->part : o->part - n;
        if (peel_fnum_make(n * 100, o->whole, &v) &&
            peel_freconcile(v, p, rule, places, PEEL_FUNIT_PERCENT) &&
            (best < 0 || dist < (best > o->part ? best - o->part : o->part - best)))
            best = n;
    }
    for (int64_t d = o->part > 0 ? o->part : 1; d <= 2 * o->whole + 10; d++) {
        int64_t dist = d > o->whole ? d - o->whole : o->whole - d;
        if (peel_fnum_make(o->part * 100, d, &v) &&
            peel_freconcile(v, p, rule, places, PEEL_FUNIT_PERCENT) &&
            (bestd < 0 || dist < (bestd > o->whole ? bestd - o->whole : o->whole - bestd)))
            bestd = d;
    }
    peel_fnum_format(p->value, PEEL_FUNIT_PERCENT, p->places, false, pv, sizeof pv);
    if (best >= 0)
        peel_buf_printf(b, " %s fits %lld of %lld, not the %lld of %lld peel counts.", pv,
                        (long long)best, (long long)o->whole, (long long)o->part,
                        (long long)o->whole);
    else if (bestd >= 0)
        peel_buf_printf(b, " No count of %lld gives %s; %lld of %lld would.", (long long)o->whole,
                        pv, (long long)o->part, (long long)bestd);
    else
        peel_buf_printf(b, " No whole count out of %lld gives %s.", (long long)o->whole, pv);
}

/* A percentage whose part peel cannot count, of a whole it can: true
 * (with the reason in b) when no whole count of the whole gives the
 * printed value, which is then wrong whatever the part; otherwise the
 * counts that would give it are noted in o. */
static bool whole_rules_out(outcome *o, const peel_fprinted *p, enum peel_fround rule, int places,
                            peel_buf *b)
{
    int64_t below = -1, above = -1;
    peel_fnum v;
    char pv[64], lo[64], hi[64];

    if (o->whole > 100000)
        return false;
    for (int64_t n = 0; n <= o->whole; n++) {
        if (!peel_fnum_make(n * 100, o->whole, &v))
            return false;
        if (peel_freconcile(v, p, rule, places, PEEL_FUNIT_PERCENT)) {
            why(o, "A count of %lld of the %lld would give the printed value.", (long long)n,
                (long long)o->whole);
            return false;
        }
        if (peel_fnum_cmp(v, p->value) < 0)
            below = n;
        else if (above < 0)
            above = n;
    }
    peel_fnum_format(p->value, PEEL_FUNIT_PERCENT, p->places, false, pv, sizeof pv);
    peel_buf_printf(b, "No whole count out of %lld gives %s", (long long)o->whole, pv);
    if (below >= 0 && above >= 0 && peel_fnum_make(below * 100, o->whole, &v)) {
        peel_fnum w;
        peel_fnum_format(v, PEEL_FUNIT_PERCENT, p->places + 1, false, lo, sizeof lo);
        if (peel_fnum_make(above * 100, o->whole, &w)) {
            peel_fnum_format(w, PEEL_FUNIT_PERCENT, p->places + 1, false, hi, sizeof hi);
            peel_buf_printf(b, ": %lld of %lld is %s and %lld of %lld is %s", (long long)below,
                            (long long)o->whole, lo, (long long)above, (long long)o->whole, hi);
        }
    }
    peel_buf_puts(b, ", so the printed percentage cannot come from its own count. ");
    return true;
}

static int shown_places(const peel_record *fig, const peel_fprinted *p, bool printed, peel_fnum v,
                        int unit)
{
    int64_t pl = -1;

    if (fig->v[PEEL_FIG_PLACES].set)
        pl = fig->v[PEEL_FIG_PLACES].i;
    else if (printed)
        pl = p->places;
    if (pl < 0)
        pl = unit == PEEL_FUNIT_MONEY ? 2 : 0;
    /* A value the printed places do not hold exactly shows one more. */
    if (!peel_fnum_is_int(v) && unit != PEEL_FUNIT_MONEY)
        pl++;
    else if (unit == PEEL_FUNIT_MONEY && v.den != 1 && pl < 2)
        pl = 2;
    return (int)pl;
}

/* The indicator's red, amber or green. */
static int rate(calc *c, const peel_record *fig, peel_fresult *out)
{
    int unit = enum_at(fig, PEEL_FIG_UNIT), dir = enum_at(fig, PEEL_FIG_DIRECTION);
    const char *target = text_at(fig, PEEL_FIG_TARGET), *cmp = text_at(fig, PEEL_FIG_COMPARE_TO);
    peel_fprinted t, amber;
    peel_fnum against, gap;
    char msg[200], tv[64];
    bool has_amber = false, better;
    outcome o = {0};

    if (!out->has_value || dir < 0 || unit < 0 || (!*target && !*cmp))
        return 0;
    if (*target) {
        if (peel_fprinted_parse(target, (enum peel_funit)unit, &t, msg, sizeof msg) < 0)
            return 0;
        against = t.value;
        peel_fnum_format(against, (enum peel_funit)unit, t.places, false, tv, sizeof tv);
    } else {
        peel_buf_init(&o.why, 0);
        if (sub_figure(c, fig, PEEL_FIG_COMPARE_TO, 0, &o, &o) < 0) {
            peel_buf_release(&o.why);
            return -1;
        }
        peel_buf_release(&o.why);
        if (!o.ok) {
            snprintf(out->rag_why, sizeof out->rag_why, "Its comparison %s cannot be computed.",
                     cmp);
            return 0;
        }
        against = o.v;
        peel_fnum_format(against, (enum peel_funit)unit, 1, false, tv, sizeof tv);
    }
    if (*text_at(fig, PEEL_FIG_AMBER_WITHIN) &&
        peel_fprinted_parse(text_at(fig, PEEL_FIG_AMBER_WITHIN), (enum peel_funit)unit, &amber, msg,
                            sizeof msg) == 0)
        has_amber = true;
    better = dir == 0 ? peel_fnum_cmp(out->value, against) >= 0
                      : peel_fnum_cmp(out->value, against) <= 0;
    if (better) {
        out->rag = PEEL_FRAG_GREEN;
    } else if (has_amber && peel_fnum_sub(out->value, against, &gap)) {
        if (gap.num < 0)
            gap.num = -gap.num;
        out->rag = peel_fnum_cmp(gap, amber.value) <= 0 ? PEEL_FRAG_AMBER : PEEL_FRAG_RED;
    } else {
        out->rag = PEEL_FRAG_RED;
    }
    snprintf(out->rag_why, sizeof out->rag_why, "%s %s %s (%s is better).", out->computed,
             better ? "meets" : "misses", tv, dir == 0 ? "higher" : "lower");
    return 0;
}

static int figure_compute(calc c, const peel_record *fig, peel_fresult *out);

int peel_figure_compute(peel_store *s, const peel_reader *rd, const peel_record *fig,
                        peel_fresult *out, peel_err *err)
{
    memo m = {0};
    int rc = figure_compute((calc){.s = s, .rd = rd, .err = err, .top = out, .m = &m}, fig, out);
    memo_release(&m);
    return rc;
}

static int figure_compute(calc c, const peel_record *fig, peel_fresult *out)
{
    peel_err *err = c.err;
    outcome o = {0};
    peel_fprinted p = {0};
    char msg[200];
    const char *printed = text_at(fig, PEEL_FIG_PRINTED);
    int unit = enum_at(fig, PEEL_FIG_UNIT), rule = enum_at(fig, PEEL_FIG_ROUNDING);
    int places = fig->v[PEEL_FIG_PLACES].set ? (int)fig->v[PEEL_FIG_PLACES].i : -1;
    bool parsed = false;
    peel_buf b;

    memset(out, 0, sizeof *out);
    peel_buf_init(&o.why, 0);
    peel_buf_init(&b, 0);
    if (unit < 0)
        unit = PEEL_FUNIT_NUMBER;
    if (compute_figure(&c, fig, 0, &o) < 0) {
        peel_buf_release(&o.why);
        return -1;
    }
    if (*printed) {
        if (peel_fprinted_parse(printed, (enum peel_funit)unit, &p, msg, sizeof msg) == 0)
            parsed = true;
        else
            peel_buf_printf(&b, "The printed value does not read: %s. ", msg);
        if (parsed && rule < 0)
            rule = p.has_bound ? (int)p.bound : PEEL_FROUND_ROUND;
    }
    out->has_value = o.ok;
    out->value = o.v;
    if (o.ok)
        peel_fnum_format(o.v, (enum peel_funit)unit, shown_places(fig, &p, parsed, o.v, unit),
                         false, out->computed, sizeof out->computed);
    if (!o.ok && o.whole_only && parsed && unit == PEEL_FUNIT_PERCENT &&
        rule <= PEEL_FROUND_TRUNCATE &&
        whole_rules_out(&o, &p, (enum peel_fround)rule, places, &b)) {
        out->status = PEEL_FSTATUS_DIFFERS;
    } else if (!o.ok) {
        out->status = PEEL_FSTATUS_CANNOT;
    } else if (!*printed) {
        out->status = PEEL_FSTATUS_UNPRINTED;
    } else if (!parsed) {
        out->status = PEEL_FSTATUS_CANNOT;
    } else if (peel_freconcile(o.v, &p, (enum peel_fround)rule, places, (enum peel_funit)unit)) {
        out->status = PEEL_FSTATUS_AGREES;
    } else {
        char ex[200];
        out->status = PEEL_FSTATUS_DIFFERS;
        if (peel_freconcile_explain(o.v, &p, (enum peel_fround)rule, places, (enum peel_funit)unit,
                                    ex, sizeof ex)) {
            peel_buf_puts(&b, ex);
        } else {
            char cv[64], dv[64];
            peel_fnum d;
            peel_fnum_format(o.v, (enum peel_funit)unit, shown_places(fig, &p, parsed, o.v, unit),
                             false, cv, sizeof cv);
            if (rule >= PEEL_FROUND_OVER)
                peel_buf_printf(&b, "peel computes %s, which is not %s.", cv, printed);
            else if (peel_fnum_sub(o.v, p.value, &d)) {
                peel_fnum_format(d, (enum peel_funit)unit, shown_places(fig, &p, parsed, d, unit),
                                 true, dv, sizeof dv);
                peel_buf_printf(&b,
                                "peel computes %s where the paper prints %s: a difference "
                                "of %s.",
                                cv, printed, dv);
            }
            if (o.counts && unit == PEEL_FUNIT_PERCENT && o.whole != 0 &&
                rule <= PEEL_FROUND_TRUNCATE)
                explain_counts(&o, &p, (enum peel_fround)rule, places, &b);
        }
        peel_buf_putc(&b, ' ');
    }
    peel_buf_puts(&b, peel_buf_str(&o.why));
    peel_buf_release(&o.why);
    while (b.len && peel_buf_str(&b)[b.len - 1] == ' ')
        peel_buf_truncate(&b, b.len - 1);
    /* Once, whatever the reader's view left out, so the words hint at nothing. */
    if (c.from_records && (c.rd->role == PEEL_ROLE_PUBLIC || c.rd->role == PEEL_ROLE_PANEL))
        peel_buf_printf(&b, "%sComputed from the records %s.", b.len ? " " : "",
                        c.rd->role == PEEL_ROLE_PUBLIC ? "peel publishes" : "shown to the Panel");
    out->why = peel_buf_detach(&b);
    if (!out->why)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory computing a figure");
    return rate(&c, fig, out);
}

void peel_fresult_release(peel_fresult *r)
{
    free(r->why);
    r->why = NULL;
}

/* ---- the list ---- */

typedef struct list_ctx {
    peel_store *s;
    const peel_reader *rd;
    const peel_fquery *q;
    peel_flist *out;
    peel_flist *others; /* read, but not asked for (paper, indicators) */
} list_ctx;

static bool contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++)
        if (!strncasecmp(hay, needle, n))
            return true;
    return n == 0;
}

static int list_cb(void *ctx, const peel_record *r, peel_err *err)
{
    list_ctx *l = ctx;
    peel_flist *to = l->out;
    peel_fline *line;

    if ((l->q->paper && !contains_ci(text_at(r, PEEL_FIG_PAPER), l->q->paper)) ||
        (l->q->indicators && !r->v[PEEL_FIG_OBJECTIVE].set && !*text_at(r, PEEL_FIG_TARGET)))
        to = l->others; /* kept for the figures listed that rest on them */
    if (peel_vec_reserve(to, 1) < 0)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory listing figures");
    line = &to->v[to->n];
    memset(line, 0, sizeof *line);
    if (!(line->fig = peel_record_dup(r)))
        return peel_err_set(err, PEEL_ENOMEM, "out of memory listing figures");
    to->n++;
    return 0;
}

int peel_figures_list(peel_store *s, const peel_reader *rd, const peel_fquery *q, peel_flist *out,
                      peel_err *err)
{
    peel_filter f[PEEL_READER_MAX_FILTERS + 1];
    size_t nf = peel_reader_filters(rd, &peel_type_figure, f);
    peel_flist others = {0};
    list_ctx l = {s, rd, q, out, &others};
    peel_value obj = {.set = true, .i = q->objective};
    memo m = {.figs = out, .others = &others};
    bool *drop = NULL;
    size_t keep = 0;

    memset(out, 0, sizeof *out);
    if (!peel_reader_type_readable(rd, &peel_type_figure))
        return 0;
    if (q->objective)
        f[nf++] = (peel_filter){
            .field = &peel_type_figure.fields[PEEL_FIG_OBJECTIVE], .op = PEEL_OP_EQ, .v = obj};
    /* Records the reader sees, in key order; each computed for the reader. */
    if (peel_store_select(s,
                          &(peel_query){.type = &peel_type_figure,
                                        .filters = f,
                                        .nfilters = nf,
                                        .order = &peel_type_figure.fields[PEEL_FIG_KEY]},
                          list_cb, &l, err) < 0)
        goto fail;
    /* Every one computed before any is dropped: the figures combining
     * others find them in the list (memo). */
    if (out->n && !(drop = calloc(out->n, sizeof *drop))) {
        peel_err_set(err, PEEL_ENOMEM, "out of memory listing figures");
        goto fail;
    }
    for (size_t i = 0; i < out->n; i++) {
        peel_fline *line = &out->v[i];
        drop[i] = !peel_reader_record_visible(rd, line->fig); /* the gate itself */
        if (!drop[i] &&
            figure_compute((calc){.s = s, .rd = rd, .err = err, .top = &line->res, .m = &m},
                           line->fig, &line->res) < 0)
            goto fail;
        drop[i] = drop[i] || (q->status >= 0 && (int)line->res.status != q->status);
    }
    for (size_t i = 0; i < out->n; i++) {
        if (drop[i]) {
            peel_fresult_release(&out->v[i].res);
            peel_record_free(out->v[i].fig);
            continue;
        }
        out->v[keep++] = out->v[i];
    }
    out->n = keep;
    free(drop);
    memo_release(&m);
    peel_flist_release(&others);
    return 0;
fail:
    free(drop);
    memo_release(&m);
    peel_flist_release(&others);
    peel_flist_release(out);
    return -1;
}

void peel_flist_release(peel_flist *l)
{
    for (size_t i = 0; i < l->n; i++) {
        peel_fresult_release(&l->v[i].res);
        peel_record_free(l->v[i].fig);
    }
    peel_vec_release(l);
    memset(l, 0, sizeof *l);
}
