/* cmd_crime.c - the crime performance commands: `peel crime import|imports|
 * summary|compare|hotspots|spc|outcomes|stops|pack` and `peel area import`.
 * They parse arguments and print; the work is in src/crime (libpeel).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/table.h"
#include "core/assert.h"
#include "core/csv.h"
#include "crime/area_import.h"
#include "crime/import.h"
#include "crime/pack.h"
#include "crime/report.h"
#include "render/doc_out.h"
#include "store/crime_db.h"

typedef struct opts {
    peel_crime_view_args view;
    enum peel_format fmt;
    const char *by, *positive, *out, *boundaries, *skip_bad, *baseline_from, *baseline_to;
    int limit;
    bool quiet;
    char **rest;
    int nrest;
} opts;

/* Reads the options of `peel crime SUB` from argv[2..]; the other
 * arguments (paths) end up in o->rest. */
static int parse_opts(int argc, char **argv, int first, opts *o, peel_err *err)
{
    long long limit = 10;
    int npos = 0, rc;
    const peel_opt table[] = {
        PEEL_OPTION("--area", PEEL_OPT_STRING, &o->view.area, "an area's name or code"),
        PEEL_OPTION("--from", PEEL_OPT_STRING, &o->view.from, "a month, YYYY-MM"),
        PEEL_OPTION("--to", PEEL_OPT_STRING, &o->view.to, "a month, YYYY-MM"),
        PEEL_OPTION("--type", PEEL_OPT_STRING, &o->view.type, "a crime type"),
        PEEL_OPTION("--by", PEEL_OPT_STRING, &o->by, "what to break the figures down by"),
        PEEL_OPTION("--positive", PEEL_OPT_STRING, &o->positive, "outcomes, 'A;B;C'"),
        PEEL_OPTION("--out", PEEL_OPT_STRING, &o->out, "a file"),
        PEEL_OPTION("--boundaries", PEEL_OPT_STRING, &o->boundaries, "a folder"),
        PEEL_OPTION("--skip-bad", PEEL_OPT_STRING, &o->skip_bad, "a file for the bad rows"),
        PEEL_OPTION("--baseline-from", PEEL_OPT_STRING, &o->baseline_from, "a month, YYYY-MM"),
        PEEL_OPTION("--baseline-to", PEEL_OPT_STRING, &o->baseline_to, "a month, YYYY-MM"),
        PEEL_OPTION("--format", PEEL_OPT_FORMAT, &o->fmt, "table, csv or json"),
        PEEL_OPTION("--quiet", PEEL_OPT_FLAG, &o->quiet, NULL),
        PEEL_OPTION_INT("--limit", &limit, "a number from 1 to 10000", 1, 10000),
        PEEL_OPTION_END,
    };

    PEEL_ASSERT(first == 2); /* argv[1] is the subcommand */
    rc = peel_cli_parse_sub(argc, argv, table, &npos, err);
    o->rest = argv + first;
    o->nrest = npos;
    o->limit = (int)limit;
    return rc;
}

static void print_result(const peel_cli *cli, const peel_crime_result *r, enum peel_format fmt)
{
    if (fmt == PEEL_FORMAT_CSV) {
        peel_cli_csv_begin(cli);
        peel_buf b = PEEL_BUF_INIT;
        peel_csv_put_row(&b, (const char *const *)r->cols, r->ncols);
        for (size_t i = 0; i < r->nrows; i++)
            peel_csv_put_row(&b, (const char *const *)r->cells + i * r->ncols, r->ncols);
        fwrite(peel_buf_str(&b), 1, b.len, stdout);
        peel_buf_release(&b);
        return;
    }
    if (fmt == PEEL_FORMAT_JSON) {
        json_t *root = json_object(), *rows = json_array();
        json_object_set_new(root, "title", json_string(r->title));
        for (size_t i = 0; i < r->nrows; i++) {
            json_t *o = json_object();
            for (size_t c = 0; c < r->ncols; c++) {
                const char *cell = r->cells[i * r->ncols + c];
                long long n;
                if (r->numeric[c] && peel_str_to_i64(peel_str_c(cell), &n))
                    json_object_set_new(o, r->cols[c], json_integer(n));
                else if (r->numeric[c] && !*cell)
                    json_object_set_new(o, r->cols[c], json_null());
                else
                    json_object_set_new(o, r->cols[c], json_string(cell));
            }
            json_array_append_new(rows, o);
        }
        json_object_set_new(root, "rows", rows);
        json_object_set_new(root, "notes", json_string(peel_buf_str(&r->notes)));
        json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        fputc('\n', stdout);
        json_decref(root);
        return;
    }
    peel_table *t = peel_table_new();
    for (size_t c = 0; c < r->ncols; c++)
        peel_table_header(t, r->cols[c]);
    for (size_t i = 0; i < r->nrows; i++) {
        peel_table_row_begin(t);
        for (size_t c = 0; c < r->ncols; c++)
            peel_table_cell(t, r->cells[i * r->ncols + c]);
    }
    printf("%s\n", r->title);
    peel_table_print(t, stdout);
    peel_table_free(t);
    if (r->notes.len)
        printf("\n%s", peel_buf_str(&r->notes));
}

/* ---- crime import / imports ---- */

static int crime_import(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    opts o = {0};
    peel_crime_import_stats st;
    if (parse_opts(argc, argv, 2, &o, err) < 0)
        return -1;
    cli->quiet = cli->quiet || o.quiet;
    if (o.nrest == 0)
        return peel_err_set(err, PEEL_EINPUT,
                            "usage: peel crime import PATH... [--skip-bad FILE.csv]");
    peel_crime_import_opts io = {
        .user = cli->user,
        .progress = !cli->quiet && isatty(fileno(stderr)) ? stderr : NULL,
        .skip_bad = o.skip_bad,
        .report = cli->quiet ? NULL : stdout,
    };
    /* One transaction per batch of files (import.h), with the rollback journal for
     * the load when no other connection holds the database (WAL otherwise). */
    bool bulk = false;
    if (peel_crime_db_bulk_begin(cli->store, &bulk, err) < 0)
        return -1;
    int rc = peel_crime_import(cli->store, o.rest, (size_t)o.nrest, &io, &st, err);
    if (peel_crime_db_bulk_end(cli->store, bulk, rc == 0, err) < 0)
        rc = -1;
    /* What was imported is committed, even when a later file failed. */
    peel_err aerr = PEEL_ERR_INIT;
    if (st.imported > 0 && peel_store_analyze(cli->store, rc == 0 ? err : &aerr) < 0)
        rc = -1;
    if (rc < 0) {
        if (st.files > 0)
            fprintf(stderr,
                    "peel crime import: the %lld file(s) before the error below are imported "
                    "(importing again finds them unchanged)\n",
                    (long long)st.files);
        return -1;
    }
    if (!cli->quiet)
        printf("%lld file(s): %lld imported (%lld replacing an earlier import), %lld unchanged; "
               "%lld rows%s\n",
               (long long)st.files, (long long)st.imported, (long long)st.replaced,
               (long long)st.unchanged, (long long)st.rows,
               st.rejected ? ", some rejected (see the --skip-bad file)" : "");
    if (st.rejected)
        fprintf(stderr, "peel crime import: %lld row(s) rejected, written to %s\n",
                (long long)st.rejected, o.skip_bad);
    return 0;
}

typedef struct imports_ctx {
    peel_crime_result r;
} imports_ctx;

static int imports_cb(void *ctx, const peel_crime_file_row *f, peel_err *err)
{
    imports_ctx *ic = ctx;
    char id[24], month[8], rows[24], rej[24];
    snprintf(id, sizeof id, "%lld", (long long)f->id);
    peel_month_format(f->month, month);
    snprintf(rows, sizeof rows, "%lld", (long long)f->rows);
    snprintf(rej, sizeof rej, "%lld", (long long)f->rejected);
    const char *row[] = {
        id,    f->kind, month,     f->force, rows, rej, f->current ? "yes" : "replaced",
        f->at, f->user, f->sha256, f->name};
    return peel_crime_result_row(&ic->r, row) < 0 ? peel_err_set(err, PEEL_ENOMEM, "out of memory")
                                                  : 0;
}

static int crime_imports(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    static const char *const cols[] = {"id",      "kind", "month", "force",  "rows", "rejected",
                                       "current", "at",   "user",  "sha256", "file"};
    static const bool num[] = {true,  false, false, false, true, true,
                               false, false, false, false, false};
    opts o = {0};
    imports_ctx ic;
    if (parse_opts(argc, argv, 2, &o, err) < 0)
        return -1;
    if (peel_crime_result_cols(&ic.r, "Imported police.uk files", cols, NULL, num, 11) < 0) {
        peel_crime_result_release(&ic.r);
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    }
    int rc = peel_crime_db_files(cli->store, imports_cb, &ic, err);
    if (rc == 0)
        print_result(cli, &ic.r, o.fmt);
    peel_crime_result_release(&ic.r);
    return rc;
}

/* ---- figures ---- */

/* --area as the command's reader sees the areas: one it may not open is
 * "no area", exactly as one that does not exist (and the valid choices are
 * not listed to such a reader, since they would name hidden areas). */
static int area_for_reader(peel_cli *cli, const char *area, peel_err *err)
{
    peel_crime_area a;
    peel_record *rec = NULL;
    int found;

    if (!area || peel_reader_sees_sensitive(cli->reader))
        return 0;
    if ((found = peel_crime_db_area_find(cli->store, area, &a, err)) < 0)
        return -1;
    if (found && peel_store_get(cli->store, peel_type_find("area"), a.id, &rec, err) < 0) {
        if (err->code != PEEL_ENOTFOUND)
            return -1;
        peel_err_clear(err);
    }
    found = found && peel_reader_record_visible(cli->reader, rec);
    peel_record_free(rec);
    return found ? 0 : peel_err_set(err, PEEL_ENOTFOUND, "--area: no area '%s'", area);
}

static int crime_figures(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    const char *sub = argv[1];
    opts o = {0};
    peel_crime_view v;
    peel_crime_result r = {0};
    int rc = -1;
    if (parse_opts(argc, argv, 2, &o, err) < 0)
        return -1;
    if (o.nrest)
        return peel_err_set(err, PEEL_EINPUT, "unexpected argument '%s'", o.rest[0]);
    if (area_for_reader(cli, o.view.area, err) < 0)
        return -1;
    /* hotspots: the last 12 months unless asked otherwise. */
    if (peel_crime_view_load(cli->store, &o.view, &v, err) < 0)
        return -1;
    if (!strcmp(sub, "hotspots") && !o.view.from && v.nm > 12) {
        peel_crime_view_args a = o.view;
        char from[8];
        peel_month_format(v.to - 11, from);
        a.from = from;
        peel_crime_view_release(&v);
        if (peel_crime_view_load(cli->store, &a, &v, err) < 0)
            return -1;
    }
    if (!strcmp(sub, "summary")) {
        rc = peel_crime_summary(&v, o.by, cli->store, &r, err);
    } else if (!strcmp(sub, "compare")) {
        rc = peel_crime_compare(&v, &r, err);
    } else if (!strcmp(sub, "hotspots")) {
        rc = peel_crime_hotspots(cli->store, &v, o.limit, &r, err);
    } else if (!strcmp(sub, "outcomes")) {
        rc = peel_crime_outcomes_latest(cli->store, &v, o.positive, &r, err);
    } else if (!strcmp(sub, "stops")) {
        rc = peel_crime_stops(cli->store, &v, o.by, &r, err);
    } else { /* spc */
        peel_month bf, bt;
        peel_err e = PEEL_ERR_INIT;
        peel_crime_spc_baseline(v.from, v.to, &bf, &bt); /* the pack's rule too */
        if (o.baseline_from &&
            peel_month_parse(o.baseline_from, strlen(o.baseline_from), &bf, &e) < 0)
            rc = peel_err_set(err, PEEL_EINPUT, "--baseline-from: %s", e.msg);
        else if (o.baseline_to &&
                 peel_month_parse(o.baseline_to, strlen(o.baseline_to), &bt, &e) < 0)
            rc = peel_err_set(err, PEEL_EINPUT, "--baseline-to: %s", e.msg);
        else
            rc = peel_crime_spc_table(&v, bf, bt, &r, err);
    }
    if (rc == 0)
        print_result(cli, &r, o.fmt);
    peel_crime_result_release(&r);
    peel_crime_view_release(&v);
    return rc;
}

/* Writes n bytes to path through a file beside it, renamed into place. */
static int write_whole(const char *path, const char *data, size_t n, peel_err *err)
{
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp)
        return peel_err_set(err, PEEL_EINPUT, "%s: the path is too long", path);
    FILE *f = fopen(tmp, "wb");
    if (!f)
        return peel_err_set(err, PEEL_EIO, "%s: cannot open for writing", path);
    bool ok = fwrite(data, 1, n, f) == n;
    ok = fclose(f) == 0 && ok;
    if (!ok || rename(tmp, path) != 0) {
        unlink(tmp);
        return peel_err_set(err, PEEL_EIO, "%s: cannot write", path);
    }
    return 0;
}

/* The pack as PDF, a workbook or CSV, from the same model as its HTML
 * (render/doc_out.h); CSV goes to standard output without --out. */
static int crime_pack_out(peel_cli *cli, const peel_crime_pack_opts *po, const char *format,
                          const char *out, peel_err *err)
{
    peel_doc d = {0};
    peel_buf b = PEEL_BUF_INIT;
    int rc;
    if (peel_crime_pack_doc(cli->store, po, &d, err) < 0)
        return -1;
    if (!strcmp(format, "pdf")) {
        peel_pdf_opts o = {.subject = "Crime performance pack"};
        rc = peel_doc_pdf(&d, &o, out, err);
    } else if (!strcmp(format, "xlsx")) {
        rc = peel_doc_xlsx(&d, out, err);
    } else {
        rc = peel_doc_csv(&d, &b);
        if (rc < 0)
            peel_err_set(err, PEEL_ENOMEM, "out of memory writing the CSV");
        else if (out)
            rc = write_whole(out, b.data, b.len, err);
        else if (fwrite(b.data, 1, b.len, stdout) != b.len)
            rc = peel_err_set(err, PEEL_EIO, "cannot write to standard output");
    }
    peel_buf_release(&b);
    peel_doc_free(&d);
    if (rc == 0 && out && !cli->quiet)
        printf("%s: written\n", out);
    return rc;
}

/* `peel crime pack`: its own options, as --format here is html, text, pdf,
 * xlsx or csv. */
static int crime_pack(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    peel_crime_pack_opts po = {0};
    const char *out = NULL, *format = NULL;
    int npos = 0;
    const peel_opt table[] = {
        PEEL_OPTION("--area", PEEL_OPT_STRING, &po.view.area, "an area's name or code"),
        PEEL_OPTION("--from", PEEL_OPT_STRING, &po.view.from, "a month, YYYY-MM"),
        PEEL_OPTION("--to", PEEL_OPT_STRING, &po.view.to, "a month, YYYY-MM"),
        PEEL_OPTION("--type", PEEL_OPT_STRING, &po.view.type, "a crime type"),
        PEEL_OPTION("--positive", PEEL_OPT_STRING, &po.positive, "outcomes, 'A;B;C'"),
        PEEL_OPTION("--out", PEEL_OPT_STRING, &out, "a file"),
        PEEL_OPTION("--boundaries", PEEL_OPT_STRING, &po.boundaries, "a folder"),
        PEEL_OPTION("--format", PEEL_OPT_STRING, &format, "html, text, pdf, xlsx or csv"),
        PEEL_OPTION_END,
    };
    if (peel_cli_parse_sub(argc, argv, table, &npos, err) < 0)
        return -1;
    if (format && strcmp(format, "html") && strcmp(format, "text") && strcmp(format, "pdf") &&
        strcmp(format, "xlsx") && strcmp(format, "csv"))
        return peel_err_set(err, PEEL_EINPUT, "--format: '%s' is not html, text, pdf, xlsx or csv",
                            format);
    bool text = format && !strcmp(format, "text");
    bool doc_out =
        format && (!strcmp(format, "pdf") || !strcmp(format, "xlsx") || !strcmp(format, "csv"));
    if (doc_out && !out && strcmp(format, "csv"))
        return peel_err_set(err, PEEL_EINPUT, "--format %s needs --out FILE", format);
    if (!po.view.area || (!out && !text && !doc_out) || npos)
        return peel_err_set(err, PEEL_EINPUT,
                            "usage: peel crime pack --area NAME --out FILE.html | --format text "
                            "[--out FILE.txt] | --format pdf|xlsx --out FILE | --format csv "
                            "[--out FILE.csv]");
    if (area_for_reader(cli, po.view.area, err) < 0)
        return -1;
    if (doc_out)
        return crime_pack_out(cli, &po, format, out, err);
    if (!out) { /* text to standard output */
        peel_buf b = PEEL_BUF_INIT;
        int rc = peel_crime_pack_text(cli->store, &po, &b, err);
        if (rc == 0 && fwrite(b.data, 1, b.len, stdout) != b.len)
            rc = peel_err_set(err, PEEL_EIO, "cannot write to standard output");
        peel_buf_release(&b);
        return rc;
    }
    if (peel_crime_pack(cli->store, &po, out, text, err) < 0)
        return -1;
    if (!cli->quiet)
        printf("%s: written\n", out);
    return 0;
}

static const struct {
    const char *name;
    int (*run)(peel_cli *, int, char **, peel_err *);
} crime_subs[] = {
    {"import", crime_import},    {"imports", crime_imports},  {"summary", crime_figures},
    {"compare", crime_figures},  {"hotspots", crime_figures}, {"spc", crime_figures},
    {"outcomes", crime_figures}, {"stops", crime_figures},    {"pack", crime_pack},
};

static int cmd_crime(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    if (argc < 2)
        return peel_err_set(err, PEEL_EINPUT,
                            "which? import, imports, summary, compare, hotspots, spc, outcomes, "
                            "stops, pack ('peel crime --help')");
    /* PEEL_CMD_STORE_OWN: the import runs its own bulk-load transaction;
     * every other subcommand runs in one transaction as main.c would. */
    for (size_t i = 0; i < sizeof crime_subs / sizeof crime_subs[0]; i++) {
        if (strcmp(argv[1], crime_subs[i].name))
            continue;
        if (crime_subs[i].run == crime_import)
            return crime_import(cli, argc, argv, err);
        if (peel_store_begin(cli->store, err) < 0)
            return -1;
        int rc = crime_subs[i].run(cli, argc, argv, err);
        if (rc == 0)
            rc = peel_store_commit(cli->store, err);
        if (rc < 0)
            peel_store_rollback(cli->store);
        return rc;
    }
    return peel_err_set(err, PEEL_EINPUT,
                        "'%s' is not a crime command: import, imports, summary, compare, "
                        "hotspots, spc, outcomes, stops, pack",
                        argv[1]);
}

static int cmd_area(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    peel_area_import_stats st = {0};
    if (argc < 3 || strcmp(argv[1], "import"))
        return peel_err_set(err, PEEL_EINPUT, "usage: peel area import PATH...");
    for (int i = 2; i < argc; i++)
        if (peel_crime_area_import(cli->store, cli->user, argv[i], cli->quiet ? NULL : stdout, &st,
                                   err) < 0)
            return -1;
    if (!cli->quiet && (st.files > 1 || st.other_files))
        printf("%lld file(s) read: %lld LSOAs added, %lld updated, %lld unchanged; %lld other "
               "file(s) passed over\n",
               (long long)st.files, (long long)st.added, (long long)st.updated,
               (long long)st.unchanged, (long long)st.other_files);
    return 0;
}

const peel_cmd peel_cmds_crime[] = {
    {"crime", "crime SUBCOMMAND [OPTIONS]",
     "police.uk crime data: import, figures, the performance pack",
     "Subcommands:\n"
     "  import PATH... [--skip-bad FILE.csv]   police.uk street, outcomes and stop-and-search\n"
     "                                         files or folders (searched recursively)\n"
     "  imports                                every imported file with its SHA-256\n"
     "  summary  [--by month|type|area|outcome|month,area|month,type]\n"
     "  compare                                month, 12 months and financial year to date\n"
     "                                         against a year before\n"
     "  hotspots [--limit N]                   repeat locations (default the last 12 months)\n"
     "  spc [--baseline-from M --baseline-to M] unusual months: control limits (XmR,\n"
     "                                         or a c-chart for rare counts)\n"
     "  outcomes [--positive 'A;B;C']          shares by last outcome; positive outcome rate\n"
     "  stops [--by legislation|object|outcome|ethnicity|...]   stop and search\n"
     "  pack --area NAME --out FILE.html [--boundaries DIR]   the performance pack\n"
     "  pack --area NAME --format text [--out FILE.txt]       the same as plain text\n"
     "  pack --area NAME --format pdf|xlsx --out FILE         the same as PDF or a workbook\n"
     "  pack --area NAME --format csv [--out FILE.csv]        its tables as CSV\n\n"
     "Figure options: --area NAME|CODE (case-insensitive; default the force area), --from MONTH,\n"
     "--to MONTH (YYYY-MM), --type 'CRIME TYPE', --format table|csv|json.\n"
     "Methods: docs/METHODS.md.\n",
     PEEL_CMD_STORE_OWN, cmd_crime},
    {"area", "area import PATH...", "LSOA -> district lookups (ONS CSV or LSOA GeoJSON)",
     "Loads the ONS LSOA to local authority lookup (csv/135.csv) or LSOA boundary GeoJSON\n"
     "properties into the area records, for the districts already recorded.  A PATH may be a\n"
     "folder: it is searched (recursively) for those files, recognised by their content, and\n"
     "other files in it are passed over.  The LSOAs created are marked published.\n",
     PEEL_CMD_STORE, cmd_area},
    {NULL, NULL, NULL, NULL, 0, NULL},
};
