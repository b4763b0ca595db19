/* cmd_db.c - the database as a whole: init (create and migrate), demo (load
 * the demonstration data) and summary (what the database holds). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/table.h"
#include "core/date.h"
#include "domain/demo.h"
#include "domain/geo.h"
#include "model/model.h"
#include "model/search.h"
#include "store/crime_db.h"

/* None of these commands takes an option: the empty table refuses any. */
static const peel_opt no_options[] = {PEEL_OPTION_END};

/* A database made before the search index existed has records the index
 * never saw: build it once, the first time init finds it unbuilt (after that
 * every write keeps it in step, model/search.h). */
static int search_index_once(peel_cli *cli, peel_err *err)
{
    char done[8] = "";
    int64_t records, papers;

    if (peel_store_meta_get(cli->store, "search_index", done, sizeof done, err) < 0)
        return -1;
    if (!strcmp(done, "1"))
        return 0;
    if (peel_search_reindex(cli->store, &records, &papers, err) < 0)
        return -1;
    if (records + papers && !cli->quiet)
        printf("search index built: %lld records, %lld papers\n", (long long)records,
               (long long)papers);
    return peel_store_meta_set(cli->store, "search_index", "1", err);
}

static int cmd_init(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    int changes;
    if (peel_cli_parse(argc, argv, no_options, NULL, err) < 0)
        return -1;
    changes = peel_store_migrate(cli->store, false, err);
    if (changes < 0 || search_index_once(cli, err) < 0)
        return -1;
    if (!cli->quiet)
        printf("%s: %s\n", cli->db_path,
               changes ? "schema created or brought up to date" : "schema already current");
    return 0;
}

static int cmd_demo(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    peel_demo_result r;
    if (peel_cli_parse(argc, argv, no_options, NULL, err) < 0)
        return -1;
    if (peel_demo_load(cli->store, cli->user, &r, err) < 0)
        return -1;
    if (!cli->quiet)
        printf("demo data: %lld created, %lld updated, %lld unchanged\n", (long long)r.created,
               (long long)r.updated, (long long)r.unchanged);
    return 0;
}

/* The crime data held, per kind of police.uk file: current files (a
 * replaced version not counted), their rows and the months they cover. */
typedef struct crime_held {
    int64_t files[3], rows[3];
    peel_month first[3], last[3];
} crime_held;

static int crime_held_add(void *ctx, const peel_crime_file_row *f, peel_err *err)
{
    crime_held *h = ctx;
    (void)err;
    for (int k = 0; k < 3 && f->current; k++) {
        if (strcmp(f->kind, peel_crime_kind_name((enum peel_crime_kind)(PEEL_CRIME_STREET + k))))
            continue;
        if (!h->files[k] || f->month < h->first[k])
            h->first[k] = f->month;
        if (!h->files[k] || f->month > h->last[k])
            h->last[k] = f->month;
        h->files[k]++;
        h->rows[k] += f->rows;
    }
    return 0;
}

static void print_table(peel_table *t)
{
    peel_table_print(t, stdout);
    peel_table_free(t);
}

static int cmd_summary(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    size_t n;
    const peel_type *const *types = peel_types(&n);
    peel_table *t;
    crime_held held = {0};
    if (peel_cli_parse(argc, argv, no_options, NULL, err) < 0)
        return -1;

    printf("peel database %s\n\n", cli->db_path);
    if (!(t = peel_table_new()))
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    peel_table_header(t, "record type");
    peel_table_header(t, "records");
    peel_table_align_right(t, 1);
    /* Counted as the command's reader sees them: what it may not open is
     * not counted either. */
    for (size_t i = 0; i < n; i++) {
        peel_filter rf[PEEL_READER_MAX_FILTERS];
        peel_query q = {.type = types[i],
                        .filters = rf,
                        .nfilters = peel_reader_filters(cli->reader, types[i], rf)};
        int64_t count;
        if (!peel_reader_type_readable(cli->reader, types[i]))
            continue;
        if (peel_store_count(cli->store, &q, &count, err) < 0) {
            peel_table_free(t);
            return -1;
        }
        peel_table_row_begin(t);
        peel_table_cell(t, types[i]->plural);
        peel_table_cellf(t, "%lld", (long long)count);
    }
    print_table(t);
    /* Areas by kind: the geography the figures are reported for. */
    const peel_field *kind = &peel_type_area.fields[PEEL_AREA_KIND];
    if (peel_reader_type_readable(cli->reader, &peel_type_area)) {
        if (!(t = peel_table_new()))
            return peel_err_set(err, PEEL_ENOMEM, "out of memory");
        peel_table_header(t, "areas by kind");
        peel_table_header(t, "areas");
        peel_table_align_right(t, 1);
        for (const peel_option *o = kind->options; o->value; o++) {
            peel_filter f[1 + PEEL_READER_MAX_FILTERS] = {
                {.field = kind, .op = PEEL_OP_EQ, .v = {.set = true, .s = (char *)o->value}}};
            peel_query q = {.type = &peel_type_area,
                            .filters = f,
                            .nfilters =
                                1 + peel_reader_filters(cli->reader, &peel_type_area, f + 1)};
            int64_t count;
            if (peel_store_count(cli->store, &q, &count, err) < 0) {
                peel_table_free(t);
                return -1;
            }
            if (!count)
                continue;
            peel_table_row_begin(t);
            peel_table_cell(t, o->label ? o->label : o->value);
            peel_table_cellf(t, "%lld", (long long)count);
        }
        printf("\n");
        print_table(t);
    }
    /* The crime data (police.uk, published under the OGL: every reader's). */
    if (peel_crime_db_files(cli->store, crime_held_add, &held, err) < 0)
        return -1;
    if (!(t = peel_table_new()))
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    peel_table_header(t, "crime data (police.uk)");
    peel_table_header(t, "files");
    peel_table_header(t, "rows");
    peel_table_header(t, "months");
    peel_table_align_right(t, 1);
    peel_table_align_right(t, 2);
    for (int k = 0; k < 3; k++) {
        char first[8], last[8];
        peel_table_row_begin(t);
        peel_table_cell(t, peel_crime_kind_name((enum peel_crime_kind)(PEEL_CRIME_STREET + k)));
        peel_table_cellf(t, "%lld", (long long)held.files[k]);
        peel_table_cellf(t, "%lld", (long long)held.rows[k]);
        if (!held.files[k]) {
            peel_table_cell(t, "none imported");
            continue;
        }
        peel_month_format(held.first[k], first);
        peel_month_format(held.last[k], last);
        peel_table_cellf(t, "%s to %s", first, last);
    }
    printf("\n");
    print_table(t);
    return 0;
}

static int cmd_backup(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    if (argc != 2)
        return peel_err_set(err, PEEL_EINPUT, "usage: peel backup FILE");
    if (peel_store_backup(cli->store, argv[1], err) < 0)
        return -1;
    if (!cli->quiet)
        fprintf(stderr, "backup written to %s\n", argv[1]);
    return 0;
}

const peel_cmd peel_cmds_db[] = {
    {"init", "init", "create the database, or bring its schema up to date",
     "Creates the file if missing and applies every pending migration.  Safe to run\n"
     "again: an up-to-date database is left as it is.\n",
     PEEL_CMD_STORE_INIT, cmd_init},
    {"demo", "demo", "load the demonstration data (idempotent)",
     "Leicester, Leicestershire and Rutland as the Police and Crime Panel's papers\n"
     "describe it.  Loading it again changes nothing.\n",
     PEEL_CMD_STORE, cmd_demo},
    {"summary", "summary", "what the database holds",
     "Records of each type (as the reader sees them), areas by kind, and the\n"
     "police.uk files imported: current files, rows and the months they cover.\n",
     PEEL_CMD_STORE, cmd_summary},
    {"backup", "backup FILE", "a consistent copy of the whole database in a new file",
     "Copies records, audit trail, crime data, papers and accounts into FILE, which\n"
     "must not exist, while peel serve goes on.  Personal data erased before the\n"
     "backup is not in it; restore by serving the copy (--db FILE).\n",
     PEEL_CMD_STORE_OWN, cmd_backup},
    {NULL, NULL, NULL, NULL, 0, NULL},
};
