/* transition.c - the write path of lifecycles (transition.h): a transition
 * checked against its declaration and the record's history, added to the
 * history and audited, all in the caller's transaction (or one of its own);
 * the readers of a history; the demo's CSV of status changes. */
#include "model/transition.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/csv.h"
#include "core/str.h"
#include "model/crud.h"
#include "store/lifecycle_db.h"

#define TEXT_MAX 4000

unsigned peel_transition_role_bits(const peel_reader *rd)
{
    if (!rd)
        return 0;
    if (rd->role == PEEL_ROLE_ADMIN)
        return PEEL_LC_ADMIN | PEEL_LC_STAFF;
    return rd->role == PEEL_ROLE_STAFF ? PEEL_LC_STAFF : 0;
}

static int push_cb(void *ctx, const peel_transition *t, peel_err *err)
{
    return peel_history_push(ctx, t, err);
}

int peel_transition_history(peel_store *s, const peel_type *t, int64_t record_id, peel_history *out,
                            peel_err *err)
{
    memset(out, 0, sizeof *out);
    if (!t->lifecycle)
        return 0;
    if (peel_lcdb_list(s, t->name, record_id, push_cb, out, err) < 0) {
        peel_history_release(out);
        return -1;
    }
    return 0;
}

/* The latest transition of the record: its state and date. */
typedef struct latest_ctx {
    char to[64];
    peel_date date;
    bool any;
} latest_ctx;

static int latest_cb(void *ctx, const peel_transition *t, peel_err *err)
{
    latest_ctx *c = ctx;
    (void)err;
    snprintf(c->to, sizeof c->to, "%s", t->to); /* (date, id) order: the last wins */
    c->date = t->date;
    c->any = true;
    return 0;
}

static int latest(peel_store *s, const peel_record *rec, latest_ctx *c, peel_err *err)
{
    memset(c, 0, sizeof *c);
    snprintf(c->to, sizeof c->to, "%s", rec->type->lifecycle->initial);
    return peel_lcdb_list(s, rec->type->name, rec->id, latest_cb, c, err);
}

int peel_transition_state(peel_store *s, const peel_record *rec, char *out, size_t outsz,
                          peel_err *err)
{
    latest_ctx c;
    if (!rec->type->lifecycle)
        return peel_err_set(err, PEEL_EINTERNAL, "type %s has no lifecycle", rec->type->name);
    if (latest(s, rec, &c, err) < 0)
        return -1;
    snprintf(out, outsz, "%s", c.to);
    return 0;
}

size_t peel_transition_allowed(const peel_lifecycle *lc, const char *state, const peel_reader *rd,
                               const peel_lc_transition **out, size_t max)
{
    unsigned bits = peel_transition_role_bits(rd);
    size_t n = 0;
    for (const peel_lc_transition *t = lc ? lc->transitions : NULL; t && t->to && n < max; t++)
        if (!strcmp(t->from, state) && peel_lifecycle_role_may(t, bits))
            out[n++] = t;
    return n;
}

typedef struct day_ctx {
    int64_t day;
    char to[64];
} day_ctx;

static int day_cb(void *ctx, const peel_transition *t, peel_err *err)
{
    day_ctx *c = ctx;
    (void)err;
    if (t->date > c->day)
        return 0;
    snprintf(c->to, sizeof c->to, "%s", t->to);
    return 0;
}

int peel_transition_open_on(peel_store *s, const peel_record *rec, int64_t day, bool *open,
                            peel_err *err)
{
    const peel_lifecycle *lc = rec->type->lifecycle;
    day_ctx c = {.day = day};
    if (!lc) {
        *open = true;
        return 0;
    }
    snprintf(c.to, sizeof c.to, "%s", lc->initial);
    if (peel_lcdb_list(s, rec->type->name, rec->id, day_cb, &c, err) < 0)
        return -1;
    *open = !peel_lifecycle_closed(lc, c.to);
    return 0;
}

static bool blank(const char *s)
{
    if (!s)
        return true;
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\r' && *s != '\n')
            return false;
    return true;
}

/* A note or evidence: valid UTF-8, not too long. */
static void text_check(const char *field, const char *v, peel_fielderrs *errs)
{
    if (!v)
        return;
    if (strlen(v) > TEXT_MAX)
        peel_fielderrs_add(errs, field, "is longer than %d bytes", TEXT_MAX);
    else if (!peel_utf8_valid(v, strlen(v), NULL))
        peel_fielderrs_add(errs, field, "is not valid UTF-8 text");
}

/* The record's key for messages ("CGB-2023-04-01"), else its id. */
static void record_name(const peel_record *rec, char *out, size_t n)
{
    const peel_type *t = rec->type;
    int k = t->key ? peel_type_field_index(t, t->key) : -1;
    if (k >= 0 && rec->v[k].set && rec->v[k].s)
        snprintf(out, n, "%s %s", t->name, rec->v[k].s);
    else
        snprintf(out, n, "%s %lld", t->name, (long long)rec->id);
}

/* The verb in the middle of a sentence: "Mark complete" -> "mark complete". */
static void lower_first(const char *verb, char *out, size_t n)
{
    snprintf(out, n, "%s", verb);
    if (out[0] >= 'A' && out[0] <= 'Z')
        out[0] = (char)(out[0] - 'A' + 'a');
}

static void list_states(const peel_lifecycle *lc, char *out, size_t n)
{
    size_t at = 0;
    out[0] = '\0';
    for (const peel_lc_state *st = lc->states; st->value && at < n; st++)
        at += (size_t)snprintf(out + at, n - at, "%s%s", st == lc->states ? "" : ", ", st->value);
}

static void list_verbs(const peel_lifecycle *lc, const char *from, unsigned bits, char *out,
                       size_t n)
{
    size_t at = 0;
    out[0] = '\0';
    for (const peel_lc_transition *t = lc->transitions; t->to && at < n; t++)
        if (!strcmp(t->from, from) && peel_lifecycle_role_may(t, bits))
            at += (size_t)snprintf(out + at, n - at, "%s%s (%s)", at ? ", " : "", t->verb, t->to);
}

int peel_transition_apply(peel_store *s, const char *user, const peel_reader *rd,
                          const peel_record *rec, const peel_transition_req *req,
                          peel_fielderrs *errs, peel_err *err)
{
    const peel_type *t = rec->type;
    const peel_lifecycle *lc = t->lifecycle;
    const peel_lc_transition *tr = NULL;
    unsigned bits = peel_transition_role_bits(rd);
    const char *to = req->to && *req->to ? req->to : NULL;
    peel_date date = peel_clock_today();
    latest_ctx cur;
    char name[160], d1[11], d2[11], verb[80], list[400];
    char at[24];
    int64_t start = 0;
    bool has_start = false;

    if (!lc)
        return peel_err_set(err, PEEL_EINPUT, "%s records have no lifecycle", t->label);
    if (!peel_reader_record_visible(rd, rec) || !peel_reader_type_writable(rd, t) || !bits) {
        peel_fielderrs_add(errs, NULL, "your account cannot change %s", t->plural);
        peel_fielderrs_to_err(errs, err);
        return 1;
    }
    record_name(rec, name, sizeof name);
    if (latest(s, rec, &cur, err) < 0)
        return -1;

    if (!to) {
        peel_fielderrs_add(errs, "to", "is required: the state to go to");
    } else if (!peel_lifecycle_state(lc, to)) {
        list_states(lc, list, sizeof list);
        peel_fielderrs_add(errs, "to", "'%.60s' is not a state of %s: %s", to, t->plural, list);
    } else if (!(tr = peel_lifecycle_find(lc, cur.to, to))) {
        list_verbs(lc, cur.to, bits, list, sizeof list);
        peel_fielderrs_add(errs, "to", "%s is %s: it cannot go to %s%s%s", name,
                           peel_lifecycle_label(lc, cur.to), peel_lifecycle_label(lc, to),
                           *list ? "; from here: " : " (nothing follows it)", list);
    } else if (!peel_lifecycle_role_may(tr, bits)) {
        peel_fielderrs_add(errs, "to", "your account cannot %s %s", tr->verb, name);
        tr = NULL;
    }

    if (!blank(req->date)) {
        peel_err derr = {0};
        if (peel_date_parse_typed(req->date, strlen(req->date), &date, &derr) < 0)
            peel_fielderrs_add(errs, "date",
                               "'%.40s' is not a date: give it as 2023-10-09 or "
                               "09/10/2023",
                               req->date);
    } else if (tr && (tr->requires & PEEL_LC_DATE)) {
        lower_first(tr->verb, verb, sizeof verb);
        peel_fielderrs_add(errs, "date", "is required to %s: say when it took effect", verb);
    }
    if (lc->start) {
        const peel_value *v = peel_record_value(rec, peel_type_field(t, lc->start));
        has_start = v && v->set;
        start = has_start ? v->i : 0;
    }
    if (has_start && date < start) {
        peel_date_format(date, d1);
        peel_date_format((peel_date)start, d2);
        peel_fielderrs_add(errs, "date", "%s is before %s's %s (%s)", d1, name,
                           peel_type_field(t, lc->start)->label, d2);
    } else if (cur.any && date < cur.date) {
        peel_date_format(date, d1);
        peel_date_format(cur.date, d2);
        peel_fielderrs_add(errs, "date",
                           "%s is before %s's latest change of state (%s): record changes in "
                           "date order",
                           d1, name, d2);
    }
    text_check("note", req->note, errs);
    text_check("evidence", req->evidence, errs);
    text_check("source", req->source, errs);
    if (tr) {
        lower_first(tr->verb, verb, sizeof verb);
        if ((tr->requires & PEEL_LC_NOTE) && blank(req->note))
            peel_fielderrs_add(errs, "note", "is required to %s: say why", verb);
        if ((tr->requires & PEEL_LC_EVIDENCE) && blank(req->evidence))
            peel_fielderrs_add(errs, "evidence",
                               "is required to %s: say what shows it (a report, a letter, a "
                               "minute)",
                               verb);
    }
    if (errs->n) {
        peel_fielderrs_to_err(errs, err);
        return 1;
    }

    peel_clock_format(peel_clock_now(), at);
    peel_transition row = {
        .type = (char *)t->name,
        .record_id = rec->id,
        .from = cur.to,
        .to = (char *)to,
        .date = date,
        .note = (char *)(req->note ? req->note : ""),
        .evidence = (char *)(req->evidence ? req->evidence : ""),
        .source = (char *)(req->source ? req->source : ""),
        .user = (char *)(user ? user : ""),
        .at = at,
    };
    if (peel_lcdb_add(s, &row, NULL, err) < 0)
        return -1;
    peel_date_format(date, d1);
    char oldv[96], newv[96];
    snprintf(oldv, sizeof oldv, "%s", cur.to);
    snprintf(newv, sizeof newv, "%s (%s)", to, d1);
    peel_audit a = {.type = t->name,
                    .record_id = rec->id,
                    .at = at,
                    .user = user ? user : "",
                    .action = "update",
                    .field = "state",
                    .old_value = oldv,
                    .new_value = newv};
    return peel_store_audit_add(s, &a, err) < 0 ? -1 : 0;
}

int peel_transition_save(peel_store *s, const char *user, const peel_reader *rd,
                         const peel_record *rec, const peel_transition_req *req,
                         peel_fielderrs *errs, peel_err *err)
{
    int rc;
    if (peel_store_begin(s, err) < 0)
        return -1;
    rc = peel_transition_apply(s, user, rd, rec, req, errs, err);
    if (rc == 0 && peel_store_commit(s, err) == 0)
        return 0;
    peel_store_rollback(s);
    if (rc == 0)
        return -1; /* the commit failed */
    return rc;
}

/* ---- CSV of transitions ---- */

enum { COL_RECORD, COL_DATE, COL_TO, COL_NOTE, COL_EVIDENCE, COL_SOURCE, NCOL };

static int header_col(const peel_type *t, peel_str h)
{
    static const char *const names[][3] = {
        [COL_RECORD] = {"record", NULL, NULL},     [COL_DATE] = {"date", NULL, NULL},
        [COL_TO] = {"to", "status", "state"},      [COL_NOTE] = {"note", NULL, NULL},
        [COL_EVIDENCE] = {"evidence", NULL, NULL}, [COL_SOURCE] = {"source", "provenance", NULL},
    };
    if (h.n == strlen(t->name) && !memcmp(h.p, t->name, h.n))
        return COL_RECORD;
    for (int c = 0; c < NCOL; c++)
        for (int k = 0; k < 3 && names[c][k]; k++)
            if (h.n == strlen(names[c][k]) && !memcmp(h.p, names[c][k], h.n))
                return c;
    return -1;
}

typedef struct dup_ctx {
    peel_date date;
    const char *to;
    bool found;
} dup_ctx;

static int dup_cb(void *ctx, const peel_transition *t, peel_err *err)
{
    dup_ctx *c = ctx;
    (void)err;
    if (t->date == c->date && !strcmp(t->to, c->to))
        c->found = true;
    return 0;
}

int peel_transition_import_mem(peel_store *s, const char *user, const peel_type *t,
                               const char *data, size_t len, const char *name, int64_t *added,
                               peel_err *err)
{
    peel_csv *csv = peel_csv_open_mem(data, len, name);
    peel_csv_row row;
    int col[16], rc;
    size_t ncols = 0;
    char cell[NCOL][TEXT_MAX + 1];
    const peel_reader *staff = peel_reader_of(PEEL_ROLE_STAFF);

    *added = 0;
    if (!csv)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory reading %s", name);
    if ((rc = peel_csv_next(csv, &row, err)) <= 0) {
        peel_csv_close(csv);
        return rc < 0 ? -1 : 0;
    }
    bool have[NCOL] = {false};
    for (size_t i = 0; i < row.n && i < 16; i++, ncols++) {
        col[i] = header_col(t, row.fields[i]);
        if (col[i] >= 0)
            have[col[i]] = true;
    }
    if (!have[COL_RECORD] || !have[COL_DATE] || !have[COL_TO]) {
        peel_csv_close(csv);
        return peel_err_set(err, PEEL_EINPUT, "%s: the header needs %s (or record), date and to",
                            name, t->name);
    }
    while ((rc = peel_csv_next(csv, &row, err)) > 0) {
        peel_fielderrs fe = {0};
        peel_record *rec = NULL;
        int64_t id;
        memset(cell, 0, sizeof cell);
        for (size_t i = 0; i < row.n && i < ncols; i++) {
            if (col[i] < 0)
                continue;
            size_t n = row.fields[i].n > TEXT_MAX ? TEXT_MAX : row.fields[i].n;
            memcpy(cell[col[i]], row.fields[i].p, n);
        }
        if (peel_crud_lookup(s, t, cell[COL_RECORD], &id, err) < 0 ||
            peel_store_get(s, t, id, &rec, err) < 0) {
            peel_err_prefix(err, "%s row %llu (line %llu)", name,
                            (unsigned long long)row.record - 1, (unsigned long long)row.line);
            peel_csv_close(csv);
            return -1;
        }
        dup_ctx d = {.to = cell[COL_TO]};
        peel_err derr = {0};
        if (peel_date_parse_typed(cell[COL_DATE], strlen(cell[COL_DATE]), &d.date, &derr) == 0 &&
            peel_lcdb_list(s, t->name, id, dup_cb, &d, err) < 0) {
            peel_record_free(rec);
            peel_csv_close(csv);
            return -1;
        }
        if (d.found) {
            peel_record_free(rec);
            continue;
        }
        peel_transition_req req = {.to = cell[COL_TO],
                                   .date = cell[COL_DATE],
                                   .note = cell[COL_NOTE],
                                   .evidence = cell[COL_EVIDENCE],
                                   .source = cell[COL_SOURCE]};
        rc = peel_transition_apply(s, user, staff, rec, &req, &fe, err);
        peel_record_free(rec);
        if (rc != 0) {
            peel_err_prefix(err, "%s row %llu (line %llu)", name,
                            (unsigned long long)row.record - 1, (unsigned long long)row.line);
            peel_csv_close(csv);
            return -1;
        }
        (*added)++;
    }
    peel_csv_close(csv);
    if (rc < 0) {
        peel_err_prefix(err, "%s", name);
        return -1;
    }
    return 0;
}
