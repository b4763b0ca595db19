/* outcome_join.h - each street crime's latest outcome, by Crime ID, with no
 * database in sight (docs/METHODS.md, "Outcomes").
 *
 * The caller adds the street crimes of a period (police.uk's 32-byte Crime
 * ID, the crime's month and its street file's last outcome category), then
 * the outcomes files' rows; each crime takes the outcome of the latest
 * month no earlier than its own (on a tie, the row added with the larger
 * row number), or keeps its street category.  The same ID in two months of
 * street files is two crimes, each matched.
 *
 * Ownership: a peel_crime_join owns its table (peel_crime_join_release
 * frees it); peel_crime_join_counts returns an array the caller frees.
 */
#ifndef PEEL_CRIME_OUTCOME_JOIN_H
#define PEEL_CRIME_OUTCOME_JOIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/err.h"

typedef struct peel_crime_join_slot peel_crime_join_slot;
typedef struct peel_crime_join {
    peel_crime_join_slot *v; /* open addressing by Crime ID */
    size_t cap, n;           /* n: crimes held */
} peel_crime_join;

void peel_crime_join_init(peel_crime_join *j);
void peel_crime_join_release(peel_crime_join *j);
/* A street crime: -1 (err set) when out of memory.  Adding the same (id,
 * month) twice keeps one crime with the later street outcome. */
int peel_crime_join_crime(peel_crime_join *j, const unsigned char id[32], peel_month month,
                          int64_t street_outcome, peel_err *err);
/* An outcomes row of month (row: its order of import). */
void peel_crime_join_outcome(peel_crime_join *j, const unsigned char id[32], peel_month month,
                             int64_t row, int64_t outcome);
/* Crimes by outcome id: *by_id[k] crimes have outcome id k, for k in
 * [0, *n); *joined of them took theirs from an outcomes row. */
int peel_crime_join_counts(const peel_crime_join *j, int64_t **by_id, size_t *n, int64_t *joined,
                           peel_err *err);

#endif
