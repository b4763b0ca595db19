/* cmd_register.c - the accountability register's commands: actions (the
 * action tracker), calendar (the statutory calendar and its .ics), report
 * (the CGB report to the Panel, the work programme, recommendations) and
 * hmicfrs (the 56-day figure for a financial year).  The figures come from
 * src/domain/register_*.c; this file parses arguments and prints. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/table.h"
#include "core/clock.h"
#include "core/csv.h"
#include "domain/register.h"

/* ---- argument helpers ---- */

static int write_file(const char *path, const peel_buf *b, peel_err *err)
{
    FILE *f;
    if (!strcmp(path, "-")) {
        fwrite(peel_buf_str(b), 1, b->len, stdout);
        return 0;
    }
    if (!(f = fopen(path, "wb")))
        return peel_err_set(err, PEEL_EIO, "cannot write %s", path);
    if (fwrite(peel_buf_str(b), 1, b->len, f) != b->len) {
        fclose(f);
        return peel_err_set(err, PEEL_EIO, "writing %s failed", path);
    }
    if (fclose(f) != 0)
        return peel_err_set(err, PEEL_EIO, "writing %s failed", path);
    return 0;
}

/* Writes a CSV built by the register's one writer (the web page's too). */
static int print_buf(const peel_buf *b, int built, peel_err *err)
{
    if (built < 0)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory writing the CSV");
    fwrite(peel_buf_str(b), 1, b->len, stdout);
    return 0;
}

/* ---- actions ---- */

static int print_groups(const peel_reg_actions *a, enum peel_reg_by by, peel_date from,
                        peel_date to, peel_err *err)
{
    static const char *const titles[] = {"body", "owner", "organisation", "objective"};
    peel_reg_groups g;
    peel_table *t;
    if (peel_register_group(a, by, from, to, &g, err) < 0)
        return -1;
    if (!(t = peel_table_new())) {
        peel_register_groups_free(&g);
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    }
    peel_table_header(t, titles[by]);
    peel_table_header(t, "actions");
    peel_table_header(t, "open");
    peel_table_header(t, "overdue");
    peel_table_header(t, "completed");
    peel_table_header(t, "completed in period");
    peel_table_header(t, "red");
    peel_table_header(t, "amber");
    peel_table_header(t, "green");
    for (size_t i = 0; i < g.n; i++) {
        peel_table_row_begin(t);
        peel_table_cell(t, g.v[i].name);
        peel_table_cellf(t, "%lld", (long long)g.v[i].total);
        peel_table_cellf(t, "%lld", (long long)g.v[i].open);
        peel_table_cellf(t, "%lld", (long long)g.v[i].overdue);
        peel_table_cellf(t, "%lld", (long long)g.v[i].completed);
        peel_table_cellf(t, "%lld", (long long)g.v[i].completed_in_period);
        peel_table_cellf(t, "%lld", (long long)g.v[i].red);
        peel_table_cellf(t, "%lld", (long long)g.v[i].amber);
        peel_table_cellf(t, "%lld", (long long)g.v[i].green);
    }
    peel_table_print(t, stdout);
    peel_table_free(t);
    peel_register_groups_free(&g);
    return 0;
}

/* An action's dates as text, "" for a due date not recorded. */
typedef struct action_dates {
    char raised[11], due[11], since[11];
} action_dates;

static action_dates dates_of(const peel_reg_action *x)
{
    action_dates t = {.due = ""};
    peel_date_format(x->raised, t.raised);
    if (x->has_due)
        peel_date_format(x->due, t.due);
    peel_date_format(x->status_date, t.since);
    return t;
}

static int print_actions_json(const peel_reg_actions *a, peel_err *err)
{
    json_t *arr = json_array();
    char *text;
    if (!arr)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    for (size_t i = 0; i < a->n; i++) {
        const peel_reg_action *x = &a->v[i];
        action_dates dates = dates_of(x);
        json_array_append_new(
            arr, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:s,s:s,s:b,s:s,s:i,s:s}", "ref",
                           x->ref, "title", x->title, "arose_from", x->source, "body", x->body,
                           "meeting", x->meeting, "owner", x->owner, "organisation",
                           x->organisation, "raised", dates.raised, "due",
                           x->has_due ? json_string(dates.due) : json_null(), "status",
                           peel_action_statuses[x->status].value, "status_since", dates.since,
                           "overdue", x->overdue, "rag", peel_rag_name(x->rag), "age_days",
                           x->age_days, "objectives", x->objectives));
    }
    text = json_dumps(arr, JSON_INDENT(2) | JSON_ENSURE_ASCII);
    json_decref(arr);
    if (!text)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    printf("%s\n", text);
    free(text);
    return 0;
}

static int print_actions_table(const peel_reg_actions *a, peel_err *err)
{
    peel_table *t = peel_table_new();
    char asof[32];
    size_t open = 0, overdue = 0;
    if (!t)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    peel_table_header(t, "ref");
    peel_table_header(t, "action");
    peel_table_header(t, "owner");
    peel_table_header(t, "raised");
    peel_table_header(t, "due");
    peel_table_header(t, "status");
    peel_table_header(t, "since");
    peel_table_header(t, "RAG");
    peel_table_header(t, "age (days)");
    for (size_t i = 0; i < a->n; i++) {
        const peel_reg_action *x = &a->v[i];
        action_dates dates = dates_of(x);
        peel_table_row_begin(t);
        peel_table_cell(t, x->ref);
        peel_table_cell(t, x->title);
        peel_table_cell(t, x->owner);
        peel_table_cell(t, dates.raised);
        peel_table_cell(t, x->has_due ? dates.due : "not recorded");
        peel_table_cellf(t, "%s%s", peel_action_statuses[x->status].label,
                         x->overdue ? " (overdue)" : "");
        peel_table_cell(t, dates.since);
        peel_table_cell(t, *peel_rag_name(x->rag) ? peel_rag_name(x->rag) : "-");
        peel_table_cellf(t, "%d", x->age_days);
        open += !peel_action_status_closed(x->status);
        overdue += x->overdue;
    }
    peel_table_print(t, stdout);
    peel_table_free(t);
    peel_date_format_long(a->asof, asof);
    printf("\n%zu action%s, %zu open, %zu overdue, on %s.\n", a->n, a->n == 1 ? "" : "s", open,
           overdue, asof);
    return 0;
}

static int cmd_actions(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    peel_reg_action_filter f = {.reader = cli->reader, .asof = peel_clock_today()};
    peel_reg_actions a;
    enum peel_format format = PEEL_FORMAT_TABLE;
    const char *by_name = NULL;
    peel_date from = PEEL_CLI_NO_DATE, to = PEEL_CLI_NO_DATE;
    peel_buf csv = PEEL_BUF_INIT;
    int by = -1, rc = 0;
    const peel_opt opts[] = {
        PEEL_OPTION("--overdue", PEEL_OPT_FLAG, &f.overdue_only, NULL),
        PEEL_OPTION("--open", PEEL_OPT_FLAG, &f.open_only, NULL),
        PEEL_OPTION("--include-sensitive", PEEL_OPT_FLAG, &f.include_sensitive, NULL),
        PEEL_OPTION("--body", PEEL_OPT_STRING, &f.body, "a board or panel's name"),
        PEEL_OPTION("--owner", PEEL_OPT_STRING, &f.owner, "an owner's name"),
        PEEL_OPTION("--organisation", PEEL_OPT_STRING, &f.organisation, "an organisation"),
        PEEL_OPTION("--objective", PEEL_OPT_STRING, &f.objective, "a plan objective's name"),
        PEEL_OPTION("--meeting", PEEL_OPT_STRING, &f.meeting, "a meeting's reference"),
        PEEL_OPTION("--format", PEEL_OPT_FORMAT, &format, "table, csv or json"),
        PEEL_OPTION("--by", PEEL_OPT_STRING, &by_name, "body, owner, organisation or objective"),
        PEEL_OPTION("--as-of", PEEL_OPT_DATE, &f.asof, "a date"),
        PEEL_OPTION("--from", PEEL_OPT_DATE, &from, "a date"),
        PEEL_OPTION("--to", PEEL_OPT_DATE, &to, "a date"),
        PEEL_OPTION_END,
    };

    if (peel_cli_parse(argc, argv, opts, NULL, err) < 0)
        return -1;
    if (by_name && (by = peel_register_by_parse(by_name)) < 0)
        return peel_err_set(err, PEEL_EINPUT,
                            "--by: '%s' is not one of body, owner, organisation, objective",
                            by_name);
    if (by >= 0 && format == PEEL_FORMAT_JSON)
        return peel_err_set(err, PEEL_EINPUT, "--by: the counts by group are a table or csv");
    if (to == PEEL_CLI_NO_DATE)
        to = f.asof;
    if (from == PEEL_CLI_NO_DATE)
        from = peel_fy_first_day(peel_fy_of_date(to));
    if (from > to)
        return peel_err_set(err, PEEL_EINPUT, "--from is after --to");
    if (peel_register_actions(cli->store, &f, &a, err) < 0)
        return -1;

    if (format == PEEL_FORMAT_CSV)
        peel_cli_csv_begin(cli);
    if (by >= 0 && format == PEEL_FORMAT_CSV) {
        peel_reg_groups g;
        rc = peel_register_group(&a, (enum peel_reg_by)by, from, to, &g, err);
        if (rc == 0)
            rc = print_buf(&csv, peel_register_groups_csv(&g, (enum peel_reg_by)by, &csv), err);
        peel_register_groups_free(&g);
    } else if (by >= 0) {
        rc = print_groups(&a, (enum peel_reg_by)by, from, to, err);
    } else if (format == PEEL_FORMAT_JSON) {
        rc = print_actions_json(&a, err);
    } else if (format == PEEL_FORMAT_CSV) {
        rc = print_buf(&csv, peel_register_actions_csv(&a, &csv), err);
    } else {
        rc = print_actions_table(&a, err);
    }
    peel_register_actions_free(&a);
    peel_buf_release(&csv);
    return rc;
}

/* ---- calendar ---- */

static int cmd_calendar(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    long long year = 0;
    const char *ics = NULL;
    peel_reg_calendar c;
    int rc = 0;
    const peel_opt opts[] = {
        PEEL_OPTION_INT("--year", &year, "a year", 1900, 2999),
        PEEL_OPTION("--ics", PEEL_OPT_STRING, &ics, "a file, or - for standard output"),
        PEEL_OPTION_END,
    };

    if (peel_cli_parse(argc, argv, opts, NULL, err) < 0)
        return -1;
    if (!year) {
        int y, m, d;
        peel_date_to_ymd(peel_clock_today(), &y, &m, &d);
        year = y;
    }
    if (peel_register_calendar(cli->store, cli->reader, (int)year, &c, err) < 0)
        return -1;
    if (ics) {
        peel_buf b = PEEL_BUF_INIT;
        if (peel_register_ics(&c, &b) < 0)
            rc = peel_err_set(err, PEEL_ENOMEM, "out of memory writing the calendar");
        else
            rc = write_file(ics, &b, err);
        peel_buf_release(&b);
        if (rc == 0 && strcmp(ics, "-") && !cli->quiet)
            printf("%s: %zu entries for %lld\n", ics, c.n, year);
    } else {
        peel_table *t = peel_table_new();
        if (!t) {
            peel_register_calendar_free(&c);
            return peel_err_set(err, PEEL_ENOMEM, "out of memory");
        }
        peel_table_header(t, "date");
        peel_table_header(t, "time");
        peel_table_header(t, "kind");
        peel_table_header(t, "what");
        peel_table_header(t, "note");
        for (size_t i = 0; i < c.n; i++) {
            char d[11];
            peel_date_format(c.v[i].date, d);
            peel_table_row_begin(t);
            peel_table_cell(t, d);
            peel_table_cell(t, c.v[i].time);
            peel_table_cell(t, c.v[i].kind);
            peel_table_cellf(t, "%s%s", c.v[i].summary, c.v[i].tentative ? " [if vetoed]" : "");
            peel_table_cell(t, c.v[i].note);
        }
        peel_table_print(t, stdout);
        peel_table_free(t);
    }
    peel_register_calendar_free(&c);
    return rc;
}

/* ---- report ---- */

static int cmd_report(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    peel_reg_report_opts o = {.asof = peel_clock_today(), .reader = cli->reader};
    const char *out = NULL, *body = NULL, *what;
    bool text = false;
    peel_doc d;
    peel_buf b = PEEL_BUF_INIT;
    int rc;

    peel_date from = PEEL_CLI_NO_DATE, to = PEEL_CLI_NO_DATE;
    int npos = 0;
    const peel_opt opts[] = {
        PEEL_OPTION("--internal", PEEL_OPT_FLAG, &o.internal, NULL),
        PEEL_OPTION("--text", PEEL_OPT_FLAG, &text, NULL),
        PEEL_OPTION("--from", PEEL_OPT_DATE, &from, "a date"),
        PEEL_OPTION("--to", PEEL_OPT_DATE, &to, "a date"),
        PEEL_OPTION("--as-of", PEEL_OPT_DATE, &o.asof, "a date"),
        PEEL_OPTION("--out", PEEL_OPT_STRING, &out, "a file, or - for standard output"),
        PEEL_OPTION("--body", PEEL_OPT_STRING, &body, "a board or panel's name"),
        PEEL_OPTION_END,
    };

    if (peel_cli_parse(argc, argv, opts, &npos, err) < 0)
        return -1;
    if (npos != 1)
        return peel_err_set(err, PEEL_EINPUT,
                            npos ? "say one report: cgb, work-programme or "
                                   "recommendations"
                                 : "say which report: cgb, work-programme or "
                                   "recommendations");
    what = argv[1];
    o.from = from;
    o.to = to;
    if (!strcmp(what, "cgb")) {
        if (from == PEEL_CLI_NO_DATE || to == PEEL_CLI_NO_DATE)
            return peel_err_set(err, PEEL_EINPUT, "report cgb needs --from DATE and --to DATE");
        if (o.from > o.to)
            return peel_err_set(err, PEEL_EINPUT, "--from is after --to");
        if (o.internal && !peel_reader_sees_sensitive(cli->reader))
            return peel_err_set(err, PEEL_EINPUT,
                                "--internal: this reader sees only the public "
                                "version");
        o.body = body;
        rc = peel_register_report_cgb(cli->store, &o, &d, err);
    } else if (!strcmp(what, "work-programme")) {
        rc = peel_register_work_programme(cli->store, cli->reader, body, &d, err);
    } else if (!strcmp(what, "recommendations")) {
        rc = peel_register_recommendations(cli->store, cli->reader, o.asof, &d, err);
    } else {
        return peel_err_set(err, PEEL_EINPUT,
                            "'%s' is not a report (cgb, work-programme, recommendations)", what);
    }
    if (rc < 0)
        return -1;
    if (text || (!out && strcmp(what, "cgb")))
        rc = peel_doc_text(&d, &b);
    else
        rc = peel_doc_html(&d, &b);
    peel_doc_free(&d);
    if (rc < 0) {
        peel_buf_release(&b);
        return peel_err_set(err, PEEL_ENOMEM, "out of memory rendering the report");
    }
    rc = write_file(out ? out : "-", &b, err);
    if (rc == 0 && out && strcmp(out, "-") && !cli->quiet)
        fprintf(stderr, "%s: written (%s version)\n", out, o.internal ? "internal" : "public");
    peel_buf_release(&b);
    return rc;
}

/* ---- hmicfrs ---- */

static int cmd_hmicfrs(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    peel_fy fy = peel_fy_of_date(peel_clock_today());
    peel_reg_hmicfrs h;
    peel_table *t;
    char fys[8];

    const peel_opt opts[] = {
        PEEL_OPTION("--year", PEEL_OPT_FY, &fy, "a financial year such as 2022-23"),
        PEEL_OPTION_END,
    };

    if (peel_cli_parse(argc, argv, opts, NULL, err) < 0)
        return -1;
    if (peel_register_hmicfrs(cli->store, cli->reader, fy, &h, err) < 0)
        return -1;
    peel_fy_format(fy, fys);
    if (!(t = peel_table_new())) {
        peel_register_hmicfrs_free(&h);
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    }
    peel_table_header(t, "publication");
    peel_table_header(t, "kind");
    peel_table_header(t, "published");
    peel_table_header(t, "response due");
    peel_table_header(t, "responded");
    peel_table_header(t, "days");
    peel_table_header(t, "within 56 days");
    for (size_t i = 0; i < h.n; i++) {
        const peel_reg_pub *p = &h.v[i];
        char a[11] = "", b[11] = "", c[11] = "";
        if (p->has_published) {
            peel_date_format(p->published, a);
            peel_date_format(p->due, b);
        }
        if (p->has_response)
            peel_date_format(p->response, c);
        peel_table_row_begin(t);
        peel_table_cell(t, p->title);
        peel_table_cell(t, p->kind);
        peel_table_cell(t, p->has_published ? a : "not recorded");
        peel_table_cell(t, b);
        peel_table_cell(t, p->has_response ? c : "not recorded");
        if (p->has_published && p->has_response)
            peel_table_cellf(t, "%d", p->days);
        else
            peel_table_cell(t, "");
        peel_table_cell(t, p->has_published && p->has_response ? (p->within ? "yes" : "no")
                                                               : "unknown");
    }
    printf("HMICFRS responses counted in %s\n\n", fys);
    peel_table_print(t, stdout);
    peel_table_free(t);

    /* The sentences come with the figures (register_hmicfrs.c), so the web
     * page and this command give the same reasons. */
    printf("\nComputed by peel from the recorded dates:\n  %s\n", h.computed);
    if (*h.undated)
        printf("  %s\n", h.undated);
    printf("\nWhat the papers print for the year is reconciled by `peel figures`.\n");
    peel_register_hmicfrs_free(&h);
    return 0;
}

const peel_cmd peel_cmds_register[] = {
    {"actions",
     "actions [--overdue] [--open] [--body NAME] [--owner NAME] [--organisation ORG] "
     "[--objective NAME] [--meeting REF] [--as-of DATE] [--by body|owner|organisation|objective "
     "[--from DATE] [--to DATE]] [--include-sensitive] [--format table|csv|json]",
     "the action tracker: open, overdue and completed actions with RAG and ageing",
     "Each action's status is the latest of its dated status changes on the day\n"
     "(--as-of, default today).  Overdue: due before that day and not completed or\n"
     "cancelled.  RAG: red when overdue; amber when due within 14 days or no due\n"
     "date is recorded; green otherwise; none when closed (docs/METHODS.md).\n"
     "--by counts actions by body, owner, organisation or plan objective, with those\n"
     "completed from --from (default the start of the financial year) to --to.\n"
     "OFFICIAL-SENSITIVE actions are left out unless --include-sensitive.\n",
     PEEL_CMD_STORE, cmd_actions},
    {"calendar", "calendar [--year YEAR] [--ics FILE]",
     "the statutory calendar: precept timetable, HMICFRS deadlines, responses, meetings",
     "Lists the year's statutory dates (default this year).  --ics FILE writes them as\n"
     "iCalendar for Outlook or Google Calendar ('-' for standard output).\n",
     PEEL_CMD_STORE, cmd_calendar},
    {"report",
     "report cgb --from DATE --to DATE [--as-of DATE] [--out FILE.html] [--internal] [--text]\n"
     "       report work-programme [--body NAME] | report recommendations [--as-of DATE]",
     "the CGB report to the Panel (HTML), the work programme, recommendations",
     "report cgb: per meeting of the Corporate Governance Board (--body for another)\n"
     "between --from and --to, attendance, each item's overview, force update and PCC\n"
     "response, then the actions arising with their status on --as-of (default today).\n"
     "The public version shows an OFFICIAL-SENSITIVE item as its title and the words\n"
     "\"" PEEL_REGISTER_WITHHELD "\"; --internal includes them.\n",
     PEEL_CMD_STORE, cmd_report},
    {"hmicfrs", "hmicfrs [--year 2022-23]",
     "HMICFRS responses within 56 days for a financial year, beside the printed figure",
     "Counts the PCC's responses in the financial year (by the response date, else the\n"
     "publication's response_fy) and how many were published within 56 days of the\n"
     "report; shows the figure a paper printed for the year beside it.\n",
     PEEL_CMD_STORE, cmd_hmicfrs},
    {NULL, NULL, NULL, NULL, 0, NULL},
};
