/* ovrows.h - the rows the complaint-review and FOI views are made of
 * (complaints.c, foi.c), and their three outputs: the command's table, CSV
 * or JSON, and the web page's table.
 *
 * A row is a section ("Received"), an item in it ("From 2024-07-01 to
 * 2024-08-31"; "" for the section's total), a value as text ("27", "26.5",
 * "2025-01-10") and a note ("" when none).
 *
 * Ownership: a peel_ov_rows owns its rows and their strings
 * (peel_ov_rows_release frees them).
 */
#ifndef PEEL_OVERSIGHT_OVROWS_H
#define PEEL_OVERSIGHT_OVROWS_H

#include <stddef.h>

#include "cli/cli.h"
#include "core/date.h"
#include "core/err.h"
#include "web/http.h"

typedef struct peel_ov_row {
    char *section, *item, *value, *note;
} peel_ov_row;

typedef struct peel_ov_rows {
    peel_ov_row *v;
    size_t n, cap; /* a core/vec.h vector */
} peel_ov_rows;

/* Adds a row, value formatted with fmt; -1 with err set when out of memory. */
int peel_ov_add(peel_ov_rows *rows, const char *section, const char *item, const char *note,
                peel_err *err, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void peel_ov_rows_release(peel_ov_rows *rows);

/* The rows on standard output as format asks: a table under title, CSV
 * (section,item,value,note) or JSON {"view": view, "from", "to", "rows"}. */
int peel_ov_rows_print(const peel_cli *cli, enum peel_format format, const peel_ov_rows *rows,
                       const char *title, const char *view, const char *from, const char *to,
                       peel_err *err);

/* The rows as an HTML table with id and caption, into r->out. */
void peel_ov_rows_html(peel_req *r, const char *id, const char *caption, const peel_ov_rows *rows);

/* A view of a period (from..to, by default this financial year to today)
 * shown as rows: complaint reviews, FOI requests.  One declaration drives
 * both its `peel oversight NAME` command and its page. */
typedef int (*peel_ov_view_fn)(peel_store *s, const peel_reader *rd, peel_date from, peel_date to,
                               peel_ov_rows *out, peel_err *err);
typedef struct peel_ov_period_view {
    const char *name;    /* "complaints": the subcommand and the JSON view */
    const char *id;      /* "complaint-reviews": the HTML table's id */
    const char *heading; /* "Complaint reviews": the page's title, the table's caption */
    const char *intro;   /* the page's introduction, HTML (a literal) */
    const char *path;    /* "/oversight/complaints" */
    const char *example_from, *example_to;
    peel_ov_view_fn view;
} peel_ov_period_view;

/* argv[0] is the subcommand: --from, --to, --format. */
int peel_ov_period_cmd(peel_cli *cli, int argc, char **argv, const peel_ov_period_view *v,
                       peel_err *err);
/* ?from=&to=, each error named beside its field (400). */
int peel_ov_period_page(peel_req *r, const peel_ov_period_view *v, peel_err *err);

/* " (from the records peel publishes)" and the like for the reader. */
const char *peel_ov_reader_note(const peel_reader *rd);

#endif
