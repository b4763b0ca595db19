/* table.h - plain-text tables for the terminal: columns sized to their
 * content (capped), long cells shortened with "...".  The table owns copies
 * of every cell. */
#ifndef PEEL_CLI_TABLE_H
#define PEEL_CLI_TABLE_H

#include <stddef.h>
#include <stdio.h>

typedef struct peel_table peel_table;

peel_table *peel_table_new(void);
void peel_table_free(peel_table *t);
void peel_table_header(peel_table *t, const char *name);
void peel_table_row_begin(peel_table *t);
void peel_table_cell(peel_table *t, const char *text);
void peel_table_cellf(peel_table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
size_t peel_table_rows(const peel_table *t);
void peel_table_print(const peel_table *t, FILE *out);

#endif
