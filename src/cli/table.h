/* table.h - plain-text tables for the terminal: columns sized to their
 * content (capped), fitted to the terminal's width by wrapping cells, or
 * shortened with "..." when not on a terminal.  The table owns copies
 * of every cell. */
#ifndef PEEL_CLI_TABLE_H
#define PEEL_CLI_TABLE_H

#include <stddef.h>
#include <stdio.h>

typedef struct peel_table peel_table;

peel_table *peel_table_new(void);
void peel_table_free(peel_table *t);
void peel_table_header(peel_table *t, const char *name);
/* Numbers: column col (0-based) is aligned to the right. */
void peel_table_align_right(peel_table *t, size_t col);
void peel_table_row_begin(peel_table *t);
void peel_table_cell(peel_table *t, const char *text);
void peel_table_cellf(peel_table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
size_t peel_table_rows(const peel_table *t);
/* Prints the table to fit the terminal's width ($COLUMNS, else out's when
 * it is a terminal); not on a terminal, long cells are shortened. */
void peel_table_print(const peel_table *t, FILE *out);
/* The same within limit characters (cells wrap); 0: no limit. */
void peel_table_print_width(const peel_table *t, FILE *out, size_t limit);

#endif
