/* cmd_db.c - the database as a whole: init (create and migrate), demo (load
 * the demonstration data) and summary (what the database holds). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/table.h"
#include "core/clock.h"
#include "core/date.h"
#include "domain/demo.h"
#include "domain/geo.h"
#include "model/attach.h"
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

/* Copies every paper's file of from into the SQLite database just written
 * at path (its folder beside it, x.db -> x.files/), each checked against
 * its SHA-256 on the way. */
static int copy_files_to(peel_store *from, const char *path, int64_t *copied, peel_err *err)
{
    peel_store *to = NULL;
    int rc;

    if (peel_store_open(path, false, &to, err) < 0)
        return -1;
    rc = peel_attach_copy_files(from, to, copied, err);
    peel_store_close(to);
    return rc;
}

static int cmd_backup(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    int64_t copied = 0;

    if (argc != 2)
        return peel_err_set(err, PEEL_EINPUT, "usage: peel backup FILE");
    if (peel_store_backup(cli->store, argv[1], err) < 0)
        return -1;
    /* the papers beside it, each checked against its SHA-256 on the way */
    if (copy_files_to(cli->store, argv[1], &copied, err) < 0) {
        peel_err_prefix(err, "%s is incomplete and was removed", argv[1]);
        unlink(argv[1]);
        return -1;
    }
    if (!cli->quiet)
        fprintf(stderr, "backup written to %s, with %lld paper file%s\n", argv[1],
                (long long)copied, copied == 1 ? "" : "s");
    return 0;
}

typedef struct check_ctx {
    int problems;
} check_ctx;

static int check_line(void *ctx, const char *what, bool ok, const char *detail, peel_err *err)
{
    check_ctx *c = ctx;
    (void)err;
    c->problems += !ok;
    printf("%-8s %-13s %s\n", ok ? "ok" : "PROBLEM", what, detail);
    return 0;
}

static int cmd_check(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    check_ctx c = {0};

    if (peel_cli_parse(argc, argv, no_options, NULL, err) < 0)
        return -1;
    if (peel_store_check(cli->store, check_line, &c, err) < 0 ||
        peel_attach_check(cli->store, check_line, &c, err) < 0)
        return -1;
    if (c.problems)
        return peel_err_set(err, PEEL_EDB, "%d problem%s found", c.problems,
                            c.problems == 1 ? "" : "s");
    return 0;
}

/* `peel restore FILE`: the backup FILE (and its papers) becomes the
 * database at --db.  The backup is opened and checked first; the target
 * must not exist, unless --force, which keeps the old one beside it. */
static int cmd_restore(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    bool force = false;
    const peel_opt opts[] = {
        PEEL_OPTION("--force", PEEL_OPT_FLAG, &force, "replace an existing database"),
        PEEL_OPTION_END,
    };
    int npos = 0;
    peel_store *src = NULL;
    check_ctx c = {0};
    int64_t copied = 0;
    char kept[4200] = "";
    int rc = -1;

    if (peel_cli_parse(argc, argv, opts, &npos, err) < 0)
        return -1;
    if (npos != 1)
        return peel_err_set(err, PEEL_EINPUT, "usage: peel restore FILE [--force]");
    const char *from = argv[1];
    if (access(from, F_OK) != 0) {
        peel_err_set(err, PEEL_ENOTFOUND, "there is no backup %s", from);
        goto out;
    }
    if (peel_store_open(from, false, &src, err) < 0 || peel_store_require_current(src, err) < 0 ||
        peel_store_check(src, check_line, &c, err) < 0 ||
        peel_attach_check(src, check_line, &c, err) < 0)
        goto out;
    if (c.problems) {
        peel_err_set(err, PEEL_EINPUT, "the backup %s fails its check: nothing changed", from);
        goto out;
    }
    if (access(cli->db_path, F_OK) == 0) {
        if (!force) {
            peel_err_set(err, PEEL_EINPUT,
                         "%s exists: stop peel serve, then restore with --force (the "
                         "old database is kept beside it)",
                         cli->db_path);
            goto out;
        }
        char at[24];
        peel_clock_format(peel_clock_now(), at);
        snprintf(kept, sizeof kept, "%s.before-restore-%s", cli->db_path, at);
        if (rename(cli->db_path, kept) != 0) {
            peel_err_set(err, PEEL_EIO, "cannot move %s aside: %s", cli->db_path, strerror(errno));
            goto out;
        }
    }
    if (peel_store_backup(src, cli->db_path, err) < 0 ||
        copy_files_to(src, cli->db_path, &copied, err) < 0)
        goto out;
    if (!cli->quiet) {
        fprintf(stderr, "restored %s from %s, with %lld paper file%s\n", cli->db_path, from,
                (long long)copied, copied == 1 ? "" : "s");
        if (*kept)
            fprintf(stderr, "the database it replaced is kept as %s\n", kept);
    }
    rc = 0;
out:
    if (src)
        peel_store_close(src);
    return rc;
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
     "Copies records, audit trail, crime data and accounts into FILE, which must not\n"
     "exist, and the papers' files into FILE's folder (x.db -> x.files/), each checked\n"
     "against its SHA-256, while peel serve goes on.  Personal data erased before the\n"
     "backup is not in it; restore by serving the copy (--db FILE).\n",
     PEEL_CMD_STORE_OWN, cmd_backup},
    {"restore", "restore FILE [--force]", "make a backup the database again",
     "Checks the backup FILE (as peel check does) and copies it, with its papers, to the\n"
     "database (--db).  An existing database is refused unless --force, which moves it\n"
     "aside (PATH.before-restore-TIME) rather than deleting it; stop peel serve first.\n",
     PEEL_CMD_NO_STORE, cmd_restore},
    {"check", "check", "check the database, its audit trail and its papers",
     "The database file's integrity (SQLite's integrity check), every reference finding\n"
     "its row, the audit trail whole (its rows numbered from 1 with none missing: rows\n"
     "are never deleted), and every paper's file present and matching its SHA-256.\n"
     "Reads only.  Exit status 0 when all hold, 1 with each problem listed.\n",
     PEEL_CMD_STORE, cmd_check},
    {"copy", "copy --from DB --to DB", "copy a whole database into a new one, and compare",
     "Copies every record (same ids and time stamps), the audit trail (numbered as it\n"
     "was), lifecycle history, attachment metadata and crime data from --from into\n"
     "--to, each a SQLite file or a postgresql:// URI; the search index is rebuilt.\n"
     "The target must hold nothing (a new file, or a freshly initialised database).\n"
     "Then both are counted and checksummed (BLAKE2b) per type, side by side; exit\n"
     "status 1 if anything differs.  Meta notes and accounts' second factors go too.\n"
     "Not copied, and said: attachment files to or from PostgreSQL (between SQLite\n"
     "files they go beside the target) and API tokens; sessions are not copied.\n",
     PEEL_CMD_NO_STORE, peel_cli_copy},
    {NULL, NULL, NULL, NULL, 0, NULL},
};
