/* npa_view.h - the neighbourhood policing areas (NPAs) as a reader sees
 * them: for each NPA its district, its establishment (the latest record of
 * each role, allocated, funded and actual kept apart), its abstraction rate
 * over a period (hours given to deployments over the hours available, from
 * deployment_npa and available_hours), its engagements in the period, and
 * its street crime in the last 12 months against the 12 before (the crime
 * engine's count by NPA).  The rules are in docs/METHODS.md, "Abstraction
 * rate per NPA".  Built from the records the reader may open only: a record
 * it may not open is never named or counted.
 *
 * Ownership: a peel_npa_list owns its NPAs and their rows
 * (peel_npa_list_release); every text is a copy.
 */
#ifndef PEEL_NEIGHBOURHOOD_NPA_VIEW_H
#define PEEL_NEIGHBOURHOOD_NPA_VIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "core/date.h"
#include "core/err.h"
#include "model/reader.h"
#include "store/store.h"

/* Available hours under this are too small a base for a rate. */
#define PEEL_NPA_MIN_AVAILABLE 100
/* A crime count under this is too small a base for a change. */
#define PEEL_NPA_MIN_CRIME_BASE 10

/* The latest establishment record of a role in the NPA. */
enum { PEEL_NPA_ALLOCATED, PEEL_NPA_FUNDED, PEEL_NPA_ACTUAL, PEEL_NPA_REPORTED, PEEL_NPA_MEASURES };

typedef struct peel_npa_est {
    const char *role; /* the role's label (static) */
    char ref[61];
    char when[40]; /* "2024", or "as reported September 2024" */
    int sort;      /* the record's time as a month, for the latest */
    bool has[PEEL_NPA_MEASURES];
    int64_t v[PEEL_NPA_MEASURES];
} peel_npa_est;

/* A deployment the NPA gave hours to in the period (or undated). */
typedef struct peel_npa_dep {
    int64_t id; /* the deployment's */
    char ref[61], name[301];
    char date[11]; /* "" when the deployment has no date */
    int64_t officers, hours;
    bool in_rate; /* its month holds available hours for the NPA */
} peel_npa_dep;

typedef struct peel_npa_rate {
    int months;                    /* of the period */
    int months_held;               /* of them, holding available hours for the NPA */
    int64_t abstracted, available; /* hours in the months held */
    int64_t outside_hours;         /* given in months with no available hours, or undated */
    size_t outside;                /* how many of deps are not in the rate */
    bool has_pct;                  /* a rate is given */
    int64_t pct10;                 /* tenths of a percent */
    char why[160];                 /* when no rate: why, for people */
    struct {
        peel_npa_dep *v; /* in date order, undated last */
        size_t n, cap;   /* a core/vec.h vector */
    } deps;
} peel_npa_rate;

typedef struct peel_npa_eng {
    int64_t id;
    char ref[61], title[301];
    char date[11];
} peel_npa_eng;

typedef struct peel_npa_crime_period {
    peel_month from, to;
    int months_held; /* of its 12 months, holding street data */
    int64_t crimes;  /* in those months */
} peel_npa_crime_period;

typedef struct peel_npa_crime {
    bool have;      /* counted: the NPA is in the crime data and there is data */
    char note[200]; /* when not counted, why; else "" */
    peel_npa_crime_period now, before;
    bool has_pct;
    int64_t pct10; /* change on the 12 before, tenths of a percent */
    char why[160]; /* when no change: why */
} peel_npa_crime;

typedef struct peel_npa {
    int64_t id;
    char code[33], name[201];
    char district_code[33], district[201]; /* "" when none the reader may open */
    struct {
        peel_npa_est *v; /* in role order */
        size_t n, cap;
    } est;
    peel_npa_rate rate;
    struct {
        peel_npa_eng *v; /* in date order */
        size_t n, cap;
    } eng;
    peel_npa_crime crime;
} peel_npa;

typedef struct peel_npa_list {
    peel_month from, to; /* the period of the rate and the engagements */
    peel_npa *v;
    size_t n, cap; /* a core/vec.h vector, in code order */
} peel_npa_list;

void peel_npa_list_release(peel_npa_list *l);

/* Every NPA rd may open (code NULL), or the one with that code (an input
 * error naming it when there is none rd may open), over [from, to]; with
 * from and to 0 the 12 months to the latest month with available hours rd
 * may open (or to this month when none is held); with one given, the 12
 * months from or to it.  Crime: the 12 months to `to` when to is given,
 * else to the latest month with street data, and the 12 before. */
int peel_npa_list_of(peel_store *s, const peel_reader *rd, const char *code, peel_month from,
                     peel_month to, peel_npa_list *out, peel_err *err);

/* The rate's text for people: "12.3%", or why there is none.  out needs 200 bytes. */
const char *peel_npa_rate_text(const peel_npa_rate *r, char out[static 200]);
/* The crime change's text: "+12.5%", or why there is none.  out needs 200 bytes. */
const char *peel_npa_crime_change_text(const peel_npa_crime *c, char out[static 200]);

#endif
