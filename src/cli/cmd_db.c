/* cmd_db.c - the database as a whole: init (create and migrate), demo (load
 * the demonstration data) and summary (what the database holds). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "domain/demo.h"
#include "domain/geo.h"
#include "model/model.h"
#include "model/search.h"

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

static int cmd_summary(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    size_t n;
    const peel_type *const *types = peel_types(&n);
    if (peel_cli_parse(argc, argv, no_options, NULL, err) < 0)
        return -1;

    printf("peel database %s\n\n", cli->db_path);
    printf("  %-16s %10s\n", "record type", "records");
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
        if (peel_store_count(cli->store, &q, &count, err) < 0)
            return -1;
        printf("  %-16s %10lld\n", types[i]->plural, (long long)count);
    }
    /* Areas by kind: the geography the figures are reported for. */
    const peel_field *kind = &peel_type_area.fields[PEEL_AREA_KIND];
    if (peel_reader_type_readable(cli->reader, &peel_type_area)) {
        printf("\n  areas by kind:\n");
        for (const peel_option *o = kind->options; o->value; o++) {
            peel_filter f[1 + PEEL_READER_MAX_FILTERS] = {
                {.field = kind, .op = PEEL_OP_EQ, .v = {.set = true, .s = (char *)o->value}}};
            peel_query q = {.type = &peel_type_area,
                            .filters = f,
                            .nfilters =
                                1 + peel_reader_filters(cli->reader, &peel_type_area, f + 1)};
            int64_t count;
            if (peel_store_count(cli->store, &q, &count, err) < 0)
                return -1;
            if (count)
                printf("  %-40s %6lld\n", o->label ? o->label : o->value, (long long)count);
        }
    }
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
    {"summary", "summary", "what the database holds", "", PEEL_CMD_STORE, cmd_summary},
    {NULL, NULL, NULL, NULL, 0, NULL},
};
