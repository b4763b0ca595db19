/* view.h - a view of the oversight concern as a table of text cells, and
 * its writers: a terminal table, CSV or JSON for `peel oversight`, an HTML
 * table for /oversight pages.  custody.c and scrutiny.c build their views
 * as these tables for a reader; the writers print what they are given and
 * decide nothing about who may see it.
 *
 * Ownership: a table owns its cells (peel_ovs_table_release frees them);
 * id, caption and the column arrays are the caller's, static.
 */
#ifndef PEEL_OVERSIGHT_VIEW_H
#define PEEL_OVERSIGHT_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "cli/cli.h"
#include "core/err.h"
#include "web/http.h"

typedef struct peel_ovs_table {
    const char *id;           /* "custody-rota": the HTML id and the JSON view's name */
    char caption[200];        /* what the table shows, for people */
    const char *const *heads; /* column headings, for people */
    const char *const *keys;  /* column names in CSV and JSON */
    size_t ncols;             /* of heads and keys */
    unsigned num; /* bit i set: column i is a whole number (right aligned, JSON number) */
    char **cells; /* nrows * ncols, each owned */
    size_t nrows, cap;
    bool failed; /* out of memory while adding a row */
} peel_ovs_table;

/* Adds a row of ncols cells (each copied; NULL reads as ""). */
void peel_ovs_add(peel_ovs_table *t, const char *const *cells);
void peel_ovs_table_release(peel_ovs_table *t);
const char *peel_ovs_cell(const peel_ovs_table *t, size_t row, size_t col);

/* Writes tables to standard output in the command's format: a titled
 * terminal table each, CSV (a blank line between tables, each with its
 * header row) or one JSON object {"view": name, "tables": [{id, caption,
 * rows: [{key: value}]}]} with numbers as numbers.  -1 with err set when
 * out of memory. */
int peel_ovs_print(const peel_cli *cli, enum peel_format format, const char *view,
                   const peel_ovs_table *const *tables, size_t n, peel_err *err);

/* The table as HTML into the page, with a caption and a header row; empty
 * says what an empty table means ("No gaps in the weeks shown"). */
void peel_ovs_html(peel_req *r, const peel_ovs_table *t, const char *empty);

/* " (from the records peel publishes)" for the public, the Panel's words
 * for the Panel, "" for staff: what a view's title adds. */
const char *peel_ovs_reader_note(const peel_reader *rd);

#endif
