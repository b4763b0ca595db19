/* csvio.c - CSV in and out for every record type, from its declaration. */
#include "model/csvio.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/csv.h"
#include "core/progress.h"
#include "model/crud.h"

static bool export_id(const peel_type *t)
{
    return t->key == NULL;
}

int peel_csvio_header(const peel_type *t, peel_buf *out)
{
    bool first = true;
    if (export_id(t)) {
        peel_buf_puts(out, "id");
        first = false;
    }
    for (size_t i = 0; i < t->nfields; i++) {
        if (t->fields[i].type == PEEL_F_SECRET)
            continue;
        if (!first)
            peel_buf_putc(out, ',');
        peel_buf_puts(out, t->fields[i].name);
        first = false;
    }
    return peel_buf_putc(out, '\n');
}

/* ---- import ---- */

/* Text and references (whose CSV form is the referenced record's key text)
 * are written with the spreadsheet-formula guard (core/csv.h); their cells
 * lose it again on the way in, so export and import round-trip. */
static bool text_kind(const peel_field *f)
{
    return f->type == PEEL_F_TEXT || f->type == PEEL_F_REF;
}

static peel_str cell(const peel_field *f, peel_str v)
{
    size_t g = text_kind(f) ? peel_csv_text_guard(v.p, v.n) : 0;
    return (peel_str){v.p + g, v.n - g};
}

typedef struct import_ctx {
    peel_store *s;
    const char *user;
    const peel_type *t;
    const char *name;
    peel_import_result *res;
    int colfield[PEEL_CSV_MAX_FIELDS]; /* column -> field index; -1 for id */
    size_t ncols;
    int idcol, keycol;
} import_ctx;

static void add_error(import_ctx *c, peel_err *first, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void add_error(import_ctx *c, peel_err *first, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    c->res->nerrors++;
    if (c->res->nerrors <= PEEL_IMPORT_MAX_ERRORS)
        peel_buf_printf(&c->res->errors, "%s: %s\n", c->name, msg);
    peel_err_set(first, PEEL_EINPUT, "%s: %s", c->name, msg);
}

static int read_header(import_ctx *c, const peel_csv_row *row, peel_err *err)
{
    bool seen[128] = {false};

    c->ncols = row->n;
    c->idcol = c->keycol = -1;
    for (size_t i = 0; i < row->n; i++) {
        peel_str h = peel_str_trim(row->fields[i]);
        char name[64];
        int fi;

        if (h.n == 0 || h.n >= sizeof name) {
            add_error(c, err, "line %llu, column %zu: empty or overlong column name",
                      (unsigned long long)row->line, i + 1);
            continue;
        }
        memcpy(name, h.p, h.n);
        name[h.n] = '\0';
        if (!strcmp(name, "id")) {
            c->idcol = (int)i;
            c->colfield[i] = -1;
            continue;
        }
        fi = peel_type_field_index(c->t, name);
        if (fi < 0 || c->t->fields[fi].type == PEEL_F_SECRET) {
            peel_buf names = PEEL_BUF_INIT;
            peel_csvio_header(c->t, &names);
            peel_buf_truncate(&names, names.len - 1);
            add_error(c, err, "line %llu, column %zu: '%s' is not a field of %s (fields: %s)",
                      (unsigned long long)row->line, i + 1, name, c->t->name, peel_buf_str(&names));
            peel_buf_release(&names);
            continue;
        }
        if (c->t->fields[fi].flags & PEEL_READONLY) {
            add_error(c, err, "line %llu, column %zu: '%s' is set by peel and cannot be imported",
                      (unsigned long long)row->line, i + 1, name);
            continue;
        }
        if ((size_t)fi < sizeof seen && seen[fi]) {
            add_error(c, err, "line %llu, column %zu: column '%s' appears twice",
                      (unsigned long long)row->line, i + 1, name);
            continue;
        }
        if ((size_t)fi < sizeof seen)
            seen[fi] = true;
        c->colfield[i] = fi;
        if (c->t->key && !strcmp(name, c->t->key))
            c->keycol = (int)i;
    }
    return c->res->nerrors ? -1 : 0;
}

static int column_of(const import_ctx *c, const char *field)
{
    for (size_t i = 0; i < c->ncols; i++)
        if (c->colfield[i] >= 0 && !strcmp(c->t->fields[c->colfield[i]].name, field))
            return (int)i;
    return -1;
}

static void report_fielderrs(import_ctx *c, const peel_csv_row *row, const peel_fielderrs *fe,
                             peel_err *err)
{
    for (size_t k = 0; k < fe->n; k++) {
        int col = fe->e[k].field ? column_of(c, fe->e[k].field) : -1;
        if (col >= 0 && fe->e[k].field && c->colfield[col] >= 0 &&
            !strcmp(c->t->fields[c->colfield[col]].name, fe->e[k].field))
            add_error(c, err, "row %llu (line %llu), column %d (%s): %s",
                      (unsigned long long)row->record - 1, (unsigned long long)row->line, col + 1,
                      fe->e[k].field, fe->e[k].msg);
        else if (fe->e[k].field)
            add_error(c, err, "row %llu (line %llu), %s: %s", (unsigned long long)row->record - 1,
                      (unsigned long long)row->line, fe->e[k].field, fe->e[k].msg);
        else
            add_error(c, err, "row %llu (line %llu): %s", (unsigned long long)row->record - 1,
                      (unsigned long long)row->line, fe->e[k].msg);
    }
}

/* Finds the record a row updates: 1 found (into *rec), 0 new, -1 error. */
static int existing(import_ctx *c, const peel_csv_row *row, peel_record **rec, peel_err *err)
{
    int64_t id = 0;

    if (c->idcol >= 0 && row->fields[c->idcol].n) {
        long long n;
        if (!peel_str_to_i64(peel_str_trim(row->fields[c->idcol]), &n) || n <= 0) {
            add_error(c, err, "row %llu (line %llu), column %d (id): not a record id",
                      (unsigned long long)row->record - 1, (unsigned long long)row->line,
                      c->idcol + 1);
            return -1;
        }
        id = n;
    } else if (c->keycol >= 0) {
        const peel_field *kf = &c->t->fields[c->colfield[c->keycol]];
        peel_value v = {0};
        peel_fielderrs fe = {0};
        peel_str k = cell(kf, row->fields[c->keycol]);
        if (peel_value_parse(kf, k.p, k.n, &v, &fe) < 0 || !v.set) {
            peel_value_clear(&v);
            return 0; /* validation reports it */
        }
        int found = peel_store_find(c->s, c->t, kf, &v, &id, err);
        peel_value_clear(&v);
        if (found <= 0)
            return found;
    } else {
        return 0;
    }
    peel_err e = PEEL_ERR_INIT;
    if (peel_store_get(c->s, c->t, id, rec, &e) < 0) {
        if (e.code == PEEL_ENOTFOUND) {
            add_error(c, err, "row %llu (line %llu): %s", (unsigned long long)row->record - 1,
                      (unsigned long long)row->line, e.msg);
            return -1;
        }
        peel_err_set(err, e.code, "%s", e.msg);
        return -1;
    }
    return 1;
}

static int import_row(import_ctx *c, const peel_csv_row *row, peel_err *err)
{
    peel_record *r = NULL;
    peel_fielderrs fe = {0};
    int found, rc = 0;

    c->res->rows++;
    if (row->n != c->ncols) {
        add_error(c, err, "row %llu (line %llu): %zu fields where the header has %zu",
                  (unsigned long long)row->record - 1, (unsigned long long)row->line, row->n,
                  c->ncols);
        return 0;
    }
    found = existing(c, row, &r, err);
    if (found < 0)
        return err->code == PEEL_EINPUT ? 0 : -1;
    if (!found && !(r = peel_record_new(c->t)))
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    for (size_t i = 0; i < row->n; i++) {
        if (c->colfield[i] < 0)
            continue;
        const peel_field *f = &c->t->fields[c->colfield[i]];
        peel_str v = cell(f, row->fields[i]);
        peel_value_parse(f, v.p, v.n, &r->v[c->colfield[i]], &fe);
    }
    if (fe.n) {
        report_fielderrs(c, row, &fe, err);
        goto out;
    }
    peel_err e = PEEL_ERR_INIT;
    if (found) {
        bool changed;
        rc = peel_crud_update(c->s, c->user, r, &fe, &changed, &e);
        if (rc == 0)
            changed ? c->res->updated++ : c->res->unchanged++;
    } else {
        rc = peel_crud_create(c->s, c->user, r, &fe, &e);
        if (rc == 0)
            c->res->created++;
    }
    if (rc < 0) {
        if (fe.n) {
            report_fielderrs(c, row, &fe, err);
            rc = 0;
        } else if (e.code == PEEL_EINPUT) {
            add_error(c, err, "row %llu (line %llu): %s", (unsigned long long)row->record - 1,
                      (unsigned long long)row->line, e.msg);
            rc = 0;
        } else {
            peel_err_set(err, e.code, "%s", e.msg);
        }
    }
out:
    peel_record_free(r);
    return rc;
}

static int import_csv(peel_store *s, const char *user, const peel_type *t, peel_csv *csv,
                      const char *name, peel_progress *prog, peel_import_result *res, peel_err *err)
{
    import_ctx c = {.s = s, .user = user, .t = t, .name = name, .res = res};
    peel_csv_row row;
    int got;
    bool header = true;

    memset(res, 0, sizeof *res);
    peel_buf_init(&res->errors, 1 << 20);
    while ((got = peel_csv_next(csv, &row, err)) > 0) {
        if (header) {
            header = false;
            if (read_header(&c, &row, err) < 0)
                return -1;
            continue;
        }
        if (row.n == 1 && row.fields[0].n == 0)
            continue; /* blank line */
        if (import_row(&c, &row, err) < 0)
            return -1;
        if (prog && (++prog->rows & 255) == 0)
            peel_progress_draw(prog, peel_csv_offset(csv), false);
    }
    if (got < 0) {
        peel_err_prefix(err, "%s", name);
        res->nerrors++;
        peel_buf_printf(&res->errors, "%s\n", err->msg);
        return -1;
    }
    if (header)
        add_error(&c, err, "the file is empty: expected a header row of field names");
    return res->nerrors ? -1 : 0;
}

int peel_csvio_import(peel_store *s, const char *user, const peel_type *t, FILE *f,
                      const char *name, FILE *progress, peel_import_result *res, peel_err *err)
{
    peel_csv *csv = peel_csv_open(f, name);
    peel_progress prog;
    struct stat sb;
    int rc;
    if (!csv)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    peel_progress_start(&prog, progress,
                        fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) ? (uint64_t)sb.st_size
                                                                          : 0);
    rc = import_csv(s, user, t, csv, name, &prog, res, err);
    peel_progress_end(&prog);
    peel_csv_close(csv);
    return rc;
}

int peel_csvio_import_mem(peel_store *s, const char *user, const peel_type *t, const char *data,
                          size_t n, const char *name, peel_import_result *res, peel_err *err)
{
    peel_csv *csv = peel_csv_open_mem(data, n, name);
    int rc;
    if (!csv)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    rc = import_csv(s, user, t, csv, name, NULL, res, err);
    peel_csv_close(csv);
    return rc;
}

/* ---- export ---- */

typedef struct export_ctx {
    peel_store *s;
    peel_export_opts *o;
    FILE *out;
    peel_buf line, cell;
} export_ctx;

static int export_one(void *ctx, const peel_record *r, peel_err *err)
{
    export_ctx *c = ctx;
    const peel_type *t = r->type;
    bool first = true;

    if (!peel_reader_record_visible(c->o->reader, r))
        return 0;
    if (!c->o->include_sensitive && peel_record_class(r) == PEEL_OFFICIAL_SENSITIVE) {
        c->o->withheld++;
        return 0;
    }
    peel_buf_reset(&c->line);
    if (export_id(t)) {
        peel_buf_printf(&c->line, "%lld", (long long)r->id);
        first = false;
    }
    for (size_t i = 0; i < t->nfields; i++) {
        const peel_field *f = &t->fields[i];
        if (f->type == PEEL_F_SECRET)
            continue;
        if (!first)
            peel_buf_putc(&c->line, ',');
        first = false;
        peel_buf_reset(&c->cell);
        if (!peel_reader_field_visible(c->o->reader, f))
            continue; /* an empty cell: the header is the declaration's */
        if (f->cls == PEEL_OFFICIAL_SENSITIVE && !c->o->include_sensitive) {
            if (r->v[i].set)
                c->o->withheld++;
            continue;
        }
        if (f->type == PEEL_F_REF) {
            if (peel_reader_ref_text(c->s, c->o->reader, f, &r->v[i], &c->cell, NULL, err) < 0)
                return -1;
        } else {
            peel_value_format(f, &r->v[i], PEEL_VFMT_CSV, &c->cell);
        }
        if (text_kind(f))
            peel_csv_put_text(&c->line, peel_buf_str(&c->cell), c->cell.len);
        else
            peel_csv_put_field(&c->line, peel_buf_str(&c->cell), c->cell.len);
    }
    peel_buf_putc(&c->line, '\n');
    if (c->line.failed)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    if (fwrite(c->line.data, 1, c->line.len, c->out) != c->line.len)
        return peel_err_set(err, PEEL_EIO, "write failed");
    return 0;
}

int peel_csvio_export(peel_store *s, const peel_type *t, peel_export_opts *o, FILE *out,
                      peel_err *err)
{
    export_ctx c = {.s = s, .o = o, .out = out, .line = PEEL_BUF_INIT, .cell = PEEL_BUF_INIT};
    peel_query all = {.type = t};
    int rc;

    o->withheld = 0;
    peel_csvio_header(t, &c.line);
    fwrite(c.line.data, 1, c.line.len, out);
    rc = peel_store_select(s, o->query ? o->query : &all, export_one, &c, err);
    peel_buf_release(&c.line);
    peel_buf_release(&c.cell);
    if (rc == 0 && fflush(out) != 0)
        rc = peel_err_set(err, PEEL_EIO, "write failed");
    return rc;
}
