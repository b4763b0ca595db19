/* cmd_records.c - the generic record commands: types, list, show, add, set,
 * delete, import, export, history, transition.  They work for every declared type with
 * no code of their own: all goes through the declaration. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/table.h"
#include "core/str.h"
#include "core/vec.h"
#include "model/crud.h"
#include "model/csvio.h"
#include "model/json.h"
#include "model/transition.h"

static int type_of(const char *name, const peel_type **t, peel_err *err)
{
    const void *p;
    if (peel_cli_type_arg(name, &p, err) < 0)
        return -1;
    *t = p;
    return 0;
}

/* A type the command's reader may read (write: and change). */
static int type_for(peel_cli *cli, const char *name, bool write, const peel_type **t, peel_err *err)
{
    if (type_of(name, t, err) < 0)
        return -1;
    if (!peel_reader_type_readable(cli->reader, *t))
        return peel_err_set(err, PEEL_EINPUT, "this reader cannot see %s", (*t)->plural);
    if (write && !peel_reader_type_writable(cli->reader, *t))
        return peel_err_set(err, PEEL_EINPUT, "this reader cannot change %s", (*t)->plural);
    return 0;
}

/* A reference as the command's reader may read it. */
static int ref_text(peel_cli *cli, const peel_field *f, const peel_value *v, peel_buf *out,
                    peel_err *err)
{
    return peel_reader_ref_text(cli->store, cli->reader, f, v, out, NULL, err);
}

static void print_fielderrs(const peel_fielderrs *fe)
{
    for (size_t i = 0; i < fe->n; i++) {
        if (fe->e[i].field)
            fprintf(stderr, "  %s: %s\n", fe->e[i].field, fe->e[i].msg);
        else
            fprintf(stderr, "  %s\n", fe->e[i].msg);
    }
}

/* ---- types ---- */

static void print_lifecycle(const peel_lifecycle *lc)
{
    printf("\nstates (the first is where a record starts; 'peel transition' moves it):\n");
    printf("  %-20s %s\n", lc->initial, peel_lifecycle_label(lc, lc->initial));
    for (const peel_lc_state *s = lc->states; s->value; s++)
        if (strcmp(s->value, lc->initial))
            printf("  %-20s %s%s\n", s->value, s->label, s->closed ? " (closed)" : "");
    printf("\ntransitions:\n");
    for (const peel_lc_transition *t = lc->transitions; t->to; t++) {
        printf("  %-20s -> %-18s %s", t->from, t->to, t->verb);
        if (t->requires & PEEL_LC_NOTE)
            printf("; needs a note");
        if (t->requires & PEEL_LC_EVIDENCE)
            printf("; needs evidence");
        if (t->requires & PEEL_LC_DATE)
            printf("; needs a date");
        if (lc->clock_label && t->clock == PEEL_LC_CLOCK_STOP)
            printf("; stops the clock (%s)", lc->clock_label);
        if (lc->clock_label && t->clock == PEEL_LC_CLOCK_RESUME)
            printf("; the clock runs on");
        if (lc->clock_label && t->clock == PEEL_LC_CLOCK_RESTART)
            printf("; restarts the clock");
        printf("%s\n", (t->roles & PEEL_LC_STAFF) ? "" : " (admin only)");
    }
}

static int cmd_types(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    size_t n;
    const peel_type *const *all = peel_types(&n);
    (void)cli;

    if (argc < 2) {
        for (size_t i = 0; i < n; i++)
            printf("%-14s %s\n", all[i]->name, all[i]->help ? all[i]->help : all[i]->plural);
        return 0;
    }
    const peel_type *t = NULL;
    if (type_of(argv[1], &t, err) < 0)
        return -1;
    printf("%s: %s\n", t->name, t->help ? t->help : t->label);
    printf("classification: %s%s\n", peel_class_name(t->cls),
           peel_type_flagged(t, PEEL_CLASSIFIES) ? " (or as each record's classification field)"
                                                 : "");
    if (t->key)
        printf("key: %s (names a record in references and imports)\n", t->key);
    printf("\n");
    for (size_t i = 0; i < t->nfields; i++) {
        const peel_field *f = &t->fields[i];
        printf("  %-20s %-14s%s%s%s\n", f->name, peel_ftype_name(f->type),
               (f->flags & PEEL_REQUIRED) ? " required" : "",
               (f->flags & PEEL_UNIQUE) ? " unique" : "",
               f->cls == PEEL_OFFICIAL_SENSITIVE ? " OFFICIAL-SENSITIVE" : "");
        printf("  %-20s %s%s%s\n", "", f->label, f->help ? ": " : "", f->help ? f->help : "");
        if (f->type == PEEL_F_ENUM) {
            printf("  %-20s one of:", "");
            for (const peel_option *o = f->options; o->value; o++)
                printf(" %s", o->value);
            printf("\n");
        }
        if (f->type == PEEL_F_REF)
            printf("  %-20s refers to a %s\n", "", f->ref_type);
    }
    if (t->lifecycle)
        print_lifecycle(t->lifecycle);
    return 0;
}

/* ---- list and export ---- */

typedef struct list_ctx {
    peel_cli *cli;
    enum peel_format fmt;
    peel_table *table;
    json_t *array;
    bool include_sensitive;
    int64_t withheld;
    const peel_field *cols[64]; /* the table's columns after the id */
    size_t ncols;
} list_ctx;

/* A table's columns: the title's field and the type's declared summary, as
 * the web list shows them, or with wide (or no summary) every field; never
 * a field the reader may not see, nor long text. */
static size_t list_columns(const peel_cli *cli, const peel_type *t, bool wide,
                           const peel_field **cols, size_t max)
{
    size_t n = 0;
    const peel_field *tf = t->title ? peel_type_field(t, t->title) : NULL;
    bool summary = t->summary && !wide;
    for (size_t i = 0; summary && tf && t->summary[i] >= 0; i++)
        if (&t->fields[t->summary[i]] == tf)
            tf = NULL; /* the summary places the title itself */
    if (summary && tf && peel_reader_field_visible(cli->reader, tf))
        cols[n++] = tf;
    for (size_t i = 0; n < max && (summary ? t->summary[i] >= 0 : i < t->nfields); i++) {
        const peel_field *f = summary ? &t->fields[t->summary[i]] : &t->fields[i];
        if (peel_reader_field_visible(cli->reader, f) && !(f->flags & PEEL_MULTILINE))
            cols[n++] = f;
    }
    return n;
}

/* Takes out of a record's JSON the fields the reader may not see: the
 * office's own (PEEL_INTERNAL: provenance, the publish flag, a resident's
 * details) for panel and public, as the web's JSON does. */
static void json_drop_hidden(const peel_reader *rd, const peel_type *t, json_t *o)
{
    for (size_t i = 0; o && i < t->nfields; i++)
        if (!peel_reader_field_visible(rd, &t->fields[i]))
            json_object_del(o, t->fields[i].name);
}

static int list_one(void *ctx, const peel_record *r, peel_err *err)
{
    list_ctx *c = ctx;
    const peel_type *t = r->type;
    bool sensitive = peel_record_class(r) == PEEL_OFFICIAL_SENSITIVE;

    if (!peel_reader_record_visible(c->cli->reader, r))
        return 0; /* the query's filters leave these out; this is the last check */
    if (c->fmt == PEEL_FORMAT_JSON) {
        if (sensitive && !c->include_sensitive) {
            c->withheld++;
            return 0;
        }
        peel_record *copy;
        if (peel_reader_hide_refs(c->cli->store, c->cli->reader, r, &copy, err) < 0)
            return -1;
        json_t *o = peel_json_record(copy ? copy : r, c->include_sensitive);
        peel_record_free(copy);
        json_drop_hidden(c->cli->reader, t, o);
        if (o && peel_reader_json_state(c->cli->store, r, o, err) < 0) {
            json_decref(o);
            return -1;
        }
        json_array_append_new(c->array, o);
        return 0;
    }
    peel_buf cell = PEEL_BUF_INIT;
    peel_table_row_begin(c->table);
    peel_table_cellf(c->table, "%lld", (long long)r->id);
    for (size_t k = 0; k < c->ncols; k++) {
        const peel_field *f = c->cols[k];
        const peel_value *v = &r->v[f - t->fields];
        peel_buf_reset(&cell);
        if (f->type == PEEL_F_REF) {
            if (ref_text(c->cli, f, v, &cell, err) < 0) {
                peel_buf_release(&cell);
                return -1;
            }
        } else {
            peel_value_format(f, v, PEEL_VFMT_PEOPLE, &cell);
        }
        peel_table_cell(c->table, peel_buf_str(&cell));
    }
    if (peel_type_flagged(t, PEEL_CLASSIFIES) || t->cls == PEEL_OFFICIAL_SENSITIVE)
        peel_table_cell(c->table, sensitive ? "OFFICIAL-SENSITIVE" : "");
    peel_buf_release(&cell);
    return 0;
}

static int build_filters(peel_cli *cli, const peel_type *t, const char *const *wheres,
                         size_t nwhere, peel_filter *filters, peel_err *err)
{
    for (size_t i = 0; i < nwhere; i++) {
        char field[64];
        const char *value;
        const peel_field *f;
        peel_fielderrs fe = {0};

        if (!peel_cli_split_assign(wheres[i], field, sizeof field, &value))
            return peel_err_set(err, PEEL_EINPUT, "--where: '%s' is not FIELD=VALUE", wheres[i]);
        if (!strcmp(field, "id")) {
            long long id;
            if (!peel_str_to_i64(peel_str_c(value), &id))
                return peel_err_set(err, PEEL_EINPUT, "--where id: '%s' is not an id", value);
            filters[i] =
                (peel_filter){.field = NULL, .op = PEEL_OP_EQ, .v = {.set = true, .i = id}};
            continue;
        }
        f = peel_type_field(t, field);
        if (!f || !peel_reader_field_visible(cli->reader, f))
            return peel_err_set(err, PEEL_EINPUT, "--where: '%s' is not a field of %s", field,
                                t->name);
        filters[i].field = f;
        if (!*value) {
            filters[i].op = PEEL_OP_NULL;
            continue;
        }
        filters[i].op = PEEL_OP_EQ;
        if (peel_value_parse(f, value, strlen(value), &filters[i].v, &fe) < 0)
            return peel_err_set(err, PEEL_EINPUT, "--where %s: %s", field, fe.e[0].msg);
        if (f->type == PEEL_F_REF && filters[i].v.s) {
            const peel_type *rt = peel_type_find(f->ref_type);
            int64_t id;
            if (peel_reader_lookup(cli->store, cli->reader, rt, filters[i].v.s, &id, err) < 0)
                return -1;
            free(filters[i].v.s);
            filters[i].v.s = NULL;
            filters[i].v.i = id;
        } else if (peel_reader_ref_filter(cli->store, cli->reader, f, &filters[i].v, err) < 0) {
            return -1;
        }
    }
    return 0;
}

static int cmd_list(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    const peel_type *t = NULL;
    enum peel_format fmt = PEEL_FORMAT_TABLE;
    peel_cli_list wheres = {0};
    peel_filter *filters = NULL;
    int npos = 0, rc = -1;
    list_ctx c = {.cli = cli};
    peel_query q = {0};
    const char *sort = NULL;
    bool wide = false;
    const peel_opt opts[] = {
        PEEL_OPTION("--where", PEEL_OPT_LIST, &wheres, "FIELD=VALUE"),
        PEEL_OPTION("--format", PEEL_OPT_FORMAT, &fmt, "table, csv or json"),
        PEEL_OPTION("--sort", PEEL_OPT_STRING, &sort, "a field"),
        PEEL_OPTION("--desc", PEEL_OPT_FLAG, &q.desc, NULL),
        PEEL_OPTION("--include-sensitive", PEEL_OPT_FLAG, &c.include_sensitive, NULL),
        PEEL_OPTION("--wide", PEEL_OPT_FLAG, &wide, NULL),
        PEEL_OPTION_END,
    };

    if (peel_cli_parse(argc, argv, opts, &npos, err) < 0)
        goto out;
    if (npos != 1) {
        if (npos)
            peel_err_set(err, PEEL_EINPUT, "unexpected argument '%s' (see 'peel list --help')",
                         argv[2]);
        else
            peel_err_set(err, PEEL_EINPUT, "which type? usage: peel list TYPE");
        goto out;
    }
    if (!(filters = calloc(wheres.n + 1 + PEEL_READER_MAX_FILTERS, sizeof *filters))) {
        peel_err_set(err, PEEL_ENOMEM, "out of memory");
        goto out;
    }
    if (type_for(cli, argv[1], false, &t, err) < 0 ||
        build_filters(cli, t, wheres.v, wheres.n, filters, err) < 0)
        goto out;
    /* A JSON or CSV listing writes sensitive material only when asked, and
     * only for a reader who sees it. */
    c.include_sensitive = c.include_sensitive && peel_reader_sees_sensitive(cli->reader);
    q.type = t;
    q.filters = filters;
    q.nfilters = wheres.n + peel_reader_filters(cli->reader, t, filters + wheres.n);
    if (sort && (!(q.order = peel_type_field(t, sort)) ||
                 !peel_reader_field_visible(cli->reader, q.order))) {
        peel_err_set(err, PEEL_EINPUT, "--sort: '%s' is not a field of %s", sort, t->name);
        goto out;
    }
    if (fmt == PEEL_FORMAT_CSV) {
        peel_export_opts o = {
            .include_sensitive = c.include_sensitive, .query = &q, .reader = cli->reader};
        peel_cli_csv_begin(cli);
        rc = peel_csvio_export(cli->store, t, &o, stdout, err);
        if (rc == 0 && o.withheld && !cli->quiet)
            fprintf(stderr,
                    "peel: %lld OFFICIAL-SENSITIVE record(s) or field(s) withheld "
                    "(--include-sensitive to include them)\n",
                    (long long)o.withheld);
        goto out;
    }
    c.fmt = fmt;
    if (fmt == PEEL_FORMAT_JSON) {
        c.array = json_array();
    } else {
        c.table = peel_table_new();
        peel_table_header(c.table, "id");
        c.ncols = list_columns(cli, t, wide, c.cols, sizeof c.cols / sizeof c.cols[0]);
        for (size_t i = 0; i < c.ncols; i++)
            peel_table_header(c.table, c.cols[i]->name);
        if (peel_type_flagged(t, PEEL_CLASSIFIES) || t->cls == PEEL_OFFICIAL_SENSITIVE)
            peel_table_header(c.table, "marking");
    }
    if (peel_store_select(cli->store, &q, list_one, &c, err) < 0)
        goto out;
    if (fmt == PEEL_FORMAT_JSON) {
        char *s = json_dumps(c.array, JSON_INDENT(2));
        if (s)
            puts(s);
        free(s);
        if (c.withheld && !cli->quiet)
            fprintf(stderr,
                    "peel: %lld OFFICIAL-SENSITIVE record(s) withheld "
                    "(--include-sensitive to include them)\n",
                    (long long)c.withheld);
    } else {
        peel_table_print(c.table, stdout);
        if (!cli->quiet)
            fprintf(stderr, "%zu %s\n", peel_table_rows(c.table),
                    peel_table_rows(c.table) == 1 ? t->name : t->plural);
    }
    rc = 0;
out:
    json_decref(c.array);
    peel_table_free(c.table);
    for (size_t i = 0; i < wheres.n && filters; i++)
        peel_value_clear(&filters[i].v);
    free(filters);
    peel_vec_release(&wheres);
    return rc;
}

static int cmd_export(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    const peel_type *t = NULL;
    enum peel_format fmt = PEEL_FORMAT_CSV;
    bool sensitive = false;
    int npos = 0;
    const peel_opt opts[] = {
        PEEL_OPTION("--format", PEEL_OPT_FORMAT, &fmt, "csv or json"),
        PEEL_OPTION("--include-sensitive", PEEL_OPT_FLAG, &sensitive, NULL),
        PEEL_OPTION_END,
    };

    if (peel_cli_parse(argc, argv, opts, &npos, err) < 0)
        return -1;
    if (npos > 1)
        return peel_err_set(err, PEEL_EINPUT, "unexpected argument '%s'", argv[2]);
    if (npos < 1)
        return peel_err_set(err, PEEL_EINPUT, "which type? usage: peel export TYPE");
    if (type_for(cli, argv[1], false, &t, err) < 0)
        return -1;
    if (fmt == PEEL_FORMAT_TABLE)
        return peel_err_set(err, PEEL_EINPUT, "--format: export writes csv or json");
    if (fmt == PEEL_FORMAT_JSON) {
        char *args[] = {"list", (char *)t->name, "--format", "json", "--include-sensitive"};
        return cmd_list(cli, sensitive ? 5 : 4, args, err);
    }
    peel_filter rf[PEEL_READER_MAX_FILTERS];
    peel_query q = {.type = t, .filters = rf, .nfilters = peel_reader_filters(cli->reader, t, rf)};
    peel_export_opts o = {.include_sensitive = sensitive && peel_reader_sees_sensitive(cli->reader),
                          .query = &q,
                          .reader = cli->reader};
    peel_cli_csv_begin(cli);
    if (peel_csvio_export(cli->store, t, &o, stdout, err) < 0)
        return -1;
    if (o.withheld && !cli->quiet)
        fprintf(stderr,
                "peel: %lld OFFICIAL-SENSITIVE record(s) or field(s) withheld "
                "(--include-sensitive to include them)\n",
                (long long)o.withheld);
    return 0;
}

/* ---- show, add, set, delete ---- */

/* The record named by TYPE ID-or-key as the command's reader sees the
 * store: one it may not open is not found, as one that does not exist. */
static int record_arg(peel_cli *cli, int argc, char **argv, bool write, const peel_type **t,
                      peel_record **r, peel_err *err)
{
    int64_t id;
    if (argc < 3)
        return peel_err_set(err, PEEL_EINPUT, "usage: peel %s TYPE ID", argv[0]);
    if (type_for(cli, argv[1], write, t, err) < 0 ||
        peel_reader_lookup(cli->store, cli->reader, *t, argv[2], &id, err) < 0)
        return -1;
    return peel_store_get(cli->store, *t, id, r, err);
}

static int cmd_show(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    const peel_type *t = NULL;
    peel_record *r;
    peel_buf cell = PEEL_BUF_INIT;
    enum peel_format fmt = PEEL_FORMAT_TABLE;
    int npos = 0;
    const peel_opt opts[] = {
        PEEL_OPTION("--format", PEEL_OPT_FORMAT, &fmt, "table or json"),
        PEEL_OPTION_END,
    };

    if (peel_cli_parse(argc, argv, opts, &npos, err) < 0 ||
        record_arg(cli, npos + 1, argv, false, &t, &r, err) < 0)
        return -1;
    if (fmt == PEEL_FORMAT_CSV) {
        peel_record_free(r);
        return peel_err_set(err, PEEL_EINPUT, "--format: show writes a table or json");
    }
    if (fmt == PEEL_FORMAT_JSON) {
        peel_record *copy;
        if (peel_reader_hide_refs(cli->store, cli->reader, r, &copy, err) < 0) {
            peel_record_free(r);
            return -1;
        }
        json_t *o = peel_json_record(copy ? copy : r, peel_reader_sees_sensitive(cli->reader));
        peel_record_free(copy);
        json_drop_hidden(cli->reader, r->type, o);
        if (o && peel_reader_json_state(cli->store, r, o, err) < 0) {
            json_decref(o);
            peel_record_free(r);
            return -1;
        }
        char *s = json_dumps(o, JSON_INDENT(2));
        if (s)
            puts(s);
        free(s);
        json_decref(o);
        peel_record_free(r);
        return 0;
    }
    printf("%s %lld", t->label, (long long)r->id);
    if (peel_record_class(r) == PEEL_OFFICIAL_SENSITIVE)
        printf("  [OFFICIAL-SENSITIVE]");
    printf("\n");
    if (t->lifecycle) {
        char st[64];
        if (peel_transition_state(cli->store, r, st, sizeof st, err) < 0) {
            peel_record_free(r);
            return -1;
        }
        printf("  %-22s %s\n", "State", peel_lifecycle_label(t->lifecycle, st));
    }
    for (size_t i = 0; i < t->nfields; i++) {
        const peel_field *f = &t->fields[i];
        if (!peel_reader_field_visible(cli->reader, f))
            continue;
        peel_buf_reset(&cell);
        if (f->type == PEEL_F_REF)
            ref_text(cli, f, &r->v[i], &cell, err);
        else
            peel_value_format(f, &r->v[i], PEEL_VFMT_PEOPLE, &cell);
        printf("  %-22s %s%s\n", f->label, peel_buf_str(&cell),
               f->cls == PEEL_OFFICIAL_SENSITIVE && r->v[i].set ? "  [OFFICIAL-SENSITIVE]" : "");
    }
    printf("  %-22s %s\n  %-22s %s\n", "Created", r->created_at, "Updated", r->updated_at);
    peel_buf_release(&cell);
    peel_record_free(r);
    return 0;
}

static int assign_all(peel_record *r, int argc, char **argv, peel_err *err)
{
    peel_fielderrs fe = {0};
    for (int i = 0; i < argc; i++) {
        char field[64];
        const char *value;
        if (!peel_cli_split_assign(argv[i], field, sizeof field, &value)) {
            peel_fielderrs_add(&fe, NULL, "'%s' is not FIELD=VALUE", argv[i]);
            continue;
        }
        peel_crud_assign(r, field, value, strlen(value), false, &fe);
    }
    if (fe.n) {
        print_fielderrs(&fe);
        return peel_fielderrs_to_err(&fe, err);
    }
    return 0;
}

static int cmd_add(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    const peel_type *t = NULL;
    peel_record *r;
    peel_fielderrs fe = {0};
    int rc = -1;

    if (argc < 2)
        return peel_err_set(err, PEEL_EINPUT, "usage: peel add TYPE FIELD=VALUE ...");
    if (type_for(cli, argv[1], true, &t, err) < 0)
        return -1;
    if (!(r = peel_record_new(t)))
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    if (assign_all(r, argc - 2, argv + 2, err) == 0) {
        rc = peel_crud_create(cli->store, cli->user, r, &fe, err);
        if (rc < 0 && fe.n > 1)
            print_fielderrs(&fe);
        if (rc == 0)
            printf("%lld\n", (long long)r->id);
    }
    peel_record_free(r);
    return rc;
}

static int cmd_set(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    const peel_type *t = NULL;
    peel_record *r;
    peel_fielderrs fe = {0};
    bool changed;
    int rc = -1;

    if (argc < 4)
        return peel_err_set(err, PEEL_EINPUT, "usage: peel set TYPE ID FIELD=VALUE ...");
    if (record_arg(cli, argc, argv, true, &t, &r, err) < 0)
        return -1;
    if (assign_all(r, argc - 3, argv + 3, err) == 0) {
        rc = peel_crud_update(cli->store, cli->user, r, &fe, &changed, err);
        if (rc < 0 && fe.n > 1)
            print_fielderrs(&fe);
        if (rc == 0 && !cli->quiet)
            fprintf(stderr, "%s %lld %s\n", t->name, (long long)r->id,
                    changed ? "updated" : "unchanged");
    }
    peel_record_free(r);
    return rc;
}

static int cmd_delete(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    const peel_type *t = NULL;
    peel_record *r;
    int rc;

    if (record_arg(cli, argc, argv, true, &t, &r, err) < 0)
        return -1;
    /* its own transaction (the command is PEEL_CMD_STORE_OWN); a refusal
     * names every record that refers to this one */
    rc = peel_crud_remove(cli->store, cli->user, t, r->id, cli->reader, NULL, err) == 0 ? 0 : -1;
    if (rc == 0 && !cli->quiet)
        fprintf(stderr, "%s %lld deleted\n", t->name, (long long)r->id);
    peel_record_free(r);
    return rc;
}

/* A resident's request: their personal data goes from the record and the
 * audit trail, which keeps that it was erased, by whom and when. */
static int cmd_erase(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    const peel_type *t = NULL;
    peel_record *r;
    size_t n = 0;
    bool personal = false;

    if (record_arg(cli, argc, argv, true, &t, &r, err) < 0)
        return -1;
    for (size_t i = 0; i < t->nfields; i++)
        personal = personal || (t->fields[i].flags & PEEL_PERSONAL);
    if (!personal) {
        peel_err_set(err, PEEL_EINPUT, "erase: %s holds no personal data", t->name);
        peel_record_free(r);
        return -1;
    }
    if (peel_store_begin(cli->store, err) < 0 ||
        peel_crud_erase(cli->store, cli->user, t, r->id, &n, err) < 0 ||
        peel_store_commit(cli->store, err) < 0) {
        peel_store_rollback(cli->store);
        peel_record_free(r);
        return -1;
    }
    /* The write-ahead log still holds the pages as they were: empty it. */
    bool complete = false;
    if (peel_store_checkpoint(cli->store, &complete, err) < 0) {
        peel_record_free(r);
        return -1;
    }
    if (!cli->quiet) {
        fprintf(stderr, "%s %lld: %zu personal field%s erased\n", t->name, (long long)r->id, n,
                n == 1 ? "" : "s");
        if (!complete)
            fprintf(stderr, "note: a reader (peel serve) holds part of the write-ahead log; "
                            "the old values leave it at its next checkpoint\n");
    }
    peel_record_free(r);
    return 0;
}

/* ---- import and history ---- */

static int cmd_import(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    const peel_type *t = NULL;
    peel_import_result res;
    FILE *f;
    int rc;

    if (argc != 3)
        return peel_err_set(err, PEEL_EINPUT, "usage: peel import TYPE FILE.csv");
    if (type_for(cli, argv[1], true, &t, err) < 0)
        return -1;
    f = strcmp(argv[2], "-") ? fopen(argv[2], "rb") : stdin;
    if (!f)
        return peel_err_set(err, PEEL_ENOTFOUND, "cannot open '%s'", argv[2]);
    rc = peel_csvio_import(cli->store, cli->user, t, f, argv[2],
                           !cli->quiet && isatty(fileno(stderr)) ? stderr : NULL, &res, err);
    if (f != stdin)
        fclose(f);
    if (rc < 0) {
        fputs(peel_buf_str(&res.errors), stderr);
        if (res.nerrors > PEEL_IMPORT_MAX_ERRORS)
            fprintf(stderr, "... and %lld more errors\n",
                    (long long)(res.nerrors - PEEL_IMPORT_MAX_ERRORS));
        peel_err e2 = PEEL_ERR_INIT;
        peel_err_set(&e2, err->code == PEEL_OK ? PEEL_EINPUT : err->code,
                     "%lld error%s: nothing was imported", (long long)res.nerrors,
                     res.nerrors == 1 ? "" : "s");
        *err = e2;
        peel_buf_release(&res.errors);
        return -1;
    }
    printf("%s: %lld rows: %lld created, %lld updated, %lld unchanged\n", t->name,
           (long long)res.rows, (long long)res.created, (long long)res.updated,
           (long long)res.unchanged);
    peel_buf_release(&res.errors);
    return 0;
}

static int history_one(void *ctx, const peel_audit *a, peel_err *err)
{
    peel_table *tb = ctx;
    (void)err;
    peel_table_row_begin(tb);
    peel_table_cell(tb, a->at);
    peel_table_cell(tb, a->user);
    peel_table_cell(tb, a->action);
    peel_table_cell(tb, a->field ? a->field : "");
    peel_table_cell(tb, a->old_value ? a->old_value : "");
    peel_table_cell(tb, a->new_value ? a->new_value : "");
    return 0;
}

/* A lifecycle's dated history, before the audit trail. */
static int print_transitions(peel_cli *cli, const peel_type *t, int64_t id, peel_err *err)
{
    peel_history h;
    peel_table *tb;
    (void)cli;
    if (peel_transition_history(cli->store, t, id, &h, err) < 0)
        return -1;
    printf("state: %s\n",
           peel_lifecycle_label(t->lifecycle,
                                peel_history_state_on(t->lifecycle, &h, id, INT32_MAX, NULL)));
    if (!h.n) {
        printf("no change of state recorded\n\n");
        peel_history_release(&h);
        return 0;
    }
    tb = peel_table_new();
    peel_table_header(tb, "date");
    peel_table_header(tb, "from");
    peel_table_header(tb, "to");
    peel_table_header(tb, "note");
    peel_table_header(tb, "evidence");
    peel_table_header(tb, "user");
    for (size_t i = 0; i < h.n; i++) {
        char d[11];
        peel_date_format(h.v[i].date, d);
        peel_table_row_begin(tb);
        peel_table_cell(tb, d);
        peel_table_cell(tb, h.v[i].from);
        peel_table_cell(tb, h.v[i].to);
        peel_table_cell(tb, h.v[i].note);
        peel_table_cell(tb, h.v[i].evidence);
        peel_table_cell(tb, h.v[i].user);
    }
    peel_table_print(tb, stdout);
    printf("\n");
    peel_table_free(tb);
    peel_history_release(&h);
    return 0;
}

static int cmd_transition(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    const char *date = NULL, *note = NULL, *evidence = NULL;
    const peel_type *t = NULL;
    peel_record *rec = NULL;
    peel_fielderrs fe = {0};
    int64_t id;
    int npos = 0, rc;
    const peel_opt opts[] = {
        PEEL_OPTION("--date", PEEL_OPT_STRING, &date, "the date it took effect: 2023-10-09"),
        PEEL_OPTION("--note", PEEL_OPT_STRING, &note, "TEXT"),
        PEEL_OPTION("--evidence", PEEL_OPT_STRING, &evidence, "TEXT"),
        PEEL_OPTION_END,
    };

    if (peel_cli_parse(argc, argv, opts, &npos, err) < 0)
        return -1;
    if (npos != 3)
        return peel_err_set(err, PEEL_EINPUT,
                            "usage: peel transition TYPE ID-or-KEY STATE "
                            "[--date D] [--note N] [--evidence E]");
    if (type_for(cli, argv[1], true, &t, err) < 0)
        return -1;
    if (!t->lifecycle)
        return peel_err_set(err, PEEL_EINPUT, "%s records have no lifecycle (see 'peel types')",
                            t->label);
    if (peel_reader_lookup(cli->store, cli->reader, t, argv[2], &id, err) < 0 ||
        peel_store_get(cli->store, t, id, &rec, err) < 0)
        return -1;
    peel_transition_req req = {.to = argv[3], .date = date, .note = note, .evidence = evidence};
    rc = peel_transition_apply(cli->store, cli->user, cli->reader, rec, &req, &fe, err);
    if (rc > 0) {
        print_fielderrs(&fe);
        peel_err_set(err, PEEL_EINPUT, "%s %s was not changed", t->name, argv[2]);
    } else if (rc == 0) {
        char state[64];
        if (peel_transition_state(cli->store, rec, state, sizeof state, err) < 0)
            rc = -1;
        else if (!cli->quiet)
            printf("%s %s: %s\n", t->name, argv[2], peel_lifecycle_label(t->lifecycle, state));
    }
    peel_record_free(rec);
    return rc < 0 || rc > 0 ? -1 : 0;
}

static int cmd_history(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    const peel_type *t = NULL;
    int64_t id;
    peel_table *tb;
    int rc;

    if (argc != 3)
        return peel_err_set(err, PEEL_EINPUT, "usage: peel history TYPE ID");
    if (type_for(cli, argv[1], false, &t, err) < 0)
        return -1;
    /* The audit trail is staff's, as on the web. */
    if (!peel_reader_sees_sensitive(cli->reader))
        return peel_err_set(err, PEEL_EINPUT, "this reader cannot see the audit trail");
    /* A deleted record still has its history: accept a bare id without lookup. */
    long long n;
    if (peel_str_to_i64(peel_str_c(argv[2]), &n) && n > 0)
        id = n;
    else if (peel_crud_lookup(cli->store, t, argv[2], &id, err) < 0)
        return -1;
    if (t->lifecycle && print_transitions(cli, t, id, err) < 0)
        return -1;
    tb = peel_table_new();
    peel_table_header(tb, "at");
    peel_table_header(tb, "user");
    peel_table_header(tb, "action");
    peel_table_header(tb, "field");
    peel_table_header(tb, "old");
    peel_table_header(tb, "new");
    rc = peel_store_audit_list(cli->store, t->name, id, history_one, tb, err);
    if (rc == 0) {
        if (peel_table_rows(tb) == 0)
            rc =
                peel_err_set(err, PEEL_ENOTFOUND, "no history for %s %lld", t->name, (long long)id);
        else
            peel_table_print(tb, stdout);
    }
    peel_table_free(tb);
    return rc;
}

const peel_cmd peel_cmds_records[] = {
    {"types", "types [TYPE]", "list the record types, or one type's fields",
     "With TYPE: each field's name, kind, whether required, and help.\n", PEEL_CMD_NO_STORE,
     cmd_types},
    {"list",
     "list TYPE [--where FIELD=VALUE ...] [--sort FIELD] [--desc] [--format table|csv|json] "
     "[--wide] [--include-sensitive]",
     "list records of a type",
     "--where keeps records whose FIELD equals VALUE (a reference may be given by its\n"
     "key, e.g. --where parent=E23000021; an empty VALUE matches empty fields).\n"
     "A table shows the type's title and summary columns, as the web list does;\n"
     "--wide shows every field.\n"
     "csv and json leave out OFFICIAL-SENSITIVE material unless --include-sensitive.\n",
     PEEL_CMD_STORE, cmd_list},
    {"show", "show TYPE ID [--format json]", "show one record (by id or key)", "", PEEL_CMD_STORE,
     cmd_show},
    {"add", "add TYPE FIELD=VALUE ...", "add a record and print its id",
     "Every field is validated; all errors are listed with their field.\n", PEEL_CMD_STORE,
     cmd_add},
    {"set", "set TYPE ID FIELD=VALUE ...", "change fields of a record",
     "FIELD= (empty) clears a field.  Each change is kept in the record's history.\n",
     PEEL_CMD_STORE, cmd_set},
    {"erase", "erase TYPE ID", "erase a record's personal data (a resident's request)",
     "Clears the record's personal fields (a resident's name and contact details) and\n"
     "the values the audit trail kept of them; the trail keeps who erased them and when.",
     PEEL_CMD_STORE_OWN, cmd_erase},
    {"delete", "delete TYPE ID", "delete a record",
     "A record other records refer to cannot be deleted: the refusal names them.\n",
     PEEL_CMD_STORE_OWN, cmd_delete},
    {"import", "import TYPE FILE.csv", "import records from CSV, all or nothing",
     "The header names fields ('peel types TYPE').  A row whose id or key matches a\n"
     "record updates it; others are created.  Any error (listed by row, line and\n"
     "column) leaves the database unchanged.  FILE may be - for standard input.\n",
     PEEL_CMD_STORE, cmd_import},
    {"export", "export TYPE [--format csv|json] [--include-sensitive]",
     "write every record of a type as CSV or JSON",
     "The CSV reads back with 'peel import'.  OFFICIAL-SENSITIVE material is left\n"
     "out unless --include-sensitive.\n",
     PEEL_CMD_STORE, cmd_export},
    {"history", "history TYPE ID", "who changed what and when",
     "Each create, change (field, old and new value) and delete; for a type with a\n"
     "lifecycle, first its state and the dated changes of state.\n",
     PEEL_CMD_STORE, cmd_history},
    {"transition", "transition TYPE ID-or-KEY STATE [--date D] [--note N] [--evidence E]",
     "move a record to another state of its lifecycle",
     "The type's lifecycle ('peel types TYPE') says which states may follow the\n"
     "current one and what each needs (a note, evidence, a date).  --date is when it\n"
     "took effect (ISO or UK, 09/10/2023; default today).  Refusals name the field.\n",
     PEEL_CMD_STORE, cmd_transition},
    {NULL, NULL, NULL, NULL, 0, NULL},
};
