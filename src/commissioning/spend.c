/* spend.c - the `spend` record type and the monthly publication of the
 * Specified Information Order (spend.h): the month's grants (grants.c)
 * and each other item of expenditure exceeding £500 paid in the month, for
 * the reader; `peel commissioning spend` and /commissioning/spend (with
 * its CSV).  Items of £500 or less are kept but not listed; how many the
 * reader may open is said, so none is silently dropped.  The Order gives
 * no fixed day: the list is due "as soon as practicable after the end of
 * the month", which the view states with the month's last day. */
#include "commissioning/spend.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/table.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/csv.h"
#include "core/money.h"
#include "core/str.h"
#include "core/vec.h"
#include "model/record.h"
#include "model/records.h"
#include "render/html.h"

/* ---- the record type ---- */

static const peel_option spenders[] = {
    {"pcc", "The Police and Crime Commissioner"},
    {"chief_constable", "The Chief Constable"},
    {0},
};

/* clang-format off */
static const peel_field spend_fields[PEEL_SPEND_NFIELDS] = {
    [PEEL_SPEND_REF] = {.name = "ref", .label = "Reference", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_UNIQUE, .max = 80,
     .help = "The finance system's transaction or invoice reference"},
    [PEEL_SPEND_SPENDER] = {.name = "spender", .label = "Whose expenditure", .type = PEEL_F_ENUM,
     .flags = PEEL_REQUIRED, .options = spenders,
     .help = "The Order covers the PCC's and the Chief Constable's (Schedule para 3(g))"},
    [PEEL_SPEND_PAID_ON] = {.name = "paid_on", .label = "Paid on", .type = PEEL_F_DATE,
     .flags = PEEL_REQUIRED},
    [PEEL_SPEND_RECIPIENT] = {.name = "recipient", .label = "Recipient", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED, .max = 300, .help = "The recipient of the funds (the supplier)"},
    [PEEL_SPEND_AMOUNT] = {.name = "amount", .label = "Amount", .type = PEEL_F_MONEY,
     .flags = PEEL_REQUIRED, .min = 1, .max = 100000000000},
    [PEEL_SPEND_PURPOSE] = {.name = "purpose", .label = "Purpose", .type = PEEL_F_TEXT,
     .flags = PEEL_REQUIRED | PEEL_MULTILINE, .max = 2000},
    [PEEL_SPEND_VALUE_FOR_MONEY] = {.name = "value_for_money",
     .label = "Why good value for money", .type = PEEL_F_TEXT, .flags = PEEL_MULTILINE,
     .max = 2000, .help = "The reasons the body considered good value for money would be "
                          "obtained (a framework, a tender, quotes)"},
    [PEEL_SPEND_CATEGORY] = {.name = "category", .label = "Category", .type = PEEL_F_TEXT,
     .max = 200, .help = "The expense type, as the finance system names it"},
    [PEEL_SPEND_NOTE] = {.name = "note", .label = "Note", .type = PEEL_F_TEXT,
     .flags = PEEL_MULTILINE, .max = 2000},
    [PEEL_SPEND_PROVENANCE] = {.name = "provenance", .label = "Source", .type = PEEL_F_TEXT,
     .max = 500, .flags = PEEL_INTERNAL,
     .help = "Where this was taken from: the finance system's extract, its date"},
    [PEEL_SPEND_PUBLISH] = PEEL_FIELD_PUBLISHED,
};
/* clang-format on */

/* clang-format off */
const peel_type peel_type_spend = {
    .name = "spend",
    .label = "Item of expenditure",
    .plural = "Items of expenditure",
    .one = "an item of expenditure",
    .help = "A payment by the PCC or the Chief Constable other than a grant: those over £500 "
            "are published monthly (Specified Information Order, Schedule para 3(g))",
    .fields = spend_fields,
    .nfields = PEEL_NFIELDS(spend_fields),
    .key = "ref",
    .title = "ref",
    .summary = PEEL_SUMMARY(PEEL_SPEND_PAID_ON, PEEL_SPEND_RECIPIENT, PEEL_SPEND_AMOUNT),
    .order = &spend_fields[PEEL_SPEND_PAID_ON],
    .search = PEEL_SEARCH(PEEL_SPEND_REF, PEEL_SPEND_RECIPIENT, PEEL_SPEND_PURPOSE),
};
/* clang-format on */

/* ---- the view ---- */

void peel_spend_month_release(peel_spend_month *m)
{
    for (size_t i = 0; i < m->n; i++) {
        peel_spend_row *x = &m->v[i];
        free(x->ref);
        free(x->spender);
        free(x->recipient);
        free(x->purpose);
        free(x->value_for_money);
        free(x->category);
    }
    peel_vec_release(m);
    peel_grant_rows_release(&m->grants);
}

static int cmp(const void *a, const void *b)
{
    const peel_spend_row *x = a, *y = b;
    if (x->paid_on != y->paid_on)
        return x->paid_on < y->paid_on ? -1 : 1;
    return strcmp(x->ref, y->ref);
}

static const char *spender_label(const char *v)
{
    for (const peel_option *o = spenders; o->value; o++)
        if (!strcmp(o->value, v))
            return o->label;
    return v;
}

int peel_spend_of_month(peel_store *s, const peel_reader *rd, peel_month month,
                        peel_spend_month *out, peel_err *err)
{
    peel_records items = {0};
    int rc = -1;

    memset(out, 0, sizeof *out);
    out->month = month;
    out->due_after = peel_month_last_day(month);
    if (peel_grants_of_month(s, rd, month, &out->grants, err) < 0 ||
        peel_records_load(s, &peel_type_spend, &items, err) < 0)
        goto out;
    for (size_t i = 0; i < items.n; i++) {
        const peel_record *r = items.v[i];
        if (!peel_reader_record_visible(rd, r) || !peel_rec_has(r, PEEL_SPEND_PAID_ON) ||
            peel_month_of_date((peel_date)peel_rec_int(r, PEEL_SPEND_PAID_ON)) != month)
            continue;
        if (peel_rec_int(r, PEEL_SPEND_AMOUNT) <= PEEL_SPEND_THRESHOLD) {
            out->at_or_under++;
            continue;
        }
        peel_spend_row *x = peel_vec_push(out);
        if (!x) {
            peel_err_set(err, PEEL_ENOMEM, "out of memory listing the expenditure");
            goto out;
        }
        memset(x, 0, sizeof *x);
        x->id = r->id;
        x->paid_on = (peel_date)peel_rec_int(r, PEEL_SPEND_PAID_ON);
        x->amount = peel_rec_int(r, PEEL_SPEND_AMOUNT);
        x->ref = peel_strdup(peel_record_text_at(r, PEEL_SPEND_REF));
        x->spender = peel_strdup(spender_label(peel_record_text_at(r, PEEL_SPEND_SPENDER)));
        x->recipient = peel_strdup(peel_record_text_at(r, PEEL_SPEND_RECIPIENT));
        x->purpose = peel_strdup(peel_record_text_at(r, PEEL_SPEND_PURPOSE));
        x->value_for_money = peel_strdup(peel_record_text_at(r, PEEL_SPEND_VALUE_FOR_MONEY));
        x->category = peel_strdup(peel_record_text_at(r, PEEL_SPEND_CATEGORY));
        if (!x->ref || !x->spender || !x->recipient || !x->purpose || !x->value_for_money ||
            !x->category) {
            peel_err_set(err, PEEL_ENOMEM, "out of memory listing the expenditure");
            goto out;
        }
        out->total += x->amount;
    }
    if (out->n)
        qsort(out->v, out->n, sizeof *out->v, cmp);
    rc = 0;
out:
    peel_records_free(&items);
    if (rc < 0)
        peel_spend_month_release(out);
    return rc;
}

/* ---- one CSV for the month: both lists, a row each ---- */

#define SPEND_COLS 11
static const char *const spend_cols[SPEND_COLS] = {
    "list",       "reference", "date",    "recipient", "amount", "purpose",
    "conditions", "reasons",   "spender", "category",  "month"};

static void month_csv(const peel_spend_month *m, peel_buf *b)
{
    char month[8];
    peel_month_format(m->month, month);
    peel_csv_put_row(b, spend_cols, SPEND_COLS);
    for (size_t i = 0; i < m->grants.n; i++) {
        const peel_grant_row *g = &m->grants.v[i];
        char d[11], a[32];
        peel_date_format(g->awarded_on, d);
        peel_money_format_plain(g->amount, a);
        const char *cells[SPEND_COLS] = {"grant",    g->ref,        d,          g->recipient, a,
                                         g->purpose, g->conditions, g->reasons, "",           "",
                                         month};
        peel_csv_put_row(b, cells, SPEND_COLS);
    }
    for (size_t i = 0; i < m->n; i++) {
        const peel_spend_row *x = &m->v[i];
        char d[11], a[32];
        peel_date_format(x->paid_on, d);
        peel_money_format_plain(x->amount, a);
        const char *cells[SPEND_COLS] = {
            "expenditure",      x->ref,     d,           x->recipient, a, x->purpose, "",
            x->value_for_money, x->spender, x->category, month};
        peel_csv_put_row(b, cells, SPEND_COLS);
    }
}

/* ---- the command ---- */

static json_t *month_json(const peel_spend_month *m)
{
    char month[8], due[11];
    peel_month_format(m->month, month);
    peel_date_format(m->due_after, due);
    json_t *grants = json_array(), *items = json_array();
    for (size_t i = 0; grants && i < m->grants.n; i++) {
        const peel_grant_row *g = &m->grants.v[i];
        char d[11];
        peel_date_format(g->awarded_on, d);
        json_array_append_new(grants,
                              json_pack("{s:s, s:s, s:s, s:I, s:s, s:s, s:s}", "reference", g->ref,
                                        "awarded_on", d, "recipient", g->recipient, "amount_pence",
                                        (json_int_t)g->amount, "purpose", g->purpose, "conditions",
                                        g->conditions, "reasons", g->reasons));
    }
    for (size_t i = 0; items && i < m->n; i++) {
        const peel_spend_row *x = &m->v[i];
        char d[11];
        peel_date_format(x->paid_on, d);
        json_array_append_new(
            items, json_pack("{s:s, s:s, s:s, s:I, s:s, s:s, s:s, s:s}", "reference", x->ref,
                             "paid_on", d, "recipient", x->recipient, "amount_pence",
                             (json_int_t)x->amount, "purpose", x->purpose, "value_for_money",
                             x->value_for_money, "spender", x->spender, "category", x->category));
    }
    return json_pack("{s:s, s:s, s:s, s:o, s:I, s:I, s:o, s:I, s:I}", "view", "spend", "month",
                     month, "due_as_soon_as_practicable_after", due, "grants", grants,
                     "grants_total_pence", (json_int_t)m->grants.total, "grants_undated",
                     (json_int_t)m->grants.undated, "expenditure", items, "expenditure_total_pence",
                     (json_int_t)m->total, "at_or_under_500", (json_int_t)m->at_or_under);
}

int peel_cmd_commissioning_spend(peel_cli *cli, int argc, char **argv, peel_err *err)
{
    const char *month_s = NULL;
    enum peel_format format = PEEL_FORMAT_TABLE;
    const peel_opt opts[] = {
        PEEL_OPTION("--month", PEEL_OPT_STRING, &month_s, "the month, such as 2024-09"),
        PEEL_OPTION("--format", PEEL_OPT_FORMAT, &format, "table, csv or json"),
        PEEL_OPTION_END,
    };
    peel_month month;
    peel_spend_month m;
    int rc = 0;

    if (peel_cli_parse(argc, argv, opts, NULL, err) < 0)
        return -1;
    if (!month_s)
        return peel_err_set(err, PEEL_EINPUT, "commissioning spend: --month is required");
    if (peel_month_parse(month_s, strlen(month_s), &month, err) < 0) {
        peel_err_prefix(err, "commissioning spend: --month");
        return -1;
    }
    if (peel_spend_of_month(cli->store, cli->reader, month, &m, err) < 0)
        return -1;
    if (format == PEEL_FORMAT_JSON) {
        json_t *o = month_json(&m);
        char *text = o ? json_dumps(o, JSON_INDENT(2) | JSON_ENSURE_ASCII) : NULL;
        if (text)
            puts(text);
        else
            rc = -1;
        free(text);
        json_decref(o);
    } else if (format == PEEL_FORMAT_CSV) {
        peel_buf b;
        peel_buf_init(&b, 0);
        peel_cli_csv_begin(cli);
        month_csv(&m, &b);
        if (b.failed)
            rc = -1;
        else
            fwrite(b.data, 1, b.len, stdout);
        peel_buf_release(&b);
    } else {
        char ml[24], due[32], total[32];
        peel_month_format_long(month, ml);
        peel_date_format_long(m.due_after, due);
        printf("Published under the Specified Information Order for %s: due as soon as "
               "practicable after %s\n\n",
               ml, due);
        peel_money_format(m.grants.total, total);
        printf("Crime and disorder reduction grants made (para 3(f)): %zu, %s\n", m.grants.n,
               total);
        for (size_t i = 0; i < m.grants.n; i++) {
            char d[11], a[32];
            peel_date_format(m.grants.v[i].awarded_on, d);
            peel_money_format(m.grants.v[i].amount, a);
            printf("  %s  %s  %s  %s\n", d, m.grants.v[i].recipient, a, m.grants.v[i].purpose);
        }
        if (m.grants.undated)
            printf("  %lld award%s with no award date recorded: in no month\n",
                   (long long)m.grants.undated, m.grants.undated == 1 ? "" : "s");
        peel_money_format(m.total, total);
        printf("\nOther expenditure over £500 (para 3(g)): %zu, %s\n", m.n, total);
        peel_table *t = peel_table_new();
        if (!t) {
            peel_spend_month_release(&m);
            return peel_err_set(err, PEEL_ENOMEM, "out of memory");
        }
        static const char *const head[] = {"Paid on", "Recipient",      "Amount",
                                           "Purpose", "Why good value", "Whose"};
        for (size_t k = 0; k < 6; k++)
            peel_table_header(t, head[k]);
        peel_table_align_right(t, 2);
        for (size_t i = 0; i < m.n; i++) {
            char d[11], a[32];
            peel_date_format(m.v[i].paid_on, d);
            peel_money_format(m.v[i].amount, a);
            peel_table_row_begin(t);
            peel_table_cell(t, d);
            peel_table_cell(t, m.v[i].recipient);
            peel_table_cell(t, a);
            peel_table_cell(t, m.v[i].purpose);
            peel_table_cell(t, m.v[i].value_for_money);
            peel_table_cell(t, m.v[i].spender);
        }
        if (m.n)
            peel_table_print(t, stdout);
        else
            printf("  No item of expenditure over £500 is recorded for the month.\n");
        peel_table_free(t);
        if (m.at_or_under)
            printf("  %lld item%s of £500 or less in the month, not listed\n",
                   (long long)m.at_or_under, m.at_or_under == 1 ? "" : "s");
    }
    peel_spend_month_release(&m);
    if (rc < 0)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory writing the month");
    return 0;
}

/* ---- the pages ---- */

static bool month_param(peel_req *r, peel_month *month)
{
    static const char *const args[] = {"month", NULL};
    peel_params_allowed(r, args);
    /* default: the last whole month, the one due for publication */
    peel_param_month(r, "month", "Month", peel_month_of_date(peel_clock_today()) - 1, month);
    return !r->nproblems;
}

int peel_page_commissioning_spend(peel_req *r, const peel_str *p, peel_err *err)
{
    peel_month month;
    peel_spend_month m = {0};
    char mf[8], ml[24], due[32], total[32];
    (void)p;

    bool ok = month_param(r, &month);
    if (ok && peel_spend_of_month(r->store, peel_req_reader(r), month, &m, err) < 0)
        return -1;
    peel_page_begin(r,
                    ok ? "Grants and spending over £500" : "Error: Grants and spending over £500");
    peel_page_error_summary(r, r->problems, r->nproblems);
    peel_month_format(month, mf);
    peel_month_format_long(month, ml);
    peel_html_lit(&r->out,
                  "<h1 class=\"heading-l\">Grants and spending over £500</h1>\n<p class=\"body\">"
                  "Each month the Elected Local Policing Bodies (Specified Information) Order "
                  "2011 asks for the crime and disorder reduction grants made and every other "
                  "item of expenditure over £500, with its recipient, purpose and why it was "
                  "good value for money, as soon as practicable after the month ends.</p>\n"
                  "<form class=\"filters\" method=\"get\" action=\"/commissioning/spend\">"
                  "<fieldset><legend class=\"visually-hidden\">The month</legend>\n");
    peel_page_param_input(r, "month", "Month", "For example 2024-09", mf);
    peel_html_lit(&r->out, "</fieldset><button class=\"button button--secondary\">Show</button>"
                           "</form>\n");
    if (ok) {
        peel_date_format_long(m.due_after, due);
        peel_html(&r->out,
                  "<p class=\"body\" id=\"spend-due\">%s: due as soon as practicable after %s. "
                  "<a href=\"/commissioning/spend.csv?month=%q\">Download as CSV</a></p>\n",
                  ml, due, mf);
        peel_money_format(m.grants.total, total);
        peel_html(&r->out,
                  "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"Grants "
                  "made\"><table id=\"spend-grants\">\n<caption class=\"heading-s\">Grants made "
                  "in %s: %lld, %s in all</caption>\n<thead><tr><th scope=\"col\">Recipient</th>"
                  "<th scope=\"col\">Awarded on</th><th scope=\"col\" class=\"num\">Amount</th>"
                  "<th scope=\"col\">Purpose</th><th scope=\"col\">Conditions</th>"
                  "<th scope=\"col\">Why it reduces crime</th></tr></thead>\n<tbody>\n",
                  ml, (long long)m.grants.n, total);
        for (size_t i = 0; i < m.grants.n; i++) {
            const peel_grant_row *g = &m.grants.v[i];
            char d[11], a[32];
            peel_date_format(g->awarded_on, d);
            peel_money_format(g->amount, a);
            peel_html(&r->out,
                      "<tr><th scope=\"row\">%s</th><td>%s</td><td class=\"num\">%s</td>"
                      "<td>%s</td><td>%s</td><td>%s</td></tr>\n",
                      *g->recipient ? g->recipient : g->ref, d, a,
                      *g->purpose ? g->purpose : "Not recorded",
                      *g->conditions ? g->conditions : "Not recorded",
                      *g->reasons ? g->reasons : "Not recorded");
        }
        if (!m.grants.n)
            peel_html_lit(&r->out, "<tr><td colspan=\"6\">No grant is recorded as made in the "
                                   "month.</td></tr>\n");
        peel_html_lit(&r->out, "</tbody></table></div>\n");
        if (m.grants.undated)
            peel_html(&r->out,
                      "<p class=\"hint\">%lld award%s no award date recorded, so %s in no "
                      "month.</p>\n",
                      (long long)m.grants.undated, m.grants.undated == 1 ? " has" : "s have",
                      m.grants.undated == 1 ? "it is" : "they are");
        peel_money_format(m.total, total);
        peel_html(&r->out,
                  "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"Other "
                  "expenditure over £500\"><table id=\"spend-items\">\n<caption "
                  "class=\"heading-s\">Other expenditure over £500 in %s: %lld, %s in all"
                  "</caption>\n<thead><tr><th scope=\"col\">Recipient</th>"
                  "<th scope=\"col\">Paid on</th><th scope=\"col\" class=\"num\">Amount</th>"
                  "<th scope=\"col\">Purpose</th><th scope=\"col\">Why good value for money</th>"
                  "<th scope=\"col\">Whose</th></tr></thead>\n<tbody>\n",
                  ml, (long long)m.n, total);
        for (size_t i = 0; i < m.n; i++) {
            const peel_spend_row *x = &m.v[i];
            char d[11], a[32];
            peel_date_format(x->paid_on, d);
            peel_money_format(x->amount, a);
            peel_html(&r->out,
                      "<tr><th scope=\"row\">%s</th><td>%s</td><td class=\"num\">%s</td>"
                      "<td>%s</td><td>%s</td><td>%s</td></tr>\n",
                      x->recipient, d, a, x->purpose,
                      *x->value_for_money ? x->value_for_money : "Not recorded", x->spender);
        }
        if (!m.n)
            peel_html_lit(&r->out, "<tr><td colspan=\"6\">No item of expenditure over £500 is "
                                   "recorded for the month.</td></tr>\n");
        peel_html_lit(&r->out, "</tbody></table></div>\n");
        if (m.at_or_under)
            peel_html(&r->out, "<p class=\"hint\">%lld item%s of £500 or less, not listed.</p>\n",
                      (long long)m.at_or_under, m.at_or_under == 1 ? "" : "s");
    }
    peel_spend_month_release(&m);
    peel_page_end(r);
    return peel_req_html_page(r, ok ? 200 : 400);
}

int peel_page_commissioning_spend_csv(peel_req *r, const peel_str *p, peel_err *err)
{
    peel_month month;
    peel_spend_month m;
    char mf[8];
    (void)p;
    if (!month_param(r, &month))
        return peel_req_error(r, 400, "invalid", r->problems[0].name, "%s", r->problems[0].msg);
    if (peel_spend_of_month(r->store, peel_req_reader(r), month, &m, err) < 0)
        return -1;
    peel_buf_puts(&r->out, PEEL_CSV_BOM);
    month_csv(&m, &r->out);
    peel_spend_month_release(&m);
    if (r->out.failed) {
        peel_buf_reset(&r->out);
        return peel_req_error(r, 500, "internal", NULL, "the download is too large");
    }
    peel_month_format(month, mf);
    peel_req_add_header(r, "Content-Disposition",
                        peel_pool_printf(r->pool, "attachment; filename=\"spend-%s.csv\"", mf));
    r->status = 200;
    r->ctype = "text/csv; charset=utf-8";
    r->answered = true;
    return 0;
}
