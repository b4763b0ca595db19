/* outcome_join.c - the latest outcome of each street crime by Crime ID
 * (outcome_join.h): a hash of (Crime ID, month) with the outcome so far.
 * The IDs are SHA-256 digests, so their first eight bytes are the hash.
 */
#include "crime/outcome_join.h"

#include <stdlib.h>
#include <string.h>

struct peel_crime_join_slot {
    unsigned char id[32];
    peel_month crime_month; /* the same ID can come in several months: one slot each */
    bool used, joined;
    peel_month month;        /* of the latest outcome */
    int64_t outcome_id, row; /* street outcome, or the outcomes row's when joined */
};

void peel_crime_join_init(peel_crime_join *j)
{
    *j = (peel_crime_join){0};
}

void peel_crime_join_release(peel_crime_join *j)
{
    free(j->v);
    *j = (peel_crime_join){0};
}

static uint64_t id_hash(const unsigned char *id)
{
    uint64_t h;
    memcpy(&h, id, 8);
    return h;
}

static int grow(peel_crime_join *j)
{
    size_t cap = j->cap ? j->cap * 2 : 4096;
    peel_crime_join_slot *v = calloc(cap, sizeof *v);
    if (!v)
        return -1;
    for (size_t i = 0; i < j->cap; i++) {
        if (!j->v[i].used)
            continue;
        size_t k = id_hash(j->v[i].id) & (cap - 1);
        while (v[k].used)
            k = (k + 1) & (cap - 1);
        v[k] = j->v[i];
    }
    free(j->v);
    j->v = v;
    j->cap = cap;
    return 0;
}

int peel_crime_join_crime(peel_crime_join *j, const unsigned char id[32], peel_month month,
                          int64_t street_outcome, peel_err *err)
{
    if ((j->n + 1) * 2 > j->cap && grow(j) < 0)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    for (size_t i = id_hash(id) & (j->cap - 1);; i = (i + 1) & (j->cap - 1)) {
        peel_crime_join_slot *c = &j->v[i];
        if (!c->used) {
            *c = (peel_crime_join_slot){.used = true, .crime_month = month, .month = -1};
            memcpy(c->id, id, 32);
            j->n++;
        } else if (c->crime_month != month || memcmp(c->id, id, 32)) {
            continue;
        }
        c->outcome_id = street_outcome;
        return 0;
    }
}

void peel_crime_join_outcome(peel_crime_join *j, const unsigned char id[32], peel_month month,
                             int64_t row, int64_t outcome)
{
    if (!j->cap)
        return;
    for (size_t i = id_hash(id) & (j->cap - 1); j->v[i].used; i = (i + 1) & (j->cap - 1)) {
        peel_crime_join_slot *c = &j->v[i];
        if (c->crime_month > month || memcmp(c->id, id, 32))
            continue;
        if (!c->joined || month > c->month || (month == c->month && row > c->row)) {
            c->joined = true;
            c->month = month;
            c->row = row;
            c->outcome_id = outcome;
        }
    }
}

int peel_crime_join_counts(const peel_crime_join *j, int64_t **by_id, size_t *n, int64_t *joined,
                           peel_err *err)
{
    int64_t max = 0;
    *by_id = NULL;
    *n = 0;
    *joined = 0;
    for (size_t i = 0; i < j->cap; i++)
        if (j->v[i].used && j->v[i].outcome_id > max)
            max = j->v[i].outcome_id;
    int64_t *v = calloc((size_t)max + 1, sizeof *v);
    if (!v)
        return peel_err_set(err, PEEL_ENOMEM, "out of memory");
    for (size_t i = 0; i < j->cap; i++) {
        if (!j->v[i].used)
            continue;
        if (j->v[i].joined)
            ++*joined;
        if (j->v[i].outcome_id >= 0)
            v[j->v[i].outcome_id]++;
    }
    *by_id = v;
    *n = (size_t)max + 1;
    return 0;
}
