/* demo.h - the demonstration data: LLR as the Panel's papers describe it.
 * Each demo/TYPE.csv is compiled in (cmake/embed.cmake) and loaded with the
 * ordinary CSV import, keyed, so loading twice changes nothing. */
#ifndef PEEL_DOMAIN_DEMO_H
#define PEEL_DOMAIN_DEMO_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct peel_store;

struct peel_demo_file {
    const char *name; /* the record type */
    const char *data;
    size_t len;
};

extern const struct peel_demo_file peel_demo_files[];

typedef struct peel_demo_result {
    int64_t created, updated, unchanged;
} peel_demo_result;

int peel_demo_load(struct peel_store *s, const char *user, peel_demo_result *res, peel_err *err);

#endif
