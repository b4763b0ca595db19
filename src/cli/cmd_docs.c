/* cmd_docs.c - `peel attach`, `peel attachments` and `peel search`: the
 * papers of a record and the search, for the command's reader (--as), the
 * same functions the web's pages call (model/attach.h, model/search.h). */
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/table.h"
#include "core/date.h"
#include "core/str.h"
#include "model/attach.h"
#include "model/search.h"

static int type_for(peel_cli *cli, const char *name, bool write, const peel_type **t, peel_err *err)
{
    const void *p;
    if (peel_cli_type_arg(name, &p, err) < 0)
        return -1;
    *t = p;
    if (!peel_reader_type_readable(cli->reader, *t))
        return peel_err_set(err, PEEL_EINPUT, "this reader cannot see %s", (*t)->plural);
    if (write && !peel_reader_type_writable(cli->reader, *t))
        return peel_err_set(err, PEEL_EINPUT, "this reader cannot change %s", (*t)->plural);
    if (!(*t)->attachments)
        return peel_err_set(err, PEEL_EINPUT, "%s records do not take papers", (*t)->label);
    return 0;
}

static int cmd_attach(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    const char *title = NULL, *kind = NULL, *date = NULL;
    long long max_mb = 0;
    const peel_opt opts[] = {
        PEEL_OPTION("--title", PEEL_OPT_STRING, &title, "the paper's title"),
        PEEL_OPTION("--kind", PEEL_OPT_STRING, &kind,
                    "agenda, report, minutes, appendix, decision or other"),
        PEEL_OPTION("--date", PEEL_OPT_STRING, &date, "a date, 2023-07-26 or 26/07/2023"),
        PEEL_OPTION_INT("--max-mb", &max_mb, "megabytes, 1 to 1024", 1, 1024),
        PEEL_OPTION_END,
    };
    const peel_type *t;
    int npos = 0, fd = -1, rc = -1;
    int64_t rid, id = 0;
    struct stat sb;
    void *map = NULL;
    peel_fielderrs fe = {0};
    size_t cap;

    if (peel_cli_parse(argc, argv, opts, &npos, err) < 0)
        return -1;
    if (npos != 3)
        return peel_err_set(err, PEEL_EINPUT,
                            "usage: peel attach TYPE KEY FILE --title T --kind K [--date D]");
    if (type_for(cli, argv[1], true, &t, err) < 0 ||
        peel_reader_lookup(cli->store, cli->reader, t, argv[2], &rid, err) < 0)
        return -1;
    cap = max_mb ? (size_t)max_mb << 20 : PEEL_ATTACH_MAX_DEFAULT;
    fd = open(argv[3], O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &sb) < 0) {
        peel_err_set(err, PEEL_EIO, "%s: cannot read it", argv[3]);
        goto out;
    }
    if (!S_ISREG(sb.st_mode)) {
        peel_err_set(err, PEEL_EINPUT, "%s: not a file", argv[3]);
        goto out;
    }
    /* The cap before a byte is read. */
    if ((uint64_t)sb.st_size > cap) {
        peel_err_set(err, PEEL_EINPUT, "%s: %lld bytes, more than the %zu MiB allowed", argv[3],
                     (long long)sb.st_size, cap >> 20);
        goto out;
    }
    if (sb.st_size > 0 &&
        (map = mmap(NULL, (size_t)sb.st_size, PROT_READ, MAP_PRIVATE, fd, 0)) == MAP_FAILED) {
        map = NULL;
        peel_err_set(err, PEEL_EIO, "%s: cannot read it", argv[3]);
        goto out;
    }
    peel_attach_new a = {
        .type = t,
        .record_id = rid,
        .data = map ? map : "",
        .len = (size_t)sb.st_size,
        .filename = argv[3],
        .title = title,
        .kind = kind,
        .date = date,
        .max_bytes = cap,
    };
    if (peel_attach_add(cli->store, cli->user, &a, &id, &fe, err) < 0) {
        for (size_t i = 0; fe.n > 1 && i < fe.n; i++)
            fprintf(stderr, "  %s%s%s\n", fe.e[i].field ? fe.e[i].field : "",
                    fe.e[i].field ? ": " : "", fe.e[i].msg);
        goto out;
    }
    if (!cli->quiet)
        printf("attached paper %lld to %s %s\n", (long long)id, t->name, argv[2]);
    rc = 0;
out:
    if (map)
        munmap(map, (size_t)sb.st_size);
    if (fd >= 0)
        close(fd);
    return rc;
}

static int attachment_row(void *ctx, const peel_attachment *a, peel_err *err)
{
    peel_table *tb = ctx;
    (void)err;
    peel_table_row_begin(tb);
    peel_table_cellf(tb, "%lld", (long long)a->id);
    peel_table_cell(tb, a->title);
    peel_table_cell(tb, a->kind);
    peel_table_cell(tb, a->date ? a->date : "");
    peel_table_cellf(tb, "%lld", (long long)a->size);
    peel_table_cell(tb, a->format);
    peel_table_cell(tb, a->filename);
    return 0;
}

static int cmd_attachments(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    const peel_type *t;
    int64_t rid;
    peel_table *tb;
    int rc;

    if (argc != 3)
        return peel_err_set(err, PEEL_EINPUT, "usage: peel attachments TYPE KEY");
    if (type_for(cli, argv[1], false, &t, err) < 0 ||
        peel_reader_lookup(cli->store, cli->reader, t, argv[2], &rid, err) < 0)
        return -1;
    tb = peel_table_new();
    peel_table_header(tb, "id");
    peel_table_header(tb, "title");
    peel_table_header(tb, "kind");
    peel_table_header(tb, "date");
    peel_table_header(tb, "bytes");
    peel_table_header(tb, "format");
    peel_table_header(tb, "file name");
    rc = peel_docs_attachment_list(cli->store, t->name, rid, attachment_row, tb, err);
    if (rc == 0) {
        if (peel_table_rows(tb) == 0)
            printf("no papers are attached to %s %s\n", t->name, argv[2]);
        else
            peel_table_print(tb, stdout);
    }
    peel_table_free(tb);
    return rc;
}

static int keep_attachment(void *ctx, const peel_attachment *a, peel_err *err)
{
    peel_attachment *out = ctx;
    (void)err;
    *out = *a;
    out->type = peel_str_dup(peel_str_c(a->type));
    out->sha256 = peel_str_dup(peel_str_c(a->sha256));
    out->title = peel_str_dup(peel_str_c(a->title));
    out->filename = peel_str_dup(peel_str_c(a->filename));
    return out->type && out->sha256 && out->title && out->filename
               ? 0
               : peel_err_set(err, PEEL_ENOMEM, "out of memory reading an attachment");
}

static int cmd_detach(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    peel_attachment a = {0};
    const peel_type *t;
    long long id;
    bool visible = false;
    int rc = -1, found = 0;

    if (argc != 2)
        return peel_err_set(err, PEEL_EINPUT, "usage: peel detach ATTACHMENT-ID");
    if (peel_str_to_i64(peel_str_c(argv[1]), &id) && id > 0) {
        found = peel_docs_attachment_get(cli->store, id, keep_attachment, &a, err);
        if (found > 0 && peel_attach_visible(cli->store, cli->reader, &a, &visible, err) < 0)
            found = -1;
    }
    if (found < 0)
        goto out;
    /* A paper the reader may not see is answered as one that is not there. */
    if (!found || !visible) {
        peel_err_set(err, PEEL_ENOTFOUND,
                     "there is no attachment '%.40s' (`peel attachments TYPE KEY` lists ids)",
                     argv[1]);
        goto out;
    }
    if (type_for(cli, a.type, true, &t, err) < 0 ||
        peel_attach_remove(cli->store, cli->user, &a, err) < 0)
        goto out;
    printf("removed paper %lld \"%s\" from %s %lld\n", (long long)a.id, a.title, t->name,
           (long long)a.record_id);
    rc = 0;
out:
    free((char *)a.type);
    free((char *)a.sha256);
    free((char *)a.title);
    free((char *)a.filename);
    return rc;
}

static void plain(const char *s, FILE *out)
{
    for (; *s; s++)
        if (*s == '\x01' || *s == '\x02')
            fputc('*', out);
        else if (*s == '\n' || *s == '\r' || *s == '\t')
            fputc(' ', out);
        else
            fputc(*s, out);
}

static int cmd_search(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    const char *type = NULL;
    bool reindex = false;
    peel_date from = PEEL_CLI_NO_DATE, to = PEEL_CLI_NO_DATE;
    long long page = 1;
    enum peel_format fmt = PEEL_FORMAT_TABLE;
    const peel_opt opts[] = {
        PEEL_OPTION("--type", PEEL_OPT_STRING, &type, "a record type"),
        PEEL_OPTION("--from", PEEL_OPT_DATE, &from, "a date"),
        PEEL_OPTION("--to", PEEL_OPT_DATE, &to, "a date"),
        PEEL_OPTION_INT("--page", &page, "a page number, 1 to 1000", 1, 1000),
        PEEL_OPTION("--reindex", PEEL_OPT_FLAG, &reindex, NULL),
        PEEL_OPTION("--format", PEEL_OPT_FORMAT, &fmt, "table or json"),
        PEEL_OPTION_END,
    };
    int npos = 0;
    peel_buf words = PEEL_BUF_INIT;
    peel_search_q q = {.page = (int)page};
    peel_search_results res = {0};
    char f[11], tt[11];

    if (peel_cli_parse(argc, argv, opts, &npos, err) < 0)
        return -1;
    if (reindex) {
        int64_t nr, np;
        if (npos)
            return peel_err_set(err, PEEL_EINPUT, "search --reindex takes no words");
        if (!peel_reader_sees_sensitive(cli->reader))
            return peel_err_set(err, PEEL_EINPUT, "this reader cannot rebuild the search index");
        if (peel_search_reindex(cli->store, &nr, &np, err) < 0)
            return -1;
        if (!cli->quiet)
            printf("search index rebuilt: %lld records, %lld papers\n", (long long)nr,
                   (long long)np);
        return 0;
    }
    if (!npos)
        return peel_err_set(err, PEEL_EINPUT, "usage: peel search WORDS [--type T]");
    for (int i = 1; i <= npos; i++)
        peel_buf_printf(&words, "%s%s", i > 1 ? " " : "", argv[i]);
    q.words = peel_buf_str(&words);
    q.page = (int)page;
    if (type) {
        q.type = peel_type_find(type);
        if (!q.type || !q.type->search || !peel_reader_type_readable(cli->reader, q.type)) {
            peel_buf_release(&words);
            return peel_err_set(err, PEEL_EINPUT, "--type: there is nothing called '%s' to search",
                                type);
        }
    }
    if (from != PEEL_CLI_NO_DATE) {
        peel_date_format(from, f);
        q.from = f;
    }
    if (to != PEEL_CLI_NO_DATE) {
        peel_date_format(to, tt);
        q.to = tt;
    }
    if (peel_search_run(cli->store, cli->reader, &q, &res, err) < 0) {
        peel_buf_release(&words);
        return -1;
    }
    if (fmt == PEEL_FORMAT_JSON) {
        json_t *data = json_array();
        for (size_t i = 0; i < res.n; i++) {
            const peel_search_result *h = &res.v[i];
            json_array_append_new(
                data, json_pack("{s:s,s:I,s:s,s:o,s:s?,s:s,s:s?,s:s}", "type", h->type->name, "id",
                                (json_int_t)h->record_id, "title", h->title, "attachment",
                                h->attachment ? json_integer(h->attachment) : json_null(), "paper",
                                h->paper, "matched", h->field_label, "date",
                                h->day[0] ? h->day : NULL, "snippet", h->snippet));
        }
        json_t *o = json_pack("{s:o,s:I}", "data", data, "total", (json_int_t)res.total);
        char *s = json_dumps(o, JSON_INDENT(2));
        if (s)
            puts(s);
        free(s);
        json_decref(o);
    } else {
        printf("%lld result%s\n", (long long)res.total, res.total == 1 ? "" : "s");
        for (size_t i = 0; i < res.n; i++) {
            const peel_search_result *h = &res.v[i];
            if (h->attachment)
                printf("\n%s (paper %lld of %s %lld: %s)", h->paper ? h->paper : "paper",
                       (long long)h->attachment, h->type->name, (long long)h->record_id, h->title);
            else
                printf("\n%s (%s %lld, %s)", h->title, h->type->name, (long long)h->record_id,
                       h->field_label);
            if (h->day[0])
                printf(" %s", h->day);
            if (h->sensitive)
                printf("  [OFFICIAL-SENSITIVE]");
            printf("\n  ");
            plain(h->snippet, stdout);
            printf("\n");
        }
    }
    peel_search_results_release(&res);
    peel_buf_release(&words);
    return 0;
}

const peel_cmd peel_cmds_docs[] = {
    {"attach", "attach TYPE KEY FILE --title T --kind K [--date D] [--max-mb N]",
     "attach a paper (PDF, Word, OpenDocument, spreadsheet, CSV, image) to a record",
     "The file's type is read from its bytes; a name that says otherwise is refused.\n"
     "Kinds: agenda, report, minutes, appendix, decision, other.  The file is kept\n"
     "once however often it is attached: beside a SQLite database (peel.db ->\n"
     "peel.files/), inside a PostgreSQL one.  A PDF's text is read for search.\n"
     "Largest file 50 MiB unless --max-mb.\n",
     PEEL_CMD_STORE, cmd_attach},
    {"attachments", "attachments TYPE KEY", "list the papers attached to a record",
     "Shown to the command's reader (--as) only when it may open the record.\n", PEEL_CMD_STORE,
     cmd_attachments},
    {"detach", "detach ATTACHMENT-ID", "take a paper off its record",
     "The id is the one `peel attachments TYPE KEY` lists.  The file itself is\n"
     "deleted when no other record holds the same bytes; the record's history says\n"
     "the paper was removed.\n",
     PEEL_CMD_STORE_OWN, cmd_detach},
    {"search", "search WORDS [--type T] [--from D] [--to D] [--page N] [--format json] | --reindex",
     "search records and the text of PDF papers",
     "Every word must appear.  Results are ranked, with the text around the words\n"
     "(*marked*), and only what the command's reader (--as public|panel|staff) may open\n"
     "is shown or counted.  --reindex rebuilds the index from the records and files.\n",
     PEEL_CMD_STORE, cmd_search},
    {NULL, NULL, NULL, NULL, 0, NULL},
};
