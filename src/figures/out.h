/* out.h - a computed figure as the command and the web give it out: the
 * columns key, label, paper, period, printed, computed, status, why, in one
 * place so that the table, CSV, JSON and the page agree.
 *
 * Ownership: peel_fline_json returns a new reference the caller owns.
 */
#ifndef PEEL_FIGURES_OUT_H
#define PEEL_FIGURES_OUT_H

#include <jansson.h>

#include "figures/compute.h"

#define PEEL_FIGURE_NCOLS 8
extern const char *const peel_figure_cols[PEEL_FIGURE_NCOLS];

/* The line's cells in peel_figure_cols order; period needs 80 bytes. */
void peel_fline_cells(const peel_fline *l, char period[80], const char *cells[PEEL_FIGURE_NCOLS]);

/* {"key", "label", "paper", "place", "period", "printed", "computed",
 *  "status", "why", "unit", "rag", "computed_from": {...}} or NULL when out
 * of memory. */
json_t *peel_fline_json(const peel_fline *l);

#endif
