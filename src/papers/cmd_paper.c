/* cmd_paper.c - `peel paper list|sections|check|render|publish|pack`: the
 * Panel's papers generated from records (papers.h, out.h, pack.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app/module.h"
#include "cli/cli.h"
#include "cli/table.h"
#include "core/csv.h"
#include "figures/figure.h"
#include "model/crud.h"
#include "model/records.h"
#include "papers/out.h"
#include "papers/pack.h"
#include "papers/papers.h"

/* --as inside the subcommand ("peel paper render KEY --as public"), as the
 * global option does. */
static int reader_opt(peel_cli *cli, const char *as, peel_err *err)
{
    peel_role role;
    if (!as)
        return 0;
    if (!peel_reader_role_parse(as, &role))
        return peel_err_set(err, PEEL_EINPUT,
                            "paper: --as: '%s' is not one of public, panel, staff", as);
    cli->reader = peel_reader_of(role);
    return 0;
}

/* One row of a report, to the terminal's table and to its CSV alike. */
static void row(peel_table *t, peel_buf *csv, const char *const *cells, size_t n)
{
    peel_table_row_begin(t);
    for (size_t i = 0; i < n; i++)
        peel_table_cell(t, cells[i]);
    peel_csv_put_row(csv, cells, n);
}

static void head(peel_table *t, peel_buf *csv, const char *const *cells, size_t n)
{
    for (size_t i = 0; i < n; i++)
        peel_table_header(t, cells[i]);
    peel_csv_put_row(csv, cells, n);
}

static void print_csv(const peel_cli *cli, const peel_buf *csv)
{
    peel_cli_csv_begin(cli);
    fwrite(csv->data ? csv->data : "", 1, csv->len, stdout);
}

/* ---- list ---- */

static int cmd_list(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    enum peel_format format = PEEL_FORMAT_TABLE;
    const peel_opt opts[] = {PEEL_OPTION("--format", PEEL_OPT_FORMAT, &format, "table|csv|json"),
                             PEEL_OPTION_END};
    peel_records all = {0};
    peel_table *t;
    peel_buf csv = PEEL_BUF_INIT;
    json_t *arr = NULL;
    int rc = -1;

    if (peel_cli_parse_sub(argc, argv, opts, NULL, err) < 0 ||
        peel_records_load(cli->store, &peel_type_paper, &all, err) < 0)
        return -1;
    t = peel_table_new();
    arr = json_array();
    if (!t || !arr) {
        peel_err_set(err, PEEL_ENOMEM, "out of memory");
        goto done;
    }
    const char *cols[] = {"key",         "title",     "kind",    "meeting",
                          "report_date", "published", "figures", "blocking"};
    head(t, &csv, cols, 8);
    peel_table_align_right(t, 6);
    peel_table_align_right(t, 7);
    for (size_t i = 0; i < all.n; i++) {
        const peel_record *r = all.v[i];
        peel_paper p;
        peel_paper_figs figs;
        peel_buf meeting = PEEL_BUF_INIT;
        char day[11] = "";
        if (!peel_reader_record_visible(cli->reader, r))
            continue;
        if (peel_paper_load(cli->store, cli->reader, peel_rec_str(r, PEEL_PAPER_KEY), &p, err) < 0)
            goto done;
        if (peel_paper_figures(cli->store, cli->reader, &p, &figs, err) < 0) {
            peel_paper_release(&p);
            goto done;
        }
        if (peel_rec_has(r, PEEL_PAPER_MEETING) &&
            peel_reader_ref_text(cli->store, cli->reader,
                                 &peel_type_paper.fields[PEEL_PAPER_MEETING],
                                 &r->v[PEEL_PAPER_MEETING], &meeting, NULL, err) < 0) {
            peel_paper_figs_release(&figs);
            peel_paper_release(&p);
            goto done;
        }
        if (peel_rec_has(r, PEEL_PAPER_REPORT_DATE))
            peel_date_format((peel_date)peel_rec_int(r, PEEL_PAPER_REPORT_DATE), day);
        bool published = peel_rec_int(r, PEEL_PAPER_PUBLISH) != 0;
        char nf[24], nb[24];
        snprintf(nf, sizeof nf, "%zu", figs.n);
        snprintf(nb, sizeof nb, "%zu", figs.blocking);
        const char *cells[] = {peel_rec_str(r, PEEL_PAPER_KEY),
                               peel_rec_str(r, PEEL_PAPER_TITLE),
                               peel_rec_str(r, PEEL_PAPER_KIND),
                               peel_buf_str(&meeting),
                               day,
                               published ? "yes" : "no",
                               nf,
                               nb};
        row(t, &csv, cells, 8);
        json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s, s:s, s:b, s:I, s:I}", "key",
                                             peel_rec_str(r, PEEL_PAPER_KEY), "title",
                                             peel_rec_str(r, PEEL_PAPER_TITLE), "kind",
                                             peel_rec_str(r, PEEL_PAPER_KIND), "meeting",
                                             peel_buf_str(&meeting), "report_date", day,
                                             "published", published, "figures", (json_int_t)figs.n,
                                             "blocking", (json_int_t)figs.blocking));
        peel_buf_release(&meeting);
        peel_paper_figs_release(&figs);
        peel_paper_release(&p);
    }
    if (format == PEEL_FORMAT_JSON) {
        char *text = json_dumps(arr, JSON_INDENT(2));
        if (text)
            puts(text);
        free(text);
    } else if (format == PEEL_FORMAT_CSV) {
        print_csv(cli, &csv);
    } else if (!peel_table_rows(t)) {
        if (!cli->quiet)
            puts("No papers.");
    } else
        peel_table_print(t, stdout);
    rc = 0;
done:
    json_decref(arr);
    peel_buf_release(&csv);
    peel_table_free(t);
    peel_records_free(&all);
    return rc;
}

/* ---- sections ---- */

static int cmd_sections(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    const peel_opt opts[] = {PEEL_OPTION_END};
    peel_table *t;
    (void)cli;
    if (peel_cli_parse_sub(argc, argv, opts, NULL, err) < 0)
        return -1;
    t = peel_table_new();
    if (!t)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    peel_table_header(t, "view");
    peel_table_header(t, "module");
    peel_table_header(t, "what it shows");
    peel_table_header(t, "parameters");
    for (size_t m = 0; peel_modules[m]; m++)
        for (const peel_section_decl *d = peel_modules[m]->sections; d && d->name; d++) {
            peel_table_row_begin(t);
            peel_table_cell(t, d->name);
            peel_table_cell(t, peel_modules[m]->name);
            peel_table_cell(t, d->label);
            peel_table_cell(t, d->params ? d->params : "");
        }
    peel_table_print(t, stdout);
    peel_table_free(t);
    return 0;
}

/* ---- check ---- */

static int cmd_check(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    enum peel_format format = PEEL_FORMAT_TABLE;
    const char *as = NULL;
    int npos = 0;
    const peel_opt opts[] = {PEEL_OPTION("--format", PEEL_OPT_FORMAT, &format, "table|csv|json"),
                             PEEL_OPTION("--as", PEEL_OPT_STRING, &as, "public, panel or staff"),
                             PEEL_OPTION_END};
    peel_paper p;
    peel_paper_figs figs;
    peel_paper_findings found = {0};
    peel_doc d;
    peel_table *t = NULL;
    peel_buf csv = PEEL_BUF_INIT;
    int rc = -1;

    if (peel_cli_parse_sub(argc, argv, opts, &npos, err) < 0 || reader_opt(cli, as, err) < 0)
        return -1;
    if (npos != 1)
        return peel_err_set(err, PEEL_EINPUT, "paper check: say which paper (peel paper list)");
    if (peel_paper_load(cli->store, cli->reader, argv[2], &p, err) < 0)
        return -1;
    if (peel_paper_figures(cli->store, cli->reader, &p, &figs, err) < 0) {
        peel_paper_release(&p);
        return -1;
    }
    if (peel_paper_doc(cli->store, cli->reader, &p, &figs, &d, err) < 0)
        goto out_figs;
    if (peel_paper_rules(cli->store, cli->reader, &p, &d, &found, err) < 0)
        goto out_doc;
    if (format == PEEL_FORMAT_JSON) {
        json_t *o = json_object(), *fa = json_array(), *ra = json_array();
        for (size_t i = 0; i < figs.n; i++) {
            const peel_paper_fig *f = &figs.v[i];
            json_array_append_new(fa, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s?}", "key",
                                                peel_rec_str(f->fig, PEEL_FIG_KEY), "printed",
                                                peel_rec_str(f->fig, PEEL_FIG_PRINTED), "computed",
                                                f->res.computed, "status",
                                                peel_fstatus_name(f->res.status), "why",
                                                f->res.why ? f->res.why : "", "reason", f->reason));
        }
        for (size_t i = 0; i < found.n; i++)
            json_array_append_new(ra,
                                  json_pack("{s:s, s:b, s:s}", "rule", found.v[i].rule, "followed",
                                            found.v[i].followed, "finding", found.v[i].text));
        json_object_set_new(o, "paper", json_string(peel_rec_str(p.rec, PEEL_PAPER_KEY)));
        json_object_set_new(o, "figures", fa);
        json_object_set_new(o, "rules", ra);
        json_object_set_new(o, "blocking", json_integer((json_int_t)figs.blocking));
        char *text = json_dumps(o, JSON_INDENT(2));
        if (text)
            puts(text);
        free(text);
        json_decref(o);
        rc = 0;
        goto out_found;
    }
    t = peel_table_new();
    if (!t) {
        peel_err_set(err, PEEL_ENOMEM, "out of memory");
        goto out_found;
    }
    const char *cols[] = {"figure", "printed", "computed", "status", "why", "reason"};
    head(t, &csv, cols, 6);
    for (size_t i = 0; i < figs.n; i++) {
        const peel_paper_fig *f = &figs.v[i];
        const char *cells[] = {peel_rec_str(f->fig, PEEL_FIG_KEY),
                               peel_rec_str(f->fig, PEEL_FIG_PRINTED),
                               f->res.computed,
                               peel_fstatus_name(f->res.status),
                               f->res.why ? f->res.why : "",
                               f->reason ? f->reason : ""};
        row(t, &csv, cells, 6);
    }
    if (format == PEEL_FORMAT_CSV) {
        print_csv(cli, &csv);
        rc = 0;
        goto out_found;
    }
    if (figs.n)
        peel_table_print(t, stdout);
    else
        puts("The paper prints no figure peel holds.");
    for (size_t i = 0; i < found.n; i++)
        printf("%s rule %s: %s\n", found.v[i].followed ? "Follows" : "Does not follow",
               found.v[i].rule, found.v[i].text);
    if (figs.blocking)
        printf("Cannot be published: %zu figure%s differ%s or cannot be computed with no reason "
               "recorded.\n",
               figs.blocking, figs.blocking == 1 ? "" : "s", figs.blocking == 1 ? "s" : "");
    else
        printf("Every figure agrees or has a reason recorded: it can be published.\n");
    rc = 0;
out_found:
    peel_buf_release(&csv);
    peel_table_free(t);
    peel_paper_findings_release(&found);
out_doc:
    peel_doc_free(&d);
out_figs:
    peel_paper_figs_release(&figs);
    peel_paper_release(&p);
    return rc;
}

/* ---- render ---- */

static int cmd_render(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    const char *fmt = "html", *out = NULL, *as = NULL;
    int npos = 0;
    const peel_opt opts[] = {
        PEEL_OPTION("--format", PEEL_OPT_STRING, &fmt, "pdf|xlsx|html|csv|text"),
        PEEL_OPTION("--out", PEEL_OPT_STRING, &out, "FILE"),
        PEEL_OPTION("--as", PEEL_OPT_STRING, &as, "public, panel or staff"), PEEL_OPTION_END};
    enum peel_paper_format f;
    peel_buf buf = PEEL_BUF_INIT;
    int rc;

    if (peel_cli_parse_sub(argc, argv, opts, &npos, err) < 0 || reader_opt(cli, as, err) < 0)
        return -1;
    if (npos != 1)
        return peel_err_set(err, PEEL_EINPUT, "paper render: say which paper (peel paper list)");
    if (!peel_paper_format_parse(fmt, &f))
        return peel_err_set(err, PEEL_EINPUT,
                            "paper render: --format: '%s' is not one of pdf, xlsx, html, csv, "
                            "text",
                            fmt);
    if (!out && (f == PEEL_PAPER_PDF || f == PEEL_PAPER_XLSX))
        return peel_err_set(err, PEEL_EINPUT, "paper render: --format %s needs --out FILE", fmt);
    rc = peel_paper_render(cli->store, cli->reader, argv[2], f, out, &buf, err);
    if (rc == 0 && !out) {
        if (f == PEEL_PAPER_CSV)
            peel_cli_csv_begin(cli);
        fwrite(buf.data ? buf.data : "", 1, buf.len, stdout);
    } else if (rc == 0 && !cli->quiet)
        fprintf(stderr, "peel: wrote %s\n", out);
    peel_buf_release(&buf);
    return rc;
}

/* ---- publish ---- */

static int cmd_publish(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    int npos = 0;
    const peel_opt opts[] = {PEEL_OPTION_END};
    peel_fielderrs errs = {0};
    peel_record *r = NULL;
    int64_t id;
    bool changed = false;
    int rc;

    if (peel_cli_parse_sub(argc, argv, opts, &npos, err) < 0)
        return -1;
    if (npos != 1)
        return peel_err_set(err, PEEL_EINPUT, "paper publish: say which paper (peel paper list)");
    if (peel_reader_lookup(cli->store, cli->reader, &peel_type_paper, argv[2], &id, err) < 0 ||
        peel_store_get(cli->store, &peel_type_paper, id, &r, err) < 0)
        return -1;
    peel_value *v = &r->v[PEEL_PAPER_PUBLISH];
    peel_value_clear(v);
    v->set = true;
    v->i = 1;
    rc = peel_crud_update(cli->store, cli->user, r, &errs, &changed, err);
    if (rc < 0 && errs.n)
        peel_fielderrs_to_err(&errs, err);
    if (rc == 0 && !cli->quiet)
        printf(changed ? "Published %s.\n" : "%s was already published.\n", argv[2]);
    peel_record_free(r);
    return rc;
}

/* ---- pack ---- */

static int cmd_pack(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    const char *out = NULL, *as = NULL;
    bool attach = false;
    int npos = 0;
    const peel_opt opts[] = {PEEL_OPTION("--out", PEEL_OPT_STRING, &out, "DIRECTORY"),
                             PEEL_OPTION("--as", PEEL_OPT_STRING, &as, "public, panel or staff"),
                             PEEL_OPTION("--attach", PEEL_OPT_FLAG, &attach, NULL),
                             PEEL_OPTION_END};
    peel_pack_result res = {0};

    if (peel_cli_parse_sub(argc, argv, opts, &npos, err) < 0 || reader_opt(cli, as, err) < 0)
        return -1;
    if (npos != 1 || !out)
        return peel_err_set(err, PEEL_EINPUT,
                            "paper pack: say which meeting and where (peel paper pack MEETING "
                            "--out DIRECTORY)");
    if (attach)
        cli->reader = peel_reader_of(PEEL_ROLE_PUBLIC);
    if (peel_pack_write(cli->store, cli->reader, argv[2], out, &res, err) < 0)
        return -1;
    if (attach && peel_pack_attach(cli->store, cli->user, argv[2], &res, err) < 0) {
        peel_pack_result_release(&res);
        return -1;
    }
    if (!cli->quiet)
        printf("Wrote the pack of %s: %s (%zu items, %zu papers) and %s%s\n", argv[2], res.pdf,
               res.items, res.papers, res.zip,
               attach ? "; the pack is attached to the meeting" : "");
    peel_pack_result_release(&res);
    return 0;
}

static const struct {
    const char *name;
    int (*run)(peel_cli *cli, int argc, char **argv, peel_err *err);
} subcommands[] = {
    {"list", cmd_list},     {"sections", cmd_sections}, {"check", cmd_check},
    {"render", cmd_render}, {"publish", cmd_publish},   {"pack", cmd_pack},
};

static int cmd_paper(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    char names[200] = "";
    for (size_t i = 0; i < sizeof subcommands / sizeof subcommands[0]; i++) {
        if (argc >= 2 && !strcmp(argv[1], subcommands[i].name))
            return subcommands[i].run(cli, argc, argv, err);
        snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", i ? ", " : "",
                 subcommands[i].name);
    }
    return peel_err_set(err, PEEL_EINPUT, "paper: say one of %s (peel paper --help)", names);
}

const peel_cmd peel_cmds_papers[] = {
    {"paper",
     "paper list [--format table|csv|json] | paper sections | "
     "paper check KEY [--as READER] [--format table|csv|json] | "
     "paper render KEY --format pdf|xlsx|html|csv|text [--out FILE] [--as READER] | "
     "paper publish KEY | paper pack MEETING --out DIRECTORY [--as READER] [--attach]",
     "the Panel's papers generated from records: list, check, render, publish, agenda packs",
     "list: the papers the reader may open, with how many figures each prints and how many\n"
     "of those differ or cannot be computed with no reason recorded.\n"
     "sections: the views a generated section may name, and their parameters.\n"
     "check: every figure the paper prints, as printed and as computed from the records,\n"
     "with why they differ and any reason recorded; then each of the Panel's rules on\n"
     "reports (report_rule records) checked against the paper.\n"
     "render: the paper as the reader sees it (--as public: the public version; what is\n"
     "withheld from it is in no format): PDF and XLSX need --out; HTML, CSV and text go\n"
     "to standard output without it.\n"
     "publish: publishes the paper when every figure it prints agrees with the records or\n"
     "has a reason recorded (a figure_reason record); otherwise says which do not.\n"
     "pack: the meeting's agenda and each item's papers in order, as one PDF with\n"
     "bookmarks (pack.pdf), one PDF per paper and a zip of them all for the council's\n"
     "committee system, in DIRECTORY; --attach builds the public version and attaches\n"
     "pack.pdf to the meeting, so its page and feed list it.  Exit status 0; 2 on bad\n"
     "arguments or a paper that cannot be published.",
     PEEL_CMD_STORE, cmd_paper},
    {NULL, NULL, NULL, NULL, 0, NULL},
};
